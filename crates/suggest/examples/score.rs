//! Scores `zicht suggest` on labelled chat files without building the whole `zicht` binary.
//!
//! Usage: `cargo run -p zicht-suggest --example score -- [--no-model] [--misses] FILE.jsonl ...`
//! Each file holds conversations with `expected` codes (crates/suggest/corpus); the
//! table is the one `zicht suggest --evaluate` prints, with the bootstrap interval.

use zicht_codebook::Codebook;
use zicht_suggest::{Suggester, eval};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let no_model = args.iter().any(|a| a == "--no-model");
    let misses = args.iter().any(|a| a == "--misses");
    let book = Codebook::embedded()?;
    let s = if no_model {
        Suggester::new(book)?
    } else {
        Suggester::with_embedded_model(book)?
    };
    for path in args.iter().filter(|a| !a.starts_with("--")) {
        let convs = zicht_conversations::read_path(std::path::Path::new(path))?;
        let exp = eval::read_expected_jsonl(std::path::Path::new(path))?;
        let sugs: Vec<_> = convs.iter().map(|c| s.suggest(c)).collect();
        let pairs: Vec<_> = sugs
            .iter()
            .filter_map(|x| exp.get(&x.conversation_id).map(|e| (x, e)))
            .collect();
        let r = eval::score(s.codebook(), &pairs);
        println!(
            "== {path} ({})",
            if no_model { "rules" } else { "rules + model" }
        );
        print!("{}", eval::render(&r, misses));
    }
    Ok(())
}
