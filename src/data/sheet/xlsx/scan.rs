//! A small pull reader for the XML of a sheet's rows.
//!
//! A sheet of 100,000 units holds millions of cells, each five XML events
//! (`<c>`, `<v>`, its text, `</v>`, `</c>`), so the general XML reader's cost
//! per event was most of reading a sheet. This one reads only what a sheet's
//! rows need: start and end tags (with the attributes left raw, to be looked
//! through once), text with references resolved, and CDATA. Comments,
//! processing instructions and a document type are skipped. An end tag must
//! close the element open at that point; anything else (a tag cut off by the end
//! of the file, text that is not UTF-8) is damage. Elements still open at the
//! end of the file are not: the rows read so far are kept.
//!
//! The input is read in chunks into one buffer; a token is always whole in it.

use std::io::{self, Read};

use memchr::{memchr, memmem};

use crate::tr;

/// How much is read from the input at a time.
const CHUNK: usize = 64 * 1024;

/// One piece of the XML.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Token<'a> {
    /// `<name …>`, or `<name …/>` when `empty`: the local name (after any
    /// prefix) and the attributes, raw (see [`attributes`]).
    Start { local: &'a [u8], attributes: &'a [u8], empty: bool },
    /// `</name>`: the local name.
    End { local: &'a [u8] },
    /// Text between tags (references resolved, line breaks made `\n`), or a CDATA section's.
    Text(&'a str),
    /// The end of the input.
    Eof,
}

/// Why the XML cannot be read on: damage, as a sentence, or the input's own error.
#[derive(Debug)]
pub(super) enum ScanError {
    /// The XML is not well formed here.
    Damaged(String),
    /// The input could not be read.
    Io(io::Error),
}

/// Reads the tokens of an XML input one at a time.
pub(super) struct Scanner<R> {
    input: R,
    buf: Vec<u8>,
    /// Where the unread part of `buf` starts.
    pos: usize,
    ended: bool,
    /// The names of the open elements, one after another, and where each ends in it.
    open: Vec<u8>,
    ends: Vec<usize>,
    /// Text whose references or line breaks had to be rewritten.
    text: String,
}

/// A place in the unread part of the buffer, counted from its start.
type Offset = usize;

impl<R: Read> Scanner<R> {
    /// A scanner of `input`.
    pub(super) fn new(input: R) -> Self {
        Scanner {
            input,
            buf: Vec::new(),
            pos: 0,
            ended: false,
            open: Vec::new(),
            ends: Vec::new(),
            text: String::new(),
        }
    }

    /// The unread bytes.
    fn rest(&self) -> &[u8] {
        self.buf.get(self.pos..).unwrap_or_default()
    }

    /// Reads another chunk after the unread bytes; false at the end of the input.
    fn more(&mut self) -> Result<bool, ScanError> {
        if self.ended {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let old = self.buf.len();
        self.buf.resize(old + CHUNK, 0);
        let read = loop {
            match self.input.read(self.buf.get_mut(old..).unwrap_or_default()) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.buf.truncate(old);
                    return Err(ScanError::Io(e));
                }
            }
        };
        self.buf.truncate(old + read);
        self.ended = read == 0;
        Ok(read > 0)
    }

    /// Makes at least `n` unread bytes available, if the input has them.
    fn want(&mut self, n: usize) -> Result<(), ScanError> {
        while self.rest().len() < n && self.more()? {}
        Ok(())
    }

    /// Where `needle` next occurs at or after `from`, reading on as needed.
    fn find(&mut self, from: Offset, needle: &[u8]) -> Result<Option<Offset>, ScanError> {
        let mut searched = from;
        loop {
            let found = match needle {
                [byte] => self.rest().get(searched..).and_then(|r| memchr(*byte, r)),
                _ => self.rest().get(searched..).and_then(|r| memmem::find(r, needle)),
            };
            if let Some(at) = found {
                return Ok(Some(searched + at));
            }
            // A match may start in the last bytes already searched.
            searched = self.rest().len().saturating_sub(needle.len().saturating_sub(1)).max(from);
            if !self.more()? {
                return Ok(None);
            }
        }
    }

    /// Where the tag starting here ends (its `>`), with `>` inside quoted
    /// attribute values passed over.
    fn tag_end(&mut self) -> Result<Option<Offset>, ScanError> {
        let (mut at, mut quote) = (1, None::<u8>);
        loop {
            for &byte in self.rest().get(at..).unwrap_or_default() {
                match quote {
                    Some(q) if byte == q => quote = None,
                    Some(_) => {}
                    None if byte == b'>' => return Ok(Some(at)),
                    None if byte == b'"' || byte == b'\'' => quote = Some(byte),
                    None => {}
                }
                at += 1;
            }
            if !self.more()? {
                return Ok(None);
            }
        }
    }

    /// Where the next `byte` is, at or after `from`: looked for byte by byte
    /// first, as what a sheet's tags and values hold is short.
    fn find_byte(&mut self, from: Offset, byte: u8) -> Result<Option<Offset>, ScanError> {
        let near = self.rest().get(from..).unwrap_or_default().iter().take(32).position(|b| *b == byte);
        match near {
            Some(at) => Ok(Some(from + at)),
            None => self.find(from, &[byte]),
        }
    }

    /// The next token.
    pub(super) fn next_token(&mut self) -> Result<Token<'_>, ScanError> {
        loop {
            self.want(2)?;
            let Some(&first) = self.rest().first() else { return Ok(Token::Eof) };
            if first != b'<' {
                let end = match self.find_byte(0, b'<')? {
                    Some(end) => end,
                    None => self.rest().len(),
                };
                let start = self.pos;
                self.pos += end;
                return self.text_at(start, end, false);
            }
            match self.rest().get(1) {
                Some(b'/') => return self.end_tag(),
                Some(b'?') => self.skip_past(2, b"?>", "<?")?,
                Some(b'!') => {
                    self.want(9)?;
                    if self.rest().starts_with(b"<!--") {
                        self.skip_past(4, b"-->", "<!--")?;
                    } else if self.rest().starts_with(b"<![CDATA[") {
                        let Some(end) = self.find(9, b"]]>")? else { return Err(cut_off("<![CDATA[")) };
                        let start = self.pos + 9;
                        self.pos += end + 3;
                        return self.text_at(start, end - 9, true);
                    } else {
                        self.skip_declaration()?;
                    }
                }
                _ => return self.start_tag(),
            }
        }
    }

    /// Passes over a comment or processing instruction that ends with `close`.
    fn skip_past(&mut self, from: Offset, close: &[u8], what: &str) -> Result<(), ScanError> {
        let Some(end) = self.find(from, close)? else { return Err(cut_off(what)) };
        self.pos += end + close.len();
        Ok(())
    }

    /// Passes over `<!DOCTYPE …>`, with any internal subset in brackets.
    fn skip_declaration(&mut self) -> Result<(), ScanError> {
        let (mut at, mut depth) = (2, 0usize);
        loop {
            while let Some(&byte) = self.rest().get(at) {
                match byte {
                    b'[' => depth += 1,
                    b']' => depth = depth.saturating_sub(1),
                    b'>' if depth == 0 => {
                        self.pos += at + 1;
                        return Ok(());
                    }
                    _ => {}
                }
                at += 1;
            }
            if !self.more()? {
                return Err(cut_off("<!"));
            }
        }
    }

    fn start_tag(&mut self) -> Result<Token<'_>, ScanError> {
        let Some(end) = self.tag_end()? else { return Err(cut_off("<")) };
        let start = self.pos;
        self.pos += end + 1;
        let mut inside = self.buf.get(start + 1..start + end).unwrap_or_default();
        let empty = inside.last() == Some(&b'/');
        if empty {
            inside = inside.get(..inside.len() - 1).unwrap_or_default();
        }
        let name_len = inside.iter().position(|b| b.is_ascii_whitespace()).unwrap_or(inside.len());
        let (name, attributes) = inside.split_at(name_len);
        if name.is_empty() {
            return Err(damaged(tr!("a tag has no name", "某个标签没有名称")));
        }
        if !empty {
            self.open.extend_from_slice(name);
            self.ends.push(self.open.len());
        }
        Ok(Token::Start { local: local_name(name), attributes, empty })
    }

    fn end_tag(&mut self) -> Result<Token<'_>, ScanError> {
        let Some(end) = self.find_byte(2, b'>')? else { return Err(cut_off("</")) };
        let start = self.pos;
        self.pos += end + 1;
        let name = self.buf.get(start + 2..start + end).unwrap_or_default().trim_ascii();
        let opened = self.ends.len().checked_sub(2).and_then(|i| self.ends.get(i)).copied().unwrap_or(0);
        let open = self.open.get(opened..).unwrap_or_default();
        if self.ends.is_empty() || open != name {
            let found = String::from_utf8_lossy(name);
            return Err(damaged(if self.ends.is_empty() {
                tr!("`</{found}>` closes no element", "`</{found}>` 没有对应的开始标签")
            } else {
                let open = String::from_utf8_lossy(open);
                tr!("`</{found}>` where `</{open}>` was expected", "应为 `</{open}>`，却是 `</{found}>`")
            }));
        }
        self.open.truncate(opened);
        self.ends.pop();
        Ok(Token::End { local: local_name(name) })
    }

    /// The text of `buf[start..start + len]`, resolved unless it is CDATA (`raw`).
    fn text_at(&mut self, start: usize, len: usize, raw: bool) -> Result<Token<'_>, ScanError> {
        let bytes = self.buf.get(start..start + len).unwrap_or_default();
        let text =
            std::str::from_utf8(bytes).map_err(|_| damaged(tr!("text that is not UTF-8", "文本不是 UTF-8 编码")))?;
        if raw || !text.contains(['&', '\r']) {
            return Ok(Token::Text(text));
        }
        self.text.clear();
        resolve(text, false, &mut self.text);
        Ok(Token::Text(&self.text))
    }
}

