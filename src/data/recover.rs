//! Reading a data file that does not parse, as far as it can be read.
//!
//! The readers stop at their first error. Here each problem is explained in
//! a clerk's words ([`super::explain`]) and its line patched so that the
//! reader can go on; the patched text is read again, until it reads (then
//! the tree is kept, so what the file gives is still scored) or nothing more
//! can be done (then there is no tree). A value that could not be read stays
//! in the tree under its key, as `Other("unreadable")` at the place it is
//! written, so that nothing is reported missing that was in fact given.
//!
//! The work is bounded: a file is read at most [`READS`] times over (small
//! files more), and at most [`MAX_PROBLEMS`] problems are explained.

use super::explain::{explain, Patch, DROPPED, UNREAD};
use super::tree::{Format, Node, NodeKind, Span, SyntaxProblem, MAX_PROBLEMS};
use crate::tr;

/// How many times over a large file may be read while looking past its problems.
const READS: usize = 6;
/// Bytes any file may read in all, however small it is (many problems in a small file).
const FLOOR: usize = 4 << 20;

/// What could be read of a data file.
#[derive(Debug)]
pub struct Read {
    /// The data; `None` when nothing could be read.
    pub tree: Option<Node>,
    /// Every problem found, in the order of the file.
    pub problems: Vec<SyntaxProblem>,
}

/// Reads `body` with `reader`, looking past each problem found.
pub(super) fn read_body(
    format: Format,
    body: &str,
    reader: impl Fn(&str) -> Result<Node, Vec<SyntaxProblem>>,
) -> Read {
    let mut found = match reader(body) {
        Ok(tree) => return Read { tree: Some(tree), problems: Vec::new() },
        Err(found) => found,
    };
    let mut patches = Patches { original: body, list: Vec::new() };
    let mut problems: Vec<SyntaxProblem> = Vec::new();
    let budget = body.len().saturating_mul(READS).max(FLOOR);
    let mut spent = body.len();
    loop {
        let mut progressed = false;
        let mut stop = false;
        let map = patches.map();
        let earlier = patches.list.clone();
        for problem in found {
            let span = map.to_original(problem.span.start)..map.to_original(problem.span.end);
            if problems.len() >= MAX_PROBLEMS || touches(&earlier, &span) {
                // A problem on a line set right in an earlier reading only follows from it.
                stop = true;
                break;
            }
            let explained = explain(format, body, SyntaxProblem { span: span.clone(), ..problem });
            problems.push(explained.problem);
            if touches(&patches.list, &span) {
                // Another problem of a line set right in this reading (two bare keys on one line).
                continue;
            }
            match explained.patch.map(|patch| patches.add(patch)) {
                Some(true) => progressed = true,
                _ => stop = true,
            }
        }
        let work = patches.text();
        spent = spent.saturating_add(work.len());
        if stop || !progressed {
            return finish(None, problems);
        }
        if spent > budget || problems.len() >= MAX_PROBLEMS {
            let mut read = finish(None, problems);
            let at = read.problems.last().map_or(0..0, |p| p.span.clone());
            read.problems.push(stopped(at));
            return read;
        }
        match reader(&work) {
            Ok(mut tree) => {
                patches.map().restore(&mut tree, &patches.list);
                return finish(Some(tree), problems);
            }
            Err(more) => found = more,
        }
    }
}

/// Whether `span` (in the original) touches one of the patched ranges.
fn touches(patches: &[Patch], span: &Span) -> bool {
    patches.iter().any(|p| span.start <= p.range.end && p.range.start <= span.end.max(span.start))
}

/// Where reading stopped with more problems to find than it may look for.
fn stopped(at: Span) -> SyntaxProblem {
    SyntaxProblem::new(
        super::tree::codes::SYNTAX,
        tr!(
            "the file has more lines that cannot be read than are shown here",
            "文件中无法读取的行比这里列出的更多"
        ),
        at,
    )
    .label(tr!("reading stopped here", "读到这里为止"))
    .help(tr!(
        "set these lines right and read the file again to see the rest",
        "请先改正上面这些行，再读取一次，以查看其余问题"
    ))
}

fn finish(tree: Option<Node>, mut problems: Vec<SyntaxProblem>) -> Read {
    problems.sort_by_key(|p| p.span.start);
    Read { tree, problems }
}

/// The original text and the patches laid over it (sorted, not overlapping).
struct Patches<'t> {
    original: &'t str,
    list: Vec<Patch>,
}

