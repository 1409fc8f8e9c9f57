//! The visitor side: the chat page per channel, the intake, and the visitor's WebSocket.
//!
//! Protocol (JSON text frames). The client opens `/chat/ws` and first sends
//! `{"t":"hello","token":T,"after":N}` (N = the last `seq` it has seen, 0 at
//! first). The server answers with every message after N and the state
//! (`{"t":"state","state":"waiting","position":3,"estimate":240,"nobody":false}`: the
//! place in the queue of its own channel, the estimated wait in seconds or null (the
//! console shows the same number), and whether no counsellor is available now, the one
//! bit of the counsellors' presence a visitor learns (`hub::STAFF_GRACE`);
//! `active`; `ended` with `by`). The
//! client sends `{"t":"msg","cid":C,"text":..}`; once committed, the message
//! comes back to every connection of the conversation as
//! `{"t":"msg","seq":S,"from":..,"cid":C,"at":..,"text":..}` — that echo is the
//! acknowledgement. A client re-sends unacknowledged messages with the same
//! `cid` after a reconnect; the store keeps one copy. `{"t":"end"}` ends it
//! (`ended_by` visitor); the quick exit sends `{"t":"exit"}` (`quick_exit`),
//! so the visitor leaves the queue at once and the counsellor can tell the two
//! apart. `{"t":"typing"}` goes both ways; `{"t":"ping"}` is answered with
//! `{"t":"pong"}` (the page notices a silent network drop by a missing pong);
//! `{"t":"transferred"}` tells the visitor another counsellor continues;
//! `{"t":"away"}` (the page is closing) shortens the grace to `hub::LEFT_GRACE`. A visitor whose last connection closes is
//! marked gone at once; a waiting one keeps the place for
//! `limits.abandoned_grace_seconds`, then the conversation ends (`by: system`).

use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use serde_json::json;
use zicht_store::{EndedBy, Gender, NewConversation, NewMessage, Sender, State as ConvState};

use crate::hub::{ConnTx, Side};
use crate::{ApiError, App, pages, wsconn};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/chat/ws", get(ws))
        .route("/chat/challenge", get(challenge))
        .route("/chat/{channel}", get(page))
        .route("/chat/{channel}/start", post(start))
}

async fn page(State(app): State<App>, Path(channel): Path<String>) -> Response {
    match app.config.channel(&channel) {
        None => (StatusCode::NOT_FOUND, pages::not_found()).into_response(),
        Some(ch) => {
            let now = jiff::Timestamp::now().to_zoned_datetime(app.config.tz());
            let open = ch.hours.is_open(&now);
            // When this chat is closed, the channels that are open now.
            let others: Vec<&crate::config::Channel> = app
                .config
                .channels
                .iter()
                .filter(|c| c.code != ch.code && c.hours.is_open(&now))
                .collect();
            Html(pages::chat(&app.config, ch, open, &others)).into_response()
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
    /// The solved challenge (see `intake`).
    #[serde(default)]
    pub pow: Option<crate::intake::Solution>,
}

/// A fresh challenge for the intake: `{"challenge": C, "bits": B}` (`bits` 0: no work asked).
async fn challenge(State(app): State<App>) -> Response {
    match crate::buckets::challenge(&app).await {
        Some((challenge, bits)) => Json(json!({"challenge": challenge, "bits": bits})),
        None => Json(json!({"challenge": "", "bits": 0})),
    }
    .into_response()
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
    if !crate::security::same_origin(&headers, app.config.secure_cookies) {
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
    match crate::buckets::admit(&app, intake.pow.as_ref()).await {
        Ok(()) => {}
        Err(crate::intake::Refused::Challenge(code)) => {
            return Err(ApiError::new(StatusCode::FORBIDDEN, code));
        }
        Err(crate::intake::Refused::Busy(wait)) => {
            let secs = wait.as_secs().max(1);
            return Ok((
                StatusCode::TOO_MANY_REQUESTS,
                [(axum::http::header::RETRY_AFTER, secs.to_string())],
                Json(json!({"error": "busy", "retry_after": secs})),
            )
                .into_response());
        }
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
                let id = crate::fanout::create(c, &new)?;
                c.conversation_by_id(id)?
                    .ok_or_else(|| zicht_store::StoreError::NoConversation(new.public_id.clone()))
            },
            move |info| hub_app.hub.open_new(info),
        )
        .await?;
    Ok(Json(json!({"token": token})).into_response())
}

/// Detaches a visitor connection; with none left here, the other instances hear it.
fn detach(app: &App, id: i64, conn: u64) {
    app.hub.detach_visitor(id, conn);
    if app.hub.local_visitors(id) == 0 {
        crate::fanout::notify_now(
            app,
            crate::fanout::Event::Visitor {
                conv: id,
                online: false,
            },
        );
    }
}

/// A frame a visitor's client sends.
#[derive(Debug, Deserialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum ClientFrame {
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
    /// The quick exit: ends the conversation as `quick_exit`.
    Exit,
    /// The visitor is typing.
    Typing,
    /// Is the connection alive? Answered with `pong`.
    Ping,
    /// The page is closing (`pagehide`): unless it comes back at once (a
    /// reload), the conversation ends soon rather than after the full grace.
    Away,
}

/// Largest WebSocket frame accepted: the message limit in UTF-8 plus the envelope.
pub fn max_frame_bytes(app: &App) -> usize {
    app.config.limits.max_message_chars * 4 + 1024
}

async fn ws(State(app): State<App>, headers: HeaderMap, upgrade: WebSocketUpgrade) -> Response {
    if !crate::security::same_origin(&headers, app.config.secure_cookies) {
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

/// Reads a visitor's text frame, and checks a message in it as the session does
/// (`max_chars` the message limit); the error code names the problem. This is
/// all the session does with a frame's text before the store, so the fuzz
/// target `frames` runs exactly this.
pub fn parse_frame(text: &str, max_chars: usize) -> Result<ClientFrame, &'static str> {
    let frame = serde_json::from_str::<ClientFrame>(text).map_err(|_| "bad_frame")?;
    if let ClientFrame::Msg { cid, text } = &frame {
        check_text(cid, text, max_chars)?;
    }
    Ok(frame)
}

/// Checks a message text and client id; the code names the problem.
pub fn check_message(app: &App, cid: &str, text: &str) -> Result<(), &'static str> {
    check_text(cid, text, app.config.limits.max_message_chars)
}

/// [`check_message`] without the server: `max_chars` is the message limit.
pub fn check_text(cid: &str, text: &str, max_chars: usize) -> Result<(), &'static str> {
    if cid.is_empty() || cid.len() > 64 {
        return Err("bad_cid");
    }
    if text.trim().is_empty() {
        return Err("empty");
    }
    if text.chars().count() > max_chars {
        return Err("too_long");
    }
    Ok(())
}

