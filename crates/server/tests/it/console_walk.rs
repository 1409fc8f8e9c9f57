//! What a counsellor found walking a shift (walk-console12), driven again in headless Chromium with
//! real key events and clicks and checked with axe-core: unsaved registration edits stay with
//! their chat, the end names the visitor, "Invullen" sets only its own field, each quote is its
//! own item with its message's time, a closed chat's registration can be checked and corrected,
//! and the visitor's page does not grow below the chat.

use std::time::Duration;

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use zicht_store::Role;

use crate::browser::{LOVERBOY, intake, login, press, type_keys, wait_visible};
use crate::util::{R, Server, start_with, test_config};
use crate::web::{Chromium, axe, has_text, shot, wait_css, wait_js, wait_text};
use zicht_server::Config;

/// Scrolls `e` to the middle of the window (as a person scrolls to what is hidden under the
/// sticky top bar) and clicks it for real.
async fn centred_click(c: &Client, e: fantoccini::elements::Element) -> R {
    let arg = serde_json::to_value(&e)?;
    c.execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])
        .await?;
    e.click().await?;
    Ok(())
}

/// A real click on `css`, retried while the page redraws.
async fn click_css(c: &Client, css: &str) -> R {
    let mut last = String::new();
    for _ in 0..50 {
        match c.find(Locator::Css(css)).await {
            Ok(e) => match centred_click(c, e).await {
                Ok(_) => return Ok(()),
                Err(err) => last = err.to_string(),
            },
            Err(err) => last = err.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("could not click `{css}`: {last}").into())
}

/// A real click on the conversation tab (running or ended) of the visitor `nick`.
async fn click_tab(c: &Client, nick: &str) -> R {
    let xpath = format!(
        "//ul[@id='mine' or @id='mine-ended']//button[starts-with(normalize-space(.), '{nick} ')]"
    );
    let mut last = String::new();
    for _ in 0..50 {
        match c.find(Locator::XPath(&xpath)).await {
            Ok(e) => match centred_click(c, e).await {
                Ok(_) => return Ok(()),
                Err(err) => last = err.to_string(),
            },
            Err(err) => last = err.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("no tab of `{nick}`: {last}").into())
}

/// The visitor `nick` starts a chat on fier and `anna` (logged in) takes it from the queue.
async fn take(visitor: &Client, anna: &Client, base: &str, nick: &str) -> R {
    intake(visitor, base, "fier", nick).await?;
    wait_text(anna, "#queue li", nick).await?;
    let xpath = format!("//ul[@id='queue']//li[contains(., '{nick}')]//button");
    anna.find(Locator::XPath(&xpath)).await?.click().await?;
    wait_text(anna, "#conv-h", nick).await?;
    wait_js(anna, "return document.activeElement.id === 'reply'").await?;
    Ok(())
}

fn registration_of(s: &Server, nick: &str) -> R<Option<zicht_store::Registration>> {
    let conn = s.app.db.store().connect()?;
    let all = conn.conversations(zicht_store::Filter::default())?;
    let info = all
        .into_iter()
        .rev()
        .find(|c| c.username == nick)
        .ok_or_else(|| format!("no conversation of {nick}"))?;
    Ok(conn.registration(info.id)?)
}

/// The form as the page holds it: [trafficking, first_time, categories, referrals, notes].
const FORM: &str = "var v = function (n) { var t = document.querySelector('input[name=' + n + ']:checked'); return t ? t.value : null; }; \
    var all = function (n) { return Array.from(document.querySelectorAll('input[name=' + n + ']:checked'), function (i) { return i.value; }).join(','); }; \
    return [v('trafficking'), v('first_time'), all('category'), all('referral'), document.getElementById('notes').value].join('|');";

async fn form(c: &Client) -> R<String> {
    Ok(c.execute(FORM, vec![])
        .await?
        .as_str()
        .unwrap_or_default()
        .to_string())
}

async fn wait_form(c: &Client, want: &str) -> R {
    for _ in 0..100 {
        if form(c).await? == want {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("form is `{}`, not `{want}`", form(c).await?).into())
}

/// Findings 5 and 12: unsaved edits survive switching chats, clicking the open chat again and
/// ending; the tab says the registration is not saved; the end names the visitor and warns.
#[tokio::test]
async fn unsaved_registration_edits_stay_with_their_chat_in_chromium() -> R {
    with_two_visitors("unsaved", async |s, noor, sem, anna, base| {
        unsaved(s, noor, sem, anna, base).await
    })
    .await
}

async fn unsaved(s: &Server, noor: &Client, sem: &Client, anna: &Client, base: &str) -> R {
    login(anna, base, "anna", "wachtwoord-anna-1").await?;
    take(noor, anna, base, "noor").await?;
    take(sem, anna, base, "sem").await?;

    // In noor's chat: first time, loverboy worries, Kindertelefoon and a note; not saved.
    click_tab(anna, "noor").await?;
    wait_text(anna, "#conv-h", "noor").await?;
    wait_form(anna, "||||").await?;
    click_css(anna, "input[name=first_time][value=yes]").await?;
    click_css(anna, "input[name=category][value=relationship]").await?;
    click_css(anna, "input[name=referral][value=kindertelefoon]").await?;
    click_css(anna, "#notes").await?;
    type_keys(anna, "Vriend regelt afspraken").await?;
    let edited = "|yes|relationship|kindertelefoon|Vriend regelt afspraken";
    wait_form(anna, edited).await?;
    wait_text(anna, "#mine li", "registratie niet opgeslagen").await?;

    // To sem's chat: sem's own (empty) form; back to noor: her edits are there.
    click_tab(anna, "sem").await?;
    wait_text(anna, "#conv-h", "sem").await?;
    wait_form(anna, "||||").await?;
    click_tab(anna, "noor").await?;
    wait_text(anna, "#conv-h", "noor").await?;
    wait_form(anna, edited).await?;
    // Clicking the open chat again keeps them too.
    click_tab(anna, "noor").await?;
    tokio::time::sleep(Duration::from_millis(800)).await;
    wait_form(anna, edited).await?;
    assert!(
        registration_of(s, "noor")?.is_none(),
        "saved without a click"
    );
    // A reload would lose them: the page asks the browser to ask first.
    let asks = "var e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented;";
    assert_eq!(
        anna.execute(asks, vec![]).await?.as_bool(),
        Some(true),
        "a reload would not ask"
    );

    // Ending asks by name and says the registration is not saved; Escape cancels.
    click_css(anna, "#end-conv").await?;
    wait_visible(anna, "end-confirm").await?;
    wait_text(anna, "#end-confirm-q", "Gesprek met noor beëindigen?").await?;
    wait_text(anna, "#end-unsaved", "Je registratie van noor").await?;
    wait_js(anna, "return document.activeElement.id === 'end-message'").await?;
    axe(anna, "end dialog with unsaved registration").await?;
    shot(anna, "walk-01-end-dialog-unsaved").await?;
    press(anna, Key::Escape, false).await?;
    wait_js(
        anna,
        "return document.getElementById('end-confirm').hidden && document.activeElement.id === 'end-conv'",
    )
    .await?;
    // Ended for real: the edits are still there, also after switching away and back.
    click_css(anna, "#end-conv").await?;
    wait_visible(anna, "end-confirm").await?;
    click_css(anna, "#end-yes").await?;
    wait_visible(anna, "close-conv").await?;
    wait_form(anna, edited).await?;
    click_tab(anna, "sem").await?;
    wait_text(anna, "#conv-h", "sem").await?;
    click_tab(anna, "noor").await?;
    wait_visible(anna, "close-conv").await?;
    wait_form(anna, edited).await?;
    axe(anna, "ended chat with kept edits").await?;
    shot(anna, "walk-02-ended-edits-kept").await?;

    // "Registratie opslaan en sluiten" asks first (the flag is unknown), then stores exactly
    // what she chose.
    click_css(anna, "#close-conv").await?;
    wait_visible(anna, "close-confirm").await?;
    click_css(anna, "#close-anyway").await?;
    wait_js(
        anna,
        "return !Array.from(document.querySelectorAll('#mine-ended li')).some(function (l) { return l.textContent.indexOf('noor') >= 0; })",
    )
    .await?;
    assert_eq!(
        anna.execute(asks, vec![]).await?.as_bool(),
        Some(false),
        "asks with nothing unsaved"
    );
    let reg = registration_of(s, "noor")?.ok_or("noor's registration was not saved")?;
    assert_eq!(reg.first_time, Some(true));
    assert_eq!(reg.trafficking, None);
    assert_eq!(reg.categories, vec!["relationship".to_string()]);
    assert_eq!(reg.referrals, vec!["kindertelefoon".to_string()]);
    assert_eq!(reg.notes, "Vriend regelt afspraken");
    Ok(())
}

/// Finding 10: "Invullen" sets and saves only its own field; the counsellor's other unsaved
/// edits stay unsaved (and the page says so); once every suggestion is decided the panel says
/// so instead of "Nog geen suggesties".
#[tokio::test]
async fn accepting_a_suggestion_saves_only_its_field_in_chromium() -> R {
    with_one_visitor("accept-one", async |s, visitor, anna, base| {
        accept_one(s, visitor, anna, base).await
    })
    .await
}

async fn accept_one(s: &Server, visitor: &Client, anna: &Client, base: &str) -> R {
    login(anna, base, "anna", "wachtwoord-anna-1").await?;
    take(visitor, anna, base, "jayjay").await?;
    wait_visible(visitor, "chat").await?;
    type_keys(
        visitor,
        "mn vriend laat me met andere mannen afspreken voor geld en hij pakt alles",
    )
    .await?;
    press(visitor, Key::Enter, false).await?;
    wait_text(anna, "#assist-list li", "Hulpvraag over mensenhandel").await?;
    wait_text(anna, "#assist-list li", "Relatie of loverboy-zorgen").await?;
    reject_the_form(anna).await?;

    // Anna types a note and ticks "eerste keer", and saves neither.
    click_css(anna, "input[name=first_time][value=yes]").await?;
    click_css(anna, "#notes").await?;
    type_keys(anna, "Nog navragen").await?;
    click_css(
        anna,
        "#assist-list button[aria-label='Invullen: Hulpvraag over mensenhandel: ja']",
    )
    .await?;
    wait_text(anna, "#assist-list", "Ingevuld door jou").await?;
    let reg = registration_of(s, "jayjay")?.ok_or("the accepted field was not saved")?;
    assert_eq!(reg.trafficking, Some(true));
    assert_eq!(reg.notes, "", "an unsaved note was saved");
    assert_eq!(reg.first_time, None, "an unsaved edit was saved");
    wait_text(
        anna,
        "#reg-status",
        "Hulpvraag over mensenhandel: ja is opgeslagen.",
    )
    .await?;
    wait_text(anna, "#reg-status", "Jouw eigen wijzigingen nog niet").await?;
    wait_form(anna, "yes|yes|||Nog navragen").await?;
    wait_text(anna, "#mine li", "registratie niet opgeslagen").await?;

    // The last suggestion decided: the panel says all were reviewed, not "nothing yet".
    click_css(
        anna,
        "#assist-list button[aria-label='Afwijzen: Relatie of loverboy-zorgen']",
    )
    .await?;
    wait_text(anna, "#assist-status", "Alle suggesties zijn bekeken").await?;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    click_css(anna, "#assist-refresh").await?;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let status = anna
        .find(Locator::Id("assist-status"))
        .await?
        .text()
        .await?;
    assert!(
        status.contains("Alle suggesties zijn bekeken") && !status.contains("Nog geen"),
        "{status}"
    );
    axe(anna, "every suggestion decided, other edits unsaved").await?;
    shot(anna, "walk-03-accepted-one-field").await?;

    // Her own save stores the rest.
    click_css(anna, "#reg-form button[type=submit]").await?;
    wait_text(anna, "#reg-status", "Opgeslagen.").await?;
    let reg = registration_of(s, "jayjay")?.ok_or("not saved")?;
    assert_eq!(
        (reg.trafficking, reg.first_time, reg.notes.as_str()),
        (Some(true), Some(true), "Nog navragen")
    );
    assert!(reg.categories.is_empty(), "{:?}", reg.categories);
    Ok(())
}

/// Finding 6: each quote is its own item and says, in visible words, which message it is from
/// (the visitor's, and its time as the transcript shows it); nothing joins quotes with "…".
/// walk-console14, finding 7: and which of her messages it is ("2e bericht van de bezoeker,
/// 13:10"), so two messages in the same minute are told apart.
#[tokio::test]
async fn each_quote_says_which_message_it_is_from_in_chromium() -> R {
    with_one_visitor("quotes", async |_, visitor, anna, base| {
        quotes(visitor, anna, base).await
    })
    .await
}

async fn quotes(visitor: &Client, anna: &Client, base: &str) -> R {
    login(anna, base, "anna", "wachtwoord-anna-1").await?;
    take(visitor, anna, base, "regenboog7").await?;
    wait_visible(visitor, "chat").await?;
    for line in [
        "mn vriend laat me met andere mannen afspreken",
        "die betalen hem en hij pakt alles, ik heb geen geld",
    ] {
        type_keys(visitor, line).await?;
        press(visitor, Key::Enter, false).await?;
        has_text(anna, "#transcript", &line[..12]).await?;
    }
    has_text(anna, "#assist-list", "Hulpvraag over mensenhandel").await?;
    wait_css(anna, "#assist-list .assist-quotes li").await?;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    // Every quote: its own item, the words of the visitor's message and the time the transcript shows
    // (since fix45, finding 1, one item per sentence of a card, with every word quoted in it marked:
    // a sentence never twice in one card).
    let check = anna
        .execute(
            "var bad = []; var n = 0; var seen = {}; \
             document.querySelectorAll('#assist-list .assist-item').forEach(function (item) { \
               var q = item.querySelector('.assist-quotes'); \
               if (!q || q.textContent.indexOf('…') >= 0) { bad.push('joined: ' + item.textContent); } \
             }); \
             document.querySelectorAll('#assist-list .assist-quotes > li').forEach(function (li) { \
               n += 1; \
               var msg = document.querySelector('#transcript li[data-seq=\"' + li.dataset.seq + '\"]'); \
               var time = msg ? msg.querySelector('.meta').textContent : '?'; \
               var words = li.querySelector('q').textContent; \
               var key = li.closest('.assist-item').dataset.field + '|' + li.dataset.seq + '|' + li.querySelector('.assist-quote').textContent; \
               if (seen[key]) { bad.push('one sentence twice in a card: ' + li.textContent); } seen[key] = true; \
               var nth = Array.from(document.querySelectorAll('#transcript li.msg.them')).indexOf(msg) + 1; \
               if (li.textContent.indexOf(nth + 'e bericht van de bezoeker, ' + time) < 0) { bad.push('no message: ' + li.textContent + ' / ' + nth + ' ' + time); } \
               li.querySelectorAll('q').forEach(function (q) { words = q.textContent; \
                 if (!msg || msg.querySelector('.text').textContent.toLowerCase().indexOf(words.toLowerCase()) < 0) { bad.push('not from its message: ' + words); } }); \
             }); \
             return n ? bad.join(' | ') : 'no quotes';",
            vec![],
        )
        .await?;
    assert_eq!(check.as_str(), Some(""), "{check}");
    axe(anna, "suggestions with quotes as items").await?;
    shot(anna, "walk-04-quotes-as-items").await?;
    // In English too.
    click_css(anna, "#lang").await?;
    wait_js(
        anna,
        "return /the visitor's \\d+(st|nd|rd|th) message, \\d\\d:\\d\\d/.test(document.getElementById('assist-list').textContent)",
    )
    .await?;
    click_css(anna, "#lang").await?;
    wait_js(
        anna,
        "return /\\d+e bericht van de bezoeker, \\d\\d:\\d\\d/.test(document.getElementById('assist-list').textContent)",
    )
    .await?;
    Ok(())
}

/// Finding 8: after "Registratie opslaan en sluiten" the counsellor finds the chat under
/// "Gesloten gesprekken", reads its registration (no transcript) and corrects it; the correction
/// is stored with who and when, as a save; also after a reload.
#[tokio::test]
async fn a_closed_chats_registration_can_be_checked_and_corrected_in_chromium() -> R {
    with_one_visitor("closed", async |s, visitor, anna, base| {
        closed(s, visitor, anna, base).await
    })
    .await
}

async fn closed(s: &Server, visitor: &Client, anna: &Client, base: &str) -> R {
    login(anna, base, "anna", "wachtwoord-anna-1").await?;
    take(visitor, anna, base, "student22").await?;
    wait_visible(visitor, "chat").await?;
    type_keys(visitor, "ik heb een vraag over huur").await?;
    press(visitor, Key::Enter, false).await?;
    wait_text(anna, "#transcript li.msg.them", "huur").await?;
    click_css(anna, "input[name=trafficking][value=no]").await?;
    click_css(anna, "#end-conv").await?;
    wait_visible(anna, "end-confirm").await?;
    click_css(anna, "#end-yes").await?;
    wait_visible(anna, "close-conv").await?;
    click_css(anna, "#close-conv").await?;
    wait_js(
        anna,
        "return document.querySelectorAll('#mine li, #mine-ended li').length === 0",
    )
    .await?;
    let first = registration_of(s, "student22")?.ok_or("not saved at the close")?;
    assert_eq!(first.trafficking, Some(false));

    // After a reload too: "Gesloten gesprekken" lists it; it opens with its registration only.
    anna.refresh().await?;
    wait_visible(anna, "closed-box").await?;
    click_css(anna, "#closed-box summary").await?;
    wait_text(anna, "#closed-list li", "student22").await?;
    wait_text(anna, "#closed-list li", "registratie opgeslagen").await?;
    click_css(anna, "#closed-list li button").await?;
    wait_visible(anna, "registration").await?;
    wait_text(anna, "#reg-closed", "Gesloten gesprek met student22").await?;
    wait_js(anna, "return document.activeElement.id === 'reg-h'").await?;
    wait_form(anna, "no||||").await?;
    let hidden = anna
        .execute(
            "return document.getElementById('conversation').hidden && !document.querySelector('#transcript li') \
             && !document.querySelector('#mine li, #mine-ended li')",
            vec![],
        )
        .await?;
    assert_eq!(hidden.as_bool(), Some(true), "transcript or tab shown");
    axe(anna, "a closed chat's registration").await?;
    shot(anna, "walk-05-closed-registration").await?;

    // She corrects it with the keyboard: "ja, de eerste keer" and a note, then saves.
    click_css(anna, "input[name=first_time][value=yes]").await?;
    click_css(anna, "#notes").await?;
    type_keys(anna, "Alleen huurvraag").await?;
    press(anna, Key::Tab, false).await?;
    wait_js(
        anna,
        "return document.activeElement.matches('#reg-form button[type=submit]')",
    )
    .await?;
    press(anna, Key::Enter, false).await?;
    wait_text(anna, "#reg-status", "Opgeslagen.").await?;
    let reg = registration_of(s, "student22")?.ok_or("gone")?;
    assert_eq!(
        (reg.trafficking, reg.first_time, reg.notes.as_str()),
        (Some(false), Some(true), "Alleen huurvraag")
    );
    Ok(())
}

/// Finding 13: after a reload on a phone the visitor's page is as tall as what it shows, with
/// no blank screen below the chat; the screen-reader labels ("Jij:", "Hulpverlener:") stay.
#[tokio::test]
async fn the_visitors_page_does_not_grow_below_the_chat_in_chromium() -> R {
    let sizes = [(500, 701), (1400, 900)];
    with_windows("tall", test_config()?, &sizes, async |_, w, base| {
        tall(&w[0], &w[1], base).await
    })
    .await
}

/// The page's height, the bottom of what it shows (in page coordinates) and how far it is scrolled.
const HEIGHTS: &str = "var bottom = 0; \
    document.querySelectorAll('body *').forEach(function (e) { \
      if (e.closest('.sr-only') || !e.getClientRects().length) { return; } \
      var list = e.closest('#messages'); \
      var r = (list && list !== e ? list : e).getBoundingClientRect(); \
      bottom = Math.max(bottom, r.bottom + window.scrollY); \
    }); \
    return [document.documentElement.scrollHeight, Math.ceil(bottom), window.scrollY + window.innerHeight, \
      document.querySelectorAll('#messages .sr-only').length, \
      (function (l) { return l.scrollHeight - l.scrollTop - l.clientHeight; })(document.getElementById('messages'))];";

async fn tall(visitor: &Client, anna: &Client, base: &str) -> R {
    login(anna, base, "anna", "wachtwoord-anna-1").await?;
    take(visitor, anna, base, "noor").await?;
    wait_visible(visitor, "chat").await?;
    for i in 0..8 {
        type_keys(
            visitor,
            &format!("bericht nummer {i}, een wat langer verhaal over wat er thuis gebeurt"),
        )
        .await?;
        press(visitor, Key::Enter, false).await?;
        has_text(anna, "#transcript", &format!("nummer {i}")).await?;
    }
    type_keys(anna, "Ik ben er, vertel maar.").await?;
    press(anna, Key::Enter, false).await?;
    has_text(visitor, "#messages", "vertel maar").await?;
    visitor.refresh().await?;
    has_text(visitor, "#messages", "vertel maar").await?;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let h = visitor.execute(HEIGHTS, vec![]).await?;
    let n = |i: usize| h[i].as_i64().unwrap_or(-1);
    let (height, bottom, seen, labels, below) = (n(0), n(1), n(2), n(3), n(4));
    assert!(labels >= 9, "screen-reader labels gone: {labels}");
    assert!(
        height <= bottom + 40,
        "the page is {height} px tall, what it shows ends at {bottom} px"
    );
    assert!(
        seen <= bottom + 40,
        "scrolled to {seen} px, below what the page shows ({bottom} px)"
    );
    assert!(
        below <= 5,
        "the newest message is not in view: {below} px below"
    );
    axe(visitor, "visitor's chat after a reload").await?;
    shot(visitor, "walk-06-visitor-after-reload").await?;
    Ok(())
}

/// walk-console14, finding 3 (and finding 1's last point): a suggestion card says the value
/// "Invullen" sets ("Hulpvraag over mensenhandel: ja" / ": nee"), and a "no" found by the rules
/// says what the chat seems to be instead, not "gevonden in de tekst" as if the text said "no".
#[tokio::test]
async fn a_suggestion_card_says_the_value_it_sets_in_chromium() -> R {
    with_two_visitors("card-value", async |s, jay, lotje, anna, base| {
        card_value(s, jay, lotje, anna, base).await
    })
    .await
}

async fn card_value(s: &Server, jay: &Client, lotje: &Client, anna: &Client, base: &str) -> R {
    login(anna, base, "anna", "wachtwoord-anna-1").await?;
    take(jay, anna, base, "jayjay").await?;
    wait_visible(jay, "chat").await?;
    type_keys(
        jay,
        "mn vriend laat me met andere mannen afspreken voor geld en hij pakt alles",
    )
    .await?;
    press(jay, Key::Enter, false).await?;
    wait_text(anna, "#assist-list li", "Hulpvraag over mensenhandel: ja").await?;
    // The category card keeps the category's name.
    wait_text(anna, "#assist-list li", "Relatie of loverboy-zorgen").await?;
    click_css(
        anna,
        "#assist-list button[aria-label='Invullen: Hulpvraag over mensenhandel: ja']",
    )
    .await?;
    wait_text(anna, "#assist-list", "Ingevuld door jou").await?;
    let reg = registration_of(s, "jayjay")?.ok_or("the accepted field was not saved")?;
    assert_eq!(reg.trafficking, Some(true));
    axe(anna, "a card that says ja").await?;

    // Sextortion only: the rules find what the chat is instead of trafficking.
    take(lotje, anna, base, "lotje").await?;
    wait_visible(lotje, "chat").await?;
    for line in [
        "ik heb fotos gestuurd naar iemand online",
        "nu zegt hij dat hij ze doorstuurt als ik niet betaal",
    ] {
        type_keys(lotje, line).await?;
        press(lotje, Key::Enter, false).await?;
        has_text(anna, "#transcript", &line[..12]).await?;
    }
    let card = wait_text(anna, "#assist-list li", "Hulpvraag over mensenhandel: nee").await?;
    let text = card.text().await?;
    assert!(
        text.contains("lijkt iets anders: ") && text.contains(", gevonden in de tekst"),
        "{text}"
    );
    assert!(!text.contains("(gevonden in de tekst)"), "{text}");
    assert!(!text.contains("Geen hulpvraag"), "{text}");
    axe(anna, "a card that says nee").await?;
    shot(anna, "walk-07-card-says-nee").await?;
    click_css(anna, "#lang").await?;
    wait_text(
        anna,
        "#assist-list li",
        "Help request about human trafficking: no",
    )
    .await?;
    wait_text(anna, "#assist-list li", "seems to be something else: ").await?;
    Ok(())
}

/// walk-console14, finding 6: after "Registratie opslaan en sluiten" a visible line says the
/// registration was saved and where the chat is now.
#[tokio::test]
async fn closing_says_the_registration_was_saved_in_chromium() -> R {
    with_one_visitor("close-said", async |_, visitor, anna, base| {
        close_said(visitor, anna, base).await
    })
    .await
}

async fn close_said(visitor: &Client, anna: &Client, base: &str) -> R {
    login(anna, base, "anna", "wachtwoord-anna-1").await?;
    take(visitor, anna, base, "student22").await?;
    wait_visible(visitor, "chat").await?;
    type_keys(visitor, "mijn huisbaas wil de huur verdubbelen").await?;
    press(visitor, Key::Enter, false).await?;
    has_text(anna, "#transcript", "huisbaas").await?;
    click_css(anna, "input[name=trafficking][value=no]").await?;
    click_css(anna, "#end-conv").await?;
    wait_visible(anna, "end-confirm").await?;
    click_css(anna, "#end-yes").await?;
    wait_visible(anna, "close-conv").await?;
    click_css(anna, "#close-conv").await?;
    let said = "opgeslagen; het gesprek staat onder Gesloten gesprekken";
    has_text(anna, "#queue-status", said).await?;
    has_text(anna, "#queue-status", "Registratie van student22").await?;
    // Visible: on the screen, not in a hidden panel.
    let seen = anna
        .execute(
            "var e = document.getElementById('queue-status'); var r = e.getBoundingClientRect(); \
             return e.offsetParent !== null && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight;",
            vec![],
        )
        .await?;
    assert_eq!(
        seen.as_bool(),
        Some(true),
        "the confirmation is not in view"
    );
    axe(anna, "registration saved and closed").await?;
    shot(anna, "walk-08-saved-and-closed").await?;
    Ok(())
}

/// walk-console14, finding 10: no internal "#b53a" suffix after a visitor's name (two equal
/// names are told apart in words, "(2)"), the page title in words, and the transfer fold-out
/// has a visible disclosure marker.
#[tokio::test]
async fn names_title_and_fold_out_read_as_words_in_chromium() -> R {
    with_two_visitors("words", async |_, one, two, anna, base| {
        words(one, two, anna, base).await
    })
    .await
}

/// The console's visible text holds no "#" and four hex digits.
const NO_TAG: &str = "return !/#[0-9a-f]{4}/i.test(document.body.innerText);";

async fn words(one: &Client, two: &Client, anna: &Client, base: &str) -> R {
    login(anna, base, "anna", "wachtwoord-anna-1").await?;
    let title = anna.execute("return document.title", vec![]).await?;
    assert_eq!(title.as_str(), Some("Hulpverlenersconsole — zicht"));
    take(one, anna, base, "sterretje").await?;
    has_text(anna, "#conv-h", "sterretje").await?;
    wait_js(anna, NO_TAG).await?;
    let h = anna.find(Locator::Id("conv-h")).await?.text().await?;
    assert!(h.starts_with("sterretje ·"), "{h}");
    // A second "sterretje": the two are told apart in words.
    intake(two, base, "fier", "sterretje").await?;
    wait_js(
        anna,
        "return document.querySelectorAll('#queue li').length === 1 && document.querySelector('#queue li').textContent.indexOf('sterretje (2)') >= 0",
    )
    .await?;
    click_css(anna, "#queue li button").await?;
    has_text(anna, "#conv-h", "sterretje (2)").await?;
    // The earlier visit plain, the later "(2)", by when each started (walk48, S3).
    wait_js(
        anna,
        "return Array.from(document.querySelectorAll('#mine .nick'), function (n) { return n.textContent.split(' · ')[0]; }).sort().join('|') === 'sterretje|sterretje (2)'",
    )
    .await?;
    wait_js(anna, NO_TAG).await?;
    // The transfer form opens from the header's "Overdragen aan collega" (walk-console34, finding 1: its
    // fold-out line no longer takes the chat's room), which says it is open; its fold-out line
    // shows that it is open, and closes it again, back on "Overdragen aan collega".
    let marker = "var s = document.querySelector('#transfer-box summary'); \
        var b = getComputedStyle(s, '::before').content; \
        return getComputedStyle(s).display === 'list-item' ? 'list-item' : b;";
    wait_js(
        anna,
        "return getComputedStyle(document.getElementById('transfer-box')).display === 'none' \
        && document.getElementById('transfer-open').getAttribute('aria-expanded') === 'false'",
    )
    .await?;
    click_css(anna, "#transfer-open").await?;
    wait_js(anna, "return document.getElementById('transfer-box').open && document.activeElement.id === 'transfer-to' \
        && document.getElementById('transfer-open').getAttribute('aria-expanded') === 'true'").await?;
    let open = anna.execute(marker, vec![]).await?;
    let open = open.as_str().unwrap_or_default().to_string();
    assert!(
        open == "list-item" || (open != "none" && open != "normal" && !open.is_empty()),
        "no disclosure marker: {open}"
    );
    axe(anna, "two visitors with the same name, transfer open").await?;
    shot(anna, "walk-09-names-in-words").await?;
    click_css(anna, "#transfer-box summary").await?;
    wait_js(anna, "return !document.getElementById('transfer-box').open && document.activeElement.id === 'transfer-open' \
        && document.getElementById('transfer-open').getAttribute('aria-expanded') === 'false'").await?;
    click_css(anna, "#lang").await?;
    wait_js(
        anna,
        "return document.title.indexOf('Counsellor console — zicht') >= 0",
    )
    .await?;
    Ok(())
}

/// walk-console14, finding 9: the end notice stands where it happened (after the last message)
/// and says "door jou" to the counsellor who ended it.
#[tokio::test]
async fn the_end_notice_stands_at_the_end_and_says_door_jou_in_chromium() -> R {
    with_one_visitor("end-notice", async |_, visitor, anna, base| {
        end_notice(visitor, anna, base).await
    })
    .await
}

async fn end_notice(visitor: &Client, anna: &Client, base: &str) -> R {
    login(anna, base, "anna", "wachtwoord-anna-1").await?;
    take(visitor, anna, base, "student22").await?;
    wait_visible(visitor, "chat").await?;
    type_keys(visitor, "ik heb een vraag over huur").await?;
    press(visitor, Key::Enter, false).await?;
    has_text(anna, "#transcript", "huur").await?;
    type_keys(anna, "Daar kan het Juridisch Loket je mee helpen.").await?;
    press(anna, Key::Enter, false).await?;
    has_text(anna, "#transcript li.msg.me", "Juridisch Loket").await?;
    click_css(anna, "#end-conv").await?;
    wait_visible(anna, "end-confirm").await?;
    click_css(anna, "#end-yes").await?;
    wait_visible(anna, "close-conv").await?;
    wait_js(
        anna,
        "var l = document.querySelector('#transcript li:last-child'); \
         return !!l && l.textContent.indexOf('Het gesprek is beëindigd door jou.') >= 0",
    )
    .await?;
    let check = anna
        .execute(
            "var all = document.getElementById('conversation').innerText; \
             var first = document.querySelector('#transcript li'); \
             return [all.indexOf('een hulpverlener') < 0, \
               document.getElementById('conv-status').textContent.indexOf('beëindigd') < 0, \
               first.textContent.indexOf('huur') >= 0];",
            vec![],
        )
        .await?;
    assert_eq!(check, serde_json::json!([true, true, true]), "{check}");
    axe(anna, "the end notice after the last message").await?;
    shot(anna, "walk-10-end-notice-at-the-end").await?;
    Ok(())
}

/// Starts Chromium and a server on `config` named `browser-NAME` with the counsellor anna (not
/// logged in), opens a window of each of `sizes` (width, height), runs `walk` with the server, the
/// windows in that order and the server's base URL, and closes every window. Skipped (`Ok`)
/// without Chromium.
async fn with_windows<F>(name: &str, config: Config, sizes: &[(u32, u32)], walk: F) -> R
where
    F: AsyncFnOnce(&Server, &[Client], &str) -> R,
{
    let Some(chromium) = Chromium::start().await? else {
        return Ok(());
    };
    let s = start_with(&format!("browser-{name}"), config).await?;
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    let base = format!("http://{}", s.addr);
    let mut windows = Vec::new();
    for (i, (width, height)) in sizes.iter().enumerate() {
        match chromium
            .window(&format!("{name}-{i}"), *width, *height)
            .await
        {
            Ok(w) => windows.push(w),
            Err(e) => {
                for w in windows {
                    let _ = w.close().await;
                }
                return Err(e);
            }
        }
    }
    let result = walk(&s, &windows, &base).await;
    for w in windows {
        let _ = w.close().await;
    }
    result
}

/// A visitor's window (500x800) and anna's (1400x900) on the test configuration: see
/// `with_windows`.
async fn with_one_visitor<F>(name: &str, walk: F) -> R
where
    F: AsyncFnOnce(&Server, &Client, &Client, &str) -> R,
{
    with_one_visitor_at(name, (1400, 900), walk).await
}

/// As `with_one_visitor`, with anna's window `size` (width, height).
async fn with_one_visitor_at<F>(name: &str, size: (u32, u32), walk: F) -> R
where
    F: AsyncFnOnce(&Server, &Client, &Client, &str) -> R,
{
    let sizes = [(500, 800), size];
    with_windows(name, test_config()?, &sizes, async |s, w, base| {
        walk(s, &w[0], &w[1], base).await
    })
    .await
}

/// The visitor `nick` writes LOVERBOY and both suggestions appear in anna's panel.
async fn two_suggestions(visitor: &Client, anna: &Client, base: &str, nick: &str) -> R {
    login(anna, base, "anna", "wachtwoord-anna-1").await?;
    take(visitor, anna, base, nick).await?;
    wait_visible(visitor, "chat").await?;
    type_keys(visitor, LOVERBOY).await?;
    press(visitor, Key::Enter, false).await?;
    wait_text(anna, "#assist-list li", "Hulpvraag over mensenhandel: ja").await?;
    wait_text(anna, "#assist-list li", "Relatie of loverboy-zorgen").await?;
    Ok(())
}

/// LOVERBOY also brings a third card, the form of exploitation: rejected with a real click for the
/// walks about the flag and the category (the focus back in the reply box).
async fn reject_the_form(anna: &Client) -> R {
    click_css(
        anna,
        "#assist-list button[aria-label='Afwijzen: Vorm van uitbuiting: seksuele uitbuiting']",
    )
    .await?;
    has_text(
        anna,
        "#assist-list",
        "Afgewezen door jou: Vorm van uitbuiting",
    )
    .await?;
    click_css(anna, "#reply").await?;
    Ok(())
}

/// walk-console16, finding 1: "Nog geen suggesties" says why, from what the server knows: the
/// visitor has not written yet, has written little, or nothing in it was found; and that
/// suggestions come as the chat goes on.
#[tokio::test]
async fn an_empty_panel_says_why_in_chromium() -> R {
    with_one_visitor("empty-why", async |_, visitor, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take(visitor, anna, base, "student22").await?;
        has_text(anna, "#assist-status", "de bezoeker heeft nog niets geschreven").await?;
        has_text(anna, "#assist-status", "zodra de bezoeker").await?;
        wait_visible(visitor, "chat").await?;
        type_keys(visitor, "hoi").await?;
        press(visitor, Key::Enter, false).await?;
        has_text(anna, "#transcript", "hoi").await?;
        has_text(anna, "#assist-status", "nog weinig geschreven (1 woord)").await?;
        has_text(anna, "#assist-status", "als het gesprek verdergaat").await?;
        axe(anna, "an empty panel that says the visitor wrote little").await?;
        type_keys(
            visitor,
            "ik wilde even vragen tot hoe laat deze chat vandaag open is want ik moet eerst nog mijn huiswerk maken voor school en daarna wil ik misschien iets vragen",
        )
        .await?;
        press(visitor, Key::Enter, false).await?;
        has_text(anna, "#transcript", "huiswerk").await?;
        has_text(
            anna,
            "#assist-status",
            "in wat de bezoeker tot nu toe schreef is niets gevonden dat op uitbuiting",
        )
        .await?;
        has_text(anna, "#assist-status", "als het gesprek verdergaat").await?;
        axe(anna, "an empty panel that says nothing was found").await?;
        shot(anna, "walk-11-empty-panel-says-why").await?;
        click_css(anna, "#lang").await?;
        has_text(anna, "#assist-status", "nothing the visitor has written so far").await?;
        // Walk46, minor 5: once the chat has ended the line no longer says that suggestions come
        // as it goes on.
        click_css(anna, "#lang").await?;
        crate::browser::tab_to(anna, "#end-conv", false).await?;
        press(anna, Key::Enter, false).await?;
        wait_js(anna, "return document.activeElement.id === 'end-message'").await?;
        press(anna, Key::Enter, false).await?;
        wait_js(anna, "return document.activeElement.id === 'end-yes'").await?;
        press(anna, Key::Enter, false).await?;
        has_text(anna, "#assist-status", "in wat de bezoeker in dit gesprek schreef is niets gevonden").await?;
        let line = crate::web::js_text(anna, "return document.getElementById('assist-status').textContent").await?;
        assert!(!line.contains("verdergaat"), "{line}");
        axe(anna, "an empty panel of an ended chat").await?;
        Ok(())
    })
    .await
}

/// walk-console16, finding 2: "Registratie opslaan en sluiten" asks first while a suggestion is
/// open or the trafficking flag is unknown, naming both; Escape goes back (nothing saved or
/// closed), "Toch opslaan en sluiten" saves and closes; all with the keyboard.
#[tokio::test]
async fn closing_asks_while_a_suggestion_or_the_flag_is_open_in_chromium() -> R {
    with_one_visitor("close-asks", async |s, visitor, anna, base| {
        two_suggestions(visitor, anna, base, "jayjay").await?;
        reject_the_form(anna).await?;
        click_css(anna, "input[name=first_time][value=yes]").await?;
        click_css(anna, "#end-conv").await?;
        wait_visible(anna, "end-confirm").await?;
        click_css(anna, "#end-yes").await?;
        wait_visible(anna, "close-conv").await?;
        click_css(anna, "#close-conv").await?;
        wait_visible(anna, "close-confirm").await?;
        has_text(anna, "#close-confirm", "Hulpvraag over mensenhandel is nog niet ingevuld").await?;
        has_text(anna, "#close-confirm", "2 suggesties zijn nog niet ingevuld of afgewezen").await?;
        has_text(anna, "#close-confirm", "Relatie of loverboy-zorgen").await?;
        wait_js(anna, "return document.activeElement.id === 'close-back'").await?;
        axe(anna, "asked before closing with open suggestions").await?;
        shot(anna, "walk-12-close-asks").await?;
        // Escape goes back: nothing saved, the chat still there, focus on the close button.
        press(anna, Key::Escape, false).await?;
        wait_js(
            anna,
            "return document.getElementById('close-confirm').hidden && document.activeElement.id === 'close-conv'",
        )
        .await?;
        has_text(anna, "#mine-ended", "jayjay").await?;
        assert!(registration_of(s, "jayjay")?.is_none(), "saved on going back");
        // Again with the keyboard, and close anyway.
        press(anna, Key::Enter, false).await?;
        wait_visible(anna, "close-confirm").await?;
        wait_js(anna, "return document.activeElement.id === 'close-back'").await?;
        press(anna, Key::Tab, false).await?;
        wait_js(anna, "return document.activeElement.id === 'close-anyway'").await?;
        press(anna, Key::Enter, false).await?;
        wait_js(
            anna,
            "return document.querySelectorAll('#mine li, #mine-ended li').length === 0",
        )
        .await?;
        let reg = registration_of(s, "jayjay")?.ok_or("not saved at the close")?;
        assert_eq!((reg.first_time, reg.trafficking), (Some(true), None));
        Ok(())
    })
    .await
}

/// walk-console16, finding 3: the end panel's warning about an unsaved registration has a
/// button that saves it (the form's save) and says it was saved.
#[tokio::test]
async fn the_end_panel_saves_the_registration_in_chromium() -> R {
    with_one_visitor("end-save", async |s, visitor, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take(visitor, anna, base, "noor").await?;
        click_css(anna, "input[name=first_time][value=yes]").await?;
        click_css(anna, "#notes").await?;
        type_keys(anna, "Belt morgen terug").await?;
        click_css(anna, "#end-conv").await?;
        wait_visible(anna, "end-confirm").await?;
        has_text(anna, "#end-unsaved", "Je registratie van noor").await?;
        wait_visible(anna, "end-save").await?;
        axe(anna, "end dialog with a save button").await?;
        // From the closing message, back to the save button with the keyboard.
        wait_js(anna, "return document.activeElement.id === 'end-message'").await?;
        crate::browser::tab_to(anna, "#end-save", true).await?;
        press(anna, Key::Enter, false).await?;
        has_text(anna, "#end-saved", "Registratie van noor opgeslagen").await?;
        let reg = registration_of(s, "noor")?.ok_or("not saved")?;
        assert_eq!(
            (reg.first_time, reg.notes.as_str()),
            (Some(true), "Belt morgen terug")
        );
        wait_js(
            anna,
            "return document.getElementById('end-save').hidden && !document.getElementById('end-confirm').hidden \
             && document.getElementById('end-unsaved').textContent === '' && document.activeElement.id === 'end-message' \
             && document.querySelector('#mine').textContent.indexOf('niet opgeslagen') < 0",
        )
        .await?;
        axe(anna, "end dialog after saving").await?;
        shot(anna, "walk-13-end-panel-saved").await?;
        Ok(())
    })
    .await
}

/// Whether the focus is in the suggestion card whose text contains `text`.
fn focus_in_card(text: &str) -> String {
    format!(
        "var a = document.activeElement; var li = a && a.closest && a.closest('#assist-list > li'); \
         return !!li && li.textContent.indexOf({}) >= 0",
        serde_json::to_string(text).unwrap_or_default()
    )
}

/// walk-console16, finding 4: after a decision the focus stays in the panel (the next open
/// suggestion, then the status line), and "Ongedaan maken" takes a decision back, with the
/// field as it was before unless the counsellor changed it since.
#[tokio::test]
async fn deciding_keeps_the_focus_and_can_be_undone_in_chromium() -> R {
    with_one_visitor("decide-focus", async |s, visitor, anna, base| {
        two_suggestions(visitor, anna, base, "jayjay").await?;
        reject_the_form(anna).await?;
        let accept = "#assist-list button[aria-label='Invullen: Hulpvraag over mensenhandel: ja']";
        crate::browser::tab_to(anna, accept, false).await?;
        press(anna, Key::Enter, false).await?;
        has_text(anna, "#assist-list", "Ingevuld door jou").await?;
        wait_js(anna, &focus_in_card("Relatie of loverboy-zorgen")).await?;
        axe(anna, "focus on the next open suggestion").await?;
        crate::browser::tab_to(
            anna,
            "#assist-list button[aria-label='Afwijzen: Relatie of loverboy-zorgen']",
            false,
        )
        .await?;
        press(anna, Key::Enter, false).await?;
        has_text(anna, "#assist-list", "Afgewezen door jou").await?;
        wait_js(anna, "return document.activeElement.id === 'assist-status'").await?;
        has_text(anna, "#assist-status", "Alle suggesties zijn bekeken").await?;
        shot(anna, "walk-14-focus-on-the-status").await?;

        // Undo the accepted one: open again, the flag back to unknown (saved), focus on its card.
        let undo =
            "#assist-list button[aria-label='Ongedaan maken: Hulpvraag over mensenhandel: ja']";
        crate::browser::tab_to(anna, undo, true).await?;
        press(anna, Key::Enter, false).await?;
        wait_css(anna, accept).await?;
        wait_form(anna, "||||").await?;
        wait_js(anna, &focus_in_card("Hulpvraag over mensenhandel: ja")).await?;
        let reg = registration_of(s, "jayjay")?.ok_or("no registration")?;
        assert_eq!(reg.trafficking, None, "the flag was not set back");
        has_text(anna, "#assist-status", "teruggezet").await?;
        axe(anna, "a decision undone").await?;
        // Undo the rejected one: open again.
        click_css(
            anna,
            "#assist-list button[aria-label='Ongedaan maken: Relatie of loverboy-zorgen']",
        )
        .await?;
        wait_css(
            anna,
            "#assist-list button[aria-label='Afwijzen: Relatie of loverboy-zorgen']",
        )
        .await?;

        // Accepted, then changed by her: undo leaves her choice.
        click_css(anna, accept).await?;
        has_text(anna, "#assist-list", "Ingevuld door jou").await?;
        click_css(anna, "input[name=trafficking][value=no]").await?;
        click_css(anna, undo).await?;
        wait_css(anna, accept).await?;
        has_text(anna, "#assist-status", "niet teruggezet").await?;
        wait_form(anna, "no||||").await?;
        Ok(())
    })
    .await
}

/// walk-console16, finding 5: the reply box has a visible label ("Jouw bericht") that costs
/// little height.
#[tokio::test]
async fn the_reply_box_has_a_visible_label_in_chromium() -> R {
    with_one_visitor("reply-label", async |_, visitor, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take(visitor, anna, base, "noor").await?;
        let check = "var t = document.getElementById('reply'); var l = document.querySelector('label[for=reply]'); \
            if (!l) { return 'no label'; } \
            var a = l.getBoundingClientRect(), b = t.getBoundingClientRect(); \
            var bad = []; \
            if (l.closest('.sr-only') || l.classList.contains('sr-only') || a.width < 40 || a.height < 8) { bad.push('not visible: ' + a.width + 'x' + a.height); } \
            if (a.height > 24) { bad.push('too tall: ' + a.height); } \
            if (a.bottom > b.top + 1 || b.top - a.bottom > 8) { bad.push('not just above the box'); } \
            if (t.hasAttribute('aria-label')) { bad.push('aria-label beside the label'); } \
            if (l.textContent.trim() !== TEXT) { bad.push('text: ' + l.textContent); } \
            return bad.join(' | ');";
        let nl = anna
            .execute(&check.replace("TEXT", "'Jouw bericht'"), vec![])
            .await?;
        assert_eq!(nl.as_str(), Some(""), "{nl}");
        axe(anna, "the reply box with its label").await?;
        shot(anna, "walk-15-reply-label").await?;
        click_css(anna, "#lang").await?;
        wait_js(anna, "return document.documentElement.lang === 'en'").await?;
        let en = anna
            .execute(&check.replace("TEXT", "'Your message'"), vec![])
            .await?;
        assert_eq!(en.as_str(), Some(""), "{en}");
        Ok(())
    })
    .await
}

