//! The researcher's pages under `/research`: funnel, duplicate linking, coding form, double coding, export.
//!
//! [`router`] builds an axum router with full paths (`/research/...`) that the
//! server merges into its own. Authentication is the server's: its layer
//! checks the session and the role (researcher or admin), checks the CSRF token
//! and `Origin` of every POST, and inserts a [`Researcher`] into the request
//! extensions. The handlers here refuse a request without one, and compare the
//! `x-csrf-token` header of every POST with [`Researcher::csrf`] once more.
//!
//! Pages are plain HTML from format strings with no inline script or style
//! (the server's CSP forbids both); `research.js` does the fetches and the
//! keyboard: `j`/`k` move between items, `a` accepts, `r` rejects. Texts are
//! Dutch with their English in `data-en`.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::Deserialize;
use zicht_codebook::{Codebook, Column, Kind, Lang};
use zicht_conversations::{Conversation, From as Sender};

use crate::agreement::{escape_html as esc, render_html};
use crate::linking::{self, LinkOptions, Profile};
use crate::workspace::{self, CaseInfo, FINAL, Workspace, WorkspaceError};

const JS: &str = include_str!("../assets/research.js");
const CSS: &str = include_str!("../assets/research.css");

/// The signed-in person, put into the request extensions by the server's auth layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Researcher {
    /// Account name: recorded with every decision and used as the coder's version.
    pub name: String,
    /// The session's CSRF token; every POST must send it as `x-csrf-token`.
    pub csrf: String,
}

/// One span of a message that supports a suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// 0-based index into the conversation's messages.
    pub message: usize,
    /// Unicode scalar offsets.
    pub start: usize,
    pub end: usize,
}

/// A suggestion as the coding page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuggestionView {
    /// A variable name, or a set name.
    pub variable: String,
    /// The raw value as `cases.csv` writes it; for a set the item codes joined by commas.
    pub value: String,
    pub evidence: Vec<Span>,
}

/// Assisted coding as the pages use it: suggestions for one conversation.
pub type SuggestFn = Arc<dyn Fn(&Conversation) -> Vec<SuggestionView> + Send + Sync>;

struct Inner {
    ws: Mutex<Workspace>,
    book: Codebook,
    suggest: Option<SuggestFn>,
    link: LinkOptions,
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
        }))
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

    fn internal(what: &str) -> PageError {
        eprintln!("zicht research: internal error: {what}");
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
            W::Invalid { .. } | W::NoColumn(_) | W::Derived(_) | W::BadVersion(_) => {
                (StatusCode::UNPROCESSABLE_ENTITY, "invalid")
            }
            W::SelfLink(_) | W::Conflict { .. } | W::NoYear { .. } => {
                (StatusCode::UNPROCESSABLE_ENTITY, "invalid")
            }
            W::Export(_) => (StatusCode::CONFLICT, "not_ready"),
            W::Sqlite(_) | W::Migration { .. } | W::Corrupt { .. } => {
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
    let same = sent.len() == r.csrf.len()
        && sent
            .bytes()
            .zip(r.csrf.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if r.csrf.is_empty() || !same {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            "csrf",
            "Verlopen formulier: herlaad de pagina.",
        ));
    }
    Ok(r)
}

/// The router of the research pages, with full paths.
pub fn router(state: ResearchState) -> Router {
    Router::new()
        .route("/research", get(home))
        .route("/research/year/{year}", get(year_page))
        .route("/research/year/{year}/links", get(links_page))
        .route("/research/year/{year}/agreement", get(agreement_page))
        .route("/research/year/{year}/cases.csv", get(export_csv))
        .route("/research/case/{id}", get(case_page))
        .route("/research/case/{id}/audit", get(audit_page))
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
        .route("/research/api/link", post(api_link))
        .route("/research/api/value", post(api_value))
        .route("/research/api/suggestion", post(api_suggestion))
        .route("/research/api/assign", post(api_assign))
        .route("/research/api/adopt", post(api_adopt))
        .route("/research/api/done", post(api_done))
        .with_state(state)
}

// ---------------------------------------------------------------- page frame

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

/// A text in Dutch with its English in `data-en`.
fn t(tag: &str, attrs: &str, nl: &str, en: &str) -> String {
    format!("<{tag}{attrs} data-en=\"{}\">{}</{tag}>", esc(en), esc(nl))
}

fn funnel_html(f: &workspace::Funnel) -> String {
    let item = |n: usize, nl: &str, en: &str| {
        format!(
            "<div class=\"step\"><span class=\"n\">{n}</span>{}</div>",
            t("span", " class=\"what\"", nl, en)
        )
    };
    format!(
        "<div class=\"funnel\">{}{}{}{}{}</div>",
        item(
            f.conversations,
            "gemarkeerde gesprekken",
            "flagged conversations"
        ),
        item(f.duplicates, "gekoppelde dubbelingen", "linked duplicates"),
        item(f.excluded, "geëxcludeerd", "excluded"),
        item(f.included, "geïncludeerd", "included"),
        item(f.open, "nog te beoordelen", "still to decide"),
    )
}

// ---------------------------------------------------------------- pages

