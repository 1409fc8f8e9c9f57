//! The family of round fifty-seven (made after round 56's score on test-bk): a question about
//! what happens "als je ..." is hypothetical ("kzou wel ff willen weten wat er gebeurt als je
//! wiet verkoopt voor iemand", bk1-011: no victim, and no age from the intake), and "snuif",
//! "heroïne", "ketamine", "weed", "crack" and "bolletjes" are drugs. Each positive test fails
//! on round 56's rules; the guard passes on both.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// A boy of 16 asks what happens if you sell weed for someone, and says it is only "als"
/// (bk1-011 in other words): no status, no victim, no age.
#[test]
fn a_question_about_what_happens_if_you_do_it_is_no_victims_story() {
    let lines = [
        (
            "v",
            "kzou wel ff willen weten wat er gebeurt als je coke verkoopt voor iemand",
        ),
        ("c", "Hoi. Doe jij dat, of gaat het om iemand anders?"),
        ("v", "nee gwn benieuwd"),
        (
            "c",
            "Oke. Als iemand je ooit onder druk zet, kun je hier terecht.",
        ),
        ("v", "ok thx"),
    ];
    for s in [suggester(), suggester_with_model()] {
        let sug = s.suggest(&chat(boy(16), &lines));
        assert_eq!(age(&sug), None);
        assert_ne!(code(&sug, "status").as_deref(), Some("included"));
        assert_ne!(code(&sug, "chatter").as_deref(), Some("victim"));
    }
}

/// "snuif" is a drug: a boy made to sell it for an older boy is criminally exploited.
#[test]
fn snuif_is_a_drug() {
    let lines = [
        (
            "v",
            "ik moet van een jongen van 20 snuif verkopen op school",
        ),
        ("c", "Wat gebeurt er als je dat niet doet?"),
        ("v", "dan slaat hij me"),
    ];
    let sug = suggester().suggest(&chat(boy(15), &lines));
    assert!(items(&sug, "crime").contains(&"drugs".to_string()));
}

/// Guard: a victim who does not know what happens if she stops, and then tells the threat,
/// keeps her story (the question's clause alone is hypothetical).
#[test]
fn not_knowing_what_happens_if_she_stops_keeps_the_story() {
    let lines = [
        (
            "v",
            "mn vriend laat me met mannen slapen voor geld en hij houdt het geld",
        ),
        (
            "v",
            "ik weet nie wat er gebeurt als ik stop, hij heeft me al eens geslagen",
        ),
    ];
    let sug = suggester().suggest(&chat(girl(16), &lines));
    assert_eq!(code(&sug, "status").as_deref(), Some("included"));
    assert_eq!(age(&sug), Some(16));
    assert!(items(&sug, "violence").contains(&"physical".to_string()));
}
