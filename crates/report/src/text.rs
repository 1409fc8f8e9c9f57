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
