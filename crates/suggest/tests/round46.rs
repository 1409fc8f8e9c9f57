//! The family of round forty-six (made after round 45's score on test-at): a relative named
//! beside the visitor's own age in an answer ("13. mn broertje is 6") is not whom the chat is
//! about; "niemand dwong ons, we deden het zelf" denies exploitation; "laat mannen bij ons
//! komen" acts on the visitor among "ons". The first two tests fail on round 45's rules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "mn moeder laat mannen bij ons komen ... ik moet met die mannen" and "13. mn broertje is
/// 6" to "Hoe oud ben je?" (at2-084 in other words): never the brother's 6.
#[test]
fn a_brother_named_beside_my_own_age_is_not_the_victim() {
    let sug = suggester_with_model().suggest(&chat(
        girl(13),
        &[
            (
                "v",
                "mn moeder laat mannen bij ons komen en dan krijgt ze geld en ik moet met die mannen",
            ),
            ("c", "Wat vreselijk dat je dit meemaakt. Hoe oud ben je?"),
            ("v", "13. mn broertje is 7"),
        ],
    ));
    assert_ne!(age(&sug), Some(7));
    assert_ne!(code(&sug, "chatter").as_deref(), Some("family"));
}

/// "ik werkte vroeger als escort ... niemand dwong ons, we deden het zelf" (at2-042 in
/// other words): no exploitation and no intake age.
#[test]
fn niemand_dwong_ons_denies_exploitation() {
    let sug = suggester_with_model().suggest(&chat(
        intake(33, "female"),
        &[
            (
                "v",
                "ik werkte vroeger als escort met een vriendin. niemand dwong ons, we deden het zelf",
            ),
            ("c", "Waar wil je nu over praten?"),
            ("v", "ik voel me er nu rot over"),
        ],
    ));
    assert_ne!(code(&sug, "status").as_deref(), Some("included"));
    assert_eq!(age(&sug), None);
}
