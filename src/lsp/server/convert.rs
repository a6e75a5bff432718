//! The features' plain values (byte spans, Markdown) → the protocol's types
//! (ranges in UTF-16 code units).

use lsp_types as lsp;
use lsp_types::Uri;

use crate::base::diagnostic::{Diagnostic, Severity};
use crate::base::span::Span;
use crate::lsp::completion::{Completion, CompletionKind};
use crate::lsp::document::View;
use crate::lsp::position::Position;
use crate::lsp::symbols::{Symbol, SymbolKind};

/// A protocol position → ours.
pub fn position(p: lsp::Position) -> Position {
    Position::new(p.line, p.character)
}

fn protocol_position(p: Position) -> lsp::Position {
    lsp::Position::new(p.line, p.character)
}

/// A byte span → a protocol range.
pub fn range(view: &View<'_>, span: &Span) -> lsp::Range {
    let (start, end) = view.range(span);
    lsp::Range::new(protocol_position(start), protocol_position(end))
}

/// A protocol range → a byte span.
pub fn span(view: &View<'_>, range: lsp::Range) -> Span {
    let start = view.offset(position(range.start));
    start..view.offset(position(range.end)).max(start)
}

/// A diagnostic: its code, message and help, and its related places.
pub fn diagnostic(view: &View<'_>, uri: &Uri, d: &Diagnostic) -> lsp::Diagnostic {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(&crate::tr!("\nhelp: {help}", "\n提示：{help}"));
    }
    let related = d
        .related
        .iter()
        .map(|(span, label)| lsp::DiagnosticRelatedInformation {
            location: lsp::Location::new(uri.clone(), range(view, span)),
            message: label.clone(),
        })
        .collect::<Vec<_>>();
    lsp::Diagnostic {
        range: range(view, &d.span),
        severity: Some(match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        }),
        code: Some(lsp::NumberOrString::String(d.code_text().to_string())),
        source: Some("rubric".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        data: Some(serde_json::json!({ "label": d.label, "help": d.help })),
        ..lsp::Diagnostic::default()
    }
}

/// A completion, replacing the word being typed.
pub fn completion(view: &View<'_>, replace: &Span, order: usize, c: &Completion) -> lsp::CompletionItem {
    let kind = match c.kind {
        CompletionKind::Keyword => lsp::CompletionItemKind::KEYWORD,
        CompletionKind::Input => lsp::CompletionItemKind::VARIABLE,
        CompletionKind::Let => lsp::CompletionItemKind::VARIABLE,
        CompletionKind::Function => lsp::CompletionItemKind::FUNCTION,
        CompletionKind::Unit => lsp::CompletionItemKind::UNIT,
        CompletionKind::Id => lsp::CompletionItemKind::VALUE,
    };
    lsp::CompletionItem {
        label: c.label.clone(),
        kind: Some(kind),
        detail: (!c.detail.is_empty()).then(|| c.detail.clone()),
        documentation: (!c.documentation.is_empty()).then(|| {
            lsp::Documentation::MarkupContent(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: c.documentation.clone(),
            })
        }),
        sort_text: Some(format!("{order:04}")),
        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit::new(range(view, replace), c.label.clone()))),
        ..lsp::CompletionItem::default()
    }
}

/// An outline entry and its children.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written, as `None`.
pub fn symbol(view: &View<'_>, s: &Symbol) -> lsp::DocumentSymbol {
    let kind = match s.kind {
        SymbolKind::Rubric => lsp::SymbolKind::FILE,
        SymbolKind::Input => lsp::SymbolKind::VARIABLE,
        SymbolKind::Section | SymbolKind::Bonus | SymbolKind::Deduction => lsp::SymbolKind::NAMESPACE,
        SymbolKind::Item => lsp::SymbolKind::FIELD,
        SymbolKind::Indicator => lsp::SymbolKind::CONSTANT,
        SymbolKind::Check => lsp::SymbolKind::EVENT,
    };
    lsp::DocumentSymbol {
        name: s.name.clone(),
        detail: (!s.detail.is_empty()).then(|| s.detail.clone()),
        kind,
        tags: None,
        deprecated: None,
        range: range(view, &s.span),
        selection_range: range(view, &s.selection),
        children: (!s.children.is_empty()).then(|| s.children.iter().map(|c| symbol(view, c)).collect()),
    }
}
