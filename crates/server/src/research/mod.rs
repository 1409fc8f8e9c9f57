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
//! - `year`: the year overview, export panel, double coding, case list, discussion list;
//! - `manual`: linking two cases by hand (search, side by side, confirm);
//! - `pages`: the other GET pages (home, import, links, agreement, logs, export);
//! - `case`: the case page with the coding form generated from the codebook;
//! - `api`: the POSTs (link, value, suggestion, assign, adopt, done, undo,
//!   discuss, decide, import).
//!
//! A refused GET becomes a Dutch page ([`html_refusals`]); the scripts' fetches
//! get JSON with a Dutch `message` and, for a form, the `field` it is about.
//!
//! Pages are plain HTML from format strings with no inline script or style
//! (the CSP forbids both); `research.js` does the fetches and the keyboard:
//! `j`/`k` move between items, `a` accepts, `r` rejects. Texts are Dutch with
//! their English in `data-en`.

mod api;
mod case;
mod manual;
mod pages;
pub mod reads;
mod year;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use zicht_codebook::Codebook;
use zicht_research::assisted::SuggestFn;
use zicht_research::linking::{LinkOptions, Profile};
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

/// A year's proposed pairs (a < b) with the size of the selection they were counted for.
type Proposed = (usize, Arc<PairSet>);

/// Proposed pairs of conversation ids (a < b).
pub(crate) type PairSet = std::collections::HashSet<(String, String)>;

struct Inner {
    ws: Mutex<Workspace>,
    book: Codebook,
    suggest: Option<SuggestFn>,
    link: LinkOptions,
    /// The chat's own store, for "import from the chat" (read only) and its researcher accounts.
    store: Option<Store>,
    /// Researcher accounts when there is no store (tests).
    accounts: Vec<String>,
    /// The proposed pairs of each year, by the size of its selection (the
    /// year page counts the open ones without comparing every pair again).
    proposed: Mutex<HashMap<i32, Proposed>>,
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
            accounts: Vec::new(),
            proposed: Mutex::new(HashMap::new()),
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

    /// The proposed pairs (a < b) of a year, when they were counted for a
    /// selection of this size; otherwise `None`, and they are counted in the
    /// background (the workspace lock is held only to read the selection).
    fn proposed(&self, year: i32, size: usize) -> Option<Arc<PairSet>> {
        const COUNTING: usize = usize::MAX;
        {
            let mut map = self.0.proposed.lock().ok()?;
            match map.get(&year) {
                Some((n, pairs)) if *n == size => return Some(pairs.clone()),
                Some((COUNTING, _)) => return None,
                _ => {}
            }
            // Comparing every pair of a large year is the links page's work, not a side job.
            if size > COUNT_IN_BACKGROUND {
                return None;
            }
            map.insert(year, (COUNTING, Arc::new(PairSet::new())));
        }
        let st = self.clone();
        tokio::spawn(async move {
            let read = st.with(move |ws, _| ws.selected(year)).await;
            let Ok(convs) = read else {
                if let Ok(mut map) = st.0.proposed.lock() {
                    map.remove(&year);
                }
                return;
            };
            let options = st.0.link;
            let n = convs.len();
            let pairs = tokio::task::spawn_blocking(move || {
                let profiles: Vec<Profile> = convs.iter().map(Profile::of).collect();
                zicht_research::linking::candidates(&profiles, &options)
                    .into_iter()
                    .map(|c| ordered(c.a, c.b))
                    .collect::<PairSet>()
            })
            .await
            .unwrap_or_default();
            st.remember_proposed(year, n, pairs);
        });
        None
    }

    /// Keeps the proposed pairs of a year (the links page computes them anyway).
    fn remember_proposed(&self, year: i32, size: usize, pairs: PairSet) {
        if let Ok(mut map) = self.0.proposed.lock() {
            map.insert(year, (size, Arc::new(pairs)));
        }
    }

    /// The same pages with these researcher accounts (when there is no store to ask).
    pub fn with_accounts(self, names: &[&str]) -> ResearchState {
        match Arc::try_unwrap(self.0) {
            Ok(mut inner) => {
                inner.accounts = names.iter().map(|n| n.to_string()).collect();
                ResearchState(Arc::new(inner))
            }
            Err(shared) => ResearchState(shared),
        }
    }

