//! Streaming read of `cases.csv`: every check of the table reader in one parallel pass over blocks of the file, valid rows handed to sinks, in constant memory.
//!
//! The file is read in blocks (positioned reads into one buffer per worker,
//! never the whole file). A block's rows are the rows that start in it: it
//! begins after the first line end at or before its start and ends at the
//! first line end at or after its end, so blocks split at line ends exactly
//! as [`crate::read_bytes`] splits its chunks, and every row is checked by the
//! same code ([`crate::read`]'s `RowParser`). Problems carry lines relative to
//! their block and are numbered once the line ends of the blocks before are
//! known; the first [`ERROR_CAP`] in file order are the table reader's.
//!
//! A quote character anywhere in the body switches the table reader to the
//! `csv` crate for the whole body; here the same happens: the parallel pass
//! stops and the body is read again, sequentially, through the `csv` crate.
//!
//! Repeated case ids are found in two steps: while checking, the hash of each
//! id goes into a Bloom filter shared by the workers (at most 32 MiB); an id
//! the filter may hold already is a candidate. Only when there are candidates
//! (a repeat, or rarely a false positive: about one in a million ids on a
//! file of a million cases), a second pass collects the ids with a candidate
//! hash and their lines, and compares the texts: each repeat is reported with
//! the line of the first, as the table reader does.

use std::fs::File;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use zicht_codebook::Codebook;

use crate::read::{
    ERROR_CAP, Head, Header, Keep, Problem, ReadError, RowParser, check_chunk, check_csv, id_hash,
    invalid, parse_head,
};
use crate::{CaseTable, Cell};

/// Receives the valid rows of a streamed file.
pub trait RowSink: Send {
    /// One row that passed every check: its cells in codebook order (see
    /// [`Cell`]; a text column holds `0` when known, [`crate::MISSING`] when not).
    ///
    /// Rows arrive in file order within a block, blocks in any order; when
    /// the file has a problem the sinks are dropped, so a sink may count
    /// rows of a file that turns out invalid.
    fn row(&mut self, cells: &[Cell]);
}

/// How a file is streamed.
#[derive(Debug, Clone, Copy)]
pub struct StreamOptions {
    /// Bytes per block (each worker holds one block and the rest of its last row).
    pub block: usize,
    /// Worker threads.
    pub threads: usize,
}

impl Default for StreamOptions {
    fn default() -> Self {
        StreamOptions {
            block: 1 << 21,
            threads: std::thread::available_parallelism()
                .map(|p| p.get())
                .unwrap_or(1)
                .clamp(1, 16),
        }
    }
}

/// Reads and validates a `cases.csv` file as [`crate::read_path`] does, but
/// hands the valid rows to sinks instead of building the table: one sink per
/// worker, made by `new_sink`, all returned (in no particular order) when the
/// file is valid. The problems and error messages are those of [`crate::read_path`].
pub fn stream_path<S: RowSink>(
    path: &Path,
    book: &Codebook,
    options: StreamOptions,
    new_sink: impl Fn() -> S + Sync,
) -> Result<Vec<S>, ReadError> {
    let shown = path.display().to_string();
    let io = |source: std::io::Error| ReadError::Io {
        path: shown.clone(),
        source,
    };
    let file = File::open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    let names = CaseTable::new(book);
    let head = read_head(&file, len, &shown, book, &names)?;
    let src = Source {
        file: &file,
        body_start: head.body_start as u64,
        len,
        block: options.block.max(2) as u64,
    };
    let ctx = Ctx {
        book,
        names: &names,
        header: &head.header,
        src: &src,
        threads: options.threads.max(1),
    };
    let filter = IdFilter::new(len);
    let first = first_pass(&ctx, &filter, &new_sink).map_err(io)?;
    drop(filter);
    let (sinks, pass) = match first {
        Some(done) => done,
        None => quoted_pass(&ctx, head.lines, &new_sink).map_err(io)?,
    };
    // Lines of each block count on from the blocks before it.
    let mut problems = Vec::new();
    let mut offsets = Vec::with_capacity(pass.blocks.len());
    let mut offset = head.lines;
    for block in &pass.blocks {
        offsets.push(offset);
        problems.extend(block.problems.iter().map(|p| Problem {
            line: p.line + offset,
            ..p.clone()
        }));
        offset += block.newlines;
    }
    if !problems.is_empty() {
        return Err(invalid(&shown, problems));
    }
    if let Some(id_col) = head.header.case_id
        && !pass.candidates.is_empty()
    {
        let field = head
            .header
            .slots
            .iter()
            .position(|s| s.as_ref().is_some_and(|s| s.col == id_col));
        if let Some(field) = field {
            let cands = Candidates::new(pass.candidates);
            let ids = if pass.quoted {
                quoted_ids(&ctx, head.lines, field, &cands).map_err(io)?
            } else {
                block_ids(&ctx, &offsets, field, &cands).map_err(io)?
            };
            let problems = repeats(ids, &names.names[id_col]);
            if !problems.is_empty() {
                return Err(invalid(&shown, problems));
            }
        }
    }
    Ok(sinks)
}

