//! A line pest could not parse, said as a reader would: what was expected,
//! an unclosed quote, a Chinese keyword glued to a name.

use pest::error::{ErrorVariant, InputLocation};

use super::Rule;
use crate::base::diagnostic::{Code, Diagnostic};

/// Turns a pest error on one line into a located diagnostic.
pub(super) fn syntax_error(error: &pest::error::Error<Rule>, line: &str, offset: usize) -> Diagnostic {
    let at = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
    .min(line.len());
    let found = line.get(at..).unwrap_or("");
    let token_len = token_length(found);
    let span = offset + at..offset + at + token_len;
    let expected = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => describe_expected(positives),
        ErrorVariant::CustomError { message } => message.clone(),
    };
    let label = if found.is_empty() {
        crate::tr!("the line ends here", "这一行到这里就结束了")
    } else {
        let token = found.get(..token_len).unwrap_or(found);
        crate::tr!("unexpected `{token}`", "这里不应出现 `{token}`")
    };
    if let Some(diagnostic) = unclosed_string(line, offset) {
        return diagnostic;
    }
    let message = match crate::base::i18n::lang() {
        crate::base::i18n::Lang::Zh => zh_concat(&["语法错误：应为", &expected]),
        crate::base::i18n::Lang::En => format!("syntax error: expected {expected}"),
    };
    let mut diagnostic = Diagnostic::error(Code::Syntax, span, message).label(label);
    let first_word: String = line.chars().take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_').collect();
    if let Some((help, fixed)) = full_width_help(line) {
        let (start, end, text) = narrowed(line, &fixed);
        diagnostic = diagnostic.help(help).replacement(offset + start..offset + end, text);
    } else if let Some((help, (start, end), spaced)) = spacing_help(line) {
        diagnostic = diagnostic.help(help).replacement(offset + start..offset + end, spaced);
    } else if found.starts_with("=>") {
        diagnostic = diagnostic.help(crate::tr!("write `>=` for “at least”", "“不低于”要写作 `>=`"));
    } else if let (0, Some(best)) = (at, crate::base::suggest::closest(&first_word, STATEMENT_KEYWORDS.iter().copied())) {
        diagnostic = diagnostic.help(crate::tr!("did you mean `{best}`?", "是不是要写 `{best}`？"));
    } else if at == 0 {
        diagnostic = diagnostic.help(crate::tr!(
            "a line starts with a keyword: rubric, input, require, section, bonus, deduction, item, let, score, checklist, judged, not-applicable, disqualify, or a \"quoted description\" (or their Chinese forms 评分表, 输入, 要求, 部分, 加分项, 减分项, 指标, 令, 得分, 清单, 评定, 缺省项, 取消资格)",
            "每一行都以关键字开头：评分表、输入、要求、部分、加分项、减分项、指标、令、得分、清单、评定、缺省项、取消资格（英文写法 rubric, input, require, section, bonus, deduction, item, let, score, checklist, judged, not-applicable, disqualify），或者是一行带引号的 \"说明文字\"",
        ));
    }
    diagnostic
}

const STATEMENT_KEYWORDS: &[&str] = &[
    "rubric",
    "input",
    "require",
    "section",
    "bonus",
    "deduction",
    "item",
    "let",
    "score",
    "checklist",
    "judged",
    "not-applicable",
    "disqualify",
    "rounding",
    "grades",
    "floor",
    "year",
    "version",
    "max",
    "评分表",
    "输入",
    "要求",
    "部分",
    "加分项",
    "减分项",
    "指标",
    "令",
    "得分",
    "清单",
    "评定",
    "缺省项",
    "取消资格",
    "舍入",
    "等级",
    "最低分",
];

/// A quote opened on the line and never closed.
fn unclosed_string(line: &str, offset: usize) -> Option<Diagnostic> {
    let mut open: Option<(usize, char)> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match open {
            Some(_) if escaped => escaped = false,
            Some((_, '"')) if c == '\\' => escaped = true,
            Some((_, close)) if c == close => open = None,
            Some(_) => {}
            None => {
                open = match c {
                    '"' => Some((i, '"')),
                    '“' => Some((i, '”')),
                    '「' => Some((i, '」')),
                    _ => None,
                }
            }
        }
    }
    let (at, close) = open?;
    let start = offset + at;
    let fixed = closed_line(line, at, close);
    let (from, to, insert) = narrowed(line, &fixed);
    Some(
        Diagnostic::error(
            Code::Syntax,
            start..offset + line.len(),
            crate::tr!("this text has no closing quote", "这段文字缺少右引号"),
        )
        .label(crate::tr!(
            "the text starts here and runs to the end of the line",
            "文字从这里开始，一直到行尾都没有结束"
        ))
        .help(crate::tr!("end it with {close} on the same line: `{fixed}`", "在同一行内用 `{close}` 结束这段文字：`{fixed}`"))
        .replacement(offset + from..offset + to, insert),
    )
}

