//! Suggestions for the registration panel during a live chat: the trafficking flag, the categories, the victim's age and the form of exploitation, each with the visitor's words behind it (an age from the intake form says so instead), for the counsellor to confirm or reject.
//!
//! `GET /console/api/assist/{conv}` (counsellor or admin, only for a
//! conversation the counsellor holds, as the registration itself) runs the
//! assisted-coding suggester (rules and the shipped model, `zicht-suggest`) on
//! the transcript so far. It only reads: nothing is registered until the
//! counsellor clicks, and the panel then saves through the registration route.
//! The visitor's side has no such route and never receives the suggestions.
//! Without proposals the answer says why, as far as the server knows: the
//! visitor has not written yet, has written little so far, or nothing in the
//! words so far was found ([`empty_reason`]).
//!
//! `POST /console/api/assist/{conv}/decision` keeps the counsellor's click
//! (accepted or rejected, with who and when) beside the registration, so the
//! panel shows a decided suggestion as decided after a reload or in another
//! browser; the proposals carry that decision. `decision: "open"` takes it
//! back ("Ongedaan maken").

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use zicht_suggest::{Suggester, Suggestions, Value};

use crate::console::{STAFF, auth, registrable};
use crate::{ApiError, App};

/// The suggester, built once (embedded codebook, lexicon and model).
fn suggester() -> Result<&'static Suggester, ApiError> {
    static S: OnceLock<Option<Suggester>> = OnceLock::new();
    S.get_or_init(|| {
        zicht_codebook::Codebook::embedded()
            .ok()
            .and_then(|b| Suggester::with_embedded_model(b).ok())
    })
    .as_ref()
    .ok_or(ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "suggester",
    ))
}

/// The words behind a suggestion: a quote of one visitor message.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Quote {
    /// 1-based position of the message in the conversation.
    pub message: usize,
    pub text: String,
    /// Where the words stand in the message: Unicode scalar offsets of the first character and
    /// one past the last, as zicht-suggest gives them, so that the console shows them within
    /// their sentence (fix43, finding 2: ‘moet’ alone said nothing).
    pub start: usize,
    pub end: usize,
}

/// One suggestion for the panel.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Proposal {
    /// `trafficking`, a category code of the configuration, `victim_age` or `exploitation`.
    pub field: String,
    /// For `trafficking`: `yes` or `no`; for a category: `yes`; for `victim_age` the age in
    /// digits; for `exploitation` the codebook's code (the card shows its label).
    pub value: String,
    /// Dutch and English label of what is proposed.
    pub nl: String,
    pub en: String,
    /// `rules` or `model`; `intake` for a victim's age from the visitor's own intake form
    /// (then without quotes).
    pub source: &'static str,
    pub quotes: Vec<Quote>,
    /// For a "no" found by the rules: what the chat seems to be instead, in the codebook's
    /// words (the label of the exclusion reason), Dutch and English.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instead_nl: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instead_en: Option<String>,
    /// The counsellor's decision on this field and value: `accepted` or `rejected`; absent while open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
    /// Who decided it, by the account's display name (with a decision; none for an account
    /// since removed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
    /// Whether the counsellor asking decided it herself: "Ingevuld door jou" only then, else
    /// "door een collega (naam)" (walk41, finding 2: after a transfer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_by_me: Option<bool>,
    /// The learned layer's flag whose words say nothing of the chat ([`clear_words`]): no quote
    /// is shown, and the card says that it is only an estimate and that she judges the chat
    /// herself. Sent only when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub no_clear_words: bool,
    /// Shown earlier in this chat and not found again in the latest reading of the whole chat
    /// ([`Shown`]): the card stays, with a line that the latest reading no longer gives it
    /// (walk45, finding S1: a "nee" made every suggestion vanish and the panel then said
    /// nothing pointed to exploitation). Sent only when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub stale: bool,
}

impl Proposal {
    /// An open proposal (no decision yet, no "instead", words that count) of `value` for
    /// `field`, named `nl`/`en`, with the visitor's words.
    fn open(
        field: impl Into<String>,
        value: impl Into<String>,
        (nl, en): (String, String),
        source: &'static str,
        quotes: Vec<Quote>,
    ) -> Proposal {
        Proposal {
            field: field.into(),
            value: value.into(),
            nl,
            en,
            source,
            quotes,
            instead_nl: None,
            instead_en: None,
            decision: None,
            decided_by: None,
            decided_by_me: None,
            no_clear_words: false,
            stale: false,
        }
    }
}

/// The suggestions the panel has shown per chat, in the server's memory only (never stored,
/// never logged; gone with a restart), so that one shown once stays until the counsellor
/// decides it, also for a colleague after a transfer and after a reload (walk45, finding S1).
/// The suggester reads the whole chat each time, and the learned layer's estimate of a chat
/// near its threshold can come and go with one more message. Bounded: the chats of the last
/// [`Shown::KEEP`] (less than the shortest retention, a day) and at most [`Shown::MAX`] of them;
/// on several instances (PostgreSQL) each remembers what it showed.
#[derive(Debug, Default)]
pub struct Shown {
    chats: std::sync::Mutex<HashMap<i64, (std::time::Instant, Vec<Proposal>)>>,
}

impl Shown {
    /// How long a chat's shown suggestions are kept after the last look (a shift and then some).
    pub const KEEP: std::time::Duration = std::time::Duration::from_secs(12 * 3600);
    /// At most this many chats (the oldest looked at goes first).
    pub const MAX: usize = 2000;

    /// Adds to `out` (the latest reading of chat `id`) each suggestion shown before that the
    /// reading no longer gives, marked stale, unless the reading now proposes another value for
    /// the same field; then remembers what the panel shows now.
    pub fn keep(&self, id: i64, out: &mut Vec<Proposal>) {
        let Ok(mut chats) = self.chats.lock() else {
            return;
        };
        let now = std::time::Instant::now();
        chats.retain(|_, (at, _)| now.duration_since(*at) < Self::KEEP);
        if let Some((_, before)) = chats.get(&id) {
            for p in before {
                if !out.iter().any(|q| q.field == p.field) {
                    // (What is kept never carries a decision: `decided` marks the answer after.)
                    let mut p = p.clone();
                    p.stale = true;
                    out.push(p);
                }
            }
        }
        if !chats.contains_key(&id) && chats.len() >= Self::MAX {
            let oldest = chats.iter().min_by_key(|(_, (at, _))| *at).map(|(k, _)| *k);
            if let Some(k) = oldest {
                chats.remove(&k);
            }
        }
        chats.insert(id, (now, out.clone()));
    }
}

