//! The POSTs of `/research`: link decisions, coded values, suggestions, double coding, imports.
//!
//! Every handler starts with [`act`]: the signed-in researcher with a
//! matching CSRF token, and the time that is recorded with the change. The
//! workspace records who and when of every decision and change.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;
use serde_json::json;
use zicht_research::import::{self, ImportError};
use zicht_research::linking::{Linker, Profile};
use zicht_research::workspace::{self, ImportSummary, WorkspaceError};

use super::{IMPORT_LIMIT, PageError, ResearchState, Researcher, allowed_version, poster};

/// The researcher of a POST (CSRF checked) and the time recorded with what it changes.
fn act(
    r: Option<Extension<Researcher>>,
    headers: &HeaderMap,
) -> Result<(Researcher, String), PageError> {
    let r = poster(r, headers)?;
    Ok((r, zicht_research::time::now_rfc3339()))
}

fn ok() -> Response {
    Json(json!({"ok": true})).into_response()
}

#[derive(Deserialize)]
pub(super) struct LinkBody {
    a: String,
    b: String,
    linked: bool,
}

pub(super) async fn link(
    State(st): State<ResearchState>,
    r: Option<Extension<Researcher>>,
    headers: HeaderMap,
    Json(body): Json<LinkBody>,
) -> Result<Response, PageError> {
    let (r, now) = act(r, &headers)?;
    let kept = st
        .with(move |ws, book| {
            let a = ws
                .conversation(&body.a)?
                .ok_or_else(|| WorkspaceError::NoConversation(body.a.clone()))?;
            let b = ws
                .conversation(&body.b)?
                .ok_or_else(|| WorkspaceError::NoConversation(body.b.clone()))?;
            if !body.linked {
                // Two conversations held together by other links cannot be
                // called two visitors here: that would contradict the case.
                let own = ws.link_history(&body.a, &body.b)?;
                let linked_itself = own.last().is_some_and(|d| d.linked);
                if let (Some(ca), Some(cb)) = (
                    ws.case_of_conversation(&body.a)?,
                    ws.case_of_conversation(&body.b)?,
                ) && ca.case_id == cb.case_id
                    && !linked_itself
                {
                    return Err(WorkspaceError::Refused(format!(
                        "Gesprek {} en gesprek {} zitten al samen in casus {} via andere koppelingen; er is niets veranderd. Wil je ze scheiden, ontkoppel dan op de casuspagina.",
                        body.a, body.b, ca.case_id
                    )));
                }
            }
            if body.linked {
                let conflicts = ws.merge_conflicts(book, &body.a, &body.b)?;
                if !conflicts.is_empty() {
                    return Err(WorkspaceError::Refused(format!(
                        "Koppelen kan nog niet, er is niets veranderd. {}",
                        conflicts.join(" ")
                    )));
                }
            }
            // The score and reasons are recomputed here, not taken from the page.
            let year = a.year().unwrap_or_default();
            let profiles: Vec<Profile> = ws.selected(year)?.iter().map(Profile::of).collect();
            let (score, reasons) =
                Linker::new(&profiles).compare(&Profile::of(&a), &Profile::of(&b));
            let reasons = serde_json::to_string(&reasons).unwrap_or_else(|_| "[]".to_string());
            ws.decide_link(
                &body.a,
                &body.b,
                body.linked,
                Some(score),
                &reasons,
                &r.name,
                &now,
            )?;
            // The year's cases of more than one conversation: the pair cards
            // of a cluster update at once (a third pair now in one case).
            let clusters: Vec<serde_json::Value> = ws
                .cases(year)?
                .into_iter()
                .filter(|c| c.conversations.len() > 1)
                .map(|c| json!({"case": c.case_id, "conversations": c.conversations}))
                .collect();
            Ok((
                ws.case_of_conversation(&body.b)?.map(|c| c.case_id),
                clusters,
            ))
        })
        .await?;
    let (kept, clusters) = kept;
    Ok(Json(json!({"ok": true, "case": kept, "clusters": clusters})).into_response())
}

