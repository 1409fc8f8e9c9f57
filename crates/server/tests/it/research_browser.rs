//! End to end in headless Chromium: a whole research year by two researchers, from upload to the final `cases.csv`.
//!
//! Two windows, ria and bram. Import a conversations file (a bad one first),
//! link two conversations (the evidence marked on both sides), code every
//! case (an impossible age refused beside the field, an undo, a suggestion
//! accepted and one rejected, one case excluded), bring a case to the
//! discussion and record its decision, double-code blind (neither sees the
//! final coding, the other's version or the agreement before both are done),
//! read the reliability table, adjudicate, export provisionally and finally,
//! and find every step in the logs; axe-core (WCAG 2.2 A/AA) on every state,
//! screenshots in `target/tmp/screenshots/research-*.png`. The pages are served by the research router
//! alone, behind the chat server's Content-Security-Policy; a test layer puts
//! in the signed-in researcher named by the cookie `zicht_test_who` (in
//! `zicht serve` the server's login does that; `research.rs` tests it). The
//! data are five conversations of the demo year 2022: one visitor who came
//! back (two conversations) and three others. Needs Debian's `chromium` and
//! `chromium-driver`; without them the test says why and passes as skipped
//! (unless `ZICHT_REQUIRE_CHROMIUM` is set, as in CI).

use std::collections::HashMap;

use axum::http::HeaderValue;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, Locator};
use zicht_codebook::Codebook;
use zicht_conversations::Conversation;
use zicht_research::assisted::SuggestFn;
use zicht_research::linking::LinkOptions;
use zicht_research::workspace::Workspace;
use zicht_server::research::{ResearchState, Researcher, router};

use crate::util::R;
use crate::web::{Chromium, axe, shot, wait_js};
/// The chat server's policy: scripts and styles from this origin only, nothing inline.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
     connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Assisted coding as `zicht serve` uses it.
fn assisted() -> R<SuggestFn> {
    let suggester = zicht_research::assisted::suggester(Codebook::embedded()?)?;
    Ok(zicht_research::assisted::suggest_fn(suggester))
}

