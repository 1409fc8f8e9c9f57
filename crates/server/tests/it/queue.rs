//! The queue and the shift over real WebSockets: places per channel, gone visitors marked at once
//! and expired after the grace period (also after a restart), clearing them, quick exit, warm and
//! cold transfer with the transcript and a note, typing both ways, and the supervisor's reading along.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use zicht_store::{EndedBy, Role, State};

use crate::util::{
    Client, R, Server, Staff, login, queued, start_with, test_config, visitor_start,
};

fn is_msg(v: &Value) -> bool {
    v["t"] == "msg"
}

/// A server whose waiting visitors keep their place `grace` seconds after they left.
async fn server(name: &str, grace: u64) -> R<Server> {
    let mut config = test_config()?;
    config.limits.abandoned_grace_seconds = grace;
    start_with(name, config).await
}

async fn queue_entry(s: &Server, staff: &Staff, username: &str) -> R<Option<Value>> {
    let state = staff.get(s.addr, "/console/api/state").await?.json()?;
    Ok(state["queue"]
        .as_array()
        .ok_or("queue")?
        .iter()
        .find(|c| c["username"] == username)
        .cloned())
}

fn stored_state(s: &Server, conv: &str) -> R<(State, Option<EndedBy>)> {
    let info = s
        .app
        .db
        .store()
        .connect()?
        .conversation(conv)?
        .ok_or("conversation")?;
    Ok((info.state, info.ended_by))
}

/// The public id of the newest conversation of `username`.
fn queued_or_ended(s: &Server, username: &str) -> R<String> {
    let all = s
        .app
        .db
        .store()
        .connect()?
        .conversations(zicht_store::Filter::default())?;
    all.into_iter()
        .rev()
        .find(|c| c.username == username)
        .map(|c| c.public_id)
        .ok_or_else(|| format!("no conversation of {username}").into())
}

