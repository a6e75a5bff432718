//! A line a data reader refused, said in a clerk's words: what is wrong at
//! that place ("this text has no closing quote"), the line written the way
//! it should be, and how to read past it so that the rest of the file is
//! still read (see [`super::recover`]).
//!
//! The readers' own messages ("invalid basic string", "Unexpected token")
//! are kept only as a last resort, in the help.

mod json;
mod toml;
mod yaml;

use super::tree::{codes, Format, Span, SyntaxProblem};
use super::written::read_written;
use crate::base::width::half_width;
use crate::tr;


/// The value put in place of one that could not be read; the tree keeps the
/// key, with a value of kind `Other("unreadable")` (see [`super::recover`]).
pub(super) const UNREAD: char = '\u{E000}';
/// The start of a key put in place of a line that is left out (a second
/// definition of a key): the entry is dropped from the tree.
pub(super) const DROPPED: char = '\u{E001}';

/// How to read past a problem: replace `range` of the original text with `text`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Patch {
    /// The bytes of the original text to replace (a line without its line
    /// break, or an empty range to insert at).
    pub range: Span,
    /// What to read there instead.
    pub text: String,
    /// Where the value that could not be read is written, when `text` puts
    /// the [`UNREAD`] placeholder in its place.
    pub value: Option<Span>,
}

/// A problem explained, and how to read past it (`None`: the rest of the file
/// cannot be read).
#[derive(Debug)]
pub(super) struct Explained {
    pub problem: SyntaxProblem,
    pub patch: Option<Patch>,
}

/// Explains a reader's problem found at `problem.span` of `text` (the file as
/// written). Problems the readers already word for a clerk keep their words.
pub(super) fn explain(format: Format, text: &str, problem: SyntaxProblem) -> Explained {
    let line = line_at(text, problem.span.start);
    match problem.code {
        codes::SYNTAX => {
            let on_line = |line: Span| match format {
                Format::Toml => toml::explain(text, line),
                Format::Json => json::explain(text, line),
                Format::Yaml => yaml::explain(text, line),
            };
            let file = if format == Format::Json { json::explain_file(text, &problem) } else { None };
            // A JSON or YAML reader may stop a line after the mistake (a quote
            // left open runs on; a key without `: ` joins the next line).
            let before = || match format {
                Format::Toml => None,
                Format::Json | Format::Yaml => previous_line(text, line.start).and_then(on_line),
            };
            let word = || match format {
                Format::Json => json::bare_word(text, &problem),
                Format::Toml => toml::unclosed(text, line.start),
                Format::Yaml => None,
            };
            match file.or_else(|| on_line(line.clone())).or_else(before).or_else(word) {
                Some(mut explained) => {
                    explained.problem.code = problem.code;
                    explained
                }
                None => {
                    let raw = problem.label.clone();
                    let patch = if format == Format::Toml { toml::fallback_patch(text, line) } else { None };
                    Explained { problem: unexplained(format, problem, &raw), patch }
                }
            }
        }
        codes::UNQUOTED_KEY => {
            let patch = toml::quoted_keys_patch(text, line);
            Explained { problem, patch }
        }
        codes::DUPLICATE_KEY => {
            let patch = drop_key_patch(format, text, line, &problem.span);
            Explained { problem, patch }
        }
        codes::MISSING_COMMA => {
            let at = problem.span.start;
            let patch = Some(Patch { range: at..at, text: ",".to_string(), value: None });
            Explained { problem, patch }
        }
        codes::BOM => {
            let patch = Some(Patch { range: problem.span.clone(), text: String::new(), value: None });
            Explained { problem, patch }
        }
        codes::ALIAS => {
            let value = problem.span.clone();
            let patch = Some(Patch { range: value.clone(), text: placeholder(), value: Some(value) });
            Explained { problem, patch }
        }
        codes::MULTIPLE_DOCUMENTS => {
            let patch = Some(Patch { range: problem.span.start..text.len(), text: String::new(), value: None });
            Explained { problem, patch }
        }
        _ => Explained { problem, patch: None },
    }
}

/// The quoted placeholder for a value that could not be read.
pub(super) fn placeholder() -> String {
    format!("\"{UNREAD}\"")
}

/// The line holding byte `offset`, without its line break.
pub(super) fn line_at(text: &str, offset: usize) -> Span {
    let offset = offset.min(text.len());
    let start = text.get(..offset).and_then(|b| b.rfind('\n')).map_or(0, |i| i + 1);
    let end = text.get(offset..).and_then(|a| a.find('\n')).map_or(text.len(), |i| offset + i);
    let end = if text.get(start..end).is_some_and(|l| l.ends_with('\r')) { end - 1 } else { end };
    start..end.max(start)
}

