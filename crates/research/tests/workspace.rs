//! The research workspace database: selection, linking, coding with audit, double coding, export.

use zicht_codebook::Codebook;
use zicht_conversations::{Conversation, Flags, Intake, Message};
use zicht_research::linking::LinkOptions;
use zicht_research::workspace::{FINAL, Workspace, WorkspaceError};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn conv(
    id: &str,
    user: &str,
    at: &str,
    flagged: bool,
    age: Option<u32>,
    text: &str,
) -> Conversation {
    Conversation {
        conversation_id: id.to_string(),
        channel: "fier".to_string(),
        username: user.to_string(),
        started_at: at.to_string(),
        intake: Intake {
            age,
            gender: Some("female".to_string()),
        },
        flags: Flags {
            trafficking: Some(flagged),
            other: serde_json::Map::new(),
        },
        messages: vec![
            Message {
                at: at.to_string(),
                from: zicht_conversations::From::Visitor,
                text: text.to_string(),
            },
            Message {
                at: at.to_string(),
                from: zicht_conversations::From::Counsellor,
                text: "Fijn dat je er bent. Hoe oud ben je en woon je in Zwolle?".to_string(),
            },
        ],
        extra: serde_json::Map::new(),
    }
}

fn year_2022() -> Vec<Conversation> {
    let mut repeat = conv("c4", "x", "2022-05-02T10:00:00Z", true, None, "hoi");
    repeat
        .flags
        .other
        .insert("first_time".into(), serde_json::Value::Bool(false));
    vec![
        conv(
            "c1",
            "zonnebloem22",
            "2022-03-14T20:15:00Z",
            true,
            Some(16),
            "ik ben 16 jaar. mijn stiefvader brengt me naar mannen in Breda. hij heet Rico",
        ),
        conv(
            "c2",
            "anoniem",
            "2022-03-20T21:00:00Z",
            true,
            Some(16),
            "ik was hier al eens. ik ben 16, mijn stiefvader en Rico, in breda",
        ),
        conv(
            "c3",
            "voetbal",
            "2022-04-01T12:00:00Z",
            true,
            Some(30),
            "mijn baas betaalt me niet",
        ),
        repeat,
        conv(
            "c5",
            "ander",
            "2022-06-01T12:00:00Z",
            false,
            Some(19),
            "vraag over school",
        ),
        conv(
            "c6",
            "oud",
            "2021-06-01T12:00:00Z",
            true,
            Some(19),
            "ik ben 19 jaar",
        ),
    ]
}

fn book() -> Result<Codebook, Box<dyn std::error::Error>> {
    Ok(Codebook::embedded()?)
}

const T: &str = "2026-11-28T08:00:00Z";

#[test]
fn import_selects_flagged_first_time_conversations_and_refuses_conflicts() -> TestResult {
    let mut ws = Workspace::in_memory()?;
    let s = ws.import(&year_2022(), "import:test.jsonl", "ria", T)?;
    assert_eq!((s.read, s.added, s.unchanged), (6, 6, 0));
    assert_eq!(s.selected_by_year.get(&2022), Some(&3));
    assert_eq!(s.selected_by_year.get(&2021), Some(&1));
    assert_eq!(ws.years()?, vec![2022, 2021]);
    let ids: Vec<String> = ws
        .selected(2022)?
        .into_iter()
        .map(|c| c.conversation_id)
        .collect();
    assert_eq!(ids, ["c1", "c2", "c3"]);
    // The same file again changes nothing.
    let again = ws.import(&year_2022(), "import:test.jsonl", "ria", T)?;
    assert_eq!((again.added, again.unchanged), (0, 6));
    // Other content under a known id: refused, and nothing of the batch is added.
    let mut changed = year_2022();
    changed[0].username = "iemand".into();
    changed.push(conv(
        "c9",
        "nieuw",
        "2022-07-01T12:00:00Z",
        true,
        None,
        "hoi",
    ));
    let err = ws.import(&changed, "import:other.jsonl", "ria", T).err();
    assert!(
        matches!(err, Some(WorkspaceError::Conflict { ref id, .. }) if id == "c1"),
        "{err:?}"
    );
    assert!(ws.conversation("c9")?.is_none());
    Ok(())
}

