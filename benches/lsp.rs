//! The language server's re-check after a keystroke (docs/performance.md).
//!
//! `lsp/keystroke_rubric_a`: rubric A is open; each iteration types one character into a name in
//! item 1's rule (or deletes it again, every other iteration), then does what `rubric lsp` does
//! before it publishes: the whole check of the new text (`rubric check`'s diagnostics, the syntax
//! tree, the index of names) and every diagnostic's range in UTF-16 positions. The budget is 5 ms.
//!
//! `lsp/check_source_rubric_a`: `check::check_source` alone on the same text, the floor (the
//! server checks with `check::check_source_keeping_tree`, the same work without freeing the tree).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use rubric::base::limits::Limits;
use rubric::lsp::document::Document;
use rubric::lsp::position::Position;

const RUBRIC_A: &str = include_str!("../rubrics/lezhi-2022-performance-management.rubric");

fn keystroke(c: &mut Criterion) {
    let mut group = c.benchmark_group("lsp");
    // After `score 1.5 per 专题研究次数` on item 1's rule line: typing there makes an undefined
    // name with a did-you-mean, the costly kind of keystroke.
    let needle = "score 1.5 per 专题研究次数";
    let at = RUBRIC_A.find(needle).expect("item 1's rule") + needle.len();
    let line = RUBRIC_A[..at].matches('\n').count() as u32;
    let line_start = RUBRIC_A[..at].rfind('\n').map_or(0, |i| i + 1);
    let character = RUBRIC_A[line_start..at].encode_utf16().count() as u32;
    let (here, next) = (Position::new(line, character), Position::new(line, character + 1));
    let mut document = Document::new(RUBRIC_A);
    let mut typed = false;
    group.bench_function("keystroke_rubric_a", |b| {
        b.iter(|| {
            if typed {
                document.edit(Some((here, next)), "");
            } else {
                document.edit(Some((here, here)), "数");
            }
            typed = !typed;
            let view = document.view();
            let ranges: Vec<(Position, Position)> = view
                .analysis
                .diagnostics
                .iter()
                .flat_map(|d| std::iter::once(&d.span).chain(d.related.iter().map(|(span, _)| span)))
                .map(|span| view.range(span))
                .collect();
            black_box(ranges)
        })
    });
    group.bench_function("check_source_rubric_a", |b| {
        b.iter(|| black_box(rubric::check::check_source(black_box(RUBRIC_A), &Limits::default())))
    });
    group.finish();
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
