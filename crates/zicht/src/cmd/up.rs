//! `zicht up`: the main job on the embedded default: a data folder with SQLite, the demo data, the statistics and the report, then the server.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use zicht_codebook::Lang;

/// Zet alles klaar in één map en start de server: demodata, statistiek, rapport, chat.
///
/// Maakt DIR aan met de SQLite-database, schrijft de synthetische demodata naar
/// DIR/demo (als die er nog niet is), berekent de statistiek en het jaarrapport
/// (DIR/report) en start de chat, de console en de onderzoeksomgeving.
#[derive(clap::Args)]
pub struct Args {
    /// Data directory: database, zicht.toml, demo data and the report.
    #[arg(long, value_name = "DIR", default_value = "data")]
    data: PathBuf,
    /// Address to listen on.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    addr: String,
    /// Reporting year (default: the latest year of the demo data).
    #[arg(long)]
    year: Option<i32>,
    /// Language of the summary and the report: nl or en.
    #[arg(long, default_value = "nl", value_parser = super::parse_lang)]
    lang: Lang,
    /// Prepare everything, then stop instead of serving.
    #[arg(long)]
    no_serve: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let book = super::load_codebook(None)?;
    std::fs::create_dir_all(&args.data)
        .with_context(|| format!("{}: cannot create the data folder", args.data.display()))?;
    let mut out = std::io::stdout().lock();

    // 1. Demo data (kept when present: the folder is the user's).
    let demo = args.data.join("demo");
    let cases_path = demo.join("cases.csv");
    if !cases_path.exists() {
        let summary = zicht_demo::write(&demo, zicht_demo::DEFAULT_SEED, &book)
            .with_context(|| format!("demo data to {}", demo.display()))?;
        writeln!(
            out,
            "demodata: {} casussen, {} gesprekken, {} personen op 4 registraties, {} dubbel gecodeerde casussen -> {}",
            summary.cases,
            summary.conversations,
            summary.histories_observed,
            summary.double_coded,
            demo.display()
        )?;
    } else {
        writeln!(out, "demodata: {} (bestaat al)", demo.display())?;
    }

    // 2. Statistics of the reporting year.
    let table = zicht_cases::read_path(&cases_path, &book)?;
    let years = zicht_stats::years_of(&table, &book)?;
    let year = match args.year.or_else(|| years.last().copied()) {
        Some(y) => y,
        None => anyhow::bail!("{}: no cases", cases_path.display()),
    };
    let stats = zicht_stats::compute(&table, &book, Some(year))?;
    summary(&mut out, &stats, args.lang)?;

    // 3. The annual report.
    report(&mut out, &args.data, &demo, year, args.lang)?;

    // 4. The master key (outside the data folder), the chat store, the research
    //    workspace with the demo conversations, demo accounts.
    master_key(&mut out, &args.data)?;
    let app = zicht_server::open(&args.data)?;
    super::serve::check_channels(&app.config)?;
    research(&mut out, &args.data, &demo.join("conversations.jsonl"))?;
    accounts(&mut out, &args.data)?;

    if args.no_serve {
        return Ok(ExitCode::SUCCESS);
    }
    let base = format!("http://{}", args.addr);
    writeln!(out, "\nbezoeker:     {base}/chat/fier  en  {base}/chat/csg")?;
    writeln!(out, "hulpverlener: {base}/console")?;
    writeln!(out, "onderzoeker:  {base}/research")?;
    writeln!(out, "stoppen:      Ctrl-C")?;
    out.flush()?;
    drop(out);
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(zicht_server::serve(app, &args.addr))?;
    Ok(ExitCode::SUCCESS)
}

/// A few headline numbers, so the first run shows that the data is there.
fn summary(out: &mut impl Write, stats: &zicht_stats::Stats, lang: Lang) -> anyhow::Result<()> {
    let f = &stats.funnel;
    let year = stats.year.map(|y| y.to_string()).unwrap_or_default();
    writeln!(
        out,
        "statistiek {year}: {} gesprekken, {} gekoppelde dubbelen, {} geëxcludeerd, {} geïncludeerd",
        f.conversations, f.duplicates, f.excluded, f.included
    )?;
    if let Some(age) = stats.age("all", "victim_age") {
        writeln!(
            out,
            "  minderjarig: {} ({} van de {} met bekende leeftijd)",
            zicht_stats::fmt_pct(age.minors, age.n, lang),
            age.minors,
            age.n
        )?;
    }
    Ok(())
}

