//! Mergeable accumulators: what the statistics count, row by row, and how two counts combine.

use std::collections::BTreeMap;

use zicht_cases::{CaseTable, Cell, MISSING};
use zicht_codebook::{Codebook, Column, Condition, Kind};

use crate::{Age, Entry, Funnel, Ordered, SetStat, Single, Stats, StatsError};

/// A filter compiled to a column and a bit mask of code indices.
#[derive(Debug, Clone)]
pub(crate) struct Mask {
    pub(crate) col: usize,
    pub(crate) bits: u64,
    pub(crate) is_in: bool,
}

impl Mask {
    fn compile(table: &CaseTable, book: &Codebook, cond: &Condition) -> Result<Mask, StatsError> {
        let col = table
            .index(&cond.variable)
            .ok_or_else(|| StatsError::MissingColumn(cond.variable.clone()))?;
        let var = book
            .variable(&cond.variable)
            .ok_or_else(|| StatsError::MissingColumn(cond.variable.clone()))?;
        let (list, is_in) = match (&cond.in_codes, &cond.not_in) {
            (Some(l), _) => (l.as_slice(), true),
            (None, Some(l)) => (l.as_slice(), false),
            (None, None) => (&[][..], false),
        };
        let bits = list
            .iter()
            .filter_map(|c| var.code_index(c))
            .fold(0u64, |m, i| m | (1 << i));
        Ok(Mask { col, bits, is_in })
    }

    #[inline]
    pub(crate) fn matches(&self, cell: Cell) -> bool {
        let hit = (0..64).contains(&cell) && (self.bits >> cell) & 1 == 1;
        if self.is_in { hit } else { !hit }
    }
}

/// A single-choice or yes/no variable to count.
#[derive(Debug, Clone)]
pub(crate) struct SingleVar {
    pub(crate) name: String,
    pub(crate) col: usize,
    /// Code names in output order; yes/no gives `yes`, `no`.
    pub(crate) codes: Vec<String>,
    pub(crate) yesno: bool,
}

/// A multiple-response set to count.
#[derive(Debug, Clone)]
pub(crate) struct SetVar {
    pub(crate) name: String,
    pub(crate) cols: Vec<usize>,
    pub(crate) items: Vec<String>,
    pub(crate) two_or_more: bool,
}

/// What to count, compiled once from the codebook and the table's columns.
#[derive(Debug, Clone)]
pub struct Plan {
    pub(crate) status: usize,
    pub(crate) included: Cell,
    pub(crate) excluded: Cell,
    pub(crate) reason: usize,
    pub(crate) reason_codes: Vec<String>,
    pub(crate) year: usize,
    pub(crate) date: usize,
    pub(crate) conversations: usize,
    pub(crate) channel: usize,
    pub(crate) channel_codes: Vec<String>,
    pub(crate) age: usize,
    pub(crate) age_name: String,
    pub(crate) minor_below: i64,
    pub(crate) thresholds: Vec<i64>,
    pub(crate) populations: Vec<(String, Option<Mask>)>,
    pub(crate) singles: Vec<SingleVar>,
    pub(crate) sets: Vec<SetVar>,
    pub(crate) crosstabs: Vec<(String, SingleVar, SingleVar)>,
    pub(crate) series: Vec<(String, Mask)>,
}

/// The largest age counted individually (ages are validated against the codebook's range).
pub(crate) const AGE_SLOTS: usize = 256;

impl Plan {
    /// The column of the year.
    pub(crate) fn year_col(&self) -> usize {
        self.year
    }