/// Runs a change of a case's coded values and answers with the version's values and the changes.
async fn change_values(
    st: &ResearchState,
    r: &Researcher,
    case_id: String,
    version: String,
    f: impl FnOnce(
        &mut workspace::Workspace,
        &zicht_codebook::Codebook,
    ) -> Result<Vec<workspace::Change>, WorkspaceError>
    + Send
    + 'static,
) -> Result<Response, PageError> {
    allowed_version(r, &version)?;
    let me = r.name.clone();
    let check_id = case_id.clone();
    let check_version = version.clone();
    let (values, changes, why, seen, next, withdrawn) = st
        .with(move |ws, book| {
            super::blind_final(ws, &me, &check_id, &check_version)?;
            // A change of a final coding marked "klaar" takes the mark back
            // (the workspace records it): the page says so.
            let year = ws.case(&case_id)?.year;
            let was_marked =
                version == workspace::FINAL && ws.marked_final(year)?.contains(&case_id);
            let changes = f(ws, book)?;
            let values = ws.values(&case_id, &version)?;
            // The page now shows every value up to here (the answer carries them all).
            let seen = ws.last_change(&case_id)?;
            // What the undo button takes back next: a status asks first.
            let next = ws.next_undo(&case_id, &version)?;
            // The final coding: finished or not now (the case page's line).
            let why = if version == workspace::FINAL {
                let case = ws.case(&case_id)?;
                let unsettled = ws.unsettled(book, case.year)?.remove(&case_id);
                let waiting = ws
                    .case_discussions(&case_id)?
                    .iter()
                    .any(|d| d.decision.is_none());
                let unknown = ws.left_unknown(case.year)?.remove(&case_id);
                let state = workspace::CaseState {
                    unsettled: unsettled.as_ref(),
                    in_discussion: waiting,
                    left_unknown: unknown.as_ref(),
                    double_open: ws.double_open(case.year)?.contains(&case_id),
                    marked: ws.marked_final(case.year)?.contains(&case_id),
                };
                Some((
                    workspace::open_reason(book, &case, &values, &state),
                    state.marked,
                ))
            } else {
                None
            };
            let withdrawn = was_marked && !why.as_ref().is_some_and(|(_, marked)| *marked);
            // A year exported as final: this change is not in that file.
            let exported = if version == workspace::FINAL {
                ws.changed_since_final_export(year)?
                    .map(|(at, changed)| (at, changed.contains(&case_id)))
            } else {
                None
            };
            Ok((values, changes, why, seen, next, (withdrawn, exported)))
        })
        .await?;
    let (withdrawn, exported) = withdrawn;
    let exported = exported.map(|(at, changed)| {
        let (class, nl, en) = super::case::exported_words(&at, changed);
        json!({"class": class, "nl": nl, "en": en, "changed": changed})
    });
    let values: BTreeMap<String, String> = values;
    let finished = why.map(|(why, marked)| {
        let (class, nl, en) = super::case::finished_words(&st.0.book, why.as_ref(), marked);
        json!({"class": class, "nl": nl, "en": en})
    });
    let next_ask =
        super::case::status_ask(&st.0.book, &next).map(|(nl, en)| json!({"nl": nl, "en": en}));
    let changed: Vec<serde_json::Value> = changes
        .into_iter()
        .map(|c| json!({"column": c.column, "old": c.old, "new": c.new}))
        .collect();
    Ok(
        Json(json!({"values": values, "changes": changed, "finished": finished, "seen": seen, "next_ask": next_ask, "withdrawn": withdrawn, "exported": exported}))
            .into_response(),
    )
}

#[derive(Deserialize)]
pub(super) struct ValueBody {
    case_id: String,
    version: String,
    column: String,
    value: Option<String>,
    /// The case's last log sequence the page was built from (see
    /// [`workspace::Workspace::last_change`]); without it nothing is checked.
    #[serde(default)]
    seen: Option<i64>,
    /// Save over a colleague's change on purpose (logged as such).
    #[serde(default)]
    overwrite: bool,
}

