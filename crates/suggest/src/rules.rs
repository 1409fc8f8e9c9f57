//! The rules: from lexicon hits in a conversation to suggested values with evidence.
//!
//! Only the visitor's words are evidence of facts; a counsellor's message gives
//! context (a question about age, a question the visitor answers with "ja").
//! A cue that is negated ("nooit geslagen") or hedged ("denk ik") counts for
//! nothing. Whose fact a fact is: the intake and first-person statements belong
//! to the chatter, who is the victim only when the chat says so.

use zicht_conversations::{Conversation, From, Message};

use crate::lexicon::{Cue, Gender, Lexicon, Owner, Tag, class, flag};
use crate::text::{Hit, Prepared};
use crate::{Evidence, Suggestion, Value};

/// Whether a text holds a byte-string literal: one searcher per literal, built once
/// (a vectorised search for a rare pair of its bytes, then a comparison), where a search
/// for the first byte stopped at every "e" or "n" of the text.
macro_rules! holds {
    ($text:expr, $pat:literal) => {{
        static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new($pat));
        FINDER.find(AsRef::<[u8]>::as_ref($text)).is_some()
    }};
}

/// [`holds!`] of a prepared message's text, after a look at its pairs of bytes
/// ([`Prepared::may_hold`]): most literals have a pair the text lacks, and no search is made.
macro_rules! holds_in {
    ($p:expr, $pat:literal) => {{
        let p: &Prepared = $p;
        p.may_hold($pat) && holds!(p.norm.text.as_str(), $pat)
    }};
}

/// [`holds_any!`] of a prepared message's text, after a look at its pairs of bytes: the
/// automaton runs only when one literal may be there.
macro_rules! holds_any_in {
    ($p:expr, [$($pat:literal),+ $(,)?]) => {{
        let p: &Prepared = $p;
        (false $(|| p.may_hold($pat))+) && holds_any!(p.norm.text.as_str(), [$($pat),+])
    }};
}

/// Whether a text holds any of a list of byte-string literals: one automaton for the list,
/// built once, and one pass over the text, where a searcher per literal read the text once
/// for each (most texts hold none of them, and were read to the end by every one).
macro_rules! holds_any {
    ($text:expr, [$($pat:literal),+ $(,)?]) => {{
        static AC: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
            std::sync::LazyLock::new(|| aho_corasick::AhoCorasick::new([$(&$pat[..]),+]).ok());
        let t: &[u8] = AsRef::<[u8]>::as_ref($text);
        match &*AC {
            Some(ac) => ac.is_match(t),
            None => false $(|| holds!(t, $pat))+,
        }
    }};
}

/// A span in a prepared message (byte offsets into its lowercased text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ev {
    msg: usize,
    start: u32,
    end: u32,
}

impl Ev {
    fn of(msg: usize, h: &Hit) -> Ev {
        Ev {
            msg,
            start: h.start,
            end: h.end,
        }
    }
}

/// A candidate age statement.
#[derive(Debug, Clone, Copy)]
struct AgeStmt {
    age: u32,
    ev: Ev,
    subject: Subject,
    past: bool,
    /// Who the visitor would be to the person the age was said with, by the cue of its noun
    /// ("mijn dochter van 16": family): a neighbour's own daughter is not the victim of a
    /// chat where the neighbour chats as the victim's social circle.
    role: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    /// The chatter ("ik ben 15").
    Me,
    /// A pronoun of that gender ("ze is 14").
    Pronoun(Gender),
    /// The victim named by a third-party cue ("mijn dochter is 14").
    VictimNoun(Option<Gender>),
    /// The person the visitor chats about, by the noun that named them ("mijn dochter
    /// van 14"): a stronger claim than a noun for anyone ("een jongen van 19").
    Named(Option<Gender>),
    /// Someone else: a relation, a man ("een man van 25").
    Other(Option<Gender>),
    /// Answer to a counsellor's question about someone else.
    AnswerOther,
}

#[derive(Debug, Clone)]
struct RelMention {
    key: (String, Option<String>),
    gender: Option<Gender>,
    plural: bool,
    offline: bool,
    ev: Ev,
    order: usize,
}

struct Ctx<'a> {
    conv: &'a Conversation,
    lex: &'a Lexicon,
    msgs: &'a [Prepared],
    /// Per tag: the visitor's hits that are neither negated nor hedged.
    by_tag: Vec<Vec<(usize, Hit)>>,
    /// Per message: the kinds of question a counsellor's message asks (bits of [`q`]).
    questions: Vec<u8>,
    /// Whether everything is read even without a sign of exploitation (a learned layer
    /// may still find one).
    full: bool,
}

/// The valid hits of every tag, in one pass, into `by_tag` (its lists reused).
fn valid_by_tag(
    conv: &Conversation,
    msgs: &[Prepared],
    lex: &Lexicon,
    mut by_tag: Vec<Vec<(usize, Hit)>>,
) -> Vec<Vec<(usize, Hit)>> {
    by_tag.resize_with(Tag::COUNT, Vec::new);
    for v in &mut by_tag {
        v.clear();
    }
    for (i, p) in msgs.iter().enumerate() {
        if conv.messages.get(i).is_none_or(|m| m.from != From::Visitor) {
            continue;
        }
        for h in &p.hits {
            // A violent act with a negator after it ("hij slaat me niet") did not happen.
            let after = h.tag == Tag::Violence && {
                let last = p.tokens.iter().rposition(|t| t.end <= h.end).unwrap_or(0);
                p.negated_after(last, 3)
            };
            if !p.negated(h.token as usize, lex)
                && !after
                && !p.hedged(h.clause, lex)
                && let Some(v) = by_tag.get_mut(h.tag as usize)
            {
                v.push((i, *h));
            }
        }
    }
    by_tag
}

thread_local! {
    /// Prepared messages reused between conversations (their buffers stay allocated).
    static POOL: std::cell::RefCell<Vec<Prepared>> = const { std::cell::RefCell::new(Vec::new()) };
    /// The lists of [`Ctx::by_tag`], reused the same way.
    static BY_TAG: std::cell::RefCell<Vec<Vec<(usize, Hit)>>> =
        const { std::cell::RefCell::new(Vec::new()) };
    /// The list of [`Ctx::questions`], reused the same way.
    static QUESTIONS: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    /// The list [`analyse`] returns, handed back empty by [`recycle`] once it is read.
    static LIST: std::cell::RefCell<Vec<(&'static str, Suggestion)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Takes back a list of [`analyse`] when it has been read, for the next chat: a list of
/// eight or more suggestions (136 bytes each) is a large allocation, and each large
/// allocation makes the allocator tidy all its free lists of small blocks (a quarter of
/// the rules' instructions went to the allocator, most of it to that tidying).
pub(crate) fn recycle(mut list: Vec<(&'static str, Suggestion)>) {
    list.clear();
    LIST.with(|l| {
        let mut l = l.borrow_mut();
        if list.capacity() > l.capacity() {
            *l = list;
        }
    });
}

impl<'a> Ctx<'a> {
    fn cue(&self, h: &Hit) -> Option<&'a Cue> {
        self.lex.cues.get(h.cue as usize)
    }

    /// Whether visitor message `i` answers a counsellor's question of kind `kind`.
    fn asked(&self, i: usize, kind: u8) -> bool {
        i.checked_sub(1)
            .and_then(|q| self.questions.get(q))
            .is_some_and(|k| k & kind != 0)
    }

    fn visitor(&self, i: usize) -> bool {
        self.conv
            .messages
            .get(i)
            .is_some_and(|m| m.from == From::Visitor)
    }

    /// Visitor hits of a tag that are neither negated nor hedged.
    fn valid(&self, tag: Tag) -> &[(usize, Hit)] {
        self.by_tag
            .get(tag as usize)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    fn hit_text(&self, msg: usize, h: &Hit) -> &str {
        self.msgs
            .get(msg)
            .and_then(|p| p.norm.text.get(h.start as usize..h.end as usize))
            .unwrap_or("")
    }

    /// The span of a whole clause.
    fn clause_ev(&self, msg: usize, clause: u16) -> Option<Ev> {
        let p = self.msgs.get(msg)?;
        let first = p.tokens.iter().find(|t| t.clause == clause)?;
        let last = p.tokens.iter().rev().find(|t| t.clause == clause)?;
        Some(Ev {
            msg,
            start: first.start,
            end: last.end,
        })
    }

    fn to_evidence(&self, evs: &[Ev]) -> Vec<Evidence> {
        // (At most one piece per span: allocated once.)
        let mut out: Vec<Evidence> = Vec::with_capacity(evs.len());
        // Sorted on the stack when there are few (most suggestions have one to three spans).
        let mut buf = [Ev {
            msg: 0,
            start: 0,
            end: 0,
        }; 8];
        let mut heap: Vec<Ev>;
        let sorted: &mut [Ev] = match buf.get_mut(..evs.len()) {
            Some(b) => {
                b.copy_from_slice(evs);
                b
            }
            None => {
                heap = evs.to_vec();
                &mut heap
            }
        };
        sorted.sort_by_key(|e| (e.msg, e.start, e.end));
        let mut prev: Option<Ev> = None;
        for &e in sorted.iter() {
            // Each span once (the same span twice in a row after sorting).
            if prev == Some(e) {
                continue;
            }
            prev = Some(e);
            let (Some(p), Some(m)) = (self.msgs.get(e.msg), self.conv.messages.get(e.msg)) else {
                continue;
            };
            let (start, end, text) = p.evidence_span_str(&m.text, e.start, e.end);
            if start < end
                && !out
                    .iter()
                    .any(|o| o.message == e.msg && o.start <= start && o.end >= end)
            {
                out.push(Evidence {
                    message: e.msg,
                    start,
                    end,
                    text: text.to_string(),
                });
            }
        }
        out
    }
}

/// Whether the sentence of hit `h` in message `m` speaks of recruiting others (a
/// `crime` cue coded `recruitment`).
fn recruiting_sentence(ctx: &Ctx, m: usize, h: &Hit) -> bool {
    ctx.msgs.get(m).is_some_and(|p| {
        p.hits.iter().any(|x| {
            x.sentence == h.sentence
                && x.tag == Tag::Crime
                && ctx.cue(x).and_then(|c| c.code.as_deref()) == Some("recruitment")
        })
    })
}

/// Words for the others a visitor is made to draw in ("meisjes", "andere jongens", "mn
/// vrienden", "klasgenootjes").
const RECRUIT_GROUP: &[&str] = &[
    "meisjes",
    "meiden",
    "jongens",
    "jongeren",
    "gasten",
    "vrienden",
    "vriendinnen",
    "klasgenoten",
    "klasgenootjes",
    "klasgenotes",
    "kinderen",
    "anderen",
];

/// Verbs that draw someone in by themselves ("meisjes benaderen", "jongens overhalen").
const RECRUIT_STRONG: &[&str] = &[
    "benaderen",
    "benader",
    "benadert",
    "benaderd",
    "benaderde",
    "overhalen",
    "overhaal",
    "overgehaald",
    "aanbrengen",
    "aangebracht",
    "werven",
    "geworven",
    "binnenhalen",
    "lokken",
];

/// Verbs that draw someone in only when the visitor must ("ik moet meisjes van school
/// vragen", "hij wil dat ik nieuwe jongens zoek"), not by themselves ("mn vrienden vragen
/// wat er is").
const RECRUIT_WEAK: &[&str] = &[
    "vragen",
    "vraag",
    "gevraagd",
    "zoeken",
    "zoek",
    "vinden",
    "regelen",
    "regel",
    "geregeld",
    "meenemen",
    "meegenomen",
    "voorstellen",
    "voorstel",
    "voorgesteld",
];

/// Words before the group that say the visitor must draw them in.
const RECRUIT_MUST: &[&str] = &[
    "moet",
    "moest",
    "moeten",
    "moesten",
    "laat",
    "liet",
    "laten",
    "wil",
    "wilde",
    "willen",
    "gedwongen",
    "dwingt",
];

/// The word lists of [`crate::lexicon::class`], by their bit: the lexicon gives each token
/// its classes ([`Prepared::in_class`]).
pub(crate) const WORD_CLASSES: &[(u32, &[&str])] = &[
    (class::RECRUIT_GROUP, RECRUIT_GROUP),
    (class::RECRUIT_STRONG, RECRUIT_STRONG),
    (class::RECRUIT_WEAK, RECRUIT_WEAK),
    (class::RECRUIT_MUST, RECRUIT_MUST),
    (class::MY, &["mn", "m'n", "mijn", "my"]),
    (class::MUST_VERB, &["moet", "moest"]),
    (
        class::MADE_TO,
        &["moeten", "laat", "liet", "dwingt", "dwong"],
    ),
    (class::ZE, &["ze", "zij"]),
    (
        class::SHORT_PLURAL,
        &["doen", "gaan", "staan", "slaan", "zien"],
    ),
    (class::HAAR, &["haar"]),
    (class::DIE, &["die"]),
    (
        class::THIRD,
        &["hij", "ie", "ze", "zij", "he", "she", "they"],
    ),
    (
        class::SAYS,
        &[
            "zegt", "zei", "zeggen", "zeiden", "says", "said", "schrijft",
        ],
    ),
    (class::GEZEGD, &["gezegd"]),
    (class::IF, &["als", "anders", "if", "otherwise", "tenzij"]),
    (class::DAN, &["dan"]),
    (class::EN, &["en"]),
    (class::SINDS, &["sinds", "since"]),
    (class::SELF_FIRST, SELF_FIRST),
    (
        class::CONDITION,
        &["als", "if", "wanneer", "zodra", "tenzij"],
    ),
];

/// The sentences in which the visitor tells that someone must draw others in: a group of
/// people ("meisjes", "andere jongens", "mn vrienden") followed in its clause, within eight
/// words, by a verb of drawing in ("benaderen", "overhalen", "aanbrengen"), or by an
/// ordinary verb ("vragen", "zoeken", "regelen", "meenemen", "voorstellen") when the
/// clause says before the group that it must ("moet", "laat", "wil dat", "gedwongen").
/// Not negated, not hedged. (The lexicon's phrases "meisjes werven" and "andere jongens
/// vragen" found 102 of the 238 chats coded `recruitment` over the corpus; the writers say it
/// in many more word orders: "ik moet van hem andere jongens uit mn klas overhalen",
/// "mn vriend wil dat ik meisjes van school aan hem voorstel".)
fn recruiting(ctx: &Ctx) -> Vec<Ev> {
    let lex = ctx.lex;
    let mut out = Vec::new();
    for (mi, p) in ctx.msgs.iter().enumerate() {
        if !ctx.visitor(mi) {
            continue;
        }
        for c in 0..p.clauses {
            let range = p.clause_tokens(c);
            if p.hedged(c, lex) {
                continue;
            }
            let found = range.clone().find_map(|g| {
                if !p.in_class(g, class::RECRUIT_GROUP) {
                    return None;
                }
                let must = (range.start..g).any(|k| p.in_class(k, class::RECRUIT_MUST));
                let verb = if must {
                    class::RECRUIT_STRONG | class::RECRUIT_WEAK
                } else {
                    class::RECRUIT_STRONG
                };
                (g + 1..range.end.min(g + 9))
                    .find(|&v| {
                        p.in_class(v, verb)
                            && !p.negated(v, lex)
                            // "ik moet van die jongens drugs in mn schooltas meenemen"
                            // (ac1-057): what is taken along is the drugs.
                            && !p.hits.iter().any(|h| {
                                h.tag == Tag::DrugsNoun && (g..v).contains(&(h.token as usize))
                            })
                    })
                    .and_then(|v| Some((p.tokens.get(g)?.start, p.tokens.get(v)?.end)))
            });
            if let Some((start, end)) = found {
                out.push(Ev {
                    msg: mi,
                    start,
                    end,
                });
            }
        }
    }
    out
}

/// Whether a counsellor's "how long" question asks in the present how long it has been going
/// on ("Hoe lang gaat dit al?", "Hoe lang werk je daar al?", "Hoe lang speelt dit?", "How
/// long has this been going on?"), not how long it lasted ("Hoe lang heeft het geduurd?").
fn asks_in_the_present(q: &str) -> bool {
    const PRESENT: &[&str] = &[
        "gaat dit al",
        "gaat het al",
        "al aan de gang",
        "speelt dit",
        "speelt het",
        "doe je dit al",
        "doe je het al",
        "werk je daar al",
        "werk je er al",
        "ben je daar al",
        "ben je er al",
        "zit je daar al",
        "zit je er al",
        "woon je daar al",
        "woon je er al",
        "loopt dit al",
        "loopt het al",
        "gebeurt dit al",
        "gebeurt het al",
        "moet je dit al",
        "moet je het al",
        "going on",
        "are you working",
        "have you been",
    ];
    PRESENT.iter().any(|p| q.contains(p))
}

/// Whether clause `c` of message `p` has a hit of `tag`.
fn has(p: &Prepared, c: u16, tag: Tag) -> bool {
    p.clause_hits(c, tag).next().is_some()
}

/// The hits of a clause, any tag.
fn clause_all(p: &Prepared, c: u16) -> &[Hit] {
    p.clause_all(c)
}

fn months_bucket_since(months: f64) -> &'static str {
    if months < 12.0 {
        "ended_lt_1y"
    } else if months <= 60.0 {
        "ended_1_5y"
    } else {
        "ended_gt_5y"
    }
}

/// Whether a clause tells of a step added to a situation that was already going on
/// ("sinds een paar weken moet ik **ook** met mannen mee", "since last month he **also**
/// ..."): the time it gives is that of the new step, not how long the exploitation lasts.
fn added_phase(p: &Prepared, clause: u16) -> bool {
    p.clause_tokens(clause)
        .any(|i| matches!(p.word(i), "ook" | "also" | "too"))
}

fn duration_bucket(months: f64) -> &'static str {
    if months < 3.0 {
        "lt_3m"
    } else if months < 12.0 {
        "m3_12"
    } else if months < 24.0 {
        "y1_2"
    } else if months <= 60.0 {
        "y2_5"
    } else {
        "gt_5y"
    }
}

/// "sinds" + a person + an age in a visitor's message ("sinds ik 12 was", "sinds mn 14e",
/// "sinds hij 15 is"): the whole years from that age to `now`, with the words as evidence.
/// Not "sinds 2 jaar" (a length of time), not in a hedged clause, not zero years.
fn since_age(ctx: &Ctx, now: u32) -> Option<(u32, Ev)> {
    for (mi, p) in ctx.msgs.iter().enumerate() {
        if !ctx.visitor(mi) {
            continue;
        }
        let n = p.tokens.len();
        for i in 0..n {
            if !p.in_class(i, class::SINDS) {
                continue;
            }
            let person = p.word(i + 1);
            if !matches!(
                person,
                "ik" | "mijn" | "hij" | "ze" | "zij" | "haar" | "zijn" | "i" | "my" | "he" | "she"
            ) {
                continue;
            }
            let k = i + 2;
            let w = p.word(k);
            let age = p.tokens.get(k).and_then(|t| t.number).or_else(|| {
                w.strip_suffix("de")
                    .or_else(|| w.strip_suffix('e'))
                    .and_then(|x| x.parse::<u32>().ok())
            });
            let Some(age) = age else { continue };
            let unit = flag::YEARS | flag::MONTHS | flag::WEEKS | flag::DAYS;
            let Some(t) = p.tokens.get(k) else { continue };
            if p.is(k + 1, unit) && !p.is(k + 1, flag::AGE_UNIT)
                || p.hedged(t.clause, ctx.lex)
                || !(4..now).contains(&age)
            {
                continue;
            }
            let start = p.tokens.get(i).map_or(t.start, |x| x.start);
            return Some((
                now - age,
                Ev {
                    msg: mi,
                    start,
                    end: t.end,
                },
            ));
        }
    }
    None
}

/// A nudge for "bijna" (just under) and "ruim" / "meer dan" (just over) in a clause, in
/// months, so that "bijna een jaar" falls below a boundary and "ruim 2 jaar" above it.
/// The duration code of a time amount in a clause: a vague amount ("jaren")
/// only when it means years, an exact one by its bucket (with "ruim"/"bijna").
fn duration_code(p: &Prepared, clause: u16, months: f64, vague: bool) -> Option<&'static str> {
    if vague {
        (months >= 24.0).then_some("multiple_years")
    } else {
        Some(duration_bucket(months + about(p, clause)))
    }
}

fn about(p: &Prepared, clause: u16) -> f64 {
    let mut d = 0.0;
    for i in p.clause_tokens(clause) {
        match p.word(i) {
            "bijna" | "almost" | "nearly" => d = -0.01,
            "ruim" | "meer" | "over" => d = 0.01,
            _ => {}
        }
    }
    d
}

/// A length of time in a clause ("4 maanden", "een half jaar", "anderhalf jaar", "een paar weken"):
/// months, whether it is vague, and its span. `None` when there is none.
fn time_amount(p: &Prepared, clause: u16, _lex: &Lexicon) -> Option<(f64, bool, u32, u32)> {
    let range = p.clause_tokens(clause);
    // Every length below has a unit of time in the clause: a clause without one (most) is
    // not read word by word.
    let units = flag::DAYS | flag::WEEKS | flag::MONTHS | flag::YEARS;
    if !range.clone().any(|j| p.is(j, units)) {
        return None;
    }
    let unit_at = |j: usize| -> Option<f64> {
        if !range.contains(&j) {
            None
        } else if p.is(j, flag::DAYS) {
            Some(1.0 / 30.0)
        } else if p.is(j, flag::WEEKS) {
            Some(0.25)
        } else if p.is(j, flag::MONTHS) {
            Some(1.0)
        } else if p.is(j, flag::YEARS) {
            Some(12.0)
        } else {
            None
        }
    };
    for i in range.clone() {
        let t = p.tokens.get(i)?;
        let start = t.start;
        let end_of = |j: usize| p.tokens.get(j).map_or(start, |x| x.end);
        if p.is(i, flag::ANDERHALF)
            && let Some(u) = unit_at(i + 1)
        {
            return Some((1.5 * u, false, start, end_of(i + 1)));
        }
        if p.is(i, flag::HALF)
            && let Some(u) = unit_at(i + 1)
        {
            return Some((0.5 * u, false, start, end_of(i + 1)));
        }
        if p.is(i, flag::APPROX)
            && let Some(u) = unit_at(i + 1)
        {
            // "een paar weken", "een paar maanden", "een paar jaar": vague (the coders
            // leave them out).
            return Some((2.0 * u, true, start, end_of(i + 1)));
        }
        // "een maand of zes": about six months.
        if t.number == Some(1)
            && let Some(u) = unit_at(i + 1)
            && p.word(i + 2) == "of"
            && range.contains(&(i + 3))
            && let Some(n) = p.tokens.get(i + 3).and_then(|x| x.number)
        {
            // "een jaar of twee" is too vague to code (no amount); "een maand of zes" is not.
            if u >= 12.0 {
                return Some((0.0, true, start, end_of(i + 3)));
            }
            return Some((f64::from(n) * u, false, start, end_of(i + 3)));
        }
        if let Some(n) = t.number {
            if p.is(i + 1, flag::HALF) && range.contains(&(i + 1)) {
                continue;
            }
            // "2,5 jaar", "1,5 maand": a decimal comma.
            if let Some(next) = p.tokens.get(i + 1)
                && range.contains(&(i + 1))
                && next.start == t.end + 1
                && p.norm.text.as_bytes().get(t.end as usize) == Some(&b',')
                && let Some(d) = next.number.filter(|d| *d < 10)
                && p.word(i + 1).len() == 1
                && let Some(u) = unit_at(i + 2)
            {
                return Some((
                    (f64::from(n) + f64::from(d) / 10.0) * u,
                    false,
                    start,
                    end_of(i + 2),
                ));
            }
            if let Some(u) = unit_at(i + 1) {
                return Some((f64::from(n) * u, false, start, end_of(i + 1)));
            }
        }
        if p.is(i, flag::YEARS)
            && p.word(i).ends_with("en")
            && i > range.start
            && p.is(i - 1, flag::SINCE)
        {
            // "al jaren"
            return Some((36.0, true, p.tokens.get(i - 1)?.start, t.end));
        }
    }
    None
}

/// The gender of a word for a child or sibling ("zoon", "dochter", "zusje"), if it is one.
fn child_word(w: &str) -> Option<Option<Gender>> {
    match w {
        "zoon" | "zoontje" | "stiefzoon" | "pleegzoon" | "broer" | "broertje" | "jongen" => {
            Some(Some(Gender::Male))
        }
        "dochter" | "dochtertje" | "stiefdochter" | "pleegdochter" | "zus" | "zusje" | "meisje" => {
            Some(Some(Gender::Female))
        }
        "kind" | "kindje" | "pleegkind" => Some(None),
        _ => None,
    }
}

/// A chatter code of the codebook as a static string.
fn chatter_code(c: Option<&str>) -> Option<&'static str> {
    match c? {
        "victim" => Some("victim"),
        "family" => Some("family"),
        "partner" => Some("partner"),
        "social" => Some("social"),
        "client" => Some("client"),
        "other" => Some("other"),
        _ => None,
    }
}

/// Whether the age at token `i` is hedged by what follows it: "15 of 16", "15/16",
/// "15, misschien 16", "16 ofzo" (the convention leaves such ages out).
fn hedged_after(p: &Prepared, i: usize, lex: &Lexicon) -> bool {
    let Some(t) = p.tokens.get(i) else {
        return false;
    };
    let in_sentence = |j: usize| p.tokens.get(j).is_some_and(|x| x.sentence == t.sentence);
    let number = |j: usize| in_sentence(j) && p.tokens.get(j).is_some_and(|x| x.number.is_some());
    if !in_sentence(i + 1) {
        return false;
    }
    let gap = p
        .tokens
        .get(i + 1)
        .and_then(|n| p.norm.text.get(t.end as usize..n.start as usize))
        .unwrap_or("");
    if (gap.contains('/') || gap.contains('-')) && number(i + 1) {
        return true;
    }
    if matches!(p.word(i + 1), "of" | "or" | "a" | "à" | "tot") && number(i + 2) {
        return true;
    }
    if matches!(
        p.word(i + 1),
        "ofzo" | "ongeveer" | "denk" | "geloof" | "schat" | "gok"
    ) {
        return true;
    }
    // Taken back at once ("van 16, of eigenlijk 15"): the first number is not her age (the
    // callers read the corrected one, [`corrected_age`]).
    if corrected_age(p, i).is_some() {
        return true;
    }
    // The next clause of the sentence hedges another number: "ze is 15, misschien 16".
    p.tokens.get(i + 1).is_some_and(|n| {
        n.clause != t.clause
            && p.hedged(n.clause, lex)
            && p.clause_tokens(n.clause).any(|j| j <= i + 3 && number(j))
    })
}

/// An age taken back at once and corrected: "een meisje van 16, of eigenlijk 15" (tt2-081),
/// "16 nee eigenlijk 15", "ik ben 16. nee 17 sorry typo" (v2-057), "Ze is 14. Nee sorry, 15
/// sinds vorige maand" (v2-081): the corrected age and where its number ends. ("16 of 17"
/// is a guess, not a correction; a number more than three years off is something else.)
fn corrected_age(p: &Prepared, i: usize) -> Option<(u32, u32)> {
    let t = p.tokens.get(i)?;
    let old = t.number?;
    let first = p.word(i + 1);
    // "13. o nee 14 sinds gisteren" (ad2-075): "o" or "oh" before a "nee" or "wacht".
    let oh = matches!(first, "o" | "oh") && matches!(p.word(i + 2), "nee" | "wacht");
    // "ik ben 14 eigenlijk 13 maar bijna 14" (ah2-019): "eigenlijk" right before the number.
    let actually_now =
        first == "eigenlijk" && p.tokens.get(i + 2).is_some_and(|x| x.number.is_some());
    if !oh && !actually_now && !matches!(first, "of" | "nee" | "sorry" | "oeps" | "oops" | "wacht")
    {
        return None;
    }
    let mut j = i + 2;
    let mut actually = false;
    while j <= i + 4
        && matches!(
            p.word(j),
            "eigenlijk" | "sorry" | "nee" | "wacht" | "ik" | "bedoel" | "oeps" | "oops"
        )
    {
        // "18, of nee 19 sinds gisteren" (ai2-039): "of nee" corrects as "of eigenlijk" does.
        actually |= matches!(p.word(j), "eigenlijk" | "nee");
        j += 1;
    }
    if first == "of" && !actually {
        return None;
    }
    // "18, nee wacht ik word pas volgende maand 18" (ag1-006): the age to come is the one
    // just said, so the visitor is a year younger.
    if p.word(j) == "word" {
        let k = (j + 1..=j + 5).find(|&k| p.tokens.get(k).is_some_and(|x| x.number.is_some()))?;
        let c = p.tokens.get(k)?;
        return (c.number == Some(old) && old > 6 && c.sentence <= t.sentence + 1)
            .then_some((old - 1, c.end));
    }
    let c = p.tokens.get(j)?;
    // "ik ben 15. of eigenlijk 16 volgende week" (ac2-080): the age to come, not a correction.
    if matches!(
        p.word(j + 1),
        "volgende" | "over" | "binnenkort" | "straks" | "morgen" | "overmorgen"
    ) {
        return None;
    }
    let next = p.tokens.get(i + 1)?;
    let age = c
        .number
        .filter(|a| (6..=99).contains(a) && a.abs_diff(old) <= 3)?;
    // In the same sentence, or the next one begins with the correction.
    let near = c.sentence == t.sentence
        || (next.sentence == t.sentence + 1 && c.sentence == next.sentence);
    near.then_some((age, c.end))
}

/// Whether a counsellor's message asks about the man or boy who does it ("Weet
/// u iets over die jongen?", "Wat weet je van die man?").
fn asks_about_him(text: &str) -> bool {
    // (A message without a question is not copied to lowercase, nor one without a "die "
    // in any case: every phrase below has one, and only an ASCII "d", "i", "e" or space
    // lowercases to those bytes followed by one another.)
    if !text.contains('?') || !holds_ascii_ci(text, b"die ") {
        return false;
    }
    let t = text.to_lowercase();
    // (Each of them has " die " in it: one search where there is none.)
    t.contains(" die ")
        && [
            "over die jongen",
            "over die man",
            "over die gast",
            "van die jongen",
            "van die man",
        ]
        .iter()
        .any(|x| t.contains(x))
}

/// Whether a counsellor's (normalised) message asks the age of the victim's boyfriend, of
/// a man or of a relation of the victim's ("Hoe oud is haar vriend?", "Hoe oud is die man?",
/// "Hoe oud is die jongen?", "Hoe oud is de broer?", "Hoe oud is die vriend?" (aa2-026),
/// "Hoe oud is de moeder?" (ab2-020): in the chats of the corpus that ask it, the answer is
/// the age of the one who does it).
/// Read as "oud is/was", a determiner (die, de, haar, zijn), "oudere" or not, and one of
/// the nouns for him; "zijn vriendin" too, the woman who does it to a boy.
fn asks_perpetrators_age(text: &str) -> bool {
    let t = text.to_lowercase();
    asks_perpetrators_age_in(&words_of(&t))
}

/// [`asks_perpetrators_age`] over the words ([`words_of`]) of an already lowercased message.
fn asks_perpetrators_age_in(words: &[&str]) -> bool {
    // (And a parent who sells her: "Hoe oud is de moeder?" of a woman of 28, ab2-020.)
    const HIM: [&str; 16] = [
        "vriend",
        "vriendje",
        "man",
        "gast",
        "jongen",
        "kerel",
        "vent",
        "broer",
        "neef",
        "oom",
        "moeder",
        "vader",
        "stiefvader",
        "stiefmoeder",
        "tante",
        // "Hoe oud is die ex?" (ad2-056: her ex who puts her to work).
        "ex",
    ];
    age_asked_of(words).any(|q| match q.det {
        "die" | "de" | "haar" => HIM.contains(&q.noun),
        "zijn" => HIM.contains(&q.noun) || q.noun == "vriendin",
        _ => false,
    })
}

/// Different life stages (the coding convention): a minor victim and someone of 20 or older,
/// or an adult victim and someone at least 12 years older.
pub(crate) fn makes_age_gap(victim: u32, other: u32) -> bool {
    if victim < 18 {
        other >= 20
    } else {
        other >= victim + 12
    }
}

/// Whether `text` holds the lowercase ASCII word part `pat` in any letter case: what
/// `holds!` on `text.to_lowercase()` finds, without the copy.
fn holds_ascii_ci(text: &str, pat: &[u8]) -> bool {
    // The places of the first byte in either case (the two bytes whose case bit set is its
    // own) found by a vectorised search, and only there the window compared: a loop over
    // every byte cost the counsellor's long questions six instructions a byte.
    let b = text.as_bytes();
    let first = pat.first().map_or(0, |c| c | 0x20);
    memchr::memchr2_iter(first, first & !0x20, b).any(|i| {
        b.get(i..i + pat.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(pat))
    })
}

/// The words of a lowercased text (runs of letters and digits).
fn words_of(lower: &str) -> Vec<&str> {
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// One "oud is/was" of a counsellor's question: whether "hoe" stands before it, the word
/// after it (a determiner or "hij") and the noun after that ("oudere" skipped).
struct AgeAsked<'w> {
    hoe: bool,
    det: &'w str,
    noun: &'w str,
}

/// Every "oud is/was" in `words` ([`words_of`]), read as [`AgeAsked`]: the one reader of
/// [`asks_perpetrators_age`] and [`girl_asked_about_him`].
fn age_asked_of<'w>(words: &'w [&'w str]) -> impl Iterator<Item = AgeAsked<'w>> + 'w {
    let at = |k: usize| words.get(k).copied().unwrap_or("");
    (0..words.len()).filter_map(move |i| {
        if at(i) != "oud" || !matches!(at(i + 1), "is" | "was") {
            return None;
        }
        let k = i + 3 + usize::from(at(i + 3) == "oudere");
        Some(AgeAsked {
            hoe: i >= 1 && at(i - 1) == "hoe",
            det: at(i + 2),
            noun: at(k),
        })
    })
}

