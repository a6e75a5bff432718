//! "Did you mean …?" for misspelt names.

/// Full-width ASCII (０-９, Ａ-Ｚ …) folded to ASCII, so `２` is close to `2`.
pub fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// The candidate closest to `name`, if one is close enough to be a likely typo.
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let length = name.chars().count().max(1);
    // Similarity in per mille: 1000 × (1 − distance / longer length).
    let mut best: Option<(&'a str, usize)> = None;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        if fold(candidate) == fold(name) {
            return Some(candidate);
        }
        let distance = strsim::osa_distance(&fold(name), &fold(candidate));
        let longest = length.max(candidate.chars().count()).max(1);
        let similarity = 1000 - (distance * 1000 / longest).min(1000);
        let contains = candidate.contains(name) || name.contains(candidate);
        let score = if contains { similarity.max(700) } else { similarity };
        if score >= 500 && best.is_none_or(|(_, s)| score > s) {
            best = Some((candidate, score));
        }
    }
    best.map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_one_character_typos_in_chinese_names() {
        let names = ["在职人员数", "编制数", "三公经费本年"];
        assert_eq!(closest("在职人员", names.iter().copied()), Some("在职人员数"));
        assert_eq!(closest("编制人数", names.iter().copied()), Some("编制数"));
        assert_eq!(closest("完全无关的名字", names.iter().copied()), None);
    }
}
