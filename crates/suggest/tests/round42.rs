//! The family of round forty-two (made after round 41's score on test-ao): a sentence that
//! opens with "als ... zou" is hypothetical to its end; "hij heeft het nog nie gevraagd" is
//! something that has not happened; the one who was told ("vertelde een klasgenote van 15")
//! is not the victim; "hij laat zn vrienden bij mij komen" and "hij laat ons allebei ..."
//! tell of exploitation. Every test not named a guard fails on round 41's rules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "als mn vriend zou zeggen dat ik met zn vrienden moet slapen voor geld wat moet ik dan
/// doen" (ao1-031): a hypothetical, no status and no age.
#[test]
fn a_sentence_opening_with_als_zou_is_hypothetical() {
    let sug = suggester().suggest(&chat(
        girl(16),
        &[(
            "v",
            "als mn vriend zou zeggen dat ik met zn vrienden moet slapen voor geld wat moet ik dan doen",
        )],
    ));
    assert_ne!(code(&sug, "status").as_deref(), Some("included"));
    assert_eq!(age(&sug), None);
}

/// The guard: a threat told after a condition ("als ik wou stoppen zei hij dat hij mn broer
/// in elkaar zou slaan", te-068) is still a threat.
#[test]
fn a_threat_after_a_condition_is_still_a_threat() {
    let sug = suggester().suggest(&chat(
        girl(17),
        &[(
            "v",
            "mn vriend laat me met mannen afspreken en houdt het geld. als ik wou stoppen zei hij dat hij mn broer in elkaar zou slaan",
        )],
    ));
    assert_eq!(code(&sug, "status").as_deref(), Some("included"));
    assert!(items(&sug, "coercion").contains(&"violence".to_string()));
}

/// "nee hij heeft het nog nie gevraagd hoor" (ao1-031): nothing has happened yet, so the
/// intake's age is not given.
#[test]
fn nog_nie_gevraagd_has_not_happened() {
    let sug = suggester_with_model().suggest(&chat(
        girl(16),
        &[
            (
                "v",
                "ik ben bang dat mn vriend wil dat ik met zn vrienden moet slapen voor geld",
            ),
            ("c", "Is dat iets wat hij gevraagd heeft?"),
            ("v", "nee hij heeft het nog nie gevraagd hoor"),
        ],
    ));
    assert_eq!(age(&sug), None);
}

/// "Het gaat om een meisje van 16 ... Ze vertelde een klasgenote van 15 dat ..." (ao2-010
/// in other words): 16, not the age of the one she told.
#[test]
fn the_one_she_told_is_not_the_victim() {
    let sug = suggester_with_model().suggest(&chat(
        intake_gender_only("female"),
        &[(
            "v",
            "Ik ben mentor. Het gaat om een meisje van 16 uit mijn klas. Ze vertelde een klasgenote van 15 dat ze met vrienden van haar vriend moet slapen en dat hij daar geld voor krijgt.",
        )],
    ));
    assert_eq!(age(&sug), Some(16));
}

/// "er is een jongen van school en hij laat zn vrienden bij mij komen en die betalen hem"
/// (ao1-018): the rules read it as sexual exploitation.
#[test]
fn friends_coming_to_me_is_exploitation() {
    let sug = suggester().suggest(&chat(
        girl(14),
        &[(
            "v",
            "er is een jongen uit de buurt en hij laat zn vrienden bij mij komen en die betalen hem",
        )],
    ));
    assert_eq!(code(&sug, "status").as_deref(), Some("included"));
    assert_eq!(code(&sug, "exploitation").as_deref(), Some("sexual"));
}

/// "mn zus is 17 ... hij laat ons allebei met mannen meegaan" to a girl of 15 (ao2-059):
/// exploitation, and the visitor is one of the victims, so the sister's 17 is not the age.
#[test]
fn he_lets_us_both_is_exploitation_of_me_too() {
    let sug = suggester().suggest(&chat(
        girl(15),
        &[
            ("v", "mn zus is 17 en haar vriend is 24"),
            ("c", "Wat wil je vertellen over hen?"),
            (
                "v",
                "hij laat ons allebei met mannen meegaan en die betalen hem",
            ),
        ],
    ));
    assert_eq!(code(&sug, "status").as_deref(), Some("included"));
    assert_ne!(age(&sug), Some(17));
}
