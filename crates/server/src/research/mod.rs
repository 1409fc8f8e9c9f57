//! The researcher's pages under `/research`: funnel, import, duplicate linking, coding, double coding, export.
//!
//! The domain (workspace, linking, agreement, import) is zicht-research; this
//! module is its HTTP face. [`router`] builds the pages over a
//! [`ResearchState`]; [`routes`] puts the server's login in front: the session
//! cookie, the role (researcher or admin) and, for every POST, the CSRF token
//! and `Origin` ([`console::auth`]). The signed-in person reaches the handlers
//! as a [`Researcher`] extension; the handlers refuse a request without one,
//! and compare the `x-csrf-token` header of every POST with
//! [`Researcher::csrf`] once more.
//!
//! - `pages`: the GET pages (home, year, import, links, agreement, audit, export);
//! - `case`: the case page with the coding form generated from the codebook;
//! - `api`: the POSTs (link, value, suggestion, assign, adopt, done, import).
//!
//! Pages are plain HTML from format strings with no inline script or style
//! (the CSP forbids both); `research.js` does the fetches and the keyboard:
//! `j`/`k` move between items, `a` accepts, `r` rejects. Texts are Dutch with
//! their English in `data-en`.

mod api;
mod case;
mod pages;
pub mod reads;

use std::sync::{Arc, Mutex};

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use zicht_codebook::Codebook;
use zicht_research::assisted::SuggestFn;
use zicht_research::linking::LinkOptions;
use zicht_research::workspace::{FINAL, Workspace, WorkspaceError};
use zicht_store::{Role, Store};

use crate::pages::esc;
use crate::{App, console};

const JS: &str = include_str!("../../assets/research.js");
const CSS: &str = include_str!("../../assets/research.css");

/// Roles that work in the research workspace.
pub const RESEARCH: &[Role] = &[Role::Researcher, Role::Admin];

/// The largest `conversations.jsonl` the import page accepts (the rest of the server takes 64 KiB).
pub const IMPORT_LIMIT: usize = 64 * 1024 * 1024;

/// The signed-in person, put into the request extensions by the server's auth layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Researcher {
    /// Account name: recorded with every decision and used as the coder's version.
    pub name: String,
    /// The session's CSRF token; every POST must send it as `x-csrf-token`.
    pub csrf: String,
}

struct Inner {
    ws: Mutex<Workspace>,
    book: Codebook,
    suggest: Option<SuggestFn>,
    link: LinkOptions,
    /// The chat's own store, for "import from the chat" (read only).
    store: Option<Store>,
}

/// What the research pages share.
#[derive(Clone)]
pub struct ResearchState(Arc<Inner>);

impl ResearchState {
    /// The pages over a workspace; `suggest` is assisted coding, if available.
    pub fn new(ws: Workspace, book: Codebook, suggest: Option<SuggestFn>) -> ResearchState {
        ResearchState::with_link_options(ws, book, suggest, LinkOptions::default())
    }

    /// Like [`ResearchState::new`] with other linking options (a small test year needs a lower threshold).
    pub fn with_link_options(
        ws: Workspace,
        book: Codebook,
        suggest: Option<SuggestFn>,
        link: LinkOptions,
    ) -> ResearchState {
        ResearchState(Arc::new(Inner {
            ws: Mutex::new(ws),
            book,
            suggest,
            link,
            store: None,
        }))
    }

    /// The same pages with the chat's own store to import from.
    pub fn with_store(self, store: Store) -> ResearchState {
        match Arc::try_unwrap(self.0) {
            Ok(mut inner) => {
                inner.store = Some(store);
                ResearchState(Arc::new(inner))
            }
            // Already shared: keep it as it is (only built once, at start).
            Err(shared) => ResearchState(shared),
        }
    }

    /// Records that `staff` read the transcripts of `conversations` for
    /// `purpose` in the chat store's audit of transcript reads (one entry
    /// each). Without a chat store (a workspace on its own) there is no audit to write.
    async fn audit(
        &self,
        staff: &str,
        purpose: zicht_store::Purpose,
        conversations: Vec<String>,
    ) -> Result<(), PageError> {
        let Some(store) = self.0.store.clone() else {
            return Ok(());
        };
        let staff = staff.to_string();
        tokio::task::spawn_blocking(move || {
            let conn = store.connect()?;
            conn.savepoint(|c| {
                let at = crate::now_text();
                for conversation in conversations {
                    c.record_read(&zicht_store::TranscriptRead {
                        at: at.clone(),
                        staff: staff.clone(),
                        conversation,
                        purpose: purpose.code().to_string(),
                    })?;
                }
                Ok(())
            })
        })
        .await
        .map_err(|e| PageError::internal(&e.to_string()))?
        .map_err(|e| PageError::internal(&e.to_string()))
    }

    /// Runs `f` on the workspace on a blocking thread.
    async fn with<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Workspace, &Codebook) -> Result<T, WorkspaceError> + Send + 'static,
    ) -> Result<T, PageError> {
        let inner = self.0.clone();
        tokio::task::spawn_blocking(move || {
            let mut ws = inner.ws.lock().map_err(|_| PageError::internal("lock"))?;
            f(&mut ws, &inner.book).map_err(PageError::from)
        })
        .await
        .map_err(|e| PageError::internal(&e.to_string()))?
    }
}

/// An error as the page or the script sees it: a status, a stable code and a message.
#[derive(Debug)]
pub struct PageError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl PageError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> PageError {
        PageError {
            status,
            code,
            message: message.into(),
        }
    }

    fn invalid(message: impl Into<String>) -> PageError {
        PageError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message)
    }

    fn internal(what: &str) -> PageError {
        crate::log(&format!("research: internal error: {what}"));
        PageError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Er ging iets mis aan de serverkant.",
        )
    }
}

