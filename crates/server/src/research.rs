//! The researcher's pages (`/research`, from zicht-research) behind the staff login.
//!
//! The pages are zicht-research's router; this module puts the server's
//! authentication in front of it: the session cookie, the role (researcher or
//! admin) and, for every POST, the CSRF token and `Origin` ([`console::auth`]).
//! The signed-in person reaches the pages as a [`Researcher`] extension.

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use zicht_research::web::Researcher;
use zicht_store::Role;

use crate::{App, console, pages};

/// Roles that work in the research workspace.
pub const RESEARCH: &[Role] = &[Role::Researcher, Role::Admin];

/// The research router with the login in front.
pub fn routes(app: &App) -> Router {
    zicht_research::web::router(app.research.clone())
        .layer(axum::middleware::from_fn_with_state(app.clone(), guard))
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
            Html(pages::login()).into_response()
        }
        Err(e) if !post && e.status == StatusCode::FORBIDDEN => {
            (StatusCode::FORBIDDEN, pages::forbidden()).into_response()
        }
        Err(e) => e.into_response(),
    }
}
