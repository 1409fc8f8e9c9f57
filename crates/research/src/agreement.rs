//! Agreement between two coders per codebook column (formats.md section 7), as data, JSON, text and HTML.
//!
//! [`compare`] matches the cases of two coded tables by their identifier,
//! reports the cases that only one file has, and walks the codebook: every
//! code, yes/no and set-item column gets percent agreement, Cohen's kappa and
//! Krippendorff's alpha (nominal); the age variable of the analysis gets alpha
//! with the interval metric; every multiple-response set gets alpha with the
//! MASI distance. The result renders as the JSON of the contract
//! ([`Agreement::to_json`]), a Dutch (or English) terminal table
//! ([`render_text`]) and the reliability table of the report's method section
//! ([`render_html`]).

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use serde::ser::{Serialize, SerializeMap, Serializer};
use zicht_cases::{CaseTable, MISSING};
use zicht_codebook::{Codebook, Column, Kind, Lang};

use crate::stats;

/// Why two tables could not be compared.
#[derive(Debug, thiserror::Error)]
pub enum AgreementError {
    #[error("the codebook has no identifier column (a required text variable such as `case_id`)")]
    NoIdentifier,
    #[error("{file}: case `{id}` appears twice")]
    DuplicateCase { file: String, id: String },
    #[error("{file}: row {row} has no case identifier")]
    MissingId { file: String, row: usize },
}

/// The statistics of one column.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnStats {
    /// A code, yes/no or set-item column.
    Nominal {
        n: usize,
        agreement: Option<f64>,
        kappa: Option<f64>,
        alpha: Option<f64>,
    },
    /// The age variable: Krippendorff's alpha with the interval metric.
    Interval {
        n: usize,
        alpha_interval: Option<f64>,
    },
}

impl ColumnStats {
    /// Cases both coders coded.
    pub fn n(&self) -> usize {
        match self {
            ColumnStats::Nominal { n, .. } | ColumnStats::Interval { n, .. } => *n,
        }
    }

    /// The alpha of the column (nominal or interval).
    pub fn alpha(&self) -> Option<f64> {
        match self {
            ColumnStats::Nominal { alpha, .. } => *alpha,
            ColumnStats::Interval { alpha_interval, .. } => *alpha_interval,
        }
    }
}

/// One column's result.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnAgreement {
    pub name: String,
    pub stats: ColumnStats,
}

/// One multiple-response set's result.
#[derive(Debug, Clone, PartialEq)]
pub struct SetAgreement {
    pub name: String,
    /// Cases where both coders marked at least one item.
    pub n: usize,
    pub alpha_masi: Option<f64>,
}

/// One cell where the coders differ, for the discussion list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub case_id: String,
    pub column: String,
    /// The raw values as in `cases.csv` (empty = unknown).
    pub a: String,
    pub b: String,
}

/// The agreement of two coders over the cases both coded.
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    /// Cases present in both files.
    pub cases: usize,
    /// Case identifiers only file B has.
    pub missing_in_a: Vec<String>,
    /// Case identifiers only file A has.
    pub missing_in_b: Vec<String>,
    /// In codebook order.
    pub columns: Vec<ColumnAgreement>,
    /// In codebook order.
    pub sets: Vec<SetAgreement>,
    /// Cells where one coder differs from the other (including known vs unknown).
    pub disagreements: Vec<Disagreement>,
}

/// The identifier column: the codebook's first required text variable.
fn id_column(book: &Codebook) -> Option<String> {
    book.variables
        .iter()
        .find(|v| v.kind == Kind::Text && v.required)
        .map(|v| v.name.clone())
}

fn ids(table: &CaseTable, col: usize, file: &str) -> Result<Vec<String>, AgreementError> {
    let mut seen = HashMap::new();
    let mut out = Vec::with_capacity(table.len());
    for row in 0..table.len() {
        let id = table
            .text(col, row)
            .ok_or_else(|| AgreementError::MissingId {
                file: file.to_string(),
                row: row + 1,
            })?
            .to_string();
        if seen.insert(id.clone(), row).is_some() {
            return Err(AgreementError::DuplicateCase {
                file: file.to_string(),
                id,
            });
        }
        out.push(id);
    }
    Ok(out)
}

