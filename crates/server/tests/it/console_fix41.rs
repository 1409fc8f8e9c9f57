//! What a new counsellor found walking a whole shift (walk41), driven again in headless Chromium
//! with real key events and checked with axe-core: a visitor waiting while nobody can take her
//! chat is told so, calmly, without a made-up time; after a transfer the colleague's suggestion
//! panel names who filled in what; a corrected age is shown as a hint; formal goodbyes; a
//! transcript that keeps its height at 1366x625; one "Gesprek beëindigen" button at a time; a
//! suggestion already filled in by hand; plain words; the referral in the closed chats' summary;
//! a calm line for a visitor whose counsellor is busy.
//!
//! Screenshots go to `target/tmp/screenshots/fix41-*.png`, and also to the folder
//! `ZICHT_SHOTS_DIR` names when it is set.

use std::time::Duration;

use fantoccini::key::Key;
use fantoccini::{Client, Locator};

use crate::browser::{
    FLAG_CARD, LOVERBOY, intake, login, phones_and_laptops, press, tab_to, take_by_keyboard,
    type_keys, visitor_says, wait_visible,
};
use crate::util::R;
use crate::web::{axe, has_text, js_text, shot, wait_js, wait_text};

/// Saves a screenshot as `fix41-NAME.png` (see the module's note).
async fn picture(c: &Client, name: &str) -> R {
    shot(c, &format!("fix41-{name}")).await
}

/// The visible text of the page.
async fn page_text(c: &Client) -> R<String> {
    js_text(c, "return document.body.innerText").await
}

/// Finding 1: a visitor waiting while no counsellor has a console open was told "Jij bent de
/// volgende. Verwachte wachttijd: ongeveer 4 minuten. Er komt zo een hulpverlener bij je." Now
/// the waiting screen says that nobody is available right now, in plain words, points to the
/// emergency numbers and names no time; once a counsellor opens the console it goes back to the
/// normal text. In English too.
#[tokio::test]
async fn a_visitor_waiting_while_nobody_is_there_is_told_so_in_chromium() -> R {
    phones_and_laptops("fix41-nobody", 1, 1, async |_, v, st, base| {
        let (visitor, anna) = (&v[0], &st[0]);
        intake(visitor, base, "fier", "fleur").await?;
        let nobody = "Er is op dit moment geen hulpverlener beschikbaar.";
        wait_js(
            visitor,
            "var n = document.getElementById('nobody'); return !!n && n.getClientRects().length > 0",
        )
        .await?;
        let said = page_text(visitor).await?;
        assert!(said.contains(nobody), "{said}");
        assert!(said.contains("Bel dan een van de nummers hieronder, bij \"Direct hulp nodig?\"."), "{said}");
        assert!(said.contains("Direct hulp nodig?"), "{said}");
        // Her place is still true; the time and "someone comes soon" are not said.
        assert!(said.contains("Jij bent de volgende."), "{said}");
        for promise in ["Verwachte wachttijd", "Er komt zo een hulpverlener", "We weten nog niet precies"] {
            assert!(!said.contains(promise), "still promised: {promise}: {said}");
        }
        axe(visitor, "visitor waiting, nobody available").await?;
        picture(visitor, "1-visitor-nobody-available").await?;
        visitor.find(Locator::Id("lang")).await?.click().await?;
        has_text(visitor, "#nobody", "No counsellor is available at the moment.").await?;
        axe(visitor, "visitor waiting, nobody available, in English").await?;
        picture(visitor, "1b-visitor-nobody-available-en").await?;
        visitor.find(Locator::Id("lang")).await?.click().await?;
        // A counsellor opens the console: the normal text is back.
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        wait_js(
            visitor,
            "return document.getElementById('nobody').hidden && !document.getElementById('queue-soon').hidden",
        )
        .await?;
        let said = page_text(visitor).await?;
        assert!(!said.contains(nobody), "{said}");
        assert!(said.contains("Er komt zo een hulpverlener bij je."), "{said}");
        assert!(said.contains("Jij bent de volgende."), "{said}");
        axe(visitor, "visitor waiting, a counsellor there").await?;
        picture(visitor, "1c-visitor-counsellor-there").await?;
        Ok(())
    })
    .await
}

