//! The language's keywords and built-in functions: their forms in English and
//! Chinese and what they mean, for hovers and completions.

use crate::base::i18n::Lang;
use crate::syntax::Rule;

/// A keyword: the grammar rule that reads it, and its forms in each language.
#[derive(Debug, Clone, Copy)]
pub struct Keyword {
    /// The grammar rule (`kw_per`, also `fen` and `money_unit`).
    pub rule: Rule,
    /// Its English forms, the usual one first.
    pub en: &'static [&'static str],
    /// Its Chinese forms, the usual one first.
    pub zh: &'static [&'static str],
}

impl Keyword {
    /// Its forms in `lang`.
    pub fn forms(&self, lang: Lang) -> &'static [&'static str] {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }
}

macro_rules! keywords {
    ($( $rule:ident: [$($en:literal),*] [$($zh:literal),*], )*) => {
        /// Every keyword of the grammar (`kw_*`), with `分`/`points` and the units of money.
        pub const KEYWORDS: &[Keyword] = &[ $( Keyword { rule: Rule::$rule, en: &[$($en),*], zh: &[$($zh),*] }, )* ];
    };
}

keywords! {
    kw_rubric: ["rubric"] ["评分表"],
    kw_year: ["year"] ["年度"],
    kw_version: ["version"] ["版本"],
    kw_max: ["max"] ["满分"],
    kw_rounding: ["rounding"] ["舍入"],
    kw_places: ["places"] ["位"],
    kw_half_up: ["half-up"] ["四舍五入"],
    kw_half_even: ["half-even"] ["银行家舍入"],
    kw_down: ["down"] ["截尾"],
    kw_up: ["up"] ["进一"],
    kw_na: ["not-applicable"] ["缺省项"],
    kw_full_marks: ["full-marks"] ["满分"],
    kw_rescale: ["rescale"] ["按比例折算"],
    kw_zero: ["zero"] ["零分"],
    kw_floor: ["floor"] ["最低分"],
    kw_grades: ["grades"] ["等级"],
    kw_input: ["input"] ["输入"],
    kw_count: ["count"] ["计数"],
    kw_amount: ["amount"] ["金额"],
    kw_rate: ["rate"] ["比率"],
    kw_bool: ["yes/no"] ["是否"],
    kw_text: ["text"] ["文本"],
    kw_number: ["number"] ["数值"],
    kw_optional: ["optional"] ["可选"],
    kw_default: ["default"] ["默认"],
    kw_range: ["range"] ["范围"],
    kw_require: ["require"] ["要求"],
    kw_section: ["section"] ["部分"],
    kw_bonus: ["bonus"] ["加分项"],
    kw_deduction: ["deduction"] ["减分项"],
    kw_at_most: ["at most"] ["最多"],
    kw_item: ["item"] ["指标"],
    kw_let: ["let"] ["令"],
    kw_score: ["score"] ["得分"],
    kw_per: ["per"] ["每"],
    kw_minus: ["minus"] ["减"],
    kw_deduct: ["deduct"] ["扣"],
    kw_checklist: ["checklist"] ["清单"],
    kw_judged: ["judged"] ["评定"],
    kw_claimed: ["claimed"] ["可申报"],
    kw_disqualify: ["disqualify"] ["取消资格"],
    kw_indicator: ["indicator"] ["分析指标"],
    kw_as: ["as"] ["显示为"],
    kw_percent: ["percent"] ["百分比"],
    kw_ratio: ["ratio"] ["比例"],
    kw_check: ["check"] ["审核"],
    kw_within: ["within"] ["容差"],
    kw_error: ["error"] ["错误"],
    kw_warning: ["warning"] ["警告"],
    kw_if: ["if"] ["若", "如果"],
    kw_then: ["then"] ["则"],
    kw_else: ["else"] ["否则"],
    kw_and: ["and"] ["且", "并且"],
    kw_or: ["or"] ["或", "或者"],
    kw_not: ["not"] ["非"],
    kw_true: ["yes", "true"] ["是"],
    kw_false: ["no", "false"] ["否"],
    fen: ["points"] ["分"],
    money_unit: ["万元", "元", "亿元"] ["万元", "元", "亿元"],
}

