//! The fast path of [`crate::compute_path`]: one parallel pass over the raw bytes of a valid file, parsing, checking and counting each row without building it.
//!
//! This path only ever says "valid, and here are the counts" or "ask the
//! reader": on the first problem of any kind, a quote character, an unusual
//! header or too many population keys it stops, and `compute_path` reads the
//! file with `zicht_cases::stream_path`, whose problems and messages are the
//! table reader's. So the errors are the reader's by construction; what this
//! path must get right is to accept exactly the rows the reader accepts, with
//! the same cells (the property tests in `tests/stream.rs` compare both with
//! the table path, and `scan_accepts_what_the_reader_accepts` checks that the
//! fast path was taken).
//!
//! A row is parsed field by field in the header's order, each field by what
//! its column expects. Runs of optional yes/no fields are read a word at a
//! time: four answered fields (`0,1,1,0,`) or eight empty ones in one step,
//! else one step per comma. Other fields end at the next byte at or below
//! `,`, taken from a bit mask of such bytes made 64 bytes at a time
//! ([`Cursor`]); a code is found in a small perfect hash of its column's
//! codes and compared as its first and last eight bytes; a date is read at
//! fixed offsets as one word and two bytes. A field in any other shape
//! (spaces around it, a CR, too few fields, a blank line) sends its line
//! through the general parser, which applies the reader's rules to the
//! trimmed fields. The yes bits of the yes/no fields are gathered while
//! parsing, so a multiple-response set whose items lie one after another is
//! counted by its pattern of yes items (`crate::dense`). Repeated case ids:
//! an exact set of id fingerprints (`crate::ids`) flags candidates, and only
//! then a second pass collects the candidates' ids and compares them (a true
//! repeat is a problem: the reader reports it with both lines).

use std::fs::File;
use std::ops::Range;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use zicht_cases::{CaseTable, Cell, MAX_TEXT_CHARS, MISSING, StreamOptions, read_at};
use zicht_codebook::{Codebook, Column, Kind};

use crate::acc::{Accumulator, Plan};
use crate::dense::{Dense, Layout};
use crate::ids::{Ids, repeated_hashes};

/// The counts of a valid file and the years of its rows (ascending, no repeats).
pub(crate) struct Scanned {
    pub(crate) acc: Accumulator,
    pub(crate) years: Vec<i32>,
}

/// Zero bytes after every loaded block: words are read eight bytes at a time past a field.
const PAD: usize = 64;

/// Counts the rows of `year` (all when `None`) of the file at `path`; `None`
/// when the file must go through the reader (it may have a problem).
pub(crate) fn scan(
    path: &Path,
    book: &Codebook,
    plan: &Plan,
    year: Option<i32>,
    options: StreamOptions,
) -> std::io::Result<Option<Scanned>> {
    let file = File::open(path)?;
    let len = file.metadata()?.len();
    let names = CaseTable::new(book);
    let mut head = vec![0u8; usize::try_from(len.min(1 << 20)).unwrap_or(1 << 20)];
    let got = read_at(&file, &mut head, 0)?;
    head.truncate(got);
    let whole = got as u64 == len;
    let Some((spec, body_start)) = Spec::new(&head, whole, book, &names) else {
        return Ok(None);
    };
    // Where each set's items lie among the row's yes bits, when one after another.
    let yes_bits: Vec<Option<u32>> = plan
        .sets
        .iter()
        .map(|set| {
            let cols: Vec<u32> = set.cols.iter().map(|&c| c as u32).collect();
            let n = cols.len();
            if !spec.yes_bits || n == 0 {
                return None;
            }
            spec.yes_cols
                .windows(n)
                .position(|w| w == cols.as_slice())
                .map(|o| o as u32)
        })
        .collect();
    let Some(layout) = Layout::new(plan, &yes_bits) else {
        return Ok(None);
    };
    let src = Source {
        file: &file,
        body_start: body_start as u64,
        len,
        block: options.block.max(2) as u64,
    };
    let threads = options.threads.max(1);
    // The rows the first megabyte predicts, for the size of the set of ids.
    let body = &head[body_start.min(head.len())..];
    let rows = if body.is_empty() {
        0
    } else {
        let lines = memchr::memchr_iter(b'\n', body).count() as u64 + 1;
        lines.saturating_mul(len - body_start as u64) / body.len() as u64 + 1
    };
    let mut exact = true;
    let (mut candidates, mut overflow, workers) = loop {
        let ids = Ids::new(rows, len, exact);
        let ctx = Ctx {
            spec: &spec,
            plan,
            layout: &layout,
            year,
            ids: &ids,
        };
        let workers = for_blocks(
            &src,
            threads,
            || Worker::new(&ctx),
            |w: &mut Worker, chunk, end| w.block(&ctx, chunk, end),
        )?;
        let Some(mut workers) = workers else {
            if ids.gave_up() {
                // The prediction was far off: count again with the Bloom filter.
                exact = false;
                continue;
            }
            return Ok(None);
        };
        let (mut candidates, mut overflow) = (Vec::new(), Vec::new());
        for w in &mut workers {
            ids.add(&mut w.batch, &mut w.candidates, &mut w.overflow);
            candidates.append(&mut w.candidates);
            overflow.append(&mut w.overflow);
        }
        if ids.gave_up() {
            exact = false;
            continue;
        }
        break (candidates, overflow, workers);
    };
    candidates.extend(repeated_hashes(&mut overflow));
    drop(overflow);
    if !candidates.is_empty()
        && let Some(field) = spec.id_field
    {
        candidates.sort_unstable();
        candidates.dedup();
        if repeated(&src, threads, field, &candidates)? {
            return Ok(None);
        }
    }
    let mut years: Vec<i32> = Vec::new();
    let mut total: Option<Dense> = None;
    for w in workers {
        years.extend_from_slice(&w.years);
        match &mut total {
            Some(t) => t.merge(&w.dense),
            None => total = Some(w.dense),
        }
    }
    years.sort_unstable();
    years.dedup();
    let acc = match total {
        Some(t) => t.into_accumulator(plan, &layout),
        None => Accumulator::new(plan),
    };
    Ok(Some(Scanned { acc, years }))
}

