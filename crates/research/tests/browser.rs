//! End to end in headless Chromium: link two conversations, code a case, accept a suggestion, export.
//!
//! The pages are served by the research router alone, behind the chat
//! server's Content-Security-Policy, with the signed-in researcher put in by a
//! layer (in `zicht serve` the server's login does that). The data are five
//! conversations of the demo year 2022: one visitor who came back (two
//! conversations) and three others. Needs Debian's `chromium` and
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
use zicht_research::linking::LinkOptions;
use zicht_research::web::{ResearchState, Researcher, SuggestFn, router};
use zicht_research::workspace::Workspace;

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
    let mut ws = Workspace::in_memory()?;
    ws.import(&sample, "demo", "test", "2026-11-28T09:00:00Z")?;
    let book = Codebook::embedded()?;
    // Five conversations are too few for rarity weights: a low threshold.
    let options = LinkOptions {
        threshold: 0.0,
        ..LinkOptions::default()
    };
    let state = ResearchState::with_link_options(ws, book.clone(), Some(assisted()?), options);
    let who = Researcher {
        name: "ria".into(),
        csrf: "csrf-token-for-the-test".into(),
    };
    let app = router(state)
        .layer(axum::Extension(who))
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
    let result = scenario(&c, &base, &book, &first, &second).await;
    let _ = c.close().await;
    result
}

async fn scenario(c: &Client, base: &str, book: &Codebook, first: &str, second: &str) -> R {
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
        c.find(Locator::Id("f-status"))
            .await?
            .select_by_value("included")
            .await?;
        wait_for(
            c,
            "return document.getElementById('status').textContent === 'Opgeslagen.'",
        )
        .await?;
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
    Ok(())
}
