//! The cells of a sheet's rows, whatever file they came from, and cell references.

/// The most columns a sheet has (Excel: `XFD`).
pub(crate) const MAX_COLUMNS: u32 = 16_384;
/// The most rows a sheet has (Excel).
pub(crate) const MAX_ROWS: u32 = 1_048_576;

/// A cell's value as the file holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cell {
    /// A number, its text exactly as stored (`0.1`, `1.5E-3`).
    Number(String),
    /// Text (also error values such as `#DIV/0!`, and dates written as text).
    Text(String),
    /// `TRUE` / `FALSE`.
    Bool(bool),
    /// A CSV field as written: a CSV cell has no type, so what it holds is
    /// told where it is used ([`Cell::typed`]), on the thread that binds it,
    /// not the one reading the file.
    Field(String),
}

impl Cell {
    /// True when the cell holds nothing a person entered (empty or blank text).
    pub(crate) fn is_blank(&self) -> bool {
        match self {
            Cell::Number(text) | Cell::Text(text) | Cell::Field(text) => text.trim().is_empty(),
            Cell::Bool(_) => false,
        }
    }

    /// The cell with its kind told: a CSV field that reads as a plain decimal
    /// number (`58`, `-0.5`, `1.5E-3`) is a number, `true` / `false` (any case)
    /// is a yes/no, and anything else is text, so `"1,234.5万元"` and `95%`
    /// stay text for the binder.
    pub(crate) fn typed(&self) -> std::borrow::Cow<'_, Cell> {
        use std::borrow::Cow;
        let Cell::Field(_) = self else { return Cow::Borrowed(self) };
        Cow::Owned(match self.view() {
            Typed::Number(text) => Cell::Number(text.to_string()),
            Typed::Text(text) => Cell::Text(text.to_string()),
            Typed::Bool(b) => Cell::Bool(b),
        })
    }

    /// What [`Cell::typed`] gives, borrowed from the cell: nothing is copied.
    pub(crate) fn view(&self) -> Typed<'_> {
        match self {
            Cell::Number(text) => Typed::Number(text),
            Cell::Text(text) => Typed::Text(text),
            Cell::Bool(b) => Typed::Bool(*b),
            Cell::Field(field) => {
                let trimmed = super::number::trim(field);
                if super::number::DecimalText::is_number(trimmed) {
                    Typed::Number(trimmed)
                } else if trimmed.eq_ignore_ascii_case("true") {
                    Typed::Bool(true)
                } else if trimmed.eq_ignore_ascii_case("false") {
                    Typed::Bool(false)
                } else {
                    Typed::Text(field)
                }
            }
        }
    }
}

/// A cell's value with its kind told, borrowed from the cell ([`Cell::view`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Typed<'a> {
    /// A number, its text as stored (a CSV field's without the blanks around it).
    Number(&'a str),
    /// Text, as stored.
    Text(&'a str),
    /// A yes/no.
    Bool(bool),
}

/// The non-blank cells of one row, by column number (1-based), in column
/// order. A row's cells nearly always come in that order, so they are kept in
/// one vector, not a tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Row(Vec<(u32, Cell)>);

impl Row {
    /// No cells.
    pub(crate) fn new() -> Row {
        Row(Vec::new())
    }

    /// Sets the cell of `column`, replacing what it held.
    pub(crate) fn insert(&mut self, column: u32, cell: Cell) {
        match self.0.last() {
            None => self.0.push((column, cell)),
            Some((last, _)) if *last < column => self.0.push((column, cell)),
            Some(_) => match self.0.binary_search_by_key(&column, |(c, _)| *c) {
                Ok(at) => {
                    if let Some(slot) = self.0.get_mut(at) {
                        slot.1 = cell;
                    }
                }
                Err(at) => self.0.insert(at, (column, cell)),
            },
        }
    }

    /// The cell of `column`.
    pub(crate) fn get(&self, column: &u32) -> Option<&Cell> {
        let at = self.0.binary_search_by_key(column, |(c, _)| *c).ok()?;
        self.0.get(at).map(|(_, cell)| cell)
    }

    /// The cells with their columns, in column order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&u32, &Cell)> {
        self.0.iter().map(|(column, cell)| (column, cell))
    }

    /// The columns with a cell, in order.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &u32> {
        self.0.iter().map(|(column, _)| column)
    }

    /// How many cells.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// True when the row has no cell.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Drops every cell.
    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }
}

