//! Rubric text → parse, lower, check, format. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rubric::base::limits::Limits;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let limits = Limits::default();
        let _ = rubric::check::check_source(text, &limits);
        if let Ok(formatted) = rubric::author::fmt::format_source(text, &limits) {
            // Formatting is idempotent and keeps the rubric checkable.
            let again = rubric::author::fmt::format_source(&formatted, &limits).ok();
            assert_eq!(again.as_deref(), Some(formatted.as_str()), "fmt is not idempotent");
        }
    }
});
