//! The family of round thirty-seven (made after round 36's score on test-aj): three ways of
//! turning a request down or saying nothing is forced, each of which its writer left
//! without status. Each first test fails on round 36's rules; the other is a guard.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "ik heb gezegd dat ik het nie doe" (aj1-080): no status, no age.
#[test]
fn ik_heb_gezegd_dat_ik_het_nie_doe_refuses() {
    let sug = suggester().suggest(&chat(
        girl(17),
        &[
            (
                "v",
                "mn vriend heeft me gevraagd om mn rekening te gebruiken voor zn zaakjes en ik heb gezegd dat ik het nie doe",
            ),
            ("c", "Goed dat je nee hebt gezegd. Hoe reageerde hij?"),
            ("v", "gwn normaal, hij vond het prima"),
        ],
    ));
    assert_eq!(code(&sug, "status"), None);
    assert_eq!(age(&sug), None);
}

/// "ik heb nee gezegd maar kzou het geld wel kunnen gebruiken" (aj2-038): the "maar" speaks
/// of the visitor, not of a perpetrator who goes on.
#[test]
fn maar_of_the_visitor_keeps_the_refusal() {
    let sug = suggester_with_model().suggest(&chat(
        boy(16),
        &[
            (
                "v",
                "iemand op telegram bood 500 euro als ik mn bankrekening uitleen",
            ),
            (
                "v",
                "ik heb nee gezegd maar kzou het geld wel kunnen gebruiken",
            ),
            (
                "c",
                "Goed dat je nee hebt gezegd. Dit heet geldezel zijn en dat is strafbaar. Benaderen ze je nog?",
            ),
            ("v", "nee ik heb ze geblokt"),
        ],
    ));
    assert_ne!(code(&sug, "status").as_deref(), Some("included"));
    assert_eq!(age(&sug), None);
}

/// "moet je dat ook echt doen?" "nee hij maakt een grapje denk ik, hij heeft me nooit
/// gedwongen en nooit geslagen" (aj1-026): nothing forced, no status, no age.
#[test]
fn nee_to_whether_she_really_must_denies_force() {
    let sug = suggester_with_model().suggest(&chat(
        girl(15),
        &[
            (
                "v",
                "mn vriend is 17 en hij zegt soms dat ik met zn vrienden moet",
            ),
            ("c", "Wat bedoel je daarmee, moet je dat ook echt doen?"),
            (
                "v",
                "nee hij maakt een grapje denk ik, hij heeft me nooit gedwongen en nooit geslagen",
            ),
        ],
    ));
    assert_ne!(code(&sug, "status").as_deref(), Some("included"));
    assert_eq!(age(&sug), None);
}

/// The guard: "ik heb 1 keer nee gezegd maar die vriend ging gwn door" (i1-058) is no
/// refusal that ends it.
#[test]
fn maar_of_the_one_who_goes_on_is_no_refusal() {
    let sug = suggester().suggest(&chat(
        girl(16),
        &[
            (
                "v",
                "mn vriend laat me met zn vriend naar bed gaan voor geld. ik heb 1 keer nee gezegd maar die vriend ging gwn door en hij sloeg me",
            ),
        ],
    ));
    assert_eq!(code(&sug, "status").as_deref(), Some("included"));
}
