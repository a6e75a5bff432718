//! The unit's scores: judged items, claimed 缺省项, and its own
//! self-assessment (items, sections, total, grade).

use rust_decimal::Decimal;

use super::{did_you_mean, error, id_list, is_blank, is_unreadable, kind_name, Binder};
use crate::base::diagnostic::Code;
use crate::base::span::Span;
use crate::base::suggest::closest;
use crate::data::{self, Entry, Node, NodeKind, Suffix};
use crate::tr;

impl Binder<'_>{
    pub(super) fn item_table(&mut self, entry: &Entry, each: fn(&mut Self, usize, &Entry)) {
        let what = format!("[{}]", entry.key);
        let Some(entries) = self.table(&entry.value, &what) else { return };
        for e in entries.iter().filter(|e| !is_blank(&e.value)) {
            match self.item_index(&e.key, &e.key_span) {
                Some(index) => each(self, index, e),
                None => continue,
            }
        }
    }

    fn item_index(&mut self, id: &str, span: &Span) -> Option<usize> {
        let index = self.item_position(id);
        if index.is_none() {
            let mut d = error(Code::UnknownItem, span, tr!("the rubric has no item `{id}`", "评分表中没有指标 `{id}`"))
                .label(tr!("unknown item", "未知指标"));
            let in_full = self.shown_in_full(Code::UnknownItem);
            if let Some(best) = in_full.then(|| closest(id, self.rubric.items.iter().map(|i| i.id.as_str()))).flatten() {
                d = d.help(did_you_mean(best));
            }
            self.diagnostics.push(d);
        }
        index
    }

    fn score(&mut self, node: &Node, what: &str) -> Option<Decimal> {
        match &node.kind {
            NodeKind::Number(raw) => match data::parse_number(raw) {
                Ok(v) => Some(v),
                Err(_) => {
                    self.diagnostics.push(
                        error(
                            Code::Reported,
                            &node.span,
                            tr!("{what} = {raw} is not a usable number", "{what} = {raw} 不是可用的数值"),
                        )
                        .label(tr!("not usable", "不可用")),
                    );
                    None
                }
            },
            NodeKind::String(text) => match data::read_written(text) {
                Ok(written) if matches!(written.suffix, Suffix::None | Suffix::Fen) => Some(written.number),
                Ok(written) => {
                    let (shown, digits) = (text.trim(), &written.digits);
                    self.diagnostics.push(
                        error(
                            Code::Reported,
                            &node.span,
                            tr!("{what} = \"{shown}\" is not a number of points", "{what} = \"{shown}\" 不是分数"),
                        )
                        .label(tr!("not points", "不是分数"))
                        .help(tr!("write the points alone: {digits}", "请只填写分数：{digits}")),
                    );
                    None
                }
                Err(_) => {
                    let shown = text.trim();
                    self.diagnostics.push(
                        error(Code::WrongType, &node.span, tr!("{what} = \"{shown}\" is not a number", "{what} = \"{shown}\" 不是数值"))
                            .label(tr!("not a number", "不是数值"))
                            .help(tr!("write the score as a number, e.g. 2.5", "得分应填数值，例如 2.5")),
                    );
                    None
                }
            },
            _ => {
                let kind = kind_name(node);
                self.diagnostics.push(
                    error(
                        Code::WrongType,
                        &node.span,
                        tr!("{what} must be a number, not {kind}", "{what} 应为数值，而不是{kind}"),
                    )
                    .label(tr!("not a number", "不是数值"))
                    .help(tr!("write the score as a number, e.g. 2.5", "得分应填数值，例如 2.5")),
                );
                None
            }
        }
    }

    /// A reported figure must lie between 0 and the weight it is reported against.
    fn within(&mut self, value: Decimal, weight: Decimal, node: &Node, what: &str) -> Option<Decimal> {
        if value >= Decimal::ZERO && value <= weight {
            return Some(value);
        }
        let (value, weight) = (value.normalize(), weight.normalize());
        self.diagnostics.push(
            error(
                Code::Reported,
                &node.span,
                tr!("{what} is {value}, outside 0 to {weight}", "{what} 为 {value}，超出 0 至 {weight} 的范围"),
            )
            .label(tr!("must be from 0 to {weight}", "应在 0 至 {weight} 之间"))
            .help(tr!(
                "a score lies between 0 and its weight; check the figure against the table",
                "得分应在 0 与其分值之间；请对照评分表核对这个数"
            )),
        );
        None
    }

    pub(super) fn judged(&mut self, index: usize, entry: &Entry) {
        let Some(item) = self.rubric.items.get(index) else { return };
        if is_unreadable(&entry.value) {
            self.data.invalid_judged.push(index);
            return;
        }
        if !matches!(item.rule, crate::check::model::Rule::Judged(_)) {
            let id = &item.id;
            self.diagnostics.push(
                error(
                    Code::Judged,
                    &entry.key_span,
                    tr!("item {id} is scored by its rule, not judged", "指标 {id} 按计分规则计分，不是评定项"),
                )
                .label(tr!("not a judged item", "不是评定项"))
                .help(tr!(
                    "give the facts in [inputs]; the unit's own score goes in [reported.items]",
                    "请在 [inputs] 中填写基础数据；单位自评分填在 [reported.items] 中"
                )),
            );
            return;
        }
        let weight = item.weight;
        let id = item.id.clone();
        let Some(score) = self.score(&entry.value, &tr!("the judged score of item {id}", "指标 {id} 的评定分"))
        else {
            self.data.invalid_judged.push(index);
            return;
        };
        if score < Decimal::ZERO || score > weight {
            let (score, weight) = (score.normalize(), weight.normalize());
            self.diagnostics.push(
                error(
                    Code::Judged,
                    &entry.value.span,
                    tr!(
                        "the judged score of item {id} is {score}, outside 0 to {weight}",
                        "指标 {id} 的评定分为 {score}，超出 0 至 {weight} 的范围"
                    ),
                )
                .label(tr!("must be from 0 to {weight}", "应在 0 至 {weight} 之间"))
                .help(tr!("a judged score lies between 0 and the item's weight", "评定分应在 0 与该指标分值之间")),
            );
            self.data.invalid_judged.push(index);
            return;
        }
        if let Some(slot) = self.data.judged.get_mut(index) {
            *slot = Some((score, entry.value.span.clone()));
        }
    }

    pub(super) fn claim(&mut self, index: usize, entry: &Entry) {
        let Some(item) = self.rubric.items.get(index) else { return };
        if is_unreadable(&entry.value) {
            return;
        }
        if !item.claimable {
            let allowed: Vec<&str> = self.rubric.items.iter().filter(|i| i.claimable).map(|i| i.id.as_str()).collect();
            let id = &item.id;
            self.diagnostics.push(
                error(
                    Code::NotApplicable,
                    &entry.key_span,
                    tr!("item {id} cannot be a 缺省项 under this rubric", "按本评分表，指标 {id} 不能作为缺省项"),
                )
                .label(tr!("no 缺省项 allowed here", "此处不允许缺省项"))
                .help(if allowed.is_empty() {
                    tr!("this rubric allows no 缺省项", "本评分表不允许缺省项")
                } else {
                    let list = id_list(&allowed);
                    let which = if allowed.len() == 1 { "item" } else { "items" };
                    tr!("the rubric allows 缺省项 for {which} {list}", "本评分表允许作为缺省项的指标：{list}")
                }),
            );
            return;
        }
        let reason = match &entry.value.kind {
            NodeKind::String(s) if !s.trim().is_empty() => s.clone(),
            _ => {
                let id = &item.id;
                self.diagnostics.push(
                    error(
                        Code::NotApplicable,
                        &entry.value.span,
                        tr!("the 缺省项 claim for item {id} needs a reason", "指标 {id} 的缺省项申报需要填写理由"),
                    )
                    .label(tr!("no reason given", "未填写理由"))
                    .help(tr!("write the reason as text: \"无下属单位\"", "以文本填写理由：\"无下属单位\"")),
                );
                return;
            }
        };
        if let Some(slot) = self.data.claims.get_mut(index) {
            *slot = Some((reason, entry.value.span.clone()));
        }
    }

    pub(super) fn reported(&mut self, entry: &Entry) {
        let Some(fields) = self.table(&entry.value, "[reported]") else { return };
        for field in fields.iter().filter(|f| !is_blank(&f.value) && !is_unreadable(&f.value)) {
            match field.key.as_str() {
                "total" => {
                    self.data.reported.total = self
                        .score(&field.value, &tr!("the reported total", "自评总分"))
                        .map(|v| (v, field.value.span.clone()))
                }
                "grade" => match &field.value.kind {
                    NodeKind::String(s) => self.data.reported.grade = Some((s.clone(), field.value.span.clone())),
                    _ => self.diagnostics.push(
                        error(
                            Code::WrongType,
                            &field.value.span,
                            tr!("the reported grade must be text", "自评等级应为文本"),
                        )
                        .label(kind_name(&field.value)),
                    ),
                },
                "items" => {
                    let Some(items) = self.table(&field.value, "[reported.items]") else { continue };
                    for e in items.iter().filter(|e| !is_blank(&e.value)) {
                        if let Some(index) = self.item_index(&e.key, &e.key_span) {
                            if is_unreadable(&e.value) {
                                self.data.invalid_reported.push(index);
                                continue;
                            }
                            let weight = self.rubric.items.get(index).map_or(Decimal::ZERO, |i| i.weight);
                            let key = &e.key;
                            let what = tr!("the reported score of item {key}", "指标 {key} 的自评分");
                            let value =
                                self.score(&e.value, &what).and_then(|v| self.within(v, weight, &e.value, &what));
                            match (value, self.data.reported.items.get_mut(index)) {
                                (Some(v), Some(slot)) => *slot = Some((v, e.value.span.clone())),
                                (None, _) => self.data.invalid_reported.push(index),
                                _ => {}
                            }
                        }
                    }
                }
                "sections" => {
                    let Some(sections) = self.table(&field.value, "[reported.sections]") else { continue };
                    for e in sections.iter().filter(|e| !is_blank(&e.value) && !is_unreadable(&e.value)) {
                        let Some(index) = self.rubric.sections.iter().position(|s| s.id == e.key) else {
                            let key = &e.key;
                            let mut d = error(
                                Code::UnknownItem,
                                &e.key_span,
                                tr!("the rubric has no section `{key}`", "评分表中没有部分 `{key}`"),
                            )
                            .label(tr!("unknown section", "未知部分"));
                            if let Some(best) = closest(&e.key, self.rubric.sections.iter().map(|s| s.id.as_str())) {
                                d = d.help(did_you_mean(best));
                            }
                            self.diagnostics.push(d);
                            continue;
                        };
                        let weight = self.rubric.sections.get(index).map_or(Decimal::ZERO, |s| s.weight);
                        let key = &e.key;
                        let what = tr!("the reported subtotal of section {key}", "部分 {key} 的自评小计");
                        let value = self.score(&e.value, &what).and_then(|v| self.within(v, weight, &e.value, &what));
                        if let (Some(v), Some(slot)) = (value, self.data.reported.sections.get_mut(index)) {
                            *slot = Some((v, e.value.span.clone()));
                        }
                    }
                }
                other => {
                    let mut d = error(
                        Code::UnknownTable,
                        &field.key_span,
                        tr!("[reported] has no `{other}`", "[reported] 中没有 `{other}`"),
                    )
                    .label(tr!("unknown field", "未知字段"));
                    d = match closest(other, ["total", "grade", "items", "sections"].into_iter()) {
                        Some(best) => d.help(did_you_mean(best)),
                        None => d.help(tr!(
                            "[reported] holds total, grade, items.<id> and sections.<id>",
                            "[reported] 包含 total、grade、items.<id> 和 sections.<id>"
                        )),
                    };
                    self.diagnostics.push(d);
                }
            }
        }
    }

}

