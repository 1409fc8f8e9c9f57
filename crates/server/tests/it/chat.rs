//! A visitor and a counsellor talk over WebSocket; reconnects resume without loss or duplicates.

use serde_json::{Value, json};
use zicht_store::{Role, Sender};

use crate::util::{Client, R, http, login, queued, visitor_start};

fn is_msg(v: &Value) -> bool {
    v["t"] == "msg"
}

#[tokio::test]
async fn visitor_and_counsellor_exchange_messages_and_either_can_end() -> R {
    for s in crate::util::servers("exchange").await? {
        let backend = s.backend();
        visitor_and_counsellor_exchange_messages_and_either_can_end_on(s)
            .await
            .map_err(|e| format!("{backend}: {e}"))?;
    }
    Ok(())
}

async fn visitor_and_counsellor_exchange_messages_and_either_can_end_on(
    s: crate::util::Server,
) -> R {
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    let anna = login(s.addr, "anna", "wachtwoord-anna-1").await?;
    let token = visitor_start(s.addr, "fier", "zonnebloem22").await?;
    let mut visitor = Client::visitor(s.addr, &token, 0).await?;
    let state = visitor.recv().await?;
    assert_eq!(
        state,
        // No console open (anna works through the API here): the visitor is told nobody is
        // available, the one bit of presence she learns (walk41, finding 1).
        json!({"t": "state", "state": "waiting", "position": 1, "estimate": null, "nobody": true})
    );

    let conv = queued(s.addr, &anna, "zonnebloem22").await?;
    let mut console = Client::staff(s.addr, &anna).await?;
    console.until(|v| v["t"] == "resumed").await?;
    let r = anna
        .post(s.addr, "/console/api/take", &json!({"conv": conv}))
        .await?;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        visitor.recv().await?,
        json!({"t": "state", "state": "active"})
    );
    let (assigned, _) = console.until(|v| v["t"] == "assigned").await?;
    assert_eq!(assigned["conv"]["username"], "zonnebloem22");

    visitor
        .send(&json!({"t": "msg", "cid": "v1", "text": "hoi"}))
        .await?;
    let ack = visitor.recv().await?;
    assert_eq!(
        (ack["seq"].as_i64(), ack["cid"].as_str()),
        (Some(1), Some("v1"))
    );
    let (got, _) = console.until(is_msg).await?;
    assert_eq!(
        (
            got["conv"].as_str(),
            got["text"].as_str(),
            got["from"].as_str()
        ),
        (Some(conv.as_str()), Some("hoi"), Some("visitor"))
    );

    console
        .send(&json!({"t": "msg", "conv": conv, "cid": "c1", "text": "Hoi, fijn dat je er bent."}))
        .await?;
    let reply = visitor.recv().await?;
    assert_eq!(
        (reply["seq"].as_i64(), reply["from"].as_str()),
        (Some(2), Some("counsellor"))
    );
    assert_eq!(reply["text"], "Hoi, fijn dat je er bent.");
    assert!(
        reply.get("conv").is_none(),
        "the visitor never sees conversation ids"
    );

    // A second conversation, ended by the counsellor.
    let token2 = visitor_start(s.addr, "csg", "regenboog").await?;
    let mut visitor2 = Client::visitor(s.addr, &token2, 0).await?;
    visitor2.recv().await?;
    let conv2 = queued(s.addr, &anna, "regenboog").await?;
    assert_eq!(
        anna.post(s.addr, "/console/api/take", &json!({"conv": conv2}))
            .await?
            .status,
        200
    );
    visitor2.until(|v| v["state"] == "active").await?;
    assert_eq!(
        anna.post(s.addr, "/console/api/end", &json!({"conv": conv2}))
            .await?
            .status,
        200
    );
    assert_eq!(
        visitor2.recv().await?,
        json!({"t": "state", "state": "ended", "by": "counsellor"})
    );

    // The first, ended by the visitor.
    visitor.send(&json!({"t": "end"})).await?;
    assert_eq!(visitor.recv().await?["state"], "ended");
    let (ended, _) = console
        .until(|v| v["t"] == "ended" && v["conv"] == conv)
        .await?;
    assert_eq!(ended["by"], "visitor");

    let store = s.app.db.store().connect()?;
    let info = store.conversation(&conv)?.ok_or("conversation")?;
    let texts: Vec<_> = store
        .messages(info.id, 0, zicht_store::Reader::Visitor)?
        .into_iter()
        .map(|m| (m.from, m.text))
        .collect();
    assert_eq!(
        texts,
        vec![
            (Sender::Visitor, "hoi".to_string()),
            (Sender::Counsellor, "Hoi, fijn dat je er bent.".to_string())
        ]
    );
    Ok(())
}

