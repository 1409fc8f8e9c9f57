//! Reads and validates `cases.csv`: every problem with its line, column, value and expectation.

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::path::Path;

use zicht_codebook::{Codebook, Column, Kind};

use crate::{CaseTable, Cell, MISSING};

/// How many problems are reported before reading stops.
pub const ERROR_CAP: usize = 100;

/// One problem of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line of the file (the header is line 1).
    pub line: u64,
    /// The column name (empty when the problem is the whole row).
    pub column: String,
    /// The offending value as written.
    pub value: String,
    /// What was expected instead.
    pub expected: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if !self.column.is_empty() {
            write!(f, ", column `{}`", self.column)?;
        }
        write!(f, ": `{}`: expected {}", self.value, self.expected)
    }
}

/// Why a cases file was rejected.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Csv { path: String, message: String },
    #[error("{path}: {} problem(s){}:\n{}", .problems.len(), if *.capped { " (stopped at the cap)" } else { "" }, render(.path, .problems))]
    Invalid {
        path: String,
        problems: Vec<Problem>,
        capped: bool,
    },
}

fn render(path: &str, problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {path}:{p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl ReadError {
    /// The problems of an invalid file (empty for I/O errors).
    pub fn problems(&self) -> &[Problem] {
        match self {
            ReadError::Invalid { problems, .. } => problems,
            _ => &[],
        }
    }
}

/// Reads and validates a `cases.csv` file.
pub fn read_path(path: &Path, book: &Codebook) -> Result<CaseTable, ReadError> {
    let shown = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|source| ReadError::Io {
        path: shown.clone(),
        source,
    })?;
    read_reader(
        std::io::BufReader::with_capacity(1 << 20, file),
        &shown,
        book,
    )
}

/// How one column of the file is parsed.
struct Slot {
    /// Index in the table (codebook order).
    col: usize,
    name: String,
    kind: Kind,
    min: i64,
    max: i64,
    codes: Vec<Vec<u8>>,
    /// Condition: (table column of the condition variable, allowed code mask, is `in`).
    condition: Option<(usize, u64, bool)>,
    condition_text: String,
    required: bool,
}

/// Reads and validates `cases.csv` from any reader; `path` names it in errors.
pub fn read_reader(reader: impl Read, path: &str, book: &Codebook) -> Result<CaseTable, ReadError> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(reader);
    let csv_err = |e: csv::Error| ReadError::Csv {
        path: path.to_string(),
        message: e.to_string(),
    };
    let headers = csv.byte_headers().map_err(csv_err)?.clone();
    let mut table = CaseTable::new(book);
    let mut problems = Vec::new();
    let columns = book.columns();

    // Map the header to codebook columns.
    let mut slots: Vec<Option<Slot>> = Vec::with_capacity(headers.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, raw) in headers.iter().enumerate() {
        let name = String::from_utf8_lossy(raw)
            .trim()
            .trim_start_matches('\u{feff}')
            .to_string();
        if let Some(first) = seen.insert(name.clone(), i + 1) {
            problems.push(Problem {
                line: 1,
                column: name.clone(),
                value: name.clone(),
                expected: format!("each column once (also column {first})"),
            });
            slots.push(None);
            continue;
        }
        let Some(col) = table.index(&name) else {
            problems.push(Problem {
                line: 1,
                column: name.clone(),
                value: name.clone(),
                expected: "a column of the codebook (`zicht codebook` lists them)".to_string(),
            });
            slots.push(None);
            continue;
        };
        table.present[col] = true;
        slots.push(Some(slot(book, &columns, col, &table)));
    }
    for (col, c) in columns.iter().enumerate() {
        if let Column::Variable(v) = c
            && v.required
            && !table.present[col]
        {
            problems.push(Problem {
                line: 1,
                column: v.name.clone(),
                value: String::new(),
                expected: format!("a column `{}` (required)", v.name),
            });
        }
    }
    if !problems.is_empty() {
        return Err(ReadError::Invalid {
            path: path.to_string(),
            problems,
            capped: false,
        });
    }

    let n_cols = columns.len();
    let case_id = table.index("case_id");
    let year_col = book
        .variable(&book.analysis.year)
        .and_then(|v| table.index(&v.name));
    let date_col = table.index(&book.analysis.first_contact);
    let mut ids: HashMap<String, u64> = HashMap::new();
    let mut row: Vec<Cell> = vec![MISSING; n_cols];
    let mut record = csv::ByteRecord::new();
    let mut capped = false;
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                problems.push(Problem {
                    line: e.position().map_or(0, |p| p.line()),
                    column: String::new(),
                    value: String::new(),
                    expected: format!("valid CSV ({e})"),
                });
                break;
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        if record.len() == 1 && record.get(0).is_some_and(|f| f.is_empty()) {
            continue; // blank line
        }
        if record.len() != slots.len() {
            problems.push(Problem {
                line,
                column: String::new(),
                value: format!("{} fields", record.len()),
                expected: format!("{} fields, as in the header", slots.len()),
            });
            if problems.len() >= ERROR_CAP {
                capped = true;
                break;
            }
            continue;
        }
        row.iter_mut().for_each(|c| *c = MISSING);
        let mut texts: Vec<(usize, String)> = Vec::new();
        for (slot, field) in slots.iter().zip(record.iter()) {
            let Some(slot) = slot else { continue };
            let field = trim(field);
            if field.is_empty() {
                if slot.required {
                    problems.push(problem(line, slot, field, "a value (required)".to_string()));
                }
                continue;
            }
            match parse(slot, field) {
                Ok(Parsed::Cell(c)) => row[slot.col] = c,
                Ok(Parsed::Text(t)) => {
                    row[slot.col] = 0;
                    texts.push((slot.col, t));
                }
                Err(expected) => problems.push(problem(line, slot, field, expected)),
            }
        }
        // Conditions, on the parsed row.
        for slot in slots.iter().flatten() {
            if row[slot.col] == MISSING {
                continue;
            }
            if let Some((cond_col, mask, is_in)) = slot.condition {
                let v = row[cond_col];
                let in_list = v != MISSING && (0..64).contains(&v) && (mask >> v) & 1 == 1;
                let holds = if is_in { in_list } else { !in_list };
                if !holds {
                    let shown = table.raw_of(book, cond_col, v);
                    problems.push(Problem {
                        line,
                        column: slot.name.clone(),
                        value: raw_string(&record, &slots, slot.col),
                        expected: format!(
                            "empty, because it applies only when {} (here {} is {})",
                            slot.condition_text,
                            table.names[cond_col],
                            if shown.is_empty() {
                                "unknown".to_string()
                            } else {
                                format!("`{shown}`")
                            }
                        ),
                    });
                }
            }
        }
        if let (Some(y), Some(d)) = (year_col, date_col)
            && row[y] != MISSING
            && row[d] != MISSING
            && row[d] / 10_000 != row[y]
        {
            problems.push(Problem {
                line,
                column: table.names[y].clone(),
                value: row[y].to_string(),
                expected: format!("the year of {} ({})", table.names[d], row[d] / 10_000),
            });
        }
        if let Some(id_col) = case_id
            && let Some((_, id)) = texts.iter().find(|(c, _)| *c == id_col)
        {
            if let Some(first) = ids.get(id.as_str()) {
                problems.push(Problem {
                    line,
                    column: table.names[id_col].clone(),
                    value: id.clone(),
                    expected: format!("a unique case_id (also on line {first})"),
                });
            } else {
                ids.insert(id.clone(), line);
            }
        }
        if problems.len() >= ERROR_CAP {
            problems.truncate(ERROR_CAP);
            capped = true;
            break;
        }
        if problems.is_empty() {
            for (col, text) in texts {
                table.texts[col].push(text);
                row[col] = (table.texts[col].len() - 1) as Cell;
            }
            for (col, &cell) in row.iter().enumerate() {
                table.cells[col].push(cell);
            }
            table.len += 1;
        }
    }
    if problems.is_empty() {
        Ok(table)
    } else {
        Err(ReadError::Invalid {
            path: path.to_string(),
            problems,
            capped,
        })
    }
}

