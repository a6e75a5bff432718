//! `rubric fmt`: one canonical layout for rubric files.
//!
//! Two spaces of indentation per level; tokens separated by one space, with no
//! space inside brackets or before `,` `:`; Chinese punctuation (，：) kept and
//! not followed by a space; the weights of sibling sections and items aligned;
//! one blank line at most, and one before every top-level section. Comments
//! stay where they are, and every token is kept as written — so the keyword
//! language (English or Chinese) and the meaning are unchanged.

use pest::iterators::Pair;
use pest::Parser;
use unicode_width::UnicodeWidthStr;

use crate::base::diagnostic::{has_errors, Diagnostic};
use crate::base::limits::Limits;
use crate::syntax::{self, RubricParser, Rule};

/// One line of the file, classified.
enum Line {
    Blank,
    Comment(String),
    Statement { indent: usize, tokens: Vec<Token>, rule: Rule, comment: Option<String> },
}

/// A token of a statement, as written.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// A token the grammar names (keyword, name, number, string, operator …).
    Leaf(Rule, String),
    /// Punctuation between named tokens: `(`, `=`, `..`, `,` …
    Punct(String),
}

/// Formats a rubric's text; refuses (with the syntax errors) a file that does not parse.
pub fn format_source(text: &str, limits: &Limits) -> Result<String, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let _ = syntax::parse_lines(text, limits, &mut diagnostics);
    if has_errors(&diagnostics) {
        return Err(diagnostics);
    }
    let lines = classify(text);
    Ok(render(&lines))
}

fn classify(text: &str) -> Vec<Line> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    body.lines()
        .map(|raw| {
            let raw = raw.trim_end_matches(['\r', ' ', '\t', '\u{3000}']);
            let content = raw.trim_start_matches([' ', '\t', '\u{3000}']);
            let indent: usize = raw
                .get(..raw.len() - content.len())
                .unwrap_or("")
                .chars()
                .map(|c| match c {
                    '\t' => 4,
                    '\u{3000}' => 2,
                    _ => 1,
                })
                .sum();
            if content.is_empty() {
                return Line::Blank;
            }
            if content.starts_with('#') || content.starts_with("//") {
                return Line::Comment(content.to_string());
            }
            match RubricParser::parse(Rule::line, content) {
                Ok(mut pairs) => {
                    let line = pairs.next();
                    let mut tokens = Vec::new();
                    let mut comment = None;
                    let mut rule = Rule::comment;
                    if let Some(line) = line {
                        for pair in line.into_inner() {
                            match pair.as_rule() {
                                Rule::comment => comment = Some(pair.as_str().trim_end().to_string()),
                                Rule::EOI => {}
                                other => {
                                    rule = other;
                                    let start = pair.as_span().start();
                                    let mut cursor = start;
                                    leaves(&pair, content, &mut cursor, &mut tokens);
                                }
                            }
                        }
                    }
                    Line::Statement { indent, tokens, rule, comment }
                }
                // Unreachable after the syntax check; keep the line as it is.
                Err(_) => Line::Comment(content.to_string()),
            }
        })
        .collect()
}

fn is_leaf(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::string
            | Rule::number
            | Rule::percent
            | Rule::integer
            | Rule::decimal
            | Rule::ident
            | Rule::id
            | Rule::word
            | Rule::signed_number
            | Rule::signed_percent
            | Rule::money_unit
            | Rule::fen
            | Rule::neg
            | Rule::close
            | Rule::colon
    ) || crate::syntax::is_symbol_operator(rule)
        || crate::syntax::is_keyword_rule(rule)
}

/// Collects the leaf tokens of `pair`, with the punctuation found between them.
fn leaves(pair: &Pair<'_, Rule>, text: &str, cursor: &mut usize, out: &mut Vec<Token>) {
    let span = pair.as_span();
    let children: Vec<Pair<'_, Rule>> = pair.clone().into_inner().collect();
    if is_leaf(pair.as_rule()) || children.is_empty() {
        punctuation(text.get(*cursor..span.start()).unwrap_or(""), out);
        out.push(Token::Leaf(pair.as_rule(), pair.as_str().to_string()));
        *cursor = span.end();
        return;
    }
    for child in &children {
        leaves(child, text, cursor, out);
    }
    // Literals after the last child (none in this grammar, but keep them if any).
    punctuation(text.get(*cursor..span.end()).unwrap_or(""), out);
    *cursor = span.end();
}

fn punctuation(gap: &str, out: &mut Vec<Token>) {
    for piece in gap.split_whitespace() {
        let mut rest = piece;
        while !rest.is_empty() {
            let two = [">=", "..", "=>", "<="].iter().find(|p| rest.starts_with(**p));
            let len = two.map_or_else(|| rest.chars().next().map_or(1, char::len_utf8), |p| p.len());
            out.push(Token::Punct(rest.get(..len).unwrap_or(rest).to_string()));
            rest = rest.get(len..).unwrap_or("");
        }
    }
}

