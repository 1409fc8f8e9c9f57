//! The counsellor console: login, roles on every route, CSRF, the queue, taking and transferring
//! conversations, the registration panel (also of her chats closed in the last day), and the
//! counsellor's WebSocket.
//!
//! Every route names the roles it admits ([`STAFF`], [`ADMIN`]); [`auth`] checks
//! the session cookie, the role and, for every POST, the CSRF token (header
//! `x-csrf-token`) and the `Origin`. The counsellor's WebSocket carries messages:
//! in `{"t":"msg","conv":C,"cid":..,"text":..}`, `{"t":"resume","after":{C:seq}}`,
//! `{"t":"typing","conv":C}`, `{"t":"address","conv":C,"formal":bool}` (how the visitor's page
//! addresses the visitor, "je" or "u": kept in the hub for the chat's life, never stored),
//! and for admins `{"t":"watch"|"unwatch","conv":C}`
//! (reading along, each start recorded in the audit as `supervisor`), `{"t":"ping"}`
//! (answered `pong`); out `msg` (with `by`/`by_name`: the counsellor who wrote it),
//! `assigned`, `unassigned`, `ended`, `presence`, `typing`, `offer`, `declined`,
//! `watching`, `supervisors` (how many read along in an own conversation),
//! `notes` (the stored transfer notes and the handovers, each `{at, from, to, to_id}`) and `queue` (the queue changed: reload
//! it) frames (see `hub`). Transfers are cold (at once) or warm (the colleague
//! reads along and accepts); either way the new counsellor gets the whole
//! transcript and every note, which the store keeps sealed (`transfer_with_note`).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::StreamExt;
use serde::Deserialize;
use serde_json::json;
use zicht_store::{EndedBy, NewMessage, Registration, Role, Sender, Session, State as ConvState};

use crate::hub::Side;
use crate::security::{same_origin, set_staff_cookie, staff_cookie};
use crate::{ApiError, App, pages};

/// Roles that work in the console.
pub const STAFF: &[Role] = &[Role::Counsellor, Role::Admin];
/// Roles that manage accounts.
pub const ADMIN: &[Role] = &[Role::Admin];

/// Each channel's queue figures with whether it is open now and, when closed, when it opens
/// again (days ahead, weekday with Monday 0, "HH:MM"): the console says "gesloten" as the
/// visitors' page does (walk-console17, finding 6).
fn with_hours(app: &App, mut stats: Vec<serde_json::Value>) -> Vec<serde_json::Value> {
    let now = jiff::Timestamp::now().to_zoned_datetime(app.config.tz());
    for s in &mut stats {
        let Some(ch) = s["channel"].as_str().and_then(|c| app.config.channel(c)) else {
            continue;
        };
        let open = ch.hours.is_open(&now);
        s["open"] = json!(open);
        if !open && let Some((ahead, day, at)) = ch.hours.next_open(&now) {
            s["opens_in_days"] = json!(ahead);
            s["opens_day"] = json!(day);
            s["opens_at"] = json!(at);
        }
    }
    stats
}

/// Referral codes of the registration panel, with their labels (nl, en).
pub const REFERRALS: &[(&str, &str, &str)] = &[
    ("police_avim", "Politie / AVIM", "Police / AVIM"),
    (
        "kindertelefoon",
        "Kindertelefoon",
        "Kindertelefoon (child helpline)",
    ),
    (
        "veilig_thuis",
        "Veilig Thuis",
        "Veilig Thuis (domestic abuse)",
    ),
    ("csg", "Centrum Seksueel Geweld", "Sexual violence centre"),
    ("gp", "Huisarts", "GP"),
    ("other", "Anders", "Other"),
];

pub fn routes() -> Router<App> {
    Router::new()
        .route("/console", get(console_page))
        .route("/console/ws", get(ws))
        .route("/console/api/login", post(login))
        .route("/console/api/logout", post(logout))
        .route("/console/api/state", get(state))
        .route("/console/api/take", post(take))
        .route("/console/api/transfer", post(transfer))
        .route("/console/api/transfer/accept", post(accept_transfer))
        .route("/console/api/transfer/decline", post(decline_transfer))
        .route("/console/api/end", post(end))
        .route("/console/api/clear-abandoned", post(clear_abandoned))
        .route(
            "/console/api/registration/{conv}",
            get(get_registration).post(save_registration),
        )
        .route("/console/api/closed", get(closed))
        .route(
            "/console/api/closed/{conv}/transcript",
            get(closed_transcript),
        )
        .route("/console/api/users", get(users))
        .route("/console/api/assist/{conv}", get(crate::assist::assist))
        .route(
            "/console/api/assist/{conv}/decision",
            post(crate::assist::decide),
        )
}

/// The session behind the request, checked against `roles` (and CSRF for a POST).
pub async fn auth(
    app: &App,
    headers: &HeaderMap,
    roles: &[Role],
    post: bool,
) -> Result<Session, ApiError> {
    let Some(token) = staff_cookie(headers) else {
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "login_required"));
    };
    let hash = crate::token_hash(&token);
    let now = crate::now_text();
    let session = app
        .db
        .read(move |c| c.session(&hash, &now))
        .await?
        .ok_or(ApiError::new(StatusCode::UNAUTHORIZED, "login_required"))?;
    if !roles.contains(&session.user.role) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden"));
    }
    if post {
        let sent = headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !same_origin(headers, app.config.secure_cookies)
            || !constant_time_eq(sent.as_bytes(), session.csrf.as_bytes())
        {
            return Err(ApiError::new(StatusCode::FORBIDDEN, "csrf"));
        }
    }
    Ok(session)
}

pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn console_page(State(app): State<App>, headers: HeaderMap) -> Response {
    match auth(&app, &headers, STAFF, false).await {
        Ok(s) => Html(pages::console(&app.config, &s)).into_response(),
        Err(e) if e.status == StatusCode::FORBIDDEN => {
            (StatusCode::FORBIDDEN, pages::forbidden()).into_response()
        }
        Err(e) if e.status == StatusCode::UNAUTHORIZED => Html(pages::login()).into_response(),
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
struct Login {
    name: String,
    password: String,
}

async fn login(
    State(app): State<App>,
    headers: HeaderMap,
    Json(form): Json<Login>,
) -> Result<Response, ApiError> {
    if !same_origin(&headers, app.config.secure_cookies) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "csrf"));
    }
    let name = form.name.trim().to_string();
    if name.chars().count() > crate::login_guard::MAX_NAME_CHARS || form.password.len() > 4096 {
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "bad_login"));
    }
    let lookup = name.clone();
    let user = app.db.read(move |c| c.user_by_name(&lookup)).await?;
    if app.db.store().is_postgres()
        && let Some(id) = user.as_ref().map(|u| u.id)
    {
        // Failures another instance counted for this account.
        let rows = app.db.read(|c| c.login_throttle()).await?;
        if let Some((_, failures, at)) = rows.into_iter().find(|r| r.0 == id) {
            let ago = at
                .parse::<jiff::Timestamp>()
                .map(|t| {
                    u64::try_from(jiff::Timestamp::now().duration_since(t).as_secs()).unwrap_or(0)
                })
                .unwrap_or(0);
            app.login.merge(&name, failures, ago);
        }
    }
    let admitted = match crate::buckets::login_attempt(&app).await {
        Err(wait) => Err(wait),
        Ok(()) => match app.login.admit(&name, user.is_some()) {
            crate::login_guard::Admit::Check => Ok(()),
            crate::login_guard::Admit::Wait(wait) => {
                crate::buckets::login_not_failed(&app).await;
                Err(wait)
            }
        },
    };
    if let Err(wait) = admitted {
        let secs = wait.as_secs().max(1);
        return Ok((
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, secs.to_string())],
            Json(json!({"error": "too_many_attempts", "retry_after": secs})),
        )
            .into_response());
    }
    let ok = app
        .login
        .verify(
            form.password,
            user.as_ref().map(|u| u.password_hash.clone()),
        )
        .await;
    let remember = |user_id: i64, failures: u32| {
        // Kept in the store for a restart; not awaited, so that an answer for
        // an account takes as long as one for an unknown name.
        let (db, at) = (app.clone(), crate::now_text());
        tokio::spawn(async move {
            let r = db
                .db
                .write(
                    move |c| c.set_login_throttle(user_id, failures, &at),
                    |_| {},
                )
                .await;
            if let Err(e) = r {
                crate::log(&format!("login throttle not stored: {e}"));
            }
        });
    };
    let user = match user {
        Some(u) if ok => u,
        other => {
            if let Some(u) = other {
                remember(u.id, app.login.failures(&name));
            }
            return Err(ApiError::new(StatusCode::UNAUTHORIZED, "bad_login"));
        }
    };
    if app.login.failures(&name) > 1 {
        remember(user.id, 0);
    }
    app.login.succeeded(&name);
    crate::buckets::login_not_failed(&app).await;
    let token = crate::random_token();
    let csrf = crate::random_token();
    let hours = i64::from(app.config.session_hours.max(1));
    let now = jiff::Timestamp::now();
    let (created, expires) = (
        crate::format_ts(now),
        crate::format_ts(now + jiff::SignedDuration::from_hours(hours)),
    );
    let hash = crate::token_hash(&token);
    let user_id = user.id;
    let csrf_copy = csrf.clone();
    app.db
        .write(
            move |c| c.create_session(&hash, user_id, &csrf_copy, &created, &expires),
            |_| {},
        )
        .await?;
    let cookie = set_staff_cookie(&token, hours * 3600, app.config.secure_cookies);
    Ok((
        [(header::SET_COOKIE, cookie)],
        Json(json!({"name": user.name, "role": user.role.code(), "csrf": csrf})),
    )
        .into_response())
}

async fn logout(State(app): State<App>, headers: HeaderMap) -> Result<Response, ApiError> {
    auth(
        &app,
        &headers,
        &[Role::Counsellor, Role::Researcher, Role::Admin],
        true,
    )
    .await?;
    if let Some(token) = staff_cookie(&headers) {
        let hash = crate::token_hash(&token);
        app.db
            .write(move |c| c.delete_session(&hash), |_| {})
            .await?;
    }
    let cookie = set_staff_cookie("", 0, app.config.secure_cookies);
    Ok(([(header::SET_COOKIE, cookie)], Json(json!({"ok": true}))).into_response())
}

async fn state(State(app): State<App>, headers: HeaderMap) -> Result<Response, ApiError> {
    let s = auth(&app, &headers, STAFF, false).await?;
    let now = jiff::Timestamp::now();
    let online = staff_online(&app).await;
    let colleagues: Vec<_> = app
        .db
        .read(|c| c.users())
        .await?
        .into_iter()
        .filter(|u| STAFF.contains(&u.role))
        .map(|u| json!({"id": u.id, "name": u.name, "online": online.contains(&u.id), "me": u.id == s.user.id}))
        .collect();
    let mine: Vec<_> = app
        .hub
        .assigned_to(s.user.id, now)
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    let channels: Vec<String> = app.config.channels.iter().map(|c| c.code.clone()).collect();
    // The supervisor's view: every open conversation with its counsellor's name.
    let overview = if s.user.role == Role::Admin {
        let names: HashMap<i64, String> = colleagues
            .iter()
            .filter_map(|c| Some((c["id"].as_i64()?, c["name"].as_str()?.to_string())))
            .collect();
        let list: Vec<_> = app
            .hub
            .overview(now)
            .into_iter()
            .map(|mut v| {
                let name = v["counsellor"]
                    .as_i64()
                    .and_then(|id| names.get(&id).cloned());
                v["counsellor_name"] = json!(name);
                v
            })
            .collect();
        Some(list)
    } else {
        None
    };
    Ok(Json(json!({
        "me": {"id": s.user.id, "name": s.user.name, "role": s.user.role.code()},
        "queue": app.hub.queue(now),
        "channels": with_hours(&app, app.hub.channel_stats(&channels)),
        "mine": mine,
        "colleagues": colleagues,
        "overview": overview,
    }))
    .into_response())
}

#[derive(Deserialize)]
struct ConvRef {
    conv: String,
    #[serde(default)]
    to: Option<i64>,
    /// The handover note of a transfer.
    #[serde(default)]
    note: String,
    /// `warm` (the colleague accepts first) or `cold` (at once).
    #[serde(default)]
    mode: String,
    /// A closing message sent just before the end (`end` only; may be empty).
    #[serde(default)]
    message: String,
    /// The closing message's client id.
    #[serde(default)]
    cid: String,
}

