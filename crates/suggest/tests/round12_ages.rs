//! The age families of round twelve: years of something ("9 jaar in nederland") are no age;
//! a visitor's text age years apart from her intake leaves the age open; a chat where
//! nothing happened ("er is verder niets gebeurd") carries no age, whoever chats.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "ik ben 9 jaar in nederland", "al 5 jaar hier": years in a country or a place, not an age.
#[test]
fn years_in_a_place_are_no_age() {
    let s = suggester();
    for first in [
        "hallo ik ben 9 jaar in nederland. ik wil iets vragen",
        "hoi ik ben al 6 jaar hier en ik werk in een kas",
    ] {
        let c = chat(
            intake(34, "male"),
            &[
                ("v", first),
                ("c", "Hallo, welkom. Vraag maar."),
                (
                    "v",
                    "ik werk schoonmaak in de nacht. de baas betaal mij 3 euro per uur. ik moet nog 2000 euro terug betalen voor de papieren die hij regelde",
                ),
            ],
        );
        let a = age(&s.suggest(&c));
        assert!(a.is_none() || a == Some(34), "{first}: {a:?}");
    }
}

/// A mother of "een meisje van 17" whose daughter refused and "er is verder niets gebeurd":
/// a chat about something that did not happen carries no age.
#[test]
fn nothing_happened_carries_no_age() {
    let s = suggester();
    let c = chat(
        intake(45, "female"),
        &[
            ("v", "Goedenavond, ik ben de moeder van een meisje van 17."),
            ("c", "Goedenavond. Waar gaat het om?"),
            (
                "v",
                "Haar vriend vroeg haar een bankrekening te openen en haar pas aan hem te geven. Ze heeft geweigerd. Er is verder niets gebeurd.",
            ),
        ],
    );
    assert_eq!(age(&s.suggest(&c)), None);
}

/// "ik ben 12" beside an intake of 17: years apart, so neither is given.
#[test]
fn a_text_age_years_from_the_intake_leaves_the_age_open() {
    let s = suggester();
    let c = chat(
        girl(17),
        &[
            (
                "v",
                "ik ben 12 en mn vriend laat me met zn vrienden naar bed gaan voor geld",
            ),
            ("c", "Wat naar. Hoe lang gaat dit al?"),
            ("v", "sinds de zomer"),
        ],
    );
    assert_eq!(age(&s.suggest(&c)), None);
}

/// "ik ben escort, zelfstandig ... niemand die iets regelt of geld pakt", and a bare "moet"
/// ("waar ik me moet inschrijven"): self-chosen work of an adult, excluded, no age.
#[test]
fn a_self_employed_escort_is_excluded_without_an_age() {
    let s = suggester();
    let c = chat(
        girl(19),
        &[
            (
                "v",
                "hey ik werk als escort, helemaal zelfstandig. vraagje over de belasting",
            ),
            ("c", "Hoi, welkom. Werk je voor jezelf?"),
            (
                "v",
                "ja helemaal zelf, niemand die iets regelt of geld pakt. ik wil weten waar ik me moet inschrijven",
            ),
        ],
    );
    let out = s.suggest(&c);
    assert_eq!(code(&out, "status").as_deref(), Some("excluded"));
    assert_eq!(age(&out), None);
}