/// Whether the visitor's answer to the counsellor's age question in message `mi` (the next
/// message, the visitor's) holds an age at least five years above the intake's.
fn older_answer(ctx: &Ctx, mi: usize) -> bool {
    let Some(intake) = ctx.conv.intake.age else {
        return false;
    };
    let Some(p) = ctx.msgs.get(mi + 1).filter(|_| ctx.visitor(mi + 1)) else {
        return false;
    };
    p.tokens
        .iter()
        .find_map(|t| t.number)
        .is_some_and(|x| x >= intake + 5 && x < 100)
}

/// Prepositions after which a pronoun is no object of what is done ("door haar stiefvader",
/// "van haar school"): [`told_of_another`] and [`told_story_noun`].
const PREP: [&str; 12] = [
    "naar", "van", "met", "voor", "bij", "aan", "door", "uit", "op", "over", "tegen", "om",
];

/// A verb of telling that passes on another's story ("vertelde", "zei", "heeft gezegd"):
/// [`told_of_another`] and [`told_story_noun`].
fn telling(w: &str) -> bool {
    matches!(
        w,
        "vertelde" | "vertelt" | "zei" | "zegt" | "verteld" | "gezegd"
    )
}

/// The age of the person a third party's victim told about, where the teller passes on
/// another's story: "mijn zusje van 12 vertelde dat een meisje van haar school, 14, van een man
/// andere meisjes moet meenemen" (be2-059), "leerling van 14 vertelde vandaag dat haar vriendin
/// van 15 seks moet hebben met mannen" (x2-013), "leerling van 13 vertelde dat haar zus van 17
/// voor een man van 45 'moet werken'" (at2-009). `s` is the teller's age; after it a telling
/// verb, "dat" within five words, a person with an age ("van 15", or ", 14,"), and in the rest
/// of the sentence a "moet" of that person without an object: "haar vriend van 26 haar laat
/// werken" (aa2-049) makes him the perpetrator and the teller the victim, as in the 22 other
/// chats of the corpus (rounds to 52) where a teller with an age tells of a second person with
/// one; round 53 found the three above and none of those.
fn told_of_another(ctx: &Ctx, s: &AgeStmt) -> Option<(u32, Ev)> {
    let p = ctx.msgs.get(s.ev.msg)?;
    let mut i = p.token_at(s.ev.end);
    let sentence = p.tokens.get(i)?.sentence;
    let same = |k: usize| p.tokens.get(k).is_some_and(|t| t.sentence == sentence);
    if p.word(i) == "heeft" {
        i += 1;
    }
    if !telling(p.word(i)) {
        return None;
    }
    let mut k = (i + 1..=i + 5).find(|&k| same(k) && p.word(k) == "dat")? + 1;
    if matches!(p.word(k), "haar" | "zijn" | "een" | "de" | "het") {
        k += 1;
    }
    let noun = k;
    if !same(noun) || p.tokens.get(noun)?.number.is_some() {
        return None;
    }
    k += 1;
    // "een meisje van haar school, 14,"
    if p.word(k) == "van" && matches!(p.word(k + 1), "haar" | "zijn") {
        k += 3;
    }
    let at = if p.word(k) == "van" {
        k + 1
    } else {
        // A bare number only after a comma.
        let before = p.tokens.get(k.checked_sub(1)?)?.end as usize;
        let start = p.tokens.get(k)?.start as usize;
        if !p
            .norm
            .text
            .get(before..start)
            .is_some_and(|g| g.contains(','))
        {
            return None;
        }
        k
    };
    let age = p.tokens.get(at).filter(|_| same(at))?.number?;
    if !(8..=25).contains(&age) {
        return None;
    }
    let rest = (at + 1..p.tokens.len()).take_while(|&k| same(k));
    let mut must = false;
    for k in rest {
        let w = p.word(k);
        if matches!(w, "haar" | "hem" | "mij" | "me" | "ons")
            && !k.checked_sub(1).is_some_and(|j| PREP.contains(&p.word(j)))
        {
            return None;
        }
        must |= matches!(w, "moet" | "moest" | "moeten" | "moesten");
    }
    let ev = Ev {
        msg: s.ev.msg,
        start: p.tokens.get(noun)?.start,
        end: p.tokens.get(at)?.end,
    };
    must.then_some((age, ev))
}

/// The person a visitor's message tells of through a teller: "Mijn zoon vertelde dat zijn
/// vriendin door haar stiefvader naar mannen wordt gestuurd" (bl2-077) names "vriendin".
/// After a telling verb, "dat" within three words, then "zijn"/"haar" and the noun, and in
/// the rest of the sentence a "moet"/"wordt" of that noun (what is done to her) with no
/// "mij"/"me" (not the visitor's own story). Returns the message, the noun's token and the
/// noun.
fn told_story_noun<'c>(ctx: &'c Ctx) -> Option<(usize, usize, &'c str)> {
    ctx.msgs.iter().enumerate().find_map(|(mi, p)| {
        if !ctx.visitor(mi) || !holds_any_in!(p, [b"vertel", b"zei", b"zegt"]) {
            return None;
        }
        (0..p.tokens.len()).find_map(|i| {
            if !telling(p.word(i)) {
                return None;
            }
            let sentence = p.tokens.get(i)?.sentence;
            let same = |k: usize| p.tokens.get(k).is_some_and(|t| t.sentence == sentence);
            let d = (i + 1..=i + 3).find(|&k| same(k) && p.word(k) == "dat")?;
            if !matches!(p.word(d + 1), "zijn" | "haar" | "zn") || !same(d + 2) {
                return None;
            }
            let noun = d + 2;
            if p.tokens.get(noun)?.number.is_some() || p.word(noun + 1) == "van" {
                return None;
            }
            let rest = || (noun + 1..p.tokens.len()).take_while(|&k| same(k));
            let done = rest().any(|k| {
                matches!(
                    p.word(k),
                    "moet" | "moest" | "wordt" | "werd" | "gedwongen" | "gestuurd"
                )
            });
            // Another person in the rest, not after a preposition ("haar neef haar ... brengt",
            // "haar vader mannen naar huis haalt met wie zij naar bed moet"): the noun is the one
            // who acts, not the one it is done to ("door haar stiefvader" is after "door").
            let other = rest().any(|k| {
                matches!(
                    p.word(k),
                    "mij"
                        | "me"
                        | "ik"
                        | "haar"
                        | "hem"
                        | "ons"
                        | "zij"
                        | "ze"
                        | "hij"
                        | "we"
                        | "wij"
                ) && !k.checked_sub(1).is_some_and(|j| PREP.contains(&p.word(j)))
            });
            (done && !other).then(|| (mi, noun, p.word(noun)))
        })
    })
}

/// The age of an older person said in the chat, the oldest if several, for
/// [`crate::ELDER_AGE`]: "een vriend van 24", "een man van 35", "hij is 26", "ze zijn 20 en
/// 23", "de baas is 25", or the answer to "Hoe oud is hij?" / "Hoe oud zijn ze?" / "Hoe oud
/// is die man?". Only 18 to 89; never a relative's (a family perpetrator has no age gap) nor
/// the visitor's own.
fn elder_age(ctx: &Ctx) -> Option<(u32, Ev)> {
    const HIM: [&str; 16] = [
        "man", "vriend", "vriendje", "gast", "jongen", "kerel", "vent", "baas", "pooier", "ex",
        "mannen", "jongens", "gasten", "vrienden", "vrouw", "klant",
    ];
    // "24 ofzo", "23 denk ik", "ongeveer 30": the writers of the corpus code no age gap on a
    // hedged age (af2-003, af1-025, ab2-003).
    let hedged = |p: &Prepared, i: usize| {
        matches!(
            p.word(i + 1),
            "ofzo" | "of" | "denk" | "idk" | "geloof" | "schat" | "ongeveer" | "ong" | "ish"
        ) || i.checked_sub(1).is_some_and(|k| {
            matches!(
                p.word(k),
                "ongeveer" | "ong" | "rond" | "zo'n" | "plusminus"
            )
            // "19 of 20": the second of two numbers.
            || (p.word(k) == "of"
                && k.checked_sub(1)
                    .and_then(|j| p.tokens.get(j))
                    .is_some_and(|t| t.number.is_some()))
        })
    };
    // More nouns for him after "van" (round 49: "mn trainer van 34", at2-087).
    const MORE: [&str; 9] = [
        "trainer",
        "eigenaar",
        "buurman",
        "persoon",
        "collega",
        "coach",
        "leraar",
        "chauffeur",
        "eigenaresse",
    ];
    // Words that make "hij is ... 30" no sure age.
    const HEDGES: [&str; 16] = [
        "denk",
        "ik",
        "geloof",
        "schat",
        "ongeveer",
        "ong",
        "rond",
        "zo'n",
        "of",
        "ofzo",
        "idk",
        "misschien",
        "mss",
        "wss",
        "zeker",
        "bijna",
    ];
    let mut best: Option<(u32, Ev)> = None;
    let mut take = |age: u32, ev: Ev| {
        if (18..90).contains(&age) && best.is_none_or(|(a, _)| age > a) {
            best = Some((age, ev));
        }
    };
    for (mi, p) in ctx.msgs.iter().enumerate() {
        if !ctx.visitor(mi) {
            // The answer to a question about his (their) age. (A message without "oud" in any
            // case is not copied to lowercase.)
            let text = &ctx.conv.messages[mi].text;
            if !holds_ascii_ci(text, b"oud") {
                continue;
            }
            let lower = text.to_lowercase();
            let words = words_of(&lower);
            let about_them = asks_perpetrators_age_in(&words)
                || age_asked_of(&words).any(|q| q.hoe && q.det == "hij")
                // "Weet je hoe oud die persoon is?" (at1-036), "hoe oud de eigenaar was".
                || words.windows(5).any(|w| {
                    w[0] == "hoe"
                        && w[1] == "oud"
                        && matches!(w[2], "die" | "de" | "haar" | "zijn")
                        && (HIM.contains(&w[3]) || MORE.contains(&w[3]))
                        && matches!(w[4], "is" | "was")
                })
                || words.windows(4).any(|w| {
                    w[0] == "hoe"
                        && w[1] == "oud"
                        && w[2] == "zijn"
                        && matches!(w[3], "ze" | "zij" | "die" | "de")
                });
            if about_them
                && let Some(q) = ctx.msgs.get(mi + 1).filter(|_| ctx.visitor(mi + 1))
                && let Some(k) = (0..q.tokens.len().min(4)).find(|&k| q.tokens[k].number.is_some())
                && !hedged(q, k)
                && let Some(t) = q.tokens.get(k)
                && let Some(n) = t.number
            {
                take(
                    n,
                    Ev {
                        msg: mi + 1,
                        start: t.start,
                        end: t.end,
                    },
                );
            }
            continue;
        }
        for i in 0..p.tokens.len() {
            let Some(n) = p.tokens.get(i).and_then(|t| t.number) else {
                continue;
            };
            let w = |k: usize| p.word(k);
            let back = |d: usize| i.checked_sub(d).map_or("", w);
            let him = |d: usize| HIM.contains(&back(d)) || MORE.contains(&back(d));
            let said = (back(1) == "van" && him(2))
                // "een man die 30 is"; "de vader van zn beste vriend, die is 45" (not "mn
                // moeder weet het, die is 52", ah2-007: a noun for him just before "die").
                || (back(1) == "die" && p.word(i + 1) == "is" && him(2))
                || (back(1) == "is" && back(2) == "die" && (3..5).any(him))
                // "mn vriend (26)": the number right after the noun, in brackets.
                || (him(1)
                    && p.tokens.get(i).is_some_and(|t| {
                        t.start
                            .checked_sub(1)
                            .and_then(|b| p.norm.text.as_bytes().get(b as usize))
                            == Some(&b'(')
                    }))
                // "hij was toen 25", "hij is volgens haar 26" (not "hij is denk ik 30",
                // aw1-095, nor "hij is 19 of 20", aa2-013).
                || (1..3).any(|k| {
                    matches!(back(k + 1), "is" | "was")
                        && back(k + 2) == "hij"
                        && !(1..=k).any(|d| HEDGES.contains(&back(d)))
                })
                // "een jongen leren kennen van 23", "een man kennen van 45".
                || (back(1) == "van" && back(2) == "kennen" && (3..7).any(him))
                || (matches!(back(1), "is" | "was") && matches!(back(2), "hij" | "baas" | "man"))
                || (back(1) == "zijn" && matches!(back(2), "ze" | "zij"))
                // "ze zijn 20 en 23": the second number.
                || (back(1) == "en"
                    && p.tokens.get(i.wrapping_sub(2)).is_some_and(|t| t.number.is_some())
                    && back(3) == "zijn"
                    && matches!(back(4), "ze" | "zij"));
            if said
                && !hedged(p, i)
                && let Some(t) = p.tokens.get(i)
            {
                let from = i.saturating_sub(2);
                take(
                    n,
                    Ev {
                        msg: mi,
                        start: p.tokens.get(from).map_or(t.start, |x| x.start),
                        end: t.end,
                    },
                );
            }
        }
    }
    best
}

/// The victim's age when it began, if the visitor says in message `mi` it was a minor's
/// ("toen ik 15 was", "van mn 16e tot mn 18e", "vanaf haar 14e"): the coding convention
/// weighs the life stages at the time, so a woman of 21 who was 15 beside a man of 25 has an
/// age gap. Only for an age said in the same message ("toen ik 15 was had ik een vriend van
/// 25"): one said elsewhere is often his age now ("sinds mn 16e" ... "mn vriend is 26",
/// ag1-026).
fn age_then(ctx: &Ctx, mi: usize) -> Option<u32> {
    let mut best: Option<u32> = None;
    if let Some(p) = ctx.msgs.get(mi).filter(|_| ctx.visitor(mi)) {
        for i in 0..p.tokens.len() {
            let w = p.word(i);
            let n = if w == "toen"
                && matches!(p.word(i + 1), "ik" | "ze" | "zij" | "hij" | "k")
                && matches!(p.word(i + 3), "was" | "jaar")
            {
                p.tokens.get(i + 2).and_then(|t| t.number)
            } else if matches!(w, "van" | "vanaf" | "sinds" | "op")
                && matches!(
                    p.word(i + 1),
                    "mn" | "m'n" | "mijn" | "haar" | "zn" | "zijn"
                )
            {
                let x = p.word(i + 2);
                x.strip_suffix("de")
                    .or_else(|| x.strip_suffix('e'))
                    .and_then(|d| d.parse::<u32>().ok())
            } else {
                None
            };
            if let Some(n) = n.filter(|n| (8..18).contains(n)) {
                best = Some(best.map_or(n, |b| b.min(n)));
            }
        }
    }
    best
}

/// The chatter the visitor's first message suggests by "mn vriend" or "mn vriendin" and
/// the intake's gender ([`crate::FRIEND_OPENING`]), with the two words as evidence.
fn friend_opening(ctx: &Ctx) -> Option<(&'static str, Ev)> {
    let mi = (0..ctx.msgs.len()).find(|&mi| ctx.visitor(mi))?;
    let p = ctx.msgs.get(mi)?;
    let female = match ctx.conv.intake.gender.as_deref() {
        Some("female") => true,
        Some("male") => false,
        _ => return None,
    };
    (0..p.tokens.len()).find_map(|i| {
        if !matches!(p.word(i), "mn" | "mijn" | "m'n") {
            return None;
        }
        let code = match (p.word(i + 1), female) {
            ("vriend", true) => "partner",
            ("vriendin", true) => "social",
            ("vriendin", false) => "partner",
            _ => return None,
        };
        let (a, b) = (p.tokens.get(i)?, p.tokens.get(i + 1)?);
        Some((
            code,
            Ev {
                msg: mi,
                start: a.start,
                end: b.end,
            },
        ))
    })
}

/// Others who are exploited too, read from the sentence's shape where the lexicon has no
/// phrase: the answer to a question about other victims ("Zijn er nog anderen die dit moeten
/// doen?" "mn neef van 16 ook", "Zijn er meer meisjes?" "ja 3", "Ben jij de enige?" "nee" is
/// not read here), or a clause that names another person who must do it too ("mn broer van
/// 12 moet ook", "zn nicht werkte ook voor hem"), without the visitor, a pronoun, a hedge or
/// a negation in it.
fn other_victims(ctx: &Ctx) -> Option<Ev> {
    const OTHERS: [&str; 6] = [
        "meisjes",
        "jongens",
        "meiden",
        "kinderen",
        "slachtoffers",
        "jongeren",
    ];
    const PERSON: [&str; 24] = [
        "zus",
        "zusje",
        "zussen",
        "broer",
        "broertje",
        "broers",
        "neef",
        "neefje",
        "nicht",
        "nichtje",
        "vriend",
        "vriendje",
        "vriendin",
        "vriendinnetje",
        "vriendinnen",
        "klasgenoot",
        "meisje",
        "meisjes",
        "meiden",
        "jongen",
        "jongens",
        "kinderen",
        "maat",
        "buurmeisje",
    ];
    const DET: [&str; 13] = [
        "mn", "mijn", "m'n", "zn", "zijn", "haar", "een", "twee", "drie", "andere", "2", "3", "4",
    ];
    const MUST: [&str; 16] = [
        "moet", "moeten", "moest", "moesten", "werkt", "werken", "werkte", "werkten", "doet",
        "doen", "deed", "deden", "loopt", "lopen", "liep", "liepen",
    ];
    const NOT: [&str; 18] = [
        "ik",
        "me",
        "mij",
        "mee",
        "vragen",
        "vraag",
        "zei",
        "zegt",
        "hij",
        "ze",
        "zij",
        "via",
        "als",
        "misschien",
        "bang",
        "wss",
        "denk",
        "vrienden",
    ];
    let unsure = |q: &Prepared| {
        (0..q.tokens.len()).any(|k| {
            q.is(k, flag::NEG)
                || matches!(
                    q.word(k),
                    "idk" | "denk" | "volgens" | "bang" | "wss" | "misschien"
                )
        })
    };
    let person_at = |q: &Prepared, k: usize| {
        PERSON.contains(&q.word(k))
            && (1..=2).any(|d| k.checked_sub(d).is_some_and(|j| DET.contains(&q.word(j))))
    };
    for (mi, p) in ctx.msgs.iter().enumerate() {
        if !ctx.visitor(mi) {
            let text = &ctx.conv.messages[mi].text;
            if !text.contains('?') {
                continue;
            }
            // (A question without these words in any case is not copied to lowercase.)
            if !(holds_ascii_ci(text, b"ander")
                || holds_ascii_ci(text, b"meer")
                || holds_ascii_ci(text, b"enige"))
            {
                continue;
            }
            let lower = text.to_lowercase();
            let words = words_of(&lower);
            let at = |k: usize| words.get(k).copied().unwrap_or("");
            let asked = (0..words.len()).any(|i| {
                (at(i) == "nog"
                    && (at(i + 1) == "anderen"
                        || (matches!(at(i + 1), "meer" | "andere") && OTHERS.contains(&at(i + 2)))))
                    || (matches!(at(i), "andere" | "meer") && OTHERS.contains(&at(i + 1)))
                    || (matches!(at(i), "ben" | "bent")
                        && matches!(at(i + 1), "je" | "jij")
                        && at(i + 2) == "de"
                        && at(i + 3) == "enige")
                    || (at(i) == "anderen" && at(i + 1) == "die")
            });
            let Some(q) = ctx
                .msgs
                .get(mi + 1)
                .filter(|_| asked && ctx.visitor(mi + 1))
            else {
                continue;
            };
            let first = q.word(0);
            let yes = matches!(first, "ja" | "jaa" | "yes" | "jep" | "klopt")
                || q.tokens.first().is_some_and(|t| t.number.is_some())
                || matches!(first, "twee" | "drie" | "vier")
                || ((0..q.tokens.len()).any(|k| q.word(k) == "ook")
                    && (0..q.tokens.len()).any(|k| PERSON.contains(&q.word(k))));
            if yes
                && !unsure(q)
                && let Some(t) = q.tokens.first()
            {
                return Some(Ev {
                    msg: mi + 1,
                    start: t.start,
                    end: q.tokens.last().map_or(t.end, |x| x.end),
                });
            }
            continue;
        }
        if !holds_in!(p, b"ook") {
            continue;
        }
        for c in 0..p.clauses {
            let range = p.clause_tokens(c);
            let has = |f: &dyn Fn(usize) -> bool| range.clone().any(f);
            if has(&|k| p.word(k) == "ook")
                && has(&|k| MUST.contains(&p.word(k)))
                && has(&|k| person_at(p, k))
                && !has(&|k| NOT.contains(&p.word(k)) || p.is(k, flag::NEG))
                && let (Some(a), Some(b)) = (
                    p.tokens.get(range.start),
                    range.end.checked_sub(1).and_then(|e| p.tokens.get(e)),
                )
            {
                return Some(Ev {
                    msg: mi,
                    start: a.start,
                    end: b.end,
                });
            }
        }
    }
    None
}

/// The victim's relations the visitor names, in order, the actions linked to them (mention
/// index, action), and relations of someone else's that act ("haar vriend laat haar"):
/// read as if the visitor is the victim when `is_victim`.
fn relation_links(
    ctx: &Ctx,
    is_victim: bool,
    vg: Option<Gender>,
) -> (Vec<RelMention>, Vec<(usize, Ev)>, Vec<Ev>) {
    let lex = ctx.lex;
    let victim_owner = |o: Owner| -> bool {
        match o {
            Owner::None => true,
            Owner::My => is_victim,
            Owner::Her => !is_victim && vg != Some(Gender::Male),
            Owner::His => !is_victim && vg != Some(Gender::Female),
            Owner::Your => false,
        }
    };
    let mut mentions: Vec<RelMention> = Vec::new(); // the victim's relations, in order
    let mut links: Vec<(usize, Ev)> = Vec::new(); // (mention index, action)
    let mut other_perp: Vec<Ev> = Vec::new();
    let mut unresolved_he: Vec<Ev> = Vec::new();
    let mut order = 0usize;
    for (mi, p) in ctx.msgs.iter().enumerate() {
        if !ctx.visitor(mi) {
            // "Is hij je vriend?" - "ja"
            if is_victim {
                let yes_next = ctx
                    .conv
                    .messages
                    .get(mi + 1)
                    .is_some_and(|m| m.from == From::Visitor)
                    && ctx.msgs.get(mi + 1).is_some_and(|n| n.is(0, flag::YES));
                if yes_next {
                    for h in p
                        .hits
                        .iter()
                        .filter(|h| h.tag == Tag::Rel && h.owner == Owner::Your)
                    {
                        if let Some(cue) = ctx.cue(h)
                            && let Some(rel) = &cue.relation
                        {
                            let yes_ev =
                                ctx.msgs
                                    .get(mi + 1)
                                    .and_then(|n| n.tokens.first())
                                    .map(|t| Ev {
                                        msg: mi + 1,
                                        start: t.start,
                                        end: t.end,
                                    });
                            mentions.push(RelMention {
                                key: (rel.clone(), cue.detail.clone()),
                                gender: cue.gender,
                                plural: cue.plural,
                                offline: cue.offline,
                                ev: yes_ev.unwrap_or(Ev::of(mi, h)),
                                order: usize::MAX,
                            });
                        }
                    }
                }
            }
            continue;
        }
        for c in 0..p.clauses {
            let action = clause_all(p, c).iter().find(|h| {
                matches!(
                    h.tag,
                    Tag::Ctl | Tag::SexStrong | Tag::SexWeak | Tag::Crime | Tag::DrugsNoun
                ) && !p.negated(h.token as usize, lex)
            });
            let mut linked_here = false;
            for h in clause_all(p, c)
                .iter()
                .filter(|h| matches!(h.tag, Tag::Rel | Tag::Person))
            {
                if p.negated(h.token as usize, lex) {
                    continue;
                }
                let Some(cue) = ctx.cue(h) else { continue };
                if h.tag == Tag::Person {
                    // "een man", "een gast": someone, relation unknown; a later "hij" means him.
                    mentions.push(RelMention {
                        key: (String::new(), None),
                        gender: cue.gender,
                        plural: false,
                        offline: false,
                        ev: Ev::of(mi, h),
                        order,
                    });
                    order += 1;
                    continue;
                }
                let Some(rel) = &cue.relation else { continue };
                if victim_owner(h.owner) {
                    mentions.push(RelMention {
                        key: (rel.clone(), cue.detail.clone()),
                        gender: cue.gender,
                        plural: cue.plural,
                        offline: cue.offline,
                        ev: Ev::of(mi, h),
                        order,
                    });
                    order += 1;
                    if let (Some(a), false) = (action, linked_here) {
                        links.push((mentions.len() - 1, Ev::of(mi, a)));
                        linked_here = true;
                    }
                } else if matches!(h.owner, Owner::Her | Owner::His) && action.is_some() {
                    other_perp.push(Ev::of(mi, h));
                }
            }
            if let (Some(a), false) = (action, linked_here) {
                if a.tag != Tag::Ctl && !matches!(a.tag, Tag::SexStrong) {
                    // only controlling actions carry a pronoun to an earlier relation
                }
                let sent = p.tokens.iter().find(|t| t.clause == c).map(|t| t.sentence);
                let pron: Option<Gender> = p.tokens.iter().enumerate().find_map(|(i, t)| {
                    if Some(t.sentence) != sent {
                        return None;
                    }
                    let _w = p.word(i);
                    if p.is(i, flag::HE) {
                        Some(Gender::Male)
                    } else if p.is(i, flag::SHE) && (is_victim || vg == Some(Gender::Male)) {
                        Some(Gender::Female)
                    } else {
                        None
                    }
                });
                let carry_ok = match pron {
                    Some(Gender::Male) => is_victim || vg != Some(Gender::Male),
                    Some(Gender::Female) => true,
                    None => false,
                };
                if carry_ok {
                    let target = mentions
                        .iter()
                        .rposition(|m| m.gender.is_none_or(|g| Some(g) == pron) && !m.plural);
                    match target {
                        Some(t) => links.push((t, Ev::of(mi, a))),
                        None if pron == Some(Gender::Male) => unresolved_he.push(Ev::of(mi, a)),
                        None => {}
                    }
                }
            }
        }
    }
    // Counsellor-confirmed relations take the unresolved "hij" actions.
    if !unresolved_he.is_empty()
        && let Some(t) = mentions.iter().position(|m| m.order == usize::MAX)
    {
        for e in &unresolved_he {
            links.push((t, *e));
        }
    }
    (mentions, links, other_perp)
}

/// The relation with the most linked actions (the first linked on a tie): its key and the
/// index of the mention that first has it.
fn best_relation(
    mentions: &[RelMention],
    links: &[(usize, Ev)],
) -> Option<((String, Option<String>), usize)> {
    // Per relation key (by the mention that first has it): count, first link, mention idx.
    // A list, not a map: a chat names few, and no key is copied. The first links differ, so
    // the best is one whatever the order.
    let mut score: Vec<(usize, usize, usize)> = Vec::new();
    for (k, (m, _)) in links.iter().enumerate() {
        let key = &mentions[*m].key;
        if key.0.is_empty() {
            continue;
        }
        match score.iter_mut().find(|e| mentions[e.2].key == *key) {
            Some(e) => e.0 += 1,
            None => score.push((1, k, *m)),
        }
    }
    score
        .iter()
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|v| (mentions[v.2].key.clone(), v.2))
}

/// Whether token `i` starts "iemand anders": "hoe kan ik iemand anders helpen die moet dealen"
/// (z1-037) asks for someone else, so its "ik" is not the victim.
/// A noun for a person that "haar"/"zn" can follow as the colloquial possessive ("mn
/// vriendin haar ex", "mn zus haar vriend").
fn possessor_noun(w: &str) -> bool {
    matches!(
        w,
        "vriendin"
            | "zus"
            | "zusje"
            | "moeder"
            | "ma"
            | "mama"
            | "tante"
            | "nicht"
            | "nichtje"
            | "buurvrouw"
            | "collega"
            | "dochter"
            | "stiefmoeder"
            | "oma"
    )
}

fn someone_else_at(p: &Prepared, i: usize) -> bool {
    p.word(i) == "iemand" && p.word(i + 1) == "anders"
}

/// Whether `b` holds an ASCII digit: 32 bytes at a time, each block without a branch per
/// byte (vectorised), where a search byte by byte cost every message of every chat a
/// compare and a branch per byte.
fn has_ascii_digit(b: &[u8]) -> bool {
    b.chunks(32)
        .any(|c| c.iter().fold(false, |found, x| found | x.is_ascii_digit()))
}