    /// Compiles the analysis of the codebook against a table's columns.
    pub fn new(book: &Codebook, table: &CaseTable) -> Result<Plan, StatsError> {
        let a = &book.analysis;
        let idx = |name: &str| {
            table
                .index(name)
                .ok_or_else(|| StatsError::MissingColumn(name.to_string()))
        };
        let codes_of = |name: &str| -> Vec<String> {
            book.variable(name)
                .map(|v| v.codes.iter().map(|c| c.code.clone()).collect())
                .unwrap_or_default()
        };
        let status_var = book
            .variable(&a.status)
            .ok_or_else(|| StatsError::MissingColumn(a.status.clone()))?;
        let code_cell = |code: &str| -> Result<Cell, StatsError> {
            status_var
                .code_index(code)
                .map(|i| i as Cell)
                .ok_or_else(|| StatsError::MissingColumn(format!("{}={code}", a.status)))
        };
        let single = |name: &str| -> Result<SingleVar, StatsError> {
            let col = idx(name)?;
            let yesno = table.kind(col) == Kind::YesNo;
            Ok(SingleVar {
                name: name.to_string(),
                col,
                codes: if yesno {
                    vec!["yes".to_string(), "no".to_string()]
                } else {
                    codes_of(name)
                },
                yesno,
            })
        };
        let mut singles = Vec::new();
        for c in book.columns() {
            if let Column::Variable(v) = c
                && matches!(v.kind, Kind::Code | Kind::YesNo)
            {
                singles.push(single(&v.name)?);
            }
        }
        let mut sets = Vec::new();
        for s in &book.sets {
            let mut cols = Vec::new();
            for item in &s.items {
                cols.push(idx(&s.column(item))?);
            }
            sets.push(SetVar {
                name: s.name.clone(),
                cols,
                items: s.items.iter().map(|i| i.code.clone()).collect(),
                two_or_more: s.count_two_or_more,
            });
        }
        let mut populations = Vec::new();
        for p in &a.populations {
            let mask = match &p.filter {
                Some(f) => Some(Mask::compile(table, book, f)?),
                None => None,
            };
            populations.push((p.name.clone(), mask));
        }
        let mut crosstabs = Vec::new();
        for t in &a.crosstabs {
            crosstabs.push((t.name.clone(), single(&t.rows)?, single(&t.columns)?));
        }
        let mut series = Vec::new();
        for s in &a.series {
            series.push((s.name.clone(), Mask::compile(table, book, &s.filter)?));
        }
        Ok(Plan {
            status: idx(&a.status)?,
            included: code_cell(&a.included)?,
            excluded: code_cell(&a.excluded)?,
            reason: idx(&a.exclusion_reason)?,
            reason_codes: codes_of(&a.exclusion_reason),
            year: idx(&a.year)?,
            date: idx(&a.first_contact)?,
            conversations: idx(&a.conversations)?,
            channel: idx(&a.channel)?,
            channel_codes: codes_of(&a.channel),
            age: idx(&a.age)?,
            age_name: a.age.clone(),
            minor_below: a.minor_below,
            thresholds: a.age_thresholds.clone(),
            populations,
            singles,
            sets,
            crosstabs,
            series,
        })
    }
}

/// Counts of one population.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PopAcc {
    pub(crate) size: u64,
    /// Per single variable: count per code, then one slot for unknown.
    pub(crate) singles: Vec<Vec<u64>>,
    pub(crate) ages: Vec<u64>,
    /// Per set: cases, mentions, two or more, then the item counts.
    pub(crate) sets: Vec<Vec<u64>>,
}

/// Counts that merge: the statistics of any set of rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accumulator {
    pub(crate) conversations: u64,
    pub(crate) duplicates: u64,
    pub(crate) excluded: u64,
    pub(crate) included: u64,
    pub(crate) reasons: Vec<u64>,
    pub(crate) conv_by_channel: Vec<u64>,
    pub(crate) incl_by_channel: Vec<u64>,
    /// Included cases per `yyyymm`.
    pub(crate) months: BTreeMap<i32, u64>,
    pub(crate) pops: Vec<PopAcc>,
    pub(crate) crosstabs: Vec<Vec<u64>>,
    /// Per year: included, then each series.
    pub(crate) years: BTreeMap<i32, Vec<u64>>,
}

#[inline]
pub(crate) fn slot(cell: Cell, len: usize) -> usize {
    if cell == MISSING {
        len
    } else {
        (cell as usize).min(len)
    }
}