/// Compares two coders' tables of the same cases; `name_a`/`name_b` name them in errors.
///
/// As formats.md section 7: `n` counts the cases both coders coded (neither
/// cell empty).
pub fn compare(
    book: &Codebook,
    a: &CaseTable,
    b: &CaseTable,
    name_a: &str,
    name_b: &str,
) -> Result<Agreement, AgreementError> {
    compare_with(book, a, b, name_a, name_b, false)
}

/// Like [`compare`] for cases both coders marked finished (the research
/// workspace): there an empty cell is the coder's answer "unknown", so a
/// value against an empty cell counts in `n` as a disagreement, as the list
/// of differences shows it. A cell both left empty still does not count. The
/// age's interval alpha can only use the cases with an age from both coders;
/// its `n` counts the one-sided ones too.
pub fn compare_finished(
    book: &Codebook,
    a: &CaseTable,
    b: &CaseTable,
    name_a: &str,
    name_b: &str,
) -> Result<Agreement, AgreementError> {
    compare_with(book, a, b, name_a, name_b, true)
}

fn compare_with(
    book: &Codebook,
    a: &CaseTable,
    b: &CaseTable,
    name_a: &str,
    name_b: &str,
    empty_counts: bool,
) -> Result<Agreement, AgreementError> {
    let id_name = id_column(book).ok_or(AgreementError::NoIdentifier)?;
    let (Some(id_a), Some(id_b)) = (a.index(&id_name), b.index(&id_name)) else {
        return Err(AgreementError::NoIdentifier);
    };
    let ids_a = ids(a, id_a, name_a)?;
    let ids_b = ids(b, id_b, name_b)?;
    let row_b: HashMap<&str, usize> = ids_b
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect();
    let in_a: BTreeSet<&str> = ids_a.iter().map(String::as_str).collect();
    // Matched rows in the order of file A.
    let matched: Vec<(usize, usize)> = ids_a
        .iter()
        .enumerate()
        .filter_map(|(ra, id)| row_b.get(id.as_str()).map(|&rb| (ra, rb)))
        .collect();
    let missing_in_b: Vec<String> = ids_a
        .iter()
        .filter(|id| !row_b.contains_key(id.as_str()))
        .cloned()
        .collect();
    let missing_in_a: Vec<String> = ids_b
        .iter()
        .filter(|id| !in_a.contains(id.as_str()))
        .cloned()
        .collect();

    let mut columns = Vec::new();
    let mut disagreements = Vec::new();
    // Columns filled from the conversations (year, channel, ...) are not
    // coded: equal by construction, they would count as agreement.
    let derived = crate::workspace::derived_columns(book);
    for column in book.columns() {
        let name = column.name();
        if derived.contains(&name) {
            continue;
        }
        let (Some(ca), Some(cb)) = (a.index(&name), b.index(&name)) else {
            continue;
        };
        let is_age = matches!(column, Column::Variable(v) if v.name == book.analysis.age);
        let compared = is_age || matches!(column.kind(), Kind::Code | Kind::YesNo);
        if !compared {
            continue;
        }
        let cells_a = a.column(ca);
        let cells_b = b.column(cb);
        let all: Vec<(i32, i32)> = matched
            .iter()
            .map(|&(ra, rb)| (cells_a[ra], cells_b[rb]))
            .collect();
        let pairs: Vec<(i32, i32)> = all
            .iter()
            .copied()
            .filter(|&(x, y)| x != MISSING && y != MISSING)
            .collect();
        // One side empty, the other not (counted only for finished cases).
        let one_sided = all
            .iter()
            .filter(|&&(x, y)| (x == MISSING) != (y == MISSING))
            .count();
        for &(ra, rb) in &matched {
            if cells_a[ra] != cells_b[rb] {
                disagreements.push(Disagreement {
                    case_id: ids_a[ra].clone(),
                    column: name.clone(),
                    a: a.raw(book, ca, ra),
                    b: b.raw(book, cb, rb),
                });
            }
        }
        let stats = if is_age {
            let ages: Vec<(i64, i64)> = pairs
                .iter()
                .map(|&(x, y)| (i64::from(x), i64::from(y)))
                .collect();
            ColumnStats::Interval {
                n: ages.len() + if empty_counts { one_sided } else { 0 },
                alpha_interval: stats::alpha_interval(&ages),
            }
        } else {
            // Finished cases: "empty" is a category of its own.
            let pairs: Vec<(i32, i32)> = if empty_counts {
                all.iter()
                    .copied()
                    .filter(|&(x, y)| x != MISSING || y != MISSING)
                    .collect()
            } else {
                pairs
            };
            ColumnStats::Nominal {
                n: pairs.len(),
                agreement: stats::percent_agreement(&pairs),
                kappa: stats::cohen_kappa(&pairs),
                alpha: stats::alpha_nominal(&pairs),
            }
        };
        columns.push(ColumnAgreement { name, stats });
    }

    let mut sets = Vec::new();
    for set in &book.sets {
        let cols: Vec<(usize, usize, usize)> = set
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let name = set.column(item);
                Some((i, a.index(&name)?, b.index(&name)?))
            })
            .collect();
        let marked = |table: &CaseTable, row: usize, pick: fn(&(usize, usize, usize)) -> usize| {
            cols.iter()
                .filter(|c| table.column(pick(c))[row] == 1)
                .map(|c| c.0)
                .collect::<BTreeSet<usize>>()
        };
        let pairs: Vec<(BTreeSet<usize>, BTreeSet<usize>)> = matched
            .iter()
            .map(|&(ra, rb)| (marked(a, ra, |c| c.1), marked(b, rb, |c| c.2)))
            .filter(|(x, y)| {
                if empty_counts {
                    !x.is_empty() || !y.is_empty()
                } else {
                    !x.is_empty() && !y.is_empty()
                }
            })
            .collect();
        sets.push(SetAgreement {
            name: set.name.clone(),
            n: pairs.len(),
            alpha_masi: stats::alpha_masi(&pairs),
        });
    }

    Ok(Agreement {
        cases: matched.len(),
        missing_in_a,
        missing_in_b,
        columns,
        sets,
        disagreements,
    })
}