impl Patches<'_> {
    /// Adds a patch; false when it overlaps one already laid.
    fn add(&mut self, patch: Patch) -> bool {
        // By start; at the same start, an insertion before a replacement.
        let before = |p: &Patch| {
            p.range.start < patch.range.start
                || (p.range.start == patch.range.start && p.range.is_empty() && !patch.range.is_empty())
        };
        let at = self.list.partition_point(before);
        let clashes_before = at.checked_sub(1).and_then(|i| self.list.get(i)).is_some_and(|p| p.range.end > patch.range.start);
        let clashes_after = self.list.get(at).is_some_and(|p| {
            p.range.start < patch.range.end || (p.range.start == patch.range.start && p.range.is_empty() == patch.range.is_empty())
        });
        if clashes_before || clashes_after || self.original.get(patch.range.clone()).is_none() {
            return false;
        }
        self.list.insert(at, patch);
        true
    }


    /// The text with the patches laid over it.
    fn text(&self) -> String {
        let mut out = String::with_capacity(self.original.len() + 64);
        let mut from = 0;
        for p in &self.list {
            out.push_str(self.original.get(from..p.range.start).unwrap_or_default());
            out.push_str(&p.text);
            from = p.range.end;
        }
        out.push_str(self.original.get(from..).unwrap_or_default());
        out
    }

    fn map(&self) -> OffsetMap {
        let mut places = Vec::with_capacity(self.list.len());
        let mut delta: isize = 0;
        for p in &self.list {
            let start = p.range.start.saturating_add_signed(delta);
            let written = self.original.get(p.range.clone()).unwrap_or_default();
            let (prefix, suffix) = common_ends(written, &p.text);
            places.push(Place { start, end: start + p.text.len(), original: p.range.clone(), delta, prefix, suffix });
            delta += p.text.len() as isize - p.range.len() as isize;
        }
        OffsetMap { places }
    }
}

/// A patch's place in the patched text.
struct Place {
    start: usize,
    end: usize,
    original: Span,
    /// Patched minus original offsets before it.
    delta: isize,
    /// Bytes the patch and the original begin with alike.
    prefix: usize,
    /// Bytes they end with alike (a value kept after a key set right).
    suffix: usize,
}

/// The lengths of the common beginning and end of `a` and `b`, on character boundaries.
fn common_ends(a: &str, b: &str) -> (usize, usize) {
    let prefix = a.char_indices().zip(b.chars()).take_while(|((_, x), y)| x == y).last().map_or(0, |((i, c), _)| i + c.len_utf8());
    let rest = a.len().min(b.len()) - prefix;
    let suffix = a.chars().rev().zip(b.chars().rev()).take_while(|(x, y)| x == y).map(|(c, _)| c.len_utf8()).sum::<usize>();
    (prefix, suffix.min(rest))
}

/// Offsets of the patched text → offsets of the original.
struct OffsetMap {
    places: Vec<Place>,
}

impl OffsetMap {
    fn to_original(&self, offset: usize) -> usize {
        let after = self.places.partition_point(|p| p.start <= offset);
        match after.checked_sub(1).and_then(|i| self.places.get(i)) {
            Some(p) if offset <= p.end => {
                let inside = offset - p.start;
                if inside <= p.prefix {
                    p.original.start + inside
                } else if p.end - offset <= p.suffix {
                    p.original.end - (p.end - offset)
                } else {
                    p.original.start + p.prefix
                }
            }
            Some(p) => offset.saturating_add_signed(-(p.delta + p.end as isize - p.start as isize - p.original.len() as isize)),
            None => offset,
        }
    }

    /// The patch whose text holds `offset` of the patched text.
    fn place(&self, offset: usize) -> Option<usize> {
        let after = self.places.partition_point(|p| p.start <= offset);
        after.checked_sub(1).filter(|i| self.places.get(*i).is_some_and(|p| offset < p.end))
    }

    /// Puts the tree's spans back on the original text, turns placeholders
    /// into unreadable values at their place, and drops left-out entries.
    fn restore(&self, root: &mut Node, patches: &[Patch]) {
        let restore_node = |node: &mut Node| {
            let unread = matches!(&node.kind, NodeKind::String(s) if s.len() == UNREAD.len_utf8() && s.starts_with(UNREAD));
            let value = self.place(node.span.start).and_then(|i| patches.get(i)).and_then(|p| p.value.clone());
            match (unread, value) {
                (true, Some(value)) => {
                    node.kind = NodeKind::Other("unreadable");
                    node.span = value;
                }
                _ => node.span = self.to_original(node.span.start)..self.to_original(node.span.end),
            }
            if let NodeKind::Table(entries) = &mut node.kind {
                entries.retain(|e| !e.key.starts_with(DROPPED));
            }
        };
        root.visit_mut(restore_node, |key| *key = self.to_original(key.start)..self.to_original(key.end));
    }
}

