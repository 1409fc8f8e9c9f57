//! Fits the learned layer of `zicht suggest` on all tuning chats and sets its thresholds by cross-validation.
//!
//! Usage: `cargo run --release -p zicht-suggest --example cv_model -- [--folds K | --by-file]
//! [--lambda L] [--epochs E] [--keep N] [--out OUT.tsv] FILE.jsonl ...`
//! Every chat of the files is scored by a model fitted on the other folds (fold =
//! position modulo K, or with `--by-file` the file it comes from, so that a writer's
//! chats are held out together); the thresholds `add` and `veto` are those of the best micro F1
//! with micro precision >= 0.90 over these out-of-fold suggestions (the grid and the
//! per-column table at the chosen point are printed). Then the model is fitted on all
//! chats and written with those thresholds (only with `--out`).

use std::path::PathBuf;

use zicht_codebook::Codebook;
use zicht_suggest::{Suggester, eval, model};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut folds = 5usize;
    let mut by_file = false;
    let mut params = model::TrainParams::default();
    let mut out: Option<PathBuf> = None;
    let mut files: Vec<PathBuf> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--folds" => folds = it.next().ok_or("--folds K")?.parse()?,
            "--lambda" => params.lambda = it.next().ok_or("--lambda L")?.parse()?,
            "--epochs" => params.epochs = it.next().ok_or("--epochs E")?.parse()?,
            "--keep" => params.keep = it.next().ok_or("--keep N")?.parse()?,
            "--out" => out = Some(PathBuf::from(it.next().ok_or("--out FILE")?)),
            "--by-file" => by_file = true,
            f => files.push(PathBuf::from(f)),
        }
    }
    if files.is_empty() || folds < 2 {
        return Err(
            "usage: cv_model [--folds K] [--lambda L] [--epochs E] [--out OUT.tsv] FILE.jsonl ..."
                .into(),
        );
    }
    let book = Codebook::embedded()?;
    let mut chats = Vec::new();
    let mut file_of = Vec::new();
    for (fi, p) in files.iter().enumerate() {
        let convs = zicht_conversations::read_path(p)?;
        let exp = eval::read_expected_jsonl(p)?;
        for c in convs {
            if let Some(e) = exp.get(&c.conversation_id) {
                chats.push((c, e.clone()));
                file_of.push(fi);
            }
        }
    }
    if by_file {
        folds = files.len();
    }
    let fold = |i: usize| if by_file { file_of[i] } else { i % folds };
    let t0 = std::time::Instant::now();
    let mut sugs: Vec<Suggester> = Vec::new();
    let mut fold_of = Vec::new();
    for k in 0..folds {
        let train: Vec<_> = chats
            .iter()
            .enumerate()
            .filter(|(i, _)| fold(*i) != k)
            .map(|(_, (c, e))| (c, e))
            .collect();
        let m = model::train_with(&book, &train, params);
        let mut s = Suggester::new(book.clone())?;
        s.set_model(Some(m));
        sugs.push(s);
    }
    for i in 0..chats.len() {
        fold_of.push(fold(i));
    }
    println!(
        "{} chats, {folds} folds, lambda {}, epochs {}: fitted in {:.1} s",
        chats.len(),
        params.lambda,
        params.epochs,
        t0.elapsed().as_secs_f64()
    );
    let parts: Vec<_> = chats
        .iter()
        .enumerate()
        .map(|(i, (c, _))| sugs[fold_of[i]].parts(c))
        .collect();
    let exps: Vec<&eval::Expected> = chats.iter().map(|(_, e)| e).collect();
    let combine = |i: usize, th: model::Thresholds| {
        let (raw, sc) = &parts[i];
        sugs[fold_of[i]].combine(&chats[i].0, raw, sc.as_ref(), th)
    };
    let ((add, veto), grid) = model::calibrate_with(&book, &exps, combine, 0.90);
    println!("add   veto   TP   FP   FN  precision recall  F1   (out of fold)");
    for (a, v, c) in &grid {
        if c.precision().unwrap_or(0.0) >= 0.85 {
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
    }
    println!("chosen: add = {add}, veto = {veto}");
    let costs = [1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0, 6.0, 9.0];
    for c in costs {
        let (_, _, m) = model::calibrate_columns(&book, &exps, combine, &[c], 0.90);
        println!(
            "cost {c}: TP {} FP {} FN {} P {:.3} R {:.3} F1 {:.3}",
            m.tp,
            m.fp,
            m.fn_,
            m.precision().unwrap_or(0.0),
            m.recall().unwrap_or(0.0),
            m.f1().unwrap_or(0.0)
        );
    }
    let (cols, cost, micro) = model::calibrate_columns(&book, &exps, combine, &costs, 0.90);
    println!(
        "per column: cost {cost}: TP {} FP {} FN {}, precision {:.3}, recall {:.3}, F1 {:.3}",
        micro.tp,
        micro.fp,
        micro.fn_,
        micro.precision().unwrap_or(0.0),
        micro.recall().unwrap_or(0.0),
        micro.f1().unwrap_or(0.0)
    );
    let (cols, micro) = model::refine_columns(&book, &exps, combine, cols, cost, 0.90);
    println!(
        "refined: TP {} FP {} FN {}, precision {:.3}, recall {:.3}, F1 {:.3}",
        micro.tp,
        micro.fp,
        micro.fn_,
        micro.precision().unwrap_or(0.0),
        micro.recall().unwrap_or(0.0),
        micro.f1().unwrap_or(0.0)
    );
    let lookup = |c: &str| model::lookup(&cols, c, (add, veto));
    if let Ok(k) = std::env::var("NOVETO") {
        let nv = |c: &str| {
            let (a, v) = lookup(c);
            if c == k || c.starts_with(&format!("{k}=")) {
                (a, 0.0)
            } else {
                (a, v)
            }
        };
        let sg: Vec<_> = (0..chats.len()).map(|i| combine(i, &nv)).collect();
        let pairs: Vec<_> = sg.iter().zip(exps.iter().copied()).collect();
        let r = eval::score(&book, &pairs);
        for (n, c) in &r.columns {
            if n == &k {
                println!("NOVETO {k}: {} {} {}", c.tp, c.fp, c.fn_);
            }
        }
        let m = r.micro();
        println!("NOVETO micro {} {} {}", m.tp, m.fp, m.fn_);
    }
    let sg: Vec<_> = (0..chats.len()).map(|i| combine(i, &lookup)).collect();
    let pairs: Vec<_> = sg.iter().zip(exps.iter().copied()).collect();
    let r = eval::score(&book, &pairs);
    print!("{}", eval::render(&r, std::env::var_os("MISSES").is_some()));
    if let Some(out) = out {
        let all: Vec<_> = chats.iter().map(|(c, e)| (c, e)).collect();
        let mut m = model::train_with(&book, &all, params);
        m.add = add;
        m.veto = veto;
        m.columns = cols;
        std::fs::write(&out, m.to_text())?;
        println!("wrote {}", out.display());
    }
    Ok(())
}
