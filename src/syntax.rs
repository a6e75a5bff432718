//! Text → pest pairs, one line at a time.
//!
//! A rubric is line-oriented, so each line is parsed on its own with the
//! grammar's `line` rule: a syntax error in one line never hides the next.
//! Before pest sees a line, its bracket depth is measured without recursion,
//! so deeply nested input is rejected with a diagnostic instead of
//! overflowing the stack.

use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;
use pest::Parser;

use crate::diagnostic::{Code, Diagnostic};
use crate::limits::Limits;
use crate::span::Span;

/// The pest parser generated from `grammar/rubric.pest`.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/rubric.pest"]
pub struct RubricParser;

/// One non-blank line of a rubric.
#[derive(Debug)]
pub struct Line<'a> {
    /// Indentation width (a tab counts 4, a full-width space 2).
    pub indent: usize,
    /// Byte offset where the line's text (after indentation) starts.
    pub offset: usize,
    /// The statement, if the line holds one (not only a comment).
    pub statement: Option<Pair<'a, Rule>>,
    /// The span of the statement text.
    pub span: Span,
    /// The line did not parse (its error is already reported).
    pub failed: bool,
}

/// Splits `text` into lines and parses each. Lines that fail are reported
/// and left out; blank and comment-only lines are left out too.
pub fn parse_lines<'a>(text: &'a str, limits: &Limits, diagnostics: &mut Vec<Diagnostic>) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let mut start = 0;
    let body_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    for raw in text.split_inclusive('\n') {
        let line_start = start;
        start += raw.len();
        let content = raw.strip_suffix('\n').unwrap_or(raw);
        let content = content.strip_suffix('\r').unwrap_or(content);
        let skip = if line_start == 0 { body_start } else { 0 };
        let content = content.get(skip..).unwrap_or("");
        let (indent, indent_bytes) = measure_indent(content);
        let rest = content.get(indent_bytes..).unwrap_or("");
        let offset = line_start + skip + indent_bytes;
        let trimmed = rest.trim_end_matches([' ', '\t', '\u{3000}']);
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("//") {
            continue;
        }
        if let Some(diagnostic) = check_depth(trimmed, offset, limits) {
            diagnostics.push(diagnostic);
            lines.push(Line { indent, offset, span: offset..offset + trimmed.len(), statement: None, failed: true });
            continue;
        }
        match RubricParser::parse(Rule::line, trimmed) {
            Ok(mut pairs) => {
                let statement = pairs.next().and_then(|line| {
                    line.into_inner().find(|p| p.as_rule() != Rule::comment && p.as_rule() != Rule::EOI)
                });
                lines.push(Line { indent, offset, span: offset..offset + trimmed.len(), statement, failed: false });
            }
            Err(error) => {
                diagnostics.push(syntax_error(&error, trimmed, offset));
                lines.push(Line {
                    indent,
                    offset,
                    span: offset..offset + trimmed.len(),
                    statement: None,
                    failed: true,
                });
            }
        }
    }
    lines
}

fn measure_indent(content: &str) -> (usize, usize) {
    let mut width = 0;
    let mut bytes = 0;
    for c in content.chars() {
        match c {
            ' ' => width += 1,
            '\t' => width += 4,
            '\u{3000}' => width += 2,
            _ => break,
        }
        bytes += c.len_utf8();
    }
    (width, bytes)
}

/// Rejects a line whose brackets or `if`s nest deeper than the limit.
fn check_depth(line: &str, offset: usize, limits: &Limits) -> Option<Diagnostic> {
    let mut depth = 0usize;
    let mut ifs = 0usize;
    let mut in_string: Option<char> = None;
    let mut previous_is_word = false;
    for (i, c) in line.char_indices() {
        if let Some(close) = in_string {
            if c == close {
                in_string = None;
            }
            continue;
        }
        match c {
            '"' => in_string = Some('"'),
            '“' => in_string = Some('”'),
            '「' => in_string = Some('」'),
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ => {}
        }
        let word_start = !previous_is_word;
        previous_is_word = c.is_alphanumeric() || c == '_';
        let rest = line.get(i..).unwrap_or("");
        if word_start && (rest.starts_with("if ") || rest.starts_with("若 ") || rest.starts_with("如果 ")) {
            ifs += 1;
        }
        if depth + ifs > limits.max_expr_depth {
            let at = offset + i;
            return Some(
                Diagnostic::error(
                    Code::TooDeep,
                    at..at + c.len_utf8(),
                    format!("expression nested more than {} levels deep", limits.max_expr_depth),
                )
                .label("too deep from here")
                .help("split the formula into `let` steps"),
            );
        }
    }
    None
}