/// What a field holds (the codebook's kinds, as a small copyable tag).
#[derive(Clone, Copy)]
enum FieldKind {
    YesNo,
    Code,
    Integer,
    Date,
    Text,
}

/// How one field of the file is parsed and checked (small: the row loop walks them).
#[derive(Clone, Copy)]
struct FieldSpec {
    /// The column in codebook order.
    col: u32,
    kind: FieldKind,
    required: bool,
    /// The code table (codes) or the range (integers) in [`Spec`].
    aux: u16,
}

/// The header of a file, compiled: its fields and the checks across fields.
struct Spec {
    fields: Vec<FieldSpec>,
    /// The fields but the last, as the fast path walks them: runs of
    /// optional yes/no fields and single fields.
    segments: Vec<Segment>,
    /// The columns of the runs of yes/no fields, one after another.
    run_cols: Vec<u32>,
    /// The columns of the row's yes bits: the runs, then the last field
    /// when it is an optional yes/no field.
    yes_cols: Vec<u32>,
    /// Whether the yes bits fit in a word. When they do not, bits from 64 on
    /// wrap round onto others (the shifts are `wrapping_shl`) and no set is
    /// counted by its pattern, so nobody reads them.
    yes_bits: bool,
    /// The yes bit of the last field, when it has one.
    last_yes: Option<u32>,
    tables: Vec<CodeTable>,
    /// (min, max) of the integer fields.
    ranges: Vec<(i64, i64)>,
    /// The conditions of the present columns, one per (column of the
    /// condition, allowed codes, is `in`), with the columns that have it.
    conditions: Vec<(usize, u64, bool, Vec<usize>)>,
    /// The year column and the date column, when both are present.
    year_date: Option<(usize, usize)>,
    /// The field of the case id, when present.
    id_field: Option<usize>,
    /// Columns of the codebook.
    columns: usize,
}

impl Spec {
    /// The header in `bytes` (the start of the file, all of it when `whole`)
    /// and where the body starts; `None` for anything the reader should judge:
    /// an unknown, repeated or missing column, quotes, a line break other than
    /// `\n` or `\r\n`, a header cut off by the end of `bytes`. A whole file
    /// that is one header line without a line break has an empty body.
    fn new(bytes: &[u8], whole: bool, book: &Codebook, names: &CaseTable) -> Option<(Spec, usize)> {
        let nl = match memchr::memchr(b'\n', bytes) {
            Some(nl) => nl,
            None if whole => bytes.len(),
            None => return None,
        };
        let mut line = &bytes[..nl];
        if let Some(rest) = line.strip_suffix(b"\r") {
            line = rest;
        }
        if line.is_empty() || line.iter().any(|&b| b == b'"' || b == b'\r') {
            return None;
        }
        let columns = book.columns();
        // The reader's id column: the first text column; only one is supported here.
        let texts: Vec<usize> = (0..columns.len())
            .filter(|&c| columns[c].kind() == Kind::Text)
            .collect();
        if texts.len() > 1 {
            return None;
        }
        let mut present = vec![false; columns.len()];
        let mut fields = Vec::new();
        let (mut tables, mut ranges) = (Vec::new(), Vec::new());
        for raw in line.split(|&b| b == b',') {
            let name = String::from_utf8_lossy(raw);
            let name = name.trim().trim_start_matches('\u{feff}');
            let col = names.index(name)?;
            if present[col] {
                return None;
            }
            present[col] = true;
            let c = columns[col];
            let (min, max, codes, required) = match c {
                Column::Variable(v) => (
                    v.min.unwrap_or(i64::from(i32::MIN) + 1),
                    v.max.unwrap_or(i64::from(i32::MAX)),
                    v.codes.iter().map(|c| c.code.as_bytes()).collect(),
                    v.required,
                ),
                Column::Item(..) => (0, 1, Vec::new(), false),
            };
            let (kind, aux) = match c.kind() {
                Kind::YesNo => (FieldKind::YesNo, 0),
                Kind::Code => {
                    tables.push(CodeTable::new(&codes));
                    (FieldKind::Code, tables.len() - 1)
                }
                Kind::Integer => {
                    ranges.push((min, max));
                    (FieldKind::Integer, ranges.len() - 1)
                }
                Kind::Date => (FieldKind::Date, 0),
                Kind::Text => (FieldKind::Text, 0),
            };
            fields.push(FieldSpec {
                col: u32::try_from(col).ok()?,
                kind,
                required,
                aux: u16::try_from(aux).ok()?,
            });
        }
        for (col, c) in columns.iter().enumerate() {
            if let Column::Variable(v) = c
                && v.required
                && !present[col]
            {
                return None;
            }
        }
        if fields.len() < 2 {
            // One column: an empty line would be a row here but is blank to the reader.
            return None;
        }
        let mut conditions: Vec<(usize, u64, bool, Vec<usize>)> = Vec::new();
        for f in &fields {
            let col = f.col as usize;
            let Some(cond) = columns[col].condition() else {
                continue;
            };
            let Some(cond_col) = names.index(&cond.variable) else {
                continue;
            };
            let var = book.variable(&cond.variable);
            let (list, is_in) = match (&cond.in_codes, &cond.not_in) {
                (Some(l), _) => (l.as_slice(), true),
                (None, Some(l)) => (l.as_slice(), false),
                (None, None) => (&[][..], false),
            };
            let mask = list
                .iter()
                .filter_map(|code| var.and_then(|v| v.code_index(code)))
                .fold(0u64, |m, i| m | (1u64 << i));
            match conditions
                .iter_mut()
                .find(|(c, m, i, _)| (*c, *m, *i) == (cond_col, mask, is_in))
            {
                Some((_, _, _, cols)) => cols.push(col),
                None => conditions.push((cond_col, mask, is_in, vec![col])),
            }
        }
        let found = |name: &str| names.index(name).filter(|&c| present[c]);
        let year_date = found(&book.analysis.year).zip(found(&book.analysis.first_contact));
        let id_col = texts.first().copied().filter(|&c| present[c]);
        let id_field = id_col.and_then(|c| fields.iter().position(|f| f.col as usize == c));
        let (segments, run_cols) = segments(&fields);
        let mut yes_cols = run_cols.clone();
        let last_yes = match fields.last() {
            Some(f) if matches!(f.kind, FieldKind::YesNo) && !f.required => {
                yes_cols.push(f.col);
                Some(run_cols.len() as u32)
            }
            _ => None,
        };
        let yes_bits = yes_cols.len() <= 64;
        Some((
            Spec {
                fields,
                segments,
                run_cols,
                yes_cols,
                yes_bits,
                last_yes,
                tables,
                ranges,
                conditions,
                year_date,
                id_field,
                columns: columns.len(),
            },
            (nl + 1).min(bytes.len()),
        ))
    }
}

