//! The monitor's statistics: the selection funnel, every table of the annual report and the year series.
//!
//! [`compute`] turns a [`CaseTable`] into [`Stats`], the contract of formats.md
//! section 4. The work is done by mergeable accumulators ([`Accumulator`]):
//! chunks of rows are counted in parallel and merged, and the merge of two
//! halves equals the whole (a property test checks it). [`compute_path`]
//! computes the same from a file without building the table, in one parallel
//! pass over its bytes. Which variable plays
//! which role (status, age, populations, series) comes from the codebook's
//! `[analysis]` table; nothing here names a variable.

mod acc;
mod dense;
mod ids;
mod ordered;
mod render;
mod scan;
mod stream;

pub use acc::{Accumulator, Plan};
pub use ordered::Ordered;
pub use render::{fmt_count, fmt_dec, fmt_pct, pct, render_text};
pub use stream::{ComputeError, compute_path, compute_path_with, scan_path};

use serde::{Deserialize, Serialize};
use zicht_cases::CaseTable;
use zicht_codebook::Codebook;

/// Why statistics could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum StatsError {
    #[error("the codebook has no column `{0}` that the analysis needs")]
    MissingColumn(String),
    #[error("no cases of year {0} in the input (years present: {1})")]
    NoSuchYear(i32, String),
}

/// The statistics of one reporting year (or of all years pooled).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// The reporting year; `null` when all years of the input are pooled.
    pub year: Option<i32>,
    /// The years the statistics cover.
    pub years_covered: Vec<i32>,
    pub funnel: Funnel,
    /// Included cases per month of first contact, `YYYY-MM`, every month of the covered years.
    pub by_month: Ordered<u64>,
    /// Number of included cases per population.
    pub population_sizes: Ordered<u64>,
    /// Per population (`all`, `sexual`, `criminal`) and variable.
    pub populations: Ordered<Ordered<Entry>>,
    /// Cross tables: row code -> column code -> count.
    pub crosstabs: Ordered<Ordered<Ordered<u64>>>,
    /// The comparison series, one entry per year (only on multi-year input without a year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years: Option<Ordered<Ordered<u64>>>,
}

/// The selection funnel: flagged conversations to included cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Funnel {
    /// Sum of `n_conversations` over all cases.
    pub conversations: u64,
    /// Sum of `n_conversations - 1`: conversations linked to an earlier one.
    pub duplicates: u64,
    /// Cases with status `excluded`.
    pub excluded: u64,
    /// Cases with status `included`.
    pub included: u64,
    /// Excluded cases per reason (`unknown` when no reason was coded).
    pub exclusion_reasons: Ordered<u64>,
    /// Conversations per channel.
    pub conversations_by_channel: Ordered<u64>,
    /// Included cases per channel.
    pub included_by_channel: Ordered<u64>,
}

/// The statistics of one variable in one population.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Entry {
    /// A single-choice or yes/no variable.
    Single(Single),
    /// The age summary.
    Age(Age),
    /// A multiple-response set.
    Set(SetStat),
}

/// A single-choice or yes/no variable: known, unknown and the count per code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Single {
    pub n: u64,
    pub missing: u64,
    pub counts: Ordered<u64>,
}

/// The age summary of a population.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Age {
    pub n: u64,
    pub missing: u64,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    /// Count below the age of majority.
    pub minors: u64,
    /// Count below each threshold of the codebook (`under_16`, `under_25`).
    #[serde(flatten)]
    pub under: Ordered<u64>,
    pub minor_mean: Option<f64>,
    pub minor_median: Option<f64>,
    /// Youngest and oldest age (for bottom and top coding; never print them raw).
    pub min: Option<u32>,
    pub max: Option<u32>,
    /// Count per age, for the age figure.
    pub distribution: Ordered<u64>,
}

/// A multiple-response set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetStat {
    /// Cases with at least one item.
    pub cases: u64,
    /// Total of items marked.
    pub mentions: u64,
    pub counts: Ordered<u64>,
    /// Cases with at least two items (only for sets that ask for it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub two_or_more: Option<u64>,
}

