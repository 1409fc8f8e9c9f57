//! The family of round thirty-two (made after round 31's score on test-ae): a correction at
//! the start of the visitor's next message corrects the age said just before, also with no
//! question between, and "eerlijk gezegd" owns up. Each first test fails on round 31's rules;
//! the other is a guard.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "mn ex heeft me ... laten afspreken ... ik ben 17" "nee sorry 16, ik word in maart 17"
/// (ae2-041): 16.
#[test]
fn nee_sorry_in_the_next_message_corrects_the_age() {
    let s = suggester();
    let c = chat(
        intake_gender_only("female"),
        &[
            (
                "v",
                "mn ex heeft me een half jaar lang met mannen laten afspreken en hij hield het geld, hij is 31. ik ben 17",
            ),
            ("v", "nee sorry 16, ik word in maart 17"),
        ],
    );
    assert_eq!(corrected_age(&s, &c), Some(16));
}

/// "ik ben 18" "oke eerlijk gezegd 17 maar ik zeg altijd 18" (ae2-047): 17. (With the shipped
/// model: the rules alone find no status in this chat, and so give no age at all.)
#[test]
fn eerlijk_gezegd_owns_up_to_the_age() {
    let s = suggester_with_model();
    let c = chat(
        intake_gender_only("female"),
        &[
            ("v", "ik ben 18"),
            ("v", "oke eerlijk gezegd 17 maar ik zeg altijd 18"),
            ("c", "Dat is helemaal goed. Wat wil je vertellen?"),
            (
                "v",
                "ik woon bij mn tante sinds mn moeder ziek is. zij laat vrienden van haar bij mij op de kamer komen en zij krijgt daar geld voor",
            ),
            ("v", "haar dochter van 14 moet het ook"),
            ("c", "Wat verschrikkelijk. Hoe lang gebeurt dit al?"),
            ("v", "een jaar"),
            ("c", "Wat zegt je tante als je nee zegt?"),
            ("v", "dat ik dan weg kan en op straat kan slapen"),
            ("c", "Ben je nu veilig?"),
            ("v", "nee"),
            (
                "v",
                "en mn moeder ligt in het ziekenhuis dus ik kan haar niks vertellen want dan wordt ze nog zieker en mn tante zegt ook dat als ik iets zeg mn moeder doodgaat van verdriet en dat het dan mijn schuld is",
            ),
            (
                "c",
                "Dat is een enorme last om te dragen. Het is niet jouw schuld.",
            ),
        ],
    );
    assert_eq!(corrected_age(&s, &c), Some(17));
}

/// The guard: "ik ben 17" and later, after a question about something else, "nee" with a
/// number of months is no correction of the age.
#[test]
fn a_later_nee_with_months_keeps_the_age() {
    let sug = suggester().suggest(&chat(
        intake_gender_only("female"),
        &[
            (
                "v",
                "mn vriend laat me met mannen afspreken voor geld. ik ben 17",
            ),
            ("c", "Gebeurt dit al lang?"),
            ("v", "nee 2 maanden"),
        ],
    ));
    assert_eq!(age(&sug), Some(17));
}
