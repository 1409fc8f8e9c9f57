//! The annual report, generated: a report model built from the statistics, Dutch and English
//! sentence templates, one self-contained HTML file and every figure as SVG and PNG.
//!
//! [`build`] turns coded cases into a [`Report`] (chapters, sentences, tables,
//! figures); every number in it is computed from the data and every label comes
//! from the codebook. Two optional parts come from elsewhere: a multiple systems
//! estimate ([`Population`], computed by `zicht-estimate`) and the coders'
//! agreement ([`Reliability`], plain rows filled in by the binary). [`html::render`] writes the HTML, [`svg::render`] the
//! figures and [`png::svg_to_png`] their PNG twins. The PDF lives in the
//! separate crate `zicht-pdf` so that nothing else rebuilds with typst.

mod build;
pub mod figures;
pub mod fonts;
pub mod html;
pub mod model;
pub mod narrative;
pub mod png;
pub mod population;
pub mod reliability;
pub mod spec;
pub mod suppress;
pub mod svg;
pub mod text;

use std::path::{Path, PathBuf};

use zicht_cases::CaseTable;
use zicht_codebook::{Codebook, Lang};

pub use model::{
    Block, Chapter, Chart, ChartSeries, Figure, Interval, Orientation, Report, Span, Table,
};
pub use population::Population;
pub use reliability::{Metric, Reliability, ReliabilityRow};
pub use text::AgeCoding;

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Stats(#[from] zicht_stats::StatsError),
    #[error("the codebook has no variable or set `{0}` that the report uses")]
    Codebook(String),
    #[error("--min-cell must be at least 1")]
    MinCell,
    #[error("--pool {0}: expected two years FROM-TO with FROM <= TO, e.g. 2019-2022")]
    Pool(String),
    #[error("{0}")]
    Narrative(narrative::Diagnostics),
    #[error("{0} already exists; the report text is not overwritten")]
    Exists(PathBuf),
    #[error("rendering a figure: {0}")]
    Render(String),
    #[error("writing {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// How the report is made.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub lang: Lang,
    /// Suppress counts below this (with secondary suppression); `None` = publish every count.
    pub min_cell: Option<u64>,
    /// Privacy bounds for the youngest and oldest ages.
    pub ages: AgeCoding,
    /// Years pooled for the analysis of parents as perpetrators.
    pub pool: Option<(i32, i32)>,
    /// A multiple systems estimate: adds the chapter on the size of the hidden population.
    pub population: Option<Population>,
    /// Two coders' agreement: adds the reliability table to the method chapter.
    pub reliability: Option<Reliability>,
    /// The narrative (`zicht report --text DIR`); `None` = the built-in text of `lang`.
    pub text: Option<narrative::Source>,
}

/// Parses a pool range `2019-2022`.
pub fn parse_pool(s: &str) -> Result<(i32, i32), ReportError> {
    let (a, b) = s
        .split_once('-')
        .ok_or_else(|| ReportError::Pool(s.to_string()))?;
    let a: i32 = a
        .trim()
        .parse()
        .map_err(|_| ReportError::Pool(s.to_string()))?;
    let b: i32 = b
        .trim()
        .parse()
        .map_err(|_| ReportError::Pool(s.to_string()))?;
    if a > b {
        return Err(ReportError::Pool(s.to_string()));
    }
    Ok((a, b))
}

/// Builds the report of one year from the coded cases.
pub fn build(
    table: &CaseTable,
    book: &Codebook,
    year: i32,
    opts: &Options,
) -> Result<Report, ReportError> {
    if opts.min_cell == Some(0) {
        return Err(ReportError::MinCell);
    }
    build::build(table, book, year, opts, None)
}

/// [`build`] with the statistics of `year` computed already: `zicht report`
/// streams them from the file the table was read from
/// (`zicht_stats::compute_path`, the same numbers as `zicht_stats::compute`
/// on the table; a golden test builds the report both ways). The table is
/// still needed for the report's other analyses.
pub fn build_with_stats(
    table: &CaseTable,
    book: &Codebook,
    year: i32,
    opts: &Options,
    stats: zicht_stats::Stats,
) -> Result<Report, ReportError> {
    if opts.min_cell == Some(0) {
        return Err(ReportError::MinCell);
    }
    build::build(table, book, year, opts, Some(stats))
}

/// One figure rendered: file stem, SVG text and PNG bytes.
#[derive(Debug, Clone)]
pub struct RenderedFigure {
    pub file: String,
    pub caption: String,
    pub svg: String,
    pub png: Vec<u8>,
}

/// Renders every figure of a report as SVG and PNG (PNG at twice the size, for slides).
///
/// The PNGs are rasterised in parallel, one share of the figures per core.
pub fn render_figures(report: &Report) -> Result<Vec<RenderedFigure>, ReportError> {
    let svgs: Vec<(String, String, String)> = report
        .figures
        .iter()
        .map(|f| {
            (
                f.file.clone(),
                f.caption.clone(),
                svg::render(&f.chart, &f.caption),
            )
        })
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let chunk = svgs.len().div_ceil(threads).max(1);
    let pngs: Vec<Result<Vec<u8>, ReportError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = svgs
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(_, _, s)| png::svg_to_png(s, 2.0))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(v) => v,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    svgs.into_iter()
        .zip(pngs)
        .map(|((file, caption, svg), png)| {
            Ok(RenderedFigure {
                file,
                caption,
                svg,
                png: png?,
            })
        })
        .collect()
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    std::fs::write(path, bytes).map_err(|source| ReportError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes `DIR/report.html` and `DIR/figures/*.svg|png` from a report and its rendered figures.
pub fn write_html_and_figures(
    report: &Report,
    figures: &[RenderedFigure],
    dir: &Path,
) -> Result<(), ReportError> {
    let figdir = dir.join("figures");
    std::fs::create_dir_all(&figdir).map_err(|source| ReportError::Io {
        path: figdir.clone(),
        source,
    })?;
    write(&dir.join("report.html"), html::render(report).as_bytes())?;
    for f in figures {
        write(&figdir.join(format!("{}.svg", f.file)), f.svg.as_bytes())?;
        write(&figdir.join(format!("{}.png", f.file)), &f.png)?;
    }
    Ok(())
}
