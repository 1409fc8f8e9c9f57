//! Helpers shared by the suggester's integration tests: the embedded suggester, a chat built from visitor and counsellor lines, and readers of one suggested value.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use zicht_codebook::Codebook;
use zicht_conversations::{Conversation, Flags, From, Intake, Message};
use zicht_suggest::{Suggester, Suggestions, Value};

/// The rules alone with the embedded codebook (`zicht suggest` without a model).
pub fn suggester() -> Suggester {
    Suggester::new(Codebook::embedded().unwrap()).unwrap()
}

/// The rules and the shipped model, as the console and the research workspace use them.
pub fn suggester_with_model() -> Suggester {
    Suggester::with_embedded_model(Codebook::embedded().unwrap()).unwrap()
}

pub fn chat(intake: Intake, lines: &[(&str, &str)]) -> Conversation {
    Conversation {
        conversation_id: "t-1".into(),
        channel: "fier".into(),
        username: "test".into(),
        started_at: "2026-01-01T20:00:00Z".into(),
        intake,
        flags: Flags::default(),
        messages: lines
            .iter()
            .map(|(who, text)| Message {
                at: "2026-01-01T20:00:10Z".into(),
                from: if *who == "v" {
                    From::Visitor
                } else {
                    From::Counsellor
                },
                text: (*text).into(),
            })
            .collect(),
        extra: serde_json::Map::new(),
    }
}

pub fn code(s: &Suggestions, name: &str) -> Option<String> {
    s.get(name)
        .and_then(|x| x.value.as_code().map(str::to_string))
}

/// The suggested `victim_age`, if any.
pub fn age(s: &Suggestions) -> Option<i64> {
    match s.get("victim_age").map(|x| &x.value) {
        Some(Value::Integer(a)) => Some(*a),
        _ => None,
    }
}

/// The age the rules read where the visitor corrects an age: never suggested, only noted
/// for the coder (`Withheld`). Asserts that no age is suggested.
pub fn corrected_age(s: &Suggester, c: &Conversation) -> Option<i64> {
    let (sug, held) = s.suggest_noting(c);
    assert_eq!(age(&sug), None, "a corrected age is never suggested");
    match held.victim_age.map(|x| x.value) {
        Some(Value::Integer(a)) => Some(a),
        _ => None,
    }
}

pub fn items(s: &Suggestions, name: &str) -> Vec<String> {
    match s.get(name).map(|x| &x.value) {
        Some(Value::Items(i)) => i.clone(),
        _ => Vec::new(),
    }
}

pub fn intake(age: u32, gender: &str) -> Intake {
    Intake {
        age: Some(age),
        gender: Some(gender.into()),
    }
}

pub fn girl(age: u32) -> Intake {
    intake(age, "female")
}

pub fn boy(age: u32) -> Intake {
    intake(age, "male")
}

/// An intake with a gender and no age (the form leaves age empty unless filled in).
pub fn intake_gender_only(gender: &str) -> Intake {
    Intake {
        age: None,
        gender: Some(gender.into()),
    }
}
