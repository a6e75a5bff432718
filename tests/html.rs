//! The HTML report on the seed data: the ranking, the charts' geometry, every
//! unit's items and scores, the grade counts, escaping of hostile names, no
//! external resources, both languages, and one snapshot of the ranking and
//! charts of two units. Then the charts of the batch page (`rubric batch …
//! --out county.html`), drawn with the same functions from the batch's summary:
//! a bar per unit for a few units, the distribution of the totals for many.

mod common;

use std::path::{Path, PathBuf};

use rubric::base::i18n::{with_lang, Lang};
use rubric::batch::{Scored, Summary, UnitRow};
use rubric::check::model::Checked;
use rubric::data::bind::load;
use rubric::data::Format;
use rubric::eval::report::{show, Report};
use rubric::eval::{evaluate, Options};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn rubric(name: &str) -> Checked {
    let path = root().join("rubrics").join(format!("{name}.rubric"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (checked, diagnostics) = common::check(&text);
    checked.unwrap_or_else(|| panic!("{} does not check: {diagnostics:#?}", path.display()))
}

fn evaluate_file(checked: &Checked, path: &Path) -> Report {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (data, diagnostics) = load(&text, Format::Toml, checked);
    assert!(diagnostics.is_empty(), "{}: {diagnostics:#?}", path.display());
    evaluate(checked, &data, Options::default()).0
}

fn label(report: &Report, path: &Path) -> String {
    rubric::render::label(report, &path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default())
}

/// The five projects of rubric C, then 盛池镇 under rubric A, evaluated in English.
fn seed() -> (Vec<Report>, Vec<String>) {
    seed_in(Lang::En)
}

/// The seed reports with their traces and findings in `lang`.
fn seed_in(lang: Lang) -> (Vec<Report>, Vec<String>) {
    with_lang(lang, seed_reports)
}

fn seed_reports() -> (Vec<Report>, Vec<String>) {
    let checked = rubric("lezhi-2023-project");
    let dir = root().join("rubrics/data/lezhi-2023-project");
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir).expect("seed folder").filter_map(Result::ok).map(|e| e.path()).collect();
    files.sort();
    assert_eq!(files.len(), 5, "{files:?}");
    let (mut reports, mut labels) = (Vec::new(), Vec::new());
    for f in &files {
        let r = evaluate_file(&checked, f);
        labels.push(label(&r, f));
        reports.push(r);
    }
    let a = rubric("lezhi-2022-performance-management");
    let shengchi = root().join("rubrics/data/lezhi-2022-performance-management/盛池镇.toml");
    let r = evaluate_file(&a, &shengchi);
    labels.push(label(&r, &shengchi));
    reports.push(r);
    (reports, labels)
}

fn html(lang: Lang, reports: &[Report], labels: &[String]) -> String {
    with_lang(lang, || rubric::html::report(reports, labels, "乐至县 2023 绩效评价"))
}

/// The text between `start` (included) and the first `end` after it (included).
fn slice<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start:?}"));
    let rest = &text[from..];
    let to = rest.find(end).unwrap_or_else(|| panic!("no {end:?} after {start:?}"));
    &rest[..to + end.len()]
}

/// Every start tag `<name …>` in `text`, as its attribute text.
fn tags<'a>(text: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    text.match_indices(&open)
        .map(|(at, _)| {
            let rest = &text[at + open.len()..];
            &rest[..rest.find('>').unwrap_or(rest.len())]
        })
        .collect()
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = format!(" {tag}").find(&key)?;
    let rest = &tag[at + key.len() - 1..];
    rest.find('"').map(|end| &rest[..end])
}

fn number(tag: &str, name: &str) -> f64 {
    attr(tag, name).unwrap_or_else(|| panic!("no {name} in {tag}")).parse().unwrap_or_else(|e| panic!("{tag}: {e}"))
}

