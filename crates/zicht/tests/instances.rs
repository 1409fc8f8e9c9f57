//! Two real `zicht serve` processes on one PostgreSQL database chat as one server.
//!
//! A visitor on one instance and a counsellor on the other exchange messages
//! both ways; the queue has the same places on both; a conversation moves to
//! a colleague whose console is on the other instance. Runs when
//! `ZICHT_TEST_POSTGRES` names a server (else skipped with a line, or failed
//! under `ZICHT_REQUIRE_POSTGRES=1`).

use serde_json::{Value, json};
use support::{PATIENCE, R, serve};
use zicht_loadtest::{Http, Msg, Side, Ws, next_json, send};

mod support;

/// A logged-in counsellor: cookie and CSRF token.
struct Staff {
    cookie: String,
    csrf: String,
}

async fn login(addr: &str, name: &str) -> R<Staff> {
    let mut http = Http::new(addr).await?;
    let body = json!({"name": name, "password": zicht_loadtest::PASSWORD}).to_string();
    let r = http.req("POST", "/console/api/login", &[], &body).await?;
    let cookie = r
        .header("set-cookie")
        .and_then(|v| v.split(';').next())
        .map(String::from)
        .ok_or("no cookie")?;
    let csrf = r.ok_json("login")?["csrf"]
        .as_str()
        .ok_or("no csrf")?
        .to_string();
    Ok(Staff { cookie, csrf })
}

async fn post(addr: &str, staff: &Staff, path: &str, body: &Value) -> R<Value> {
    let mut http = Http::new(addr).await?;
    let r = http
        .req(
            "POST",
            path,
            &[
                ("Cookie", staff.cookie.as_str()),
                ("X-CSRF-Token", staff.csrf.as_str()),
            ],
            &body.to_string(),
        )
        .await?;
    Ok(r.ok_json(path)?)
}

async fn queue(addr: &str, staff: &Staff) -> R<Vec<String>> {
    let mut http = Http::new(addr).await?;
    let state = http
        .req(
            "GET",
            "/console/api/state",
            &[("Cookie", staff.cookie.as_str())],
            "",
        )
        .await?
        .ok_json("state")?;
    Ok(state["queue"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|q| q["username"].as_str().map(String::from))
        .collect())
}

async fn start_chat(addr: &str, username: &str) -> R<String> {
    let mut http = Http::new(addr).await?;
    let body = json!({"username": username, "age": "", "gender": ""}).to_string();
    let v = http
        .req("POST", "/chat/fier/start", &[], &body)
        .await?
        .ok_json("start")?;
    Ok(v["token"].as_str().ok_or("no token")?.to_string())
}

/// The next frame matching `pred` (others are skipped).
async fn until(ws: &mut Ws, what: &str, pred: impl Fn(&Value) -> bool) -> R<Value> {
    let wait = async {
        loop {
            match next_json(ws).await? {
                Some(v) if pred(&v) => return Ok::<_, Box<dyn std::error::Error + Send + Sync>>(v),
                Some(_) => {}
                None => return Err(format!("{what}: socket closed").into()),
            }
        }
    };
    tokio::time::timeout(PATIENCE, wait)
        .await
        .map_err(|_| format!("{what}: nothing in {PATIENCE:?}"))?
}

fn msg_with(text: &str) -> impl Fn(&Value) -> bool + '_ {
    move |v| v["t"] == "msg" && v["text"] == text
}

