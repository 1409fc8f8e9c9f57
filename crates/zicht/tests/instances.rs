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
    // The research side reads the same store through the commands: the
    // year's export (the database named by zicht.toml), and its audit.
    let year = jiff::Timestamp::now().strftime("%Y").to_string();
    let out = dir_a.with_file_name("export.jsonl");
    let zicht = |args: &[&str]| -> R<std::process::Output> {
        Ok(std::process::Command::new(env!("CARGO_BIN_EXE_zicht"))
            .args(args)
            .arg("--data")
            .arg(&dir_b)
            .output()?)
    };
    let export = zicht(&["export", "--year", &year, "--out", &out.to_string_lossy()])?;
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let exported = zicht_conversations::read_jsonl(
        std::io::BufReader::new(std::fs::File::open(&out)?),
        "export.jsonl",
    )?;
    let names: Vec<&str> = exported.iter().map(|c| c.username.as_str()).collect();
    assert_eq!(names, ["eerste", "tweede"]);
    assert_eq!(exported[0].messages.len(), 4);
    let audit = zicht(&["audit"])?;
    let audit = String::from_utf8_lossy(&audit.stdout);
    assert_eq!(audit.matches("zicht export").count(), 2, "{audit}");
    a.kill_9()?;
    b.kill_9()?;
    let _ = std::fs::remove_dir_all(dir_a.parent().unwrap_or(&dir_a));
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
    let _ = std::fs::remove_dir_all(dir_a.parent().unwrap_or(&dir_a));
    Ok(())
}

/// The README's nginx block, with the instances' and a free port's addresses
/// and its log under `tmp`.
fn readme_nginx(tmp: &std::path::Path, listen: &str, a: &str, b: &str) -> R<String> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))?;
    let section = readme
        .split("## Several instances on PostgreSQL")
        .nth(1)
        .ok_or("README.md has no section on several instances")?;
    let block = section
        .split("```nginx\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .ok_or("the section has no nginx block")?;
    for expected in [
        "127.0.0.1:8081",
        "127.0.0.1:8082",
        "listen 8080;",
        "/var/log/nginx/zicht-error.log",
    ] {
        if !block.contains(expected) {
            return Err(format!("the README's nginx block no longer has `{expected}`").into());
        }
    }
    let block = block
        .replace("127.0.0.1:8081", a)
        .replace("127.0.0.1:8082", b)
        .replace("listen 8080;", &format!("listen {listen};"))
        .replace(
            "/var/log/nginx/zicht-error.log",
            &tmp.join("zicht-error.log").to_string_lossy(),
        );
    let t = tmp.display();
    Ok(format!(
        "pid {t}/nginx.pid;\nerror_log {t}/main-error.log emerg;\nevents {{ worker_connections 256; }}\n\
         http {{\n    client_body_temp_path {t}/body;\n    proxy_temp_path {t}/proxy;\n\
         # a default access log that the block must switch off\n    access_log {t}/access.log;\n{block}\n}}\n"
    ))
}