/// Longest handover note, in characters.
const MAX_NOTE_CHARS: usize = 1000;

/// The `msg` frames of `conv` (internal id `id`) after `from`, read by the
/// staff member `name` for `purpose` (the store records the read in the audit);
/// each names the counsellor who wrote it and is marked `history`.
async fn staff_read(
    app: &App,
    id: i64,
    from: i64,
    name: String,
    purpose: zicht_store::Purpose,
    conv: &str,
) -> Result<Vec<serde_json::Value>, crate::db::DbError> {
    let (history, names) = app
        .db
        .read(move |c| {
            let history = c.messages(
                id,
                from,
                zicht_store::Reader::Staff {
                    name: &name,
                    purpose,
                },
            )?;
            Ok((history, staff_names(c)?))
        })
        .await?;
    Ok(history
        .iter()
        .map(|m| {
            let by = m
                .counsellor_id
                .and_then(|u| names.get(&u))
                .map(String::as_str);
            let mut v = crate::hub::staff_msg(m, conv, by);
            // Read back, not new: no unread count, no sound.
            v["history"] = json!(true);
            v
        })
        .collect())
}

fn staff_names(c: &zicht_store::Conn) -> Result<HashMap<i64, String>, zicht_store::StoreError> {
    Ok(c.users()?.into_iter().map(|u| (u.id, u.name)).collect())
}

/// The `notes` frame of `conv`: every stored transfer note, oldest first, with
/// the name of the counsellor who wrote it, and every handover (`handovers`: when, from and
/// to whom by name; the stored `transferred` events, no text), which the console shows as a
/// line in the transcript where the chat passed to the colleague (fix45, finding 2).
async fn notes_frame(
    app: &App,
    id: i64,
    conv: &str,
) -> Result<serde_json::Value, crate::db::DbError> {
    let (notes, handovers, names) = app
        .db
        .read(move |c| Ok((c.transfer_notes(id)?, c.transfers(id)?, staff_names(c)?)))
        .await?;
    let name = |u: Option<i64>| u.and_then(|u| names.get(&u).cloned());
    let notes: Vec<_> = notes
        .into_iter()
        .map(|n| json!({"at": n.at, "from": name(n.from), "text": n.note}))
        .collect();
    let handovers: Vec<_> = handovers
        .into_iter()
        .map(|h| json!({"at": h.at, "from": name(h.from), "to": name(h.to), "to_id": h.to}))
        .collect();
    Ok(json!({"t": "notes", "conv": conv, "notes": notes, "handovers": handovers}))
}

/// Sends the whole transcript of `id` and its transfer notes to every console
/// of `user` (after it became theirs, or was offered to them); the read is
/// audited with purpose `console`.
/// The transcript and notes of conversation `id` for `user`'s consoles on
/// this instance (it was transferred to them on another instance).
pub(crate) async fn send_transcript_to(app: &App, user: i64, id: i64) {
    let Some(conv) = app.hub.public_id(id) else {
        return;
    };
    if let Ok(Some(u)) = app.db.read(move |c| c.user(user)).await {
        send_transcript(app, user, u.name, id, conv).await;
    }
}

async fn send_transcript(app: &App, user: i64, user_name: String, id: i64, conv: String) {
    let purpose = zicht_store::Purpose::Console;
    match staff_read(app, id, 0, user_name, purpose, &conv).await {
        Ok(frames) => frames.iter().for_each(|v| app.hub.send_staff(user, v)),
        Err(e) => crate::log(&format!("transcript for the console: {e}")),
    }
    match notes_frame(app, id, &conv).await {
        Ok(v) => app.hub.send_staff(user, &v),
        Err(e) => crate::log(&format!("transfer notes for the console: {e}")),
    }
}

async fn take(
    State(app): State<App>,
    headers: HeaderMap,
    Json(r): Json<ConvRef>,
) -> Result<Response, ApiError> {
    let s = auth(&app, &headers, STAFF, true).await?;
    let id = app
        .hub
        .id_of(&r.conv)
        .ok_or(ApiError::new(StatusCode::NOT_FOUND, "unknown_conversation"))?;
    // A visitor who left is not taken: the counsellor would talk to nobody
    // while someone else waits.
    if app.hub.visitor_left(id) {
        return Err(ApiError::new(StatusCode::CONFLICT, "visitor_gone"));
    }
    let (user, now) = (s.user.id, crate::now_text());
    let hub_app = app.clone();
    let took = app
        .db
        .write(
            move |c| crate::fanout::take(c, id, user, &now),
            move |took| {
                if *took {
                    hub_app.hub.taken(id, user, jiff::Timestamp::now());
                }
            },
        )
        .await?;
    if !took {
        return Err(ApiError::new(StatusCode::CONFLICT, "already_taken"));
    }
    // Whatever the visitor wrote while waiting.
    send_transcript(&app, user, s.user.name.clone(), id, r.conv.clone()).await;
    Ok(Json(json!({"ok": true})).into_response())
}

/// The open conversation `conv` if this session may act on it (its counsellor, or an admin).
fn own_open(app: &App, s: &Session, conv: &str) -> Result<i64, ApiError> {
    let id = app
        .hub
        .id_of(conv)
        .ok_or(ApiError::new(StatusCode::NOT_FOUND, "unknown_conversation"))?;
    match app.hub.room_state(id) {
        Some((ConvState::Active, Some(owner)))
            if owner == s.user.id || s.user.role == Role::Admin =>
        {
            Ok(id)
        }
        Some((ConvState::Active, _)) => Err(ApiError::new(StatusCode::FORBIDDEN, "not_yours")),
        _ => Err(ApiError::new(StatusCode::CONFLICT, "not_active")),
    }
}

