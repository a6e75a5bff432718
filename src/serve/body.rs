//! A request's body: read whole within the size limit (a clear message past
//! it), and taken as a unit's data by its `Content-Type` — JSON, TOML, YAML, or
//! an `.xlsx` sheet with one unit's row.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};

use super::error::{ApiError, ProblemJson};
use crate::base::i18n::Lang;
use crate::data::sheet::SheetUnit;
use crate::data::{Format, Node};

/// The largest body the desk reads.
pub const MAX_BODY: usize = 10 * 1024 * 1024;

/// A request's body and its content type.
pub struct Upload {
    /// The bytes.
    pub bytes: Bytes,
    /// The `Content-Type`, lowercased, without parameters.
    pub content_type: String,
}

impl<S: Send + Sync> FromRequest<S> for Upload {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let lang = super::request_lang(request.uri());
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
            .unwrap_or_default();
        let bytes = Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                let mb = MAX_BODY / 1024 / 1024;
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    say!(
                        lang,
                        "the request is larger than {mb} MB: send one unit's data at a time, or split the sheet",
                        "请求超过 {mb} MB：请每次只提交一个单位的数据，或把表格拆开"
                    ),
                )
            } else {
                ApiError::bad_request(say!(lang, "the request's body cannot be read", "无法读取请求内容"))
            }
        })?;
        Ok(Upload { bytes, content_type })
    }
}

/// What kind of data a body holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A data file's text.
    Text(Format),
    /// An `.xlsx` workbook.
    Xlsx,
    /// A CSV sheet (UTF-8).
    Csv,
}

impl Kind {
    /// The kind a content type names (JSON when none is given).
    pub fn of(content_type: &str) -> Option<Kind> {
        Some(match content_type {
            "" | "application/json" | "text/json" => Kind::Text(Format::Json),
            "application/toml" | "text/toml" | "text/x-toml" => Kind::Text(Format::Toml),
            "application/yaml" | "application/x-yaml" | "text/yaml" | "text/x-yaml" => Kind::Text(Format::Yaml),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Kind::Xlsx,
            "text/csv" => Kind::Csv,
            _ => return None,
        })
    }

    /// The kind a file name's extension names.
    pub fn of_file(name: &str) -> Option<Kind> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".xlsx") || lower.ends_with(".xlsm") {
            return Some(Kind::Xlsx);
        }
        if lower.ends_with(".csv") {
            return Some(Kind::Csv);
        }
        Format::from_path(std::path::Path::new(&lower)).map(Kind::Text)
    }

    /// `json`, `toml`, `yaml` or `xlsx`, as stored.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Text(Format::Json) => "json",
            Kind::Text(Format::Toml) => "toml",
            Kind::Text(Format::Yaml) => "yaml",
            Kind::Xlsx => "xlsx",
            Kind::Csv => "csv",
        }
    }
}

/// A unit's data read from a body: a data file's text and format, or a sheet's
/// row (its tree, bound directly, and its cells as typed).
pub struct Incoming {
    /// The name messages give the file: `data.json`, `data.xlsx · 填报 · row 3`.
    pub name: String,
    /// What came in.
    pub kind: Kind,
    /// The text as it came in (for a sheet's row, its cells as typed, a line each).
    pub text: String,
    /// Its format (for a sheet's row, none is parsed).
    pub format: Format,
    /// The data tree, when the sheet reader built it.
    pub tree: Option<Node>,
    /// The sheet's row, for a sheet.
    pub row: Option<SheetUnit>,
}

impl Incoming {
    /// A data file's text as it came in.
    pub fn text(name: String, kind: Kind, text: String, format: Format) -> Incoming {
        Incoming { name, kind, text, format, tree: None, row: None }
    }

    /// A sheet's row.
    pub fn row(kind: Kind, unit: SheetUnit) -> Incoming {
        Incoming {
            name: unit.label.clone(),
            kind,
            text: unit.typed.clone(),
            format: Format::Toml,
            tree: Some(unit.data.clone()),
            row: Some(unit),
        }
    }

    /// The cell a problem at `span` of the row's text is in (`C5`), for a sheet's row.
    pub fn cell(&self, span: &std::ops::Range<usize>) -> Option<String> {
        Some(self.row.as_ref()?.locate(span)?.cell)
    }

