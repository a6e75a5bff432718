//! (rubric text, data text) → check, load, evaluate, render. Nothing may panic.
//! The input is the rubric, a NUL byte, a format byte (t, j or y), and the data.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rubric::data::Format;
use rubric::eval::{evaluate, Options};
use rubric::limits::Limits;

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
    let (unit, _) = rubric::bind::load(data_text, format, &checked);
    for strict in [false, true] {
        let (report, _) = evaluate(&checked, &unit, Options { strict });
        let _ = rubric::render::table(&report, rubric::render::Style::Plain);
        let _ = rubric::render::json(&report);
        let _ = rubric::render::markdown(&report);
    }
});