/// Ages and ordinals ("van mijn 11e tot mijn 17e") in the visitor's messages.
fn ages(ctx: &Ctx, out: &mut Vec<AgeStmt>, ranges: &mut Vec<(u32, u32, Ev)>) {
    let lex = ctx.lex;
    let _w = &lex.words;
    let mut last_q_other: Option<bool> = None; // Some(true): counsellor asked about someone else
    // The counsellor asked the age of the victim's boyfriend or of a man: the answer is his.
    let mut last_q_perp = false;
    // The counsellor asked about the man or boy who does it ("Weet u iets over die
    // jongen?"): "Hij is 17" in the answer is his age (v1-008).
    let mut last_q_him = false;
    let mut last_answer_subject: Option<Subject> = None;
    for (mi, p) in ctx.msgs.iter().enumerate() {
        if !ctx.visitor(mi) {
            let mut asked = false;
            for h in p.hits.iter().filter(|h| h.tag == Tag::AgeQ) {
                last_q_other = ctx.cue(h).map(|c| !c.subject_self);
                asked = true;
            }
            // "Hoe oud is haar vriend?" (u2-011): the one who exploits her, whose age is
            // nobody's the chat codes.
            if asked {
                last_q_perp = last_q_other == Some(true) && asks_perpetrators_age(&p.norm.text);
            }
            // (The counsellor's text is not always prepared: its raw words. Read only when
            // the visitor answers next, the one message that takes it.)
            last_q_him = ctx.visitor(mi + 1)
                && ctx
                    .conv
                    .messages
                    .get(mi)
                    .is_some_and(|m| asks_about_him(&m.text));
            continue;
        }
        let answer_about_him = std::mem::take(&mut last_q_him);
        let n = p.tokens.len();
        // Answer to the counsellor's question, or a correction of an earlier answer.
        let mut first = 0;
        // ("oke eerlijk gezegd 17 maar ik zeg altijd 18", ae2-047: owning up corrects too.)
        loop {
            let ok_honestly =
                matches!(p.word(first), "oke" | "ok" | "oké") && p.word(first + 1) == "eerlijk";
            if (first < n && p.is(first, flag::CORRECTION)) || ok_honestly {
                first += 1;
            } else if p.word(first) == "eerlijk" && p.word(first + 1) == "gezegd" {
                first += 2;
            } else {
                break;
            }
        }
        let corrected = first > 0;
        // The visitor's own age said in the message just before, with no question between
        // ("... ik ben 17" "nee sorry 16, ik word in maart 17", ae2-041): a correction here
        // corrects it.
        let said_me_before = mi.checked_sub(1).is_some_and(|pm| {
            ctx.visitor(pm)
                && out
                    .iter()
                    .any(|s| s.ev.msg == pm && s.subject == Subject::Me && !s.past)
        });
        // "ook 16" to "Hoe oud is je vriendin?" (i1-024): the same answer.
        if !corrected && p.word(0) == "ook" && n > 1 {
            first = 1;
        }
        // "bijna 16" is 15 (the convention: "bijna 20" is coded 19).
        let almost = !corrected && p.word(0) == "bijna" && n > 1;
        if almost {
            first = 1;
        }
        // "een jaar of 15" (y1-030) is a vague age, left out by the convention; its "een" is
        // no age of 1.
        let vague =
            p.word(first) == "een" && p.word(first + 1) == "jaar" && p.word(first + 2) == "of";
        // "16 nee eigenlijk 15": the corrected answer, its evidence up to the new number.
        let fixed = corrected_age(p, first);
        if let Some(age) = p
            .tokens
            .get(first)
            .filter(|_| !vague)
            .and_then(|t| t.number)
            .map(|a| if almost { a.saturating_sub(1) } else { a })
            .map(|a| fixed.map_or(a, |f| f.0))
        {
            let rest_ok = n == first + 1
                || fixed.is_some()
                || p.is(first + 1, flag::AGE_UNIT)
                // "16 net als ik", "16 ook"
                || matches!(p.word(first + 1), "net" | "ook")
                // "wacht nee 17 ik word volgende maand 18" (ah1-047).
                || (corrected && matches!(p.word(first + 1), "maar" | "ik" | "k"))
                || p.tokens
                    .get(first + 1)
                    .is_some_and(|t| t.sentence > 0 || t.clause > 0);
            let subject = if corrected {
                last_answer_subject.or(said_me_before.then_some(Subject::Me))
            } else {
                last_q_other.map(|o| match (o, last_q_perp) {
                    (true, true) => Subject::Other(None),
                    (true, false) => Subject::AnswerOther,
                    (false, _) => Subject::Me,
                })
            };
            let taken_back = fixed.is_none() && hedged_after(p, first, lex);
            if let (true, Some(subject)) = (rest_ok && !taken_back, subject)
                && let Some(t) = p.tokens.get(first)
            {
                out.push(AgeStmt {
                    age,
                    ev: Ev {
                        msg: mi,
                        start: t.start,
                        end: fixed.map_or(t.end, |f| f.1),
                    },
                    subject,
                    past: false,
                    role: None,
                });
                last_answer_subject = Some(subject);
            }
        }
        // A question back without a number ("maakt dat uit?") leaves the age question open
        // for the next answer (j1-030).
        let any_number = p.tokens.iter().any(|t| t.number.is_some());
        let asks_back = p.norm.text.trim_end().ends_with('?') && !any_number;
        if !asks_back {
            last_q_other = None;
        }
        // Everything below needs a token with a number or a digit: a message with neither
        // is not read word by word.
        let has_digit = has_ascii_digit(p.norm.text.as_bytes());
        if !any_number && !has_digit {
            continue;
        }
        for i in 0..n {
            let Some(t) = p.tokens.get(i).copied() else {
                continue;
            };
            // Everything below needs a number or a digit ("m17", "11e"): most words stop here.
            // (The token's bytes in the text: no string made of them.)
            let digit_word = has_digit
                && p.norm
                    .text
                    .as_bytes()
                    .get(t.start as usize..t.end as usize)
                    .is_some_and(|w| w.iter().any(u8::is_ascii_digit));
            if t.number.is_none() && !digit_word {
                continue;
            }
            let word = p.word(i);
            // m17, v15, 17m, 15j (only a word with a digit: "een" is no age of the kind)
            if digit_word && word.len() >= 2 && word.len() <= 3 && word.is_ascii() {
                let b = word.as_bytes();
                let (g, digits) = if b[0].is_ascii_alphabetic() {
                    (b[0], &word[1..])
                } else {
                    (b[b.len() - 1], &word[..word.len() - 1])
                };
                if digits.bytes().all(|d| d.is_ascii_digit()) && !digits.is_empty() {
                    let gender = match g {
                        b'm' | b'j' => Some(Gender::Male),
                        b'v' | b'f' | b'g' => Some(Gender::Female),
                        _ => None,
                    };
                    if let (Some(_), Ok(age)) = (gender, digits.parse::<u32>())
                        && (8..=99).contains(&age)
                        && !p.hedged(t.clause, lex)
                    {
                        out.push(AgeStmt {
                            age,
                            ev: Ev {
                                msg: mi,
                                start: t.start,
                                end: t.end,
                            },
                            subject: Subject::Me,
                            past: false,
                            role: None,
                        });
                    }
                }
            }
            // Ordinals: "mijn 11e", "12de"
            if let Some(num) = word.strip_suffix('e').or_else(|| word.strip_suffix("de")) {
                // (Without a digit, "twee", "drie": no ordinal, and not read as an age below.)
                if !digit_word {
                    continue;
                }
                // "tussen mijn 11e en 16e": the second ordinal closes the span without "mijn".
                let closes = i >= 1
                    && matches!(p.word(i - 1), "en" | "tot")
                    && ranges
                        .last()
                        .is_some_and(|r| r.1 == u32::MAX && r.2.msg == mi);
                if let Ok(a) = num.parse::<u32>()
                    && i >= 1
                    && (closes || matches!(p.word(i - 1), "mijn" | "mn" | "m'n" | "haar" | "zijn"))
                {
                    let ev = Ev {
                        msg: mi,
                        start: p.tokens.get(i - 1).map_or(t.start, |x| x.start),
                        end: t.end,
                    };
                    ranges.push((a, u32::MAX, ev));
                    if let Some(last) = ranges.len().checked_sub(2) {
                        // "van mijn 11e tot mijn 17e"
                        if closes || (i >= 3 && p.word(i - 2) == "tot") {
                            let (start, _, ev0) = ranges[last];
                            ranges.truncate(last);
                            ranges.push((
                                start,
                                a,
                                Ev {
                                    msg: mi,
                                    start: ev0.start,
                                    end: t.end,
                                },
                            ));
                        }
                    }
                }
                continue;
            }
            let Some(age) = t.number else {
                continue;
            };
            if !(6..=99).contains(&age) {
                continue;
            }
            // Not an age: "2 maanden", "3 keer", "15 euro".
            let next = p.word(i + 1);
            if p.is(i + 1, flag::MONTHS | flag::WEEKS | flag::DAYS)
                || matches!(next, "keer" | "euro" | "minuten" | "uur" | "km" | "procent")
            {
                continue;
            }
            if p.is(i + 1, flag::YEARS) && !p.is(i + 1, flag::AGE_UNIT) {
                continue;
            }
            // "2 jaar geleden", "3 jaar lang"; "ik ben 9 jaar in nederland", "al 5 jaar hier",
            // "10 jaar getrouwd": years of something, not an age.
            if p.is(i + 1, flag::YEARS)
                && matches!(
                    p.word(i + 2),
                    "geleden"
                        | "lang"
                        | "in"
                        | "hier"
                        | "daar"
                        | "getrouwd"
                        | "samen"
                        | "weg"
                        | "bezig"
                        | "werkzaam"
                        | "binnen"
                        | "uit"
                )
            {
                continue;
            }
            // Taken back and corrected: the corrected age in the place of the first, its
            // evidence up to the new number.
            let (age, t) = match corrected_age(p, i) {
                Some((a, end)) => (a, crate::text::Token { end, ..t }),
                None if hedged_after(p, i, lex) => continue,
                None => (age, t),
            };
            let hedged_clause = p.hedged(t.clause, lex);
            if i >= 1
                && matches!(
                    p.word(i - 1),
                    "bijna" | "ongeveer" | "rond" | "zo'n" | "plm"
                )
            {
                // "ik ben bijna 16": 15, the convention's "bijna 20" is 19.
                if p.word(i - 1) == "bijna"
                    && i >= 3
                    && p.word(i - 2) == "ben"
                    && p.word(i - 3) == "ik"
                    && !hedged_clause
                    && let Some(a) = p.tokens.get(i - 3)
                {
                    out.push(AgeStmt {
                        age: age.saturating_sub(1),
                        ev: Ev {
                            msg: mi,
                            start: a.start,
                            end: t.end,
                        },
                        subject: Subject::Me,
                        past: false,
                        role: None,
                    });
                }
                continue;
            }
            let same_clause = |j: usize| p.tokens.get(j).is_some_and(|x| x.clause == t.clause);
            let past = (0..i).any(|j| same_clause(j) && p.is(j, flag::AGE_PAST));
            // Walk back over fillers.
            let mut j = i;
            while j > 0 && same_clause(j - 1) && p.is(j - 1, flag::AGE_FILLER) {
                j -= 1;
            }
            // One unknown word (a misspelt filler: "ik ben eienlijk 17") between "ben" and the number.
            if j == i
                && j >= 2
                && same_clause(j - 2)
                && p.word(j - 2) == "ben"
                && p.tokens.get(j - 1).is_some_and(|x| {
                    x.flags == 0 && x.number.is_none() && x.id == crate::lexicon::NO_WORD
                })
                && !matches!(p.word(j - 1), "bijna" | "ongeveer" | "rond" | "pas")
            {
                j -= 1;
            }
            // "ik ben vorige week 17 geworden", "ik ben gisteren 16 geworden" (ac2-010): the
            // time it happened between "ben" and the number, "geworden" after it.
            if j == i && p.word(i + 1) == "geworden" {
                if j >= 3
                    && same_clause(j - 3)
                    && p.word(j - 3) == "ben"
                    && matches!(p.word(j - 2), "vorige" | "afgelopen")
                    && matches!(p.word(j - 1), "week" | "maand" | "weekend" | "zomer")
                {
                    j -= 2;
                } else if j >= 2
                    && same_clause(j - 2)
                    && p.word(j - 2) == "ben"
                    && matches!(
                        p.word(j - 1),
                        "gisteren" | "vandaag" | "eergisteren" | "net"
                    )
                {
                    j -= 1;
                }
            }
            // A number right after "(": "mijn vriendin (18)".
            let paren = i > 0
                && t.start > 0
                && p.norm.text.as_bytes().get(t.start as usize - 1) == Some(&b'(');
            if !paren && (j == 0 || !same_clause(j - 1)) {
                // An apposition: "een van mijn spelers, 14 jaar, vertelde", "een meisje uit
                // de 3e klas, 15 jaar, wordt ...": the person named in the clause before.
                if j == i
                    && i > 0
                    && !hedged_clause
                    && matches!(p.word(i + 1), "jaar" | "jr")
                    && p.tokens.get(i + 2).is_none_or(|x| x.clause != t.clause)
                    && let Some(h) = p.hits.iter().rev().find(|h| {
                        h.sentence == t.sentence
                            && h.clause + 1 == t.clause
                            && matches!(h.tag, Tag::VictimNoun | Tag::Victim3)
                    })
                {
                    let cue = ctx.cue(h);
                    let g = cue.and_then(|c| c.gender);
                    out.push(AgeStmt {
                        age,
                        ev: Ev {
                            msg: mi,
                            start: h.start,
                            end: p.tokens.get(i + 1).map_or(t.end, |x| x.end),
                        },
                        // "Ik ben oma, 67 jaar, en ..." (bi2-030): the visitor's own cue, so
                        // the visitor's own age (round 55).
                        subject: if p.word(h.token as usize) == "ik"
                            && p.word(h.token as usize + 1) == "ben"
                        {
                            Subject::Me
                        } else if h.tag == Tag::Victim3 {
                            Subject::Named(g)
                        } else {
                            Subject::VictimNoun(g)
                        },
                        past,
                        role: cue.and_then(|c| chatter_code(c.chatter.as_deref())),
                    });
                }
                continue;
            }
            let inverted = !paren && p.word(j - 1) == "ik" && j >= 2 && p.word(j - 2) == "ben";
            let prev = if paren {
                "("
            } else if inverted {
                "ben"
            } else {
                p.word(j - 1)
            };
            // "ik denk dat mijn zoon van 14 gedwongen wordt": the hedge is about what is
            // done to him; the age said with the noun is no guess.
            if hedged_clause && !matches!(prev, "van" | "(") {
                continue;
            }
            // Reported: "ze zei dat ze 15 was", "achteraf vertelde hij dat hij 15 is": what
            // the girl or boy said of themselves, kept as an age of the time it was said (only
            // a client's chat takes it as the victim's, see `analyse_ctx`).
            if !paren
                && j == i
                && j >= 2
                && p.word(j - 2) == "dat"
                && matches!(prev, "ze" | "zij" | "hij")
                && matches!(p.word(i + 1), "was" | "is" | "jaar")
                && let Some(first) = p.tokens.get(j - 2)
            {
                let g = if prev == "hij" {
                    Gender::Male
                } else {
                    Gender::Female
                };
                out.push(AgeStmt {
                    age,
                    ev: Ev {
                        msg: mi,
                        start: first.start,
                        end: p.tokens.get(i + 1).map_or(t.end, |x| x.end),
                    },
                    subject: Subject::Pronoun(g),
                    past: true,
                    role: None,
                });
                continue;
            }
            // Another age said earlier of someone the chat may be about.
            let earlier_third_age = out.iter().any(|s| {
                s.age != age
                    && matches!(
                        s.subject,
                        Subject::Named(_) | Subject::VictimNoun(_) | Subject::AnswerOther
                    )
            });
            let j = if paren { j + 1 } else { j };
            let start_tok = |k: usize| p.tokens.get(k).map_or(t.start, |x| x.start);
            let mut push =
                |subject: Subject, from: usize, past: bool, role: Option<&'static str>| {
                    out.push(AgeStmt {
                        age,
                        ev: Ev {
                            msg: mi,
                            start: start_tok(from),
                            end: t.end,
                        },
                        subject,
                        past,
                        role,
                    });
                };
            match prev {
                "ben" | "am" | "im" | "i'm" | "was" | "werd" => {
                    let subj_ok = inverted || prev == "im" || prev == "i'm" || {
                        let a = if j >= 2 { p.word(j - 2) } else { "" };
                        let _b = p.word(j);
                        p.is(j.wrapping_sub(2), flag::FIRST_PERSON)
                            || p.is(j, flag::FIRST_PERSON)
                            || j < 2
                            || !same_clause(j - 2)
                            || p.is(j - 2, flag::SPLIT)
                            || matches!(a, "nu" | "zelf" | "en")
                    };
                    if subj_ok {
                        let is_past = past || prev == "was" || prev == "werd";
                        push(Subject::Me, j.saturating_sub(2), is_past, None);
                    }
                }
                "is" | "van" | "(" | "wordt" | "zijn" => {
                    if j < 2 || (!paren && !same_clause(j - 2)) {
                        continue;
                    }
                    let noun_end = p.tokens.get(j - 2).map_or(0, |x| x.end);
                    let owner_word = p.word(j - 2);
                    // Which hit ends at the noun?
                    let hit = p
                        .hits
                        .iter()
                        .filter(|h| {
                            h.end == noun_end
                                || (h.start < noun_end && h.end > noun_end && h.end <= t.start)
                        })
                        .filter(|h| {
                            matches!(
                                h.tag,
                                Tag::Victim3 | Tag::VictimNoun | Tag::Rel | Tag::Person
                            )
                        })
                        .max_by_key(|h| match h.tag {
                            Tag::Victim3 => 3,
                            Tag::Rel => 2,
                            Tag::VictimNoun => 1,
                            _ => 0,
                        });
                    let me_noun = j >= 5
                        && p.word(j - 3) == "een"
                        && p.word(j - 4) == "ben"
                        && p.is(j - 5, flag::FIRST_PERSON);
                    // "bewaren voor een jongen van 20", "gedwongen door een man (30)": the one
                    // the visitor's person works for or is forced by is not the victim.
                    // Nor the one told about it ("Ze vertelde een klasgenote van 15 dat ...",
                    // ao2-010).
                    // "de eigenaar is een vrouw van 50" (bg2-040): the one who runs it,
                    // said to be a woman, is not the victim (round 53).
                    let perp_noun = j >= 5
                        && matches!(p.word(j - 3), "een" | "n")
                        && matches!(p.word(j - 4), "is" | "was")
                        && matches!(
                            p.word(j - 5),
                            "eigenaar"
                                | "eigenares"
                                | "baas"
                                | "bazin"
                                | "manager"
                                | "pooier"
                                | "dader"
                                | "uitbater"
                                | "uitbaatster"
                                | "huisbaas"
                                | "werkgever"
                                | "leidinggevende"
                        );
                    let by_or_for = perp_noun
                        || (3..=4).any(|d| {
                            j >= d
                                && matches!(
                                    p.word(j - d),
                                    "voor" | "door" | "vertelde" | "vertelt" | "appte" | "tegen"
                                )
                                && (d == 3
                                    || matches!(p.word(j - 3), "een" | "die" | "de" | "zo'n"))
                        });
                    // "ik ben de moeder van een zoon van 15": the relation right after the
                    // visitor's own cue is the one the chat is about.
                    // "er is nog een meisje van 15 die ook voor hem moet werken" (q1-095): one
                    // more victim beside the one the chat is about, not that one.
                    // "Een klasgenote van 15 zou ook contact met hem hebben" after "Een
                    // leerling van 14" (v2-017): "ook" in her clause, after another person's
                    // age, makes her one more.
                    let also = (i + 1..p.tokens.len())
                        .take_while(|&k| same_clause(k))
                        .any(|k| p.word(k) == "ook")
                        && earlier_third_age;
                    let one_more = also
                        || (j >= 4
                            && ((p.word(j - 3) == "een" && p.word(j - 4) == "nog")
                                || matches!(p.word(j - 3), "ander" | "andere")));
                    let cue_before = (3..=4).find_map(|d| {
                        let end = p.tokens.get(j.checked_sub(d)?)?.end;
                        (d == 3 || matches!(p.word(j - 3), "een" | "mijn" | "mn" | "m'n"))
                            .then_some(())?;
                        p.hits
                            .iter()
                            .find(|x| x.tag == Tag::Victim3 && x.end == end)
                    });
                    let mut role = None;
                    let subject = if let Some(h) = hit {
                        let cue = ctx.cue(h);
                        let g = cue.and_then(|c| c.gender);
                        role = cue.and_then(|c| chatter_code(c.chatter.as_deref()));
                        match h.tag {
                            Tag::Rel if cue_before.is_some() && !cue.is_some_and(|c| c.plural) => {
                                role = cue_before
                                    .and_then(|x| ctx.cue(x))
                                    .and_then(|c| chatter_code(c.chatter.as_deref()));
                                Subject::Named(g)
                            }
                            Tag::VictimNoun if me_noun => Subject::Me,
                            Tag::Victim3 | Tag::VictimNoun if by_or_for || one_more => {
                                Subject::Other(g)
                            }
                            Tag::Victim3 => Subject::Named(g),
                            // "Ik ben oma van een jongen van 13" (aq2-037): the person right
                            // after the visitor's own cue is the one the chat is about, named
                            // as surely as "mijn kleinzoon" (not "mijn zoon van 36" after it,
                            // his father).
                            Tag::VictimNoun if cue_before.is_some() => {
                                role = cue_before
                                    .and_then(|x| ctx.cue(x))
                                    .and_then(|c| chatter_code(c.chatter.as_deref()));
                                Subject::Named(g)
                            }
                            Tag::VictimNoun => Subject::VictimNoun(g),
                            Tag::Rel if cue.is_some_and(|c| c.plural) => continue,
                            _ => Subject::Other(g),
                        }
                    } else if let Some(x) = cue_before
                        && let Some(g) = child_word(owner_word)
                    {
                        // The cue took the noun ("ik ben de moeder van" + "een zoon van 15").
                        role = ctx.cue(x).and_then(|c| chatter_code(c.chatter.as_deref()));
                        Subject::Named(g)
                    } else if p.is(j - 2, flag::SHE) && prev == "is" {
                        Subject::Pronoun(Gender::Female)
                    } else if p.is(j - 2, flag::HE) && prev == "is" {
                        // "... voor een man die zij via een datingapp kende. Hij is 30."
                        // (x2-013): the man just named, not the victim.
                        let man_before = p.hits.iter().any(|h| {
                            h.tag == Tag::Person
                                && h.sentence + 1 == t.sentence
                                && ctx.cue(h).and_then(|c| c.gender) == Some(Gender::Male)
                        }) && !p.hits.iter().any(|h| {
                            matches!(h.tag, Tag::Victim3 | Tag::VictimNoun)
                                && h.sentence + 1 == t.sentence
                        });
                        if (answer_about_him && t.sentence == 0) || man_before {
                            Subject::Other(Some(Gender::Male))
                        } else {
                            Subject::Pronoun(Gender::Male)
                        }
                    } else if prev == "van"
                        && matches!(owner_word, "leerling" | "cliënt" | "client" | "kind")
                    {
                        Subject::VictimNoun(None)
                    } else {
                        continue;
                    };
                    push(subject, j - 2, past, role);
                }
                _ => {}
            }
        }
    }
}

/// Whether the visitor tells someone else's story: more clauses that tell the
/// exploitation of her or him ("haar ex laat haar met mannen afspreken", "ze moet 20.000
/// euro terugbetalen") than clauses that put the visitor in it ("hij laat me dealen",
/// "mn vriend laat mij drugs vervoeren"). The visitor is then not surely the victim, and
/// the intake's age and gender are not the victim's.
fn third_party_story(ctx: &Ctx) -> bool {
    /// What one clause holds (one pass over its words).
    #[derive(Default)]
    struct Clause {
        me: bool,
        she: bool,
        he: bool,
        must: bool,
        he_must: bool,
    }
    let lex = ctx.lex;
    let (mut theirs, mut mine) = (0u32, 0u32);
    for (mi, p) in ctx.msgs.iter().enumerate() {
        if !ctx.visitor(mi) {
            continue;
        }
        // "hij moet ..." needs a "moet"/"moest": without one in the message, only the
        // clauses that tell of exploitation can count, and the others are skipped whole.
        let may_must = holds_in!(p, b"moe");
        let mut k = 0;
        while k < p.tokens.len() {
            let Some(c) = p.tokens.get(k).map(|t| t.clause) else {
                break;
            };
            let exploit = || {
                clause_all(p, c).iter().any(|h| {
                    matches!(
                        h.tag,
                        Tag::Ctl
                            | Tag::SexStrong
                            | Tag::SexWeak
                            | Tag::Crime
                            | Tag::DrugsNoun
                            | Tag::Labour
                            | Tag::Coercion
                    ) && !p.negated(h.token as usize, lex)
                })
            };
            if !may_must && !exploit() {
                k = p.clause_tokens(c).end.max(k + 1);
                continue;
            }
            let mut cl = Clause::default();
            while let Some(t) = p.tokens.get(k).filter(|t| t.clause == c) {
                cl.me |= t.flags & flag::FIRST_PERSON != 0;
                // "ze doen het samen ze regelen het allebei" (an1-012, of a mother and her
                // boyfriend): "ze" with a plural verb is "they", the ones who do it, not "she".
                let they = t.class & class::ZE != 0 && {
                    let v = p.word(k + 1);
                    (v.len() > 3 && v.ends_with("en")) || p.in_class(k + 1, class::SHORT_PLURAL)
                };
                cl.she |= t.flags & flag::SHE != 0 && !they;
                cl.he |= t.flags & flag::HE != 0;
                // (The words below by their classes: one test for the words that are none.)
                if t.class
                    & (class::MY | class::HAAR | class::DIE | class::MUST_VERB | class::MADE_TO)
                    != 0
                {
                    cl.me |= t.class & class::MY != 0;
                    cl.she |= t.class & class::HAAR != 0;
                    cl.he |= t.class & class::DIE != 0;
                    let verb = t.class & class::MUST_VERB != 0;
                    cl.must |= verb || t.class & class::MADE_TO != 0;
                    // "hij moet elke week geld naar belgie brengen": he has to, whatever the
                    // words.
                    cl.he_must |= verb
                        && k > 0
                        && p.tokens
                            .get(k - 1)
                            .is_some_and(|x| x.flags & (flag::HE | flag::SHE) != 0);
                }
                k += 1;
            }
            if (!cl.he_must || cl.me) && !exploit() {
                continue;
            }
            if cl.me {
                mine += 1;
            } else if cl.she
                // "hij" is mostly the perpetrator: he is the one it is done to only when he
                // has to ("hij moet elke week geld naar belgie brengen", "een vriend en die
                // moet inbreken") or is made to.
                || (cl.he && cl.must)
            {
                theirs += 1;
            }
        }
    }
    theirs > mine || (mine == 0 && witness(ctx))
}

/// Whether a pronoun of gender `g` does to the visitor what the chat is about: a visitor's
/// clause with "hij" (or "ze"/"zij") before "me"/"mij" and a sign of exploitation, control,
/// threat or violence ("hij heeft me als escort laten werken", "ze slaat me"). That
/// pronoun is the perpetrator, so an age said with it is not the victim's.
fn acts_on_me(ctx: &Ctx, g: Gender) -> bool {
    let lex = ctx.lex;
    let f = match g {
        Gender::Male => flag::HE,
        Gender::Female => flag::SHE,
    };
    ctx.msgs.iter().enumerate().any(|(mi, p)| {
        ctx.visitor(mi)
            && (0..p.tokens.len()).any(|i| {
                let Some(t) = p.tokens.get(i).filter(|t| t.flags & f != 0) else {
                    return false;
                };
                // "hij heeft me", "ze dwingt mij": the object right after the pronoun's
                // verb, and the sign later in the same sentence ("hij heeft me 2,5 jaar als
                // escort laten werken").
                let Some(me) = (i + 1..=i + 3).find(|&j| {
                    matches!(p.word(j), "me" | "mij")
                        && p.tokens.get(j).is_some_and(|x| x.sentence == t.sentence)
                }) else {
                    return false;
                };
                // Not what he told or asked the visitor ("hij heeft me verteld dat hij
                // pakketjes moet wegbrengen", "hij heeft me gevraagd om hier te kijken").
                let told = |k: usize| (me + 1..=k).any(|j| told_verb(p.word(j)));
                p.hits.iter().any(|h| {
                    (me + 1..=me + 6).contains(&(h.token as usize))
                        && !told(h.token as usize)
                        && p.tokens
                            .get(h.token as usize)
                            .is_some_and(|x| x.sentence == t.sentence)
                        && matches!(
                            h.tag,
                            Tag::Ctl
                                | Tag::SexStrong
                                | Tag::SexWeak
                                | Tag::Crime
                                | Tag::Labour
                                | Tag::Coercion
                                | Tag::Violence
                                | Tag::Threat
                        )
                        && !p.negated(h.token as usize, lex)
                })
            })
    })
}

/// Whether the visitor tells what happens to others where she or he lives, works or
/// walks ("naast mij gebeurt iets vreemds", "de buren", "mijn buurmeisje", "een collega",
/// "bij ons in de straat"): a witness, not the victim, unless a clause puts the visitor in
/// the exploitation (the caller's count).
fn witness(ctx: &Ctx) -> bool {
    ctx.msgs.iter().enumerate().any(|(mi, p)| {
        if !ctx.visitor(mi)
            || !(holds_in!(p, b"buren")
                || holds_in!(p, b"naast")
                || holds_in!(p, b"collega")
                || holds_in!(p, b"straat")
                || holds_in!(p, b"werk"))
        {
            return false;
        }
        // A single neighbour ("de buurman doet dingen") or someone who lives in the street
        // ("mn neef woont bij ons in de straat") may be the perpetrator: only the
        // neighbours, the place next door, colleagues, and what the visitor sees or hears
        // in the street or at work.
        let sees = |i: usize| {
            let Some(t) = p.tokens.get(i) else {
                return false;
            };
            (0..p.tokens.len()).any(|k| {
                p.tokens.get(k).is_some_and(|x| x.sentence == t.sentence)
                    && matches!(p.word(k), "zie" | "zag" | "hoor" | "hoorde" | "merk")
                    && p.is(k.wrapping_sub(1), flag::FIRST_PERSON)
            })
        };
        (0..p.tokens.len()).any(|i| {
            let w = p.word(i);
            matches!(
                w,
                "buren"
                    | "bovenburen"
                    | "onderburen"
                    | "benedenburen"
                    | "hiernaast"
                    | "collega's"
                    | "collegas"
            ) || (w == "naast" && matches!(p.word(i + 1), "mij" | "me" | "ons"))
                || (w == "collega"
                    && p.word(i + 1) == "van"
                    && matches!(p.word(i + 2), "mij" | "me"))
                || (matches!(w, "straat" | "werk") && sees(i))
        })
    })
}

/// The counsellor's question right before message `mi` (a message with a "?"), which the
/// visitor's message `mi` answers.
fn question_before<'a>(ctx: &Ctx<'a>, mi: usize) -> Option<&'a Message> {
    mi.checked_sub(1)
        .and_then(|q| ctx.conv.messages.get(q))
        .filter(|m| m.from != From::Visitor && m.text.contains('?'))
}

/// The counsellor's own reading that the story is not exploitation: "geen uitbuiting",
/// "geen sprake van mensenhandel", "klinkt niet als uitbuiting", "gaat niet om
/// mensenhandel", "eerder om problematisch gamen dan om uitbuiting" (aw1-079, i1-098). Over
/// the corpus none of the 71 chats with such a sentence is included: the writers let the
/// counsellor's conclusion stand, and so do the rules. The evidence is the phrase.
fn counsellor_rules_out(ctx: &Ctx) -> Option<Ev> {
    ctx.msgs.iter().enumerate().find_map(|(mi, p)| {
        if ctx.visitor(mi) {
            return None;
        }
        (1..p.tokens.len()).find_map(|i| {
            if !matches!(p.word(i), "uitbuiting" | "mensenhandel") {
                return None;
            }
            let w = |k: usize| i.checked_sub(k).map_or("", |j| p.word(j));
            let back = if w(1) == "geen" {
                1
            } else if (w(1), w(2), w(3)) == ("van", "sprake", "geen") {
                3
            } else if matches!(w(1), "om" | "als" | "op" | "direct") && w(2) == "niet" {
                2
            } else if (w(1), w(2)) == ("om", "dan") {
                // "eerder om X dan om uitbuiting": "eerder" earlier in the sentence.
                let sentence = p.tokens.get(i).map(|t| t.sentence);
                let eerder = (0..i).any(|j| {
                    p.word(j) == "eerder" && p.tokens.get(j).map(|t| t.sentence) == sentence
                });
                if !eerder {
                    return None;
                }
                2
            } else {
                return None;
            };
            let (a, b) = (p.tokens.get(i - back)?, p.tokens.get(i)?);
            Some(Ev {
                msg: mi,
                start: a.start,
                end: b.end,
            })
        })
    })
}

/// A plain "nee" to the counsellor's question whether anyone forces, pressures or threatens
/// the visitor ("Zet hij je onder druk?" "nee totaal nie"), with no "maar" and no sign of
/// force in the answer: the visitor denies exploitation (a request refused, a job that is
/// hard but free). The evidence is the "nee".
fn denies_force(ctx: &Ctx) -> Option<Ev> {
    let lex = ctx.lex;
    ctx.msgs.iter().enumerate().find_map(|(mi, p)| {
        if !ctx.visitor(mi) {
            return None;
        }
        // The question first: most answers follow none, and the denial's phrases are
        // looked for only after one.
        let question = question_before(ctx, mi)?;
        if !denial(p) {
            return None;
        }
        let (force, withheld) = force_question(&question.text);
        // "nee" to whether someone withholds the wages or the passport denies only in a
        // chat that tells of no threat or violence at all.
        if !(force || (withheld && !forced(ctx))) {
            return None;
        }
        let t = p.tokens.first()?;
        let but = (0..p.tokens.len()).any(|i| matches!(p.word(i), "maar" | "but"));
        let force = p.hits.iter().any(|h| {
            matches!(
                h.tag,
                Tag::Ctl | Tag::Violence | Tag::Threat | Tag::ThreatAct | Tag::Force
            ) && !p.negated(h.token as usize, lex)
                && !something_else(p, h)
        });
        (!but && !force).then_some(Ev {
            msg: mi,
            start: t.start,
            end: t.end,
        })
    })
}

/// Whether the visitor says she or he must work ("ik moet voor hem werken", "ik moest
/// werken in een huis"): a first-person word, "moet"/"moest"/"moeten" and "werken" in one
/// clause of a visitor's message, not negated.
fn must_work(ctx: &Ctx) -> bool {
    let lex = ctx.lex;
    ctx.msgs.iter().enumerate().any(|(mi, p)| {
        ctx.visitor(mi)
            && holds_in!(p, b"werk")
            && (0..p.tokens.len()).any(|i| {
                matches!(p.word(i), "werken" | "werkte" | "werkt")
                    && p.tokens.get(i).is_some_and(|t| {
                        let same = |k: usize| p.tokens.get(k).is_some_and(|x| x.clause == t.clause);
                        let must = (0..i).any(|k| {
                            same(k) && matches!(p.word(k), "moet" | "moest" | "moeten" | "moesten")
                        });
                        let me = (0..i).any(|k| same(k) && p.is(k, flag::FIRST_PERSON));
                        must && me && !p.negated(i, lex)
                    })
            })
    })
}

/// Whether a visitor's sentence tells of her being sent to others for money: a payment
/// (`pay`) and, in the same sentence, a control cue ("laat me ... mee gaan en dan krijgt hij
/// geld van ze") or a meeting ("dat ik met zn vriend afspreek voor geld").
fn paid_meeting(ctx: &Ctx) -> bool {
    ctx.valid(Tag::Pay).iter().any(|(mi, pay)| {
        ctx.msgs.get(*mi).is_some_and(|p| {
            let ctl = ctx
                .valid(Tag::Ctl)
                .iter()
                .any(|(mj, c)| mj == mi && c.sentence == pay.sentence);
            ctl || p
                .tokens
                .iter()
                .enumerate()
                .any(|(i, t)| t.sentence == pay.sentence && p.word(i).starts_with("afsp"))
        })
    })
}

/// "nee niemand" to "Krijgt iemand er iets voor, geld of iets anders?" (m1-066): nobody is
/// paid for the sex, in a chat where no payment is told otherwise (a valid `pay` cue), and
/// no "maar" follows the denial.
fn unpaid_answer(ctx: &Ctx) -> Option<Ev> {
    if !ctx.valid(Tag::Pay).is_empty() {
        return None;
    }
    ctx.msgs.iter().enumerate().find_map(|(mi, p)| {
        if !ctx.visitor(mi) {
            return None;
        }
        let question = question_before(ctx, mi)?;
        // The answer first (cheap): the question is lowercased and searched only after a denial.
        if !denial(p) {
            return None;
        }
        let q = question.text.to_lowercase();
        let asks = [
            "krijgt iemand er",
            "krijgt iemand geld",
            "betaalt iemand",
            "wordt er betaald",
            "wordt ervoor betaald",
            "wordt er voor betaald",
            "verdient iemand",
            "krijgt hij er geld",
            "krijgt hij er iets",
            "krijgt hij geld",
        ]
        .iter()
        .any(|x| q.contains(x));
        if !asks {
            return None;
        }
        let but = (0..p.tokens.len()).any(|i| matches!(p.word(i), "maar" | "but" | "wel"));
        let t = p.tokens.first()?;
        (!but).then_some(Ev {
            msg: mi,
            start: t.start,
            end: t.end,
        })
    })
}

/// The visitor asks herself whether he was paid and denies it: "kreeg hij geld voor? ik
/// denk het nie eigenlijk" (bn1-070, forced by her ex "als bewijs dat ik van hem hield").
/// Every payment of the chat (a valid `pay` hit) stands in such a question of the visitor's,
/// a sentence that ends in "?", and the next sentence of the same message opens with a
/// denial ("nee", "niet", "ik denk het niet", "denk het niet", "volgens mij niet") and says
/// no "maar" (round 60).
fn unpaid_self_answer(ctx: &Ctx) -> Option<Ev> {
    let denied = |&(mi, h): &(usize, Hit)| -> Option<Ev> {
        let p = ctx.msgs.get(mi)?;
        let last = p.tokens.iter().rposition(|t| t.sentence == h.sentence)?;
        let after = p.norm.text.get(p.tokens.get(last)?.end as usize..)?;
        if !after.trim_start().starts_with('?') {
            return None;
        }
        let next = last + 1;
        if p.tokens.get(next)?.sentence == h.sentence {
            return None;
        }
        let w = |k: usize| p.word(next + k);
        let denial = matches!(w(0), "nee" | "niet" | "neej")
            || (w(0) == "ik" && w(1) == "denk" && w(2) == "het" && p.is(next + 3, flag::NEG))
            || (w(0) == "denk" && w(1) == "het" && p.is(next + 2, flag::NEG))
            || (w(0) == "volgens" && w(1) == "mij" && p.is(next + 2, flag::NEG));
        let sentence = p.tokens.get(next)?.sentence;
        let but = p
            .tokens
            .iter()
            .enumerate()
            .any(|(i, t)| t.sentence == sentence && matches!(p.word(i), "maar" | "but"));
        let t = p.tokens.get(next)?;
        (denial && !but).then_some(Ev {
            msg: mi,
            start: t.start,
            end: t.end,
        })
    };
    // Every payment denied, the first one's denial the evidence (none without a payment).
    let mut each = ctx.valid(Tag::Pay).iter().map(denied);
    let ev = each.next()??;
    each.all(|e| e.is_some()).then_some(ev)
}