/// Categories the codebook values point to: (variable, value, category code).
const CATEGORY_OF: &[(&str, &str, &str)] = &[
    (
        "exclusion_reason",
        "other_sexual_violence",
        "sexual_violence",
    ),
    ("exclusion_reason", "sextortion_only", "online_abuse"),
    ("coercion", "sextortion", "online_abuse"),
    ("perpetrator", "family", "domestic_violence"),
    ("perpetrator", "partner", "relationship"),
];

fn quotes(s: &zicht_suggest::Suggestion) -> Vec<Quote> {
    quote_all(&s.evidence)
}

fn quote_all(evidence: &[zicht_suggest::Evidence]) -> Vec<Quote> {
    evidence
        .iter()
        .map(|e| Quote {
            message: e.message + 1,
            text: e.text.clone(),
            start: e.start,
            end: e.end,
        })
        .collect()
}

/// The words behind one code of a suggestion: for a multiple-response set only that item's own
/// evidence (walk-console22, finding 10: "schulden", the words of `debt_bondage`, is no evidence
/// of online abuse, which `sextortion` is); a single code's evidence is all of it. A set's item
/// whose own words are not known gets none, and is then not proposed.
fn quotes_of(s: &zicht_suggest::Suggestion, code: &str) -> Vec<Quote> {
    match &s.value {
        Value::Items(items) => match s.item_evidence.iter().find(|(c, _)| c == code) {
            Some((_, evidence)) => quote_all(evidence),
            None if items.len() == 1 => quotes(s),
            None => Vec::new(),
        },
        _ => quotes(s),
    }
}

fn source(s: &zicht_suggest::Suggestion, item: Option<&str>) -> &'static str {
    let by_model =
        s.source == Some("model") || item.is_some_and(|i| s.model_items.iter().any(|m| m == i));
    if by_model { "model" } else { "rules" }
}

/// The panel's proposals from the suggestions of a conversation; `categories` are the
/// configured (code, nl, en); `book` gives the labels of what a "no" seems to be instead.
pub fn proposals(
    s: &Suggestions,
    categories: &[(String, String, String)],
    book: Option<&zicht_codebook::Codebook>,
) -> Vec<Proposal> {
    let mut out = Vec::new();
    // "Not a help request" only when the rules find what the chat is instead (an exclusion
    // with its words): the learned layer's guess of "no" on a story it has not seen would push
    // a counsellor away from a help request (a labour story read as "no" from 'euro').
    if let Some(st) = s.get("status")
        && let Some(code) = st.value.as_code()
        && (code == "included" || source(st, None) == "rules")
    {
        let yes = code == "included";
        // The card says the value "Invullen" sets (walk-console14, finding 3).
        let instead = if yes {
            None
        } else {
            // Not the reason `other`, whose label ("Anders") says nothing of what the chat is
            // (walk-console15): the card then says only that it seems to be something else.
            s.get("exclusion_reason")
                .and_then(|r| r.value.as_code())
                .filter(|c| *c != "other")
                .and_then(|c| book?.variable("exclusion_reason")?.code(c))
                .map(|c| (c.nl.clone(), c.en.clone()))
        };
        let (instead_nl, instead_en) = instead.unzip();
        let by_model = source(st, None) == "model";
        let words = if by_model {
            clear_words(quotes(st))
        } else {
            quotes(st)
        };
        let names = if yes {
            (
                "Hulpvraag over mensenhandel: ja".into(),
                "Help request about human trafficking: yes".into(),
            )
        } else {
            (
                "Hulpvraag over mensenhandel: nee".into(),
                "Help request about human trafficking: no".into(),
            )
        };
        out.push(Proposal {
            no_clear_words: by_model && words.is_empty(),
            instead_nl,
            instead_en,
            ..Proposal::open(
                "trafficking",
                if yes { "yes" } else { "no" },
                names,
                source(st, None),
                words,
            )
        });
    }
    for (var, code, cat) in CATEGORY_OF {
        let Some(sug) = s.get(var) else {
            continue;
        };
        let hit = match &sug.value {
            Value::Code(c) => c == code,
            Value::Items(items) => items.iter().any(|i| i == code),
            Value::Integer(_) => false,
        };
        let Some((c, nl, en)) = categories.iter().find(|(c, _, _)| c == cat) else {
            continue;
        };
        // (A category the learned layer added is proposed only with words that say something.)
        let words = match (hit, source(sug, Some(code))) {
            (false, _) => Vec::new(),
            (true, "model") => with_content(quotes_of(sug, code)),
            (true, _) => quotes_of(sug, code),
        };
        if !words.is_empty() && !out.iter().any(|p: &Proposal| &p.field == c) {
            out.push(Proposal::open(
                c.clone(),
                "yes",
                (nl.clone(), en.clone()),
                source(sug, Some(code)),
                words,
            ));
        }
    }
    if let Some(f) = crate::console::victim_fields() {
        victim_proposals(s, f, &mut out);
    }
    out
}

/// The victim's age and the form of exploitation, as the registration's fields take them
/// (within the field's range, a code of the codebook), named by the codebook's labels: "Leeftijd
/// slachtoffer: 15", "Vorm van uitbuiting: seksuele uitbuiting". An age from the intake form has
/// no quote (the card says where it is from); one from the text, and a form, only with words.
pub fn victim_proposals(
    s: &Suggestions,
    f: &crate::console::VictimFields,
    out: &mut Vec<Proposal>,
) {
    if let Some(sug) = s.get("victim_age")
        && let Value::Integer(age) = sug.value
        && let Ok(age) = u32::try_from(age)
        && (f.age_min..=f.age_max).contains(&age)
    {
        let intake = sug.source == Some("intake");
        let words = if intake { Vec::new() } else { quotes(sug) };
        if intake || !words.is_empty() {
            out.push(Proposal::open(
                "victim_age",
                age.to_string(),
                (
                    format!("{}: {age}", f.age_label.nl),
                    format!("{}: {age}", f.age_label.en),
                ),
                if intake { "intake" } else { source(sug, None) },
                words,
            ));
        }
    }
    if let Some(sug) = s.get("exploitation")
        && let Some(code) = sug.value.as_code()
        && let Some((c, nl, en)) = f.exploitation_codes.iter().find(|(c, _, _)| c == code)
    {
        // The learned layer's form quotes only words that say something: a walk (walk43,
        // finding 1) saw "ja" of "ja ik ben veilig" quoted for sexual exploitation. Without such
        // words the card quotes none and says it is only an estimate (`no_clear_words`), as the
        // trafficking flag's does.
        let by_model = source(sug, None) == "model";
        let words = if by_model {
            with_content(quotes(sug))
        } else {
            quotes(sug)
        };
        if !words.is_empty() || by_model {
            out.push(Proposal {
                no_clear_words: by_model && words.is_empty(),
                ..Proposal::open(
                    "exploitation",
                    c.clone(),
                    (
                        format!("{}: {}", f.exploitation_label.nl, lower_first(nl)),
                        format!("{}: {}", f.exploitation_label.en, lower_first(en)),
                    ),
                    source(sug, None),
                    words,
                )
            });
        }
    }
}

