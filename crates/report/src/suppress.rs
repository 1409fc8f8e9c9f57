//! Small-cell suppression: counts below K are hidden, and enough others with them that no hidden count follows from a total.

/// The suppression rule of one report run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MinCell(pub Option<u64>);

impl MinCell {
    /// Whether a count is suppressed on its own (primary): `0 < n < K`.
    pub fn primary(&self, n: u64) -> bool {
        self.0.is_some_and(|k| n > 0 && n < k)
    }

    /// Suppresses a group of counts whose total is published.
    ///
    /// Primary suppression hides `0 < n < K`; then the smallest visible counts are
    /// hidden too until the hidden counts together are at least K, so that the
    /// total minus the visible counts (the hidden ones together) is never a count
    /// below K and no single hidden count follows from the total. When every
    /// non-zero count is hidden and they are still below K together, the total
    /// itself is below K and must be protected by the caller ([`MinCell::one`]).
    pub fn group(&self, counts: &[u64]) -> Vec<Option<u64>> {
        let mut hidden: Vec<bool> = counts.iter().map(|&n| self.primary(n)).collect();
        self.secondary(counts, &mut hidden);
        apply(counts, &hidden)
    }

    /// Suppresses a cross table whose grand total is published (and whose rows and
    /// columns are compared): the group rule is applied to every row, every column
    /// and the whole table until nothing changes.
    pub fn table(&self, counts: &[Vec<u64>]) -> Vec<Vec<Option<u64>>> {
        let mut hidden: Vec<Vec<bool>> = counts
            .iter()
            .map(|row| row.iter().map(|&n| self.primary(n)).collect())
            .collect();
        let cols = counts.iter().map(Vec::len).max().unwrap_or(0);
        // Every line of the table as a list of (row, column) cells.
        let mut lines: Vec<Vec<(usize, usize)>> = counts
            .iter()
            .enumerate()
            .map(|(r, row)| (0..row.len()).map(|c| (r, c)).collect())
            .collect();
        for c in 0..cols {
            lines.push(
                (0..counts.len())
                    .filter(|&r| c < counts[r].len())
                    .map(|r| (r, c))
                    .collect(),
            );
        }
        lines.push(
            counts
                .iter()
                .enumerate()
                .flat_map(|(r, row)| (0..row.len()).map(move |c| (r, c)))
                .collect(),
        );
        loop {
            let mut changed = false;
            for line in &lines {
                let values: Vec<u64> = line.iter().map(|&(r, c)| counts[r][c]).collect();
                let mut h: Vec<bool> = line.iter().map(|&(r, c)| hidden[r][c]).collect();
                let before = h.iter().filter(|&&x| x).count();
                self.secondary(&values, &mut h);
                if h.iter().filter(|&&x| x).count() != before {
                    changed = true;
                    for (&(r, c), v) in line.iter().zip(h) {
                        hidden[r][c] = v;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        counts
            .iter()
            .zip(&hidden)
            .map(|(row, h)| apply(row, h))
            .collect()
    }

    /// Suppresses one count series per year with the same pattern in every year:
    /// a series hidden in one year is hidden in all of them.
    ///
    /// `rows[year][series]`; column `total` of each row is the year's total and the
    /// other series are parts of it (not of each other), so a series is hidden when
    /// it or its complement (the total minus it) is below K in any year.
    pub fn same_pattern(&self, rows: &[Vec<u64>], total: usize) -> Vec<Vec<Option<u64>>> {
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let hidden: Vec<bool> = (0..width)
            .map(|s| {
                rows.iter().any(|r| {
                    let t = r.get(total).copied().unwrap_or(0);
                    r.get(s).is_some_and(|&n| {
                        self.primary(n) || (s != total && self.primary(t.saturating_sub(n)))
                    })
                })
            })
            .collect();
        rows.iter().map(|r| apply(r, &hidden)).collect()
    }

    /// A part of a published total (in text or a share): shown only when neither the
    /// part nor the rest of the total is a count below K.
    pub fn part(&self, part: u64, total: u64) -> Option<u64> {
        (!self.primary(part) && !self.primary(total.saturating_sub(part))).then_some(part)
    }

    /// An n of a published population (the cases for whom something is known):
    /// shown only when neither it nor the unknowns (the population minus it,
    /// which a reader computes across sentences) are a count below K. An n
    /// larger than `population` is not a part of it (and 0 means none).
    pub fn known(&self, n: u64, population: u64) -> Option<u64> {
        self.one(n).and_then(|n| self.part(n, population.max(n)))
    }

    /// A single count shown in text, `None` when suppressed.
    pub fn one(&self, n: u64) -> Option<u64> {
        (!self.primary(n)).then_some(n)
    }

    /// The group rule on one line: while the hidden counts together are below K,
    /// also hide the smallest visible non-zero count.
    fn secondary(&self, counts: &[u64], hidden: &mut [bool]) {
        let Some(k) = self.0 else {
            return;
        };
        loop {
            let sum: u64 = counts
                .iter()
                .zip(hidden.iter())
                .filter(|(_, h)| **h)
                .map(|(n, _)| *n)
                .sum();
            if sum == 0 || sum >= k {
                return;
            }
            let next = counts
                .iter()
                .enumerate()
                .filter(|&(i, &n)| !hidden[i] && n > 0)
                .min_by_key(|&(i, &n)| (n, i))
                .map(|(i, _)| i);
            match next {
                Some(i) => hidden[i] = true,
                None => return,
            }
        }
    }
}

fn apply(counts: &[u64], hidden: &[bool]) -> Vec<Option<u64>> {
    counts
        .iter()
        .enumerate()
        .map(|(i, &n)| (!hidden.get(i).copied().unwrap_or(false)).then_some(n))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn no_rule_hides_nothing() {
        assert_eq!(
            MinCell(None).group(&[1, 0, 7]),
            vec![Some(1), Some(0), Some(7)]
        );
    }

    #[test]
    fn one_small_cell_takes_the_next_smallest_with_it() {
        assert_eq!(
            MinCell(Some(5)).group(&[40, 3, 12, 9]),
            vec![Some(40), None, Some(12), None]
        );
    }

    #[test]
    fn two_small_cells_need_nothing_more() {
        assert_eq!(
            MinCell(Some(5)).group(&[40, 3, 2, 9]),
            vec![Some(40), None, None, Some(9)]
        );
    }

    #[test]
    fn comparison_uses_one_pattern_for_all_years() {
        let got = MinCell(Some(5)).same_pattern(&[vec![100, 3], vec![120, 8]], 0);
        assert_eq!(got, vec![vec![Some(100), None], vec![Some(120), None]]);
        // A series whose complement is small in one year is hidden too.
        let got = MinCell(Some(5)).same_pattern(&[vec![100, 97], vec![120, 60]], 0);
        assert_eq!(got, vec![vec![Some(100), None], vec![Some(120), None]]);
    }

    #[test]
    fn two_tiny_hidden_cells_take_a_third_until_they_reach_k() {
        assert_eq!(
            MinCell(Some(5)).group(&[40, 1, 2, 9]),
            vec![Some(40), None, None, None]
        );
    }

    #[test]
    fn an_n_is_hidden_when_its_unknowns_are_small() {
        let k = MinCell(Some(5));
        assert_eq!(k.known(17, 19), None, "2 unknown");
        assert_eq!(k.known(14, 19), Some(14));
        assert_eq!(k.known(19, 19), Some(19), "none unknown");
        assert_eq!(k.known(3, 19), None);
        assert_eq!(k.known(30, 0), Some(30), "no population");
        assert_eq!(MinCell(None).known(1, 2), Some(1));
    }

    #[test]
    fn a_part_is_hidden_when_its_rest_is_small() {
        let k = MinCell(Some(5));
        assert_eq!(k.part(120, 124), None);
        assert_eq!(k.part(3, 124), None);
        assert_eq!(k.part(120, 120), Some(120));
        assert_eq!(k.part(60, 124), Some(60));
    }

    /// Whether the line total minus the visible cells (the hidden cells together) is a count below K.
    fn derivable(line: &[u64], shown: &[Option<u64>], k: u64) -> bool {
        let total: u64 = line.iter().sum();
        let visible: u64 = shown.iter().flatten().sum();
        let rest = total - visible;
        // When everything non-zero is hidden the rest is the total, which the caller protects.
        rest > 0 && rest < k && visible > 0
    }

    proptest! {
        #[test]
        fn group_never_leaves_a_lone_hidden_cell(counts in proptest::collection::vec(0u64..20, 1..8), k in 2u64..8) {
            let shown = MinCell(Some(k)).group(&counts);
            for (i, &n) in counts.iter().enumerate() {
                if n > 0 && n < k { prop_assert!(shown[i].is_none()); }
                if let Some(v) = shown[i] { prop_assert_eq!(v, n); }
            }
            prop_assert!(!derivable(&counts, &shown, k));
        }

        #[test]
        fn table_never_leaves_a_lone_hidden_cell_in_a_row_or_column(
            cells in proptest::collection::vec(proptest::collection::vec(0u64..15, 3), 1..5),
            k in 2u64..6,
        ) {
            let shown = MinCell(Some(k)).table(&cells);
            for (r, row) in cells.iter().enumerate() {
                for (c, &n) in row.iter().enumerate() {
                    if n > 0 && n < k { prop_assert!(shown[r][c].is_none()); }
                }
                prop_assert!(!derivable(row, &shown[r], k));
            }
            if cells.len() > 1 {
                for c in 0..3 {
                    let col: Vec<u64> = cells.iter().map(|r| r[c]).collect();
                    let sc: Vec<Option<u64>> = shown.iter().map(|r| r[c]).collect();
                    prop_assert!(!derivable(&col, &sc, k));
                }
            }
        }
    }
}
