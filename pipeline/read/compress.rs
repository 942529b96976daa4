//! Compressed inputs: gzip and zstd, recognised by their magic bytes (not
//! only the file name), decompressed as a stream with a size limit so that
//! a decompression bomb stops with an error instead of filling memory.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

/// How a file is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Not compressed.
    None,
    /// gzip (RFC 1952), possibly several members.
    Gzip,
    /// Zstandard.
    Zstd,
}

impl Compression {
    /// Recognises the compression from the first bytes of a file.
    pub fn sniff(head: &[u8]) -> Compression {
        match head {
            [0x1f, 0x8b, ..] => Compression::Gzip,
            [0x28, 0xb5, 0x2f, 0xfd, ..] => Compression::Zstd,
            _ => Compression::None,
        }
    }
}

/// The file name without a compression suffix: `a.jsonl.gz` → `a.jsonl`.
pub fn inner_name(name: &str) -> &str {
    for suffix in [".gz", ".gzip", ".zst", ".zstd"] {
        if name.len() > suffix.len() && name.to_ascii_lowercase().ends_with(suffix) {
            return &name[..name.len() - suffix.len()];
        }
    }
    name
}

/// A reader that fails once more than `limit` bytes came out of it.
struct Limited<R> {
    inner: R,
    left: u64,
    limit: u64,
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.left {
            return Err(io::Error::other(format!(
                "decompressed data exceeds the limit of {} bytes (read.max_decompressed_bytes)",
                self.limit
            )));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// Opens `path`, decompressing it when its bytes say it is compressed.
/// Returns the reader and the compression found.
pub fn open(path: &Path, limit: u64) -> io::Result<(Box<dyn BufRead + Send>, Compression)> {
    open_reader(Box::new(File::open(path)?), limit)
}

/// [`open`] for bytes from anywhere (a file's bytes handed over by an
/// engine, say).
pub fn open_reader(
    inner: Box<dyn Read + Send>,
    limit: u64,
) -> io::Result<(Box<dyn BufRead + Send>, Compression)> {
    let mut file = BufReader::with_capacity(1 << 16, inner);
    let compression = Compression::sniff(file.fill_buf()?);
    let reader: Box<dyn Read + Send> = match compression {
        Compression::None => return Ok((Box::new(file), compression)),
        Compression::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(file)),
        Compression::Zstd => Box::new(zstd::stream::read::Decoder::with_buffer(file)?),
    };
    let limited = Limited {
        inner: reader,
        left: limit,
        limit,
    };
    Ok((
        Box::new(BufReader::with_capacity(1 << 16, limited)),
        compression,
    ))
}

/// Reads a whole input (decompressed) up to `max` bytes; a longer one is an
/// error that says so rather than an out-of-memory.
pub fn read_all(reader: &mut dyn Read, max: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!(
                "larger than the limit of {max} bytes for one document (read.max_document_bytes)"
            ),
        ));
    }
    Ok(bytes)
}