async fn transfer(
    State(app): State<App>,
    headers: HeaderMap,
    Json(r): Json<ConvRef>,
) -> Result<Response, ApiError> {
    let s = auth(&app, &headers, STAFF, true).await?;
    let id = own_open(&app, &s, &r.conv)?;
    let to =
        r.to.ok_or(ApiError::new(StatusCode::BAD_REQUEST, "no_colleague"))?;
    let target = app.db.read(move |c| c.user(to)).await?;
    let Some(target) = target.filter(|u| STAFF.contains(&u.role)) else {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "no_colleague"));
    };
    let from = app
        .hub
        .room_state(id)
        .and_then(|(_, o)| o)
        .unwrap_or(s.user.id);
    if to == from {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "no_colleague"));
    }
    let note = r.note.trim().to_string();
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "too_long"));
    }
    if r.mode == "warm" {
        if !staff_online(&app).await.contains(&to) {
            return Err(ApiError::new(StatusCode::CONFLICT, "colleague_offline"));
        }
        let offer = crate::hub::Offer {
            from,
            from_name: s.user.name.clone(),
            to,
            note,
        };
        if !make_offer(&app, id, offer).await? {
            return Err(ApiError::new(StatusCode::CONFLICT, "not_active"));
        }
        // The colleague reads the whole transcript before accepting (on
        // another instance: that one sends it when the offer reaches it).
        if app.hub.online_staff().contains(&to) {
            send_transcript(&app, to, target.name, id, r.conv).await;
        }
        return Ok(Json(json!({"ok": true, "offered": true})).into_response());
    }
    move_to(&app, id, (from, s.user.id), target, note, r.conv).await?;
    Ok(Json(json!({"ok": true})).into_response())
}

/// Moves an active conversation from `from` to `target` (after the commit the
/// new counsellor gets it with its whole transcript and the note).
async fn move_to(
    app: &App,
    id: i64,
    (from, by): (i64, i64),
    target: zicht_store::User,
    note: String,
    conv: String,
) -> Result<(), ApiError> {
    let (to, now) = (target.id, crate::now_text());
    let hub_app = app.clone();
    let moved = app
        .db
        .write(
            move |c| crate::fanout::transfer(c, id, (by, to), &note, &now),
            move |moved| {
                if *moved {
                    hub_app
                        .hub
                        .transferred(id, from, to, jiff::Timestamp::now());
                }
            },
        )
        .await?;
    if !moved {
        return Err(ApiError::new(StatusCode::CONFLICT, "not_active"));
    }
    send_transcript(app, to, target.name, id, conv).await;
    Ok(())
}

/// Makes a warm transfer's offer: in the hub, and on PostgreSQL first in
/// the store (sealed note) with an event, so the colleague's console may be
/// on any instance. False when the conversation is not active (or no
/// longer its counsellor's).
async fn make_offer(app: &App, id: i64, offer: crate::hub::Offer) -> Result<bool, ApiError> {
    if !app.db.store().is_postgres() {
        return Ok(app.hub.offer(id, offer, jiff::Timestamp::now()));
    }
    let stored = zicht_store::StoredOffer {
        conversation_id: id,
        from: offer.from,
        to: offer.to,
        note: offer.note.clone(),
    };
    let hub_app = app.clone();
    let made = app
        .db
        .write(
            move |c| crate::fanout::offer(c, &stored),
            move |made| {
                if *made {
                    hub_app.hub.offer(id, offer, jiff::Timestamp::now());
                }
            },
        )
        .await?;
    Ok(made)
}

/// The colleague's answer to a warm transfer on PostgreSQL: the offer is
/// taken from the store (whichever instance made it); `None` when there was
/// none for them.
async fn answer_offer(
    app: &App,
    id: i64,
    s: &Session,
    accept: bool,
) -> Result<Option<zicht_store::StoredOffer>, ApiError> {
    let (me, name, now) = (s.user.id, s.user.name.clone(), crate::now_text());
    let hub_app = app.clone();
    let answered = app
        .db
        .write(
            move |c| crate::fanout::answer_offer(c, id, me, accept, &now),
            move |answered| {
                if let Some(offer) = answered {
                    if accept {
                        hub_app
                            .hub
                            .transferred(id, offer.from, me, jiff::Timestamp::now());
                    } else {
                        hub_app.hub.decline(id, me, &name);
                    }
                }
            },
        )
        .await?;
    Ok(answered)
}

/// The colleague accepts a warm transfer offered to them.
async fn accept_transfer(
    State(app): State<App>,
    headers: HeaderMap,
    Json(r): Json<ConvRef>,
) -> Result<Response, ApiError> {
    let s = auth(&app, &headers, STAFF, true).await?;
    let id = app
        .hub
        .id_of(&r.conv)
        .ok_or(ApiError::new(StatusCode::NOT_FOUND, "unknown_conversation"))?;
    if app.db.store().is_postgres() {
        if answer_offer(&app, id, &s, true).await?.is_none() {
            return Err(ApiError::new(StatusCode::CONFLICT, "no_offer"));
        }
        send_transcript(&app, s.user.id, s.user.name.clone(), id, r.conv).await;
        return Ok(Json(json!({"ok": true})).into_response());
    }
    let offer = app
        .hub
        .offer_to(id, s.user.id)
        .ok_or(ApiError::new(StatusCode::CONFLICT, "no_offer"))?;
    move_to(
        &app,
        id,
        (offer.from, offer.from),
        s.user.clone(),
        offer.note,
        r.conv,
    )
    .await?;
    Ok(Json(json!({"ok": true})).into_response())
}

/// The colleague declines a warm transfer; the conversation stays where it was.
async fn decline_transfer(
    State(app): State<App>,
    headers: HeaderMap,
    Json(r): Json<ConvRef>,
) -> Result<Response, ApiError> {
    let s = auth(&app, &headers, STAFF, true).await?;
    let id = app
        .hub
        .id_of(&r.conv)
        .ok_or(ApiError::new(StatusCode::NOT_FOUND, "unknown_conversation"))?;
    let declined = if app.db.store().is_postgres() {
        answer_offer(&app, id, &s, false).await?.is_some()
    } else {
        app.hub.decline(id, s.user.id, &s.user.name)
    };
    if !declined {
        return Err(ApiError::new(StatusCode::CONFLICT, "no_offer"));
    }
    Ok(Json(json!({"ok": true})).into_response())
}

/// Ends every waiting conversation whose visitor is gone now (without waiting
/// for the grace period).
async fn clear_abandoned(State(app): State<App>, headers: HeaderMap) -> Result<Response, ApiError> {
    auth(&app, &headers, STAFF, true).await?;
    let gone = app.hub.abandoned(Duration::ZERO);
    let n = crate::end_abandoned(&app, gone).await?;
    Ok(Json(json!({"ok": true, "cleared": n})).into_response())
}

