//! Every diagnostic code is documented, and the documentation names no code
//! that does not exist: the tables of `docs/language.md` §9.3 ("Every
//! diagnostic code") against the one code enum.

use std::collections::BTreeSet;

use rubric::base::diagnostic::Code;

/// The codes the documentation's tables give a row, with the row's trigger.
fn documented() -> Vec<(String, String)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/language.md");
    let text = std::fs::read_to_string(path).expect("docs/language.md");
    let start = text.find("### 9.3 Every diagnostic code").expect("the section");
    let section = &text[start..];
    let end = section[4..].find("\n## ").map_or(section.len(), |e| e + 4);
    section[..end]
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let code = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            let trigger = cells.get(3)?.to_string();
            code.contains("::").then(|| (code.to_string(), trigger))
        })
        .collect()
}

#[test]
fn every_code_has_a_row_with_an_input_that_triggers_it() {
    let rows = documented();
    for code in Code::ALL {
        let text = code.as_str();
        let row = rows.iter().find(|(c, _)| c == text);
        let Some((_, trigger)) = row else { panic!("`{text}` has no row in docs/language.md §9.3") };
        assert!(trigger.len() > 3, "`{text}`: the row gives no input that triggers it");
    }
}

#[test]
fn the_documentation_names_only_codes_that_exist() {
    let known: BTreeSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    let rows = documented();
    assert!(rows.len() >= known.len(), "{} rows for {} codes", rows.len(), known.len());
    let mut seen = BTreeSet::new();
    for (code, _) in &rows {
        assert!(known.contains(code.as_str()), "docs/language.md §9.3 names `{code}`, which is no code");
        assert!(seen.insert(code.clone()), "`{code}` has two rows");
    }
}
