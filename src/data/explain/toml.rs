//! A TOML line explained: a table name without `]`, a full-width `＝` or a
//! `:` between key and value, a missing `=`, and the value mistakes of
//! [`super::value_fix`].

use super::{find_outside_quotes, placeholder, problem, split_entry, value_fix, write_line, Explained, Patch};
use crate::data::tree::{codes, Format, Span, SyntaxProblem};
use crate::tr;

/// Explains what is wrong with `line` of `text`, where toml_edit stopped.
/// `None` when the line shows none of the usual mistakes.
pub(super) fn explain(text: &str, line: Span) -> Option<Explained> {
    let line_text = text.get(line.clone()).filter(|l| !l.trim().is_empty())?;
    let at = line.start;
    let indent_len = line_text.len() - line_text.trim_start().len();
    let body = line_text.get(indent_len..).unwrap_or_default();
    if line_text.get(..indent_len).is_some_and(|i| i.contains('\u{3000}')) {
        let fixed = line_text.replace('\u{3000}', "");
        let end = line_text.find(|c: char| !c.is_whitespace()).unwrap_or(indent_len);
        return Some(Explained {
            problem: super::problem(
                codes::SYNTAX,
                at..at + end,
                tr!(
                    "there is a full-width space (全角空格) at the start of the line",
                    "行首有全角空格"
                ),
                tr!("full-width space", "全角空格"),
                Some(tr!("delete it: `{}`", "请删除它：`{}`", fixed.trim())),
            ),
            patch: Some(Patch { range: line, text: fixed, value: None }),
        });
    }
    if body.starts_with(['[', '［']) {
        return header(line, line_text, indent_len);
    }
    match split_entry(line_text, &['=', '＝', ':', '：'], Some('#'), false) {
        Some(entry) => {
            let (value, comma) = match entry.value.strip_suffix([',', '，']).map(str::trim_end) {
                Some(v) if value_fix(v, Format::Toml).is_none() => (v, true),
                _ => (entry.value, false),
            };
            let value_problem = value_fix(value, Format::Toml);
            let key = fixed_key(entry.key);
            let shown_value = value_problem.as_ref().and_then(|f| f.fixed.clone()).unwrap_or_else(|| value.to_string());
            let fixed = format!("{}{} = {shown_value}{}", entry.indent, key, entry.tail);
            let key_span = at + entry.key_at..at + entry.key_at + entry.key.len();
            let sep_span = at + entry.sep_at..at + entry.sep_at + entry.sep.len_utf8();
            let value_span = at + entry.value_at..at + entry.value_at + entry.value.len();
            let reported = if key != entry.key {
                super::problem(
                    codes::SYNTAX,
                    key_span,
                    tr!(
                        "“ ” are Chinese quotation marks; the file needs plain \" quotes",
                        "“ ” 是中文引号，数据文件要用英文引号 \""
                    ),
                    tr!("Chinese quotation marks", "中文引号"),
                    Some(write_line(&fixed)),
                )
            } else if entry.sep != '=' {
                let (message, label) = if entry.sep == '＝' {
                    (tr!("the = is full-width (全角)", "等号 ＝ 是全角字符"), tr!("full-width =", "全角等号"))
                } else {
                    (
                        tr!("in a .toml file a key and its value are joined by =", "在 .toml 文件中，键和值之间用 = 连接"),
                        tr!("write = here", "这里应写 ="),
                    )
                };
                super::problem(codes::SYNTAX, sep_span, message, label, Some(write_line(&fixed)))
            } else if let Some(fix) = &value_problem {
                let span = if value.is_empty() { sep_span } else { value_span };
                let help = fix.help.clone().or_else(|| Some(write_line(&fixed)));
                super::problem(codes::SYNTAX, span, fix.message.clone(), fix.label.clone(), help)
            } else if comma {
                super::problem(
                    codes::SYNTAX,
                    value_span,
                    tr!("a line of a .toml file does not end with a comma", ".toml 文件的行末不加逗号"),
                    tr!("no comma here", "这里不加逗号"),
                    Some(write_line(&fixed)),
                )
            } else {
                return None;
            };
            // A value written wrong is not read; a key or `=` written wrong is set right.
            let patch = match &value_problem {
                Some(_) => value_patch(line, &entry, &key, at),
                None => Some(Patch { range: line, text: fixed, value: None }),
            };
            Some(Explained { problem: reported, patch })
        }
        None => missing_equals(line, line_text, indent_len),
    }
}

