//! Story facts of one conversation for duplicate linking: ages, relations, places, platforms, names.
//!
//! A light reading of the visitor's own messages (never the counsellor's,
//! whose questions would make every chat "mention" the same things). It looks
//! for what a returning visitor is likely to tell again: the victim's age
//! ("ik ben 15", "15 jaar"), the perpetrator's relation ("mijn stiefvader"),
//! places ("in Zwolle", "uit Den Bosch"), platforms ("via snapchat") and
//! first names ("hij heet Rico"). The codebook values that assisted coding
//! finds can be added with [`Facts::add_coded`].

use std::collections::BTreeSet;

use zicht_conversations::{Conversation, From};

/// What a conversation tells about the visitor's story.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Ages in years the visitor mentions.
    pub ages: BTreeSet<u32>,
    /// The same ages as text (what linking compares).
    pub age_words: BTreeSet<String>,
    /// Relations of people in the story, canonical Dutch words (`stiefvader`, `vriend`).
    pub relations: BTreeSet<String>,
    /// Places, lowercased.
    pub places: BTreeSet<String>,
    /// Platforms, canonical lowercase names.
    pub platforms: BTreeSet<String>,
    /// First names and nicknames of people in the story, lowercased.
    pub names: BTreeSet<String>,
    /// Descriptions of places (`de garage achter de flat`), lowercased.
    pub spots: BTreeSet<String>,
    /// Codebook values from assisted coding, as `variable=code`.
    pub coded: BTreeSet<String>,
    /// The visitor says they chatted here before.
    pub returning: bool,
}

/// Relation words and their canonical form.
const RELATIONS: &[(&str, &str)] = &[
    ("vriendje", "vriend"),
    ("vriend", "vriend"),
    ("ex", "ex"),
    ("exvriend", "ex"),
    ("loverboy", "loverboy"),
    ("pooier", "pooier"),
    ("stiefvader", "stiefvader"),
    ("stiefpa", "stiefvader"),
    ("stiefmoeder", "stiefmoeder"),
    ("vader", "vader"),
    ("papa", "vader"),
    ("pa", "vader"),
    ("moeder", "moeder"),
    ("mama", "moeder"),
    ("ma", "moeder"),
    ("ouders", "ouders"),
    ("pleegvader", "pleegvader"),
    ("pleegmoeder", "pleegmoeder"),
    ("pleegouders", "pleegouders"),
    ("oom", "oom"),
    ("tante", "tante"),
    ("broer", "broer"),
    ("broertje", "broer"),
    ("zus", "zus"),
    ("zusje", "zus"),
    ("opa", "opa"),
    ("oma", "oma"),
    ("neef", "neef"),
    ("nicht", "nicht"),
    ("buurman", "buurman"),
    ("baas", "baas"),
    ("werkgever", "baas"),
    ("leraar", "leraar"),
    ("docent", "leraar"),
    ("trainer", "trainer"),
    ("vriendin", "vriendin"),
];

/// Platform words and their canonical name.
const PLATFORMS: &[(&str, &str)] = &[
    ("instagram", "instagram"),
    ("insta", "instagram"),
    ("ig", "instagram"),
    ("snapchat", "snapchat"),
    ("snap", "snapchat"),
    ("tiktok", "tiktok"),
    ("whatsapp", "whatsapp"),
    ("app", "whatsapp"),
    ("telegram", "telegram"),
    ("facebook", "facebook"),
    ("fb", "facebook"),
    ("tinder", "tinder"),
    ("badoo", "badoo"),
    ("grindr", "grindr"),
    ("bumble", "bumble"),
    ("discord", "discord"),
    ("kik", "kik"),
    ("onlyfans", "onlyfans"),
    ("twitter", "twitter"),
    ("x", "twitter"),
    ("marktplaats", "marktplaats"),
    ("sexjobs", "sexjobs"),
    ("kinky", "kinky"),
    ("hookers", "hookers"),
    ("youtube", "youtube"),
];

