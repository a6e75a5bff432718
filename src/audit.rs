//! The audit: the unit's reported figures against the computed ones, and
//! against each other. Every disagreement is a [`Finding`] with both figures.

use rust_decimal::Decimal;

use crate::bind::UnitData;
use crate::model::{Checked, NodeRef};
use crate::report::{show, Finding, Report, Status};

/// Compares the reported figures of `data` with `report`.
pub fn audit(rubric: &Checked, data: &UnitData, report: &Report, contradicted: &[Option<String>]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (index, item) in report.items.iter().enumerate() {
        if let Some(Some(claim)) = contradicted.get(index) {
            findings.push(Finding {
                kind: "not_applicable",
                target: item.id.clone(),
                reported: Some(claim.clone()),
                computed: item.score.map(show),
                message: format!(
                    "item {} is claimed as a 缺省项 ({claim}), but the data shows it applies; it is scored by its rule",
                    item.id
                ),
            });
        }
        let (Some(reported), Some(score)) = (item.reported, item.score) else { continue };
        if item.status == Status::Unverified {
            if reported > item.max {
                findings.push(Finding {
                    kind: "item",
                    target: item.id.clone(),
                    reported: Some(show(reported)),
                    computed: Some(show(item.max)),
                    message: format!(
                        "item {} is reported as {}, above its weight {}",
                        item.id,
                        show(reported),
                        show(item.max)
                    ),
                });
            }
            continue;
        }
        if reported != score {
            let why = match item.status {
                Status::NotApplicable => format!(" (a 缺省项 scores {} under this rubric)", show(score)),
                _ => String::new(),
            };
            findings.push(Finding {
                kind: "item",
                target: item.id.clone(),
                reported: Some(show(reported)),
                computed: Some(show(score)),
                message: format!("item {}: reported {}, the rule gives {}{why}", item.id, show(reported), show(score)),
            });
        }
    }
    for section in &report.sections {
        if let (Some(reported), Some(score)) = (section.reported, section.score) {
            if reported != score {
                findings.push(Finding {
                    kind: "section",
                    target: section.id.clone(),
                    reported: Some(show(reported)),
                    computed: Some(show(score)),
                    message: format!(
                        "section {}: reported {}, the items give {}",
                        section.id,
                        show(reported),
                        show(score)
                    ),
                });
            }
        }
    }
    // The reported figures against each other.
    for (index, section) in rubric.sections.iter().enumerate() {
        let Some((reported, _)) = data.reported.sections.get(index).cloned().flatten() else { continue };
        if let Some(sum) = reported_sum(rubric, data, index, false) {
            if sum != reported {
                findings.push(Finding {
                    kind: "reported_sum",
                    target: section.id.clone(),
                    reported: Some(show(reported)),
                    computed: Some(show(sum)),
                    message: format!(
                        "section {}: the reported subtotal {} is not the sum of its reported parts, {}",
                        section.id,
                        show(reported),
                        show(sum)
                    ),
                });
            }
        }
    }
    if let Some((reported_total, _)) = &data.reported.total {
        if let Some(total) = report.total {
            if *reported_total != total {
                findings.push(Finding {
                    kind: "total",
                    target: "total".to_string(),
                    reported: Some(show(*reported_total)),
                    computed: Some(show(total)),
                    message: format!("total: reported {}, computed {}", show(*reported_total), show(total)),
                });
            }
        }
        if let Some(sum) = reported_total_sum(rubric, data) {
            if sum != *reported_total {
                findings.push(Finding {
                    kind: "reported_total",
                    target: "total".to_string(),
                    reported: Some(show(*reported_total)),
                    computed: Some(show(sum)),
                    message: format!(
                        "the reported total {} is not the sum of its reported parts, {}",
                        show(*reported_total),
                        show(sum)
                    ),
                });
            }
        }
    }
    if let Some((reported_grade, _)) = &data.reported.grade {
        if let Some(grade) = &report.grade {
            if reported_grade != grade {
                findings.push(Finding {
                    kind: "grade",
                    target: "grade".to_string(),
                    reported: Some(reported_grade.clone()),
                    computed: Some(grade.clone()),
                    message: format!("grade: reported {reported_grade}, computed {grade}"),
                });
            }
        }
        if report.disqualified {
            findings.push(Finding {
                kind: "grade",
                target: "grade".to_string(),
                reported: Some(reported_grade.clone()),
                computed: None,
                message: format!("grade: reported {reported_grade}, but the unit is disqualified and gets no grade"),
            });
        }
        if let Some((total, _)) = &data.reported.total {
            let implied = rubric.grades.iter().find(|g| g.contains(*total)).map(|g| g.name.clone());
            if let Some(implied) = implied.filter(|g| g != reported_grade) {
                findings.push(Finding {
                    kind: "reported_grade",
                    target: "grade".to_string(),
                    reported: Some(reported_grade.clone()),
                    computed: Some(implied.clone()),
                    message: format!("the reported grade {reported_grade} does not match the reported total {} (that is {implied} under this rubric)", show(*total)),
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
            crate::ast::SectionKind::Normal => value,
            crate::ast::SectionKind::Bonus => value.min(section.weight),
            crate::ast::SectionKind::Deduction => -value.min(section.weight),
        };
        total = total.checked_add(value)?;
    }
    Some(total.max(rubric.floor))
}
