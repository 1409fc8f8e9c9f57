//! The chat column at a laptop with its browser's toolbars (walk43, findings S2, S3 and M8): at
//! viewports of 1366x625 and 1280x577 (and 1920x1080) every control of the chat column is in the
//! window with no panel open; with "Overdragen aan een collega" or "Gesprek beëindigen" open, all
//! of the panel's controls are in the window without the page or the column scrolling, the
//! messages keep at least 150 px, and while the transfer panel is open the counsellor can still
//! type and send a message to the visitor (with real keys; the visitor's page shows it). Axe on
//! each state; Escape closes a panel and the focus goes back to the button that opened it.
//!
//! Screenshots go to `target/tmp/screenshots/layout44-*.png`, and also to the folder
//! `ZICHT_SHOTS_DIR` names when it is set.

use std::time::Duration;

use fantoccini::Client;
use fantoccini::key::Key;

use crate::browser::{
    LAPTOP, LOVERBOY, PHONE, login, press, server_windows, tab_to, take_by_keyboard, type_keys,
    visitor_says, wait_visible,
};
use crate::console_walk::set_viewport;
use crate::util::R;
use crate::web::{axe, has_text, js_text, shot, wait_js};

/// Saves a screenshot as `layout44-NAME.png` (see the module's note).
async fn picture(c: &Client, name: &str) -> R {
    shot(c, &format!("layout44-{name}")).await
}

/// Fails unless each of `css` (all its visible matches) lies whole inside the window and is not
/// covered by anything else at its centre, the page and the chat column do not scroll, nothing
/// scrolls sideways, and the messages have at least 150 px of their own in view.
async fn all_in_view(c: &Client, css: &[&str], what: &str) -> R {
    let script = format!(
        "var out = []; var W = innerWidth, H = innerHeight; \
         {css}.forEach(function (s) {{ var list = Array.from(document.querySelectorAll(s)).filter(function (e) {{ return e.getClientRects().length > 0; }}); \
           if (!list.length) {{ out.push(s + ': not shown'); }} \
           list.forEach(function (e) {{ var r = e.getBoundingClientRect(); \
             if (r.top < -0.5 || r.left < -0.5 || r.bottom > H + 0.5 || r.right > W + 0.5) {{ out.push(s + ' at ' + Math.round(r.left) + ',' + Math.round(r.top) + '-' + Math.round(r.right) + ',' + Math.round(r.bottom) + ' outside ' + W + 'x' + H); return; }} \
             var x = Math.min(r.left + Math.min(r.width / 2, 20), W - 1), y = r.top + r.height / 2; var hit = document.elementFromPoint(x, y); \
             if (!hit || !(e === hit || e.contains(hit) || (e.labels && Array.from(e.labels).some(function (l) {{ return l.contains(hit); }})))) {{ out.push(s + ' covered by ' + (hit ? hit.tagName + '#' + hit.id + '.' + hit.className : 'nothing')); }} }}); }}); \
         var col = document.getElementById('conversation'); \
         if (col.scrollTop > 0 || col.scrollHeight > col.clientHeight + 1) {{ out.push('the chat column scrolls: ' + col.scrollHeight + ' in ' + col.clientHeight); }} \
         if (scrollY > 0 || document.documentElement.scrollHeight > H + 1) {{ out.push('the page scrolls: ' + document.documentElement.scrollHeight + ' in ' + H); }} \
         if (document.documentElement.scrollWidth > W) {{ out.push('the page scrolls sideways'); }} \
         var t = document.getElementById('transcript').getBoundingClientRect(); \
         if (t.height < 150 || t.top < 0 || t.bottom > H) {{ out.push('the messages: ' + Math.round(t.top) + '-' + Math.round(t.bottom) + ' (' + Math.round(t.height) + ' px)'); }} \
         return out.join(' | ');",
        css = serde_json::to_string(css)?
    );
    let wrong = js_text(c, &script).await?;
    if !wrong.is_empty() {
        return Err(format!("{what}: {wrong}").into());
    }
    Ok(())
}

const COLUMN: &[&str] = &[
    "#conv-h",
    "#transfer-open",
    "#reply",
    "#reply-form button[type=submit]",
    "#canned",
    "#address",
];

