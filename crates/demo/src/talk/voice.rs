//! Renders phrase templates from the right point of view and in the visitor's own writing style.
//!
//! Templates are written in the first person (`{ik} {v:moet}`, `{dader}`, `{hij}`)
//! and rendered for a victim who chats ("ik moet") or for someone else who
//! chats about the victim ("ze moet"). The visitor's style then lowercases,
//! abbreviates (mn, ff, wss, nie, egt) and makes the odd typo, never in a
//! number, so ages stay readable.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// The grammatical person of the victim in the visitor's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Person {
    /// The visitor is the victim.
    First,
    /// Someone else talks about a female victim.
    She,
    /// Someone else talks about a male victim.
    He,
}

/// The perpetrator as the story names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Perp {
    /// Noun phrase as a template, e.g. `{mijn} vriend`, `die mensen`.
    pub noun: String,
    /// Subject, object and possessive pronouns.
    pub subj: &'static str,
    pub obj: &'static str,
    pub poss: &'static str,
    /// More than one person (verbs in the plural).
    pub plural: bool,
}

/// Everything a template may refer to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Voice {
    pub person: Person,
    pub perp: Perp,
    /// The victim as the visitor calls them (third person), e.g. `mijn dochter`.
    pub victim: String,
    pub city: &'static str,
    pub place: &'static str,
    pub nickname: String,
    pub age: Option<u32>,
    pub onset: u32,
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// First-person singular verb to third-person singular.
fn third(verb: &str) -> String {
    match verb {
        "ben" => "is".into(),
        "ga" => "gaat".into(),
        "sta" => "staat".into(),
        "sla" => "slaat".into(),
        "zie" => "ziet".into(),
        "heb" => "heeft".into(),
        "kan" | "wil" | "mag" | "zal" | "moest" | "was" | "had" | "zei" | "ging" | "werd"
        | "kreeg" | "wist" | "durfde" | "mocht" | "kon" | "wou" | "zat" | "praat" | "weet"
        | "moet" | "zit" | "eet" | "zet" | "laat" => verb.into(),
        _ if verb.ends_with('t') || verb.ends_with("de") || verb.ends_with("te") => verb.into(),
        _ => format!("{verb}t"),
    }
}

/// Third-person singular verb to plural.
fn plural(verb: &str) -> String {
    let irregular = [
        ("is", "zijn"),
        ("heeft", "hebben"),
        ("wil", "willen"),
        ("kan", "kunnen"),
        ("zegt", "zeggen"),
        ("slaat", "slaan"),
        ("doet", "doen"),
        ("gaat", "gaan"),
        ("staat", "staan"),
        ("weet", "weten"),
        ("laat", "laten"),
        ("neemt", "nemen"),
        ("geeft", "geven"),
        ("houdt", "houden"),
        ("komt", "komen"),
        ("zet", "zetten"),
        ("pakt", "pakken"),
        ("zei", "zeiden"),
        ("had", "hadden"),
        ("was", "waren"),
        ("sloeg", "sloegen"),
        ("dreigt", "dreigen"),
        ("regelt", "regelen"),
        ("stuurt", "sturen"),
        ("brengt", "brengen"),
        ("maakt", "maken"),
        ("wordt", "worden"),
        ("verkoopt", "verkopen"),
        ("filmt", "filmen"),
        ("haalt", "halen"),
        ("controleert", "controleren"),
        ("dwingt", "dwingen"),
        ("gebruikt", "gebruiken"),
        ("noemt", "noemen"),
        ("scheldt", "schelden"),
        ("betaalt", "betalen"),
        ("kent", "kennen"),
        ("woont", "wonen"),
        ("moet", "moeten"),
        ("mag", "mogen"),
        ("vindt", "vinden"),
        ("belt", "bellen"),
        ("begon", "begonnen"),
        ("kwam", "kwamen"),
        ("blijft", "blijven"),
    ];
    irregular.iter().find(|(s, _)| *s == verb).map_or_else(
        || format!("{}en", verb.strip_suffix('t').unwrap_or(verb)),
        |(_, p)| (*p).to_string(),
    )
}

impl Voice {
    /// Renders a template: `{ik}`, `{Ik}`, `{mij}`, `{me}`, `{mijn}`, `{Mijn}`,
    /// `{v:VERB}` (victim's verb, given in the first person), `{dader}`,
    /// `{Dader}`, `{hij}`, `{Hij}`, `{hem}`, `{zijn}`, `{h:VERB}` (perpetrator's
    /// verb, given in the third person singular), `{slachtoffer}`, `{stad}`,
    /// `{plek}`, `{bijnaam}`, `{leeftijd}`, `{begin}`.
    pub fn render(&self, tpl: &str) -> String {
        let mut out = String::with_capacity(tpl.len() + 16);
        let mut rest = tpl;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                rest = "";
                break;
            };
            let key = &after[..close];
            out.push_str(&self.key(key));
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }

    fn key(&self, key: &str) -> String {
        let first = self.person == Person::First;
        let she = self.person == Person::She;
        let pick = |a: &str, s: &str, h: &str| -> String {
            if first {
                a.into()
            } else if she {
                s.into()
            } else {
                h.into()
            }
        };
        if let Some(v) = key.strip_prefix("v:") {
            return if first { v.into() } else { third(v) };
        }
        if let Some(v) = key.strip_prefix("h:") {
            return if self.perp.plural {
                plural(v)
            } else {
                v.into()
            };
        }
        match key {
            "ik" => pick("ik", "ze", "hij"),
            "Ik" => pick("Ik", "Ze", "Hij"),
            "mij" => pick("mij", "haar", "hem"),
            "me" => pick("me", "zich", "zich"),
            "mijn" => pick("mijn", "haar", "zijn"),
            "Mijn" => pick("Mijn", "Haar", "Zijn"),
            "dader" => self.render(&self.perp.noun),
            "Dader" => cap(&self.render(&self.perp.noun)),
            "hij" => self.perp.subj.into(),
            "Hij" => cap(self.perp.subj),
            "hem" => self.perp.obj.into(),
            "zijn" => self.perp.poss.into(),
            "slachtoffer" => self.victim.clone(),
            "Slachtoffer" => cap(&self.victim),
            "stad" => self.city.into(),
            "plek" => self.place.into(),
            "bijnaam" => self.nickname.clone(),
            "leeftijd" => self.age.map_or_else(String::new, |a| a.to_string()),
            "begin" => self.onset.to_string(),
            other => format!("{{{other}}}"),
        }
    }
}