/// How to read past a line that shows none of the usual mistakes: its value
/// left unread, or the whole line left out.
pub(super) fn fallback_patch(text: &str, line: Span) -> Option<Patch> {
    let line_text = text.get(line.clone())?;
    if line_text.trim_start().starts_with('[') {
        return None;
    }
    match split_entry(line_text, &['=', '＝'], Some('#'), false) {
        Some(entry) => {
            let key = fixed_key(entry.key);
            value_patch(line.clone(), &entry, &key, line.start)
        }
        None => Some(Patch { range: line.clone(), text: " ".repeat(line_text.len()), value: None }),
    }
}

/// The key with Chinese quotation marks replaced by `"`.
fn fixed_key(key: &str) -> String {
    if key.starts_with(['“', '”']) {
        format!("\"{}\"", key.trim_matches(['“', '”']))
    } else {
        key.to_string()
    }
}

/// The line with its value left unread: the key (set right) and the placeholder.
fn value_patch(line: Span, entry: &super::Entry<'_>, key: &str, at: usize) -> Option<Patch> {
    let value = at + entry.value_at..at + entry.value_at + entry.value.len();
    let text = format!("{}{key} = {}", entry.indent, placeholder());
    Some(Patch { range: line, text, value: Some(value) })
}

/// A `[table]` line: full-width brackets, or no closing `]`.
fn header(line: Span, line_text: &str, indent_len: usize) -> Option<Explained> {
    let body = line_text.get(indent_len..).unwrap_or_default();
    let comment = find_outside_quotes(body, |c| c == '#').unwrap_or(body.len());
    let name = body.get(..comment).unwrap_or(body).trim_end();
    let tail = body.get(name.len()..).unwrap_or_default();
    let span = line.start + indent_len..line.start + indent_len + name.len();
    let fixed = if name.contains(['［', '］']) {
        Some((
            name.replace('［', "[").replace('］', "]"),
            tr!("the brackets [ ] are full-width (全角)", "方括号 ［ ］ 是全角字符"),
            tr!("full-width brackets", "全角方括号"),
        ))
    } else if find_outside_quotes(name, |c| c == ']').is_none() {
        let double = name.starts_with("[[");
        let close = if double { "]]" } else { "]" };
        Some((
            format!("{name}{close}"),
            tr!("the table name has no closing {close}", "表名缺少右方括号 {close}"),
            tr!("no {close} at the end", "结尾缺少 {close}"),
        ))
    } else {
        None
    };
    let (fixed, message, label) = fixed?;
    let fixed_line = format!("{}{fixed}{tail}", line_text.get(..indent_len).unwrap_or_default());
    Some(Explained {
        problem: problem_at(span, message, label, write_line(&fixed_line)),
        patch: Some(Patch { range: line, text: fixed_line, value: None }),
    })
}

/// `"专题研究次数" 2`: a key and a value with no `=` between them.
fn missing_equals(line: Span, line_text: &str, indent_len: usize) -> Option<Explained> {
    let body = line_text.get(indent_len..).unwrap_or_default();
    let key_len = match body.chars().next() {
        Some(q @ ('"' | '\'')) => body.get(1..).and_then(|r| r.find(q)).map(|i| i + 2),
        Some(_) => body.find(char::is_whitespace),
        None => None,
    };
    let key_len = key_len.filter(|k| *k < body.len())?;
    let (key, value) = body.split_at(key_len);
    let indent = line_text.get(..indent_len).unwrap_or_default();
    let fixed = format!("{indent}{key} = {}", value.trim_start());
    let key_at = line.start + indent_len;
    let value_at = key_at + key_len + (value.len() - value.trim_start().len());
    let value_span = value_at..line.end;
    Some(Explained {
        problem: problem_at(
            key_at + key_len..value_at.max(key_at + key_len),
            tr!("the = between the key and its value is missing", "键和值之间缺少等号 ="),
            tr!("write = here", "这里应写 ="),
            write_line(&fixed),
        ),
        patch: Some(Patch { range: line, text: format!("{indent}{key} = {}", placeholder()), value: Some(value_span) }),
    })
}

fn problem_at(span: Span, message: String, label: String, help: String) -> SyntaxProblem {
    problem(codes::SYNTAX, span, message, label, Some(help))
}

