//! A first-wins map from 128-bit hashes to small fixed-size values that
//! keeps at most a set number of entries in memory. When memory is full,
//! its entries are written to disk as a run sorted by key; a lookup then
//! checks memory, and each run through its Bloom filter and a sparse index
//! of its keys (one key in 64 in memory), reading one block of the run when
//! the filter says the key may be there. Too many runs are merged into one.
//!
//! The answers are exactly those of an in-memory map, so the output does
//! not depend on the budget. What stays in memory per spilled entry: about
//! 1.25 bytes of Bloom filter (10 bits, 7 probes: 1% of misses read a block)
//! and a quarter byte of index.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::error::{Result, ScourError};

/// A value stored in a fixed number of bytes.
pub trait FixedValue: Copy {
    /// Bytes of one value on disk.
    const SIZE: usize;
    /// Appends the value's bytes.
    fn put(&self, out: &mut Vec<u8>);
    /// The value back from `SIZE` bytes.
    fn take(bytes: &[u8]) -> Self;
}

impl FixedValue for (u64, u32) {
    const SIZE: usize = 12;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0.to_le_bytes());
        out.extend_from_slice(&self.1.to_le_bytes());
    }
    fn take(bytes: &[u8]) -> Self {
        let a = u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes"));
        let b = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes"));
        (a, b)
    }
}

impl FixedValue for (u32, u32) {
    const SIZE: usize = 8;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0.to_le_bytes());
        out.extend_from_slice(&self.1.to_le_bytes());
    }
    fn take(bytes: &[u8]) -> Self {
        let a = u32::from_le_bytes(bytes[..4].try_into().expect("4 bytes"));
        let b = u32::from_le_bytes(bytes[4..8].try_into().expect("4 bytes"));
        (a, b)
    }
}

impl FixedValue for u32 {
    const SIZE: usize = 4;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn take(bytes: &[u8]) -> Self {
        u32::from_le_bytes(bytes[..4].try_into().expect("4 bytes"))
    }
}

/// Entries per block of a run: one index key per block, one block read per
/// lookup that passes the Bloom filter.
const BLOCK: usize = 64;
/// Runs kept apart before they are merged into one.
const MAX_RUNS: usize = 8;

/// Tables the in-memory entries are spread over.
const SHARDS: usize = 16;

/// The shard of `key`: its top bits (keys are hashes, evenly spread).
fn shard(key: u128) -> usize {
    (key >> (128 - SHARDS.trailing_zeros())) as usize
}

/// A key as two halves: 8-byte aligned where a `u128` is 16-byte aligned,
/// so that an entry with a value of 8 bytes takes 24 bytes, not 32.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Key {
    high: u64,
    low: u64,
}

impl From<u128> for Key {
    fn from(key: u128) -> Key {
        Key {
            high: (key >> 64) as u64,
            low: key as u64,
        }
    }
}

impl From<Key> for u128 {
    fn from(key: Key) -> u128 {
        (u128::from(key.high) << 64) | u128::from(key.low)
    }
}

impl std::hash::Hash for Key {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Keys are hashes already; the low half is not the shard's bits.
        state.write_u64(self.low);
    }
}

/// Hands a key's own bits to the table: hashing a hash again buys nothing.
#[derive(Default)]
struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used; any other input is folded in.
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// One shard's table.
type Table<V> = HashMap<Key, V, std::hash::BuildHasherDefault<PassThrough>>;

/// The array of an empty table's first allocation, about.
const MIN_TABLE_BYTES: u64 = 256;

/// Bytes of a table's array: its slots (a power of two, of which 7/8 are
/// usable once past 8) of an entry and a control byte each.
fn table_bytes<V>(table: &Table<V>) -> u64 {
    let capacity = table.capacity();
    if capacity == 0 {
        return 0;
    }
    let slots = if capacity < 8 {
        capacity + 1
    } else {
        (capacity * 8 / 7).next_power_of_two()
    };
    (slots * (std::mem::size_of::<(Key, V)>() + 1)) as u64
}

/// The map; see the module documentation.
pub struct SpillMap<V> {
    /// Entries in memory, in `SHARDS` tables by the key's top bits. A hash
    /// table grows by doubling, and holds its old and new arrays at once
    /// while it moves the entries over: one table of all entries took half
    /// as much again as itself at that moment, which set the run's peak
    /// memory on a large corpus. A shard moves a sixteenth at a time.
    memory: Vec<Table<V>>,
    /// Entries in memory, over all shards.
    held: usize,
    /// Bytes the tables' arrays take, over all shards.
    bytes: u64,
    /// Bytes the tables may take: a table about to double past it spills
    /// the map first.
    budget: u64,
    runs: Vec<Run>,
    dir: Option<tempfile::TempDir>,
    files_made: usize,
}

impl<V: FixedValue> SpillMap<V> {
    /// A map whose tables take at most `budget` bytes (a hash table's
    /// array doubles when full, so the entries that fit depend on the
    /// moment: between 7/16 and 7/8 of the slots); it spills rather than
    /// grow past it.
    pub fn new(budget: u64) -> Self {
        SpillMap {
            memory: (0..SHARDS).map(|_| Table::default()).collect(),
            held: 0,
            bytes: 0,
            budget,
            runs: Vec::new(),
            dir: None,
            files_made: 0,
        }
    }

