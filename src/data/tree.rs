//! The format-independent tree that TOML, JSON and YAML data files are read into.

use std::path::Path;

use crate::tr;

/// Byte range into the original text (NOT characters: Chinese text must not shift spans).
pub type Span = std::ops::Range<usize>;

/// Containers (tables, arrays, mappings, sequences) may nest at most this deep; the root
/// container counts as level 1.
pub const MAX_DEPTH: usize = 64;

/// At most this many problems are reported for one file; later ones are dropped.
pub const MAX_PROBLEMS: usize = 100;

/// The UTF-8 byte-order mark.
pub(crate) const BOM: &str = "\u{feff}";

/// The codes of a [`SyntaxProblem`], by the readers' names for them: each a
/// variant of the one [`Code`](crate::base::diagnostic::Code) enum.
pub mod codes {
    use crate::base::diagnostic::Code;

    /// The file is not valid TOML/JSON/YAML, e.g. `a = [1,` or `{"a": }`.
    pub const SYNTAX: Code = Code::DataSyntax;
    /// A key appears twice in one table/object/mapping.
    pub const DUPLICATE_KEY: Code = Code::DuplicateKey;
    /// Containers nested more than 64 levels deep.
    pub const TOO_DEEP: Code = Code::DataTooDeep;
    /// A YAML alias such as `b: *a`.
    pub const ALIAS: Code = Code::Alias;
    /// A TOML bare key with Chinese (non-ASCII) characters.
    pub const UNQUOTED_KEY: Code = Code::UnquotedKey;
    /// A JSON or YAML file with no value.
    pub const EMPTY: Code = Code::EmptyData;
    /// A stray byte-order mark (U+FEFF) after the start of the file.
    pub const BOM: Code = Code::Bom;
    /// A YAML stream with more than one document.
    pub const MULTIPLE_DOCUMENTS: Code = Code::MultipleDocuments;
    /// A YAML mapping key that is a sequence or mapping.
    pub const COMPLEX_KEY: Code = Code::ComplexKey;
    /// Two JSON entries with no comma between them.
    pub const MISSING_COMMA: Code = Code::MissingComma;
    /// A data file larger than 16 MiB, refused before it is read.
    pub const TOO_LARGE: Code = Code::DataTooLarge;
}

/// A parsed data-file value with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// What the value is.
    pub kind: NodeKind,
    /// Where the value is written (for strings, including the quotes).
    pub span: Span,
}

/// The kinds of value a data file can hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    /// Entries in document order.
    Table(Vec<Entry>),
    /// Elements in document order.
    Array(Vec<Node>),
    /// A string, with escapes resolved.
    String(String),
    /// The number literal exactly as written in the file (e.g. "0.1", "-3", "1e-2", "1_000",
    /// "+5"). Never converted through f64; use [`crate::data::parse_number`].
    Number(String),
    /// `true` or `false`.
    Bool(bool),
    /// JSON `null`, YAML `null`/`~`/empty.
    Null,
    /// Something that is none of the above (TOML datetime, YAML tagged value...); the str names
    /// it for messages, e.g. "datetime".
    Other(&'static str),
}

/// One `key = value` of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The key, unquoted and unescaped.
    pub key: String,
    /// Where the key is written (including quotes, if any).
    pub key_span: Span,
    /// The value.
    pub value: Node,
}

impl Node {
    /// Visits every node of the tree (this one first, each before its
    /// children) with `node`, and every table entry's key span with `key`,
    /// without recursion.
    pub(crate) fn visit_mut(&mut self, mut node: impl FnMut(&mut Node), mut key: impl FnMut(&mut Span)) {
        let mut stack: Vec<&mut Node> = vec![self];
        while let Some(next) = stack.pop() {
            node(next);
            match &mut next.kind {
                NodeKind::Table(entries) => {
                    for e in entries.iter_mut() {
                        key(&mut e.key_span);
                        stack.push(&mut e.value);
                    }
                }
                NodeKind::Array(items) => stack.extend(items.iter_mut()),
                _ => {}
            }
        }
    }
}

/// The data-file formats that can be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// TOML 1.0.
    Toml,
    /// Strict JSON (RFC 8259): no comments, no trailing commas.
    Json,
    /// YAML 1.2, core schema, a single document, no aliases.
    Yaml,
}

impl Format {
    /// The format named by a path's extension: `.toml`, `.json`, `.yaml` or `.yml`,
    /// case-insensitive.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "toml" => Some(Format::Toml),
            "json" => Some(Format::Json),
            "yaml" | "yml" => Some(Format::Yaml),
            _ => None,
        }
    }
}

