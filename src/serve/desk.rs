//! The bureau's desk: every unit of a rubric with its status, reviews (accept,
//! or return with a comment the unit sees), a unit's history, the rubrics with
//! their diagnostics, and the audit log. Also who the caller is.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};

use super::api::served;
use super::auth::Caller;
use super::body::Upload;
use super::catalog::State as Loaded;
use super::error::ApiError;
use super::App;
use crate::base::i18n::Lang;
use crate::store::{access, audit, submissions};

/// Who the caller is.
#[derive(Serialize)]
pub struct Me {
    name: String,
    role: &'static str,
    unit: Option<String>,
    /// The token form posts carry (`X-CSRF-Token`), for a browser session.
    csrf: Option<String>,
}

/// `GET /api/v1/me`.
pub async fn me(caller: Caller) -> Json<Me> {
    let unit = super::api::own_unit(&caller).map(str::to_string);
    Json(Me { name: caller.grant.name.clone(), role: caller.grant.role.as_str(), unit, csrf: caller.csrf })
}

/// A rubric file as the bureau sees it.
#[derive(Serialize)]
pub struct CatalogEntry {
    id: String,
    path: String,
    served: bool,
    title: Option<String>,
    year: Option<u32>,
    hash: String,
    /// The diagnostics of a rubric that is not served, as `rubric check` shows them.
    problems: Vec<String>,
    /// Its warnings, when served.
    warnings: Vec<String>,
}

/// `GET /api/v1/catalog`: every rubric file, served or not (bureau only).
pub async fn catalog(State(app): State<Arc<App>>, caller: Caller) -> Result<Json<Vec<CatalogEntry>>, ApiError> {
    caller.bureau_only()?;
    let catalog = app.catalog();
    Ok(Json(
        catalog
            .entries
            .iter()
            .map(|e| {
                let (served, title, year, problems, warnings) = match &e.state {
                    Loaded::Ready(ready) => {
                        let warnings = crate::base::i18n::with_lang(caller.lang, || {
                            ready.rubric.warnings().iter().map(ToString::to_string).collect()
                        });
                        (true, Some(ready.checked.title.clone()), ready.checked.year, Vec::new(), warnings)
                    }
                    Loaded::Broken { zh, en } => {
                        let problems = if caller.lang == Lang::En { en.clone() } else { zh.clone() };
                        (false, None, None, problems, Vec::new())
                    }
                };
                CatalogEntry {
                    id: e.id.clone(),
                    path: e.path.display().to_string(),
                    served,
                    title,
                    year,
                    hash: e.hash.chars().take(12).collect(),
                    problems,
                    warnings,
                }
            })
            .collect(),
    ))
}