/// Finding 2: after a transfer the colleague's panel said "Ingevuld door jou" for what the first
/// counsellor filled in. Now it names her: "Ingevuld door een collega (anna)", and "jou" only
/// for the viewer's own decisions; in English too.
#[tokio::test]
async fn after_a_transfer_the_panel_names_who_filled_in_in_chromium() -> R {
    phones_and_laptops("fix41-who", 1, 2, async |s, v, st, base| {
        let (visitor, anna, bram) = (&v[0], &st[0], &st[1]);
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        login(bram, base, "bram", "wachtwoord-bram-1").await?;
        take_by_keyboard(visitor, anna, base, "merel").await?;
        visitor_says(visitor, anna, LOVERBOY).await?;
        let fill = "#assist-list button[aria-label='Invullen: Hulpvraag over mensenhandel: ja']";
        wait_js(
            anna,
            &format!("return !!document.querySelector(\"{fill}\")"),
        )
        .await?;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        tab_to(anna, fill, false).await?;
        press(anna, Key::Space, false).await?;
        has_text(
            anna,
            "#assist-list",
            "Ingevuld door jou: Hulpvraag over mensenhandel: ja",
        )
        .await?;
        // The transfer itself is not the point here: through the API, as anna.
        let api = crate::util::login(s.addr, "anna", "wachtwoord-anna-1").await?;
        let conv = js_text(
            anna,
            "return document.getElementById('assist-list').dataset.conv",
        )
        .await?;
        let bram_id = s
            .app
            .db
            .store()
            .connect()?
            .user_by_name("bram")?
            .ok_or("no bram")?
            .id;
        let r = api
            .post(
                s.addr,
                "/console/api/transfer",
                &serde_json::json!({"conv": conv, "to": bram_id, "mode": "cold"}),
            )
            .await?;
        assert_eq!(r.status, 200, "{}", r.body);
        wait_text(bram, "#mine li", "merel").await?;
        tab_to(bram, "#mine li button", false).await?;
        press(bram, Key::Enter, false).await?;
        wait_text(bram, "#conv-h", "merel").await?;
        has_text(
            bram,
            FLAG_CARD,
            "Ingevuld door een collega (anna): Hulpvraag over mensenhandel: ja",
        )
        .await?;
        let said = js_text(
            bram,
            "return document.getElementById('assist-list').innerText",
        )
        .await?;
        assert!(!said.contains("door jou"), "{said}");
        axe(bram, "colleague's panel after a transfer").await?;
        picture(bram, "2-colleague-panel-after-transfer").await?;
        // Bram's own decision is his: "door jou".
        let reject = "#assist-list button[aria-label^='Afwijzen:']";
        wait_js(
            bram,
            &format!("return !!document.querySelector(\"{reject}\")"),
        )
        .await?;
        tab_to(bram, reject, false).await?;
        press(bram, Key::Enter, false).await?;
        has_text(bram, "#assist-list", "Afgewezen door jou:").await?;
        bram.find(Locator::Id("lang")).await?.click().await?;
        has_text(
            bram,
            FLAG_CARD,
            "Filled in by a colleague (anna): Help request about human trafficking: yes",
        )
        .await?;
        has_text(bram, "#assist-list", "Rejected by you:").await?;
        axe(bram, "colleague's panel after a transfer, in English").await?;
        bram.find(Locator::Id("lang")).await?.click().await?;
        Ok(())
    })
    .await
}

/// Clicks the element `css` (a WebDriver element click).
async fn click(c: &Client, css: &str) -> R {
    c.find(Locator::Css(css)).await?.click().await?;
    Ok(())
}

/// The intake with an age typed as keys, then `who` takes the chat with the keyboard.
async fn take_aged(visitor: &Client, who: &Client, base: &str, nick: &str, age: &str) -> R {
    visitor.goto(&format!("{base}/chat/fier")).await?;
    wait_visible(visitor, "intake").await?;
    click(visitor, "#username").await?;
    type_keys(visitor, nick).await?;
    click(visitor, "#age").await?;
    type_keys(visitor, age).await?;
    press(visitor, Key::Enter, false).await?;
    wait_visible(visitor, "queue").await?;
    wait_text(who, "#queue li", nick).await?;
    tab_to(who, "#queue li button", false).await?;
    press(who, Key::Enter, false).await?;
    wait_text(who, "#conv-h", nick).await?;
    Ok(())
}

