//! A unit's data for the front door: a data file's text (TOML, JSON, YAML),
//! or values set in code by input name.

use std::path::Path;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::problem::{Error, Problem};
use crate::base::diagnostic::SourceFile;
use crate::data::files::read_source;
use crate::data::{Entry, Format, Node, NodeKind};

/// A value set in code for an input: a number (amounts in the input's own
/// unit, or as text with a unit: `"290820元"`), yes/no, or text.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A number, exact.
    Number(Decimal),
    /// Yes or no (是 / 否).
    Bool(bool),
    /// Text: free text, or a number as a clerk writes it (`"95%"`, `"12.5万"`).
    Text(String),
}

macro_rules! number_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(n: $t) -> Value {
                Value::Number(Decimal::from(n))
            }
        }
    )*};
}
number_from!(i32, i64, u32, u64, usize);

impl From<Decimal> for Value {
    fn from(d: Decimal) -> Value {
        Value::Number(d)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}

/// One unit's data: who it is, its inputs, judged scores, claimed 缺省项 and
/// its own self-assessment.
///
/// Either read from a data file's text ([`Unit::from_text`],
/// [`Unit::from_file`]), or built in code ([`Unit::new`] and the setters).
/// Nothing is checked until the unit is evaluated against a rubric: then every
/// problem is reported, located, and every value that is fine is used.
///
/// Values set in code on a unit read from text are laid over the file's: a
/// value set for a key the file has replaces it.
#[derive(Debug, Clone)]
pub struct Unit {
    text: Option<(SourceFile, Format)>,
    /// A data tree already read (a spreadsheet row), with the text its spans index.
    tree: Option<(Node, SourceFile)>,
    values: Values,
}

/// Keys and their values, in the order set.
type Pairs = Vec<(String, Value)>;

/// Values set in code, by table.
#[derive(Debug, Clone, Default)]
struct Values {
    unit: Pairs,
    inputs: Pairs,
    judged: Pairs,
    not_applicable: Pairs,
    reported: Pairs,
    reported_items: Pairs,
    reported_sections: Pairs,
}

impl Default for Unit {
    fn default() -> Self {
        Unit::new()
    }
}

impl Unit {
    /// A unit with no values yet, to be filled in code.
    pub fn new() -> Unit {
        Unit { text: None, tree: None, values: Values::default() }
    }

    /// A data file's text; `name` names it in messages (usually its path).
    pub fn from_text(name: impl Into<String>, text: impl Into<Arc<str>>, format: Format) -> Unit {
        Unit { text: Some((SourceFile::new(name, text), format)), tree: None, values: Values::default() }
    }

    /// Reads a data file (`.toml`, `.json`, `.yaml`, `.yml`). The error says
    /// why the file cannot be read as text, or that its extension names no
    /// data format.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Unit, Error> {
        let path = path.as_ref();
        let file = read_source(path).map_err(|e| {
            let file = e.lossy.clone().unwrap_or_else(|| SourceFile::new(path.display().to_string(), ""));
            let message = e.diagnostic.message.clone();
            Error::new(message, vec![Problem::new(e.diagnostic, &file, None)])
        })?;
        let Some(format) = Format::from_path(path) else {
            let shown = path.display();
            return Err(Error::new(
                crate::tr!(
                    "{shown}: a data file ends in .toml, .json, .yaml or .yml",
                    "{shown}：数据文件的扩展名应为 .toml、.json、.yaml 或 .yml"
                ),
                Vec::new(),
            ));
        };
        Ok(Unit { text: Some((file, format)), tree: None, values: Values::default() })
    }

    fn values(&mut self) -> &mut Values {
        &mut self.values
    }

