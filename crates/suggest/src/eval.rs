//! Scoring suggestions against expected codes: per-column precision and recall, micro F1.
//!
//! Expected codes come from a JSON-lines file (one object per conversation with
//! `conversation_id` and `expected`, the keys and values of formats.md section 6
//! without evidence) or from a `cases.csv` whose rows name their conversations.
//! Every column of the codebook is one binary decision per conversation: a
//! single-choice variable scores a true positive when the suggested value equals
//! the expected one, a false positive when a value is suggested that is not
//! expected, a false negative when an expected value is missing or different;
//! each item of a multiple-response set is its own yes/no column.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::io::BufRead;
use std::path::Path;

use zicht_codebook::{Codebook, Column, Kind};

use crate::{SUGGESTED, SuggestError, Suggestions, Value};

/// Expected values of one conversation: variable or set name to value.
pub type Expected = BTreeMap<String, Value>;

fn to_value(v: &serde_json::Value) -> Option<Value> {
    match v {
        serde_json::Value::String(s) => Some(Value::Code(s.clone())),
        serde_json::Value::Number(n) => n.as_i64().map(Value::Integer),
        serde_json::Value::Array(a) => Some(Value::Items(
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
        )),
        _ => None,
    }
}

/// Reads expected codes from JSON lines: `{"conversation_id": .., "expected": {..}}` per line
/// (further keys, such as the conversation itself, are ignored).
pub fn read_expected_jsonl(path: &Path) -> Result<HashMap<String, Expected>, SuggestError> {
    let shown = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|source| SuggestError::Io {
        path: shown.clone(),
        source,
    })?;
    let mut out = HashMap::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|source| SuggestError::Io {
            path: shown.clone(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let err = |message: String| SuggestError::Expected {
            path: shown.clone(),
            line: i + 1,
            message,
        };
        let v: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| err(format!("not JSON: {e}")))?;
        let id = v
            .get("conversation_id")
            .and_then(|x| x.as_str())
            .ok_or_else(|| err("conversation_id: missing or not a string".into()))?;
        let exp = v
            .get("expected")
            .and_then(|x| x.as_object())
            .ok_or_else(|| err("expected: missing or not an object".into()))?;
        let mut map = Expected::new();
        for (k, x) in exp {
            let value = to_value(x)
                .ok_or_else(|| err(format!("expected.{k}: not a code, integer or list")))?;
            map.insert(k.clone(), value);
        }
        out.insert(id.to_string(), map);
    }
    Ok(out)
}

/// Reads expected codes from a `cases.csv` (formats.md section 1). `link` names the
/// column that lists a case's conversation ids (separated by `;`, `|` or spaces);
/// without that column the result is keyed by `case_id` instead.
pub fn read_expected_cases(
    path: &Path,
    book: &Codebook,
    link: &str,
) -> Result<HashMap<String, Expected>, SuggestError> {
    let shown = path.display().to_string();
    let mut rdr = csv::Reader::from_path(path).map_err(|e| SuggestError::Expected {
        path: shown.clone(),
        line: 1,
        message: e.to_string(),
    })?;
    let headers = rdr
        .headers()
        .map_err(|e| SuggestError::Expected {
            path: shown.clone(),
            line: 1,
            message: e.to_string(),
        })?
        .clone();
    let link_col = headers
        .iter()
        .position(|h| h == link)
        .or_else(|| headers.iter().position(|h| h == "case_id"))
        .ok_or_else(|| SuggestError::Expected {
            path: shown.clone(),
            line: 1,
            message: format!(
                "neither a column `{link}` linking cases to conversations nor `case_id`"
            ),
        })?;
    let mut out = HashMap::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| SuggestError::Expected {
            path: shown.clone(),
            line: i + 2,
            message: e.to_string(),
        })?;
        let mut exp = Expected::new();
        for (h, cell) in headers.iter().zip(rec.iter()) {
            if cell.is_empty() {
                continue;
            }
            match book.column(h) {
                Some(Column::Variable(v)) => {
                    let value = match v.kind {
                        Kind::Integer => cell.parse().ok().map(Value::Integer),
                        Kind::YesNo => match cell {
                            "1" => Some(Value::Code("yes".into())),
                            "0" => Some(Value::Code("no".into())),
                            _ => None,
                        },
                        Kind::Code => Some(Value::Code(cell.to_string())),
                        _ => None,
                    };
                    if let Some(value) = value {
                        exp.insert(v.name.clone(), value);
                    }
                }
                Some(Column::Item(set, item)) if cell == "1" => {
                    let e = exp
                        .entry(set.name.clone())
                        .or_insert_with(|| Value::Items(Vec::new()));
                    if let Value::Items(list) = e {
                        list.push(item.code.clone());
                    }
                }
                _ => {}
            }
        }
        let ids = rec.get(link_col).unwrap_or("");
        for id in ids.split([';', '|', ' ', ',']).filter(|s| !s.is_empty()) {
            out.insert(id.to_string(), exp.clone());
        }
    }
    Ok(out)
}

