//! The family of round fifty-eight (made after round 57's score on test-bl): two ages that
//! were not the victim's. "gaat nie over mij" says the story is someone else's (bl2-052), and
//! a teller who passes on what is done to "zijn vriendin" makes her the victim, with the age
//! said with her noun (bl2-077). Each positive test fails on round 57's rules; the guards pass
//! on both.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// A boy of 13 says it is not about him and tells of his friend of 16 (bl2-052 in other
/// words): never his own age, and he is not the victim.
#[test]
fn not_about_me_is_no_victims_own_story() {
    let lines = [
        ("v", "hoi ik ben 13"),
        (
            "v",
            "het gaat nie over mij. mn vriend van 16 zn oom laat hem pakketjes wegbrengen",
        ),
        ("c", "Goed dat je je zorgen maakt. Woont hij bij zijn oom?"),
        ("v", "ja"),
    ];
    for s in [suggester(), suggester_with_model()] {
        let sug = s.suggest(&chat(boy(13), &lines));
        assert_ne!(age(&sug), Some(13));
        assert_ne!(code(&sug, "chatter").as_deref(), Some("victim"));
    }
}

/// A mother of a boy of 18 whose girlfriend of 17 is sent to men by her uncle, as the son
/// told (bl2-077 in other words): the girlfriend's age, never the son's.
#[test]
fn the_one_a_son_tells_of_is_the_victim() {
    let lines = [
        (
            "v",
            "Goedenavond. Ik ben de moeder van een jongen van 18. Zijn vriendin is 17.",
        ),
        ("c", "Goedenavond. Waar maakt u zich zorgen over?"),
        (
            "v",
            "Mijn zoon vertelde dat zijn vriendin door haar oom naar mannen wordt gestuurd. Hij weet niet wat hij moet doen.",
        ),
        ("c", "Dat is ernstig. Woont zij bij die oom?"),
        ("v", "Ja."),
    ];
    let sug = suggester_with_model().suggest(&chat(intake(45, "female"), &lines));
    assert_ne!(age(&sug), Some(18));
    assert_eq!(age(&sug), Some(17));
}

/// Guard: "Mijn vriendin (26) vertelde me ... dat haar neef haar ... brengt" (aa1-035): the teller is
/// the victim, and her age stays.
#[test]
fn a_teller_to_whom_it_is_done_keeps_her_age() {
    let lines = [
        (
            "v",
            "Hallo, ik wil graag advies. Mijn vriendin (26) vertelde me gisteren dat haar neef haar al twee jaar elk weekend naar Duitsland brengt, waar ze in een club met mannen moet slapen. Hij neemt al het geld.",
        ),
        ("c", "Wat naar. Is ze nu veilig?"),
        ("v", "Nee, ze is doodsbang voor hem."),
    ];
    let sug = suggester_with_model().suggest(&chat(intake(33, "male"), &lines));
    assert_eq!(age(&sug), Some(26));
}

/// Guard: the visitor who says "het gaat over mij" is still the one it is about.
#[test]
fn about_me_still_makes_the_visitor_the_victim() {
    let lines = [
        (
            "v",
            "ik vroeg eerst voor een vriendin maar eigenlijk gaat het over mij",
        ),
        (
            "v",
            "mn vriend laat me met zijn vrienden naar bed gaan en hij krijgt er geld voor",
        ),
    ];
    let sug = suggester().suggest(&chat(girl(15), &lines));
    assert_eq!(code(&sug, "chatter").as_deref(), Some("victim"));
    assert_eq!(age(&sug), Some(15));
}
