//! The suggestion panel in a live chat in headless Chromium: it follows the conversation by itself, keeps the counsellor's focus, keeps her decisions also after a reload, and the visitor never sees it; real key events, axe-core.

use std::time::Duration;

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use zicht_store::Role;

use crate::browser::{intake, login, press, type_keys, wait_visible};
use crate::util::{R, start_with, test_config};
use crate::web::{Chromium, axe, shot, wait_css, wait_js, wait_text};

/// A real click on `css`, found again while the panel redraws itself (a stale element is retried).
async fn click_css(c: &Client, css: &str) -> R {
    let mut last = String::new();
    for _ in 0..50 {
        match c.find(Locator::Css(css)).await {
            Ok(e) => match e.click().await {
                Ok(_) => return Ok(()),
                Err(err) => last = err.to_string(),
            },
            Err(err) => last = err.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("could not click `{css}`: {last}").into())
}

/// The visitor "username" starts a chat on the fier channel, anna logs in and takes it from
/// the queue; the reply box then has the focus.
async fn take_the_visitor(visitor: &Client, anna: &Client, base: &str, username: &str) -> R {
    intake(visitor, base, "fier", username).await?;
    login(anna, base, "anna", "wachtwoord-anna-1").await?;
    wait_js(
        anna,
        "return document.querySelectorAll('#queue li').length === 1",
    )
    .await?;
    click_css(anna, "#queue li button").await?;
    wait_js(anna, "return document.activeElement.id === 'reply'").await?;
    Ok(())
}

#[tokio::test]
async fn the_panel_follows_the_live_chat_in_chromium() -> R {
    let Some(chromium) = Chromium::start().await? else {
        return Ok(());
    };
    let s = start_with("browser-assist", test_config()?).await?;
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    let base = format!("http://{}", s.addr);
    let visitor = chromium.window("assist-visitor", 500, 800).await?;
    let anna = chromium.window("assist-anna", 1400, 900).await?;
    let result = live(&visitor, &anna, &base).await;
    let _ = visitor.close().await;
    let _ = anna.close().await;
    result
}

async fn live(visitor: &Client, anna: &Client, base: &str) -> R {
    take_the_visitor(visitor, anna, base, "regenboog7").await?;
    wait_text(anna, "#assist-status", "Nog geen suggesties").await?;

    // Anna is typing a reply when the visitor writes.
    type_keys(anna, "Ik lees mee").await?;
    wait_visible(visitor, "chat").await?;
    type_keys(
        visitor,
        "mn vriend laat me met andere mannen afspreken voor geld en hij pakt alles",
    )
    .await?;
    press(visitor, Key::Enter, false).await?;

    // The panel fills by itself, without "Suggesties vernieuwen".
    wait_text(anna, "#assist-list li", "Hulpvraag over mensenhandel").await?;
    wait_text(anna, "#assist-list li", "Relatie of loverboy-zorgen").await?;
    let status = anna
        .find(Locator::Id("assist-status"))
        .await?
        .text()
        .await?;
    assert!(!status.contains("Nog geen"), "{status}");
    // Anna's focus and half-typed reply are untouched; nothing was set without her click.
    let kept = anna
        .execute(
            "return document.activeElement.id === 'reply' && document.getElementById('reply').value === 'Ik lees mee' \
             && !document.querySelector('input[name=trafficking]:checked[value=yes]') \
             && !document.querySelector('input[name=category]:checked')",
            vec![],
        )
        .await?;
    assert_eq!(kept.as_bool(), Some(true), "focus, draft or form changed");
    // A quote leads to its message in the chat (finding 6), marked as evidence (walk-console19,
    // finding 4).
    click_css(anna, "#assist-list li button.assist-quote").await?;
    wait_js(
        anna,
        "var m = document.querySelector('#transcript li.evidence'); return !!m && m.dataset.seq === '1' && document.activeElement === m",
    )
    .await?;
    axe(anna, "console with live suggestions").await?;
    shot(anna, "assist-01-live").await?;

    // A rejected proposal stays rejected when the panel refreshes after the next message.
    click_css(
        anna,
        "#assist-list button[aria-label='Afwijzen: Relatie of loverboy-zorgen']",
    )
    .await?;
    wait_text(anna, "#assist-status", "afgewezen").await?;
    type_keys(visitor, "hij zegt dat ik een schuld heb").await?;
    press(visitor, Key::Enter, false).await?;
    wait_text(anna, "#transcript li.msg.them", "schuld").await?;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let list = anna.find(Locator::Id("assist-list")).await?.text().await?;
    assert!(list.contains("Hulpvraag over mensenhandel"), "{list}");
    assert!(list.contains("Afgewezen door jou"), "{list}");
    let open = |label: &str| {
        format!("return !!document.querySelector(\"#assist-list button[aria-label='{label}']\")")
    };
    let buttons = anna
        .execute(&open("Afwijzen: Relatie of loverboy-zorgen"), vec![])
        .await?;
    assert_eq!(
        buttons.as_bool(),
        Some(false),
        "a rejected proposal is open again"
    );

    // Accepting sets the field; after a reload both decisions show as decided (finding 4).
    click_css(
        anna,
        "#assist-list button[aria-label='Invullen: Hulpvraag over mensenhandel: ja']",
    )
    .await?;
    wait_text(anna, "#assist-list", "Ingevuld door jou").await?;
    wait_text(
        anna,
        "#reg-status",
        "Hulpvraag over mensenhandel: ja is opgeslagen.",
    )
    .await?;
    anna.refresh().await?;
    wait_css(anna, "#mine li button").await?;
    click_css(anna, "#mine li button").await?;
    wait_text(anna, "#assist-list", "Ingevuld door jou").await?;
    wait_text(anna, "#assist-list", "Afgewezen door jou").await?;
    wait_js(
        anna,
        "return !!document.querySelector('input[name=trafficking][value=yes]:checked')",
    )
    .await?;
    for label in [
        "Invullen: Hulpvraag over mensenhandel: ja",
        "Afwijzen: Relatie of loverboy-zorgen",
    ] {
        let b = anna.execute(&open(label), vec![]).await?;
        assert_eq!(
            b.as_bool(),
            Some(false),
            "`{label}` offered again after a reload"
        );
    }
    axe(anna, "console with decided suggestions after a reload").await?;
    shot(anna, "assist-02-decided-after-reload").await?;

    // The visitor never sees a suggestion.
    let page = visitor.source().await?;
    for word in ["assist", "mensenhandel", "Invullen", "loverboy"] {
        assert!(!page.contains(word), "visitor page shows `{word}`");
    }
    Ok(())
}

/// Finding 9: a chat closed without a registration leaves the console, also after a reload,
/// and no screen shows a server's internal code.
#[tokio::test]
async fn a_chat_closed_without_registration_stays_closed_in_chromium() -> R {
    let Some(chromium) = Chromium::start().await? else {
        return Ok(());
    };
    let s = start_with("browser-ghost", test_config()?).await?;
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    let base = format!("http://{}", s.addr);
    let visitor = chromium.window("ghost-visitor", 500, 800).await?;
    let anna = chromium.window("ghost-anna", 1400, 900).await?;
    let result = ghost(&visitor, &anna, &base).await;
    let _ = visitor.close().await;
    let _ = anna.close().await;
    result
}

async fn ghost(visitor: &Client, anna: &Client, base: &str) -> R {
    take_the_visitor(visitor, anna, base, "controle").await?;
    wait_visible(visitor, "chat").await?;
    type_keys(visitor, "hallo").await?;
    press(visitor, Key::Enter, false).await?;
    wait_text(anna, "#transcript li.msg.them", "hallo").await?;
    type_keys(anna, "Hoi controle").await?;
    press(anna, Key::Enter, false).await?;
    wait_text(visitor, "#messages li.msg.them", "Hoi controle").await?;

    // End, then close with an empty registration: asked in a dialog, then "Sluiten zonder registratie".
    anna.find(Locator::Id("end-conv")).await?.click().await?;
    wait_visible(anna, "end-confirm").await?;
    wait_js(anna, "return document.activeElement.id === 'end-message'").await?;
    type_keys(anna, "Het lijkt erop dat je even weg bent.").await?;
    anna.find(Locator::Id("end-yes")).await?.click().await?;
    wait_visible(anna, "close-conv").await?;
    anna.find(Locator::Id("close-conv")).await?.click().await?;
    wait_text(anna, "#close-confirm", "De registratie is nog leeg").await?;
    anna.find(Locator::Id("close-anyway"))
        .await?
        .click()
        .await?;
    let none = "return document.querySelectorAll('#mine li, #mine-ended li').length === 0";
    wait_js(anna, none).await?;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    wait_js(anna, none).await?;

    // Also after a reload (the server offers the unregistered chat again): no nameless entry.
    anna.refresh().await?;
    wait_css(anna, "#queue-panel").await?;
    tokio::time::sleep(Duration::from_millis(3000)).await;
    // Anything that redraws the list (here: English and back) shows what the console holds.
    anna.find(Locator::Id("lang")).await?.click().await?;
    wait_js(anna, "return document.documentElement.lang === 'en'").await?;
    anna.find(Locator::Id("lang")).await?.click().await?;
    wait_js(anna, "return document.documentElement.lang === 'nl'").await?;
    let mine = anna.find(Locator::Id("mine")).await?.html(false).await?;
    assert!(
        anna.execute(none, vec![]).await?.as_bool() == Some(true),
        "a closed chat came back: {mine}"
    );
    let page = anna.find(Locator::Css("body")).await?.text().await?;
    assert!(
        !page.contains("unknown_") && !page.contains("# ·"),
        "{page}"
    );
    axe(anna, "console after closing without a registration").await?;
    shot(anna, "assist-03-closed-without-registration").await?;
    Ok(())
}
