//! The family of round thirty-four (made after round 33's score on test-ag): "ik word pas
//! volgende maand 18" corrects an 18 to 17, a relative who "moest het ook" is another
//! victim and not whom the chat is about, and a relative's age makes no age gap. Each first
//! test fails on round 33's rules; the other is a guard.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "Hoe oud ben je?" "18, nee wacht ik word pas volgende maand 18" (ag1-006): 17.
#[test]
fn ik_word_pas_volgende_maand_18_is_17() {
    let sug = suggester().suggest(&chat(
        intake_gender_only("male"),
        &[
            (
                "v",
                "een gast op insta vroeg of hij mn bankpas mocht lenen en nu moet ik het geld pinnen en aan hem geven. hij zei dat hij anders langs komt met zn boys",
            ),
            ("c", "Hoi. Hoe oud ben je?"),
            ("v", "18, nee wacht ik word pas volgende maand 18"),
        ],
    ));
    assert_eq!(age(&sug), Some(17));
}

/// The guard: "17, nee wacht ik word volgende maand 18" keeps 17.
#[test]
fn ik_word_volgende_maand_18_after_17_keeps_17() {
    let s = suggester();
    let c = chat(
        intake_gender_only("male"),
        &[
            (
                "v",
                "een gast op insta vroeg of hij mn bankpas mocht lenen en nu moet ik het geld pinnen en aan hem geven. hij zei dat hij anders langs komt met zn boys",
            ),
            ("c", "Hoi. Hoe oud ben je?"),
            ("v", "17, nee wacht ik word volgende maand 18"),
        ],
    );
    assert_eq!(corrected_age(&s, &c), Some(17));
}

/// "ik moet elke zaterdag met mn oom mee naar zijn vrienden. hij is 50 ..." "15. mn zus van
/// 18 moest het ook vroeger" (ag2-034): the visitor is the victim, 15, and her uncle's age
/// makes no age gap.
#[test]
fn a_sister_who_had_to_too_is_not_whom_the_chat_is_about() {
    let sug = suggester_with_model().suggest(&chat(
        girl(15),
        &[
            (
                "v",
                "ik moet elke zaterdag met mn oom mee naar zijn vrienden. hij is 50. zijn vrienden geven hem geld en dan moet ik met ze naar boven",
            ),
            (
                "c",
                "Dat is heel erg. Dank je dat je het vertelt. Hoe oud ben je?",
            ),
            ("v", "15. mn zus van 18 moest het ook vroeger"),
            ("c", "Weet je ouders ervan?"),
            (
                "v",
                "mn ouders zijn dood ik woon bij mn oom en tante. als ik het vertel moet ik weg zegt hij",
            ),
        ],
    ));
    assert_eq!(age(&sug), Some(15));
    assert_ne!(code(&sug, "chatter").as_deref(), Some("family"));
    assert!(!items(&sug, "coercion").contains(&"age_gap".to_string()));
}

/// "ik ben 16 en mn moeder is 38. zij en haar vriend laten mij afspreken met vrienden van
/// hem en die geven hun geld" (ag2-021): the mother's age makes no age gap.
#[test]
fn a_mothers_age_makes_no_age_gap() {
    let sug = suggester().suggest(&chat(
        girl(16),
        &[(
            "v",
            "ik ben 16 en mn moeder is 38. zij en haar vriend laten mij afspreken met vrienden van hem en die geven hun geld",
        )],
    ));
    assert!(!items(&sug, "coercion").contains(&"age_gap".to_string()));
}

/// The guard: "mn vriend is 24" to a girl of 16 who must meet his friends for money is an
/// age gap.
#[test]
fn a_boyfriends_age_still_makes_an_age_gap() {
    let sug = suggester().suggest(&chat(
        girl(16),
        &[(
            "v",
            "ik ben 16 en mn vriend is 24. hij laat mij afspreken met zijn vrienden en die geven hem geld",
        )],
    ));
    assert!(items(&sug, "coercion").contains(&"age_gap".to_string()));
}

/// "ik heb mn bankpas gegeven aan een jongen van 19 ... die jongen zegt ... anders krijg ik
/// klappen" "nee nooit. maar zn neef is 26 en die is echt eng" (ag2-012): the cousin of the
/// one who does it is not him, and his age makes no age gap.
#[test]
fn a_cousins_age_makes_no_age_gap() {
    let sug = suggester().suggest(&chat(
        boy(15),
        &[
            (
                "v",
                "ik heb mn bankpas gegeven aan een jongen van 19 die ik ken van voetbal. hij zei ik krijg 200 euro",
            ),
            ("c", "Hoi. Wat gebeurde er daarna?"),
            (
                "v",
                "er kwam heel veel geld op en weer af. nu belt de bank mn moeder. en die jongen zegt dat ik moet zeggen dat mn pas gestolen is anders krijg ik klappen",
            ),
            ("c", "Heeft hij je al eerder iets aangedaan?"),
            ("v", "nee nooit. maar zn neef is 26 en die is echt eng"),
        ],
    ));
    assert!(!items(&sug, "coercion").contains(&"age_gap".to_string()));
}

/// "Als hij het niet doet, moet hij de kamer uit" of a boy who lives in a room at a man's
/// (ag2-013), "uit zijn huis moet" (ag2-076), "ik woon bij mn vriend" (ag2-047): coercion by
/// housing.
#[test]
fn losing_the_room_is_coercion_by_housing() {
    let sug = suggester().suggest(&chat(
        boy(16),
        &[
            (
                "v",
                "een man van 45 laat me drugs verkopen voor hem. als ik het niet doe moet ik de kamer uit",
            ),
            ("v", "ik woon bij hem sinds de zomer"),
        ],
    ));
    assert!(items(&sug, "coercion").contains(&"cohabiting".to_string()));
    let sug = suggester().suggest(&chat(
        girl(17),
        &[(
            "v",
            "mn vriend laat me met mannen afspreken voor geld. als ik niet ga zegt hij dat ik uit zijn huis moet",
        )],
    ));
    assert!(items(&sug, "coercion").contains(&"cohabiting".to_string()));
}