/// walk-console16, finding 6: a visitor's own end reads plainly, "De bezoeker heeft het
/// gesprek beëindigd." (not "zelf rustig"); the quick exit stays told apart.
#[tokio::test]
async fn a_visitors_end_reads_plainly_in_chromium() -> R {
    with_one_visitor("visitor-end", async |_, visitor, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take(visitor, anna, base, "noor").await?;
        wait_visible(visitor, "chat").await?;
        visitor.find(Locator::Id("end")).await?.click().await?;
        wait_visible(visitor, "end-confirm").await?;
        visitor.find(Locator::Id("end-yes")).await?.click().await?;
        wait_visible(anna, "close-conv").await?;
        let note = "var n = document.querySelector('#transcript li.ended-note .text'); return n ? n.textContent : '';";
        wait_js(
            anna,
            "var n = document.querySelector('#transcript li.ended-note .text'); \
             return !!n && n.textContent === 'De bezoeker heeft het gesprek beëindigd.'",
        )
        .await?;
        axe(anna, "a visitor's plain end").await?;
        shot(anna, "walk-16-visitor-ended").await?;
        click_css(anna, "#lang").await?;
        wait_js(anna, "return document.documentElement.lang === 'en'").await?;
        let en = anna.execute(note, vec![]).await?;
        assert_eq!(en.as_str(), Some("The visitor ended the conversation."), "{en}");
        Ok(())
    })
    .await
}

