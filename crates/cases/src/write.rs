//! Writes `cases.csv`: the codebook's columns in canonical order, one row per case.

use std::collections::BTreeMap;
use std::io::Write;

use zicht_codebook::Codebook;

use crate::CaseTable;

/// One case as raw column values (`column name -> text`); absent = unknown.
pub type Record = BTreeMap<String, String>;

/// Writes a table as `cases.csv` with every codebook column.
pub fn write_csv(book: &Codebook, table: &CaseTable, w: impl Write) -> std::io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(table.names())?;
    let mut row: Vec<String> = Vec::with_capacity(table.names().len());
    for r in 0..table.len() {
        row.clear();
        row.extend((0..table.names().len()).map(|c| table.raw(book, c, r)));
        out.write_record(&row)?;
    }
    out.flush()
}

/// Writes records as `cases.csv` with every codebook column, in codebook order.
///
/// Keys that are not codebook columns are not written; validate with
/// [`crate::read_reader`] when the records come from outside.
pub fn write_records<'a>(
    book: &Codebook,
    records: impl IntoIterator<Item = &'a Record>,
    w: impl Write,
) -> std::io::Result<()> {
    let names: Vec<String> = book.columns().iter().map(|c| c.name()).collect();
    let mut out = csv::Writer::from_writer(w);
    out.write_record(&names)?;
    for rec in records {
        out.write_record(names.iter().map(|n| rec.get(n).map_or("", String::as_str)))?;
    }
    out.flush()
}