/// Five 2022 conversations of the demo: a returning visitor's two and three single ones,
/// the first of which gets suggestions from assisted coding.
fn demo_sample() -> R<(Vec<Conversation>, (String, String))> {
    let demo = zicht_demo::generate(zicht_demo::DEFAULT_SEED)?;
    let of_2022: Vec<&Conversation> = demo
        .conversations
        .iter()
        .filter(|c| c.year() == Some(2022))
        .collect();
    let person = |c: &Conversation| -> String {
        c.extra
            .get("demo")
            .and_then(|d| d.get("case_id"))
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let mut count: HashMap<String, usize> = HashMap::new();
    for c in &of_2022 {
        *count.entry(person(c)).or_default() += 1;
    }
    let pair: Vec<&Conversation> = {
        let p = of_2022
            .iter()
            .find(|c| count.get(&person(c)) == Some(&2))
            .map(|c| person(c))
            .ok_or("no returning visitor in 2022")?;
        of_2022.iter().copied().filter(|c| person(c) == p).collect()
    };
    let suggests = assisted()?;
    let mut singles: Vec<&Conversation> = of_2022
        .iter()
        .copied()
        .filter(|c| count.get(&person(c)) == Some(&1))
        .filter(|c| !suggests(c).is_empty())
        .take(1)
        .collect();
    let first_single = singles
        .first()
        .map(|c| c.conversation_id.clone())
        .unwrap_or_default();
    let more: Vec<&Conversation> = of_2022
        .iter()
        .copied()
        .filter(|c| count.get(&person(c)) == Some(&1) && c.conversation_id != first_single)
        .take(2)
        .collect();
    singles.extend(more);
    if singles.len() < 3 {
        return Err("not enough single conversations".into());
    }
    let mut out: Vec<Conversation> = pair.iter().map(|c| (*c).clone()).collect();
    out.extend(singles.iter().map(|c| (*c).clone()));
    out.sort_by(|a, b| a.started_at.cmp(&b.started_at));
    let ids = (
        pair[0].conversation_id.clone(),
        pair[1].conversation_id.clone(),
    );
    Ok((out, ids))
}

async fn press(c: &Client, key: char) -> R {
    let keys = KeyActions::new("keyboard".to_string())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    c.perform_actions(keys).await?;
    Ok(())
}

/// Types `text` into the focused element with real key events, Shift held down for capitals.
async fn type_keys(c: &Client, text: &str) -> R {
    const SHIFT: char = '\u{E008}';
    let mut keys = KeyActions::new("keyboard".to_string());
    for ch in text.chars() {
        if ch.is_uppercase() {
            keys = keys
                .then(KeyAction::Down { value: SHIFT })
                .then(KeyAction::Down { value: ch })
                .then(KeyAction::Up { value: ch })
                .then(KeyAction::Up { value: SHIFT });
        } else {
            keys = keys
                .then(KeyAction::Down { value: ch })
                .then(KeyAction::Up { value: ch });
        }
    }
    c.perform_actions(keys).await?;
    Ok(())
}

/// Clicks an element (focusing it) and types into it.
async fn fill(c: &Client, css: &str, text: &str) -> R {
    c.find(Locator::Css(css)).await?.click().await?;
    type_keys(c, text).await
}

/// The text of the status line, waited for until it starts with `text`.
async fn status_says(c: &Client, text: &str) -> R {
    wait_js(
        c,
        &format!(
            "return document.getElementById('status').textContent.startsWith({})",
            serde_json::to_string(text)?
        ),
    )
    .await
}

/// Marks the final coding "klaar" with the mouse; when the page asks first
/// (agreed values not adopted, or almost nothing filled in), "Toch klaar".
async fn mark_final_done(c: &Client) -> R {
    c.find(Locator::Id("final-done")).await?.click().await?;
    wait_js(
        c,
        "const s = document.getElementById('status').textContent; return document.getElementById('final-done-dialog').open || s.startsWith('Gemarkeerd als klaar.') || s.startsWith('Als klaar gemarkeerd')",
    )
    .await?;
    if c.execute(
        "return document.getElementById('final-done-dialog').open",
        vec![],
    )
    .await?
    .as_bool()
        == Some(true)
    {
        c.find(Locator::Id("final-done-anyway"))
            .await?
            .click()
            .await?;
    }
    // Marked but not finished (a discussion open, say) is said as such.
    wait_js(
        c,
        "const s = document.getElementById('status').textContent; return s.startsWith('Gemarkeerd als klaar.') || s.startsWith('Als klaar gemarkeerd, maar nog niet klaar')",
    )
    .await
}

/// A screenshot and axe-core on the page as it is now.
async fn state(c: &Client, name: &str) -> R {
    shot(c, &format!("research-{name}")).await?;
    axe(c, name).await
}

/// Serves the research router behind the chat server's policy, the
/// researcher named by the cookie `zicht_test_who` signed in; the base URL.
async fn serve(state: ResearchState) -> R<String> {
    let app = router(state)
        .layer(axum::middleware::from_fn(
            |mut req: axum::extract::Request, next: axum::middleware::Next| async move {
                let name = req
                    .headers()
                    .get("cookie")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|c| {
                        c.split(';')
                            .find_map(|kv| kv.trim().strip_prefix("zicht_test_who="))
                    })
                    .unwrap_or("ria")
                    .to_string();
                req.extensions_mut().insert(Researcher {
                    name,
                    csrf: "csrf-token-for-the-test".into(),
                });
                next.run(req).await
            },
        ))
        .layer(axum::middleware::from_fn(
            |req: axum::extract::Request, next: axum::middleware::Next| async move {
                let mut res = next.run(req).await;
                res.headers_mut()
                    .insert("content-security-policy", HeaderValue::from_static(CSP));
                res
            },
        ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(base)
}

/// Both researchers' windows, each signed in by its cookie.
async fn windows(chromium: &Chromium, base: &str, test: &str) -> R<(Client, Client)> {
    let ria = chromium.window(&format!("{test}-ria"), 1400, 1000).await?;
    let bram = chromium.window(&format!("{test}-bram"), 1400, 1000).await?;
    for (c, name) in [(&ria, "ria"), (&bram, "bram")] {
        c.goto(&format!("{base}/research/static/research.css"))
            .await?;
        c.execute(
            &format!("document.cookie = 'zicht_test_who={name}; path=/'"),
            vec![],
        )
        .await?;
    }
    Ok((ria, bram))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_year_by_two_researchers_in_chromium() -> R {
    let Some(chromium) = Chromium::start().await? else {
        return Ok(());
    };
    let (sample, (first, second)) = demo_sample()?;
    let ws = Workspace::in_memory()?;
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("research-e2e");
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("conversations.jsonl");
    let mut buf = Vec::new();
    zicht_conversations::write_jsonl(&mut buf, &sample)?;
    std::fs::write(&file, &buf)?;
    let bad = dir.join("kapot.jsonl");
    let text = String::from_utf8(buf)?;
    let second_line_broken: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 1 {
                l.replacen("\"started_at\":", "\"begonnen\":", 1)
            } else {
                l.to_string()
            }
        })
        .collect();
    std::fs::write(&bad, second_line_broken.join("\n"))?;
    let book = Codebook::embedded()?;
    // Five conversations are too few for rarity weights: a low threshold.
    let options = LinkOptions {
        threshold: 0.0,
        ..LinkOptions::default()
    };
    let state = ResearchState::with_link_options(ws, book.clone(), Some(assisted()?), options)
        .with_accounts(&["bram", "ria"]);
    let base = serve(state).await?;
    let (ria, bram) = windows(&chromium, &base, "research").await?;
    let result = scenario(&ria, &bram, &base, &book, &first, &second, (&file, &bad)).await;
    let _ = ria.close().await;
    let _ = bram.close().await;
    result
}

async fn scenario(
    ria: &Client,
    bram: &Client,
    base: &str,
    book: &Codebook,
    first: &str,
    second: &str,
    (file, bad): (&std::path::Path, &std::path::Path),
) -> R {
    let c = ria;
    // 0. Import: a broken file is refused once, in Dutch, with line and field; the good one goes in.
    c.goto(&format!("{base}/research")).await?;
    state(c, "0-home-empty").await?;
    c.find(Locator::Id("to-import")).await?.click().await?;
    upload(c, bad).await?;
    wait_js(
        c,
        "return document.querySelector('#import-problems li') !== null",
    )
    .await?;
    let problem = c
        .find(Locator::Css("#import-problems li"))
        .await?
        .text()
        .await?;
    assert!(
        problem.starts_with("regel 2, veld started_at: ontbreekt"),
        "{problem}"
    );
    let summary = c.find(Locator::Id("import-summary")).await?.text().await?;
    assert!(
        !summary.contains("regel 2"),
        "the problem is listed once: {summary}"
    );
    wait_js(
        c,
        "return document.activeElement === document.getElementById('import-summary')",
    )
    .await?;
    state(c, "0-import-refused").await?;
    c.goto(&format!("{base}/research/import")).await?;
    upload(c, file).await?;
    wait_js(
        c,
        "return document.getElementById('import-summary').textContent.includes('5 gesprekken gelezen, 5 nieuw')",
    )
    .await?;
    state(c, "0-imported").await?;
    // On to the year from the import's answer (eighth walk, small point 1).
    c.find(Locator::Css(
        "#import-years a[href=\"/research/year/2022\"]",
    ))
    .await?
    .click()
    .await?;
    wait_js(c, "return location.pathname === '/research/year/2022'").await?;

    // 1. Link: the returning visitor's pair, decided with the keyboard; the
    // reasons' words are marked in both transcripts, the whole ones a click away.
    c.goto(&format!("{base}/research/year/2022/links")).await?;
    let pair_css = format!("article.pair[data-a=\"{first}\"][data-b=\"{second}\"]");
    c.find(Locator::Css(&pair_css)).await?;
    let q = pair_css.replace('\'', "\\'");
    let marks = c
        .execute(&format!("return Array.from(document.querySelectorAll('{q} .side')).map(s => s.querySelectorAll('mark').length)"), vec![])
        .await?;
    let marks: Vec<i64> = serde_json::from_value(marks)?;
    assert!(
        marks.len() == 2 && marks.iter().all(|&n| n > 0),
        "evidence marked on both sides: {marks:?}"
    );
    let score = c
        .find(Locator::Css(&format!("{pair_css} .score")))
        .await?
        .text()
        .await?;
    assert!(
        score.contains("aanwijzing dat dit dezelfde bezoeker is"),
        "{score}"
    );
    c.find(Locator::Css(&format!("{pair_css} details.whole summary")))
        .await?
        .click()
        .await?;
    wait_js(
        c,
        &format!("return document.querySelector('{q} details.whole').open"),
    )
    .await?;
    let index: i64 = c
        .execute(
            &format!("return Array.from(document.querySelectorAll('.item')).indexOf(document.querySelector('{q}'))"),
            vec![],
        )
        .await?
        .as_i64()
        .ok_or("no index")?;
    for _ in 0..=index {
        press(c, 'j').await?;
    }
    state(c, "1-links").await?;
    press(c, 'a').await?;
    wait_js(
        c,
        &format!("return document.querySelector('{q}').dataset.decided === 'linked'"),
    )
    .await?;
    // At once, without a reload (sixth walk, point 2): the card says it is
    // linked and in which case, and offers only "Ontkoppelen…".
    let card = c
        .find(Locator::Css(&format!("{pair_css} .state")))
        .await?
        .text()
        .await?;
    assert_eq!(card, format!("gekoppeld, in casus {first}"));
    let shown = c
        .execute(
            &format!("return Array.from(document.querySelectorAll('{q} .buttons button')).filter(b => b.offsetParent !== null).map(b => b.textContent)"),
            vec![],
        )
        .await?;
    assert_eq!(shown, serde_json::json!(["Ontkoppelen…"]));
    c.find(Locator::Css(&format!("{pair_css} button.unlink")))
        .await?
        .click()
        .await?;
    wait_js(
        c,
        "return document.activeElement.classList.contains('confirm-unlink')",
    )
    .await?;
    state(c, "1-linked-card-unlink-asks").await?;
    // Second thoughts: cancel, the pair stays linked.
    c.find(Locator::Css(&format!("{pair_css} button.cancel-unlink")))
        .await?
        .click()
        .await?;
    wait_js(
        c,
        &format!("return document.querySelector('{q} .confirm').hidden && document.activeElement.classList.contains('unlink')"),
    )
    .await?;

    // The year overview counts the link; four cases, all open; the export panel says so before any click.
    c.goto(&format!("{base}/research/year/2022")).await?;
    let steps = c.find(Locator::Css("ol.steps")).await?.text().await?;
    assert!(
        steps.contains("1 / 1") && steps.contains("5 gesprekken, 4 casussen"),
        "{steps}"
    );
    let open = c.find(Locator::Id("export-open")).await?.text().await?;
    assert!(open.starts_with("4 casussen zijn nog niet klaar"), "{open}");
    // The overview points to the proposed pairs still to decide (walk finding 10).
    assert!(
        steps.contains("voorgestelde paren nog te beoordelen"),
        "{steps}"
    );
    let dates = c.find(Locator::Css("table.cases")).await?.text().await?;
    assert!(
        !dates.contains("2022-") && dates.contains(" 2022"),
        "dates in words: {dates}"
    );
    assert!(
        c.find_all(Locator::Id("export")).await?.is_empty(),
        "no final export yet"
    );
    state(c, "1-year-open").await?;
    let case_links: Vec<String> = {
        let mut v = Vec::new();
        for a in c.find_all(Locator::Css("table.cases tbody a")).await? {
            v.push(a.text().await?);
        }
        v
    };
    assert_eq!(case_links.len(), 4, "{case_links:?}");

    // 1b. Linking by hand (third walk, finding 1): bram thinks two cases the
    // system does not pair are the same visitor. From the case page he finds
    // the other by its nickname, sees both side by side with what moves, and
    // confirms; ria undoes the link from the case page, after a confirmation.
    let (one, other) = (&case_links[2], &case_links[3]);
    let nick = bram
        .execute(
            &format!("return fetch('/research/case/{other}').then(r => r.text()).then(t => new DOMParser().parseFromString(t, 'text/html').querySelector('section.conversation h3').textContent.split(' · ')[1])"),
            vec![],
        )
        .await?;
    let nick = nick.as_str().ok_or("no nickname")?.to_string();
    bram.goto(&format!("{base}/research/case/{one}")).await?;
    bram.find(Locator::Css("#link-panel summary"))
        .await?
        .click()
        .await?;
    fill(bram, "#link-q", &nick).await?;
    press(bram, '\u{E007}').await?;
    let pick = format!("#link-hits a.pick[href$=\"b={other}\"]");
    wait_js(
        bram,
        &format!(
            "return document.querySelector('{}') !== null",
            pick.replace('\'', "\\'")
        ),
    )
    .await?;
    state(bram, "1b-link-search").await?;
    bram.find(Locator::Css(&pick)).await?.click().await?;
    wait_js(
        bram,
        "return document.querySelector('section.preview') !== null",
    )
    .await?;
    let preview = bram
        .find(Locator::Css("section.preview"))
        .await?
        .text()
        .await?;
    assert!(
        preview.contains("Na koppelen is dit één casus") && preview.contains("er gaat niets mee"),
        "{preview}"
    );
    state(bram, "1b-link-compare").await?;
    bram.find(Locator::Id("link-confirm"))
        .await?
        .click()
        .await?;
    wait_js(bram, "return location.search.startsWith('?merged=') && document.getElementById('merged') !== null").await?;
    let kept = bram
        .current_url()
        .await?
        .path()
        .trim_start_matches("/research/case/")
        .to_string();
    let linked = bram.find(Locator::Css("#case-links")).await?.text().await?;
    assert!(
        linked.contains("zijn gekoppeld") && linked.contains("bram"),
        "{linked}"
    );
    state(bram, "1b-linked").await?;
    c.goto(&format!("{base}/research/case/{kept}")).await?;
    wait_js(
        c,
        "return document.querySelector('#case-links button.unlink') !== null",
    )
    .await?;
    c.find(Locator::Css("#case-links button.unlink"))
        .await?
        .click()
        .await?;
    wait_js(
        c,
        "return document.activeElement.classList.contains('confirm-unlink')",
    )
    .await?;
    state(c, "1b-unlink-confirm").await?;
    press(c, '\u{E007}').await?;
    wait_js(c, "return document.getElementById('unlinked') !== null").await?;
    state(c, "1b-unlinked").await?;
    c.goto(&format!("{base}/research/year/2022")).await?;
    let steps = c.find(Locator::Css("ol.steps")).await?.text().await?;
    assert!(steps.contains("5 gesprekken, 4 casussen"), "{steps}");

    // 2. Code every case: the one with a suggestion accepts it with `a`.
    let mut accepted = None;
    for (k, id) in case_links.iter().enumerate() {
        c.goto(&format!("{base}/research/case/{id}")).await?;
        c.find(Locator::Id("form")).await?;
        if k == 0 {
            state(c, "2-case").await?;
            // An impossible age: the message beside the field, in Dutch, the field focused.
            fill(c, "#f-victim_age", "150").await?;
            press(c, '\u{E004}').await?; // Tab: the change is sent
            wait_js(c, "return !document.getElementById('e-victim_age').hidden").await?;
            let message = c.find(Locator::Id("e-victim_age")).await?.text().await?;
            assert!(message.contains("Leeftijd slachtoffer: „150” kan niet, verwacht een geheel getal van 0 tot en met 110"), "{message}");
            wait_js(c, "return document.activeElement.id === 'f-victim_age'").await?;
            state(c, "2-age-refused").await?;
            c.find(Locator::Id("f-victim_age")).await?.clear().await?;
            fill(c, "#f-victim_age", "15").await?;
            press(c, '\u{E004}').await?;
            wait_js(c, "return document.getElementById('e-victim_age').hidden && document.getElementById('undo') !== null").await?;
            status_says(c, "Opgeslagen.").await?;
            // Undo: the last change goes back, the form shows it.
            c.find(Locator::Id("undo")).await?.click().await?;
            wait_js(
                c,
                "return document.getElementById('f-victim_age').value === ''",
            )
            .await?;
            status_says(c, "Ongedaan gemaakt: Leeftijd slachtoffer").await?;
            state(c, "2-undone").await?;
        }
        let has_suggestion = !c.find_all(Locator::Css("li.suggestion")).await?.is_empty();
        let pick = "return Array.from(document.querySelectorAll('li.suggestion')).findIndex(li => { \
             const f = document.getElementById('f-' + li.dataset.var); \
             return f && f.type !== 'checkbox' && !document.getElementById('w-' + li.dataset.var).dataset.condVar; })";
        let index = c.execute(pick, vec![]).await?.as_i64().unwrap_or(-1);
        if has_suggestion && accepted.is_none() && index >= 0 {
            let li = format!("document.querySelectorAll('li.suggestion')[{index}]");
            let text = |v: serde_json::Value| v.as_str().unwrap_or_default().to_string();
            let var = text(
                c.execute(&format!("return {li}.dataset.var"), vec![])
                    .await?,
            );
            let value = text(
                c.execute(&format!("return {li}.dataset.value"), vec![])
                    .await?,
            );
            // A stray `a` before any suggestion is chosen decides nothing (third walk, finding 2).
            let count_decided = "return document.querySelectorAll('li.suggestion[data-state=\"accepted\"], li.suggestion[data-state=\"rejected\"]').length";
            let before = c.execute(count_decided, vec![]).await?;
            c.execute("document.activeElement.blur()", vec![]).await?;
            press(c, 'a').await?;
            press(c, 'r').await?;
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            assert_eq!(before, c.execute(count_decided, vec![]).await?);
            for _ in 0..=index {
                press(c, 'j').await?;
            }
            // `a` only puts the focus on the accept button; Enter accepts.
            press(c, 'a').await?;
            wait_js(
                c,
                &format!("return document.activeElement === {li}.querySelector('button.accept')"),
            )
            .await?;
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            assert_eq!(before, c.execute(count_decided, vec![]).await?);
            press(c, '\u{E007}').await?; // Enter
            wait_js(
                c,
                &format!("return document.getElementById('f-{var}').value === '{value}'"),
            )
            .await?;
            wait_js(c, &format!("return {li}.dataset.state === 'accepted'")).await?;
            // Accepted looks accepted, and can be taken back (walk finding 12).
            let state_text = c
                .execute(
                    &format!("return {li}.querySelector('.state-text').textContent"),
                    vec![],
                )
                .await?;
            assert_eq!(state_text.as_str(), Some("✓ geaccepteerd"));
            c.find(Locator::Id("undo")).await?;
            // Its evidence links to the sentence in the transcript, marked.
            let evidence = format!("{li}.querySelector('a.evidence')");
            if c.execute(&format!("return {evidence} !== null"), vec![])
                .await?
                .as_bool()
                == Some(true)
            {
                c.execute(&format!("{evidence}.focus()"), vec![]).await?;
                press(c, '\u{E007}').await?; // Enter
                wait_js(
                    c,
                    "return document.querySelector('li.current-message mark.current') !== null",
                )
                .await?;
                state(c, "2-evidence").await?;
            }
            // Reject the next one (r, then Enter): its buttons keep their contrast (axe).
            press(c, 'r').await?;
            press(c, '\u{E007}').await?;
            state(c, "2-suggestions-decided").await?;
            // Accepted with the mouse: the page does not jump, the suggestion
            // keeps its place and the focus (sixth walk, point 6).
            let by_mouse = "Array.from(document.querySelectorAll('li.suggestion')).find(li => !li.dataset.state && ['time_since', 'duration', 'multiple_perpetrators', 'multiple_victims'].includes(li.dataset.var))";
            if c.execute(&format!("return {by_mouse} !== undefined"), vec![])
                .await?
                .as_bool()
                == Some(true)
            {
                c.execute(
                    &format!("const li = {by_mouse}; li.id = 'by-mouse'; li.scrollIntoView({{block: 'center'}});"),
                    vec![],
                )
                .await?;
                let where_ = "const li = document.getElementById('by-mouse'); return [window.scrollY, Math.round(li.getBoundingClientRect().top)]";
                let before = c.execute(where_, vec![]).await?;
                c.find(Locator::Css("#by-mouse button.accept"))
                    .await?
                    .click()
                    .await?;
                wait_js(
                    c,
                    "return document.getElementById('by-mouse').dataset.state === 'accepted'",
                )
                .await?;
                status_says(c, "Suggestie geaccepteerd.").await?;
                let after = c.execute(where_, vec![]).await?;
                let top = |v: &serde_json::Value| v[1].as_i64().unwrap_or(i64::MIN);
                assert!(
                    (top(&before) - top(&after)).abs() <= 2,
                    "the suggestion moved: {before} -> {after}"
                );
                wait_js(
                    c,
                    "return document.getElementById('by-mouse').contains(document.activeElement)",
                )
                .await?;
                state(c, "2-suggestion-by-mouse").await?;
            }
            accepted = Some((id.clone(), var, value));
        }
        // A conditional field appears only when its condition holds; until then it says why not.
        if c.execute(
            "return document.getElementById('f-perpetrator').value !== ''",
            vec![],
        )
        .await?
        .as_bool()
            == Some(true)
        {
            c.find(Locator::Id("f-perpetrator"))
                .await?
                .select_by_value("")
                .await?;
            wait_js(
                c,
                "return document.getElementById('w-perpetrator_family').hidden",
            )
            .await?;
        }
        let na = c
            .find(Locator::Id("na-perpetrator_family"))
            .await?
            .text()
            .await?;
        assert!(
            na.contains(
                "niet van toepassing, want dit geldt alleen als relatie pleger „Familielid” is"
            ),
            "{na}"
        );
        c.find(Locator::Id("f-perpetrator"))
            .await?
            .select_by_value("family")
            .await?;
        wait_js(c, "return !document.getElementById('w-perpetrator_family').hidden && document.getElementById('na-perpetrator_family').hidden").await?;
        if k == 0 {
            // Family without the family relation the codebook then asks: not
            // finished, and the way to say "unknown" beside the field (sixth
            // walk, point 5).
            status_says(c, "Opgeslagen.").await?;
            c.find(Locator::Id("f-status"))
                .await?
                .select_by_value("included")
                .await?;
            wait_js(c, "return document.getElementById('case-finished').textContent.includes('vul familierelatie pleger in')").await?;
            let unknown = c
                .find(Locator::Css("#w-perpetrator_family button.follow-up"))
                .await?;
            assert!(unknown.is_displayed().await?);
            assert_eq!(unknown.text().await?, "Onbekend (niet genoemd)");
            state(c, "2-follow-up-open").await?;
        }
        c.find(Locator::Id("f-perpetrator_family"))
            .await?
            .select_by_value("mother")
            .await?;
        let exclude = Some(id) == case_links.last();
        c.find(Locator::Id("f-status"))
            .await?
            .select_by_value(if exclude { "excluded" } else { "included" })
            .await?;
        status_says(c, "Opgeslagen.").await?;
        if !exclude {
            // Included: finished only once the coding is marked "klaar" (sixth walk, finding 1).
            // (Waited for: the status line may still say the previous change's "Opgeslagen.")
            wait_js(
                c,
                "return document.getElementById('case-finished').textContent.includes('nog niet als klaar gemarkeerd')",
            )
            .await?;
            c.execute(
                "document.getElementById('final-done').scrollIntoView({block: 'center'})",
                vec![],
            )
            .await?;
            mark_final_done(c).await?;
            wait_js(
                c,
                "return document.getElementById('case-finished').className === 'ok'",
            )
            .await?;
            if k == 0 {
                state(c, "2-final-marked").await?;
            }
        }
        if exclude {
            wait_js(
                c,
                "return !document.getElementById('w-exclusion_reason').hidden",
            )
            .await?;
            c.find(Locator::Id("f-exclusion_reason"))
                .await?
                .select_by_value("other")
                .await?;
            status_says(c, "Opgeslagen.").await?;
        }
        if exclude {
            // Excluded: only the status and its reason are left in the form,
            // with the way back (third walk, finding 7).
            wait_js(c, "return !document.getElementById('excluded-note').hidden && document.getElementById('w-perpetrator').offsetParent === null && document.getElementById('w-exclusion_reason').offsetParent !== null").await?;
            // The suggestions for the status and its reason stay in view, the
            // others go (sixth walk: excluding by hand hid them all).
            let shown = c
                .execute(
                    "const all = Array.from(document.querySelectorAll('li.suggestion')); \
                     const keep = all.filter((l) => l.dataset.var === 'status' || l.dataset.var === 'exclusion_reason'); \
                     return [keep.length, keep.filter((l) => l.offsetParent !== null).length, \
                             all.length - keep.length, all.filter((l) => !keep.includes(l) && l.offsetParent !== null).length];",
                    vec![],
                )
                .await?;
            let n: Vec<u64> = serde_json::from_value(shown)?;
            assert!(n[0] > 0, "a status suggestion on the excluded case: {n:?}");
            assert_eq!(n[1], n[0], "status suggestions stay in view: {n:?}");
            assert_eq!(n[3], 0, "other suggestions are hidden: {n:?}");
            state(c, "2-excluded").await?;
        } else {
            c.execute(
                "document.querySelector('#w-perpetrator details.def summary').scrollIntoView({block: 'center'})",
                vec![],
            )
            .await?;
            c.find(Locator::Css("#w-perpetrator details.def summary"))
                .await?
                .click()
                .await?;
            wait_js(
                c,
                "return document.querySelector('#w-perpetrator details.def').open",
            )
            .await?;
        }
        if k == 1 {
            // Deliberation: a doubtful case goes to the discussion with a question.
            c.execute(
                "document.querySelector('#discussion summary').scrollIntoView({block: 'center'})",
                vec![],
            )
            .await?;
            c.find(Locator::Css("#discussion summary"))
                .await?
                .click()
                .await?;
            fill(c, "#discuss-text", "Is de moeder pleger of getuige?").await?;
            c.find(Locator::Css("#discuss button[type=submit]"))
                .await?
                .click()
                .await?;
            wait_js(c, "return document.querySelector('#discuss') && document.querySelector('#discuss').dataset.kind === 'decide'").await?;
            state(c, "2-discussion-asked").await?;
        }
    }
    let (coded, _var, _value) = accepted.ok_or("no case had a suggestion")?;

    // The discussion list; bram records the decision.
    bram.goto(&format!("{base}/research/year/2022/discussion"))
        .await?;
    let list = bram
        .find(Locator::Id("open-discussions"))
        .await?
        .text()
        .await?;
    assert!(
        list.contains("Is de moeder pleger of getuige?") && list.contains("ria"),
        "{list}"
    );
    state(bram, "3-discussion-list").await?;
    bram.find(Locator::Css("#open-discussions a"))
        .await?
        .click()
        .await?;
    fill(bram, "#discuss-text", "Pleger: zij regelt de klanten.").await?;
    bram.find(Locator::Css("#discuss button[type=submit]"))
        .await?
        .click()
        .await?;
    wait_js(bram, "return document.querySelector('#discussion ul.discussions') && document.querySelector('#discussion ul.discussions').textContent.includes('Besluit: Pleger: zij regelt de klanten. (bram')").await?;
    // No jump to the top: the discussion keeps the focus, open, and the status line says what happened (sixth walk, point 6).
    status_says(bram, "Besluit vastgelegd.").await?;
    wait_js(
        bram,
        "const d = document.getElementById('discussion'); return document.activeElement === d && d.open && window.scrollY > 0",
    )
    .await?;
    state(bram, "3-discussion-decided").await?;

    // The overview: one excluded, three included and coded; the final export is offered.
    c.goto(&format!("{base}/research/year/2022")).await?;
    let steps = c.find(Locator::Css("ol.steps")).await?.text().await?;
    assert!(
        steps.contains("1\ngeëxcludeerd, 3 geïncludeerd, 0 nog te beoordelen")
            || steps.contains("1 geëxcludeerd, 3 geïncludeerd, 0 nog te beoordelen"),
        "{steps}"
    );
    assert!(steps.contains("3 / 3"), "{steps}");
    c.find(Locator::Id("export")).await?;
    state(c, "3-year-ready").await?;
    // The case list: filter by status with the keyboard-operable form.
    c.find(Locator::Id("filter-status"))
        .await?
        .select_by_value("excluded")
        .await?;
    c.find(Locator::Css("#filters button[type=submit]"))
        .await?
        .click()
        .await?;
    wait_js(
        c,
        "return document.getElementById('case-count').textContent.startsWith('1 van 4')",
    )
    .await?;
    state(c, "3-year-filtered").await?;
    // Search finds a nickname (walk finding 9), typed and sent with Enter.
    c.goto(&format!("{base}/research/year/2022")).await?;
    let nickname = c
        .execute(
            &format!("return fetch('/research/case/{first}').then(r => r.text()).then(t => new DOMParser().parseFromString(t, 'text/html').querySelector('section.conversation h3').textContent.split(' · ')[1])"),
            vec![],
        )
        .await?;
    let nickname = nickname.as_str().ok_or("no nickname")?.to_string();
    fill(c, "#filter-q", &nickname).await?;
    press(c, '\u{E007}').await?;
    wait_js(
        c,
        &format!("return location.search.includes('q=') && document.querySelector('table.cases a[href=\"/research/case/{first}\"]') !== null"),
    )
    .await?;
    state(c, "3-year-search").await?;

    // 4. Double coding, blind: every included case to ria and bram (existing
    // accounts only); the excluded case is not drawn (sixth walk, point 1).
    c.goto(&format!("{base}/research/year/2022")).await?;
    let pool = c.find(Locator::Id("pool")).await?.text().await?;
    assert!(
        pool.starts_with("De steekproef komt alleen uit casussen met status geïncludeerd")
            && pool.contains("nu 3 casussen beschikbaar."),
        "{pool}"
    );
    let share = c.find(Locator::Id("share")).await?;
    share.clear().await?;
    fill(c, "#share", "100").await?;
    c.find(Locator::Id("coder_a"))
        .await?
        .select_by_value("ria")
        .await?;
    c.find(Locator::Id("coder_b"))
        .await?
        .select_by_value("ria")
        .await?;
    c.find(Locator::Css("#assign button[type=submit]"))
        .await?
        .click()
        .await?;
    wait_js(c, "return document.getElementById('e-coder_b') && !document.getElementById('e-coder_b').hidden && document.activeElement.id === 'coder_b'").await?;
    state(c, "4-assign-refused").await?;
    c.find(Locator::Id("coder_b"))
        .await?
        .select_by_value("bram")
        .await?;
    c.find(Locator::Css("#assign button[type=submit]"))
        .await?
        .click()
        .await?;
    wait_js(c, "return document.querySelectorAll('a.mine').length === 3").await?;
    state(c, "4-assigned").await?;
    for (w, coder, differ) in [(ria, "ria", false), (bram, "bram", true)] {
        w.goto(&format!("{base}/research/year/2022")).await?;
        let mut mine = Vec::new();
        for a in w.find_all(Locator::Css("a.mine")).await? {
            mine.push(a.attr("href").await?.ok_or("href")?);
        }
        assert_eq!(mine.len(), 3, "{coder}: {mine:?}");
        for (k, href) in mine.iter().enumerate() {
            assert!(href.ends_with(&format!("?v={coder}")), "{href}");
            if k == 0 && coder == "bram" {
                // From the case list too, a coder lands in their own version (walk finding 6).
                let case = href.trim_end_matches("?v=bram");
                w.find(Locator::Css(&format!("table.cases a[href^=\"{case}\"]")))
                    .await?
                    .click()
                    .await?;
                wait_js(w, "return location.search === '?v=bram'").await?;
            } else {
                w.goto(&format!("{base}{href}")).await?;
            }
            let relation = if differ && k == 0 {
                "partner"
            } else {
                "family"
            };
            for (field, value) in [("f-perpetrator", relation), ("f-language", "nl")] {
                w.find(Locator::Id(field))
                    .await?
                    .select_by_value(value)
                    .await?;
                status_says(w, "Opgeslagen.").await?;
                w.execute("document.getElementById('status').textContent = ''", vec![])
                    .await?;
            }
            if differ && k == 0 {
                // Empty against a value: a difference to adjudicate.
                w.find(Locator::Id("f-acutely_unsafe"))
                    .await?
                    .select_by_value("1")
                    .await?;
                status_says(w, "Opgeslagen.").await?;
            }
            if k == 0 {
                state(w, &format!("4-blind-{coder}")).await?;
            }
            // Blind: neither the final coding, nor the other's version, nor the agreement.
            if coder == "ria" && k == 0 {
                let case = href
                    .trim_start_matches("/research/case/")
                    .trim_end_matches("?v=ria");
                for path in [
                    format!("/research/case/{case}"),
                    format!("/research/case/{case}?v=bram"),
                    "/research/year/2022/agreement".to_string(),
                ] {
                    w.goto(&format!("{base}{path}")).await?;
                    let text = w.find(Locator::Css("main")).await?.text().await?;
                    assert!(
                        text.contains("blind") && !text.contains("{\""),
                        "{path}: {text}"
                    );
                    state(w, "4-blind-refused").await?;
                }
                // Never a dead end: the refusal leads to her own version.
                w.goto(&format!("{base}/research/case/{case}?v=bram"))
                    .await?;
                w.find(Locator::Id("next")).await?.click().await?;
                wait_js(w, "return location.search === '?v=ria'").await?;
                w.goto(&format!("{base}{href}")).await?;
            }
            if coder == "bram" && k + 1 == mine.len() {
                // A blind coder cannot set the status: "hoort hier niet" goes
                // to the discussion, where ria sees it at once.
                fill(w, "#off-topic-note", "Gaat vooral over pesten.").await?;
                w.find(Locator::Id("off-topic")).await?.click().await?;
                wait_js(
                    w,
                    "return document.getElementById('off-topic-waits') !== null",
                )
                .await?;
                state(w, "4-blind-off-topic").await?;
            }
            // Clear of the sticky bar.
            w.execute(
                "document.getElementById('done').scrollIntoView({block: 'center'})",
                vec![],
            )
            .await?;
            w.find(Locator::Id("done")).await?.click().await?;
            // Almost nothing filled in: a dialog asks first (sixth walk,
            // point 6); a follow-up question left open is asked about before
            // that (tenth walk, finding 7: the family relation once the
            // perpetrator is family).
            wait_js(w, "return document.getElementById('done-dialog').open").await?;
            let question = w.find(Locator::Id("done-dialog-q")).await?.text().await?;
            assert!(
                (question.starts_with("Nog ") && question.ends_with(" velden leeg — toch klaar?"))
                    || question.starts_with("Vervolgvraag nog open: Familierelatie pleger."),
                "{question}"
            );
            if k == 0 && coder == "ria" {
                state(w, "4-done-asks").await?;
                // Escape goes back to the form, nothing marked.
                press(w, '\u{E00C}').await?;
                wait_js(w, "return !document.getElementById('done-dialog').open && document.activeElement.id === 'done'").await?;
                press(w, '\u{E007}').await?;
                wait_js(w, "return document.getElementById('done-dialog').open").await?;
            }
            w.find(Locator::Id("done-anyway")).await?.click().await?;
            status_says(w, "Gemarkeerd als klaar.").await?;
            // Visible where the button was, focused, with the next case (walk finding 8).
            wait_js(w, "return document.activeElement.id === 'done-state' && document.getElementById('done-state').textContent.startsWith('Gemarkeerd als klaar.')").await?;
            if k + 1 < mine.len() {
                let next = w.find(Locator::Id("next-case")).await?.attr("href").await?;
                assert!(next.is_some_and(|n| n.ends_with(&format!("?v={coder}"))));
            }
            if k == 0 {
                // Done is done: the coding is locked (second walk, finding 2),
                // and the way back is there at once (fourth walk, finding 4c).
                wait_js(w, "return document.getElementById('f-language').disabled").await?;
                wait_js(
                    w,
                    "return document.getElementById('reopen-coding') !== null",
                )
                .await?;
                state(w, &format!("4-done-{coder}")).await?;
            }
        }
        if coder == "ria" {
            // ria is done, bram is not: still blind, no agreement yet.
            w.goto(&format!("{base}/research/year/2022/agreement"))
                .await?;
            let text = w.find(Locator::Css("main")).await?.text().await?;
            assert!(
                text.contains("Nog geen casussen die beide codeurs klaar hebben"),
                "{text}"
            );
        }
    }

    // The flag waits in the discussion list; ria records the decision.
    c.goto(&format!("{base}/research/year/2022/discussion"))
        .await?;
    let open = c
        .find(Locator::Id("open-discussions"))
        .await?
        .text()
        .await?;
    assert!(
        open.contains(
            "Hoort hier niet (lijkt geen mensenhandel / off-topic): Gaat vooral over pesten."
        ),
        "{open}"
    );
    state(c, "4-off-topic-listed").await?;
    c.find(Locator::Css("#open-discussions a"))
        .await?
        .click()
        .await?;
    let waits = c.find(Locator::Id("case-finished")).await?.text().await?;
    assert!(waits.contains("wacht op overleg"), "{waits}");
    fill(c, "#discuss-text", "Wel mensenhandel: blijft geïncludeerd.").await?;
    c.find(Locator::Css("#discuss button[type=submit]"))
        .await?
        .click()
        .await?;
    wait_js(c, "return document.querySelector('#discussion ul.discussions') && document.querySelector('#discussion ul.discussions').textContent.includes('Besluit: Wel mensenhandel')").await?;

    // 5. The reliability table, now that both are done: only coded variables, three cases.
    c.goto(&format!("{base}/research/year/2022/agreement"))
        .await?;
    let table = c
        .find(Locator::Css("table.reliability"))
        .await?
        .text()
        .await?;
    assert!(
        table.contains("3 casussen") && table.contains("kappa") && table.contains("alpha"),
        "{table}"
    );
    assert!(
        !table.contains("Kanaal"),
        "derived columns are not compared: {table}"
    );
    // Three cases are too few for a kappa: a warning, not bare numbers (third walk, finding 4).
    let few = c.find(Locator::Id("too-few")).await?.text().await?;
    assert!(
        few.starts_with("Te weinig casussen voor een betrouwbare kappa"),
        "{few}"
    );
    assert!(!table.contains("0,00"), "{table}");
    let relation_row = c
        .find(Locator::XPath(
            "//table[@class='reliability']//th[@title='perpetrator']/..",
        ))
        .await?
        .text()
        .await?;
    assert!(
        relation_row.contains("66,7"),
        "2 of 3 agree: {relation_row}"
    );
    let explain = c.find(Locator::Css("p.explain")).await?.text().await?;
    assert!(
        explain.contains("Landis & Koch") && explain.contains("0,667"),
        "{explain}"
    );
    let counted = c
        .find(Locator::Id("difference-count"))
        .await?
        .text()
        .await?;
    assert!(
        counted.starts_with("1 casus met verschillen, 2 verschillen"),
        "{counted}"
    );
    state(c, "5-agreement").await?;
    let differences = c.find_all(Locator::Css("ul.disagreements > li")).await?;
    assert_eq!(differences.len(), 1);
    let names = differences[0].text().await?;
    assert!(
        names.contains("ria = ") && names.contains("bram = "),
        "{names}"
    );
    // Adjudication: on the case, adopt what both coders agree on (the language).
    differences[0]
        .find(Locator::Css("a"))
        .await?
        .click()
        .await?;
    c.find(Locator::Css(".coders.differ")).await?;
    // Finishing took nothing over (seventh walk, point 3): the adjudicator
    // adopts what both agree on (the language), as ria's own change.
    wait_js(c, "return document.getElementById('adopt') !== null && document.getElementById('f-language').value === ''").await?;
    state(c, "5-to-adopt").await?;
    // Now there is something to adopt: the button says how much, the status line what happened.
    let adopt = c.find(Locator::Id("adopt")).await?.text().await?;
    assert!(
        adopt.starts_with("Neem 1 waarde over waarover beide codeurs het eens zijn (Taal)"),
        "{adopt}"
    );
    c.execute(
        "document.getElementById('adopt').scrollIntoView({block: 'center'}); document.getElementById('adopt').focus()",
        vec![],
    )
    .await?;
    press(c, '\u{E007}').await?;
    status_says(c, "1 waarde overgenomen.").await?;
    wait_js(c, "return document.getElementById('f-language').value === 'nl' && document.getElementById('adopt') === null").await?;
    state(c, "5-adopted").await?;
    // The take-over is ria's: bram sees whose it is, no button (fifth walk, finding 1).
    let here = c.current_url().await?;
    bram.goto(here.as_str()).await?;
    assert!(bram.find_all(Locator::Id("undo")).await?.is_empty());
    let other = bram.find(Locator::Id("undo-other")).await?.text().await?;
    assert!(other.contains("ria"), "{other}");
    state(bram, "5-undo-other").await?;
    let adjudicated = c.current_url().await?;
    let adjudicated = adjudicated
        .path()
        .trim_start_matches("/research/case/")
        .to_string();
    // Empty against a value is still open: the case is not finished (walk finding 2).
    c.goto(&format!("{base}/research/year/2022")).await?;
    // The double-coded cases lost the "klaar" of their final coding when
    // they were drawn (seventh walk, new finding 1): marked anew after
    // adjudication.
    let open = c.find(Locator::Id("export-open")).await?.text().await?;
    assert!(open.starts_with("3 casussen zijn nog niet klaar"), "{open}");
    let mut to_mark = Vec::new();
    for a in c
        .find_all(Locator::Css(
            "details.open-group a[href^=\"/research/case/\"]",
        ))
        .await?
    {
        to_mark.push(a.attr("href").await?.ok_or("href")?);
    }
    to_mark.sort();
    to_mark.dedup();
    assert_eq!(to_mark.len(), 3, "{to_mark:?}");
    c.find(Locator::Css(&format!(
        "details.open-group a[href=\"/research/case/{adjudicated}\"]"
    )))
    .await?
    .click()
    .await?;
    c.find(Locator::Id("unsettled")).await?;
    let leave = c
        .find(Locator::Css(
            "button.leave-empty[data-leave=\"acutely_unsafe\"]",
        ))
        .await?;
    c.execute(
        "document.querySelector('button.leave-empty[data-leave=acutely_unsafe]').scrollIntoView({block: 'center'}); document.querySelector('button.leave-empty[data-leave=acutely_unsafe]').focus()",
        vec![],
    )
    .await?;
    press(c, '\u{E007}').await?;
    status_says(c, "Leeg gelaten (onbekend)").await?;
    drop(leave);
    // The relation the final coding had before the double coding settles
    // nothing unseen (seventh walk, new finding 1): kept on purpose.
    let keep = "button.keep-final[data-confirm=perpetrator]";
    c.execute(
        &format!("document.querySelector('{keep}').scrollIntoView({{block: 'center'}})"),
        vec![],
    )
    .await?;
    c.find(Locator::Css(keep)).await?.click().await?;
    status_says(c, "Beslecht: de waarde blijft zo.").await?;
    wait_js(c, "return document.querySelector('#unsettled') === null || document.querySelector('#unsettled li') === null").await?;
    state(c, "5-adjudicated").await?;
    for href in &to_mark {
        c.goto(&format!("{base}{href}")).await?;
        c.execute(
            "document.getElementById('final-done').scrollIntoView({block: 'center'})",
            vec![],
        )
        .await?;
        mark_final_done(c).await?;
    }

    // 6. Export: provisional and final, both valid against the codebook.
    c.goto(&format!("{base}/research/year/2022")).await?;
    let fetch = |url: &str| {
        format!(
            "const done = arguments[arguments.length - 1];\
             fetch('{url}').then(r => r.text()).then(done);"
        )
    };
    let csv = c
        .execute_async(&fetch("/research/year/2022/cases.csv"), vec![])
        .await?;
    let csv = csv.as_str().ok_or("no csv")?.to_string();
    let table = zicht_cases::read_reader(csv.as_bytes(), "cases.csv", book)?;
    assert_eq!(table.len(), 4, "{csv}");
    let id_col = table.index("case_id").ok_or("case_id")?;
    let n_col = table.index("n_conversations").ok_or("n_conversations")?;
    let rows: HashMap<String, usize> = (0..table.len())
        .filter_map(|r| table.text(id_col, r).map(|id| (id.to_string(), r)))
        .collect();
    let linked = rows.get(first).ok_or("the linked case is missing")?;
    assert_eq!(table.column(n_col)[*linked], 2);
    let language_col = table.index("language").ok_or("language")?;
    let row = rows.get(&adjudicated).ok_or("the adjudicated case")?;
    assert_eq!(table.raw(book, language_col, *row), "nl", "{csv}");
    // A case reopened (status cleared, then undone) shows the provisional export in between.
    c.goto(&format!("{base}/research/case/{coded}")).await?;
    c.find(Locator::Id("f-status"))
        .await?
        .select_by_value("")
        .await?;
    status_says(c, "Opgeslagen.").await?;
    c.goto(&format!("{base}/research/year/2022")).await?;
    let open = c.find(Locator::Id("export-open")).await?.text().await?;
    assert!(open.starts_with("1 casus is nog niet klaar"), "{open}");
    let href = c
        .find(Locator::Css("ul.open-cases a"))
        .await?
        .attr("href")
        .await?;
    assert_eq!(
        href.as_deref(),
        Some(format!("/research/case/{coded}").as_str())
    );
    state(c, "6-export-provisional").await?;
    // The final export made before is confirmed from the year's log, with
    // who and when (seventh walk, point 5).
    let made = c.find(Locator::Id("export-made")).await?.text().await?;
    assert!(
        made.starts_with("Definitieve export (cases.csv, 4 casussen) gemaakt op ")
            && made.contains(" door ria."),
        "{made}"
    );
    // A provisional export started with the mouse: confirmed on the page.
    c.find(Locator::Id("export-provisional"))
        .await?
        .click()
        .await?;
    wait_js(
        c,
        "return document.getElementById('export-made').textContent.includes('Voorlopige export (cases.csv, 3 klare casussen) gemaakt op ')",
    )
    .await?;
    state(c, "6-export-made").await?;
    c.refresh().await?;
    let made = c.find(Locator::Id("export-made")).await?.text().await?;
    assert!(
        made.contains("Voorlopige export (cases.csv, 3 klare casussen) gemaakt op ")
            && made.contains(" door ria."),
        "after a reload too: {made}"
    );
    let provisional = c
        .execute_async(&fetch("/research/year/2022/cases.csv?voorlopig=1"), vec![])
        .await?;
    let provisional = zicht_cases::read_reader(
        provisional.as_str().ok_or("csv")?.as_bytes(),
        "voorlopig.csv",
        book,
    )?;
    assert_eq!(provisional.len(), 3);
    // The final export refused: a Dutch page naming the open case with a link.
    c.goto(&format!("{base}/research/year/2022/cases.csv"))
        .await?;
    let refused = c.find(Locator::Css("main")).await?.text().await?;
    assert!(
        refused.contains("De definitieve export kan nog niet") && refused.contains(&coded),
        "{refused}"
    );
    state(c, "6-export-refused").await?;
    c.goto(&format!("{base}/research/case/{coded}")).await?;
    c.find(Locator::Id("undo")).await?.click().await?;
    // Taking back a status asks first (eighth walk, finding 1).
    if c.execute("return document.getElementById('undo-dialog').open", vec![])
        .await?
        .as_bool()
        == Some(true)
    {
        c.find(Locator::Id("undo-confirm")).await?.click().await?;
    }
    status_says(c, "Ongedaan gemaakt").await?;

    // 7. Every step in the logs, in words.
    c.goto(&format!("{base}/research/case/{coded}/audit"))
        .await?;
    let audit = c.find(Locator::Css("table.audit")).await?.text().await?;
    assert!(
        audit.contains("suggestie geaccepteerd")
            && audit.contains("Familierelatie pleger")
            && audit.contains("ongedaan gemaakt"),
        "{audit}"
    );
    assert!(
        !audit.contains("perpetrator_family") && !audit.contains("suggestion/form"),
        "{audit}"
    );
    state(c, "7-case-log").await?;
    c.goto(&format!("{base}/research/case/{adjudicated}/audit"))
        .await?;
    let audit = c.find(Locator::Css("table.audit")).await?.text().await?;
    assert!(
        // The adjudicator adopted (seventh walk, point 3); each coder's "klaar" is logged (point 6).
        audit.contains("ria definitief Taal (leeg) Nederlands overgenomen bij beslechting")
            && audit.contains("bram codering van bram (leeg) klaar als klaar gemeld")
            && audit.contains("leeg gelaten (onbekend) bij beslechting"),
        "{audit}"
    );
    assert!(
        audit.contains("codering van bram"),
        "both are done: ria sees bram's changes: {audit}"
    );
    c.goto(&format!("{base}/research/year/2022/audit")).await?;
    let log = c.find(Locator::Css("table.audit")).await?.text().await?;
    for step in [
        "import bestand conversations.jsonl: 5 gelezen",
        "gekoppeld",
        "codeur B = bram",
        "bram (codeur B) klaar met coderen",
        "geaccepteerd",
        "Reden van exclusie",
        "Taal (leeg) → Nederlands (overgenomen bij beslechting)",
        "naar het overleg met de vraag „Is de moeder pleger of getuige?”",
        "besluit van het overleg „Pleger: zij regelt de klanten.”",
        "ongedaan gemaakt",
    ] {
        assert!(log.contains(step), "{step} missing from the log: {log}");
    }
    state(c, "7-year-log").await?;
    // Only the discussion (sixth walk, point 7): the flag "hoort hier niet" and both decisions.
    c.find(Locator::Id("log-action"))
        .await?
        .select_by_value("discussion")
        .await?;
    c.find(Locator::Css("#log-filter button[type=submit]"))
        .await?
        .click()
        .await?;
    wait_js(c, "return location.search.includes('action=discussion')").await?;
    let rows: Vec<String> = {
        let mut v = Vec::new();
        for tr in c.find_all(Locator::Css("table.audit tbody tr")).await? {
            v.push(tr.text().await?);
        }
        v
    };
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert!(
        rows.iter().all(|r| r.contains("overleg"))
            && rows.iter().any(|r| r.contains("Hoort hier niet")),
        "{rows:?}"
    );
    state(c, "7-year-log-discussion").await?;
    // The English switch speaks English on the year page.
    c.goto(&format!("{base}/research/year/2022")).await?;
    c.find(Locator::Id("lang")).await?.click().await?;
    wait_js(c, "return document.documentElement.lang === 'en'").await?;
    state(c, "7-year-english").await?;
    // The choice carries over to the next page, the reliability table too.
    c.goto(&format!("{base}/research/year/2022/agreement"))
        .await?;
    wait_js(c, "return document.documentElement.lang === 'en' && document.querySelector('table.reliability caption').textContent.startsWith('Reliability')").await?;
    state(c, "7-agreement-english").await?;
    // Every research page in English: no Dutch words of the pages themselves
    // (transcripts, quotes, nicknames and the words a reason compares are the
    // conversations', third walk finding 9).
    for path in [
        "/research".to_string(),
        "/research/import".to_string(),
        "/research/year/2022".to_string(),
        "/research/year/2022/links".to_string(),
        format!("/research/year/2022/link?a={first}&q=a"),
        format!(
            "/research/year/2022/link?a={}&b={}",
            case_links[2], case_links[3]
        ),
        "/research/year/2022/agreement".to_string(),
        "/research/year/2022/audit".to_string(),
        "/research/year/2022/discussion".to_string(),
        format!("/research/case/{coded}"),
        format!("/research/case/{coded}/audit"),
    ] {
        c.goto(&format!("{base}{path}")).await?;
        wait_js(c, "return document.documentElement.lang === 'en'").await?;
        let dutch = c
            .execute(
                r#"const skip = '.messages, .lines, .hit, .words, .said, a.evidence, textarea, script, #status';
                const words = ['nog ', ' niet ', 'casus', 'gesprek', 'terug', 'beide', 'pleit', 'koppel', 'geaccepteerd', 'overleg', 'codering', 'geleden', ' jaar', ' van ', ' en ', ' het ', ' de '];
                const out = [];
                const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                  const el = n.parentElement;
                  if (!el || el.closest(skip) || el.closest('[hidden]')) continue;
                  const text = ' ' + n.textContent.replace(/[„“][^”]*”/g, '').toLowerCase() + ' ';
                  if (words.some((w) => text.includes(w))) out.push(n.textContent.trim());
                }
                return out;"#,
                vec![],
            )
            .await?;
        let dutch: Vec<String> = serde_json::from_value(dutch)?;
        assert!(dutch.is_empty(), "{path} in English still says: {dutch:?}");
    }
    state(c, "7-case-english").await?;
    Ok(())
}

