//! The family of round fifty (made after round 49's scores on test-ay and test-az): the one
//! who worries in the sentence of what is done ("mn vriend is gestopt met dealen maar ik maak
//! me zorgen") is not the victim (over the corpus a visitor who says "ik maak me zorgen" is the
//! victim in 1 chat of 263); a woman who opens with "mn vriend" or "mn vriendin" in a chat
//! whose chatter nothing else settles chats about her boyfriend or a friend. The first and the
//! fourth test fail on round 49's rules (the third the model already read right).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// A girlfriend of 19 about her boyfriend of 20 who stopped dealing (az1-038 in other words):
/// never her intake age as the victim's, nor her gender.
#[test]
fn the_one_who_worries_is_not_the_victim() {
    let sug = suggester_with_model().suggest(&chat(
        girl(19),
        &[
            (
                "v",
                "hoi mn vriend is een maand geleden gestopt met dealen maar ik maak me zorgen",
            ),
            ("c", "Hoi, fijn dat je er bent. Wat maakt je zorgen?"),
            (
                "v",
                "hij is 20. hij moest een half jaar lopen voor een jongen uit zn buurt. die zei dat hij hem zou vinden als hij stopte",
            ),
            ("c", "Wat heftig. Weet iemand anders ervan?"),
            ("v", "zn moeder"),
        ],
    ));
    assert_ne!(age(&sug), Some(19));
    assert_ne!(code(&sug, "victim_gender").as_deref(), Some("female"));
}

/// Guard: "ik moet dealen voor hem en ik maak me zorgen om mn moeder" keeps the visitor the
/// victim when the worry is in another sentence.
#[test]
fn a_worry_in_another_sentence_keeps_the_visitor_the_victim() {
    let sug = suggester_with_model().suggest(&chat(
        boy(16),
        &[
            ("v", "ik moet dealen voor een paar gasten uit mn buurt."),
            ("v", "ik maak me zorgen dat mn moeder het merkt"),
            ("c", "Wat naar. Hoe lang gaat dit al?"),
            ("v", "een paar maanden"),
        ],
    ));
    assert_eq!(code(&sug, "chatter").as_deref(), Some("victim"));
    assert_eq!(age(&sug), Some(16));
}

/// A woman who opens with "mn vriendin is 19 en haar vriend verkoopt haar" (az2-060 in other
/// words): she chats about a friend.
#[test]
fn a_woman_who_opens_with_my_girlfriend_chats_about_a_friend() {
    let sug = suggester_with_model().suggest(&chat(
        intake(19, "female"),
        &[
            (
                "v",
                "mn vriendin is 19 en haar vriend verkoopt haar aan zn vrienden. als ze nee zegt scheldt hij haar uit",
            ),
            ("c", "Wat verschrikkelijk. Waar kent ze hem van?"),
            ("v", "van school"),
        ],
    ));
    assert_eq!(code(&sug, "chatter").as_deref(), Some("social"));
}

/// A woman who opens with "mn vriend is 24 en zn oom laat hem drugs rijden" (az2-048 in other
/// words): she chats about her boyfriend.
#[test]
fn a_woman_who_opens_with_my_boyfriend_chats_as_his_partner() {
    let sug = suggester_with_model().suggest(&chat(
        intake(22, "female"),
        &[
            (
                "v",
                "mn vriend is 24 en zn oom laat hem drugs rijden naar duitsland",
            ),
            (
                "v",
                "als hij stopt moet hij eruit en zegt zn oom dat hij zn benen breekt",
            ),
            ("c", "Wat heftig. Hoe lang gaat dit al?"),
            ("v", "een jaar"),
        ],
    ));
    assert_eq!(code(&sug, "chatter").as_deref(), Some("partner"));
    assert_ne!(age(&sug), Some(22));
}
