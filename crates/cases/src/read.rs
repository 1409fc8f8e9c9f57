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
            write!(f, ", column `{}`", shown(&self.column))?;
        }
        write!(f, ": `{}`: expected {}", shown(&self.value), self.expected)
    }
}

/// Longest value shown in a message, in characters (the rest is cut with `…`).
pub const SHOWN_CHARS: usize = 80;

/// A value from the file as a message shows it: control characters (NUL,
/// escape sequences, newlines) escaped so that nothing reaches the terminal
/// raw, and at most [`SHOWN_CHARS`] characters.
pub fn shown(value: &str) -> String {
    let mut out = String::new();
    for (i, c) in value.chars().enumerate() {
        if i == SHOWN_CHARS {
            out.push('…');
            break;
        }
        if c.is_control()
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// Longest text value (a case id), in characters.
pub const MAX_TEXT_CHARS: usize = 200;

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
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        path: shown.clone(),
        source,
    })?;
    read_bytes(&bytes, &shown, book)
}

/// How one column of the file is parsed.
pub(crate) struct Slot {
    /// Index in the table (codebook order).
    pub(crate) col: usize,
    name: String,
    kind: Kind,
    min: i64,
    max: i64,
    codes: Vec<Vec<u8>>,
    /// [`code_key`] of each code, for a match in one comparison.
    keys: Vec<u64>,
    /// Condition: (table column of the condition variable, allowed code mask, is `in`).
    condition: Option<(usize, u64, bool)>,
    condition_text: String,
    required: bool,
}

/// Reads and validates `cases.csv` from any reader; `path` names it in errors.
pub fn read_reader(
    mut reader: impl Read,
    path: &str,
    book: &Codebook,
) -> Result<CaseTable, ReadError> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|source| ReadError::Io {
            path: path.to_string(),
            source,
        })?;
    read_bytes(&bytes, path, book)
}

/// The header of a file, mapped to the codebook.
pub(crate) struct Header {
    pub(crate) slots: Vec<Option<Slot>>,
    present: Vec<bool>,
    year: Option<usize>,
    date: Option<usize>,
    pub(crate) case_id: Option<usize>,
}

/// The header of a file: its mapping, where the body starts, how many lines it took.
pub(crate) struct Head {
    pub(crate) header: Header,
    /// Byte offset of the first row.
    pub(crate) body_start: usize,
    /// Lines before the body (1 unless the header has quoted line breaks).
    pub(crate) lines: u64,
}

/// Parses and checks the header at the start of `bytes` (the whole file or a
/// prefix that holds the header and at least the byte after it).
pub(crate) fn parse_head(
    bytes: &[u8],
    path: &str,
    book: &Codebook,
    empty: &CaseTable,
) -> Result<Head, ReadError> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let headers = csv
        .byte_headers()
        .map_err(|e| ReadError::Csv {
            path: path.to_string(),
            message: e.to_string(),
        })?
        .clone();
    let body_start = usize::try_from(csv.position().byte()).unwrap_or(bytes.len());
    let header = read_header(&headers, book, empty).map_err(|problems| invalid(path, problems))?;
    let before = &bytes[..body_start.min(bytes.len())];
    let lines = 1 + before.iter().filter(|&&b| b == b'\n').count() as u64
        - u64::from(before.ends_with(b"\n"));
    Ok(Head {
        header,
        body_start,
        lines,
    })
}

