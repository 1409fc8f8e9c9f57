//! The family of round fifty-five (made after round 54's score on test-bi and a counsellor's
//! walk): a double quote inside a sentence no longer cuts its clause ("ze zegt dat haar oom
//! "voor hem" ..."), the one the visitor must obey ("ik moet van de buurjongen ...") is no one
//! the visitor chats about, and "Ik ben oma, 67 jaar" is the visitor's own age. Each positive
//! test fails on round 54's rules; the guard passes on both.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use zicht_conversations::Intake;

/// A grandmother of 70 tells about her granddaughter of 12 (bi2-030 in other words): the
/// granddaughter's age, never the grandmother's.
#[test]
fn a_grandmothers_own_age_is_not_the_victims() {
    let sug = suggester_with_model().suggest(&chat(
        intake(70, "female"),
        &[
            (
                "v",
                "Goedemiddag. Ik ben opa, 70 jaar, en ik maak me zorgen om mijn kleindochter.",
            ),
            (
                "v",
                "Ze is 12 en woont bij mijn zoon. Ze vertelde dat er mannen bij hen thuis komen en dat haar vader geld van ze krijgt.",
            ),
            ("c", "Wat verschrikkelijk. Is haar vader erbij als die mannen komen?"),
            ("v", "Ja, zegt ze."),
        ],
    ));
    assert_ne!(age(&sug), Some(70));
}

/// A girl of 12 must hide things for the neighbour's son (bi2-068 in other words): the
/// neighbour's son is who she must obey, not whom she chats about, and his age is not the
/// victim's.
#[test]
fn the_one_the_visitor_must_obey_is_not_whom_the_chat_is_about() {
    let sug = suggester_with_model().suggest(&chat(
        girl(12),
        &[
            (
                "v",
                "ik moet van de buurjongen dingen onder mn bed verstoppen",
            ),
            ("c", "Wat voor dingen?"),
            ("v", "zakjes coke ofzo"),
            ("c", "Hoe oud ben je?"),
            ("v", "12. hij is 16"),
            ("c", "Wat gebeurt er als je nee zegt?"),
            ("v", "hij zegt dat hij mn hond iets aandoet"),
        ],
    ));
    assert_ne!(age(&sug), Some(16));
    assert_ne!(code(&sug, "chatter").as_deref(), Some("social"));
}

/// Guard: a neighbour who chats about the neighbour's boy ("ik maak me zorgen om de
/// buurjongen") still chats as the social circle.
#[test]
fn worrying_about_the_neighbours_boy_is_still_the_social_circle() {
    let sug = suggester().suggest(&chat(
        Intake {
            age: Some(52),
            gender: Some("female".into()),
        },
        &[
            (
                "v",
                "Ik maak me zorgen om de buurjongen. Hij moet van oudere jongens drugs verkopen en ze hebben hem geslagen.",
            ),
            ("c", "Hoe oud is hij?"),
            ("v", "15"),
        ],
    ));
    assert_eq!(code(&sug, "chatter").as_deref(), Some("social"));
}

/// A quoted phrase in a sentence stays in its clause: "haar oom laat haar "oppassen" bij
/// mannen" (bd2-008 in other words) names the uncle as the perpetrator.
#[test]
fn a_quoted_word_does_not_cut_the_clause() {
    let sug = suggester().suggest(&chat(
        intake(38, "female"),
        &[
            (
                "v",
                "Ik ben mentor. Een leerling van 15 vertelde mij dat haar oom haar naar \"klanten\" brengt.",
            ),
            ("c", "Weet u of dit nu nog gebeurt?"),
            ("v", "Ja, afgelopen weekend nog."),
        ],
    ));
    assert_eq!(code(&sug, "perpetrator").as_deref(), Some("family"));
}

/// "mijn broertje van 15 wordt denk ik gebruikt om te dealen ... ik ben 22" (bc2-010 in other
/// words): the inverted hedge "denk ik" does not make the visitor the victim, so the visitor's
/// own age is not the victim's.
#[test]
fn an_inverted_hedge_is_not_the_visitor_as_victim() {
    let sug = suggester_with_model().suggest(&chat(
        Intake {
            age: None,
            gender: None,
        },
        &[
            ("v", "hoi mijn broer van 17 wordt denk ik gebruikt om wiet te verkopen"),
            ("c", "Hoi, goed dat je er bent. Wat zie je precies?"),
            (
                "v",
                "hij heeft ineens een dure jas en is nooit thuis. hij zegt dat hij voor een vriend 'klusjes' doet. ik ben 21 en ik maak me echt zorgen",
            ),
            ("c", "Weet je wie die vriend is?"),
            ("v", "een gast uit de wijk van rond de 25"),
        ],
    ));
    assert_ne!(age(&sug), Some(21));
}
