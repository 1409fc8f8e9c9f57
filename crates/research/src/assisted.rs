//! Assisted coding (zicht-suggest) as the research workspace uses it: page suggestions and linking facts.
//!
//! [`suggester`] builds the suggester the workspace uses: the rules and the
//! learned layer shipped with zicht-suggest, the same as the console's (rules
//! alone when no model is shipped). [`suggest_fn`] turns a [`Suggester`] into
//! the [`SuggestFn`] of the coding page, with values written as `cases.csv`
//! writes them (yes/no as `1`/`0`, set items joined by commas) and a mark on
//! what the model found. [`add_coded_facts`] puts the story facts that
//! assisted coding finds (perpetrator relation, platform, exploitation form,
//! age) into a linking profile, so that two conversations telling the same
//! story get the credit for it even when their wording differs.

use std::sync::Arc;

use zicht_codebook::{Codebook, Kind};
use zicht_conversations::Conversation;
use zicht_suggest::{Suggester, Suggestions, Value};

use crate::linking::Profile;

/// One span of a message that supports a suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// 0-based index into the conversation's messages.
    pub message: usize,
    /// Unicode scalar offsets.
    pub start: usize,
    pub end: usize,
}

/// A suggestion as the coding page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuggestionView {
    /// A variable name, or a set name.
    pub variable: String,
    /// The raw value as `cases.csv` writes it; for a set the item codes joined by commas.
    pub value: String,
    pub evidence: Vec<Span>,
    /// The value comes from the visitor's intake (age, gender); the evidence
    /// only shows who the intake is about, not the value itself.
    pub from_intake: bool,
    /// The learned layer found the value (or some of a set's items): the evidence
    /// is the words that weighed most for it, not a rule's match.
    pub from_model: bool,
}

/// Assisted coding as the pages use it: suggestions for one conversation.
pub type SuggestFn = Arc<dyn Fn(&Conversation) -> Vec<SuggestionView> + Send + Sync>;

/// A suggestion's value as `cases.csv` writes it.
fn raw_value(book: &Codebook, variable: &str, value: &Value) -> String {
    match value {
        Value::Code(c) => match book.variable(variable).map(|v| v.kind) {
            Some(Kind::YesNo) if c == "yes" => "1".to_string(),
            Some(Kind::YesNo) if c == "no" => "0".to_string(),
            _ => c.clone(),
        },
        Value::Integer(n) => n.to_string(),
        Value::Items(items) => items.join(","),
    }
}

/// The suggestions of one conversation as the coding page shows them.
pub fn views(book: &Codebook, s: &Suggestions) -> Vec<SuggestionView> {
    s.suggestions
        .iter()
        .map(|(variable, sug)| SuggestionView {
            variable: variable.clone(),
            value: raw_value(book, variable, &sug.value),
            evidence: sug
                .evidence
                .iter()
                .map(|e| Span {
                    message: e.message,
                    start: e.start,
                    end: e.end,
                })
                .collect(),
            from_intake: sug.source == Some("intake"),
            from_model: sug.source == Some("model") || !sug.model_items.is_empty(),
        })
        .collect()
}

/// The suggester of the research workspace: the embedded lexicon's rules with the
/// learned layer shipped in zicht-suggest (`model/nl.tsv`), as in the console.
pub fn suggester(book: Codebook) -> Result<Suggester, zicht_suggest::SuggestError> {
    Suggester::with_embedded_model(book)
}

/// Assisted coding for the coding page.
pub fn suggest_fn(suggester: Suggester) -> SuggestFn {
    let suggester = Arc::new(suggester);
    Arc::new(move |c: &Conversation| views(suggester.codebook(), &suggester.suggest(c)))
}

/// The codebook variables whose suggested values are story facts for linking.
pub const STORY_VARIABLES: &[&str] = &[
    "perpetrator",
    "perpetrator_family",
    "perpetrator_social",
    "met_platform",
    "exploitation",
    "victim_age",
];

