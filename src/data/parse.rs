//! Reading a data file's text into the tree: the format's reader, then what
//! every format shares (a leading byte-order mark skipped, a stray one named,
//! problems capped).

use super::recover::Read;
use super::tree::{codes, Format, Node, SyntaxProblem, BOM};
use crate::tr;

/// Parses a whole data file. All problems found, not just the first (each
/// explained in a clerk's words, see [`read`]). A leading UTF-8 byte-order mark
/// is skipped; spans still index `text`.
pub fn parse(format: Format, text: &str) -> Result<Node, Vec<SyntaxProblem>> {
    let read = read(format, text);
    match read.tree {
        Some(tree) if read.problems.is_empty() => Ok(tree),
        _ => Err(read.problems),
    }
}

/// Reads a whole data file as far as it can be read: every problem, and the
/// data of the lines that could be read (`tree` is `None` when nothing could
/// be; a value on a line that could not be read is `Other("unreadable")`).
/// A file larger than [`MAX_DATA_BYTES`] is refused before it is read.
pub fn read(format: Format, text: &str) -> Read {
    if text.len() > MAX_DATA_BYTES {
        return Read { tree: None, problems: vec![too_large(text.len())] };
    }
    let (body, base) = match text.strip_prefix(BOM) {
        Some(rest) => (rest, BOM.len()),
        None => (text, 0),
    };
    let reader = |work: &str| {
        let result = match format {
            Format::Toml => super::toml_reader::parse(work),
            Format::Json => super::json_reader::parse(work),
            Format::Yaml => super::yaml_reader::parse(work),
        };
        result.map_err(|mut problems| {
            for p in &mut problems {
                mark_stray_bom(work, p);
            }
            problems
        })
    };
    let mut read = super::recover::read_body(format, body, reader);
    if base > 0 {
        if let Some(tree) = &mut read.tree {
            shift_node(tree, base);
        }
        for p in &mut read.problems {
            p.span = p.span.start + base..p.span.end + base;
        }
    }
    read
}

/// The largest data file read: the limit on any file
/// ([`crate::base::limits::Limits::max_file_bytes`]).
pub const MAX_DATA_BYTES: usize = 16 * 1024 * 1024;

/// A [`codes::TOO_LARGE`] problem for a file of `bytes`.
fn too_large(bytes: usize) -> SyntaxProblem {
    let (mb, max) = (bytes.div_ceil(1024 * 1024), MAX_DATA_BYTES / 1024 / 1024);
    SyntaxProblem::new(
        codes::TOO_LARGE,
        tr!("the file is {mb} MB; a data file may be at most {max} MB", "文件有 {mb} MB；数据文件最大 {max} MB"),
        0..0,
    )
    .label(tr!("the file starts here", "文件从这里开始"))
    .help(tr!(
        "one unit's data is a few kilobytes: check that this is the right file; many units go in a \
         spreadsheet or a folder of files (rubric batch)",
        "一个单位的数据只有几 KB：请确认文件是否选对；多个单位的数据请放在表格或文件夹中（rubric batch）"
    ))
}

/// Turns a syntax error that sits on a U+FEFF character into a [`codes::BOM`] problem.
fn mark_stray_bom(body: &str, p: &mut SyntaxProblem) {
    if p.code == codes::SYNTAX && body.get(p.span.start..).is_some_and(|s| s.starts_with(BOM)) {
        p.code = codes::BOM;
        p.message = tr!("stray byte-order mark (U+FEFF) in the file", "文件中有多余的字节顺序标记（U+FEFF）");
        p.span = p.span.start..p.span.start + BOM.len();
        p.label = tr!("invisible U+FEFF character here", "此处有不可见的 U+FEFF 字符");
        p.help = Some(tr!(
            "delete this invisible character; it often appears when files are pasted together",
            "删除这个不可见字符；它常在拼接文件时混入"
        ));
    }
}