/// Rounds a coefficient for the JSON (six decimals, the precision of the published examples).
fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

struct Ordered<'a, T>(&'a [T]);

#[derive(serde::Serialize)]
struct NominalOut {
    n: usize,
    agreement: Option<f64>,
    kappa: Option<f64>,
    alpha: Option<f64>,
}

#[derive(serde::Serialize)]
struct IntervalOut {
    n: usize,
    alpha_interval: Option<f64>,
}

#[derive(serde::Serialize)]
struct SetOut {
    n: usize,
    alpha_masi: Option<f64>,
}

#[derive(serde::Serialize)]
struct DisagreementOut<'a> {
    case_id: &'a str,
    column: &'a str,
    a: &'a str,
    b: &'a str,
}

impl Serialize for Ordered<'_, ColumnAgreement> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for c in self.0 {
            match &c.stats {
                ColumnStats::Nominal {
                    n,
                    agreement,
                    kappa,
                    alpha,
                } => map.serialize_entry(
                    &c.name,
                    &NominalOut {
                        n: *n,
                        agreement: agreement.map(round6),
                        kappa: kappa.map(round6),
                        alpha: alpha.map(round6),
                    },
                )?,
                ColumnStats::Interval { n, alpha_interval } => map.serialize_entry(
                    &c.name,
                    &IntervalOut {
                        n: *n,
                        alpha_interval: alpha_interval.map(round6),
                    },
                )?,
            };
        }
        map.end()
    }
}

impl Serialize for Ordered<'_, SetAgreement> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for set in self.0 {
            map.serialize_entry(
                &set.name,
                &SetOut {
                    n: set.n,
                    alpha_masi: set.alpha_masi.map(round6),
                },
            )?;
        }
        map.end()
    }
}

impl Serialize for Agreement {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(6))?;
        map.serialize_entry("cases", &self.cases)?;
        map.serialize_entry("variables", &Ordered(&self.columns))?;
        map.serialize_entry("sets", &Ordered(&self.sets))?;
        map.serialize_entry("missing_in_a", &self.missing_in_a)?;
        map.serialize_entry("missing_in_b", &self.missing_in_b)?;
        let dis: Vec<DisagreementOut<'_>> = self
            .disagreements
            .iter()
            .map(|d| DisagreementOut {
                case_id: &d.case_id,
                column: &d.column,
                a: &d.a,
                b: &d.b,
            })
            .collect();
        map.serialize_entry("disagreements", &dis)?;
        map.end()
    }
}