/// The smallest edit that turns `line` into `fixed` (which may drop the
/// line's surrounding blanks): the byte range of `line` to replace, and its
/// new text.
fn narrowed(line: &str, fixed: &str) -> (usize, usize, String) {
    let lead = line.len() - line.trim_start().len();
    let (body, fixed) = (line.trim_end().get(lead..).unwrap_or_default(), fixed.trim());
    let prefix: usize =
        body.chars().zip(fixed.chars()).take_while(|(a, b)| a == b).map(|(a, _)| a.len_utf8()).sum();
    let (rest, fixed_rest) = (body.get(prefix..).unwrap_or_default(), fixed.get(prefix..).unwrap_or_default());
    let suffix: usize =
        rest.chars().rev().zip(fixed_rest.chars().rev()).take_while(|(a, b)| a == b).map(|(a, _)| a.len_utf8()).sum();
    let new = fixed_rest.get(..fixed_rest.len() - suffix).unwrap_or_default().to_string();
    (lead + prefix, lead + body.len() - suffix, new)
}

/// `line` with the quote opened at `at` closed: before a trailing weight
/// (`item 3 "专人 5` → `item 3 "专人" 5`), else at the end of the line.
fn closed_line(line: &str, at: usize, close: char) -> String {
    let line = line.trim_end();
    let core = line.trim_end_matches('分').trim_end();
    let inside = core.get(at..).unwrap_or_default();
    let last_word = inside.rsplit([' ', '\t', '\u{3000}']).next().unwrap_or_default();
    let weight = !last_word.is_empty()
        && last_word.len() < inside.len()
        && last_word.chars().all(|c| c.is_ascii_digit() || c == '.' || ('０'..='９').contains(&c));
    match core.get(..core.len() - last_word.len()).map(str::trim_end) {
        Some(before) if weight => format!("{before}{close}{}", line.get(before.len()..).unwrap_or_default()),
        _ => format!("{line}{close}"),
    }
}

/// Length of the token at the start of `s`: a word, or one character.
fn token_length(s: &str) -> usize {
    let mut len = 0;
    for c in s.chars() {
        if c.is_whitespace() {
            break;
        }
        let word = c.is_alphanumeric() || c == '_' || (len > 0 && c == '-');
        if len > 0 && !word {
            break;
        }
        len += c.len_utf8();
        if !word {
            break;
        }
    }
    len
}

/// Full-width forms the grammar reads as they are (`（`, `：`, `，`, `％` …).
const FULL_WIDTH_ACCEPTED: &[char] = &['（', '）', '：', '，', '；', '％', '＝', '＋', '\u{3000}'];

/// Help for `item 1 "专题研究" ３`: full-width digits, letters or signs outside
/// quoted text; with the whole line written in half-width characters.
fn full_width_help(line: &str) -> Option<(String, String)> {
    let mut quote: Option<char> = None;
    let mut changed = false;
    let fixed: String = line
        .chars()
        .map(|c| match quote {
            Some(close) => {
                if c == close {
                    quote = None;
                }
                c
            }
            None => {
                quote = match c {
                    '"' => Some('"'),
                    '“' => Some('”'),
                    '「' => Some('」'),
                    _ => None,
                };
                if quote.is_some() || FULL_WIDTH_ACCEPTED.contains(&c) {
                    return c;
                }
                let half = crate::base::width::half_width_char(c);
                changed |= half != c;
                half
            }
        })
        .collect();
    let fixed = fixed.trim();
    changed.then(|| {
        let help = crate::tr!(
            "digits, letters and signs in a rubric are written half-width (switch the input method to 半角 or \
             English): `{fixed}`",
            "评分表中的数字、字母和符号要用半角（把输入法切换到半角或英文）：`{fixed}`"
        );
        (help, fixed.to_string())
    })
}

