//! One rubric text being edited, and what the real pipeline says about it.
//!
//! An edit only replaces text; the analysis (the checker's diagnostics, the
//! syntax tree and the index of names) is made again the first time it is
//! asked for, so a burst of keystrokes is checked once.

use std::cell::OnceCell;

use super::index::Index;
use super::position::{LineIndex, Position};
use crate::base::diagnostic::Diagnostic;
use crate::base::i18n::Lang;
use crate::base::limits::Limits;
use crate::base::span::Span;
use crate::lower::ast;

/// What the pipeline says about one version of a text.
#[derive(Debug)]
pub struct Analysis {
    /// Every diagnostic of `rubric check`, in its order and language.
    pub diagnostics: Vec<Diagnostic>,
    /// The syntax tree (as far as the text parses).
    pub tree: ast::Rubric,
    /// Names and ids: definitions and uses.
    pub index: Index,
    keyword_language: OnceCell<Option<Lang>>,
}

impl Analysis {
    /// Checks `text` as `rubric check` does, and indexes its names.
    pub fn of(text: &str) -> Analysis {
        let (tree, _, diagnostics) = crate::check::check_source_keeping_tree(text, &Limits::default());
        let index = Index::build(&tree);
        Analysis { diagnostics, tree, index, keyword_language: OnceCell::new() }
    }
}

/// A text, its line starts and its analysis, all of the same version.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    /// The text.
    pub text: &'a str,
    /// Its line starts.
    pub lines: &'a LineIndex,
    /// Its analysis.
    pub analysis: &'a Analysis,
}

impl View<'_> {
    /// The protocol range of a byte span.
    pub fn range(&self, span: &Span) -> (Position, Position) {
        self.lines.range(self.text, span)
    }

    /// The byte offset of a protocol position.
    pub fn offset(&self, position: Position) -> usize {
        self.lines.offset(self.text, position)
    }

    /// The 1-based line number of a byte offset.
    pub fn line_number(&self, offset: usize) -> usize {
        self.lines.line_of(offset) + 1
    }

    /// The text of a span (empty if it is not in the text).
    pub fn slice(&self, span: &Span) -> &str {
        self.text.get(span.clone()).unwrap_or("")
    }

    /// The language the file's keywords are written in: most statements', else `fallback`.
    pub fn keyword_language(&self, fallback: Lang) -> Lang {
        self.analysis.keyword_language.get_or_init(|| super::tokens::keyword_language(self.text)).unwrap_or(fallback)
    }
}

/// A rubric text open in an editor.
#[derive(Debug)]
pub struct Document {
    text: String,
    lines: LineIndex,
    analysis: Option<Analysis>,
}

impl Document {
    /// A document holding `text`, not yet analysed.
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        Document { lines: LineIndex::new(&text), text, analysis: None }
    }

    /// Replaces the text between two positions (or all of it) with `new_text`.
    pub fn edit(&mut self, range: Option<(Position, Position)>, new_text: &str) {
        match range {
            Some((start, end)) => {
                let start = self.lines.offset(&self.text, start);
                let end = self.lines.offset(&self.text, end).max(start);
                self.text.replace_range(start..end, new_text);
            }
            None => new_text.clone_into(&mut self.text),
        }
        self.lines = LineIndex::new(&self.text);
        self.analysis = None;
    }

    /// The text with its analysis, made now if the text changed since the last one.
    pub fn view(&mut self) -> View<'_> {
        let analysis = self.analysis.get_or_insert_with(|| Analysis::of(&self.text));
        View { text: &self.text, lines: &self.lines, analysis }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_between_utf16_positions_replaces_the_right_bytes_and_is_checked_again() {
        let mut document = Document::new("rubric \"t\" max 2\ninput 次数: count\nsection 一 \"一\" 2\n  item 1 \"x\" 2\n    score 2 if 次数 > 0\n");
        assert!(document.view().analysis.diagnostics.is_empty());
        // Replace `次数` in the rule (line 4, columns 15..17) with a name that is not declared.
        document.edit(Some((Position::new(4, 15), Position::new(4, 17))), "次");
        assert!(document.view().text.contains("score 2 if 次 > 0"));
        let view = document.view();
        let codes: Vec<&str> = view.analysis.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["rubric::undefined-name"]);
        document.edit(None, "");
        assert_eq!(document.view().text, "");
    }
}
