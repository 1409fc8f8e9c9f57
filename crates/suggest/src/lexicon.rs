//! The lexicon as data: cue groups from `lexicon/nl.toml`, expanded and compiled into a word-indexed phrase table.
//!
//! A cue group has a `tag` the rules understand and optional codebook codes.
//! Every code is checked against the codebook when the lexicon is loaded, so
//! the rules can never suggest a code the codebook lacks because of a lexicon
//! entry.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

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

impl Gender {
    /// The gender of a codebook code (`female`, `male`); none for any other.
    pub fn of_code(code: &str) -> Option<Gender> {
        match code {
            "female" => Some(Gender::Female),
            "male" => Some(Gender::Male),
            _ => None,
        }
    }
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
    ToldDone = "told_done", Home = "home", Person = "person", Idiom = "idiom",
    NoExploit = "no_exploit", NoPay = "no_pay", Declines = "declines",
}

/// One element of a phrase: a whole word, the start of a word (`dreig*`), or punctuation
/// that must stand between the previous word and the next (`(`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Elem {
    Word(String),
    Prefix(String),
    Punct(char),
}

/// One phrase: its words and its cue group.
#[derive(Debug, Clone)]
pub struct Phrase {
    pub elems: Vec<Elem>,
    pub cue: u16,
    /// The match needs a possessive before it (`owned = true`).
    pub owned: bool,
}

/// Flags of a word (one bit per word list of `[words]`).
pub mod flag {
    pub const NEG: u32 = 1;
    pub const HEDGE: u32 = 1 << 1;
    pub const SPLIT: u32 = 1 << 2;
    pub const FIRST_PERSON: u32 = 1 << 3;
    pub const HE: u32 = 1 << 4;
    pub const SHE: u32 = 1 << 5;
    pub const YES: u32 = 1 << 6;
    pub const CORRECTION: u32 = 1 << 7;
    pub const AGE_FILLER: u32 = 1 << 8;
    pub const AGE_UNIT: u32 = 1 << 9;
    pub const AGE_PAST: u32 = 1 << 10;
    pub const DAYS: u32 = 1 << 11;
    pub const WEEKS: u32 = 1 << 12;
    pub const MONTHS: u32 = 1 << 13;
    pub const YEARS: u32 = 1 << 14;
    pub const AGO: u32 = 1 << 15;
    pub const SINCE: u32 = 1 << 16;
    pub const APPROX: u32 = 1 << 17;
    pub const HALF: u32 = 1 << 18;
    pub const ANDERHALF: u32 = 1 << 19;
    pub const OWNER: u32 = 1 << 20;
}

/// Word classes the rules test word by word (bits of [`WordInfo::class`]): the word lists of
/// [`crate::rules::WORD_CLASSES`], looked up once per token with the lexicon's own words
/// (a bit test where the rules compared the word with each word of a list).
pub mod class {
    /// "meisjes", "jongens", "vrienden": the others a visitor is made to draw in.
    pub const RECRUIT_GROUP: u32 = 1;
    /// "benaderen", "overhalen": verbs that draw someone in by themselves.
    pub const RECRUIT_STRONG: u32 = 1 << 1;
    /// "vragen", "zoeken": verbs that draw someone in when the visitor must.
    pub const RECRUIT_WEAK: u32 = 1 << 2;
    /// "moet", "laat", "wil", "gedwongen": the visitor must.
    pub const RECRUIT_MUST: u32 = 1 << 3;
    /// "mn", "m'n", "mijn", "my": the visitor's own (a story of the visitor).
    pub const MY: u32 = 1 << 4;
    /// "moet", "moest": must, of the one before it.
    pub const MUST_VERB: u32 = 1 << 5;
    /// "moeten", "laat", "liet", "dwingt", "dwong": must, or is made to.
    pub const MADE_TO: u32 = 1 << 6;
    /// "ze", "zij": she, or they.
    pub const ZE: u32 = 1 << 7;
    /// "doen", "gaan", "staan", "slaan", "zien": plural verbs of four letters or fewer.
    pub const SHORT_PLURAL: u32 = 1 << 8;
    /// "haar".
    pub const HAAR: u32 = 1 << 9;
    /// "die".
    pub const DIE: u32 = 1 << 10;
    /// "hij", "ie", "ze", "zij", "he", "she", "they": someone else who speaks.
    pub const THIRD: u32 = 1 << 11;
    /// "zegt", "zei", "zeggen", "zeiden", "says", "said", "schrijft".
    pub const SAYS: u32 = 1 << 12;
    /// "gezegd".
    pub const GEZEGD: u32 = 1 << 13;
    /// "als", "anders", "if", "otherwise", "tenzij": a condition.
    pub const IF: u32 = 1 << 14;
    /// "dan".
    pub const DAN: u32 = 1 << 15;
    /// "en".
    pub const EN: u32 = 1 << 16;
    /// "sinds", "since".
    pub const SINDS: u32 = 1 << 17;
    /// The first words of the phrases of a self-determined sex worker ("het zelf wil",
    /// "niemand dwingt", "vrijwillig").
    pub const SELF_FIRST: u32 = 1 << 18;
    /// "als", "if", "wanneer", "zodra", "tenzij": a condition a negator stays within
    /// ([`crate::text::Prepared::negated`]).
    pub const CONDITION: u32 = 1 << 19;
}