/// Reads and validates `cases.csv` held in memory.
///
/// Large files without quoted fields are parsed in parallel chunks split at
/// line ends; the result and the problems are the same as a sequential read.
pub fn read_bytes(bytes: &[u8], path: &str, book: &Codebook) -> Result<CaseTable, ReadError> {
    let empty = CaseTable::new(book);
    let head = parse_head(bytes, path, book, &empty)?;
    let (header, body_start, header_lines) = (head.header, head.body_start, head.lines);
    let body = bytes.get(body_start..).unwrap_or_default();
    let chunks = split_body(body);
    let parts: Vec<Chunk> = if chunks.len() == 1 {
        vec![parse_chunk(&header, book, &empty, chunks[0], 0)]
    } else {
        // An estimate of the number of rows from the row length of the first MiB.
        let sample = &body[..body.len().min(1 << 20)];
        let sample_rows = sample.iter().filter(|&&b| b == b'\n').count().max(1);
        let row_bytes = (sample.len() / sample_rows).max(1);
        let rows = body.len() / row_bytes;
        std::thread::scope(|s| {
            let handles: Vec<_> = chunks
                .iter()
                .enumerate()
                .map(|(i, &c)| {
                    let (header, empty) = (&header, &empty);
                    // The first chunk's columns become the table's: room for all rows.
                    let room = if i == 0 { rows + rows / 32 } else { 0 };
                    s.spawn(move || parse_chunk(header, book, empty, c, room))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| match h.join() {
                    Ok(chunk) => chunk,
                    Err(panic) => std::panic::resume_unwind(panic),
                })
                .collect()
        })
    };
    // Lines and rows of each part count on from the parts before it.
    let (mut problems, mut lines, mut ids) = (Vec::new(), Vec::new(), Vec::new());
    let (mut offset, mut base) = (header_lines, 0u32);
    for part in &parts {
        problems.extend(part.problems.iter().map(|p| Problem {
            line: p.line + offset,
            ..p.clone()
        }));
        if problems.is_empty() {
            lines.extend(part.lines.iter().map(|l| l + offset));
            ids.extend(part.ids.iter().map(|&(h, r)| (h, r + base)));
        }
        offset += part.newlines;
        base += part.table.len() as u32;
    }
    if !problems.is_empty() {
        return Err(invalid(path, problems));
    }
    let mut table = CaseTable::concat(parts.into_iter().map(|p| p.table).collect(), &empty);
    table.present = header.present.clone();
    if let Some(id_col) = header.case_id {
        problems = duplicate_ids(&table, id_col, ids, &lines);
    }
    if problems.is_empty() {
        return Ok(table);
    }
    Err(invalid(path, problems))
}

/// The error for `problems`, sorted by line and capped.
pub(crate) fn invalid(path: &str, mut problems: Vec<Problem>) -> ReadError {
    problems.sort_by_key(|p| p.line);
    let capped = problems.len() >= ERROR_CAP;
    problems.truncate(ERROR_CAP);
    ReadError::Invalid {
        path: path.to_string(),
        problems,
        capped,
    }
}

/// Finds repeated case ids from the ids' hashes (computed while parsing):
/// sorting the hashes puts candidates side by side, and only those are
/// compared as text. Each repeat is reported with the line of the first.
fn duplicate_ids(
    table: &CaseTable,
    id_col: usize,
    mut ids: Vec<(u64, u32)>,
    lines: &[u64],
) -> Vec<Problem> {
    ids.sort_unstable();
    let mut repeats: Vec<(u32, u32)> = Vec::new(); // (row, row of the first)
    let mut run_start = 0;
    while run_start < ids.len() {
        let hash = ids[run_start].0;
        let mut run_end = run_start + 1;
        while run_end < ids.len() && ids[run_end].0 == hash {
            run_end += 1;
        }
        let run = &ids[run_start..run_end]; // sorted by row within the hash
        for (k, &(_, row)) in run.iter().enumerate().skip(1) {
            let text = table.text(id_col, row as usize);
            if let Some(&(_, first)) = run[..k]
                .iter()
                .find(|&&(_, r)| table.text(id_col, r as usize) == text)
            {
                repeats.push((row, first));
            }
        }
        run_start = run_end;
    }
    repeats.sort_unstable();
    repeats
        .into_iter()
        .take(ERROR_CAP)
        .map(|(row, first)| Problem {
            line: lines[row as usize],
            column: table.names[id_col].clone(),
            value: table
                .text(id_col, row as usize)
                .unwrap_or_default()
                .to_string(),
            expected: format!("a unique case_id (also on line {})", lines[first as usize]),
        })
        .collect()
}

/// The hash of a case id for the duplicate check.
pub(crate) fn id_hash(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = Fx(0);
    h.write(text.as_bytes());
    h.finish()
}

/// A fast, non-cryptographic hasher for the duplicate check of case ids
/// (the input is a local file, so flooding is not a concern).
struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
    fn finish(&self) -> u64 {
        // The multiply above leaves the low bits, which pick the bucket,
        // depending only on the low input bytes ("s1", "s2", ... share them):
        // fold the high bits down (murmur3's finaliser).
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// Splits the body into chunks at line ends, one per core, when that is safe
/// (no quote character anywhere, so no field spans lines).
fn split_body(body: &[u8]) -> Vec<&[u8]> {
    let threads = std::thread::available_parallelism()
        .map(|p| p.get())
        .unwrap_or(1)
        .min(16);
    if body.len() < (4 << 20) || threads == 1 || body.contains(&b'"') {
        return vec![body];
    }
    let mut chunks = Vec::with_capacity(threads);
    let mut start = 0;
    for t in 1..threads {
        let target = body.len() * t / threads;
        if target <= start {
            continue;
        }
        let Some(nl) = body[target..].iter().position(|&b| b == b'\n') else {
            break;
        };
        let end = target + nl + 1;
        chunks.push(&body[start..end]);
        start = end;
    }
    chunks.push(&body[start..]);
    chunks
}

pub(crate) fn read_header(
    headers: &csv::ByteRecord,
    book: &Codebook,
    table: &CaseTable,
) -> Result<Header, Vec<Problem>> {
    let columns = book.columns();
    let mut problems = Vec::new();
    let mut present = vec![false; columns.len()];
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
        present[col] = true;
        slots.push(Some(slot(book, &columns, col, table)));
    }
    for (col, c) in columns.iter().enumerate() {
        if let Column::Variable(v) = c
            && v.required
            && !present[col]
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
        return Err(problems);
    }
    let found = |name: &str| table.index(name).filter(|&c| present[c]);
    Ok(Header {
        year: found(&book.analysis.year),
        date: found(&book.analysis.first_contact),
        case_id: columns
            .iter()
            .position(|c| c.kind() == Kind::Text)
            .filter(|&c| present[c]),
        slots,
        present,
    })
}

/// What happens to a row that passed every check.
pub(crate) trait Keep {
    /// `row` holds the cells in codebook order (a text column holds `0` when
    /// known, its text is in `text`); `line` counts from 1 within the chunk.
    fn keep(&mut self, row: &mut [Cell], text: Option<(usize, &str)>, line: u64);
}

/// Keeps rows in a partial table, with their lines and the hashes of their case ids.
struct TableKeep {
    table: CaseTable,
    lines: Vec<u64>,
    /// (hash of the case id, row in this chunk) of the rows that have one.
    ids: Vec<(u64, u32)>,
    case_id: Option<usize>,
}

impl Keep for TableKeep {
    fn keep(&mut self, row: &mut [Cell], text: Option<(usize, &str)>, line: u64) {
        let table = &mut self.table;
        if let Some((col, t)) = text {
            if Some(col) == self.case_id {
                self.ids.push((id_hash(t), table.len as u32));
            }
            table.texts[col].push(t.to_string());
            row[col] = (table.texts[col].len() - 1) as Cell;
        }
        for (col, &cell) in row.iter().enumerate() {
            table.cells[col].push(cell);
        }
        table.len += 1;
        self.lines.push(line);
    }
}

/// The rows of one chunk: a partial table, the line of each row, the problems.
struct Chunk {
    table: CaseTable,
    lines: Vec<u64>,
    problems: Vec<Problem>,
    /// (hash of the case id, row in this chunk) of the rows that have one.
    ids: Vec<(u64, u32)>,
    /// How many line ends the chunk holds.
    newlines: u64,
}

/// Parses and checks the rows of one chunk into a partial table with room
/// for `room` rows at least; lines are counted from 1 within it.
fn parse_chunk(
    header: &Header,
    book: &Codebook,
    empty: &CaseTable,
    chunk: &[u8],
    room: usize,
) -> Chunk {
    let expect = if room > 0 {
        room
    } else {
        memchr::memchr_iter(b'\n', chunk).count() + 1
    };
    let mut table = empty.clone();
    for col in &mut table.cells {
        col.reserve(expect);
    }
    let keep = TableKeep {
        table,
        lines: Vec::with_capacity(expect),
        ids: Vec::with_capacity(if header.case_id.is_some() { expect } else { 0 }),
        case_id: header.case_id,
    };
    let (keep, problems, newlines) = check_chunk(header, book, empty, chunk, keep);
    Chunk {
        table: keep.table,
        lines: keep.lines,
        problems,
        ids: keep.ids,
        newlines,
    }
}

/// Checks the rows of one chunk and hands the valid ones to `keep` while the
/// chunk has no problem; lines are counted from 1 within it. Returns the
/// keeper, the problems (at most [`ERROR_CAP`]) and the chunk's line ends.
///
/// A chunk without quote characters is split at `\n` and `,` directly (the
/// common case, and the fast one); otherwise the `csv` crate parses it.
pub(crate) fn check_chunk<K: Keep>(
    header: &Header,
    book: &Codebook,
    names: &CaseTable,
    chunk: &[u8],
    keep: K,
) -> (K, Vec<Problem>, u64) {
    let mut rows = RowParser::new(header, book, names, keep);
    if memchr::memchr(b'"', chunk).is_none() {
        let mut fields: Vec<&[u8]> = Vec::with_capacity(header.slots.len());
        // Fields end at `,`, rows at `\n`; both are found eight bytes at a time.
        let (mut line, mut row_start, mut field_start) = (0u64, 0usize, 0usize);
        let mut stopped = None;
        // Whole words, then the rest padded with zero bytes (which are never
        // delimiters): every byte goes through the same loop.
        let words = chunk.chunks_exact(8);
        let mut tail = [0u8; 8];
        tail[..words.remainder().len()].copy_from_slice(words.remainder());
        let tail = (!words.remainder().is_empty()).then_some(tail);
        let mut base = 0;
        // The work per delimiter is written out here rather than in a
        // closure: it runs fifty times a row.
        'scan: for word in words
            .map(|w| <[u8; 8]>::try_from(w).unwrap_or_default())
            .chain(tail)
        {
            let w = u64::from_le_bytes(word);
            let ends = byte_mask(w, b'\n');
            let mut marks = byte_mask(w, b',') | ends;
            while marks != 0 {
                let bit = marks & marks.wrapping_neg();
                marks ^= bit;
                let pos = base + (bit.trailing_zeros() / 8) as usize;
                fields.push(chunk.get(field_start..pos).unwrap_or_default());
                field_start = pos + 1;
                if ends & bit != 0 {
                    line += 1;
                    row_start = pos + 1;
                    let blank = fields.len() == 1 && fields[0].trim_ascii().is_empty();
                    let go_on = blank || rows.row(&fields, line);
                    fields.clear();
                    if !go_on {
                        stopped = Some(pos);
                        break 'scan;
                    }
                }
            }
            base += 8;
        }
        if let Some(pos) = stopped {
            let rest = &chunk[pos + 1..];
            let newlines = line + memchr::memchr_iter(b'\n', rest).count() as u64;
            return (rows.keep, rows.problems, newlines);
        }
        let newlines = line;
        if row_start < chunk.len() {
            // The last row has no line end.
            fields.push(&chunk[field_start..]);
            let blank = fields.len() == 1 && fields[0].trim_ascii().is_empty();
            if !blank {
                rows.row(&fields, line + 1);
            }
        }
        return (rows.keep, rows.problems, newlines);
    }
    let newlines = memchr::memchr_iter(b'\n', chunk).count() as u64;
    let csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(chunk);
    check_csv(&mut rows, csv, 0);
    (rows.keep, rows.problems, newlines)
}

/// Checks the records of a `csv` reader (the path for quoted fields); the
/// lines of its records count on from `offset`.
pub(crate) fn check_csv<K: Keep, R: Read>(
    rows: &mut RowParser<'_, K>,
    mut csv: csv::Reader<R>,
    offset: u64,
) {
    let mut record = csv::ByteRecord::new();
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                rows.problems.push(Problem {
                    line: e.position().map_or(0, |p| p.line()) + offset,
                    column: String::new(),
                    value: String::new(),
                    expected: format!("valid CSV ({e})"),
                });
                break;
            }
        }
        let line = record.position().map_or(0, |p| p.line()) + offset;
        if record.len() == 1 && record.get(0).is_some_and(|f| f.trim_ascii().is_empty()) {
            continue; // blank line
        }
        let fields: Vec<&[u8]> = record.iter().collect();
        if !rows.row(&fields, line) {
            break;
        }
    }
}