/// How one visitor writes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub lowercase: bool,
    pub drop_period: bool,
    pub abbreviate: f64,
    pub typos: f64,
}

impl Style {
    pub fn random(rng: &mut ChaCha8Rng) -> Style {
        Style {
            lowercase: rng.random_bool(0.6),
            drop_period: rng.random_bool(0.7),
            abbreviate: [0.0, 0.3, 0.6, 0.9][rng.random_range(0..4)],
            typos: [0.0, 0.02, 0.05][rng.random_range(0..3)],
        }
    }

    /// A plain style (counsellors write carefully).
    pub fn plain() -> Style {
        Style {
            lowercase: false,
            drop_period: false,
            abbreviate: 0.0,
            typos: 0.0,
        }
    }

    /// Applies the style to a rendered message.
    pub fn apply(&self, text: &str, rng: &mut ChaCha8Rng) -> String {
        const ABBR: [(&str, &str); 12] = [
            ("mijn", "mn"),
            ("even", "ff"),
            ("waarschijnlijk", "wss"),
            ("niet", "nie"),
            ("echt", "egt"),
            ("misschien", "miss"),
            ("in ieder geval", "iig"),
            ("inderdaad", "idd"),
            ("helemaal", "hlml"),
            ("weet ik niet", "weet ik nie"),
            ("zijn", "zn"),
            ("ik weet het niet", "idk"),
        ];
        let mut t = text.to_string();
        for (long, short) in ABBR {
            if t.contains(long) && rng.random_bool(self.abbreviate) {
                t = replace_word(&t, long, short);
            }
        }
        if self.lowercase {
            t = t.to_lowercase();
        }
        if self.drop_period && t.ends_with('.') {
            t.pop();
        }
        if self.typos > 0.0 {
            t = t
                .split(' ')
                .map(|w| {
                    let chars: Vec<char> = w.chars().collect();
                    if chars.len() >= 5
                        && chars.iter().all(|c| c.is_alphabetic())
                        && rng.random_bool(self.typos)
                    {
                        let i = rng.random_range(1..chars.len() - 1);
                        let mut c = chars.clone();
                        if rng.random_bool(0.5) {
                            c.swap(i, i + 1);
                        } else {
                            c.remove(i);
                        }
                        c.into_iter().collect()
                    } else {
                        w.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
        }
        t
    }
}

/// Replaces whole-word occurrences of `long` by `short`.
fn replace_word(text: &str, long: &str, short: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(long) {
        let before_ok = rest[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = &rest[i + long.len()..];
        let after_ok = after.chars().next().is_none_or(|c| !c.is_alphanumeric());
        out.push_str(&rest[..i]);
        out.push_str(if before_ok && after_ok { short } else { long });
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn voice(person: Person) -> Voice {
        Voice {
            person,
            perp: Perp {
                noun: "{mijn} vriend".into(),
                subj: "hij",
                obj: "hem",
                poss: "zijn",
                plural: false,
            },
            victim: "mijn dochter".into(),
            city: "Zwolle",
            place: "de snackbar",
            nickname: "K.".into(),
            age: Some(15),
            onset: 12,
        }
    }

    #[test]
    fn first_and_third_person() {
        let t = "{Ik} {v:moet} van {dader} naar afspraken en {h:dwingt} {mij}. {Ik} {v:ben} {leeftijd}.";
        assert_eq!(
            voice(Person::First).render(t),
            "Ik moet van mijn vriend naar afspraken en dwingt mij. Ik ben 15."
        );
        assert_eq!(
            voice(Person::She).render(t),
            "Ze moet van haar vriend naar afspraken en dwingt haar. Ze is 15."
        );
        let mut v = voice(Person::He);
        v.perp.plural = true;
        v.perp.noun = "{mijn} ouders".into();
        assert_eq!(
            v.render("{Dader} {h:dwingt} {mij}, {ik} {v:woon} thuis"),
            "Zijn ouders dwingen hem, hij woont thuis"
        );
    }

    #[test]
    fn styles_keep_numbers() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let s = Style {
            lowercase: true,
            drop_period: true,
            abbreviate: 1.0,
            typos: 1.0,
        };
        let out = s.apply("Ik ben 15 en mijn vriend is echt niet aardig.", &mut rng);
        assert!(out.contains(" 15 "), "{out}");
        assert!(out.contains("mn"), "{out}");
        assert!(!out.ends_with('.'));
    }
}