/// "nee alleen met hem" to "Moet je ook met andere mensen iets doen, of regelt hij dat voor
/// anderen?" (am1-064): the one who has sex with the visitor is the only one, nobody else is
/// brought in, so the sex is no exploitation. The answer opens with a denial and says "alleen
/// hij"/"alleen (met) hem" in its first sentence, with no "maar" there (a later "maar ik voel
/// me er rot over" is about her feelings); the question asks about doing it with others.
fn only_him_answer(ctx: &Ctx) -> Option<Ev> {
    ctx.msgs.iter().enumerate().find_map(|(mi, p)| {
        // (The one search before the five of `denial`.)
        if !ctx.visitor(mi) || !holds_in!(p, b"alleen") || !denial(p) {
            return None;
        }
        let first = p.tokens.first()?;
        let in_first = |i: usize| {
            p.tokens
                .get(i)
                .is_some_and(|t| t.sentence == first.sentence)
        };
        let only_him = (0..p.tokens.len()).any(|i| {
            in_first(i)
                && p.word(i) == "alleen"
                && (matches!(p.word(i + 1), "hij" | "hem")
                    || (p.word(i + 1) == "met" && p.word(i + 2) == "hem"))
        });
        let but = (0..p.tokens.len()).any(|i| in_first(i) && matches!(p.word(i), "maar" | "but"));
        if !only_him || but {
            return None;
        }
        // Only the question itself, and about the visitor ("je", "u") or her ("haar"): not
        // "Doet hij dit alleen of met anderen?", which asks who else does it (h1-084).
        let q = the_question(&question_before(ctx, mi)?.text).to_lowercase();
        let others = [
            "met anderen",
            "met andere mensen",
            "met andere mannen",
            "aan anderen",
        ]
        .iter()
        .any(|x| q.contains(x));
        let of_her = q
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| matches!(w, "je" | "jij" | "u" | "haar" | "ze" | "zij"));
        (others && of_her).then_some(Ev {
            msg: mi,
            start: first.start,
            end: first.end,
        })
    })
}

/// Whether an answer opens with a denial: "nee", "nope", "niemand", "nooit", "helemaal
/// nie", "echt niet", or says the choice is the visitor's own ("ik wil het zelf", "mijn
/// eigen keuze").
fn denial(p: &Prepared) -> bool {
    matches!(
        p.word(0),
        "nee" | "neen" | "neej" | "neeh" | "no" | "nope" | "nah" | "nee," | "niemand" | "nooit"
    ) || (matches!(
        p.word(0),
        "helemaal" | "echt" | "zeker" | "totaal" | "absoluut" | "totally"
    ) && p.is(1, flag::NEG))
        || {
            holds_in!(p, b"ik wil het zelf")
                || holds_in!(p, b"ik wil dit zelf")
                || holds_in!(p, b"ik doe het zelf")
                || holds_in!(p, b"mijn eigen keuze")
                || holds_in!(p, b"my own choice")
        }
}

/// What perpetrators do to the victim, in the plural ("ze halen me op", "dan slaan ze me",
/// "ze laten hem leningen afsluiten"): with "ze"/"zij" and a plural verb, the ones who do
/// it are more than one (a singular "ze haalt" is one woman). Not negated or hedged, and
/// only with the victim in the clause (me, mij, hem, haar, ons).
fn plural_perpetrators(ctx: &Ctx) -> Option<Ev> {
    const ACTS: &[&str] = &[
        "halen",
        "haalden",
        "brengen",
        "brachten",
        "dreigen",
        "dreigden",
        "nemen",
        "namen",
        "pakken",
        "pakten",
        "houden",
        "hielden",
        "laten",
        "lieten",
        "sturen",
        "stuurden",
        "dwingen",
        "dwongen",
        "slaan",
        "sloegen",
        "bedreigen",
        "bedreigden",
        "regelen",
        "regelden",
        "chanteren",
        "verkopen",
        "verkochten",
        "gebruiken",
    ];
    let lex = ctx.lex;
    ctx.msgs.iter().enumerate().find_map(|(mi, p)| {
        if !ctx.visitor(mi) {
            return None;
        }
        (0..p.tokens.len()).find_map(|i| {
            if !p.is(i, flag::SHE) || !matches!(p.word(i), "ze" | "zij") {
                return None;
            }
            let t = p.tokens.get(i)?;
            let same = |j: usize| p.tokens.get(j).is_some_and(|x| x.clause == t.clause);
            let verb = [i + 1, i.wrapping_sub(1)]
                .into_iter()
                .find(|&j| same(j) && ACTS.contains(&p.word(j)))?;
            let victim = p.clause_tokens(t.clause).any(|k| {
                p.is(k, flag::FIRST_PERSON) || matches!(p.word(k), "hem" | "haar" | "ons")
            });
            let v = p.tokens.get(verb)?;
            (victim && !p.negated(verb, lex) && !p.hedged(t.clause, lex)).then(|| Ev {
                msg: mi,
                start: t.start.min(v.start),
                end: t.end.max(v.end),
            })
        })
    })
}

/// Two people named together as the subject of what is done to the victim ("mn vader en
/// moeder laten mij", "mn schoonvader en mn zwager sturen mannen", "die man en zijn neef
/// komen het ophalen", "de eigenaar en zn vrouw hadden mn paspoort"): more than one
/// perpetrator. Tried only at the word "en" between two person nouns.
fn joined_perpetrators(ctx: &Ctx) -> Option<Ev> {
    const PERSONS: &[&str] = &[
        "vader",
        "moeder",
        "stiefvader",
        "stiefmoeder",
        "oom",
        "tante",
        "broer",
        "zus",
        "neef",
        "nicht",
        "man",
        "vrouw",
        "eigenaar",
        "baas",
        "schoonvader",
        "schoonmoeder",
        "zwager",
        "opa",
        "oma",
        "pooier",
        "vriend",
        "vriendje",
        "maat",
        "vrienden",
        "maten",
        "neven",
    ];
    const DETS: &[&str] = &["mijn", "zijn", "haar", "die", "de", "diens", "hun"];
    const ACTS: &[&str] = &[
        "laten",
        "lieten",
        "sturen",
        "stuurden",
        "dwingen",
        "dwongen",
        "hebben",
        "hadden",
        "nemen",
        "namen",
        "houden",
        "hielden",
        "regelen",
        "regelden",
        "verkopen",
        "verkochten",
        "brengen",
        "brachten",
        "halen",
        "haalden",
        "komen",
        "kwamen",
        "slaan",
        "sloegen",
        "pakken",
        "pakten",
        "gebruiken",
        "gebruikten",
        "krijgen",
        "kregen",
        "bedreigen",
        "bedreigden",
        "verhuren",
        "verhuurden",
    ];
    let lex = ctx.lex;
    ctx.msgs.iter().enumerate().find_map(|(mi, p)| {
        if !ctx.visitor(mi) {
            return None;
        }
        (1..p.tokens.len()).find_map(|i| {
            if !p.in_class(i, class::EN) || !one_of(PERSONS, p.word(i - 1)) {
                return None;
            }
            let clause = p.tokens.get(i)?.clause;
            let same = |j: usize| p.tokens.get(j).is_some_and(|x| x.clause == clause);
            let mut j = i + 1;
            if same(j) && one_of(DETS, p.word(j)) {
                j += 1;
            }
            if !(same(j) && one_of(PERSONS, p.word(j))) {
                return None;
            }
            // "mn moeder en haar vriend": the corpus codes the couple as one perpetrator.
            if p.word(i - 1) == "moeder" && matches!(p.word(j), "vriend" | "man") {
                return None;
            }
            let mut k = j + 1;
            // "mn neef van 19 en mn broer van 17"
            if same(k + 1)
                && p.word(k) == "van"
                && p.word(k + 1).bytes().all(|b| b.is_ascii_digit())
            {
                k += 2;
            }
            if !(same(k) && one_of(ACTS, p.word(k))) || p.negated(k, lex) || p.hedged(clause, lex) {
                return None;
            }
            let a = p.tokens.get(i - 1)?;
            let b = p.tokens.get(k)?;
            Some(Ev {
                msg: mi,
                start: a.start,
                end: b.end,
            })
        })
    })
}

/// The question in a counsellor's message: the sentence that ends in its last "?" (the whole
/// text when it asks nothing).
fn the_question(text: &str) -> &str {
    text.rfind('?').map_or(text, |e| {
        let head = text.get(..e).unwrap_or(text);
        let b = head.rfind(['.', '!', '?']).map_or(0, |b| b + 1);
        text.get(b..=e).unwrap_or(text)
    })
}

/// Whether a counsellor's question asks if anyone forces, pressures or threatens the
/// visitor ("Zet hij je onder druk?", "Word je gedwongen?", not "Heb je verteld dat je werd
/// gedwongen?"), and whether it asks if someone withholds the wages or the passport
/// ("Houdt ze je loon in of je paspoort?"). Only asked of a question a "nee" answers.
fn force_question(text: &str) -> (bool, bool) {
    // Only the question itself ("Dat is een bedreiging. Heb je er met iemand over gepraat?"
    // asks nothing about force).
    let t = the_question(text).to_lowercase();
    let any = |n: &[&str]| n.iter().any(|x| t.contains(x));
    // Pressure in any wording: "onder druk", "druk op je", "druk zetten", "dwingt",
    // "dwingen", "gedwongen", "bedreigd", "verplicht", "tegen je wil", "moet je dit van
    // iemand", "pressure", "forcing", "pushes". Not "Doe je dit zelf?" or "vrijwillig?",
    // where "nee" means the opposite.
    // (The thirty wordings in one automaton, one pass over the question.)
    let force = holds_any!(
        &t,
        [
            b"onder druk",
            b"druk op",
            b"druk zet",
            b"druk gezet",
            b"dwing",
            b"dwong",
            b"gedwongen",
            b"bedreigd",
            b"bedreigt",
            b"verplicht",
            b"tegen je wil",
            b"tegen uw wil",
            b"moet je dit van",
            b"moet je het van",
            b"van iemand moet",
            // "Vraagt hij dat je iets voor hem doet om het af te betalen?" (s2-056).
            b"iets voor hem doet",
            b"iets voor hem doen",
            b"iets voor haar doet",
            b"iets voor haar doen",
            // "moet je dat ook echt doen?" (aj1-026).
            b"moet je dat ook echt",
            b"moet je dat echt",
            b"moet je het echt",
            b"moet je het ook echt",
            // "Vragen ze hem om iets voor hen te doen, zoals drugs vervoeren?" (ah2-066).
            b"iets voor hen te doen",
            b"iets voor hen doet",
            b"iets voor hen doen",
            b"iets voor ze doen",
            b"forc",
            b"pressur",
            b"push",
        ]
    ) && !any(&["verteld", "gezegd", "weet", "weten", "told"]);
    let withheld = any(&[
        "houdt",
        "houden",
        "inhouden",
        "afgepakt",
        "afgenomen",
        "keeps",
        "took",
    ]) && any(&["loon", "paspoort", "salaris", "passport", "wages"]);
    (force, withheld)
}

/// The phrases of a self-determined sex worker's own choice ([`self_determined`]).
const SELF_PHRASES: &[&[&str]] = &[
    &["het", "zelf", "wil"],
    &["wil", "het", "zelf"],
    &["zelf", "voor", "gekozen"],
    &["eigen", "keuze"],
    &["voor", "zichzelf"],
    &["eigen", "website"],
    &["niemand", "dwingt"],
    // "dat niemand haar dwingt" (q1-096): the verb last in a subordinate clause.
    &["niemand", "haar", "dwingt"],
    &["niemand", "hem", "dwingt"],
    &["niemand", "me", "dwingt"],
    &["niemand", "mij", "dwingt"],
    // "Er is niemand die haar dwingt".
    &["niemand", "die", "hem", "dwingt"],
    &["niemand", "die", "haar", "dwingt"],
    &["niemand", "die", "me", "dwingt"],
    &["niemand", "die", "mij", "dwingt"],
    // "ze doet het echt zelf" (s1-099).
    &["doet", "het", "zelf"],
    &["doet", "het", "echt", "zelf"],
    &["doet", "het", "helemaal", "zelf"],
    // "ze heeft het zelf besloten", "ze kiest zelf haar klanten" (q2-090).
    &["zelf", "besloten"],
    &["zelf", "gekozen"],
    &["kiest", "zelf"],
    &["zelf", "kiezen"],
    &["eigen", "geld"],
    &["niemand", "regelt"],
    &["niemand", "die", "iets", "regelt"],
    &["vrijwillig"],
    &["zelfstandig"],
    &["helemaal", "zelf"],
    &["voor", "mezelf"],
    &["voor", "mijzelf"],
];

/// The first words of [`SELF_PHRASES`] (a word class: only a token of it starts a look at them).
const SELF_FIRST: &[&str] = &[
    "het",
    "wil",
    "zelf",
    "eigen",
    "voor",
    "niemand",
    "doet",
    "kiest",
    "vrijwillig",
    "zelfstandig",
    "helemaal",
];

/// The visitor says the work is the person's own will, with no one behind it: "ze zegt
/// dat ze het zelf wil", "ze wil het zelf", "eigen keuze", "ze werkt voor zichzelf", "een
/// eigen website", "niemand dwingt haar", "niemand regelt iets voor haar", "vrijwillig",
/// "ik ben escort, zelfstandig", "ik werk voor mezelf".
/// Only in a chat with no sign of force (no threat, violence, control or coercion the
/// visitor tells of) and no age under 18 said; the evidence is the phrase.
fn self_determined(ctx: &Ctx) -> Option<Ev> {
    // The work itself is told ("ze werkt als escort"): an offer or a plan is not (a
    // modelling agency's messages, "niemand dwingt haar tot iets", carry no status).
    let work = [Tag::SexStrong, Tag::SexWeak]
        .iter()
        .any(|t| !ctx.valid(*t).is_empty());
    if !work {
        return None;
    }
    let ev = ctx.msgs.iter().enumerate().find_map(|(mi, p)| {
        if !ctx.visitor(mi)
            || !(holds_in!(p, b"zelf")
                || holds_in!(p, b"eigen")
                || holds_in!(p, b"niemand")
                || holds_in!(p, b"vrijwillig"))
        {
            return None;
        }
        (0..p.tokens.len()).find_map(|i| {
            // The first word read once, not once per phrase; only a word of the class.
            if !p.in_class(i, class::SELF_FIRST) {
                return None;
            }
            let first = p.word(i);
            let ph = SELF_PHRASES.iter().find(|ph| {
                ph.first() == Some(&first)
                    && ph
                        .iter()
                        .enumerate()
                        .skip(1)
                        .all(|(d, w)| p.word(i + d) == *w)
            })?;
            // "ik wil het zelf nie", "het is nie vrijwillig": a negated choice is none.
            if (i.saturating_sub(2)..i + ph.len() + 1)
                .any(|k| p.is(k, flag::NEG) && !matches!(p.word(k), "niemand"))
            {
                return None;
            }
            let a = p.tokens.get(i)?;
            let b = p.tokens.get(i + ph.len() - 1)?;
            // The visitor's own choice ("ik wil het zelf"): the intake's age is hers.
            let mine = p
                .tokens
                .iter()
                .enumerate()
                .any(|(k, t)| t.sentence == a.sentence && p.is(k, flag::FIRST_PERSON));
            Some((
                Ev {
                    msg: mi,
                    start: a.start,
                    end: b.end,
                },
                mine,
            ))
        })
    })?;
    let (ev, mine) = ev;
    let force = [
        Tag::Violence,
        Tag::Threat,
        Tag::ThreatAct,
        Tag::Ctl,
        Tag::Force,
        Tag::Coercion,
    ]
    .iter()
    .any(|t| {
        ctx.valid(*t).iter().any(|(mi, h)| {
            // A rape by a client ("ik ben escort en dat wil ik ook, maar een klant heeft me
            // verkracht", u2-073) is sexual violence, not someone who controls her work: the
            // chat is excluded as other sexual violence (see `sexual_assault`).
            if sexual_assault(ctx, h) {
                return false;
            }
            // "niemand regelt iets voor haar", "niemand dwingt haar", "niemand die iets
            // regelt of geld pakt": denied.
            // A bare "moet" is no force ("waar ik me moet inschrijven").
            ctx.msgs.get(*mi).is_some_and(|p| {
                // Not across a "maar": "niemand dwingt haar, maar hij heeft haar geslagen"
                // denies nothing of the blows.
                let denied = (0..h.token as usize).any(|k| {
                    p.word(k) == "niemand"
                        && p.tokens.get(k).is_some_and(|x| x.sentence == h.sentence)
                        && !(k + 1..h.token as usize).any(|j| matches!(p.word(j), "maar" | "but"))
                });
                let bare = matches!(ctx.hit_text(*mi, h), "moet" | "moest" | "moeten");
                // "ik ben bang dat ze gedwongen wordt" (w1-062): a parent's fear, beside her
                // own word that she chooses it, is no force told.
                let feared = (1..h.token as usize).any(|k| {
                    matches!(p.word(k - 1), "bang" | "vrees" | "ongerust" | "bezorgd")
                        && p.word(k) == "dat"
                        && p.tokens.get(k).is_some_and(|x| x.sentence == h.sentence)
                        && !(k + 1..h.token as usize).any(|j| matches!(p.word(j), "maar" | "but"))
                });
                // "ze houdt het geld zelf", "ze regelt alles zelf": her own hold (r2-002).
                let end = p.tokens.partition_point(|t| t.start < h.end);
                let in_clause = |j: usize| p.tokens.get(j).is_some_and(|t| t.clause == h.clause);
                // "dat ze al het geld zelf houdt", "dat ze het via haar eigen website regelt"
                // (s2-043): "zelf" or "eigen" anywhere in the clause, with no "hij" in it.
                let own = (end..end + 2).any(|j| p.word(j) == "zelf" && in_clause(j))
                    || (p.clause_tokens(h.clause)
                        .any(|j| matches!(p.word(j), "zelf" | "eigen"))
                        && !p.clause_has(h.clause, flag::HE))
                    // "ze ... houdt al haar geld" (s1-099): her money, and no "hij" who keeps it.
                    || {
                        let start = p.tokens.partition_point(|t| t.start < h.start);
                        p.word(start) == "houdt"
                            && (start..end + 3).any(|j| p.word(j) == "haar" && in_clause(j))
                            && !p.clause_has(h.clause, flag::HE)
                    };
                !(something_else(p, h) || denied || bare || own || feared)
            })
        })
    });
    // A minor cannot choose it: "ze is 16", "mijn zus van 15", "ik ben 17".
    let minor = ctx.msgs.iter().enumerate().any(|(mi, p)| {
        ctx.visitor(mi)
            && (1..p.tokens.len()).any(|i| {
                p.tokens
                    .get(i)
                    .and_then(|t| t.number)
                    .is_some_and(|n| (8..18).contains(&n))
                    && matches!(p.word(i - 1), "is" | "van" | "ben" | "pas" | "nog")
            })
    });
    let young = mine && ctx.conv.intake.age.is_some_and(|a| a < 18);
    (!force && !minor && !young).then_some(ev)
}

/// Whether a hit is a rape or an assault (a `violence` cue with code `sexual`).
fn sexual_assault(ctx: &Ctx, h: &Hit) -> bool {
    h.tag == Tag::Violence && ctx.cue(h).and_then(|c| c.code.as_deref()) == Some("sexual")
}

/// Whether the visitor tells of a threat or violence anywhere in the chat (a bare "moet"
/// is not force: "moet ik bang zijn?").
fn forced(ctx: &Ctx) -> bool {
    [Tag::Violence, Tag::Threat, Tag::ThreatAct]
        .iter()
        .any(|t| {
            ctx.valid(*t)
                .iter()
                .any(|(mi, h)| ctx.msgs.get(*mi).is_some_and(|p| !something_else(p, h)))
        })
}

/// Whether a hit is the "anders" of "iets anders" (something else), not of a threat
/// ("anders slaat hij me"), or a threat of dismissal ("anders word ik ontslagen"), which is
/// a conflict about work, not force.
fn something_else(p: &Prepared, h: &Hit) -> bool {
    let k = p.tokens.partition_point(|t| t.start < h.start);
    let clause = p.tokens.get(k).map(|t| t.clause);
    p.word(k) == "anders"
        && ((k > 0
            && matches!(
                p.word(k - 1),
                "iets" | "niets" | "niks" | "wat" | "heel" | "ook" | "nog"
            ))
            || (k + 1..k + 5).any(|j| {
                p.tokens.get(j).map(|t| t.clause) == clause
                    && matches!(p.word(j), "ontslagen" | "ontslaan" | "fired")
            }))
}

/// The clause opens with the visitor's partner, maybe with an age, who must do something
/// on another's orders: "mn vriend van 17 moet van oudere jongens ...", "mijn vriendin moet
/// van hem ...". The partner's gender and the words "mn vriend" (`msg` is left 0).
fn partner_must(p: &Prepared, c: u16) -> Option<(Gender, Ev)> {
    let mut range = p.clause_tokens(c);
    let k = range.next()?;
    if !matches!(p.word(k), "mn" | "mijn" | "m'n") {
        return None;
    }
    let gender = match p.word(k + 1) {
        "vriend" | "vriendje" | "boyfriend" => Gender::Male,
        "vriendin" | "vriendinnetje" | "girlfriend" => Gender::Female,
        _ => return None,
    };
    let noun = p.tokens.get(k + 1)?;
    let mut j = k + 2;
    if p.word(j) == "van" && p.tokens.get(j + 1).is_some_and(|t| t.number.is_some()) {
        j += 2;
    }
    let ordered = matches!(p.word(j), "moet" | "moest") && p.word(j + 1) == "van";
    let same = p.tokens.get(j + 1).is_some_and(|t| t.clause == noun.clause);
    (ordered && same).then(|| {
        (
            gender,
            Ev {
                msg: 0,
                start: p.tokens.get(k).map_or(noun.start, |t| t.start),
                end: noun.end,
            },
        )
    })
}

/// "hij heeft mn bankpas", "hij houdt mn pinpas", "hij heeft haar pinpas": the perpetrator keeps the victim's own
/// card (control over her money), which is no money laundering; not when the card's code
/// or money put on it is told in the same sentence ("die hebben mn bankpas en pincode").
fn card_held(p: &Prepared, h: &Hit) -> bool {
    let k = h.token as usize;
    let card = matches!(
        p.word(k),
        "bankpas" | "bankpasje" | "pinpas" | "pinpasje" | "pas" | "pasje"
    );
    // "hij heeft haar pinpas": a third party tells of the same hold (r2-046).
    let owner = k > 0 && matches!(p.word(k - 1), "mn" | "mijn" | "m'n" | "me" | "haar");
    let held = (k.saturating_sub(4)..k.saturating_sub(1)).any(|j| {
        matches!(
            p.word(j),
            "heeft" | "houdt" | "hield" | "had" | "pakt" | "pakte" | "afgepakt" | "wil"
        )
    });
    let money = p.tokens.iter().enumerate().any(|(i, t)| {
        t.sentence == h.sentence && matches!(p.word(i), "pincode" | "bedragen" | "storten")
    });
    card && owner && held && !money
}

/// The visitor says the person of the story is the visitor: "ik ben het", "ben ik het
/// zelf", "het is mij" at the end of a sentence (not "ik ben het zat"), or counts the
/// visitor in ("mn zus en ik moeten ...").
fn reveals_self(ctx: &Ctx) -> Option<Ev> {
    ctx.msgs.iter().enumerate().find_map(|(mi, p)| {
        if !ctx.visitor(mi)
            || !holds_any_in!(
                p,
                [
                    b"ben het",
                    b"ik het",
                    b"het is mij",
                    b"over mij",
                    b"om mij",
                    b"over mezelf",
                    b"en ik m",
                    b"en ik w",
                    b"allebei",
                    b" mij mee",
                    b" me mee",
                    b" mij naar",
                    b" me naar",
                ]
            )
        {
            return None;
        }
        let end_of_sentence = |k: usize| {
            p.tokens.get(k).is_none_or(|t| {
                p.tokens
                    .get(k.wrapping_sub(1))
                    .is_some_and(|prev| t.sentence != prev.sentence)
            })
        };
        (2..p.tokens.len()).find_map(|i| {
            let (a, b, c) = (p.word(i - 2), p.word(i - 1), p.word(i));
            // "eigenlijk... gaat het over mij" (w2-001), "het gaat eigenlijk om mij".
            // Not "gaat nie over mij" (bl2-052: "gaat nie over mij. mn vriend van 15 ..."):
            // a negator between "gaat" and "over" says the story is someone else's (round 58).
            let about_me = matches!(b, "over" | "om")
                && matches!(c, "mij" | "mezelf")
                && (2..=4).any(|d| {
                    i >= d
                        && p.word(i - d) == "gaat"
                        && !(i - d + 1..i - 1).any(|k| p.is(k, flag::NEG))
                });
            // "mn zus van 18 en ik moeten allebei voor haar vriend werken" (aa2-045): the
            // visitor is one of those it is done to.
            let made = |w: &str| matches!(w, "moeten" | "moesten" | "worden" | "werden");
            // "nu moeten we allebei voor hem met mannen afspreken" (ab2-074): the same.
            let we_both = c == "allebei"
                && ((made(a) && matches!(b, "we" | "wij"))
                    || (matches!(a, "we" | "wij") && made(b)));
            // "zij en haar vriend van 23 nemen mij mee naar mannen" (ad2-098): the visitor
            // is the one taken.
            let takes_me = matches!(a, "nemen" | "neemt" | "brengen" | "brengt")
                && matches!(b, "mij" | "me")
                && matches!(c, "mee" | "naar");
            if (a == "en" && b == "ik" && made(c)) || we_both || takes_me {
                return Some(Ev {
                    msg: mi,
                    start: p.tokens.get(i - 1).map_or(0, |t| t.start),
                    end: p.tokens.get(i).map_or(0, |t| t.end),
                });
            }
            let (first, last) = match (a, b, c) {
                ("ik", "ben", "het") | ("ben", "ik", "het") | ("het", "is", "mij") => (i - 2, i),
                _ if about_me => (i - 1, i),
                _ => return None,
            };
            let last = if p.word(last + 1) == "zelf" {
                last + 1
            } else {
                last
            };
            end_of_sentence(last + 1).then(|| Ev {
                msg: mi,
                start: p.tokens.get(first).map_or(0, |t| t.start),
                end: p.tokens.get(last).map_or(0, |t| t.end),
            })
        })
    })
}

/// "ze hebben gezegd dat ze mn moeder iets aandoen": what another said to the visitor (a
/// told-cue followed by "dat", no first-person subject in the clause) is no telling by the
/// visitor.
fn reported_speech(p: &Prepared, c: u16, t: &Hit) -> bool {
    let k = p.tokens.partition_point(|x| x.end <= t.end);
    p.word(k) == "dat" && !p.clause_tokens(c).any(|i| p.first_person_subject(i))
}

/// "mn vriendin" (not "de broer van mn vriendin", not "mn beste vriendin") in one of the
/// visitor's first two messages.
fn girlfriend(ctx: &Ctx) -> Option<Ev> {
    ctx.msgs
        .iter()
        .enumerate()
        .filter(|(mi, _)| ctx.visitor(*mi))
        .take(2)
        .find_map(|(mi, p)| {
            if !holds_in!(p, b"vriendin") {
                return None;
            }
            (1..p.tokens.len()).find_map(|i| {
                let owner = matches!(p.word(i - 1), "mn" | "mijn" | "m'n");
                let after_of = i >= 2 && matches!(p.word(i - 2), "van" | "bij" | "met" | "voor");
                (p.word(i) == "vriendin" && owner && !after_of).then(|| Ev {
                    msg: mi,
                    start: p.tokens.get(i - 1).map_or(0, |t| t.start),
                    end: p.tokens.get(i).map_or(0, |t| t.end),
                })
            })
        })
}

/// A request the visitor turned down or has not agreed to ("ik heb nee gezegd", "ik zei
/// nee", "ik heb geweigerd", "ik heb nog nie ja gezegd"), in a
/// chat where the visitor tells of no force, threat or violence at all: a request, not
/// exploitation. Not in a condition ("als ik nee zeg") nor with "maar" in the sentence.
fn refused(ctx: &Ctx) -> Option<Ev> {
    ctx.msgs
        .iter()
        .enumerate()
        .find_map(|(mi, p)| {
            // A quick look at the text first: most messages hold none of the words.
            if !ctx.visitor(mi)
                || !(holds_in!(p, b"nee")
                    || holds_in!(p, b"weiger")
                    || holds_in!(p, b"nog ")
                    || holds_in!(p, b"doe het n")
                    || holds_in!(p, b"gezegd dat"))
            {
                return None;
            }
            (0..p.tokens.len()).find_map(|i| {
                let w = |k: usize| if k <= i + 3 { p.word(k) } else { "" };
                let (from, to) = match p.word(i) {
                    "nee"
                        if p.word(i.wrapping_sub(2)) == "ik"
                            && (matches!(p.word(i.wrapping_sub(1)), "zei" | "zeg")
                                || (p.word(i.wrapping_sub(1)) == "heb"
                                    && w(i + 1) == "gezegd")) =>
                    {
                        (i.saturating_sub(2), i + 1)
                    }
                    // "ik heb gezegd dat ik het nie doe" (aj1-080; tb-007's "ik heb gezegd dat
                    // ik nie wil" was coded included by its writer, against the convention).
                    "gezegd"
                        if p.word(i.wrapping_sub(1)) == "heb"
                            && p.word(i.wrapping_sub(2)) == "ik"
                            && w(i + 1) == "dat"
                            && p.word(i + 2) == "ik"
                            && (i + 3..i + 6)
                                .any(|k| matches!(p.word(k), "nie" | "niet" | "nt"))
                            && (i + 4..i + 8)
                                .any(|k| matches!(p.word(k), "doe" | "doen" | "wil")) =>
                    {
                        (i.saturating_sub(2), i + 2)
                    }
                    // "nee. ik ga dat echt nie doen" to "Wat heb je geantwoord?" (ah1-045).
                    "nee" if i == 0 && answers_what_you_said(ctx, mi) => (0, 0),
                    // "nee gezegd" to "Wat heb je gezegd?" (n4-015); "heb het 1 keer gedaan
                    // en toen nee gezegd" (af1-058).
                    "nee" if (i == 0 || p.word(i - 1) == "toen") && w(i + 1) == "gezegd" => {
                        (i.saturating_sub(1), i + 1)
                    }
                    // The person the visitor chats about said no ("ze heeft nee gezegd",
                    // "mijn zoon heeft nee gezegd").
                    "nee"
                        if matches!(p.word(i.wrapping_sub(1)), "heeft" | "had")
                            && w(i + 1) == "gezegd" =>
                    {
                        (i.saturating_sub(2), i + 1)
                    }
                    "geweigerd" | "weigerde"
                        if (1..=2).any(|d| p.word(i.wrapping_sub(d)) == "ik") =>
                    {
                        (i.saturating_sub(2), i)
                    }
                    "nog" if p.is(i + 1, flag::NEG) && w(i + 2) == "ja" && w(i + 3) == "gezegd" => {
                        (i, i + 3)
                    }
                    // "ok ik doe het nie. ik zeg gwn dat ik geen tijd heb" (ad2-087): the
                    // visitor turns the offer down, at the end of the sentence ("ik doe het
                    // niet graag" does it).
                    "ik" if w(i + 1) == "doe"
                        && w(i + 2) == "het"
                        && matches!(w(i + 3), "nie" | "niet" | "nt")
                        && p.tokens.get(i + 4).is_none_or(|x| {
                            p.tokens.get(i).is_some_and(|t| x.sentence != t.sentence)
                        }) =>
                    {
                        (i, i + 3)
                    }
                    _ => return None,
                };
                let t = p.tokens.get(i)?;
                // (In the same sentence: "werken voor hem als escort. ik heb nee gezegd",
                // af1-062, is no condition.)
                let cond = (i.saturating_sub(4)..i).any(|k| {
                    matches!(p.word(k), "als" | "if" | "wanneer" | "anders")
                        && p.tokens.get(k).is_some_and(|x| x.sentence == t.sentence)
                });
                // (Not a "maar" after which the visitor speaks of herself: "ik heb nee gezegd
                // maar kzou het geld wel kunnen gebruiken", aj2-038.)
                let but = p.tokens.iter().enumerate().any(|(k, x)| {
                    x.sentence == t.sentence
                        && matches!(p.word(k), "maar" | "but" | "toch")
                        && !(k > i
                            && (matches!(p.word(k + 1), "ik" | "kzou" | "k" | "kweet")
                                || p.is(k + 1, flag::FIRST_PERSON)))
                });
                if cond || but {
                    return None;
                }
                Some(Ev {
                    msg: mi,
                    start: p.tokens.get(from).map_or(t.start, |x| x.start),
                    end: p.tokens.get(to).map_or(t.end, |x| x.end),
                })
            })
        })
        .filter(|_| !forced(ctx))
}

/// Whether a threat told in words (`joined`, the words of its sentence) threatens another
/// means and names no harm: leaving the house ("dat ik mn spullen kan pakken", "sleep on
/// the street"), images ("mn nudes"), money ("pay double", "afbetaald"), drugs withheld.
/// Such a threat is that means, not verbal violence. (A threat of the police or a
/// deportation stays a threat in words.)
fn other_means_not_harm(joined: &str) -> bool {
    const HARM: [&str; 13] = [
        "vermoord",
        "dood",
        "pijn",
        "aandoet",
        "aan doet",
        "kapot",
        "steek",
        "slaan",
        "in elkaar",
        "komen halen",
        "kill",
        "hurt",
        "iets doet",
    ];
    const MEANS: [&str; 13] = [
        "vertrekken",
        "oprotten",
        "spullen",
        "street",
        "out of house",
        "out of the house",
        "leave",
        "nudes",
        "naaktfoto",
        "betalen",
        "pay ",
        "afbetaald",
        "verslaving",
    ];
    MEANS.iter().any(|x| joined.contains(x)) && !HARM.iter().any(|x| joined.contains(x))
}