/// Every bare Chinese key of the line quoted, the value kept (a
/// [`codes::UNQUOTED_KEY`] problem: the key is certain, so the line is read).
pub(super) fn quoted_keys_patch(text: &str, line: Span) -> Option<Patch> {
    let line_text = text.get(line.clone())?;
    let indent_len = line_text.len() - line_text.trim_start().len();
    let body = line_text.get(indent_len..)?;
    let key_end = if body.starts_with('[') {
        let skip = if body.starts_with("[[") { 2 } else { 1 };
        skip + find_outside_quotes(body.get(skip..)?, |c| c == ']')?
    } else {
        find_outside_quotes(body, |c| c == '=')?
    };
    let key_start = if body.starts_with("[[") { 2 } else { usize::from(body.starts_with('[')) };
    let key = body.get(key_start..key_end)?;
    let mut quoted = String::new();
    for (i, part) in split_dotted(key).into_iter().enumerate() {
        if i > 0 {
            quoted.push('.');
        }
        let trimmed = part.trim();
        if trimmed.starts_with(['"', '\'']) || trimmed.is_ascii() {
            quoted.push_str(part);
        } else {
            quoted.push_str(&format!("\"{}\"", trimmed.trim_matches(['“', '”'])));
        }
    }
    let fixed = format!(
        "{}{}{quoted}{}",
        line_text.get(..indent_len)?,
        body.get(..key_start)?,
        body.get(key_end..)?
    );
    Some(Patch { range: line, text: fixed, value: None })
}

/// The dot-separated parts of a key, quotes respected.
fn split_dotted(key: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = key;
    while let Some(dot) = find_outside_quotes(rest, |c| c == '.') {
        parts.push(rest.get(..dot).unwrap_or_default());
        rest = rest.get(dot + 1..).unwrap_or_default();
    }
    parts.push(rest);
    parts
}

/// A list or inline table opened on a line above `before` and never closed
/// (toml_edit stops at the end of the file): its value left unread.
pub(super) fn unclosed(text: &str, before: usize) -> Option<Explained> {
    let mut end = before.min(text.len());
    while end > 0 {
        let line = super::line_at(text, end - 1);
        end = line.start;
        let Some(line_text) = text.get(line.clone()) else { continue };
        let Some(entry) = split_entry(line_text, &['='], Some('#'), false) else { continue };
        let at = line.start;
        let value_at = at + entry.value_at;
        for quotes in ["\"\"\"", "'''"] {
            let after = text.get(value_at + quotes.len()..).unwrap_or_default();
            if entry.value.starts_with(quotes) && !after.contains(quotes) {
                // Everything after it belongs to the text: nothing more can be read.
                return Some(Explained {
                    problem: problem_at(
                        value_at..value_at + quotes.len(),
                        tr!("this text has no closing {quotes}", "这段文字缺少结尾的 {quotes}"),
                        tr!("the text starts here and runs to the end of the file", "文字从这里开始，一直到文件末尾都没有结束"),
                        tr!("end it with {quotes}", "请用 {quotes} 结束这段文字"),
                    ),
                    patch: None,
                });
            }
        }
        let (open, close) = match entry.value.chars().next() {
            Some('[') => ('[', ']'),
            Some('{') => ('{', '}'),
            _ => continue,
        };
        if balance(entry.value, open, close) <= 0 {
            continue;
        }
        let value = value_at..value_at + entry.value.len();
        let fixed = format!("{}{} = {}{close}", entry.indent, entry.key, entry.value.trim_end_matches(',').trim_end());
        let message = if open == '[' {
            tr!("this list has no closing ]", "这个列表缺少右方括号 ]")
        } else {
            tr!("this table has no closing }}", "这个表缺少右花括号 }}")
        };
        let label = tr!("opened here, never closed", "从这里开始，没有闭合");
        return Some(Explained {
            problem: problem_at(value.start..value.start + 1, message, label, write_line(&fixed)),
            patch: Some(Patch {
                range: line,
                text: format!("{}{} = {}", entry.indent, entry.key, placeholder()),
                value: Some(value),
            }),
        });
    }
    None
}

/// Opening minus closing brackets outside quotes.
fn balance(value: &str, open: char, close: char) -> i64 {
    let mut depth = 0i64;
    let mut rest = value;
    while let Some(at) = find_outside_quotes(rest, |c| c == open || c == close || c == '#') {
        let c = rest.get(at..).and_then(|r| r.chars().next()).unwrap_or('#');
        if c == '#' {
            break;
        }
        depth += if c == open { 1 } else { -1 };
        rest = rest.get(at + c.len_utf8()..).unwrap_or_default();
    }
    depth
}
