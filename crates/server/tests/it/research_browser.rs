//! End to end in headless Chromium: a demo year from upload to `cases.csv` and the reliability table.
//!
//! Import a conversations file on the import page (a bad one first), link two
//! conversations, code every case (one excluded, one with an accepted
//! suggestion), double-code blind as two coders, read the reliability table
//! and the differences, adopt the agreed values, export `cases.csv`, and find
//! every step in the audit. The pages are served by the research router
//! alone, behind the chat server's Content-Security-Policy; a test layer puts
//! in the signed-in researcher named by the cookie `zicht_test_who` (in
//! `zicht serve` the server's login does that; `research.rs` tests it). The
//! data are five conversations of the demo year 2022: one visitor who came
//! back (two conversations) and three others. Needs Debian's `chromium` and
//! `chromium-driver`; without them the test says why and passes as skipped
//! (unless `ZICHT_REQUIRE_CHROMIUM` is set, as in CI).

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use axum::http::HeaderValue;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use zicht_codebook::Codebook;
use zicht_conversations::Conversation;
use zicht_research::assisted::SuggestFn;
use zicht_research::linking::LinkOptions;
use zicht_research::workspace::Workspace;
use zicht_server::research::{ResearchState, Researcher, router};

type R<T = ()> = Result<T, Box<dyn std::error::Error>>;

const CHROMIUM: &str = "/usr/bin/chromium";
const DRIVER: &str = "/usr/bin/chromedriver";
/// The chat server's policy: scripts and styles from this origin only, nothing inline.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
     connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Assisted coding as `zicht serve` uses it.
fn assisted() -> R<SuggestFn> {
    let suggester = zicht_suggest::Suggester::new(Codebook::embedded()?)?;
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

async fn browser(driver_port: u16) -> R<Client> {
    let profile =
        std::env::temp_dir().join(format!("zicht-research-chromium-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                format!("--user-data-dir={}", profile.display()),
                "--window-size=1400,1000", "--lang=nl-NL",
            ]
        }
    });
    let serde_json::Value::Object(caps) = caps else {
        return Err("capabilities".into());
    };
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    Ok(ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await?)
}

async fn press(c: &Client, key: char) -> R {
    let keys = KeyActions::new("keyboard".to_string())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    c.perform_actions(keys).await?;
    Ok(())
}

async fn wait_for(c: &Client, script: &str) -> R {
    for _ in 0..100 {
        if c.execute(script, vec![]).await?.as_bool() == Some(true) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("never true: {script}").into())
}

