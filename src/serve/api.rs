//! The pinned JSON API (`docs/api.md`): the rubrics served, the live score,
//! submissions and their reports.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

use super::auth::Caller;
use super::body::{self, Upload};
use super::catalog::{Catalog, Ready};
use super::error::ApiError;
use super::score::{self, no_rubric};
use super::App;
use crate::store::{audit, submissions};

/// A JSON text as the body of a response.
pub fn json_text(status: StatusCode, text: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json; charset=utf-8")], text).into_response()
}

/// The served rubric `id`, or a 404.
pub fn served<'c>(catalog: &'c Catalog, id: &str, caller: &Caller) -> Result<&'c Ready, ApiError> {
    catalog.get(id).and_then(|e| e.ready()).ok_or_else(|| no_rubric(id, caller.lang))
}

/// A rubric as `GET /api/v1/rubrics` lists it.
#[derive(Serialize)]
pub struct Listed {
    /// The file stem.
    pub id: String,
    /// The title.
    pub title: String,
    /// The year.
    pub year: Option<u32>,
}

/// `GET /api/v1/rubrics`: the rubrics served.
pub async fn rubrics(State(app): State<Arc<App>>, _caller: Caller) -> Json<Vec<Listed>> {
    let catalog = app.catalog();
    Json(
        catalog
            .entries
            .iter()
            .filter_map(|e| {
                let ready = e.ready()?;
                Some(Listed { id: e.id.clone(), title: ready.checked.title.clone(), year: ready.checked.year })
            })
            .collect(),
    )
}

/// `POST /api/v1/rubrics/{id}/score`: the report of the data in the body,
/// exactly as `rubric eval --format json` prints it; 422 with every problem
/// (and the report of what could be scored) for bad data. Stores nothing.
pub async fn score(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
    upload: Upload,
) -> Result<Response, ApiError> {
    let catalog = app.catalog();
    let ready = served(&catalog, &id, &caller)?;
    let pick = own_unit(&caller);
    let incoming = body::read(&upload, None, pick, caller.lang)?;
    let scored = score::evaluate(ready, &incoming, caller.lang);
    if scored.has_errors() {
        return Err(scored.refusal(caller.lang, true));
    }
    // With the newline `rubric eval --format json` ends with: the same bytes.
    Ok(json_text(StatusCode::OK, scored.evaluation.report.to_json() + "\n"))
}

/// The unit a unit's caller is; `None` for the bureau.
pub fn own_unit(caller: &Caller) -> Option<&str> {
    match &caller.grant.role {
        crate::store::access::Role::Unit(own) => Some(own),
        crate::store::access::Role::Bureau => None,
    }
}

/// Where a submission came from, `?via=form|upload` (the desk's own pages say so).
#[derive(Deserialize, Default)]
pub struct Via {
    via: Option<String>,
}

/// `POST /api/v1/rubrics/{id}/submissions`: stores the data as the unit's next
/// version; 201 with `{"unit", "version", "report"}` once it is on disk.
pub async fn submit(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
    Query(via): Query<Via>,
    upload: Upload,
) -> Result<Response, ApiError> {
    let catalog = app.catalog();
    served(&catalog, &id, &caller)?;
    let source = match via.via.as_deref() {
        Some("form") => "form",
        Some("upload") => "upload",
        _ => "api",
    };
    // Reading and scoring take the CPU: off the threads that serve the other requests.
    let (role, lang, by) = (caller.grant.role.clone(), caller.lang, caller.grant.id);
    let rubric_id = id.clone();
    let (new, prepared) = tokio::task::spawn_blocking(move || -> Result<_, ApiError> {
        let entry = catalog.get(&rubric_id).ok_or_else(|| no_rubric(&rubric_id, lang))?;
        let ready = entry.ready().ok_or_else(|| no_rubric(&rubric_id, lang))?;
        let pick = match &role {
            crate::store::access::Role::Unit(own) => Some(own.as_str()),
            crate::store::access::Role::Bureau => None,
        };
        let incoming = body::read(&upload, None, pick, lang)?;
        let prepared = score::prepare(ready, &incoming, &role, None, lang)?;
        let new = submissions::New {
            rubric: rubric_id.clone(),
            rubric_year: ready.checked.year,
            rubric_hash: entry.hash.clone(),
            unit: prepared.unit.clone(),
            format: incoming.kind.name().to_string(),
            original: incoming.text,
            data: prepared.data.clone(),
            report: prepared.report_zh.clone(),
            report_en: prepared.report_en.clone(),
            total: prepared.total.clone(),
            grade: prepared.grade.clone(),
            findings: prepared.findings,
            by: Some(by),
            source: source.to_string(),
        };
        Ok((new, prepared))
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))??;
    let version = store_submission(&app, &caller, new).await?;
    let unit = serde_json::to_string(&prepared.unit).unwrap_or_default();
    let text = format!("{{\"unit\": {unit}, \"version\": {version}, \"report\": {}}}", prepared.report(caller.lang));
    Ok(json_text(StatusCode::CREATED, text))
}

