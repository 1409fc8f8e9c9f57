//! Benchmark of the research year page at 300, 3,000 and 30,000 conversations (issue 14, point 8).
//!
//! Builds a workspace with synthetic conversations (the first 100 pairs
//! linked, 200 cases with a status, 50 assigned for double coding: the
//! workspace's one-at-a-time decisions are not what is measured), then times `GET /research/year/2026` through the router,
//! the best of three. Prints the time per size and the ratio per tenfold:
//! linear is about 10, quadratic about 100. It also times a small research
//! page sent while the year page of the largest year is being computed: the
//! year page holds the workspace lock only for its reads, so the small page
//! does not wait for the computation. The proposed pairs, which the first
//! visit counts in the background (years up to 5,000 conversations), are
//! waited for untimed before the timing.
//!
//! `cargo run -p zicht-server --example year_bench [--release] [-- SIZES...]`

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use tower::ServiceExt;
use zicht_codebook::Codebook;
use zicht_conversations::{Conversation, Flags, Intake, Message};
use zicht_research::workspace::{FINAL, Workspace};
use zicht_server::research::{ResearchState, Researcher, router};

type R<T = ()> = Result<T, Box<dyn std::error::Error>>;

const TOWNS: &[&str] = &[
    "Breda", "Zwolle", "Den Haag", "Utrecht", "Almere", "Tilburg", "Arnhem", "Leiden",
];

fn conversation(i: usize) -> Conversation {
    let day = i % 360;
    let at = format!(
        "2026-{:02}-{:02}T{:02}:{:02}:00Z",
        day / 30 + 1,
        day % 28 + 1,
        (i / 360) % 24,
        i % 60
    );
    let text = format!(
        "ik ben {} jaar en woon in {}. mijn baas nummer {} houdt mijn paspoort",
        14 + i % 30,
        TOWNS[i % TOWNS.len()],
        i % 97
    );
    Conversation {
        conversation_id: format!("b{i:06}"),
        channel: "fier".to_string(),
        username: format!("bezoeker{}", i % 5000),
        started_at: at.clone(),
        intake: Intake {
            age: Some(14 + (i % 30) as u32),
            gender: Some("female".to_string()),
        },
        flags: Flags {
            trafficking: Some(true),
            other: serde_json::Map::new(),
        },
        messages: vec![
            Message {
                at: at.clone(),
                from: zicht_conversations::From::Visitor,
                text,
            },
            Message {
                at,
                from: zicht_conversations::From::Counsellor,
                text: "Fijn dat je het vertelt.".to_string(),
            },
        ],
        extra: serde_json::Map::new(),
    }
}

fn workspace(n: usize, book: &Codebook) -> R<Workspace> {
    let mut ws = Workspace::in_memory()?;
    let convs: Vec<Conversation> = (0..n).map(conversation).collect();
    ws.import(&convs, "bench", "bench", "2026-12-01T00:00:00Z")?;
    for i in (0..n.saturating_sub(1)).step_by(10).take(100) {
        ws.decide_link(
            &format!("b{i:06}"),
            &format!("b{:06}", i + 1),
            true,
            None,
            "[]",
            "bench",
            "2026-12-01T00:00:00Z",
        )?;
    }
    let cases: Vec<String> = ws.cases(2026)?.into_iter().map(|c| c.case_id).collect();
    for (k, id) in cases.iter().enumerate().take(400) {
        if k % 2 == 0 {
            ws.set_value(
                book,
                id,
                FINAL,
                "status",
                Some(if k % 4 == 0 { "included" } else { "excluded" }),
                "form",
                "bench",
                "2026-12-01T00:00:00Z",
            )?;
        }
    }
    let double: Vec<String> = cases.iter().step_by(10).take(50).cloned().collect();
    ws.assign(&double, "ria", "bram", "bench", "2026-12-01T00:00:00Z")?;
    Ok(ws)
}

async fn time_get(app: &axum::Router, uri: &str) -> R<Duration> {
    let start = Instant::now();
    let res = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty())?)
        .await?;
    let status = res.status();
    let body = axum::body::to_bytes(res.into_body(), 1 << 28).await?;
    if !status.is_success() {
        return Err(format!("{uri}: {status}: {}", String::from_utf8_lossy(&body)).into());
    }
    Ok(start.elapsed())
}

async fn get_text(app: &axum::Router, uri: &str) -> R<String> {
    let res = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty())?)
        .await?;
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn app(ws: Workspace, book: &Codebook) -> (axum::Router, ResearchState) {
    let state = ResearchState::new(ws, book.clone(), None).with_accounts(&["ria", "bram"]);
    let app = router(state.clone()).layer(axum::Extension(Researcher {
        name: "ria".into(),
        csrf: "bench".into(),
    }));
    (app, state)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> R {
    let sizes: Vec<usize> = {
        let args: Vec<usize> = std::env::args()
            .skip(1)
            .filter_map(|a| a.parse().ok())
            .collect();
        if args.is_empty() {
            vec![300, 3_000, 30_000]
        } else {
            args
        }
    };
    let book = Codebook::embedded()?;
    println!("year page (GET /research/year/2026), best of 3");
    println!(
        "{:>13} {:>8} {:>12} {:>14}",
        "conversations", "cases", "time", "ratio/tenfold"
    );
    let mut previous: Option<(usize, f64)> = None;
    let mut last_app = None;
    for &n in &sizes {
        let ws = workspace(n, &book)?;
        let cases = ws.cases(2026)?.len();
        let (app, _) = app(ws, &book);
        // The first visit counts the proposed pairs in the background (up to
        // a size): wait for that, untimed, so that it does not share the cores.
        let waited = Instant::now();
        while get_text(&app, "/research/year/2026")
            .await?
            .contains("worden geteld")
            && waited.elapsed() < Duration::from_secs(600)
        {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let mut best = Duration::MAX;
        for _ in 0..3 {
            best = best.min(time_get(&app, "/research/year/2026").await?);
        }
        let secs = best.as_secs_f64();
        let ratio = previous
            .map(|(m, t)| {
                // Per tenfold, whatever the step between sizes.
                let steps = (n as f64 / m as f64).log10();
                format!("{:.1}", (secs / t).powf(1.0 / steps))
            })
            .unwrap_or_else(|| "–".to_string());
        println!("{n:>13} {cases:>8} {:>10.1} ms {ratio:>14}", secs * 1000.0);
        previous = Some((n, secs));
        last_app = Some(app);
    }
    if let Some(app) = last_app {
        // A small page while the big year page is computing.
        let alone = time_get(&app, "/research/import").await?;
        let big = {
            let app = app.clone();
            tokio::spawn(async move {
                time_get(&app, "/research/year/2026")
                    .await
                    .map_err(|e| e.to_string())
            })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        let during = time_get(&app, "/research/import").await?;
        let big = big.await?.map_err(|e| e.to_string())?;
        println!(
            "import page alone {:.1} ms, while the year page ({:.1} ms) computes {:.1} ms",
            alone.as_secs_f64() * 1000.0,
            big.as_secs_f64() * 1000.0,
            during.as_secs_f64() * 1000.0
        );
    }
    Ok(())
}
