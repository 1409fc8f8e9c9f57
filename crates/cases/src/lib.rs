//! Coded cases (`cases.csv`, formats.md section 1): a column table validated against the codebook.
//!
//! Every column of the codebook is present in a [`CaseTable`], in the order of
//! [`Codebook::columns`]; a column the file did not have is unknown for every
//! row. Values are stored as `i32` per column (see [`Cell`]) so that a million
//! cases fit in a few hundred megabytes and a pass over a column is a pass over
//! a slice.

mod read;
mod stream;
pub mod synth;
mod write;

pub use read::{
    ERROR_CAP, MAX_TEXT_CHARS, Problem, ReadError, SHOWN_CHARS, calendar_day, read_bytes,
    read_path, read_reader, shown,
};
pub use stream::{IdFilter, RowSink, StreamOptions, read_at, stream_path};
pub use write::{Record, write_csv, write_records};

use zicht_codebook::{Codebook, Column, Kind};

/// The stored value of an unknown (empty) cell.
pub const MISSING: i32 = i32::MIN;

/// The meaning of a stored `i32`, by column kind:
/// code = index into the variable's codes; yes/no and set items = `1` / `0`;
/// integer = the number; date = `yyyymmdd`; text = index into the column's strings.
pub type Cell = i32;

/// A date as stored: `yyyymmdd`.
pub fn date_parts(cell: Cell) -> (i32, u32, u32) {
    (
        cell / 10_000,
        (cell / 100 % 100) as u32,
        (cell % 100) as u32,
    )
}

/// The coded cases of one file, column by column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseTable {
    /// Column names in codebook order.
    names: Vec<String>,
    kinds: Vec<Kind>,
    /// Which columns the file had (the others are unknown throughout).
    present: Vec<bool>,
    cells: Vec<Vec<Cell>>,
    /// Strings of text columns (empty vector for other kinds).
    texts: Vec<Vec<String>>,
    len: usize,
}

impl CaseTable {
    /// An empty table with every column of the codebook.
    pub fn new(book: &Codebook) -> CaseTable {
        let cols = book.columns();
        CaseTable {
            names: cols.iter().map(Column::name).collect(),
            kinds: cols.iter().map(Column::kind).collect(),
            present: vec![false; cols.len()],
            cells: vec![Vec::new(); cols.len()],
            texts: vec![Vec::new(); cols.len()],
            len: 0,
        }
    }

    /// Number of cases.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Column names in codebook order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Whether the file had this column.
    pub fn is_present(&self, col: usize) -> bool {
        self.present[col]
    }

    /// The index of a column by name.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// The cells of one column.
    pub fn column(&self, col: usize) -> &[Cell] {
        &self.cells[col]
    }

    /// The kind of one column.
    pub fn kind(&self, col: usize) -> Kind {
        self.kinds[col]
    }

    /// The text of a text cell, if known.
    pub fn text(&self, col: usize, row: usize) -> Option<&str> {
        let cell = *self.cells.get(col)?.get(row)?;
        if cell == MISSING {
            return None;
        }
        self.texts[col]
            .get(usize::try_from(cell).ok()?)
            .map(String::as_str)
    }

    /// A new table with the rows for which `keep` is true, in order.
    pub fn filter(&self, mut keep: impl FnMut(usize) -> bool) -> CaseTable {
        let rows: Vec<usize> = (0..self.len).filter(|&r| keep(r)).collect();
        self.take(&rows)
    }

    /// A new table with the given rows, in the given order.
    pub fn take(&self, rows: &[usize]) -> CaseTable {
        let mut out = CaseTable {
            names: self.names.clone(),
            kinds: self.kinds.clone(),
            present: self.present.clone(),
            cells: vec![Vec::with_capacity(rows.len()); self.names.len()],
            texts: vec![Vec::new(); self.names.len()],
            len: rows.len(),
        };
        for col in 0..self.names.len() {
            let src = &self.cells[col];
            if self.kinds[col] == Kind::Text {
                for &r in rows {
                    let cell = match self.text(col, r) {
                        Some(t) => {
                            out.texts[col].push(t.to_string());
                            (out.texts[col].len() - 1) as Cell
                        }
                        None => MISSING,
                    };
                    out.cells[col].push(cell);
                }
            } else {
                out.cells[col].extend(rows.iter().map(|&r| src[r]));
            }
        }
        out
    }

