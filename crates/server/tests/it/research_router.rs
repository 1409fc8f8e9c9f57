//! The /research pages through their router (no socket, no login): auth, CSRF, blind coding, the form, linking, import, export.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt;
use zicht_codebook::Codebook;
use zicht_conversations::{Conversation, Flags, Intake, Message};
use zicht_research::assisted::{Span, SuggestFn, SuggestionView};
use zicht_research::workspace::{FINAL, Workspace};
use zicht_server::research::{ResearchState, Researcher, router};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn conv(id: &str, user: &str, at: &str, text: &str) -> Conversation {
    Conversation {
        conversation_id: id.into(),
        channel: "fier".into(),
        username: user.into(),
        started_at: at.into(),
        intake: Intake {
            age: Some(16),
            gender: Some("female".into()),
        },
        flags: Flags {
            trafficking: true,
            other: serde_json::Map::new(),
        },
        messages: vec![Message {
            at: at.into(),
            from: zicht_conversations::From::Visitor,
            text: text.into(),
        }],
        extra: serde_json::Map::new(),
    }
}

/// Suggests the age where the text says "16 jaar" (a fixed rule for this test of the page wiring).
fn age_rule() -> SuggestFn {
    Arc::new(|c: &Conversation| {
        c.messages
            .iter()
            .enumerate()
            .filter_map(|(i, m)| {
                let start = m.text.find("16 jaar")?;
                Some(SuggestionView {
                    variable: "victim_age".into(),
                    value: "16".into(),
                    evidence: vec![Span {
                        message: i,
                        start: m.text[..start].chars().count(),
                        end: m.text[..start].chars().count() + 7,
                    }],
                })
            })
            .collect()
    })
}

fn app(with_user: Option<&str>) -> Result<(Router, ResearchState), Box<dyn std::error::Error>> {
    let mut ws = Workspace::in_memory()?;
    ws.import(
        &[
            conv(
                "c1",
                "zonnebloem22",
                "2022-03-14T20:15:00Z",
                "ik ben 16 jaar, mijn stiefvader in Breda, hij heet Rico",
            ),
            conv(
                "c2",
                "zonnebloem23",
                "2022-03-16T20:15:00Z",
                "ik ben 16 jaar. weer mijn stiefvader, Rico, breda",
            ),
        ],
        "test",
        "ria",
        "2026-11-28T08:00:00Z",
    )?;
    // Two conversations are too few for rarity weights: a low threshold for this test.
    let options = zicht_research::linking::LinkOptions {
        threshold: 5.0,
        ..Default::default()
    };
    let state =
        ResearchState::with_link_options(ws, Codebook::embedded()?, Some(age_rule()), options);
    let mut r = router(state.clone());
    if let Some(name) = with_user {
        let who = Researcher {
            name: name.into(),
            csrf: "tok".into(),
        };
        r = r.layer(axum::Extension(who));
    }
    Ok((r, state))
}

async fn get(app: &Router, uri: &str) -> Result<(StatusCode, String), Box<dyn std::error::Error>> {
    let res = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty())?)
        .await?;
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22).await?;
    Ok((status, String::from_utf8(bytes.to_vec())?))
}

async fn post(
    app: &Router,
    uri: &str,
    csrf: &str,
    body: serde_json::Value,
) -> Result<(StatusCode, serde_json::Value), Box<dyn std::error::Error>> {
    let req = Request::post(uri)
        .header("content-type", "application/json")
        .header("x-csrf-token", csrf)
        .body(Body::from(body.to_string()))?;
    let res = app.clone().oneshot(req).await?;
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22).await?;
    Ok((
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    ))
}

#[tokio::test]
async fn without_a_researcher_or_token_nothing_happens() -> TestResult {
    let (anon, _) = app(None)?;
    assert_eq!(get(&anon, "/research").await?.0, StatusCode::UNAUTHORIZED);
    let (app, _) = app(Some("ria"))?;
    let (status, body) = post(
        &app,
        "/research/api/link",
        "wrong",
        serde_json::json!({"a": "c1", "b": "c2", "linked": true}),
    )
    .await?;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"], "csrf");
    Ok(())
}