/// Where the visitor says that what the chat is about has not happened yet: "nee" (or "nog
/// niet") to the counsellor's "Ben je al gegaan?" / "Is het al gebeurd?", or "er is nog
/// niks gebeurd" in the visitor's own words. A threat or a demand without an act.
fn not_yet(ctx: &Ctx) -> Option<Ev> {
    // (And what a demand to steal, deal or carry asks: "Heb je al iets voor ze gestolen?"
    // "nee nog nie", ak1-076.)
    // ("nee hij heeft het nog nie gevraagd hoor", ao1-031: a question about what he would
    // ask, and nothing asked yet.)
    const DONE: [&str; 13] = [
        "gevraagd",
        "gegaan",
        "gebeurd",
        "gedaan",
        "geweest",
        "afgesproken",
        "ingegaan",
        "toegegeven",
        "gestolen",
        "gedeald",
        "weggebracht",
        "vervoerd",
        "uitgeleend",
    ];
    let visitor_says = |mi: usize, p: &Prepared| -> Option<Ev> {
        (0..p.tokens.len()).find_map(|i| {
            let nog_niet = p.word(i) == "nog"
                && (p.is(i + 1, flag::NEG) || matches!(p.word(i + 1), "niks" | "niets"));
            // "er is verder niets gebeurd", "er is niks gebeurd".
            let nothing = matches!(p.word(i), "niets" | "niks")
                && i >= 1
                && matches!(p.word(i - 1), "verder" | "is" | "er")
                && p.word(i + 1) == "gebeurd";
            let said = (nog_niet && (i + 2..i + 5).any(|k| DONE.contains(&p.word(k)))) || nothing;
            said.then(|| Ev {
                msg: mi,
                start: p.tokens[i].start,
                end: p.tokens.get(i + 1).map_or(p.tokens[i].end, |t| t.end),
            })
        })
    };
    for (mi, p) in ctx.msgs.iter().enumerate().take(ctx.conv.messages.len()) {
        if ctx.visitor(mi) {
            // A quick look at the text first: most messages hold no "nog" and no "gebeurd".
            if !holds_in!(p, b"nog ") && !holds_in!(p, b" gebeurd") {
                continue;
            }
            if let Some(ev) = visitor_says(mi, p) {
                return Some(ev);
            }
            continue;
        }
        // The counsellor's text is not always prepared (only where the rules need it): its
        // words are read here, lowercased. Not a question about help ("Ben je al naar de
        // politie geweest?", "Heb je al aangifte gedaan?", "Heb je het al iemand verteld?").
        let text = &ctx.conv.messages[mi].text;
        // (The words of `DONE`, each with a searcher built once.)
        let done = |text: &str| {
            holds!(text, b"gevraagd")
                || holds!(text, b"gegaan")
                || holds!(text, b"gebeurd")
                || holds!(text, b"gedaan")
                || holds!(text, b"geweest")
                || holds!(text, b"afgesproken")
                || holds!(text, b"ingegaan")
                || holds!(text, b"toegegeven")
                || holds!(text, b"gestolen")
                || holds!(text, b"gedeald")
                || holds!(text, b"weggebracht")
                || holds!(text, b"vervoerd")
                || holds!(text, b"uitgeleend")
        };
        debug_assert_eq!(
            done(text),
            DONE.iter().chain(&["gevraagd"]).any(|d| text.contains(d))
        );
        // Asked of the counsellor's question only: "Heeft hij dat gevraagd?" "nee nog nie"
        // (aa2-071: a girl afraid her boyfriend will ask). Not of the visitor's words ("ik
        // heb nog niet om hulp gevraagd" says nothing of what happened).
        let done_word = |w: &str| DONE.contains(&w) || w == "gevraagd";
        if !text.contains('?') {
            continue;
        }
        // The answer first (what is found below needs one): it counts only when it opens
        // with a "nee" or a "nog niet", or takes up the other choice of a question with
        // "of" in it, and "of" in the lowercased words is an "o" or "O" and an "f" or "F"
        // in the text (no other character lowercases to either). Most questions stop here,
        // before their words are looked for.
        let Some(mj) = (mi + 1..ctx.msgs.len()).find(|&j| ctx.visitor(j)) else {
            continue;
        };
        let q = &ctx.msgs[mj];
        let may_deny = matches!(q.word(0), "nee" | "neej" | "nope" | "no" | "nop")
            || (q.word(0) == "nog" && q.is(1, flag::NEG))
            || holds!(text, b"of")
            || holds!(text, b"Of")
            || holds!(text, b"oF")
            || holds!(text, b"OF");
        if !may_deny || !done(text) {
            continue;
        }
        let lower = text.to_lowercase();
        let words = words_of(&lower);
        let help = words.iter().any(|w| {
            matches!(
                *w,
                "politie"
                    | "aangifte"
                    | "melding"
                    | "huisarts"
                    | "dokter"
                    | "arts"
                    | "hulp"
                    | "school"
                    | "mentor"
                    | "ouders"
                    | "verteld"
                    | "gezegd"
            )
        });
        let asked = !help
            && words.iter().enumerate().any(|(i, w)| {
                // "Heb je al ...?", "Heb jij ooit iets voor ze gedaan?", "Ben je al eens met
                // haar mee geweest?" (o1-040: five words on).
                (matches!(*w, "al" | "ooit")
                    && words.iter().skip(i + 1).take(6).any(|x| done_word(x)))
                    // "Heb je dat gedaan?", "Ben je gegaan?", "Heb je het gedaan?": the
                    // demand just told, asked about without "al" (p1-058).
                    || (matches!(*w, "heb" | "hebt" | "ben")
                        && matches!(words.get(i + 1).copied(), Some("je" | "jij" | "u"))
                        && {
                            let k = i + 2 + usize::from(matches!(
                                words.get(i + 2).copied(),
                                Some("dat" | "het" | "dit")
                            ));
                            words.get(k).is_some_and(|x| done_word(x))
                        })
                    // "Heeft hij dat gevraagd?", "Heeft hij het gedaan?" (aa2-071).
                    || (*w == "heeft"
                        && matches!(words.get(i + 1).copied(), Some("hij" | "ze" | "zij"))
                        && matches!(words.get(i + 2).copied(), Some("dat" | "het" | "dit"))
                        && words.get(i + 3).is_some_and(|x| done_word(x)))
            });
        if !asked {
            continue;
        }
        // "Is dat al gebeurd of vraagt hij het nu?" "hij vraagt het nu": the answer takes
        // up the verb of the other choice (n3-034), in its first sentence, and says no
        // done-word itself.
        let other_choice = words
            .iter()
            .position(|w| *w == "of")
            .filter(|&o| words.iter().take(o).any(|x| DONE.contains(x)))
            .is_some_and(|o| {
                let first = q.tokens.first().map(|t| t.sentence);
                let said: Vec<&str> = (0..q.tokens.len())
                    .filter(|&k| q.tokens.get(k).map(|t| t.sentence) == first)
                    .map(|k| q.word(k))
                    .collect();
                !said
                    .iter()
                    .any(|w| DONE.contains(w) || matches!(*w, "ja" | "jep" | "yes"))
                    && words
                        .iter()
                        .skip(o + 1)
                        .filter(|w| w.len() >= 5 && !matches!(**w, "alleen" | "gewoon" | "eerst"))
                        .any(|w| said.contains(w))
            });
        let no = matches!(q.word(0), "nee" | "neej" | "nope" | "no" | "nop")
            || (q.word(0) == "nog" && q.is(1, flag::NEG))
            || other_choice;
        // A "maar" that takes the denial back ("nee maar bijna"), unless what follows it
        // denies again ("nee nog nie. eerst zei ik ja maar nu wil ik nie meer", o1-040).
        let but = (0..q.tokens.len()).any(|k| {
            q.word(k) == "wel"
                || (matches!(q.word(k), "maar" | "but")
                    && !q.tokens.get(k).is_some_and(|t| {
                        q.clause_tokens(t.clause)
                            .filter(|&j| j > k)
                            .any(|j| q.is(j, flag::NEG))
                    }))
        });
        if no
            && !but
            && let Some(t) = q.tokens.first()
        {
            return Some(Ev {
                msg: mj,
                start: t.start,
                end: t.end,
            });
        }
    }
    None
}

/// Whether the counsellor asked a girl or woman (by the intake) how old a man or boy is
/// ("Hoe oud is hij?", "Hoe oud is die man?"): in a chat where the visitor is read as the
/// victim, that is the perpetrator's age, and the visitor's own (the intake's) stays hers.
/// "Je vriend" only when her boyfriend is told to act on her before the question ("mn vriend
/// zegt dat ik met zn vrienden moet slapen", m1-017): a girlfriend may chat about her
/// boyfriend who is exploited ("mn vriend moet dealen voor zn oom", t4-052).
fn girl_asked_about_him(ctx: &Ctx, mi: usize) -> bool {
    // A boy or man asked about "die jongen" or "die man" (v1-025: "een jongen uit mn buurt
    // heeft een filmpje van mij ... Hoe oud is die jongen?"): the same, but not "hij" or
    // "je vriend", who may be the one he chats about.
    let boy = match ctx.conv.intake.gender.as_deref() {
        Some("female") => false,
        Some("male") => true,
        _ => return false,
    };
    let Some(m) = ctx.conv.messages.get(mi) else {
        return false;
    };
    let lower = m.text.to_lowercase();
    let words = words_of(&lower);
    age_asked_of(&words).any(|q| {
        q.hoe
            && ((q.det == "hij" && !boy)
                || (matches!(q.det, "die" | "je" | "jouw" | "de" | "dat" | "deze")
                    && matches!(
                        q.noun,
                        "man"
                            | "jongen"
                            | "gast"
                            | "vent"
                            | "oom"
                            | "stiefvader"
                            | "baas"
                            | "pooier"
                    )
                    || (!boy
                        && matches!(q.det, "je" | "jouw")
                        && matches!(q.noun, "vriend" | "vriendje")
                        && relation_noun_acts_on_me(ctx, mi, &["vriend", "vriendje"]))
                    // "mn broer laat zn vrienden met mij seks hebben" ... "Hoe oud is je
                    // broer?" (ab1-054): a relative who acts on the visitor is the
                    // perpetrator, for a girl or a boy.
                    || (matches!(q.det, "je" | "jouw")
                        && matches!(
                            q.noun,
                            "broer" | "neef" | "oom" | "stiefbroer" | "vader" | "halfbroer"
                        )
                        && relation_noun_acts_on_me(ctx, mi, &[q.noun]))))
    })
}

/// Whether the visitor told before message `mi` that a relation named by one of `nouns`
/// ("mn vriend", "mijn broer") acts on her or him ([`relation_acts_on_me`]): then that one
/// is the perpetrator.
fn relation_noun_acts_on_me(ctx: &Ctx, mi: usize, nouns: &[&str]) -> bool {
    ctx.msgs.iter().enumerate().take(mi).any(|(j, p)| {
        ctx.visitor(j)
            && p.hits.iter().any(|h| {
                h.tag == Tag::Rel
                    && ctx
                        .hit_text(j, h)
                        .rsplit(' ')
                        .next()
                        .is_some_and(|w| nouns.contains(&w))
                    && (relation_acts_on_me(p, h) || wants_me_to(p, h))
            })
    })
}

/// "mn vriend wil dat ik met zn vrienden mee ga", "mn vriend zegt dat ik ... moet" (u1-001):
/// right after the relation, a verb of wanting or telling and "dat ik".
fn wants_me_to(p: &Prepared, h: &Hit) -> bool {
    let k = p.tokens.partition_point(|t| t.start < h.end);
    matches!(p.word(k), "wil" | "wilde" | "zegt" | "zei")
        && p.word(k + 1) == "dat"
        && matches!(p.word(k + 2), "ik" | "k")
        && p.tokens
            .get(k + 2)
            .zip(p.tokens.get(k))
            .is_some_and(|(a, b)| a.sentence == b.sentence)
}

/// Whether a clause speaks of ending the relation ("dat ie het uitmaakt", "dat hij me dumpt").
fn break_up(p: &Prepared, clause: u16) -> bool {
    p.clause_tokens(clause).any(|i| {
        matches!(p.word(i), "uitmaakt" | "dumpt" | "verlaat" | "verlaten")
            || (p.word(i) == "uit" && p.word(i + 1) == "maakt")
    })
}

/// Whether a relative's cue only says whose someone else is ("een jongen, vriend **van mn
/// broer**", "de ex van mijn zus"): a person or relation noun, then "van", then the cue.
/// Such a relative is not who the chat is about (unless the clause tells of exploitation:
/// "de vriend van mijn dochter laat haar werken").
fn names_another(p: &Prepared, h: &Hit) -> bool {
    let t = h.token as usize;
    if t < 2 || !matches!(p.word(t - 1), "van" | "of") {
        return false;
    }
    let Some(noun_end) = p.tokens.get(t - 2).map(|x| x.end) else {
        return false;
    };
    let noun = p.word(t - 2);
    matches!(
        noun,
        "vriend"
            | "vriendin"
            | "vriendje"
            | "vrienden"
            | "ex"
            | "maat"
            | "collega"
            | "baas"
            | "friend"
    ) || p.hits.iter().any(|x| {
        x.end == noun_end
            && matches!(
                x.tag,
                Tag::Rel | Tag::Person | Tag::Victim3 | Tag::VictimNoun
            )
    })
}

/// Whether a later clause of clause `c`'s sentence tells of exploitation done to the
/// visitor (a first-person word after byte `after`, no "haar"): then a relation named
/// alone before it ("mn vriend (25) laat mij ...") is the perpetrator, not the victim.
/// The relation of hit `h` is the subject of a verb whose object is the visitor, in its own
/// clause: "mn broer van 19 neemt mij mee", "mn neef (22) laat me", "mn oom dwingt mij", or
/// orders the visitor ("mn broer zegt dat ik ... moet"); not what the relation told or asked ("mn zus heeft me verteld dat ...").
fn relation_acts_on_me(p: &Prepared, h: &Hit) -> bool {
    let mut k = p.tokens.partition_point(|t| t.start < h.end);
    let Some(mut clause) = p.tokens.get(k).map(|t| (t.sentence, t.clause)) else {
        return false;
    };
    // "mijn zus is 19 en zij heeft mij meegenomen naar een man" (as2-002), "mn zus is 19 en
    // laat mannen bij ons thuis komen": the age said with "is", then "en", the relation
    // again as "zij"/"hij" or not, and what the relation does, in the clause "en" opens.
    if p.word(k) == "is"
        && p.tokens.get(k + 1).is_some_and(|t| t.number.is_some())
        && p.word(k + 2) == "en"
    {
        let v = k + 3 + usize::from(matches!(p.word(k + 3), "zij" | "ze" | "hij"));
        if let Some(t) = p.tokens.get(v).filter(|t| t.sentence == clause.0)
            && !matches!(
                p.word(v),
                "is" | "was" | "wordt" | "werd" | "moet" | "moest"
            )
        {
            k = v;
            clause = (t.sentence, t.clause);
        }
    }
    let same = |i: usize| {
        p.tokens
            .get(i)
            .is_some_and(|t| (t.sentence, t.clause) == clause)
    };
    // The age said with the relation: "van 19", "(19)", "19".
    if p.word(k) == "van" && p.tokens.get(k + 1).is_some_and(|t| t.number.is_some()) {
        k += 2;
    } else if p.tokens.get(k).is_some_and(|t| t.number.is_some()) {
        k += 1;
    }
    // A verb right after the relation, then the visitor as its object.
    if !same(k) || p.tokens.get(k).is_some_and(|t| t.number.is_some()) {
        return false;
    }
    // Not a conjunction or a preposition, and not what is done to the relation ("mijn broer van 17 wordt
    // volgens mij misbruikt").
    if matches!(
        p.word(k),
        "en" | "of"
            | "maar"
            | "die"
            | "dat"
            | "is"
            | "was"
            | "wordt"
            | "werd"
            | "word"
            // "een vriendin van mij", "mn broer bij mij": a preposition, no verb.
            | "van"
            | "voor"
            | "bij"
            | "met"
            | "naar"
            | "tegen"
            | "over"
            | "aan"
    ) {
        return false;
    }
    // An order: "mn broer van 20 zegt dat ik met zijn vrienden moet chillen".
    let sentence = clause.0;
    let in_sentence = |i: usize| p.tokens.get(i).is_some_and(|t| t.sentence == sentence);
    if matches!(p.word(k), "zegt" | "zei" | "zeggen" | "zeiden")
        && p.word(k + 1) == "dat"
        && p.word(k + 2) == "ik"
        && (k + 3..k + 12).any(|j| in_sentence(j) && matches!(p.word(j), "moet" | "moest"))
    {
        return true;
    }
    // "mn broer van 20 laat zn vrienden met me slapen": a causative verb reaches further.
    let reach = if matches!(p.word(k), "laat" | "liet" | "laten") {
        6
    } else {
        2
    };
    let Some(me) = (k + 1..=k + reach).find(|&j| {
        same(j)
            && (matches!(p.word(j), "me" | "mij")
                    // "mn moeder laat mannen bij ons komen" (at2-084): the visitor among
                    // "ons", after a causative verb.
                    || (p.word(j) == "ons" && matches!(p.word(k), "laat" | "liet" | "laten")))
            && p.word(j - 1) != "volgens"
    }) else {
        return false;
    };
    !(k..me + 4).any(|j| {
        same(j)
            && (told_verb(p.word(j))
                || matches!(
                    p.word(j),
                    "appte" | "stuurt" | "stuurde" | "gestuurd" | "belt" | "belde" | "gebeld"
                ))
    })
}

/// A verb of telling or asking ("verteld", "zei", "vroeg", "appt"): what
/// someone told or asked the visitor, not what they did to them.
fn told_verb(w: &str) -> bool {
    matches!(
        w,
        "verteld"
            | "vertelt"
            | "vertelde"
            | "gezegd"
            | "zegt"
            | "zei"
            | "gevraagd"
            | "vraagt"
            | "vroeg"
            | "geappt"
            | "appt"
    )
}

/// Whether a visitor's clause after clause `c` of message `mi` tells exploitation of the
/// visitor: a cue of exploitation and a first-person word in one clause and no "haar", and
/// no clause of the chat that tells it of someone else alone ("ze moet met mannen mee"). Then a relation named earlier without any exploitation ("mn broer van
/// 24 heeft een vriend van 21. die vriend heeft mij ... laten meegaan") is not the victim.
fn told_of_me_later(ctx: &Ctx, mi: usize, c: u16) -> bool {
    let lex = ctx.lex;
    let exploit = |p: &Prepared, k: u16| {
        p.clause_hits(k, Tag::Ctl)
            .chain(p.clause_hits(k, Tag::SexStrong))
            .chain(p.clause_hits(k, Tag::SexWeak))
            .chain(p.clause_hits(k, Tag::Crime))
            .chain(p.clause_hits(k, Tag::DrugsNoun))
            .any(|h| !p.negated(h.token as usize, lex))
    };
    let (mut mine, mut theirs) = (false, false);
    for (mj, p) in ctx.msgs.iter().enumerate() {
        if !ctx.visitor(mj) {
            continue;
        }
        // The visitor as the one who must or to whom it is done: "ik moet", "moest ik",
        // "ik werd", "heeft mij ... laten"; not "ik denk", "bedoel ik", "vertelde hij mij".
        let must = |i: usize| {
            matches!(
                p.word(i),
                "moet" | "moest" | "moesten" | "word" | "werd" | "mocht"
            ) && !matches!(p.word(i + 1), "doen" | "zeggen" | "denken" | "vragen")
        };
        let act = |i: usize| {
            matches!(
                p.word(i),
                "laat"
                    | "liet"
                    | "heeft"
                    | "had"
                    | "dwingt"
                    | "dwong"
                    | "neemt"
                    | "nam"
                    | "brengt"
                    | "bracht"
                    | "verkoopt"
                    | "verkocht"
                    | "chanteert"
                    | "bedreigt"
                    | "stuurt"
                    | "stuurde"
            )
        };
        let me = |k: u16| {
            let range = p.clause_tokens(k);
            let Some(first) = p.tokens.get(range.start) else {
                return false;
            };
            // Reported speech ("ze fluisterde \"ik moet werken voor hem\"", "vertelde hij
            // mij dat ...") tells of the speaker, not of the visitor.
            let reported = (0..range.end).any(|i| {
                p.tokens
                    .get(i)
                    .is_some_and(|t| t.sentence == first.sentence)
                    && (told_verb(p.word(i))
                        || matches!(p.word(i), "fluisterde" | "schreef" | "riep" | "tegen"))
            }) || p.norm.text.get(..first.start as usize).is_some_and(|s| {
                s.rsplit(['.', '!', '?'])
                    .next()
                    .is_some_and(|s| s.contains('"'))
            });
            !reported
                && range.clone().any(|i| match p.word(i) {
                    "ik" | "k" => {
                        (must(i + 1) && !matches!(p.word(i.wrapping_sub(1)), "wat" | "hoe" | "of"))
                            || (i > 0 && must(i - 1))
                    }
                    // "laat zn maten met me slapen": a causative verb reaches further.
                    "me" | "mij" => {
                        (i >= 1 && act(i - 1))
                            || (i >= 2 && act(i - 2))
                            || (3..=5).any(|d| {
                                i >= d
                                    && range.contains(&(i - d))
                                    && matches!(p.word(i - d), "laat" | "liet" | "laten")
                            })
                    }
                    _ => false,
                })
        };
        let her = |k: u16| p.clause_tokens(k).any(|i| p.word(i) == "haar");
        let mut told = false;
        for k in 0..p.clauses {
            if !exploit(p, k) {
                continue;
            }
            told = true;
            if me(k) && !her(k) && (mj > mi || (mj == mi && k > c)) {
                mine = true;
            } else if !me(k) && (her(k) || p.clause_has(k, flag::SHE) || p.clause_has(k, flag::HE))
            {
                theirs = true;
            }
        }
        // "ik moet met hun mee naar huizen ... dat is toch inbraak": a later message that
        // tells exploitation in one sentence and what the visitor must do in another.
        if told && mj > mi && (0..p.clauses).all(|k| !her(k)) {
            mine |= (0..p.clauses).any(me);
        }
    }
    mine && !theirs
}

/// Whether the visitor said before clause `c` of message `mi` that they must or were made to
/// ("ik moet", "moest ik", "ik werd"), in a message or clause of their own.
fn i_must_before(ctx: &Ctx, mi: usize, c: u16) -> bool {
    let must = |w: &str| matches!(w, "moet" | "moest" | "moesten" | "word" | "werd");
    ctx.msgs.iter().enumerate().take(mi + 1).any(|(mj, p)| {
        ctx.visitor(mj)
            && (0..p.tokens.len()).any(|i| {
                (mj < mi || p.tokens.get(i).is_some_and(|t| t.clause < c))
                    && ik_must_at(p, i, 0, must)
            })
    })
}

/// Whether token `i` is the visitor's "ik" with a must-word right after it, or right before it
/// at token `lo` or later ("ik moet", "moest ik"): the reading of [`i_must_before`] and
/// [`i_must_later_in`].
fn ik_must_at(p: &Prepared, i: usize, lo: usize, must: impl Fn(&str) -> bool) -> bool {
    matches!(p.word(i), "ik" | "k") && (must(p.word(i + 1)) || (i > lo && must(p.word(i - 1))))
}

/// Whether a relative's noun stands just before the age at `ev` ("mn moeder is 38", "zn neef
/// van 22").
fn family_said_with(ctx: &Ctx, ev: Ev) -> bool {
    const FAMILY: [&str; 20] = [
        "moeder",
        "vader",
        "stiefvader",
        "stiefmoeder",
        "mama",
        "papa",
        "neef",
        "neefje",
        "nicht",
        "nichtje",
        "oom",
        "tante",
        "broer",
        "broertje",
        "zus",
        "zusje",
        "opa",
        "oma",
        "zoon",
        "dochter",
    ];
    let Some(p) = ctx.msgs.get(ev.msg) else {
        return false;
    };
    // (The span may begin at the noun: "neef is 26".)
    let k = p.tokens.partition_point(|t| t.start < ev.start);
    let end = p.tokens.partition_point(|t| t.start < ev.end);
    (k.saturating_sub(3)..end).any(|j| FAMILY.contains(&p.word(j)))
}

/// Whether a clause after `c` of the message says the visitor must or is made to ("dan moet
/// ik met ze mee", "ik moet", "hij laat zn vrienden bij mij komen"), not of her ("haar").
fn i_must_later_in(p: &Prepared, c: u16) -> bool {
    let must = |w: &str| matches!(w, "moet" | "moest" | "moesten");
    (c + 1..p.clauses).any(|k| {
        let range = p.clause_tokens(k);
        !range.clone().any(|i| p.word(i) == "haar")
            && range.clone().any(|i| {
                ik_must_at(p, i, range.start, must)
                    // "hij laat zn vrienden bij mij komen" (al2-086).
                    || (matches!(p.word(i), "laat" | "liet")
                        && (i + 1..range.end.min(i + 6))
                            .any(|j| matches!(p.word(j), "mij" | "me")))
            })
    })
}

/// Whether message `mi` answers the counsellor's question what the visitor said or answered
/// ("Wat heb je geantwoord?", "Wat zei je toen?").
fn answers_what_you_said(ctx: &Ctx, mi: usize) -> bool {
    let Some(q) = mi
        .checked_sub(1)
        .and_then(|k| ctx.conv.messages.get(k))
        .filter(|m| m.from != From::Visitor && m.text.contains('?'))
    else {
        return false;
    };
    let lower = q.text.to_lowercase();
    let words = words_of(&lower);
    words.windows(4).any(|w| {
        w[0] == "wat"
            && matches!(w[1], "heb" | "hebt")
            && matches!(w[2], "je" | "jij" | "u")
            && matches!(w[3], "geantwoord" | "gezegd")
    }) || words
        .windows(3)
        .any(|w| w[0] == "wat" && w[1] == "zei" && matches!(w[2], "je" | "jij" | "u"))
}

fn done_to_me_later(p: &Prepared, c: u16, after: u32, lex: &Lexicon) -> bool {
    let range = p.clause_tokens(c);
    let Some(sentence) = p.tokens.get(range.start).map(|t| t.sentence) else {
        return false;
    };
    let later = |i: usize| {
        p.tokens
            .get(i)
            .is_some_and(|t| t.sentence == sentence && t.clause > c)
    };
    let exploit = p.hits.iter().any(|h| {
        h.sentence == sentence
            && h.clause > c
            && matches!(
                h.tag,
                Tag::Ctl | Tag::SexStrong | Tag::SexWeak | Tag::Crime | Tag::Coercion
            )
            && !p.negated(h.token as usize, lex)
    });
    let me = (range.end..p.tokens.len())
        .any(|i| later(i) && p.first_person_subject(i) && p.tokens[i].start >= after);
    let her = (range.end..p.tokens.len()).any(|i| later(i) && p.word(i) == "haar");
    exploit && me && !her
}

/// The kinds of question a counsellor's message asks (bits of [`q`]), from its lowercased text.
mod q {
    /// "Hoe lang gaat dit al?", "Sinds wanneer?", "How long ...".
    pub const HOW_LONG: u8 = 1;
    /// "Heb je dit al aan iemand verteld?", "Weet iemand anders ervan?".
    pub const WHO_KNOWS: u8 = 2;
    /// "Wanneer ben je gestopt?", "Is het nu voorbij?".
    pub const END: u8 = 4;
    /// "Wat gebeurt er als je stopt?", "En als je het niet doet?".
    pub const IF: u8 = 8;
}

thread_local! {
    /// A buffer for a lowercased counsellor's question (reused between messages).
    static LOWER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    /// A buffer for the lowercased first word of a visitor's answer.
    static FIRST_WORD: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// The question kinds of one counsellor's message (0 without a question mark).
fn question_kinds(text: &str) -> u8 {
    if !text.contains('?') {
        return 0;
    }
    LOWER.with(|buf| {
        let mut t = buf.borrow_mut();
        t.clear();
        if text.is_ascii() {
            t.push_str(text);
            t.make_ascii_lowercase();
        } else {
            t.extend(text.chars().flat_map(char::to_lowercase));
        }
        kinds_of(&t)
    })
}

/// The phrases that tell a question's kind, in groups: [`q::HOW_LONG`]; someone, and
/// telling or knowing (both for [`q::WHO_KNOWS`]); [`q::END`]; [`q::IF`]; together (which
/// makes a "hoe lang" no [`q::HOW_LONG`]).
const QUESTION_PHRASES: [&[&str]; 6] = [
    &["hoe lang", "sinds wanneer", "how long"],
    &["iemand", "anyone", "somebody", "someone"],
    &[
        "verteld",
        "gezegd",
        "gepraat",
        "weet ",
        "weten",
        "vertellen",
        "told",
        "gesproken",
        "gehoord",
        "heard",
        "het weet",
    ],
    &[
        "gestopt",
        "weggegaan",
        "voorbij",
        "uitgegaan",
        "geleden",
        "weggelopen",
        "gevlucht",
        "stopped",
        "eruit",
    ],
    &["als je", "if you", "wat gebeurt er"],
    // How long two people have been together or known each other ("Hoe lang zijn jullie
    // samen?", "Hoe lang ken je hem al?"): not how long the exploitation goes on.
    &[
        "samen",
        "relatie",
        "verkering",
        "kennen",
        "ken je",
        "ken jij",
        "kent ze",
        "kent hij",
        "is ze al met",
        "is hij al met",
        "ben je al met",
        "ben jij al met",
    ],
];

/// The kinds of question from the groups of [`QUESTION_PHRASES`] a text holds (bit `g`
/// for group `g`).
fn kinds_from_groups(groups: u8) -> u8 {
    let mut k = 0;
    if groups & 1 != 0 && groups & 0b10_0000 == 0 {
        k |= q::HOW_LONG;
    }
    if groups & 0b110 == 0b110 {
        k |= q::WHO_KNOWS;
    }
    if groups & 0b1000 != 0 {
        k |= q::END;
    }
    if groups & 0b1_0000 != 0 {
        k |= q::IF;
    }
    k
}

/// All of [`QUESTION_PHRASES`] in one automaton, with the group of each phrase.
fn question_automaton() -> Option<&'static (aho_corasick::AhoCorasick, Vec<u8>)> {
    static AC: std::sync::OnceLock<Option<(aho_corasick::AhoCorasick, Vec<u8>)>> =
        std::sync::OnceLock::new();
    AC.get_or_init(|| {
        let (mut phrases, mut groups) = (Vec::new(), Vec::new());
        for (g, list) in (0u8..).zip(QUESTION_PHRASES) {
            for ph in list {
                phrases.push(*ph);
                groups.push(g);
            }
        }
        let ac = aho_corasick::AhoCorasick::new(&phrases).ok()?;
        Some((ac, groups))
    })
    .as_ref()
}

/// [`question_kinds`] of a lowercased text: one pass of [`question_automaton`] (every
/// phrase found, overlapping ones too), or a search per phrase without it.
fn kinds_of(t: &str) -> u8 {
    let mut groups = 0u8;
    if let Some((ac, of)) = question_automaton() {
        for m in ac.find_overlapping_iter(t) {
            if let Some(g) = of.get(m.pattern().as_usize()) {
                groups |= 1 << g;
            }
        }
    } else {
        for (g, list) in (0u8..).zip(QUESTION_PHRASES) {
            if list.iter().any(|x| t.contains(x)) {
                groups |= 1 << g;
            }
        }
    }
    kinds_from_groups(groups)
}

/// Alternatives for one word of a [`PERP_PATTERNS`] pattern.
type Alt = &'static [&'static str];

/// Words, perpetrator, detail, met, whether the victim must be the chatter.
type PerpPattern = (
    &'static [Alt],
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    bool,
);

/// What a relative is said to do to the victim ("mijn oom laat me …"): the verbs of the family patterns.
const RELATIVE_ACTS: &[&str] = &[
    "laat",
    "liet",
    "verkoopt",
    "verkocht",
    "dwingt",
    "dwong",
    "neemt",
    "nam",
    "brengt",
    "bracht",
    "regelt",
    "regelde",
    "stuurt",
    "verhuurt",
    "verhuurde",
    "zegt",
    "wil",
    "maakt",
    "heeft",
    "pakt",
    "houdt",
];