/// What the lexicon knows about one word: its flags, its number, the phrase-trie node it starts.
#[derive(Debug, Clone)]
pub struct WordInfo {
    pub flags: u32,
    /// Bits of [`class`].
    pub class: u32,
    pub number: Option<u32>,
    pub node: Option<u32>,
    /// Id of the word within phrases (`NO_WORD` when no phrase continues with it).
    pub id: u32,
}

/// Word id of a word that continues no phrase.
pub const NO_WORD: u32 = u32::MAX;

impl Default for WordInfo {
    fn default() -> Self {
        WordInfo {
            flags: 0,
            class: 0,
            number: None,
            node: None,
            id: NO_WORD,
        }
    }
}

/// A trie node laid out flat for matching: ranges into [`Lexicon::ends_flat`] and
/// [`Lexicon::edges_flat`]; `other` when it also has punctuation or prefix edges.
#[derive(Debug, Clone, Copy, Default)]
pub struct CNode {
    pub ends: (u32, u32),
    pub edges: (u32, u32),
    pub other: bool,
}

/// A node of the phrase trie: the phrases that end here and the ways on.
#[derive(Debug, Clone, Default)]
pub struct Node {
    pub ends: Vec<u32>,
    pub words: HashMap<String, u32, BuildHasherDefault<WordHasher>>,
    /// The same as `words`, by word id, sorted.
    pub word_ids: Vec<(u32, u32)>,
    pub prefixes: Vec<(String, u32)>,
    pub puncts: Vec<(char, u32)>,
}

/// The byte loop of [`WordHasher`] (and of [`PackedHasher`] for what is not a packed word).
fn mix_bytes(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h = (h.rotate_left(5) ^ u64::from(*b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    h
}

/// A small fast hasher for short words (the word lists are looked up for every token).
#[derive(Debug, Default, Clone, Copy)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = mix_bytes(self.0, bytes);
    }
}

/// A hasher for a word packed into a `u128` ([`pack`]): two multiplications, no loop.
#[derive(Debug, Default, Clone, Copy)]
pub struct PackedHasher(u64);

impl Hasher for PackedHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = mix_bytes(self.0, bytes);
    }
    #[allow(clippy::cast_possible_truncation)]
    fn write_u128(&mut self, k: u128) {
        let (lo, hi) = (k as u64, (k >> 64) as u64);
        let x = (lo ^ hi.wrapping_mul(0x9e_37_79_b9_7f_4a_7c_15))
            .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        self.0 = x ^ (x >> 29);
    }
}

/// Longest word (in bytes) kept in [`Lexicon::short_info`].
pub const PACKED_MAX: usize = 15;

/// Bytes `at..at + 8` of `b` as a little-endian number (0 if `b` is shorter).
fn read8(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 8)
        .and_then(|s| <[u8; 8]>::try_from(s).ok())
        .map_or(0, u64::from_le_bytes)
}

