//! The rule families of rounds three to five: answers to the counsellor's questions (how long, since when, who knows), threats told as speech, perpetrators by name, the values that follow from others, a step added later, and whose age a number is.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use zicht_conversations::{Conversation, From, Intake};
use zicht_suggest::Value;

/// A visitor's account the rules read as sexual exploitation, then the given turns.
fn account(intake: Intake, rest: &[(&str, &str)]) -> Conversation {
    let mut lines = vec![("v", "ik moet met mannen afspreken en hij pakt het geld")];
    lines.extend_from_slice(rest);
    chat(intake, &lines)
}

#[test]
fn an_answer_to_how_long_is_the_duration() {
    let s = suggester();
    for (answer, want) in [
        ("3 weken", Some("lt_3m")),
        ("een half jaar ofzo", Some("m3_12")),
        ("bijna een jaar", Some("m3_12")),
        ("ruim 2 jaar", Some("y2_5")),
        // How long ago is not how long.
        ("2 weken geleden", None),
    ] {
        let c = account(
            girl(16),
            &[("c", "Wat naar. Hoe lang gaat dit al?"), ("v", answer)],
        );
        assert_eq!(
            code(&s.suggest(&c), "duration").as_deref(),
            want,
            "{answer}"
        );
    }
}

#[test]
fn a_step_added_later_does_not_give_the_duration() {
    let s = suggester();
    for (text, want) in [
        ("sinds 3 weken moet ik met mannen mee", Some("lt_3m")),
        // "ook": a new step in a situation that was going on before; its time is not the length.
        (
            "eerst gwn dealen. sinds 3 weken moet ik ook met mannen mee",
            None,
        ),
        ("sinds 2 maanden stuurt hij me ook naar klanten", None),
        ("since 2 weeks he also sends me to clients", None),
    ] {
        let c = account(girl(16), &[("c", "Vertel maar."), ("v", text)]);
        assert_eq!(code(&s.suggest(&c), "duration").as_deref(), want, "{text}");
    }
}

#[test]
fn how_long_ago_it_ended_gives_time_since_and_safety() {
    let s = suggester();
    let c = chat(
        girl(19),
        &[
            (
                "v",
                "mn ex liet me met mannen afspreken en hij pakte het geld",
            ),
            ("c", "Wat erg. Wanneer ben je gestopt?"),
            ("v", "3 maanden geleden"),
        ],
    );
    let out = s.suggest(&c);
    assert_eq!(code(&out, "time_since").as_deref(), Some("ended_lt_1y"));
    let c = chat(
        girl(22),
        &[
            (
                "v",
                "mn ex liet me met mannen afspreken en hij pakte het geld",
            ),
            ("v", "4 jaar geleden ben ik gevlucht naar een opvang"),
        ],
    );
    let out = s.suggest(&c);
    assert_eq!(code(&out, "time_since").as_deref(), Some("ended_1_5y"));
    // An end a year or more ago: not acutely unsafe (the coding convention).
    assert_eq!(code(&out, "acutely_unsafe").as_deref(), Some("no"));
}

#[test]
fn the_answer_to_who_knows_is_the_first_disclosure() {
    let s = suggester();
    for (question, answer, want) in [
        (
            "Heb je dit al aan iemand verteld?",
            "nee niemand",
            Some("yes"),
        ),
        ("Weet iemand anders ervan?", "nee", Some("yes")),
        (
            "Heb je het al aan iemand verteld?",
            "mn zus weet het",
            Some("no"),
        ),
        // A question about the parents is not about anyone.
        ("Weten je ouders het?", "nee", None),
    ] {
        let c = account(girl(15), &[("c", question), ("v", answer)]);
        assert_eq!(
            code(&s.suggest(&c), "first_disclosure").as_deref(),
            want,
            "{question} {answer}"
        );
    }
}

#[test]
fn first_disclosure_is_left_out_when_someone_else_chats() {
    let c = chat(
        Intake::default(),
        &[
            (
                "v",
                "mijn dochter moet met mannen afspreken en haar vriend pakt het geld",
            ),
            ("c", "Heeft ze het al aan iemand verteld?"),
            ("v", "nee niemand"),
        ],
    );
    let out = suggester().suggest(&c);
    assert_eq!(code(&out, "chatter").as_deref(), Some("family"));
    assert_eq!(code(&out, "first_disclosure"), None);
}

