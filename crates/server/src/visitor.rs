//! The visitor side: the chat page per channel, the intake, and the visitor's WebSocket.
//!
//! Protocol (JSON text frames). The client opens `/chat/ws` and first sends
//! `{"t":"hello","token":T,"after":N}` (N = the last `seq` it has seen, 0 at
//! first). The server answers with every message after N and the state
//! (`{"t":"state","state":"waiting","position":3,"estimate":240}`: the place in
//! the queue of its own channel and the estimated wait in seconds or null;
//! `active`; `ended` with `by`). The
//! client sends `{"t":"msg","cid":C,"text":..}`; once committed, the message
//! comes back to every connection of the conversation as
//! `{"t":"msg","seq":S,"from":..,"cid":C,"at":..,"text":..}` — that echo is the
//! acknowledgement. A client re-sends unacknowledged messages with the same
//! `cid` after a reconnect; the store keeps one copy. `{"t":"end"}` ends it
//! (quick exit sends it too, so the visitor leaves the queue at once).
//! `{"t":"typing"}` goes both ways. A visitor whose last connection closes is
//! marked gone at once; a waiting one keeps the place for
//! `limits.abandoned_grace_seconds`, then the conversation ends (`by: system`).

use std::time::Duration;

use axum::extract::ws::{Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use serde_json::json;
use zicht_store::{EndedBy, Gender, NewConversation, NewMessage, Sender, State as ConvState};

use crate::hub::{ConnTx, Side};
use crate::{ApiError, App, pages};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/chat/ws", get(ws))
        .route("/chat/{channel}", get(page))
        .route("/chat/{channel}/start", post(start))
}

async fn page(State(app): State<App>, Path(channel): Path<String>) -> Response {
    match app.config.channel(&channel) {
        None => (StatusCode::NOT_FOUND, pages::not_found()).into_response(),
        Some(ch) => {
            let open = ch
                .hours
                .is_open(&jiff::Timestamp::now().to_zoned_datetime(app.config.tz()));
            Html(pages::chat(&app.config, ch, open)).into_response()
        }
    }
}

/// What the intake form sends.
#[derive(Debug, Deserialize)]
pub struct Intake {
    pub username: String,
    #[serde(default)]
    pub age: String,
    #[serde(default)]
    pub gender: String,
    #[serde(default)]
    pub lang: String,
}

/// Checks a chosen username: 2 to 24 characters, letters, digits, space, `_ - .`,
/// at least one letter; no e-mail address or phone number.
pub fn check_username(raw: &str) -> Result<String, &'static str> {
    let name: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = name.chars().count();
    if n == 0 {
        return Err("username_required");
    }
    if !(2..=24).contains(&n) {
        return Err("username_length");
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '-' | '.'))
    {
        return Err("username_chars");
    }
    if !name.chars().any(char::is_alphabetic) {
        return Err("username_letter");
    }
    let mut run = 0;
    for c in name.chars() {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        if run >= 6 {
            return Err("username_number");
        }
    }
    Ok(name)
}

/// Age: empty, or a whole number from 6 to 99.
pub fn check_age(raw: &str) -> Result<Option<u32>, &'static str> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<u32>() {
        Ok(a) if (6..=99).contains(&a) => Ok(Some(a)),
        _ => Err("age_invalid"),
    }
}

/// Gender: vrouw / man / neutraal (or their codes), or empty.
pub fn check_gender(raw: &str) -> Result<Option<Gender>, &'static str> {
    match raw.trim() {
        "" => Ok(None),
        "vrouw" | "female" => Ok(Some(Gender::Female)),
        "man" | "male" => Ok(Some(Gender::Male)),
        "neutraal" | "neutral" => Ok(Some(Gender::Neutral)),
        _ => Err("gender_invalid"),
    }
}

async fn start(
    State(app): State<App>,
    Path(channel): Path<String>,
    headers: HeaderMap,
    Json(intake): Json<Intake>,
) -> Result<Response, ApiError> {
    if !crate::security::same_origin(&headers) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "cross_origin"));
    }
    let Some(ch) = app.config.channel(&channel) else {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "unknown_channel"));
    };
    let username =
        check_username(&intake.username).map_err(|c| ApiError::new(StatusCode::BAD_REQUEST, c))?;
    let age = check_age(&intake.age).map_err(|c| ApiError::new(StatusCode::BAD_REQUEST, c))?;
    let gender =
        check_gender(&intake.gender).map_err(|c| ApiError::new(StatusCode::BAD_REQUEST, c))?;
    if !ch
        .hours
        .is_open(&jiff::Timestamp::now().to_zoned_datetime(app.config.tz()))
    {
        return Err(ApiError::new(StatusCode::CONFLICT, "closed"));
    }
    if app.hub.waiting_count() >= app.config.limits.max_waiting {
        return Err(ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "queue_full"));
    }
    let token = crate::random_token();
    let public_id = format!("c-{}", &crate::random_token()[..16]);
    let new = NewConversation {
        public_id,
        token_hash: crate::token_hash(&token),
        channel: ch.code.clone(),
        username,
        age,
        gender,
        lang: if intake.lang == "en" {
            "en".into()
        } else {
            "nl".into()
        },
        created_at: crate::now_text(),
    };
    let hub_app = app.clone();
    app.db
        .write(
            move |c| {
                let id = c.create_conversation(&new)?;
                c.conversation_by_id(id)?
                    .ok_or_else(|| zicht_store::StoreError::NoConversation(new.public_id.clone()))
            },
            move |info| hub_app.hub.open(info),
        )
        .await?;
    Ok(Json(json!({"token": token})).into_response())
}

