//! One message prepared for the rules: lowercased text, tokens, clauses and lexicon hits.
//!
//! Offsets: hits and tokens use byte offsets into the lowercased, normalised
//! text ([`crate::normal`]: "mn" is read as "mijn"); its map leads back to the
//! original text (identity for ASCII without chat words), and
//! [`Prepared::evidence_span`] turns them into Unicode scalar offsets.
//! Phrases are matched word by word: one hash lookup per token finds the word's
//! flags, its number and the phrases it starts, so matching is at word
//! boundaries by construction and every overlapping match is found.

use crate::lexicon::{Lexicon, OWNED_ADJECTIVES, Owner, Tag, flag};
use crate::normal::Normalised;

/// A word or number of a message.
#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    pub clause: u16,
    pub sentence: u16,
    /// Bits of [`flag`].
    pub flags: u32,
    /// Bits of [`crate::lexicon::class`].
    pub class: u32,
    /// The number the word stands for (`15`, `vijftien`).
    pub number: Option<u32>,
    /// The word's id in the phrase trie ([`crate::lexicon::NO_WORD`] if none).
    pub id: u32,
}

/// A lexicon match.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub cue: u16,
    pub tag: Tag,
    pub owner: Owner,
    pub start: u32,
    pub end: u32,
    /// Index of the first token of the match.
    pub token: u32,
    pub clause: u16,
    pub sentence: u16,
}

/// A message ready for the rules.
#[derive(Debug, Default)]
pub struct Prepared {
    /// The lowercased text with chat words spelt out, and its map to the original.
    pub norm: Normalised,
    pub tokens: Vec<Token>,
    pub hits: Vec<Hit>,
    pub clauses: u16,
    /// Per clause: whether it holds a hedge.
    hedged: Vec<bool>,
    /// Scratch space for matching, reused between messages.
    scratch: Vec<Hit>,
    found: Vec<(u32, usize)>,
    /// Per token: the trie node its word starts.
    start_nodes: Vec<Option<u32>>,
    /// One bit per pair of adjacent bytes of the text ([`pair_bit`]): the rules look for
    /// some forty literals in a chat's messages, and a literal with a pair the text lacks
    /// is not in it ([`Prepared::may_hold`]): no search.
    pairs: [u64; 16],
    /// Per clause `c` up to [`Prepared::clauses`]: the first token and the first hit of a
    /// clause `c` or later (the binary searches of [`Prepared::clause_tokens`] and
    /// [`Prepared::clause_hits`], done once).
    clause_starts: Vec<(u32, u32)>,
    /// Per clause: a bit per tag of its hits (`1 << tag`), so that a clause without a hit of
    /// a tag is known so without reading its hits ([`Prepared::clause_hits`]).
    clause_tags: Vec<u64>,
}

// (Every tag has its bit in a `u64` of [`Prepared::clause_tags`].)
const _: () = assert!(Tag::COUNT <= 64);

/// The child of a trie node for a word id.
fn next_by_id(n: &crate::lexicon::Node, id: u32) -> Option<u32> {
    if id == crate::lexicon::NO_WORD {
        return None;
    }
    n.word_ids
        .binary_search_by_key(&id, |x| x.0)
        .ok()
        .and_then(|i| n.word_ids.get(i))
        .map(|x| x.1)
}

/// The bit of [`Prepared::pairs`] for the bytes `a`, `b` (their low five bits: each pair of
/// lowercase letters its own bit).
const fn pair_bit(a: u8, b: u8) -> usize {
    (((a & 31) as usize) << 5) | (b & 31) as usize
}

