//! Behaviour of the suggester on small chats, the evaluation sets, evidence spans and the golden output.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::PathBuf;

use common::*;
use proptest::prelude::*;
use zicht_codebook::{Codebook, Kind};
use zicht_conversations::{Conversation, Intake};
use zicht_suggest::{Suggester, Suggestions, Value, eval, render};

fn value(s: &Suggestions, name: &str) -> Option<Value> {
    s.get(name).map(|x| x.value.clone())
}

fn eval_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("eval")
}

#[test]
fn negated_violence_is_not_suggested() {
    let c = chat(
        Intake::default(),
        &[
            ("v", "hij heeft me nooit geslagen"),
            (
                "v",
                "maar ik moet wel met mannen afspreken en hij pakt het geld",
            ),
        ],
    );
    let s = suggester().suggest(&c);
    assert_eq!(
        value(&s, "exploitation"),
        Some(Value::Code("sexual".into()))
    );
    assert!(!items(&s, "violence").contains(&"physical".to_string()));
}

#[test]
fn school_year_and_friends_ages_are_not_the_victims_age() {
    let c = chat(
        Intake::default(),
        &[
            ("v", "ik zit in de 3e en mijn vriendin is 15"),
            (
                "v",
                "ik moet pakketjes met wiet wegbrengen voor een paar jongens",
            ),
        ],
    );
    let s = suggester().suggest(&c);
    assert_eq!(value(&s, "chatter"), Some(Value::Code("victim".into())));
    assert_eq!(value(&s, "victim_age"), None);
}

#[test]
fn a_later_correction_wins() {
    let c = chat(
        Intake {
            age: Some(16),
            gender: Some("female".into()),
        },
        &[
            ("v", "op het formulier zei ik 16 maar ik ben eigenlijk 15"),
            ("v", "mijn vriend laat me met mannen afspreken voor geld"),
        ],
    );
    // The visitor corrects the form's age: the text's 15 is read, and like every corrected
    // age it is left to the coder, not suggested (`Withheld`).
    let (s, held) = suggester().suggest_noting(&c);
    assert_eq!(value(&s, "victim_age"), None);
    let held = held.victim_age.unwrap();
    assert_eq!(held.value, Value::Integer(15));
    assert!(held.source.is_none());
}

#[test]
fn the_intake_of_a_parent_is_not_the_victims() {
    let c = chat(
        Intake {
            age: Some(44),
            gender: Some("male".into()),
        },
        &[
            ("v", "mijn dochter is 14"),
            ("v", "haar vriend laat haar met mannen meegaan voor geld"),
        ],
    );
    let s = suggester().suggest(&c);
    assert_eq!(value(&s, "chatter"), Some(Value::Code("family".into())));
    assert_eq!(value(&s, "victim_age"), Some(Value::Integer(14)));
    assert_eq!(
        value(&s, "victim_gender"),
        Some(Value::Code("female".into()))
    );
    assert_eq!(
        value(&s, "perpetrator"),
        Some(Value::Code("partner".into()))
    );
}

#[test]
fn an_answer_to_the_age_question_counts() {
    let c = chat(
        Intake::default(),
        &[
            ("v", "mn vriend laat me met andere mannen slapen voor geld"),
            ("c", "Hoe oud ben je?"),
            ("v", "15"),
        ],
    );
    let s = suggester().suggest(&c);
    let age = s.get("victim_age").unwrap();
    assert_eq!(age.value, Value::Integer(15));
    assert_eq!(age.evidence[0].message, 2);
}

#[test]
fn hedged_facts_are_left_out() {
    let c = chat(
        Intake::default(),
        &[
            ("v", "ik ben de buurvrouw van een gezin"),
            (
                "v",
                "het meisje is een jaar of 14 denk ik, misschien zie ik spoken",
            ),
        ],
    );
    let s = suggester().suggest(&c);
    assert_eq!(value(&s, "victim_age"), None);
    assert_eq!(value(&s, "status"), None);
}

#[test]
fn sextortion_only_is_excluded_and_nothing_else_is_coded() {
    let c = chat(
        Intake {
            age: Some(17),
            gender: Some("male".into()),
        },
        &[(
            "v",
            "ze heeft mijn naaktfoto's en zegt dat ze ze naar al mn volgers stuurt als ik niet betaal",
        )],
    );
    let s = suggester().suggest(&c);
    assert_eq!(value(&s, "status"), Some(Value::Code("excluded".into())));
    assert_eq!(
        value(&s, "exclusion_reason"),
        Some(Value::Code("sextortion_only".into()))
    );
    assert_eq!(s.suggestions.len(), 2);
}