/// Polls until `f` is true, at most `secs` seconds.
async fn eventually<F, Fut>(secs: u64, mut f: F) -> R<Duration>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = R<bool>>,
{
    let t0 = Instant::now();
    while t0.elapsed() < Duration::from_secs(secs) {
        if f().await? {
            return Ok(t0.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("not true within {secs} s").into())
}

#[tokio::test]
async fn queue_places_count_per_channel() -> R {
    let s = server("places", 60).await?;
    let t1 = visitor_start(s.addr, "fier", "eerste").await?;
    let t2 = visitor_start(s.addr, "csg", "tweede").await?;
    let t3 = visitor_start(s.addr, "fier", "derde").await?;
    let mut v1 = Client::visitor(s.addr, &t1, 0).await?;
    let mut v2 = Client::visitor(s.addr, &t2, 0).await?;
    let mut v3 = Client::visitor(s.addr, &t3, 0).await?;
    assert_eq!(v1.recv().await?["position"], 1);
    assert_eq!(v2.recv().await?["position"], 1, "csg has its own queue");
    assert_eq!(v3.recv().await?["position"], 2, "one fier visitor ahead");
    Ok(())
}

#[tokio::test]
async fn a_gone_visitor_is_marked_at_once_and_leaves_the_queue_after_the_grace() -> R {
    let s = server("grace", 3).await?;
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    let anna = login(s.addr, "anna", "wachtwoord-anna-1").await?;
    let mut console = Client::staff(s.addr, &anna).await?;
    console.until(|v| v["t"] == "resumed").await?;
    let t1 = visitor_start(s.addr, "fier", "weggaander").await?;
    let t2 = visitor_start(s.addr, "fier", "blijver").await?;
    let v1 = Client::visitor(s.addr, &t1, 0).await?;
    let mut v2 = Client::visitor(s.addr, &t2, 0).await?;
    assert_eq!(v2.recv().await?["position"], 2);
    let conv1 = queued(s.addr, &anna, "weggaander").await?;
    assert_eq!(
        queue_entry(&s, &anna, "weggaander")
            .await?
            .ok_or("queued")?["online"],
        true
    );
    // The tab closes: every console hears at once that the queue changed, and
    // the queue shows the visitor as gone.
    v1.close().await?;
    console.until(|v| v["t"] == "queue").await?;
    let gone = queue_entry(&s, &anna, "weggaander")
        .await?
        .ok_or("still queued in the grace period")?;
    assert_eq!(gone["online"], false);
    // Below everyone who still waits, and it cannot be taken.
    let order: Vec<String> = anna.get(s.addr, "/console/api/state").await?.json()?["queue"]
        .as_array()
        .ok_or("queue")?
        .iter()
        .filter_map(|q| q["username"].as_str().map(str::to_string))
        .collect();
    assert_eq!(order, vec!["blijver".to_string(), "weggaander".to_string()]);
    let r = anna
        .post(s.addr, "/console/api/take", &json!({"conv": conv1}))
        .await?;
    assert_eq!(
        (r.status, r.json()?["error"].clone()),
        (409, json!("visitor_gone"))
    );
    let stats = anna.get(s.addr, "/console/api/state").await?.json()?;
    let fier = stats["channels"]
        .as_array()
        .ok_or("channels")?
        .iter()
        .find(|c| c["channel"] == "fier")
        .cloned()
        .ok_or("fier")?;
    assert_eq!(
        (fier["waiting"].as_u64(), fier["gone"].as_u64()),
        (Some(2), Some(1))
    );
    // The next visitor moves up at once: one who left is not counted ahead of
    // anyone, although the conversation keeps its place for the grace period.
    let (f, _) = v2.until(|v| v["position"] == 1).await?;
    assert_eq!(f["state"], "waiting");
    assert!(
        queue_entry(&s, &anna, "weggaander").await?.is_some(),
        "moved up only when the grace was over"
    );
    // After the grace period the conversation ends.
    eventually(10, || async {
        Ok(queue_entry(&s, &anna, "weggaander").await?.is_none())
    })
    .await?;
    assert_eq!(
        stored_state(&s, &conv1)?,
        (State::Ended, Some(EndedBy::System))
    );
    // A visitor who comes back within the grace keeps the place.
    let t3 = visitor_start(s.addr, "fier", "terugkomer").await?;
    let v3 = Client::visitor(s.addr, &t3, 0).await?;
    v3.close().await?;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let mut v3 = Client::visitor(s.addr, &t3, 0).await?;
    assert_eq!(v3.recv().await?["position"], 2);
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        queue_entry(&s, &anna, "terugkomer")
            .await?
            .ok_or("queued")?["online"],
        true
    );
    Ok(())
}

#[tokio::test]
async fn quick_exit_leaves_the_queue_at_once() -> R {
    let s = server("quickexit", 120).await?;
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    let anna = login(s.addr, "anna", "wachtwoord-anna-1").await?;
    let t1 = visitor_start(s.addr, "fier", "snelweg").await?;
    let t2 = visitor_start(s.addr, "fier", "wachter").await?;
    let mut v1 = Client::visitor(s.addr, &t1, 0).await?;
    let mut v2 = Client::visitor(s.addr, &t2, 0).await?;
    v1.recv().await?;
    assert_eq!(v2.recv().await?["position"], 2);
    let conv1 = queued(s.addr, &anna, "snelweg").await?;
    // What the page sends on "Snel weg" before it navigates away.
    v1.send(&json!({"t": "exit"})).await?;
    v1.close().await?;
    let (f, _) = v2.until(|v| v["position"] == 1).await?;
    assert_eq!(f["state"], "waiting");
    assert!(queue_entry(&s, &anna, "snelweg").await?.is_none());
    assert_eq!(
        stored_state(&s, &conv1)?,
        (State::Ended, Some(EndedBy::QuickExit))
    );
    Ok(())
}

#[tokio::test]
async fn waiting_conversations_reloaded_after_a_restart_expire_too() -> R {
    let s = server("restart", 1).await?;
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    visitor_start(s.addr, "fier", "voorherstart").await?;
    // A second server on the same data directory: the restart. Nobody
    // reconnects to the conversation it reloads.
    let mut config = test_config()?;
    config.limits.abandoned_grace_seconds = 1;
    let app = zicht_server::open_with(&s.dir, config)?;
    assert_eq!(app.hub.waiting_count(), 1);
    let addr = zicht_server::spawn(app.clone(), "127.0.0.1:0").await?;
    let anna = login(addr, "anna", "wachtwoord-anna-1").await?;
    let took = eventually(10, || {
        let app = app.clone();
        async move { Ok(app.hub.waiting_count() == 0) }
    })
    .await?;
    assert!(
        took >= Duration::from_millis(500),
        "expired before the grace: {took:?}"
    );
    let state = anna.get(addr, "/console/api/state").await?.json()?;
    assert_eq!(state["queue"], json!([]));
    Ok(())
}

#[tokio::test]
async fn counsellors_clear_the_visitors_who_left_in_one_go() -> R {
    let s = server("clear", 600).await?;
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    let anna = login(s.addr, "anna", "wachtwoord-anna-1").await?;
    let mut tokens = Vec::new();
    for name in ["weg-een", "weg-twee", "hier"] {
        tokens.push(visitor_start(s.addr, "fier", name).await?);
    }
    for t in &tokens[..2] {
        Client::visitor(s.addr, t, 0).await?.close().await?;
    }
    let mut here = Client::visitor(s.addr, &tokens[2], 0).await?;
    eventually(5, || async {
        let st = anna.get(s.addr, "/console/api/state").await?.json()?;
        Ok(st["queue"]
            .as_array()
            .ok_or("queue")?
            .iter()
            .filter(|q| q["online"] == false)
            .count()
            == 2)
    })
    .await?;
    // The two who left are still queued but not counted ahead of the one who stayed.
    let (f, _) = here
        .until(|v| v["t"] == "state" && v["position"] == 1)
        .await?;
    assert_eq!(f["state"], "waiting");
    let r = anna
        .post(s.addr, "/console/api/clear-abandoned", &json!({}))
        .await?;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()?["cleared"], 2);
    let st = anna.get(s.addr, "/console/api/state").await?.json()?;
    let names: Vec<&str> = st["queue"]
        .as_array()
        .ok_or("queue")?
        .iter()
        .filter_map(|q| q["username"].as_str())
        .collect();
    assert_eq!(names, vec!["hier"]);
    Ok(())
}

