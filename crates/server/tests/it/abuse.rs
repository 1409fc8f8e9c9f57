//! The chat under abuse (issue 12): bad frames, parallel logins, floods of intakes, slow clients, throttling.

use futures_util::SinkExt;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::Frame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};

use crate::util::*;

#[tokio::test]
async fn invalid_utf8_and_oversized_frames_get_a_close_frame() -> R {
    let s = start("badframes").await?;
    let token = visitor_start(s.addr, "fier", "kapot").await?;
    // Invalid UTF-8 in a text frame: 1007.
    let mut v = Client::visitor(s.addr, &token, 0).await?;
    v.recv().await?;
    let bad = Frame::message(vec![b'{', 0xff, 0xfe, b'}'], OpCode::Data(Data::Text), true);
    v.raw().send(Message::Frame(bad)).await?;
    assert_eq!(v.close_code().await?, 1007);
    // A frame above the limit: 1009.
    let mut v = Client::visitor(s.addr, &token, 0).await?;
    v.recv().await?;
    let max = zicht_server::visitor::max_frame_bytes(&s.app);
    v.raw()
        .send(Message::Text("x".repeat(max + 1).into()))
        .await?;
    assert_eq!(v.close_code().await?, 1009);
    // Before the hello too.
    let mut v = Client::connect(s.addr, "/chat/ws", &[]).await?;
    let bad = Frame::message(vec![0xc3, 0x28], OpCode::Data(Data::Text), true);
    v.raw().send(Message::Frame(bad)).await?;
    assert_eq!(v.close_code().await?, 1007);
    // A counsellor's socket the same way.
    s.add_user(
        "kim",
        zicht_store::Role::Counsellor,
        "een lang wachtwoord 1",
    )?;
    let kim = login(s.addr, "kim", "een lang wachtwoord 1").await?;
    let mut c = Client::staff(s.addr, &kim).await?;
    c.until(|f| f["t"] == "resumed").await?;
    let bad = Frame::message(vec![b'"', 0xff, b'"'], OpCode::Data(Data::Text), true);
    c.raw().send(Message::Frame(bad)).await?;
    assert_eq!(c.close_code().await?, 1007);
    Ok(())
}

#[tokio::test]
async fn a_resent_client_id_with_another_text_is_acknowledged_with_the_stored_text() -> R {
    let s = start("resend").await?;
    let token = visitor_start(s.addr, "fier", "opnieuw").await?;
    let mut v = Client::visitor(s.addr, &token, 0).await?;
    v.recv().await?;
    v.send(&serde_json::json!({"t": "msg", "cid": "c1", "text": "eerste tekst"}))
        .await?;
    let (ack, _) = v.until(|f| f["t"] == "msg").await?;
    assert_eq!(ack["text"], "eerste tekst");
    v.send(&serde_json::json!({"t": "msg", "cid": "c1", "text": "andere tekst"}))
        .await?;
    let (again, _) = v.until(|f| f["t"] == "msg").await?;
    assert_eq!(again["seq"], ack["seq"]);
    assert_eq!(
        again["text"], "eerste tekst",
        "the acknowledgement shows what the counsellor sees"
    );
    let id = s.app.hub.id_of(
        &s.app
            .db
            .store()
            .connect()?
            .conversation_by_token(&zicht_server::token_hash(&token))?
            .ok_or("conversation")?
            .public_id,
    );
    let stored =
        s.app
            .db
            .store()
            .connect()?
            .messages(id.ok_or("open")?, 0, zicht_store::Reader::Visitor)?;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].text, "eerste tekst");
    Ok(())
}

async fn login_status(addr: std::net::SocketAddr, name: &str, password: &str) -> R<Resp> {
    let body = serde_json::json!({"name": name, "password": password}).to_string();
    http(addr, "POST", "/console/api/login", &[], Some(&body)).await
}

