//! The bureau's drafts of a rubric's text (bureau only): the served text,
//! every saved draft version (who, when, the served text it started from, its
//! errors and warnings), and saving a new version. A draft may have errors: it
//! is work in progress; only publishing ([`super::publish`]) demands none.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};

use super::api::served;
use super::auth::Caller;
use super::body::Upload;
use super::editor::{blocking, check_text, json_body};
use super::error::ApiError;
use super::App;
use crate::base::i18n::Lang;
use crate::store::rubric_drafts::{self, Draft, NewDraft};
use crate::store::{audit, submissions};

/// The served rubric a draft is of.
pub struct Base {
    /// The SHA-256 of its text.
    pub hash: String,
    /// Its text.
    pub text: Arc<str>,
    /// Its file.
    pub path: std::path::PathBuf,
    /// The checked rubric.
    pub checked: Arc<crate::check::model::Checked>,
}

/// The served rubric `id`, for the bureau; 403 for a unit, 404 when it is not
/// served.
pub fn base(catalog: &super::catalog::Catalog, id: &str, caller: &Caller) -> Result<Base, ApiError> {
    caller.bureau_only()?;
    let ready = served(catalog, id, caller)?;
    let entry = catalog.get(id).ok_or_else(|| super::score::no_rubric(id, caller.lang))?;
    Ok(Base {
        hash: entry.hash.clone(),
        text: entry.text.clone(),
        path: entry.path.clone(),
        checked: Arc::clone(&ready.checked),
    })
}

/// The served text of a rubric.
#[derive(Serialize)]
pub struct Served {
    id: String,
    title: String,
    year: Option<u32>,
    /// The SHA-256 of the text.
    hash: String,
    /// The file it is read from.
    path: String,
    text: String,
}

