//! The `zicht` command: parses the command line and hands each subcommand to its module in `cmd/`.

mod cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: the suggester makes some 80 small allocations a
/// chat (most of them its output: names, codes, quotes), and glibc's malloc spent about a
/// fifth of the rules path's instructions on them (callgrind on the evaluation chats: 109,030
/// instructions a chat with glibc, 94,563 with mimalloc).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// zicht: brengt onzichtbare slachtoffers van mensenhandel in beeld.
#[derive(Parser)]
#[command(name = "zicht", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Main job: data folder with SQLite, demo data, statistics, report, then the server.
    Up(cmd::up::Args),
    /// Print the codebook (Dutch by default).
    Codebook(cmd::codebook::Args),
    /// Agreement between two coders: kappa and alpha per codebook variable.
    Agreement(cmd::agreement::Args),
    /// Import conversations.jsonl into the research workspace.
    Import(cmd::import::Args),
    /// Write a synthetic, seeded demo data set (cases.csv, conversations.jsonl).
    Demo(cmd::demo::Args),
    /// Serve the visitor chat, the counsellor console and /healthz.
    Serve(cmd::serve::Args),
    /// Manage counsellor, researcher and admin accounts.
    User(cmd::user::Args),
    /// Suggest codes with evidence from chat transcripts (assisted coding).
    Suggest(cmd::suggest::Args),
    /// Export coded cases for SPSS, or the chat's conversations of a year for research.
    Export(cmd::export::Args),
    /// Delete transcripts older than the configured retention period.
    Retention(cmd::retention::Args),
    /// The master key that encrypts the transcripts: create one, or rotate it.
    Key(cmd::key::Args),
    /// The audit of transcript reads: who read which conversation, when and why.
    Audit(cmd::audit::Args),
    /// Statistics of coded cases: the funnel and every table of the report.
    Stats(cmd::stats::Args),
    /// Estimate the total population from overlapping lists (multiple systems estimation).
    Estimate(cmd::estimate::Args),
    /// The annual report of one year: report.html, report.pdf and figures/ (SVG and PNG).
    Report(Box<cmd::report::Args>),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Up(args) => cmd::up::run(args),
        Command::Codebook(args) => cmd::codebook::run(args),
        Command::Agreement(args) => cmd::agreement::run(args),
        Command::Import(args) => cmd::import::run(args),
        Command::Demo(args) => cmd::demo::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::User(args) => cmd::user::run(args),
        Command::Suggest(args) => cmd::suggest::run(args),
        Command::Export(args) => cmd::export::run(args),
        Command::Retention(args) => cmd::retention::run(args),
        Command::Key(args) => cmd::key::run(args),
        Command::Audit(args) => cmd::audit::run(args),
        Command::Stats(args) => cmd::stats::run(args),
        Command::Estimate(args) => cmd::estimate::run(args),
        Command::Report(args) => cmd::report::run(*args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if cmd::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("zicht: {err:#}");
            ExitCode::FAILURE
        }
    }
}