    /// The value stored for `key`, if any.
    pub fn get(&mut self, key: u128) -> Result<Option<V>> {
        if let Some(v) = self.memory[shard(key)].get(&Key::from(key)) {
            return Ok(Some(*v));
        }
        for run in &mut self.runs {
            if let Some(bytes) = run.find(key)? {
                return Ok(Some(V::take(&bytes)));
            }
        }
        Ok(None)
    }

    /// Stores `value` for `key`, which must not be stored yet (check with
    /// `get`: the first value wins).
    pub fn insert(&mut self, key: u128, value: V) -> Result<()> {
        let at = shard(key);
        let mut before = table_bytes(&self.memory[at]);
        // A full table doubles on this entry: its array grows by its own
        // size (the minimum for an empty one).
        let full = self.memory[at].len() == self.memory[at].capacity();
        if full && self.held > 0 && self.bytes + before.max(MIN_TABLE_BYTES) > self.budget {
            self.spill()?;
            // Spilling empties every table.
            before = 0;
        }
        let table = &mut self.memory[at];
        if table.insert(Key::from(key), value).is_none() {
            self.held += 1;
        }
        self.bytes = self.bytes - before + table_bytes(table);
        Ok(())
    }

    /// Runs on disk now.
    pub fn runs(&self) -> usize {
        self.runs.len()
    }

    /// Entries stored, in memory and on disk.
    pub fn len(&self) -> u64 {
        self.held as u64 + self.runs.iter().map(|r| r.entries).sum::<u64>()
    }

    /// Whether nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Run files written so far, merged ones included.
    pub fn files_written(&self) -> u64 {
        self.files_made as u64
    }

    /// Writes memory out as a sorted run, merging the runs when there are
    /// too many. Shards hold key ranges in order, so the run is written a
    /// shard at a time, each sorted on its own and its table freed: at no
    /// moment is memory held twice over.
    fn spill(&mut self) -> Result<()> {
        let path = self.next_path()?;
        let mut writer = RunWriter::create(path, self.held)?;
        let mut bytes = Vec::with_capacity(V::SIZE);
        for shard in &mut self.memory {
            let mut entries: Vec<(u128, V)> = std::mem::take(shard)
                .into_iter()
                .map(|(key, value)| (key.into(), value))
                .collect();
            entries.sort_unstable_by_key(|e| e.0);
            for (key, value) in entries {
                bytes.clear();
                value.put(&mut bytes);
                writer.push(key, &bytes)?;
            }
        }
        self.held = 0;
        self.bytes = 0;
        self.runs.push(writer.finish()?);
        if self.runs.len() > MAX_RUNS {
            self.merge()?;
        }
        Ok(())
    }

    /// Merges every run into one (keys are unique across runs).
    fn merge(&mut self) -> Result<()> {
        let total: u64 = self.runs.iter().map(|r| r.entries).sum();
        let path = self.next_path()?;
        let mut writer = RunWriter::create(path, total as usize)?;
        let mut readers = Vec::new();
        for run in &self.runs {
            let file = File::open(&run.path).map_err(spill_err(&run.path))?;
            readers.push((BufReader::new(file), run.entries, run.path.clone()));
        }
        let entry = 16 + V::SIZE;
        let mut heap = BinaryHeap::new();
        let mut buf = vec![0u8; entry];
        let mut next = |i: usize, readers: &mut Vec<(BufReader<File>, u64, PathBuf)>| {
            let (reader, left, path) = &mut readers[i];
            if *left == 0 {
                return Ok(None);
            }
            *left -= 1;
            reader.read_exact(&mut buf).map_err(spill_err(path))?;
            let key = u128::from_le_bytes(buf[..16].try_into().expect("16 bytes"));
            Ok::<_, ScourError>(Some((key, buf[16..].to_vec())))
        };
        for i in 0..readers.len() {
            if let Some((key, value)) = next(i, &mut readers)? {
                heap.push(Reverse((key, i, value)));
            }
        }
        while let Some(Reverse((key, i, value))) = heap.pop() {
            writer.push(key, &value)?;
            if let Some((key, value)) = next(i, &mut readers)? {
                heap.push(Reverse((key, i, value)));
            }
        }
        let merged = writer.finish()?;
        for run in self.runs.drain(..) {
            // A leftover file goes with the temporary folder at the end.
            let _ = std::fs::remove_file(&run.path);
        }
        self.runs.push(merged);
        Ok(())
    }

    fn next_path(&mut self) -> Result<PathBuf> {
        if self.dir.is_none() {
            let dir = tempfile::Builder::new()
                .prefix("scour-spill-")
                .tempdir()
                .map_err(spill_err(&std::env::temp_dir()))?;
            self.dir = Some(dir);
        }
        self.files_made += 1;
        let dir = self.dir.as_ref().expect("made above");
        Ok(dir.path().join(format!("run-{:05}", self.files_made)))
    }
}

