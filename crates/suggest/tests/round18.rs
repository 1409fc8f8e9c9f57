//! The family of round eighteen: a parent's account of an adult child who does sex work by
//! her own choice is excluded (`other`), whatever word order the choice is told in. Each
//! test fails on round 17's rules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "dat niemand haar dwingt" (the verb last, in a subordinate clause) and "haar eigen geld":
/// a free choice, so excluded, and no age of the daughter. Round 17's rules found no
/// exclusion and kept "mijn dochter van 23" as the victim's age.
#[test]
fn a_daughter_who_escorts_by_her_own_choice_is_excluded() {
    let s = suggester();
    let c = chat(
        intake(55, "female"),
        &[
            (
                "v",
                "Mijn dochter van 23 werkt sinds kort als escort en ik slaap er slecht van.",
            ),
            ("c", "Dat begrijp ik. Weet u hoe zij erin staat?"),
            (
                "v",
                "Ze zegt dat niemand haar dwingt en ze houdt haar eigen geld. Ik wil haar vooral steunen.",
            ),
        ],
    );
    let sug = s.suggest(&c);
    assert_eq!(code(&sug, "status").as_deref(), Some("excluded"));
    assert_eq!(code(&sug, "exclusion_reason").as_deref(), Some("other"));
    assert_eq!(age(&sug), None);
}

/// "ze heeft het zelf besloten": the same, told as a decision. Round 17's rules kept the
/// age 21.
#[test]
fn a_decision_of_her_own_is_excluded() {
    let s = suggester();
    let c = chat(
        intake(48, "male"),
        &[
            (
                "v",
                "Goedenavond, mijn dochter van 21 werkt als escort. Ik weet niet goed wat ik daarmee moet.",
            ),
            ("c", "Goedenavond. Wordt ze door iemand onder druk gezet?"),
            (
                "v",
                "Nee, ze heeft het zelf besloten. Ze zegt dat ze het prima vindt.",
            ),
        ],
    );
    let sug = s.suggest(&c);
    assert_eq!(code(&sug, "status").as_deref(), Some("excluded"));
    assert_eq!(age(&sug), None);
}

/// The guard: "ze zegt dat niemand haar dwingt" beside force told by the parent is no free
/// choice, and the chat is not excluded.
#[test]
fn a_denial_beside_force_is_not_a_free_choice() {
    let s = suggester();
    let c = chat(
        intake(50, "female"),
        &[
            (
                "v",
                "Mijn dochter van 22 werkt als escort. Ze zegt dat niemand haar dwingt, maar haar vriend pakt al haar geld af en hij heeft haar geslagen toen ze wilde stoppen.",
            ),
            ("c", "Wat zorgelijk. Weet u waar ze nu is?"),
            ("v", "Bij hem thuis."),
        ],
    );
    assert_ne!(code(&s.suggest(&c), "status").as_deref(), Some("excluded"));
}
