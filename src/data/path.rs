//! The path of keys that leads to a place in a data file
//! (`inputs.在职人员数`, `reported.items.24`), for naming a value in an API's
//! answer or a message that has no caret.

use super::tree::{Node, NodeKind, Span};

/// Every key and value of a data tree by where it is written, to name the
/// value under a span in `O(log n)`.
#[derive(Debug, Default)]
pub struct Paths {
    /// (start, end, path) of each leaf entry (from its key to the end of its
    /// value) and of each table's key, sorted by start; they never overlap.
    places: Vec<(usize, usize, String)>,
}

impl Paths {
    /// Indexes `root` (without recursion).
    pub fn new(root: &Node) -> Paths {
        let mut places = Vec::new();
        let mut stack: Vec<(&Node, String)> = vec![(root, String::new())];
        while let Some((node, prefix)) = stack.pop() {
            let join = |key: &str| if prefix.is_empty() { key.to_string() } else { format!("{prefix}.{key}") };
            match &node.kind {
                NodeKind::Table(entries) => {
                    for e in entries {
                        let path = join(&e.key);
                        match &e.value.kind {
                            NodeKind::Table(_) | NodeKind::Array(_) => {
                                places.push((e.key_span.start, e.key_span.end, path.clone()));
                                stack.push((&e.value, path));
                            }
                            _ => places.push((e.key_span.start, e.value.span.end.max(e.key_span.end), path)),
                        }
                    }
                }
                NodeKind::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let path = format!("{prefix}[{i}]");
                        match &item.kind {
                            NodeKind::Table(_) | NodeKind::Array(_) => stack.push((item, path)),
                            _ => places.push((item.span.start, item.span.end, path)),
                        }
                    }
                }
                _ => {}
            }
        }
        places.sort_by_key(|(start, end, _)| (*start, *end));
        Paths { places }
    }

    /// The path of the key or value that holds `span` (`inputs.在职人员数`,
    /// `reported.items.24`, `a[1].b`); `None` when `span` is on none.
    pub fn at(&self, span: &Span) -> Option<&str> {
        let after = self.places.partition_point(|(start, _, _)| *start <= span.start);
        let (_, end, path) = self.places.get(after.checked_sub(1)?)?;
        (span.end <= *end || span.start < *end).then_some(path.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Paths;
    use crate::data::{parse, Format};

    #[test]
    fn names_the_key_or_value_under_a_span() {
        let text = "[inputs]\n\"在职人员数\" = \"many\"\n[reported.items]\n\"24\" = 3\n";
        let root = parse(Format::Toml, text).expect("parses");
        let at = |needle: &str| {
            let start = text.find(needle).expect("in the text");
            Paths::new(&root).at(&(start..start + needle.len())).map(str::to_string)
        };
        assert_eq!(at("\"many\"").as_deref(), Some("inputs.在职人员数"));
        assert_eq!(at("\"在职人员数\"").as_deref(), Some("inputs.在职人员数"));
        assert_eq!(at("3\n").as_deref(), Some("reported.items.24"));
        let json = "{\"a\": [1, {\"b\": true}]}";
        let root = parse(Format::Json, json).expect("parses");
        let start = json.find("true").expect("in the text");
        assert_eq!(Paths::new(&root).at(&(start..start + 4)), Some("a[1].b"));
    }
}