/// A stretch of the fields of a row.
#[derive(Clone, Copy)]
enum Segment {
    /// Optional yes/no fields: `Spec::run_cols[from..to]`.
    YesNo(u32, u32),
    Field(FieldSpec),
}

/// The fields but the last as segments: consecutive optional yes/no fields form a run.
fn segments(fields: &[FieldSpec]) -> (Vec<Segment>, Vec<u32>) {
    let mut segments = Vec::new();
    let mut run_cols: Vec<u32> = Vec::new();
    let body = &fields[..fields.len().saturating_sub(1)];
    for f in body {
        if matches!(f.kind, FieldKind::YesNo) && !f.required {
            let to = run_cols.len() as u32;
            run_cols.push(f.col);
            match segments.last_mut() {
                Some(Segment::YesNo(_, end)) if *end == to => *end = to + 1,
                _ => segments.push(Segment::YesNo(to, to + 1)),
            }
        } else {
            segments.push(Segment::Field(*f));
        }
    }
    (segments, run_cols)
}

/// The codes of a column in a perfect hash: one multiply finds the only
/// candidate, which is compared as its first and last eight bytes and its
/// length (and, for codes over sixteen bytes, as bytes).
struct CodeTable {
    slots: Vec<Slot>,
    shift: u32,
    mult: u64,
    /// The bytes of each code.
    codes: Vec<Vec<u8>>,
}

/// A slot of a [`CodeTable`]; a free slot has length zero (no field is empty here).
#[derive(Clone, Copy, Default)]
struct Slot {
    first: u64,
    last: u64,
    len: u32,
    cell: Cell,
}

impl CodeTable {
    fn new(codes: &[&[u8]]) -> CodeTable {
        let mut table = CodeTable {
            slots: vec![Slot::default()],
            shift: 63,
            mult: 0,
            codes: codes.iter().map(|c| c.to_vec()).collect(),
        };
        // Codes the reader can never match (spaces at an edge, a comma) are left out.
        let keys: Vec<(u64, u64, usize, usize)> = codes
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_empty() && c.trim_ascii().len() == c.len() && !c.contains(&b','))
            .map(|(i, c)| {
                let (first, last) = words(c);
                (first, last, c.len(), i)
            })
            .collect();
        if keys.is_empty() {
            return table;
        }
        // Grow the table until some multiplier puts every code in its own slot.
        let mut bits = (usize::BITS - keys.len().leading_zeros()) + 1;
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        loop {
            for _ in 0..64 {
                seed = seed
                    .wrapping_mul(0x5851_f42d_4c95_7f2d)
                    .wrapping_add(0x1405_7b7e_f767_814f);
                let mult = seed | 1;
                let shift = 64 - bits;
                let mut slots = vec![Slot::default(); 1 << bits];
                let mut ok = true;
                for &(first, last, len, i) in &keys {
                    let h = (mix(first, last, len).wrapping_mul(mult) >> shift) as usize;
                    if slots[h].len != 0 {
                        ok = false;
                        break;
                    }
                    slots[h] = Slot {
                        first,
                        last,
                        len: len as u32,
                        cell: i as Cell,
                    };
                }
                if ok {
                    table.slots = slots;
                    table.shift = shift;
                    table.mult = mult;
                    return table;
                }
            }
            bits += 1;
            if bits > 16 {
                // Codes that share their words (never in practice): no table, every field to the general parser.
                table.slots = vec![Slot::default()];
                table.shift = 63;
                return table;
            }
        }
    }

    /// The index of the code `field` spells exactly.
    #[inline]
    fn find(&self, field: &[u8]) -> Option<Cell> {
        let (first, last) = words(field);
        self.probe(first, last, field)
    }

    /// [`CodeTable::find`] of the field `buf[p..e]` (not empty), whose
    /// words are read in place (eight bytes of padding follow every block).
    #[inline(always)]
    fn find_at(&self, buf: &[u8], p: usize, e: usize) -> Option<Cell> {
        let len = e - p;
        let mut first = word(buf, p);
        if len < 8 {
            first &= u64::MAX >> (64 - 8 * len);
        }
        let last = if len > 8 { word(buf, e - 8) } else { 0 };
        self.probe(first, last, &buf[p..e])
    }

    #[inline(always)]
    fn probe(&self, first: u64, last: u64, field: &[u8]) -> Option<Cell> {
        let len = field.len();
        let h = (mix(first, last, len).wrapping_mul(self.mult) >> self.shift) as usize;
        let s = self.slots.get(h)?;
        if s.first != first || s.last != last || s.len as usize != len {
            return None;
        }
        if len > 16 && self.codes.get(s.cell as usize)?.as_slice() != field {
            return None;
        }
        Some(s.cell)
    }
}