async fn home(
    State(st): State<ResearchState>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    let r = who(r)?;
    let years = st
        .with(|ws, book| {
            let mut out = Vec::new();
            for y in ws.years()? {
                out.push((y, ws.funnel(book, y)?));
            }
            Ok(out)
        })
        .await?;
    let mut body = t(
        "h1",
        "",
        "Onderzoek: van gesprek tot casus",
        "Research: from conversation to case",
    );
    if years.is_empty() {
        body.push_str(&t(
            "p",
            "",
            "Nog geen gesprekken. Importeer ze met `zicht import --conversations FILE`.",
            "No conversations yet. Import them with `zicht import --conversations FILE`.",
        ));
    }
    for (y, f) in years {
        let _ = write!(
            body,
            "<section class=\"year\"><h2><a href=\"/research/year/{y}\">{y}</a></h2>{}</section>",
            funnel_html(&f)
        );
    }
    Ok(page("Onderzoek", &r, "home", &body).into_response())
}

async fn year_page(
    State(st): State<ResearchState>,
    Path(year): Path<i32>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    let r = who(r)?;
    let options = st.0.link;
    let (funnel, cases, values, assignments, candidates) = st
        .with(move |ws, book| {
            let cases = ws.cases(year)?;
            let mut values = HashMap::new();
            for c in &cases {
                values.insert(c.case_id.clone(), ws.values(&c.case_id, FINAL)?);
            }
            let open_candidates = ws
                .candidates(year, &options)?
                .iter()
                .filter(|(_, d)| d.is_none())
                .count();
            Ok((
                ws.funnel(book, year)?,
                cases,
                values,
                ws.assignments(year)?,
                open_candidates,
            ))
        })
        .await?;
    let book = &st.0.book;
    let mut coders: HashMap<&str, Vec<String>> = HashMap::new();
    for a in &assignments {
        coders.entry(a.case_id.as_str()).or_default().push(format!(
            "{}{}",
            a.coder,
            if a.done_at.is_some() { " ✓" } else { "" }
        ));
    }
    let mut rows = String::new();
    for c in &cases {
        let v = values.get(&c.case_id);
        let status = v
            .and_then(|v| v.get(&book.analysis.status))
            .map(|s| code_label(book, &book.analysis.status, s))
            .unwrap_or_else(|| "–".to_string());
        let _ = write!(
            rows,
            "<tr><td><a href=\"/research/case/{id}\">{id}</a></td><td>{date}</td><td>{n}</td><td>{status}</td><td>{coders}</td></tr>",
            id = esc(&c.case_id),
            date = esc(c.first_started.get(..10).unwrap_or_default()),
            n = c.conversations.len(),
            status = esc(&status),
            coders = esc(&coders
                .get(c.case_id.as_str())
                .map(|v| v.join(", "))
                .unwrap_or_default()),
        );
    }
    let body = format!(
        "<h1>{year}</h1>{funnel}\n<nav class=\"actions\">\
         <a class=\"button\" href=\"/research/year/{year}/links\">{links} ({candidates})</a>\
         <a class=\"button\" href=\"/research/year/{year}/agreement\">{agreement}</a>\
         <a class=\"button\" id=\"export\" href=\"/research/year/{year}/cases.csv\" download=\"cases-{year}.csv\">{export}</a></nav>\n\
         <section><h2>{assign_h}</h2><form id=\"assign\" class=\"inline\" data-year=\"{year}\">\
         <label>{share} <input name=\"share\" type=\"number\" min=\"1\" max=\"100\" value=\"20\"></label>\
         <label>{coder_a} <input name=\"coder_a\" required></label>\
         <label>{coder_b} <input name=\"coder_b\" required></label>\
         <button type=\"submit\">{assign}</button></form></section>\n\
         <section><h2>{cases_h}</h2><table class=\"cases\"><thead><tr><th>{case}</th><th>{first}</th><th>{convs}</th><th>Status</th><th>{coders_h}</th></tr></thead>\
         <tbody>{rows}</tbody></table></section>",
        funnel = funnel_html(&funnel),
        links = t("span", "", "Dubbelingen koppelen", "Link duplicates"),
        agreement = t("span", "", "Overeenstemming", "Agreement"),
        export = t("span", "", "Exporteer cases.csv", "Export cases.csv"),
        assign_h = t("span", "", "Dubbel coderen", "Double coding"),
        share = t("span", "", "Aandeel (%)", "Share (%)"),
        coder_a = t("span", "", "Codeur A", "Coder A"),
        coder_b = t("span", "", "Codeur B", "Coder B"),
        assign = t("span", "", "Wijs willekeurig toe", "Assign at random"),
        cases_h = t("span", "", "Casussen", "Cases"),
        case = t("span", "", "Casus", "Case"),
        first = t("span", "", "Eerste contact", "First contact"),
        convs = t("span", "", "Gesprekken", "Conversations"),
        coders_h = t("span", "", "Codeurs", "Coders"),
    );
    Ok(page(&format!("Onderzoek {year}"), &r, "year", &body).into_response())
}

fn code_label(book: &Codebook, column: &str, raw: &str) -> String {
    match book.column(column) {
        Some(Column::Variable(v)) if v.kind == Kind::Code => v
            .code(raw)
            .map(|c| c.nl.clone())
            .unwrap_or_else(|| raw.to_string()),
        Some(c) if c.kind() == Kind::YesNo => match raw {
            "1" => "ja".to_string(),
            "0" => "nee".to_string(),
            _ => raw.to_string(),
        },
        _ => raw.to_string(),
    }
}

