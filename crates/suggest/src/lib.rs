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
pub mod model;
pub mod normal;
pub mod render;
mod rules;
pub mod text;

use serde::Serialize;
use zicht_codebook::{Codebook, Kind};
use zicht_conversations::Conversation;

pub use lexicon::Lexicon;
pub use model::{Model, Scores};

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

/// The name under which the rules offer `chatter = victim` as a fallback: the visitor
/// speaks in the first person and names no third party. [`derive`] takes it only when
/// the chat turns out to be about exploitation; it never reaches the output.
pub(crate) const FALLBACK_CHATTER: &str = "~chatter";

/// The name under which the rules offer a chatter from the visitor's opening words when
/// they settle none themselves: a woman who opens with "mn vriend" chats about her
/// boyfriend (`partner`), one who opens with "mn vriendin" about a friend (`social`), a man
/// who opens with "mn vriendin" about his girlfriend (`partner`). [`derive`] takes it only
/// for an included chat whose chatter neither the rules, their fallback nor the model
/// settled (round 50), and then a third party's age only with a gender; it never reaches
/// the output.
pub(crate) const FRIEND_OPENING: &str = "~friend_opening";

/// The name under which the rules say the visitor denies exploitation ("niemand dwingt
/// me", "ik werk zelfstandig"): [`derive`] then drops an `included` status and the form.
pub(crate) const NO_EXPLOITATION: &str = "~no_exploitation";

/// The name under which the rules say the counsellor asked how old someone other than the
/// visitor is ("Weet u hoe oud ze is?"): [`derive`] then gives the victim no intake age.
pub(crate) const OTHER_AGE_ASKED: &str = "~other_age_asked";

/// The name under which the rules say the visitor tells someone else's story (a third
/// party named as the one it is about, an account told about her or him): [`derive`] then
/// takes neither the intake's age nor its gender as the victim's.
pub(crate) const THIRD_PARTY_STORY: &str = "~third_party_story";

/// The name under which the rules say that what the chat is about has not happened yet
/// ("Ben je al gegaan?" "nee", "er is nog niks gebeurd"): [`derive`] then gives the victim
/// no intake age (a chat about something that has not happened carries no age), and no
/// `time_since` or `acutely_unsafe`.
pub(crate) const NOT_YET: &str = "~not_yet";

/// The name under which the rules keep a third party's age aside when they did not settle
/// who chats ("ze is 16", "mijn zoon van 14"): [`derive`] gives it as the victim's age
/// only when the chatter turns out to be a third party (the learned layer's reading), the
/// chat is about exploitation, and the victim's gender is known and agrees with
/// [`THIRD_AGE_GENDER`]; it never reaches the output.
pub(crate) const THIRD_AGE: &str = "~third_age";

/// The name under which the rules say the visitor's own age in the text is years apart from
/// the intake's: [`derive`] then gives no intake age (when unsure, no age).
pub(crate) const AGE_CONFLICT: &str = "~age_conflict";

/// The name under which the rules repeat their own reading of who chats (only with a learned
/// layer): when the learned layer overturns it, [`derive`] drops the victim's age and gender the rules bound by that
/// reading (a client's own "ik ben 31" read by the rules as the victim's, n3-084).
pub(crate) const RULES_CHATTER: &str = "~rules_chatter";

/// The gender of the person the age of [`THIRD_AGE`] was said with, when known.
pub(crate) const THIRD_AGE_GENDER: &str = "~third_age_gender";

/// The name under which the rules keep the age of the oldest other person said in the chat
/// ("een vriend van 24", "hij is 26") when they set no age gap themselves: [`derive`] adds
/// the coercion `age_gap` when the victim's age it ends with makes the gap (a minor and
/// someone of 20 or more, an adult and someone 12 or more years older) and the perpetrator
/// is not family; it never reaches the output.
pub(crate) const ELDER_AGE: &str = "~elder_age";

/// The name under which the rules keep the victim's age when it began, if a minor's
/// ("toen ik 15 was", "van mn 16e"), beside [`ELDER_AGE`]: [`derive`] weighs the age gap
/// by the younger of it and the victim's age now (the life stages at the time); it never
/// reaches the output.
pub(crate) const AGE_THEN: &str = "~age_then";