async fn end(
    State(app): State<App>,
    headers: HeaderMap,
    Json(r): Json<ConvRef>,
) -> Result<Response, ApiError> {
    let s = auth(&app, &headers, STAFF, true).await?;
    let id = own_open(&app, &s, &r.conv)?;
    let (user, now) = (s.user.id, crate::now_text());
    // The closing message, if any, is stored and delivered before the end.
    let closing = if r.message.trim().is_empty() {
        None
    } else {
        let cid = if r.cid.is_empty() {
            crate::random_token()[..16].to_string()
        } else {
            r.cid.clone()
        };
        crate::visitor::check_message(&app, &cid, &r.message)
            .map_err(|c| ApiError::new(StatusCode::BAD_REQUEST, c))?;
        Some(NewMessage {
            conversation_id: id,
            from: Sender::Counsellor,
            counsellor_id: Some(user),
            client_id: cid,
            at: now.clone(),
            text: r.message.trim().to_string(),
        })
    };
    let hub_app = app.clone();
    app.db
        .write(
            move |c| {
                let sent = match closing {
                    Some(m) => Some((crate::fanout::append(c, &m, &[])?, m)),
                    None => None,
                };
                Ok((
                    sent,
                    crate::fanout::end(c, id, EndedBy::Counsellor, Some(user), &now)?,
                ))
            },
            move |(sent, ended)| {
                if let Some((a, m)) = sent
                    && a.new
                {
                    hub_app.hub.message(id, &crate::visitor::stored(a, m));
                }
                if *ended {
                    hub_app.hub.ended(id, EndedBy::Counsellor);
                }
            },
        )
        .await?;
    Ok(Json(json!({"ok": true})).into_response())
}

/// The conversation `conv` from the store if this session may register it
/// (its counsellor, also after it ended, or an admin).
pub(crate) async fn registrable(app: &App, s: &Session, conv: String) -> Result<i64, ApiError> {
    let info = app
        .db
        .read(move |c| c.conversation(&conv))
        .await?
        .ok_or(ApiError::new(StatusCode::NOT_FOUND, "unknown_conversation"))?;
    if info.counsellor_id == Some(s.user.id) || s.user.role == Role::Admin {
        Ok(info.id)
    } else {
        Err(ApiError::new(StatusCode::FORBIDDEN, "not_yours"))
    }
}

async fn get_registration(
    State(app): State<App>,
    headers: HeaderMap,
    Path(conv): Path<String>,
) -> Result<Response, ApiError> {
    let s = auth(&app, &headers, STAFF, false).await?;
    let id = registrable(&app, &s, conv).await?;
    let reg = app
        .db
        .read(move |c| c.registration(id))
        .await?
        .unwrap_or_default();
    Ok(Json(reg).into_response())
}

/// The oldest victim's age the registration takes (the counsellor's field "Leeftijd
/// slachtoffer"; within the codebook's own range of its age variable).
pub const MAX_VICTIM_AGE: u32 = 99;

/// The registration's two fields from the codebook, when the chat tells them: the victim's
/// age (the analysis' age variable) and the form of exploitation (the code variable the
/// analysis' populations are split by), walked from the codebook, never named in code. The
/// console shows the variables' and codes' labels, never a code.
pub struct VictimFields {
    /// The age variable's label and its range, narrowed to 0..=[`MAX_VICTIM_AGE`].
    pub age_label: zicht_codebook::Text,
    pub age_min: u32,
    pub age_max: u32,
    /// The form of exploitation: its label and codes (code, nl, en).
    pub exploitation_label: zicht_codebook::Text,
    pub exploitation_codes: Vec<(String, String, String)>,
}

/// [`VictimFields`] of the embedded codebook (the one the research side uses), built once;
/// `None` when the codebook has no such variables (then the console shows no such fields).
pub fn victim_fields() -> Option<&'static VictimFields> {
    static F: std::sync::OnceLock<Option<VictimFields>> = std::sync::OnceLock::new();
    F.get_or_init(|| {
        let book = zicht_codebook::Codebook::embedded().ok()?;
        let age = book
            .variables
            .iter()
            .find(|v| v.name == book.analysis.age)?;
        let split = book
            .analysis
            .populations
            .iter()
            .find_map(|p| p.filter.as_ref())?;
        let form = book
            .variables
            .iter()
            .find(|v| v.name == split.variable && v.kind == zicht_codebook::Kind::Code)?;
        let age_min = u32::try_from(age.min.unwrap_or(0).max(0)).ok()?;
        let age_max = age
            .max
            .and_then(|m| u32::try_from(m).ok())
            .map_or(MAX_VICTIM_AGE, |m| m.min(MAX_VICTIM_AGE));
        Some(VictimFields {
            age_label: age.label.clone(),
            age_min,
            age_max,
            exploitation_label: form.label.clone(),
            exploitation_codes: form
                .codes
                .iter()
                .map(|c| (c.code.clone(), c.nl.clone(), c.en.clone()))
                .collect(),
        })
    })
    .as_ref()
}

/// The labels (nl, en) of a form of exploitation's code, for the closed chats' list.
fn exploitation_labels(code: &str) -> Option<serde_json::Value> {
    let (_, nl, en) = victim_fields()?
        .exploitation_codes
        .iter()
        .find(|(c, _, _)| c == code)?;
    Some(json!({"nl": nl, "en": en}))
}

/// Checks a registration against the configured categories, the referral codes, and the
/// victim's age and form of exploitation against the codebook.
pub fn check_registration(app: &App, reg: &Registration) -> Result<(), &'static str> {
    if !reg
        .categories
        .iter()
        .all(|c| app.config.categories.iter().any(|k| &k.code == c))
    {
        return Err("unknown_category");
    }
    if !reg
        .referrals
        .iter()
        .all(|r| REFERRALS.iter().any(|(code, _, _)| code == r))
    {
        return Err("unknown_referral");
    }
    if reg.notes.chars().count() > 10_000 || reg.referral_other.chars().count() > 500 {
        return Err("too_long");
    }
    if reg.victim_age.is_some() || reg.exploitation.is_some() {
        let Some(f) = victim_fields() else {
            return Err("unknown_field");
        };
        if reg
            .victim_age
            .is_some_and(|a| a < f.age_min || a > f.age_max)
        {
            return Err("bad_victim_age");
        }
        if let Some(e) = &reg.exploitation
            && !f.exploitation_codes.iter().any(|(c, _, _)| c == e)
        {
            return Err("unknown_exploitation");
        }
    }
    Ok(())
}

