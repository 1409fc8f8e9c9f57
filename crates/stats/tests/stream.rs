//! The streamed statistics equal the table's: same statistics, same problems and
//! messages, on random valid and invalid files cut into blocks at every position.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use zicht_cases::{StreamOptions, read_path, synth::random_records, write_records};
use zicht_codebook::Codebook;
use zicht_stats::{Stats, compute, compute_path_with, scan_path};

fn book() -> Codebook {
    Codebook::embedded().expect("embedded codebook")
}

/// A file in the temporary directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(bytes: &[u8]) -> TempFile {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "zicht-stream-{}-{}.csv",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&path, bytes).unwrap();
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The table path: read the whole table, then count.
fn via_table(path: &Path, book: &Codebook, year: Option<i32>) -> Result<Stats, String> {
    let table = read_path(path, book).map_err(|e| e.to_string())?;
    compute(&table, book, year).map_err(|e| e.to_string())
}

/// The streamed path with the given block size and threads.
fn via_stream(
    path: &Path,
    book: &Codebook,
    year: Option<i32>,
    block: usize,
    threads: usize,
) -> Result<Stats, String> {
    compute_path_with(path, book, year, StreamOptions { block, threads }).map_err(|e| e.to_string())
}

/// How a random file is spoiled.
#[derive(Debug, Clone)]
struct Spoil {
    seed: u64,
    rows: usize,
    bad: f64,
    dup: f64,
    blank: f64,
    width: f64,
    quote: f64,
    /// Spaces and tabs around fields (valid: the reader trims them).
    pad: f64,
    crlf: bool,
    bom: bool,
    final_newline: bool,
    swap_columns: bool,
}