    /// The unit to score.
    pub fn unit(&self) -> crate::api::Unit {
        match &self.row {
            Some(row) => crate::api::Unit::from_tree(self.name.clone(), row.data.clone(), row.typed.clone()),
            None => crate::api::Unit::from_text(self.name.clone(), self.text.clone(), self.format),
        }
    }
}

/// Reads a body as one unit's data. `file` names it (its extension decides the
/// format when the content type does not); `pick` chooses among a sheet's
/// rows by unit name. The error is a 415 for an unknown type, or a 422 with
/// located problems for text that is not UTF-8 or a sheet that cannot be read.
pub fn read(upload: &Upload, file: Option<&str>, pick: Option<&str>, lang: Lang) -> Result<Incoming, ApiError> {
    let kind = match (Kind::of(&upload.content_type), file.and_then(Kind::of_file)) {
        (_, Some(kind)) if upload.content_type.is_empty() || upload.content_type == "application/octet-stream" => kind,
        (Some(kind), _) => kind,
        (None, Some(kind)) => kind,
        (None, None) => {
            let shown = &upload.content_type;
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                say!(
                    lang,
                    "cannot read {shown}: send application/json, application/toml, application/yaml or an .xlsx sheet",
                    "无法读取 {shown} 类型的内容：请提交 application/json、application/toml、application/yaml 或 .xlsx 表格"
                ),
            ));
        }
    };
    let name = file.map_or_else(|| format!("data.{}", kind.name()), str::to_string);
    match kind {
        Kind::Text(format) => match std::str::from_utf8(&upload.bytes) {
            Ok(text) => Ok(Incoming::text(name, kind, text.to_string(), format)),
            Err(e) => {
                let at = e.valid_up_to();
                let message = say!(
                    lang,
                    "{name} is not UTF-8 text (bad byte at {at}): save it as UTF-8",
                    "{name} 不是 UTF-8 文本（第 {at} 字节无效）：请另存为 UTF-8 编码"
                );
                Err(ApiError::unprocessable(
                    message.clone(),
                    vec![file_problem(&name, "data::encoding", message, None)],
                ))
            }
        },
        Kind::Xlsx | Kind::Csv => read_sheet(upload, kind, name, pick, lang),
    }
}

fn file_problem(file: &str, code: &str, message: String, cell: Option<String>) -> ProblemJson {
    ProblemJson {
        code: code.to_string(),
        severity: "error",
        message,
        path: None,
        help: None,
        file: file.to_string(),
        line: 0,
        column: 0,
        cell,
    }
}

/// One unit's row of a sheet.
fn read_sheet(upload: &Upload, kind: Kind, name: String, pick: Option<&str>, lang: Lang) -> Result<Incoming, ApiError> {
    let path = std::path::Path::new(&name);
    let units = crate::base::i18n::with_lang(lang, || crate::data::sheet::read_units(path, &upload.bytes));
    let mut units = units.map_err(|problems| {
        let listed: Vec<ProblemJson> = problems
            .iter()
            .map(|p| {
                let cell = p.location.rsplit_once('!').map(|(_, c)| c.to_string());
                file_problem(
                    &name,
                    crate::base::diagnostic::Code::SheetUnreadable.as_str(),
                    format!("{}: {}", p.location, p.message),
                    cell,
                )
            })
            .collect();
        ApiError::unprocessable(say!(lang, "{name} cannot be read as a sheet", "无法读取表格 {name}"), listed)
    })?;
    let chosen = match (units.len(), pick) {
        (1, _) => units.pop(),
        (_, Some(unit)) => {
            let wanted = format!("({unit})");
            units.into_iter().find(|u| u.label.ends_with(&wanted))
        }
        _ => None,
    };
    let Some(unit) = chosen else {
        return Err(ApiError::unprocessable(
            say!(
                lang,
                "{name} should hold one unit's row (from row 3 of sheet 填报); use the import for many units",
                "{name} 应只有一个单位的一行（“填报”表第 3 行起）；多个单位请用导入"
            ),
            Vec::new(),
        ));
    };
    Ok(Incoming::row(kind, unit))
}
