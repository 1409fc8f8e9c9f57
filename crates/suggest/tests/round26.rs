//! The family of round twenty-six (made after round 25's score on test-y; not yet scored on
//! a fresh set): a relation of hers ("haar vriend") says the one the chat is about is a she,
//! so "Hij is 23" after it is not the victim's age or gender. The first test fails on round
//! 25's rules; the second is a guard.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "Een leerling van 14 vertelde mij in vertrouwen dat haar vriend haar 'verhuurt' aan zijn
/// vrienden. Hij is 23." (y1-076): the victim is a girl, and 23 is his age.
#[test]
fn haar_vriend_makes_the_victim_a_she_and_hij_is_23_his() {
    let sug = suggester().suggest(&chat(
        intake(36, "female"),
        &[
            (
                "v",
                "Ik ben docent op een vmbo. Een leerling van 14 vertelde mij in vertrouwen dat haar vriend haar 'verhuurt' aan zijn vrienden. Hij is 23. Ze kent hem van TikTok.",
            ),
            ("c", "Gebruikt hij geweld?"),
            (
                "v",
                "Ze zei dat hij haar telefoon kapot heeft gegooid toen ze niet wilde.",
            ),
        ],
    ));
    assert_eq!(code(&sug, "victim_gender").as_deref(), Some("female"));
    assert_ne!(age(&sug), Some(23));
}

/// The guard: a mother about her son, "Hij is 15", keeps his gender and age.
#[test]
fn a_son_of_15_stays_a_boy_of_15() {
    let sug = suggester().suggest(&chat(
        intake(44, "female"),
        &[(
            "v",
            "Ik maak me zorgen over mijn zoon, hij moet drugs verkopen voor zijn neef en die slaat hem als hij niet gaat. Hij is 15.",
        )],
    ));
    assert_eq!(code(&sug, "victim_gender").as_deref(), Some("male"));
    assert_eq!(age(&sug), Some(15));
}
