//! Shared by the tests that run real `zicht serve` processes: start one, read its address, kill it with SIGKILL.

use std::io::BufRead;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub type R<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The longest any one step may take before the test gives up instead of
/// hanging (a guard against a dead server, not a timing assertion).
pub const PATIENCE: Duration = Duration::from_secs(60);

/// A running `zicht serve`.
pub struct Server {
    child: Child,
    pub addr: String,
    log: std::thread::JoinHandle<Vec<String>>,
}

/// Starts `zicht serve` on `dir` and port 0; the address comes from its log line.
pub fn serve(dir: &Path) -> R<Server> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zicht"))
        .arg("serve")
        .arg("--data")
        .arg(dir)
        .args(["--addr", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    let stderr = child.stderr.take().ok_or("no stderr")?;
    let (tx, rx) = std::sync::mpsc::channel();
    let log = std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if let Some(addr) = line.split("listening on http://").nth(1) {
                let _ = tx.send(addr.trim().to_string());
            }
            lines.push(line);
        }
        lines
    });
    match rx.recv_timeout(PATIENCE) {
        Ok(addr) => Ok(Server { child, addr, log }),
        Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            let lines = log.join().unwrap_or_default();
            Err(format!("zicht serve did not start:\n{}", lines.join("\n")).into())
        }
    }
}

impl Server {
    /// SIGKILL (what `Child::kill` sends on Unix); returns the server's log.
    pub fn kill_9(mut self) -> R<Vec<String>> {
        self.child.kill()?;
        let status = self.child.wait()?;
        assert_eq!(
            status.signal(),
            Some(9),
            "the server was not killed: {status}"
        );
        Ok(self.log.join().unwrap_or_default())
    }
}

/// Two data folders for two instances on the PostgreSQL database `db`: the
/// same load configuration with `database` naming it, the same master key
/// (copied beside the second folder), `counsellors` accounts made once.
pub fn two_folders(
    db: &zicht_store::testdb::TestDb,
    name: &str,
    conversations: usize,
    counsellors: usize,
) -> R<(std::path::PathBuf, std::path::PathBuf)> {
    let root =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let (a, b) = (root.join("a"), root.join("b"));
    let _ = std::fs::remove_dir_all(&root);
    let base = format!(
        "database = \"{}\"\n{}",
        db.url,
        zicht_server::config::DEFAULT_CONFIG
    );
    zicht_loadtest::prepare(&a, &base, conversations, counsellors)?;
    std::fs::create_dir_all(&b)?;
    std::fs::copy(a.join("zicht.toml"), b.join("zicht.toml"))?;
    std::fs::copy(
        zicht_store::vault::default_key_path(&a),
        zicht_store::vault::default_key_path(&b),
    )?;
    Ok((a, b))
}
