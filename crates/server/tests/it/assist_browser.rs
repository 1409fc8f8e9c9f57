//! The suggestion panel in a live chat in headless Chromium: it follows the conversation by itself, keeps the counsellor's focus, keeps her decisions also after a reload, and the visitor never sees it; real key events, axe-core.

use std::time::Duration;

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use zicht_store::Role;

use crate::browser::{intake, login, press, type_keys, wait_visible};
use crate::util::{R, start_with, test_config};
use crate::web::{Chromium, axe, shot, wait_css, wait_js, wait_text};

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
    intake(visitor, base, "fier", "regenboog7").await?;
    login(anna, base, "anna", "wachtwoord-anna-1").await?;
    wait_js(
        anna,
        "return document.querySelectorAll('#queue li').length === 1",
    )
    .await?;
    anna.find(Locator::Css("#queue li button"))
        .await?
        .click()
        .await?;
    wait_js(anna, "return document.activeElement.id === 'reply'").await?;
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
    axe(anna, "console with live suggestions").await?;
    shot(anna, "assist-01-live").await?;

    // A rejected proposal stays rejected when the panel refreshes after the next message.
    anna.find(Locator::Css(
        "#assist-list button[aria-label='Afwijzen: Relatie of loverboy-zorgen']",
    ))
    .await?
    .click()
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
    anna.find(Locator::Css(
        "#assist-list button[aria-label='Overnemen: Hulpvraag over mensenhandel']",
    ))
    .await?
    .click()
    .await?;
    wait_text(anna, "#assist-list", "Overgenomen door jou").await?;
    wait_text(anna, "#reg-status", "Opgeslagen").await?;
    anna.refresh().await?;
    wait_css(anna, "#mine li button").await?;
    anna.find(Locator::Css("#mine li button"))
        .await?
        .click()
        .await?;
    wait_text(anna, "#assist-list", "Overgenomen door jou").await?;
    wait_text(anna, "#assist-list", "Afgewezen door jou").await?;
    wait_js(
        anna,
        "return !!document.querySelector('input[name=trafficking][value=yes]:checked')",
    )
    .await?;
    for label in [
        "Overnemen: Hulpvraag over mensenhandel",
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
    for word in ["assist", "mensenhandel", "Overnemen", "loverboy"] {
        assert!(!page.contains(word), "visitor page shows `{word}`");
    }
    Ok(())
}
