//! The rubric page's editor features over JSON (bureau only): the language
//! server's own functions ([`crate::lsp`]) — `rubric check`'s diagnostics with
//! their quick fixes, hovers, completions — on a text sent by the page, with
//! places given both as the editor counts them (line and UTF-16 character,
//! from 0) and as byte spans. Nothing is stored.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};

use super::auth::Caller;
use super::body::Upload;
use super::error::ApiError;
use super::App;
use crate::base::diagnostic::{Diagnostic, Severity, SourceFile};
use crate::base::i18n::{with_lang, Lang};
use crate::base::span::Span;
use crate::lsp::document::{Document, View};
use crate::lsp::position::Position;
use crate::lsp::{completion, fixes, hover, keywords};

/// A place as an editor counts it: line and UTF-16 character, from 0.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct Place {
    /// The line, from 0.
    pub line: u32,
    /// The character on the line, in UTF-16 code units, from 0.
    pub character: u32,
}

/// A stretch of text: as the editor counts it, and as bytes.
#[derive(Debug, Clone, Serialize)]
pub struct Stretch {
    /// Where it starts.
    pub start: Place,
    /// Where it ends.
    pub end: Place,
    /// Its first byte.
    pub from: usize,
    /// The byte after its last.
    pub to: usize,
}

impl Stretch {
    /// The stretch of `span` in `view`'s text.
    pub fn of(view: &View<'_>, span: &Span) -> Stretch {
        let (start, end) = view.range(span);
        let from = view.offset(start);
        Stretch {
            start: Place { line: start.line, character: start.character },
            end: Place { line: end.line, character: end.character },
            from,
            to: view.offset(end).max(from),
        }
    }
}

/// Another place a diagnostic points to.
#[derive(Debug, Clone, Serialize)]
pub struct Related {
    /// What is there.
    pub message: String,
    /// Where.
    pub range: Stretch,
}

/// A quick fix: replace `range` by `text`.
#[derive(Debug, Clone, Serialize)]
pub struct QuickFix {
    /// What applying it does.
    pub title: String,
    /// What is replaced (empty: an insertion).
    pub range: Stretch,
    /// The new text.
    pub text: String,
}

/// A problem of a rubric's text, located.
#[derive(Debug, Clone, Serialize)]
pub struct RubricProblem {
    /// The stable code: `rubric::weights`, …
    pub code: &'static str,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// One sentence.
    pub message: String,
    /// The text under the caret.
    pub label: String,
    /// How to fix it.
    pub help: Option<String>,
    /// Line, from 1 (as `rubric check` prints it).
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
    /// Where, for an editor.
    pub range: Stretch,
    /// The other places that explain it.
    pub related: Vec<Related>,
    /// The edits that fix it.
    pub fixes: Vec<QuickFix>,
}

/// The diagnostics of `view`'s text with their quick fixes.
pub fn problems(view: &View<'_>) -> Vec<RubricProblem> {
    let file = SourceFile::new("rubric", view.text);
    let all = fixes::quick_fixes(view, &(0..view.text.len()));
    view.analysis
        .diagnostics
        .iter()
        .enumerate()
        .map(|(at, d)| problem(view, &file, d, all.iter().filter(|f| f.diagnostic == at)))
        .collect()
}

/// One diagnostic of `view`'s text (not of its analysis), located, with the
/// edit its help names as its quick fix.
pub fn located(view: &View<'_>, d: &Diagnostic) -> RubricProblem {
    let fix = d.replacement.clone().map(|edit| fixes::Fix { title: fixes::title(view, &edit), diagnostic: 0, edit });
    problem(view, &SourceFile::new("rubric", view.text), d, fix.iter())
}

fn problem<'f>(
    view: &View<'_>,
    file: &SourceFile,
    d: &Diagnostic,
    fixes: impl Iterator<Item = &'f fixes::Fix>,
) -> RubricProblem {
    let (line, column) = file.line_col(d.span.start);
    RubricProblem {
        code: d.code_text(),
        severity: match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        message: d.message.clone(),
        label: d.label.clone(),
        help: d.help.clone(),
        line,
        column,
        range: Stretch::of(view, &d.span),
        related: d
            .related
            .iter()
            .map(|(span, message)| Related { message: message.clone(), range: Stretch::of(view, span) })
            .collect(),
        fixes: fixes
            .map(|f| QuickFix {
                title: f.title.clone(),
                range: Stretch::of(view, &f.edit.span),
                text: f.edit.text.clone(),
            })
            .collect(),
    }
}

/// Reads a JSON body into `T`; 400 with serde's sentence when it does not fit.
pub fn json_body<T: serde::de::DeserializeOwned>(upload: &Upload, lang: Lang, shape: &str) -> Result<T, ApiError> {
    serde_json::from_slice(&upload.bytes)
        .map_err(|e| ApiError::bad_request(say!(lang, "the body should be {shape}: {e}", "请求内容应为 {shape}：{e}")))
}

