//! A unit's draft, saved on the server as the clerk types; a filled file turned
//! into the form's values; and the data downloaded as TOML, `.xlsx` or JSON.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::api::{served, stored};
use super::auth::Caller;
use super::body::{self, Upload};
use super::canonical;
use super::error::ApiError;
use super::App;
use crate::base::i18n::Lang;
use crate::data::Format;
use crate::store::submissions;

/// A draft as the form loads it.
#[derive(Serialize)]
pub struct Draft {
    /// The form's values (numbers as text), or `null` when there is nothing yet.
    data: Value,
    /// When the draft was saved.
    saved_at: Option<String>,
    /// `draft`, `submission` (no draft: the latest version's data) or `null`.
    from: Option<&'static str>,
}

fn not_yours(unit: &str, lang: Lang) -> ApiError {
    ApiError::not_found(say!(lang, "there is no draft of {unit} for you", "没有您可以查看的 {unit} 草稿"))
}

/// Refuses unless `id` is served to the caller and `unit`'s drafts are the caller's to see.
fn draft_allowed(app: &App, caller: &Caller, id: &str, unit: &str) -> Result<(), ApiError> {
    served(&app.catalog(), id, caller)?;
    if caller.may_see(unit) {
        Ok(())
    } else {
        Err(not_yours(unit, caller.lang))
    }
}

/// The form's values of a stored JSON data file.
fn form_values(json: &str) -> Value {
    crate::data::parse(Format::Json, json).map_or(Value::Null, |tree| canonical::to_form_values(&tree))
}

/// `GET /api/v1/rubrics/{id}/drafts/{unit}`: the draft, or the latest
/// submission's data when there is no draft.
pub async fn draft(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path((id, unit)): Path<(String, String)>,
) -> Result<Json<Draft>, ApiError> {
    draft_allowed(&app, &caller, &id, &unit)?;
    let found = app
        .store
        .read(move |conn| {
            if let Some((data, at)) = submissions::draft(conn, &id, &unit)? {
                return Ok(Some((data, Some(at), "draft")));
            }
            Ok(submissions::get(conn, &id, &unit, None)?.map(|s| (s.data, None, "submission")))
        })
        .await?;
    Ok(Json(match found {
        Some((data, saved_at, from)) => Draft { data: form_values(&data), saved_at, from: Some(from) },
        None => Draft { data: Value::Null, saved_at: None, from: None },
    }))
}

/// When a draft was saved.
#[derive(Serialize)]
pub struct Saved {
    saved_at: String,
}

/// `PUT /api/v1/rubrics/{id}/drafts/{unit}`: saves the form's data (a JSON
/// data file) as the unit's draft. Nothing is checked but that it is JSON:
/// a draft may be half-filled.
pub async fn save(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path((id, unit)): Path<(String, String)>,
    upload: Upload,
) -> Result<Json<Saved>, ApiError> {
    draft_allowed(&app, &caller, &id, &unit)?;
    let lang = caller.lang;
    let text = std::str::from_utf8(&upload.bytes)
        .map_err(|_| ApiError::bad_request(say!(lang, "a draft is UTF-8 JSON", "草稿应为 UTF-8 编码的 JSON")))?
        .to_string();
    match crate::base::i18n::with_lang(lang, || crate::data::parse(Format::Json, &text)) {
        Ok(tree) if matches!(tree.kind, crate::data::NodeKind::Table(_)) => {}
        Ok(_) => return Err(ApiError::bad_request(say!(lang, "a draft is a JSON object", "草稿应为 JSON 对象"))),
        Err(problems) => {
            let first = problems.first().map(|p| p.message.clone()).unwrap_or_default();
            return Err(ApiError::bad_request(say!(lang, "a draft is JSON: {first}", "草稿应为 JSON：{first}")));
        }
    }
    let by = caller.grant.id;
    let saved_at = app.store.write(move |conn| submissions::save_draft(conn, &id, &unit, &text, by)).await?;
    Ok(Json(Saved { saved_at }))
}

/// `?name=FILE`: the uploaded file's name (its extension gives the format).
#[derive(Deserialize, Default)]
pub struct FileName {
    /// The file's name.
    pub name: Option<String>,
}

