//! Keeps the VS Code highlighter in `editors/vscode/` in step with the language.
//!
//! The crate never runs the TextMate grammar, so nothing else notices when it drifts. These tests
//! check that it is well-formed, that every keyword of `grammar/rubric.pest` and every built-in
//! function name is one of its words, and that every line of the repository's rubrics starts with
//! something its line-start `statement` pattern knows.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

const TM_LANGUAGE: &str = "editors/vscode/syntaxes/rubric.tmLanguage.json";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn read_json(rel: &str) -> Value {
    serde_json::from_str(&read(&root().join(rel))).unwrap_or_else(|e| panic!("{rel} is not valid JSON: {e}"))
}

fn tm_language() -> Value {
    read_json(TM_LANGUAGE)
}

// ---------------------------------------------------------------- the TextMate grammar

/// Every regex of the grammar (`match`, `begin`, `end`, `while`), with its JSON path.
fn regexes(value: &Value, path: &str, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let here = format!("{path}.{key}");
                if matches!(key.as_str(), "match" | "begin" | "end" | "while") {
                    out.push((here.clone(), v.clone()));
                }
                regexes(v, &here, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                regexes(v, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// Every `include` of the grammar.
fn includes(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("include") {
                out.push(target.clone());
            }
            map.values().for_each(|v| includes(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| includes(v, out)),
        _ => {}
    }
}

/// The words of the grammar's regexes: maximal runs of letters, digits, `-` and `/`, so that
/// `(?<![\p{L}\p{N}_])(yes/no|count|计数)` gives `p`, `L`, `N`, `yes/no`, `count` and `计数`.
fn regex_words(tm: &Value) -> BTreeSet<String> {
    let mut found = Vec::new();
    regexes(tm, "", &mut found);
    let mut words = BTreeSet::new();
    for (_, regex) in found {
        let regex = regex.as_str().unwrap_or_default();
        for word in regex.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '/')) {
            if !word.is_empty() {
                words.insert(word.to_string());
            }
        }
    }
    words
}

/// The alternatives of `repository.statement.match`, which must read `^…(kw1|kw2|…)(?!…)` with
/// plain words between the parentheses.
fn statement_keywords(tm: &Value) -> Vec<String> {
    let regex = tm["repository"]["statement"]["match"].as_str().expect("repository.statement.match is missing");
    assert!(regex.starts_with('^'), "the statement pattern must be anchored at the line start: {regex}");
    let open = regex.find("]*(").map(|i| i + 2).expect("the statement pattern must read ^[…]*(kw1|kw2|…)");
    let close = open + regex[open..].find(')').expect("unclosed keyword group in the statement pattern");
    // The check below emulates this lookahead: a keyword must not run into a name.
    assert_eq!(
        &regex[close + 1..],
        r"(?![\p{L}\p{N}_])",
        "the statement pattern must end with the keyword group and (?![\\p{{L}}\\p{{N}}_])"
    );
    let keywords: Vec<String> = regex[open + 1..close].split('|').map(str::to_string).collect();
    for keyword in &keywords {
        assert!(
            !keyword.is_empty() && keyword.chars().all(|c| c.is_alphanumeric() || c == '-'),
            "statement keyword {keyword:?} is not a plain word"
        );
    }
    keywords
}

#[test]
fn tm_language_is_well_formed() {
    let tm = tm_language();
    assert_eq!(tm["scopeName"], "source.rubric");
    let file_types = tm["fileTypes"].as_array().expect("fileTypes must be an array");
    assert!(file_types.iter().any(|t| t == "rubric"), "fileTypes must include \"rubric\": {file_types:?}");
    assert!(tm["patterns"].as_array().is_some_and(|p| !p.is_empty()), "top-level patterns are missing");

    let mut found = Vec::new();
    regexes(&tm, "", &mut found);
    assert!(found.len() > 20, "suspiciously few regexes: {}", found.len());
    for (path, regex) in &found {
        assert!(regex.as_str().is_some_and(|s| !s.is_empty()), "{path} must be a non-empty string, not {regex}");
    }

    let repository = tm["repository"].as_object().expect("repository must be an object");
    let mut targets = Vec::new();
    includes(&tm, &mut targets);
    for target in &targets {
        let name = target.strip_prefix('#').unwrap_or_else(|| panic!("include {target:?} is not local"));
        assert!(repository.contains_key(name), "include {target:?} names no repository entry");
    }
    assert!(targets.iter().any(|t| t == "#statement"), "the statement pattern is never included");
}

#[test]
fn vscode_manifest_points_at_the_grammar() {
    let package = read_json("editors/vscode/package.json");
    let language = &package["contributes"]["languages"][0];
    assert_eq!(language["id"], "rubric");
    assert!(language["extensions"].as_array().is_some_and(|e| e.iter().any(|x| x == ".rubric")));
    let grammar = &package["contributes"]["grammars"][0];
    assert_eq!(grammar["language"], "rubric");
    assert_eq!(grammar["scopeName"], "source.rubric");
    let grammar_path = grammar["path"].as_str().expect("grammar path");
    assert_eq!(Path::new("editors/vscode").join(grammar_path), Path::new(TM_LANGUAGE));

    let config_path = language["configuration"].as_str().expect("language configuration path");
    let config = read_json(&format!("editors/vscode/{}", config_path.trim_start_matches("./")));
    assert_eq!(config["comments"]["lineComment"], "#");
    let brackets = config["brackets"].to_string();
    assert!(brackets.contains(r#"["(",")"]"#) && brackets.contains(r#"["（","）"]"#), "brackets: {brackets}");
}

// ---------------------------------------------------------------- the pest grammar

/// The rules of a pest grammar: name → body (the text between the outer braces).
fn pest_rules(source: &str) -> BTreeMap<String, String> {
    // Whole-line comments only: `"//"` also occurs inside a rule (`comment`).
    let text: String = source.lines().filter(|l| !l.trim_start().starts_with("//")).flat_map(|l| [l, "\n"]).collect();
    let mut rules = BTreeMap::new();
    let mut pos = 0;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |n| pos + n);
        let line = &text[pos..line_end];
        let name = line.split_once('=').map(|(name, _)| name.trim()).filter(|name| {
            !line.starts_with(char::is_whitespace)
                && !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        let Some(name) = name else {
            pos = line_end + 1;
            continue;
        };
        let open = pos + text[pos..].find('{').unwrap_or_else(|| panic!("rule {name} has no body"));
        let close = matching_brace(&text, open);
        rules.insert(name.to_string(), text[open + 1..close].to_string());
        pos = text[close..].find('\n').map_or(text.len(), |n| close + n + 1);
    }
    rules
}

/// The index of the `}` that closes the `{` at `open`, skipping string literals.
fn matching_brace(text: &str, open: usize) -> usize {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, c) in text[open..].char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return open + i;
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced braces in the pest grammar at byte {open}")
}

/// The string literals of a rule body, unescaped (`"\t"`, `"\u{3000}"`).
fn string_literals(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut literal = String::new();
        loop {
            match chars.next().expect("unterminated string literal in the pest grammar") {
                '"' => break,
                '\\' => match chars.next().expect("dangling escape") {
                    't' => literal.push('\t'),
                    'n' => literal.push('\n'),
                    'r' => literal.push('\r'),
                    'u' => {
                        let hex: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                        let code = u32::from_str_radix(&hex, 16).expect("bad \\u escape");
                        literal.push(char::from_u32(code).expect("bad \\u escape"));
                    }
                    other => literal.push(other),
                },
                c => literal.push(c),
            }
        }
        out.push(literal);
    }
    out
}

/// The words a rule matches, without the whitespace pieces (`"at" ~ (" " | "\t")+ ~ "most"`).
fn rule_words(rules: &BTreeMap<String, String>, name: &str) -> Vec<String> {
    let body = rules.get(name).unwrap_or_else(|| panic!("grammar/rubric.pest has no rule {name}"));
    string_literals(body).into_iter().filter(|l| !l.trim().is_empty()).collect()
}

fn grammar_rules() -> BTreeMap<String, String> {
    let rules = pest_rules(&read(&root().join("grammar/rubric.pest")));
    assert!(rules.keys().filter(|k| k.starts_with("kw_")).count() >= 50, "could not read the kw_ rules");
    assert_eq!(rule_words(&rules, "kw_at_most"), ["at", "most", "最多"]);
    rules
}

/// The keyword rules a rule can start with: its first token if that is a `kw_` rule, or those of
/// its alternatives if it is nothing but a choice of rules (`header_prop = _{ year_prop | … }`).
fn leading_keywords(rules: &BTreeMap<String, String>, name: &str, out: &mut BTreeSet<String>) {
    let Some(body) = rules.get(name) else { return };
    let first: String = body.trim_start().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    if first.starts_with("kw_") {
        out.insert(first);
        return;
    }
    let alternatives: Vec<&str> = body.split('|').map(str::trim).collect();
    if alternatives.iter().all(|a| !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')) {
        for alternative in alternatives {
            leading_keywords(rules, alternative, out);
        }
    }
}

/// The words of the grammar rules `names` not `present`, each as `word (rule)`.
fn words_missing<'a>(
    rules: &BTreeMap<String, String>,
    names: impl Iterator<Item = &'a str>,
    present: impl Fn(&String) -> bool,
) -> Vec<String> {
    let mut missing = Vec::new();
    for name in names {
        for word in rule_words(rules, name) {
            if !present(&word) {
                missing.push(format!("{word} ({name})"));
            }
        }
    }
    missing
}

