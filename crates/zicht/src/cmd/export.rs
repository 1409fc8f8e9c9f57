//! `zicht export`: the coded cases for other tools; SPSS as a system file (`--sav`) or as syntax plus CSV (`--sps`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use zicht_codebook::Lang;
use zicht_spss::coding::Export;

#[derive(clap::Args)]
pub struct Args {
    /// The coded cases (cases.csv).
    #[arg(long, value_name = "FILE")]
    cases: PathBuf,
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
    if args.sav.is_none() && args.sps.is_none() {
        bail!(
            "niets te doen: geef --sav OUT.sav en/of --sps OUT (nothing to do: give --sav and/or --sps)"
        );
    }
    let book = super::load_codebook(args.codebook.as_deref())?;
    let table = zicht_cases::read_path(&args.cases, &book)?;
    let source_name = args.cases.file_name().map_or_else(
        || args.cases.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let export = Export::new(&book, &table, args.lang, &source_name)
        .with_context(|| format!("{}: SPSS export", args.cases.display()))?;
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