/// A helpline export where the counsellor never answered "Hulpvraag over mensenhandel?":
/// the flag is absent (or null from another platform). The importer reads it, does not select
/// it, and keeps it unknown (not "nee") in the conversation it shows.
#[test]
fn an_unanswered_flag_is_read_as_unknown_and_not_selected() -> TestResult {
    let line = |id: &str, flags: &str| {
        format!(
            r#"{{"conversation_id": "{id}", "channel": "fier", "username": "u{id}", "started_at": "2022-03-14T20:15:00Z", "intake": {{}}, "flags": {flags}, "messages": [{{"at": "2022-03-14T20:15:10Z", "from": "visitor", "text": "hoi"}}]}}"#
        )
    };
    let text = [
        line("n1", "{}"),
        line("n2", r#"{"trafficking": null}"#),
        line("n3", r#"{"trafficking": false}"#),
        line("n4", r#"{"trafficking": true}"#),
    ]
    .join("\n");
    let all = zicht_conversations::read_jsonl(text.as_bytes(), "export.jsonl")?;
    let mut ws = Workspace::in_memory()?;
    let s = ws.import(&all, "import:export.jsonl", "ria", T)?;
    assert_eq!((s.read, s.added), (4, 4));
    assert_eq!(s.selected_by_year.get(&2022), Some(&1));
    let ids: Vec<String> = ws
        .selected(2022)?
        .into_iter()
        .map(|c| c.conversation_id)
        .collect();
    assert_eq!(ids, ["n4"]);
    for (id, want) in [("n1", None), ("n2", None), ("n3", Some(false))] {
        let c = ws.conversation(id)?.ok_or("not imported")?;
        assert_eq!(c.flags.trafficking, want, "{id}");
    }
    Ok(())
}

#[test]
fn linking_makes_cases_and_values_follow_their_conversations() -> TestResult {
    let book = book()?;
    let mut ws = Workspace::in_memory()?;
    ws.import(&year_2022(), "test", "ria", T)?;
    // Three conversations are too few for rarity weights: a low threshold for this test.
    let options = LinkOptions {
        threshold: 5.0,
        ..LinkOptions::default()
    };
    let candidates = ws.candidates(2022, &options)?;
    assert_eq!(candidates.len(), 1, "{candidates:#?}");
    let (best, decision) = &candidates[0];
    assert_eq!((best.a.as_str(), best.b.as_str()), ("c1", "c2"));
    assert!(decision.is_none());
    assert_eq!(ws.cases(2022)?.len(), 3);

    // c2 coded on its own first, then linked into c1's case: its values move.
    ws.set_value(
        &book,
        "c2",
        FINAL,
        "victim_age",
        Some("16"),
        "form",
        "ria",
        T,
    )?;
    let reasons = serde_json::to_string(&best.reasons)?;
    ws.decide_link(
        "c2",
        "c1",
        true,
        Some(best.score),
        &reasons,
        "ria",
        "2026-11-28T08:01:00Z",
    )?;
    let cases = ws.cases(2022)?;
    assert_eq!(cases.len(), 2);
    assert_eq!(cases[0].conversations, ["c1", "c2"]);
    assert_eq!(cases[0].case_id, "c1");
    assert_eq!(
        ws.values("c1", FINAL)?
            .get("victim_age")
            .map(String::as_str),
        Some("16")
    );
    assert!(ws.values("c2", FINAL)?.is_empty());
    let audit = ws.audit("c1")?;
    assert!(
        audit
            .iter()
            .any(|e| e.via == "link" && e.new.as_deref() == Some("16"))
    );
    let f = ws.funnel(&book, 2022)?;
    assert_eq!((f.conversations, f.duplicates, f.open), (3, 1, 2));

    // Rejecting later splits the case again; the history keeps both decisions.
    ws.decide_link("c1", "c2", false, None, "[]", "sam", "2026-11-28T08:02:00Z")?;
    assert_eq!(ws.cases(2022)?.len(), 3);
    let history = ws.link_history("c1", "c2")?;
    assert_eq!(history.len(), 2);
    assert!(history[0].linked && !history[1].linked);
    assert_eq!(history[1].decided_by, "sam");
    assert!(matches!(
        ws.decide_link("c1", "c1", true, None, "[]", "x", T),
        Err(WorkspaceError::SelfLink(_))
    ));
    Ok(())
}

#[test]
fn coding_is_checked_against_the_codebook_and_audited() -> TestResult {
    let book = book()?;
    let mut ws = Workspace::in_memory()?;
    ws.import(&year_2022(), "test", "ria", T)?;
    // A bad code, an age out of range, a conditional value whose condition does not hold.
    for (col, val) in [
        ("exploitation", "piracy"),
        ("victim_age", "250"),
        ("perpetrator_family", "father"),
    ] {
        let err = ws
            .set_value(&book, "c1", FINAL, col, Some(val), "form", "ria", T)
            .err();
        let Some(WorkspaceError::Invalid {
            column, problems, ..
        }) = err
        else {
            return Err(format!("{col}: not refused").into());
        };
        assert_eq!(column.as_deref(), Some(col));
        let label = zicht_research::workspace::column_label(&book, col);
        assert!(problems[0].contains(&label), "{col}: {problems:?}");
        assert!(!problems[0].contains("expected"), "Dutch: {problems:?}");
    }
    assert!(matches!(
        ws.set_value(&book, "c1", FINAL, "year", Some("2022"), "form", "ria", T),
        Err(WorkspaceError::Derived(_))
    ));
    assert!(matches!(
        ws.set_value(
            &book,
            "c1",
            FINAL,
            "shoe_size",
            Some("40"),
            "form",
            "ria",
            T
        ),
        Err(WorkspaceError::NoColumn(_))
    ));
    assert!(
        ws.audit("c1")?.is_empty(),
        "a refused change leaves no trace"
    );

    ws.set_value(
        &book,
        "c1",
        FINAL,
        "perpetrator",
        Some("family"),
        "form",
        "ria",
        "t1",
    )?;
    ws.set_value(
        &book,
        "c1",
        FINAL,
        "perpetrator_family",
        Some("father"),
        "form",
        "ria",
        "t2",
    )?;
    // Changing the condition clears the dependent value, audited as `condition`.
    let changes = ws.set_value(
        &book,
        "c1",
        FINAL,
        "perpetrator",
        Some("partner"),
        "form",
        "sam",
        "t3",
    )?;
    assert_eq!(changes.len(), 2, "{changes:?}");
    let values = ws.values("c1", FINAL)?;
    assert_eq!(
        values.get("perpetrator").map(String::as_str),
        Some("partner")
    );
    assert!(!values.contains_key("perpetrator_family"));
    let audit = ws.audit("c1")?;
    let shown: Vec<String> = audit
        .iter()
        .map(|e| {
            format!(
                "{} {} {:?}->{:?} {} {}",
                e.at, e.column, e.old, e.new, e.via, e.by
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            "t1 perpetrator None->Some(\"family\") form ria",
            "t2 perpetrator_family None->Some(\"father\") form ria",
            "t3 perpetrator Some(\"family\")->Some(\"partner\") form sam",
            "t3 perpetrator_family Some(\"father\")->None condition sam",
        ]
    );
    // Setting the same value again changes nothing and audits nothing.
    assert!(
        ws.set_value(
            &book,
            "c1",
            FINAL,
            "perpetrator",
            Some("partner"),
            "form",
            "sam",
            "t4"
        )?
        .is_empty()
    );
    assert_eq!(ws.audit("c1")?.len(), 4);

    // Accepting a suggestion sets the value; a set suggestion sets its items.
    ws.decide_suggestion(
        &book,
        "c1",
        FINAL,
        "c1",
        "victim_age",
        "16",
        true,
        "ria",
        "t5",
    )?;
    ws.decide_suggestion(
        &book,
        "c1",
        FINAL,
        "c1",
        "coercion",
        "violence,age_gap",
        true,
        "ria",
        "t6",
    )?;
    ws.decide_suggestion(
        &book, "c1", FINAL, "c1", "chatter", "family", false, "ria", "t7",
    )?;
    let values = ws.values("c1", FINAL)?;
    assert_eq!(values.get("victim_age").map(String::as_str), Some("16"));
    assert_eq!(
        values.get("coercion_violence").map(String::as_str),
        Some("1")
    );
    assert_eq!(
        values.get("coercion_age_gap").map(String::as_str),
        Some("1")
    );
    assert!(!values.contains_key("chatter"));
    let decisions = ws.suggestion_decisions("c1", FINAL)?;
    assert_eq!(
        decisions.get(&("c1".into(), "chatter".into())),
        Some(&false)
    );
    assert_eq!(
        decisions.get(&("c1".into(), "victim_age".into())),
        Some(&true)
    );
    assert!(
        ws.audit("c1")?
            .iter()
            .any(|e| e.via == "suggestion" && e.column == "coercion_age_gap")
    );
    Ok(())
}

#[test]
fn double_coding_agreement_adjudication_and_export() -> TestResult {
    let book = book()?;
    let mut ws = Workspace::in_memory()?;
    ws.import(&year_2022(), "test", "ria", T)?;
    let ids: Vec<String> = ws.cases(2022)?.into_iter().map(|c| c.case_id).collect();
    assert_eq!(ws.assign(&ids, "anna", "bram", "lead", T)?, 3);
    for (case, a, b) in [
        ("c1", "sexual", "sexual"),
        ("c2", "sexual", "criminal"),
        ("c3", "labour", "labour"),
    ] {
        ws.set_value(
            &book,
            case,
            "anna",
            "exploitation",
            Some(a),
            "form",
            "anna",
            T,
        )?;
        ws.set_value(
            &book,
            case,
            "bram",
            "exploitation",
            Some(b),
            "form",
            "bram",
            T,
        )?;
        ws.set_value(
            &book,
            case,
            "anna",
            "victim_gender",
            Some("female"),
            "form",
            "anna",
            T,
        )?;
        ws.set_value(
            &book,
            case,
            "bram",
            "victim_gender",
            Some("female"),
            "form",
            "bram",
            T,
        )?;
    }
    // Nothing counts before both coders are done (issue 14, point 2).
    assert_eq!(ws.agreement(&book, 2022)?.cases, 0);
    for id in &ids {
        ws.mark_done(id, "anna", true, T)?;
    }
    assert_eq!(ws.agreement(&book, 2022)?.cases, 0, "only anna is done");
    for id in &ids {
        ws.mark_done(id, "bram", true, T)?;
    }
    let r = ws.agreement(&book, 2022)?;
    assert_eq!(r.cases, 3);
    // Filled from the conversations, not coded: not compared.
    assert!(r.column("channel").is_none());
    assert!(r.column("year").is_none());
    assert!(r.column("status").is_none());
    let Some(zicht_research::agreement::ColumnStats::Nominal { n, agreement, .. }) =
        r.column("exploitation")
    else {
        return Err("no exploitation".into());
    };
    assert_eq!(*n, 3);
    assert!(agreement.is_some_and(|a| (a - 2.0 / 3.0).abs() < 1e-12));
    assert_eq!(r.disagreements.len(), 1);
    assert_eq!(r.disagreements[0].case_id, "c2");

    // Export is refused while a case has no status.
    let err = ws
        .export_records(&book, 2022)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("c1") && err.contains("status"), "{err}");
    // The provisional export has the finished cases and names the open ones.
    let (records, open) = ws.export_provisional(&book, 2022)?;
    assert!(records.is_empty());
    assert_eq!(open, ids);

    for id in &ids {
        ws.set_value(
            &book,
            id,
            FINAL,
            "status",
            Some("included"),
            "form",
            "lead",
            T,
        )?;
        ws.adopt_agreed(&book, id, "lead", T)?;
        ws.mark_final(id, true, "lead", T)?;
    }
    assert_eq!(
        ws.values("c1", FINAL)?
            .get("exploitation")
            .map(String::as_str),
        Some("sexual")
    );
    assert!(!ws.values("c2", FINAL)?.contains_key("exploitation"));
    ws.set_value(
        &book,
        "c2",
        FINAL,
        "exploitation",
        Some("criminal"),
        "adjudication",
        "lead",
        T,
    )?;
    // A change of a final coding marked "klaar" takes the mark back (tenth
    // walk, finding 1), recorded under who changed it; marked anew.
    assert!(!ws.marked_final(2022)?.contains("c2"));
    assert_eq!(
        ws.final_marks(2022)?.last(),
        Some(&("c2".to_string(), false, "lead".to_string(), T.to_string()))
    );
    ws.mark_final("c2", true, "lead", T)?;
    ws.set_value(
        &book,
        "c3",
        FINAL,
        "status",
        Some("excluded"),
        "form",
        "lead",
        T,
    )?;
    ws.set_value(
        &book,
        "c3",
        FINAL,
        "exclusion_reason",
        Some("other"),
        "form",
        "lead",
        T,
    )?;
    let f = ws.funnel(&book, 2022)?;
    assert_eq!(
        (
            f.conversations,
            f.duplicates,
            f.excluded,
            f.included,
            f.open
        ),
        (3, 0, 1, 2, 0)
    );

    let mut csv = Vec::new();
    assert_eq!(ws.export_csv(&book, 2022, &mut csv)?, 3);
    let table = zicht_cases::read_reader(csv.as_slice(), "export.csv", &book)?;
    assert_eq!(table.len(), 3);
    let text = String::from_utf8(csv)?;
    assert!(
        text.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("c1,2022,2022-03-14,fier,1,included")),
        "{text}"
    );
    Ok(())
}

#[test]
fn undo_reverts_the_last_change_with_its_conditions_and_is_audited() -> TestResult {
    let book = book()?;
    let mut ws = Workspace::in_memory()?;
    ws.import(&year_2022(), "test", "ria", T)?;
    assert!(
        ws.undo_last("c1", FINAL, "ria", T)?.is_empty(),
        "nothing to undo"
    );
    ws.set_value(
        &book,
        "c1",
        FINAL,
        "perpetrator",
        Some("family"),
        "form",
        "ria",
        "t1",
    )?;
    ws.set_value(
        &book,
        "c1",
        FINAL,
        "perpetrator_family",
        Some("father"),
        "form",
        "ria",
        "t2",
    )?;
    // Changing the perpetrator clears the family member (a condition): one change.
    ws.set_value(
        &book,
        "c1",
        FINAL,
        "perpetrator",
        Some("partner"),
        "form",
        "ria",
        "t3",
    )?;
    assert!(!ws.values("c1", FINAL)?.contains_key("perpetrator_family"));
    // Another researcher cannot take ria's change back: refused, nothing changes.
    assert!(ws.undo_last("c1", FINAL, "bo", "t4").is_err());
    assert_eq!(
        ws.values("c1", FINAL)?
            .get("perpetrator")
            .map(String::as_str),
        Some("partner")
    );
    let undone = ws.undo_last("c1", FINAL, "ria", "t4")?;
    assert_eq!(undone.len(), 2);
    let v = ws.values("c1", FINAL)?;
    assert_eq!(v.get("perpetrator").map(String::as_str), Some("family"));
    assert_eq!(
        v.get("perpetrator_family").map(String::as_str),
        Some("father")
    );
    // A second undo undoes the change before.
    ws.undo_last("c1", FINAL, "ria", "t5")?;
    assert!(!ws.values("c1", FINAL)?.contains_key("perpetrator_family"));
    assert_eq!(
        ws.values("c1", FINAL)?
            .get("perpetrator")
            .map(String::as_str),
        Some("family")
    );
    let audit = ws.audit("c1")?;
    assert_eq!(audit.iter().filter(|e| e.via == "undo").count(), 3);
    assert!(
        audit
            .iter()
            .filter(|e| e.via == "undo")
            .all(|e| e.by == "ria")
    );
    // Another version is untouched.
    assert!(ws.undo_last("c1", "anna", "anna", "t6")?.is_empty());
    Ok(())
}

#[test]
fn a_case_goes_to_the_discussion_and_its_decision_is_recorded() -> TestResult {
    let mut ws = Workspace::in_memory()?;
    ws.import(&year_2022(), "test", "ria", T)?;
    assert!(ws.ask_discussion("c1", "  ", "ria", T).is_err());
    assert!(
        ws.decide_discussion("c1", "ja", "bo", T).is_err(),
        "nothing open"
    );
    ws.ask_discussion(
        "c1",
        "Is dit uitbuiting of hulp bij een vlucht?",
        "ria",
        "t1",
    )?;
    let open = ws.discussions(2022)?;
    assert_eq!(open.len(), 1);
    assert!(open[0].decision.is_none());
    ws.decide_discussion("c1", "Criminele uitbuiting, includeren.", "bo", "t2")?;
    let d = &ws.case_discussions("c1")?[0];
    assert_eq!(
        d.decision.as_deref(),
        Some("Criminele uitbuiting, includeren.")
    );
    assert_eq!(
        (d.decided_by.as_deref(), d.decided_at.as_deref()),
        (Some("bo"), Some("t2"))
    );
    assert!(ws.ask_discussion("nope", "vraag", "ria", T).is_err());
    Ok(())
}

#[test]
fn the_next_undo_names_who_made_the_change() -> TestResult {
    let book = book()?;
    let mut ws = Workspace::in_memory()?;
    ws.import(&year_2022(), "test", "ria", T)?;
    assert_eq!(ws.next_undo_author("c1", FINAL)?, None);
    ws.set_value(&book, "c1", FINAL, "language", Some("nl"), "form", "ria", T)?;
    ws.set_value(
        &book,
        "c1",
        FINAL,
        "victim_age",
        Some("16"),
        "form",
        "bo",
        T,
    )?;
    // The undo would take back bo's age: the page names bo to ria.
    assert_eq!(ws.next_undo_author("c1", FINAL)?.as_deref(), Some("bo"));
    Ok(())
}

#[test]
fn a_discussion_follows_its_case_into_a_link_and_stays_readable() -> TestResult {
    let mut ws = Workspace::in_memory()?;
    ws.import(&year_2022(), "test", "ria", T)?;
    ws.ask_discussion("c2", "Hoort dit gesprek bij c1?", "ria", "t1")?;
    ws.decide_discussion("c2", "Ja, koppelen.", "bo", "t2")?;
    // c2 is linked into c1's case: the discussion moves with it, sealed
    // again with the kept case's key.
    ws.decide_link("c2", "c1", true, Some(12.0), "[]", "ria", "t3")?;
    let all = ws.discussions(2022)?;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].case_id, "c1");
    assert_eq!(all[0].question, "Hoort dit gesprek bij c1?");
    assert_eq!(all[0].decision.as_deref(), Some("Ja, koppelen."));
    Ok(())
}

