//! A whole evening shift in headless Chromium: two counsellors (one on a 390 px phone), six
//! visitors on both channels, a supervisor; real key events, axe-core on every state.
//!
//! Covers the queue places per channel, take (which opens the conversation), typing both ways,
//! canned responses by "/", a warm transfer with the transcript and a note, the end with the last
//! message still readable and its reason, closing after the registration, a second chat in the
//! same tab, a closed tab leaving the queue after the grace period, quick exit by button and by
//! Shift three times, typing capitals and Shift+Tab without leaving, keyboard focus kept while the
//! queue refreshes, identical nicknames told apart, and no horizontal scrolling at 390 px.
//! Needs Debian's `chromium` and `chromium-driver` (skipped without them unless
//! `ZICHT_REQUIRE_CHROMIUM` is set). Screenshots go to `target/tmp/screenshots/shift-*.png`.

use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use zicht_store::{EndedBy, Role, State};

use crate::util::{R, Server, start_with, test_config};
use crate::web::{Chromium, axe, shot, wait_css, wait_js, wait_text};

/// A neutral site for the quick exit: a plain page on its own port.
async fn neutral_site() -> R<String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let router = axum::Router::new().route(
        "/",
        axum::routing::get(|| async {
            axum::response::Html(
                "<!doctype html><html lang=\"nl\"><title>Weer</title><h1>Het weer vandaag</h1></html>",
            )
        }),
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    Ok(format!("http://{addr}/"))
}

/// Types `text` with real key events: Shift held down for every capital.
async fn type_keys(c: &Client, text: &str) -> R {
    let mut keys = KeyActions::new("keyboard".to_string());
    for ch in text.chars() {
        let shifted = ch.is_uppercase();
        if shifted {
            keys = keys.then(KeyAction::Down {
                value: char::from(Key::Shift),
            });
        }
        keys = keys
            .then(KeyAction::Down { value: ch })
            .then(KeyAction::Up { value: ch });
        if shifted {
            keys = keys.then(KeyAction::Up {
                value: char::from(Key::Shift),
            });
        }
    }
    c.perform_actions(keys).await?;
    Ok(())
}

/// Presses one key (with Shift held when `shift`).
async fn press(c: &Client, key: Key, shift: bool) -> R {
    let mut keys = KeyActions::new("keyboard".to_string());
    if shift {
        keys = keys.then(KeyAction::Down {
            value: char::from(Key::Shift),
        });
    }
    keys = keys
        .then(KeyAction::Down {
            value: char::from(key),
        })
        .then(KeyAction::Up {
            value: char::from(key),
        });
    if shift {
        keys = keys.then(KeyAction::Up {
            value: char::from(Key::Shift),
        });
    }
    c.perform_actions(keys).await?;
    Ok(())
}

/// Shift pressed and released on its own `n` times.
async fn shifts(c: &Client, n: usize) -> R {
    let mut keys = KeyActions::new("keyboard".to_string());
    for _ in 0..n {
        keys = keys
            .then(KeyAction::Down {
                value: char::from(Key::Shift),
            })
            .then(KeyAction::Up {
                value: char::from(Key::Shift),
            });
    }
    c.perform_actions(keys).await?;
    Ok(())
}

/// Presses Tab (Shift+Tab when `back`) until the focused element matches `css`
/// (keyboard-only navigation).
async fn tab_to(c: &Client, css: &str, back: bool) -> R {
    let test = format!(
        "return !!document.activeElement && document.activeElement.matches({})",
        serde_json::to_string(css)?
    );
    for _ in 0..80 {
        if c.execute(&test, vec![]).await?.as_bool() == Some(true) {
            return Ok(());
        }
        press(c, Key::Tab, back).await?;
    }
    Err(format!("Tab never reached `{css}`").into())
}

async fn visible(c: &Client, id: &str) -> R<bool> {
    Ok(c.execute(
        &format!("var e = document.getElementById('{id}'); return !!e && !e.hidden && e.offsetParent !== null"),
        vec![],
    )
    .await?
    .as_bool()
    .unwrap_or(false))
}

