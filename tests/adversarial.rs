//! Hostile input: every case ends in a located diagnostic or a correct
//! result — never a panic, a stack overflow or unbounded time. Each runs on a
//! thread with a 2 MiB stack, like a worker thread.

mod common;

use rubric::base::diagnostic::{has_errors, Code, Diagnostic};
use rubric::base::limits::Limits;
use rubric::check::model::Checked;
use rubric::data::bind::load;
use rubric::data::Format;
use rubric::eval::{evaluate, Options};

/// Runs `f` on a thread with a 2 MiB stack and returns its result.
fn small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .expect("a thread")
        .join()
        .unwrap_or_else(|_| panic!("the case panicked or overflowed its stack"))
}

fn rubric_with(rule: &str, inputs: &str) -> String {
    format!("rubric \"测试\" max 10\n{inputs}\nsection 一 \"一\" 10\n  item 1 \"项\" 10\n    score {rule}\n")
}

/// A rubric text that must check: its checked rubric (a panic with the diagnostics otherwise).
fn checked(text: &str) -> Checked {
    let (checked, diagnostics) = rubric::check::check_source(text, &Limits::default());
    checked.unwrap_or_else(|| panic!("{diagnostics:#?}"))
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<Code> {
    diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn a_hundred_thousand_nested_parentheses_is_a_located_error() {
    let (codes, span_ok) = small_stack(|| {
        let text = rubric_with(&format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000)), "");
        let (_, d) = rubric::check::check_source(&text, &Limits::default());
        let first = d.first().map(|d| d.span.start).unwrap_or(0);
        (codes(&d), first > 0 && first < text.len())
    });
    assert!(codes.contains(&Code::TooDeep), "{codes:?}");
    assert!(span_ok);
}

#[test]
fn a_ten_thousand_term_sum_works() {
    let total = small_stack(|| {
        let sum = vec!["0.001"; 10_000].join(" + ");
        let text = rubric_with(&sum, "");
        let checked = checked(&text);
        let (data, _) = load("", Format::Toml, &checked);
        // The compiled scorer runs the sum as a loop, on the same small stack.
        let compiled = rubric::eval::compile::Scorer::new(&checked).score(&[], &[None]).ok().and_then(|s| s.total);
        (evaluate(&checked, &data, Options::default()).0.total, compiled)
    });
    assert_eq!(total.0.map(|t| t.normalize().to_string()).as_deref(), Some("10"));
    assert_eq!(total.1, total.0);
}

#[test]
fn overflow_in_the_compiled_scorer_falls_back_to_the_evaluator() {
    let text = rubric_with("min(10, 79228162514264337593543950335 * 2 * x)", "input x: number");
    let checked = checked(&text);
    let (data, _) = load("[inputs]\nx = 79228162514264337593543950335.0\n", Format::Toml, &checked);
    let slots = rubric::eval::compile::slots(&data, &mut Vec::new());
    let scored = rubric::eval::compile::Scorer::new(&checked).score(&slots, &[None]);
    assert_eq!(scored, Err(rubric::eval::compile::Fallback::Arithmetic));
}

#[test]
fn literals_that_do_not_fit_a_decimal_are_refused_not_rounded() {
    for literal in ["1234567890123456789012345678901", "0.123456789012345678901234567890"] {
        let text = rubric_with(&format!("min(10, {literal})"), "");
        let (_, d) = rubric::check::check_source(&text, &Limits::default());
        assert!(codes(&d).contains(&Code::BadNumber), "{literal}: {d:#?}");
    }
}

#[test]
fn overflow_is_a_diagnostic_naming_the_item() {
    let text = rubric_with("min(10, 79228162514264337593543950335 * 2 * x)", "input x: number");
    let checked = checked(&text);
    let (data, d) = load("[inputs]\nx = 79228162514264337593543950335.0\n", Format::Toml, &checked);
    assert!(!has_errors(&d), "the largest decimal is read exactly: {d:#?}");
    let (report, d) = evaluate(&checked, &data, Options::default());
    assert!(codes(&d).contains(&Code::Overflow), "{d:#?}");
    assert!(d.iter().any(|d| d.message.contains("item 1")));
    assert_eq!(report.total, None);
}

