//! Reading data files (TOML, JSON, YAML) into one span-carrying tree.

pub mod bind;
pub mod files;
mod explain;
mod json_reader;
mod number;
mod parse;
mod path;
mod recover;
mod toml_reader;
mod tree;
mod written;
mod yaml_reader;
pub mod sheet;

pub use number::{parse_number, NumberProblem};
pub use parse::{parse, read};
#[cfg(feature = "internals")]
pub use parse::MAX_DATA_BYTES;
pub use recover::Read;
pub(crate) use parse::shift_node;
pub use path::Paths;
pub use written::{read_written, Suffix, WrittenProblem};
#[cfg(feature = "internals")]
pub use written::Written;
pub use tree::{Entry, Format, Node, NodeKind, Span, SyntaxProblem};
#[cfg(feature = "internals")]
pub use tree::{codes, MAX_DEPTH, MAX_PROBLEMS};