/// Writes the annual report of `year` (HTML, PDF, figures) to `DIR/report`, with the
/// population estimate from the demo registrations and the reliability of the demo's
/// double-coded sample.
fn report(
    out: &mut impl Write,
    data: &Path,
    demo: &Path,
    year: i32,
    lang: Lang,
) -> anyhow::Result<()> {
    let book = super::load_codebook(None)?;
    let cases = &demo.join("cases.csv");
    let table = zicht_cases::read_path(cases, &book)?;
    // A demo folder from an older zicht may lack these two inputs: then the report goes without.
    let histories = demo.join("histories.csv");
    let population = if histories.exists() {
        Some(super::report::population(
            &histories,
            &super::report::PopulationArgs {
                how: &super::estimate::How::default(),
                lang,
                known_total: Some(zicht_demo::histories::POPULATION as u64),
            },
        )?)
    } else {
        None
    };
    let (coder_a, coder_b) = (demo.join("coder-a.csv"), demo.join("coder-b.csv"));
    let reliability = if coder_a.exists() && coder_b.exists() {
        Some(super::report::reliability(&book, &coder_a, &coder_b)?)
    } else {
        None
    };
    let years = zicht_stats::years_of(&table, &book)?;
    let opts = zicht_report::Options {
        lang,
        min_cell: None,
        ages: zicht_report::AgeCoding { young: 12, old: 65 },
        pool: match (years.first(), years.last()) {
            (Some(&a), Some(&b)) if a < b => Some((a, b)),
            _ => None,
        },
        population,
        reliability,
        text: None,
    };
    let dir = data.join("report");
    let n_figures = super::report::write_report(cases, &table, &book, year, &opts, &dir)
        .with_context(|| format!("{}", cases.display()))?;
    writeln!(
        out,
        "rapport {year}: {} en {} ({n_figures} figuren in {})",
        dir.join("report.html").display(),
        dir.join("report.pdf").display(),
        dir.join("figures").display()
    )?;
    Ok(())
}

/// Imports the demo conversations into the research workspace (idempotent).
fn research(out: &mut impl Write, data: &Path, conversations: &Path) -> anyhow::Result<()> {
    let convs = zicht_conversations::read_path(conversations)?;
    let mut ws = zicht_research::workspace::Workspace::open_dir(data, super::vault(data)?)?;
    let summary = ws.import(
        &convs,
        "import:demo",
        "zicht up",
        &zicht_research::time::now_rfc3339(),
    )?;
    writeln!(
        out,
        "onderzoeksomgeving: {} gesprekken, {} nieuw",
        summary.read, summary.added
    )?;
    Ok(())
}

/// Creates the demo's master key file `DATA.key` beside the data folder (0600)
/// unless a key is configured, in the environment, or already there; says where.
fn master_key(out: &mut impl Write, data: &Path) -> anyhow::Result<()> {
    if std::env::var_os(zicht_store::vault::ENV_KEY).is_some() {
        writeln!(out, "hoofdsleutel: uit {}", zicht_store::vault::ENV_KEY)?;
        return Ok(());
    }
    let path = match zicht_server::config::master_key_path(data)? {
        Some(p) => p,
        None => zicht_store::vault::default_key_path(data),
    };
    if path.exists() {
        writeln!(out, "hoofdsleutel: {}", path.display())?;
    } else {
        zicht_store::vault::create_key_file(&path)?;
        writeln!(
            out,
            "hoofdsleutel: nieuw aangemaakt in {} (alleen voor jou leesbaar, buiten de datamap; zonder deze sleutel zijn de gesprekken onleesbaar)",
            path.display()
        )?;
    }
    Ok(())
}

/// A random password for a demo account that passes the same policy as
/// `zicht user add` (20 hex digits: 80 bits; a draw the policy refuses, such
/// as one with too few distinct characters, is drawn again).
fn demo_password(name: &str) -> anyhow::Result<String> {
    let mut last = None;
    for _ in 0..16 {
        let password = zicht_server::random_token()[..20].to_string();
        match zicht_server::password::check(name, &password) {
            Ok(()) => return Ok(password),
            Err(e) => last = Some(e),
        }
    }
    Err(anyhow::anyhow!(
        "no demo password for {name} passed the password policy: {}",
        last.map(|e| e.to_string()).unwrap_or_default()
    ))
}

/// Creates two counsellor accounts (for transfers), a supervisor (admin) and a researcher account with random passwords when there are no accounts yet.
fn accounts(out: &mut impl Write, data: &Path) -> anyhow::Result<()> {
    let store = super::open_store(data, None)?;
    let conn = store.connect()?;
    if !conn.users()?.is_empty() {
        writeln!(
            out,
            "accounts: bestaan al (zicht user list --data {})",
            data.display()
        )?;
        return Ok(());
    }
    let now = jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    writeln!(
        out,
        "demo-accounts (wachtwoorden worden alleen nu getoond):"
    )?;
    for (name, role) in [
        ("demo-hulpverlener", zicht_store::Role::Counsellor),
        ("demo-hulpverlener2", zicht_store::Role::Counsellor),
        ("demo-supervisor", zicht_store::Role::Admin),
        ("demo-onderzoeker", zicht_store::Role::Researcher),
        // A second researcher: double coding is done by two.
        ("demo-onderzoeker-2", zicht_store::Role::Researcher),
    ] {
        let password = demo_password(name)?;
        let hash =
            zicht_server::hash_password(&password).map_err(|e| anyhow::anyhow!("hashing: {e}"))?;
        conn.add_user(name, role, &hash, &now)?;
        writeln!(out, "  {name:<18} {password}   ({})", role.code())?;
    }
    Ok(())
}
