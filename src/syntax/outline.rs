//! Lines → a tree, by indentation.
//!
//! A line belongs to the nearest line above it that is indented less. The
//! tree is built with an explicit stack (no recursion), and nesting deeper
//! than the limit is a diagnostic.

use crate::base::diagnostic::{Code, Diagnostic};
use crate::base::limits::Limits;
use crate::syntax::Line;

/// A line and the lines indented under it.
#[derive(Debug)]
pub struct Node<'a> {
    /// The line.
    pub line: Line<'a>,
    /// The lines under it, in order.
    pub children: Vec<Node<'a>>,
}

/// Builds the indentation tree of `lines`.
pub fn build<'a>(lines: Vec<Line<'a>>, limits: &Limits, diagnostics: &mut Vec<Diagnostic>) -> Vec<Node<'a>> {
    let mut roots: Vec<Node<'a>> = Vec::new();
    let mut stack: Vec<Node<'a>> = Vec::new();
    for line in lines {
        while stack.last().is_some_and(|top| top.line.indent >= line.indent) {
            close_top(&mut stack, &mut roots);
        }
        if stack.len() >= limits.max_section_depth {
            let max = limits.max_section_depth;
            diagnostics.push(
                Diagnostic::error(
                    Code::TooDeep,
                    line.span.clone(),
                    crate::tr!("nested more than {max} levels deep", "缩进层级超过 {max} 层"),
                )
                .label(crate::tr!("this line is too deeply indented", "这一行缩进得太深"))
                .help(crate::tr!(
                    "a rubric rarely needs more than four levels: 一级, 二级, 三级 and the item",
                    "评分表一般用不到四层以上：一级、二级、三级指标，再加具体指标"
                )),
            );
            continue;
        }
        stack.push(Node { line, children: Vec::new() });
    }
    while !stack.is_empty() {
        close_top(&mut stack, &mut roots);
    }
    roots
}

fn close_top<'a>(stack: &mut Vec<Node<'a>>, roots: &mut Vec<Node<'a>>) {
    if let Some(node) = stack.pop() {
        match stack.last_mut() {
            Some(parent) => parent.children.push(node),
            None => roots.push(node),
        }
    }
}
