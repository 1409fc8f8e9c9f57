//! The family of round nineteen (made after round 18's score; the next fresh set scores it):
//! a hold the person keeps on her own ("ze houdt het geld zelf") is no force; a benefit and a
//! bank card taken with no exploitation are money trouble; a partner who "moet van" others is
//! the victim. Each first test fails on round 18's rules; the second of each pair is a guard.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use zicht_conversations::Conversation;

/// A mother tells that her daughter of 25 escorts, and answers the counsellor with `answer`.
fn mother_of_an_escort(answer: &str) -> Conversation {
    chat(
        intake(57, "female"),
        &[
            (
                "v",
                "Mijn dochter is 25 en ik kwam erachter dat ze als escort werkt.",
            ),
            ("c", "Heeft u het er met haar over gehad?"),
            ("v", answer),
        ],
    )
}

/// "ze werkt voor zichzelf en houdt het geld zelf": her own money, no force, so a free
/// choice and excluded. Round 18's rules read "houdt het geld" as control and included it,
/// with the daughter's age 25.
#[test]
fn keeping_her_own_money_is_no_force() {
    let s = suggester();
    let sug = s.suggest(&mother_of_an_escort(
        "Ja. Ze werkt voor zichzelf en houdt het geld zelf, zegt ze.",
    ));
    assert_eq!(code(&sug, "status").as_deref(), Some("excluded"));
    assert_eq!(age(&sug), None);
}

/// The guard: someone else who keeps the money is still control.
#[test]
fn a_boyfriend_who_keeps_the_money_is_still_force() {
    let s = suggester();
    let c =
        mother_of_an_escort("Ze zegt dat ze voor zichzelf werkt maar haar vriend houdt het geld.");
    assert_ne!(code(&s.suggest(&c), "status").as_deref(), Some("excluded"));
}

/// A youth worker tells that a man took a client's bank card and her benefit, and answers
/// the counsellor's question about force with `answer`.
fn client_whose_money_is_taken(answer: &str) -> Conversation {
    chat(
        intake(41, "male"),
        &[
            (
                "v",
                "Ik ben jongerenwerker. Een meisje van 19 dat ik begeleid heeft een oom die haar uitkering in beslag neemt, hij heeft haar pinpas.",
            ),
            (
                "c",
                "Moet ze voor hem ook iets doen, zoals seks met anderen of iets strafbaars?",
            ),
            ("v", answer),
        ],
    )
}

/// Money taken, force denied: excluded as money trouble, so no age (r2-046). Round 18's rules
/// read "hij heeft haar pinpas" as money laundering, then dropped the status on the denial,
/// and kept the client's age 19 as the victim's.
#[test]
fn a_benefit_taken_without_exploitation_is_money_trouble() {
    let s = suggester();
    let sug = s.suggest(&client_whose_money_is_taken(
        "Nee, dat is niet zo. Het gaat echt om het geld.",
    ));
    assert_eq!(code(&sug, "status").as_deref(), Some("excluded"));
    assert_eq!(
        code(&sug, "exclusion_reason").as_deref(),
        Some("financial_or_extortion")
    );
    assert_eq!(age(&sug), None);
}

/// The guard: when she must go with men for him, the card is part of exploitation.
#[test]
fn a_benefit_taken_with_sex_for_him_is_not_money_trouble() {
    let s = suggester();
    let sug = s.suggest(&client_whose_money_is_taken(
        "Ja, ze moet van hem met mannen mee voor geld.",
    ));
    assert_eq!(code(&sug, "status").as_deref(), Some("included"));
}

/// A boy of 15 about his girlfriend of 16 who must deliver for older boys: she is the victim,
/// not the visitor, so his own age is not hers (r2-093). Round 18's rules read "ik weet niet
/// wat ik moet doen" as the visitor's own story and took the intake's 15.
#[test]
fn a_partner_who_must_do_it_on_orders_is_the_victim() {
    let s = suggester();
    let c = chat(
        intake(15, "male"),
        &[(
            "v",
            "mn vriendin van 16 moet van oudere jongens pakketjes met drugs rondbrengen en ik weet nie wat ik moet doen",
        )],
    );
    let sug = s.suggest(&c);
    assert_eq!(code(&sug, "chatter").as_deref(), Some("partner"));
    assert_eq!(code(&sug, "victim_gender").as_deref(), Some("female"));
    assert_ne!(age(&sug), Some(15));
}

