//! The family of round forty-one (made after round 40's score on test-an): an age the
//! visitor corrects is never suggested, and the rules' reading of the correction is kept
//! aside for the coder (`Withheld`); a client's "ze zei dat ze 15 was" is her age unless he
//! doubts it; "ze" with a plural verb is "they"; asking the age of the relative who does
//! it keeps the intake's age; "heeft me laten werken" is control. Every test that is not
//! named a guard fails on round 40's rules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "16" and then "nee 15 sorry typo, mn neef is 21" (an2-027 in other words): round 40
/// suggested 16. Now no age is suggested.
#[test]
fn a_correction_in_the_next_message_gives_no_age() {
    let s = suggester_with_model();
    let c = chat(
        intake_gender_only("male"),
        &[
            (
                "v",
                "ik moet met mn oom scooters jatten en naar een loods brengen",
            ),
            ("c", "Goed dat je het vertelt. Hoe oud ben je?"),
            ("v", "17"),
            ("v", "nee 16 sorry typo, mn oom is 30"),
        ],
    );
    let sug = s.suggest(&c);
    assert_eq!(age(&sug), None);
}

/// "ik ben 23, nou eigenlijk 22 ik word volgende week 23" (an2-096 in other words): round
/// 40 suggested 23. Now no age is suggested.
#[test]
fn nou_eigenlijk_gives_no_age() {
    let s = suggester_with_model();
    let c = chat(
        intake_gender_only("female"),
        &[
            (
                "v",
                "hoi ik ben 20, nou eigenlijk 19 ik word volgende week 20",
            ),
            (
                "v",
                "mn vriend wil dat ik in een privehuis werk en hij houdt het geld",
            ),
        ],
    );
    let sug = s.suggest(&c);
    assert_eq!(age(&sug), None);
}

/// The guard: an age said once, without a correction, is suggested as before.
#[test]
fn an_age_said_once_is_suggested() {
    let sug = suggester_with_model().suggest(&chat(
        intake_gender_only("male"),
        &[
            (
                "v",
                "ik moet met mn oom scooters jatten en naar een loods brengen",
            ),
            ("c", "Goed dat je het vertelt. Hoe oud ben je?"),
            ("v", "16"),
        ],
    ));
    assert_eq!(age(&sug), Some(16));
}

/// The guard: the correction of someone else's age ("hij is 19, nee wacht 20") leaves the
/// visitor's own 15 alone.
#[test]
fn a_correction_of_another_age_keeps_the_victims() {
    let sug = suggester_with_model().suggest(&chat(
        girl(15),
        &[
            (
                "v",
                "ik ben 15 en mn vriend laat me met zn vrienden slapen voor geld",
            ),
            ("c", "Hoe oud is hij?"),
            ("v", "hij is 19, nee wacht 20"),
        ],
    ));
    assert_eq!(age(&sug), Some(15));
}

/// The guard: what was read is kept aside for the coder, with its evidence.
#[test]
fn the_corrected_reading_is_kept_aside() {
    let s = suggester();
    let c = chat(
        girl(16),
        &[
            (
                "v",
                "mn vriend laat me met andere mannen afspreken voor geld en hij pakt alles",
            ),
            ("c", "Hoe oud ben je?"),
            ("v", "16 nee eigenlijk 15"),
        ],
    );
    assert_eq!(corrected_age(&s, &c), Some(15));
    let held = s.suggest_noting(&c).1.victim_age.unwrap();
    assert!(held.evidence.iter().any(|e| e.text.contains("15")));
}

/// A client: "ze zei achteraf dat ze 15 was" (an1-032, an1-079, an2-040, an2-075 in other
/// words; some 60 client chats of the corpus): her age is 15.
#[test]
fn a_client_tells_the_age_she_said() {
    let sug = suggester_with_model().suggest(&chat(
        intake(34, "male"),
        &[
            (
                "v",
                "ik had een afspraak via een sekssite met een meisje en haar vriend bleef in de kamer en pakte het geld",
            ),
            ("c", "Dank je dat je het vertelt. Wat is er gebeurd?"),
            ("v", "ze zei achteraf dat ze 15 was. ik ben meteen weggegaan"),
        ],
    ));
    assert_eq!(code(&sug, "chatter").as_deref(), Some("client"));
    assert_eq!(age(&sug), Some(15));
}

