//! The family of round thirty-three (made after round 32's score on test-af): the intake's
//! age on the model's reading of who chats beside the model's status, an answer years above
//! the intake's that is not the victim's age, a refusal after "als escort." and "toen nee
//! gezegd", and what has not happened yet in a chat the rules excluded. Each first test of a
//! pair fails on round 32's rules; the other is a guard.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// A girl of 14 whom "een jongen van 18" takes to his friends, who pay him (af1-030): the
/// rules find no status, the model finds it and that she chats about herself, and her intake
/// age is hers.
#[test]
fn the_models_reading_beside_its_status_gives_the_intake_age() {
    let sug = suggester_with_model().suggest(&chat(
        girl(14),
        &[
            ("v", "mn mentor zei ik moest hier chatten"),
            ("c", "Fijn dat je er bent. Wat is er aan de hand?"),
            (
                "v",
                "er is een jongen van 18 die me meeneemt naar zijn vrienden en dan moet ik met ze. ze betalen hem",
            ),
            ("c", "Hoe lang gebeurt dat al?"),
            ("v", "3 weken"),
            ("c", "Weet je mentor wat er gebeurt?"),
            ("v", "ja een beetje"),
            ("c", "Ben je veilig nu?"),
            ("v", "ja op school"),
        ],
    ));
    assert_eq!(code(&sug, "status").as_deref(), Some("included"));
    assert_eq!(age(&sug), Some(14));
}

/// The guard: the same reading in a chat where the visitor's boyfriend "wants" her to go
/// next week and nothing has happened ("Is het al eerder gebeurd?" "nee nog nooit", o1-013,
/// which the rules exclude as a threat to put photos online): no age.
#[test]
fn not_yet_in_a_chat_the_rules_excluded_keeps_the_age_out() {
    let sug = suggester_with_model().suggest(&chat(
        girl(16),
        &[
            (
                "v",
                "mn vriend zegt dat ik volgende week met een vriend van hem mee moet en dat die vriend hem dan betaalt",
            ),
            (
                "c",
                "Hoi, goed dat je dit vertelt. Wat moet je met die vriend doen?",
            ),
            ("v", "seks wss. hij zegt dat het maar 1 keer is"),
            ("c", "Is het al eerder gebeurd?"),
            ("v", "nee nog nooit. ik heb ook nog nie ja gezegd"),
            ("c", "Wat zegt hij als je nee zegt?"),
            ("v", "dat hij het dan uitmaakt en dat hij mn fotos online zet"),
            ("c", "Dat is chantage en dat mag niet. Hoe oud is je vriend?"),
            ("v", "20"),
        ],
    ));
    assert_eq!(age(&sug), None);
}

/// "Hoe oud is die persoon?" "23 denk ik" to a girl of 15 who makes photos for his account
/// under a threat (af1-025): the answer is not hers, and her intake age stays.
#[test]
fn an_answer_years_above_the_intake_leaves_the_intake_age() {
    let sug = suggester().suggest(&chat(
        intake(15, "neutral"),
        &[
            (
                "v",
                "er is een gast die wil dat ik sexy fotos maak voor zijn onlyfans account en hij verdient eraan",
            ),
            ("c", "Hoe oud is die persoon?"),
            ("v", "23 denk ik"),
            ("c", "Doe je dat al?"),
            (
                "v",
                "ja sinds een paar weken. hij zegt anders stuurt hij de oude fotos naar mn ouders",
            ),
        ],
    ));
    assert_eq!(age(&sug), Some(15));
}

/// The guard: "Hoe oud is je vriend?" "17" to a girl of 16 whose boyfriend must deal
/// (ac1-059): he may be the one it is about, and her intake age is not given.
#[test]
fn an_answer_close_to_the_intake_keeps_the_intake_age_out() {
    let sug = suggester_with_model().suggest(&chat(
        girl(16),
        &[
            (
                "v",
                "mn vriend moet dealen voor een gast en ik ben zo bang voor hem",
            ),
            (
                "c",
                "Wat fijn dat je er voor hem bent. Hoe oud is je vriend?",
            ),
            ("v", "17"),
            ("c", "En die man voor wie hij dealt?"),
            ("v", "die is 28"),
        ],
    ));
    assert_ne!(age(&sug), Some(16));
}

/// "zn vriend wil dat ik ga werken voor hem als escort. ik heb nee gezegd" (af1-062): the
/// "als" of the sentence before is no condition, and the request she refused has no status.
#[test]
fn als_escort_in_the_sentence_before_is_no_condition() {
    let sug = suggester().suggest(&chat(
        girl(16),
        &[
            ("v", "mn vriend is lief maar zn vriend niet"),
            ("c", "Wat bedoel je?"),
            (
                "v",
                "zn vriend wil dat ik ga werken voor hem als escort. ik heb nee gezegd en mn vriend staat achter me",
            ),
            ("c", "Dreigt die vriend ergens mee?"),
            ("v", "nee hij doet gwn irritant"),
        ],
    ));
    assert_eq!(code(&sug, "status"), None);
    assert_eq!(age(&sug), None);
}

/// "heb het 1 keer gedaan en toen nee gezegd" (af1-058): refused, no status, no age.
#[test]
fn toen_nee_gezegd_refuses() {
    let sug = suggester().suggest(&chat(
        boy(17),
        &[
            (
                "v",
                "ik werd door een gast via tiktok gevraagd om pakketjes op te halen. heb het 1 keer gedaan en toen nee gezegd",
            ),
            ("c", "Is hij daarna nog gekomen?"),
            ("v", "nee hij heeft me geblokt"),
        ],
    ));
    assert_eq!(code(&sug, "status"), None);
    assert_eq!(age(&sug), None);
}

