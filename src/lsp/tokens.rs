//! What the syntax tree does not keep, read with the grammar itself: the
//! keyword or function name under the cursor, the kind of a line's statement,
//! and the language the file's keywords are written in.

use pest::Parser;

use super::keywords;
use crate::base::i18n::Lang;
use crate::base::limits::Limits;
use crate::base::span::Span;
use crate::syntax::{RubricParser, Rule};

/// A keyword, unit or function name on a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The keyword's rule (`kw_per`, `fen`, `money_unit`), or [`Rule::call`] for a function name.
    pub rule: Rule,
    /// Where it is in the file.
    pub span: Span,
    /// As written.
    pub text: String,
}

/// The statement text of the line holding `offset`: its byte offset in the file, and the line
/// without indentation, line break and trailing blanks.
pub fn statement_line(text: &str, offset: usize) -> (usize, &str) {
    let offset = offset.min(text.len());
    let start = text.get(..offset).and_then(|before| before.rfind('\n')).map_or(0, |i| i + 1);
    let end = text.get(start..).and_then(|rest| rest.find('\n')).map_or(text.len(), |i| start + i);
    let line = text.get(start..end).unwrap_or("");
    let content = line.trim_start_matches([' ', '\t', '\u{3000}', '\u{feff}']);
    let indent = line.len() - content.len();
    (start + indent, content.trim_end_matches(['\r', ' ', '\t', '\u{3000}']))
}

/// The keyword, unit or function name at `offset` (a cursor just after a token is on it), if
/// its line parses.
pub fn token_at(text: &str, offset: usize) -> Option<Token> {
    let (start, line) = statement_line(text, offset);
    let at = offset.checked_sub(start)?;
    let pairs = RubricParser::parse(Rule::line, line).ok()?;
    let mut call_names: Vec<(usize, usize)> = Vec::new();
    let mut best: Option<Token> = None;
    for pair in pairs.flatten() {
        let span = pair.as_span();
        let (s, e) = (span.start(), span.end());
        if pair.as_rule() == Rule::call {
            if let Some(name) = pair.clone().into_inner().next() {
                call_names.push((name.as_span().start(), name.as_span().end()));
            }
        }
        let rule = match pair.as_rule() {
            Rule::ident if call_names.contains(&(s, e)) => Rule::call,
            rule if keywords::keyword(rule).is_some() => rule,
            _ => continue,
        };
        if s <= at && at <= e && best.as_ref().is_none_or(|b| e - s < b.span.len()) {
            best = Some(Token { rule, span: start + s..start + e, text: pair.as_str().to_string() });
        }
    }
    best
}

/// The kind of statement on the line holding `offset` (`section_decl`, `item_decl`, …), if it
/// parses.
pub fn statement_rule(text: &str, offset: usize) -> Option<Rule> {
    let (_, line) = statement_line(text, offset);
    let line_pair = RubricParser::parse(Rule::line, line).ok()?.next()?;
    line_pair.into_inner().map(|p| p.as_rule()).find(|r| !matches!(r, Rule::comment | Rule::EOI))
}

/// The language most of the file's statements start in, if any keyword says.
pub fn keyword_language(text: &str) -> Option<Lang> {
    let mut diagnostics = Vec::new();
    let (mut en, mut zh) = (0usize, 0usize);
    for line in crate::syntax::parse_lines(text, &Limits::default(), &mut diagnostics) {
        let Some(first) = line.statement.and_then(|s| s.into_inner().next()) else { continue };
        let Some(keyword) = keywords::keyword(first.as_rule()) else { continue };
        match keywords::language_of(keyword, first.as_str()) {
            Some(Lang::En) => en += 1,
            Some(Lang::Zh) => zh += 1,
            None => {}
        }
    }
    match en.cmp(&zh) {
        std::cmp::Ordering::Greater => Some(Lang::En),
        std::cmp::Ordering::Less => Some(Lang::Zh),
        std::cmp::Ordering::Equal => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keywords_units_and_function_names_under_the_cursor() {
        let text = "rubric \"t\"\n    得分 每 次数 1.5 分，最多 3 分\n  score max(0, 2 - a)\ninput b: amount 万元\n";
        let per = text.find("每").unwrap();
        assert_eq!(token_at(text, per).map(|t| (t.rule, t.text)), Some((Rule::kw_per, "每".to_string())));
        let most = text.find("最多").unwrap() + 3;
        assert_eq!(token_at(text, most).map(|t| t.rule), Some(Rule::kw_at_most));
        let fen = text.find("分，").unwrap();
        assert_eq!(token_at(text, fen).map(|t| t.rule), Some(Rule::fen));
        let max = text.find("max").unwrap() + 1;
        let token = token_at(text, max).unwrap();
        assert_eq!((token.rule, &text[token.span.clone()]), (Rule::call, "max"));
        assert_eq!(token_at(text, text.find("万元").unwrap()).map(|t| t.rule), Some(Rule::money_unit));
        // A name is not a keyword.
        assert_eq!(token_at(text, text.find("次数").unwrap() + 3), None);
    }

    #[test]
    fn tells_statements_and_the_files_keyword_language() {
        let zh = "评分表 \"t\"\n输入 a：计数\n部分 一 \"一\" 2\n  指标 1 \"x\" 2\n    得分 2 若 a > 0\n";
        assert_eq!(keyword_language(zh), Some(Lang::Zh));
        assert_eq!(statement_rule(zh, zh.find("指标").unwrap()), Some(Rule::item_decl));
        let en = "rubric \"t\"\ninput a: count\nsection 一 \"一\" 2\n";
        assert_eq!(keyword_language(en), Some(Lang::En));
        assert_eq!(keyword_language("# nothing\n"), None);
        assert_eq!(statement_line("a\n   score 1  \r\nb", 4), (5, "score 1"));
    }
}
