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