/// Counts of one column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> Option<f64> {
        let d = self.tp + self.fp;
        (d > 0).then(|| self.tp as f64 / d as f64)
    }
    pub fn recall(&self) -> Option<f64> {
        let d = self.tp + self.fn_;
        (d > 0).then(|| self.tp as f64 / d as f64)
    }
    pub fn f1(&self) -> Option<f64> {
        let d = 2 * self.tp + self.fp + self.fn_;
        (d > 0).then(|| 2.0 * self.tp as f64 / d as f64)
    }
}

/// A mistake, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    pub conversation_id: String,
    pub column: String,
    pub expected: Option<String>,
    pub suggested: Option<String>,
}

/// The scores of one evaluation.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub conversations: usize,
    /// Per column, in codebook order (columns never expected nor suggested are left out).
    pub columns: Vec<(String, Counts)>,
    pub misses: Vec<Miss>,
    /// Suggested ages that the expected codes do not have (conversation, suggested, expected).
    pub unsupported_ages: Vec<(String, i64, Option<i64>)>,
    /// Micro counts per conversation, in input order (for the bootstrap).
    pub per_chat: Vec<Counts>,
}

impl Report {
    pub fn micro(&self) -> Counts {
        let mut c = Counts::default();
        for (_, x) in &self.columns {
            c.tp += x.tp;
            c.fp += x.fp;
            c.fn_ += x.fn_;
        }
        c
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::Code(c) => c.clone(),
        Value::Integer(n) => n.to_string(),
        Value::Items(i) => i.join(","),
    }
}

/// Scores suggestions against expected codes; conversations without expected codes are skipped.
pub fn score(book: &Codebook, pairs: &[(&Suggestions, &Expected)]) -> Report {
    let mut report = Report {
        conversations: pairs.len(),
        ..Report::default()
    };
    let columns = book.columns();
    let mut counts: Vec<Counts> = vec![Counts::default(); columns.len()];
    let scored = |col: &Column| match col {
        Column::Variable(v) => SUGGESTED.contains(&v.name.as_str()),
        Column::Item(set, _) => SUGGESTED.contains(&set.name.as_str()),
    };
    for (sug, exp) in pairs {
        let mut chat = Counts::default();
        let got = |name: &str| sug.get(name).map(|s| &s.value);
        for (ci, col) in columns.iter().enumerate() {
            if !scored(col) {
                continue;
            }
            let (exp_v, got_v): (Option<String>, Option<String>) = match col {
                Column::Variable(v) => (exp.get(&v.name).map(show), got(&v.name).map(show)),
                Column::Item(set, item) => {
                    let has = |v: Option<&Value>| matches!(v, Some(Value::Items(list)) if list.contains(&item.code));
                    (
                        has(exp.get(&set.name)).then(|| "1".to_string()),
                        has(got(&set.name)).then(|| "1".to_string()),
                    )
                }
            };
            let c = &mut counts[ci];
            match (&exp_v, &got_v) {
                (Some(e), Some(g)) if e == g => {
                    c.tp += 1;
                    chat.tp += 1;
                }
                (None, None) => {}
                _ => {
                    if got_v.is_some() {
                        c.fp += 1;
                        chat.fp += 1;
                    }
                    if exp_v.is_some() {
                        c.fn_ += 1;
                        chat.fn_ += 1;
                    }
                    report.misses.push(Miss {
                        conversation_id: sug.conversation_id.clone(),
                        column: col.name(),
                        expected: exp_v.clone(),
                        suggested: got_v.clone(),
                    });
                }
            }
        }
        report.per_chat.push(chat);
        if let Some(Value::Integer(a)) = got("victim_age") {
            let e = match exp.get("victim_age") {
                Some(Value::Integer(x)) => Some(*x),
                _ => None,
            };
            if e != Some(*a) {
                report
                    .unsupported_ages
                    .push((sug.conversation_id.clone(), *a, e));
            }
        }
    }
    for (col, c) in columns.iter().zip(counts) {
        if c != Counts::default() {
            report.columns.push((col.name(), c));
        }
    }
    report
}

