//! The problems the front door reports: each one located in its file, and the
//! one [`Error`] that carries every problem of a file at once.

use std::fmt;

use crate::base::diagnostic::{Diagnostic, Located, SourceFile};

pub use crate::base::diagnostic::Severity;

/// One problem of a rubric or a unit's data: a stable code, where it is, what
/// is wrong and how to fix it. Renders with miette like the command line's.
#[derive(Debug)]
pub struct Problem {
    located: Located,
    file: String,
    line: usize,
    column: usize,
    path: Option<String>,
}

impl Problem {
    /// A diagnostic located in `file`; `path` names the value in the data
    /// (`inputs.在职人员数`), where it is about one.
    pub(crate) fn new(diagnostic: Diagnostic, file: &SourceFile, path: Option<String>) -> Problem {
        let (line, column) = file.line_col(diagnostic.span.start);
        Problem { file: file.name.clone(), line, column, path, located: Located::new(diagnostic, file) }
    }

    fn diagnostic(&self) -> &Diagnostic {
        self.located.diagnostic()
    }

    /// The stable code: `rubric::weights`, `data::wrong-type`, …
    pub fn code(&self) -> &'static str {
        self.diagnostic().code_text()
    }

    /// Error or warning.
    pub fn severity(&self) -> Severity {
        self.diagnostic().severity
    }

    /// True for an error.
    pub fn is_error(&self) -> bool {
        self.diagnostic().is_error()
    }

    /// One sentence saying what is wrong, in the thread's language.
    pub fn message(&self) -> &str {
        &self.diagnostic().message
    }

    /// The words under the caret.
    pub fn label(&self) -> &str {
        &self.diagnostic().label
    }

    /// How to fix it, where that can be said.
    pub fn help(&self) -> Option<&str> {
        self.diagnostic().help.as_deref()
    }

    /// The file's name as given (a path, or the name given with the text).
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The 1-based line and column (in characters) where the problem starts.
    pub fn line_column(&self) -> (usize, usize) {
        (self.line, self.column)
    }

    /// The byte range of the problem in its file's text.
    pub fn span(&self) -> std::ops::Range<usize> {
        self.diagnostic().span.clone()
    }

    /// The value the problem is about, as a path of keys in the data
    /// (`inputs.在职人员数`, `reported.items.24`); `None` in a rubric, or where
    /// the problem is about the file as a whole.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}: {}", self.file, self.line, self.column, self.code(), self.message())
    }
}

impl std::error::Error for Problem {}

impl miette::Diagnostic for Problem {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.located.code()
    }

    fn severity(&self) -> Option<miette::Severity> {
        miette::Diagnostic::severity(&self.located)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.located.help()
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.located.source_code()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.located.labels()
    }
}

/// Why a rubric or a unit could not be used: every problem of the file at
/// once, each a [`Problem`] (miette's `related`), errors first.
#[derive(Debug)]
pub struct Error {
    message: String,
    problems: Vec<Problem>,
}

impl Error {
    /// An error made of `problems`, summed up in `message`.
    pub(crate) fn new(message: String, mut problems: Vec<Problem>) -> Error {
        problems.sort_by_key(|p| !p.is_error());
        Error { message, problems }
    }

    /// Every problem found, errors first, each located.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The problems, owned.
    pub fn into_problems(self) -> Vec<Problem> {
        self.problems
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl miette::Diagnostic for Error {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.problems.first().and_then(miette::Diagnostic::code)
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        Some(Box::new(self.problems.iter().map(|p| p as &dyn miette::Diagnostic)))
    }
}