/// A label inside a sentence: "Seksuele uitbuiting" as "seksuele uitbuiting".
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

// Which of the learned layer's words the trafficking flag's card quotes (a counsellor's shift,
// finding 1: "sorry ik", "moet", "restaurant" made the card look arbitrary). The model's words
// are the visitor's words behind its largest weights: often a pronoun, a "ja" that answered a
// question, a number or a length of time, which weigh in the model but tell a counsellor
// nothing. The rule, kept simple: a quote is shown only when it holds a content word (a word
// that is not in `EMPTY_WORDS` and holds no digit), and the quotes are shown only when together
// they hold at least two different content words, since one word alone ("restaurant", "huis")
// does not say why a chat would be about trafficking. Otherwise none is quoted and the card
// says that the flag is only an estimate from similar conversations and that she judges the
// chat herself (`no_clear_words`). The rules' words are the phrases they look for and are always
// quoted; a category and the form of exploitation are proposed only with words and stay as they
// are ("restaurant" does say something of the form of exploitation).
/// The quotes of the learned layer's trafficking flag worth showing: those with a content word,
/// and only when together they hold two different content words; none otherwise.
pub fn clear_words(quotes: Vec<Quote>) -> Vec<Quote> {
    let kept: Vec<Quote> = quotes
        .into_iter()
        .filter(|q| content_words(&q.text).next().is_some())
        .collect();
    let mut words: Vec<String> = kept.iter().flat_map(|q| content_words(&q.text)).collect();
    words.sort();
    words.dedup();
    if words.len() >= 2 { kept } else { Vec::new() }
}

/// The quotes that hold a content word (the learned layer's words for a form of exploitation
/// or a category: "ja" or "ik ben" says nothing of either).
fn with_content(quotes: Vec<Quote>) -> Vec<Quote> {
    quotes
        .into_iter()
        .filter(|q| content_words(&q.text).next().is_some())
        .collect()
}

/// The content words of a text, lower case: its words less `EMPTY_WORDS` and anything with a
/// digit ("4", "16e").
fn content_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .map(|w| w.replace('\u{2019}', "'").trim_matches('\'').to_lowercase())
        .filter(|w| {
            !w.is_empty()
                && !w.chars().any(|c| c.is_ascii_digit())
                && !EMPTY_WORDS.split_whitespace().any(|e| e == w)
        })
}

/// Words that say nothing of what happens to someone, in Dutch as visitors write it (and a few
/// English ones): articles, pronouns, prepositions, conjunctions, auxiliary and modal verbs and
/// other light verbs, particles, yes and no, greetings and fillers, number words, and lengths
/// and moments of time.
const EMPTY_WORDS: &str = "
    de het t een n die dat deze dit elk elke ieder iedere alle alles sommige veel weinig meer
    minder ander andere ik k je jij u hij ie zij ze we wij jullie me mij mn m'n mijn jou jouw
    zijn zn z'n haar hem hen hun ons onze zich zichzelf mezelf jezelf men iemand niemand iets
    niets niks nix iedereen wat wie welke waar hoe waarom wanneer er hier daar daarom daarna dan
    toen in op aan van voor met naar uit bij door over om tot tegen zonder onder na sinds via te
    tussen achter boven mee af toe en of maar want dus als omdat terwijl zodat ofzo ben bent is
    was waren word wordt worden werd werden heb hebt heeft hebben had hadden gehad kan kun kunt
    kunnen kon konden moet moeten moest moesten mag mogen mocht mochten wil wilt willen wou
    wilde wilden zal zult zullen zou zouden ga gaat gaan ging gingen doe doet doen deed deden
    gedaan laat laten liet lieten krijg krijgt krijgen kreeg kom komt komen kwam zeg zegt zeggen
    zei weet weten wist ken kent kennen kende denk denkt vind vindt ding dingen niet nie geen
    wel ook nog al nu toch even echt heel zo erg best gewoon eigenlijk misschien soms altijd
    nooit weer alleen steeds meteen zelf zelfs pas eens ja jaa jawel nee neee nou ok oke oké
    okay okee sorry sry srry hoi hoii hallo hey hee hi doei bedankt dank idk ff lol haha uh uhm
    eh hmm oh o ah i im i'm the a you he she it my her him his they to yes no and twee drie vier
    vijf zes zeven acht negen tien elf twaalf twintig dertig veertig vijftig honderd paar half
    halve ruim bijna minuut minuten uur uren dag dagen week weken weekend maand maanden jaar
    jaren keer keren maandag dinsdag woensdag donderdag vrijdag zaterdag zondag vandaag gisteren
    morgen vanavond vannacht nacht avond ochtend middag geleden lang later eerst vroeger vorig
    vorige volgend volgende tijd
";

/// Below this many words from the visitor, an empty panel says that she or he has written
/// little so far (with the count), not only that nothing was found.
pub const FEW_WORDS: usize = 25;

/// Why the panel has no suggestion, as far as the server knows: the visitor has not written
/// yet (`no_words`), has written little so far and nothing in it was found (`few_words`), or
/// nothing in what the visitor wrote was found to point at exploitation or a category
/// (`nothing_found`).
pub fn empty_reason(visitor_messages: usize, visitor_words: usize) -> &'static str {
    if visitor_messages == 0 || visitor_words == 0 {
        "no_words"
    } else if visitor_words < FEW_WORDS {
        "few_words"
    } else {
        "nothing_found"
    }
}

