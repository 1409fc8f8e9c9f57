//! The admin's page of transcript reads (`/research/reads`): who read which conversation, when and why.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use crate::pages::{esc, t};
use crate::{App, console};

/// How many reads the page lists, newest first.
pub const SHOWN: usize = 500;

/// The page (role admin only). It shows the audit, never transcript text.
pub async fn reads_page(State(app): State<App>, headers: HeaderMap) -> Response {
    let session = match console::auth(&app, &headers, console::ADMIN, false).await {
        Ok(s) => s,
        Err(e) if e.status == StatusCode::UNAUTHORIZED => {
            return Html(crate::pages::login()).into_response();
        }
        Err(e) if e.status == StatusCode::FORBIDDEN => {
            return (StatusCode::FORBIDDEN, crate::pages::forbidden()).into_response();
        }
        Err(e) => return e.into_response(),
    };
    let reads = match app.db.read(|c| c.transcript_reads(SHOWN)).await {
        Ok(r) => r,
        Err(e) => return crate::ApiError::internal(e).into_response(),
    };
    let mut rows = String::new();
    for r in &reads {
        let purpose = match zicht_store::Purpose::parse(&r.purpose) {
            Some(p) => {
                let (nl, en) = p.label();
                t("span", "", nl, en)
            }
            None => esc(&r.purpose),
        };
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{purpose}</td></tr>",
            esc(&super::nl_time(&r.at)),
            esc(&r.staff),
            esc(&r.conversation),
        ));
    }
    let empty = if reads.is_empty() {
        t(
            "p",
            "",
            "Nog geen gesprekken gelezen.",
            "No conversations read yet.",
        )
    } else {
        String::new()
    };
    let body = format!(
        "<h1>{h}</h1><p>{intro}</p>{empty}<table class=\"audit\"><thead><tr><th scope=\"col\">{when}</th><th scope=\"col\">{who}</th><th scope=\"col\">{conv}</th><th scope=\"col\">{why}</th></tr></thead><tbody>{rows}</tbody></table>",
        h = t("span", "", "Gelezen gesprekken", "Conversations read"),
        intro = t(
            "span",
            "",
            &format!(
                "Elke keer dat iemand een gesprek leest, staat hier wie, wanneer, welk gesprek en waarom (de nieuwste {SHOWN}). De inhoud van de gesprekken staat hier niet."
            ),
            &format!(
                "Every time someone reads a conversation, this lists who, when, which conversation and why (the newest {SHOWN}). It holds no conversation text."
            ),
        ),
        when = t("span", "", "Wanneer (UTC)", "When (UTC)"),
        who = t("span", "", "Wie", "Who"),
        conv = t("span", "", "Gesprek", "Conversation"),
        why = t("span", "", "Waarom", "Why"),
    );
    let who = super::Researcher {
        name: session.user.name.clone(),
        csrf: session.csrf.clone(),
    };
    super::page("Gelezen gesprekken", &who, "reads", &body).into_response()
}
