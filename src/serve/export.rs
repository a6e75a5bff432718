//! Exports and imports through `rubric batch` (a small adapter over
//! [`crate::batch`]): an export writes every unit's latest data as a data file
//! into `<db>.exports/<rubric id>/` and runs the batch on that folder, so that
//! its `.xlsx`, `.csv`, `.html`, `.json` or `.md` is byte for byte what
//! `rubric batch <rubric> <that folder> --out …` writes; an import reads a data
//! file or a sheet of units as the batch reads its inputs, and stores each
//! unit as a submission.

use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::Serialize;

use super::api::served;
use super::auth::Caller;
use super::body::{Incoming, Kind, Upload};
use super::catalog::Ready;
use super::drafts::{attachment, FileName};
use super::error::{ApiError, ProblemJson};
use super::score::prepare;
use super::App;
use crate::base::diagnostic::{has_errors, SourceFile};
use crate::base::i18n::{with_lang, Lang};
use crate::batch::input::{Body, Failure, Ready as Loaded};
use crate::batch::out::Kind as OutKind;
use crate::check::model::Checked;
use crate::store::access::Role;
use crate::store::{audit, submissions};

/// A file name from a unit's name: no separators or characters a file system refuses.
fn file_stem(unit: &str) -> String {
    let cleaned: String =
        unit.chars().map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { '_' } else { c }).collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        "unit".to_string()
    } else {
        cleaned
    }
}

/// Writes the data files of an export into `folder` (emptied first).
fn write_inputs(folder: &FsPath, rows: &[(String, String, String)]) -> std::io::Result<()> {
    if folder.exists() {
        std::fs::remove_dir_all(folder)?;
    }
    std::fs::create_dir_all(folder)?;
    let mut taken = std::collections::BTreeSet::new();
    for (unit, data, _) in rows {
        let stem = file_stem(unit);
        let mut name = format!("{stem}.json");
        let mut n = 2;
        while !taken.insert(name.clone()) {
            name = format!("{stem}-{n}.json");
            n += 1;
        }
        std::fs::write(folder.join(name), data)?;
    }
    Ok(())
}

/// Runs the batch over `folder` into `out`; the error is a sentence.
fn run_batch(rubric: &Checked, file: &SourceFile, folder: &FsPath, out: &FsPath) -> Result<(), String> {
    let sources = crate::batch::sources(&[folder.to_path_buf()])?;
    let mut sink = crate::batch::out::open(out)?;
    let mut failed = None;
    let mut each = |unit: crate::batch::Scored<'_>| {
        if failed.is_none() {
            failed = sink.unit(&unit).err();
        }
    };
    let summary = crate::batch::run(rubric, file, &sources, &crate::batch::Options::default(), &|_, _| {}, &mut each)?;
    if let Some(message) = failed {
        return Err(message);
    }
    sink.finish(&summary)
}