/// Bytes `at..at + 4` of `b` as a little-endian number (0 if `b` is shorter).
fn read4(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .and_then(|s| <[u8; 4]>::try_from(s).ok())
        .map_or(0, u32::from_le_bytes)
}

/// A word of at most [`PACKED_MAX`] bytes as one number: its bytes in order, and its
/// length in the top byte (so no two words share one). Read as two overlapping loads,
/// no copy.
pub fn pack(word: &str) -> Option<u128> {
    let b = word.as_bytes();
    let n = b.len();
    if n > PACKED_MAX {
        return None;
    }
    // The bytes past the first 8 (or 4) are the top bytes of a load that ends at the end.
    let shift = |x: u64, by: usize| {
        u32::try_from(by)
            .ok()
            .and_then(|s| x.checked_shr(s))
            .unwrap_or(0)
    };
    let (lo, hi) = if n >= 8 {
        (read8(b, 0), shift(read8(b, n - 8), 8 * (16 - n)))
    } else if n >= 4 {
        let tail = shift(u64::from(read4(b, n - 4)), 8 * (8 - n));
        (u64::from(read4(b, 0)) | (tail << 32), 0)
    } else {
        // One to three bytes: the first, the middle and the last (the same byte twice when
        // there are fewer), or none; three loads where a loop over them cost a token a
        // dozen instructions.
        let at = |i: usize| b.get(i).map_or(0, |&c| u64::from(c) << (8 * i));
        let lo = match n {
            0 => 0,
            _ => at(0) | at(n / 2) | at(n - 1),
        };
        (lo, 0)
    };
    Some(u128::from(lo) | (u128::from(hi) << 64) | ((n as u128) << 120))
}

/// A set of words with the fast hasher.
pub type WordSet = HashSet<String, BuildHasherDefault<WordHasher>>;

/// Word lists used token by token.
#[derive(Debug, Default)]
pub struct Words {
    pub negators: WordSet,
    pub hedges: WordSet,
    pub split: WordSet,
    pub first_person: WordSet,
    pub he: WordSet,
    pub she: WordSet,
    pub yes: WordSet,
    pub correction: WordSet,
    pub age_fillers: WordSet,
    pub age_units: WordSet,
    pub age_past: WordSet,
    pub days: WordSet,
    pub weeks: WordSet,
    pub months: WordSet,
    pub years: WordSet,
    pub ago: WordSet,
    pub since: WordSet,
    pub approx: WordSet,
    pub half: WordSet,
    pub anderhalf: WordSet,
}

/// The compiled lexicon.
#[derive(Debug)]
pub struct Lexicon {
    pub cues: Vec<Cue>,
    pub phrases: Vec<Phrase>,
    /// Word to what the lexicon knows about it (one lookup per token).
    pub word_info: HashMap<String, WordInfo, BuildHasherDefault<WordHasher>>,
    /// The words of `word_info` of at most [`PACKED_MAX`] bytes, keyed by [`pack`]: a
    /// lookup compares numbers in the table, no string behind a pointer.
    pub short_info: HashMap<u128, WordInfo, BuildHasherDefault<PackedHasher>>,
    /// The first bytes of the root's word prefixes (`dreig*`) as bits: a token whose first
    /// byte is not among them starts no prefix (all bits if a prefix is empty).
    pub root_prefix_bytes: [u64; 4],
    /// The phrase trie; node 0 is the root.
    pub nodes: Vec<Node>,
    /// The same trie, flat (what matching reads).
    pub cnodes: Vec<CNode>,
    pub ends_flat: Vec<u32>,
    /// (word id, node), sorted by word id within each node's range.
    pub edges_flat: Vec<(u32, u32)>,
    /// Per phrase: its cue group and whether it needs a possessive.
    pub phrase_meta: Vec<(u16, bool)>,
    pub words: Words,
    pub numbers: HashMap<String, u32>,
    /// Possessive word to owner (`mijn` -> My), for owned cue groups.
    pub owners: HashMap<String, Owner, BuildHasherDefault<WordHasher>>,
}

