//! The rule families of round twelve (recall of the columns other than ages). Each test
//! reads the rules alone (no learned layer), so that it fails on round eleven's rules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use zicht_suggest::Suggester;

/// The rules without the learned layer.
fn rules() -> Suggester {
    let mut s = suggester();
    s.set_model(None);
    s
}

/// A relative of someone else ("de oudere broer van mn vriendin", "de zus van een
/// vriendin", "de broer van een klasgenoot", "een vriend van zijn oudere broer") is a
/// contact through the victim's network, not the victim's family or partner (14 of the 16
/// such chats of the corpus).
#[test]
fn a_relative_of_a_friend_is_a_network_contact() {
    let s = rules();
    for (who, text) in [
        (
            girl(16),
            "de oudere broer van mn vriendin is 21, ik ga soms met hem mee. hij laat me met mannen afspreken in een hotel",
        ),
        (
            girl(15),
            "de broer van mn vriendin neemt me mee naar feestjes en daar moet ik seks hebben met mannen, die betalen hem",
        ),
        (
            boy(15),
            "ik moet drugs verkopen voor de oudere broer van een klasgenoot. ik moet nog 1000 euro afbetalen",
        ),
        (
            boy(15),
            "ik moet voor een vriend van mijn oudere broer drugs verkopen bij het station",
        ),
        (
            boy(19),
            "een vriend van mn neef laat mij drugs verkopen op school, ik moet het geld aan hem geven",
        ),
    ] {
        let c = chat(who, &[("v", text)]);
        let out = s.suggest(&c);
        assert_eq!(
            code(&out, "perpetrator").as_deref(),
            Some("social"),
            "{text}"
        );
        assert_eq!(
            code(&out, "perpetrator_social").as_deref(),
            Some("network_contact"),
            "{text}"
        );
    }
}

/// Several people told of as a group or a pair ("een paar oudere gasten", "een groepje",
/// "hij werkt samen met 2 andere mannen", "jongens uit zijn straat"): more than one
/// perpetrator.
#[test]
fn a_group_told_of_is_several_perpetrators() {
    let s = rules();
    for (who, text) in [
        (
            boy(18),
            "ik moet dealen voor een paar oudere gasten. laatst kreeg ik een gebroken neus omdat ik te weinig had verkocht",
        ),
        (
            girl(23),
            "ik werk voor een man in hotels met klanten, ik zie niks van het geld. hij werkt samen met 2 andere mannen die ons rijden",
        ),
        (
            boy(19),
            "een groepje zogenaamde vrienden laat mij bankrekeningen openen en zij gebruiken die rekeningen",
        ),
    ] {
        let c = chat(who, &[("v", text)]);
        let out = s.suggest(&c);
        assert_eq!(
            code(&out, "multiple_perpetrators").as_deref(),
            Some("yes"),
            "{text}"
        );
    }
}

/// A threat that the perpetrators can find the victim or their family ("ze weten waar we
/// wonen", "dat ze me weten te vinden", "hij weet waar mn zusje naar school gaat") or will
/// set the house on fire ("ons huis in de fik steken") is violence in words, and the
/// violence means of coercion.
#[test]
fn they_know_where_you_live_is_a_threat_in_words() {
    let s = rules();
    for text in [
        "ik moet pakketjes wegbrengen voor een gast. ze weten waar we wonen",
        "ik moet voor hun spul verkopen en ze zeggen dat ze me weten te vinden",
        "ik moet op de uitkijk staan bij inbraken. die man zei dat ie weet waar mn kleine zusje naar school gaat",
        "ik moet drugs rijden voor ze en ze zeggen dat ze ons huis in de fik steken",
    ] {
        let c = chat(boy(16), &[("v", text)]);
        let out = s.suggest(&c);
        assert!(
            items(&out, "violence").contains(&"verbal".to_string()),
            "{text}: {:?}",
            items(&out, "violence")
        );
        assert!(
            items(&out, "coercion").contains(&"violence".to_string()),
            "{text}: {:?}",
            items(&out, "coercion")
        );
    }
}

/// Two people named together as the subject of what is done to the victim ("mn vader en
/// moeder laten mij", "die man en zijn neef komen het ophalen"): more than one perpetrator. Not "mn moeder en haar vriend",
/// which the corpus codes as one (three chats of four).
#[test]
fn two_people_named_together_are_several_perpetrators() {
    let s = rules();
    for (who, text, want) in [
        (
            girl(15),
            "mn vader en moeder laten mij met mannen. die komen bij ons thuis en betalen",
            Some("yes"),
        ),
        (
            boy(17),
            "ik moet drugs bewaren voor een man uit de sportschool. die man en zijn neef komen het ophalen",
            Some("yes"),
        ),
        (
            girl(14),
            "mn moeder en haar vriend laten mij met mannen afspreken bij ons thuis",
            None,
        ),
    ] {
        let c = chat(who, &[("v", text)]);
        let out = s.suggest(&c);
        assert_eq!(
            code(&out, "multiple_perpetrators").as_deref(),
            want,
            "{text}"
        );
    }
}

/// A landlord, a contractor, a go-between or "the boss" (`boss`, `huisbaas`, `aannemer`,
/// `bemiddelaar`) for whom the victim must act ("ik huur een kamer bij mn huisbaas en hij
/// bewaart tassen met wiet in mijn kamer") is a perpetrator of another kind (`other`).
#[test]
fn a_landlord_is_another_kind_of_perpetrator() {
    let s = rules();
    let text = "ik huur een kamer bij mn huisbaas en hij bewaart tassen met wiet in mijn kamer. ik moet ze ook afgeven aan mensen die aanbellen";
    let c = chat(girl(20), &[("v", text)]);
    let out = s.suggest(&c);
    assert_eq!(
        code(&out, "perpetrator").as_deref(),
        Some("other"),
        "{text}"
    );
}