fn visitor_lines(c: &Conversation, max: usize) -> String {
    let mut out = String::new();
    for m in c
        .messages
        .iter()
        .filter(|m| m.from == Sender::Visitor)
        .take(max)
    {
        let text: String = m.text.chars().take(160).collect();
        let _ = write!(out, "<li>{}</li>", esc(&text));
    }
    format!("<ul class=\"lines\">{out}</ul>")
}

async fn links_page(
    State(st): State<ResearchState>,
    Path(year): Path<i32>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    let r = who(r)?;
    let options = st.0.link;
    let suggest = st.0.suggest.clone();
    let (candidates, convs) = st
        .with(move |ws, _| {
            // What assisted coding finds is shown beside the pair (it weighs nothing).
            let c = ws.candidates_with(year, &options, |conv, profile| {
                if let Some(f) = &suggest {
                    for v in f(conv) {
                        if crate::assisted::STORY_VARIABLES.contains(&v.variable.as_str()) {
                            profile.facts.add_coded(&v.variable, &v.value);
                        }
                    }
                }
            })?;
            let convs: HashMap<String, Conversation> = ws
                .selected(year)?
                .into_iter()
                .map(|c| (c.conversation_id.clone(), c))
                .collect();
            Ok((c, convs))
        })
        .await?;
    let mut body = format!(
        "<h1>{}</h1><p class=\"keys\">{}</p>",
        t(
            "span",
            "",
            &format!("Dubbelingen koppelen {year}"),
            &format!("Link duplicates {year}")
        ),
        t(
            "span",
            "",
            "Toetsen: j/k volgende/vorige, a koppelen, r niet koppelen.",
            "Keys: j/k next/previous, a link, r do not link."
        )
    );
    if candidates.is_empty() {
        body.push_str(&t("p", "", "Geen kandidaat-paren.", "No candidate pairs."));
    }
    for (c, decision) in &candidates {
        let side = |id: &str| -> String {
            let Some(conv) = convs.get(id) else {
                return String::new();
            };
            format!(
                "<div class=\"side\"><h3>{id}</h3><dl><dt>{user}</dt><dd>{u}</dd><dt>{start}</dt><dd>{s}</dd>\
                 <dt>{intake}</dt><dd>{age} · {gender}</dd></dl>{lines}</div>",
                id = esc(id),
                user = t("span", "", "Gebruikersnaam", "Username"),
                u = esc(&conv.username),
                start = t("span", "", "Begin", "Started"),
                s = esc(&conv.started_at.replace('T', " ").replace('Z', "")),
                intake = t("span", "", "Intake", "Intake"),
                age = conv.intake.age.map_or("–".to_string(), |a| a.to_string()),
                gender = esc(conv.intake.gender.as_deref().unwrap_or("–")),
                lines = visitor_lines(conv, 4),
            )
        };
        let mut reasons = String::new();
        for reason in &c.reasons {
            let _ = write!(
                reasons,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"w {}\">{:+.1}</td></tr>",
                esc(reason.signal.label_nl()),
                esc(&reason.detail),
                if reason.weight < 0.0 { "neg" } else { "pos" },
                reason.weight
            );
        }
        let state = match decision {
            Some(d) if d.linked => format!("gekoppeld door {} ({})", d.decided_by, d.decided_at),
            Some(d) => format!("niet gekoppeld door {} ({})", d.decided_by, d.decided_at),
            None => "nog niet beoordeeld".to_string(),
        };
        let _ = write!(
            body,
            "<article class=\"pair item\" tabindex=\"-1\" data-a=\"{a}\" data-b=\"{b}\" data-decided=\"{decided}\">\
             <header><span class=\"score\">score {score:.1}</span> <span class=\"state\">{state}</span></header>\
             <div class=\"sides\">{sa}{sb}</div><table class=\"reasons\"><tbody>{reasons}</tbody></table>\
             <div class=\"buttons\"><button type=\"button\" class=\"accept\">{link} (a)</button>\
             <button type=\"button\" class=\"reject\">{nolink} (r)</button></div></article>",
            a = esc(&c.a),
            b = esc(&c.b),
            decided =
                decision
                    .as_ref()
                    .map_or("", |d| if d.linked { "linked" } else { "rejected" }),
            score = c.score,
            state = esc(&state),
            sa = side(&c.a),
            sb = side(&c.b),
            link = t("span", "", "Koppelen", "Link"),
            nolink = t("span", "", "Niet koppelen", "Do not link"),
        );
    }
    Ok(page(&format!("Koppelen {year}"), &r, "links", &body).into_response())
}

