//! Test helpers: a server on a free port with its own data directory, a tiny HTTP client, WebSocket clients.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use zicht_server::{App, Config};
use zicht_store::Role;

pub type R<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// One running server.
pub struct Server {
    pub addr: SocketAddr,
    pub dir: PathBuf,
    pub app: App,
    /// The PostgreSQL test database this server's store lives in (dropped
    /// with the server); `None` for SQLite in `dir`.
    pub pg: Option<zicht_store::testdb::TestDb>,
}

/// The shared log file of this test process (every server logs here).
pub fn log_path() -> PathBuf {
    std::env::temp_dir().join(format!("zicht-it-{}.log", std::process::id()))
}

/// A configuration open all week, without Secure cookies (plain http on loopback).
pub fn test_config() -> R<Config> {
    config_open_all_week(false)
}

/// The default configuration as `zicht up` writes it (Secure cookies on),
/// open all week: what a browser meets on http://127.0.0.1.
pub fn default_config_open_all_week() -> R<Config> {
    config_open_all_week(true)
}

fn config_open_all_week(secure_cookies: bool) -> R<Config> {
    // A little work per intake (so the page's solver runs) and limits that
    // the tests of other things do not reach; the abuse tests set their own.
    let mut text = zicht_server::config::DEFAULT_CONFIG.to_string();
    if !secure_cookies {
        text = text.replace("secure_cookies = true", "secure_cookies = false");
    }
    let mut text = text
        .replace("intake_pow_bits = 16", "intake_pow_bits = 6")
        .replace(
            "new_conversations_per_minute = 120",
            "new_conversations_per_minute = 60000",
        )
        .replace(
            "waiting_messages_per_minute = 600",
            "waiting_messages_per_minute = 60000",
        );
    for day in [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ] {
        text = text
            .lines()
            .map(|l| {
                if l.starts_with(&format!("{day} = ")) {
                    format!("{day} = \"00:00-24:00\"")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
    }
    Ok(Config::parse(&text, "test")?)
}

pub async fn start(name: &str) -> R<Server> {
    start_with(name, test_config()?).await
}

pub async fn start_with(name: &str, config: Config) -> R<Server> {
    start_on(name, config, None).await
}

/// The servers a test runs on: SQLite always, and PostgreSQL (a fresh
/// database) when `ZICHT_TEST_POSTGRES` names a server.
pub async fn servers(name: &str) -> R<Vec<Server>> {
    servers_with(name, test_config()?).await
}

/// [`servers`] with a given configuration.
pub async fn servers_with(name: &str, config: Config) -> R<Vec<Server>> {
    let mut out = vec![start_on(name, config.clone(), None).await?];
    if let Some(db) = zicht_store::testdb::TestDb::create(name)? {
        out.push(start_on(&format!("{name}-pg"), config, Some(db)).await?);
    }
    Ok(out)
}

async fn start_on(
    name: &str,
    mut config: Config,
    pg: Option<zicht_store::testdb::TestDb>,
) -> R<Server> {
    if let Some(db) = &pg {
        config.database = Some(db.url.clone());
    }
    zicht_server::log_to_file(Some(log_path()));
    let dir = std::env::temp_dir().join(format!("zicht-it-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let key = zicht_store::vault::default_key_path(&dir);
    let _ = std::fs::remove_file(&key);
    zicht_store::vault::create_key_file(&key)?;
    let app = zicht_server::open_with(&dir, config)?;
    let addr = zicht_server::spawn(app.clone(), "127.0.0.1:0").await?;
    Ok(Server { addr, dir, app, pg })
}

/// The test's data folder and its key go with the server: synthetic, but a full run
/// left hundreds of them in the temporary folder.
impl Drop for Server {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        let _ = std::fs::remove_file(zicht_store::vault::default_key_path(&self.dir));
    }
}

impl Server {
    /// "sqlite" or "postgres", for messages.
    pub fn backend(&self) -> &'static str {
        if self.pg.is_some() {
            "postgres"
        } else {
            "sqlite"
        }
    }

    pub fn add_user(&self, name: &str, role: Role, password: &str) -> R<i64> {
        let hash = zicht_server::hash_password(password)?;
        Ok(self
            .app
            .db
            .store()
            .connect()?
            .add_user(name, role, &hash, "2026-01-01T00:00:00Z")?)
    }
}

/// A response of the tiny client.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> R<Value> {
        Ok(serde_json::from_str(&self.body)?)
    }
}

/// One HTTP/1.1 request with `Connection: close`.
pub async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> R<Resp> {
    let mut s = tokio::net::TcpStream::connect(addr).await?;
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(b) = body {
        req.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            b.len()
        ));
    }
    req.push_str("\r\n");
    if let Some(b) = body {
        req.push_str(b);
    }
    s.write_all(req.as_bytes()).await?;
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), s.read_to_end(&mut raw)).await??;
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, rest) = text.split_once("\r\n\r\n").ok_or("no header end")?;
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .ok_or("no status")?
        .parse()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| {
            l.split_once(": ")
                .map(|(a, b)| (a.to_string(), b.to_string()))
        })
        .collect();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_string()
    };
    Ok(Resp {
        status,
        headers,
        body,
    })
}