#[cfg(test)]
mod tests {
    use crate::data::tree::{codes, test_get, Format, NodeKind, MAX_PROBLEMS};
    use crate::data::{parse, read};

    #[test]
    fn every_broken_line_is_reported_and_the_rest_is_read() {
        let text = "[unit]\nname = \"测试镇\n\n[inputs]\n\"a\" = ２\n\"b\" = 3\n\"c\" ＝ 4\n\"d\" = 良\n";
        let read = read(Format::Toml, text);
        let at: Vec<&str> = read.problems.iter().map(|p| &text[p.span.clone()]).collect();
        assert_eq!(at, ["\"测试镇", "２", "＝", "良"]);
        let tree = read.tree.expect("the rest is read");
        let inputs = test_get(&tree, "inputs");
        assert_eq!(test_get(inputs, "b").kind, NodeKind::Number("3".into()));
        // `＝` is set right, so the value on its line is read.
        assert_eq!(test_get(inputs, "c").kind, NodeKind::Number("4".into()));
        // Values written wrong stay under their key, unread, at their place.
        for (key, written) in [("a", "２"), ("d", "良")] {
            let node = test_get(inputs, key);
            assert_eq!(node.kind, NodeKind::Other("unreadable"), "{key}");
            assert_eq!(&text[node.span.clone()], written);
        }
        assert_eq!(test_get(test_get(&tree, "unit"), "name").kind, NodeKind::Other("unreadable"));
        assert!(parse(Format::Toml, text).is_err(), "parse still refuses the file");
    }

    #[test]
    fn spans_after_patches_that_change_lengths_index_the_original() {
        // A closing `]` and a comma inserted, a key requoted: later spans still point into the text.
        let text = "[unit\nname = \"镇\"\n[inputs]\n“甲” = 1\n\"乙\" = 22\n";
        let read = read(Format::Toml, text);
        assert_eq!(read.problems.len(), 2, "{:#?}", read.problems);
        let tree = read.tree.expect("read");
        let inputs = test_get(&tree, "inputs");
        assert_eq!(&text[test_get(inputs, "乙").span.clone()], "22");
        assert_eq!(&text[test_get(inputs, "甲").span.clone()], "1");
        let json = "{\n  \"a\": 1\n  \"b\": [1, 2]\n  \"c\": \"x\"\n";
        let read = super::super::read(Format::Json, json);
        let codes: Vec<_> = read.problems.iter().map(|p| p.code).collect();
        assert_eq!(codes, [codes::SYNTAX, codes::MISSING_COMMA, codes::MISSING_COMMA]);
        let tree = read.tree.expect("read");
        assert_eq!(&json[test_get(&tree, "c").span.clone()], "\"x\"");
        assert_eq!(&json[test_get(&tree, "b").span.clone()], "[1, 2]");
    }

    #[test]
    fn a_problem_that_only_follows_from_a_patch_ends_the_reading() {
        // A multi-line text never closed: everything after it belongs to it.
        let read = read(Format::Toml, "a = \"\"\"x\nb = 2\n");
        assert!(read.tree.is_none());
        assert!(!read.problems.is_empty());
        // A second definition is left out; the first stands.
        let read = super::super::read(Format::Json, "{\"a\": 1, \"a\": 2, \"b\": 3}");
        let tree = read.tree.expect("read");
        assert_eq!(test_get(&tree, "a").kind, NodeKind::Number("1".into()));
        assert_eq!(read.problems[0].code, codes::DUPLICATE_KEY);
        let NodeKind::Table(entries) = &tree.kind else { panic!() };
        assert_eq!(entries.len(), 2);
    }

    #[test]
    fn two_problems_on_one_line_are_both_reported_and_the_line_read() {
        let text = "[表.乙]\n\"甲\" = 1\n";
        let read = read(Format::Toml, text);
        assert_eq!(read.problems.len(), 2, "{:#?}", read.problems);
        let tree = read.tree.expect("read");
        assert_eq!(test_get(test_get(test_get(&tree, "表"), "乙"), "甲").kind, NodeKind::Number("1".into()));
    }

    #[test]
    fn ten_thousand_broken_lines_are_bounded() {
        let text: String = (0..10_000).map(|i| format!("\"k{i}\" = 良{i}\n")).collect();
        let started = std::time::Instant::now();
        let read = read(Format::Toml, &text);
        assert!((10..=MAX_PROBLEMS + 1).contains(&read.problems.len()), "{}", read.problems.len());
        assert!(read.problems.last().is_some_and(|p| p.label == "reading stopped here"));
        assert!(read.tree.is_none());
        assert!(started.elapsed().as_secs() < 60, "bounded work");
    }
}