impl Stats {
    /// The entry of a variable in a population.
    pub fn entry(&self, population: &str, variable: &str) -> Option<&Entry> {
        self.populations.get(population)?.get(variable)
    }

    /// A single-choice or yes/no variable of a population.
    pub fn single(&self, population: &str, variable: &str) -> Option<&Single> {
        match self.entry(population, variable)? {
            Entry::Single(s) => Some(s),
            _ => None,
        }
    }

    /// A multiple-response set of a population.
    pub fn set(&self, population: &str, set: &str) -> Option<&SetStat> {
        match self.entry(population, set)? {
            Entry::Set(s) => Some(s),
            _ => None,
        }
    }

    /// The age summary of a population.
    pub fn age(&self, population: &str, variable: &str) -> Option<&Age> {
        match self.entry(population, variable)? {
            Entry::Age(a) => Some(a),
            _ => None,
        }
    }
}

/// The years present in a table, ascending.
pub fn years_of(table: &CaseTable, book: &Codebook) -> Result<Vec<i32>, StatsError> {
    let col = table
        .index(&book.analysis.year)
        .ok_or_else(|| StatsError::MissingColumn(book.analysis.year.clone()))?;
    let mut years: Vec<i32> = table.column(col).to_vec();
    years.sort_unstable();
    years.dedup();
    years.retain(|&y| y != zicht_cases::MISSING);
    Ok(years)
}

/// Computes the statistics of one year, or of every year pooled when `year` is `None`.
///
/// On pooled input with more than one year the result also has the `years` series.
pub fn compute(table: &CaseTable, book: &Codebook, year: Option<i32>) -> Result<Stats, StatsError> {
    let plan = Plan::new(book, table)?;
    let years = years_of(table, book)?;
    check_year(&years, year)?;
    let acc = accumulate(&plan, table, year);
    Ok(finish(&plan, &acc, &years, year))
}

/// The error when `year` is not among the years present.
fn check_year(years: &[i32], year: Option<i32>) -> Result<(), StatsError> {
    if let Some(y) = year
        && !years.contains(&y)
    {
        let list: Vec<String> = years.iter().map(i32::to_string).collect();
        return Err(StatsError::NoSuchYear(y, list.join(", ")));
    }
    Ok(())
}

/// The statistics from the counts of `year` (or all) and the years present.
fn finish(plan: &Plan, acc: &Accumulator, years: &[i32], year: Option<i32>) -> Stats {
    let covered = match year {
        Some(y) => vec![y],
        None => years.to_vec(),
    };
    let with_years = year.is_none() && years.len() > 1;
    acc.finish(plan, year, &covered, with_years)
}

/// The series per year (included cases and the codebook's series) over the whole table.
pub fn year_series(
    table: &CaseTable,
    book: &Codebook,
) -> Result<Ordered<Ordered<u64>>, StatsError> {
    let plan = Plan::new(book, table)?;
    let acc = accumulate(&plan, table, None);
    Ok(acc.series(&plan))
}

/// Counts the rows of `year` (or all) in parallel chunks and merges them.
fn accumulate(plan: &Plan, table: &CaseTable, year: Option<i32>) -> Accumulator {
    let n = table.len();
    let threads = std::thread::available_parallelism()
        .map(|p| p.get())
        .unwrap_or(1)
        .min(8);
    if n < 50_000 || threads == 1 {
        let mut acc = Accumulator::new(plan);
        acc.add_rows(plan, table, 0..n, year);
        return acc;
    }
    let chunk = n.div_ceil(threads);
    let parts: Vec<Accumulator> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let start = (t * chunk).min(n);
                let end = ((t + 1) * chunk).min(n);
                s.spawn(move || {
                    let mut acc = Accumulator::new(plan);
                    acc.add_rows(plan, table, start..end, year);
                    acc
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| match h.join() {
                Ok(acc) => acc,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    let mut total = Accumulator::new(plan);
    for part in &parts {
        total.merge(part);
    }
    total
}