/// The text of a cell, tags removed.
fn text_of(cell: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in cell.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// The cells of the first row `<tr …{marker}…>` in `text`.
fn cells(text: &str, marker: &str) -> Vec<String> {
    let at = text.find(marker).unwrap_or_else(|| panic!("no row {marker:?}"));
    let row = &text[at..];
    let row = &row[..row.find("</tr>").unwrap_or(row.len())];
    row.split("<td").skip(1).map(|c| text_of(&format!("<td{c}"))).collect()
}

fn total(r: &Report) -> f64 {
    r.total.map(|t| show(t).parse().unwrap_or(f64::NAN)).unwrap_or(f64::NAN)
}

#[test]
fn the_ranking_is_by_total_highest_first() {
    let (reports, labels) = seed();
    let page = html(Lang::En, &reports, &labels);
    let ranking = slice(&page, "<table class=\"ranking\">", "</table>");
    let rows: Vec<usize> = tags(ranking, "tr")
        .into_iter()
        .filter_map(|t| attr(t, "data-unit"))
        .map(|u| u.parse::<usize>().expect("unit number") - 1)
        .collect();
    let mut expected: Vec<usize> = (0..reports.len()).collect();
    expected.sort_by(|a, b| reports[*b].total.cmp(&reports[*a].total).then(a.cmp(b)));
    assert_eq!(rows, expected);
    // 95.5, 95, 94 (盛池镇, rubric A), 94, 94, 92: equal totals share a rank.
    let ranks: Vec<String> =
        rows.iter().map(|u| cells(ranking, &format!("data-unit=\"{}\"", u + 1))[0].clone()).collect();
    let totals: Vec<String> = rows.iter().map(|u| show(reports[*u].total.expect("total"))).collect();
    assert_eq!(totals, ["95.5", "95", "94", "94", "94", "92"]);
    assert_eq!(ranks, ["1", "2", "3", "3", "3", "6"]);
    // The totals chart numbers its bars by rank too.
    let svg = slice(&page, "<svg class=\"chart totals wide\"", "</svg>");
    for (rank, count) in [("1", 1), ("2", 1), ("3", 3), ("6", 1)] {
        assert_eq!(svg.matches(&format!("</title>{rank}. ")).count(), count, "rank {rank}");
    }
    for u in &rows {
        let row = cells(ranking, &format!("data-unit=\"{}\"", u + 1));
        let r = &reports[*u];
        assert!(row[1].starts_with(&labels[*u]), "{row:?}");
        assert_eq!(row[2], format!("{} / {}", show(r.total.expect("total")), show(r.max)));
        assert_eq!(row[3], r.grade.clone().expect("grade"));
        assert_eq!(row[4], "no");
        assert_eq!(row[5], r.findings.len().to_string());
    }
}

#[test]
fn disqualified_units_and_units_without_a_total_are_not_ranked() {
    let (reports, labels) = seed();
    let mut reports = reports[..3].to_vec();
    reports[0].disqualified = true;
    reports[0].grade = None;
    reports[1].total = None;
    let page = html(Lang::En, &reports, &labels[..3]);
    let ranking = slice(&page, "<table class=\"ranking\">", "</table>");
    let order: Vec<&str> = tags(ranking, "tr").into_iter().filter_map(|t| attr(t, "data-unit")).collect();
    assert_eq!(order, ["3", "1", "2"]);
    assert_eq!(cells(ranking, "data-unit=\"3\"")[0], "1");
    assert_eq!(cells(ranking, "data-unit=\"1\"")[0], "—");
    assert_eq!(cells(ranking, "data-unit=\"1\"")[4], "yes");
    assert_eq!(cells(ranking, "data-unit=\"2\"")[0], "—");
    let grades = slice(&page, "<table class=\"grades\">", "</table>");
    assert_eq!(cells(grades, "data-grade=\"disqualified\"")[1], "1");
}

#[test]
fn every_unit_has_its_name_and_every_item_its_score() {
    let (reports, labels) = seed_in(Lang::Zh);
    let page = html(Lang::Zh, &reports, &labels);
    for (i, (r, label)) in reports.iter().zip(&labels).enumerate() {
        let part = slice(&page, &format!("<section class=\"unit\" id=\"unit-{}\"", i + 1), "</section>");
        assert!(part.contains(label.as_str()), "unit {i}: no label {label}");
        let name = r.unit.name.as_deref().expect("unit name");
        assert!(part.contains(name), "unit {i}: no name {name}");
        let items = slice(part, "<table class=\"items\">", "</table>");
        assert_eq!(
            tags(items, "tr").iter().filter(|t| attr(t, "class").is_some_and(|c| c.starts_with("item"))).count(),
            r.items.len()
        );
        for item in &r.items {
            let row =
                cells(items, &format!("<tr class=\"item depth-{}\" data-item=\"{}\"", item.path.len().min(3), item.id));
            assert_eq!(row[0], item.id);
            assert_eq!(row[1], item.name);
            assert_eq!(row[2], show(item.max));
            assert_eq!(row[3], item.score.map_or("—".to_string(), show), "unit {i} item {}", item.id);
            assert!(row[4].starts_with(&item.reported.map_or("—".to_string(), show)), "{row:?}");
            for line in &item.trace {
                assert!(items.contains(&rubric::html::escape(line)), "unit {i} item {}: no trace {line}", item.id);
            }
        }
        for f in &r.findings {
            assert!(part.contains(&rubric::html::escape(&f.message)), "unit {i}: no finding {}", f.message);
            // The item or section by id and name in its own cell.
            let about = format!("<td class=\"id\">{}</td>", rubric::html::escape(&f.about()));
            assert!(f.name.is_none() || part.contains(&about), "unit {i}: no {about}");
        }
        for na in &r.not_applicable {
            let row = cells(part, &format!("<tr data-item=\"{}\"", na.id));
            assert_eq!(row[2], with_lang(Lang::Zh, || rubric::render::na_reason(na)));
            // The unit's own reason beside the rubric's, where it wrote another (盛池镇's item 27).
            assert!(na.stated.as_ref().is_none_or(|stated| row[2].contains(stated.as_str())), "{row:?}");
        }
    }
    // 盛池镇: 94 / 100, grade 良, five 缺省项, two findings.
    let shengchi = slice(&page, "<section class=\"unit\" id=\"unit-6\"", "</section>");
    assert!(shengchi.contains("合计 94 / 100"), "{shengchi}");
    assert!(shengchi.contains("等级 良"));
    assert!(shengchi.contains("审核发现问题（2 项）"));
    assert_eq!(reports[5].not_applicable.len(), 5);
}

#[test]
fn the_totals_chart_has_one_bar_per_unit_proportional_to_the_total() {
    let (reports, labels) = seed();
    let page = html(Lang::En, &reports, &labels);
    // Drawn twice, for screens and print and for phones; both to scale.
    for variant in ["wide", "narrow"] {
        let svg = slice(&page, &format!("<svg class=\"chart totals {variant}\""), "</svg>");
        let bars: Vec<&str> = tags(svg, "rect").into_iter().filter(|t| attr(t, "class") == Some("bar total")).collect();
        assert_eq!(bars.len(), reports.len());
        let mut seen: Vec<usize> = bars.iter().map(|b| number(b, "data-unit") as usize).collect();
        seen.sort();
        assert_eq!(seen, (1..=reports.len()).collect::<Vec<_>>());
        let ratios: Vec<f64> =
            bars.iter().map(|b| number(b, "width") / total(&reports[number(b, "data-unit") as usize - 1])).collect();
        for r in &ratios {
            assert!((r - ratios[0]).abs() < 0.001, "{variant}: widths not proportional to totals: {ratios:?}");
        }
        // The bars start at the axis origin, have one height, and come in the ranking's order.
        assert!(bars
            .iter()
            .all(|b| attr(b, "x") == attr(bars[0], "x") && attr(b, "height") == attr(bars[0], "height")));
        let widths: Vec<f64> = bars.iter().map(|b| number(b, "width")).collect();
        assert!(widths.windows(2).all(|w| w[0] >= w[1]), "{widths:?}");
        // The axis: ticks 0 … 100, 100 at the full plot width (the ratio × 100).
        for t in ["0", "20", "40", "60", "80", "100"] {
            assert!(svg.contains(&format!("text-anchor=\"middle\">{t}</text>")), "no tick {t}");
        }
        let x0 = number(bars[0], "x");
        let hundred = tags(svg, "line")
            .into_iter()
            .filter(|l| attr(l, "class") == Some("grid"))
            .map(|l| number(l, "x1") - x0)
            .fold(0.0, f64::max);
        assert!((hundred - ratios[0] * 100.0).abs() < 0.01, "{hundred} vs {}", ratios[0] * 100.0);
        // The unit's own total is marked on every bar.
        assert_eq!(tags(svg, "line").iter().filter(|l| attr(l, "class") == Some("reported")).count(), reports.len());
    }
}

#[test]
fn the_section_chart_shows_each_top_section_as_a_percentage_per_unit() {
    let (reports, labels) = seed();
    let page = html(Lang::En, &reports, &labels);
    // Two rubrics → two section charts; the first is rubric C's four sections × five projects.
    let svg = slice(&page, "<svg class=\"chart sections wide\"", "</svg>");
    let bars: Vec<&str> = tags(svg, "rect").into_iter().filter(|t| attr(t, "class") == Some("bar section")).collect();
    assert_eq!(bars.len(), 4 * 5);
    let tops: Vec<_> = reports[0].sections.iter().filter(|s| s.depth == 0).collect();
    assert_eq!(tops.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["投入", "过程", "产出", "效果"]);
    let mut ratios = Vec::new();
    for (g, top) in tops.iter().enumerate() {
        for u in 0..5 {
            let bar = bars[g * 5 + u];
            assert_eq!(number(bar, "data-unit") as usize, u + 1);
            let s = reports[u].sections.iter().find(|s| s.id == top.id).expect("section");
            let percent: f64 =
                show(s.score.expect("score")).parse::<f64>().expect("number") / show(s.max).parse::<f64>().expect("n");
            ratios.push(number(bar, "height") / percent);
        }
    }
    assert!(ratios.iter().all(|r| (r - ratios[0]).abs() < 0.05), "{ratios:?}");
    assert_eq!(page.matches("<svg class=\"chart sections wide\"").count(), 2);
    assert_eq!(page.matches("<svg class=\"chart sections narrow\"").count(), 2);
}

#[test]
fn more_than_six_units_show_the_mean_and_range_of_each_section() {
    let (seed, seed_labels) = seed();
    let mut reports: Vec<Report> = seed[..5].to_vec();
    let mut labels = seed_labels[..5].to_vec();
    for (i, r) in seed[..3].iter().enumerate() {
        reports.push(r.clone());
        labels.push(format!("copy {i}"));
    }
    let page = html(Lang::En, &reports, &labels);
    let svg = slice(&page, "<svg class=\"chart sections wide\"", "</svg>");
    let rects = tags(svg, "rect");
    assert_eq!(rects.iter().filter(|t| attr(t, "class") == Some("bar section mean")).count(), 4);
    assert_eq!(rects.iter().filter(|t| attr(t, "class") == Some("bar section")).count(), 0);
    // 投入: the exact mean of the eight units' percentages, to two places.
    let percent = |r: &Report| {
        let s = r.sections.iter().find(|s| s.name == "投入").expect("投入");
        s.score.expect("score") * rust_decimal::Decimal::ONE_HUNDRED / s.max
    };
    let mean = reports.iter().map(percent).sum::<rust_decimal::Decimal>() / rust_decimal::Decimal::from(8);
    let mean = show(mean.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero));
    assert!(svg.contains(&format!("<title>投入: mean {mean}% (")), "no mean {mean}");
    assert_eq!(tags(svg, "g").iter().filter(|g| attr(g, "class") == Some("range")).count(), 4);
    assert!(page.contains("Each bar is the mean of the units"));
}