/// The guard: a client who doubts it ("ze zei dat ze 19 was maar ze leek veel jonger")
/// gives no age.
#[test]
fn a_client_who_doubts_the_age_gives_none() {
    let sug = suggester_with_model().suggest(&chat(
        intake(41, "male"),
        &[(
            "v",
            "ik had een afspraak via een sekssite met een meisje en haar vriend bleef in de kamer en pakte het geld. ze zei dat ze 19 was maar ze leek veel jonger",
        )],
    ));
    assert_eq!(age(&sug), None);
}

/// "ze doen het samen ze regelen het allebei" of a mother and her boyfriend (an1-012): "ze"
/// with a plural verb is who does it, and the girl of 13 who chats stays the victim with
/// the intake's age.
#[test]
fn they_arrange_it_together_is_not_a_story_of_her() {
    let sug = suggester_with_model().suggest(&chat(
        girl(13),
        &[
            (
                "v",
                "bij ons thuis komen mannen en dan moet ik met ze naar mn kamer. ze betalen mn moeder",
            ),
            ("c", "Wie regelt die mannen?"),
            (
                "v",
                "mn moeder en haar vriend. ze doen het samen ze regelen het allebei",
            ),
        ],
    ));
    assert_eq!(age(&sug), Some(13));
}

/// "mn broer laat zn vrienden met mij seks hebben" and "Hoe oud is je broer?" "19" to a
/// girl of 16 (ab1-054): the counsellor asks the perpetrator's age, so the intake's 16 is
/// still the victim's.
#[test]
fn asking_the_age_of_the_brother_who_does_it_keeps_the_intake_age() {
    let sug = suggester().suggest(&chat(
        girl(16),
        &[
            (
                "v",
                "mn broer laat zn vrienden met mij seks hebben en ze betalen hem",
            ),
            ("c", "Wat erg. Hoe oud is je broer?"),
            ("v", "19"),
        ],
    ));
    assert_eq!(age(&sug), Some(16));
}

/// "mn oom heeft me laten werken voor zn vrienden" (an1-039): the rules read the control
/// themselves (before, only the learned layer read the chat as exploitation, and its
/// fallback reading of who chats gave no age), and the intake's age of the girl who chats
/// is hers.
#[test]
fn heeft_me_laten_werken_is_control() {
    let sug = suggester_with_model().suggest(&chat(
        girl(17),
        &[(
            "v",
            "mn oom heeft me laten werken voor zn vrienden, met seks. hij kreeg het geld",
        )],
    ));
    assert_eq!(code(&sug, "status").as_deref(), Some("included"));
    assert_eq!(age(&sug), Some(17));
}

/// What is kept aside quotes both numbers of the correction ("ik ben 16" and then "nee sorry
/// 15"), whatever the rules read, so that whoever reads the hint sees what she said first and
/// what after (a counsellor's walk, walk42: the hint quoted only "ik ben 16").
#[test]
fn the_withheld_age_quotes_both_numbers() {
    let s = suggester_with_model();
    let c = chat(
        girl(16),
        &[
            ("v", "mn vriend laat me met mannen afspreken voor geld"),
            ("c", "Hoe oud ben je?"),
            ("v", "ik ben 16"),
            ("v", "nee sorry 15"),
        ],
    );
    let (sug, held) = s.suggest_noting(&c);
    assert_eq!(age(&sug), None);
    let held = held.victim_age.unwrap();
    let quoted: Vec<&str> = held.evidence.iter().map(|e| e.text.as_str()).collect();
    assert!(quoted.iter().any(|q| q.contains("16")), "{quoted:?}");
    assert!(quoted.iter().any(|q| q.contains("15")), "{quoted:?}");
}
