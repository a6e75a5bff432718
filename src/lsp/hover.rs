//! Hover texts (Markdown): what an input, a `let`, a section, an item, an
//! indicator, a keyword or a function under the cursor is.

use super::document::View;
use super::index::{Definition, Kind, User};
use super::keywords;
use super::tokens::{token_at, Token};
use super::tree;
use crate::base::i18n::Lang;
use crate::base::span::Span;
use crate::lower::ast::{self, InputType, Literal, SectionKind};
use crate::syntax::Rule;

/// A hover: the Markdown text and the span it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    /// What the text is about (the name, id or keyword under the cursor).
    pub span: Span,
    /// The text, in Markdown, in the thread's language.
    pub markdown: String,
}

/// The hover at byte `offset`: a name or id, else a keyword or function, else the item or
/// section whose line it is on.
pub fn hover(view: &View<'_>, offset: usize) -> Option<Hover> {
    let index = &view.analysis.index;
    if let Some((at, span)) = index.at(offset) {
        let definition = index.get(at)?;
        let markdown = match definition.kind {
            Kind::Input => input(view, definition)?,
            Kind::Let => let_step(view, definition),
            Kind::Section => section(&tree::section_with_id(&view.analysis.tree, &definition.span)?),
            Kind::Item => super::reach_text::item(view, &tree::item_with_id(&view.analysis.tree, &definition.span)?),
            Kind::Indicator => indicator(view, definition)?,
        };
        return Some(Hover { span, markdown });
    }
    if let Some(token) = token_at(view.text, offset) {
        return Some(Hover { markdown: keyword(&token), span: token.span });
    }
    let tree = &view.analysis.tree;
    if let Some(item) = tree::item_at(tree, offset).filter(|item| item.span.contains(&offset)) {
        let found = tree::item_with_id(tree, &item.id.span)?;
        return Some(Hover { span: item.span.clone(), markdown: super::reach_text::item(view, &found) });
    }
    let found = tree::section_line_at(tree, offset).and_then(|s| tree::section_with_id(tree, &s.id.span))?;
    Some(Hover { span: found.node.span.clone(), markdown: section(&found) })
}

/// An input type as a clerk says it: `count`, `amount in 万元` (计数, 金额（万元）).
pub fn type_name(ty: InputType) -> String {
    match ty {
        InputType::Count => crate::tr!("count (a whole number, 0 or more)", "计数（不小于 0 的整数）"),
        InputType::Amount(unit) => {
            let unit = unit.as_str();
            crate::tr!("amount in {unit}", "金额（{unit}）")
        }
        InputType::Rate => crate::tr!("rate (0 to 1, 95% is 0.95)", "比率（0 到 1 之间，95% 即 0.95）"),
        InputType::Bool => crate::tr!("yes/no", "是否"),
        InputType::Text => crate::tr!("text", "文本"),
        InputType::Number => crate::tr!("number", "数值"),
    }
}

/// `input 名称 · type`, its description, options and what uses it.
fn input(view: &View<'_>, definition: &Definition) -> Option<String> {
    let decl = view.analysis.tree.inputs.iter().find(|i| i.name.span == definition.span).or_else(|| {
        view.analysis.tree.inputs.iter().find(|i| i.name.node == definition.name)
    })?;
    let (name, ty) = (&decl.name.node, type_name(decl.ty.node));
    let mut out = crate::tr!("**input `{name}`** · {ty}", "**输入项 `{name}`** · {ty}");
    if let Some(description) = &decl.description {
        out.push_str(&format!("\n\n{}", description.node));
    }
    let mut options = Vec::new();
    if decl.optional && decl.default.is_none() {
        options.push(crate::tr!("optional", "可以不填"));
    }
    if let Some(default) = &decl.default {
        let value = match &default.node {
            Literal::Number(n) => n.normalize().to_string(),
            Literal::Bool(true) => crate::tr!("yes", "是"),
            Literal::Bool(false) => crate::tr!("no", "否"),
            Literal::Text(t) => format!("\"{t}\""),
        };
        options.push(crate::tr!("default {value}", "默认 {value}"));
    }
    if let Some(range) = &decl.range {
        let end = |v: Option<rust_decimal::Decimal>| v.map_or(String::new(), |v| v.normalize().to_string());
        let (low, high) = (end(range.node.0), end(range.node.1));
        options.push(crate::tr!("range {low}..{high}", "范围 {low}..{high}"));
    }
    if !options.is_empty() {
        out.push_str(&format!("\n\n{}", options.join(" · ")));
    }
    out.push_str("\n\n");
    out.push_str(&users(view, definition));
    Some(out)
}