/// Who the perpetrator is by the words that name them, when no controlling action links a
/// relation to the exploitation: (pattern, perpetrator, detail, met, needs the victim as
/// chatter). A pattern is a sequence of word alternatives; `*` matches any one word.
const PERP_PATTERNS: &[PerpPattern] = &[
    // The victim's partner: "mn vriend(je)", "mn ex", "mn man", "my boyfriend".
    (
        &[
            &["mijn", "my"],
            &[
                "vriendje",
                "ex",
                "ex-vriend",
                "exvriend",
                "boyfriend",
                "husband",
                "vriendjes",
            ],
        ],
        "partner",
        None,
        None,
        true,
    ),
    (
        &[&["mijn"], &["toenmalige", "oude"], &["vriend", "vriendje"]],
        "partner",
        None,
        None,
        true,
    ),
    (&[&["mijn"], &["man"]], "partner", None, None, true),
    (
        &[
            &["mijn"],
            &["vriend"],
            &[
                "zegt", "wil", "laat", "heeft", "is", "stuurt", "dwingt", "zei", "liet",
                "verkoopt", "regelt", "en", "maakt", "houdt", "geeft", "neemt", "brengt", "moet",
                "vindt", "vraagt",
            ],
        ],
        "partner",
        None,
        None,
        true,
    ),
    (
        &[&["ik"], &["heb", "had"], &["een"], &["vriend", "vriendje"]],
        "partner",
        None,
        None,
        true,
    ),
    // A third party's: "haar vriend", "haar ex", "haar man", "her boyfriend".
    (
        &[
            &["haar", "her"],
            &[
                "vriend",
                "vriendje",
                "ex",
                "ex-vriend",
                "man",
                "boyfriend",
                "husband",
            ],
        ],
        "partner",
        None,
        None,
        false,
    ),
    (
        &[&["heeft"], &["een"], &["vriend", "vriendje"], &["van"]],
        "partner",
        None,
        None,
        false,
    ),
    // Someone of the neighbourhood, school or sports club: met offline.
    (
        &[
            &[
                "gast", "jongen", "man", "vrouw", "groep", "jongens", "mannen", "guy",
            ],
            &["uit", "van", "in", "op", "from"],
            &["de", "mijn", "onze", "het", "my"],
            &[
                "buurt",
                "straat",
                "wijk",
                "school",
                "sportschool",
                "voetbal",
                "voetballen",
                "club",
                "sportclub",
                "klas",
                "flat",
                "building",
            ],
        ],
        "social",
        Some("friend_acquaintance"),
        Some("offline"),
        false,
    ),
    (
        &[
            &["die"],
            &["ik"],
            &["ken", "kende"],
            &["van", "uit"],
            &["de", "mijn", "het", "school"],
        ],
        "social",
        Some("friend_acquaintance"),
        Some("offline"),
        false,
    ),
    (
        &[
            &["gast", "jongen", "man", "jongens", "gasten", "guy"],
            &["op", "van"],
            &["school", "straat"],
        ],
        "social",
        Some("friend_acquaintance"),
        Some("offline"),
        false,
    ),
    (
        &[
            &["jongens", "gasten", "groep", "mannen"],
            &["van", "uit", "bij"],
            &["het", "de", "mijn", "zijn", "haar", "zn"],
            &[
                "pleintje",
                "dagbesteding",
                "skatebaan",
                "jeugdzorg",
                "voetbal",
                "snackbar",
            ],
        ],
        "social",
        Some("friend_acquaintance"),
        Some("offline"),
        false,
    ),
    // An employer: the exploitation of work ("de baas", "de eigenaar", "the owner").
    (
        &[
            &["de", "mijn", "the", "my", "haar", "zijn"],
            &[
                "baas",
                "bazin",
                "eigenaar",
                "eigenares",
                "werkgever",
                "boss",
                "owner",
            ],
        ],
        "other",
        None,
        None,
        false,
    ),
    // A relative who does something to the victim ("mn stiefvader laat me").
    (
        &[
            &["mijn"],
            &["vader", "stiefvader", "pa", "papa"],
            RELATIVE_ACTS,
        ],
        "family",
        Some("father"),
        None,
        true,
    ),
    (
        &[
            &["haar", "zijn"],
            &["vader", "stiefvader", "pa", "papa"],
            RELATIVE_ACTS,
        ],
        "family",
        Some("father"),
        None,
        false,
    ),
    (
        &[
            &["mijn"],
            &["moeder", "stiefmoeder", "mama", "ma"],
            RELATIVE_ACTS,
        ],
        "family",
        Some("mother"),
        None,
        true,
    ),
    (
        &[
            &["haar", "zijn"],
            &["moeder", "stiefmoeder", "mama", "ma"],
            RELATIVE_ACTS,
        ],
        "family",
        Some("mother"),
        None,
        false,
    ),
    (
        &[&["mijn"], &["oom", "tante"], RELATIVE_ACTS],
        "family",
        Some("uncle_aunt"),
        None,
        true,
    ),
    (
        &[&["haar", "zijn"], &["oom", "tante"], RELATIVE_ACTS],
        "family",
        Some("uncle_aunt"),
        None,
        false,
    ),
    (
        &[
            &["mijn"],
            &["broer", "zus", "stiefbroer", "halfbroer"],
            RELATIVE_ACTS,
        ],
        "family",
        Some("sibling"),
        None,
        true,
    ),
    (
        &[
            &["haar", "zijn"],
            &["broer", "zus", "stiefbroer", "halfbroer"],
            RELATIVE_ACTS,
        ],
        "family",
        Some("sibling"),
        None,
        false,
    ),
    (
        &[&["mijn"], &["opa", "oma"], RELATIVE_ACTS],
        "family",
        Some("grandparent"),
        None,
        true,
    ),
    (
        &[&["haar", "zijn"], &["opa", "oma"], RELATIVE_ACTS],
        "family",
        Some("grandparent"),
        None,
        false,
    ),
    (
        &[&["mijn"], &["neef", "nicht"], RELATIVE_ACTS],
        "family",
        Some("other_family"),
        None,
        true,
    ),
    (
        &[&["haar", "zijn"], &["neef", "nicht"], RELATIVE_ACTS],
        "family",
        Some("other_family"),
        None,
        false,
    ),
    // Someone known through someone else.
    (
        &[
            &["kennis", "vriend", "vriendin", "broer", "neef", "vrienden"],
            &["van"],
            &["mijn", "een", "zijn", "haar"],
            &["*"],
        ],
        "social",
        Some("network_contact"),
        None,
        false,
    ),
    (
        &[
            &["via"],
            &["een", "mijn", "zijn", "haar", "zn"],
            &["vriend", "vriendin", "kennis", "neef", "nicht"],
        ],
        "social",
        Some("network_contact"),
        None,
        false,
    ),
];

/// The words a [`PERP_PATTERNS`] pattern can start with: per first byte, a bit per
/// word length (a cheap test before any comparison of strings).
static PERP_FIRST: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut p = 0;
    while p < PERP_PATTERNS.len() {
        let pat = PERP_PATTERNS[p].0;
        if !pat.is_empty() {
            let alts = pat[0];
            let mut a = 0;
            while a < alts.len() {
                let w = alts[a].as_bytes();
                if !w.is_empty() && w.len() < 32 {
                    t[w[0] as usize] |= 1 << w.len();
                }
                a += 1;
            }
        }
        p += 1;
    }
    t
};

/// The patterns a token can start, by its word: every word a [`PERP_PATTERNS`] pattern
/// starts with, sorted, with the indices of the patterns that can start with it (its own
/// and those that start with any word, `*`), in order; the same for the words of at most
/// 15 bytes packed ([`crate::lexicon::pack`]), sorted by number; and the patterns that
/// start with any word (the candidates of a word no pattern names first).
struct PerpFirst {
    words: Vec<(&'static str, Vec<u16>)>,
    packed: Vec<(u128, Vec<u16>)>,
    any: Vec<u16>,
}

fn perp_first_words() -> &'static PerpFirst {
    static WORDS: std::sync::OnceLock<PerpFirst> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words: Vec<&'static str> = PERP_PATTERNS
            .iter()
            .filter_map(|(pat, ..)| pat.first())
            .flat_map(|alts| alts.iter().copied())
            .filter(|w| *w != "*")
            .collect();
        words.sort_unstable();
        words.dedup();
        let mut any = Vec::new();
        let mut words: Vec<(&'static str, Vec<u16>)> =
            words.into_iter().map(|w| (w, Vec::new())).collect();
        for (i, (pat, ..)) in (0u16..).zip(PERP_PATTERNS) {
            let Some(alts) = pat.first() else {
                continue;
            };
            let star = alts.contains(&"*");
            if star {
                any.push(i);
            }
            for (w, list) in &mut words {
                if star || alts.contains(w) {
                    list.push(i);
                }
            }
        }
        let mut packed: Vec<(u128, Vec<u16>)> = words
            .iter()
            .filter_map(|(w, list)| crate::lexicon::pack(w).map(|k| (k, list.clone())))
            .collect();
        packed.sort_unstable_by_key(|x| x.0);
        PerpFirst { words, packed, any }
    })
}

/// Whether `w` is one of `alts` (the length and first byte compared before the bytes).
fn one_of(alts: &[&str], w: &str) -> bool {
    alts.iter()
        .any(|a| a.len() == w.len() && a.as_bytes().first() == w.as_bytes().first() && *a == w)
}

/// The boyfriend met online (round 54): "ze heeft sinds een half jaar een vriend van 24 die ze
/// via snapchat heeft leren kennen", "ze heeft via tinder een vriend leren kennen", "ik had een
/// relatie met iemand die ik via tinder kende", "mn vriend die ik via bumble heb leren kennen":
/// where the sentence of the online meeting names the one met as a boyfriend (girlfriend) or a
/// relationship, the perpetrator is the partner, not a social-media contact. Over the corpus
/// (rounds to 53) such a sentence went with `partner` in 54 chats coded so against 2 coded
/// `social` ("Ze zegt dat het een vriend is die ze via Snapchat kent": "een vriend" without
/// "heeft" or a meeting verb is no boyfriend here). Not "een vriend van hem" (someone else),
/// and not "mn vriendin" (a girl's friend).
fn partner_met_online(ctx: &Ctx, at: &Ev) -> Option<Ev> {
    let p = ctx.msgs.get(at.msg)?;
    let k = p.token_at(at.start);
    let sentence = p.tokens.get(k)?.sentence;
    let range: Vec<usize> = (0..p.tokens.len())
        .filter(|&i| p.tokens.get(i).is_some_and(|t| t.sentence == sentence))
        .collect();
    let has = |i: usize| {
        range.iter().any(|&j| {
            j < i
                && matches!(
                    p.word(j),
                    "heeft" | "heb" | "had" | "hadden" | "hebben" | "kreeg" | "kregen"
                )
        })
    };
    let meets = |i: usize| {
        range.iter().any(|&j| {
            j > i
                && matches!(
                    p.word(j),
                    "kennen" | "kent" | "kende" | "ken" | "ontmoet" | "ontmoette" | "gekregen"
                )
        })
    };
    for &i in &range {
        let w = p.word(i);
        let det = i.checked_sub(1).map(|j| p.word(j)).unwrap_or("");
        let someone_elses = p.word(i + 1) == "van"
            && matches!(
                p.word(i + 2),
                "hem" | "haar" | "zn" | "zijn" | "mij" | "mn" | "mijn" | "m'n" | "ons" | "jou"
            );
        let partner = match w {
            "relatie" => det == "een",
            "vriend" | "vriendje" => {
                !someone_elses
                    && match det {
                        // Not "dat het een vriend is die ze via snapchat kent" (be1-003).
                        "een" => {
                            !matches!(i.checked_sub(2).map(|j| p.word(j)), Some("het" | "is"))
                                && (has(i) || meets(i))
                        }
                        "mijn" | "mn" | "m'n" | "haar" => meets(i),
                        _ => false,
                    }
            }
            "vriendin" | "vriendinnetje" => !someone_elses && det == "een" && (has(i) || meets(i)),
            _ => false,
        };
        if partner {
            let t = p.tokens.get(i)?;
            let start = i
                .checked_sub(1)
                .and_then(|j| p.tokens.get(j))
                .map_or(t.start, |d| d.start);
            return Some(Ev {
                msg: at.msg,
                start,
                end: t.end,
            });
        }
    }
    None
}

/// The first match of [`PERP_PATTERNS`] in the visitor's words (not negated or hedged).
fn perp_by_pattern(
    ctx: &Ctx,
    victim_chatter: bool,
) -> Option<(&'static str, Option<&'static str>, Option<&'static str>, Ev)> {
    for (mi, p) in ctx.msgs.iter().enumerate() {
        if !ctx.visitor(mi) {
            continue;
        }
        for i in 0..p.tokens.len() {
            let first = p.word(i);
            let maybe = first.as_bytes().first().is_some_and(|&b| {
                first.len() < 32 && PERP_FIRST[b as usize] & (1 << first.len()) != 0
            });
            if !maybe {
                continue;
            }
            // Only a token that some pattern starts with (most that pass the byte test don't),
            // and only the patterns that can start with it, in their order. A short word by
            // its packed number (numbers compared, not strings).
            let pf = perp_first_words();
            let listed: Option<&[u16]> = match crate::lexicon::pack(first) {
                Some(k) => pf
                    .packed
                    .binary_search_by_key(&k, |x| x.0)
                    .ok()
                    .and_then(|j| pf.packed.get(j))
                    .map(|x| x.1.as_slice()),
                None => pf
                    .words
                    .binary_search_by_key(&first, |x| x.0)
                    .ok()
                    .and_then(|j| pf.words.get(j))
                    .map(|x| x.1.as_slice()),
            };
            let candidates = listed.unwrap_or(pf.any.as_slice());
            if candidates.is_empty() {
                continue;
            }
            // The words from token `i` on that stand in the same clause ("" past it), read once
            // for all patterns.
            let clause = p.tokens.get(i).map(|t| t.clause);
            let mut words = [""; 6];
            for (k, w) in words.iter_mut().enumerate() {
                if p.tokens.get(i + k).map(|t| t.clause) == clause {
                    *w = p.word(i + k);
                }
            }
            for (pat, rel, detail, how, own) in candidates
                .iter()
                .filter_map(|&c| PERP_PATTERNS.get(usize::from(c)))
            {
                if *own && !victim_chatter {
                    continue;
                }
                let ok = pat.iter().enumerate().all(|(k, alts)| {
                    let w = match words.get(k) {
                        Some(w) => *w,
                        None if p.tokens.get(i + k).map(|t| t.clause) == clause => p.word(i + k),
                        None => "",
                    };
                    !w.is_empty() && (one_of(alts, w) || one_of(alts, "*"))
                });
                if !ok
                    || p.negated(i, ctx.lex)
                    || p.hedged(p.tokens.get(i).map_or(0, |t| t.clause), ctx.lex)
                {
                    continue;
                }
                let (Some(a), Some(b)) = (p.tokens.get(i), p.tokens.get(i + pat.len() - 1)) else {
                    continue;
                };
                return Some((
                    rel,
                    *detail,
                    *how,
                    Ev {
                        msg: mi,
                        start: a.start,
                        end: b.end,
                    },
                ));
            }
        }
    }
    None
}