/// A percentile bootstrap 95% interval of micro F1 over conversations: `reps` resamples
/// of the conversations with replacement, drawn by a generator seeded with `seed`.
/// `None` without conversations.
pub fn bootstrap_f1(report: &Report, reps: usize, seed: u64) -> Option<(f64, f64)> {
    let n = report.per_chat.len();
    if n == 0 || reps == 0 {
        return None;
    }
    // splitmix64: small, seeded, good enough for resampling.
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let mut f1s: Vec<f64> = (0..reps)
        .map(|_| {
            let mut c = Counts::default();
            for _ in 0..n {
                let x = &report.per_chat[(next() % n as u64) as usize];
                c.tp += x.tp;
                c.fp += x.fp;
                c.fn_ += x.fn_;
            }
            c.f1().unwrap_or(0.0)
        })
        .collect();
    f1s.sort_by(f64::total_cmp);
    let at = |q: f64| f1s[((q * (reps - 1) as f64).round() as usize).min(reps - 1)];
    Some((at(0.025), at(0.975)))
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{:.2}", v))
}

/// The report as a table (Dutch headings, English in brackets).
pub fn render(report: &Report, show_misses: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Evaluatie (evaluation): {} gesprekken (conversations)",
        report.conversations
    );
    let _ = writeln!(
        out,
        "{:<34} {:>4} {:>4} {:>4} {:>9} {:>9} {:>6}",
        "kolom (column)", "TP", "FP", "FN", "precisie", "recall", "F1"
    );
    for (name, c) in &report.columns {
        let _ = writeln!(
            out,
            "{:<34} {:>4} {:>4} {:>4} {:>9} {:>9} {:>6}",
            name,
            c.tp,
            c.fp,
            c.fn_,
            pct(c.precision()),
            pct(c.recall()),
            pct(c.f1())
        );
    }
    let m = report.micro();
    let _ = writeln!(
        out,
        "{:<34} {:>4} {:>4} {:>4} {:>9} {:>9} {:>6}",
        "micro",
        m.tp,
        m.fp,
        m.fn_,
        pct(m.precision()),
        pct(m.recall()),
        pct(m.f1())
    );
    if let Some((lo, hi)) = bootstrap_f1(report, 2000, 2026) {
        let _ = writeln!(
            out,
            "micro F1 95%-interval (bootstrap over gesprekken, 2000 trekkingen, seed 2026): {lo:.2} - {hi:.2}"
        );
    }
    let _ = writeln!(
        out,
        "Leeftijden zonder steun in de verwachte codes (ages not supported): {}",
        report.unsupported_ages.len()
    );
    for (id, a, e) in &report.unsupported_ages {
        let _ = writeln!(
            out,
            "  {id}: voorgesteld {a}, verwacht {}",
            e.map_or_else(|| "leeg".to_string(), |x| x.to_string())
        );
    }
    if show_misses && !report.misses.is_empty() {
        let _ = writeln!(out, "Verschillen (differences):");
        for m in &report.misses {
            let _ = writeln!(
                out,
                "  {} {}: verwacht {}, voorgesteld {}",
                m.conversation_id,
                m.column,
                m.expected.as_deref().unwrap_or("-"),
                m.suggested.as_deref().unwrap_or("-")
            );
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn report(chats: &[(usize, usize, usize)]) -> Report {
        Report {
            per_chat: chats
                .iter()
                .map(|&(tp, fp, fn_)| Counts { tp, fp, fn_ })
                .collect(),
            ..Report::default()
        }
    }

    #[test]
    fn bootstrap_of_identical_chats_is_a_point() {
        let r = report(&[(3, 1, 0); 20]);
        let (lo, hi) = bootstrap_f1(&r, 500, 1).unwrap();
        assert!((lo - 6.0 / 7.0).abs() < 1e-12 && (hi - lo).abs() < 1e-12);
    }

    #[test]
    fn bootstrap_interval_holds_the_estimate_and_is_seeded() {
        let chats: Vec<(usize, usize, usize)> =
            (0..40).map(|i| (i % 5, (i % 3) / 2, i % 4)).collect();
        let r = report(&chats);
        let mut c = Counts::default();
        for x in &r.per_chat {
            c.tp += x.tp;
            c.fp += x.fp;
            c.fn_ += x.fn_;
        }
        let f1 = c.f1().unwrap();
        let (lo, hi) = bootstrap_f1(&r, 1000, 7).unwrap();
        assert!(lo < f1 && f1 < hi, "{lo} {f1} {hi}");
        assert!(hi - lo > 0.05);
        assert_eq!(bootstrap_f1(&r, 1000, 7), Some((lo, hi)));
        assert_ne!(bootstrap_f1(&r, 1000, 8), Some((lo, hi)));
        assert_eq!(bootstrap_f1(&report(&[]), 1000, 7), None);
    }
}