/// Adds the story facts assisted coding finds in the conversation to its profile.
pub fn add_coded_facts(profile: &mut Profile, suggester: &Suggester, c: &Conversation) {
    let s = suggester.suggest(c);
    for (variable, sug) in &s.suggestions {
        if STORY_VARIABLES.contains(&variable.as_str()) {
            let raw = raw_value(suggester.codebook(), variable, &sug.value);
            profile.facts.add_coded(variable, &raw);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_from_the_intake_is_marked_as_such() -> Result<(), Box<dyn std::error::Error>> {
        let book = Codebook::embedded()?;
        let suggest = suggest_fn(suggester(book)?);
        let c = Conversation {
            conversation_id: "c1".into(),
            channel: "fier".into(),
            username: "x".into(),
            started_at: "2022-03-01T20:00:00Z".into(),
            intake: zicht_conversations::Intake {
                age: Some(17),
                gender: Some("female".into()),
            },
            flags: zicht_conversations::Flags::default(),
            messages: vec![zicht_conversations::Message {
                at: "2022-03-01T20:01:00Z".into(),
                from: zicht_conversations::From::Visitor,
                text: "ik moet met mannen mee voor geld van mijn vriend".into(),
            }],
            extra: serde_json::Map::new(),
        };
        let views = suggest(&c);
        let gender = views
            .iter()
            .find(|v| v.variable == "victim_gender")
            .ok_or("no gender suggested")?;
        assert!(gender.from_intake, "{views:?}");
        let exploitation = views
            .iter()
            .find(|v| v.variable == "exploitation")
            .ok_or("no exploitation suggested")?;
        assert!(!exploitation.from_intake);
        Ok(())
    }

    #[test]
    fn the_workspace_suggests_with_the_shipped_model_and_says_so()
    -> Result<(), Box<dyn std::error::Error>> {
        let book = Codebook::embedded()?;
        let c = Conversation {
            conversation_id: "c2".into(),
            channel: "fier".into(),
            username: "y".into(),
            started_at: "2022-03-01T20:00:00Z".into(),
            intake: zicht_conversations::Intake {
                age: Some(18),
                gender: Some("female".into()),
            },
            flags: zicht_conversations::Flags::default(),
            messages: vec![zicht_conversations::Message {
                at: "2022-03-01T20:01:00Z".into(),
                from: zicht_conversations::From::Visitor,
                // (Round 12's model no longer reads the English chat this test had, "my
                // boyfriend makes me meet guys for money": a labour story it does read.)
                text: "mijn baas heeft mijn paspoort en ik moet 70 uur werken voor 3 euro per uur, ik heb een schuld bij hem".into(),
            }],
            extra: serde_json::Map::new(),
        };
        let with_model = suggester(book.clone())?;
        assert!(with_model.model().is_some(), "no model shipped");
        let views = suggest_fn(with_model)(&c);
        let found = views.iter().filter(|v| v.from_model).collect::<Vec<_>>();
        assert!(!found.is_empty(), "{views:?}");
        assert!(found.iter().all(|v| !v.evidence.is_empty()), "{views:?}");
        // The rules alone find none of it and mark nothing as the model's.
        let rules = suggest_fn(Suggester::new(book)?)(&c);
        assert!(rules.iter().all(|v| !v.from_model), "{rules:?}");
        assert!(
            found.iter().any(|f| !rules
                .iter()
                .any(|r| r.variable == f.variable && r.value == f.value)),
            "{views:?} {rules:?}"
        );
        Ok(())
    }

    #[test]
    fn yes_no_and_sets_are_written_as_in_cases_csv() -> Result<(), Box<dyn std::error::Error>> {
        let book = Codebook::embedded()?;
        assert_eq!(
            raw_value(&book, "acutely_unsafe", &Value::Code("yes".into())),
            "1"
        );
        assert_eq!(
            raw_value(&book, "acutely_unsafe", &Value::Code("no".into())),
            "0"
        );
        assert_eq!(
            raw_value(&book, "perpetrator", &Value::Code("family".into())),
            "family"
        );
        assert_eq!(raw_value(&book, "victim_age", &Value::Integer(15)), "15");
        assert_eq!(
            raw_value(
                &book,
                "coercion",
                &Value::Items(vec!["violence".into(), "lvb".into()])
            ),
            "violence,lvb"
        );
        Ok(())
    }
}