/// Finding 3: "ik ben 16 nee wacht 15" gave no age suggestion and no help. Now the panel says
/// that the visitor corrected an age, quotes her words (a click shows the message) and has no
/// "Invullen"; the tab and header say the age was filled in at the start.
#[tokio::test]
async fn a_corrected_age_is_a_hint_and_the_intake_age_is_said_as_such_in_chromium() -> R {
    phones_and_laptops("fix41-age", 1, 1, async |_, v, st, base| {
        let (visitor, anna) = (&v[0], &st[0]);
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take_aged(visitor, anna, base, "mila", "16").await?;
        wait_visible(visitor, "chat").await?;
        visitor_says(visitor, anna, "mn vriendje zegt dat ik met zn vrienden moet").await?;
        visitor_says(visitor, anna, "ik ben 16 nee wacht 15").await?;
        wait_js(anna, "return !!document.querySelector('#assist-hints li')").await?;
        has_text(anna, "#assist-hints", "Leeftijd slachtoffer: de bezoeker verbeterde een leeftijd:").await?;
        has_text(anna, "#assist-hints", "Vul de leeftijd zelf in.").await?;
        let buttons = js_text(
            anna,
            "return Array.from(document.querySelectorAll('#assist-hints button'), function (b) { return b.textContent; }).join('|')",
        )
        .await?;
        assert!(buttons.contains("16") && !buttons.contains("Invullen"), "{buttons}");
        // The quote shows her message, with the keyboard.
        tab_to(anna, "#assist-hints button.assist-quote", false).await?;
        press(anna, Key::Enter, false).await?;
        wait_text(anna, "#transcript li.evidence", "ik ben 16 nee wacht 15").await?;
        // The age from the intake, said as such.
        has_text(anna, "#mine li", "bij de start ingevuld: 16 jaar").await?;
        has_text(anna, "#conv-h", "16 jaar (zelf ingevuld bij de start)").await?;
        axe(anna, "a corrected age as a hint").await?;
        picture(anna, "3-corrected-age-hint").await?;
        anna.find(Locator::Id("lang")).await?.click().await?;
        has_text(anna, "#assist-hints", "Victim's age: the visitor corrected an age:").await?;
        has_text(anna, "#assist-hints", "Fill in the age yourself.").await?;
        has_text(anna, "#mine li", "filled in at the start: 16 years").await?;
        axe(anna, "a corrected age as a hint, in English").await?;
        anna.find(Locator::Id("lang")).await?.click().await?;
        Ok(())
    })
    .await
}

/// The visible red "Gesprek beëindigen" buttons.
const RED: &str = "return Array.from(document.querySelectorAll('button.danger'), function (b) { return b; }) \
    .filter(function (b) { return b.getClientRects().length > 0 && b.textContent.indexOf('beëindigen') >= 0; }).length";

/// Finding 7: two identical red "Gesprek beëindigen" buttons while the end dialog was open. Now
/// only the dialog's; Escape (cancel) brings the reply row's back, with the focus on it.
#[tokio::test]
async fn one_end_button_while_the_end_dialog_is_open_in_chromium() -> R {
    phones_and_laptops("fix41-end", 1, 1, async |_, v, st, base| {
        let (visitor, anna) = (&v[0], &st[0]);
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take_by_keyboard(visitor, anna, base, "jaap").await?;
        // Finding 4: the "/" list has the formal goodbye beside the informal one.
        type_keys(anna, "/af").await?;
        has_text(anna, "#canned-list", "Afscheid (u, formeel)").await?;
        has_text(anna, "#canned-list", "Dank u wel voor uw vertrouwen.").await?;
        axe(anna, "standard texts with the formal goodbye").await?;
        picture(anna, "4-formal-goodbye").await?;
        press(anna, Key::Escape, false).await?;
        for _ in 0..3 {
            press(anna, Key::Backspace, false).await?;
        }
        assert_eq!(js_text(anna, RED).await?, "1");
        tab_to(anna, "#end-conv", false).await?;
        press(anna, Key::Enter, false).await?;
        wait_js(anna, "return !document.getElementById('end-confirm').hidden").await?;
        assert_eq!(js_text(anna, RED).await?, "1", "two red buttons with the dialog open");
        assert_eq!(js_text(anna, "return String(document.getElementById('end-conv').hidden)").await?, "true");
        axe(anna, "end dialog open, one end button").await?;
        picture(anna, "7-end-dialog-one-button").await?;
        press(anna, Key::Escape, false).await?;
        wait_js(
            anna,
            "return document.getElementById('end-confirm').hidden && !document.getElementById('end-conv').hidden \
             && document.activeElement.id === 'end-conv'",
        )
        .await?;
        assert_eq!(js_text(anna, RED).await?, "1");
        Ok(())
    })
    .await
}

