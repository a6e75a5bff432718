//! `rubric lsp`: the language server, for editors.

use super::output::err;

/// The options of `rubric lsp`.
#[derive(Debug, clap::Args)]
pub struct LspArgs {
    /// Speak JSON-RPC over standard input and output (the only transport; editors pass it).
    #[arg(long)]
    pub stdio: bool,
}

/// Serves one editor until it exits. `explicit_lang`: `--lang` was given, so it wins over the
/// editor's locale. `Ok(false)` when the connection failed.
pub fn run(_args: &LspArgs, explicit_lang: bool) -> Result<bool, ()> {
    match crate::lsp::server::run(explicit_lang) {
        Ok(()) => Ok(true),
        Err(message) => {
            err(&crate::tr!("the language server stopped: {message}", "语言服务器已停止：{message}"));
            Ok(false)
        }
    }
}
