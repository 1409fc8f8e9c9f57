//! The family of round forty-five (made after round 44's scores on test-ar and test-as): a
//! question about a condition ("als iemand zegt dat ik ..., en ik zou nee zeggen, is dat dan
//! al mensenhandel?") is hypothetical as a whole; "mijn zus is 19 en zij heeft mij
//! meegenomen" acts on the visitor, who is the victim. The first two tests fail on round
//! 44's rules; the last is a guard.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// as2-013 in other words: a hypothetical question, no status and no intake age.
#[test]
fn a_question_about_a_condition_is_hypothetical() {
    let sug = suggester_with_model().suggest(&chat(
        intake(26, "female"),
        &[
            (
                "v",
                "als iemand zegt dat ik met zn vrienden moet slapen voor geld, en ik zou nee zeggen, is dat dan al mensenhandel?",
            ),
            ("c", "Goed dat je het vraagt. Speelt dit nu bij jou?"),
            ("v", "nee het is niet gebeurd, ik vroeg het me af"),
        ],
    ));
    assert_ne!(code(&sug, "status").as_deref(), Some("included"));
    assert_eq!(age(&sug), None);
}

/// "mijn zus is 20 en zij heeft mij meegenomen naar een man die geld gaf" and "14" to "Hoe
/// oud ben jij zelf?" (as2-002 with other ages): the sister acts on the visitor, who is the
/// victim of 14, not her sister of 20.
#[test]
fn a_sister_who_took_me_along_is_not_the_victim() {
    let sug = suggester_with_model().suggest(&chat(
        girl(14),
        &[
            (
                "v",
                "mijn zus is 20 en zij heeft mij meegenomen naar een man die geld gaf",
            ),
            ("c", "Wat naar dat je dit meemaakt. Hoe oud ben jij zelf?"),
            ("v", "14"),
            (
                "v",
                "ze zegt dat ik het nog een keer moet doen anders slaat ze me zegt ze",
            ),
            ("c", "Hoe vaak is dit gebeurd?"),
            ("v", "2 keer"),
        ],
    ));
    assert_eq!(code(&sug, "chatter").as_deref(), Some("victim"));
    assert_eq!(age(&sug), Some(14));
}

/// The guard: a threat after a condition, not a question, is still a threat.
#[test]
fn a_threat_after_a_condition_is_still_one() {
    let sug = suggester().suggest(&chat(
        girl(17),
        &[(
            "v",
            "mn vriend laat me met mannen afspreken en houdt het geld. als ik stop zegt hij dat hij me in elkaar zou slaan",
        )],
    ));
    assert_eq!(code(&sug, "status").as_deref(), Some("included"));
    assert!(items(&sug, "coercion").contains(&"violence".to_string()));
}