pub(super) async fn value(
    State(st): State<ResearchState>,
    r: Option<Extension<Researcher>>,
    headers: HeaderMap,
    Json(body): Json<ValueBody>,
) -> Result<Response, PageError> {
    let (r, now) = act(r, &headers)?;
    let (case_id, version) = (body.case_id.clone(), body.version.clone());
    let name = r.name.clone();
    change_values(&st, &r, case_id, version, move |ws, book| {
        if let Some(seen) = body.seen
            && !body.overwrite
        {
            ws.check_unchanged(
                book,
                &body.case_id,
                &body.version,
                &body.column,
                seen,
                &name,
                body.value.as_deref(),
            )?;
        }
        ws.set_value(
            book,
            &body.case_id,
            &body.version,
            &body.column,
            body.value.as_deref(),
            if body.overwrite { "overwrite" } else { "form" },
            &name,
            &now,
        )
    })
    .await
}

#[derive(Deserialize)]
pub(super) struct SuggestionBody {
    case_id: String,
    version: String,
    conversation_id: String,
    variable: String,
    value: String,
    accept: bool,
}

pub(super) async fn suggestion(
    State(st): State<ResearchState>,
    r: Option<Extension<Researcher>>,
    headers: HeaderMap,
    Json(body): Json<SuggestionBody>,
) -> Result<Response, PageError> {
    let (r, now) = act(r, &headers)?;
    let (case_id, version) = (body.case_id.clone(), body.version.clone());
    let name = r.name.clone();
    change_values(&st, &r, case_id, version, move |ws, book| {
        let case = ws.case(&body.case_id)?;
        if !case.conversations.contains(&body.conversation_id) {
            return Err(WorkspaceError::NoConversation(body.conversation_id.clone()));
        }
        ws.decide_suggestion(
            book,
            &body.case_id,
            &body.version,
            &body.conversation_id,
            &body.variable,
            &body.value,
            body.accept,
            &name,
            &now,
        )
    })
    .await
}

#[derive(Deserialize)]
pub(super) struct AssignBody {
    year: i32,
    /// Percentage of the year's cases, 1-100.
    share: u32,
    coder_a: String,
    coder_b: String,
    /// Add to an existing sample (from the cases not yet assigned) instead of refusing.
    #[serde(default)]
    add: bool,
}

pub(super) async fn assign(
    State(st): State<ResearchState>,
    r: Option<Extension<Researcher>>,
    headers: HeaderMap,
    Json(body): Json<AssignBody>,
) -> Result<Response, PageError> {
    let (r, now) = act(r, &headers)?;
    let accounts = st.researchers().await?;
    for (field, name) in [("coder_a", &body.coder_a), ("coder_b", &body.coder_b)] {
        if !accounts.iter().any(|a| a == name.trim()) {
            return Err(PageError::invalid(if name.trim().is_empty() {
                "Kies een codeur uit de lijst van onderzoekers.".to_string()
            } else {
                format!(
                    "„{}” is geen account van een onderzoeker. Kies een codeur uit de lijst.",
                    name.trim()
                )
            })
            .at(field));
        }
    }
    if body.coder_a.trim() == body.coder_b.trim() {
        return Err(PageError::invalid("Kies twee verschillende codeurs.").at("coder_b"));
    }
    if !(1..=100).contains(&body.share) {
        return Err(
            PageError::invalid("Kies een aandeel van 1 tot en met 100 procent.").at("share"),
        );
    }
    let n = st
        .with(move |ws, book| {
            let pool = ws.sample_pool(book, body.year)?;
            if pool.assigned > 0 && !body.add {
                return Err(WorkspaceError::Refused(format!(
                    "Er is al een steekproef van {} voor dubbel coderen. Vink „Voeg toe aan de bestaande steekproef” aan om er casussen bij te nemen; er is niets veranderd.",
                    super::count(pool.assigned, "casus", "casussen")
                )));
            }
            if pool.eligible.is_empty() {
                let undecided = if pool.undecided > 0 {
                    format!(
                        " Nog zonder status: {}; beslis eerst over in- of uitsluiten.",
                        super::count(pool.undecided, "casus", "casussen")
                    )
                } else {
                    String::new()
                };
                return Err(WorkspaceError::Refused(if pool.included == 0 {
                    format!(
                        "Te weinig casussen om dubbel te coderen: de steekproef komt alleen uit casussen met status geïncludeerd, en die zijn er nog niet.{undecided} Er is niets veranderd."
                    )
                } else {
                    format!(
                        "Te weinig casussen om dubbel te coderen: alle {} met status geïncludeerd zitten al in de steekproef.{undecided} Er is niets veranderd.",
                        super::count(pool.included, "casus", "casussen")
                    )
                }));
            }
            let ids = pool.eligible;
            let chosen = workspace::choose_share(&ids, body.share.clamp(1, 100), &now);
            ws.assign(
                &chosen,
                body.coder_a.trim(),
                body.coder_b.trim(),
                &r.name,
                &now,
            )
        })
        .await
        // An existing sample: the message belongs beside "add to the sample";
        // too few included cases: beside the share.
        .map_err(|e| match e.code {
            "refused" if e.message.starts_with("Te weinig") => e.at("share"),
            "refused" => e.at("add"),
            _ => e,
        })?;
    Ok(Json(json!({"assigned": n})).into_response())
}