/// The high bit of each byte of `word` that equals `byte` (exactly: no carries between bytes).
#[inline]
fn byte_mask(word: u64, byte: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = word ^ (0x0101_0101_0101_0101 * u64::from(byte));
    // The high bit of a byte of `t` is set when the byte of `x` is not zero.
    let t = ((x & LOW7) + LOW7) | x;
    !t & !LOW7
}

/// Checks rows and hands the valid ones to a [`Keep`].
pub(crate) struct RowParser<'a, K> {
    header: &'a Header,
    book: &'a Codebook,
    /// An empty table: the column names and kinds, for messages.
    names: &'a CaseTable,
    /// The slots that have a condition (checked after the whole row is parsed).
    conditional: Vec<usize>,
    pub(crate) problems: Vec<Problem>,
    row: Vec<Cell>,
    pub(crate) keep: K,
}

impl<'a, K: Keep> RowParser<'a, K> {
    pub(crate) fn new(
        header: &'a Header,
        book: &'a Codebook,
        names: &'a CaseTable,
        keep: K,
    ) -> Self {
        RowParser {
            header,
            book,
            names,
            conditional: header
                .slots
                .iter()
                .enumerate()
                .filter(|(_, s)| s.as_ref().is_some_and(|s| s.condition.is_some()))
                .map(|(i, _)| i)
                .collect(),
            problems: Vec::new(),
            row: vec![MISSING; names.names.len()],
            keep,
        }
    }

