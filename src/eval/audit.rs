//! The audit: the unit's reported figures against the computed ones, and
//! against each other. Every disagreement is a [`Finding`] with both figures.

use rust_decimal::Decimal;

use crate::check::model::{Checked, NodeRef};
use crate::data::bind::UnitData;
use crate::eval::report::{id_and_name, show, Finding, Report, Status};
use crate::tr;

/// The computed figures the audit holds the unit's own against: a report's,
/// or the compiled scorer's for a unit summed up without one.
pub(crate) trait Computed {
    /// Item `index`'s score and how it came about.
    fn item(&self, index: usize) -> (Option<Decimal>, Status);
    /// Section `index`'s score.
    fn section(&self, index: usize) -> Option<Decimal>;
    /// The total.
    fn total(&self) -> Option<Decimal>;
    /// The grade.
    fn grade(&self) -> Option<&str>;
    /// Whether a disqualification rule fired.
    fn disqualified(&self) -> bool;
}

impl Computed for Report {
    fn item(&self, index: usize) -> (Option<Decimal>, Status) {
        self.items.get(index).map_or((None, Status::Error), |i| (i.score, i.status))
    }
    fn section(&self, index: usize) -> Option<Decimal> {
        self.sections.get(index).and_then(|s| s.score)
    }
    fn total(&self) -> Option<Decimal> {
        self.total
    }
    fn grade(&self) -> Option<&str> {
        self.grade.as_deref()
    }
    fn disqualified(&self) -> bool {
        self.disqualified
    }
}

