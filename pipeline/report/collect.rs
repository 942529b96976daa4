//! Bounded accumulators. Each holds a fixed number of counters whatever the
//! size of the corpus, so the report never grows with the data it describes.

use std::collections::{BTreeMap, HashMap};

/// Counts per bin of a histogram whose bins are fixed in advance.
#[derive(Debug, Clone)]
pub struct Bins {
    counts: Vec<u64>,
}

impl Bins {
    /// A histogram of `n` empty bins.
    pub fn new(n: usize) -> Bins {
        Bins { counts: vec![0; n] }
    }

    /// Counts one value in bin `i` (clamped to the last bin).
    pub fn add(&mut self, i: usize) {
        let last = self.counts.len() - 1;
        self.counts[i.min(last)] += 1;
    }

    /// The counts, bin by bin.
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }
}

/// Bins of the kept-share histogram: 20 of 5% over 0–1.
pub const SHARE_BINS: usize = 20;

/// The share bin of `kept` characters out of `raw`. Integer arithmetic, so
/// a share of exactly 15% lands in the 15–20% bin and not, by rounding, in
/// the one below. A share of 1 or more goes in the last bin.
pub fn share_bin(kept: u64, raw: u64) -> usize {
    let bin = u128::from(kept) * SHARE_BINS as u128 / u128::from(raw.max(1));
    (bin as usize).min(SHARE_BINS - 1)
}

/// Lower edges of the length bins: 0, then the E3 series (1, 2.2, 4.7
/// times each power of ten). Lengths of web text span six orders of
/// magnitude, so the bins are log-spaced, and E3 spaces them nearly
/// equally: the 1, 2, 5 series would make every 2–5 bin a third wider than
/// its neighbours and draw a sawtooth into smooth data. Lengths are whole
/// numbers, so below 10 the edges 3 and 5 hold exactly what 2.2 and 4.7
/// would. The last bin (470M and more) is open.
#[rustfmt::skip]
pub const LENGTH_EDGES: [u64; 28] = [
    0,
    1, 3, 5,
    10, 22, 47,
    100, 220, 470,
    1_000, 2_200, 4_700,
    10_000, 22_000, 47_000,
    100_000, 220_000, 470_000,
    1_000_000, 2_200_000, 4_700_000,
    10_000_000, 22_000_000, 47_000_000,
    100_000_000, 220_000_000, 470_000_000,
];

/// The length bin of `len`.
pub fn length_bin(len: u64) -> usize {
    // LENGTH_EDGES[0] is 0, so at least one edge is <= len.
    LENGTH_EDGES.partition_point(|&e| e <= len) - 1
}

/// Labels of the cluster-size buckets, and the smallest size of each.
pub const CLUSTER_BUCKETS: [(&str, u64); 6] = [
    ("2", 2),
    ("3", 3),
    ("4", 4),
    ("5–9", 5),
    ("10–99", 10),
    ("100+", 100),
];

/// The bucket of a near-duplicate cluster of `size` documents (`size` ≥ 2).
pub fn cluster_bin(size: u64) -> usize {
    CLUSTER_BUCKETS
        .partition_point(|&(_, low)| low <= size)
        .saturating_sub(1)
}

/// Label under which values beyond a [`Tally`]'s capacity are counted.
pub const OTHER: &str = "other";

/// Counts per category (language, error kind...), for at most `cap`
/// distinct categories; later newcomers are counted together as
/// [`OTHER`]. A BTreeMap, so that iteration order never depends on hashing.
#[derive(Debug, Clone)]
pub struct Tally {
    cap: usize,
    counts: BTreeMap<String, u64>,
    overflow: u64,
}

impl Tally {
    /// An empty tally of at most `cap` categories.
    pub fn new(cap: usize) -> Tally {
        Tally {
            cap,
            counts: BTreeMap::new(),
            overflow: 0,
        }
    }