/// The README's nginx example in front of two instances: a chat through
/// it, one instance killed, the visitor resumes through nginx on the other,
/// and no log of nginx or zicht holds a client address.
#[test]
fn the_readme_nginx_example_serves_two_instances_and_logs_no_address() -> R {
    let nginx = ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists());
    let Some(nginx) = nginx else {
        if std::env::var("ZICHT_REQUIRE_NGINX").is_ok_and(|v| v == "1") {
            return Err("ZICHT_REQUIRE_NGINX=1 but nginx is not installed".into());
        }
        println!("the nginx example: skipped (nginx is not installed)");
        return Ok(());
    };
    let Some(db) = zicht_store::testdb::TestDb::create("instances-nginx")? else {
        return Ok(());
    };
    let (dir_a, dir_b) = support::two_folders(&db, "instances-nginx", 2, 1)?;
    let tmp = dir_a.with_file_name("nginx");
    std::fs::create_dir_all(&tmp)?;
    let (a, b) = (serve(&dir_a)?, serve(&dir_b)?);
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let front = format!("127.0.0.1:{port}");
    std::fs::write(
        tmp.join("nginx.conf"),
        readme_nginx(&tmp, &front, &a.addr, &b.addr)?,
    )?;
    let mut proxy = std::process::Command::new(nginx)
        .arg("-p")
        .arg(&tmp)
        .arg("-e")
        .arg(tmp.join("early-error.log"))
        .arg("-c")
        .arg(tmp.join("nginx.conf"))
        .args(["-g", "daemon off; master_process off;"])
        .stdin(std::process::Stdio::null())
        .spawn()?;
    const SPY: &str = "203.0.113.77";
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let result = rt.block_on(async {
        let front = front.as_str();
        // nginx is up when it answers.
        let started = std::time::Instant::now();
        while Http::new(front).await.is_err() {
            if started.elapsed() > PATIENCE {
                return Err("nginx did not start".into());
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let staff = login(front, &zicht_loadtest::counsellor_name(0)).await?;
        let mut http = Http::new(front).await?;
        let body = json!({"username": "via-nginx", "age": "", "gender": ""}).to_string();
        let token = http
            .req(
                "POST",
                "/chat/fier/start",
                &[("X-Forwarded-For", SPY)],
                &body,
            )
            .await?
            .ok_json("start")?["token"]
            .as_str()
            .ok_or("no token")?
            .to_string();
        let (mut visitor, _, _) = zicht_loadtest::visitor_ws(front, &token, 0).await?;
        let conv = queue_conv(front, &staff).await?;
        let (mut console, _) = zicht_loadtest::counsellor_ws(front, &staff.cookie).await?;
        post(front, &staff, "/console/api/take", &json!({"conv": conv})).await?;
        until(&mut visitor, "active", |v| v["state"] == "active").await?;
        send(
            &mut visitor,
            &json!({"t": "msg", "cid": "v1", "text": "via de proxy"}),
        )
        .await?;
        until(
            &mut console,
            "the visitor's message",
            msg_with("via de proxy"),
        )
        .await?;
        send(
            &mut console,
            &json!({"t": "msg", "conv": conv, "cid": "c1", "text": "antwoord"}),
        )
        .await?;
        until(&mut visitor, "the answer", msg_with("antwoord")).await?;
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>((token, conv, staff))
    });
    let (token, conv, staff) = match result {
        Ok(v) => v,
        Err(e) => {
            let _ = proxy.kill();
            return Err(e);
        }
    };
    // One instance dies; through nginx the visitor and the counsellor
    // reach the other and resume.
    let log_a = a.kill_9()?;
    let resumed = rt.block_on(async {
        let front = front.as_str();
        let (mut visitor, history, state) = zicht_loadtest::visitor_ws(front, &token, 0).await?;
        assert_eq!(state["state"], "active", "{state}");
        let texts: Vec<&str> = history.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, ["via de proxy", "antwoord"]);
        let (mut console, _) = zicht_loadtest::counsellor_ws(front, &staff.cookie).await?;
        send(
            &mut visitor,
            &json!({"t": "msg", "cid": "v2", "text": "nog steeds hier"}),
        )
        .await?;
        until(
            &mut visitor,
            "acknowledged after the failover",
            msg_with("nog steeds hier"),
        )
        .await?;
        until(&mut console, "shown after the failover", |v| {
            v["t"] == "msg" && v["conv"] == conv.as_str() && v["text"] == "nog steeds hier"
        })
        .await?;
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
    });
    let _ = proxy.kill();
    let _ = proxy.wait();
    resumed?;
    let log_b = b.kill_9()?;
    // No log holds the client's address or the forged one.
    for line in log_a.iter().chain(&log_b) {
        // The server's own address and the database's are named at start.
        let own = line.contains("listening on") || line.contains("chat store:");
        assert!(
            !line.contains(SPY) && (own || !line.contains("127.0.0.1")),
            "zicht logged: {line}"
        );
    }
    for entry in std::fs::read_dir(&tmp)? {
        let path = entry?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "log") {
            let text = std::fs::read_to_string(&path)?;
            assert!(
                !text.contains("127.0.0.1") && !text.contains(SPY),
                "{}: {text}",
                path.display()
            );
        }
    }
    assert!(!tmp.join("access.log").exists() || std::fs::read(tmp.join("access.log"))?.is_empty());
    let _ = std::fs::remove_dir_all(dir_a.parent().unwrap_or(&dir_a));
    Ok(())
}