/// The first eight bytes of a field (zero-padded when shorter) and, when
/// longer, its last eight (else zero).
#[inline]
fn words(bytes: &[u8]) -> (u64, u64) {
    let mut a = [0u8; 8];
    let n = bytes.len().min(8);
    a[..n].copy_from_slice(&bytes[..n]);
    let last = match bytes.len() {
        0..=8 => 0,
        len => {
            let mut b = [0u8; 8];
            b.copy_from_slice(&bytes[len - 8..]);
            u64::from_le_bytes(b)
        }
    };
    (u64::from_le_bytes(a), last)
}

#[inline(always)]
fn mix(first: u64, last: u64, len: usize) -> u64 {
    first ^ last.rotate_left(29) ^ (len as u64).wrapping_mul(0x2545_f491_4f6c_dd1d)
}

/// What every worker reads.
struct Ctx<'a> {
    spec: &'a Spec,
    plan: &'a Plan,
    layout: &'a Layout,
    year: Option<i32>,
    ids: &'a Ids,
}

/// One worker: its counts, the years it saw, the case ids not yet in the filter.
struct Worker {
    dense: Dense,
    years: Vec<i32>,
    last_year: Cell,
    batch: Vec<u64>,
    candidates: Vec<u64>,
    /// Hashes whose bucket of the exact set was full.
    overflow: Vec<u64>,
    cells: Vec<Cell>,
}

/// A line as the general parser sees it.
enum Line<'b> {
    Blank,
    /// A valid row; the case id when it has one.
    Row(Option<&'b [u8]>),
    Problem,
}

impl Worker {
    fn new(ctx: &Ctx<'_>) -> Worker {
        Worker {
            dense: Dense::new(ctx.plan, ctx.layout),
            years: Vec::new(),
            last_year: MISSING,
            batch: Vec::with_capacity(Ids::BATCH),
            candidates: Vec::new(),
            overflow: Vec::new(),
            cells: vec![MISSING; ctx.spec.columns],
        }
    }

    /// Checks and counts the rows of `chunk[..end]` (whole lines, the last
    /// ending with `\n`, then [`PAD`] bytes); false at the first problem.
    fn block(&mut self, ctx: &Ctx<'_>, chunk: &[u8], end: usize) -> bool {
        let spec = ctx.spec;
        let mut p = 0;
        let mut cur = Cursor::at(chunk, 0);
        while p < end {
            let mut yes = 0;
            let (next, id) = match fast_row(spec, chunk, p, &mut cur, &mut self.cells, &mut yes) {
                Some(row) => row,
                None => {
                    let e = memchr::memchr(b'\n', &chunk[p..end]).map_or(end, |i| p + i);
                    cur = Cursor::at(chunk, e + 1);
                    match general_row(spec, &chunk[p..e], &mut self.cells) {
                        Line::Blank => {
                            p = e + 1;
                            continue;
                        }
                        Line::Problem => return false,
                        Line::Row(id) => {
                            yes = spec
                                .yes_cols
                                .iter()
                                .take(64)
                                .enumerate()
                                .fold(0, |m, (i, &c)| {
                                    m | u64::from(self.cells[c as usize] == 1) << i
                                });
                            (e + 1, id)
                        }
                    }
                }
            };
            p = next;
            if !across(spec, &self.cells) {
                return false;
            }
            if let Some(id) = id {
                self.batch.push(id_hash(id));
                if self.batch.len() >= Ids::BATCH
                    && !ctx
                        .ids
                        .add(&mut self.batch, &mut self.candidates, &mut self.overflow)
                {
                    return false;
                }
            }
            let y = self.cells[ctx.plan.year_col()];
            if y != self.last_year && y != MISSING {
                self.last_year = y;
                if let Err(at) = self.years.binary_search(&y) {
                    self.years.insert(at, y);
                }
            }
            if ctx.year.is_some_and(|want| y != want) {
                continue;
            }
            self.dense.add(ctx.plan, ctx.layout, &self.cells, yes);
        }
        true
    }
}

/// The word of eight bytes at `p`.
#[inline(always)]
fn word(buf: &[u8], p: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&buf[p..p + 8]);
    u64::from_le_bytes(w)
}

/// Where the bytes that can end a field lie: a bit for every byte at or
/// below `,` (`,` and `\n`, and a space, a CR, a quote, a tab: the row then
/// goes to the general parser), a window of 64 bytes at a time, computed
/// eight bytes at a time without branches. The bits of the bytes before the
/// current position have been taken.
struct Cursor {
    /// Where the window starts.
    base: usize,
    /// The bits of the window not yet taken.
    bits: u64,
}