    /// Counts one occurrence of `key`.
    pub fn add(&mut self, key: &str) {
        if let Some(n) = self.counts.get_mut(key) {
            *n += 1;
        } else if self.counts.len() < self.cap {
            self.counts.insert(key.to_string(), 1);
        } else {
            self.overflow += 1;
        }
    }

    /// The categories, most frequent first (ties by name), then the
    /// overflow as [`OTHER`] if there was any.
    pub fn sorted(&self) -> Vec<(String, u64)> {
        let mut out: Vec<(String, u64)> =
            self.counts.iter().map(|(k, &n)| (k.clone(), n)).collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        if self.overflow > 0 {
            out.push((OTHER.to_string(), self.overflow));
        }
        out
    }

    /// Total of all counts.
    pub fn total(&self) -> u64 {
        self.counts.values().sum::<u64>() + self.overflow
    }
}

/// Lines are told apart by their first this many characters: long enough
/// to recognise a line, short enough to bound the memory of a counter.
pub const LINE_CHARS: usize = 200;

/// `s` cut to at most `max` characters, with an ellipsis when cut.
pub fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}

/// One counter of [`TopLines`].
#[derive(Debug, Clone)]
struct Slot {
    line: String,
    count: u64,
    /// What the slot counted for the line it replaced: `count` overstates
    /// the line's true count by at most this much.
    error: u64,
}

/// The most frequent lines of a stream, by the Space-Saving algorithm
/// (Metwally et al., 2005): `cap` counters; a new line takes over the
/// smallest counter. Any line seen more than total/`cap` times is kept,
/// and its count is exact as long as no counter was ever taken over.
#[derive(Debug, Clone)]
pub struct TopLines {
    cap: usize,
    slots: Vec<Slot>,
    index: HashMap<String, usize>,
}

/// One line of [`TopLines::top`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineCount {
    /// The line, cut to [`LINE_CHARS`] characters.
    pub line: String,
    /// How many times it was seen (an upper bound when `approximate`).
    pub count: u64,
    /// Whether `count` may overstate the true count.
    pub approximate: bool,
}

impl TopLines {
    /// An empty counter of at most `cap` lines.
    pub fn new(cap: usize) -> TopLines {
        TopLines {
            cap: cap.max(1),
            slots: Vec::new(),
            index: HashMap::new(),
        }
    }

    /// Counts one occurrence of `line`.
    pub fn add(&mut self, line: &str) {
        let line = truncate(line, LINE_CHARS);
        if let Some(&i) = self.index.get(&line) {
            self.slots[i].count += 1;
            return;
        }
        if self.slots.len() < self.cap {
            self.index.insert(line.clone(), self.slots.len());
            self.slots.push(Slot {
                line,
                count: 1,
                error: 0,
            });
            return;
        }
        // The first smallest counter: slot order follows the input, so the
        // choice, and with it the output, is deterministic. The HashMap is
        // only ever looked up, never iterated.
        let (i, _) = self
            .slots
            .iter()
            .enumerate()
            .min_by_key(|(_, s)| s.count)
            .expect("cap is at least 1");
        let slot = &mut self.slots[i];
        self.index.remove(&slot.line);
        self.index.insert(line.clone(), i);
        slot.line = line;
        slot.error = slot.count;
        slot.count += 1;
    }

    /// The `n` most frequent lines, by count then text.
    pub fn top(&self, n: usize) -> Vec<LineCount> {
        let mut slots: Vec<&Slot> = self.slots.iter().collect();
        slots.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.line.cmp(&b.line)));
        slots
            .into_iter()
            .take(n)
            .map(|s| LineCount {
                line: s.line.clone(),
                count: s.count,
                approximate: s.error > 0,
            })
            .collect()
    }
}

/// What the rows of `removed` say about one reason.
#[derive(Debug, Clone)]
pub struct ReasonStats {
    /// Family of the rule, as its first row gave it.
    pub kind: String,
    /// Rows of `removed`.
    pub rows: u64,
    /// Characters removed.
    pub chars: u64,
    /// Its most frequent removed lines.
    pub lines: TopLines,
}