/// `POST /api/v1/rubrics/{id}/convert?name=FILE`: a filled file (xlsx, TOML,
/// JSON, YAML) as the form's values, with the problems it has. Stores nothing.
pub async fn convert(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
    Query(file): Query<FileName>,
    upload: Upload,
) -> Result<Response, ApiError> {
    let catalog = app.catalog();
    let ready = served(&catalog, &id, &caller)?;
    let incoming = body::read(&upload, file.name.as_deref(), super::api::own_unit(&caller), caller.lang)?;
    let tree = match &incoming.tree {
        Some(tree) => Ok(tree.clone()),
        None => crate::base::i18n::with_lang(caller.lang, || crate::data::parse(incoming.format, &incoming.text)),
    };
    let scored = super::score::evaluate(ready, &incoming, caller.lang);
    let data = tree.as_ref().map_or(Value::Null, canonical::to_form_values);
    let body = serde_json::json!({ "data": data, "problems": scored.problems });
    Ok(Json(body).into_response())
}

/// `?format=toml|xlsx|json` (and `?version=n` for a submission).
#[derive(Deserialize)]
pub struct Download {
    format: Option<String>,
    version: Option<u32>,
}

/// `GET /api/v1/rubrics/{id}/drafts/{unit}/download?format=…`: the draft as a file.
pub async fn download_draft(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path((id, unit)): Path<(String, String)>,
    Query(query): Query<Download>,
) -> Result<Response, ApiError> {
    draft_allowed(&app, &caller, &id, &unit)?;
    let (rubric, name) = (id.clone(), unit.clone());
    let data = app.store.read(move |conn| submissions::draft(conn, &rubric, &name)).await?;
    let Some((data, _)) = data else { return Err(not_yours(&unit, caller.lang)) };
    file(&app, &caller, &id, &unit, &data, query.format.as_deref())
}

/// `GET /api/v1/rubrics/{id}/submissions/{unit}/download?format=…&version=n`:
/// a submitted version's data as a file.
pub async fn download_submission(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path((id, unit)): Path<(String, String)>,
    Query(query): Query<Download>,
) -> Result<Response, ApiError> {
    let found = stored(&app, &caller, &id, &unit, query.version).await?;
    file(&app, &caller, &id, &unit, &found.data, query.format.as_deref())
}

/// The data (a JSON data file) as a download in `format`.
fn file(
    app: &App,
    caller: &Caller,
    id: &str,
    unit: &str,
    data: &str,
    format: Option<&str>,
) -> Result<Response, ApiError> {
    let catalog = app.catalog();
    let ready = served(&catalog, id, caller)?;
    let lang = caller.lang;
    let tree = crate::data::parse(Format::Json, data)
        .map_err(|_| ApiError::internal(say!(lang, "the stored data cannot be read", "无法读取已保存的数据")))?;
    let (bytes, kind, extension) = match format.unwrap_or("toml") {
        "toml" => (
            crate::base::i18n::with_lang(lang, || super::filled::toml(&ready.checked, &tree)).into_bytes(),
            "application/toml; charset=utf-8",
            "toml",
        ),
        "xlsx" => (
            crate::base::i18n::with_lang(lang, || super::filled::xlsx(&ready.checked, &tree))
                .map_err(ApiError::internal)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        "json" => (data.as_bytes().to_vec(), "application/json; charset=utf-8", "json"),
        other => {
            return Err(ApiError::bad_request(say!(
                lang,
                "cannot download as {other}: toml, xlsx or json",
                "无法下载为 {other}：可选 toml、xlsx 或 json"
            )))
        }
    };
    Ok(attachment(bytes, kind, &format!("{unit}-{id}.{extension}")))
}

/// A file to download, named `name`.
pub fn attachment(bytes: Vec<u8>, kind: &'static str, name: &str) -> Response {
    let mut response = (StatusCode::OK, [(header::CONTENT_TYPE, kind)], bytes).into_response();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let fallback: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || "-._".contains(c) { c } else { '_' }).collect();
    let value = format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}");
    if let Ok(value) = HeaderValue::from_str(&value) {
        response.headers_mut().insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
