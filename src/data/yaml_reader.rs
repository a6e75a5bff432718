//! Reads YAML (via `yaml-rust2`'s iterative event parser) into a [`Node`] tree.
//!
//! One document only; aliases are refused; plain scalars are resolved with the YAML 1.2 core
//! schema; `yaml-rust2` markers count characters, so they are mapped back to byte offsets.

use super::number::is_yaml_core_number;
use super::tree::{
    char_span, codes, duplicate_key, match_end, too_deep, Entry, LineStarts, Node, NodeKind, Span, SyntaxProblem,
    MAX_DEPTH,
};
use crate::tr;
use std::collections::HashMap;
use yaml_rust2::parser::{Parser, Tag};
use yaml_rust2::scanner::TScalarStyle;
use yaml_rust2::{Event, ScanError};

const CORE_TAG: &str = "tag:yaml.org,2002:";

enum Frame {
    Seq {
        start: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        entries: Vec<Entry>,
        key: Option<(String, Span)>,
        seen: HashMap<String, usize>,
    },
    /// A collection with a custom tag: its contents are skipped and it becomes `Other`.
    Skip {
        start: usize,
        depth: usize,
    },
}

/// Parses YAML text (without a BOM).
pub(crate) fn parse(src: &str) -> Result<Node, Vec<SyntaxProblem>> {
    let mut r = Reader::new(src);
    let mut parser = Parser::new_from_str(src);
    let mut documents = 0;
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(x) => x,
            Err(e) => {
                r.problems.push(r.scan_problem(&e));
                break;
            }
        };
        let at = r.byte(mark.index());
        let keep_going = match event {
            Event::StreamEnd => false,
            Event::DocumentStart => {
                documents += 1;
                documents == 1 || r.second_document(at)
            }
            Event::Alias(_) => r.alias(at),
            Event::Scalar(value, style, _, tag) => r.scalar(value, style, tag, at),
            Event::SequenceStart(_, tag) => r.start(true, tag.as_ref(), at),
            Event::MappingStart(_, tag) => r.start(false, tag.as_ref(), at),
            Event::SequenceEnd | Event::MappingEnd => r.end(at),
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => true,
        };
        if !keep_going {
            break;
        }
    }
    if !r.problems.is_empty() {
        r.problems.sort_by_key(|p| p.span.start);
        return Err(r.problems);
    }
    match r.root {
        Some(node) if !r.root_blank => Ok(node),
        _ => {
            Err(vec![SyntaxProblem::new(codes::EMPTY, tr!("the YAML file holds no data", "YAML 文件中没有数据"), 0..0)
                .label(tr!("empty file", "空文件"))
                .help(tr!(
                    "a YAML data file must hold one mapping, e.g. `名称: 值`",
                    "YAML 数据文件必须包含一个映射，例如 `名称: 值`"
                ))])
        }
    }
}

#[derive(Default)]
struct Reader<'s> {
    src: &'s str,
    /// Byte offset of each char index, or `None` for ASCII text (where they are equal).
    offsets: Option<Vec<usize>>,
    stack: Vec<Frame>,
    root: Option<Node>,
    root_blank: bool,
    problems: Vec<SyntaxProblem>,
    /// Line starts, indexed at the first duplicate key.
    lines: Option<LineStarts>,
}

impl<'s> Reader<'s> {
    fn new(src: &'s str) -> Self {
        let offsets = (!src.is_ascii()).then(|| src.char_indices().map(|(b, _)| b).chain([src.len()]).collect());
        Reader { src, offsets, ..Reader::default() }
    }

    /// Byte offset of a marker's char index.
    fn byte(&self, char_index: usize) -> usize {
        match &self.offsets {
            None => char_index.min(self.src.len()),
            Some(table) => table.get(char_index).copied().unwrap_or(self.src.len()),
        }
    }

    fn scan_problem(&self, e: &ScanError) -> SyntaxProblem {
        let span = char_span(self.src, self.byte(e.marker().index()));
        let info = e.info();
        if info.contains("unknown anchor") {
            return alias_problem(span);
        }
        if info.contains("recursion limit") {
            return too_deep(span);
        }
        SyntaxProblem::new(codes::SYNTAX, tr!("invalid YAML: {info}", "YAML 格式错误：{info}"), span)
            .label(info.to_owned())
    }

