//! `zicht stats --cases FILE --year YEAR --json` without the rest of the CLI, for the benchmark
//! (the `zicht` binary links the report's typesetting, a long release build):
//! `stats_json CASES.csv YEAR [--table]`. The same calls as the command, the same JSON.

use std::io::Write;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: stats_json CASES.csv YEAR [--table]");
        std::process::exit(2);
    }
    let book = zicht_codebook::Codebook::embedded()?;
    let path = Path::new(&args[1]);
    let year: i32 = args[2].parse()?;
    let stats = if args.get(3).is_some_and(|a| a == "--table") {
        let table = zicht_cases::read_path(path, &book)?;
        zicht_stats::compute(&table, &book, Some(year))?
    } else {
        zicht_stats::compute_path(path, &book, Some(year))?
    };
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &stats)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}
