//! Transcripts: a synthetic Dutch chat for every conversation of every case, agreeing with its codes.
//!
//! Per case a [`Story`] fixes what stays the same across its conversations
//! (who chats, how they name the perpetrator, a town, a place and a nickname
//! that a linker can recognise, the visitor's writing style). The first
//! conversation tells every coded fact; later ones, under other usernames,
//! come back to the same story. Excluded cases talk about their exclusion
//! reason and never about trafficking. All names are made up from word lists.

pub mod lines;
pub mod voice;

use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use zicht_conversations::{Conversation, Flags, From, Intake, Message};

use crate::Case;
use lines::*;
use voice::{Perp, Person, Style, Voice};

const WORDS: &[&str] = &[
    "zonnebloem",
    "maanlicht",
    "regenboog",
    "sterretje",
    "vlinder",
    "schaduw",
    "wolkje",
    "nachtuil",
    "stilte",
    "blauw",
    "zeemeeuw",
    "pinguin",
    "vosje",
    "eekhoorn",
    "bosbes",
    "aardbei",
    "mango",
    "kiwi",
    "storm",
    "sneeuw",
    "zomer",
    "winter",
    "herfst",
    "lente",
    "oceaan",
    "duinroos",
    "tulp",
    "kompas",
    "lantaarn",
    "dromer",
    "vraagje",
    "nachtvlinder",
    "rups",
    "egel",
    "koala",
    "panda",
    "lieveheer",
    "kokosnoot",
    "wolk",
    "regen",
    "zeester",
    "muntje",
    "citroen",
    "kameel",
    "uiltje",
    "walvis",
    "piraat",
    "noorderlicht",
];
const CITIES: &[&str] = &[
    "Zwolle",
    "Amersfoort",
    "Leeuwarden",
    "Groningen",
    "Arnhem",
    "Nijmegen",
    "Tilburg",
    "Breda",
    "Almere",
    "Utrecht",
    "Rotterdam",
    "Den Haag",
    "Eindhoven",
    "Enschede",
    "Apeldoorn",
    "Deventer",
    "Haarlem",
    "Leiden",
    "Dordrecht",
    "Zaandam",
    "Emmen",
    "Assen",
    "Heerlen",
    "Venlo",
    "Middelburg",
    "Lelystad",
    "Alkmaar",
    "Hoorn",
];
const PLACES: &[&str] = &[
    "de snackbar bij het station",
    "een huis met een blauwe deur",
    "de garage achter de flat",
    "een hotel bij de snelweg",
    "de parkeerplaats bij de sporthal",
    "een flat aan de rand van de stad",
    "een vakantiepark",
    "een camping buiten de stad",
    "het park achter de school",
    "een loods op een industrieterrein",
    "een appartement boven een winkel",
    "een kamer in een oud pand",
];
const NICKNAMES: &[&str] = &[
    "K.",
    "R.",
    "de baas",
    "mister B",
    "skinny",
    "zorro",
    "kapi",
    "tijger",
    "joker",
    "de grote",
    "slim",
    "de kapitein",
    "schaduw",
    "de chauffeur",
    "lange",
    "de neef",
];
const PLATFORMS: &[(&str, &[&str])] = &[
    ("dating_app", &["een datingapp", "tinder", "een datingsite"]),
    ("instagram", &["insta", "instagram"]),
    ("snapchat", &["snap", "snapchat"]),
    ("other_social_media", &["tiktok", "facebook"]),
    ("sex_ad_site", &["een advertentiesite", "een sekssite"]),
    ("other", &["een game", "een chatsite"]),
];

fn pick<'a>(rng: &mut ChaCha8Rng, xs: &[&'a str]) -> &'a str {
    xs.choose(rng).copied().unwrap_or("")
}

