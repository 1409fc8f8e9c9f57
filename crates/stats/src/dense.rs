//! Flat counters for the streamed fast path: each row counted once, whatever the number of populations, then turned into an [`Accumulator`].
//!
//! The populations of the codebook are filters on a few columns (today one:
//! the form of exploitation). A row is counted once, in the block of counters
//! of its *key*, the values of those columns; a population is then the sum of
//! the blocks whose key it admits. Months and years are arrays indexed by
//! number, not maps. [`Dense::into_accumulator`] gives exactly the counts
//! [`Accumulator::add_cells`] gives row by row (the property tests of
//! `tests/stream.rs` compare the statistics with the table path's).

use std::collections::BTreeMap;

use zicht_cases::{Cell, MISSING};

use crate::acc::{AGE_SLOTS, Accumulator, Plan, slot};

/// The most items of a set counted by pattern (2^n counters per key).
const MAX_PATTERN_ITEMS: usize = 10;
/// The most keys (combinations of filter values) counted apart.
const MAX_KEYS: usize = 4096;
/// Months and years are counted in arrays from this year on (dates are checked to lie in 1900-2999).
const FIRST_YEAR: i32 = 1900;
const YEARS: usize = 1100;

/// How rows are counted into flat blocks, compiled from a [`Plan`].
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    /// The filter columns of the populations: (column, codes); a key holds one slot per column.
    key_cols: Vec<(usize, usize)>,
    keys: usize,
    /// Per single variable: (column, offset in the block, codes, yes/no).
    singles: Vec<(usize, usize, usize, bool)>,
    /// The same, compact for the row loop: (column, offset in the block, codes).
    counted: Vec<[u32; 3]>,
    ages: usize,
    /// Sets counted by item: (set, offset in the block (cases, mentions,
    /// two or more, then the items), item columns).
    sets: Vec<(usize, usize, Vec<usize>)>,
    /// Sets counted by pattern: (set, offset in the block of its 2^n
    /// counters, place of its first item in the row's yes bits, items).
    patterns: Vec<(usize, usize, u32, usize)>,
    /// Counters per key; counter 0 is the number of rows.
    block: usize,
    /// Per series: (column, mask bits, is `in`).
    series: Vec<(usize, u64, bool)>,
}