/// Anna takes a conversation and they exchange three messages; returns the conversation.
async fn taken_with_messages(
    s: &Server,
    anna: &Staff,
    ca: &mut Client,
    visitor: &mut Client,
    username: &str,
) -> R<String> {
    let conv = queued(s.addr, anna, username).await?;
    let r = anna
        .post(s.addr, "/console/api/take", &json!({"conv": conv}))
        .await?;
    assert_eq!(r.status, 200, "{}", r.body);
    visitor.until(|v| v["state"] == "active").await?;
    visitor
        .send(&json!({"t": "msg", "cid": "v1", "text": "ik durf het bijna niet te zeggen"}))
        .await?;
    visitor
        .send(&json!({"t": "msg", "cid": "v2", "text": "hij houdt mijn paspoort"}))
        .await?;
    ca.send(&json!({"t": "msg", "conv": conv, "cid": "a1", "text": "Dank je dat je het vertelt."}))
        .await?;
    while visitor.until(is_msg).await?.0["seq"] != 3 {}
    Ok(conv)
}

#[tokio::test]
async fn warm_and_cold_transfer_carry_the_whole_transcript_and_the_note() -> R {
    let s = server("transfer-warm", 60).await?;
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    let bram_id = s.add_user("bram", Role::Counsellor, "wachtwoord-bram-1")?;
    let cas_id = s.add_user("cas", Role::Counsellor, "wachtwoord-cas-11")?;
    let anna = login(s.addr, "anna", "wachtwoord-anna-1").await?;
    let bram = login(s.addr, "bram", "wachtwoord-bram-1").await?;
    let mut ca = Client::staff(s.addr, &anna).await?;
    let mut cb = Client::staff(s.addr, &bram).await?;
    ca.until(|v| v["t"] == "resumed").await?;
    cb.until(|v| v["t"] == "resumed").await?;
    let token = visitor_start(s.addr, "fier", "paspoort").await?;
    let mut visitor = Client::visitor(s.addr, &token, 0).await?;
    let conv = taken_with_messages(&s, &anna, &mut ca, &mut visitor, "paspoort").await?;

    // Nothing chosen, or a colleague who is not online for a warm transfer: refused with a reason.
    let r = anna
        .post(
            s.addr,
            "/console/api/transfer",
            &json!({"conv": conv, "mode": "warm"}),
        )
        .await?;
    assert_eq!(
        (r.status, r.json()?["error"].clone()),
        (400, json!("no_colleague"))
    );
    let r = anna
        .post(
            s.addr,
            "/console/api/transfer",
            &json!({"conv": conv, "to": cas_id, "mode": "warm"}),
        )
        .await?;
    assert_eq!(
        (r.status, r.json()?["error"].clone()),
        (409, json!("colleague_offline"))
    );

    // Warm: Bram gets the offer with the note and the whole transcript, and
    // follows new messages; Anna keeps the conversation until he accepts.
    let r = anna
        .post(
            s.addr,
            "/console/api/transfer",
            &json!({"conv": conv, "to": bram_id, "mode": "warm", "note": "Paspoort ingenomen, wil naar de politie."}),
        )
        .await?;
    assert_eq!(r.status, 200, "{}", r.body);
    let (offer, _) = cb.until(|v| v["t"] == "offer").await?;
    assert_eq!(
        (
            offer["from"].as_str(),
            offer["note"].as_str(),
            offer["conv"]["conv"].as_str()
        ),
        (
            Some("anna"),
            Some("Paspoort ingenomen, wil naar de politie."),
            Some(conv.as_str())
        )
    );
    let mut seqs = Vec::new();
    while seqs.len() < 3 {
        let (m, _) = cb.until(is_msg).await?;
        seqs.push(m["seq"].as_i64().ok_or("seq")?);
    }
    assert_eq!(seqs, vec![1, 2, 3], "the whole transcript before accepting");
    visitor
        .send(&json!({"t": "msg", "cid": "v3", "text": "ben je er nog?"}))
        .await?;
    assert_eq!(cb.until(is_msg).await?.0["text"], "ben je er nog?");
    ca.until(|v| is_msg(v) && v["text"] == "ben je er nog?")
        .await?;
    // Bram cannot write before accepting; then he accepts.
    cb.send(&json!({"t": "msg", "conv": conv, "cid": "b0", "text": "te vroeg"}))
        .await?;
    assert_eq!(
        cb.until(|v| v["t"] == "error").await?.0["code"],
        "not_yours"
    );
    let r = bram
        .post(
            s.addr,
            "/console/api/transfer/accept",
            &json!({"conv": conv}),
        )
        .await?;
    assert_eq!(r.status, 200, "{}", r.body);
    ca.until(|v| v["t"] == "unassigned" && v["conv"] == conv)
        .await?;
    cb.until(|v| v["t"] == "assigned").await?;
    // The note comes from the store (sealed there), with who wrote it.
    let (notes, _) = cb.until(|v| v["t"] == "notes").await?;
    assert_eq!(
        (
            notes["notes"][0]["text"].as_str(),
            notes["notes"][0]["from"].as_str()
        ),
        (
            Some("Paspoort ingenomen, wil naar de politie."),
            Some("anna")
        )
    );
    // The visitor hears that someone else continues.
    visitor.until(|v| v["t"] == "transferred").await?;
    cb.send(
        &json!({"t": "msg", "conv": conv, "cid": "b1", "text": "Ik ben Bram, ik neem het over."}),
    )
    .await?;
    visitor
        .until(|v| is_msg(v) && v["text"] == "Ik ben Bram, ik neem het over.")
        .await?;

    // Cold, back to Anna: at once, with all five messages on her console.
    let anna_id = s
        .app
        .db
        .store()
        .connect()?
        .user_by_name("anna")?
        .ok_or("anna")?
        .id;
    let r = bram
        .post(
            s.addr,
            "/console/api/transfer",
            &json!({"conv": conv, "to": anna_id, "mode": "cold", "note": "terug naar jou"}),
        )
        .await?;
    assert_eq!(r.status, 200, "{}", r.body);
    let (assigned, _) = ca.until(|v| v["t"] == "assigned").await?;
    assert_eq!(assigned["by"], "bram");
    // Every message names its writer: Anna's own lines and Bram's are told apart.
    let mut lines = Vec::new();
    while lines.len() < 5 {
        let (m, _) = ca.until(is_msg).await?;
        lines.push((
            m["text"].as_str().unwrap_or("").to_string(),
            m["by_name"].as_str().map(str::to_string),
            m["by"].as_i64(),
        ));
    }
    let bram_line = lines.last().ok_or("five lines")?;
    assert_eq!(
        (bram_line.0.as_str(), bram_line.1.as_deref(), bram_line.2),
        (
            "Ik ben Bram, ik neem het over.",
            Some("bram"),
            Some(bram_id)
        ),
        "{lines:?}"
    );
    let anna_line = lines
        .iter()
        .find(|l| l.0 == "Dank je dat je het vertelt.")
        .ok_or("anna's line")?;
    assert_eq!(
        (anna_line.1.as_deref(), anna_line.2),
        (Some("anna"), Some(anna_id))
    );
    assert!(
        lines.iter().filter(|l| l.1.is_none()).count() == 3,
        "the visitor's lines have no staff name: {lines:?}"
    );
    let (notes, _) = ca.until(|v| v["t"] == "notes").await?;
    let texts: Vec<&str> = notes["notes"]
        .as_array()
        .ok_or("notes")?
        .iter()
        .filter_map(|n| n["text"].as_str())
        .collect();
    assert_eq!(
        texts,
        vec!["Paspoort ingenomen, wil naar de politie.", "terug naar jou"]
    );
    // Stored, not kept by a console: a console that connects afresh gets them.
    let mut again = Client::staff(s.addr, &anna).await?;
    let (notes, _) = again
        .until(|v| v["t"] == "notes" && v["conv"] == conv)
        .await?;
    assert_eq!(notes["notes"][1]["from"], "bram");
    let stored = s
        .app
        .db
        .store()
        .connect()?
        .conversation(&conv)?
        .ok_or("conv")?;
    let in_store = s.app.db.store().connect()?.transfer_notes(stored.id)?;
    assert_eq!(in_store.len(), 2);
    // The receiving consoles' reads are in the audit.
    let reads = s.app.db.store().connect()?.transcript_reads(100)?;
    assert!(
        reads
            .iter()
            .any(|r| r.staff == "bram" && r.purpose == "console" && r.conversation == conv),
        "{reads:?}"
    );
    Ok(())
}