#[tokio::test]
async fn funnel_links_coding_and_export() -> TestResult {
    let (app, _) = app(Some("ria"))?;
    let (status, home) = get(&app, "/research").await?;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("href=\"/research/year/2022\""), "{home}");
    assert!(home.contains("gemarkeerde gesprekken"));

    let (_, links) = get(&app, "/research/year/2022/links").await?;
    assert!(links.contains("data-a=\"c1\" data-b=\"c2\""), "{links}");
    assert!(
        links.contains("Gebruikersnaam") && links.contains("Relatie pleger"),
        "{links}"
    );
    let (status, _) = post(
        &app,
        "/research/api/link",
        "tok",
        serde_json::json!({"a": "c1", "b": "c2", "linked": true}),
    )
    .await?;
    assert_eq!(status, StatusCode::OK);
    let (_, year) = get(&app, "/research/year/2022").await?;
    assert!(
        year.contains(
            "<span class=\"n\">1</span><span class=\"what\" data-en=\"linked duplicates\">"
        ),
        "{year}"
    );

    // The form: conditional fields hidden until their condition holds; definitions in <details>.
    let (status, page) = get(&app, "/research/case/c1").await?;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"w-perpetrator_family\" data-cond-var=\"perpetrator\" data-cond-in=\"family\" hidden"), "{page}");
    assert!(page.contains("<details class=\"def\">"));
    assert!(page.contains("type=\"checkbox\" id=\"f-coercion_violence\""));
    assert!(
        page.contains("<mark data-s=\"s-0\">16 jaar</mark>"),
        "{page}"
    );
    assert!(
        !page.contains("id=\"f-year\""),
        "derived columns are not in the form"
    );

    let (status, reply) = post(&app, "/research/api/value", "tok", serde_json::json!({"case_id": "c1", "version": FINAL, "column": "perpetrator", "value": "family"})).await?;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(reply["values"]["perpetrator"], "family");
    let (_, page) = get(&app, "/research/case/c1").await?;
    assert!(
        page.contains(
            "id=\"w-perpetrator_family\" data-cond-var=\"perpetrator\" data-cond-in=\"family\">"
        ),
        "now shown"
    );
    let (status, reply) = post(&app, "/research/api/value", "tok", serde_json::json!({"case_id": "c1", "version": FINAL, "column": "victim_age", "value": "250"})).await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply["message"]
            .as_str()
            .is_some_and(|m| m.contains("victim_age")),
        "{reply}"
    );

    let (status, reply) = post(&app, "/research/api/suggestion", "tok", serde_json::json!({"case_id": "c1", "version": FINAL, "conversation_id": "c2", "variable": "victim_age", "value": "16", "accept": true})).await?;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(reply["values"]["victim_age"], "16");

    // Blind double coding: another coder's version is refused.
    let (status, _) = get(&app, "/research/case/c1?v=bram").await?;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = get(&app, "/research/case/c1?v=ria").await?;
    assert_eq!(status, StatusCode::OK);

    // Export waits for a status, then gives a valid cases.csv.
    let (status, page) = get(&app, "/research/year/2022/cases.csv").await?;
    assert_eq!(status, StatusCode::CONFLICT, "{page}");
    post(&app, "/research/api/value", "tok", serde_json::json!({"case_id": "c1", "version": FINAL, "column": "status", "value": "included"})).await?;
    let (status, csv) = get(&app, "/research/year/2022/cases.csv").await?;
    assert_eq!(status, StatusCode::OK, "{csv}");
    let table = zicht_cases::read_reader(csv.as_bytes(), "export", &Codebook::embedded()?)?;
    assert_eq!(table.len(), 1);
    assert!(
        csv.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("c1,2022,2022-03-14,fier,2,included")),
        "{csv}"
    );

    // The same cases for SPSS: a system file with the codebook's Dutch labels.
    let res = app
        .clone()
        .oneshot(Request::get("/research/year/2022/cases.sav").body(Body::empty())?)
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers().get("content-type").map(|v| v.as_bytes()),
        Some(&b"application/x-spss-sav"[..])
    );
    let sav = axum::body::to_bytes(res.into_body(), 1 << 22).await?;
    assert!(sav.starts_with(b"$FL2"), "not a .sav file");
    let book = Codebook::embedded()?;
    let label = book
        .variable("victim_gender")
        .ok_or("no victim_gender")?
        .label
        .nl
        .clone();
    assert!(
        sav.windows(label.len()).any(|w| w == label.as_bytes()),
        "the .sav lacks the Dutch label {label:?}"
    );

    let (_, audit) = get(&app, "/research/case/c1/audit").await?;
    assert!(
        audit.contains("suggestion") && audit.contains("ria"),
        "{audit}"
    );
    Ok(())
}