impl Layout {
    /// The layout of a plan; `None` when its populations filter on too many combinations.
    /// `yes_bits[s]`: where the items of set `s` lie, one after another, in
    /// the yes bits the caller passes to [`Dense::add`] (then the set is
    /// counted by its pattern of yes items: one counter per row).
    pub(crate) fn new(plan: &Plan, yes_bits: &[Option<u32>]) -> Option<Layout> {
        let mut key_cols: Vec<(usize, usize)> = Vec::new();
        for (_, mask) in &plan.populations {
            if let Some(m) = mask
                && !key_cols.iter().any(|&(c, _)| c == m.col)
            {
                // The codes of the column: a mask names them by index (below 64).
                let codes = plan_codes(plan, m.col)?;
                key_cols.push((m.col, codes));
            }
        }
        let mut keys = 1usize;
        for &(_, codes) in &key_cols {
            keys = keys.checked_mul(codes + 1)?;
        }
        if keys > MAX_KEYS {
            return None;
        }
        let mut at = 1;
        let mut singles = Vec::new();
        for s in &plan.singles {
            singles.push((s.col, at, s.codes.len(), s.yesno));
            at += s.codes.len() + 1;
        }
        let ages = at;
        at += AGE_SLOTS;
        let mut sets = Vec::new();
        let mut patterns = Vec::new();
        for (si, s) in plan.sets.iter().enumerate() {
            match yes_bits.get(si).copied().flatten() {
                Some(first)
                    if s.cols.len() <= MAX_PATTERN_ITEMS && first as usize + s.cols.len() <= 64 =>
                {
                    patterns.push((si, at, first, s.cols.len()));
                    at += 1 << s.cols.len();
                }
                _ => {
                    sets.push((si, at, s.cols.clone()));
                    at += 3 + s.cols.len();
                }
            }
        }
        let counted = singles
            .iter()
            .map(|&(col, at, codes, _)| {
                Some([
                    u32::try_from(col).ok()?,
                    u32::try_from(at).ok()?,
                    u32::try_from(codes).ok()?,
                ])
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Layout {
            counted,
            key_cols,
            keys,
            singles,
            ages,
            sets,
            patterns,
            block: at,
            series: plan
                .series
                .iter()
                .map(|(_, m)| (m.col, m.bits, m.is_in))
                .collect(),
        })
    }

    /// The cell of column `k` of the key columns in key `key`.
    fn key_cell(&self, key: usize, k: usize) -> Cell {
        let mut rest = key;
        for (i, &(_, codes)) in self.key_cols.iter().enumerate() {
            let s = rest % (codes + 1);
            rest /= codes + 1;
            if i == k {
                return if s == codes { MISSING } else { s as Cell };
            }
        }
        MISSING
    }
}

/// How many values the column of a population filter has (its cells are
/// below it): the codes of a single variable, two for yes/no; `None` for
/// any other column.
fn plan_codes(plan: &Plan, col: usize) -> Option<usize> {
    plan.singles
        .iter()
        .find(|s| s.col == col)
        .map(|s| s.codes.len())
}

/// Counts of any set of rows, in flat arrays.
#[derive(Debug, Clone)]
pub(crate) struct Dense {
    conversations: u64,
    duplicates: u64,
    excluded: u64,
    included: u64,
    reasons: Vec<u64>,
    conv_by_channel: Vec<u64>,
    incl_by_channel: Vec<u64>,
    /// Included per month from January 1900.
    months: Vec<u64>,
    /// Included per `yyyymm` outside the array.
    months_other: BTreeMap<i32, u64>,
    /// Per year from 1900: included, then each series.
    years: Vec<u64>,
    years_other: BTreeMap<i32, Vec<u64>>,
    crosstabs: Vec<Vec<u64>>,
    blocks: Vec<u64>,
}

impl Dense {
    pub(crate) fn new(plan: &Plan, layout: &Layout) -> Dense {
        Dense {
            conversations: 0,
            duplicates: 0,
            excluded: 0,
            included: 0,
            reasons: vec![0; plan.reason_codes.len() + 1],
            conv_by_channel: vec![0; plan.channel_codes.len() + 1],
            incl_by_channel: vec![0; plan.channel_codes.len() + 1],
            months: vec![0; YEARS * 12],
            months_other: BTreeMap::new(),
            years: vec![0; YEARS * (1 + plan.series.len())],
            years_other: BTreeMap::new(),
            crosstabs: plan
                .crosstabs
                .iter()
                .map(|(_, r, c)| vec![0; (r.codes.len() + 1) * (c.codes.len() + 1)])
                .collect(),
            blocks: vec![0; layout.keys * layout.block],
        }
    }