/// Help for `若应评估数 = 0`: a Chinese keyword glued to a name; with the glued word's byte range
/// in the line, and the words spaced.
fn spacing_help(line: &str) -> Option<(String, (usize, usize), String)> {
    const KEYWORDS: &[&str] = &[
        "如果",
        "若",
        "否则",
        "则",
        "并且",
        "且",
        "或者",
        "或",
        "非",
        "每",
        "扣",
        "最多",
        "得分",
        "令",
        "缺省项",
        "取消资格",
    ];
    let mut start = 0;
    for word in line.split([' ', '\t', '\u{3000}']) {
        let word_start = start;
        start += word.len() + line.get(start + word.len()..).and_then(|rest| rest.chars().next()).map_or(0, char::len_utf8);
        for keyword in KEYWORDS {
            if let Some(after) = word.strip_prefix(keyword) {
                if after.chars().next().is_some_and(|c| c.is_alphanumeric()) {
                    let help = crate::tr!(
                        "put a space after the keyword `{keyword}`: `{keyword} {after}`",
                        "关键字 `{keyword}` 后面要加一个空格：`{keyword} {after}`"
                    );
                    return Some((help, (word_start, word_start + word.len()), format!("{keyword} {after}")));
                }
            }
        }
    }
    None
}

/// "a number, a name or `(`" from the rules pest wanted ("数字、名称或 `(`" in Chinese).
fn describe_expected(rules: &[Rule]) -> String {
    let mut names: Vec<Expected> = Vec::new();
    for rule in rules {
        let name = rule_name(*rule);
        if !names.contains(&name) && name != Expected::Comment {
            names.push(name);
        }
    }
    if names.contains(&Expected::Expression) {
        names.retain(|n| !matches!(n, Expected::Number | Expected::Percentage | Expected::Name | Expected::If));
    }
    if names.len() > 6 {
        return Expected::Statement.text();
    }
    let texts: Vec<String> = names.iter().map(|n| n.text()).collect();
    match texts.as_slice() {
        [] => crate::tr!("something else", "其他内容"),
        [one] => one.clone(),
        [rest @ .., last] => match crate::base::i18n::lang() {
            crate::base::i18n::Lang::Zh => {
                let rest = rest.join("、");
                zh_concat(&[&rest, "或", last])
            }
            crate::base::i18n::Lang::En => format!("{} or {}", rest.join(", "), last),
        },
    }
}

/// Joins pieces of Chinese text, with a space between a Chinese character
/// and Latin text or code on either side (`应为` + `` `(` `` → "应为 `(`").
fn zh_concat(pieces: &[&str]) -> String {
    fn latin(c: char) -> bool {
        c.is_ascii_alphanumeric() || matches!(c, '`' | '"' | '(' | ')' | '_' | '-' | '.' | '>' | '=' | '<')
    }
    fn chinese(c: char) -> bool {
        matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
    }
    let mut out = String::new();
    for piece in pieces.iter().filter(|p| !p.is_empty()) {
        if let (Some(before), Some(after)) = (out.chars().last(), piece.chars().next()) {
            if (chinese(before) && latin(after)) || (latin(before) && chinese(after)) {
                out.push(' ');
            }
        }
        out.push_str(piece);
    }
    out
}

/// What pest wanted, as a reader would say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expected {
    EndOfLine,
    QuotedText,
    Number,
    WholeNumber,
    Percentage,
    Name,
    Id,
    Word,
    Expression,
    Operator,
    Minus,
    Close,
    Fen,
    Colon,
    Comment,
    Type,
    MoneyUnit,
    RoundMode,
    Policy,
    Band,
    AtMost,
    If,
    Then,
    Else,
    Per,
    Deduct,
    Claimed,
    Places,
    InputOption,
    Statement,
}

