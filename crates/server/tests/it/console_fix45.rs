//! Four findings of a usability walk (a counsellor's shift in Chromium, fix45), driven again in
//! headless Chromium with real key events and checked with axe-core: a suggestion quotes each
//! sentence once with all its words marked (M3); the colleague who took a chat over sees where it
//! passed to them (M5); the CSG channel addresses its visitors as "u" from its first page (M6); the
//! end panel's "Registratie nu opslaan" never lies over a line of text on a laptop (1280x577).
//!
//! Screenshots go to `target/tmp/screenshots/fix45-*.png`, and also to the folder
//! `ZICHT_SHOTS_DIR` names when it is set.

use std::time::Duration;

use fantoccini::Client;
use fantoccini::key::Key;

use crate::browser::{
    FLAG_CARD, LAPTOP, LOVERBOY, PHONE, intake, login, press, server_windows, tab_to,
    take_by_keyboard, type_keys, visitor_says, wait_visible,
};
use crate::console_walk::set_viewport;
use crate::util::R;
use crate::web::{axe, has_text, js_text, shot, wait_js, wait_text};

/// Saves a screenshot as `fix45-NAME.png` (see the module's note).
async fn picture(c: &Client, name: &str) -> R {
    shot(c, &format!("fix45-{name}")).await
}

/// The visitor's sentence of the walk: the suggester quotes "met mannen" and "moet" in it.
const TWO_IN_ONE: &str = "mn vriend zegt dat ik met mannen moet afspreken en dan krijgt hij geld";

/// Every quote button of the suggestion cards: its card, its sentence, its marked words and its
/// accessible name.
const QUOTES: &str = "return JSON.stringify(Array.from(document.querySelectorAll('#assist-list .assist-quote'), function (b) { \
    var card = b.closest('li.assist-item'); var c = b.querySelector('.assist-context'); \
    return {card: card ? card.dataset.field : '', ctx: c ? c.textContent : null, \
            marks: Array.from(b.querySelectorAll('mark'), function (m) { return m.textContent; }), \
            qs: Array.from(b.querySelectorAll('q'), function (q) { return q.textContent; }), \
            label: b.getAttribute('aria-label')}; }))";

/// ‘a’, ‘b’ en ‘c’: the words as a quote button's name lists them.
fn listed(words: &[&str], and: &str) -> String {
    let q: Vec<String> = words.iter().map(|w| format!("‘{w}’")).collect();
    match q.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} {and} {last}", rest.join(", ")),
        _ => q.join(""),
    }
}

