//! `zicht import`: conversations from another platform into the research workspace (formats.md section 2).

use std::path::PathBuf;
use std::process::ExitCode;

use zicht_research::workspace::Workspace;

/// Import conversations.jsonl into the research workspace (DIR/research.sqlite3).
///
/// The file is checked whole first; a bad line, or a conversation already
/// imported with other content, imports nothing. The selection of a year is
/// the conversations flagged as trafficking of first-time visitors.
#[derive(clap::Args)]
pub struct Args {
    /// The conversations.jsonl to import.
    #[arg(long, value_name = "FILE")]
    conversations: PathBuf,
    /// Data directory (the research database is DIR/research.sqlite3).
    #[arg(long, value_name = "DIR", default_value = "data")]
    data: PathBuf,
    /// Who imports (recorded with every conversation); default: $USER.
    #[arg(long, value_name = "NAME")]
    by: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let conversations = zicht_conversations::read_path(&args.conversations)?;
    std::fs::create_dir_all(&args.data)?;
    let mut ws = Workspace::open_dir(&args.data)?;
    let who = args
        .by
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "cli".to_string());
    let source = format!(
        "import:{}",
        args.conversations
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    let summary = ws.import(
        &conversations,
        &source,
        &who,
        &zicht_research::time::now_rfc3339(),
    )?;
    println!(
        "{}: {} gesprekken gelezen, {} nieuw, {} al aanwezig.",
        args.conversations.display(),
        summary.read,
        summary.added,
        summary.unchanged
    );
    for (year, n) in summary.selected_by_year.iter().rev() {
        println!(
            "  {year}: {n} gesprekken van eerste bezoekers gemarkeerd als mensenhandel (selectie)"
        );
    }
    Ok(ExitCode::SUCCESS)
}
