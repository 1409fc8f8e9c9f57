//! The learned layer: rules alone without a model, model suggestions that say so and quote the visitor, model files, training.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use zicht_codebook::Codebook;
use zicht_conversations::{Conversation, From};
use zicht_suggest::{Model, Suggester, Value, eval, model};

fn corpus(
    name: &str,
) -> (
    Vec<Conversation>,
    std::collections::HashMap<String, eval::Expected>,
) {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name);
    (
        zicht_conversations::read_path(&p).unwrap(),
        eval::read_expected_jsonl(&p).unwrap(),
    )
}

#[test]
fn the_rules_work_without_a_model_and_a_model_at_neutral_thresholds_changes_nothing() {
    let book = Codebook::embedded().unwrap();
    let rules = Suggester::new(book.clone()).unwrap();
    assert!(rules.model().is_none());
    let with = Suggester::with_embedded_model(book).unwrap();
    assert!(with.model().is_some(), "the crate ships model/nl.tsv");
    let (convs, _) = corpus("train.jsonl");
    let mut found = 0;
    for c in &convs {
        let alone = rules.suggest(c);
        found += alone.suggestions.len();
        assert!(
            alone
                .suggestions
                .iter()
                .all(|(_, s)| s.source != Some("model"))
        );
        // add above 1 and veto 0: the model can neither add nor drop.
        assert_eq!(with.suggest_at(c, 1.01, 0.0), alone);
    }
    assert!(found > 300, "{found}");
}

#[test]
fn model_suggestions_say_so_and_quote_the_visitors_words() {
    let s = Suggester::with_embedded_model(Codebook::embedded().unwrap()).unwrap();
    let (convs, _) = corpus("train.jsonl");
    let mut from_model = 0;
    for c in &convs {
        let out = s.suggest(c);
        for (name, sug) in &out.suggestions {
            let by_model = sug.source == Some("model") || !sug.model_items.is_empty();
            if !by_model {
                continue;
            }
            from_model += 1;
            assert_ne!(name, "victim_age", "the model never suggests an age");
            assert!(!sug.evidence.is_empty(), "{name}");
            for e in &sug.evidence {
                let m = &c.messages[e.message];
                assert_eq!(m.from, From::Visitor, "{name}: {e:?}");
                let quoted: String = m.text.chars().skip(e.start).take(e.end - e.start).collect();
                assert_eq!(quoted, e.text);
                assert!(!e.text.trim().is_empty());
            }
            if let Value::Items(items) = &sug.value {
                assert!(sug.model_items.iter().all(|i| items.contains(i)));
            }
        }
    }
    assert!(from_model > 50, "{from_model}");
}

#[test]
fn a_bad_model_file_is_rejected_naming_its_line() {
    let book = Codebook::embedded().unwrap();
    let e = Model::from_text(
        "add\t0.5\ncode\tcoercion\tnot_a_code\t0.1\n",
        "m.tsv",
        &book,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("m.tsv:2") && e.contains("not_a_code"), "{e}");
    let e = Model::from_text("w\tw hij\t0.3\n", "m.tsv", &book)
        .unwrap_err()
        .to_string();
    assert!(e.contains("m.tsv:1"), "{e}");
    let e = Model::from_text("veto\tveel\n", "m.tsv", &book)
        .unwrap_err()
        .to_string();
    assert!(e.contains("m.tsv:1") && e.contains("veel"), "{e}");
}

#[test]
fn training_is_deterministic_and_the_file_reads_back() {
    let book = Codebook::embedded().unwrap();
    let (convs, exp) = corpus("train.jsonl");
    let pairs: Vec<(&Conversation, &eval::Expected)> = convs
        .iter()
        .take(60)
        .map(|c| (c, &exp[&c.conversation_id]))
        .collect();
    let a = model::train(&book, &pairs);
    let b = model::train(&book, &pairs);
    assert!(!a.codes.is_empty());
    assert_eq!(a.to_text(), b.to_text());
    let back = Model::from_text(&a.to_text(), "a.tsv", &book).unwrap();
    assert_eq!(back.codes.len(), a.codes.len());
    // Scores of the read-back model match the trained one (weights are written to 4 decimals).
    for c in convs.iter().take(10) {
        let x = a.score(c);
        let y = back.score(c);
        for (p, q) in x.probs.iter().zip(&y.probs) {
            assert!((p - q).abs() < 1e-3, "{p} {q}");
        }
    }
}
