//! A bounded number of diagnostics of one kind: the first [`SHOWN`] in full,
//! then one that counts the rest ("and 99,990 more unknown inputs"), so that
//! a hostile or mistaken file (a hundred thousand keys the rubric does not
//! have) costs time and output in proportion to its size, not more.

use rustc_hash::FxHashMap;

use super::Binder;
use crate::base::diagnostic::{Code, Diagnostic, Severity};
use crate::tr;

/// Diagnostics of one kind shown in full.
pub const SHOWN: usize = 10;

/// Lookups by name in one table before the names are indexed.
const SCAN: usize = 32;

impl<'a> Binder<'a> {
    /// Counts one more diagnostic of `code`; false once [`SHOWN`] are counted,
    /// when it will only be counted, so its help need not be worked out.
    pub(super) fn shown_in_full(&mut self, code: Code) -> bool {
        let count = self.counts.entry(code).or_insert(0);
        *count += 1;
        *count <= SHOWN
    }

    /// The slot of the input named `name`: a scan for a few keys, an index
    /// for many, so that a large table is read in linear time.
    pub(super) fn input_slot(&mut self, name: &str) -> Option<usize> {
        self.lookups += 1;
        if self.lookups <= SCAN {
            return self.rubric.inputs.iter().position(|i| i.name == name);
        }
        let rubric = self.rubric;
        let index = self.inputs_by_name.get_or_insert_with(|| {
            rubric.inputs.iter().enumerate().map(|(slot, i)| (i.name.as_str(), slot)).collect()
        });
        index.get(name).copied()
    }

    /// The index of the item `id`, as [`Binder::input_slot`] does it.
    pub(super) fn item_position(&mut self, id: &str) -> Option<usize> {
        self.lookups += 1;
        if self.lookups <= SCAN {
            return self.rubric.items.iter().position(|i| i.id == id);
        }
        let rubric = self.rubric;
        let index = self
            .items_by_id
            .get_or_insert_with(|| rubric.items.iter().enumerate().map(|(at, i)| (i.id.as_str(), at)).collect());
        index.get(id).copied()
    }
}

/// Name lookups for one binding.
pub(super) type Index<'a> = Option<FxHashMap<&'a str, usize>>;

/// Keeps the first [`SHOWN`] diagnostics of each kind (each code) and puts
/// one in place of the rest that says how many there are, at the first of them.
pub fn bounded(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen: FxHashMap<&'static str, usize> = FxHashMap::default();
    let mut kept = Vec::with_capacity(diagnostics.len().min(64));
    let mut rest: Vec<(Diagnostic, usize)> = Vec::new();
    for d in diagnostics {
        let kind = d.code_text();
        let count = seen.entry(kind).or_insert(0);
        *count += 1;
        if *count <= SHOWN {
            kept.push(d);
            continue;
        }
        match rest.iter_mut().find(|(first, _)| first.code_text() == kind) {
            Some((first, more)) => {
                *more += 1;
                if d.severity == Severity::Error {
                    first.severity = Severity::Error;
                }
            }
            None => rest.push((d, 1)),
        }
    }
    kept.extend(rest.into_iter().map(|(first, more)| more_of(first, more)));
    kept
}

/// The diagnostic that stands for `more` of the kind of `first`.
fn more_of(first: Diagnostic, more: usize) -> Diagnostic {
    let n = thousands(more);
    let what = kind_words(first.code, first.subcode);
    let mut d = Diagnostic {
        message: tr!("and {n} more {what}", "另有 {n} {what}"),
        label: tr!("the first of them", "其中第一处"),
        help: Some(tr!(
            "they are like the {SHOWN} above; so many usually means the file was made for another rubric: \
             `rubric template <RUBRIC>` shows the one this rubric expects",
            "它们与上面列出的 {SHOWN} 处相同；这么多通常说明文件是按另一份评分表填写的：\
             `rubric template <评分表>` 可以生成本评分表所需的文件"
        )),
        related: Vec::new(),
        ..first
    };
    if first.code == Code::DataSyntax {
        d.help = Some(tr!("set the lines above right and read the file again", "请先改正上面这些行，再读取一次"));
    }
    d
}

/// What a kind of diagnostic is about, counted ("unknown inputs", "个未知输入项").
fn kind_words(code: Code, subcode: Option<Code>) -> String {
    match (code, subcode) {
        (Code::DataSyntax, Some(Code::DuplicateKey)) => tr!("keys written twice", "个重复的键"),
        (Code::DataSyntax, _) => tr!("lines that cannot be read", "行无法读取"),
        (Code::UnknownInput, _) => tr!("unknown inputs", "个未知输入项"),
        (Code::UnknownItem, _) => tr!("unknown items", "个未知指标"),
        (Code::UnknownTable, _) => tr!("unknown tables and fields", "个未知的表或字段"),
        (Code::WrongType, _) => tr!("values of the wrong type", "个类型不对的值"),
        (Code::OutOfRange, _) => tr!("values out of range", "个超出范围的值"),
        (Code::Reported, _) => tr!("reported figures that cannot be used", "个无法使用的自评数"),
        (Code::Judged, _) => tr!("judged scores that cannot be used", "个无法使用的评定分"),
        (Code::NotApplicable, _) => tr!("缺省项 claims that cannot be used", "个无法使用的缺省项申报"),
        _ => tr!("problems of this kind", "个同类问题"),
    }
}

/// `99990` → `99,990`.
pub(super) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostic::Diagnostic;

    #[test]
    fn the_first_ten_of_a_kind_then_a_count() {
        let mut all: Vec<Diagnostic> = (0..25)
            .map(|i| Diagnostic::error(Code::UnknownInput, i..i + 1, format!("the rubric has no input `x{i}`")))
            .collect();
        all.insert(3, Diagnostic::warning(Code::UnknownTable, 100..101, "[unit] has no field `a`"));
        let kept = crate::base::i18n::with_lang(crate::base::i18n::Lang::En, || bounded(all));
        assert_eq!(kept.len(), SHOWN + 2);
        let last = kept.last().expect("the count");
        assert_eq!(last.message, "and 15 more unknown inputs");
        assert_eq!(last.span, 10..11, "at the first one not shown");
        assert_eq!(last.code, Code::UnknownInput);
        assert_eq!(thousands(99_990), "99,990");
        assert_eq!(thousands(100), "100");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
