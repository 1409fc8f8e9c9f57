//! Findings of a usability walk of the counsellor console (walk48), driven again in headless
//! Chromium with real key events and checked with axe-core: after the visitor ended the chat and
//! the counsellor reloaded, the suggestion cards quote whole sentences with their message and
//! time again (S2); two visits with one nickname keep their numbers ("sanne_x", "sanne_x (2)",
//! by when each started) in every list across a reload and a new login (S3); at 1280x577 an
//! offered chat's note stands whole in the empty right-hand column, and the accepted chat's open
//! note has five lines beside a transcript of about 180 px and the reply row in view (S1).
//!
//! Screenshots go to `target/tmp/screenshots/fix49-*.png`, and also to the folder
//! `ZICHT_SHOTS_DIR` names when it is set.

use fantoccini::Client;
use fantoccini::key::Key;

use crate::browser::{
    LAPTOP, PHONE, login, press, server_windows, tab_to, take_by_keyboard, visitor_says,
    wait_visible,
};
use crate::console_fix47::{transcript_px, user_id, whole_in_view};
use crate::console_walk::set_viewport;
use crate::util::R;
use crate::web::wait_text;
use crate::web::{axe, has_text, js_text, shot, wait_js};

/// Saves a screenshot as `fix49-NAME.png` (see the module's note).
async fn picture(c: &Client, name: &str) -> R {
    shot(c, &format!("fix49-{name}")).await
}

/// Every quote of the suggestion cards says which of the visitor's messages it is from and its
/// time as the transcript shows them ("2e bericht van de bezoeker, 23:32"), and stands in its
/// sentence; '' when all do and some quote the visitor's 2nd message, else what is wrong.
const QUOTES_WHOLE: &str = "var bad = []; var second = false; \
     var items = document.querySelectorAll('#assist-list .assist-quotes > li'); \
     items.forEach(function (li) { \
       var msg = document.querySelector('#transcript li[data-seq=\"' + li.dataset.seq + '\"]'); \
       if (!msg) { bad.push('no message in the chat: ' + li.textContent); return; } \
       var time = msg.querySelector('.meta').textContent; \
       var nth = Array.from(document.querySelectorAll('#transcript li.msg.them')).indexOf(msg) + 1; \
       if (li.textContent.indexOf(nth + 'e bericht van de bezoeker, ' + time) < 0) { bad.push('no message number and time: ' + li.textContent); } \
       if (nth === 2) { second = true; } \
       if (li.dataset.seq && msg.querySelector('.text').textContent.indexOf('verkopen.') >= 0 && li.textContent.indexOf('Hij wordt door oudere jongens') < 0) { bad.push('not the whole sentence: ' + li.textContent); } \
     }); \
     if (!items.length) { return 'no quotes'; } \
     if (!second) { bad.push('no quote of the 2nd message'); } \
     return bad.join(' | ');";

