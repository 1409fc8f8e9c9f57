//! The chat column keeps its controls in view when a line comes and goes (layout46; a
//! counsellor's shift in Chromium at 1366x768 and 1280x720, viewports of about 1366x625 and
//! 1280x577: the transcript was 160 px with two messages at 1280x577 and the column scrolled, and
//! at 1366x625 one more line, "Nieuwe berichten — naar beneden", the "/" warning "Geen
//! standaardtekst past bij ..." or "Aangeboden aan bram ...", gave the column a second scrollbar
//! and cut off "Standaardtekst", "Aanspreken" and "Gesprek beëindigen"). At each viewport (and
//! 1920x1080, and once in English) each of those lines is brought up the way a counsellor does
//! (scrolled up while the visitor writes; "/xyz" and Enter with real keys; a warm transfer
//! offered to bram), alone and all at once: the column does not scroll, the reply box and the
//! row of controls are whole in the window and not covered, the transcript keeps its room
//! (at least 200 px at 1280x577), axe-core finds nothing. Then bram, with a chat of his own
//! open, looks at the offer and declines it: his middle column returns to his running chat; and
//! when bram takes over a chat anna offered him, hers returns to her other running chat.
//!
//! Screenshots go to `target/tmp/screenshots/layout46-*.png`, and also to the folder
//! `ZICHT_SHOTS_DIR` names when it is set.

use std::time::Duration;

use fantoccini::Client;
use fantoccini::key::Key;

use crate::browser::{
    LAPTOP, PHONE, login, press, server_windows, tab_to, take_by_keyboard, type_keys, visitor_says,
};
use crate::console_walk::set_viewport;
use crate::util::R;
use crate::web::{axe, has_text, js_text, shot, wait_js, wait_text};

/// Saves a screenshot as `layout46-NAME.png` (see the module's note).
async fn picture(c: &Client, name: &str) -> R {
    shot(c, &format!("layout46-{name}")).await
}

/// The reply box and the row of controls under it.
const CONTROLS: &[&str] = &[
    "#conv-h",
    "#transfer-open",
    "#reply",
    "#reply-form button[type=submit]",
    "#canned",
    "#address",
    "#end-conv",
];

/// The heights of the chat column's parts, for the test's output.
async fn heights(c: &Client) -> R<String> {
    js_text(
        c,
        "var col = document.getElementById('conversation'); var out = ['column ' + col.clientHeight + '/' + col.scrollHeight]; \
         Array.from(col.children).forEach(function (e) { var r = e.getBoundingClientRect(); if (r.height > 0) { out.push((e.id || e.className) + ' ' + Math.round(r.height)); } }); \
         return out.join(', ');",
    )
    .await
}

/// Fails unless each of `css` (all its visible matches) lies whole inside the window and is not
/// covered at its centre, the page and the chat column do not scroll (scrollHeight <=
/// clientHeight), and the transcript has at least `floor` px in view.
async fn in_view(c: &Client, css: &[&str], floor: u32, what: &str) -> R {
    let script = format!(
        "var out = []; var W = innerWidth, H = innerHeight; \
         {css}.forEach(function (s) {{ var list = Array.from(document.querySelectorAll(s)).filter(function (e) {{ return e.getClientRects().length > 0; }}); \
           if (!list.length) {{ out.push(s + ': not shown'); }} \
           list.forEach(function (e) {{ var r = e.getBoundingClientRect(); \
             if (r.top < -0.5 || r.left < -0.5 || r.bottom > H + 0.5 || r.right > W + 0.5) {{ out.push(s + ' at ' + Math.round(r.left) + ',' + Math.round(r.top) + '-' + Math.round(r.right) + ',' + Math.round(r.bottom) + ' outside ' + W + 'x' + H); return; }} \
             var x = Math.min(r.left + Math.min(r.width / 2, 20), W - 1), y = r.top + r.height / 2; var hit = document.elementFromPoint(x, y); \
             if (!hit || !(e === hit || e.contains(hit) || (e.labels && Array.from(e.labels).some(function (l) {{ return l.contains(hit); }})))) {{ out.push(s + ' covered by ' + (hit ? hit.tagName + '#' + hit.id + '.' + hit.className : 'nothing')); }} }}); }}); \
         var col = document.getElementById('conversation'); \
         if (col.scrollTop > 0 || col.scrollHeight > col.clientHeight) {{ out.push('the chat column scrolls: ' + col.scrollHeight + ' in ' + col.clientHeight); }} \
         if (scrollY > 0 || document.documentElement.scrollHeight > H + 1) {{ out.push('the page scrolls: ' + document.documentElement.scrollHeight + ' in ' + H); }} \
         if (document.documentElement.scrollWidth > W) {{ out.push('the page scrolls sideways'); }} \
         if (col.scrollWidth > col.clientWidth) {{ out.push('the chat column scrolls sideways: ' + col.scrollWidth + ' in ' + col.clientWidth); }} \
         var box = col.getBoundingClientRect(); {css}.forEach(function (s) {{ Array.from(col.querySelectorAll(s)).filter(function (e) {{ return e.getClientRects().length > 0; }}).forEach(function (e) {{ var r = e.getBoundingClientRect(); \
           if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) {{ out.push(s + ' cut off by the chat column'); }} }}); }}); \
         var t = document.getElementById('transcript').getBoundingClientRect(); \
         if (t.height < {floor} || t.top < 0 || t.bottom > H) {{ out.push('the transcript: ' + Math.round(t.top) + '-' + Math.round(t.bottom) + ' (' + Math.round(t.height) + ' px, want {floor})'); }} \
         return out.join(' | ');",
        css = serde_json::to_string(css)?
    );
    let wrong = js_text(c, &script).await?;
    eprintln!("layout46 {what}: {}", heights(c).await?);
    if !wrong.is_empty() {
        return Err(format!("{what}: {wrong}").into());
    }
    Ok(())
}