    /// The names of the accounts that may code: researcher accounts only
    /// (an admin may open the workspace, but is no coder of the codebook).
    async fn researchers(&self) -> Result<Vec<String>, PageError> {
        let Some(store) = self.0.store.clone() else {
            return Ok(self.0.accounts.clone());
        };
        tokio::task::spawn_blocking(move || -> Result<Vec<String>, String> {
            let users = store
                .connect()
                .map_err(|e| e.to_string())?
                .users()
                .map_err(|e| e.to_string())?;
            Ok(users
                .into_iter()
                .filter(|u| u.role == Role::Researcher)
                .map(|u| u.name)
                .collect())
        })
        .await
        .map_err(|e| PageError::internal(&e.to_string()))?
        .map_err(|e| PageError::internal(&e))
    }

    /// Runs `f` on the workspace on a blocking thread, holding the lock only
    /// while `f` runs: `f` reads or writes, the caller computes afterwards.
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

/// The largest selection whose proposed pairs the year page has counted in
/// the background; a larger year gets them from the links page.
pub const COUNT_IN_BACKGROUND: usize = 5_000;

/// A pair of conversation ids in the order the workspace stores decisions (a < b).
fn ordered(a: String, b: String) -> (String, String) {
    if a < b { (a, b) } else { (b, a) }
}

/// An error as the page or the script sees it: a status, a stable code and a message.
#[derive(Debug)]
pub struct PageError {
    status: StatusCode,
    code: &'static str,
    message: String,
    /// The form field the message is about (`data-col` of the coding form).
    field: Option<String>,
    /// A way forward for the refusal page: (href, Dutch link text).
    next: Option<(String, String)>,
}

impl PageError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> PageError {
        PageError {
            status,
            code,
            message: message.into(),
            field: None,
            next: None,
        }
    }

    /// The same error with a way forward (a link on the refusal page).
    fn next(mut self, href: &str, text: &str) -> PageError {
        self.next = Some((href.to_string(), text.to_string()));
        self
    }

    /// The same error, about this form field.
    fn at(mut self, field: &str) -> PageError {
        self.field = Some(field.to_string());
        self
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
        let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
        let (status, code, message, field) = match e {
            W::NoCase(id) => (
                StatusCode::NOT_FOUND,
                "not_found",
                format!(
                    "Casus {id} bestaat niet (meer): koppelen kan het nummer van een casus veranderen."
                ),
                None,
            ),
            W::NoConversation(id) => (
                StatusCode::NOT_FOUND,
                "not_found",
                format!("Gesprek {id} staat niet in de onderzoeksomgeving."),
                None,
            ),
            W::Invalid {
                problems, column, ..
            } => (unprocessable, "invalid", problems.join(" "), column),
            W::NoColumn(c) => (
                unprocessable,
                "invalid",
                format!("{c} staat niet in het codeboek."),
                None,
            ),
            W::Derived(c) => (
                unprocessable,
                "invalid",
                "Dit veld komt uit de gesprekken zelf en wordt niet met de hand gecodeerd."
                    .to_string(),
                Some(c),
            ),
            W::BadVersion(_) => (
                unprocessable,
                "invalid",
                "Dat is geen geldige accountnaam voor een codeur.".to_string(),
                None,
            ),
            W::SelfLink(_) => (
                unprocessable,
                "invalid",
                "Een gesprek kan niet aan zichzelf gekoppeld worden.".to_string(),
                None,
            ),
            W::Conflict { id, source_name } => (
                unprocessable,
                "invalid",
                format!(
                    "Gesprek {id} staat al in de onderzoeksomgeving met een andere inhoud (uit {source_name}); er is niets geïmporteerd."
                ),
                None,
            ),
            W::NoYear { id, started_at } => (
                unprocessable,
                "invalid",
                format!("Gesprek {id}: begintijd „{started_at}” heeft geen jaar."),
                None,
            ),
            W::Export(problems) => (
                StatusCode::CONFLICT,
                "not_ready",
                format!(
                    "Nog niet klaar voor de definitieve export: {}",
                    problems.join("; ")
                ),
                None,
            ),
            W::Refused(message) => (StatusCode::CONFLICT, "refused", message, None),
            W::Changed { column, message } => {
                (StatusCode::CONFLICT, "changed", message, Some(column))
            }
            W::Blind(message) => (StatusCode::FORBIDDEN, "blind", message, None),
            e @ (W::Sqlite(_)
            | W::Migration { .. }
            | W::Corrupt { .. }
            | W::Vault(_)
            | W::Io { .. }) => {
                return PageError::internal(&e.to_string());
            }
        };
        PageError {
            status,
            code,
            message,
            field,
            next: None,
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(serde_json::json!({
                "error": self.code,
                "message": self.message,
                "field": self.field,
                "next": self.next.map(|(href, text)| serde_json::json!({"href": href, "text": text})),
            })),
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
            "Dubbel coderen is blind: je ziet alleen je eigen codering, tot beide codeurs klaar zijn.",
        ))
    }
}

