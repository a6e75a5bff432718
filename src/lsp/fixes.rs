//! Quick fixes: the edit a diagnostic's help names (a did-you-mean, half-width
//! digits, a missing closing quote, a keyword glued to a name), offered for
//! every diagnostic that has one.

use super::document::View;
use crate::base::diagnostic::Replacement;
use crate::base::span::Span;

/// A quick fix for one diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What applying it does, in the thread's language.
    pub title: String,
    /// The diagnostic it fixes (its index in the analysis).
    pub diagnostic: usize,
    /// The edit.
    pub edit: Replacement,
}

/// The fixes of the diagnostics that touch `range`.
pub fn quick_fixes(view: &View<'_>, range: &Span) -> Vec<Fix> {
    let touches = |span: &Span| span.start <= range.end && range.start <= span.end;
    view.analysis
        .diagnostics
        .iter()
        .enumerate()
        .filter(|(_, d)| touches(&d.span) || d.replacement.as_ref().is_some_and(|r| touches(&r.span)))
        .filter_map(|(at, d)| {
            let edit = d.replacement.clone()?;
            Some(Fix { title: title(view, &edit), diagnostic: at, edit })
        })
        .collect()
}

/// "Change `专题研究数` to `专题研究次数`", "Insert `”`": what applying `edit` does.
pub fn title(view: &View<'_>, edit: &Replacement) -> String {
    let new = &edit.text;
    if edit.span.is_empty() {
        return crate::tr!("Insert `{new}`", "插入 `{new}`");
    }
    let old = view.slice(&edit.span);
    crate::tr!("Change `{old}` to `{new}`", "把 `{old}` 改为 `{new}`")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::i18n::{with_lang, Lang};
    use crate::lsp::document::Document;

    fn fixed(text: &str, lang: Lang) -> Vec<(String, String)> {
        let mut document = Document::new(text);
        let view = with_lang(lang, || document.view());
        with_lang(lang, || quick_fixes(&view, &(0..text.len())))
            .into_iter()
            .map(|fix| {
                let mut after = text.to_string();
                after.replace_range(fix.edit.span.clone(), &fix.edit.text);
                (fix.title, after.lines().last().unwrap_or("").to_string())
            })
            .collect()
    }

    const HEAD: &str = "rubric \"t\" max 2\ninput 专题研究次数: count\nsection 一 \"一\" 2\n  item 1 \"x\" 2\n";

    #[test]
    fn did_you_mean_half_width_digits_and_closing_quotes_become_edits() {
        let typo = fixed(&format!("{HEAD}    score 1 per 专题研究数, at most 2"), Lang::En);
        assert_eq!(
            typo,
            [("Change `专题研究数` to `专题研究次数`".to_string(), "    score 1 per 专题研究次数, at most 2".to_string())]
        );
        let digits = fixed(&format!("{HEAD}    score １.５ per 专题研究次数, at most 2"), Lang::Zh);
        assert_eq!(digits, [("把 `１.５` 改为 `1.5`".to_string(), "    score 1.5 per 专题研究次数, at most 2".to_string())]);
        let quote = fixed(&format!("{HEAD}    judged “酌情扣分"), Lang::En);
        assert_eq!(quote, [("Insert `”`".to_string(), "    judged “酌情扣分”".to_string())]);
        let glued = fixed(&format!("{HEAD}    score 2 if 若专题研究次数 > 0"), Lang::En);
        assert!(glued.iter().any(|(_, line)| line == "    score 2 if 若 专题研究次数 > 0"), "{glued:?}");
    }

    #[test]
    fn diagnostics_without_an_edit_and_outside_the_range_give_none() {
        let text = format!("{HEAD}    score 2 × 专题研究次数 + yes");
        assert!(fixed(&text, Lang::En).is_empty());
        let mut document = Document::new(format!("{HEAD}    score 1 per 专题研究数, at most 2"));
        let view = document.view();
        assert!(quick_fixes(&view, &(0..5)).is_empty());
    }
}
