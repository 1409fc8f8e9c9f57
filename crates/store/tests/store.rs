//! The store against a real SQLite file and a real PostgreSQL database: migrations, sequence numbers, resends, export, retention.
//!
//! Every test runs on both backends (`zicht_store::testdb`): PostgreSQL when
//! `ZICHT_TEST_POSTGRES` names a server, else that half is skipped with a line.

use zicht_store::testdb::{Place, places};
use zicht_store::{
    EndedBy, Filter, Gender, NewConversation, NewMessage, Registration, Role, Sender, State,
};

type R = Result<(), Box<dyn std::error::Error>>;

const RD: zicht_store::Reader<'static> = zicht_store::Reader::Staff {
    name: "test",
    purpose: zicht_store::Purpose::Export,
};

/// Runs `check` on every backend, naming the backend in a failure.
fn both(name: &str, check: fn(&Place) -> R) -> R {
    for place in places(name)? {
        check(&place).map_err(|e| format!("{}: {e}", place.label()))?;
    }
    Ok(())
}

fn new_conv(public_id: &str, created_at: &str) -> NewConversation {
    NewConversation {
        public_id: public_id.into(),
        token_hash: public_id.as_bytes().to_vec(),
        channel: "fier".into(),
        username: format!("user-{public_id}"),
        age: Some(17),
        gender: Some(Gender::Female),
        lang: "nl".into(),
        created_at: created_at.into(),
    }
}

fn msg(conversation_id: i64, from: Sender, client_id: &str, text: &str) -> NewMessage {
    NewMessage {
        conversation_id,
        from,
        counsellor_id: None,
        client_id: client_id.into(),
        at: "2022-03-14T20:15:10Z".into(),
        text: text.into(),
    }
}

#[test]
fn migrations_run_once_and_reopen_keeps_data() -> R {
    both(
        "migrations_run_once_and_reopen_keeps_data",
        migrations_run_once_and_reopen_keeps_data_on,
    )
}

fn migrations_run_once_and_reopen_keeps_data_on(place: &Place) -> R {
    let store = place.open(zicht_store::test_vault())?;
    let conn = store.connect()?;
    let id = conn.add_user(
        "anna",
        Role::Counsellor,
        "$argon2id$x",
        "2022-01-01T00:00:00Z",
    )?;
    drop(conn);
    let again = place.open(zicht_store::test_vault())?.connect()?;
    let anna = again.user_by_name("anna")?.ok_or("anna is gone")?;
    assert_eq!(anna.id, id);
    assert_eq!(anna.role, Role::Counsellor);
    assert!(matches!(
        again.add_user("anna", Role::Admin, "x", "2022-01-01T00:00:00Z"),
        Err(zicht_store::StoreError::UserExists(_))
    ));
    Ok(())
}

#[test]
fn messages_get_consecutive_seq_and_a_resend_is_not_stored_twice() -> R {
    both(
        "messages_get_consecutive_seq_and_a_resend_is_not_stored_twice",
        messages_get_consecutive_seq_and_a_resend_is_not_stored_twice_on,
    )
}

fn messages_get_consecutive_seq_and_a_resend_is_not_stored_twice_on(place: &Place) -> R {
    let store = place.open(zicht_store::test_vault())?;
    let c = store.connect()?;
    let a = c.create_conversation(&new_conv("c-a", "2022-03-14T20:15:00Z"))?;
    let b = c.create_conversation(&new_conv("c-b", "2022-03-14T20:16:00Z"))?;
    assert_eq!(
        c.append_message(&msg(a, Sender::Visitor, "v1", "hoi"))?.seq,
        1
    );
    assert_eq!(
        c.append_message(&msg(b, Sender::Visitor, "v1", "hallo"))?
            .seq,
        1
    );
    assert_eq!(
        c.append_message(&msg(a, Sender::Counsellor, "v1", "Hoi!"))?
            .seq,
        2
    );
    let again = c.append_message(&msg(a, Sender::Visitor, "v1", "hoi"))?;
    assert_eq!((again.seq, again.new), (1, false));
    assert_eq!(
        c.append_message(&msg(a, Sender::Visitor, "v2", "ben je er?"))?
            .seq,
        3
    );
    let texts: Vec<_> = c
        .messages(a, 0, zicht_store::Reader::Visitor)?
        .into_iter()
        .map(|m| (m.seq, m.text))
        .collect();
    assert_eq!(
        texts,
        vec![
            (1, "hoi".into()),
            (2, "Hoi!".into()),
            (3, "ben je er?".into())
        ]
    );
    assert_eq!(c.messages(a, 2, zicht_store::Reader::Visitor)?.len(), 1);
    assert_eq!(c.conversation("c-a")?.ok_or("c-a")?.last_seq, 3);
    Ok(())
}