/// The nearest line above the line starting at `start` that holds something.
fn previous_line(text: &str, start: usize) -> Option<Span> {
    let mut end = start.checked_sub(1)?;
    loop {
        let line = line_at(text, end);
        let content = text.get(line.clone()).unwrap_or_default().trim();
        if !content.is_empty() && !content.starts_with('#') {
            return Some(line);
        }
        end = line.start.checked_sub(1)?;
    }
}

/// A line split at its key separator: `  "专题研究次数" = 2  # 次`.
#[derive(Debug, Clone)]
pub(super) struct Entry<'l> {
    /// Leading whitespace.
    pub indent: &'l str,
    /// The key as written (trimmed).
    pub key: &'l str,
    /// Byte offset of `key` in the line.
    pub key_at: usize,
    /// The separator as written (`=`, `＝`, `:`, `：`).
    pub sep: char,
    /// Byte offset of the separator in the line.
    pub sep_at: usize,
    /// The value as written (trimmed, without a trailing comment or comma).
    pub value: &'l str,
    /// Byte offset of `value` in the line.
    pub value_at: usize,
    /// What follows the value: a comma (JSON) and a comment, as written.
    pub tail: &'l str,
}

/// Splits `line` at the first of `seps` outside quotes; `comment` starts a
/// comment (`#` in TOML and YAML), `comma` ends the value (JSON).
pub(super) fn split_entry<'l>(line: &'l str, seps: &[char], comment: Option<char>, comma: bool) -> Option<Entry<'l>> {
    let body_at = line.len() - line.trim_start().len();
    let (indent, body) = line.split_at(body_at);
    let sep_in_body = find_outside_quotes(body, |c| seps.contains(&c))?;
    let sep = body.get(sep_in_body..)?.chars().next()?;
    let key = body.get(..sep_in_body)?.trim_end();
    let after_at = body_at + sep_in_body + sep.len_utf8();
    let after = line.get(after_at..)?;
    let value_lead = after.len() - after.trim_start().len();
    let value_at = after_at + value_lead;
    let rest = line.get(value_at..)?;
    let mut end = rest.len();
    if let Some(c) = comment {
        if let Some(at) = find_outside_quotes(rest, |x| x == c) {
            end = at;
        }
    }
    let mut value = rest.get(..end)?.trim_end();
    if comma {
        value = value.trim_end_matches([',', '，']).trim_end();
    }
    let tail = rest.get(value.len()..)?;
    Some(Entry { indent, key, key_at: body_at, sep, sep_at: body_at + sep_in_body, value, value_at, tail })
}

/// Byte offset of the first character for which `hit` holds, outside `"…"`,
/// `'…'` and `“…”` quotes.
pub(super) fn find_outside_quotes(s: &str, hit: impl Fn(char) -> bool) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match quote {
            Some(_) if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(close) if c == close => quote = None,
            Some(_) => {}
            None if hit(c) => return Some(i),
            None => {
                quote = match c {
                    '"' => Some('"'),
                    '\'' => Some('\''),
                    '“' => Some('”'),
                    _ => None,
                }
            }
        }
    }
    None
}

/// Where a `quote`-quoted text starting at byte 0 of `s` closes, if it does on this line.
fn closing_quote(s: &str, quote: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices().skip(1) {
        if escaped {
            escaped = false;
        } else if c == '\\' && quote == '"' {
            escaped = true;
        } else if c == quote {
            return Some(i);
        }
    }
    None
}

/// What is wrong with a value as written, and the value written right.
pub(super) struct ValueFix {
    pub message: String,
    pub label: String,
    /// The value as it should be written; `None` when only the clerk knows
    /// (`tru`: true or false?).
    pub fixed: Option<String>,
    /// The help when there is no single fix.
    pub help: Option<String>,
}

