//! The family of round thirty-six (made after round 35's score on test-ai): "of nee"
//! corrects an age as "of eigenlijk" does, while "16 of 17" stays unsure. The first test
//! fails on round 35's rules; the other is a guard.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "ik ben 18, of nee 19 sinds gisteren haha" (ai2-039): 19.
#[test]
fn of_nee_corrects_the_age() {
    let s = suggester();
    let c = chat(
        intake_gender_only("female"),
        &[
            ("v", "ik ben 18, of nee 19 sinds gisteren haha"),
            ("c", "Hoi, gefeliciteerd. Waar wil je over praten?"),
            (
                "v",
                "ik werk in een massagesalon en de baas heeft mijn id. ik moet ook seks met klanten en als ik weiger moet ik weg zegt hij",
            ),
        ],
    );
    assert_eq!(corrected_age(&s, &c), Some(19));
}

/// The guard: "ik ben 16 of 17" is no correction, and gives neither.
#[test]
fn sixteen_or_seventeen_stays_unsure() {
    let sug = suggester().suggest(&chat(
        intake_gender_only("female"),
        &[
            ("v", "ik ben 16 of 17 weet nie precies"),
            (
                "v",
                "mn vriend laat me met mannen afspreken voor geld en als ik nee zeg slaat hij me",
            ),
        ],
    ));
    assert_ne!(age(&sug), Some(17));
}