#[test]
fn a_failed_job_in_a_batch_undoes_only_itself() -> R {
    both(
        "a_failed_job_in_a_batch_undoes_only_itself",
        a_failed_job_in_a_batch_undoes_only_itself_on,
    )
}

fn a_failed_job_in_a_batch_undoes_only_itself_on(place: &Place) -> R {
    let store = place.open(zicht_store::test_vault())?;
    let c = store.connect()?;
    c.begin()?;
    c.savepoint(|c| c.create_conversation(&new_conv("c-1", "2022-01-01T00:00:00Z")))?;
    let dup = c.savepoint(|c| c.create_conversation(&new_conv("c-1", "2022-01-01T00:00:00Z")));
    assert!(dup.is_err());
    c.savepoint(|c| c.create_conversation(&new_conv("c-2", "2022-01-01T00:00:00Z")))?;
    c.commit()?;
    assert_eq!(c.conversations(Filter::default())?.len(), 2);
    Ok(())
}

#[test]
fn take_transfer_end_move_the_state() -> R {
    both(
        "take_transfer_end_move_the_state",
        take_transfer_end_move_the_state_on,
    )
}

fn take_transfer_end_move_the_state_on(place: &Place) -> R {
    let store = place.open(zicht_store::test_vault())?;
    let c = store.connect()?;
    let u1 = c.add_user("u1", Role::Counsellor, "h", "2022-01-01T00:00:00Z")?;
    let u2 = c.add_user("u2", Role::Counsellor, "h", "2022-01-01T00:00:00Z")?;
    let id = c.create_conversation(&new_conv("c-1", "2022-01-01T00:00:00Z"))?;
    assert_eq!(c.open_conversations()?.len(), 1);
    assert!(c.take(id, u1, "2022-01-01T00:01:00Z")?);
    assert!(!c.take(id, u2, "2022-01-01T00:01:00Z")?, "taken twice");
    assert!(c.transfer(id, u1, u2, "2022-01-01T00:02:00Z")?);
    let info = c.conversation_by_token(b"c-1")?.ok_or("by token")?;
    assert_eq!((info.state, info.counsellor_id), (State::Active, Some(u2)));
    assert!(c.end(id, EndedBy::Visitor, None, "2022-01-01T00:03:00Z")?);
    assert!(!c.end(id, EndedBy::Counsellor, Some(u2), "2022-01-01T00:03:00Z")?);
    assert!(c.open_conversations()?.is_empty());
    Ok(())
}

#[test]
fn only_a_waiting_conversation_ends_as_abandoned() -> R {
    both(
        "only_a_waiting_conversation_ends_as_abandoned",
        only_a_waiting_conversation_ends_as_abandoned_on,
    )
}

fn only_a_waiting_conversation_ends_as_abandoned_on(place: &Place) -> R {
    let store = place.open(zicht_store::test_vault())?;
    let c = store.connect()?;
    let u1 = c.add_user("u1", Role::Counsellor, "h", "2022-01-01T00:00:00Z")?;
    let waiting = c.create_conversation(&new_conv("c-w", "2022-01-01T00:00:00Z"))?;
    let taken = c.create_conversation(&new_conv("c-t", "2022-01-01T00:00:00Z"))?;
    assert!(c.take(taken, u1, "2022-01-01T00:01:00Z")?);
    assert!(
        !c.end_waiting(taken, "2022-01-01T00:02:00Z")?,
        "taken meanwhile"
    );
    assert!(c.end_waiting(waiting, "2022-01-01T00:02:00Z")?);
    assert!(
        !c.end_waiting(waiting, "2022-01-01T00:03:00Z")?,
        "ended twice"
    );
    let info = c.conversation("c-w")?.ok_or("c-w")?;
    assert_eq!(
        (info.state, info.ended_by),
        (State::Ended, Some(EndedBy::System))
    );
    assert_eq!(c.conversation("c-t")?.ok_or("c-t")?.state, State::Active);
    Ok(())
}

#[test]
fn export_writes_the_exchange_format_for_a_year_and_flagged_only() -> R {
    both(
        "export_writes_the_exchange_format_for_a_year_and_flagged_only",
        export_writes_the_exchange_format_for_a_year_and_flagged_only_on,
    )
}

