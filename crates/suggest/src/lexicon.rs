//! The lexicon as data: cue groups from `lexicon/nl.toml`, expanded and compiled into one automaton.
//!
//! A cue group has a `tag` the rules understand and optional codebook codes.
//! Every code is checked against the codebook when the lexicon is loaded, so
//! the rules can never suggest a code the codebook lacks because of a lexicon
//! entry.

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;
use zicht_codebook::Codebook;

use crate::SuggestError;

/// The lexicon that ships with zicht.
pub const EMBEDDED_LEXICON: &str = include_str!("../lexicon/nl.toml");

/// Whose relative a possessive phrase names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// No possessive (`een loverboy`, `heeft een vriend`).
    None,
    /// `mijn` / `mn` / `m'n`: the visitor's.
    My,
    /// `haar`: a woman's or girl's.
    Her,
    /// `zijn`: a man's or boy's.
    His,
    /// `je` / `jouw`: the addressee's (in a counsellor's question: the visitor's).
    Your,
}

/// Gender a cue carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Female,
    Male,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    macros: HashMap<String, Vec<String>>,
    words: HashMap<String, Vec<String>>,
    numbers: HashMap<String, u32>,
    cue: Vec<RawCue>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCue {
    tag: String,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    chatter: Option<String>,
    #[serde(default)]
    gender: Option<String>,
    #[serde(default)]
    relation: Option<String>,
    #[serde(default)]
    detail: Option<String>,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    subject: Option<String>,
    #[serde(default)]
    owned: bool,
    #[serde(default)]
    plural: bool,
    #[serde(default)]
    offline: bool,
    phrases: Vec<String>,
}

/// One cue group after loading.
#[derive(Debug, Clone)]
pub struct Cue {
    pub tag: Tag,
    pub code: Option<String>,
    pub chatter: Option<String>,
    pub gender: Option<Gender>,
    pub relation: Option<String>,
    pub detail: Option<String>,
    pub value: Option<String>,
    pub subject_self: bool,
    pub plural: bool,
    pub offline: bool,
}

macro_rules! tags {
    ($($v:ident = $s:literal),* $(,)?) => {
        /// The cue tags the rules understand.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Tag { $($v),* }
        impl Tag {
            fn parse(s: &str) -> Option<Tag> {
                match s { $($s => Some(Tag::$v),)* _ => None }
            }
            /// Number of tags.
            pub const COUNT: usize = [$(Tag::$v),*].len();
        }
    };
}

tags! {
    Victim3 = "victim3", VictimNoun = "victim_noun", Rel = "rel", Ctl = "ctl",
    SexStrong = "sex_strong", SexWeak = "sex_weak", Pay = "pay", Force = "force",
    Crime = "crime", DrugsNoun = "drugs_noun", DrugsVerb = "drugs_verb", Labour = "labour",
    OnsetFirst = "onset_first", OnsetSimul = "onset_simul", Excl = "excl", Images = "images",
    Spread = "spread", Coercion = "coercion", Violence = "violence", ThreatAct = "threat_act",
    Threat = "threat", ClientCtx = "client_ctx", UnsafeYes = "unsafe_yes", UnsafeNo = "unsafe_no",
    Ongoing = "ongoing", Ended = "ended", DurBlock = "dur_block", Told = "told",
    NeverTold = "never_told", FirstOne = "first_one", MultiPerp = "multi_perp",
    MultiVictims = "multi_victims", Platform = "platform", Meet = "meet", Offline = "offline",
    Referral = "referral", Present = "present", Filmed = "filmed", Refusal = "refusal",
    SaidNo = "said_no", ClientKnew = "client_knew", Hedge = "hedge", AgeQ = "age_q",
    ToldDone = "told_done", Home = "home", Person = "person",
}

/// What one automaton pattern means: which cue group, which owner, whether it may continue.
#[derive(Debug, Clone, Copy)]
pub struct PatternInfo {
    pub cue: u16,
    pub owner: Owner,
    pub prefix: bool,
    pub bound_start: bool,
    pub bound_end: bool,
}