async fn shot(c: &Client, name: &str) -> R {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("research-screenshots");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(format!("{name}.png")), c.screenshot().await?)?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn link_code_accept_and_export_in_chromium() -> R {
    if !std::path::Path::new(CHROMIUM).exists() || !std::path::Path::new(DRIVER).exists() {
        if std::env::var_os("ZICHT_REQUIRE_CHROMIUM").is_some() {
            return Err(format!(
                "ZICHT_REQUIRE_CHROMIUM is set but {CHROMIUM} or {DRIVER} is missing"
            )
            .into());
        }
        println!(
            "SKIPPED: needs {CHROMIUM} and {DRIVER} (Debian packages chromium, chromium-driver)"
        );
        return Ok(());
    }
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
    let state = ResearchState::with_link_options(ws, book.clone(), Some(assisted()?), options);
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

    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let _driver = Driver(
        Command::new(DRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?,
    );
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let c = browser(port).await?;
    let result = scenario(&c, &base, &book, &first, &second, (&file, &bad)).await;
    let _ = c.close().await;
    result
}

async fn scenario(
    c: &Client,
    base: &str,
    book: &Codebook,
    first: &str,
    second: &str,
    (file, bad): (&std::path::Path, &std::path::Path),
) -> R {
    // 0. Import: a broken file is refused with line and field; the good one goes in.
    c.goto(&format!("{base}/research")).await?;
    c.find(Locator::Id("to-import")).await?.click().await?;
    upload(c, bad).await?;
    wait_for(
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
    c.goto(&format!("{base}/research/import")).await?;
    upload(c, file).await?;
    wait_for(
        c,
        "return document.getElementById('import-summary').textContent.includes('5 gesprekken gelezen, 5 nieuw')",
    )
    .await?;
    shot(c, "0-imported").await?;

    // 1. Link: the returning visitor's pair, decided with the keyboard.
    c.goto(&format!("{base}/research/year/2022/links")).await?;
    let pair_css = format!("article.pair[data-a=\"{first}\"][data-b=\"{second}\"]");
    c.find(Locator::Css(&pair_css)).await?;
    let index: i64 = c
        .execute(
            &format!("return Array.from(document.querySelectorAll('.item')).indexOf(document.querySelector('{}'))", pair_css.replace('\'', "\\'")),
            vec![],
        )
        .await?
        .as_i64()
        .ok_or("no index")?;
    for _ in 0..=index {
        press(c, 'j').await?;
    }
    shot(c, "1-links").await?;
    press(c, 'a').await?;
    wait_for(
        c,
        &format!(
            "return document.querySelector('{}').dataset.decided === 'linked'",
            pair_css.replace('\'', "\\'")
        ),
    )
    .await?;

    // The funnel counts the duplicate.
    c.goto(&format!("{base}/research/year/2022")).await?;
    let funnel = c.find(Locator::Css(".funnel")).await?.text().await?;
    assert!(
        funnel.contains("5\ngemarkeerde gesprekken") || funnel.contains("5 gemarkeerde"),
        "{funnel}"
    );
    assert!(
        funnel.contains("1\ngekoppelde dubbelingen") || funnel.contains("1 gekoppelde"),
        "{funnel}"
    );
    let case_links: Vec<String> = {
        let mut v = Vec::new();
        for a in c.find_all(Locator::Css("table.cases tbody a")).await? {
            v.push(a.text().await?);
        }
        v
    };
    assert_eq!(case_links.len(), 4, "{case_links:?}");

    // 2. Code every case: the one with a suggestion accepts it with `a`.
    let mut accepted = None;
    for id in &case_links {
        c.goto(&format!("{base}/research/case/{id}")).await?;
        c.find(Locator::Id("form")).await?;
        let has_suggestion = !c.find_all(Locator::Css("li.suggestion")).await?.is_empty();
        // The first suggestion of a variable without a condition (a select or number field).
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
            let marks = c
                .execute(
                    &format!("return document.querySelectorAll('mark[data-s~=\"' + {li}.id + '\"]').length"),
                    vec![],
                )
                .await?;
            assert!(marks.as_i64().unwrap_or(0) > 0, "evidence highlighted");
            for _ in 0..=index {
                press(c, 'j').await?;
            }
            press(c, 'a').await?;
            wait_for(
                c,
                &format!("return document.getElementById('f-{var}').value === '{value}'"),
            )
            .await?;
            wait_for(c, &format!("return {li}.dataset.state === 'accepted'")).await?;
            shot(c, "2-suggestion-accepted").await?;
            accepted = Some((id.clone(), var, value));
        }
        // A conditional field appears only when its condition holds.
        let family_shown = "return !document.getElementById('w-perpetrator_family').hidden";
        if c.execute(
            "return document.getElementById('f-perpetrator').value !== ''",
            vec![],
        )
        .await?
        .as_bool()
            == Some(true)
        {
            // Coded already (from a suggestion): clear it so that the condition starts unmet.
            c.find(Locator::Id("f-perpetrator"))
                .await?
                .select_by_value("")
                .await?;
            wait_for(
                c,
                "return document.getElementById('w-perpetrator_family').hidden",
            )
            .await?;
        }
        assert_eq!(
            c.execute(family_shown, vec![]).await?.as_bool(),
            Some(false)
        );
        c.find(Locator::Id("f-perpetrator"))
            .await?
            .select_by_value("family")
            .await?;
        wait_for(c, family_shown).await?;
        c.find(Locator::Id("f-perpetrator_family"))
            .await?
            .select_by_value("mother")
            .await?;
        let exclude = Some(id) == case_links.last();
        c.find(Locator::Id("f-status"))
            .await?
            .select_by_value(if exclude { "excluded" } else { "included" })
            .await?;
        wait_for(
            c,
            "return document.getElementById('status').textContent === 'Opgeslagen.'",
        )
        .await?;
        if exclude {
            // The reason appears only for an excluded case; it comes from the codebook.
            wait_for(
                c,
                "return !document.getElementById('w-exclusion_reason').hidden",
            )
            .await?;
            c.find(Locator::Id("f-exclusion_reason"))
                .await?
                .select_by_value("other")
                .await?;
            wait_for(
                c,
                "return document.getElementById('status').textContent === 'Opgeslagen.'",
            )
            .await?;
        }
        // Definitions are one click away.
        c.find(Locator::Css("#w-perpetrator details.def summary"))
            .await?
            .click()
            .await?;
        wait_for(
            c,
            "return document.querySelector('#w-perpetrator details.def').open",
        )
        .await?;
    }
    let (coded, var, value) = accepted.ok_or("no case had a suggestion")?;
    shot(c, "3-coded").await?;

    // The funnel: five flagged conversations, one duplicate, one excluded, three included.
    c.goto(&format!("{base}/research/year/2022")).await?;
    let funnel = c.find(Locator::Css(".funnel")).await?.text().await?;
    assert!(
        funnel.contains("1\ngeëxcludeerd") || funnel.contains("1 geëxcludeerd"),
        "{funnel}"
    );
    assert!(
        funnel.contains("3\ngeïncludeerd") || funnel.contains("3 geïncludeerd"),
        "{funnel}"
    );

    // 2b. Double coding: every case to ria and bram, who code blind and disagree once.
    let form = c.find(Locator::Id("assign")).await?;
    form.find(Locator::Css("input[name=share]"))
        .await?
        .clear()
        .await?;
    form.find(Locator::Css("input[name=share]"))
        .await?
        .send_keys("100")
        .await?;
    form.find(Locator::Css("input[name=coder_a]"))
        .await?
        .send_keys("ria")
        .await?;
    form.find(Locator::Css("input[name=coder_b]"))
        .await?
        .send_keys("bram")
        .await?;
    form.find(Locator::Css("button[type=submit]"))
        .await?
        .click()
        .await?;
    wait_for(c, "return document.querySelectorAll('a.mine').length === 4").await?;
    for (coder, differ) in [("ria", false), ("bram", true)] {
        c.execute(
            &format!("document.cookie = 'zicht_test_who={coder}; path=/'"),
            vec![],
        )
        .await?;
        c.goto(&format!("{base}/research/year/2022")).await?;
        let mut mine = Vec::new();
        for a in c.find_all(Locator::Css("a.mine")).await? {
            mine.push(a.attr("href").await?.ok_or("href")?);
        }
        assert_eq!(mine.len(), 4, "{coder}: {mine:?}");
        for (k, href) in mine.iter().enumerate() {
            assert!(href.ends_with(&format!("?v={coder}")), "{href}");
            c.goto(&format!("{base}{href}")).await?;
            let relation = if differ && k == 0 {
                "partner"
            } else {
                "family"
            };
            for (field, value) in [("f-perpetrator", relation), ("f-language", "nl")] {
                c.find(Locator::Id(field))
                    .await?
                    .select_by_value(value)
                    .await?;
                wait_for(
                    c,
                    "return document.getElementById('status').textContent === 'Opgeslagen.'",
                )
                .await?;
                c.execute("document.getElementById('status').textContent = ''", vec![])
                    .await?;
            }
            c.find(Locator::Id("done")).await?.click().await?;
            wait_for(
                c,
                "return document.getElementById('status').textContent === 'Gemarkeerd als klaar.'",
            )
            .await?;
        }
    }
    // Blind: ria cannot open bram's version.
    c.execute("document.cookie = 'zicht_test_who=ria; path=/'", vec![])
        .await?;
    let blind = c
        .execute_async(
            &format!(
                "const done = arguments[arguments.length - 1];\
                 fetch('/research/case/{first}?v=bram').then(r => done(r.status));"
            ),
            vec![],
        )
        .await?;
    assert_eq!(blind.as_i64(), Some(403));

    // The reliability table: per variable percent agreement, kappa and alpha; the difference listed.
    c.goto(&format!("{base}/research/year/2022/agreement"))
        .await?;
    let table = c
        .find(Locator::Css("table.reliability"))
        .await?
        .text()
        .await?;
    assert!(
        table.contains("4 casussen") && table.contains("kappa") && table.contains("alpha"),
        "{table}"
    );
    let relation_row = c
        .find(Locator::Css("table.reliability th[title=perpetrator]"))
        .await?;
    let relation_row = relation_row
        .find(Locator::XPath(".."))
        .await?
        .text()
        .await?;
    assert!(
        relation_row.contains("75,0"),
        "3 of 4 agree: {relation_row}"
    );
    let language_row = c
        .find(Locator::XPath(
            "//table[@class='reliability']//th[@title='language']/..",
        ))
        .await?
        .text()
        .await?;
    assert!(language_row.contains("100,0"), "{language_row}");
    shot(c, "4-agreement").await?;
    let differences = c.find_all(Locator::Css("ul.disagreements li")).await?;
    assert_eq!(differences.len(), 1);
    // Adjudication: on the case, adopt what both coders agree on (the language).
    differences[0]
        .find(Locator::Css("a"))
        .await?
        .click()
        .await?;
    c.find(Locator::Css(".coders.differ")).await?;
    c.execute(
        "document.getElementById('adopt').scrollIntoView({block: 'center'})",
        vec![],
    )
    .await?;
    c.find(Locator::Id("adopt")).await?.click().await?;
    wait_for(
        c,
        "return document.getElementById('f-language') && document.getElementById('f-language').value === 'nl'",
    )
    .await?;
    let adjudicated = c.current_url().await?;
    let adjudicated = adjudicated
        .path()
        .trim_start_matches("/research/case/")
        .to_string();

    // 3. Export: the browser fetches cases.csv; it must be valid against the codebook.
    c.goto(&format!("{base}/research/year/2022")).await?;
    let csv = c
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             fetch('/research/year/2022/cases.csv').then(r => r.text()).then(done);",
            vec![],
        )
        .await?
        .as_str()
        .ok_or("no csv")?
        .to_string();
    let table = zicht_cases::read_reader(csv.as_bytes(), "cases.csv", book)?;
    assert_eq!(table.len(), 4, "{csv}");
    let id_col = table.index("case_id").ok_or("case_id")?;
    let n_col = table.index("n_conversations").ok_or("n_conversations")?;
    let var_col = table.index(&var).ok_or("the accepted variable")?;
    let rows: HashMap<String, usize> = (0..table.len())
        .filter_map(|r| table.text(id_col, r).map(|id| (id.to_string(), r)))
        .collect();
    let linked = rows.get(first).ok_or("the linked case is missing")?;
    assert_eq!(table.column(n_col)[*linked], 2);
    let row = rows.get(&coded).ok_or("the coded case is missing")?;
    assert_eq!(table.raw(book, var_col, *row), value);
    let status_col = table.index("status").ok_or("status")?;
    let reason_col = table.index("exclusion_reason").ok_or("exclusion_reason")?;
    let excluded: Vec<usize> = (0..table.len())
        .filter(|&r| table.raw(book, status_col, r) == "excluded")
        .collect();
    assert_eq!(excluded.len(), 1, "{csv}");
    assert_eq!(table.raw(book, reason_col, excluded[0]), "other");
    let language_col = table.index("language").ok_or("language")?;
    let row = rows.get(&adjudicated).ok_or("the adjudicated case")?;
    assert_eq!(table.raw(book, language_col, *row), "nl", "{csv}");

    // 4. Every change is in the audit, with who and how.
    c.goto(&format!("{base}/research/case/{coded}/audit"))
        .await?;
    let audit = c.find(Locator::Css("table.audit")).await?.text().await?;
    assert!(
        audit.contains("suggestion")
            && audit.contains("ria")
            && audit.contains("perpetrator_family"),
        "{audit}"
    );
    c.goto(&format!("{base}/research/case/{adjudicated}/audit"))
        .await?;
    let audit = c.find(Locator::Css("table.audit")).await?.text().await?;
    assert!(audit.contains("adjudication"), "{audit}");
    assert!(
        !audit.contains("bram"),
        "blind: ria does not see bram's changes: {audit}"
    );
    c.goto(&format!("{base}/research/year/2022/audit")).await?;
    let log = c.find(Locator::Css("table.audit")).await?.text().await?;
    for step in [
        "import bestand conversations.jsonl: 5 gelezen",
        "gekoppeld",
        "codeur B = bram",
        "codeur B klaar met coderen",
        "geaccepteerd",
        "exclusion_reason",
        "via adjudication",
    ] {
        assert!(log.contains(step), "{step} missing from the log: {log}");
    }
    shot(c, "5-log").await?;
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