fn bank<'a>(table: &[(&str, &'a [&'a str])], code: &str) -> &'a [&'a str] {
    table
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(&[][..], |(_, v)| *v)
}

/// What stays the same across the conversations of one case.
struct Story {
    voice: Voice,
    style: Style,
    chatter_gender: Option<&'static str>,
    /// Intake age of the first conversation (may be wrong or absent).
    intake_age: Option<u32>,
    /// The wrong age the text corrects, if any.
    corrected_from: Option<u32>,
    /// Which account an excluded visitor gives (the same in every conversation).
    account: usize,
}

fn perp_of(case: &Case, rng: &mut ChaCha8Rng) -> Perp {
    let he = |noun: &str| Perp {
        noun: noun.to_string(),
        subj: "hij",
        obj: "hem",
        poss: "zijn",
        plural: false,
    };
    let she = |noun: &str| Perp {
        noun: noun.to_string(),
        subj: "ze",
        obj: "haar",
        poss: "haar",
        plural: false,
    };
    let they = |noun: &str| Perp {
        noun: noun.to_string(),
        subj: "ze",
        obj: "ze",
        poss: "hun",
        plural: true,
    };
    match case.perpetrator {
        Some("partner") => {
            if case.victim_gender == Some("male") && rng.random_bool(0.5) {
                she(pick(rng, PARTNER_NOUN_F))
            } else {
                he(pick(rng, PARTNER_NOUN))
            }
        }
        Some("family") => match case.perpetrator_family {
            Some("father") => he(pick(rng, &["{mijn} vader", "{mijn} stiefvader"])),
            Some("mother") => she(pick(rng, &["{mijn} moeder", "{mijn} stiefmoeder"])),
            Some("both_parents") => they(pick(rng, &["{mijn} ouders", "{mijn} pleegouders"])),
            Some("uncle_aunt") => {
                if rng.random_bool(0.7) {
                    he("{mijn} oom")
                } else {
                    she("{mijn} tante")
                }
            }
            Some("sibling") => {
                if rng.random_bool(0.7) {
                    he(pick(rng, &["{mijn} broer", "{mijn} stiefbroer"]))
                } else {
                    she("{mijn} zus")
                }
            }
            Some("grandparent") => he("{mijn} opa"),
            Some(_) => he(pick(rng, &["{mijn} neef", "een aangetrouwde oom"])),
            None => he("iemand uit {mijn} familie"),
        },
        Some("social") => he(pick(
            rng,
            match case.perpetrator_social {
                Some("friend_acquaintance") => SOCIAL_FRIEND,
                Some("network_contact") => SOCIAL_NETWORK,
                Some("social_media_contact") => SOCIAL_MEDIA,
                Some(_) => SOCIAL_OTHER,
                None => &["iemand die {ik} {v:ken}"],
            },
        )),
        Some(_) => he(pick(rng, STRANGER)),
        None => they("die mensen"),
    }
}

fn story(case: &Case, rng: &mut ChaCha8Rng) -> Story {
    let victim_chats = case.victim_chats() || !case.included;
    let female = case.victim_gender != Some("male");
    let person = if victim_chats {
        Person::First
    } else if female {
        Person::She
    } else {
        Person::He
    };
    let age = case.victim_age;
    let minor = age.is_some_and(|a| a < 18);
    let (victim, chatter_age, chatter_gender): (String, Option<u32>, Option<&'static str>) =
        match case.chatter {
            Some("family") => {
                let parent_perp = case.parent_perpetrator();
                let roll = rng.random_range(0..4);
                let base = age.unwrap_or(17);
                if !parent_perp && roll < 2 {
                    let g = if rng.random_bool(0.75) {
                        "female"
                    } else {
                        "male"
                    };
                    (
                        (if female { "mijn dochter" } else { "mijn zoon" }).into(),
                        Some(base + rng.random_range(24..36)),
                        Some(g),
                    )
                } else if roll < 3 {
                    let g = if rng.random_bool(0.5) {
                        "female"
                    } else {
                        "male"
                    };
                    let n = match (female, minor) {
                        (true, true) => "mijn zusje",
                        (true, false) => "mijn zus",
                        (false, true) => "mijn broertje",
                        (false, false) => "mijn broer",
                    };
                    (
                        n.into(),
                        Some((base + rng.random_range(2..7)).max(14)),
                        Some(g),
                    )
                } else {
                    let g = if rng.random_bool(0.7) {
                        "female"
                    } else {
                        "male"
                    };
                    (
                        (if female {
                            "mijn nichtje"
                        } else {
                            "mijn neefje"
                        })
                        .into(),
                        Some(base + rng.random_range(15..30)),
                        Some(g),
                    )
                }
            }
            Some("social") => {
                let roll = rng.random_range(0..3);
                let g = if rng.random_bool(0.7) {
                    "female"
                } else {
                    "male"
                };
                let base = age.unwrap_or(19);
                match (roll, minor) {
                    (0, true) => (
                        "een leerling van mij".into(),
                        Some(rng.random_range(26..60)),
                        Some(g),
                    ),
                    (0, false) => (
                        "een cliënt van mij".into(),
                        Some(rng.random_range(25..58)),
                        Some(g),
                    ),
                    (1, _) => (
                        (if female {
                            "het buurmeisje"
                        } else {
                            "de buurjongen"
                        })
                        .into(),
                        Some(rng.random_range(30..65)),
                        Some(g),
                    ),
                    _ => (
                        (if female {
                            "een vriendin van mij"
                        } else {
                            "een vriend van mij"
                        })
                        .into(),
                        Some((base + rng.random_range(0..3)).saturating_sub(1).max(13)),
                        Some(g),
                    ),
                }
            }
            Some("partner") => (
                (if female {
                    "mijn vriendin"
                } else {
                    "mijn vriend"
                })
                .into(),
                Some((age.unwrap_or(20) + rng.random_range(0..5)).max(16)),
                Some(if female { "male" } else { "female" }),
            ),
            _ => (String::new(), None, None),
        };
    let onset = match age {
        Some(a) if a <= 13 => rng.random_range(a.saturating_sub(3).max(6)..=a),
        _ => rng.random_range(8..=13),
    };
    let voice = Voice {
        person,
        perp: perp_of(case, rng),
        victim,
        city: pick(rng, CITIES),
        place: pick(rng, PLACES),
        nickname: pick(rng, NICKNAMES).to_string(),
        age,
        onset,
    };
    // Intake: the chatter's own age and gender; a victim sometimes leaves age
    // empty or fills in a wrong one and corrects it in the text.
    let (intake_age, corrected_from) = if !case.included {
        (rng.random_bool(0.6).then(|| rng.random_range(14..45)), None)
    } else if victim_chats {
        match age {
            Some(a) => {
                let roll: f64 = rng.random();
                if roll < 0.55 {
                    (Some(a), None)
                } else if roll < 0.8 {
                    (None, None)
                } else {
                    let wrong = if case.year <= 2020 && a != 16 {
                        16
                    } else {
                        let d = rng.random_range(1..=3);
                        if rng.random_bool(0.5) || a <= d + 10 {
                            a + d
                        } else {
                            a - d
                        }
                    };
                    (Some(wrong), Some(wrong))
                }
            }
            None => (None, None),
        }
    } else {
        (chatter_age.filter(|_| rng.random_bool(0.8)), None)
    };
    Story {
        voice,
        style: Style::random(rng),
        chatter_gender,
        intake_age,
        corrected_from,
        account: rng.random_range(0..1000),
    }
}

/// Builds the messages of one conversation, alternating visitor and counsellor.
struct Chat<'a> {
    rng: &'a mut ChaCha8Rng,
    story: &'a Story,
    msgs: Vec<(From, String)>,
}

impl Chat<'_> {
    fn visitor(&mut self, tpl: &str) {
        let text = self.story.voice.render(tpl);
        let text = self.story.style.apply(&text, self.rng);
        // Consecutive visitor lines are sometimes sent as one message.
        let merge = self.rng.random_bool(0.3);
        if let Some((From::Visitor, last)) = self.msgs.last_mut()
            && merge
        {
            last.push_str(if self.story.style.drop_period {
                " "
            } else {
                ". "
            });
            last.push_str(&text);
            return;
        }
        self.msgs.push((From::Visitor, text));
    }

    fn counsellor(&mut self, tpl: &str) {
        let text = self.story.voice.render(tpl);
        self.msgs.push((From::Counsellor, text));
    }

    fn v(&mut self, xs: &[&str]) {
        let t = pick(self.rng, xs);
        self.visitor(t);
    }

    /// Greets; a visitor who asks whether the chat is anonymous gets an answer first.
    fn greet(&mut self, channel: &str) {
        self.v(GREETING);
        if matches!(self.msgs.last(), Some((From::Visitor, t)) if t.contains("anoniem")) {
            self.counsellor(ANONYMOUS);
        }
        self.c(if channel == "csg" {
            WELCOME_CSG
        } else {
            WELCOME
        });
    }

    fn c(&mut self, xs: &[&str]) {
        let t = pick(self.rng, xs);
        self.counsellor(t);
    }

    /// A counsellor question, asked only some of the time.
    fn maybe_ask(&mut self, xs: &[&str], p: f64) {
        if self.rng.random_bool(p) {
            self.c(xs);
        }
    }
}