impl Cursor {
    /// A cursor at `p` (the bits of the 64 bytes from `p`).
    #[inline]
    fn at(buf: &[u8], p: usize) -> Cursor {
        Cursor {
            base: p,
            bits: specials(buf, p),
        }
    }

    /// The next byte that can end a field, and takes it.
    #[inline(always)]
    fn next(&mut self, buf: &[u8]) -> usize {
        while self.bits == 0 {
            self.base += 64;
            self.bits = specials(buf, self.base);
        }
        let i = self.bits.trailing_zeros() as usize;
        self.bits &= self.bits - 1;
        self.base + i
    }

    /// Drops the bits of the bytes before `p` (parsed without the cursor).
    #[inline(always)]
    fn skip_to(&mut self, buf: &[u8], p: usize) {
        let d = p.saturating_sub(self.base);
        if d < 64 {
            self.bits &= u64::MAX << d;
        } else {
            *self = Cursor::at(buf, p);
        }
    }
}

/// A bit for each of the 64 bytes from `at` that is at most `,` (bytes past
/// the end count as such).
#[inline(always)]
fn specials(buf: &[u8], at: usize) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Added to the low seven bits, sets the high bit from `-` on (no carry between bytes).
    const UP: u64 = 0x0101_0101_0101_0101 * (0x80 - b'-' as u64);
    let Some((window, _)) = buf.get(at..).and_then(|b| b.split_first_chunk::<64>()) else {
        let mut w = [0u8; 64];
        let rest = buf.get(at..).unwrap_or_default();
        w[..rest.len()].copy_from_slice(rest);
        return specials(&w, 0) | (u64::MAX << rest.len());
    };
    let mut bits = 0u64;
    for (k, w) in window.chunks_exact(8).enumerate() {
        let mut b = [0u8; 8];
        b.copy_from_slice(w);
        let w = u64::from_le_bytes(b);
        let low = !((w & LOW7).wrapping_add(UP) | w) & HIGH;
        // The high bits of the bytes, gathered into one byte.
        let gathered = ((low >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56;
        bits |= gathered << (8 * k);
    }
    bits
}

/// Parses the row at `p` when every field has its plain shape: the position
/// after its line end and its case id. `None` sends the line to [`general_row`].
#[inline]
fn fast_row<'b>(
    spec: &Spec,
    buf: &'b [u8],
    mut p: usize,
    cur: &mut Cursor,
    cells: &mut [Cell],
    yes: &mut u64,
) -> Option<(usize, Option<&'b [u8]>)> {
    let mut id = None;
    *yes = 0;
    let last = spec.fields.last()?;
    for segment in &spec.segments {
        let f = match *segment {
            Segment::YesNo(from, to) => {
                let cols = &spec.run_cols[from as usize..to as usize];
                p = yes_no_run(buf, p, cols, cells, yes, from)?;
                cur.skip_to(buf, p);
                continue;
            }
            Segment::Field(f) => f,
        };
        let e = cur.next(buf);
        if *buf.get(e)? != b',' {
            return None;
        }
        cells[f.col as usize] = field_cell(spec, &f, buf, p, e, &mut id)?;
        p = e + 1;
    }
    let e = cur.next(buf);
    let next = match *buf.get(e)? {
        b'\n' => e + 1,
        b'\r' if buf.get(e + 1) == Some(&b'\n') => {
            cur.next(buf);
            e + 2
        }
        _ => return None,
    };
    let cell = field_cell(spec, last, buf, p, e, &mut id)?;
    cells[last.col as usize] = cell;
    if let Some(bit) = spec.last_yes {
        *yes |= u64::from(cell == 1).wrapping_shl(bit);
    }
    Some((next, id))
}

/// Parses a run of optional yes/no fields, each `0,`, `1,` or `,`: eight
/// bytes at a time, four answered fields or eight empty ones in one step,
/// else one step per comma. The position after the run, or `None` for any
/// other shape.
#[inline(always)]
fn yes_no_run(
    buf: &[u8],
    mut p: usize,
    cols: &[u32],
    cells: &mut [Cell],
    yes: &mut u64,
    first: u32,
) -> Option<usize> {
    /// `0,` or `1,` four times (the low bit of each digit cleared).
    const ANSWERED: u64 = 0x2c30_2c30_2c30_2c30;
    const EMPTY: u64 = 0x2c2c_2c2c_2c2c_2c2c;
    let n = cols.len();
    let mut i = 0;
    while i < n {
        let (w, _) = buf.get(p..)?.split_first_chunk::<8>()?;
        let w = u64::from_le_bytes(*w);
        if let Some(four) = cols.get(i..i + 4)
            && w & 0xfffe_fffe_fffe_fffe == ANSWERED
        {
            for (k, &col) in four.iter().enumerate() {
                cells[col as usize] = ((w >> (16 * k)) & 1) as Cell;
            }
            // The four low bits of the digits, gathered (no two products meet).
            let bits =
                ((w & 0x0001_0001_0001_0001).wrapping_mul(0x0001_0002_0004_0008) >> 48) & 0xf;
            *yes |= bits.wrapping_shl(first + i as u32);
            i += 4;
            p += 8;
            continue;
        }
        if let Some(eight) = cols.get(i..i + 8)
            && w == EMPTY
        {
            for &col in eight {
                cells[col as usize] = MISSING;
            }
            i += 8;
            p += 8;
            continue;
        }
        let mut commas = byte_mask(w, b',');
        if commas == 0 {
            return None;
        }
        // Where the current field starts in `w`.
        let mut s = 0;
        while let Some(&col) = cols.get(i) {
            if commas == 0 {
                break;
            }
            let j = commas.trailing_zeros() / 8;
            commas &= commas - 1;
            let cell = if j == s {
                MISSING
            } else {
                let b = (w >> (8 * s)) as u8;
                if j != s + 1 || b.wrapping_sub(b'0') >= 2 {
                    return None;
                }
                Cell::from(b - b'0')
            };
            cells[col as usize] = cell;
            *yes |= u64::from(cell == 1).wrapping_shl(first + i as u32);
            s = j + 1;
            i += 1;
        }
        p += s as usize;
    }
    Some(p)
}

