//! The age families of round eleven: an age belongs to the person it was said with, and
//! that person's role decides; a relation named before the visitor tells what is done to
//! her is not the victim; an age hedged by what follows it is left out; a demand that was
//! refused before anything happened carries no age.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// A relation named first, where nothing is told of exploitation, then what is done to the
/// visitor: the visitor is the victim, and the relation's age is not the victim's.
#[test]
fn a_relation_named_first_yields_to_what_is_done_to_the_visitor() {
    let s = suggester();
    for (lines, not) in [
        (
            vec![
                ("v", "mag ik hier iets vragen"),
                ("c", "Natuurlijk. Vertel maar."),
                (
                    "v",
                    "mn stiefbroer van 23 heeft een maat van 20. die maat heeft mij 3 keer naar een hotel gebracht en daar moest ik met mannen naar bed. hij kreeg geld",
                ),
                ("c", "Wat naar. Hoe oud ben jij?"),
                ("v", "15"),
            ],
            [23, 20],
        ),
        (
            vec![
                (
                    "v",
                    "yo mn oom van 41 en mn neef van 18 doen sketchy dingen en ik moet meedoen",
                ),
                ("c", "Wat moet je dan doen?"),
                (
                    "v",
                    "ik moet pakketjes naar mensen brengen op de scooter. het is wiet. dat is toch dealen",
                ),
                ("c", "Hoe oud ben je?"),
                ("v", "14"),
            ],
            [41, 18],
        ),
    ] {
        let c = chat(girl(15), &lines);
        let out = s.suggest(&c);
        let a = age(&out);
        assert!(!not.iter().any(|n| a == Some(*n)), "{lines:?}: {a:?}");
        assert_eq!(
            code(&out, "chatter").as_deref(),
            Some("victim"),
            "{lines:?}"
        );
    }
}

/// "ik moet voor mn neef van 20 ... ronselen" and "mn stiefbroer van 21 zegt dat ik ... moet":
/// the one the visitor works for, or who orders her, is the perpetrator.
#[test]
fn the_one_who_orders_or_profits_is_not_the_victim() {
    let s = suggester();
    for (first, not) in [
        (
            "ik moet voor mn neef van 20 jongens uit mn klas ronselen zodat ze hun bankpas verkopen",
            20,
        ),
        (
            "mn stiefbroer van 21 zegt dat ik met zijn maten moet afspreken en die betalen hem dan",
            21,
        ),
    ] {
        let c = chat(
            boy(16),
            &[
                ("v", first),
                ("c", "Wat gebeurt er als je dat niet doet?"),
                ("v", "dan slaat hij me"),
            ],
        );
        let out = s.suggest(&c);
        assert_ne!(age(&out), Some(not), "{first}");
        assert_ne!(code(&out, "chatter").as_deref(), Some("family"), "{first}");
    }
}

/// An age followed by another guess ("14, misschien 15", "16 of 17", "15/16") is left out.
#[test]
fn an_age_hedged_by_what_follows_is_left_out() {
    let s = suggester();
    for said in [
        "ze is 14, misschien 15, dat weet ik niet precies",
        "ze is 16 of 17",
        "ze is 15/16",
    ] {
        let c = chat(
            intake(31, "female"),
            &[
                (
                    "v",
                    "ik ben mentor op een middelbare school en maak me zorgen om een leerling",
                ),
                ("c", "Goed dat u contact opneemt. Hoe oud is ze?"),
                ("v", said),
                (
                    "v",
                    "een man van rond de 40 geeft haar geld als ze met zijn vrienden meegaat naar een appartement",
                ),
            ],
        );
        assert_eq!(age(&s.suggest(&c)), None, "{said}");
    }
}

