//! A YAML line explained: a tab in the indentation, a full-width `：` or no
//! space after the colon, a line indented more than the one above it, and
//! the value mistakes of [`super::value_fix`].

use super::{placeholder, problem, split_entry, value_fix, write_line, Explained, Patch};
use crate::data::tree::{codes, Format, Span, SyntaxProblem};
use crate::tr;

/// Explains what is wrong with `line` of `text`, where yaml-rust2 stopped
/// (or on the line before it).
pub(super) fn explain(text: &str, line: Span) -> Option<Explained> {
    let line_text = text.get(line.clone()).filter(|l| !l.trim().is_empty())?;
    let at = line.start;
    let indent_len = line_text.len() - line_text.trim_start().len();
    let indent = line_text.get(..indent_len).unwrap_or_default();
    if indent.contains('\t') {
        let fixed = format!("{}{}", indent.replace('\t', "  "), line_text.trim_start());
        return Some(Explained {
            problem: problem_at(
                at..at + indent_len,
                tr!("this line is indented with a tab; a .yaml file is indented with spaces", "这一行用了制表符（Tab）缩进；.yaml 文件只能用空格缩进"),
                tr!("a tab", "制表符"),
                &fixed,
            ),
            patch: Some(Patch { range: line, text: fixed, value: None }),
        });
    }
    let entry = split_entry(line_text, &[':', '：'], Some('#'), false)?;
    let glued = entry.sep == ':' && line_text.get(entry.sep_at + 1..).is_some_and(|r| !r.is_empty() && !r.starts_with([' ', '\t']));
    let value_problem =
        (!entry.value.is_empty()).then(|| value_fix(entry.value, Format::Yaml)).flatten().filter(|f| f.fixed.is_some());
    let value = value_problem.as_ref().and_then(|f| f.fixed.clone()).unwrap_or_else(|| entry.value.to_string());
    let previous = previous_indent(text, line.start);
    let over_indented = previous.is_some_and(|(width, parent)| !parent && indent_len > width);
    let indent = match previous {
        Some((width, false)) if over_indented => " ".repeat(width),
        _ => entry.indent.to_string(),
    };
    let fixed = format!("{indent}{}: {value}{}", entry.key, entry.tail);
    let sep = at + entry.sep_at..at + entry.sep_at + entry.sep.len_utf8();
    let reported = if entry.sep == '：' {
        problem_at(sep, tr!("the ： after the key is full-width (全角)", "键后面的冒号 ： 是全角字符"), tr!("full-width ：", "全角冒号"), &fixed)
    } else if glued {
        problem_at(sep, tr!("a space is needed after the colon", "冒号后面要有一个空格"), tr!("no space after :", "冒号后缺少空格"), &fixed)
    } else if let Some(fix) = &value_problem {
        let span = at + entry.value_at..at + entry.value_at + entry.value.len();
        super::problem(codes::SYNTAX, span, fix.message.clone(), fix.label.clone(), Some(write_line(&fixed)))
    } else if over_indented {
        problem_at(
            at..at + indent_len,
            tr!("this line is indented more than the line above it", "这一行比上一行缩进得多"),
            tr!("indented too far", "缩进过多"),
            &fixed,
        )
    } else {
        return None;
    };
    let patch = match &value_problem {
        Some(_) => {
            let value = at + entry.value_at..at + entry.value_at + entry.value.len();
            Patch { range: line, text: format!("{indent}{}: {}", entry.key, placeholder()), value: Some(value) }
        }
        None => Patch { range: line, text: fixed, value: None },
    };
    Some(Explained { problem: reported, patch: Some(patch) })
}

fn problem_at(span: Span, message: String, label: String, fixed: &str) -> SyntaxProblem {
    problem(codes::SYNTAX, span, message, label, Some(write_line(fixed)))
}

/// The indentation of the nearest line above `start` with content, and
/// whether it opens a mapping (`inputs:` with nothing after the colon).
fn previous_indent(text: &str, start: usize) -> Option<(usize, bool)> {
    let before = text.get(..start)?;
    let line = before.lines().rev().find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))?;
    let width = line.len() - line.trim_start().len();
    let parent = line.trim_end().ends_with(':') || line.trim_end().ends_with('：');
    Some((width, parent))
}