#[tokio::test]
async fn a_reconnect_resumes_without_losing_or_duplicating() -> R {
    for s in crate::util::servers("resume").await? {
        let backend = s.backend();
        a_reconnect_resumes_without_losing_or_duplicating_on(s)
            .await
            .map_err(|e| format!("{backend}: {e}"))?;
    }
    Ok(())
}

async fn a_reconnect_resumes_without_losing_or_duplicating_on(s: crate::util::Server) -> R {
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    let anna = login(s.addr, "anna", "wachtwoord-anna-1").await?;
    let token = visitor_start(s.addr, "fier", "maan").await?;
    let mut visitor = Client::visitor(s.addr, &token, 0).await?;
    visitor.recv().await?;
    let conv = queued(s.addr, &anna, "maan").await?;
    let mut console = Client::staff(s.addr, &anna).await?;
    anna.post(s.addr, "/console/api/take", &json!({"conv": conv}))
        .await?;
    visitor.until(|v| v["state"] == "active").await?;
    for i in 1..=3 {
        visitor
            .send(&json!({"t": "msg", "cid": format!("v{i}"), "text": format!("bericht {i}")}))
            .await?;
        assert_eq!(visitor.until(is_msg).await?.0["seq"], i);
    }
    // The phone locks: the socket is gone; the counsellor writes twice meanwhile.
    visitor.close().await?;
    for i in 1..=2 {
        console.send(&json!({"t": "msg", "conv": conv, "cid": format!("c{i}"), "text": format!("antwoord {i}")})).await?;
    }
    let mut seen = 0;
    while seen < 5 {
        let (m, _) = console.until(is_msg).await?;
        seen = m["seq"].as_i64().ok_or("seq")?;
    }
    // Back: resume after seq 3; the last message is re-sent because its ack was "lost".
    let mut visitor = Client::visitor(s.addr, &token, 3).await?;
    visitor
        .send(&json!({"t": "msg", "cid": "v3", "text": "bericht 3"}))
        .await?;
    let mut got = Vec::new();
    while got.len() < 3 {
        let v = visitor.recv().await?;
        if is_msg(&v) {
            got.push((
                v["seq"].as_i64().ok_or("seq")?,
                v["text"].as_str().ok_or("text")?.to_string(),
            ));
        }
    }
    got.sort();
    assert_eq!(
        got,
        vec![
            (3, "bericht 3".into()),
            (4, "antwoord 1".into()),
            (5, "antwoord 2".into())
        ]
    );
    // A new message continues the sequence: nothing was stored twice.
    visitor
        .send(&json!({"t": "msg", "cid": "v4", "text": "bericht 4"}))
        .await?;
    assert_eq!(visitor.until(is_msg).await?.0["seq"], 6);
    let store = s.app.db.store().connect()?;
    let id = store.conversation(&conv)?.ok_or("conv")?.id;
    let seqs: Vec<i64> = store
        .messages(id, 0, zicht_store::Reader::Visitor)?
        .iter()
        .map(|m| m.seq)
        .collect();
    assert_eq!(seqs, vec![1, 2, 3, 4, 5, 6]);

    // The console reconnects too and asks for what it missed after seq 4.
    console.close().await?;
    let mut console = Client::connect(s.addr, "/console/ws", &[("Cookie", &anna.cookie)]).await?;
    console
        .send(&json!({"t": "resume", "after": {conv.clone(): 4}}))
        .await?;
    let (_, before) = console.until(|v| v["t"] == "resumed").await?;
    let resent: Vec<i64> = before
        .iter()
        .filter(|v| is_msg(v))
        .filter_map(|v| v["seq"].as_i64())
        .collect();
    assert_eq!(resent, vec![5, 6]);
    Ok(())
}

#[tokio::test]
async fn a_visitor_token_opens_only_its_own_conversation() -> R {
    for s in crate::util::servers("isolation").await? {
        let backend = s.backend();
        a_visitor_token_opens_only_its_own_conversation_on(s)
            .await
            .map_err(|e| format!("{backend}: {e}"))?;
    }
    Ok(())
}

