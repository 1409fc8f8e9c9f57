//! One message prepared for the rules: lowercased text, tokens, clauses and lexicon hits.
//!
//! Offsets: hits and tokens use byte offsets into the lowercased text; a map
//! leads back to byte offsets in the original text (identity for ASCII), and
//! [`Prepared::evidence_span`] turns them into Unicode scalar offsets.

use crate::lexicon::{Lexicon, Owner, Tag};

/// A word or number of a message.
#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    pub clause: u16,
    pub sentence: u16,
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
    pub lower: String,
    /// Byte offset in the original text for each byte of `lower` (plus one past the end); empty for ASCII text.
    map: Vec<u32>,
    pub tokens: Vec<Token>,
    pub hits: Vec<Hit>,
    pub clauses: u16,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

impl Prepared {
    /// Lowercases, tokenizes and matches one message text.
    pub fn new(text: &str, lex: &Lexicon) -> Prepared {
        let mut p = Prepared::default();
        p.reset(text, lex);
        p
    }

    /// Reuses the buffers of `self` for another text.
    pub fn reset(&mut self, text: &str, lex: &Lexicon) {
        self.lower.clear();
        self.map.clear();
        self.tokens.clear();
        self.hits.clear();
        if text.is_ascii() {
            self.lower.push_str(text);
            self.lower.make_ascii_lowercase();
        } else {
            for (ob, ch) in text.char_indices() {
                let ch = if ch == '’' || ch == '‘' { '\'' } else { ch };
                let before = self.lower.len();
                for lc in ch.to_lowercase() {
                    self.lower.push(lc);
                }
                for _ in before..self.lower.len() {
                    self.map.push(ob as u32);
                }
            }
            self.map.push(text.len() as u32);
        }
        self.tokenize(lex);
        self.find_hits(lex);
    }

    /// Original byte offset for a byte offset of `lower`.
    fn orig(&self, b: u32) -> u32 {
        if self.map.is_empty() {
            b
        } else {
            self.map.get(b as usize).copied().unwrap_or(b)
        }
    }

    /// The (start, end) Unicode scalar offsets and the quoted text of a span of `lower` in `original`.
    pub fn evidence_span(&self, original: &str, start: u32, end: u32) -> (usize, usize, String) {
        let ob = self.orig(start) as usize;
        let oe = (self.orig(end) as usize).max(ob);
        let ob = ob.min(original.len());
        let oe = oe.min(original.len());
        let quoted = original.get(ob..oe).unwrap_or_default().to_string();
        let cs = original.get(..ob).map_or(0, |s| s.chars().count());
        (cs, cs + quoted.chars().count(), quoted)
    }

    fn tokenize(&mut self, lex: &Lexicon) {
        let s = self.lower.as_str();
        let mut clause: u16 = 0;
        let mut sentence: u16 = 0;
        let mut pending_break = false;
        let mut pending_sentence = false;
        let mut iter = s.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if is_word_char(c) {
                let start = i;
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = iter.peek() {
                    if is_word_char(d) {
                        end = j + d.len_utf8();
                        iter.next();
                    } else if (d == '\'' || d == '-') && {
                        let after = s[j + 1..].chars().next();
                        after.is_some_and(is_word_char)
                    } {
                        iter.next();
                    } else {
                        break;
                    }
                }
                let word = &s[start..end];
                if lex.words.split.contains(word) && !self.tokens.is_empty() {
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
                });
            } else if matches!(c, '.' | '!' | '?' | '\n') {
                pending_sentence = true;
            } else if matches!(c, ',' | ';' | ':' | '(' | ')' | '"') {
                pending_break = true;
            }
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
            .and_then(|t| self.lower.get(t.start as usize..t.end as usize))
            .unwrap_or("")
    }

    fn find_hits(&mut self, lex: &Lexicon) {
        let s = self.lower.as_str();
        let bytes = s.as_bytes();
        let mut raw: Vec<Hit> = Vec::new();
        for m in lex.automaton.find_overlapping_iter(s) {
            let info = match lex.patterns.get(m.pattern().as_usize()) {
                Some(i) => *i,
                None => continue,
            };
            let (st, en) = (m.start(), m.end());
            if info.bound_start && st > 0 {
                let prev = if bytes[st - 1].is_ascii() {
                    Some(bytes[st - 1] as char)
                } else {
                    s[..st].chars().next_back()
                };
                if prev.is_some_and(is_word_char) {
                    continue;
                }
            }
            if info.bound_end && en < s.len() {
                let next = s[en..].chars().next();
                if next.is_some_and(is_word_char) {
                    continue;
                }
            }
            let token = self.tokens.partition_point(|t| t.end <= st as u32);
            let (clause, sentence) = self
                .tokens
                .get(token)
                .map_or((self.clauses.saturating_sub(1), 0), |t| (t.clause, t.sentence));
            let tag = lex
                .cues
                .get(info.cue as usize)
                .map_or(Tag::Hedge, |c| c.tag);
            raw.push(Hit {
                cue: info.cue,
                tag,
                owner: info.owner,
                start: st as u32,
                end: en as u32,
                token: token as u32,
                clause,
                sentence,
            });
        }
        // Within one tag, of two overlapping matches the longer wins (then the earlier).
        raw.sort_by_key(|h| (h.tag as u8, std::cmp::Reverse(h.end - h.start), h.start));
        let mut kept_from = 0;
        let mut last_tag: Option<Tag> = None;
        for h in raw {
            if last_tag != Some(h.tag) {
                kept_from = self.hits.len();
                last_tag = Some(h.tag);
            }
            let overlaps = self.hits[kept_from..]
                .iter()
                .any(|k| k.start < h.end && h.start < k.end);
            if !overlaps {
                self.hits.push(h);
            }
        }
        self.hits.sort_by_key(|h| (h.start, h.end));
    }

    /// Whether a negator stands up to three words before token `tok`, in the same clause.
    pub fn negated(&self, tok: usize, lex: &Lexicon) -> bool {
        let Some(t) = self.tokens.get(tok) else {
            return false;
        };
        let from = tok.saturating_sub(4);
        (from..tok).any(|i| {
            if !(self.tokens.get(i).is_some_and(|x| x.clause == t.clause)
                && lex.words.negators.contains(self.word(i)))
            {
                return false;
            }
            // In a condition ("als ik het niet doe, dreigt hij") the negator
            // only reaches the next word.
            let conditional = (i.saturating_sub(3)..i)
                .any(|k| matches!(self.word(k), "als" | "if" | "wanneer" | "zodra" | "tenzij"));
            !conditional || tok <= i + 1
        })
    }

    /// Whether clause `clause` holds a hedge word or hedge phrase.
    pub fn hedged(&self, clause: u16, lex: &Lexicon) -> bool {
        self.tokens
            .iter()
            .enumerate()
            .any(|(i, t)| t.clause == clause && lex.words.hedges.contains(self.word(i)))
            || self
                .hits
                .iter()
                .any(|h| h.clause == clause && h.tag == Tag::Hedge)
    }

    /// Whether the clause holds a word from `set`.
    pub fn clause_has_word(&self, clause: u16, set: &std::collections::HashSet<String>) -> bool {
        self.tokens
            .iter()
            .enumerate()
            .any(|(i, t)| t.clause == clause && set.contains(self.word(i)))
    }

    /// The hits of a tag in a clause.
    pub fn clause_hits(&self, clause: u16, tag: Tag) -> impl Iterator<Item = &Hit> {
        self.hits
            .iter()
            .filter(move |h| h.clause == clause && h.tag == tag)
    }
}
