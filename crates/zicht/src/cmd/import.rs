//! `zicht import`: conversations from another platform into the research workspace (formats.md section 2).

use std::path::PathBuf;
use std::process::ExitCode;

use zicht_research::import;
use zicht_research::workspace::Workspace;

/// Import conversations into the research workspace (DIR/research.sqlite3).
///
/// From another platform: `--conversations FILE` (formats.md section 2). From
/// the chat's own store in DIR: `--from-store --year Y` copies that year's
/// conversations registered as a trafficking help request (the store itself is
/// only read). The input is checked whole first; a bad line, or a conversation
/// already imported with other content, imports nothing. The selection of a
/// year is the conversations flagged as trafficking of first-time visitors.
#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["conversations", "from_store"])))]
pub struct Args {
    /// The conversations.jsonl to import.
    #[arg(long, value_name = "FILE")]
    conversations: Option<PathBuf>,
    /// Copy from the chat store in DIR instead of a file.
    #[arg(long, requires = "year")]
    from_store: bool,
    /// The year to copy from the chat store.
    #[arg(long)]
    year: Option<i32>,
    /// Data directory (the research database is DIR/research.sqlite3).
    #[arg(long, value_name = "DIR", default_value = "data")]
    data: PathBuf,
    /// The chat store in PostgreSQL (postgres://USER:PASSWORD@HOST/DB) instead of
    /// SQLite in DIR; without it, `database` of DIR/zicht.toml, else SQLite.
    /// (A password here is visible to other users in `ps`: prefer zicht.toml.)
    #[arg(long, value_name = "URL")]
    database: Option<String>,
    /// Who imports (recorded with every conversation); default: $USER.
    #[arg(long, value_name = "NAME")]
    by: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let who = args
        .by
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "cli".to_string());
    let now = zicht_research::time::now_rfc3339();
    let (summary, shown) = match (&args.conversations, args.year) {
        (Some(file), _) => {
            let shown = file.display().to_string();
            let reader = std::fs::File::open(file)
                .map(std::io::BufReader::new)
                .map_err(|e| anyhow::anyhow!("{shown}: cannot read: {e}"))?;
            // The whole file is checked before the workspace is opened or created.
            let conversations = zicht_conversations::read_jsonl(reader, &shown)?;
            let mut ws = open_workspace(&args.data)?;
            let summary = import::from_file(&mut ws, &conversations, &shown, &who, &now)?;
            (summary, shown)
        }
        (None, Some(year)) => {
            if !super::has_store(&args.data, args.database.as_deref())? {
                anyhow::bail!(
                    "{}: no chat store here (expected {}, or --database)",
                    args.data.display(),
                    zicht_store::SQLITE_FILE
                );
            }
            let store = super::open_store(&args.data, args.database.as_deref())?;
            let convs = store.connect()?.export(
                zicht_store::Filter {
                    year: Some(year),
                    flagged_only: true,
                },
                zicht_store::Reader::Staff {
                    name: &who,
                    purpose: zicht_store::Purpose::ImportFromStore,
                },
            )?;
            let mut ws = open_workspace(&args.data)?;
            let summary = import::from_store(&mut ws, &convs, &who, &now)?;
            (summary, format!("chat store {year}"))
        }
        (None, None) => anyhow::bail!("give --conversations FILE or --from-store --year Y"),
    };
    println!(
        "{}: {} gesprekken gelezen, {} nieuw, {} al aanwezig.",
        shown, summary.read, summary.added, summary.unchanged
    );
    for (year, n) in summary.selected_by_year.iter().rev() {
        println!(
            "  {year}: {n} gesprekken van eerste bezoekers gemarkeerd als mensenhandel (selectie)"
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn open_workspace(dir: &std::path::Path) -> anyhow::Result<Workspace> {
    std::fs::create_dir_all(dir)?;
    Ok(Workspace::open_dir(dir, super::vault(dir)?)?)
}