#[tokio::test]
async fn a_declined_offer_stays_with_the_counsellor() -> R {
    let s = server("transfer-decline", 60).await?;
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    let bram_id = s.add_user("bram", Role::Counsellor, "wachtwoord-bram-1")?;
    let anna = login(s.addr, "anna", "wachtwoord-anna-1").await?;
    let bram = login(s.addr, "bram", "wachtwoord-bram-1").await?;
    let mut ca = Client::staff(s.addr, &anna).await?;
    let mut cb = Client::staff(s.addr, &bram).await?;
    ca.until(|v| v["t"] == "resumed").await?;
    cb.until(|v| v["t"] == "resumed").await?;
    let token = visitor_start(s.addr, "csg", "weigering").await?;
    let mut visitor = Client::visitor(s.addr, &token, 0).await?;
    let conv = taken_with_messages(&s, &anna, &mut ca, &mut visitor, "weigering").await?;
    anna.post(
        s.addr,
        "/console/api/transfer",
        &json!({"conv": conv, "to": bram_id, "mode": "warm"}),
    )
    .await?;
    cb.until(|v| v["t"] == "offer").await?;
    let r = bram
        .post(
            s.addr,
            "/console/api/transfer/decline",
            &json!({"conv": conv}),
        )
        .await?;
    assert_eq!(r.status, 200, "{}", r.body);
    let (d, _) = ca.until(|v| v["t"] == "declined").await?;
    assert_eq!(d["by"], "bram");
    // Accepting afterwards is refused; Anna still writes in it.
    let r = bram
        .post(
            s.addr,
            "/console/api/transfer/accept",
            &json!({"conv": conv}),
        )
        .await?;
    assert_eq!(r.status, 409);
    ca.send(&json!({"t": "msg", "conv": conv, "cid": "a2", "text": "Ik blijf bij je."}))
        .await?;
    assert_eq!(visitor.until(is_msg).await?.0["text"], "Ik blijf bij je.");
    Ok(())
}

