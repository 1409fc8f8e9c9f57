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
    /// Primary suppression hides `0 < n < K`; when exactly one count of the group
    /// is hidden, the smallest other count is hidden too, so that the total minus
    /// the visible counts never gives a hidden one.
    pub fn group(&self, counts: &[u64]) -> Vec<Option<u64>> {
        let mut hidden: Vec<bool> = counts.iter().map(|&n| self.primary(n)).collect();
        secondary(counts, &mut hidden);
        apply(counts, &hidden)
    }

    /// Suppresses a cross table whose row and column totals are published: the
    /// one-per-line rule is applied to rows and columns until nothing changes.
    pub fn table(&self, counts: &[Vec<u64>]) -> Vec<Vec<Option<u64>>> {
        let mut hidden: Vec<Vec<bool>> = counts
            .iter()
            .map(|row| row.iter().map(|&n| self.primary(n)).collect())
            .collect();
        let cols = counts.iter().map(Vec::len).max().unwrap_or(0);
        loop {
            let mut changed = false;
            for (r, row) in counts.iter().enumerate() {
                let before = hidden[r].iter().filter(|&&h| h).count();
                secondary(row, &mut hidden[r]);
                changed |= hidden[r].iter().filter(|&&h| h).count() != before;
            }
            for c in 0..cols {
                let col: Vec<u64> = counts
                    .iter()
                    .map(|r| r.get(c).copied().unwrap_or(0))
                    .collect();
                let mut h: Vec<bool> = hidden
                    .iter()
                    .map(|r| r.get(c).copied().unwrap_or(false))
                    .collect();
                let before = h.iter().filter(|&&x| x).count();
                secondary(&col, &mut h);
                if h.iter().filter(|&&x| x).count() != before {
                    changed = true;
                    for (r, v) in h.into_iter().enumerate() {
                        if let Some(cell) = hidden[r].get_mut(c) {
                            *cell = v;
                        }
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
    /// `rows[year][series]`; the series of a year are not parts of one total.
    pub fn same_pattern(&self, rows: &[Vec<u64>]) -> Vec<Vec<Option<u64>>> {
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let hidden: Vec<bool> = (0..width)
            .map(|s| {
                rows.iter()
                    .any(|r| r.get(s).is_some_and(|&n| self.primary(n)))
            })
            .collect();
        rows.iter().map(|r| apply(r, &hidden)).collect()
    }

    /// A single count shown in text, `None` when suppressed.
    pub fn one(&self, n: u64) -> Option<u64> {
        (!self.primary(n)).then_some(n)
    }
}

/// The one-per-group rule: with exactly one hidden count, also hide the smallest visible non-zero one
/// (or a visible zero when there is nothing else).
fn secondary(counts: &[u64], hidden: &mut [bool]) {
    let n_hidden = hidden.iter().filter(|&&h| h).count();
    if n_hidden != 1 {
        return;
    }
    let pick = |allow_zero: bool| {
        counts
            .iter()
            .enumerate()
            .filter(|&(i, &n)| !hidden[i] && (allow_zero || n > 0))
            .min_by_key(|&(i, &n)| (n, i))
            .map(|(i, _)| i)
    };
    if let Some(i) = pick(false).or_else(|| pick(true)) {
        hidden[i] = true;
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
        let got = MinCell(Some(5)).same_pattern(&[vec![100, 3], vec![120, 8]]);
        assert_eq!(got, vec![vec![Some(100), None], vec![Some(120), None]]);
    }

    /// Whether a hidden cell of a line can be worked out from the line total and the visible cells.
    fn derivable(line: &[u64], shown: &[Option<u64>]) -> bool {
        let hidden: Vec<usize> = (0..line.len()).filter(|&i| shown[i].is_none()).collect();
        hidden.len() == 1
    }

    proptest! {
        #[test]
        fn group_never_leaves_a_lone_hidden_cell(counts in proptest::collection::vec(0u64..20, 1..8), k in 2u64..8) {
            let shown = MinCell(Some(k)).group(&counts);
            for (i, &n) in counts.iter().enumerate() {
                if n > 0 && n < k { prop_assert!(shown[i].is_none()); }
                if let Some(v) = shown[i] { prop_assert_eq!(v, n); }
            }
            // With two or more cells, a lone hidden cell would follow from the total.
            if counts.len() > 1 { prop_assert!(!derivable(&counts, &shown)); }
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
                prop_assert!(!derivable(row, &shown[r]));
            }
            if cells.len() > 1 {
                for c in 0..3 {
                    let col: Vec<u64> = cells.iter().map(|r| r[c]).collect();
                    let sc: Vec<Option<u64>> = shown.iter().map(|r| r[c]).collect();
                    prop_assert!(!derivable(&col, &sc));
                }
            }
        }
    }
}
