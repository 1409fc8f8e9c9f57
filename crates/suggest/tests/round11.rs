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

/// A bank account lent, used or opened for someone ("ik heb mn rekening uitgeleend", "hij
/// wil dat ik een rekening moet openen en hem de pas geven") is money laundering, and
/// "uitgeleend" there lends no person out: not sexual.
#[test]
fn an_account_lent_is_money_laundering_not_sex() {
    let s = rules();
    for text in [
        "ik heb mn rekening uitgeleend aan een jongen van de sportschool. nu staat er allemaal geld op en gaat het er weer af",
        "een jongen bleef maar zeggen dat ik mn rekening moest uitlenen. hij zei dat ik het moest doen",
        "ik heb mn rekening laten gebruiken door een bekende van mn oudere broer",
        "er kwam een gast die zei dat ik een rekening moest openen en hem de pas geven",
    ] {
        let c = chat(boy(19), &[("v", text)]);
        let out = s.suggest(&c);
        assert_eq!(
            items(&out, "crime"),
            vec!["money_laundering".to_string()],
            "{text}"
        );
        assert_eq!(
            code(&out, "exploitation").as_deref(),
            Some("criminal"),
            "{text}"
        );
    }
}

/// "hij houdt mn pinpas", "hij heeft mn bankpas": the perpetrator keeps the visitor's own
/// card, which is control over her money, not money laundering.
#[test]
fn a_card_kept_by_the_perpetrator_is_no_money_laundering() {
    let s = rules();
    let c = chat(
        girl(18),
        &[(
            "v",
            "hij laat me met mannen slapen voor geld via een site. ik heb geen geld want hij houdt mn pinpas",
        )],
    );
    let out = s.suggest(&c);
    assert!(
        items(&out, "crime").is_empty(),
        "{:?}",
        items(&out, "crime")
    );
    assert_eq!(code(&out, "exploitation").as_deref(), Some("sexual"));
}

/// The person the visitor chats about was asked and said no ("Ze heeft nee gezegd"), and
/// nothing of force is told: a request turned down, no exploitation.
#[test]
fn a_request_the_person_turned_down_is_no_exploitation() {
    let s = rules();
    let c = chat(
        intake(47, "female"),
        &[
            (
                "v",
                "Mijn dochter van 18 is door haar vriend gevraagd of ze haar bankrekening wil uitlenen aan een vriend van hem, voor 500 euro. Ze heeft nee gezegd en hij deed er daarna niet moeilijk over.",
            ),
            (
                "c",
                "Goed dat ze nee heeft gezegd. Is er daarna nog iets gebeurd?",
            ),
            (
                "v",
                "Nee, niets. Ik wilde alleen weten of ik me zorgen moet maken.",
            ),
        ],
    );
    let out = s.suggest(&c);
    assert_eq!(code(&out, "status"), None);
    assert_eq!(code(&out, "exploitation"), None);
}

/// Sex work in words the lexicon lacked: a "privehuis", "tippelen", "onlyfans" with the
/// money taken, "met zn vrienden moest slapen", "seks moet hebben", "feestjes met oudere
/// mannen" for money: sexual exploitation.
#[test]
fn sex_work_in_other_words_is_sexual_exploitation() {
    let s = rules();
    for text in [
        "hij heeft me vorig jaar laten werken in een privehuis. toen ik daar weg wou heeft ie mn telefoon afgepakt",
        "mn vriend heeft me laten tippelen toen ik 17 was",
        "mn vriend laat me op onlyfans dingen posten en hij pakt al het geld",
        "ze zei een keer dat ze met zn vrienden moest slapen",
        "een kennis brengt hem elke week naar een man bij wie hij seks moet hebben, en de kennis krijgt daar geld voor",
        "mn neef brengt haar naar feestjes met oudere mannen en hij krijgt daar geld voor",
    ] {
        let c = chat(girl(19), &[("v", text)]);
        let out = s.suggest(&c);
        assert_eq!(
            code(&out, "exploitation").as_deref(),
            Some("sexual"),
            "{text}"
        );
    }
}

/// A man who went to a woman in a privehuis is a client, not the victim: the sex-work
/// word makes no victim of the one who paid, and his intake age is no victim's age.
#[test]
fn a_man_who_went_to_a_privehuis_is_a_client() {
    let s = rules();
    let c = chat(
        intake(52, "male"),
        &[
            (
                "v",
                "Ik moet iets kwijt. Ik ben bij een vrouw geweest in een privéhuis. Achteraf denk ik dat ze het niet wilde.",
            ),
            ("c", "Dank u dat u dit deelt. Wanneer was dit?"),
            ("v", "Twee weken geleden. Ik ben er niet meer geweest"),
        ],
    );
    let out = s.suggest(&c);
    assert_eq!(code(&out, "chatter").as_deref(), Some("client"));
    assert_eq!(age(&out), None);
}

