//! Diagnostics: every problem found in a rubric or a data file.
//!
//! Each diagnostic has a stable [`Code`], a severity, a byte span in the file
//! it is about, a label, and help where help is possible. Stages collect them
//! into a `Vec` and keep going, so a file's problems are reported all at once.
//! Rendering is left to miette (see [`Located`]); the library never depends on
//! miette's fancy renderer.

use std::fmt;
use std::sync::{Arc, OnceLock};

use crate::base::span::Span;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The file cannot be used as it is.
    Error,
    /// Worth a look; the file still works.
    Warning,
}

/// Which kind of file a diagnostic points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// A `.rubric` file.
    Rubric,
    /// A data file (TOML, JSON or YAML).
    Data,
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $text:literal, )*) => {
        /// The stable code of a diagnostic. The text form (`rubric::undefined-name`)
        /// is an interface: tools and tests match on it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code { $( $(#[$doc])* $variant, )* }

        impl Code {
            /// The stable text form of the code.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $text, )* }
            }

            /// Every code, in declaration order (for documentation and tests).
            #[cfg(feature = "internals")]
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];
        }
    };
}

codes! {
    /// A line that does not parse: `item 1 "专题研究"` (no weight).
    Syntax = "rubric::syntax",
    /// Brackets nested deeper than the limit: `score ((((((…))))))`.
    TooDeep = "rubric::too-deep",
    /// A rubric larger than the limits (size, lines, items).
    TooLarge = "rubric::too-large",
    /// A statement where it does not belong: `score 2` directly under a `section`.
    Misplaced = "rubric::misplaced",
    /// No `rubric "title"` line, or a header property given twice.
    Header = "rubric::header",
    /// An item with no scoring rule, or with two.
    Rule = "rubric::rule",
    /// A number that does not fit a decimal exactly: 31 digits.
    BadNumber = "rubric::bad-number",
    /// A name that is not an input or a `let`: `score 2 if 主要领导任组长` with no such input.
    UndefinedName = "rubric::undefined-name",
    /// A function that does not exist, or called with the wrong number of arguments.
    Function = "rubric::function",
    /// An input, `let` or item id declared twice.
    Duplicate = "rubric::duplicate",
    /// A value of the wrong type: a yes/no used as a number, an amount added to a rate.
    Type = "rubric::type",
    /// Children's weights that do not add up to their parent's: 2 + 2 under a section of 5.
    Weights = "rubric::weights",
    /// Grade bands out of order, overlapping, or leaving a gap.
    Grades = "rubric::grades",
    /// An input no rule uses (warning).
    UnusedInput = "rubric::unused-input",
    /// A rule that can provably never reach its item's weight (warning).
    Unreachable = "rubric::unreachable-weight",
    /// A rule that can exceed its item's weight and is silently capped (warning).
    ExceedsWeight = "rubric::exceeds-weight",
    /// A declared range or default that makes no sense: `range 5..1`.
    InputDecl = "rubric::input",
    /// A data file that does not parse: `a = [1,`, `{"a": }`, `"在职人员数" = "58` (the
    /// finer codes below say more where the reader can).
    DataSyntax = "data::syntax",
    /// A key written twice in one table: `{"a": 1, "a": 2}`, or `a = 1` twice.
    DuplicateKey = "data::duplicate-key",
    /// Containers nested deeper than 64 levels: `[[[[…]]]]` with 65 brackets.
    DataTooDeep = "data::too-deep",
    /// A YAML alias such as `b: *a` (refused, which rules out alias bombs).
    Alias = "data::alias",
    /// A TOML bare key with Chinese characters: `在职人员数 = 58` (it must be quoted).
    UnquotedKey = "data::unquoted-key",
    /// A JSON or YAML file with no value: empty, only whitespace, comments or `---`.
    EmptyData = "data::empty",
    /// A stray byte-order mark (U+FEFF) after the start of a file: `"a": 1,\u{feff}"b": 2`.
    Bom = "data::bom",
    /// A YAML stream with more than one document: `a: 1\n---\nb: 2`.
    MultipleDocuments = "data::multiple-documents",
    /// A YAML mapping key that is a sequence or a mapping: `? [a, b]\n: 1`.
    ComplexKey = "data::complex-key",
    /// Two JSON entries with no comma between them: `"a": 1\n"b": 2`.
    MissingComma = "data::missing-comma",
    /// A data file larger than 16 MiB, refused before it is read.
    DataTooLarge = "data::too-large",
    /// A data file that is not valid UTF-8.
    Encoding = "data::encoding",
    /// A table the data format does not have: `[input]` instead of `[inputs]`.
    UnknownTable = "data::unknown-table",
    /// An input the rubric needs and the data does not give.
    MissingInput = "data::missing-input",
    /// An input the rubric does not declare.
    UnknownInput = "data::unknown-input",
    /// A value of the wrong type: `在职人员数 = "many"`, `主要领导任组长 = 1`.
    WrongType = "data::wrong-type",
    /// A value outside the input's range: a rate of 130%, a negative count.
    OutOfRange = "data::out-of-range",
    /// An item id the rubric does not have.
    UnknownItem = "data::unknown-item",
    /// A judged score outside [0, weight], or a judged score for an item that is not judged.
    Judged = "data::judged",
    /// A 缺省项 claimed for an item whose rule does not allow it.
    NotApplicable = "data::not-applicable",
    /// Data that breaks a `require` of the rubric: a part larger than its whole.
    Requirement = "data::requirement",
    /// An item scored from the reported figure alone (an error under `--strict`).
    Unverified = "data::unverified",
    /// A reported figure that is not a score: negative, above the weight, not a number.
    Reported = "data::reported",
    /// A consistency check (审核公式) that the data fails: 基本支出 + 项目支出 ≠ 支出合计.
    Check = "data::check",
    /// A data file whose `year` is not the rubric's: `year = 2021` against a 2022 rubric (warning).
    WrongYear = "data::wrong-year",
    /// A data file that names no unit: no `name` (nor `project`) under `[unit]` (warning).
    NoName = "data::no-name",
    /// Two units of one batch with the same name: `模拟单位01` in two files (warning).
    SameName = "batch::same-name",
    /// A unit whose scoring failed inside the tool (a bug; the rest of the batch is scored).
    Internal = "batch::internal",
    /// A spreadsheet, or one row of it, that cannot be read as units: an `.xls` file, a
    /// value under a column without a name, two columns with the same name, GBK text.
    SheetUnreadable = "sheet::unreadable",
    /// A case file's `[expect]` table (`rubric test`) that is not as it should be:
    /// `total = "many"`, an unknown key.
    TestExpect = "test::expect",
    /// A division by zero the rubric did not guard against.
    DivisionByZero = "eval::division-by-zero",
    /// A result too large for a decimal.
    Overflow = "eval::overflow",
    /// A problem reading a file from disk.
    Io = "io::read",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem, located in one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// For data-reader problems, the reader's finer code (`data::duplicate-key`).
    pub subcode: Option<Code>,
    /// Error or warning.
    pub severity: Severity,
    /// Which file the span is in.
    pub origin: Origin,
    /// One sentence saying what is wrong.
    pub message: String,
    /// Where.
    pub span: Span,
    /// The text under the caret.
    pub label: String,
    /// How to fix it, where that can be said.
    pub help: Option<String>,
    /// Other places in the same file that explain the problem.
    pub related: Vec<(Span, String)>,
    /// The edit the help names, when it names one (a did-you-mean, half-width digits, a closing
    /// quote), for editors to offer as a quick fix.
    pub replacement: Option<Replacement>,
}

