//! Signatures of documents by ordinal: in memory up to a set number, then
//! appended to a file on disk and read back by position when a candidate
//! pair needs them (rarely: only documents that share a band).

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use crate::error::{Result, ScourError};

/// Fixed-width signatures of 16-bit values, one per document ordinal.
pub struct SignatureStore {
    width: usize,
    limit: usize,
    /// Signatures `on_disk..` (flat).
    memory: Vec<u16>,
    on_disk: usize,
    disk: Option<Disk>,
}

struct Disk {
    _dir: tempfile::TempDir,
    path: PathBuf,
    writer: BufWriter<File>,
    reader: File,
}

impl SignatureStore {
    /// A store of `width` values a signature that keeps at most `limit`
    /// signatures in memory (at least one).
    pub fn new(width: usize, limit: usize) -> Self {
        SignatureStore {
            width,
            limit: limit.max(1),
            memory: Vec::new(),
            on_disk: 0,
            disk: None,
        }
    }

    /// Appends the next signature.
    pub fn push(&mut self, values: &[u16]) -> Result<()> {
        debug_assert_eq!(values.len(), self.width);
        self.memory.extend_from_slice(values);
        if self.memory.len() >= self.limit * self.width {
            self.spill()?;
        }
        Ok(())
    }

    /// The signature at `ordinal`.
    pub fn get(&mut self, ordinal: usize) -> Result<Vec<u16>> {
        if ordinal >= self.on_disk {
            let at = (ordinal - self.on_disk) * self.width;
            return Ok(self.memory[at..at + self.width].to_vec());
        }
        let disk = self
            .disk
            .as_mut()
            .expect("signatures before on_disk are on disk");
        let mut bytes = vec![0u8; self.width * 2];
        let err = |source| ScourError::Spill {
            path: disk.path.clone(),
            source,
        };
        disk.writer.flush().map_err(err)?;
        let err = |source| ScourError::Spill {
            path: disk.path.clone(),
            source,
        };
        disk.reader
            .seek(SeekFrom::Start((ordinal * self.width * 2) as u64))
            .and_then(|_| disk.reader.read_exact(&mut bytes))
            .map_err(err)?;
        Ok(bytes
            .chunks_exact(2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .collect())
    }

    /// Signatures written to disk so far.
    pub fn spilled(&self) -> u64 {
        self.on_disk as u64
    }

    fn spill(&mut self) -> Result<()> {
        if self.disk.is_none() {
            let tmp = std::env::temp_dir();
            let dir = tempfile::Builder::new()
                .prefix("scour-spill-")
                .tempdir()
                .map_err(|source| ScourError::Spill { path: tmp, source })?;
            let path = dir.path().join("signatures");
            let err = |source| ScourError::Spill {
                path: path.clone(),
                source,
            };
            let writer = BufWriter::new(File::create(&path).map_err(err)?);
            let reader = File::open(&path).map_err(err)?;
            self.disk = Some(Disk {
                _dir: dir,
                path,
                writer,
                reader,
            });
        }
        let disk = self.disk.as_mut().expect("made above");
        let bytes: Vec<u8> = self.memory.iter().flat_map(|v| v.to_le_bytes()).collect();
        disk.writer
            .write_all(&bytes)
            .map_err(|source| ScourError::Spill {
                path: disk.path.clone(),
                source,
            })?;
        self.on_disk += self.memory.len() / self.width;
        self.memory.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_it_spilled() {
        let mut store = SignatureStore::new(3, 2);
        for i in 0..10u16 {
            store.push(&[i, i + 1, i + 2]).unwrap();
        }
        assert_eq!(store.spilled(), 10);
        store.push(&[7, 7, 7]).unwrap();
        for i in [0u16, 9, 4] {
            assert_eq!(store.get(i as usize).unwrap(), [i, i + 1, i + 2]);
        }
        assert_eq!(store.get(10).unwrap(), [7, 7, 7]);
    }
}