/// Common function words of English and of Dutch (spoken and chat spelling), none shared by the
/// two ("is", "in", "me", "we", "was", "of" are left out).
const ENGLISH_WORDS: &[&str] = &[
    "the", "and", "i", "i'm", "im", "you", "my", "he", "she", "they", "it", "to", "with", "for",
    "not", "can", "cannot", "can't", "don't", "dont", "what", "have", "has", "this", "that", "are",
    "do", "if", "but", "be", "am", "will", "would", "your", "his", "from", "there", "where", "how",
    "when", "at", "a", "an", "them", "our", "us", "please", "because",
];
const DUTCH_WORDS: &[&str] = &[
    "de", "het", "een", "en", "ik", "je", "jij", "mijn", "mn", "hij", "zij", "ze", "niet", "van",
    "met", "voor", "dat", "die", "wat", "heb", "hebt", "heeft", "ben", "bent", "maar", "ook",
    "nog", "al", "er", "naar", "om", "op", "te", "aan", "als", "dan", "wel", "geen", "kan", "moet",
    "wil", "zijn", "haar", "hem", "hoe", "waar", "want", "nu", "door", "uit", "weet", "echt",
    "jullie", "ons", "mag", "omdat",
];

/// Whether what the visitor wrote is mostly not Dutch: at least five common English function
/// words and more than twice as many as Dutch ones. The suggester reads Dutch only, so an empty
/// panel on such a chat says that, not "nothing was found" (walk-console34, finding 3).
pub fn mostly_not_dutch(texts: &[&str]) -> bool {
    let (mut en, mut nl) = (0usize, 0usize);
    for text in texts {
        for word in text
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
            .filter(|w| !w.is_empty())
        {
            let w = word.to_lowercase().replace('\u{2019}', "'");
            if ENGLISH_WORDS.contains(&w.as_str()) {
                en += 1;
            } else if DUTCH_WORDS.contains(&w.as_str()) {
                nl += 1;
            }
        }
    }
    en >= 5 && en > 2 * nl
}

/// The answer of `GET /console/api/assist/{conv}`: the proposals and, for an empty panel,
/// what the chat holds so far and why there is none.
#[derive(Debug, Serialize)]
pub struct Assist {
    pub proposals: Vec<Proposal>,
    /// How many messages and words the visitor has written so far.
    pub visitor_messages: usize,
    pub visitor_words: usize,
    /// Only without proposals: `no_words`, `few_words` or `nothing_found` (see [`empty_reason`]),
    /// or `not_dutch` when the visitor writes mostly in another language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub empty: Option<&'static str>,
    /// Whether the visitor writes mostly in another language than Dutch ([`mostly_not_dutch`]):
    /// the suggester reads Dutch only. Sent only when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub not_dutch: bool,
    /// What the suggester read and deliberately does not suggest ([`hints`]), shown without
    /// "Invullen". Sent only when there is one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<Hint>,
}

/// A hint without a value to fill in: the field, what was read (Dutch, English), the visitor's
/// words and what the counsellor does herself.
#[derive(Debug, Serialize, PartialEq)]
pub struct Hint {
    pub field: String,
    pub nl: String,
    pub en: String,
    pub quotes: Vec<Quote>,
    pub do_nl: String,
    pub do_en: String,
}

/// The hints of what the suggester withheld: a visitor who corrected her own age ("ik ben 16
/// nee wacht 15") gets no age suggestion, but the panel says that she corrected one, with her
/// words, and that the counsellor fills in the age herself (walk41, finding 3). Only with the
/// visitor's words and when the registration has the victim's age.
pub fn hints(w: &zicht_suggest::Withheld, f: Option<&crate::console::VictimFields>) -> Vec<Hint> {
    let mut out = Vec::new();
    if let (Some(sug), Some(f)) = (&w.victim_age, f) {
        let words = quotes(sug);
        if !words.is_empty() {
            out.push(Hint {
                field: "victim_age".into(),
                nl: format!("{}: de bezoeker verbeterde een leeftijd:", f.age_label.nl),
                en: format!("{}: the visitor corrected an age:", f.age_label.en),
                quotes: words,
                do_nl: "Vul de leeftijd zelf in.".into(),
                do_en: "Fill in the age yourself.".into(),
            });
        }
    }
    out
}

/// `GET /console/api/assist/{conv}`: the proposals for a conversation the counsellor holds.
pub async fn assist(
    State(app): State<App>,
    headers: HeaderMap,
    Path(conv): Path<String>,
) -> Result<Json<Assist>, ApiError> {
    let s = auth(&app, &headers, STAFF, false).await?;
    let id = registrable(&app, &s, conv.clone()).await?;
    let name = s.user.name.clone();
    let read = move |c: &zicht_store::Conn| {
        let reader = zicht_store::Reader::Staff {
            name: &name,
            purpose: zicht_store::Purpose::Assist,
        };
        Ok((
            c.conversation(&conv)?,
            c.messages(id, 0, reader)?,
            c.suggestion_decisions(id)?,
            c.users()?,
        ))
    };
    let me = s.user.id;
    let (info, messages, decisions, users) = app.db.read(read).await?;
    let info = info.ok_or(ApiError::new(StatusCode::NOT_FOUND, "unknown_conversation"))?;
    let conversation = as_conversation(info, messages);
    let suggester = suggester()?;
    let cats = categories(&app);
    // A chat takes well under a millisecond: no need to leave the async thread.
    let (s, withheld) = suggester.suggest_noting(&conversation);
    let hints = hints(&withheld, crate::console::victim_fields());
    let mut out = proposals(&s, &cats, Some(suggester.codebook()));
    app.shown.keep(id, &mut out);
    let names: HashMap<i64, String> = users.into_iter().map(|u| (u.id, u.name)).collect();
    decided(&mut out, &decisions, me, &names);
    let said: Vec<&str> = conversation
        .messages
        .iter()
        .filter(|m| m.from == zicht_conversations::From::Visitor)
        .map(|m| m.text.as_str())
        .collect();
    let visitor_words = said.iter().map(|t| t.split_whitespace().count()).sum();
    let not_dutch = mostly_not_dutch(&said);
    let empty = out.is_empty().then(|| {
        if not_dutch {
            "not_dutch"
        } else {
            empty_reason(said.len(), visitor_words)
        }
    });
    Ok(Json(Assist {
        proposals: out,
        visitor_messages: said.len(),
        visitor_words,
        empty,
        not_dutch,
        hints,
    }))
}

