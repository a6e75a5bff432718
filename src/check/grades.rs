//! Grade bands: sorted best first, no overlaps, no gaps.

use rust_decimal::Decimal;

use crate::lower::ast::{Band, BandBound};
use crate::base::diagnostic::{Code, Diagnostic};
use crate::check::model::Grade;
use crate::base::span::Spanned;

/// Checks the bands and turns them into [`Grade`]s.
pub fn check_grades(bands: &Spanned<Vec<Band>>, floor: Decimal, diagnostics: &mut Vec<Diagnostic>) -> Vec<Grade> {
    let mut grades = Vec::new();
    let mut previous: Option<(Decimal, bool, &Band)> = None;
    for (index, band) in bands.node.iter().enumerate() {
        if let Some(first) = bands.node.iter().take(index).find(|b| b.name.node == band.name.node) {
            diagnostics.push(
                Diagnostic::error(
                    Code::Grades,
                    band.name.span.clone(),
                    crate::tr!("grade `{}` is listed twice", "等级 `{}` 列了两次", band.name.node),
                )
                .label(crate::tr!("second time", "第二次"))
                .related(first.name.span.clone(), crate::tr!("first time", "第一次"))
                .help(crate::tr!("each grade appears once", "每个等级只能出现一次")),
            );
        }
        let Some(bound) = &band.bound else {
            if index + 1 != bands.node.len() {
                diagnostics.push(
                    Diagnostic::error(
                        Code::Grades,
                        band.name.span.clone(),
                        crate::tr!(
                            "grade `{}` has no lower edge but is not the last",
                            "等级 `{}` 没有写下限，却不是最后一档",
                            band.name.node
                        ),
                    )
                    .label(crate::tr!("catch-all band in the middle", "兜底的一档写在了中间"))
                    .help(crate::tr!(
                        "only the last band may be written without `>= n`: it takes every total below the others",
                        "只有最后一档可以不写 `>= n`：低于其他各档的总分都归入这一档"
                    )),
                );
            }
            grades.push(Grade { name: band.name.node.clone(), low: None, high: None });
            continue;
        };
        let (low, inclusive, high) = match bound.node {
            BandBound::AtLeast(n) => (n, true, None),
            BandBound::Above(n) => (n, false, None),
            BandBound::Range(a, b) => {
                if a >= b {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::Grades,
                            bound.span.clone(),
                            crate::tr!(
                                "the band `{}` runs from {a} to {b}, which is empty",
                                "等级 `{}` 的区间从 {a} 到 {b}，是空的",
                                band.name.node
                            ),
                        )
                        .label(crate::tr!("lower edge not below upper edge", "下限不低于上限"))
                        .help(crate::tr!("write the lower edge first: `良 80..90`", "先写下限：`良 80..90`")),
                    );
                }
                (a, true, Some(b))
            }
        };
        if let Some((above_low, above_inclusive, above)) = previous {
            if low >= above_low {
                diagnostics.push(
                    Diagnostic::error(
                        Code::Grades,
                        bound.span.clone(),
                        crate::tr!(
                            "grade bands are out of order: `{}` starts at {low}, not below `{}` ({above_low})",
                            "等级顺序不对：`{}` 从 {low} 分起，并不低于上一档 `{}`（{above_low}）",
                            band.name.node,
                            above.name.node
                        ),
                    )
                    .label(crate::tr!("not below the band before", "不低于上一档"))
                    .related(above.name.span.clone(), crate::tr!("the band before", "上一档"))
                    .help(crate::tr!(
                        "list bands from the best grade down, each starting lower than the one before",
                        "请从最好的等级往下排列，每一档的起点都要比上一档低"
                    )),
                );
            } else if let Some(high) = high {
                if high < above_low {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::Grades,
                            bound.span.clone(),
                            crate::tr!(
                                "totals from {high} up to {above_low} get no grade",
                                "总分在 {high} 到 {above_low} 之间的，没有对应的等级"
                            ),
                        )
                        .label(crate::tr!("ends at {high}", "止于 {high}"))
                        .related(
                            above.name.span.clone(),
                            crate::tr!("next band starts at {above_low}", "高一档从 {above_low} 起"),
                        )
                        .help(crate::tr!(
                            "end this band at {above_low}, or use `>= {low}`",
                            "把这一档的上限改为 {above_low}，或者改用 `>= {low}`"
                        )),
                    );
                } else if high == above_low && !above_inclusive {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::Grades,
                            bound.span.clone(),
                            crate::tr!(
                                "a total of exactly {high} gets no grade",
                                "总分恰好为 {high} 时没有对应的等级"
                            ),
                        )
                        .label(crate::tr!("ends just below {high}", "到 {high} 为止，不含 {high}"))
                        .related(
                            above.name.span.clone(),
                            crate::tr!("starts just above {above_low}", "从 {above_low} 以上起，不含 {above_low}"),
                        )
                        .help(crate::tr!(
                            "write `>= {above_low}` for the band above, or end this band at {high} inclusive with `>=` bands",
                            "把高一档写成 `>= {above_low}`，或者各档都用 `>=` 来写，让这一档包含 {high}"
                        )),
                    );
                } else if high > above_low {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::Grades,
                            bound.span.clone(),
                            crate::tr!(
                                "bands overlap: totals from {above_low} to {high} are both `{}` and `{}`",
                                "等级区间重叠：总分在 {above_low} 到 {high} 之间的，既是 `{}` 又是 `{}`",
                                above.name.node,
                                band.name.node
                            ),
                        )
                        .label(crate::tr!("ends at {high}", "止于 {high}"))
                        .related(above.name.span.clone(), crate::tr!("starts at {above_low}", "从 {above_low} 起"))
                        .help(crate::tr!("end this band at {above_low}", "把这一档的上限改为 {above_low}")),
                    );
                }
            }
        }
        previous = Some((low, inclusive, band));
        grades.push(Grade { name: band.name.node.clone(), low: Some((low, inclusive)), high });
    }
    if let (Some(last), Some((low, _, _))) = (bands.node.last(), previous) {
        if last.bound.is_some() && low > floor && bands.node.iter().all(|b| b.bound.is_some()) {
            diagnostics.push(
                Diagnostic::error(
                    Code::Grades,
                    last.name.span.clone(),
                    crate::tr!("totals below {low} get no grade", "低于 {low} 的总分没有对应的等级"),
                )
                .label(crate::tr!("the lowest band has a lower edge", "最低一档写了下限"))
                .help(crate::tr!(
                    "end the list with a band without an edge, e.g. `差`, to take every lower total",
                    "在最后加一档不写下限的等级，例如 `差`，把更低的总分都归入其中"
                )),
            );
        }
    }
    grades
}
