//! The family of round forty-seven (made after round 46's score on test-au): where the
//! learned layer doubts the rules' reading, the rules' own conclusion does not stand alone.
//! The model all but rules out an included chat (probability below 0.15): its veto holds
//! against the rules' form of exploitation too, which used to put the status back. The rules
//! read a third party while the model finds the visitor quite possibly the victim
//! (probability 0.3 or more): the relative's age is not given. The first four tests fail on
//! round 46's rules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "mn zus is 19 en laat mannen bij ons thuis komen ... dan moet ik met ze", then "13" to
/// "Hoe oud ben jij?" (ar1-083 in other words): the sister's age is not the victim's.
#[test]
fn my_sisters_age_when_i_am_the_one_who_must() {
    let sug = suggester_with_model().suggest(&chat(
        girl(13),
        &[
            ("v", "hoi"),
            ("c", "Hoi, fijn dat je er bent. Waar wil je over praten?"),
            (
                "v",
                "mn zus is 18 en laat mannen bij ons thuis komen. die geven haar geld en dan moet ik met ze. mn zus is er altijd bij",
            ),
            ("c", "Wat erg dat je dit meemaakt. Hoe oud ben jij?"),
            ("v", "13"),
            ("c", "Gebeurt het nog steeds?"),
            ("v", "ja"),
            ("c", "Heb je dit aan iemand verteld?"),
            ("v", "nee nog nooit"),
            ("c", "Ben je nu veilig?"),
            ("v", "ja ze is nie thuis"),
        ],
    ));
    assert_ne!(age(&sug), Some(18));
}

/// "ik moet voor een paar gasten spullen bewaren ... mn broertje van 10 slaapt naast mn
/// kamer" (au1-050 in other words): never the little brother's 10.
#[test]
fn my_little_brother_next_door_is_not_the_victim() {
    let sug = suggester_with_model().suggest(&chat(
        boy(17),
        &[
            (
                "v",
                "ik moet voor een paar gasten spullen bewaren in mn kamer. eerst was het alleen wiet maar nu ook een wapen",
            ),
            ("v", "mn broertje van 9 slaapt naast mn kamer en ik ben bang"),
            ("c", "Dat klinkt heel beangstigend. Wie zijn die jongens?"),
            ("v", "jongens die ik van de voetbal ken"),
            ("c", "Wat gebeurt er als je weigert?"),
            ("v", "dan zeggen ze dat ze ons huis in de fik steken"),
            ("c", "Heb je het aan iemand verteld?"),
            ("v", "nee aan niemand"),
            ("c", "Ben je nu veilig?"),
            ("v", "ja maar ik slaap slecht"),
        ],
    ));
    assert_ne!(age(&sug), Some(9));
}

/// "mag ik vragen of het normaal is dat mn vriend van 17 wil dat ik zn bankpas bewaar ...
/// verder vraagt hij niks" (ak1-052 in other words): nothing to code, and no intake age.
#[test]
fn keeping_a_boyfriends_card_once_is_not_a_chat_about_exploitation() {
    let sug = suggester_with_model().suggest(&chat(
        girl(16),
        &[
            (
                "v",
                "hoi mag ik ff vragen of het normaal is dat mijn vriend van 17 wil dat ik zn bankpas bewaar",
            ),
            ("c", "Hoi. Heeft hij gezegd waarom?"),
            (
                "v",
                "nee hij zegt alleen dat ik het nie aan zn moeder mag geven lol. verder vraagt hij niks",
            ),
            ("c", "Als je je er niet goed bij voelt mag je nee zeggen."),
            ("v", "nee dat was het"),
        ],
    ));
    assert_ne!(code(&sug, "status").as_deref(), Some("included"));
    assert_eq!(code(&sug, "exploitation"), None);
    assert_eq!(age(&sug), None);
}

/// "ik heb schuld bij een dealer ... nee alleen dat ik betaal" (ar1-045 in other words): a debt,
/// not exploitation, and no age.
#[test]
fn a_debt_to_a_dealer_who_wants_only_money() {
    let sug = suggester_with_model().suggest(&chat(
        boy(19),
        &[
            ("v", "ik heb schuld bij een dealer en hij wil zn geld"),
            (
                "c",
                "Wil hij ook dat je iets voor hem doet, zoals drugs vervoeren of verkopen?",
            ),
            (
                "v",
                "nee alleen dat ik betaal. 300 euro. anders zegt ie dat ie me komt halen",
            ),
            ("c", "Dat is afpersing. Je kunt daar aangifte van doen."),
            ("v", "ok"),
        ],
    ));
    assert_ne!(code(&sug, "status").as_deref(), Some("included"));
    assert_eq!(age(&sug), None);
}

/// Guard: a mother about her daughter keeps the daughter's age.
#[test]
fn a_mother_about_her_daughter_keeps_the_daughters_age() {
    let sug = suggester_with_model().suggest(&chat(
        intake(44, "female"),
        &[
            (
                "v",
                "mijn dochter van 15 moet van haar vriend met mannen mee voor geld",
            ),
            ("c", "Wat naar om te horen. Hoe lang gaat dit al?"),
            ("v", "een paar maanden denk ik"),
        ],
    ));
    assert_eq!(code(&sug, "chatter").as_deref(), Some("family"));
    assert_eq!(age(&sug), Some(15));
}

/// Guard: a boy who must sell for a dealer keeps his status and intake age.
#[test]
fn a_boy_who_must_deal_keeps_status_and_age() {
    let sug = suggester_with_model().suggest(&chat(
        boy(16),
        &[
            (
                "v",
                "ik moet voor een paar gasten drugs verkopen en als ik stop slaan ze me",
            ),
            ("c", "Wat naar. Hoe lang gaat dit al?"),
            ("v", "een half jaar"),
        ],
    ));
    assert_eq!(code(&sug, "status").as_deref(), Some("included"));
    assert_eq!(age(&sug), Some(16));
}