/// Walk finding 1: two decisions in the same second are two changes; undo reverts only the last.
#[test]
fn undo_reverts_exactly_the_last_decision_even_within_one_second() -> TestResult {
    let book = book()?;
    let mut ws = Workspace::in_memory()?;
    ws.import(&year_2022(), "test", "ria", T)?;
    for (column, value) in [("perpetrator", "family"), ("language", "nl")] {
        ws.set_value(&book, "c1", FINAL, column, Some(value), "form", "ria", T)?;
    }
    let undone = ws.undo_last("c1", FINAL, "ria", T)?;
    assert_eq!(undone.len(), 1, "{undone:?}");
    assert_eq!(undone[0].column, "language");
    let v = ws.values("c1", FINAL)?;
    assert_eq!(v.get("perpetrator").map(String::as_str), Some("family"));
    assert!(!v.contains_key("language"));
    // An accepted set suggestion is one decision: one undo takes back every item.
    ws.set_value(
        &book,
        "c1",
        FINAL,
        "exploitation",
        Some("sexual"),
        "form",
        "ria",
        T,
    )?;
    let set = book.sets.first().ok_or("no set")?;
    let items: Vec<String> = set.items.iter().take(2).map(|i| i.code.clone()).collect();
    let accepted = ws.decide_suggestion(
        &book,
        "c1",
        FINAL,
        "c1",
        &set.name,
        &items.join(","),
        true,
        "ria",
        T,
    )?;
    if accepted.len() == 2 {
        assert_eq!(ws.undo_last("c1", FINAL, "ria", T)?.len(), 2);
    }
    assert_eq!(
        ws.values("c1", FINAL)?
            .get("exploitation")
            .map(String::as_str),
        Some("sexual")
    );
    Ok(())
}