/// `POST /api/v1/reload`: reads the rubric files again (bureau only). Earlier
/// submissions keep their reports and the rubric text they were scored with.
pub async fn reload(State(app): State<Arc<App>>, caller: Caller) -> Result<StatusCode, ApiError> {
    caller.bureau_only()?;
    app.reload().await.map_err(ApiError::internal)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `?rubric=…&limit=…`.
#[derive(Deserialize)]
pub struct AuditQuery {
    rubric: Option<String>,
    limit: Option<usize>,
}

/// `GET /api/v1/audit`: who did what, when, newest first (bureau only).
pub async fn audit(
    State(app): State<Arc<App>>,
    caller: Caller,
    Query(query): Query<AuditQuery>,
) -> Result<Json<Vec<audit::Event>>, ApiError> {
    caller.bureau_only()?;
    let limit = query.limit.unwrap_or(200).min(5000);
    let events = app.store.read(move |conn| audit::recent(conn, query.rubric.as_deref(), limit)).await?;
    Ok(Json(events))
}

/// A unit on the bureau's desk.
#[derive(Serialize)]
pub struct DeskUnit {
    unit: String,
    /// `not_started`, `draft`, `submitted`, `returned` or `accepted`.
    status: String,
    version: Option<u32>,
    total: Option<String>,
    grade: Option<String>,
    findings: Option<u32>,
    /// The last change: a submission, a review or a saved draft.
    last_change: Option<String>,
    /// The comment of the last return.
    comment: Option<String>,
}

/// `GET /api/v1/rubrics/{id}/desk`: every unit (with a grant, a draft or a
/// submission) with its status, total, grade, findings and last change.
pub async fn overview(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<DeskUnit>>, ApiError> {
    caller.bureau_only()?;
    served(&app.catalog(), &id, &caller)?;
    let (granted, drafts, latest, reviews) = app
        .store
        .read(move |conn| {
            let granted = access::unit_names(conn)?;
            let drafts = submissions::draft_times(conn, &id)?;
            let latest = submissions::latest(conn, &id, None)?;
            let mut reviews = BTreeMap::new();
            for v in &latest {
                if let Some(last) = submissions::reviews(conn, &id, &v.unit)?.into_iter().next() {
                    reviews.insert(v.unit.clone(), last);
                }
            }
            Ok((granted, drafts, latest, reviews))
        })
        .await?;
    let mut units: BTreeMap<String, DeskUnit> = BTreeMap::new();
    let blank = |unit: &str| DeskUnit {
        unit: unit.to_string(),
        status: "not_started".to_string(),
        version: None,
        total: None,
        grade: None,
        findings: None,
        last_change: None,
        comment: None,
    };
    for unit in granted {
        units.insert(unit.clone(), blank(&unit));
    }
    for (unit, at) in drafts {
        let entry = units.entry(unit.clone()).or_insert_with(|| blank(&unit));
        entry.status = "draft".to_string();
        entry.last_change = Some(at);
    }
    for v in latest {
        let entry = units.entry(v.unit.clone()).or_insert_with(|| blank(&v.unit));
        let review = reviews.get(&v.unit).filter(|r| r.version == v.version);
        let changed = review.map_or(v.submitted_at.clone(), |r| r.at.clone());
        entry.last_change = entry.last_change.clone().max(Some(changed));
        entry.comment = review.filter(|r| r.action == "returned").map(|r| r.comment.clone());
        entry.status = v.status;
        entry.version = Some(v.version);
        entry.total = v.total;
        entry.grade = v.grade;
        entry.findings = Some(v.findings);
    }
    Ok(Json(units.into_values().collect()))
}

/// A unit's history: every version, every review, its draft.
#[derive(Serialize)]
pub struct History {
    unit: String,
    versions: Vec<submissions::Version>,
    reviews: Vec<submissions::Review>,
    draft_saved_at: Option<String>,
}

/// `GET /api/v1/rubrics/{id}/submissions/{unit}/history`: every version (the
/// earlier ones stay readable), reviews with their comments, the draft's time.
pub async fn history(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path((id, unit)): Path<(String, String)>,
) -> Result<Json<History>, ApiError> {
    if app.catalog().get(&id).is_none() {
        return Err(super::score::no_rubric(&id, caller.lang));
    }
    if !caller.may_see(&unit) {
        let lang = caller.lang;
        return Err(ApiError::not_found(say!(lang, "{unit} has submitted nothing", "{unit} 尚未提交")));
    }
    let name = unit.clone();
    let (versions, reviews, draft) = app
        .store
        .read(move |conn| {
            let draft = submissions::draft(conn, &id, &name)?.map(|(_, at)| at);
            Ok((submissions::versions(conn, &id, &name)?, submissions::reviews(conn, &id, &name)?, draft))
        })
        .await?;
    Ok(Json(History { unit, versions, reviews, draft_saved_at: draft }))
}

/// A review as posted.
#[derive(Deserialize)]
struct ReviewBody {
    /// `accept` or `return`.
    action: String,
    /// The version reviewed (the latest).
    version: u32,
    /// Why it is returned (required to return).
    #[serde(default)]
    comment: String,
}

/// `POST /api/v1/rubrics/{id}/submissions/{unit}/review`: accepts the unit's
/// latest version, or returns it with a comment the unit sees (bureau only).
pub async fn review(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path((id, unit)): Path<(String, String)>,
    upload: Upload,
) -> Result<StatusCode, ApiError> {
    caller.bureau_only()?;
    let lang = caller.lang;
    let body: ReviewBody = serde_json::from_slice(&upload.bytes).map_err(|e| {
        ApiError::bad_request(say!(
            lang,
            "the review should be {{\"action\": \"accept\" or \"return\", \"version\": n, \"comment\": \"…\"}}: {e}",
            "审核内容应为 {{\"action\": \"accept\" 或 \"return\", \"version\": 版本号, \"comment\": \"…\"}}：{e}"
        ))
    })?;
    let accept = match body.action.as_str() {
        "accept" => true,
        "return" if !body.comment.trim().is_empty() => false,
        "return" => {
            return Err(ApiError::unprocessable(
                say!(
                    lang,
                    "say why it is returned: the unit will see the comment",
                    "请填写退回理由：单位会看到这条意见"
                ),
                Vec::new(),
            ))
        }
        other => {
            return Err(ApiError::bad_request(say!(
                lang,
                "unknown action {other}: accept or return",
                "未知操作 {other}：应为 accept 或 return"
            )))
        }
    };
    let (grant, name, role) = (caller.grant.id, caller.grant.name.clone(), caller.grant.role.as_str());
    let action = if accept { "accept" } else { "return" };
    app.store
        .write(move |conn| {
            submissions::review(conn, &id, &unit, body.version, accept, body.comment.trim(), grant)?;
            let detail = format!("v{} {}", body.version, body.comment.trim());
            let record = audit::Record {
                actor: &name,
                role,
                action,
                rubric: Some(&id),
                unit: Some(&unit),
                detail: detail.trim(),
            };
            audit::log(conn, record)
        })
        .await
        .map_err(|e| ApiError::new(StatusCode::CONFLICT, e.0))?;
    Ok(StatusCode::NO_CONTENT)
}
