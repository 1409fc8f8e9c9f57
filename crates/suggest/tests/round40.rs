//! The family of round forty (made after round 39's score on test-am): the colloquial
//! possessive ("mn vriendin haar ex") and "ik moet van ..." leave the visitor the victim;
//! sex with the one man alone, nobody else brought in, is no exploitation; a visitor who
//! says she decides and keeps her money herself, or a parent who says nobody forced the
//! child, gets no status and no age. Each of the first five tests fails on round 39's
//! rules; the others are guards.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "ik moet van mn zus haar vriend ..." and then "Hoe oud is hij?" "24" (am2-061 in other
/// words): the visitor must, so she is the victim and her own 16 is the age, not his 24.
#[test]
fn i_must_for_my_sisters_boyfriend_keeps_me_the_victim() {
    let sug = suggester_with_model().suggest(&chat(
        girl(16),
        &[
            (
                "v",
                "ik moet van mn zus haar vriend elke week pakketjes met spul naar rotterdam brengen. ik ben 16",
            ),
            ("c", "Wat naar. Hoe oud is hij?"),
            ("v", "24"),
            ("c", "Wat gebeurt er als je het niet doet?"),
            ("v", "dan zegt hij dat mn zus klappen krijgt"),
        ],
    ));
    assert_eq!(code(&sug, "chatter").as_deref(), Some("victim"));
    assert_eq!(age(&sug), Some(16));
}

/// "ik moet elke vrijdag met een vriend van mn broer mee naar oudere mannen ... ik ben 15" and
/// the answer "20" to "Hoe oud is die vriend?" (am1-098 in other words): 15, the visitor's.
#[test]
fn i_must_go_with_a_friend_of_my_brother_keeps_me_the_victim() {
    let sug = suggester_with_model().suggest(&chat(
        girl(15),
        &[
            (
                "v",
                "ik moet elke vrijdag met een vriend van mn broer mee naar oudere mannen. die vriend krijgt het geld. ik ben 15",
            ),
            ("c", "Wat erg. Hoe oud is die vriend?"),
            ("v", "20"),
        ],
    ));
    assert_eq!(code(&sug, "chatter").as_deref(), Some("victim"));
    assert_eq!(age(&sug), Some(15));
}

/// A sex worker who says "ik bepaal alles zelf en hou mn eigen geld" (am2-091 in other
/// words): no exploitation, and no age from the intake.
#[test]
fn i_decide_everything_myself_and_keep_my_money_is_no_exploitation() {
    let sug = suggester_with_model().suggest(&chat(
        intake(23, "female"),
        &[
            (
                "v",
                "ik werk als escort en mn vriend rijdt me soms. mn zus denkt dat hij me uitbuit maar ik bepaal alles zelf en hou mn geld",
            ),
            ("c", "Dank je dat je het vertelt. Waar kan ik je mee helpen?"),
            ("v", "hoe leg ik haar uit dat het echt mn eigen ding is"),
        ],
    ));
    assert_ne!(code(&sug, "status").as_deref(), Some("included"));
    assert_eq!(age(&sug), None);
}

/// "mn huisbaas laat me minder huur betalen als ik met hem naar bed ga" and "nee alleen met
/// hem. maar ik schaam me" to "Moet je ook met andere mensen iets doen?" (am1-064): sexual
/// violence, no exploitation, no age.
#[test]
fn only_with_him_to_a_question_about_others_is_no_exploitation() {
    let sug = suggester_with_model().suggest(&chat(
        intake(20, "female"),
        &[
            (
                "v",
                "mn huisbaas laat me minder huur betalen als ik met hem naar bed ga",
            ),
            (
                "c",
                "Wat vervelend. Moet je ook met andere mensen iets doen, of brengt hij je naar anderen?",
            ),
            ("v", "nee alleen met hem. maar ik schaam me er heel erg voor"),
        ],
    ));
    assert_ne!(code(&sug, "status").as_deref(), Some("included"));
    assert_eq!(age(&sug), None);
}

/// A mother who says of her son of 17 that nobody forced him and he is not threatened
/// (y1-037 in other words): no exploitation, and the son's age is not coded either.
#[test]
fn a_parent_who_says_nobody_forced_him_gets_no_age() {
    let sug = suggester().suggest(&chat(
        intake(47, "female"),
        &[
            (
                "v",
                "Mijn zoon van 17 heeft zijn bankpas aan een jongen uit de buurt gegeven en er is geld op gestort.",
            ),
            ("c", "Weet u of hij daartoe gedwongen is?"),
            (
                "v",
                "Hij zegt dat hij er 200 euro voor kreeg. Niemand heeft hem gedwongen en hij wordt niet bedreigd.",
            ),
        ],
    ));
    assert_ne!(code(&sug, "status").as_deref(), Some("included"));
    assert_eq!(age(&sug), None);
}

/// The guard for the possessive: "Ik vond een advertentie van mijn dochter op een sekssite"
/// stays the mother's chat about her daughter of 15 ("van" without a must).
#[test]
fn an_advert_of_my_daughter_stays_the_mothers_chat() {
    let sug = suggester().suggest(&chat(
        intake(41, "female"),
        &[(
            "v",
            "Ik vond een advertentie van mijn dochter op een sekssite. Ze is 15. De broer van haar vriendin regelt de afspraken.",
        )],
    ));
    assert_eq!(code(&sug, "chatter").as_deref(), Some("family"));
    assert_eq!(age(&sug), Some(15));
}

/// The guard for "alleen hij": "Doet hij dit alleen of met anderen?" asks who else does
/// it; "nee alleen hij" leaves the exploitation as it is (h1-084).
#[test]
fn only_he_to_a_question_about_accomplices_keeps_the_exploitation() {
    let sug = suggester().suggest(&chat(
        boy(16),
        &[
            (
                "v",
                "een jongen uit mn klas regelt afspraken met mannen voor mij en hij houdt het geld",
            ),
            (
                "c",
                "Dat is niet jouw schuld. Doet hij dit alleen of met anderen?",
            ),
            ("v", "nee alleen hij"),
        ],
    ));
    assert_eq!(code(&sug, "status").as_deref(), Some("included"));
    assert_eq!(age(&sug), Some(16));
}
