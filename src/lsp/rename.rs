//! Go to definition, find references and rename, for inputs, `let`s, and
//! section and item ids.

use pest::Parser;

use super::document::View;
use super::index::Kind;
use crate::base::diagnostic::Replacement;
use crate::base::span::Span;
use crate::syntax::{RubricParser, Rule};

/// Where the name or id at `offset` is declared.
pub fn definition(view: &View<'_>, offset: usize) -> Option<Span> {
    let (at, _) = view.analysis.index.at(offset)?;
    Some(view.analysis.index.get(at)?.span.clone())
}

/// Every place the name or id at `offset` is written, its declaration first if asked for.
pub fn references(view: &View<'_>, offset: usize, with_declaration: bool) -> Vec<Span> {
    let Some((at, _)) = view.analysis.index.at(offset) else { return Vec::new() };
    let mut spans = view.analysis.index.spans(at);
    if !with_declaration && !spans.is_empty() {
        spans.remove(0);
    }
    spans
}

/// The span of the name or id at `offset`, if it can be renamed.
pub fn prepare(view: &View<'_>, offset: usize) -> Option<Span> {
    let (at, span) = view.analysis.index.at(offset)?;
    let kind = view.analysis.index.get(at)?.kind;
    matches!(kind, Kind::Input | Kind::Let | Kind::Section | Kind::Item).then_some(span)
}

/// The edits that rename the name or id at `offset` to `new_name` everywhere it is written, or
/// why it cannot be (in the thread's language).
pub fn rename(view: &View<'_>, offset: usize, new_name: &str) -> Result<Vec<Replacement>, String> {
    let index = &view.analysis.index;
    let Some((at, _)) = index.at(offset) else {
        return Err(crate::tr!(
            "only inputs, `let`s and section and item ids can be renamed",
            "只能重命名输入项、`let`（令）以及部分和指标的编号"
        ));
    };
    let definition = index.get(at).ok_or_else(String::new)?;
    let new_name = new_name.trim();
    let written = match definition.kind {
        Kind::Input | Kind::Let => {
            if !is_name(new_name) {
                return Err(crate::tr!(
                    "`{new_name}` cannot be a name: a name starts with a letter or `_`, goes on with letters, digits and `_`, and is not a keyword",
                    "`{new_name}` 不能作为名称：名称以文字或 `_` 开头，后面只能是文字、数字和 `_`，并且不能是关键字"
                ));
            }
            let owner = definition.owner;
            let taken = index.definitions.iter().enumerate().any(|(other, d)| {
                other != at
                    && d.name == new_name
                    && match d.kind {
                        Kind::Input => true,
                        Kind::Let => definition.kind == Kind::Input || d.owner == owner,
                        _ => false,
                    }
            });
            if taken {
                return Err(crate::tr!(
                    "`{new_name}` is already an input or a `let` of the item",
                    "`{new_name}` 已经是输入项或该指标的 `let`（令）"
                ));
            }
            new_name.to_string()
        }
        Kind::Section | Kind::Item => {
            if new_name.is_empty() {
                return Err(crate::tr!("an id cannot be empty", "编号不能为空"));
            }
            if index.of_kind(definition.kind).any(|d| d.name == new_name && d.span != definition.span) {
                return Err(crate::tr!("the id `{new_name}` is already used", "编号 `{new_name}` 已经用过了"));
            }
            written_id(new_name)
        }
        Kind::Indicator => {
            return Err(crate::tr!("indicators cannot be renamed here", "这里不能重命名分析指标"));
        }
    };
    Ok(index.spans(at).into_iter().map(|span| Replacement { span, text: written.clone() }).collect())
}

/// True if the grammar reads all of `text` as one name.
fn is_name(text: &str) -> bool {
    RubricParser::parse(Rule::ident, text).ok().and_then(|mut p| p.next()).is_some_and(|p| p.as_str() == text)
}

/// An id as written: bare when the grammar reads it so, else quoted.
fn written_id(id: &str) -> String {
    let bare = id.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '-');
    let parsed = RubricParser::parse(Rule::id, id).ok().and_then(|mut p| p.next()).is_some_and(|p| p.as_str() == id);
    if bare && parsed {
        id.to_string()
    } else {
        format!("\"{}\"", id.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::i18n::{with_lang, Lang};
    use crate::lsp::document::Document;

    const TEXT: &str = "rubric \"t\" max 4\ninput 次数: count\ninput 天数: count\nsection 一 \"一\" 4\n  item 1 \"a\" 2\n    \
let 倍 = 次数 × 2\n    score min(2, 倍)\n  item 2 \"b\" 2\n    score 2 minus 1 per 次数 + 天数\n";

    fn renamed(at: &str, new_name: &str) -> Result<String, String> {
        let mut document = Document::new(TEXT);
        let view = document.view();
        let edits = with_lang(Lang::En, || rename(&view, TEXT.find(at).unwrap(), new_name))?;
        let mut text = TEXT.to_string();
        for edit in edits.iter().rev() {
            text.replace_range(edit.span.clone(), &edit.text);
        }
        Ok(text)
    }

    #[test]
    fn renaming_an_input_changes_its_declaration_and_every_use() {
        let text = renamed("次数", "会议次数").unwrap();
        assert_eq!(text.matches("会议次数").count(), 3);
        assert!(!text.contains(" 次数"));
        let mut document = Document::new(text);
        assert!(document.view().analysis.diagnostics.is_empty());
    }

    #[test]
    fn ids_are_quoted_when_they_must_be_and_names_are_checked() {
        assert!(renamed("一 \"一\"", "一、基础").unwrap().contains("section \"一、基础\" \"一\" 4"));
        assert!(renamed("1 \"a\"", "1.1").unwrap().contains("item 1.1 \"a\" 2"));
        assert_eq!(renamed("1 \"a\"", "2").unwrap_err(), "the id `2` is already used");
        assert!(renamed("次数", "天数").unwrap_err().contains("already an input"));
        assert!(renamed("次数", "if").unwrap_err().contains("cannot be a name"));
        assert!(renamed("次数", "2次").unwrap_err().contains("cannot be a name"));
        assert!(renamed("倍 =", "天数").is_err());
        assert!(renamed("score 2", "x").is_err());
    }

    #[test]
    fn definitions_and_references_follow_the_index() {
        let mut document = Document::new(TEXT);
        let view = document.view();
        let use_at = TEXT.rfind("次数").unwrap();
        let declared = TEXT.find("次数").unwrap();
        assert_eq!(definition(&view, use_at), Some(declared..declared + "次数".len()));
        assert_eq!(references(&view, use_at, true).len(), 3);
        assert_eq!(references(&view, use_at, false).len(), 2);
        assert_eq!(prepare(&view, use_at), Some(use_at..use_at + "次数".len()));
    }
}
