//! Running the parts of a large rubric's work on threads of their own.

use std::num::NonZeroUsize;

/// The most threads a rubric's parsing, lowering or checking uses.
const MAX_THREADS: usize = 8;

/// How many threads to use: the machine's cores, at most [`MAX_THREADS`].
pub(crate) fn available() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get).min(MAX_THREADS)
}

/// Runs `work` on each of `parts` and returns the results in order: the first
/// part on this thread, each other on a thread of its own (or on this one, if
/// no thread can be started). Messages are made in the caller's language,
/// which is per thread.
pub(crate) fn run_parts<P, R>(name: &str, parts: &[P], work: impl Fn(P) -> R + Sync) -> Vec<R>
where
    P: Clone + Send,
    R: Send,
{
    let Some((first, rest)) = parts.split_first() else { return Vec::new() };
    if rest.is_empty() {
        return vec![work(first.clone())];
    }
    let lang = crate::base::i18n::lang();
    let work = &work;
    std::thread::scope(|scope| {
        let started: Vec<_> = rest
            .iter()
            .map(|part| {
                let moved = part.clone();
                std::thread::Builder::new()
                    .name(name.to_string())
                    .spawn_scoped(scope, move || crate::base::i18n::with_lang(lang, || work(moved)))
                    .map_err(|_| part.clone())
            })
            .collect();
        let mut results = vec![work(first.clone())];
        for thread in started {
            results.push(match thread {
                Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(part) => work(part),
            });
        }
        results
    })
}
