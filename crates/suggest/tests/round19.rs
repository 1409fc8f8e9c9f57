//! The family of round nineteen (made after round 18's score; the next fresh set scores it):
//! a hold the person keeps on her own ("ze houdt het geld zelf") is no force. Fails on round
//! 18's rules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use zicht_conversations::Conversation;

/// A mother tells that her daughter of 25 escorts, and answers the counsellor with `answer`.
fn mother_of_an_escort(answer: &str) -> Conversation {
    chat(
        intake(57, "female"),
        &[
            (
                "v",
                "Mijn dochter is 25 en ik kwam erachter dat ze als escort werkt.",
            ),
            ("c", "Heeft u het er met haar over gehad?"),
            ("v", answer),
        ],
    )
}

/// "ze werkt voor zichzelf en houdt het geld zelf": her own money, no force, so a free
/// choice and excluded. Round 18's rules read "houdt het geld" as control and included it,
/// with the daughter's age 25.
#[test]
fn keeping_her_own_money_is_no_force() {
    let s = suggester();
    let sug = s.suggest(&mother_of_an_escort(
        "Ja. Ze werkt voor zichzelf en houdt het geld zelf, zegt ze.",
    ));
    assert_eq!(code(&sug, "status").as_deref(), Some("excluded"));
    assert_eq!(age(&sug), None);
}

/// The guard: someone else who keeps the money is still control.
#[test]
fn a_boyfriend_who_keeps_the_money_is_still_force() {
    let s = suggester();
    let c =
        mother_of_an_escort("Ze zegt dat ze voor zichzelf werkt maar haar vriend houdt het geld.");
    assert_ne!(code(&s.suggest(&c), "status").as_deref(), Some("excluded"));
}