/// The file and where its body lies.
struct Source<'f> {
    file: &'f File,
    body_start: u64,
    len: u64,
    block: u64,
}

/// What every pass needs.
struct Ctx<'a> {
    book: &'a Codebook,
    names: &'a CaseTable,
    header: &'a Header,
    src: &'a Source<'a>,
    threads: usize,
}

/// The outcome of checking one block.
#[derive(Default)]
struct BlockResult {
    newlines: u64,
    problems: Vec<Problem>,
}

/// The outcome of checking the body.
struct Pass {
    /// Per block, in file order (one block for the sequential `csv` path).
    blocks: Vec<BlockResult>,
    /// Hashes of case ids that the filter may have held already.
    candidates: Vec<u64>,
    /// Whether the body was read through the `csv` crate.
    quoted: bool,
}

/// Fills `buf` from `offset` as far as the file goes (a positioned read:
/// threads share one `File`); returns how many bytes it filled.
pub fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    let mut done = 0;
    while done < buf.len() {
        let n = positioned_read(file, &mut buf[done..], offset + done as u64)?;
        if n == 0 {
            break;
        }
        done += n;
    }
    Ok(done)
}

#[cfg(unix)]
fn positioned_read(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

#[cfg(windows)]
fn positioned_read(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, offset)
}

/// Reads the header from a prefix of the file that holds it and at least two
/// more bytes (or the whole file), so that it parses as in the whole file.
fn read_head(
    file: &File,
    len: u64,
    path: &str,
    book: &Codebook,
    names: &CaseTable,
) -> Result<Head, ReadError> {
    let mut want = 1usize << 16;
    loop {
        let size = usize::try_from(len).map_or(want, |l| l.min(want));
        let mut buf = vec![0; size];
        let got = read_at(file, &mut buf, 0).map_err(|source| ReadError::Io {
            path: path.to_string(),
            source,
        })?;
        buf.truncate(got);
        let whole = got as u64 >= len;
        let end = header_end(&buf);
        if whole || end.is_some_and(|e| e + 2 <= buf.len()) {
            return parse_head(&buf, path, book, names);
        }
        want = want.saturating_mul(2);
    }
}

/// Where the header record ends in `bytes`, as the `csv` crate reads it.
fn header_end(bytes: &[u8]) -> Option<usize> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    csv.byte_headers().ok()?;
    usize::try_from(csv.position().byte()).ok()
}

impl Source<'_> {
    fn blocks(&self) -> usize {
        let body = self.len.saturating_sub(self.body_start);
        usize::try_from(body.div_ceil(self.block)).unwrap_or(usize::MAX)
    }

    /// Loads the rows of block `k` into `buf`: those that start in it.
    /// Returns the range of `buf` that holds them.
    fn load(&self, k: usize, buf: &mut Vec<u8>) -> std::io::Result<std::ops::Range<usize>> {
        let start = self.body_start + k as u64 * self.block;
        let end = (start + self.block).min(self.len);
        // From the byte before the block: a row starts where it is a line end.
        let from = if k == 0 { start } else { start - 1 };
        let mut want = (end - from + (1 << 16)).min(self.len - from);
        loop {
            buf.resize(usize::try_from(want).unwrap_or(usize::MAX), 0);
            let got = read_at(self.file, buf, from)?;
            buf.truncate(got);
            let first = if k == 0 {
                0
            } else {
                // The first line end in [start - 1, end - 1) ends the row of the block before.
                let limit = usize::try_from(end - 1 - from).unwrap_or(0);
                match memchr::memchr(b'\n', &buf[..limit.min(buf.len())]) {
                    Some(i) => i + 1,
                    None => return Ok(0..0),
                }
            };
            // The block's last row ends at the first line end at or after end - 1.
            let last = usize::try_from(end - 1 - from).unwrap_or(0);
            if let Some(i) = memchr::memchr(b'\n', buf.get(last..).unwrap_or_default()) {
                return Ok(first..last + i + 1);
            }
            if from + got as u64 >= self.len || (got as u64) < want {
                return Ok(first..buf.len());
            }
            want = (want * 2).min(self.len - from);
        }
    }
}

