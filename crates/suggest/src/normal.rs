//! Chat-speak normalisation: lowercases a message and spells out chat words ("mn", "nie", "kzou") before matching, keeping a map back to the original offsets.
//!
//! The output text is what the lexicon and the model see; every byte of it
//! carries the byte span of the original text it came from, so evidence found
//! in the normalised text quotes the visitor's own words ("kzou" for "ik zou").

/// Chat words and what they stand for. Only whole words are replaced; words that
/// are also ordinary Dutch ("me", "ma", "pa", "dr") stay as they are.
const TABLE: &[(&str, &str)] = &[
    ("mn", "mijn"),
    ("m'n", "mijn"),
    ("zn", "zijn"),
    ("z'n", "zijn"),
    ("nie", "niet"),
    ("ni", "niet"),
    ("nx", "niks"),
    ("nks", "niks"),
    ("ff", "even"),
    ("eff", "even"),
    ("effe", "even"),
    ("idk", "ik weet niet"),
    ("kweet", "ik weet"),
    ("kzou", "ik zou"),
    ("kben", "ik ben"),
    ("kheb", "ik heb"),
    ("kwil", "ik wil"),
    ("kga", "ik ga"),
    ("kmoet", "ik moet"),
    ("kwou", "ik wou"),
    ("kdacht", "ik dacht"),
    ("kdenk", "ik denk"),
    ("kmag", "ik mag"),
    ("kkan", "ik kan"),
    ("kvind", "ik vind"),
    ("kzit", "ik zit"),
    ("kwas", "ik was"),
    ("kwee", "ik weet"),
    ("wrm", "waarom"),
    ("waarm", "waarom"),
    ("ofzo", "of zo"),
    ("enzo", "en zo"),
    ("snachts", "'s nachts"),
    ("smorgens", "'s morgens"),
    ("sochtends", "'s ochtends"),
    ("smiddags", "'s middags"),
    ("savonds", "'s avonds"),
    ("gwn", "gewoon"),
    ("egt", "echt"),
    ("eig", "eigenlijk"),
    ("eigl", "eigenlijk"),
    ("wrs", "waarschijnlijk"),
    ("wrsch", "waarschijnlijk"),
    ("msch", "misschien"),
    ("tog", "toch"),
    ("wt", "wat"),
    ("da", "dat"),
    ("nr", "naar"),
    ("tis", "het is"),
    ("hb", "heb"),
    ("idd", "inderdaad"),
    ("srry", "sorry"),
    ("sry", "sorry"),
    ("thx", "bedankt"),
    ("w8", "wacht"),
    ("omda", "omdat"),
    ("wnt", "want"),
    ("iemd", "iemand"),
    ("bf", "vriend"),
    ("gf", "vriendin"),
    ("1x", "1 keer"),
    ("2x", "2 keer"),
    ("3x", "3 keer"),
    ("4x", "4 keer"),
    ("5x", "5 keer"),
    // Round 59 (walk47: "hij pakt t geld", "ik wil nie meer mar ...").
    ("t", "het"),
    ("mar", "maar"),
];

/// Per byte: whether it is an ASCII letter or digit (`u8::is_ascii_alphanumeric`, one load).
pub(crate) static ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Whether byte `b` is an ASCII letter or digit, by [`ALNUM`].
#[inline]
pub(crate) fn alnum(b: u8) -> bool {
    ALNUM[b as usize]
}

/// The longest chat word the table can hold ("sochtends" has 9 bytes).
const MAX_WORD: usize = 16;

/// A word of at most [`MAX_WORD`] bytes as one number (its bytes, little-endian, zero-padded).
fn key(word: &[u8]) -> Option<u128> {
    if word.is_empty() || word.len() > MAX_WORD {
        return None;
    }
    let mut b = [0u8; MAX_WORD];
    b[..word.len()].copy_from_slice(word);
    Some(u128::from_le_bytes(b))
}