/// `GET /api/v1/rubrics/{id}/export/{format}` (`xlsx`, `csv`, `html`, `json`,
/// `md`): the batch report of every unit's latest submission (bureau only).
pub async fn export(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path((id, format)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    caller.bureau_only()?;
    let lang = caller.lang;
    let catalog = app.catalog();
    served(&catalog, &id, &caller)?;
    let entry = catalog.get(&id).ok_or_else(|| super::score::no_rubric(&id, lang))?;
    let out_name = format!("{id}.{format}");
    // Exactly one of the batch's extensions: the name becomes a file's (no `/`, no `..`).
    let known = ["xlsx", "csv", "html", "json", "md"].contains(&format.as_str());
    let kind = OutKind::from_path(FsPath::new(&out_name)).filter(|_| known).ok_or_else(|| {
        ApiError::not_found(say!(
            lang,
            "no export as {format}: xlsx, csv, html, json or md",
            "没有 {format} 格式的导出：可选 xlsx、csv、html、json 或 md"
        ))
    })?;
    let rubric_id = id.clone();
    let rows = app.store.read(move |conn| submissions::latest_data(conn, &rubric_id)).await?;
    if rows.is_empty() {
        return Err(ApiError::not_found(say!(lang, "nothing has been submitted for {id} yet", "{id} 尚无任何提交")));
    }
    let hashes: std::collections::BTreeSet<&str> = rows.iter().map(|(_, _, h)| h.as_str()).collect();
    if hashes.len() > 1 {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            say!(
                lang,
                "the latest submissions were scored against {} versions of the rubric's text; one export is one rubric: have the units submit again",
                "各单位最新的提交是按 {} 个不同版本的评分表计分的；一次导出只能对应一份评分表：请相关单位重新提交",
                hashes.len()
            ),
        ));
    }
    let hash = hashes.into_iter().next().unwrap_or_default().to_string();
    // The text the submissions were scored against: the file's, or the one recorded then.
    let (checked, file) = if hash == entry.hash {
        let ready = entry.ready().ok_or_else(|| super::score::no_rubric(&id, lang))?;
        (Arc::clone(&ready.checked), ready.file.clone())
    } else {
        let wanted = hash.clone();
        let text = app.store.read(move |conn| submissions::rubric_text(conn, &wanted)).await?;
        let text =
            text.ok_or_else(|| ApiError::internal(say!(lang, "the rubric's text is missing", "缺少评分表原文")))?;
        let (checked, diagnostics) = crate::check::check_source(&text, &crate::base::limits::Limits::default());
        let checked = checked.filter(|_| !has_errors(&diagnostics)).ok_or_else(|| {
            ApiError::internal(say!(lang, "the recorded rubric text has errors", "已记录的评分表原文有错误"))
        })?;
        (Arc::new(checked), SourceFile::new(entry.path.display().to_string(), text))
    };
    let _one_at_a_time = app.export_lock.lock().await;
    let folder = app.exports.join(&id);
    let out = app.exports.join(format!("{id}.out")).join(&out_name);
    let written = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, String> {
        with_lang(lang, || {
            write_inputs(&folder, &rows).map_err(|e| e.to_string())?;
            if let Some(parent) = out.parent() {
                std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
            }
            run_batch(&checked, &file, &folder, &out)?;
            std::fs::read(&out).map_err(|e| e.to_string())
        })
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))?
    .map_err(ApiError::internal)?;
    let record = caller.record("export", Some(&id), None, &format);
    let record = audit_owned(record);
    app.store.write(move |conn| audit::log(conn, record.as_record())).await?;
    let content_type = match kind {
        OutKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        OutKind::Html => "text/html; charset=utf-8",
        OutKind::Csv => "text/csv; charset=utf-8",
        OutKind::Json => "application/json; charset=utf-8",
        OutKind::Markdown => "text/markdown; charset=utf-8",
    };
    Ok(attachment(written, content_type, &out_name))
}

/// An audit record that owns its fields, to move into the writer.
struct OwnedRecord {
    actor: String,
    role: String,
    action: String,
    rubric: Option<String>,
    unit: Option<String>,
    detail: String,
}

impl OwnedRecord {
    fn as_record(&self) -> audit::Record<'_> {
        audit::Record {
            actor: &self.actor,
            role: &self.role,
            action: &self.action,
            rubric: self.rubric.as_deref(),
            unit: self.unit.as_deref(),
            detail: &self.detail,
        }
    }
}

fn audit_owned(record: audit::Record<'_>) -> OwnedRecord {
    OwnedRecord {
        actor: record.actor.to_string(),
        role: record.role.to_string(),
        action: record.action.to_string(),
        rubric: record.rubric.map(str::to_string),
        unit: record.unit.map(str::to_string),
        detail: record.detail.to_string(),
    }
}

/// What an import did.
#[derive(Serialize, Default)]
pub struct Imported {
    /// The units stored, each as a new version.
    imported: Vec<ImportedUnit>,
    /// The units (or files) refused, with their problems.
    refused: Vec<Refused>,
}

#[derive(Serialize)]
struct ImportedUnit {
    unit: String,
    version: u32,
    total: Option<String>,
    grade: Option<String>,
}

#[derive(Serialize)]
struct Refused {
    /// The file or row.
    source: String,
    /// Why.
    error: String,
    problems: Vec<ProblemJson>,
}

/// The units of an uploaded file, read as `rubric batch` reads its inputs.
fn read_units(bytes: &[u8], name: &str, lang: Lang) -> Result<Vec<Loaded>, String> {
    let folder = std::env::temp_dir().join(format!("rubric-import-{}", crate::store::random_hex(8).map_err(|e| e.0)?));
    std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
    let path: PathBuf = folder.join(file_stem(name));
    let read = std::fs::write(&path, bytes).map_err(|e| e.to_string()).and_then(|()| {
        with_lang(lang, || {
            let sources = crate::batch::sources(std::slice::from_ref(&path))?;
            Ok(sources.iter().flat_map(crate::batch::input::read).collect())
        })
    });
    let _ = std::fs::remove_dir_all(&folder);
    read
}

