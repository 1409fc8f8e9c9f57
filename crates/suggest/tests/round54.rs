//! The family of round fifty-four (made after round 53's score on test-bh): the boyfriend met
//! online. "Ze heeft sinds een paar maanden een vriend van 24 die ze via snapchat heeft leren
//! kennen" named the one met as a boyfriend, yet the rules took where they met for who he is
//! (a social-media contact): 135 chats of the corpus coded `partner` got `social`. Each
//! positive test fails on round 53's rules; the guards beside them pass on both.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// A mother's daughter with a boyfriend met on Instagram who arranges men (in other words
/// than the corpus): the partner.
#[test]
fn a_boyfriend_met_on_instagram_is_the_partner() {
    let sug = suggester().suggest(&chat(
        intake(44, "female"),
        &[
            ("v", "Goedenavond, ik ben moeder van een dochter van 15."),
            (
                "v",
                "Ze heeft sinds de zomer een vriend van 22 die ze via Instagram heeft leren kennen. Hij laat haar met andere mannen afspreken en houdt het geld.",
            ),
            ("c", "Wat afschuwelijk. Is dit nu nog gaande?"),
            ("v", "Ja, ze is vanavond weer bij hem."),
        ],
    ));
    assert_eq!(code(&sug, "perpetrator").as_deref(), Some("partner"));
    assert_eq!(code(&sug, "perpetrator_social"), None);
    assert_eq!(code(&sug, "met").as_deref(), Some("online"));
}

/// A girl's own relationship with someone from a dating app, told afterwards.
#[test]
fn a_relationship_with_someone_from_tinder_is_the_partner() {
    let sug = suggester().suggest(&chat(
        girl(23),
        &[
            (
                "v",
                "ik had een relatie met iemand die ik via tinder kende en na een paar maanden moest ik voor hem met mannen naar bed",
            ),
            ("c", "Wat naar. Is het voorbij?"),
            ("v", "ja sinds vorig jaar"),
        ],
    ));
    assert_eq!(code(&sug, "perpetrator").as_deref(), Some("partner"));
}

/// Guard: "a friend of his" met through snap is someone else's friend, and "het is een vriend
/// die ze via snap kent" no boyfriend: the social-media contact, as before.
#[test]
fn a_friend_of_his_or_what_she_calls_a_friend_stays_a_contact() {
    let sug = suggester().suggest(&chat(
        girl(15),
        &[
            (
                "v",
                "ik ken een jongen via snap en hij wil dat ik met een vriend van hem naar een hotel ga voor geld",
            ),
            ("c", "Hoe oud is hij?"),
            ("v", "19"),
        ],
    ));
    assert_eq!(code(&sug, "perpetrator").as_deref(), Some("social"));
    let sug = suggester().suggest(&chat(
        intake(47, "female"),
        &[
            ("v", "Goedenavond, ik maak mij zorgen om mijn dochter van 14."),
            (
                "v",
                "Op haar telefoon zag ik dat een man schrijft dat ze morgen weer moet werken in een hotel. Ze zegt dat het een vriend is die ze via Snapchat kent.",
            ),
        ],
    ));
    assert_ne!(code(&sug, "perpetrator").as_deref(), Some("partner"));
}