impl CaseTable {
    /// The code text of a stored code cell (for messages).
    fn raw_of(&self, book: &Codebook, col: usize, cell: Cell) -> String {
        if cell == MISSING {
            return String::new();
        }
        match book.column(&self.names[col]) {
            Some(Column::Variable(v)) => usize::try_from(cell)
                .ok()
                .and_then(|i| v.codes.get(i))
                .map(|c| c.code.clone())
                .unwrap_or_default(),
            _ => cell.to_string(),
        }
    }
}

fn raw_string(record: &csv::ByteRecord, slots: &[Option<Slot>], col: usize) -> String {
    slots
        .iter()
        .position(|s| s.as_ref().is_some_and(|s| s.col == col))
        .and_then(|i| record.get(i))
        .map(|f| String::from_utf8_lossy(trim(f)).into_owned())
        .unwrap_or_default()
}

fn slot(book: &Codebook, columns: &[Column<'_>], col: usize, table: &CaseTable) -> Slot {
    let c = columns[col];
    let (min, max, codes, required) = match c {
        Column::Variable(v) => (
            v.min.unwrap_or(i64::from(i32::MIN) + 1),
            v.max.unwrap_or(i64::from(i32::MAX)),
            v.codes.iter().map(|c| c.code.as_bytes().to_vec()).collect(),
            v.required,
        ),
        Column::Item(..) => (0, 1, Vec::new(), false),
    };
    let (condition, condition_text) = match c.condition() {
        Some(cond) => {
            let cond_col = table.index(&cond.variable);
            let var = book.variable(&cond.variable);
            let (list, is_in) = match (&cond.in_codes, &cond.not_in) {
                (Some(l), _) => (l, true),
                (None, Some(l)) => (l, false),
                (None, None) => (&Vec::new(), false),
            };
            let mask = list
                .iter()
                .filter_map(|code| var.and_then(|v| v.code_index(code)))
                .fold(0u64, |m, i| m | (1u64 << i));
            (cond_col.map(|cc| (cc, mask, is_in)), cond.describe())
        }
        None => (None, String::new()),
    };
    Slot {
        col,
        name: c.name(),
        kind: c.kind(),
        min,
        max,
        codes,
        condition,
        condition_text,
        required,
    }
}

fn trim(field: &[u8]) -> &[u8] {
    field.trim_ascii()
}

fn problem(line: u64, slot: &Slot, field: &[u8], expected: String) -> Problem {
    Problem {
        line,
        column: slot.name.clone(),
        value: String::from_utf8_lossy(field).into_owned(),
        expected,
    }
}

enum Parsed {
    Cell(Cell),
    Text(String),
}

fn parse(slot: &Slot, field: &[u8]) -> Result<Parsed, String> {
    match slot.kind {
        Kind::Code => slot
            .codes
            .iter()
            .position(|c| c.as_slice() == field)
            .map(|i| Parsed::Cell(i as Cell))
            .ok_or_else(|| {
                let list: Vec<String> = slot
                    .codes
                    .iter()
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect();
                format!("one of {}", list.join(", "))
            }),
        Kind::YesNo => match field {
            b"1" => Ok(Parsed::Cell(1)),
            b"0" => Ok(Parsed::Cell(0)),
            _ => Err("1 (yes), 0 (no) or empty (unknown)".to_string()),
        },
        Kind::Integer => {
            let n = parse_int(field).ok_or_else(|| "a whole number".to_string())?;
            if n < slot.min || n > slot.max {
                return Err(format!("a whole number from {} to {}", slot.min, slot.max));
            }
            Ok(Parsed::Cell(n as Cell))
        }
        Kind::Date => parse_date(field)
            .map(Parsed::Cell)
            .ok_or_else(|| "a date YYYY-MM-DD".to_string()),
        Kind::Text => std::str::from_utf8(field)
            .map(|s| Parsed::Text(s.to_string()))
            .map_err(|_| "UTF-8 text".to_string()),
    }
}

fn parse_int(field: &[u8]) -> Option<i64> {
    if field.is_empty() || field.len() > 12 || !field.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        field
            .iter()
            .fold(0i64, |acc, d| acc * 10 + i64::from(d - b'0')),
    )
}

/// Parses `YYYY-MM-DD` into `yyyymmdd`, checking the calendar.
pub(crate) fn parse_date(field: &[u8]) -> Option<Cell> {
    if field.len() != 10 || field[4] != b'-' || field[7] != b'-' {
        return None;
    }
    let y = parse_int(&field[0..4])?;
    let m = parse_int(&field[5..7])?;
    let d = parse_int(&field[8..10])?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if !(1..=days).contains(&d) || !(1900..=2999).contains(&y) {
        return None;
    }
    Some((y * 10_000 + m * 100 + d) as Cell)
}
