//! The `[expect]` table of a TOML case: taking it out of the data, reading it,
//! and comparing it with a report.

use rust_decimal::Decimal;

use crate::data::{self, Entry, Format, Node, NodeKind};
use crate::base::diagnostic::{Code, Diagnostic};
use crate::check::model::Checked;
use crate::eval::report::Status;

/// The diagnostic code of a problem in an `[expect]` table.
pub const EXPECT_CODE: crate::base::diagnostic::Code = crate::base::diagnostic::Code::TestExpect;

/// What a case expects of an item.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemExpectation {
    /// The score, when written.
    pub score: Option<Decimal>,
    /// The status, when written.
    pub status: Option<Status>,
}

/// The expectations of a case, as written in its `[expect]` table: only what
/// is written is compared.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Expectations {
    /// `total = "94"`; `Some(None)` for `total = "none"` (no total).
    pub total: Option<Option<Decimal>>,
    /// `grade = "良"`; `Some(None)` for `grade = ""` (no grade).
    pub grade: Option<Option<String>>,
    /// `disqualified = false`.
    pub disqualified: Option<bool>,
    /// `[expect.items]`, by item id, in the order written.
    pub items: Vec<(String, ItemExpectation)>,
    /// `[expect.sections]`: section scores by id; `None` for "none".
    pub sections: Vec<(String, Option<Decimal>)>,
    /// `[expect.checks]`: `passed`, `failed` or `skipped` by check name.
    pub checks: Vec<(String, String)>,
    /// `[expect.indicators]`: the display by name; `None` for "not defined".
    pub indicators: Vec<(String, Option<String>)>,
    /// `findings = ["item:24", …]`: `kind:target`, order-free.
    pub findings: Option<Vec<String>>,
    /// `errors = ["data::missing-input", …]`: error codes, order-free.
    pub errors: Option<Vec<String>>,
}

/// A case's text with its `[expect]` table blanked out, and the table read.
#[derive(Debug, Clone, Default)]
pub struct Split {
    /// The data text: the `[expect]` lines replaced by spaces, so every byte
    /// offset (and every line and column) is the same as in the case file.
    pub data: String,
    /// The expectations, when the case has an `[expect]` table.
    pub expect: Option<Expectations>,
    /// Problems in the `[expect]` table, located in the case file.
    pub diagnostics: Vec<Diagnostic>,
}

/// Takes the `[expect]` table (and its sub-tables) out of a case's text and
/// reads it. A file that does not parse is returned as it is: loading it
/// reports the syntax errors.
pub fn split(text: &str, format: Format, rubric: &Checked) -> Split {
    let (data, blanked) = if format == Format::Toml { blank_expect(text) } else { (text.to_string(), false) };
    let mut split = Split { data, expect: None, diagnostics: Vec::new() };
    let Ok(root) = data::parse(format, text) else { return split };
    let NodeKind::Table(entries) = &root.kind else { return split };
    let Some(entry) = entries.iter().find(|e| e.key == "expect") else { return split };
    if !blanked {
        let message = if format == Format::Toml {
            crate::tr!(
                "write the expectations as an `[expect]` table, on lines of their own",
                "请把预期写成 `[expect]` 表，单独成行"
            )
        } else {
            crate::tr!("only a TOML case can hold an `[expect]` table", "只有 TOML 格式的用例才能包含 `[expect]` 表")
        };
        let help = if format == Format::Toml {
            crate::tr!(
                "start a line with `[expect]` (and `[expect.items]` …) and put the expectations under it",
                "另起一行写 `[expect]`（以及 `[expect.items]` …），把预期写在其下"
            )
        } else {
            crate::tr!(
                "write the case as TOML, or record a snapshot with `rubric test --accept`",
                "把用例写成 TOML，或用 `rubric test --accept` 记录快照"
            )
        };
        split.diagnostics.push(problem(entry.key_span.clone(), message, &crate::tr!("here", "此处"), &help));
        return split;
    }
    let mut reader = Reader { rubric, diagnostics: Vec::new() };
    split.expect = Some(reader.expectations(entry));
    split.diagnostics = reader.diagnostics;
    split
}