async fn save_registration(
    State(app): State<App>,
    headers: HeaderMap,
    Path(conv): Path<String>,
    Json(reg): Json<Registration>,
) -> Result<Response, ApiError> {
    let s = auth(&app, &headers, STAFF, true).await?;
    let id = registrable(&app, &s, conv).await?;
    check_registration(&app, &reg).map_err(|c| ApiError::new(StatusCode::BAD_REQUEST, c))?;
    let (user, now) = (s.user.id, crate::now_text());
    app.db
        .write(move |c| c.save_registration(id, &reg, user, &now), |_| {})
        .await?;
    Ok(Json(json!({"ok": true})).into_response())
}

/// How far back "Gesloten gesprekken" reaches: this shift and the one before.
const CLOSED_HOURS: i64 = 24;

/// `GET /console/api/closed`: the counsellor's own conversations that ended in the last
/// [`CLOSED_HOURS`], newest first, with whether each has a registration, so that she can check
/// or correct it (through the registration routes: a correction is recorded as a save, with
/// who and when), and whether a saved one left the trafficking flag on "nog niet bekend"
/// (`undecided`, from the registration alone). No transcript: that stays behind the audited
/// read paths.
async fn closed(State(app): State<App>, headers: HeaderMap) -> Result<Response, ApiError> {
    let s = auth(&app, &headers, STAFF, false).await?;
    let since =
        crate::format_ts(jiff::Timestamp::now() - jiff::SignedDuration::from_hours(CLOSED_HOURS));
    let user = s.user.id;
    let list = app
        .db
        .read(move |c| {
            c.ended_since(user, &since)?
                .into_iter()
                .map(|(info, registered)| {
                    // Read from the registration alone: listing never decrypts a transcript
                    // (walk-console22, finding 4).
                    let reg = if registered {
                        c.registration(info.id)?
                    } else {
                        None
                    };
                    Ok((info, reg))
                })
                .collect::<Result<Vec<_>, zicht_store::StoreError>>()
        })
        .await?;
    let out: Vec<_> = list
        .into_iter()
        .map(|(info, reg)| {
            // What the saved registration holds, so that "registratie opgeslagen" is not read
            // as "everything I typed is saved" (walk-console27, finding 1: notes typed and
            // never saved, the flag saved by a suggestion taken over).
            let undecided = reg.as_ref().is_some_and(|r| r.trafficking.is_none());
            json!({
                "conv": info.public_id, "tag": crate::hub::tag_of(&info.public_id),
                "channel": info.channel, "username": info.username, "age": info.age,
                "gender": info.gender.map(zicht_store::Gender::code),
                // When it started: two visits with one name are numbered by it (walk48, S3).
                "created_at": info.created_at,
                "ended_at": info.ended_at, "ended_by": info.ended_by.map(EndedBy::code),
                "registered": reg.is_some(), "undecided": undecided,
                "trafficking": reg.as_ref().and_then(|r| r.trafficking),
                "categories": reg.as_ref().map_or(0, |r| r.categories.len()),
                // Which, so that one or two are named in the list (walk-console34, finding 6).
                "category_codes": reg.as_ref().map_or(&[][..], |r| &r.categories[..]),
                "notes": reg.as_ref().is_some_and(|r| !r.notes.trim().is_empty()),
                // Where she referred the visitor, as codes the list names in the form's words
                // (walk41, finding 11).
                "referral_codes": reg.as_ref().map_or(&[][..], |r| &r.referrals[..]),
                // The victim's age and the form of exploitation, the form in the codebook's
                // words (labels, never its code).
                "victim_age": reg.as_ref().and_then(|r| r.victim_age),
                "exploitation": reg.as_ref().and_then(|r| r.exploitation.as_deref()).and_then(exploitation_labels),
            })
        })
        .collect();
    Ok(Json(out).into_response())
}

/// The query of [`closed_transcript`]: `reread=1` for "Gesprek teruglezen" of a closed chat.
#[derive(Deserialize, Default)]
struct TranscriptQuery {
    reread: Option<String>,
}

/// `GET /console/api/closed/{conv}/transcript` (staff, own chat only): the transcript of her
/// own chat that ended in the last [`CLOSED_HOURS`], read again while she checks or corrects
/// its registration (fix43, finding 6). The same recorded read as a transcript opened in a
/// console ([`staff_read`]: a row in the read log, who and when), never a second path; with
/// `?reread=1` ("Gesprek teruglezen") under `Purpose::ConsoleReread`, else (a chat under
/// "Afgelopen" opened after a reload, whose transcript resume no longer sends)
/// `Purpose::Console`; `410 purged` once retention deleted it (nothing is read then), `409
/// not_closed` for a chat that has not ended or ended longer ago.
async fn closed_transcript(
    State(app): State<App>,
    headers: HeaderMap,
    Path(conv): Path<String>,
    Query(q): Query<TranscriptQuery>,
) -> Result<Response, ApiError> {
    let s = auth(&app, &headers, STAFF, false).await?;
    let info = app
        .db
        .read(move |c| c.conversation(&conv))
        .await?
        .ok_or(ApiError::new(StatusCode::NOT_FOUND, "unknown_conversation"))?;
    if info.counsellor_id != Some(s.user.id) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "not_yours"));
    }
    let since =
        crate::format_ts(jiff::Timestamp::now() - jiff::SignedDuration::from_hours(CLOSED_HOURS));
    let recent = info.state == ConvState::Ended
        && info
            .ended_at
            .as_deref()
            .is_some_and(|t| t >= since.as_str());
    if !recent {
        return Err(ApiError::new(StatusCode::CONFLICT, "not_closed"));
    }
    if info.purged_at.is_some() {
        return Err(ApiError::new(StatusCode::GONE, "purged"));
    }
    // "Gesprek teruglezen" of a closed chat is recorded as such; opening a chat still under
    // "Afgelopen" (its transcript is not sent on resume) as a console's opening (walk47, 4).
    let purpose = if q.reread.as_deref() == Some("1") {
        zicht_store::Purpose::ConsoleReread
    } else {
        zicht_store::Purpose::Console
    };
    let frames = staff_read(
        &app,
        info.id,
        0,
        s.user.name.clone(),
        purpose,
        &info.public_id,
    )
    .await?;
    // Where the chat passed between colleagues, as in a running chat (fix45, finding 2).
    let id = info.id;
    let (handovers, names) = app
        .db
        .read(move |c| Ok((c.transfers(id)?, staff_names(c)?)))
        .await?;
    let name = |u: Option<i64>| u.and_then(|u| names.get(&u).cloned());
    let handovers: Vec<_> = handovers
        .into_iter()
        .map(|h| json!({"at": h.at, "from": name(h.from), "to": name(h.to), "to_id": h.to}))
        .collect();
    Ok(Json(json!({ "messages": frames, "handovers": handovers })).into_response())
}

