//! (rubric text, data text) → check, load, evaluate, render, and score with
//! the compiled scorer. Nothing may panic, and wherever the compiled scorer
//! scores, it must agree exactly with the evaluator.
//! The input is the rubric, a NUL byte, a format byte (t, j or y), and the data.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rubric::eval::compile::{slots, Scorer};
use rubric::data::Format;
use rubric::eval::{evaluate, Options};
use rubric::base::limits::Limits;
use rubric::eval::report::Status;

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
    // The compiled scorer: where it scores, the evaluator computed every item the same.
    let (report, _) = evaluate(&checked, &unit, Options::default());
    let judged: Vec<_> = unit.judged.iter().map(|j| j.as_ref().map(|(v, _)| *v)).collect();
    let claimed = unit.claims.iter().any(Option::is_some);
    if let Ok(scores) = Scorer::new(&checked).score(&slots(&unit, &mut Vec::new()), &judged) {
        let computed =
            report.items.iter().all(|i| matches!(i.status, Status::Computed | Status::Judged | Status::NotApplicable));
        if computed && !claimed && unit.errors.is_empty() && report.total.is_some() {
            let items: Vec<_> = report.items.iter().map(|i| i.score.unwrap_or_default()).collect();
            assert_eq!(scores.items, items, "compiled item scores differ from the evaluator");
            assert_eq!(Some(scores.total), report.total, "compiled total differs from the evaluator");
        }
    }
});