/// The high bit of each byte of `word` that equals `byte` (exactly: no carries between bytes).
#[inline(always)]
fn byte_mask(word: u64, byte: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = word ^ (0x0101_0101_0101_0101 * u64::from(byte));
    let t = ((x & LOW7) + LOW7) | x;
    !t & !LOW7
}

/// The cell of the plain field `buf[p..e]` (no spaces, no delimiter in it).
#[inline(always)]
fn field_cell<'b>(
    spec: &Spec,
    f: &FieldSpec,
    buf: &'b [u8],
    p: usize,
    e: usize,
    id: &mut Option<&'b [u8]>,
) -> Option<Cell> {
    let len = e - p;
    if len == 0 {
        return if f.required { None } else { Some(MISSING) };
    }
    let field = &buf[p..e];
    Some(match f.kind {
        FieldKind::YesNo => match field {
            b"1" => 1,
            b"0" => 0,
            _ => return None,
        },
        FieldKind::Code => spec.tables[usize::from(f.aux)].find_at(buf, p, e)?,
        FieldKind::Integer => {
            let n = parse_int(field)?;
            let (min, max) = spec.ranges[usize::from(f.aux)];
            if n < min || n > max {
                return None;
            }
            n as Cell
        }
        FieldKind::Date => parse_date(field)?,
        FieldKind::Text => {
            let plain = len <= MAX_TEXT_CHARS && printable(field);
            if !plain || field[0] == b' ' || field[len - 1] == b' ' {
                return None;
            }
            *id = Some(field);
            0
        }
    })
}

/// A line (without its `\n`) by the reader's rules: fields split at `,` and
/// trimmed, blank lines skipped.
fn general_row<'b>(spec: &Spec, line: &'b [u8], cells: &mut [Cell]) -> Line<'b> {
    let fields: Vec<&[u8]> = line.split(|&b| b == b',').collect();
    if fields.len() == 1 && fields[0].trim_ascii().is_empty() {
        return Line::Blank;
    }
    if fields.len() != spec.fields.len() {
        return Line::Problem;
    }
    let mut id = None;
    for (f, raw) in spec.fields.iter().zip(fields) {
        let field = raw.trim_ascii();
        if field.is_empty() {
            if f.required {
                return Line::Problem;
            }
            cells[f.col as usize] = MISSING;
            continue;
        }
        let cell = match f.kind {
            FieldKind::YesNo => match field {
                b"1" => Some(1),
                b"0" => Some(0),
                _ => None,
            },
            FieldKind::Code => spec.tables[usize::from(f.aux)].find(field),
            FieldKind::Integer => parse_int(field)
                .filter(|n| {
                    let (min, max) = spec.ranges[usize::from(f.aux)];
                    (min..=max).contains(n)
                })
                .map(|n| n as Cell),
            FieldKind::Date => parse_date(field),
            FieldKind::Text => match std::str::from_utf8(field) {
                Ok(s)
                    if s.chars().count() <= MAX_TEXT_CHARS && !s.chars().any(char::is_control) =>
                {
                    id = Some(field);
                    Some(0)
                }
                _ => None,
            },
        };
        match cell {
            Some(c) => cells[f.col as usize] = c,
            None => return Line::Problem,
        }
    }
    Line::Row(id)
}

/// The checks across the fields of a parsed row: conditions, and the year of the date.
#[inline]
fn across(spec: &Spec, cells: &[Cell]) -> bool {
    for (cond_col, mask, is_in, cols) in &spec.conditions {
        let v = cells[*cond_col];
        let in_list = (0..64).contains(&v) && (mask >> v) & 1 == 1;
        // Where the condition does not hold, its columns must be empty.
        if in_list != *is_in {
            // Branch-free: any known cell among them.
            let known = cols.iter().fold(0, |acc, &c| acc | (cells[c] ^ MISSING));
            if known != 0 {
                return false;
            }
        }
    }
    if let Some((y, d)) = spec.year_date
        && cells[y] != MISSING
        && cells[d] != MISSING
        && cells[d] / 10_000 != cells[y]
    {
        return false;
    }
    true
}

/// A whole number of at most twelve digits (the reader's rule).
#[inline]
fn parse_int(field: &[u8]) -> Option<i64> {
    if field.is_empty() || field.len() > 12 {
        return None;
    }
    let mut n = 0i64;
    for &d in field {
        if !d.is_ascii_digit() {
            return None;
        }
        n = n * 10 + i64::from(d - b'0');
    }
    Some(n)
}

/// Whether every byte of `field` is printable ASCII (from a space to `~`): eight at a time, then one by one.
#[inline]
fn printable(field: &[u8]) -> bool {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut bad = 0;
    let mut chunks = field.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let w = u64::from_le_bytes(w);
        // DEL or above: a high bit, or seven low bits that reach 0x80 plus one.
        bad |= (w | (w & LOW7).wrapping_add(0x0101_0101_0101_0101)) & HIGH;
        // Below a space: seven low bits that stay below 0x80 plus 0x60.
        bad |= !((w & LOW7).wrapping_add(0x6060_6060_6060_6060)) & HIGH;
    }
    bad == 0
        && chunks
            .remainder()
            .iter()
            .all(|&c| (0x20..0x7f).contains(&c))
}