/// Two coders who finished c1 and c2; c1's exploitation differs (empty against a value on c2).
fn double_coded(ws: &mut Workspace, book: &Codebook) -> TestResult {
    ws.import(&year_2022(), "test", "ria", T)?;
    ws.assign(&["c1".into(), "c2".into()], "anna", "bram", "lead", T)?;
    for (case, coder, value) in [
        ("c1", "anna", Some("sexual")),
        ("c1", "bram", Some("labour")),
        ("c2", "anna", Some("sexual")),
        ("c2", "bram", None),
    ] {
        ws.set_value(
            book,
            case,
            coder,
            "victim_gender",
            Some("female"),
            "form",
            coder,
            T,
        )?;
        if let Some(v) = value {
            ws.set_value(book, case, coder, "exploitation", Some(v), "form", coder, T)?;
        }
        ws.mark_done(case, coder, true, T)?;
    }
    for case in ["c1", "c2", "c3"] {
        ws.set_value(
            book,
            case,
            FINAL,
            "status",
            Some("included"),
            "form",
            "lead",
            T,
        )?;
        ws.adopt_agreed(book, case, "lead", T)?;
        ws.mark_final(case, true, "lead", T)?;
    }
    Ok(())
}

/// Walk finding 2: a case with unresolved differences is not settled and never exported with an empty value.
#[test]
fn unresolved_differences_keep_a_case_open() -> TestResult {
    let book = book()?;
    let mut ws = Workspace::in_memory()?;
    double_coded(&mut ws, &book)?;
    let unsettled = ws.unsettled(&book, 2022)?;
    assert_eq!(
        unsettled.keys().collect::<Vec<_>>(),
        ["c1", "c2"],
        "empty against a value is a difference too: {unsettled:?}"
    );
    assert_eq!(ws.funnel(&book, 2022)?.open, 2);
    let err = ws
        .export_records(&book, 2022)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains(
            "casus c1: verschillen tussen de codeurs nog niet beslecht (Vorm van uitbuiting)"
        ),
        "{err}"
    );
    let (records, open) = ws.export_provisional(&book, 2022)?;
    assert_eq!(records.len(), 1, "only c3");
    assert_eq!(open, ["c1", "c2"]);
    // Adjudicated: a final value, or left empty on purpose.
    ws.set_value(
        &book,
        "c1",
        FINAL,
        "exploitation",
        Some("labour"),
        "adjudication",
        "lead",
        T,
    )?;
    ws.resolve_empty(&book, "c2", "exploitation", "lead", T)?;
    assert!(ws.unsettled(&book, 2022)?.is_empty());
    // The value adjudicated took c1's "klaar" back (tenth walk, finding 1):
    // marked anew, the case is finished.
    assert!(ws.export_records(&book, 2022).is_err());
    ws.mark_final("c1", true, "lead", T)?;
    assert_eq!(ws.export_records(&book, 2022)?.len(), 3);
    Ok(())
}

