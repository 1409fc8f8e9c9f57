//! The family of round fifty-six (made after a counsellor's walk, walk46 M6): a threat to
//! put images on a platform ("dreigt ze op insta te zetten"), to show them to everyone ("laat
//! hij ze aan iedereen zien") or to let everyone see them ("iedereen krijgt ze te zien") is
//! the sextortion means; and images held over a girl who is sent to others for money are no
//! reason to exclude her chat as sextortion alone. Each positive test fails on round 55's
//! rules; the guards pass on both.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// The opening of the walk's chat: a boy from snap, meetings with his friends for money.
const OPENING: &[(&str, &str)] = &[
    ("v", "hoi ik weet nie of dit hier hoort"),
    ("c", "Fijn dat je er bent. Vertel maar."),
    ("v", "er is een jongen van 19 die ik ken van snap"),
    (
        "v",
        "eerst was hij echt lief en kocht hij dingen voor me maar nu moet ik steeds met zijn vrienden afspreken en die geven hem dan geld",
    ),
];

fn with_opening(rest: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    OPENING.iter().chain(rest).copied().collect()
}

fn sextortion(lines: &[(&str, &str)]) -> bool {
    [suggester(), suggester_with_model()].iter().all(|s| {
        items(&s.suggest(&chat(girl(14), lines)), "coercion").contains(&"sextortion".to_string())
    })
}

#[test]
fn a_threat_to_put_images_on_a_platform_is_sextortion() {
    assert!(sextortion(&with_opening(&[
        ("v", "hij heeft naaktfotos van me"),
        ("v", "hij dreigt ze op insta te zetten als ik nie meer kom"),
    ])));
}

#[test]
fn a_threat_to_show_images_to_everyone_is_sextortion() {
    assert!(sextortion(&with_opening(&[
        ("v", "hij heeft fotos van me gemaakt"),
        ("v", "als ik stop laat hij ze aan iedereen zien"),
    ])));
}

#[test]
fn a_threat_that_everyone_gets_to_see_them_is_sextortion() {
    assert!(sextortion(&with_opening(&[
        ("v", "hij heeft filmpjes van me"),
        (
            "v",
            "hij zegt dat iedereen ze te zien krijgt als ik nie luister",
        ),
    ])));
}

/// A girl made to meet a man's friend for money, with photos held over her (ak1-008 in other
/// words): not excluded as sextortion alone, and what the rules read of the man stays.
#[test]
fn images_held_over_a_girl_sent_to_others_for_money_are_no_exclusion() {
    let lines = [
        ("v", "ik ben 14"),
        ("c", "Hoi, fijn dat je er bent. Wat wil je vertellen?"),
        (
            "v",
            "er is een jongen van 20 op insta en nu wil hij dat ik met zn neef afspreek voor geld",
        ),
        ("c", "Heb je al met die neef afgesproken?"),
        ("v", "nee nog nie"),
        (
            "v",
            "hij zegt dat als ik nie ga hij de foto's die ik heb gestuurd naar al mn vrienden stuurt",
        ),
    ];
    for s in [suggester(), suggester_with_model()] {
        let sug = s.suggest(&chat(girl(14), &lines));
        assert_ne!(code(&sug, "status").as_deref(), Some("excluded"));
    }
}

/// Guard: images sent round a class for a laugh, nothing asked, no money: still excluded as
/// other sexual violence (as before).
#[test]
fn images_spread_for_a_laugh_stay_other_sexual_violence() {
    let lines = [
        (
            "v",
            "jongens uit mn klas hebben een filmpje van mij naar iedereen gestuurd in een groepsapp",
        ),
        ("c", "Wat vreselijk. Hebben ze er iets voor gevraagd?"),
        ("v", "nee ze vonden het gwn grappig"),
    ];
    let sug = suggester().suggest(&chat(girl(16), &lines));
    assert_eq!(code(&sug, "status").as_deref(), Some("excluded"));
    assert_eq!(
        code(&sug, "exclusion_reason").as_deref(),
        Some("other_sexual_violence")
    );
}

/// Guard: a demand for money with a photo ("ze wil 200 euro anders stuurt ze de foto naar mn
/// ouders") stays sextortion alone: a payment is no sign of being sent to others.
#[test]
fn a_demand_for_money_with_a_photo_stays_sextortion_only() {
    let lines = [
        (
            "v",
            "ik heb een foto gestuurd naar een meisje op insta en nu wil ze 200 euro anders stuurt ze de foto naar mn ouders",
        ),
        ("c", "Wat naar. Heb je al iets betaald?"),
        ("v", "nee"),
    ];
    let sug = suggester().suggest(&chat(boy(16), &lines));
    assert_eq!(
        code(&sug, "exclusion_reason").as_deref(),
        Some("sextortion_only")
    );
}