/// Larger Dutch and Belgian places, lowercased, so that lowercase chat text still finds them.
const PLACES: &[&str] = &[
    "amsterdam",
    "rotterdam",
    "den haag",
    "utrecht",
    "eindhoven",
    "groningen",
    "tilburg",
    "almere",
    "breda",
    "nijmegen",
    "apeldoorn",
    "haarlem",
    "arnhem",
    "enschede",
    "amersfoort",
    "zaanstad",
    "den bosch",
    "zwolle",
    "leiden",
    "maastricht",
    "dordrecht",
    "zoetermeer",
    "deventer",
    "delft",
    "alkmaar",
    "heerlen",
    "venlo",
    "leeuwarden",
    "hilversum",
    "emmen",
    "assen",
    "lelystad",
    "middelburg",
    "helmond",
    "oss",
    "roosendaal",
    "gouda",
    "schiedam",
    "vlaardingen",
    "purmerend",
    "hoorn",
    "antwerpen",
    "brussel",
    "gent",
];

/// Words after which a capitalised word is read as a place.
const PLACE_CUES: &[&str] = &["in", "uit", "naar", "bij", "rond", "vanuit"];

/// Words after which the next word is read as a first name or nickname.
const NAME_CUES: &[&str] = &["heet", "heette", "noemde", "noemt", "noemen", "bijnaam"];

/// Pronouns that sit between a name cue and the name (`noemt hem Rico`).
const PRONOUNS: &[&str] = &[
    "hem", "haar", "hij", "zij", "ze", "hun", "mij", "me", "jou", "ons", "een", "zichzelf",
];

/// Words after which a description of a place follows (`bij de garage achter de flat`).
const PLACE_PHRASE_CUES: &[&str] = &["bij", "naar"];

/// What a visitor says when they come back (`ik heb hier al eerder gechat`).
const RETURNING_CUES: &[&str] = &[
    "eerder gechat",
    "al eens gechat",
    "hier al eens",
    "hier al eerder",
    "vorige keer",
    "ben het weer",
    "andere naam",
    "andere gebruikersnaam",
    "nog een keer terug",
];

/// Words that end a place description.
const PHRASE_STOPS: &[&str] = &[
    "in", "en", "maar", "want", "met", "om", "als", "of", "dan", "toen", "die", "dat", "waar",
];

/// Articles that open a description of a place.
const ARTICLES: &[&str] = &["de", "het", "een", "die", "dat", "deze"];

/// Words that end a sentence rather than a place description (`het park achter de school is`).
const TRAILING: &[&str] = &[
    "is", "was", "ik", "hij", "zij", "ze", "we", "wij", "je", "het", "dit", "daar", "er", "ook",
    "nog", "dan", "toen", "moet", "moest", "wordt", "werd", "gaat", "ging", "zegt", "zei", "mijn",
];

/// Words too common to make a place description specific.
const FUNCTION_WORDS: &[&str] = &[
    "de", "het", "een", "van", "op", "aan", "bij", "naar", "achter", "boven", "onder", "buiten",
    "binnen", "voor", "naast", "rand", "mijn", "zijn", "haar", "hem", "mij", "me", "ons", "huis",
    "thuis", "school", "stad",
];

/// Titles: with the word after them one name ("mister b", "meneer Jansen");
/// alone they say nothing about who it is.
const TITLES: &[&str] = &[
    "mister", "meneer", "mevrouw", "mr", "mevr", "dhr", "sir", "miss", "mrs", "madam",
];

/// Capitalised words that are neither names nor places.
const NOT_NAMES: &[&str] = &[
    "ik",
    "hij",
    "zij",
    "ze",
    "wij",
    "we",
    "jij",
    "je",
    "u",
    "het",
    "de",
    "een",
    "mijn",
    "maar",
    "en",
    "toen",
    "nu",
    "dat",
    "dit",
    "die",
    "wat",
    "waarom",
    "hoe",
    "nee",
    "ja",
    "oke",
    "oké",
    "sorry",
    "hoi",
    "hallo",
    "dank",
    "bedankt",
    "god",
    "politie",
    "fier",
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
    "nederland",
    "belgie",
    "belgië",
    "duitsland",
    "school",
    "mbo",
    "hbo",
    "havo",
    "vwo",
    "vmbo",
];

/// Words that make a neighbouring number an age.
const AGE_AFTER: &[&str] = &["jaar", "jr", "jaartjes", "jarig", "j"];
const AGE_BEFORE: &[&str] = &["ben", "was", "werd", "word", "leeftijd", "pas", "bijna"];

