//! A JSON line explained: a file that ends before its braces close, a comma
//! after the last entry, a comment, full-width `：` and `，`, keys without
//! quotes, and the value mistakes of [`super::value_fix`].

use super::{placeholder, problem, split_entry, value_fix, write_line, Explained, Patch};
use crate::data::tree::{codes, Format, Span, SyntaxProblem};
use crate::tr;

/// Explains jsonc-parser's error `problem` where it is not about one line
/// (a file that ends too soon, a trailing comma, a comment).
pub(super) fn explain_file(text: &str, problem: &SyntaxProblem) -> Option<Explained> {
    let raw = problem.label.as_str();
    let problem = problem.clone();
    if raw.starts_with("Unterminated object") || raw.starts_with("Unterminated array") {
        let closers = missing_closers(text);
        if closers.is_empty() {
            return None;
        }
        let help = tr!("add {closers} at the end of the file", "请在文件末尾补上 {closers}");
        return Some(Explained {
            problem: super::problem(
                codes::SYNTAX,
                problem.span,
                tr!("the file ends before every {{ and [ is closed", "文件结束时还有 {{ 或 [ 没有闭合"),
                tr!("opened here, never closed", "从这里开始，没有闭合"),
                Some(help),
            ),
            patch: Some(Patch { range: text.len()..text.len(), text: format!("\n{closers}"), value: None }),
        });
    }
    if raw.starts_with("Trailing commas") {
        return Some(Explained {
            problem: super::problem(
                codes::SYNTAX,
                problem.span.clone(),
                tr!("there is a comma after the last entry", "最后一项后面多了一个逗号"),
                tr!("delete this comma", "删除这个逗号"),
                Some(tr!("a .json file has no comma after the last entry of {{ }} or [ ]", ".json 文件中 {{ }} 或 [ ] 的最后一项后面不加逗号")),
            ),
            patch: Some(Patch { range: problem.span, text: String::new(), value: None }),
        });
    }
    if raw.starts_with("Comments are not allowed") {
        let end = comment_end(text, problem.span.start);
        return Some(Explained {
            problem: super::problem(
                codes::SYNTAX,
                problem.span.start..end,
                tr!("a .json file cannot hold comments", ".json 文件中不能写注释"),
                tr!("a comment", "注释"),
                Some(tr!("delete the comment, or write the data as a .toml or .yaml file, which allow comments", "请删除注释；需要注释时，可改用允许注释的 .toml 或 .yaml 文件")),
            ),
            patch: Some(Patch { range: problem.span.start..end, text: String::new(), value: None }),
        });
    }
    None
}