fn damaged(what: String) -> ScanError {
    ScanError::Damaged(super::xml_error(what))
}

/// A tag or section that the end of the input cut off.
fn cut_off(opening: &str) -> ScanError {
    damaged(tr!("the file ends inside `{opening}…`", "文件在 `{opening}…` 之中结束"))
}

/// `c` of `x:c`.
fn local_name(name: &[u8]) -> &[u8] {
    name.rsplit(|b| *b == b':').next().unwrap_or(name)
}

/// The attributes of a start tag: (local name, raw value) pairs, up to the first
/// one that is not `name="value"` or `name='value'`.
pub(super) fn attributes(raw: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    let mut rest = raw;
    std::iter::from_fn(move || {
        let trimmed = rest.trim_ascii_start();
        let eq = memchr(b'=', trimmed)?;
        let name = trimmed.get(..eq)?.trim_ascii_end();
        let after = trimmed.get(eq + 1..)?.trim_ascii_start();
        let quote = *after.first().filter(|q| **q == b'"' || **q == b'\'')?;
        let value_len = memchr(quote, after.get(1..)?)?;
        let value = after.get(1..1 + value_len)?;
        rest = after.get(value_len + 2..)?;
        (!name.is_empty()).then(|| (local_name(name), value))
    })
}

/// `f` of an attribute's value: references resolved and tabs and line breaks
/// made spaces, as XML reads an attribute.
pub(super) fn with_value<T>(raw: &[u8], f: impl FnOnce(&str) -> T) -> Option<T> {
    let text = std::str::from_utf8(raw).ok()?;
    if !raw.iter().any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r')) {
        return Some(f(text));
    }
    let mut out = String::with_capacity(text.len());
    resolve(text, true, &mut out);
    Some(f(&out))
}

