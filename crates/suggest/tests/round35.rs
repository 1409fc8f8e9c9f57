//! The family of round thirty-five (made after round 34's score on test-ah): two more
//! corrections of the age ("wacht nee 17 ik word ...", "14 eigenlijk 13"), a relative named
//! before what the visitor must do is not whom the chat is about, "nee" to "Wat heb je
//! geantwoord?" refuses, and "Nee, ze willen alleen geld" to whether they want him to do
//! something for them is money trouble. Each first test fails on round 34's rules; the
//! others are guards.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "ik ben 18" "wacht nee 17 ik word volgende maand 18" (ah1-047): 17.
#[test]
fn wacht_nee_17_ik_word_corrects_the_age() {
    let s = suggester();
    let c = chat(
        intake_gender_only("female"),
        &[
            ("v", "ik ben 18"),
            ("v", "wacht nee 17 ik word volgende maand 18"),
            ("c", "Geen probleem. Wat is er gebeurd?"),
            (
                "v",
                "er is een vrouw die klanten voor mij regelt en nu zegt ze dat ik haar nog 1500 schuldig ben en dat ik moet blijven werken",
            ),
        ],
    );
    assert_eq!(corrected_age(&s, &c), Some(17));
}

/// "hoi ik ben 14 eigenlijk 13 maar bijna 14" (ah2-019): 13.
#[test]
fn eigenlijk_right_before_a_number_corrects_the_age() {
    let s = suggester();
    let c = chat(
        girl(14),
        &[
            ("v", "hoi ik ben 14 eigenlijk 13 maar bijna 14"),
            (
                "v",
                "een meisje van 16 neemt mij mee naar feestjes en daar moet ik met oudere mannen naar een kamer en die geven haar geld",
            ),
        ],
    );
    assert_eq!(corrected_age(&s, &c), Some(13));
}

/// "ik ben 15" "mn broer is 19 en zn vrienden komen bij ons en dan moet ik met ze mee naar
/// zn kamer. ze betalen hem" (ah2-037): the visitor is the victim, 15, not her brother.
#[test]
fn a_brother_named_before_what_the_visitor_must_is_not_the_victim() {
    let sug = suggester_with_model().suggest(&chat(
        intake_gender_only("female"),
        &[
            ("v", "ik ben 15"),
            (
                "v",
                "mn broer is 19 en zn vrienden komen bij ons en dan moet ik met ze mee naar zn kamer. ze betalen hem",
            ),
            ("c", "Wat gebeurt er als je niet wil?"),
            (
                "v",
                "dan duwt hij me tegen de muur en zegt dat ik moet dimmen",
            ),
        ],
    ));
    assert_ne!(age(&sug), Some(19));
    assert_ne!(code(&sug, "chatter").as_deref(), Some("family"));
}

/// The guard: a mother about her daughter, "mn dochter is 15 en ze moet met mannen mee",
/// stays the family's chat.
#[test]
fn a_daughter_who_must_stays_the_familys_chat() {
    let sug = suggester().suggest(&chat(
        intake(44, "female"),
        &[(
            "v",
            "mijn dochter is 15 en haar vriend laat haar met mannen mee gaan voor geld",
        )],
    ));
    assert_eq!(code(&sug, "chatter").as_deref(), Some("family"));
    assert_eq!(age(&sug), Some(15));
}

/// "Wat heb je geantwoord?" "nee. ik ga dat echt nie doen en hij heeft het ook geaccepteerd"
/// (ah1-045): a request she turned down, no status, no age.
#[test]
fn nee_to_what_you_answered_refuses() {
    let sug = suggester().suggest(&chat(
        intake(20, "female"),
        &[
            (
                "v",
                "mijn vriend wil dat ik voor hem ga werken achter het raam. hij heeft het al een paar keer gevraagd",
            ),
            ("c", "Wat heb je geantwoord?"),
            (
                "v",
                "nee. ik ga dat echt nie doen en hij heeft het ook geaccepteerd. ik wil alleen weten of dat normaal is dat hij het vraagt",
            ),
        ],
    ));
    assert_eq!(code(&sug, "status"), None);
    assert_eq!(age(&sug), None);
}

/// "Vragen ze hem om iets voor hen te doen, zoals drugs vervoeren?" "Nee, ze willen alleen
/// geld." of a son's debt to a dealer (ah2-066): money trouble, excluded.
#[test]
fn nee_they_only_want_money_is_money_trouble() {
    let sug = suggester().suggest(&chat(
        intake(50, "female"),
        &[
            (
                "v",
                "Mijn zoon van 19 heeft een schuld bij een dealer omdat hij zelf gebruikt.",
            ),
            ("v", "Ze dreigen hem als hij niet betaalt."),
            (
                "c",
                "Wat een zorg. Vragen ze hem om iets voor hen te doen, zoals drugs vervoeren?",
            ),
            ("v", "Nee, ze willen alleen geld."),
        ],
    ));
    assert_eq!(code(&sug, "status").as_deref(), Some("excluded"));
    assert_eq!(
        code(&sug, "exclusion_reason").as_deref(),
        Some("financial_or_extortion")
    );
}
