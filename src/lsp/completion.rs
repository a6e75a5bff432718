//! Completions: what the grammar accepts at the cursor, in the file's own
//! keyword language — statement keywords where a line starts (those that may
//! stand under the line above), input names, `let`s and functions where an
//! expression goes, keywords after a word, and the next free id after
//! `section` or `item`.
//!
//! The line up to the cursor is parsed with the grammar's `line` rule and a
//! character no rule accepts; the rules pest expected there say what may come.

use pest::Parser;

use super::document::View;
use super::keywords::{self, Keyword};
use super::tokens::statement_rule;
use super::{ids, index::Kind, tree};
use crate::base::i18n::Lang;
use crate::base::span::Span;
use crate::syntax::{RubricParser, Rule};

/// What a completion is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CompletionKind {
    /// A keyword of the language.
    Keyword,
    /// An input's name.
    Input,
    /// A `let` of the item.
    Let,
    /// A built-in function.
    Function,
    /// A unit of money, or `分`.
    Unit,
    /// A section's or an item's id.
    Id,
}

/// One completion.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Completion {
    /// What is shown and inserted.
    pub label: String,
    /// What it is.
    pub kind: CompletionKind,
    /// A short note beside it: a type, the other language's form.
    pub detail: String,
    /// A longer text (Markdown): a keyword's meaning, an input's description.
    pub documentation: String,
}

/// The completions at a cursor and the text they replace (the word being typed).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Completions {
    /// The partly typed word before the cursor.
    pub replace: Span,
    /// The completions, in the order to show them.
    pub items: Vec<Completion>,
}

/// The completions at byte `offset`. Keywords are in the language most of the file's statements
/// start in (`fallback` for a file without keywords); texts in the thread's language.
pub fn complete(view: &View<'_>, offset: usize, fallback: Lang) -> Completions {
    let text = view.text;
    let offset = offset.min(text.len());
    let line_start = text.get(..offset).and_then(|b| b.rfind('\n')).map_or(0, |i| i + 1);
    let prefix = text.get(line_start..offset).unwrap_or("");
    let word = typed_word(prefix);
    let replace = offset - word.len()..offset;
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        return Completions { replace, items: Vec::new() };
    }
    let before = prefix.get(..prefix.len() - word.len()).unwrap_or("");
    let lang = view.keyword_language(fallback);
    let mut out = Out { items: Vec::new(), lang };
    let statement = before.trim_start_matches([' ', '\t', '\u{3000}', '\u{feff}']);
    let parents = parents(text, line_start, indent_width(before));
    if statement.is_empty() {
        for rule in statement_keywords(parents.first().map(|(_, rule)| *rule)) {
            out.keyword(*rule);
        }
        return Completions { replace, items: out.items };
    }
    if let Some(kind) = id_position(statement) {
        out.ids(view, kind, &parents, offset);
        return Completions { replace, items: out.items };
    }
    let expected = expected(statement);
    if is_expression(&expected) {
        out.names(view, &parents, line_start);
        for function in keywords::FUNCTIONS {
            out.function(function);
        }
    }
    for rule in expected {
        for keyword in leading_keywords(rule) {
            out.keyword(*keyword);
        }
    }
    Completions { replace, items: out.items }
}

/// The word being typed at the end of `prefix`: letters, digits and `_` (with `-` and `/` inside
/// an English keyword such as `half-up` or `yes/no`).
fn typed_word(prefix: &str) -> &str {
    let mut start = prefix.len();
    let mut chars = prefix.char_indices().rev().peekable();
    while let Some((at, c)) = chars.next() {
        let inside_keyword = matches!(c, '-' | '/') && chars.peek().is_some_and(|(_, p)| p.is_ascii_alphabetic());
        if c.is_alphanumeric() || c == '_' || inside_keyword {
            start = at;
        } else {
            break;
        }
    }
    prefix.get(start..).unwrap_or("")
}

/// The rules the grammar expects right after `statement` (nothing inside a string or a
/// comment, or after a mistake earlier on the line).
fn expected(statement: &str) -> Vec<Rule> {
    let probe = format!("{statement}\u{1}");
    let Err(error) = RubricParser::parse(Rule::line, &probe) else { return Vec::new() };
    let at = match error.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    match error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } if at == statement.len() => positives,
        _ => Vec::new(),
    }
}

/// Whether the grammar expects an expression: a name, a number, a bracket (a lone `ident` is a
/// name being declared).
fn is_expression(expected: &[Rule]) -> bool {
    expected.iter().any(|r| matches!(r, Rule::expr | Rule::name | Rule::paren | Rule::call | Rule::number | Rule::neg))
}

