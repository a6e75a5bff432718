//! Scoring a unit's data through the front door ([`crate::api`]): the live
//! score, and a submission made ready to store — checked, its unit settled,
//! turned into the stored JSON data file and scored in both languages.

use axum::http::StatusCode;

use super::body::Incoming;
use super::canonical;
use super::catalog::Ready;
use super::error::{ApiError, ProblemJson};
use crate::api::{Evaluation, Unit};
use crate::base::i18n::{with_lang, Lang};
use crate::data::Format;
use crate::store::access::Role;

/// A unit's data scored.
pub struct Scored {
    /// The report and every problem.
    pub evaluation: Evaluation,
    /// The problems, as the API gives them.
    pub problems: Vec<ProblemJson>,
}

impl Scored {
    /// True when a problem is an error (the data is refused).
    pub fn has_errors(&self) -> bool {
        self.evaluation.problems.iter().any(crate::api::Problem::is_error)
    }

    /// The 422 for data with errors: every problem, in `lang`.
    pub fn refusal(self, lang: Lang, with_report: bool) -> ApiError {
        let errors = self.evaluation.problems.iter().filter(|p| p.is_error()).count();
        let message = say!(
            lang,
            "the data has {errors} problem(s): each is listed with the path of its value",
            "数据有 {errors} 处问题：逐一列出，并注明所在的数据项"
        );
        let mut error = ApiError::unprocessable(message, self.problems);
        if with_report {
            error.report = Some(self.evaluation.report.to_json());
        }
        error
    }
}

/// Scores `incoming` against `ready`, with every item's trace, in `lang`.
pub fn evaluate(ready: &Ready, incoming: &Incoming, lang: Lang) -> Scored {
    with_lang(lang, || {
        let evaluation = ready.rubric.evaluate(&incoming.unit());
        let problems = evaluation.problems.iter().map(|p| ProblemJson::new(p, incoming.cell(&p.span()))).collect();
        Scored { evaluation, problems }
    })
}

/// A submission ready to store.
pub struct Prepared {
    /// The unit it is for.
    pub unit: String,
    /// The data as stored: a JSON data file with the unit's name.
    pub data: String,
    /// The report in Chinese: the record.
    pub report_zh: String,
    /// The report in English, when the request was in English.
    pub report_en: Option<String>,
    /// The total, as in the report.
    pub total: Option<String>,
    /// The grade.
    pub grade: Option<String>,
    /// How many audit findings.
    pub findings: usize,
}

impl Prepared {
    /// The report in `lang`.
    pub fn report(&self, lang: Lang) -> &str {
        match (lang, &self.report_en) {
            (Lang::En, Some(english)) => english,
            _ => &self.report_zh,
        }
    }
}

/// Checks `incoming` as a submission by `role` (a unit submits as itself only:
/// the data's unit name must be its own, or is taken from it; the bureau's
/// data must name its unit, or `fallback` names it) and makes it ready to
/// store: the data as one JSON data file with the unit's name, scored in
/// Chinese (the record; English too when the request is in English). The
/// error is a 422 with every problem, located in the data as it came in, or
/// a 403.
pub fn prepare(
    ready: &Ready,
    incoming: &Incoming,
    role: &Role,
    fallback: Option<&str>,
    lang: Lang,
) -> Result<Prepared, ApiError> {
    // Problems are told as they are in the data that came in.
    let refuse = |stored: Option<Scored>| {
        let original = evaluate(ready, incoming, lang);
        match stored {
            Some(stored) if !original.has_errors() => stored.refusal(lang, false),
            _ => original.refusal(lang, false),
        }
    };
    let tree = match &incoming.tree {
        Some(tree) => Ok(tree.clone()),
        None => with_lang(lang, || crate::data::parse(incoming.format, &incoming.text)),
    };
    let Ok(mut tree) = tree else { return Err(refuse(None)) };
    let unit = unit_of(&tree, role, fallback, lang)?;
    canonical::set_unit_name(&mut tree, &unit);
    let data = canonical::to_json(&tree).map_err(|no| {
        let (path, kind) = (no.path, no.kind);
        let message = say!(lang, "{path} is a {kind}: write it as text", "{path} 是{kind}类型：请写成文字");
        let problem = ProblemJson {
            code: crate::base::diagnostic::Code::WrongType.as_str().to_string(),
            severity: "error",
            message: message.clone(),
            path: Some(path),
            help: None,
            file: incoming.name.clone(),
            line: 0,
            column: 0,
            cell: None,
        };
        ApiError::unprocessable(message, vec![problem])
    })?;
    // The stored data is the data that came in, written again: it has errors exactly when that has.
    let stored = Incoming::text(format!("{unit}.json"), incoming.kind, data, Format::Json);
    let zh = evaluate(ready, &stored, Lang::Zh);
    if zh.has_errors() {
        return Err(refuse(Some(zh)));
    }
    let report_en = (lang == Lang::En).then(|| evaluate(ready, &stored, Lang::En).evaluation.report.to_json());
    let report = &zh.evaluation.report;
    let show = |d: rust_decimal::Decimal| crate::eval::report::show(d);
    Ok(Prepared {
        unit,
        total: report.total.map(show),
        grade: report.grade.clone(),
        findings: report.findings.len(),
        report_zh: report.to_json(),
        report_en,
        data: stored.text,
    })
}

/// The unit a submission is for, by `role` and the data's `[unit] name`.
fn unit_of(tree: &crate::data::Node, role: &Role, fallback: Option<&str>, lang: Lang) -> Result<String, ApiError> {
    match (role, canonical::unit_name(tree)) {
        (Role::Unit(own), Some(named)) if named != *own => Err(ApiError::forbidden(say!(
            lang,
            "this link is for {own}: it cannot submit data for {named}",
            "此链接属于 {own}，不能提交 {named} 的数据"
        ))),
        (Role::Unit(own), _) => Ok(own.clone()),
        (Role::Bureau, Some(named)) => Ok(named),
        (Role::Bureau, None) => fallback.map(str::to_string).ok_or_else(|| {
            ApiError::unprocessable(
                say!(lang, "the data names no unit: give [unit] name", "数据中没有单位名称：请填写 [unit] name"),
                Vec::new(),
            )
        }),
    }
}

/// A stored submission's report in English, scored again from its data
/// against the rubric text it was scored with (`rubric` when it is that text).
pub fn english(rubric: &crate::api::Rubric, unit: &str, data: &str) -> String {
    with_lang(Lang::En, || {
        let unit = Unit::from_text(format!("{unit}.json"), data.to_string(), Format::Json);
        rubric.evaluate(&unit).report.to_json()
    })
}

/// 404 for a rubric that is not served (unknown, or with errors).
pub fn no_rubric(id: &str, lang: Lang) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, say!(lang, "no rubric {id} is served here", "此处没有提供评分表 {id}"))
}