#[test]
fn the_grade_distribution_counts_the_units() {
    let (reports, labels) = seed();
    let page = html(Lang::Zh, &reports, &labels);
    let table = slice(&page, "<table class=\"grades\">", "</table>");
    let you = cells(table, "data-grade=\"优\"");
    let liang = cells(table, "data-grade=\"良\"");
    assert_eq!((you[1].as_str(), liang[1].as_str()), ("5", "1"));
    assert_eq!(reports.iter().filter(|r| r.grade.as_deref() == Some("优")).count(), 5);
    assert!(table.find("data-grade=\"优\"") < table.find("data-grade=\"良\""), "best grade first");
    let svg = slice(&page, "<svg class=\"chart grades\"", "</svg>");
    let bars: Vec<&str> = tags(svg, "rect").into_iter().filter(|t| attr(t, "class") == Some("bar grade")).collect();
    assert_eq!(bars.iter().map(|b| number(b, "data-count")).collect::<Vec<_>>(), [5.0, 1.0]);
    assert!((number(bars[0], "width") / number(bars[1], "width") - 5.0).abs() < 0.01);
}

#[test]
fn names_and_traces_from_a_data_file_cannot_inject_markup() {
    let (reports, _) = seed();
    let mut r = reports[0].clone();
    let evil = "<script>alert(1)</script>";
    r.unit.name = Some(evil.to_string());
    r.unit.project = Some("\"><img src=x onerror=alert(2)>".to_string());
    r.items[0].name = "<iframe src=//x>".to_string();
    r.items[0].id = "\" onmouseover=\"alert(3)".to_string();
    r.items[0].trace.push("</td></tr></table><b>bold</b>".to_string());
    r.sections[0].name = "<style>body{display:none}</style>".to_string();
    r.grade = Some("<svg onload=alert(4)>".to_string());
    r.findings.push(rubric::eval::report::Finding {
        kind: "total",
        target: "<x>".to_string(),
        name: Some("<u>name</u>".to_string()),
        reported: Some("<1>".to_string()),
        computed: None,
        message: "<a href=javascript:alert(5)>".to_string(),
    });
    let labels = vec![evil.to_string()];
    let page = with_lang(Lang::En, || rubric::html::report(std::slice::from_ref(&r), &labels, evil));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    for raw in [
        "<script",
        "<img",
        "<iframe",
        "<b>",
        "<svg onload",
        "<a href=javascript",
        "<x>",
        "<1>",
        "<u>",
        "onmouseover=\"",
    ] {
        assert!(!page.contains(raw), "{raw} is in the page unescaped");
    }
    assert_eq!(page.matches("<style>").count(), 1, "only the page's own style sheet");
    assert!(page.contains("data-item=\"&quot; onmouseover=&quot;alert(3)\""));
    assert!(page.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
}

#[test]
fn the_page_loads_nothing_from_outside() {
    let (reports, labels) = seed();
    for lang in [Lang::En, Lang::Zh] {
        let page = html(lang, &reports, &labels);
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.trim_end().ends_with("</html>"));
        for bad in ["http://", "https://", "<link", "<script", "<img", "<iframe", " src=", "url(", "@import", "//cdn"] {
            assert!(!page.contains(bad), "{bad} in the page");
        }
        // Everything the page shows is in the page: the style sheet and the charts.
        assert_eq!(page.matches("<style>").count(), 1);
        assert!(page.contains("@media print"));
        assert!(page.contains("<meta name=\"viewport\""));
        assert_eq!(page.matches("<svg class=\"chart").count(), 7, "totals, two rubrics' sections (each twice), grades");
    }
}

