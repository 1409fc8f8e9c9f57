//! Synthetic, seeded demo data for zicht: `cases.csv` for 2019-2022 calibrated to the seed report, and
//! `conversations.jsonl` with a Dutch transcript for every conversation that agrees with its case.
//!
//! Everything is invented: usernames, stories, places are made up from word
//! lists; no real person appears. The same seed gives byte-identical files.
//!
//! How the figures come out exactly: [`plan`] holds the counts of every
//! variable per year (2022 from the report), [`build`] hands them out to cases
//! with exact allotment ([`allot`]), and [`talk`] writes the chats from the
//! coded values. Each conversation carries `"demo": {"case_id": ...}`, the
//! ground truth for measuring linkage; nothing in zicht may infer from it.
//!
//! Beside them, [`write`] puts two files for the report's optional parts:
//! `histories.csv`, registrations of a known synthetic population for multiple
//! systems estimation ([`histories`]), and `coder-a.csv` / `coder-b.csv`, a
//! double-coded sample of the last year with realistic disagreements
//! ([`double`]). They come from their own random streams, so the cases and
//! conversations are the same bytes with or without them.

pub mod allot;
pub mod build;
pub mod case;
pub mod double;
pub mod histories;
pub mod plan;
pub mod talk;

use std::path::{Path, PathBuf};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use zicht_codebook::Codebook;
use zicht_conversations::Conversation;

pub use case::Case;

/// The seed used when none is given.
pub const DEFAULT_SEED: u64 = 2022;

/// Why the demo data could not be made or written.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("demo plan cannot be met: {0}")]
    Infeasible(String),
    #[error("{path}: cannot write: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the written demo data do not read back: {0}")]
    ReadBack(String),
}

/// The generated data set.
#[derive(Debug, Clone, PartialEq)]
pub struct Demo {
    /// All cases of 2019-2022, ordered by year and first contact.
    pub cases: Vec<Case>,
    /// All conversations, ordered by start time.
    pub conversations: Vec<Conversation>,
}

/// Generates the data set for a seed.
pub fn generate(seed: u64) -> Result<Demo, DemoError> {
    let mut cases = Vec::new();
    for plan in plan::all_years() {
        let mut rng = ChaCha8Rng::seed_from_u64(
            seed ^ (plan.year as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
        );
        cases.extend(build::build_year(&plan, &mut rng)?);
    }
    let conversations = talk::conversations(&cases, seed);
    Ok(Demo {
        cases,
        conversations,
    })
}

/// What [`write`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub cases_path: PathBuf,
    pub conversations_path: PathBuf,
    pub cases: usize,
    pub conversations: usize,
    /// Registrations of the synthetic population (`histories.csv`) and the persons on them.
    pub histories_path: PathBuf,
    pub histories_observed: u64,
    /// The two coders' files of the double-coded sample and its year and size.
    pub coder_a_path: PathBuf,
    pub coder_b_path: PathBuf,
    pub double_coded_year: i32,
    pub double_coded: usize,
}

/// Generates the data set and writes `DIR/cases.csv` and `DIR/conversations.jsonl`.
///
/// Both files are made and validated in memory first (cases against `book`),
/// so nothing is written when they would not be valid; after writing, both
/// are read back from disk (`zicht_cases::read_path`, `zicht_conversations::read_path`).
pub fn write(dir: &Path, seed: u64, book: &Codebook) -> Result<Summary, DemoError> {
    let demo = generate(seed)?;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| DemoError::Io { path, source }
    };
    let cases_path = dir.join("cases.csv");
    let conversations_path = dir.join("conversations.jsonl");
    let mut cases_buf = Vec::new();
    let records: Vec<zicht_cases::Record> = demo.cases.iter().map(|c| c.record(book)).collect();
    zicht_cases::write_records(book, &records, &mut cases_buf).map_err(io(&cases_path))?;
    let mut convs_buf = Vec::new();
    zicht_conversations::write_jsonl(&mut convs_buf, &demo.conversations)
        .map_err(io(&conversations_path))?;
    let shown = cases_path.display().to_string();
    zicht_cases::read_reader(cases_buf.as_slice(), &shown, book)
        .map_err(|e| DemoError::ReadBack(e.to_string()))?;
    let shown = conversations_path.display().to_string();
    zicht_conversations::read_jsonl(convs_buf.as_slice(), &shown)
        .map_err(|e| DemoError::ReadBack(e.to_string()))?;
    // The optional inputs of the report: registrations and a double-coded sample.
    let histories_path = dir.join("histories.csv");
    let hist = histories::histories(seed);
    let hist_text = hist.to_csv();
    zicht_estimate::read_histories(hist_text.as_bytes(), &histories_path.display().to_string())
        .map_err(|e| DemoError::ReadBack(e.to_string()))?;
    let year = demo.cases.iter().map(|c| c.year).max().unwrap_or(0);
    let dc = double::double_coding(&demo.cases, year, book, seed);
    let coder_a_path = dir.join("coder-a.csv");
    let coder_b_path = dir.join("coder-b.csv");
    let mut coder_bufs = Vec::new();
    for (path, records) in [(&coder_a_path, &dc.a), (&coder_b_path, &dc.b)] {
        let mut buf = Vec::new();
        zicht_cases::write_records(book, records, &mut buf).map_err(io(path))?;
        zicht_cases::read_reader(buf.as_slice(), &path.display().to_string(), book)
            .map_err(|e| DemoError::ReadBack(e.to_string()))?;
        coder_bufs.push(buf);
    }
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    std::fs::write(&cases_path, &cases_buf).map_err(io(&cases_path))?;
    std::fs::write(&conversations_path, &convs_buf).map_err(io(&conversations_path))?;
    std::fs::write(&histories_path, hist_text.as_bytes()).map_err(io(&histories_path))?;
    for (path, buf) in [&coder_a_path, &coder_b_path].into_iter().zip(&coder_bufs) {
        std::fs::write(path, buf).map_err(io(path))?;
    }
    let table = zicht_cases::read_path(&cases_path, book)
        .map_err(|e| DemoError::ReadBack(e.to_string()))?;
    let convs = zicht_conversations::read_path(&conversations_path)
        .map_err(|e| DemoError::ReadBack(e.to_string()))?;
    Ok(Summary {
        cases_path,
        conversations_path,
        cases: table.len(),
        conversations: convs.len(),
        histories_path,
        histories_observed: hist.observed(),
        coder_a_path,
        coder_b_path,
        double_coded_year: year,
        double_coded: dc.a.len(),
    })
}