/// The usual mistakes in a value typed by hand: an unclosed quote, Chinese
/// quotation marks, full-width digits, a number with a unit or commas, a
/// word for yes/no, text without quotes.
pub(super) fn value_fix(value: &str, format: Format) -> Option<ValueFix> {
    let fix = |message: String, label: String, fixed: String| {
        Some(ValueFix { message, label, fixed: Some(fixed), help: None })
    };
    let literal = super::number::parse_number(value).is_ok()
        || matches!(value, "true" | "false")
        || (format == Format::Json && value == "null");
    if literal || value.starts_with(['[', '{']) {
        return None;
    }
    let first = value.chars().next();
    if value.is_empty() {
        return fix(
            tr!("there is no value after the key", "键后面没有填写值"),
            tr!("no value here", "这里没有值"),
            "\"\"".to_string(),
        );
    }
    if let Some(q @ ('"' | '\'')) = first {
        if closing_quote(value, q).is_none() {
            return fix(
                tr!("this text has no closing quote", "这段文字缺少右引号"),
                tr!("the text starts here and has no closing {q}", "文字从这里开始，没有结尾的 {q}"),
                format!("{value}{q}"),
            );
        }
        return None;
    }
    if matches!(first, Some('“' | '”' | '‘' | '’' | '「' | '『')) {
        let inner = value.trim_matches(['“', '”', '‘', '’', '「', '」', '『', '』']);
        return fix(
            tr!(
                "“ ” are Chinese quotation marks; the file needs plain \" quotes",
                "“ ” 是中文引号，数据文件要用英文引号 \""
            ),
            tr!("Chinese quotation marks", "中文引号"),
            format!("\"{inner}\""),
        );
    }
    if let Some(half) = half_width(value).filter(|h| super::number::parse_number(h).is_ok()) {
        return fix(
            tr!("the digits are full-width (全角)", "数字是全角字符"),
            tr!("full-width digits", "全角数字"),
            half,
        );
    }
    if format != Format::Yaml && read_written(value).is_ok() {
        return fix(
            tr!(
                "a number with 万, 元, % or commas must be in quotes",
                "带 万、元、% 或逗号的数要加引号"
            ),
            tr!("needs quotes", "要加引号"),
            format!("\"{value}\""),
        );
    }
    if let Some(fixed) = yes_no(value, format) {
        return Some(fixed);
    }
    if format != Format::Yaml {
        return fix(
            tr!("text must be in quotes", "文字要加引号"),
            tr!("needs quotes", "要加引号"),
            format!("\"{value}\""),
        );
    }
    None
}

/// A word meant as yes or no: `True` → `true`, `是` → `"是"`, `tru` → ask.
fn yes_no(value: &str, format: Format) -> Option<ValueFix> {
    let lower = value.to_ascii_lowercase();
    if matches!(lower.as_str(), "true" | "false") && lower != value {
        return Some(ValueFix {
            message: tr!("true and false are written in small letters", "true 和 false 要用小写字母"),
            label: tr!("write it in small letters", "要用小写"),
            fixed: Some(lower),
            help: None,
        });
    }
    if matches!(value, "是" | "否" | "有" | "无") && format != Format::Yaml {
        return Some(ValueFix {
            message: tr!("text must be in quotes", "文字要加引号"),
            label: tr!("needs quotes", "要加引号"),
            fixed: Some(format!("\"{value}\"")),
            help: None,
        });
    }
    let near = crate::base::suggest::closest(&lower, ["true", "false", "yes", "no"].into_iter());
    if !value.is_ascii() || near.is_none() {
        return None;
    }
    Some(ValueFix {
        message: tr!("`{value}` is neither true nor false", "`{value}` 既不是 true 也不是 false"),
        label: tr!("true or false?", "true 还是 false？"),
        fixed: None,
        help: Some(tr!(
            "write true or false (or \"是\" / \"否\" in quotes)",
            "请填写 true 或 false（或加引号写 \"是\" / \"否\"）"
        )),
    })
}

/// "write `fixed`", the help that gives the corrected line.
pub(super) fn write_line(fixed: &str) -> String {
    let fixed = fixed.trim();
    tr!("write `{fixed}`", "应写作 `{fixed}`")
}

/// The last resort: the reader's own words, kept in the help.
pub(super) fn unexplained(format: Format, problem: SyntaxProblem, raw: &str) -> SyntaxProblem {
    let name = match format {
        Format::Toml => "TOML",
        Format::Json => "JSON",
        Format::Yaml => "YAML",
    };
    SyntaxProblem {
        message: tr!("this line cannot be read as {name}", "这一行不符合 {name} 格式，无法读取"),
        label: tr!("cannot be read from here", "从这里开始无法读取"),
        help: problem.help.clone().or_else(|| {
            Some(tr!(
                "compare it with the lines around it (the {name} reader says: {raw})",
                "请对照上下几行检查这一行（{name} 读取器的提示：{raw}）"
            ))
        }),
        ..problem
    }
}

/// Leaves out the line of a second definition of a key: the key is renamed
/// so that the entry can be dropped once read.
fn drop_key_patch(format: Format, text: &str, line: Span, span: &Span) -> Option<Patch> {
    let range = match format {
        Format::Toml => {
            let line_text = text.get(line.clone())?;
            if line_text.trim_start().starts_with('[') {
                return None;
            }
            let entry = split_entry(line_text, &['='], Some('#'), false)?;
            line.start + entry.key_at..line.start + entry.key_at + entry.key.len()
        }
        Format::Json | Format::Yaml => span.clone(),
    };
    let text = format!("\"{DROPPED}{}\"", range.start);
    Some(Patch { range, text, value: None })
}

/// A problem at `span` with a message, label and help.
pub(super) fn problem(
    code: crate::base::diagnostic::Code,
    span: Span,
    message: String,
    label: String,
    help: Option<String>,
) -> SyntaxProblem {
    SyntaxProblem { code, message, span, label, help }
}
