//! Requests → the feature functions → responses.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use lsp_server::{ErrorCode, Request, Response};
use lsp_types as lsp;
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest, PrepareRenameRequest,
    References, Rename, Request as _,
};
use serde_json::Value;

use super::convert::{self, range, span};
use super::Documents;
use crate::base::i18n::lang;
use crate::base::limits::Limits;
use crate::lsp::document::View;
use crate::lsp::{completion, fixes, hover, rename, symbols};

/// The response to a request (an error response if it fails, or if a feature panics).
pub fn respond(documents: &mut Documents, request: Request) -> Response {
    let id = request.id.clone();
    match catch_unwind(AssertUnwindSafe(|| answer(documents, request))) {
        Ok(Ok(result)) => Response::new_ok(id, result),
        Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
        Err(_) => Response::new_err(id, ErrorCode::InternalError as i32, "internal error".to_string()),
    }
}

type Answer = Result<Value, (ErrorCode, String)>;

fn params<P: serde::de::DeserializeOwned>(request: Request) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(request.params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

fn json(value: impl serde::Serialize) -> Answer {
    serde_json::to_value(value).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

/// The view of an open document, or `null` for one the editor never opened.
macro_rules! view_or_null {
    ($documents:expr, $uri:expr) => {
        match $documents.open.get_mut($uri) {
            Some(open) => open.document.view(),
            None => return Ok(Value::Null),
        }
    };
}

/// The view of the document a position is in, and the position as a byte
/// offset into it; or `null` for a document the editor never opened.
macro_rules! view_at {
    ($documents:expr, $position:expr) => {{
        let view = view_or_null!($documents, &$position.text_document.uri);
        let offset = view.offset(convert::position($position.position));
        (view, offset)
    }};
}

fn answer(documents: &mut Documents, request: Request) -> Answer {
    match request.method.as_str() {
        HoverRequest::METHOD => {
            let p: lsp::HoverParams = params(request)?;
            let (view, offset) = view_at!(documents, &p.text_document_position_params);
            let found = hover::hover(&view, offset);
            json(found.map(|h| lsp::Hover {
                contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                    kind: lsp::MarkupKind::Markdown,
                    value: h.markdown,
                }),
                range: Some(range(&view, &h.span)),
            }))
        }
        Completion::METHOD => {
            let p: lsp::CompletionParams = params(request)?;
            let (view, offset) = view_at!(documents, &p.text_document_position);
            let found = completion::complete(&view, offset, lang());
            let items: Vec<lsp::CompletionItem> = found
                .items
                .iter()
                .enumerate()
                .map(|(order, c)| convert::completion(&view, &found.replace, order, c))
                .collect();
            json(lsp::CompletionResponse::Array(items))
        }
        GotoDefinition::METHOD => {
            let p: lsp::GotoDefinitionParams = params(request)?;
            let (view, offset) = view_at!(documents, &p.text_document_position_params);
            let found = rename::definition(&view, offset);
            let uri = p.text_document_position_params.text_document.uri;
            json(found.map(|s| lsp::GotoDefinitionResponse::Scalar(lsp::Location::new(uri, range(&view, &s)))))
        }
        References::METHOD => {
            let p: lsp::ReferenceParams = params(request)?;
            let (view, offset) = view_at!(documents, &p.text_document_position);
            let spans = rename::references(&view, offset, p.context.include_declaration);
            let uri = &p.text_document_position.text_document.uri;
            json(spans.iter().map(|s| lsp::Location::new(uri.clone(), range(&view, s))).collect::<Vec<_>>())
        }
        PrepareRenameRequest::METHOD => {
            let p: lsp::TextDocumentPositionParams = params(request)?;
            let (view, offset) = view_at!(documents, &p);
            let found = rename::prepare(&view, offset);
            json(found.map(|s| lsp::PrepareRenameResponse::Range(range(&view, &s))))
        }
        Rename::METHOD => {
            let p: lsp::RenameParams = params(request)?;
            let (view, offset) = view_at!(documents, &p.text_document_position);
            let edits = rename::rename(&view, offset, &p.new_name).map_err(|m| (ErrorCode::RequestFailed, m))?;
            let edits = edits.iter().map(|e| lsp::TextEdit::new(range(&view, &e.span), e.text.clone())).collect();
            json(workspace_edit(p.text_document_position.text_document.uri, edits))
        }
        DocumentSymbolRequest::METHOD => {
            let p: lsp::DocumentSymbolParams = params(request)?;
            let view = view_or_null!(documents, &p.text_document.uri);
            let outline: Vec<_> = symbols::outline(&view).iter().map(|s| convert::symbol(&view, s)).collect();
            json(lsp::DocumentSymbolResponse::Nested(outline))
        }
        Formatting::METHOD => {
            let p: lsp::DocumentFormattingParams = params(request)?;
            let view = view_or_null!(documents, &p.text_document.uri);
            json(format(&view))
        }
        CodeActionRequest::METHOD => {
            let p: lsp::CodeActionParams = params(request)?;
            let uri = p.text_document.uri.clone();
            let view = view_or_null!(documents, &uri);
            json(quick_fixes(&view, &uri, span(&view, p.range)))
        }
        method => Err((ErrorCode::MethodNotFound, format!("unknown request {method}"))),
    }
}

fn workspace_edit(uri: lsp::Uri, edits: Vec<lsp::TextEdit>) -> lsp::WorkspaceEdit {
    lsp::WorkspaceEdit { changes: Some(HashMap::from([(uri, edits)])), ..lsp::WorkspaceEdit::default() }
}

/// `rubric fmt` of the whole text, as one edit; no edit when it is formatted already or does
/// not parse (its syntax errors are among the diagnostics).
fn format(view: &View<'_>) -> Option<Vec<lsp::TextEdit>> {
    let formatted = crate::author::fmt::format_source(view.text, &Limits::default()).ok()?;
    if formatted == view.text {
        return Some(Vec::new());
    }
    Some(vec![lsp::TextEdit::new(range(view, &(0..view.text.len())), formatted)])
}

fn quick_fixes(view: &View<'_>, uri: &lsp::Uri, range_asked: crate::base::span::Span) -> Vec<lsp::CodeActionOrCommand> {
    fixes::quick_fixes(view, &range_asked)
        .into_iter()
        .map(|fix| {
            let diagnostics =
                view.analysis.diagnostics.get(fix.diagnostic).map(|d| vec![convert::diagnostic(view, uri, d)]);
            let edit = lsp::TextEdit::new(range(view, &fix.edit.span), fix.edit.text.clone());
            lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: fix.title,
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics,
                edit: Some(workspace_edit(uri.clone(), vec![edit])),
                is_preferred: Some(true),
                ..lsp::CodeAction::default()
            })
        })
        .collect()
}