fn age_lines(chat: &mut Chat<'_>, case: &Case, first: bool) {
    let Some(age) = case.victim_age else { return };
    let story = chat.story;
    if story.voice.person != Person::First {
        chat.maybe_ask(ASK_AGE_OTHER, 0.6);
        chat.v(AGE_OTHER);
        return;
    }
    if first {
        if let Some(wrong) = story.corrected_from {
            let t = pick(chat.rng, AGE_CORRECTION).replace("{fout}", &wrong.to_string());
            chat.visitor(&t);
            return;
        }
        if story.intake_age.is_none() {
            chat.c(ASK_AGE);
        }
    }
    let _ = age;
    chat.v(AGE_SELF);
}

fn perp_lines(chat: &mut Chat<'_>, case: &Case) {
    if case.perpetrator.is_none() {
        return;
    }
    let other = chat.story.voice.person != Person::First;
    chat.maybe_ask(if other { ASK_WHO_OTHER } else { ASK_WHO }, 0.5);
    match case.perpetrator {
        Some("partner") => chat.v(PARTNER_LINE),
        Some("family") => chat.v(&["het is {dader}", "het gaat om {dader}", "{dader}, ja"]),
        _ => chat.v(&[
            "het is {dader}",
            "{dader}",
            "{Dader}, ik ken {hem} al een tijdje",
        ]),
    }
    if case.perpetrator != Some("family") || chat.rng.random_bool(0.3) {
        chat.v(NICKNAME_LINE);
    }
}