#[tokio::test]
async fn typing_reaches_the_other_side() -> R {
    let s = server("typing", 60).await?;
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    let anna = login(s.addr, "anna", "wachtwoord-anna-1").await?;
    let mut ca = Client::staff(s.addr, &anna).await?;
    ca.until(|v| v["t"] == "resumed").await?;
    let token = visitor_start(s.addr, "fier", "typer").await?;
    let mut visitor = Client::visitor(s.addr, &token, 0).await?;
    visitor.recv().await?;
    let conv = queued(s.addr, &anna, "typer").await?;
    anna.post(s.addr, "/console/api/take", &json!({"conv": conv}))
        .await?;
    visitor.until(|v| v["state"] == "active").await?;
    visitor.send(&json!({"t": "typing"})).await?;
    let (t, _) = ca.until(|v| v["t"] == "typing").await?;
    assert_eq!(t["conv"], conv.as_str());
    ca.send(&json!({"t": "typing", "conv": conv})).await?;
    assert_eq!(
        visitor.until(|v| v["t"] == "typing").await?.0,
        json!({"t": "typing"})
    );
    Ok(())
}

#[tokio::test]
async fn a_supervisor_reads_along_and_every_read_is_recorded() -> R {
    let s = server("supervisor", 60).await?;
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    s.add_user("bram", Role::Counsellor, "wachtwoord-bram-1")?;
    s.add_user("sanne", Role::Admin, "wachtwoord-sanne-1")?;
    let anna = login(s.addr, "anna", "wachtwoord-anna-1").await?;
    let bram = login(s.addr, "bram", "wachtwoord-bram-1").await?;
    let sanne = login(s.addr, "sanne", "wachtwoord-sanne-1").await?;
    let mut ca = Client::staff(s.addr, &anna).await?;
    ca.until(|v| v["t"] == "resumed").await?;
    let token = visitor_start(s.addr, "fier", "meegelezen").await?;
    let mut visitor = Client::visitor(s.addr, &token, 0).await?;
    let conv = taken_with_messages(&s, &anna, &mut ca, &mut visitor, "meegelezen").await?;
    // The overview: who has which conversation, for admins only.
    let st = sanne.get(s.addr, "/console/api/state").await?.json()?;
    let row = st["overview"]
        .as_array()
        .ok_or("overview")?
        .iter()
        .find(|c| c["conv"] == conv.as_str())
        .cloned()
        .ok_or("in the overview")?;
    assert_eq!(
        (row["state"].as_str(), row["counsellor_name"].as_str()),
        (Some("active"), Some("anna"))
    );
    assert_eq!(
        bram.get(s.addr, "/console/api/state").await?.json()?["overview"],
        Value::Null
    );
    // A counsellor may not read along.
    let mut cb = Client::staff(s.addr, &bram).await?;
    cb.send(&json!({"t": "watch", "conv": conv})).await?;
    assert_eq!(
        cb.until(|v| v["t"] == "error").await?.0["code"],
        "forbidden"
    );
    // The admin reads along: the transcript, then what follows.
    let mut cs = Client::staff(s.addr, &sanne).await?;
    cs.send(&json!({"t": "watch", "conv": conv})).await?;
    cs.until(|v| v["t"] == "watching").await?;
    let mut seen = 0;
    while seen < 3 {
        cs.until(is_msg).await?;
        seen += 1;
    }
    // Anna is told that a supervisor reads along, and when that stops.
    let (told, _) = ca.until(|v| v["t"] == "supervisors").await?;
    assert_eq!(
        (told["conv"].as_str(), told["count"].as_u64()),
        (Some(conv.as_str()), Some(1))
    );
    visitor
        .send(&json!({"t": "msg", "cid": "v9", "text": "nog iets"}))
        .await?;
    assert_eq!(cs.until(is_msg).await?.0["text"], "nog iets");
    cs.send(&json!({"t": "unwatch", "conv": conv})).await?;
    assert_eq!(ca.until(|v| v["t"] == "supervisors").await?.0["count"], 0);
    let reads = s.app.db.store().connect()?.transcript_reads(100)?;
    let sup: Vec<_> = reads.iter().filter(|r| r.purpose == "supervisor").collect();
    assert_eq!(sup.len(), 1, "{reads:?}");
    assert_eq!(
        (sup[0].staff.as_str(), sup[0].conversation.as_str()),
        ("sanne", conv.as_str())
    );
    assert!(
        !reads.iter().any(|r| r.staff == "bram"),
        "a refused read is no read"
    );
    Ok(())
}

