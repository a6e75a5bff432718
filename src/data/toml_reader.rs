//! Reads TOML (via `toml_edit`'s span-preserving `ImDocument`) into a [`Node`] tree.

use super::tree::{codes, too_deep, Entry, LineStarts, Node, NodeKind, Span, SyntaxProblem, MAX_DEPTH};
use crate::tr;
use toml_edit::{ImDocument, Item, Key, Table, TomlError, Value};

/// Parses TOML text (without a BOM). An empty file is an empty table.
pub(crate) fn parse(src: &str) -> Result<Node, Vec<SyntaxProblem>> {
    let doc = match ImDocument::parse(src) {
        Ok(doc) => doc,
        Err(err) => return Err(error_problems(src, &err)),
    };
    let problems = Vec::new();
    let mut conv = Converter { src, problems };
    let root = conv.table(doc.as_table(), 0..src.len(), 1);
    if conv.problems.is_empty() {
        Ok(root)
    } else {
        Err(conv.problems)
    }
}

struct Converter<'s> {
    src: &'s str,
    problems: Vec<SyntaxProblem>,
}

impl Converter<'_> {
    /// Whether a container at `depth` is within [`MAX_DEPTH`] (reporting the first that is not).
    fn within_limit(&mut self, depth: usize, span: &Span) -> bool {
        if depth > MAX_DEPTH && !self.problems.iter().any(|p| p.code == codes::TOO_DEEP) {
            self.problems.push(too_deep(span.clone()));
        }
        depth <= MAX_DEPTH
    }

    fn entries<'a>(
        &mut self,
        pairs: impl Iterator<Item = (&'a Key, &'a Item)>,
        table_span: &Span,
        depth: usize,
    ) -> NodeKind {
        let mut entries = Vec::new();
        for (key, item) in pairs {
            let key_span = key.span().unwrap_or(table_span.start..table_span.start);
            let value = self.item(item, &key_span, depth + 1);
            let key = key.get().to_owned();
            entries.push(Entry { key, key_span, value });
        }
        // Tables written as `[headers]` are attached when they end; restore document order
        // (a table's place is where it or its first child is first written).
        entries.sort_by_key(|e| match &e.value.kind {
            NodeKind::Table(children) => {
                children.first().map_or(e.key_span.start, |c| c.key_span.start.min(e.key_span.start))
            }
            _ => e.key_span.start,
        });
        NodeKind::Table(entries)
    }

    fn table(&mut self, table: &Table, span: Span, depth: usize) -> Node {
        let kind = if self.within_limit(depth, &span) {
            let pairs = table.iter().filter_map(|(k, _)| table.get_key_value(k));
            self.entries(pairs, &span, depth)
        } else {
            NodeKind::Other("too deep")
        };
        Node { kind, span }
    }

    /// `fallback` is the key's span, used where the item has none (implicit tables).
    fn item(&mut self, item: &Item, fallback: &Span, depth: usize) -> Node {
        let span = item.span().unwrap_or_else(|| fallback.clone());
        let kind = match item {
            Item::None => NodeKind::Null,
            Item::Value(v) => return self.value(v, fallback, depth),
            Item::Table(t) => return self.table(t, span, depth),
            Item::ArrayOfTables(_) if !self.within_limit(depth, &span) => NodeKind::Other("too deep"),
            Item::ArrayOfTables(array) => {
                let mut items = Vec::new();
                for t in array.iter() {
                    let t_span = t.span().unwrap_or_else(|| span.clone());
                    items.push(self.table(t, t_span, depth + 1));
                }
                NodeKind::Array(items)
            }
        };
        Node { kind, span }
    }

    fn value(&mut self, value: &Value, fallback: &Span, depth: usize) -> Node {
        let span = value.span().unwrap_or_else(|| fallback.clone());
        let container = matches!(value, Value::Array(_) | Value::InlineTable(_));
        let kind = match value {
            _ if container && !self.within_limit(depth, &span) => NodeKind::Other("too deep"),
            Value::String(s) => NodeKind::String(s.value().clone()),
            Value::Integer(f) => NodeKind::Number(self.raw(f.as_repr(), &span)),
            Value::Float(f) => NodeKind::Number(self.raw(f.as_repr(), &span)),
            Value::Boolean(b) => NodeKind::Bool(*b.value()),
            Value::Datetime(_) => NodeKind::Other("datetime"),
            Value::Array(array) => {
                let mut items = Vec::new();
                for v in array.iter() {
                    items.push(self.value(v, &span, depth + 1));
                }
                NodeKind::Array(items)
            }
            Value::InlineTable(t) => {
                let pairs = t.iter().filter_map(|(k, _)| t.get_key_value(k));
                self.entries(pairs, &span, depth)
            }
        };
        Node { kind, span }
    }

    /// The number as written: the repr if it holds text, else the source at its span.
    fn raw(&self, repr: Option<&toml_edit::Repr>, span: &Span) -> String {
        repr.and_then(|r| r.as_raw().as_str())
            .or_else(|| self.src.get(span.clone()))
            .unwrap_or_default()
            .trim()
            .to_owned()
    }
}

