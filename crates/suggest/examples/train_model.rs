//! Trains the learned layer of `zicht suggest` on the train split and sets its thresholds on the dev split.
//!
//! Usage: `cargo run -p zicht-suggest --example train_model [TRAIN.jsonl DEV.jsonl OUT.tsv]`
//! (default: crates/suggest/corpus/train.jsonl, dev.jsonl and crates/suggest/model/nl.tsv).
//! The thresholds are chosen for micro precision >= 0.90 on dev (see
//! `zicht_suggest::model::calibrate`); the grid is printed. Nothing else is read.

use std::path::PathBuf;

use zicht_codebook::Codebook;
use zicht_suggest::{Suggester, eval, model};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let args: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let (train, dev, out) = match args.as_slice() {
        [a, b, c] => (a.clone(), b.clone(), c.clone()),
        [] => (
            dir.join("corpus/train.jsonl"),
            dir.join("corpus/dev.jsonl"),
            dir.join("model/nl.tsv"),
        ),
        _ => return Err("usage: train_model [TRAIN.jsonl DEV.jsonl OUT.tsv]".into()),
    };
    let book = Codebook::embedded()?;
    let load = |p: &PathBuf| -> Result<_, Box<dyn std::error::Error>> {
        let convs = zicht_conversations::read_path(p)?;
        let exp = eval::read_expected_jsonl(p)?;
        Ok((convs, exp))
    };
    let (tc, te) = load(&train)?;
    let (dc, de) = load(&dev)?;
    let pairs = |c: &[zicht_conversations::Conversation],
                 e: &std::collections::HashMap<String, eval::Expected>| {
        c.iter()
            .filter_map(|x| e.get(&x.conversation_id).map(|y| (x.clone(), y.clone())))
            .collect::<Vec<_>>()
    };
    let tp = pairs(&tc, &te);
    let dp = pairs(&dc, &de);
    let t0 = std::time::Instant::now();
    let mut m = model::train(&book, &tp.iter().map(|(a, b)| (a, b)).collect::<Vec<_>>());
    println!(
        "trained {} codes on {} chats in {:.1} s, {} features kept",
        m.codes.len(),
        tp.len(),
        t0.elapsed().as_secs_f64(),
        m.features.len()
    );
    let mut sug = Suggester::new(book.clone())?;
    sug.set_model(Some(m.clone()));
    let ((add, veto), grid) = model::calibrate(
        &sug,
        &dp.iter().map(|(a, b)| (a, b)).collect::<Vec<_>>(),
        0.90,
    );
    println!(
        "add   veto   TP   FP   FN  precision recall  F1   (dev, {} chats)",
        dp.len()
    );
    for (a, v, c) in &grid {
        println!(
            "{a:<5} {v:<5} {:>4} {:>4} {:>4}  {:.3}     {:.3}   {:.3}",
            c.tp,
            c.fp,
            c.fn_,
            c.precision().unwrap_or(0.0),
            c.recall().unwrap_or(0.0),
            c.f1().unwrap_or(0.0)
        );
    }
    println!("chosen: add = {add}, veto = {veto}");
    m.add = add;
    m.veto = veto;
    std::fs::write(&out, m.to_text())?;
    println!("wrote {}", out.display());
    Ok(())
}
