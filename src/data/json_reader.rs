//! Reads strict JSON (via `jsonc-parser`'s AST) into a [`Node`] tree.
//!
//! Strict means RFC 8259: comments, trailing commas, unquoted or single-quoted keys and
//! single-quoted strings are all refused. Nesting is checked by an iterative pre-scan before
//! `jsonc-parser` (which is recursive) ever sees the text.

use super::tree::{codes, duplicate_key, too_deep, Entry, LineStarts, Node, NodeKind, Span, SyntaxProblem, MAX_DEPTH};
use crate::tr;
use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::common::Range;
use jsonc_parser::errors::{ParseError, ParseErrorKind};
use jsonc_parser::{parse_to_ast, CollectOptions, ParseOptions};
use std::collections::HashMap;

/// Parses JSON text (without a BOM).
pub(crate) fn parse(src: &str) -> Result<Node, Vec<SyntaxProblem>> {
    let has_content = prescan(src).map_err(|p| vec![p])?;
    if !has_content {
        return Err(vec![SyntaxProblem::new(
            codes::EMPTY,
            tr!("the JSON file holds no value", "JSON 文件中没有任何内容"),
            0..0,
        )
        .label(tr!("empty file", "空文件"))
        .help(tr!(
            "a JSON data file must hold one object, e.g. {{\"name\": \"value\"}}",
            "JSON 数据文件必须包含一个对象，例如 {{\"名称\": \"值\"}}"
        ))]);
    }
    let options =
        ParseOptions { allow_comments: false, allow_loose_object_property_names: false, allow_trailing_commas: false };
    let parsed = parse_to_ast(src, &CollectOptions::default(), &options).map_err(|e| vec![syntax_problem(src, &e)])?;
    let Some(value) = parsed.value else {
        return Err(vec![SyntaxProblem::new(
            codes::EMPTY,
            tr!("the JSON file holds no value", "JSON 文件中没有任何内容"),
            0..0,
        )]);
    };
    let mut conv = Converter { src, problems: Vec::new(), lines: None };
    let node = conv.value(&value);
    if conv.problems.is_empty() {
        Ok(node)
    } else {
        conv.problems.sort_by_key(|p| p.span.start);
        Err(conv.problems)
    }
}

fn span(range: &Range) -> Span {
    range.start..range.end
}

fn syntax_problem(src: &str, err: &ParseError) -> SyntaxProblem {
    let kind = err.kind();
    let range = err.range();
    // An object or array that never closes: the place is its opening bracket.
    let at = match kind {
        ParseErrorKind::UnterminatedObject | ParseErrorKind::UnterminatedArray => range.start..range.start + 1,
        _ => span(&range),
    };
    let problem = SyntaxProblem::new(codes::SYNTAX, tr!("invalid JSON: {kind}", "JSON 格式错误：{kind}"), at)
        .label(kind.to_string());
    match kind {
        ParseErrorKind::CommentsNotAllowed => problem.help(tr!(
            "JSON does not allow comments; remove it, or use a .yaml or .toml file",
            "JSON 不允许注释；请删除，或改用 .yaml 或 .toml 文件"
        )),
        ParseErrorKind::TrailingCommasNotAllowed => problem.help(tr!(
            "JSON does not allow a comma after the last item; remove it",
            "JSON 不允许在最后一项后面加逗号；请删除"
        )),
        ParseErrorKind::ExpectedStringObjectProperty | ParseErrorKind::UnexpectedWord
            if src
                .get(err.range().start..)
                .and_then(|s| s.chars().next())
                .is_some_and(|c| !c.is_ascii_digit() && !"-[]{},:".contains(c)) =>
        {
            problem.help(tr!(
                "JSON keys and strings must be in double quotes, e.g. \"名称\"",
                "JSON 的键和字符串必须用双引号，例如 \"名称\""
            ))
        }
        _ => problem,
    }
}

/// Checks nesting without recursion. `Ok(false)` when there is nothing but whitespace and
/// comments; `Err` at the bracket that opens level `MAX_DEPTH + 1`.
fn prescan(src: &str) -> Result<bool, SyntaxProblem> {
    let bytes = src.as_bytes();
    let mut depth = 0usize;
    let mut content = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'"' | b'\'') => {
                content = true;
                i += 1;
                while i < bytes.len() && bytes[i] != q {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < bytes.len() && !(bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                i += 1;
            }
            b'[' | b'{' => {
                content = true;
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(too_deep(i..i + 1));
                }
            }
            b']' | b'}' => {
                content = true;
                depth = depth.saturating_sub(1);
            }
            b if b.is_ascii_whitespace() => {}
            _ => content = true,
        }
        i += 1;
    }
    Ok(content)
}

struct Converter<'s> {
    src: &'s str,
    problems: Vec<SyntaxProblem>,
    /// Line starts, indexed at the first duplicate key.
    lines: Option<LineStarts>,
}

