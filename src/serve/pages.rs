//! The pages: one small HTML shell per page, filled in by its script from the
//! JSON API, and the scripts and style sheet — all compiled into the binary
//! (`web/desk/`), nothing fetched from anywhere else.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use super::auth::Caller;
use super::error::ApiError;
use super::notice::{not_found, signed_out};
use super::App;
use crate::html::escape;

const SHELL: &str = include_str!("../../web/desk/page.html");

/// A script of the desk's (`web/desk/NAME`) as an entry of [`ASSETS`].
macro_rules! script {
    ($name:literal) => {
        ($name, "text/javascript; charset=utf-8", include_str!(concat!("../../web/desk/", $name)))
    };
}

/// The files under `/assets/`: name, content type, content.
const ASSETS: &[(&str, &str, &str)] = &[
    ("desk.css", "text/css; charset=utf-8", include_str!("../../web/desk/desk.css")),
    script!("common.js"),
    script!("report.js"),
    script!("home.js"),
    script!("form.js"),
    script!("desk.js"),
    script!("unit.js"),
    script!("print.js"),
    script!("editor.js"),
    script!("editor-panels.js"),
    // CodeMirror 6, bundled from npm by web/editor (`npm run build`), with its licences.
    ("codemirror.js", "text/javascript; charset=utf-8", include_str!("../../web/desk/vendor/codemirror.js")),
    ("codemirror-LICENSE.txt", "text/plain; charset=utf-8", include_str!("../../web/desk/vendor/LICENSE")),
];

/// A page: the shell with its script and the data it needs.
fn page(title: &str, script: &str, rubric: &str, unit: &str) -> Html<String> {
    page_with(title, &[script], rubric, unit)
}

/// A page whose scripts are `scripts`, in order (after the shared ones).
fn page_with(title: &str, scripts: &[&str], rubric: &str, unit: &str) -> Html<String> {
    let tags: Vec<String> = scripts.iter().map(|s| format!("<script src=\"/assets/{s}\"></script>")).collect();
    Html(
        SHELL
            .replace("{{title}}", &escape(title))
            .replace("{{scripts}}", &tags.join("\n"))
            .replace("{{rubric}}", &escape(rubric))
            .replace("{{unit}}", &escape(unit)),
    )
}

fn unauthorized(error: &ApiError) -> Response {
    (error.status, Html(signed_out())).into_response()
}

/// `GET /`: the rubrics, with the unit's own status or the bureau's counts.
pub async fn home(caller: Result<Caller, ApiError>) -> Response {
    match caller {
        Ok(_) => page("rubric", "home.js", "", "").into_response(),
        Err(e) => unauthorized(&e),
    }
}

/// `GET /r/{id}`: the unit's form, or the bureau's desk of the rubric.
pub async fn rubric(State(app): State<Arc<App>>, caller: Result<Caller, ApiError>, Path(id): Path<String>) -> Response {
    let caller = match caller {
        Ok(caller) => caller,
        Err(e) => return unauthorized(&e),
    };
    let catalog = app.catalog();
    let Some(ready) = catalog.get(&id).and_then(|e| e.ready()) else {
        return (StatusCode::NOT_FOUND, Html(not_found())).into_response();
    };
    let title = &ready.checked.title;
    match super::api::own_unit(&caller) {
        Some(unit) => page(title, "form.js", &id, unit).into_response(),
        None => page(title, "desk.js", &id, "").into_response(),
    }
}

/// `GET /r/{id}/edit`: the rubric page — its text in an editor, drafts,
/// impact and publishing (the bureau only; a unit gets "not found").
pub async fn edit(State(app): State<Arc<App>>, caller: Result<Caller, ApiError>, Path(id): Path<String>) -> Response {
    let caller = match caller {
        Ok(caller) => caller,
        Err(e) => return unauthorized(&e),
    };
    let catalog = app.catalog();
    match catalog.get(&id).and_then(|e| e.ready()) {
        Some(ready) if caller.is_bureau() => {
            // The editor's style sheet is made by its script: allowed by a nonce of this page's own.
            let Ok(nonce) = crate::store::random_hex(16) else {
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            };
            let Html(shell) =
                page_with(&ready.checked.title, &["codemirror.js", "editor-panels.js", "editor.js"], &id, "");
            let html = shell.replacen("<body ", &format!("<body data-nonce=\"{nonce}\" "), 1);
            let policy = format!(
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'nonce-{nonce}'; script-src 'self'; \
                 frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
            );
            let mut response = Html(html).into_response();
            if let Ok(value) = axum::http::HeaderValue::from_str(&policy) {
                response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
            }
            response
        }
        _ => (StatusCode::NOT_FOUND, Html(not_found())).into_response(),
    }
}

/// `GET /r/{id}/u/{unit}`: a unit's submissions (the bureau reviews them there;
/// a unit sees its own).
pub async fn unit(caller: Result<Caller, ApiError>, Path((id, unit)): Path<(String, String)>) -> Response {
    match caller {
        Ok(caller) if caller.may_see(&unit) => page(&unit, "unit.js", &id, &unit).into_response(),
        Ok(_) => (StatusCode::NOT_FOUND, Html(not_found())).into_response(),
        Err(e) => unauthorized(&e),
    }
}

/// `GET /r/{id}/print?unit=…&version=…`: the 计分表, to print.
pub async fn print(caller: Result<Caller, ApiError>, Path(id): Path<String>) -> Response {
    match caller {
        Ok(caller) => {
            let unit = super::api::own_unit(&caller).unwrap_or_default().to_string();
            page("计分表", "print.js", &id, &unit).into_response()
        }
        Err(e) => unauthorized(&e),
    }
}

/// `GET /assets/{file}`.
pub async fn asset(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, kind, body)) => {
            ([(header::CONTENT_TYPE, *kind), (header::CACHE_CONTROL, "no-cache")], *body).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