    fn second_document(&mut self, at: usize) -> bool {
        let len = self.src[at..].find(|c| c != '-').unwrap_or(0).min(3);
        self.problems.push(
            SyntaxProblem::new(
                codes::MULTIPLE_DOCUMENTS,
                tr!("the YAML file holds more than one document", "YAML 文件包含多个文档"),
                at..at + len,
            )
            .label(tr!("second document starts here", "第二个文档从这里开始"))
            .help(tr!(
                "put all the data in one document: remove this `---` line, or split the file",
                "请把全部数据放在一个文档中：删除这一行 `---`，或拆分文件"
            )),
        );
        false
    }

    fn alias(&mut self, at: usize) -> bool {
        let span = match self.src[at..].strip_prefix('*') {
            Some(rest) => {
                let end = rest.find(|c: char| c.is_whitespace() || ",[]{}".contains(c));
                at..at + 1 + end.unwrap_or(rest.len())
            }
            None => char_span(self.src, at),
        };
        self.problems.push(alias_problem(span.clone()));
        if let Some(Frame::Map { key: key @ None, .. }) = self.stack.last_mut() {
            *key = Some((self.src[span.clone()].to_owned(), span));
            return true;
        }
        self.deliver(Node { kind: NodeKind::Null, span });
        true
    }

    fn scalar(&mut self, value: String, style: TScalarStyle, tag: Option<Tag>, at: usize) -> bool {
        if let Some(Frame::Skip { .. }) = self.stack.last() {
            return true;
        }
        let span = self.scalar_span(at, &value, style);
        if let Some(Frame::Map { key: key @ None, seen, .. }) = self.stack.last_mut() {
            if let Some(&first) = seen.get(&value) {
                let src = self.src;
                let line = self.lines.get_or_insert_with(|| LineStarts::new(src)).line_of(first);
                self.problems.push(duplicate_key(&value, span.clone(), line));
            } else {
                seen.insert(value.clone(), span.start);
            }
            *key = Some((value, span));
            return true;
        }
        let blank = value.is_empty() && style == TScalarStyle::Plain && tag.is_none();
        let kind = resolve(value, style, tag.as_ref());
        let span = match self.stack.last() {
            Some(Frame::Map { key: Some((_, k)), .. }) if blank => k.end..k.end,
            _ => span,
        };
        if self.stack.is_empty() {
            self.root_blank = blank;
        }
        self.deliver(Node { kind, span });
        true
    }

    fn start(&mut self, seq: bool, tag: Option<&Tag>, at: usize) -> bool {
        if let Some(Frame::Skip { depth, .. }) = self.stack.last_mut() {
            *depth += 1;
            return true;
        }
        if let Some(Frame::Map { key: None, .. }) = self.stack.last() {
            self.problems.push(
                SyntaxProblem::new(
                    codes::COMPLEX_KEY,
                    tr!("mapping keys must be plain text", "映射的键必须是普通文本"),
                    char_span(self.src, at),
                )
                .label(tr!("a list or mapping used as a key", "把列表或映射用作了键"))
                .help(tr!("use a simple key such as `名称:`", "请使用简单的键，如 `名称:`")),
            );
            return false;
        }
        let custom_tag = tag.is_some_and(|t| !(t.handle == CORE_TAG && matches!(t.suffix.as_str(), "seq" | "map")));
        if custom_tag {
            self.stack.push(Frame::Skip { start: at, depth: 1 });
            return true;
        }
        if self.stack.len() >= MAX_DEPTH {
            self.problems.push(too_deep(char_span(self.src, at)));
            return false;
        }
        self.stack.push(if seq {
            Frame::Seq { start: at, items: Vec::new() }
        } else {
            Frame::Map { start: at, entries: Vec::new(), key: None, seen: HashMap::new() }
        });
        true
    }

