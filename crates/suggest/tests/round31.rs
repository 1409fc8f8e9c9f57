//! The family of round thirty-one (made after round 30's score on test-ad): the answer to
//! "Hoe oud is die ex?" is his, "13. o nee 14" corrects, "ik doe het nie" turns an offer
//! down, and "nemen mij mee naar mannen" makes the visitor the one taken. Each first test
//! fails on round 30's rules; the others are guards.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// A man of 33 tells of his girlfriend of 26 whose ex puts her to work; "Hoe oud is die ex?"
/// "45." (ad2-056): 45 is the ex's age.
#[test]
fn hoe_oud_is_die_ex_asks_the_exs_age() {
    let sug = suggester().suggest(&chat(
        intake(33, "male"),
        &[
            (
                "v",
                "Goedenavond, mijn vriendin heeft me net verteld dat haar ex haar laat werken in de prostitutie.",
            ),
            ("c", "Goedenavond. Hoe oud is die ex?"),
            ("v", "45. Hij zegt dat ze hem nog geld schuldig is."),
        ],
    ));
    assert_ne!(age(&sug), Some(45));
}

/// "Hoe oud ben jij?" "13. o nee 14 sinds gisteren haha" (ad2-075): 14.
#[test]
fn o_nee_corrects_the_age() {
    let s = suggester();
    let c = chat(
        intake(14, "male"),
        &[
            ("v", "een jongen van 16 laat mij op school wiet verkopen"),
            ("c", "Hoe oud ben jij?"),
            ("v", "13. o nee 14 sinds gisteren haha"),
        ],
    );
    assert_eq!(corrected_age(&s, &c), Some(14));
}

/// A boy offered 100 euro to carry a package, "ok ik doe het nie" (ad2-087): an offer turned
/// down settles no status, and so no age.
#[test]
fn ik_doe_het_nie_turns_the_offer_down() {
    let sug = suggester().suggest(&chat(
        intake(17, "female"),
        &[
            (
                "v",
                "een jongen van 19 uit mn straat biedt me 100 euro om een pakketje naar amsterdam te brengen. moet ik dat doen?",
            ),
            ("c", "Goed dat je het eerst vraagt. Hoe oud ben je?"),
            ("v", "17"),
            ("c", "Je mag altijd nee zeggen."),
            ("v", "ok ik doe het nie. ik zeg gwn dat ik geen tijd heb"),
        ],
    ));
    assert_eq!(code(&sug, "status"), None);
    assert_eq!(age(&sug), None);
}

/// The guard: "ik doe het niet graag maar hij dwingt me" is done, and keeps its status.
#[test]
fn ik_doe_het_niet_graag_is_done() {
    let sug = suggester().suggest(&chat(
        intake(16, "male"),
        &[(
            "v",
            "ik moet pakketjes met drugs rondbrengen voor een gast. ik doe het niet graag maar hij dwingt me",
        )],
    ));
    assert_eq!(code(&sug, "status").as_deref(), Some("included"));
}

/// "mijn zus is 17 en zij en haar vriend van 23 nemen mij mee naar mannen" and "Hoe oud ben
/// jij?" "14" (ad2-098): the visitor is the victim, 14.
#[test]
fn nemen_mij_mee_makes_the_visitor_the_victim() {
    let sug = suggester().suggest(&chat(
        intake(14, "female"),
        &[
            (
                "v",
                "mijn zus is 17 en zij en haar vriend van 23 nemen mij mee naar mannen. zij regelt het en hij rijdt",
            ),
            ("c", "Wat naar dat dit gebeurt. Hoe oud ben jij?"),
            ("v", "14"),
        ],
    ));
    assert_eq!(code(&sug, "chatter").as_deref(), Some("victim"));
    assert_eq!(age(&sug), Some(14));
}
