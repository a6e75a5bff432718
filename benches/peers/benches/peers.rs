//! Rubric B's 28 formulas in three embeddable expression engines, over the same 10,000 generated
//! units as `benches/eval.rs` (docs/performance.md): rhai with `Decimal` (rust_decimal, its
//! literals read as Decimal), cel-interpreter (CEL's `double`) and evalexpr (`f64`).
//!
//! Each formula is one expression string per item (its 缺省项 condition folded in as an `if`),
//! compiled once; per record the 64 inputs are bound as the engine's variables and the 28
//! expressions run. The host keeps each result within [0, weight], rounds it half-up to 2 places
//! and adds them up, as `benches/handwritten_b.rs` does. Before measuring, each engine's totals
//! are compared with the exact ones (the compiled scorer's, equal to the evaluator's: see
//! `tests/handwritten_b.rs`) and the count of those that differ is printed.
//!
//! The group also measures the project's compiled scorer (`peers/rubric_compiled`) and the
//! hand-written `rust_decimal` floor (`peers/handwritten_decimal`) on the same units, so that one
//! run gives every ratio under the same conditions.

#[path = "../../handwritten_b.rs"]
mod handwritten_b;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rust_decimal::{Decimal, RoundingStrategy};

use handwritten_b::{bench_compiled_and_floor, cents, cents_f64, fields, rubric_b, units, Field, NAMES, SEED};

/// Records per iteration: the same units as `benches/eval.rs`.
const RECORDS: usize = 10_000;

/// The three syntaxes.
#[derive(Clone, Copy, PartialEq)]
enum Syntax {
    Rhai,
    Cel,
    Evalexpr,
}

impl Syntax {
    /// `if c then a else b`.
    fn cond(self, c: &str, a: &str, b: &str) -> String {
        match self {
            Syntax::Rhai => format!("(if {c} {{ {a} }} else {{ {b} }})"),
            Syntax::Cel => format!("({c} ? {a} : {b})"),
            Syntax::Evalexpr => format!("if({c}, {a}, {b})"),
        }
    }

    /// `min`, `max`, `abs`, `ceil`.
    fn call(self, f: &str, args: &[&str]) -> String {
        let name = match (self, f) {
            (Syntax::Rhai, "ceil") => "ceiling",
            (Syntax::Evalexpr, "abs") => "math::abs",
            _ => f,
        };
        format!("{name}({})", args.join(", "))
    }

    /// `let name = value` in `body`: a variable in rhai; spelled out where it is read in cel
    /// and evalexpr, which have no `let`.
    fn bind(self, name: &str, value: &str, body: impl Fn(&str) -> String) -> String {
        match self {
            Syntax::Rhai => format!("{{ let {name} = {value}; {} }}", body(name)),
            _ => body(&format!("({value})")),
        }
    }

    /// A checklist: the sum of `points` over the true `conditions`.
    fn checklist(self, entries: &[(&str, &str)]) -> String {
        entries.iter().map(|(points, condition)| self.cond(condition, points, "0.0")).collect::<Vec<_>>().join(" + ")
    }
}

