//! The chat's commands end to end: `zicht user add/list`, `zicht export`, `zicht retention`.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

type R = Result<(), Box<dyn std::error::Error>>;

fn zicht(args: &[&str], stdin: &str) -> Result<Output, std::io::Error> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zicht"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    if let Some(mut s) = child.stdin.take() {
        // The command may exit before reading (bad arguments): a closed pipe is fine.
        let _ = s.write_all(stdin.as_bytes());
    }
    child.wait_with_output()
}

fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("zicht-chat-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    let _ = std::fs::remove_file(zicht_store::vault::default_key_path(&d));
    d
}

/// The data folder's master key (`DIR.key` beside it, as the binary looks for it), created once.
fn vault(dir: &std::path::Path) -> Result<zicht_store::vault::Vault, Box<dyn std::error::Error>> {
    let path = zicht_store::vault::default_key_path(dir);
    if !path.exists() {
        zicht_store::vault::create_key_file(&path)?;
    }
    Ok(zicht_store::vault::Vault::from_file(&path)?)
}

#[test]
fn user_add_reads_the_password_from_stdin_and_stores_only_a_hash() -> R {
    let dir = tempdir("user");
    vault(&dir)?;
    let d = dir.to_str().ok_or("path")?;
    let short = zicht(
        &["user", "add", "anna", "--role", "counsellor", "--data", d],
        "kort\n",
    )?;
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 12"));
    // Weak passwords are refused with the reason, and nothing is stored.
    for (weak, why) in [
        ("            \n", "only spaces"),
        ("aaaaaaaaaaaa\n", "different characters"),
        ("Wachtwoord2024!\n", "common password"),
        ("welkomwelkom\n", "common password"),
        ("123456789012\n", "keyboard row"),
        ("anna-is-de-beste\n", "account name"),
    ] {
        let out = zicht(
            &["user", "add", "anna", "--role", "counsellor", "--data", d],
            weak,
        )?;
        assert!(!out.status.success(), "{weak:?} accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(why), "{weak:?}: {err}");
    }
    let ok = zicht(
        &["user", "add", "anna", "--role", "counsellor", "--data", d],
        "een-lang-wachtwoord\n",
    )?;
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let again = zicht(
        &["user", "add", "anna", "--role", "admin", "--data", d],
        "een-lang-wachtwoord\n",
    )?;
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let bad_role = zicht(
        &["user", "add", "bob", "--role", "boss", "--data", d],
        "een-lang-wachtwoord\n",
    )?;
    assert!(!bad_role.status.success());
    let list = zicht(&["user", "list", "--data", d], "")?;
    assert_eq!(String::from_utf8_lossy(&list.stdout), "anna\tcounsellor\n");
    let user = zicht_store::Store::open(&dir, vault(&dir)?)?
        .connect()?
        .user_by_name("anna")?
        .ok_or("anna")?;
    assert!(user.password_hash.starts_with("$argon2id$"));
    assert!(!user.password_hash.contains("een-lang-wachtwoord"));
    Ok(())
}

#[test]
fn export_writes_the_flagged_conversations_of_a_year() -> R {
    let dir = tempdir("export");
    let d = dir.to_str().ok_or("path")?;
    let store = zicht_store::Store::open(&dir, vault(&dir)?)?;
    let c = store.connect()?;
    let u = c.add_user(
        "anna",
        zicht_store::Role::Counsellor,
        "x",
        "2022-01-01T00:00:00Z",
    )?;
    for (i, (at, flagged)) in [
        ("2022-03-14T20:15:00Z", true),
        ("2022-04-01T10:00:00Z", false),
        ("2023-01-02T10:00:00Z", true),
    ]
    .into_iter()
    .enumerate()
    {
        let id = c.create_conversation(&zicht_store::NewConversation {
            public_id: format!("c-{i}"),
            token_hash: vec![u8::try_from(i)?; 32],
            channel: "fier".into(),
            username: format!("bezoeker{i}"),
            age: None,
            gender: Some(zicht_store::Gender::Neutral),
            lang: "nl".into(),
            created_at: at.into(),
        })?;
        c.append_message(&zicht_store::NewMessage {
            conversation_id: id,
            from: zicht_store::Sender::Visitor,
            counsellor_id: None,
            client_id: "1".into(),
            at: at.into(),
            text: "hoi".into(),
        })?;
        let reg = zicht_store::Registration {
            trafficking: Some(flagged),
            ..Default::default()
        };
        c.save_registration(id, &reg, u, at)?;
    }
    let out = dir.join("conversations.jsonl");
    let o = out.to_str().ok_or("path")?;
    let run = zicht(
        &[
            "export",
            "--year",
            "2022",
            "--flagged",
            "--out",
            o,
            "--data",
            d,
        ],
        "",
    )?;
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // The file holds whole transcripts: readable by its owner only, and the
    // command says so.
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out)?.permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "export file mode {mode:o}");
    }
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("onversleuteld"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let convs = zicht_conversations::read_path(&out)?;
    assert_eq!(convs.len(), 1);
    // One audited read: the one conversation exported, by the command's user.
    let reads = store.connect()?.transcript_reads(10)?;
    assert_eq!(reads.len(), 1, "{reads:?}");
    assert_eq!(
        (reads[0].conversation.as_str(), reads[0].purpose.as_str()),
        ("c-0", "zicht export")
    );
    assert_eq!(convs[0].conversation_id, "c-0");
    assert_eq!(convs[0].intake.age, None);
    assert_eq!(convs[0].intake.gender.as_deref(), Some("neutral"));
    let all = zicht(&["export", "--year", "2022", "--out", o, "--data", d], "")?;
    assert!(all.status.success());
    assert_eq!(zicht_conversations::read_path(&out)?.len(), 2);
    let nothing = zicht(
        &[
            "export",
            "--year",
            "2022",
            "--out",
            o,
            "--data",
            "/nonexistent/zicht",
        ],
        "",
    )?;
    assert!(!nothing.status.success());
    // Retention with the default 90 days removes these old transcripts; the export stays.
    let ret = zicht(&["retention", "--data", d], "")?;
    assert!(
        ret.status.success(),
        "{}",
        String::from_utf8_lossy(&ret.stderr)
    );
    assert!(String::from_utf8_lossy(&ret.stderr).contains("3 conversation(s)"));
    assert_eq!(zicht_conversations::read_path(&out)?.len(), 2);
    Ok(())
}