/// A man who asks about "mijn vriendin" chats about his girlfriend: chatter `partner`, and
/// the victim a woman; not "de broer van mn vriendin", who is someone else.
#[test]
fn a_man_asking_about_his_girlfriend_is_her_partner() {
    let s = rules();
    for first in [
        "hallo ik maak me zorgen om mijn vriendin, we hebben sinds een jaar een relatie",
        "hey ik heb een vraag over mn vriendin",
        "hoi, het gaat over mijn vriendin",
    ] {
        let c = chat(
            boy(29),
            &[
                ("v", first),
                ("c", "Vertel maar."),
                (
                    "v",
                    "ze is 23. haar ex dwingt haar om in een salon te werken waar ze seks met klanten moet hebben. hij pakt al het geld",
                ),
            ],
        );
        let out = s.suggest(&c);
        assert_eq!(code(&out, "chatter").as_deref(), Some("partner"), "{first}");
        assert_eq!(
            code(&out, "victim_gender").as_deref(),
            Some("female"),
            "{first}"
        );
    }
    let c = chat(
        boy(17),
        &[(
            "v",
            "ik moet voor de vader van mn vriendin in zn wietkwekerij werken. hij zegt dat ik hem geld schuldig ben",
        )],
    );
    assert_ne!(code(&s.suggest(&c), "chatter").as_deref(), Some("partner"));
}

/// The visitor who first asked about a friend says it is the visitor ("ok het is nie mn
/// vriend. ik ben het", "eigl ben ik het zelf"): the chatter is the victim; "ik ben het
/// zat" says nothing of the kind.
#[test]
fn a_visitor_who_says_it_is_about_himself_is_the_victim() {
    let s = rules();
    for reveal in [
        "ok het is nie mn vriend. ik ben het",
        "ok eigl ben ik het zelf. sry",
    ] {
        let c = chat(
            boy(15),
            &[
                (
                    "v",
                    "wat moet je doen als je vriend drugs moet verkopen voor iemand",
                ),
                ("c", "Vertel eens?"),
                (
                    "v",
                    "een jongen van 19 uit de buurt laat hem dealen. als ie nie wil wordt ie geslagen",
                ),
                ("c", "..."),
                ("v", reveal),
            ],
        );
        assert_eq!(
            code(&s.suggest(&c), "chatter").as_deref(),
            Some("victim"),
            "{reveal}"
        );
    }
    let c = chat(
        girl(40),
        &[
            (
                "v",
                "mijn dochter moet voor haar vriend met mannen mee en die betalen hem",
            ),
            ("c", "Wat naar."),
            ("v", "ik ben het zat"),
        ],
    );
    assert_ne!(code(&s.suggest(&c), "chatter").as_deref(), Some("victim"));
}

/// Isolation and control told in other words ("ze mag van hem haar ouders nie meer zien",
/// "mag zonder toestemming de deur niet uit", "hij heeft me met een mes bedreigd", "dan
/// dump ik je"): violence `psychological`.
#[test]
fn isolation_and_intimidation_in_other_words_are_psychological_violence() {
    let s = rules();
    for text in [
        "ik moet met mannen naar hotels en hij pakt het geld. ik mag van hem mn ouders nie meer zien",
        "ik moet elke dag werken in de salon zonder loon en ik mag zonder toestemming de deur niet uit",
        "ik moest drugs verkopen voor hem en hij heeft me een keer met een mes bedreigd",
        "ik moet via onlyfans geld verdienen voor hem. als ik wil stoppen zegt hij dan dump ik je",
    ] {
        let c = chat(girl(17), &[("v", text)]);
        let out = s.suggest(&c);
        assert!(
            items(&out, "violence").contains(&"psychological".to_string()),
            "{text}: {:?}",
            items(&out, "violence")
        );
    }
}

/// Men or a guy "uit de buurt", "uit zn buurt", "uit mn wijk": people of the
/// neighbourhood, so perpetrator `social` (friend or acquaintance), met offline.
#[test]
fn men_from_the_neighbourhood_are_acquaintances_met_offline() {
    let s = rules();
    for text in [
        "ik deal al een half jaar voor 2 gasten uit de buurt. ik had schuld bij ze en nu moet ik",
        "hij wordt gedwongen om geld te wassen met zn bankpas door mannen uit zn buurt",
    ] {
        let c = chat(boy(17), &[("v", text)]);
        let out = s.suggest(&c);
        assert_eq!(
            code(&out, "perpetrator").as_deref(),
            Some("social"),
            "{text}"
        );
        assert_eq!(code(&out, "met").as_deref(), Some("offline"), "{text}");
    }
}

/// "Heeft iemand dit eerder gehoord?" "nee" is a first disclosure, and what the
/// perpetrators said ("ze hebben gezegd dat ze mn moeder iets aandoen") is no telling by
/// the visitor.
#[test]
fn nobody_heard_it_before_is_a_first_disclosure() {
    let s = rules();
    let c = chat(
        girl(16),
        &[
            (
                "v",
                "hoi mn moeder laat me met mannen slapen en ze krijgt geld",
            ),
            ("c", "Heeft iemand dit eerder gehoord?"),
            ("v", "nee"),
        ],
    );
    assert_eq!(
        code(&s.suggest(&c), "first_disclosure").as_deref(),
        Some("yes")
    );
    let c = chat(
        girl(16),
        &[
            (
                "v",
                "mn vriend zit vast en nu moet ik voor zn vrienden drugs wegbrengen en geld ophalen",
            ),
            ("c", "Wat gebeurt er als je stopt?"),
            ("v", "ze hebben gezegd dat ze mn moeder iets aandoen"),
            ("c", "Heb je dit al aan iemand verteld?"),
            ("v", "nee"),
        ],
    );
    assert_eq!(
        code(&s.suggest(&c), "first_disclosure").as_deref(),
        Some("yes")
    );
}