/// Blind double coding: a coder of a case sees and changes its final version
/// only once both coders marked their version done.
fn blind_final(
    ws: &Workspace,
    me: &str,
    case_id: &str,
    version: &str,
) -> Result<(), WorkspaceError> {
    if version != FINAL {
        return Ok(());
    }
    let Ok(case) = ws.case(case_id) else {
        return Ok(());
    };
    let assigned: Vec<_> = ws
        .assignments(case.year)?
        .into_iter()
        .filter(|a| a.case_id == case.case_id)
        .collect();
    let mine = assigned.iter().any(|a| a.coder == me);
    let both_done = assigned.len() == 2 && assigned.iter().all(|a| a.done_at.is_some());
    if mine && !both_done {
        return Err(WorkspaceError::Blind(format!(
            "Je codeert casus {case_id} blind. De definitieve codering en de versie van de andere codeur zie je pas als jullie allebei klaar zijn."
        )));
    }
    Ok(())
}

/// The router of the research pages, with full paths (`/research/...`).
pub fn router(state: ResearchState) -> Router {
    Router::new()
        .route("/research", get(pages::home))
        .route("/research/import", get(pages::import_page))
        .route("/research/year/{year}", get(year::year_page))
        .route("/research/year/{year}/links", get(pages::links_page))
        .route("/research/year/{year}/link", get(manual::manual_page))
        .route("/research/year/{year}/pairs.json", get(year::pairs_count))
        .route(
            "/research/year/{year}/agreement",
            get(pages::agreement_page),
        )
        .route("/research/year/{year}/audit", get(pages::year_audit_page))
        .route(
            "/research/year/{year}/discussion",
            get(year::discussion_page),
        )
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
        .route("/research/api/final-done", post(api::final_done))
        .route("/research/api/undo", post(api::undo))
        .route("/research/api/discuss", post(api::discuss))
        .route("/research/api/decide", post(api::decide))
        .route("/research/api/reopen", post(api::reopen))
        .route("/research/api/leave-empty", post(api::leave_empty))
        .route("/research/api/keep", post(api::keep))
        .route(
            "/research/api/import",
            post(api::import_file).layer(DefaultBodyLimit::max(IMPORT_LIMIT)),
        )
        .route("/research/api/import-store", post(api::import_store))
        .layer(axum::middleware::from_fn(html_refusals))
        .with_state(state)
}

/// A refused GET (a page, not a script's fetch) as a Dutch page instead of
/// the JSON the scripts read: the message, and the way back.
async fn html_refusals(req: Request, next: Next) -> Response {
    let get = req.method() == Method::GET;
    let res = next.run(req).await;
    let json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !get || !json || res.status().is_success() {
        return res;
    }
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 64 * 1024)
        .await
        .unwrap_or_default();
    let reply = serde_json::from_slice::<serde_json::Value>(&bytes).unwrap_or_default();
    let message = reply["message"]
        .as_str()
        .map_or_else(|| "Dit kan niet.".to_string(), str::to_string);
    let next = match (
        reply["next"]["href"].as_str(),
        reply["next"]["text"].as_str(),
    ) {
        (Some(href), Some(text)) if href.starts_with("/research") => format!(
            "<p><a class=\"button\" id=\"next\" href=\"{}\">{}</a></p>",
            esc(href),
            esc(text)
        ),
        _ => String::new(),
    };
    let heading = match status {
        StatusCode::FORBIDDEN => "Nog niet zichtbaar",
        StatusCode::NOT_FOUND => "Niet gevonden",
        _ => "Dit kan nu niet",
    };
    let body = format!(
        "<!doctype html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{heading} – zicht onderzoek</title>\n<link rel=\"stylesheet\" href=\"/research/static/research.css\">\n</head>\n\
         <body data-page=\"refused\">\n<header class=\"bar\"><a class=\"brand\" href=\"/research\">zicht · onderzoek</a></header>\n\
         <main id=\"main\">\n<h1>{heading}</h1>\n<p class=\"refusal\">{message}</p>\n{next}\
         <p><a href=\"/research\">Terug naar het overzicht</a></p>\n</main>\n</body>\n</html>\n",
        message = esc(&message),
    );
    (status, Html(body)).into_response()
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
            Html(crate::pages::research_login()).into_response()
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
         <body data-page=\"{page}\">\n<header class=\"bar\"><a class=\"brand\" href=\"/research\" data-en=\"zicht · research\">zicht · onderzoek</a>\
         <span class=\"who\">{name}</span>\
         <button type=\"button\" id=\"lang\" class=\"quiet\" lang=\"en\" data-en=\"Nederlands\">English</button>\
         <button type=\"button\" id=\"logout\" class=\"quiet\" data-en=\"Log out\">Uitloggen</button></header>\n\
         <main id=\"main\">\n{body}\n<p id=\"status\" role=\"status\" aria-live=\"polite\"></p>\n</main>\n</body>\n</html>\n",
        csrf = esc(&researcher.csrf),
        title = esc(title),
        name = esc(&researcher.name),
    ))
}