#[test]
fn nothing_is_suggested_for_an_empty_chat() {
    let c = chat(
        Intake::default(),
        &[("v", "hoi"), ("c", "Hoi, waar wil je over praten?")],
    );
    assert!(suggester().suggest(&c).suggestions.is_empty());
}

#[test]
fn a_lexicon_with_an_unknown_code_is_rejected() {
    let bad = zicht_suggest::lexicon::EMBEDDED_LEXICON
        .replace("code = \"money_laundering\"", "code = \"money_laundry\"");
    let err = Suggester::with_lexicon(Codebook::embedded().unwrap(), &bad).unwrap_err();
    assert!(err.to_string().contains("money_laundry"), "{err}");
}

/// Every value is a code of the codebook, and every evidence span quotes the message.
fn check_against_codebook(book: &Codebook, conv: &Conversation, s: &Suggestions) {
    for (name, sug) in &s.suggestions {
        if let Some(var) = book.variable(name) {
            match (&sug.value, var.kind) {
                (Value::Code(c), Kind::Code) => assert!(var.code(c).is_some(), "{name}={c}"),
                (Value::Code(c), Kind::YesNo) => assert!(c == "yes" || c == "no"),
                (Value::Integer(n), Kind::Integer) => {
                    assert!(var.min.is_none_or(|m| *n >= m) && var.max.is_none_or(|m| *n <= m));
                }
                other => panic!("{name}: {other:?}"),
            }
        } else {
            let set = book
                .set(name)
                .unwrap_or_else(|| panic!("unknown name {name}"));
            let Value::Items(items) = &sug.value else {
                panic!("{name}: not a list")
            };
            for i in items {
                assert!(set.items.iter().any(|x| &x.code == i), "{name}: {i}");
            }
        }
        assert!(!sug.evidence.is_empty(), "{name} without evidence");
        for e in &sug.evidence {
            let text = &conv.messages[e.message].text;
            let quoted: String = text.chars().skip(e.start).take(e.end - e.start).collect();
            assert_eq!(quoted, e.text, "{}: {name}", s.conversation_id);
            assert!(!e.text.trim().is_empty());
        }
    }
}

#[test]
fn evaluation_sets_score_and_quote_real_words() {
    let book = Codebook::embedded().unwrap();
    let sug = suggester();
    // fresh.jsonl was scored once after all tuning: only its evidence and codes are checked here.
    for (file, goal) in [
        ("handwritten.jsonl", Some(0.90)),
        ("heldout.jsonl", Some(0.80)),
        ("fresh.jsonl", None),
    ] {
        let path = eval_dir().join(file);
        let convs = zicht_conversations::read_path(&path).unwrap();
        assert!(convs.len() >= 15);
        let expected = eval::read_expected_jsonl(&path).unwrap();
        let out: Vec<Suggestions> = convs.iter().map(|c| sug.suggest(c)).collect();
        for (c, s) in convs.iter().zip(&out) {
            check_against_codebook(&book, c, s);
        }
        let pairs: Vec<_> = out
            .iter()
            .map(|s| (s, expected.get(&s.conversation_id).unwrap()))
            .collect();
        let report = eval::score(&book, &pairs);
        let f1 = report.micro().f1().unwrap();
        if let Some(goal) = goal {
            assert!(
                f1 >= goal,
                "{file}: micro F1 {f1}\n{}",
                eval::render(&report, true)
            );
            assert!(
                report.unsupported_ages.is_empty(),
                "{file}: {:?}",
                report.unsupported_ages
            );
        }
    }
}

#[test]
fn json_output_matches_the_golden_file() {
    let sug = suggester();
    let convs = zicht_conversations::read_path(&eval_dir().join("handwritten.jsonl")).unwrap();
    let mut text = String::new();
    for c in &convs {
        text.push_str(&render::json_line(&sug.suggest(c)).unwrap());
        text.push('\n');
    }
    let golden =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/handwritten.suggest.jsonl");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(&golden, &text).unwrap();
    }
    let want =
        std::fs::read_to_string(&golden).expect("golden file (regenerate with UPDATE_GOLDEN=1)");
    assert_eq!(text, want);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// Arbitrary text (any Unicode, Dutch words mixed in) never panics, and every
    /// suggestion is a codebook value whose evidence quotes the message.
    #[test]
    fn arbitrary_text_gives_valid_suggestions(
        texts in proptest::collection::vec(
            proptest::string::string_regex("(ik ben |mijn vader |laat me |met mannen |geld |nooit |15 |İ|ß|é|’|\\(|\\)|,|\\.|[a-z ]{0,8}|\\PC{0,3}){0,12}").unwrap(),
            1..6),
        age in proptest::option::of(0u32..100),
    ) {
        let book = Codebook::embedded().unwrap();
        let lines: Vec<(&str, &str)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (if i % 3 == 1 { "c" } else { "v" }, t.as_str()))
            .collect();
        let c = chat(Intake { age, gender: Some("female".into()) }, &lines);
        let s = suggester().suggest(&c);
        check_against_codebook(&book, &c, &s);
    }
}