/// Picks a file in the import form and submits it.
async fn upload(c: &Client, path: &std::path::Path) -> R {
    c.find(Locator::Id("import-input"))
        .await?
        .send_keys(&path.display().to_string())
        .await?;
    c.find(Locator::Css("#import-file button[type=submit]"))
        .await?
        .click()
        .await?;
    Ok(())
}

/// Seventh walk, points 1, 2 and 7. The undo has one fixed place from page
/// load: accepting a suggestion with the mouse moves neither the page nor
/// the next suggestion (nothing above them is inserted). A grouped undo of
/// adopted values asks first in a dialog naming the count: Escape cancels
/// (nothing put back, the focus back on the undo button), "Ja, terugzetten"
/// puts them back. A follow-up suggestion whose question does not apply yet
/// offers to set what it follows from first, and then is accepted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_undo_keeps_its_place_and_a_grouped_undo_asks_first_in_chromium() -> R {
    let Some(chromium) = Chromium::start().await? else {
        return Ok(());
    };
    const T: &str = "2026-12-05T03:00:00Z";
    let (sample, _) = demo_sample()?;
    let book = Codebook::embedded()?;
    let suggests = assisted()?;
    let mut ws = Workspace::in_memory()?;
    ws.import(&sample, "test", "ria", T)?;
    // The case with the most suggestions, and another to double-code.
    let cases = ws.cases(2022)?;
    let mut counted: Vec<(usize, String)> = Vec::new();
    for c in &cases {
        let n: usize = c
            .conversations
            .iter()
            .filter_map(|id| ws.conversation(id).ok().flatten())
            .map(|conv| suggests(&conv).len())
            .sum();
        counted.push((n, c.case_id.clone()));
    }
    counted.sort();
    let (n, with_suggestions) = counted.last().cloned().ok_or("no cases")?;
    assert!(n >= 2, "a case with two suggestions or more: {counted:?}");
    let double = counted
        .iter()
        .map(|(_, id)| id.clone())
        .find(|id| *id != with_suggestions)
        .ok_or("a second case")?;
    ws.assign(std::slice::from_ref(&double), "ria", "bram", "lead", T)?;
    for coder in ["ria", "bram"] {
        for (column, value) in [("language", "nl"), ("perpetrator", "family")] {
            ws.set_value(&book, &double, coder, column, Some(value), "form", coder, T)?;
        }
        ws.finish(&double, coder, T)?;
    }
    // A third case gets a follow-up suggestion (Familierelatie pleger) whose
    // question applies only once Relatie pleger is Familielid.
    let follow_up = counted
        .iter()
        .map(|(_, id)| id.clone())
        .find(|id| *id != with_suggestions && *id != double)
        .ok_or("a third case")?;
    let target = follow_up.clone();
    let suggest: SuggestFn = std::sync::Arc::new(move |c: &Conversation| {
        let mut out = suggests(c);
        if c.conversation_id == target {
            out.push(zicht_research::assisted::SuggestionView {
                variable: "perpetrator_family".into(),
                value: "mother".into(),
                evidence: Vec::new(),
                from_intake: false,
                from_model: false,
            });
        }
        out
    });
    let state = ResearchState::new(ws, book, Some(suggest)).with_accounts(&["bram", "ria"]);
    let base = serve(state).await?;
    let (ria, bram) = windows(&chromium, &base, "undo-place").await?;
    let result = match undo_place(&ria, &bram, &base, &with_suggestions, &double).await {
        Ok(()) => parent_first(&ria, &base, &follow_up).await,
        Err(e) => Err(e),
    };
    let _ = ria.close().await;
    let _ = bram.close().await;
    result
}