async fn users(State(app): State<App>, headers: HeaderMap) -> Result<Response, ApiError> {
    auth(&app, &headers, ADMIN, false).await?;
    let list: Vec<_> = app
        .db
        .read(|c| c.users())
        .await?
        .into_iter()
        .map(|u| json!({"id": u.id, "name": u.name, "role": u.role.code()}))
        .collect();
    Ok(Json(list).into_response())
}

/// On PostgreSQL: records in the store whether `user` has a console open
/// on this instance (a colleague on another instance can offer them a
/// conversation). Nothing on SQLite.
async fn set_console(app: &App, user: i64, open: bool) {
    if !app.db.store().is_postgres() {
        return;
    }
    let instance = crate::fanout::instance();
    if let Err(e) = app
        .db
        .read(move |c| c.set_console(instance, user, open))
        .await
    {
        crate::log(&format!("console presence not stored: {e}"));
    }
}

/// The staff with a console open here or (PostgreSQL) on a live instance.
pub(crate) async fn staff_online(app: &App) -> Vec<i64> {
    let mut online = app.hub.online_staff();
    if app.db.store().is_postgres() {
        let stale = app.config.limits.heartbeat_stale();
        match app.db.read(move |c| c.consoles_open(stale)).await {
            Ok(ids) => online.extend(ids),
            Err(e) => crate::log(&format!("consoles of other instances not read: {e}")),
        }
        online.sort_unstable();
        online.dedup();
    }
    online
}

// ---- the counsellor's WebSocket ----

/// Reads a console's text frame and checks a message in it (see [`crate::visitor::parse_frame`]).
pub fn parse_staff_frame(text: &str, max_chars: usize) -> Result<StaffFrame, &'static str> {
    let frame = serde_json::from_str::<StaffFrame>(text).map_err(|_| "bad_frame")?;
    if let StaffFrame::Msg { cid, text, .. } = &frame {
        crate::visitor::check_text(cid, text, max_chars)?;
    }
    Ok(frame)
}

/// A frame a counsellor's console sends.
#[derive(Debug, Deserialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum StaffFrame {
    Resume {
        #[serde(default)]
        after: HashMap<String, i64>,
    },
    Msg {
        conv: String,
        cid: String,
        text: String,
    },
    /// The counsellor is typing in `conv`.
    Typing {
        conv: String,
    },
    /// The counsellor chose how the visitor's page of `conv` addresses the visitor: "u" when
    /// `formal`, else "je".
    Address {
        conv: String,
        formal: bool,
    },
    /// Is the connection alive? Answered with `pong`.
    Ping,
    /// An admin starts reading along in `conv` (the supervisor view).
    Watch {
        conv: String,
    },
    Unwatch {
        conv: String,
    },
}

/// How long an ended conversation without a registration stays in its
/// counsellor's console.
const UNREGISTERED_HOURS: i64 = 12;

/// The own conversations of `user` that ended in the last
/// [`UNREGISTERED_HOURS`] and have no registration yet.
async fn ended_unregistered(app: &App, user: i64) -> Vec<zicht_store::ConversationInfo> {
    let since = crate::format_ts(
        jiff::Timestamp::now() - jiff::SignedDuration::from_hours(UNREGISTERED_HOURS),
    );
    match app
        .db
        .read(move |c| c.ended_unregistered(user, &since))
        .await
    {
        Ok(list) => list,
        Err(e) => {
            crate::log(&format!("ended conversations for the console: {e}"));
            Vec::new()
        }
    }
}

async fn ws(State(app): State<App>, headers: HeaderMap, upgrade: WebSocketUpgrade) -> Response {
    if !same_origin(&headers, app.config.secure_cookies) {
        return ApiError::new(StatusCode::FORBIDDEN, "cross_origin").into_response();
    }
    let session = match auth(&app, &headers, STAFF, false).await {
        Ok(s) => s,
        Err(e) => return e.into_response(),
    };
    let Ok(permit) = app.connections.clone().try_acquire_owned() else {
        return ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "too_many_connections")
            .into_response();
    };
    let max = crate::visitor::max_frame_bytes(&app);
    upgrade
        .read_buffer_size(crate::WS_BUFFER)
        .write_buffer_size(crate::WS_BUFFER)
        .max_message_size(max)
        .max_frame_size(max)
        .on_upgrade(move |socket| async move {
            staff_session(app, session, socket).await;
            drop(permit);
        })
}

