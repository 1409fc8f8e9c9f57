//! End-to-end in headless Chromium: intake, queue, a counsellor answers in the console, quick exit.
//!
//! Needs Debian's `chromium` and `chromium-driver`; without them the test prints
//! why and passes as skipped (or fails, when `ZICHT_REQUIRE_CHROMIUM` is set, as in CI). Screenshots go to `target/tmp/screenshots/`.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use zicht_store::Role;

use crate::util::{R, start_with, test_config};

const CHROMIUM: &str = "/usr/bin/chromium";
const DRIVER: &str = "/usr/bin/chromedriver";

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> R<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

async fn browser(driver_port: u16, name: &str, width: u32, height: u32) -> R<Client> {
    let profile =
        std::env::temp_dir().join(format!("zicht-chromium-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
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
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await?;
    client.set_window_size(width, height).await?;
    Ok(client)
}

fn shots_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots")
}

async fn shot(c: &Client, name: &str) -> R {
    let dir = shots_dir();
    std::fs::create_dir_all(&dir)?;
    let png = c.screenshot().await?;
    std::fs::write(dir.join(format!("{name}.png")), png)?;
    Ok(())
}

async fn wait_css(c: &Client, css: &str) -> R<fantoccini::elements::Element> {
    Ok(c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await?)
}

async fn wait_text(c: &Client, css: &str, text: &str) -> R<fantoccini::elements::Element> {
    let xpath_text = text.replace('\'', "");
    for _ in 0..200 {
        for e in c.find_all(Locator::Css(css)).await? {
            if e.text().await?.contains(&xpath_text) {
                return Ok(e);
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("no `{css}` with text `{text}`").into())
}

async fn visible(c: &Client, id: &str) -> R<bool> {
    Ok(c.execute(
        &format!("return !document.getElementById('{id}').hidden"),
        vec![],
    )
    .await?
    .as_bool()
    .unwrap_or(false))
}

async fn wait_visible(c: &Client, id: &str) -> R {
    for _ in 0..200 {
        if visible(c, id).await? {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("#{id} never became visible").into())
}

/// A neutral site for the quick exit: a plain page on its own port.
async fn neutral_site() -> R<String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let router = axum::Router::new().route(
        "/",
        axum::routing::get(|| async {
            axum::response::Html("<!doctype html><title>Weer</title><h1>Het weer vandaag</h1>")
        }),
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    Ok(format!("http://{addr}/"))
}

#[tokio::test]
async fn intake_queue_chat_and_quick_exit_in_chromium() -> R {
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
        return Ok(());
    }
    let neutral = neutral_site().await?;
    let mut config = test_config()?;
    config.neutral_site = neutral.clone();
    let s = start_with("browser", config).await?;
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    let base = format!("http://{}", s.addr);

    let port = free_port()?;
    let _driver = Driver(
        Command::new(DRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?,
    );
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let visitor = browser(port, "visitor", 390, 844).await?;
    let counsellor = browser(port, "counsellor", 1400, 900).await?;
    let result = scenario(&visitor, &counsellor, &base, &neutral).await;
    let _ = visitor.close().await;
    let _ = counsellor.close().await;
    result?;
    println!("screenshots in {}", shots_dir().display());
    Ok(())
}

async fn scenario(visitor: &Client, counsellor: &Client, base: &str, neutral: &str) -> R {
    // Intake: age starts empty; the username is required.
    visitor.goto(&format!("{base}/chat/fier")).await?;
    wait_visible(visitor, "intake").await?;
    let age = visitor.find(Locator::Id("age")).await?;
    assert_eq!(age.prop("value").await?.as_deref(), Some(""));
    shot(visitor, "1-intake").await?;
    crate::web::axe(visitor, "visitor intake").await?;
    crate::web::axe(visitor, "visitor intake").await?;
    visitor
        .find(Locator::Css("#intake-form button[type=submit]"))
        .await?
        .click()
        .await?;
    let err = wait_text(visitor, "#username-error", "bijnaam").await?;
    assert!(!err.text().await?.is_empty());
    shot(visitor, "1b-intake-error").await?;
    visitor
        .find(Locator::Id("username"))
        .await?
        .send_keys("zonnebloem22")
        .await?;
    visitor
        .find(Locator::Css("input[name=gender][value=vrouw]"))
        .await?
        .click()
        .await?;
    visitor
        .find(Locator::Css("#intake-form button[type=submit]"))
        .await?
        .click()
        .await?;

    // Queue with a calm message and the place.
    wait_visible(visitor, "queue").await?;
    wait_text(visitor, "#position", "volgende").await?;
    shot(visitor, "2-queue").await?;

    // The counsellor logs in and takes the conversation.
    counsellor.goto(&format!("{base}/console")).await?;
    wait_css(counsellor, "#login-form").await?;
    counsellor
        .find(Locator::Id("name"))
        .await?
        .send_keys("anna")
        .await?;
    counsellor
        .find(Locator::Id("password"))
        .await?
        .send_keys("wachtwoord-anna-1")
        .await?;
    shot(counsellor, "3-login").await?;
    counsellor
        .find(Locator::Css("#login-form button[type=submit]"))
        .await?
        .click()
        .await?;
    let row = wait_text(counsellor, "#queue tr", "zonnebloem22").await?;
    assert!(row.text().await?.contains("fier"));
    shot(counsellor, "4-console-queue").await?;
    row.find(Locator::Css("button")).await?.click().await?;
    wait_visible(counsellor, "conversation").await?;

    // They talk.
    wait_visible(visitor, "chat").await?;
    visitor
        .find(Locator::Id("text"))
        .await?
        .send_keys("Hoi, ik weet niet of ik hier goed ben.")
        .await?;
    visitor
        .find(Locator::Css("#send-form button[type=submit]"))
        .await?
        .click()
        .await?;
    wait_text(visitor, "#messages li.msg.me:not(.pending)", "goed ben").await?;
    wait_text(counsellor, "#transcript li.msg.them", "goed ben").await?;
    counsellor
        .find(Locator::Id("reply"))
        .await?
        .send_keys("Hoi, fijn dat je er bent. Je bent hier goed.")
        .await?;
    counsellor
        .find(Locator::Css("#reply-form button[type=submit]"))
        .await?
        .click()
        .await?;
    wait_text(visitor, "#messages li.msg.them", "fijn dat je er bent").await?;
    shot(visitor, "5-chat").await?;

    // The page reloads (a locked phone, a refresh): the chat comes back from sessionStorage.
    visitor.refresh().await?;
    wait_visible(visitor, "chat").await?;
    let items = {
        wait_text(visitor, "#messages li.msg.them", "fijn dat je er bent").await?;
        visitor
            .find_all(Locator::Css("#messages li.msg"))
            .await?
            .len()
    };
    assert_eq!(items, 2, "resume after reload shows each message once");

    // English.
    visitor.find(Locator::Id("lang")).await?.click().await?;
    wait_text(visitor, "#exit", "Leave now").await?;
    wait_text(visitor, "#status", "A counsellor is here").await?;
    wait_text(visitor, "#messages li.msg.me .meta", "sent").await?;
    shot(visitor, "6-chat-en").await?;
    visitor.find(Locator::Id("lang")).await?.click().await?;

    // Registration in the console.
    counsellor
        .find(Locator::Css("input[name=trafficking][value=yes]"))
        .await?
        .click()
        .await?;
    counsellor
        .find(Locator::Css("input[name=first_time][value=no]"))
        .await?
        .click()
        .await?;
    counsellor
        .find(Locator::Css("input[name=referral][value=csg]"))
        .await?
        .click()
        .await?;
    counsellor
        .find(Locator::Id("notes"))
        .await?
        .send_keys("Wil later terugkomen.")
        .await?;
    counsellor
        .find(Locator::Css("#reg-form button[type=submit]"))
        .await?
        .click()
        .await?;
    wait_text(counsellor, "#reg-status", "Opgeslagen").await?;
    counsellor.execute("window.scrollTo(0, 0)", vec![]).await?;
    shot(counsellor, "7-console-chat").await?;

    // Quick exit with Shift three times: storage cleared, history entry replaced.
    let stored = visitor
        .execute("return sessionStorage.length", vec![])
        .await?;
    assert!(
        stored.as_u64().unwrap_or(0) > 0,
        "the token should be in sessionStorage"
    );
    let mut keys = KeyActions::new("keyboard".to_string());
    for _ in 0..3 {
        keys = keys
            .then(KeyAction::Down {
                value: char::from(Key::Shift),
            })
            .then(KeyAction::Up {
                value: char::from(Key::Shift),
            });
    }
    visitor.perform_actions(keys).await?;
    for _ in 0..100 {
        if visitor.current_url().await?.as_str() == neutral {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(visitor.current_url().await?.as_str(), neutral);
    shot(visitor, "8-after-quick-exit").await?;
    visitor.back().await?;
    let back = visitor.current_url().await?;
    assert!(
        !back.as_str().contains("/chat/"),
        "back returns to the chat: {back}"
    );
    // The chat page again: nothing to resume, a fresh intake.
    visitor.goto(&format!("{base}/chat/fier")).await?;
    wait_visible(visitor, "intake").await?;
    assert_eq!(
        visitor
            .execute("return sessionStorage.length", vec![])
            .await?
            .as_u64(),
        Some(0)
    );
    // The button does the same.
    visitor.find(Locator::Id("exit")).await?.click().await?;
    for _ in 0..100 {
        if visitor.current_url().await?.as_str() == neutral {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(visitor.current_url().await?.as_str(), neutral);
    // The console sees the visitor gone.
    wait_text(counsellor, "#mine", "bezoeker is weg").await?;
    Ok(())
}
