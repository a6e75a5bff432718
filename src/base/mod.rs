//! What every stage shares: byte spans, diagnostics and their codes, the
//! message language, limits, exact arithmetic, name suggestions and the
//! worker threads.

pub mod diagnostic;
pub mod exact;
pub mod i18n;
pub mod limits;
pub mod span;
pub(crate) mod suggest;
pub(crate) mod threads;
pub mod width;
