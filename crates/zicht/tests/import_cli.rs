//! `zicht import`: a conversations file into the research workspace, all or nothing.

use std::process::Command;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const GOOD: &str = r#"{"conversation_id": "c-0001", "channel": "fier", "username": "zonnebloem22", "started_at": "2022-03-14T20:15:00Z", "intake": {"age": 17, "gender": "female"}, "flags": {"trafficking": true}, "messages": [{"at": "2022-03-14T20:15:10Z", "from": "visitor", "text": "hoi"}]}
{"conversation_id": "c-0002", "channel": "csg", "username": "zon", "started_at": "2022-03-15T20:15:00Z", "flags": {"trafficking": false}, "messages": []}
"#;

#[test]
fn imports_once_and_rejects_a_bad_file_whole() -> TestResult {
    let dir = std::env::temp_dir().join(format!("zicht-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("conversations.jsonl");
    std::fs::write(&file, GOOD)?;
    let data = dir.join("data");
    let _ = std::fs::remove_file(zicht_store::vault::default_key_path(&data));
    vault(&data)?;
    let run = |f: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_zicht"))
            .args(["import", "--by", "tester", "--conversations"])
            .arg(f)
            .arg("--data")
            .arg(&data)
            .output()
    };
    let out = run(&file)?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout)?;
    assert!(
        text.contains("2 gesprekken gelezen, 2 nieuw, 0 al aanwezig"),
        "{text}"
    );
    assert!(text.contains("2022: 1 gesprekken"), "{text}");
    assert!(data.join("research.sqlite3").exists());

    let out = run(&file)?;
    assert!(String::from_utf8(out.stdout)?.contains("0 nieuw, 2 al aanwezig"));

    let bad = dir.join("bad.jsonl");
    std::fs::write(
        &bad,
        format!(
            "{}{}\n",
            GOOD.replace("c-0001", "c-0003").replace("c-0002", "c-0004"),
            r#"{"conversation_id": "c-0005"}"#
        ),
    )?;
    let out = run(&bad)?;
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr)?;
    assert!(err.contains("bad.jsonl:3"), "{err}");
    let ws = zicht_research::workspace::Workspace::open_dir(&data, vault(&data)?)?;
    assert!(
        ws.conversation("c-0003")?.is_none(),
        "nothing of a bad file is imported"
    );
    assert_eq!(ws.conversation_count(2022)?, (2, 1));
    std::fs::remove_dir_all(dir)?;
    Ok(())
}

#[test]
fn copies_the_flagged_conversations_of_a_year_from_the_chat_store() -> TestResult {
    let dir = std::env::temp_dir().join(format!("zicht-import-store-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(zicht_store::vault::default_key_path(&dir));
    let store = zicht_store::Store::open(&dir, vault(&dir)?)?;
    let conn = store.connect()?;
    let user = conn.add_user(
        "anna",
        zicht_store::Role::Counsellor,
        "not-a-real-hash",
        "2022-01-01T00:00:00Z",
    )?;
    for (i, flagged) in [(1, true), (2, false)] {
        let id = conn.create_conversation(&zicht_store::NewConversation {
            public_id: format!("c-{i}"),
            token_hash: vec![i; 32],
            channel: "fier".into(),
            username: format!("bezoeker{i}"),
            age: Some(16),
            gender: None,
            lang: "nl".into(),
            created_at: format!("2022-03-1{i}T20:00:00Z"),
        })?;
        let reg = zicht_store::Registration {
            trafficking: Some(flagged),
            ..Default::default()
        };
        conn.save_registration(id, &reg, user, "2022-03-20T00:00:00Z")?;
    }
    drop(conn);
    let out = Command::new(env!("CARGO_BIN_EXE_zicht"))
        .args([
            "import",
            "--from-store",
            "--year",
            "2022",
            "--by",
            "tester",
            "--data",
        ])
        .arg(&dir)
        .output()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout)?;
    assert!(
        text.contains("chat store 2022: 1 gesprekken gelezen, 1 nieuw"),
        "{text}"
    );
    let ws = zicht_research::workspace::Workspace::open_dir(&dir, vault(&dir)?)?;
    assert!(ws.conversation("c-1")?.is_some());
    assert!(ws.conversation("c-2")?.is_none());
    let reads = store.connect()?.transcript_reads(10)?;
    assert_eq!(reads.len(), 1, "{reads:?}");
    assert_eq!(
        (
            reads[0].staff.as_str(),
            reads[0].conversation.as_str(),
            reads[0].purpose.as_str()
        ),
        ("tester", "c-1", "zicht import --from-store")
    );
    std::fs::remove_dir_all(dir)?;
    Ok(())
}

/// The data folder's master key (`DIR.key` beside it, as the binary looks for it), created once.
fn vault(dir: &std::path::Path) -> Result<zicht_store::vault::Vault, Box<dyn std::error::Error>> {
    let path = zicht_store::vault::default_key_path(dir);
    if !path.exists() {
        zicht_store::vault::create_key_file(&path)?;
    }
    Ok(zicht_store::vault::Vault::from_file(&path)?)
}