#[tokio::test]
async fn parallel_wrong_passwords_are_counted_before_they_are_checked() -> R {
    let s = start("parallel-login").await?;
    s.add_user(
        "anna",
        zicht_store::Role::Counsellor,
        "een lang wachtwoord 2",
    )?;
    let tries = (0..40).map(|_| login_status(s.addr, "anna", "fout fout fout"));
    let answers = futures_util::future::join_all(tries).await;
    let mut statuses = Vec::new();
    for a in answers {
        statuses.push(a?.status);
    }
    let checked = statuses.iter().filter(|&&c| c == 401).count();
    let refused = statuses.iter().filter(|&&c| c == 429).count();
    println!("40 parallel wrong passwords: {checked} checked, {refused} refused");
    assert_eq!(checked + refused, 40, "{statuses:?}");
    assert!(
        checked <= zicht_server::login_guard::FREE_FAILURES as usize,
        "{checked} checked"
    );
    // Slowed down, not locked out: after the delay the right password works.
    // (On a slow machine the one-second delay may be over already.)
    let r = login_status(s.addr, "anna", "een lang wachtwoord 2").await?;
    if r.status == 429 {
        let wait: u64 = r.header("retry-after").ok_or("retry-after")?.parse()?;
        assert!((1..=2).contains(&wait), "retry after {wait} s");
        tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
        login(s.addr, "anna", "een lang wachtwoord 2").await?;
    } else {
        assert_eq!(r.status, 200, "{}", r.body);
    }
    Ok(())
}

fn rss_kib() -> R<u64> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    let line = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .ok_or("VmRSS")?;
    Ok(line
        .split_whitespace()
        .nth(1)
        .ok_or("VmRSS value")?
        .parse()?)
}

#[tokio::test]
async fn concurrent_password_checks_are_bounded() -> R {
    let mut config = test_config()?;
    config.limits.failed_logins_per_minute = 100_000;
    let s = start_with("argon-bound", config).await?;
    // Forty accounts, each tried once in parallel: nothing is throttled, so
    // only the bound on concurrent checks holds the memory.
    let hash = zicht_server::hash_password("een lang wachtwoord 3")?;
    let conn = s.app.db.store().connect()?;
    for i in 0..40 {
        conn.add_user(
            &format!("k{i}"),
            zicht_store::Role::Counsellor,
            &hash,
            "2026-01-01T00:00:00Z",
        )?;
    }
    let before = rss_kib()?;
    let tries = (0..40).map(|i| {
        let name = format!("k{i}");
        async move { login_status(s.addr, &name, "fout fout fout").await }
    });
    for a in futures_util::future::join_all(tries).await {
        assert_eq!(a?.status, 401);
    }
    let after = rss_kib()?;
    let peak = s.app.login.peak.load(std::sync::atomic::Ordering::SeqCst);
    println!(
        "40 parallel logins: at most {peak} password checks at once, RSS {} -> {} MiB",
        before / 1024,
        after / 1024
    );
    assert!(
        peak <= s.app.config.limits.login_concurrency,
        "{peak} checks at once"
    );
    Ok(())
}

#[tokio::test]
async fn an_unknown_name_costs_a_password_check_too() -> R {
    let s = start("unknown-name").await?;
    s.add_user(
        "bram",
        zicht_store::Role::Counsellor,
        "een lang wachtwoord 4",
    )?;
    let checked = || {
        s.app
            .login
            .checked
            .load(std::sync::atomic::Ordering::SeqCst)
    };
    let before = checked();
    assert_eq!(login_status(s.addr, "bram", "fout").await?.status, 401);
    assert_eq!(checked(), before + 1);
    assert_eq!(
        login_status(s.addr, "niemand-hier", "fout").await?.status,
        401
    );
    assert_eq!(
        checked(),
        before + 2,
        "an unknown name is checked against a dummy hash"
    );
    Ok(())
}

