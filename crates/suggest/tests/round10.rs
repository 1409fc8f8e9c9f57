//! The rule families of round ten: a person named with an age who acts on the visitor is
//! the perpetrator, never the victim, and the visitor's own answer to "Hoe oud ben je?" is
//! the victim's age; an adult who chooses the work herself, with no one forcing her, is
//! no exploitation and carries no age.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "mn broer van 19 neemt mij mee naar zn vrienden en die betalen hem": the one named
/// with his age acts on the visitor, so he is the perpetrator; the visitor, who answers
/// "Hoe oud ben je?", is the victim, and her answer is the victim's age.
#[test]
fn one_who_acts_on_the_visitor_is_not_the_victim() {
    let s = suggester();
    for (first, answer) in [
        (
            "mn broer van 19 neemt mij mee naar zn vrienden en die betalen hem dan en ik moet dingen doen",
            "13",
        ),
        (
            "mn neef van 22 laat me pakketjes wegbrengen en ik moet dat voor hem doen",
            "14",
        ),
    ] {
        let c = chat(
            girl(13),
            &[
                ("v", first),
                ("c", "Wat naar. Hoe oud ben je?"),
                ("v", answer),
            ],
        );
        let out = s.suggest(&c);
        let want: i64 = answer.parse().unwrap();
        assert!(
            age(&out).is_none() || age(&out) == Some(want),
            "{first}: {:?}",
            age(&out)
        );
        assert_ne!(age(&out), Some(19), "{first}");
        assert_ne!(age(&out), Some(22), "{first}");
    }
}

/// What is done to the relation ("mijn broer van 17 wordt volgens mij misbruikt") keeps the
/// relation the victim: "volgens mij" is no object of a verb, nor "van mij".
#[test]
fn what_is_done_to_the_relation_keeps_it_the_victim() {
    let s = suggester();
    let c = chat(
        girl(23),
        &[(
            "v",
            "mijn broer van 17 wordt volgens mij misbruikt door een criminele groep. Hij moet geld ophalen en spullen bewaren.",
        )],
    );
    let out = s.suggest(&c);
    assert_ne!(code(&out, "chatter").as_deref(), Some("victim"));
    assert_ne!(age(&out), Some(23));
    // "een vriendin van mij": a preposition, not a verb done to the visitor.
    let friend = chat(
        girl(17),
        &[
            ("v", "hey, ik chat voor een vriendin van mij"),
            (
                "v",
                "haar vriend laat haar dealen en ze moet met zijn vrienden naar bed voor geld",
            ),
        ],
    );
    assert_eq!(
        code(&s.suggest(&friend), "chatter").as_deref(),
        Some("social")
    );
}

/// An offer nobody has taken ("niemand dwingt haar tot iets" about messages from a
/// modelling agency) is no self-chosen work: not excluded.
#[test]
fn an_offer_is_not_self_chosen_work() {
    let s = suggester();
    let c = chat(
        boy(22),
        &[
            (
                "v",
                "mn vriendin is 18 en ze krijgt berichten op insta van een modellenbureau",
            ),
            (
                "v",
                "ze bieden haar fotoshoots in het buitenland aan met reis betaald. ze twijfelt. niemand dwingt haar tot iets",
            ),
        ],
    );
    assert_ne!(code(&s.suggest(&c), "status").as_deref(), Some("excluded"));
}

/// A sister of 19 who works as an escort "omdat ze het zelf wil", with her own website,
/// and "nee nooit" to a question whether anyone forces her: not exploitation, no age.
#[test]
fn self_determination_is_not_exploitation() {
    let s = suggester();
    let c = chat(
        boy(16),
        &[
            ("v", "mn zus werkt als escort"),
            ("c", "Maak je je zorgen om haar?"),
            (
                "v",
                "een beetje. ze is 19 en ze zegt dat ze het zelf wil, ze heeft een eigen website en niemand regelt iets voor haar",
            ),
            (
                "c",
                "Heeft ze ooit gezegd dat iemand haar dwingt of geld van haar pakt?",
            ),
            (
                "v",
                "nee nooit, ze is daar heel duidelijk in. ik vind het gwn raar",
            ),
        ],
    );
    let out = s.suggest(&c);
    assert_eq!(age(&out), None);
    assert_ne!(code(&out, "status").as_deref(), Some("included"));
    assert_eq!(code(&out, "exploitation"), None);
    // With force named, it is exploitation again.
    let forced = chat(
        boy(16),
        &[
            ("v", "mn zus werkt als escort"),
            ("c", "Maak je je zorgen om haar?"),
            (
                "v",
                "ze is 19 en haar vriend dwingt haar, hij pakt al het geld af en slaat haar als ze nee zegt",
            ),
        ],
    );
    assert_eq!(
        code(&s.suggest(&forced), "status").as_deref(),
        Some("included")
    );
}