/// The name under which the rules keep each age the visitor corrects, both the one taken
/// back and the one put in its place: two numbers a year to three apart within twelve of
/// the visitor's words, with a word of correction between them ("nee", "eigenlijk",
/// "sorry", "wacht", "bedoel", "typo", "nou", "eerlijk", "oeps"), her messages read as one
/// (so "16" and then "nee 15 sorry typo" count). A suggested age among them is never
/// suggested: [`Suggester::suggest_noting`] keeps it aside ([`Withheld`]).
///
/// On each round's fresh test the reading of a correction was right about half the time:
/// every set brought its own way of saying it ("ik ben 23, nou eigenlijk 22 ik word
/// volgende week 23", "16" "nee 15 sorry typo", test-an), and 11 of the 36 ages without
/// support on test-aa to test-an were of this kind. Over all corpus files the rules read 63
/// such ages right and 2 wrong after round 40; the 63 are the price, paid in recall, of
/// never suggesting a wrong one of this kind.
pub(crate) const CORRECTED_AGE: &str = "~corrected_age";

/// The name under which the learned layer says it vetoed a variable of the rules whose veto
/// holds (`model::VETO_HOLDS`, and `included` below `model::STATUS_HOLD`): [`derive`] then
/// does not put it back from another value; it never reaches the output.
pub(crate) const VETOED: &str = "~vetoed";

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
    /// Items of a multiple-response set that the learned layer added to the rules' items
    /// (their evidence is among `evidence`); when the model found the whole value, `source`
    /// is `model` instead.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub model_items: Vec<String>,
    /// For a multiple-response set: each item's own evidence (each a part of `evidence`), so that
    /// a reader who shows one item quotes only its words (the console's category "online abuse"
    /// from the item `sextortion`, not the debt of `debt_bondage` beside it). Not written out.
    #[serde(skip)]
    pub item_evidence: Vec<(String, Vec<Evidence>)>,
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

/// What the suggester read in a chat but does not suggest: the coder decides. Not part of
/// the JSON output (formats.md, section 6: what the text does not settle is left out).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Withheld {
    /// The victim's age where the visitor corrects an age ("16" "nee 15 sorry typo"): the
    /// rules' reading of the correction, with its evidence, never suggested (see
    /// `CORRECTED_AGE`).
    pub victim_age: Option<Suggestion>,
}

/// The list a chat's suggestions go into, made before the chat is read: a list of eight or
/// more is a large allocation, which makes the allocator consolidate the small blocks it
/// holds freed; made at the end of a chat, it found all the chat's freed temporaries there
/// (callgrind of the rules path on the evaluation chats: 575M instructions with the list
/// made at the end, 549M with it made first). Room for every suggested variable and set,
/// trimmed to what is kept at the end.
fn output() -> Vec<(String, Suggestion)> {
    Vec::with_capacity(SUGGESTED.len())
}