fn met_lines(chat: &mut Chat<'_>, case: &Case) {
    let Some(met) = case.met else { return };
    let other = chat.story.voice.person != Person::First;
    chat.maybe_ask(if other { ASK_MET_OTHER } else { ASK_MET }, 0.7);
    if met == "online" {
        let names = bank(PLATFORMS, case.met_platform.unwrap_or("other"));
        let p = pick(chat.rng, names);
        let t = pick(chat.rng, MET_ONLINE).replace("{platform}", p);
        chat.visitor(&t);
    } else {
        chat.v(MET_OFFLINE);
    }
}

fn time_lines(chat: &mut Chat<'_>, case: &Case) {
    if case.duration.is_none() && case.time_since.is_none() {
        if chat.rng.random_bool(0.15) {
            chat.c(ASK_TIME);
            chat.v(DONT_KNOW);
        }
        return;
    }
    chat.maybe_ask(ASK_TIME, 0.7);
    let ended = matches!(case.time_since, Some(t) if t != "ongoing");
    if let Some(t) = case.time_since {
        chat.v(bank(TIME_SINCE, t));
    }
    if let Some(d) = case.duration {
        chat.v(bank(if ended { DURATION_PAST } else { DURATION }, d));
    }
}

fn safety_lines(chat: &mut Chat<'_>, case: &Case) {
    let Some(unsafe_now) = case.acutely_unsafe else {
        return;
    };
    if chat.story.voice.person == Person::First {
        chat.c(ASK_SAFE);
    } else {
        chat.c(ASK_SAFE_OTHER);
    }
    chat.v(if unsafe_now { UNSAFE } else { SAFE });
}

fn disclosure_lines(chat: &mut Chat<'_>, case: &Case) {
    let Some(first) = case.first_disclosure else {
        return;
    };
    chat.maybe_ask(ASK_TOLD, 0.8);
    chat.v(if first { TOLD_FIRST } else { TOLD_BEFORE });
}

