//! Findings of a usability walk of the counsellor console (walk48), driven again in headless
//! Chromium with real key events and checked with axe-core: after the visitor ended the chat and
//! the counsellor reloaded, the suggestion cards quote whole sentences with their message and
//! time again (S2).
//!
//! Screenshots go to `target/tmp/screenshots/fix49-*.png`, and also to the folder
//! `ZICHT_SHOTS_DIR` names when it is set.

use fantoccini::Client;
use fantoccini::key::Key;

use crate::browser::{
    LAPTOP, PHONE, login, press, server_windows, tab_to, take_by_keyboard, visitor_says,
    wait_visible,
};
use crate::util::R;
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
