//! The one error type of the desk's handlers, and how it answers: a status, a
//! sentence in the request's language, and — for bad data — every problem with
//! its code, message and the path of the value in the data.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::api::Problem;
use crate::base::i18n::{with_lang, Lang};
use crate::store::StoreError;

/// A problem of a unit's data as the API gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProblemJson {
    /// The stable code: `data::wrong-type`, `data::requirement`, …
    pub code: String,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// One sentence, in the request's language.
    pub message: String,
    /// The value it is about, as a path of keys (`inputs.在职人员数`).
    pub path: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
    /// The file it is in, as named in the request.
    pub file: String,
    /// Line, from 1.
    pub line: usize,
    /// Column (in characters), from 1.
    pub column: usize,
    /// For a spreadsheet, the cell (`C3`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
}

impl ProblemJson {
    /// The API's form of `problem`; `cell` when the data came from a sheet.
    pub fn new(problem: &Problem, cell: Option<String>) -> ProblemJson {
        let (line, column) = problem.line_column();
        ProblemJson {
            code: problem.code().to_string(),
            severity: if problem.is_error() { "error" } else { "warning" },
            message: problem.message().to_string(),
            path: problem.path().map(str::to_string),
            help: problem.help().map(str::to_string),
            file: problem.file().to_string(),
            line,
            column,
            cell,
        }
    }
}

/// Why a request failed.
#[derive(Debug)]
pub struct ApiError {
    /// The status.
    pub status: StatusCode,
    /// One sentence.
    pub message: String,
    /// Every problem of the data, for 422.
    pub problems: Vec<ProblemJson>,
    /// The report of what could be scored, as JSON, for a 422 of `score`.
    pub report: Option<String>,
}

impl ApiError {
    /// An error with a status and a sentence.
    pub fn new(status: StatusCode, message: String) -> ApiError {
        ApiError { status, message, problems: Vec::new(), report: None }
    }

    /// 400: the request cannot be read.
    pub fn bad_request(message: String) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    /// 401: no token, or one the desk does not know.
    pub fn unauthorized(lang: Lang) -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            with_lang(lang, || {
                crate::tr!(
                    "sign in: open your personal link, or send Authorization: Bearer TOKEN",
                    "请先登录：打开您的专属链接，或在请求中带上 Authorization: Bearer 令牌"
                )
            }),
        )
    }

    /// 403: known, but not allowed.
    pub fn forbidden(message: String) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, message)
    }

    /// 404: nothing there (or nothing this caller may see).
    pub fn not_found(message: String) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    /// 422: the data has problems; every one is listed.
    pub fn unprocessable(message: String, problems: Vec<ProblemJson>) -> ApiError {
        ApiError { status: StatusCode::UNPROCESSABLE_ENTITY, message, problems, report: None }
    }

    /// 500: the database failed.
    pub fn internal(message: String) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::internal(e.0)
    }
}

#[derive(Serialize)]
struct Body<'a> {
    error: &'a str,
    #[serde(skip_serializing_if = "<[ProblemJson]>::is_empty")]
    problems: &'a [ProblemJson],
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut text = serde_json::to_string(&Body { error: &self.message, problems: &self.problems })
            .unwrap_or_else(|_| "{}".to_string());
        if let Some(report) = &self.report {
            // The report as `rubric eval --format json` writes it, appended as a last member.
            text.pop();
            text.push_str(",\"report\":");
            text.push_str(report);
            text.push('}');
        }
        (self.status, [(header::CONTENT_TYPE, "application/json; charset=utf-8")], text).into_response()
    }
}
