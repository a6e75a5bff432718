//! How far one item's rule can reach, and why: the range analysis of
//! [`range`](super::range) for a single item, with the facts that bound it.
//!
//! The checker only warns when a rule cannot reach its weight or can pass it;
//! an editor shows every item's range, and the reasons for it. A fact is a
//! reason when the range is different without it: an input's declared range,
//! a `require` of the rubric, a `not-applicable if` of the item.

use super::range::{is_numeric, Env, Facts, Interval};
use crate::base::exact::Exact;
use crate::check::model::{Checked, Expr, Input, Item, Rule};

/// The least and greatest score an item's rule can give, and the facts that bound them.
#[derive(Debug, Clone, PartialEq)]
pub struct Reach {
    /// The least value (`None`: no lower bound).
    pub low: Option<Exact>,
    /// The greatest value (`None`: no upper bound).
    pub high: Option<Exact>,
    /// The facts without which the range would be different, in the order they are written.
    pub reasons: Vec<Reason>,
}

/// A fact that bounds a rule's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The rule is a checklist: at most its entries' points added up.
    Checklist,
    /// The declared range of an input the rule reads (its slot in [`Checked::inputs`]):
    /// a count is at least 0, a rate lies in 0..1, or `range a..b`.
    Declared(usize),
    /// A `require` of the rubric (its index in [`Checked::requires`]).
    Require(usize),
    /// A `not-applicable if` of the item (its index in [`Item::not_applicable`]): the rule
    /// runs only when the condition is false.
    NotApplicable(usize),
}

/// The range of item `item`'s rule and its reasons; `None` for a judged item, a rule that is
/// not a number, or one that can never run (its `not-applicable` conditions always hold).
pub fn reach(rubric: &Checked, item: usize) -> Option<Reach> {
    let item = rubric.items.get(item)?;
    let declared = super::range::declared(&rubric.inputs);
    let requires: Vec<&Expr> = rubric.requires.iter().map(|r| &r.condition).collect();
    let full = bounds(&rubric.inputs, item, &declared, &requires, None)?;
    let mut reasons = Vec::new();
    if matches!(item.rule, Rule::Checklist(_)) {
        reasons.push(Reason::Checklist);
        return Some(Reach { low: full.lo, high: full.hi, reasons });
    }
    for &slot in &item.inputs {
        let mut without = declared.clone();
        if let Some(range) = without.get_mut(slot) {
            *range = Interval::FULL;
        }
        if bounds(&rubric.inputs, item, &without, &requires, None) != Some(full) {
            reasons.push(Reason::Declared(slot));
        }
    }
    for index in 0..requires.len() {
        let others: Vec<&Expr> =
            requires.iter().enumerate().filter(|(i, _)| *i != index).map(|(_, condition)| *condition).collect();
        if bounds(&rubric.inputs, item, &declared, &others, None) != Some(full) {
            reasons.push(Reason::Require(index));
        }
    }
    for index in 0..item.not_applicable.len() {
        if bounds(&rubric.inputs, item, &declared, &requires, Some(index)) != Some(full) {
            reasons.push(Reason::NotApplicable(index));
        }
    }
    Some(Reach { low: full.lo, high: full.hi, reasons })
}

/// The rule's interval over inputs declared as `declared`, under `requires`, with every
/// `not-applicable` condition but `skip` known to be false.
fn bounds(inputs: &[Input], item: &Item, declared: &[Interval], requires: &[&Expr], skip: Option<usize>) -> Option<Interval> {
    let facts = Facts::from_requires(requires);
    let mut narrowed = Env::new(declared, inputs, &facts);
    for condition in requires {
        if let Some(refined) = narrowed.refine(condition, true) {
            narrowed = refined;
        }
    }
    let base = narrowed.inputs();
    let mut env = Env::new(&base, inputs, &facts);
    for (index, clause) in item.not_applicable.iter().enumerate() {
        if Some(index) != skip {
            env = env.refine(&clause.condition, false)?;
        }
    }
    for local in &item.lets {
        let interval = env.eval(&local.value);
        env.locals.push(interval);
    }
    match &item.rule {
        Rule::Formula(expr) if is_numeric(expr) => Some(env.eval(expr)),
        Rule::Checklist(entries) => {
            let sum = entries.iter().try_fold(Exact::ZERO, |sum, e| sum.add(Exact::from_decimal(e.points)).ok());
            Some(Interval { lo: Some(Exact::ZERO), hi: sum })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::limits::Limits;

    fn reach_of(text: &str, id: &str) -> Reach {
        let (checked, diagnostics) = crate::check::check_source(text, &Limits::default());
        let checked = checked.unwrap_or_else(|| panic!("{diagnostics:?}"));
        let index = checked.items.iter().position(|i| i.id == id).unwrap();
        reach(&checked, index).unwrap()
    }

    const HEAD: &str = "rubric \"t\" max 3\n";

    #[test]
    fn a_ratio_of_parts_over_their_whole_is_bounded_by_the_require_and_the_guard() {
        let text = format!(
            "{HEAD}input a: count\ninput b: count\ninput w: count\nrequire a + b <= w\n\
             section 一 \"一\" 3\n  item 13 \"x\" 3\n    not-applicable if w = 0: \"none\"\n    score (2 × a + b) / w\n"
        );
        let reach = reach_of(&text, "13");
        assert_eq!(reach.low, Some(Exact::ZERO));
        assert_eq!(reach.high, Some(Exact::from_int(2)));
        assert!(reach.reasons.contains(&Reason::Require(0)), "{:?}", reach.reasons);
    }

    #[test]
    fn a_capped_count_is_bounded_by_its_declared_range_below_and_the_cap_above() {
        let text = format!("{HEAD}input n: count\nsection 一 \"一\" 3\n  item 1 \"x\" 3\n    score 1.5 per n, at most 3\n");
        let reach = reach_of(&text, "1");
        assert_eq!((reach.low, reach.high), (Some(Exact::ZERO), Some(Exact::from_int(3))));
        assert_eq!(reach.reasons, vec![Reason::Declared(0)]);
    }

    #[test]
    fn a_guard_that_keeps_a_divisor_above_zero_is_a_reason() {
        let text = format!(
            "{HEAD}input w: count\nsection 一 \"一\" 3\n  item 1 \"x\" 3\n\
             \x20   not-applicable if w = 0: \"none\"\n    score 3 / w\n"
        );
        let reach = reach_of(&text, "1");
        assert_eq!((reach.low, reach.high), (Some(Exact::ZERO), Some(Exact::from_int(3))));
        assert_eq!(reach.reasons, vec![Reason::Declared(0), Reason::NotApplicable(0)]);
    }

    #[test]
    fn checklists_add_up_their_entries_and_unbounded_rules_have_no_high_end() {
        let text = "rubric \"t\" max 5\ninput x: yes/no\ninput n: number\nsection 一 \"一\" 5\n  item 1 \"c\" 2\n    \
checklist\n      1 if x\n      0.5 if not x\n  item 2 \"u\" 3\n    score 0.5 × n\n";
        let checklist = reach_of(text, "1");
        assert_eq!((checklist.high, checklist.reasons), (Some(Exact::new(3, 2).unwrap()), vec![Reason::Checklist]));
        let unbounded = reach_of(text, "2");
        assert_eq!((unbounded.low, unbounded.high), (None, None));
        assert!(unbounded.reasons.is_empty());
    }
}