/// The chat as the suggester reads it.
fn as_conversation(
    info: zicht_store::ConversationInfo,
    messages: Vec<zicht_store::StoredMessage>,
) -> zicht_conversations::Conversation {
    zicht_conversations::Conversation {
        conversation_id: info.public_id,
        channel: info.channel,
        username: String::new(),
        started_at: info.created_at,
        intake: zicht_conversations::Intake {
            age: info.age,
            gender: info.gender.map(|g| g.code().to_string()),
        },
        flags: zicht_conversations::Flags::default(),
        messages: messages
            .into_iter()
            .map(|m| zicht_conversations::Message {
                at: m.at,
                from: m.from,
                text: m.text,
            })
            .collect(),
        extra: serde_json::Map::new(),
    }
}

/// The configured categories: (code, nl, en).
pub(crate) fn categories(app: &App) -> Vec<(String, String, String)> {
    app.config
        .categories
        .iter()
        .map(|c| (c.code.clone(), c.name.nl.clone(), c.name.en.clone()))
        .collect()
}

/// Marks the proposals already decided (same field and value), with who decided: `me` (the
/// counsellor asking) or a colleague by the display name in `names`.
pub fn decided(
    out: &mut [Proposal],
    decisions: &[zicht_store::SuggestionDecision],
    me: i64,
    names: &HashMap<i64, String>,
) {
    for p in out.iter_mut() {
        let d = decisions
            .iter()
            .find(|d| d.field == p.field && d.value == p.value);
        p.decision = d.map(|d| d.decision.clone());
        p.decided_by = d
            .and_then(|d| d.user_id)
            .and_then(|u| names.get(&u).cloned());
        p.decided_by_me = d.map(|d| d.user_id == Some(me));
    }
}

/// The counsellor's click on a suggestion.
#[derive(Debug, Deserialize)]
pub struct Decision {
    pub field: String,
    pub value: String,
    /// `accepted`, `rejected`, or `open` ("Ongedaan maken": the decision taken back).
    pub decision: String,
}

/// Checks a decision: the field is `trafficking` (yes or no), a configured category (yes), or,
/// when the codebook has them, `victim_age` (an age in the field's range, in digits) or
/// `exploitation` (a code of the form of exploitation). `Some(true)` accepts, `Some(false)`
/// rejects, `None` takes the decision back.
pub fn check_decision(
    d: &Decision,
    categories: &[String],
    victim: Option<&crate::console::VictimFields>,
) -> Result<Option<bool>, &'static str> {
    let accepted = match d.decision.as_str() {
        "accepted" => Some(true),
        "rejected" => Some(false),
        "open" => None,
        _ => return Err("unknown_decision"),
    };
    let ok = if d.field == "trafficking" {
        d.value == "yes" || d.value == "no"
    } else if categories.iter().any(|c| c == &d.field) {
        d.value == "yes"
    } else if d.field == "victim_age" {
        victim.is_some_and(|f| {
            d.value.parse::<u32>().is_ok_and(|a| {
                // Digits as the proposal writes them: no sign, no leading zero.
                (f.age_min..=f.age_max).contains(&a) && a.to_string() == d.value
            })
        })
    } else if d.field == "exploitation" {
        victim.is_some_and(|f| f.exploitation_codes.iter().any(|(c, _, _)| c == &d.value))
    } else {
        false
    };
    if ok {
        Ok(accepted)
    } else {
        Err("unknown_field")
    }
}

/// `POST /console/api/assist/{conv}/decision`: keeps an accepted or rejected suggestion.
pub async fn decide(
    State(app): State<App>,
    headers: HeaderMap,
    Path(conv): Path<String>,
    Json(d): Json<Decision>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let s = auth(&app, &headers, STAFF, true).await?;
    let id = registrable(&app, &s, conv).await?;
    let cats: Vec<String> = app
        .config
        .categories
        .iter()
        .map(|c| c.code.clone())
        .collect();
    let accepted = check_decision(&d, &cats, crate::console::victim_fields())
        .map_err(|c| ApiError::new(StatusCode::BAD_REQUEST, c))?;
    let (user, now) = (s.user.id, crate::now_text());
    app.db
        .write(
            move |c| match accepted {
                Some(accepted) => c.decide_suggestion(id, &d.field, &d.value, accepted, user, &now),
                None => c.undo_suggestion(id, &d.field, &d.value).map(|_| ()),
            },
            |_| {},
        )
        .await?;
    Ok(Json(serde_json::json!({"ok": true})))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(field: &str, value: &str, decision: &str) -> Decision {
        Decision {
            field: field.into(),
            value: value.into(),
            decision: decision.into(),
        }
    }

    #[test]
    fn only_known_fields_values_and_decisions_are_kept() {
        let cats = vec!["online_abuse".to_string()];
        assert_eq!(
            check_decision(&decision("trafficking", "no", "rejected"), &cats, None),
            Ok(Some(false))
        );
        assert_eq!(
            check_decision(&decision("online_abuse", "yes", "accepted"), &cats, None),
            Ok(Some(true))
        );
        assert_eq!(
            check_decision(&decision("online_abuse", "yes", "open"), &cats, None),
            Ok(None)
        );
        assert!(check_decision(&decision("online_abuse", "no", "accepted"), &cats, None).is_err());
        assert!(check_decision(&decision("notes", "yes", "accepted"), &cats, None).is_err());
        assert!(check_decision(&decision("trafficking", "yes", "maybe"), &cats, None).is_err());
        // The victim's age and the form of exploitation, as the codebook has them.
        let f = crate::console::victim_fields();
        assert!(f.is_some());
        for (field, value) in [
            ("victim_age", "15"),
            ("victim_age", "0"),
            ("exploitation", "sexual"),
        ] {
            assert_eq!(
                check_decision(&decision(field, value, "accepted"), &cats, f),
                Ok(Some(true)),
                "{field} {value}"
            );
        }
        for (field, value) in [
            ("victim_age", "100"),
            ("victim_age", "015"),
            ("victim_age", "+15"),
            ("victim_age", "-1"),
            ("victim_age", "vijftien"),
            ("exploitation", "Seksuele uitbuiting"),
            ("exploitation", "yes"),
        ] {
            assert!(
                check_decision(&decision(field, value, "accepted"), &cats, f).is_err(),
                "{field} {value}"
            );
        }
        // Without the codebook's fields there are none to decide.
        assert!(check_decision(&decision("victim_age", "15", "accepted"), &cats, None).is_err());
    }

    #[test]
    fn english_and_dutch_are_told_apart_by_their_function_words() {
        // English, as an English-speaking visitor writes it (walk-console34, finding 3).
        assert!(mostly_not_dutch(&[
            "hi, i work in a restaurant",
            "my boss took my passport and i cannot leave",
            "we sleep with 8 people in one room",
        ]));
        // Dutch, also in chat spelling and with an English word or two.
        assert!(!mostly_not_dutch(&[
            "mn vriend laat me met andere mannen afspreken voor geld en hij pakt alles",
            "sorry i mean, ik weet het niet",
        ]));
        assert!(!mostly_not_dutch(&[
            "ik moet werken in een nagelsalon, ze hebben mijn paspoort"
        ]));
        // Too little to tell: not said.
        assert!(!mostly_not_dutch(&["hi", "help me"]));
        assert!(!mostly_not_dutch(&[]));
        // Mixed, mostly Dutch.
        assert!(!mostly_not_dutch(&[
            "the boss zegt dat ik niet weg mag en ik moet voor hem werken, het is echt erg",
        ]));
    }

    #[test]
    fn an_empty_panel_says_why_from_what_the_visitor_wrote() {
        assert_eq!(empty_reason(0, 0), "no_words");
        assert_eq!(empty_reason(1, 0), "no_words");
        assert_eq!(empty_reason(2, FEW_WORDS - 1), "few_words");
        assert_eq!(empty_reason(3, FEW_WORDS), "nothing_found");
    }

    #[test]
    fn a_decision_marks_only_its_field_and_value() {
        let p = |field: &str, value: &str| {
            Proposal::open(field, value, Default::default(), "rules", Vec::new())
        };
        let mut out = vec![p("trafficking", "yes"), p("online_abuse", "yes")];
        let d = |field: &str, value: &str, decision: &str| zicht_store::SuggestionDecision {
            field: field.into(),
            value: value.into(),
            decision: decision.into(),
            user_id: Some(1),
            at: "2026-12-05T10:00:00Z".into(),
        };
        let names = HashMap::from([(1, "anna".to_string())]);
        decided(
            &mut out,
            &[
                d("trafficking", "no", "rejected"),
                d("online_abuse", "yes", "rejected"),
            ],
            1,
            &names,
        );
        assert_eq!(out[0].decision, None);
        assert_eq!(out[0].decided_by_me, None);
        assert_eq!(out[1].decision.as_deref(), Some("rejected"));
        assert_eq!(out[1].decided_by.as_deref(), Some("anna"));
        assert_eq!(out[1].decided_by_me, Some(true));
        // After a transfer, the colleague who holds the chat now reads anna's decision as anna's.
        decided(&mut out, &[d("online_abuse", "yes", "accepted")], 2, &names);
        assert_eq!(out[1].decided_by.as_deref(), Some("anna"));
        assert_eq!(out[1].decided_by_me, Some(false));
    }
}

