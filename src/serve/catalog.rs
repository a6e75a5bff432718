//! The rubrics a desk serves: read from the files and folders named on the
//! command line, each checked once. A rubric with errors is kept with its
//! diagnostics (in both languages) for the bureau to see, and is not served to
//! units. Each rubric is known by its id (the file stem) and the SHA-256 of its
//! text, which every submission records.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::base::diagnostic::{has_errors, SourceFile};
use crate::base::i18n::{with_lang, Lang};
use crate::base::limits::Limits;
use crate::check::model::Checked;

/// A rubric ready to score units.
pub struct Ready {
    /// Through the front door (scoring with problems located in the data).
    pub rubric: crate::api::Rubric,
    /// The checked rubric (the form, the template, batch exports).
    pub checked: Arc<Checked>,
    /// Its text, for locating evaluation diagnostics in it.
    pub file: SourceFile,
}

/// A rubric as loaded.
pub enum State {
    /// Checked without errors: served.
    Ready(Box<Ready>),
    /// With errors (or unreadable): shown to the bureau, not served.
    Broken {
        /// The diagnostics, rendered as `rubric check` shows them, in Chinese.
        zh: Vec<String>,
        /// The same in English.
        en: Vec<String>,
    },
}

/// One rubric file.
pub struct Entry {
    /// The file stem: the rubric's id in every URL.
    pub id: String,
    /// The file.
    pub path: PathBuf,
    /// The SHA-256 of its text.
    pub hash: String,
    /// Its text.
    pub text: Arc<str>,
    /// Served or not.
    pub state: State,
}

impl Entry {
    /// The rubric, when it is served.
    pub fn ready(&self) -> Option<&Ready> {
        match &self.state {
            State::Ready(ready) => Some(ready),
            State::Broken { .. } => None,
        }
    }
}

/// Every rubric named on the command line.
#[derive(Default)]
pub struct Catalog {
    /// In the order named (a folder's files sorted by name).
    pub entries: Vec<Entry>,
}

impl Catalog {
    /// Reads and checks the rubrics of `paths` (files, or folders whose
    /// `.rubric` files are taken). The error is a sentence: a path that does
    /// not exist, a folder without rubrics.
    pub fn load(paths: &[PathBuf]) -> Result<Catalog, String> {
        let mut entries: Vec<Entry> = Vec::new();
        for file in rubric_files(paths)? {
            let id = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let mut entry = load_one(&file, id.clone());
            if let Some(first) = entries.iter().find(|e| e.id == id) {
                let other = first.path.display().to_string();
                let message = |lang| {
                    say!(
                        lang,
                        "another rubric has the id {id} ({other}): rename one of the files",
                        "另一份评分表的标识也是 {id}（{other}）：请重命名其中一个文件"
                    )
                };
                entry.state = State::Broken { zh: vec![message(Lang::Zh)], en: vec![message(Lang::En)] };
            }
            entries.push(entry);
        }
        Ok(Catalog { entries })
    }

    /// The rubric `id`, served or not.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }
}

/// The rubric files named by `paths`.
fn rubric_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for path in paths {
        let shown = path.display();
        if path.is_dir() {
            let found = crate::data::files::folder_files(path, |p| p.extension().is_some_and(|x| x == "rubric"))?;
            if found.is_empty() {
                return Err(crate::tr!("{shown} holds no .rubric files", "{shown} 中没有 .rubric 文件"));
            }
            out.extend(found);
        } else if path.is_file() {
            out.push(path.clone());
        } else {
            return Err(crate::tr!("{shown} does not exist", "{shown} 不存在"));
        }
    }
    Ok(out)
}

/// Reads and checks one rubric file.
fn load_one(path: &Path, id: String) -> Entry {
    let read = crate::data::files::read_source(path);
    let file = match read {
        Ok(file) => file,
        Err(error) => {
            let render = |lang| with_lang(lang, || vec![error.diagnostic.message.clone()]);
            let text: Arc<str> = error.lossy.as_ref().map_or_else(|| Arc::from(""), |f| f.text.clone());
            return Entry {
                id,
                path: path.to_path_buf(),
                hash: crate::store::sha256_hex(text.as_bytes()),
                text,
                state: State::Broken { zh: render(Lang::Zh), en: render(Lang::En) },
            };
        }
    };
    let hash = crate::store::sha256_hex(file.text.as_bytes());
    let text = file.text.clone();
    let check = |lang| with_lang(lang, || crate::check::check_source(&file.text, &Limits::default()));
    let (checked, diagnostics) = check(Lang::Zh);
    let state = match checked {
        Some(checked) if !has_errors(&diagnostics) => {
            match crate::api::Rubric::from_text(file.name.clone(), text.clone()) {
                Ok(rubric) => State::Ready(Box::new(Ready { rubric, checked: Arc::new(checked), file })),
                Err(error) => {
                    let message = error.to_string();
                    State::Broken { zh: vec![message.clone()], en: vec![message] }
                }
            }
        }
        _ => {
            let rendered = |diagnostics: &[crate::base::diagnostic::Diagnostic], lang| {
                with_lang(lang, || diagnostics.iter().map(|d| crate::batch::render(d, &file)).collect::<Vec<_>>())
            };
            let zh = rendered(&diagnostics, Lang::Zh);
            let (_, english) = check(Lang::En);
            let en = rendered(&english, Lang::En);
            State::Broken { zh, en }
        }
    };
    Entry { id, path: path.to_path_buf(), hash, text, state }
}