#[test]
fn every_grammar_keyword_is_highlighted() {
    let rules = grammar_rules();
    let words = regex_words(&tm_language());
    // The keywords, the words that cannot be names, the points unit and the money units.
    let names =
        rules.keys().map(String::as_str).filter(|k| k.starts_with("kw_")).chain(["reserved", "fen", "money_unit"]);
    let missing = words_missing(&rules, names, |w| words.contains(w));
    assert!(missing.is_empty(), "keywords of grammar/rubric.pest missing from {TM_LANGUAGE}: {missing:?}");
}

#[test]
fn every_statement_keyword_is_in_the_line_start_pattern() {
    let rules = grammar_rules();
    let statement = statement_keywords(&tm_language());
    let mut keyword_rules = BTreeSet::new();
    leading_keywords(&rules, "statement", &mut keyword_rules);
    assert!(keyword_rules.contains("kw_rubric") && keyword_rules.contains("kw_year"), "{keyword_rules:?}");
    let missing = words_missing(&rules, keyword_rules.iter().map(String::as_str), |w| statement.contains(w));
    assert!(missing.is_empty(), "statement keywords missing from repository.statement.match: {missing:?}");
}

#[test]
fn every_function_is_highlighted() {
    let model = read(&root().join("src/check/model.rs"));
    let start = model.find("pub fn lookup(").expect("Func::lookup not found in src/check/model.rs");
    let end = start + model[start..].find("_ => return None").expect("end of Func::lookup not found");
    let names: Vec<String> = string_literals(&model[start..end]);
    assert!(names.len() >= 16 && names.iter().any(|n| n == "四舍五入"), "could not read Func::lookup: {names:?}");
    let words = regex_words(&tm_language());
    let missing: Vec<&String> = names.iter().filter(|n| !words.contains(*n)).collect();
    assert!(missing.is_empty(), "functions of Func::lookup missing from {TM_LANGUAGE}: {missing:?}");
}