#[tokio::test]
async fn both_panels_fit_a_laptop_with_toolbars_in_chromium() -> R {
    server_windows(
        "layout44",
        &["anna", "bram"],
        &[PHONE, LAPTOP, LAPTOP],
        async |_, w, base| {
            let (visitor, anna, bram) = (&w[0], &w[1], &w[2]);
            login(anna, base, "anna", "wachtwoord-anna-1").await?;
            login(bram, base, "bram", "wachtwoord-bram-1").await?;
            take_by_keyboard(visitor, anna, base, "sterretje").await?;
            for line in [
                "hoi ik weet niet of ik dit mag vragen",
                LOVERBOY,
                "ja ik ben veilig maar ik weet niet of ik dit wil vertellen",
            ] {
                visitor_says(visitor, anna, line).await?;
            }
            type_keys(anna, "Fijn dat je schrijft. Ben je nu veilig?").await?;
            press(anna, Key::Enter, false).await?;
            has_text(anna, "#transcript", "Ben je nu veilig?").await?;
            wait_js(anna, "return !!document.querySelector('#transfer-to option[value]:not([value=\"\"])')").await?;
            // An edit in the registration not saved yet: the end panel warns about it too.
            anna.execute("document.querySelector('input[name=trafficking][value=no]').click();", vec![]).await?;
            // The last round in English (the panels' words are longer in places).
            for (n, (wd, ht, english)) in [(1366u32, 625u32, false), (1280, 577, false), (1920, 1080, false), (1280, 577, true)]
                .into_iter()
                .enumerate()
            {
                set_viewport(anna, wd, ht).await?;
                if english {
                    tab_to(anna, "#lang", false).await?;
                    press(anna, Key::Enter, false).await?;
                    wait_js(anna, "return document.documentElement.lang === 'en'").await?;
                }
                let size = format!("{wd}x{ht}{}", if english { "-en" } else { "" });
                tokio::time::sleep(Duration::from_millis(300)).await;
                // No panel open: the whole column in view, the end button too.
                let mut column = COLUMN.to_vec();
                column.push("#end-conv");
                picture(anna, &format!("{size}-0-chat")).await?;
                all_in_view(anna, &column, &format!("no panel at {size}")).await?;
                // The transfer panel, from the header with the keyboard: the focus goes into it.
                tab_to(anna, "#transfer-open", false).await?;
                press(anna, Key::Enter, false).await?;
                wait_js(anna, "return document.activeElement.id === 'transfer-to'").await?;
                tokio::time::sleep(Duration::from_millis(300)).await;
                let mut transfer = COLUMN.to_vec();
                transfer.extend([
                    "#transfer-to",
                    "#transfer-note",
                    "input[name=transfer-mode]",
                    "#transfer",
                    "#transfer-cancel",
                ]);
                picture(anna, &format!("{size}-1-transfer")).await?;
                all_in_view(anna, &transfer, &format!("transfer panel at {size}")).await?;
                // The colleague list shows its whole first line (M8).
                let clipped = js_text(anna, "var s = document.getElementById('transfer-to'); var m = document.createElement('span'); m.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap;font:' + getComputedStyle(s).font; m.textContent = s.selectedOptions[0].textContent; document.body.appendChild(m); var need = m.getBoundingClientRect().width; m.remove(); return String(Math.round(need + 40 - s.getBoundingClientRect().width));").await?;
                assert!(clipped.parse::<i64>().unwrap_or(1) <= 0, "the colleague list is clipped at {size}: {clipped} px short");
                axe(anna, &format!("the transfer panel open at {size}")).await?;
                // She writes a note, then a message to the visitor while the panel stays open.
                tab_to(anna, "#transfer-note", false).await?;
                type_keys(anna, "Loverboy-signalen, zie gesprek").await?;
                tab_to(anna, "#reply", false).await?;
                let words = format!("Ik vraag even een collega erbij ({n}).");
                type_keys(anna, &words).await?;
                press(anna, Key::Enter, false).await?;
                has_text(visitor, "#messages", &words).await?;
                has_text(anna, "#transcript", &words).await?;
                wait_js(anna, "return document.getElementById('transfer-box').open && document.getElementById('transfer-note').value.indexOf('Loverboy') === 0").await?;
                all_in_view(anna, &transfer, &format!("transfer panel after a message at {size}")).await?;
                picture(anna, &format!("{size}-2-transfer-and-message")).await?;
                // Escape in the panel closes it; the focus goes back to the header's button.
                tab_to(anna, "#transfer-to", false).await?;
                press(anna, Key::Escape, false).await?;
                wait_js(anna, "return document.activeElement.id === 'transfer-open' && !document.getElementById('transfer-box').open").await?;
                wait_visible(anna, "reply").await?;
                // The end panel, with what is still open and the unsaved registration.
                tab_to(anna, "#end-conv", false).await?;
                press(anna, Key::Enter, false).await?;
                wait_js(anna, "return document.activeElement.id === 'end-message'").await?;
                tokio::time::sleep(Duration::from_millis(300)).await;
                picture(anna, &format!("{size}-3-end")).await?;
                all_in_view(
                    anna,
                    &["#conv-h", "#transfer-open", "#end-confirm-q", "#end-message", "#end-save", "#end-back", "#end-yes", "#end-no"],
                    &format!("end panel at {size}"),
                )
                .await?;
                axe(anna, &format!("the end panel open at {size}")).await?;
                press(anna, Key::Escape, false).await?;
                wait_js(anna, "return document.activeElement.id === 'end-conv' && document.getElementById('end-confirm').hidden").await?;
            }
            Ok(())
        },
    )
    .await
}