/// Word lists used token by token.
#[derive(Debug, Default)]
pub struct Words {
    pub negators: HashSet<String>,
    pub hedges: HashSet<String>,
    pub split: HashSet<String>,
    pub first_person: HashSet<String>,
    pub he: HashSet<String>,
    pub she: HashSet<String>,
    pub yes: HashSet<String>,
    pub correction: HashSet<String>,
    pub age_fillers: HashSet<String>,
    pub age_units: HashSet<String>,
    pub age_past: HashSet<String>,
    pub days: HashSet<String>,
    pub weeks: HashSet<String>,
    pub months: HashSet<String>,
    pub years: HashSet<String>,
    pub ago: HashSet<String>,
    pub since: HashSet<String>,
    pub approx: HashSet<String>,
    pub half: HashSet<String>,
    pub anderhalf: HashSet<String>,
}

/// The compiled lexicon.
#[derive(Debug)]
pub struct Lexicon {
    pub cues: Vec<Cue>,
    pub patterns: Vec<PatternInfo>,
    pub automaton: AhoCorasick,
    pub words: Words,
    pub numbers: HashMap<String, u32>,
}

/// Which codebook list a cue's `code` must come from, per tag.
fn code_target(tag: Tag) -> Option<(&'static str, bool)> {
    // (name, is_set)
    match tag {
        Tag::Crime => Some(("crime", true)),
        Tag::Coercion => Some(("coercion", true)),
        Tag::Violence => Some(("violence", true)),
        Tag::Platform => Some(("met_platform", false)),
        Tag::Referral => Some(("referral", false)),
        Tag::Excl => Some(("exclusion_reason", false)),
        _ => None,
    }
}

fn check_code(
    book: &Codebook,
    name: &str,
    is_set: bool,
    code: &str,
    tag: &str,
) -> Result<(), SuggestError> {
    let known = if is_set {
        book.set(name)
            .is_some_and(|s| s.items.iter().any(|i| i.code == code))
    } else {
        book.variable(name).is_some_and(|v| v.code(code).is_some())
    };
    if known {
        Ok(())
    } else {
        Err(SuggestError::Lexicon(format!(
            "cue group `{tag}`: code `{code}` is not a code of `{name}` in the codebook"
        )))
    }
}

fn expand(phrase: &str, macros: &HashMap<String, Vec<String>>) -> Result<Vec<String>, String> {
    let mut out = vec![String::new()];
    let mut rest = phrase;
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .ok_or_else(|| format!("phrase `{phrase}`: `{{` without `}}`"))?;
        let name = &rest[open + 1..close];
        let forms = macros
            .get(name)
            .ok_or_else(|| format!("phrase `{phrase}`: unknown macro `{name}`"))?;
        let head = &rest[..open];
        out = out
            .iter()
            .flat_map(|o| forms.iter().map(move |f| format!("{o}{head}{f}")))
            .collect();
        rest = &rest[close + 1..];
    }
    for o in &mut out {
        o.push_str(rest);
    }
    Ok(out)
}

impl Lexicon {
    /// The embedded lexicon, checked against `book`.
    pub fn embedded(book: &Codebook) -> Result<Lexicon, SuggestError> {
        Lexicon::from_toml_str(EMBEDDED_LEXICON, book)
    }