/// Whether counsellor message `i` can matter to the rules.
fn counsellor_needed(conv: &Conversation, i: usize, lex: &Lexicon, kinds: u8) -> bool {
    let Some(m) = conv.messages.get(i) else {
        return false;
    };
    // "oud", "leeftijd" or "old" in any case, or "uitbuiting" / "mensenhandel" (the
    // counsellor's own reading, [`counsellor_rules_out`]): one pass, a closer look only at
    // an "o", "l", "u" or "m".
    let b = m.text.as_bytes();
    let at = |i: usize, needle: &[u8]| {
        b.get(i..i + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    };
    let age_word = b.iter().enumerate().any(|(i, &x)| match x | 0x20 {
        b'o' => at(i, b"oud") || at(i, b"old"),
        b'l' => at(i, b"leeftijd"),
        b'u' => at(i, b"uitbuiting"),
        b'm' => at(i, b"mensenhandel"),
        _ => false,
    });
    if age_word || kinds & q::HOW_LONG != 0 {
        return true;
    }
    conv.messages.get(i + 1).is_some_and(|n| {
        n.from == From::Visitor && {
            // The first word, lowercased: an ASCII word on the stack, another into a
            // buffer reused between messages.
            let t = n.text.as_bytes();
            let k = t.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
            let mut small = [0u8; 32];
            if t.get(k).is_none_or(u8::is_ascii)
                && let (Some(word), Some(dst)) = (t.get(..k), small.get_mut(..k))
            {
                dst.copy_from_slice(word);
                dst.make_ascii_lowercase();
                return std::str::from_utf8(dst)
                    .is_ok_and(|w| lex.info(w).is_some_and(|w| w.flags & flag::YES != 0));
            }
            FIRST_WORD.with(|buf| {
                let mut first = buf.borrow_mut();
                first.clear();
                first.extend(
                    n.text
                        .chars()
                        .take_while(|c| c.is_alphanumeric())
                        .flat_map(char::to_lowercase),
                );
                lex.info(first.as_str())
                    .is_some_and(|w| w.flags & flag::YES != 0)
            })
        }
    })
}

/// What the rules found, before validation: (name, suggestion). With `full`, a chat
/// without a sign of exploitation is read to the end too (for the learned layer).
pub(crate) fn analyse(
    conv: &Conversation,
    lex: &Lexicon,
    full: bool,
) -> Vec<(&'static str, Suggestion)> {
    let mut pool = POOL.with(|p| std::mem::take(&mut *p.borrow_mut()));
    let n = conv.messages.len();
    if pool.len() < n {
        pool.resize_with(n, Prepared::default);
    }
    // Only a question the visitor answers next can matter.
    let mut questions = QUESTIONS.with(|q| std::mem::take(&mut *q.borrow_mut()));
    questions.clear();
    questions.extend(conv.messages.iter().enumerate().map(|(i, m)| {
        let answered = conv
            .messages
            .get(i + 1)
            .is_some_and(|n| n.from == From::Visitor);
        if m.from == From::Visitor || !answered {
            0
        } else {
            question_kinds(&m.text)
        }
    }));
    for (i, (p, m)) in pool.iter_mut().zip(&conv.messages).enumerate() {
        // A counsellor's message matters only as a question about age, or as a
        // question the visitor answers with "ja": skip the others.
        let needed = m.from == From::Visitor
            || counsellor_needed(conv, i, lex, questions.get(i).copied().unwrap_or(0));
        p.reset(if needed { &m.text } else { "" }, lex);
    }
    let result = {
        let msgs = pool.get(..n).unwrap_or_default();
        let by_tag = BY_TAG.with(|b| std::mem::take(&mut *b.borrow_mut()));
        let ctx = Ctx {
            conv,
            lex,
            msgs,
            by_tag: valid_by_tag(conv, msgs, lex, by_tag),
            questions,
            full,
        };
        let mut result = analyse_ctx(&ctx);
        // A chat the rules excluded early is not read for what has not happened yet; the
        // model may still find it about exploitation ("mn fotos online zet" of a boyfriend
        // who wants her to go with his friend next week, "Is het al eerder gebeurd?" "nee
        // nog nooit", o1-013), and then it carries no age either (`crate::derive`).
        if full
            && result
                .iter()
                .any(|(k, s)| *k == "status" && s.value.as_code() == Some("excluded"))
            && let Some(ev) = not_yet(&ctx)
        {
            let ev = [ev];
            let mut out = Out {
                ctx: &ctx,
                list: std::mem::take(&mut result),
            };
            out.code(crate::NOT_YET, "yes", &ev);
            result = out.list;
        }
        BY_TAG.with(|b| *b.borrow_mut() = ctx.by_tag);
        QUESTIONS.with(|q| *q.borrow_mut() = ctx.questions);
        result
    };
    POOL.with(|p| *p.borrow_mut() = pool);
    result
}

struct Out<'c, 'a> {
    ctx: &'c Ctx<'a>,
    list: Vec<(&'static str, Suggestion)>,
}

impl Out<'_, '_> {
    fn code(&mut self, name: &'static str, code: &str, evs: &[Ev]) {
        self.push(name, Value::Code(code.to_string()), evs, None);
    }
    fn push(&mut self, name: &'static str, value: Value, evs: &[Ev], source: Option<&'static str>) {
        let evidence = self.ctx.to_evidence(evs);
        if !evidence.is_empty() {
            self.list.push((
                name,
                Suggestion {
                    value,
                    evidence,
                    source,
                    model_items: Vec::new(),
                    item_evidence: Vec::new(),
                },
            ));
        }
    }

    /// A multiple-response set's items, each with its own evidence (`item_evidence`) and all of
    /// it together (`evidence`).
    fn push_items(&mut self, name: &'static str, list: &[(String, Vec<Ev>)]) {
        let items: Vec<String> = list.iter().map(|(c, _)| c.clone()).collect();
        let evs: Vec<Ev> = list.iter().flat_map(|(_, e)| e.iter().copied()).collect();
        let before = self.list.len();
        self.push(name, Value::Items(items), &evs, None);
        if self.list.len() > before {
            let per: Vec<(String, Vec<Evidence>)> = list
                .iter()
                .map(|(c, e)| (c.clone(), self.ctx.to_evidence(e)))
                .collect();
            if let Some((_, s)) = self.list.get_mut(before) {
                s.item_evidence = per;
            }
        }
    }
}

#[allow(clippy::too_many_lines)]
/// The ages the visitor corrects ([`crate::CORRECTED_AGE`]), each with the number's span:
/// one pass over the tokens of the visitor's messages, keeping the numbers of the last
/// twelve words and whether a word of correction came after each.
fn corrected_ages(ctx: &Ctx) -> Vec<(u32, Ev)> {
    const WINDOW: usize = 12;
    let mut found: Vec<(u32, Ev)> = Vec::new();
    let mut recent: [(usize, u32, Ev, bool); WINDOW] = [(
        0,
        0,
        Ev {
            msg: 0,
            start: 0,
            end: 0,
        },
        false,
    ); WINDOW];
    let mut len = 0usize;
    let mut pos = 0usize;
    for (mi, p) in ctx.msgs.iter().enumerate() {
        if !ctx.visitor(mi) {
            continue;
        }
        // A message without a number only moves the window on and may hold a correction;
        // with the window empty as well, nothing in it can matter (most messages).
        if len == 0
            && !p
                .tokens
                .iter()
                .any(|t| t.number.is_some_and(|n| (8..=80).contains(&n)))
        {
            pos += p.tokens.len();
            continue;
        }
        for i in 0..p.tokens.len() {
            pos += 1;
            let Some(t) = p.tokens.get(i) else {
                break;
            };
            if len > 0 && recent.first().is_some_and(|x| pos - x.0 > WINDOW) {
                let mut k = 0;
                for j in 0..len {
                    if let Some(&x) = recent.get(j)
                        && pos - x.0 <= WINDOW
                        && let Some(slot) = recent.get_mut(k)
                    {
                        *slot = x;
                        k += 1;
                    }
                }
                len = k;
            }
            if let Some(b) = t.number.filter(|n| (8..=80).contains(n)) {
                let ev = Ev {
                    msg: mi,
                    start: t.start,
                    end: t.end,
                };
                for &(_, a, ev_a, corrected) in recent.iter().take(len) {
                    if corrected && a != b && a.abs_diff(b) <= 3 {
                        found.push((a, ev_a));
                        found.push((b, ev));
                    }
                }
                if len < WINDOW
                    && let Some(slot) = recent.get_mut(len)
                {
                    *slot = (pos, b, ev, false);
                    len += 1;
                }
            } else if len > 0
                && matches!(
                    p.word(i),
                    "nee"
                        | "eigenlijk"
                        | "sorry"
                        | "sry"
                        | "wacht"
                        | "bedoel"
                        | "typo"
                        | "oeps"
                        | "oops"
                        | "nou"
                        | "eerlijk"
                        | "correctie"
                        // "16. eh 17 sinds gisteren haha" (bf2-034).
                        | "eh"
                        | "ehm"
                        | "uh"
                        | "euh"
                )
            {
                for x in recent.iter_mut().take(len) {
                    x.3 = true;
                }
            }
        }
    }
    found
}

fn analyse_ctx(ctx: &Ctx) -> Vec<(&'static str, Suggestion)> {
    let lex = ctx.lex;
    let mut out = Out {
        ctx,
        // (The list of the chat before, if it was handed back: no large allocation.)
        list: LIST.with(|l| std::mem::take(&mut *l.borrow_mut())),
    };

    for (age, ev) in corrected_ages(ctx) {
        out.push(
            crate::CORRECTED_AGE,
            Value::Integer(i64::from(age)),
            &[ev],
            None,
        );
    }

    // ---------------------------------------------------------- exploitation
    let mut sexual: Vec<Ev> = Vec::new();
    for &(mi, h) in ctx.valid(Tag::SexStrong) {
        sexual.push(Ev::of(mi, &h));
    }
    for &(mi, h) in ctx.valid(Tag::SexWeak) {
        let p = &ctx.msgs[mi];
        // "ik heb mn rekening uitgeleend": a bank account lent is money laundering, not a
        // person lent out.
        if ctx.hit_text(mi, &h).starts_with("uit")
            && p.clause_hits(h.clause, Tag::Crime)
                .any(|x| ctx.cue(x).and_then(|c| c.code.as_deref()) == Some("money_laundering"))
        {
            continue;
        }
        // "hij leent steeds geld uit aan zijn neef" (tt2-093): money lent, not a person; but
        // "hij heeft me uitgeleend voor geld" lends her out.
        if ctx.hit_text(mi, &h).contains("leen")
            && p.clause_tokens(h.clause).any(|j| p.word(j) == "geld")
            && !p.clause_tokens(h.clause).any(|j| {
                matches!(
                    p.word(j),
                    "me" | "mij" | "haar" | "hem" | "ons" | "mn" | "mijn"
                )
            })
        {
            continue;
        }
        let support = p.hits.iter().find(|x| {
            matches!(x.tag, Tag::Pay | Tag::Force | Tag::Ctl) && !p.negated(x.token as usize, lex)
        });
        if let Some(s) = support {
            sexual.push(Ev::of(mi, &h));
            sexual.push(Ev::of(mi, s));
        }
    }
    let mut crimes: Vec<(String, Vec<Ev>)> = Vec::new();
    let mut add_crime = |code: &str, evs: Vec<Ev>| {
        if let Some(c) = crimes.iter_mut().find(|(c, _)| c == code) {
            c.1.extend(evs);
        } else {
            crimes.push((code.to_string(), evs));
        }
    };
    for &(mi, h) in ctx.valid(Tag::Crime) {
        if let Some(code) = ctx.cue(&h).and_then(|c| c.code.as_deref()) {
            if code == "money_laundering" && card_held(&ctx.msgs[mi], &h) {
                continue;
            }
            add_crime(code, vec![Ev::of(mi, &h)]);
        }
    }
    for ev in recruiting(ctx) {
        add_crime("recruitment", vec![ev]);
    }
    for &(mi, h) in ctx.valid(Tag::DrugsNoun) {
        let p = &ctx.msgs[mi];
        // "geeft me drugs" is a coercion means, not a crime.
        if p.hits
            .iter()
            .any(|x| x.tag == Tag::Coercion && x.start <= h.start && x.end >= h.end)
        {
            continue;
        }
        if let Some(v) = p.clause_hits(h.clause, Tag::DrugsVerb).next() {
            add_crime("drugs", vec![Ev::of(mi, &h), Ev::of(mi, v)]);
        }
    }
    let labour: Vec<Ev> = ctx
        .valid(Tag::Labour)
        .iter()
        .map(|(m, h)| Ev::of(*m, h))
        .collect();

    // ---------------------------------------------------------- chatter
    let mut chatter: Option<(String, Option<Gender>, Ev)> = None;
    let mut nth_visitor = 0usize;
    'outer: for (mi, p) in ctx.msgs.iter().enumerate() {
        if !ctx.visitor(mi) {
            continue;
        }
        nth_visitor += 1;
        for c in 0..p.clauses {
            let exploit = clause_all(p, c).iter().find(|h| {
                matches!(
                    h.tag,
                    Tag::Ctl
                        | Tag::SexStrong
                        | Tag::SexWeak
                        | Tag::Crime
                        | Tag::Violence
                        | Tag::Coercion
                        | Tag::DrugsNoun
                ) && !p.negated(h.token as usize, lex)
            });
            // (Read only for a clause with a sign of exploitation, where it can matter.)
            // (Not the possessive "mn vriendin haar ex", am2-061.)
            let about_her = || {
                p.clause_tokens(c)
                    .any(|i| p.word(i) == "haar" && !(i > 0 && possessor_noun(p.word(i - 1))))
            };
            // A relative named in a threat ("anders doet hij mn zusje wat aan") is not the victim.
            // ("ze zeiden dat ze mn broertje van 9 pakken", ap2-100: "pakken" after what they
            // said is a threat too; alone it is mostly taking money or a phone.)
            let threatened = has(p, c, Tag::Threat)
                || has(p, c, Tag::ThreatAct)
                || (p.clause_tokens(c).any(|i| p.word(i) == "pakken")
                    && (0..p.tokens.len())
                        .any(|i| matches!(p.word(i), "zeiden" | "zei" | "zeggen" | "zegt")));
            // A third party named later in the chat without anything done to them ("mn beste
            // vriendin weet het") is not who the chat is about.
            // ("13. mn broertje is 6" to "Hoe oud ben je?", at2-084: a relative named beside
            // the visitor's own age in an answer, with nothing done to him there, is not whom
            // the chat is about.)
            let answer = p.tokens.first().is_some_and(|t| t.number.is_some());
            let v3 = p.clause_hits(c, Tag::Victim3).find(|h| {
                !p.negated(h.token as usize, lex)
                    && !threatened
                    && ((nth_visitor <= 2 && !answer) || exploit.is_some())
                    && (exploit.is_some() || !names_another(p, h))
            });
            // "ik" inside the third-party cue itself ("ik ben de oma van") is not a first-person victim.
            // and "ik maak me zorgen over het buurmeisje" is about her: with a third-party cue,
            // only a first-person word after it ("mijn broer verkoopt me") makes the visitor the victim.
            // "ik moet stelen voor mn broer": the relation after a preposition, behind what
            // the visitor has to do, is the one it is done for, not the victim.
            // So is "ik moet voor mn broer ... ronselen": the visitor is the subject before it.
            // (Read only for a clause with a sign of exploitation, where it can matter.)
            let first_person = || {
                let beneficiary = v3.zip(exploit).is_some_and(|(h, e)| {
                    let k = h.token as usize;
                    k > 0
                        && (matches!(p.word(k - 1), "voor" | "door")
                            // "ik moet van mn vriendin haar ex ... rijden", "ik moet ... met
                            // een vriendin van mn zus mee" (am2-061, am1-098): whom the
                            // visitor must do it for or with, not "Ik vond een advertentie
                            // van mijn dochter".
                            || (p.word(k - 1) == "van"
                                && p.clause_tokens(c).any(|i| {
                                    i + 1 < k
                                        && matches!(
                                            p.word(i),
                                            "moet" | "moest" | "moeten" | "moesten"
                                        )
                                })))
                        && (e.end <= h.start
                            || p.clause_tokens(c)
                                .any(|i| i + 1 < k && p.first_person_subject(i)))
                });
                // "hij laat mij en mn zusje poseren": the visitor is one of the victims.
                let with_me = v3.is_some_and(|h| {
                    let k = p.tokens.partition_point(|t| t.start < h.start);
                    k >= 2 && p.word(k - 1) == "en" && p.is(k - 2, flag::FIRST_PERSON)
                });
                with_me
                    || p.clause_tokens(c).any(|i| {
                        p.first_person_subject(i)
                            && v3.is_none_or(|h| {
                                beneficiary || p.tokens.get(i).is_some_and(|t| t.start >= h.end)
                            })
                    })
            };
            // "mn vriend (25) laat mij drugs vervoeren": the relation in a clause of its own,
            // and what is done to the visitor later in the same sentence.
            // Not when the visitor names their own job ("ik ben taxichauffeur en ik rij ...
            // een meisje naar hotels", p1-077): what follows is what they saw.
            let v3 = v3.filter(|h| {
                exploit.is_some()
                    || p.word(h.token as usize) == "ik"
                    || !done_to_me_later(p, c, h.end, lex)
            });
            // "mn broer van 19 neemt mij mee", "mn neef laat me": the relation acts on the
            // visitor, so it is the perpetrator and the visitor the victim.
            let v3 = v3.filter(|h| !relation_acts_on_me(p, h));
            // "ik moet van de buurjongen spullen in mn kast verstoppen" (bi2-068): the one the
            // visitor must obey is no one the visitor chats about, whatever the clause tells
            // (round 55).
            let v3 = v3.filter(|h| {
                let k = h.token as usize;
                let in_clause = |i: usize| p.tokens.get(i).is_some_and(|t| t.clause == c);
                !(k > 1
                    && p.word(k - 1) == "van"
                    && (0..k - 1).any(|i| {
                        in_clause(i) && matches!(p.word(i), "moet" | "moest" | "moeten" | "moesten")
                    })
                    && (0..k - 1).any(|i| in_clause(i) && p.first_person_subject(i)))
            });
            // "ik moet elke zaterdag met mn oom mee ..." "15. mn zus van 18 moest het ook
            // vroeger" (ag2-034): a relative who had to do it too, after the visitor told
            // what she must do herself, is another victim; the visitor is not her relative
            // chatting about her.
            let v3 = v3.filter(|_| {
                !(p.clause_tokens(c).any(|i| p.word(i) == "ook") && i_must_before(ctx, mi, c))
            });
            // "ik ben 15" "mn broer is 19 en zn vrienden komen bij ons en dan moet ik met ze
            // mee naar zn kamer" (ah2-037): a relative named where nothing is told of
            // exploitation, and later in the message what the visitor must do.
            let v3 = v3.filter(|_| exploit.is_some() || !i_must_later_in(p, c));
            // "mn neef van 19 en mn broer van 17 doen iets raars ... ik moet met hun mee
            // ... inbraak": a relation named where nothing is told of exploitation yields to
            // a later clause that tells it of the visitor (and of nobody else).
            let v3 = v3.filter(|h| {
                exploit.is_some()
                    || p.word(h.token as usize) == "ik"
                    || !told_of_me_later(ctx, mi, c)
            });
            // Read once: both tests below need it. Not the "ik" of "hoe kan ik iemand anders
            // helpen" (`someone_else_at`).
            let me = exploit.is_some()
                && first_person()
                && !p.clause_tokens(c).any(|i| someone_else_at(p, i));
            if me
                && !about_her()
                && v3
                    .is_none_or(|h| ctx.cue(h).and_then(|c| c.chatter.as_deref()) != Some("client"))
                && let Some(ev) = ctx.clause_ev(mi, c)
            {
                chatter = Some(("victim".into(), None, ev));
                break 'outer;
            }
            // "mn vriend van 17 moet van oudere jongens meisjes ronselen" (r2-093): the partner
            // the visitor names must do it on someone's orders, so he is the victim, whatever
            // the visitor then says of herself ("en ik weet nie wat ik moet doen").
            if exploit.is_some()
                && v3.is_none()
                && !me
                && let Some((gender, ev)) = partner_must(p, c)
            {
                // A girl's "mn vriendin" and a boy's "mn vriend" are most often a friend
                // (u2-011: a girl of 13 about "mn vriendin van 13").
                let own = ctx.conv.intake.gender.as_deref().and_then(Gender::of_code);
                let role = if own == Some(gender) {
                    "social"
                } else {
                    "partner"
                };
                chatter = Some((role.into(), Some(gender), Ev { msg: mi, ..ev }));
                break 'outer;
            }
            if let Some(h) = v3
                && let Some(cue) = ctx.cue(h)
                && let Some(ch) = &cue.chatter
            {
                // "Ik werk als begeleider ... om een cliënte van 17": the job names the
                // chatter, the person after it the victim's gender.
                let gender = cue.gender.or_else(|| {
                    p.hits
                        .iter()
                        .filter(|x| x.tag == Tag::Victim3)
                        .filter(|x| x.sentence == h.sentence && x.start >= h.end)
                        .filter_map(|x| ctx.cue(x))
                        .find(|x| x.chatter.as_ref() == Some(ch) && x.gender.is_some())
                        .and_then(|x| x.gender)
                });
                chatter = Some((ch.clone(), gender, Ev::of(mi, h)));
                break 'outer;
            }
            // At the end of a sentence: the same test over the whole sentence
            // ("... ontmoet en nu moeten ik en een ander meisje met mannen mee").
            let range = p.clause_tokens(c);
            let sentence = p.tokens.get(range.start).map(|t| t.sentence);
            let last_of_sentence = !range.is_empty()
                && p.tokens
                    .get(range.end)
                    .is_none_or(|t| Some(t.sentence) != sentence);
            if last_of_sentence {
                let exploit = p.hits.iter().find(|h| {
                    Some(h.sentence) == sentence
                        && matches!(
                            h.tag,
                            Tag::Ctl
                                | Tag::SexStrong
                                | Tag::SexWeak
                                | Tag::Crime
                                | Tag::Violence
                                | Tag::Coercion
                                | Tag::DrugsNoun
                        )
                        && !p.negated(h.token as usize, lex)
                        // "... maar ze moet met mannen mee": the cue is about someone else.
                        && !p.clause_has(h.clause, flag::SHE)
                });
                // (Read only after a sign of exploitation.)
                let fp = || {
                    p.tokens.iter().enumerate().any(|(i, t)| {
                        Some(t.sentence) == sentence
                            && p.first_person_subject(i)
                            && !(p.word(i + 1) == "weet" && p.word(i + 2) == "niet")
                    })
                };
                // "haar" of someone else, not "mn vriendin haar ex" (am2-061): after a noun
                // for a person it is the colloquial possessive, and the one who must is
                // still the visitor.
                let her = || {
                    p.tokens.iter().enumerate().any(|(i, t)| {
                        Some(t.sentence) == sentence
                            && p.word(i) == "haar"
                            && !(i > 0 && possessor_noun(p.word(i - 1)))
                    })
                };
                let someone_else = || {
                    p.tokens
                        .iter()
                        .enumerate()
                        .any(|(i, t)| Some(t.sentence) == sentence && someone_else_at(p, i))
                };
                // "mn vriend is gestopt met dealen maar ik maak me zorgen" (az1-038): the
                // visitor is the one who worries, not the one it is done to.
                let worried = || {
                    p.tokens
                        .iter()
                        .enumerate()
                        .any(|(i, t)| Some(t.sentence) == sentence && p.word(i) == "zorgen")
                };
                if let Some(h) = exploit
                    && fp()
                    && !her()
                    && !someone_else()
                    && !worried()
                {
                    let first = p
                        .tokens
                        .iter()
                        .find(|t| Some(t.sentence) == sentence)
                        .map_or(h.start, |t| t.start);
                    let last = p
                        .tokens
                        .iter()
                        .rev()
                        .find(|t| Some(t.sentence) == sentence)
                        .map_or(h.end, |t| t.end);
                    chatter = Some((
                        "victim".into(),
                        None,
                        Ev {
                            msg: mi,
                            start: first,
                            end: last,
                        },
                    ));
                    break 'outer;
                }
            }
        }
    }
    // "ok het is nie mn vriend. ik ben het", "eigl ben ik het zelf": the visitor says the
    // one the chat is about is the visitor.
    let mut revealed = false;
    if chatter.as_ref().is_none_or(|c| c.0 != "victim")
        && let Some(ev) = reveals_self(ctx)
    {
        chatter = Some(("victim".into(), None, ev));
        revealed = true;
    }
    // A man who asks about "mijn vriendin" chats about his girlfriend: the chatter is her
    // partner (for a woman "mijn vriendin" is as often a friend), unless the rules read
    // another chatter; "de broer van mn vriendin" is about someone else.
    let friend_cue = chatter.as_ref().is_none_or(|(code, _, ev)| {
        code == "social"
            && ctx
                .msgs
                .get(ev.msg)
                .and_then(|p| p.norm.text.get(ev.start as usize..ev.end as usize))
                .is_some_and(|t| t.contains("vriendin"))
    });
    if friend_cue
        && ctx.conv.intake.gender.as_deref() == Some("male")
        && let Some(ev) = girlfriend(ctx)
    {
        chatter = Some(("partner".into(), Some(Gender::Female), ev));
    }
    if chatter.is_none()
        && let Some((code, ev)) = friend_opening(ctx)
    {
        out.code(crate::FRIEND_OPENING, code, &[ev]);
    }
    let chatter_code = chatter.as_ref().map(|c| c.0.as_str());
    let is_victim = chatter_code == Some("victim");
    let is_client = chatter_code == Some("client");
    if is_client && let Some((_, _, ev)) = &chatter {
        sexual.push(*ev);
    }

    let exploitation: Option<(&str, Vec<Ev>)> = {
        let crime_evs: Vec<Ev> = crimes.iter().flat_map(|(_, e)| e.iter().copied()).collect();
        match (!sexual.is_empty(), !crimes.is_empty()) {
            (true, true) => Some(("both", [sexual.clone(), crime_evs].concat())),
            (true, false) => Some(("sexual", sexual.clone())),
            (false, true) => Some(("criminal", crime_evs)),
            (false, false) if !labour.is_empty() => Some(("labour", labour.clone())),
            _ => None,
        }
    };

    // ---------------------------------------------------------- status
    // Sex that nobody is paid for ("er wordt niet betaald, hij vindt het leuk om te kijken")
    // is sexual violence without exploitation: excluded as other sexual violence.
    let unpaid = ctx
        .valid(Tag::NoPay)
        .first()
        .map(|(mi, h)| Ev::of(*mi, h))
        .or_else(|| unpaid_answer(ctx))
        .or_else(|| unpaid_self_answer(ctx));
    let exploitation = match (exploitation, unpaid) {
        (Some(("sexual", _)), Some(_)) | (None, Some(_)) => None,
        (e, _) => e,
    };
    // Sex with the one man alone, nobody else brought in (`only_him_answer`): the same, but
    // only where it undoes a sexual exploitation the rules read (a chat without one keeps
    // its own reason for exclusion, such as a debt, ab2-090).
    let (exploitation, unpaid) = match (exploitation, unpaid) {
        (Some(("sexual", e)), None) => match only_him_answer(ctx) {
            Some(ev) => (None, Some(ev)),
            None => (Some(("sexual", e)), None),
        },
        other => other,
    };
    // An adult who chooses the work herself ("ze zegt dat ze het zelf wil", "ze heeft een
    // eigen website", "niemand dwingt haar") and a chat with no sign of force: excluded,
    // `other` (a self-employed adult sex worker is no victim of exploitation).
    if let Some(ev) = self_determined(ctx) {
        // Her own work, and a rape told: excluded as other sexual violence (u2-073).
        let assault = ctx
            .valid(Tag::Violence)
            .iter()
            .find(|(_, h)| sexual_assault(ctx, h))
            .map(|(m, h)| Ev::of(*m, h));
        let (reason, evs) = match assault {
            Some(a) => ("other_sexual_violence", vec![ev, a]),
            None => ("other", vec![ev]),
        };
        out.code("status", "excluded", &evs);
        out.code("exclusion_reason", reason, &evs);
        return out.list;
    }
    if exploitation.is_none()
        && let Some(ev) = unpaid
    {
        out.code("status", "excluded", &[ev]);
        out.code("exclusion_reason", "other_sexual_violence", &[ev]);
        return out.list;
    }
    // "en ik moet voor hem werken in een huis" after images and a demand to pay: work the
    // visitor must do is no sign of sextortion alone, and the rules leave the status open
    // (a counsellor's walk, round 15).
    if exploitation.is_none() && !must_work(ctx) {
        let images = ctx.valid(Tag::Images);
        let spread = ctx.valid(Tag::Spread);
        let mut reason: Option<(&str, Vec<Ev>)> = None;
        // Images that were spread without any threat or demand ("hij heeft ze naar iedereen
        // gestuurd ... uit wraak"): sexual violence, not extortion.
        let pressed = !ctx.valid(Tag::Threat).is_empty()
            || ctx.valid(Tag::Excl).iter().any(|(_, x)| {
                ctx.cue(x).and_then(|c| c.code.as_deref()) == Some("financial_or_extortion")
            });
        // Images used to keep her going where she is sent to others for money ("wil hij dat ik
        // met zn vriend afspreek voor geld ... de foto's ... op insta zet", ak1-008; "laat me
        // met zn vrienden mee gaan en dan krijgt hij geld van ze", ba1-023): no extortion for
        // the images alone, whatever the rules make of the rest (round 56).
        let sent_for_money = paid_meeting(ctx);
        'sx: for (mi, h) in images.iter().filter(|_| !sent_for_money) {
            for (mj, s) in spread {
                if mj.abs_diff(*mi) <= 2 {
                    // "hij zegt dat hij het verspreidt als we nie meer fotos sturen": a condition
                    // is a threat.
                    let conditional = ctx.msgs.get(*mj).is_some_and(|p| {
                        p.tokens.iter().enumerate().any(|(i, t)| {
                            t.sentence == s.sentence
                                && matches!(p.word(i), "als" | "anders" | "tenzij" | "if")
                        })
                    });
                    let code = if pressed || conditional {
                        "sextortion_only"
                    } else {
                        "other_sexual_violence"
                    };
                    reason = Some((code, vec![Ev::of(*mi, h), Ev::of(*mj, s)]));
                    break 'sx;
                }
            }
        }
        // Images and a demand for money ("ze heeft een filmpje en wil 100 euro", then
        // "ja alleen geld"): sextortion, even when nobody says where the images would go.
        if reason.is_none() {
            let excl = ctx.valid(Tag::Excl);
            'sm: for (mi, h) in images {
                for (mj, s) in excl {
                    if mj.abs_diff(*mi) <= 2
                        && ctx.cue(s).and_then(|c| c.code.as_deref())
                            == Some("financial_or_extortion")
                    {
                        reason = Some(("sextortion_only", vec![Ev::of(*mi, h), Ev::of(*mj, s)]));
                        break 'sm;
                    }
                }
            }
        }
        if reason.is_none() {
            let excl = ctx.valid(Tag::Excl);
            for code in ["other_sexual_violence", "financial_or_extortion", "other"] {
                let evs: Vec<Ev> = excl
                    .iter()
                    .filter(|(_, h)| ctx.cue(h).and_then(|c| c.code.as_deref()) == Some(code))
                    .map(|(m, h)| Ev::of(*m, h))
                    .collect();
                if !evs.is_empty() {
                    reason = Some((code, evs));
                    break;
                }
            }
        }
        if let Some((code, evs)) = reason {
            out.code("status", "excluded", &evs);
            out.code("exclusion_reason", code, &evs);
            return out.list;
        }
    }
    // The visitor says there is no exploitation: a status the model finds is dropped too
    // (`crate::derive`).
    if let Some((mi, h)) = ctx.valid(Tag::NoExploit).first() {
        out.code(crate::NO_EXPLOITATION, "yes", &[Ev::of(*mi, h)]);
    } else if (exploitation.is_some() || ctx.full)
        && let Some(ev) = denies_force(ctx).or_else(|| refused(ctx))
    {
        // Force denied and the story is about money ("nee hij wil alleen het geld" after a
        // debt to a dealer, s2-056): money trouble, excluded, not a chat that settles nothing.
        let money: Vec<Ev> = ctx
            .valid(Tag::Excl)
            .iter()
            .filter(|(_, h)| {
                ctx.cue(h).and_then(|c| c.code.as_deref()) == Some("financial_or_extortion")
            })
            .map(|(m, h)| Ev::of(*m, h))
            .collect();
        // Not a request the visitor refused ("een gast vroeg of ik mn pinpas wilde lenen ... ik
        // heb nee gezegd", k1-079): the convention leaves that without a status.
        if !money.is_empty() && refused(ctx).is_none() {
            let evs = [vec![ev], money].concat();
            out.code("status", "excluded", &evs);
            out.code("exclusion_reason", "financial_or_extortion", &evs);
            return out.list;
        }
        out.code(crate::NO_EXPLOITATION, "yes", &[ev]);
    } else if let Some(ev) = counsellor_rules_out(ctx) {
        out.code(crate::NO_EXPLOITATION, "yes", &[ev]);
    } else if exploitation.is_none()
        && let Some((mi, h)) = ctx.valid(Tag::Declines).first()
    {
        // The visitor would rather not tell ("liever nie nu, misschien later") and the rules
        // find no form of exploitation: the chat settles nothing, whatever the model reads.
        out.code(crate::NO_EXPLOITATION, "yes", &[Ev::of(*mi, h)]);
    }
    // The counsellor asked how old someone other than the visitor is ("Weet u hoe oud ze
    // is?"): then the visitor is not surely the victim, and the intake's age is not taken as
    // the victim's (when unsure, no age). Found once a chat; the intake path below reads it.
    let other_age_asked = ctx.msgs.iter().enumerate().find_map(|(mi, p)| {
        p.hits
            .iter()
            .find(|h| h.tag == Tag::AgeQ && ctx.cue(h).is_some_and(|c| !c.subject_self))
            .filter(|_| !(ctx.visitor(mi) || (is_victim && girl_asked_about_him(ctx, mi))))
            // "Hoe oud is die persoon?" "23 denk ik" to a girl of 15 (af1-025): an answer five
            // years or more above the intake's age is not a co-victim's, and the visitor
            // the rules read as the victim stays the one the intake describes.
            .filter(|_| !(is_victim && older_answer(ctx, mi)))
            .map(|h| Ev::of(mi, h))
    });
    if let Some(ev) = other_age_asked {
        out.code(crate::OTHER_AGE_ASKED, "yes", &[ev]);
    }
    // (Only where it can matter: a chat the rules or the model may find about exploitation.)
    if (exploitation.is_some() || ctx.full)
        && let Some(ev) = not_yet(ctx)
    {
        out.code(crate::NOT_YET, "yes", &[ev]);
    }

    // A chat without a sign of exploitation to the rules is still read to the end: the
    // learned layer may settle its status, and the conventions (`crate::conventions`)
    // drop what a chat without status does not carry.

    // The fallback for the chatter: a visitor who speaks in the first person and names no
    // third party is the victim once the chat is about exploitation (`crate::derive`).
    let mut fallback_victim = false;
    // (Only where it can matter: the rules path stays fast.)
    // (Only where it can matter: for the fallback, or for an intake to take or leave.)
    let intake = ctx.conv.intake.age.is_some() || ctx.conv.intake.gender.is_some();
    // (Not once the visitor said the story about "her" is the visitor's own, w2-001.)
    let third_story = !revealed
        && (chatter.is_none() && (ctx.full || exploitation.is_some())
            || (intake && (ctx.full || is_victim)))
        && third_party_story(ctx);
    if third_story {
        let ev = chatter
            .as_ref()
            .map(|c| c.2)
            .or_else(|| ctx.clause_ev(0, 0));
        if let Some(ev) = ev {
            out.code(crate::THIRD_PARTY_STORY, "yes", &[ev]);
        }
    }
    if chatter.is_none() && (ctx.full || exploitation.is_some()) {
        let first = ctx.msgs.iter().enumerate().find_map(|(mi, p)| {
            if !ctx.visitor(mi) {
                return None;
            }
            let i = (0..p.tokens.len()).find(|&i| p.first_person_subject(i))?;
            let c = p.tokens.get(i)?.clause;
            ctx.clause_ev(mi, c)
        });
        let third = ctx.msgs.iter().enumerate().any(|(mi, p)| {
            ctx.visitor(mi)
                && p.hits
                    .iter()
                    .any(|h| matches!(h.tag, Tag::Victim3) && !p.negated(h.token as usize, lex))
        });
        // Nor when the account is about her or him ("haar oom verkoopt haar", "ze moet naar
        // afspraken") or the visitor worries about someone ("zorgen om mn dochter", misspelt).
        let about_other = ctx.msgs.iter().enumerate().any(|(mi, p)| {
            ctx.visitor(mi)
                && ((0..p.clauses).any(|c| {
                    let exploit = clause_all(p, c).iter().any(|h| {
                        matches!(
                            h.tag,
                            Tag::Ctl | Tag::SexStrong | Tag::SexWeak | Tag::Crime | Tag::DrugsNoun
                        )
                    });
                    exploit
                        && (p.clause_has(c, flag::SHE) || p.clause_has(c, flag::HE))
                        && !p.clause_tokens(c).any(|i| p.first_person_subject(i))
                }) || (0..p.tokens.len())
                    .any(|i| p.word(i) == "zorgen" && matches!(p.word(i + 1), "om" | "over")))
        });
        if !third
            && !about_other
            && !third_story
            && let Some(ev) = first
        {
            out.code(crate::FALLBACK_CHATTER, "victim", &[ev]);
            fallback_victim = true;
        }
    }

    // ---------------------------------------------------------- victim gender
    let mut victim_gender: Option<(Gender, Ev, Option<&'static str>)> = None;
    if let Some((_, g, ev)) = &chatter {
        if is_victim {
            match ctx.conv.intake.gender.as_deref() {
                Some("female") => victim_gender = Some((Gender::Female, *ev, Some("intake"))),
                Some("male") => victim_gender = Some((Gender::Male, *ev, Some("intake"))),
                Some("neutral") => {
                    out.push(
                        "victim_gender",
                        Value::Code("neutral".into()),
                        &[*ev],
                        Some("intake"),
                    );
                }
                _ => {}
            }
        } else if let Some(g) = g {
            victim_gender = Some((*g, *ev, None));
        }
    }

    // ---------------------------------------------------------- ages
    let mut stmts = Vec::new();
    let mut ranges = Vec::new();
    ages(ctx, &mut stmts, &mut ranges);
    if victim_gender.is_none() {
        if is_victim {
            // "ik ben een meisje", "m17"
            for (mi, p) in ctx.msgs.iter().enumerate() {
                if !ctx.visitor(mi) || victim_gender.is_some() {
                    continue;
                }
                for h in p.hits.iter().filter(|h| h.tag == Tag::VictimNoun) {
                    let before: Vec<&str> = (h.token.saturating_sub(3) as usize..h.token as usize)
                        .map(|i| p.word(i))
                        .collect();
                    if (before.ends_with(&["ik", "ben", "een"])
                        || before.ends_with(&["als", "een"]))
                        && let Some(g) = ctx.cue(h).and_then(|c| c.gender)
                    {
                        victim_gender = Some((g, Ev::of(mi, h), None));
                        break;
                    }
                }
                if victim_gender.is_none() {
                    for t in p.tokens.iter().enumerate() {
                        let w = p.word(t.0);
                        let b = w.as_bytes();
                        if (2..=3).contains(&b.len()) && w.is_ascii() {
                            let (g, d) = if b[0].is_ascii_alphabetic() {
                                (b[0], &w[1..])
                            } else {
                                (b[b.len() - 1], &w[..w.len() - 1])
                            };
                            if !d.is_empty() && d.bytes().all(|x| x.is_ascii_digit()) {
                                let gg = match g {
                                    b'm' | b'j' => Some(Gender::Male),
                                    b'v' | b'f' | b'g' => Some(Gender::Female),
                                    _ => None,
                                };
                                if let Some(gg) = gg {
                                    victim_gender = Some((
                                        gg,
                                        Ev {
                                            msg: mi,
                                            start: t.1.start,
                                            end: t.1.end,
                                        },
                                        None,
                                    ));
                                    break;
                                }
                            }
                        }
                    }
                }
            }
        } else if chatter.is_some() {
            // The noun counts even in a hedged clause ("het meisje is een jaar of 14 denk ik").
            'vn: for (mi, p) in ctx.msgs.iter().enumerate() {
                if !ctx.visitor(mi) {
                    continue;
                }
                for h in p.hits.iter().filter(|h| h.tag == Tag::VictimNoun) {
                    if p.negated(h.token as usize, lex) {
                        continue;
                    }
                    if let Some(g) = ctx.cue(h).and_then(|c| c.gender) {
                        victim_gender = Some((g, Ev::of(mi, h), None));
                        break 'vn;
                    }
                }
            }
            // "dat haar vriend haar 'verhuurt' aan zijn vrienden. Hij is 23." (y1-076): a
            // relation of hers ("haar vriend", "haar pooier") says the one it is about is a
            // she, before a "hij" whose age is said.
            if victim_gender.is_none()
                && let Some((mi, h)) = ctx
                    .msgs
                    .iter()
                    .enumerate()
                    .filter(|&(mi, _)| ctx.visitor(mi))
                    .find_map(|(mi, p)| {
                        p.hits
                            .iter()
                            .find(|h| h.tag == Tag::Rel && h.owner == Owner::Her)
                            .map(|h| (mi, h))
                    })
            {
                victim_gender = Some((Gender::Female, Ev::of(mi, h), None));
            }
            if victim_gender.is_none()
                && let Some(s) = stmts
                    .iter()
                    .find(|s| matches!(s.subject, Subject::Pronoun(g) if !acts_on_me(ctx, g)))
                && let Subject::Pronoun(g) = s.subject
            {
                victim_gender = Some((g, s.ev, None));
            }
        }
    }
    let vg = victim_gender.map(|v| v.0);
    if let Some((g, ev, source)) = victim_gender {
        let code = match g {
            Gender::Female => "female",
            Gender::Male => "male",
        };
        out.push("victim_gender", Value::Code(code.into()), &[ev], source);
    }

    // Which age statements are the victim's (current), and which are someone else's.
    let mut victim_age: Option<AgeStmt> = None;
    let mut other_ages: Vec<AgeStmt> = Vec::new();
    let mut past_ages: Vec<AgeStmt> = Vec::new();
    // "hij heeft mij en mn zusje laten poseren": the visitor is one of the victims, so an
    // age said of someone else (the sister's "11") is not the victim's.
    let among = || {
        ctx.msgs.iter().enumerate().any(|(mi, p)| {
            ctx.visitor(mi)
                && (0..p.tokens.len()).any(|i| {
                    (matches!(p.word(i), "mij" | "me" | "ik")
                        && p.word(i + 1) == "en"
                        && matches!(p.word(i + 2), "mn" | "mijn" | "m'n"))
                        // "mn broer is 19 en wij werken allebei voor een man" (ak2-090).
                        // (With what they must do: not "ja wij allebei" of where they live,
                        // s1-068.)
                        || (matches!(p.word(i), "wij" | "we")
                            && matches!(
                                p.word(i + 1),
                                "werken" | "moeten" | "moesten" | "dealen" | "lopen" | "doen"
                            )
                            && (i + 2..i + 4).any(|k| p.word(k) == "allebei"))
                        // "hij laat ons allebei met mannen meegaan" (ao2-059).
                        || (p.word(i) == "ons" && matches!(p.word(i + 1), "allebei" | "beiden"))
                })
        })
    };
    // The rules did not settle who chats, and the visitor is not read as the victim: a
    // third party's age is kept aside for the learned layer's chatter (`crate::derive`).
    let pending =
        chatter.is_none() && !is_victim && !fallback_victim && !stmts.is_empty() && !among();
    let third = (!is_victim && chatter.is_some() && !stmts.is_empty() && !among()) || pending;
    // "hij is 25. hij heeft me als escort laten werken": a pronoun that does it to the
    // visitor is the perpetrator, and an age said with it is never the victim's.
    let perp = |g: Gender| acts_on_me(ctx, g);
    let rank = |x: Subject| match x {
        Subject::Named(_) | Subject::AnswerOther => 3,
        Subject::Pronoun(_) => 2,
        Subject::VictimNoun(_) => 1,
        _ => 0,
    };
    // The third party's current ages of the surest kind: two different ones ("de dochter
    // van 15 ... de zoon van 12") leave the victim's age open.
    let mut theirs_now: Vec<AgeStmt> = Vec::new();
    for s in &stmts {
        let mine = match s.subject {
            Subject::Me => is_victim,
            Subject::AnswerOther => third,
            Subject::VictimNoun(g) | Subject::Named(g) => {
                third
                    && (g.is_none() || vg.is_none() || g == vg)
                    && s.role.is_none_or(|r| Some(r) == chatter_code)
            }
            Subject::Pronoun(g) => third && (vg.is_none() || Some(g) == vg) && !perp(g),
            Subject::Other(_) => false,
        };
        if mine {
            // A third party's victim keeps the age given the surest way: with the noun
            // the visitor named them by, then a pronoun, then any noun for a person
            // ("mijn dochter van 14 ... een jongen van 19" is 14, "Hij is 16 ... Die
            // jongen is 23" is 16, "een cliënt van 80 ... Ze is 25" is 25); the visitor's
            // own age may be corrected later.
            let keep_first = rank(s.subject) > 0
                && victim_age.is_some_and(|v| rank(v.subject) >= rank(s.subject));
            if s.past {
                past_ages.push(*s);
            } else {
                if rank(s.subject) > 0 {
                    theirs_now.push(*s);
                }
                if !keep_first {
                    victim_age = Some(*s);
                }
            }
        } else if !matches!(s.subject, Subject::Me) && !s.past {
            let other_gender = match s.subject {
                Subject::Pronoun(g) => Some(g),
                Subject::Other(g) | Subject::VictimNoun(g) | Subject::Named(g) => g,
                _ => None,
            };
            let is_victim_like =
                matches!(s.subject, Subject::VictimNoun(_) | Subject::Named(_)) && is_victim;
            if !is_victim_like
                && (other_gender.is_none()
                    || vg.is_none()
                    || other_gender != vg
                    || matches!(s.subject, Subject::Other(_))
                    // The visitor is the victim: "hij is 23" is someone else, whatever
                    // the victim's gender.
                    || (is_victim && matches!(s.subject, Subject::Pronoun(_))))
            {
                other_ages.push(*s);
            }
        }
    }
    // A client tells what the girl or boy said at the meeting ("ze zei dat ze 15 was", "achteraf
    // vertelde hij dat hij 15 is"): her age then is her age, and the coders take it (some 90
    // client chats of the corpus), unless the client doubts it in the same sentence ("ze zei
    // dat ze 18 was maar ze leek veel jonger", "... maar ik geloof het niet"). The last one
    // said wins ("ze zei eerst dat ze 19 was maar later zei ze dat ze 16 was").
    if is_client && victim_age.is_none() {
        let doubted = |a: &AgeStmt| {
            ctx.msgs.get(a.ev.msg).is_some_and(|p| {
                let k = p.token_at(a.ev.end);
                let sentence = p.tokens.get(k).map(|t| t.sentence);
                (k..p.tokens.len())
                    .take_while(|&i| p.tokens.get(i).map(|t| t.sentence) == sentence)
                    .any(|i| matches!(p.word(i), "maar" | "but" | "twijfel" | "loog" | "gelogen"))
            })
        };
        victim_age = past_ages
            .iter()
            .rev()
            .find(|a| {
                matches!(
                    a.subject,
                    Subject::Pronoun(_) | Subject::VictimNoun(_) | Subject::Named(_)
                )
            })
            .filter(|a| !doubted(a))
            .copied();
    }
    let mut age_conflict = false;
    // The visitor's own age in the text against the intake's, years apart ("ik ben 9 jaar
    // in nederland" read as an age beside an intake of 34): one of them is not her age now,
    // and neither is given (when unsure, no age). A year or two apart is a correction ("op
    // het formulier zei ik 16 maar ik ben eigenlijk 15"), and the text's wins.
    if is_victim
        && let (Some(v), Some(a)) = (victim_age, ctx.conv.intake.age)
        && matches!(v.subject, Subject::Me)
        && v.age.abs_diff(a) > 2
    {
        victim_age = None;
        age_conflict = true;
        out.code(crate::AGE_CONFLICT, "yes", &[v.ev]);
    }
    if let Some(v) = victim_age
        && rank(v.subject) > 0
        && theirs_now
            .iter()
            .any(|s| rank(s.subject) == rank(v.subject) && s.age != v.age)
    {
        victim_age = None;
    }
    // "mijn zusje van 12 vertelde dat een meisje van haar school, 14, ... moet meenemen"
    // (be2-059): the one who told passes on another's story, and the one who must is the
    // victim (round 53).
    if let Some(v) = victim_age
        && rank(v.subject) > 0
        && let Some((age, ev)) = told_of_another(ctx, &v)
    {
        victim_age = Some(AgeStmt {
            age,
            ev,
            subject: Subject::Named(None),
            past: false,
            role: v.role,
        });
    }
    // "Ik ben de vader van een jongen van 17. Zijn vriendin is 16." and then "Mijn zoon
    // vertelde dat zijn vriendin ... naar mannen wordt gestuurd" (bl2-077): the one told of
    // is the victim, with the age said with her noun; without one, no age (round 58).
    if let Some(v) = victim_age
        && rank(v.subject) > 0
        && let Some((_, _, noun)) = told_story_noun(ctx)
    {
        let text_of = |e: &Ev| {
            ctx.msgs
                .get(e.msg)
                .and_then(|p| p.norm.text.get(e.start as usize..e.end as usize))
                .unwrap_or("")
        };
        let names = |e: &Ev| text_of(e).split_whitespace().any(|w| w == noun);
        if !names(&v.ev) {
            victim_age = stmts
                .iter()
                .find(|s| !s.past && !matches!(s.subject, Subject::Me) && names(&s.ev))
                .copied();
        }
    }
    // A third party's age in a chat where the rules find no exploitation waits in the same
    // way: the "hij is 18" may be the visitor's own boyfriend in a question about him (k2-084,
    // read as a schoolmate's chat by "bij mij op school"), "mn broer van 21" the one who acts
    // on her in words the rules do not know.
    let defer = pending
        || (exploitation.is_none()
            && victim_age.is_some_and(|v| !matches!(v.subject, Subject::Me)));
    if defer {
        if let Some(s) = victim_age.take() {
            out.push(
                crate::THIRD_AGE,
                Value::Integer(i64::from(s.age)),
                &[s.ev],
                None,
            );
            let g = match s.subject {
                Subject::Pronoun(g) => Some(g),
                Subject::Named(g) | Subject::VictimNoun(g) => g,
                _ => None,
            };
            if let Some(g) = g {
                let code = if g == Gender::Female {
                    "female"
                } else {
                    "male"
                };
                out.code(crate::THIRD_AGE_GENDER, code, &[s.ev]);
            }
        }
    } else if let Some(s) = victim_age {
        out.push(
            "victim_age",
            Value::Integer(i64::from(s.age)),
            &[s.ev],
            None,
        );
    } else if is_victim
        && !age_conflict
        && other_age_asked.is_none()
        && !third_story
        && let (Some(age), Some((_, _, ev))) = (ctx.conv.intake.age, &chatter)
    {
        out.push(
            "victim_age",
            Value::Integer(i64::from(age)),
            &[*ev],
            Some("intake"),
        );
    }
    let current_age = victim_age
        .map(|s| s.age)
        .or(if is_victim || fallback_victim {
            ctx.conv.intake.age
        } else {
            None
        });

    // Everything below describes the situation: only for a chat about exploitation.
    if let Some((_code, evs)) = &exploitation {
        out.code("status", "included", evs);
    }
    if let Some((code, ev)) = chatter.as_ref().map(|c| (c.0.as_str(), c.2)) {
        out.code("chatter", code, &[ev]);
        // (The marker is read only where a learned layer may overturn this chatter; without
        // one it was made, compared with itself and dropped by `crate::derive`.)
        if ctx.full {
            out.code(crate::RULES_CHATTER, code, &[ev]);
        }
    }
    // Without a learned layer nothing can make this chat one about exploitation any more,
    // and the conventions would drop the rest: stop here (the rules path stays fast).
    if exploitation.is_none() && !ctx.full {
        return out.list;
    }
    let (exp_code, exp_evs) = exploitation.unwrap_or(("", Vec::new()));
    if !exp_code.is_empty() {
        out.code("exploitation", exp_code, &exp_evs);
    }

    // both_onset
    if exp_code == "both" {
        let mut onset: Option<(&str, Vec<Ev>)> = None;
        if let Some((mi, h)) = ctx.valid(Tag::OnsetSimul).first() {
            onset = Some(("simultaneous", vec![Ev::of(*mi, h)]));
        }
        if onset.is_none() {
            for &(mi, h) in ctx.valid(Tag::OnsetFirst) {
                let p = &ctx.msgs[mi];
                let next = p
                    .hits
                    .iter()
                    .filter(|x| x.sentence == h.sentence && x.start >= h.end)
                    .find(|x| {
                        matches!(
                            x.tag,
                            Tag::SexStrong | Tag::SexWeak | Tag::Crime | Tag::DrugsNoun
                        )
                    });
                if let Some(x) = next {
                    let code = if matches!(x.tag, Tag::Crime | Tag::DrugsNoun) {
                        "criminal_first"
                    } else {
                        "sexual_first"
                    };
                    onset = Some((code, vec![Ev::of(mi, &h), Ev::of(mi, x)]));
                    break;
                }
            }
        }
        if let Some((c, e)) = onset {
            out.code("both_onset", c, &e);
        }
    }

    // ---------------------------------------------------------- perpetrator
    let (mentions, links, other_perp) = relation_links(ctx, is_victim, vg);
    let best = best_relation(&mentions, &links);

    // met / platform
    let mut met: Option<(&str, Option<String>, Vec<Ev>)> = None;
    if !is_client {
        for (mi, p) in ctx.msgs.iter().enumerate() {
            if !ctx.visitor(mi) || met.is_some() {
                continue;
            }
            for h in &p.hits {
                if p.negated(h.token as usize, lex) || p.hedged(h.clause, lex) {
                    continue;
                }
                let meet = p.clause_hits(h.clause, Tag::Meet).next();
                if h.tag == Tag::Platform {
                    let text = ctx.hit_text(mi, h);
                    let self_meet = text.starts_with("via ")
                        || text.starts_with("van ")
                        || text.starts_with("op ");
                    if meet.is_some() || self_meet {
                        let mut evs = vec![Ev::of(mi, h)];
                        if let Some(m) = meet
                            && (m.end <= h.start || m.start >= h.end)
                        {
                            evs.push(Ev::of(mi, m));
                        }
                        met = Some(("online", ctx.cue(h).and_then(|c| c.code.clone()), evs));
                        break;
                    }
                } else if h.tag == Tag::Offline {
                    let meet_verb = p.clause_hits(h.clause, Tag::Meet).find(|m| {
                        matches!(
                            ctx.hit_text(mi, m),
                            "ontmoet"
                                | "heb ontmoet"
                                | "ontmoette"
                                | "leren kennen"
                                | "leerde kennen"
                                | "kennen elkaar"
                                | "ken hem"
                                | "ken haar"
                                | "kende hem"
                                | "tegengekomen"
                                | "kende ik"
                                | "ken"
                                | "kende"
                                | "kent"
                                | "kennen"
                                | "leerden elkaar kennen"
                                | "leerde ik"
                                | "leerde hem"
                                | "leerde haar"
                                | "ken ik"
                                | "kende ze"
                                | "kent ze"
                                | "kent hij"
                        )
                    });
                    if let Some(m) = meet_verb {
                        met = Some(("offline", None, vec![Ev::of(mi, h), Ev::of(mi, m)]));
                        break;
                    }
                }
            }
        }
    }

    let mut perp: Option<(String, Option<String>, Vec<Ev>)> = None;
    if let Some((key, mi)) = &best {
        let m = &mentions[*mi];
        let mut evs = vec![m.ev];
        evs.extend(
            links
                .iter()
                .filter(|(x, _)| mentions[*x].key == *key)
                .map(|(_, e)| *e)
                .take(2),
        );
        if m.offline && met.is_none() {
            met = Some(("offline", None, vec![m.ev]));
        }
        perp = Some((key.0.clone(), key.1.clone(), evs));
    } else if let Some((how, _, evs)) = &met {
        // "mn vriend.. we kennen elkaar van tiktok": where they met does not make a
        // boyfriend or a relative an online or offline acquaintance.
        // Not when the place is told of someone new ("ik heb een jongen ontmoet op een
        // feestje"): that one is the acquaintance, whatever is said of an ex.
        let someone_new = evs
            .first()
            .and_then(|e| ctx.msgs.get(e.msg))
            .is_some_and(|p| {
                (1..p.tokens.len()).any(|i| {
                    p.word(i - 1) == "een"
                        && matches!(
                            p.word(i),
                            "jongen"
                                | "man"
                                | "gast"
                                | "meisje"
                                | "vrouw"
                                | "guy"
                                | "kerel"
                                | "vent"
                        )
                })
            });
        let close = if is_client || someone_new {
            None
        } else {
            perp_by_pattern(ctx, is_victim || chatter.is_none())
                .filter(|(rel, ..)| matches!(*rel, "partner" | "family"))
        };
        let partner_met = if is_client || someone_new || *how != "online" {
            None
        } else {
            evs.first().and_then(|e| partner_met_online(ctx, e))
        };
        if let Some((rel, detail, _, ev)) = close {
            perp = Some((rel.into(), detail.map(str::to_string), vec![ev]));
        } else if let Some(ev) = partner_met {
            perp = Some(("partner".into(), None, vec![ev]));
        } else if *how == "online" {
            perp = Some((
                "social".into(),
                Some("social_media_contact".into()),
                evs.clone(),
            ));
        } else {
            perp = Some((
                "social".into(),
                Some("friend_acquaintance".into()),
                evs.clone(),
            ));
        }
    }
    if perp.is_none()
        && !is_client
        && let Some((rel, detail, how, ev)) = perp_by_pattern(ctx, is_victim || chatter.is_none())
    {
        if let Some(h) = how
            && met.is_none()
        {
            met = Some((h, None, vec![ev]));
        }
        perp = Some((rel.into(), detail.map(str::to_string), vec![ev]));
    }
    let perp_key = perp.as_ref().map(|p| (p.0.as_str(), p.1.as_deref()));
    if let Some((rel, detail, evs)) = &perp
        && !is_client
    {
        out.code("perpetrator", rel, evs);
        if let Some(d) = detail {
            let var = if rel == "family" {
                "perpetrator_family"
            } else {
                "perpetrator_social"
            };
            out.code(var, d, evs);
        }
    }
    if let Some((how, platform, evs)) = &met {
        out.code("met", how, evs);
        if let Some(pf) = platform {
            out.code("met_platform", pf, evs);
        }
    }
    let parent_perp = perp.as_ref().is_some_and(|p| {
        p.0 == "family" && matches!(p.1.as_deref(), Some("father" | "mother" | "both_parents"))
    });

    // multiple perpetrators / victims
    {
        let mp = ctx.valid(Tag::MultiPerp);
        let mut yes: Vec<Ev> = mp
            .iter()
            .filter(|(_, h)| ctx.cue(h).and_then(|c| c.value.as_deref()) == Some("yes"))
            .map(|(m, h)| Ev::of(*m, h))
            .collect();
        yes.extend(other_perp.iter().copied());
        yes.extend(plural_perpetrators(ctx));
        if yes.is_empty() {
            yes.extend(joined_perpetrators(ctx));
        }
        if let Some((key, mi)) = &best {
            if mentions[*mi].plural {
                yes.push(mentions[*mi].ev);
            }
            let _ = key;
        }
        let no: Vec<Ev> = mp
            .iter()
            .filter(|(_, h)| ctx.cue(h).and_then(|c| c.value.as_deref()) == Some("no"))
            .map(|(m, h)| Ev::of(*m, h))
            .collect();
        if !yes.is_empty() {
            out.code("multiple_perpetrators", "yes", &yes);
        } else if !no.is_empty() {
            out.code("multiple_perpetrators", "no", &no);
        }
        let mv = ctx.valid(Tag::MultiVictims);
        for value in ["yes", "no"] {
            let evs: Vec<Ev> = mv
                .iter()
                .filter(|(_, h)| ctx.cue(h).and_then(|c| c.value.as_deref()) == Some(value))
                // "nu moet ik ook andere jongens regelen die hun pas willen geven": others
                // being recruited are not (yet) others being exploited.
                .filter(|(m, h)| value == "no" || !recruiting_sentence(ctx, *m, h))
                .map(|(m, h)| Ev::of(*m, h))
                .collect();
            if !evs.is_empty() {
                out.code("multiple_victims", value, &evs);
                break;
            }
        }
        if mv.is_empty()
            && let Some(ev) = other_victims(ctx)
        {
            out.code("multiple_victims", "yes", &[ev]);
        }
    }

    // ---------------------------------------------------------- coercion and violence
    let mut coercion: Vec<(String, Vec<Ev>)> = Vec::new();
    let add = |list: &mut Vec<(String, Vec<Ev>)>, code: &str, evs: Vec<Ev>| {
        if let Some(c) = list.iter_mut().find(|(c, _)| c == code) {
            c.1.extend(evs);
        } else {
            list.push((code.to_string(), evs));
        }
    };
    for &(mi, h) in ctx.valid(Tag::Coercion) {
        if let Some(code) = ctx.cue(&h).and_then(|c| c.code.as_deref()) {
            add(&mut coercion, code, vec![Ev::of(mi, &h)]);
        }
    }
    let family_perp = perp.as_ref().is_some_and(|p| p.0 == "family");
    if parent_perp || family_perp {
        let homes = ctx.valid(Tag::Home);
        let home = homes
            .iter()
            .find(|(mi, h)| parent_perp || ctx.hit_text(*mi, h).starts_with("woon"));
        if let Some((mi, h)) = home {
            add(&mut coercion, "cohabiting", vec![Ev::of(*mi, h)]);
        }
    }
    {
        let images = ctx.valid(Tag::Images);
        let spread = ctx.valid(Tag::Spread);
        'sx: for (mi, h) in images {
            for (mj, s) in spread {
                if mj.abs_diff(*mi) <= 2 {
                    add(
                        &mut coercion,
                        "sextortion",
                        vec![Ev::of(*mi, h), Ev::of(*mj, s)],
                    );
                    break 'sx;
                }
            }
        }
    }
    // Different life stages (the coding convention): a minor victim and someone of 20 or
    // older, or an adult victim and someone at least 12 years older. Not for a family
    // perpetrator, whose relation already holds the power difference.
    if let Some(age) = current_age.filter(|_| !family_perp && !parent_perp) {
        let victim_ev = victim_age.map(|s| s.ev);
        // (Weighed by the victim's age then when the other's age is said in the same message
        // as it, [`age_then`].)
        let gap_at =
            |o: u32, mi: usize| makes_age_gap(age_then(ctx, mi).map_or(age, |t| t.min(age)), o);
        // Not a relative's age ("mn moeder is 38", "zn neef is 26", "mn neef van 22 werkt er
        // ook": ag2-021, ag2-012, ag2-017), nor a "hij" when the only relations the visitor
        // names are relatives ("mn oom ... hij is 50", ag2-034): the corpus codes no gap
        // there.
        let only_family = mentions.iter().any(|m| m.key.0 == "family")
            && mentions
                .iter()
                .filter(|m| !m.key.0.is_empty())
                .all(|m| m.key.0 == "family");
        let candidate = |o: &&AgeStmt| {
            gap_at(o.age, o.ev.msg)
                && !family_said_with(ctx, o.ev)
                && !(only_family && matches!(o.subject, Subject::Pronoun(_)))
        };
        if let Some(o) = other_ages.iter().find(candidate) {
            let mut evs = vec![o.ev];
            evs.extend(victim_ev);
            add(&mut coercion, "age_gap", evs);
        }
    }
    // The oldest person's age, for an age gap the rules could not settle because they do not
    // know the victim's age (the model's reading of who chats gives it, `crate::derive`).
    if !coercion.iter().any(|(c, _)| c == "age_gap")
        && !family_perp
        && !parent_perp
        && let Some((age, ev)) = elder_age(ctx)
    {
        out.push(
            crate::ELDER_AGE,
            Value::Integer(i64::from(age)),
            &[ev],
            None,
        );
        if let Some(t) = age_then(ctx, ev.msg) {
            out.push(crate::AGE_THEN, Value::Integer(i64::from(t)), &[ev], None);
        }
    }
    let mut violence: Vec<(String, Vec<Ev>)> = Vec::new();
    let mut client_ind: Vec<(String, Vec<Ev>)> = Vec::new();
    for (mi, h) in ctx
        .valid(Tag::Violence)
        .iter()
        .copied()
        .chain(ctx.valid(Tag::ThreatAct).iter().copied())
    {
        let p = &ctx.msgs[mi];
        let Some(code) = (if h.tag == Tag::ThreatAct {
            Some("verbal".to_string())
        } else {
            ctx.cue(&h).and_then(|c| c.code.clone())
        }) else {
            continue;
        };
        let threat = has(p, h.clause, Tag::Threat);
        if h.tag == Tag::ThreatAct && !threat {
            continue;
        }
        // Someone other than the perpetrator at the start of the clause: not the perpetrator's violence.
        let clause_start = p
            .tokens
            .iter()
            .position(|t| t.clause == h.clause)
            .unwrap_or(0) as u32;
        let subject_rel = p
            .clause_hits(h.clause, Tag::Rel)
            .find(|r| r.token <= clause_start + 1 && r.start < h.start);
        if let Some(r) = subject_rel {
            let key = ctx.cue(r).map(|c| {
                (
                    c.relation.as_deref().unwrap_or_default(),
                    c.detail.as_deref(),
                )
            });
            if key.is_some() && key != perp_key {
                continue;
            }
        }
        if has(p, h.clause, Tag::ClientCtx)
            && matches!(code.as_str(), "physical" | "sexual")
            && !has(p, h.clause, Tag::Rel)
            && !threat
        {
            add(&mut client_ind, "violence", vec![Ev::of(mi, &h)]);
            continue;
        }
        // "hij dreigt dat hij me slaat" is a threat in words; "als ik weiger slaat hij me"
        // tells of hitting.
        let spoken = p.clause_hits(h.clause, Tag::Threat).any(|t| {
            let w = ctx.hit_text(mi, t);
            w.starts_with("dreig")
                || w.starts_with("bedreig")
                || w.starts_with("gedreigd")
                || w.contains("zegt")
                || w.contains("zei")
                || w.contains("zeggen")
        });
        let code = if code == "physical" && spoken {
            "verbal".to_string()
        } else {
            code
        };
        // A threat to spread images is the sextortion means ("nu dreigt hij die fotos te
        // delen"), and a threat to end the relation is psychological ("hij dreigt dat ie
        // het uitmaakt"): neither is a threat of harm in words.
        let code = if code == "verbal" && has(p, h.clause, Tag::Images) {
            continue;
        } else if code == "verbal" && break_up(p, h.clause) {
            "psychological".to_string()
        } else {
            code
        };
        add(&mut violence, &code, vec![Ev::of(mi, &h)]);
    }
    for (mi, p) in ctx.msgs.iter().enumerate() {
        if !ctx.visitor(mi) || violence.iter().any(|(c, _)| c == "verbal") {
            continue;
        }
        for c in 0..p.clauses {
            // (The clause's threats read twice where they were collected into a list for
            // every clause.)
            let threats = || p.clause_hits(c, Tag::Threat);
            let cond = threats().find(|h| {
                ctx.hit_text(mi, h).starts_with("als ") || ctx.hit_text(mi, h) == "anders"
            });
            let speech = threats().find(|h| {
                let t = ctx.hit_text(mi, h);
                t.starts_with("zeg") || t.starts_with("zei") || t.starts_with("dreig")
            });
            if let (Some(a), Some(b)) = (cond, speech) {
                // "anders moet ik het huis uit" is the cohabiting means, not violence.
                let eviction = p
                    .clause_hits(c, Tag::Coercion)
                    .any(|h| ctx.cue(h).and_then(|x| x.code.as_deref()) == Some("cohabiting"));
                let words: Vec<&str> = p.clause_tokens(c).map(|k| p.word(k)).collect();
                if !p.hedged(c, lex)
                    && !eviction
                    && !has(p, c, Tag::Images)
                    && !other_means_not_harm(&words.join(" "))
                {
                    add(&mut violence, "verbal", vec![Ev::of(mi, a), Ev::of(mi, b)]);
                    break;
                }
            }
        }
    }
    // A threat in words, told as speech with a condition: "hij zegt dat als ik stop ...",
    // "... anders komt ie boven", "dan zegt ie dat ik er spijt van krijg" (after "Wat
    // gebeurt er als je stopt?"). A threat to end the relation or a reproach ("dat hij het
    // uitmaakt", "dat ik ondankbaar ben") is psychological; a threat to put the victim out
    // of the house is the cohabiting means, not violence.
    for (mi, p) in ctx.msgs.iter().enumerate() {
        if !ctx.visitor(mi) || is_client {
            continue;
        }
        let asked_if = ctx.asked(mi, q::IF);
        let n = p.tokens.len();
        let mut i = 0;
        while i < n {
            let sent = p.tokens.get(i).map_or(0, |t| t.sentence);
            let mut j = i;
            while j < n && p.tokens.get(j).is_some_and(|t| t.sentence == sent) {
                j += 1;
            }
            let range = i..j;
            i = j;
            // Speech of someone else ("hij zegt", "zegt ie", "ze zeiden"), or a threat verb.
            let third = |k: usize| p.in_class(k, class::THIRD);
            let speech = range
                .clone()
                .find(|&k| {
                    // (The words by their classes; the prefixes only of a word whose first
                    // byte, read in the text, starts one of them.)
                    ((p.in_class(k, class::SAYS)
                        && ((k > range.start && third(k - 1)) || third(k + 1)))
                        || p.in_class(k, class::GEZEGD)
                        || {
                            let first = p
                                .tokens
                                .get(k)
                                .and_then(|t| p.norm.text.as_bytes().get(t.start as usize));
                            let w = || p.word(k);
                            matches!(first, Some(b'd' | b'b' | b't'))
                                && (w().starts_with("dreig")
                                    || w().starts_with("bedreig")
                                    || w().starts_with("threat"))
                        })
                        && !p.negated(k, lex)
                        // "hij zegt niks" says nothing.
                        && !matches!(p.word(k + 1), "niks" | "niets" | "nothing")
                })
                // The answer to "Wat zegt hij als je weigert?" is reported speech: "dat ie ...".
                .or((asked_if && range.start == 0 && p.word(0) == "dat").then_some(0));
            let Some(sp) = speech else { continue };
            // The condition is in the words ("als ik stop", "anders"), or in the
            // counsellor's question the visitor answers ("Wat gebeurt er als je stopt?").
            let cond = range
                .clone()
                .find(|&k| {
                    p.in_class(k, class::IF)
                        || (p.in_class(k, class::DAN) && (asked_if || k == range.start))
                })
                .or(asked_if.then_some(sp));
            let Some(cd) = cond else { continue };
            if range
                .clone()
                .any(|k| p.hedged(p.tokens.get(k).map_or(0, |t| t.clause), lex))
            {
                continue;
            }
            let words: Vec<&str> = range.clone().map(|k| p.word(k)).collect();
            let joined = words.join(" ");
            let has_w = |x: &str| joined.contains(x);
            // Another means threatened, and no harm named (`other_means_not_harm`).
            if other_means_not_harm(&joined) {
                continue;
            }
            // Other means told the same way: the house, photos (sextortion), food, the job.
            if has_w("huis uit")
                || has_w("op straat")
                || has_w("eruit")
                || has_w("moet ik weg")
                || has_w("foto")
                || has_w("filmpje")
                || has_w("eten")
                || has_w("ontslagen")
                || has_w("slaat")
                || has_w("sloeg")
                || has_w("geslagen")
                || has_w("wonen")
                || has_w("koffer")
                || has_w("schuld")
                || has_w("geen geld")
                || has_w("team")
            {
                continue;
            }
            let psych = has_w("uitmaakt")
                || has_w("uit maakt")
                || has_w("dumpt")
                || has_w("verlaat")
                || has_w("verlaten")
                || has_w("van hem hou")
                || has_w("van hem houd")
                || has_w("ondankbaar")
                || has_w("egoistisch")
                || has_w("egoïstisch")
                || has_w("schuld is")
                || has_w("niet meer zien")
                || has_w("geen vriend meer")
                || has_w("boos")
                || has_w("niet meer mag")
                || has_w("leave me");
            let code = if psych { "psychological" } else { "verbal" };
            let ev = |k: usize| {
                let t = p.tokens.get(k);
                Ev {
                    msg: mi,
                    start: t.map_or(0, |t| t.start),
                    end: t.map_or(0, |t| t.end),
                }
            };
            let last = range.end.saturating_sub(1);
            let span = Ev {
                msg: mi,
                start: ev(sp.min(cd)).start,
                end: ev(last).end,
            };
            if !violence.iter().any(|(c, _)| c == code) {
                add(&mut violence, code, vec![span]);
            }
        }
    }
    if !violence.is_empty() {
        let evs: Vec<Ev> = violence
            .iter()
            .flat_map(|(_, e)| e.iter().copied())
            .collect();
        add(&mut coercion, "violence", evs);
    }
    for (name, list) in [("coercion", &coercion), ("violence", &violence)] {
        // A client cannot tell how the victim is coerced; their chat codes the clients' side.
        if !list.is_empty() && !is_client {
            out.push_items(name, list);
        }
    }
    if !crimes.is_empty() {
        out.push_items("crime", &crimes);
    }

    // ---------------------------------------------------------- time
    let ended = ctx.valid(Tag::Ended);
    let mut time_since: Option<(&str, Vec<Ev>)> = None;
    let mut used_clauses: Vec<(usize, u16)> = Vec::new();
    for (mi, h) in ended {
        let p = &ctx.msgs[*mi];
        // ("een jaar of twee geleden": too vague an amount to place.)
        if let Some((months, _, s, e)) =
            time_amount(p, h.clause, lex).filter(|(m, vague, ..)| !(*vague && *m == 0.0))
        {
            time_since = Some((
                months_bucket_since(months),
                vec![
                    Ev::of(*mi, h),
                    Ev {
                        msg: *mi,
                        start: s,
                        end: e,
                    },
                ],
            ));
            used_clauses.push((*mi, h.clause));
            break;
        }
    }
    // "3 maanden geleden" in an answer to "Wanneer ben je gestopt?" / "Is het voorbij?", or
    // in a message (or the one after it) that tells of the end: how long ago it ended.
    if time_since.is_none() {
        'ago: for (mi, p) in ctx.msgs.iter().enumerate() {
            if !ctx.visitor(mi) {
                continue;
            }
            let asked = ctx.asked(mi, q::END);
            let told_end = ended
                .iter()
                .any(|(m, _)| *m == mi || (*m + 1 == mi) || (*m + 2 == mi && !ctx.visitor(mi - 1)));
            if !asked && !told_end {
                continue;
            }
            for c in 0..p.clauses {
                if p.hedged(c, lex) {
                    continue;
                }
                let ago = p.clause_has(c, flag::AGO);
                let since = p
                    .clause_tokens(c)
                    .any(|i| matches!(p.word(i), "sinds" | "sindsdien" | "since"));
                if !(ago || (since && (told_end || asked))) {
                    continue;
                }
                if let Some((months, vague, s, e)) = time_amount(p, c, lex) {
                    if vague && months < 24.0 {
                        continue;
                    }
                    time_since = Some((
                        months_bucket_since(months + about(p, c)),
                        vec![Ev {
                            msg: mi,
                            start: s,
                            end: e,
                        }],
                    ));
                    used_clauses.push((mi, c));
                    break 'ago;
                }
                // "vorige week", "vorige maand": less than a year.
                let last = p.clause_tokens(c).find(|&i| {
                    matches!(p.word(i), "vorige" | "afgelopen" | "last")
                        && p.is(i + 1, flag::WEEKS | flag::MONTHS)
                });
                if asked && let Some(i) = last {
                    let (s, e) = (
                        p.tokens.get(i).map_or(0, |t| t.start),
                        p.tokens.get(i + 1).map_or(0, |t| t.end),
                    );
                    time_since = Some((
                        "ended_lt_1y",
                        vec![Ev {
                            msg: mi,
                            start: s,
                            end: e,
                        }],
                    ));
                    used_clauses.push((mi, c));
                    break 'ago;
                }
            }
        }
    }
    // A span between two ages that ended a whole year or more before the victim's age now
    // ("tussen mijn 11e en 16e ... ik ben nu 25"): ended that many years ago.
    if time_since.is_none()
        && !is_client
        && let Some(now) = current_age
        && let Some((_, b, ev)) = ranges
            .iter()
            .find(|r| r.1 != u32::MAX && r.1 > r.0 && now > r.1)
    {
        let code = if now - b > 5 {
            "ended_gt_5y"
        } else {
            "ended_1_5y"
        };
        time_since = Some((code, vec![*ev]));
    }
    if ended.is_empty() && time_since.is_none() && !is_client {
        let on = ctx.valid(Tag::Ongoing);
        if let Some((mi, h)) = on.first() {
            time_since = Some(("ongoing", vec![Ev::of(*mi, h)]));
        }
    }
    if !is_client && let Some((c, e)) = &time_since {
        out.code("time_since", c, e);
    }
    let mut duration: Option<(&str, Vec<Ev>)> = None;
    if let Some((a, b, ev)) = ranges.iter().find(|r| r.1 != u32::MAX && r.1 > r.0) {
        duration = Some((duration_bucket(f64::from(b - a) * 12.0), vec![*ev]));
    }
    // Since an age, while it goes on: "sinds ik 12 was", "sinds mn 14e", "sinds hij 15 is",
    // counted to the victim's age now ("al jaren, sinds ik 12 was" at 16 is 4 years).
    if duration.is_none()
        && !is_client
        && time_since.as_ref().is_none_or(|t| t.0 == "ongoing")
        && let Some(now) = current_age
    {
        duration = since_age(ctx, now)
            .map(|(years, ev)| (duration_bucket(f64::from(years) * 12.0), vec![ev]));
    }
    // An answer to "Hoe lang gaat dit al?": the first length of time in it ("3 weken",
    // "een half jaar", "bijna 3 jaar"), unless it says how long ago ("2 weken geleden").
    // Asked in the present ("Hoe lang gaat dit al?", "How long has this been going on?"),
    // the answer also says it goes on (`present_answer`).
    let mut present_answer: Option<Ev> = None;
    'ans: for (mi, p) in ctx.msgs.iter().enumerate() {
        if duration.is_some() || is_client {
            break 'ans;
        }
        if !ctx.visitor(mi) {
            continue;
        }
        let asked = ctx.asked(mi, q::HOW_LONG);
        if !asked {
            continue;
        }
        for c in 0..p.clauses {
            if p.clause_has(c, flag::AGO) || has(p, c, Tag::Ended) || p.clause_has(c, flag::NEG) {
                continue;
            }
            if let Some((months, vague, s, e)) = time_amount(p, c, lex) {
                let Some(code) = duration_code(p, c, months, vague) else {
                    continue;
                };
                let ev = Ev {
                    msg: mi,
                    start: s,
                    end: e,
                };
                if mi
                    .checked_sub(1)
                    .and_then(|q| ctx.msgs.get(q))
                    .is_some_and(|q| asks_in_the_present(&q.norm.text))
                {
                    present_answer = Some(ev);
                }
                duration = Some((code, vec![ev]));
                break 'ans;
            }
        }
    }
    // (Over the corpus, of the chats with a duration from such an answer and no time since
    // from the rules, 132 of 132 are coded ongoing; asked otherwise, 93 of 195.)
    if let Some(ev) = present_answer
        && time_since.is_none()
        && ended.is_empty()
    {
        time_since = Some(("ongoing", vec![ev]));
        out.code("time_since", "ongoing", &[ev]);
    }
    'dur: for (mi, p) in ctx.msgs.iter().enumerate() {
        if duration.is_some() {
            break 'dur;
        }
        if !ctx.visitor(mi) {
            continue;
        }
        for c in 0..p.clauses {
            if used_clauses.contains(&(mi, c))
                || has(p, c, Tag::DurBlock)
                || has(p, c, Tag::Ended)
                || p.hedged(c, lex)
            {
                continue;
            }
            let since_word = p.clause_has(c, flag::SINCE);
            if let Some((months, vague, s, e)) = time_amount(p, c, lex) {
                if !since_word || added_phase(p, c) {
                    continue;
                }
                let Some(code) = duration_code(p, c, months, vague) else {
                    continue;
                };
                duration = Some((
                    code,
                    vec![Ev {
                        msg: mi,
                        start: s,
                        end: e,
                    }],
                ));
                break 'dur;
            }
        }
    }
    if let Some((c, e)) = &duration
        && !is_client
    {
        out.code("duration", c, e);
    }

    // acutely unsafe
    if !is_client {
        let still = time_since.as_ref().is_none_or(|t| t.0 == "ongoing");
        let yes: Vec<Ev> = ctx
            .valid(Tag::UnsafeYes)
            .iter()
            .map(|(m, h)| Ev::of(*m, h))
            .collect();
        let no: Vec<Ev> = ctx
            .valid(Tag::UnsafeNo)
            .iter()
            .map(|(m, h)| Ev::of(*m, h))
            .collect();
        if !yes.is_empty() && still {
            out.code("acutely_unsafe", "yes", &yes);
        } else if !no.is_empty() {
            out.code("acutely_unsafe", "no", &no);
        }
    }

    // first disclosure (asked of victims only; kept by `crate::derive` only when the
    // chatter is the victim)
    if is_victim || chatter.is_none() {
        let mut yes: Vec<Ev> = ctx
            .valid(Tag::FirstOne)
            .iter()
            .map(|(m, h)| Ev::of(*m, h))
            .collect();
        let mut no: Vec<Ev> = Vec::new();
        for (mi, p) in ctx.msgs.iter().enumerate() {
            if !ctx.visitor(mi) {
                continue;
            }
            for c in 0..p.clauses {
                if p.hedged(c, lex) {
                    continue;
                }
                let told = p.clause_hits(c, Tag::Told).next();
                let never = p.clause_hits(c, Tag::NeverTold).next();
                if let (Some(t), Some(n)) = (told, never) {
                    yes.push(Ev::of(mi, n));
                    yes.push(Ev::of(mi, t));
                } else if never.is_none()
                    && !p.clause_has(c, flag::NEG)
                    && let Some(t) = p.clause_hits(c, Tag::ToldDone).next()
                    && !reported_speech(p, c, t)
                {
                    no.push(Ev::of(mi, t));
                }
            }
        }
        // The answer to "Heb je dit al aan iemand verteld?" / "Weet iemand anders ervan?":
        // "nee", "niemand", "nog nooit" is a first disclosure; a person who knows ("mn zus
        // weet het", "aan mn nicht", "de politie weet het") is not.
        if yes.is_empty() && no.is_empty() {
            for (mi, p) in ctx.msgs.iter().enumerate() {
                let asked = ctx.asked(mi, q::WHO_KNOWS);
                if !asked || !ctx.visitor(mi) || p.tokens.is_empty() {
                    continue;
                }
                let first = p.word(0);
                let t0 = p.tokens.first().map_or(0, |t| t.end);
                let ev = Ev {
                    msg: mi,
                    start: p.tokens.first().map_or(0, |t| t.start),
                    end: t0,
                };
                if matches!(
                    first,
                    "nee"
                        | "neee"
                        | "no"
                        | "nope"
                        | "niemand"
                        | "nooit"
                        | "never"
                        | "nobody"
                        | "nog"
                ) && !(first == "nog" && p.word(1) != "nooit" && p.word(1) != "niemand")
                {
                    yes.push(ev);
                } else if !p.clause_has(0, flag::NEG) && !p.hedged(0, lex) {
                    // Someone of the visitor's own ("mn zus", "aan mijn moeder") or who knows.
                    let person = (0..p.tokens.len().min(6))
                        .any(|i| p.is(i, flag::OWNER) && p.tokens.get(i + 1).is_some())
                        || p.clause_hits(0, Tag::ToldDone).next().is_some()
                        || p.clause_hits(0, Tag::Rel).next().is_some();
                    if person || p.is(0, flag::YES) {
                        let end = p
                            .tokens
                            .iter()
                            .take_while(|t| t.clause == 0)
                            .last()
                            .map_or(t0, |t| t.end);
                        no.push(Ev {
                            msg: mi,
                            start: ev.start,
                            end,
                        });
                    }
                }
            }
        }
        if !yes.is_empty() {
            out.code("first_disclosure", "yes", &yes);
        } else if !no.is_empty() {
            out.code("first_disclosure", "no", &no);
        }
    }

    // ---------------------------------------------------------- clients
    // Client indicators need sexual exploitation; when the rules found no form, the
    // validation checks the condition against the form the model gives.
    if matches!(exp_code, "sexual" | "both" | "") {
        let young_now = current_age.is_some_and(|a| a <= 13)
            && time_since.as_ref().is_some_and(|t| t.0 == "ongoing");
        let young_then = past_ages
            .iter()
            .find(|s| s.age <= 13)
            .map(|s| s.ev)
            .or_else(|| {
                if is_victim {
                    ranges.iter().find(|r| r.0 <= 13).map(|r| r.2)
                } else {
                    None
                }
            });
        if young_now {
            let ev = victim_age.map(|s| s.ev).or(chatter.as_ref().map(|c| c.2));
            if let Some(ev) = ev {
                add(&mut client_ind, "very_young", vec![ev]);
            }
        } else if let Some(ev) = young_then {
            add(&mut client_ind, "very_young", vec![ev]);
        }
        let present = ctx.valid(Tag::Present);
        if let Some((mi, h)) = present.first() {
            add(&mut client_ind, "trafficker_present", vec![Ev::of(*mi, h)]);
            if parent_perp {
                let mut evs = vec![Ev::of(*mi, h)];
                if let Some(p) = &perp {
                    evs.extend(p.2.first().copied());
                }
                add(&mut client_ind, "parent_trafficker", evs);
            }
        }
        for &(mi, h) in ctx.valid(Tag::Filmed) {
            let p = &ctx.msgs[mi];
            if has(p, h.clause, Tag::ClientCtx) {
                add(&mut client_ind, "filmed", vec![Ev::of(mi, &h)]);
                break;
            }
        }
        for &(mi, h) in ctx.valid(Tag::Refusal) {
            let p = &ctx.msgs[mi];
            if let Some(n) = p.hits.iter().find(|x| x.tag == Tag::SaidNo) {
                add(
                    &mut client_ind,
                    "refusal_ignored",
                    vec![Ev::of(mi, n), Ev::of(mi, &h)],
                );
                break;
            }
        }
        let knew: Vec<Ev> = ctx
            .valid(Tag::ClientKnew)
            .iter()
            .map(|(m, h)| Ev::of(*m, h))
            .collect();
        if !knew.is_empty() {
            out.code("client_knew", "yes", &knew);
        }
    }
    if !client_ind.is_empty() {
        out.push_items("client_ind", &client_ind);
    }

    // referral
    if let Some((mi, h)) = ctx.valid(Tag::Referral).first()
        && let Some(code) = ctx.cue(h).and_then(|c| c.code.clone())
    {
        out.code("referral", &code, &[Ev::of(*mi, h)]);
    }
    out.list
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The automaton finds what a search per phrase finds, overlapping phrases included.
    #[test]
    fn question_kinds_match_a_search_per_phrase() {
        let per_phrase = |t: &str| {
            let mut groups = 0u8;
            for (g, list) in (0u8..).zip(QUESTION_PHRASES) {
                if list.iter().any(|x| t.contains(x)) {
                    groups |= 1 << g;
                }
            }
            kinds_from_groups(groups)
        };
        for t in [
            "hoe lang gaat dit al?",
            "heb je het aan iemand verteld?",
            "weet iemand anders ervan?",
            "weet iemand het?",
            "wanneer ben je gestopt?",
            "wat gebeurt er als je stopt?",
            "has anyone told you?",
            "sinds wanneer weet je het?",
            "iemandweet ",
            "alsje?",
            "",
        ] {
            assert_eq!(kinds_of(t), per_phrase(t), "{t}");
        }
        assert_eq!(kinds_of("heb je het aan iemand verteld?"), q::WHO_KNOWS);
    }

    /// A word class holds every word its readers look for: the first words of the phrases
    /// behind [`SELF_FIRST`], each class's words lowercased (as the tokens are), and each
    /// class on its own bit.
    #[test]
    fn word_classes_cover_their_readers() {
        for ph in SELF_PHRASES {
            let first = ph.first().copied().unwrap_or_default();
            assert!(SELF_FIRST.contains(&first), "{first}");
        }
        let mut seen = 0u32;
        for (c, list) in WORD_CLASSES {
            assert_eq!(c.count_ones(), 1, "{c:#x}");
            assert_eq!(seen & c, 0, "{c:#x} twice");
            seen |= c;
            for w in *list {
                assert_eq!(*w, w.to_lowercase(), "{w}");
            }
        }
    }

    /// The lexicon gives a token the classes of its word, and none to other words.
    #[test]
    fn tokens_carry_their_word_classes() {
        let book = zicht_codebook::Codebook::embedded().unwrap();
        let lex = Lexicon::embedded(&book).unwrap();
        let p = Prepared::new(
            "Meisjes overhalen, niemand dwingt haar. Sinds hij 15 is",
            &lex,
        );
        let classes: Vec<u32> = p.tokens.iter().map(|t| t.class).collect();
        assert_eq!(
            classes,
            [
                class::RECRUIT_GROUP,
                class::RECRUIT_STRONG,
                class::SELF_FIRST,
                // ("dwingt" in two lists.)
                class::MADE_TO | class::RECRUIT_MUST,
                class::HAAR,
                class::SINDS,
                class::THIRD,
                0,
                0,
            ]
        );
    }
}