    /// The raw text of a cell as it would appear in `cases.csv` (empty when unknown).
    pub fn raw(&self, book: &Codebook, col: usize, row: usize) -> String {
        let cell = self.cells[col][row];
        if cell == MISSING {
            return String::new();
        }
        match self.kinds[col] {
            Kind::Text => self.text(col, row).unwrap_or_default().to_string(),
            Kind::Integer | Kind::YesNo => cell.to_string(),
            Kind::Date => {
                let (y, m, d) = date_parts(cell);
                format!("{y:04}-{m:02}-{d:02}")
            }
            Kind::Code => match book.column(&self.names[col]) {
                Some(Column::Variable(v)) => usize::try_from(cell)
                    .ok()
                    .and_then(|i| v.codes.get(i))
                    .map(|c| c.code.clone())
                    .unwrap_or_default(),
                _ => String::new(),
            },
        }
    }

    /// Joins tables with the same columns, in order; the columns are copied
    /// in parallel. An empty list gives `empty`.
    pub fn concat(mut parts: Vec<CaseTable>, empty: &CaseTable) -> CaseTable {
        if parts.len() <= 1 {
            return parts.pop().unwrap_or_else(|| empty.clone());
        }
        let n_cols = parts[0].names.len();
        let len: usize = parts.iter().map(|p| p.len).sum();
        // The first part's columns grow in place; the rest are copied onto them.
        let (first, rest) = parts.split_at_mut(1);
        let mut cells = std::mem::take(&mut first[0].cells);
        let threads = std::thread::available_parallelism()
            .map(|p| p.get())
            .unwrap_or(1)
            .clamp(1, 16);
        let per = n_cols.div_ceil(threads).max(1);
        let (rest, first_texts) = (&*rest, &first[0].texts);
        std::thread::scope(|s| {
            for (k, cells) in cells.chunks_mut(per).enumerate() {
                s.spawn(move || {
                    for (j, out) in cells.iter_mut().enumerate() {
                        let col = k * per + j;
                        out.reserve_exact(len - out.len());
                        let mut base = first_texts[col].len() as Cell;
                        for part in rest {
                            if part.kinds[col] == Kind::Text {
                                out.extend(
                                    part.cells[col]
                                        .iter()
                                        .map(|&c| if c == MISSING { MISSING } else { c + base }),
                                );
                                base += part.texts[col].len() as Cell;
                            } else {
                                out.extend_from_slice(&part.cells[col]);
                            }
                        }
                    }
                });
            }
        });
        // The strings are moved, not copied.
        let mut texts: Vec<Vec<String>> = vec![Vec::new(); n_cols];
        for part in &mut parts {
            for (out, part_texts) in texts.iter_mut().zip(&mut part.texts) {
                out.append(part_texts);
            }
        }
        let mut present = vec![false; n_cols];
        for part in &parts {
            for (p, &q) in present.iter_mut().zip(&part.present) {
                *p |= q;
            }
        }
        let first = &parts[0];
        CaseTable {
            names: first.names.clone(),
            kinds: first.kinds.clone(),
            present,
            cells,
            texts,
            len,
        }
    }

    /// Appends the rows of another table with the same columns.
    pub fn append(&mut self, other: &CaseTable) {
        for col in 0..self.names.len() {
            self.present[col] |= other.present[col];
            if self.kinds[col] == Kind::Text {
                let base = self.texts[col].len() as Cell;
                self.texts[col].extend(other.texts[col].iter().cloned());
                self.cells[col].extend(
                    other.cells[col]
                        .iter()
                        .map(|&c| if c == MISSING { MISSING } else { c + base }),
                );
            } else {
                self.cells[col].extend_from_slice(&other.cells[col]);
            }
        }
        self.len += other.len;
    }
}