/// Walk48, S2: after the visitor ended the chat and the counsellor reloaded, the cards showed
/// "‘drugs’ – bericht van de bezoeker" / "‘verkopen’ – bericht van de bezoeker": drawn before the
/// transcript of the ended chat came (resume no longer sends it; it is read when she opens the
/// chat), and "Suggesties vernieuwen" kept the cards as they were. Now a card is drawn again once
/// its messages are in the page: before the end, after the reload and after "Suggesties
/// vernieuwen" every quote stands in its sentence with "2e bericht van de bezoeker, HH:MM".
#[tokio::test]
async fn the_cards_quote_whole_sentences_after_the_visitor_ended_and_a_reload_in_chromium() -> R {
    server_windows(
        "fix49-sentences",
        &["anna"],
        &[PHONE, LAPTOP],
        async |_s, w, base| {
            let (vader, anna) = (&w[0], &w[1]);
            login(anna, base, "anna", "wachtwoord-anna-1").await?;
            take_by_keyboard(vader, anna, base, "vader_r").await?;
            visitor_says(vader, anna, "Ik maak me zorgen om mijn zoon van 16.").await?;
            visitor_says(
                vader,
                anna,
                "Hij wordt door oudere jongens gedwongen om drugs voor hen te verkopen.",
            )
            .await?;
            has_text(anna, "#assist-list", "Hulpvraag over mensenhandel").await?;
            wait_js(anna, &format!("return (function () {{ {QUOTES_WHOLE} }})() === ''")).await?;
            // The visitor ends the chat by keyboard.
            tab_to(vader, "#end", false).await?;
            press(vader, Key::Enter, false).await?;
            wait_visible(vader, "end-confirm").await?;
            tab_to(vader, "#end-yes", false).await?;
            press(vader, Key::Enter, false).await?;
            has_text(anna, "#transcript", "De bezoeker heeft het gesprek beëindigd.").await?;
            // Anna reloads: the ended chat opens again, its transcript read when it opens.
            anna.refresh().await?;
            wait_js(anna, "return !!document.getElementById('queue-panel')").await?;
            has_text(anna, "#transcript", "oudere jongens gedwongen").await?;
            has_text(anna, "#assist-list", "Hulpvraag over mensenhandel").await?;
            // A moment for a card drawn before the transcript to stay wrong, were it not redrawn.
            tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
            let check = js_text(anna, &format!("return (function () {{ {QUOTES_WHOLE} }})()")).await?;
            picture(anna, "1-ended-reloaded-cards").await?;
            assert_eq!(check, "", "after the reload: {check}");
            axe(anna, "an ended chat's suggestions after a reload").await?;
            // "Suggesties vernieuwen" keeps them whole.
            tab_to(anna, "#assist-refresh", false).await?;
            press(anna, Key::Enter, false).await?;
            has_text(anna, "#assist-refreshed", "Bijgewerkt").await?;
            let check = js_text(anna, &format!("return (function () {{ {QUOTES_WHOLE} }})()")).await?;
            assert_eq!(check, "", "after 'Suggesties vernieuwen': {check}");
            // In English too.
            tab_to(anna, "#lang", false).await?;
            press(anna, Key::Enter, false).await?;
            wait_js(
                anna,
                "return /the visitor's 2nd message, \\d\\d:\\d\\d/.test(document.getElementById('assist-list').textContent)",
            )
            .await?;
            axe(anna, "an ended chat's suggestions after a reload, in English").await?;
            Ok(())
        },
    )
    .await
}

/// Ends the open chat by keyboard (the end panel, Enter through to "Gesprek beëindigen").
async fn end_by_keyboard(anna: &Client) -> R {
    tab_to(anna, "#end-conv", false).await?;
    press(anna, Key::Enter, false).await?;
    wait_js(anna, "return document.activeElement.id === 'end-message'").await?;
    press(anna, Key::Enter, false).await?;
    wait_js(anna, "return document.activeElement.id === 'end-yes'").await?;
    press(anna, Key::Enter, false).await?;
    wait_visible(anna, "close-conv").await
}

/// The names of the two visits as every list shows them, once both are there: the chat under
/// "Afgelopen" and the one under "Gesloten gesprekken" (opened by keyboard when it is shut).
async fn both_names(anna: &Client) -> R<(String, String)> {
    wait_text(anna, "#mine-ended", "sanne_x").await?;
    if js_text(
        anna,
        "return String(document.getElementById('closed-box').open)",
    )
    .await?
        != "true"
    {
        tab_to(anna, "#closed-box summary", false).await?;
        press(anna, Key::Enter, false).await?;
    }
    wait_text(anna, "#closed-list", "sanne_x").await?;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let ended = js_text(
        anna,
        "return document.querySelector('#mine-ended .nick').textContent",
    )
    .await?;
    let closed = js_text(
        anna,
        "return document.querySelector('#closed-list .nick').textContent",
    )
    .await?;
    Ok((ended, closed))
}

