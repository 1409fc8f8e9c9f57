//! The family of round sixteen: "Ben je al eens met haar mee geweest?" "nee nog nie" is
//! not happened yet, with the verb five words after "al".
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// An offer of money to go with a man next Saturday, and "nee nog nie" to whether she has
/// gone along before: nothing has happened yet, so no age (the convention).
#[test]
fn not_yet_gone_along_with_her_carries_no_age() {
    let s = suggester();
    let c = chat(
        girl(14),
        &[
            (
                "v",
                "een meisje van 18 van school zegt dat ik zaterdag mee moet naar een feest en dan krijg ik 100 euro als ik met een man meega",
            ),
            (
                "c",
                "Goed dat je het vertelt. Ben je al eens met haar mee geweest?",
            ),
            ("v", "nee nog nie. ik durf nie"),
        ],
    );
    assert_eq!(age(&s.suggest(&c)), None);
}
