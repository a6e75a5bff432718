//! Who is asking: a grant's token (`Authorization: Bearer TOKEN`, for the JSON
//! API) or a browser session started from the grant's personal link (an
//! HttpOnly, SameSite=Strict cookie). A request made with the cookie that
//! changes anything must also carry the session's token in `X-CSRF-Token`
//! and must not come from another site.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use super::error::ApiError;
use super::App;
use crate::base::i18n::Lang;
use crate::store::access::{self, Grant, Role};
use crate::store::audit;

/// The session cookie's name.
pub const COOKIE: &str = "rubric_session";

/// How long a browser stays signed in (30 days, in seconds).
const SESSION_AGE: u32 = 30 * 24 * 3600;

/// The caller of a request, and the language it asks for.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The grant.
    pub grant: Grant,
    /// `?lang=en` or Chinese.
    pub lang: Lang,
    /// The session's CSRF token, when signed in with the cookie.
    pub csrf: Option<String>,
}

impl Caller {
    /// True for the bureau.
    pub fn is_bureau(&self) -> bool {
        self.grant.role == Role::Bureau
    }

    /// May this caller see or change `unit`'s data?
    pub fn may_see(&self, unit: &str) -> bool {
        match &self.grant.role {
            Role::Bureau => true,
            Role::Unit(own) => own == unit,
        }
    }

    /// 403 unless the caller is the bureau.
    pub fn bureau_only(&self) -> Result<(), ApiError> {
        if self.is_bureau() {
            Ok(())
        } else {
            Err(ApiError::forbidden(say!(self.lang, "only the bureau may do this", "只有财政局可以进行此操作")))
        }
    }

    /// The audit log's actor fields.
    pub fn record<'a>(
        &'a self,
        action: &'a str,
        rubric: Option<&'a str>,
        unit: Option<&'a str>,
        detail: &'a str,
    ) -> audit::Record<'a> {
        audit::Record { actor: &self.grant.name, role: self.grant.role.as_str(), action, rubric, unit, detail }
    }
}

/// The value of cookie `name` in the request's `Cookie` headers.
fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim())
}

/// True when the request says it comes from another site (`Sec-Fetch-Site`),
/// or its `Origin` is not the host it was sent to.
fn cross_site(headers: &HeaderMap) -> bool {
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if matches!(fetch_site, Some("cross-site" | "same-site")) {
        return true;
    }
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (origin, host) {
        (Some("null"), _) => true,
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, rest)| rest) != Some(host),
        _ => false,
    }
}

impl FromRequestParts<Arc<App>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        let lang = super::request_lang(&parts.uri);
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(|t| t.trim().to_string());
        if let Some(token) = bearer {
            let grant = app.store.read_now(|conn| access::by_token(conn, &token))?;
            return grant.map(|grant| Caller { grant, lang, csrf: None }).ok_or_else(|| ApiError::unauthorized(lang));
        }
        let Some(session) = cookie(&parts.headers, COOKIE).map(str::to_string) else {
            return Err(ApiError::unauthorized(lang));
        };
        let found = app.store.read_now(|conn| access::by_session(conn, &session))?;
        let Some((grant, csrf)) = found else {
            return Err(ApiError::unauthorized(lang));
        };
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe {
            let sent = parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok());
            if sent != Some(csrf.as_str()) || cross_site(&parts.headers) {
                return Err(ApiError::forbidden(say!(
                    lang,
                    "this request did not come from the desk's own page (reload the page and try again)",
                    "该请求不是从本系统的页面发出的（请刷新页面后重试）"
                )));
            }
        }
        Ok(Caller { grant, lang, csrf: Some(csrf) })
    }
}

/// `GET /t/{token}`: the personal link. Starts a browser session and goes on to
/// the desk; a wrong or revoked token gets 401.
pub async fn sign_in(State(app): State<Arc<App>>, Path(token): Path<String>) -> Response {
    let started = app
        .store
        .write(move |conn| {
            let Some(grant) = access::by_token(conn, &token)? else { return Ok(None) };
            let session = access::start_session(conn, &grant)?;
            let record = audit::Record {
                actor: &grant.name,
                role: grant.role.as_str(),
                action: "sign-in",
                rubric: None,
                unit: None,
                detail: "",
            };
            audit::log(conn, record)?;
            Ok(Some(session))
        })
        .await;
    match started {
        Ok(Some(session)) => {
            let cookie = format!("{COOKIE}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={SESSION_AGE}", session.id);
            let mut response = Html(super::notice::signed_in()).into_response();
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                response.headers_mut().insert(header::SET_COOKIE, value);
            }
            response
        }
        Ok(None) => (StatusCode::UNAUTHORIZED, Html(super::notice::signed_out())).into_response(),
        Err(e) => ApiError::from(e).into_response(),
    }
}

/// `POST /api/v1/logout`: ends the browser's session.
pub async fn sign_out(State(app): State<Arc<App>>, caller: Caller, headers: HeaderMap) -> Response {
    let session = cookie(&headers, COOKIE).map(str::to_string);
    if let Some(session) = session {
        if let Err(e) = app.store.write(move |conn| access::end_session(conn, &session)).await {
            return ApiError::from(e).into_response();
        }
    }
    let _ = caller;
    let mut response = StatusCode::NO_CONTENT.into_response();
    let expired = format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    if let Ok(value) = HeaderValue::from_str(&expired) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}