/// Turns a pest error on one line into a located diagnostic.
fn syntax_error(error: &pest::error::Error<Rule>, line: &str, offset: usize) -> Diagnostic {
    let at = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
    .min(line.len());
    let found = line.get(at..).unwrap_or("");
    let token_len = token_length(found);
    let span = offset + at..offset + at + token_len;
    let expected = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => describe_expected(positives),
        ErrorVariant::CustomError { message } => message.clone(),
    };
    let label = if found.is_empty() {
        "the line ends here".to_string()
    } else {
        format!("unexpected `{}`", found.get(..token_len).unwrap_or(found))
    };
    if let Some(diagnostic) = unclosed_string(line, offset) {
        return diagnostic;
    }
    let mut diagnostic =
        Diagnostic::error(Code::Syntax, span, format!("syntax error: expected {expected}")).label(label);
    let first_word: String = line.chars().take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_').collect();
    if let Some(help) = spacing_help(line) {
        diagnostic = diagnostic.help(help);
    } else if found.starts_with("=>") {
        diagnostic = diagnostic.help("write `>=` for “at least”");
    } else if let (0, Some(best)) = (at, crate::suggest::closest(&first_word, STATEMENT_KEYWORDS.iter().copied())) {
        diagnostic = diagnostic.help(format!("did you mean `{best}`?"));
    } else if at == 0 {
        diagnostic = diagnostic.help(
            "a line starts with a keyword: rubric, input, require, section, bonus, deduction, item, let, score, checklist, judged, not-applicable, disqualify, or a \"quoted description\" (or their Chinese forms 评分表, 输入, 要求, 部分, 加分项, 减分项, 指标, 令, 得分, 清单, 评定, 缺省项, 取消资格)",
        );
    }
    diagnostic
}

const STATEMENT_KEYWORDS: &[&str] = &[
    "rubric",
    "input",
    "require",
    "section",
    "bonus",
    "deduction",
    "item",
    "let",
    "score",
    "checklist",
    "judged",
    "not-applicable",
    "disqualify",
    "rounding",
    "grades",
    "floor",
    "year",
    "version",
    "max",
    "评分表",
    "输入",
    "要求",
    "部分",
    "加分项",
    "减分项",
    "指标",
    "令",
    "得分",
    "清单",
    "评定",
    "缺省项",
    "取消资格",
    "舍入",
    "等级",
    "最低分",
];

/// A quote opened on the line and never closed.
fn unclosed_string(line: &str, offset: usize) -> Option<Diagnostic> {
    let mut open: Option<(usize, char)> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match open {
            Some(_) if escaped => escaped = false,
            Some((_, '"')) if c == '\\' => escaped = true,
            Some((_, close)) if c == close => open = None,
            Some(_) => {}
            None => {
                open = match c {
                    '"' => Some((i, '"')),
                    '“' => Some((i, '”')),
                    '「' => Some((i, '」')),
                    _ => None,
                }
            }
        }
    }
    let (at, close) = open?;
    let start = offset + at;
    Some(
        Diagnostic::error(Code::Syntax, start..offset + line.len(), "this text has no closing quote")
            .label("the text starts here and runs to the end of the line")
            .help(format!("end it with {close} on the same line")),
    )
}

/// Length of the token at the start of `s`: a word, or one character.
fn token_length(s: &str) -> usize {
    let mut len = 0;
    for c in s.chars() {
        if c.is_whitespace() {
            break;
        }
        let word = c.is_alphanumeric() || c == '_' || (len > 0 && c == '-');
        if len > 0 && !word {
            break;
        }
        len += c.len_utf8();
        if !word {
            break;
        }
    }
    len
}