impl Accumulator {
    /// Nothing counted yet.
    pub fn new(plan: &Plan) -> Accumulator {
        let pop = PopAcc {
            size: 0,
            singles: plan
                .singles
                .iter()
                .map(|s| vec![0; s.codes.len() + 1])
                .collect(),
            ages: vec![0; AGE_SLOTS],
            sets: plan
                .sets
                .iter()
                .map(|s| vec![0; 3 + s.items.len()])
                .collect(),
        };
        Accumulator {
            conversations: 0,
            duplicates: 0,
            excluded: 0,
            included: 0,
            reasons: vec![0; plan.reason_codes.len() + 1],
            conv_by_channel: vec![0; plan.channel_codes.len() + 1],
            incl_by_channel: vec![0; plan.channel_codes.len() + 1],
            months: BTreeMap::new(),
            pops: vec![pop; plan.populations.len()],
            crosstabs: plan
                .crosstabs
                .iter()
                .map(|(_, r, c)| vec![0; (r.codes.len() + 1) * (c.codes.len() + 1)])
                .collect(),
            years: BTreeMap::new(),
        }
    }

    /// Counts the rows in `rows` whose year is `year` (all rows when `None`).
    pub fn add_rows(
        &mut self,
        plan: &Plan,
        table: &CaseTable,
        rows: std::ops::Range<usize>,
        year: Option<i32>,
    ) {
        let years = table.column(plan.year);
        for row in rows {
            if year.is_some_and(|y| years[row] != y) {
                continue;
            }
            self.add_row(plan, |col| table.column(col)[row]);
        }
    }

    /// Counts one row of cells in codebook order (any year), as a streamed file delivers them.
    pub fn add_cells(&mut self, plan: &Plan, cells: &[Cell]) {
        self.add_row(plan, |col| cells[col]);
    }

    /// Counts one row; `cell(col)` is its cell in column `col`.
    #[inline]
    fn add_row(&mut self, plan: &Plan, cell: impl Fn(usize) -> Cell) {
        let convs = cell(plan.conversations);
        let convs = if convs == MISSING {
            1
        } else {
            convs.max(1) as u64
        };
        self.conversations += convs;
        self.duplicates += convs - 1;
        let channel = slot(cell(plan.channel), plan.channel_codes.len());
        self.conv_by_channel[channel] += convs;
        let status = cell(plan.status);
        if status == plan.excluded {
            self.excluded += 1;
            self.reasons[slot(cell(plan.reason), plan.reason_codes.len())] += 1;
            return;
        }
        if status != plan.included {
            return;
        }
        self.included += 1;
        self.incl_by_channel[channel] += 1;
        let date = cell(plan.date);
        if date != MISSING {
            *self.months.entry(date / 100).or_insert(0) += 1;
        }
        let year = cell(plan.year);
        let len = 1 + plan.series.len();
        let ys = self.years.entry(year).or_insert_with(|| vec![0; len]);
        ys[0] += 1;
        for (i, (_, mask)) in plan.series.iter().enumerate() {
            if mask.matches(cell(mask.col)) {
                ys[1 + i] += 1;
            }
        }
        for (ti, (_, r, c)) in plan.crosstabs.iter().enumerate() {
            let ri = slot(cell(r.col), r.codes.len());
            let ci = slot(cell(c.col), c.codes.len());
            self.crosstabs[ti][ri * (c.codes.len() + 1) + ci] += 1;
        }
        for (pi, (_, mask)) in plan.populations.iter().enumerate() {
            if let Some(m) = mask
                && !m.matches(cell(m.col))
            {
                continue;
            }
            let pop = &mut self.pops[pi];
            pop.size += 1;
            for (si, s) in plan.singles.iter().enumerate() {
                let cell = cell(s.col);
                let k = if s.yesno {
                    match cell {
                        1 => 0,
                        0 => 1,
                        _ => 2,
                    }
                } else {
                    slot(cell, s.codes.len())
                };
                pop.singles[si][k] += 1;
            }
            let age = cell(plan.age);
            if age != MISSING {
                pop.ages[(age.max(0) as usize).min(AGE_SLOTS - 1)] += 1;
            }
            for (si, s) in plan.sets.iter().enumerate() {
                let counts = &mut pop.sets[si];
                let mut marked = 0;
                for (ii, &col) in s.cols.iter().enumerate() {
                    if cell(col) == 1 {
                        marked += 1;
                        counts[3 + ii] += 1;
                    }
                }
                if marked > 0 {
                    counts[0] += 1;
                    counts[1] += marked;
                }
                if marked > 1 {
                    counts[2] += 1;
                }
            }
        }
    }

