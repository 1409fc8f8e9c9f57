//! Shared tools of the Chromium tests: driver, browser windows, waits, screenshots and axe-core WCAG checks.
//!
//! Every browser test starts with [`Chromium::start`], which says why and
//! returns `None` when Debian's `chromium`/`chromium-driver` are missing
//! (an error instead when `ZICHT_REQUIRE_CHROMIUM` is set, as in CI).
//! A window is Chromium's headless shell (`chromium-headless-shell`, the same
//! engine without the browser's interface) when it is installed: the server's
//! Chromium tests took 236 s with it and 364 s with the full browser, back to
//! back on one 2-core machine. `ZICHT_FULL_CHROMIUM=1` takes the full browser.
//! [`axe`] runs axe-core (WCAG 2.0/2.1/2.2, levels A and AA) on the page as it
//! is now and fails with every violation listed; axe-core comes from the npm
//! package in `node_modules/` at the workspace root (`npm ci`, done by
//! `.ci/run`) or from the file named by `ZICHT_AXE_JS`.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::util::R;

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const DRIVER: &str = "/usr/bin/chromedriver";
/// Chromium's headless shell (Debian package `chromium-headless-shell`): the same Blink and
/// V8 without the browser's own interface, about half the processes and CPU of a window of
/// the full browser. Used when installed (as in CI); the full browser otherwise.
pub const HEADLESS_SHELL: &str = "/usr/lib/chromium/chromium-headless-shell";

/// A running chromedriver; killed on drop, with the browsers and profiles of its windows.
pub struct Chromium {
    child: Child,
    pub port: u16,
    profiles: std::sync::Mutex<Vec<PathBuf>>,
    /// The headless shells this driver's windows attached to (they outlive their sessions).
    shells: std::sync::Mutex<Vec<Child>>,
}

impl Drop for Chromium {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Ok(mut shells) = self.shells.lock() {
            for c in shells.iter_mut() {
                let _ = c.kill();
                let _ = c.wait();
            }
        }
        if let Ok(profiles) = self.profiles.lock() {
            for p in profiles.iter() {
                let _ = std::fs::remove_dir_all(p);
            }
        }
    }
}

/// Whether the windows are headless shells (`HEADLESS_SHELL` installed and not turned off
/// with `ZICHT_FULL_CHROMIUM`).
fn use_shell() -> bool {
    std::path::Path::new(HEADLESS_SHELL).exists()
        && std::env::var_os("ZICHT_FULL_CHROMIUM").is_none()
}

