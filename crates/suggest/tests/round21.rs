//! The family of round twenty-one (made after round 20's score on test-t; the next fresh set
//! scores it): an age taken back at once ("van 16, of eigenlijk 15") is not the age; money
//! lent is no person lent out; "het gaat alleen om het geld" is money trouble. The first test
//! of each pair fails on round 20's rules; the second is a guard.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "een meisje van 16, of eigenlijk 15" (tt2-081): 16 is taken back, so it is not suggested.
#[test]
fn an_age_taken_back_at_once_is_not_the_age() {
    let s = suggester();
    let c = chat(
        intake(44, "female"),
        &[
            (
                "v",
                "Goedenavond, ik ben de moeder van een meisje van 16, of eigenlijk 15, haar verjaardag is pas in mei.",
            ),
            (
                "v",
                "Haar vriend van 22 laat haar met mannen afspreken en hij bedreigt haar.",
            ),
        ],
    );
    assert_ne!(age(&s.suggest(&c)), Some(16));
}

/// The guard: a plain "een meisje van 16" is 16.
#[test]
fn a_plain_age_still_counts() {
    let s = suggester();
    let c = chat(
        intake(44, "female"),
        &[
            ("v", "Goedenavond, ik ben de moeder van een meisje van 16."),
            (
                "v",
                "Haar vriend van 22 laat haar met mannen afspreken en hij bedreigt haar.",
            ),
        ],
    );
    assert_eq!(age(&s.suggest(&c)), Some(16));
}

/// A social worker's client of 50 lends money to his nephew and never gets it back
/// (tt2-093): money trouble, excluded, no age. Round 20 read "leent ... uit" as a person
/// lent out for sex and kept the client's age 50.
#[test]
fn money_lent_is_money_trouble() {
    let s = suggester();
    let c = chat(
        intake(39, "female"),
        &[
            (
                "v",
                "Ik ben maatschappelijk werker. Een cliënt van mij van 50 leent steeds geld uit aan zijn neef.",
            ),
            (
                "c",
                "Moet uw cliënt ook andere dingen doen voor die neef, zoals werken of iets strafbaars?",
            ),
            ("v", "Nee, het gaat alleen om het geld dat hij uitleent."),
        ],
    );
    let sug = s.suggest(&c);
    assert_eq!(
        code(&sug, "exclusion_reason").as_deref(),
        Some("financial_or_extortion")
    );
    assert_eq!(age(&sug), None);
}

/// The guard: a girl lent out to his friends for money is still sexual exploitation.
#[test]
fn a_girl_lent_out_is_still_exploitation() {
    let s = suggester();
    let c = chat(
        intake(16, "female"),
        &[(
            "v",
            "mn vriend heeft me uitgeleend aan zn vrienden voor geld",
        )],
    );
    assert_eq!(
        code(&s.suggest(&c), "exploitation").as_deref(),
        Some("sexual")
    );
}