impl Expected {
    /// The words in the thread's language.
    fn text(self) -> String {
        match self {
            Expected::EndOfLine => crate::tr!("the end of the line", "行尾"),
            Expected::QuotedText => crate::tr!("a \"quoted text\"", "带引号的 \"文字\""),
            Expected::Number => crate::tr!("a number", "数字"),
            Expected::WholeNumber => crate::tr!("a whole number", "整数"),
            Expected::Percentage => crate::tr!("a percentage", "百分数"),
            Expected::Name => crate::tr!("a name", "名称"),
            Expected::Id => crate::tr!("an id", "编号"),
            Expected::Word => crate::tr!("a word", "一个词"),
            Expected::Expression => crate::tr!("an expression", "表达式"),
            Expected::Operator => crate::tr!("an operator", "运算符"),
            Expected::Minus => crate::tr!("`minus` (减)", "`minus`（减）"),
            Expected::Close => "`)`".to_string(),
            Expected::Fen => "`分`".to_string(),
            Expected::Colon => "`:`".to_string(),
            Expected::Comment => crate::tr!("a comment", "注释"),
            Expected::Type => crate::tr!(
                "a type: count, amount 元/万元/亿元, rate, yes/no, text or number (计数, 金额, 比率, 是否, 文本, 数值)",
                "输入类型（计数、金额 元/万元/亿元、比率、是否、文本或数值；count, amount, rate, yes/no, text, number）"
            ),
            Expected::MoneyUnit => crate::tr!("a unit of money (元, 万元 or 亿元)", "金额单位（元、万元或亿元）"),
            Expected::RoundMode => crate::tr!(
                "a rounding mode (half-up, half-even, down, up)",
                "舍入方式（四舍五入、银行家舍入、截尾、进一；half-up, half-even, down, up）"
            ),
            Expected::Policy => crate::tr!(
                "a 缺省项 policy (full-marks, rescale, zero)",
                "缺省项处理方式（满分、按比例折算、零分；full-marks, rescale, zero）"
            ),
            Expected::Band => crate::tr!("a grade band (优 >= 90)", "等级区间（优 >= 90）"),
            Expected::AtMost => crate::tr!("`at most` (最多)", "`at most`（最多）"),
            Expected::If => crate::tr!("`if` (若)", "`if`（若）"),
            Expected::Then => crate::tr!("`then` (则)", "`then`（则）"),
            Expected::Else => crate::tr!("`else` (否则)", "`else`（否则）"),
            Expected::Per => crate::tr!("`per` (每)", "`per`（每）"),
            Expected::Deduct => crate::tr!("`deduct` (扣)", "`deduct`（扣）"),
            Expected::Claimed => crate::tr!("`claimed` (可申报)", "`claimed`（可申报）"),
            Expected::Places => crate::tr!("`places`", "`places`（位）"),
            Expected::InputOption => crate::tr!(
                "an input option (optional, default, range)",
                "输入选项（可选、默认、范围；optional, default, range）"
            ),
            Expected::Statement => crate::tr!(
                "a statement keyword (item, score, section …)",
                "语句关键字（指标、得分、部分 …；item, score, section …）"
            ),
        }
    }
}

/// A reader's name for a grammar rule.
fn rule_name(rule: Rule) -> Expected {
    match rule {
        Rule::EOI => Expected::EndOfLine,
        Rule::string | Rule::str_plain | Rule::str_curly | Rule::str_corner => Expected::QuotedText,
        Rule::number | Rule::decimal | Rule::signed_number => Expected::Number,
        Rule::integer => Expected::WholeNumber,
        Rule::percent | Rule::signed_percent => Expected::Percentage,
        Rule::ident | Rule::name => Expected::Name,
        Rule::id => Expected::Id,
        Rule::word | Rule::band_name => Expected::Word,
        Rule::expr
        | Rule::paren
        | Rule::call
        | Rule::if_expr
        | Rule::neg
        | Rule::not
        | Rule::bool_lit
        | Rule::kw_not => Expected::Expression,
        Rule::and | Rule::or | Rule::kw_and | Rule::kw_or => Expected::Operator,
        rule if is_symbol_operator(rule) => Expected::Operator,
        Rule::kw_minus => Expected::Minus,
        Rule::close => Expected::Close,
        Rule::fen => Expected::Fen,
        Rule::colon => Expected::Colon,
        Rule::comment => Expected::Comment,
        Rule::input_type
        | Rule::ty_count
        | Rule::ty_amount
        | Rule::ty_rate
        | Rule::ty_bool
        | Rule::ty_text
        | Rule::ty_number => Expected::Type,
        Rule::money_unit => Expected::MoneyUnit,
        Rule::round_mode | Rule::kw_half_up | Rule::kw_half_even | Rule::kw_down | Rule::kw_up => Expected::RoundMode,
        Rule::policy | Rule::kw_full_marks | Rule::kw_rescale | Rule::kw_zero => Expected::Policy,
        Rule::band | Rule::band_at_least | Rule::band_above | Rule::band_range => Expected::Band,
        Rule::kw_at_most => Expected::AtMost,
        Rule::kw_if => Expected::If,
        Rule::kw_then => Expected::Then,
        Rule::kw_else => Expected::Else,
        Rule::kw_per => Expected::Per,
        Rule::kw_deduct => Expected::Deduct,
        Rule::kw_claimed => Expected::Claimed,
        Rule::kw_places => Expected::Places,
        Rule::opt_optional | Rule::opt_default | Rule::opt_range => Expected::InputOption,
        _ => Expected::Statement,
    }
}