impl<'a> IntoIterator for &'a Row {
    type Item = (&'a u32, &'a Cell);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (u32, Cell)>, fn(&'a (u32, Cell)) -> (&'a u32, &'a Cell)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(column, cell)| (column, cell))
    }
}

impl IntoIterator for Row {
    type Item = (u32, Cell);
    type IntoIter = std::vec::IntoIter<(u32, Cell)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Extend<(u32, Cell)> for Row {
    fn extend<I: IntoIterator<Item = (u32, Cell)>>(&mut self, cells: I) {
        for (column, cell) in cells {
            self.insert(column, cell);
        }
    }
}

impl FromIterator<(u32, Cell)> for Row {
    fn from_iter<I: IntoIterator<Item = (u32, Cell)>>(cells: I) -> Row {
        let mut row = Row::new();
        row.extend(cells);
        row
    }
}

/// `1` → `A`, `27` → `AA`.
pub(crate) fn column_letters(column: u32) -> String {
    let mut n = column;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// `C5` for column 3, row 5.
pub(crate) fn cell_ref(column: u32, row: u32) -> String {
    format!("{}{row}", column_letters(column))
}

/// `C5` → (column 3, row 5); `$C$5` is read too. `None` when not a cell reference
/// or outside a sheet's bounds.
pub(crate) fn parse_ref(text: &str) -> Option<(u32, u32)> {
    let (mut column, mut row) = (0u32, 0u32);
    let mut digits = false;
    let mut letters = false;
    let bytes = text.as_bytes();
    // A reference is ASCII; only one with blanks around it needs trimming.
    let plain = bytes.first().is_some_and(u8::is_ascii_alphanumeric) && bytes.last().is_some_and(u8::is_ascii_digit);
    let text = if plain { text } else { text.trim() };
    for &b in text.as_bytes().iter().filter(|b| **b != b'$') {
        if b.is_ascii_alphabetic() && !digits {
            let v = u32::from(b.to_ascii_uppercase() - b'A') + 1;
            column = column.checked_mul(26)?.checked_add(v)?;
            letters = true;
        } else if b.is_ascii_digit() && letters {
            row = row.checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
            digits = true;
        } else {
            return None;
        }
        if column > MAX_COLUMNS || row > MAX_ROWS {
            return None;
        }
    }
    (digits && row > 0).then_some((column, row))
}

/// The column part of a reference alone (`C` in a `<c r="C">`, not written by
/// Excel but harmless).
pub(crate) fn parse_column(text: &str) -> Option<u32> {
    let mut column = 0u32;
    for c in text.trim().chars() {
        if !c.is_ascii_alphabetic() {
            return None;
        }
        column = column.checked_mul(26)?.checked_add(u32::from(c.to_ascii_uppercase() as u8 - b'A') + 1)?;
    }
    (column > 0 && column <= MAX_COLUMNS).then_some(column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_keeps_its_cells_in_column_order_one_per_column() {
        let text = |t: &str| Cell::Text(t.to_string());
        let row: Row = [(3, text("c")), (1, text("a")), (2, text("b")), (1, text("A")), (9, text("i"))].into_iter().collect();
        let columns: Vec<(u32, &Cell)> = row.iter().map(|(c, cell)| (*c, cell)).collect();
        assert_eq!(columns, vec![(1, &text("A")), (2, &text("b")), (3, &text("c")), (9, &text("i"))]);
        assert_eq!(row.get(&9), Some(&text("i")));
        assert_eq!(row.get(&4), None);
    }

    #[test]
    fn references() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(16_384), "XFD");
        assert_eq!(parse_ref("C5"), Some((3, 5)));
        assert_eq!(parse_ref("$AA$10"), Some((27, 10)));
        assert_eq!(parse_ref("XFD1048576"), Some((16_384, 1_048_576)));
        assert_eq!(parse_ref("XFE1"), None);
        assert_eq!(parse_ref("A0"), None);
        assert_eq!(parse_ref("5C"), None);
        assert_eq!(parse_ref("C"), None);
        assert_eq!(parse_column("AB"), Some(28));
    }
}
