//! The family of round sixty (made after round 59's score on test-bn): two ages that were not
//! founded. "ik ben de partner van een man van 33 die ... moet werken" is his partner's chat
//! about him (bn2-084), and a girl who asks herself "kreeg hij geld voor?" and answers "ik
//! denk het nie" tells of sex nobody was paid for (bn1-070: other sexual violence, no
//! exploitation and no age). Each positive test fails on round 59's rules; the guard passes
//! on both.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

#[test]
fn the_partner_of_a_man_chats_about_him() {
    let lines = [
        (
            "v",
            "ik ben de partner van een man van 41 die op een bouwplaats moet werken voor zijn oom, elke dag, voor bijna niks",
        ),
        ("v", "zijn oom heeft zijn paspoort"),
        ("c", "Hoe lang gaat dit al?"),
        ("v", "al twee jaar"),
    ];
    for s in [suggester(), suggester_with_model()] {
        let sug = s.suggest(&chat(intake(38, "female"), &lines));
        assert_eq!(code(&sug, "chatter").as_deref(), Some("partner"));
        assert_ne!(age(&sug), Some(38));
    }
}

#[test]
fn a_payment_she_asks_herself_about_and_denies_is_none() {
    let lines = [
        (
            "v",
            "mn ex heeft me vorig jaar gedwongen om met zn vrienden seks te hebben",
        ),
        ("c", "Wat naar. Wil je er meer over vertellen?"),
        (
            "v",
            "hij zei dat ik het moest doen om te laten zien dat ik van hem hield. kreeg hij geld? ik denk het niet",
        ),
        ("c", "Is het gestopt?"),
        ("v", "ja het is uit"),
    ];
    for s in [suggester(), suggester_with_model()] {
        let sug = s.suggest(&chat(girl(17), &lines));
        assert_ne!(code(&sug, "status").as_deref(), Some("included"));
        assert_eq!(age(&sug), None);
    }
}

/// Guard: "kreeg hij geld? ja, elke keer" keeps the exploitation.
#[test]
fn a_payment_she_asks_about_and_confirms_stays() {
    let lines = [
        (
            "v",
            "mn ex dwong me om met zn vrienden seks te hebben. kreeg hij geld? ja elke keer 50 euro",
        ),
        ("c", "Gebeurt het nu nog?"),
        ("v", "ja"),
    ];
    let sug = suggester().suggest(&chat(girl(17), &lines));
    assert_eq!(code(&sug, "status").as_deref(), Some("included"));
}