// ---------------------------------------------------------------- words for people

const MONTHS: [&str; 12] = [
    "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

/// An RFC 3339 time as people read it, in Dutch local time: "3 mrt 2022 14:05".
/// Anything that does not parse is shown as it is.
pub(crate) fn nl_time(text: &str) -> String {
    let Ok(ts) = text.parse::<jiff::Timestamp>() else {
        return text.to_string();
    };
    let Ok(tz) = jiff::tz::TimeZone::get("Europe/Amsterdam") else {
        return text.to_string();
    };
    let z = ts.to_zoned_datetime(tz);
    format!(
        "{} {} {} {:02}:{:02}",
        z.day(),
        MONTHS[usize::try_from(z.month() - 1).unwrap_or(0).min(11)],
        z.year(),
        z.hour(),
        z.minute()
    )
}

/// A date (or the date of a time) as people read it: "3 mrt 2022".
pub(crate) fn nl_day(text: &str) -> String {
    let day = text.get(..10).unwrap_or(text);
    match day.parse::<jiff::civil::Date>() {
        Ok(d) => format!(
            "{} {} {}",
            d.day(),
            MONTHS[usize::try_from(d.month() - 1).unwrap_or(0).min(11)],
            d.year()
        ),
        Err(_) => text.to_string(),
    }
}

/// The English label of a column (variable, set item or set), for `data-en`.
pub(crate) fn label_en(book: &Codebook, column: &str) -> String {
    if let Some(set) = book.set(column) {
        return set.label.en.clone();
    }
    zicht_research::agreement::column_label(book, column, zicht_codebook::Lang::En)
}

/// The English label of a coded value (a code's `en`, yes/no), else the value itself.
pub(crate) fn value_en(book: &Codebook, column: &str, raw: &str) -> String {
    if let Some(var) = book.variable(column) {
        if let Some(code) = var.codes.iter().find(|c| c.code == raw) {
            return code.en.clone();
        }
        if var.kind == zicht_codebook::Kind::YesNo {
            return match raw {
                "1" => "yes".to_string(),
                "0" => "no".to_string(),
                _ => raw.to_string(),
            };
        }
    }
    raw.to_string()
}

/// A condition in English ("perpetrator relation is “Family member”").
pub(crate) fn condition_en(book: &Codebook, cond: &zicht_codebook::Condition) -> String {
    let label = label_en(book, &cond.variable).to_lowercase();
    let list = |codes: &[String]| {
        codes
            .iter()
            .map(|c| format!("“{}”", value_en(book, &cond.variable, c)))
            .collect::<Vec<_>>()
            .join(" or ")
    };
    match (&cond.in_codes, &cond.not_in) {
        (Some(codes), _) => format!("{label} is {}", list(codes)),
        (None, Some(codes)) => format!("{label} is not {}", list(codes)),
        _ => format!("{label} is known"),
    }
}

/// A count with the singular or plural noun: "1 casus", "3 casussen" (never "casus(sen)").
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A number with a Dutch decimal comma and `decimals` decimals: "21,8".
pub(crate) fn nl_number(x: f64, decimals: usize) -> String {
    format!("{x:.decimals$}").replace('.', ",")
}

#[cfg(test)]
mod words_tests {
    use super::*;

    #[test]
    fn times_dates_and_numbers_in_dutch() {
        assert_eq!(nl_time("2022-03-03T13:05:00Z"), "3 mrt 2022 14:05");
        assert_eq!(nl_time("2022-07-01T10:00:00Z"), "1 jul 2022 12:00");
        assert_eq!(nl_time("geen tijd"), "geen tijd");
        assert_eq!(nl_day("2022-03-14T20:15:00Z"), "14 mrt 2022");
        assert_eq!(nl_number(21.84, 1), "21,8");
    }
}