fn spill_err(path: &Path) -> impl FnOnce(std::io::Error) -> ScourError + '_ {
    move |source| ScourError::Spill {
        path: path.to_path_buf(),
        source,
    }
}

/// A sorted run on disk, with what is kept of it in memory.
struct Run {
    path: PathBuf,
    file: File,
    entries: u64,
    value_size: usize,
    /// The first key of each block.
    index: Vec<u128>,
    bloom: Bloom,
}

impl Run {
    /// The value bytes stored for `key` in this run, if any.
    fn find(&mut self, key: u128) -> Result<Option<Vec<u8>>> {
        if !self.bloom.may_contain(key) {
            return Ok(None);
        }
        let block = match self.index.partition_point(|&k| k <= key) {
            0 => return Ok(None),
            n => n - 1,
        };
        let entry = 16 + self.value_size;
        let first = block * BLOCK;
        let count = BLOCK.min(self.entries as usize - first);
        let mut buf = vec![0u8; count * entry];
        self.file
            .seek(SeekFrom::Start((first * entry) as u64))
            .and_then(|_| self.file.read_exact(&mut buf))
            .map_err(spill_err(&self.path))?;
        let key_at = |i: usize| {
            u128::from_le_bytes(buf[i * entry..i * entry + 16].try_into().expect("16 bytes"))
        };
        let (mut lo, mut hi) = (0, count);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match key_at(mid).cmp(&key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    return Ok(Some(buf[mid * entry + 16..(mid + 1) * entry].to_vec()));
                }
            }
        }
        Ok(None)
    }
}

/// Writes a run from entries given in key order.
struct RunWriter {
    path: PathBuf,
    out: BufWriter<File>,
    entries: u64,
    value_size: usize,
    index: Vec<u128>,
    bloom: Bloom,
}

impl RunWriter {
    fn create(path: PathBuf, expected: usize) -> Result<Self> {
        let file = File::create(&path).map_err(spill_err(&path))?;
        Ok(RunWriter {
            out: BufWriter::new(file),
            path,
            entries: 0,
            value_size: 0,
            index: Vec::new(),
            bloom: Bloom::new(expected),
        })
    }

    fn push(&mut self, key: u128, value: &[u8]) -> Result<()> {
        if (self.entries as usize).is_multiple_of(BLOCK) {
            self.index.push(key);
        }
        self.value_size = value.len();
        self.bloom.add(key);
        self.out
            .write_all(&key.to_le_bytes())
            .and_then(|_| self.out.write_all(value))
            .map_err(spill_err(&self.path))?;
        self.entries += 1;
        Ok(())
    }

    fn finish(self) -> Result<Run> {
        let path = self.path;
        self.out
            .into_inner()
            .map_err(|e| spill_err(&path)(e.into_error()))?;
        let file = File::open(&path).map_err(spill_err(&path))?;
        Ok(Run {
            file,
            entries: self.entries,
            value_size: self.value_size,
            index: self.index,
            bloom: self.bloom,
            path,
        })
    }
}

/// A Bloom filter over 128-bit hashes: 10 bits per entry and 7 probes,
/// derived from the key's two halves (Kirsch & Mitzenmacher 2006).
struct Bloom {
    bits: Vec<u64>,
}

const BLOOM_PROBES: u64 = 7;

impl Bloom {
    fn new(entries: usize) -> Self {
        let words = (entries * 10).div_ceil(64).max(1);
        Bloom {
            bits: vec![0; words],
        }
    }

    fn probes(&self, key: u128) -> impl Iterator<Item = usize> + use<> {
        let n = self.bits.len() as u64 * 64;
        let (h1, h2) = (key as u64, (key >> 64) as u64 | 1);
        (0..BLOOM_PROBES).map(move |i| (h1.wrapping_add(i.wrapping_mul(h2)) % n) as usize)
    }

    fn add(&mut self, key: u128) {
        for bit in self.probes(key) {
            self.bits[bit / 64] |= 1 << (bit % 64);
        }
    }

    fn may_contain(&self, key: u128) -> bool {
        self.probes(key)
            .all(|bit| self.bits[bit / 64] & (1 << (bit % 64)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxhash_rust::xxh3::xxh3_128;

    #[test]
    fn answers_like_a_map_through_spills_and_merges() {
        // Room for a few hundred entries: it spills, and merges its runs.
        let mut map: SpillMap<(u64, u32)> = SpillMap::new(16 * 1024);
        let mut reference = HashMap::new();
        for i in 0..1000u64 {
            // Every third key repeats an earlier one: first wins.
            let key = xxh3_128(&(if i % 3 == 0 { i / 2 } else { i }).to_le_bytes());
            let found = map.get(key).unwrap();
            assert_eq!(found, reference.get(&key).copied(), "key {i}");
            if found.is_none() {
                map.insert(key, (i, i as u32)).unwrap();
                reference.insert(key, (i, i as u32));
            }
        }
        assert!(map.runs() >= 1 && map.runs() <= MAX_RUNS + 1);
        for (key, value) in &reference {
            assert_eq!(map.get(*key).unwrap(), Some(*value));
        }
        assert_eq!(map.get(xxh3_128(b"never")).unwrap(), None);
    }
}
