//! Transcripts at rest: no plain text in any file of the data folder, retention that deletes, audited reads.

use std::path::Path;

use serde_json::json;
use zicht_store::{Purpose, Role};

use crate::util::{Client, R, login, queued, start, visitor_start};

/// Every byte of every file under `dir` (the database, its WAL and shm, the
/// research workspace and its WAL, the configuration).
fn all_bytes(dir: &Path) -> R<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(all_bytes(&path)?);
        } else {
            out.push((path.display().to_string(), std::fs::read(&path)?));
        }
    }
    Ok(out)
}

fn find(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn assert_nowhere(dir: &Path, needles: &[&str]) -> R {
    let files = all_bytes(dir)?;
    assert!(
        files.iter().any(|(n, _)| n.ends_with("-wal")),
        "the WAL is scanned too"
    );
    for (name, bytes) in &files {
        for n in needles {
            assert!(
                !find(bytes, n.as_bytes()),
                "{name} holds `{n}` in plain text"
            );
        }
    }
    Ok(())
}

fn reads(s: &crate::util::Server, purpose: Purpose) -> R<usize> {
    Ok(s.app
        .db
        .store()
        .connect()?
        .transcript_reads(1000)?
        .iter()
        .filter(|r| r.purpose == purpose.code())
        .count())
}

#[tokio::test]
async fn no_written_transcript_text_is_in_any_file_and_retention_leaves_no_trace() -> R {
    let mut config = crate::util::test_config()?;
    config.retention_days = 0;
    let s = crate::util::start_with("protect", config).await?;
    let anna_id = s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    let bert_id = s.add_user("bert", Role::Counsellor, "wachtwoord-bert-1")?;
    s.add_user("ria", Role::Researcher, "wachtwoord-ria-1")?;
    let anna = login(s.addr, "anna", "wachtwoord-anna-1").await?;

    // Intake (the nickname), a visitor message, a counsellor message.
    let token = visitor_start(s.addr, "fier", "Qzwnickxv").await?;
    let mut visitor = Client::visitor(s.addr, &token, 0).await?;
    visitor.recv().await?;
    let conv = queued(s.addr, &anna, "Qzwnickxv").await?;
    let mut console = Client::staff(s.addr, &anna).await?;
    console.until(|v| v["t"] == "resumed").await?;
    let r = anna
        .post(s.addr, "/console/api/take", &json!({"conv": conv}))
        .await?;
    assert_eq!(r.status, 200, "{}", r.body);
    visitor.until(|v| v["state"] == "active").await?;
    visitor
        .send(&json!({"t": "msg", "cid": "v1", "text": "bezoekerzinqzx ik zit vast"}))
        .await?;
    visitor.until(|v| v["cid"] == "v1").await?;
    console
        .send(&json!({"t": "msg", "conv": conv, "cid": "c1", "text": "hulpverlenerqzx antwoord"}))
        .await?;
    visitor.until(|v| v["from"] == "counsellor").await?;

    // Registration notes and free text, through the console's API.
    let r = anna
        .post(
            s.addr,
            &format!("/console/api/registration/{conv}"),
            &json!({"trafficking": true, "first_time": true, "categories": [], "referrals": ["other"],
                    "referral_other": "verwijzingqzx", "notes": "notitieqzx"}),
        )
        .await?;
    assert_eq!(r.status, 200, "{}", r.body);

    // A transfer with a note (the store's write path).
    let id = s.app.hub.id_of(&conv).ok_or("in the hub")?;
    let now = zicht_server::now_text();
    s.app
        .db
        .write(
            move |c| c.transfer_with_note(id, anna_id, bert_id, "overdrachtqzx", &now),
            |_| {},
        )
        .await?;
    let year: i32 = zicht_server::now_text()[..4].parse()?;

    // The research import copies the conversation into research.sqlite3.
    let ria = login(s.addr, "ria", "wachtwoord-ria-1").await?;
    let r = ria
        .post(s.addr, "/research/api/import-store", &json!({"year": year}))
        .await?;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        reads(&s, Purpose::ResearchImport)?,
        1,
        "one audit entry for the one conversation"
    );

    // The research workspace's own text: a discussion's question and decision.
    for (path, text) in [
        ("/research/api/discuss", "overlegvraagqzx"),
        ("/research/api/decide", "overlegbesluitqzx"),
    ] {
        let r = ria
            .post(s.addr, path, &json!({"case_id": conv, "text": text}))
            .await?;
        assert_eq!(r.status, 200, "{path}: {}", r.body);
    }

    let written = [
        "overlegvraagqzx",
        "overlegbesluitqzx",
        "Qzwnickxv",
        "bezoekerzinqzx",
        "hulpverlenerqzx",
        "notitieqzx",
        "verwijzingqzx",
        "overdrachtqzx",
    ];
    assert_nowhere(&s.dir, &written)?;
    // ... and yet every value reads back through the store.
    let c = s.app.db.store().connect()?;
    let info = c.conversation(&conv)?.ok_or("conversation")?;
    assert_eq!(info.username, "Qzwnickxv");
    let texts: Vec<String> = c
        .messages(info.id, 0, zicht_store::Reader::Visitor)?
        .into_iter()
        .map(|m| m.text)
        .collect();
    assert_eq!(
        texts,
        ["bezoekerzinqzx ik zit vast", "hulpverlenerqzx antwoord"]
    );
    let reg = c.registration(info.id)?.ok_or("registration")?;
    assert_eq!(
        (reg.notes.as_str(), reg.referral_other.as_str()),
        ("notitieqzx", "verwijzingqzx")
    );
    assert_eq!(c.transfer_notes(info.id)?[0].note, "overdrachtqzx");
    let wrapped = c.wrapped_key(info.id)?.ok_or("no data key")?;
    drop(c);

    // Files 0600, folder 0700.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&s.dir)?.permissions().mode() & 0o777,
            0o700
        );
        for (name, _) in all_bytes(&s.dir)? {
            if name.contains("sqlite3") {
                let mode = std::fs::metadata(&name)?.permissions().mode() & 0o777;
                assert_eq!(mode, 0o600, "{name}");
            }
        }
    }

    // Retention with `retention_days = 0`: everything that ended before now goes.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let purged = zicht_server::retention(&s.app).await?;
    assert_eq!(purged.conversations, 1);
    // The server no longer offers it: not in the hub, the visitor is told it ended,
    // and nothing more is stored into it.
    assert!(s.app.hub.id_of(&conv).is_none());
    assert!(
        s.app
            .hub
            .assigned_to(bert_id, jiff::Timestamp::now())
            .is_empty()
    );
    visitor.until(|v| v["state"] == "ended").await?;
    let now = zicht_server::now_text();
    let late = s
        .app
        .db
        .write(
            move |c| {
                c.append_message(&zicht_store::NewMessage {
                    conversation_id: id,
                    from: zicht_store::Sender::Visitor,
                    counsellor_id: None,
                    client_id: "late".into(),
                    at: now,
                    text: "te laat".into(),
                })
            },
            |_| {},
        )
        .await;
    assert!(late.is_err(), "a purged conversation takes no messages");
    // A second run finds nothing left.
    assert_eq!(zicht_server::retention(&s.app).await?.conversations, 0);
    // The WAL was truncated, and neither the text nor the destroyed data key
    // is in any byte of the chat store's files.
    let wal = s.dir.join(format!("{}-wal", zicht_store::SQLITE_FILE));
    assert_eq!(
        std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0),
        0,
        "WAL truncated"
    );
    for (name, bytes) in all_bytes(&s.dir)? {
        if name.contains("zicht.sqlite3") {
            for n in written {
                assert!(!find(&bytes, n.as_bytes()), "{name} holds `{n}`");
            }
            assert!(
                !find(&bytes, &wrapped),
                "{name} still holds the destroyed data key"
            );
        }
    }
    let c = s.app.db.store().connect()?;
    assert!(c.messages(id, 0, zicht_store::Reader::Visitor)?.is_empty());
    assert_eq!(c.conversation(&conv)?.ok_or("row stays")?.username, "");
    drop(console);
    Ok(())
}

