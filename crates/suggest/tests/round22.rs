//! The family of round twenty-two (made after round 21's score on test-u; not yet scored on a
//! fresh set): a free escort raped by a client is other sexual violence; "het gaat om haar
//! geld" is money trouble; "dingen doen met ze" is sexual; a girl's "mn vriendin" is a friend;
//! the answer to "Hoe oud is haar vriend?" is his age; an age corrected at once ("van 16, of
//! eigenlijk 15") is the corrected one; "het gaat over mijn vriendin" names
//! whom the chat is about (a man's partner, a girl's friend); the answer to "Hoe oud is die jongen?" is
//! his age. First tests fail on round 21's rules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "ik ben escort en dat wil ik ook, maar een klant heeft me verkracht" (u2-073): her own
/// work and a rape, so other sexual violence and no age. Round 21 read the rape as force over
/// her work and included the chat with her age 24.
#[test]
fn a_free_escort_raped_by_a_client_is_other_sexual_violence() {
    let s = suggester();
    let c = chat(
        intake(24, "female"),
        &[
            (
                "v",
                "ik werk als escort en dat wil ik zelf, maar gisteren heeft een klant me verkracht",
            ),
            ("c", "Wat erg. Werk je voor jezelf?"),
            ("v", "ja helemaal zelf"),
        ],
    );
    let sug = s.suggest(&c);
    assert_eq!(
        code(&sug, "exclusion_reason").as_deref(),
        Some("other_sexual_violence")
    );
    assert_eq!(age(&sug), None);
}

/// The guard: a boyfriend who takes her money is still force, rape or not.
#[test]
fn an_escort_whose_boyfriend_takes_her_money_is_no_free_choice() {
    let c = chat(
        intake(24, "female"),
        &[(
            "v",
            "ik werk als escort en ik wil het zelf, maar mn vriend houdt al mijn geld en hij heeft me verkracht",
        )],
    );
    assert_ne!(
        code(&suggester().suggest(&c), "status").as_deref(),
        Some("excluded")
    );
}

/// "Nee, het gaat om haar geld" after "Wordt ze ook gedwongen tot werk, seks of misdrijven?"
/// (u2-080): money trouble, excluded, no age (the client's 70).
#[test]
fn her_money_after_force_denied_is_money_trouble() {
    let s = suggester();
    let c = chat(
        intake(35, "female"),
        &[
            (
                "v",
                "Ik ben wijkverpleegkundige. Een cliënte van 70 wordt door haar neef gedwongen haar pinpas af te geven.",
            ),
            ("c", "Wordt ze ook gedwongen tot werk, seks of misdrijven?"),
            ("v", "Nee, het gaat om haar geld."),
        ],
    );
    let sug = s.suggest(&c);
    assert_eq!(
        code(&sug, "exclusion_reason").as_deref(),
        Some("financial_or_extortion")
    );
    assert_eq!(age(&sug), None);
}

/// "mn vriend wil dat ik met zn vrienden mee ga en dan moet ik dingen doen met ze en die
/// geven hem geld" (u1-001): sexual exploitation of the visitor, by the rules alone, with
/// her intake age although the counsellor asked how old her boyfriend is. Round 21's rules
/// found no status ("dingen doen met ze" was unknown) and left the age out.
#[test]
fn things_she_must_do_with_his_friends_for_money() {
    let s = suggester();
    let c = chat(
        intake(15, "female"),
        &[
            (
                "v",
                "mn vriend wil dat ik met zn vrienden mee ga en dan moet ik dingen doen met ze en die geven hem geld",
            ),
            ("c", "Hoe oud is je vriend?"),
            ("v", "22"),
        ],
    );
    let sug = s.suggest(&c);
    assert_eq!(code(&sug, "exploitation").as_deref(), Some("sexual"));
    assert_eq!(code(&sug, "chatter").as_deref(), Some("victim"));
    assert_eq!(age(&sug), Some(15));
}

/// A girl of 13 about "mn vriendin van 13" who must do things for her boyfriend (u2-011): a
/// friend, not a partner, and the answer "18" to "Hoe oud is haar vriend?" is his age, not
/// the victim's.
#[test]
fn a_girls_vriendin_is_a_friend_and_her_boyfriends_age_is_his() {
    let s = suggester();
    let c = chat(
        intake(13, "female"),
        &[
            (
                "v",
                "mn vriendin van 13 moet van haar vriend dingen doen met zijn vrienden voor geld",
            ),
            ("c", "Hoe oud is haar vriend?"),
            ("v", "18"),
        ],
    );
    let sug = s.suggest(&c);
    assert_eq!(code(&sug, "chatter").as_deref(), Some("social"));
    assert_ne!(age(&sug), Some(18));
}