/// The keyword read by `rule`.
pub fn keyword(rule: Rule) -> Option<&'static Keyword> {
    KEYWORDS.iter().find(|k| k.rule == rule)
}

/// The language a keyword was written in (`None` for a form both languages share).
pub fn language_of(keyword: &Keyword, written: &str) -> Option<Lang> {
    let en = keyword.en.contains(&written);
    let zh = keyword.zh.contains(&written) || !written.is_ascii();
    match (en, zh) {
        (true, false) => Some(Lang::En),
        (false, true) => Some(Lang::Zh),
        _ => None,
    }
}

/// What a keyword means, in the thread's language.
pub fn meaning(rule: Rule) -> String {
    match rule {
        Rule::kw_rubric => crate::tr!(
            "the header line: the rubric's title, and its year, version and maximum",
            "表头：评分表的标题，以及年度、版本和满分"
        ),
        Rule::kw_year => crate::tr!("the year the rubric applies to, shown in reports", "评分表适用的年度，显示在报告中"),
        Rule::kw_version => crate::tr!("a version label, quoted or a bare word", "版本标签，可以带引号，也可以是一个词"),
        Rule::kw_max => crate::tr!(
            "the maximum: the scored top-level sections (not bonus or deduction) must add up to it",
            "满分：各一级部分（加分项、减分项除外）的分值合计必须等于它"
        ),
        Rule::kw_rounding => crate::tr!(
            "how each item's score is rounded, once: `rounding 2 half-up`",
            "每个指标得分的舍入办法（只舍入一次）：`舍入 2 位 四舍五入`"
        ),
        Rule::kw_places => crate::tr!("decimal places, after their number (may be left out)", "小数位数，写在数字后面（可以省略）"),
        Rule::kw_half_up => crate::tr!(
            "rounding to the nearest; a half goes away from zero (0.125 → 0.13)",
            "四舍五入：逢五进一（0.125 → 0.13）"
        ),
        Rule::kw_half_even => crate::tr!(
            "rounding to the nearest; a half goes to the even digit (0.125 → 0.12)",
            "银行家舍入：四舍六入，逢五看前一位，奇进偶舍（0.125 → 0.12）"
        ),
        Rule::kw_down => crate::tr!("rounding toward zero: the extra digits are cut off (2/3 → 0.66)", "截尾：多余的位数直接舍去（2/3 → 0.66）"),
        Rule::kw_up => crate::tr!("rounding away from zero: any remainder goes up (0.121 → 0.13)", "进一：有余数就进一位（0.121 → 0.13）"),
        Rule::kw_na => crate::tr!(
            "缺省项 (not applicable): in the header, what a 缺省项 scores; under an item, when it does not apply (`not-applicable if 条件: \"理由\"`) or that the unit may claim so (`not-applicable claimed`)",
            "缺省项：写在表头，是缺省项的计分办法；写在指标下面，说明该指标在什么情况下不适用（`缺省项 若 条件：「理由」`），或者允许单位自行申报（`缺省项 可申报`）"
        ),
        Rule::kw_full_marks => crate::tr!("缺省项 policy: a 缺省项 scores its full weight", "缺省项办法：缺省项按满分计"),
        Rule::kw_rescale => crate::tr!(
            "缺省项 policy: a 缺省项 is left out and the rest is scaled back up to the maximum",
            "缺省项办法：缺省项不计分，其余得分按比例折算到满分"
        ),
        Rule::kw_zero => crate::tr!("缺省项 policy: a 缺省项 scores 0", "缺省项办法：缺省项按零分计"),
        Rule::kw_floor => crate::tr!(
            "the lowest total: after bonus and deduction, a total below it is raised to it (default 0)",
            "最低分：加减分以后，总分不低于它（默认 0）"
        ),
        Rule::kw_grades => crate::tr!(
            "grade bands, best first: `grades 优 >= 90, 良 >= 80, 差`",
            "等级区间，从高到低：`等级 优 ≥ 90，良 ≥ 80，差`"
        ),
        Rule::kw_input => crate::tr!(
            "declares a figure the unit fills in: `input 名称: count`",
            "声明单位要填报的一项数据：`输入 名称：计数`"
        ),
        Rule::kw_count => crate::tr!("type: a whole number, 0 or more (人数, 次数, 项目数)", "类型：不小于 0 的整数（人数、次数、项目数）"),
        Rule::kw_amount => crate::tr!(
            "type: money in 元, 万元 or 亿元 (converted exactly)",
            "类型：金额，单位为元、万元或亿元（换算精确）"
        ),
        Rule::kw_rate => crate::tr!("type: a proportion from 0 to 1 (0.95 is 95%)", "类型：比率，在 0 到 1 之间（0.95 即 95%）"),
        Rule::kw_bool => crate::tr!("type: yes or no", "类型：是或否"),
        Rule::kw_text => crate::tr!("type: text, compared with `=` and `≠` only", "类型：文本，只能用 `=` 和 `≠` 比较"),
        Rule::kw_number => crate::tr!(
            "type: any decimal number (as an indicator's display form: a plain number)",
            "类型：任意数值（作为分析指标的显示形式时，按普通数字显示）"
        ),
        Rule::kw_optional => crate::tr!("the unit may leave this input out", "单位可以不填这一项"),
        Rule::kw_default => crate::tr!(
            "the value used when the data leaves the input out (it makes the input optional)",
            "数据没有填写时采用的值（有默认值的输入项可以不填）"
        ),
        Rule::kw_range => crate::tr!("the values allowed, both ends included: `range 0..100`", "允许的取值范围，含两端：`范围 0..100`"),
        Rule::kw_require => crate::tr!(
            "a condition every unit's data must meet: `require 已评估数 <= 应评估数`",
            "每个单位的数据都必须满足的条件：`要求 已评估数 <= 应评估数`"
        ),
        Rule::kw_section => crate::tr!(
            "a section (一级 / 二级 indicator): its items and subsections must add up to its weight",
            "部分（一级、二级指标）：下级指标和部分的分值合计必须等于它的分值"
        ),
        Rule::kw_bonus => crate::tr!(
            "a bonus section (加分项): its items are added to the total, up to its cap",
            "加分项：所含指标的得分加到总分上，不超过上限"
        ),
        Rule::kw_deduction => crate::tr!(
            "a deduction section (减分项): its items are taken off the total, up to its cap",
            "减分项：所含指标的得分从总分中扣除，不超过上限"
        ),
        Rule::kw_at_most => crate::tr!(
            "a cap: `score 1 per 次数, at most 3` is min(3, 1 × 次数)",
            "上限：`得分 每 次数 1 分，最多 3 分` 即 min(3, 1 × 次数)"
        ),
        Rule::kw_item => crate::tr!(
            "an item, a row of the table: its id, name and weight (full marks)",
            "指标，即表中的一行：编号、名称和分值（满分）"
        ),
        Rule::kw_let => crate::tr!(
            "names a step of the item's rule: `let 差距 = max(0, 95% - 执行率)`",
            "给本指标计分中的一步起个名字：`令 差距 = 取大(0, 95% - 执行率)`"
        ),
        Rule::kw_score => crate::tr!(
            "the item's rule: a formula, or a shorthand with per, minus or if",
            "指标的计分规则：一个公式，或者用“每”“减”“若”的简写"
        ),
        Rule::kw_per => crate::tr!(
            "points per occurrence: `score 1.5 per 次数` is 1.5 × 次数",
            "按次数计分：`得分 每 次数 1.5 分` 即 1.5 × 次数"
        ),
        Rule::kw_minus => crate::tr!(
            "points off a base, down to 0 at most: `score 2 minus 0.5 per 天数` is max(0, 2 − 0.5 × 天数)",
            "从基础分中扣分，扣完为止：`得分 2 减 0.5 每 天数` 即 max(0, 2 − 0.5 × 天数)"
        ),
        Rule::kw_deduct => crate::tr!(
            "the points taken off per occurrence: `得分 2 分，每 天数 扣 0.5 分` is max(0, 2 − 0.5 × 天数)",
            "每次扣的分数：`得分 2 分，每 天数 扣 0.5 分` 即 max(0, 2 − 0.5 × 天数)"
        ),
        Rule::kw_checklist => crate::tr!(
            "partial points: the entries whose condition is yes are added up",
            "清单：条件成立的各条目分数相加"
        ),
        Rule::kw_judged => crate::tr!(
            "the evaluator's score, from the data file's [judged] table",
            "评定：由评审人员打分，分数写在数据文件的 [judged] 表里"
        ),
        Rule::kw_claimed => crate::tr!(
            "the unit may claim this item as a 缺省项 in its data, with a reason",
            "单位可以在数据中申报这个指标为缺省项，并写明理由"
        ),
        Rule::kw_disqualify => crate::tr!(
            "when the condition is yes, the unit is disqualified and gets no grade",
            "条件成立时取消考核评比资格，不评等级"
        ),
        Rule::kw_indicator => crate::tr!(
            "an analysis indicator: a value reported, not scored",
            "财务分析指标：只报告数值，不计分"
        ),
        Rule::kw_as => crate::tr!(
            "how an indicator is shown: percent, ratio, number, 元, 万元 or 亿元",
            "分析指标的显示形式：百分比、比例、数值、元、万元或亿元"
        ),
        Rule::kw_percent => crate::tr!("display form: 0.616 is shown 61.60%", "显示为百分比：0.616 显示为 61.60%"),
        Rule::kw_ratio => crate::tr!("display form: 0.62 is shown 0.62:1", "显示为比例：0.62 显示为 0.62:1"),
        Rule::kw_check => crate::tr!(
            "a consistency check (审核公式) on the unit's figures",
            "审核公式：检查单位填报的数据之间是否一致"
        ),
        Rule::kw_within => crate::tr!(
            "a check's tolerance: how far its two sides may differ",
            "审核公式的容差：两边允许相差多少"
        ),
        Rule::kw_error => crate::tr!("a failed check is an error (the default)", "审核不通过算作错误（默认）"),
        Rule::kw_warning => crate::tr!("a failed check is only a warning", "审核不通过只算警告"),
        Rule::kw_if => crate::tr!(
            "a condition: `score 2 if 条件`, `if c then a else b`, `not-applicable if …`",
            "条件：`得分 2 分 若 条件`、`如果 c 则 a 否则 b`、`缺省项 若 …`"
        ),
        Rule::kw_then => crate::tr!("the value when the `if` condition is yes", "条件成立时的值"),
        Rule::kw_else => crate::tr!("the value when the `if` condition is no", "条件不成立时的值"),
        Rule::kw_and => crate::tr!("yes when both sides are yes", "两边都成立时才成立"),
        Rule::kw_or => crate::tr!("yes when either side is yes", "任意一边成立就成立"),
        Rule::kw_not => crate::tr!("the opposite of a yes/no", "把是/否反过来"),
        Rule::kw_true => crate::tr!("the value yes", "是（成立）"),
        Rule::kw_false => crate::tr!("the value no", "否（不成立）"),
        Rule::fen => crate::tr!(
            "points: written after a number of points, it changes nothing",
            "分：写在分数后面，只起说明作用"
        ),
        Rule::money_unit => crate::tr!(
            "a unit of money: 1 亿元 = 10 000 万元 = 100 000 000 元, converted exactly",
            "金额单位：1 亿元 = 10 000 万元 = 100 000 000 元，换算精确"
        ),
        _ => String::new(),
    }
}