/// The keywords that may start a rule the grammar expects.
fn leading_keywords(rule: Rule) -> &'static [Rule] {
    match rule {
        Rule::per_suffix => &[Rule::fen, Rule::kw_per],
        Rule::minus_suffix => &[Rule::fen, Rule::kw_minus],
        Rule::deduct_suffix => &[Rule::fen, Rule::kw_per],
        Rule::if_suffix => &[Rule::fen, Rule::kw_if],
        Rule::input_type => &[Rule::kw_count, Rule::kw_amount, Rule::kw_rate, Rule::kw_bool, Rule::kw_text, Rule::kw_number],
        Rule::round_mode => &[Rule::kw_half_up, Rule::kw_half_even, Rule::kw_down, Rule::kw_up],
        Rule::policy => &[Rule::kw_full_marks, Rule::kw_rescale, Rule::kw_zero],
        Rule::display_form => &[Rule::kw_percent, Rule::kw_ratio, Rule::kw_number, Rule::money_unit],
        Rule::check_level => &[Rule::kw_error, Rule::kw_warning],
        Rule::opt_optional => &[Rule::kw_optional],
        Rule::opt_default => &[Rule::kw_default],
        Rule::opt_range => &[Rule::kw_range],
        Rule::and => &[Rule::kw_and],
        Rule::or => &[Rule::kw_or],
        Rule::not => &[Rule::kw_not],
        Rule::bool_lit => &[Rule::kw_true, Rule::kw_false],
        Rule::expr => &[Rule::kw_if, Rule::kw_not, Rule::kw_true, Rule::kw_false],
        Rule::if_expr => &[Rule::kw_if],
        Rule::money_unit => &[Rule::money_unit],
        Rule::fen => &[Rule::fen],
        rule if keywords::keyword(rule).is_some() => {
            keywords::KEYWORDS.iter().find(|k| k.rule == rule).map_or(&[], |k| std::slice::from_ref(&k.rule))
        }
        _ => &[],
    }
}

/// The keywords that start the statements allowed under a line of kind `parent` (at the top
/// level: `None`).
fn statement_keywords(parent: Option<Rule>) -> &'static [Rule] {
    const HEADER: &[Rule] =
        &[Rule::kw_year, Rule::kw_version, Rule::kw_max, Rule::kw_rounding, Rule::kw_na, Rule::kw_grades, Rule::kw_floor];
    match parent {
        None => &[
            Rule::kw_rubric,
            Rule::kw_input,
            Rule::kw_require,
            Rule::kw_section,
            Rule::kw_bonus,
            Rule::kw_deduction,
            Rule::kw_indicator,
            Rule::kw_check,
            Rule::kw_year,
            Rule::kw_version,
            Rule::kw_max,
            Rule::kw_rounding,
            Rule::kw_na,
            Rule::kw_grades,
            Rule::kw_floor,
        ],
        Some(Rule::rubric_decl) => HEADER,
        Some(Rule::section_decl) => &[Rule::kw_section, Rule::kw_item],
        Some(Rule::bonus_decl | Rule::deduction_decl) => &[Rule::kw_item],
        Some(Rule::item_decl) => &[
            Rule::kw_score,
            Rule::kw_let,
            Rule::kw_checklist,
            Rule::kw_judged,
            Rule::kw_na,
            Rule::kw_disqualify,
            Rule::kw_rounding,
        ],
        Some(_) => &[],
    }
}

/// Whether the cursor is where a section's (`true`) or an item's (`false`) id goes.
fn id_position(statement: &str) -> Option<bool> {
    let word = statement.trim_end_matches([' ', '\t', '\u{3000}']);
    if word.len() == statement.len() {
        return None;
    }
    let is = |rule: Rule| keywords::keyword(rule).is_some_and(|k| k.en.contains(&word) || k.zh.contains(&word));
    if is(Rule::kw_section) || is(Rule::kw_bonus) || is(Rule::kw_deduction) {
        Some(true)
    } else if is(Rule::kw_item) {
        Some(false)
    } else {
        None
    }
}

/// The width of the indentation at the start of `text` (a tab is 4, a full-width space 2).
fn indent_width(text: &str) -> usize {
    text.chars()
        .map_while(|c| match c {
            ' ' | '\u{feff}' => Some(1),
            '\t' => Some(4),
            '\u{3000}' => Some(2),
            _ => None,
        })
        .sum()
}

