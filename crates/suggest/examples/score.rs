//! Scores `zicht suggest` on labelled chat files without building the whole `zicht` binary.
//!
//! Usage: `cargo run -p zicht-suggest --example score -- [--no-model | --model M.tsv] [--misses] [--dump] [--show ID] FILE.jsonl ...`
//! Each file holds conversations with `expected` codes (crates/suggest/corpus); the
//! table is the one `zicht suggest --evaluate` prints, with the bootstrap interval.
//! With `--dump`, every chat's suggestions are printed as one JSON line before the
//! table (to compare the full output of two builds byte for byte).

use zicht_codebook::Codebook;
use zicht_suggest::{Suggester, eval};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let no_model = args.iter().any(|a| a == "--no-model");
    let misses = args.iter().any(|a| a == "--misses");
    let dump = args.iter().any(|a| a == "--dump");
    let model_path = args
        .iter()
        .position(|a| a == "--model")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let show = args
        .iter()
        .position(|a| a == "--show")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let book = Codebook::embedded()?;
    let s = if no_model {
        Suggester::new(book)?
    } else if let Some(p) = &model_path {
        let text = std::fs::read_to_string(p)?;
        let m = zicht_suggest::Model::from_text(&text, p, &book)?;
        let mut s = Suggester::new(book)?;
        s.set_model(Some(m));
        s
    } else {
        Suggester::with_embedded_model(book)?
    };
    let skip: Vec<&String> = [&model_path, &show].into_iter().flatten().collect();
    for path in args
        .iter()
        .filter(|a| !a.starts_with("--") && !skip.contains(a))
    {
        let convs = zicht_conversations::read_path(std::path::Path::new(path))?;
        let exp = eval::read_expected_jsonl(std::path::Path::new(path))?;
        let sugs: Vec<_> = convs.iter().map(|c| s.suggest(c)).collect();
        if dump {
            for x in &sugs {
                println!("{}", serde_json::to_string(x)?);
            }
        }
        if let Some(id) = &show {
            for x in sugs.iter().filter(|x| &x.conversation_id == id) {
                println!("{}", serde_json::to_string_pretty(x)?);
            }
        }
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