async fn session(app: App, socket: WebSocket) {
    let (mut sink, mut stream) = socket.split();
    // 1. The hello frame, within ten seconds.
    let hello = match wsconn::next_text(&mut stream, Duration::from_secs(10)).await {
        wsconn::Next::Text(t) => t,
        wsconn::Next::End(close) => {
            let _ = sink.send(WsMessage::Close(close)).await;
            return;
        }
    };
    let goodbye = |code: &str| vec![err_frame(code)];
    let Ok(ClientFrame::Hello { token, after }) = serde_json::from_str::<ClientFrame>(&hello)
    else {
        return refuse(sink, goodbye("hello_expected")).await;
    };
    let hash = crate::token_hash(&token);
    let info = match app.db.read(move |c| c.conversation_by_token(&hash)).await {
        Ok(Some(info)) => info,
        Ok(None) => return refuse(sink, goodbye("unknown_conversation")).await,
        Err(e) => {
            crate::log(&format!("visitor hello: {e}"));
            return refuse(sink, goodbye("internal")).await;
        }
    };
    let id = info.id;
    // 2. Attach first, then read the history: a message committed in between
    //    arrives twice (the client drops a repeated seq), never not at all.
    let (tx, rx) = app.hub.connection();
    if app.db.store().is_postgres()
        && info.state != ConvState::Ended
        && app.hub.room_state(id).is_none()
    {
        // Opened on another instance a moment ago: its event may still be on its way.
        app.hub.open(&info);
    }
    let attached = app.hub.attach_visitor(
        id,
        tx.clone(),
        app.config.limits.max_connections_per_conversation,
    );
    if attached {
        crate::fanout::notify_now(
            &app,
            crate::fanout::Event::Visitor {
                conv: id,
                online: true,
            },
        );
    }
    let history = match app
        .db
        .read(move |c| c.messages(id, after.max(0), zicht_store::Reader::Visitor))
        .await
    {
        Ok(h) => h,
        Err(_) => {
            detach(&app, id, tx.id);
            return refuse(sink, goodbye("internal")).await;
        }
    };
    let mut first: Vec<String> = history
        .iter()
        .map(|m| crate::hub::visitor_msg(m).to_string())
        .collect();
    let state = match (attached, app.hub.room_state(id)) {
        (true, Some((ConvState::Waiting, _))) => app.hub.waiting_frame(id),
        (true, Some((ConvState::Active, _))) => {
            json!({"t": "state", "state": "active", "formal": app.hub.formal(id)})
        }
        _ => json!({"t": "state", "state": "ended", "by": info.ended_by.map(EndedBy::code)}),
    };
    first.push(state.to_string());
    // 3. One task writes to the socket; this one reads from it. Every path
    //    ends with `finish`, which closes the socket and frees its slot.
    let writer = wsconn::Writer::spawn(sink, first, rx, app.config.limits.visitor_ping());
    let close = if attached {
        let close = read_loop(&app, id, &tx, &mut stream, &writer).await;
        detach(&app, id, tx.id);
        close
    } else {
        // An ended conversation: the history is sent, nothing more can happen.
        Some(CloseFrame {
            code: wsconn::NORMAL,
            reason: "ended".into(),
        })
    };
    // Stop the writer before the last sender goes, so that it sends this close frame.
    writer.finish(close).await;
    drop(tx);
}

