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
            trafficking: true,
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
    let mut ws = zicht_research::workspace::Workspace::open_dir(&s.dir)?;
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
    assert!(anon.header("content-security-policy").is_some());

    let anna = login(s.addr, "anna", "wachtwoord-anna-1").await?;
    assert_eq!(anna.get(s.addr, "/research").await?.status, 403);

    let ria = login(s.addr, "ria", "wachtwoord-ria-1").await?;
    let year = ria.get(s.addr, "/research/year/2022").await?;
    assert_eq!(year.status, 200);
    assert!(year.body.contains("gemarkeerde gesprekken"));
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
    assert!(audit.body.contains("ria") && audit.body.contains("victim_age"));
    Ok(())
}