#[test]
fn a_threat_told_as_speech_is_violence_in_words() {
    let s = suggester();
    for (line, verbal, psych) in [
        (
            "hij zegt dat hij mn moeder iets aandoet als ik stop",
            true,
            false,
        ),
        ("hij zegt dat ik anders er spijt van krijg", true, false),
        ("als ik nee zeg zegt hij dat hij het uitmaakt", false, true),
        // The house is the cohabiting means, not violence.
        ("hij zegt dat ik anders het huis uit moet", false, false),
        // Negated and hedged threats are not facts.
        ("hij heeft nooit gedreigd als ik nee zei", false, false),
        (
            "ik denk dat hij zegt dat als ik stop er iets gebeurt",
            false,
            false,
        ),
        // The visitor's own speech is no threat.
        ("is dat raar om te zeggen als jongen", false, false),
    ] {
        let out = s.suggest(&account(girl(16), &[("v", line)]));
        let v = items(&out, "violence");
        assert_eq!(v.contains(&"verbal".to_string()), verbal, "{line}: {v:?}");
        assert_eq!(
            v.contains(&"psychological".to_string()),
            psych,
            "{line}: {v:?}"
        );
    }
}

#[test]
fn hitting_in_many_forms_is_physical_and_never_when_negated() {
    let s = suggester();
    for (line, want) in [
        ("als ik weiger slaat hij me", true),
        ("hij gooit dingen naar me", true),
        ("ik had een blauw oog", true),
        ("hij heeft me nooit geslagen", false),
        ("hij slaat me niet", false),
    ] {
        let out = s.suggest(&account(girl(17), &[("v", line)]));
        assert_eq!(
            items(&out, "violence").contains(&"physical".to_string()),
            want,
            "{line}"
        );
    }
}

#[test]
fn a_named_partner_or_a_guy_from_the_neighbourhood_is_the_perpetrator() {
    let s = suggester();
    let c = chat(
        girl(16),
        &[("v", "mn vriendje stuurt me naar mannen en die betalen hem")],
    );
    assert_eq!(
        code(&s.suggest(&c), "perpetrator").as_deref(),
        Some("partner")
    );
    let c = chat(
        Intake {
            age: Some(17),
            gender: Some("male".into()),
        },
        &[(
            "v",
            "ik moet drugs verkopen voor een gast uit de buurt en ik krijg niks",
        )],
    );
    let out = s.suggest(&c);
    assert_eq!(code(&out, "perpetrator").as_deref(), Some("social"));
    assert_eq!(
        code(&out, "perpetrator_social").as_deref(),
        Some("friend_acquaintance")
    );
    assert_eq!(code(&out, "met").as_deref(), Some("offline"));
}

#[test]
fn a_first_person_account_without_a_third_party_is_the_victims_with_the_intake() {
    let s = suggester();
    let c = chat(
        girl(15),
        &[
            ("v", "hoi"),
            ("v", "ik weet nie of dit hier hoort"),
            ("v", "mn vriendje stuurt me naar mannen en die betalen hem"),
        ],
    );
    let out = s.suggest(&c);
    assert_eq!(code(&out, "chatter").as_deref(), Some("victim"));
    assert_eq!(code(&out, "victim_gender").as_deref(), Some("female"));
    let age = out.get("victim_age").unwrap();
    assert_eq!(age.value, Value::Integer(15));
    assert_eq!(age.source, Some("intake"));
    for (name, sug) in &out.suggestions {
        assert!(!sug.evidence.is_empty(), "{name}");
        for e in &sug.evidence {
            assert_eq!(c.messages[e.message].from, From::Visitor, "{name}");
        }
    }
    // A parent chatting: the intake is the parent's, not the victim's.
    let c = chat(
        Intake {
            age: Some(45),
            gender: Some("male".into()),
        },
        &[(
            "v",
            "mijn dochter moet met mannen afspreken en haar vriend pakt het geld",
        )],
    );
    let out = s.suggest(&c);
    assert_eq!(code(&out, "chatter").as_deref(), Some("family"));
    assert_ne!(
        out.get("victim_age").map(|a| a.value.clone()),
        Some(Value::Integer(45))
    );
    assert_ne!(code(&out, "victim_gender").as_deref(), Some("male"));
}