/// What of the console is out of view on this screen: each of `ids` that is not wholly between
/// the top bar's bottom and the window's bottom, and whether the page itself scrolls.
const OUT_OF_VIEW: &str = "var bar = document.querySelector('.bar').getBoundingClientRect().bottom; \
    var bad = []; \
    IDS.forEach(function (id) { var e = document.getElementById(id) || document.querySelector(id); \
      if (!e) { bad.push(id + ' missing'); return; } \
      var r = e.getBoundingClientRect(); \
      var box = { top: bar, bottom: window.innerHeight }; \
      for (var a = e.parentElement; a; a = a.parentElement) { var o = getComputedStyle(a).overflowY; \
        if (o === 'auto' || o === 'scroll' || o === 'hidden') { var ar = a.getBoundingClientRect(); \
          box = { top: Math.max(box.top, ar.top), bottom: Math.min(box.bottom, ar.bottom) }; } } \
      if (r.height === 0 || r.top < box.top - 1 || r.bottom > box.bottom + 1) { bad.push(id + ' ' + Math.round(r.top) + '..' + Math.round(r.bottom) + ' (seen ' + Math.round(box.top) + '..' + Math.round(box.bottom) + ')'); } }); \
    if (document.scrollingElement.scrollHeight > window.innerHeight + 1) { bad.push('the page scrolls: ' + document.scrollingElement.scrollHeight); } \
    return bad.join(' | ');";

async fn out_of_view(c: &Client, ids: &[&str]) -> R<String> {
    let script = OUT_OF_VIEW.replace("IDS", &serde_json::to_string(ids)?);
    Ok(c.execute(&script, vec![])
        .await?
        .as_str()
        .unwrap_or("not a string")
        .to_string())
}

/// walk-console17, finding 1: on a laptop (1366x768) the registration column scrolls on its own,
/// below the top bar: with the notes and the save button in view, the queue, the chat, its newest
/// message and the reply box stay in view too. On a phone the columns stack and the page scrolls
/// as before.
#[tokio::test]
async fn the_chat_stays_in_view_while_registering_in_chromium() -> R {
    with_one_visitor_at("in-view", (1366, 768), async |_, visitor, anna, base| {
        in_view(visitor, anna, base).await
    })
    .await
}

async fn in_view(visitor: &Client, anna: &Client, base: &str) -> R {
    login(anna, base, "anna", "wachtwoord-anna-1").await?;
    take(visitor, anna, base, "noor").await?;
    wait_visible(visitor, "chat").await?;
    type_keys(visitor, "hallo, ik wil iets vragen").await?;
    press(visitor, Key::Enter, false).await?;
    has_text(anna, "#transcript", "iets vragen").await?;
    // A chat long enough to fill the column (the second walk: the reply box was cut off at the
    // bottom of a laptop screen once the transcript had grown).
    for line in [
        "er is een gast die zegt dat ik hem geld schuldig ben",
        "nu moet ik elke dag na school pakketjes rondbrengen voor hem",
        "anders zegt ie dat hij mn broertje wat doet",
        "ik weet nie wat ik moet doen echt nie",
    ] {
        type_keys(visitor, line).await?;
        press(visitor, Key::Enter, false).await?;
        has_text(anna, "#transcript", line).await?;
    }
    let chat = [
        "#queue-h",
        "#conv-h",
        "#transcript",
        "#reply",
        "#reply-form button[type=submit]",
    ];
    let bad = out_of_view(anna, &chat).await?;
    assert_eq!(bad, "", "a long chat on a laptop");

    // Down to the notes, as she scrolls to them: the chat stays where it was.
    click_css(anna, "#notes").await?;
    type_keys(anna, "Vraagt naar werk").await?;
    let bad = out_of_view(anna, &[&chat[..], &["#notes"]].concat()).await?;
    assert_eq!(bad, "", "while writing the notes");
    // A new message while she registers: visible, the newest line of the chat.
    type_keys(visitor, "ben je er nog").await?;
    press(visitor, Key::Enter, false).await?;
    has_text(anna, "#transcript", "ben je er nog").await?;
    let bad = out_of_view(anna, &["#transcript li:last-child", "#notes"]).await?;
    assert_eq!(bad, "", "a new message while registering");
    // The save button at the bottom of the registration, scrolled to as she would (the
    // column scrolls on its own; a click alone only brings the button's middle into view).
    anna.execute(
        "document.getElementById('registration').closest('.column, section').scrollTop = 1e6; return true;",
        vec![],
    )
    .await?;
    let bad = out_of_view(
        anna,
        &[&chat[..], &["#reg-form button[type=submit]"]].concat(),
    )
    .await?;
    assert_eq!(bad, "", "at the save button");
    click_css(anna, "#reg-form button[type=submit]").await?;
    has_text(anna, "#reg-status", "Opgeslagen").await?;
    // What the save says is in view too (it stands above the button, which moves down).
    let bad = out_of_view(anna, &[&chat[..], &["#reg-status"]].concat()).await?;
    assert_eq!(bad, "", "after saving");
    axe(anna, "a laptop, registering with the chat in view").await?;
    shot(anna, "walk-17-laptop-registering").await?;

    // On a phone the columns stack: the registration below the chat, the page scrolls.
    anna.set_window_size(400, 800).await?;
    wait_js(
        anna,
        "var c = document.getElementById('conversation').getBoundingClientRect(), r = document.getElementById('registration').getBoundingClientRect(); \
         return window.innerWidth < 500 && r.top >= c.bottom && Math.abs(r.left - c.left) < 2 \
         && document.scrollingElement.scrollHeight > window.innerHeight && document.scrollingElement.scrollWidth <= window.innerWidth",
    )
    .await?;
    click_css(anna, "#notes").await?;
    axe(anna, "a phone, registering").await?;
    Ok(())
}

/// walk-console17, finding 2: with an empty registration "Registratie opslaan en sluiten" asks in
/// a dialog and keeps its own text; a double click does not close. Focus on "Terug naar de
/// registratie", Escape goes back; "Sluiten zonder registratie" closes; all with the keyboard.
#[tokio::test]
async fn an_empty_registration_asks_in_a_dialog_in_chromium() -> R {
    with_one_visitor("empty-asks", async |s, visitor, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take(visitor, anna, base, "noor").await?;
        click_css(anna, "#end-conv").await?;
        wait_visible(anna, "end-confirm").await?;
        click_css(anna, "#end-yes").await?;
        wait_visible(anna, "close-conv").await?;
        // A double click: the dialog, not a close.
        let b = anna.find(Locator::Id("close-conv")).await?;
        b.click().await?;
        let _ = b.click().await;
        wait_visible(anna, "close-confirm").await?;
        tokio::time::sleep(Duration::from_millis(800)).await;
        has_text(anna, "#mine-ended", "noor").await?;
        has_text(anna, "#close-confirm", "De registratie is nog leeg").await?;
        wait_js(
            anna,
            "return document.getElementById('close-conv').textContent === 'Registratie opslaan en sluiten' \
             && document.activeElement.id === 'close-back'",
        )
        .await?;
        axe(anna, "asked before closing an empty registration").await?;
        shot(anna, "walk-18-empty-asks").await?;
        press(anna, Key::Escape, false).await?;
        wait_js(
            anna,
            "return document.getElementById('close-confirm').hidden && document.activeElement.id === 'close-conv'",
        )
        .await?;
        has_text(anna, "#mine-ended", "noor").await?;
        // Again with the keyboard, and close without a registration.
        press(anna, Key::Enter, false).await?;
        wait_visible(anna, "close-confirm").await?;
        wait_js(anna, "return document.activeElement.id === 'close-back'").await?;
        press(anna, Key::Tab, false).await?;
        wait_js(
            anna,
            "return document.activeElement.id === 'close-anyway' && document.activeElement.textContent === 'Sluiten zonder registratie'",
        )
        .await?;
        press(anna, Key::Enter, false).await?;
        has_text(anna, "#queue-status", "gesloten zonder registratie").await?;
        wait_js(
            anna,
            "return document.querySelectorAll('#mine li, #mine-ended li').length === 0",
        )
        .await?;
        assert!(registration_of(s, "noor")?.is_none(), "saved an empty one");
        Ok(())
    })
    .await
}

/// walk-console17, finding 3: the end dialog lists what is still open (the flag, undecided
/// suggestions) as the close dialog does, says where the chat stays ("Afgelopen" under "Mijn
/// gesprekken"), and "Registratie nu opslaan" stands on its own line under the warning.
#[tokio::test]
async fn the_end_dialog_lists_what_is_open_in_chromium() -> R {
    with_one_visitor("end-open", async |_, visitor, anna, base| {
        two_suggestions(visitor, anna, base, "jayjay").await?;
        reject_the_form(anna).await?;
        click_css(anna, "input[name=first_time][value=yes]").await?;
        click_css(anna, "#end-conv").await?;
        wait_visible(anna, "end-confirm").await?;
        has_text(
            anna,
            "#end-confirm",
            "Hulpvraag over mensenhandel is nog niet ingevuld",
        )
        .await?;
        has_text(
            anna,
            "#end-confirm",
            "2 suggesties zijn nog niet ingevuld of afgewezen",
        )
        .await?;
        has_text(anna, "#end-unsaved", "bij Afgelopen onder Mijn gesprekken").await?;
        let layout = "var w = document.getElementById('end-unsaved').getBoundingClientRect(), \
            b = document.getElementById('end-save').getBoundingClientRect(), \
            l = document.querySelector('label[for=end-message]').getBoundingClientRect(); \
            return b.height > 0 && b.top >= w.bottom - 1 && (l.top >= b.bottom - 1 || l.left >= Math.max(b.right, w.right) - 1)";
        // Since fix43 (finding 1) the closing message's label may stand in a column of its own
        // beside the warning and its button, on a laptop, instead of below them.
        wait_js(anna, layout).await?;
        axe(anna, "end dialog with open items").await?;
        shot(anna, "walk-19-end-lists-open").await?;
        click_css(anna, "#lang").await?;
        has_text(anna, "#end-unsaved", "under Ended in My conversations").await?;
        Ok(())
    })
    .await
}

/// walk-console17, finding 4: the header says the age and gender are what the visitor filled in
/// about themself, not the victim's: "bezoeker: 46 jaar, vrouw (zelf ingevuld bij de start)", and
/// "niets over zichzelf ingevuld" when none (as the queue card says it, walk-console18, finding 3).
#[tokio::test]
async fn the_header_says_whose_age_it_is_in_chromium() -> R {
    with_one_visitor("header-age", async |_, visitor, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        visitor.goto(&format!("{base}/chat/fier")).await?;
        wait_visible(visitor, "intake").await?;
        click_css(visitor, "#username").await?;
        type_keys(visitor, "ma van k").await?;
        click_css(visitor, "#age").await?;
        type_keys(visitor, "46").await?;
        click_css(visitor, "input[name=gender][value=vrouw]").await?;
        click_css(visitor, "#age").await?;
        press(visitor, Key::Enter, false).await?;
        wait_visible(visitor, "queue").await?;
        wait_text(anna, "#queue li", "ma van k").await?;
        click_css(anna, "#queue li button").await?;
        has_text(anna, "#conv-h", "ma van k").await?;
        has_text(
            anna,
            "#conv-h",
            "bezoeker: 46 jaar, vrouw (zelf ingevuld bij de start)",
        )
        .await?;
        axe(anna, "the header with the visitor's own age").await?;
        click_css(anna, "#lang").await?;
        has_text(
            anna,
            "#conv-h",
            "visitor: 46 years old, female (filled in themselves at the start)",
        )
        .await?;
        click_css(anna, "#lang").await?;
        // Without an age.
        click_css(anna, "#end-conv").await?;
        wait_visible(anna, "end-confirm").await?;
        click_css(anna, "#end-yes").await?;
        wait_visible(anna, "close-conv").await?;
        take(visitor, anna, base, "sem").await?;
        has_text(anna, "#conv-h", "bezoeker: niets over zichzelf ingevuld").await?;
        Ok(())
    })
    .await
}

/// walk-console17, finding 5: after "Invullen" the status says plainly what was saved, without
/// "alleen"; only when there are unsaved edits by hand does it say those are not saved yet.
#[tokio::test]
async fn accepting_says_plainly_what_was_saved_in_chromium() -> R {
    with_one_visitor("accept-plain", async |_, visitor, anna, base| {
        two_suggestions(visitor, anna, base, "jayjay").await?;
        click_css(
            anna,
            "#assist-list button[aria-label='Invullen: Hulpvraag over mensenhandel: ja']",
        )
        .await?;
        has_text(anna, "#assist-list", "Ingevuld door jou").await?;
        has_text(
            anna,
            "#reg-status",
            "Hulpvraag over mensenhandel: ja is opgeslagen.",
        )
        .await?;
        let plain = "var r = document.getElementById('reg-status').textContent, a = document.getElementById('assist-status').textContent; \
            return [r, a].join(' / ')";
        let said = anna.execute(plain, vec![]).await?;
        let said = said.as_str().unwrap_or_default();
        assert!(
            !said.contains("alleen") && !said.contains("nog niet opgeslagen"),
            "{said}"
        );
        // With an edit by hand that is not saved: said, and only then.
        click_css(anna, "input[name=first_time][value=yes]").await?;
        click_css(
            anna,
            "#assist-list button[aria-label='Invullen: Relatie of loverboy-zorgen']",
        )
        .await?;
        has_text(anna, "#reg-status", "Relatie of loverboy-zorgen is opgeslagen.").await?;
        has_text(
            anna,
            "#reg-status",
            "Jouw eigen wijzigingen nog niet: gebruik",
        )
        .await?;
        let said = anna.execute(plain, vec![]).await?;
        let said = said.as_str().unwrap_or_default();
        assert!(!said.contains("alleen"), "{said}");
        axe(anna, "accepted, plainly said").await?;
        Ok(())
    })
    .await
}

/// walk-console17, finding 7: the box under "Anders" has a visible label; "Suggesties
/// vernieuwen" says when it refreshed and what it found, in a polite live region; "Terug naar
/// de registratie" puts the focus on the first open suggestion (walk-console19, finding 1).
#[tokio::test]
async fn smaller_things_in_the_registration_in_chromium() -> R {
    with_one_visitor("smaller", async |_, visitor, anna, base| {
        two_suggestions(visitor, anna, base, "jayjay").await?;
        let label = "var l = document.querySelector('label[for=referral-other]'); if (!l) { return false; } \
            var r = l.getBoundingClientRect(); \
            return !l.classList.contains('sr-only') && r.width > 40 && r.height > 8 && l.textContent.trim().length > 3";
        wait_js(anna, label).await?;
        // Refreshing says so.
        click_css(anna, "#assist-refresh").await?;
        wait_js(
            anna,
            "var e = document.getElementById('assist-refreshed'); \
             return !!e && e.getAttribute('aria-live') === 'polite' && /^Bijgewerkt, \\d\\d:\\d\\d: geen nieuwe suggesties\\.$/.test(e.textContent)",
        )
        .await?;
        axe(anna, "refreshed suggestions").await?;
        // Back from the close dialog: to the first open suggestion's card while one is open, also
        // with the flag unknown (walk-console19, finding 1; on its card, not its "Invullen", where
        // a second Enter accepted it: the newcomer's shift, finding 2; the flag's question only
        // when no suggestion is open: back_to_the_registration_focuses_the_question_in_chromium).
        click_css(anna, "#end-conv").await?;
        wait_visible(anna, "end-confirm").await?;
        click_css(anna, "#end-yes").await?;
        wait_visible(anna, "close-conv").await?;
        click_css(anna, "#close-conv").await?;
        wait_visible(anna, "close-confirm").await?;
        click_css(anna, "#close-back").await?;
        wait_js(anna, &focus_in_card("Hulpvraag over mensenhandel: ja")).await?;
        // The flag set by hand: to the first open suggestion.
        click_css(anna, "input[name=trafficking][value=yes]").await?;
        click_css(anna, "#close-conv").await?;
        wait_visible(anna, "close-confirm").await?;
        click_css(anna, "#close-back").await?;
        wait_js(anna, &focus_in_card("Hulpvraag over mensenhandel: ja")).await?;
        Ok(())
    })
    .await
}

/// walk-console17, finding 6: a channel outside its opening hours says "gesloten" in the queue,
/// and when it opens again if the configuration knows (here: closed today, open tomorrow from
/// 09:00); an open channel does not.
#[tokio::test]
async fn a_closed_channel_says_so_in_the_queue_in_chromium() -> R {
    let mut config = test_config()?;
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(config.tz())
        .weekday()
        .to_monday_zero_offset();
    let tomorrow = (today + 1) % 7;
    let csg = config
        .channels
        .iter_mut()
        .find(|c| c.code == "csg")
        .ok_or("no csg")?;
    let h = &mut csg.hours;
    for (i, day) in [
        &mut h.monday,
        &mut h.tuesday,
        &mut h.wednesday,
        &mut h.thursday,
        &mut h.friday,
        &mut h.saturday,
        &mut h.sunday,
    ]
    .into_iter()
    .enumerate()
    {
        *day = if i == usize::try_from(tomorrow)? {
            "09:00-17:00".to_string()
        } else {
            String::new()
        };
    }
    let sizes = [(1366, 768)];
    with_windows("closed-channel", config, &sizes, async |_, w, base| {
        let anna = &w[0];
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        has_text(anna, "#channel-stats li[data-channel=csg]", "0 wachtend").await?;
        has_text(
            anna,
            "#channel-stats li[data-channel=csg]",
            "gesloten, gaat morgen om 09:00 open",
        )
        .await?;
        let fier = anna
            .find(Locator::Css("#channel-stats li[data-channel=fier]"))
            .await?
            .text()
            .await?;
        assert!(!fier.contains("gesloten"), "{fier}");
        axe(anna, "a closed channel in the queue").await?;
        shot(anna, "walk-20-closed-channel").await?;
        click_css(anna, "#lang").await?;
        has_text(
            anna,
            "#channel-stats li[data-channel=csg]",
            "closed, opens tomorrow at 09:00",
        )
        .await?;
        Ok(())
    })
    .await
}

/// Dutch words that must not be on screen in the status lines and lists after switching to
/// English: what the page wrote there is written again (walk-console18, finding 1).
const DUTCH_LEFT: &str = "var words = ['opgeslagen', 'gesprek', 'registratie', 'suggestie', 'bezoeker', 'gesloten', 'bijgewerkt', 'wacht', 'overgenomen', 'jouw', 'ingevuld']; \
    var bad = []; \
    document.querySelectorAll('[role=status], .status, [aria-live], #queue, #mine, #mine-ended, #closed-list, #close-confirm, #end-confirm, #assist').forEach(function (e) { \
      if (!e.getClientRects().length) { return; } \
      var t = e.innerText.toLowerCase(); \
      words.forEach(function (w) { if (t.indexOf(w) >= 0) { bad.push((e.id || e.className) + ': ' + w + ' in ' + JSON.stringify(e.innerText)); } }); \
    }); \
    document.querySelectorAll('#assist-list [aria-label]').forEach(function (b) { \
      if (/toon in het gesprek|Invullen|Afwijzen|Ongedaan/.test(b.getAttribute('aria-label'))) { bad.push('label: ' + b.getAttribute('aria-label')); } \
    }); \
    return bad.join(' | ');";

/// Waits until nothing Dutch is left in the status lines and lists (DUTCH_LEFT), or says what is.
async fn wait_all_english(c: &Client, state: &str) -> R {
    let mut left = String::new();
    for _ in 0..50 {
        left = c
            .execute(DUTCH_LEFT, vec![])
            .await?
            .as_str()
            .unwrap_or("not a string")
            .to_string();
        if left.is_empty() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("still Dutch after the switch ({state}): {left}").into())
}

/// walk-console18, finding 1: after the language switch every text on screen is in the chosen
/// language: the registration's and the suggestion panel's status lines, what a refresh found,
/// a quote's name, the close dialog's open items, the notice under the queue and the items of
/// "Gesloten gesprekken"; and back again.
#[tokio::test]
async fn everything_on_screen_follows_the_language_switch_in_chromium() -> R {
    with_one_visitor("lang-all", async |_, visitor, anna, base| {
        two_suggestions(visitor, anna, base, "jayjay").await?;
        reject_the_form(anna).await?;
        click_css(
            anna,
            "#assist-list button[aria-label='Invullen: Hulpvraag over mensenhandel: ja']",
        )
        .await?;
        has_text(anna, "#assist-status", "Ingevuld en opgeslagen.").await?;
        has_text(
            anna,
            "#reg-status",
            "Hulpvraag over mensenhandel: ja is opgeslagen.",
        )
        .await?;
        click_css(anna, "#assist-refresh").await?;
        has_text(anna, "#assist-refreshed", "Bijgewerkt, ").await?;
        click_css(anna, "#lang").await?;
        wait_js(anna, "return document.documentElement.lang === 'en'").await?;
        has_text(anna, "#assist-status", "Filled in and saved.").await?;
        has_text(
            anna,
            "#reg-status",
            "Help request about human trafficking: yes is saved.",
        )
        .await?;
        has_text(anna, "#assist-refreshed", "Updated, ").await?;
        wait_css(
            anna,
            "#assist-list button.assist-quote[aria-label$='(show in the chat)']",
        )
        .await?;
        wait_all_english(anna, "a chat with a decided suggestion").await?;
        axe(anna, "switched to English with status lines").await?;
        click_css(anna, "#lang").await?;
        has_text(
            anna,
            "#reg-status",
            "Hulpvraag over mensenhandel: ja is opgeslagen.",
        )
        .await?;
        has_text(anna, "#assist-status", "Ingevuld en opgeslagen.").await?;

        // The close dialog's open items, switched while it is open.
        click_css(anna, "#end-conv").await?;
        wait_visible(anna, "end-confirm").await?;
        click_css(anna, "#end-yes").await?;
        wait_visible(anna, "close-conv").await?;
        click_css(anna, "#close-conv").await?;
        wait_visible(anna, "close-confirm").await?;
        has_text(
            anna,
            "#close-open",
            "1 suggestie is nog niet ingevuld of afgewezen",
        )
        .await?;
        click_css(anna, "#lang").await?;
        has_text(
            anna,
            "#close-open",
            "1 suggestion has not been filled in or rejected yet",
        )
        .await?;
        wait_all_english(anna, "the close dialog").await?;
        click_css(anna, "#lang").await?;
        has_text(anna, "#close-open", "1 suggestie is").await?;
        click_css(anna, "#close-anyway").await?;

        // The notice under the queue and the closed chats' list.
        has_text(anna, "#queue-status", "Registratie van jayjay opgeslagen").await?;
        click_css(anna, "#closed-box summary").await?;
        has_text(anna, "#closed-list", "registratie opgeslagen").await?;
        has_text(anna, "#closed-list", "beëindigd om").await?;
        click_css(anna, "#lang").await?;
        has_text(anna, "#queue-status", "Registration of jayjay saved").await?;
        has_text(anna, "#closed-list", "registration saved").await?;
        has_text(anna, "#closed-list", "ended at").await?;
        wait_all_english(anna, "the queue column after closing").await?;
        axe(anna, "switched to English after closing").await?;
        shot(anna, "walk-21-all-in-english").await?;
        click_css(anna, "#lang").await?;
        has_text(anna, "#queue-status", "Registratie van jayjay opgeslagen").await?;
        has_text(anna, "#closed-list", "registratie opgeslagen").await?;
        Ok(())
    })
    .await
}