/// Sends `frames` and a close frame, then drops the socket.
async fn refuse(mut sink: SplitSink<WebSocket, WsMessage>, frames: Vec<WsMessage>) {
    let _ = tokio::time::timeout(Duration::from_secs(5), async {
        for f in frames {
            let _ = sink.send(f).await;
        }
        let _ = sink
            .send(WsMessage::Close(Some(CloseFrame {
                code: wsconn::PROTOCOL,
                reason: "".into(),
            })))
            .await;
        let _ = sink.close().await;
    })
    .await;
}

/// Reads the visitor's frames until the session ends; returns the close frame to send.
async fn read_loop(
    app: &App,
    id: i64,
    tx: &ConnTx,
    stream: &mut SplitStream<WebSocket>,
    writer: &wsconn::Writer,
) -> Option<CloseFrame> {
    let to_self = |v: serde_json::Value| tx.send(&std::sync::Arc::from(v.to_string()));
    loop {
        let text = match wsconn::next_text(stream, app.config.limits.visitor_idle()).await {
            wsconn::Next::Text(t) => t,
            wsconn::Next::End(close) => return close,
        };
        if writer.is_finished() {
            return None;
        }
        match serde_json::from_str::<ClientFrame>(&text) {
            Ok(ClientFrame::Msg { cid, text }) => {
                if let Err(code) = check_message(app, &cid, &text) {
                    to_self(json!({"t": "error", "code": code, "cid": cid}));
                    continue;
                }
                let waiting = match app.hub.room_state(id) {
                    None => {
                        to_self(json!({"t": "error", "code": "ended", "cid": cid}));
                        continue;
                    }
                    Some((s, _)) => s == ConvState::Waiting,
                };
                // Fresh conversations must not multiply the limit: messages
                // while waiting also take from one bucket for all of them.
                let Some(takes) = crate::buckets::message(app, id, Side::Visitor, waiting) else {
                    to_self(json!({"t": "error", "code": "rate_limited", "cid": cid}));
                    continue;
                };
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
                            let a = crate::fanout::append(c, &m, &takes)?;
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
                        to_self(crate::hub::visitor_msg(&stored(&a, &m)));
                    }
                    Ok(_) => {}
                    Err(crate::db::DbError::Store(zicht_store::StoreError::RateLimited)) => {
                        to_self(json!({"t": "error", "code": "rate_limited", "cid": cid}));
                    }
                    Err(e) => {
                        crate::log(&format!("visitor message not stored: {e}"));
                        to_self(json!({"t": "error", "code": "not_stored", "cid": cid}));
                    }
                }
            }
            Ok(f @ (ClientFrame::End | ClientFrame::Exit)) => {
                let by = if matches!(f, ClientFrame::Exit) {
                    EndedBy::QuickExit
                } else {
                    EndedBy::Visitor
                };
                let hub_app = app.clone();
                let now = crate::now_text();
                let _ = app
                    .db
                    .write(
                        move |c| crate::fanout::end(c, id, by, None, &now),
                        move |ended| {
                            if *ended {
                                hub_app.hub.ended(id, by);
                            }
                        },
                    )
                    .await;
            }
            Ok(ClientFrame::Typing) => {
                if app.hub.typing(id, Side::Visitor) {
                    crate::fanout::notify_now(
                        app,
                        crate::fanout::Event::Typing {
                            conv: id,
                            staff: false,
                        },
                    );
                }
            }
            Ok(ClientFrame::Ping) => to_self(json!({"t": "pong"})),
            Ok(ClientFrame::Away) => app.hub.away(id),
            Ok(ClientFrame::Hello { .. }) | Err(_) => {
                to_self(json!({"t": "error", "code": "bad_frame"}))
            }
        }
    }
}

/// The stored form of an appended message (for a repeat: the first copy's text).
pub fn stored(a: &zicht_store::Appended, m: &NewMessage) -> zicht_store::StoredMessage {
    zicht_store::StoredMessage {
        seq: a.seq,
        from: m.from,
        counsellor_id: m.counsellor_id,
        client_id: m.client_id.clone(),
        at: a.at.clone(),
        text: a.text.clone(),
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