/// The problems for a failed parse: every unquoted non-ASCII key, plus `toml_edit`'s error
/// unless it is on a line already explained by one of those.
fn error_problems(src: &str, err: &TomlError) -> Vec<SyntaxProblem> {
    let mut problems = unquoted_keys(src);
    let span = err.span().unwrap_or(0..0);
    let lines = LineStarts::new(src);
    let line = lines.line_of(span.start);
    if !problems.iter().any(|p| lines.line_of(p.span.start) == line) {
        let lines: Vec<&str> = err.message().lines().filter(|l| !l.is_empty()).collect();
        let problem = if err.message().contains("recursion limit") {
            too_deep(span)
        } else if err.message().contains("duplicate key") {
            let what = lines.join(": ");
            SyntaxProblem::new(codes::DUPLICATE_KEY, tr!("{what}", "键重复：{what}"), span)
                .label(tr!("defined again here", "此处再次定义"))
                .help(tr!(
                    "a key or [table] header may appear only once in each table",
                    "同一个表中，每个键或 [表] 标题只能出现一次"
                ))
        } else {
            let label = lines.last().map_or_else(|| tr!("here", "此处"), |l| (*l).to_string());
            let what = lines.join("; ");
            let problem = SyntaxProblem::new(codes::SYNTAX, tr!("invalid TOML: {what}", "TOML 格式错误：{what}"), span)
                .label(label);
            if err.message().contains("number too large") {
                problem.help(tr!(
                    "TOML integers must fit in 64 bits; add `.0` (e.g. `12345678901234567890.0`): \
                     it is still read exactly",
                    "TOML 整数必须在 64 位范围内；请加上 `.0`（如 `12345678901234567890.0`），\
                     仍会被精确读取"
                ))
            } else {
                problem
            }
        };
        problems.push(problem);
    }
    problems.sort_by_key(|p| p.span.start);
    problems
}

/// Finds every line whose key (or `[header]`) has a bare, non-ASCII part such as
/// `在职人员数 = 58`, skipping the insides of multi-line strings.
fn unquoted_keys(src: &str) -> Vec<SyntaxProblem> {
    let mut problems = Vec::new();
    let mut open_multiline: Option<&str> = None;
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if let Some(delim) = open_multiline {
            if content.matches(delim).count() % 2 == 1 {
                open_multiline = None;
            }
            continue;
        }
        let indent = content.len() - content.trim_start().len();
        let body = &content[indent..];
        let (key_start, key_end) = if let Some(inner) = body.strip_prefix('[') {
            let skip = if inner.starts_with('[') { 2 } else { 1 };
            match find_unquoted(&body[skip..], ']') {
                Some(end) => (skip, skip + end),
                None => continue,
            }
        } else if body.starts_with('#') {
            continue;
        } else {
            match find_unquoted(body, '=') {
                Some(eq) => {
                    for delim in ["\"\"\"", "'''"] {
                        if body[eq..].matches(delim).count() % 2 == 1 {
                            open_multiline = Some(delim);
                        }
                    }
                    (0, eq)
                }
                None => continue,
            }
        };
        let bad = bare_non_ascii_segments(&body[key_start..key_end]);
        if bad.is_empty() {
            continue;
        }
        let mut fixed = body.trim_end().to_owned();
        for seg in bad.iter().rev() {
            let (s, e) = (key_start + seg.start, key_start + seg.end);
            fixed.replace_range(s..e, &format!("\"{}\"", &body[s..e]));
        }
        for seg in bad {
            let start = line_start + indent + key_start + seg.start;
            let span = start..line_start + indent + key_start + seg.end;
            problems.push(
                SyntaxProblem::new(
                    codes::UNQUOTED_KEY,
                    tr!(
                        "TOML keys with Chinese (or other non-ASCII) characters must be quoted",
                        "TOML 中含中文（或其他非 ASCII 字符）的键必须加引号"
                    ),
                    span,
                )
                .label(tr!("this key needs quotes", "这个键需要加引号"))
                .help(tr!("write {fixed}", "应写作 {fixed}")),
            );
        }
    }
    problems
}