#[test]
fn headings_follow_the_thread_language() {
    let (reports, labels) = seed_in(Lang::Zh);
    let zh = html(Lang::Zh, &reports, &labels);
    let (reports, labels) = seed_in(Lang::En);
    let en = html(Lang::En, &reports, &labels);
    assert!(zh.contains("<html lang=\"zh-CN\">"));
    assert!(en.contains("<html lang=\"en\">"));
    for heading in ["排名", "图表", "等级分布", "计分明细", "缺省项", "审核发现问题"] {
        assert!(zh.contains(&format!("<h2>{heading}")) || zh.contains(&format!("<h3>{heading}")), "zh: {heading}");
    }
    for heading in ["Ranking", "Charts", "Grade distribution", "Items", "缺省项 (not applicable)", "Audit findings"]
    {
        assert!(en.contains(&format!("<h2>{heading}")) || en.contains(&format!("<h3>{heading}")), "en: {heading}");
    }
    for english in ["Ranking", "Grade distribution", "Audit findings", ">computed<", ">unverified<", "total 94"] {
        assert!(!zh.contains(english), "zh page has {english}");
    }
    assert!(zh.contains(">未核实<") && zh.contains(">计算<"));
    assert!(en.contains(">unverified<") && en.contains(">computed<"));
}

