//! The next free id for a new section or item: `二.4` → `二.5`, `一` → `二`,
//! `41` → `42`, `加1` → `加2`.

use crate::lower::ast::{Child, Rubric, Section};

/// The id after `id`: its last number (digits or Chinese numerals) plus one.
pub fn next(id: &str) -> Option<String> {
    let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 {
        let (head, tail) = id.split_at(id.len() - digits);
        let next = tail.parse::<u64>().ok()?.checked_add(1)?;
        return Some(format!("{head}{next:0>width$}", width = tail.len()));
    }
    let numeral = id.len() - id.trim_end_matches(|c| CHINESE_DIGITS.contains(c)).len();
    if numeral == 0 {
        return None;
    }
    let (head, numeral) = id.split_at(id.len() - numeral);
    Some(format!("{head}{}", chinese(from_chinese(numeral)?.checked_add(1)?)?))
}

const CHINESE_DIGITS: &str = "零一二三四五六七八九十";

fn digit(c: char) -> Option<u32> {
    CHINESE_DIGITS.chars().position(|d| d == c).and_then(|i| u32::try_from(i).ok()).filter(|&i| i < 10)
}

/// `十三` → 13, `二十` → 20, `七` → 7 (up to 99).
fn from_chinese(numeral: &str) -> Option<u32> {
    let chars: Vec<char> = numeral.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d),
        ['十', d] => Some(10 + digit(*d)?),
        [t, '十'] => Some(10 * digit(*t)?),
        [t, '十', d] => Some(10 * digit(*t)? + digit(*d)?),
        _ => None,
    }
}

/// 13 → `十三`, 20 → `二十` (1 to 99).
fn chinese(n: u32) -> Option<String> {
    let name = |d: u32| CHINESE_DIGITS.chars().nth(d as usize);
    match n {
        1..=9 => name(n).map(String::from),
        10 => Some("十".to_string()),
        11..=19 => Some(format!("十{}", name(n % 10)?)),
        20..=99 if n.is_multiple_of(10) => Some(format!("{}十", name(n / 10)?)),
        21..=99 => Some(format!("{}十{}", name(n / 10)?, name(n % 10)?)),
        _ => None,
    }
}

/// Ids for a new section: after the last section under `parent` (or at the top level), or the
/// parent's first (`二.1`). Ids already used are left out.
pub fn next_section_ids(tree: &Rubric, parent: Option<&Section>) -> Vec<String> {
    let siblings: Vec<&Section> = match parent {
        Some(parent) => parent
            .children
            .iter()
            .filter_map(|c| match c {
                Child::Section(s) => Some(s),
                Child::Item(_) => None,
            })
            .collect(),
        None => tree.sections.iter().collect(),
    };
    let mut used = Vec::new();
    super::tree::visit(tree, &mut |node, _| {
        if let super::tree::Node::Section(s) = node {
            used.push(s.id.node.clone());
        }
    });
    let candidate = match (siblings.last(), parent) {
        (Some(last), _) => next(&last.id.node),
        (None, Some(parent)) => Some(format!("{}.1", parent.id.node)),
        (None, None) => Some("一".to_string()),
    };
    free(candidate.into_iter(), &used)
}

/// Ids for a new item under `parent`: after the item before it there, and after the highest
/// numbered item of the rubric. Ids already used are left out.
pub fn next_item_ids(tree: &Rubric, parent: Option<&Section>, before: usize) -> Vec<String> {
    let mut used = Vec::new();
    let mut highest: Option<u64> = None;
    super::tree::visit(tree, &mut |node, _| {
        if let super::tree::Node::Item(item) = node {
            used.push(item.id.node.clone());
            if let Ok(n) = item.id.node.parse::<u64>() {
                highest = Some(highest.map_or(n, |h| h.max(n)));
            }
        }
    });
    let previous = parent.and_then(|p| {
        p.children
            .iter()
            .filter_map(|c| match c {
                Child::Item(item) if item.span.start < before => Some(item),
                _ => None,
            })
            .next_back()
    });
    let candidates = previous
        .and_then(|item| next(&item.id.node))
        .into_iter()
        .chain(Some(highest.map_or_else(|| "1".to_string(), |h| h.saturating_add(1).to_string())));
    free(candidates, &used)
}

/// The candidates not used yet, each once; a used one is moved on until it is free.
fn free(candidates: impl Iterator<Item = String>, used: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for mut candidate in candidates {
        for _ in 0..1000 {
            if !used.contains(&candidate) {
                break;
            }
            match next(&candidate) {
                Some(moved) => candidate = moved,
                None => break,
            }
        }
        if !used.contains(&candidate) && !out.contains(&candidate) {
            out.push(candidate);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_id_counts_on_in_digits_or_chinese_numerals() {
        assert_eq!(next("二.4").as_deref(), Some("二.5"));
        assert_eq!(next("一").as_deref(), Some("二"));
        assert_eq!(next("九").as_deref(), Some("十"));
        assert_eq!(next("十").as_deref(), Some("十一"));
        assert_eq!(next("十九").as_deref(), Some("二十"));
        assert_eq!(next("二十").as_deref(), Some("二十一"));
        assert_eq!(next("加1").as_deref(), Some("加2"));
        assert_eq!(next("41").as_deref(), Some("42"));
        assert_eq!(next("A-09").as_deref(), Some("A-10"));
        assert_eq!(next("二.九十九"), None);
        assert_eq!(next("x"), None);
    }

    #[test]
    fn new_ids_follow_their_siblings_and_skip_used_ones() {
        let text = "rubric \"t\" max 4\nsection 一 \"一\" 4\n  section 一.1 \"a\" 2\n    item 1 \"x\" 2\n      judged\n  \
section 一.2 \"b\" 2\n    item 2 \"y\" 2\n      judged\n";
        let tree = crate::lower::lower(text, &crate::base::limits::Limits::default()).0;
        assert_eq!(next_section_ids(&tree, None), vec!["二"]);
        let top = tree.sections.first();
        assert_eq!(next_section_ids(&tree, top), vec!["一.3"]);
        let first = top.and_then(|s| s.children.first()).and_then(|c| match c {
            Child::Section(s) => Some(s),
            Child::Item(_) => None,
        });
        // After item 1 comes 2, which is used: 3; the highest item is 2: 3 again.
        assert_eq!(next_item_ids(&tree, first, text.len()), vec!["3"]);
        let empty = crate::lower::lower("rubric \"t\"\n", &crate::base::limits::Limits::default()).0;
        assert_eq!(next_item_ids(&empty, None, 0), vec!["1"]);
    }
}