async fn staff_session(app: App, session: Session, socket: WebSocket) {
    let user = session.user.id;
    let (tx, rx) = app.hub.connection();
    app.hub.attach_staff(user, &session.user.name, tx.clone());
    set_console(&app, user, true).await;
    let (sink, mut stream) = socket.split();
    let writer = crate::wsconn::Writer::spawn(sink, Vec::new(), rx, app.config.limits.ws_ping());
    let to_self = |v: serde_json::Value| tx.send(&Arc::from(v.to_string()));
    let close = loop {
        let text = match crate::wsconn::next_text(&mut stream, app.config.limits.ws_idle()).await {
            crate::wsconn::Next::Text(t) => t,
            crate::wsconn::Next::End(close) => break close,
        };
        if writer.is_finished() {
            break None;
        }
        match serde_json::from_str::<StaffFrame>(&text) {
            Ok(StaffFrame::Ping) => to_self(json!({"t": "pong"})),
            Ok(StaffFrame::Typing { conv }) => {
                if let Ok(id) = own_open(&app, &session, &conv)
                    && app.hub.typing(id, Side::Staff)
                {
                    crate::fanout::notify_now(
                        &app,
                        crate::fanout::Event::Typing {
                            conv: id,
                            staff: true,
                        },
                    );
                }
            }
            Ok(StaffFrame::Address { conv, formal }) => match own_open(&app, &session, &conv) {
                Ok(id) if app.hub.address(id, formal) => {
                    crate::fanout::notify_now(
                        &app,
                        crate::fanout::Event::Address { conv: id, formal },
                    );
                }
                _ => to_self(json!({"t": "error", "code": "not_active", "conv": conv})),
            },
            Ok(StaffFrame::Watch { conv }) => {
                if session.user.role != Role::Admin {
                    to_self(json!({"t": "error", "code": "forbidden", "conv": conv}));
                    continue;
                }
                let Some(id) = app.hub.id_of(&conv).filter(|id| app.hub.watch(*id, user)) else {
                    to_self(json!({"t": "error", "code": "not_active", "conv": conv}));
                    continue;
                };
                to_self(json!({"t": "watching", "conv": conv}));
                crate::fanout::notify_now(
                    &app,
                    crate::fanout::Event::Watching {
                        conv: id,
                        user,
                        on: true,
                    },
                );
                let name = session.user.name.clone();
                let purpose = zicht_store::Purpose::Supervisor;
                if let Ok(frames) = staff_read(&app, id, 0, name, purpose, &conv).await {
                    frames.into_iter().for_each(to_self);
                }
            }
            Ok(StaffFrame::Unwatch { conv }) => {
                if let Some(id) = app.hub.id_of(&conv) {
                    app.hub.unwatch(id, user);
                    crate::fanout::notify_now(
                        &app,
                        crate::fanout::Event::Watching {
                            conv: id,
                            user,
                            on: false,
                        },
                    );
                }
            }
            Ok(StaffFrame::Resume { after }) => {
                // Send every own conversation and what the console has not seen yet.
                for (id, summary) in app.hub.assigned_to(user, jiff::Timestamp::now()) {
                    let conv = summary["conv"].as_str().unwrap_or_default().to_string();
                    let from = after.get(&conv).copied().unwrap_or(0).max(0);
                    to_self(json!({"t": "assigned", "conv": summary}));
                    let name = session.user.name.clone();
                    let purpose = zicht_store::Purpose::Console;
                    if let Ok(frames) = staff_read(&app, id, from, name, purpose, &conv).await {
                        frames.into_iter().for_each(to_self);
                    }
                    if let Ok(notes) = notes_frame(&app, id, &conv).await {
                        to_self(notes);
                    }
                }
                // Own conversations that ended lately without a registration:
                // they stay under "Afgelopen" until registered, also after a reload.
                for info in ended_unregistered(&app, user).await {
                    let conv = info.public_id.clone();
                    to_self(json!({
                        "t": "assigned", "ended": info.ended_by.map(zicht_store::EndedBy::code),
                        "conv": {
                            "conv": conv, "tag": crate::hub::tag_of(&conv), "channel": info.channel,
                            "username": info.username, "age": info.age,
                            "gender": info.gender.map(zicht_store::Gender::code),
                            "created_at": info.created_at, "waiting_seconds": 0, "state": "ended",
                            "online": false, "counsellor": user, "supervisors": 0,
                        },
                    }));
                    // Its transcript is not sent here: the console reads it when she opens
                    // the chat (`GET /console/api/closed/{conv}/transcript`), so that a reload
                    // records no read of a chat nobody opened (walk47, finding 4).
                    if let Ok(notes) = notes_frame(&app, info.id, &conv).await {
                        to_self(notes);
                    }
                }
                to_self(json!({"t": "resumed"}));
            }
            Ok(StaffFrame::Msg { conv, cid, text }) => {
                if let Err(code) = crate::visitor::check_message(&app, &cid, &text) {
                    to_self(json!({"t": "error", "code": code, "conv": conv, "cid": cid}));
                    continue;
                }
                let id = match own_open(&app, &session, &conv) {
                    Ok(id) => id,
                    Err(e) => {
                        to_self(json!({"t": "error", "code": e.code, "conv": conv, "cid": cid}));
                        continue;
                    }
                };
                let Some(takes) = crate::buckets::message(&app, id, Side::Staff, false) else {
                    to_self(
                        json!({"t": "error", "code": "rate_limited", "conv": conv, "cid": cid}),
                    );
                    continue;
                };
                let m = NewMessage {
                    conversation_id: id,
                    from: Sender::Counsellor,
                    counsellor_id: Some(user),
                    client_id: cid.clone(),
                    at: crate::now_text(),
                    text,
                };
                let hub_app = app.clone();
                let result = app
                    .db
                    .write_one(
                        move |c| Ok((crate::fanout::append(c, &m, &takes)?, m)),
                        move |(a, m)| {
                            if a.new {
                                hub_app.hub.message(id, &crate::visitor::stored(a, m));
                            }
                        },
                    )
                    .await;
                match result {
                    Ok((a, m)) if !a.new => {
                        let s = crate::visitor::stored(&a, &m);
                        to_self(crate::hub::staff_msg(&s, &conv, Some(&session.user.name)));
                    }
                    Ok(_) => {}
                    Err(crate::db::DbError::Store(zicht_store::StoreError::RateLimited)) => {
                        to_self(
                            json!({"t": "error", "code": "rate_limited", "conv": conv, "cid": cid}),
                        );
                    }
                    Err(e) => {
                        crate::log(&format!("counsellor message not stored: {e}"));
                        to_self(
                            json!({"t": "error", "code": "not_stored", "conv": conv, "cid": cid}),
                        );
                    }
                }
            }
            Err(_) => to_self(json!({"t": "error", "code": "bad_frame"})),
        }
    };
    for conv in app.hub.detach_staff(user, tx.id) {
        crate::fanout::notify_now(
            &app,
            crate::fanout::Event::Watching {
                conv,
                user,
                on: false,
            },
        );
    }
    if !app.hub.online_staff().contains(&user) {
        set_console(&app, user, false).await;
    }
    // Stop the writer before the last sender goes, so that it sends this close frame.
    writer.finish(close).await;
    drop(tx);
}