async fn a_visitor_token_opens_only_its_own_conversation_on(s: crate::util::Server) -> R {
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    let anna = login(s.addr, "anna", "wachtwoord-anna-1").await?;
    let token_a = visitor_start(s.addr, "fier", "alpha").await?;
    let token_b = visitor_start(s.addr, "fier", "bravo").await?;
    let conv_b = queued(s.addr, &anna, "bravo").await?;
    let mut b = Client::visitor(s.addr, &token_b, 0).await?;
    b.recv().await?;
    b.send(&json!({"t": "msg", "cid": "b1", "text": "geheim van bravo"}))
        .await?;
    b.until(is_msg).await?;

    // A's token reads nothing of B, and a frame naming B's conversation still lands in A's own.
    let mut a = Client::visitor(s.addr, &token_a, 0).await?;
    let first = a.recv().await?;
    assert_eq!(first["t"], "state", "A got {first}");
    a.send(&json!({"t": "msg", "cid": "a1", "conv": conv_b, "text": "van alpha"}))
        .await?;
    let echo = a.until(is_msg).await?.0;
    assert_eq!(
        (echo["seq"].as_i64(), echo["text"].as_str()),
        (Some(1), Some("van alpha"))
    );
    let store = s.app.db.store().connect()?;
    let b_id = store.conversation(&conv_b)?.ok_or("b")?.id;
    let b_texts: Vec<String> = store
        .messages(b_id, 0, zicht_store::Reader::Visitor)?
        .into_iter()
        .map(|m| m.text)
        .collect();
    assert_eq!(b_texts, vec!["geheim van bravo".to_string()]);

    // A wrong or guessed token opens nothing.
    let mut x = Client::visitor(s.addr, &"0".repeat(64), 0).await?;
    assert_eq!(
        x.recv().await?,
        json!({"t": "error", "code": "unknown_conversation"})
    );
    // The visitor's token is not a staff credential.
    let r = crate::util::http(
        s.addr,
        "GET",
        "/console/api/state",
        &[("Cookie", &format!("zicht_staff={token_a}"))],
        None,
    )
    .await?;
    assert_eq!(r.status, 401);
    Ok(())
}

#[tokio::test]
async fn transfer_moves_a_conversation_to_a_colleague() -> R {
    for s in crate::util::servers("transfer").await? {
        let backend = s.backend();
        transfer_moves_a_conversation_to_a_colleague_on(s)
            .await
            .map_err(|e| format!("{backend}: {e}"))?;
    }
    Ok(())
}

async fn transfer_moves_a_conversation_to_a_colleague_on(s: crate::util::Server) -> R {
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    let bram_id = s.add_user("bram", Role::Counsellor, "wachtwoord-bram-1")?;
    let anna = login(s.addr, "anna", "wachtwoord-anna-1").await?;
    let bram = login(s.addr, "bram", "wachtwoord-bram-1").await?;
    let token = visitor_start(s.addr, "fier", "ster").await?;
    let mut visitor = Client::visitor(s.addr, &token, 0).await?;
    visitor.recv().await?;
    let conv = queued(s.addr, &anna, "ster").await?;
    let mut ca = Client::staff(s.addr, &anna).await?;
    let mut cb = Client::staff(s.addr, &bram).await?;
    ca.until(|v| v["t"] == "resumed").await?;
    cb.until(|v| v["t"] == "resumed").await?;
    anna.post(s.addr, "/console/api/take", &json!({"conv": conv}))
        .await?;
    // Bram cannot take it any more, nor write in it.
    assert_eq!(
        bram.post(s.addr, "/console/api/take", &json!({"conv": conv}))
            .await?
            .status,
        409
    );
    cb.send(&json!({"t": "msg", "conv": conv, "cid": "x", "text": "mag niet"}))
        .await?;
    assert_eq!(
        cb.until(|v| v["t"] == "error").await?.0["code"],
        "not_yours"
    );
    let r = anna
        .post(
            s.addr,
            "/console/api/transfer",
            &json!({"conv": conv, "to": bram_id}),
        )
        .await?;
    assert_eq!(r.status, 200, "{}", r.body);
    ca.until(|v| v["t"] == "unassigned").await?;
    let (assigned, _) = cb.until(|v| v["t"] == "assigned").await?;
    assert_eq!(assigned["conv"]["conv"], conv.as_str());
    cb.send(&json!({"t": "msg", "conv": conv, "cid": "b1", "text": "Ik neem het over."}))
        .await?;
    assert_eq!(visitor.until(is_msg).await?.0["text"], "Ik neem het over.");
    // The registration belongs to the counsellor who has it now.
    let reg = json!({"trafficking": true, "first_time": false, "categories": ["sexual_violence"], "referrals": ["police_avim", "csg"], "referral_other": "", "notes": "komt terug"});
    assert_eq!(
        anna.post(s.addr, &format!("/console/api/registration/{conv}"), &reg)
            .await?
            .status,
        403
    );
    assert_eq!(
        bram.post(s.addr, &format!("/console/api/registration/{conv}"), &reg)
            .await?
            .status,
        200
    );
    let back = bram
        .get(s.addr, &format!("/console/api/registration/{conv}"))
        .await?
        .json()?;
    assert_eq!(back["referrals"], json!(["police_avim", "csg"]));
    // A returning visitor: exported as `flags.first_time = false`, which leaves
    // the conversation out of the research side's selection of first-time visitors.
    assert_eq!(back["first_time"], false);
    let exported = s.app.db.store().connect()?.export(
        zicht_store::Filter::default(),
        zicht_store::Reader::Staff {
            name: "test",
            purpose: zicht_store::Purpose::Export,
        },
    )?;
    let c = exported
        .iter()
        .find(|c| c.conversation_id == conv)
        .ok_or("not exported")?;
    assert_eq!(c.flags.other.get("first_time"), Some(&json!(false)));
    assert!(!zicht_research::workspace::is_first_time(c));
    let bad = json!({"trafficking": true, "categories": ["made_up"]});
    assert_eq!(
        bram.post(s.addr, &format!("/console/api/registration/{conv}"), &bad)
            .await?
            .status,
        400
    );
    Ok(())
}

