//! Hard limits on input size and nesting, shared by every stage.
//!
//! Exceeding one gives a located diagnostic, never a stack overflow.

/// The limits in force for one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest rubric or data file, in bytes.
    pub max_file_bytes: usize,
    /// Deepest bracket / `if` nesting inside one expression.
    pub max_expr_depth: usize,
    /// Deepest section nesting (indentation levels).
    pub max_section_depth: usize,
    /// Most items in one rubric.
    pub max_items: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_file_bytes: 16 * 1024 * 1024, max_expr_depth: 64, max_section_depth: 32, max_items: 50_000 }
    }
}

/// Runs a step of a recursive walk over an expression, growing the stack
/// when it runs low, so that long formulas (a 10,000-term sum is a tree
/// 10,000 deep) work on small worker stacks instead of overflowing them.
pub fn deep<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, f)
}