/// "Used by item 1 “专题研究”, item 3 …; the require on line 12".
fn users(view: &View<'_>, definition: &Definition) -> String {
    let index = &view.analysis.index;
    let mut names: Vec<String> = Vec::new();
    for user in definition.uses.iter().map(|u| u.user) {
        let name = match user {
            User::Item(at) => {
                let Some(item) = index.get(at) else { continue };
                let title = tree::item_with_id(&view.analysis.tree, &item.span).map_or(String::new(), |f| f.node.name.node.clone());
                crate::tr!("item {} “{}”", "指标 {}「{}」", item.name, title)
            }
            User::Require(n) => {
                let line = view.analysis.tree.requires.get(n).map_or(0, |r| view.line_number(r.span.start));
                crate::tr!("the `require` on line {line}", "第 {line} 行的要求")
            }
            User::Indicator(at) => {
                let Some(indicator) = index.get(at) else { continue };
                crate::tr!("indicator `{}`", "分析指标 `{}`", indicator.name)
            }
            User::Check(n) => {
                let Some(check) = view.analysis.tree.checks.get(n) else { continue };
                crate::tr!("check “{}”", "审核「{}」", check.name.node)
            }
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    if names.is_empty() {
        return crate::tr!("No rule uses it.", "没有规则用到它。");
    }
    const SHOWN: usize = 12;
    let more = names.len().saturating_sub(SHOWN);
    names.truncate(SHOWN);
    let list = names.join(&crate::tr!(", ", "、"));
    match more {
        0 => crate::tr!("Used by {list}.", "用到它的：{list}。"),
        _ => crate::tr!("Used by {list} and {more} more.", "用到它的：{list}，另有 {more} 处。"),
    }
}

/// A `let`: its statement and its item.
fn let_step(view: &View<'_>, definition: &Definition) -> String {
    let (_, statement) = super::tokens::statement_line(view.text, definition.span.start);
    let name = &definition.name;
    let item = definition.owner.and_then(|at| view.analysis.index.get(at)).map_or(String::new(), |d| d.name.clone());
    let head = match definition.uses.len() {
        0 => crate::tr!("**`{name}`**, a step of item {item}, not used", "**`{name}`** 是指标 {item} 计分中的一步，没有用到"),
        1 => crate::tr!("**`{name}`**, a step of item {item}, used once", "**`{name}`** 是指标 {item} 计分中的一步，用到 1 次"),
        uses => crate::tr!(
            "**`{name}`**, a step of item {item}, used {uses} times",
            "**`{name}`** 是指标 {item} 计分中的一步，用到 {uses} 次"
        ),
    };
    format!("{head}\n\n```rubric\n{statement}\n```")
}

/// A section: its weight or cap, its path, and what its children add up to.
fn section(found: &tree::Found<'_, ast::Section>) -> String {
    let section = found.node;
    let (id, name, weight) = (&section.id.node, &section.name.node, section.weight.node.normalize());
    let mut out = match section.kind {
        SectionKind::Normal => crate::tr!("**section {id} “{name}”** · weight {weight}", "**部分 {id}「{name}」** · {weight} 分"),
        SectionKind::Bonus => crate::tr!("**bonus {id} “{name}”** · at most {weight}", "**加分项 {id}「{name}」** · 最多 {weight} 分"),
        SectionKind::Deduction => {
            crate::tr!("**deduction {id} “{name}”** · at most {weight}", "**减分项 {id}「{name}」** · 最多 {weight} 分")
        }
    };
    if !found.path.is_empty() {
        let path: Vec<String> = found.path.iter().map(|s| s.name.node.clone()).collect();
        out.push_str(&format!("\n\n{}", path.join(" › ")));
    }
    let mut sum = rust_decimal::Decimal::ZERO;
    let mut parts = Vec::new();
    for child in &section.children {
        let (id, weight) = match child {
            ast::Child::Section(sub) => (sub.id.node.clone(), sub.weight.node),
            ast::Child::Item(item) => (crate::tr!("item {}", "指标 {}", item.id.node), item.weight.node),
        };
        sum = sum.checked_add(weight).unwrap_or(sum);
        parts.push(format!("{id} ({})", weight.normalize()));
    }
    let (sum, parts) = (sum.normalize(), parts.join(" + "));
    let children = match section.kind {
        _ if section.children.is_empty() => crate::tr!("Nothing stands under it yet.", "下面还没有内容。"),
        SectionKind::Normal if sum == weight => crate::tr!("{parts} = {sum}", "{parts} = {sum} 分"),
        SectionKind::Normal => {
            crate::tr!("{parts} = {sum}, not {weight}", "{parts} = {sum} 分，不等于 {weight} 分")
        }
        _ => crate::tr!("{parts}, capped at {weight}", "{parts}，合计不超过 {weight} 分"),
    };
    out.push_str(&format!("\n\n{children}"));
    for line in &section.description {
        out.push_str(&format!("\n\n> {}", line.node));
    }
    out
}

/// An indicator: its display form, formula and description.
fn indicator(view: &View<'_>, definition: &Definition) -> Option<String> {
    let decl = view.analysis.tree.indicators.iter().find(|i| i.name.span == definition.span)?;
    let name = &decl.name.node;
    let mut out = crate::tr!(
        "**indicator `{name}`** · reported, not scored",
        "**分析指标 `{name}`** · 只报告，不计分"
    );
    out.push_str(&format!("\n\n```rubric\n{}\n```", view.slice(&decl.span)));
    for line in &decl.description {
        out.push_str(&format!("\n\n> {}", line.node));
    }
    Some(out)
}

/// A keyword, unit or function: its meaning and its forms in the other language.
fn keyword(token: &Token) -> String {
    let written = &token.text;
    if token.rule == Rule::call {
        let Some(function) = keywords::function(written) else {
            return format!("**`{written}`**");
        };
        let zh: Vec<String> = function.zh.iter().map(|z| format!("`{z}`")).collect();
        let other = if written.is_ascii() {
            crate::tr!("in Chinese: {}", "中文写法：{}", zh.join(&crate::tr!(", ", "、")))
        } else {
            crate::tr!("in English: `{}`", "英文写法：`{}`", function.en)
        };
        return format!("**`{written}`** · {other}\n\n{}", keywords::function_meaning(function.en));
    }
    let Some(keyword) = keywords::keyword(token.rule) else { return format!("**`{written}`**") };
    let other_lang = match keywords::language_of(keyword, written) {
        Some(Lang::En) => Some(Lang::Zh),
        Some(Lang::Zh) => Some(Lang::En),
        None => None,
    };
    let head = match other_lang {
        Some(other) => {
            let forms: Vec<String> = keyword.forms(other).iter().map(|f| format!("`{f}`")).collect();
            let forms = forms.join(&crate::tr!(", ", "、"));
            match other {
                Lang::En => crate::tr!("**`{written}`** · in English: {forms}", "**`{written}`** · 英文写法：{forms}"),
                Lang::Zh => crate::tr!("**`{written}`** · in Chinese: {forms}", "**`{written}`** · 中文写法：{forms}"),
            }
        }
        None => format!("**`{written}`**"),
    };
    format!("{head}\n\n{}", keywords::meaning(token.rule))
}