    /// Counts one row of cells in codebook order, as [`Accumulator::add_cells`] does.
    #[inline]
    /// `yes`: the yes bits of the sets counted by pattern (see [`Layout::new`]).
    pub(crate) fn add(&mut self, plan: &Plan, layout: &Layout, cells: &[Cell], yes: u64) {
        let convs = cells[plan.conversations];
        let convs = if convs == MISSING {
            1
        } else {
            convs.max(1) as u64
        };
        self.conversations += convs;
        self.duplicates += convs - 1;
        let channel = slot(cells[plan.channel], plan.channel_codes.len());
        self.conv_by_channel[channel] += convs;
        let status = cells[plan.status];
        if status == plan.excluded {
            self.excluded += 1;
            self.reasons[slot(cells[plan.reason], plan.reason_codes.len())] += 1;
            return;
        }
        if status != plan.included {
            return;
        }
        self.included += 1;
        self.incl_by_channel[channel] += 1;
        let date = cells[plan.date];
        if date != MISSING {
            let ym = date / 100;
            let at = (ym / 100 - FIRST_YEAR) * 12 + ym % 100 - 1;
            match usize::try_from(at) {
                Ok(i) if i < self.months.len() && (1..=12).contains(&(ym % 100)) => {
                    self.months[i] += 1;
                }
                _ => *self.months_other.entry(ym).or_insert(0) += 1,
            }
        }
        let year = cells[plan.year];
        let width = 1 + layout.series.len();
        let ys = match usize::try_from(year.wrapping_sub(FIRST_YEAR)) {
            Ok(i) if year != MISSING && i < YEARS => &mut self.years[i * width..(i + 1) * width],
            _ => self
                .years_other
                .entry(year)
                .or_insert_with(|| vec![0; width])
                .as_mut_slice(),
        };
        ys[0] += 1;
        for (i, &(col, bits, is_in)) in layout.series.iter().enumerate() {
            let cell = cells[col];
            let hit = (0..64).contains(&cell) && (bits >> cell) & 1 == 1;
            if hit == is_in {
                ys[1 + i] += 1;
            }
        }
        for (ti, (_, r, c)) in plan.crosstabs.iter().enumerate() {
            let ri = slot(cells[r.col], r.codes.len());
            let ci = slot(cells[c.col], c.codes.len());
            self.crosstabs[ti][ri * (c.codes.len() + 1) + ci] += 1;
        }
        let mut key = 0;
        let mut stride = 1;
        for &(col, codes) in &layout.key_cols {
            key += slot(cells[col], codes) * stride;
            stride *= codes + 1;
        }
        let start = key * layout.block;
        let Some(b) = self.blocks.get_mut(start..start + layout.block) else {
            return;
        };
        b[0] += 1;
        // By cell (yes/no too: no, yes, unknown; turned round in `into_accumulator`).
        for &[col, at, codes] in &layout.counted {
            // Unknown (`MISSING`, negative) and anything out of range count as unknown.
            let slot = (cells[col as usize] as u32).min(codes);
            if let Some(n) = b.get_mut((at + slot) as usize) {
                *n += 1;
            }
        }
        let age = cells[plan.age];
        if age != MISSING {
            b[layout.ages + (age.max(0) as usize).min(AGE_SLOTS - 1)] += 1;
        }
        for &(_, at, first, n) in &layout.patterns {
            let pattern = (yes >> first) & ((1u64 << n) - 1);
            if let Some(c) = b.get_mut(at + pattern as usize) {
                *c += 1;
            }
        }
        for (_, at, cols) in &layout.sets {
            let Some(counts) = b.get_mut(*at..*at + 3 + cols.len()) else {
                continue;
            };
            let (head, items) = counts.split_at_mut(3);
            let mut marked = 0;
            for (n, &col) in items.iter_mut().zip(cols) {
                let yes = u64::from(cells[col] == 1);
                marked += yes;
                *n += yes;
            }
            if marked > 0 {
                head[0] += 1;
                head[1] += marked;
            }
            if marked > 1 {
                head[2] += 1;
            }
        }
    }

    /// Adds the counts of another of the same layout.
    pub(crate) fn merge(&mut self, other: &Dense) {
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
        add(&mut self.months, &other.months);
        for (k, v) in &other.months_other {
            *self.months_other.entry(*k).or_insert(0) += v;
        }
        add(&mut self.years, &other.years);
        for (k, v) in &other.years_other {
            let e = self
                .years_other
                .entry(*k)
                .or_insert_with(|| vec![0; v.len()]);
            add(e, v);
        }
        for (a, b) in self.crosstabs.iter_mut().zip(&other.crosstabs) {
            add(a, b);
        }
        add(&mut self.blocks, &other.blocks);
    }

