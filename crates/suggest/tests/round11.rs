//! The rule families of round eleven (recall of the columns other than ages): wordings
//! visitors use for the forms of exploitation that the lexicon lacked. Each test reads the
//! rules alone (no learned layer), so that it fails on round ten's rules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use zicht_suggest::Suggester;

/// The rules without the learned layer.
fn rules() -> Suggester {
    let mut s = suggester();
    s.set_model(None);
    s
}

/// Drugs carried, driven, handed over or kept for someone ("drugs afleveren", "drugs naar
/// Duitsland rijden", "spul rondbrengen", "tassen met wiet bewaart"): criminal
/// exploitation, crime `drugs`.
#[test]
fn drugs_carried_for_someone_are_the_crime_drugs() {
    let s = rules();
    for text in [
        "hij regelt afspraken en dan moet ik ook drugs afleveren bij die mannen",
        "hij heeft een schuld bij een jongen en moet nu drugs naar duitsland rijden",
        "ik breng al 2 jaar spul rond voor een gast uit mn wijk",
        "nu moet hij ook drugs voor ze rondbrengen",
        "hij bewaart tassen met wiet in mijn kamer",
    ] {
        let c = chat(boy(17), &[("v", text)]);
        let out = s.suggest(&c);
        assert!(
            items(&out, "crime").contains(&"drugs".to_string()),
            "{text}: {:?}",
            items(&out, "crime")
        );
    }
}
