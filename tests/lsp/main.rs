//! `rubric lsp` driven through the protocol as a separate process, as an editor drives it:
//! JSON-RPC over stdio, every feature, positions in UTF-16 code units, and the hover and
//! completion texts in Chinese and English as snapshots.

mod client;
mod diagnostics;
mod edits;
mod everywhere;
mod navigate;
mod positions;
mod texts;

/// Rubric A, the 2022 考核评分表 (English keywords, Chinese names).
pub fn rubric_a() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rubrics/lezhi-2022-performance-management.rubric"))
        .expect("rubric A")
}

/// Rubric A, opened in a new language server speaking `locale`.
pub fn open_rubric_a(locale: &str) -> (String, client::Client) {
    let a = rubric_a();
    let mut client = client::Client::start(locale);
    client.open(&a);
    (a, client)
}

/// A small rubric written wholly with Chinese keywords.
pub const ZH: &str = "评分表 \"乡镇财政管理考核\" 年度 2024 满分 10
输入 专题研究次数：计数 \"党委专题研究次数\"
输入 应评估数：计数
输入 已评估数：计数
输入 有方案：是否 \"制定了实施方案\"
要求 已评估数 <= 应评估数：「已评估数不能多于应评估数」
部分 一 \"一、基础管理\" 10 分
  指标 1 \"专题研究\" 3
    得分 每 专题研究次数 1.5 分，最多 3 分
  指标 2 \"事前评估\" 4
    缺省项 若 应评估数 = 0：「全年无达到评估条件的项目」
    令 差额 = 应评估数 - 已评估数
    得分 4 分，每 差额 扣 1 分
  指标 3 \"实施方案\" 3
    得分 3 分 若 有方案
";