/// Finding 1 (M3): two words of one sentence ("met mannen" and "moet") showed the sentence twice,
/// once per word. Now each card shows each sentence once with all its words marked in order, the
/// button's name says which words in which sentence, a mark holds no space at its edge (no
/// coloured sliver after a word), and Enter on it marks the same words in the chat.
#[tokio::test]
async fn a_sentence_is_quoted_once_with_all_its_words_in_chromium() -> R {
    server_windows(
        "fix45-quotes",
        &["anna"],
        &[PHONE, LAPTOP],
        async |_, w, base| {
            let (visitor, anna) = (&w[0], &w[1]);
            login(anna, base, "anna", "wachtwoord-anna-1").await?;
            take_by_keyboard(visitor, anna, base, "lief").await?;
            visitor_says(visitor, anna, TWO_IN_ONE).await?;
            visitor_says(visitor, anna, LOVERBOY).await?;
            wait_js(anna, &format!("return !!document.querySelector('{FLAG_CARD} .assist-quote')")).await?;
            tokio::time::sleep(Duration::from_millis(2500)).await;
            let quotes: Vec<serde_json::Value> = serde_json::from_str(&js_text(anna, QUOTES).await?)?;
            assert!(!quotes.is_empty(), "no quotes");
            let mut seen = std::collections::HashSet::new();
            let mut both = None;
            for q in &quotes {
                let ctx = q["ctx"].as_str().ok_or(format!("a quote without its sentence: {q}"))?;
                // Each sentence once per card.
                assert!(
                    seen.insert((q["card"].to_string(), ctx.to_string())),
                    "the same sentence twice in one card: {q}\nall: {quotes:?}"
                );
                let marks: Vec<&str> = q["marks"]
                    .as_array()
                    .ok_or("no marks")?
                    .iter()
                    .filter_map(|m| m.as_str())
                    .collect();
                assert!(!marks.is_empty(), "nothing marked: {q}");
                assert_eq!(q["marks"], q["qs"], "the marked words are not the quotes: {q}");
                // In order, apart, and no space inside a mark's edges.
                let mut from = 0;
                for m in &marks {
                    assert_eq!(m.trim(), *m, "a space inside the mark (a sliver after the word): {q}");
                    let at = ctx[from..].find(m).ok_or(format!("`{m}` not in order in its sentence: {q}"))?;
                    from += at + m.len();
                }
                let label = q["label"].as_str().unwrap_or_default();
                let whole = ctx.trim_start_matches('‘').trim_end_matches('’');
                assert_eq!(
                    label,
                    format!("{} in: ‘{whole}’ (toon in het gesprek)", listed(&marks, "en")),
                    "the button's name does not say which words in which sentence: {q}"
                );
                if marks.contains(&"met mannen") && marks.contains(&"moet") {
                    both = Some(q.clone());
                }
            }
            let both = both.ok_or(format!("no quote marks ‘met mannen’ and ‘moet’ in one sentence: {quotes:?}"))?;
            assert!(
                both["label"].as_str().unwrap_or_default().starts_with("‘met mannen’ en ‘moet’ in: ‘"),
                "{both}"
            );
            // With the keyboard to that quote; Enter marks the same words in the chat's message.
            let card = both["card"].as_str().unwrap_or_default().to_string();
            let button = format!("#assist-list li.assist-item[data-field=\"{card}\"] button.assist-quote[aria-label^=\"‘met mannen’ en ‘moet’\"]");
            tab_to(anna, &button, false).await?;
            axe(anna, "a suggestion quoting one sentence with two marked words").await?;
            anna.execute(
                &format!("document.querySelector({}).scrollIntoView({{block: 'center'}}); return true;", serde_json::to_string(&button)?),
                vec![],
            )
            .await?;
            picture(anna, "1-one-sentence-two-marks").await?;
            press(anna, Key::Enter, false).await?;
            wait_js(anna, "return !!document.querySelector('#transcript li.evidence mark')").await?;
            let marked = js_text(
                anna,
                "return JSON.stringify(Array.from(document.querySelectorAll('#transcript li.evidence .text mark'), function (m) { return m.textContent; }))",
            )
            .await?;
            assert_eq!(marked, r#"["met mannen","moet"]"#, "the chat marks other words");
            // A mark is as wide as its word: no space after it.
            let sliver = js_text(
                anna,
                "return JSON.stringify(Array.from(document.querySelectorAll('#transcript li.evidence .text mark, #assist-list mark'), function (m) { \
                   return /^\\s|\\s$/.test(m.textContent) ? m.textContent : null; }).filter(Boolean))",
            )
            .await?;
            assert_eq!(sliver, "[]", "marks with a space at an edge");
            axe(anna, "the chat with the quote's two words marked").await?;
            picture(anna, "1-chat-two-marks").await?;
            // In English the name lists the words with "and".
            tab_to(anna, "#lang", false).await?;
            press(anna, Key::Enter, false).await?;
            wait_js(
                anna,
                "return Array.from(document.querySelectorAll('#assist-list .assist-quote')).some(function (b) { \
                   return b.getAttribute('aria-label').indexOf('‘met mannen’ and ‘moet’ in: ‘') === 0 && / \\(show in the chat\\)$/.test(b.getAttribute('aria-label')); })",
            )
            .await?;
            axe(anna, "two marked words in one sentence, in English").await?;
            Ok(())
        },
    )
    .await
}

/// Where each line of bram's transcript stands: its classes and its text, top to bottom.
const LINES: &str = "return JSON.stringify(Array.from(document.querySelectorAll('#transcript > li'), function (li) { \
    return li.className + ' | ' + li.querySelector('.text').textContent; }))";

/// Finding 2 (M5): after a transfer the colleague saw the earlier messages and the note, but
/// nothing where the chat passed to them. Now a line stands in the chat at that point,
/// "Overgedragen van anna aan bram om HH:MM" (in English "Transferred from anna to bram at
/// HH:MM"), also after a reload; the visitor's page names nobody and says what it said before.
#[tokio::test]
async fn the_colleague_sees_where_the_chat_passed_to_them_in_chromium() -> R {
    server_windows(
        "fix45-handover",
        &["anna", "bram"],
        &[PHONE, LAPTOP, LAPTOP],
        async |_, w, base| {
            let (visitor, anna, bram) = (&w[0], &w[1], &w[2]);
            login(anna, base, "anna", "wachtwoord-anna-1").await?;
            login(bram, base, "bram", "wachtwoord-bram-1").await?;
            take_by_keyboard(visitor, anna, base, "vlinder").await?;
            visitor_says(visitor, anna, "hoi ik wil iets vragen over mijn vriend").await?;
            type_keys(anna, "Fijn dat je schrijft. Vertel maar.").await?;
            press(anna, Key::Enter, false).await?;
            has_text(anna, "#transcript", "Vertel maar.").await?;
            // Anna hands the chat to bram with the keyboard: a warm transfer with a note.
            wait_js(anna, "return !!document.querySelector('#transfer-to option[value]:not([value=\"\"])')").await?;
            tab_to(anna, "#transfer-open", false).await?;
            press(anna, Key::Enter, false).await?;
            wait_js(anna, "return document.activeElement.id === 'transfer-to'").await?;
            for _ in 0..5 {
                if js_text(anna, "return document.getElementById('transfer-to').selectedOptions[0].dataset.name || ''").await? == "bram" {
                    break;
                }
                press(anna, Key::Down, false).await?;
            }
            wait_js(anna, "return document.getElementById('transfer-to').selectedOptions[0].dataset.name === 'bram'").await?;
            tab_to(anna, "#transfer-note", false).await?;
            type_keys(anna, "Vriend, nog niet gevraagd naar geld.").await?;
            tab_to(anna, "#transfer", false).await?;
            press(anna, Key::Enter, false).await?;
            // Bram takes the offer with the keyboard.
            wait_text(bram, "#mine li", "vlinder").await?;
            tab_to(bram, "#mine li button", false).await?;
            press(bram, Key::Enter, false).await?;
            wait_visible(bram, "offer-actions").await?;
            tab_to(bram, "#accept-offer", false).await?;
            press(bram, Key::Enter, false).await?;
            wait_js(
                bram,
                "return !document.getElementById('own-actions').hidden && document.getElementById('offer-actions').hidden",
            )
            .await?;
            wait_js(bram, "return !!document.querySelector('#transcript li.handover')").await?;
            let line = js_text(bram, "return document.querySelector('#transcript li.handover').textContent").await?;
            let time = regex_time(&line, "Overgedragen van anna aan bram om ")?;
            assert_eq!(line, format!("Overgedragen van anna aan bram om {time}"));
            // Bram writes on; the line stands between anna's message and his. (Times are stored
            // to the second: the visitor writes in the next one.)
            tokio::time::sleep(Duration::from_millis(1100)).await;
            visitor_says(visitor, bram, "is er nu iemand anders?").await?;
            type_keys(bram, "Ik ben bram, ik neem het over van anna.").await?;
            press(bram, Key::Enter, false).await?;
            has_text(bram, "#transcript", "ik neem het over").await?;
            has_text(visitor, "#messages", "ik neem het over").await?;
            let lines: Vec<String> = serde_json::from_str(&js_text(bram, LINES).await?)?;
            let at = |words: &str| lines.iter().position(|l| l.contains(words));
            let (a, h, v, b) = (
                at("Vertel maar.").ok_or(format!("{lines:?}"))?,
                at("Overgedragen van anna aan bram").ok_or(format!("{lines:?}"))?,
                at("is er nu iemand anders?").ok_or(format!("{lines:?}"))?,
                at("ik neem het over").ok_or(format!("{lines:?}"))?,
            );
            assert!(a < h && h < v && v < b, "the line is not where the chat passed: {lines:?}");
            assert!(lines[h].contains("system"), "not a system line: {lines:?}");
            axe(bram, "the colleague's chat with the handover line").await?;
            picture(bram, "2-handover-line").await?;
            // After a reload it is still there (from the store's transfer event).
            bram.refresh().await?;
            wait_js(bram, "return !!document.querySelector('#transcript li.handover')").await?;
            has_text(bram, "#transcript li.handover", "Overgedragen van anna aan bram om").await?;
            // In English.
            tab_to(bram, "#lang", false).await?;
            press(bram, Key::Enter, false).await?;
            has_text(bram, "#transcript li.handover", &format!("Transferred from anna to bram at {time}")).await?;
            axe(bram, "the handover line in English").await?;
            picture(bram, "2-handover-line-en").await?;
            // The visitor's page says what it said before and names no counsellor.
            has_text(visitor, "#messages", "Je praat nu met een andere hulpverlener.").await?;
            let names = js_text(
                visitor,
                "var t = document.body.innerText; return String(/anna|bram|Overgedragen|Transferred/.test(t.replace('Ik ben bram, ik neem het over van anna.', '')))",
            )
            .await?;
            assert_eq!(names, "false", "the visitor's page tells more than before");
            Ok(())
        },
    )
    .await
}

/// The "HH:MM" after `prefix` in `line`.
fn regex_time(line: &str, prefix: &str) -> R<String> {
    let rest = line
        .strip_prefix(prefix)
        .ok_or(format!("`{line}` does not start with `{prefix}`"))?;
    let ok = rest.len() == 5
        && rest
            .char_indices()
            .all(|(i, c)| if i == 2 { c == ':' } else { c.is_ascii_digit() });
    if ok {
        Ok(rest.to_string())
    } else {
        Err(format!("no time in `{line}`").into())
    }
}

/// Words that address the visitor informally, found in `css`'s shown text (an empty list: none).
async fn informal(c: &Client, css: &str) -> R<String> {
    js_text(
        c,
        &format!(
            "var e = document.querySelector({}); var t = e ? e.innerText : ''; \
             return JSON.stringify(t.match(/\\b(je|jij|jou|jouw|kun je|wil je)\\b/gi) || [])",
            serde_json::to_string(css)?
        ),
    )
    .await
}

/// Finding 3 (M6): the CSG channel (adults, parents, professionals) said "je" on its start and
/// waiting pages until a counsellor chose "u". Now it says "u" from its first page (the
/// configuration's `address = "u"`), the console's "Aanspreken" shows "u" from the start and
/// still switches it to "je"; Fier keeps "je".
#[tokio::test]
async fn the_csg_channel_says_u_from_its_first_page_in_chromium() -> R {
    server_windows(
        "fix45-address",
        &["anna"],
        &[PHONE, LAPTOP],
        async |_, w, base| {
            let (visitor, anna) = (&w[0], &w[1]);
            login(anna, base, "anna", "wachtwoord-anna-1").await?;
            // Fier still says "je".
            visitor.goto(&format!("{base}/chat/fier")).await?;
            wait_visible(visitor, "intake").await?;
            has_text(visitor, "#intake h1", "Welkom. Je bent hier anoniem.").await?;
            // CSG's start page: "u" throughout.
            visitor.goto(&format!("{base}/chat/csg")).await?;
            wait_visible(visitor, "intake").await?;
            has_text(visitor, "#intake h1", "Welkom. U bent hier anoniem.").await?;
            has_text(
                visitor,
                "#intake",
                "U praat met een hulpverlener. We vragen niet uw naam",
            )
            .await?;
            has_text(visitor, "#exit-hint", "Moet u snel weg?").await?;
            assert_eq!(
                informal(visitor, "#main").await?,
                "[]",
                "the CSG start page says je"
            );
            // The age hint a visitor under 12 gets, with the keyboard.
            tab_to(visitor, "#age", false).await?;
            type_keys(visitor, "9").await?;
            has_text(visitor, "#age-hint", "Bent u jonger dan 12?").await?;
            press(visitor, Key::Backspace, false).await?;
            axe(visitor, "the CSG start page").await?;
            picture(visitor, "3-csg-start-u").await?;
            // Waiting: "U bent de volgende." and "Er komt zo een hulpverlener bij u."
            intake(visitor, base, "csg", "moeder").await?;
            has_text(visitor, "#position", "U bent de volgende.").await?;
            has_text(visitor, "#queue-soon", "Er komt zo een hulpverlener bij u.").await?;
            assert_eq!(
                informal(visitor, "#queue").await?,
                "[]",
                "the CSG waiting page says je"
            );
            axe(visitor, "the CSG waiting page").await?;
            picture(visitor, "3-csg-waiting-u").await?;
            // Anna takes it with the keyboard: "Aanspreken" shows "u" from the start.
            wait_text(anna, "#queue li", "moeder").await?;
            tab_to(anna, "#queue li button", false).await?;
            press(anna, Key::Enter, false).await?;
            wait_text(anna, "#conv-h", "moeder").await?;
            wait_visible(visitor, "chat").await?;
            assert_eq!(
                js_text(anna, "return document.getElementById('address').value").await?,
                "u"
            );
            has_text(visitor, "#status", "Een hulpverlener is er voor u.").await?;
            has_text(visitor, "label[for=text]", "Uw bericht").await?;
            axe(anna, "the console with a CSG chat addressed with u").await?;
            picture(anna, "3-console-csg-u").await?;
            // She chooses "je" with the keyboard; the visitor's page follows.
            tab_to(anna, "#address", false).await?;
            press(anna, Key::Up, false).await?;
            wait_js(
                anna,
                "return document.getElementById('address').value === 'je'",
            )
            .await?;
            has_text(visitor, "label[for=text]", "Je bericht").await?;
            has_text(visitor, "#exit-hint", "Moet je snel weg?").await?;
            axe(visitor, "the CSG chat switched to je").await?;
            picture(visitor, "3-csg-chat-je").await?;
            // Back to "u".
            press(anna, Key::Down, false).await?;
            has_text(visitor, "label[for=text]", "Uw bericht").await?;
            Ok(())
        },
    )
    .await
}

/// Lines of text in the end panel's box of what is still open that are visible in that box and
/// lie (partly) under "Registratie nu opslaan", at every scroll position of the box; with the
/// box's overflow.
const COVERED: &str = "var save = document.getElementById('end-save'); if (save.hidden || !save.getClientRects().length) { return 'no save button'; } \
    var box = document.getElementById('end-unsaved'); \
    while (box && ['auto', 'scroll'].indexOf(getComputedStyle(box).overflowY) < 0) { box = box.parentElement; } \
    if (!box) { return JSON.stringify({overflow: 0, covered: []}); } \
    var out = []; var keep = box.scrollTop; var max = box.scrollHeight - box.clientHeight; \
    for (var t = 0; t <= max + 4; t += 4) { box.scrollTop = Math.min(t, max); \
      var b = save.getBoundingClientRect(), v = box.getBoundingClientRect(); \
      var walk = document.createTreeWalker(box, NodeFilter.SHOW_TEXT); \
      while (walk.nextNode()) { var n = walk.currentNode; if (!n.textContent.trim() || save.contains(n)) { continue; } \
        var r = document.createRange(); r.selectNodeContents(n); \
        Array.from(r.getClientRects()).forEach(function (l) { \
          var top = Math.max(l.top, v.top), bottom = Math.min(l.bottom, v.bottom); if (bottom - top < 2) { return; } \
          var over = Math.min(bottom, b.bottom) - Math.max(top, b.top), side = Math.min(l.right, b.right) - Math.max(l.left, b.left); \
          if (over > 1 && side > 1) { out.push('scrolled ' + box.scrollTop + ': ' + n.textContent.trim().slice(0, 40)); } }); } } \
    box.scrollTop = keep; \
    return JSON.stringify({overflow: max, covered: out.slice(0, 6)});";

/// Finding 4: at 1280x577 (a laptop's 1280x720 with the browser's toolbars) the end panel's
/// "Registratie nu opslaan", pinned at the bottom of the scrolling box of what is still open, lay
/// over a line of the notice while it scrolled. Now the button stands under that box and covers
/// no text at any scroll position; the box scrolls with the keyboard and the button is in view.
#[tokio::test]
async fn the_save_button_covers_no_text_in_the_end_panel_in_chromium() -> R {
    server_windows(
        "fix45-endsave",
        &["anna"],
        &[PHONE, LAPTOP],
        async |_, w, base| {
            let (visitor, anna) = (&w[0], &w[1]);
            login(anna, base, "anna", "wachtwoord-anna-1").await?;
            take_by_keyboard(visitor, anna, base, "sterretje").await?;
            for line in [
                "hoi ik weet niet of ik dit mag vragen",
                LOVERBOY,
                "ja ik ben veilig maar ik weet niet of ik dit wil vertellen",
            ] {
                visitor_says(visitor, anna, line).await?;
            }
            has_text(anna, "#assist-list", "Hulpvraag over mensenhandel").await?;
            set_viewport(anna, 1280, 577).await?;
            // An edit of the registration not saved yet, with the keyboard: the end panel warns.
            // ("Eerste keer?" from "weet ik niet" to "ja": Tab into the group, the arrow round.)
            tab_to(anna, "input[name=first_time]", false).await?;
            press(anna, Key::Down, false).await?;
            wait_js(anna, "return document.querySelector('input[name=first_time]:checked').value === 'yes'").await?;
            for english in [false, true] {
                if english {
                    tab_to(anna, "#lang", false).await?;
                    press(anna, Key::Enter, false).await?;
                    wait_js(anna, "return document.documentElement.lang === 'en'").await?;
                }
                let lang = if english { "-en" } else { "" };
                tab_to(anna, "#end-conv", false).await?;
                press(anna, Key::Enter, false).await?;
                wait_js(anna, "return document.activeElement.id === 'end-message'").await?;
                wait_visible(anna, "end-save").await?;
                tokio::time::sleep(Duration::from_millis(300)).await;
                picture(anna, &format!("4-end-1280x577{lang}")).await?;
                let got: serde_json::Value = serde_json::from_str(&js_text(anna, COVERED).await?)?;
                assert_eq!(got["covered"], serde_json::json!([]), "the save button lies over text at 1280x577{lang}: {got}");
                // The button is whole in the window and nothing lies over it.
                let free = js_text(
                    anna,
                    "var s = document.getElementById('end-save'); var r = s.getBoundingClientRect(); \
                     var hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); \
                     return String(r.top >= 0 && r.bottom <= innerHeight && (hit === s || s.contains(hit)))",
                )
                .await?;
                assert_eq!(free, "true", "the save button is not free in view{lang}");
                // The text's box scrolls with the keyboard: Shift+Tab to it, End to its last line.
                tab_to(anna, "#end-confirm .end-reg-text", true).await?;
                press(anna, Key::End, false).await?;
                tokio::time::sleep(Duration::from_millis(300)).await;
                let bottom = js_text(
                    anna,
                    "var b = document.querySelector('#end-confirm .end-reg-text'); return String(b.scrollTop >= b.scrollHeight - b.clientHeight - 1)",
                )
                .await?;
                assert_eq!(bottom, "true", "End did not scroll the box to its last line{lang}");
                let got: serde_json::Value = serde_json::from_str(&js_text(anna, COVERED).await?)?;
                assert_eq!(got["covered"], serde_json::json!([]), "scrolled with the keyboard{lang}: {got}");
                axe(anna, &format!("the end panel at 1280x577 with the save button{lang}")).await?;
                picture(anna, &format!("4-end-1280x577-scrolled{lang}")).await?;
                press(anna, Key::Escape, false).await?;
                wait_js(anna, "return document.getElementById('end-confirm').hidden").await?;
            }
            // On a large screen the box does not scroll, and is then no Tab stop of its own.
            set_viewport(anna, 1920, 1080).await?;
            tab_to(anna, "#end-conv", false).await?;
            press(anna, Key::Enter, false).await?;
            wait_js(anna, "return document.activeElement.id === 'end-message'").await?;
            tokio::time::sleep(Duration::from_millis(300)).await;
            wait_js(
                anna,
                "var b = document.querySelector('#end-confirm .end-reg-text'); \
                 return b.scrollHeight <= b.clientHeight + 1 && !b.hasAttribute('tabindex')",
            )
            .await?;
            let got: serde_json::Value = serde_json::from_str(&js_text(anna, COVERED).await?)?;
            assert_eq!(got["covered"], serde_json::json!([]), "at 1920x1080: {got}");
            picture(anna, "4-end-1920x1080").await?;
            Ok(())
        },
    )
    .await
}

/// The father's lines of walk45's finding S1.
const FATHER: [&str; 4] = [
    "Goedenavond, ik maak mij zorgen om mijn dochter van 16.",
    "Ze heeft sinds een paar maanden een nieuwe vriend van 23.",
    "Zij komt soms pas om 3 uur 's nachts thuis en heeft dure spullen die zij niet zelf kan betalen.",
    "Gisteren zag ik op haar telefoon berichten waarin staat dat zij \"voor hem moet werken\". Ik weet niet wat ik moet doen.",
];

/// Walk45, finding S1: his "Nee, dat weet zij niet" to a question about something else made
/// every suggestion vanish and the panel said that nothing pointed to exploitation. Now the cards
/// stay, each saying that the latest reading no longer gives it, until she decides.
#[tokio::test]
async fn a_suggestion_stays_when_a_later_answer_drops_it_in_chromium() -> R {
    server_windows(
        "fix45-stays",
        &["anna"],
        &[PHONE, LAPTOP],
        async |_, w, base| {
            let (visitor, anna) = (&w[0], &w[1]);
            login(anna, base, "anna", "wachtwoord-anna-1").await?;
            take_by_keyboard(visitor, anna, base, "vader").await?;
            for line in FATHER {
                visitor_says(visitor, anna, line).await?;
            }
            let age_card = "#assist-list li.assist-item[data-field^=\"victim_age\"]";
            wait_js(anna, &format!("return !!document.querySelector('{age_card}')")).await?;
            picture(anna, "5-before-the-no").await?;
            assert_eq!(js_text(anna, "return document.activeElement.id").await?, "reply");
            type_keys(anna, "Mag ik u vragen: weet uw dochter dat u deze berichten heeft gezien?").await?;
            press(anna, Key::Enter, false).await?;
            has_text(visitor, "#messages", "weet uw dochter").await?;
            visitor_says(visitor, anna, "Nee, dat weet zij niet. Ik durf het haar niet te vragen.").await?;
            wait_js(
                anna,
                &format!("var li = document.querySelector('{age_card}'); return !!li && !!li.querySelector('.assist-stale')"),
            )
            .await?;
            has_text(anna, &format!("{age_card} .assist-stale"), "Eerder in dit gesprek gevonden, na het laatste bericht niet meer").await?;
            let panel = js_text(anna, "return document.getElementById('assist').textContent").await?;
            assert!(!panel.contains("Nog geen suggesties"), "{panel}");
            // Still hers to decide: its words and its buttons are there.
            wait_js(anna, &format!("return !!document.querySelector('{age_card} .assist-quote') && !!document.querySelector('{age_card} button.assist-decide')")).await?;
            axe(anna, "a suggestion kept after a later answer").await?;
            picture(anna, "5-kept-after-the-no").await?;
            // Nothing of it on his phone.
            let phone = js_text(visitor, "return document.body.textContent").await?;
            assert!(!phone.contains("Eerder in dit gesprek") && !phone.contains("Invullen"), "{phone}");
            Ok(())
        },
    )
    .await
}

/// Walk45, minor 3: the console's English was lost on a reload. The choice is kept in the
/// browser: after a reload the console is in English, with the chat she had open, and back in
/// Dutch after the switch and another reload.
#[tokio::test]
async fn the_chosen_language_stays_after_a_reload_in_chromium() -> R {
    server_windows(
        "fix45-lang",
        &["anna"],
        &[PHONE, LAPTOP],
        async |_, w, base| {
            let (visitor, anna) = (&w[0], &w[1]);
            login(anna, base, "anna", "wachtwoord-anna-1").await?;
            take_by_keyboard(visitor, anna, base, "taal").await?;
            anna.find(fantoccini::Locator::Id("lang")).await?.click().await?;
            wait_js(anna, "return document.documentElement.lang === 'en'").await?;
            let stored = js_text(anna, "return String(localStorage.getItem('zicht:console-lang'))").await?;
            assert_eq!(stored, "en");
            anna.refresh().await?;
            wait_js(anna, "return document.documentElement.lang === 'en'")
                .await
                .map_err(|e| format!("after the reload: {e}; stored {:?}", stored))?;
            has_text(anna, "#lang", "Nederlands").await?;
            wait_text(anna, "#conv-h", "taal").await?;
            axe(anna, "the console in English after a reload").await?;
            picture(anna, "6-english-after-reload").await?;
            anna.find(fantoccini::Locator::Id("lang")).await?.click().await?;
            wait_js(anna, "return document.documentElement.lang === 'nl'").await?;
            anna.refresh().await?;
            wait_js(anna, "return document.documentElement.lang === 'nl' && !!document.getElementById('queue')").await?;
            has_text(anna, "#lang", "English").await?;
            Ok(())
        },
    )
    .await
}

/// Walk46, findings S1 and S2: a chat the colleague takes over while she has another one open
/// no longer leaves "Mijn gesprekken" without a word (the note under the queue names it), and
/// the "/" list looks for a title with its spaces ("/afscheid (u" finds "Afscheid (u, formeel)";
/// a space closed the list).
#[tokio::test]
async fn a_chat_taken_over_in_the_background_is_named_and_slash_reads_spaces_in_chromium() -> R {
    server_windows(
        "fix45-background",
        &["anna", "bram"],
        &[PHONE, PHONE, LAPTOP, LAPTOP],
        async |_, w, base| {
            let (one, two, anna, bram) = (&w[0], &w[1], &w[2], &w[3]);
            login(anna, base, "anna", "wachtwoord-anna-1").await?;
            login(bram, base, "bram", "wachtwoord-bram-1").await?;
            take_by_keyboard(one, anna, base, "maan").await?;
            // "/" with a space: the formal goodbye is found and inserted.
            type_keys(anna, "/afscheid (u").await?;
            wait_js(anna, "return !document.getElementById('canned-list').hidden").await?;
            has_text(anna, "#canned-list li.active", "Afscheid (u, formeel)").await?;
            axe(anna, "the / list with a space in what is typed").await?;
            press(anna, Key::Enter, false).await?;
            wait_js(anna, "return document.getElementById('reply').value.indexOf('Dank u') === 0").await?;
            anna.execute("document.getElementById('reply').value = ''; document.getElementById('reply').dispatchEvent(new Event('input'));", vec![]).await?;
            take_by_keyboard(two, anna, base, "sterretje").await?;
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
            // She goes back to maan while the offer is open.
            let maan = anna
                .find(fantoccini::Locator::XPath("//ul[@id='mine']//button[contains(., 'maan')]"))
                .await?;
            maan.click().await?;
            wait_text(anna, "#conv-h", "maan").await?;
            wait_js(bram, "return !document.getElementById('offer-actions').hidden").await?;
            tab_to(bram, "#accept-offer", false).await?;
            press(bram, Key::Enter, false).await?;
            wait_text(bram, "#conv-h", "sterretje").await?;
            wait_text(anna, "#queue-status", "Het gesprek met sterretje is overgedragen aan je collega.").await?;
            has_text(anna, "#conv-h", "maan").await?;
            axe(anna, "a chat taken over in the background").await?;
            picture(anna, "7-taken-over-in-the-background").await?;
            Ok(())
        },
    )
    .await
}
