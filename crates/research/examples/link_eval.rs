//! Precision and recall of duplicate-linking candidates on a conversations.jsonl with ground truth.
//!
//! `cargo run -p zicht-research --example link_eval [-- conversations.jsonl]`
//! Without a file it generates the demo data (seed 2022) in memory. The truth
//! is each conversation's `"demo": {"case_id": ...}`; pairs are compared
//! within each year, as the workspace does. `LINK_EVAL_DEBUG=1` prints the
//! missed true pairs and the best false pairs of 2022 with their reasons.

use std::collections::{BTreeMap, HashMap};

use zicht_research::linking::{LinkOptions, Profile, candidates, evaluate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let convs = match std::env::args().nth(1) {
        Some(path) => zicht_conversations::read_path(std::path::Path::new(&path))?,
        None => zicht_demo::generate(zicht_demo::DEFAULT_SEED)?.conversations,
    };
    let mut by_year: BTreeMap<i32, Vec<Profile>> = BTreeMap::new();
    let mut truth: HashMap<String, String> = HashMap::new();
    for c in &convs {
        let Some(person) = c
            .extra
            .get("demo")
            .and_then(|d| d.get("case_id"))
            .and_then(|v| v.as_str())
        else {
            continue;
        };
        truth.insert(c.conversation_id.clone(), person.to_string());
        if c.flags.flagged() {
            by_year
                .entry(c.year().unwrap_or(0))
                .or_default()
                .push(Profile::of(c));
        }
    }
    if std::env::var_os("LINK_EVAL_DEBUG").is_some() {
        debug(&by_year, &truth);
        return Ok(());
    }
    println!("threshold  year  true_pairs  proposed  correct  precision  recall");
    let default = LinkOptions::default().threshold;
    for threshold in [
        default - 4.0,
        default - 2.0,
        default - 1.0,
        default,
        default + 1.0,
        default + 2.0,
        default + 4.0,
    ] {
        let options = LinkOptions {
            threshold,
            margin: std::env::var("LINK_EVAL_MARGIN")
                .ok()
                .and_then(|m| m.parse().ok())
                .unwrap_or(LinkOptions::default().margin),
            ..LinkOptions::default()
        };
        let mut all_pairs = Vec::new();
        for (year, profiles) in &by_year {
            let found = candidates(profiles, &options);
            let year_truth: HashMap<String, String> = profiles
                .iter()
                .filter_map(|p| {
                    truth
                        .get(&p.conversation_id)
                        .map(|t| (p.conversation_id.clone(), t.clone()))
                })
                .collect();
            let e = evaluate(
                found.iter().map(|c| (c.a.as_str(), c.b.as_str())),
                &year_truth,
            );
            println!(
                "{threshold:9.1}  {year}  {:10}  {:8}  {:7}  {:9.3}  {:6.3}",
                e.true_pairs, e.proposed, e.correct, e.precision, e.recall
            );
            all_pairs.extend(found.into_iter().map(|c| (c.a, c.b)));
        }
        let e = evaluate(
            all_pairs.iter().map(|(a, b)| (a.as_str(), b.as_str())),
            &truth,
        );
        println!(
            "{threshold:9.1}  all   {:10}  {:8}  {:7}  {:9.3}  {:6.3}",
            e.true_pairs, e.proposed, e.correct, e.precision, e.recall
        );
    }
    Ok(())
}

/// Prints the missed true pairs and the best-scoring false pairs of 2022 with their reasons.
fn debug(by_year: &BTreeMap<i32, Vec<Profile>>, truth: &HashMap<String, String>) {
    let year: i32 = std::env::var("LINK_EVAL_DEBUG")
        .ok()
        .and_then(|y| y.parse().ok())
        .unwrap_or(2022);
    let Some(profiles) = by_year.get(&year) else {
        return;
    };
    let linker = zicht_research::linking::Linker::new(profiles);
    let mut scored = Vec::new();
    for (i, a) in profiles.iter().enumerate() {
        for b in &profiles[i + 1..] {
            let (s, r) = linker.compare(a, b);
            let same = truth.get(&a.conversation_id) == truth.get(&b.conversation_id);
            scored.push((s, same, a, b, r));
        }
    }
    scored.sort_by(|x, y| y.0.total_cmp(&x.0));
    println!("== true pairs");
    for (s, _, a, b, r) in scored.iter().filter(|x| x.1) {
        println!(
            "{s:6.1} {} {} {:?}",
            a.conversation_id,
            b.conversation_id,
            r.iter()
                .map(|x| format!("{:+.1} {}", x.weight, x.detail))
                .collect::<Vec<_>>()
        );
    }
    println!("== top false pairs");
    for (s, _, a, b, r) in scored.iter().filter(|x| !x.1).take(25) {
        println!(
            "{s:6.1} {} {} {:?}",
            a.conversation_id,
            b.conversation_id,
            r.iter()
                .map(|x| format!("{:+.1} {}", x.weight, x.detail))
                .collect::<Vec<_>>()
        );
    }
}
