//! The families of round fifteen: "Heb je al met iemand afgesproken?" "nee" is not happened
//! yet; "nee gezegd" to a request is a refusal; and when the learned layer overturns the
//! rules' reading of who chats, the age the rules bound by that reading goes with it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// An offer to meet older men for money that she has not answered: "Heb je al met iemand
/// afgesproken?" "nee nog niet" is not happened yet, so no age (the convention).
#[test]
fn not_yet_met_anyone_carries_no_age() {
    let s = suggester();
    let c = chat(
        girl(15),
        &[
            (
                "v",
                "een meisje uit mn klas zegt dat ik makkelijk geld kan verdienen door met oudere mannen af te spreken",
            ),
            (
                "c",
                "Goed dat je dit vertelt. Heb je al met iemand afgesproken?",
            ),
            ("v", "nee nog niet. ik heb niks teruggestuurd"),
        ],
    );
    assert_eq!(age(&s.suggest(&c)), None);
}

/// "nee gezegd" to "Wat heb je gezegd?" after a request to lend a bank card: refused, so no
/// exploitation and no age.
#[test]
fn said_no_to_lending_a_bank_card_is_no_exploitation() {
    let s = suggester();
    let c = chat(
        boy(16),
        &[
            (
                "v",
                "een gast van school vroeg of ik mn bankpas wil uitlenen voor 150 euro",
            ),
            ("c", "Goed dat je het vraagt. Wat heb je gezegd?"),
            ("v", "nee gezegd. vond het raar"),
        ],
    );
    let got = s.suggest(&c);
    assert_ne!(code(&got, "status").as_deref(), Some("included"));
    assert_eq!(age(&got), None);
}

/// Images, a demand to pay, and then "ik moet voor hem werken in een huis": not sextortion
/// alone, so the rules do not exclude the chat (a counsellor's walk of the console).
#[test]
fn work_she_must_do_is_no_sextortion_alone() {
    let s = suggester();
    let c = chat(
        girl(16),
        &[
            ("v", "ik heb fotos gestuurd naar iemand online"),
            ("v", "nu zegt hij dat hij ze doorstuurt als ik niet betaal"),
            ("v", "en ik moet voor hem werken in een huis"),
        ],
    );
    assert_ne!(code(&s.suggest(&c), "status").as_deref(), Some("excluded"));
}

/// ... while images and a demand to pay alone stay sextortion only.
#[test]
fn images_and_a_demand_to_pay_stay_sextortion_only() {
    let s = suggester();
    let c = chat(
        girl(16),
        &[
            ("v", "ik heb fotos gestuurd naar iemand online"),
            ("v", "nu zegt hij dat hij ze doorstuurt als ik niet betaal"),
        ],
    );
    assert_eq!(
        code(&s.suggest(&c), "exclusion_reason").as_deref(),
        Some("sextortion_only")
    );
}

/// A client tells of a visit ("ik ben 31 ... ik ben naar een vrouw gegaan via een
/// sekssite"): the rules read the visitor as the victim and his "ik ben 31" as her age; when
/// the learned layer overturns who chats, that age goes with the reading (n3-084). Round 19's
/// rules know "ik ben naar een vrouw gegaan" as a client's words, so the test says "naar een
/// huis", which the rules still read as the visitor's own story.
#[test]
fn an_age_bound_by_an_overturned_chatter_goes_with_it() {
    let s = suggester_with_model();
    let c = chat(
        intake_gender_only("male"),
        &[
            (
                "v",
                "ik weet niet hoe ik dit moet zeggen. ik ben 31 en ik heb iets gedaan",
            ),
            ("c", "Goed dat je het wil bespreken. Vertel maar."),
            (
                "v",
                "ik ben naar een huis gegaan via een sekssite. ze sprak geen nederlands en er was een man die het geld pakte en alles regelde. ze huilde. ik ben toch gebleven",
            ),
        ],
    );
    let rules = suggester().suggest(&c);
    assert_eq!(
        code(&rules, "chatter").as_deref(),
        Some("victim"),
        "the rules' reading"
    );
    let got = s.suggest(&c);
    assert_ne!(
        code(&got, "chatter").as_deref(),
        Some("victim"),
        "overturned"
    );
    assert_eq!(age(&got), None);
}
