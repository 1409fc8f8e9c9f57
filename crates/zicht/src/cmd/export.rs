//! `zicht export`: the coded cases for other tools; SPSS as a system file (`--sav`) or as syntax plus CSV (`--sps`);
//! and the chat's conversations for the research side (`--year Y [--flagged] --out FILE`, in [`export_conversations`]).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use zicht_codebook::Lang;
use zicht_spss::coding::Export;

/// Export coded cases for SPSS (--cases with --sav/--sps), or the chat's conversations
/// of a year for the research side (--year Y [--flagged] --out FILE [--data DIR]).
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub cases: CasesArgs,
    #[command(flatten)]
    pub conversations: ConversationArgs,
}

/// The SPSS export of coded cases.
#[derive(clap::Args)]
pub struct CasesArgs {
    /// The coded cases (cases.csv).
    #[arg(long, value_name = "FILE")]
    cases: Option<PathBuf>,
    /// Write an SPSS system file with labels, missing values and multiple-response sets.
    #[arg(long, value_name = "OUT.sav")]
    sav: Option<PathBuf>,
    /// Write SPSS syntax plus data: OUT.sps and OUT.csv (an extension .sps on OUT is dropped).
    #[arg(long, value_name = "OUT")]
    sps: Option<PathBuf>,
    /// Store the .sav data uncompressed (default: SPSS's bytecode compression).
    #[arg(long)]
    uncompressed: bool,
    /// Language of the labels: nl or en.
    #[arg(long, default_value = "nl", value_parser = super::parse_lang)]
    lang: Lang,
    /// Use this codebook file instead of the embedded one.
    #[arg(long)]
    codebook: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let c = &args.conversations;
    match (c.year, &c.out, &args.cases.cases) {
        (Some(year), Some(out), _) => {
            let n = export_conversations(&c.data, c.database.as_deref(), year, c.flagged, out)?;
            eprintln!("geschreven: {} ({n} gesprekken)", out.display());
            eprintln!(
                "let op: dit bestand bevat de volledige gesprekken onversleuteld (alleen voor jou \
                 leesbaar). Importeer het met `zicht import` en verwijder het daarna; bewaar het \
                 nooit op een gedeelde schijf."
            );
        }
        (Some(_), None, _) => bail!("--year needs --out FILE"),
        (None, _, None) => bail!(
            "niets te doen: geef --cases FILE met --sav/--sps, of --year Y --out FILE (nothing to do)"
        ),
        (None, _, Some(_)) => {}
    }
    if args.cases.cases.is_some() {
        return export_cases(&args.cases);
    }
    Ok(ExitCode::SUCCESS)
}