#[derive(Deserialize)]
#[serde(tag = "t", rename_all = "lowercase")]
enum ClientFrame {
    Hello {
        token: String,
        #[serde(default)]
        after: i64,
    },
    Msg {
        cid: String,
        text: String,
    },
    End,
    /// The visitor is typing.
    Typing,
}

/// Largest WebSocket frame accepted: the message limit in UTF-8 plus the envelope.
pub fn max_frame_bytes(app: &App) -> usize {
    app.config.limits.max_message_chars * 4 + 1024
}

async fn ws(State(app): State<App>, headers: HeaderMap, upgrade: WebSocketUpgrade) -> Response {
    if !crate::security::same_origin(&headers) {
        return ApiError::new(StatusCode::FORBIDDEN, "cross_origin").into_response();
    }
    let Ok(permit) = app.connections.clone().try_acquire_owned() else {
        return ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "too_many_connections")
            .into_response();
    };
    let max = max_frame_bytes(&app);
    upgrade
        .read_buffer_size(crate::WS_BUFFER)
        .write_buffer_size(crate::WS_BUFFER)
        .max_message_size(max)
        .max_frame_size(max)
        .on_upgrade(move |socket| async move {
            session(app, socket).await;
            drop(permit);
        })
}

fn err_frame(code: &str) -> WsMessage {
    WsMessage::Text(json!({"t": "error", "code": code}).to_string().into())
}

/// Checks a message text and client id; the code names the problem.
pub fn check_message(app: &App, cid: &str, text: &str) -> Result<(), &'static str> {
    if cid.is_empty() || cid.len() > 64 {
        return Err("bad_cid");
    }
    if text.trim().is_empty() {
        return Err("empty");
    }
    if text.chars().count() > app.config.limits.max_message_chars {
        return Err("too_long");
    }
    Ok(())
}

async fn session(app: App, mut socket: WebSocket) {
    // 1. The hello frame, within ten seconds.
    let hello = tokio::time::timeout(Duration::from_secs(10), socket.recv()).await;
    let Ok(Some(Ok(WsMessage::Text(text)))) = hello else {
        return;
    };
    let Ok(ClientFrame::Hello { token, after }) = serde_json::from_str::<ClientFrame>(&text) else {
        let _ = socket.send(err_frame("hello_expected")).await;
        return;
    };
    let hash = crate::token_hash(&token);
    let info = match app.db.read(move |c| c.conversation_by_token(&hash)).await {
        Ok(Some(info)) => info,
        Ok(None) => {
            let _ = socket.send(err_frame("unknown_conversation")).await;
            return;
        }
        Err(e) => {
            crate::log(&format!("visitor hello: {e}"));
            let _ = socket.send(err_frame("internal")).await;
            return;
        }
    };
    let id = info.id;
    // 2. Attach first, then read the history: a message committed in between
    //    arrives twice (the client drops a repeated seq), never not at all.
    let (tx, mut rx) = app.hub.connection();
    let attached = app.hub.attach_visitor(
        id,
        tx.clone(),
        app.config.limits.max_connections_per_conversation,
    );
    let history = match app.db.read(move |c| c.messages(id, after.max(0))).await {
        Ok(h) => h,
        Err(_) => {
            app.hub.detach_visitor(id, tx.id);
            return;
        }
    };
    let (mut sink, mut stream) = socket.split();
    let mut first: Vec<String> = history
        .iter()
        .map(|m| {
            let from = match m.from {
                Sender::Visitor => "visitor",
                Sender::Counsellor => "counsellor",
            };
            json!({"t": "msg", "seq": m.seq, "from": from, "cid": m.client_id, "at": m.at, "text": m.text}).to_string()
        })
        .collect();
    let state = match (attached, app.hub.room_state(id)) {
        (true, Some((ConvState::Waiting, _))) => app.hub.waiting_frame(id),
        (true, Some((ConvState::Active, _))) => json!({"t": "state", "state": "active"}),
        _ => json!({"t": "state", "state": "ended", "by": info.ended_by.map(EndedBy::code)}),
    };
    first.push(state.to_string());
    // 3. One task writes to the socket; this one reads from it.
    let writer = tokio::spawn(async move {
        for f in first {
            if sink.send(WsMessage::Text(f.into())).await.is_err() {
                return;
            }
        }
        loop {
            tokio::select! {
                f = rx.rx.recv() => match f {
                    Some(f) => if sink.send(WsMessage::Text(f.as_ref().into())).await.is_err() { return },
                    None => return,
                },
                () = rx.kill.notified() => {
                    let _ = sink.send(WsMessage::Close(None)).await;
                    return;
                }
            }
        }
    });
    if attached {
        read_loop(&app, id, &tx, &mut stream, &writer).await;
        app.hub.detach_visitor(id, tx.id);
    } else {
        // An ended conversation: the history is sent, nothing more can happen.
        tx.close();
    }
    let _ = writer.await;
}

