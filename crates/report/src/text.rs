//! Sentence building blocks: the report's number style, Dutch and English singular/plural, bold markup and privacy-coded ages.

use zicht_codebook::Lang;
use zicht_stats::{fmt_count, fmt_pct};

use crate::model::{Rich, Span};

/// Picks the Dutch or the English text.
pub fn tr<'a>(lang: Lang, nl: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

/// A count with its noun, singular for exactly one: "1 geval", "2 gevallen".
pub fn count_noun(n: u64, lang: Lang, one: &str, many: &str) -> String {
    format!("{} {}", fmt_count(n, lang), if n == 1 { one } else { many })
}

/// The mark of a suppressed count in tables, figures and "(n = x)": one mark for every
/// suppressed count, small or suppressed with it, so the mark itself says nothing about its size.
pub const SUPPRESSED: &str = "x";

/// A count or, when suppressed, [`SUPPRESSED`] ("-" when nothing is suppressed at all).
pub fn count_or_less(n: Option<u64>, k: Option<u64>, lang: Lang) -> String {
    match (n, k) {
        (Some(n), _) => fmt_count(n, lang),
        (None, Some(_)) => SUPPRESSED.to_string(),
        (None, None) => "-".to_string(),
    }
}

/// Like [`count_noun`] but a suppressed count reads "een onderdrukt aantal gevallen".
pub fn count_noun_or_less(
    n: Option<u64>,
    k: Option<u64>,
    lang: Lang,
    one: &str,
    many: &str,
) -> String {
    match (n, k) {
        (Some(n), _) => count_noun(n, lang, one, many),
        (None, Some(_)) => format!(
            "{} {many}",
            tr(lang, "een onderdrukt aantal", "a suppressed number of")
        ),
        (None, None) => format!("- {many}"),
    }
}

/// A share in the report's style, "41,3%"; "-" when the part is suppressed or the whole is 0.
pub fn share(part: Option<u64>, whole: u64, lang: Lang) -> String {
    match part {
        Some(p) if whole > 0 => fmt_pct(p, whole, lang),
        _ => "-".to_string(),
    }
}

/// Below this base a share is written as a count in words ("drie van de zeven"),
/// never as a percentage: with fewer than 20 cases one case moves the share by more
/// than five percentage points, so "41,3%" would claim a precision that is not there
/// (and "100,0% (n = 1)" says less than "het ene geval"). Twenty is also where Dutch
/// and English house styles stop writing numbers in words.
pub const WORDS_BELOW: u64 = 20;

/// A number up to twenty in words: "drie" / "three"; larger numbers in digits.
pub fn number_word(n: u64, lang: Lang) -> String {
    const NL: [&str; 21] = [
        "nul",
        "\u{e9}\u{e9}n",
        "twee",
        "drie",
        "vier",
        "vijf",
        "zes",
        "zeven",
        "acht",
        "negen",
        "tien",
        "elf",
        "twaalf",
        "dertien",
        "veertien",
        "vijftien",
        "zestien",
        "zeventien",
        "achttien",
        "negentien",
        "twintig",
    ];
    const EN: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    let words = match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    };
    usize::try_from(n)
        .ok()
        .and_then(|i| words.get(i))
        .map_or_else(|| fmt_count(n, lang), |w| (*w).to_string())
}

/// A share for running text: "41,3%" of a base of at least [`WORDS_BELOW`], and below
/// it a count in words: "drie van de zeven", "geen van de vijf", "alle zes", "\u{e9}\u{e9}n van \u{e9}\u{e9}n".
pub fn share_text(part: Option<u64>, whole: u64, lang: Lang) -> String {
    match part {
        Some(p) if whole > 0 && whole < WORDS_BELOW => {
            let w = number_word(whole, lang);
            match (p, lang) {
                (0, Lang::Nl) if whole == 1 => "geen van \u{e9}\u{e9}n".to_string(),
                (0, Lang::En) if whole == 1 => "none of one".to_string(),
                (0, Lang::Nl) => format!("geen van de {w}"),
                (0, Lang::En) => format!("none of the {w}"),
                (p, Lang::Nl) if p == whole && whole > 1 => format!("alle {w}"),
                (p, Lang::En) if p == whole && whole > 1 => format!("all {w}"),
                (p, _) if whole == 1 => {
                    format!("{} {} {w}", number_word(p, lang), tr(lang, "van", "of"))
                }
                (p, _) => format!(
                    "{} {} {w}",
                    number_word(p, lang),
                    tr(lang, "van de", "of the")
                ),
            }
        }
        _ => share(part, whole, lang),
    }
}