#[tokio::test]
async fn limits_on_size_and_rate_are_enforced_per_conversation() -> R {
    for s in crate::util::servers("limits").await? {
        let backend = s.backend();
        limits_on_size_and_rate_are_enforced_per_conversation_on(s)
            .await
            .map_err(|e| format!("{backend}: {e}"))?;
    }
    Ok(())
}

async fn limits_on_size_and_rate_are_enforced_per_conversation_on(s: crate::util::Server) -> R {
    let token = visitor_start(s.addr, "fier", "limiet").await?;
    let mut v = Client::visitor(s.addr, &token, 0).await?;
    v.recv().await?;
    let long = "a".repeat(2001);
    v.send(&json!({"t": "msg", "cid": "long", "text": long}))
        .await?;
    assert_eq!(
        v.recv().await?,
        json!({"t": "error", "code": "too_long", "cid": "long"})
    );
    for i in 0..20 {
        v.send(&json!({"t": "msg", "cid": format!("m{i}"), "text": "hallo"}))
            .await?;
    }
    let (mut stored, mut limited) = (0, 0);
    while stored + limited < 20 {
        let f = v.recv().await?;
        if f["t"] == "msg" {
            stored += 1;
        } else if f["code"] == "rate_limited" {
            limited += 1;
        }
    }
    assert!(limited >= 5, "stored {stored}, limited {limited}");
    Ok(())
}

/// A closed chat points to a channel that is open now.
#[tokio::test]
async fn a_closed_chat_points_to_one_that_is_open() -> R {
    let text = zicht_server::config::DEFAULT_CONFIG
        .replace("secure_cookies = true", "secure_cookies = false");
    let (fier, csg) = text.split_once("code = \"csg\"").ok_or("two channels")?;
    let day = |l: &str, to: &str| -> String {
        let days = [
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ];
        if days.iter().any(|d| l.starts_with(&format!("{d} = "))) {
            format!("{} = \"{to}\"", l.split(' ').next().unwrap_or(""))
        } else {
            l.to_string()
        }
    };
    let fier: Vec<String> = fier.lines().map(|l| day(l, "00:00-24:00")).collect();
    let csg: Vec<String> = csg.lines().map(|l| day(l, "")).collect();
    let config = zicht_server::Config::parse(
        &format!("{}\ncode = \"csg\"{}", fier.join("\n"), csg.join("\n")),
        "test",
    )?;
    let s = crate::util::start_with("closed-elsewhere", config).await?;
    let closed = http(s.addr, "GET", "/chat/csg", &[], None).await?;
    assert!(closed.body.contains("data-open=\"0\""), "csg is closed");
    assert!(
        closed.body.contains("Chat met Fier is nu wel open.")
            && closed.body.contains("<a href=\"/chat/fier\">"),
        "{}",
        closed.body
    );
    let open = http(s.addr, "GET", "/chat/fier", &[], None).await?;
    assert!(open.body.contains("data-open=\"1\"") && !open.body.contains("is nu wel open"));
    Ok(())
}