/// Replaces the lines of `[expect]` and `[expect.…]` tables with spaces;
/// true when there was such a table.
fn blank_expect(text: &str) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    let mut found = false;
    for line in text.split_inclusive('\n') {
        if let Some(first) = header_key(line) {
            inside = first == "expect";
            found |= inside;
        }
        if inside {
            out.extend(line.bytes().map(|b| if b == b'\n' || b == b'\r' { b as char } else { ' ' }));
        } else {
            out.push_str(line);
        }
    }
    (out, found)
}

/// The first key of a TOML table header line (`[expect.items]` → `expect`),
/// or `None` when the line is not a table header.
fn header_key(line: &str) -> Option<String> {
    let line = line.trim();
    let inner = line.strip_prefix('[')?;
    let inner = inner.strip_prefix('[').unwrap_or(inner).trim_start();
    let (first, rest) = match inner.strip_prefix('"') {
        Some(quoted) => {
            let end = quoted.find('"')?;
            (quoted.get(..end)?.to_string(), quoted.get(end + 1..)?)
        }
        None => {
            let end = inner.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))?;
            (inner.get(..end)?.to_string(), inner.get(end..)?)
        }
    };
    let rest = rest.trim_start();
    (!first.is_empty() && (rest.starts_with('.') || rest.starts_with(']'))).then_some(first)
}

fn problem(span: data::Span, message: impl Into<String>, label: &str, help: &str) -> Diagnostic {
    let mut d = Diagnostic::error(Code::DataSyntax, span, message).in_data().label(label).help(help);
    d.subcode = Some(EXPECT_CODE);
    d
}

