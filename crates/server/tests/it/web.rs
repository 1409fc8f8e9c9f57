//! Shared tools of the Chromium tests: driver, browser windows, waits, screenshots and axe-core WCAG checks.
//!
//! Every browser test starts with [`Chromium::start`], which says why and
//! returns `None` when Debian's `chromium`/`chromium-driver` are missing
//! (an error instead when `ZICHT_REQUIRE_CHROMIUM` is set, as in CI).
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

/// A running chromedriver; killed on drop, with the profiles of its windows.
pub struct Chromium {
    child: Child,
    pub port: u16,
    profiles: std::sync::Mutex<Vec<PathBuf>>,
}

impl Drop for Chromium {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Ok(profiles) = self.profiles.lock() {
            for p in profiles.iter() {
                let _ = std::fs::remove_dir_all(p);
            }
        }
    }
}

impl Chromium {
    /// Starts chromedriver on a free port, or `None` (test skipped) when Chromium is not installed.
    pub async fn start() -> R<Option<Chromium>> {
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
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    format!("--user-data-dir={}", profile.display()),
                    format!("--window-size={width},{height}"),
                    "--lang=nl-NL",
                ]
            }
        });
        let serde_json::Value::Object(caps) = caps else {
            return Err("capabilities".into());
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await?;
        client.set_window_size(width, height).await?;
        Ok(client)
    }
}

/// Where screenshots go: `target/tmp/screenshots/`.
pub fn shots_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots")
}

/// Saves a screenshot as `shots_dir()/NAME.png`.
pub async fn shot(c: &Client, name: &str) -> R {
    let dir = shots_dir();
    std::fs::create_dir_all(&dir)?;
    let png = c.screenshot().await?;
    std::fs::write(dir.join(format!("{name}.png")), png)?;
    Ok(())
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
            if e.text().await?.contains(text) {
                return Ok(e);
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("no `{css}` with text `{text}`").into())
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
