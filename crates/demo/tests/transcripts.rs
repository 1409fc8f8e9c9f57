//! The demo data are reproducible, and every transcript agrees with its case's codes in the checkable ways.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};

use zicht_codebook::Codebook;
use zicht_conversations::{Conversation, From};
use zicht_demo::talk::lines;
use zicht_demo::{Case, Demo, generate};

fn demo() -> &'static Demo {
    static DEMO: std::sync::OnceLock<Demo> = std::sync::OnceLock::new();
    DEMO.get_or_init(|| generate(zicht_demo::DEFAULT_SEED).unwrap())
}

fn by_case(demo: &Demo) -> BTreeMap<String, Vec<&Conversation>> {
    let mut m: BTreeMap<String, Vec<&Conversation>> = BTreeMap::new();
    for c in &demo.conversations {
        let id = c.extra["demo"]["case_id"].as_str().unwrap().to_string();
        m.entry(id).or_default().push(c);
    }
    m
}

fn visitor_text(c: &Conversation) -> String {
    c.messages
        .iter()
        .filter(|m| m.from == From::Visitor)
        .map(|m| m.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn numbers(text: &str) -> BTreeSet<u32> {
    text.split(|ch: char| !ch.is_ascii_digit())
        .filter_map(|t| t.parse().ok())
        .collect()
}

fn counsellor_says(c: &Conversation, bank: &[&str]) -> bool {
    c.messages
        .iter()
        .any(|m| m.from == From::Counsellor && bank.iter().any(|b| m.text == *b || b.contains('{')))
}

#[test]
fn same_seed_same_bytes_other_seed_other_data() {
    let book = Codebook::embedded().unwrap();
    let base = std::env::temp_dir().join(format!("zicht-demo-repro-{}", std::process::id()));
    let mut files = Vec::new();
    for (i, seed) in [7u64, 7, 8].iter().enumerate() {
        let dir = base.join(i.to_string());
        let s = zicht_demo::write(&dir, *seed, &book).unwrap();
        files.push((
            std::fs::read(&s.cases_path).unwrap(),
            std::fs::read(&s.conversations_path).unwrap(),
        ));
    }
    std::fs::remove_dir_all(&base).unwrap();
    assert_eq!(files[0], files[1]);
    assert_ne!(files[0].1, files[2].1);
    assert_ne!(files[0].0, files[2].0);
}

#[test]
fn conversations_match_their_cases() {
    let demo = demo();
    let convs = by_case(demo);
    let mut ids = BTreeSet::new();
    for c in &demo.conversations {
        assert!(ids.insert(c.conversation_id.clone()));
        assert_eq!(c.flags.trafficking, Some(true));
        assert!(c.messages.len() >= 6, "{}", c.conversation_id);
        for m in &c.messages {
            assert!(m.at >= c.started_at && m.at[..10] == c.started_at[..10]);
            assert!(!m.text.trim().is_empty());
        }
    }
    for case in &demo.cases {
        let cs = convs.get(&case.case_id).unwrap();
        assert_eq!(cs.len(), case.n_conversations as usize, "{}", case.case_id);
        let names: BTreeSet<&str> = cs.iter().map(|c| c.username.as_str()).collect();
        assert_eq!(names.len(), cs.len(), "usernames of {}", case.case_id);
        assert!(cs[0].started_at.starts_with(&case.first_contact()));
        for c in cs {
            assert!(c.started_at.starts_with(&case.year.to_string()));
            assert!(c.started_at >= cs[0].started_at);
            assert_eq!(c.channel, case.channel);
        }
    }
}

fn first<'a>(convs: &'a BTreeMap<String, Vec<&Conversation>>, case: &Case) -> &'a Conversation {
    convs[&case.case_id][0]
}

#[test]
fn ages_and_intake() {
    let demo = demo();
    let convs = by_case(demo);
    let (mut corrected, mut empty) = (0, 0);
    for case in demo.cases.iter().filter(|c| c.included) {
        let c = first(&convs, case);
        let said = numbers(&visitor_text(c));
        if let Some(age) = case.victim_age {
            assert!(
                said.contains(&age),
                "{}: age {age} not in the text",
                case.case_id
            );
        }
        if case.victim_chats() {
            assert_eq!(
                c.intake.gender.as_deref(),
                case.victim_gender,
                "{}",
                case.case_id
            );
            match (c.intake.age, case.victim_age) {
                (Some(a), Some(v)) if a != v => {
                    // Corrected in the text: the true age is said (checked above).
                    corrected += 1;
                }
                (Some(_), None) => panic!("{}: intake age without a coded age", case.case_id),
                (None, Some(_)) => empty += 1,
                _ => {}
            }
        } else if let Some(g) = &c.intake.gender {
            // The chatter's own gender, not necessarily the victim's.
            assert!(["female", "male", "neutral"].contains(&g.as_str()));
        }
    }
    assert!(corrected > 10, "{corrected} corrected ages");
    assert!(empty > 10, "{empty} empty intake ages");
}