/// `w.starts_with(pre)`, with the first byte compared before the call to compare the rest.
fn starts_with(w: &str, pre: &str) -> bool {
    match pre.as_bytes().first() {
        Some(b) => w.as_bytes().first() == Some(b) && w.starts_with(pre),
        None => true,
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// People a visitor can speak about as "X van mij".
const PERSON_NOUNS: &[&str] = &[
    "leerling",
    "leerlinge",
    "cliënt",
    "cliënte",
    "client",
    "vriend",
    "vriendin",
    "collega",
    "klasgenoot",
    "klasgenote",
    "kind",
    "nichtje",
    "neefje",
    "buurmeisje",
    "buurjongen",
];

impl Prepared {
    /// Lowercases, tokenizes and matches one message text.
    pub fn new(text: &str, lex: &Lexicon) -> Prepared {
        let mut p = Prepared::default();
        p.reset(text, lex);
        p
    }

    /// Reuses the buffers of `self` for another text.
    pub fn reset(&mut self, text: &str, lex: &Lexicon) {
        self.norm.reset(text);
        let mut pairs = [0u64; 16];
        let b = self.norm.text.as_bytes();
        for (&x, &y) in b.iter().zip(b.iter().skip(1)) {
            let bit = pair_bit(x, y);
            if let Some(w) = pairs.get_mut(bit >> 6) {
                *w |= 1 << (bit & 63);
            }
        }
        self.pairs = pairs;
        self.tokens.clear();
        self.hits.clear();
        self.start_nodes.clear();
        self.tokenize(lex);
        self.find_hits(lex);
        self.hedged.clear();
        self.hedged.resize(self.clauses as usize, false);
        for t in &self.tokens {
            if t.flags & flag::HEDGE != 0
                && let Some(h) = self.hedged.get_mut(t.clause as usize)
            {
                *h = true;
            }
        }
        for h in &self.hits {
            if h.tag == Tag::Hedge
                && let Some(x) = self.hedged.get_mut(h.clause as usize)
            {
                *x = true;
            }
        }
        // A condition reaches into what follows it in the sentence: "als mn vriend zou zeggen
        // dat ik met zn vrienden moet slapen voor geld" (ao1-031) hedges the "dat" clause
        // too. A sentence that opens with "als" and whose first clause says "zou"/"zouden" is
        // hypothetical from there to its end.
        let mut scope: Option<u16> = None;
        // (Only a message with "zou" in it is read word by word for this; most texts lack
        // one of its pairs of bytes, and are not searched.)
        let conditional = self.may_hold(b"zou") && self.norm.text.contains("zou");
        for i in 0..if conditional { self.tokens.len() } else { 0 } {
            let Some(t) = self.tokens.get(i).copied() else {
                break;
            };
            if scope.is_some_and(|s| s == t.sentence)
                && let Some(h) = self.hedged.get_mut(t.clause as usize)
            {
                *h = true;
            }
            // ("als" opens the sentence: not "hij zei dat hij me zou vermoorden als ik weg zou
            // gaan", a threat, nor "is dat strafbaar als ik het zou doen".)
            let opens = |k: usize| {
                k == 0
                    || self
                        .tokens
                        .get(k - 1)
                        .is_none_or(|x| x.sentence != t.sentence)
            };
            // Nor a threat told after the condition ("als ik wou stoppen zei hij dat hij mn
            // vriendje in elkaar zou slaan", te-068): no "dat" between "als" and "zou".
            if matches!(self.word(i), "zou" | "zouden")
                && scope.is_none_or(|s| s != t.sentence)
                && (0..i)
                    .rev()
                    .take_while(|&k| {
                        self.tokens.get(k).is_some_and(|x| x.clause == t.clause)
                            && self.word(k) != "dat"
                    })
                    .any(|k| self.word(k) == "als" && opens(k))
            {
                if let Some(h) = self.hedged.get_mut(t.clause as usize) {
                    *h = true;
                }
                scope = Some(t.sentence);
            }
        }
        // A question about a condition is hypothetical as a whole, what comes before the
        // "zou" too: "als iemand zegt dat ik met zn vrienden moet slapen, en ik zou nee
        // zeggen, is dat dan al mensenhandel?" (as2-013). A sentence that opens with "als",
        // holds "zou"/"zouden" and ends in "?".
        if conditional {
            let mut i = 0;
            while let Some(first) = self.tokens.get(i).copied() {
                let end = (i..self.tokens.len())
                    .find(|&k| {
                        self.tokens
                            .get(k)
                            .is_none_or(|x| x.sentence != first.sentence)
                    })
                    .unwrap_or(self.tokens.len());
                let question = self.tokens.get(end.wrapping_sub(1)).is_some_and(|last| {
                    self.norm
                        .text
                        .get(last.end as usize..)
                        .is_some_and(|rest| rest.trim_start().starts_with('?'))
                });
                if question
                    && self.word(i) == "als"
                    && (i..end).any(|k| matches!(self.word(k), "zou" | "zouden"))
                {
                    for k in i..end {
                        if let Some(c) = self.tokens.get(k).map(|x| x.clause)
                            && let Some(h) = self.hedged.get_mut(c as usize)
                        {
                            *h = true;
                        }
                    }
                }
                i = end.max(i + 1);
            }
        }
        // One pass: the tokens are in clause order, and so are the hits (sorted by start).
        self.clause_starts.clear();
        let (mut t, mut h) = (0usize, 0usize);
        for c in 0..=self.clauses {
            while self.tokens.get(t).is_some_and(|x| x.clause < c) {
                t += 1;
            }
            while self.hits.get(h).is_some_and(|x| x.clause < c) {
                h += 1;
            }
            self.clause_starts.push((t as u32, h as u32));
        }
        self.clause_tags.clear();
        self.clause_tags.resize(usize::from(self.clauses), 0);
        for h in &self.hits {
            if let Some(m) = self.clause_tags.get_mut(usize::from(h.clause)) {
                *m |= 1 << (h.tag as u32);
            }
        }
        debug_assert!(
            (0..=self.clauses)
                .zip(&self.clause_starts)
                .all(|(c, &(t, h))| {
                    t as usize == self.tokens.partition_point(|x| x.clause < c)
                        && h as usize == self.hits.partition_point(|x| x.clause < c)
                })
        );
    }

    /// Whether the text may hold `pat`: false when a pair of adjacent bytes of `pat` is
    /// not in the text (then it does not), true otherwise (then a search tells).
    #[inline]
    pub fn may_hold(&self, pat: &[u8]) -> bool {
        pat.iter().zip(pat.iter().skip(1)).all(|(&x, &y)| {
            let bit = pair_bit(x, y);
            self.pairs
                .get(bit >> 6)
                .is_some_and(|w| w & (1 << (bit & 63)) != 0)
        })
    }

    /// The first token and the first hit of a clause `c` or later, after clause `c - 1`.
    fn clause_start(&self, c: u32) -> (usize, usize) {
        match self.clause_starts.get(c as usize) {
            Some(&(t, h)) => (t as usize, h as usize),
            None => {
                let t = self.tokens.partition_point(|t| u32::from(t.clause) < c);
                let h = self.hits.partition_point(|h| u32::from(h.clause) < c);
                (t, h)
            }
        }
    }

    /// The (start, end) Unicode scalar offsets and the quoted text of a span of the normalised text in `original`.
    pub fn evidence_span(&self, original: &str, start: u32, end: u32) -> (usize, usize, String) {
        self.norm.span(original, start, end)
    }

    /// [`Prepared::evidence_span`] with the quote borrowed from `original`.
    pub fn evidence_span_str<'o>(
        &self,
        original: &'o str,
        start: u32,
        end: u32,
    ) -> (usize, usize, &'o str) {
        self.norm.span_str(original, start, end)
    }

    fn tokenize(&mut self, lex: &Lexicon) {
        let s = self.norm.text.as_str();
        let bytes = s.as_bytes();
        let mut clause: u16 = 0;
        let mut sentence: u16 = 0;
        let mut pending_break = false;
        let mut pending_sentence = false;
        let mut i = 0;
        let n = bytes.len();
        // Whether the char at byte `at` is a word char (ASCII fast path).
        let word_at = |at: usize| -> Option<(bool, usize)> {
            let b = *bytes.get(at)?;
            if b.is_ascii() {
                Some((crate::normal::alnum(b), 1))
            } else {
                let c = s.get(at..)?.chars().next()?;
                Some((is_word_char(c), c.len_utf8()))
            }
        };
        while i < n {
            let Some((is_word, len)) = word_at(i) else {
                break;
            };
            if !is_word {
                match bytes[i] {
                    b'.' | b'!' | b'?' | b'\n' => pending_sentence = true,
                    // "2,5 jaar": a decimal comma is no break.
                    b',' if i > 0
                        && bytes[i - 1].is_ascii_digit()
                        && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {}
                    b',' | b';' | b':' | b'(' | b')' => pending_break = true,
                    _ => {}
                }
                i += len;
                continue;
            }
            let start = i;
            let mut end = i + len;
            loop {
                // The ASCII letters and digits of the word at once (what `word_at` says of them).
                while bytes.get(end).is_some_and(|&b| crate::normal::alnum(b)) {
                    end += 1;
                }
                match word_at(end) {
                    Some((true, l)) => end += l,
                    Some((false, 1))
                        if matches!(bytes[end], b'\'' | b'-')
                            && word_at(end + 1).is_some_and(|(w, _)| w) =>
                    {
                        end += 1;
                    }
                    _ => break,
                }
            }
            let word = &s[start..end];
            let info = lex.info(word);
            let flags = info.map_or(0, |w| w.flags);
            self.start_nodes.push(info.and_then(|w| w.node));
            let number = if end - start <= 3 && word.bytes().all(|b| b.is_ascii_digit()) {
                word.parse().ok()
            } else {
                info.and_then(|w| w.number)
            };
            if flags & flag::SPLIT != 0 && !self.tokens.is_empty() {
                pending_break = true;
            }
            if pending_sentence {
                sentence = sentence.saturating_add(1);
                pending_sentence = false;
                pending_break = true;
            }
            if pending_break {
                clause = clause.saturating_add(1);
                pending_break = false;
            }
            self.tokens.push(Token {
                start: start as u32,
                end: end as u32,
                clause,
                sentence,
                flags,
                class: info.map_or(0, |w| w.class),
                number,
                id: info.map_or(crate::lexicon::NO_WORD, |w| w.id),
            });
            i = end;
        }
        self.clauses = clause.saturating_add(1);
    }

    /// The token index at or after byte `b`.
    pub fn token_at(&self, b: u32) -> usize {
        self.tokens.partition_point(|t| t.end <= b)
    }

    /// The text of token `i`.
    pub fn word(&self, i: usize) -> &str {
        self.tokens
            .get(i)
            .and_then(|t| self.norm.text.get(t.start as usize..t.end as usize))
            .unwrap_or("")
    }

    /// Whether token `i` is a word of a class of [`crate::lexicon::class`].
    #[inline]
    pub fn in_class(&self, i: usize, c: u32) -> bool {
        self.tokens.get(i).is_some_and(|t| t.class & c != 0)
    }

    /// Whether token `i` has a flag of [`flag`].
    pub fn is(&self, i: usize, f: u32) -> bool {
        self.tokens.get(i).is_some_and(|t| t.flags & f != 0)
    }

    /// Whether token `i` is a first-person word that can make the visitor
    /// the subject: "mij"/"me" after "van" and a person ("een leerling van
    /// mij") is a possessive that points at someone else, while "advertenties
    /// van mij" is about the visitor.
    /// A lone "k" that ends its sentence is an initial ("heet hij k."),
    /// not the chat spelling of "ik", which is always followed by a verb. Nor is the "me"
    /// of one who was told ("ze vertelde me dat ...").
    pub fn first_person_subject(&self, i: usize) -> bool {
        // (Most words are no first-person word: the readings below only for one that is.)
        if !self.is(i, flag::FIRST_PERSON) {
            return false;
        }
        let word = self.word(i);
        let possessive = i > 1
            && self.word(i - 1) == "van"
            && matches!(word, "mij" | "me")
            && PERSON_NOUNS.contains(&self.word(i - 2));
        let initial = word == "k"
            && self.tokens.get(i).is_some_and(|t| {
                self.tokens
                    .get(i + 1)
                    .is_none_or(|n| n.sentence != t.sentence)
            });
        // "De jongen vertelde mij dat hij ... moet", "Hij vertelde me dat ...": the visitor is
        // the one told, not the one it happened to (j1-077, o2-091, o2-100).
        let told = i > 0
            && matches!(word, "mij" | "me")
            && (matches!(
                self.word(i - 1),
                "vertelde" | "vertelt" | "zei" | "zegt" | "appte" | "schreef"
            )
                // "Mijn ex-vriend van 23 heeft me verteld dat hij ..." (w2-074).
                || (matches!(self.word(i - 1), "heeft" | "had" | "hebben" | "hadden")
                    && matches!(
                        self.word(i + 1),
                        "verteld" | "gezegd" | "geappt" | "geschreven"
                    )));
        // "volgens mij" is an opinion, "bij mij om de hoek" / "bij mij in de buurt" a place
        // (u1-095: a neighbour of a car wash), and so is a "bij me" that ends its clause:
        // none puts the visitor in the story.
        let aside = i > 0
            && matches!(word, "mij" | "me")
            && (self.word(i - 1) == "volgens"
                // "Vorige week kwam hij met een blauw oog bij me." (w2-074): where he came.
                || (self.word(i - 1) == "bij"
                    && self.tokens.get(i).is_some_and(|t| {
                        self.tokens.get(i + 1).is_none_or(|n| n.clause != t.clause)
                    }))
                || (self.word(i - 1) == "bij"
                    && matches!(
                        (self.word(i + 1), self.word(i + 2), self.word(i + 3)),
                        ("om", "de", "hoek")
                            | ("in", "de", "buurt" | "straat" | "wijk" | "flat" | "portiek")
                    )));
        // "mijn broer van 16 wordt denk ik gebruikt" (bc2-010): an inverted hedge, the
        // visitor's guess about someone else (round 55).
        let hedge = i > 0
            && matches!(word, "ik" | "k")
            && matches!(
                self.word(i - 1),
                "denk" | "geloof" | "vermoed" | "gok" | "schat" | "vrees" | "hoop"
            );
        self.is(i, flag::FIRST_PERSON) && !possessive && !initial && !told && !aside && !hedge
    }

    /// The text between token `i` and the next one (or the end).
    fn gap_after(&self, i: usize) -> &str {
        let a = self.tokens.get(i).map_or(0, |t| t.end as usize);
        let b = self
            .tokens
            .get(i + 1)
            .map_or(self.norm.text.len(), |t| t.start as usize);
        self.norm.text.get(a..b).unwrap_or("")
    }

    /// Walks the phrase trie from `node` at token `k` (the node's words so far end at
    /// token `k - 1`); pushes (phrase id, one past its last token) for every phrase that ends.
    fn walk(&self, lex: &Lexicon, node: u32, k: usize, out: &mut Vec<(u32, usize)>) {
        let Some(c) = lex.cnodes.get(node as usize) else {
            return;
        };
        for &id in lex
            .ends_flat
            .get(c.ends.0 as usize..c.ends.1 as usize)
            .unwrap_or_default()
        {
            out.push((id, k));
        }
        if k == 0 {
            return;
        }
        if c.other {
            self.walk_other(lex, node, k, out);
        }
        let Some(t) = self.tokens.get(k) else {
            return;
        };
        if t.id == crate::lexicon::NO_WORD || c.edges.0 == c.edges.1 {
            return;
        }
        let edges = lex
            .edges_flat
            .get(c.edges.0 as usize..c.edges.1 as usize)
            .unwrap_or_default();
        if let Ok(j) = edges.binary_search_by_key(&t.id, |e| e.0)
            && let Some(&(_, next)) = edges.get(j)
            && self.gap_after(k - 1).bytes().all(|b| b == b' ')
        {
            self.walk(lex, next, k + 1, out);
        }
    }

    /// The rare edges: punctuation (`(`) and word prefixes (`dreig*`).
    fn walk_other(&self, lex: &Lexicon, node: u32, k: usize, out: &mut Vec<(u32, usize)>) {
        let Some(n) = lex.nodes.get(node as usize) else {
            return;
        };
        let gap = self.gap_after(k - 1);
        for (c, next) in &n.puncts {
            if gap.contains(*c) {
                // Punctuation does not consume a token.
                if let Some(nn) = lex.nodes.get(*next as usize) {
                    for &id in &nn.ends {
                        out.push((id, k));
                    }
                    if let Some(x) = self.tokens.get(k).and_then(|t| next_by_id(nn, t.id)) {
                        self.walk(lex, x, k + 1, out);
                    }
                }
            }
        }
        if k >= self.tokens.len() || n.prefixes.is_empty() || !gap.bytes().all(|b| b == b' ') {
            return;
        }
        let w = self.word(k);
        for (pre, next) in &n.prefixes {
            if starts_with(w, pre) {
                self.walk(lex, *next, k + 1, out);
            }
        }
    }

    fn find_hits(&mut self, lex: &Lexicon) {
        let mut raw = std::mem::take(&mut self.scratch);
        raw.clear();
        let mut found: Vec<(u32, usize)> = std::mem::take(&mut self.found);
        let root = lex.nodes.first();
        for i in 0..self.tokens.len() {
            found.clear();
            if let Some(node) = self.start_nodes.get(i).copied().flatten() {
                self.walk(lex, node, i + 1, &mut found);
            }
            // Only a token whose first byte starts some root prefix.
            let first = self
                .tokens
                .get(i)
                .and_then(|t| self.norm.text.as_bytes().get(t.start as usize))
                .map_or(0, |&b| b);
            let may_start = lex
                .root_prefix_bytes
                .get(usize::from(first >> 6))
                .is_some_and(|x| x & (1 << (first & 63)) != 0);
            if let Some(root) = root
                && may_start
            {
                let w = self.word(i);
                for (pre, next) in &root.prefixes {
                    if starts_with(w, pre) {
                        self.walk(lex, *next, i + 1, &mut found);
                    }
                }
            }
            for &(id, k) in &found {
                let Some(&(cue, owned)) = lex.phrase_meta.get(id as usize) else {
                    continue;
                };
                let mut token = i;
                let mut owner = Owner::None;
                if owned {
                    // A possessive before the noun, perhaps with an adjective between.
                    let mut o = token;
                    if o > 0 && OWNED_ADJECTIVES.contains(&self.word(o - 1)) {
                        o -= 1;
                    }
                    let found = o
                        .checked_sub(1)
                        .filter(|&x| self.is(x, flag::OWNER))
                        .and_then(|x| lex.owners.get(self.word(x)).map(|ow| (x, *ow)));
                    match found {
                        Some((x, ow)) => {
                            owner = ow;
                            token = x;
                        }
                        None => continue,
                    }
                }
                let (Some(first), Some(last)) = (self.tokens.get(token), self.tokens.get(k - 1))
                else {
                    continue;
                };
                let tag = lex.cues.get(cue as usize).map_or(Tag::Hedge, |c| c.tag);
                raw.push(Hit {
                    cue,
                    tag,
                    owner,
                    start: first.start,
                    end: last.end,
                    token: token as u32,
                    clause: first.clause,
                    sentence: first.sentence,
                });
            }
        }
        // Within one tag, of a group of overlapping matches the longest wins (then the earliest).
        raw.sort_unstable_by_key(|h| ((h.tag as u64) << 32) | u64::from(h.start));
        let mut i = 0;
        while i < raw.len() {
            let mut best = i;
            let mut reach = raw[i].end;
            let mut j = i + 1;
            while j < raw.len() && raw[j].tag == raw[i].tag && raw[j].start < reach {
                reach = reach.max(raw[j].end);
                if raw[j].end - raw[j].start > raw[best].end - raw[best].start {
                    best = j;
                }
                j += 1;
            }
            self.hits.push(raw[best]);
            i = j;
        }
        // An idiom ("het laat me niet los") hides the cues inside it.
        if self.hits.iter().any(|h| h.tag == Tag::Idiom) {
            let idioms: Vec<(u32, u32)> = self
                .hits
                .iter()
                .filter(|h| h.tag == Tag::Idiom)
                .map(|h| (h.start, h.end))
                .collect();
            self.hits.retain(|h| {
                h.tag == Tag::Idiom || !idioms.iter().any(|&(a, b)| a <= h.start && h.end <= b)
            });
        }
        self.hits.sort_unstable_by_key(|h| (h.start, h.end, h.cue));
        self.scratch = raw;
        self.found = found;
    }

    /// Whether a negator stands up to three words before token `tok`, in the same clause.
    pub fn negated(&self, tok: usize, _lex: &Lexicon) -> bool {
        let Some(t) = self.tokens.get(tok) else {
            return false;
        };
        let from = tok.saturating_sub(4);
        // (The words before it as one slice: most hold no negator, read by their flags alone.)
        let window = self.tokens.get(from..tok).unwrap_or_default();
        (from..).zip(window).any(|(i, x)| {
            if !(x.clause == t.clause && x.flags & flag::NEG != 0) {
                return false;
            }
            // In a condition ("als ik het niet doe, dreigt hij") the negator
            // only reaches the next word.
            let conditional = (i.saturating_sub(3)..i)
                .any(|k| self.in_class(k, crate::lexicon::class::CONDITION));
            !conditional || tok <= i + 1
        })
    }

    /// Whether a negator follows the hit ending at token `last` within `n` words of the same
    /// clause ("hij slaat me niet", "sloeg me nooit").
    pub fn negated_after(&self, last: usize, n: usize) -> bool {
        let Some(t) = self.tokens.get(last) else {
            return false;
        };
        (last + 1..=last + n).any(|i| {
            self.tokens.get(i).is_some_and(|x| x.clause == t.clause) && self.is(i, flag::NEG)
        })
    }

    /// Whether clause `clause` holds a hedge word or hedge phrase.
    pub fn hedged(&self, clause: u16, _lex: &Lexicon) -> bool {
        self.hedged.get(clause as usize).copied().unwrap_or(false)
    }

    /// The token indices of a clause.
    pub fn clause_tokens(&self, clause: u16) -> std::ops::Range<usize> {
        let a = self.clause_start(u32::from(clause)).0;
        let b = self.clause_start(u32::from(clause) + 1).0;
        a..b
    }

    /// Whether the clause holds a word with flag `f`.
    pub fn clause_has(&self, clause: u16, f: u32) -> bool {
        self.clause_tokens(clause).any(|i| self.is(i, f))
    }

    /// The hits of a tag in a clause.
    pub fn clause_hits(&self, clause: u16, tag: Tag) -> impl Iterator<Item = &Hit> {
        let any = self
            .clause_tags
            .get(usize::from(clause))
            .is_some_and(|m| m & (1 << (tag as u32)) != 0);
        let hits = if any { self.clause_all(clause) } else { &[] };
        hits.iter().filter(move |h| h.tag == tag)
    }

    /// All hits of a clause.
    pub fn clause_all(&self, clause: u16) -> &[Hit] {
        let a = self.clause_start(u32::from(clause)).1;
        let b = self.clause_start(u32::from(clause) + 1).1;
        self.hits.get(a..b).unwrap_or_default()
    }
}
