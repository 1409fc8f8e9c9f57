//! The family of round fifty-three (made after round 52's score on test-bg): two ages that
//! were not the victim's. A teller with an age who passes on another's story ("mijn zusje van
//! 12 vertelde dat een meisje van haar school, 14, ... moet meenemen"): the one who must is the
//! victim. And the one who runs the place, said to be a woman ("de eigenaar is een vrouw van
//! 50"), is not. Each positive test fails on round 52's rules; the guards beside them pass on
//! both.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use zicht_conversations::Intake;

fn no_intake() -> Intake {
    Intake {
        age: None,
        gender: None,
    }
}

/// A teacher's pupil tells about her friend who must (x2-013 and at2-009 in other words): the
/// friend's age, not the pupil's.
#[test]
fn the_one_a_pupil_tells_about_has_the_age() {
    let sug = suggester().suggest(&chat(
        no_intake(),
        &[
            (
                "v",
                "Goedemiddag, ik ben mentor. Een leerling van 13 vertelde mij dat haar nicht van 16 voor een man met andere mannen moet afspreken voor geld.",
            ),
            ("c", "Wat goed dat u contact opneemt. Weet u hoe lang dit al speelt?"),
            ("v", "Sinds de zomer, zegt ze."),
        ],
    ));
    assert_eq!(age(&sug), Some(16));
}

/// A little sister tells about a girl from school, her age between commas (be2-059 in other
/// words).
#[test]
fn an_age_between_commas_after_the_teller_is_the_victims() {
    let sug = suggester().suggest(&chat(
        no_intake(),
        &[
            (
                "v",
                "mn broertje van 11 zei dat een jongen van zn klas, 13, voor een gast uit de wijk pakketjes moet rondbrengen",
            ),
            ("c", "Heeft je broertje zelf ook iets moeten doen?"),
            ("v", "nee hij niet"),
        ],
    ));
    assert_eq!(age(&sug), Some(13));
}

/// Guard: the second person does it to the teller ("haar vriend van 25 haar laat werken"): the
/// teller is the victim, as before.
#[test]
fn a_teller_whose_friend_makes_her_work_keeps_her_age() {
    let sug = suggester().suggest(&chat(
        no_intake(),
        &[
            (
                "v",
                "Goedemiddag, ik ben mentor op een middelbare school. Een leerling van 16 vertelde mij vandaag dat haar vriend van 25 haar laat werken als escort en dat ze dat moet.",
            ),
            ("c", "Wat naar om te horen. Is ze nu veilig?"),
            ("v", "Ik weet het niet."),
        ],
    ));
    assert_eq!(age(&sug), Some(16));
}

/// The owner said to be a woman of 52 (bg2-040 in other words) is not the victim (with the
/// learned layer, whose chatter takes the third party's age the rules keep aside).
#[test]
fn the_owner_said_to_be_a_woman_is_not_the_victim() {
    let sug = suggester_with_model().suggest(&chat(
        girl(22),
        &[
            (
                "v",
                "mijn vriendin van 21 werkt in een thaise massagesalon en moet daar ook seks hebben met klanten. de eigenaar is een vrouw van 52",
            ),
            ("c", "Wil je vriendin dat zelf?"),
            ("v", "nee ze slaapt daar ook en ze zegt dat ze anders op straat staat"),
        ],
    ));
    assert_ne!(age(&sug), Some(52));
}

/// Guard: a client who is a woman of 30 keeps her age ("mijn cliënt is een vrouw van 30").
#[test]
fn a_client_said_to_be_a_woman_keeps_her_age() {
    let sug = suggester().suggest(&chat(
        no_intake(),
        &[
            (
                "v",
                "Ik ben maatschappelijk werker. Mijn cliënt is een vrouw van 30 en ze moet van haar man met andere mannen slapen voor geld.",
            ),
            ("c", "Hoe lang gaat dit al?"),
            ("v", "Ruim een jaar."),
        ],
    ));
    assert_eq!(age(&sug), Some(30));
}
