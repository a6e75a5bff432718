//! The pages: one small HTML shell per page, filled in by its script from the
//! JSON API, and the scripts and style sheet — all compiled into the binary
//! (`web/desk/`), nothing fetched from anywhere else.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use super::auth::Caller;
use super::error::ApiError;
use super::App;
use crate::base::i18n::Lang;
use crate::html::escape;

const SHELL: &str = include_str!("../../web/desk/page.html");

/// The files under `/assets/`: name, content type, content.
const ASSETS: &[(&str, &str, &str)] = &[
    ("desk.css", "text/css; charset=utf-8", include_str!("../../web/desk/desk.css")),
    ("common.js", "text/javascript; charset=utf-8", include_str!("../../web/desk/common.js")),
    ("report.js", "text/javascript; charset=utf-8", include_str!("../../web/desk/report.js")),
    ("home.js", "text/javascript; charset=utf-8", include_str!("../../web/desk/home.js")),
    ("form.js", "text/javascript; charset=utf-8", include_str!("../../web/desk/form.js")),
    ("desk.js", "text/javascript; charset=utf-8", include_str!("../../web/desk/desk.js")),
    ("unit.js", "text/javascript; charset=utf-8", include_str!("../../web/desk/unit.js")),
    ("print.js", "text/javascript; charset=utf-8", include_str!("../../web/desk/print.js")),
];

/// A page: the shell with its script and the data it needs.
fn page(title: &str, script: &str, rubric: &str, unit: &str) -> Html<String> {
    Html(
        SHELL
            .replace("{{title}}", &escape(title))
            .replace("{{script}}", script)
            .replace("{{rubric}}", &escape(rubric))
            .replace("{{unit}}", &escape(unit)),
    )
}

/// The page for a request without a valid session (in both languages).
pub fn signed_out() -> String {
    let text = |lang| {
        say!(
            lang,
            "Open the personal link the bureau gave you. It signs this browser in; keep it to yourself.",
            "请打开财政局发给您的专属链接，打开后本浏览器即登录。该链接仅限本人使用，请勿转发。"
        )
    };
    let title = "请登录 Sign in";
    let text = format!("{}</p><p lang=\"en\">{}", text(Lang::Zh), text(Lang::En));
    format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{title}</title><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" \
         href=\"/assets/desk.css\"></head><body><main class=\"narrow\"><h1>{title}</h1><p>{text}</p></main></body></html>"
    )
}

/// The page for something that is not there, or not the caller's (in both languages).
pub fn not_found() -> String {
    "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
     content=\"width=device-width, initial-scale=1\"><title>没有这个页面 Not found</title><link rel=\"icon\" \
     href=\"data:,\"><link rel=\"stylesheet\" href=\"/assets/desk.css\"></head><body><main class=\"narrow\">\
     <h1>没有这个页面</h1><p>这里没有您可以查看的内容。<a href=\"/\">返回首页</a></p>\
     <p lang=\"en\">There is nothing here for you. <a href=\"/\">Home</a></p></main></body></html>"
        .to_string()
}

/// The page the personal link answers with: the session cookie is set; it goes
/// on to the desk (a same-site navigation, so the SameSite=Strict cookie goes too).
pub fn signed_in() -> String {
    "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0; url=/\">\
     <title>已登录 Signed in</title><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/assets/desk.css\"></head><body><main class=\"narrow\">\
     <p>已登录。Signed in. <a href=\"/\">继续 Continue</a></p></main></body></html>"
        .to_string()
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