/// Byte offset of the first `target` outside `"…"` / `'…'` strings.
fn find_unquoted(s: &str, target: char) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == target => return Some(i),
            None => {}
        }
    }
    None
}

/// Ranges (trimmed) of the dot-separated parts of `key` that are unquoted and non-ASCII.
fn bare_non_ascii_segments(key: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut rest_start = 0;
    loop {
        let rest = &key[rest_start..];
        let end = find_unquoted(rest, '.').map_or(key.len(), |i| rest_start + i);
        let seg = &key[rest_start..end];
        let lead = seg.len() - seg.trim_start().len();
        let trimmed = seg.trim();
        if !trimmed.is_empty()
            && !trimmed.starts_with(['"', '\'', '“', '”'])
            && !trimmed.is_ascii()
            && !trimmed.contains(['"', '\'', ' ', '\t'])
        {
            out.push(rest_start + lead..rest_start + lead + trimmed.len());
        }
        if end >= key.len() {
            return out;
        }
        rest_start = end + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::super::tree::{codes, test_get, Node, NodeKind};
    use super::parse;

    fn get<'a>(node: &'a Node, path: &[&str]) -> &'a Node {
        path.iter().fold(node, |n, key| test_get(n, key))
    }

    fn keys(node: &Node) -> Vec<&str> {
        match &node.kind {
            NodeKind::Table(entries) => entries.iter().map(|e| e.key.as_str()).collect(),
            other => panic!("not a table: {other:?}"),
        }
    }

    #[test]
    fn spans_after_chinese_text_and_crlf() {
        let text = "\"名称\" = \"某某镇\"\r\n\"在职人员数\" = 58\r\n\"比例\" = { \"值\" = 0.1 }\r\n";
        let root = parse(text).unwrap();
        let n = get(&root, &["在职人员数"]);
        assert_eq!(n.kind, NodeKind::Number("58".into()));
        assert_eq!(&text[n.span.clone()], "58");
        assert_eq!(&text[get(&root, &["名称"]).span.clone()], "\"某某镇\"");
        assert_eq!(&text[get(&root, &["比例", "值"]).span.clone()], "0.1");
        assert_eq!(keys(&root), ["名称", "在职人员数", "比例"]);
        let NodeKind::Table(entries) = &root.kind else { panic!() };
        assert_eq!(&text[entries[1].key_span.clone()], "\"在职人员数\"");
    }

    #[test]
    fn dotted_keys_and_headers_nest() {
        let text = "a.b.c = 1\n[inputs]\nx = -3\n[reported.items]\ny = 1_000\nz = 1e-2\n";
        let root = parse(text).unwrap();
        assert_eq!(keys(&root), ["a", "inputs", "reported"]);
        let c = get(&root, &["a", "b", "c"]);
        assert_eq!(&text[c.span.clone()], "1");
        let NodeKind::Table(entries) = &get(&root, &["a"]).kind else { panic!() };
        assert_eq!(&text[entries[0].key_span.clone()], "b");
        assert_eq!(get(&root, &["inputs", "x"]).kind, NodeKind::Number("-3".into()));
        let items = get(&root, &["reported", "items"]);
        assert_eq!(keys(items), ["y", "z"]);
        assert_eq!(get(items, &["y"]).kind, NodeKind::Number("1_000".into()));
        assert_eq!(get(items, &["z"]).kind, NodeKind::Number("1e-2".into()));
        assert!(text[items.span.clone()].starts_with("[reported.items]"));
        let NodeKind::Table(top) = &root.kind else { panic!() };
        assert_eq!(&text[top[2].key_span.clone()], "reported");
    }

    #[test]
    fn other_values() {
        let text = "d = 1979-05-27\nt = true\narr = [\"x\", 0x10, +5]\n[[rows]]\nn = 1\n[[rows]]\nn = 2\n";
        let root = parse(text).unwrap();
        assert_eq!(get(&root, &["d"]).kind, NodeKind::Other("datetime"));
        assert_eq!(get(&root, &["t"]).kind, NodeKind::Bool(true));
        let NodeKind::Array(arr) = &get(&root, &["arr"]).kind else { panic!() };
        assert_eq!(arr[0].kind, NodeKind::String("x".into()));
        assert_eq!(arr[1].kind, NodeKind::Number("0x10".into()));
        assert_eq!(arr[2].kind, NodeKind::Number("+5".into()));
        let NodeKind::Array(rows) = &get(&root, &["rows"]).kind else { panic!() };
        assert_eq!(rows.len(), 2);
        let order = "[a.b]\nx = 1\n[c]\ny = 2\n[a]\nz = 3\n";
        assert_eq!(keys(&parse(order).unwrap()), ["a", "c"]);
        let big = parse("x = 12345678901234567890\n").unwrap_err();
        assert!(big[0].help.as_deref().unwrap().contains(".0"));
        let exact = parse("x = 12345678901234567890.5\n").unwrap();
        assert_eq!(get(&exact, &["x"]).kind, NodeKind::Number("12345678901234567890.5".into()));
        assert_eq!(&text[get(&rows[1], &["n"]).span.clone()], "2");
        assert!(text[rows[1].span.clone()].starts_with("[[rows]]"));
    }

    #[test]
    fn empty_file_is_empty_table() {
        for text in ["", "  \n# only a comment\n"] {
            assert_eq!(parse(text).unwrap().kind, NodeKind::Table(vec![]));
        }
    }

    #[test]
    fn syntax_error_span() {
        let text = "a = 1\r\nb = \"中文\"\r\nc = x\r\n";
        let problems = parse(text).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, codes::SYNTAX);
        assert_eq!(&text[problems[0].span.clone()], "x");
    }

    #[test]
    fn duplicate_keys() {
        let text = "a = 1\na = 2\n";
        let problems = parse(text).unwrap_err();
        assert_eq!(problems[0].code, codes::DUPLICATE_KEY);
        assert_eq!(problems[0].span.start, 6);
        let problems = parse("[t]\nx = 1\n[t]\ny = 2\n").unwrap_err();
        assert_eq!(problems[0].code, codes::DUPLICATE_KEY);
    }

    #[test]
    fn unquoted_chinese_keys_all_reported() {
        let text = "名称 = \"镇\"\n\"好\" = 1\ns = \"\"\"\n假 = 1\n\"\"\"\n  在职人员数 = 58 # 人\n[表.\"乙\"]\n";
        let problems = parse(text).unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(problems.iter().all(|p| p.code == codes::UNQUOTED_KEY));
        assert_eq!(&text[problems[0].span.clone()], "名称");
        assert_eq!(problems[0].help.as_deref(), Some("write \"名称\" = \"镇\""));
        assert_eq!(&text[problems[1].span.clone()], "在职人员数");
        assert_eq!(problems[1].help.as_deref(), Some("write \"在职人员数\" = 58 # 人"));
        assert_eq!(&text[problems[2].span.clone()], "表");
        assert_eq!(problems[2].help.as_deref(), Some("write [\"表\".\"乙\"]"));
    }

    #[test]
    fn unrelated_error_kept_with_hints() {
        let text = "a = [1,\n在职 = 2\n";
        let problems = parse(text).unwrap_err();
        let codes: Vec<_> = problems.iter().map(|p| p.code).collect();
        assert!(codes.contains(&super::codes::UNQUOTED_KEY));
    }

    #[test]
    fn nesting_limit() {
        let deep = format!("a = {}1{}\n", "[".repeat(70), "]".repeat(70));
        assert_eq!(parse(&deep).unwrap_err()[0].code, codes::TOO_DEEP);
        let deeper = format!("a = {}1{}\n", "[".repeat(100), "]".repeat(100));
        assert_eq!(parse(&deeper).unwrap_err()[0].code, codes::TOO_DEEP);
        let key = vec!["k"; 70].join(".");
        let problems = parse(&format!("{key} = 1\n")).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, codes::TOO_DEEP);
        let ok = format!("a = {}1{}\n", "[".repeat(63), "]".repeat(63));
        assert!(parse(&ok).is_ok());
    }
}