#[derive(Deserialize)]
pub(super) struct CaseBody {
    case_id: String,
    #[serde(default)]
    done: bool,
}

pub(super) async fn adopt(
    State(st): State<ResearchState>,
    r: Option<Extension<Researcher>>,
    headers: HeaderMap,
    Json(body): Json<CaseBody>,
) -> Result<Response, PageError> {
    let (r, now) = act(r, &headers)?;
    let (n, values) = st
        .with(move |ws, book| {
            let n = ws.adopt_agreed(book, &body.case_id, &r.name, &now)?;
            Ok((
                n,
                (
                    ws.values(&body.case_id, workspace::FINAL)?,
                    ws.last_change(&body.case_id)?,
                ),
            ))
        })
        .await?;
    let (values, seen) = values;
    Ok(Json(json!({"adopted": n, "values": values, "seen": seen})).into_response())
}

pub(super) async fn done(
    State(st): State<ResearchState>,
    r: Option<Extension<Researcher>>,
    headers: HeaderMap,
    Json(body): Json<CaseBody>,
) -> Result<Response, PageError> {
    let (r, now) = act(r, &headers)?;
    let me = r.name.clone();
    let (marked, both, next, left) = st
        .with(move |ws, _| {
            let (marked, both) = if body.done {
                ws.finish(&body.case_id, &me, &now)?
            } else {
                (ws.mark_done(&body.case_id, &me, false, &now)?, false)
            };
            // The coder's next case still to code (after this one, else the first).
            let year = ws.case(&body.case_id).map(|c| c.year).ok();
            let todo: Vec<String> = match year {
                Some(y) => ws
                    .assignments(y)?
                    .into_iter()
                    .filter(|a| a.coder == me && a.done_at.is_none())
                    .map(|a| a.case_id)
                    .collect(),
                None => Vec::new(),
            };
            let next = todo
                .iter()
                .find(|id| **id > body.case_id)
                .or_else(|| todo.first())
                .cloned();
            Ok((marked, both, next, todo.len()))
        })
        .await?;
    if !marked {
        return Err(PageError::new(
            StatusCode::NOT_FOUND,
            "not_assigned",
            "Deze casus is niet aan jou toegewezen.",
        ));
    }
    Ok(
        Json(json!({"ok": true, "both": both, "next": next, "left": left, "coder": r.name}))
            .into_response(),
    )
}

// ---------------------------------------------------------------- imports

/// What an import did, or why it changed nothing.
fn import_reply(result: Result<ImportSummary, ImportError>) -> Result<Response, PageError> {
    match result {
        Ok(s) => Ok(Json(json!({
            "read": s.read,
            "added": s.added,
            "unchanged": s.unchanged,
            "selected": s.selected_by_year,
        }))
        .into_response()),
        Err(e) if e.is_input() => {
            let problems = e.problems_nl();
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({
                    "error": "invalid",
                    "message": format!(
                        "Niet geïmporteerd, er is niets veranderd. {} {}:",
                        problems.len(),
                        if problems.len() == 1 { "probleem" } else { "problemen" }
                    ),
                    "problems": problems,
                })),
            )
                .into_response())
        }
        Err(ImportError::Workspace(e)) => Err(e.into()),
        Err(e) => Err(PageError::internal(&e.to_string())),
    }
}

#[derive(Deserialize)]
pub(super) struct FileQuery {
    /// The uploaded file's name (recorded in the audit as `import:<name>`).
    name: Option<String>,
}

