//! The hover of an item: its weight, where it stands, the range its rule can
//! reach, and why (the range analysis' reasons, [`crate::check::reach`]).
//!
//! The item is checked on its own, with the rubric's inputs and `require`s,
//! so its range is known while other parts of the file still have errors.

use super::document::View;
use super::tree::Found;
use crate::base::exact::Exact;
use crate::base::span::Spanned;
use crate::check::model::Checked;
use crate::check::{Reach, Reason};
use crate::lower::ast::{self, InputType, NotApplicable, SectionKind};

/// The Markdown hover of an item.
pub fn item(view: &View<'_>, found: &Found<'_, ast::Item>) -> String {
    let item = found.node;
    let (id, name, weight) = (&item.id.node, &item.name.node, item.weight.node.normalize());
    let mut out = crate::tr!("**item {id} “{name}”** · weight {weight}", "**指标 {id}「{name}」** · {weight} 分");
    if !found.path.is_empty() {
        let path: Vec<&str> = found.path.iter().map(|s| s.name.node.as_str()).collect();
        out.push_str(&format!("\n\n{}", path.join(" › ")));
    }
    out.push_str("\n\n");
    match item.rule.as_ref().map(|r| &r.node) {
        None => out.push_str(&crate::tr!("It has no scoring rule yet.", "它还没有计分规则。")),
        Some(ast::Rule::Judged(guidance)) => {
            out.push_str(&crate::tr!(
                "Judged: the evaluator gives 0 to {weight} in the data file's `[judged]` table.",
                "评定：由评审人员在数据文件的 `[judged]` 表中给出 0 至 {weight} 分。"
            ));
            if let Some(guidance) = guidance {
                out.push_str(&format!("\n\n> {}", guidance.node));
            }
        }
        Some(_) => match checked_alone(&view.analysis.tree, item) {
            Some((checked, reach)) => out.push_str(&explain(view, item, &checked, &reach)),
            None => out.push_str(&crate::tr!(
                "Its range is shown once the item and the inputs it reads have no errors.",
                "这个指标及其用到的输入项没有错误以后，才能显示它的得分范围。"
            )),
        },
    }
    for line in &item.description {
        out.push_str(&format!("\n\n> {}", line.node));
    }
    out
}

/// The item checked alone (with every input and `require`), and its reach.
fn checked_alone(tree: &ast::Rubric, item: &ast::Item) -> Option<(Checked, Reach)> {
    let section = ast::Section {
        kind: SectionKind::Normal,
        id: Spanned::new(String::new(), 0..0),
        name: Spanned::new(String::new(), 0..0),
        weight: item.weight.clone(),
        description: Vec::new(),
        children: vec![ast::Child::Item(item.clone())],
        span: item.span.clone(),
    };
    let alone = ast::Rubric {
        header: ast::Header::default(),
        inputs: tree.inputs.clone(),
        requires: tree.requires.clone(),
        sections: vec![section],
        indicators: Vec::new(),
        checks: Vec::new(),
    };
    let (checked, _) = crate::check::check(&alone);
    let checked = checked?;
    let reach = crate::check::reach(&checked, 0)?;
    Some((checked, reach))
}

/// "The rule gives 0 to 2: it can never reach its weight 3. Why: …"
fn explain(view: &View<'_>, item: &ast::Item, checked: &Checked, reach: &Reach) -> String {
    let weight = Exact::from_decimal(item.weight.node);
    let w = item.weight.node.normalize();
    let show = |v: Exact| v.display(4);
    let range = match (reach.low, reach.high) {
        (Some(low), Some(high)) => crate::tr!("**{} to {}**", "**{} 至 {} 分**", show(low), show(high)),
        (Some(low), None) => crate::tr!("**{} or more**, with no upper bound", "**{} 分以上**，没有上限", show(low)),
        (None, Some(high)) => crate::tr!("**at most {}**, with no lower bound", "**最多 {} 分**，没有下限", show(high)),
        (None, None) => crate::tr!("**any value**: it has no bounds", "**任意值**：没有上下限"),
    };
    let verdict = match reach.high {
        None => crate::tr!("the score is capped at its weight {w}", "得分以分值 {w} 分为限"),
        Some(high) if high > weight => {
            crate::tr!("it can pass its weight {w}, and the score is capped at {w}", "可能超过分值 {w} 分，得分以 {w} 分为限")
        }
        Some(high) if high == weight => crate::tr!("it can reach its weight {w}", "能够拿到满分 {w} 分"),
        Some(_) => crate::tr!("it can **never reach its weight {w}**", "**永远拿不到满分 {w} 分**"),
    };
    let below_zero = reach.low.is_none_or(|low| low < Exact::ZERO);
    let floor = if below_zero { crate::tr!(" (below 0 it scores 0)", "（低于 0 时按 0 分计）") } else { String::new() };
    let mut out = crate::tr!("The rule gives {range}: {verdict}{floor}.", "规则可得 {range}：{verdict}{floor}。");
    // The rubric's facts first, then the item's own conditions, then the inputs' declarations.
    let mut reasons: Vec<&Reason> = reach.reasons.iter().collect();
    reasons.sort_by_key(|r| match r {
        Reason::Checklist => 0,
        Reason::Require(_) => 1,
        Reason::NotApplicable(_) => 2,
        Reason::Declared(_) => 3,
    });
    let mut reasons: Vec<String> = reasons.into_iter().filter_map(|r| reason(view, item, checked, *r)).collect();
    if reasons.is_empty() && reach.low.is_some() && reach.high.is_some() {
        reasons.push(crate::tr!(
            "the formula's own `min`, `max` or `at most` keep it in this range",
            "公式自身的 `min`、`max` 或“最多”把得分限定在这个范围内"
        ));
    }
    if !reasons.is_empty() {
        out.push_str(&crate::tr!("\n\nWhy:", "\n\n原因："));
        for reason in reasons {
            out.push_str(&format!("\n- {reason}"));
        }
    }
    out
}

