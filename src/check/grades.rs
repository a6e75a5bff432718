//! Grade bands: sorted best first, no overlaps, no gaps.

use rust_decimal::Decimal;

use crate::ast::{Band, BandBound};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Grade;
use crate::span::Spanned;

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
                    format!("grade `{}` is listed twice", band.name.node),
                )
                .label("second time")
                .related(first.name.span.clone(), "first time")
                .help("each grade appears once"),
            );
        }
        let Some(bound) = &band.bound else {
            if index + 1 != bands.node.len() {
                diagnostics.push(
                    Diagnostic::error(
                        Code::Grades,
                        band.name.span.clone(),
                        format!("grade `{}` has no lower edge but is not the last", band.name.node),
                    )
                    .label("catch-all band in the middle")
                    .help("only the last band may be written without `>= n`: it takes every total below the others"),
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
                            format!("the band `{}` runs from {a} to {b}, which is empty", band.name.node),
                        )
                        .label("lower edge not below upper edge")
                        .help("write the lower edge first: `良 80..90`"),
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
                        format!(
                            "grade bands are out of order: `{}` starts at {low}, not below `{}` ({above_low})",
                            band.name.node, above.name.node
                        ),
                    )
                    .label("not below the band before")
                    .related(above.name.span.clone(), "the band before")
                    .help("list bands from the best grade down, each starting lower than the one before"),
                );
            } else if let Some(high) = high {
                if high < above_low {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::Grades,
                            bound.span.clone(),
                            format!("totals from {high} up to {above_low} get no grade"),
                        )
                        .label(format!("ends at {high}"))
                        .related(above.name.span.clone(), format!("next band starts at {above_low}"))
                        .help(format!("end this band at {above_low}, or use `>= {low}`")),
                    );
                } else if high == above_low && !above_inclusive {
                    diagnostics.push(
                        Diagnostic::error(Code::Grades, bound.span.clone(), format!("a total of exactly {high} gets no grade"))
                            .label(format!("ends just below {high}"))
                            .related(above.name.span.clone(), format!("starts just above {above_low}"))
                            .help(format!("write `>= {above_low}` for the band above, or end this band at {high} inclusive with `>=` bands")),
                    );
                } else if high > above_low {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::Grades,
                            bound.span.clone(),
                            format!(
                                "bands overlap: totals from {above_low} to {high} are both `{}` and `{}`",
                                above.name.node, band.name.node
                            ),
                        )
                        .label(format!("ends at {high}"))
                        .related(above.name.span.clone(), format!("starts at {above_low}"))
                        .help(format!("end this band at {above_low}")),
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
                Diagnostic::error(Code::Grades, last.name.span.clone(), format!("totals below {low} get no grade"))
                    .label("the lowest band has a lower edge")
                    .help("end the list with a band without an edge, e.g. `差`, to take every lower total"),
            );
        }
    }
    grades
}