impl Agreement {
    /// The JSON of formats.md section 7, keys in codebook order, plus the
    /// extension keys `missing_in_a`, `missing_in_b` and `disagreements`.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        Ok(text)
    }

    /// The result of one column.
    pub fn column(&self, name: &str) -> Option<&ColumnStats> {
        self.columns
            .iter()
            .find(|c| c.name == name)
            .map(|c| &c.stats)
    }

    /// The result of one set.
    pub fn set(&self, name: &str) -> Option<&SetAgreement> {
        self.sets.iter().find(|s| s.name == name)
    }
}

/// The label of a column in the given language (`set: item` for set items).
pub fn column_label(book: &Codebook, name: &str, lang: Lang) -> String {
    match book.column(name) {
        Some(Column::Variable(v)) => v.label.get(lang).to_string(),
        Some(Column::Item(set, item)) => {
            format!("{}: {}", set.label.get(lang), item.label(lang))
        }
        None => name.to_string(),
    }
}

/// A coefficient for people: two decimals, decimal comma in Dutch, `–` when undefined.
pub fn format_coefficient(x: Option<f64>, lang: Lang) -> String {
    match x {
        None => "–".to_string(),
        Some(x) => {
            let s = format!("{x:.2}");
            match lang {
                Lang::Nl => s.replace('.', ","),
                Lang::En => s,
            }
        }
    }
}

fn format_percent(x: Option<f64>, lang: Lang) -> String {
    match x {
        None => "–".to_string(),
        Some(x) => {
            let s = format!("{:.1}%", x * 100.0);
            match lang {
                Lang::Nl => s.replace('.', ","),
                Lang::En => s,
            }
        }
    }
}

struct Words {
    title: &'static str,
    cases: &'static str,
    column: &'static str,
    agreement: &'static str,
    set: &'static str,
    masi: &'static str,
    only_in_a: &'static str,
    only_in_b: &'static str,
    differences: &'static str,
    none: &'static str,
    unknown: &'static str,
    note: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::Nl => Words {
            title: "Overeenstemming tussen twee codeurs",
            cases: "Casussen in beide bestanden",
            column: "Variabele",
            agreement: "% overeenstemming",
            set: "Meervoudige-responsset",
            masi: "alpha (MASI)",
            only_in_a: "Alleen in bestand B (ontbreekt in A)",
            only_in_b: "Alleen in bestand A (ontbreekt in B)",
            differences: "Verschillen om te bespreken",
            none: "geen",
            unknown: "(leeg)",
            note: "n = casussen die beide codeurs codeerden; – = niet gedefinieerd (één categorie of geen casussen).",
        },
        Lang::En => Words {
            title: "Agreement between two coders",
            cases: "Cases in both files",
            column: "Variable",
            agreement: "% agreement",
            set: "Multiple-response set",
            masi: "alpha (MASI)",
            only_in_a: "Only in file B (missing from A)",
            only_in_b: "Only in file A (missing from B)",
            differences: "Differences to discuss",
            none: "none",
            unknown: "(empty)",
            note: "n = cases both coders coded; – = undefined (a single category or no cases).",
        },
    }
}