    /// Adds the counts of another accumulator of the same plan.
    pub fn merge(&mut self, other: &Accumulator) {
        fn add(a: &mut [u64], b: &[u64]) {
            a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        }
        self.conversations += other.conversations;
        self.duplicates += other.duplicates;
        self.excluded += other.excluded;
        self.included += other.included;
        add(&mut self.reasons, &other.reasons);
        add(&mut self.conv_by_channel, &other.conv_by_channel);
        add(&mut self.incl_by_channel, &other.incl_by_channel);
        for (k, v) in &other.months {
            *self.months.entry(*k).or_insert(0) += v;
        }
        for (a, b) in self.pops.iter_mut().zip(&other.pops) {
            a.size += b.size;
            for (x, y) in a.singles.iter_mut().zip(&b.singles) {
                add(x, y);
            }
            add(&mut a.ages, &b.ages);
            for (x, y) in a.sets.iter_mut().zip(&b.sets) {
                add(x, y);
            }
        }
        for (a, b) in self.crosstabs.iter_mut().zip(&other.crosstabs) {
            add(a, b);
        }
        for (k, v) in &other.years {
            let e = self.years.entry(*k).or_insert_with(|| vec![0; v.len()]);
            add(e, v);
        }
    }

    /// The year series: included and each codebook series per year.
    pub fn series(&self, plan: &Plan) -> Ordered<Ordered<u64>> {
        let mut out = Ordered::new();
        for (year, counts) in &self.years {
            let mut row = Ordered::new();
            row.push("included", counts[0]);
            for (i, (name, _)) in plan.series.iter().enumerate() {
                row.push(name.clone(), counts[1 + i]);
            }
            out.push(year.to_string(), row);
        }
        out
    }