async fn undo_place(
    c: &Client,
    bram: &Client,
    base: &str,
    with_suggestions: &str,
    double: &str,
) -> R {
    c.goto(&format!("{base}/research/case/{with_suggestions}"))
        .await?;
    // The undo line is there from page load, with nothing to undo yet.
    let line = c.find(Locator::Id("undo-line")).await?;
    assert!(c.find_all(Locator::Id("undo")).await?.is_empty());
    drop(line);
    let pick = "return Array.from(document.querySelectorAll('li.suggestion')).findIndex((li, i, all) => { \
         const f = document.getElementById('f-' + li.dataset.var); \
         return i + 1 < all.length && f && f.type !== 'checkbox' && !document.getElementById('w-' + li.dataset.var).dataset.condVar; })";
    let index = c.execute(pick, vec![]).await?.as_i64().unwrap_or(-1);
    assert!(index >= 0, "an acceptable suggestion with one after it");
    let where_next = format!(
        "const li = document.querySelectorAll('li.suggestion')[{}]; const r = li.getBoundingClientRect(); \
         return [window.scrollX, window.scrollY, r.left, r.top, r.width, r.height].map(Math.round)",
        index + 1
    );
    let before = c.execute(&where_next, vec![]).await?;
    // The first accept of the page, with the mouse.
    c.find(Locator::Css(&format!(
        "li.suggestion:nth-child({}) button.accept",
        index + 1
    )))
    .await?
    .click()
    .await?;
    wait_js(c, &format!("return document.querySelectorAll('li.suggestion')[{index}].dataset.state === 'accepted'")).await?;
    status_says(c, "Suggestie geaccepteerd.").await?;
    wait_js(
        c,
        "return document.querySelector('#undo-line #undo') !== null",
    )
    .await?;
    let after = c.execute(&where_next, vec![]).await?;
    assert_eq!(
        before, after,
        "the page and the next suggestion stay where they were ([scrollX, scrollY, left, top, width, height])"
    );
    state(c, "7-undo-in-place").await?;
    // The language switch turns the undo button over too (seventh walk, check 8).
    c.find(Locator::Id("lang")).await?.click().await?;
    wait_js(
        c,
        "const t = document.getElementById('undo').textContent; return t.startsWith('Undo: ') && t.endsWith(' (suggestion)')",
    )
    .await?;
    state(c, "7-undo-english").await?;
    c.find(Locator::Id("lang")).await?.click().await?;
    wait_js(
        c,
        "const t = document.getElementById('undo').textContent; return t.startsWith('Maak ongedaan: ') && t.endsWith(' (suggestie)')",
    )
    .await?;
    // Meanwhile bram changes the case: ria's undo (from her page as it was)
    // is refused beside the button, in words, with the way on (seventh
    // walk, new finding 5: it failed silently).
    bram.goto(&format!("{base}/research/case/{with_suggestions}"))
        .await?;
    bram.find(Locator::Id("f-language"))
        .await?
        .select_by_value("nl")
        .await?;
    status_says(bram, "Opgeslagen.").await?;
    c.find(Locator::Id("undo")).await?.click().await?;
    // A status change asks first (eighth walk, finding 1).
    if c.execute("return document.getElementById('undo-dialog').open", vec![])
        .await?
        .as_bool()
        == Some(true)
    {
        let q = c.find(Locator::Id("undo-dialog-q")).await?.text().await?;
        assert!(q.starts_with("Status leegmaken? (nu "), "{q}");
        state(c, "8-undo-status-asks").await?;
        c.find(Locator::Id("undo-confirm")).await?.click().await?;
    }
    wait_js(
        c,
        "const p = document.querySelector('#undo-line .undo-error'); return p !== null && p.textContent.includes('alleen bram') && p.querySelector('a') !== null",
    )
    .await?;
    state(c, "7-undo-refused").await?;

    // A grouped undo asks first.
    c.goto(&format!("{base}/research/case/{double}")).await?;
    c.find(Locator::Id("adopt")).await?.click().await?;
    status_says(c, "2 waarden overgenomen.").await?;
    let undo = c.find(Locator::Id("undo")).await?;
    assert!(
        undo.text()
            .await?
            .starts_with("2 overgenomen waarden terugzetten"),
        "{}",
        undo.text().await?
    );
    undo.click().await?;
    wait_js(c, "return document.getElementById('undo-dialog').open").await?;
    let question = c.find(Locator::Id("undo-dialog-q")).await?.text().await?;
    assert_eq!(question, "2 overgenomen waarden terugzetten?");
    wait_js(c, "return document.activeElement.id === 'undo-cancel'").await?;
    state(c, "7-undo-asks").await?;
    press(c, '\u{E00C}').await?; // Escape
    wait_js(c, "return !document.getElementById('undo-dialog').open && document.activeElement.id === 'undo'").await?;
    status_says(c, "Niets teruggezet.").await?;
    wait_js(
        c,
        "return document.getElementById('f-language').value === 'nl'",
    )
    .await?;
    // Asked again and confirmed: both values go back.
    c.find(Locator::Id("undo")).await?.click().await?;
    wait_js(c, "return document.getElementById('undo-dialog').open").await?;
    c.find(Locator::Id("undo-confirm")).await?.click().await?;
    // The page is read anew: the values empty, the adopt button back.
    wait_js(c, "return document.getElementById('f-language').value === '' && document.getElementById('f-perpetrator').value === '' && document.getElementById('adopt') !== null").await?;
    status_says(c, "Ongedaan gemaakt: 2 waarden teruggezet.").await?;
    // Nothing left to undo: the focused undo line says so, no empty outlined box (eighth walk, finding 1).
    wait_js(
        c,
        "const a = document.activeElement; return a !== null && a.id === 'undo-line' && a.textContent.trim().endsWith('Er is niets meer ongedaan te maken.')",
    )
    .await?;
    state(c, "7-undone-grouped").await?;
    // "Klaar" on a final coding whose agreed values are not adopted asks
    // first (seventh walk, new findings 2 and 3); Escape keeps it open.
    c.execute(
        "document.getElementById('final-done').scrollIntoView({block: 'center'})",
        vec![],
    )
    .await?;
    c.find(Locator::Id("final-done")).await?.click().await?;
    wait_js(
        c,
        "return document.getElementById('final-done-dialog').open",
    )
    .await?;
    let question = c.find(Locator::Id("final-done-q")).await?.text().await?;
    assert_eq!(
        question,
        "2 waarden waarover beide codeurs het eens zijn, zijn nog niet overgenomen — toch klaar?"
    );
    state(c, "7-final-done-asks").await?;
    press(c, '\u{E00C}').await?; // Escape
    wait_js(c, "return !document.getElementById('final-done-dialog').open && document.activeElement.id === 'final-done' && document.getElementById('final-done').dataset.done === '0'").await?;
    Ok(())
}

