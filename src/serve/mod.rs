//! `rubric serve`: the county's desk in a browser. Townships fill in their data
//! on a form generated from the rubric and see the score, explained, as they
//! type; the bureau collects, reviews, ranks and exports — one command on one
//! machine, with an embedded database ([`crate::store`]).
//!
//! The shape is axum's own: [`router`] builds every route in one place, the
//! state is one [`App`] in an `Arc`, the caller is an extractor
//! ([`auth::Caller`]), every failure is one [`error::ApiError`]. Handlers are
//! thin: the front door ([`crate::api`]) scores, the batch stage exports, the
//! store keeps.

/// A sentence in a language: `say!(lang, "english {x}", "中文 {x}")`.
macro_rules! say {
    ($lang:expr, $($t:tt)*) => {
        $crate::base::i18n::with_lang($lang, || $crate::tr!($($t)*))
    };
}

pub mod api;
pub mod auth;
pub mod authoring;
pub mod body;
pub mod canonical;
pub mod catalog;
pub mod desk;
pub mod drafts;
pub mod editor;
pub mod error;
pub mod export;
pub mod filled;
pub mod form;
pub mod impact;
pub mod notice;
pub mod pages;
pub mod publish;
pub mod score;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Instant;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue, Uri};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

use crate::base::i18n::Lang;
use crate::store::Store;
use catalog::Catalog;

/// What `rubric serve` was asked to do.
#[derive(Debug, Clone)]
pub struct Config {
    /// Rubric files and folders of them.
    pub rubrics: Vec<PathBuf>,
    /// The database file.
    pub db: PathBuf,
    /// Where to listen.
    pub addr: SocketAddr,
}

/// The desk's state, shared by every request.
pub struct App {
    /// The rubrics, reloadable.
    catalog: RwLock<Arc<Catalog>>,
    /// Where they were read from: the command line's paths, and the files of
    /// published rubrics they do not cover.
    paths: RwLock<Vec<PathBuf>>,
    /// The database.
    pub store: Store,
    /// The folder where exports write each rubric's latest data files for `rubric batch`.
    exports: PathBuf,
    /// One export at a time.
    export_lock: tokio::sync::Mutex<()>,
    /// One publication at a time.
    publish_lock: tokio::sync::Mutex<()>,
}