fn dechunk(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || after.len() < n {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}

/// A logged-in staff member.
pub struct Staff {
    pub cookie: String,
    pub csrf: String,
}

pub async fn login(addr: SocketAddr, name: &str, password: &str) -> R<Staff> {
    let body = serde_json::json!({"name": name, "password": password}).to_string();
    let r = http(addr, "POST", "/console/api/login", &[], Some(&body)).await?;
    if r.status != 200 {
        return Err(format!("login {name}: {} {}", r.status, r.body).into());
    }
    let set = r.header("set-cookie").ok_or("no cookie")?;
    let cookie = set.split(';').next().ok_or("cookie")?.to_string();
    let csrf = r.json()?["csrf"].as_str().ok_or("csrf")?.to_string();
    Ok(Staff { cookie, csrf })
}

impl Staff {
    pub async fn post(&self, addr: SocketAddr, path: &str, body: &Value) -> R<Resp> {
        http(
            addr,
            "POST",
            path,
            &[("Cookie", &self.cookie), ("X-CSRF-Token", &self.csrf)],
            Some(&body.to_string()),
        )
        .await
    }

    pub async fn get(&self, addr: SocketAddr, path: &str) -> R<Resp> {
        http(addr, "GET", path, &[("Cookie", &self.cookie)], None).await
    }
}

/// An intake body with a freshly solved challenge added to `fields`.
pub async fn intake_body(addr: SocketAddr, mut fields: Value) -> R<String> {
    let c = http(addr, "GET", "/chat/challenge", &[], None)
        .await?
        .json()?;
    let challenge = c["challenge"].as_str().ok_or("challenge")?;
    let bits = u32::try_from(c["bits"].as_u64().ok_or("bits")?)?;
    let answer = zicht_server::intake::solve(challenge, bits);
    fields["pow"] = serde_json::json!({"challenge": challenge, "answer": answer});
    Ok(fields.to_string())
}

/// Starts a visitor conversation; returns the token.
pub async fn visitor_start(addr: SocketAddr, channel: &str, username: &str) -> R<String> {
    let body = intake_body(
        addr,
        serde_json::json!({"username": username, "age": "", "gender": ""}),
    )
    .await?;
    let r = http(
        addr,
        "POST",
        &format!("/chat/{channel}/start"),
        &[],
        Some(&body),
    )
    .await?;
    if r.status != 200 {
        return Err(format!("start: {} {}", r.status, r.body).into());
    }
    Ok(r.json()?["token"].as_str().ok_or("token")?.to_string())
}

pub type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A WebSocket client speaking JSON frames.
pub struct Client {
    ws: Ws,
}

impl Client {
    pub async fn connect(addr: SocketAddr, path: &str, headers: &[(&str, &str)]) -> R<Client> {
        let mut req = format!("ws://{addr}{path}").into_client_request()?;
        for (k, v) in headers {
            req.headers_mut().insert(
                tokio_tungstenite::tungstenite::http::HeaderName::from_bytes(k.as_bytes())?,
                v.parse()?,
            );
        }
        let (ws, _) = tokio_tungstenite::connect_async(req).await?;
        Ok(Client { ws })
    }

    pub async fn visitor(addr: SocketAddr, token: &str, after: i64) -> R<Client> {
        let mut c = Client::connect(addr, "/chat/ws", &[]).await?;
        c.send(&serde_json::json!({"t": "hello", "token": token, "after": after}))
            .await?;
        Ok(c)
    }

    pub async fn staff(addr: SocketAddr, staff: &Staff) -> R<Client> {
        let mut c = Client::connect(addr, "/console/ws", &[("Cookie", &staff.cookie)]).await?;
        c.send(&serde_json::json!({"t": "resume", "after": {}}))
            .await?;
        Ok(c)
    }

    pub async fn send(&mut self, v: &Value) -> R {
        self.ws.send(Message::Text(v.to_string().into())).await?;
        Ok(())
    }

    /// The next JSON frame (an error after 20 s of silence, so a broken test cannot hang).
    pub async fn recv(&mut self) -> R<Value> {
        loop {
            let m = tokio::time::timeout(Duration::from_secs(20), self.ws.next())
                .await?
                .ok_or("socket closed")??;
            match m {
                Message::Text(t) => return Ok(serde_json::from_str(&t)?),
                Message::Close(_) => return Err("socket closed".into()),
                _ => continue,
            }
        }
    }

    /// Frames until one satisfies `pred`; returns it and the ones before it.
    pub async fn until(&mut self, pred: impl Fn(&Value) -> bool) -> R<(Value, Vec<Value>)> {
        let mut before = Vec::new();
        loop {
            let v = self.recv().await?;
            if pred(&v) {
                return Ok((v, before));
            }
            before.push(v);
        }
    }

    /// The underlying socket, for frames the JSON helpers cannot send.
    pub fn raw(&mut self) -> &mut Ws {
        &mut self.ws
    }

    /// The close frame's code, skipping other frames (an error if none comes in 20 s).
    pub async fn close_code(&mut self) -> R<u16> {
        loop {
            let m = tokio::time::timeout(Duration::from_secs(20), self.ws.next())
                .await?
                .ok_or("socket closed without a close frame")??;
            if let Message::Close(frame) = m {
                return Ok(frame.map(|f| u16::from(f.code)).unwrap_or(1005));
            }
        }
    }

    pub async fn close(mut self) -> R {
        self.ws.close(None).await?;
        Ok(())
    }
}

/// The public id of the only waiting conversation with this username.
pub async fn queued(addr: SocketAddr, staff: &Staff, username: &str) -> R<String> {
    let state = staff.get(addr, "/console/api/state").await?.json()?;
    let q = state["queue"].as_array().ok_or("queue")?;
    let item = q
        .iter()
        .find(|c| c["username"] == username)
        .ok_or("not in queue")?;
    Ok(item["conv"].as_str().ok_or("conv")?.to_string())
}

/// A TCP relay in front of the server: a network that can fail. `cut` closes
/// every relayed connection and refuses new ones (a hard drop); `freeze` keeps
/// them open but lets nothing through (a phone in a tunnel: no close, no
/// data), until `restore`.
pub struct Relay {
    pub addr: SocketAddr,
    cut: std::sync::Arc<std::sync::atomic::AtomicBool>,
    frozen: std::sync::Arc<std::sync::atomic::AtomicBool>,
    open: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::AbortHandle>>>,
}

/// Copies one direction, holding the data while the relay is frozen.
async fn pipe(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    frozen: std::sync::Arc<std::sync::atomic::AtomicBool>,
) {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        while frozen.load(std::sync::atomic::Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        if to.write_all(&buf[..n]).await.is_err() {
            return;
        }
    }
}

impl Relay {
    pub async fn start(target: SocketAddr) -> R<Relay> {
        use std::sync::atomic::Ordering;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let relay = Relay {
            addr: listener.local_addr()?,
            cut: Default::default(),
            frozen: Default::default(),
            open: Default::default(),
        };
        let (cut, frozen, open) = (relay.cut.clone(), relay.frozen.clone(), relay.open.clone());
        tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                if cut.load(Ordering::SeqCst) {
                    continue;
                }
                let frozen = frozen.clone();
                let task = tokio::spawn(async move {
                    if let Ok(outbound) = tokio::net::TcpStream::connect(target).await {
                        let (ri, wi) = inbound.into_split();
                        let (ro, wo) = outbound.into_split();
                        tokio::join!(pipe(ri, wo, frozen.clone()), pipe(ro, wi, frozen));
                    }
                });
                if let Ok(mut list) = open.lock() {
                    list.push(task.abort_handle());
                }
            }
        });
        Ok(relay)
    }

    /// A hard drop: every connection closes, new ones are refused.
    pub fn cut(&self) {
        self.cut.store(true, std::sync::atomic::Ordering::SeqCst);
        if let Ok(mut list) = self.open.lock() {
            for t in list.drain(..) {
                t.abort();
            }
        }
    }

    /// A silent drop: connections stay open, nothing passes.
    pub fn freeze(&self) {
        self.frozen.store(true, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn restore(&self) {
        self.cut.store(false, std::sync::atomic::Ordering::SeqCst);
        self.frozen
            .store(false, std::sync::atomic::Ordering::SeqCst);
    }
}