/// Sets `key = value` lines of `[limits]` in both instances' `zicht.toml`.
fn set_limits(dirs: [&std::path::Path; 2], values: &[(&str, &str)]) -> R {
    for dir in dirs {
        let path = dir.join("zicht.toml");
        let text = std::fs::read_to_string(&path)?;
        let mut out: Vec<String> = Vec::new();
        for line in text.lines() {
            let key = line.split(" = ").next().unwrap_or("");
            match values.iter().find(|(k, _)| *k == key) {
                Some((k, v)) => out.push(format!("{k} = {v}")),
                None => out.push(line.to_string()),
            }
        }
        for (k, _) in values {
            if !out.iter().any(|l| l.starts_with(&format!("{k} = "))) {
                return Err(format!("zicht.toml has no line for {k}").into());
            }
        }
        std::fs::write(&path, out.join("\n"))?;
    }
    Ok(())
}

/// An intake with a solved challenge (`challenge` from one instance,
/// sent to `addr`): the status and the answer's body.
async fn intake_with(addr: &str, username: &str, challenge: &Value) -> R<(u16, Value)> {
    let c = challenge["challenge"].as_str().ok_or("no challenge")?;
    let bits = u32::try_from(challenge["bits"].as_u64().ok_or("no bits")?)?;
    let answer = zicht_server::intake::solve(c, bits);
    let body = json!({
        "username": username, "age": "", "gender": "",
        "pow": {"challenge": c, "answer": answer},
    });
    let mut http = Http::new(addr).await?;
    let r = http
        .req("POST", "/chat/fier/start", &[], &body.to_string())
        .await?;
    Ok((
        r.status,
        serde_json::from_str(&r.body).unwrap_or(Value::Null),
    ))
}

async fn fresh_challenge(addr: &str) -> R<Value> {
    let mut http = Http::new(addr).await?;
    Ok(http
        .req("GET", "/chat/challenge", &[], "")
        .await?
        .ok_json("challenge")?)
}

/// A client that spreads its requests over two instances gets no more than
/// from one: a challenge from A opens a conversation on B and only once,
/// the bucket of new conversations and a conversation's message bucket are
/// the same on both.
#[test]
fn the_rate_limits_hold_across_instances() -> R {
    let Some(db) = zicht_store::testdb::TestDb::create("instances-limits")? else {
        return Ok(());
    };
    let (dir_a, dir_b) = support::two_folders(&db, "instances-limits", 2, 1)?;
    set_limits(
        [&dir_a, &dir_b],
        &[
            ("intake_pow_bits", "6"),
            // Bursts of two new conversations; 30 messages a minute per
            // conversation, bursts of 10.
            ("new_conversations_per_minute", "12"),
            ("messages_per_minute", "30"),
        ],
    )?;
    let (a, b) = (serve(&dir_a)?, serve(&dir_b)?);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let result = rt.block_on(async {
        let (on_a, on_b) = (a.addr.as_str(), b.addr.as_str());
        // A's challenge opens a conversation on B; the same solution is
        // refused on A afterwards.
        let challenge = fresh_challenge(on_a).await?;
        let (status, body) = intake_with(on_b, "eerste", &challenge).await?;
        assert_eq!(status, 200, "A's challenge on B: {body}");
        let token = body["token"].as_str().ok_or("no token")?.to_string();
        let (status, body) = intake_with(on_a, "nogmaals", &challenge).await?;
        assert_eq!((status, &body["error"]), (403, &json!("challenge_used")));
        // The second of the burst of two, on A; the third is refused on B.
        let (status, _) = intake_with(on_a, "tweede", &fresh_challenge(on_b).await?).await?;
        assert_eq!(status, 200);
        let (status, body) = intake_with(on_b, "derde", &fresh_challenge(on_a).await?).await?;
        assert_eq!(
            (status, &body["error"]),
            (429, &json!("busy")),
            "B admitted a third new conversation of the two allowed"
        );

        // One conversation, a connection on each instance, 20 messages at
        // once spread over both: the burst of 10 holds (plus what refills
        // meanwhile, half a message a second).
        let (mut on_a_ws, _, _) = zicht_loadtest::visitor_ws(on_a, &token, 0).await?;
        let (mut on_b_ws, _, _) = zicht_loadtest::visitor_ws(on_b, &token, 0).await?;
        for i in 0..20 {
            let ws = if i % 2 == 0 {
                &mut on_a_ws
            } else {
                &mut on_b_ws
            };
            let text = format!("bericht {i}");
            send(
                ws,
                &json!({"t": "msg", "cid": format!("m{i}"), "text": text}),
            )
            .await?;
        }
        // Every message is answered on its own socket: its echo or an error.
        let mut stored = 0;
        let mut limited = 0;
        for (ws, parity) in [(&mut on_a_ws, 0), (&mut on_b_ws, 1)] {
            let mut open: std::collections::HashSet<String> = (0..20)
                .filter(|i| i % 2 == parity)
                .map(|i| format!("m{i}"))
                .collect();
            while !open.is_empty() {
                let v = until(ws, "answers to the messages", |v| {
                    v["t"] == "msg" || v["t"] == "error"
                })
                .await?;
                let cid = v["cid"].as_str().unwrap_or_default().to_string();
                if !open.remove(&cid) {
                    continue;
                }
                if v["t"] == "msg" {
                    stored += 1;
                } else {
                    assert_eq!(v["code"], "rate_limited", "{v}");
                    limited += 1;
                }
            }
        }
        assert_eq!(stored + limited, 20);
        assert!(
            (10..=12).contains(&stored),
            "{stored} of 20 messages stored, burst 10 (two buckets let 20 through)"
        );
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
    });
    a.kill_9()?;
    b.kill_9()?;
    result?;
    let _ = std::fs::remove_dir_all(dir_a.parent().unwrap_or(&dir_a));
    Ok(())
}