impl App {
    /// Opens the database and loads the rubrics. The error is a sentence.
    pub fn open(rubrics: &[PathBuf], db: &std::path::Path) -> Result<App, String> {
        let store = Store::open(db).map_err(|e| e.0)?;
        let published = store.read_now(crate::store::rubric_drafts::published_paths).map_err(|e| e.0)?;
        let mut paths = rubrics.to_vec();
        for file in published.into_iter().map(PathBuf::from).filter(|f| f.is_file()) {
            add_path(&mut paths, &file);
        }
        let catalog = Catalog::load(&paths)?;
        let stem = db.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "rubric".into());
        let exports = db.with_file_name(format!("{stem}.exports"));
        Ok(App {
            catalog: RwLock::new(Arc::new(catalog)),
            paths: RwLock::new(paths),
            store,
            exports,
            export_lock: tokio::sync::Mutex::new(()),
            publish_lock: tokio::sync::Mutex::new(()),
        })
    }

    /// The rubrics as loaded now.
    pub fn catalog(&self) -> Arc<Catalog> {
        Arc::clone(&self.catalog.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Reads the rubric files again and records every text served.
    pub async fn reload(&self) -> Result<(), String> {
        let paths = self.paths.read().unwrap_or_else(PoisonError::into_inner).clone();
        let catalog = Arc::new(Catalog::load(&paths)?);
        self.record_texts(&catalog).await.map_err(|e| e.0)?;
        *self.catalog.write().unwrap_or_else(PoisonError::into_inner) = catalog;
        Ok(())
    }

    /// Serves the rubric file `file` from the next reload on, unless a path
    /// already covers it.
    pub fn serve_also(&self, file: &std::path::Path) {
        add_path(&mut self.paths.write().unwrap_or_else(PoisonError::into_inner), file);
    }

    /// Records the text of every served rubric under its hash.
    async fn record_texts(&self, catalog: &Catalog) -> crate::store::Result<()> {
        let texts: Vec<(String, String, Option<u32>, String)> = catalog
            .entries
            .iter()
            .filter_map(|e| e.ready().map(|r| (e.hash.clone(), e.id.clone(), r.checked.year, e.text.to_string())))
            .collect();
        self.store
            .write(move |conn| {
                for (hash, id, year, text) in &texts {
                    crate::store::submissions::record_rubric(conn, hash, id, *year, text)?;
                }
                Ok(())
            })
            .await
    }
}

/// Adds `file` to `paths` unless it is one of them or in a folder among them.
fn add_path(paths: &mut Vec<PathBuf>, file: &std::path::Path) {
    let same = |a: &std::path::Path, b: &std::path::Path| {
        a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
    };
    let covered = paths.iter().any(|p| same(p, file) || (p.is_dir() && file.parent().is_some_and(|f| same(p, f))));
    if !covered {
        paths.push(file.to_path_buf());
    }
}

/// The language a request asks for: `?lang=en`, else Chinese.
pub fn request_lang(uri: &Uri) -> Lang {
    uri.query()
        .into_iter()
        .flat_map(|q| q.split('&'))
        .find_map(|pair| pair.strip_prefix("lang="))
        .and_then(Lang::parse)
        .unwrap_or(Lang::Zh)
}

/// Every route of the desk.
pub fn router(app: Arc<App>) -> Router {
    let api = Router::new()
        .route("/me", get(desk::me))
        .route("/logout", post(auth::sign_out))
        .route("/catalog", get(desk::catalog))
        .route("/reload", post(desk::reload))
        .route("/audit", get(desk::audit))
        .route("/language", get(editor::language))
        .route("/check", post(editor::check))
        .route("/hover", post(editor::hover))
        .route("/complete", post(editor::complete))
        .route("/rubrics", get(api::rubrics))
        .route("/rubrics/{id}/form", get(form::form))
        .route("/rubrics/{id}/score", post(api::score))
        .route("/rubrics/{id}/convert", post(drafts::convert))
        .route("/rubrics/{id}/submissions", post(api::submit).get(api::submissions))
        .route("/rubrics/{id}/submissions/{unit}", get(api::submission))
        .route("/rubrics/{id}/submissions/{unit}/history", get(desk::history))
        .route("/rubrics/{id}/submissions/{unit}/download", get(drafts::download_submission))
        .route("/rubrics/{id}/submissions/{unit}/review", post(desk::review))
        .route("/rubrics/{id}/drafts/{unit}", get(drafts::draft).put(drafts::save))
        .route("/rubrics/{id}/drafts/{unit}/download", get(drafts::download_draft))
        .route("/rubrics/{id}/desk", get(desk::overview))
        .route("/rubrics/{id}/export/{format}", get(export::export))
        .route("/rubrics/{id}/import", post(export::import))
        .route("/rubrics/{id}/text", get(authoring::text))
        .route("/rubrics/{id}/text/drafts", get(authoring::list).post(authoring::save))
        .route("/rubrics/{id}/text/drafts/{n}", get(authoring::draft))
        .route("/rubrics/{id}/text/drafts/{n}/impact", post(impact::impact))
        .route("/rubrics/{id}/text/drafts/{n}/publish", post(publish::publish));
    Router::new()
        .route("/", get(pages::home))
        .route("/t/{token}", get(auth::sign_in))
        .route("/r/{id}", get(pages::rubric))
        .route("/r/{id}/u/{unit}", get(pages::unit))
        .route("/r/{id}/print", get(pages::print))
        .route("/r/{id}/edit", get(pages::edit))
        .route("/assets/{file}", get(pages::asset))
        .nest("/api/v1", api)
        .layer(DefaultBodyLimit::max(body::MAX_BODY))
        .layer(middleware::from_fn(headers))
        .with_state(app)
}

/// Adds to every response the time the server spent on it (`Server-Timing`)
/// and the headers that keep the pages to themselves: no framing, no scripts
/// or styles from elsewhere, no referrer (a personal link must not leak).
async fn headers(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let mut response = next.run(request).await;
    let spent = started.elapsed().as_secs_f64() * 1000.0;
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&format!("app;dur={spent:.3}")) {
        headers.insert("server-timing", value);
    }
    let fixed = [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    for (name, value) in fixed {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Runs the desk until Ctrl-C (or SIGTERM). The error is a sentence.
pub fn run(config: &Config) -> Result<(), String> {
    let app = App::open(&config.rubrics, &config.db)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("rubric-serve")
        .build()
        .map_err(|e| crate::tr!("cannot start the server: {e}", "无法启动服务：{e}"))?;
    runtime.block_on(serve(app, config))
}

async fn serve(app: App, config: &Config) -> Result<(), String> {
    let catalog = app.catalog();
    app.record_texts(&catalog).await.map_err(|e| e.0)?;
    let addr = config.addr;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| crate::tr!("cannot listen on {addr}: {e}", "无法监听 {addr}：{e}"))?;
    let bound = listener.local_addr().unwrap_or(addr);
    announce(&catalog, &config.db, bound);
    let router = router(Arc::new(app));
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown())
        .await
        .map_err(|e| crate::tr!("the server stopped: {e}", "服务已停止：{e}"))
}

/// Tells on stdout what is served, where (the line `listening on http://…` is
/// what scripts wait for).
fn announce(catalog: &Catalog, db: &std::path::Path, bound: SocketAddr) {
    for entry in &catalog.entries {
        let (id, path) = (&entry.id, entry.path.display());
        match entry.ready() {
            Some(ready) => {
                let title = &ready.checked.title;
                println!("{}", crate::tr!("serving {id}: {title} ({path})", "提供 {id}：{title}（{path}）"));
            }
            None => println!(
                "{}",
                crate::tr!(
                    "not serving {id} ({path}): it has errors (the bureau's page lists them)",
                    "未提供 {id}（{path}）：评分表有错误（财政局页面中列出）"
                )
            ),
        }
    }
    let db = db.display();
    println!("{}", crate::tr!("database {db}", "数据库 {db}"));
    println!("{}", crate::tr!("listening on http://{bound}", "listening on http://{bound}（正在监听）"));
    println!(
        "{}",
        crate::tr!(
            "open the personal links made by `rubric access add --db {db} …`",
            "请打开 `rubric access add --db {db} …` 生成的专属链接"
        )
    );
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