/// A noun in singular and plural: `Noun("slachtoffer", "slachtoffers")`.
#[derive(Debug, Clone, Copy)]
pub struct Noun<'a>(pub &'a str, pub &'a str);

/// A part of a known base as one noun phrase, composed so that no word or number is
/// said twice: the phrase, whether it is in words (base below [`WORDS_BELOW`]), and
/// whether a verb after it takes the plural.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    pub text: String,
    pub words: bool,
    pub plural: bool,
}

impl Phrase {
    /// The verb agreeing with the phrase: `p.verb("was", "waren")`.
    pub fn verb<'a>(&self, one: &'a str, many: &'a str) -> &'a str {
        if self.plural { many } else { one }
    }
}

/// A part of a base that is itself suppressed: "een onderdrukt aantal
/// slachtoffers" / "a suppressed number of victims" (no number at all).
pub fn hidden_whole_phrase(lang: Lang, noun: Noun, tail: &str) -> Phrase {
    Phrase {
        text: format!(
            "{} {}{tail}",
            tr(lang, "een onderdrukt aantal", "a suppressed number of"),
            noun.1
        ),
        words: false,
        plural: lang == Lang::En,
    }
}

/// `part` of `whole` people or things, `tail` a relative clause on the noun
/// (" van wie het gender bekend is"):
/// - base of at least [`WORDS_BELOW`]: "78,9% van de 134 slachtoffers van wie …";
/// - smaller base, in words: "vijftien van de negentien slachtoffers van wie …",
///   "alle zes slachtoffers", "geen van de vijf slachtoffers", "het enige slachtoffer";
/// - a suppressed part (`None` under `--min-cell` K): "een onderdrukt aantal van de 134
///   slachtoffers" (not "fewer than K": a count hidden with it may be larger), and when the
///   base itself is below K, "een onderdrukt aantal slachtoffers".
pub fn share_phrase(
    part: Option<u64>,
    whole: u64,
    k: Option<u64>,
    lang: Lang,
    noun: Noun,
    tail: &str,
) -> Phrase {
    let Noun(one, many) = noun;
    // Without disclosure control a missing count is a zero count.
    let part = if k.is_none() {
        Some(part.unwrap_or(0))
    } else {
        part
    };
    let whole_hidden = k.is_some_and(|k| whole > 0 && whole < k);
    let (text, words, plural) = match part {
        _ if whole_hidden => {
            let p = hidden_whole_phrase(lang, noun, tail);
            (p.text, false, p.plural)
        }
        None => (
            match lang {
                Lang::Nl => format!(
                    "een onderdrukt aantal van de {} {many}{tail}",
                    fmt_count(whole, lang)
                ),
                Lang::En => format!(
                    "a suppressed number of the {} {many}{tail}",
                    fmt_count(whole, lang)
                ),
            },
            false,
            lang == Lang::En,
        ),
        Some(p) if whole >= WORDS_BELOW => (
            match lang {
                Lang::Nl => format!(
                    "{} van de {} {many}{tail}",
                    fmt_pct(p, whole, lang),
                    fmt_count(whole, lang)
                ),
                Lang::En => format!(
                    "{} of the {} {many}{tail}",
                    fmt_pct(p, whole, lang),
                    fmt_count(whole, lang)
                ),
            },
            false,
            lang == Lang::En,
        ),
        Some(p) => {
            let w = number_word(whole, lang);
            let text = match (lang, p) {
                (Lang::Nl, 1) if whole == 1 => format!("het enige {one}{tail}"),
                (Lang::En, 1) if whole == 1 => format!("the only {one}{tail}"),
                (Lang::Nl, 0) if whole == 1 => format!("geen {one}{tail} (van \u{e9}\u{e9}n)"),
                (Lang::En, 0) if whole == 1 => format!("no {one}{tail} (of one)"),
                (Lang::Nl, 0) => format!("geen van de {w} {many}{tail}"),
                (Lang::En, 0) => format!("none of the {w} {many}{tail}"),
                (Lang::Nl, p) if p == whole => format!("alle {w} {many}{tail}"),
                (Lang::En, p) if p == whole => format!("all {w} {many}{tail}"),
                (_, p) => format!(
                    "{} {} {w} {many}{tail}",
                    number_word(p, lang),
                    tr(lang, "van de", "of the")
                ),
            };
            // "één van de zeven slachtoffers was", "drie van de zeven waren",
            // "geen van de vijf was"; "none of the five were" in English usage.
            let plural = match lang {
                Lang::Nl => p > 1,
                Lang::En => p != 1 || whole == 0,
            } && !(whole == 1 && p == 1);
            (text, true, plural)
        }
    };
    Phrase {
        text,
        words,
        plural,
    }
}