/// An instance killed while it holds a waiting and an active visitor: the
/// other instance finds its heartbeat stale, counts both visitors as gone
/// and ends the conversations after their grace times, as one server does
/// when a visitor's connection closes.
#[test]
fn a_dead_instances_visitors_count_as_gone() -> R {
    let Some(db) = zicht_store::testdb::TestDb::create("instances-heartbeat")? else {
        return Ok(());
    };
    let (dir_a, dir_b) = support::two_folders(&db, "instances-heartbeat", 2, 1)?;
    set_limits(
        [&dir_a, &dir_b],
        &[
            ("heartbeat_seconds", "1"),
            ("abandoned_grace_seconds", "2"),
            ("active_gone_seconds", "2"),
        ],
    )?;
    let (a, b) = (serve(&dir_a)?, serve(&dir_b)?);
    let store = zicht_loadtest::open_store(&dir_a)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let result = rt.block_on(async {
        let (on_a, on_b) = (a.addr.as_str(), b.addr.as_str());
        let staff = login(on_b, &zicht_loadtest::counsellor_name(0)).await?;
        let (_console, _) = zicht_loadtest::counsellor_ws(on_b, &staff.cookie).await?;
        // Two visitors on A; the counsellor on B takes the first.
        let t1 = start_chat(on_a, "actief").await?;
        let (mut v1, _, _) = zicht_loadtest::visitor_ws(on_a, &t1, 0).await?;
        eventually("the queue on B", &vec!["actief".to_string()], async || {
            queue(on_b, &staff).await
        })
        .await?;
        let conv1 = queue_conv(on_b, &staff).await?;
        post(on_b, &staff, "/console/api/take", &json!({"conv": conv1})).await?;
        until(&mut v1, "active", |v| v["state"] == "active").await?;
        let t2 = start_chat(on_a, "wachtend").await?;
        let (v2, _, _) = zicht_loadtest::visitor_ws(on_a, &t2, 0).await?;
        // Both are online on B, longer than the grace times.
        tokio::time::sleep(std::time::Duration::from_secs(4)).await;
        let online = async || -> R<Vec<(String, bool)>> {
            let mut http = Http::new(on_b).await?;
            let state = http
                .req(
                    "GET",
                    "/console/api/state",
                    &[("Cookie", staff.cookie.as_str())],
                    "",
                )
                .await?
                .ok_json("state")?;
            let mut out: Vec<(String, bool)> = state["queue"]
                .as_array()
                .into_iter()
                .flatten()
                .chain(state["mine"].as_array().into_iter().flatten())
                .map(|q| {
                    (
                        q["username"].as_str().unwrap_or_default().to_string(),
                        q["online"] == true,
                    )
                })
                .collect();
            out.sort();
            Ok(out)
        };
        let both = vec![("actief".to_string(), true), ("wachtend".to_string(), true)];
        assert_eq!(online().await?, both);
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>((v1, v2))
    });
    // A dies with both sockets open (the clients never reconnect).
    let _log_a = a.kill_9()?;
    let sockets = result?;
    let ended = rt.block_on(async {
        let conn = store.connect()?;
        eventually("both conversations ended by B", &0usize, async || {
            Ok(conn.open_conversations()?.len())
        })
        .await?;
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(
            conn.conversations(zicht_store::Filter::default())?,
        )
    });
    drop(sockets);
    b.kill_9()?;
    let ended = ended?;
    assert_eq!(ended.len(), 2);
    for c in &ended {
        assert_eq!(
            (c.state, c.ended_by),
            (
                zicht_store::State::Ended,
                Some(zicht_store::EndedBy::System)
            ),
            "{}",
            c.username
        );
    }
    let _ = std::fs::remove_dir_all(dir_a.parent().unwrap_or(&dir_a));
    Ok(())
}