/// A built-in function: its forms in each language.
#[derive(Debug, Clone, Copy)]
pub struct Function {
    /// The English name (as in traces).
    pub en: &'static str,
    /// The Chinese names.
    pub zh: &'static [&'static str],
}

/// The built-in functions.
pub const FUNCTIONS: &[Function] = &[
    Function { en: "min", zh: &["最小值", "取小"] },
    Function { en: "max", zh: &["最大值", "取大"] },
    Function { en: "clamp", zh: &["限定"] },
    Function { en: "abs", zh: &["绝对值"] },
    Function { en: "ceil", zh: &["向上取整"] },
    Function { en: "floor", zh: &["向下取整"] },
    Function { en: "round", zh: &["四舍五入"] },
];

/// The function called `name` (in either language), if there is one.
pub fn function(name: &str) -> Option<Function> {
    let func = crate::check::model::Func::lookup(name)?;
    let en = func.name();
    Some(FUNCTIONS.iter().copied().find(|f| f.en == en).unwrap_or(Function { en, zh: &[] }))
}

/// What a built-in function does, in the thread's language.
pub fn function_meaning(english_name: &str) -> String {
    match english_name {
        "min" => crate::tr!("the smallest of two or more values: `min(4, 4 × a / b)`", "取两个或多个值中最小的：`最小值(4, 4 × a / b)`"),
        "max" => crate::tr!("the largest of two or more values: `max(0, 10 - 差额)`", "取两个或多个值中最大的：`最大值(0, 10 - 差额)`"),
        "clamp" => crate::tr!("`clamp(x, low, high)`: x kept between low and high", "`限定(x, 下限, 上限)`：把 x 限定在上下限之间"),
        "abs" => crate::tr!("the absolute value", "绝对值"),
        "ceil" => crate::tr!("the smallest whole number not below x", "不小于 x 的最小整数"),
        "floor" => crate::tr!("the largest whole number not above x", "不大于 x 的最大整数"),
        "round" => crate::tr!(
            "`round(x)` or `round(x, places)`: to the nearest, a half away from zero",
            "`四舍五入(x)` 或 `四舍五入(x, 位数)`：四舍五入到整数或指定的小数位数"
        ),
        _ => crate::tr!("a built-in function", "内置函数"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::i18n::with_lang;

    #[test]
    fn every_grammar_keyword_has_forms_and_a_meaning_in_both_languages() {
        for keyword in KEYWORDS {
            assert!(!keyword.en.is_empty() && !keyword.zh.is_empty(), "{:?}", keyword.rule);
            for lang in [Lang::En, Lang::Zh] {
                assert!(!with_lang(lang, || meaning(keyword.rule)).is_empty(), "{:?} {lang:?}", keyword.rule);
            }
            if keyword.rule != Rule::fen && keyword.rule != Rule::money_unit {
                assert!(crate::syntax::is_keyword_rule(keyword.rule), "{:?}", keyword.rule);
            }
        }
        for rule in Rule::all_rules().iter().filter(|r| crate::syntax::is_keyword_rule(**r)) {
            assert!(keyword(*rule).is_some(), "{rule:?} is missing from the table");
        }
    }

    #[test]
    fn functions_are_found_by_either_name() {
        assert_eq!(function("取大").map(|f| f.en), Some("max"));
        assert_eq!(function("round").map(|f| f.zh), Some(&["四舍五入"][..]));
        assert!(function("mean").is_none());
        assert_eq!(language_of(keyword(Rule::kw_if).unwrap(), "若"), Some(Lang::Zh));
        assert_eq!(language_of(keyword(Rule::kw_if).unwrap(), "if"), Some(Lang::En));
        assert_eq!(language_of(keyword(Rule::money_unit).unwrap(), "万元"), None);
    }
}