/// A neighbour's or a trainer's own child named with an age is not the victim of a chat
/// where the visitor is the victim's social circle.
#[test]
fn the_visitors_own_child_in_a_neighbours_story_is_not_the_victim() {
    let s = suggester();
    let c = chat(
        intake(44, "female"),
        &[
            (
                "v",
                "Goedenavond. Ik ben de buurvrouw van een gezin en ik maak me zorgen om het meisje daar.",
            ),
            ("c", "Goedenavond. Wat ziet u?"),
            (
                "v",
                "Er komen steeds andere mannen en haar stiefvader laat ze binnen. Ze zei tegen mijn dochter van 16 dat ze niet mag weigeren en dat hij geld krijgt.",
            ),
        ],
    );
    assert_ne!(age(&s.suggest(&c)), Some(16));
}

/// The one a victim works for ("bewaren voor een jongen van 20") is not the victim.
#[test]
fn the_one_worked_for_is_not_the_victim() {
    let s = suggester();
    let c = chat(
        intake(40, "female"),
        &[
            (
                "v",
                "Ik maak me zorgen om mijn zoon. Hij heeft twee telefoons en is veel weg.",
            ),
            ("c", "Wat ziet u nog meer?"),
            (
                "v",
                "Hij zei dat hij drugs moest bewaren voor een jongen van 20 en anders problemen krijgt.",
            ),
        ],
    );
    assert_ne!(age(&s.suggest(&c)), Some(20));
}

/// "Heb je al iets voor hem gedaan?" "nee, ik heb nee gezegd": nothing happened, no age.
#[test]
fn a_refused_demand_carries_no_age() {
    let s = suggester();
    let c = chat(
        boy(16),
        &[
            (
                "v",
                "er is een gast uit mn straat die zegt dat ik voor hem moet gaan stelen anders vertelt ie iets over mij",
            ),
            ("c", "Heb je al iets voor hem gedaan?"),
            ("v", "nee ik heb nee gezegd en het aan mn mentor verteld"),
        ],
    );
    assert_eq!(age(&s.suggest(&c)), None);
}

/// A girl asked "Hoe oud is hij?" about the man who sells her keeps her own (intake) age;
/// his age is not hers.
#[test]
fn a_girl_asked_how_old_he_is_keeps_her_own_age() {
    let s = suggester();
    let c = chat(
        girl(16),
        &[
            (
                "v",
                "mn vriend heeft me aan zn vrienden uitgeleend voor geld en ik moet met ze naar bed",
            ),
            ("c", "Dat is niet oké. Hoe oud is hij?"),
            ("v", "23"),
            ("c", "Wat gebeurt er als je nee zegt?"),
            ("v", "dan wordt ie boos en negeert hij me"),
        ],
    );
    assert_eq!(age(&s.suggest(&c)), Some(16));
}

/// "Ik denk dat mijn zoon van 14 gedwongen wordt": the hedge is about what is done to him;
/// the age said with the noun is his. (Since round 13 a third party's age in a chat where
/// the rules alone find no exploitation waits for the learned layer's status: so with it.)
#[test]
fn an_age_said_with_the_noun_is_no_guess() {
    let s = suggester_with_model();
    let c = chat(
        intake(45, "female"),
        &[
            (
                "v",
                "Goedenavond. Ik denk dat mijn zoon van 14 gedwongen wordt om voor oudere jongens te stelen.",
            ),
            ("c", "Wat vervelend. Wat ziet u?"),
            (
                "v",
                "Hij komt thuis met dure spullen en is bang als zijn telefoon gaat.",
            ),
        ],
    );
    assert_eq!(age(&s.suggest(&c)), Some(14));
}

/// "Een van mijn spelers, 14 jaar, vertelde ...": the age in an apposition is the person's
/// named before it.
#[test]
fn an_age_in_an_apposition_belongs_to_the_person_before_it() {
    let s = suggester();
    let c = chat(
        intake(50, "male"),
        &[
            ("v", "Goedenavond. Ik ben trainer van een jeugdteam."),
            ("c", "Goedenavond. Waar maakt u zich zorgen over?"),
            (
                "v",
                "Een jongen uit mijn team, 14 jaar, vertelde dat hij voor een groep oudere jongens scooters moet stelen en dat ze hem slaan als hij weigert.",
            ),
        ],
    );
    let out = s.suggest(&c);
    assert_eq!(code(&out, "chatter").as_deref(), Some("social"));
    assert_eq!(age(&out), Some(14));
}