impl Chromium {
    /// Starts chromedriver on a free port, or `None` (test skipped) when Chromium is not installed.
    pub async fn start() -> R<Option<Chromium>> {
        if std::env::var_os("ZICHT_REQUIRE_CHROMIUM").is_some()
            && std::env::var_os("ZICHT_FULL_CHROMIUM").is_none()
            && !std::path::Path::new(HEADLESS_SHELL).exists()
        {
            return Err(format!(
                "ZICHT_REQUIRE_CHROMIUM is set but {HEADLESS_SHELL} is missing (Debian package \
                 chromium-headless-shell; or set ZICHT_FULL_CHROMIUM=1 for the full browser)"
            )
            .into());
        }
        if !std::path::Path::new(CHROMIUM).exists() || !std::path::Path::new(DRIVER).exists() {
            if std::env::var_os("ZICHT_REQUIRE_CHROMIUM").is_some() {
                return Err(format!(
                    "ZICHT_REQUIRE_CHROMIUM is set but {CHROMIUM} or {DRIVER} is missing"
                )
                .into());
            }
            println!(
                "SKIPPED: headless browser test needs {CHROMIUM} and {DRIVER} (Debian packages chromium, chromium-driver)"
            );
            return Ok(None);
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let child = Command::new(DRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let driver = Chromium {
            child,
            port,
            profiles: std::sync::Mutex::new(Vec::new()),
            shells: std::sync::Mutex::new(Vec::new()),
        };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(Some(driver));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err("chromedriver did not start".into())
    }

    /// A new headless window of `width` x `height` with its own empty profile and Dutch as language.
    pub async fn window(&self, name: &str, width: u32, height: u32) -> R<Client> {
        let profile =
            std::env::temp_dir().join(format!("zicht-chromium-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        if let Ok(mut profiles) = self.profiles.lock() {
            profiles.push(profile.clone());
        }
        let args = [
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            format!("--user-data-dir={}", profile.display()),
            format!("--window-size={width},{height}"),
            "--lang=nl-NL".into(),
            "--accept-lang=nl-NL".into(),
        ];
        let caps = if use_shell() {
            // chromedriver cannot start the shell itself (it opens no page without a URL,
            // and chromedriver gives none): start it here with a blank page and a debugging
            // port of its own choosing, and let chromedriver attach to it.
            let shell = Command::new(HEADLESS_SHELL)
                .args(&args)
                .args(["--remote-debugging-port=0", "about:blank"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()?;
            if let Ok(mut shells) = self.shells.lock() {
                shells.push(shell);
            }
            let port_file = profile.join("DevToolsActivePort");
            let mut port = None;
            for _ in 0..200 {
                if let Some(p) = std::fs::read_to_string(&port_file)
                    .ok()
                    .and_then(|s| s.lines().next().and_then(|l| l.trim().parse::<u16>().ok()))
                {
                    port = Some(p);
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            let Some(port) = port else {
                return Err(format!("{HEADLESS_SHELL} did not open its debugging port").into());
            };
            json!({
                "browserName": "chrome",
                "goog:chromeOptions": { "debuggerAddress": format!("127.0.0.1:{port}") }
            })
        } else {
            json!({
                "browserName": "chrome",
                "goog:chromeOptions": { "binary": CHROMIUM, "args": args }
            })
        };
        let serde_json::Value::Object(caps) = caps else {
            return Err("capabilities".into());
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await?;
        client.set_window_size(width, height).await?;
        if use_shell() {
            // The shell refuses downloads unless told (the full browser keeps them): allow
            // them into the window's profile, as a person's browser saves an export.
            let session = client.session_id().await?.ok_or("no WebDriver session")?;
            let body = json!({
                "cmd": "Browser.setDownloadBehavior",
                "params": {
                    "behavior": "allow",
                    "downloadPath": profile.join("downloads").display().to_string(),
                }
            });
            let (status, answer) = driver_post(
                self.port,
                &format!("/session/{session}/goog/cdp/execute"),
                &body.to_string(),
            )
            .await?;
            if status != 200 {
                return Err(format!("downloads not allowed: {status} {answer}").into());
            }
        }
        Ok(client)
    }
}

/// One POST to chromedriver on `port`: its status and body, read to the length it gives
/// (chromedriver keeps the connection open).
async fn driver_post(port: u16, path: &str, body: &str) -> R<(u16, String)> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await?;
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    let read = async {
        loop {
            let n = s.read(&mut buf).await?;
            if n == 0 {
                break;
            }
            raw.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&raw);
            if let Some((head, rest)) = text.split_once("\r\n\r\n") {
                let length = head.lines().find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse::<usize>().ok())?
                });
                if length.is_some_and(|n| rest.len() >= n) {
                    break;
                }
            }
        }
        Ok::<(), std::io::Error>(())
    };
    tokio::time::timeout(Duration::from_secs(20), read).await??;
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, rest) = text.split_once("\r\n\r\n").ok_or("no header end")?;
    let status = head.split(' ').nth(1).ok_or("no status")?.parse::<u16>()?;
    Ok((status, rest.to_string()))
}

/// Where screenshots go: `target/tmp/screenshots/`.
pub fn shots_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots")
}

/// Saves a screenshot as `shots_dir()/NAME.png`, and also in the folder `ZICHT_SHOTS_DIR`
/// names when it is set (for a person to look at the screens of a walk).
pub async fn shot(c: &Client, name: &str) -> R {
    let dir = shots_dir();
    std::fs::create_dir_all(&dir)?;
    let png = c.screenshot().await?;
    std::fs::write(dir.join(format!("{name}.png")), &png)?;
    if let Some(extra) = std::env::var_os("ZICHT_SHOTS_DIR") {
        let extra = PathBuf::from(extra);
        std::fs::create_dir_all(&extra)?;
        std::fs::write(extra.join(format!("{name}.png")), png)?;
    }
    Ok(())
}

/// Waits until the first element `css` holds `text` in its text content (hidden text too).
pub async fn has_text(c: &Client, css: &str, text: &str) -> R {
    wait_js(
        c,
        &format!(
            "var e = document.querySelector({}); return !!e && e.textContent.indexOf({}) >= 0",
            serde_json::to_string(css)?,
            serde_json::to_string(text)?
        ),
    )
    .await
}

/// The JavaScript value of `script` (a `return ...` body) as text.
pub async fn js_text(c: &Client, script: &str) -> R<String> {
    let v = c.execute(script, vec![]).await?;
    Ok(v.as_str()
        .map(str::to_string)
        .unwrap_or_else(|| v.to_string()))
}

/// Waits up to 20 s for an element matching `css`.
pub async fn wait_css(c: &Client, css: &str) -> R<fantoccini::elements::Element> {
    Ok(c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await?)
}

/// Waits up to 20 s for an element matching `css` whose text contains `text`.
pub async fn wait_text(c: &Client, css: &str, text: &str) -> R<fantoccini::elements::Element> {
    for _ in 0..200 {
        for e in c.find_all(Locator::Css(css)).await? {
            // (An element the page redrew meanwhile is looked for again in the next round.)
            if e.text().await.is_ok_and(|t| t.contains(text)) {
                return Ok(e);
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("no `{css}` with text `{text}`").into())
}

/// Clicks the button in the `css` element holding `text` (a queue row, an overview row),
/// finding the row again when the page redrew it between finding and clicking (the queue
/// refreshes on its own: a row found a moment ago can be gone, a stale element).
pub async fn click_button_in(c: &Client, css: &str, text: &str) -> R {
    let mut last = String::new();
    for _ in 0..50 {
        let row = wait_text(c, css, text).await?;
        match row.find(Locator::Css("button")).await {
            Ok(b) => match b.click().await {
                Ok(_) => return Ok(()),
                Err(e) => last = e.to_string(),
            },
            Err(e) => last = e.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("the button in `{css}` with `{text}` could not be clicked: {last}").into())
}

/// Waits up to 20 s until the JavaScript expression `script` (a `return ...` body) is true.
pub async fn wait_js(c: &Client, script: &str) -> R {
    for _ in 0..200 {
        if c.execute(script, vec![]).await?.as_bool() == Some(true) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("never true: {script}").into())
}

fn axe_source() -> R<Option<String>> {
    let path = match std::env::var_os("ZICHT_AXE_JS") {
        Some(p) => PathBuf::from(p),
        None => {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../node_modules/axe-core/axe.min.js")
        }
    };
    match std::fs::read_to_string(&path) {
        Ok(s) => Ok(Some(s)),
        Err(e) => {
            if std::env::var_os("ZICHT_REQUIRE_CHROMIUM").is_some() {
                Err(format!(
                    "axe-core not found at {} ({e}); run `npm ci` at the workspace root",
                    path.display()
                )
                .into())
            } else {
                println!(
                    "axe-core not found at {}: WCAG check skipped (run `npm ci`)",
                    path.display()
                );
                Ok(None)
            }
        }
    }
}

/// Runs axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules on the page as it is
/// now; fails naming `state` and every violation with its nodes.
pub async fn axe(c: &Client, state: &str) -> R {
    let Some(src) = axe_source()? else {
        return Ok(());
    };
    let loaded = c
        .execute("return typeof window.axe !== 'undefined'", vec![])
        .await?
        .as_bool()
        .unwrap_or(false);
    if !loaded {
        c.execute(&format!("{src}\n;return true;"), vec![]).await?;
    }
    let out = c
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}, resultTypes: ['violations']})
  .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' +
      v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\s+/g, ' ')).join(' | '))))
  .catch(e => done(['axe failed: ' + e]));"#,
            vec![],
        )
        .await?;
    let violations: Vec<String> = serde_json::from_value(out)?;
    if violations.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "axe-core, {state}: {} violation(s):\n{}",
            violations.len(),
            violations.join("\n")
        )
        .into())
    }
}