#[test]
fn division_by_zero_from_data_is_located() {
    let text = rubric_with("min(10, x / y)", "input x: number\ninput y: number");
    let checked = checked(&text);
    let (data, _) = load("[inputs]\nx = 1\ny = 0\n", Format::Toml, &checked);
    let (_, d) = evaluate(&checked, &data, Options::default());
    let zero = d.iter().find(|d| d.code == Code::DivisionByZero).expect("a division-by-zero diagnostic");
    assert_eq!(text.get(zero.span.clone()), Some("x / y"));
}

#[test]
fn twenty_significant_digits_are_exact_in_every_format() {
    let text = rubric_with("if x = 12345678901234567890.5 then 10 else 0", "input x: number");
    let checked = checked(&text);
    for (data, format) in [
        ("[inputs]\nx = 12345678901234567890.5\n", Format::Toml),
        ("{\"inputs\": {\"x\": 12345678901234567890.5}}", Format::Json),
        ("inputs:\n  x: 12345678901234567890.5\n", Format::Yaml),
    ] {
        let (unit, d) = load(data, format, &checked);
        assert!(!has_errors(&d), "{format:?}: {d:#?}");
        let (report, _) = evaluate(&checked, &unit, Options::default());
        assert_eq!(report.total.map(|t| t.normalize().to_string()).as_deref(), Some("10"), "{format:?}");
    }
}

fn data_problems(text: String, format: Format) -> Vec<Diagnostic> {
    small_stack(move || {
        let rubric = rubric_with("10", "input x: number");
        let (checked, _) = rubric::check::check_source(&rubric, &Limits::default());
        let checked = checked.expect("checks");
        load(&text, format, &checked).1
    })
}

#[test]
fn json_nested_ten_thousand_deep() {
    let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let d = data_problems(format!("{{\"inputs\": {text}}}"), Format::Json);
    assert!(d.iter().any(|d| d.code_text() == "data::too-deep"), "{d:#?}");
}

