//! `rubric lsp`: the protocol glue. JSON-RPC over stdio (Content-Length
//! framing, by `lsp-server`), the open documents, and diagnostics published
//! when the editor pauses; each request is answered by a plain feature
//! function of [`crate::lsp`], converted in [`convert`].

mod capabilities;
mod convert;
mod handlers;

use std::collections::HashMap;

use lsp_server::{Connection, Message, Notification};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::{InitializeParams, PublishDiagnosticsParams, Uri};

use super::document::Document;
use crate::base::i18n::{set_lang, Lang};

/// An open document and the version the editor gave it.
struct Open {
    document: Document,
    version: i32,
    /// Its diagnostics have not been published since it changed.
    unpublished: bool,
}

/// The open documents, by URI.
#[derive(Default)]
struct Documents {
    open: HashMap<Uri, Open>,
}

/// Serves one editor over stdin and stdout until it says `exit`. `explicit_lang`: the language
/// was given with `--lang`, so the editor's locale does not change it.
pub fn run(explicit_lang: bool) -> Result<(), String> {
    let (connection, io_threads) = Connection::stdio();
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    if let Ok(params) = serde_json::from_value::<InitializeParams>(params) {
        if let Some(lang) = params.locale.as_deref().and_then(Lang::parse).filter(|_| !explicit_lang) {
            set_lang(lang);
        }
    }
    let result = serde_json::json!({
        "capabilities": capabilities::capabilities(),
        "serverInfo": { "name": "rubric", "version": env!("CARGO_PKG_VERSION") },
    });
    connection.initialize_finish(id, result).map_err(|e| e.to_string())?;
    serve(&connection)?;
    drop(connection);
    io_threads.join().map_err(|e| e.to_string())
}

fn serve(connection: &Connection) -> Result<(), String> {
    let mut documents = Documents::default();
    loop {
        if connection.receiver.is_empty() {
            publish(connection, &mut documents)?;
        }
        let Ok(message) = connection.receiver.recv() else { return Ok(()) };
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request).map_err(|e| e.to_string())? {
                    return Ok(());
                }
                let response = handlers::respond(&mut documents, request);
                connection.sender.send(Message::Response(response)).map_err(|e| e.to_string())?;
            }
            Message::Notification(notification) => {
                if notification.method == "exit" {
                    return Ok(());
                }
                if let Some(closed) = documents.notice(notification) {
                    send_diagnostics(connection, closed, Vec::new(), None)?;
                }
            }
            Message::Response(_) => {}
        }
    }
}

impl Documents {
    /// Opens, changes or closes a document; returns the URI of a closed one.
    fn notice(&mut self, notification: Notification) -> Option<Uri> {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let params: lsp_types::DidOpenTextDocumentParams = serde_json::from_value(notification.params).ok()?;
                let item = params.text_document;
                let open = Open { document: Document::new(item.text), version: item.version, unpublished: true };
                self.open.insert(item.uri, open);
            }
            DidChangeTextDocument::METHOD => {
                let params: lsp_types::DidChangeTextDocumentParams =
                    serde_json::from_value(notification.params).ok()?;
                let open = self.open.get_mut(&params.text_document.uri)?;
                for change in params.content_changes {
                    let range = change.range.map(|r| (convert::position(r.start), convert::position(r.end)));
                    open.document.edit(range, &change.text);
                }
                open.version = params.text_document.version;
                open.unpublished = true;
            }
            DidCloseTextDocument::METHOD => {
                let params: lsp_types::DidCloseTextDocumentParams = serde_json::from_value(notification.params).ok()?;
                self.open.remove(&params.text_document.uri);
                return Some(params.text_document.uri);
            }
            _ => {}
        }
        None
    }
}

/// Publishes the diagnostics of every document changed since they were last published.
fn publish(connection: &Connection, documents: &mut Documents) -> Result<(), String> {
    for (uri, open) in documents.open.iter_mut().filter(|(_, open)| open.unpublished) {
        open.unpublished = false;
        let view = open.document.view();
        let diagnostics = view.analysis.diagnostics.iter().map(|d| convert::diagnostic(&view, uri, d)).collect();
        send_diagnostics(connection, uri.clone(), diagnostics, Some(open.version))?;
    }
    Ok(())
}

fn send_diagnostics(
    connection: &Connection,
    uri: Uri,
    diagnostics: Vec<lsp_types::Diagnostic>,
    version: Option<i32>,
) -> Result<(), String> {
    let params = PublishDiagnosticsParams { uri, diagnostics, version };
    let notification = Notification::new(PublishDiagnostics::METHOD.to_string(), params);
    connection.sender.send(Message::Notification(notification)).map_err(|e| e.to_string())
}