/// Explains what is wrong with `line` of `text`, where jsonc-parser stopped
/// (or on the line before it).
pub(super) fn explain(text: &str, line: Span) -> Option<Explained> {
    let at = line.start;
    let entry = text.get(line.clone()).and_then(|l| split_entry(l, &[':', '：'], None, true))?;
    // One entry to the line, as people write JSON by hand; `{"a": }` is left to the reader's words.
    if entry.key.contains(['{', '[', '}', ']', ',']) || entry.value.starts_with(['}', ']']) {
        return None;
    }
    let key = if entry.key.starts_with('"') && entry.key.ends_with('"') && entry.key.len() > 1 {
        entry.key.to_string()
    } else {
        format!("\"{}\"", entry.key.trim_matches(['“', '”', '\'', '"']))
    };
    // A comma before the closing brace would be one too many.
    let last = next_starts_closer(text, line.end);
    let tail = if last { entry.tail.replace([',', '，'], "") } else { entry.tail.replace('，', ",") };
    let value_problem = value_fix(entry.value, Format::Json);
    let value = value_problem.as_ref().and_then(|f| f.fixed.clone()).unwrap_or_else(|| entry.value.to_string());
    let fixed = format!("{}{key}: {value}{tail}", entry.indent);
    let key_span = at + entry.key_at..at + entry.key_at + entry.key.len();
    let value_span = at + entry.value_at..at + entry.value_at + entry.value.len();
    let reported = if key != entry.key {
        let (message, label) = if entry.key.starts_with(['“', '”']) {
            (
                tr!("“ ” are Chinese quotation marks; the file needs plain \" quotes", "“ ” 是中文引号，数据文件要用英文引号 \""),
                tr!("Chinese quotation marks", "中文引号"),
            )
        } else {
            (tr!("a key in a .json file is written in \" quotes", ".json 文件中的键要加英文引号 \""), tr!("needs quotes", "要加引号"))
        };
        problem_at(key_span, message, label, &fixed)
    } else if entry.sep == '：' {
        let sep = at + entry.sep_at..at + entry.sep_at + entry.sep.len_utf8();
        problem_at(sep, tr!("the : is full-width (全角)", "冒号 ： 是全角字符"), tr!("full-width :", "全角冒号"), &fixed)
    } else if let Some(fix) = &value_problem {
        let span = if entry.value.is_empty() { key_span } else { value_span.clone() };
        let help = fix.help.clone().unwrap_or_else(|| write_line(&fixed));
        super::problem(codes::SYNTAX, span, fix.message.clone(), fix.label.clone(), Some(help))
    } else if entry.tail.contains('，') {
        let comma = entry.tail.find('，').map_or(value_span.clone(), |i| {
            let start = value_span.end + i;
            start..start + '，'.len_utf8()
        });
        problem_at(comma, tr!("the , is full-width (全角)", "逗号 ， 是全角字符"), tr!("full-width ,", "全角逗号"), &fixed)
    } else {
        return None;
    };
    let patch = match &value_problem {
        Some(_) => Patch {
            range: line,
            text: format!("{}{key}: {}{tail}", entry.indent, placeholder()),
            value: Some(value_span),
        },
        None => Patch { range: line, text: fixed, value: None },
    };
    Some(Explained { problem: reported, patch: Some(patch) })
}

/// A bare word where a value belongs (`"编制数": 六十`), on a line of its own
/// or inside a one-line object: the word in quotes.
pub(super) fn bare_word(text: &str, found: &SyntaxProblem) -> Option<Explained> {
    let raw = found.label.as_str();
    if !raw.starts_with("Unexpected word") && !raw.starts_with("Unexpected token") {
        return None;
    }
    let span = &found.span;
    let rest = text.get(span.start..)?;
    let len = rest.find([',', '}', ']', '\n', '\r']).unwrap_or(rest.len());
    let word = rest.get(..len)?.trim_end();
    if word.is_empty() || word.starts_with(['"', '{', '[']) {
        return None;
    }
    let fix = value_fix(word, Format::Json)?;
    let token = span.start..span.start + word.len();
    let line = super::line_at(text, span.start);
    let help = match &fix.fixed {
        Some(fixed) => {
            let before = text.get(line.start..token.start)?;
            let after = text.get(token.end..line.end)?;
            write_line(&format!("{before}{fixed}{after}"))
        }
        None => fix.help.clone()?,
    };
    Some(Explained {
        problem: problem(codes::SYNTAX, token.clone(), fix.message, fix.label, Some(help)),
        patch: Some(Patch { range: token.clone(), text: placeholder(), value: Some(token) }),
    })
}

fn problem_at(span: Span, message: String, label: String, fixed: &str) -> SyntaxProblem {
    problem(codes::SYNTAX, span, message, label, Some(write_line(fixed)))
}

/// Where a `//` or `/* */` comment starting at `start` ends.
fn comment_end(text: &str, start: usize) -> usize {
    let rest = text.get(start..).unwrap_or_default();
    let end = if rest.starts_with("/*") { rest.find("*/").map(|i| i + 2) } else { rest.find('\n') };
    start + end.unwrap_or(rest.len())
}

/// The `}` and `]` that close what is still open at the end of `text`, innermost first.
fn missing_closers(text: &str) -> String {
    let mut open: Vec<char> = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' | '\n' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' => open.push('}'),
            '[' => open.push(']'),
            '}' | ']' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.iter().rev().collect()
}

/// Whether the first thing after `end` is a `}` or a `]`.
fn next_starts_closer(text: &str, end: usize) -> bool {
    text.get(end..).and_then(|rest| rest.trim_start().chars().next()).is_some_and(|c| c == '}' || c == ']')
}