    /// The same counts as an [`Accumulator`] of the plan.
    pub(crate) fn into_accumulator(self, plan: &Plan, layout: &Layout) -> Accumulator {
        let mut acc = Accumulator::new(plan);
        acc.conversations = self.conversations;
        acc.duplicates = self.duplicates;
        acc.excluded = self.excluded;
        acc.included = self.included;
        acc.reasons = self.reasons;
        acc.conv_by_channel = self.conv_by_channel;
        acc.incl_by_channel = self.incl_by_channel;
        for (i, &n) in self.months.iter().enumerate() {
            if n > 0 {
                let year = FIRST_YEAR + (i / 12) as i32;
                acc.months.insert(year * 100 + (i % 12) as i32 + 1, n);
            }
        }
        for (k, v) in self.months_other {
            *acc.months.entry(k).or_insert(0) += v;
        }
        let width = 1 + layout.series.len();
        for (i, counts) in self.years.chunks_exact(width).enumerate() {
            if counts[0] > 0 {
                acc.years.insert(FIRST_YEAR + i as i32, counts.to_vec());
            }
        }
        acc.years.extend(self.years_other);
        acc.crosstabs = self.crosstabs;
        for (pi, (_, mask)) in plan.populations.iter().enumerate() {
            let pop = &mut acc.pops[pi];
            for key in 0..layout.keys {
                if let Some(m) = mask {
                    let k = layout
                        .key_cols
                        .iter()
                        .position(|&(c, _)| c == m.col)
                        .unwrap_or(0);
                    if !m.matches(layout.key_cell(key, k)) {
                        continue;
                    }
                }
                let b = &self.blocks[key * layout.block..(key + 1) * layout.block];
                pop.size += b[0];
                for (si, &(_, at, codes, yesno)) in layout.singles.iter().enumerate() {
                    let counts = &b[at..at + codes + 1];
                    let to = &mut pop.singles[si];
                    if yesno {
                        // Counted by cell (0 no, 1 yes); the statistics list yes first.
                        to[0] += counts[1];
                        to[1] += counts[0];
                        to[2] += counts[2];
                    } else {
                        for (x, y) in to.iter_mut().zip(counts) {
                            *x += y;
                        }
                    }
                }
                for (x, y) in pop.ages.iter_mut().zip(&b[layout.ages..]) {
                    *x += y;
                }
                for (si, at, cols) in &layout.sets {
                    for (x, y) in pop.sets[*si].iter_mut().zip(&b[*at..*at + 3 + cols.len()]) {
                        *x += y;
                    }
                }
                // Patterns of yes items: cases, mentions, two or more, each item.
                for &(si, at, _, n) in &layout.patterns {
                    let to = &mut pop.sets[si];
                    for (pattern, &count) in b[at..at + (1 << n)].iter().enumerate() {
                        if count == 0 || pattern == 0 {
                            continue;
                        }
                        let marked = u64::from(pattern.count_ones());
                        to[0] += count;
                        to[1] += marked * count;
                        if marked > 1 {
                            to[2] += count;
                        }
                        for (i, x) in to[3..].iter_mut().enumerate() {
                            if pattern >> i & 1 == 1 {
                                *x += count;
                            }
                        }
                    }
                }
            }
        }
        acc
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use zicht_cases::{CaseTable, read_bytes, synth::random_records, write_records};
    use zicht_codebook::Codebook;

    /// Sets counted by their pattern of yes items give the counts of sets
    /// counted item by item (cases, mentions, two or more, every item, in
    /// every population).
    #[test]
    fn patterns_count_as_items_do() {
        let book = Codebook::embedded().unwrap();
        let plan = Plan::new(&book, &CaseTable::new(&book)).unwrap();
        let records = random_records(&book, 3000, 2021..=2022, 9);
        let mut csv = Vec::new();
        write_records(&book, &records, &mut csv).unwrap();
        let table = read_bytes(&csv, "cases.csv", &book).unwrap();
        // Every set's items one after another in the yes bits.
        let order: Vec<usize> = plan.sets.iter().flat_map(|s| s.cols.clone()).collect();
        let mut at = 0u32;
        let yes_bits: Vec<Option<u32>> = plan
            .sets
            .iter()
            .map(|s| {
                let first = at;
                at += s.cols.len() as u32;
                Some(first)
            })
            .collect();
        assert!(at <= 64);
        let by_items = Layout::new(&plan, &[]).unwrap();
        let by_pattern = Layout::new(&plan, &yes_bits).unwrap();
        assert!(by_items.patterns.is_empty());
        assert_eq!(by_pattern.patterns.len(), plan.sets.len());
        let mut a = Dense::new(&plan, &by_items);
        let mut b = Dense::new(&plan, &by_pattern);
        let mut cells = vec![MISSING; table.names().len()];
        for row in 0..table.len() {
            for (c, cell) in cells.iter_mut().enumerate() {
                *cell = table.column(c)[row];
            }
            let yes = order
                .iter()
                .enumerate()
                .fold(0u64, |m, (i, &c)| m | u64::from(cells[c] == 1) << i);
            a.add(&plan, &by_items, &cells, 0);
            b.add(&plan, &by_pattern, &cells, yes);
        }
        let (a, b) = (
            a.into_accumulator(&plan, &by_items),
            b.into_accumulator(&plan, &by_pattern),
        );
        assert!(a.pops.iter().any(|p| p.sets.iter().any(|s| s[2] > 0)));
        assert_eq!(a, b);
    }
}