/// `YYYY-MM-DD` as `yyyymmdd`, checking the calendar (the reader's rule).
#[inline]
fn parse_date(field: &[u8]) -> Option<Cell> {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    if field.len() != 10 {
        return None;
    }
    let (head, tail) = field.split_first_chunk::<8>()?;
    // `YYYY-MM-` and `DD`: digits to 0..=9 and the dashes to 0 by one xor, then every byte at most 9.
    let x = u64::from_le_bytes(*head) ^ 0x2d30_302d_3030_3030;
    let z = u64::from(u16::from_le_bytes([tail[0], tail[1]]) ^ 0x3030);
    if ((x & LOW7).wrapping_add(0x7676_7676_7676_7676) | x) & HIGH != 0
        || (((z & 0x7f7f) + 0x7676) | z) & 0x8080 != 0
        || (x >> 32) & 0xff != 0
        || x >> 56 != 0
    {
        return None;
    }
    let b = |i: u32| ((x >> (8 * i)) & 0xff) as i64;
    let y = b(0) * 1000 + b(1) * 100 + b(2) * 10 + b(3);
    let m = b(5) * 10 + b(6);
    let d = (z & 0xff) as i64 * 10 + (z >> 8) as i64;
    zicht_cases::calendar_day(y, m, d)
}

