//! The family of round forty-one (made after round 40's score on test-an): an age the
//! visitor corrects is never suggested; the rules' reading of the correction is kept aside
//! for the coder (`Withheld`). The first two tests fail on round 40's rules (which
//! suggested the age before the correction); the others are guards.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "16" and then "nee 15 sorry typo, mn neef is 21" (an2-027 in other words): round 40
/// suggested 16. Now no age is suggested.
#[test]
fn a_correction_in_the_next_message_gives_no_age() {
    let s = suggester_with_model();
    let c = chat(
        intake_gender_only("male"),
        &[
            (
                "v",
                "ik moet met mn oom scooters jatten en naar een loods brengen",
            ),
            ("c", "Goed dat je het vertelt. Hoe oud ben je?"),
            ("v", "17"),
            ("v", "nee 16 sorry typo, mn oom is 30"),
        ],
    );
    let sug = s.suggest(&c);
    assert_eq!(age(&sug), None);
}

/// "ik ben 23, nou eigenlijk 22 ik word volgende week 23" (an2-096 in other words): round
/// 40 suggested 23. Now no age is suggested.
#[test]
fn nou_eigenlijk_gives_no_age() {
    let s = suggester_with_model();
    let c = chat(
        intake_gender_only("female"),
        &[
            (
                "v",
                "hoi ik ben 20, nou eigenlijk 19 ik word volgende week 20",
            ),
            (
                "v",
                "mn vriend wil dat ik in een privehuis werk en hij houdt het geld",
            ),
        ],
    );
    let sug = s.suggest(&c);
    assert_eq!(age(&sug), None);
}

/// The guard: an age said once, without a correction, is suggested as before.
#[test]
fn an_age_said_once_is_suggested() {
    let sug = suggester_with_model().suggest(&chat(
        intake_gender_only("male"),
        &[
            (
                "v",
                "ik moet met mn oom scooters jatten en naar een loods brengen",
            ),
            ("c", "Goed dat je het vertelt. Hoe oud ben je?"),
            ("v", "16"),
        ],
    ));
    assert_eq!(age(&sug), Some(16));
}

/// The guard: the correction of someone else's age ("hij is 19, nee wacht 20") leaves the
/// visitor's own 15 alone.
#[test]
fn a_correction_of_another_age_keeps_the_victims() {
    let sug = suggester_with_model().suggest(&chat(
        girl(15),
        &[
            (
                "v",
                "ik ben 15 en mn vriend laat me met zn vrienden slapen voor geld",
            ),
            ("c", "Hoe oud is hij?"),
            ("v", "hij is 19, nee wacht 20"),
        ],
    ));
    assert_eq!(age(&sug), Some(15));
}

/// The guard: what was read is kept aside for the coder, with its evidence.
#[test]
fn the_corrected_reading_is_kept_aside() {
    let s = suggester();
    let c = chat(
        girl(16),
        &[
            (
                "v",
                "mn vriend laat me met andere mannen afspreken voor geld en hij pakt alles",
            ),
            ("c", "Hoe oud ben je?"),
            ("v", "16 nee eigenlijk 15"),
        ],
    );
    assert_eq!(corrected_age(&s, &c), Some(15));
    let held = s.suggest_noting(&c).1.victim_age.unwrap();
    assert!(held.evidence.iter().any(|e| e.text.contains("15")));
}
