//! One part of the `.xlsx` container, unpacked as it is read: the sheet's XML is
//! never held whole. The bytes are counted as they come (at most
//! [`MAX_PART_BYTES`]) and checked against the container's CRC-32 at the end.

use std::fmt;
use std::io::{self, Read, Seek, SeekFrom};

use flate2::read::DeflateDecoder;
use zip::{CompressionMethod, ZipArchive};

use crate::tr;

/// The most bytes one part of the container may unpack to.
pub(super) const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

/// Why a part could not be unpacked, as a sentence; carried through the XML
/// reader as an I/O error and taken back out by [`message`].
#[derive(Debug)]
struct Unpack(String);

impl fmt::Display for Unpack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unpack {}

/// The sentence of an I/O error raised by [`Part`], if it is one.
pub(super) fn message(e: &io::Error) -> Option<String> {
    e.get_ref().and_then(|inner| inner.downcast_ref::<Unpack>()).map(|u| u.0.clone())
}

/// The sentence for a part larger than [`MAX_PART_BYTES`].
pub(super) fn too_large(path: &str) -> String {
    let mb = MAX_PART_BYTES / 1024 / 1024;
    tr!("{path} unpacks to more than {mb} MB", "{path} 解压后超过 {mb} MB")
}

/// A part being unpacked.
pub(super) struct Part<'a> {
    inner: Box<dyn Read + Send + 'a>,
    path: String,
    read: u64,
    crc: crc32fast::Hasher,
    expected: u32,
    ended: bool,
    /// The most bytes it may unpack to: [`MAX_PART_BYTES`].
    limit: u64,
}

impl Read for Part<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf).map_err(|e| {
            let path = &self.path;
            io::Error::other(Unpack(tr!("cannot unpack {path}: {e}", "无法解压 {path}：{e}")))
        })?;
        if n == 0 {
            if !self.ended {
                self.ended = true;
                if self.crc.clone().finalize() != self.expected {
                    let path = &self.path;
                    let e = "Invalid checksum";
                    return Err(io::Error::other(Unpack(tr!("cannot unpack {path}: {e}", "无法解压 {path}：{e}"))));
                }
            }
            return Ok(0);
        }
        self.read += n as u64;
        if self.read > self.limit {
            return Err(io::Error::other(Unpack(too_large(&self.path))));
        }
        if let Some(chunk) = buf.get(..n) {
            self.crc.update(chunk);
        }
        Ok(n)
    }
}

/// Opens `path` in the container for reading as a stream, giving up the
/// archive (the stream reads its file). `Ok(None)` when the container lacks it.
pub(super) fn open<'a, R: Read + Seek + Send + 'a>(
    archive: ZipArchive<R>,
    path: &str,
) -> Result<Option<Part<'a>>, String> {
    open_limited(archive, path, MAX_PART_BYTES)
}

/// [`open`], with the most bytes the part may unpack to.
fn open_limited<'a, R: Read + Seek + Send + 'a>(
    mut archive: ZipArchive<R>,
    path: &str,
    limit: u64,
) -> Result<Option<Part<'a>>, String> {
    let cannot = |e: &dyn fmt::Display| tr!("cannot read {path} in the file: {e}", "无法读取文件中的 {path}：{e}");
    let (start, size, method, expected) = match archive.by_name(path) {
        Ok(file) if file.encrypted() => {
            return Err(tr!(
                "{path} is encrypted: save the workbook without a password",
                "{path} 已加密：请去掉密码后再保存工作簿"
            ))
        }
        Ok(file) => (file.data_start(), file.compressed_size(), file.compression(), file.crc32()),
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(cannot(&e)),
    };
    let start = start.ok_or_else(|| cannot(&"no data"))?;
    let mut reader = archive.into_inner();
    reader.seek(SeekFrom::Start(start)).map_err(|e| cannot(&e))?;
    let raw = reader.take(size);
    let inner: Box<dyn Read + Send + 'a> = match method {
        CompressionMethod::Stored => Box::new(raw),
        CompressionMethod::Deflated => Box::new(DeflateDecoder::new(raw)),
        other => return Err(cannot(&format!("compression method {other} is not supported"))),
    };
    let crc = crc32fast::Hasher::new();
    Ok(Some(Part { inner, path: path.to_string(), read: 0, crc, expected, ended: false, limit }))
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read, Write};

    use zip::write::SimpleFileOptions;

    use super::*;

    fn zipped(method: CompressionMethod, body: &[u8]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(method);
        let written = out.start_file("a.xml", options).and_then(|()| Ok(out.write_all(body)?));
        assert!(written.is_ok());
        out.finish().map(Cursor::into_inner).unwrap_or_default()
    }

    fn unpack(bytes: &[u8], path: &str) -> Result<Option<Vec<u8>>, String> {
        unpack_limited(bytes, path, MAX_PART_BYTES)
    }

    fn unpack_limited(bytes: &[u8], path: &str, limit: u64) -> Result<Option<Vec<u8>>, String> {
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
        let Some(mut part) = open_limited(archive, path, limit)? else { return Ok(None) };
        let mut out = Vec::new();
        part.read_to_end(&mut out).map_err(|e| message(&e).unwrap_or_else(|| e.to_string()))?;
        Ok(Some(out))
    }

    #[test]
    fn stored_and_deflated_parts_unpack() {
        let body = "<x>乐至</x>".repeat(1000);
        for method in [CompressionMethod::Stored, CompressionMethod::Deflated] {
            let bytes = zipped(method, body.as_bytes());
            assert_eq!(unpack(&bytes, "a.xml"), Ok(Some(body.clone().into_bytes())), "{method}");
            assert_eq!(unpack(&bytes, "b.xml"), Ok(None));
        }
    }

    #[test]
    fn the_bytes_are_counted_as_they_are_unpacked() {
        let bytes = zipped(CompressionMethod::Deflated, &[b'x'; 10_000]);
        assert_eq!(unpack_limited(&bytes, "a.xml", 10_000).map(|p| p.map(|b| b.len())), Ok(Some(10_000)));
        let over = unpack_limited(&bytes, "a.xml", 9_999);
        assert_eq!(over, Err(too_large("a.xml")));
        assert!(too_large("a.xml").contains("a.xml unpacks to more than 256 MB"));
    }

    #[test]
    fn a_damaged_part_is_a_sentence() {
        let mut bytes = zipped(CompressionMethod::Stored, b"<x>abc</x>");
        // The stored body, changed after its CRC was written.
        let at = bytes.windows(3).position(|w| w == b"abc").unwrap_or(0);
        if let Some(b) = bytes.get_mut(at) {
            *b = b'Z';
        }
        let got = unpack(&bytes, "a.xml");
        assert!(got.as_ref().is_err_and(|e| e.contains("a.xml") && e.contains("checksum")), "{got:?}");
    }
}