fn text_of(token: &Token) -> &str {
    match token {
        Token::Leaf(_, t) | Token::Punct(t) => t,
    }
}

/// The space between two tokens.
fn space(prev: &Token, next: &Token) -> &'static str {
    let (p, n) = (text_of(prev), text_of(next));
    let closing = [")", "）", ",", "，", "、", ";", "；", ":", "：", "%"];
    if closing.contains(&n) || matches!(next, Token::Leaf(Rule::close | Rule::colon, _)) {
        return "";
    }
    if ["(", "（", "，", "：", "、", "；"].contains(&p) || matches!(prev, Token::Leaf(Rule::neg, _)) {
        return "";
    }
    if p == ".." {
        return if matches!(next, Token::Leaf(Rule::number | Rule::signed_number, _)) { "" } else { " " };
    }
    if (n == "(" || n == "（") && matches!(prev, Token::Leaf(Rule::ident, _)) {
        return "";
    }
    if n == ".." && matches!(prev, Token::Leaf(Rule::number | Rule::signed_number, _)) {
        return "";
    }
    if matches!(prev, Token::Leaf(Rule::colon, _)) && (p == "：") {
        return "";
    }
    " "
}

fn join(tokens: &[Token]) -> String {
    let mut out = String::new();
    let mut previous: Option<&Token> = None;
    for token in tokens {
        if let Some(prev) = previous {
            out.push_str(space(prev, token));
        }
        out.push_str(text_of(token));
        previous = Some(token);
    }
    out
}

/// For section and item lines: the part up to the name, and the rest (weight …).
fn split_at_weight(rule: Rule, tokens: &[Token]) -> Option<(String, String)> {
    if !matches!(rule, Rule::section_decl | Rule::item_decl) {
        return None;
    }
    let at = tokens.iter().position(|t| matches!(t, Token::Leaf(Rule::number, _)))?;
    Some((join(tokens.get(..at)?), join(tokens.get(at..)?)))
}

fn render(lines: &[Line]) -> String {
    // Depth of every statement, from indentation (as the outline builds the tree).
    let mut depths = vec![0usize; lines.len()];
    let mut parents = vec![None; lines.len()];
    let mut stack: Vec<(usize, usize)> = Vec::new(); // (indent, line index)
    for (i, line) in lines.iter().enumerate() {
        if let Line::Statement { indent, .. } = line {
            while stack.last().is_some_and(|(top, _)| *top >= *indent) {
                stack.pop();
            }
            depths[i] = stack.len();
            parents[i] = stack.last().map(|(_, p)| *p);
            stack.push((*indent, i));
        }
    }
    // Weight column per group of sibling sections/items.
    let mut width_of_group: std::collections::HashMap<Option<usize>, usize> = std::collections::HashMap::new();
    for (i, line) in lines.iter().enumerate() {
        if let Line::Statement { tokens, rule, .. } = line {
            if let Some((head, _)) = split_at_weight(*rule, tokens) {
                let w = width_of_group.entry(parents[i]).or_insert(0);
                *w = (*w).max(UnicodeWidthStr::width(head.as_str()));
            }
        }
    }
    let mut out: Vec<String> = Vec::new();
    let mut pending_blank = false;
    for (i, line) in lines.iter().enumerate() {
        let next_depth = lines
            .iter()
            .enumerate()
            .skip(i)
            .find_map(|(j, l)| matches!(l, Line::Statement { .. }).then(|| depths[j]))
            .unwrap_or(0);
        match line {
            Line::Blank => pending_blank = !out.is_empty(),
            Line::Comment(text) => {
                if pending_blank {
                    out.push(String::new());
                    pending_blank = false;
                }
                out.push(format!("{}{text}", "  ".repeat(next_depth)));
            }
            Line::Statement { tokens, rule, comment, .. } => {
                let top_section =
                    depths[i] == 0 && matches!(rule, Rule::section_decl | Rule::bonus_decl | Rule::deduction_decl);
                let after_comment =
                    out.last().is_some_and(|l| l.trim_start().starts_with('#') || l.trim_start().starts_with("//"));
                if (pending_blank || (top_section && !after_comment))
                    && !out.is_empty()
                    && out.last().is_some_and(|l| !l.is_empty())
                {
                    out.push(String::new());
                }
                pending_blank = false;
                let body = match split_at_weight(*rule, tokens) {
                    Some((head, tail)) => {
                        let width = width_of_group.get(&parents[i]).copied().unwrap_or(0);
                        let pad = width.saturating_sub(UnicodeWidthStr::width(head.as_str()));
                        format!("{head}{} {tail}", " ".repeat(pad))
                    }
                    None => join(tokens),
                };
                let mut text = format!("{}{body}", "  ".repeat(depths[i]));
                if let Some(c) = comment {
                    text.push_str("  ");
                    text.push_str(c);
                }
                out.push(text);
            }
        }
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}