/// Accepting "Familierelatie pleger: Moeder" while Relatie pleger is empty:
/// refused in words, with a button that sets Relatie pleger to Familielid
/// first and then accepts it (seventh walk, point 7).
async fn parent_first(c: &Client, base: &str, case: &str) -> R {
    c.goto(&format!("{base}/research/case/{case}")).await?;
    let li = "li.suggestion[data-var=perpetrator_family]";
    c.execute(
        &format!("document.querySelector('{li}').scrollIntoView({{block: 'center'}})"),
        vec![],
    )
    .await?;
    c.find(Locator::Css(&format!("{li} button.accept")))
        .await?
        .click()
        .await?;
    let first = format!("{li} .suggestion-error button.parent-first");
    wait_js(
        c,
        &format!("return document.activeElement === document.querySelector('{first}')"),
    )
    .await?;
    let words = c.find(Locator::Css(&first)).await?.text().await?;
    assert_eq!(words, "Eerst Relatie pleger op Familielid zetten");
    state(c, "7-parent-first").await?;
    press(c, '\u{E007}').await?; // Enter
    wait_js(
        c,
        &format!(
            "return document.getElementById('f-perpetrator').value === 'family' \
             && document.getElementById('f-perpetrator_family').value === 'mother' \
             && document.querySelector('{li}').dataset.state === 'accepted' \
             && document.querySelector('{li} .suggestion-error') === null"
        ),
    )
    .await?;
    status_says(c, "Suggestie geaccepteerd.").await?;
    state(c, "7-parent-set-and-accepted").await?;
    // A value chosen by hand that a suggestion says settles it at once
    // ("✓ al zo gecodeerd", as after a reload; seventh walk, new finding 6).
    let pick = "const li = Array.from(document.querySelectorAll('li.suggestion')).find((li) => { \
         const f = document.getElementById('f-' + li.dataset.var); \
         return !li.dataset.state && f && f.tagName === 'SELECT' && !document.getElementById('w-' + li.dataset.var).dataset.condVar \
           && Array.from(f.options).some((o) => o.value === li.dataset.value); }); \
         if (!li) return null; li.id = 'by-hand'; return [li.dataset.var, li.dataset.value];";
    let found = c.execute(pick, vec![]).await?;
    let found: Option<(String, String)> = serde_json::from_value(found)?;
    let (var, value) = found.ok_or("an open suggestion for a choice field")?;
    c.execute(
        &format!("document.getElementById('f-{var}').scrollIntoView({{block: 'center'}})"),
        vec![],
    )
    .await?;
    c.find(Locator::Id(&format!("f-{var}")))
        .await?
        .select_by_value(&value)
        .await?;
    wait_js(
        c,
        "const li = document.getElementById('by-hand'); return li.dataset.state === 'accepted' && li.querySelector('.state-text').textContent === '✓ al zo gecodeerd'",
    )
    .await?;
    state(c, "7-settled-by-hand").await?;
    Ok(())
}