    /// Parses and compiles a lexicon, checking every code against `book`.
    pub fn from_toml_str(text: &str, book: &Codebook) -> Result<Lexicon, SuggestError> {
        let raw: RawLexicon =
            toml::from_str(text).map_err(|e| SuggestError::Lexicon(e.to_string()))?;
        let mut cues = Vec::new();
        let mut pattern_text: Vec<String> = Vec::new();
        let mut patterns = Vec::new();
        let owners: [(&str, Owner); 4] = [
            ("my", Owner::My),
            ("her", Owner::Her),
            ("his", Owner::His),
            ("your", Owner::Your),
        ];
        for rc in &raw.cue {
            let tag = Tag::parse(&rc.tag)
                .ok_or_else(|| SuggestError::Lexicon(format!("unknown tag `{}`", rc.tag)))?;
            if let Some(code) = &rc.code {
                let (name, is_set) = code_target(tag).ok_or_else(|| {
                    SuggestError::Lexicon(format!("tag `{}` takes no `code`", rc.tag))
                })?;
                check_code(book, name, is_set, code, &rc.tag)?;
            }
            if let Some(c) = &rc.chatter {
                check_code(book, "chatter", false, c, &rc.tag)?;
            }
            if let Some(r) = &rc.relation {
                check_code(book, "perpetrator", false, r, &rc.tag)?;
            }
            if let Some(d) = &rc.detail {
                let var = match rc.relation.as_deref() {
                    Some("family") => "perpetrator_family",
                    _ => "perpetrator_social",
                };
                check_code(book, var, false, d, &rc.tag)?;
            }
            let gender = match rc.gender.as_deref() {
                None => None,
                Some("female") => Some(Gender::Female),
                Some("male") => Some(Gender::Male),
                Some(g) => {
                    return Err(SuggestError::Lexicon(format!(
                        "cue group `{}`: gender `{g}`, expected female or male",
                        rc.tag
                    )));
                }
            };
            let cue_index = u16::try_from(cues.len())
                .map_err(|_| SuggestError::Lexicon("too many cue groups".into()))?;
            cues.push(Cue {
                tag,
                code: rc.code.clone(),
                chatter: rc.chatter.clone(),
                gender,
                relation: rc.relation.clone(),
                detail: rc.detail.clone(),
                value: rc.value.clone(),
                subject_self: rc.subject.as_deref() == Some("self"),
                plural: rc.plural,
                offline: rc.offline,
            });
            for phrase in &rc.phrases {
                let variants: Vec<(String, Owner)> = if rc.owned {
                    let mut v = Vec::new();
                    for (m, owner) in owners {
                        let forms = raw.macros.get(m).ok_or_else(|| {
                            SuggestError::Lexicon(format!("macro `{m}` missing"))
                        })?;
                        for f in forms {
                            v.push((format!("{f} {phrase}"), owner));
                            for adj in ["oudere", "grote", "jongere", "kleine", "eigen"] {
                                v.push((format!("{f} {adj} {phrase}"), owner));
                            }
                        }
                    }
                    v
                } else {
                    vec![(phrase.clone(), Owner::None)]
                };
                for (p, owner) in variants {
                    for text in expand(&p, &raw.macros).map_err(SuggestError::Lexicon)? {
                        let lowered = text.to_lowercase();
                        let (body, prefix) = match lowered.strip_suffix('*') {
                            Some(b) => (b.to_string(), true),
                            None => (lowered, false),
                        };
                        let body = body.replace('’', "'");
                        if body.trim().is_empty() {
                            continue;
                        }
                        let bound_start = body.chars().next().is_some_and(char::is_alphanumeric);
                        let bound_end = !prefix
                            && body.chars().next_back().is_some_and(char::is_alphanumeric);
                        pattern_text.push(body);
                        patterns.push(PatternInfo {
                            cue: cue_index,
                            owner,
                            prefix,
                            bound_start,
                            bound_end,
                        });
                    }
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&pattern_text)
            .map_err(|e| SuggestError::Lexicon(e.to_string()))?;
        let w = |name: &str| -> Result<HashSet<String>, SuggestError> {
            raw.words
                .get(name)
                .map(|v| v.iter().map(|s| s.to_lowercase()).collect())
                .ok_or_else(|| SuggestError::Lexicon(format!("[words] lacks `{name}`")))
        };
        let words = Words {
            negators: w("negators")?,
            hedges: w("hedges")?,
            split: w("split")?,
            first_person: w("first_person")?,
            he: w("he")?,
            she: w("she")?,
            yes: w("yes")?,
            correction: w("correction")?,
            age_fillers: w("age_fillers")?,
            age_units: w("age_units")?,
            age_past: w("age_past")?,
            days: w("days")?,
            weeks: w("weeks")?,
            months: w("months")?,
            years: w("years")?,
            ago: w("ago")?,
            since: w("since")?,
            approx: w("approx")?,
            half: w("half")?,
            anderhalf: w("anderhalf")?,
        };
        Ok(Lexicon {
            cues,
            patterns,
            automaton,
            words,
            numbers: raw.numbers,
        })
    }

    /// The number a word stands for (`15`, `vijftien`).
    pub fn number(&self, word: &str) -> Option<u32> {
        if !word.is_empty() && word.len() <= 3 && word.bytes().all(|b| b.is_ascii_digit()) {
            return word.parse().ok();
        }
        self.numbers.get(word).copied()
    }
}