/// True for the arithmetic and comparison operators written as symbols (`+`, `<=`, …).
pub fn is_symbol_operator(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::add | Rule::sub | Rule::mul | Rule::div | Rule::le | Rule::ge | Rule::ne | Rule::lt | Rule::gt | Rule::eq
    )
}

/// True for the grammar's keyword tokens (`kw_*` rules), in either language.
pub fn is_keyword_rule(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::kw_rubric
            | Rule::kw_year
            | Rule::kw_version
            | Rule::kw_max
            | Rule::kw_rounding
            | Rule::kw_places
            | Rule::kw_half_up
            | Rule::kw_half_even
            | Rule::kw_down
            | Rule::kw_up
            | Rule::kw_na
            | Rule::kw_full_marks
            | Rule::kw_rescale
            | Rule::kw_zero
            | Rule::kw_floor
            | Rule::kw_grades
            | Rule::kw_input
            | Rule::kw_count
            | Rule::kw_amount
            | Rule::kw_rate
            | Rule::kw_bool
            | Rule::kw_text
            | Rule::kw_number
            | Rule::kw_optional
            | Rule::kw_default
            | Rule::kw_range
            | Rule::kw_require
            | Rule::kw_section
            | Rule::kw_bonus
            | Rule::kw_deduction
            | Rule::kw_at_most
            | Rule::kw_item
            | Rule::kw_let
            | Rule::kw_score
            | Rule::kw_per
            | Rule::kw_minus
            | Rule::kw_deduct
            | Rule::kw_checklist
            | Rule::kw_judged
            | Rule::kw_claimed
            | Rule::kw_disqualify
            | Rule::kw_indicator
            | Rule::kw_as
            | Rule::kw_percent
            | Rule::kw_ratio
            | Rule::kw_check
            | Rule::kw_within
            | Rule::kw_error
            | Rule::kw_warning
            | Rule::kw_if
            | Rule::kw_then
            | Rule::kw_else
            | Rule::kw_and
            | Rule::kw_or
            | Rule::kw_not
            | Rule::kw_true
            | Rule::kw_false
    )
}


#[cfg(test)]
mod tests {
    use super::{closed_line, full_width_help};

    #[test]
    fn an_unclosed_quote_is_closed_before_the_weight() {
        assert_eq!(closed_line("  item 3 \"专人 5", 9, '"'), "  item 3 \"专人\" 5");
        assert_eq!(closed_line("指标 3 \"专人 5 分", 9, '"'), "指标 3 \"专人\" 5 分");
        assert_eq!(closed_line("input 比例: rate \"比例", 17, '"'), "input 比例: rate \"比例\"");
        assert_eq!(closed_line("  section 一.1 \"（一）领导 5", 17, '"'), "  section 一.1 \"（一）领导\" 5");
    }

    #[test]
    fn full_width_outside_quotes_is_written_half_width() {
        let help = crate::base::i18n::with_lang(crate::base::i18n::Lang::En, || full_width_help("  item 1 \"专题研究\" ３"));
        assert!(help.as_ref().is_some_and(|(h, _)| h.ends_with("`item 1 \"专题研究\" 3`")));
        assert_eq!(help.map(|(_, fixed)| fixed).as_deref(), Some("item 1 \"专题研究\" 3"), "the quick fix's line");
        // Quoted text and the full-width forms the grammar reads are left alone.
        assert_eq!(full_width_help("  item 1 \"１号\" 3"), None);
        assert_eq!(full_width_help("输入 比例：比率，范围 0％..100％"), None);
        let help = crate::base::i18n::with_lang(crate::base::i18n::Lang::Zh, || full_width_help("score 7 if 比例 >= ８５％"));
        assert!(help.is_some_and(|(h, _)| h.contains("`score 7 if 比例 >= 85％`")), "keeps the ％ the grammar reads");
    }
}
