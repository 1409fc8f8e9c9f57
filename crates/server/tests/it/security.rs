//! Roles on every route (a matrix), CSRF and origin checks, headers, and no visitor traces on disk or in logs.

use serde_json::json;
use zicht_store::Role;

use crate::util::{Client, R, Staff, http, intake_body, login, queued, visitor_start};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Anonymous,
    Counsellor,
    Researcher,
    Admin,
}

/// (method, path, expected status for anonymous, counsellor, researcher, admin).
/// `{conv}` is a waiting conversation nobody owns; actions on it by a
/// counsellor fail for their own reason (404/409/403), never pass unchecked.
const MATRIX: &[(&str, &str, [u16; 4])] = &[
    ("GET", "/healthz", [200, 200, 200, 200]),
    ("GET", "/chat/fier", [200, 200, 200, 200]),
    ("GET", "/chat/nope", [404, 404, 404, 404]),
    ("GET", "/console", [200, 200, 403, 200]),
    ("GET", "/console/api/state", [401, 200, 403, 200]),
    ("GET", "/console/api/users", [401, 403, 403, 200]),
    ("POST", "/console/api/take", [401, 404, 403, 404]),
    ("POST", "/console/api/transfer", [401, 409, 403, 409]),
    ("POST", "/console/api/end", [401, 409, 403, 409]),
    (
        "GET",
        "/console/api/registration/{conv}",
        [401, 403, 403, 200],
    ),
    (
        "POST",
        "/console/api/registration/{conv}",
        [401, 403, 403, 200],
    ),
    // Her own closed chat only (fix43, finding 6): a waiting one nobody owns is nobody's to reread.
    (
        "GET",
        "/console/api/closed/{conv}/transcript",
        [401, 403, 403, 403],
    ),
    ("POST", "/console/api/logout", [401, 200, 200, 200]),
];

async fn body_for(path: &str, conv: &str) -> String {
    if path.starts_with("/console/api/registration") {
        json!({"trafficking": false}).to_string()
    } else if path == "/console/api/take" {
        json!({"conv": "c-does-not-exist"}).to_string()
    } else {
        json!({"conv": conv, "to": 1}).to_string()
    }
}

#[tokio::test]
async fn every_route_checks_the_role() -> R {
    for s in crate::util::servers("matrix").await? {
        let backend = s.backend();
        every_route_checks_the_role_on(s)
            .await
            .map_err(|e| format!("{backend}: {e}"))?;
    }
    Ok(())
}