#[test]
fn a_person_of_mine_or_an_initial_does_not_make_the_visitor_the_victim() {
    let intake = Intake {
        age: Some(45),
        ..Intake::default()
    };
    // "een leerling van mij": the pupil is the victim, not the teacher who chats.
    let pupil = chat(
        intake.clone(),
        &[(
            "v",
            "ik maak me zorgen over een leerling van mij ze moet met mannen mee voor geld en ze kan nie weigeren",
        )],
    );
    let s = suggester().suggest(&pupil);
    assert_ne!(value(&s, "chatter"), Some(Value::Code("victim".into())));
    assert_ne!(value(&s, "victim_age"), Some(Value::Integer(45)));
    // "heet hij k.": an initial, not the chat spelling of "ik".
    let initial = chat(
        intake.clone(),
        &[
            ("v", "ik maak me grote zorgen om mijn zsje"),
            ("v", "op straat heet hij k."),
        ],
    );
    let s = suggester().suggest(&initial);
    assert_ne!(value(&s, "chatter"), Some(Value::Code("victim".into())));
    // "advertenties van mij": the visitor is still the one exploited.
    let own = chat(
        intake,
        &[(
            "v",
            "mn vriend zet advertenties van mij online en dan moet ik met mannen mee",
        )],
    );
    let s = suggester().suggest(&own);
    assert_eq!(value(&s, "chatter"), Some(Value::Code("victim".into())));
}

#[test]
fn a_street_name_is_not_the_cohabiting_means() {
    // "op straat" in "op straat heet hij lange" is a nickname on the street, not
    // "anders sta ik op straat" (the means of dependence on a home).
    let c = chat(
        Intake::default(),
        &[
            ("v", "ik moet met mannen mee voor geld van een jongen"),
            ("v", "op straat heet hij lange"),
        ],
    );
    assert!(!items(&suggester().suggest(&c), "coercion").contains(&"cohabiting".to_string()));
    let c = chat(
        Intake::default(),
        &[(
            "v",
            "ik moet met mannen mee voor geld en als ik weiger zet hij me op straat",
        )],
    );
    assert!(items(&suggester().suggest(&c), "coercion").contains(&"cohabiting".to_string()));
}

#[test]
fn a_partner_named_with_his_age_is_not_the_victim() {
    // "mn vriend (25)" is the perpetrator: the visitor, 17 at the intake, is the victim.
    let c = chat(
        Intake {
            age: Some(17),
            gender: Some("female".into()),
        },
        &[
            (
                "v",
                "mn vriend (24) laat mij pakketjes drugs vervoeren in de bus en ik moet ook met klanten van hem naar bed",
            ),
            ("c", "Wat gebeurt er als je weigert?"),
            ("v", "dan zet ie me op straat"),
        ],
    );
    let s = suggester().suggest(&c);
    assert_eq!(value(&s, "chatter"), Some(Value::Code("victim".into())));
    assert_eq!(value(&s, "victim_age"), Some(Value::Integer(17)));
}

#[test]
fn the_relative_the_work_is_done_for_is_not_the_victim() {
    // "voor mn broer": the brother is who the visitor steals for; his age is not the victim's.
    let c = chat(
        Intake {
            age: None,
            gender: Some("male".into()),
        },
        &[
            (
                "v",
                "ik moet fietsen stelen bij het station voor mn broer. hij verkoopt ze en ik krijg niks",
            ),
            ("c", "Hoe oud is je broer?"),
            ("v", "20"),
        ],
    );
    let s = suggester().suggest(&c);
    assert_eq!(value(&s, "chatter"), Some(Value::Code("victim".into())));
    assert_eq!(value(&s, "victim_age"), None);
}