/// The table's words as numbers, sorted, for a binary search.
fn keys() -> &'static [(u128, &'static str)] {
    static KEYS: std::sync::OnceLock<Vec<(u128, &'static str)>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut k: Vec<(u128, &'static str)> = TABLE
            .iter()
            .filter_map(|(w, r)| key(w.as_bytes()).map(|k| (k, *r)))
            .collect();
        k.sort_unstable_by_key(|x| x.0);
        k
    })
}

/// A 12-bit hash of a word's length and its first, second and last bytes.
fn sketch(word: &[u8]) -> usize {
    let (Some(&a), Some(&z)) = (word.first(), word.last()) else {
        return 0;
    };
    let b = word.get(1).copied().unwrap_or(0);
    ((usize::from(a) << 5) ^ (usize::from(b) << 2) ^ usize::from(z) ^ (word.len() << 8)) & 0xfff
}

/// One bit per [`sketch`] of the table's words: most words of a message have no bit set
/// and need no search.
fn sketches() -> &'static [u64; 64] {
    static BITS: std::sync::OnceLock<[u64; 64]> = std::sync::OnceLock::new();
    BITS.get_or_init(|| {
        let mut bits = [0u64; 64];
        for (w, _) in TABLE {
            let h = sketch(w.as_bytes());
            if let Some(x) = bits.get_mut(h >> 6) {
                *x |= 1 << (h & 63);
            }
        }
        bits
    })
}

/// The replacement of one lowercased chat word, if it has one.
pub fn expand(word: &str) -> Option<&'static str> {
    // Every message's every word is looked up: a bit of a sketch first (most words stop
    // there), then one number compared in a binary search, not a scan over the table's
    // strings.
    let h = sketch(word.as_bytes());
    if sketches()
        .get(h >> 6)
        .is_none_or(|x| x & (1 << (h & 63)) == 0)
    {
        return None;
    }
    let k = key(word.as_bytes())?;
    let keys = keys();
    keys.binary_search_by_key(&k, |x| x.0)
        .ok()
        .and_then(|i| keys.get(i))
        .map(|x| x.1)
}

/// A lowercased, normalised text with a map to the original.
#[derive(Debug, Default, Clone)]
pub struct Normalised {
    pub text: String,
    /// Per byte of `text` (plus one past the end): the original byte offset it starts at.
    /// Empty when `text` is the original lowercased byte for byte.
    pub starts: Vec<u32>,
    /// Per byte of `text`: the original byte offset one past the character or word it came from.
    pub ends: Vec<u32>,
    /// The buffers of the text before its chat words were replaced, kept for the next reset.
    spare: (String, Vec<u32>, Vec<u32>),
    /// The length of the original text if it is ASCII (its byte offsets are its
    /// character offsets).
    ascii_len: Option<usize>,
}

impl Normalised {
    /// Lowercases and normalises `original`.
    pub fn new(original: &str) -> Normalised {
        let mut n = Normalised::default();
        n.reset(original);
        n
    }

    /// Reuses the buffers for another text.
    pub fn reset(&mut self, original: &str) {
        self.text.clear();
        self.starts.clear();
        self.ends.clear();
        let ascii = original.is_ascii();
        self.ascii_len = ascii.then_some(original.len());
        if ascii {
            self.text.push_str(original);
            self.text.make_ascii_lowercase();
        } else {
            for (ob, ch) in original.char_indices() {
                let ch = if ch == '’' || ch == '‘' { '\'' } else { ch };
                let before = self.text.len();
                for lc in ch.to_lowercase() {
                    self.text.push(lc);
                }
                for _ in before..self.text.len() {
                    self.starts.push(ob as u32);
                    self.ends.push((ob + ch.len_utf8()) as u32);
                }
            }
            self.starts.push(original.len() as u32);
        }
        if let Some(from) = self.first_chat_word() {
            self.rewrite(original.len(), from);
        }
    }

    /// Original start of byte `b` of `text` (`b` may be one past the end).
    pub fn orig_start(&self, b: u32) -> u32 {
        if self.starts.is_empty() {
            b
        } else {
            self.starts.get(b as usize).copied().unwrap_or(b)
        }
    }

