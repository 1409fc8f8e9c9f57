//! The family of round forty-three (made after round 42's score on test-ap): "een bewoonster
//! van 17" is the one a care worker chats about, not "een vrouw van 40" who arranges the men;
//! a relative named in what the perpetrators said they would do ("ze zeiden dat ze mn
//! broertje van 9 pakken") is threatened, not the victim. The first two tests fail on round
//! 42's rules; the last is a guard.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// A care worker about "een bewoonster van 17" and "een vrouw van 40" who arranges men for
/// her (ap2-095 in other words): 17.
#[test]
fn a_resident_is_the_one_the_care_worker_chats_about() {
    let sug = suggester_with_model().suggest(&chat(
        intake_gender_only("female"),
        &[
            (
                "v",
                "Goedendag, ik werk op een woongroep. Een bewoonster van 17 noemt een vrouw van 40 haar beste vriendin.",
            ),
            ("c", "Wat maakt u ongerust?"),
            (
                "v",
                "Die vrouw regelt mannen voor haar en houdt het geld. Het gaat nog steeds door.",
            ),
        ],
    ));
    assert_eq!(age(&sug), Some(17));
}

/// A boy of 13 who must keep bags for older boys, "ze zeiden dat ze mn broertje van 9
/// pakken" (ap2-100 in other words): the brother is threatened, the visitor is the victim.
#[test]
fn a_brother_they_said_they_would_get_is_not_the_victim() {
    let sug = suggester_with_model().suggest(&chat(
        boy(13),
        &[
            (
                "v",
                "er zijn gasten van 17 en 18 uit mn wijk en ik moet spullen voor ze bewaren in mn kamer",
            ),
            ("c", "Wat gebeurt er als je nee zegt?"),
            ("v", "ze zeiden dat ze mn broertje van 8 pakken"),
        ],
    ));
    assert_ne!(age(&sug), Some(8));
    assert_ne!(code(&sug, "chatter").as_deref(), Some("family"));
}

/// The guard: "ze pakken al het geld" is no threat to anyone named; a mother's chat about
/// her daughter of 15 keeps its age.
#[test]
fn pakken_of_money_is_no_threat() {
    let sug = suggester().suggest(&chat(
        intake(45, "female"),
        &[(
            "v",
            "mijn dochter van 15 moet met mannen mee van haar vriend en zijn vrienden pakken al het geld",
        )],
    ));
    assert_eq!(age(&sug), Some(15));
}