/// The scroll position of the registration panel (a column that scrolls on its own on a laptop).
const REG_SCROLL: &str = "return document.getElementById('registration').scrollTop;";

async fn reg_scroll(c: &Client) -> R<f64> {
    Ok(c.execute(REG_SCROLL, vec![])
        .await?
        .as_f64()
        .unwrap_or(-1.0))
}

/// walk-console18, finding 2: a chat shown for the first time starts at the top of its
/// registration, not scrolled to where the chat before was. walk-console19, finding 2: switching
/// back to a chat opens its registration at the top too (not where it was left), with its
/// suggestions in view, so a new one is not missed.
#[tokio::test]
async fn a_newly_shown_registration_starts_at_its_top_in_chromium() -> R {
    with_two_visitors_at(
        "reg-scroll",
        (1366, 768),
        async |_, noor, sem, anna, base| {
            login(anna, base, "anna", "wachtwoord-anna-1").await?;
            take(noor, anna, base, "noor").await?;
            // Down to noor's notes, as she scrolls to them.
            click_css(anna, "#notes").await?;
            type_keys(anna, "Belt later terug").await?;
            tokio::time::sleep(Duration::from_millis(500)).await;
            let noor_at = reg_scroll(anna).await?;
            assert!(
                noor_at > 100.0,
                "noor's registration is not scrolled: {noor_at}"
            );
            // sem's chat is new: its registration starts at the top.
            take(sem, anna, base, "sem").await?;
            has_text(anna, "#conv-h", "sem").await?;
            wait_form(anna, "||||").await?;
            tokio::time::sleep(Duration::from_millis(1500)).await;
            let sem_at = reg_scroll(anna).await?;
            assert!(
                sem_at < 1.0,
                "sem's registration opens at noor's place: {sem_at}"
            );
            axe(anna, "a second chat's registration at its top").await?;
            // Back to noor: her registration at its top (left at noor_at), the suggestions in view,
            // her unsaved note still in the form.
            click_tab(anna, "noor").await?;
            has_text(anna, "#conv-h", "noor").await?;
            wait_form(anna, "||||Belt later terug").await?;
            tokio::time::sleep(Duration::from_millis(1500)).await;
            let back = reg_scroll(anna).await?;
            assert!(
                back < 1.0,
                "noor's registration at {back} (left at {noor_at}), not at its top"
            );
            let seen = out_of_view(anna, &["assist-h", "assist-status"]).await?;
            assert_eq!(seen, "", "the suggestions are out of view");
            axe(anna, "a chat switched back to, its registration at the top").await?;
            shot(anna, "walk-25-switched-back-at-the-top").await?;
            // And sem again: at the top where it was left.
            click_tab(anna, "sem").await?;
            has_text(anna, "#conv-h", "sem").await?;
            tokio::time::sleep(Duration::from_millis(1500)).await;
            let sem_again = reg_scroll(anna).await?;
            assert!(sem_again < 1.0, "sem's registration at {sem_again}");
            Ok(())
        },
    )
    .await
}

/// walk-console18, finding 3: a queue card says what the visitor filled in in the header's
/// words ("46 jaar, vrouw (zelf ingevuld bij de start)"), not "46 / vrouw", and "niets over zichzelf
/// ingevuld" when the visitor left both empty; in English too.
#[tokio::test]
async fn a_queue_card_says_the_intake_in_words_in_chromium() -> R {
    with_one_visitor("card-words", async |_, visitor, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        visitor.goto(&format!("{base}/chat/fier")).await?;
        wait_visible(visitor, "intake").await?;
        click_css(visitor, "#username").await?;
        type_keys(visitor, "ma van k").await?;
        click_css(visitor, "#age").await?;
        type_keys(visitor, "46").await?;
        click_css(visitor, "input[name=gender][value=vrouw]").await?;
        click_css(visitor, "#age").await?;
        press(visitor, Key::Enter, false).await?;
        wait_visible(visitor, "queue").await?;
        has_text(anna, "#queue li", "ma van k").await?;
        has_text(
            anna,
            "#queue li .meta",
            "46 jaar, vrouw (zelf ingevuld bij de start)",
        )
        .await?;
        // Whose age: the visitor's, as the tabs and the header say (walk-console27, finding 3:
        // "44 jaar" on a mother's card could be read as her son's).
        has_text(anna, "#queue li .meta", "bezoeker: 46 jaar").await?;
        let meta = anna
            .find(Locator::Css("#queue li .meta"))
            .await?
            .text()
            .await?;
        assert!(!meta.contains(" / "), "{meta}");
        axe(anna, "a queue card with the intake in words").await?;
        shot(anna, "walk-22-card-in-words").await?;
        click_css(anna, "#lang").await?;
        has_text(
            anna,
            "#queue li .meta",
            "46 years old, female (filled in themselves at the start)",
        )
        .await?;
        click_css(anna, "#lang").await?;
        has_text(anna, "#queue li .meta", "46 jaar").await?;
        // Taken: the header says the same words.
        click_css(anna, "#queue li button").await?;
        has_text(
            anna,
            "#conv-h",
            "bezoeker: 46 jaar, vrouw (zelf ingevuld bij de start)",
        )
        .await?;
        click_css(anna, "#end-conv").await?;
        wait_visible(anna, "end-confirm").await?;
        click_css(anna, "#end-yes").await?;
        wait_visible(anna, "close-conv").await?;
        // A visitor who filled in nothing about themselves: said so, on the card and in the header.
        intake(visitor, base, "fier", "sem").await?;
        has_text(anna, "#queue li", "sem").await?;
        has_text(anna, "#queue li .meta", "niets over zichzelf ingevuld").await?;
        let meta = anna
            .find(Locator::Css("#queue li .meta"))
            .await?
            .text()
            .await?;
        assert!(!meta.contains(" / ") && !meta.contains("- "), "{meta}");
        click_css(anna, "#lang").await?;
        has_text(
            anna,
            "#queue li .meta",
            "filled in nothing about themselves",
        )
        .await?;
        click_css(anna, "#lang").await?;
        has_text(anna, "#queue li .meta", "niets over zichzelf ingevuld").await?;
        click_css(anna, "#queue li button").await?;
        has_text(anna, "#conv-h", "bezoeker: niets over zichzelf ingevuld").await?;
        Ok(())
    })
    .await
}

/// walk-console18, finding 4: "Terug naar de registratie" puts the focus on the flag's question,
/// not on one of its radio buttons, so an arrow key changes no answer; Tab goes on to the answers.
#[tokio::test]
async fn back_to_the_registration_focuses_the_question_in_chromium() -> R {
    with_one_visitor("back-question", async |_, visitor, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take(visitor, anna, base, "noor").await?;
        click_css(anna, "input[name=first_time][value=yes]").await?;
        click_css(anna, "#end-conv").await?;
        wait_visible(anna, "end-confirm").await?;
        click_css(anna, "#end-yes").await?;
        wait_visible(anna, "close-conv").await?;
        click_css(anna, "#close-conv").await?;
        wait_visible(anna, "close-confirm").await?;
        wait_js(anna, "return document.activeElement.id === 'close-back'").await?;
        // With the keyboard, as she would: Enter on "Terug naar de registratie", then arrows.
        press(anna, Key::Enter, false).await?;
        wait_js(anna, "return document.getElementById('close-confirm').hidden").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        for key in [Key::Down, Key::Down, Key::Up, Key::Right] {
            press(anna, key, false).await?;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        wait_form(anna, "|yes|||").await?;
        wait_js(
            anna,
            "var a = document.activeElement; return a.id === 'trafficking-q' && a.textContent.indexOf('Hulpvraag over mensenhandel') >= 0",
        )
        .await?;
        axe(anna, "back to the registration, on the flag's question").await?;
        shot(anna, "walk-23-back-on-the-question").await?;
        // Tab goes on to the answers.
        press(anna, Key::Tab, false).await?;
        wait_js(
            anna,
            "var a = document.activeElement; return a.name === 'trafficking' && a.checked",
        )
        .await?;
        Ok(())
    })
    .await
}

/// Waits up to `ms` milliseconds until `#queue-status` is empty, or says what it still says.
async fn queue_status_gone(c: &Client, ms: u64, state: &str) -> R {
    let mut said = String::new();
    for _ in 0..ms / 100 {
        said = c
            .execute(
                "return document.getElementById('queue-status').textContent;",
                vec![],
            )
            .await?
            .as_str()
            .unwrap_or("not a string")
            .to_string();
        if said.is_empty() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("the queue's notice stays {state}: {said}").into())
}

/// walk-console18, finding 5: a notice under the queue reports one event and goes once that is
/// past: "Registratie van noor opgeslagen ..." once she has taken the next chat, "1 vertrokken
/// bezoeker verwijderd." once she opens a chat; not half a minute later.
#[tokio::test]
async fn a_queue_notice_goes_when_it_no_longer_applies_in_chromium() -> R {
    with_two_visitors("queue-notice", async |s, one, two, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take(one, anna, base, "noor").await?;
        click_css(anna, "input[name=trafficking][value=no]").await?;
        click_css(anna, "#end-conv").await?;
        wait_visible(anna, "end-confirm").await?;
        click_css(anna, "#end-yes").await?;
        wait_visible(anna, "close-conv").await?;
        click_css(anna, "#close-conv").await?;
        has_text(anna, "#queue-status", "Registratie van noor opgeslagen").await?;
        // The next visitor taken: the notice about noor is past.
        take(two, anna, base, "sem").await?;
        queue_status_gone(anna, 2000, "after taking the next chat").await?;
        // A visitor who joins the queue and loses the connection; removed by hand.
        let token = crate::util::visitor_start(s.addr, "fier", "lotje").await?;
        crate::util::Client::visitor(s.addr, &token, 0)
            .await?
            .close()
            .await?;
        has_text(anna, "#queue li", "lotje").await?;
        wait_visible(anna, "clear-abandoned").await?;
        click_css(anna, "#clear-abandoned").await?;
        has_text(anna, "#queue-status", "1 vertrokken bezoeker verwijderd.").await?;
        shot(anna, "walk-24-removed-notice").await?;
        // She opens a chat: the notice is past.
        click_tab(anna, "sem").await?;
        queue_status_gone(anna, 2000, "after opening a chat").await?;
        axe(anna, "the queue without a stale notice").await?;
        Ok(())
    })
    .await
}

/// walk-console19, finding 1: with the flag still "nog niet bekend" and a suggestion open,
/// "Terug naar de registratie" puts the focus on the first open suggestion (not the flag's
/// question): on its card, where Enter does nothing (the newcomer's shift, finding 2), and Tab
/// reaches its "Invullen", where Space accepts it.
#[tokio::test]
async fn back_to_the_registration_focuses_the_open_suggestion_in_chromium() -> R {
    with_one_visitor("back-suggestion", async |s, visitor, anna, base| {
        two_suggestions(visitor, anna, base, "jayjay").await?;
        reject_the_form(anna).await?;
        click_css(anna, "input[name=first_time][value=yes]").await?;
        click_css(anna, "#end-conv").await?;
        wait_visible(anna, "end-confirm").await?;
        click_css(anna, "#end-yes").await?;
        wait_visible(anna, "close-conv").await?;
        click_css(anna, "#close-conv").await?;
        wait_visible(anna, "close-confirm").await?;
        has_text(
            anna,
            "#close-confirm",
            "Hulpvraag over mensenhandel is nog niet ingevuld",
        )
        .await?;
        has_text(
            anna,
            "#close-confirm",
            "2 suggesties zijn nog niet ingevuld",
        )
        .await?;
        wait_js(anna, "return document.activeElement.id === 'close-back'").await?;
        // With the keyboard: Enter on "Terug naar de registratie", Tab to "Invullen", Space.
        press(anna, Key::Enter, false).await?;
        wait_js(
            anna,
            "return document.getElementById('close-confirm').hidden",
        )
        .await?;
        wait_js(anna, &focus_in_card("Hulpvraag over mensenhandel: ja")).await?;
        axe(anna, "back to the registration, on the open suggestion").await?;
        shot(anna, "walk-26-back-on-the-suggestion").await?;
        crate::browser::tab_to(
            anna,
            "#assist-list button[aria-label='Invullen: Hulpvraag over mensenhandel: ja']",
            false,
        )
        .await?;
        press(anna, Key::Space, false).await?;
        has_text(anna, "#assist-list", "Ingevuld door jou").await?;
        wait_form(anna, "yes|yes|||").await?;
        let reg = registration_of(s, "jayjay")?.ok_or("not saved")?;
        assert_eq!(reg.trafficking, Some(true));
        Ok(())
    })
    .await
}

/// walk-console19, finding 3: after "Invullen" the status says what was saved; once the
/// counsellor edits the form by hand it no longer claims saved state (the chat list says
/// "registratie niet opgeslagen" and so does the status line), in both languages; saving by
/// hand says "Opgeslagen." again until the next edit.
#[tokio::test]
async fn an_edit_after_accepting_is_not_called_saved_in_chromium() -> R {
    with_one_visitor("edit-after-accept", async |s, visitor, anna, base| {
        two_suggestions(visitor, anna, base, "jayjay").await?;
        click_css(
            anna,
            "#assist-list button[aria-label='Invullen: Hulpvraag over mensenhandel: ja']",
        )
        .await?;
        has_text(
            anna,
            "#reg-status",
            "Hulpvraag over mensenhandel: ja is opgeslagen.",
        )
        .await?;
        // The panel moves the focus to the next open suggestion once it has redrawn: typed
        // before that, the rest of the note would go to the card.
        wait_js(
            anna,
            "return document.activeElement && document.activeElement.dataset.field === 'relationship|yes'",
        )
        .await?;
        // An edit by hand: the status line stops saying "Opgeslagen" and says it is not saved.
        click_css(anna, "#notes").await?;
        type_keys(anna, "Belt terug").await?;
        wait_text(anna, "#mine li", "registratie niet opgeslagen").await?;
        let unsaved = "var t = document.getElementById('reg-status').textContent; \
            return t.indexOf(SAVED) < 0 && t.indexOf(NOT) >= 0";
        wait_js(
            anna,
            &unsaved
                .replace("SAVED", "'Opgeslagen'")
                .replace("NOT", "'nog niet opgeslagen'"),
        )
        .await?;
        axe(anna, "an edit after accepting, said as not saved").await?;
        shot(anna, "walk-27-edit-after-accept").await?;
        click_css(anna, "#lang").await?;
        wait_js(
            anna,
            &unsaved
                .replace("SAVED", "'Saved'")
                .replace("NOT", "'not saved yet'"),
        )
        .await?;
        click_css(anna, "#lang").await?;
        wait_js(anna, "return document.documentElement.lang === 'nl'").await?;
        // Saved by hand: said; a tick after that is not saved again.
        click_css(anna, "#reg-form button[type=submit]").await?;
        wait_js(
            anna,
            "return document.getElementById('reg-status').textContent === 'Opgeslagen.'",
        )
        .await?;
        let reg = registration_of(s, "jayjay")?.ok_or("not saved")?;
        assert_eq!(
            (reg.trafficking, reg.notes.as_str()),
            (Some(true), "Belt terug")
        );
        click_css(anna, "input[name=first_time][value=yes]").await?;
        wait_js(
            anna,
            &unsaved
                .replace("SAVED", "'Opgeslagen'")
                .replace("NOT", "'nog niet opgeslagen'"),
        )
        .await?;
        Ok(())
    })
    .await
}

/// How the chat marks the message a clicked quote is from: "" when the message of the first quote
/// is marked as evidence (an outline of at least 2 px with 3:1 contrast against its background and
/// white, a visible label starting with `LABEL`, each of the quote's words in a <mark> (all the
/// words of its sentence since fix45, finding 1), only it marked,
/// and in view in the chat), else what is wrong.
const EVIDENCE: &str = "var q = document.querySelector('#assist-list .assist-quotes > li'); if (!q) { return 'no quote'; } \
    var words = Array.from(q.querySelectorAll('q'), function (x) { return x.textContent.toLowerCase(); }).join('|'); \
    var msg = document.querySelector('#transcript li[data-seq=\"' + q.dataset.seq + '\"]'); if (!msg) { return 'no message'; } \
    var bad = []; \
    var lum = function (c) { var m = c.match(/[\\d.]+/g).slice(0, 3).map(function (x) { x = x / 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); }); \
      return 0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]; }; \
    var ratio = function (a, b) { var x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); }; \
    var st = getComputedStyle(msg); \
    if (st.outlineStyle === 'none' || parseFloat(st.outlineWidth) < 2) { bad.push('no outline: ' + st.outlineStyle + ' ' + st.outlineWidth); } \
    else if (ratio(st.outlineColor, st.backgroundColor) < 3 || ratio(st.outlineColor, 'rgb(255, 255, 255)') < 3) { bad.push('outline contrast: ' + st.outlineColor + ' on ' + st.backgroundColor); } \
    var label = Array.from(msg.querySelectorAll('*')).filter(function (e) { \
      var r = e.getBoundingClientRect(); \
      return !e.closest('.text') && !e.closest('.sr-only') && r.width > 20 && r.height > 8 && e.textContent.trim().indexOf(LABEL) === 0; })[0]; \
    if (!label) { bad.push('no visible label ' + LABEL); } \
    var marks = msg.querySelectorAll('.text mark'); \
    if (Array.from(marks, function (m) { return m.textContent.toLowerCase(); }).join('|') !== words) { bad.push('words not marked: ' + words + ' in ' + msg.querySelector('.text').innerHTML); } \
    if (document.querySelectorAll('#transcript mark').length !== marks.length) { bad.push('other messages marked'); } \
    if (CHECK_VIEW) { var r = msg.getBoundingClientRect(), o = document.getElementById('transcript').getBoundingClientRect(); \
      if (r.top < o.top - 1 || r.bottom > o.bottom + 1 || r.bottom > window.innerHeight) { bad.push('out of view: ' + r.top + '..' + r.bottom + ' in ' + o.top + '..' + o.bottom); } } \
    return bad.join(' | ');";

async fn evidence(c: &Client, label: &str, check_view: bool) -> R<String> {
    let script = EVIDENCE
        .replace("LABEL", &serde_json::to_string(label)?)
        .replace("CHECK_VIEW", if check_view { "true" } else { "false" });
    Ok(c.execute(&script, vec![])
        .await?
        .as_str()
        .unwrap_or("not a string")
        .to_string())
}

async fn wait_evidence(c: &Client, label: &str, check_view: bool) -> R {
    let mut said = String::new();
    for _ in 0..50 {
        said = evidence(c, label, check_view).await?;
        if said.is_empty() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("the evidence is not marked: {said}").into())
}

/// walk-console19, finding 4: on a laptop (1366x768) a click on a quote scrolls the chat to its
/// message and marks it (an outline with enough contrast and a visible label "Hier staat het", not colour
/// alone) with the quoted words in a <mark>; the mark stays through a redraw (a new message, the
/// language switch: "It says so here") and goes at her next click elsewhere.
#[tokio::test]
async fn clicked_evidence_is_marked_in_the_chat_in_chromium() -> R {
    with_one_visitor_at("evidence", (1366, 768), async |_, visitor, anna, base| {
        two_suggestions(visitor, anna, base, "jayjay").await?;
        // More messages, so that the quoted one is out of view.
        for line in [
            "ik weet niet goed wat ik moet doen",
            "hij zegt dat ik hem geld schuldig ben",
            "mijn moeder weet van niks",
            "ben je er nog",
        ] {
            type_keys(visitor, line).await?;
            press(visitor, Key::Enter, false).await?;
            has_text(anna, "#transcript", line).await?;
        }
        wait_css(anna, "#assist-list .assist-quote").await?;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        click_css(anna, "#assist-list .assist-quote").await?;
        wait_evidence(anna, "Hier staat het", true).await?;
        axe(anna, "a quote's message marked as evidence").await?;
        shot(anna, "walk-28-evidence-marked").await?;
        // A redraw keeps the mark: a new message, and the language switch.
        type_keys(visitor, "hallo?").await?;
        press(visitor, Key::Enter, false).await?;
        has_text(anna, "#transcript", "hallo?").await?;
        wait_evidence(anna, "Hier staat het", false).await?;
        click_css(anna, "#lang").await?;
        wait_js(anna, "return document.documentElement.lang === 'en'").await?;
        wait_evidence(anna, "It says so here", false).await?;
        click_css(anna, "#lang").await?;
        wait_js(anna, "return document.documentElement.lang === 'nl'").await?;
        // Her next click elsewhere (the reply box) takes the mark away.
        click_css(anna, "#reply").await?;
        wait_js(
            anna,
            "return document.querySelectorAll('#transcript mark').length === 0 \
             && document.getElementById('transcript').textContent.indexOf('Hier staat het') < 0",
        )
        .await?;
        Ok(())
    })
    .await
}

