//! The ranking of a batch, from the small entries kept in memory: units by
//! total, highest first, then the disqualified units, the units without a total
//! and the units not scored. Equal totals are ordered by label (then input
//! order): the labels of each run of equal totals alone are read back from the
//! spilled rows, so no label is kept per unit.

use std::cmp::Ordering;

use super::rows::Rows;

/// The units (numbers from 0) in ranking order; sets each entry's competition
/// rank (1, 2, 2, 4) for the ranked units. The error is a sentence.
pub(crate) fn order(rows: &mut Rows) -> Result<Vec<u32>, String> {
    let n =
        u32::try_from(rows.len()).map_err(|_| crate::tr!("too many units for one batch", "一次批量计分的单位过多"))?;
    let mut order: Vec<u32> = (0..n).collect();
    let key = |rows: &Rows, u: u32| rows.entries.get(u as usize).map(|e| (e.class, e.total));
    let by_total = |rows: &Rows, a: u32, b: u32| match (key(rows, a), key(rows, b)) {
        (Some((ca, ta)), Some((cb, tb))) => ca.cmp(&cb).then(tb.cmp(&ta)),
        _ => Ordering::Equal,
    };
    order.sort_by(|&a, &b| by_total(rows, a, b).then(a.cmp(&b)));
    // Each run of equal (class, total): by label, then input order.
    let mut reader = rows.reader()?;
    let mut start = 0;
    while start < order.len() {
        let first = order.get(start).copied().unwrap_or_default();
        let end = order
            .get(start..)
            .and_then(|rest| rest.iter().position(|&u| by_total(rows, first, u) != Ordering::Equal))
            .map_or(order.len(), |p| start + p);
        if end - start > 1 {
            let mut run: Vec<(String, u32)> = Vec::with_capacity(end - start);
            for &u in order.get(start..end).unwrap_or_default() {
                run.push((reader.label(u as usize)?, u));
            }
            run.sort();
            for (slot, (_, u)) in order.get_mut(start..end).unwrap_or_default().iter_mut().zip(run) {
                *slot = u;
            }
        }
        start = end;
    }
    drop(reader);
    // Competition ranks for the ranked units (class 0, which come first).
    let mut previous: Option<(usize, u32)> = None;
    for (position, &u) in order.iter().enumerate() {
        let Some(entry) = rows.entries.get(u as usize) else { continue };
        if entry.class != 0 {
            break;
        }
        let rank = match previous {
            Some((p, rank)) if rows.entries.get(p).is_some_and(|e| e.total == entry.total) => rank,
            _ => u32::try_from(position + 1).unwrap_or(u32::MAX),
        };
        if let Some(entry) = rows.entries.get_mut(u as usize) {
            entry.rank = rank;
        }
        previous = Some((u as usize, rank));
    }
    Ok(order)
}