/// Walk48, S3: two visits of "sanne_x" were numbered in the order the page met them, so after
/// logging out and in the new quick-exit chat under "Afgelopen" became "sanne_x" and the older,
/// closed and registered one "sanne_x (2)". Now the earlier visit is plain and the later one
/// "(2)", by when each started, in "Afgelopen", "Gesloten gesprekken" and the chat's header:
/// before, after a reload and after a logout and login (also before "Gesloten gesprekken" is
/// opened).
#[tokio::test]
async fn two_visits_with_one_name_keep_their_numbers_after_a_reload_and_a_new_login_in_chromium()
-> R {
    server_windows(
        "fix49-names",
        &["anna"],
        &[PHONE, PHONE, LAPTOP],
        async |_s, w, base| {
            let (first, second, anna) = (&w[0], &w[1], &w[2]);
            login(anna, base, "anna", "wachtwoord-anna-1").await?;
            // The first visit: ended, registered and closed by keyboard.
            take_by_keyboard(first, anna, base, "sanne_x").await?;
            visitor_says(first, anna, "mijn vriend laat me werken zonder geld").await?;
            end_by_keyboard(anna).await?;
            tab_to(anna, "input[name=trafficking]:checked", false).await?;
            press(anna, Key::Up, false).await?;
            tab_to(anna, "#close-conv", true).await?;
            press(anna, Key::Enter, false).await?;
            wait_js(anna, "return !document.getElementById('close-confirm').hidden || document.getElementById('queue-status').textContent.indexOf('Gesloten gesprekken') >= 0").await?;
            if js_text(anna, "return String(document.getElementById('close-confirm').hidden)")
                .await?
                == "false"
            {
                tab_to(anna, "#close-anyway", false).await?;
                press(anna, Key::Enter, false).await?;
            }
            // She comes back later as "sanne_x" and ends the chat herself: under "Afgelopen".
            tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
            take_by_keyboard(second, anna, base, "sanne_x").await?;
            visitor_says(second, anna, "ik ben het weer").await?;
            tab_to(second, "#end", false).await?;
            press(second, Key::Enter, false).await?;
            wait_visible(second, "end-confirm").await?;
            tab_to(second, "#end-yes", false).await?;
            press(second, Key::Enter, false).await?;
            has_text(anna, "#transcript", "De bezoeker heeft het gesprek beëindigd.").await?;
            has_text(anna, "#conv-h", "sanne_x (2)").await?;
            let want = (
                "sanne_x (2) · Chat met Fier".to_string(),
                "sanne_x · Chat met Fier".to_string(),
            );
            assert_eq!(both_names(anna).await?, want, "before the reload");
            picture(anna, "2-names-before").await?;
            axe(anna, "two visits with one name").await?;
            // A reload: the same.
            anna.refresh().await?;
            wait_js(anna, "return !!document.getElementById('queue-panel')").await?;
            has_text(anna, "#conv-h", "sanne_x (2)").await?;
            assert_eq!(both_names(anna).await?, want, "after a reload");
            // Logged out ("Toch uitloggen", by keyboard) and in again: the same, also before
            // "Gesloten gesprekken" is opened.
            tab_to(anna, "#logout", true).await?;
            press(anna, Key::Enter, false).await?;
            wait_js(anna, "var e = document.getElementById('logout-confirm'); return !e.hidden && e.getClientRects().length > 0").await?;
            tab_to(anna, "#logout-anyway", false).await?;
            press(anna, Key::Enter, false).await?;
            login(anna, base, "anna", "wachtwoord-anna-1").await?;
            wait_js(anna, "var n = document.querySelector('#mine-ended .nick'); return !!n && n.textContent === 'sanne_x (2) · Chat met Fier'").await?;
            assert_eq!(both_names(anna).await?, want, "after logging in again");
            // The closed one opened: its header and intro say it plainly.
            tab_to(anna, "#closed-list button", false).await?;
            press(anna, Key::Enter, false).await?;
            wait_visible(anna, "reread").await?;
            has_text(anna, "#reg-closed", "Gesloten gesprek met sanne_x (").await?;
            let intro = js_text(anna, "return document.getElementById('reg-closed').textContent").await?;
            assert!(!intro.contains("sanne_x (2)"), "{intro}");
            picture(anna, "2-names-after-login").await?;
            axe(anna, "two visits with one name after logging in again").await?;
            Ok(())
        },
    )
    .await
}

/// The walk's note: five lines at 1280x577, its question at the end.
const FATHER_NOTE: &str = "Vader (47), formeel, u. Zoon 16 moet drugs verkopen voor oudere jongens, bedreigd, 'schuld'. \
Zoon nu thuis maar krijgt steeds berichten van ze. Vader wil geen politie aan de deur zonder overleg. \
Vraag: kan hij naar de politie zonder zoon in gevaar te brengen?";

/// The note's text box: "height lineHeight scrollHeight left" in px.
async fn note_box(c: &Client) -> R<Vec<f64>> {
    let t = js_text(c, "var n = document.getElementById('conv-note'); var r = n.getBoundingClientRect(); \
        return [r.height, parseFloat(getComputedStyle(n).lineHeight), n.scrollHeight, r.left, r.bottom].join(' ')").await?;
    Ok(t.split(' ').filter_map(|x| x.parse().ok()).collect())
}

