//! The family of round twenty-nine (made after round 28's score on test-ab): the answer to
//! "Hoe oud is de moeder?" is the mother's age, and "nu moeten we allebei ..." counts the
//! visitor in. Each first test fails on round 28's rules; the other is a guard.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// A support worker tells of a client of 28 whose mother sells her; "Hoe oud is de moeder?"
/// "54." (ab2-020): 54 is the mother's age.
#[test]
fn hoe_oud_is_de_moeder_asks_the_mothers_age() {
    let sug = suggester().suggest(&chat(
        intake(34, "female"),
        &[
            (
                "v",
                "Goedendag, ik ben ambulant begeleider. Mijn cliënt is een vrouw van 28 met een licht verstandelijke beperking. Haar moeder plaatst advertenties voor haar en er komen mannen langs. Het geld gaat naar de moeder.",
            ),
            ("c", "Dat klinkt ernstig. Hoe oud is de moeder?"),
            ("v", "54."),
        ],
    ));
    assert_ne!(age(&sug), Some(54));
}

/// "mn zus van 19 heeft me voorgesteld aan haar vriend ... nu moeten we allebei voor hem
/// met mannen afspreken" and "Hoe oud ben jij?" "16" (ab2-074): the visitor is a victim of
/// 16, not her sister of 19.
#[test]
fn nu_moeten_we_allebei_counts_the_visitor_in() {
    let sug = suggester().suggest(&chat(
        intake(16, "female"),
        &[
            ("v", "mn zus van 19 heeft me voorgesteld aan haar vriend"),
            ("c", "Hoi. Wat is er daarna gebeurd?"),
            (
                "v",
                "hij is 27. nu moeten we allebei voor hem met mannen afspreken. mn zus ook dus",
            ),
            ("c", "Wat naar voor jullie allebei. Hoe oud ben jij?"),
            ("v", "16"),
        ],
    ));
    assert_eq!(code(&sug, "chatter").as_deref(), Some("victim"));
    assert_eq!(age(&sug), Some(16));
}

/// The guard: "Hoe oud is je moeder?" from a child who tells of her mother keeps the
/// mother's age as the victim's.
#[test]
fn hoe_oud_is_je_moeder_keeps_the_mother_as_the_victim() {
    let sug = suggester().suggest(&chat(
        intake(14, "female"),
        &[
            (
                "v",
                "mn moeder moet van haar vriend met andere mannen afspreken voor geld en hij slaat haar",
            ),
            ("c", "Wat naar. Hoe oud is je moeder?"),
            ("v", "38"),
        ],
    ));
    assert_ne!(age(&sug), Some(14));
}
