//! The age families of round thirteen: a third party's age in a chat where the rules find
//! no exploitation is no victim's age by itself ("is mn vriend een loverboy? ... hij is 18");
//! "Heb jij ooit iets voor ze gedaan?" "nee" is not happened yet.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// A girl asks whether her boyfriend is a loverboy and tells a healthy relationship: his
/// "hij is 18" is not a victim's age.
#[test]
fn a_boyfriends_age_in_a_question_about_him_is_no_victims_age() {
    let s = suggester();
    let c = chat(
        girl(16),
        &[
            (
                "v",
                "is mn vriend een loverboy? hij geeft me heel veel cadeautjes",
            ),
            ("c", "Goede vraag. Vertel eens wat meer over hem?"),
            (
                "v",
                "hij is 19, zit bij mij op school. hij is lief en vraagt niks terug, ik mag gwn met mn vriendinnen afspreken",
            ),
            ("c", "Dat klinkt als een fijne relatie."),
            ("v", "ok thx"),
        ],
    );
    assert_eq!(age(&s.suggest(&c)), None);
}

/// "Heb jij ooit iets voor ze gedaan?" "nee niks": nothing happened, so no age.
#[test]
fn ever_done_anything_no_means_no_age() {
    let s = suggester();
    let c = chat(
        boy(17),
        &[
            (
                "v",
                "er is een groepje ouderejaars dat vroeg of ik voor ze wou dealen. ik zei nee. nu zeggen ze dat ik nie meer veilig ben",
            ),
            ("c", "Wat vervelend. Heb jij ooit iets voor ze gedaan?"),
            ("v", "nee niks. ik ben alleen bang"),
        ],
    );
    assert_eq!(age(&s.suggest(&c)), None);
}

/// "mn broer van 21 laat zn maten met me slapen": the brother acts on the visitor through
/// others, so his age is not the victim's (the rules alone find no exploitation here, and a
/// third party's age then waits for the learned layer's status).
#[test]
fn a_brother_who_lets_others_act_on_the_visitor_is_not_the_victim() {
    let s = suggester();
    let c = chat(
        girl(16),
        &[
            ("v", "ik wil iets vertellen over mn broer"),
            ("c", "Ik luister."),
            (
                "v",
                "mn broer van 21 laat zn maten met me slapen en die geven hem geld. hij slaat me als ik het nie doe",
            ),
        ],
    );
    assert_ne!(age(&s.suggest(&c)), Some(21));
}