/// What the binder warns about in who the data is for: no name (nor project),
/// and the data's year with the rubric's when they differ. Nothing to warn
/// about: `(false, None)`.
pub(crate) fn who_and_when_of(rubric: &crate::check::model::Checked, unit: &super::UnitInfo) -> (bool, Option<(u32, u32)>) {
    let nameless = unit.name.is_none() && unit.project.is_none();
    let years = match (rubric.year, unit.year.as_deref()) {
        (Some(expected), Some(written)) => {
            written.trim().trim_end_matches('年').trim().parse::<u32>().ok().filter(|y| *y != expected).map(|y| (y, expected))
        }
        _ => None,
    };
    (nameless, years)
}

impl Binder<'_> {
    /// Warns when the data names no unit, or is for another year than the rubric.
    pub(super) fn who_and_when(&mut self) {
        let (nameless, years) = who_and_when_of(self.rubric, &self.data.unit);
        if nameless {
            let span = self.unit_span.clone().unwrap_or(0..0);
            let label = match self.unit_span {
                Some(_) => tr!("no `name` under [unit]", "[unit] 下没有 `name`"),
                None => tr!("no [unit] table in the file", "文件中没有 [unit] 表"),
            };
            self.diagnostics.push(
                crate::base::diagnostic::Diagnostic::warning(
                    Code::NoName,
                    span,
                    tr!("the data file does not say which unit it is for", "数据文件没有写明是哪个单位的"),
                )
                .in_data()
                .label(label)
                .help(tr!(
                    "write the unit's full name under [unit]: `name = \"乐至县某某镇人民政府\"`; it names the unit in every report",
                    "请在 [unit] 下填写单位全称：`name = \"乐至县某某镇人民政府\"`；各种报表都用它称呼这个单位"
                )),
            );
        }
        let Some((year, expected)) = years else { return };
        let span = self.year_span.clone().or_else(|| self.unit_span.clone()).unwrap_or(0..0);
        self.diagnostics.push(
            crate::base::diagnostic::Diagnostic::warning(
                Code::WrongYear,
                span,
                tr!(
                    "the data is for {year}, the rubric for {expected}",
                    "数据是 {year} 年度的，评分表是 {expected} 年度的"
                ),
            )
            .in_data()
            .label(tr!("{year}, not {expected}", "是 {year}，不是 {expected}"))
            .help(tr!(
                "check that the file and the rubric are for the same year: correct `year` if it is a slip, \
                 or score the file with the {year} rubric",
                "请核对数据文件和评分表是否为同一年度：如果是笔误，请改正 `year`；否则请用 {year} 年度的评分表计分"
            )),
        );
    }
}
