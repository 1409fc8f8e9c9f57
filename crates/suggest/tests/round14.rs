//! The families of round fourteen: sex nobody is paid for and work nobody forces are no
//! exploitation (and so carry no age); a question about reporting an account that the
//! visitor knows nobody in; "Hoe oud is je vriend?" about the boyfriend who acts on her
//! leaves her intake age hers; "ook 16" answers an age question.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// "hij doet het niet voor geld": sex with a boyfriend's friends that nobody is paid for is
/// sexual violence, excluded, and carries no age.
#[test]
fn sex_nobody_is_paid_for_is_other_sexual_violence() {
    let s = suggester();
    let c = chat(
        girl(16),
        &[
            (
                "v",
                "mn vriend wil dat ik met zn maten naar bed ga. hij doet het niet voor geld zegt ie",
            ),
            ("c", "Wat naar. Wil je er meer over vertellen?"),
            ("v", "ik wil het nie maar hij blijft zeuren"),
        ],
    );
    let got = s.suggest(&c);
    assert_eq!(code(&got, "status").as_deref(), Some("excluded"));
    assert_eq!(
        code(&got, "exclusion_reason").as_deref(),
        Some("other_sexual_violence")
    );
    assert_eq!(age(&got), None);
}

/// "nee niemand" to whether anyone gets something for it: the same.
#[test]
fn nobody_gets_anything_in_answer_is_no_exploitation() {
    let s = suggester();
    let c = chat(
        girl(15),
        &[
            (
                "v",
                "mn vriendje zegt dat ik met zn vrienden moet slapen anders is het uit",
            ),
            (
                "c",
                "Dat is heftig. Betaalt iemand daarvoor, geld of iets anders?",
            ),
            ("v", "nee niemand. ze doen het gwn"),
        ],
    );
    let got = s.suggest(&c);
    assert_ne!(code(&got, "status").as_deref(), Some("included"));
    assert_eq!(code(&got, "exploitation"), None);
    assert_eq!(age(&got), None);
}

/// ... but a denial followed by "maar" is no denial, and a payment told elsewhere wins.
#[test]
fn a_payment_told_elsewhere_keeps_the_exploitation() {
    let s = suggester();
    let c = chat(
        girl(15),
        &[
            (
                "v",
                "mn vriendje zegt dat ik met zn vrienden moet slapen en die betalen hem",
            ),
            ("c", "Dat is heftig. Krijgt iemand er iets voor?"),
            ("v", "nee niemand"),
        ],
    );
    assert_eq!(
        code(&s.suggest(&c), "exploitation").as_deref(),
        Some("sexual")
    );
}

/// "hij dwingt me niet, ik krijg gewoon geld": selling of one's own accord is not read as
/// exploitation by the rules, and the intake's age does not follow.
#[test]
fn selling_nobody_forces_carries_no_status_and_no_age() {
    let s = suggester();
    let c = chat(
        boy(16),
        &[
            (
                "v",
                "ik verkoop wiet voor een gast uit de buurt. hij dwingt me niet hoor, ik verdien er gwn goed aan",
            ),
            ("c", "Wat wil je er graag over vragen?"),
            ("v", "of ik er makkelijk mee kan stoppen"),
        ],
    );
    let got = s.suggest(&c);
    assert_ne!(code(&got, "status").as_deref(), Some("included"));
    assert_eq!(age(&got), None);
}

/// A question how to report an account, from a visitor who knows nobody it happens to: no
/// status and no age.
#[test]
fn reporting_an_account_the_visitor_knows_nobody_in_is_no_exploitation() {
    let s = suggester();
    let c = chat(
        girl(17),
        &[
            (
                "v",
                "waar kan ik een account melden dat meisjes ronselt voor snel geld",
            ),
            (
                "c",
                "Goed dat je dat wil doen. Ken je iemand die ermee te maken heeft?",
            ),
            (
                "v",
                "nee ik ken niemand die het doet, ik zag het alleen op tiktok",
            ),
        ],
    );
    let got = s.suggest(&c);
    assert_ne!(code(&got, "status").as_deref(), Some("included"));
    assert_eq!(age(&got), None);
}

/// "Hoe oud is je vriend?" about the boyfriend who orders her: his "17" is his, and her
/// intake's 16 is the victim's age.
#[test]
fn the_boyfriends_age_asked_leaves_her_intake_age() {
    let s = suggester();
    let c = chat(
        girl(16),
        &[
            (
                "v",
                "mn vriend zegt dat ik met zn vrienden moet slapen en die geven hem geld",
            ),
            ("c", "Wat vreselijk. Hoe oud is je vriend?"),
            ("v", "17"),
            ("c", "Hoe lang gaat dit al?"),
            ("v", "2 maanden"),
        ],
    );
    assert_eq!(age(&s.suggest(&c)), Some(16));
}

