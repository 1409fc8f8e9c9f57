//! The family of round sixteen: "Ben je al eens met haar mee geweest?" "nee nog nie" is
//! not happened yet, with the verb five words after "al".
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// Her boyfriend demands that she sleep with his friends for money, and "nee nog nie" to
/// "Ben je al eens met hem mee geweest?": nothing has happened yet, so no age (the
/// convention). Round 15's rules gave the intake's 14: they looked four words after "al".
#[test]
fn not_yet_gone_along_with_him_carries_no_age() {
    let s = suggester();
    let c = chat(
        girl(14),
        &[
            (
                "v",
                "mn vriend zegt dat ik met zn vrienden moet slapen en die geven hem geld",
            ),
            ("c", "Wat naar. Ben je al eens met hem mee geweest?"),
            ("v", "nee nog nie. ik durf nie"),
        ],
    );
    assert_eq!(age(&s.suggest(&c)), None);
}
