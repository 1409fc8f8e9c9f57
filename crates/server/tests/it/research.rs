//! `/research` behind the staff login: roles, CSRF, and a coded value through the real server.

use serde_json::json;
use zicht_conversations::{Conversation, Flags, Intake, Message};
use zicht_store::Role;

use crate::util::{R, http, login, start};

fn conversation(id: &str, at: &str) -> Conversation {
    Conversation {
        conversation_id: id.into(),
        channel: "fier".into(),
        username: "zonnebloem22".into(),
        started_at: at.into(),
        intake: Intake {
            age: Some(16),
            gender: Some("female".into()),
        },
        flags: Flags {
            trafficking: Some(true),
            other: serde_json::Map::new(),
        },
        messages: vec![Message {
            at: at.into(),
            from: zicht_conversations::From::Visitor,
            text: "ik ben 16 jaar".into(),
        }],
        extra: serde_json::Map::new(),
    }
}

#[tokio::test]
async fn researchers_only_and_every_post_with_its_token() -> R {
    let s = start("research").await?;
    s.add_user("ria", Role::Researcher, "wachtwoord-ria-1")?;
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    let mut ws =
        zicht_research::workspace::Workspace::open_dir(&s.dir, s.app.db.store().vault().clone())?;
    ws.import(
        &[conversation("c-1", "2022-03-14T20:15:00Z")],
        "test",
        "ria",
        "2026-11-28T09:00:00Z",
    )?;

    let anon = http(s.addr, "GET", "/research", &[], None).await?;
    assert_eq!(anon.status, 200);
    assert!(
        anon.body.contains("login-form"),
        "the login page: {}",
        anon.body
    );
    // Titled for researchers, not counsellors (issue 14, point 5).
    assert!(
        anon.body.contains("Inloggen voor onderzoekers") && !anon.body.contains("hulpverleners"),
        "{}",
        anon.body
    );
    assert!(anon.header("content-security-policy").is_some());

    let anna = login(s.addr, "anna", "wachtwoord-anna-1").await?;
    assert_eq!(anna.get(s.addr, "/research").await?.status, 403);

    let ria = login(s.addr, "ria", "wachtwoord-ria-1").await?;
    let year = ria.get(s.addr, "/research/year/2022").await?;
    assert_eq!(year.status, 200);
    assert!(year.body.contains("Voortgang per stap"), "{}", year.body);
    assert!(
        year.body
            .contains(&format!("<meta name=\"csrf\" content=\"{}\">", ria.csrf))
    );

    let body = json!({"case_id": "c-1", "version": "final", "column": "victim_age", "value": "16"});
    let forged = http(
        s.addr,
        "POST",
        "/research/api/value",
        &[("Cookie", &ria.cookie), ("X-CSRF-Token", "forged")],
        Some(&body.to_string()),
    )
    .await?;
    assert_eq!(forged.status, 403);
    let ok = ria.post(s.addr, "/research/api/value", &body).await?;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.json()?["values"]["victim_age"], "16");
    let audit = ria.get(s.addr, "/research/case/c-1/audit").await?;
    assert!(audit.body.contains("ria") && audit.body.contains("Leeftijd slachtoffer"));
    // Assignments name existing researcher accounts: anna is a counsellor.
    let refused = ria
        .post(
            s.addr,
            "/research/api/assign",
            &json!({"year": 2022, "share": 100, "coder_a": "ria", "coder_b": "anna"}),
        )
        .await?;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.json()?["field"], "coder_b");
    Ok(())
}