/// The guard: "als ik nee zeg" in the same sentence is still a condition, and the threat
/// that follows makes the chat about exploitation.
#[test]
fn als_ik_nee_zeg_is_still_a_condition() {
    let sug = suggester().suggest(&chat(
        girl(16),
        &[(
            "v",
            "mn vriend laat me met mannen afspreken voor geld. als ik nee zeg slaat hij me",
        )],
    ));
    assert_eq!(code(&sug, "status").as_deref(), Some("included"));
}

/// "Weet u hoe hij deze jongens kent?" "Het zijn jongens uit de wijk, ze zijn 20 en 23." of a
/// boy of 14 (z1-021): the two older ones make an age gap.
#[test]
fn ze_zijn_20_en_23_makes_an_age_gap_with_a_boy_of_14() {
    let sug = suggester_with_model().suggest(&chat(
        intake(35, "female"),
        &[
            (
                "v",
                "Ik ben jongerenwerker. Een jongen van 14 uit mijn buurthuis zegt dat hij voor oudere jongens 'op de uitkijk' moet staan en soms drugs moet bewaren in zijn kamer.",
            ),
            ("c", "Dank u. Weet u hoe hij deze jongens kent?"),
            ("v", "Het zijn jongens uit de wijk, ze zijn 20 en 23."),
            ("c", "Hoe worden ze onder druk gezet?"),
            (
                "v",
                "Hij kreeg in het begin sneakers en geld, nu zeggen ze dat hij ze dat schuldig is. Vorige maand is hij in elkaar geslagen.",
            ),
        ],
    ));
    assert_eq!(age(&sug), Some(14));
    assert!(items(&sug, "coercion").contains(&"age_gap".to_string()));
}

/// "En die jongens, hoe oud zijn zij?" "de baas is 25" of a boy of 17 (z2-003): an age gap.
#[test]
fn de_baas_is_25_makes_an_age_gap_with_a_boy_of_17() {
    let sug = suggester().suggest(&chat(
        boy(17),
        &[
            (
                "v",
                "ik moet voor paar gasten drugs rondbrengen en ik kan nie meer stoppen",
            ),
            ("c", "En die jongens, hoe oud zijn zij?"),
            ("v", "de baas is 25 de rest weet ik nie precies"),
            (
                "v",
                "nu zeggen ze dat ik 3k schuld heb omdat er een pakket weg is en ze zeggen dat ze mn moeder iets aandoen als ik praat",
            ),
        ],
    ));
    assert!(items(&sug, "coercion").contains(&"age_gap".to_string()));
}

/// The guard: "Hoe oud is hij?" "26 ofzo idk" (af2-003) is a hedged age, and the corpus
/// codes no age gap on it.
#[test]
fn a_hedged_age_makes_no_age_gap() {
    let sug = suggester().suggest(&chat(
        boy(17),
        &[
            (
                "v",
                "ik moet pakketjes rondbrengen voor een gast uit mn wijk. eerst kreeg ik geld nu zegt ie dat ik hem 2000 schuld ben",
            ),
            ("c", "Hoe oud is hij?"),
            ("v", "26 ofzo idk"),
            ("c", "Wat gebeurt er als je stopt?"),
            ("v", "hij zei dat ie mn moeder weet te vinden"),
        ],
    ));
    assert!(!items(&sug, "coercion").contains(&"age_gap".to_string()));
}

/// "Zijn er nog anderen die dit moeten doen?" "mn neef van 16 ook" (z2-065): others are
/// exploited too.
#[test]
fn an_answer_about_others_gives_multiple_victims() {
    let sug = suggester().suggest(&chat(
        boy(15),
        &[
            (
                "v",
                "ik moet drugs verkopen voor een gast uit de buurt en als ik stop slaat hij me",
            ),
            ("c", "Zijn er nog anderen die dit moeten doen?"),
            ("v", "mn neef van 16 ook"),
        ],
    ));
    assert_eq!(code(&sug, "multiple_victims").as_deref(), Some("yes"));
}

/// "mn broer van 12 moet ook" (z2-049): another who must do it too.
#[test]
fn mn_broer_van_12_moet_ook_gives_multiple_victims() {
    let sug = suggester().suggest(&chat(
        boy(14),
        &[
            (
                "v",
                "ik moet pakketjes wegbrengen voor oudere jongens en ze zeggen dat ik schuld heb",
            ),
            ("v", "mn broer van 12 moet ook"),
        ],
    ));
    assert_eq!(code(&sug, "multiple_victims").as_deref(), Some("yes"));
}

/// The guard: "Zijn er nog andere meisjes?" "mn vriendin van 14 heeft hem ook op snap maar
/// bij haar doet ie dat nie" (aa2-048): not another victim.
#[test]
fn an_answer_with_a_negation_gives_no_multiple_victims() {
    let sug = suggester().suggest(&chat(
        girl(14),
        &[
            (
                "v",
                "een man van snap zegt dat ik met zn vrienden moet afspreken anders stuurt hij mn fotos rond",
            ),
            ("c", "Zijn er nog andere meisjes?"),
            (
                "v",
                "mn vriendin van 14 heeft hem ook op snap maar bij haar doet ie dat nie",
            ),
        ],
    ));
    assert_eq!(code(&sug, "multiple_victims"), None);
}
