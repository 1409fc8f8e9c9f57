//! The rule families of round eight: other victims told by meaning (not others being recruited), recruitment, and images with or without a threat or a demand (sextortion or other sexual violence).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// Others who are exploited too, in any wording: "er zijn nog 4 meisjes die voor hem
/// werken", "de baas heeft hun paspoorten", "zijn vriend ook".
#[test]
fn other_victims_by_meaning() {
    let s = suggester();
    for text in [
        "ik moet met mannen mee voor geld van mn vriendje. er zijn nog 4 meisjes die voor hem werken",
        "ik moet met klanten mee en hij pakt het geld. hij heeft ook hun paspoort, van alle meiden in dat huis",
        "ik moet voor hem drugs verkopen en als ik weiger slaat hij me. nog een andere jongen uit mn straat moet het ook",
    ] {
        let c = chat(girl(17), &[("v", text)]);
        assert_eq!(
            code(&s.suggest(&c), "multiple_victims").as_deref(),
            Some("yes"),
            "{text}"
        );
    }
}

/// Others the visitor must recruit are not (yet) other victims; the chat tells of
/// recruitment.
#[test]
fn recruiting_others_is_recruitment_not_other_victims() {
    let s = suggester();
    for text in [
        "ik moet bolletjes rondbrengen voor een gast en nu moet ik ook andere jongens uit mn klas vragen of ze mee willen doen",
        "ik moet drugs verkopen voor hem en nu moet ik ook andere meisjes regelen voor zijn vrienden",
    ] {
        let c = chat(boy(16), &[("v", text)]);
        let out = s.suggest(&c);
        assert_eq!(code(&out, "multiple_victims"), None, "{text}");
        assert!(
            items(&out, "crime").iter().any(|i| i == "recruitment"),
            "{text}: {:?}",
            items(&out, "crime")
        );
    }
}

/// Images and a demand for money are sextortion, also when nobody says where the
/// images would go.
#[test]
fn images_and_a_money_demand_are_sextortion() {
    let s = suggester();
    let c = chat(
        boy(19),
        &[
            (
                "v",
                "iemand heeft een opname van mij van een videocall en wil 500 euro",
            ),
            ("c", "Vraagt hij ook iets anders dan geld?"),
            ("v", "nee alleen geld"),
        ],
    );
    let out = s.suggest(&c);
    assert_eq!(code(&out, "status").as_deref(), Some("excluded"));
    assert_eq!(
        code(&out, "exclusion_reason").as_deref(),
        Some("sextortion_only")
    );
}

/// Images spread without a threat or a demand (out of revenge, to show off) are other
/// sexual violence; spreading threatened on a condition stays sextortion.
#[test]
fn images_spread_without_a_threat_are_other_sexual_violence() {
    let s = suggester();
    for (text, want) in [
        (
            "mn ex heeft mn naaktfotos naar iedereen gestuurd om me pijn te doen. hij wil verder niks van me",
            "other_sexual_violence",
        ),
        (
            "mn ex zegt dat hij mn naaktfotos naar iedereen stuurt als ik niet terugkom",
            "sextortion_only",
        ),
    ] {
        let c = chat(girl(18), &[("v", text)]);
        let out = s.suggest(&c);
        assert_eq!(code(&out, "status").as_deref(), Some("excluded"), "{text}");
        assert_eq!(
            code(&out, "exclusion_reason").as_deref(),
            Some(want),
            "{text}"
        );
    }
}

/// Where the visitor met the perpetrator, in places a visitor names ("in een club", "van
/// het park", "van zijn school"): offline.
#[test]
fn met_offline_in_more_places() {
    let s = suggester();
    for text in [
        "ik moet voor mn vriend met mannen mee en hij pakt het geld. ik heb hem leren kennen in een club",
        "ik moet voor een gast drugs verkopen en als ik weiger slaat hij me. ik ken hem van het plein",
    ] {
        let c = chat(girl(17), &[("v", text)]);
        assert_eq!(
            code(&s.suggest(&c), "met").as_deref(),
            Some("offline"),
            "{text}"
        );
    }
}