fn people_lines(chat: &mut Chat<'_>, case: &Case) {
    if case.multiple_perpetrators.is_none() {
        return;
    }
    let says = case.multiple_perpetrators == Some(true) || case.perpetrator.is_some();
    if says {
        chat.maybe_ask(ASK_MORE_PEOPLE, 0.7);
        match (case.multiple_perpetrators, case.perpetrator_family) {
            (Some(true), Some("both_parents")) => chat.visitor(MULTI_PERP_PARENTS),
            (Some(true), _) => chat.v(MULTI_PERP),
            _ => chat.v(SINGLE_PERP),
        }
    }
    if case.multiple_victims == Some(true) {
        chat.v(MULTI_VICTIM);
    }
}

fn coercion_lines(chat: &mut Chat<'_>, case: &Case) {
    for &item in &case.coercion {
        if item == "violence" {
            if case.violence.is_empty() {
                chat.v(VIOLENCE_PLAIN);
            }
            for &kind in &case.violence {
                chat.v(bank(VIOLENCE, kind));
            }
        } else if item == "cohabiting" && case.parent_perpetrator() {
            chat.v(bank(COERCION, "cohabiting_parent"));
        } else {
            chat.v(bank(COERCION, item));
        }
        if chat.rng.random_bool(0.25) {
            chat.c(EMPATHY);
        }
    }
}

fn crime_lines(chat: &mut Chat<'_>, case: &Case) {
    for &item in &case.crime {
        chat.v(bank(CRIME, item));
    }
    if let Some(o) = case.both_onset {
        chat.v(bank(ONSET, o));
    }
}

fn client_lines(chat: &mut Chat<'_>, case: &Case) {
    for &ind in &case.client_ind {
        chat.v(bank(CLIENT, ind));
    }
    if case.client_knew == Some(true) && chat.rng.random_bool(0.6) {
        chat.v(CLIENT_KNEW);
    }
    if case.client_should_have_known == Some(true) {
        chat.v(CLIENT_SHOULD);
    }
}

fn referral_lines(chat: &mut Chat<'_>, case: &Case) {
    let Some(r) = case.referral else { return };
    chat.maybe_ask(ASK_REFERRAL, 0.8);
    chat.v(bank(REFERRAL, r));
}

fn hook(chat: &mut Chat<'_>, case: &Case) {
    let vague = case.perpetrator.is_none();
    let own: &[&str] = match (
        case.criminal() && !case.sexual() || case.both_onset == Some("criminal_first"),
        vague,
    ) {
        (true, false) => HOOK_CRIMINAL,
        (true, true) => HOOK_CRIMINAL_VAGUE,
        (false, false) => HOOK_SEXUAL,
        (false, true) => HOOK_SEXUAL_VAGUE,
    };
    match case.chatter {
        Some("family") => chat.v(HOOK_OTHER_FAMILY),
        Some("social") => chat.v(HOOK_OTHER_SOCIAL),
        Some("partner") => chat.v(HOOK_OTHER_PARTNER),
        _ => {}
    }
    chat.v(own);
    if case.exploitation == Some("both") {
        let other: &[&str] = if case.both_onset == Some("criminal_first") {
            if vague {
                HOOK_SEXUAL_VAGUE
            } else {
                HOOK_SEXUAL
            }
        } else if vague {
            HOOK_CRIMINAL_VAGUE
        } else {
            HOOK_CRIMINAL
        };
        chat.v(other);
    }
}