/// Stores a submission with its audit line, in one transaction; returns its version.
pub async fn store_submission(app: &App, caller: &Caller, new: submissions::New) -> Result<u32, ApiError> {
    let (actor, role) = (caller.grant.name.clone(), caller.grant.role.as_str());
    Ok(app
        .store
        .write(move |conn| {
            let version = submissions::insert(conn, &new)?;
            let action = if new.source == "import" { "import" } else { "submit" };
            let detail = format!("v{version} · {} · {}", new.source, new.total.as_deref().unwrap_or("—"));
            let record = audit::Record {
                actor: &actor,
                role,
                action,
                rubric: Some(&new.rubric),
                unit: Some(&new.unit),
                detail: &detail,
            };
            audit::log(conn, record)?;
            Ok(version)
        })
        .await?)
}

/// A unit's latest submission, in short.
#[derive(Serialize)]
pub struct Latest {
    unit: String,
    version: u32,
    total: Option<String>,
    grade: Option<String>,
    status: String,
    findings: u32,
    submitted_at: String,
}

/// `GET /api/v1/rubrics/{id}/submissions`: the latest submission of every unit
/// (the bureau), or of the caller's own unit.
pub async fn submissions(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<Latest>>, ApiError> {
    served(&app.catalog(), &id, &caller)?;
    let only = own_unit(&caller).map(str::to_string);
    let rows = app.store.read(move |conn| submissions::latest(conn, &id, only.as_deref())).await?;
    Ok(Json(
        rows.into_iter()
            .map(|v| Latest {
                unit: v.unit,
                version: v.version,
                total: v.total,
                grade: v.grade,
                status: v.status,
                findings: v.findings,
                submitted_at: v.submitted_at,
            })
            .collect(),
    ))
}

/// `?version=n`.
#[derive(Deserialize, Default)]
pub struct VersionQuery {
    /// The version wanted; the latest when absent.
    pub version: Option<u32>,
}

/// `GET /api/v1/rubrics/{id}/submissions/{unit}`: the latest report as
/// acknowledged (`?version=n` for an earlier one). Another unit's data is 404.
pub async fn submission(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path((id, unit)): Path<(String, String)>,
    Query(query): Query<VersionQuery>,
) -> Result<Response, ApiError> {
    let stored = stored(&app, &caller, &id, &unit, query.version).await?;
    let report = match (caller.lang, stored.report_en) {
        (crate::base::i18n::Lang::En, Some(english)) => english,
        (crate::base::i18n::Lang::En, None) => {
            let rubric = rubric_of(&app, &id, &stored.rubric_hash, caller.lang).await?;
            score::english(&rubric, &stored.unit, &stored.data)
        }
        (crate::base::i18n::Lang::Zh, _) => stored.report,
    };
    Ok(json_text(StatusCode::OK, report))
}

/// The rubric as it was when its text had `hash`: the one served, or the text
/// recorded then.
async fn rubric_of(
    app: &App,
    id: &str,
    hash: &str,
    lang: crate::base::i18n::Lang,
) -> Result<crate::api::Rubric, ApiError> {
    let catalog = app.catalog();
    if let Some(ready) = catalog.get(id).filter(|e| e.hash == hash).and_then(|e| e.ready()) {
        return Ok(ready.rubric.clone());
    }
    let wanted = hash.to_string();
    let text = app.store.read(move |conn| submissions::rubric_text(conn, &wanted)).await?;
    let missing = || ApiError::internal(say!(lang, "the rubric's text is missing", "缺少评分表原文"));
    let text = text.ok_or_else(missing)?;
    crate::api::Rubric::from_text(format!("{id}.rubric"), text).map_err(|e| ApiError::internal(e.to_string()))
}

/// The unit's stored submission (a version, or the latest); 404 when there is
/// none, or when the caller may not see it.
pub async fn stored(
    app: &App,
    caller: &Caller,
    id: &str,
    unit: &str,
    version: Option<u32>,
) -> Result<submissions::Stored, ApiError> {
    let lang = caller.lang;
    let missing = || match version {
        Some(v) => ApiError::not_found(say!(lang, "{unit} has no version {v}", "{unit} 没有第 {v} 版")),
        None => ApiError::not_found(say!(lang, "{unit} has submitted nothing", "{unit} 尚未提交")),
    };
    if app.catalog().get(id).is_none() {
        return Err(no_rubric(id, lang));
    }
    if !caller.may_see(unit) {
        return Err(missing());
    }
    let (id, unit_name) = (id.to_string(), unit.to_string());
    let found = app.store.read(move |conn| submissions::get(conn, &id, &unit_name, version)).await?;
    found.ok_or_else(missing)
}
