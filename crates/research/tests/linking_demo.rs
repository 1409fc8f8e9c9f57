//! Duplicate linking measured on the demo data's known duplicates (its `"demo": {"case_id"}` ground truth).
//!
//! The candidates of each year are scored against the truth. Measured with
//! the default options and seed 2022 (2019-2022, 81 true pairs): 106
//! proposed, 64 correct, precision 0.60, recall 0.79 (before the time-gap
//! model, the conflicts and the competing partners: 169 proposed, 66 correct,
//! precision 0.39, recall 0.81). The floors below sit a little under those
//! numbers so that harmless changes to the demo's wording pass, and a linker
//! that loses a tenth of its recall or proposes markedly more wrong pairs
//! fails. `cargo run -p zicht-research --example link_eval` prints the
//! precision and recall at other thresholds.

use std::collections::{BTreeMap, HashMap};

use zicht_research::linking::{LinkOptions, Profile, candidates, evaluate};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const PRECISION_FLOOR: f64 = 0.55;
const RECALL_FLOOR: f64 = 0.72;

#[test]
fn candidates_find_the_demo_duplicates() -> TestResult {
    let demo = zicht_demo::generate(zicht_demo::DEFAULT_SEED)?;
    let mut by_year: BTreeMap<i32, Vec<Profile>> = BTreeMap::new();
    let mut truth: HashMap<String, String> = HashMap::new();
    for c in &demo.conversations {
        let person = c
            .extra
            .get("demo")
            .and_then(|d| d.get("case_id"))
            .and_then(|v| v.as_str())
            .ok_or("a demo conversation without its case")?;
        truth.insert(c.conversation_id.clone(), person.to_string());
        by_year
            .entry(c.year().unwrap_or(0))
            .or_default()
            .push(Profile::of(c));
    }
    let mut pairs = Vec::new();
    for profiles in by_year.values() {
        pairs.extend(
            candidates(profiles, &LinkOptions::default())
                .into_iter()
                .map(|c| (c.a, c.b)),
        );
    }
    let e = evaluate(pairs.iter().map(|(a, b)| (a.as_str(), b.as_str())), &truth);
    eprintln!(
        "linking on the demo data: {} true pairs, {} proposed, {} correct, precision {:.3}, recall {:.3}",
        e.true_pairs, e.proposed, e.correct, e.precision, e.recall
    );
    assert!(
        e.true_pairs > 50,
        "the demo data should hold duplicates: {e:?}"
    );
    assert!(e.precision >= PRECISION_FLOOR, "{e:?}");
    assert!(e.recall >= RECALL_FLOOR, "{e:?}");
    Ok(())
}

#[test]
fn coded_facts_from_assisted_coding_are_shown_and_keep_the_floors() -> TestResult {
    let demo = zicht_demo::generate(zicht_demo::DEFAULT_SEED)?;
    let suggester = zicht_suggest::Suggester::new(zicht_codebook::Codebook::embedded()?)?;
    let mut by_year: BTreeMap<i32, Vec<Profile>> = BTreeMap::new();
    let mut truth: HashMap<String, String> = HashMap::new();
    for c in &demo.conversations {
        let person = c
            .extra
            .get("demo")
            .and_then(|d| d.get("case_id"))
            .and_then(|v| v.as_str())
            .ok_or("a demo conversation without its case")?;
        truth.insert(c.conversation_id.clone(), person.to_string());
        let mut p = Profile::of(c);
        zicht_research::assisted::add_coded_facts(&mut p, &suggester, c);
        by_year.entry(c.year().unwrap_or(0)).or_default().push(p);
    }
    let mut pairs = Vec::new();
    for profiles in by_year.values() {
        pairs.extend(
            candidates(profiles, &LinkOptions::default())
                .into_iter()
                .map(|c| (c.a, c.b)),
        );
    }
    let coded_reasons = by_year
        .values()
        .flat_map(|p| candidates(p, &LinkOptions::default()))
        .filter(|c| {
            c.reasons
                .iter()
                .any(|r| r.signal == zicht_research::linking::Signal::Coded)
        })
        .count();
    assert!(
        coded_reasons > 0,
        "assisted-coding facts appear among the reasons"
    );
    let e = evaluate(pairs.iter().map(|(a, b)| (a.as_str(), b.as_str())), &truth);
    eprintln!(
        "linking with assisted-coding facts: {} true pairs, {} proposed, {} correct, precision {:.3}, recall {:.3}",
        e.true_pairs, e.proposed, e.correct, e.precision, e.recall
    );
    assert!(e.precision >= PRECISION_FLOOR, "{e:?}");
    assert!(e.recall >= RECALL_FLOOR, "{e:?}");
    Ok(())
}
