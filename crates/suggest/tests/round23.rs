//! The family of round twenty-three (made after round 22's score on test-v; the next fresh
//! set scores it): an age corrected in the next sentence ("ik ben 16. nee 17 sorry typo");
//! "Hij is 17" in the answer to a question about "die jongen" is his age; "een klasgenote van
//! 15 zou ook ..." after another girl's age is one more victim; a boy asked about "die
//! jongen" keeps his own age; "onze dochter" is a parent's child; "bij mij om de hoek" is a
//! place; with the model an included chat has a form of exploitation. The first test of
//! each pair fails on round 22's rules or model; the second is a guard.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "ik ben 16. nee 17 sorry typo" (v2-057): 17.
#[test]
fn an_age_corrected_in_the_next_sentence_is_the_age() {
    let s = suggester();
    let c = chat(
        intake_gender_only("female"),
        &[
            (
                "v",
                "mn vriend beheert mn onlyfans en houdt al het geld. ik ben 16. nee 17 sorry typo",
            ),
            (
                "c",
                "Hoi, dank je dat je het vertelt. Hoe oud is je vriend?",
            ),
            ("v", "22. ik ken hem van tiktok"),
            ("c", "Wat gebeurt er als je wil stoppen?"),
            ("v", "dan scheldt hij me uit en zegt dat ik een hoer ben"),
        ],
    );
    assert_eq!(corrected_age(&s, &c), Some(17));
}

/// "Ze is 14. Nee sorry, 15 sinds vorige maand." (v2-081): her age is 15.
#[test]
fn a_parents_correction_is_the_age() {
    let c = chat(
        intake(41, "male"),
        &[
            (
                "v",
                "Goedenavond. Ik maak me grote zorgen over mijn dochter.",
            ),
            (
                "c",
                "Goedenavond, fijn dat u contact opneemt. Hoe oud is uw dochter?",
            ),
            (
                "v",
                "Ze is 14. Nee sorry, 15 sinds vorige maand. Ze heeft via Instagram een vriend leren kennen van 28.",
            ),
            (
                "v",
                "Hij laat mannen naar een appartement komen voor seks met haar en die mannen betalen hem.",
            ),
        ],
    );
    for s in [suggester(), suggester_with_model()] {
        assert_ne!(corrected_age(&s, &c), Some(14));
    }
    assert_eq!(corrected_age(&suggester(), &c), Some(15));
}

/// The guard: "ik ben 16. nee hij is 22" is no correction of her age, and a number far off
/// ("ik ben 16. nee 30 keer") neither.
#[test]
fn a_no_with_another_person_is_no_correction() {
    let s = suggester();
    let c = chat(
        girl(16),
        &[(
            "v",
            "mn vriend laat me met andere mannen afspreken voor geld. ik ben 16. nee 30 keer al",
        )],
    );
    assert_eq!(age(&s.suggest(&c)), Some(16));
}

/// "Weet u iets over die jongen?" "Hij is 17 en zit bij haar op school." (v1-008): his age,
/// not the girl's.
#[test]
fn hij_is_17_about_die_jongen_is_his_age() {
    let s = suggester();
    let c = chat(
        intake(45, "female"),
        &[
            (
                "v",
                "Goedemiddag, ik ben docent op een middelbare school. Een leerling van 15 vertelde mij vandaag dat ze voor een jongen uit haar jaar moet werken. Hij brengt haar na school naar mannen die voor seks betalen.",
            ),
            ("c", "Dat is ernstig. Weet u iets over die jongen?"),
            ("v", "Hij is 17 en zit bij haar op school."),
        ],
    );
    assert_ne!(age(&s.suggest(&c)), Some(17));
}

/// The guard: a mother about her son, "Hij is 15" to "Hoe oud is hij?", is his age.
#[test]
fn hij_is_15_about_her_son_is_his_age() {
    let s = suggester();
    let c = chat(
        intake(45, "female"),
        &[
            (
                "v",
                "Ik maak me zorgen over mijn zoon, hij moet drugs verkopen voor oudere jongens en hij krijgt klappen als hij niet gaat.",
            ),
            ("c", "Wat naar. Wat weet u over hem?"),
            ("v", "Hij is 15 en zit in de derde klas."),
        ],
    );
    assert_eq!(age(&s.suggest(&c)), Some(15));
}

/// "Een leerling van 14 ... Een klasgenote van 15 zou ook contact met hem hebben" (v2-017):
/// the pupil's 14, the classmate is one more.
#[test]
fn a_classmate_who_also_is_one_more() {
    let s = suggester();
    let c = chat(
        intake(41, "female"),
        &[
            (
                "v",
                "Goedemiddag, ik ben docent op een middelbare school. Een leerling van 14 heeft mij iets verteld waar ik van schrok.",
            ),
            ("c", "Wat heeft ze verteld?"),
            (
                "v",
                "Ze heeft een vriend die ze via Instagram heeft leren kennen. Hij laat haar naar mannen toe gaan voor geld.",
            ),
            (
                "v",
                "Een klasgenote van 15 zou ook contact met hem hebben, maar dat weet ik niet zeker.",
            ),
        ],
    );
    assert_ne!(age(&s.suggest(&c)), Some(15));
}

