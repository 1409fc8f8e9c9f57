//! The family of round seventeen: the visitor read as the victim when she or he is not,
//! and a denial that the rules took back too soon. Each test fails on round 16's rules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "Heb je dat gedaan?" "nee": the demand just told has not been carried out, even
/// without "al" or "ooit" in the question, so no age (the convention). Round 16's rules
/// gave the intake's 19.
#[test]
fn nee_to_did_you_do_it_carries_no_age() {
    let s = suggester();
    let c = chat(
        girl(19),
        &[
            (
                "v",
                "ik heb schulden bij een gast en nu zegt hij dat ik met zn vrienden naar bed moet om het af te betalen",
            ),
            ("c", "Wat vervelend. Heb je het gedaan?"),
            ("v", "nee. ik wou alleen weten of hij dat mag vragen"),
        ],
    );
    assert_eq!(age(&s.suggest(&c)), None);
}

/// "nee nog nie, eerst wou ik wel maar nu wil ik nie meer": the "maar" is followed by a
/// denial, so the answer still says nothing has happened. Round 16's rules gave 15.
#[test]
fn a_maar_that_denies_again_keeps_the_denial() {
    let s = suggester();
    let c = chat(
        girl(15),
        &[
            (
                "v",
                "een jongen uit de buurt zegt dat ik makkelijk geld kan verdienen met mannen en dat ik zaterdag mee moet",
            ),
            ("c", "Ben je al eens met hem mee geweest?"),
            ("v", "nee nog nie. eerst zei ik ok maar nu wil ik nie meer"),
        ],
    );
    assert_eq!(age(&s.suggest(&c)), None);
}

/// A "maar" that takes the denial back still counts: something has happened. Passes on
/// round 16's rules too (the guard of the change above).
#[test]
fn a_maar_that_takes_it_back_keeps_the_age() {
    let s = suggester();
    let c = chat(
        girl(15),
        &[
            (
                "v",
                "mn vriend zegt dat ik met zn vrienden moet slapen en die geven hem geld",
            ),
            ("c", "Ben je al eens met hem mee geweest?"),
            ("v", "nee maar wel 1x bij zn neef thuis"),
        ],
    );
    assert_eq!(age(&s.suggest(&c)), Some(15));
}

/// A hotel owner who tells of young women brought to rooms is a bystander (chatter
/// `other`), and his own intake age is not the victims'. Round 16's rules read him as the
/// victim, aged 52.
#[test]
fn a_hotel_owner_is_not_the_victim() {
    let s = suggester();
    let c = chat(
        boy(52),
        &[
            (
                "v",
                "Ik ben de eigenaar van een klein hotel. Een man huurt elke week twee kamers voor meisjes die heel jong lijken, en er gaan de hele avond mannen naar boven die hem betalen.",
            ),
            (
                "c",
                "Dank u dat u dit meldt. Heeft u met de meisjes kunnen praten?",
            ),
            ("v", "Nee, hij laat ze niet alleen bij de balie komen."),
        ],
    );
    let sug = s.suggest(&c);
    assert_eq!(code(&sug, "chatter").as_deref(), Some("other"));
    assert_eq!(age(&sug), None);
}

/// "hoe kan ik iemand helpen die ..." asks about someone else: the intake's age is the
/// visitor's, not the victim's. Round 16's rules read the visitor as the victim, aged 17.
#[test]
fn asking_how_to_help_someone_is_not_the_victims_age() {
    let s = suggester();
    let c = chat(
        girl(17),
        &[
            (
                "v",
                "hoe kan ik iemand helpen die voor een gast drugs moet verkopen",
            ),
            (
                "c",
                "Goed dat je dit vraagt. Gaat het om iemand die je kent?",
            ),
            ("v", "sorry moet weg"),
        ],
    );
    assert_eq!(age(&s.suggest(&c)), None);
}

/// A visitor who names their own job first ("Ik ben taxichauffeur") and then tells, in the
/// first person, what they do with a girl ("ik rijd ... naar hotels") is a bystander: the
/// job is not overruled by the later "ik". Round 16's rules read the driver as the victim,
/// aged 49.
#[test]
fn a_driver_who_names_his_job_is_not_the_victim() {
    let s = suggester();
    let c = chat(
        boy(49),
        &[
            (
                "v",
                "Goedemiddag. Ik ben taxichauffeur en ik rij al maanden elke zaterdag een jong meisje naar hotels. De klant betaalt mij de rit.",
            ),
            ("c", "Goed dat u dit meldt. Heeft ze iets gezegd?"),
            ("v", "Nee, ze zegt nooit iets."),
        ],
    );
    let sug = s.suggest(&c);
    assert_eq!(code(&sug, "chatter").as_deref(), Some("other"));
    assert_eq!(age(&sug), None);
}

/// "Is het al gebeurd of wil hij het nog?" "hij wil het volgende week": the answer takes up
/// the other choice of the question, so nothing has happened yet and no age. Round 16's
/// rules gave the intake's 17.
#[test]
fn an_answer_that_takes_the_other_choice_is_not_yet() {
    let s = suggester();
    let c = chat(
        girl(17),
        &[
            (
                "v",
                "mn ex heeft foto's van mij en zegt dat ik met zn neef naar bed moet anders stuurt hij ze rond",
            ),
            ("c", "Wat erg. Is dat al gebeurd of vraagt hij het nu pas?"),
            ("v", "hij vraagt het nu. hij wil het dit weekend"),
        ],
    );
    assert_eq!(age(&s.suggest(&c)), None);
}
