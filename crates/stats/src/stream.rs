//! Statistics straight from a file: the cases are streamed through the accumulators, the table is never built.

use std::path::Path;

use zicht_cases::{CaseTable, Cell, MISSING, ReadError, RowSink, StreamOptions, stream_path};
use zicht_codebook::Codebook;

use crate::scan::scan;
use crate::{Accumulator, Plan, Stats, StatsError, check_year, finish};

/// Why statistics could not be computed from a file.
#[derive(Debug, thiserror::Error)]
pub enum ComputeError {
    /// The file could not be read or is invalid (the table reader's error).
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The statistics could not be computed from the valid file.
    #[error(transparent)]
    Stats(#[from] StatsError),
}

/// Counts the rows of one worker.
struct Sink<'p> {
    plan: &'p Plan,
    year: Option<i32>,
    acc: Accumulator,
    /// The years of all rows, ascending, without repeats.
    years: Vec<i32>,
    last_year: Cell,
}

impl RowSink for Sink<'_> {
    fn row(&mut self, cells: &[Cell]) {
        let y = cells[self.plan.year_col()];
        if y != self.last_year && y != MISSING {
            self.last_year = y;
            if let Err(at) = self.years.binary_search(&y) {
                self.years.insert(at, y);
            }
        }
        if self.year.is_some_and(|want| y != want) {
            return;
        }
        self.acc.add_cells(self.plan, cells);
    }
}

/// Drops the rows (the file is still read and checked).
struct Nothing;

impl RowSink for Nothing {
    fn row(&mut self, _: &[Cell]) {}
}

/// [`crate::compute`] of the file at `path`, streamed: equal statistics and
/// equal errors (the reader's first, then the statistics'), in memory that
/// does not grow with the file. A valid file is counted in one pass over its
/// bytes (the fast path, [`scan_path`]); anything else goes through
/// `zicht_cases::stream_path`, which finds and words the problems.
pub fn compute_path(
    path: &Path,
    book: &Codebook,
    year: Option<i32>,
) -> Result<Stats, ComputeError> {
    compute_path_with(path, book, year, StreamOptions::default())
}

/// [`compute_path`] with chosen block size and threads (tests use small blocks).
pub fn compute_path_with(
    path: &Path,
    book: &Codebook,
    year: Option<i32>,
    options: StreamOptions,
) -> Result<Stats, ComputeError> {
    let plan = match Plan::new(book, &CaseTable::new(book)) {
        Ok(plan) => plan,
        Err(e) => {
            // The reader's problems come first, as with the table.
            stream_path(path, book, options, || Nothing)?;
            return Err(e.into());
        }
    };
    if let Ok(Some(scanned)) = scan(path, book, &plan, year, options) {
        check_year(&scanned.years, year)?;
        return Ok(finish(&plan, &scanned.acc, &scanned.years, year));
    }
    // A problem, a quote or an I/O error: the reader reads the file and says what it is.
    let sinks = stream_path(path, book, options, || Sink {
        plan: &plan,
        year,
        acc: Accumulator::new(&plan),
        years: Vec::new(),
        last_year: MISSING,
    })?;
    let mut acc = Accumulator::new(&plan);
    let mut years = Vec::new();
    for sink in &sinks {
        acc.merge(&sink.acc);
        years.extend_from_slice(&sink.years);
    }
    years.sort_unstable();
    years.dedup();
    check_year(&years, year)?;
    Ok(finish(&plan, &acc, &years, year))
}

/// The fast path of [`compute_path_with`] alone: the statistics when the file
/// is valid and the one pass over its bytes could tell, `None` when the file
/// must go through the reader (a problem, quotes, an unusual header). For
/// tests and benchmarks that must know which path counted.
pub fn scan_path(
    path: &Path,
    book: &Codebook,
    year: Option<i32>,
    options: StreamOptions,
) -> Result<Option<Stats>, StatsError> {
    let plan = Plan::new(book, &CaseTable::new(book))?;
    match scan(path, book, &plan, year, options) {
        Ok(Some(scanned)) => {
            check_year(&scanned.years, year)?;
            Ok(Some(finish(&plan, &scanned.acc, &scanned.years, year)))
        }
        Ok(None) | Err(_) => Ok(None),
    }
}