// ---------------------------------------------------------------- the rubrics

/// `rubrics/*.rubric` and the all-Chinese fixture.
fn rubric_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(root().join("rubrics"))
        .expect("cannot list rubrics/")
        .map(|entry| entry.expect("cannot list rubrics/").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rubric"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no rubrics in rubrics/");
    files.push(root().join("tests/fixtures/lezhi-2022-zh.rubric"));
    files
}

/// What `^[\s\x{3000}]*(kw1|kw2|…)(?![\p{L}\p{N}_])` does to a line, plus the lines that start
/// with no keyword: blank lines, comments, description strings and checklist entries (a number).
fn line_start_is_known(line: &str, statement: &[String]) -> bool {
    let rest = line.trim_start();
    rest.is_empty()
        || ["#", "//", "\"", "“", "「"].iter().any(|p| rest.starts_with(p))
        || rest.starts_with(|c: char| c.is_ascii_digit())
        || statement.iter().any(|keyword| {
            rest.strip_prefix(keyword.as_str())
                .is_some_and(|after| !after.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
        })
}

#[test]
fn every_rubric_line_starts_with_a_highlighted_form() {
    let statement = statement_keywords(&tm_language());
    let mut unknown = Vec::new();
    for path in rubric_files() {
        let text = read(&path);
        let name = path.strip_prefix(root()).unwrap_or(&path).display().to_string();
        for (n, line) in text.lines().enumerate() {
            if !line_start_is_known(line, &statement) {
                unknown.push(format!("{name}:{}: {line}", n + 1));
            }
        }
    }
    assert!(unknown.is_empty(), "lines the statement pattern of {TM_LANGUAGE} does not know:\n{}", unknown.join("\n"));
}

#[test]
fn the_line_start_check_rejects_what_it_should() {
    let statement: Vec<String> = ["score", "得分", "item"].map(String::from).to_vec();
    assert!(line_start_is_known("    score 5 if x", &statement));
    assert!(line_start_is_known("\u{3000}得分 每 次数 1 分", &statement));
    assert!(line_start_is_known("  1.5 分 若 x", &statement));
    assert!(line_start_is_known("  「说明」", &statement));
    assert!(!line_start_is_known("  scores 5", &statement));
    assert!(!line_start_is_known("  得分数 5", &statement));
    assert!(!line_start_is_known("  let x = 1", &statement));
}
