//! Messages in Chinese and English.
//!
//! Every text a person reads — diagnostics, findings, trace words, table
//! headings — is written in both languages at the place it is made, with
//! [`tr!`](crate::tr): `tr!("item {id} has no rule", "指标 {id} 没有计分规则")`.
//! The language is per thread (so tests and parallel workers each set their
//! own), English unless set; the command line sets it from `--lang` or from
//! `LC_ALL` / `LANG` (`zh_*` → Chinese).

use std::cell::Cell;

/// A language for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Chinese (简体中文).
    Zh,
}

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// The language of this thread's messages.
pub fn lang() -> Lang {
    LANG.with(Cell::get)
}

/// Sets the language of this thread's messages.
pub fn set_lang(lang: Lang) {
    LANG.with(|l| l.set(lang));
}

impl Lang {
    /// `zh…` → Chinese, `en…` → English.
    pub fn parse(text: &str) -> Option<Lang> {
        let lower = text.trim().to_ascii_lowercase();
        if lower.starts_with("zh") {
            Some(Lang::Zh)
        } else if lower.starts_with("en") || lower == "c" || lower == "posix" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language the environment asks for: `LC_ALL`, then `LC_MESSAGES`, then `LANG`.
    pub fn from_env() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .and_then(|v| Lang::parse(&v))
            .unwrap_or_default()
    }
}

/// Runs `f` with this thread's language set to `lang`, then restores it.
pub fn with_lang<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    let before = self::lang();
    set_lang(lang);
    let out = f();
    set_lang(before);
    out
}

/// A message in the thread's language: `tr!("english {x}", "中文 {x}")`.
/// Both are `format!` strings and may capture the same variables.
#[macro_export]
macro_rules! tr {
    ($en:literal, $zh:literal $(,)?) => {
        match $crate::base::i18n::lang() {
            $crate::base::i18n::Lang::Zh => format!($zh),
            $crate::base::i18n::Lang::En => format!($en),
        }
    };
    ($en:literal, $zh:literal, $($arg:tt)*) => {
        match $crate::base::i18n::lang() {
            $crate::base::i18n::Lang::Zh => format!($zh, $($arg)*),
            $crate::base::i18n::Lang::En => format!($en, $($arg)*),
        }
    };
}

#[cfg(test)]
mod tests {
    use super::{with_lang, Lang};

    #[test]
    fn messages_follow_the_thread_language() {
        let id = "13";
        assert_eq!(
            with_lang(Lang::En, || tr!("item {id} has no rule", "指标 {id} 没有计分规则")),
            "item 13 has no rule"
        );
        assert_eq!(
            with_lang(Lang::Zh, || tr!("item {id} has no rule", "指标 {id} 没有计分规则")),
            "指标 13 没有计分规则"
        );
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("fr_FR"), None);
    }
}