/// One reason, in words.
fn reason(view: &View<'_>, item: &ast::Item, checked: &Checked, reason: Reason) -> Option<String> {
    Some(match reason {
        Reason::Checklist => {
            let Some(ast::Rule::Checklist(entries)) = item.rule.as_ref().map(|r| &r.node) else { return None };
            let points: Vec<String> = entries.iter().map(|e| e.points.node.normalize().to_string()).collect();
            let points = points.join(" + ");
            crate::tr!("a checklist gives at most its entries' points added up: {points}", "清单最多得到各条目分数之和：{points}")
        }
        Reason::Declared(slot) => {
            let name = &checked.inputs.get(slot)?.name;
            let declared = view.analysis.tree.inputs.get(slot).filter(|d| d.name.node == *name)?;
            match (&declared.range, declared.ty.node) {
                (Some(range), _) => {
                    let end = |v: Option<rust_decimal::Decimal>| v.map_or(String::new(), |v| v.normalize().to_string());
                    let (low, high) = (end(range.node.0), end(range.node.1));
                    crate::tr!("`{name}` is declared with `range {low}..{high}`", "`{name}` 声明的范围是 `{low}..{high}`")
                }
                (None, InputType::Count) => crate::tr!("`{name}` is a count: 0 or more", "`{name}` 是计数，不小于 0"),
                (None, InputType::Rate) => crate::tr!("`{name}` is a rate: 0 to 1", "`{name}` 是比率，在 0 到 1 之间"),
                (None, _) => return None,
            }
        }
        Reason::Require(index) => {
            let require = view.analysis.tree.requires.get(index)?;
            let statement = view.slice(&(require.span.start..require.condition.span.end));
            let line = view.line_number(require.span.start);
            crate::tr!("`{statement}` (line {line})", "`{statement}`（第 {line} 行）")
        }
        Reason::NotApplicable(index) => {
            let clause = item
                .not_applicable
                .iter()
                .filter_map(|n| match n {
                    NotApplicable::If(condition) => Some(condition),
                    NotApplicable::Claimable { .. } => None,
                })
                .nth(index)?;
            let (condition, line) = (view.slice(&clause.condition.span), view.line_number(clause.span.start));
            crate::tr!(
                "the rule is used only when `{condition}` is no (it is a 缺省项 otherwise, line {line})",
                "只有 `{condition}` 不成立时才按规则计分（否则是缺省项，第 {line} 行）"
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use crate::base::i18n::{with_lang, Lang};
    use crate::lsp::document::Document;

    fn hover_on(text: &str, needle: &str, lang: Lang) -> String {
        let mut document = Document::new(text);
        let view = document.view();
        let at = text.find(needle).unwrap();
        with_lang(lang, || crate::lsp::hover::hover(&view, at).unwrap().markdown)
    }

    const TEXT: &str = "rubric \"t\" max 3\ninput a: count\ninput b: count\ninput w: count\nrequire a + b <= w\n\
section 一 \"一\" 3\n  item 13 \"细化\" 3\n    not-applicable if w = 0: \"无\"\n    score (2 × a + b) / w\n";

    #[test]
    fn an_item_that_cannot_reach_its_weight_says_so_and_why() {
        let en = hover_on(TEXT, "13", Lang::En);
        assert!(en.contains("The rule gives **0 to 2**: it can **never reach its weight 3**."), "{en}");
        assert!(en.contains("- `require a + b <= w` (line 5)"), "{en}");
        let zh = hover_on(TEXT, "13", Lang::Zh);
        assert!(zh.contains("规则可得 **0 至 2 分**：**永远拿不到满分 3 分**。"), "{zh}");
    }

    #[test]
    fn the_range_is_known_while_another_item_has_errors() {
        let broken = format!("{TEXT}  item 14 \"坏\" 0\n    score 未定义\n");
        let en = hover_on(&broken, "13", Lang::En);
        assert!(en.contains("**0 to 2**"), "{en}");
        let other = hover_on(&broken, "14", Lang::En);
        assert!(other.contains("Its range is shown once"), "{other}");
    }
}