/// `conversations.jsonl` as the request body (at most [`IMPORT_LIMIT`] bytes).
pub(super) async fn import_file(
    State(st): State<ResearchState>,
    r: Option<Extension<Researcher>>,
    headers: HeaderMap,
    Query(q): Query<FileQuery>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, PageError> {
    let (r, now) = act(r, &headers)?;
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            PageError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!(
                    "Het bestand is groter dan {} MB; er is niets veranderd. Splits het per jaar.",
                    IMPORT_LIMIT / (1024 * 1024)
                ),
            )
        } else {
            PageError::invalid(format!("Het bestand kwam niet goed aan: {e}"))
        }
    })?;
    let name = q
        .name
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "conversations.jsonl".to_string());
    let result = st
        .with(move |ws, _| Ok(import::from_jsonl(ws, body.as_ref(), &name, &r.name, &now)))
        .await?;
    import_reply(result)
}

#[derive(Deserialize)]
pub(super) struct StoreBody {
    year: i32,
}

/// The year's conversations from the chat's own store that a counsellor flagged (as `zicht import --from-store`).
pub(super) async fn import_store(
    State(st): State<ResearchState>,
    r: Option<Extension<Researcher>>,
    headers: HeaderMap,
    Json(body): Json<StoreBody>,
) -> Result<Response, PageError> {
    let (r, now) = act(r, &headers)?;
    let Some(store) = st.0.store.clone() else {
        return Err(PageError::new(
            StatusCode::CONFLICT,
            "no_store",
            "Deze onderzoeksomgeving heeft geen chatopslag om uit te importeren.",
        ));
    };
    let year = body.year;
    let reader = r.name.clone();
    let conversations = tokio::task::spawn_blocking(move || {
        store.connect()?.export(
            zicht_store::Filter {
                year: Some(year),
                flagged_only: true,
            },
            zicht_store::Reader::Staff {
                name: &reader,
                purpose: zicht_store::Purpose::ResearchImport,
            },
        )
    })
    .await
    .map_err(|e| PageError::internal(&e.to_string()))?
    .map_err(|e| PageError::internal(&e.to_string()))?;
    let result = st
        .with(move |ws, _| Ok(import::from_store(ws, &conversations, &r.name, &now)))
        .await?;
    import_reply(result)
}

#[derive(Deserialize)]
pub(super) struct UndoBody {
    case_id: String,
    version: String,
}

/// Undoes the last change of a case's version (audited as `undo`).
pub(super) async fn undo(
    State(st): State<ResearchState>,
    r: Option<Extension<Researcher>>,
    headers: HeaderMap,
    Json(body): Json<UndoBody>,
) -> Result<Response, PageError> {
    let (r, now) = act(r, &headers)?;
    let (case_id, version) = (body.case_id.clone(), body.version.clone());
    let name = r.name.clone();
    change_values(&st, &r, case_id, version, move |ws, _| {
        let changes = ws.undo_last(&body.case_id, &body.version, &name, &now)?;
        if changes.is_empty() {
            return Err(WorkspaceError::Refused(
                "Er is geen wijziging om ongedaan te maken.".to_string(),
            ));
        }
        Ok(changes)
    })
    .await
}

#[derive(Deserialize)]
pub(super) struct FinalDoneBody {
    case_id: String,
    done: bool,
}

/// Marks a case's final coding "klaar" (or takes that back); answers with
/// whether the case is finished now, in the case page's words.
pub(super) async fn final_done(
    State(st): State<ResearchState>,
    r: Option<Extension<Researcher>>,
    headers: HeaderMap,
    Json(body): Json<FinalDoneBody>,
) -> Result<Response, PageError> {
    let (r, now) = act(r, &headers)?;
    let me = r.name.clone();
    let why = st
        .with(move |ws, book| {
            super::blind_final(ws, &me, &body.case_id, workspace::FINAL)?;
            ws.mark_final(&body.case_id, body.done, &me, &now)?;
            let case = ws.case(&body.case_id)?;
            let values = ws.values(&body.case_id, workspace::FINAL)?;
            let unsettled = ws.unsettled(book, case.year)?.remove(&body.case_id);
            let unknown = ws.left_unknown(case.year)?.remove(&body.case_id);
            let state = workspace::CaseState {
                unsettled: unsettled.as_ref(),
                in_discussion: ws
                    .case_discussions(&body.case_id)?
                    .iter()
                    .any(|d| d.decision.is_none()),
                left_unknown: unknown.as_ref(),
                double_open: ws.double_open(case.year)?.contains(&body.case_id),
                marked: body.done,
            };
            Ok(workspace::open_reason(book, &case, &values, &state))
        })
        .await?;
    let (class, nl, en) = super::case::finished_words(&st.0.book, why.as_ref(), body.done);
    Ok(Json(json!({"ok": true, "finished": {"class": class, "nl": nl, "en": en}})).into_response())
}

