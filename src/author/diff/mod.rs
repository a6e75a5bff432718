//! What changed between two versions of a rubric, and what the change does to units.
//!
//! [`diff`] compares two checked rubrics: header (maximum, rounding, 缺省项 policy, floor,
//! grade bands), inputs, requirements, sections, items (matched by id), indicators and
//! consistency checks. [`impact`] puts the same units' reports under both rubrics side by
//! side. [`render`] writes either as a terminal table, Markdown or JSON.

mod compare;
mod impact;
pub mod render;
mod text;

pub use impact::{data_files, impact, score, Impact, Scored, UnitImpact, UnitTotal};
pub use text::line_diff;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::check::model::Checked;
use crate::eval::report::RubricInfo;

/// Every change from one rubric to the other, in the order of the table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RubricDiff {
    /// The old rubric.
    pub old: RubricInfo,
    /// The new rubric.
    pub new: RubricInfo,
    /// The changes: header, inputs, requirements, sections, items, indicators, checks.
    pub changes: Vec<Change>,
}

/// One change. Sections and items are matched by id, inputs, indicators and checks by name.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// The title.
    TitleChanged {
        /// Before.
        old: String,
        /// After.
        new: String,
    },
    /// The maximum of the scored sections.
    MaxChanged {
        /// Before.
        #[serde(with = "dec")]
        old: Decimal,
        /// After.
        #[serde(with = "dec")]
        new: Decimal,
    },
    /// The rubric's rounding (`2 half-up`).
    RoundingChanged {
        /// Before.
        old: String,
        /// After.
        new: String,
    },
    /// The 缺省项 policy.
    PolicyChanged {
        /// Before.
        old: String,
        /// After.
        new: String,
    },
    /// The floor of the total.
    FloorChanged {
        /// Before.
        #[serde(with = "dec")]
        old: Decimal,
        /// After.
        #[serde(with = "dec")]
        new: Decimal,
    },
    /// The grade bands: old and new in full, and what moved (`优 ≥ 95 → 优 ≥ 92`).
    GradesChanged {
        /// Before.
        old: String,
        /// After.
        new: String,
        /// What moved, band by band.
        bands: Vec<String>,
    },
    /// A new input.
    InputAdded {
        /// Its name.
        name: String,
        /// Its declaration: type, unit, default, range.
        ty: String,
    },
    /// An input that is gone.
    InputRemoved {
        /// Its name.
        name: String,
        /// Its declaration: type, unit, default, range.
        ty: String,
    },
    /// An input whose declaration (type, unit, range, default) changed.
    InputRetyped {
        /// Its name.
        name: String,
        /// Before.
        old: String,
        /// After.
        new: String,
    },
    /// A new `require`.
    RequireAdded {
        /// As written back.
        text: String,
    },
    /// A `require` that is gone.
    RequireRemoved {
        /// As written back.
        text: String,
    },
    /// A new section.
    SectionAdded {
        /// Its id.
        id: String,
        /// Its name.
        name: String,
        /// The enclosing section (`None`: at the top).
        parent: Option<String>,
        /// Its weight (cap for bonus and deduction sections).
        #[serde(with = "dec")]
        weight: Decimal,
    },
    /// A section that is gone.
    SectionRemoved {
        /// Its id.
        id: String,
        /// Its name.
        name: String,
        /// The enclosing section (`None`: at the top).
        parent: Option<String>,
        /// Its weight (cap for bonus and deduction sections).
        #[serde(with = "dec")]
        weight: Decimal,
    },
    /// A section's name.
    SectionRenamed {
        /// Its id.
        id: String,
        /// Before.
        old: String,
        /// After.
        new: String,
    },
    /// A section under another parent (`None`: at the top).
    SectionMoved {
        /// Its id.
        id: String,
        /// Its name.
        name: String,
        /// The old parent.
        from: Option<String>,
        /// The new parent.
        to: Option<String>,
    },
    /// A section that became (or stopped being) a bonus or deduction section.
    SectionKindChanged {
        /// Its id.
        id: String,
        /// Its name.
        name: String,
        /// Before.
        old: String,
        /// After.
        new: String,
    },
    /// A scored section's weight.
    SectionReweighted {
        /// Its id.
        id: String,
        /// Its name.
        name: String,
        /// Before.
        #[serde(with = "dec")]
        old: Decimal,
        /// After.
        #[serde(with = "dec")]
        new: Decimal,
    },
    /// A bonus or deduction section's cap.
    CapChanged {
        /// Its id.
        id: String,
        /// Its name.
        name: String,
        /// Before.
        #[serde(with = "dec")]
        old: Decimal,
        /// After.
        #[serde(with = "dec")]
        new: Decimal,
    },
    /// A new item.
    ItemAdded {
        /// Its id.
        id: String,
        /// Its name.
        name: String,
        /// The enclosing section.
        section: String,
        /// Its weight (cap for bonus and deduction sections).
        #[serde(with = "dec")]
        weight: Decimal,
    },
    /// An item that is gone.
    ItemRemoved {
        /// Its id.
        id: String,
        /// Its name.
        name: String,
        /// The enclosing section.
        section: String,
        /// Its weight (cap for bonus and deduction sections).
        #[serde(with = "dec")]
        weight: Decimal,
    },
    /// An item's name.
    ItemRenamed {
        /// Its id.
        id: String,
        /// Before.
        old: String,
        /// After.
        new: String,
    },
    /// An item in another section.
    ItemMoved {
        /// Its id.
        id: String,
        /// Its name.
        name: String,
        /// The old section.
        from_section: String,
        /// The new section.
        to_section: String,
    },
    /// An item's weight.
    ItemReweighted {
        /// Its id.
        id: String,
        /// Its name.
        name: String,
        /// Before.
        #[serde(with = "dec")]
        old: Decimal,
        /// After.
        #[serde(with = "dec")]
        new: Decimal,
    },
    /// An item's rule, written out ([`rule_text`]): `let`s, 缺省项 and disqualification
    /// clauses, the rule, a rounding of its own.
    RuleChanged {
        /// Its id.
        id: String,
        /// Its name.
        name: String,
        /// The old rule, line by line.
        old_text: Vec<String>,
        /// The new rule, line by line.
        new_text: Vec<String>,
    },
    /// An item's wording (the 计分标准 quoted from the table).
    DescriptionChanged {
        /// Its id.
        id: String,
        /// Its name.
        name: String,
        /// Before.
        old: Vec<String>,
        /// After.
        new: Vec<String>,
    },
    /// A new indicator.
    IndicatorAdded {
        /// Its name.
        name: String,
        /// As written back.
        text: String,
    },
    /// An indicator that is gone.
    IndicatorRemoved {
        /// Its name.
        name: String,
        /// As written back.
        text: String,
    },
    /// An indicator's formula.
    IndicatorChanged {
        /// Its name.
        name: String,
        /// Before.
        old: String,
        /// After.
        new: String,
    },
    /// A new consistency check.
    CheckAdded {
        /// Its name.
        name: String,
        /// As written back.
        text: String,
    },
    /// A consistency check that is gone.
    CheckRemoved {
        /// Its name.
        name: String,
        /// As written back.
        text: String,
    },
    /// A consistency check's condition, tolerance or level.
    CheckChanged {
        /// Its name.
        name: String,
        /// Before.
        old: String,
        /// After.
        new: String,
    },
}

