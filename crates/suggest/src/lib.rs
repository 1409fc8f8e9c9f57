//! Assisted coding: reads Dutch chat transcripts and proposes codebook values, each with evidence.
//!
//! [`Suggester`] holds the codebook and the compiled lexicon (`lexicon/nl.toml`);
//! [`Suggester::suggest`] turns one [`Conversation`] into [`Suggestions`]
//! (formats.md section 6). Every value is a code of the codebook and passes its
//! conditions; a variable the text does not settle is left out. [`eval`] scores
//! suggestions against expected codes; [`render`] writes JSON lines and the
//! Dutch summary.

pub mod eval;
pub mod lexicon;
pub mod render;
mod rules;
pub mod text;

use serde::Serialize;
use zicht_codebook::{Codebook, Kind};
use zicht_conversations::Conversation;

pub use lexicon::Lexicon;

/// The variables and multiple-response sets the rules may suggest; the evaluation
/// scores these columns only. Left out: identifiers and metadata of the chat
/// (`case_id`, `year`, `first_contact`, `channel`, `n_conversations`, `language`)
/// and `client_should_have_known`, which is the researchers' judgement.
pub const SUGGESTED: [&str; 24] = [
    "status",
    "exclusion_reason",
    "referral",
    "chatter",
    "exploitation",
    "both_onset",
    "victim_gender",
    "victim_age",
    "first_disclosure",
    "acutely_unsafe",
    "time_since",
    "duration",
    "met",
    "met_platform",
    "perpetrator",
    "perpetrator_family",
    "perpetrator_social",
    "multiple_perpetrators",
    "multiple_victims",
    "client_knew",
    "coercion",
    "violence",
    "crime",
    "client_ind",
];

/// Why a suggester could not be built or an evaluation could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SuggestError {
    #[error("lexicon: {0}")]
    Lexicon(String),
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Expected {
        path: String,
        line: usize,
        message: String,
    },
}

/// One piece of evidence: a span of one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// 0-based index into `messages`.
    pub message: usize,
    /// Unicode scalar offset of the first character.
    pub start: usize,
    /// Unicode scalar offset one past the last character.
    pub end: usize,
    /// The quoted words.
    pub text: String,
}

/// A suggested value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Code(String),
    Integer(i64),
    Items(Vec<String>),
}

impl Value {
    /// The value as a code, if it is one.
    pub fn as_code(&self) -> Option<&str> {
        match self {
            Value::Code(c) => Some(c),
            _ => None,
        }
    }
}

/// One suggestion for one variable or multiple-response set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub value: Value,
    pub evidence: Vec<Evidence>,
    /// `intake` when the value comes from the intake form (the evidence then shows why
    /// the intake describes the victim); absent when it comes from the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'static str>,
}

/// The suggestions for one conversation, in codebook order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestions {
    pub conversation_id: String,
    #[serde(serialize_with = "serialize_ordered")]
    pub suggestions: Vec<(String, Suggestion)>,
}

fn serialize_ordered<S: serde::Serializer>(
    v: &[(String, Suggestion)],
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(v.len()))?;
    for (k, x) in v {
        m.serialize_entry(k, x)?;
    }
    m.end()
}

impl Suggestions {
    /// The suggestion for a variable or set name.
    pub fn get(&self, name: &str) -> Option<&Suggestion> {
        self.suggestions
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, s)| s)
    }
}

/// Reads transcripts and proposes codes.
#[derive(Debug)]
pub struct Suggester {
    book: Codebook,
    lex: Lexicon,
}

impl Suggester {
    /// A suggester with the embedded lexicon.
    pub fn new(book: Codebook) -> Result<Suggester, SuggestError> {
        let lex = Lexicon::embedded(&book)?;
        Ok(Suggester { book, lex })
    }

    /// A suggester with another lexicon (TOML text in the format of `lexicon/nl.toml`).
    pub fn with_lexicon(book: Codebook, lexicon_toml: &str) -> Result<Suggester, SuggestError> {
        let lex = Lexicon::from_toml_str(lexicon_toml, &book)?;
        Ok(Suggester { book, lex })
    }

    pub fn codebook(&self) -> &Codebook {
        &self.book
    }

    /// The suggestions for one conversation.
    pub fn suggest(&self, conv: &Conversation) -> Suggestions {
        let raw = rules::analyse(conv, &self.lex);
        Suggestions {
            conversation_id: conv.conversation_id.clone(),
            suggestions: self.validate(raw),
        }
    }

    /// Keeps what the codebook allows, in codebook order: known names, known codes,
    /// integers within range, conditions that hold.
    fn validate(&self, mut raw: Vec<(&'static str, Suggestion)>) -> Vec<(String, Suggestion)> {
        let codes: Vec<(&'static str, Option<String>)> = raw
            .iter()
            .map(|(k, s)| (*k, s.value.as_code().map(str::to_string)))
            .collect();
        let code_of = |name: &str| -> Option<String> {
            codes
                .iter()
                .find(|(k, _)| *k == name)
                .and_then(|(_, c)| c.clone())
        };
        let mut take = |name: &str| -> Option<Suggestion> {
            let i = raw.iter().position(|(k, _)| *k == name)?;
            Some(raw.swap_remove(i).1)
        };
        let mut out = Vec::new();
        for var in &self.book.variables {
            let Some(s) = take(&var.name) else {
                continue;
            };
            let ok = match (&s.value, var.kind) {
                (Value::Code(c), Kind::Code) => var.code(c).is_some(),
                (Value::Code(c), Kind::YesNo) => c == "yes" || c == "no",
                (Value::Integer(n), Kind::Integer) => {
                    var.min.is_none_or(|m| *n >= m) && var.max.is_none_or(|m| *n <= m)
                }
                _ => false,
            };
            let cond = var
                .condition
                .as_ref()
                .is_none_or(|c| c.holds(code_of(&c.variable).as_deref()));
            if ok && cond && !s.evidence.is_empty() {
                out.push((var.name.clone(), s));
            }
        }
        for set in &self.book.sets {
            let Some(s) = take(&set.name) else {
                continue;
            };
            let Value::Items(items) = &s.value else {
                continue;
            };
            let cond = set
                .condition
                .as_ref()
                .is_none_or(|c| c.holds(code_of(&c.variable).as_deref()));
            let kept: Vec<String> = set
                .items
                .iter()
                .filter(|i| items.contains(&i.code))
                .map(|i| i.code.clone())
                .collect();
            if cond && !kept.is_empty() && !s.evidence.is_empty() {
                out.push((
                    set.name.clone(),
                    Suggestion {
                        value: Value::Items(kept),
                        evidence: s.evidence,
                        source: s.source,
                    },
                ));
            }
        }
        out
    }
}