async fn every_route_checks_the_role_on(s: crate::util::Server) -> R {
    for (name, role) in [
        ("c", Role::Counsellor),
        ("r", Role::Researcher),
        ("a", Role::Admin),
    ] {
        s.add_user(name, role, "wachtwoord-lang-genoeg")?;
    }
    let token = visitor_start(s.addr, "fier", "wachtend").await?;
    drop(token);
    let mut failures = Vec::new();
    for (method, path, expected) in MATRIX {
        for (i, who) in [Who::Anonymous, Who::Counsellor, Who::Researcher, Who::Admin]
            .into_iter()
            .enumerate()
        {
            // A fresh session per cell, since logout ends it.
            let staff = match who {
                Who::Anonymous => None,
                Who::Counsellor => Some(login(s.addr, "c", "wachtwoord-lang-genoeg").await?),
                Who::Researcher => Some(login(s.addr, "r", "wachtwoord-lang-genoeg").await?),
                Who::Admin => Some(login(s.addr, "a", "wachtwoord-lang-genoeg").await?),
            };
            let admin = login(s.addr, "a", "wachtwoord-lang-genoeg").await?;
            let conv = queued(s.addr, &admin, "wachtend").await?;
            let path = path.replace("{conv}", &conv);
            let body = body_for(&path, &conv).await;
            let mut headers: Vec<(&str, &str)> = Vec::new();
            if let Some(Staff { cookie, csrf }) = &staff {
                headers.push(("Cookie", cookie));
                headers.push(("X-CSRF-Token", csrf));
            }
            let r = http(
                s.addr,
                method,
                &path,
                &headers,
                (*method == "POST").then_some(body.as_str()),
            )
            .await?;
            if r.status != expected[i] {
                failures.push(format!(
                    "{method} {path} as {who:?}: {} (expected {})",
                    r.status, expected[i]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // The console WebSocket: only counsellors and admins.
    let c = login(s.addr, "c", "wachtwoord-lang-genoeg").await?;
    let r = login(s.addr, "r", "wachtwoord-lang-genoeg").await?;
    assert!(Client::connect(s.addr, "/console/ws", &[]).await.is_err());
    assert!(
        Client::connect(s.addr, "/console/ws", &[("Cookie", &r.cookie)])
            .await
            .is_err()
    );
    assert!(
        Client::connect(s.addr, "/console/ws", &[("Cookie", &c.cookie)])
            .await
            .is_ok()
    );
    Ok(())
}

#[tokio::test]
async fn posts_need_the_csrf_token_and_the_same_origin() -> R {
    for s in crate::util::servers("csrf").await? {
        let backend = s.backend();
        posts_need_the_csrf_token_and_the_same_origin_on(s)
            .await
            .map_err(|e| format!("{backend}: {e}"))?;
    }
    Ok(())
}

async fn posts_need_the_csrf_token_and_the_same_origin_on(s: crate::util::Server) -> R {
    s.add_user("c", Role::Counsellor, "wachtwoord-lang-genoeg")?;
    let c = login(s.addr, "c", "wachtwoord-lang-genoeg").await?;
    let body = json!({"conv": "c-x"}).to_string();
    let no_token = http(
        s.addr,
        "POST",
        "/console/api/take",
        &[("Cookie", &c.cookie)],
        Some(&body),
    )
    .await?;
    assert_eq!(
        (no_token.status, no_token.json()?["error"].clone()),
        (403, json!("csrf"))
    );
    let wrong = http(
        s.addr,
        "POST",
        "/console/api/take",
        &[("Cookie", &c.cookie), ("X-CSRF-Token", "00")],
        Some(&body),
    )
    .await?;
    assert_eq!(wrong.status, 403);
    let other_site = http(
        s.addr,
        "POST",
        "/console/api/take",
        &[
            ("Cookie", &c.cookie),
            ("X-CSRF-Token", &c.csrf),
            ("Origin", "https://evil.example"),
        ],
        Some(&body),
    )
    .await?;
    assert_eq!(other_site.status, 403);
    let login_elsewhere = http(
        s.addr,
        "POST",
        "/console/api/login",
        &[("Origin", "https://evil.example")],
        Some(&json!({"name": "c", "password": "wachtwoord-lang-genoeg"}).to_string()),
    )
    .await?;
    assert_eq!(login_elsewhere.status, 403);
    let start_elsewhere = http(
        s.addr,
        "POST",
        "/chat/fier/start",
        &[("Origin", "https://evil.example")],
        Some(&json!({"username": "iemand"}).to_string()),
    )
    .await?;
    assert_eq!(start_elsewhere.status, 403);
    assert!(
        Client::connect(s.addr, "/chat/ws", &[("Origin", "https://evil.example")])
            .await
            .is_err()
    );
    // Bad password: 401, and the cookie is HttpOnly + SameSite=Strict.
    let bad = http(
        s.addr,
        "POST",
        "/console/api/login",
        &[],
        Some(&json!({"name": "c", "password": "fout"}).to_string()),
    )
    .await?;
    assert_eq!(bad.status, 401);
    let good = http(
        s.addr,
        "POST",
        "/console/api/login",
        &[],
        Some(&json!({"name": "c", "password": "wachtwoord-lang-genoeg"}).to_string()),
    )
    .await?;
    let cookie = good.header("set-cookie").ok_or("cookie")?;
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    Ok(())
}

#[tokio::test]
async fn visitor_pages_set_no_cookie_and_send_the_strict_headers() -> R {
    for s in crate::util::servers("headers").await? {
        let backend = s.backend();
        visitor_pages_set_no_cookie_and_send_the_strict_headers_on(s)
            .await
            .map_err(|e| format!("{backend}: {e}"))?;
    }
    Ok(())
}

async fn visitor_pages_set_no_cookie_and_send_the_strict_headers_on(s: crate::util::Server) -> R {
    for path in [
        "/chat/fier",
        "/chat/csg",
        "/static/chat.js",
        "/static/style.css",
        "/healthz",
        "/console",
    ] {
        let r = http(s.addr, "GET", path, &[], None).await?;
        assert_eq!(r.status, 200, "{path}");
        assert!(r.header("set-cookie").is_none(), "{path} sets a cookie");
        assert_eq!(r.header("cache-control"), Some("no-store"), "{path}");
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"), "{path}");
        let csp = r.header("content-security-policy").ok_or("csp")?;
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
    }
    let page = http(s.addr, "GET", "/chat/fier", &[], None).await?.body;
    assert!(
        !page.contains("<script>") && !page.contains(" style=") && !page.contains("http://"),
        "inline script/style or third-party resource"
    );
    assert!(
        !page.contains("src=\"https://") && !page.contains("href=\"https://"),
        "third-party resource"
    );
    let body = intake_body(s.addr, json!({"username": "koekje"})).await?;
    let start = http(s.addr, "POST", "/chat/fier/start", &[], Some(&body)).await?;
    assert_eq!(start.status, 200);
    assert!(start.header("set-cookie").is_none());
    Ok(())
}

fn files_under(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                files_under(&p, out);
            } else {
                out.push(p);
            }
        }
    }
}

#[tokio::test]
async fn no_address_user_agent_or_referrer_of_a_visitor_reaches_disk_or_log() -> R {
    for s in crate::util::servers("privacy").await? {
        let backend = s.backend();
        no_address_user_agent_or_referrer_of_a_visitor_reaches_disk_or_log_on(s)
            .await
            .map_err(|e| format!("{backend}: {e}"))?;
    }
    Ok(())
}

async fn no_address_user_agent_or_referrer_of_a_visitor_reaches_disk_or_log_on(
    s: crate::util::Server,
) -> R {
    s.add_user("c", Role::Counsellor, "wachtwoord-lang-genoeg")?;
    let c = login(s.addr, "c", "wachtwoord-lang-genoeg").await?;
    const UA: &str = "Mozilla/5.0 (zicht-test-agent-7f3a)";
    const REF: &str = "https://referrer.example/zicht-ref-91bc";
    const FWD: &str = "203.0.113.77";
    let spy = [
        ("User-Agent", UA),
        ("Referer", REF),
        ("X-Forwarded-For", FWD),
        ("X-Real-IP", FWD),
    ];
    let page = http(s.addr, "GET", "/chat/fier", &spy, None).await?;
    assert_eq!(page.status, 200);
    let body = intake_body(
        s.addr,
        json!({"username": "privé", "age": "16", "gender": "vrouw"}),
    )
    .await?;
    let started = http(s.addr, "POST", "/chat/fier/start", &spy, Some(&body)).await?;
    let token = started.json()?["token"]
        .as_str()
        .ok_or("token")?
        .to_string();
    let mut v = Client::connect(s.addr, "/chat/ws", &spy).await?;
    v.send(&json!({"t": "hello", "token": token, "after": 0}))
        .await?;
    v.recv().await?;
    let conv = queued(s.addr, &c, "privé").await?;
    c.post(s.addr, "/console/api/take", &json!({"conv": conv}))
        .await?;
    v.send(&json!({"t": "msg", "cid": "1", "text": "hallo"}))
        .await?;
    v.until(|f| f["t"] == "msg").await?;
    v.send(&json!({"t": "end"})).await?;
    v.until(|f| f["t"] == "state" && f["state"] == "ended")
        .await?;
    // A bad frame and a bad token make log lines too.
    let mut bad = Client::connect(s.addr, "/chat/ws", &spy).await?;
    bad.send(&json!({"t": "hello", "token": "nope"})).await?;
    bad.recv().await?;

    let mut files = Vec::new();
    files_under(&s.dir, &mut files);
    files.push(crate::util::log_path());
    assert!(
        s.pg.is_some()
            || files
                .iter()
                .any(|f| f.to_string_lossy().ends_with(".sqlite3-wal")
                    || f.to_string_lossy().ends_with(".sqlite3"))
    );
    let needles = [
        "zicht-test-agent-7f3a",
        "zicht-ref-91bc",
        "referrer.example",
        FWD,
        "127.0.0.1",
        "Mozilla",
    ];
    for f in &files {
        let bytes = std::fs::read(f).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        for n in needles {
            assert!(!text.contains(n), "{} contains `{n}`", f.display());
        }
    }
    if let Some(pg) = &s.pg {
        // On PostgreSQL: no text or bytea column of any table holds any of
        // them, nor the nickname, the message or the token (only its hash).
        for n in needles
            .iter()
            .copied()
            .chain(["privé", "hallo", token.as_str()])
        {
            let found = pg.columns_containing(n.as_bytes())?;
            assert!(found.is_empty(), "`{n}` is stored in {found:?}");
        }
        // The scan sees what is stored plainly (the channel).
        assert!(!pg.columns_containing(b"fier")?.is_empty());
        return Ok(());
    }
    // The token itself is not stored either, only its hash.
    let db = std::fs::read(s.dir.join(zicht_store::SQLITE_FILE))?;
    let wal =
        std::fs::read(s.dir.join(format!("{}-wal", zicht_store::SQLITE_FILE))).unwrap_or_default();
    for bytes in [db, wal] {
        assert!(!String::from_utf8_lossy(&bytes).contains(&token));
    }
    Ok(())
}

/// The default configuration, as `zicht up` writes it (Secure cookies), served
/// on http://127.0.0.1: a browser's plain-http Origin on loopback is this
/// server, so a counsellor logs in, posts and opens the console's WebSocket,
/// and a visitor starts a chat. Another origin is still refused.
#[tokio::test]
async fn the_default_configuration_works_on_loopback() -> R {
    let config = crate::util::default_config_open_all_week()?;
    assert!(config.secure_cookies, "the default has Secure cookies");
    let s = crate::util::start_with("default-loopback", config).await?;
    s.add_user("anna", Role::Counsellor, "wachtwoord-anna-1")?;
    let origin = format!("http://{}", s.addr);
    let body = json!({"name": "anna", "password": "wachtwoord-anna-1"}).to_string();
    let r = http(
        s.addr,
        "POST",
        "/console/api/login",
        &[("Origin", &origin)],
        Some(&body),
    )
    .await?;
    assert_eq!(r.status, 200, "{}", r.body);
    let set = r.header("set-cookie").ok_or("no cookie")?;
    assert!(set.contains("Secure"), "{set}");
    let cookie = set.split(';').next().ok_or("cookie")?.to_string();
    let csrf = r.json()?["csrf"].as_str().ok_or("csrf")?.to_string();
    let r = http(
        s.addr,
        "POST",
        "/console/api/clear-abandoned",
        &[
            ("Origin", &origin),
            ("Cookie", &cookie),
            ("X-CSRF-Token", &csrf),
        ],
        Some("{}"),
    )
    .await?;
    assert_eq!(r.status, 200, "{}", r.body);
    let mut ws = Client::connect(
        s.addr,
        "/console/ws",
        &[("Origin", &origin), ("Cookie", &cookie)],
    )
    .await?;
    ws.send(&json!({"t": "resume", "after": {}})).await?;
    ws.until(|v| v["t"] == "resumed").await?;
    let intake = intake_body(s.addr, json!({"username": "lus", "age": "", "gender": ""})).await?;
    let r = http(
        s.addr,
        "POST",
        "/chat/fier/start",
        &[("Origin", &origin)],
        Some(&intake),
    )
    .await?;
    assert_eq!(r.status, 200, "{}", r.body);
    // Still one origin: another site, or another port, is refused.
    for other in ["http://evil.example", "http://127.0.0.1:1"] {
        let r = http(
            s.addr,
            "POST",
            "/console/api/login",
            &[("Origin", other)],
            Some(&body),
        )
        .await?;
        assert_eq!(r.status, 403, "{other}");
    }
    Ok(())
}

#[tokio::test]
async fn a_researcher_logs_out_from_the_research_pages() -> R {
    for s in crate::util::servers("research-logout").await? {
        let backend = s.backend();
        a_researcher_logs_out_from_the_research_pages_on(s)
            .await
            .map_err(|e| format!("{backend}: {e}"))?;
    }
    Ok(())
}

async fn a_researcher_logs_out_from_the_research_pages_on(s: crate::util::Server) -> R {
    s.add_user("ria", Role::Researcher, "wachtwoord-ria-1")?;
    let ria = login(s.addr, "ria", "wachtwoord-ria-1").await?;
    // Every research page offers "Uitloggen" (a shared computer, sensitive chats).
    let home = ria.get(s.addr, "/research").await?;
    assert_eq!(home.status, 200);
    assert!(home.body.contains("id=\"logout\""), "{}", home.body);
    let out = ria.post(s.addr, "/console/api/logout", &json!({})).await?;
    assert_eq!(out.status, 200);
    // The session is gone: a second log-out with the same cookie is refused.
    let again = ria.post(s.addr, "/console/api/logout", &json!({})).await?;
    assert_eq!(again.status, 401);
    Ok(())
}