/// Findings 10 and 11: the closed chats' summary names the referral; "haar" about the
/// registration is "de registratie"; AVIM is spelled out on screen and in a title; the panel's
/// English hint is natural English.
#[tokio::test]
async fn the_closed_summary_names_the_referral_and_words_are_plain_in_chromium() -> R {
    phones_and_laptops("fix41-words", 1, 1, async |_, v, st, base| {
        let (visitor, anna) = (&v[0], &st[0]);
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take_by_keyboard(visitor, anna, base, "sam").await?;
        visitor_says(visitor, anna, LOVERBOY).await?;
        wait_js(anna, "return !!document.querySelector('#assist h3')").await?;
        let avim = js_text(
            anna,
            "var i = document.querySelector('input[name=referral][value=police_avim]'); var l = i.closest('label'); \
             return l.textContent.replace(/\\s+/g, ' ').trim() + '|' + l.getAttribute('title')",
        )
        .await?;
        assert!(
            avim.contains("Politie / AVIM (AVIM: Afdeling Vreemdelingenpolitie, Identificatie en Mensenhandel)|AVIM: Afdeling Vreemdelingenpolitie, Identificatie en Mensenhandel"),
            "{avim}"
        );
        tab_to(anna, "input[name=referral][value=police_avim]", false).await?;
        press(anna, Key::Space, false).await?;
        tab_to(anna, "input[name=referral][value=kindertelefoon]", false).await?;
        press(anna, Key::Space, false).await?;
        picture(anna, "10-avim-spelled-out").await?;
        click(anna, "#end-conv").await?;
        wait_visible(anna, "end-confirm").await?;
        click(anna, "#end-yes").await?;
        wait_visible(anna, "close-conv").await?;
        click(anna, "#close-conv").await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        if js_text(anna, "return String(!document.getElementById('close-confirm').hidden)").await? == "true" {
            click(anna, "#close-anyway").await?;
        }
        click(anna, "#closed-box summary").await?;
        has_text(anna, "#closed-list", "verwezen naar Politie / AVIM, Kindertelefoon").await?;
        axe(anna, "closed list with the referral").await?;
        picture(anna, "11-closed-list-referral").await?;
        click(anna, "#closed-list button").await?;
        has_text(anna, "#reg-closed", "verbeter de registratie zo nodig").await?;
        let said = page_text(anna).await?;
        assert!(!said.contains("verbeter haar") && !said.contains("na te kijken en op te slaan") || said.contains("de registratie na te kijken"), "{said}");
        anna.find(Locator::Id("lang")).await?.click().await?;
        has_text(anna, "#closed-list", "referred to Police / AVIM, Kindertelefoon (child helpline)").await?;
        axe(anna, "closed list with the referral, in English").await?;
        anna.find(Locator::Id("lang")).await?.click().await?;
        Ok(())
    })
    .await
}