async fn post_raw(
    app: &Router,
    uri: &str,
    body: Vec<u8>,
) -> Result<(StatusCode, serde_json::Value), Box<dyn std::error::Error>> {
    let req = Request::post(uri)
        .header("content-type", "application/x-ndjson")
        .header("x-csrf-token", "tok")
        .body(Body::from(body))?;
    let res = app.clone().oneshot(req).await?;
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22).await?;
    Ok((
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    ))
}

#[tokio::test]
async fn import_checks_the_whole_file_and_records_who_and_what() -> TestResult {
    let (app, _) = app(Some("ria"))?;
    let (status, page) = get(&app, "/research/import").await?;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"import-file\""), "{page}");
    assert!(
        !page.contains("id=\"import-store\""),
        "no store to import from in this test"
    );

    let line = |id: &str, at: &str| {
        serde_json::to_string(&conv(id, "gast77", at, "ik ben 15 jaar")).unwrap_or_default()
    };
    let good = format!(
        "{}\n{}\n",
        line("p-1", "2021-05-01T10:00:00Z"),
        line("p-2", "2021-06-01T10:00:00Z")
    );
    let bad = format!(
        "{}\n{}\n",
        line("p-3", "2021-05-01T10:00:00Z"),
        line("p-4", "2021-06-01T10:00:00Z").replace("\"female\"", "\"kat\"")
    );
    let (status, reply) =
        post_raw(&app, "/research/api/import?name=ander.jsonl", bad.into()).await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{reply}");
    let first = reply["problems"][0].as_str().unwrap_or_default();
    assert!(
        first.starts_with("regel 2, veld intake.gender: `kat`"),
        "{reply}"
    );
    assert!(
        reply["message"]
            .as_str()
            .is_some_and(|m| m.contains("er is niets veranderd")),
        "{reply}"
    );
    let (_, home) = get(&app, "/research").await?;
    assert!(!home.contains("/research/year/2021"), "nothing imported");

    let (status, reply) =
        post_raw(&app, "/research/api/import?name=ander.jsonl", good.into()).await?;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(reply["added"], 2);
    assert_eq!(reply["selected"]["2021"], 2);
    let (_, home) = get(&app, "/research").await?;
    assert!(home.contains("/research/year/2021"), "{home}");
    let (_, page) = get(&app, "/research/import").await?;
    assert!(
        page.contains("<td>ria</td><td>bestand ander.jsonl</td><td>2</td><td>2</td><td>0</td>"),
        "{page}"
    );

    // Too large: refused with a Dutch message before anything is read.
    let huge = vec![b' '; zicht_server::research::IMPORT_LIMIT + 1];
    let (status, reply) = post_raw(&app, "/research/api/import", huge).await?;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{reply}");
    assert!(
        reply["message"]
            .as_str()
            .is_some_and(|m| m.contains("groter dan")),
        "{reply}"
    );
    // Without a store, the chat import says so.
    let (status, reply) = post(
        &app,
        "/research/api/import-store",
        "tok",
        serde_json::json!({"year": 2022}),
    )
    .await?;
    assert_eq!(status, StatusCode::CONFLICT, "{reply}");
    Ok(())
}

#[tokio::test]
async fn the_year_log_shows_every_step_but_not_another_coders_values() -> TestResult {
    let (app, _) = app(Some("ria"))?;
    post(
        &app,
        "/research/api/link",
        "tok",
        serde_json::json!({"a": "c1", "b": "c2", "linked": true}),
    )
    .await?;
    let (status, reply) = post(
        &app,
        "/research/api/assign",
        "tok",
        serde_json::json!({"year": 2022, "share": 100, "coder_a": "ria", "coder_b": "bram"}),
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{reply}");
    let (status, reply) = post(&app, "/research/api/value", "tok", serde_json::json!({"case_id": "c1", "version": "ria", "column": "perpetrator", "value": "family"})).await?;
    assert_eq!(status, StatusCode::OK, "{reply}");
    let (_, year) = get(&app, "/research/year/2022").await?;
    assert!(
        year.contains("href=\"/research/case/c1?v=ria\""),
        "the coder finds their blind work: {year}"
    );
    let (status, log) = get(&app, "/research/year/2022/audit").await?;
    assert_eq!(status, StatusCode::OK);
    assert!(log.contains("gekoppeld c1 – c2"), "{log}");
    assert!(log.contains("codeur B = bram"), "{log}");
    assert!(log.contains("(ria): perpetrator"), "{log}");
    assert!(log.contains("import test"), "{log}");
    Ok(())
}