fn lookup<'a>(table: &'a [(&str, &'a str)], word: &str) -> Option<&'a str> {
    table.iter().find(|(w, _)| *w == word).map(|(_, c)| *c)
}

/// A word of a message: its text as written and lowercased, and whether it opens a sentence.
struct Word<'a> {
    raw: &'a str,
    lower: String,
    sentence_start: bool,
    /// Punctuation (or the start of the text) comes before this word.
    clause_start: bool,
}

fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut sentence_start = true;
    let mut pending_start = true;
    let mut clause_start = true;
    let mut pending_clause = true;
    for (i, ch) in text.char_indices() {
        if ch.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
                sentence_start = pending_start;
                clause_start = pending_clause;
                pending_start = false;
                pending_clause = false;
            }
        } else {
            if let Some(s) = start.take() {
                let raw = &text[s..i];
                out.push(Word {
                    raw,
                    lower: raw.to_lowercase(),
                    sentence_start,
                    clause_start,
                });
            }
            if matches!(ch, '.' | '!' | '?' | '\n') {
                pending_start = true;
            }
            if matches!(ch, '.' | '!' | '?' | '\n' | ',' | ';' | ':' | '(' | ')') {
                pending_clause = true;
            }
        }
    }
    if let Some(s) = start {
        let raw = &text[s..];
        out.push(Word {
            raw,
            lower: raw.to_lowercase(),
            sentence_start,
            clause_start,
        });
    }
    out
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) && word.chars().count() >= 3
}

impl Facts {
    /// Reads the facts from the visitor's messages of a conversation.
    pub fn extract(conversation: &Conversation) -> Facts {
        let mut facts = Facts::default();
        for message in &conversation.messages {
            if message.from == From::Visitor {
                facts.read(&message.text);
            }
        }
        facts
    }