/// Finding 10: the panel's line in English is natural English.
#[tokio::test]
async fn the_panels_hint_is_natural_english_in_chromium() -> R {
    phones_and_laptops("fix41-tool", 1, 1, async |_, v, st, base| {
        let (visitor, anna) = (&v[0], &st[0]);
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take_by_keyboard(visitor, anna, base, "pim").await?;
        wait_js(anna, "return !!document.querySelector('#assist .hint')").await?;
        anna.find(Locator::Id("lang")).await?.click().await?;
        has_text(anna, "#assist .hint", "A tool: check the quoted words and decide yourself; nothing is filled in without your click.").await?;
        axe(anna, "panel in English").await?;
        Ok(())
    })
    .await
}

/// Finding 9: a suggestion stayed open with "Invullen / Afwijzen" after she set the same value
/// by hand. Now the card says "Staat al ingevuld" without those buttons, and has them again once
/// the field differs.
#[tokio::test]
async fn a_suggestion_set_by_hand_says_staat_al_ingevuld_in_chromium() -> R {
    phones_and_laptops("fix41-filled", 1, 1, async |_, v, st, base| {
        let (visitor, anna) = (&v[0], &st[0]);
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take_by_keyboard(visitor, anna, base, "roos").await?;
        visitor_says(visitor, anna, LOVERBOY).await?;
        let fill = "#assist-list button[aria-label='Invullen: Hulpvraag over mensenhandel: ja']";
        wait_js(anna, &format!("return !!document.querySelector(\"{fill}\")")).await?;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        click(anna, "input[name=trafficking][value=yes]").await?;
        has_text(anna, FLAG_CARD, "Staat al ingevuld: Hulpvraag over mensenhandel: ja.").await?;
        let visible = format!(
            "var b = document.querySelector(\"{fill}\"); return String(!!b && b.getClientRects().length > 0)"
        );
        assert_eq!(js_text(anna, &visible).await?, "false", "Invullen still offered");
        axe(anna, "a suggestion already filled in by hand").await?;
        picture(anna, "9-staat-al-ingevuld").await?;
        anna.find(Locator::Id("lang")).await?.click().await?;
        has_text(anna, FLAG_CARD, "Already filled in: Help request about human trafficking: yes.").await?;
        anna.find(Locator::Id("lang")).await?.click().await?;
        // Back to "nog niet bekend": the choice is hers again.
        click(anna, "input[name=trafficking][value='']").await?;
        wait_js(
            anna,
            &format!("var b = document.querySelector(\"{fill}\"); return !!b && b.getClientRects().length > 0 \
                && !document.querySelector('{FLAG_CARD} .assist-filled')"),
        )
        .await?;
        Ok(())
    })
    .await
}

/// How the chat column lies out: the transcript's height, whether anything in the column
/// scrolls as a whole (a second scrollbar), and whether "Gesprek beëindigen" is within the
/// window.
const LAYOUT: &str = "var t = document.getElementById('transcript'); var c = document.getElementById('conversation'); \
    var scrolls = []; for (var e = c; e && e !== document.body; e = e.parentElement) { \
      var st = getComputedStyle(e); if ((st.overflowY === 'auto' || st.overflowY === 'scroll') && e.scrollHeight > e.clientHeight + 1) { scrolls.push(e.id || e.className); } } \
    var end = document.getElementById('end-conv').getBoundingClientRect(); \
    return JSON.stringify({h: Math.round(t.getBoundingClientRect().height), inner: innerHeight, \
      scrolls: scrolls, endBottom: Math.round(end.bottom), col: [c.clientHeight, c.scrollHeight], \
      kids: Array.from(c.children, function (k) { return (k.id || k.className) + ':' + Math.round(k.getBoundingClientRect().height); }).join(' ')});";