/// A boy of 14: "een jongen uit mn buurt heeft een filmpje van mij en nu moet ik afspreken
/// met mannen" and then "Hoe oud is die jongen?" "19" (v1-025): the boy's own age stays 14.
/// Round 22 took the question as one about someone else and left his intake age out.
#[test]
fn a_boy_asked_about_die_jongen_keeps_his_age() {
    let s = suggester();
    let c = chat(
        boy(14),
        &[
            ("v", "ik ben een jongen kan ik hier ook"),
            ("c", "Hoi, natuurlijk. Wat is er?"),
            (
                "v",
                "een jongen uit mn buurt heeft een filmpje van mij en nu moet ik afspreken met mannen die hem betalen",
            ),
            ("c", "Wat rot dat je dit meemaakt. Hoe oud is die jongen?"),
            ("v", "19"),
        ],
    );
    assert_eq!(age(&s.suggest(&c)), Some(14));
}

/// The guard: a boy asked "Hoe oud is hij?" about a friend he chats about keeps no intake
/// age as the victim's.
#[test]
fn a_boy_asked_about_his_friend_gives_no_own_age() {
    let s = suggester();
    let c = chat(
        boy(15),
        &[
            (
                "v",
                "mn beste vriend moet drugs verkopen voor een paar oudere gasten en hij krijgt klappen als hij nee zegt",
            ),
            ("c", "Hoe oud is hij?"),
            ("v", "16"),
        ],
    );
    assert_ne!(age(&s.suggest(&c)), Some(15));
}

/// "Onze dochter van 13" (v1-027): a parent about the daughter, whose age is 13.
#[test]
fn onze_dochter_is_the_parents_child() {
    let s = suggester();
    let c = chat(
        intake(45, "male"),
        &[(
            "v",
            "Ik schrijf namens mijn gezin. Onze dochter van 13 blijkt door mijn eigen broer naar mannen te zijn gebracht die hem betaalden.",
        )],
    );
    let sug = s.suggest(&c);
    assert_eq!(code(&sug, "chatter").as_deref(), Some("family"));
    assert_eq!(age(&sug), Some(13));
}

/// "Bij de wasstraat bij mij om de hoek werken zes mannen die volgens mij in het gebouw
/// slapen" (u1-095): a neighbour, not the visitor's own story, so not the intake's age 60.
#[test]
fn bij_mij_om_de_hoek_is_a_place_not_the_visitor() {
    let c = chat(
        intake(60, "male"),
        &[(
            "v",
            "Bij de wasstraat bij mij om de hoek werken zes mannen die volgens mij in het gebouw slapen. Eén van hen vertelde dat hij nog nooit loon heeft gekregen en dat de baas zijn paspoort heeft.",
        )],
    );
    for s in [suggester(), suggester_with_model()] {
        let sug = s.suggest(&c);
        assert_ne!(code(&sug, "chatter").as_deref(), Some("victim"));
        assert_ne!(age(&sug), Some(60));
    }
}

/// The guard: "mn vriend laat me met andere mannen afspreken in een hotel bij mij in de
/// buurt" is still her own story (the place aside, "me" is done to).
#[test]
fn bij_mij_in_de_buurt_beside_what_is_done_to_me_is_still_mine() {
    let sug = suggester().suggest(&chat(
        girl(15),
        &[(
            "v",
            "mn vriend laat me met andere mannen afspreken voor geld in een hotel bij mij in de buurt en hij pakt alles",
        )],
    ));
    assert_eq!(code(&sug, "chatter").as_deref(), Some("victim"));
    assert_eq!(age(&sug), Some(15));
}

/// With the model, an included chat has a form of exploitation: the model's most probable
/// form is taken once the status is `included` (v1-042: "mn stiefvader laat ... mannen
/// langskomen ... moet ik met ze naar boven"; round 22 gave a status without a form).
#[test]
fn an_included_chat_has_a_form_of_exploitation() {
    let sug = suggester_with_model().suggest(&chat(
        girl(16),
        &[
            (
                "v",
                "mn stiefvader laat al sinds ik 14 ben mannen langskomen als mn moeder werkt en dan moet ik met ze naar boven en hij krijgt er geld voor",
            ),
            ("c", "Woon je bij je moeder en stiefvader?"),
            ("v", "ja"),
        ],
    ));
    if code(&sug, "status").as_deref() == Some("included") {
        assert!(code(&sug, "exploitation").is_some());
    }
    assert_eq!(code(&sug, "status").as_deref(), Some("included"));
}