fn spoil() -> impl Strategy<Value = Spoil> {
    let rate = |hi: f64| prop_oneof![Just(0.0), 0.0..hi];
    (
        any::<u64>(),
        0usize..260,
        (
            rate(0.5),
            rate(0.2),
            rate(0.2),
            rate(0.05),
            rate(0.1),
            rate(0.2),
        ),
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(
            |(
                seed,
                rows,
                (bad, dup, blank, width, quote, pad),
                (crlf, bom, final_newline, swap),
            )| {
                Spoil {
                    seed,
                    rows,
                    bad,
                    dup,
                    blank,
                    width,
                    quote,
                    pad,
                    crlf,
                    bom,
                    final_newline,
                    swap_columns: swap,
                }
            },
        )
}

/// A random `cases.csv`, valid before it is spoiled.
fn file(book: &Codebook, s: &Spoil) -> Vec<u8> {
    let mut rng = ChaCha8Rng::seed_from_u64(s.seed);
    let records = random_records(book, s.rows, 2019..=2022, s.seed);
    let mut csv = Vec::new();
    write_records(book, &records, &mut csv).unwrap();
    let text = String::from_utf8(csv).unwrap();
    let mut lines: Vec<Vec<String>> = text
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    if s.swap_columns {
        let width = lines[0].len();
        let (a, b) = (rng.random_range(0..width), rng.random_range(0..width));
        for l in &mut lines {
            l.swap(a, b);
        }
    }
    let id = lines[0].iter().position(|n| n == "case_id").unwrap();
    // Bad values, and valid ones in the wrong place: an item whose set does
    // not apply, a year that is not the date's.
    let garbage = [
        "x",
        "999",
        "2019-13-01",
        "1.5",
        "-1",
        "2",
        "sexual",
        "é",
        "1",
        "0",
        "2021",
        "2020-02-29",
    ];
    let mut out: Vec<String> = vec![lines[0].join(",")];
    for r in 1..lines.len() {
        let mut row = lines[r].clone();
        if rng.random_bool(s.bad) {
            let f = rng.random_range(0..row.len());
            row[f] = garbage[rng.random_range(0..garbage.len())].to_string();
        }
        if r > 1 && rng.random_bool(s.dup) {
            row[id] = lines[rng.random_range(1..r)][id].clone();
        }
        if rng.random_bool(s.width) {
            if rng.random_bool(0.5) {
                row.pop();
            } else {
                row.push(String::new());
            }
        }
        if rng.random_bool(s.pad) && !row.is_empty() {
            let f = rng.random_range(0..row.len());
            let pads = [" ", "\t", "  ", " \t"];
            row[f] = match rng.random_range(0..3) {
                0 => format!("{}{}", pads[rng.random_range(0..4)], row[f]),
                1 => format!("{}{}", row[f], pads[rng.random_range(0..4)]),
                _ => format!(" {} ", row[f]),
            };
        }
        if rng.random_bool(s.quote) && !row.is_empty() {
            let f = rng.random_range(0..row.len());
            row[f] = match rng.random_range(0..5) {
                0 => format!("\"{}\"", row[f]),
                1 => format!("\"{}\nx\"", row[f]),
                2 => format!("{}\"", row[f]),
                // A delimiter inside quotes.
                3 => format!("\"{},{}\"", row[f], row[f]),
                _ => format!("\"a\"\"{}\"", row[f]),
            };
        }
        out.push(row.join(","));
        if rng.random_bool(s.blank) {
            out.push([" ", "", "\t", "  "][rng.random_range(0..4)].to_string());
        }
    }
    let nl = if s.crlf { "\r\n" } else { "\n" };
    let mut body = out.join(nl);
    if s.final_newline {
        body.push_str(nl);
    }
    if s.bom {
        body.insert(0, '\u{feff}');
    }
    body.into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    #[test]
    fn streamed_statistics_and_problems_equal_the_tables(
        s in spoil(),
        block in 1usize..400,
        threads in 1usize..4,
        year in prop_oneof![Just(None), (2019i32..=2022).prop_map(Some), Just(Some(2030))],
    ) {
        let book = book();
        let f = TempFile::new(&file(&book, &s));
        let table = via_table(&f.0, &book, year);
        let streamed = via_stream(&f.0, &book, year, block, threads);
        prop_assert_eq!(streamed, table);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    /// The fast path alone: it never accepts a file the reader rejects, it
    /// counts as the table path does, and it takes every valid file without
    /// quotes (whatever the blocks, blank lines, CRLF, spaces, column order).
    #[test]
    fn the_fast_path_takes_every_valid_unquoted_file_and_no_invalid_one(
        s in spoil(),
        block in 1usize..400,
        threads in 1usize..4,
        year in prop_oneof![Just(None), (2019i32..=2022).prop_map(Some)],
    ) {
        let book = book();
        let bytes = file(&book, &s);
        let f = TempFile::new(&bytes);
        let table = via_table(&f.0, &book, year);
        let fast = scan_path(&f.0, &book, year, StreamOptions { block, threads })
            .map_err(|e| e.to_string());
        let header_end = bytes.iter().position(|&b| b == b'\n').unwrap_or(bytes.len());
        let quoted = bytes[header_end..].contains(&b'"');
        match (&table, &fast) {
            // The reader's problems: the fast path must have handed the file on.
            (Err(_), Ok(Some(_))) if read_path(&f.0, &book).is_err() => {
                prop_assert!(false, "the fast path accepted an invalid file: {table:?}");
            }
            (Ok(t), Ok(Some(s))) => prop_assert_eq!(s, t),
            (Ok(_), Ok(None)) => prop_assert!(quoted, "a valid unquoted file went to the reader"),
            _ => {}
        }
    }
}

/// A large valid file in small blocks (rows and CRLF line ends cut at every
/// kind of place, ids repeated only across the whole file): the fast path
/// counts it, as the table path does.
#[test]
fn the_fast_path_counts_a_large_file_in_small_blocks() {
    let book = book();
    let s = Spoil {
        seed: 21,
        rows: 3000,
        bad: 0.0,
        dup: 0.0,
        blank: 0.05,
        width: 0.0,
        quote: 0.0,
        pad: 0.05,
        crlf: true,
        bom: false,
        final_newline: false,
        swap_columns: true,
    };
    let f = TempFile::new(&file(&book, &s));
    let table = via_table(&f.0, &book, None).unwrap();
    for (block, threads) in [(1, 2), (97, 2), (4096, 3), (1 << 20, 1)] {
        let fast = scan_path(&f.0, &book, None, StreamOptions { block, threads }).unwrap();
        assert_eq!(fast.as_ref(), Some(&table), "block {block}");
    }
}

/// Blocks of every size, from one byte to the whole file, on one file with a
/// bit of everything (and a valid one).
#[test]
fn every_block_size_gives_the_same_result() {
    let book = book();
    for (bad, dup) in [(0.0, 0.0), (0.0, 0.1), (0.05, 0.0)] {
        let s = Spoil {
            seed: 7,
            rows: 40,
            bad,
            dup,
            blank: 0.1,
            width: 0.0,
            quote: 0.0,
            pad: 0.1,
            crlf: true,
            bom: true,
            final_newline: false,
            swap_columns: false,
        };
        let bytes = file(&book, &s);
        let f = TempFile::new(&bytes);
        let table = via_table(&f.0, &book, None);
        for block in 1..=bytes.len() + 1 {
            assert_eq!(
                via_stream(&f.0, &book, None, block, 2),
                table,
                "block {block}"
            );
        }
    }
}

/// More than the cap of problems spread over many blocks: the first hundred
/// in file order, and the cap noted, as the table reader does.
#[test]
fn the_first_hundred_problems_across_blocks() {
    let book = book();
    let s = Spoil {
        seed: 3,
        rows: 600,
        bad: 0.6,
        dup: 0.0,
        blank: 0.0,
        width: 0.01,
        quote: 0.0,
        pad: 0.0,
        crlf: false,
        bom: false,
        final_newline: true,
        swap_columns: false,
    };
    let f = TempFile::new(&file(&book, &s));
    let table = via_table(&f.0, &book, Some(2022));
    let message = table.clone().expect_err("invalid");
    assert!(message.contains("(stopped at the cap)"), "{message}");
    for (block, threads) in [(97, 2), (1000, 3), (5, 1)] {
        assert_eq!(via_stream(&f.0, &book, Some(2022), block, threads), table);
    }
}

/// Repeated ids far apart (many blocks between them) are found, with the first line.
#[test]
fn repeated_ids_across_blocks_name_the_first_line() {
    let book = book();
    let records = random_records(&book, 300, 2022..=2022, 11);
    let mut csv = Vec::new();
    write_records(&book, &records, &mut csv).unwrap();
    let text = String::from_utf8(csv).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // Row 250 (line 251) takes the id of row 3 (line 4); row 280 that of row 250.
    let id_of = |l: &str| l.split(',').next().unwrap().to_string();
    let (first, mid) = (id_of(&lines[3]), id_of(&lines[250]));
    lines[250] = lines[250].replacen(&mid, &first, 1);
    lines[280] = lines[280].replacen(&id_of(&lines[280]), &first, 1);
    let f = TempFile::new((lines.join("\n") + "\n").as_bytes());
    let table = via_table(&f.0, &book, None);
    let message = table.clone().expect_err("repeated ids");
    assert!(message.contains("line 251, column `case_id`"), "{message}");
    assert!(message.contains("(also on line 4)"), "{message}");
    assert_eq!(via_stream(&f.0, &book, None, 64, 2), table);
}

/// Rows whose every field is valid on its own but not together (an item of a
/// set that does not apply, a year that is not the date's): the fast path
/// hands the file to the reader, and the problems are the table reader's.
#[test]
fn rows_valid_field_by_field_but_not_together_go_to_the_reader() {
    let book = book();
    let records = random_records(&book, 200, 2022..=2022, 5);
    let mut csv = Vec::new();
    write_records(&book, &records, &mut csv).unwrap();
    let text = String::from_utf8(csv).unwrap();
    let lines: Vec<Vec<String>> = text
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    let col = |name: &str| lines[0].iter().position(|n| n == name).unwrap();
    let (exploitation, drugs, year) = (col("exploitation"), col("crime_drugs"), col("year"));
    // A row without criminal exploitation, where the crime items do not apply.
    let row = (1..lines.len())
        .find(|&r| !["criminal", "both"].contains(&lines[r][exploitation].as_str()))
        .unwrap();
    let spoiled = |edit: &dyn Fn(&mut Vec<Vec<String>>)| {
        let mut l = lines.clone();
        edit(&mut l);
        let body: Vec<String> = l.iter().map(|r| r.join(",")).collect();
        TempFile::new((body.join("\n") + "\n").as_bytes())
    };
    let item = spoiled(&|l| l[row][drugs] = "1".to_string());
    let other_year = spoiled(&|l| l[row][year] = "2021".to_string());
    for f in [&item, &other_year] {
        let table = via_table(&f.0, &book, None);
        assert!(table.is_err(), "{table:?}");
        let options = StreamOptions {
            block: 512,
            threads: 2,
        };
        assert_eq!(scan_path(&f.0, &book, None, options).unwrap(), None);
        assert_eq!(via_stream(&f.0, &book, None, 512, 2), table);
    }
    let valid = spoiled(&|_| {});
    let options = StreamOptions {
        block: 512,
        threads: 2,
    };
    assert!(scan_path(&valid.0, &book, None, options).unwrap().is_some());
}

/// Rows shorter than the fast path's 64-byte window of field ends (several
/// rows in one window) and rows longer than three windows (long case ids,
/// runs of yes/no fields across a window's end), with CRLF and without a
/// final line end: the fast path takes them and counts as the table path does,
/// whatever the blocks.
#[test]
fn rows_shorter_and_longer_than_a_window() {
    let book = book();
    let records = random_records(&book, 400, 2022..=2022, 17);
    let mut csv = Vec::new();
    write_records(&book, &records, &mut csv).unwrap();
    let text = String::from_utf8(csv).unwrap();
    let lines: Vec<Vec<String>> = text
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    let col = |name: &str| lines[0].iter().position(|h| h == name).unwrap();
    let keep: Vec<usize> = [
        "case_id",
        "year",
        "first_contact",
        "status",
        "exploitation",
        "violence_sexual",
        "violence_physical",
        "violence_verbal",
        "violence_psychological",
    ]
    .iter()
    .map(|n| col(n))
    .collect();
    let short: Vec<String> = lines
        .iter()
        .map(|l| {
            keep.iter()
                .map(|&i| l[i].as_str())
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    let id = col("case_id");
    let long: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(r, l)| {
            let mut l = l.clone();
            if r > 0 {
                l[id] = format!("{}-{}", l[id], "x".repeat(150 + r % 40));
            }
            l.join(",")
        })
        .collect();
    assert!(short[1..].iter().all(|r| r.len() < 64));
    assert!(long[1..].iter().all(|r| r.len() > 192));
    for rows in [short, long] {
        for (nl, final_newline) in [("\n", true), ("\r\n", false), ("\n", false)] {
            let mut body = rows.join(nl);
            if final_newline {
                body.push_str(nl);
            }
            let f = TempFile::new(body.as_bytes());
            let table = via_table(&f.0, &book, None).unwrap();
            for (block, threads) in [(1, 2), (63, 2), (64, 1), (65, 3), (4096, 2), (1 << 20, 1)] {
                let fast = scan_path(&f.0, &book, None, StreamOptions { block, threads }).unwrap();
                assert_eq!(fast.as_ref(), Some(&table), "block {block}, {nl:?}");
            }
        }
    }
}
