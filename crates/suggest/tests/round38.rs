//! The family of round thirty-eight (made after round 37's score on test-ak): "nee nog nie"
//! to whether the visitor has stolen for them yet has not happened, and "wij werken allebei"
//! counts the visitor among the victims. Each first test fails on round 37's rules; the
//! other is a guard.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "Heb je al iets voor ze gestolen?" "nee nog nie, ik heb nee gezegd en ben weggelopen"
/// (ak1-076): it has not happened, so no age.
#[test]
fn nothing_stolen_yet_has_not_happened() {
    let sug = suggester().suggest(&chat(
        boy(14),
        &[
            (
                "v",
                "er zijn jongens die zeggen dat ik voor hun moet stelen anders slaan ze me",
            ),
            ("c", "Wat vervelend. Heb je al iets voor ze gestolen?"),
            ("v", "nee nog nie, ik heb nee gezegd en ben weggelopen"),
        ],
    ));
    assert_eq!(age(&sug), None);
}

/// "ik ben 17, mn broer is 19 en wij werken allebei voor een man die ons laat dealen"
/// (ak2-090): the brother's 19 is not the victim's age.
#[test]
fn wij_werken_allebei_counts_the_visitor_in() {
    let sug = suggester().suggest(&chat(
        boy(17),
        &[(
            "v",
            "ik ben 17, mn broer is 19 en wij werken allebei voor een man die ons laat dealen. hij geeft ons onderdak",
        )],
    ));
    assert_ne!(age(&sug), Some(19));
}

/// The guard: "mn broertje is 14 en mn vader laat hem spullen stelen" "ja wij allebei" (of
/// where they live, s1-068) keeps the brother's 14.
#[test]
fn ja_wij_allebei_of_where_they_live_keeps_the_brothers_age() {
    let sug = suggester().suggest(&chat(
        intake(18, "female"),
        &[
            (
                "v",
                "mn broertje is 14 en mn vader laat hem spullen stelen uit winkels",
            ),
            ("c", "Wat zorgelijk. Woont je broertje bij je vader?"),
            (
                "v",
                "ja wij allebei. als hij nee zegt zegt mn vader dat hij maar moet oprotten",
            ),
        ],
    ));
    assert_eq!(age(&sug), Some(14));
}
