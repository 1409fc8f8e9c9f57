//! Capture histories (formats.md section 3): counts per pattern of lists, optionally per
//! covariate stratum, read from `histories.csv` with line-precise errors.

use std::io::Read;
use std::path::Path;

use crate::EstimateError;

/// Most lists accepted (2^k - 1 cells).
pub const MAX_LISTS: usize = 12;

/// Counts of persons per capture pattern. Pattern `p` is a bit mask: bit `i` set means
/// "on list `i`". The all-zero pattern is the unobserved cell and always has count 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Histories {
    lists: Vec<String>,
    counts: Vec<u64>,
}

impl Histories {
    /// Histories from list names and a count per pattern (`counts.len() == 2^k`,
    /// `counts[0] == 0`).
    pub fn new(lists: Vec<String>, counts: Vec<u64>) -> Result<Self, EstimateError> {
        let k = lists.len();
        if !(2..=MAX_LISTS).contains(&k) {
            return Err(EstimateError::Data(format!(
                "need between 2 and {MAX_LISTS} lists, got {k}"
            )));
        }
        if counts.len() != 1 << k {
            return Err(EstimateError::Data(format!(
                "need {} counts for {k} lists, got {}",
                1usize << k,
                counts.len()
            )));
        }
        if counts[0] != 0 {
            return Err(EstimateError::Data(
                "the all-zero pattern is unobserved and must have count 0".into(),
            ));
        }
        for (i, a) in lists.iter().enumerate() {
            if lists[..i].contains(a) {
                return Err(EstimateError::Data(format!("list name `{a}` occurs twice")));
            }
        }
        Ok(Histories { lists, counts })
    }

    /// Histories from `(pattern, count)` pairs; repeated patterns are added up.
    pub fn from_patterns(
        lists: Vec<String>,
        rows: impl IntoIterator<Item = (u32, u64)>,
    ) -> Result<Self, EstimateError> {
        let k = lists.len();
        let mut counts = vec![0u64; 1usize << k.min(MAX_LISTS + 1)];
        for (p, c) in rows {
            let slot = counts.get_mut(p as usize).ok_or_else(|| {
                EstimateError::Data(format!("pattern {p:#b} does not fit {k} lists"))
            })?;
            *slot += c;
        }
        Histories::new(lists, counts)
    }

    /// The list names, in column order.
    pub fn lists(&self) -> &[String] {
        &self.lists
    }

    /// Number of lists.
    pub fn k(&self) -> usize {
        self.lists.len()
    }