/// How a conversation ended reaches the counsellor's console and the store:
/// a calm end by the visitor, the quick exit, and the counsellor's own end.
#[tokio::test]
async fn the_console_hears_how_a_conversation_ended() -> R {
    let s = server("ended-by", 60).await?;
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    let anna = login(s.addr, "anna", "wachtwoord-anna-1").await?;
    let mut ca = Client::staff(s.addr, &anna).await?;
    ca.until(|v| v["t"] == "resumed").await?;
    for (name, frame, by) in [
        ("rustig", Some("end"), "visitor"),
        ("snel", Some("exit"), "quick_exit"),
        ("door-anna", None, "counsellor"),
    ] {
        let token = visitor_start(s.addr, "fier", name).await?;
        let mut visitor = Client::visitor(s.addr, &token, 0).await?;
        let conv = taken_with_messages(&s, &anna, &mut ca, &mut visitor, name).await?;
        match frame {
            Some(t) => visitor.send(&json!({"t": t})).await?,
            None => {
                // With a closing message: stored and delivered just before the end.
                let r = anna
                    .post(
                        s.addr,
                        "/console/api/end",
                        &json!({"conv": conv, "message": "Dag, bel 112 bij gevaar.", "cid": "slot"}),
                    )
                    .await?;
                assert_eq!(r.status, 200, "{}", r.body);
                let (m, _) = visitor.until(is_msg).await?;
                assert_eq!(
                    (m["seq"].as_i64(), m["text"].as_str()),
                    (Some(4), Some("Dag, bel 112 bij gevaar."))
                );
            }
        }
        let (ended, _) = ca.until(|v| v["t"] == "ended" && v["conv"] == conv).await?;
        assert_eq!(ended["by"], by, "{name}");
        let stored = stored_state(&s, &conv)?.1.map(EndedBy::code);
        assert_eq!(stored, Some(by), "{name}");
        if frame != Some("exit") {
            let (state, _) = visitor.until(|v| v["state"] == "ended").await?;
            assert_eq!(state["by"], by, "{name}");
        }
    }
    // A console opened afresh (a reload) still has the three, ended, until they are
    // registered; their transcripts are read only when she opens one (walk47, finding 4:
    // a reload records no read of a chat nobody opened).
    let ended_in = |frames: &[Value]| -> Vec<(String, String)> {
        frames
            .iter()
            .filter(|v| v["t"] == "assigned")
            .map(|v| {
                (
                    v["conv"]["username"].as_str().unwrap_or("").to_string(),
                    v["ended"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let mut again = Client::staff(s.addr, &anna).await?;
    let (_, frames) = again.until(|v| v["t"] == "resumed").await?;
    assert_eq!(
        ended_in(&frames),
        vec![
            ("rustig".to_string(), "visitor".to_string()),
            ("snel".to_string(), "quick_exit".to_string()),
            ("door-anna".to_string(), "counsellor".to_string()),
        ]
    );
    assert_eq!(
        frames.iter().filter(|v| is_msg(v)).count(),
        0,
        "no transcript on a reload"
    );
    // Opening the one she ended reads its transcript, the closing message last.
    let door = queued_or_ended(&s, "door-anna")?;
    let r = anna
        .get(s.addr, &format!("/console/api/closed/{door}/transcript"))
        .await?;
    assert_eq!(r.status, 200, "{}", r.body);
    let opened = r.json()?;
    let texts: Vec<&str> = opened["messages"]
        .as_array()
        .map(|m| m.iter().filter_map(|v| v["text"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        texts.len(),
        4,
        "three messages and the closing one: {texts:?}"
    );
    assert_eq!(texts.last(), Some(&"Dag, bel 112 bij gevaar."));
    let snel = queued_or_ended(&s, "snel")?;
    let r = anna
        .post(
            s.addr,
            &format!("/console/api/registration/{snel}"),
            &json!({"trafficking": false, "categories": [], "referrals": [], "referral_other": "", "notes": ""}),
        )
        .await?;
    assert_eq!(r.status, 200, "{}", r.body);
    let mut third = Client::staff(s.addr, &anna).await?;
    let (_, frames) = third.until(|v| v["t"] == "resumed").await?;
    assert_eq!(ended_in(&frames).len(), 2, "the registered one is done");
    Ok(())
}

/// A dropped visitor connection: the counsellor sees at once that the visitor
/// has no connection, and the visitor resumes from its last `seq` (nothing
/// lost, nothing twice) and the counsellor sees them back.
#[tokio::test]
async fn a_network_drop_is_seen_and_the_visitor_resumes_by_seq() -> R {
    let s = server("drop", 60).await?;
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    let anna = login(s.addr, "anna", "wachtwoord-anna-1").await?;
    let mut ca = Client::staff(s.addr, &anna).await?;
    ca.until(|v| v["t"] == "resumed").await?;
    let token = visitor_start(s.addr, "fier", "tunnel").await?;
    let mut visitor = Client::visitor(s.addr, &token, 0).await?;
    let conv = taken_with_messages(&s, &anna, &mut ca, &mut visitor, "tunnel").await?;
    // The page asks whether the line is alive.
    visitor.send(&json!({"t": "ping"})).await?;
    visitor.until(|v| v["t"] == "pong").await?;
    visitor.close().await?;
    let (p, _) = ca.until(|v| v["t"] == "presence").await?;
    assert_eq!(
        (p["conv"].as_str(), p["online"].as_bool()),
        (Some(conv.as_str()), Some(false))
    );
    // Anna writes while the visitor is gone.
    ca.send(&json!({"t": "msg", "conv": conv, "cid": "a2", "text": "Ben je er nog?"}))
        .await?;
    ca.until(|v| is_msg(v) && v["seq"] == 4).await?;
    let mut back = Client::visitor(s.addr, &token, 3).await?;
    let (m, skipped) = back.until(is_msg).await?;
    assert_eq!(
        (m["seq"].as_i64(), m["text"].as_str()),
        (Some(4), Some("Ben je er nog?"))
    );
    assert!(skipped.iter().all(|v| !is_msg(v)), "{skipped:?}");
    assert!(
        m.get("by").is_none() && m.get("by_name").is_none(),
        "no staff ids to the visitor"
    );
    let (state, _) = back.until(|v| v["t"] == "state").await?;
    assert_eq!(state["state"], "active");
    let (p, _) = ca.until(|v| v["t"] == "presence").await?;
    assert_eq!(p["online"], true);
    Ok(())
}

/// An active conversation whose visitor stays gone ends after
/// `limits.active_gone_seconds` (`system`): it no longer sits among the
/// counsellor's running conversations; one whose visitor came back stays.
#[tokio::test]
async fn an_active_conversation_whose_visitor_stays_gone_ends() -> R {
    let mut config = test_config()?;
    config.limits.active_gone_seconds = 2;
    let s = start_with("active-gone", config).await?;
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    let anna = login(s.addr, "anna", "wachtwoord-anna-1").await?;
    let mut ca = Client::staff(s.addr, &anna).await?;
    ca.until(|v| v["t"] == "resumed").await?;
    let t1 = visitor_start(s.addr, "fier", "verdwenen").await?;
    let mut v1 = Client::visitor(s.addr, &t1, 0).await?;
    let gone = taken_with_messages(&s, &anna, &mut ca, &mut v1, "verdwenen").await?;
    let t2 = visitor_start(s.addr, "fier", "terug").await?;
    let mut v2 = Client::visitor(s.addr, &t2, 0).await?;
    let back = taken_with_messages(&s, &anna, &mut ca, &mut v2, "terug").await?;
    let left = Instant::now();
    v1.close().await?;
    v2.close().await?;
    let v2 = Client::visitor(s.addr, &t2, 3).await?;
    let (ended, _) = ca.until(|v| v["t"] == "ended").await?;
    assert!(
        left.elapsed() >= Duration::from_millis(1500),
        "{:?}",
        left.elapsed()
    );
    assert_eq!(
        (ended["conv"].as_str(), ended["by"].as_str()),
        (Some(gone.as_str()), Some("system"))
    );
    assert_eq!(
        stored_state(&s, &gone)?,
        (State::Ended, Some(EndedBy::System))
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        stored_state(&s, &back)?.0,
        State::Active,
        "the one who came back stays"
    );
    drop(v2);
    Ok(())
}

/// A silent drop (no close, no data: a phone in a tunnel) is noticed by the
/// server within the visitor's idle limit, so the counsellor sees it, however
/// long the general WebSocket idle limit is.
#[tokio::test]
async fn a_silent_drop_is_noticed_within_the_visitor_idle_limit() -> R {
    let mut config = test_config()?;
    config.limits.idle_timeout_seconds = 120;
    config.limits.visitor_idle_seconds = 3;
    let s = start_with("silent-drop", config).await?;
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    let anna = login(s.addr, "anna", "wachtwoord-anna-1").await?;
    let mut ca = Client::staff(s.addr, &anna).await?;
    ca.until(|v| v["t"] == "resumed").await?;
    let relay = crate::util::Relay::start(s.addr).await?;
    let token = visitor_start(s.addr, "fier", "tunnel").await?;
    let mut visitor = Client::visitor(relay.addr, &token, 0).await?;
    let conv = taken_with_messages(&s, &anna, &mut ca, &mut visitor, "tunnel").await?;
    relay.freeze();
    let frozen = Instant::now();
    let (p, _) = ca.until(|v| v["t"] == "presence").await?;
    assert_eq!(
        (p["conv"].as_str(), p["online"].as_bool()),
        (Some(conv.as_str()), Some(false))
    );
    assert!(
        frozen.elapsed() < Duration::from_secs(8),
        "{:?}",
        frozen.elapsed()
    );
    relay.restore();
    drop(visitor);
    Ok(())
}

/// A page that says it is closing (`away`, sent on `pagehide`) ends its
/// conversation after `hub::LEFT_GRACE` rather than the full grace; a reload,
/// which says the same and comes straight back, keeps it.
#[tokio::test]
async fn a_closed_page_ends_soon_and_a_reload_does_not() -> R {
    let mut config = test_config()?;
    config.limits.active_gone_seconds = 300;
    let s = start_with("away", config).await?;
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    let anna = login(s.addr, "anna", "wachtwoord-anna-1").await?;
    let mut ca = Client::staff(s.addr, &anna).await?;
    ca.until(|v| v["t"] == "resumed").await?;
    let token = visitor_start(s.addr, "fier", "sluiter").await?;
    let mut visitor = Client::visitor(s.addr, &token, 0).await?;
    let conv = taken_with_messages(&s, &anna, &mut ca, &mut visitor, "sluiter").await?;
    // A reload: away, closed, back at once.
    visitor.send(&json!({"t": "away"})).await?;
    visitor.close().await?;
    let mut visitor = Client::visitor(s.addr, &token, 3).await?;
    visitor.until(|v| v["state"] == "active").await?;
    tokio::time::sleep(zicht_server::hub::LEFT_GRACE + Duration::from_secs(2)).await;
    assert_eq!(
        stored_state(&s, &conv)?.0,
        State::Active,
        "a reload keeps the chat"
    );
    // The tab closes for good.
    visitor.send(&json!({"t": "away"})).await?;
    visitor.close().await?;
    let closed = Instant::now();
    let (ended, _) = ca.until(|v| v["t"] == "ended").await?;
    assert_eq!(
        (ended["conv"].as_str(), ended["by"].as_str()),
        (Some(conv.as_str()), Some("system"))
    );
    let took = closed.elapsed();
    assert!(
        took >= zicht_server::hub::LEFT_GRACE - Duration::from_secs(1)
            && took < zicht_server::hub::LEFT_GRACE + Duration::from_secs(5),
        "{took:?}"
    );
    Ok(())
}