/// Rubric B's 28 rules in `s`, with their weights: the same rules as `benches/handwritten_b.rs`.
fn formulas(s: Syntax) -> Vec<(String, u32)> {
    let min = |a: &str, b: &str| s.call("min", &[a, b]);
    let max = |a: &str, b: &str| s.call("max", &[a, b]);
    let ceil = |a: &str| s.call("ceil", &[a]);
    let abs = |a: &str| s.call("abs", &[a]);
    // `if x = 0 then (if y = 0 then full else 0) else …`: 三公经费变动率, 结转结余变动率.
    let change = |cur: &str, prev: &str, full: &str, otherwise: &dyn Fn(&str) -> String| {
        s.cond(
            &format!("{prev} == 0.0"),
            &s.cond(&format!("{cur} == 0.0"), full, "0.0"),
            &s.bind("v", &format!("({cur} - {prev}) / {prev}"), otherwise),
        )
    };
    vec![
        (s.checklist(&[("1.0", "goal_lawful"), ("0.5", "goal_mandate"), ("0.5", "goal_plan")]), 2),
        (s.checklist(&[("1.0", "goal_split"), ("0.5", "ind_clear"), ("0.5", "ind_tasks"), ("1.0", "ind_budget")]), 3),
        (s.bind("r", "staff / quota", |r| s.cond(&format!("{r} <= 1.0"), "5.0", &format!("5.0 / {r}"))), 5),
        (
            change("three_cur", "three_prev", "5.0", &|v| {
                s.cond(&format!("{v} <= 0.0"), "5.0", &max("0.0", &format!("5.0 * (1.0 - {v})")))
            }),
            5,
        ),
        (s.cond("project_spend == 0.0", "5.0", &min("5.0", "5.0 * key_spend / project_spend")), 5),
        (s.cond("budget == 0.0", "4.0", &min("4.0", "4.0 * budget_done / budget")), 4),
        (s.cond("budget == 0.0", "2.0", &max("0.0", &format!("2.0 * (1.0 - {} / budget)", abs("budget_adjust")))), 2),
        (s.checklist(&[("1.0", "pay_year"), ("1.0", "pay_quarter")]), 2),
        (
            s.cond(
                "spend_budget == 0.0",
                "2.0",
                &s.bind("r", "carry_total / spend_budget", |r| {
                    s.cond(
                        &format!("{r} <= 0.05"),
                        "2.0",
                        &max("0.0", &format!("2.0 - {}", ceil(&format!("({r} - 0.05) / 0.05")))),
                    )
                }),
            ),
            2,
        ),
        (
            change("carry_cur", "carry_prev", "2.0", &|v| {
                s.cond(
                    &format!("{v} <= 0.15"),
                    "2.0",
                    &max("0.0", &format!("2.0 - {}", ceil(&format!("({v} - 0.15) / 0.05")))),
                )
            }),
            2,
        ),
        (
            s.cond(
                "public_budget == 0.0",
                "2.0",
                &s.bind("r", "public_actual / public_budget", |r| {
                    s.cond(&format!("{r} <= 1.0"), "2.0", &max("0.0", &format!("2.0 - 0.1 * ({r} - 1.0) * 100.0")))
                }),
            ),
            2,
        ),
        (
            s.cond(
                "three_budget == 0.0 && three_actual == 0.0",
                "2.0",
                &s.cond(
                    "three_budget == 0.0",
                    "0.0",
                    &s.bind("r", "three_actual / three_budget", |r| {
                        s.cond(&format!("{r} <= 1.0"), "2.0", &max("0.0", &format!("2.0 - 0.5 * ({r} - 1.0) * 100.0")))
                    }),
                ),
            ),
            2,
        ),
        (
            s.cond(
                "purchase_budget == 0.0",
                "4.0",
                &s.bind("r", "purchase_actual / purchase_budget", |r| {
                    s.cond(&format!("{r} >= 1.0"), "4.0", &max("0.0", &format!("4.0 - 0.5 * (1.0 - {r}) * 100.0")))
                }),
            ),
            4,
        ),
        (s.checklist(&[("1.0", "brule_made"), ("0.5", "brule_legal"), ("0.5", "brule_done")]), 2),
        (
            s.checklist(&[
                ("0.2", "use_law"),
                ("0.2", "use_approval"),
                ("0.2", "use_review"),
                ("0.2", "use_purpose"),
                ("0.2", "use_no_diversion"),
            ]),
            1,
        ),
        (s.checklist(&[("0.5", "open_content"), ("0.5", "open_time")]), 1),
        (s.checklist(&[("0.4", "info_true"), ("0.3", "info_complete"), ("0.3", "info_accurate")]), 1),
        (s.checklist(&[("1.0", "arule_made"), ("0.5", "arule_legal"), ("0.5", "arule_done")]), 2),
        (
            s.checklist(&[
                ("0.4", "asset_kept"),
                ("0.4", "asset_config"),
                ("0.4", "asset_disposal"),
                ("0.4", "asset_books"),
                ("0.4", "asset_income"),
            ]),
            2,
        ),
        (
            s.cond(
                "fixed_total == 0.0",
                "1.0",
                &s.bind("r", "fixed_used / fixed_total", |r| {
                    s.cond(&format!("{r} >= 1.0"), "1.0", &max("0.0", &format!("1.0 - 0.1 * (1.0 - {r}) * 100.0")))
                }),
            ),
            1,
        ),
        (s.cond("work_plan == 0.0", "8.0", &min("8.0", "8.0 * work_done / work_plan")), 8),
        (s.checklist(&[("1.0", "q1"), ("1.0", "q2"), ("1.0", "q3"), ("1.0", "q4")]), 4),
        (s.cond("work_plan == 0.0", "8.0", &min("8.0", "8.0 * work_quality / work_plan")), 8),
        (s.cond("key_assigned == 0.0", "10.0", &min("10.0", "10.0 * key_done / key_assigned")), 10),
        ("5.0 * econ".to_string(), 5),
        ("5.0 * social".to_string(), 5),
        ("5.0 * eco".to_string(), 5),
        ("5.0 * satisfaction".to_string(), 5),
    ]
}