    /// Count per pattern, indexed by the pattern's bit mask (index 0 is the unobserved cell).
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// Persons observed on at least one list.
    pub fn observed(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Persons on every list of `term` (a bit mask), whatever their other lists.
    pub fn margin(&self, term: u32) -> u64 {
        margin(&self.counts, term)
    }

    /// The same persons with the lists in a new order: new list `i` is old list `order[i]`.
    pub fn permuted(&self, order: &[usize]) -> Result<Histories, EstimateError> {
        let k = self.k();
        let mut seen = vec![false; k];
        if order.len() != k
            || order
                .iter()
                .any(|&o| o >= k || std::mem::replace(&mut seen[o], true))
        {
            return Err(EstimateError::Data("not a permutation of the lists".into()));
        }
        let lists = order.iter().map(|&o| self.lists[o].clone()).collect();
        let mut counts = vec![0; self.counts.len()];
        for (p, &c) in self.counts.iter().enumerate() {
            let mut q = 0usize;
            for (i, &o) in order.iter().enumerate() {
                if p >> o & 1 == 1 {
                    q |= 1 << i;
                }
            }
            counts[q] += c;
        }
        Histories::new(lists, counts)
    }

    /// The same persons without the lists nobody is on (they carry no information and their
    /// parameters would be minus infinity), and the names of the lists left out.
    pub fn without_empty_lists(&self) -> Result<(Histories, Vec<String>), EstimateError> {
        let keep: Vec<usize> = (0..self.k()).filter(|&i| self.margin(1 << i) > 0).collect();
        let dropped: Vec<String> = (0..self.k())
            .filter(|i| !keep.contains(i))
            .map(|i| self.lists[i].clone())
            .collect();
        if dropped.is_empty() {
            return Ok((self.clone(), dropped));
        }
        if keep.len() < 2 {
            return Err(EstimateError::Data(format!(
                "persons are observed on fewer than two lists (nobody on {})",
                dropped.join(", ")
            )));
        }
        let lists = keep.iter().map(|&i| self.lists[i].clone()).collect();
        let mut counts = vec![0u64; 1 << keep.len()];
        for (p, &c) in self.counts.iter().enumerate() {
            if c == 0 {
                continue;
            }
            let q = keep
                .iter()
                .enumerate()
                .filter(|(_, o)| p >> **o & 1 == 1)
                .fold(0usize, |q, (j, _)| q | 1 << j);
            counts[q] += c;
        }
        Ok((Histories::new(lists, counts)?, dropped))
    }

    /// Combines the named lists into one list called `name` (a person is on it when on any
    /// of them); it takes the place of the first of them.
    pub fn merge_lists(&self, names: &[&str], name: &str) -> Result<Histories, EstimateError> {
        let mut idx = Vec::new();
        for n in names {
            let i = self
                .lists
                .iter()
                .position(|l| l == n)
                .ok_or_else(|| EstimateError::Data(format!("no list called `{n}`")))?;
            idx.push(i);
        }
        idx.sort_unstable();
        idx.dedup();
        let Some(&first) = idx.first() else {
            return Err(EstimateError::Data("no lists to merge".into()));
        };
        // New columns: every old list not merged, with the merged one at `first`.
        let mut cols: Vec<Vec<usize>> = Vec::new();
        let mut lists = Vec::new();
        for (i, l) in self.lists.iter().enumerate() {
            if i == first {
                cols.push(idx.clone());
                lists.push(name.to_string());
            } else if !idx.contains(&i) {
                cols.push(vec![i]);
                lists.push(l.clone());
            }
        }
        let mut counts = vec![0u64; 1 << lists.len()];
        for (p, &c) in self.counts.iter().enumerate() {
            let mut q = 0usize;
            for (j, olds) in cols.iter().enumerate() {
                if olds.iter().any(|&o| p >> o & 1 == 1) {
                    q |= 1 << j;
                }
            }
            counts[q] += c;
        }
        Histories::new(lists, counts)
    }
}

/// Sum of counts over the patterns that contain `term`.
pub(crate) fn margin(counts: &[u64], term: u32) -> u64 {
    counts
        .iter()
        .enumerate()
        .filter(|(p, _)| (*p as u32) & term == term)
        .map(|(_, c)| *c)
        .sum()
}

/// One covariate stratum of a histories file: its values of the strata columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Stratum {
    /// The value of each strata column, in the order of `HistoriesFile::strata_columns`.
    pub values: Vec<String>,
    pub histories: Histories,
}

/// A whole `histories.csv`: the total over strata, and each stratum when there are
/// covariate columns.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoriesFile {
    pub strata_columns: Vec<String>,
    /// All persons, summed over strata.
    pub total: Histories,
    /// One entry per distinct combination of strata values, in order of first appearance;
    /// empty when the file has no strata columns.
    pub strata: Vec<Stratum>,
}

/// Reads `histories.csv` from a path.
pub fn read_histories_path(path: &Path) -> Result<HistoriesFile, EstimateError> {
    // A directory opens, and reading it fails as if at its first line: say what it is.
    if path.is_dir() {
        return Err(EstimateError::Io {
            path: path.to_path_buf(),
            error: std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "it is a directory, not a histories.csv file",
            ),
        });
    }
    let file = std::fs::File::open(path).map_err(|error| EstimateError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    read_histories(file, &path.display().to_string())
}