/// Adds `by` to every span in the tree, without recursion.
pub(crate) fn shift_node(root: &mut Node, by: usize) {
    root.visit_mut(|node| node.span = node.span.start + by..node.span.end + by, |key| *key = key.start + by..key.end + by);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::tree::{char_span, match_end, test_get, LineStarts, NodeKind, Span};

    #[test]
    fn bom_keeps_spans_in_every_format() {
        let cases = [
            (Format::Toml, "\u{feff}\"名称\" = \"镇\"\n'人数' = 58\n"),
            (Format::Json, "\u{feff}{\"名称\": \"镇\", \"人数\": 58}"),
            (Format::Yaml, "\u{feff}名称: 镇\n人数: 58\n"),
        ];
        for (format, text) in cases {
            let node = parse(format, text).unwrap();
            let n = test_get(&node, "人数");
            assert_eq!(&text[n.span.clone()], "58", "{format:?}");
            let NodeKind::Table(entries) = &node.kind else { panic!() };
            assert_eq!(text[entries[1].key_span.clone()].trim_matches(['"', '\'']), "人数");
        }
    }

    #[test]
    fn bom_problem_spans_index_original_text() {
        let text = "\u{feff}{\"a\": }";
        let problems = parse(Format::Json, text).unwrap_err();
        assert_eq!(&text[problems[0].span.clone()], "}");
    }

    #[test]
    fn stray_bom_is_named() {
        let text = "{\"a\": 1,\u{feff} \"b\": 2}";
        let problems = parse(Format::Json, text).unwrap_err();
        assert_eq!(problems[0].code, codes::BOM);
        assert_eq!(&text[problems[0].span.clone()], "\u{feff}");
    }

    /// Input nested 10,000 deep, parsed on a 2 MiB stack: refused, no overflow.
    #[test]
    fn ten_thousand_deep_is_refused_on_a_small_stack() {
        let handle = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(|| {
                let arrays = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
                let objects = "{\"a\":".repeat(10_000);
                // 1,000 levels: 10,000 would be a 48 MB file, refused for its size.
                let block: String = (0..1_000).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
                let toml = format!("a = {}\n", "[".repeat(10_000));
                [
                    parse(Format::Json, &arrays),
                    parse(Format::Json, &objects),
                    parse(Format::Yaml, &arrays),
                    parse(Format::Yaml, &block),
                    parse(Format::Toml, &toml),
                ]
            })
            .unwrap();
        let results = handle.join().unwrap();
        for (i, result) in results.iter().enumerate() {
            let problems = result.as_ref().unwrap_err();
            assert_eq!(problems[0].code, codes::TOO_DEEP, "case {i}: {problems:?}");
        }
        let json = results[0].as_ref().unwrap_err();
        assert_eq!((json.len(), json[0].span.clone()), (1, 64..65));
        let ok: String = (0..64).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        assert!(parse(Format::Yaml, &ok).is_ok());
    }

    /// Random junk never panics and every span slices the text.
    #[test]
    fn garbage_never_panics() {
        let alphabet: Vec<char> = "ab1 0.-+e:_\"'\\[]{},#&*!|>?\n\r\t=中文\u{feff}~".chars().collect();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..seed % 40 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            for format in [Format::Toml, Format::Json, Format::Yaml] {
                let spans: Vec<Span> = match parse(format, &text) {
                    Ok(node) => vec![node.span],
                    Err(problems) => problems.into_iter().map(|p| p.span).collect(),
                };
                for span in spans {
                    assert!(text.get(span.clone()).is_some(), "{format:?} {text:?} {span:?}");
                }
            }
        }
    }

    #[test]
    fn helpers() {
        assert_eq!(match_end("x: a\n  b # c", 3, "a b"), 8);
        assert_eq!(match_end("x: ab\r\ny: 1", 3, "zz"), 5);
        assert_eq!(LineStarts::new("a\nb\nc").line_of(4), 3);
        assert_eq!(char_span("a中", 1), 1..4);
        assert_eq!(char_span("a", 1), 1..1);
    }
}