    fn end(&mut self, at: usize) -> bool {
        let flow_end = if self.src[at..].starts_with([']', '}']) { Some(at + 1) } else { None };
        let node = match self.stack.pop() {
            None => return true,
            Some(Frame::Skip { start, depth }) if depth > 1 => {
                self.stack.push(Frame::Skip { start, depth: depth - 1 });
                return true;
            }
            Some(Frame::Skip { start, .. }) => {
                Node { kind: NodeKind::Other("tagged value"), span: start..flow_end.unwrap_or(start) }
            }
            Some(Frame::Seq { start, items }) => {
                let mut first = items.first().map_or(start, |n| n.span.start).min(start);
                let before = self.src[..first].trim_end_matches([' ', '\t']);
                if flow_end.is_none() && before.ends_with('-') {
                    first = before.len() - 1; // a block sequence starts at its first `-`
                }
                let last = items.last().map_or(start, |n| n.span.end);
                Node { kind: NodeKind::Array(items), span: first..flow_end.unwrap_or(last) }
            }
            Some(Frame::Map { start, entries, .. }) => {
                let first = entries.first().map_or(start, |e| e.key_span.start);
                let last = entries.last().map_or(start, |e| e.value.span.end);
                Node { kind: NodeKind::Table(entries), span: first.min(start)..flow_end.unwrap_or(last) }
            }
        };
        self.deliver(node);
        true
    }

    /// Puts a finished node into the enclosing collection (or makes it the document).
    fn deliver(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => {
                if let Some((key, key_span)) = key.take() {
                    entries.push(Entry { key, key_span, value: node });
                }
            }
            Some(Frame::Skip { .. }) => {}
        }
    }

    /// The bytes a scalar occupies, from its start marker and its value.
    fn scalar_span(&self, at: usize, value: &str, style: TScalarStyle) -> Span {
        let bytes = self.src.as_bytes();
        let quote = match style {
            TScalarStyle::SingleQuoted => Some(b'\''),
            TScalarStyle::DoubleQuoted => Some(b'"'),
            _ => None,
        };
        if let Some(q) = quote.filter(|&q| bytes.get(at) == Some(&q)) {
            let mut i = at + 1;
            while i < bytes.len() {
                let escape = q == b'"' && bytes[i] == b'\\';
                let doubled = q == b'\'' && bytes[i] == q && bytes.get(i + 1) == Some(&q);
                if escape || doubled {
                    i += 2;
                } else if bytes[i] == q {
                    return at..i + 1;
                } else {
                    i += 1;
                }
            }
            return at..bytes.len();
        }
        at..match_end(self.src, at, value)
    }
}

fn alias_problem(span: Span) -> SyntaxProblem {
    SyntaxProblem::new(
        codes::ALIAS,
        tr!("YAML aliases (*name) are not allowed in data files", "数据文件中不允许使用 YAML 别名（*name）"),
        span,
    )
    .label(tr!("alias", "别名"))
    .help(tr!(
        "write the value out in full instead of referring to an &anchor",
        "请完整写出这个值，不要引用 &anchor 锚点"
    ))
}