#[test]
fn no_units_is_an_empty_page_not_a_panic() {
    let page = with_lang(Lang::En, || rubric::html::report(&[], &[], "empty"));
    assert!(page.contains("No units."));
    assert!(page.trim_end().ends_with("</html>"));
}

#[test]
fn snapshot_of_the_ranking_and_charts_of_two_units() {
    let (reports, labels) = seed();
    let page = html(Lang::En, &reports[3..5], &labels[3..5]);
    let part = slice(&page, "<section id=\"ranking\">", "<section id=\"grades\">");
    // One element a line, so that a change reads as a change of a bar or a cell.
    insta::assert_snapshot!(part.replace("><", ">\n<"));
}

/// Writes the seed report for `tests/html_browser.sh`: `target/html/report.html`
/// (Chinese) and `target/html/report-en.html`.
#[test]
#[ignore = "writes target/html/ for the browser check; run by tests/html_browser.sh"]
fn write_seed_report_for_the_browser_check() {
    let dir = root().join("target/html");
    std::fs::create_dir_all(&dir).expect("target/html");
    for (lang, file) in [(Lang::Zh, "report.html"), (Lang::En, "report-en.html")] {
        let (reports, labels) = seed_in(lang);
        std::fs::write(dir.join(file), html(lang, &reports, &labels)).expect(file);
    }
}