/// One problem found while reading a data file.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxProblem {
    /// One of [`codes`].
    pub code: crate::base::diagnostic::Code,
    /// What is wrong, as a sentence.
    pub message: String,
    /// Where it is wrong (byte range into the text given to [`parse`]).
    pub span: Span,
    /// A short text to put under the span.
    pub label: String,
    /// How to fix it, if we know.
    pub help: Option<String>,
}

impl SyntaxProblem {
    /// A problem with no help text.
    pub(crate) fn new(code: crate::base::diagnostic::Code, message: impl Into<String>, span: Span) -> Self {
        let message = message.into();
        SyntaxProblem { code, label: tr!("here", "此处"), message, span, help: None }
    }

    /// Sets the label.
    pub(crate) fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Sets the help text.
    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// The start of every line of a text, to find the line of an offset in
/// `O(log n)` (a file with many duplicate keys is then read in linear time).
#[derive(Debug, Default)]
pub(crate) struct LineStarts(Vec<usize>);

impl LineStarts {
    /// Indexes `text`.
    pub(crate) fn new(text: &str) -> Self {
        LineStarts(std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)).collect())
    }

    /// The 1-based line number of a byte offset.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.0.partition_point(|start| *start <= offset).max(1)
    }
}

/// The span of the character starting at `offset` (empty at the end of the text).
pub(crate) fn char_span(text: &str, offset: usize) -> Span {
    let offset = offset.min(text.len());
    let len = text.get(offset..).and_then(|s| s.chars().next()).map_or(0, char::len_utf8);
    offset..offset + len
}

/// Where `value` ends when read from `src` at `start`, letting any run of whitespace in the
/// value stand for any run in the source (line folding, indentation, CRLF). If the text does
/// not match, the end of the line.
pub(crate) fn match_end(src: &str, start: usize, value: &str) -> usize {
    let rest = src.get(start..).unwrap_or_default();
    let mut pos = 0;
    let mut want = value.trim_end().chars().peekable();
    while let Some(c) = want.next() {
        if c.is_whitespace() {
            while want.next_if(|c| c.is_whitespace()).is_some() {}
            pos += rest[pos..].len() - rest[pos..].trim_start().len();
        } else if rest[pos..].starts_with(c) {
            pos += c.len_utf8();
        } else {
            let line = rest.find(['\r', '\n']).unwrap_or(rest.len());
            return start + rest[..line].trim_end().len();
        }
    }
    start + pos
}

/// A [`codes::TOO_DEEP`] problem at `span`.
pub(crate) fn too_deep(span: Span) -> SyntaxProblem {
    let level = MAX_DEPTH + 1;
    SyntaxProblem::new(
        codes::TOO_DEEP,
        tr!("data nested more than {MAX_DEPTH} levels deep", "数据嵌套超过 {MAX_DEPTH} 层"),
        span,
    )
    .label(tr!("level {level} starts here", "第 {level} 层从这里开始"))
    .help(tr!(
        "flatten the data; rubric data files never need this much nesting",
        "请减少嵌套层次；评分数据文件不需要这么深的嵌套"
    ))
}

/// A [`codes::DUPLICATE_KEY`] problem for `key` at `span`, first written on `first_line`.
pub(crate) fn duplicate_key(key: &str, span: Span, first_line: usize) -> SyntaxProblem {
    SyntaxProblem::new(codes::DUPLICATE_KEY, tr!("duplicate key \"{key}\"", "键 \"{key}\" 重复"), span)
        .label(tr!("second definition", "第二次定义"))
        .help(tr!(
            "\"{key}\" is already defined on line {first_line}; keep only one of them",
            "\"{key}\" 已在第 {first_line} 行定义过；只保留其中一个"
        ))
}

/// Test helper: the value at `key` of a table node.
#[cfg(test)]
pub(crate) fn test_get<'a>(node: &'a Node, key: &str) -> &'a Node {
    match &node.kind {
        NodeKind::Table(entries) => match entries.iter().find(|e| e.key == key) {
            Some(e) => &e.value,
            None => panic!("no key {key:?}"),
        },
        other => panic!("not a table: {other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_path() {
        assert_eq!(Format::from_path(Path::new("a/b.TOML")), Some(Format::Toml));
        assert_eq!(Format::from_path(Path::new("x.json")), Some(Format::Json));
        assert_eq!(Format::from_path(Path::new("x.Yml")), Some(Format::Yaml));
        assert_eq!(Format::from_path(Path::new("x.yaml")), Some(Format::Yaml));
        assert_eq!(Format::from_path(Path::new("x.txt")), None);
        assert_eq!(Format::from_path(Path::new("toml")), None);
    }
}