/// A filter of case id hashes shared by the workers: a Bloom filter with
/// four bits per hash, all in one 64-bit word, set with one atomic `or` (so
/// that of two workers adding the same id at once, one sees the other's bits).
///
/// Hashes are added in batches: the words of a batch are loaded first in a
/// tight loop, which lets the processor overlap the cache misses of a large
/// filter, then set.
pub struct IdFilter {
    words: Vec<AtomicU64>,
    mask: u64,
}

impl IdFilter {
    /// How many hashes to gather before [`IdFilter::add`].
    pub const BATCH: usize = 1024;

    /// One word per 32 bytes of the file (rows are over a hundred bytes),
    /// from 8 KiB to 32 MiB.
    pub fn new(file_len: u64) -> IdFilter {
        let words = (file_len / 32).next_power_of_two().clamp(1 << 10, 1 << 22);
        IdFilter {
            words: (0..words).map(|_| AtomicU64::new(0)).collect(),
            mask: words - 1,
        }
    }

    #[inline]
    fn flags(hash: u64) -> u64 {
        (1u64 << ((hash >> 40) & 63))
            | (1u64 << ((hash >> 46) & 63))
            | (1u64 << ((hash >> 52) & 63))
            | (1u64 << ((hash >> 58) & 63))
    }

    /// Adds the hashes of `batch`; those that may have been added before go to `candidates`.
    pub fn add(&self, batch: &mut Vec<u64>, candidates: &mut Vec<u64>) {
        let mut touch = 0u64;
        for &h in batch.iter() {
            touch ^= self.words[(h & self.mask) as usize].load(Ordering::Relaxed);
        }
        std::hint::black_box(touch);
        for &h in batch.iter() {
            let flags = Self::flags(h);
            let before = self.words[(h & self.mask) as usize].fetch_or(flags, Ordering::Relaxed);
            if before & flags == flags {
                candidates.push(h);
            }
        }
        batch.clear();
    }
}

/// Hands valid rows to a sink and notes the hashes of case ids.
struct SinkKeep<'s, S> {
    sink: &'s mut S,
    filter: &'s IdFilter,
    /// Hashes not yet added to the filter.
    batch: &'s mut Vec<u64>,
    candidates: &'s mut Vec<u64>,
    case_id: Option<usize>,
}

impl<S: RowSink> Keep for SinkKeep<'_, S> {
    #[inline]
    fn keep(&mut self, row: &mut [Cell], text: Option<(usize, &str)>, _line: u64) {
        if let Some((col, t)) = text
            && Some(col) == self.case_id
        {
            self.batch.push(id_hash(t));
            if self.batch.len() >= IdFilter::BATCH {
                self.filter.add(self.batch, self.candidates);
            }
        }
        self.sink.row(row);
    }
}