#[derive(Deserialize)]
pub(super) struct DiscussBody {
    case_id: String,
    #[serde(default)]
    text: String,
    /// A coder's flag "hoort hier niet" (the text is an optional note).
    #[serde(default)]
    off_topic: bool,
}

/// Marks a case for discussion with a question.
pub(super) async fn discuss(
    State(st): State<ResearchState>,
    r: Option<Extension<Researcher>>,
    headers: HeaderMap,
    Json(body): Json<DiscussBody>,
) -> Result<Response, PageError> {
    let (r, now) = act(r, &headers)?;
    st.with(move |ws, _| {
        if body.off_topic {
            ws.flag_off_topic(&body.case_id, &body.text, &r.name, &now)
        } else {
            ws.ask_discussion(&body.case_id, &body.text, &r.name, &now)
        }
    })
    .await?;
    Ok(ok())
}

/// Records the decision of the discussion of a case.
pub(super) async fn decide(
    State(st): State<ResearchState>,
    r: Option<Extension<Researcher>>,
    headers: HeaderMap,
    Json(body): Json<DiscussBody>,
) -> Result<Response, PageError> {
    let (r, now) = act(r, &headers)?;
    st.with(move |ws, _| {
        // A coder of the case decides nothing about it while coding it blind.
        if super::blind_final(ws, &r.name, &body.case_id, workspace::FINAL).is_err() {
            return Err(WorkspaceError::Refused(format!(
                "Je codeert casus {} blind: het besluit van het overleg neemt iemand anders, of jij als jullie allebei klaar zijn. Er is niets veranderd.",
                body.case_id
            )));
        }
        ws.decide_discussion(&body.case_id, &body.text, &r.name, &now)
    })
    .await?;
    Ok(ok())
}

/// Brings a decided discussion back to the discussion list.
pub(super) async fn reopen(
    State(st): State<ResearchState>,
    r: Option<Extension<Researcher>>,
    headers: HeaderMap,
    Json(body): Json<CaseBody>,
) -> Result<Response, PageError> {
    let (r, now) = act(r, &headers)?;
    st.with(move |ws, _| ws.reopen_discussion(&body.case_id, &r.name, &now))
        .await?;
    Ok(ok())
}

#[derive(Deserialize)]
pub(super) struct LeaveEmptyBody {
    case_id: String,
    column: String,
}

/// Adjudication: the final value of a column the coders differ on stays empty ("unknown") on purpose.
pub(super) async fn leave_empty(
    State(st): State<ResearchState>,
    r: Option<Extension<Researcher>>,
    headers: HeaderMap,
    Json(body): Json<LeaveEmptyBody>,
) -> Result<Response, PageError> {
    let (r, now) = act(r, &headers)?;
    let name = r.name.clone();
    let case_id = body.case_id.clone();
    change_values(
        &st,
        &r,
        case_id,
        workspace::FINAL.to_string(),
        move |ws, book| ws.resolve_empty(book, &body.case_id, &body.column, &name, &now),
    )
    .await
}

/// Adjudication: the value the final coding had before the double coding is kept on purpose.
pub(super) async fn keep(
    State(st): State<ResearchState>,
    r: Option<Extension<Researcher>>,
    headers: HeaderMap,
    Json(body): Json<LeaveEmptyBody>,
) -> Result<Response, PageError> {
    let (r, now) = act(r, &headers)?;
    let name = r.name.clone();
    let case_id = body.case_id.clone();
    change_values(
        &st,
        &r,
        case_id,
        workspace::FINAL.to_string(),
        move |ws, _| ws.keep_final(&body.case_id, &body.column, &name, &now),
    )
    .await
}