// ---- The batch page's charts ----

const DEPARTMENT: &str = "lezhi-2023-department-overall";

/// A batch of `n` generated units of rubric B (seed `seed`), and `broken` data
/// files that cannot be read, written as an HTML page through the library in
/// `lang`: the page, the summary and every unit's row.
fn batch_page(n: usize, seed: u64, broken: usize, lang: Lang) -> (String, Summary, Vec<UnitRow>) {
    let path = root().join("rubrics").join(format!("{DEPARTMENT}.rubric"));
    let (checked, file) = common::checked_file(&path);
    let dir = common::fresh_temp_dir(&format!("rubric-html-batch-{}-{n}-{seed}-{lang:?}", std::process::id()));
    for (i, unit) in rubric::author::generate::units(&checked, n, seed).iter().enumerate() {
        // The first unit's name is markup: the charts must show it as text.
        let unit = if i == 0 { unit.replacen("name = \"", "name = \"<script>x</script>", 1) } else { unit.clone() };
        std::fs::write(dir.join(format!("u{:04}.toml", i + 1)), unit).expect("written");
    }
    for i in 0..broken {
        std::fs::write(dir.join(format!("z-broken-{i}.toml")), "[inputs\n= oops").expect("written");
    }
    let page_path = dir.with_extension("html");
    let (page, summary) = with_lang(lang, || {
        let sources = rubric::batch::sources(std::slice::from_ref(&dir)).expect("inputs");
        let mut sink = rubric::batch::out::open(&page_path).expect("the page opens");
        let options = rubric::batch::Options { strict: false, threads: Some(2), details: 3 };
        let mut each = |unit: Scored<'_>| sink.unit(&unit).expect("a unit's part is written");
        let summary = rubric::batch::run(&checked, &file, &sources, &options, &|_, _| {}, &mut each).expect("ran");
        sink.finish(&summary).expect("the page is written");
        (std::fs::read_to_string(&page_path).expect("the page"), summary)
    });
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&page_path);
    let rows: Vec<UnitRow> = summary.rows().expect("rows").collect::<Result<_, _>>().expect("rows read back");
    (page, summary, rows)
}

/// The rects of `class` in `svg`.
fn rects<'a>(svg: &'a str, class: &str) -> Vec<&'a str> {
    tags(svg, "rect").into_iter().filter(|t| attr(t, "class") == Some(class)).collect()
}

/// Every SVG of `class` (e.g. `chart totals wide`) in `text`.
fn svgs<'a>(text: &'a str, class: &str) -> Vec<&'a str> {
    let open = format!("<svg class=\"{class}\"");
    text.match_indices(&open).map(|(at, _)| slice(&text[at..], &open, "</svg>")).collect()
}

/// The units' numbers (`data-unit`) of the bars of `class` in `svgs`, in order.
fn units_of(svgs: &[&str], class: &str) -> Vec<usize> {
    svgs.iter().flat_map(|svg| rects(svg, class)).map(|b| number(b, "data-unit") as usize).collect()
}

