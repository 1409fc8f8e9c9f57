//! The chat as its clients see it: starting and taking conversations over HTTP, WebSockets, `msg` frames.

use std::collections::HashMap;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::{Http, LoadError, PASSWORD, counsellor_name};

/// A client WebSocket.
pub type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<TcpStream>>;

/// Who sent a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    Visitor,
    Counsellor,
}

impl Side {
    /// The `from` of a frame and the `sender` of the store.
    pub fn code(self) -> &'static str {
        match self {
            Side::Visitor => "visitor",
            Side::Counsellor => "counsellor",
        }
    }
}

/// A `msg` frame: a committed message. Its echo to the sender is the acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Msg {
    /// The conversation's public id (the console's frames carry it; a visitor's do not).
    pub conv: Option<String>,
    pub seq: i64,
    pub from: Side,
    pub cid: String,
    pub text: String,
}

impl Msg {
    /// The message in a frame, or `None` for any other frame.
    pub fn parse(v: &Value) -> Option<Msg> {
        if v["t"] != "msg" {
            return None;
        }
        let from = match v["from"].as_str()? {
            "visitor" => Side::Visitor,
            "counsellor" => Side::Counsellor,
            _ => return None,
        };
        Some(Msg {
            conv: v["conv"].as_str().map(String::from),
            seq: v["seq"].as_i64()?,
            from,
            cid: v["cid"].as_str()?.to_string(),
            text: v["text"].as_str()?.to_string(),
        })
    }
}

/// One started conversation.
#[derive(Debug, Clone)]
pub struct Visitor {
    /// The visitor's secret token (opens the WebSocket).
    pub token: String,
    /// The conversation's public id.
    pub conv: String,
    /// Index of the counsellor who took it.
    pub counsellor: usize,
}

/// A logged-in counsellor.
#[derive(Debug, Clone)]
pub struct Staff {
    /// `name=value` of the session cookie.
    pub cookie: String,
    pub csrf: String,
}

/// Conversations started and taken, and the counsellors who took them.
pub struct Setup {
    pub visitors: Vec<Visitor>,
    pub counsellors: Vec<Staff>,
}

/// Requests in parallel during set-up (each on its own keep-alive connection).
const WORKERS: usize = 64;

/// Logs in `pairs.div_ceil(per_counsellor)` counsellors (made by
/// [`crate::prepare`]), starts `pairs` conversations on channel `fier` with
/// usernames unique to `run`, and has counsellor `i / per_counsellor` take
/// conversation `i`.
pub async fn setup(
    addr: &str,
    pairs: usize,
    per_counsellor: usize,
    run: &str,
) -> Result<Setup, LoadError> {
    let per_counsellor = per_counsellor.max(1);
    let k = pairs.div_ceil(per_counsellor);
    let mut http = Http::new(addr).await?;
    let mut counsellors = Vec::with_capacity(k);
    for i in 0..k {
        let name = counsellor_name(i);
        let body = json!({"name": name, "password": PASSWORD}).to_string();
        let r = http.req("POST", "/console/api/login", &[], &body).await?;
        let cookie = r
            .header("set-cookie")
            .and_then(|v| v.split(';').next())
            .map(String::from)
            .ok_or_else(|| LoadError::Protocol(format!("login {name}: no cookie")))?;
        let csrf = r.ok_json(&format!("login {name}"))?["csrf"]
            .as_str()
            .map(String::from)
            .ok_or_else(|| LoadError::Protocol(format!("login {name}: no csrf")))?;
        counsellors.push(Staff { cookie, csrf });
    }
    let username = |i: usize| format!("b{run}x{i}");
    let workers = WORKERS.min(pairs.max(1));
    let mut handles = Vec::new();
    for w in 0..workers {
        let jobs: Vec<(usize, String)> = (w..pairs)
            .step_by(workers)
            .map(|i| (i, username(i)))
            .collect();
        let addr = addr.to_string();
        handles.push(tokio::spawn(async move {
            let mut http = Http::new(&addr).await?;
            let mut out = Vec::new();
            for (i, name) in jobs {
                let body = json!({"username": name, "age": "", "gender": ""}).to_string();
                let v = http
                    .req("POST", "/chat/fier/start", &[], &body)
                    .await?
                    .ok_json("start")?;
                let token = v["token"]
                    .as_str()
                    .ok_or_else(|| LoadError::Protocol("start: no token".into()))?;
                out.push((i, token.to_string()));
            }
            Ok::<_, LoadError>(out)
        }));
    }
    let mut tokens = vec![String::new(); pairs];
    for h in handles {
        for (i, t) in h.await?? {
            tokens[i] = t;
        }
    }
    // The conversation ids, from the queue.
    let first = counsellors
        .first()
        .ok_or_else(|| LoadError::Protocol("no counsellor".into()))?;
    let state = http
        .req(
            "GET",
            "/console/api/state",
            &[("Cookie", first.cookie.as_str())],
            "",
        )
        .await?
        .ok_json("state")?;
    let mut by_name = HashMap::new();
    for q in state["queue"].as_array().into_iter().flatten() {
        if let (Some(u), Some(c)) = (q["username"].as_str(), q["conv"].as_str()) {
            by_name.insert(u.to_string(), c.to_string());
        }
    }
    let mut visitors = Vec::with_capacity(pairs);
    for (i, token) in tokens.into_iter().enumerate() {
        let conv = by_name
            .get(&username(i))
            .ok_or_else(|| LoadError::Protocol(format!("{} is not in the queue", username(i))))?
            .clone();
        visitors.push(Visitor {
            token,
            conv,
            counsellor: i / per_counsellor,
        });
    }
    let mut handles = Vec::new();
    for w in 0..workers {
        let jobs: Vec<(String, Staff)> = visitors
            .iter()
            .skip(w)
            .step_by(workers)
            .map(|v| (v.conv.clone(), counsellors[v.counsellor].clone()))
            .collect();
        let addr = addr.to_string();
        handles.push(tokio::spawn(async move {
            let mut http = Http::new(&addr).await?;
            for (conv, staff) in jobs {
                http.req(
                    "POST",
                    "/console/api/take",
                    &[
                        ("Cookie", staff.cookie.as_str()),
                        ("X-CSRF-Token", staff.csrf.as_str()),
                    ],
                    &json!({"conv": conv}).to_string(),
                )
                .await?
                .ok_json("take")?;
            }
            Ok::<_, LoadError>(())
        }));
    }
    for h in handles {
        h.await??;
    }
    Ok(Setup {
        visitors,
        counsellors,
    })
}