/// Runs `f` in `lang` off the async threads.
pub async fn blocking<T: Send + 'static>(lang: Lang, f: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(move || with_lang(lang, f)).await.map_err(|e| ApiError::internal(e.to_string()))
}

/// `{"text": …}`.
#[derive(Deserialize)]
struct TextBody {
    text: String,
}

/// The answer of `POST /api/v1/check`.
#[derive(Serialize)]
pub struct Checked {
    /// How many errors.
    pub errors: usize,
    /// How many warnings.
    pub warnings: usize,
    /// Every diagnostic, in `rubric check`'s order.
    pub diagnostics: Vec<RubricProblem>,
}

/// The diagnostics of `text`, counted.
pub fn check_text(text: &str) -> Checked {
    let mut document = Document::new(text);
    let view = document.view();
    let diagnostics = problems(&view);
    let errors = diagnostics.iter().filter(|d| d.severity == "error").count();
    Checked { errors, warnings: diagnostics.len() - errors, diagnostics }
}

/// `POST /api/v1/check`: `rubric check`'s diagnostics of the text sent, with
/// their quick fixes (bureau only).
pub async fn check(caller: Caller, upload: Upload) -> Result<Json<Checked>, ApiError> {
    caller.bureau_only()?;
    let body: TextBody = json_body(&upload, caller.lang, "{\"text\": \"…\"}")?;
    Ok(Json(blocking(caller.lang, move || check_text(&body.text)).await?))
}

/// `{"text": …, "position": {"line", "character"}}`.
#[derive(Deserialize)]
struct AtBody {
    text: String,
    position: Place,
}

const AT_SHAPE: &str = "{\"text\": \"…\", \"position\": {\"line\": 0, \"character\": 0}}";

/// A hover's answer.
#[derive(Serialize)]
pub struct HoverJson {
    /// The text, in Markdown.
    pub markdown: String,
    /// What it is about.
    pub range: Stretch,
}

/// `POST /api/v1/hover`: what the name, id or keyword at the position is — the
/// language server's hover (bureau only). `null` where there is nothing to say.
pub async fn hover(caller: Caller, upload: Upload) -> Result<Json<Option<HoverJson>>, ApiError> {
    caller.bureau_only()?;
    let body: AtBody = json_body(&upload, caller.lang, AT_SHAPE)?;
    let found = blocking(caller.lang, move || {
        let mut document = Document::new(body.text);
        let view = document.view();
        let offset = view.offset(Position::new(body.position.line, body.position.character));
        hover::hover(&view, offset).map(|h| HoverJson { range: Stretch::of(&view, &h.span), markdown: h.markdown })
    })
    .await?;
    Ok(Json(found))
}

/// The completions' answer.
#[derive(Serialize)]
pub struct CompletionsJson {
    /// The word they replace.
    pub range: Stretch,
    /// In the order to show them.
    pub items: Vec<completion::Completion>,
}

/// `POST /api/v1/complete`: what may be typed at the position — the language
/// server's completions (bureau only).
pub async fn complete(caller: Caller, upload: Upload) -> Result<Json<CompletionsJson>, ApiError> {
    caller.bureau_only()?;
    let body: AtBody = json_body(&upload, caller.lang, AT_SHAPE)?;
    let lang = caller.lang;
    let found = blocking(lang, move || {
        let mut document = Document::new(body.text);
        let view = document.view();
        let offset = view.offset(Position::new(body.position.line, body.position.character));
        let found = completion::complete(&view, offset, lang);
        CompletionsJson { range: Stretch::of(&view, &found.replace), items: found.items }
    })
    .await?;
    Ok(Json(found))
}

/// The words the page's highlighter colours.
#[derive(Serialize)]
pub struct Language {
    /// Every keyword, in both languages.
    pub keywords: Vec<&'static str>,
    /// The built-in functions, in both languages.
    pub functions: Vec<&'static str>,
}

/// `GET /api/v1/language`: the language's keywords and functions in English and
/// Chinese, from the table the language server uses (bureau only).
pub async fn language(State(_app): State<Arc<App>>, caller: Caller) -> Result<Json<Language>, ApiError> {
    caller.bureau_only()?;
    let mut words: Vec<&'static str> =
        keywords::KEYWORDS.iter().flat_map(|k| k.en.iter().chain(k.zh.iter())).copied().collect();
    words.sort_unstable();
    words.dedup();
    let mut functions: Vec<&'static str> =
        keywords::FUNCTIONS.iter().flat_map(|f| std::iter::once(&f.en).chain(f.zh.iter())).copied().collect();
    functions.sort_unstable();
    functions.dedup();
    Ok(Json(Language { keywords: words, functions }))
}
