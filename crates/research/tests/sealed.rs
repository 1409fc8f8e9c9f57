//! The research workspace at rest: every write path seals its text, and a workspace from before encryption is sealed on open.

use std::path::{Path, PathBuf};

use zicht_conversations::{Conversation, Flags, Intake, Message};
use zicht_research::workspace::{SQLITE_FILE, Workspace};
use zicht_vault::{MasterKey, Vault};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const T: &str = "2026-11-28T08:00:00Z";

fn conv(id: &str, user: &str, at: &str, text: &str) -> Conversation {
    Conversation {
        conversation_id: id.to_string(),
        channel: "fier".to_string(),
        username: user.to_string(),
        started_at: at.to_string(),
        intake: Intake {
            age: Some(17),
            gender: Some("female".to_string()),
        },
        flags: Flags {
            trafficking: Some(true),
            other: serde_json::Map::new(),
        },
        messages: vec![Message {
            at: at.to_string(),
            from: zicht_conversations::From::Visitor,
            text: text.to_string(),
        }],
        extra: serde_json::Map::new(),
    }
}

fn two() -> Vec<Conversation> {
    vec![
        conv(
            "c1",
            "zonnebloemqzx22",
            "2022-03-14T20:15:00Z",
            "berichtqzx mijn stiefvader",
        ),
        conv(
            "c2",
            "zonnebloemqzx23",
            "2022-03-20T21:00:00Z",
            "tweedeqzx ik was hier al eens",
        ),
    ]
}

/// A fresh folder under the system's temporary directory.
fn folder(name: &str) -> Result<PathBuf, std::io::Error> {
    let dir = std::env::temp_dir().join(format!("zicht-sealed-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn vault() -> Vault {
    Vault::from_key(MasterKey::from_array([7; 32]))
}

/// Asserts that no file of `dir` (the database, its WAL and shm) holds any needle.
fn assert_nowhere(dir: &Path, needles: &[&str]) -> TestResult {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let bytes = std::fs::read(&path)?;
        for n in needles {
            assert!(
                !bytes.windows(n.len()).any(|w| w == n.as_bytes()),
                "{} holds `{n}` in plain text",
                path.display()
            );
        }
    }
    Ok(())
}

const WRITTEN: [&str; 6] = [
    "zonnebloemqzx",
    "berichtqzx",
    "tweedeqzx",
    "redenqzx",
    "vraagqzx",
    "besluitqzx",
];

#[test]
fn every_write_path_of_the_workspace_seals_its_text() -> TestResult {
    let dir = folder("paths")?;
    let mut ws = Workspace::open_dir(&dir, vault())?;
    // Import (the transcripts), a link decision (its reasons quote the
    // nicknames), a discussion's question and its decision.
    ws.import(&two(), "import:test.jsonl", "ria", T)?;
    let reasons =
        r#"[{"signal":"name","weight":9.0,"detail":"zonnebloemqzx22 ~ zonnebloemqzx23 redenqzx"}]"#;
    ws.decide_link("c2", "c1", true, Some(12.5), reasons, "ria", T)?;
    ws.ask_discussion("c1", "vraagqzx: uitbuiting of hulp?", "ria", T)?;
    ws.decide_discussion("c1", "besluitqzx: includeren", "bo", T)?;
    // While open (the WAL holds the writes) and after closing.
    assert!(dir.join(format!("{SQLITE_FILE}-wal")).exists());
    assert_nowhere(&dir, &WRITTEN)?;
    drop(ws);
    assert_nowhere(&dir, &WRITTEN)?;

    // Everything reads back with the key ...
    let ws = Workspace::open_dir(&dir, vault())?;
    assert_eq!(ws.link_reasons("c1", "c2")?, [reasons]);
    let d = &ws.discussions(2022)?[0];
    assert_eq!(d.question, "vraagqzx: uitbuiting of hulp?");
    assert_eq!(d.decision.as_deref(), Some("besluitqzx: includeren"));
    assert_eq!(
        ws.conversation("c1")?.ok_or("c1")?.username,
        "zonnebloemqzx22"
    );
    drop(ws);
    // ... and not with another.
    let other = Vault::from_key(MasterKey::from_array([8; 32]));
    assert!(Workspace::open_dir(&dir, other).is_err());
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

#[test]
fn plain_text_of_a_workspace_from_before_encryption_is_sealed_on_open() -> TestResult {
    let dir = folder("migrate")?;
    let mut ws = Workspace::open_dir(&dir, vault())?;
    ws.import(&two(), "import:test.jsonl", "ria", T)?;
    drop(ws);
    // Rows as the workspace wrote them before: plain text.
    {
        let c = rusqlite::Connection::open(dir.join(SQLITE_FILE))?;
        c.execute(
            "INSERT INTO r_link_decisions (conv_a, conv_b, decision, score, reasons, decided_by, decided_at)
             VALUES ('c1', 'c2', 'rejected', 3.0, '[\"zonnebloemqzx redenqzx\"]', 'ria', ?1)",
            [T],
        )?;
        c.execute(
            "INSERT INTO r_discussions (case_id, question, asked_by, asked_at, decision, decided_by, decided_at)
             VALUES ('c1', 'vraagqzx oud', 'ria', ?1, 'besluitqzx oud', 'bo', ?1),
                    ('c1', 'vraagqzx open', 'ria', ?1, NULL, NULL, NULL)",
            [T],
        )?;
    }
    let found = |dir: &Path| -> Result<bool, std::io::Error> {
        let bytes = std::fs::read(dir.join(SQLITE_FILE))?;
        Ok(bytes.windows(8).any(|w| w == b"redenqzx"))
    };
    assert!(found(&dir)?, "the old rows are plain text");
    let ws = Workspace::open_dir(&dir, vault())?;
    assert_eq!(
        ws.link_reasons("c1", "c2")?,
        [r#"["zonnebloemqzx redenqzx"]"#]
    );
    let d = ws.discussions(2022)?;
    assert_eq!(
        d.iter()
            .map(|d| (d.question.as_str(), d.decision.as_deref()))
            .collect::<Vec<_>>(),
        [
            ("vraagqzx oud", Some("besluitqzx oud")),
            ("vraagqzx open", None)
        ]
    );
    drop(ws);
    assert_nowhere(&dir, &WRITTEN)?;
    // A second open finds nothing left to seal and reads the same.
    let ws = Workspace::open_dir(&dir, vault())?;
    assert_eq!(ws.discussions(2022)?.len(), 2);
    drop(ws);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

/// The coded values are not sealed: they are codes, numbers and dates of the
/// codebook. The one free-text variable a codebook may have is the case's
/// id, derived from the conversations. A codable free-text variable added to
/// the codebook would be transcript-derived text in plain: this fails then.
#[test]
fn the_codebook_has_no_codable_free_text_variable() -> TestResult {
    let book = zicht_codebook::Codebook::embedded()?;
    let derived = zicht_research::workspace::derived_columns(&book);
    for column in book.columns() {
        if matches!(column.kind(), zicht_codebook::Kind::Text) {
            assert!(
                derived.contains(&column.name()),
                "`{}` is free text coded by hand: seal it in the workspace",
                column.name()
            );
        }
    }
    Ok(())
}