/// walk-console20, finding 1: on a laptop (1366x768), with the registration scrolled down to the
/// notes, a new suggestion (at the top of the panel, out of sight) is said in view: a button
/// "Nieuwe suggestie — bekijken" (here two: "2 nieuwe suggesties") at the top edge of the registration column, reached with the
/// keyboard, and in the panel's polite live region; the button scrolls to the suggestion and puts
/// the focus on it, and goes once it is in view.
#[tokio::test]
async fn a_new_suggestion_out_of_sight_is_said_in_view_in_chromium() -> R {
    with_one_visitor_at("new-suggestion", (1366, 768), async |_, visitor, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take(visitor, anna, base, "jayjay").await?;
        has_text(anna, "#assist-status", "de bezoeker heeft nog niets geschreven").await?;
        // Down to the notes, as she scrolls to them.
        click_css(anna, "#notes").await?;
        type_keys(anna, "Vraagt naar werk").await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let at = reg_scroll(anna).await?;
        assert!(at > 100.0, "the registration is not scrolled: {at}");
        wait_visible(visitor, "chat").await?;
        type_keys(visitor, LOVERBOY).await?;
        press(visitor, Key::Enter, false).await?;
        wait_text(anna, "#assist-list li", "Hulpvraag over mensenhandel: ja").await?;
        // The suggestions out of sight, the notice in view and said.
        wait_js(
            anna,
            "var n = document.getElementById('assist-new'); return !!n && !n.hidden",
        )
        .await?;
        // Three at once (the flag, the category and the form of exploitation): "3 nieuwe
        // suggesties — bekijken".
        has_text(anna, "#assist-new", "3 nieuwe suggesties — bekijken").await?;
        let seen = out_of_view(anna, &["#assist-new", "#notes"]).await?;
        assert_eq!(seen, "", "the notice is out of view");
        let card = out_of_view(anna, &["#assist-list > li"]).await?;
        assert_ne!(card, "", "the suggestion was in view already");
        has_text(
            anna,
            "#assist-refreshed",
            "Hulpvraag over mensenhandel: ja",
        )
        .await?;
        wait_js(
            anna,
            "return document.getElementById('assist-refreshed').getAttribute('aria-live') === 'polite'",
        )
        .await?;
        axe(anna, "a new suggestion said at the top of the registration").await?;
        shot(anna, "walk-29-new-suggestion-notice").await?;
        click_css(anna, "#lang").await?;
        has_text(anna, "#assist-new", "3 new suggestions — view").await?;
        has_text(anna, "#assist-refreshed", "3 new suggestions: ").await?;
        click_css(anna, "#lang").await?;
        wait_js(anna, "return document.documentElement.lang === 'nl'").await?;
        // With the keyboard, back from the notes: Enter scrolls to the suggestion and focuses it.
        click_css(anna, "#notes").await?;
        crate::browser::tab_to(anna, "#assist-new", true).await?;
        press(anna, Key::Enter, false).await?;
        wait_js(anna, &focus_in_card("Hulpvraag over mensenhandel: ja")).await?;
        wait_js(anna, "return document.getElementById('assist-new').hidden").await?;
        let seen = out_of_view(anna, &["#assist-list > li"]).await?;
        assert_eq!(seen, "", "the suggestion is not in view");
        axe(anna, "the new suggestion, scrolled to").await?;
        Ok(())
    })
    .await
}

/// walk-console20, finding 2: the close dialog of an empty registration lists the suggestions
/// that are still open, as the other close dialog does; in English too.
#[tokio::test]
async fn the_empty_close_dialog_lists_open_suggestions_in_chromium() -> R {
    with_one_visitor("empty-open", async |s, visitor, anna, base| {
        two_suggestions(visitor, anna, base, "jayjay").await?;
        reject_the_form(anna).await?;
        click_css(anna, "#end-conv").await?;
        wait_visible(anna, "end-confirm").await?;
        click_css(anna, "#end-yes").await?;
        wait_visible(anna, "close-conv").await?;
        click_css(anna, "#close-conv").await?;
        wait_visible(anna, "close-confirm").await?;
        has_text(anna, "#close-confirm", "De registratie is nog leeg").await?;
        has_text(
            anna,
            "#close-open",
            "2 suggesties zijn nog niet ingevuld of afgewezen: Hulpvraag over mensenhandel: ja; Relatie of loverboy-zorgen.",
        )
        .await?;
        wait_js(anna, "return document.activeElement.id === 'close-back'").await?;
        axe(anna, "an empty registration's close dialog with open suggestions").await?;
        shot(anna, "walk-30-empty-close-lists-suggestions").await?;
        click_css(anna, "#lang").await?;
        has_text(
            anna,
            "#close-open",
            "2 suggestions have not been filled in or rejected yet",
        )
        .await?;
        click_css(anna, "#lang").await?;
        wait_js(anna, "return document.documentElement.lang === 'nl'").await?;
        click_css(anna, "#close-anyway").await?;
        has_text(anna, "#queue-status", "gesloten zonder registratie").await?;
        assert!(registration_of(s, "jayjay")?.is_none(), "saved an empty one");
        Ok(())
    })
    .await
}

/// walk-console20, finding 3: after "Invullen" with her own edits unsaved, the status line says
/// in two short sentences what is saved and what is not, without "De rest ... is niet veranderd".
#[tokio::test]
async fn accepting_with_edits_says_it_short_in_chromium() -> R {
    with_one_visitor("accept-short", async |_, visitor, anna, base| {
        two_suggestions(visitor, anna, base, "jayjay").await?;
        click_css(anna, "input[name=first_time][value=yes]").await?;
        click_css(
            anna,
            "#assist-list button[aria-label='Invullen: Hulpvraag over mensenhandel: ja']",
        )
        .await?;
        let want = "Hulpvraag over mensenhandel: ja is opgeslagen. Jouw eigen wijzigingen nog niet: gebruik \"Registratie opslaan\".";
        let is = |w: &str| {
            format!(
                "return document.getElementById('reg-status').textContent === {}",
                serde_json::to_string(w).unwrap_or_default()
            )
        };
        wait_js(anna, &is(want)).await?;
        axe(anna, "accepted with edits, said short").await?;
        click_css(anna, "#lang").await?;
        wait_js(
            anna,
            &is("Help request about human trafficking: yes is saved. Your own changes are not saved yet: use \"Save registration\"."),
        )
        .await?;
        Ok(())
    })
    .await
}

/// walk-console20, finding 4: an open "Gesloten gesprekken" shows a chat closed without a
/// registration at once, as the note says, without a reload.
#[tokio::test]
async fn an_open_closed_list_shows_a_chat_closed_at_once_in_chromium() -> R {
    with_one_visitor("closed-list", async |_, visitor, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take(visitor, anna, base, "noor").await?;
        click_css(anna, "#closed-box summary").await?;
        wait_visible(anna, "closed-empty").await?;
        click_css(anna, "#end-conv").await?;
        wait_visible(anna, "end-confirm").await?;
        click_css(anna, "#end-yes").await?;
        wait_visible(anna, "close-conv").await?;
        click_css(anna, "#close-conv").await?;
        wait_visible(anna, "close-confirm").await?;
        click_css(anna, "#close-anyway").await?;
        has_text(anna, "#queue-status", "Gesloten gesprekken").await?;
        wait_text(anna, "#closed-list li", "noor").await?;
        wait_text(anna, "#closed-list li", "geen registratie").await?;
        wait_js(
            anna,
            "return document.getElementById('closed-empty').hidden",
        )
        .await?;
        axe(anna, "a chat closed, listed at once").await?;
        Ok(())
    })
    .await
}

/// Two visitors' windows (500x800) and anna's (1400x900) on the test configuration: see
/// `with_windows`.
async fn with_two_visitors<F>(name: &str, walk: F) -> R
where
    F: AsyncFnOnce(&Server, &Client, &Client, &Client, &str) -> R,
{
    with_two_visitors_at(name, (1400, 900), walk).await
}

/// As `with_two_visitors`, with anna's window `size` (width, height).
async fn with_two_visitors_at<F>(name: &str, size: (u32, u32), walk: F) -> R
where
    F: AsyncFnOnce(&Server, &Client, &Client, &Client, &str) -> R,
{
    let sizes = [(500, 800), (500, 800), size];
    with_windows(name, test_config()?, &sizes, async |s, w, base| {
        walk(s, &w[0], &w[1], &w[2], base).await
    })
    .await
}

/// Holds the page's answers to requests whose method is METHOD and whose path contains PATH until
/// `window.__release()` (a slow server, in the page's own fetch).
const HOLD: &str = "if (!window.__fetch) { window.__fetch = window.fetch; } window.__held = []; \
    window.fetch = function (u, o) { var p = window.__fetch.apply(this, arguments); \
      if ((o && o.method || 'GET') === METHOD && String(u).indexOf(PATH) >= 0) { \
        return new Promise(function (res, rej) { window.__held.push(function () { p.then(res, rej); }); }); } \
      return p; }; \
    window.__release = function () { window.fetch = window.__fetch; var h = window.__held; window.__held = []; h.forEach(function (f) { f(); }); }; \
    return true;";

async fn hold(c: &Client, method: &str, path: &str) -> R {
    let script = HOLD
        .replace("METHOD", &serde_json::to_string(method)?)
        .replace("PATH", &serde_json::to_string(path)?);
    c.execute(&script, vec![]).await?;
    Ok(())
}

async fn release(c: &Client) -> R {
    c.execute(
        "if (window.__release) { window.__release(); } return true;",
        vec![],
    )
    .await?;
    Ok(())
}

/// `return` the text of the element `id` equals `want` (a script for `wait_js`).
fn text_is(id: &str, want: &str) -> String {
    format!(
        "var e = document.getElementById({}); return !!e && e.textContent === {}",
        serde_json::to_string(id).unwrap_or_default(),
        serde_json::to_string(want).unwrap_or_default()
    )
}

/// walk-console21, finding 1: a save of noor's registration that the server answers after the
/// counsellor switched to sem's chat does not say "Opgeslagen." in sem's status line; noor's chat
/// knows it is saved (no "registratie niet opgeslagen").
#[tokio::test]
async fn a_late_save_speaks_only_for_its_own_chat_in_chromium() -> R {
    with_two_visitors("late-save", async |s, one, two, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take(one, anna, base, "noor").await?;
        take(two, anna, base, "sem").await?;
        click_tab(anna, "noor").await?;
        wait_text(anna, "#conv-h", "noor").await?;
        wait_form(anna, "||||").await?;
        click_css(anna, "input[name=first_time][value=yes]").await?;
        // The server's answer to the save arrives once she is in sem's chat.
        hold(anna, "POST", "/console/api/registration/").await?;
        click_css(anna, "#reg-form button[type=submit]").await?;
        click_tab(anna, "sem").await?;
        wait_text(anna, "#conv-h", "sem").await?;
        wait_form(anna, "||||").await?;
        for _ in 0..50 {
            if registration_of(s, "noor")?.is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(registration_of(s, "noor")?.is_some(), "noor's save not sent");
        release(anna).await?;
        // Long enough for the answer to be written anywhere.
        tokio::time::sleep(Duration::from_millis(1000)).await;
        let said = anna
            .execute(
                "return document.getElementById('reg-status').textContent;",
                vec![],
            )
            .await?;
        assert_eq!(said.as_str(), Some(""), "sem's status speaks of noor's save");
        axe(anna, "sem's chat after noor's late save").await?;
        // noor's chat: saved, so her tab does not say otherwise.
        wait_js(
            anna,
            "var b = Array.from(document.querySelectorAll('#mine button')).filter(function (b) { return b.textContent.indexOf('noor') === 0; })[0]; \
             return !!b && b.textContent.indexOf('registratie niet opgeslagen') < 0",
        )
        .await?;
        click_tab(anna, "noor").await?;
        wait_form(anna, "|yes|||").await?;
        Ok(())
    })
    .await
}

/// walk-console21, finding 2: after an edit by hand the status line says it short, in the voice
/// of the line after "Invullen": 'Jouw wijzigingen zijn nog niet opgeslagen: gebruik
/// "Registratie opslaan".'; in English too.
#[tokio::test]
async fn a_hand_edit_is_said_short_in_chromium() -> R {
    with_one_visitor("hand-short", async |_, visitor, anna, base| {
        two_suggestions(visitor, anna, base, "jayjay").await?;
        click_css(
            anna,
            "#assist-list button[aria-label='Invullen: Hulpvraag over mensenhandel: ja']",
        )
        .await?;
        has_text(
            anna,
            "#reg-status",
            "Hulpvraag over mensenhandel: ja is opgeslagen.",
        )
        .await?;
        click_css(anna, "#notes").await?;
        type_keys(anna, "Belt terug").await?;
        wait_js(
            anna,
            &text_is(
                "reg-status",
                "Jouw wijzigingen zijn nog niet opgeslagen: gebruik \"Registratie opslaan\".",
            ),
        )
        .await?;
        axe(anna, "a hand edit, said short").await?;
        click_css(anna, "#lang").await?;
        wait_js(
            anna,
            &text_is(
                "reg-status",
                "Your changes are not saved yet: use \"Save registration\".",
            ),
        )
        .await?;
        Ok(())
    })
    .await
}

/// walk-console21, finding 3: closing a registration while another chat of hers still runs shows
/// that chat (its heading focused, said under the queue with what was closed); closing the last
/// one leaves the middle empty, the focus on the queue's heading.
#[tokio::test]
async fn closing_shows_the_next_running_chat_in_chromium() -> R {
    with_two_visitors("close-next", async |_, one, two, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take(one, anna, base, "noor").await?;
        take(two, anna, base, "sem").await?;
        click_tab(anna, "noor").await?;
        wait_text(anna, "#conv-h", "noor").await?;
        click_css(anna, "#end-conv").await?;
        wait_visible(anna, "end-confirm").await?;
        click_css(anna, "#end-yes").await?;
        wait_visible(anna, "close-conv").await?;
        click_css(anna, "#close-conv").await?;
        wait_visible(anna, "close-confirm").await?;
        click_css(anna, "#close-anyway").await?;
        // sem's chat is shown, its heading has the focus, and the page says both.
        wait_visible(anna, "conversation").await?;
        has_text(anna, "#conv-h", "sem").await?;
        wait_js(anna, "return document.activeElement.id === 'conv-h'").await?;
        has_text(anna, "#queue-status", "Gesprek met noor gesloten zonder registratie").await?;
        has_text(anna, "#queue-status", "Nu open: het gesprek met sem.").await?;
        wait_js(
            anna,
            "return document.querySelector('#mine button[aria-current=true]').textContent.indexOf('sem') === 0",
        )
        .await?;
        axe(anna, "closed, the next running chat shown").await?;
        shot(anna, "walk-31-next-chat-after-close").await?;
        click_css(anna, "#lang").await?;
        has_text(anna, "#queue-status", "Now open: the conversation with sem.").await?;
        click_css(anna, "#lang").await?;
        wait_js(anna, "return document.documentElement.lang === 'nl'").await?;
        // The last one closed: nothing left to show.
        click_css(anna, "#end-conv").await?;
        wait_visible(anna, "end-confirm").await?;
        click_css(anna, "#end-yes").await?;
        wait_visible(anna, "close-conv").await?;
        click_css(anna, "#close-conv").await?;
        wait_visible(anna, "close-confirm").await?;
        click_css(anna, "#close-anyway").await?;
        wait_visible(anna, "no-conversation").await?;
        wait_js(anna, "return document.activeElement.id === 'queue-h'").await?;
        has_text(anna, "#queue-status", "Gesprek met sem gesloten zonder registratie").await?;
        let said = anna
            .find(Locator::Id("queue-status"))
            .await?
            .text()
            .await?;
        assert!(!said.contains("Nu open"), "{said}");
        Ok(())
    })
    .await
}

/// The visitor `nick` starts a chat on fier with the age `age` filled in.
async fn intake_aged(visitor: &Client, base: &str, nick: &str, age: &str) -> R {
    visitor.goto(&format!("{base}/chat/fier")).await?;
    wait_visible(visitor, "intake").await?;
    click_css(visitor, "#username").await?;
    type_keys(visitor, nick).await?;
    click_css(visitor, "#age").await?;
    type_keys(visitor, age).await?;
    press(visitor, Key::Enter, false).await?;
    wait_visible(visitor, "queue").await?;
    Ok(())
}

/// walk-console21, finding 4, and walk-console22, finding 8: the tabs under "Mijn gesprekken" say
/// the age in words and whose it is, as the header does: "noor · bezoeker 15 jaar · Fier" (the
/// visitor's own filled-in age, not necessarily the victim's); "visitor 15 years" in English.
#[tokio::test]
async fn a_tab_says_the_age_is_the_visitors_in_chromium() -> R {
    with_one_visitor("tab-age", async |_, visitor, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        intake_aged(visitor, base, "noor", "15").await?;
        has_text(anna, "#queue li", "noor").await?;
        click_css(anna, "#queue li button").await?;
        has_text(anna, "#conv-h", "noor").await?;
        has_text(anna, "#mine li", "noor · bij de start ingevuld: 15 jaar · ").await?;
        axe(anna, "a tab with the visitor's age").await?;
        click_css(anna, "#lang").await?;
        has_text(
            anna,
            "#mine li",
            "noor · filled in at the start: 15 years · ",
        )
        .await?;
        Ok(())
    })
    .await
}

/// walk-console21, finding 5, and walk-console22, finding 9: a queue card says how long the
/// visitor waits as a length of time: "wacht 38 s" or "wacht 2 min 05 s", never "wacht 0:38"
/// (read as hours and minutes); "waiting 38 s" in English; the supervisor's overview too.
#[tokio::test]
async fn a_queue_card_says_the_wait_in_seconds_and_minutes_in_chromium() -> R {
    with_one_visitor("card-wait", async |s, visitor, sanne, base| {
        s.add_user("sanne", Role::Admin, "wachtwoord-sanne-1")?;
        login(sanne, base, "sanne", "wachtwoord-sanne-1").await?;
        intake_aged(visitor, base, "noor", "15").await?;
        has_text(sanne, "#queue li", "noor").await?;
        has_text(sanne, "#overview li", "noor").await?;
        let said = "var t = document.querySelector('CSS'); if (!t) { return false; } t = t.textContent; \
            return /WORD (\\d+ s|\\d+ min \\d\\d s)/.test(t) && !/\\d+:\\d\\d/.test(t)";
        for css in ["#queue li", "#overview li"] {
            wait_js(sanne, &said.replace("CSS", css).replace("WORD", "wacht")).await?;
        }
        axe(sanne, "a queue card with its waiting time in seconds").await?;
        click_css(sanne, "#lang").await?;
        for css in ["#queue li", "#overview li"] {
            wait_js(sanne, &said.replace("CSS", css).replace("WORD", "waiting")).await?;
        }
        Ok(())
    })
    .await
}

/// walk-console21, finding 6: a visitor who left before the click: "Deze bezoeker is vertrokken."
/// without "neem de volgende aan" while nobody else waits; once someone waits, it says so.
#[tokio::test]
async fn take_the_next_only_when_someone_waits_in_chromium() -> R {
    with_one_visitor("take-next", async |s, _, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        let token = crate::util::visitor_start(s.addr, "fier", "noor").await?;
        let noor = crate::util::Client::visitor(s.addr, &token, 0).await?;
        has_text(anna, "#queue li", "noor").await?;
        wait_js(
            anna,
            "var b = document.querySelector('#queue li button'); return !!b && !b.hidden",
        )
        .await?;
        // She clicks before her page has heard that noor left.
        hold(anna, "GET", "/console/api/state").await?;
        noor.close().await?;
        tokio::time::sleep(Duration::from_millis(800)).await;
        click_css(anna, "#queue li button").await?;
        wait_js(
            anna,
            &text_is("queue-status", "Deze bezoeker is vertrokken."),
        )
        .await?;
        release(anna).await?;
        axe(anna, "a visitor who left, nobody else waiting").await?;
        click_css(anna, "#lang").await?;
        wait_js(anna, &text_is("queue-status", "This visitor has left.")).await?;
        click_css(anna, "#lang").await?;
        wait_js(anna, "return document.documentElement.lang === 'nl'").await?;
        // Someone comes in: now there is a next one to take.
        let sem = crate::util::visitor_start(s.addr, "fier", "sem").await?;
        let sem = crate::util::Client::visitor(s.addr, &sem, 0).await?;
        has_text(anna, "#queue", "sem").await?;
        wait_js(
            anna,
            &text_is(
                "queue-status",
                "Deze bezoeker is vertrokken; neem de volgende aan.",
            ),
        )
        .await?;
        sem.close().await?;
        Ok(())
    })
    .await
}

/// Whether `#transcript` is scrolled to its bottom.
const AT_BOTTOM: &str = "var t = document.getElementById('transcript'); return t.scrollHeight - t.scrollTop - t.clientHeight < 2;";

/// walk-console21, finding 7: a message marked as evidence stays in view when a new message
/// comes in (the chat keeps its place); a chat at its bottom follows new messages as before.
#[tokio::test]
async fn the_chat_keeps_its_place_when_a_message_comes_in_in_chromium() -> R {
    with_one_visitor_at("keep-place", (1366, 768), async |_, visitor, anna, base| {
        two_suggestions(visitor, anna, base, "jayjay").await?;
        // Enough lines that the chat scrolls with its first message in the middle (the
        // transcript is taller since walk-console34, finding 1).
        for line in [
            "ik weet niet goed wat ik moet doen",
            "hij zegt dat ik hem geld schuldig ben",
            "mijn moeder weet van niks",
            "ik durf het niemand te vertellen",
            "hij leest mijn berichten soms",
            "ben je er nog",
        ] {
            type_keys(visitor, line).await?;
            press(visitor, Key::Enter, false).await?;
            has_text(anna, "#transcript", line).await?;
        }
        wait_js(anna, AT_BOTTOM).await?;
        wait_css(anna, "#assist-list .assist-quote").await?;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        click_css(anna, "#assist-list .assist-quote").await?;
        wait_evidence(anna, "Hier staat het", true).await?;
        // A new message: the marked one stays in view.
        type_keys(visitor, "hallo?").await?;
        press(visitor, Key::Enter, false).await?;
        has_text(anna, "#transcript", "hallo?").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let said = evidence(anna, "Hier staat het", true).await?;
        assert_eq!(said, "", "the marked message scrolled away");
        axe(anna, "a new message while a quote's message is marked").await?;
        // At the bottom again, she follows new messages.
        anna.execute(
            "var t = document.getElementById('transcript'); t.scrollTop = t.scrollHeight; return true;",
            vec![],
        )
        .await?;
        type_keys(visitor, "ik ben er nog").await?;
        press(visitor, Key::Enter, false).await?;
        has_text(anna, "#transcript", "ik ben er nog").await?;
        wait_js(anna, AT_BOTTOM).await?;
        Ok(())
    })
    .await
}

/// Where "Nieuwe suggestie — bekijken" stands against the sticky top bar: "" when its band is
/// right below the bar (not under it, no gap above it), else what is wrong.
const BAND_UNDER_BAR: &str = "var bar = document.querySelector('.bar').getBoundingClientRect(); \
    var band = document.getElementById('assist-new-bar').getBoundingClientRect(); \
    var b = document.getElementById('assist-new').getBoundingClientRect(); \
    var bad = []; \
    if (getComputedStyle(document.querySelector('.bar')).position !== 'sticky') { bad.push('the bar is not sticky'); } \
    if (Math.abs(band.top - bar.bottom) > 1) { bad.push('band at ' + band.top + ', bar ends at ' + bar.bottom); } \
    if (b.top < bar.bottom) { bad.push('button under the bar: ' + b.top + ' < ' + bar.bottom); } \
    return bad.join(' | ');";

