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
    let mut pdf = typst_pdf::pdf(&doc, &options).map_err(|errs| {
        PdfError::Export(
            errs.iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    blank_suspects_false(&mut pdf);
    Ok(pdf)
}

/// Blanks `/Suspects false` in the catalog's `/MarkInfo` (typst writes it; it is the
/// default). Poppler (22.x, as in Debian 12) reports a false `Suspects` as "Syntax Error:
/// Suspects object is wrong type (boolean)". The bytes are overwritten with spaces of the
/// same length, so every cross-reference offset stays right.
fn blank_suspects_false(pdf: &mut [u8]) {
    const MARK: &[u8] = b"/MarkInfo<<";
    const SUSPECTS: &[u8] = b"/Suspects false";
    let Some(mark) = pdf.windows(MARK.len()).position(|w| w == MARK) else {
        return;
    };
    let start = mark + MARK.len();
    let Some(end) = pdf[start..]
        .windows(2)
        .position(|w| w == b">>")
        .map(|e| start + e)
    else {
        return;
    };
    if let Some(at) = pdf[start..end]
        .windows(SUSPECTS.len())
        .position(|w| w == SUSPECTS)
    {
        pdf[start + at..start + at + SUSPECTS.len()].fill(b' ');
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn suspects_false_is_blanked_in_place() {
        let mut pdf =
            b"1 0 obj<</Type/Catalog/MarkInfo<</Marked true/Suspects false>>/X 1>>".to_vec();
        let len = pdf.len();
        super::blank_suspects_false(&mut pdf);
        assert_eq!(pdf.len(), len);
        assert_eq!(
            pdf,
            b"1 0 obj<</Type/Catalog/MarkInfo<</Marked true               >>/X 1>>".to_vec()
        );
        // Text elsewhere is left alone.
        let mut other = b"(/Suspects false)".to_vec();
        super::blank_suspects_false(&mut other);
        assert_eq!(other, b"(/Suspects false)".to_vec());
    }
}