/// An edit that fixes a diagnostic: `span` (in the same file) becomes `text`; an empty span
/// inserts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    /// What is replaced.
    pub span: Span,
    /// What it is replaced with.
    pub text: String,
}

impl Diagnostic {
    /// An error in a rubric file.
    pub fn error(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            subcode: None,
            severity: Severity::Error,
            origin: Origin::Rubric,
            message: message.into(),
            label: String::new(),
            span,
            help: None,
            related: Vec::new(),
            replacement: None,
        }
    }

    /// A warning in a rubric file.
    pub fn warning(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, span, message) }
    }

    /// The same diagnostic, pointing into the data file.
    pub fn in_data(mut self) -> Self {
        self.origin = Origin::Data;
        self
    }

    /// Sets the label under the caret.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Sets the help text.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the edit the help names: `span` becomes `text`.
    pub fn replacement(mut self, span: Span, text: impl Into<String>) -> Self {
        self.replacement = Some(Replacement { span, text: text.into() });
        self
    }

    /// Adds a secondary label.
    pub fn related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }

    /// The code as text, the reader's finer code where there is one.
    pub fn code_text(&self) -> &'static str {
        self.subcode.unwrap_or(self.code).as_str()
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// True if any of the diagnostics is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// A data or evaluation error, in short.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ErrorReport {
    /// The diagnostic code.
    pub code: String,
    /// The item concerned, if any.
    pub item: Option<String>,
    /// The message.
    pub message: String,
}