/// The grade counts and the section means on the page are the summary's.
fn check_grades_and_sections(charts: &str, summary: &Summary, lang: Lang) {
    let grades = slice(charts, "<svg class=\"chart grades\"", "</svg>");
    let counts: Vec<usize> = rects(grades, "bar grade").iter().map(|b| number(b, "data-count") as usize).collect();
    // The names of the extra rows (not scored …) are in the page's language.
    let grade_counts = with_lang(lang, || summary.grade_counts());
    let expected: Vec<usize> = grade_counts.iter().map(|g| g.count).collect();
    assert_eq!(counts, expected);
    for g in grade_counts {
        assert!(grades.contains(&format!("<title>{}: {}</title>", g.grade, g.count)), "{}", g.grade);
    }
    for variant in ["wide", "narrow"] {
        let svg = slice(charts, &format!("<svg class=\"chart sections {variant}\""), "</svg>");
        let means = rects(svg, "bar section mean");
        let tops: Vec<_> = summary
            .section_stats()
            .into_iter()
            .filter(|st| summary.sections[st.section].depth == 0 && st.count > 0)
            .collect();
        assert_eq!(means.len(), tops.len(), "one bar per top-level section");
        assert_eq!(tops.len(), 4, "rubric B: 投入, 过程, 产出, 效果");
        for (bar, st) in means.iter().zip(&tops) {
            assert_eq!(attr(bar, "data-mean"), st.mean.map(show).as_deref());
            assert_eq!(attr(bar, "data-min"), st.min.map(show).as_deref());
            assert_eq!(attr(bar, "data-max"), st.max.map(show).as_deref());
            assert_eq!(attr(bar, "data-count"), Some(st.count.to_string().as_str()));
            // The bar's height is the mean as a share of the weight (220 units for 100 %).
            let section = &summary.sections[st.section];
            let percent =
                show(st.mean.expect("mean")).parse::<f64>().expect("n") / show(section.max).parse::<f64>().expect("n");
            assert!((number(bar, "height") - percent * 220.0).abs() < 0.02, "{bar}");
        }
    }
}

#[test]
fn the_batch_page_charts_every_unit_when_there_are_few() {
    for (n, lang) in [(6, Lang::Zh), (6, Lang::En), (40, Lang::Zh)] {
        let (page, summary, rows) = batch_page(n, 3, 0, lang);
        assert!(page.find("<section id=\"charts\">") < page.find("<section id=\"ranking\">"), "the charts come first");
        let charts = slice(&page, "<section id=\"charts\">", "</section>");
        assert!(!page.contains("<script") && charts.contains("&lt;script&gt;x&lt;/script&gt;"), "a name is text");
        // The totals: a bar per unit, in ranking order, each as long as its total, wide and narrow.
        let order: Vec<usize> = summary.ranking().iter().map(|r| rows[r.unit].index).collect();
        for variant in ["wide", "narrow"] {
            let svgs = svgs(charts, &format!("chart totals {variant}"));
            assert_eq!(units_of(&svgs, "bar total"), order, "{lang:?} {variant}");
            // 15 bars to an SVG (a printed page each), all on one axis (checked below).
            assert_eq!(svgs.len(), n.div_ceil(15));
            let ratios: Vec<f64> = svgs
                .iter()
                .flat_map(|svg| rects(svg, "bar total"))
                .map(|b| {
                    let total = rows[number(b, "data-unit") as usize - 1].total.expect("a total");
                    number(b, "width") / show(total).parse::<f64>().expect("a number")
                })
                .collect();
            assert!(ratios.iter().all(|r| (r - ratios[0]).abs() < 0.001), "{ratios:?}");
        }
        assert!(!charts.contains("chart distribution"), "no distribution for 6 units");
        check_grades_and_sections(charts, &summary, lang);
        let (totals, grades, sections) = match lang {
            Lang::Zh => ("各单位总分（按排名）", "各等级单位数", "各部分平均得分率"),
            Lang::En => ("Total score by unit, in ranking order", "Units per grade", "Section scores: the mean"),
        };
        for caption in [totals, grades, sections] {
            assert!(charts.contains(&format!("<figcaption>{caption}")), "{lang:?}: {caption}");
        }
        no_english_in_zh(charts, lang);
    }
}

/// The Chinese page's charts have no English words (in their text: the markup's classes are English).
fn no_english_in_zh(charts: &str, lang: Lang) {
    if lang == Lang::Zh {
        let charts = text_of(charts);
        for english in ["Total", "total", "Units", "units", "grade", "Section", " mean ", "lowest", "highest", "tick"] {
            assert!(!charts.contains(english), "zh charts have {english}");
        }
    }
}

