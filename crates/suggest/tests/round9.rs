//! The rule families of round nine: an age is suggested only on strong evidence, not for
//! something that has not happened yet (the gates on the fallback chatter and on the
//! model's chatter and status are unit tests of `derive` in `src/lib.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// What the chat is about has not happened yet ("Ben je al gegaan?" "nee", "er is nog
/// niks gebeurd"): a chat about a threat or a demand carries no age, no time since and no
/// word on acute danger. When it has happened, the intake's age is the victim's.
#[test]
fn nothing_happened_yet_gives_no_age() {
    let s = suggester();
    let not_yet = [
        vec![
            (
                "v",
                "mn vriendje wil dat ik met zijn vrienden naar bed ga voor geld",
            ),
            ("c", "Wat naar. Ben je al gegaan?"),
            ("v", "nee"),
        ],
        vec![
            (
                "v",
                "hij zegt dat ik voor hem drugs moet verkopen op het plein",
            ),
            ("c", "Heb je het al gedaan?"),
            ("v", "nog niet"),
        ],
        vec![(
            "v",
            "mn vriendje wil dat ik met zijn vrienden naar bed ga voor geld maar er is nog niks gebeurd",
        )],
    ];
    for lines in &not_yet {
        let out = s.suggest(&chat(girl(16), lines));
        assert_eq!(age(&out), None, "{lines:?}");
        assert_eq!(code(&out, "time_since"), None, "{lines:?}");
        assert_eq!(code(&out, "acutely_unsafe"), None, "{lines:?}");
    }
    let done = chat(
        girl(16),
        &[
            (
                "v",
                "mn vriendje wil dat ik met zijn vrienden naar bed ga voor geld",
            ),
            ("c", "Ben je al gegaan?"),
            ("v", "ja 2 keer"),
        ],
    );
    assert_eq!(age(&s.suggest(&done)), Some(16));
    // A question about help is not a question whether it happened.
    let help = chat(
        girl(16),
        &[
            ("v", "mn vriendje laat me met mannen mee gaan voor geld"),
            ("c", "Ben je al naar de politie gegaan?"),
            ("v", "nee"),
        ],
    );
    assert_eq!(age(&s.suggest(&help)), Some(16));
}

/// A decimal comma ("2,5 jaar", "1,5 jaar") is one amount of time, not two clauses: the
/// duration is read from the whole number.
#[test]
fn a_decimal_comma_is_one_amount_of_time() {
    let s = suggester();
    for (text, want) in [
        (
            "mn vriend laat me al 1,5 jaar met mannen mee gaan voor geld",
            "y1_2",
        ),
        (
            "hij laat me al 2,5 jaar voor hem drugs verkopen en pakt al het geld",
            "y2_5",
        ),
    ] {
        let out = s.suggest(&chat(girl(17), &[("v", text)]));
        assert_eq!(code(&out, "duration").as_deref(), Some(want), "{text}");
    }
}

/// A boyfriend met online or at a party is the partner, not an online or offline
/// acquaintance: where they met is `met`, the relation is the perpetrator.
#[test]
fn a_boyfriend_met_online_is_the_partner() {
    let s = suggester();
    let text = "ik weet nie of dit hier hoort maar mn vriendje.. we kennen elkaar van snap, hij is 20. sinds kort moet ik van hem mee naar een huis van zn vrienden en daar komen dan mannen voor seks";
    let out = s.suggest(&chat(girl(16), &[("v", text)]));
    assert_eq!(
        code(&out, "perpetrator").as_deref(),
        Some("partner"),
        "{text}"
    );
    assert_eq!(code(&out, "met").as_deref(), Some("online"), "{text}");
    let out = s.suggest(&chat(
        girl(16),
        &[
            (
                "v",
                "mn vriend zegt dat ik met zn maten moet chillen en dan moet ik dingen met ze doen en zij betalen hem",
            ),
            ("c", "Hoe hebben jullie elkaar leren kennen?"),
            ("v", "via insta, hij stuurde mij eerst"),
        ],
    ));
    assert_eq!(code(&out, "perpetrator").as_deref(), Some("partner"));
    // Someone new met at a party is the acquaintance, whatever is said of an ex.
    let out = s.suggest(&chat(
        girl(16),
        &[
            ("v", "ik heb een gast ontmoet op een feestje, hij is 24"),
            (
                "v",
                "hij zegt dat ik mannen in hotels moet bezoeken en hij krijgt het geld",
            ),
            (
                "v",
                "mijn ex heeft me vroeger ook geslagen maar daar gaat het nu niet om",
            ),
        ],
    ));
    assert_eq!(code(&out, "perpetrator").as_deref(), Some("social"));
}

/// A threat whose content is another means (leaving the house, images, money) is that
/// means, not a threat of harm in words; a threat that names harm stays verbal violence.
#[test]
fn a_threat_of_another_means_is_not_verbal_violence() {
    let s = suggester();
    for text in [
        "ik moet voor hem dealen en als ik klaag zegt hij dat ik mn spullen kan pakken en vertrekken",
        "ik moet voor hem werken zonder loon en als ik stop zegt hij dat ik hem alles moet terugbetalen",
    ] {
        let out = s.suggest(&chat(boy(17), &[("v", text)]));
        assert!(
            !items(&out, "violence").iter().any(|i| i == "verbal"),
            "{text}: {:?}",
            items(&out, "violence")
        );
    }
    let out = s.suggest(&chat(
        boy(17),
        &[(
            "v",
            "ik moet voor hem dealen en als ik stop zegt hij dat hij me pijn doet en dat ik mn spullen kan pakken",
        )],
    ));
    assert!(items(&out, "violence").iter().any(|i| i == "verbal"));
}

/// Sex acts in other words: being lent out to his friends, camshows or going live for
/// money.
#[test]
fn sex_for_someone_else_in_other_words() {
    let s = suggester();
    for text in [
        "mn vriendje heeft me een paar keer aan zn maten uitgeleend en zij betalen hem",
        "ik moet elke avond camshows doen en mn vriend pakt het geld",
        "elke avond moet ik live gaan op een site voor vreemden en hij houdt het geld",
    ] {
        let out = s.suggest(&chat(girl(17), &[("v", text)]));
        assert_eq!(
            code(&out, "exploitation").as_deref(),
            Some("sexual"),
            "{text}"
        );
    }
}

/// "een paar weken" and "een jaar of twee" are too vague for a duration (as "een paar
/// maanden" is); "een maand of zes" and "8 maanden" are not.
#[test]
fn vague_amounts_of_time_give_no_duration() {
    let s = suggester();
    for text in [
        "sinds een paar weken moet ik voor mn vriend met mannen mee voor geld",
        "al een jaar of twee moet ik voor hem drugs verkopen",
    ] {
        let out = s.suggest(&chat(girl(17), &[("v", text)]));
        assert_eq!(code(&out, "duration"), None, "{text}");
    }
    let out = s.suggest(&chat(
        girl(17),
        &[(
            "v",
            "al 8 maanden moet ik voor mn vriend met mannen mee voor geld",
        )],
    ));
    assert_eq!(code(&out, "duration").as_deref(), Some("m3_12"));
}