/// The kind of a scalar: quoted ones are strings, plain ones follow the YAML 1.2 core schema.
fn resolve(value: String, style: TScalarStyle, tag: Option<&Tag>) -> NodeKind {
    match tag {
        Some(t) if t.handle == CORE_TAG => match t.suffix.as_str() {
            "str" => return NodeKind::String(value),
            "int" | "float" if is_yaml_core_number(&value) => return NodeKind::Number(value),
            "bool" | "null" => {}
            _ => return NodeKind::Other("tagged value"),
        },
        Some(t) if t.handle == "!" && t.suffix.is_empty() => return NodeKind::String(value),
        Some(_) => return NodeKind::Other("tagged value"),
        None => {}
    }
    if style != TScalarStyle::Plain {
        return NodeKind::String(value);
    }
    match value.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => NodeKind::Null,
        "true" | "True" | "TRUE" => NodeKind::Bool(true),
        "false" | "False" | "FALSE" => NodeKind::Bool(false),
        v if is_yaml_core_number(v) => NodeKind::Number(value),
        _ => NodeKind::String(value),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tree::{codes, test_get as get, NodeKind};
    use super::parse;

    #[test]
    fn spans_after_chinese_text_and_crlf() {
        let text = "名称: 某某镇\r\n在职人员数: 58\r\n说明: \"中文 \\\"引号\\\"\"\r\n单: '它''s'\r\n列表:\r\n  - 0.1\r\n  - [1e-2, +5, 真]\r\n空:\r\n文本: |\r\n  第一行\r\n  第二行\r\n";
        let root = parse(text).unwrap();
        let n = get(&root, "在职人员数");
        assert_eq!(n.kind, NodeKind::Number("58".into()));
        assert_eq!(&text[n.span.clone()], "58");
        assert_eq!(&text[get(&root, "名称").span.clone()], "某某镇");
        assert_eq!(&text[get(&root, "说明").span.clone()], "\"中文 \\\"引号\\\"\"");
        assert_eq!(&text[get(&root, "单").span.clone()], "'它''s'");
        let list = get(&root, "列表");
        let NodeKind::Array(items) = &list.kind else { panic!() };
        assert_eq!(&text[items[0].span.clone()], "0.1");
        assert_eq!(&text[list.span.clone()], "- 0.1\r\n  - [1e-2, +5, 真]");
        assert_eq!(&text[items[1].span.clone()], "[1e-2, +5, 真]");
        let NodeKind::Array(inner) = &items[1].kind else { panic!() };
        assert_eq!(inner[1].kind, NodeKind::Number("+5".into()));
        assert_eq!(inner[2].kind, NodeKind::String("真".into()));
        assert_eq!(get(&root, "空").kind, NodeKind::Null);
        assert_eq!(&text[get(&root, "文本").span.clone()], "第一行\r\n  第二行");
        let NodeKind::Table(entries) = &root.kind else { panic!() };
        assert_eq!(&text[entries[1].key_span.clone()], "在职人员数");
        assert_eq!(&text[root.span.clone()], text.trim_end());
    }

    #[test]
    fn scalar_resolution() {
        let text = "a: true\nb: FALSE\nc: ~\nd: '1'\ne: 1_000\nf: .inf\ng: 0x1F\nh: yes\ni: !!str 5\nj: !custom 3\nk: !x {a: 1}\nl: plain\n  folded\n1: int key\n";
        let root = parse(text).unwrap();
        assert_eq!(get(&root, "a").kind, NodeKind::Bool(true));
        assert_eq!(get(&root, "b").kind, NodeKind::Bool(false));
        assert_eq!(get(&root, "c").kind, NodeKind::Null);
        assert_eq!(get(&root, "d").kind, NodeKind::String("1".into()));
        assert_eq!(get(&root, "e").kind, NodeKind::String("1_000".into()));
        assert_eq!(get(&root, "f").kind, NodeKind::Number(".inf".into()));
        assert_eq!(get(&root, "g").kind, NodeKind::Number("0x1F".into()));
        assert_eq!(get(&root, "h").kind, NodeKind::String("yes".into()));
        assert_eq!(get(&root, "i").kind, NodeKind::String("5".into()));
        assert_eq!(get(&root, "j").kind, NodeKind::Other("tagged value"));
        assert_eq!(get(&root, "k").kind, NodeKind::Other("tagged value"));
        assert_eq!(&text[get(&root, "l").span.clone()], "plain\n  folded");
        assert_eq!(get(&root, "1").kind, NodeKind::String("int key".into()));
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a: &a [\"lol\", \"lol\", \"lol\"]\n");
        for (name, prev) in [("b", "a"), ("c", "b"), ("d", "c"), ("e", "d")] {
            let refs = vec![format!("*{prev}"); 9].join(", ");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let problems = parse(&text).unwrap_err();
        assert!(problems.iter().all(|p| p.code == codes::ALIAS));
        assert_eq!(&text[problems[0].span.clone()], "*a");
        let problems = parse("x: *nowhere\n").unwrap_err();
        assert_eq!(problems[0].code, codes::ALIAS);
    }

    #[test]
    fn duplicate_keys() {
        let text = "a: 1\nb:\n  a: 2\na: 3\n";
        let problems = parse(text).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, codes::DUPLICATE_KEY);
        assert_eq!(problems[0].span, 15..16);
        assert!(problems[0].help.as_deref().unwrap().contains("line 1"));
    }

    #[test]
    fn empty_and_multiple_documents() {
        for text in ["", "  \n", "# only a comment\n", "---\n"] {
            assert_eq!(parse(text).unwrap_err()[0].code, codes::EMPTY, "{text:?}");
        }
        let text = "a: 1\n---\nb: 2\n";
        let problems = parse(text).unwrap_err();
        assert_eq!(problems[0].code, codes::MULTIPLE_DOCUMENTS);
        assert_eq!(&text[problems[0].span.clone()], "---");
        assert!(parse("---\na: 1\n...\n").is_ok());
        assert_eq!(parse("? [a]\n: 1\n").unwrap_err()[0].code, codes::COMPLEX_KEY);
        let problems = parse("a: [1\n").unwrap_err();
        assert_eq!(problems[0].code, codes::SYNTAX);
    }
}