#[tokio::test]
async fn the_throttle_survives_a_restart() -> R {
    let s = start("throttle-restart").await?;
    let id = s.add_user(
        "cas",
        zicht_store::Role::Counsellor,
        "een lang wachtwoord 5",
    )?;
    for _ in 0..8 {
        let st = login_status(s.addr, "cas", "fout").await?.status;
        if st == 429 {
            // Wait out the short delays so that the count grows.
            tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        }
    }
    let failures = s.app.login.failures("cas");
    assert!(failures >= 5, "{failures} failures");
    // The writer stores the count without the answer waiting for it.
    let mut stored = 0;
    for _ in 0..50 {
        stored = s
            .app
            .db
            .store()
            .connect()?
            .login_throttle()?
            .iter()
            .find(|r| r.0 == id)
            .map_or(0, |r| r.1);
        if stored == failures {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(stored, failures);
    // A new server on the same data: still throttled, even for the right password.
    let again = zicht_server::open_with(&s.dir, test_config()?)?;
    let addr = zicht_server::spawn(again, "127.0.0.1:0").await?;
    let r = login_status(addr, "cas", "een lang wachtwoord 5").await?;
    assert_eq!(r.status, 429, "{}", r.body);
    Ok(())
}

#[tokio::test]
async fn the_failed_login_table_is_bounded_and_names_are_capped() -> R {
    let mut config = test_config()?;
    config.limits.login_table_size = 20;
    config.limits.failed_logins_per_minute = 100_000;
    let s = start_with("login-table", config).await?;
    for i in 0..60 {
        let r = login_status(s.addr, &format!("naam{i}"), "x").await?;
        assert_eq!(r.status, 401);
    }
    assert!(s.app.login.len() <= 20, "{} names", s.app.login.len());
    let long = "x".repeat(60_000);
    for i in 0..20 {
        let r = login_status(s.addr, &format!("{long}{i}"), "x").await?;
        assert_eq!(r.status, 401);
    }
    assert!(
        s.app.login.longest_name() <= zicht_server::login_guard::MAX_NAME_CHARS,
        "a name of {} characters is remembered",
        s.app.login.longest_name()
    );
    Ok(())
}

#[tokio::test]
async fn guessing_across_many_names_meets_the_global_limit() -> R {
    let s = start("login-global").await?;
    let per_minute = s.app.config.limits.failed_logins_per_minute as usize;
    let tries = (0..per_minute).map(|i| {
        let name = format!("gok{i}");
        async move { login_status(s.addr, &name, "x").await }
    });
    let mut refused = 0;
    for r in futures_util::future::join_all(tries).await {
        if r?.status == 429 {
            refused += 1;
        }
    }
    println!("{per_minute} names, one guess each: {refused} refused");
    assert!(refused >= per_minute / 2, "{refused} refused");
    Ok(())
}

#[tokio::test]
async fn a_flood_of_intakes_is_refused_without_knowing_who_sends_it() -> R {
    let mut config = test_config()?;
    config.limits.new_conversations_per_minute = 60;
    config.limits.intake_pow_bits = 4;
    let s = start_with("flood", config).await?;
    // Without a solved challenge, or with one used twice: refused.
    let plain = serde_json::json!({"username": "vloed"}).to_string();
    let r = http(s.addr, "POST", "/chat/fier/start", &[], Some(&plain)).await?;
    assert_eq!(
        (r.status, r.json()?["error"].clone()),
        (403, "challenge_required".into())
    );
    let body = intake_body(s.addr, serde_json::json!({"username": "vloed"})).await?;
    assert_eq!(
        http(s.addr, "POST", "/chat/fier/start", &[], Some(&body))
            .await?
            .status,
        200
    );
    let r = http(s.addr, "POST", "/chat/fier/start", &[], Some(&body)).await?;
    assert_eq!(
        (r.status, r.json()?["error"].clone()),
        (403, "challenge_used".into())
    );
    // Two hundred solved intakes as fast as one client can: a burst gets in.
    let (mut ok, mut busy) = (0, 0);
    for i in 0..200 {
        let body =
            intake_body(s.addr, serde_json::json!({"username": format!("vloed{i}")})).await?;
        let r = http(s.addr, "POST", "/chat/fier/start", &[], Some(&body)).await?;
        match r.status {
            200 => ok += 1,
            429 => {
                assert_eq!(r.json()?["error"], "busy");
                assert!(r.header("retry-after").is_some());
                busy += 1;
            }
            other => return Err(format!("status {other}: {}", r.body).into()),
        }
    }
    println!("200 intakes from one client: {ok} admitted, {busy} busy");
    assert!(ok <= 15, "{ok} admitted");
    assert!(s.app.hub.waiting_count() <= 16);
    assert!(
        zicht_server::buckets::spent(&s.app).await <= 16,
        "used challenges are bounded"
    );
    // An https Origin on this http server is another origin.
    let https = format!("https://{}", s.addr);
    let r = http(
        s.addr,
        "POST",
        "/chat/fier/start",
        &[("Origin", &https)],
        Some(&body),
    )
    .await?;
    assert_eq!(r.status, 403);
    Ok(())
}

#[tokio::test]
async fn fresh_conversations_do_not_multiply_the_message_limit() -> R {
    let mut config = test_config()?;
    config.limits.waiting_messages_per_minute = 60;
    let s = start_with("multiply", config).await?;
    let mut stored = 0;
    for i in 0..30 {
        let token = visitor_start(s.addr, "fier", &format!("veel{i}")).await?;
        let mut v = Client::visitor(s.addr, &token, 0).await?;
        v.recv().await?;
        for j in 0..10 {
            v.send(&serde_json::json!({"t": "msg", "cid": format!("m{j}"), "text": "hallo"}))
                .await?;
        }
        for _ in 0..10 {
            if v.recv().await?["t"] == "msg" {
                stored += 1;
            }
        }
        v.close().await?;
    }
    println!("30 fresh conversations x 10 messages: {stored} stored");
    assert!(stored <= 20, "{stored} messages stored");
    Ok(())
}

/// Reads until the server closes the socket; the time it took (None: still open after `limit`).
async fn closed_within(
    s: &mut tokio::net::TcpStream,
    limit: std::time::Duration,
) -> Option<std::time::Duration> {
    use tokio::io::AsyncReadExt;
    let t = std::time::Instant::now();
    let mut buf = [0u8; 1024];
    loop {
        match tokio::time::timeout(limit.saturating_sub(t.elapsed()), s.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(t.elapsed()),
            Ok(Ok(_)) => continue,
        }
    }
}

#[tokio::test]
async fn slow_and_idle_clients_are_closed_after_the_timeouts() -> R {
    use tokio::io::AsyncWriteExt;
    let mut config = test_config()?;
    config.limits.header_timeout_seconds = 1;
    config.limits.body_timeout_seconds = 1;
    config.limits.max_tcp_connections = 8;
    let s = start_with("slowloris", config).await?;
    let limit = std::time::Duration::from_secs(5);
    // Half a header.
    let mut half = tokio::net::TcpStream::connect(s.addr).await?;
    half.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await?;
    let took = closed_within(&mut half, limit).await;
    println!("half-sent header closed after {took:?}");
    assert!(
        took.is_some(),
        "a half-sent header is still open after {limit:?}"
    );
    // Nothing at all, and an idle kept-alive connection.
    let mut silent = tokio::net::TcpStream::connect(s.addr).await?;
    assert!(closed_within(&mut silent, limit).await.is_some());
    // Half a body.
    let mut body = tokio::net::TcpStream::connect(s.addr).await?;
    body.write_all(
        b"POST /console/api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":",
    )
    .await?;
    assert!(
        closed_within(&mut body, limit).await.is_some(),
        "half a body"
    );
    // Many slow clients hold at most the cap, and only until the timeout.
    let mut slow = Vec::new();
    for _ in 0..30 {
        let mut c = tokio::net::TcpStream::connect(s.addr).await?;
        let _ = c.write_all(b"GET / HTTP/1.1\r\n").await;
        slow.push(c);
    }
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let health = http(s.addr, "GET", "/healthz", &[], None).await?;
    assert_eq!(health.status, 200);
    Ok(())
}
