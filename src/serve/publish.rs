//! Publishing a draft: served from then on as next year's rubric, under a new
//! id, beside the rubric it was drafted from — without touching anything
//! already submitted.
//!
//! The draft is checked first: one with errors is refused (422, every error
//! located), and so is one whose `year` is not after the served rubric's. Its
//! text is written as a new file `<id>.rubric` in the served rubric's folder
//! (never over an existing file), recorded with the publication and an audit
//! line in one transaction, and the desk reloads its rubrics. Earlier
//! submissions keep their rubric's id, their reports and the text they were
//! scored against; the served rubric stays served.

use std::io::Write;
use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::api::json_text;
use super::auth::Caller;
use super::authoring::{base, load};
use super::body::Upload;
use super::editor::{blocking, json_body, located, problems, Checked};
use super::error::ApiError;
use super::impact::refuse_draft;
use super::App;
use crate::base::diagnostic::{Code, Diagnostic};
use crate::lsp::document::Document;
use crate::store::rubric_drafts::{self, Publication};
use crate::store::{audit, submissions};

/// `{"id": "…"}`: the new rubric's id (optional).
#[derive(Deserialize, Default)]
struct Wanted {
    id: Option<String>,
}

/// What publishing answers.
#[derive(Serialize)]
struct Published {
    id: String,
    title: String,
    year: u32,
    hash: String,
    path: String,
    /// The rubric and draft it came from.
    from: String,
    draft: u32,
}

/// `POST /api/v1/rubrics/{id}/text/drafts/{n}/publish`: serves draft `n` as a
/// new rubric (201), next year's (bureau only). The body may name its id
/// (`{"id": "…"}`); else it is the served rubric's id with its year replaced by
/// the draft's (`lezhi-2022-…` → `lezhi-2023-…`), or with `-<year>` added.
/// 422: the draft has errors, or its year is not after the served one's, or
/// the id is not a file name; 409: the id is taken.
pub async fn publish(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path((id, n)): Path<(String, String)>,
    upload: Upload,
) -> Result<Response, ApiError> {
    let lang = caller.lang;
    let served = base(&app.catalog(), &id, &caller)?;
    let wanted: Wanted = if upload.bytes.iter().all(u8::is_ascii_whitespace) {
        Wanted::default()
    } else {
        json_body(&upload, lang, "{\"id\": \"…\"}")?
    };
    let (draft, text, draft_row) = load(&app, &id, &n, lang).await?;
    let served_year = served.checked.year;
    let verdict = {
        let text = text.clone();
        blocking(lang, move || verdict(&text, served_year)).await?
    };
    let (year, title) = match verdict {
        Ok(found) => found,
        Err(checked) => return Ok(refuse_draft(lang, checked)),
    };
    let new_id = wanted.id.map(|s| s.trim().to_string()).unwrap_or_else(|| next_id(&id, served_year, year));
    if !is_file_stem(&new_id) {
        return Err(ApiError::unprocessable(
            say!(
                lang,
                "{new_id} cannot be a rubric's id: use letters, digits, - _ and . (not first), at most 100",
                "{new_id} 不能作为评分表标识：只能用字母、汉字、数字、- _ 和 .（不能开头），最多 100 个字符"
            ),
            Vec::new(),
        ));
    }
    let _one_at_a_time = app.publish_lock.lock().await;
    let taken = || {
        ApiError::new(
            StatusCode::CONFLICT,
            say!(
                lang,
                "a rubric {new_id} exists already: give the new rubric another id",
                "评分表 {new_id} 已存在：请为新评分表另取一个标识"
            ),
        )
    };
    let wanted_id = new_id.clone();
    let published = app.store.read(move |conn| rubric_drafts::is_published(conn, &wanted_id)).await?;
    if published || app.catalog().get(&new_id).is_some() {
        return Err(taken());
    }
    let folder = served.path.parent().map(FsPath::to_path_buf).unwrap_or_default();
    let target = folder.join(format!("{new_id}.rubric"));
    match write_new(&target, &text) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(taken()),
        Err(e) => {
            let shown = target.display();
            return Err(ApiError::internal(say!(lang, "cannot write {shown}: {e}", "无法写入 {shown}：{e}")));
        }
    }
    let hash = crate::store::sha256_hex(text.as_bytes());
    let publication = Publication {
        draft: draft_row,
        rubric: new_id.clone(),
        path: target.display().to_string(),
        hash: hash.clone(),
        year: Some(year),
        by: caller.grant.id,
    };
    let (actor, role, from, version) =
        (caller.grant.name.clone(), caller.grant.role.as_str(), id.clone(), draft.version);
    let recorded = app
        .store
        .write(move |conn| {
            submissions::record_rubric(conn, &publication.hash, &publication.rubric, publication.year, &text)?;
            rubric_drafts::publish(conn, &publication)?;
            let detail = format!("{from} v{version} → {}", publication.rubric);
            let record = audit::Record {
                actor: &actor,
                role,
                action: "publish",
                rubric: Some(&from),
                unit: None,
                detail: &detail,
            };
            audit::log(conn, record)?;
            audit::log(conn, audit::Record { rubric: Some(&publication.rubric), ..record })
        })
        .await;
    if let Err(e) = recorded {
        let _ = std::fs::remove_file(&target);
        return Err(e.into());
    }
    app.serve_also(&target);
    app.reload().await.map_err(ApiError::internal)?;
    let catalog = app.catalog();
    if catalog.get(&new_id).and_then(|e| e.ready()).is_none() {
        let shown = target.display();
        return Err(ApiError::internal(say!(
            lang,
            "{shown} was written but is not served: see the bureau's list of rubrics",
            "已写入 {shown}，但未能提供：请查看财政局页面中的评分表列表"
        )));
    }
    let body =
        Published { id: new_id, title, year, hash, path: target.display().to_string(), from: id, draft: draft.version };
    Ok(json_text(StatusCode::CREATED, serde_json::to_string(&body).unwrap_or_default()))
}