/// Two researchers on one case in two windows (issue 14, research7 point 1):
/// Bram's change of the age reaches Ria's open form as a question beside the
/// field, not as a silent overwrite; she saves over it on purpose (Bram's
/// ticked box merges in), and Bram, refused in turn, reloads to see her value.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_colleagues_change_is_not_overwritten_unseen_in_chromium() -> R {
    let Some(chromium) = Chromium::start().await? else {
        return Ok(());
    };
    const T: &str = "2026-12-05T04:00:00Z";
    let (sample, _) = demo_sample()?;
    let book = Codebook::embedded()?;
    let mut ws = Workspace::in_memory()?;
    ws.import(&sample, "test", "ria", T)?;
    let case = ws
        .cases(2022)?
        .first()
        .map(|c| c.case_id.clone())
        .ok_or("no case")?;
    ws.set_value(
        &book,
        &case,
        "final",
        "victim_age",
        Some("15"),
        "form",
        "ria",
        T,
    )?;
    let state = ResearchState::new(ws, book, None).with_accounts(&["bram", "ria"]);
    let base = serve(state).await?;
    let (ria, bram) = windows(&chromium, &base, "colleague").await?;
    let result = two_on_one_case(&ria, &bram, &base, &case).await;
    let _ = ria.close().await;
    let _ = bram.close().await;
    result
}