    fn put(list: &mut Pairs, key: &str, value: Value) {
        match list.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => list.push((key.to_string(), value)),
        }
    }

    /// Sets the unit's name (`[unit] name`).
    pub fn name(mut self, name: impl Into<String>) -> Unit {
        Unit::put(&mut self.values().unit, "name", Value::Text(name.into()));
        self
    }

    /// Sets the year the data is for.
    pub fn year(mut self, year: u32) -> Unit {
        Unit::put(&mut self.values().unit, "year", Value::from(year));
        self
    }

    /// Sets the unit's code.
    pub fn code(mut self, code: impl Into<String>) -> Unit {
        Unit::put(&mut self.values().unit, "code", Value::Text(code.into()));
        self
    }

    /// Sets the project, for project rubrics.
    pub fn project(mut self, project: impl Into<String>) -> Unit {
        Unit::put(&mut self.values().unit, "project", Value::Text(project.into()));
        self
    }

    /// Sets an input by its standard name (`专题研究次数`).
    pub fn set(mut self, input: &str, value: impl Into<Value>) -> Unit {
        Unit::put(&mut self.values().inputs, input, value.into());
        self
    }

    /// Sets the evaluator's score of a judged item.
    pub fn judged(mut self, item: &str, score: impl Into<Value>) -> Unit {
        Unit::put(&mut self.values().judged, item, score.into());
        self
    }

    /// Claims that an item is a 缺省项, for `reason`.
    pub fn not_applicable(mut self, item: &str, reason: impl Into<String>) -> Unit {
        Unit::put(&mut self.values().not_applicable, item, Value::Text(reason.into()));
        self
    }

    /// The unit's own score of an item.
    pub fn reported_item(mut self, item: &str, score: impl Into<Value>) -> Unit {
        Unit::put(&mut self.values().reported_items, item, score.into());
        self
    }

    /// The unit's own subtotal of a section.
    pub fn reported_section(mut self, section: &str, score: impl Into<Value>) -> Unit {
        Unit::put(&mut self.values().reported_sections, section, score.into());
        self
    }

    /// The unit's own total.
    pub fn reported_total(mut self, total: impl Into<Value>) -> Unit {
        Unit::put(&mut self.values().reported, "total", total.into());
        self
    }

    /// The unit's own grade.
    pub fn reported_grade(mut self, grade: impl Into<String>) -> Unit {
        Unit::put(&mut self.values().reported, "grade", Value::Text(grade.into()));
        self
    }

    /// A unit already read into a data tree (a spreadsheet row bound
    /// directly), with the text its spans index (the row's cells as typed),
    /// named `name` in messages.
    pub(crate) fn from_tree(name: impl Into<String>, tree: Node, shown: impl Into<Arc<str>>) -> Unit {
        Unit { text: None, tree: Some((tree, SourceFile::new(name, shown))), values: Values::default() }
    }

    /// The tree and its text, for a unit made [`Unit::from_tree`].
    pub(crate) fn tree(&self) -> Option<(&Node, &SourceFile)> {
        self.tree.as_ref().map(|(tree, file)| (tree, file))
    }

    /// The file's text and format, if the unit was read from one.
    pub(crate) fn text(&self) -> Option<(&SourceFile, Format)> {
        self.text.as_ref().map(|(file, format)| (file, *format))
    }

    /// The values set in code as a data tree, with the text that shows them
    /// (`inputs.专题研究次数 = 2`, one per line) for messages to point into;
    /// `None` when no value was set in code.
    pub(crate) fn code_values(&self) -> Option<(Node, String)> {
        (!self.values.is_empty()).then(|| self.values.tree())
    }
}

impl Values {
    fn is_empty(&self) -> bool {
        [
            &self.unit,
            &self.inputs,
            &self.judged,
            &self.not_applicable,
            &self.reported,
            &self.reported_items,
            &self.reported_sections,
        ]
        .iter()
        .all(|list| list.is_empty())
    }

    /// The data tree of these values, and the text that shows them.
    fn tree(&self) -> (Node, String) {
        let mut text = String::new();
        let mut root = Vec::new();
        let groups: [(&[&str], &Pairs); 7] = [
            (&["unit"], &self.unit),
            (&["inputs"], &self.inputs),
            (&["judged"], &self.judged),
            (&["not_applicable"], &self.not_applicable),
            (&["reported"], &self.reported),
            (&["reported", "items"], &self.reported_items),
            (&["reported", "sections"], &self.reported_sections),
        ];
        for (path, values) in groups {
            if values.is_empty() {
                continue;
            }
            let mut entries = Vec::new();
            for (key, value) in values {
                let prefix = path.join(".");
                text.push_str(&prefix);
                text.push('.');
                let key_start = text.len();
                text.push_str(key);
                let key_span = key_start..text.len();
                text.push_str(" = ");
                let start = text.len();
                let kind = match value {
                    Value::Number(d) => {
                        let written = d.to_string();
                        text.push_str(&written);
                        NodeKind::Number(written)
                    }
                    Value::Bool(b) => {
                        text.push_str(if *b { "true" } else { "false" });
                        NodeKind::Bool(*b)
                    }
                    Value::Text(s) => {
                        text.push('"');
                        text.push_str(s);
                        text.push('"');
                        NodeKind::String(s.clone())
                    }
                };
                let span = start..text.len();
                text.push('\n');
                entries.push(Entry { key: key.clone(), key_span, value: Node { kind, span } });
            }
            insert(&mut root, path, entries);
        }
        let len = text.len();
        (Node { kind: NodeKind::Table(root), span: 0..len }, text)
    }
}

/// Puts `entries` in a table at `path` below `root`, making the tables on the way.
fn insert(root: &mut Vec<Entry>, path: &[&str], entries: Vec<Entry>) {
    let Some((first, rest)) = path.split_first() else { return };
    let at = match root.iter().position(|e| e.key == *first) {
        Some(at) => at,
        None => {
            let table = Node { kind: NodeKind::Table(Vec::new()), span: 0..0 };
            root.push(Entry { key: (*first).to_string(), key_span: 0..0, value: table });
            root.len() - 1
        }
    };
    let Some(Entry { value: table, .. }) = root.get_mut(at) else { return };
    // The table spans the values put in it, so that a place in one is found below it.
    let (start, end) = (entries.first().map(|e| e.key_span.start), entries.last().map(|e| e.value.span.end));
    if let (Some(start), Some(end)) = (start, end) {
        let empty = table.span.is_empty();
        table.span = if empty { start..end } else { table.span.start.min(start)..table.span.end.max(end) };
    }
    let NodeKind::Table(children) = &mut table.kind else { return };
    if rest.is_empty() {
        children.extend(entries);
    } else {
        insert(children, rest, entries);
    }
}