/// An item's score: within [0, weight], half-up to 2 places.
fn item(raw: Decimal, weight: u32) -> Decimal {
    raw.max(Decimal::ZERO).min(Decimal::from(weight)).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

fn item_f(raw: f64, weight: u32) -> f64 {
    (raw.max(0.0).min(f64::from(weight)) * 100.0).round() / 100.0
}

fn float(field: &Field) -> Option<f64> {
    match field {
        Field::Number(n) => rust_decimal::prelude::ToPrimitive::to_f64(n),
        Field::Bool(_) => None,
    }
}

// ------------------------------------------------------------------------------------ rhai

struct Rhai {
    engine: rhai::Engine,
    asts: Vec<(rhai::AST, u32)>,
    scope: rhai::Scope<'static>,
}

impl Rhai {
    fn new() -> Rhai {
        let engine = rhai::Engine::new();
        let asts = formulas(Syntax::Rhai)
            .into_iter()
            .map(|(text, weight)| {
                let ast = engine.compile(&text).unwrap_or_else(|e| panic!("rhai compiles {text}: {e}"));
                (ast, weight)
            })
            .collect();
        Rhai { engine, asts, scope: rhai::Scope::new() }
    }

    fn total(&mut self, record: &[Field]) -> Decimal {
        self.scope.clear();
        for ((name, _), field) in NAMES.iter().zip(record) {
            match field {
                Field::Number(n) => self.scope.push(*name, *n),
                Field::Bool(b) => self.scope.push(*name, *b),
            };
        }
        let mut total = Decimal::ZERO;
        for (ast, weight) in &self.asts {
            let value: rhai::Dynamic =
                self.engine.eval_ast_with_scope(&mut self.scope, ast).unwrap_or_else(|e| panic!("rhai: {e}"));
            let raw = value.as_decimal().unwrap_or_else(|t| panic!("rhai gave a {t}"));
            total += item(raw, *weight);
        }
        total
    }
}

// ------------------------------------------------------------------------------------- cel

struct Cel {
    programs: Vec<(cel_interpreter::Program, u32)>,
    context: cel_interpreter::Context<'static>,
}

impl Cel {
    fn new() -> Cel {
        let programs = formulas(Syntax::Cel)
            .into_iter()
            .map(|(text, weight)| {
                let program =
                    cel_interpreter::Program::compile(&text).unwrap_or_else(|e| panic!("cel compiles {text}: {e}"));
                (program, weight)
            })
            .collect();
        let mut context = cel_interpreter::Context::default();
        context.add_function("abs", |x: f64| x.abs());
        context.add_function("ceil", |x: f64| x.ceil());
        Cel { programs, context }
    }

    fn total(&mut self, record: &[Field]) -> f64 {
        for ((name, _), field) in NAMES.iter().zip(record) {
            let value = match field {
                Field::Bool(b) => cel_interpreter::Value::Bool(*b),
                number => cel_interpreter::Value::Float(float(number).unwrap_or(f64::NAN)),
            };
            self.context.add_variable_from_value(*name, value);
        }
        let mut total = 0.0;
        for (program, weight) in &self.programs {
            let raw = match program.execute(&self.context) {
                Ok(cel_interpreter::Value::Float(f)) => f,
                other => panic!("cel: {other:?}"),
            };
            total += item_f(raw, *weight);
        }
        total
    }
}

// -------------------------------------------------------------------------------- evalexpr

type Numbers = evalexpr::DefaultNumericTypes;

struct Evalexpr {
    trees: Vec<(evalexpr::Node<Numbers>, u32)>,
    context: evalexpr::HashMapContext<Numbers>,
}

impl Evalexpr {
    fn new() -> Evalexpr {
        let trees = formulas(Syntax::Evalexpr)
            .into_iter()
            .map(|(text, weight)| {
                let tree = evalexpr::build_operator_tree::<Numbers>(&text)
                    .unwrap_or_else(|e| panic!("evalexpr compiles {text}: {e}"));
                (tree, weight)
            })
            .collect();
        Evalexpr { trees, context: evalexpr::HashMapContext::new() }
    }

    fn total(&mut self, record: &[Field]) -> f64 {
        use evalexpr::ContextWithMutableVariables;
        for ((name, _), field) in NAMES.iter().zip(record) {
            let value = match field {
                Field::Bool(b) => evalexpr::Value::Boolean(*b),
                number => evalexpr::Value::Float(float(number).unwrap_or(f64::NAN)),
            };
            self.context.set_value((*name).to_string(), value).unwrap_or_else(|e| panic!("evalexpr: {e}"));
        }
        let mut total = 0.0;
        for (tree, weight) in &self.trees {
            let raw = tree.eval_number_with_context(&self.context).unwrap_or_else(|e| panic!("evalexpr: {e}"));
            total += item_f(raw, *weight);
        }
        total
    }
}

fn peers(c: &mut Criterion) {
    let checked = rubric_b();
    let units = units(&checked, RECORDS, SEED);
    let records: Vec<Vec<Field>> =
        units.iter().map(|u| fields(&checked, &u.slots).expect("every input of rubric B is given")).collect();
    let mut scorer = rubric::eval::compile::Scorer::new(&checked);
    let judged = vec![None; checked.items.len()];
    let exact: Vec<Decimal> = units
        .iter()
        .map(|u| scorer.score(&u.slots, &judged).ok().and_then(|s| s.total).expect("the compiled scorer scores it"))
        .collect();

    let (mut rhai, mut cel, mut evalexpr) = (Rhai::new(), Cel::new(), Evalexpr::new());
    let mut off = [0usize; 3];
    for (record, exact) in records.iter().zip(&exact) {
        off[0] += usize::from(rhai.total(record) != *exact);
        off[1] += usize::from(cents_f64(cel.total(record)) != cents(*exact));
        off[2] += usize::from(cents_f64(evalexpr.total(record)) != cents(*exact));
    }
    for (name, n) in ["rhai (Decimal)", "cel (double)", "evalexpr (f64)"].iter().zip(off) {
        println!("peers: {name}: {n} of {RECORDS} totals differ from the exact evaluator");
    }

    // The project and the hand-written floor in the same run, for ratios measured side by side.
    let mut group = c.benchmark_group("peers");
    group.throughput(Throughput::Elements(RECORDS as u64));
    group.sample_size(10);
    bench_compiled_and_floor(&mut group, "rubric_compiled", &checked, &units);
    group.bench_function("rhai", |b| {
        b.iter(|| {
            for record in &records {
                black_box(rhai.total(black_box(record)));
            }
        })
    });
    group.bench_function("cel", |b| {
        b.iter(|| {
            for record in &records {
                black_box(cel.total(black_box(record)));
            }
        })
    });
    group.bench_function("evalexpr", |b| {
        b.iter(|| {
            for record in &records {
                black_box(evalexpr.total(black_box(record)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, peers);
criterion_main!(benches);
