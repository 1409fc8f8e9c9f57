//! The family of round twenty (made after round 19's score on test-s; the next fresh set
//! scores it): an adult's free choice told with her own money ("ze doet het echt zelf en
//! houdt al haar geld", "via haar eigen website"), and a debt whose creditor "wil alleen het
//! geld" once the visitor denies having to do anything for him, are excluded. The first test
//! of each pair fails on round 19's rules; the second is a guard.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use zicht_conversations::Conversation;

/// A father tells that his daughter of 23 escorts, and answers the counsellor with `answer`.
fn father_of_an_escort(answer: &str) -> Conversation {
    chat(
        intake(58, "male"),
        &[
            (
                "v",
                "Mijn dochter van 23 werkt als escort en daar slaap ik slecht van.",
            ),
            ("c", "Maakt u zich zorgen dat iemand haar dwingt?"),
            ("v", answer),
        ],
    )
}

/// "ze doet het echt zelf en houdt al haar geld" (s1-099) and "dat ze het via haar eigen
/// website regelt en al het geld zelf houdt" (s2-043): her own money and her own doing, so a
/// free choice, excluded, and the daughter's age is not suggested. Round 19 read "houdt ...
/// geld" and "regelt" as someone's control over her.
#[test]
fn her_own_money_and_her_own_website_are_a_free_choice() {
    let s = suggester();
    for answer in [
        "Nee, ze doet het echt zelf en houdt al haar geld.",
        "Nee. Ze zegt dat ze het via haar eigen website regelt en dat ze al het geld zelf houdt.",
    ] {
        let sug = s.suggest(&father_of_an_escort(answer));
        assert_eq!(
            code(&sug, "status").as_deref(),
            Some("excluded"),
            "{answer}"
        );
        assert_eq!(age(&sug), None, "{answer}");
    }
}

/// The guard: a boyfriend who keeps all her money is control.
#[test]
fn a_boyfriend_who_keeps_all_her_money_is_no_free_choice() {
    let s = suggester();
    let sug = s.suggest(&father_of_an_escort(
        "Ze zegt dat ze het zelf wil, maar hij houdt al haar geld.",
    ));
    assert_ne!(code(&sug, "status").as_deref(), Some("excluded"));
}

/// A boy of 17 owes a dealer and answers whether he must do something for him.
fn debt_to_a_dealer(answer: &str) -> Conversation {
    chat(
        intake(17, "male"),
        &[
            (
                "v",
                "ik heb een schuld bij een dealer van 300 euro en hij appt me steeds",
            ),
            (
                "c",
                "Vraagt hij dat je iets voor hem doet om het af te betalen, zoals dingen wegbrengen?",
            ),
            ("v", answer),
        ],
    )
}

/// "nee hij wil alleen het geld" (s2-056): money trouble, excluded, no age. Round 19 read
/// "dealer" as criminal exploitation of the visitor, with his age 17.
#[test]
fn a_dealer_who_only_wants_his_money_is_money_trouble() {
    let s = suggester();
    let sug = s.suggest(&debt_to_a_dealer("nee hij wil alleen het geld"));
    assert_eq!(
        code(&sug, "exclusion_reason").as_deref(),
        Some("financial_or_extortion")
    );
    assert_eq!(age(&sug), None);
}

/// The guards: a visitor who must deliver for him is exploited; and a request for the
/// visitor's bank card that was refused stays without a status, as the conventions say.
#[test]
fn delivering_for_the_dealer_and_a_refused_request_are_not_money_trouble() {
    let s = suggester();
    let sug = s.suggest(&debt_to_a_dealer(
        "ja ik moet pakketjes voor hem wegbrengen tot het af is",
    ));
    assert_eq!(code(&sug, "status").as_deref(), Some("included"));
    let refused = chat(
        intake(14, "male"),
        &[
            (
                "v",
                "een gast vroeg of ik mn pinpas wilde lenen voor 100 euro",
            ),
            ("c", "Wat heb je gedaan?"),
            ("v", "ik heb nee gezegd"),
            ("c", "Heeft hij je bedreigd?"),
            ("v", "nee hij liep gwn weg"),
        ],
    );
    assert_ne!(
        code(&s.suggest(&refused), "status").as_deref(),
        Some("excluded")
    );
}