thread_local! {
    /// The validated suggestions of [`Suggester::finish`], reused between chats.
    static VALID: std::cell::RefCell<Vec<(&'static str, Suggestion)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Reads transcripts and proposes codes.
#[derive(Debug)]
pub struct Suggester {
    book: Codebook,
    lex: Lexicon,
    model: Option<Model>,
}

impl Suggester {
    /// A suggester with the embedded lexicon.
    pub fn new(book: Codebook) -> Result<Suggester, SuggestError> {
        let lex = Lexicon::embedded(&book)?;
        Ok(Suggester {
            book,
            lex,
            model: None,
        })
    }

    /// A suggester with another lexicon (TOML text in the format of `lexicon/nl.toml`).
    pub fn with_lexicon(book: Codebook, lexicon_toml: &str) -> Result<Suggester, SuggestError> {
        let lex = Lexicon::from_toml_str(lexicon_toml, &book)?;
        Ok(Suggester {
            book,
            lex,
            model: None,
        })
    }

    /// Adds the learned layer (see [`model`]); `None` keeps the rules alone.
    pub fn set_model(&mut self, model: Option<Model>) {
        self.model = model;
    }

    /// The learned layer, if any.
    pub fn model(&self) -> Option<&Model> {
        self.model.as_ref()
    }

    /// A suggester with the embedded lexicon and the shipped model (rules alone when
    /// the crate ships no model).
    pub fn with_embedded_model(book: Codebook) -> Result<Suggester, SuggestError> {
        let model = Model::embedded(&book)?;
        let mut s = Suggester::new(book)?;
        s.model = model;
        Ok(s)
    }

    pub fn codebook(&self) -> &Codebook {
        &self.book
    }

    /// The suggestions for one conversation.
    pub fn suggest(&self, conv: &Conversation) -> Suggestions {
        self.suggest_noting(conv).0
    }

    /// The suggestions for one conversation, and what was read but is not suggested
    /// ([`Withheld`]), for a reader who shows it as a hint to check by hand.
    pub fn suggest_noting(&self, conv: &Conversation) -> (Suggestions, Withheld) {
        let out = output();
        let mut raw = rules::analyse(conv, &self.lex, self.model.is_some());
        if let Some(m) = &self.model {
            let sc = m.score(conv);
            m.apply(&self.book, conv, &sc, &mut raw, &|c| m.thresholds(c));
        }
        self.finish(conv, raw, out)
    }

    /// The suggestions with the model's thresholds set to `add` and `veto` in every column
    /// (for calibration; the rules alone without a model).
    pub fn suggest_at(&self, conv: &Conversation, add: f32, veto: f32) -> Suggestions {
        let out = output();
        let mut raw = rules::analyse(conv, &self.lex, self.model.is_some());
        if let Some(m) = &self.model {
            let sc = m.score(conv);
            m.apply(&self.book, conv, &sc, &mut raw, &|_| (add, veto));
        }
        self.finish(conv, raw, out).0
    }

    /// The rules' suggestions and the model's scores of a chat, for trying thresholds
    /// without scoring again ([`Suggester::combine`]).
    pub fn parts(&self, conv: &Conversation) -> (Vec<(&'static str, Suggestion)>, Option<Scores>) {
        (
            rules::analyse(conv, &self.lex, self.model.is_some()),
            self.model.as_ref().map(|m| m.score(conv)),
        )
    }

    /// Combines the parts of [`Suggester::parts`] at the thresholds `th` gives each column.
    pub fn combine(
        &self,
        conv: &Conversation,
        raw: &[(&'static str, Suggestion)],
        scores: Option<&Scores>,
        th: model::Thresholds,
    ) -> Suggestions {
        let out = output();
        let mut raw = raw.to_vec();
        if let (Some(m), Some(sc)) = (&self.model, scores) {
            m.apply(&self.book, conv, sc, &mut raw, th);
        }
        self.finish(conv, raw, out).0
    }

    fn finish(
        &self,
        conv: &Conversation,
        mut raw: Vec<(&'static str, Suggestion)>,
        mut out: Vec<(String, Suggestion)>,
    ) -> (Suggestions, Withheld) {
        derive(conv, &mut raw);
        // An age the visitor corrects is left to the coder ([`CORRECTED_AGE`]).
        let mut held = Withheld::default();
        if let Some(i) = raw.iter().position(|(k, _)| *k == "victim_age")
            && let Some((_, s)) = raw.get(i)
            && raw
                .iter()
                .any(|(k, c)| *k == CORRECTED_AGE && c.value == s.value)
        {
            let mut age = raw.swap_remove(i).1;
            // Her words of the correction too, both numbers ("ik ben 16" and "nee sorry 15",
            // walk42): whoever reads the hint sees what she said first and what after.
            for (_, c) in raw.iter().filter(|(k, _)| *k == CORRECTED_AGE) {
                for e in &c.evidence {
                    if !age
                        .evidence
                        .iter()
                        .any(|x| x.message == e.message && x.start <= e.start && x.end >= e.end)
                    {
                        age.evidence.push(e.clone());
                    }
                }
            }
            age.evidence.sort_by_key(|e| (e.message, e.start));
            held.victim_age = Some(age);
        }
        raw.retain(|(k, _)| *k != CORRECTED_AGE);
        let sug = Suggestions {
            conversation_id: conv.conversation_id.clone(),
            suggestions: {
                // Validated in a list reused between chats, then moved into the one made
                // before the chat was read ([`output`]); the names become strings only
                // then, for what the conventions kept.
                let mut list = VALID.with(|v| std::mem::take(&mut *v.borrow_mut()));
                self.validate(raw, &mut list);
                conventions(&mut list);
                out.extend(list.drain(..).map(|(k, s)| (k.to_string(), s)));
                out.shrink_to_fit();
                VALID.with(|v| *v.borrow_mut() = list);
                out
            },
        };
        // Only what the conventions would have kept (no age in an excluded chat).
        if held.victim_age.is_some()
            && sug.get("status").and_then(|s| s.value.as_code()) != Some("included")
            && sug
                .get("chatter")
                .and_then(|s| s.value.as_code())
                .is_none_or(|c| c == "victim")
        {
            held.victim_age = None;
        }
        (sug, held)
    }

    /// Keeps what the codebook allows, in codebook order: known names, known codes,
    /// integers within range, conditions that hold.
    fn validate(
        &self,
        mut raw: Vec<(&'static str, Suggestion)>,
        out: &mut Vec<(&'static str, Suggestion)>,
    ) {
        // The codes as they are before any is taken, copied into one buffer (of their
        // length: one allocation).
        let mut buf = String::with_capacity(
            raw.iter()
                .filter_map(|(_, s)| s.value.as_code())
                .map(str::len)
                .sum(),
        );
        let codes: Vec<(&'static str, Option<(usize, usize)>)> = raw
            .iter()
            .map(|(k, s)| {
                let span = s.value.as_code().map(|c| {
                    let a = buf.len();
                    buf.push_str(c);
                    (a, buf.len())
                });
                (*k, span)
            })
            .collect();
        let code_of = |name: &str| -> Option<&str> {
            codes
                .iter()
                .find(|(k, _)| *k == name)
                .and_then(|(_, c)| c.and_then(|(a, b)| buf.get(a..b)))
        };
        // (The name as the rules spelt it: the same as the codebook's.) Most of the codebook's
        // names are not in the list: a bit per name's length and first byte rules them out
        // before the list is searched (the list only loses names, so a bit stays true).
        let present = raw.iter().fold(0u64, |m, (k, _)| m | name_bit(k));
        let mut take = |name: &str| -> Option<(&'static str, Suggestion)> {
            if present & name_bit(name) == 0 {
                return None;
            }
            let i = raw.iter().position(|(k, _)| *k == name)?;
            Some(raw.swap_remove(i))
        };
        for var in &self.book.variables {
            let Some((name, s)) = take(&var.name) else {
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
                .is_none_or(|c| c.holds(code_of(&c.variable)));
            if ok && cond && !s.evidence.is_empty() {
                out.push((name, s));
            }
        }
        for set in &self.book.sets {
            let Some((name, s)) = take(&set.name) else {
                continue;
            };
            let Suggestion {
                value: Value::Items(mut items),
                evidence,
                source,
                model_items,
                item_evidence,
            } = s
            else {
                continue;
            };
            let cond = set
                .condition
                .as_ref()
                .is_none_or(|c| c.holds(code_of(&c.variable)));
            if !cond || evidence.is_empty() {
                continue;
            }
            // The set's items in codebook order, each moved out of the rules' list.
            let kept: Vec<String> = set
                .items
                .iter()
                .filter_map(|i| {
                    let at = items.iter().position(|x| *x == i.code)?;
                    items.get_mut(at).map(std::mem::take)
                })
                .collect();
            if !kept.is_empty() {
                out.push((
                    name,
                    Suggestion {
                        item_evidence: item_evidence
                            .into_iter()
                            .filter(|(c, _)| kept.contains(c))
                            .collect(),
                        value: Value::Items(kept),
                        evidence,
                        source,
                        model_items,
                    },
                ));
            }
        }
        rules::recycle(raw);
    }
}

/// A bit for a variable's name, by its length and first byte: two names with different
/// bits differ ([`Suggester::validate`]).
fn name_bit(name: &str) -> u64 {
    let first = name.as_bytes().first().map_or(0, |&b| u64::from(b));
    1 << ((first ^ (name.len() as u64).wrapping_mul(7)) & 63)
}

/// The coding conventions about what a chat without exploitation carries: an excluded
/// chat only its status and reason; a chat without status only a third party's
/// chatter and victim gender and age (nothing when the visitor is the victim).
fn conventions(list: &mut Vec<(&'static str, Suggestion)>) {
    fn code<'a>(list: &'a [(&'static str, Suggestion)], name: &str) -> Option<&'a str> {
        list.iter()
            .find(|(k, _)| *k == name)
            .and_then(|(_, s)| s.value.as_code())
    }
    // (Read before the list changes: no copy of the codes.)
    let status = code(list, "status").map(|c| c == "excluded");
    match status {
        Some(true) => list.retain(|(k, _)| *k == "status" || *k == "exclusion_reason"),
        Some(false) => {}
        None => {
            let third = code(list, "chatter").is_some_and(|c| c != "victim");
            list.retain(|(k, _)| third && matches!(*k, "chatter" | "victim_gender" | "victim_age"));
        }
    }
}

/// The values that follow from others under the codebook and the coding conventions,
/// added where the rules and the model left a variable out. Each keeps the evidence of
/// the value it follows from, and says `model` when that value came from the model:
///
/// - a visitor who denies exploitation ([`NO_EXPLOITATION`]) has no status `included`;
/// - a form of exploitation means status `included`;
/// - an included chat whose visitor speaks in the first person and names no third
///   party has chatter `victim` (the rules' fallback, [`FALLBACK_CHATTER`]); the
///   intake's gender and age are then the victim's;
/// - `time_since = ongoing` means `acutely_unsafe = yes` and the other way round; an
///   end a year or more ago means `acutely_unsafe = no`;
/// - a family or social perpetrator detail names the perpetrator; a platform means
///   `met = online`; a form of violence means the coercion `violence`;
/// - a client indicator that shows knowledge (very young, trafficker present, parent
///   trafficker, refusal ignored) means `client_knew = yes` (not when the client chats).
fn derive(conv: &Conversation, raw: &mut Vec<(&'static str, Suggestion)>) {
    fn code<'a>(raw: &'a [(&'static str, Suggestion)], name: &str) -> Option<&'a str> {
        raw.iter()
            .find(|(k, _)| *k == name)
            .and_then(|(_, s)| s.value.as_code())
    }
    fn items<'a>(raw: &'a [(&'static str, Suggestion)], name: &str) -> &'a [String] {
        match raw.iter().find(|(k, _)| *k == name).map(|(_, s)| &s.value) {
            Some(Value::Items(l)) => l,
            _ => &[],
        }
    }
    fn from(
        raw: &[(&'static str, Suggestion)],
        name: &str,
        value: Value,
        source: Option<&'static str>,
    ) -> Option<Suggestion> {
        let s = raw.iter().find(|(k, _)| *k == name).map(|(_, s)| s)?;
        Some(Suggestion {
            value,
            evidence: s.evidence.clone(),
            source: source.or(if s.source == Some("model") || !s.model_items.is_empty() {
                Some("model")
            } else {
                None
            }),
            model_items: Vec::new(),
            item_evidence: Vec::new(),
        })
    }
    let has = |raw: &[(&'static str, Suggestion)], name: &str| raw.iter().any(|(k, _)| *k == name);
    // A value the rules keep aside under a marker's name, taken out of the list.
    let take = |raw: &mut Vec<(&'static str, Suggestion)>, name: &str| {
        raw.iter()
            .position(|(k, _)| *k == name)
            .map(|i| raw.swap_remove(i).1)
    };
    // (Names, copied out: `put` below borrows `raw` mutably.)
    let vetoed: Vec<String> = raw
        .iter()
        .filter(|(k, _)| *k == VETOED)
        .filter_map(|(_, s)| s.value.as_code().map(str::to_string))
        .collect();
    raw.retain(|(k, _)| *k != VETOED);
    let put =
        |raw: &mut Vec<(&'static str, Suggestion)>, name: &'static str, s: Option<Suggestion>| {
            if let Some(s) = s
                && !raw.iter().any(|(k, _)| *k == name)
                && !vetoed.iter().any(|v| v == name)
            {
                raw.push((name, s));
            }
        };
    // A value that follows from another's, made only where `put` would put it: most chats
    // already hold the variable, and the copy of the other's evidence was thrown away.
    let put_from = |raw: &mut Vec<(&'static str, Suggestion)>,
                    name: &'static str,
                    src: &str,
                    value: &dyn Fn() -> Value,
                    source: Option<&'static str>| {
        if !raw.iter().any(|(k, _)| *k == name) && !vetoed.iter().any(|v| v == name) {
            let s = from(raw, src, value(), source);
            put(raw, name, s);
        }
    };
    if has(raw, NO_EXPLOITATION) {
        raw.retain(|(k, s)| {
            !(matches!(*k, "exploitation" | "victim_age")
                || (*k == "status" && s.value.as_code() == Some("included")))
        });
    }
    raw.retain(|(k, _)| *k != NO_EXPLOITATION);
    // The learned layer overturned the rules' reading of who chats: the age and gender the
    // rules bound by that reading go with it (the intake's come back below when the visitor
    // turns out to be the victim after all).
    // (Compared before the marker goes: no copy of its code.)
    let overturned = code(raw, RULES_CHATTER).is_some_and(|rc| code(raw, "chatter") != Some(rc));
    raw.retain(|(k, _)| *k != RULES_CHATTER);
    if overturned {
        raw.retain(|(k, s)| {
            !(matches!(*k, "victim_age" | "victim_gender") && s.source != Some("model"))
        });
    }
    if !has(raw, "status") && code(raw, "exploitation").is_some() {
        put_from(
            raw,
            "status",
            "exploitation",
            &|| Value::Code("included".into()),
            None,
        );
    }
    let included = code(raw, "status") == Some("included");
    let mut fallback = false;
    if included && !has(raw, "chatter") {
        let s = from(raw, FALLBACK_CHATTER, Value::Code("victim".into()), None);
        fallback = s.is_some();
        put(raw, "chatter", s);
    }
    raw.retain(|(k, _)| *k != FALLBACK_CHATTER);
    // Neither the rules nor the model settled who chats, and the visitor opened with "mn
    // vriend" or "mn vriendin" (round 50: over the corpus, of the included chats left without
    // a chatter that a woman opens with "mn vriend", 52 are her boyfriend's and 3 not; with
    // "mn vriendin" 45 a friend's and 2 not).
    let opening = take(raw, FRIEND_OPENING);
    let by_opening = included && !has(raw, "chatter") && opening.is_some();
    if by_opening {
        put(raw, "chatter", opening);
    }
    let other_age_asked = has(raw, OTHER_AGE_ASKED) || has(raw, AGE_CONFLICT);
    let third_story = has(raw, THIRD_PARTY_STORY);
    let not_yet = has(raw, NOT_YET);
    raw.retain(|(k, _)| {
        !matches!(
            *k,
            OTHER_AGE_ASKED | AGE_CONFLICT | THIRD_PARTY_STORY | NOT_YET
        )
    });
    // A third party's age kept aside by the rules: the victim's when the chat turns out to
    // be told by a third party, the victim's gender (if any) agrees, and it has happened.
    let third_age = take(raw, THIRD_AGE);
    let third_gender = code(raw, THIRD_AGE_GENDER).map(str::to_string);
    raw.retain(|(k, _)| *k != THIRD_AGE_GENDER);
    // The chat must be about exploitation and the victim's gender known and the same: a
    // girl who asks whether her boyfriend ("hij is 18") is a loverboy, read by the model as a
    // friend chatting, gets no age (k2-084).
    if let Some(s) = third_age
        && code(raw, "chatter").is_some_and(|c| c != "victim")
        // (On the opening's reading only an age said with a gender: not the answer to "Weet
        // je hoe oud hij is?" for "mn vriendin (15)", u1-042.)
        && !(by_opening && third_gender.is_none())
        && code(raw, "status") == Some("included")
        && !not_yet
        && code(raw, "victim_gender")
            .is_some_and(|v| third_gender.as_deref().is_none_or(|g| v == g))
    {
        put(raw, "victim_age", Some(s));
    }
    // Nothing has happened yet: no time since and no word on acute danger (the convention).
    // Nor an age, whoever chats and whoever the age is of (the convention: a chat about
    // something that has not happened or was refused carries no age).
    if not_yet {
        raw.retain(|(k, _)| !matches!(*k, "time_since" | "acutely_unsafe" | "victim_age"));
    }
    // The intake describes the victim only when the victim chats: not when the visitor
    // tells someone else's story (whoever the chatter is taken to be), and its age not
    // when the counsellor asked how old someone else is (when unsure, no age).
    let victim_chats = code(raw, "chatter") == Some("victim") && !third_story;
    // The intake's age is the most visible suggestion, so it is given only on strong
    // evidence: the rules or the model read the visitor as the victim, not the fallback of a
    // visitor who merely speaks in the first person, and the visitor does not say it has not
    // happened yet. (Up to round 32 the model's reading of who chats counted only beside a
    // status the rules settled themselves, for j2-033 and tg-064. Round 33 let it count
    // beside the model's status too: over the 1,400 chats of test-z to test-af, which the
    // shipped model never saw, 53 more right ages with `rules::older_answer`, and no age
    // without support; j2-033 and tg-064 are now held by other readers.)
    let weak = fallback || not_yet;
    let intake_age = victim_chats && !other_age_asked && !weak;
    raw.retain(|(k, s)| {
        s.source != Some("intake")
            || match *k {
                "victim_gender" => victim_chats,
                "victim_age" => intake_age,
                _ => true,
            }
    });
    if victim_chats {
        if let Some(g) = conv.intake.gender.as_deref()
            && matches!(g, "female" | "male" | "neutral")
        {
            put_from(
                raw,
                "victim_gender",
                "chatter",
                &|| Value::Code(g.into()),
                Some("intake"),
            );
        }
        if let Some(a) = conv.intake.age
            && intake_age
        {
            put_from(
                raw,
                "victim_age",
                "chatter",
                &|| Value::Integer(i64::from(a)),
                Some("intake"),
            );
        }
    }
    match code(raw, "time_since") {
        Some("ongoing") => {
            put_from(
                raw,
                "acutely_unsafe",
                "time_since",
                &|| Value::Code("yes".into()),
                None,
            );
        }
        Some("ended_1_5y" | "ended_gt_5y") => {
            put_from(
                raw,
                "acutely_unsafe",
                "time_since",
                &|| Value::Code("no".into()),
                None,
            );
        }
        _ => {}
    }
    if code(raw, "acutely_unsafe") == Some("yes") {
        put_from(
            raw,
            "time_since",
            "acutely_unsafe",
            &|| Value::Code("ongoing".into()),
            None,
        );
    }
    if has(raw, "perpetrator_family") {
        put_from(
            raw,
            "perpetrator",
            "perpetrator_family",
            &|| Value::Code("family".into()),
            None,
        );
    } else if has(raw, "perpetrator_social") {
        put_from(
            raw,
            "perpetrator",
            "perpetrator_social",
            &|| Value::Code("social".into()),
            None,
        );
    }
    if has(raw, "met_platform") {
        put_from(
            raw,
            "met",
            "met_platform",
            &|| Value::Code("online".into()),
            None,
        );
    }
    // A coercion item that follows from another value: added to the list with its own
    // evidence (and marked as the model's when that value was), or the list begun with it.
    let add_coercion = |raw: &mut Vec<(&'static str, Suggestion)>, item: &str, s: Suggestion| {
        if let Some(i) = raw.iter().position(|(k, _)| *k == "coercion") {
            if let Value::Items(list) = &mut raw[i].1.value {
                list.push(item.into());
                raw[i]
                    .1
                    .item_evidence
                    .push((item.into(), s.evidence.clone()));
                raw[i].1.evidence.extend(s.evidence);
                if s.source == Some("model") {
                    raw[i].1.model_items.push(item.into());
                }
            }
        } else {
            let s = Suggestion {
                value: Value::Items(vec![item.into()]),
                ..s
            };
            put(raw, "coercion", Some(s));
        }
    };
    if !items(raw, "violence").is_empty()
        && !items(raw, "coercion").iter().any(|i| i == "violence")
        && let Some(s) = from(raw, "violence", Value::Items(Vec::new()), None)
    {
        add_coercion(raw, "violence", s);
    }
    let elder = take(raw, ELDER_AGE);
    let then = take(raw, AGE_THEN).and_then(|s| match s.value {
        Value::Integer(t) => u32::try_from(t).ok(),
        _ => None,
    });
    if let Some(elder) = elder
        && let Value::Integer(o) = elder.value
        && code(raw, "status") == Some("included")
        && code(raw, "perpetrator") != Some("family")
        && !items(raw, "coercion").iter().any(|i| i == "age_gap")
        && let Some(Value::Integer(v)) = raw
            .iter()
            .find(|(k, _)| *k == "victim_age")
            .map(|(_, s)| s.value.clone())
        && let (Ok(v), Ok(o)) = (u32::try_from(v), u32::try_from(o))
        && rules::makes_age_gap(then.map_or(v, |t| t.min(v)), o)
    {
        add_coercion(raw, "age_gap", elder);
    }
    if code(raw, "chatter") != Some("victim") {
        raw.retain(|(k, _)| *k != "first_disclosure");
    }
    let knows = [
        "very_young",
        "trafficker_present",
        "parent_trafficker",
        "refusal_ignored",
    ];
    if code(raw, "chatter") != Some("client")
        && items(raw, "client_ind")
            .iter()
            .any(|i| knows.contains(&i.as_str()))
    {
        put_from(
            raw,
            "client_knew",
            "client_ind",
            &|| Value::Code("yes".into()),
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use zicht_conversations::{Flags, From, Intake, Message};

    fn conv(age: u32) -> Conversation {
        Conversation {
            conversation_id: "t-1".into(),
            channel: "fier".into(),
            username: "test".into(),
            started_at: "2026-01-01T20:00:00Z".into(),
            intake: Intake {
                age: Some(age),
                gender: Some("female".into()),
            },
            flags: Flags::default(),
            messages: vec![Message {
                at: "2026-01-01T20:00:10Z".into(),
                from: From::Visitor,
                text: "wat als hij het nog een keer vraagt".into(),
            }],
            extra: serde_json::Map::new(),
        }
    }

    fn sug(code: &str, source: Option<&'static str>) -> Suggestion {
        Suggestion {
            value: Value::Code(code.into()),
            evidence: vec![Evidence {
                message: 0,
                start: 0,
                end: 3,
                text: "wat".into(),
            }],
            source,
            model_items: Vec::new(),
            item_evidence: Vec::new(),
        }
    }

    fn age<'a>(raw: &'a [(&'static str, Suggestion)]) -> Option<&'a Value> {
        raw.iter()
            .find(|(k, _)| *k == "victim_age")
            .map(|(_, s)| &s.value)
    }

    /// The learned layer vetoed the rules' time since and how they met (round 47): `derive`
    /// puts neither back from `acutely_unsafe` or the platform, and the marker goes.
    #[test]
    fn a_veto_that_holds_is_not_undone() {
        let c = conv(20);
        let mut raw = vec![
            ("status", sug("included", None)),
            ("acutely_unsafe", sug("yes", None)),
            ("met_platform", sug("instagram", None)),
            (VETOED, sug("time_since", None)),
            (VETOED, sug("met", None)),
        ];
        derive(&c, &mut raw);
        assert!(raw.iter().all(|(k, _)| !matches!(*k, "time_since" | "met")));
        assert!(raw.iter().all(|(k, _)| !k.starts_with('~')));
        // Without the markers both follow as before.
        let mut raw = vec![
            ("status", sug("included", None)),
            ("acutely_unsafe", sug("yes", None)),
            ("met_platform", sug("instagram", None)),
        ];
        derive(&c, &mut raw);
        assert!(raw.iter().any(|(k, _)| *k == "time_since"));
        assert!(raw.iter().any(|(k, _)| *k == "met"));
    }

    /// The rules say the visitor tells someone else's story: neither the intake's age
    /// nor its gender is the victim's, whoever the chatter is taken to be.
    #[test]
    fn a_third_partys_story_takes_nothing_from_the_intake() {
        let c = conv(20);
        let mut raw = vec![
            ("status", sug("included", None)),
            ("chatter", sug("victim", None)),
            (THIRD_PARTY_STORY, sug("yes", None)),
        ];
        derive(&c, &mut raw);
        assert_eq!(age(&raw), None);
        assert!(raw.iter().all(|(k, _)| *k != "victim_gender"));
        assert!(raw.iter().all(|(k, _)| !k.starts_with('~')));
    }

    /// A visitor who would rather not tell yet ("liever nie nu. misschien later") in a chat
    /// where the rules find no exploitation: a status only the model reads is dropped, and
    /// with it the intake's age.
    #[test]
    fn a_visitor_who_would_rather_not_tell_settles_nothing() {
        let s = Suggester::new(Codebook::embedded().unwrap()).unwrap();
        let mut c = conv(18);
        c.messages = vec![
            Message {
                at: "2026-01-01T20:00:10Z".into(),
                from: From::Visitor,
                text: "er is iemand die veel voor me regelt en nu voel ik me schuldig".into(),
            },
            Message {
                at: "2026-01-01T20:00:20Z".into(),
                from: From::Counsellor,
                text: "Wil je vertellen wie dat is?".into(),
            },
            Message {
                at: "2026-01-01T20:00:30Z".into(),
                from: From::Visitor,
                text: "liever nie nu. misschien later".into(),
            },
        ];
        let (mut raw, _) = s.parts(&c);
        raw.push(("status", sug("included", Some("model"))));
        raw.push(("exploitation", sug("sexual", Some("model"))));
        let (out, _) = s.finish(&c, raw, output());
        assert_eq!(out.get("status"), None);
        assert_eq!(out.get("victim_age"), None);
    }

    /// Who chats and that the chat is about exploitation both come from the model only: the
    /// intake's age is given (round 33), but not when the rules say it has not happened yet
    /// nor when the visitor is the victim only by the rules' fallback.
    #[test]
    fn the_models_chatter_and_status_give_the_intake_age_unless_it_has_not_happened() {
        let c = conv(14);
        let mut raw = vec![
            ("status", sug("included", Some("model"))),
            ("chatter", sug("victim", Some("model"))),
            (NOT_YET, sug("yes", None)),
        ];
        derive(&c, &mut raw);
        assert_eq!(age(&raw), None);
        assert!(raw.iter().any(|(k, _)| *k == "victim_gender"));
        let mut raw = vec![
            ("status", sug("included", Some("model"))),
            (FALLBACK_CHATTER, sug("victim", None)),
        ];
        derive(&c, &mut raw);
        assert_eq!(age(&raw), None);
        let mut raw = vec![
            ("status", sug("included", Some("model"))),
            ("chatter", sug("victim", Some("model"))),
        ];
        derive(&c, &mut raw);
        assert_eq!(age(&raw), Some(&Value::Integer(14)));
    }

    /// The visitor is the victim only by the rules' fallback (speaks in the first person,
    /// names nobody): no intake age.
    #[test]
    fn the_fallback_chatter_gives_no_intake_age() {
        let c = conv(33);
        let mut raw = vec![
            ("status", sug("included", None)),
            (FALLBACK_CHATTER, sug("victim", None)),
        ];
        derive(&c, &mut raw);
        assert!(
            raw.iter()
                .any(|(k, s)| *k == "chatter" && s.value.as_code() == Some("victim"))
        );
        assert_eq!(age(&raw), None);
    }
}