#[tokio::test]
async fn import_through_the_real_server_file_and_chat_store() -> R {
    let s = start("research-import").await?;
    s.add_user("ria", Role::Researcher, "wachtwoord-ria-1")?;
    let anna_id = s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    // Two chats in the store; a counsellor registered the first as trafficking.
    let conn = s.app.db.store().connect()?;
    for (i, flagged) in [(1u8, true), (2, false)] {
        let id = conn.create_conversation(&zicht_store::NewConversation {
            public_id: format!("s-{i}"),
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
        conn.save_registration(id, &reg, anna_id, "2022-03-20T00:00:00Z")?;
    }
    drop(conn);

    let anna = login(s.addr, "anna", "wachtwoord-anna-1").await?;
    let file = format!(
        "{}\n",
        serde_json::to_string(&conversation("f-1", "2021-04-01T10:00:00Z"))?
    );
    let refused = http(
        s.addr,
        "POST",
        "/research/api/import?name=x.jsonl",
        &[("Cookie", &anna.cookie), ("X-CSRF-Token", &anna.csrf)],
        Some(&file),
    )
    .await?;
    assert_eq!(refused.status, 403, "counsellors do not import");

    let ria = login(s.addr, "ria", "wachtwoord-ria-1").await?;
    let forged = http(
        s.addr,
        "POST",
        "/research/api/import?name=x.jsonl",
        &[("Cookie", &ria.cookie), ("X-CSRF-Token", "forged")],
        Some(&file),
    )
    .await?;
    assert_eq!(forged.status, 403);

    let page = ria.get(s.addr, "/research/import").await?;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("id=\"import-store\""), "{}", page.body);

    // A bad file: a Dutch message with line and field, nothing changed.
    let bad = file.replace("\"female\"", "\"vrouw\"");
    let r = http(
        s.addr,
        "POST",
        "/research/api/import?name=platform.jsonl",
        &[("Cookie", &ria.cookie), ("X-CSRF-Token", &ria.csrf)],
        Some(&bad),
    )
    .await?;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(
        r.json()?["problems"][0]
            .as_str()
            .is_some_and(|p| p.starts_with("regel 1, veld intake.gender")),
        "{}",
        r.body
    );
    // Larger than the 64 KiB the rest of the server takes: the import route allows it.
    let mut big = file.clone();
    for i in 0..400 {
        let mut c = conversation(&format!("f-{}", i + 2), "2021-04-02T10:00:00Z");
        c.messages[0].text = "ik ben 16 jaar en ik weet niet wat ik moet doen. ".repeat(4);
        big.push_str(&serde_json::to_string(&c)?);
        big.push('\n');
    }
    assert!(big.len() > 64 * 1024);
    let r = http(
        s.addr,
        "POST",
        "/research/api/import?name=platform.jsonl",
        &[("Cookie", &ria.cookie), ("X-CSRF-Token", &ria.csrf)],
        Some(&big),
    )
    .await?;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()?["added"], 401);

    let r = ria
        .post(s.addr, "/research/api/import-store", &json!({"year": 2022}))
        .await?;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()?["read"], 1, "only the flagged chat: {}", r.body);

    let ws =
        zicht_research::workspace::Workspace::open_dir(&s.dir, s.app.db.store().vault().clone())?;
    assert!(ws.conversation("s-1")?.is_some());
    assert!(ws.conversation("s-2")?.is_none());
    let imports = ws.imports()?;
    assert_eq!(
        imports.len(),
        2,
        "the bad file left no trace but its refusal"
    );
    assert_eq!(
        (imports[0].source.as_str(), imports[0].by.as_str()),
        ("store", "ria")
    );
    assert_eq!(imports[1].source, "import:platform.jsonl");
    assert_eq!(imports[1].added, 401);
    Ok(())
}

/// Sixth walk: the coder lists offered admin accounts. Only researcher
/// accounts code; an admin is neither offered nor accepted as a coder.
#[tokio::test]
async fn only_researcher_accounts_are_offered_and_accepted_as_coders() -> R {
    let s = start("research-coders").await?;
    s.add_user("ria", Role::Researcher, "wachtwoord-ria-1")?;
    s.add_user("bram", Role::Researcher, "wachtwoord-bram-1")?;
    s.add_user("sam", Role::Admin, "wachtwoord-sam-12")?;
    let mut ws =
        zicht_research::workspace::Workspace::open_dir(&s.dir, s.app.db.store().vault().clone())?;
    ws.import(
        &[conversation("c-1", "2022-03-14T20:15:00Z")],
        "test",
        "ria",
        "2026-11-28T09:00:00Z",
    )?;
    drop(ws);
    let ria = login(s.addr, "ria", "wachtwoord-ria-1").await?;
    let year = ria.get(s.addr, "/research/year/2022").await?;
    assert_eq!(year.status, 200, "{}", year.body);
    assert!(
        year.body.contains("<option value=\"bram\""),
        "{}",
        year.body
    );
    assert!(
        !year.body.contains("<option value=\"sam\""),
        "{}",
        year.body
    );
    let r = ria
        .post(
            s.addr,
            "/research/api/assign",
            &json!({"year": 2022, "share": 100, "coder_a": "ria", "coder_b": "sam"}),
        )
        .await?;
    assert_eq!(r.status, 422, "{}", r.body);
    let reply = r.json()?;
    assert_eq!(reply["field"], "coder_b", "{reply}");
    assert!(
        reply["message"]
            .as_str()
            .is_some_and(|m| m.contains("geen account van een onderzoeker")),
        "{reply}"
    );
    Ok(())
}