async fn agreement_page(
    State(st): State<ResearchState>,
    Path(year): Path<i32>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    let r = who(r)?;
    let result = st.with(move |ws, book| ws.agreement(book, year)).await?;
    let book = &st.0.book;
    let mut body = format!(
        "<h1>{}</h1>",
        t(
            "span",
            "",
            &format!("Overeenstemming {year}"),
            &format!("Agreement {year}")
        )
    );
    if result.cases == 0 {
        body.push_str(&t(
            "p",
            "",
            "Nog geen dubbel gecodeerde casussen.",
            "No double-coded cases yet.",
        ));
    } else {
        body.push_str(&render_html(&result, book, Lang::Nl));
    }
    let _ = write!(
        body,
        "<h2>{}</h2><ul class=\"disagreements\">",
        t(
            "span",
            "",
            "Verschillen om te bespreken",
            "Differences to discuss"
        )
    );
    for d in &result.disagreements {
        let _ = write!(
            body,
            "<li><a href=\"/research/case/{id}#f-{col}\">{id}</a> {label}: A = {a}, B = {b}</li>",
            id = esc(&d.case_id),
            col = esc(&d.column),
            label = esc(&crate::agreement::column_label(book, &d.column, Lang::Nl)),
            a = esc(&if d.a.is_empty() {
                "(leeg)".into()
            } else {
                code_label(book, &d.column, &d.a)
            }),
            b = esc(&if d.b.is_empty() {
                "(leeg)".into()
            } else {
                code_label(book, &d.column, &d.b)
            }),
        );
    }
    body.push_str("</ul>");
    Ok(page(&format!("Overeenstemming {year}"), &r, "agreement", &body).into_response())
}

async fn export_csv(
    State(st): State<ResearchState>,
    Path(year): Path<i32>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    let r = who(r)?;
    let csv = st
        .with(move |ws, book| {
            let mut buf = Vec::new();
            ws.export_csv(book, year, &mut buf)?;
            Ok(buf)
        })
        .await;
    match csv {
        Ok(buf) => Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"cases-{year}.csv\""),
                ),
            ],
            buf,
        )
            .into_response()),
        Err(e) if e.code == "not_ready" => {
            let body = format!(
                "<h1>{}</h1><p class=\"error\">{}</p><p><a href=\"/research/year/{year}\">{}</a></p>",
                t(
                    "span",
                    "",
                    "Export nog niet mogelijk",
                    "Export not possible yet"
                ),
                esc(&e.message),
                t("span", "", "Terug", "Back"),
            );
            Ok((StatusCode::CONFLICT, page("Export", &r, "export", &body)).into_response())
        }
        Err(e) => Err(e),
    }
}

async fn audit_page(
    State(st): State<ResearchState>,
    Path(id): Path<String>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    let r = who(r)?;
    let me = r.name.clone();
    let case_id = id.clone();
    let entries = st
        .with(move |ws, _| {
            ws.case(&case_id)?;
            ws.audit(&case_id)
        })
        .await?;
    let mut rows = String::new();
    for e in entries
        .iter()
        .filter(|e| e.version == FINAL || e.version == me)
    {
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&e.at),
            esc(&e.by),
            esc(&e.version),
            esc(&e.column),
            esc(e.old.as_deref().unwrap_or("")),
            esc(e.new.as_deref().unwrap_or("")),
            esc(&e.via)
        );
    }
    let body = format!(
        "<h1>{} {}</h1><p><a href=\"/research/case/{id}\">{}</a></p><table class=\"audit\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{rows}</tbody></table>",
        t("span", "", "Wijzigingen van casus", "Changes of case"),
        esc(&id),
        t("span", "", "Terug naar de casus", "Back to the case"),
        t("span", "", "Wanneer", "When"),
        t("span", "", "Wie", "Who"),
        t("span", "", "Versie", "Version"),
        t("span", "", "Veld", "Field"),
        t("span", "", "Oud", "Old"),
        t("span", "", "Nieuw", "New"),
        t("span", "", "Via", "Via"),
        id = esc(&id),
    );
    Ok(page("Wijzigingen", &r, "audit", &body).into_response())
}