/// walk-console21: between 40rem and 64rem wide (here 44rem, 704 px, where the top bar takes
/// two lines) the page scrolls as a whole under a sticky top bar, and "Nieuwe suggestie —
/// bekijken" stands right below that bar, neither under it nor with a gap.
#[tokio::test]
async fn the_new_suggestion_bar_sits_under_the_top_bar_at_medium_width_in_chromium() -> R {
    with_one_visitor_at("band-medium", (704, 900), async |_, visitor, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take(visitor, anna, base, "jayjay").await?;
        has_text(
            anna,
            "#assist-status",
            "de bezoeker heeft nog niets geschreven",
        )
        .await?;
        click_css(anna, "#notes").await?;
        type_keys(anna, "Vraagt naar werk").await?;
        wait_visible(visitor, "chat").await?;
        type_keys(visitor, LOVERBOY).await?;
        press(visitor, Key::Enter, false).await?;
        wait_text(anna, "#assist-list li", "Hulpvraag over mensenhandel: ja").await?;
        wait_js(
            anna,
            "var n = document.getElementById('assist-new'); return !!n && !n.hidden",
        )
        .await?;
        let said = anna
            .execute(BAND_UNDER_BAR, vec![])
            .await?
            .as_str()
            .unwrap_or("not a string")
            .to_string();
        shot(anna, "walk-32-new-suggestion-medium-width").await?;
        assert_eq!(said, "", "the new-suggestion band at 704 px");
        axe(anna, "the new-suggestion band at a medium width").await?;
        Ok(())
    })
    .await
}

/// The visitor writes `n` messages, each seen in anna's chat.
async fn write_many(visitor: &Client, anna: &Client, n: usize) -> R {
    for i in 0..n {
        let line = format!(
            "bericht {i}: ik weet niet goed hoe ik dit moet zeggen maar het gaat niet goed met me thuis"
        );
        type_keys(visitor, &line).await?;
        press(visitor, Key::Enter, false).await?;
        has_text(anna, "#transcript", &format!("bericht {i}:")).await?;
    }
    Ok(())
}

/// walk-console22, finding 1: after closing a registration the console opens her next running
/// chat by itself, at its newest message (not scrolled up at older ones); so does a tab click.
#[tokio::test]
async fn an_opened_chat_starts_at_its_newest_message_in_chromium() -> R {
    with_two_visitors_at("open-bottom", (1366, 768), async |_, one, two, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take(one, anna, base, "noor").await?;
        take(two, anna, base, "sem").await?;
        wait_visible(two, "chat").await?;
        write_many(two, anna, 8).await?;
        wait_js(anna, "var t = document.getElementById('transcript'); return t.scrollHeight > t.clientHeight + 100").await?;
        click_tab(anna, "noor").await?;
        wait_text(anna, "#conv-h", "noor").await?;
        click_css(anna, "#end-conv").await?;
        wait_visible(anna, "end-confirm").await?;
        click_css(anna, "#end-yes").await?;
        wait_visible(anna, "close-conv").await?;
        click_css(anna, "#close-conv").await?;
        wait_visible(anna, "close-confirm").await?;
        click_css(anna, "#close-anyway").await?;
        has_text(anna, "#conv-h", "sem").await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        wait_js(anna, AT_BOTTOM).await?;
        axe(anna, "the next chat opened at its newest message").await?;
        Ok(())
    })
    .await
}

/// walk-console22, finding 2: scrolled up in a running chat while the visitor writes, a button
/// "Nieuwe berichten — naar beneden" under the chat says so (said once to a screen reader);
/// reached with Tab from the chat, Enter goes down and puts the focus in the reply box; it goes
/// too when she scrolls down herself.
#[tokio::test]
async fn new_messages_below_are_said_with_a_button_in_chromium() -> R {
    with_one_visitor_at("new-below", (1366, 768), async |_, visitor, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take(visitor, anna, base, "noor").await?;
        wait_visible(visitor, "chat").await?;
        write_many(visitor, anna, 8).await?;
        let up = "var t = document.getElementById('transcript'); t.scrollTop = 0; return true;";
        anna.execute(up, vec![]).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        type_keys(visitor, "ben je er nog").await?;
        press(visitor, Key::Enter, false).await?;
        has_text(anna, "#transcript", "ben je er nog").await?;
        wait_js(
            anna,
            "var b = document.getElementById('new-below'); return !b.hidden && b.textContent === 'Nieuwe berichten — naar beneden' && b.getBoundingClientRect().height > 0",
        )
        .await?;
        has_text(anna, "#new-below-said", "Nieuwe berichten van noor").await?;
        let top = anna
            .execute("return document.getElementById('transcript').scrollTop;", vec![])
            .await?;
        assert_eq!(top.as_f64(), Some(0.0), "the chat moved while she read back");
        axe(anna, "new messages below, the button").await?;
        click_css(anna, "#lang").await?;
        wait_js(anna, &text_is("new-below", "New messages — go down")).await?;
        click_css(anna, "#lang").await?;
        wait_js(anna, "return document.documentElement.lang === 'nl'").await?;
        // By keyboard: from the chat, Tab reaches it; Enter goes down.
        anna.execute("document.getElementById('transcript').focus({preventScroll: true}); return true;", vec![])
            .await?;
        press(anna, Key::Tab, false).await?;
        wait_js(anna, "return document.activeElement.id === 'new-below'").await?;
        press(anna, Key::Enter, false).await?;
        wait_js(anna, AT_BOTTOM).await?;
        wait_js(anna, "return document.getElementById('new-below').hidden && document.activeElement.id === 'reply'").await?;
        // Scrolled down by hand, it goes too.
        anna.execute(up, vec![]).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        type_keys(visitor, "hallo?").await?;
        press(visitor, Key::Enter, false).await?;
        wait_js(anna, "return !document.getElementById('new-below').hidden").await?;
        anna.execute(
            "var t = document.getElementById('transcript'); t.scrollTop = t.scrollHeight; return true;",
            vec![],
        )
        .await?;
        wait_js(anna, "return document.getElementById('new-below').hidden").await?;
        Ok(())
    })
    .await
}

/// walk-console22, finding 3: each decided suggestion says what was decided and its undo names
/// what it takes back, visibly: two undo buttons never look alike.
#[tokio::test]
async fn each_undo_names_what_it_undoes_in_chromium() -> R {
    with_one_visitor("undo-names", async |_, visitor, anna, base| {
        two_suggestions(visitor, anna, base, "jayjay").await?;
        click_css(
            anna,
            "#assist-list button[aria-label='Invullen: Hulpvraag over mensenhandel: ja']",
        )
        .await?;
        has_text(anna, "#assist-list", "Ingevuld door jou: Hulpvraag over mensenhandel: ja").await?;
        click_css(
            anna,
            "#assist-list button[aria-label='Afwijzen: Relatie of loverboy-zorgen']",
        )
        .await?;
        has_text(anna, "#assist-list", "Afgewezen door jou: Relatie of loverboy-zorgen").await?;
        let undo = "var t = Array.from(document.querySelectorAll('#assist-list button.quiet'), function (b) { return b.textContent; }); \
            return t.indexOf(@A@) >= 0 && t.indexOf(@B@) >= 0";
        wait_js(
            anna,
            &undo
                .replace("@A@", "'Ongedaan maken: Hulpvraag over mensenhandel: ja'")
                .replace("@B@", "'Ongedaan maken: Relatie of loverboy-zorgen'"),
        )
        .await?;
        axe(anna, "two undo buttons, each named").await?;
        click_css(anna, "#lang").await?;
        wait_js(
            anna,
            &undo
                .replace("@A@", "'Undo: Help request about human trafficking: yes'")
                .replace("@B@", "'Undo: Relationship or loverboy worries'"),
        )
        .await?;
        has_text(anna, "#assist-list", "Filled in by you: Help request about human trafficking: yes").await?;
        Ok(())
    })
    .await
}

/// Ends the open chat and closes it with "Registratie opslaan en sluiten", "Toch opslaan en
/// sluiten" when asked.
async fn end_and_close(anna: &Client) -> R {
    click_css(anna, "#end-conv").await?;
    wait_visible(anna, "end-confirm").await?;
    click_css(anna, "#end-yes").await?;
    wait_visible(anna, "close-conv").await?;
    click_css(anna, "#close-conv").await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    if anna
        .execute(
            "return !document.getElementById('close-confirm').hidden",
            vec![],
        )
        .await?
        .as_bool()
        == Some(true)
    {
        click_css(anna, "#close-anyway").await?;
    }
    Ok(())
}

/// walk-console22, finding 4: "Gesloten gesprekken" says "registratie opgeslagen, niet alles
/// beslist" (standing out) for a registration saved with suggestions undecided or the flag "nog
/// niet bekend", and "registratie opgeslagen" for one with everything decided; each with what
/// it holds ("mensenhandel: ja · 1 categorie · geen notities": walk-console27, finding 1, notes
/// typed and never saved were lost behind "registratie opgeslagen").
#[tokio::test]
async fn a_closed_chat_saved_undecided_says_so_in_chromium() -> R {
    with_two_visitors("closed-undecided", async |_, visitor, two, anna, base| {
        // jayjay: both suggestions taken over, everything decided.
        two_suggestions(visitor, anna, base, "jayjay").await?;
        for label in [
            "Invullen: Hulpvraag over mensenhandel: ja",
            "Invullen: Relatie of loverboy-zorgen",
        ] {
            click_css(anna, &format!("#assist-list button[aria-label='{label}']")).await?;
            wait_js(
                anna,
                &format!(
                    "return !!document.querySelector(\"#assist-list button[aria-label='Ongedaan maken: {}']\")",
                    label.trim_start_matches("Invullen: ")
                ),
            )
            .await?;
        }
        end_and_close(anna).await?;
        has_text(anna, "#queue-status", "Registratie van jayjay opgeslagen").await?;
        // noor: saved with both suggestions open and the flag unknown.
        take(two, anna, base, "noor").await?;
        wait_visible(two, "chat").await?;
        type_keys(two, LOVERBOY).await?;
        press(two, Key::Enter, false).await?;
        wait_text(anna, "#assist-list li", "Relatie of loverboy-zorgen").await?;
        click_css(anna, "input[name=first_time][value=yes]").await?;
        end_and_close(anna).await?;
        has_text(anna, "#queue-status", "Registratie van noor opgeslagen").await?;
        click_css(anna, "#closed-box summary").await?;
        let row = "var b = Array.from(document.querySelectorAll('#closed-list button')).filter(function (b) { return b.textContent.indexOf(NICK) === 0; })[0]; \
            return !!b && WANT";
        wait_js(
            anna,
            &row.replace("NICK", "'noor '").replace(
                "WANT",
                "!!b.querySelector('.unsaved') && b.querySelector('.unsaved').textContent === 'registratie opgeslagen, niet alles beslist'",
            ),
        )
        .await?;
        wait_js(
            anna,
            &row.replace("NICK", "'jayjay '").replace(
                "WANT",
                "b.textContent.indexOf('registratie opgeslagen') > 0 && b.textContent.indexOf('niet alles beslist') < 0",
            ),
        )
        .await?;
        // What each saved registration holds, so that notes never saved are seen
        // (walk-console27, finding 1).
        wait_js(
            anna,
            &row.replace("NICK", "'jayjay '").replace(
                "WANT",
                "!!b.querySelector('.saved-what') && b.querySelector('.saved-what').textContent === 'mensenhandel: ja · categorie: Relatie of loverboy-zorgen · geen verwijzing · geen notities'",
            ),
        )
        .await?;
        wait_js(
            anna,
            &row.replace("NICK", "'noor '").replace(
                "WANT",
                "!!b.querySelector('.saved-what') && b.querySelector('.saved-what').textContent === 'niets aangevinkt bij ‘Andere categorieën’ · geen verwijzing · geen notities'",
            ),
        )
        .await?;
        axe(anna, "closed chats, one saved undecided").await?;
        shot(anna, "walk-27-closed-what-it-holds").await?;
        click_css(anna, "#lang").await?;
        has_text(anna, "#closed-list", "registration saved, not everything decided").await?;
        has_text(anna, "#closed-list", "human trafficking: yes · category: Relationship or loverboy worries · no referral · no notes").await?;
        Ok(())
    })
    .await
}

/// walk-console22, finding 5: "… Nu open: het gesprek met sem." under the queue goes once sem's
/// chat ends.
#[tokio::test]
async fn the_now_open_notice_goes_when_that_chat_ends_in_chromium() -> R {
    with_two_visitors("now-open-goes", async |_, one, two, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take(one, anna, base, "noor").await?;
        take(two, anna, base, "sem").await?;
        click_tab(anna, "noor").await?;
        wait_text(anna, "#conv-h", "noor").await?;
        end_and_close(anna).await?;
        has_text(anna, "#queue-status", "Nu open: het gesprek met sem.").await?;
        click_css(anna, "#end-conv").await?;
        wait_visible(anna, "end-confirm").await?;
        click_css(anna, "#end-yes").await?;
        wait_visible(anna, "close-conv").await?;
        wait_js(anna, &text_is("queue-status", "")).await?;
        axe(anna, "the now-open notice gone after that chat ended").await?;
        Ok(())
    })
    .await
}

/// walk-console22, finding 6: the end dialog of a chat with an undecided suggestion offers
/// "Terug naar de registratie", which closes it and puts the focus on the first open
/// suggestion's card, as the close dialog does.
#[tokio::test]
async fn the_end_dialog_offers_the_way_back_to_the_registration_in_chromium() -> R {
    with_one_visitor("end-back", async |_, visitor, anna, base| {
        two_suggestions(visitor, anna, base, "jayjay").await?;
        click_css(anna, "#end-conv").await?;
        wait_visible(anna, "end-confirm").await?;
        wait_js(
            anna,
            "var b = document.getElementById('end-back'); return !!b && !b.hidden && b.textContent === 'Terug naar de registratie'",
        )
        .await?;
        axe(anna, "the end dialog with the way back").await?;
        click_css(anna, "#end-back").await?;
        wait_js(anna, "return document.getElementById('end-confirm').hidden").await?;
        wait_js(anna, &focus_in_card("Hulpvraag over mensenhandel: ja")).await?;
        Ok(())
    })
    .await
}

/// walk-console22, finding 7: after "Registratie opslaan", switching to another chat and back
/// shows when it was saved ("Opgeslagen om 21:36."), not an empty line; "Saved at" in English.
#[tokio::test]
async fn back_in_a_saved_chat_the_line_says_when_in_chromium() -> R {
    with_two_visitors("saved-at", async |_, one, two, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take(one, anna, base, "noor").await?;
        take(two, anna, base, "sem").await?;
        wait_form(anna, "||||").await?;
        click_css(anna, "input[name=first_time][value=yes]").await?;
        click_css(anna, "#reg-form button[type=submit]").await?;
        wait_js(anna, &text_is("reg-status", "Opgeslagen.")).await?;
        click_tab(anna, "noor").await?;
        wait_text(anna, "#conv-h", "noor").await?;
        click_tab(anna, "sem").await?;
        wait_text(anna, "#conv-h", "sem").await?;
        wait_form(anna, "|yes|||").await?;
        wait_js(
            anna,
            "return /^Opgeslagen om \\d\\d:\\d\\d\\.$/.test(document.getElementById('reg-status').textContent)",
        )
        .await?;
        axe(anna, "back in a saved chat").await?;
        click_css(anna, "#lang").await?;
        wait_js(
            anna,
            "return /^Saved at \\d\\d:\\d\\d\\.$/.test(document.getElementById('reg-status').textContent)",
        )
        .await?;
        Ok(())
    })
    .await
}

/// walk-console22, finding 10: a suggestion she decided does not change under her: a new quote
/// for it (the server has one) neither redraws its card nor opens it again.
#[tokio::test]
async fn a_decided_suggestion_does_not_change_under_her_in_chromium() -> R {
    with_one_visitor("decided-stays", async |_, visitor, anna, base| {
        two_suggestions(visitor, anna, base, "jayjay").await?;
        click_css(
            anna,
            "#assist-list button[aria-label='Afwijzen: Relatie of loverboy-zorgen']",
        )
        .await?;
        wait_js(
            anna,
            "return !!document.querySelector(\"#assist-list button[aria-label='Ongedaan maken: Relatie of loverboy-zorgen']\")",
        )
        .await?;
        let card = "return Array.from(document.querySelectorAll('#assist-list li.assist-item')).filter(function (li) { return li.dataset.field === 'relationship|yes'; })[0]";
        anna.execute(&format!("var li = (function () {{ {card}; }})(); li.__before = true; window.__text = li.textContent; return true;"), vec![])
            .await?;
        type_keys(visitor, "mijn vriend dwingt me ook om seks te hebben met zijn vrienden voor geld").await?;
        press(visitor, Key::Enter, false).await?;
        has_text(anna, "#transcript", "zijn vrienden voor geld").await?;
        // The server now has a new quote for it (more than the card shows).
        let more = "var li = (function () { CARD; })(); var shown = li.querySelectorAll('.assist-quote').length; \
            if (!window.__asked) { window.__asked = true; \
              fetch('/console/api/assist/' + encodeURIComponent(document.getElementById('assist-list').dataset.conv), {cache: 'no-store'}) \
                .then(function (r) { return r.json(); }) \
                .then(function (j) { window.__quotes = j.proposals.filter(function (p) { return p.field === 'relationship'; })[0].quotes.length; }, \
                      function (e) { window.__quotes = String(e); }) \
                .then(function () { window.__asked = false; }); } \
            return typeof window.__quotes === 'number' && window.__quotes > shown";
        if let Err(e) = wait_js(anna, &more.replace("CARD", card)).await {
            let got = anna.execute("return String(window.__quotes);", vec![]).await?;
            return Err(format!("the server has no new quote: {got}: {e}").into());
        }
        tokio::time::sleep(Duration::from_millis(2500)).await;
        let same = anna
            .execute(&format!("var li = (function () {{ {card}; }})(); return !!li && li.__before === true && li.textContent === window.__text && !li.dataset.open;"), vec![])
            .await?;
        assert_eq!(same.as_bool(), Some(true), "the decided card changed");
        axe(anna, "a decided suggestion after a new quote").await?;
        Ok(())
    })
    .await
}

// ---- A newcomer's shift: six findings (unsaved notes on a reload, Enter after "Terug naar de
// registratie", the status after "Ongedaan maken", the chat's height on a laptop, the wait
// estimate beside an empty queue, the victim's age and form of exploitation). Screenshots
// `newcomer-*.png` at 1366x768.

/// Reloads the page as a counsellor does (F5); a "leave this page?" prompt of the browser, if
/// any, is confirmed as she would.
async fn reload(c: &Client) -> R {
    if let Err(e) = c.refresh().await {
        c.accept_alert()
            .await
            .map_err(|a| format!("reload: {e}; no prompt to confirm: {a}"))?;
    }
    wait_css(c, "#queue-panel").await?;
    Ok(())
}

/// The keys of this tab's kept registrations (sessionStorage), joined by spaces.
const DRAFT_KEYS: &str = "var k = []; for (var i = 0; i < sessionStorage.length; i += 1) { \
    if (sessionStorage.key(i).indexOf('zicht:reg-draft:') === 0) { k.push(sessionStorage.key(i)); } } return k.join(' ');";

async fn draft_keys(c: &Client) -> R<String> {
    Ok(c.execute(DRAFT_KEYS, vec![])
        .await?
        .as_str()
        .unwrap_or("not a string")
        .to_string())
}

/// Newcomer's shift, finding 1: notes typed and not saved come back after a reload of the
/// console in the same tab (kept in this tab's sessionStorage, per chat), with the tab saying
/// "registratie niet opgeslagen" and the panel saying they were restored; once saved, or
/// after logging out, nothing is kept in the tab.
#[tokio::test]
async fn unsaved_notes_survive_a_reload_in_chromium() -> R {
    with_one_visitor_at(
        "draft-reload",
        (1366, 768),
        async |s, visitor, anna, base| {
            login(anna, base, "anna", "wachtwoord-anna-1").await?;
            take(visitor, anna, base, "noor").await?;
            click_css(anna, "input[name=first_time][value=yes]").await?;
            click_css(anna, "#notes").await?;
            type_keys(anna, "Moet werken in een nagelsalon, paspoort afgepakt").await?;
            has_text(anna, "#mine", "registratie niet opgeslagen").await?;
            reload(anna).await?;
            // Back on the queue: the tab and a notice say what came back.
            has_text(anna, "#mine", "registratie niet opgeslagen").await?;
            has_text(
                anna,
                "#queue-status",
                "Niet-opgeslagen registratie teruggezet na het herladen: noor",
            )
            .await?;
            // The chat that was open opens again by itself (walk-console34, finding 5).
            has_text(anna, "#conv-h", "noor").await?;
            wait_form(
                anna,
                "|yes|||Moet werken in een nagelsalon, paspoort afgepakt",
            )
            .await?;
            has_text(
                anna,
                "#reg-status",
                "is teruggezet na het herladen van de pagina",
            )
            .await?;
            assert!(
                registration_of(s, "noor")?.is_none(),
                "restoring saved the registration"
            );
            axe(anna, "an unsaved registration restored after a reload").await?;
            // The panel's status line in the picture (the column scrolls on its own).
            anna.execute(
            "document.getElementById('reg-status').scrollIntoView({block: 'end'}); return true;",
            vec![],
        )
        .await?;
            shot(anna, "newcomer-1-notes-restored-after-a-reload").await?;
            // She goes on typing and saves with the keyboard: saved, and nothing kept in the tab.
            click_css(anna, "#notes").await?;
            press(anna, Key::End, false).await?;
            type_keys(anna, ", belt morgen").await?;
            crate::browser::tab_to(anna, "#reg-form button[type=submit]", false).await?;
            press(anna, Key::Enter, false).await?;
            has_text(anna, "#reg-status", "Opgeslagen").await?;
            let reg = registration_of(s, "noor")?.ok_or("not saved")?;
            assert_eq!(
                (reg.first_time, reg.notes.as_str()),
                (
                    Some(true),
                    "Moet werken in een nagelsalon, paspoort afgepakt, belt morgen"
                )
            );
            assert_eq!(draft_keys(anna).await?, "", "kept after saving");
            wait_js(
                anna,
                "return document.getElementById('mine').textContent.indexOf('niet opgeslagen') < 0",
            )
            .await?;
            // Typed again, then she logs out: nothing of it stays in the tab.
            click_css(anna, "#notes").await?;
            press(anna, Key::End, false).await?;
            type_keys(anna, " en zus").await?;
            wait_js(
            anna,
            "return document.getElementById('mine').textContent.indexOf('niet opgeslagen') >= 0",
        )
        .await?;
            assert_ne!(draft_keys(anna).await?, "", "an unsaved edit is not kept");
            click_css(anna, "#logout").await?;
            wait_css(anna, "#login-form").await?;
            assert_eq!(draft_keys(anna).await?, "", "kept after logging out");
            Ok(())
        },
    )
    .await
}