#[test]
fn a_third_partys_victim_keeps_the_surest_age() {
    // A pronoun beats a later noun for anyone ("die jongen is 23" is the perpetrator) ...
    let c = chat(
        Intake {
            age: Some(45),
            gender: Some("female".into()),
        },
        &[
            ("v", "ik maak me zorgen over mijn zoon"),
            ("c", "Wat is er aan de hand?"),
            (
                "v",
                "hij is 15 en hij moet elke avond pakketjes wegbrengen voor een jongen uit de buurt. die jongen is 22",
            ),
        ],
    );
    let s = suggester().suggest(&c);
    assert_eq!(value(&s, "victim_age"), Some(Value::Integer(15)));
    // ... and a pronoun beats an earlier noun for anyone ("een cliënt van 80" is not her).
    let c = chat(
        Intake {
            age: Some(38),
            gender: Some("female".into()),
        },
        &[
            (
                "v",
                "ik werk als verpleegkundige in de thuiszorg. bij een cliënt van 80 woont een jonge vrouw die al het werk in huis moet doen zonder loon, ze mag het huis niet uit",
            ),
            ("c", "Heeft u haar gesproken?"),
            ("v", "kort. ze is 24 zei ze"),
        ],
    );
    let s = suggester().suggest(&c);
    assert_eq!(value(&s, "victim_age"), Some(Value::Integer(24)));
}

#[test]
fn a_span_since_an_age_is_counted_to_the_age_now() {
    // "sinds ik 12 was" at 16 (the intake) is 4 years, ongoing.
    let c = chat(
        Intake {
            age: Some(16),
            gender: Some("female".into()),
        },
        &[
            (
                "v",
                "mn oom laat me met mannen slapen en hij krijgt het geld. al jaren, sinds ik 12 was",
            ),
            ("c", "Woon je bij hem?"),
            ("v", "ja"),
        ],
    );
    let s = suggester().suggest(&c);
    assert_eq!(value(&s, "duration"), Some(Value::Code("y2_5".into())));
    // "sinds 2 jaar" is a length of time, not an age.
    let c = chat(
        Intake {
            age: Some(16),
            gender: Some("female".into()),
        },
        &[(
            "v",
            "mn oom laat me met mannen slapen en hij krijgt het geld. sinds ik 2 jaar bij hem woon",
        )],
    );
    let s = suggester().suggest(&c);
    assert_ne!(value(&s, "duration"), Some(Value::Code("gt_5y".into())));
}

#[test]
fn a_span_between_two_ages_ended_as_long_ago_as_the_age_now_says() {
    let c = chat(
        Intake {
            age: Some(25),
            gender: Some("female".into()),
        },
        &[(
            "v",
            "ik ben tussen mijn 12e en 17e door mijn stiefvader aan mannen verkocht. ik ben nu 25 en het komt allemaal terug",
        )],
    );
    let s = suggester().suggest(&c);
    assert_eq!(
        value(&s, "time_since"),
        Some(Value::Code("ended_gt_5y".into())),
        "{s:?}"
    );
    assert_eq!(value(&s, "duration"), Some(Value::Code("y2_5".into())));
}

#[test]
fn a_threat_told_in_answer_to_what_happens_if_is_verbal_violence() {
    // No "als" or "anders" in the answer: the condition is in the counsellor's question.
    for answer in [
        "hij zegt dat ie me kapot maakt",
        "dat hij me helemaal kapot maakt",
    ] {
        let c = chat(
            Intake {
                age: Some(16),
                gender: Some("female".into()),
            },
            &[
                ("v", "mn vriend laat me met mannen afspreken voor geld"),
                ("c", "Wat gebeurt er als je weigert?"),
                ("v", answer),
            ],
        );
        let s = suggester().suggest(&c);
        assert!(
            items(&s, "violence").contains(&"verbal".to_string()),
            "{answer}: {s:?}"
        );
    }
}

#[test]
fn when_the_visitor_is_the_victim_he_is_someone_else() {
    // A boy of 16 and "hij is 23": the age is the perpetrator's, a gap of different life stages.
    let c = chat(
        Intake {
            age: Some(16),
            gender: Some("male".into()),
        },
        &[
            (
                "v",
                "ik ken een gast van insta, hij is 24. ik moet elk weekend pakketjes drugs voor hem wegbrengen",
            ),
            ("c", "Wat gebeurt er als je stopt?"),
            ("v", "weet ik nie"),
        ],
    );
    let s = suggester().suggest(&c);
    assert_eq!(value(&s, "victim_age"), Some(Value::Integer(16)));
    assert!(
        items(&s, "coercion").contains(&"age_gap".to_string()),
        "{s:?}"
    );
}