impl Converter<'_> {
    /// Refuses `'single-quoted'` strings, which `jsonc-parser` lets through.
    fn check_quotes(&mut self, range: &Range) {
        if self.src.as_bytes().get(range.start) == Some(&b'\'') {
            self.problems.push(
                SyntaxProblem::new(
                    codes::SYNTAX,
                    tr!("JSON strings must use double quotes", "JSON 字符串必须用双引号"),
                    span(range),
                )
                .label(tr!("single-quoted string", "单引号字符串"))
                .help(tr!("replace the ' quotes with \"", "把 ' 引号换成 \"")),
            );
        }
    }

    /// Refuses two entries with no comma between them, which `jsonc-parser`
    /// lets through.
    fn need_comma(&mut self, end: usize, next: usize) {
        let between = self.src.get(end..next).unwrap_or_default();
        if between.contains(',') {
            return;
        }
        let line_start = self.src.get(..end).and_then(|b| b.rfind('\n')).map_or(0, |i| i + 1);
        let fixed = format!("{},", self.src.get(line_start..end).unwrap_or_default().trim());
        self.problems.push(
            SyntaxProblem::new(
                codes::MISSING_COMMA,
                tr!("a comma is missing after this value", "这个值后面缺少逗号"),
                end..end,
            )
            .label(tr!("add a comma here", "这里要加逗号"))
            .help(tr!(
                "the entries of a .json file are separated by commas: write `{fixed}`",
                ".json 文件中各项之间要用逗号分隔：应写作 `{fixed}`"
            )),
        );
    }

    /// Recursion depth is bounded by [`prescan`].
    fn value(&mut self, value: &Value) -> Node {
        match value {
            Value::StringLit(s) => {
                self.check_quotes(&s.range);
                let kind = NodeKind::String(s.value.to_string());
                Node { kind, span: span(&s.range) }
            }
            Value::NumberLit(n) => Node { kind: NodeKind::Number(n.value.to_owned()), span: span(&n.range) },
            Value::BooleanLit(b) => Node { kind: NodeKind::Bool(b.value), span: span(&b.range) },
            Value::NullKeyword(n) => Node { kind: NodeKind::Null, span: span(&n.range) },
            Value::Array(a) => {
                let items: Vec<Node> = a.elements.iter().map(|v| self.value(v)).collect();
                for pair in items.windows(2) {
                    if let [before, after] = pair {
                        self.need_comma(before.span.end, after.span.start);
                    }
                }
                Node { kind: NodeKind::Array(items), span: span(&a.range) }
            }
            Value::Object(o) => {
                let mut first_seen: HashMap<&str, usize> = HashMap::new();
                let mut entries: Vec<Entry> = Vec::with_capacity(o.properties.len());
                for prop in &o.properties {
                    let (key, key_range) = match &prop.name {
                        ObjectPropName::String(lit) => {
                            self.check_quotes(&lit.range);
                            (lit.value.as_ref(), &lit.range)
                        }
                        ObjectPropName::Word(word) => (word.value, &word.range),
                    };
                    if let Some(&first) = first_seen.get(key) {
                        let src = self.src;
                        let line = self.lines.get_or_insert_with(|| LineStarts::new(src)).line_of(first);
                        self.problems.push(duplicate_key(key, span(key_range), line));
                    } else {
                        first_seen.insert(key, key_range.start);
                    }
                    if let Some(before) = entries.last() {
                        self.need_comma(before.value.span.end, key_range.start);
                    }
                    let value = self.value(&prop.value);
                    entries.push(Entry { key: key.to_owned(), key_span: span(key_range), value });
                }
                Node { kind: NodeKind::Table(entries), span: span(&o.range) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tree::{codes, test_get as get, NodeKind};
    use super::parse;

    #[test]
    fn spans_after_chinese_text_and_crlf() {
        let text =
            "{\r\n  \"名称\": \"某某镇\",\r\n  \"在职人员数\": 58,\r\n  \"比例\": [0.1, -3, 1e-2, true, null]\r\n}";
        let root = parse(text).unwrap();
        let n = get(&root, "在职人员数");
        assert_eq!(n.kind, NodeKind::Number("58".into()));
        assert_eq!(&text[n.span.clone()], "58");
        let NodeKind::Table(entries) = &root.kind else { panic!() };
        assert_eq!(&text[entries[1].key_span.clone()], "\"在职人员数\"");
        let NodeKind::Array(items) = &get(&root, "比例").kind else { panic!() };
        assert_eq!(&text[items[2].span.clone()], "1e-2");
        assert_eq!(items[3].kind, NodeKind::Bool(true));
        assert_eq!(items[4].kind, NodeKind::Null);
        assert_eq!(get(&root, "名称").kind, NodeKind::String("某某镇".into()));
    }

    #[test]
    fn duplicate_keys() {
        let text = "{\n  \"a\": 1,\n  \"b\": {\"a\": 2},\n  \"a\": 3\n}";
        let problems = parse(text).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, codes::DUPLICATE_KEY);
        assert_eq!(problems[0].span.start, text.rfind("\"a\"").unwrap());
        assert!(problems[0].help.as_deref().unwrap().contains("line 2"));
    }

    #[test]
    fn empty_and_strictness() {
        for text in ["", "  \n", "// nothing\n/* at all */"] {
            assert_eq!(parse(text).unwrap_err()[0].code, codes::EMPTY, "{text:?}");
        }
        for text in ["{\"a\": 1,}", "{a: 1}", "{\"a\": 1} // c", "{'a': 1}", "[1] [2]", "{\"a\": }"] {
            let problems = parse(text).unwrap_err();
            assert_eq!(problems[0].code, codes::SYNTAX, "{text:?}");
        }
        let ok = format!("{}{}", "[".repeat(64), "]".repeat(64));
        assert!(parse(&ok).is_ok());
        let problems = parse("{\"a\": }").unwrap_err();
        assert_eq!(problems[0].span, 6..7);
    }
}