#[tokio::test]
async fn every_read_path_leaves_one_audit_entry() -> R {
    let s = start("audit").await?;
    let anna_id = s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    s.add_user("ria", Role::Researcher, "wachtwoord-ria-1")?;
    let anna = login(s.addr, "anna", "wachtwoord-anna-1").await?;
    let ria = login(s.addr, "ria", "wachtwoord-ria-1").await?;
    // Two flagged chats of 2022 by a returning visitor under two nicknames.
    let conn = s.app.db.store().connect()?;
    for (i, name) in [(1u8, "zonnebloem22"), (2, "zonnebloem_23")] {
        let id = conn.create_conversation(&zicht_store::NewConversation {
            public_id: format!("s-{i}"),
            token_hash: vec![i; 32],
            channel: "fier".into(),
            username: name.into(),
            age: Some(16),
            gender: None,
            lang: "nl".into(),
            created_at: format!("2022-03-1{i}T20:00:00Z"),
        })?;
        conn.append_message(&zicht_store::NewMessage {
            conversation_id: id,
            from: zicht_store::Sender::Visitor,
            counsellor_id: None,
            client_id: "1".into(),
            at: format!("2022-03-1{i}T20:01:00Z"),
            text: "Ik ben 16 en mijn vriend uit Rotterdam laat mij werken in een massagesalon."
                .into(),
        })?;
        let reg = zicht_store::Registration {
            trafficking: Some(true),
            first_time: Some(true),
            ..Default::default()
        };
        conn.save_registration(id, &reg, anna_id, "2022-03-20T00:00:00Z")?;
    }
    drop(conn);
    let token = visitor_start(s.addr, "fier", "lezer").await?;
    let mut visitor = Client::visitor(s.addr, &token, 0).await?;
    visitor.recv().await?;
    let conv = queued(s.addr, &anna, "lezer").await?;
    let r = anna
        .post(s.addr, "/console/api/take", &json!({"conv": conv}))
        .await?;
    assert_eq!(r.status, 200);
    // Every purpose: the path that reads for it, and one entry afterwards. A
    // new purpose fails to compile here until its path is listed.
    for purpose in Purpose::ALL {
        match purpose {
            Purpose::Console => {
                let before = reads(&s, *purpose)?;
                let mut console = Client::staff(s.addr, &anna).await?;
                console.until(|v| v["t"] == "resumed").await?;
                assert_eq!(reads(&s, *purpose)? - before, 1, "{purpose:?}");
                let rows = s.app.db.store().connect()?.transcript_reads(1)?;
                assert_eq!(
                    (rows[0].staff.as_str(), rows[0].conversation.as_str()),
                    ("anna", conv.as_str())
                );
            }
            Purpose::Assist => {
                // The suggestions panel: its own entry, so the console's
                // opening is not counted twice under one purpose.
                let before = reads(&s, *purpose)?;
                let console_before = reads(&s, Purpose::Console)?;
                let r = anna
                    .get(s.addr, &format!("/console/api/assist/{conv}"))
                    .await?;
                assert_eq!(r.status, 200);
                assert_eq!(reads(&s, *purpose)? - before, 1, "{purpose:?}");
                assert_eq!(reads(&s, Purpose::Console)?, console_before);
            }
            Purpose::Export | Purpose::ImportFromStore => {
                // The commands' paths: crates/zicht/tests/chat_cli.rs and import_cli.rs.
                let before = reads(&s, *purpose)?;
                let name = "cli";
                let p = *purpose;
                let exported = s
                    .app
                    .db
                    .read(move |c| {
                        c.export(
                            zicht_store::Filter::default(),
                            zicht_store::Reader::Staff { name, purpose: p },
                        )
                    })
                    .await?;
                assert_eq!(exported.len(), 3);
                assert_eq!(
                    reads(&s, *purpose)? - before,
                    3,
                    "one entry per conversation: {purpose:?}"
                );
            }
            Purpose::ResearchImport => {
                let before = reads(&s, *purpose)?;
                let r = ria
                    .post(s.addr, "/research/api/import-store", &json!({"year": 2022}))
                    .await?;
                assert_eq!(r.status, 200, "{}", r.body);
                assert_eq!(
                    reads(&s, *purpose)? - before,
                    2,
                    "one entry per conversation copied"
                );
            }
            Purpose::ResearchCase => {
                let before = reads(&s, *purpose)?;
                let r = ria.get(s.addr, "/research/case/s-1").await?;
                assert_eq!(r.status, 200, "{}", r.body);
                assert_eq!(reads(&s, *purpose)? - before, 1);
            }
            Purpose::ResearchLinking => {
                // Two conversations are too few for the default threshold (rarity
                // weights): the same pages through their router with a low one.
                let store = s.app.db.store().clone();
                let mut ws = zicht_research::workspace::Workspace::in_memory()?;
                let convs = store.connect()?.export(
                    zicht_store::Filter {
                        year: Some(2022),
                        flagged_only: true,
                    },
                    zicht_store::Reader::Visitor,
                )?;
                ws.import(&convs, "test", "ria", "2026-12-04T10:00:00Z")?;
                let options = zicht_research::linking::LinkOptions {
                    threshold: 5.0,
                    ..Default::default()
                };
                let state = zicht_server::research::ResearchState::with_link_options(
                    ws,
                    zicht_codebook::Codebook::embedded()?,
                    None,
                    options,
                )
                .with_store(store);
                let router = zicht_server::research::router(state).layer(axum::Extension(
                    zicht_server::research::Researcher {
                        name: "ria".into(),
                        csrf: "tok".into(),
                    },
                ));
                let before = reads(&s, *purpose)?;
                use tower::ServiceExt;
                let res = router
                    .oneshot(
                        axum::http::Request::get("/research/year/2022/links")
                            .body(axum::body::Body::empty())?,
                    )
                    .await?;
                assert_eq!(res.status(), 200);
                let body = axum::body::to_bytes(res.into_body(), 1 << 22).await?;
                let body = String::from_utf8(body.to_vec())?;
                assert!(body.contains("data-a=\"s-1\" data-b=\"s-2\""), "{body}");
                assert_eq!(
                    reads(&s, *purpose)? - before,
                    2,
                    "one entry per conversation shown"
                );
            }
            // The chat's supervisor view records its own reads (issue 11).
            Purpose::Supervisor => {}
            // "Gesprek teruglezen" of a closed chat: console_fix48.rs (walk47, finding 4).
            Purpose::ConsoleReread => {}
        }
    }
    // Admins see the log (no transcript text); researchers do not.
    s.add_user("ada", Role::Admin, "wachtwoord-ada-12")?;
    let ada = login(s.addr, "ada", "wachtwoord-ada-12").await?;
    let page = ada.get(s.addr, "/research/reads").await?;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Gelezen gesprekken") && page.body.contains("s-1"));
    assert!(page.body.contains("onderzoek: casus"), "purposes in words");
    assert!(
        !page.body.contains("massagesalon"),
        "no transcript text in the log"
    );
    assert_eq!(ria.get(s.addr, "/research/reads").await?.status, 403);
    Ok(())
}
