//! The demo's HTML report in Chromium at phone and desktop width: no horizontal page
//! overflow, chart text of at least 11 px, every chart with a text alternative and its
//! numbers as a table, and axe-core WCAG 2.2 A/AA with no violation.
//!
//! The browser helpers are the server's (`crates/server/tests/it/web.rs`), included
//! here by path so that both crates share one copy.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../server/tests/it/web.rs"]
mod web;

mod util {
    pub type R<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;
}

use std::path::{Path, PathBuf};
use std::process::Command;

use fantoccini::{Client, Locator};
use util::R;
use web::{Chromium, axe, shot};

fn zicht(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_zicht"))
        .args(args)
        .output()
        .expect("run zicht");
    assert!(
        out.status.success(),
        "zicht {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The demo data set and its full report (pooled years, estimate, reliability).
fn demo_report(dir: &Path) -> PathBuf {
    let d = dir.join("d");
    let r = dir.join("r");
    let p = |x: &Path| x.to_str().unwrap().to_string();
    zicht(&["demo", "--out", &p(&d)]);
    zicht(&[
        "report",
        "--cases",
        &p(&d.join("cases.csv")),
        "--year",
        "2022",
        "--out",
        &p(&r),
        "--pool",
        "2019-2022",
        "--histories",
        &p(&d.join("histories.csv")),
        "--coder-a",
        &p(&d.join("coder-a.csv")),
        "--coder-b",
        &p(&d.join("coder-b.csv")),
    ]);
    r.join("report.html")
}

/// The page's width against the window's, the smallest chart text in CSS pixels as
/// shown, and the figures with their text alternative and table of numbers.
const MEASURE: &str = r#"
const charts = [...document.querySelectorAll('.chart')].filter(c => c.offsetParent !== null);
let smallest = 1e9;
for (const c of charts) {
  const svg = c.querySelector('svg');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  for (const t of svg.querySelectorAll('text')) {
    smallest = Math.min(smallest, parseFloat(t.getAttribute('font-size')) * scale);
  }
}
const figures = [...document.querySelectorAll('figure')];
return {
  scroll: document.documentElement.scrollWidth,
  inner: window.innerWidth,
  charts: charts.length,
  smallest: smallest,
  figures: figures.length,
  labelled: figures.filter(f => [...f.querySelectorAll('svg[role=img]')].every(s => (s.getAttribute('aria-label') || '').length > 20)).length,
  tables: figures.filter(f => f.querySelector('details.data table tbody tr')).length,
  // Captions and chart text cut off: a caption outside the window or wider than its own
  // box, an SVG text outside its drawing.
  clipped: [
    ...[...document.querySelectorAll('p.table-caption')].filter(p => p.offsetParent !== null && !p.closest('details.data'))
      .filter(p => { const r = p.getBoundingClientRect(); return r.left < -0.5 || r.right > window.innerWidth + 0.5 || p.scrollWidth > p.clientWidth + 0.5; })
      .map(p => 'caption ' + p.textContent.slice(0, 40)),
    ...charts.flatMap(c => { const svg = c.querySelector('svg'); const b = svg.getBoundingClientRect();
      return [...svg.querySelectorAll('text')].filter(t => { const r = t.getBoundingClientRect(); return r.width > 0 && (r.left < b.left - 0.5 || r.right > b.right + 0.5); })
        .map(t => 'svg text ' + t.textContent); }),
  ].slice(0, 8),
  // Every scrolling table box is focusable, named, and says that it scrolls.
  unnamed: [...document.querySelectorAll('.table-wrap')].filter(w => w.tabIndex !== 0 || !/(schuift|scrolls)/.test(w.getAttribute('aria-label') || '')).length,
  // What sticks out (with its text: a long word overflows its own box).
  wide: [...document.querySelectorAll('body *')]
    .filter(e => !e.parentElement.closest('.table-wrap, .chart') && e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 0.5 && getComputedStyle(e).overflowX === 'visible')
    .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().left) + '-' + Math.round(e.getBoundingClientRect().right) + ' ' + (e.textContent || '').slice(0, 40)),
};"#;

async fn check_width(c: &Client, state: &str, width: u32) -> R {
    let m = c.execute(MEASURE, vec![]).await?;
    let get = |k: &str| m[k].as_f64().unwrap_or(f64::NAN);
    println!("{state}: {m}");
    assert!(
        get("scroll") <= get("inner"),
        "{state}: the page is {} px wide in a {} px window: {}",
        get("scroll"),
        get("inner"),
        m["wide"]
    );
    assert!(
        get("inner") <= f64::from(width),
        "{state}: window {}",
        get("inner")
    );
    assert!(get("charts") >= 10.0, "{state}: {m}");
    assert_eq!(
        m["clipped"].as_array().map_or(1, Vec::len),
        0,
        "{state}: cut off: {}",
        m["clipped"]
    );
    assert_eq!(
        get("unnamed"),
        0.0,
        "{state}: a table box without its scroll hint"
    );
    assert!(
        get("smallest") >= 11.0,
        "{state}: chart text shown at {} px",
        get("smallest")
    );
    assert_eq!(
        get("figures"),
        get("charts"),
        "{state}: one chart per figure"
    );
    assert_eq!(
        get("labelled"),
        get("figures"),
        "{state}: a text alternative per chart"
    );
    assert_eq!(
        get("tables"),
        get("figures"),
        "{state}: a table of numbers per chart"
    );
    Ok(())
}

async fn look(c: &Client, css: &str, name: &str) -> R {
    let e = c.find(Locator::Css(css)).await?;
    c.execute(
        "arguments[0].scrollIntoView({block: 'start'});",
        vec![serde_json::to_value(&e)?],
    )
    .await?;
    shot(c, name).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_report_fits_a_phone_and_passes_axe() -> R {
    let Some(chromium) = Chromium::start().await? else {
        return Ok(());
    };
    let dir = std::env::temp_dir().join(format!("zicht-report-browser-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let html = demo_report(&dir);
    let url = format!("file://{}", html.display());
    for (name, width, height) in [("phone", 390, 844), ("desktop", 1280, 900)] {
        let c = chromium
            .window(&format!("report-{name}"), width, height)
            .await?;
        c.goto(&url).await?;
        web::wait_css(&c, "figure").await?;
        shot(&c, &format!("report-{name}-cover")).await?;
        check_width(&c, name, width).await?;
        axe(&c, &format!("report at {name} width")).await?;
        look(
            &c,
            "#h-2 ~ p.table-caption",
            &format!("report-{name}-table"),
        )
        .await?;
        look(&c, "figure", &format!("report-{name}-figure")).await?;
        // The researchers' text: the vignette box, footnotes and the references.
        look(&c, "aside.vignette", &format!("report-{name}-vignette")).await?;
        look(&c, "aside.notes", &format!("report-{name}-notes")).await?;
        look(&c, "#h-literatuur", &format!("report-{name}-references")).await?;
        // Every table of numbers opened, as a reader would with the keyboard.
        let summaries = c.find_all(Locator::Css("details.data summary")).await?;
        for s in &summaries {
            s.click().await?;
        }
        check_width(&c, &format!("{name}, tables open"), width).await?;
        axe(&c, &format!("report at {name} width, tables open")).await?;
        look(
            &c,
            "figure:nth-of-type(2)",
            &format!("report-{name}-figure-open"),
        )
        .await?;
        c.close().await?;
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