/// Walk finding 4: for finished cases an empty cell against a value counts in n as a disagreement.
#[test]
fn the_workspace_reliability_counts_empty_against_a_value() -> TestResult {
    let book = book()?;
    let mut ws = Workspace::in_memory()?;
    double_coded(&mut ws, &book)?;
    let detail = ws.agreement_detail(&book, 2022)?;
    let Some(zicht_research::agreement::ColumnStats::Nominal { n, agreement, .. }) =
        detail.agreement.column("exploitation")
    else {
        return Err("no exploitation".into());
    };
    assert_eq!(*n, 2, "both cases count");
    assert_eq!(*agreement, Some(0.0));
    assert_eq!(
        detail.coders.get("c1"),
        Some(&("anna".to_string(), "bram".to_string()))
    );
    assert_eq!(detail.assigned, 2);
    Ok(())
}

/// Walk finding 3: linking carries the coding and the double coding over to the kept case,
/// and refuses (in words) what would throw a value away.
#[test]
fn linking_carries_the_coding_over_or_refuses_in_words() -> TestResult {
    let book = book()?;
    let mut ws = Workspace::in_memory()?;
    ws.import(&year_2022(), "test", "ria", T)?;
    ws.assign(&["c2".into()], "anna", "bram", "lead", T)?;
    ws.set_value(
        &book,
        "c2",
        "anna",
        "exploitation",
        Some("sexual"),
        "form",
        "anna",
        T,
    )?;
    ws.set_value(&book, "c2", FINAL, "language", Some("nl"), "form", "ria", T)?;
    ws.set_value(
        &book,
        "c1",
        FINAL,
        "perpetrator",
        Some("family"),
        "form",
        "ria",
        T,
    )?;
    ws.ask_discussion("c2", "Zelfde persoon?", "ria", T)?;
    let note = ws.merge_note("c1", "c2")?.unwrap_or_default();
    assert!(
        note.contains("casus c2 op in casus c1") && note.contains("anna en bram"),
        "{note}"
    );
    ws.decide_link("c1", "c2", true, None, "[]", "ria", T)?;
    let v = ws.values("c1", FINAL)?;
    assert_eq!(v.get("language").map(String::as_str), Some("nl"));
    assert_eq!(v.get("perpetrator").map(String::as_str), Some("family"));
    assert_eq!(
        ws.values("c1", "anna")?
            .get("exploitation")
            .map(String::as_str),
        Some("sexual")
    );
    let assigned: Vec<String> = ws
        .assignments(2022)?
        .into_iter()
        .map(|a| a.case_id)
        .collect();
    assert_eq!(assigned, ["c1", "c1"]);
    assert_eq!(ws.case_discussions("c1")?.len(), 1);
    assert_eq!(
        ws.case_of_conversation("c2")?.map(|c| c.case_id).as_deref(),
        Some("c1")
    );
    // Undo the link; code the two differently; linking again is refused in words.
    ws.decide_link("c1", "c2", false, None, "[]", "ria", T)?;
    ws.set_value(
        &book,
        "c2",
        FINAL,
        "language",
        Some("other"),
        "form",
        "ria",
        T,
    )?;
    let conflicts = ws.merge_conflicts(&book, "c1", "c2")?;
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert!(
        conflicts[0].contains("casus c1 zegt „Nederlands”"),
        "{conflicts:?}"
    );
    assert!(matches!(
        ws.decide_link("c1", "c2", true, None, "[]", "ria", T),
        Err(WorkspaceError::Refused(_))
    ));
    assert_eq!(ws.cases(2022)?.len(), 3, "nothing changed");
    Ok(())
}

