//! The family of round thirty-nine (made after round 38's score on test-al): a relative named
//! with his age, then "hij laat ... bij mij", acts on the visitor, who is the victim. The
//! first test fails on round 38's rules; the other is a guard.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "mn broer is 19 en hij laat zn vrienden bij mij komen en die betalen hem" to a girl of 14
/// (al2-086): 14, not her brother's 19.
#[test]
fn a_brother_who_lets_his_friends_come_to_me_is_not_the_victim() {
    let sug = suggester_with_model().suggest(&chat(
        girl(14),
        &[
            (
                "v",
                "mn broer is 19 en hij laat zn vrienden bij mij komen en die betalen hem",
            ),
            (
                "c",
                "Dat is heel ernstig en het is niet jouw schuld. Woon je met hem in huis?",
            ),
            ("v", "ja en mn ouders zijn bijna nooit thuis"),
        ],
    ));
    assert_ne!(age(&sug), Some(19));
}

/// The guard: "mijn dochter is 15 en haar vriend laat haar met mannen mee gaan" stays the
/// mother's chat about her daughter of 15.
#[test]
fn her_boyfriend_lets_her_keeps_the_daughters_age() {
    let sug = suggester().suggest(&chat(
        intake(44, "female"),
        &[(
            "v",
            "mijn dochter is 15 en haar vriend laat haar met mannen mee gaan voor geld",
        )],
    ));
    assert_eq!(age(&sug), Some(15));
}

/// "een jaar of 15" (y1-030, of a neighbour's girl) is a vague age, left out by the
/// convention; its "een" is no age of 1, also as an answer about oneself.
#[test]
fn een_jaar_of_15_gives_no_age() {
    let sug = suggester().suggest(&chat(
        intake_gender_only("female"),
        &[
            (
                "v",
                "mn vriend laat me met mannen afspreken voor geld en als ik nee zeg slaat hij me",
            ),
            ("c", "Hoe oud ben je?"),
            ("v", "een jaar of 15"),
        ],
    ));
    assert_eq!(age(&sug), None);
}