/// Runs `work` on every block from `first` on with `ctx.threads` workers, each with its own
/// buffer; `work` returns false to stop all workers before later blocks.
fn for_blocks<W: Send>(
    ctx: &Ctx<'_>,
    first: usize,
    new_worker: impl Fn() -> W + Sync,
    work: impl Fn(&mut W, usize, &[u8]) -> bool + Sync,
) -> std::io::Result<Vec<W>> {
    let n = ctx.src.blocks();
    let next = AtomicUsize::new(first);
    let stop = AtomicBool::new(false);
    let failure: Mutex<Option<std::io::Error>> = Mutex::new(None);
    let workers = std::thread::scope(|s| {
        let handles: Vec<_> = (0..ctx.threads.min(n.max(1)))
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
                        let range = match ctx.src.load(k, &mut buf) {
                            Ok(r) => r,
                            Err(e) => {
                                if let Ok(mut f) = failure.lock() {
                                    f.get_or_insert(e);
                                }
                                stop.store(true, Ordering::Relaxed);
                                break;
                            }
                        };
                        if !work(&mut w, k, &buf[range]) {
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
    Ok(workers)
}

/// One worker of the first pass: its sink, candidates and block outcomes.
struct Checker<S> {
    sink: S,
    batch: Vec<u64>,
    candidates: Vec<u64>,
    blocks: Vec<(usize, BlockResult)>,
}

/// Checks the blocks in parallel; `None` when the body has a quote character
/// (the `csv` path must read it then).
#[allow(clippy::type_complexity)]
fn first_pass<S: RowSink>(
    ctx: &Ctx<'_>,
    filter: &IdFilter,
    new_sink: &(impl Fn() -> S + Sync),
) -> std::io::Result<Option<(Vec<S>, Pass)>> {
    let quoted = AtomicBool::new(false);
    // The first block that reached the cap: the blocks after it are not needed.
    let capped_at = AtomicUsize::new(usize::MAX);
    let workers = for_blocks(
        ctx,
        0,
        || Checker {
            sink: new_sink(),
            batch: Vec::with_capacity(IdFilter::BATCH),
            candidates: Vec::new(),
            blocks: Vec::new(),
        },
        |w: &mut Checker<S>, k, chunk| {
            if k > capped_at.load(Ordering::Relaxed) {
                // Every block before has been taken: the first problems are known.
                return false;
            }
            if memchr::memchr(b'"', chunk).is_some() {
                quoted.store(true, Ordering::Relaxed);
                return false;
            }
            let keep = SinkKeep {
                sink: &mut w.sink,
                filter,
                batch: &mut w.batch,
                candidates: &mut w.candidates,
                case_id: ctx.header.case_id,
            };
            let (_, problems, newlines) = check_chunk(ctx.header, ctx.book, ctx.names, chunk, keep);
            if problems.len() >= ERROR_CAP {
                capped_at.fetch_min(k, Ordering::Relaxed);
            }
            w.blocks.push((k, BlockResult { newlines, problems }));
            true
        },
    )?;
    let n = ctx
        .src
        .blocks()
        .min(capped_at.load(Ordering::Relaxed).saturating_add(1));
    if n < ctx.src.blocks() && !quoted.load(Ordering::Relaxed) {
        // Stopped at the cap: a quote further on still means the `csv` path.
        for_blocks(
            ctx,
            n,
            || (),
            |_, _, chunk| {
                let found = memchr::memchr(b'"', chunk).is_some();
                if found {
                    quoted.store(true, Ordering::Relaxed);
                }
                !found
            },
        )?;
    }
    if quoted.load(Ordering::Relaxed) {
        return Ok(None);
    }
    let mut blocks: Vec<BlockResult> = (0..n).map(|_| BlockResult::default()).collect();
    let mut sinks = Vec::with_capacity(workers.len());
    let mut candidates = Vec::new();
    for mut w in workers {
        for (k, b) in w.blocks {
            if k < n {
                blocks[k] = b;
            }
        }
        filter.add(&mut w.batch, &mut w.candidates);
        candidates.extend(w.candidates);
        sinks.push(w.sink);
    }
    Ok(Some((
        sinks,
        Pass {
            blocks,
            candidates,
            quoted: false,
        },
    )))
}

/// The body through the `csv` crate, sequentially (the body has quotes).
fn body_csv(ctx: &Ctx<'_>) -> std::io::Result<csv::Reader<std::io::BufReader<File>>> {
    use std::io::{Seek, SeekFrom};
    let mut file = ctx.src.file.try_clone()?;
    file.seek(SeekFrom::Start(ctx.src.body_start))?;
    Ok(csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(std::io::BufReader::with_capacity(1 << 20, file)))
}

/// Checks the whole body through the `csv` crate into one new sink.
fn quoted_pass<S: RowSink>(
    ctx: &Ctx<'_>,
    header_lines: u64,
    new_sink: &(impl Fn() -> S + Sync),
) -> std::io::Result<(Vec<S>, Pass)> {
    let mut sink = new_sink();
    let filter = IdFilter::new(ctx.src.len);
    let mut batch = Vec::with_capacity(IdFilter::BATCH);
    let mut candidates = Vec::new();
    let keep = SinkKeep {
        sink: &mut sink,
        filter: &filter,
        batch: &mut batch,
        candidates: &mut candidates,
        case_id: ctx.header.case_id,
    };
    let mut rows = RowParser::new(ctx.header, ctx.book, ctx.names, keep);
    check_csv(&mut rows, body_csv(ctx)?, header_lines);
    // Lines are already those of the file: the block counts from 0.
    let problems = std::mem::take(&mut rows.problems);
    drop(rows);
    filter.add(&mut batch, &mut candidates);
    Ok((
        vec![sink],
        Pass {
            blocks: vec![BlockResult {
                newlines: 0,
                problems: problems
                    .into_iter()
                    .map(|p| Problem {
                        line: p.line - header_lines,
                        ..p
                    })
                    .collect(),
            }],
            candidates,
            quoted: true,
        },
    ))
}

/// The candidate hashes: a small bit set in front of a sorted list.
struct Candidates {
    bits: Vec<u64>,
    sorted: Vec<u64>,
}

impl Candidates {
    const BITS: u64 = 1 << 20;

    fn new(mut sorted: Vec<u64>) -> Candidates {
        sorted.sort_unstable();
        sorted.dedup();
        let mut bits = vec![0u64; (Self::BITS / 64) as usize];
        for &h in &sorted {
            let b = h & (Self::BITS - 1);
            bits[(b >> 6) as usize] |= 1 << (b & 63);
        }
        Candidates { bits, sorted }
    }

    fn contains(&self, h: u64) -> bool {
        let b = h & (Self::BITS - 1);
        (self.bits[(b >> 6) as usize] >> (b & 63)) & 1 == 1 && self.sorted.binary_search(&h).is_ok()
    }
}

/// (line, id) of the rows whose id hash is a candidate, from the blocks in parallel.
fn block_ids(
    ctx: &Ctx<'_>,
    offsets: &[u64],
    field: usize,
    cands: &Candidates,
) -> std::io::Result<Vec<(u64, String)>> {
    let workers = for_blocks(
        ctx,
        0,
        Vec::new,
        |found: &mut Vec<(u64, String)>, k, chunk| {
            let offset = offsets.get(k).copied().unwrap_or(0);
            let mut start = 0;
            let mut line = offset;
            let mut ends = memchr::memchr_iter(b'\n', chunk);
            loop {
                let end = match ends.next() {
                    Some(e) => e,
                    None if start < chunk.len() => chunk.len(),
                    None => break,
                };
                line += 1;
                let text = &chunk[start..end];
                start = end + 1;
                let Some(id) = text.split(|&b| b == b',').nth(field) else {
                    continue;
                };
                note_id(found, id, line, cands);
            }
            true
        },
    )?;
    Ok(workers.into_iter().flatten().collect())
}

/// (line, id) of the rows whose id hash is a candidate, through the `csv` crate.
fn quoted_ids(
    ctx: &Ctx<'_>,
    header_lines: u64,
    field: usize,
    cands: &Candidates,
) -> std::io::Result<Vec<(u64, String)>> {
    let mut csv = body_csv(ctx)?;
    let mut record = csv::ByteRecord::new();
    let mut found = Vec::new();
    // The file was read without problems before, so every record reads again.
    while let Ok(true) = csv.read_byte_record(&mut record) {
        let line = record.position().map_or(0, |p| p.line()) + header_lines;
        if let Some(id) = record.get(field) {
            note_id(&mut found, id, line, cands);
        }
    }
    Ok(found)
}

fn note_id(found: &mut Vec<(u64, String)>, id: &[u8], line: u64, cands: &Candidates) {
    let id = id.trim_ascii();
    if id.is_empty() {
        return;
    }
    let Ok(id) = std::str::from_utf8(id) else {
        return;
    };
    if cands.contains(id_hash(id)) {
        found.push((line, id.to_string()));
    }
}

/// The repeats among `ids`, each with the line of the first, in file order, capped.
fn repeats(mut ids: Vec<(u64, String)>, column: &str) -> Vec<Problem> {
    ids.sort_unstable_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    let mut out: Vec<(u64, u64, usize)> = Vec::new(); // (line, line of the first, index)
    let mut run = 0;
    for i in 1..ids.len() {
        if ids[i].1 != ids[run].1 {
            run = i;
        } else {
            out.push((ids[i].0, ids[run].0, i));
        }
    }
    out.sort_unstable();
    out.into_iter()
        .take(ERROR_CAP)
        .map(|(line, first, i)| Problem {
            line,
            column: column.to_string(),
            value: ids[i].1.clone(),
            expected: format!("a unique case_id (also on line {first})"),
        })
        .collect()
}