type Section = fn(&mut Chat<'_>, &Case);

fn included_chat(chat: &mut Chat<'_>, case: &Case, k: u32, channel: &str) {
    let other = chat.story.voice.person != Person::First;
    chat.greet(channel);
    if k > 0 {
        if chat.rng.random_bool(0.6) {
            chat.v(RETURNING);
        }
        hook(chat, case);
        chat.c(if other { EMPATHY_OTHER } else { EMPATHY });
        if case.perpetrator.is_some() && chat.rng.random_bool(0.6) {
            chat.v(RETURNING_UPDATE_PERP);
        } else {
            chat.v(RETURNING_UPDATE);
        }
        chat.v(PLACE_LINE);
        if case.perpetrator.is_some() {
            chat.v(NICKNAME_LINE);
        }
        if chat.rng.random_bool(0.6) {
            age_lines(chat, case, false);
        }
        let mut extra: Vec<Section> = vec![time_lines, safety_lines, coercion_lines, people_lines];
        extra.shuffle(chat.rng);
        for f in extra.iter().take(2) {
            f(chat, case);
        }
    } else {
        hook(chat, case);
        if !other && chat.rng.random_bool(0.3) {
            chat.v(FILLER_VISITOR);
            chat.c(FILLER_COUNSELLOR);
        } else {
            chat.c(if other { EMPATHY_OTHER } else { EMPATHY });
        }
        age_lines(chat, case, true);
        let mut sections: Vec<Section> = vec![
            perp_lines,
            met_lines,
            time_lines,
            safety_lines,
            disclosure_lines,
            people_lines,
            coercion_lines,
            crime_lines,
            client_lines,
            referral_lines,
            |chat, _| chat.v(PLACE_LINE),
        ];
        sections.shuffle(chat.rng);
        for (i, f) in sections.iter().enumerate() {
            f(chat, case);
            if chat.rng.random_bool(0.04) {
                chat.c(STILL_THERE);
                chat.v(STILL_HERE);
            }
            if !other && i == 4 && chat.rng.random_bool(0.25) {
                let (q, a) = VISITOR_QUESTION[chat.rng.random_range(0..VISITOR_QUESTION.len())];
                chat.visitor(q);
                chat.counsellor(a);
            }
            if i % 3 == 2 && matches!(chat.msgs.last(), Some((From::Visitor, _))) {
                chat.c(if other { EMPATHY_OTHER } else { EMPATHY });
            }
        }
    }
    chat.c(if other { ADVICE_OTHER } else { ADVICE });
    if case.acutely_unsafe == Some(true) {
        chat.c(if other {
            ADVICE_ACUTE_OTHER
        } else {
            ADVICE_ACUTE
        });
    }
    chat.v(THANKS);
    chat.c(GOODBYE);
}

fn english_chat(chat: &mut Chat<'_>, case: &Case) {
    chat.v(EN_GREETING);
    chat.counsellor(EN_WELCOME);
    chat.v(EN_HOOK);
    chat.counsellor(EN_ASK_AGE);
    match (case.victim_age, chat.story.corrected_from) {
        (Some(_), Some(wrong)) => {
            let t = pick(chat.rng, EN_AGE_CORRECTION).replace("{fout}", &wrong.to_string());
            chat.visitor(&t);
        }
        (Some(_), None) => chat.v(EN_AGE),
        _ => {}
    }
    if let Some(u) = case.acutely_unsafe {
        chat.counsellor(EN_ASK_SAFE);
        chat.v(if u { EN_UNSAFE } else { EN_SAFE });
    }
    chat.counsellor(EN_ADVICE);
    chat.v(EN_THANKS);
    chat.counsellor(EN_GOODBYE);
}

fn excluded_chat(chat: &mut Chat<'_>, case: &Case, k: u32, channel: &str) {
    let reason = case.exclusion_reason.unwrap_or("other");
    chat.greet(channel);
    if k > 0 {
        chat.v(&["ik heb hier al eerder gechat", "ik ben het weer"]);
    }
    let accounts = bank(EXCLUDED, reason);
    if let Some(t) = accounts.get(chat.story.account % accounts.len().max(1)) {
        chat.visitor(t);
    }
    chat.c(EXCLUDED_ASK);
    chat.v(bank(EXCLUDED_FOLLOW, reason));
    chat.c(bank(EXCLUDED_ADVICE, reason));
    chat.v(&THANKS[..8]);
    chat.c(GOODBYE);
}

fn day_of_year(year: i32, month: u32, day: u32) -> u32 {
    (1..month).map(|m| days_in(year, m)).sum::<u32>() + day
}

fn days_in(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn from_day_of_year(year: i32, mut doy: u32) -> (u32, u32) {
    for m in 1..=12 {
        let d = days_in(year, m);
        if doy <= d {
            return (m, doy);
        }
        doy -= d;
    }
    (12, 31)
}

fn stamp(year: i32, month: u32, day: u32, secs: u32) -> String {
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

fn username(rng: &mut ChaCha8Rng) -> String {
    let w = pick(rng, WORDS);
    let w2 = pick(rng, WORDS);
    match rng.random_range(0..7) {
        0 => format!("{w}{}", rng.random_range(1..100)),
        1 => format!("{w}_{w2}"),
        2 => format!("{w}.{}", rng.random_range(1..1000)),
        3 => format!("x{w}x"),
        4 => format!("{w}{w2}{}", rng.random_range(1..10)),
        5 => format!("gast{}", rng.random_range(1000..10000)),
        _ => format!("anoniem_{w}"),
    }
}

/// The conversations of one case.
fn case_conversations(case: &Case, seed: u64) -> Vec<Conversation> {
    let mut h: u64 = seed ^ 0xD1B5_4A32_D192_ED03;
    for b in case.case_id.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(h);
    let story = story(case, &mut rng);
    let mut out = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut doy = day_of_year(case.year, case.month, case.day);
    let last_doy = day_of_year(case.year, 12, 31);
    for k in 0..case.n_conversations {
        if k > 0 {
            doy = (doy + rng.random_range(1..=15)).min(last_doy);
        }
        let (month, day) = from_day_of_year(case.year, doy);
        let channel = case
            .conversation_channels
            .get(k as usize)
            .copied()
            .unwrap_or(case.channel);
        let mut name = username(&mut rng);
        while names.contains(&name) {
            name = username(&mut rng);
        }
        names.push(name.clone());
        let mut chat = Chat {
            rng: &mut rng,
            story: &story,
            msgs: Vec::new(),
        };
        if !case.included {
            excluded_chat(&mut chat, case, k, channel);
        } else if case.language == "other" {
            english_chat(&mut chat, case);
        } else {
            included_chat(&mut chat, case, k, channel);
        }
        let msgs = chat.msgs;
        let start = rng.random_range(8 * 3600..20 * 3600);
        let mut t = start + rng.random_range(5..30);
        let mut messages = Vec::with_capacity(msgs.len());
        for (from, text) in msgs {
            messages.push(Message {
                at: stamp(case.year, month, day, t),
                from,
                text,
            });
            t += match from {
                From::Visitor => rng.random_range(20..150),
                From::Counsellor => rng.random_range(15..90),
            };
        }
        let victim_chats = story.voice.person == Person::First;
        let intake = if !case.included || !victim_chats {
            Intake {
                age: if k == 0 { story.intake_age } else { None },
                gender: story
                    .chatter_gender
                    .filter(|_| rng.random_bool(0.85))
                    .map(str::to_string)
                    .or_else(|| {
                        (!case.included && rng.random_bool(0.8)).then(|| {
                            if rng.random_bool(0.75) {
                                "female"
                            } else {
                                "male"
                            }
                            .to_string()
                        })
                    }),
            }
        } else {
            Intake {
                age: if k == 0 {
                    story.intake_age
                } else {
                    case.victim_age.filter(|_| rng.random_bool(0.5))
                },
                gender: case
                    .victim_gender
                    .filter(|_| k == 0 || rng.random_bool(0.7))
                    .map(str::to_string),
            }
        };
        let mut extra = serde_json::Map::new();
        extra.insert(
            "demo".to_string(),
            serde_json::json!({ "case_id": case.case_id }),
        );
        out.push(Conversation {
            conversation_id: String::new(),
            channel: channel.to_string(),
            username: name,
            started_at: stamp(case.year, month, day, start),
            intake,
            flags: Flags {
                trafficking: Some(true),
                other: serde_json::Map::new(),
            },
            messages,
            extra,
        });
    }
    out
}

/// One conversation per linked conversation of every case, ordered by start time, numbered `c-00001`...
pub fn conversations(cases: &[Case], seed: u64) -> Vec<Conversation> {
    let mut all: Vec<Conversation> = cases
        .iter()
        .flat_map(|c| case_conversations(c, seed))
        .collect();
    all.sort_by(|a, b| {
        a.started_at
            .cmp(&b.started_at)
            .then_with(|| a.username.cmp(&b.username))
    });
    for (i, c) in all.iter_mut().enumerate() {
        c.conversation_id = format!("c-{:05}", i + 1);
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every template of every bank renders completely, for every point of view.
    #[test]
    fn every_template_renders_for_every_voice() {
        let mut all: Vec<&str> = Vec::new();
        for bank in [
            GREETING,
            HOOK_SEXUAL,
            HOOK_SEXUAL_VAGUE,
            HOOK_CRIMINAL,
            HOOK_CRIMINAL_VAGUE,
            HOOK_OTHER_FAMILY,
            HOOK_OTHER_SOCIAL,
            HOOK_OTHER_PARTNER,
            AGE_SELF,
            AGE_OTHER,
            ASK_AGE,
            ASK_AGE_OTHER,
            ASK_WHO,
            ASK_WHO_OTHER,
            ASK_MET,
            ASK_MET_OTHER,
            ASK_TIME,
            ASK_SAFE,
            ASK_SAFE_OTHER,
            ASK_TOLD,
            ASK_MORE_PEOPLE,
            ASK_REFERRAL,
            EMPATHY,
            EMPATHY_OTHER,
            PARTNER_NOUN,
            PARTNER_NOUN_F,
            PARTNER_LINE,
            SOCIAL_FRIEND,
            SOCIAL_NETWORK,
            SOCIAL_MEDIA,
            SOCIAL_OTHER,
            STRANGER,
            NICKNAME_LINE,
            PLACE_LINE,
            MET_OFFLINE,
            UNSAFE,
            SAFE,
            TOLD_FIRST,
            TOLD_BEFORE,
            MULTI_PERP,
            SINGLE_PERP,
            MULTI_VICTIM,
            VIOLENCE_PLAIN,
            CLIENT_KNEW,
            CLIENT_SHOULD,
            RETURNING,
            RETURNING_UPDATE,
            RETURNING_UPDATE_PERP,
            ADVICE,
            ADVICE_ACUTE,
            ADVICE_OTHER,
            THANKS,
            GOODBYE,
            FILLER_VISITOR,
            FILLER_COUNSELLOR,
            STILL_THERE,
            STILL_HERE,
            DONT_KNOW,
            EN_GREETING,
            EN_HOOK,
            EN_AGE,
            EN_UNSAFE,
            EN_SAFE,
            EN_THANKS,
        ] {
            all.extend(bank);
        }
        for table in [
            DURATION,
            DURATION_PAST,
            TIME_SINCE,
            COERCION,
            VIOLENCE,
            CRIME,
            ONSET,
            CLIENT,
            REFERRAL,
            EXCLUDED,
            EXCLUDED_FOLLOW,
            EXCLUDED_ADVICE,
        ] {
            for (_, bank) in table {
                all.extend(*bank);
            }
        }
        all.extend(MET_ONLINE);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for person in [Person::First, Person::She, Person::He] {
            for plural in [false, true] {
                let mut case = Case {
                    perpetrator: Some("family"),
                    perpetrator_family: Some(if plural { "both_parents" } else { "father" }),
                    victim_age: Some(15),
                    ..Case::default()
                };
                case.included = true;
                let mut st = story(&case, &mut rng);
                st.voice.person = person;
                st.voice.victim = "mijn dochter".into();
                for t in &all {
                    let t = t.replace("{platform}", "insta").replace("{fout}", "16");
                    let out = st.voice.render(&t);
                    assert!(!out.contains('{') && !out.contains('}'), "{t} -> {out}");
                    assert!(!out.contains("  "), "{t} -> {out}");
                }
            }
        }
    }

    #[test]
    fn dates_count_through_the_year() {
        assert_eq!(day_of_year(2022, 1, 1), 1);
        assert_eq!(day_of_year(2022, 12, 31), 365);
        assert_eq!(day_of_year(2020, 12, 31), 366);
        assert_eq!(from_day_of_year(2022, 60), (3, 1));
        assert_eq!(from_day_of_year(2020, 60), (2, 29));
        assert_eq!(
            stamp(2022, 3, 14, 20 * 3600 + 15 * 60 + 10),
            "2022-03-14T20:15:10Z"
        );
    }
}