    /// Adds the facts of one text.
    pub fn read(&mut self, text: &str) {
        let ws = words(text);
        let lower_text = text.to_lowercase();
        for place in PLACES {
            if contains_word(&lower_text, place) {
                self.places.insert((*place).to_string());
            }
        }
        let mut phrase_end = 0;
        if RETURNING_CUES.iter().any(|cue| lower_text.contains(cue)) {
            self.returning = true;
        }
        for (i, w) in ws.iter().enumerate() {
            let prev = i.checked_sub(1).map(|p| ws[p].lower.as_str());
            let next = ws.get(i + 1).map(|n| n.lower.as_str());
            if let Ok(n) = w.lower.parse::<u32>() {
                let prev2 = i.checked_sub(2).map(|p| ws[p].lower.as_str());
                let alone = ws.len() == 1;
                let near_age_word = alone
                    || next.is_some_and(|x| AGE_AFTER.contains(&x))
                    || prev.is_some_and(|x| AGE_BEFORE.contains(&x))
                    || (prev2 == Some("ben")
                        && prev.is_some_and(|x| x.chars().all(char::is_alphabetic)));
                if (8..=80).contains(&n) && near_age_word {
                    self.ages.insert(n);
                    self.age_words.insert(n.to_string());
                }
                continue;
            }
            // "15jaar", "15jr", "15j".
            if let Some(digits_end) = w.lower.find(|c: char| !c.is_ascii_digit())
                && digits_end > 0
                && AGE_AFTER.contains(&&w.lower[digits_end..])
                && let Ok(n) = w.lower[..digits_end].parse::<u32>()
                && (8..=80).contains(&n)
            {
                self.ages.insert(n);
                self.age_words.insert(n.to_string());
            }
            if let Some(rel) = lookup(RELATIONS, &w.lower) {
                // "ex" and "pa"/"ma" are too short to trust without "mijn"/"zijn"/"haar" before them.
                let short = w.lower.chars().count() <= 2;
                if !short
                    || prev.is_some_and(|p| matches!(p, "mijn" | "m'n" | "zijn" | "haar" | "z'n"))
                {
                    self.relations.insert(rel.to_string());
                }
            }
            if let Some(p) = lookup(PLATFORMS, &w.lower) {
                let short = w.lower.chars().count() <= 3;
                if !short || prev.is_some_and(|p| matches!(p, "via" | "op" | "over")) {
                    self.platforms.insert(p.to_string());
                }
            }
            if PLACE_PHRASE_CUES.contains(&w.lower.as_str()) && i >= phrase_end {
                let phrase: Vec<&str> = ws[i + 1..]
                    .iter()
                    .enumerate()
                    .take_while(|(k, x)| {
                        (*k == 0 || !x.clause_start) && !PHRASE_STOPS.contains(&x.lower.as_str())
                    })
                    .take(6)
                    .map(|(_, x)| x.lower.as_str())
                    .collect();
                let specific = phrase
                    .iter()
                    .filter(|x| x.chars().count() >= 4 && !FUNCTION_WORDS.contains(x))
                    .count();
                phrase_end = i + 1 + phrase.len();
                // A description of a place opens with an article (`de garage`,
                // `een hotel`); `bij mijn familie`, `naar mannen` are people.
                let mut phrase = phrase;
                while phrase.last().is_some_and(|x| TRAILING.contains(x)) {
                    phrase.pop();
                }
                let opens = phrase.first().is_some_and(|x| ARTICLES.contains(x));
                if opens && phrase.len() >= 2 && specific >= 1 {
                    self.spots.insert(phrase.join(" "));
                }
            }
            if TITLES.contains(&w.lower.as_str()) {
                if let Some(n) = ws.get(i + 1).filter(|n| {
                    n.lower.chars().all(char::is_alphabetic)
                        && !NOT_NAMES.contains(&n.lower.as_str())
                        && !PRONOUNS.contains(&n.lower.as_str())
                }) {
                    self.names.insert(format!("{} {}", w.lower, n.lower));
                }
                continue;
            }
            // The word after a title is in the name with it.
            if prev.is_some_and(|p| TITLES.contains(&p)) {
                continue;
            }
            let known = NOT_NAMES.contains(&w.lower.as_str())
                || PRONOUNS.contains(&w.lower.as_str())
                || lookup(RELATIONS, &w.lower).is_some()
                || lookup(PLATFORMS, &w.lower).is_some()
                || PLACES.contains(&w.lower.as_str());
            if known {
                continue;
            }
            let cue_before = prev.is_some_and(|p| NAME_CUES.contains(&p))
                || (prev.is_some_and(|p| PRONOUNS.contains(&p))
                    && i.checked_sub(2)
                        .is_some_and(|p| NAME_CUES.contains(&ws[p].lower.as_str())));
            let after_name_cue = cue_before && w.lower.chars().count() >= 2;
            let capitalised_mid_sentence = capitalised(w.raw) && !w.sentence_start;
            if prev.is_some_and(|p| PLACE_CUES.contains(&p)) && capitalised(w.raw) {
                self.places.insert(w.lower.clone());
            } else if (after_name_cue || capitalised_mid_sentence)
                && w.lower.chars().all(char::is_alphabetic)
            {
                self.names.insert(w.lower.clone());
            }
        }
        // `Den Haag` is one place: its words are neither places nor names of their own.
        let parts: BTreeSet<String> = self
            .places
            .iter()
            .filter(|p| p.contains(' '))
            .flat_map(|p| p.split(' ').map(str::to_string).collect::<Vec<_>>())
            .collect();
        self.places.retain(|p| !parts.contains(p));
        self.names.retain(|n| !parts.contains(n));
    }

    /// Adds a codebook value found by assisted coding (`perpetrator = family`).
    pub fn add_coded(&mut self, variable: &str, code: &str) {
        self.coded.insert(format!("{variable}={code}"));
    }

    /// Nothing found.
    pub fn is_empty(&self) -> bool {
        self.ages.is_empty()
            && self.relations.is_empty()
            && self.places.is_empty()
            && self.platforms.is_empty()
            && self.names.is_empty()
            && self.spots.is_empty()
            && self.age_words.is_empty()
            && self.coded.is_empty()
    }
}