/// Reads the `[expect]` table, with a diagnostic for everything it cannot use.
struct Reader<'a> {
    rubric: &'a Checked,
    diagnostics: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn expectations(&mut self, entry: &Entry) -> Expectations {
        let rubric = self.rubric;
        let mut expect = Expectations::default();
        for e in self.table(&entry.value, "expect") {
            match e.key.as_str() {
                "total" => expect.total = self.optional_number(&e.value, &crate::tr!("a total", "合计")),
                "grade" => expect.grade = self.text(&e.value).map(|g| (!g.is_empty()).then_some(g)),
                "disqualified" => match e.value.kind {
                    NodeKind::Bool(b) => expect.disqualified = Some(b),
                    _ => self.wrong(
                        &e.value,
                        &crate::tr!("`disqualified` is true or false", "`disqualified` 应为 true 或 false"),
                    ),
                },
                "items" => expect.items = self.items(&e.value),
                "sections" => {
                    for s in self.table(&e.value, "expect.sections") {
                        let what = crate::tr!("section", "部分");
                        if self.known(s, &what, rubric.sections.iter().map(|s| s.id.as_str())) {
                            if let Some(value) = self.optional_number(&s.value, &crate::tr!("a score", "得分")) {
                                expect.sections.push((s.key.clone(), value));
                            }
                        }
                    }
                }
                "checks" => {
                    for c in self.table(&e.value, "expect.checks") {
                        let what = crate::tr!("check", "审核");
                        if self.known(c, &what, rubric.checks.iter().map(|c| c.name.as_str())) {
                            match self.text(&c.value) {
                                Some(s) if ["passed", "failed", "skipped"].contains(&s.as_str()) => {
                                    expect.checks.push((c.key.clone(), s));
                                }
                                Some(_) => self.wrong(
                                    &c.value,
                                    &crate::tr!(
                                        "a check is \"passed\", \"failed\" or \"skipped\"",
                                        "审核结果应为 \"passed\"、\"failed\" 或 \"skipped\""
                                    ),
                                ),
                                None => {}
                            }
                        }
                    }
                }
                "indicators" => {
                    for i in self.table(&e.value, "expect.indicators") {
                        let what = crate::tr!("indicator", "分析指标");
                        if self.known(i, &what, rubric.indicators.iter().map(|i| i.name.as_str())) {
                            if let Some(s) = self.text(&i.value) {
                                expect.indicators.push((i.key.clone(), (s != "not defined").then_some(s)));
                            }
                        }
                    }
                }
                "findings" => expect.findings = self.list(&e.value, true),
                "errors" => expect.errors = self.list(&e.value, false),
                other => {
                    let known = ["total", "grade", "disqualified", "items", "sections", "checks", "indicators"];
                    let help = match closest(other, known.iter().copied().chain(["findings", "errors"])) {
                        Some(s) => crate::tr!("did you mean `{s}`?", "是不是 `{s}`？"),
                        None => crate::tr!(
                            "an [expect] table holds total, grade, disqualified, findings, errors and the \
                             tables items, sections, checks, indicators",
                            "[expect] 表可写 total、grade、disqualified、findings、errors，\
                             以及子表 items、sections、checks、indicators"
                        ),
                    };
                    self.diagnostics.push(problem(
                        e.key_span.clone(),
                        crate::tr!("`{other}` is not something a case can expect", "`{other}` 不是用例可以预期的内容"),
                        &crate::tr!("unknown key", "未知的键"),
                        &help,
                    ));
                }
            }
        }
        expect
    }

    fn items(&mut self, node: &Node) -> Vec<(String, ItemExpectation)> {
        let rubric = self.rubric;
        let mut items = Vec::new();
        for e in self.table(node, "expect.items") {
            if !self.known(e, &crate::tr!("item", "指标"), rubric.items.iter().map(|i| i.id.as_str())) {
                continue;
            }
            let expectation = match &e.value.kind {
                NodeKind::Table(fields) => {
                    let mut x = ItemExpectation { score: None, status: None };
                    for f in fields {
                        match f.key.as_str() {
                            "score" => x.score = self.number(&f.value, &crate::tr!("a score", "得分")),
                            "status" => x.status = self.text(&f.value).and_then(|s| self.status(&s, &f.value)),
                            _ => self.wrong(
                                &f.key_span,
                                &crate::tr!(
                                    "an item's table holds `score` and `status`",
                                    "指标的表只能写 `score` 和 `status`"
                                ),
                            ),
                        }
                    }
                    Some(x)
                }
                NodeKind::String(s) if status_of(s).is_some() => {
                    Some(ItemExpectation { score: None, status: status_of(s) })
                }
                _ => self
                    .number(&e.value, &crate::tr!("a score or a status", "得分或状态"))
                    .map(|d| ItemExpectation { score: Some(d), status: None }),
            };
            if let Some(x) = expectation {
                items.push((e.key.clone(), x));
            }
        }
        items
    }

    fn table<'n>(&mut self, node: &'n Node, name: &str) -> &'n [Entry] {
        match &node.kind {
            NodeKind::Table(entries) => entries,
            _ => {
                self.wrong(node, &crate::tr!("`{name}` must be a table", "`{name}` 必须是表"));
                &[]
            }
        }
    }

    fn known<'s>(&mut self, e: &Entry, what: &str, names: impl Iterator<Item = &'s str> + Clone) -> bool {
        if names.clone().any(|n| n == e.key) {
            return true;
        }
        let help = closest(&e.key, names).map_or_else(
            || crate::tr!("use a {what} of the rubric", "请使用评分表中已有的{what}"),
            |s| crate::tr!("did you mean `{s}`?", "是不是 `{s}`？"),
        );
        let key = &e.key;
        self.diagnostics.push(problem(
            e.key_span.clone(),
            crate::tr!("the rubric has no {what} `{key}`", "评分表中没有{what} `{key}`"),
            &crate::tr!("here", "此处"),
            &help,
        ));
        false
    }

    fn number(&mut self, node: &Node, what: &str) -> Option<Decimal> {
        let raw = match &node.kind {
            NodeKind::Number(raw) => raw.as_str(),
            NodeKind::String(s) if data::parse_number(s).is_ok() => s.as_str(),
            _ => "",
        };
        match data::parse_number(raw) {
            Ok(d) => Some(d),
            Err(_) => {
                self.wrong(
                    node,
                    &crate::tr!(
                        "expected {what}: a number such as \"3\" or \"2.5\"",
                        "此处应为{what}：一个数，如 \"3\" 或 \"2.5\""
                    ),
                );
                None
            }
        }
    }

    /// A number, or `Some(None)` for "none" or "" (nothing expected to be there).
    fn optional_number(&mut self, node: &Node, what: &str) -> Option<Option<Decimal>> {
        if matches!(&node.kind, NodeKind::String(s) if s == "none" || s.is_empty()) {
            return Some(None);
        }
        self.number(node, what).map(Some)
    }

    fn text(&mut self, node: &Node) -> Option<String> {
        match &node.kind {
            NodeKind::String(s) => Some(s.clone()),
            _ => {
                self.wrong(node, &crate::tr!("expected quoted text", "此处应为带引号的文字"));
                None
            }
        }
    }

    fn status(&mut self, word: &str, node: &Node) -> Option<Status> {
        let status = status_of(word);
        if status.is_none() {
            self.wrong(
                node,
                &crate::tr!(
                    "a status is computed, judged, not_applicable, unverified or error",
                    "状态应为 computed、judged、not_applicable、unverified 或 error"
                ),
            );
        }
        status
    }

    fn list(&mut self, node: &Node, findings: bool) -> Option<Vec<String>> {
        let NodeKind::Array(elements) = &node.kind else {
            self.wrong(node, &crate::tr!("expected a list: [\"item:24\", …]", "此处应为列表：[\"item:24\", …]"));
            return None;
        };
        let mut list = Vec::new();
        for element in elements {
            match &element.kind {
                NodeKind::String(s) if !findings || s.contains(':') => list.push(s.clone()),
                _ if findings => self.wrong(
                    element,
                    &crate::tr!(
                        "a finding is written \"kind:target\", e.g. \"item:24\"",
                        "审核问题写作 \"kind:target\"，如 \"item:24\""
                    ),
                ),
                _ => self.wrong(
                    element,
                    &crate::tr!(
                        "an error is written as its code, e.g. \"data::missing-input\"",
                        "错误写作其代码，如 \"data::missing-input\""
                    ),
                ),
            }
        }
        Some(list)
    }

    fn wrong(&mut self, at: impl Spanned, message: &str) {
        self.diagnostics.push(problem(
            at.span(),
            message.to_string(),
            &crate::tr!("here", "此处"),
            &crate::tr!("see `rubric test` in the README", "参见 README 中的 `rubric test` 一节"),
        ));
    }
}

trait Spanned {
    fn span(&self) -> data::Span;
}

impl Spanned for &Node {
    fn span(&self) -> data::Span {
        self.span.clone()
    }
}

impl Spanned for &data::Span {
    fn span(&self) -> data::Span {
        (*self).clone()
    }
}

/// A status as written in a case (the JSON report's words, or 缺省项).
pub fn status_of(word: &str) -> Option<Status> {
    Some(match word {
        "computed" => Status::Computed,
        "judged" => Status::Judged,
        "not_applicable" | "not-applicable" | "缺省项" => Status::NotApplicable,
        "unverified" => Status::Unverified,
        "error" => Status::Error,
        _ => return None,
    })
}

fn closest<'s>(word: &str, names: impl Iterator<Item = &'s str>) -> Option<&'s str> {
    names
        .map(|n| (strsim::levenshtein(word, n), n))
        .filter(|(d, n)| *d <= 2.max(n.chars().count() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}