/// `GET /api/v1/rubrics/{id}/text`: the rubric's text as served (bureau only).
pub async fn text(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Served>, ApiError> {
    caller.bureau_only()?;
    let catalog = app.catalog();
    let ready = served(&catalog, &id, &caller)?;
    let entry = catalog.get(&id).ok_or_else(|| super::score::no_rubric(&id, caller.lang))?;
    Ok(Json(Served {
        id: entry.id.clone(),
        title: ready.checked.title.clone(),
        year: ready.checked.year,
        hash: entry.hash.clone(),
        path: entry.path.display().to_string(),
        text: entry.text.to_string(),
    }))
}

/// A draft version as listed: its text's and its base's hashes, and whether
/// the base is still the text served.
#[derive(Serialize)]
pub struct Listed {
    #[serde(flatten)]
    draft: Draft,
    /// The draft started from the text served now.
    based_on_current: bool,
}

/// `GET /api/v1/rubrics/{id}/text/drafts`: every draft version, newest first.
pub async fn list(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<Listed>>, ApiError> {
    let entry = base(&app.catalog(), &id, &caller)?;
    let drafts = app.store.read(move |conn| rubric_drafts::list(conn, &id)).await?;
    Ok(Json(drafts.into_iter().map(|draft| Listed { based_on_current: draft.based_on == entry.hash, draft }).collect()))
}

/// A draft version with its text.
#[derive(Serialize)]
pub struct Full {
    #[serde(flatten)]
    listed: Listed,
    text: String,
}

/// The draft version `n` of `id` (`n` as written in the path); 404 when there
/// is none.
pub async fn load(app: &App, id: &str, n: &str, lang: Lang) -> Result<(Draft, String, i64), ApiError> {
    let missing = || ApiError::not_found(say!(lang, "{id} has no draft {n}", "{id} 没有第 {n} 版草稿"));
    let version: u32 = n.parse().map_err(|_| missing())?;
    let rubric = id.to_string();
    let found = app.store.read(move |conn| rubric_drafts::get(conn, &rubric, version)).await?;
    found.ok_or_else(missing)
}

/// `GET /api/v1/rubrics/{id}/text/drafts/{n}`: a draft version with its text.
pub async fn draft(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path((id, n)): Path<(String, String)>,
) -> Result<Json<Full>, ApiError> {
    let entry = base(&app.catalog(), &id, &caller)?;
    let (draft, text, _) = load(&app, &id, &n, caller.lang).await?;
    let listed = Listed { based_on_current: draft.based_on == entry.hash, draft };
    Ok(Json(Full { listed, text }))
}

/// A draft as posted.
#[derive(Deserialize)]
struct Posted {
    text: String,
    #[serde(default)]
    note: String,
    /// The hash of the served text the author started from (the text served now when absent).
    based_on: Option<String>,
}

/// What saving answers.
#[derive(Serialize)]
pub struct Saved {
    version: u32,
    /// False when the text was the latest version's already (nothing stored).
    saved: bool,
    hash: String,
    errors: usize,
    warnings: usize,
}

/// `POST /api/v1/rubrics/{id}/text/drafts`: saves the text as the next draft
/// version (201), or answers the latest version when the text is the same
/// (200). The draft's errors and warnings are counted, not refused.
pub async fn save(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
    upload: Upload,
) -> Result<(StatusCode, Json<Saved>), ApiError> {
    let entry = base(&app.catalog(), &id, &caller)?;
    let lang = caller.lang;
    let shape = "{\"text\": \"…\", \"note\": \"…\", \"based_on\": \"…\"}";
    let posted: Posted = json_body(&upload, lang, shape)?;
    let note: String = posted.note.trim().chars().take(500).collect();
    let based_on = posted.based_on.unwrap_or_else(|| entry.hash.clone());
    if based_on != entry.hash {
        let (wanted, rubric) = (based_on.clone(), id.clone());
        let known = app.store.read(move |conn| rubric_text_of(conn, &wanted, &rubric)).await?;
        if !known {
            return Err(ApiError::unprocessable(
                say!(
                    lang,
                    "based_on {based_on} is not a text {id} was ever served with",
                    "based_on {based_on} 不是 {id} 曾经提供过的评分表原文"
                ),
                Vec::new(),
            ));
        }
    }
    let text = posted.text;
    let checked = {
        let text = text.clone();
        blocking(lang, move || check_text(&text)).await?
    };
    let new = NewDraft {
        rubric: id.clone(),
        text,
        based_on,
        errors: checked.errors,
        warnings: checked.warnings,
        note,
        by: caller.grant.id,
    };
    let (actor, role) = (caller.grant.name.clone(), caller.grant.role.as_str());
    let served_text = (entry.hash.clone(), entry.text.to_string(), entry.checked.year);
    let hash = crate::store::sha256_hex(new.text.as_bytes());
    let (version, saved) = app
        .store
        .write(move |conn| {
            submissions::record_rubric(conn, &served_text.0, &new.rubric, served_text.2, &served_text.1)?;
            let (version, saved) = rubric_drafts::save(conn, &new)?;
            if saved {
                let detail = match new.note.as_str() {
                    "" => format!("v{version}"),
                    note => format!("v{version} · {note}"),
                };
                let record = audit::Record {
                    actor: &actor,
                    role,
                    action: "draft.save",
                    rubric: Some(&new.rubric),
                    unit: None,
                    detail: &detail,
                };
                audit::log(conn, record)?;
            }
            Ok((version, saved))
        })
        .await?;
    let status = if saved { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(Saved { version, saved, hash, errors: checked.errors, warnings: checked.warnings })))
}

/// True when `hash` is a text recorded for rubric `id`.
fn rubric_text_of(conn: &rusqlite::Connection, hash: &str, id: &str) -> crate::store::Result<bool> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row("SELECT 1 FROM rubric_texts WHERE hash = ?1 AND rubric_id = ?2", rusqlite::params![hash, id], |_| {
            Ok(())
        })
        .optional()?
        .is_some())
}