#[test]
fn an_account_gets_a_new_password_or_is_disabled_and_its_sessions_end() -> R {
    let dir = tempdir("password");
    vault(&dir)?;
    let d = dir.to_str().ok_or("path")?;
    let add = zicht(
        &["user", "add", "piet", "--role", "counsellor", "--data", d],
        "een-lang-wachtwoord\n",
    )?;
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
    let store = zicht_store::Store::open(&dir, vault(&dir)?)?;
    let piet = store.connect()?.user_by_name("piet")?.ok_or("piet")?;
    let session = |token: u8| -> R {
        store.connect()?.create_session(
            &[token; 32],
            piet.id,
            "csrf",
            "2026-01-01T00:00:00Z",
            "2999-01-01T00:00:00Z",
        )?;
        Ok(())
    };
    let live = |token: u8| -> Result<bool, Box<dyn std::error::Error>> {
        Ok(store
            .connect()?
            .session(&[token; 32], "2026-01-02T00:00:00Z")?
            .is_some())
    };
    session(1)?;
    assert!(live(1)?);
    // Disabled: no password opens it, the session is gone, the list says so.
    let off = zicht(&["user", "disable", "piet", "--data", d], "")?;
    assert!(
        off.status.success(),
        "{}",
        String::from_utf8_lossy(&off.stderr)
    );
    assert!(!live(1)?);
    let user = store.connect()?.user_by_name("piet")?.ok_or("piet")?;
    assert!(user.is_disabled());
    assert!(!zicht_server::verify_password(
        "een-lang-wachtwoord",
        &user.password_hash
    ));
    let list = zicht(&["user", "list", "--data", d], "")?;
    assert_eq!(
        String::from_utf8_lossy(&list.stdout),
        "piet\tcounsellor\tdisabled\n"
    );
    // A new password enables it again and ends the sessions of the old one.
    session(2)?;
    let weak = zicht(&["user", "password", "piet", "--data", d], "kort\n")?;
    assert!(!weak.status.success());
    let new = zicht(
        &["user", "password", "piet", "--data", d],
        "nog-een-lang-wachtwoord\n",
    )?;
    assert!(
        new.status.success(),
        "{}",
        String::from_utf8_lossy(&new.stderr)
    );
    assert!(!live(2)?);
    let user = store.connect()?.user_by_name("piet")?.ok_or("piet")?;
    assert!(!user.is_disabled());
    assert!(zicht_server::verify_password(
        "nog-een-lang-wachtwoord",
        &user.password_hash
    ));
    // Unknown names are an error that changes nothing.
    let nobody = zicht(&["user", "disable", "niemand", "--data", d], "")?;
    assert!(!nobody.status.success());
    assert!(String::from_utf8_lossy(&nobody.stderr).contains("no account named"));
    Ok(())
}