/// Switches the console to English (`en`) or Dutch with the top bar's button, by keyboard.
async fn language(c: &Client, en: bool) -> R {
    let want = if en { "en" } else { "nl" };
    if js_text(c, "return document.documentElement.lang").await? != want {
        tab_to(c, "#lang", false).await?;
        press(c, Key::Enter, false).await?;
        wait_js(
            c,
            &format!("return document.documentElement.lang === '{want}'"),
        )
        .await?;
    }
    Ok(())
}

/// The viewports: two laptops with their browser's toolbars, a large screen, and once English.
const SIZES: [(u32, u32, bool); 4] = [
    (1366, 625, false),
    (1280, 577, false),
    (1920, 1080, false),
    (1280, 577, true),
];

/// The transcript's floor at a viewport `ht` high.
fn floor(ht: u32) -> u32 {
    if ht < 600 { 200 } else { 240 }
}

/// She scrolls the chat up and the visitor writes `line`: "Nieuwe berichten — naar beneden".
async fn new_below(visitor: &Client, anna: &Client, line: &str) -> R {
    anna.execute(
        "var t = document.getElementById('transcript'); t.scrollTop = 0; t.dispatchEvent(new Event('scroll'));",
        vec![],
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    visitor_says(visitor, anna, line).await?;
    wait_js(anna, "return !document.getElementById('new-below').hidden").await
}

/// "/xyz" and Enter in the reply box with real keys: the line that no canned response matches.
async fn slash_none(anna: &Client) -> R {
    tab_to(anna, "#reply", false).await?;
    type_keys(anna, "/xyz").await?;
    press(anna, Key::Enter, false).await?;
    wait_js(
        anna,
        "return !document.getElementById('slash-box').hidden && document.getElementById('reply-slash').textContent.indexOf('/xyz') >= 0",
    )
    .await
}

/// Empties the reply box with Backspace: the "/" line goes.
async fn slash_away(anna: &Client) -> R {
    tab_to(anna, "#reply", false).await?;
    for _ in 0..4 {
        press(anna, Key::Backspace, false).await?;
    }
    wait_js(anna, "return document.getElementById('slash-box').hidden").await
}

/// Down to the newest message with "Nieuwe berichten — naar beneden" (Tab and Enter).
async fn go_down(anna: &Client) -> R {
    tab_to(anna, "#new-below", true).await?;
    press(anna, Key::Enter, false).await?;
    wait_js(anna, "return document.getElementById('new-below').hidden").await
}

#[tokio::test]
async fn every_extra_line_takes_room_from_the_transcript_in_chromium() -> R {
    server_windows(
        "layout46",
        &["anna", "bram"],
        &[PHONE, PHONE, LAPTOP, LAPTOP],
        async |_, w, base| {
            let (visitor, other, anna, bram) = (&w[0], &w[1], &w[2], &w[3]);
            login(anna, base, "anna", "wachtwoord-anna-1").await?;
            take_by_keyboard(visitor, anna, base, "sterretje").await?;
            for n in 1..=9 {
                visitor_says(visitor, anna, &format!("bericht {n} van de bezoeker, over thuis en over school")).await?;
                if n % 3 == 0 {
                    type_keys(anna, &format!("Dank je, ik lees mee ({n}).")).await?;
                    press(anna, Key::Enter, false).await?;
                    has_text(anna, "#transcript", &format!("ik lees mee ({n})")).await?;
                }
            }
            let mut said = 0;
            for (wd, ht, english) in SIZES {
                set_viewport(anna, wd, ht).await?;
                language(anna, english).await?;
                let size = format!("{wd}x{ht}{}", if english { "-en" } else { "" });
                tokio::time::sleep(Duration::from_millis(300)).await;
                picture(anna, &format!("{size}-0-chat")).await?;
                in_view(anna, CONTROLS, floor(ht), &format!("the chat at {size}")).await?;
                // The heading on one line where it is longer: its whole text is its title, and
                // with Tab it is reached and unfolds, the controls staying in view.
                if ht < 800 {
                    let full = js_text(anna, "var h = document.getElementById('conv-h'); return h.scrollWidth > h.clientWidth + 1 ? (h.title === h.textContent && h.tabIndex === 0 ? 'cut, with its title' : 'cut, no title') : 'whole'").await?;
                    assert!(full != "cut, no title", "the heading at {size}: {full}");
                    if full == "cut, with its title" {
                        tab_to(anna, "#conv-h", true).await?;
                        wait_js(anna, "var h = document.getElementById('conv-h'); return h.scrollWidth <= h.clientWidth + 1 && h.getBoundingClientRect().height > 30").await?;
                        picture(anna, &format!("{size}-0-heading-unfolded")).await?;
                        in_view(anna, CONTROLS, floor(ht) - 30, &format!("the heading unfolded at {size}")).await?;
                        tab_to(anna, "#reply", false).await?;
                    }
                }
                said += 1;
                new_below(visitor, anna, &format!("en nog iets ({said})")).await?;
                picture(anna, &format!("{size}-1-new-below")).await?;
                let mut with = CONTROLS.to_vec();
                with.push("#new-below");
                in_view(anna, &with, floor(ht), &format!("new messages below at {size}")).await?;
                axe(anna, &format!("new messages below at {size}")).await?;
                go_down(anna).await?;
                slash_none(anna).await?;
                picture(anna, &format!("{size}-2-slash")).await?;
                let mut with = CONTROLS.to_vec();
                with.extend(["#reply-slash", "#send-anyway"]);
                in_view(anna, &with, floor(ht), &format!("the '/' warning at {size}")).await?;
                axe(anna, &format!("the '/' warning at {size}")).await?;
                slash_away(anna).await?;
            }
            // bram, with a chat of his own open, is offered sterretje's chat.
            login(bram, base, "bram", "wachtwoord-bram-1").await?;
            take_by_keyboard(other, bram, base, "maan").await?;
            visitor_says(other, bram, "hallo, ben je er nog").await?;
            set_viewport(anna, 1366, 625).await?;
            language(anna, false).await?;
            tab_to(anna, "#transfer-open", false).await?;
            press(anna, Key::Enter, false).await?;
            wait_js(anna, "return Array.from(document.getElementById('transfer-to').options).some(function (o) { return o.dataset.name === 'bram'; })").await?;
            anna.execute(
                "var s = document.getElementById('transfer-to'); s.value = Array.from(s.options).find(function (o) { return o.dataset.name === 'bram'; }).value;",
                vec![],
            )
            .await?;
            tab_to(anna, "#transfer", false).await?;
            press(anna, Key::Enter, false).await?;
            wait_text(anna, "#conv-status", "Aangeboden aan bram").await?;
            for (wd, ht, english) in SIZES {
                set_viewport(anna, wd, ht).await?;
                language(anna, english).await?;
                let size = format!("{wd}x{ht}{}", if english { "-en" } else { "" });
                tokio::time::sleep(Duration::from_millis(300)).await;
                picture(anna, &format!("{size}-3-offered")).await?;
                let mut with = CONTROLS.to_vec();
                with.push("#conv-status");
                in_view(anna, &with, floor(ht), &format!("the offered transfer at {size}")).await?;
                axe(anna, &format!("the offered transfer at {size}")).await?;
                // All three lines at once.
                said += 1;
                new_below(visitor, anna, &format!("en nog iets ({said})")).await?;
                slash_none(anna).await?;
                picture(anna, &format!("{size}-4-all-three")).await?;
                with.extend(["#new-below", "#reply-slash", "#send-anyway"]);
                in_view(anna, &with, floor(ht) - 40, &format!("all three lines at {size}")).await?;
                slash_away(anna).await?;
                go_down(anna).await?;
            }
            language(anna, false).await?;
            // bram opens the offer from "Mijn gesprekken" and declines it: his own chat with
            // maan comes back in the middle (it was empty), and anna keeps hers.
            wait_text(bram, "#mine li", "sterretje").await?;
            tab_to(bram, "#mine li button[data-conv]:not([aria-current=true])", false).await?;
            press(bram, Key::Enter, false).await?;
            wait_text(bram, "#conv-h", "sterretje").await?;
            wait_js(bram, "return !document.getElementById('offer-actions').hidden").await?;
            tab_to(bram, "#decline-offer", false).await?;
            press(bram, Key::Enter, false).await?;
            // "Weigeren" asks first (fix47, walk46 finding M2): "Weigeren bevestigen".
            wait_js(bram, "return document.activeElement.id === 'decline-yes'").await?;
            tokio::time::sleep(Duration::from_millis(500)).await;
            press(bram, Key::Enter, false).await?;
            wait_text(anna, "#conv-status", "bram heeft de overdracht geweigerd").await?;
            wait_text(bram, "#conv-h", "maan").await?;
            wait_js(bram, "return !document.getElementById('conversation').hidden && document.getElementById('no-conversation').hidden").await?;
            picture(bram, "declined-back-to-own-chat").await?;
            axe(bram, "back in his own chat after declining").await?;
            // bram hands maan to anna at once; anna, with sterretje open, offers sterretje to
            // bram, who takes it over: anna's middle column returns to maan (it was empty).
            tab_to(bram, "#transfer-open", false).await?;
            press(bram, Key::Enter, false).await?;
            wait_js(bram, "return Array.from(document.getElementById('transfer-to').options).some(function (o) { return o.dataset.name === 'anna'; })").await?;
            bram.execute(
                "var s = document.getElementById('transfer-to'); s.value = Array.from(s.options).find(function (o) { return o.dataset.name === 'anna'; }).value; document.querySelector('input[name=transfer-mode][value=cold]').click();",
                vec![],
            )
            .await?;
            tab_to(bram, "#transfer", false).await?;
            press(bram, Key::Enter, false).await?;
            wait_text(anna, "#mine li", "maan").await?;
            wait_text(anna, "#conv-h", "sterretje").await?;
            tab_to(anna, "#transfer-open", false).await?;
            press(anna, Key::Enter, false).await?;
            wait_js(anna, "return Array.from(document.getElementById('transfer-to').options).some(function (o) { return o.dataset.name === 'bram'; })").await?;
            anna.execute(
                "var s = document.getElementById('transfer-to'); s.value = Array.from(s.options).find(function (o) { return o.dataset.name === 'bram'; }).value;",
                vec![],
            )
            .await?;
            tab_to(anna, "#transfer", false).await?;
            press(anna, Key::Enter, false).await?;
            wait_text(anna, "#conv-status", "Aangeboden aan bram").await?;
            wait_js(bram, "return !document.getElementById('offer-actions').hidden").await?;
            tab_to(bram, "#accept-offer", false).await?;
            press(bram, Key::Enter, false).await?;
            wait_text(bram, "#conv-h", "sterretje").await?;
            wait_text(anna, "#conv-h", "maan").await?;
            wait_text(anna, "#queue-status", "Nu open: het gesprek met maan").await?;
            wait_js(anna, "return !document.getElementById('conversation').hidden && document.activeElement.id === 'conv-h'").await?;
            picture(anna, "taken-over-back-to-own-chat").await?;
            axe(anna, "back in her other chat after the transfer").await?;
            Ok(())
        },
    )
    .await
}
