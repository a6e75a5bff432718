//! The rubric-stage diagnostics in Chinese: the failing fixtures of
//! `tests/syntax` and `tests/check` (and the warnings of `tests/check`),
//! rendered with `Lang::Zh` and snapshotted, one snapshot per fixture.
//!
//! Each fixture is also rendered in English, to check that every message,
//! label, help and related label is translated (a forgotten `tr!` shows as a
//! text that is the same in both languages), and that the place shown — the
//! `[file:line:col]` header and the diagnostic codes — does not depend on the
//! language.

mod common;

use std::path::Path;

use rubric::base::diagnostic::{Diagnostic, SourceFile};
use rubric::base::i18n::{with_lang, Lang};

/// Fixtures of `tests/syntax`, lowered only.
const SYNTAX: &[&str] = &[
    "err_checklist_no_if",
    "err_glued_keyword",
    "err_grades_bad_band",
    "err_input_unknown_type",
    "err_missing_weight",
    "err_no_rubric_line",
    "err_no_rule",
    "err_rounding_unknown_mode",
    "err_score_empty",
    "err_score_under_section",
    "err_second_rubric",
    "err_several_errors",
    "err_too_deep",
    "err_two_rules",
    "err_unclosed_paren",
    "err_unclosed_string",
    "err_unknown_keyword",
];

/// Fixtures of `tests/check`, checked.
const CHECK: &[&str] = &[
    "err_amount_plus_rate",
    "err_bool_as_number",
    "err_clamp_arity",
    "err_default_wrong_type",
    "err_duplicate_input",
    "err_duplicate_item_id",
    "err_duplicate_section_id",
    "err_empty_range",
    "err_full_width_weight",
    "err_grades_gap",
    "err_grades_no_catch_all",
    "err_grades_out_of_order",
    "err_grades_overlap",
    "err_na_if_number",
    "err_score_is_amount",
    "err_section_weights",
    "err_sections_vs_max",
    "err_undefined_name",
    "err_unclosed_quote_weights",
    "err_unknown_function",
    "warn_exceeds_weight",
    "warn_unreachable_weight",
    "warn_unused_input",
];

/// The diagnostics of one fixture in one language.
fn diagnostics(stage: &str, text: &str, lang: Lang) -> Vec<Diagnostic> {
    with_lang(lang, || match stage {
        "syntax" => rubric::lower::lower(text, &rubric::base::limits::Limits::default()).1,
        _ => common::check(text).1,
    })
}

/// The `╭─[file:line:col]` headers and the codes of a rendering, in order.
fn places(rendered: &str) -> Vec<String> {
    rendered.lines().filter(|l| l.contains("╭─[") || l.starts_with("rubric::")).map(|l| l.trim().to_string()).collect()
}

/// Texts that are the same in both languages: a forgotten `tr!`.
fn untranslated(en: &[Diagnostic], zh: &[Diagnostic]) -> Vec<String> {
    let mut same = Vec::new();
    for (e, z) in en.iter().zip(zh) {
        if e.message == z.message {
            same.push(format!("message: {}", e.message));
        }
        if !e.label.is_empty() && e.label == z.label {
            same.push(format!("label: {}", e.label));
        }
        if e.help.is_some() && e.help == z.help {
            same.push(format!("help: {}", e.help.clone().unwrap_or_default()));
        }
        for ((_, el), (_, zl)) in e.related.iter().zip(&z.related) {
            if el == zl {
                same.push(format!("related: {el}"));
            }
        }
    }
    same
}

fn run(stage: &str, names: &[&str]) {
    for name in names {
        let file_name = format!("{name}.rubric");
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(stage).join(&file_name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let file = SourceFile::new(file_name.clone(), text.clone());

        let en = diagnostics(stage, &text, Lang::En);
        let zh = diagnostics(stage, &text, Lang::Zh);
        assert!(!zh.is_empty(), "{file_name}: no diagnostics");
        assert_eq!(en.len(), zh.len(), "{file_name}: a different number of diagnostics in Chinese");
        for (e, z) in en.iter().zip(&zh) {
            assert_eq!((e.code, e.severity, &e.span), (z.code, z.severity, &z.span), "{file_name}: {}", z.message);
            let spans = |d: &Diagnostic| d.related.iter().map(|(s, _)| s.clone()).collect::<Vec<_>>();
            assert_eq!(spans(e), spans(z), "{file_name}: related spans differ");
        }

        let english = common::render(&en, &file, None);
        let chinese = with_lang(Lang::Zh, || common::render(&zh, &file, None));
        assert_ne!(english, chinese, "{file_name}: the Chinese rendering is the English one");
        let untranslated = untranslated(&en, &zh);
        assert!(untranslated.is_empty(), "{file_name}: not translated:\n{}", untranslated.join("\n"));
        assert_eq!(places(&english), places(&chinese), "{file_name}: the place shown depends on the language");
        assert!(!places(&chinese).is_empty(), "{file_name}: no location header");

        insta::with_settings!({ snapshot_suffix => *name, description => text.as_str(), omit_expression => true }, {
            insta::assert_snapshot!(stage, chinese);
        });
    }
}

#[test]
fn syntax() {
    run("syntax", SYNTAX);
}

#[test]
fn check() {
    run("check", CHECK);
}
