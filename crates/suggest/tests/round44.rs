//! The family of round forty-four (made after round 43's score on test-aq): "ik ben oma van"
//! (and opa, tante, oom, stiefmoeder, pleegvader ... "van") is a relative's cue, and the
//! person right after it ("een jongen van 13") is the one the chat is about, named as
//! surely as "mijn kleinzoon". Both tests fail on round 43's rules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "Ik ben pleegmoeder van een meisje van 14 ... brengt hij haar naar mannen" (ae1-093 in
/// other words): a relative chats (round 43 read her social circle, as for "ik ben
/// begeleider").
#[test]
fn ik_ben_pleegmoeder_van_is_a_relatives_chat() {
    let sug = suggester().suggest(&chat(
        intake(44, "female"),
        &[(
            "v",
            "Ik ben pleegmoeder van een meisje van 14. In de weekenden bij haar vader brengt hij haar naar mannen die hem betalen.",
        )],
    ));
    assert_eq!(code(&sug, "chatter").as_deref(), Some("family"));
    assert_eq!(age(&sug), Some(14));
}

/// "Ik ben oma van een jongen van 13 ... mijn zoon van 36 laat hem zakjes wegbrengen"
/// (aq2-037): the father's 36 is never the victim's age.
#[test]
fn the_grandmothers_son_is_not_the_victim() {
    let sug = suggester_with_model().suggest(&chat(
        intake(67, "female"),
        &[
            (
                "v",
                "Goedendag. Ik ben oma van een jongen van 12 en ik maak mij zorgen.",
            ),
            ("c", "Wat is er aan de hand?"),
            (
                "v",
                "Hij woont bij zijn vader, mijn zoon van 38. Mijn zoon laat hem zakjes wegbrengen naar mensen in de wijk.",
            ),
        ],
    ));
    assert_ne!(age(&sug), Some(38));
}