/// Compares the reported figures of `data` with the computed ones;
/// `contradicted` gives, by item index, a 缺省项 claim the facts contradict.
pub(crate) fn audit(
    rubric: &Checked,
    data: &UnitData,
    computed: &dyn Computed,
    contradicted: &dyn Fn(usize) -> Option<String>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (index, item) in rubric.items.iter().enumerate() {
        // The item by its id and name (`C4 资金到位率`), made only for a finding.
        let named = || id_and_name(&item.id, &item.name);
        let (score, status) = computed.item(index);
        if let Some(claim) = contradicted(index) {
            let id = &named();
            findings.push(Finding {
                kind: "not_applicable",
                target: item.id.clone(),
                name: Some(item.name.clone()),
                reported: Some(claim.clone()),
                computed: score.map(show),
                message: tr!(
                    "item {id} is claimed as a 缺省项 ({claim}), but the data shows it applies; it is scored by its rule",
                    "指标 {id} 被申报为缺省项（{claim}），但数据表明该指标适用；按计分规则计分"
                ),
            });
        }
        let reported = data.reported.items.get(index).cloned().flatten().map(|(v, _)| v);
        let (Some(reported), Some(score)) = (reported, score) else { continue };
        if status == Status::Unverified {
            if reported > item.weight {
                let id = &named();
                let (reported, max) = (show(reported), show(item.weight));
                findings.push(Finding {
                    kind: "item",
                    target: item.id.clone(),
                    name: Some(item.name.clone()),
                    message: tr!(
                        "item {id} is reported as {reported}, above its weight {max}",
                        "指标 {id} 的自评分为 {reported}，超过其分值 {max}"
                    ),
                    reported: Some(reported),
                    computed: Some(max),
                });
            }
            continue;
        }
        if reported != score {
            let id = &named();
            let (reported, score) = (show(reported), show(score));
            let why = match status {
                Status::NotApplicable => {
                    tr!(" (a 缺省项 scores {score} under this rubric)", "（按本评分表，缺省项得 {score} 分）")
                }
                _ => String::new(),
            };
            findings.push(Finding {
                kind: "item",
                target: item.id.clone(),
                name: Some(item.name.clone()),
                message: tr!(
                    "item {id}: reported {reported}, the rule gives {score}{why}",
                    "指标 {id}：自评 {reported}，按规则应得 {score}{why}"
                ),
                reported: Some(reported),
                computed: Some(score),
            });
        }
    }
    for (index, section) in rubric.sections.iter().enumerate() {
        let reported = data.reported.sections.get(index).cloned().flatten().map(|(v, _)| v);
        if let (Some(reported), Some(score)) = (reported, computed.section(index)) {
            if reported != score {
                let id = &id_and_name(&section.id, &section.name);
                let (reported, score) = (show(reported), show(score));
                findings.push(Finding {
                    kind: "section",
                    target: section.id.clone(),
                    name: Some(section.name.clone()),
                    message: tr!(
                        "section {id}: reported {reported}, the items give {score}",
                        "部分 {id}：自评 {reported}，各指标合计 {score}"
                    ),
                    reported: Some(reported),
                    computed: Some(score),
                });
            }
        }
    }
    // The reported figures against each other.
    for (index, section) in rubric.sections.iter().enumerate() {
        let Some((reported, _)) = data.reported.sections.get(index).cloned().flatten() else { continue };
        if let Some(sum) = reported_sum(rubric, data, index, false) {
            if sum != reported {
                let id = &id_and_name(&section.id, &section.name);
                let (reported, sum) = (show(reported), show(sum));
                findings.push(Finding {
                    kind: "reported_sum",
                    target: section.id.clone(),
                    name: Some(section.name.clone()),
                    message: tr!(
                        "section {id}: the reported subtotal {reported} is not the sum of its reported parts, {sum}",
                        "部分 {id}：自评小计 {reported} 不等于其各项自评分之和 {sum}"
                    ),
                    reported: Some(reported),
                    computed: Some(sum),
                });
            }
        }
    }
    if let Some((reported_total, _)) = &data.reported.total {
        if let Some(total) = computed.total() {
            if *reported_total != total {
                let (reported, total) = (show(*reported_total), show(total));
                findings.push(Finding {
                    kind: "total",
                    target: "total".to_string(),
                    name: None,
                    message: tr!(
                        "total: reported {reported}, computed {total}",
                        "总分：自评 {reported}，计算得 {total}"
                    ),
                    reported: Some(reported),
                    computed: Some(total),
                });
            }
        }
        if let Some(sum) = reported_total_sum(rubric, data) {
            if sum != *reported_total {
                let (reported, sum) = (show(*reported_total), show(sum));
                findings.push(Finding {
                    kind: "reported_total",
                    target: "total".to_string(),
                    name: None,
                    message: tr!(
                        "the reported total {reported} is not the sum of its reported parts, {sum}",
                        "自评总分 {reported} 不等于各部分自评分之和 {sum}"
                    ),
                    reported: Some(reported),
                    computed: Some(sum),
                });
            }
        }
    }
    if let Some((reported_grade, _)) = &data.reported.grade {
        if let Some(grade) = computed.grade() {
            if reported_grade != grade {
                findings.push(Finding {
                    kind: "grade",
                    target: "grade".to_string(),
                name: None,
                    reported: Some(reported_grade.clone()),
                    computed: Some(grade.to_string()),
                    message: tr!(
                        "grade: reported {reported_grade}, computed {grade}",
                        "等级：自评 {reported_grade}，计算得 {grade}"
                    ),
                });
            }
        }
        if computed.disqualified() {
            findings.push(Finding {
                kind: "grade",
                target: "grade".to_string(),
                name: None,
                reported: Some(reported_grade.clone()),
                computed: None,
                message: tr!(
                    "grade: reported {reported_grade}, but the unit is disqualified and gets no grade",
                    "等级：自评 {reported_grade}，但该单位已被取消考核评比资格，不评定等级"
                ),
            });
        }
        if let Some((total, _)) = &data.reported.total {
            let implied = rubric.grades.iter().find(|g| g.contains(*total)).map(|g| g.name.clone());
            if let Some(implied) = implied.filter(|g| g != reported_grade) {
                findings.push(Finding {
                    kind: "reported_grade",
                    target: "grade".to_string(),
                name: None,
                    reported: Some(reported_grade.clone()),
                    computed: Some(implied.clone()),
                    message: {
                        let total = show(*total);
                        tr!(
                            "the reported grade {reported_grade} does not match the reported total {total} (that is {implied} under this rubric)",
                            "自评等级 {reported_grade} 与自评总分 {total} 不符（按本评分表应为 {implied}）"
                        )
                    },
                });
            }
        }
    }
    findings
}

/// The sum of a section's reported parts: a child section's reported subtotal
/// where given, else its own reported sum; `None` if a part is not reported.
fn reported_sum(rubric: &Checked, data: &UnitData, index: usize, use_own: bool) -> Option<Decimal> {
    let section = rubric.sections.get(index)?;
    if use_own {
        if let Some((v, _)) = data.reported.sections.get(index).cloned().flatten() {
            return Some(v);
        }
    }
    let mut sum = Decimal::ZERO;
    for child in &section.children {
        let part = match child {
            NodeRef::Item(i) => data.reported.items.get(*i).cloned().flatten().map(|(v, _)| v)?,
            NodeRef::Section(s) => reported_sum(rubric, data, *s, true)?,
        };
        sum = sum.checked_add(part)?;
    }
    Some(sum)
}

/// Σ reported top-level sections + bonus − deduction, if all are known.
fn reported_total_sum(rubric: &Checked, data: &UnitData) -> Option<Decimal> {
    let mut total = Decimal::ZERO;
    for root in &rubric.roots {
        let section = rubric.sections.get(*root)?;
        let value = reported_sum(rubric, data, *root, true)?;
        let value = match section.kind {
            crate::lower::ast::SectionKind::Normal => value,
            crate::lower::ast::SectionKind::Bonus => value.min(section.weight),
            crate::lower::ast::SectionKind::Deduction => -value.min(section.weight),
        };
        total = total.checked_add(value)?;
    }
    Some(total.max(rubric.floor))
}