impl RubricDiff {
    /// True when the two rubrics score every unit the same way and read the same data.
    #[cfg(feature = "internals")]
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// The title, version and year of a rubric.
pub fn info(rubric: &Checked) -> RubricInfo {
    RubricInfo { title: rubric.title.clone(), version: rubric.version.clone(), year: rubric.year }
}

/// Compares two checked rubrics.
pub fn diff(old: &Checked, new: &Checked) -> RubricDiff {
    let mut changes = Vec::new();
    compare::header(old, new, &mut changes);
    compare::inputs(old, new, &mut changes);
    compare::requires(old, new, &mut changes);
    compare::sections(old, new, &mut changes);
    compare::items(old, new, &mut changes);
    compare::derived(old, new, &mut changes);
    RubricDiff { old: info(old), new: info(new), changes }
}

/// Decimals as strings (`"2.5"`), as in the JSON report.
pub(crate) mod dec {
    use rust_decimal::Decimal;
    use serde::Serializer;

    pub fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::eval::report::show(*d))
    }
}

/// Optional decimals as strings or `null`.
pub(crate) mod opt_dec {
    use rust_decimal::Decimal;
    use serde::Serializer;

    pub fn serialize<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&crate::eval::report::show(*d)),
            None => s.serialize_none(),
        }
    }
}