/// The SPSS export of `--cases`.
fn export_cases(args: &CasesArgs) -> anyhow::Result<ExitCode> {
    let Some(cases) = &args.cases else {
        bail!("--cases FILE is needed");
    };
    if args.sav.is_none() && args.sps.is_none() {
        bail!(
            "niets te doen: geef --sav OUT.sav en/of --sps OUT (nothing to do: give --sav and/or --sps)"
        );
    }
    let book = super::load_codebook(args.codebook.as_deref())?;
    let table = zicht_cases::read_path(cases, &book)?;
    let source_name = cases.file_name().map_or_else(
        || cases.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let export = Export::new(&book, &table, args.lang, &source_name)
        .with_context(|| format!("{}: SPSS export", cases.display()))?;
    let mut report = std::io::stderr().lock();

    if let Some(sav) = &args.sav {
        let options = zicht_spss::sav::Options {
            compression: if args.uncompressed {
                zicht_spss::sav::Compression::None
            } else {
                zicht_spss::sav::Compression::Bytecode
            },
            created: now(),
            ..zicht_spss::sav::Options::default()
        };
        write_atomically(sav, |w| {
            zicht_spss::sav::write(&export.dictionary, &export, &options, w)
        })?;
        writeln!(
            report,
            "geschreven: {} ({} casussen, {} variabelen, {} sets)",
            sav.display(),
            table.len(),
            export.dictionary.variables.len(),
            export.dictionary.mrsets.len()
        )?;
    }

    if let Some(sps) = &args.sps {
        let stem = if sps
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("sps"))
        {
            sps.with_extension("")
        } else {
            sps.clone()
        };
        let sps_path = with_suffix(&stem, "sps");
        let csv_path = with_suffix(&stem, "csv");
        let absolute = std::path::absolute(&csv_path)
            .with_context(|| format!("{}: cannot make the path absolute", csv_path.display()))?;
        write_atomically(&csv_path, |w| {
            zicht_spss::syntax::write_csv(&export.dictionary, &export, w)
        })?;
        write_atomically(&sps_path, |w| {
            zicht_spss::syntax::write_sps(&export.dictionary, &absolute.to_string_lossy(), w)
        })?;
        writeln!(
            report,
            "geschreven: {} en {} ({} casussen)",
            sps_path.display(),
            csv_path.display(),
            table.len()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The conversations export (formats.md section 2).
#[derive(clap::Args, Debug)]
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
    /// The chat store in PostgreSQL (postgres://USER:PASSWORD@HOST/DB) instead of
    /// SQLite in DIR; without it, `database` of DIR/zicht.toml, else SQLite.
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
}

/// Writes the conversations of `year` (only flagged ones if `flagged`) from the
/// store in `data` (or the PostgreSQL `database`) to `out`; returns how many. The file is written whole or not at all.
pub fn export_conversations(
    data: &Path,
    database: Option<&str>,
    year: i32,
    flagged: bool,
    out: &Path,
) -> anyhow::Result<usize> {
    if !super::has_store(data, database)? {
        anyhow::bail!(
            "{}: no chat store here (expected {}, or --database)",
            data.display(),
            zicht_store::SQLITE_FILE
        );
    }
    let store = super::open_store(data, database)?;
    let user = super::command_user();
    let conversations = store.connect()?.export(
        zicht_store::Filter {
            year: Some(year),
            flagged_only: flagged,
        },
        zicht_store::Reader::Staff {
            name: &user,
            purpose: zicht_store::Purpose::Export,
        },
    )?;
    let tmp = out.with_extension("jsonl.part");
    // Whole transcripts in plain text: readable by their owner only (a
    // leftover part file could carry other permissions).
    let _ = std::fs::remove_file(&tmp);
    let file = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)
            .with_context(|| format!("{}: cannot create", tmp.display()))?
    };
    zicht_conversations::write_jsonl(std::io::BufWriter::new(file), &conversations)
        .with_context(|| format!("{}: cannot write", tmp.display()))?;
    std::fs::rename(&tmp, out).with_context(|| format!("{}: cannot write", out.display()))?;
    Ok(conversations.len())
}

/// `stem` with `.ext` appended (keeps dots inside the stem, `cases.2022` -> `cases.2022.sps`).
fn with_suffix(stem: &Path, ext: &str) -> PathBuf {
    let mut s = stem.as_os_str().to_owned();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

/// Writes to a temporary file beside `path` and renames it on success, so a failure leaves nothing half-written.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> Result<(), zicht_spss::SpssError>,
) -> anyhow::Result<()> {
    let tmp = with_suffix(path, "tmp");
    let mut file =
        std::fs::File::create(&tmp).with_context(|| format!("{}: cannot create", tmp.display()))?;
    let result = write(&mut file).and_then(|()| file.sync_all().map_err(Into::into));
    drop(file);
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(anyhow::Error::new(e).context(format!("{}", path.display())));
    }
    std::fs::rename(&tmp, path)
        .with_context(|| format!("{}: cannot rename from {}", path.display(), tmp.display()))
}

/// Now, in Unix seconds (for the header's creation stamp).
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}