async fn two_on_one_case(ria: &Client, bram: &Client, base: &str, case: &str) -> R {
    let url = format!("{base}/research/case/{case}");
    ria.goto(&url).await?;
    bram.goto(&url).await?;
    // Bram: a ticked box and the age 17.
    let boxed = bram
        .execute(
            "const b = Array.from(document.querySelectorAll('input[type=checkbox][data-col]')).find((e) => e.offsetParent !== null); return b ? b.id : null",
            vec![],
        )
        .await?;
    let boxed = boxed.as_str().ok_or("no visible tick box")?.to_string();
    bram.find(Locator::Id(&boxed)).await?.click().await?;
    status_says(bram, "Opgeslagen.").await?;
    bram.find(Locator::Id("f-victim_age"))
        .await?
        .clear()
        .await?;
    fill(bram, "#f-victim_age", "17").await?;
    press(bram, '\u{E004}').await?;
    status_says(bram, "Opgeslagen.").await?;
    // Ria's form still says 15; her 16 is refused beside the field.
    ria.find(Locator::Id("f-victim_age")).await?.clear().await?;
    fill(ria, "#f-victim_age", "16").await?;
    press(ria, '\u{E004}').await?;
    let said = "bram heeft Leeftijd slachtoffer intussen op 17 gezet; jouw waarde 16 is niet opgeslagen. Pagina vernieuwen of toch jouw waarde opslaan.";
    wait_js(
        ria,
        &format!(
            "const p = document.querySelector('#w-victim_age .field-error'); return !!p && !p.hidden && p.textContent.startsWith({})",
            serde_json::to_string(said)?
        ),
    )
    .await?;
    wait_js(ria, "return document.activeElement.id === 'f-victim_age'").await?;
    state(ria, "colleague-changed").await?;
    // Before deciding she ticks another box: that saves, and her refused 16
    // stays in the age box with the question (walk 9, new finding 1: the
    // page put Bram's 17 there and the button then saved nothing).
    let other = ria
        .execute(
            &format!("const b = Array.from(document.querySelectorAll('input[type=checkbox][data-col]')).find((e) => e.offsetParent !== null && e.id !== '{boxed}'); return b ? b.id : null"),
            vec![],
        )
        .await?;
    let other = other
        .as_str()
        .ok_or("no second visible tick box")?
        .to_string();
    ria.find(Locator::Id(&other)).await?.click().await?;
    status_says(ria, "Opgeslagen.").await?;
    wait_js(
        ria,
        &format!(
            "const p = document.querySelector('#w-victim_age .field-error'); return document.getElementById('{other}').checked && document.getElementById('{boxed}').checked \
             && document.getElementById('f-victim_age').value === '16' && !!p && !p.hidden && p.textContent.includes('jouw waarde 16')"
        ),
    )
    .await?;
    state(ria, "colleague-changed-other-field-saved").await?;
    // On purpose: her value over his; his ticked box comes along.
    ria.find(Locator::Css("#w-victim_age .changed-actions button.quiet"))
        .await?
        .click()
        .await?;
    status_says(
        ria,
        "Opgeslagen: jouw waarde staat nu in plaats van die van je collega.",
    )
    .await?;
    wait_js(
        ria,
        &format!(
            "return document.getElementById('{boxed}').checked && document.getElementById('f-victim_age').value === '16' && document.querySelector('#w-victim_age .field-error').hidden"
        ),
    )
    .await?;
    state(ria, "colleague-overwritten").await?;
    // Bram's form says 17: his 18 is refused; he reloads and sees Ria's 16.
    bram.find(Locator::Id("f-victim_age"))
        .await?
        .clear()
        .await?;
    fill(bram, "#f-victim_age", "18").await?;
    press(bram, '\u{E004}').await?;
    wait_js(
        bram,
        "const p = document.querySelector('#w-victim_age .field-error'); return !!p && !p.hidden && p.textContent.startsWith('ria heeft Leeftijd slachtoffer intussen op 16 gezet; jouw waarde 18')",
    )
    .await?;
    bram.find(Locator::Css(
        "#w-victim_age .changed-actions button:not(.quiet)",
    ))
    .await?
    .click()
    .await?;
    status_says(bram, "Vernieuwd: je ziet nu de waarde van je collega.").await?;
    wait_js(
        bram,
        "return document.getElementById('f-victim_age').value === '16' && document.activeElement.id === 'f-victim_age'",
    )
    .await?;
    state(bram, "colleague-reloaded").await?;
    // "Klaar" on a case without a status asks about the status, not the
    // number of empty fields (eighth walk, finding 8).
    bram.execute(
        "document.getElementById('final-done').scrollIntoView({block: 'center'})",
        vec![],
    )
    .await?;
    bram.find(Locator::Id("final-done")).await?.click().await?;
    wait_js(
        bram,
        "return document.getElementById('final-done-dialog').open",
    )
    .await?;
    let q = bram.find(Locator::Id("final-done-q")).await?.text().await?;
    assert!(
        q.starts_with(
            "Nog geen status (geïncludeerd of geëxcludeerd): zonder status is de casus niet klaar"
        ),
        "{q}"
    );
    state(bram, "colleague-klaar-without-status").await?;
    bram.find(Locator::Id("final-done-cancel"))
        .await?
        .click()
        .await?;
    // The case log says what Ria did on purpose.
    ria.goto(&format!("{base}/research/case/{case}/audit"))
        .await?;
    let text = ria.find(Locator::Css("main")).await?.text().await?;
    assert!(
        text.contains("wijziging van een collega bewust overschreven"),
        "{text}"
    );
    // Her refused 16 itself, saved after her other field's save.
    assert!(
        text.contains(
            "ria definitief Leeftijd slachtoffer 17 16 formulier: wijziging van een collega bewust overschreven"
        ),
        "{text}"
    );
    Ok(())
}

