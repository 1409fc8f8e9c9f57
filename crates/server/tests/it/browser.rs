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

use crate::util::{R, Relay, Server, start_with, test_config};
use crate::web::{Chromium, axe, click_button_in, shot, wait_css, wait_js, wait_text};

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
pub(crate) async fn type_keys(c: &Client, text: &str) -> R {
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
pub(crate) async fn press(c: &Client, key: Key, shift: bool) -> R {
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

/// Shift pressed and released on its own `n` times (what once set off a quick exit).
pub(crate) async fn shifts(c: &Client, n: usize) -> R {
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
pub(crate) async fn tab_to(c: &Client, css: &str, back: bool) -> R {
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

pub(crate) async fn wait_visible(c: &Client, id: &str) -> R {
    wait_js(
        c,
        &format!("var e = document.getElementById('{id}'); return !!e && !e.hidden && e.offsetParent !== null"),
    )
    .await
}

pub(crate) async fn text_of(c: &Client, css: &str) -> R<String> {
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
pub(crate) async fn intake(c: &Client, base: &str, channel: &str, nickname: &str) -> R {
    c.goto(&format!("{base}/chat/{channel}")).await?;
    wait_visible(c, "intake").await?;
    c.find(Locator::Id("username")).await?.click().await?;
    type_keys(c, nickname).await?;
    press(c, Key::Enter, false).await?;
    if let Err(e) = wait_visible(c, "queue").await {
        shot(c, &format!("failed-intake-{nickname}")).await?;
        let err = text_of(c, "#intake").await?;
        return Err(format!("{e}: {err}").into());
    }
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

/// A laptop's window: about 1366x625 of page.
pub(crate) const LAPTOP: (u32, u32) = (1366, 768);
/// A phone.
pub(crate) const PHONE: (u32, u32) = (390, 844);

/// The visitor's message the rules read as exploitation by a partner: the flag, the category
/// "Relatie of loverboy-zorgen" and the form of exploitation, each with the visitor's words.
pub(crate) const LOVERBOY: &str =
    "mn vriend laat me met andere mannen afspreken voor geld en hij pakt alles";

/// The trafficking flag's suggestion card.
pub(crate) const FLAG_CARD: &str = r#"#assist-list li[data-field^="trafficking|"]"#;

/// A server with the test configuration and the counsellors `users` (each with the password
/// "wachtwoord-NAME-1"), and one Chromium window per size in `sizes`, in that order; the
/// windows are closed whatever `walk` returns.
pub(crate) async fn server_windows<F>(
    name: &str,
    users: &[&str],
    sizes: &[(u32, u32)],
    walk: F,
) -> R
where
    F: AsyncFnOnce(&Server, &[Client], &str) -> R,
{
    let Some(chromium) = Chromium::start().await? else {
        return Ok(());
    };
    let s = start_with(&format!("browser-{name}"), test_config()?).await?;
    for u in users {
        s.add_user(u, Role::Counsellor, &format!("wachtwoord-{u}-1"))?;
    }
    let base = format!("http://{}", s.addr);
    let mut windows = Vec::new();
    for (i, &(w, h)) in sizes.iter().enumerate() {
        match chromium.window(&format!("{name}-{i}"), w, h).await {
            Ok(c) => windows.push(c),
            Err(e) => {
                for c in windows {
                    let _ = c.close().await;
                }
                return Err(e);
            }
        }
    }
    let result = walk(&s, &windows, &base).await;
    for c in windows {
        let _ = c.close().await;
    }
    result
}

/// `visitors` phones and `staff` laptops, on a server with the test configuration and the
/// counsellors anna and bram ([`server_windows`]).
pub(crate) async fn phones_and_laptops<F>(name: &str, visitors: usize, staff: usize, walk: F) -> R
where
    F: AsyncFnOnce(&Server, &[Client], &[Client], &str) -> R,
{
    let sizes: Vec<(u32, u32)> = (0..visitors + staff)
        .map(|i| if i < visitors { PHONE } else { LAPTOP })
        .collect();
    server_windows(name, &["anna", "bram"], &sizes, async |s, windows, base| {
        let (v, st) = windows.split_at(visitors);
        walk(s, v, st, base).await
    })
    .await
}

/// The visitor `nick` starts a chat on fier, the only one waiting, and `who` (logged in) takes
/// it with the keyboard: Tab to the queue card's button, Enter; the reply box has the focus and
/// the visitor sees her chat.
pub(crate) async fn take_by_keyboard(visitor: &Client, who: &Client, base: &str, nick: &str) -> R {
    intake(visitor, base, "fier", nick).await?;
    wait_text(who, "#queue li", nick).await?;
    wait_js(
        who,
        "return document.querySelectorAll('#queue li button:not([hidden])').length === 1",
    )
    .await?;
    tab_to(who, "#queue li button", false).await?;
    press(who, Key::Enter, false).await?;
    wait_text(who, "#conv-h", nick).await?;
    wait_js(who, "return document.activeElement.id === 'reply'").await?;
    wait_visible(visitor, "chat").await
}

/// The visitor types `line` and sends it with Enter; `who`'s transcript shows it.
pub(crate) async fn visitor_says(visitor: &Client, who: &Client, line: &str) -> R {
    type_keys(visitor, line).await?;
    press(visitor, Key::Enter, false).await?;
    crate::web::has_text(who, "#transcript", line).await
}

pub(crate) async fn login(c: &Client, base: &str, name: &str, password: &str) -> R {
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
    // Keyboard only: nothing is focused at arrival, so the first Tab is "Snel weg";
    // then on to the nickname field.
    press(visitor, Key::Tab, false).await?;
    wait_js(visitor, "return document.activeElement.id === 'exit'").await?;
    tab_to(visitor, "#username", false).await?;
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
    // Back to the nickname field and start, by keyboard. A nickname that looks
    // like a full name gets a hint first (not an error); a second Enter goes on.
    visitor.find(Locator::Id("username")).await?.click().await?;
    press(visitor, Key::Enter, false).await?;
    wait_text(visitor, "#username-hint", "lijkt op een echte naam").await?;
    assert_eq!(text_of(visitor, "#username-error").await?, "");
    assert!(visible(visitor, "intake").await?);
    axe(visitor, "visitor intake with a full-name hint").await?;
    shot(visitor, "shift-01b-visitor-name-hint").await?;
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
        // The CSG channel addresses its visitors as "u" from the start (fix45, finding 3).
        ("csg", "maan", "U bent de volgende"),
        ("fier", "zon", "Er zijn nog 2 mensen voor je"),
        ("csg", "ster", "Er is nog 1 persoon voor u"),
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
    // Long nicknames wrap: every "Gesprek aannemen" stays inside the phone's width.
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
    // Identical nicknames are told apart in words: "zon", "zon (2)" (the earliest plain, by
    // start time, walk48 S3).
    let zons: Vec<String> = {
        let mut v = Vec::new();
        for e in anna.find_all(Locator::Css("#queue li .nick")).await? {
            let t = e.text().await?;
            if t == "zon" || t.starts_with("zon (") {
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
    wait_text(anna, "#conv-h", "zon").await?;
    wait_js(anna, "return document.activeElement.id === 'reply'").await?;
    visitor.switch_to_window(tab_b.clone()).await?;
    wait_visible(visitor, "chat").await?;

    // ---- Warm transfer of A to Bram, with a note ----
    anna.find(Locator::Css("#mine li:first-child button"))
        .await?
        .click()
        .await?;
    wait_text(anna, "#conv-h", "Ik Ben Anna").await?;
    anna.find(Locator::Id("transfer-open"))
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
    // Ending asks in the page, with an optional closing message.
    bram.find(Locator::Id("end-conv")).await?.click().await?;
    wait_visible(bram, "end-confirm").await?;
    wait_js(bram, "return document.activeElement.id === 'end-message'").await?;
    type_keys(bram, "Dag, je mag altijd terugkomen.").await?;
    axe(bram, "phone console asking before the end").await?;
    shot(bram, "shift-08b-phone-end-confirm").await?;
    bram.find(Locator::Id("end-yes")).await?.click().await?;
    wait_visible(visitor, "ended").await?;
    wait_text(visitor, "#messages li.msg.them", "altijd terugkomen").await?;
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
    wait_text(bram, "#close-confirm", "registratie is nog leeg").await?;
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
        "return document.querySelectorAll('#mine li, #mine-ended li').length === 0",
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
    wait_text(anna, "#queue li.gone", "vertrokken, al").await?;
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
            (State::Ended, Some(EndedBy::QuickExit)),
            "{nick}"
        );
    }

    // ---- English, the console too ----
    anna.find(Locator::Id("lang")).await?.click().await?;
    wait_text(anna, ".who", "counsellor").await?;
    wait_text(anna, "#queue li button", "Take conversation").await?;
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

/// From the top of the page, the first Tab reaches "Snel weg".
async fn exit_is_the_first_tab_stop(c: &Client, what: &str) -> R {
    c.execute(
        "document.activeElement && document.activeElement.blur(); document.body.setAttribute('tabindex', '-1'); document.body.focus(); document.body.removeAttribute('tabindex'); window.scrollTo(0, 0); return true;",
        vec![],
    )
    .await?;
    press(c, Key::Tab, false).await?;
    let id = c
        .execute("return document.activeElement.id", vec![])
        .await?;
    assert_eq!(id.as_str(), Some("exit"), "{what}: the first Tab stop");
    Ok(())
}

/// The fresh-eyes walk's findings, as a whole evening: the first Tab stop, the
/// nickname and age hints, visitors who left not counted ahead, a network drop
/// on both sides with resume, a supervisor seen reading along, a transfer from
/// the header with the sender of every line and the note from the store, a
/// phone console that opens on the queue, a quick exit the counsellor can tell
/// from a calm end, "Afgelopen" without badges, and no composer after the end.
#[tokio::test]
async fn an_evening_after_the_walk_in_chromium() -> R {
    let Some(chromium) = Chromium::start().await? else {
        return Ok(());
    };
    let t0 = Instant::now();
    let neutral = neutral_site().await?;
    // The default configuration as `zicht up` writes it: Secure cookies, on
    // http://127.0.0.1 (a browser treats loopback as secure).
    let mut config = crate::util::default_config_open_all_week()?;
    assert!(config.secure_cookies);
    config.neutral_site = neutral.clone();
    config.limits.abandoned_grace_seconds = 60;
    // The page pings every second; a silent drop shows within a few.
    config.limits.visitor_idle_seconds = 3;
    let s = start_with("browser-walk", config).await?;
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    s.add_user("bram", Role::Counsellor, "wachtwoord-bram-1")?;
    s.add_user("sanne", Role::Admin, "wachtwoord-sanne-1")?;
    let relay = Relay::start(s.addr).await?;
    let bram_line = Relay::start(s.addr).await?;
    let visitor = chromium.window("walk-visitor", 390, 844).await?;
    let anna = chromium.window("walk-anna", 1400, 900).await?;
    let bram = chromium.window("walk-bram", 390, 844).await?;
    let sanne = chromium.window("walk-sanne", 1400, 900).await?;
    let result = evening(
        &s,
        [&relay, &bram_line],
        [&visitor, &anna, &bram, &sanne],
        &neutral,
    )
    .await;
    if result.is_err() {
        for (c, name) in [
            (&visitor, "visitor"),
            (&anna, "anna"),
            (&bram, "bram"),
            (&sanne, "sanne"),
        ] {
            let _ = shot(c, &format!("walk-failed-{name}")).await;
        }
    }
    for c in [visitor, anna, bram, sanne] {
        let _ = c.close().await;
    }
    result?;
    println!(
        "evening after the walk in {:.1} s; screenshots in {}",
        t0.elapsed().as_secs_f64(),
        crate::web::shots_dir().display()
    );
    Ok(())
}

async fn evening(s: &Server, relays: [&Relay; 2], windows: [&Client; 4], neutral: &str) -> R {
    let [visitor, anna, bram, sanne] = windows;
    let [relay, bram_line] = relays;
    let base = format!("http://{}", s.addr);
    let via_relay = format!("http://{}", relay.addr);

    // ---- Someone ahead in the queue, in a tab of their own ----
    let ahead = visitor.window().await?;
    intake(visitor, &base, "fier", "voorganger").await?;
    exit_is_the_first_tab_stop(visitor, "queue").await?;

    // ---- The visitor (through the relay): Snel weg first, the age and nickname hints ----
    let tab = visitor.new_window(true).await?;
    visitor.switch_to_window(tab.handle.clone()).await?;
    let tab = tab.handle;
    visitor.goto(&format!("{via_relay}/chat/fier")).await?;
    wait_visible(visitor, "intake").await?;
    exit_is_the_first_tab_stop(visitor, "intake").await?;
    visitor.find(Locator::Id("age")).await?.click().await?;
    type_keys(visitor, "11").await?;
    wait_text(visitor, "#age-hint", "0800-0432").await?;
    assert!(
        text_of(visitor, "#age-hint")
            .await?
            .contains("Kindertelefoon"),
        "the hint names De Kindertelefoon"
    );
    assert_eq!(
        text_of(visitor, "#age-error").await?,
        "",
        "a hint, not an error"
    );
    let help = text_of(visitor, "#username-help").await?;
    assert!(help.contains("niet je echte of volledige naam"), "{help}");
    axe(visitor, "visitor intake with the age hint").await?;
    fits(visitor, "visitor intake with the age hint").await?;
    shot(visitor, "walk-01-visitor-age-hint").await?;
    visitor.find(Locator::Id("username")).await?.click().await?;
    type_keys(visitor, "vlinder").await?;
    press(visitor, Key::Enter, false).await?;
    wait_visible(visitor, "queue").await?;
    wait_text(visitor, "#position", "Er is nog 1 persoon voor je").await?;
    // Under 12: kindly pointed to De Kindertelefoon while waiting, too.
    wait_text(visitor, "#young", "0800-0432").await?;
    axe(visitor, "visitor queue under 12").await?;
    exit_is_the_first_tab_stop(visitor, "queue").await?;

    // ---- Anna and Bram log in; the one ahead closes the tab ----
    login(anna, &base, "anna", "wachtwoord-anna-1").await?;
    login(
        bram,
        &format!("http://{}", bram_line.addr),
        "bram",
        "wachtwoord-bram-1",
    )
    .await?;
    wait_js(
        anna,
        "return document.querySelectorAll('#queue li').length === 2",
    )
    .await?;
    // Bram's own line drops for a moment: his console says so, and recovers.
    wait_js(
        bram,
        "return document.getElementById('console-conn').textContent === ''",
    )
    .await?;
    bram_line.cut();
    wait_text(bram, "#console-conn", "Geen verbinding met de server").await?;
    axe(bram, "phone console without a connection").await?;
    shot(bram, "walk-00-phone-console-offline").await?;
    bram_line.restore();
    wait_js(
        bram,
        "return document.getElementById('console-conn').textContent === ''",
    )
    .await?;
    visitor.switch_to_window(ahead).await?;
    visitor.close_window().await?;
    visitor.switch_to_window(tab.clone()).await?;
    // Counted out of the places at once, while the conversation still waits
    // out its 60 s grace in the console.
    let left = Instant::now();
    wait_text(visitor, "#position", "Jij bent de volgende").await?;
    wait_text(anna, "#queue li.gone", "voorganger").await?;
    wait_js(
        anna,
        "var li = document.querySelectorAll('#queue li'); return li.length === 2 && li[0].textContent.indexOf('vlinder') >= 0 && li[1].querySelector('button').hidden",
    )
    .await?;
    assert!(
        left.elapsed() < Duration::from_secs(10),
        "{:?}",
        left.elapsed()
    );
    wait_text(anna, "#channel-stats", "waarvan 1 vertrokken").await?;

    // ---- Anna takes vlinder; they talk ----
    click_button_in(anna, "#queue li", "vlinder").await?;
    wait_js(anna, "return document.activeElement.id === 'reply'").await?;
    wait_text(anna, "#conv-h", "11 jaar (jonger dan 12)").await?;
    wait_visible(visitor, "chat").await?;
    exit_is_the_first_tab_stop(visitor, "chat").await?;
    visitor.find(Locator::Id("text")).await?.click().await?;
    type_keys(visitor, "Hallo, ik ben elf.").await?;
    press(visitor, Key::Enter, false).await?;
    wait_text(anna, "#transcript li.msg.them", "ik ben elf").await?;
    anna.find(Locator::Id("reply")).await?.click().await?;
    type_keys(
        anna,
        "Hoi, ik ben Anna. Fijn dat je schrijft. Bel 0800-0432 als je wilt.",
    )
    .await?;
    press(anna, Key::Enter, false).await?;
    wait_text(visitor, "#messages li.msg.them", "Fijn dat je schrijft").await?;
    // A phone number in a message is a tel: link that does not break in two.
    let tel = visitor
        .execute(
            "var a = document.querySelector('#messages li.msg.them a.tel'); return a ? [a.getAttribute('href'), getComputedStyle(a).whiteSpace] : null",
            vec![],
        )
        .await?;
    assert_eq!(tel, serde_json::json!(["tel:08000432", "nowrap"]));
    // Her own line is "Jij" to Anna.
    wait_js(
        anna,
        "return Array.from(document.querySelectorAll('#transcript li.msg.me .sr-only')).some(e => e.textContent.indexOf('Jij') === 0)",
    )
    .await?;

    // ---- The visitor's network goes silent (no close, no data: a tunnel):
    // both sides see it; nothing is lost ----
    relay.freeze();
    wait_text(visitor, "#conn", "Verbinding verbroken, opnieuw verbinden").await?;
    wait_text(anna, "#conv-status", "bezoeker heeft geen verbinding").await?;
    wait_text(anna, "#mine li", "bezoeker heeft geen verbinding").await?;
    axe(visitor, "visitor with the connection gone").await?;
    axe(anna, "console with the visitor's connection gone").await?;
    shot(visitor, "walk-02-visitor-connection-lost").await?;
    shot(anna, "walk-03-console-visitor-offline").await?;
    type_keys(anna, "Ben je er nog?").await?;
    press(anna, Key::Enter, false).await?;
    visitor.find(Locator::Id("text")).await?.click().await?;
    type_keys(visitor, "Ik was even weg.").await?;
    press(visitor, Key::Enter, false).await?;
    wait_text(visitor, "#messages li.pending", "Ik was even weg").await?;
    relay.restore();
    wait_js(
        visitor,
        "return document.getElementById('conn').textContent === ''",
    )
    .await?;
    wait_text(visitor, "#messages li.msg.them", "Ben je er nog?").await?;
    wait_text(anna, "#transcript li.msg.them", "Ik was even weg").await?;
    wait_js(
        anna,
        "return document.getElementById('conv-status').textContent.indexOf('verbinding') < 0",
    )
    .await?;
    let once = visitor
        .execute(
            "return Array.from(document.querySelectorAll('#messages li.msg')).filter(li => li.textContent.indexOf('Ben je er nog?') >= 0).length",
            vec![],
        )
        .await?;
    assert_eq!(once.as_i64(), Some(1), "resumed by seq: shown once");

    // ---- The supervisor reads along: Anna sees it ----
    login(sanne, &base, "sanne", "wachtwoord-sanne-1").await?;
    click_button_in(sanne, "#overview li", "vlinder").await?;
    wait_text(sanne, "#transcript", "ik ben elf").await?;
    wait_text(anna, "#conv-watched", "Een leidinggevende leest mee").await?;
    axe(anna, "console while a supervisor reads along").await?;
    shot(anna, "walk-04-console-supervised").await?;
    sanne.find(Locator::Id("stop-watch")).await?.click().await?;
    wait_js(
        anna,
        "return document.getElementById('conv-watched').hidden",
    )
    .await?;

    // ---- Transfer from the header, by keyboard, with a note ----
    tab_to(anna, "#transfer-open", true).await?;
    press(anna, Key::Enter, false).await?;
    wait_js(anna, "return document.activeElement.id === 'transfer-to'").await?;
    wait_js(
        anna,
        "return Array.from(document.getElementById('transfer-to').options).some(o => o.dataset.name === 'bram')",
    )
    .await?;
    anna.execute(
        "var s = document.getElementById('transfer-to'); s.value = Array.from(s.options).find(o => o.dataset.name === 'bram').value;",
        vec![],
    )
    .await?;
    anna.find(Locator::Css("input[name=transfer-mode][value=cold]"))
        .await?
        .click()
        .await?;
    anna.find(Locator::Id("transfer-note"))
        .await?
        .click()
        .await?;
    type_keys(anna, "Elf jaar, Kindertelefoon genoemd.").await?;
    axe(anna, "console transfer form from the header").await?;
    anna.find(Locator::Id("transfer")).await?.click().await?;
    wait_text(anna, "#queue-status", "overgedragen").await?;
    wait_text(visitor, "#messages li.system", "andere hulpverlener").await?;
    // Bram's phone does not jump into the chat: he is told, and opens it himself.
    wait_text(
        bram,
        "#queue-status",
        "anna heeft een gesprek aan je overgedragen",
    )
    .await?;
    assert!(
        !visible(bram, "conversation").await?,
        "the phone jumped into the chat"
    );
    wait_text(bram, "#mine li .badge", "1").await?;
    // A reload (the phone) starts on the queue too, and the note comes from the store.
    bram.refresh().await?;
    wait_css(bram, "#queue-panel").await?;
    wait_text(bram, "#mine li", "vlinder").await?;
    // The age beside the nickname tells visitors of one name apart (the third walk).
    wait_text(bram, "#mine li .nick", "· bij de start ingevuld: 11 jaar ·").await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !visible(bram, "conversation").await?,
        "the phone opened an old chat"
    );
    let top = bram.execute("return window.scrollY", vec![]).await?;
    assert_eq!(top.as_i64(), Some(0));
    axe(bram, "phone console after a reload").await?;
    shot(bram, "walk-05-phone-starts-on-the-queue").await?;
    bram.find(Locator::Css("#mine li button"))
        .await?
        .click()
        .await?;
    wait_text(bram, "#conv-note", "Elf jaar, Kindertelefoon genoemd.").await?;
    wait_text(bram, "#transcript li.msg.colleague", "Fijn dat je schrijft").await?;
    let label = text_of(bram, "#transcript li.msg.colleague .from").await?;
    assert_eq!(label, "anna", "Anna's line is hers, not Bram's");
    assert!(
        bram.find_all(Locator::Css("#transcript li.msg.me"))
            .await?
            .is_empty(),
        "nothing Bram wrote is shown as his"
    );
    axe(bram, "phone console with a colleague's lines").await?;
    fits(bram, "phone console with a colleague's lines").await?;
    shot(bram, "walk-06-phone-transferred").await?;
    type_keys(bram, "Ik ben Bram, ik neem het van Anna over.").await?;
    press(bram, Key::Enter, false).await?;
    wait_text(visitor, "#messages li.msg.them", "neem het van Anna over").await?;
    axe(visitor, "visitor told of the transfer").await?;
    shot(visitor, "walk-07-visitor-transferred").await?;

    // ---- A line after a reload, then the quick exit: Bram can tell what happened ----
    // The chat he had open opens again after the reload (walk-console34, finding 5).
    bram.refresh().await?;
    wait_text(bram, "#mine li", "vlinder").await?;
    wait_text(bram, "#conv-h", "vlinder").await?;
    visitor.find(Locator::Id("text")).await?.click().await?;
    type_keys(visitor, "Er komt iemand aan.").await?;
    press(visitor, Key::Enter, false).await?;
    wait_text(bram, "#transcript li.msg.them", "Er komt iemand aan").await?;
    shifts(visitor, 3).await?;
    wait_url(visitor, neutral).await?;
    wait_text(bram, "#mine-ended li", "vlinder").await?;
    assert!(
        bram.find_all(Locator::Css("#mine li")).await?.is_empty(),
        "an ended chat left the running ones"
    );
    assert!(
        bram.find_all(Locator::Css("#mine-ended .badge"))
            .await?
            .is_empty(),
        "no unread badge on an ended chat"
    );
    let title = bram.title().await?;
    assert!(
        !title.starts_with('('),
        "an ended chat still counts in the title: {title}"
    );
    shot(bram, "walk-08a-phone-afgelopen").await?;
    bram.find(Locator::Css("#mine-ended li button"))
        .await?
        .click()
        .await?;
    wait_text(bram, "#conv-status", "snel weggegaan (snelle uitgang)").await?;
    assert!(
        !visible(bram, "reply-form").await?,
        "no composer after the end"
    );
    let disabled = bram
        .execute("return document.getElementById('reply').disabled", vec![])
        .await?;
    assert_eq!(disabled.as_bool(), Some(true));
    axe(bram, "phone console after a quick exit").await?;
    shot(bram, "walk-08-phone-quick-exit").await?;
    let v = conversation_of(s, "vlinder")?;
    assert_eq!(
        (v.state, v.ended_by),
        (State::Ended, Some(EndedBy::QuickExit))
    );
    // A reload keeps it under "Afgelopen", transcript and all, until it is registered.
    bram.refresh().await?;
    wait_text(bram, "#mine-ended li", "snelle uitgang").await?;
    bram.find(Locator::Css("#mine-ended li button"))
        .await?
        .click()
        .await?;
    wait_text(bram, "#transcript", "Er komt iemand aan").await?;
    // Closing it: a dialog says the registration is empty; filled in, then gone.
    bram.find(Locator::Id("close-conv")).await?.click().await?;
    wait_text(bram, "#close-confirm", "Sluiten zonder registratie").await?;
    bram.find(Locator::Css("input[name=trafficking][value=no]"))
        .await?
        .click()
        .await?;
    bram.find(Locator::Id("close-conv")).await?.click().await?;
    wait_js(bram, "return document.getElementById('ended-group').hidden").await?;

    // ---- A calm end by the visitor: told apart, and no composer on either side ----
    visitor.goto(&format!("{base}/chat/csg")).await?;
    wait_visible(visitor, "intake").await?;
    // Nothing is focused at arrival: the first Tab is "Snel weg", then the language, the 112 link, the nickname.
    press(visitor, Key::Tab, false).await?;
    wait_js(visitor, "return document.activeElement.id === 'exit'").await?;
    tab_to(visitor, "#username", false).await?;
    type_keys(visitor, "rustig").await?;
    press(visitor, Key::Enter, false).await?;
    wait_visible(visitor, "queue").await?;
    let row = wait_text(anna, "#queue li", "rustig").await?;
    row.find(Locator::Css("button")).await?.click().await?;
    wait_visible(visitor, "chat").await?;
    // Ending asks in the page: focus on the safe answer; Escape goes back.
    visitor.find(Locator::Id("end")).await?.click().await?;
    wait_visible(visitor, "end-confirm").await?;
    wait_js(visitor, "return document.activeElement.id === 'end-no'").await?;
    axe(visitor, "visitor asked before ending").await?;
    shot(visitor, "walk-10-visitor-end-confirm").await?;
    press(visitor, Key::Escape, false).await?;
    wait_js(visitor, "return document.getElementById('end-confirm').hidden && document.activeElement.id === 'text'").await?;
    assert!(
        visible(visitor, "send-form").await?,
        "still chatting after Escape"
    );
    visitor.find(Locator::Id("end")).await?.click().await?;
    wait_visible(visitor, "end-confirm").await?;
    visitor.find(Locator::Id("end-yes")).await?.click().await?;
    wait_visible(visitor, "ended").await?;
    assert!(
        !visible(visitor, "send-form").await?,
        "the visitor's composer stayed"
    );
    let disabled = visitor
        .execute("return document.getElementById('text').disabled", vec![])
        .await?;
    assert_eq!(disabled.as_bool(), Some(true));
    exit_is_the_first_tab_stop(visitor, "ended").await?;
    wait_text(
        anna,
        "#transcript li.ended-note",
        "De bezoeker heeft het gesprek beëindigd.",
    )
    .await?;
    assert!(
        !visible(anna, "reply-form").await?,
        "the console's composer stayed"
    );
    axe(anna, "console after a calm end").await?;
    shot(anna, "walk-09-console-calm-end").await?;
    let r = conversation_of(s, "rustig")?;
    assert_eq!(r.ended_by, Some(EndedBy::Visitor));
    Ok(())
}