/// A whole number of years, rounded: "21".
pub fn years(x: f64) -> String {
    format!("{}", x.round() as i64)
}

/// Bounds for printing extreme ages (privacy): below `young` and above `old` only the bound is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgeCoding {
    pub young: u32,
    pub old: u32,
}

impl Default for AgeCoding {
    fn default() -> Self {
        AgeCoding { young: 12, old: 65 }
    }
}

impl AgeCoding {
    /// "jonger dan 12", "ouder dan 65" or "17 jaar" / "younger than 12", ….
    pub fn age(&self, age: u32, lang: Lang) -> String {
        if age < self.young {
            format!("{} {}", tr(lang, "jonger dan", "younger than"), self.young)
        } else if age > self.old {
            format!("{} {}", tr(lang, "ouder dan", "older than"), self.old)
        } else {
            format!("{age} {}", tr(lang, "jaar", "years old"))
        }
    }
}

/// Parses text with `**bold**` markers into spans.
pub fn rich(text: &str) -> Rich {
    let mut out = Vec::new();
    for (i, part) in text.split("**").enumerate() {
        if !part.is_empty() {
            out.push(Span {
                bold: i % 2 == 1,
                ..Span::plain(part)
            });
        }
    }
    out
}

/// Capitalises the first letter of a sentence.
pub fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Joins items as "a, b en c" / "a, b and c".
pub fn join_and(items: &[String], lang: Lang) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!(
            "{} {} {}",
            items[..n - 1].join(", "),
            tr(lang, "en", "and"),
            items[n - 1]
        ),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn dutch_singular_and_plural() {
        assert_eq!(count_noun(1, Lang::Nl, "geval", "gevallen"), "1 geval");
        assert_eq!(count_noun(2, Lang::Nl, "geval", "gevallen"), "2 gevallen");
        assert_eq!(count_noun(0, Lang::Nl, "geval", "gevallen"), "0 gevallen");
        assert_eq!(
            count_noun(1234, Lang::Nl, "geval", "gevallen"),
            "1.234 gevallen"
        );
        assert_eq!(count_noun(1, Lang::En, "case", "cases"), "1 case");
    }

    #[test]
    fn shares_in_report_style() {
        assert_eq!(share(Some(83), 201, Lang::Nl), "41,3%");
        assert_eq!(share(Some(83), 201, Lang::En), "41.3%");
        assert_eq!(share(None, 201, Lang::Nl), "-");
        assert_eq!(count_or_less(None, Some(5), Lang::Nl), "x");
        assert_eq!(
            count_noun_or_less(None, Some(5), Lang::Nl, "geval", "gevallen"),
            "een onderdrukt aantal gevallen"
        );
    }

    #[test]
    fn small_bases_are_written_in_words() {
        assert_eq!(share_text(Some(3), 7, Lang::Nl), "drie van de zeven");
        assert_eq!(share_text(Some(0), 5, Lang::Nl), "geen van de vijf");
        assert_eq!(share_text(Some(6), 6, Lang::Nl), "alle zes");
        assert_eq!(
            share_text(Some(1), 1, Lang::Nl),
            "\u{e9}\u{e9}n van \u{e9}\u{e9}n"
        );
        assert_eq!(share_text(Some(2), 19, Lang::En), "two of the nineteen");
        assert_eq!(share_text(Some(0), 1, Lang::En), "none of one");
        assert_eq!(share_text(Some(83), 201, Lang::Nl), "41,3%");
        assert_eq!(share_text(Some(5), 20, Lang::Nl), "25,0%");
        assert_eq!(share_text(None, 7, Lang::Nl), "-");
    }

    #[test]
    fn a_share_and_its_noun_are_one_phrase() {
        let v = Noun("slachtoffer", "slachtoffers");
        let e = Noun("victim", "victims");
        let t = " van wie het gender bekend is";
        let p = share_phrase(Some(15), 19, None, Lang::Nl, v, t);
        assert_eq!(
            p.text,
            "vijftien van de negentien slachtoffers van wie het gender bekend is"
        );
        assert!(p.words && p.plural);
        let p = share_phrase(Some(3), 18, None, Lang::Nl, v, "");
        assert_eq!(
            format!("{} {} jonger dan 16", p.text, p.verb("was", "waren")),
            "drie van de achttien slachtoffers waren jonger dan 16"
        );
        let p = share_phrase(Some(1), 18, None, Lang::Nl, v, "");
        assert_eq!(p.verb("was", "waren"), "was");
        assert_eq!(
            share_phrase(Some(1), 1, None, Lang::Nl, v, "").text,
            "het enige slachtoffer"
        );
        assert_eq!(
            share_phrase(Some(1), 1, None, Lang::En, e, "").text,
            "the only victim"
        );
        assert_eq!(
            share_phrase(Some(6), 6, None, Lang::Nl, v, "").text,
            "alle zes slachtoffers"
        );
        assert_eq!(
            share_phrase(Some(0), 5, None, Lang::En, e, "").text,
            "none of the five victims"
        );
        let p = share_phrase(Some(15), 19, None, Lang::En, e, " whose gender is known");
        assert_eq!(
            p.text,
            "fifteen of the nineteen victims whose gender is known"
        );
        assert_eq!(p.verb("was", "were"), "were");
        // A base of twenty or more: a percentage with its base; Dutch "was", English "were".
        let p = share_phrase(Some(83), 201, None, Lang::Nl, v, "");
        assert_eq!(
            (p.text.as_str(), p.verb("was", "waren")),
            ("41,3% van de 201 slachtoffers", "was")
        );
        let p = share_phrase(Some(83), 201, None, Lang::En, e, "");
        assert_eq!(
            (p.text.as_str(), p.verb("was", "were")),
            ("41.3% of the 201 victims", "were")
        );
        // Suppressed: never a bare mark, never "fewer than K" (a count hidden with it may be larger).
        assert_eq!(
            share_phrase(None, 19, Some(5), Lang::Nl, v, "").text,
            "een onderdrukt aantal van de 19 slachtoffers"
        );
        assert_eq!(
            share_phrase(Some(1), 1, Some(5), Lang::En, e, "").text,
            "a suppressed number of victims"
        );
        // Every small base, both languages: the noun once, no digit, no "van de … van".
        for whole in 1..WORDS_BELOW {
            for part in 0..=whole {
                for (lang, noun) in [(Lang::Nl, v), (Lang::En, e)] {
                    let p = share_phrase(Some(part), whole, None, lang, noun, "");
                    assert!(!p.text.contains(char::is_numeric), "{}", p.text);
                    assert_eq!(p.text.matches(noun.0).count(), 1, "{}", p.text);
                    assert!(
                        p.text.matches(tr(lang, "van", "of")).count() <= 1,
                        "{}",
                        p.text
                    );
                }
            }
        }
    }

    #[test]
    fn extreme_ages_are_coded() {
        let c = AgeCoding::default();
        assert_eq!(c.age(9, Lang::Nl), "jonger dan 12");
        assert_eq!(c.age(70, Lang::Nl), "ouder dan 65");
        assert_eq!(c.age(12, Lang::Nl), "12 jaar");
        assert_eq!(c.age(66, Lang::En), "older than 65");
    }

    #[test]
    fn bold_markers() {
        let r = rich("een **vet** woord");
        assert_eq!(r.len(), 3);
        assert!(r[1].bold && r[1].text == "vet");
    }
}