    /// Turns the counts into the statistics contract.
    pub fn finish(
        &self,
        plan: &Plan,
        year: Option<i32>,
        covered: &[i32],
        with_years: bool,
    ) -> Stats {
        let named = |codes: &[String], counts: &[u64], unknown: &str| {
            let mut o = Ordered::new();
            for (c, n) in codes.iter().zip(counts) {
                o.push(c.clone(), *n);
            }
            if counts.get(codes.len()).is_some_and(|&n| n > 0) {
                o.push(unknown, counts[codes.len()]);
            }
            o
        };
        let funnel = Funnel {
            conversations: self.conversations,
            duplicates: self.duplicates,
            excluded: self.excluded,
            included: self.included,
            exclusion_reasons: named(&plan.reason_codes, &self.reasons, "unknown"),
            conversations_by_channel: named(&plan.channel_codes, &self.conv_by_channel, "unknown"),
            included_by_channel: named(&plan.channel_codes, &self.incl_by_channel, "unknown"),
        };
        let mut by_month = Ordered::new();
        for &y in covered {
            for m in 1..=12 {
                by_month.push(
                    format!("{y:04}-{m:02}"),
                    self.months.get(&(y * 100 + m)).copied().unwrap_or(0),
                );
            }
        }
        let mut population_sizes = Ordered::new();
        let mut populations = Ordered::new();
        for ((name, _), pop) in plan.populations.iter().zip(&self.pops) {
            population_sizes.push(name.clone(), pop.size);
            let mut vars = Ordered::new();
            for (s, counts) in plan.singles.iter().zip(&pop.singles) {
                let known: u64 = counts[..s.codes.len()].iter().sum();
                let mut c = Ordered::new();
                for (code, n) in s.codes.iter().zip(counts) {
                    c.push(code.clone(), *n);
                }
                vars.push(
                    s.name.clone(),
                    Entry::Single(Single {
                        n: known,
                        missing: pop.size - known,
                        counts: c,
                    }),
                );
            }
            vars.push(
                plan.age_name.clone(),
                Entry::Age(age_summary(plan, &pop.ages, pop.size)),
            );
            for (s, counts) in plan.sets.iter().zip(&pop.sets) {
                let mut c = Ordered::new();
                for (item, n) in s.items.iter().zip(&counts[3..]) {
                    c.push(item.clone(), *n);
                }
                vars.push(
                    s.name.clone(),
                    Entry::Set(SetStat {
                        cases: counts[0],
                        mentions: counts[1],
                        counts: c,
                        two_or_more: s.two_or_more.then_some(counts[2]),
                    }),
                );
            }
            populations.push(name.clone(), vars);
        }
        let mut crosstabs = Ordered::new();
        for ((name, r, c), counts) in plan.crosstabs.iter().zip(&self.crosstabs) {
            let width = c.codes.len() + 1;
            let mut table = Ordered::new();
            for (ri, rcode) in r.codes.iter().enumerate() {
                let mut row = Ordered::new();
                for (ci, ccode) in c.codes.iter().enumerate() {
                    row.push(ccode.clone(), counts[ri * width + ci]);
                }
                table.push(rcode.clone(), row);
            }
            crosstabs.push(name.clone(), table);
        }
        Stats {
            year,
            years_covered: covered.to_vec(),
            funnel,
            by_month,
            population_sizes,
            populations,
            crosstabs,
            years: with_years.then(|| self.series(plan)),
        }
    }
}

/// Mean and median of a histogram restricted to ages below `below` (all when `None`).
fn mean_median(hist: &[u64], below: Option<usize>) -> (u64, Option<f64>, Option<f64>) {
    let hist = match below {
        Some(b) => &hist[..b.min(hist.len())],
        None => hist,
    };
    let n: u64 = hist.iter().sum();
    if n == 0 {
        return (0, None, None);
    }
    let sum: u64 = hist.iter().enumerate().map(|(a, c)| a as u64 * c).sum();
    let mean = sum as f64 / n as f64;
    // The k-th smallest value (0-based).
    let kth = |k: u64| -> f64 {
        let mut seen = 0;
        for (age, &c) in hist.iter().enumerate() {
            seen += c;
            if seen > k {
                return age as f64;
            }
        }
        0.0
    };
    let median = if n % 2 == 1 {
        kth(n / 2)
    } else {
        (kth(n / 2 - 1) + kth(n / 2)) / 2.0
    };
    (n, Some(mean), Some(median))
}

fn age_summary(plan: &Plan, hist: &[u64], size: u64) -> Age {
    let (n, mean, median) = mean_median(hist, None);
    let below =
        |limit: i64| -> u64 { hist[..(limit.max(0) as usize).min(hist.len())].iter().sum() };
    let minor_limit = plan.minor_below.max(0) as usize;
    let (_, minor_mean, minor_median) = mean_median(hist, Some(minor_limit));
    let mut under = Ordered::new();
    for &t in &plan.thresholds {
        under.push(format!("under_{t}"), below(t));
    }
    let mut distribution = Ordered::new();
    for (age, &c) in hist.iter().enumerate() {
        if c > 0 {
            distribution.push(age.to_string(), c);
        }
    }
    Age {
        n,
        missing: size - n,
        mean,
        median,
        minors: below(plan.minor_below),
        under,
        minor_mean,
        minor_median,
        min: hist.iter().position(|&c| c > 0).map(|a| a as u32),
        max: hist.iter().rposition(|&c| c > 0).map(|a| a as u32),
        distribution,
    }
}