/// The hash of a case id (trimmed) for the repeat check.
#[inline]
fn id_hash(id: &[u8]) -> u64 {
    let mut h = (id.len() as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for chunk in id.chunks(8) {
        let mut w = [0u8; 8];
        w[..chunk.len()].copy_from_slice(chunk);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Whether a case id whose hash is among `candidates` occurs twice.
fn repeated(
    src: &Source<'_>,
    threads: usize,
    field: usize,
    candidates: &[u64],
) -> std::io::Result<bool> {
    let found = for_blocks(
        src,
        threads,
        Vec::new,
        |found: &mut Vec<Vec<u8>>, chunk, end| {
            let mut start = 0;
            for nl in memchr::memchr_iter(b'\n', &chunk[..end]) {
                let line = &chunk[start..nl];
                start = nl + 1;
                let Some(id) = nth_field(line, field) else {
                    continue;
                };
                let id = id.trim_ascii();
                if !id.is_empty() && candidates.binary_search(&id_hash(id)).is_ok() {
                    found.push(id.to_vec());
                }
            }
            true
        },
    )?;
    let Some(found) = found else {
        return Ok(true);
    };
    let mut ids: Vec<Vec<u8>> = found.into_iter().flatten().collect();
    ids.sort_unstable();
    Ok(ids.windows(2).any(|w| w[0] == w[1]))
}

/// The `n`-th comma-separated field of a line (without its `\n`).
fn nth_field(line: &[u8], n: usize) -> Option<&[u8]> {
    let mut rest = line;
    for _ in 0..n {
        rest = &rest[memchr::memchr(b',', rest)? + 1..];
    }
    Some(memchr::memchr(b',', rest).map_or(rest, |i| &rest[..i]))
}

/// The file and where its body lies.
struct Source<'f> {
    file: &'f File,
    body_start: u64,
    len: u64,
    block: u64,
}

impl Source<'_> {
    fn blocks(&self) -> usize {
        let body = self.len.saturating_sub(self.body_start);
        usize::try_from(body.div_ceil(self.block)).unwrap_or(usize::MAX)
    }

    /// Loads the rows of block `k` into `buf`: those that start in it (a row
    /// starts after a line end), as `zicht_cases::stream_path` cuts blocks.
    /// Returns where they lie; the last ends with `\n` (one is added at the
    /// end of the file) and [`PAD`] zero bytes follow.
    fn load(&self, k: usize, buf: &mut Vec<u8>) -> std::io::Result<Range<usize>> {
        let start = self.body_start + k as u64 * self.block;
        let end = (start + self.block).min(self.len);
        let from = if k == 0 { start } else { start - 1 };
        let mut want = usize::try_from((end - from + (1 << 16)).min(self.len - from))
            .unwrap_or(usize::MAX >> 1);
        let mut rows = loop {
            // The buffer only grows (no zeroing of every block).
            if buf.len() < want + PAD + 1 {
                buf.resize(want + PAD + 1, 0);
            }
            let got = read_at(self.file, &mut buf[..want], from)?;
            let data = &buf[..got];
            let last = usize::try_from(end - 1 - from).unwrap_or(0);
            let first = if k == 0 {
                0
            } else {
                // The first line end in [start - 1, end - 1) ends the row of the block before.
                match memchr::memchr(b'\n', &data[..last.min(got)]) {
                    Some(i) => i + 1,
                    None => break 0..0,
                }
            };
            // The block's last row ends at the first line end at or after end - 1.
            if let Some(i) = memchr::memchr(b'\n', data.get(last..).unwrap_or_default()) {
                break first..last + i + 1;
            }
            if from + got as u64 >= self.len || got < want {
                break first..got;
            }
            want = usize::try_from((want as u64 * 2).min(self.len - from)).unwrap_or(want * 2);
        };
        if !rows.is_empty() && buf[rows.end - 1] != b'\n' {
            // The file's last row has no line end.
            buf[rows.end] = b'\n';
            rows.end += 1;
        }
        Ok(rows)
    }
}

/// Runs `work` on every block with `threads` workers, each with its own
/// buffer; `work` gets the block's lines (from 0 to its `end`, then padding)
/// and returns false to stop every worker: then `None`.
fn for_blocks<W: Send>(
    src: &Source<'_>,
    threads: usize,
    new_worker: impl Fn() -> W + Sync,
    work: impl Fn(&mut W, &[u8], usize) -> bool + Sync,
) -> std::io::Result<Option<Vec<W>>> {
    let n = src.blocks();
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let failure: Mutex<Option<std::io::Error>> = Mutex::new(None);
    let workers = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads.min(n.max(1)))
            .map(|_| {
                s.spawn(|| {
                    let mut w = new_worker();
                    let mut buf = Vec::new();
                    loop {
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        if k >= n {
                            break;
                        }
                        let rows = match src.load(k, &mut buf) {
                            Ok(r) => r,
                            Err(e) => {
                                if let Ok(mut f) = failure.lock() {
                                    f.get_or_insert(e);
                                }
                                stop.store(true, Ordering::Relaxed);
                                break;
                            }
                        };
                        let chunk = &buf[rows.start..rows.end + PAD];
                        let end = rows.len();
                        if memchr::memchr(b'"', &chunk[..end]).is_some()
                            || !work(&mut w, chunk, end)
                        {
                            stop.store(true, Ordering::Relaxed);
                            break;
                        }
                    }
                    w
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| match h.join() {
                Ok(w) => w,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect::<Vec<W>>()
    });
    if let Some(e) = failure.into_inner().ok().flatten() {
        return Err(e);
    }
    if stop.load(Ordering::Relaxed) {
        return Ok(None);
    }
    Ok(Some(workers))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reader's rule for a date, byte by byte (the former parser).
    fn reference_date(field: &[u8]) -> Option<Cell> {
        if field.len() != 10 || field[4] != b'-' || field[7] != b'-' {
            return None;
        }
        let y = parse_int(&field[0..4])?;
        let m = parse_int(&field[5..7])?;
        let d = parse_int(&field[8..10])?;
        zicht_cases::calendar_day(y, m, d)
    }

    /// Dates at every edge of the calendar, and each byte of them replaced
    /// by bytes next to digits and dashes: the word-at-a-time parser agrees
    /// with the byte-by-byte one.
    #[test]
    fn dates_parse_as_the_reader_parses_them() {
        let odd = [
            b'/', b':', b'-', b'0', b'1', b'9', b' ', b'.', 0x7f, 0x80, 0xb0, 0xff, b'a', 0,
        ];
        let mut seen = 0;
        for y in [1899, 1900, 1999, 2000, 2019, 2020, 2100, 2400, 2999, 3000] {
            for m in 0..=13 {
                for d in 0..=32 {
                    let date = format!("{y:04}-{m:02}-{d:02}");
                    let bytes = date.as_bytes();
                    assert_eq!(parse_date(bytes), reference_date(bytes), "{date}");
                    seen += usize::from(parse_date(bytes).is_some());
                    if d % 7 == 1 {
                        for i in 0..10 {
                            for &b in &odd {
                                let mut v = bytes.to_vec();
                                v[i] = b;
                                assert_eq!(parse_date(&v), reference_date(&v), "{v:?}");
                            }
                        }
                    }
                }
            }
        }
        // Eight years in range, three of them leap years (2000, 2020, 2400).
        assert_eq!(seen, 8 * 365 + 3);
        for bad in [&b"2020-01-0"[..], b"2020-01-011", b"", b"2020/01/01"] {
            assert_eq!(parse_date(bad), None);
        }
    }

    /// Every byte at every place of fields of 1 to 20 bytes.
    #[test]
    fn printable_is_a_space_to_a_tilde() {
        for len in 1..=20 {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut field = vec![b'x'; len];
                    field[at] = b;
                    assert_eq!(
                        printable(&field),
                        (0x20..0x7f).contains(&b),
                        "{len} {at} {b}"
                    );
                }
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod give_up {
    use std::sync::atomic::Ordering;

    use zicht_cases::{StreamOptions, read_bytes, synth::random_records, write_records};
    use zicht_codebook::Codebook;

    use crate::ids::GAVE_UP;

    /// A first megabyte of long rows (spaces around the case ids) predicts
    /// far fewer rows than the file has: the exact set of ids overflows,
    /// gives up, and the file is counted again with the Bloom filter, with
    /// the table path's statistics.
    #[test]
    fn a_wrong_prediction_of_rows_counts_again() {
        let book = Codebook::embedded().unwrap();
        let records = random_records(&book, 30_000, 2022..=2022, 23);
        let mut csv = Vec::new();
        write_records(&book, &records, &mut csv).unwrap();
        let text = String::from_utf8(csv).unwrap();
        let mut out = String::new();
        for (i, line) in text.lines().enumerate() {
            if (1..=2500).contains(&i) {
                // Valid: the reader trims the spaces.
                out.push_str(&" ".repeat(600));
            }
            out.push_str(line);
            out.push('\n');
        }
        assert!(out.len() > 2 << 20);
        let path = std::env::temp_dir().join(format!("zicht-give-up-{}.csv", std::process::id()));
        std::fs::write(&path, &out).unwrap();
        let table = read_bytes(out.as_bytes(), "cases.csv", &book).unwrap();
        let want = crate::compute(&table, &book, None).unwrap();
        let before = GAVE_UP.load(Ordering::Relaxed);
        let options = StreamOptions {
            block: 1 << 16,
            threads: 2,
        };
        let got = crate::scan_path(&path, &book, None, options).unwrap();
        let _ = std::fs::remove_file(&path);
        assert!(GAVE_UP.load(Ordering::Relaxed) > before);
        assert_eq!(got, Some(want));
    }
}