/// Finding 6: at 1366x768 (about 625 px of page) the transcript shrank to about a line and the
/// column got a second scrollbar with the transfer panel open; "Gesprek beëindigen" fell below
/// the fold. Then the transfer panel scrolled within its own bounded area; since fix43 (finding 1:
/// the colleague list was cut off there) it takes the reply box's place, whole in view, and the
/// column does not scroll.
#[tokio::test]
async fn the_transcript_keeps_its_height_with_the_transfer_panel_open_in_chromium() -> R {
    phones_and_laptops("fix41-layout", 1, 1, async |_, v, st, base| {
        let (visitor, anna) = (&v[0], &st[0]);
        crate::console_walk::set_viewport(anna, 1366, 625).await?;
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take_by_keyboard(visitor, anna, base, "lisa").await?;
        for i in 0..6 {
            visitor_says(
                visitor,
                anna,
                &format!("bericht nummer {i} van de bezoeker"),
            )
            .await?;
        }
        tab_to(anna, "#transfer-open", true).await?;
        press(anna, Key::Enter, false).await?;
        wait_js(anna, "return document.getElementById('transfer-box').open").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let l: serde_json::Value = serde_json::from_str(&js_text(anna, LAYOUT).await?)?;
        let inner = l["inner"].as_f64().unwrap_or(0.0);
        assert!((600.0..=660.0).contains(&inner), "not a laptop's page: {l}");
        // Since fix43 (finding 1) the open panel takes the reply box's place instead of
        // scrolling in a small area of its own (the colleague list was cut off there): the
        // transcript keeps at least 150 px, the column does not scroll, the form is whole in
        // view and the end button comes back when the panel closes.
        assert!(
            l["h"].as_f64().unwrap_or(0.0) >= 150.0,
            "transcript too low: {l}"
        );
        assert_eq!(
            l["scrolls"],
            serde_json::json!([]),
            "the column scrolls as a whole: {l}"
        );
        let form = js_text(
            anna,
            "var b = document.getElementById('transfer').getBoundingClientRect(); var box = document.getElementById('transfer-box'); \
             return String(b.bottom <= innerHeight && box.scrollHeight <= box.clientHeight + 1)",
        )
        .await?;
        assert_eq!(form, "true", "the transfer form is cut off: {l}");
        // The transfer form is whole: its button can be reached.
        tab_to(anna, "#transfer", false).await?;
        axe(anna, "transfer panel open at 1366x625").await?;
        picture(anna, "6-transfer-open-1366").await?;
        Ok(())
    })
    .await
}

/// Finding 12: a visitor whose counsellor is busy elsewhere saw only "verstuurd". Now, when her
/// message has waited 30 s without a reply or typing, a calm line says "Je hulpverlener leest je
/// bericht zo."; it goes with the counsellor's reply. Her unsent draft is never stored on the
/// device (privacy by design for a shared phone).
#[tokio::test]
async fn a_visitor_waiting_for_a_reply_gets_a_calm_line_in_chromium() -> R {
    phones_and_laptops("fix41-quiet", 1, 1, async |_, v, st, base| {
        let (visitor, anna) = (&v[0], &st[0]);
        login(anna, base, "anna", "wachtwoord-anna-1").await?;
        take_by_keyboard(visitor, anna, base, "noa").await?;
        visitor_says(visitor, anna, "hallo is daar iemand").await?;
        let shown = "var q = document.getElementById('quiet'); return String(!q.hidden && q.getClientRects().length > 0)";
        assert_eq!(js_text(visitor, shown).await?, "false", "said before any wait");
        // A half-typed message stays in the box only.
        type_keys(visitor, "geheim concept").await?;
        tokio::time::sleep(Duration::from_secs(31)).await;
        has_text(visitor, "#quiet", "Je hulpverlener leest je bericht zo.").await?;
        let stored = js_text(
            visitor,
            "var all = ''; for (var i = 0; i < sessionStorage.length; i++) { all += sessionStorage.getItem(sessionStorage.key(i)); } \
             for (var j = 0; j < localStorage.length; j++) { all += localStorage.getItem(localStorage.key(j)); } \
             return String(all.indexOf('geheim concept') >= 0)",
        )
        .await?;
        assert_eq!(stored, "false", "the draft is stored on the device");
        axe(visitor, "visitor waiting for a reply").await?;
        picture(visitor, "12-visitor-calm-line").await?;
        visitor.find(Locator::Id("lang")).await?.click().await?;
        has_text(visitor, "#quiet", "Your counsellor will read your message soon.").await?;
        visitor.find(Locator::Id("lang")).await?.click().await?;
        type_keys(anna, "Ik ben er, ik lees mee.").await?;
        press(anna, Key::Enter, false).await?;
        wait_js(visitor, "return document.getElementById('quiet').hidden").await?;
        Ok(())
    })
    .await
}