/// Writes `text` to `out` with references resolved (an unknown or broken one is
/// kept as written) and line breaks made `\n`, or, in an attribute, every tab
/// and line break a space.
fn resolve(text: &str, attribute: bool, out: &mut String) {
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '&' => {
                let tail = text.get(at + 1..).unwrap_or_default();
                let resolved = tail.find(';').filter(|end| *end <= 32).and_then(|end| {
                    let name = tail.get(..end)?;
                    Some((reference(name)?, end))
                });
                match resolved {
                    Some((c, end)) => {
                        out.push(c);
                        // `end` bytes of the name and the `;`, all ASCII once resolved.
                        for _ in 0..=end {
                            chars.next();
                        }
                    }
                    None => out.push('&'),
                }
            }
            '\r' => {
                if chars.peek().map(|(_, c)| *c) == Some('\n') {
                    chars.next();
                }
                out.push(if attribute { ' ' } else { '\n' });
            }
            '\t' | '\n' if attribute => out.push(' '),
            c => out.push(c),
        }
    }
}

/// The character of `&name;`: one of XML's five entities or a character reference.
fn reference(name: &str) -> Option<char> {
    let code = match name {
        "lt" => return Some('<'),
        "gt" => return Some('>'),
        "amp" => return Some('&'),
        "apos" => return Some('\''),
        "quot" => return Some('"'),
        _ => match name.strip_prefix("#x") {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => name.strip_prefix('#')?.parse().ok()?,
        },
    };
    char::from_u32(code).filter(|c| *c != '\0')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that gives one byte at a time: every token crosses chunk ends.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match (self.0.split_first(), buf.first_mut()) {
                (Some((b, rest)), Some(slot)) => {
                    *slot = *b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    /// The tokens, as text, up to the end or the first error.
    fn tokens(input: impl Read) -> Vec<String> {
        let mut scanner = Scanner::new(input);
        let mut out = Vec::new();
        loop {
            let token = match scanner.next_token() {
                Ok(Token::Eof) => return out,
                Ok(Token::Start { local, attributes, empty }) => {
                    let a: Vec<String> = super::attributes(attributes)
                        .map(|(n, v)| {
                            let v = with_value(v, str::to_string).unwrap_or_default();
                            format!("{}={v}", String::from_utf8_lossy(n))
                        })
                        .collect();
                    format!("<{}{}{}>", String::from_utf8_lossy(local), a.join(","), if empty { "/" } else { "" })
                }
                Ok(Token::End { local }) => format!("</{}>", String::from_utf8_lossy(local)),
                Ok(Token::Text(t)) => format!("{t:?}"),
                Err(ScanError::Damaged(m)) => format!("damaged: {m}"),
                Err(ScanError::Io(e)) => format!("io: {e}"),
            };
            let stop = token.starts_with("damaged") || token.starts_with("io");
            out.push(token);
            if stop {
                return out;
            }
        }
    }

    fn both(xml: &str) -> Vec<String> {
        let whole = tokens(xml.as_bytes());
        assert_eq!(whole, tokens(Trickle(xml.as_bytes())), "read a byte at a time");
        whole
    }

    #[test]
    fn tags_text_and_attributes() {
        let xml = "\u{feff}<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"b\">]><x:row r='1' spans=\"1:2\">\
                   <!-- a > comment --><c r=\"A1\" t=\"a>b\"><v>1&amp;2&#x41;&#66;&bogus;&</v></c><c r = \"B1\" />\
                   <![CDATA[<&>]]></x:row>";
        assert_eq!(
            both(xml),
            [
                "\"\\u{feff}\"",
                "\"\\n\"",
                "<rowr=1,spans=1:2>",
                "<cr=A1,t=a>b>",
                "<v>",
                "\"1&2AB&bogus;&\"",
                "</v>",
                "</c>",
                "<cr=B1/>",
                "\"<&>\"",
                "</row>",
            ]
        );
    }

    #[test]
    fn line_breaks_and_attribute_whitespace() {
        let xml = "<t a=\"x\ty\r\nz&#9;\">a\r\nb\rc</t>";
        assert_eq!(both(xml), ["<ta=x y z\t>", "\"a\\nb\\nc\"", "</t>"]);
    }

    #[test]
    fn damage_is_reported_where_it_is() {
        let last = |xml: &str| both(xml).pop().unwrap_or_default();
        assert!(last("<a><b></a>").contains("`</a>` where `</b>` was expected"), "{}", last("<a><b></a>"));
        assert!(last("<a></a></a>").contains("closes no element"));
        assert!(last("<a><b r=\"1>").contains("ends inside `<…`"));
        assert!(last("<a><!-- x").contains("ends inside `<!--…`"));
        assert!(last("<a><![CDATA[x]]").contains("ends inside `<![CDATA[…`"));
        assert!(last("<a></a").contains("ends inside `</…`"));
        assert!(tokens(&b"<a>\xff</a>"[..]).last().is_some_and(|t| t.contains("not UTF-8")));
        assert!(last("< a>").contains("no name"));
        // Still open at the end: not damage.
        assert_eq!(both("<a><b>x"), ["<a>", "<b>", "\"x\""]);
    }

    proptest::proptest! {
        /// Any bytes, XML-like or not: tokens or a located damage, never a
        /// panic, and the same whether read whole or a byte at a time.
        #[test]
        fn any_bytes_are_read_to_the_end_or_damage(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "<", ">", "</", "/>", "<c r=\"A1\">", "</c>", "<v>", "</v>", "\"", "'", "&", "&amp;", "&#x41;",
                    ";", "<!--", "-->", "<![CDATA[", "]]>", "<?", "?>", "<!D", "[", "]", "\r", "\n", "x", "乐",
                ]),
                0..40,
            ),
            cut in proptest::option::of(0usize..200),
        ) {
            let mut xml = pieces.concat().into_bytes();
            if let Some(cut) = cut {
                xml.truncate(cut);
            }
            let whole = tokens(&xml[..]);
            proptest::prop_assert_eq!(&whole, &tokens(Trickle(&xml)));
        }
    }
}