impl From<WorkspaceError> for PageError {
    fn from(e: WorkspaceError) -> PageError {
        use WorkspaceError as W;
        let (status, code) = match &e {
            W::NoCase(_) | W::NoConversation(_) => (StatusCode::NOT_FOUND, "not_found"),
            W::Invalid { .. }
            | W::NoColumn(_)
            | W::Derived(_)
            | W::BadVersion(_)
            | W::SelfLink(_)
            | W::Conflict { .. }
            | W::NoYear { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
            W::Export(_) => (StatusCode::CONFLICT, "not_ready"),
            W::Sqlite(_) | W::Migration { .. } | W::Corrupt { .. } | W::Vault(_) | W::Io { .. } => {
                return PageError::internal(&e.to_string());
            }
        };
        PageError::new(status, code, e.to_string())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(serde_json::json!({"error": self.code, "message": self.message})),
        )
            .into_response()
    }
}

/// The researcher of the request, or 401.
fn who(r: Option<Extension<Researcher>>) -> Result<Researcher, PageError> {
    r.map(|Extension(r)| r).ok_or_else(|| {
        PageError::new(
            StatusCode::UNAUTHORIZED,
            "login_required",
            "Log eerst in als onderzoeker.",
        )
    })
}

/// The researcher of a POST with a matching `x-csrf-token`, or 401/403.
fn poster(r: Option<Extension<Researcher>>, headers: &HeaderMap) -> Result<Researcher, PageError> {
    let r = who(r)?;
    let sent = headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if r.csrf.is_empty() || !console::constant_time_eq(sent.as_bytes(), r.csrf.as_bytes()) {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            "csrf",
            "Verlopen formulier: herlaad de pagina.",
        ));
    }
    Ok(r)
}

/// The version a researcher may see and change: `final`, or their own coder version.
fn allowed_version(r: &Researcher, version: &str) -> Result<(), PageError> {
    if version == FINAL || version == r.name {
        Ok(())
    } else {
        Err(PageError::new(
            StatusCode::FORBIDDEN,
            "blind",
            "Dubbel coderen is blind: je ziet alleen je eigen codering.",
        ))
    }
}

/// The router of the research pages, with full paths (`/research/...`).
pub fn router(state: ResearchState) -> Router {
    Router::new()
        .route("/research", get(pages::home))
        .route("/research/import", get(pages::import_page))
        .route("/research/year/{year}", get(pages::year_page))
        .route("/research/year/{year}/links", get(pages::links_page))
        .route(
            "/research/year/{year}/agreement",
            get(pages::agreement_page),
        )
        .route("/research/year/{year}/audit", get(pages::year_audit_page))
        .route("/research/year/{year}/cases.csv", get(pages::export_csv))
        .route("/research/year/{year}/cases.sav", get(pages::export_sav))
        .route("/research/case/{id}", get(case::case_page))
        .route("/research/case/{id}/audit", get(pages::audit_page))
        .route(
            "/research/static/research.js",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    JS,
                )
            }),
        )
        .route(
            "/research/static/research.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS) }),
        )
        .route("/research/api/link", post(api::link))
        .route("/research/api/value", post(api::value))
        .route("/research/api/suggestion", post(api::suggestion))
        .route("/research/api/assign", post(api::assign))
        .route("/research/api/adopt", post(api::adopt))
        .route("/research/api/done", post(api::done))
        .route(
            "/research/api/import",
            post(api::import_file).layer(DefaultBodyLimit::max(IMPORT_LIMIT)),
        )
        .route("/research/api/import-store", post(api::import_store))
        .with_state(state)
}

/// The research router with the login in front.
pub fn routes(app: &App) -> Router {
    router(app.research.clone())
        .layer(axum::middleware::from_fn_with_state(app.clone(), guard))
        .merge(
            Router::new()
                .route("/research/reads", get(reads::reads_page))
                .with_state(app.clone()),
        )
}

async fn guard(State(app): State<App>, mut req: Request, next: Next) -> Response {
    let post = req.method() == Method::POST;
    match console::auth(&app, req.headers(), RESEARCH, post).await {
        Ok(session) => {
            req.extensions_mut().insert(Researcher {
                name: session.user.name.clone(),
                csrf: session.csrf.clone(),
            });
            next.run(req).await
        }
        Err(e) if !post && e.status == StatusCode::UNAUTHORIZED => {
            Html(crate::pages::login()).into_response()
        }
        Err(e) if !post && e.status == StatusCode::FORBIDDEN => {
            (StatusCode::FORBIDDEN, crate::pages::forbidden()).into_response()
        }
        Err(e) => e.into_response(),
    }
}

// ---------------------------------------------------------------- page frame

/// A whole research page around `body`.
fn page(title: &str, researcher: &Researcher, page: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex, nofollow\">\n<meta name=\"csrf\" content=\"{csrf}\">\n\
         <title>{title}</title>\n<link rel=\"stylesheet\" href=\"/research/static/research.css\">\n\
         <script src=\"/research/static/research.js\" defer></script>\n</head>\n\
         <body data-page=\"{page}\">\n<header class=\"bar\"><a class=\"brand\" href=\"/research\">zicht · onderzoek</a>\
         <span class=\"who\">{name}</span>\
         <button type=\"button\" id=\"lang\" class=\"quiet\" lang=\"en\" data-en=\"Nederlands\">English</button></header>\n\
         <main id=\"main\">\n{body}\n<p id=\"status\" role=\"status\" aria-live=\"polite\"></p>\n</main>\n</body>\n</html>\n",
        csrf = esc(&researcher.csrf),
        title = esc(title),
        name = esc(&researcher.name),
    ))
}
