//! Rubric lines → the grammar's two modes. `file` (fast mode, used for runs of
//! good lines) must accept a line exactly when `line` (used for diagnostics)
//! does, and build the same tree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pest::Parser;
use rubric::syntax::{RubricParser, Rule};

/// Rules and positions under the top rule, or `None` on a syntax error.
fn tree(rule: Rule, text: &str) -> Option<Vec<(Rule, usize, usize)>> {
    let pairs = RubricParser::parse(rule, text).ok()?;
    Some(pairs.flatten().skip(1).map(|p| (p.as_rule(), p.as_span().start(), p.as_span().end())).collect())
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        // A lone carriage return is a line break for `file` only (such files are parsed line by line).
        for line in text.split('\n').filter(|line| !line.contains('\r')) {
            assert_eq!(tree(Rule::line, line), tree(Rule::file, line), "fast mode differs on {line:?}");
        }
    }
});