/// A warm transfer between counsellors on two instances: the colleague on
/// the other instance is online for the offer, gets it with its note and
/// the transcript, and follows new messages; a decline reaches the one who
/// offered; an accept moves the conversation. Typing signals cross too, and
/// an admin reading along on one instance is counted by the counsellor on
/// the other.
#[test]
fn a_warm_transfer_and_typing_cross_instances() -> R {
    let Some(db) = zicht_store::testdb::TestDb::create("instances-warm")? else {
        return Ok(());
    };
    let (dir_a, dir_b) = support::two_folders(&db, "instances-warm", 2, 2)?;
    let (a, b) = (serve(&dir_a)?, serve(&dir_b)?);
    let (name0, name1) = (
        zicht_loadtest::counsellor_name(0),
        zicht_loadtest::counsellor_name(1),
    );
    let id1 = {
        let c = zicht_loadtest::open_store(&dir_a)?.connect()?;
        let hash = zicht_server::hash_password(zicht_loadtest::PASSWORD)?;
        c.add_user(
            "toezicht",
            zicht_store::Role::Admin,
            &hash,
            "2026-01-01T00:00:00Z",
        )?;
        c.user_by_name(&name1)?.ok_or("no counsellor")?.id
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let result = rt.block_on(async {
        let (on_a, on_b) = (a.addr.as_str(), b.addr.as_str());
        // Counsellor 0 on B, counsellor 1 and the visitor on A.
        let c0 = login(on_b, &name0).await?;
        let c1 = login(on_a, &name1).await?;
        let (mut ws0, _) = zicht_loadtest::counsellor_ws(on_b, &c0.cookie).await?;
        let (mut ws1, _) = zicht_loadtest::counsellor_ws(on_a, &c1.cookie).await?;
        let token = start_chat(on_a, "warm").await?;
        let (mut visitor, _, _) = zicht_loadtest::visitor_ws(on_a, &token, 0).await?;
        eventually("the queue on B", &vec!["warm".to_string()], async || {
            queue(on_b, &c0).await
        })
        .await?;
        let conv = queue_conv(on_b, &c0).await?;
        post(on_b, &c0, "/console/api/take", &json!({"conv": conv})).await?;
        until(&mut visitor, "active", |v| v["state"] == "active").await?;
        // B sees counsellor 1 (on A) online.
        let mut http = Http::new(on_b).await?;
        let state = http
            .req(
                "GET",
                "/console/api/state",
                &[("Cookie", c0.cookie.as_str())],
                "",
            )
            .await?
            .ok_json("state")?;
        let online: Vec<&Value> = state["colleagues"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|c| c["id"] == id1)
            .map(|c| &c["online"])
            .collect();
        assert_eq!(online, [&json!(true)], "a console on A is online for B");
        // Typing both ways between A and B.
        send(&mut visitor, &json!({"t": "typing"})).await?;
        until(&mut ws0, "the visitor types (A to B)", |v| {
            v["t"] == "typing" && v["conv"] == conv.as_str()
        })
        .await?;
        send(&mut ws0, &json!({"t": "typing", "conv": conv})).await?;
        until(&mut visitor, "the counsellor types (B to A)", |v| {
            v["t"] == "typing"
        })
        .await?;
        send(
            &mut visitor,
            &json!({"t": "msg", "cid": "v1", "text": "eerst dit"}),
        )
        .await?;
        until(&mut ws0, "the visitor's message", msg_with("eerst dit")).await?;

        // The offer from B reaches counsellor 1 on A with its note and the
        // transcript; counsellor 1 follows the next message.
        let warm = json!({"conv": conv, "to": id1, "mode": "warm", "note": "warme overdracht"});
        let r = post(on_b, &c0, "/console/api/transfer", &warm).await?;
        assert_eq!(r["offered"], true);
        let offer = until(&mut ws1, "the offer on A", |v| v["t"] == "offer").await?;
        assert_eq!(
            (&offer["from"], &offer["note"], &offer["conv"]["conv"]),
            (&json!(name0), &json!("warme overdracht"), &json!(conv))
        );
        until(
            &mut ws1,
            "the transcript with the offer",
            msg_with("eerst dit"),
        )
        .await?;
        send(
            &mut visitor,
            &json!({"t": "msg", "cid": "v2", "text": "nog iets"}),
        )
        .await?;
        until(&mut ws1, "followed before accepting", msg_with("nog iets")).await?;
        // Declined on A: B hears it, and keeps the conversation.
        post(
            on_a,
            &c1,
            "/console/api/transfer/decline",
            &json!({"conv": conv}),
        )
        .await?;
        let declined = until(&mut ws0, "declined on B", |v| v["t"] == "declined").await?;
        assert_eq!(declined["by"], json!(name1));
        // A second offer, accepted on A: the conversation moves.
        post(on_b, &c0, "/console/api/transfer", &warm).await?;
        until(&mut ws1, "the second offer", |v| v["t"] == "offer").await?;
        post(
            on_a,
            &c1,
            "/console/api/transfer/accept",
            &json!({"conv": conv}),
        )
        .await?;
        until(&mut ws1, "assigned on A", |v| {
            v["t"] == "assigned" && v["conv"]["conv"] == conv.as_str()
        })
        .await?;
        until(&mut ws0, "unassigned on B", |v| {
            v["t"] == "unassigned" && v["conv"] == conv.as_str()
        })
        .await?;
        until(&mut visitor, "told", |v| v["t"] == "transferred").await?;
        // Answered once: a second accept finds no offer.
        let mut http = Http::new(on_a).await?;
        let again = http
            .req(
                "POST",
                "/console/api/transfer/accept",
                &[
                    ("Cookie", c1.cookie.as_str()),
                    ("X-CSRF-Token", c1.csrf.as_str()),
                ],
                &json!({"conv": conv}).to_string(),
            )
            .await?;
        assert_eq!(again.status, 409);
        send(
            &mut ws1,
            &json!({"t": "msg", "conv": conv, "cid": "c1", "text": "ik neem het over"}),
        )
        .await?;
        until(
            &mut visitor,
            "the new counsellor",
            msg_with("ik neem het over"),
        )
        .await?;

        // An admin on B reads along: counsellor 1 on A is told, the admin
        // follows the visitor's messages; closing the console ends it.
        let admin = login(on_b, "toezicht").await?;
        let (mut reader, _) = zicht_loadtest::counsellor_ws(on_b, &admin.cookie).await?;
        send(&mut reader, &json!({"t": "watch", "conv": conv})).await?;
        until(&mut reader, "watching", |v| v["t"] == "watching").await?;
        let told = until(&mut ws1, "a supervisor on A", |v| v["t"] == "supervisors").await?;
        assert_eq!(told["count"], 1);
        send(
            &mut visitor,
            &json!({"t": "msg", "cid": "v3", "text": "meegelezen"}),
        )
        .await?;
        until(&mut reader, "read along on B", msg_with("meegelezen")).await?;
        drop(reader);
        let told = until(&mut ws1, "the supervisor left", |v| v["t"] == "supervisors").await?;
        assert_eq!(told["count"], 0);
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
    });
    a.kill_9()?;
    b.kill_9()?;
    result?;
    let _ = std::fs::remove_dir_all(dir_a.parent().unwrap_or(&dir_a));
    Ok(())
}
