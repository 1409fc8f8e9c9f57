//! The family of round fifty-nine (made after a counsellor's walk, walk47 finding 2): a girl's
//! chat-speak story ("hij zegt dat ik met zn vrienden mee moet en dan krijg ik geld", "ik moet
//! dan dingen doen met die gasten en hij pakt t geld") was read by the rules as sextortion
//! alone, and the console showed only the learned layer's guesses without her words. "t" is
//! "het" and "mar" is "maar" in chat-speak; going along with his friends and "dingen doen met
//! die gasten" are sexual acts with others. Each positive test fails on round 58's rules; the
//! guard passes on both.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// The walk's chat in other words: the rules read it as sexual exploitation, quote her words,
/// and take her own "ik ben 14".
#[test]
fn a_girls_chat_speak_story_is_read_by_the_rules() {
    let lines = [
        ("v", "hoii"),
        ("c", "Hoi, fijn dat je er bent. Waar wil je over praten?"),
        ("v", "er is n jongen van insta hij is ouder"),
        ("v", "ik wil nie meer mar hij heeft fotos van me"),
        (
            "v",
            "hij zegt dat ik met zn vrienden mee moet en dan krijg ik geld",
        ),
        ("c", "Hoe oud ben je?"),
        ("v", "ik ben 14 btw"),
        (
            "v",
            "ik moet dan dingen doen met die gasten en hij pakt t geld",
        ),
    ];
    let sug = suggester().suggest(&chat(girl(14), &lines));
    assert_eq!(code(&sug, "status").as_deref(), Some("included"));
    assert_eq!(code(&sug, "exploitation").as_deref(), Some("sexual"));
    let exp = sug.get("exploitation").expect("exploitation");
    assert!(exp.source.is_none(), "the rules' reading, with her words");
    assert!(
        exp.evidence
            .iter()
            .any(|e| e.text.contains("met die gasten"))
    );
    assert_eq!(age(&sug), Some(14));
}

/// "hij pakt t geld": "t" is "het", so he takes the money (a control cue) and the evidence
/// quotes her own "t".
#[test]
fn t_is_het_in_chat_speak() {
    let lines = [("v", "ik moet met zijn vrienden naar bed en hij pakt t geld")];
    let sug = suggester().suggest(&chat(girl(15), &lines));
    assert_eq!(code(&sug, "exploitation").as_deref(), Some("sexual"));
    let lines = [("v", "ik moet dingen doen met die gasten en hij pakt t geld")];
    let sug = suggester().suggest(&chat(girl(15), &lines));
    assert_eq!(code(&sug, "exploitation").as_deref(), Some("sexual"));
}

/// Guard: going along with his friends to the cinema, nobody paid, is no exploitation.
#[test]
fn going_along_with_his_friends_alone_is_nothing() {
    let lines = [
        (
            "v",
            "mn vriend zegt dat ik met zn vrienden mee moet naar de film",
        ),
        ("v", "maar ik heb geen zin"),
    ];
    let sug = suggester().suggest(&chat(girl(15), &lines));
    assert_eq!(code(&sug, "status"), None);
    assert_eq!(code(&sug, "exploitation"), None);
}
