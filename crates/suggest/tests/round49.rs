//! The family of round forty-nine (made after round 48's score on test-ax): more ways to say
//! how old the other is ("mn trainer van 34", "een man die 30 is", "hij is volgens haar 26",
//! "een jongen leren kennen van 23", "Weet je hoe oud die persoon is?"), and the life stages
//! at the time: "toen ik 15 was had ik een vriend van 25" is an age gap for a woman of 21. The
//! first four tests fail on round 48's rules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

fn age_gap(sug: &zicht_suggest::Suggestions) -> bool {
    items(sug, "coercion").iter().any(|c| c == "age_gap")
}

/// "mn trainer van 34 neemt me mee naar mannen" (at2-087 in other words).
#[test]
fn my_trainer_of_34() {
    let sug = suggester_with_model().suggest(&chat(
        boy(16),
        &[
            (
                "v",
                "ik ben een jongen van 16. mn trainer van 34 neemt me mee naar mannen die betalen voor seks met mij",
            ),
            ("c", "Wat naar dat je dit meemaakt. Hoe lang gaat dit al?"),
            ("v", "een paar maanden"),
        ],
    ));
    assert!(age_gap(&sug));
}

/// A woman of 21 who was 15 beside a boyfriend who was 25 then (aw2-018 in other words).
#[test]
fn a_minor_then_beside_a_man_of_25() {
    let sug = suggester_with_model().suggest(&chat(
        girl(21),
        &[
            (
                "v",
                "van mn 15e tot mn 17e moest ik voor mn toenmalige vriend met mannen afspreken. hij was toen 25",
            ),
            ("c", "Wat heftig. Hoe is het nu?"),
            ("v", "het is voorbij, ik woon nu ergens anders"),
        ],
    ));
    assert!(age_gap(&sug));
}

/// "een man die 30 is" beside a girl of 16 (as1-047 in other words).
#[test]
fn a_man_who_is_30() {
    let sug = suggester_with_model().suggest(&chat(
        girl(16),
        &[
            (
                "v",
                "ik ga elk weekend weg met een man die 31 is en ik moet met zn vrienden afspreken voor geld",
            ),
            ("c", "Wat naar. Hoe lang gaat dit al?"),
            ("v", "sinds de zomer"),
        ],
    ));
    assert!(age_gap(&sug));
}

/// "Weet je hoe oud die persoon is?" "26" to a sister about her brother of 16 (at1-036 in
/// other words).
#[test]
fn the_answer_about_that_persons_age() {
    let sug = suggester_with_model().suggest(&chat(
        intake(20, "female"),
        &[
            (
                "v",
                "mn broertje is 16 en hij moet drugs verkopen voor iemand, hij mag nie stoppen van die gast",
            ),
            ("c", "Wat vervelend. Weet je hoe oud die persoon is?"),
            ("v", "27"),
        ],
    ));
    assert_eq!(age(&sug), Some(16));
    assert!(age_gap(&sug));
}

/// Guard: "mn moeder weet het, die is 48" is no elder who makes a gap (ah2-007).
#[test]
fn a_mother_who_knows_is_no_elder() {
    let sug = suggester_with_model().suggest(&chat(
        girl(19),
        &[
            (
                "v",
                "ik heb mn bankpas uitgeleend aan een jongen die ik van school ken en nu moet ik van hem blijven helpen",
            ),
            ("v", "mn moeder weet het, die is 48 en heel boos op me"),
        ],
    ));
    assert!(!age_gap(&sug));
}

/// Guard: "hij is denk ik 30" is hedged (aw1-095), and no gap for a woman of 18.
#[test]
fn a_hedged_age_makes_no_gap() {
    let sug = suggester_with_model().suggest(&chat(
        girl(18),
        &[
            (
                "v",
                "ik woon in een flat met andere vrouwen die voor dezelfde man werken en ik moet met mannen afspreken",
            ),
            ("v", "hij is denk ik 30 maar hij liegt over alles"),
        ],
    ));
    assert!(!age_gap(&sug));
}

/// Guard: "sinds mn 16e" in one message and "mn vriend is 26" in another is his age now beside
/// hers now, 18: no gap (ag1-026).
#[test]
fn an_age_then_in_another_message_is_not_weighed() {
    let sug = suggester_with_model().suggest(&chat(
        girl(18),
        &[
            (
                "v",
                "mn vriend is 26 en hij zet advertenties van mij op een site. de mannen betalen hem",
            ),
            ("c", "Hoe lang gaat dit al?"),
            ("v", "sinds mn 16e"),
        ],
    ));
    assert!(!age_gap(&sug));
}