    /// Checks one row and keeps it; false when the problem cap is reached.
    fn row(&mut self, fields: &[&[u8]], line: u64) -> bool {
        let slots = &self.header.slots;
        let problems = &mut self.problems;
        if fields.len() != slots.len() {
            problems.push(Problem {
                line,
                column: String::new(),
                value: format!("{} fields", fields.len()),
                expected: format!("{} fields, as in the header", slots.len()),
            });
            return problems.len() < ERROR_CAP;
        }
        // Every column of the header is written below, whatever the row
        // holds; the others stay unknown, as they were made.
        let row = &mut self.row;
        let mut text: Option<(usize, &str)> = None;
        for (slot, &field) in slots.iter().zip(fields) {
            let Some(slot) = slot else { continue };
            let Some(cell) = row.get_mut(slot.col) else {
                continue;
            };
            *cell = MISSING;
            let field = trim(field);
            if field.is_empty() {
                if slot.required {
                    problems.push(problem(line, slot, field, "a value (required)".to_string()));
                }
                continue;
            }
            // The most common fields, checked without a call.
            match (slot.kind, field) {
                (Kind::YesNo, [b @ (b'0' | b'1')]) => {
                    *cell = Cell::from(b - b'0');
                    continue;
                }
                (Kind::Code, _) => {
                    if let Some(i) = slot.find_code(field) {
                        *cell = i as Cell;
                        continue;
                    }
                }
                _ => {}
            }
            match parse(slot, field) {
                Ok(Parsed::Cell(c)) => *cell = c,
                Ok(Parsed::Text(t)) => {
                    *cell = 0;
                    text = Some((slot.col, t));
                }
                Err(expected) => problems.push(problem(line, slot, field, expected)),
            }
        }
        let table = self.names;
        for &i in &self.conditional {
            let Some(slot) = &slots[i] else { continue };
            if row[slot.col] == MISSING {
                continue;
            }
            let Some((cond_col, mask, is_in)) = slot.condition else {
                continue;
            };
            let v = row[cond_col];
            let in_list = (0..64).contains(&v) && (mask >> v) & 1 == 1;
            if in_list != is_in {
                let shown = table.raw_of(self.book, cond_col, v);
                problems.push(Problem {
                    line,
                    column: slot.name.clone(),
                    value: String::from_utf8_lossy(trim(fields[i])).into_owned(),
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
        if let (Some(y), Some(d)) = (self.header.year, self.header.date)
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
        if problems.len() >= ERROR_CAP {
            problems.truncate(ERROR_CAP);
            return false;
        }
        if problems.is_empty() {
            self.keep.keep(row, text, line);
        }
        true
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
    let keys = codes.iter().map(|c: &Vec<u8>| code_key(c)).collect();
    Slot {
        col,
        name: c.name(),
        kind: c.kind(),
        min,
        max,
        codes,
        keys,
        condition,
        condition_text,
        required,
    }
}

/// The length and first seven bytes of a code in one word: codes of up to
/// seven bytes are equal when their keys are; longer ones compare the rest.
#[inline]
fn code_key(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    let n = bytes.len().min(7);
    word[..n].copy_from_slice(&bytes[..n]);
    word[7] = bytes.len().min(255) as u8;
    u64::from_le_bytes(word)
}

impl Slot {
    /// The index of the code `field` spells, if any.
    #[inline]
    fn find_code(&self, field: &[u8]) -> Option<usize> {
        let key = code_key(field);
        let i = self.keys.iter().position(|&k| k == key)?;
        if field.len() <= 7 || self.codes.get(i).is_some_and(|c| c.as_slice() == field) {
            return Some(i);
        }
        // A longer code with the same first seven bytes and length.
        self.codes.iter().position(|c| c.as_slice() == field)
    }
}

#[inline]
fn trim(field: &[u8]) -> &[u8] {
    field.trim_ascii()
}

fn problem(line: u64, slot: &Slot, field: &[u8], expected: String) -> Problem {
    // Only what a message shows is kept: a 10 MB field costs no 10 MB per problem.
    let head = &field[..field.len().min(SHOWN_CHARS * 4 + 4)];
    let mut value = String::from_utf8_lossy(head).into_owned();
    if head.len() < field.len() {
        value.push('…');
    }
    Problem {
        line,
        column: slot.name.clone(),
        value,
        expected,
    }
}

enum Parsed<'f> {
    Cell(Cell),
    Text(&'f str),
}

fn parse<'f>(slot: &Slot, field: &'f [u8]) -> Result<Parsed<'f>, String> {
    match slot.kind {
        Kind::Code => slot
            .find_code(field)
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
        Kind::Text => match std::str::from_utf8(field) {
            Err(_) => Err("UTF-8 text".to_string()),
            Ok(s) if s.chars().count() > MAX_TEXT_CHARS => Err(format!(
                "text of at most {MAX_TEXT_CHARS} characters (here {})",
                s.chars().count()
            )),
            Ok(s) if s.chars().any(char::is_control) => {
                Err("text without control characters".to_string())
            }
            Ok(s) => Ok(Parsed::Text(s)),
        },
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
    calendar_day(y, m, d)
}

/// Year, month and day as `yyyymmdd` when they name a day of the calendar
/// between 1900 and 2999 (the rule of a `cases.csv` date), else `None`.
#[inline]
pub fn calendar_day(y: i64, m: i64, d: i64) -> Option<Cell> {
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