/// A file's name and text, shared by the diagnostics that point into it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown to the user (usually the path).
    pub name: String,
    /// The whole text, exactly as read.
    pub text: Arc<str>,
    /// Where each line starts, indexed when first needed, so that placing
    /// many diagnostics in a large file takes `O(log n)` each.
    lines: Arc<OnceLock<Vec<usize>>>,
}

impl SourceFile {
    /// A named source text.
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        SourceFile { name: name.into(), text: text.into(), lines: Arc::default() }
    }

    /// The byte offset where each line starts.
    fn line_starts(&self) -> &[usize] {
        self.lines.get_or_init(|| line_starts(&self.text))
    }

    /// 1-based line and column (in characters) of a byte offset, for plain-text output.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let line = starts.partition_point(|s| *s <= offset).max(1);
        let line_start = starts.get(line - 1).copied().unwrap_or(0);
        let col = self.text.get(line_start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line, col)
    }
}

/// The byte offset where each line of `text` starts.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

/// A diagnostic rendered by miette, with its `help:` label in the thread's
/// language: `帮助：` in Chinese, as wide as `help: `, so that the help's
/// wrapped lines stay aligned under it.
pub fn help_label(mut rendered: String) -> String {
    const LABEL: &str = "  help: ";
    if crate::base::i18n::lang() == crate::base::i18n::Lang::Zh {
        if let Some(at) = rendered.rfind(LABEL) {
            rendered.replace_range(at..at + LABEL.len(), "  帮助：");
        }
    }
    rendered
}

/// A named source text whose columns are counted in characters, so that the
/// `file:line:column` miette prints is right after Chinese text (miette's own
/// `str` source counts bytes there; its carets already count characters).
///
/// Only the lines around the span are handed to miette (whose own reading
/// starts from the top of the file), so that showing a diagnostic near the
/// end of a large file does not read the whole file again.
#[derive(Debug, Clone)]
struct CharColumns {
    file: SourceFile,
}

impl miette::SourceCode for CharColumns {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let text: &'a str = &self.file.text;
        let starts = self.file.line_starts();
        let line_of = |offset: usize| starts.partition_point(|s| *s <= offset).saturating_sub(1);
        let first = line_of(span.offset()).saturating_sub(context_lines_before);
        let last = line_of(span.offset() + span.len()) + context_lines_after + 1;
        let from = starts.get(first).copied().unwrap_or(0);
        let to = starts.get(last + 1).copied().unwrap_or(text.len());
        let window = text.get(from..to).unwrap_or(text);
        let from = if window.len() == text.len() { 0 } else { from };
        let first = if from == 0 { 0 } else { first };
        let local = miette::SourceSpan::new((span.offset() - from).into(), span.len());
        let inner = window.read_span(&local, context_lines_before, context_lines_after)?;
        let start = from + inner.span().offset();
        let line_start = starts.get(line_of(start)).copied().unwrap_or(0);
        let column = text.get(line_start..start).map_or(0, |s| s.chars().count());
        let shifted = miette::SourceSpan::new((from + inner.span().offset()).into(), inner.span().len());
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.file.name.clone(),
            inner.data(),
            shifted,
            first + inner.line(),
            column,
            // As miette counts it: the line breaks from the top of the file to
            // the end of the context (it merges nearby labels by this count).
            first + inner.line_count(),
        )))
    }
}

/// A diagnostic joined to its source, ready for miette to render.
#[derive(Debug)]
pub struct Located {
    diagnostic: Diagnostic,
    source: CharColumns,
    len: usize,
}

impl Located {
    /// Joins a diagnostic to the file it points into.
    pub fn new(diagnostic: Diagnostic, file: &SourceFile) -> Self {
        Located { len: file.text.len(), source: CharColumns { file: file.clone() }, diagnostic }
    }

    /// The diagnostic inside.
    pub fn diagnostic(&self) -> &Diagnostic {
        &self.diagnostic
    }

    fn clamp(&self, span: &Span) -> miette::SourceSpan {
        let start = span.start.min(self.len);
        let end = span.end.clamp(start, self.len);
        (start..end).into()
    }
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Located {}

impl miette::Diagnostic for Located {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.diagnostic.code_text()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.diagnostic.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let primary = miette::LabeledSpan::new_primary_with_span(
            Some(self.diagnostic.label.clone()).filter(|l| !l.is_empty()),
            self.clamp(&self.diagnostic.span),
        );
        let related = self
            .diagnostic
            .related
            .iter()
            .map(|(span, label)| miette::LabeledSpan::new_with_span(Some(label.clone()), self.clamp(span)));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}