#[test]
fn excluded_cases_never_talk_about_trafficking() {
    let demo = demo();
    let convs = by_case(demo);
    for case in demo.cases.iter().filter(|c| !c.included) {
        for c in &convs[&case.case_id] {
            for m in &c.messages {
                let t = m.text.to_lowercase();
                for marker in lines::TRAFFICKING_MARKERS {
                    assert!(!t.contains(marker), "{}: `{marker}` in {t:?}", case.case_id);
                }
            }
        }
    }
    // Included chats do talk about it.
    let with_marker = demo
        .cases
        .iter()
        .filter(|c| c.included && c.language == "nl")
        .filter(|case| {
            let t = visitor_text(first(&convs, case)).to_lowercase();
            lines::TRAFFICKING_MARKERS.iter().any(|m| t.contains(m)) || t.contains("mannen")
        })
        .count();
    let dutch = demo
        .cases
        .iter()
        .filter(|c| c.included && c.language == "nl")
        .count();
    assert!(with_marker * 10 >= dutch * 9, "{with_marker} of {dutch}");
}

#[test]
fn safety_and_language_show_in_the_chat() {
    let demo = demo();
    let convs = by_case(demo);
    for case in demo.cases.iter().filter(|c| c.included) {
        let c = first(&convs, case);
        let counsellor: Vec<&str> = c
            .messages
            .iter()
            .filter(|m| m.from == From::Counsellor)
            .map(|m| m.text.as_str())
            .collect();
        if case.language == "other" {
            assert!(counsellor.contains(&lines::EN_WELCOME), "{}", case.case_id);
            continue;
        }
        if case.acutely_unsafe.is_some() {
            assert!(
                counsellor.iter().any(|t| t.contains("veilig")),
                "{}: safety not asked",
                case.case_id
            );
        }
        if case.acutely_unsafe == Some(true) {
            assert!(
                counsellor
                    .iter()
                    .any(|t| lines::ADVICE_ACUTE.contains(t)
                        || lines::ADVICE_ACUTE_OTHER.contains(t)),
                "{}: no safety advice",
                case.case_id
            );
        }
        assert!(counsellor_says(c, lines::GOODBYE));
    }
}

#[test]
fn linked_conversations_share_story_facts() {
    let demo = demo();
    let convs = by_case(demo);
    let mut linked = 0;
    for case in demo
        .cases
        .iter()
        .filter(|c| c.included && c.n_conversations > 1 && c.language == "nl")
    {
        let cs = &convs[&case.case_id];
        // Words of 4+ letters the first and a later conversation share beyond the phrase banks.
        let words = |c: &Conversation| -> BTreeSet<String> {
            visitor_text(c)
                .to_lowercase()
                .split(|ch: char| !ch.is_alphanumeric())
                .filter(|w| w.chars().count() >= 4)
                .map(str::to_string)
                .collect()
        };
        let a = words(cs[0]);
        for later in &cs[1..] {
            let b = words(later);
            let shared: Vec<_> = a.intersection(&b).collect();
            assert!(
                shared.len() >= 3,
                "{} {:?}\n{}\n--\n{}",
                case.case_id,
                shared,
                visitor_text(cs[0]),
                visitor_text(later)
            );
        }
        linked += 1;
    }
    assert!(linked >= 40);
}

#[test]
fn every_case_reads_back_valid() {
    let book = Codebook::embedded().unwrap();
    let demo = demo();
    let records: Vec<_> = demo.cases.iter().map(|c| c.record(&book)).collect();
    let mut buf = Vec::new();
    zicht_cases::write_records(&book, &records, &mut buf).unwrap();
    let table = zicht_cases::read_reader(buf.as_slice(), "demo.csv", &book).unwrap();
    assert_eq!(table.len(), demo.cases.len());
}