#[derive(Deserialize)]
struct CaseQuery {
    v: Option<String>,
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

struct CaseData {
    case: CaseInfo,
    convs: Vec<Conversation>,
    values: BTreeMap<String, String>,
    coders: Vec<(String, bool, BTreeMap<String, String>)>,
    decisions: HashMap<(String, String), bool>,
}

async fn case_page(
    State(st): State<ResearchState>,
    Path(id): Path<String>,
    Query(q): Query<CaseQuery>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    let r = who(r)?;
    let version = q.v.unwrap_or_else(|| FINAL.to_string());
    allowed_version(&r, &version)?;
    let v = version.clone();
    let data = st
        .with(move |ws, _| {
            let case = ws.case(&id)?;
            let mut convs = Vec::new();
            for c in &case.conversations {
                if let Some(conv) = ws.conversation(c)? {
                    convs.push(conv);
                }
            }
            let values = ws.values(&id, &v)?;
            let assignments: Vec<_> = ws
                .assignments(case.year)?
                .into_iter()
                .filter(|a| a.case_id == id)
                .collect();
            // Coders' values are shown beside the final version only when both are done.
            let mut coders = Vec::new();
            if v == FINAL
                && assignments.len() == 2
                && assignments.iter().all(|a| a.done_at.is_some())
            {
                for a in &assignments {
                    coders.push((a.coder.clone(), true, ws.values(&id, &a.coder)?));
                }
            }
            let decisions = ws.suggestion_decisions(&id, &v)?;
            Ok(CaseData {
                case,
                convs,
                values,
                coders,
                decisions,
            })
        })
        .await?;
    let suggestions: Vec<(String, Vec<SuggestionView>)> = match &st.0.suggest {
        Some(f) => data
            .convs
            .iter()
            .map(|c| (c.conversation_id.clone(), f(c)))
            .collect(),
        None => Vec::new(),
    };
    let book = &st.0.book;
    let body = case_body(book, &r, &version, &data, &suggestions);
    Ok(page(&format!("Casus {}", data.case.case_id), &r, "case", &body).into_response())
}

fn case_body(
    book: &Codebook,
    r: &Researcher,
    version: &str,
    data: &CaseData,
    suggestions: &[(String, Vec<SuggestionView>)],
) -> String {
    let case = &data.case;
    let mut out = String::new();
    let version_text = if version == FINAL {
        t("span", "", "definitieve codering", "final coding")
    } else {
        t(
            "span",
            "",
            &format!("codering van {}", version),
            &format!("coding by {version}"),
        )
    };
    let _ = write!(
        out,
        "<h1>{} {} <small>{}</small></h1>\
         <p class=\"meta\">{} · {} {} · <a href=\"/research/case/{id}/audit\">{}</a> · <a href=\"/research/year/{year}\">{year}</a></p>",
        t("span", "", "Casus", "Case"),
        esc(&case.case_id),
        version_text,
        esc(case.first_started.get(..10).unwrap_or_default()),
        case.conversations.len(),
        t("span", "", "gesprek(ken)", "conversation(s)"),
        t("span", "", "wijzigingen", "changes"),
        id = esc(&case.case_id),
        year = case.year,
    );
    if version != FINAL && !r.name.is_empty() {
        let _ = write!(
            out,
            "<p><button type=\"button\" id=\"done\">{}</button></p>",
            t("span", "", "Klaar met coderen", "Done coding")
        );
    } else if !data.coders.is_empty() {
        let _ = write!(
            out,
            "<p><button type=\"button\" id=\"adopt\">{}</button></p>",
            t(
                "span",
                "",
                "Neem overeenstemmende waarden over",
                "Adopt the values both coders agree on"
            )
        );
    }
    // Transcript with suggestions.
    let mut transcript = String::new();
    let mut list = String::new();
    let mut n = 0usize;
    for conv in &data.convs {
        let sugs: &[SuggestionView] = suggestions
            .iter()
            .find(|(id, _)| *id == conv.conversation_id)
            .map(|(_, s)| s.as_slice())
            .unwrap_or(&[]);
        let mut marks: HashMap<usize, Vec<(usize, usize, usize)>> = HashMap::new();
        for s in sugs {
            let decided = data
                .decisions
                .get(&(conv.conversation_id.clone(), s.variable.clone()));
            let label = suggestion_label(book, s);
            let state = match decided {
                Some(true) => "accepted",
                Some(false) => "rejected",
                None => "",
            };
            let _ = write!(
                list,
                "<li class=\"suggestion item\" tabindex=\"-1\" id=\"s-{n}\" data-conv=\"{conv}\" data-var=\"{var}\" data-value=\"{value}\" data-state=\"{state}\">\
                 <span class=\"label\">{label}</span> \
                 <button type=\"button\" class=\"accept\">{acc} (a)</button> <button type=\"button\" class=\"reject\">{rej} (r)</button></li>",
                conv = esc(&conv.conversation_id),
                var = esc(&s.variable),
                value = esc(&s.value),
                label = esc(&label),
                acc = t("span", "", "Accepteren", "Accept"),
                rej = t("span", "", "Afwijzen", "Reject"),
            );
            for e in &s.evidence {
                marks
                    .entry(e.message)
                    .or_default()
                    .push((e.start, e.end, n));
            }
            n += 1;
        }
        let _ = write!(
            transcript,
            "<section class=\"conversation\"><h3>{} · {} · {}</h3><ol class=\"messages\">",
            esc(&conv.conversation_id),
            esc(&conv.username),
            esc(&conv.started_at.replace('T', " ").replace('Z', ""))
        );
        for (i, m) in conv.messages.iter().enumerate() {
            let who_class = match m.from {
                Sender::Visitor => "visitor",
                Sender::Counsellor => "counsellor",
            };
            let mut spans = marks.remove(&i).unwrap_or_default();
            let _ = write!(
                transcript,
                "<li class=\"{who_class}\">{}</li>",
                highlight(&m.text, &mut spans)
            );
        }
        transcript.push_str("</ol></section>");
    }
    let sug_section = if suggestions.is_empty() {
        t(
            "p",
            " class=\"muted\"",
            "Geen suggesties beschikbaar.",
            "No suggestions available.",
        )
    } else {
        format!(
            "<p class=\"keys\">{}</p><ol class=\"suggestions\">{list}</ol>",
            t(
                "span",
                "",
                "Toetsen: j/k volgende/vorige suggestie, a accepteren, r afwijzen.",
                "Keys: j/k next/previous suggestion, a accept, r reject."
            )
        )
    };
    let _ = write!(
        out,
        "<div class=\"coding\" data-case=\"{id}\" data-version=\"{version}\">\
         <div class=\"left\"><h2>{sh}</h2>{sug_section}<h2>{th}</h2>{transcript}</div>\
         <form class=\"right\" id=\"form\" autocomplete=\"off\">{form}</form></div>",
        id = esc(&case.case_id),
        version = esc(version),
        sh = t("span", "", "Suggesties", "Suggestions"),
        th = t("span", "", "Transcript", "Transcript"),
        form = coding_form(book, &data.values, &data.coders),
    );
    out
}

fn suggestion_label(book: &Codebook, s: &SuggestionView) -> String {
    if let Some(set) = book.set(&s.variable) {
        let items: Vec<String> = s
            .value
            .split(',')
            .filter_map(|code| {
                set.items
                    .iter()
                    .find(|i| i.code == code)
                    .map(|i| i.nl.clone())
            })
            .collect();
        return format!("{}: {}", set.label.nl, items.join(", "));
    }
    let label = book
        .variable(&s.variable)
        .map(|v| v.label.nl.clone())
        .unwrap_or_else(|| s.variable.clone());
    format!("{label}: {}", code_label(book, &s.variable, &s.value))
}

/// The text with `<mark>`s at the spans (Unicode scalar offsets); overlapping
/// spans share one mark that names every suggestion (`data-s="s-0 s-3"`).
fn highlight(text: &str, spans: &mut [(usize, usize, usize)]) -> String {
    spans.sort();
    let chars: Vec<char> = text.chars().collect();
    let clamp = |x: usize| x.min(chars.len());
    // Merge overlapping spans into groups: (start, end, suggestion numbers).
    let mut groups: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    for &(start, end, n) in spans.iter() {
        let (start, end) = (clamp(start), clamp(end));
        if end <= start {
            continue;
        }
        match groups.last_mut() {
            Some(g) if start < g.1 => {
                g.1 = g.1.max(end);
                g.2.push(n);
            }
            _ => groups.push((start, end, vec![n])),
        }
    }
    let mut out = String::new();
    let mut pos = 0;
    for (start, end, ns) in groups {
        out.push_str(&esc(&chars[pos..start].iter().collect::<String>()));
        let ids: Vec<String> = ns.iter().map(|n| format!("s-{n}")).collect();
        let _ = write!(
            out,
            "<mark data-s=\"{}\">{}</mark>",
            ids.join(" "),
            esc(&chars[start..end].iter().collect::<String>())
        );
        pos = end;
    }
    out.push_str(&esc(&chars[pos..].iter().collect::<String>()));
    out
}

fn condition_attrs(
    c: Option<&zicht_codebook::Condition>,
    values: &BTreeMap<String, String>,
) -> String {
    let Some(c) = c else {
        return String::new();
    };
    let holds = c.holds(values.get(&c.variable).map(String::as_str));
    let (kind, list) = match (&c.in_codes, &c.not_in) {
        (Some(l), _) => ("in", l.join(" ")),
        (None, Some(l)) => ("notin", l.join(" ")),
        _ => ("in", String::new()),
    };
    format!(
        " data-cond-var=\"{}\" data-cond-{kind}=\"{}\"{}",
        esc(&c.variable),
        esc(&list),
        if holds { "" } else { " hidden" }
    )
}

fn coder_values(
    column: &str,
    coders: &[(String, bool, BTreeMap<String, String>)],
    book: &Codebook,
) -> String {
    if coders.len() != 2 {
        return String::new();
    }
    let a = coders[0].2.get(column);
    let b = coders[1].2.get(column);
    if a.is_none() && b.is_none() {
        return String::new();
    }
    let show = |v: Option<&String>| v.map_or("(leeg)".to_string(), |x| code_label(book, column, x));
    format!(
        "<span class=\"coders{}\">A: {} · B: {}</span>",
        if a == b { "" } else { " differ" },
        esc(&show(a)),
        esc(&show(b))
    )
}

/// The coding form generated from the codebook.
fn coding_form(
    book: &Codebook,
    values: &BTreeMap<String, String>,
    coders: &[(String, bool, BTreeMap<String, String>)],
) -> String {
    let derived = workspace::derived_columns(book);
    let mut out = String::new();
    for group in &book.groups {
        let mut fields = String::new();
        for var in book.variables.iter().filter(|v| v.group == group.name) {
            if derived.contains(&var.name) {
                continue;
            }
            let current = values.get(&var.name).map(String::as_str).unwrap_or("");
            let input = match var.kind {
                Kind::Code | Kind::YesNo => {
                    let mut options = format!(
                        "<option value=\"\"{}>{}</option>",
                        if current.is_empty() { " selected" } else { "" },
                        "– onbekend –"
                    );
                    let codes: Vec<(String, String, String)> = if var.kind == Kind::Code {
                        var.codes
                            .iter()
                            .map(|c| (c.code.clone(), c.nl.clone(), c.en.clone()))
                            .collect()
                    } else {
                        vec![
                            ("1".into(), "ja".into(), "yes".into()),
                            ("0".into(), "nee".into(), "no".into()),
                        ]
                    };
                    for (code, nl, en) in codes {
                        let _ = write!(
                            options,
                            "<option value=\"{c}\"{sel} data-en=\"{en}\">{nl}</option>",
                            c = esc(&code),
                            sel = if code == current { " selected" } else { "" },
                            en = esc(&en),
                            nl = esc(&nl),
                        );
                    }
                    format!(
                        "<select id=\"f-{n}\" data-col=\"{n}\">{options}</select>",
                        n = esc(&var.name)
                    )
                }
                Kind::Integer => format!(
                    "<input id=\"f-{n}\" data-col=\"{n}\" type=\"number\" inputmode=\"numeric\"{min}{max} value=\"{v}\">",
                    n = esc(&var.name),
                    min = var.min.map_or(String::new(), |m| format!(" min=\"{m}\"")),
                    max = var.max.map_or(String::new(), |m| format!(" max=\"{m}\"")),
                    v = esc(current),
                ),
                Kind::Date | Kind::Text => format!(
                    "<input id=\"f-{n}\" data-col=\"{n}\" type=\"text\" value=\"{v}\">",
                    n = esc(&var.name),
                    v = esc(current)
                ),
            };
            let _ = write!(
                fields,
                "<div class=\"field\" id=\"w-{n}\"{cond}><label for=\"f-{n}\" data-en=\"{en}\">{nl}</label> {input}{coders}\
                 <details class=\"def\"><summary aria-label=\"definitie\">?</summary><p data-en=\"{den}\">{dnl}</p>{codes}</details></div>",
                n = esc(&var.name),
                cond = condition_attrs(var.condition.as_ref(), values),
                en = esc(&var.label.en),
                nl = esc(&var.label.nl),
                coders = coder_values(&var.name, coders, book),
                den = esc(&var.definition.en),
                dnl = esc(&var.definition.nl),
                codes = code_definitions(&var.codes),
            );
        }
        for set in book.sets.iter().filter(|s| s.group == group.name) {
            let mut boxes = String::new();
            for item in &set.items {
                let col = set.column(item);
                let checked = values.get(&col).is_some_and(|v| v == "1");
                let _ = write!(
                    boxes,
                    "<div class=\"item-box\" id=\"w-{c}\"><label><input type=\"checkbox\" id=\"f-{c}\" data-col=\"{c}\"{chk}> <span data-en=\"{en}\">{nl}</span></label>{coders}\
                     <details class=\"def\"><summary aria-label=\"definitie\">?</summary><p data-en=\"{den}\">{dnl}</p></details></div>",
                    c = esc(&col),
                    chk = if checked { " checked" } else { "" },
                    en = esc(&item.en),
                    nl = esc(&item.nl),
                    coders = coder_values(&col, coders, book),
                    den = esc(&item.definition.en),
                    dnl = esc(&item.definition.nl),
                );
            }
            let _ = write!(
                fields,
                "<fieldset class=\"set\" id=\"w-{n}\"{cond}><legend data-en=\"{en}\">{nl}</legend>\
                 <details class=\"def\"><summary aria-label=\"definitie\">?</summary><p data-en=\"{den}\">{dnl}</p></details>{boxes}</fieldset>",
                n = esc(&set.name),
                cond = condition_attrs(set.condition.as_ref(), values),
                en = esc(&set.label.en),
                nl = esc(&set.label.nl),
                den = esc(&set.definition.en),
                dnl = esc(&set.definition.nl),
            );
        }
        if !fields.is_empty() {
            let _ = write!(
                out,
                "<fieldset class=\"group\"><legend data-en=\"{}\">{}</legend>{fields}</fieldset>",
                esc(&group.label.en),
                esc(&group.label.nl)
            );
        }
    }
    out
}

fn code_definitions(codes: &[zicht_codebook::Code]) -> String {
    if codes.is_empty() {
        return String::new();
    }
    let mut out = String::from("<dl class=\"codes\">");
    for c in codes {
        let _ = write!(
            out,
            "<dt data-en=\"{}\">{}</dt><dd data-en=\"{}\">{}</dd>",
            esc(&c.en),
            esc(&c.nl),
            esc(&c.definition.en),
            esc(&c.definition.nl)
        );
    }
    out.push_str("</dl>");
    out
}

// ---------------------------------------------------------------- API

#[derive(Deserialize)]
struct LinkBody {
    a: String,
    b: String,
    linked: bool,
}

async fn api_link(
    State(st): State<ResearchState>,
    r: Option<Extension<Researcher>>,
    headers: HeaderMap,
    Json(body): Json<LinkBody>,
) -> Result<Response, PageError> {
    let r = poster(r, &headers)?;
    let now = crate::time::now_rfc3339();
    st.with(move |ws, _| {
        let a = ws
            .conversation(&body.a)?
            .ok_or_else(|| WorkspaceError::NoConversation(body.a.clone()))?;
        let b = ws
            .conversation(&body.b)?
            .ok_or_else(|| WorkspaceError::NoConversation(body.b.clone()))?;
        // The score and reasons are recomputed here, not taken from the page.
        let year = a.year().unwrap_or_default();
        let profiles: Vec<Profile> = ws.selected(year)?.iter().map(Profile::of).collect();
        let linker = linking::Linker::new(&profiles);
        let (score, reasons) = linker.compare(&Profile::of(&a), &Profile::of(&b));
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
        Ok(())
    })
    .await?;
    Ok(Json(serde_json::json!({"ok": true})).into_response())
}

#[derive(Deserialize)]
struct ValueBody {
    case_id: String,
    version: String,
    column: String,
    value: Option<String>,
}

fn values_reply(values: BTreeMap<String, String>, changes: Vec<workspace::Change>) -> Response {
    let changed: Vec<serde_json::Value> = changes
        .into_iter()
        .map(|c| serde_json::json!({"column": c.column, "old": c.old, "new": c.new}))
        .collect();
    Json(serde_json::json!({"values": values, "changes": changed})).into_response()
}

async fn api_value(
    State(st): State<ResearchState>,
    r: Option<Extension<Researcher>>,
    headers: HeaderMap,
    Json(body): Json<ValueBody>,
) -> Result<Response, PageError> {
    let r = poster(r, &headers)?;
    allowed_version(&r, &body.version)?;
    let now = crate::time::now_rfc3339();
    let (values, changes) = st
        .with(move |ws, book| {
            let changes = ws.set_value(
                book,
                &body.case_id,
                &body.version,
                &body.column,
                body.value.as_deref(),
                "form",
                &r.name,
                &now,
            )?;
            Ok((ws.values(&body.case_id, &body.version)?, changes))
        })
        .await?;
    Ok(values_reply(values, changes))
}

#[derive(Deserialize)]
struct SuggestionBody {
    case_id: String,
    version: String,
    conversation_id: String,
    variable: String,
    value: String,
    accept: bool,
}

async fn api_suggestion(
    State(st): State<ResearchState>,
    r: Option<Extension<Researcher>>,
    headers: HeaderMap,
    Json(body): Json<SuggestionBody>,
) -> Result<Response, PageError> {
    let r = poster(r, &headers)?;
    allowed_version(&r, &body.version)?;
    let now = crate::time::now_rfc3339();
    let (values, changes) = st
        .with(move |ws, book| {
            let case = ws.case(&body.case_id)?;
            if !case.conversations.contains(&body.conversation_id) {
                return Err(WorkspaceError::NoConversation(body.conversation_id.clone()));
            }
            let changes = ws.decide_suggestion(
                book,
                &body.case_id,
                &body.version,
                &body.conversation_id,
                &body.variable,
                &body.value,
                body.accept,
                &r.name,
                &now,
            )?;
            Ok((ws.values(&body.case_id, &body.version)?, changes))
        })
        .await?;
    Ok(values_reply(values, changes))
}

#[derive(Deserialize)]
struct AssignBody {
    year: i32,
    /// Percentage of the year's cases, 1-100.
    share: u32,
    coder_a: String,
    coder_b: String,
}

async fn api_assign(
    State(st): State<ResearchState>,
    r: Option<Extension<Researcher>>,
    headers: HeaderMap,
    Json(body): Json<AssignBody>,
) -> Result<Response, PageError> {
    let r = poster(r, &headers)?;
    if body.coder_a.trim() == body.coder_b.trim() {
        return Err(PageError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "Kies twee verschillende codeurs.",
        ));
    }
    let now = crate::time::now_rfc3339();
    let n = st
        .with(move |ws, _| {
            let ids: Vec<String> = ws
                .cases(body.year)?
                .into_iter()
                .map(|c| c.case_id)
                .collect();
            let chosen = choose_share(&ids, body.share.clamp(1, 100), &now);
            ws.assign(
                &chosen,
                body.coder_a.trim(),
                body.coder_b.trim(),
                &r.name,
                &now,
            )
        })
        .await?;
    Ok(Json(serde_json::json!({"assigned": n})).into_response())
}