/// Opens a WebSocket, with a staff cookie when given.
pub async fn ws_connect(url: &str, cookie: Option<&str>) -> Result<Ws, LoadError> {
    let mut req = url.into_client_request()?;
    if let Some(c) = cookie {
        let value = c
            .parse()
            .map_err(|_| LoadError::Protocol("cookie is not a header value".into()))?;
        req.headers_mut().insert("cookie", value);
    }
    let (ws, _) = tokio_tungstenite::connect_async(req).await?;
    Ok(ws)
}

/// Sends one JSON frame.
pub async fn send(ws: &mut Ws, frame: &Value) -> Result<(), LoadError> {
    ws.send(Message::Text(frame.to_string().into())).await?;
    Ok(())
}

/// The next JSON text frame; `None` once the socket is closed.
pub async fn next_json(ws: &mut Ws) -> Result<Option<Value>, LoadError> {
    while let Some(m) = ws.next().await {
        match m? {
            Message::Text(t) => return Ok(Some(serde_json::from_str(&t)?)),
            Message::Close(_) => return Ok(None),
            _ => continue,
        }
    }
    Ok(None)
}

/// Reads frames until one satisfies `last`; returns the messages before it and that frame.
async fn history_until(
    ws: &mut Ws,
    last: impl Fn(&Value) -> bool,
) -> Result<(Vec<Msg>, Value), LoadError> {
    let mut msgs = Vec::new();
    loop {
        let v = next_json(ws)
            .await?
            .ok_or_else(|| LoadError::Protocol("socket closed during resume".into()))?;
        if last(&v) {
            return Ok((msgs, v));
        }
        if v["t"] == "error" {
            return Err(LoadError::Protocol(format!("server refused: {v}")));
        }
        if let Some(m) = Msg::parse(&v) {
            msgs.push(m);
        }
    }
}

/// A visitor's WebSocket after `hello` with `after`: the messages with a
/// higher `seq` (the history the server resends) and the `state` frame.
pub async fn visitor_ws(
    addr: &str,
    token: &str,
    after: i64,
) -> Result<(Ws, Vec<Msg>, Value), LoadError> {
    let mut ws = ws_connect(&format!("ws://{addr}/chat/ws"), None).await?;
    send(
        &mut ws,
        &json!({"t": "hello", "token": token, "after": after}),
    )
    .await?;
    let (history, state) = history_until(&mut ws, |v| v["t"] == "state").await?;
    Ok((ws, history, state))
}

/// A counsellor's WebSocket after `resume` with nothing seen: every message
/// of the counsellor's conversations, up to the `resumed` frame.
pub async fn counsellor_ws(addr: &str, cookie: &str) -> Result<(Ws, Vec<Msg>), LoadError> {
    let mut ws = ws_connect(&format!("ws://{addr}/console/ws"), Some(cookie)).await?;
    send(&mut ws, &json!({"t": "resume", "after": {}})).await?;
    let (history, _) = history_until(&mut ws, |v| v["t"] == "resumed").await?;
    Ok((ws, history))
}