/// Checks one loaded unit as the bureau's submission.
fn prepare_loaded(ready: &Ready, loaded: Loaded, lang: Lang) -> Result<(Incoming, super::score::Prepared), Refused> {
    let unit = match loaded {
        Loaded::Unit(unit) => unit,
        Loaded::Failed(failure) => {
            let source = failure.path().file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let error = match &failure {
                Failure::Read { error, .. } => error.diagnostic.message.clone(),
                Failure::Sheet { problems, .. } | Failure::Row { problems, .. } => {
                    problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
                }
            };
            return Err(Refused { source, error, problems: Vec::new() });
        }
    };
    let source = unit.source.rsplit(['/', '\\']).next().unwrap_or_default().to_string();
    let incoming = match unit.body {
        Body::File { file, format } => {
            Incoming::text(source.clone(), Kind::Text(format), file.text.to_string(), format)
        }
        Body::Row { unit: row, .. } => Incoming::row(Kind::Xlsx, row),
    };
    match prepare(ready, &incoming, &Role::Bureau, Some(&unit.fallback), lang) {
        Ok(prepared) => Ok((incoming, prepared)),
        Err(error) => Err(Refused { source, error: error.message, problems: error.problems }),
    }
}

/// `POST /api/v1/rubrics/{id}/import?name=FILE`: a data file, or a sheet of
/// units (`.xlsx`, `.csv`), stored as one submission per unit (bureau only).
/// Units with problems are refused, each with its problems; the others are stored.
pub async fn import(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
    Query(file): Query<FileName>,
    upload: Upload,
) -> Result<Json<Imported>, ApiError> {
    caller.bureau_only()?;
    let lang = caller.lang;
    let catalog = app.catalog();
    let ready = served(&catalog, &id, &caller)?;
    let entry = catalog.get(&id).ok_or_else(|| super::score::no_rubric(&id, lang))?;
    let name = file.name.unwrap_or_default();
    if Kind::of_file(&name).is_none() {
        return Err(ApiError::bad_request(say!(
            lang,
            "name the file (?name=units.xlsx): a data file (.toml, .json, .yaml) or a sheet (.xlsx, .csv)",
            "请给出文件名（?name=units.xlsx）：数据文件（.toml、.json、.yaml）或表格（.xlsx、.csv）"
        )));
    }
    let (scoring, rubric_id) = (Arc::clone(&catalog), id.clone());
    let prepared = tokio::task::spawn_blocking(move || -> Result<Vec<_>, String> {
        let ready = scoring.get(&rubric_id).and_then(|e| e.ready()).ok_or_else(String::new)?;
        let loaded = read_units(&upload.bytes, &name, lang)?;
        Ok(loaded.into_iter().map(|unit| prepare_loaded(ready, unit, lang)).collect())
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))?
    .map_err(ApiError::bad_request)?;
    let mut result = Imported::default();
    let mut news = Vec::new();
    for outcome in prepared {
        match outcome {
            Ok((incoming, prepared)) => news.push(submissions::New {
                rubric: id.clone(),
                rubric_year: ready.checked.year,
                rubric_hash: entry.hash.clone(),
                unit: prepared.unit,
                format: incoming.kind.name().to_string(),
                original: incoming.text,
                data: prepared.data,
                report: prepared.report_zh,
                report_en: prepared.report_en,
                total: prepared.total,
                grade: prepared.grade,
                findings: prepared.findings,
                by: Some(caller.grant.id),
                source: "import".to_string(),
            }),
            Err(refused) => result.refused.push(refused),
        }
    }
    // Every unit of the file in one transaction, each with its audit line.
    let (actor, role) = (caller.grant.name.clone(), caller.grant.role.as_str());
    result.imported = app
        .store
        .write(move |conn| {
            let mut imported = Vec::with_capacity(news.len());
            for new in news {
                let version = submissions::insert(conn, &new)?;
                let detail = format!("v{version} · import · {}", new.total.as_deref().unwrap_or("—"));
                let record = audit::Record {
                    actor: &actor,
                    role,
                    action: "import",
                    rubric: Some(&new.rubric),
                    unit: Some(&new.unit),
                    detail: &detail,
                };
                audit::log(conn, record)?;
                imported.push(ImportedUnit { unit: new.unit, version, total: new.total, grade: new.grade });
            }
            Ok(imported)
        })
        .await?;
    Ok(Json(result))
}

#[cfg(test)]
mod tests {
    use super::file_stem;

    #[test]
    fn unit_names_as_file_names() {
        assert_eq!(file_stem("乐至县盛池镇人民政府"), "乐至县盛池镇人民政府");
        assert_eq!(file_stem("a/b\\c:d"), "a_b_c_d");
        assert_eq!(file_stem("..hidden"), "hidden");
        assert_eq!(file_stem("  "), "unit");
    }
}
