//! The family of round twenty-two (made after round 21's score on test-u; not yet scored on a
//! fresh set): an adult escort by her own choice who tells of a rape by a client is excluded
//! as other sexual violence; "het gaat om haar geld" after force is denied is money trouble.
//! The first test of each pair fails on round 21's rules; the second is a guard.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "ik ben escort en dat wil ik ook, maar een klant heeft me verkracht" (u2-073): her own
/// work and a rape, so other sexual violence and no age. Round 21 read the rape as force over
/// her work and included the chat with her age 24.
#[test]
fn a_free_escort_raped_by_a_client_is_other_sexual_violence() {
    let s = suggester();
    let c = chat(
        intake(24, "female"),
        &[
            (
                "v",
                "ik werk als escort en dat wil ik zelf, maar gisteren heeft een klant me verkracht",
            ),
            ("c", "Wat erg. Werk je voor jezelf?"),
            ("v", "ja helemaal zelf"),
        ],
    );
    let sug = s.suggest(&c);
    assert_eq!(
        code(&sug, "exclusion_reason").as_deref(),
        Some("other_sexual_violence")
    );
    assert_eq!(age(&sug), None);
}

/// The guard: a boyfriend who takes her money is still force, rape or not.
#[test]
fn an_escort_whose_boyfriend_takes_her_money_is_no_free_choice() {
    let c = chat(
        intake(24, "female"),
        &[(
            "v",
            "ik werk als escort en ik wil het zelf, maar mn vriend houdt al mijn geld en hij heeft me verkracht",
        )],
    );
    assert_ne!(
        code(&suggester().suggest(&c), "status").as_deref(),
        Some("excluded")
    );
}

/// "Nee, het gaat om haar geld" after "Wordt ze ook gedwongen tot werk, seks of misdrijven?"
/// (u2-080): money trouble, excluded, no age (the client's 70).
#[test]
fn her_money_after_force_denied_is_money_trouble() {
    let s = suggester();
    let c = chat(
        intake(35, "female"),
        &[
            (
                "v",
                "Ik ben wijkverpleegkundige. Een cliënte van 70 wordt door haar neef gedwongen haar pinpas af te geven.",
            ),
            ("c", "Wordt ze ook gedwongen tot werk, seks of misdrijven?"),
            ("v", "Nee, het gaat om haar geld."),
        ],
    );
    let sug = s.suggest(&c);
    assert_eq!(
        code(&sug, "exclusion_reason").as_deref(),
        Some("financial_or_extortion")
    );
    assert_eq!(age(&sug), None);
}