/// A chat whose flag the learned layer estimates from a bare "ja" (corpus chat v1-091): the
/// visitor's, the counsellor's, and so on (the console's browser test types the same chat).
#[cfg(test)]
pub const WEAK_CHAT: [&str; 5] = [
    "mn beste vriendin is 15 en haar vriend van 17 laat haar dingen doen met jongens uit zn groep voor geld",
    "Wat goed dat je er voor haar bent. Gebeurt het nog steeds?",
    "ja",
    "Weet iemand anders hiervan?",
    "nee",
];

/// The trafficking flag's "no" only from the rules.
#[cfg(test)]
mod flag_tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use zicht_suggest::{Evidence, Suggestion};

    fn status(code: &str, source: Option<&'static str>) -> Suggestions {
        Suggestions {
            conversation_id: "c-1".into(),
            suggestions: vec![(
                "status".into(),
                Suggestion {
                    value: Value::Code(code.into()),
                    evidence: vec![Evidence {
                        message: 0,
                        start: 0,
                        end: 4,
                        text: "euro".into(),
                    }],
                    source,
                    model_items: Vec::new(),
                    item_evidence: Vec::new(),
                },
            )],
        }
    }

    fn ev(message: usize, text: &str) -> Evidence {
        Evidence {
            message,
            start: 0,
            end: text.chars().count(),
            text: text.into(),
        }
    }

    /// walk-console22, finding 10: the category "online abuse" from the item `sextortion`
    /// quotes only that item's words, never those of `debt_bondage` beside it in `coercion`.
    #[test]
    fn a_category_quotes_only_its_own_item() {
        let cats = vec![(
            "online_abuse".to_string(),
            "Online misbruik (sextortion, beelden)".to_string(),
            "Online abuse (sextortion, images)".to_string(),
        )];
        let coercion = |item_evidence: Vec<(String, Vec<Evidence>)>| Suggestions {
            conversation_id: "c-1".into(),
            suggestions: vec![(
                "coercion".into(),
                Suggestion {
                    value: Value::Items(vec!["debt_bondage".into(), "sextortion".into()]),
                    evidence: vec![ev(0, "schulden"), ev(2, "foto's online zetten")],
                    source: None,
                    model_items: Vec::new(),
                    item_evidence,
                },
            )],
        };
        let s = coercion(vec![
            ("debt_bondage".into(), vec![ev(0, "schulden")]),
            ("sextortion".into(), vec![ev(2, "foto's online zetten")]),
        ]);
        let p = proposals(&s, &cats, None);
        assert_eq!(p.len(), 1);
        assert_eq!(
            p[0].quotes,
            vec![Quote {
                message: 3,
                text: "foto's online zetten".into(),
                start: 0,
                end: 20,
            }]
        );
        // Without its own words the item is not proposed on the words of another.
        assert!(proposals(&coercion(Vec::new()), &cats, None).is_empty());
    }

    /// The same through the suggester itself: a chat of a debt (the means `other`) and of
    /// pictures he threatens to send (`sextortion`).
    #[test]
    fn the_suggesters_online_abuse_never_quotes_debt() {
        let book = zicht_codebook::Codebook::embedded().unwrap();
        let sug = Suggester::with_embedded_model(book).unwrap();
        let cats = vec![(
            "online_abuse".to_string(),
            "Online misbruik".to_string(),
            "Online abuse".to_string(),
        )];
        let conv: zicht_conversations::Conversation = serde_json::from_value(serde_json::json!({
            "conversation_id": "c-1", "channel": "fier", "username": "",
            "started_at": "2026-12-05T20:00:00Z",
            "intake": {"age": 16, "gender": null},
            "messages": [
                {"at": "2026-12-05T20:01:00Z", "from": "visitor", "text": "ik moet met mannen slapen voor geld van hem, hij zegt dat ik hem nog 2000 euro schuldig ben"},
                {"at": "2026-12-05T20:02:00Z", "from": "counsellor", "text": "wat vervelend, vertel"},
                {"at": "2026-12-05T20:03:00Z", "from": "visitor", "text": "en hij heeft fotos van me gemaakt en zegt dat hij ze naar mn ouders stuurt als ik niet luister"},
            ],
        }))
        .unwrap();
        let s = sug.suggest(&conv);
        let coercion = s.get("coercion").map(|c| c.value.clone());
        let p = proposals(&s, &cats, None);
        let online = p.iter().find(|p| p.field == "online_abuse");
        assert!(online.is_some(), "no online abuse from {coercion:?}: {p:?}");
        for q in &online.unwrap().quotes {
            assert!(!q.text.contains("schuld"), "{q:?} in {p:?}");
        }
    }

    /// The learned layer's "not a help request" is never proposed; the rules' is (with the
    /// words of the exclusion), and a help request is proposed from either.
    #[test]
    fn no_help_request_only_from_the_rules() {
        let flag = |s: &Suggestions| {
            proposals(s, &[], None)
                .into_iter()
                .find(|p| p.field == "trafficking")
                .map(|p| p.value)
        };
        assert_eq!(flag(&status("excluded", Some("model"))), None);
        assert_eq!(flag(&status("excluded", None)).as_deref(), Some("no"));
        assert_eq!(
            flag(&status("included", Some("model"))).as_deref(),
            Some("yes")
        );
        assert_eq!(flag(&status("included", None)).as_deref(), Some("yes"));
    }

    /// A counsellor's shift, finding 1: the learned layer's flag quotes only words that say
    /// something; on "sorry ik", "moet" or one word alone ("restaurant") it quotes none and says
    /// so (`no_clear_words`), the API as the console shows it. The rules' words are quoted as
    /// they are.
    #[test]
    fn a_model_flag_quotes_only_clear_words() {
        let flag = |source: Option<&'static str>, texts: &[&str]| {
            let mut s = status("included", source);
            s.suggestions[0].1.evidence = texts.iter().enumerate().map(|(i, t)| ev(i, t)).collect();
            proposals(&s, &[], None)
                .into_iter()
                .find(|p| p.field == "trafficking")
                .unwrap()
        };
        let texts = |p: &Proposal| p.quotes.iter().map(|q| q.text.clone()).collect::<Vec<_>>();
        for weak in [
            &["sorry ik", "moet"][..],
            &["restaurant"],
            &["Ja", "4", "5 maanden"],
            &["hij de", "sorry. Ik", "restaurant"],
            &["haar paspoort"],
        ] {
            let p = flag(Some("model"), weak);
            assert_eq!(p.value, "yes", "{weak:?}");
            assert!(p.quotes.is_empty(), "{weak:?}: {p:?}");
            assert!(p.no_clear_words, "{weak:?}");
            let json = serde_json::to_value(&p).unwrap();
            assert_eq!(json["no_clear_words"], true);
            assert_eq!(json["quotes"], serde_json::json!([]));
        }
        // Two content words: quoted, less the quotes without one.
        let p = flag(Some("model"), &["ja", "haar paspoort", "aan mannen"]);
        assert_eq!(texts(&p), ["haar paspoort", "aan mannen"]);
        assert!(!p.no_clear_words);
        assert!(
            serde_json::to_value(&p)
                .unwrap()
                .get("no_clear_words")
                .is_none()
        );
        let p = flag(Some("model"), &["restaurant", "betaald"]);
        assert_eq!(texts(&p), ["restaurant", "betaald"]);
        // The rules' words stay as they are.
        let p = flag(None, &["ja"]);
        assert_eq!(texts(&p), ["ja"]);
        assert!(!p.no_clear_words);
    }

    /// The same through the suggester: a friend's story whose flag the model estimates from a
    /// "ja" that answered a question (corpus chat v1-091).
    #[test]
    fn the_suggesters_flag_on_a_bare_ja_quotes_nothing() {
        let book = zicht_codebook::Codebook::embedded().unwrap();
        let sug = Suggester::with_embedded_model(book).unwrap();
        let conv: zicht_conversations::Conversation = serde_json::from_value(serde_json::json!({
            "conversation_id": "c-1", "channel": "fier", "username": "",
            "started_at": "2026-12-05T20:00:00Z",
            "intake": {"age": null, "gender": null},
            "messages": [
                {"at": "2026-12-05T20:01:00Z", "from": "visitor", "text": WEAK_CHAT[0]},
                {"at": "2026-12-05T20:02:00Z", "from": "counsellor", "text": WEAK_CHAT[1]},
                {"at": "2026-12-05T20:03:00Z", "from": "visitor", "text": WEAK_CHAT[2]},
                {"at": "2026-12-05T20:04:00Z", "from": "counsellor", "text": WEAK_CHAT[3]},
                {"at": "2026-12-05T20:05:00Z", "from": "visitor", "text": WEAK_CHAT[4]},
            ],
        }))
        .unwrap();
        let s = sug.suggest(&conv);
        let p = proposals(&s, &[], None);
        let flag = p.iter().find(|p| p.field == "trafficking");
        let flag = flag.unwrap_or_else(|| panic!("no flag: {:?}", s.get("status")));
        assert_eq!(flag.source, "model", "{:?}", s.get("status"));
        assert!(flag.quotes.is_empty(), "{flag:?}");
        assert!(flag.no_clear_words);
    }

    /// The victim's age and the form of exploitation: named by the codebook's labels (never a
    /// code), the age from the intake form without a quote, a form only with the visitor's words.
    #[test]
    fn age_and_form_are_named_in_words() {
        let f = crate::console::victim_fields().unwrap();
        let one =
            |var: &str, value: Value, source: Option<&'static str>, evidence: Vec<Evidence>| {
                Suggestions {
                    conversation_id: "c-1".into(),
                    suggestions: vec![(
                        var.into(),
                        Suggestion {
                            value,
                            evidence,
                            source,
                            model_items: Vec::new(),
                            item_evidence: Vec::new(),
                        },
                    )],
                }
            };
        let mut out = Vec::new();
        victim_proposals(
            &one(
                "victim_age",
                Value::Integer(15),
                None,
                vec![ev(0, "ik ben 15")],
            ),
            f,
            &mut out,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].field, "victim_age");
        assert_eq!(out[0].value, "15");
        assert_eq!(out[0].nl, "Leeftijd slachtoffer: 15");
        assert_eq!(out[0].source, "rules");
        assert_eq!(out[0].quotes[0].text, "ik ben 15");
        // From the intake: said so, no quote (its evidence is why the intake is the victim's).
        let mut out = Vec::new();
        victim_proposals(
            &one(
                "victim_age",
                Value::Integer(16),
                Some("intake"),
                vec![ev(0, "ik")],
            ),
            f,
            &mut out,
        );
        assert_eq!(out[0].source, "intake");
        assert!(out[0].quotes.is_empty());
        // Out of the field's range, or from the text without words: none.
        let mut out = Vec::new();
        victim_proposals(
            &one("victim_age", Value::Integer(104), None, vec![ev(0, "104")]),
            f,
            &mut out,
        );
        victim_proposals(
            &one("victim_age", Value::Integer(15), None, Vec::new()),
            f,
            &mut out,
        );
        assert!(out.is_empty(), "{out:?}");
        let mut out = Vec::new();
        victim_proposals(
            &one(
                "exploitation",
                Value::Code("sexual".into()),
                Some("model"),
                vec![ev(0, "met mannen afspreken voor geld")],
            ),
            f,
            &mut out,
        );
        assert_eq!(out[0].field, "exploitation");
        assert_eq!(out[0].value, "sexual");
        assert_eq!(out[0].nl, "Vorm van uitbuiting: seksuele uitbuiting");
        assert_eq!(out[0].en, "Form of exploitation: sexual exploitation");
        assert_eq!(out[0].source, "model");
        let mut out = Vec::new();
        victim_proposals(
            &one(
                "exploitation",
                Value::Code("sexual".into()),
                None,
                Vec::new(),
            ),
            f,
            &mut out,
        );
        victim_proposals(
            &one(
                "exploitation",
                Value::Code("unknown".into()),
                None,
                vec![ev(0, "x")],
            ),
            f,
            &mut out,
        );
        assert!(out.is_empty(), "{out:?}");
        // walk43, finding 1: the learned layer's form with only "ja" behind it quotes nothing and
        // says it is only an estimate; with a content word it quotes that word only.
        let mut out = Vec::new();
        victim_proposals(
            &one(
                "exploitation",
                Value::Code("sexual".into()),
                Some("model"),
                vec![ev(0, "ja"), ev(1, "ik ben")],
            ),
            f,
            &mut out,
        );
        assert_eq!(out.len(), 1, "{out:?}");
        assert!(out[0].quotes.is_empty(), "{out:?}");
        assert!(out[0].no_clear_words);
        let mut out = Vec::new();
        victim_proposals(
            &one(
                "exploitation",
                Value::Code("sexual".into()),
                Some("model"),
                vec![ev(0, "ja"), ev(1, "met mannen")],
            ),
            f,
            &mut out,
        );
        assert_eq!(
            out[0]
                .quotes
                .iter()
                .map(|q| q.text.as_str())
                .collect::<Vec<_>>(),
            ["met mannen"]
        );
        assert!(!out[0].no_clear_words);
        // The rules' words stay as they are.
        let mut out = Vec::new();
        victim_proposals(
            &one(
                "exploitation",
                Value::Code("sexual".into()),
                None,
                vec![ev(0, "moet")],
            ),
            f,
            &mut out,
        );
        assert_eq!(out[0].quotes[0].text, "moet");
        assert!(!out[0].no_clear_words);
    }

    /// A rules "no" names what the chat seems to be instead by the codebook's label, except
    /// for the reason `other`, whose label "Anders" says nothing.
    #[test]
    fn a_no_names_its_reason_but_not_other() {
        let book = zicht_codebook::Codebook::embedded().unwrap();
        let instead = |reason: &str| {
            let mut s = status("excluded", None);
            let mut r = s.suggestions[0].1.clone();
            r.value = Value::Code(reason.into());
            s.suggestions.push(("exclusion_reason".into(), r));
            proposals(&s, &[], Some(&book))
                .into_iter()
                .find(|p| p.field == "trafficking")
                .and_then(|p| p.instead_nl)
        };
        assert!(instead("sextortion_only").is_some());
        assert_eq!(instead("other"), None);
    }
}

