use super::*;
use crate::base::i18n::with_lang;
use crate::lsp::document::Document;

const ZH: &str = "评分表 \"t\" 满分 4\n输入 次数：计数 \"会议次数\"\n输入 有方案：是否\n部分 一 \"一\" 4\n  指标 1 \"a\" 2\n    令 倍数 = 次数 × 2\n    \
得分 2 若 有方案\n  指标 2 \"b\" 2\n    得分 每 次数 1 分，最多 2 分\n";

/// The labels offered where `marker` (removed from the text) stands.
fn labels(text_with_marker: &str) -> Vec<String> {
    completions(text_with_marker).items.into_iter().map(|c| c.label).collect()
}

fn completions(text_with_marker: &str) -> Completions {
    let at = text_with_marker.find('|').unwrap();
    let text = text_with_marker.replacen('|', "", 1);
    let mut document = Document::new(text);
    let view = document.view();
    with_lang(Lang::En, || complete(&view, at, Lang::En))
}

#[test]
fn a_new_line_under_an_item_offers_its_statements_in_the_files_language() {
    let text = format!("{ZH}    |");
    assert_eq!(labels(&text), ["得分", "令", "清单", "评定", "缺省项", "取消资格", "舍入"]);
    let top = format!("{ZH}|");
    assert!(labels(&top).starts_with(&["评分表".to_string(), "输入".to_string()]));
    // Under a section: sections and items.
    let section = ZH.replace("  指标 2", "  |\n  指标 2");
    assert_eq!(labels(&section), ["部分", "指标"]);
}

#[test]
fn an_expression_offers_lets_above_inputs_functions_and_expression_keywords() {
    let text = ZH.replace("得分 2 若 有方案", "得分 2 若 |");
    let got = labels(&text);
    assert_eq!(got.get(..3).map(<[String]>::to_vec), Some(vec!["倍数".to_string(), "次数".to_string(), "有方案".to_string()]));
    for expected in ["最小值", "取小", "取大", "若", "非", "是", "否"] {
        assert!(got.iter().any(|l| l == expected), "{expected} in {got:?}");
    }
    // Outside the item, no `let`.
    let outside = ZH.replace("得分 每 次数 1 分", "得分 每 | 1 分");
    assert!(!labels(&outside).iter().any(|l| l == "倍数"));
}

#[test]
fn after_a_complete_part_the_grammar_says_which_keywords_may_follow() {
    assert_eq!(labels(&ZH.replace("得分 2 若 有方案", "得分 2 |")), ["分", "每", "减", "若", "如果", "且", "并且", "或", "或者"]);
    assert_eq!(labels(&format!("{ZH}输入 金：|")), ["计数", "金额", "比率", "是否", "文本", "数值"]);
    assert_eq!(labels(&format!("{ZH}输入 金：金额 |")), ["万元", "元", "亿元"]);
    // The word being typed is replaced.
    let typed = completions(&format!("{ZH}输入 金：计|"));
    assert_eq!(typed.replace.len(), "计".len());
    assert!(typed.items.iter().any(|c| c.label == "计数" && c.detail == "count"));
}

#[test]
fn ids_continue_the_numbering_and_strings_and_comments_get_nothing() {
    assert_eq!(labels(&format!("{ZH}部分 |")), ["二"]);
    assert_eq!(labels(&ZH.replace("  指标 2 \"b\"", "  指标 |\n  指标 2 \"b\"")), ["3"]);
    assert!(labels(&format!("{ZH}输入 x：文本 \"说|")).is_empty());
    assert!(labels(&format!("{ZH}# 注释 |")).is_empty());
    assert!(labels(&format!("{ZH}    得分 1|")).is_empty());
}

#[test]
fn an_english_file_gets_english_keywords() {
    let en = "rubric \"t\" max 2\ninput n: count\nsection 一 \"一\" 2\n  item 1 \"a\" 2\n    score 2 if |";
    let got = labels(en);
    for expected in ["n", "min", "max", "if", "not", "yes", "no"] {
        assert!(got.iter().any(|l| l == expected), "{expected} in {got:?}");
    }
    assert!(!got.iter().any(|l| l == "若"));
}


#[test]
fn an_expression_is_known_inside_a_longer_one() {
    assert!(is_expression(&expected("score 2 if 单位类型 = \"𝟘\" and 有方案 or ")));
    assert!(is_expression(&expected("score 2 if ")));
    assert!(!is_expression(&expected("input ")));
    assert!(!is_expression(&expected("let ")));
}