/// Newcomer's shift, finding 2: after "Terug naar de registratie" (in the end dialog and in the
/// close dialog) the focus lands on the first undecided suggestion's card, where Enter does
/// nothing: pressing Enter twice neither accepts a suggestion nor opens a dialog again.
#[tokio::test]
async fn enter_twice_after_back_to_the_registration_does_nothing_in_chromium() -> R {
    with_one_visitor_at("enter-twice", (1366, 768), async |s, visitor, anna, base| {
        two_suggestions(visitor, anna, base, "jayjay").await?;
        reject_the_form(anna).await?;
        let nothing_decided = "var t = document.getElementById('assist-list').textContent; \
            return document.querySelectorAll('#assist-list li[data-open]').length === 2 \
            && t.split('door jou').length === 2 && t.indexOf('Afgewezen door jou: Vorm van uitbuiting') >= 0";
        // The end dialog: from the closing message, Tab to "Terug naar de registratie", Enter twice.
        click_css(anna, "#end-conv").await?;
        wait_visible(anna, "end-back").await?;
        wait_js(anna, "return document.activeElement.id === 'end-message'").await?;
        crate::browser::tab_to(anna, "#end-back", false).await?;
        press(anna, Key::Enter, false).await?;
        wait_js(anna, "return document.getElementById('end-confirm').hidden").await?;
        wait_js(anna, &focus_in_card("Hulpvraag over mensenhandel: ja")).await?;
        press(anna, Key::Enter, false).await?;
        tokio::time::sleep(Duration::from_millis(800)).await;
        wait_js(anna, nothing_decided).await?;
        wait_js(
            anna,
            "return document.getElementById('end-confirm').hidden && document.getElementById('close-confirm').hidden \
             && document.activeElement.matches('#assist-list > li')",
        )
        .await?;
        assert!(
            registration_of(s, "jayjay")?.is_none(),
            "Enter saved something"
        );
        axe(anna, "back to the registration from the end dialog").await?;
        shot(anna, "newcomer-2-back-to-the-registration").await?;
        // Ended, then the close dialog: focus on "Terug naar de registratie", Enter twice.
        click_css(anna, "#end-conv").await?;
        wait_visible(anna, "end-yes").await?;
        crate::browser::tab_to(anna, "#end-yes", false).await?;
        press(anna, Key::Enter, false).await?;
        wait_visible(anna, "close-conv").await?;
        click_css(anna, "#close-conv").await?;
        wait_visible(anna, "close-confirm").await?;
        wait_js(anna, "return document.activeElement.id === 'close-back'").await?;
        press(anna, Key::Enter, false).await?;
        wait_js(anna, "return document.getElementById('close-confirm').hidden").await?;
        wait_js(anna, &focus_in_card("Hulpvraag over mensenhandel: ja")).await?;
        press(anna, Key::Enter, false).await?;
        tokio::time::sleep(Duration::from_millis(800)).await;
        wait_js(anna, nothing_decided).await?;
        wait_js(
            anna,
            "return document.getElementById('close-confirm').hidden && document.activeElement.matches('#assist-list > li')",
        )
        .await?;
        has_text(anna, "#mine-ended", "jayjay").await?;
        assert!(
            registration_of(s, "jayjay")?.is_none(),
            "Enter saved or closed"
        );
        // From the card, Tab reaches its "Invullen" (through its quotes).
        crate::browser::tab_to(
            anna,
            "#assist-list button[aria-label='Invullen: Hulpvraag over mensenhandel: ja']",
            false,
        )
        .await?;
        Ok(())
    })
    .await
}

/// Newcomer's shift, finding 3: after "Ongedaan maken" the registration's status line no longer
/// speaks of the decision before it: it says what the field holds now ("staat nu op "nog niet
/// bekend" (opgeslagen)"), also when the undo could not set the field back (after a reload).
#[tokio::test]
async fn after_undo_the_status_says_the_state_now_in_chromium() -> R {
    with_one_visitor_at(
        "undo-status",
        (1366, 768),
        async |s, visitor, anna, base| {
            two_suggestions(visitor, anna, base, "jayjay").await?;
            let accept =
                "#assist-list button[aria-label='Invullen: Hulpvraag over mensenhandel: ja']";
            let undo =
                "#assist-list button[aria-label='Ongedaan maken: Hulpvraag over mensenhandel: ja']";
            crate::browser::tab_to(anna, accept, false).await?;
            press(anna, Key::Enter, false).await?;
            has_text(
                anna,
                "#reg-status",
                "Hulpvraag over mensenhandel: ja is opgeslagen",
            )
            .await?;
            crate::browser::tab_to(anna, undo, true).await?;
            press(anna, Key::Enter, false).await?;
            wait_css(anna, accept).await?;
            has_text(anna, "#assist-status", "staat weer open").await?;
            wait_js(
                anna,
                &text_is(
                    "reg-status",
                    "Hulpvraag over mensenhandel staat nu op \"nog niet bekend\" (opgeslagen).",
                ),
            )
            .await?;
            assert_eq!(
                registration_of(s, "jayjay")?.ok_or("none")?.trafficking,
                None
            );
            axe(anna, "the status after an undo").await?;
            // The panel's status line in the picture (the column scrolls on its own).
            anna.execute(
            "document.getElementById('reg-status').scrollIntoView({block: 'end'}); return true;",
            vec![],
        )
        .await?;
            shot(anna, "newcomer-3-status-after-undo").await?;
            // In English too.
            click_css(anna, "#lang").await?;
            wait_js(
                anna,
                &text_is(
                    "reg-status",
                    "Help request about human trafficking is now \"not known yet\" (saved).",
                ),
            )
            .await?;
            click_css(anna, "#lang").await?;
            // Accepted again, then a reload: the undo cannot set the field back, and says it stays "ja".
            crate::browser::tab_to(anna, accept, false).await?;
            press(anna, Key::Enter, false).await?;
            has_text(anna, "#reg-status", "ja is opgeslagen").await?;
            reload(anna).await?;
            click_tab(anna, "jayjay").await?;
            wait_css(anna, undo).await?;
            crate::browser::tab_to(anna, undo, false).await?;
            press(anna, Key::Enter, false).await?;
            has_text(
                anna,
                "#assist-status",
                "het veld staat nog op \"ja\" (opgeslagen)",
            )
            .await?;
            wait_js(
                anna,
                &text_is(
                    "reg-status",
                    "Hulpvraag over mensenhandel staat nu op \"ja\" (opgeslagen).",
                ),
            )
            .await?;
            Ok(())
        },
    )
    .await
}

/// The transcript's height and the window's, and what stands in the chat column (for a failure).
const CHAT_ROOM: &str = "var t = document.getElementById('transcript').getBoundingClientRect(); \
    var parts = Array.from(document.querySelectorAll('#conversation > *, #own-actions > *, #reply-form > *')).filter(function (e) { return e.offsetParent !== null; }) \
      .map(function (e) { return (e.id || e.className || e.tagName) + ' ' + Math.round(e.getBoundingClientRect().height); }); \
    return [t.height, window.innerHeight, document.scrollingElement.scrollWidth, window.innerWidth, parts.join(', ')];";

async fn chat_room(c: &Client) -> R<(f64, f64, f64, f64, String)> {
    let v = c.execute(CHAT_ROOM, vec![]).await?;
    Ok((
        v[0].as_f64().unwrap_or(0.0),
        v[1].as_f64().unwrap_or(1.0),
        v[2].as_f64().unwrap_or(0.0),
        v[3].as_f64().unwrap_or(0.0),
        v[4].as_str().unwrap_or_default().to_string(),
    ))
}

/// Newcomer's shift, finding 4: at 1366x768 the chat's transcript takes at least 40% of the
/// window's height (it was about 150 px) with the reply box, the queue and the registration in
/// view; on a phone (390x844) the page still scrolls as one, never sideways; on a large screen
/// the transcript has at least as much room.
#[tokio::test]
async fn the_chat_has_room_on_a_laptop_in_chromium() -> R {
    with_one_visitor_at("chat-room", (1366, 768), async |_, visitor, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take(visitor, anna, base, "noor").await?;
        wait_visible(visitor, "chat").await?;
        for line in [
            "hoi ik wil iets vragen over mijn vriend",
            "hij laat me afspreken met mannen en pakt het geld",
            "ik durf niet te stoppen",
        ] {
            type_keys(visitor, line).await?;
            press(visitor, Key::Enter, false).await?;
            has_text(anna, "#transcript", line).await?;
        }
        click_css(anna, "#reply").await?;
        type_keys(anna, "Wat fijn dat je het vertelt. Ben je nu veilig?").await?;
        press(anna, Key::Enter, false).await?;
        has_text(anna, "#transcript", "Ben je nu veilig").await?;
        let (h, inner, _, _, parts) = chat_room(anna).await?;
        println!("1366x768: transcript {h:.0} px of {inner:.0} ({:.0}%): {parts}", 100.0 * h / inner);
        assert!(h >= 0.4 * inner, "transcript {h} px of {inner} at 1366x768: {parts}");
        let bad = out_of_view(
            anna,
            &["#queue-h", "#conv-h", "#transcript", "#reply", "#reply-form button[type=submit]", "#reg-h"],
        )
        .await?;
        assert_eq!(bad, "", "the chat on a laptop");
        // Registering: the panel scrolls on its own, the chat keeps its room.
        click_css(anna, "#notes").await?;
        type_keys(anna, "Loverboy, durft niet te stoppen").await?;
        let (h2, _, _, _, parts) = chat_room(anna).await?;
        assert!(h2 >= 0.4 * inner, "transcript {h2} px while registering: {parts}");
        let bad = out_of_view(anna, &["#transcript", "#reply", "#notes"]).await?;
        assert_eq!(bad, "", "registering on a laptop");
        // No column scrolls sideways (a narrower registration column once did, at "Kindertelefoon").
        let sideways = anna
            .execute(
                "return Array.from(document.querySelectorAll('.console-grid > :not(.sr-only)')).filter(function (e) { return e.scrollWidth > e.clientWidth + 1; }).map(function (e) { return e.id || e.className; }).join(' ');",
                vec![],
            )
            .await?;
        assert_eq!(sideways.as_str(), Some(""), "a column scrolls sideways at 1366x768");
        axe(anna, "the chat's room on a laptop").await?;
        shot(anna, "newcomer-4-chat-room-1366x768").await?;
        // The end dialog open: the transcript still shows a few messages.
        click_css(anna, "#end-conv").await?;
        wait_visible(anna, "end-confirm").await?;
        let (h3, _, _, _, parts) = chat_room(anna).await?;
        println!("1366x768, end dialog: transcript {h3:.0} px: {parts}");
        assert!(h3 >= 150.0, "transcript {h3} px with the end dialog open: {parts}");
        press(anna, Key::Escape, false).await?;
        wait_js(anna, "return document.getElementById('end-confirm').hidden").await?;
        // A phone: one scrolling page, nothing sideways, the chat readable.
        anna.set_window_size(390, 844).await?;
        wait_js(anna, "return window.innerWidth <= 400").await?;
        let (h, inner, sw, iw, parts) = chat_room(anna).await?;
        println!("390x844: transcript {h:.0} px of {inner:.0}: {parts}");
        assert!(sw <= iw, "{sw} px wide in a {iw} px window");
        assert!(h >= 150.0, "transcript {h} px on a phone: {parts}");
        wait_js(
            anna,
            "var c = document.getElementById('conversation').getBoundingClientRect(), r = document.getElementById('registration').getBoundingClientRect(); \
             return r.top >= c.bottom && document.scrollingElement.scrollHeight > window.innerHeight",
        )
        .await?;
        axe(anna, "the chat on a phone").await?;
        // A large screen.
        anna.set_window_size(1920, 1080).await?;
        wait_js(anna, "return window.innerWidth > 1800").await?;
        let (h, inner, _, _, parts) = chat_room(anna).await?;
        println!("1920x1080: transcript {h:.0} px of {inner:.0}: {parts}");
        assert!(h >= 0.4 * inner, "transcript {h} px of {inner} at 1920x1080: {parts}");
        let bad = out_of_view(anna, &["#queue-h", "#transcript", "#reply"]).await?;
        assert_eq!(bad, "", "the chat on a large screen");
        Ok(())
    })
    .await
}

/// Newcomer's shift, finding 5: with nobody waiting the channel line says "0 wachtend" and no
/// estimated wait (it said "ca. 1 min wachten" after two takes); with a visitor waiting the
/// estimate is back.
#[tokio::test]
async fn no_wait_estimate_while_nobody_waits_in_chromium() -> R {
    let sizes = [(400, 700), (400, 700), (400, 700), (1366, 768)];
    with_windows("no-estimate", test_config()?, &sizes, async |_, w, base| {
        let anna = &w[3];
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        // Two chats taken: the channel now has takes to estimate from.
        take(&w[0], anna, base, "eerste").await?;
        take(&w[1], anna, base, "tweede").await?;
        let line = "#channel-stats li[data-channel=fier] .stat";
        has_text(anna, line, "0 wachtend").await?;
        // Long enough for the queue's poll (3 s) and a push.
        tokio::time::sleep(Duration::from_millis(3500)).await;
        let said = crate::browser::text_of(anna, line).await?;
        assert!(
            said == "0 wachtend",
            "with nobody waiting the line says `{said}`"
        );
        axe(anna, "an empty queue without an estimate").await?;
        shot(anna, "newcomer-5-empty-queue-no-estimate").await?;
        // Someone waits: the estimate is back.
        intake(&w[2], base, "fier", "derde").await?;
        has_text(anna, line, "1 wachtend").await?;
        has_text(anna, line, "de laatste in de rij hoort: ca.").await?;
        Ok(())
    })
    .await
}

/// Newcomer's shift, finding 6: "Leeftijd slachtoffer" (0 to 99, may stay empty) and "Vorm van
/// uitbuiting" (the codebook's labels, never its codes) in the registration, checked before
/// saving, saved with it and said in the closed chats' list.
#[tokio::test]
async fn the_victims_age_and_form_are_registered_in_chromium() -> R {
    with_one_visitor_at("victim", (1366, 768), async |s, visitor, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take(visitor, anna, base, "noor").await?;
        // Labels, never codes.
        wait_js(
            anna,
            "var o = Array.from(document.querySelectorAll('#exploitation option')); \
             return o.length === 5 && o.every(function (x) { return x.textContent !== x.value && !/^[a-z_]+$/.test(x.textContent); }) \
             && o.map(function (x) { return x.textContent; }).join('|') === 'nog niet bekend|Seksuele uitbuiting|Criminele uitbuiting|Seksuele en criminele uitbuiting|Arbeidsuitbuiting' \
             && document.querySelector('label[for=victim-age]').textContent === 'Leeftijd slachtoffer' \
             && document.querySelector('label[for=exploitation]').textContent === 'Vorm van uitbuiting'",
        )
        .await?;
        // 120 is refused in words beside the field, with Enter in it; nothing saved.
        click_css(anna, "#victim-age").await?;
        type_keys(anna, "120").await?;
        press(anna, Key::Enter, false).await?;
        has_text(anna, "#victim-age-error", "heel getal van 0 tot 99").await?;
        wait_js(
            anna,
            "var e = document.activeElement; return e.id === 'victim-age' && e.getAttribute('aria-invalid') === 'true'",
        )
        .await?;
        axe(anna, "an age out of range").await?;
        shot(anna, "newcomer-6a-age-out-of-range").await?;
        assert!(registration_of(s, "noor")?.is_none(), "saved with age 120");
        for _ in 0..3 {
            press(anna, Key::Backspace, false).await?;
        }
        type_keys(anna, "15").await?;
        wait_js(
            anna,
            "return document.getElementById('victim-age-error').textContent === ''",
        )
        .await?;
        press(anna, Key::Tab, false).await?;
        wait_js(anna, "return document.activeElement.id === 'exploitation'").await?;
        type_keys(anna, "Arb").await?;
        wait_js(anna, "return document.getElementById('exploitation').value === 'labour'").await?;
        crate::browser::tab_to(anna, "#reg-form button[type=submit]", false).await?;
        press(anna, Key::Enter, false).await?;
        has_text(anna, "#reg-status", "Opgeslagen").await?;
        let reg = registration_of(s, "noor")?.ok_or("not saved")?;
        assert_eq!(
            (reg.victim_age, reg.exploitation.as_deref()),
            (Some(15), Some("labour"))
        );
        // Ended and closed: the closed chats' list says both, in words.
        click_css(anna, "#end-conv").await?;
        wait_visible(anna, "end-yes").await?;
        click_css(anna, "#end-yes").await?;
        wait_visible(anna, "close-conv").await?;
        click_css(anna, "#close-conv").await?;
        wait_visible(anna, "close-confirm").await?;
        click_css(anna, "#close-anyway").await?;
        wait_js(anna, "return document.querySelectorAll('#mine li, #mine-ended li').length === 0").await?;
        click_css(anna, "#closed-box summary").await?;
        has_text(anna, "#closed-list", "slachtoffer 15 jaar · arbeidsuitbuiting").await?;
        axe(anna, "the closed chats' list with age and form").await?;
        shot(anna, "newcomer-6b-closed-list-age-and-form").await?;
        click_css(anna, "#lang").await?;
        has_text(anna, "#closed-list", "victim 15 years old · labour exploitation").await?;
        click_css(anna, "#lang").await?;
        // Opened again from the list: both in the form; emptied and saved, both gone.
        click_css(anna, "#closed-list button").await?;
        wait_js(
            anna,
            "return document.getElementById('victim-age').value === '15' && document.getElementById('exploitation').value === 'labour'",
        )
        .await?;
        click_css(anna, "#victim-age").await?;
        for _ in 0..2 {
            press(anna, Key::Backspace, false).await?;
        }
        press(anna, Key::Enter, false).await?;
        has_text(anna, "#reg-status", "Opgeslagen").await?;
        let reg = registration_of(s, "noor")?.ok_or("not saved")?;
        assert_eq!(
            (reg.victim_age, reg.exploitation.as_deref()),
            (None, Some("labour"))
        );
        Ok(())
    })
    .await
}

/// The victim's age and the form of exploitation as suggestion cards: named in words ("Leeftijd
/// slachtoffer: 15", "Vorm van uitbuiting: seksuele uitbuiting", never a code), with the visitor's
/// words behind them; nothing set without a click; "Invullen" sets and saves only that field,
/// "Ongedaan maken" sets it back; saved and closed, the closed chats' list says both in words.
/// The visitor sees none of it.
#[tokio::test]
async fn the_victims_age_and_form_are_suggested_and_taken_over_in_chromium() -> R {
    with_one_visitor_at("victim-suggest", (1366, 768), async |s, visitor, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take(visitor, anna, base, "roos").await?;
        wait_visible(visitor, "chat").await?;
        let said = "ik ben 15 en mn vriend laat me met mannen afspreken voor geld";
        type_keys(visitor, said).await?;
        press(visitor, Key::Enter, false).await?;
        has_text(anna, "#transcript", said).await?;
        let age = "Leeftijd slachtoffer: 15";
        let form = "Vorm van uitbuiting: seksuele uitbuiting";
        has_text(anna, "#assist-list", age).await?;
        has_text(anna, "#assist-list", form).await?;
        // Each card quotes the visitor's words and says where the value is from; no code shows.
        for label in [age, form] {
            let card = anna
                .execute(
                    "var l = arguments[0]; var li = Array.from(document.querySelectorAll('#assist-list > li')).filter(function (x) { return x.querySelector('strong').textContent === l; })[0]; \
                     return li ? [li.textContent, Array.from(li.querySelectorAll('.assist-quote q'), function (q) { return q.textContent; }).join('|')] : null;",
                    vec![serde_json::json!(label)],
                )
                .await?;
            let text = card[0].as_str().ok_or(format!("no card {label}"))?;
            let quotes = card[1].as_str().ok_or("no quotes")?;
            assert!(
                text.contains("(gevonden in de tekst)")
                    || text.contains("(geschat uit vergelijkbare gesprekken)"),
                "{text}"
            );
            assert!(!quotes.is_empty() && quotes.split('|').all(|q| said.contains(q)), "{quotes}");
            assert!(!text.contains("sexual"), "a code on the card: {text}");
        }
        // Nothing set by the suggestions alone.
        wait_js(
            anna,
            "return document.getElementById('victim-age').value === '' && document.getElementById('exploitation').value === ''",
        )
        .await?;
        assert!(registration_of(s, "roos")?.is_none_or(|r| r.victim_age.is_none() && r.exploitation.is_none()));
        axe(anna, "age and form suggested").await?;
        shot(anna, "victim-suggest-a-cards").await?;

        // The age with the keyboard: only that field is set and saved.
        crate::browser::tab_to(
            anna,
            &format!("#assist-list button[aria-label='Invullen: {age}']"),
            false,
        )
        .await?;
        press(anna, Key::Enter, false).await?;
        has_text(anna, "#assist-list", &format!("Ingevuld door jou: {age}")).await?;
        has_text(anna, "#reg-status", &format!("{age} is opgeslagen.")).await?;
        wait_js(
            anna,
            "return document.getElementById('victim-age').value === '15' && document.getElementById('exploitation').value === ''",
        )
        .await?;
        let reg = registration_of(s, "roos")?.ok_or("the age was not saved")?;
        assert_eq!((reg.victim_age, reg.exploitation.as_deref(), reg.trafficking), (Some(15), None, None));

        // The form: taken over, undone (back to empty, saved), taken over again.
        let accept = format!("#assist-list button[aria-label='Invullen: {form}']");
        click_css(anna, &accept).await?;
        has_text(anna, "#assist-list", &format!("Ingevuld door jou: {form}")).await?;
        wait_js(anna, "return document.getElementById('exploitation').value === 'sexual'").await?;
        let reg = registration_of(s, "roos")?.ok_or("gone")?;
        assert_eq!((reg.victim_age, reg.exploitation.as_deref()), (Some(15), Some("sexual")));
        click_css(anna, &format!("#assist-list button[aria-label='Ongedaan maken: {form}']")).await?;
        wait_css(anna, &accept).await?;
        has_text(anna, "#assist-status", "teruggezet").await?;
        has_text(anna, "#reg-status", "Vorm van uitbuiting staat nu op \"nog niet bekend\"").await?;
        wait_js(anna, "return document.getElementById('exploitation').value === ''").await?;
        let reg = registration_of(s, "roos")?.ok_or("gone")?;
        assert_eq!((reg.victim_age, reg.exploitation.as_deref()), (Some(15), None));
        click_css(anna, &accept).await?;
        has_text(anna, "#assist-list", &format!("Ingevuld door jou: {form}")).await?;
        // Kept on the server: after a reload both cards are still decided.
        anna.refresh().await?;
        click_tab(anna, "roos").await?;
        has_text(anna, "#assist-list", &format!("Ingevuld door jou: {age}")).await?;
        has_text(anna, "#assist-list", &format!("Ingevuld door jou: {form}")).await?;
        shot(anna, "victim-suggest-b-taken-over").await?;
        // English second: the same cards in English words.
        click_css(anna, "#lang").await?;
        has_text(anna, "#assist-list", "Filled in by you: Victim's age: 15").await?;
        has_text(
            anna,
            "#assist-list",
            "Filled in by you: Form of exploitation: sexual exploitation",
        )
        .await?;
        click_css(anna, "#lang").await?;
        has_text(anna, "#assist-list", &format!("Ingevuld door jou: {age}")).await?;

        // The visitor sees none of it.
        let page = visitor.find(Locator::Css("body")).await?.text().await?;
        for word in ["Leeftijd slachtoffer", "Vorm van uitbuiting", "Invullen", "seksuele"] {
            assert!(!page.contains(word), "the visitor sees {word}: {page}");
        }

        // Saved, ended and closed: the closed chats' list says both in words.
        crate::browser::tab_to(anna, "#reg-form button[type=submit]", false).await?;
        press(anna, Key::Enter, false).await?;
        has_text(anna, "#reg-status", "Opgeslagen").await?;
        click_css(anna, "#end-conv").await?;
        wait_visible(anna, "end-yes").await?;
        click_css(anna, "#end-yes").await?;
        wait_visible(anna, "close-conv").await?;
        click_css(anna, "#close-conv").await?;
        wait_visible(anna, "close-confirm").await?;
        click_css(anna, "#close-anyway").await?;
        wait_js(anna, "return document.querySelectorAll('#mine li, #mine-ended li').length === 0").await?;
        click_css(anna, "#closed-box summary").await?;
        has_text(anna, "#closed-list", "slachtoffer 15 jaar · seksuele uitbuiting").await?;
        let reg = registration_of(s, "roos")?.ok_or("gone")?;
        assert_eq!((reg.victim_age, reg.exploitation.as_deref()), (Some(15), Some("sexual")));
        Ok(())
    })
    .await
}

