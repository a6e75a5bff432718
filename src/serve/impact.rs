//! What a draft does to the county before it is published: the draft scores
//! every unit's latest stored submission beside the served rubric — `rubric
//! diff <served> <draft> --data <their data files> --format json`, through the
//! same functions ([`crate::author::diff`]) — and the problems scoring met.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;

use super::api::json_text;
use super::auth::Caller;
use super::authoring::{base, load};
use super::editor::{blocking, check_text, Checked, RubricProblem, Stretch};
use super::error::ApiError;
use super::App;
use crate::author::diff::{self, render, Scored};
use crate::base::diagnostic::{has_errors, Diagnostic, Origin, Severity};
use crate::base::i18n::Lang;
use crate::base::limits::Limits;
use crate::data::Format;
use crate::lsp::document::Document;
use crate::store::submissions;

/// A problem met scoring a unit's stored data under the draft.
#[derive(Serialize)]
pub struct UnitProblem {
    /// The unit.
    unit: String,
    /// The code.
    code: &'static str,
    /// `error` or `warning`.
    severity: &'static str,
    /// One sentence.
    message: String,
    /// `data` (the unit's data) or `rubric` (the draft: a division by zero, …).
    origin: &'static str,
    /// For a problem in the draft, where it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    range: Option<Stretch>,
}

/// The answer to a draft with errors, which scores nothing: 422 with every
/// problem of its text, located.
pub fn refuse_draft(lang: Lang, checked: Checked) -> Response {
    #[derive(Serialize)]
    struct Refusal {
        error: String,
        problems: Vec<RubricProblem>,
    }
    let errors = checked.errors;
    let error = say!(
        lang,
        "the draft has {errors} error(s): fix them first (each is listed where it is)",
        "草稿有 {errors} 处错误：请先修正（逐一列出所在位置）"
    );
    let body = Refusal { error, problems: checked.diagnostics.into_iter().filter(|d| d.severity == "error").collect() };
    json_text(StatusCode::UNPROCESSABLE_ENTITY, serde_json::to_string(&body).unwrap_or_default())
}

/// `POST /api/v1/rubrics/{id}/text/drafts/{n}/impact`: every unit's latest
/// submission scored under the served rubric and under draft `n`; exactly
/// `rubric diff --format json`'s `old`, `new`, `changes` and `impact`, then
/// `draft` (which draft, against which text) and `problems` (bureau only;
/// stores nothing). A draft with errors: 422 with them.
pub async fn impact(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path((id, n)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let lang = caller.lang;
    let served = base(&app.catalog(), &id, &caller)?;
    let (draft, text, _) = load(&app, &id, &n, lang).await?;
    let rubric = id.clone();
    let rows = app.store.read(move |conn| submissions::latest_data(conn, &rubric)).await?;
    blocking(lang, move || {
        let (new, diagnostics) = crate::check::check_source(&text, &Limits::default());
        let Some(new) = new.filter(|_| !has_errors(&diagnostics)) else {
            return Ok(refuse_draft(lang, check_text(&text)));
        };
        let old = &served.checked;
        let changes = diff::diff(old, &new);
        let mut document = Document::new(text.as_str());
        let view = document.view();
        let mut units = Vec::new();
        let mut problems = Vec::new();
        for (unit, data, _) in &rows {
            let before = diff::score(old, data, Format::Json);
            let after = diff::score(&new, data, Format::Json);
            collect(unit, &after, &mut problems, |d| Stretch::of(&view, &d.span));
            match (before.report, after.report) {
                (Some(old_report), Some(new_report)) => {
                    units.push((crate::render::label(&new_report, unit), old_report, new_report));
                }
                _ => problems.push(UnitProblem {
                    unit: unit.clone(),
                    code: "data::syntax",
                    severity: "error",
                    message: say!(lang, "the stored data cannot be read; it is left out", "无法读取已存数据，已略过"),
                    origin: "data",
                    range: None,
                }),
            }
        }
        let impact = diff::impact(old, &new, units);
        let mut json = render::json(&changes, Some(&impact));
        let about = serde_json::json!({
            "rubric": id,
            "version": draft.version,
            "served_hash": served.hash,
            "based_on_current": draft.based_on == served.hash,
        });
        // `rubric diff`'s JSON as it prints it, with two members more at its end.
        let extra = format!(
            ",\n  \"draft\": {},\n  \"problems\": {}\n}}",
            about,
            serde_json::to_string(&problems).unwrap_or_else(|_| "[]".into())
        );
        json.truncate(json.trim_end().trim_end_matches('}').trim_end().len());
        json.push_str(&extra);
        Ok(json_text(StatusCode::OK, json))
    })
    .await?
}

/// The errors of scoring one unit under the draft.
fn collect(unit: &str, scored: &Scored, out: &mut Vec<UnitProblem>, locate: impl Fn(&Diagnostic) -> Stretch) {
    let load = scored.load.iter().map(|d| (d, false));
    let eval = scored.eval.iter().map(|d| (d, d.origin == Origin::Rubric));
    for (d, in_rubric) in load.chain(eval).filter(|(d, _)| d.severity == Severity::Error) {
        out.push(UnitProblem {
            unit: unit.to_string(),
            code: d.code_text(),
            severity: "error",
            message: d.message.clone(),
            origin: if in_rubric { "rubric" } else { "data" },
            range: in_rubric.then(|| locate(d)),
        });
    }
}