/// Walk48, S1: at 1280x577 the offered chat's open note was 43 px high for a 108 px note (two of
/// five lines, its question hidden) while the right-hand column stood empty; accepted, the open
/// note had the same two lines. Now the offer's note stands whole in the right-hand column (no
/// scroll of its own), the middle column is the chat's; accepted and opened again, the note has
/// at least five lines (or all of it), the transcript at least 180 px (fix48 asked 200 px with a
/// two-line note) and the reply row whole in view. Heights are printed for the commit message.
#[tokio::test]
async fn the_offered_note_stands_whole_beside_the_chat_and_opened_has_five_lines_in_chromium() -> R
{
    server_windows(
        "fix49-note",
        &["anna", "bram"],
        &[PHONE, LAPTOP, LAPTOP],
        async |s, w, base| {
            let (visitor, anna, bram) = (&w[0], &w[1], &w[2]);
            login(anna, base, "anna", "wachtwoord-anna-1").await?;
            login(bram, base, "bram", "wachtwoord-bram-1").await?;
            take_by_keyboard(visitor, anna, base, "vader_r").await?;
            for n in 1..=7 {
                visitor_says(visitor, anna, &format!("bericht {n} over mijn zoon en de oudere jongens")).await?;
            }
            let api = crate::util::login(s.addr, "anna", "wachtwoord-anna-1").await?;
            let conv = js_text(anna, "return document.getElementById('transcript').dataset.conv").await?;
            let r = api
                .post(
                    s.addr,
                    "/console/api/transfer",
                    &serde_json::json!({"conv": conv, "to": user_id(s, "bram")?, "mode": "warm", "note": FATHER_NOTE}),
                )
                .await?;
            assert_eq!(r.status, 200, "{}", r.body);
            set_viewport(bram, 1280, 577).await?;
            wait_text(bram, "#mine li", "vader_r").await?;
            tab_to(bram, "#mine li button", false).await?;
            press(bram, Key::Enter, false).await?;
            wait_visible(bram, "offer-actions").await?;
            has_text(bram, "#note-toggle", "Overdracht aangeboden door anna, met een notitie").await?;
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            // The offer: the note whole in the right-hand column, beside the chat.
            let offer = transcript_px(bram).await?;
            let nb = note_box(bram).await?;
            let middle_right = js_text(bram, "return String(document.getElementById('conversation').getBoundingClientRect().right)").await?.parse::<f64>()?;
            picture(bram, "3-offer-note-beside-1280x577").await?;
            axe(bram, "an offered transfer, its note beside the chat, at 1280x577").await?;
            whole_in_view(bram, &["#accept-offer", "#decline-offer", "#note-toggle", "#conv-note"], "the offer at 1280x577").await?;
            let [h, line, scroll, left, _] = nb[..] else { return Err(format!("{nb:?}").into()) };
            eprintln!("fix49 walk48-S1 at 1280x577, offered: note {h} px of {scroll} px ({:.1} lines), in the right column: {}, transcript {offer} px", h / line, left > middle_right);
            assert!(left > middle_right, "the offered note is not in the right-hand column: {left} <= {middle_right}");
            assert!(scroll <= h + 1.0, "the offered note scrolls in its box: {h} of {scroll} px");
            // Accepted by keyboard: the note folds, back above the chat; opened again by keyboard.
            tab_to(bram, "#accept-offer", false).await?;
            press(bram, Key::Enter, false).await?;
            wait_js(bram, "return !document.getElementById('own-actions').hidden && document.getElementById('offer-actions').hidden").await?;
            wait_js(bram, "return document.getElementById('offer-side').hidden && document.getElementById('conversation').contains(document.getElementById('note-box'))").await?;
            if js_text(bram, "return document.getElementById('note-toggle').getAttribute('aria-expanded')").await? != "true" {
                tab_to(bram, "#note-toggle", true).await?;
                press(bram, Key::Enter, false).await?;
            }
            wait_js(bram, "return document.getElementById('note-toggle').getAttribute('aria-expanded') === 'true' && !document.getElementById('conv-note').hidden").await?;
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            let open = transcript_px(bram).await?;
            let nb = note_box(bram).await?;
            let [h, line, scroll, _, _] = nb[..] else { return Err(format!("{nb:?}").into()) };
            picture(bram, "3-accepted-note-open-1280x577").await?;
            axe(bram, "the accepted chat with its note open at 1280x577").await?;
            whole_in_view(bram, &["#reply", "#canned", "#address", "#end-conv", "#note-toggle"], "the note open at 1280x577").await?;
            eprintln!("fix49 walk48-S1 at 1280x577, accepted, note open: note {h} px of {scroll} px ({:.1} lines), transcript {open} px", h / line);
            assert!(h >= (5.0 * line - 1.0).min(scroll - 1.0), "the open note has fewer than five lines: {h} px at {line} px a line");
            assert!(open >= 180, "the transcript with the note open: {open} px");
            Ok(())
        },
    )
    .await
}
