//! The family of round twenty-eight (made after round 27's score on test-aa): the answer
//! to "Hoe oud is die vriend?" is the boyfriend's age, "mn zus en ik moeten ..." counts the
//! visitor in, and "Heeft hij dat gevraagd?" "nee nog nie" is a story that has not happened.
//! Each first test fails on round 27's rules; the others are guards.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "ze is 17 en haar vriend laat haar met andere mannen gaan ... Hoe oud is die vriend? 23"
/// (aa2-026): a brother tells of his sister; 23 is the boyfriend's age, hers is 17.
#[test]
fn hoe_oud_is_die_vriend_asks_the_boyfriends_age() {
    let sug = suggester().suggest(&chat(
        intake(14, "male"),
        &[
            ("v", "mn zus"),
            ("c", "Hoi, wat is er met je zus?"),
            (
                "v",
                "ze is 17 en haar vriend laat haar met andere mannen gaan",
            ),
            ("c", "Hoe oud is die vriend?"),
            ("v", "23"),
        ],
    ));
    assert_ne!(age(&sug), Some(23));
}

/// The guard: "Hoe oud is je vriendin?" to a girl who tells of her friend keeps the
/// friend's age as the victim's.
#[test]
fn hoe_oud_is_je_vriendin_keeps_the_friend_as_the_victim() {
    let sug = suggester().suggest(&chat(
        intake(16, "female"),
        &[
            (
                "v",
                "mn vriendin moet met mannen afspreken voor geld van haar vriend",
            ),
            ("c", "Wat naar. Hoe oud is je vriendin?"),
            ("v", "15"),
        ],
    ));
    assert_eq!(age(&sug), Some(15));
}

/// "mn zus van 18 en ik moeten allebei voor haar vriend werken" (aa2-045): the visitor of
/// 16 is one of the victims; 18 is her sister's age, not hers.
#[test]
fn mn_zus_en_ik_moeten_counts_the_visitor_in() {
    let sug = suggester().suggest(&chat(
        intake(16, "female"),
        &[
            (
                "v",
                "mn zus van 18 en ik moeten allebei voor haar vriend werken",
            ),
            ("c", "Wat moeten jullie dan doen?"),
            ("v", "seks met mannen die hij regelt"),
        ],
    ));
    assert_eq!(code(&sug, "chatter").as_deref(), Some("victim"));
    assert_ne!(age(&sug), Some(18));
}

/// The guard: "mn zus moet met mannen ..." without the visitor is the sister's story.
#[test]
fn mn_zus_moet_stays_the_sisters_story() {
    let sug = suggester().suggest(&chat(
        intake(15, "female"),
        &[
            ("v", "mn zus moet met mannen afspreken van haar vriend"),
            ("c", "Wat naar. Hoe oud is je zus?"),
            ("v", "17"),
        ],
    ));
    assert_ne!(code(&sug, "chatter").as_deref(), Some("victim"));
    assert_ne!(age(&sug), Some(15));
}

/// "als mijn vriend zou vragen of ik met zn vrienden naar bed wil voor geld ... Heeft hij
/// dat gevraagd? nee nog nie" (aa2-071): nothing has happened; the intake's age is nobody's.
#[test]
fn heeft_hij_dat_gevraagd_nee_nog_nie_has_not_happened() {
    let sug = suggester().suggest(&chat(
        intake(16, "female"),
        &[
            (
                "v",
                "als mijn vriend zou vragen of ik met zn vrienden naar bed wil voor geld, wat moet ik dan doen",
            ),
            ("c", "Goede vraag. Heeft hij dat gevraagd?"),
            ("v", "nee nog nie. ik ben gwn bang dat het komt"),
        ],
    ));
    assert_eq!(age(&sug), None);
}

/// The guard: "Heeft hij dat gevraagd?" "ja" keeps the story, and the intake's age with it.
#[test]
fn heeft_hij_dat_gevraagd_ja_keeps_the_story() {
    let sug = suggester().suggest(&chat(
        intake(16, "female"),
        &[
            (
                "v",
                "mn vriend wil dat ik met zn vrienden naar bed ga voor geld",
            ),
            ("c", "Wat naar. Heeft hij dat gevraagd?"),
            ("v", "ja gisteren en ik moest wel"),
        ],
    ));
    assert_eq!(age(&sug), Some(16));
}