/// Words that may stand between a possessive and a relation ("mijn oudere broer").
pub const OWNED_ADJECTIVES: [&str; 6] = ["oudere", "grote", "jongere", "kleine", "eigen", "lieve"];

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
        let mut phrases: Vec<Phrase> = Vec::new();
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
                {
                    let p = phrase;
                    for text in expand(p, &raw.macros).map_err(SuggestError::Lexicon)? {
                        let lowered = text.to_lowercase().replace('’', "'");
                        let mut elems = Vec::new();
                        for piece in lowered.split_whitespace() {
                            if !piece.chars().any(char::is_alphanumeric) {
                                elems.extend(piece.chars().map(Elem::Punct));
                            } else if let Some(b) = piece.strip_suffix('*') {
                                elems.push(Elem::Prefix(b.to_string()));
                            } else {
                                elems.push(Elem::Word(piece.to_string()));
                            }
                        }
                        if !matches!(elems.first(), Some(Elem::Word(_) | Elem::Prefix(_))) {
                            return Err(SuggestError::Lexicon(format!(
                                "cue group `{}`: phrase `{text}` must start with a word",
                                rc.tag
                            )));
                        }
                        phrases.push(Phrase {
                            elems,
                            cue: cue_index,
                            owned: rc.owned,
                        });
                    }
                }
            }
        }
        let mut owner_map = HashMap::default();
        for (m, owner) in owners {
            let forms = raw
                .macros
                .get(m)
                .ok_or_else(|| SuggestError::Lexicon(format!("macro `{m}` missing")))?;
            for f in forms {
                owner_map.insert(f.to_lowercase(), owner);
            }
        }
        let w = |name: &str| -> Result<WordSet, SuggestError> {
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
        let mut word_info: HashMap<String, WordInfo, BuildHasherDefault<WordHasher>> =
            HashMap::default();
        let mut nodes: Vec<Node> = vec![Node::default()];
        for (i, ph) in phrases.iter().enumerate() {
            let id =
                u32::try_from(i).map_err(|_| SuggestError::Lexicon("too many phrases".into()))?;
            let mut at = 0usize;
            for elem in &ph.elems {
                let len = u32::try_from(nodes.len())
                    .map_err(|_| SuggestError::Lexicon("too many phrases".into()))?;
                let node = &mut nodes[at];
                let next = match elem {
                    Elem::Word(w) => *node.words.entry(w.clone()).or_insert(len),
                    Elem::Prefix(w) => match node.prefixes.iter().find(|(x, _)| x == w) {
                        Some((_, n)) => *n,
                        None => {
                            node.prefixes.push((w.clone(), len));
                            len
                        }
                    },
                    Elem::Punct(c) => match node.puncts.iter().find(|(x, _)| x == c) {
                        Some((_, n)) => *n,
                        None => {
                            node.puncts.push((*c, len));
                            len
                        }
                    },
                };
                if next == len {
                    nodes.push(Node::default());
                }
                at = next as usize;
            }
            nodes[at].ends.push(id);
        }
        for (w, n) in &nodes[0].words {
            word_info.entry(w.clone()).or_default().node = Some(*n);
        }
        let mut next_id = 0u32;
        for node in nodes.iter_mut().skip(1) {
            let ids: Vec<(String, u32)> = node.words.iter().map(|(w, n)| (w.clone(), *n)).collect();
            for (w, n) in ids {
                let info = word_info.entry(w).or_default();
                if info.id == NO_WORD {
                    info.id = next_id;
                    next_id += 1;
                }
                node.word_ids.push((info.id, n));
            }
            node.word_ids.sort_unstable();
        }
        let lists: [(&WordSet, u32); 20] = [
            (&words.negators, flag::NEG),
            (&words.hedges, flag::HEDGE),
            (&words.split, flag::SPLIT),
            (&words.first_person, flag::FIRST_PERSON),
            (&words.he, flag::HE),
            (&words.she, flag::SHE),
            (&words.yes, flag::YES),
            (&words.correction, flag::CORRECTION),
            (&words.age_fillers, flag::AGE_FILLER),
            (&words.age_units, flag::AGE_UNIT),
            (&words.age_past, flag::AGE_PAST),
            (&words.days, flag::DAYS),
            (&words.weeks, flag::WEEKS),
            (&words.months, flag::MONTHS),
            (&words.years, flag::YEARS),
            (&words.ago, flag::AGO),
            (&words.since, flag::SINCE),
            (&words.approx, flag::APPROX),
            (&words.half, flag::HALF),
            (&words.anderhalf, flag::ANDERHALF),
        ];
        for (set, f) in lists {
            for w in set {
                word_info.entry(w.clone()).or_default().flags |= f;
            }
        }
        for w in owner_map.keys() {
            word_info.entry(w.clone()).or_default().flags |= flag::OWNER;
        }
        for (w, n) in &raw.numbers {
            word_info.entry(w.to_lowercase()).or_default().number = Some(*n);
        }
        // (After the word ids: a word only the rules know continues no phrase.)
        for (c, list) in crate::rules::WORD_CLASSES {
            for w in *list {
                word_info.entry((*w).to_string()).or_default().class |= c;
            }
        }
        let mut cnodes = Vec::with_capacity(nodes.len());
        let mut ends_flat = Vec::new();
        let mut edges_flat = Vec::new();
        let len32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        for n in &nodes {
            let e0 = len32(ends_flat.len());
            ends_flat.extend_from_slice(&n.ends);
            let d0 = len32(edges_flat.len());
            edges_flat.extend_from_slice(&n.word_ids);
            cnodes.push(CNode {
                ends: (e0, len32(ends_flat.len())),
                edges: (d0, len32(edges_flat.len())),
                other: !n.puncts.is_empty() || !n.prefixes.is_empty(),
            });
        }
        let phrase_meta = phrases.iter().map(|p| (p.cue, p.owned)).collect();
        let short_info = word_info
            .iter()
            .filter_map(|(w, i)| Some((pack(w)?, i.clone())))
            .collect();
        let mut root_prefix_bytes = [0u64; 4];
        for (pre, _) in nodes
            .first()
            .map(|n| n.prefixes.as_slice())
            .unwrap_or_default()
        {
            match pre.as_bytes().first() {
                Some(&b) => {
                    if let Some(x) = root_prefix_bytes.get_mut(usize::from(b >> 6)) {
                        *x |= 1 << (b & 63);
                    }
                }
                None => root_prefix_bytes = [u64::MAX; 4],
            }
        }
        Ok(Lexicon {
            short_info,
            root_prefix_bytes,
            cnodes,
            ends_flat,
            edges_flat,
            phrase_meta,
            cues,
            phrases,
            word_info,
            nodes,
            words,
            numbers: raw.numbers,
            owners: owner_map,
        })
    }

    /// What the lexicon knows about `word` (`word_info`, a short word by its number).
    #[inline]
    pub fn info(&self, word: &str) -> Option<&WordInfo> {
        match pack(word) {
            Some(k) => self.short_info.get(&k),
            None => self.word_info.get(word),
        }
    }

    /// The number a word stands for (`15`, `vijftien`).
    pub fn number(&self, word: &str) -> Option<u32> {
        if !word.is_empty() && word.len() <= 3 && word.bytes().all(|b| b.is_ascii_digit()) {
            return word.parse().ok();
        }
        self.numbers.get(word).copied()
    }
}

#[cfg(test)]
mod pack_tests {
    use super::{PACKED_MAX, pack};

    /// `pack` against a byte-by-byte packing, for every length.
    #[test]
    fn pack_is_the_bytes_and_the_length() {
        let s = "abcdefghijklmnopqrs";
        for n in 0..=s.len() {
            let w = &s[..n];
            let naive = (n <= PACKED_MAX).then(|| {
                w.bytes().enumerate().fold((n as u128) << 120, |k, (i, c)| {
                    k | (u128::from(c) << (8 * i))
                })
            });
            assert_eq!(pack(w), naive, "{w}");
        }
    }
}