async fn wait_visible(c: &Client, id: &str) -> R {
    wait_js(
        c,
        &format!("var e = document.getElementById('{id}'); return !!e && !e.hidden && e.offsetParent !== null"),
    )
    .await
}

async fn text_of(c: &Client, css: &str) -> R<String> {
    Ok(c.find(Locator::Css(css)).await?.text().await?)
}

/// Fails when the page scrolls sideways (wider than the window).
async fn fits(c: &Client, what: &str) -> R {
    let w = c
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth]",
            vec![],
        )
        .await?;
    let (scroll, inner) = (w[0].as_i64().unwrap_or(0), w[1].as_i64().unwrap_or(0));
    if scroll > inner {
        return Err(format!("{what}: {scroll} px wide in a {inner} px window").into());
    }
    Ok(())
}

async fn wait_url(c: &Client, url: &str) -> R {
    for _ in 0..100 {
        if c.current_url().await?.as_str() == url {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("never at {url}: {}", c.current_url().await?).into())
}

/// Fills the intake in a visitor tab (lower-case nickname typed as keys) and waits for the queue.
async fn intake(c: &Client, base: &str, channel: &str, nickname: &str) -> R {
    c.goto(&format!("{base}/chat/{channel}")).await?;
    wait_visible(c, "intake").await?;
    c.find(Locator::Id("username")).await?.click().await?;
    type_keys(c, nickname).await?;
    press(c, Key::Enter, false).await?;
    wait_visible(c, "queue").await?;
    Ok(())
}

fn conversation_of(s: &Server, username: &str) -> R<zicht_store::ConversationInfo> {
    let conn = s.app.db.store().connect()?;
    let all = conn.conversations(zicht_store::Filter::default())?;
    all.into_iter()
        .rev()
        .find(|c| c.username == username)
        .ok_or_else(|| format!("no conversation of {username}").into())
}

async fn login(c: &Client, base: &str, name: &str, password: &str) -> R {
    c.goto(&format!("{base}/console")).await?;
    wait_css(c, "#login-form").await?;
    c.find(Locator::Id("name")).await?.click().await?;
    type_keys(c, name).await?;
    press(c, Key::Tab, false).await?;
    type_keys(c, password).await?;
    press(c, Key::Enter, false).await?;
    wait_css(c, "#queue-panel").await?;
    Ok(())
}

#[tokio::test]
async fn a_whole_shift_in_chromium() -> R {
    let Some(chromium) = Chromium::start().await? else {
        return Ok(());
    };
    let t0 = Instant::now();
    let neutral = neutral_site().await?;
    let mut config = test_config()?;
    config.neutral_site = neutral.clone();
    config.limits.abandoned_grace_seconds = 3;
    let s = start_with("browser-shift", config).await?;
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    s.add_user("bram", Role::Counsellor, "wachtwoord-bram-1")?;
    s.add_user("sanne", Role::Admin, "wachtwoord-sanne-1")?;
    let base = format!("http://{}", s.addr);
    let visitor = chromium.window("shift-visitor", 390, 844).await?;
    let anna = chromium.window("shift-anna", 1400, 900).await?;
    let bram = chromium.window("shift-bram", 390, 844).await?;
    let result = shift(&s, &visitor, &anna, &bram, &chromium, &base, &neutral).await;
    let _ = visitor.close().await;
    let _ = anna.close().await;
    let _ = bram.close().await;
    result?;
    println!(
        "whole shift in {:.1} s; screenshots in {}",
        t0.elapsed().as_secs_f64(),
        crate::web::shots_dir().display()
    );
    Ok(())
}

async fn shift(
    s: &Server,
    visitor: &Client,
    anna: &Client,
    bram: &Client,
    chromium: &Chromium,
    base: &str,
    neutral: &str,
) -> R {
    // ---- Visitor A: capitals and Shift+Tab in the intake do not trigger the quick exit ----
    visitor.goto(&format!("{base}/chat/fier")).await?;
    wait_visible(visitor, "intake").await?;
    let intake_text = text_of(visitor, "#intake").await?;
    assert!(
        intake_text.contains("112") && intake_text.contains("privévenster"),
        "{intake_text}"
    );
    axe(visitor, "visitor intake").await?;
    fits(visitor, "visitor intake").await?;
    shot(visitor, "shift-01-visitor-intake").await?;
    // Keyboard only: the nickname field has focus on arrival.
    wait_js(visitor, "return document.activeElement.id === 'username'").await?;
    press(visitor, Key::Enter, false).await?;
    wait_text(visitor, "#username-error", "bijnaam").await?;
    axe(visitor, "visitor intake with an error").await?;
    type_keys(visitor, "Ik Ben Anna Uit Den Haag").await?;
    press(visitor, Key::Tab, false).await?;
    press(visitor, Key::Tab, true).await?;
    press(visitor, Key::Tab, true).await?;
    press(visitor, Key::Tab, true).await?;
    press(visitor, Key::Tab, false).await?;
    assert!(
        visitor.current_url().await?.as_str().starts_with(base),
        "capitals or Shift+Tab left the page"
    );
    assert_eq!(
        visitor
            .find(Locator::Id("username"))
            .await?
            .prop("value")
            .await?
            .as_deref(),
        Some("Ik Ben Anna Uit Den Haag")
    );
    // Shift alone twice is announced; a letter after it starts the count again.
    wait_visible(visitor, "intake").await?;
    shifts(visitor, 2).await?;
    wait_text(visitor, "#exit-status", "nog 1 keer").await?;
    press(visitor, Key::Tab, false).await?;
    shifts(visitor, 2).await?;
    assert!(visitor.current_url().await?.as_str().starts_with(base));
    wait_js(
        visitor,
        "return document.getElementById('username') !== null",
    )
    .await?;
    // Back to the nickname field and start, by keyboard.
    visitor.find(Locator::Id("username")).await?.click().await?;
    press(visitor, Key::Enter, false).await?;
    wait_visible(visitor, "queue").await?;
    wait_text(visitor, "#position", "Jij bent de volgende").await?;
    axe(visitor, "visitor queue").await?;
    shot(visitor, "shift-02-visitor-queue").await?;
    let tab_a = visitor.window().await?;

    // ---- Five more visitors in tabs, on both channels; two share a nickname ----
    let mut tabs = Vec::new();
    for (channel, nick, place) in [
        ("fier", "zon", "Er is nog 1 persoon voor je"),
        ("csg", "maan", "Jij bent de volgende"),
        ("fier", "zon", "Er zijn nog 2 mensen voor je"),
        ("csg", "ster", "Er is nog 1 persoon voor je"),
        (
            "fier",
            "lange-bijnaam-zonder-eind",
            "Er zijn nog 3 mensen voor je",
        ),
    ] {
        let tab = visitor.new_window(true).await?;
        visitor.switch_to_window(tab.handle.clone()).await?;
        intake(visitor, base, channel, nick).await?;
        wait_text(visitor, "#position", place).await?;
        tabs.push(tab.handle);
    }
    let [tab_b, tab_c, tab_d, tab_e, tab_f] = <[_; 5]>::try_from(tabs).map_err(|_| "tabs")?;

    // ---- Anna (desktop) and Bram (a phone) log in by keyboard ----
    login(anna, base, "anna", "wachtwoord-anna-1").await?;
    login(bram, base, "bram", "wachtwoord-bram-1").await?;
    wait_js(
        anna,
        "return document.querySelectorAll('#queue li').length === 6",
    )
    .await?;
    wait_js(
        bram,
        "return document.querySelectorAll('#queue li').length === 6",
    )
    .await?;
    axe(anna, "console with a queue").await?;
    axe(bram, "console on a phone").await?;
    fits(bram, "console at 390 px").await?;
    // Long nicknames wrap: every "Aannemen" stays inside the phone's width.
    let inside = bram
        .execute(
            "return Array.from(document.querySelectorAll('#queue button')).every(b => b.getBoundingClientRect().right <= window.innerWidth)",
            vec![],
        )
        .await?;
    assert_eq!(
        inside.as_bool(),
        Some(true),
        "take buttons outside the screen"
    );
    // Identical nicknames are told apart by a suffix.
    let zons: Vec<String> = {
        let mut v = Vec::new();
        for e in anna.find_all(Locator::Css("#queue li .nick")).await? {
            let t = e.text().await?;
            if t.starts_with("zon #") {
                v.push(t);
            }
        }
        v
    };
    assert_eq!(zons.len(), 2, "{zons:?}");
    assert_ne!(zons[0], zons[1]);
    shot(anna, "shift-03-console-queue").await?;
    shot(bram, "shift-04-console-phone").await?;
    let stats = text_of(anna, "#channel-stats").await?;
    assert!(
        stats.contains("4 wachtend") && stats.contains("2 wachtend"),
        "{stats}"
    );

    // ---- Keyboard focus survives the queue's refreshes ----
    tab_to(anna, "#queue li:first-child button", false).await?;
    tokio::time::sleep(Duration::from_millis(3500)).await;
    wait_js(
        anna,
        "return document.activeElement.matches('#queue li:first-child button')",
    )
    .await?;
    // Take A by keyboard: the conversation opens with the reply box ready.
    press(anna, Key::Enter, false).await?;
    wait_js(anna, "return document.activeElement.id === 'reply'").await?;
    wait_text(anna, "#conv-h", "Ik Ben Anna Uit Den Haag").await?;

    // ---- A and Anna talk; typing shows on both sides ----
    visitor.switch_to_window(tab_a.clone()).await?;
    wait_visible(visitor, "chat").await?;
    wait_js(visitor, "return document.activeElement.id === 'text'").await?;
    type_keys(visitor, "Hoi, ik weet niet of ik hier goed ben.").await?;
    wait_text(anna, "#typing", "typt").await?;
    press(visitor, Key::Enter, false).await?;
    wait_text(anna, "#transcript li.msg.them", "goed ben").await?;
    type_keys(anna, "Hoi, fijn dat je er bent.").await?;
    wait_text(visitor, "#typing", "typt").await?;
    press(anna, Key::Enter, false).await?;
    wait_text(visitor, "#messages li.msg.them", "fijn dat je er bent").await?;
    // A canned response by "/" and a few letters.
    type_keys(anna, "/vei").await?;
    wait_text(anna, "#canned-list li.active", "Veiligheid").await?;
    axe(anna, "console with canned suggestions").await?;
    press(anna, Key::Enter, false).await?;
    wait_js(
        anna,
        "return document.getElementById('reply').value.indexOf('112') >= 0",
    )
    .await?;
    press(anna, Key::Enter, false).await?;
    wait_text(visitor, "#messages li.msg.them", "veilige plek").await?;
    axe(visitor, "visitor chat").await?;
    axe(anna, "console conversation").await?;
    fits(visitor, "visitor chat").await?;
    shot(visitor, "shift-05-visitor-chat").await?;
    shot(anna, "shift-06-console-chat").await?;

    // ---- Taking B while A is open opens B ----
    tab_to(anna, "#queue li:first-child button", true).await?;
    press(anna, Key::Enter, false).await?;
    wait_text(anna, "#conv-h", "zon #").await?;
    wait_js(anna, "return document.activeElement.id === 'reply'").await?;
    visitor.switch_to_window(tab_b.clone()).await?;
    wait_visible(visitor, "chat").await?;

    // ---- Warm transfer of A to Bram, with a note ----
    anna.find(Locator::Css("#mine li:first-child button"))
        .await?
        .click()
        .await?;
    wait_text(anna, "#conv-h", "Ik Ben Anna").await?;
    anna.find(Locator::Css("#transfer-box summary"))
        .await?
        .click()
        .await?;
    anna.find(Locator::Id("transfer")).await?.click().await?;
    wait_text(anna, "#transfer-error", "Kies eerst een collega").await?;
    wait_js(
        anna,
        "return Array.from(document.getElementById('transfer-to').options).some(o => o.textContent.indexOf('bram (online)') === 0)",
    )
    .await?;
    anna.execute(
        "var s = document.getElementById('transfer-to'); s.value = Array.from(s.options).find(o => o.dataset.name === 'bram').value;",
        vec![],
    )
    .await?;
    anna.find(Locator::Id("transfer-note"))
        .await?
        .click()
        .await?;
    type_keys(anna, "Wil naar de politie, paspoort ingenomen.").await?;
    axe(anna, "console transfer form").await?;
    anna.find(Locator::Id("transfer")).await?.click().await?;
    wait_text(anna, "#conv-status", "Aangeboden aan bram").await?;
    wait_text(bram, "#conv-note", "paspoort ingenomen").await?;
    wait_text(bram, "#transcript", "goed ben").await?;
    wait_text(bram, "#transcript", "veilige plek").await?;
    axe(bram, "console with a transfer offer").await?;
    fits(bram, "console offer at 390 px").await?;
    shot(bram, "shift-07-phone-offer").await?;
    bram.find(Locator::Id("accept-offer"))
        .await?
        .click()
        .await?;
    wait_js(bram, "return document.activeElement.id === 'reply'").await?;
    wait_text(anna, "#queue-status", "overgedragen").await?;
    type_keys(bram, "Ik ben Bram en ik neem het over.").await?;
    press(bram, Key::Enter, false).await?;
    wait_text(
        visitor_tab(visitor, &tab_a).await?,
        "#messages li.msg.them",
        "neem het over",
    )
    .await?;

    // ---- Bram ends it; A keeps the last message and reads why ----
    type_keys(bram, "Bel 112 bij direct gevaar, of 0800-0188. Sterkte!").await?;
    press(bram, Key::Enter, false).await?;
    wait_text(visitor, "#messages li.msg.them", "0800-0188").await?;
    bram.find(Locator::Id("end-conv")).await?.click().await?;
    bram.accept_alert().await?;
    wait_visible(visitor, "ended").await?;
    wait_text(
        visitor,
        "#ended-reason",
        "De hulpverlener heeft het gesprek afgesloten",
    )
    .await?;
    assert!(
        visible(visitor, "messages").await?,
        "the transcript vanished"
    );
    wait_text(visitor, "#messages li.msg.them", "0800-0188").await?;
    axe(visitor, "visitor after the end").await?;
    shot(visitor, "shift-08-visitor-ended").await?;
    // Closing needs the registration: a reminder when it is empty, then save and close.
    wait_visible(bram, "close-conv").await?;
    bram.find(Locator::Id("close-conv")).await?.click().await?;
    wait_text(bram, "#conv-status", "registratie is nog leeg").await?;
    axe(bram, "console ended, registration reminder").await?;
    shot(bram, "shift-09-phone-ended").await?;
    bram.find(Locator::Css("input[name=trafficking][value=yes]"))
        .await?
        .click()
        .await?;
    bram.find(Locator::Css("input[name=referral][value=police_avim]"))
        .await?
        .click()
        .await?;
    bram.find(Locator::Id("close-conv")).await?.click().await?;
    wait_js(
        bram,
        "return document.querySelectorAll('#mine li').length === 0",
    )
    .await?;
    let a = conversation_of(s, "Ik Ben Anna Uit Den Haag")?;
    let reg = s
        .app
        .db
        .store()
        .connect()?
        .registration(a.id)?
        .ok_or("registration")?;
    assert_eq!(reg.trafficking, Some(true));
    assert_eq!(reg.referrals, vec!["police_avim".to_string()]);

    // ---- A second chat in the same tab connects ----
    visitor.find(Locator::Id("again")).await?.click().await?;
    wait_visible(visitor, "intake").await?;
    assert_eq!(
        visitor.find_all(Locator::Css("#messages li")).await?.len(),
        0
    );
    type_keys(visitor, "tweede keer").await?;
    press(visitor, Key::Enter, false).await?;
    wait_visible(visitor, "queue").await?;
    let row = wait_text(anna, "#queue li", "tweede keer").await?;
    row.find(Locator::Css("button")).await?.click().await?;
    wait_text(anna, "#conv-h", "tweede keer").await?;
    wait_visible(visitor, "chat").await?;
    type_keys(visitor, "Ik ben er weer.").await?;
    press(visitor, Key::Enter, false).await?;
    wait_text(anna, "#transcript li.msg.them", "er weer").await?;
    let status = text_of(anna, "#conv-status").await?;
    assert!(
        !status.contains("weg"),
        "the new chat looks abandoned: {status}"
    );

    // ---- A closed tab: marked gone at once, out of the queue after the grace ----
    visitor.switch_to_window(tab_d.clone()).await?;
    visitor.close_window().await?;
    let closed = Instant::now();
    wait_text(anna, "#queue li.gone", "weg sinds").await?;
    assert!(
        closed.elapsed() < Duration::from_secs(3),
        "not marked at once"
    );
    axe(anna, "console with a visitor who left").await?;
    shot(anna, "shift-10-console-gone").await?;
    wait_js(anna, "return !Array.from(document.querySelectorAll('#queue li')).some(li => li.classList.contains('gone'))").await?;
    let d = conversation_of(s, "zon")?;
    assert_eq!((d.state, d.ended_by), (State::Ended, Some(EndedBy::System)));
    visitor.switch_to_window(tab_f.clone()).await?;
    wait_text(visitor, "#position", "Jij bent de volgende").await?;

    // ---- Quick exit by the button (E) and by Shift three times (C): out at once ----
    visitor.switch_to_window(tab_e.clone()).await?;
    visitor.find(Locator::Id("exit")).await?.click().await?;
    wait_url(visitor, neutral).await?;
    visitor.back().await?;
    assert!(
        !visitor.current_url().await?.as_str().contains("/chat/"),
        "back returns to the chat"
    );
    visitor.switch_to_window(tab_c.clone()).await?;
    wait_visible(visitor, "queue").await?;
    shifts(visitor, 3).await?;
    wait_url(visitor, neutral).await?;
    for nick in ["ster", "maan"] {
        let c = conversation_of(s, nick)?;
        assert_eq!(
            (c.state, c.ended_by),
            (State::Ended, Some(EndedBy::Visitor)),
            "{nick}"
        );
    }

    // ---- English, the console too ----
    anna.find(Locator::Id("lang")).await?.click().await?;
    wait_text(anna, ".who", "counsellor").await?;
    wait_text(anna, "#queue li button", "Take").await?;
    axe(anna, "console in English").await?;
    visitor.switch_to_window(tab_f.clone()).await?;
    visitor.find(Locator::Id("lang")).await?.click().await?;
    wait_text(visitor, "#position", "You are next").await?;
    axe(visitor, "visitor queue in English").await?;
    shot(visitor, "shift-11-visitor-queue-en").await?;

    // ---- The supervisor reads along (recorded) ----
    let sanne = chromium.window("shift-sanne", 1400, 900).await?;
    let sup = supervisor(s, &sanne, base).await;
    let _ = sanne.close().await;
    sup?;
    let _ = tab_b;
    Ok(())
}

async fn visitor_tab<'a>(c: &'a Client, tab: &fantoccini::wd::WindowHandle) -> R<&'a Client> {
    c.switch_to_window(tab.clone()).await?;
    Ok(c)
}

async fn supervisor(s: &Server, sanne: &Client, base: &str) -> R {
    login(sanne, base, "sanne", "wachtwoord-sanne-1").await?;
    let row = wait_text(sanne, "#overview li", "tweede keer").await?;
    assert!(
        row.text().await?.contains("bij anna"),
        "{}",
        row.text().await?
    );
    axe(sanne, "supervisor overview").await?;
    row.find(Locator::Css("button")).await?.click().await?;
    wait_text(sanne, "#transcript", "er weer").await?;
    wait_visible(sanne, "stop-watch").await?;
    assert!(
        !visible(sanne, "reply-form").await?,
        "a supervisor reading along cannot write"
    );
    axe(sanne, "supervisor reading along").await?;
    shot(sanne, "shift-12-supervisor").await?;
    let reads = s.app.db.store().connect()?.transcript_reads(50)?;
    assert!(
        reads
            .iter()
            .any(|r| r.staff == "sanne" && r.purpose == "supervisor"),
        "{reads:?}"
    );
    Ok(())
}