#[test]
fn the_batch_page_shows_how_many_totals_are_spread_and_names_the_ends() {
    for lang in [Lang::Zh, Lang::En] {
        let (page, summary, rows) = batch_page(300, 2023, 1, lang);
        assert_eq!(summary.len(), 301);
        let charts = slice(&page, "<section id=\"charts\">", "</section>");
        let ranked: Vec<usize> =
            summary.ranking().iter().filter(|r| r.rank.is_some()).map(|r| rows[r.unit].index).collect();
        assert_eq!(ranked.len(), 300, "the unreadable file is not ranked");
        // The distribution: at most 20 bins, their counts add up to the ranked units, the same wide and narrow.
        let mut bins_of_variants = Vec::new();
        for variant in ["wide", "narrow"] {
            let svg = slice(charts, &format!("<svg class=\"chart distribution {variant}\""), "</svg>");
            let bins: Vec<(f64, f64, usize)> = rects(svg, "bar bin")
                .iter()
                .map(|b| (number(b, "data-from"), number(b, "data-to"), number(b, "data-count") as usize))
                .collect();
            assert!((5..=20).contains(&bins.len()), "{} bins", bins.len());
            assert_eq!(bins.iter().map(|b| b.2).sum::<usize>(), 300);
            assert!(bins.windows(2).all(|w| w[0].1 == w[1].0), "bins follow each other: {bins:?}");
            // Each grade's edge is a bin boundary, so the bins of each band add up to its grade count.
            let checked = rubric(DEPARTMENT);
            let mut upper = f64::INFINITY;
            for grade in &checked.grades {
                let low = grade.low.map_or(f64::NEG_INFINITY, |(l, _)| show(l).parse().expect("n"));
                assert!(low == f64::NEG_INFINITY || bins.iter().any(|b| b.0 == low), "{low} is a boundary");
                let in_band: usize = bins.iter().filter(|b| b.0 >= low && b.0 < upper).map(|b| b.2).sum();
                let count = summary.grade_counts().iter().find(|g| g.grade == grade.name).map_or(0, |g| g.count);
                assert_eq!(in_band, count, "{lang:?} {variant}: grade {}", grade.name);
                upper = low;
                let edge = format!(
                    "<title>{} ≥ {}</title>",
                    grade.name,
                    show(grade.low.map_or_else(Default::default, |l| l.0))
                );
                assert_eq!(svg.contains(&edge), grade.low.is_some() && low > bins[0].0, "{edge}");
            }
            bins_of_variants.push(bins);
        }
        assert_eq!(bins_of_variants[0], bins_of_variants[1]);
        // The ten highest and the ten lowest, named, in ranking order.
        for variant in ["wide", "narrow"] {
            let named = units_of(&svgs(charts, &format!("chart totals {variant}")), "bar total");
            let ends: Vec<usize> = ranked[..10].iter().chain(&ranked[290..]).copied().collect();
            assert_eq!(named, ends, "{variant}");
        }
        let (note, left_out) = match lang {
            Lang::Zh => ("共 301 个单位，无法每个单位一条", "未计入：取消资格、无总分或未计分的单位 1 个。"),
            Lang::En => {
                ("301 units are too many for a bar each", "Not counted: 1 disqualified, without a total or not scored.")
            }
        };
        assert!(charts.contains(note) && charts.contains(left_out), "{lang:?}");
        check_grades_and_sections(charts, &summary, lang);
        no_english_in_zh(charts, lang);
    }
}

#[test]
fn many_units_but_few_ranked_show_the_distribution_and_every_ranked_unit() {
    // 15 units scored and 90 files that cannot be read: more than 100 units, 15 ranked.
    let (page, summary, rows) = batch_page(15, 5, 90, Lang::Zh);
    assert_eq!(summary.len(), 105);
    let charts = slice(&page, "<section id=\"charts\">", "</section>");
    let ranked: Vec<usize> =
        summary.ranking().iter().filter(|r| r.rank.is_some()).map(|r| rows[r.unit].index).collect();
    assert_eq!(ranked.len(), 15);
    let svg = slice(charts, "<svg class=\"chart distribution wide\"", "</svg>");
    assert_eq!(rects(svg, "bar bin").iter().map(|b| number(b, "data-count") as usize).sum::<usize>(), 15);
    assert_eq!(units_of(&svgs(charts, "chart totals wide"), "bar total"), ranked);
    assert!(charts.contains("<figcaption>各排名单位的总分</figcaption>"));
    assert!(charts.contains("下面列出各排名单位的总分。") && !charts.contains("最高和最低"));
    assert!(charts.contains("未计入：取消资格、无总分或未计分的单位 90 个。"));
    check_grades_and_sections(charts, &summary, Lang::Zh);
    no_english_in_zh(charts, Lang::Zh);
}