/// The two nearest lines above `line_start` indented less than `indent`, each less than the
/// one before: their statement's offset and kind (the parent first).
fn parents(text: &str, line_start: usize, mut indent: usize) -> Vec<(usize, Rule)> {
    let mut found = Vec::new();
    let above = text.get(..line_start).unwrap_or("");
    let mut end = above.len();
    for line in above.split_inclusive('\n').rev() {
        end -= line.len();
        if indent == 0 || found.len() == 2 {
            break;
        }
        let content = line.trim_start_matches([' ', '\t', '\u{3000}', '\u{feff}']).trim_end();
        if content.is_empty() || content.starts_with('#') || content.starts_with("//") {
            continue;
        }
        let width = indent_width(line);
        if width < indent {
            let at = end + (line.len() - line.trim_start_matches([' ', '\t', '\u{3000}', '\u{feff}']).len());
            match statement_rule(text, at) {
                Some(rule) => found.push((at, rule)),
                None => break,
            }
            indent = width;
        }
    }
    found
}

struct Out {
    items: Vec<Completion>,
    lang: Lang,
}

impl Out {
    fn push(&mut self, label: &str, kind: CompletionKind, detail: String, documentation: String) {
        if !self.items.iter().any(|c| c.label == label) {
            self.items.push(Completion { label: label.to_string(), kind, detail, documentation });
        }
    }

    fn keyword(&mut self, rule: Rule) {
        let Some(keyword) = keywords::keyword(rule) else { return };
        let kind = if matches!(rule, Rule::fen | Rule::money_unit) { CompletionKind::Unit } else { CompletionKind::Keyword };
        for form in keyword.forms(self.lang) {
            let detail = other_forms(keyword, self.lang);
            self.push(form, kind, detail, keywords::meaning(rule));
        }
    }

    fn function(&mut self, function: &keywords::Function) {
        let (forms, other): (Vec<&str>, String) = match self.lang {
            Lang::En => (vec![function.en], function.zh.join(&crate::tr!(", ", "、"))),
            Lang::Zh => (function.zh.to_vec(), function.en.to_string()),
        };
        for form in forms {
            self.push(form, CompletionKind::Function, other.clone(), keywords::function_meaning(function.en));
        }
    }

    /// The inputs, and the `let`s of the item the cursor is in that stand above it.
    fn names(&mut self, view: &View<'_>, parents: &[(usize, Rule)], line_start: usize) {
        let index = &view.analysis.index;
        let item = parents.iter().find(|(_, rule)| *rule == Rule::item_decl).and_then(|(at, _)| {
            index.definitions.iter().position(|d| d.kind == Kind::Item && d.span.start >= *at && d.span.start < line_start)
        });
        let lets: Vec<_> = index
            .of_kind(Kind::Let)
            .filter(|d| item.is_some() && d.owner == item && d.span.start < line_start)
            .map(|d| d.name.clone())
            .collect();
        let of_item = item.and_then(|at| index.get(at)).map_or(String::new(), |d| d.name.clone());
        for name in lets.iter().rev() {
            let detail = crate::tr!("a step of item {of_item}", "指标 {of_item} 的一步");
            self.push(name, CompletionKind::Let, detail, String::new());
        }
        for input in &view.analysis.tree.inputs {
            let documentation = input.description.as_ref().map_or(String::new(), |d| d.node.clone());
            self.push(&input.name.node, CompletionKind::Input, super::hover::type_name(input.ty.node), documentation);
        }
    }

    fn ids(&mut self, view: &View<'_>, section: bool, parents: &[(usize, Rule)], offset: usize) {
        let tree = &view.analysis.tree;
        let parent = parents
            .iter()
            .find(|(_, rule)| matches!(rule, Rule::section_decl | Rule::bonus_decl | Rule::deduction_decl))
            .and_then(|(at, _)| tree::section_line_at(tree, *at));
        let candidates =
            if section { ids::next_section_ids(tree, parent) } else { ids::next_item_ids(tree, parent, offset) };
        for id in candidates {
            let detail = match parent {
                Some(p) => crate::tr!("a new id under {}", "{} 下的新编号", p.id.node),
                None => crate::tr!("a new id", "新编号"),
            };
            self.push(&id, CompletionKind::Id, detail, String::new());
        }
    }
}

/// "per" ↔ "每": the forms in the other language, for the detail.
fn other_forms(keyword: &Keyword, lang: Lang) -> String {
    let other = match lang {
        Lang::En => Lang::Zh,
        Lang::Zh => Lang::En,
    };
    let forms = keyword.forms(other);
    if forms == keyword.forms(lang) {
        return String::new();
    }
    forms.join(&crate::tr!(", ", "、"))
}

#[cfg(test)]
mod tests;