/// Whether `needle` occurs in `haystack` as whole words.
fn contains_word(haystack: &str, needle: &str) -> bool {
    let mut from = 0;
    while let Some(pos) = haystack[from..].find(needle) {
        let start = from + pos;
        let end = start + needle.len();
        let before_ok = haystack[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = haystack[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            return true;
        }
        from = end;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Facts {
        let mut f = Facts::default();
        f.read(text);
        f
    }

    #[test]
    fn ages_need_an_age_word() {
        let f = read("ik ben 15 en hij is 23 jaar. Het duurt al 3 maanden, sinds mijn 14e. 16jr");
        assert_eq!(f.ages.iter().copied().collect::<Vec<_>>(), vec![15, 16, 23]);
    }

    #[test]
    fn relations_platforms_places_and_names() {
        let f = read(
            "Mijn stiefvader neemt me mee naar mannen. Ik ken ze via snap. \
             We wonen in Zwolle, soms gaan we naar den bosch. Hij heet rico, zijn vriend Daan rijdt.",
        );
        assert!(f.relations.contains("stiefvader"), "{f:?}");
        assert!(f.relations.contains("vriend"), "{f:?}");
        assert!(f.platforms.contains("snapchat"), "{f:?}");
        assert!(f.places.contains("zwolle"), "{f:?}");
        assert!(f.places.contains("den bosch"), "{f:?}");
        assert!(f.names.contains("rico"), "{f:?}");
        assert!(f.names.contains("daan"), "{f:?}");
        assert!(!f.names.contains("mijn"), "{f:?}");
        assert!(!f.names.contains("ik"), "{f:?}");
    }

    /// Seventh walk: "naam: beide mister" cited only the title of "mister b".
    #[test]
    fn a_title_is_a_name_only_with_the_word_after_it() {
        let f = read("ik werk voor Mister B, hij regelt alles. soms komt mister ook langs");
        assert!(f.names.contains("mister b"), "{f:?}");
        assert!(!f.names.contains("mister"), "{f:?}");
        assert!(!f.names.contains("b"), "{f:?}");
    }

    #[test]
    fn nicknames_place_descriptions_and_bare_ages() {
        let f =
            read("iedereen noemt hem zorro. het gebeurt bij de garage achter de flat in Almere");
        assert!(f.names.contains("zorro"), "{f:?}");
        assert!(!f.names.contains("hem"), "{f:?}");
        assert!(f.spots.contains("de garage achter de flat"), "{f:?}");
        assert!(f.places.contains("almere"), "{f:?}");
        let f = read("meestal moet ik naar de garage achter de flat, in almere");
        assert!(f.spots.contains("de garage achter de flat"), "{f:?}");
        let f = read("hij heeft een bijnaam, tijger. bij mij thuis");
        assert!(f.names.contains("tijger"), "{f:?}");
        assert!(f.spots.is_empty(), "{f:?}");
        assert_eq!(read("15").ages.len(), 1);
        assert_eq!(read("ik ben pas 14").ages.iter().next(), Some(&14));
        assert_eq!(
            read("ik ben trouwens 15 niet 19")
                .ages
                .iter()
                .copied()
                .collect::<Vec<_>>(),
            vec![15]
        );
        assert!(read("om 15 uur").ages.is_empty());
    }

    #[test]
    fn a_town_of_two_words_is_one_place_and_descriptions_open_with_an_article() {
        let f = read("het gebeurt in Den Haag, bij het park achter de school is het");
        assert_eq!(
            f.places.iter().cloned().collect::<Vec<_>>(),
            vec!["den haag".to_string()]
        );
        assert!(f.names.is_empty(), "{f:?}");
        assert!(f.spots.contains("het park achter de school"), "{f:?}");
        let f = read("hij brengt me naar mannen gebracht, ik slaap bij mijn familie");
        assert!(f.spots.is_empty(), "{f:?}");
    }

    #[test]
    fn short_words_need_context() {
        let f = read("ex ma pa ig x");
        assert!(f.is_empty(), "{f:?}");
        let f = read("mijn ex zoekt me op ig? via ig");
        assert!(f.relations.contains("ex"));
        assert!(f.platforms.contains("instagram"));
    }

    #[test]
    fn whole_words_only() {
        assert!(contains_word("ik woon in oss.", "oss"));
        assert!(!contains_word("de bossen", "oss"));
        assert!(!contains_word("gossip", "oss"));
    }
}
