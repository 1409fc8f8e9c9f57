//! The family of round thirty (made after round 29's score on test-ac): an age corrected
//! with the day it changed ("ik ben vorige week 17 geworden") is the age, and the age to come
//! ("of eigenlijk 16 volgende week") is not. Each first test fails on round 29's rules; the
//! others are guards.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "Hoe oud ben jij?" "16" "nee wacht ik ben vorige week 17 geworden lol" (ac2-010): 17.
#[test]
fn ik_ben_vorige_week_17_geworden_corrects_the_answer() {
    let s = suggester();
    let c = chat(
        intake_gender_only("female"),
        &[
            (
                "v",
                "ik woon bij een gast die ik op snap heb leren kennen. hij is 24. als ik niet meedoe met zn vrienden moet ik eruit",
            ),
            ("c", "Hoe oud ben jij?"),
            ("v", "16"),
            ("v", "nee wacht ik ben vorige week 17 geworden lol"),
        ],
    );
    assert_eq!(corrected_age(&s, &c), Some(17));
}

/// The guard: "ik ben gisteren 16 geworden" alone says 16.
#[test]
fn ik_ben_gisteren_16_geworden_is_16() {
    let sug = suggester().suggest(&chat(
        intake_gender_only("female"),
        &[(
            "v",
            "ik ben gisteren 16 geworden en mn vriend zegt dat ik nu met zn vrienden moet slapen voor geld",
        )],
    ));
    assert_eq!(age(&sug), Some(16));
}

/// "ik ben 15. of eigenlijk 16 volgende week haha" (ac2-080): she is 15 now.
#[test]
fn sixteen_next_week_is_not_the_age_now() {
    let s = suggester();
    let c = chat(
        intake_gender_only("female"),
        &[
            ("v", "ik ben 15. of eigenlijk 16 volgende week haha"),
            (
                "v",
                "een vrouw van 40 die ik van mn bijbaantje ken regelt afspraken voor me met mannen. zij krijgt het geld",
            ),
        ],
    );
    assert_eq!(corrected_age(&s, &c), Some(15));
}

/// The guard: "ik ben 15. of eigenlijk 16" (no time to come) is still corrected to 16.
#[test]
fn of_eigenlijk_16_still_corrects() {
    let s = suggester();
    let c = chat(
        intake_gender_only("female"),
        &[
            ("v", "ik ben 15. of eigenlijk 16"),
            (
                "v",
                "een vrouw van 40 die ik van mn bijbaantje ken regelt afspraken voor me met mannen. zij krijgt het geld",
            ),
        ],
    );
    assert_eq!(corrected_age(&s, &c), Some(16));
}