#[cfg(test)]
mod hint_tests {
    use super::*;

    fn chat(intake_age: Option<u32>, lines: &[&str]) -> zicht_conversations::Conversation {
        zicht_conversations::Conversation {
            conversation_id: "c1".into(),
            channel: "fier".into(),
            username: String::new(),
            started_at: "2026-12-06T09:50:00Z".into(),
            intake: zicht_conversations::Intake {
                age: intake_age,
                gender: None,
            },
            flags: zicht_conversations::Flags::default(),
            messages: lines
                .iter()
                .map(|t| zicht_conversations::Message {
                    at: "2026-12-06T09:50:00Z".into(),
                    from: zicht_conversations::From::Visitor,
                    text: (*t).into(),
                })
                .collect(),
            extra: serde_json::Map::new(),
        }
    }

    /// walk41, finding 3: "ik ben 16 nee wacht 15" suggests no age, but the panel gets a hint
    /// with her words and no value to fill in.
    #[test]
    fn a_corrected_age_is_a_hint_with_her_words() -> Result<(), Box<dyn std::error::Error>> {
        let sug = suggester().map_err(|_| "no suggester")?;
        let c = chat(
            Some(16),
            &[
                "mn vriendje zegt dat ik met zn vrienden moet",
                "ik ben 16 nee wacht 15",
            ],
        );
        let (s, withheld) = sug.suggest_noting(&c);
        let out = proposals(&s, &[], Some(sug.codebook()));
        assert!(
            !out.iter()
                .any(|p| p.field == "victim_age" && p.source != "intake"),
            "{out:?}"
        );
        let h = hints(&withheld, crate::console::victim_fields());
        assert_eq!(h.len(), 1, "{h:?}");
        assert_eq!(h[0].field, "victim_age");
        assert_eq!(
            h[0].nl,
            "Leeftijd slachtoffer: de bezoeker verbeterde een leeftijd:"
        );
        assert_eq!(h[0].do_nl, "Vul de leeftijd zelf in.");
        assert!(
            h[0].quotes
                .iter()
                .any(|q| q.text.contains("16") && q.message == 2),
            "{h:?}"
        );
        // Without a correction, no hint.
        let (_, none) = sug.suggest_noting(&chat(None, &["ik ben 15 en hij pakt mn geld"]));
        assert!(hints(&none, crate::console::victim_fields()).is_empty());
        Ok(())
    }
}
