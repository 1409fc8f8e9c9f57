//! The family of round twenty-four (made after round 23's score on test-w; the next fresh
//! set scores it): "eigenlijk... gaat het over mij" makes the visitor the victim; "heeft me
//! verteld dat hij ..." and a clause-final "bij me" do not; a parent's fear "ik ben bang dat
//! ze gedwongen wordt" beside her own word that she chooses it is no force. The first test of
//! each pair fails on round 23's rules; the second is a guard.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "hoi ik heb een vraag over een vriendin van me ... eigenlijk... gaat het over mij. sorry"
/// (w2-001): the visitor is the victim, and her age 15 is hers (not the boyfriend's 22).
#[test]
fn gaat_het_over_mij_makes_the_visitor_the_victim() {
    let s = suggester();
    let c = chat(
        girl(15),
        &[
            ("v", "hoi ik heb een vraag over een vriendin van me"),
            ("c", "Hoi, fijn dat je er bent. Wat is er met je vriendin?"),
            (
                "v",
                "haar vriend laat haar met andere mannen afspreken voor geld. en zij krijgt er niks van",
            ),
            ("c", "Dat klinkt heftig. Hoe weet je dit?"),
            ("v", "eigenlijk... gaat het over mij. sorry"),
            ("c", "En hoe oud is hij?"),
            ("v", "22. ken hem van snap"),
        ],
    );
    let sug = s.suggest(&c);
    assert_eq!(code(&sug, "chatter").as_deref(), Some("victim"));
    assert_eq!(age(&sug), Some(15));
}

/// The guard: "het gaat over mijn vriendin" is about the friend.
#[test]
fn gaat_over_mijn_vriendin_is_still_the_friend() {
    let sug = suggester().suggest(&chat(
        girl(15),
        &[
            ("v", "het gaat over mijn vriendin"),
            (
                "v",
                "haar vriend laat haar met andere mannen afspreken voor geld",
            ),
        ],
    ));
    assert_ne!(code(&sug, "chatter").as_deref(), Some("victim"));
    assert_ne!(age(&sug), Some(15));
}

/// "Mijn ex-vriend van 23 heeft me verteld dat hij drugs moet verkopen voor zijn neef ...
/// Vorige week kwam hij met een blauw oog bij me." (w2-074): she was told and visited, so she
/// is not the victim and her intake age 32 is not his.
#[test]
fn told_and_visited_is_not_the_visitors_story() {
    let c = chat(
        intake(32, "female"),
        &[
            (
                "v",
                "Mijn ex-vriend van 23 heeft me verteld dat hij drugs moet verkopen voor zijn neef en diens vrienden.",
            ),
            ("c", "Wat heeft hij u precies verteld?"),
            (
                "v",
                "Zijn neef is de baas van de groep. Hij moet elke avond verkopen en als hij te weinig opbrengt slaan ze hem. Vorige week kwam hij met een blauw oog bij me.",
            ),
        ],
    );
    for s in [suggester(), suggester_with_model()] {
        let sug = s.suggest(&c);
        assert_ne!(code(&sug, "chatter").as_deref(), Some("victim"));
        assert_ne!(age(&sug), Some(32));
    }
}

/// The guard: "hij heeft me verteld dat ik met zijn vrienden moet slapen" is still hers.
#[test]
fn told_what_i_must_do_is_still_mine() {
    let sug = suggester().suggest(&chat(
        girl(16),
        &[(
            "v",
            "mn vriend heeft me verteld dat ik met zijn vrienden moet slapen voor geld anders maakt hij het uit",
        )],
    ));
    assert_eq!(code(&sug, "chatter").as_deref(), Some("victim"));
    assert_eq!(age(&sug), Some(16));
}

/// "Mijn dochter van 20 werkt als escort en ik ben bang dat ze gedwongen wordt ... Ze zegt
/// dat ze het zelf wil, dat niemand haar dwingt en dat ze al het geld zelf houdt." (w1-062):
/// a free choice, excluded, no age.
#[test]
fn a_parents_fear_beside_her_free_choice_is_no_force() {
    let sug = suggester().suggest(&chat(
        intake(55, "male"),
        &[
            (
                "v",
                "Mijn dochter van 20 werkt als escort en ik ben bang dat ze gedwongen wordt.",
            ),
            ("c", "Heeft ze er iets over verteld?"),
            (
                "v",
                "Ik heb het haar gevraagd. Ze zegt dat ze het zelf wil, dat niemand haar dwingt en dat ze al het geld zelf houdt.",
            ),
        ],
    ));
    assert_eq!(code(&sug, "status").as_deref(), Some("excluded"));
    assert_eq!(age(&sug), None);
}

/// The guard: "ik ben bang dat ze gedwongen wordt, maar ze wil het zelf" with "hij slaat
/// haar" is still force.
#[test]
fn a_fear_beside_blows_is_still_force() {
    let sug = suggester().suggest(&chat(
        intake(55, "male"),
        &[
            (
                "v",
                "Mijn dochter van 20 werkt als escort. Ze zegt dat ze het zelf wil, maar haar vriend slaat haar als ze te weinig verdient.",
            ),
        ],
    ));
    assert_ne!(code(&sug, "status").as_deref(), Some("excluded"));
}

/// "De vriendin zou het doen voor een man die zij via een datingapp kende. Hij is 30."
/// (x2-013, round 25): "Hij is 30" is the man just named, not the victim (round 24 gave the
/// victim his age and his gender).
#[test]
fn hij_is_30_after_een_man_is_his_age() {
    let sug = suggester().suggest(&chat(
        intake(38, "female"),
        &[
            (
                "v",
                "Ik ben docent op een middelbare school. Een leerling van 14 vertelde vandaag dat haar vriendin van 15 seks moet hebben met mannen voor geld.",
            ),
            ("c", "Dank dat u contact opneemt. Wat weet u nog meer?"),
            (
                "v",
                "De vriendin zou het doen voor een man die zij via een datingapp kende. Hij is 30.",
            ),
        ],
    ));
    assert_ne!(age(&sug), Some(30));
    assert_ne!(code(&sug, "victim_gender").as_deref(), Some("male"));
}

/// The guard: a mother's "mijn zoon moet drugs verkopen. Hij is 15." is his age.
#[test]
fn hij_is_15_after_mijn_zoon_is_his_age() {
    let sug = suggester().suggest(&chat(
        intake(44, "female"),
        &[(
            "v",
            "Mijn zoon moet drugs verkopen voor een man uit de buurt en hij wordt geslagen als hij niet gaat. Hij is 15.",
        )],
    ));
    assert_eq!(age(&sug), Some(15));
}