    /// Original end of the span of `text` that ends at byte `e` (exclusive).
    pub fn orig_end(&self, e: u32) -> u32 {
        if e == 0 {
            return self.orig_start(0);
        }
        if self.ends.is_empty() {
            e
        } else {
            self.ends.get(e as usize - 1).copied().unwrap_or(e)
        }
    }

    /// The words of `text` as byte ranges (alphanumerics, with `'` inside a word).
    pub(crate) fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
        let b = text.as_bytes();
        let mut i = 0;
        std::iter::from_fn(move || {
            let is_w = |at: usize| -> Option<(bool, usize)> {
                let x = *b.get(at)?;
                if x.is_ascii() {
                    return Some((alnum(x), 1));
                }
                let c = text.get(at..)?.chars().next()?;
                Some((c.is_alphanumeric(), c.len_utf8()))
            };
            loop {
                let (w, len) = is_w(i)?;
                if w {
                    break;
                }
                i += len;
            }
            let start = i;
            while let Some((w, len)) = is_w(i) {
                if w {
                    i += len;
                } else if b.get(i) == Some(&b'\'') && is_w(i + 1).is_some_and(|x| x.0) {
                    i += 1;
                } else {
                    break;
                }
            }
            Some((start, i))
        })
    }

    /// Where the first chat word of `text` starts, if it has one.
    fn first_chat_word(&self) -> Option<usize> {
        if self.ascii_len.is_some() {
            return Self::first_chat_word_ascii(self.text.as_bytes());
        }
        Self::first_chat_word_of(&self.text)
    }

    /// Where the first chat word of any `text` starts (word by word, [`Normalised::words`]).
    fn first_chat_word_of(text: &str) -> Option<usize> {
        Self::words(text)
            .find(|&(a, b)| {
                let w = &text[a..b];
                w.len() <= MAX_WORD && expand(w).is_some()
            })
            .map(|(a, _)| a)
    }

    /// The words of an ASCII text as [`Normalised::words`] reads them, in one loop over the
    /// bytes (no character decoded).
    fn ascii_words(b: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
        let n = b.len();
        let mut i = 0;
        std::iter::from_fn(move || {
            // Up to the next word.
            while b.get(i).is_some_and(|&x| !alnum(x)) {
                i += 1;
            }
            if i >= n {
                return None;
            }
            let start = i;
            // To its end: alphanumerics, and a `'` with one after it.
            while let Some(&x) = b.get(i) {
                if alnum(x) || (x == b'\'' && b.get(i + 1).is_some_and(|&y| alnum(y))) {
                    i += 1;
                } else {
                    break;
                }
            }
            Some((start, i))
        })
    }

    /// [`Normalised::first_chat_word`] of an ASCII text: its words ([`Normalised::ascii_words`]),
    /// each word's [`sketch`] tested before [`expand`].
    fn first_chat_word_ascii(b: &[u8]) -> Option<usize> {
        let bits = sketches();
        for (start, i) in Self::ascii_words(b) {
            let w = b.get(start..i).unwrap_or_default();
            if w.len() > MAX_WORD {
                continue;
            }
            let h = sketch(w);
            if bits.get(h >> 6).is_none_or(|x| x & (1 << (h & 63)) == 0) {
                continue;
            }
            if std::str::from_utf8(w).ok().and_then(expand).is_some() {
                return Some(start);
            }
        }
        None
    }

    /// Replaces the chat words, composing the maps; `from` is where the first one starts
    /// (the words are read from there on).
    fn rewrite(&mut self, original_len: usize, from: usize) {
        let (mut text, mut starts, mut ends) = std::mem::take(&mut self.spare);
        text.clear();
        starts.clear();
        ends.clear();
        let old = std::mem::take(&mut self.text);
        let identity = self.starts.is_empty();
        let old_start = |b: usize| -> u32 {
            if identity {
                b as u32
            } else {
                self.starts.get(b).copied().unwrap_or(original_len as u32)
            }
        };
        let old_end = |b: usize| -> u32 {
            if identity {
                b as u32 + 1
            } else {
                self.ends.get(b).copied().unwrap_or(original_len as u32)
            }
        };
        text.reserve(old.len() + 16);
        starts.reserve(old.len() + 17);
        ends.reserve(old.len() + 16);
        // The maps of the bytes `a..b` of the old text, copied as they are.
        let copy = |starts: &mut Vec<u32>, ends: &mut Vec<u32>, a: usize, b: usize| {
            if identity {
                starts.extend(a as u32..b as u32);
                ends.extend(a as u32 + 1..b as u32 + 1);
            } else {
                starts.extend((a..b).map(old_start));
                ends.extend((a..b).map(old_end));
            }
        };
        let mut copied = 0;
        let rest = old.get(from..).unwrap_or("");
        let mut word = |a: usize, b: usize| {
            let Some(rep) = (b - a <= MAX_WORD).then(|| expand(&old[a..b])).flatten() else {
                return;
            };
            copy(&mut starts, &mut ends, copied, a);
            text.push_str(&old[copied..a]);
            // Every byte of the replacement stands for the whole original word.
            let (os, oe) = (old_start(a), old_end(b - 1));
            text.push_str(rep);
            starts.extend(std::iter::repeat_n(os, rep.len()));
            ends.extend(std::iter::repeat_n(oe, rep.len()));
            copied = b;
        };
        // (An ASCII text's words in a loop over its bytes: the same words, no character
        // decoded.)
        if self.ascii_len.is_some() {
            for (a, b) in Self::ascii_words(rest.as_bytes()) {
                word(a + from, b + from);
            }
        } else {
            for (a, b) in Self::words(rest) {
                word(a + from, b + from);
            }
        }
        copy(&mut starts, &mut ends, copied, old.len());
        text.push_str(&old[copied..]);
        starts.push(original_len as u32);
        self.text = text;
        let old_starts = std::mem::replace(&mut self.starts, starts);
        let old_ends = std::mem::replace(&mut self.ends, ends);
        self.spare = (old, old_starts, old_ends);
    }

    /// The original text of a span of `text`, with Unicode scalar offsets: (start, end, quote).
    /// `original` is the text given to [`Normalised::reset`] (the map is of that text).
    pub fn span(&self, original: &str, start: u32, end: u32) -> (usize, usize, String) {
        let (cs, ce, quoted) = self.span_str(original, start, end);
        (cs, ce, quoted.to_string())
    }

    /// [`Normalised::span`] with the quote borrowed from `original`.
    pub fn span_str<'o>(&self, original: &'o str, start: u32, end: u32) -> (usize, usize, &'o str) {
        let ob = (self.orig_start(start) as usize).min(original.len());
        let oe = (self.orig_end(end) as usize).max(ob).min(original.len());
        let quoted = original.get(ob..oe).unwrap_or_default();
        // The ASCII text this was made from: a byte is a character, nothing to count.
        if self.ascii_len == Some(original.len()) && original.is_char_boundary(ob) {
            return (ob, oe, quoted);
        }
        let cs = original.get(..ob).map_or(0, |s| s.chars().count());
        (cs, cs + quoted.chars().count(), quoted)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The byte loop over an ASCII text finds the chat word the word iterator finds.
        #[test]
        fn the_ascii_scan_finds_what_the_words_find(
            parts in proptest::collection::vec(
                prop_oneof![
                    "[a-z0-9]{1,20}",
                    "[ .,!?'()-]{1,3}",
                    Just("mn".to_string()),
                    Just("m'n".to_string()),
                    Just("kzou".to_string()),
                    Just("sochtends".to_string()),
                    Just("1x".to_string()),
                    Just("'".to_string()),
                ],
                0..12,
            )
        ) {
            let text = parts.concat();
            prop_assert_eq!(
                Normalised::first_chat_word_ascii(text.as_bytes()),
                Normalised::first_chat_word_of(&text)
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The byte loop reads an ASCII text's words as the word iterator reads them.
        #[test]
        fn the_ascii_words_are_the_words(text in "[a-z0-9 .,!?'()-]{0,40}") {
            prop_assert_eq!(
                Normalised::ascii_words(text.as_bytes()).collect::<Vec<_>>(),
                Normalised::words(&text).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn the_byte_table_is_ascii_alphanumeric() {
        for b in 0..=255u8 {
            assert_eq!(alnum(b), b.is_ascii_alphanumeric(), "{b}");
        }
    }

    #[test]
    fn every_chat_word_is_found_and_no_other() {
        for (w, r) in TABLE {
            assert_eq!(expand(w), Some(*r), "{w}");
        }
        // Longer than eight bytes (the old key's limit) and still spelled out.
        assert_eq!(expand("sochtends"), Some("'s ochtends"));
        for w in [
            "",
            "m",
            "mijn",
            "niet",
            "nie ",
            "mnn",
            "kzouu",
            "ofzoo",
            "123456789",
        ] {
            assert_eq!(expand(w), None, "{w:?}");
        }
    }

    fn quote(orig: &str, n: &Normalised, needle: &str) -> String {
        let a = n.text.find(needle).unwrap();
        n.span(orig, a as u32, (a + needle.len()) as u32).2
    }

    #[test]
    fn chat_words_are_spelt_out() {
        let o = "kzou nie weten wrm mn stiefbroer snachts komt, idk ofzo";
        let n = Normalised::new(o);
        assert_eq!(
            n.text,
            "ik zou niet weten waarom mijn stiefbroer 's nachts komt, ik weet niet of zo"
        );
    }

    #[test]
    fn spans_map_back_to_the_original_words() {
        let o = "Mn Stiefbroer komt SNACHTS op m'n kamer";
        let n = Normalised::new(o);
        assert_eq!(quote(o, &n, "mijn stiefbroer"), "Mn Stiefbroer");
        assert_eq!(quote(o, &n, "nachts"), "SNACHTS");
        assert_eq!(quote(o, &n, "mijn kamer"), "m'n kamer");
        assert_eq!(quote(o, &n, "op"), "op");
        // Scalar offsets of the quote in the original.
        let a = n.text.find("mijn kamer").unwrap() as u32;
        let (s, e, _) = n.span(o, a, a + 10);
        assert_eq!(
            o.chars().skip(s).take(e - s).collect::<String>(),
            "m'n kamer"
        );
    }

    #[test]
    fn part_of_an_expansion_quotes_the_whole_word() {
        let o = "kzou het nie doen";
        let n = Normalised::new(o);
        assert_eq!(quote(o, &n, "zou"), "kzou");
        assert_eq!(quote(o, &n, "niet doen"), "nie doen");
    }

    #[test]
    fn non_ascii_text_keeps_its_offsets() {
        let o = "Één keer… mn vriend’s auto, één";
        let n = Normalised::new(o);
        assert!(n.text.starts_with("één keer… mijn vriend's auto"));
        assert_eq!(quote(o, &n, "mijn vriend's"), "mn vriend’s");
        let a = n.text.rfind("één").unwrap() as u32;
        let (s, e, q) = n.span(o, a, a + "één".len() as u32);
        assert_eq!(q, "één");
        assert_eq!((s, e), (28, 31));
    }

    #[test]
    fn ordinary_words_and_words_inside_words_stay() {
        for o in ["niet", "nieuw", "me", "mnd", "ma en pa", "dff", "ff5"] {
            assert_eq!(Normalised::new(o).text, o.to_lowercase(), "{o}");
            assert!(Normalised::new(o).starts.is_empty(), "{o}");
        }
    }

    #[test]
    fn plain_ascii_needs_no_map() {
        let n = Normalised::new("Hij Slaat Me");
        assert_eq!(n.text, "hij slaat me");
        assert!(n.starts.is_empty());
        assert_eq!(n.span("Hij Slaat Me", 4, 9).2, "Slaat");
    }
}