/// Second walk, findings 2, 3 and 5: a finished blind coding is locked until
/// reopened (recorded, as each mark is); when both are done the adjudicator
/// adopts the agreed values as their own change;
/// linking into a finished case opens it again, said before the click.
#[test]
fn a_finished_coding_is_locked_agreed_values_go_final_and_linking_reopens() -> TestResult {
    let book = book()?;
    let mut ws = Workspace::in_memory()?;
    ws.import(&year_2022(), "test", "ria", T)?;
    ws.assign(&["c1".into()], "anna", "bram", "lead", T)?;
    for (coder, age) in [("anna", "22"), ("bram", "21")] {
        ws.set_value(
            &book,
            "c1",
            coder,
            "victim_age",
            Some(age),
            "form",
            coder,
            T,
        )?;
        ws.set_value(&book, "c1", coder, "language", Some("nl"), "form", coder, T)?;
    }
    assert_eq!(ws.finish("c1", "anna", T)?, (true, false));
    assert!(matches!(
        ws.set_value(
            &book,
            "c1",
            "anna",
            "victim_age",
            Some("30"),
            "form",
            "anna",
            T
        ),
        Err(WorkspaceError::Refused(_))
    ));
    assert!(
        ws.undo_last("c1", "anna", "anna", T).is_err(),
        "locked for undo too"
    );
    assert!(!ws.values("c1", FINAL)?.contains_key("language"));
    assert_eq!(ws.finish("c1", "bram", T)?, (true, true));
    // Finishing takes nothing over (seventh walk, point 3): the researcher
    // who adjudicates adopts what both agree on, as their own change.
    assert!(!ws.values("c1", FINAL)?.contains_key("language"));
    assert_eq!(
        ws.agreed_to_adopt(&book, "c1")?,
        vec!["language".to_string()]
    );
    assert_eq!(ws.adopt_agreed(&book, "c1", "lead", T)?, 1);
    let v = ws.values("c1", FINAL)?;
    assert_eq!(
        v.get("language").map(String::as_str),
        Some("nl"),
        "agreed: final"
    );
    assert!(!v.contains_key("victim_age"), "differs: to adjudicate");
    assert!(
        ws.audit("c1")?
            .iter()
            .any(|e| e.via == "adjudication" && e.column == "language" && e.by == "lead")
    );
    assert_eq!(ws.next_undo_author("c1", FINAL)?.as_deref(), Some("lead"));
    assert!(
        ws.undo_last("c1", FINAL, "bram", T).is_err(),
        "bram's finishing adopted nothing"
    );
    // Reopening is explicit and recorded.
    ws.mark_done("c1", "anna", false, T)?;
    assert!(
        ws.audit("c1")?
            .iter()
            .any(|e| e.via == "reopen" && e.version == "anna")
    );
    ws.set_value(
        &book,
        "c1",
        "anna",
        "victim_age",
        Some("21"),
        "form",
        "anna",
        T,
    )?;
    ws.finish("c1", "anna", T)?;
    // Each "klaar" is in the case's log, the one the reopening took back too
    // (seventh walk, point 6).
    let marks: Vec<(String, String)> = ws
        .audit("c1")?
        .iter()
        .filter(|e| e.via == "done" || e.via == "reopen")
        .map(|e| (e.version.clone(), e.via.clone()))
        .collect();
    let pair = |v: &str, via: &str| (v.to_string(), via.to_string());
    assert_eq!(
        marks,
        vec![
            pair("anna", "done"),
            pair("bram", "done"),
            pair("anna", "reopen"),
            pair("anna", "done")
        ]
    );
    // Linking c2 into the finished c1: warned before, both coders' "done" gone after.
    let note = ws.merge_note("c1", "c2")?.unwrap_or_default();
    assert!(
        note.contains("anna en bram meldden de dubbele codering al als klaar"),
        "{note}"
    );
    ws.decide_link("c1", "c2", true, None, "[]", "ria", T)?;
    assert!(ws.assignments(2022)?.iter().all(|a| a.done_at.is_none()));
    Ok(())
}

