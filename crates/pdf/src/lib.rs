//! The annual report as PDF, typeset in pure Rust with typst used as a library.
//!
//! [`typst_source`] writes the report model as typst markup (cover, table of
//! contents, chapters, figures as embedded SVG, tables, page numbers);
//! [`render`] compiles it in a minimal in-memory [`World`] whose only fonts are
//! the ones shipped in `zicht-report` (no system fonts, no files read).

mod markup;
mod world;

pub use markup::typst_source;

use zicht_report::{RenderedFigure, Report};

/// Why the PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// Typst rejected the generated markup (a bug in this crate, reported with typst's message).
    #[error("typesetting the report failed: {0}")]
    Typeset(String),
    #[error("writing the PDF failed: {0}")]
    Export(String),
}

/// Typesets the report as PDF bytes. `figures` are the report's figures rendered as SVG.
pub fn render(report: &Report, figures: &[RenderedFigure]) -> Result<Vec<u8>, PdfError> {
    let source = typst_source(report);
    let files = figures
        .iter()
        .map(|f| {
            (
                format!("/figures/{}.svg", f.file),
                f.svg.as_bytes().to_vec(),
            )
        })
        .collect();
    let world = world::ReportWorld::new(source, files).map_err(PdfError::Typeset)?;
    let warned = typst::compile::<typst_layout::PagedDocument>(&world);
    let doc = warned.output.map_err(|errs| {
        PdfError::Typeset(
            errs.iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(format!("zicht-report-{}", report.year)),
        ..typst_pdf::PdfOptions::default()
    };
    typst_pdf::pdf(&doc, &options).map_err(|errs| {
        PdfError::Export(
            errs.iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })
}