// ---- walk-console34: a whole shift at 1366x768 with the browser's toolbars (a viewport about
// 625 px high). Screenshots `c34-*.png`.

/// Sets the window so that its viewport (`innerWidth` x `innerHeight`) is `width` x `height`,
/// as a 1366x768 laptop's browser with its toolbars leaves about 1366x625.
pub(crate) async fn set_viewport(c: &Client, width: u32, height: u32) -> R {
    c.set_window_size(width, height).await?;
    for _ in 0..4 {
        let v = c
            .execute("return [window.innerWidth, window.innerHeight];", vec![])
            .await?;
        let (iw, ih) = (v[0].as_i64().unwrap_or(0), v[1].as_i64().unwrap_or(0));
        if iw == i64::from(width) && ih == i64::from(height) {
            return Ok(());
        }
        let (ow, oh) = c.get_window_size().await?;
        let w = i64::try_from(ow)? + i64::from(width) - iw;
        let h = i64::try_from(oh)? + i64::from(height) - ih;
        c.set_window_size(u32::try_from(w)?, u32::try_from(h)?)
            .await?;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Err(format!("no viewport of {width}x{height}").into())
}

/// The visitor writes each of `lines`, each seen in anna's chat.
async fn visitor_writes(visitor: &Client, anna: &Client, lines: &[&str]) -> R {
    for line in lines {
        type_keys(visitor, line).await?;
        press(visitor, Key::Enter, false).await?;
        has_text(anna, "#transcript", line).await?;
    }
    Ok(())
}

/// walk-console34, finding 1: in a 1366x768 laptop's browser (viewport 1366x625) the transcript
/// was 172 px, two messages, under a reply box of three lines, a help of two, "Standaardtekst" and
/// "Overdragen aan een collega". Now it takes at least 45% of the viewport and never less than
/// 250 px: with the "/" list open (it lies over the chat), while a long reply grows the box (up to
/// about five lines), and the box is back at two lines once sent; "Overdragen aan collega" in the header opens
/// the transfer form. A phone (390x844) and 1920x1080 still work, never sideways.
#[tokio::test]
async fn the_transcript_has_most_of_the_middle_at_a_laptop_viewport_in_chromium() -> R {
    with_one_visitor_at("c34-room", (1366, 768), async |_, visitor, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take(visitor, anna, base, "sterretje_07").await?;
        set_viewport(anna, 1366, 625).await?;
        wait_visible(visitor, "chat").await?;
        visitor_writes(
            visitor,
            anna,
            &[
                "die fotos heb ik hem gestuurd toen we net verkering hadden.. naakt",
                "nu zegt hij dat hij ze naar mijn ouders stuurt als ik niet betaal",
                "ik ben echt bang en ik schaam me zo",
            ],
        )
        .await?;
        click_css(anna, "#reply").await?;
        type_keys(anna, "Wat naar dat dit gebeurt. Goed dat je het vertelt.").await?;
        press(anna, Key::Enter, false).await?;
        has_text(anna, "#transcript li.msg.me", "Goed dat je het vertelt").await?;
        let (h, inner, sw, iw, parts) = chat_room(anna).await?;
        println!("1366x625: transcript {h:.0} px of {inner:.0} ({:.0}%): {parts}", 100.0 * h / inner);
        assert!((inner - 625.0).abs() < 1.0, "viewport {inner}");
        assert!(h >= 0.45 * inner && h >= 250.0, "transcript {h} px of {inner}: {parts}");
        assert!(sw <= iw, "{sw} px wide in a {iw} px window");
        let bad = out_of_view(
            anna,
            &["#queue-h", "#conv-h", "#transcript", "#reply", "#reply-form button[type=submit]", "#end-conv", "#reg-h"],
        )
        .await?;
        assert_eq!(bad, "", "the chat at 1366x625");
        axe(anna, "the chat at 1366x625").await?;
        shot(anna, "c34-1-chat-room-1366x625").await?;
        // The "/" list lies over the chat: the transcript keeps its room, the box stays in view.
        type_keys(anna, "/").await?;
        // Six standard texts: the default has formal ("u") variants of the welcome and the goodbye (walk41, finding 4).
        wait_js(anna, "return !document.getElementById('canned-list').hidden && document.querySelectorAll('#canned-list li').length === 6").await?;
        let (h2, _, _, _, parts) = chat_room(anna).await?;
        assert!(h2 >= 250.0, "transcript {h2} px with the / list open: {parts}");
        let over = anna
            .execute(
                "var l = document.getElementById('canned-list').getBoundingClientRect(), r = document.getElementById('reply').getBoundingClientRect(); \
                 return l.bottom <= r.top + 1 && l.top >= 0 && l.height > 100;",
                vec![],
            )
            .await?;
        let rects = anna
            .execute(
                "var l = document.getElementById('canned-list').getBoundingClientRect(), r = document.getElementById('reply').getBoundingClientRect(); \
                 return [l.top, l.bottom, l.height, r.top].join(' ');",
                vec![],
            )
            .await?;
        assert_eq!(over.as_bool(), Some(true), "the / list is not above the box, whole: {rects}");
        assert_eq!(out_of_view(anna, &["#reply", "#canned-list"]).await?, "", "the / list");
        axe(anna, "the / list at 1366x625").await?;
        shot(anna, "c34-2-slash-list-1366x625").await?;
        press(anna, Key::Escape, false).await?;
        press(anna, Key::Backspace, false).await?;
        // A long reply: the box grows (two lines at first), the chat keeps at least 250 px.
        let two = anna
            .execute("return document.getElementById('reply').getBoundingClientRect().height;", vec![])
            .await?
            .as_f64()
            .unwrap_or(0.0);
        for i in 0..7 {
            type_keys(anna, &format!("Regel {i} van een langer antwoord aan de bezoeker")).await?;
            press(anna, Key::Enter, true).await?;
        }
        let grown = anna
            .execute("return document.getElementById('reply').getBoundingClientRect().height;", vec![])
            .await?
            .as_f64()
            .unwrap_or(0.0);
        let (h3, _, _, _, parts) = chat_room(anna).await?;
        println!("reply box {two:.0} px, grown {grown:.0} px, transcript {h3:.0} px");
        assert!(two <= 85.0, "the empty reply box is {two} px");
        assert!(grown > two + 40.0, "the reply box did not grow: {two} -> {grown}");
        assert!(h3 >= 250.0, "transcript {h3} px while typing a long reply: {parts}");
        assert_eq!(out_of_view(anna, &["#reply", "#reply-form button[type=submit]"]).await?, "", "a long reply");
        press(anna, Key::Enter, false).await?;
        wait_js(
            anna,
            "return Array.from(document.querySelectorAll('#transcript li.msg.me')).some(function (l) { return l.textContent.indexOf('Regel 6') >= 0; })",
        )
        .await?;
        wait_js(anna, &format!("return document.getElementById('reply').getBoundingClientRect().height <= {two} + 1")).await?;
        // "Overdragen aan collega" in the header opens the transfer form (no fold-out line under the chat).
        wait_js(anna, "return getComputedStyle(document.getElementById('transfer-box')).display === 'none'").await?;
        crate::browser::tab_to(anna, "#transfer-open", true).await?;
        press(anna, Key::Enter, false).await?;
        wait_js(anna, "return document.getElementById('transfer-box').open && document.activeElement.id === 'transfer-to'").await?;
        crate::browser::tab_to(anna, "#transfer-open", true).await?;
        press(anna, Key::Enter, false).await?;
        wait_js(anna, "return !document.getElementById('transfer-box').open").await?;
        // A phone: one scrolling page, nothing sideways.
        anna.set_window_size(390, 844).await?;
        wait_js(anna, "return window.innerWidth <= 400").await?;
        let (h, _, sw, iw, parts) = chat_room(anna).await?;
        assert!(sw <= iw, "{sw} px wide in a {iw} px window on a phone");
        assert!(h >= 150.0, "transcript {h} px on a phone: {parts}");
        axe(anna, "the chat on a phone").await?;
        anna.execute("document.getElementById('transcript').scrollIntoView({block: 'start'}); return true;", vec![])
            .await?;
        shot(anna, "c34-11-chat-on-a-phone").await?;
        // A large screen.
        anna.set_window_size(1920, 1080).await?;
        wait_js(anna, "return window.innerWidth > 1800").await?;
        let (h, inner, sw, iw, parts) = chat_room(anna).await?;
        shot(anna, "c34-12-chat-1920x1080").await?;
        println!("1920x1080: transcript {h:.0} px of {inner:.0}");
        assert!(sw <= iw && h >= 0.45 * inner, "transcript {h} px of {inner} at 1920x1080: {parts}");
        Ok(())
    })
    .await
}

/// walk-console34, finding 2: "/saf" matched no canned response and reached the visitor as a
/// message. A reply that starts with "/" is not sent by Enter: when nothing matches, the line
/// beside the box says so and that nothing was sent (Enter again sends nothing either); the
/// explicit "Toch versturen als bericht" sends it. In English the canned responses are English.
#[tokio::test]
async fn a_slash_that_matches_nothing_is_not_sent_in_chromium() -> R {
    with_one_visitor_at("c34-slash", (1366, 768), async |_, visitor, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take(visitor, anna, base, "maria").await?;
        wait_visible(visitor, "chat").await?;
        visitor_writes(visitor, anna, &["hallo ben je daar"]).await?;
        type_keys(anna, "/saf").await?;
        wait_js(anna, "return document.getElementById('canned-list').hidden").await?;
        press(anna, Key::Enter, false).await?;
        has_text(anna, "#reply-slash", "Geen standaardtekst past bij \"/saf\": er is niets verstuurd aan de bezoeker.").await?;
        press(anna, Key::Enter, false).await?;
        tokio::time::sleep(Duration::from_millis(1000)).await;
        let sent = anna
            .execute(
                "return [document.querySelectorAll('#transcript li.msg.me').length, document.getElementById('reply').value, \
                  !document.getElementById('slash-box').hidden, document.activeElement.id];",
                vec![],
            )
            .await?;
        assert_eq!(sent, serde_json::json!([0, "/saf", true, "reply"]), "after Enter twice on /saf");
        let seen = visitor
            .execute("return document.getElementById('messages').textContent.indexOf('/saf') < 0;", vec![])
            .await?;
        assert_eq!(seen.as_bool(), Some(true), "the visitor got /saf");
        axe(anna, "a / that matches nothing").await?;
        shot(anna, "c34-3-slash-matches-nothing").await?;
        // Sent on purpose: the explicit button, reached with Tab.
        crate::browser::tab_to(anna, "#send-anyway", false).await?;
        press(anna, Key::Enter, false).await?;
        wait_text(visitor, "#messages li.msg.them", "/saf").await?;
        wait_js(anna, "return document.getElementById('slash-box').hidden && document.getElementById('reply').value === ''").await?;
        // English: the list shows and inserts the English text.
        click_css(anna, "#lang").await?;
        wait_js(anna, "return document.documentElement.lang === 'en'").await?;
        click_css(anna, "#reply").await?;
        type_keys(anna, "/saf").await?;
        wait_text(anna, "#canned-list li.active", "Safety").await?;
        has_text(anna, "#canned-list li.active", "Are you in a safe place right now?").await?;
        shot(anna, "c34-4-english-canned").await?;
        press(anna, Key::Enter, false).await?;
        if let Err(e) = wait_js(anna, "return document.getElementById('reply').value.indexOf('Are you in a safe place right now?') === 0").await {
            let v = anna.execute("return document.getElementById('reply').value + ' | ' + document.getElementById('canned-list').textContent + ' | ' + document.getElementById('reply-slash').textContent", vec![]).await?;
            return Err(format!("{e}: {v}").into());
        }
        press(anna, Key::Enter, false).await?;
        wait_text(visitor, "#messages li.msg.them", "Are you in a safe place right now?").await?;
        // Nothing matching in English either: said in English.
        type_keys(anna, "/xyz").await?;
        press(anna, Key::Enter, false).await?;
        has_text(anna, "#reply-slash", "No canned response matches \"/xyz\": nothing was sent to the visitor.").await?;
        // The Dutch list still reaches the Dutch titles in Dutch.
        click_css(anna, "#lang").await?;
        wait_js(anna, "return document.documentElement.lang === 'nl'").await?;
        click_css(anna, "#reply").await?;
        for _ in 0..4 {
            press(anna, Key::Backspace, false).await?;
        }
        type_keys(anna, "/vei").await?;
        has_text(anna, "#canned-list li.active", "Ben je nu op een veilige plek?").await?;
        Ok(())
    })
    .await
}

/// walk-console34, finding 3: on an English-speaking visitor's chat the panel said "No
/// suggestions yet: nothing ... was found", read as "nothing to see". It says that suggestions
/// read Dutch only and that she judges the chat herself.
#[tokio::test]
async fn suggestions_say_they_read_only_dutch_in_chromium() -> R {
    with_one_visitor_at(
        "c34-english",
        (1366, 768),
        async |_, visitor, anna, base| {
            login(anna, base, "anna", "wachtwoord-anna-1").await?;
            take(visitor, anna, base, "Maria").await?;
            wait_visible(visitor, "chat").await?;
            visitor_writes(
                visitor,
                anna,
                &[
                    "hi, i work in a restaurant in the city",
                    "my boss took my passport and i cannot leave",
                    "we sleep with 8 people in one room and he says we owe him money",
                ],
            )
            .await?;
            if let Err(e) = has_text(anna, "#assist", "suggesties lezen alleen Nederlands").await {
                let said = anna
                    .execute(
                        "return document.getElementById('assist').textContent",
                        vec![],
                    )
                    .await?;
                return Err(format!("{e}: {said}").into());
            }
            has_text(anna, "#assist", "Beoordeel het gesprek zelf").await?;
            let said = crate::browser::text_of(anna, "#assist").await?;
            assert!(!said.contains("niets gevonden"), "{said}");
            axe(anna, "suggestions on an English chat").await?;
            click_css(anna, "#lang").await?;
            has_text(anna, "#assist", "suggestions only read Dutch").await?;
            has_text(anna, "#assist", "Judge the conversation yourself").await?;
            anna.execute(
                "document.getElementById('assist').scrollIntoView({block: 'start'}); return true;",
                vec![],
            )
            .await?;
            shot(anna, "c34-5-english-chat-suggestions").await?;
            Ok(())
        },
    )
    .await
}

/// walk-console34, finding 4: "Ongedaan maken" after a reload leaves the field as it is; the card
/// said it was not set back, the status line that it is ticked (saved), and the end dialog
/// counted it as open. Now the card says it is open again, the box still ticked (saved), and to
/// untick it herself if that is not right; the status line says the same; the end dialog does
/// not count a suggestion whose field holds what it proposes.
#[tokio::test]
async fn an_undo_after_a_reload_says_one_thing_in_chromium() -> R {
    with_one_visitor_at("c34-undo", (1366, 768), async |s, visitor, anna, base| {
        two_suggestions(visitor, anna, base, "jayjay").await?;
        reject_the_form(anna).await?;
        let accept = "#assist-list button[aria-label='Invullen: Relatie of loverboy-zorgen']";
        let undo = "#assist-list button[aria-label='Ongedaan maken: Relatie of loverboy-zorgen']";
        crate::browser::tab_to(anna, accept, false).await?;
        press(anna, Key::Enter, false).await?;
        has_text(anna, "#reg-status", "Relatie of loverboy-zorgen is opgeslagen").await?;
        reload(anna).await?;
        has_text(anna, "#conv-h", "jayjay").await?;
        wait_css(anna, undo).await?;
        crate::browser::tab_to(anna, undo, false).await?;
        press(anna, Key::Enter, false).await?;
        wait_css(anna, accept).await?;
        has_text(
            anna,
            "#assist-status",
            "\"Relatie of loverboy-zorgen\" staat weer open, maar het vakje is nog aangevinkt (opgeslagen)",
        )
        .await?;
        has_text(anna, "#assist-status", "Zet het zelf terug als dat niet klopt.").await?;
        wait_js(
            anna,
            &text_is("reg-status", "\"Relatie of loverboy-zorgen\" is nu aangevinkt (opgeslagen)."),
        )
        .await?;
        assert_eq!(
            registration_of(s, "jayjay")?.ok_or("none")?.categories,
            vec!["relationship".to_string()]
        );
        axe(anna, "an undo after a reload").await?;
        shot(anna, "c34-6-undo-after-reload").await?;
        // The end dialog counts only the flag's suggestion, which is still open and unset.
        click_css(anna, "#end-conv").await?;
        wait_visible(anna, "end-confirm").await?;
        has_text(anna, "#end-open", "1 suggestie is nog niet ingevuld of afgewezen: Hulpvraag over mensenhandel: ja.").await?;
        let open = crate::browser::text_of(anna, "#end-open").await?;
        assert!(!open.contains("loverboy"), "the end dialog counts the ticked one: {open}");
        shot(anna, "c34-7-end-dialog-after-undo").await?;
        Ok(())
    })
    .await
}

/// walk-console34, finding 5: after a reload the reply she was typing was gone and the open chat
/// closed. The unsent reply is kept per counsellor and chat in the tab's sessionStorage (as the
/// unsaved registration) and comes back, said beside the box; the chat that was open opens again.
/// The entry goes once sent, and at logout.
#[tokio::test]
async fn the_reply_being_typed_and_the_open_chat_survive_a_reload_in_chromium() -> R {
    with_two_visitors_at("c34-reply", (1366, 768), async |_, one, two, anna, base| {
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take(one, anna, base, "noor").await?;
        take(two, anna, base, "sem").await?;
        click_tab(anna, "noor").await?;
        has_text(anna, "#conv-h", "noor").await?;
        click_css(anna, "#reply").await?;
        type_keys(anna, "Dat klinkt heftig. Mag ik je vragen").await?;
        let keys = "var k = []; for (var i = 0; i < sessionStorage.length; i += 1) { \
            if (sessionStorage.key(i).indexOf('zicht:reply-draft:') === 0) { k.push(sessionStorage.key(i)); } } return k.length;";
        wait_js(anna, &format!("return (function () {{ {keys} }})() === 1")).await?;
        reload(anna).await?;
        has_text(anna, "#conv-h", "noor").await?;
        wait_js(anna, "return document.getElementById('reply').value === 'Dat klinkt heftig. Mag ik je vragen'").await?;
        has_text(anna, "#reply-slash", "Je bericht was nog niet verstuurd en is teruggezet").await?;
        // The box shows it whole, at least its two lines, not a line with a scroll bar.
        let fits = anna
            .execute(
                "var r = document.getElementById('reply'); return r.getBoundingClientRect().height >= 60 && r.scrollHeight <= r.clientHeight + 1;",
                vec![],
            )
            .await?;
        assert_eq!(fits.as_bool(), Some(true), "the restored reply is cut off");
        axe(anna, "the reply restored after a reload").await?;
        shot(anna, "c34-8-reply-after-reload").await?;
        // She goes on typing and sends: the visitor gets it, nothing is kept.
        click_css(anna, "#reply").await?;
        press(anna, Key::End, false).await?;
        type_keys(anna, " hoe oud je bent?").await?;
        press(anna, Key::Enter, false).await?;
        wait_text(one, "#messages li.msg.them", "Dat klinkt heftig. Mag ik je vragen hoe oud je bent?").await?;
        wait_js(anna, &format!("return (function () {{ {keys} }})() === 0")).await?;
        // The other chat keeps its own; logging out leaves nothing.
        click_tab(anna, "sem").await?;
        click_css(anna, "#reply").await?;
        type_keys(anna, "Ik ben zo bij je").await?;
        wait_js(anna, &format!("return (function () {{ {keys} }})() === 1")).await?;
        click_tab(anna, "noor").await?;
        wait_js(anna, "return document.getElementById('reply').value === ''").await?;
        click_tab(anna, "sem").await?;
        wait_js(anna, "return document.getElementById('reply').value === 'Ik ben zo bij je'").await?;
        click_css(anna, "#logout").await?;
        wait_css(anna, "#login-form").await?;
        let left = anna
            .execute("var n = 0; for (var i = 0; i < sessionStorage.length; i += 1) { if (sessionStorage.key(i).indexOf('zicht:') === 0) { n += 1; } } return n;", vec![])
            .await?;
        assert_eq!(left.as_i64(), Some(0), "kept after logging out");
        Ok(())
    })
    .await
}

/// walk-console34, finding 6: under "Verwezen naar" each box stands beside the first line of its
/// own label ("Centrum Seksueel Geweld" wrapped, its box centred); a notice under the queue goes
/// after a short time (ten seconds); the closed chats' list names one or two categories.
#[tokio::test]
async fn smaller_things_of_a_shift_in_chromium() -> R {
    with_one_visitor_at("c34-small", (1366, 768), async |_, visitor, anna, base| {
        set_viewport(anna, 1366, 625).await?;
        two_suggestions(visitor, anna, base, "bezorgde mama").await?;
        // Every box beside the first line of its own label, no two labels overlapping.
        let aligned = "var bad = []; var boxes = Array.from(document.querySelectorAll('#registration label.choice')); \
            boxes.forEach(function (l) { var i = l.querySelector('input').getBoundingClientRect(); \
              var range = document.createRange(); range.selectNodeContents(l.querySelector('span')); var t = range.getClientRects()[0]; \
              if (!t) { bad.push('no text: ' + l.textContent); return; } \
              var mid = (i.top + i.bottom) / 2; \
              if (mid < t.top || mid > t.bottom) { bad.push(l.textContent.trim() + ': box at ' + Math.round(mid) + ', first line ' + Math.round(t.top) + '..' + Math.round(t.bottom)); } \
              boxes.forEach(function (o) { if (o === l) { return; } var a = l.getBoundingClientRect(), b = o.getBoundingClientRect(); \
                if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) { bad.push(l.textContent.trim() + ' overlaps ' + o.textContent.trim()); } }); }); \
            return bad.join(' | ');";
        let bad = anna.execute(aligned, vec![]).await?;
        assert_eq!(bad.as_str(), Some(""), "{bad}");
        anna.execute("document.querySelector('input[name=referral]').closest('fieldset').scrollIntoView({block: 'center'}); return true;", vec![])
            .await?;
        shot(anna, "c34-9-referrals-aligned").await?;
        // One category ticked, saved and closed: the list names it.
        click_css(anna, "#assist-list button[aria-label='Invullen: Relatie of loverboy-zorgen']").await?;
        has_text(anna, "#reg-status", "is opgeslagen").await?;
        click_css(anna, "input[name=trafficking][value=yes]").await?;
        end_and_close(anna).await?;
        has_text(anna, "#queue-status", "Registratie van bezorgde mama opgeslagen").await?;
        let said = std::time::Instant::now();
        click_css(anna, "#closed-box summary").await?;
        has_text(anna, "#closed-list", "mensenhandel: ja · categorie: Relatie of loverboy-zorgen · geen verwijzing · geen notities").await?;
        shot(anna, "c34-10-closed-list-names-the-category").await?;
        // The notice goes after about ten seconds.
        queue_status_gone(anna, 14000, "after ten seconds").await?;
        let gone = said.elapsed();
        assert!(gone >= Duration::from_secs(8), "gone after {gone:?}");
        axe(anna, "the closed list naming its category").await?;
        click_css(anna, "#lang").await?;
        has_text(anna, "#closed-list", "human trafficking: yes · category: Relationship or loverboy worries · no referral · no notes").await?;
        Ok(())
    })
    .await
}