/// A guard: her boyfriend is the one who must deal ("mn vriend moet dealen"), so the
/// question about his age is about the victim, and her intake age is not his.
#[test]
fn a_girlfriend_about_her_exploited_boyfriend_gets_no_intake_age() {
    let s = suggester();
    let c = chat(
        girl(16),
        &[
            ("v", "mn vriend moet drugs rondbrengen voor zn neef"),
            ("c", "Goed dat je het vertelt. Hoe oud is je vriend?"),
            ("v", "18"),
        ],
    );
    assert_ne!(age(&s.suggest(&c)), Some(16));
}

/// "ook 16" to "Hoe oud is je vriendin?": her age.
#[test]
fn ook_and_a_number_answers_the_age_question() {
    let s = suggester();
    let c = chat(
        girl(16),
        &[
            (
                "v",
                "mn beste vriendin heeft een vriend van 24 en ze moet van hem met mannen mee",
            ),
            ("c", "Wat zorgelijk. Hoe oud is je vriendin?"),
            ("v", "ook 16"),
        ],
    );
    assert_eq!(age(&s.suggest(&c)), Some(16));
}

/// "bijna 16" to "Hoe oud ben je?" is 15, as the convention codes "bijna 20" as 19; so is
/// "ik ben bijna 16" in the text.
#[test]
fn almost_sixteen_is_fifteen() {
    let s = suggester();
    let answer = chat(
        intake_gender_only("male"),
        &[
            (
                "v",
                "een gast uit de buurt laat me pakketjes wegbrengen en zegt dat ik moet blijven lopen",
            ),
            ("c", "Wat naar. Hoe oud ben je?"),
            ("v", "bijna 16"),
        ],
    );
    assert_eq!(age(&s.suggest(&answer)), Some(15));
    let text = chat(
        intake_gender_only("male"),
        &[(
            "v",
            "ik ben bijna 16 en een gast uit de buurt laat me pakketjes wegbrengen, ik moet van hem blijven lopen",
        )],
    );
    assert_eq!(age(&s.suggest(&text)), Some(15));
}

/// A question back ("maakt dat uit?") leaves the counsellor's age question open: the "17"
/// after her reassurance answers it.
#[test]
fn an_age_answered_after_a_question_back() {
    let s = suggester();
    let c = chat(
        intake_gender_only("female"),
        &[
            (
                "v",
                "mn vriend laat me pakketjes met drugs meenemen in de trein naar andere steden",
            ),
            ("c", "Wat naar. Hoe oud ben je, als je dat wil zeggen?"),
            ("v", "maakt dat uit?"),
            (
                "c",
                "Het hoeft niet, het helpt ons alleen om je beter te helpen.",
            ),
            ("v", "17"),
        ],
    );
    assert_eq!(age(&s.suggest(&c)), Some(17));
}

/// The model's "victim" for who chats is enough for the intake's age beside a status the
/// rules settled themselves: a stepfather who brings men home (j1-005 of the corpus).
#[test]
fn the_models_chatter_beside_the_rules_status_gives_the_intake_age() {
    let s = suggester_with_model();
    let c = chat(
        girl(17),
        &[
            ("v", "ik weet nie of ik hier goed zit"),
            ("c", "Je zit goed. Waar gaat het over?"),
            (
                "v",
                "mn stiefvader laat mannen bij ons thuis komen. ik moet dan met ze naar mn kamer en hij krijgt geld. hij zit er soms gewoon bij in de kamer",
            ),
            (
                "c",
                "Wat verschrikkelijk. Is je moeder thuis als dat gebeurt?",
            ),
            (
                "v",
                "mn moeder is weg sinds 2 jaar. ik woon alleen met hem. hij zegt als ik het nie doe kan ik op straat slapen",
            ),
            ("c", "Hoe lang gebeurt dit al?"),
            ("v", "sinds ik 15 was ongeveer"),
            ("c", "Heb je dit al aan iemand verteld?"),
            ("v", "alleen aan mn mentor een beetje maar niet alles"),
            ("c", "Fijn dat je het nu vertelt. Ben je nu veilig?"),
            ("v", "hij is beneden. ik chat op de wc"),
        ],
    );
    let got = s.suggest(&c);
    let chatter = got.suggestions.iter().find(|(k, _)| k == "chatter");
    assert_eq!(
        chatter.and_then(|(_, s)| s.source),
        Some("model"),
        "this test is about the model's chatter"
    );
    assert_eq!(age(&got), Some(17));
}
