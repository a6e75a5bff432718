//! (rubric text, data text) → check, load, evaluate, render, and score with
//! the product path. Nothing may panic, and the product path (the compiled
//! scorer, the evaluator for what it declines) must give the evaluator's report.
//! The input is the rubric, a NUL byte, a format byte (t, j or y), and the data.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rubric::base::limits::Limits;
use rubric::data::Format;
use rubric::eval::{evaluate, Bulk, Options, Path};

fuzz_target!(|data: &[u8]| {
    let Some(split) = data.iter().position(|b| *b == 0) else { return };
    let (rubric_bytes, rest) = data.split_at(split);
    let Some((&format_byte, data_bytes)) = rest.get(1..).and_then(|r| r.split_first()) else { return };
    let (Ok(rubric_text), Ok(data_text)) = (std::str::from_utf8(rubric_bytes), std::str::from_utf8(data_bytes)) else {
        return;
    };
    let format = match format_byte {
        b'j' => Format::Json,
        b'y' => Format::Yaml,
        _ => Format::Toml,
    };
    let (Some(checked), _) = rubric::check::check_source(rubric_text, &Limits::default()) else { return };
    let (unit, _) = rubric::data::bind::load(data_text, format, &checked);
    for (strict, brief) in [(false, false), (true, false), (false, true)] {
        let (report, _) = evaluate(&checked, &unit, Options { strict, brief });
        let _ = rubric::render::table(&report, rubric::render::Style::Plain);
        let _ = rubric::render::json(&report);
        let _ = rubric::render::markdown(&report);
    }
    // The product path (the compiled scorer, the evaluator for what it declines) gives the
    // evaluator's report exactly: items, sections, total, grade, disqualification, 缺省项, findings.
    let (expected, expected_diagnostics) = evaluate(&checked, &unit, Options { strict: false, brief: true });
    let mut bulk = Bulk::new(&checked);
    let (report, diagnostics, path) = bulk.score(&unit, false);
    assert_eq!(report, expected, "the product path's report differs from the evaluator's");
    assert_eq!(diagnostics, expected_diagnostics, "the product path's diagnostics differ");
    if path == Path::Compiled {
        assert_eq!(bulk.scores().total, expected.total, "the compiled total differs from the evaluator");
        for (index, section) in expected.sections.iter().enumerate() {
            let score = bulk.section(index).map(|(_, capped)| capped);
            assert_eq!(score, section.score, "the compiled section {} differs", section.id);
        }
    }
});