/// Polls until `f` gives the same answer as `want` (events between
/// instances arrive within moments).
async fn eventually<T: PartialEq + std::fmt::Debug>(
    what: &str,
    want: &T,
    mut f: impl AsyncFnMut() -> R<T>,
) -> R {
    let started = std::time::Instant::now();
    loop {
        let got = f().await?;
        if &got == want {
            return Ok(());
        }
        if started.elapsed() > PATIENCE {
            return Err(format!("{what}: {got:?}, expected {want:?}").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[test]
fn a_visitor_and_a_counsellor_on_two_instances_chat_as_on_one() -> R {
    let Some(db) = zicht_store::testdb::TestDb::create("instances")? else {
        return Ok(());
    };
    let (dir_a, dir_b) = support::two_folders(&db, "instances", 8, 2)?;
    let (a, b) = (serve(&dir_a)?, serve(&dir_b)?);
    let ids = {
        let store = zicht_loadtest::open_store(&dir_a)?;
        let c = store.connect()?;
        let id = |n: usize| -> R<i64> {
            Ok(c.user_by_name(&zicht_loadtest::counsellor_name(n))?
                .ok_or("no counsellor")?
                .id)
        };
        (id(0)?, id(1)?)
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let seen = rt.block_on(async {
        let (on_a, on_b) = (a.addr.as_str(), b.addr.as_str());
        // Counsellor 0 works on B, counsellor 1 on A.
        let c0 = login(on_b, &zicht_loadtest::counsellor_name(0)).await?;
        let c1 = login(on_a, &zicht_loadtest::counsellor_name(1)).await?;
        let (mut ws0, _) = zicht_loadtest::counsellor_ws(on_b, &c0.cookie).await?;
        let (mut ws1, _) = zicht_loadtest::counsellor_ws(on_a, &c1.cookie).await?;

        // Two visitors, the first on A, the second on B: the same queue on
        // both instances, and the second is second on both.
        let t1 = start_chat(on_a, "eerste").await?;
        let (mut v1, _, state) = zicht_loadtest::visitor_ws(on_a, &t1, 0).await?;
        assert_eq!(
            (state["state"].as_str(), state["position"].as_i64()),
            (Some("waiting"), Some(1))
        );
        let t2 = start_chat(on_b, "tweede").await?;
        let (mut v2, _, _) = zicht_loadtest::visitor_ws(on_b, &t2, 0).await?;
        until(&mut v2, "place 2 on B", |v| {
            v["t"] == "state" && v["position"] == 2
        })
        .await?;
        let both = vec!["eerste".to_string(), "tweede".to_string()];
        eventually("queue on A", &both, async || queue(on_a, &c1).await).await?;
        eventually("queue on B", &both, async || queue(on_b, &c0).await).await?;
        let conv1 = {
            let store = zicht_loadtest::open_store(&dir_a)?;
            let list = store.connect()?.open_conversations()?;
            list.iter()
                .find(|c| c.username == "eerste")
                .ok_or("eerste")?
                .public_id
                .clone()
        };

        // Counsellor 0 on B takes the visitor of A; the visitor on A hears it,
        // the second visitor moves up to place 1 on B.
        post(on_b, &c0, "/console/api/take", &json!({"conv": conv1})).await?;
        until(&mut v1, "active on A", |v| {
            v["t"] == "state" && v["state"] == "active"
        })
        .await?;
        until(&mut v2, "place 1 on B", |v| {
            v["t"] == "state" && v["position"] == 1
        })
        .await?;
        eventually(
            "queue on A after the take",
            &vec!["tweede".to_string()],
            async || queue(on_a, &c1).await,
        )
        .await?;

        // Messages both ways across the instances.
        let mut seen = Vec::new();
        send(
            &mut v1,
            &json!({"t": "msg", "cid": "v1", "text": "hoi van A"}),
        )
        .await?;
        seen.push(until(&mut v1, "ack on A", msg_with("hoi van A")).await?);
        seen.push(until(&mut ws0, "visitor's message on B", msg_with("hoi van A")).await?);
        send(
            &mut ws0,
            &json!({"t": "msg", "conv": conv1, "cid": "c1", "text": "hallo van B"}),
        )
        .await?;
        seen.push(until(&mut ws0, "ack on B", msg_with("hallo van B")).await?);
        seen.push(
            until(
                &mut v1,
                "counsellor's message on A",
                msg_with("hallo van B"),
            )
            .await?,
        );

        // Counsellor 0 (on B) hands the conversation to counsellor 1 (on A):
        // counsellor 1 gets it with the transcript, counsellor 0 loses it.
        post(
            on_b,
            &c0,
            "/console/api/transfer",
            &json!({"conv": conv1, "to": ids.1, "note": "overdracht", "mode": "cold"}),
        )
        .await?;
        until(&mut ws1, "assigned on A", |v| {
            v["t"] == "assigned" && v["conv"]["conv"] == conv1.as_str()
        })
        .await?;
        until(&mut ws1, "transcript on A", msg_with("hallo van B")).await?;
        until(&mut ws0, "unassigned on B", |v| {
            v["t"] == "unassigned" && v["conv"] == conv1.as_str()
        })
        .await?;
        until(&mut v1, "told on A", |v| v["t"] == "transferred").await?;
        send(
            &mut ws1,
            &json!({"t": "msg", "conv": conv1, "cid": "c2", "text": "ik neem het over"}),
        )
        .await?;
        seen.push(
            until(
                &mut v1,
                "new counsellor's message",
                msg_with("ik neem het over"),
            )
            .await?,
        );
        send(
            &mut v1,
            &json!({"t": "msg", "cid": "v2", "text": "dank je"}),
        )
        .await?;
        seen.push(
            until(
                &mut ws1,
                "visitor's message to the new counsellor",
                msg_with("dank je"),
            )
            .await?,
        );

        // Counsellor 1 on A takes the visitor on B: both ways again.
        let conv2 = queue_conv(on_a, &c1).await?;
        post(on_a, &c1, "/console/api/take", &json!({"conv": conv2})).await?;
        until(&mut v2, "active on B", |v| {
            v["t"] == "state" && v["state"] == "active"
        })
        .await?;
        send(
            &mut v2,
            &json!({"t": "msg", "cid": "v1", "text": "hoi van B"}),
        )
        .await?;
        seen.push(until(&mut ws1, "B's visitor on A", msg_with("hoi van B")).await?);
        send(
            &mut ws1,
            &json!({"t": "msg", "conv": conv2, "cid": "c1", "text": "hallo van A"}),
        )
        .await?;
        seen.push(until(&mut v2, "A's counsellor on B", msg_with("hallo van A")).await?);
        let mut msgs = Vec::new();
        for (v, conv) in seen.iter().zip([
            &conv1, &conv1, &conv1, &conv1, &conv1, &conv1, &conv2, &conv2,
        ]) {
            let mut m = Msg::parse(v).ok_or("not a message")?;
            m.conv = Some(conv.clone());
            msgs.push(m);
        }
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(msgs)
    })?;
    // Everything shown is stored once, with the seq and text shown.
    let check = zicht_loadtest::check_store(&dir_a, &seen)?;
    assert!(check.lost.is_empty(), "lost: {:?}", check.lost);
    assert_eq!(check.duplicates, 0);
    assert_eq!(seen.iter().filter(|m| m.from == Side::Visitor).count(), 4);
    a.kill_9()?;
    b.kill_9()?;
    Ok(())
}

async fn queue_conv(addr: &str, staff: &Staff) -> R<String> {
    let mut http = Http::new(addr).await?;
    let state = http
        .req(
            "GET",
            "/console/api/state",
            &[("Cookie", staff.cookie.as_str())],
            "",
        )
        .await?
        .ok_json("state")?;
    Ok(state["queue"][0]["conv"]
        .as_str()
        .ok_or("an empty queue")?
        .to_string())
}

/// Failed logins counted on one instance slow the account down on the other.
#[test]
fn the_login_throttle_holds_across_instances() -> R {
    let Some(db) = zicht_store::testdb::TestDb::create("instances-throttle")? else {
        return Ok(());
    };
    let (dir_a, dir_b) = support::two_folders(&db, "instances-throttle", 2, 1)?;
    let (a, b) = (serve(&dir_a)?, serve(&dir_b)?);
    let name = zicht_loadtest::counsellor_name(0);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let attempt = async |addr: &str, password: &str| -> R<(u16, u64)> {
        let mut http = Http::new(addr).await?;
        let body = json!({"name": name, "password": password}).to_string();
        let r = http.req("POST", "/console/api/login", &[], &body).await?;
        let wait = r
            .header("retry-after")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        Ok((r.status, wait))
    };
    let store = zicht_loadtest::open_store(&dir_a)?;
    let id = store
        .connect()?
        .user_by_name(&name)?
        .ok_or("no account")?
        .id;
    rt.block_on(async {
        // Five failures on A (waiting out A's own delays between them).
        let mut failed = 0;
        while failed < 5 {
            match attempt(&a.addr, "fout-wachtwoord").await? {
                (401, _) => failed += 1,
                (429, wait) => tokio::time::sleep(std::time::Duration::from_secs(wait)).await,
                other => return Err(format!("unexpected answer {other:?}").into()),
            }
        }
        let stored = async || -> R<u32> {
            let rows = store.connect()?.login_throttle()?;
            Ok(rows.iter().find(|r| r.0 == id).map_or(0, |r| r.1))
        };
        eventually("the failures in the store", &5, stored).await?;
        // B has seen none of them, yet makes the account wait, even with
        // the right password.
        let (status, wait) = attempt(&b.addr, zicht_loadtest::PASSWORD).await?;
        assert_eq!(status, 429, "B let the account try at once");
        assert!(wait >= 1);
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
    })?;
    a.kill_9()?;
    b.kill_9()?;
    Ok(())
}
