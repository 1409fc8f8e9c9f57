//! `zicht export`: data for the research side; `--year/--out` writes conversations.jsonl.
//!
//! The conversation export lives in [`export_conversations`]; other export
//! formats (SPSS) can join this command as further optional flag groups.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

/// Export data for the research side.
///
/// Conversations: `zicht export --year 2022 [--flagged] --out conversations.jsonl [--data DIR]`
/// writes that year's conversations from the chat store (formats.md section 2).
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub conversations: ConversationArgs,
}

/// The conversations export (formats.md section 2).
#[derive(clap::Args, Debug)]
#[group(id = "conversations", multiple = true)]
pub struct ConversationArgs {
    /// Year of the conversations (by start, UTC).
    #[arg(long, requires = "out")]
    pub year: Option<i32>,
    /// Only conversations registered as a trafficking help request.
    #[arg(long, requires = "year")]
    pub flagged: bool,
    /// Output file (conversations.jsonl).
    #[arg(long, value_name = "FILE", requires = "year")]
    pub out: Option<PathBuf>,
    /// Data directory of the chat.
    #[arg(long, value_name = "DIR", default_value = "data")]
    pub data: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let c = args.conversations;
    match (c.year, &c.out) {
        (Some(year), Some(out)) => {
            let n = export_conversations(&c.data, year, c.flagged, out)?;
            eprintln!("zicht: wrote {n} conversation(s) to {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        _ => anyhow::bail!("nothing to export: give --year Y --out FILE"),
    }
}

/// Writes the conversations of `year` (only flagged ones if `flagged`) from the
/// store in `data` to `out`; returns how many. The file is written whole or not at all.
pub fn export_conversations(
    data: &Path,
    year: i32,
    flagged: bool,
    out: &Path,
) -> anyhow::Result<usize> {
    if !data.join(zicht_store::SQLITE_FILE).exists() {
        anyhow::bail!(
            "{}: no chat store here (expected {})",
            data.display(),
            zicht_store::SQLITE_FILE
        );
    }
    let store = zicht_store::Store::open(data)?;
    let conversations = store.connect()?.export(zicht_store::Filter {
        year: Some(year),
        flagged_only: flagged,
    })?;
    let tmp = out.with_extension("jsonl.part");
    let file =
        std::fs::File::create(&tmp).with_context(|| format!("{}: cannot create", tmp.display()))?;
    zicht_conversations::write_jsonl(std::io::BufWriter::new(file), &conversations)
        .with_context(|| format!("{}: cannot write", tmp.display()))?;
    std::fs::rename(&tmp, out).with_context(|| format!("{}: cannot write", out.display()))?;
    Ok(conversations.len())
}