/// The guard: "mn vriend van 19 laat me ..." is the partner acting on the visitor.
#[test]
fn a_partner_who_makes_the_visitor_do_it_is_the_perpetrator() {
    let s = suggester();
    let c = chat(
        intake(15, "female"),
        &[(
            "v",
            "mn vriend van 19 laat me pakketjes met drugs rondbrengen en ik weet nie wat ik moet doen",
        )],
    );
    let sug = s.suggest(&c);
    assert_eq!(code(&sug, "chatter").as_deref(), Some("victim"));
    assert_eq!(age(&sug), Some(15));
}

/// Rules without the model (`suggester()` is rules only): a neighbour who was told what happens to a boy is not the
/// victim, so her own age 70 is not his (o2-100, j1-077, o2-091: "vertelde mij dat ...").
/// Round 18's rules read the "mij" as the visitor's own story.
#[test]
fn the_one_who_was_told_is_not_the_victim() {
    let s = suggester();
    let c = chat(
        intake(70, "female"),
        &[
            (
                "v",
                "Goedemiddag. Naast mij woont een jongen van 13. De jongen vertelde mij dat hij voor een man pakketjes met drugs moet wegbrengen.",
            ),
            ("c", "Dat is zorgelijk. Weten zijn ouders ervan?"),
            ("v", "Dat weet ik niet."),
        ],
    );
    let sug = s.suggest(&c);
    assert_ne!(code(&sug, "chatter").as_deref(), Some("victim"));
    assert_ne!(age(&sug), Some(70));
}

/// The guard: "hij zei me dat ik ... moest" is still the visitor's own story.
#[test]
fn told_what_she_must_do_herself_is_still_the_victim() {
    let s = suggester();
    let c = chat(
        intake(16, "female"),
        &[(
            "v",
            "mn vriend zei me dat ik met zn vrienden moest slapen voor geld",
        )],
    );
    let sug = s.suggest(&c);
    assert_eq!(code(&sug, "chatter").as_deref(), Some("victim"));
    assert_eq!(age(&sug), Some(16));
}

/// Rules without the model (`suggester()` is rules only): a client who visited an escort, and a taxi driver who names his
/// job first and tells what he drives later, are not victims; their own ages (45, 52) are
/// not the victim's (i1-085, k2-054).
#[test]
fn a_client_and_a_driver_are_not_the_victim() {
    let s = suggester();
    let client = chat(
        intake(45, "male"),
        &[(
            "v",
            "Ik heb vorige maand een escort bezocht. Ze zei dat ze 16 was en dat een man haar afspraken regelt.",
        )],
    );
    let driver = chat(
        intake(52, "male"),
        &[
            ("v", "Goedendag, ik ben taxichauffeur."),
            ("c", "Goedendag, vertelt u maar."),
            (
                "v",
                "Ik rij elke week meisjes naar hotels en er zit altijd een man bij die betaalt.",
            ),
        ],
    );
    for (c, own) in [(client, 45), (driver, 52)] {
        let sug = s.suggest(&c);
        assert_ne!(code(&sug, "chatter").as_deref(), Some("victim"));
        assert_ne!(age(&sug), Some(own));
    }
}

/// "er is nog een meisje van 15 die ook ...": one more victim beside the friend the chat is
/// about, so 15 is not the victim's age (q1-095, with the model, which reads the chat as a
/// friend's). Round 18 took the 15.
#[test]
fn one_more_girl_is_not_the_victim_the_chat_is_about() {
    let s = suggester_with_model();
    let c = chat(
        intake(16, "female"),
        &[
            (
                "v",
                "ik ben 16 en mn vriendin is 17 en haar vriend is 30, ze kennen elkaar van insta",
            ),
            (
                "v",
                "hij laat haar met mannen naar hotels gaan en er is nog een meisje van 15 die ook voor hem moet werken",
            ),
            ("c", "Heeft je vriendin je dit zelf verteld?"),
            ("v", "ja"),
        ],
    );
    assert_ne!(age(&s.suggest(&c)), Some(15));
}

/// "ik ben de ex van een meisje ... ze is 18": the ex chats about her, so his own age 20 is
/// not hers (n1-053, rules only). Round 18 read the visitor as the victim.
#[test]
fn an_ex_partner_chats_about_her() {
    let s = suggester();
    let c = chat(
        intake(20, "male"),
        &[(
            "v",
            "ik ben de ex van een meisje en haar nieuwe vriend heeft haar gedwongen met een man mee te gaan naar een hotel. ze is 18",
        )],
    );
    let sug = s.suggest(&c);
    assert_eq!(code(&sug, "chatter").as_deref(), Some("partner"));
    assert_ne!(age(&sug), Some(20));
}