#[test]
fn a_save_built_from_an_older_page_does_not_overwrite_a_colleagues_change() -> TestResult {
    let book = book()?;
    let mut ws = Workspace::in_memory()?;
    ws.import(&year_2022(), "test", "ria", T)?;
    ws.set_value(
        &book,
        "c1",
        FINAL,
        "victim_age",
        Some("15"),
        "form",
        "ria",
        T,
    )?;
    // Both researchers open the case now.
    let seen = ws.last_change("c1")?;
    assert!(seen > 0);
    ws.set_value(
        &book,
        "c1",
        FINAL,
        "victim_age",
        Some("17"),
        "form",
        "bram",
        T,
    )?;
    // Ria's page still shows 15; her 16 would silently replace Bram's 17.
    let Err(WorkspaceError::Changed { column, message }) =
        ws.check_unchanged(&book, "c1", FINAL, "victim_age", seen, "ria", Some("16"))
    else {
        return Err("not refused".into());
    };
    assert_eq!(column, "victim_age");
    assert_eq!(
        message,
        "bram heeft Leeftijd slachtoffer intussen op 17 gezet; jouw waarde 16 is niet opgeslagen. Pagina vernieuwen of toch jouw waarde opslaan."
    );
    // The same value as Bram's loses nothing; Bram's own page, at the
    // sequence of his save's answer, is not refused; a window of Bram's that
    // did not see that save is (tenth walk, finding 3); another field merges
    // without a question; a page built after is fine.
    ws.check_unchanged(&book, "c1", FINAL, "victim_age", seen, "ria", Some("17"))?;
    let after = ws.last_change("c1")?;
    ws.check_unchanged(&book, "c1", FINAL, "victim_age", after, "bram", Some("18"))?;
    let Err(WorkspaceError::Changed { message, .. }) =
        ws.check_unchanged(&book, "c1", FINAL, "victim_age", seen, "bram", Some("18"))
    else {
        panic!("Bram's other window is asked");
    };
    assert!(
        message
            .starts_with("Je hebt Leeftijd slachtoffer intussen in een ander venster op 17 gezet"),
        "{message}"
    );
    ws.check_unchanged(
        &book,
        "c1",
        FINAL,
        "exploitation",
        seen,
        "ria",
        Some("sexual"),
    )?;
    ws.check_unchanged(
        &book,
        "c1",
        FINAL,
        "victim_age",
        ws.last_change("c1")?,
        "ria",
        Some("16"),
    )?;
    // A field emptied by someone else says so.
    ws.set_value(&book, "c1", FINAL, "victim_age", None, "form", "bram", T)?;
    let Err(WorkspaceError::Changed { message, .. }) =
        ws.check_unchanged(&book, "c1", FINAL, "victim_age", seen, "ria", Some("16"))
    else {
        return Err("not refused".into());
    };
    assert!(
        message.starts_with("bram heeft Leeftijd slachtoffer intussen leeggemaakt; jouw waarde 16"),
        "{message}"
    );
    Ok(())
}
