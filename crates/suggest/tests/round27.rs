//! The family of round twenty-seven (made after round 26's score on test-z): a visitor who
//! asks how to help "iemand anders" is not the victim, and the answer to "Hoe oud is de
//! broer?" is the brother's age, not the victim's. Each first test fails on round 26's
//! rules; the others are guards.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "hoe kan ik iemand anders helpen die moet dealen ... mn broer. hij is 15" (z1-037): a boy
/// of 16 asks for his brother; the victim is 15, not the visitor's own 16.
#[test]
fn iemand_anders_helpen_is_a_question_for_someone_else() {
    let sug = suggester().suggest(&chat(
        intake(16, "male"),
        &[
            ("v", "hoe kan ik iemand anders helpen die moet dealen"),
            ("c", "Goed dat je aan een ander denkt. Wie is het?"),
            ("v", "mn broer. hij is 15"),
            ("c", "Wie laat hem dealen?"),
            (
                "v",
                "een jongen uit onze straat van 25. hij heeft mn broer eerst gratis wiet gegeven en nu zegt hij dat hij schuld heeft",
            ),
        ],
    ));
    assert_ne!(code(&sug, "chatter").as_deref(), Some("victim"));
    assert_ne!(age(&sug), Some(16));
}

/// The guard: "ik moet dealen voor iemand" is the visitor's own story.
#[test]
fn ik_moet_dealen_stays_the_visitors_own() {
    let sug = suggester().suggest(&chat(
        intake(16, "male"),
        &[(
            "v",
            "ik moet dealen voor iemand uit mn straat want ik heb schuld bij hem",
        )],
    ));
    assert_eq!(code(&sug, "chatter").as_deref(), Some("victim"));
    assert_eq!(age(&sug), Some(16));
}

/// "Een leerling van 11 vertelt dat haar oudere broer haar 'uitleent' aan zijn vrienden ...
/// Hoe oud is de broer? 19" (z1-048): 19 is the brother's age, not the pupil's.
#[test]
fn hoe_oud_is_de_broer_asks_the_brothers_age() {
    let sug = suggester().suggest(&chat(
        intake(50, "female"),
        &[
            (
                "v",
                "Goedemiddag, ik ben leerkracht in groep 8. Een leerling van 11 vertelt dat haar oudere broer haar 'uitleent' aan zijn vrienden en dat die hem daarvoor betalen.",
            ),
            ("c", "Dat is heel ernstig, goed dat u contact opneemt. Hoe oud is de broer?"),
            ("v", "19, hij woont nog thuis."),
        ],
    ));
    assert_ne!(age(&sug), Some(19));
}

/// The guard: "Hoe oud is je broer?" to a girl who tells of her brother keeps his age as
/// the victim's.
#[test]
fn hoe_oud_is_je_broer_keeps_the_brother_as_the_victim() {
    let sug = suggester().suggest(&chat(
        intake(17, "female"),
        &[
            (
                "v",
                "mn broertje moet drugs verkopen voor een gast uit de buurt en die slaat hem als hij nie gaat",
            ),
            ("c", "Wat naar. Hoe oud is je broer?"),
            ("v", "14"),
        ],
    ));
    assert_eq!(age(&sug), Some(14));
}