/// A value from the file as a message shows it: control characters escaped, at most 80 characters.
fn shown(value: &str) -> String {
    let mut out = String::new();
    for (i, c) in value.chars().enumerate() {
        if i == 80 {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// Why the header has no `count` column, with the header found and a hint: an empty file,
/// semicolons as separator, or a name close to `count`.
fn no_count_message(header: &[String]) -> (String, String) {
    if header.iter().all(String::is_empty) {
        return (
            "the file is empty: expected a header with one column per list, then `count`".into(),
            "het bestand is leeg: verwacht een kopregel met een kolom per lijst en daarna `count`"
                .into(),
        );
    }
    let found = shown(&header.join(","));
    let (hint, hint_nl) = if header.len() == 1 && header[0].contains(';') {
        (
            " The columns seem to be separated by `;`: separate them by `,`.".to_string(),
            " De kolommen lijken gescheiden door `;`: scheid ze door `,`.".to_string(),
        )
    } else if let Some(near) = header
        .iter()
        .find(|h| h.eq_ignore_ascii_case("count") || edit_distance(&h.to_lowercase(), "count") <= 2)
    {
        (
            format!(" Did you mean `count` (found `{}`)?", shown(near)),
            format!(" Bedoelt u `count` (gevonden: `{}`)?", shown(near)),
        )
    } else {
        // The same advice as the error for a repeated pattern: one row per pattern.
        (
            " With one row per person: count the persons per pattern, and give each pattern one row with that number in a column `count`.".to_string(),
            " Met één regel per persoon: tel de personen per patroon, en geef elk patroon één regel met dat aantal in een kolom `count`.".to_string(),
        )
    };
    (
        format!(
            "the header has no `count` column (found: {found}); the header needs one column per list, then `count`.{hint}"
        ),
        format!(
            "de kopregel heeft geen kolom `count` (gevonden: {found}); de kopregel heeft een kolom per lijst nodig en daarna `count`.{hint_nl}"
        ),
    )
}

/// Levenshtein distance between two short strings.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Reads histories in the format of formats.md section 3: list columns, then `count`, then
/// optional strata columns. `name` is used in error messages.
pub fn read_histories<R: Read>(reader: R, name: &str) -> Result<HistoriesFile, EstimateError> {
    let err = |line: u64, column: Option<&str>, (message, dutch): (String, String)| {
        EstimateError::Input {
            file: name.to_string(),
            line,
            // A column name comes from the file: escaped like a value.
            column: column.map(shown),
            message,
            dutch,
        }
    };
    let same = |m: String| (m.clone(), m);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(reader);
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| err(1, None, same(e.to_string())))?
        .iter()
        .map(str::to_string)
        .collect();
    let count_col = header
        .iter()
        .position(|h| h == "count")
        .ok_or_else(|| err(1, None, no_count_message(&header)))?;
    let lists: Vec<String> = header[..count_col].to_vec();
    let strata_columns: Vec<String> = header[count_col + 1..].to_vec();
    if lists.len() < 2 {
        return Err(err(
            1,
            None,
            (
                "need at least two list columns before `count`".into(),
                "er zijn minstens twee lijstkolommen nodig vóór `count`".into(),
            ),
        ));
    }
    if lists.len() > MAX_LISTS {
        return Err(err(
            1,
            None,
            (
                format!("at most {MAX_LISTS} lists are supported"),
                format!("ten hoogste {MAX_LISTS} lijsten worden ondersteund"),
            ),
        ));
    }
    for (i, h) in header.iter().enumerate() {
        if h.is_empty() {
            return Err(err(
                1,
                None,
                (
                    format!("column {} has an empty name", i + 1),
                    format!("kolom {} heeft geen naam", i + 1),
                ),
            ));
        }
        if header[..i].contains(h) {
            return Err(err(
                1,
                Some(h),
                (
                    "column name occurs twice".into(),
                    "deze kolomnaam komt twee keer voor".into(),
                ),
            ));
        }
    }
    let k = lists.len();
    let mut total = vec![0u64; 1 << k];
    let mut strata: Vec<(Vec<String>, Vec<u64>)> = Vec::new();
    // The line of each (pattern, stratum) seen: a repeated row is an error, not a sum.
    let mut seen: std::collections::HashMap<(usize, Vec<String>), u64> =
        std::collections::HashMap::new();
    let mut grand = 0u64;
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            match e.kind() {
                csv::ErrorKind::UnequalLengths {
                    expected_len, len, ..
                } => err(
                    line,
                    None,
                    (
                        format!(
                            "this line has {len} fields but the header has {expected_len}; every line needs one value per column"
                        ),
                        format!(
                            "deze regel heeft {len} velden, de kopregel {expected_len}; elke regel heeft een waarde per kolom nodig"
                        ),
                    ),
                ),
                _ => err(line, None, same(e.to_string())),
            }
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        let mut pattern = 0usize;
        for (i, l) in lists.iter().enumerate() {
            match rec.get(i) {
                Some("1") => pattern |= 1 << i,
                Some("0") => {}
                other => {
                    return Err(err(
                        line,
                        Some(l),
                        (
                            format!("expected 0 or 1, found `{}`", shown(other.unwrap_or(""))),
                            format!(
                                "verwacht 0 of 1, gevonden: `{}`",
                                shown(other.unwrap_or(""))
                            ),
                        ),
                    ));
                }
            }
        }
        if pattern == 0 {
            return Err(err(
                line,
                None,
                (
                    "the all-zero pattern (on no list) is unobserved and must not appear".into(),
                    "het patroon met alleen nullen (op geen lijst) is niet waargenomen en hoort niet in het bestand".into(),
                ),
            ));
        }
        let raw = rec.get(count_col).unwrap_or("");
        let count: u64 = raw.parse().map_err(|_| {
            err(
                line,
                Some("count"),
                (
                    format!("expected a whole number of persons, found `{}`", shown(raw)),
                    format!(
                        "verwacht een geheel aantal personen, gevonden: `{}`",
                        shown(raw)
                    ),
                ),
            )
        })?;
        let values: Vec<String> = (count_col + 1..header.len())
            .map(|i| rec.get(i).unwrap_or("").to_string())
            .collect();
        // A missing covariate value would silently become a group without a name: formats.md
        // section 3 has no missing value, so it is refused where it is.
        if let Some(i) = values.iter().position(String::is_empty) {
            return Err(err(
                line,
                Some(&strata_columns[i]),
                (
                    "the covariate value is empty; fill in a value (a separate value such as `onbekend` is then estimated as a group of its own) or leave the row out".into(),
                    "de waarde van dit kenmerk is leeg; vul een waarde in (een aparte waarde zoals `onbekend` wordt dan als eigen groep geschat) of laat de regel weg".into(),
                ),
            ));
        }
        if let Some(first) = seen.insert((pattern, values.clone()), line) {
            return Err(err(
                line,
                None,
                (
                    format!(
                        "this pattern{} is also on line {first}; give each pattern one row with the number of persons in `count` (add the rows up: one row per person is not accepted)",
                        if values.is_empty() {
                            String::new()
                        } else {
                            format!(" and stratum ({})", shown(&values.join(", ")))
                        }
                    ),
                    format!(
                        "dit patroon{} staat ook op regel {first}; geef elk patroon één regel met het aantal personen in `count` (tel de regels op: één regel per persoon wordt niet aanvaard)",
                        if values.is_empty() {
                            String::new()
                        } else {
                            format!(" met deze kenmerken ({})", shown(&values.join(", ")))
                        }
                    ),
                ),
            ));
        }
        // Every sum over cells is at most the grand total, so checking it suffices.
        grand = grand.checked_add(count).ok_or_else(|| {
            err(
                line,
                Some("count"),
                (
                    "the counts add up to more than 2^64".into(),
                    "de aantallen tellen op tot meer dan 2^64".into(),
                ),
            )
        })?;
        total[pattern] += count;
        if !strata_columns.is_empty() {
            match strata.iter_mut().find(|(v, _)| *v == values) {
                Some((_, c)) => c[pattern] += count,
                None => {
                    let mut c = vec![0u64; 1 << k];
                    c[pattern] = count;
                    strata.push((values, c));
                }
            }
        }
    }
    let total =
        Histories::new(lists.clone(), total).map_err(|e| err(1, None, same(e.to_string())))?;
    if total.observed() == 0 {
        return Err(err(
            1,
            None,
            (
                "the file holds no persons".into(),
                "het bestand bevat geen personen".into(),
            ),
        ));
    }
    let strata = strata
        .into_iter()
        .map(|(values, counts)| {
            Ok(Stratum {
                values,
                histories: Histories::new(lists.clone(), counts)?,
            })
        })
        .collect::<Result<Vec<_>, EstimateError>>()?;
    Ok(HistoriesFile {
        strata_columns,
        total,
        strata,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn reads_strata_and_totals() {
        let text = "A,B,count,sex\n1,0,5,f\n0,1,3,f\n1,1,2,m\n1,0,1,m\n";
        let f = read_histories(text.as_bytes(), "t.csv").unwrap();
        assert_eq!(f.total.lists(), &["A".to_string(), "B".to_string()]);
        assert_eq!(f.total.counts(), &[0, 6, 3, 2]);
        assert_eq!(f.strata.len(), 2);
        assert_eq!(f.strata[1].values, vec!["m".to_string()]);
        assert_eq!(f.strata[1].histories.counts(), &[0, 1, 0, 2]);
    }

    /// Found by fuzzing (`fuzz/run.sh`, target `histories`): a control byte in a
    /// header's column name was echoed raw into the message.
    #[test]
    fn the_hint_for_a_missing_count_agrees_with_the_rule_on_repeated_patterns() {
        // The walk followed the old hint (a `count` of 1 on every row) straight into the
        // error for a repeated pattern: the hint now asks for one row per pattern.
        let e = read_histories("A,B\n1,0\n1,0\n".as_bytes(), "p.csv").unwrap_err();
        let en = e.to_string();
        assert!(
            en.contains("give each pattern one row with that number"),
            "{en}"
        );
        assert!(!en.contains("holding 1 on every row"), "{en}");
        let nl = e.in_lang(zicht_codebook::Lang::Nl);
        assert!(
            nl.starts_with("p.csv, regel 1: de kopregel heeft geen kolom `count`"),
            "{nl}"
        );
        assert!(nl.contains("geef elk patroon één regel"), "{nl}");
        let e = read_histories("A,B,count\n1,0,1\n1,0,1\n".as_bytes(), "p.csv").unwrap_err();
        assert!(e.to_string().contains("give each pattern one row"), "{e}");
        assert_eq!(
            e.in_lang(zicht_codebook::Lang::Nl),
            "p.csv, regel 3: dit patroon staat ook op regel 2; geef elk patroon één regel met het aantal personen in `count` (tel de regels op: één regel per persoon wordt niet aanvaard)"
        );
    }

    #[test]
    fn a_column_name_with_control_bytes_is_escaped_in_messages() {
        let input = b"A,B,\x1eC,count\n0,0,1,41\n0,1,\x030,5\n1,0,0,5\n";
        let e = read_histories(&input[..], "h.csv").unwrap_err().to_string();
        assert!(!e.chars().any(char::is_control), "{e:?}");
        assert_eq!(
            e,
            "h.csv, line 3, column `\\u{1e}C`: expected 0 or 1, found `\\u{3}0`"
        );
        let e = read_histories(&b"A,\x1bB,\x1bB,count\n1,1,1,5\n"[..], "h.csv")
            .unwrap_err()
            .to_string();
        assert!(!e.chars().any(char::is_control), "{e:?}");
    }

    #[test]
    fn rejects_bad_lines_with_position() {
        let e = read_histories("A,B,count\n1,0,5\n1,2,3\n".as_bytes(), "h.csv").unwrap_err();
        assert_eq!(
            e.to_string(),
            "h.csv, line 3, column `B`: expected 0 or 1, found `2`"
        );
        let e = read_histories("A,B,count\n0,0,5\n".as_bytes(), "h.csv").unwrap_err();
        assert!(e.to_string().starts_with("h.csv, line 2:"), "{e}");
        let e = read_histories("A,B,count\n1,1,-5\n".as_bytes(), "h.csv").unwrap_err();
        assert!(e.to_string().contains("column `count`"), "{e}");
        let e = read_histories("A,B,n\n1,1,5\n".as_bytes(), "h.csv").unwrap_err();
        assert!(e.to_string().contains("no `count` column"), "{e}");
        let e = read_histories("A,B,count\n1,1\n".as_bytes(), "h.csv").unwrap_err();
        assert!(e.to_string().starts_with("h.csv, line 2"), "{e}");
    }

    #[test]
    fn header_and_line_errors_say_what_was_found_and_how_to_fix_it() {
        let msg = |text: &str| {
            read_histories(text.as_bytes(), "h.csv")
                .unwrap_err()
                .to_string()
        };
        let e = msg("");
        assert!(e.contains("the file is empty"), "{e}");
        let e = msg("A;B;count\n1;0;5\n");
        assert!(
            e.contains("found: A;B;count") && e.contains("separated by `;`"),
            "{e}"
        );
        let e = msg("A,B,Count\n1,0,5\n");
        assert!(e.contains("Did you mean `count` (found `Count`)"), "{e}");
        let e = msg("A,B,cuont\n1,0,5\n");
        assert!(e.contains("Did you mean `count` (found `cuont`)"), "{e}");
        let e = msg("A,B,aantal\n1,0,5\n");
        assert!(
            e.contains("found: A,B,aantal") && !e.contains("Did you mean"),
            "{e}"
        );
        // One row per person without counts: the advice to count the persons per pattern.
        let e = msg("A,B,C\n1,0,0\n0,1,1\n");
        assert!(
            e.contains("count the persons per pattern, and give each pattern one row"),
            "{e}"
        );
        let e = msg("A,B,count\n1,0,5\n1,1,2,9\n");
        assert!(
            e.starts_with("h.csv, line 3: this line has 4 fields but the header has 3"),
            "{e}"
        );
        let e = msg("A,B,count,sex\n1,0,5,m\n1,1,2,\n");
        assert!(
            e.starts_with("h.csv, line 3, column `sex`: the covariate value is empty"),
            "{e}"
        );
        let e = msg("A,B,count\n1,0,1\n1,0,1\n");
        assert!(e.contains("add the rows up"), "{e}");
    }

    #[test]
    fn a_repeated_pattern_names_both_lines() {
        let e = read_histories("A,B,count\n1,0,5\n1,1,2\n1,0,3\n".as_bytes(), "h.csv").unwrap_err();
        assert!(
            e.to_string().starts_with(
                "h.csv, line 4: this pattern is also on line 2; give each pattern one row"
            ),
            "{e}"
        );
        // In another stratum the same pattern is a row of its own.
        let ok = "A,B,count,age\n1,0,5,young\n1,0,3,old\n0,1,1,old\n";
        assert_eq!(
            read_histories(ok.as_bytes(), "h.csv")
                .unwrap()
                .total
                .observed(),
            9
        );
        let e = read_histories("A,B,count,age\n1,0,5,old\n1,0,3,old\n".as_bytes(), "h.csv")
            .unwrap_err();
        assert!(
            e.to_string().contains("stratum (old) is also on line 2"),
            "{e}"
        );
    }

    #[test]
    fn control_bytes_are_escaped_and_huge_counts_refused() {
        let e = read_histories("A,B,count\n1,\u{1b}[2J,5\n".as_bytes(), "h.csv").unwrap_err();
        assert!(!e.to_string().contains('\u{1b}'), "{e:?}");
        let text = format!("A,B,count\n1,0,{}\n0,1,{}\n1,1,5\n", u64::MAX - 6, 1);
        assert!(read_histories(text.as_bytes(), "h.csv").is_ok());
        let text = format!("A,B,count\n1,0,{}\n0,1,{}\n", u64::MAX, 1);
        let e = read_histories(text.as_bytes(), "h.csv").unwrap_err();
        assert!(e.to_string().contains("more than 2^64"), "{e}");
        let text = format!("A,B,count,s\n1,0,{},a\n1,0,{},b\n", u64::MAX, 1);
        let e = read_histories(text.as_bytes(), "h.csv").unwrap_err();
        assert!(e.to_string().contains("more than 2^64"), "{e}");
    }

    #[test]
    fn merges_and_permutes() {
        let h = Histories::from_patterns(
            vec!["A".into(), "B".into(), "C".into()],
            [(0b001, 4), (0b010, 3), (0b110, 2), (0b100, 1)],
        )
        .unwrap();
        let m = h.merge_lists(&["B", "C"], "BC").unwrap();
        assert_eq!(m.lists(), &["A".to_string(), "BC".to_string()]);
        assert_eq!(m.counts(), &[0, 4, 6, 0]);
        let (w, dropped) = Histories::from_patterns(
            vec!["A".into(), "B".into(), "C".into()],
            [(0b001, 4), (0b100, 3), (0b101, 2)],
        )
        .unwrap()
        .without_empty_lists()
        .unwrap();
        assert_eq!(dropped, vec!["B".to_string()]);
        assert_eq!(w.counts(), &[0, 4, 3, 2]);
        let p = h.permuted(&[2, 0, 1]).unwrap();
        assert_eq!(p.margin(0b001), h.margin(0b100));
        assert_eq!(p.observed(), h.observed());
    }
}