#[test]
fn yaml_alias_bomb() {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (i, c) in "bcdefghij".chars().enumerate() {
        let prev = char::from(b'a' + u8::try_from(i).unwrap_or(0));
        text.push_str(&format!(
            "{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
    }
    let d = data_problems(text, Format::Yaml);
    assert!(d.iter().any(|d| d.code_text() == "data::alias"), "{d:#?}");
}

#[test]
fn a_toml_key_with_ten_thousand_dotted_parts() {
    let key = vec!["a"; 10_000].join(".");
    let d = data_problems(format!("[inputs]\n{key} = 1\n"), Format::Toml);
    assert!(has_errors(&d), "a located error, not a crash: {d:#?}");
}

#[test]
fn bom_and_crlf_keep_spans_right() {
    let rubric = rubric_with("10", "input x: count");
    let (checked, _) = rubric::check::check_source(&rubric, &Limits::default());
    let checked = checked.expect("checks");
    let text = "\u{feff}[inputs]\r\n\"在职\" = 1\r\nx = -1\r\n";
    let (_, d) = load(text, Format::Toml, &checked);
    let unknown = d.iter().find(|d| d.code == Code::UnknownInput).expect("unknown input");
    assert_eq!(text.get(unknown.span.clone()), Some("\"在职\""));
    let range = d.iter().find(|d| d.code == Code::OutOfRange).expect("out of range");
    assert_eq!(text.get(range.span.clone()), Some("-1"));
    let crlf_rubric = format!("\u{feff}{}", rubric.replace('\n', "\r\n").replace("score 10", "score 10 +"));
    let (_, d) = rubric::check::check_source(&crlf_rubric, &Limits::default());
    let syntax = d.first().expect("a syntax error");
    assert!(
        crlf_rubric.get(syntax.span.start..).is_some_and(|rest| rest.starts_with('\r') || rest.is_empty()),
        "{syntax:?}"
    );
}

#[test]
fn duplicate_keys_and_empty_files() {
    let d = data_problems("[inputs]\nx = 1\nx = 2\n".to_string(), Format::Toml);
    assert!(has_errors(&d));
    let d = data_problems("{\"inputs\": {\"x\": 1, \"x\": 2}}".to_string(), Format::Json);
    assert!(d.iter().any(|d| d.code_text() == "data::duplicate-key"), "{d:#?}");
    let d = data_problems("inputs:\n  x: 1\n  x: 2\n".to_string(), Format::Yaml);
    assert!(d.iter().any(|d| d.code_text() == "data::duplicate-key"), "{d:#?}");
    for format in [Format::Json, Format::Yaml] {
        let d = data_problems(String::new(), format);
        assert!(d.iter().any(|d| d.code_text() == "data::empty"), "{format:?}: {d:#?}");
    }
    // An empty TOML file is an empty table: it names no unit, and that is all.
    let d = data_problems(String::new(), Format::Toml);
    assert_eq!(codes(&d), [Code::NoName], "an empty TOML file is an empty table");
    let (_, d) = rubric::check::check_source("", &Limits::default());
    assert!(codes(&d).contains(&Code::Header), "an empty rubric says what it lacks");
}

#[test]
fn a_hundred_megabyte_rubric_is_refused_before_parsing() {
    let text = "#".repeat(100 * 1024 * 1024);
    let (_, d) = small_stack(move || rubric::check::check_source(&text, &Limits::default()));
    assert!(codes(&d).contains(&Code::TooLarge), "{d:?}");
}

#[test]
fn a_rubric_with_a_hundred_thousand_items_is_refused_with_a_located_error() {
    let d = small_stack(|| {
        let mut text = String::from("rubric \"大\"\nsection 一 \"一\" 100000\n");
        for i in 0..100_000 {
            text.push_str(&format!("  item {i} \"项\" 1\n    score 1\n"));
        }
        rubric::check::check_source(&text, &Limits::default()).1
    });
    assert!(codes(&d).contains(&Code::TooLarge), "{:?}", d.first());
}

#[test]
fn sections_nested_deeper_than_the_limit() {
    let d = small_stack(|| {
        let mut text = String::from("rubric \"深\"\n");
        for depth in 0..1_000 {
            text.push_str(&format!("{}section s{depth} \"s\" 1\n", " ".repeat(depth)));
        }
        rubric::check::check_source(&text, &Limits::default()).1
    });
    assert!(codes(&d).contains(&Code::TooDeep));
}

#[test]
fn a_large_rubric_lowered_in_parts_takes_formulas_nested_to_the_limit() {
    // 3,000 items make about 6,000 lines: enough to be parsed, lowered and checked in
    // parts, the last part on a thread of its own. Its last item nests as deep as allowed.
    let max = Limits::default().max_expr_depth;
    let deepest = format!("{}{} × 0{}", "(".repeat(max), "x", ")".repeat(max));
    let (checked, diagnostics) = small_stack(move || {
        let mut text = String::from("rubric \"大\" max 3000\ninput x: number\n");
        for s in 0..30 {
            text.push_str(&format!("section s{s} \"部分\" 100\n"));
            for i in 0..100 {
                let rule = if s == 29 && i == 99 { deepest.clone() } else { "1".to_string() };
                text.push_str(&format!("  item i{s}_{i} \"项\" 1\n    score {rule}\n"));
            }
        }
        let (checked, diagnostics) = rubric::check::check_source(&text, &Limits::default());
        (checked.map(|c| (c.items.len(), c.items.last().map(|i| i.id.clone()))), codes(&diagnostics))
    });
    assert!(!diagnostics.contains(&Code::TooDeep) && !diagnostics.contains(&Code::Syntax), "{diagnostics:?}");
    assert_eq!(checked, Some((3_000, Some("i29_99".to_string()))));
}

/// A data file of `n` keys the rubric does not have, in `format`.
fn unknown_keys(n: usize, format: Format) -> String {
    match format {
        Format::Toml => {
            let mut text = String::from("[unit]\nname = \"测试镇\"\nyear = 2022\n[inputs]\n");
            text.extend((0..n).map(|i| format!("\"未知{i}\" = {i}\n")));
            text
        }
        Format::Json => {
            let keys: Vec<String> = (0..n).map(|i| format!("\"未知{i}\": {i}")).collect();
            format!("{{\"unit\": {{\"name\": \"测试镇\", \"year\": 2022}}, \"inputs\": {{\n{}\n}}}}", keys.join(",\n"))
        }
        Format::Yaml => {
            let mut text = String::from("unit:\n  name: 测试镇\n  year: 2022\ninputs:\n");
            text.extend((0..n).map(|i| format!("  未知{i}: {i}\n")));
            text
        }
    }
}

/// Reads, scores and renders a data file as `rubric eval` does; the rendered
/// diagnostics and the time it took.
fn eval_all(text: String, format: Format) -> (Vec<Diagnostic>, String, std::time::Duration) {
    let rubric = rubric_with("1.5 per x, at most 10", "input x: count");
    let (checked, _) = rubric::check::check_source(&rubric, &Limits::default());
    let checked = checked.expect("checks");
    let started = std::time::Instant::now();
    let (data, mut d) = load(&text, format, &checked);
    let (report, more) = evaluate(&checked, &data, Options::default());
    d.extend(more);
    let rubric_file = rubric::base::diagnostic::SourceFile::new("rubric.rubric", rubric);
    let data_file = rubric::base::diagnostic::SourceFile::new("data", text);
    let shown = common::render(&d, &rubric_file, Some(&data_file));
    let _ = rubric::render::table(&report, rubric::render::Style::Plain);
    (d, shown, started.elapsed())
}

/// 25,000, 50,000 and 100,000 unknown keys: ten shown in full, the rest
/// counted, in time that grows with the file (it once grew with its square:
/// 13 s, 51 s, 202 s). The ceiling is generous: a debug build on a shared
/// machine takes a few seconds for the largest; the growth is measured in
/// `benches/hostile.rs`.
#[test]
fn a_hundred_thousand_unknown_keys_are_counted_not_listed() {
    for n in [25_000, 50_000, 100_000] {
        let (d, shown, took) = eval_all(unknown_keys(n, Format::Toml), Format::Toml);
        let unknown: Vec<&Diagnostic> = d.iter().filter(|d| d.code == Code::UnknownInput).collect();
        assert_eq!(unknown.len(), rubric::data::bind::SHOWN + 1, "{n}");
        let more = n - rubric::data::bind::SHOWN;
        let count = format!("{},{:03}", more / 1000, more % 1000);
        assert!(shown.contains(&format!("and {count} more unknown inputs")), "{n}: {shown}");
        assert!(took.as_secs() < 90, "{n} unknown keys took {took:?}");
    }
    for format in [Format::Json, Format::Yaml] {
        let (d, _, took) = eval_all(unknown_keys(100_000, format), format);
        assert!(d.len() <= 2 * rubric::data::bind::SHOWN, "{format:?}: {} diagnostics", d.len());
        assert!(took.as_secs() < 90, "{format:?} took {took:?}");
    }
}

/// A hundred thousand duplicate keys (each once located by counting lines
/// from the top of the file) and a hundred thousand lines that do not parse.
#[test]
fn a_hundred_thousand_duplicate_keys_or_broken_lines_are_bounded() {
    let json = format!(
        "{{\"inputs\": {{\n{}\n}}}}",
        (0..100_000).map(|i| format!("\"x\": {i}")).collect::<Vec<_>>().join(",\n")
    );
    let yaml: String =
        std::iter::once("inputs:\n".to_string()).chain((0..100_000).map(|i| format!("  x: {i}\n"))).collect();
    let toml: String =
        std::iter::once("[inputs]\n".to_string()).chain((0..100_000).map(|i| format!("\"k{i}\" = 良{i}\n"))).collect();
    for (text, format) in [(json, Format::Json), (yaml, Format::Yaml), (toml, Format::Toml)] {
        let (d, _, took) = eval_all(text, format);
        assert!(d.iter().any(|d| d.code == Code::DataSyntax), "{format:?}");
        assert!(d.len() <= 2 * rubric::data::bind::SHOWN, "{format:?}: {} diagnostics", d.len());
        assert!(took.as_secs() < 90, "{format:?} took {took:?}");
    }
}

/// A data file just under the size limit (16 MB, some 700,000 unknown keys)
/// is read in seconds; one just over it is refused before it is read.
#[test]
fn a_data_file_at_the_size_limit_is_read_and_one_over_it_refused() {
    let line = |i: usize| format!("\"未知{i}\" = {i}\n");
    let mut text = String::from("[inputs]\n");
    let mut i = 0;
    while text.len() + line(i).len() < rubric::data::MAX_DATA_BYTES {
        text.push_str(&line(i));
        i += 1;
    }
    let (d, _, took) = eval_all(text.clone(), Format::Toml);
    assert!(d.iter().any(|d| d.code == Code::UnknownInput));
    assert!(d.len() <= 2 * rubric::data::bind::SHOWN, "{} diagnostics", d.len());
    assert!(took.as_secs() < 180, "{i} keys took {took:?}");
    text.push_str(&"#".repeat(64));
    let started = std::time::Instant::now();
    let (d, _, _) = eval_all(text, Format::Toml);
    assert_eq!(d.first().map(|d| d.code_text()), Some("data::too-large"), "{d:#?}");
    assert!(started.elapsed().as_secs() < 30);
}