/// The draft's year and title, or what stops it from being published: its
/// errors, or a year that is missing or not after `served_year`.
fn verdict(text: &str, served_year: Option<u32>) -> Result<(u32, String), Checked> {
    let mut document = Document::new(text);
    let view = document.view();
    let all = problems(&view);
    let errors = all.iter().filter(|p| p.severity == "error").count();
    if errors > 0 {
        return Err(Checked { errors, warnings: all.len() - errors, diagnostics: all });
    }
    let header = &view.analysis.tree.header;
    let refuse = |d: Diagnostic| Checked { errors: 1, warnings: 0, diagnostics: vec![located(&view, &d)] };
    let Some(year) = &header.year else {
        let next = served_year.map_or(String::new(), |y| format!(" {}", y + 1));
        return Err(refuse(
            Diagnostic::error(
                Code::Header,
                header.title.span.clone(),
                crate::tr!("a published rubric says its year", "发布的评分表要写明年度"),
            )
            .label(crate::tr!("no year", "没有年度"))
            .help(crate::tr!("add `year{next}` after the title", "在标题后加上 `年度{next}`")),
        ));
    };
    if let Some(served) = served_year.filter(|s| year.node <= *s) {
        let (this, next) = (year.node, served + 1);
        return Err(refuse(
            Diagnostic::error(
                Code::Header,
                year.span.clone(),
                crate::tr!(
                    "the published rubric is next year's: year {this} is not after the served rubric's {served}",
                    "发布的是下一年度的评分表：年度 {this} 不晚于现行评分表的 {served} 年"
                ),
            )
            .label(crate::tr!("not after {served}", "不晚于 {served}"))
            .help(crate::tr!("write {next}", "改为 {next}"))
            .replacement(year.span.clone(), next.to_string()),
        ));
    }
    Ok((year.node, header.title.node.clone()))
}

/// The served rubric's id with its year replaced by `year` (`lezhi-2022-…` →
/// `lezhi-2023-…`), or with `-<year>` added when it does not hold its year.
pub fn next_id(id: &str, served_year: Option<u32>, year: u32) -> String {
    match served_year.map(|y| y.to_string()).filter(|y| id.contains(y.as_str())) {
        Some(served) => id.replacen(&served, &year.to_string(), 1),
        None => format!("{id}-{year}"),
    }
}

/// True for an id that can be a file's stem on any system: letters (Chinese
/// too), digits, `-`, `_` and `.` (not first), at most 100 characters.
pub fn is_file_stem(id: &str) -> bool {
    let count = id.chars().count();
    (1..=100).contains(&count)
        && !id.starts_with('.')
        && id.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Writes `text` as the new file `target`, whole or not at all: into a
/// temporary file beside it, flushed to disk, then linked to its name (which
/// fails if the name is taken).
fn write_new(target: &FsPath, text: &str) -> std::io::Result<()> {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let suffix = crate::store::random_hex(6).map_err(|e| std::io::Error::other(e.0))?;
    let temporary: PathBuf = target.with_file_name(format!(".{name}.{suffix}.tmp"));
    let written = (|| {
        let mut file = std::fs::File::create_new(&temporary)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()
    })();
    let linked = written.and_then(|()| std::fs::hard_link(&temporary, target));
    let _ = std::fs::remove_file(&temporary);
    linked?;
    if let Some(folder) = target.parent().and_then(|f| std::fs::File::open(f).ok()) {
        let _ = folder.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_id_replaces_the_year_or_adds_it() {
        assert_eq!(next_id("lezhi-2022-performance-management", Some(2022), 2023), "lezhi-2023-performance-management");
        assert_eq!(next_id("department", Some(2022), 2023), "department-2023");
        assert_eq!(next_id("department", None, 2023), "department-2023");
    }

    #[test]
    fn ids_are_file_stems() {
        assert!(is_file_stem("lezhi-2023-performance-management"));
        assert!(is_file_stem("乐至县2023考核"));
        for bad in ["", ".hidden", "a/b", "..", "a b", "a\\b", &"x".repeat(101)] {
            assert!(!is_file_stem(bad), "{bad}");
        }
    }

    #[test]
    fn a_draft_whose_year_is_not_after_the_served_one_is_refused_at_its_year() {
        let text = "rubric \"t\" year 2022 max 2\ninput 次数: count\nsection 一 \"一\" 2\n  item 1 \"x\" 2\n    score 2 if 次数 > 0\n";
        let refused = verdict(text, Some(2022)).err().unwrap();
        let problem = &refused.diagnostics[0];
        assert_eq!(problem.code, "rubric::header");
        assert_eq!(&text[problem.range.from..problem.range.to], "2022");
        let next = text.replace("2022", "2023");
        assert_eq!(verdict(&next, Some(2022)).ok(), Some((2023, "t".to_string())));
        let broken = next.replace("item 1 \"x\" 2", "item 1 \"x\" 3");
        let refused = verdict(&broken, Some(2022)).err().unwrap();
        assert!(refused.diagnostics.iter().any(|d| d.code == "rubric::weights"));
    }
}
