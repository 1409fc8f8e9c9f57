//! The family of round forty-eight (made after round 47's scores on test-av and test-aw): the
//! counsellor's own reading that a story is not exploitation ("Dan klinkt het niet als
//! uitbuiting", "eerder om gamen dan om uitbuiting") settles that it is not; "Hoe lang zijn
//! jullie samen?" asks how long a couple is together, not how long the exploitation goes on.
//! The first and the third test fail on round 47's rules (the second, which round 47 already
//! got right through the model's veto, holds the same reading in the rules).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// A mother about a son of 16 who steals for a game, and the counsellor's conclusion
/// (aw1-079 in other words): no status, no form of exploitation, no age.
#[test]
fn the_counsellor_says_it_is_gaming_rather_than_exploitation() {
    let sug = suggester_with_model().suggest(&chat(
        intake_gender_only("female"),
        &[
            (
                "v",
                "Goedenavond, mijn zoon van 16 steelt geld uit mijn tas om dingen in een spel te kopen.",
            ),
            (
                "c",
                "Goed dat u contact opneemt. Heeft u aanwijzingen dat iemand anders hem hiertoe aanzet?",
            ),
            ("v", "Nee, hij speelt gewoon te veel. Hij koopt alles zelf."),
            (
                "c",
                "Dan gaat het eerder om problematisch gamen dan om uitbuiting. Ik kan u doorverwijzen.",
            ),
            ("v", "Dat zou fijn zijn."),
        ],
    ));
    assert_ne!(code(&sug, "status").as_deref(), Some("included"));
    assert_eq!(code(&sug, "exploitation"), None);
    assert_eq!(age(&sug), None);
}

/// "Dan klinkt het niet als uitbuiting" after a young woman says her aunt pays her and she
/// may stop when she likes (i1-098 in other words): not included.
#[test]
fn it_does_not_sound_like_exploitation() {
    let sug = suggester_with_model().suggest(&chat(
        girl(18),
        &[
            (
                "v",
                "mn moeder zegt dat ik uitgebuit word omdat ik in de snackbar van mn oom werk",
            ),
            ("c", "Hoi. Hoe is het voor jou?"),
            (
                "v",
                "ik werk er 2 avonden per week, ik krijg gwn loon en ik kan stoppen wanneer ik wil",
            ),
            (
                "c",
                "Dan klinkt het niet als uitbuiting. Fijn dat je het checkt.",
            ),
            ("v", "ja dat dacht ik al"),
        ],
    ));
    assert_ne!(code(&sug, "status").as_deref(), Some("included"));
}

/// "Hoe lang zijn jullie samen?" "7 maanden" (aw1-041 in other words): to the rules the
/// length of the relationship is not the duration of the exploitation. (The learned layer
/// may still read "7 maanden" as one: over the corpus its durations in such answers are
/// right 9 times and wrong 6, so it is left to it.)
#[test]
fn how_long_together_is_not_how_long_it_goes_on() {
    let sug = suggester().suggest(&chat(
        girl(16),
        &[
            (
                "v",
                "mn vriend laat me pakketjes brengen naar mensen en als ik nee zeg wordt hij boos en dreigt ie",
            ),
            ("c", "Wat naar. Hoe lang zijn jullie samen?"),
            ("v", "7 maanden"),
        ],
    ));
    assert_ne!(code(&sug, "duration").as_deref(), Some("m3_12"));
}

/// Guard: the counsellor who calls it exploitation does not rule it out.
#[test]
fn the_counsellor_who_names_it_exploitation_keeps_it() {
    let sug = suggester_with_model().suggest(&chat(
        girl(16),
        &[
            (
                "v",
                "mn vriend zegt dat ik met zn vrienden moet slapen voor geld anders slaat ie me",
            ),
            (
                "c",
                "Wat je vertelt is uitbuiting, en het is niet jouw schuld. Hoe lang gaat dit al?",
            ),
            ("v", "een paar maanden"),
        ],
    ));
    assert_eq!(code(&sug, "status").as_deref(), Some("included"));
    assert_eq!(age(&sug), Some(16));
}

/// Guard: "Hoe lang gaat dit al?" "7 maanden" is the duration.
#[test]
fn how_long_it_goes_on_keeps_its_duration() {
    let sug = suggester().suggest(&chat(
        girl(16),
        &[
            (
                "v",
                "mn vriend laat me pakketjes brengen naar mensen en als ik nee zeg wordt hij boos en dreigt ie",
            ),
            ("c", "Wat naar. Hoe lang gaat dit al?"),
            ("v", "7 maanden"),
        ],
    ));
    assert_eq!(code(&sug, "duration").as_deref(), Some("m3_12"));
}
