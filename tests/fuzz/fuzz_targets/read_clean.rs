//! Arbitrary bytes as an input file of any format scour reads, through
//! reading, decoding and every per-document stage: no panic, and every
//! line of every document points inside its decoded text.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use scour::read::Item;
use scour::run::Cleaner;

/// Built once: compiling the rule library takes far longer than a run.
fn cleaner() -> &'static Cleaner {
    static CLEANER: OnceLock<Cleaner> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut config = scour::Config::default();
        // Small limits keep each run fast; the limits' own paths get exercised.
        config.read.max_decompressed_bytes = 1 << 20;
        config.read.max_document_bytes = 1 << 18;
        Cleaner::new(&config).expect("the config is valid")
    })
}

/// The first byte of the input picks the file name, and so the reader.
const NAMES: [&str; 12] = [
    "page.txt",
    "page.md",
    "feed.jsonl",
    "records.json",
    "rows.csv",
    "rows.tsv",
    "table.parquet",
    "crawl.warc.wet",
    "page.txt.gz",
    "feed.jsonl.zst",
    "crawl.warc.wet.gz",
    "rows.csv.zst",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[pick as usize % NAMES.len()];
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("the input file is written");
    for item in cleaner().clean_file(&path, name) {
        let Item::Doc(doc) = item else { continue };
        // Normalize takes the raw text; its length stays.
        let chars = doc.raw_chars;
        for block in &doc.blocks {
            assert!(block.raw_start <= block.raw_end && block.raw_end <= chars);
        }
        for section in &doc.sections {
            for &b in section.heading_blocks.iter().chain(&section.body_blocks) {
                assert!(b < doc.blocks.len() && doc.blocks[b].is_kept());
            }
        }
    }
});