/// A readable table for the terminal, Dutch first.
pub fn render_text(result: &Agreement, book: &Codebook, lang: Lang) -> String {
    let w = words(lang);
    let mut rows: Vec<[String; 6]> = vec![[
        w.column.to_string(),
        "n".to_string(),
        w.agreement.to_string(),
        "kappa".to_string(),
        "alpha".to_string(),
        String::new(),
    ]];
    for c in &result.columns {
        let label = column_label(book, &c.name, lang);
        let row = match &c.stats {
            ColumnStats::Nominal {
                n,
                agreement,
                kappa,
                alpha,
            } => [
                c.name.clone(),
                n.to_string(),
                format_percent(*agreement, lang),
                format_coefficient(*kappa, lang),
                format_coefficient(*alpha, lang),
                label,
            ],
            ColumnStats::Interval { n, alpha_interval } => [
                c.name.clone(),
                n.to_string(),
                "–".to_string(),
                "–".to_string(),
                format!(
                    "{} {}",
                    format_coefficient(*alpha_interval, lang),
                    "(interval)"
                ),
                label,
            ],
        };
        rows.push(row);
    }
    let mut widths = [0usize; 5];
    for row in &rows {
        for (i, cell) in row.iter().take(5).enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let _ = writeln!(out, "{}", w.title);
    let _ = writeln!(out, "{}: {}\n", w.cases, result.cases);
    for (i, row) in rows.iter().enumerate() {
        let _ = write!(out, "{:<w0$}", row[0], w0 = widths[0]);
        for (k, cell) in row.iter().enumerate().take(5).skip(1) {
            let pad = widths[k] - cell.chars().count();
            let _ = write!(out, "  {}{}", " ".repeat(pad), cell);
        }
        if !row[5].is_empty() {
            let _ = write!(out, "  {}", row[5]);
        }
        out.push('\n');
        if i == 0 {
            let total: usize = widths.iter().sum::<usize>() + 8;
            let _ = writeln!(out, "{}", "-".repeat(total));
        }
    }
    let _ = writeln!(out, "\n{}", w.set);
    for s in &result.sets {
        let label = book
            .set(&s.name)
            .map(|x| x.label.get(lang).to_string())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {:<12} n = {:>4}  {} = {}  {}",
            s.name,
            s.n,
            w.masi,
            format_coefficient(s.alpha_masi, lang),
            label
        );
    }
    let _ = writeln!(out, "\n{}", w.note);
    for (title, list) in [
        (w.only_in_b, &result.missing_in_b),
        (w.only_in_a, &result.missing_in_a),
    ] {
        let shown = if list.is_empty() {
            w.none.to_string()
        } else {
            list.join(", ")
        };
        let _ = writeln!(out, "{title}: {shown}");
    }
    let _ = writeln!(out, "\n{} ({}):", w.differences, result.disagreements.len());
    let show = |v: &str| {
        if v.is_empty() {
            w.unknown.to_string()
        } else {
            v.to_string()
        }
    };
    for d in &result.disagreements {
        let _ = writeln!(
            out,
            "  {}  {}: A = {}, B = {}",
            d.case_id,
            d.column,
            show(&d.a),
            show(&d.b)
        );
    }
    out
}

/// Escapes text for HTML.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The reliability table of the report's method section, as an HTML fragment.
///
/// One row per compared column (label, n, % agreement, kappa, alpha) and one
/// per multiple-response set (alpha with MASI); numbers as in the text table.
pub fn render_html(result: &Agreement, book: &Codebook, lang: Lang) -> String {
    let w = words(lang);
    let mut out = String::new();
    let caption = match lang {
        Lang::Nl => format!(
            "Betrouwbaarheid van de codering: twee codeurs, {} casussen",
            result.cases
        ),
        Lang::En => format!(
            "Reliability of the coding: two coders, {} cases",
            result.cases
        ),
    };
    let _ = writeln!(
        out,
        "<table class=\"reliability\">\n<caption>{}</caption>",
        escape_html(&caption)
    );
    let _ = writeln!(
        out,
        "<thead><tr><th>{}</th><th>n</th><th>{}</th><th>kappa</th><th>alpha</th></tr></thead>\n<tbody>",
        escape_html(w.column),
        escape_html(w.agreement)
    );
    for c in &result.columns {
        let label = escape_html(&column_label(book, &c.name, lang));
        let (agreement, kappa, alpha) = match &c.stats {
            ColumnStats::Nominal {
                agreement,
                kappa,
                alpha,
                ..
            } => (
                format_percent(*agreement, lang),
                format_coefficient(*kappa, lang),
                format_coefficient(*alpha, lang),
            ),
            ColumnStats::Interval { alpha_interval, .. } => (
                "–".to_string(),
                "–".to_string(),
                format!(
                    "{} ({})",
                    format_coefficient(*alpha_interval, lang),
                    "interval"
                ),
            ),
        };
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\" title=\"{}\">{label}</th><td>{}</td><td>{agreement}</td><td>{kappa}</td><td>{alpha}</td></tr>",
            escape_html(&c.name),
            c.stats.n()
        );
    }
    for s in &result.sets {
        let label = book
            .set(&s.name)
            .map(|x| x.label.get(lang).to_string())
            .unwrap_or_else(|| s.name.clone());
        let _ = writeln!(
            out,
            "<tr class=\"set\"><th scope=\"row\" title=\"{}\">{}</th><td>{}</td><td>–</td><td>–</td><td>{} (MASI)</td></tr>",
            escape_html(&s.name),
            escape_html(&label),
            s.n,
            format_coefficient(s.alpha_masi, lang)
        );
    }
    let _ = writeln!(
        out,
        "</tbody>\n<tfoot><tr><td colspan=\"5\">{}</td></tr></tfoot>\n</table>",
        escape_html(w.note)
    );
    out
}