#[test]
fn an_ongoing_situation_is_acutely_unsafe() {
    let c = account(girl(16), &[("v", "het gebeurt nog steeds elke week")]);
    let out = suggester().suggest(&c);
    assert_eq!(code(&out, "time_since").as_deref(), Some("ongoing"));
    assert_eq!(code(&out, "acutely_unsafe").as_deref(), Some("yes"));
}

#[test]
fn a_visitor_who_says_nobody_forces_them_is_not_included() {
    let s = suggester();
    let c = chat(
        girl(23),
        &[(
            "v",
            "ik werk als escort en ik heb klanten. niemand dwingt me, ik hou mijn eigen geld",
        )],
    );
    let out = s.suggest(&c);
    assert_ne!(code(&out, "status").as_deref(), Some("included"));
    assert_eq!(code(&out, "exploitation"), None);
    // Without the denial the same account is coded.
    let c = chat(
        girl(23),
        &[("v", "ik moet als escort werken en hij pakt het geld")],
    );
    assert_eq!(code(&s.suggest(&c), "status").as_deref(), Some("included"));
}

#[test]
fn a_parent_names_the_child_and_the_child_keeps_its_age() {
    let s = suggester();
    let c = chat(
        Intake::default(),
        &[
            ("v", "goedenavond, ik ben moeder van een zoon van 13"),
            ("c", "Welkom. Waar maakt u zich zorgen over?"),
            (
                "v",
                "hij gaat om met een man van 28 die hem geld geeft en hij moet pakketjes wegbrengen",
            ),
        ],
    );
    let r = s.suggest(&c);
    assert_eq!(code(&r, "chatter").as_deref(), Some("family"));
    assert_eq!(
        r.get("victim_age").map(|x| x.value.clone()),
        Some(Value::Integer(13))
    );
    assert_eq!(code(&r, "victim_gender").as_deref(), Some("male"));
}

#[test]
fn a_relative_who_only_says_whose_friend_someone_is_is_not_the_victim() {
    let s = suggester();
    let c = chat(
        girl(15),
        &[
            (
                "v",
                "er is een gast, vriend van mn broer, hij is 22. in het begin was hij lief",
            ),
            ("c", "Wat gebeurde er toen?"),
            ("v", "nu moet ik met mannen afspreken en hij pakt het geld"),
        ],
    );
    let r = s.suggest(&c);
    assert_eq!(code(&r, "chatter").as_deref(), Some("victim"));
    assert_eq!(
        r.get("victim_age").map(|x| x.value.clone()),
        Some(Value::Integer(15))
    );
    // With exploitation in the same clause the relative is still the victim.
    let c = chat(
        Intake::default(),
        &[(
            "v",
            "de vriend van mijn dochter laat haar met mannen meegaan voor geld",
        )],
    );
    assert_eq!(code(&s.suggest(&c), "chatter").as_deref(), Some("family"));
}

#[test]
fn a_threat_to_show_or_share_images_is_sextortion_when_others_pay_for_her() {
    let s = suggester();
    for text in [
        "hij heeft naaktfotos van me. hij wil dat ik afspreek met zijn vrienden, die betalen hem. anders deelt hij ze",
        "hij wil dat ik naar zn vrienden ga, die geven hem geld. anders laat hij mn filmpje aan mn ouders zien",
    ] {
        let c = chat(
            girl(16),
            &[("v", "hoi"), ("c", "Vertel maar."), ("v", text)],
        );
        let r = s.suggest(&c);
        assert_eq!(code(&r, "status").as_deref(), Some("included"), "{text}");
        assert!(
            items(&r, "coercion").contains(&"sextortion".to_string()),
            "{text}"
        );
    }
}