fn export_writes_the_exchange_format_for_a_year_and_flagged_only_on(place: &Place) -> R {
    let store = place.open(zicht_store::test_vault())?;
    let c = store.connect()?;
    let u = c.add_user("u", Role::Counsellor, "h", "2022-01-01T00:00:00Z")?;
    let a = c.create_conversation(&new_conv("c-a", "2022-03-14T20:15:00Z"))?;
    let b = c.create_conversation(&new_conv("c-b", "2022-05-01T10:00:00Z"))?;
    let _other_year = c.create_conversation(&new_conv("c-c", "2023-01-01T00:00:00Z"))?;
    // Nobody answered "Hulpvraag over mensenhandel?" here (finding 7 of walk-console12).
    let _unanswered = c.create_conversation(&new_conv("c-d", "2022-06-01T10:00:00Z"))?;
    c.append_message(&msg(a, Sender::Visitor, "1", "hoi"))?;
    c.append_message(&msg(
        a,
        Sender::Counsellor,
        "2",
        "Hoi, fijn dat je er bent.",
    ))?;
    let reg = Registration {
        trafficking: Some(true),
        first_time: Some(false),
        categories: vec!["sexual_violence".into()],
        referrals: vec!["police_avim".into()],
        referral_other: String::new(),
        notes: "wil later terugkomen".into(),
        victim_age: Some(15),
        exploitation: Some("sexual".into()),
    };
    c.save_registration(a, &reg, u, "2022-03-14T21:00:00Z")?;
    assert_eq!(c.registration(a)?, Some(reg));
    c.save_registration(
        b,
        &Registration {
            trafficking: Some(false),
            ..Default::default()
        },
        u,
        "2022-05-01T11:00:00Z",
    )?;

    let year = c.export(
        Filter {
            year: Some(2022),
            flagged_only: false,
        },
        RD,
    )?;
    assert_eq!(year.len(), 3);
    // "nee" is written as false; "nog niet bekend" leaves the key out, never false.
    let line =
        |c: &zicht_conversations::Conversation| -> Result<String, Box<dyn std::error::Error>> {
            let mut buf = Vec::new();
            zicht_conversations::write_jsonl(&mut buf, std::slice::from_ref(c))?;
            Ok(String::from_utf8(buf)?)
        };
    assert_eq!(year[1].conversation_id, "c-b");
    assert_eq!(year[1].flags.trafficking, Some(false));
    assert!(line(&year[1])?.contains(r#""trafficking":false"#));
    assert_eq!(year[2].conversation_id, "c-d");
    assert_eq!(year[2].flags.trafficking, None);
    assert!(
        !line(&year[2])?.contains("trafficking"),
        "{}",
        line(&year[2])?
    );
    let flagged = c.export(
        Filter {
            year: Some(2022),
            flagged_only: true,
        },
        RD,
    )?;
    assert_eq!(flagged.len(), 1);
    let mut buf = Vec::new();
    zicht_conversations::write_jsonl(&mut buf, &flagged)?;
    let back = zicht_conversations::read_jsonl(buf.as_slice(), "export.jsonl")?;
    assert_eq!(back, flagged);
    let one = &back[0];
    assert_eq!(one.conversation_id, "c-a");
    assert_eq!(one.intake.gender.as_deref(), Some("female"));
    assert_eq!(one.flags.trafficking, Some(true));
    // A returning visitor: the research side leaves this conversation out of the selection.
    assert_eq!(
        one.flags.other.get("first_time"),
        Some(&serde_json::Value::Bool(false))
    );
    assert!(
        !year[1].flags.other.contains_key("first_time"),
        "not registered"
    );
    assert_eq!(one.messages.len(), 2);
    assert_eq!(one.messages[1].from, Sender::Counsellor);
    Ok(())
}

#[test]
fn retention_removes_old_transcripts_and_keeps_the_registration_codes() -> R {
    both(
        "retention_removes_old_transcripts_and_keeps_the_registration_codes",
        retention_removes_old_transcripts_and_keeps_the_registration_codes_on,
    )
}

fn retention_removes_old_transcripts_and_keeps_the_registration_codes_on(place: &Place) -> R {
    let store = place.open(zicht_store::test_vault())?;
    let c = store.connect()?;
    let u = c.add_user("u", Role::Counsellor, "h", "2022-01-01T00:00:00Z")?;
    let old = c.create_conversation(&new_conv("c-old", "2022-01-01T10:00:00Z"))?;
    let new = c.create_conversation(&new_conv("c-new", "2022-06-01T10:00:00Z"))?;
    c.append_message(&msg(old, Sender::Visitor, "1", "geheim"))?;
    c.append_message(&msg(new, Sender::Visitor, "1", "recent"))?;
    c.end(old, EndedBy::Visitor, None, "2022-01-01T11:00:00Z")?;
    c.save_registration(
        old,
        &Registration {
            trafficking: Some(true),
            notes: "n".into(),
            victim_age: Some(16),
            exploitation: Some("labour".into()),
            ..Default::default()
        },
        u,
        "2022-01-01T11:00:00Z",
    )?;
    let purged = c.purge_before("2022-03-01T00:00:00Z", "2022-06-02T00:00:00Z")?;
    assert_eq!((purged.conversations, purged.messages), (1, 1));
    assert!(c.messages(old, 0, zicht_store::Reader::Visitor)?.is_empty());
    assert_eq!(c.messages(new, 0, zicht_store::Reader::Visitor)?.len(), 1);
    assert!(
        c.conversation_by_token(b"c-old")?.is_none(),
        "the old token still opens it"
    );
    let info = c.conversation("c-old")?.ok_or("row gone")?;
    assert_eq!(info.username, "");
    assert!(info.purged_at.is_some());
    let reg = c.registration(old)?.ok_or("registration gone")?;
    assert_eq!((reg.trafficking, reg.notes.as_str()), (Some(true), ""));
    // The victim's age and form of exploitation are sealed with the notes: gone with the key.
    assert_eq!((reg.victim_age, reg.exploitation), (None, None));
    assert_eq!(
        c.purge_before("2022-03-01T00:00:00Z", "2022-06-03T00:00:00Z")?
            .conversations,
        0
    );
    Ok(())
}

#[test]
fn retention_never_cuts_off_a_chat_that_is_still_going_on() -> R {
    both(
        "retention_never_cuts_off_a_chat_that_is_still_going_on",
        retention_never_cuts_off_a_chat_that_is_still_going_on_on,
    )
}

fn retention_never_cuts_off_a_chat_that_is_still_going_on_on(place: &Place) -> R {
    let store = place.open(zicht_store::test_vault())?;
    let c = store.connect()?;
    // Started long ago, never ended, but its last message is recent.
    let live = c.create_conversation(&new_conv("c-live", "2022-01-01T10:00:00Z"))?;
    c.append_message(&msg(live, Sender::Visitor, "1", "nog bezig"))?;
    // Started long ago, never ended, silent since.
    let ghost = c.create_conversation(&new_conv("c-ghost", "2022-01-01T10:00:00Z"))?;
    let purged = c.purge_before("2022-03-01T00:00:00Z", "2022-03-14T20:16:00Z")?;
    assert_eq!(purged.ids, vec![ghost]);
    assert_eq!(c.messages(live, 0, zicht_store::Reader::Visitor)?.len(), 1);
    Ok(())
}

#[test]
fn transcript_reads_are_recorded_newest_first_and_outlive_retention() -> R {
    both(
        "transcript_reads_are_recorded_newest_first_and_outlive_retention",
        transcript_reads_are_recorded_newest_first_and_outlive_retention_on,
    )
}

fn transcript_reads_are_recorded_newest_first_and_outlive_retention_on(place: &Place) -> R {
    let store = place.open(zicht_store::test_vault())?;
    let conn = store.connect()?;
    conn.create_conversation(&new_conv("c-read", "2020-01-01T10:00:00Z"))?;
    for (i, purpose) in ["console", "supervisor"].iter().enumerate() {
        conn.record_read(&zicht_store::TranscriptRead {
            at: format!("2026-12-04T10:0{i}:00Z"),
            staff: "anna".into(),
            conversation: "c-read".into(),
            purpose: (*purpose).into(),
        })?;
    }
    conn.purge_before("2021-01-01T00:00:00Z", "2026-12-04T11:00:00Z")?;
    let reads = conn.transcript_reads(10)?;
    assert_eq!(reads.len(), 2);
    assert_eq!(reads[0].purpose, "supervisor");
    assert_eq!(reads[1].purpose, "console");
    assert_eq!(conn.transcript_reads(1)?.len(), 1);
    Ok(())
}

#[test]
fn the_login_throttle_survives_reopening_and_is_forgotten_on_success() -> R {
    both(
        "the_login_throttle_survives_reopening_and_is_forgotten_on_success",
        the_login_throttle_survives_reopening_and_is_forgotten_on_success_on,
    )
}

fn the_login_throttle_survives_reopening_and_is_forgotten_on_success_on(place: &Place) -> R {
    let store = place.open(zicht_store::test_vault())?;
    let conn = store.connect()?;
    let id = conn.add_user(
        "anna",
        zicht_store::Role::Counsellor,
        "x",
        "2026-01-01T00:00:00Z",
    )?;
    conn.set_login_throttle(id, 3, "2026-12-04T10:00:00Z")?;
    conn.set_login_throttle(id, 4, "2026-12-04T10:00:05Z")?;
    drop(conn);
    let conn = place.open(zicht_store::test_vault())?.connect()?;
    assert_eq!(
        conn.login_throttle()?,
        vec![(id, 4, "2026-12-04T10:00:05Z".to_string())]
    );
    conn.set_login_throttle(id, 0, "")?;
    assert!(conn.login_throttle()?.is_empty());
    Ok(())
}

type Files = Vec<(String, Vec<u8>)>;

/// Everything the store holds: the SQLite folder's files byte for byte, or
/// every row of every PostgreSQL table.
fn snapshot(place: &Place) -> Result<Files, Box<dyn std::error::Error>> {
    let mut out = Vec::new();
    match place {
        Place::Sqlite(dir) => {
            for e in std::fs::read_dir(dir)? {
                let p = e?.path();
                out.push((p.display().to_string(), std::fs::read(&p)?));
            }
        }
        Place::Postgres(db) => {
            for (table, rows) in db.dump()? {
                out.push((table, rows.into_bytes()));
            }
        }
    }
    out.sort();
    Ok(out)
}

#[test]
fn a_wrong_or_missing_key_is_a_clear_error_and_changes_nothing() -> R {
    both(
        "a_wrong_or_missing_key_is_a_clear_error_and_changes_nothing",
        a_wrong_or_missing_key_is_a_clear_error_and_changes_nothing_on,
    )
}

fn a_wrong_or_missing_key_is_a_clear_error_and_changes_nothing_on(place: &Place) -> R {
    use zicht_store::vault::Vault;
    let dir = place.dir();
    let store = place.open(zicht_store::test_vault())?;
    let c = store.connect()?;
    let id = c.create_conversation(&new_conv("c-k", "2022-03-14T20:15:00Z"))?;
    c.append_message(&msg(id, Sender::Visitor, "v1", "geheimqzx"))?;
    drop(c);
    drop(store);
    let before = snapshot(place)?;
    let wrong = place.open(Vault::ephemeral()?).map(|_| ());
    let message = wrong
        .map_err(|e| e.to_string())
        .err()
        .ok_or("a wrong key opened the store")?;
    assert!(
        message.starts_with("the master key does not open this store"),
        "{message}"
    );
    assert_eq!(snapshot(place)?, before, "a wrong key changes nothing");
    let missing = Vault::locate(None, &dir.with_extension("missing.key"))
        .map(|_| ())
        .map_err(|e| e.to_string());
    assert!(
        matches!(&missing, Err(m) if m.starts_with("no master key") && m.contains("zicht key new")),
        "{missing:?}"
    );
    // The right key still reads everything.
    let c = place.open(zicht_store::test_vault())?.connect()?;
    assert_eq!(
        c.messages(id, 0, zicht_store::Reader::Visitor)?[0].text,
        "geheimqzx"
    );
    Ok(())
}

#[test]
fn rotation_rewraps_every_data_key_and_keeps_every_transcript_readable() -> R {
    both(
        "rotation_rewraps_every_data_key_and_keeps_every_transcript_readable",
        rotation_rewraps_every_data_key_and_keeps_every_transcript_readable_on,
    )
}

fn rotation_rewraps_every_data_key_and_keeps_every_transcript_readable_on(place: &Place) -> R {
    use zicht_store::vault::{MasterKey, Vault, create_key_file, read_key_file, write_key_file};
    let dir = place.dir();
    let key_path = dir.with_extension("key");
    let _ = std::fs::remove_file(&key_path);
    let old = create_key_file(&key_path)?;
    // The "running server": opened before the rotation, never restarted.
    let running = place.open(Vault::from_file(&key_path)?)?;
    let c = running.connect()?;
    let u = c.add_user("anna", Role::Counsellor, "x", "2022-01-01T00:00:00Z")?;
    let mut ids = Vec::new();
    for i in 0..5 {
        let id = c.create_conversation(&new_conv(&format!("c-r{i}"), "2022-03-14T20:15:00Z"))?;
        c.append_message(&msg(id, Sender::Visitor, "v1", &format!("bericht {i}")))?;
        c.save_registration(
            id,
            &Registration {
                notes: format!("notitie {i}"),
                ..Default::default()
            },
            u,
            "2022-03-14T21:00:00Z",
        )?;
        ids.push(id);
    }
    drop(c);
    // zicht key rotate: new key current, old still accepted, re-wrap in batches, old removed.
    let new = MasterKey::generate()?;
    let olds = read_key_file(&key_path)?;
    let mut ring = vec![&new];
    ring.extend(olds.iter());
    write_key_file(&key_path, &ring)?;
    let rotating = place.open(Vault::from_file(&key_path)?)?;
    let rc = rotating.connect()?;
    let mut total = 0;
    loop {
        let n = rc.rewrap_batch(&new, 2)?;
        total += n;
        if n == 0 {
            break;
        }
    }
    assert_eq!(total, 5);
    assert_eq!(rc.key_ids()?, vec![(new.id().to_string(), 5)]);
    write_key_file(&key_path, &[&new])?;
    assert_ne!(old.id(), new.id());

    // A fresh process with the new key file reads everything; the old key alone does not.
    let fresh = place.open(Vault::from_file(&key_path)?)?.connect()?;
    // The running one follows the key file by itself (a new connection, no restart).
    let still = running.connect()?;
    for (i, id) in ids.iter().enumerate() {
        for c in [&fresh, &still] {
            assert_eq!(
                c.messages(*id, 0, zicht_store::Reader::Visitor)?[0].text,
                format!("bericht {i}")
            );
            assert_eq!(
                c.registration(*id)?.ok_or("registration")?.notes,
                format!("notitie {i}")
            );
        }
    }
    assert!(place.open(Vault::from_key(old)).is_err());
    // New conversations of the running server are wrapped by the new key.
    let id = still.create_conversation(&new_conv("c-after", "2022-03-15T20:15:00Z"))?;
    still.append_message(&msg(id, Sender::Visitor, "v1", "na de rotatie"))?;
    assert_eq!(fresh.key_ids()?, vec![(new.id().to_string(), 6)]);
    Ok(())
}

/// Migration 0006 rebuilds `conversations` to admit `quick_exit`: a store made
/// before it keeps every conversation, its sealed nickname and its messages
/// (the rebuild must not cascade into them), and takes the new value after it.
#[test]
fn the_quick_exit_migration_keeps_every_conversation_and_message() -> R {
    both(
        "the_quick_exit_migration_keeps_every_conversation_and_message",
        the_quick_exit_migration_keeps_every_conversation_and_message_on,
    )
}

fn the_quick_exit_migration_keeps_every_conversation_and_message_on(place: &Place) -> R {
    let store = place.open(zicht_store::test_vault())?;
    let c = store.connect()?;
    let u1 = c.add_user("u1", Role::Counsellor, "h", "2022-01-01T00:00:00Z")?;
    let a = c.create_conversation(&new_conv("c-a", "2022-01-01T00:00:00Z"))?;
    let b = c.create_conversation(&new_conv("c-b", "2022-01-01T00:00:00Z"))?;
    c.append_message(&msg(a, Sender::Visitor, "m1", "hallo"))?;
    c.append_message(&msg(a, Sender::Visitor, "m2", "ben je er?"))?;
    assert!(c.take(b, u1, "2022-01-01T00:01:00Z")?);
    assert!(c.end(b, EndedBy::Counsellor, Some(u1), "2022-01-01T00:02:00Z")?);
    drop(c);
    // Back to the schema before 0006: the old CHECK, and 0006 not yet applied.
    match place {
        Place::Sqlite(dir) => {
            let raw = rusqlite::Connection::open(dir.join(zicht_store::SQLITE_FILE))?;
            raw.execute_batch(
                "PRAGMA foreign_keys = OFF;
                 BEGIN;
                 CREATE TABLE old AS SELECT * FROM conversations;
                 DROP TABLE conversations;
                 CREATE TABLE conversations (
                    id INTEGER PRIMARY KEY, public_id TEXT NOT NULL UNIQUE, token_hash BLOB NOT NULL UNIQUE,
                    channel TEXT NOT NULL, username TEXT NOT NULL, age INTEGER,
                    gender TEXT CHECK (gender IN ('female', 'male', 'neutral')), lang TEXT NOT NULL DEFAULT 'nl',
                    state TEXT NOT NULL CHECK (state IN ('waiting', 'active', 'ended')),
                    counsellor_id INTEGER REFERENCES users (id), created_at TEXT NOT NULL, taken_at TEXT,
                    ended_at TEXT, ended_by TEXT CHECK (ended_by IN ('visitor', 'counsellor', 'system')),
                    purged_at TEXT);
                 INSERT INTO conversations SELECT * FROM old;
                 DROP TABLE old;
                 CREATE INDEX conversations_state ON conversations (state, created_at);
                 CREATE INDEX conversations_created ON conversations (created_at);
                 DELETE FROM schema_migrations WHERE name = '0006_quick_exit';
                 COMMIT;",
            )?;
            let refused = raw.execute(
                "UPDATE conversations SET ended_by = 'quick_exit' WHERE id = ?1",
                [a],
            );
            assert!(refused.is_err(), "the old schema refuses quick_exit");
        }
        Place::Postgres(db) => {
            let mut raw = postgres::Client::connect(&db.url, postgres::NoTls)?;
            raw.batch_execute(
                "ALTER TABLE conversations DROP CONSTRAINT conversations_ended_by_check;
                 ALTER TABLE conversations ADD CONSTRAINT conversations_ended_by_check
                     CHECK (ended_by IN ('visitor', 'counsellor', 'system'));
                 DELETE FROM schema_migrations WHERE name = '0006_quick_exit';",
            )?;
            let refused = raw.execute(
                "UPDATE conversations SET ended_by = 'quick_exit' WHERE id = $1",
                &[&a],
            );
            assert!(refused.is_err(), "the old schema refuses quick_exit");
        }
    }
    let store = place.open(zicht_store::test_vault())?;
    let c = store.connect()?;
    let info = c.conversation("c-a")?.ok_or("c-a")?;
    assert_eq!(info.username, "user-c-a", "the sealed nickname still opens");
    let texts: Vec<String> = c.messages(a, 0, RD)?.into_iter().map(|m| m.text).collect();
    assert_eq!(texts, vec!["hallo".to_string(), "ben je er?".to_string()]);
    assert_eq!(
        c.conversation("c-b")?.ok_or("c-b")?.ended_by,
        Some(EndedBy::Counsellor)
    );
    assert!(c.end(a, EndedBy::QuickExit, None, "2022-01-01T00:03:00Z")?);
    assert_eq!(
        c.conversation("c-a")?.ok_or("c-a")?.ended_by,
        Some(EndedBy::QuickExit)
    );
    Ok(())
}

#[test]
fn ended_conversations_wait_for_their_registration() -> R {
    both(
        "ended_conversations_wait_for_their_registration",
        ended_conversations_wait_for_their_registration_on,
    )
}

fn ended_conversations_wait_for_their_registration_on(place: &Place) -> R {
    let store = place.open(zicht_store::test_vault())?;
    let c = store.connect()?;
    let u1 = c.add_user("u1", Role::Counsellor, "h", "2022-01-01T00:00:00Z")?;
    let u2 = c.add_user("u2", Role::Counsellor, "h", "2022-01-01T00:00:00Z")?;
    let mut ids = Vec::new();
    for (n, who) in [
        ("c-a", u1),
        ("c-b", u1),
        ("c-c", u2),
        ("c-d", u1),
        ("c-e", u1),
    ] {
        let id = c.create_conversation(&new_conv(n, "2022-01-01T00:00:00Z"))?;
        assert!(c.take(id, who, "2022-01-01T00:01:00Z")?);
        ids.push(id);
    }
    let at = |m: u32| format!("2022-01-01T{:02}:{:02}:00Z", m / 60, m % 60);
    c.end(ids[0], EndedBy::QuickExit, None, &at(70))?;
    c.end(ids[1], EndedBy::Visitor, None, &at(80))?;
    c.end(ids[2], EndedBy::Visitor, None, &at(80))?;
    c.end(ids[4], EndedBy::Counsellor, Some(u1), &at(10))?;
    c.save_registration(
        ids[1],
        &Registration {
            trafficking: Some(false),
            ..Registration::default()
        },
        u1,
        &at(90),
    )?;
    let open: Vec<String> = c
        .ended_unregistered(u1, &at(60))?
        .into_iter()
        .map(|i| i.public_id)
        .collect();
    // Not the registered one, not a colleague's, not one still active, not one before `since`.
    assert_eq!(open, vec!["c-a".to_string()]);
    // "Gesloten gesprekken": every own chat that ended since, newest first, registered or not.
    let closed: Vec<(String, bool)> = c
        .ended_since(u1, &at(60))?
        .into_iter()
        .map(|(i, registered)| (i.public_id, registered))
        .collect();
    assert_eq!(
        closed,
        vec![("c-b".to_string(), true), ("c-a".to_string(), false)]
    );
    Ok(())
}

/// No nickname, message, note or transfer note is in the database in plain
/// text: on SQLite no byte of the files holds it, on PostgreSQL no text or
/// bytea column of any table.
#[test]
fn transcripts_are_not_stored_in_plain_text() -> R {
    both("plain", transcripts_are_not_stored_in_plain_text_on)
}

fn transcripts_are_not_stored_in_plain_text_on(place: &Place) -> R {
    let store = place.open(zicht_store::test_vault())?;
    let c = store.connect()?;
    let u1 = c.add_user("u1", Role::Counsellor, "h", "2022-01-01T00:00:00Z")?;
    let u2 = c.add_user("u2", Role::Counsellor, "h", "2022-01-01T00:00:00Z")?;
    let mut conv = new_conv("c-p", "2022-01-01T00:00:00Z");
    conv.username = "Nickqzxnaam".into();
    let id = c.create_conversation(&conv)?;
    c.append_message(&msg(id, Sender::Visitor, "v1", "Berichtqzxtekst"))?;
    assert!(c.take(id, u1, "2022-01-01T00:01:00Z")?);
    assert!(c.transfer_with_note(id, u1, u2, "Overdrachtqzxnotitie", "2022-01-01T00:02:00Z")?);
    c.save_registration(
        id,
        &Registration {
            notes: "Notitieqzxtekst".into(),
            referrals: vec!["other".into()],
            referral_other: "Anderqzxs".into(),
            exploitation: Some("Uitbuitingqzxvorm".into()),
            victim_age: Some(47),
            ..Default::default()
        },
        u2,
        "2022-01-01T00:03:00Z",
    )?;
    drop(c);
    // What was stored can be read back...
    let c = store.connect()?;
    assert_eq!(c.conversation("c-p")?.ok_or("c-p")?.username, "Nickqzxnaam");
    assert_eq!(c.transfer_notes(id)?[0].note, "Overdrachtqzxnotitie");
    // The handover itself, for the console's line "Overgedragen van ... aan ...".
    assert_eq!(
        c.transfers(id)?,
        vec![zicht_store::Transfer {
            at: "2022-01-01T00:02:00Z".into(),
            from: Some(u1),
            to: Some(u2)
        }]
    );
    let reg = c.registration(id)?.ok_or("no registration")?;
    assert_eq!(
        (reg.victim_age, reg.exploitation.as_deref()),
        (Some(47), Some("Uitbuitingqzxvorm"))
    );
    drop(c);
    // ... and is nowhere in plain text.
    for secret in [
        "Nickqzxnaam",
        "Berichtqzxtekst",
        "Overdrachtqzxnotitie",
        "Notitieqzxtekst",
        "Anderqzxs",
        "Uitbuitingqzxvorm",
        "qzx",
    ] {
        let found: Vec<String> = match place {
            Place::Sqlite(_) => snapshot(place)?
                .into_iter()
                .filter(|(_, bytes)| bytes.windows(secret.len()).any(|w| w == secret.as_bytes()))
                .map(|(file, _)| file)
                .collect(),
            Place::Postgres(db) => db.columns_containing(secret.as_bytes())?,
        };
        assert!(found.is_empty(), "`{secret}` in plain text in {found:?}");
    }
    // The scan does find what is stored plainly (the public id).
    let plain = match place {
        Place::Sqlite(_) => snapshot(place)?
            .iter()
            .any(|(_, bytes)| bytes.windows(3).any(|w| w == b"c-p")),
        Place::Postgres(db) => !db.columns_containing(b"c-p")?.is_empty(),
    };
    assert!(plain, "the scan cannot see the plain public id");
    Ok(())
}

/// Two connections (two instances) appending to one conversation at once,
/// each in its own transactions: every message gets its own `seq`, 1..=n.
#[test]
fn concurrent_writers_get_consecutive_seqs() -> R {
    both("concurrent", concurrent_writers_get_consecutive_seqs_on)
}

fn concurrent_writers_get_consecutive_seqs_on(place: &Place) -> R {
    let store = place.open(zicht_store::test_vault())?;
    let id = store
        .connect()?
        .create_conversation(&new_conv("c-x", "2022-01-01T00:00:00Z"))?;
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let store = store.clone();
            std::thread::spawn(move || -> Result<(), String> {
                let c = store.connect().map_err(|e| e.to_string())?;
                for i in 0..25 {
                    c.begin().map_err(|e| e.to_string())?;
                    c.append_message(&msg(id, Sender::Visitor, &format!("w{w}-{i}"), "x"))
                        .map_err(|e| e.to_string())?;
                    c.commit().map_err(|e| e.to_string())?;
                }
                Ok(())
            })
        })
        .collect();
    for w in writers {
        w.join().map_err(|_| "a writer panicked")??;
    }
    let seqs: Vec<i64> = store
        .connect()?
        .messages(id, 0, zicht_store::Reader::Visitor)?
        .iter()
        .map(|m| m.seq)
        .collect();
    assert_eq!(seqs, (1..=100).collect::<Vec<i64>>());
    Ok(())
}