/// Help for `若应评估数 = 0`: a Chinese keyword glued to a name.
fn spacing_help(line: &str) -> Option<String> {
    const KEYWORDS: &[&str] = &[
        "如果",
        "若",
        "否则",
        "则",
        "并且",
        "且",
        "或者",
        "或",
        "非",
        "每",
        "扣",
        "最多",
        "得分",
        "令",
        "缺省项",
        "取消资格",
    ];
    for word in line.split([' ', '\t', '\u{3000}']) {
        for keyword in KEYWORDS {
            if let Some(after) = word.strip_prefix(keyword) {
                if after.chars().next().is_some_and(|c| c.is_alphanumeric()) {
                    return Some(format!("put a space after the keyword `{keyword}`: `{keyword} {after}`"));
                }
            }
        }
    }
    None
}

/// "a number, a name or `(`" from the rules pest wanted.
fn describe_expected(rules: &[Rule]) -> String {
    let mut names: Vec<&'static str> = Vec::new();
    for rule in rules {
        let name = rule_name(*rule);
        if !names.contains(&name) && name != "a comment" {
            names.push(name);
        }
    }
    if names.contains(&"an expression") {
        names.retain(|n| !matches!(*n, "a number" | "a percentage" | "a name" | "`if` (若)"));
    }
    if names.len() > 6 {
        return "a statement keyword (item, score, section …)".to_string();
    }
    match names.as_slice() {
        [] => "something else".to_string(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} or {}", rest.join(", "), last),
    }
}

/// A reader's name for a grammar rule.
fn rule_name(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "the end of the line",
        Rule::string | Rule::str_plain | Rule::str_curly | Rule::str_corner => "a \"quoted text\"",
        Rule::number | Rule::decimal | Rule::signed_number => "a number",
        Rule::integer => "a whole number",
        Rule::percent | Rule::signed_percent => "a percentage",
        Rule::ident | Rule::name => "a name",
        Rule::id => "an id",
        Rule::word | Rule::band_name => "a word",
        Rule::expr
        | Rule::paren
        | Rule::call
        | Rule::if_expr
        | Rule::neg
        | Rule::not
        | Rule::bool_lit
        | Rule::kw_not => "an expression",
        Rule::add
        | Rule::sub
        | Rule::mul
        | Rule::div
        | Rule::le
        | Rule::ge
        | Rule::ne
        | Rule::lt
        | Rule::gt
        | Rule::eq
        | Rule::and
        | Rule::or
        | Rule::kw_and
        | Rule::kw_or => "an operator",
        Rule::kw_minus => "`minus` (减)",
        Rule::close => "`)`",
        Rule::fen => "`分`",
        Rule::colon => "`:`",
        Rule::comment => "a comment",
        Rule::input_type
        | Rule::ty_count
        | Rule::ty_amount
        | Rule::ty_rate
        | Rule::ty_bool
        | Rule::ty_text
        | Rule::ty_number => {
            "a type: count, amount 元/万元/亿元, rate, yes/no, text or number (计数, 金额, 比率, 是否, 文本, 数值)"
        }
        Rule::money_unit => "a unit of money (元, 万元 or 亿元)",
        Rule::round_mode | Rule::kw_half_up | Rule::kw_half_even | Rule::kw_down | Rule::kw_up => {
            "a rounding mode (half-up, half-even, down, up)"
        }
        Rule::policy | Rule::kw_full_marks | Rule::kw_rescale | Rule::kw_zero => {
            "a 缺省项 policy (full-marks, rescale, zero)"
        }
        Rule::band | Rule::band_at_least | Rule::band_above | Rule::band_range => "a grade band (优 >= 90)",
        Rule::kw_at_most => "`at most` (最多)",
        Rule::kw_if => "`if` (若)",
        Rule::kw_then => "`then` (则)",
        Rule::kw_else => "`else` (否则)",
        Rule::kw_per => "`per` (每)",
        Rule::kw_deduct => "`deduct` (扣)",
        Rule::kw_claimed => "`claimed` (可申报)",
        Rule::kw_places => "`places`",
        Rule::opt_optional | Rule::opt_default | Rule::opt_range => "an input option (optional, default, range)",
        _ => "a statement keyword (item, score, section …)",
    }
}