/// Tenth walk, findings 3, 4, 6, 7, 9, 10 and 13, with real key events: a list
/// chosen with the arrow keys is saved once (Enter or Tab), and its undo goes
/// back to the value before; a choice with the mouse is saved at once; the
/// same researcher's second window does not overwrite the first unseen; an
/// accepted suggestion offers no rejection and its buttons name the field;
/// "klaar" with a follow-up question open asks first; "Nog te beslechten"
/// puts the focus in the field; a stray `a` says to choose first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_windows_and_suggestions_in_chromium() -> R {
    let Some(chromium) = Chromium::start().await? else {
        return Ok(());
    };
    const T: &str = "2026-12-05T06:00:00Z";
    let (sample, _) = demo_sample()?;
    let book = Codebook::embedded()?;
    let suggests = assisted()?;
    let mut ws = Workspace::in_memory()?;
    ws.import(&sample, "test", "ria", T)?;
    let cases = ws.cases(2022)?;
    let mut counted: Vec<(usize, String)> = Vec::new();
    for c in &cases {
        let n: usize = c
            .conversations
            .iter()
            .filter_map(|id| ws.conversation(id).ok().flatten())
            .map(|conv| suggests(&conv).len())
            .sum();
        counted.push((n, c.case_id.clone()));
    }
    counted.sort();
    let (_, case) = counted.last().cloned().ok_or("no cases")?;
    let double = counted
        .iter()
        .map(|(_, id)| id.clone())
        .find(|id| *id != case)
        .ok_or("a second case")?;
    ws.assign(std::slice::from_ref(&double), "ria", "bram", "lead", T)?;
    for (coder, value) in [("ria", "nl"), ("bram", "other")] {
        ws.set_value(
            &book,
            &double,
            coder,
            "language",
            Some(value),
            "form",
            coder,
            T,
        )?;
        ws.finish(&double, coder, T)?;
    }
    let state = ResearchState::new(ws, book, Some(suggests)).with_accounts(&["bram", "ria"]);
    let base = serve(state).await?;
    // Two windows of the same researcher.
    let one = chromium.window("keys-one", 1400, 1000).await?;
    let two = chromium.window("keys-two", 1400, 1000).await?;
    let result: R = async {
        for c in [&one, &two] {
            c.goto(&format!("{base}/research/static/research.css"))
                .await?;
            c.execute("document.cookie = 'zicht_test_who=ria; path=/'", vec![])
                .await?;
        }
        keys_and_windows(&one, &two, &base, &case, &double).await
    }
    .await;
    let _ = one.close().await;
    let _ = two.close().await;
    result
}

async fn keys_and_windows(one: &Client, two: &Client, base: &str, case: &str, double: &str) -> R {
    const DOWN: char = '\u{E015}';
    const ENTER: char = '\u{E007}';
    const TAB: char = '\u{E004}';
    let url = format!("{base}/research/case/{case}");
    one.goto(&url).await?;
    two.goto(&url).await?;
    // A stray `a` before any suggestion is chosen decides nothing and says
    // how to choose (finding 10).
    one.execute("document.activeElement.blur()", vec![]).await?;
    press(one, 'a').await?;
    status_says(
        one,
        "Kies eerst een suggestie met j (volgende) of k (vorige)",
    )
    .await?;
    // A list of five choices or more, not one the rest of the test uses.
    let col = one
        .execute(
            "const s = Array.from(document.querySelectorAll('select[data-col]')).find((e) => e.offsetParent !== null && e.options.length >= 5 \
               && !['status', 'perpetrator', 'language', 'exclusion_reason'].includes(e.dataset.col)); return s ? s.dataset.col : null",
            vec![],
        )
        .await?;
    let col = col.as_str().ok_or("no list of five")?.to_string();
    let field = format!("f-{col}");
    // Three arrow keys on the closed list: nothing saved yet, then Enter saves once.
    one.execute(
        &format!("const s = document.getElementById('{field}'); s.scrollIntoView({{block: 'center'}}); s.focus();"),
        vec![],
    )
    .await?;
    for _ in 0..3 {
        press(one, DOWN).await?;
    }
    status_says(one, "Nog niet opgeslagen: Enter of Tab slaat deze keuze op").await?;
    let chosen = one
        .execute(
            &format!("return document.getElementById('{field}').value"),
            vec![],
        )
        .await?;
    let chosen = chosen.as_str().ok_or("no value")?.to_string();
    assert!(!chosen.is_empty(), "the keys chose a value");
    state(one, "keys-not-saved-yet").await?;
    press(one, ENTER).await?;
    status_says(one, "Opgeslagen.").await?;
    // Its undo goes back to the value before the keys: empty.
    one.find(Locator::Id("undo")).await?.click().await?;
    wait_js(
        one,
        &format!("return document.getElementById('{field}').value === '' && document.getElementById('status').textContent.startsWith('Ongedaan gemaakt')"),
    )
    .await?;
    // Two arrow keys and Tab: saved once too.
    one.execute(
        &format!("document.getElementById('{field}').focus()"),
        vec![],
    )
    .await?;
    press(one, DOWN).await?;
    press(one, DOWN).await?;
    press(one, TAB).await?;
    status_says(one, "Opgeslagen.").await?;
    // The case log: one change by the keys, its undo, one more.
    let label = one
        .execute(
            &format!("return document.querySelector('label[for=\"{field}\"]').textContent.trim()"),
            vec![],
        )
        .await?;
    let label = label.as_str().ok_or("no label")?.to_string();
    two.goto(&format!("{url}/audit")).await?;
    let rows = two
        .execute(
            &format!(
                "return Array.from(document.querySelectorAll('tr')).filter((r) => r.textContent.includes({})).length",
                serde_json::to_string(&label)?
            ),
            vec![],
        )
        .await?;
    assert_eq!(rows.as_u64(), Some(3), "one line per choice: {label}");
    // Two windows of one researcher: the second sets the language with the
    // mouse (saved at once); the first, not seeing it, is asked.
    two.goto(&url).await?;
    two.find(Locator::Id("f-language"))
        .await?
        .select_by_value("other")
        .await?;
    status_says(two, "Opgeslagen.").await?;
    one.find(Locator::Id("f-language"))
        .await?
        .select_by_value("nl")
        .await?;
    wait_js(
        one,
        "const p = document.querySelector('#w-language .field-error'); return !!p && !p.hidden && p.textContent.startsWith('Je hebt Taal intussen in een ander venster op Andere taal gezet; jouw waarde Nederlands is niet opgeslagen.')",
    )
    .await?;
    state(one, "keys-other-window").await?;
    // A suggestion: its buttons name the field; accepted, it offers no rejection.
    one.goto(&url).await?;
    let named = one
        .execute(
            "const li = document.querySelector('li.suggestion:not([data-state=\"accepted\"])'); if (!li) return null; \
             const b = li.querySelector('button.accept'); return [b.textContent, li.querySelector('.label').textContent, li.id]",
            vec![],
        )
        .await?;
    let named: Vec<String> = serde_json::from_value(named)?;
    assert_eq!(named.len(), 3, "an open suggestion");
    assert_eq!(named[0], format!("Accepteren (a): {}", named[1]));
    let li = named[2].clone();
    one.execute(
        &format!("document.getElementById('{li}').scrollIntoView({{block: 'center'}})"),
        vec![],
    )
    .await?;
    one.find(Locator::Css(&format!("#{li} button.accept")))
        .await?
        .click()
        .await?;
    status_says(one, "Suggestie geaccepteerd.").await?;
    wait_js(
        one,
        &format!("return getComputedStyle(document.querySelector('#{li} button.reject')).visibility === 'hidden'"),
    )
    .await?;
    state(one, "keys-accepted-no-reject").await?;
    // "Klaar" with a follow-up question open asks first.
    one.find(Locator::Id("f-perpetrator"))
        .await?
        .select_by_value("family")
        .await?;
    status_says(one, "Opgeslagen.").await?;
    one.execute(
        "document.getElementById('final-done').scrollIntoView({block: 'center'})",
        vec![],
    )
    .await?;
    one.find(Locator::Id("final-done")).await?.click().await?;
    wait_js(
        one,
        "return document.getElementById('final-done-dialog').open",
    )
    .await?;
    let q = one.find(Locator::Id("final-done-q")).await?.text().await?;
    assert!(q.starts_with("Vervolgvraag nog open: "), "{q}");
    state(one, "keys-follow-up-open").await?;
    one.find(Locator::Id("final-done-cancel"))
        .await?
        .click()
        .await?;
    // "Nog te beslechten": the link puts the focus in the field.
    one.goto(&format!("{base}/research/case/{double}")).await?;
    one.find(Locator::Css("#unsettled a[href=\"#w-language\"]"))
        .await?
        .click()
        .await?;
    wait_js(one, "return document.activeElement.id === 'f-language'").await?;
    state(one, "keys-unsettled-focus").await?;
    Ok(())
}