#[test]
fn a_threat_to_spread_images_or_to_leave_is_no_threat_of_harm_in_words() {
    let s = suggester();
    for (text, want) in [
        (
            "nu dreigt hij de foto's te delen als ik nie terugkom",
            Vec::<&str>::new(),
        ),
        ("hij dreigt dat ie het uitmaakt", vec!["psychological"]),
        ("hij dreigt dat ie me in elkaar slaat", vec!["verbal"]),
    ] {
        let c = account(girl(17), &[("c", "En als je weigert?"), ("v", text)]);
        assert_eq!(items(&s.suggest(&c), "violence"), want, "{text}");
    }
    // Saying nothing is no threat.
    let c = account(
        girl(17),
        &[
            ("c", "Wat gebeurt er als je stopt?"),
            ("v", "weet nie. hij zegt niks"),
        ],
    );
    assert!(items(&s.suggest(&c), "violence").is_empty());
}

#[test]
fn the_intake_age_is_not_the_victims_when_asked_about_someone_else() {
    let s = suggester();
    let mut intake = girl(45);
    intake.gender = None;
    let c = chat(
        intake,
        &[
            (
                "v",
                "Mijn ex-vriendin werkt in de prostitutie. Sinds ze een nieuwe vriend heeft mag ze niemand meer zien.",
            ),
            ("c", "Hoe weet u dat?"),
            (
                "v",
                "Ze belde me gisteren stiekem en zei dat ze bang is voor hem.",
            ),
            ("c", "Weet u hoe oud ze is?"),
            ("v", "nee, dat weet ik niet precies"),
        ],
    );
    let r = s.suggest(&c);
    assert_ne!(
        r.get("victim_age").map(|x| x.value.clone()),
        Some(Value::Integer(45))
    );
}

/// Round 6: sex that nobody is paid for is sexual violence without exploitation (excluded
/// as other sexual violence), whatever the force.
#[test]
fn unpaid_sex_is_excluded_as_other_sexual_violence() {
    let s = suggester();
    let c = chat(
        girl(19),
        &[
            (
                "v",
                "mn vriend dwingt me om met zijn vrienden seks te hebben. er wordt niet betaald, hij wil gewoon kijken",
            ),
            ("c", "Wat naar. Dank je dat je het vertelt."),
        ],
    );
    let out = s.suggest(&c);
    assert_eq!(code(&out, "status").as_deref(), Some("excluded"));
    assert_eq!(
        code(&out, "exclusion_reason").as_deref(),
        Some("other_sexual_violence")
    );
}

/// Round 6: "ze" with a plural verb of what is done to the victim ("ze halen me op", "dan
/// slaan ze me") means more than one perpetrator; a singular "ze haalt" does not.
#[test]
fn they_in_the_plural_are_multiple_perpetrators() {
    let s = suggester();
    for (text, want) in [
        (
            "ik moet drugs verkopen op het station. ze halen me elke ochtend op",
            Some("yes"),
        ),
        (
            "ik moet drugs verkopen op het station. ze haalt me elke ochtend op",
            None,
        ),
    ] {
        let c = chat(girl(16), &[("v", text)]);
        assert_eq!(
            code(&s.suggest(&c), "multiple_perpetrators").as_deref(),
            want,
            "{text}"
        );
    }
}

/// Round 6: a request the visitor turned down, in a chat without force, threat or
/// violence, is no exploitation ("ik zei nee"); with a threat it still is.
#[test]
fn a_refused_request_without_force_has_no_status() {
    let s = suggester();
    let asked = "een jongen uit mn klas vroeg of ik mn bankpas wou uitlenen voor 300 euro";
    let c = chat(
        girl(16),
        &[("v", asked), ("v", "ik zei nee. was dat slim?")],
    );
    assert_eq!(code(&s.suggest(&c), "status"), None);
    let c = chat(
        girl(16),
        &[
            ("v", asked),
            (
                "v",
                "ik zei nee. nu dreigt hij me te slaan als ik het nie doe",
            ),
        ],
    );
    assert_eq!(code(&s.suggest(&c), "status").as_deref(), Some("included"));
}