/// "een meisje van 16, of eigenlijk 15" (tt2-081): the corrected age is hers. Round 21 left
/// the age out (the 16 was taken back, the 15 not read).
#[test]
fn a_corrected_age_is_the_age() {
    let s = suggester();
    let c = chat(
        intake(44, "female"),
        &[
            (
                "v",
                "Goedenavond, ik ben de moeder van een meisje van 16, of eigenlijk 15, haar verjaardag is pas in mei.",
            ),
            (
                "v",
                "Haar vriend van 22 laat haar met mannen afspreken en hij bedreigt haar.",
            ),
        ],
    );
    assert_eq!(corrected_age(&s, &c), Some(15));
    let held = s.suggest_noting(&c).1.victim_age.unwrap();
    let ev = &held.evidence[0].text;
    assert!(ev.contains("15"), "{ev}");
}

/// An answer corrected in the same message: "16 nee eigenlijk 15" to "Hoe oud ben je?".
#[test]
fn a_corrected_answer_is_the_age() {
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
}

/// The guard: "16 of 17" is still a guess, no age from the text.
#[test]
fn a_guess_is_still_no_age() {
    let s = suggester();
    let c = chat(
        intake(44, "female"),
        &[
            (
                "v",
                "Goedenavond, ik ben de moeder van een meisje van 16 of 17, dat weet ik niet zeker.",
            ),
            (
                "v",
                "Haar vriend van 22 laat haar met mannen afspreken en hij bedreigt haar.",
            ),
        ],
    );
    let a = age(&s.suggest(&c));
    assert!(a != Some(16) && a != Some(17), "{a:?}");
}

/// A man of 22: "het gaat over mijn vriendin ... ze is 19 ... seks moet hebben met klanten"
/// (h1-048): he chats about his girlfriend, so her age 19 and not his own 22. The rules alone
/// read "ik kwam erachter" as his own story and gave his intake age.
#[test]
fn a_mans_story_about_his_girlfriend_gives_her_age() {
    let s = suggester();
    let c = chat(
        intake(22, "male"),
        &[
            ("v", "hoi, het gaat over mijn vriendin"),
            ("c", "Hoi, welkom. Vertel maar."),
            (
                "v",
                "ze is 19 en ze werkt in de massagesalon van haar oom. ik kwam erachter dat ze daar ook seks moet hebben met klanten",
            ),
        ],
    );
    let sug = s.suggest(&c);
    assert_eq!(code(&sug, "chatter").as_deref(), Some("partner"));
    assert_eq!(code(&sug, "victim_gender").as_deref(), Some("female"));
    assert_eq!(age(&sug), Some(19));
}

/// The same words from a girl of 14 (r1-047): "mn vriendin" is her friend.
#[test]
fn a_girls_story_about_mn_vriendin_is_a_friends() {
    let s = suggester();
    let c = chat(
        girl(14),
        &[
            (
                "v",
                "hoi ik weet nie of dit hier mag maar het gaat over mn vriendin",
            ),
            ("c", "Hoi, dat mag zeker. Wat is er met je vriendin?"),
            (
                "v",
                "ze moet wiet verkopen voor de vriend van haar zus. hij is 25",
            ),
        ],
    );
    let sug = s.suggest(&c);
    assert_eq!(code(&sug, "chatter").as_deref(), Some("social"));
    assert_eq!(code(&sug, "victim_gender").as_deref(), Some("female"));
    assert_ne!(age(&sug), Some(25));
}

/// "Hoe oud is die jongen?" after "een vriend van haar broer laat haar met mannen afspreken"
/// (u1-091): the answer 26 is his age, not the victim's (with the model it became hers).
#[test]
fn the_answer_about_die_jongen_is_his_age() {
    let c = chat(
        girl(17),
        &[
            (
                "v",
                "mn vriendin is 17 en een vriend van haar broer laat haar met mannen afspreken in een hotel. zij moet het geld aan hem geven",
            ),
            ("c", "Hoe oud is die jongen?"),
            ("v", "26"),
        ],
    );
    assert_ne!(age(&suggester().suggest(&c)), Some(26));
    assert_ne!(age(&suggester_with_model().suggest(&c)), Some(26));
}