async fn read_loop(
    app: &App,
    id: i64,
    tx: &ConnTx,
    stream: &mut futures_util::stream::SplitStream<WebSocket>,
    writer: &tokio::task::JoinHandle<()>,
) {
    let to_self = |v: serde_json::Value| tx.send(&std::sync::Arc::from(v.to_string()));
    while let Some(Ok(frame)) = stream.next().await {
        if writer.is_finished() {
            break;
        }
        let WsMessage::Text(text) = frame else {
            if matches!(frame, WsMessage::Close(_)) {
                break;
            }
            continue;
        };
        match serde_json::from_str::<ClientFrame>(&text) {
            Ok(ClientFrame::Msg { cid, text }) => {
                if let Err(code) = check_message(app, &cid, &text) {
                    to_self(json!({"t": "error", "code": code, "cid": cid}));
                    continue;
                }
                if app.hub.room_state(id).is_none() {
                    to_self(json!({"t": "error", "code": "ended", "cid": cid}));
                    continue;
                }
                if !app
                    .hub
                    .allow(id, Side::Visitor, app.config.limits.messages_per_minute)
                {
                    to_self(json!({"t": "error", "code": "rate_limited", "cid": cid}));
                    continue;
                }
                let m = NewMessage {
                    conversation_id: id,
                    from: Sender::Visitor,
                    counsellor_id: None,
                    client_id: cid.clone(),
                    at: crate::now_text(),
                    text,
                };
                let hub_app = app.clone();
                let result = app
                    .db
                    .write_one(
                        move |c| {
                            let a = c.append_message(&m)?;
                            Ok((a, m))
                        },
                        move |(a, m)| {
                            if a.new {
                                hub_app.hub.message(id, &stored(a, m));
                            }
                        },
                    )
                    .await;
                match result {
                    Ok((a, m)) if !a.new => {
                        // A re-sent message: acknowledge it to this connection only.
                        let s = stored(&a, &m);
                        to_self(
                            json!({"t": "msg", "seq": s.seq, "from": "visitor", "cid": s.client_id, "at": s.at, "text": s.text}),
                        );
                    }
                    Ok(_) => {}
                    Err(e) => {
                        crate::log(&format!("visitor message not stored: {e}"));
                        to_self(json!({"t": "error", "code": "not_stored", "cid": cid}));
                    }
                }
            }
            Ok(ClientFrame::End) => {
                let hub_app = app.clone();
                let now = crate::now_text();
                let _ = app
                    .db
                    .write(
                        move |c| c.end(id, EndedBy::Visitor, None, &now),
                        move |ended| {
                            if *ended {
                                hub_app.hub.ended(id, EndedBy::Visitor);
                            }
                        },
                    )
                    .await;
            }
            Ok(ClientFrame::Typing) => app.hub.typing(id, Side::Visitor),
            Ok(ClientFrame::Hello { .. }) | Err(_) => {
                to_self(json!({"t": "error", "code": "bad_frame"}))
            }
        }
    }
}

/// The stored form of an appended message.
pub fn stored(a: &zicht_store::Appended, m: &NewMessage) -> zicht_store::StoredMessage {
    zicht_store::StoredMessage {
        seq: a.seq,
        from: m.from,
        counsellor_id: m.counsellor_id,
        client_id: m.client_id.clone(),
        at: a.at.clone(),
        text: m.text.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_checked() {
        assert_eq!(
            check_username("  zonne   bloem22 "),
            Ok("zonne bloem22".into())
        );
        assert_eq!(check_username(""), Err("username_required"));
        assert_eq!(check_username("a"), Err("username_length"));
        assert_eq!(check_username("me@example.nl"), Err("username_chars"));
        assert_eq!(check_username("0612345678"), Err("username_letter"));
        assert_eq!(check_username("bel0612345678"), Err("username_number"));
        assert_eq!(check_username("<script>"), Err("username_chars"));
        assert_eq!(check_username("Zoë"), Ok("Zoë".into()));
    }

    #[test]
    fn age_and_gender_may_stay_empty() {
        assert_eq!(check_age(""), Ok(None));
        assert_eq!(check_age("15"), Ok(Some(15)));
        assert_eq!(check_age("150"), Err("age_invalid"));
        assert_eq!(check_age("vijftien"), Err("age_invalid"));
        assert_eq!(check_gender(""), Ok(None));
        assert_eq!(check_gender("vrouw"), Ok(Some(Gender::Female)));
        assert_eq!(check_gender("neutraal"), Ok(Some(Gender::Neutral)));
        assert_eq!(check_gender("x"), Err("gender_invalid"));
    }
}