/// A random share (percent, rounded up) of the ids; the seed is recorded as the assignment time.
pub fn choose_share(ids: &[String], share: u32, seed: &str) -> Vec<String> {
    use rand::SeedableRng;
    use rand::seq::SliceRandom;
    let k = (ids.len() * share as usize).div_ceil(100).min(ids.len());
    let seed_value = seed.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed_value);
    let mut v = ids.to_vec();
    v.shuffle(&mut rng);
    v.truncate(k);
    v.sort();
    v
}

#[derive(Deserialize)]
struct CaseBody {
    case_id: String,
    #[serde(default)]
    done: bool,
}

async fn api_adopt(
    State(st): State<ResearchState>,
    r: Option<Extension<Researcher>>,
    headers: HeaderMap,
    Json(body): Json<CaseBody>,
) -> Result<Response, PageError> {
    let r = poster(r, &headers)?;
    let now = crate::time::now_rfc3339();
    let n = st
        .with(move |ws, book| ws.adopt_agreed(book, &body.case_id, &r.name, &now))
        .await?;
    Ok(Json(serde_json::json!({"adopted": n})).into_response())
}

async fn api_done(
    State(st): State<ResearchState>,
    r: Option<Extension<Researcher>>,
    headers: HeaderMap,
    Json(body): Json<CaseBody>,
) -> Result<Response, PageError> {
    let r = poster(r, &headers)?;
    let now = crate::time::now_rfc3339();
    let ok = st
        .with(move |ws, _| ws.mark_done(&body.case_id, &r.name, body.done, &now))
        .await?;
    if !ok {
        return Err(PageError::new(
            StatusCode::NOT_FOUND,
            "not_assigned",
            "Deze casus is niet aan jou toegewezen.",
        ));
    }
    Ok(Json(serde_json::json!({"ok": true})).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlight_marks_spans_in_scalar_offsets_and_escapes() {
        let mut spans = vec![(5, 9, 0), (7, 8, 1), (0, 2, 2)];
        let html = highlight("ik é <15> jaar", &mut spans);
        assert_eq!(
            html,
            "<mark data-s=\"s-2\">ik</mark> é <mark data-s=\"s-0 s-1\">&lt;15&gt;</mark> jaar"
        );
    }

    #[test]
    fn a_share_is_rounded_up_and_reproducible() {
        let ids: Vec<String> = (0..10).map(|i| format!("c{i}")).collect();
        let a = choose_share(&ids, 25, "2026-11-28T08:00:00Z");
        assert_eq!(a.len(), 3);
        assert_eq!(a, choose_share(&ids, 25, "2026-11-28T08:00:00Z"));
        assert_eq!(choose_share(&ids, 100, "x").len(), 10);
    }
}
