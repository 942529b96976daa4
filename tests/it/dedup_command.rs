//! `scour dedup`: every repeated line listed with its first occurrence and
//! its span in the input, every record accounted for, the same keys and
//! numbering as a run, and the same output for any thread count or memory
//! budget.

use std::path::Path;

use crate::common::{Output, fixtures, options, read_csv, run};

const P1: &str = "The ferry to the island leaves every morning at seven from the north pier.";
const P2: &str = "Tickets can be bought on board, and children under six travel for free.";
const P3: &str = "长江大桥今日起封闭维修,预计工期三个月,过江车辆请绕行二桥和三桥通行。";

fn dedup(input: &Path, threads: usize, config: scour::Config) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let manifest = scour::spans::dedup(&options(input, dir.path(), threads, config)).unwrap();
    Output { dir, manifest }
}

/// a.txt repeats P1 inside itself; b.jsonl repeats P2 (in other case and
/// punctuation) from a.txt, then P3 from its own first record; "No" repeats
/// but is too short to count; one record of b.jsonl is not JSON.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let a = format!("{P1}\n\nNo\n  {P1}  \r\nNo\n{P2}\n");
    std::fs::write(dir.path().join("a.txt"), a).unwrap();
    let shouted = P2.to_uppercase().replace(',', " -");
    let b = [
        serde_json::json!({"id": "1", "text": format!("Ferries\n{shouted}\n{P3}")}).to_string(),
        "{not json".to_string(),
        serde_json::json!({"id": "3", "text": format!("头条\n\n{P3}")}).to_string(),
    ];
    std::fs::write(dir.path().join("b.jsonl"), b.join("\n") + "\n").unwrap();
    dir
}

/// The text of `source`'s record `record` as the input holds it.
fn input_text(dir: &Path, source: &str, record: &str) -> String {
    let raw = std::fs::read_to_string(dir.join(source)).unwrap();
    match source.ends_with(".jsonl") {
        false => raw,
        true => {
            let line = raw
                .lines()
                .nth(record.parse::<usize>().unwrap() - 1)
                .unwrap();
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            value["text"].as_str().unwrap().to_string()
        }
    }
}

#[test]
fn repeats_are_listed_with_their_first_occurrence_and_span() {
    let input = corpus();
    let out = dedup(input.path(), 1, scour::Config::default());
    let rows = out.table("duplicates");
    let got: Vec<_> = rows
        .iter()
        .map(|r| {
            let first = out
                .table("records")
                .into_iter()
                .find(|d| d["doc_id"] == r["first_doc_id"])
                .unwrap();
            (
                format!("{}:{}#{}", r["source"], r["record"], r["block_idx"]),
                format!(
                    "{}:{}#{}",
                    first["source"], first["record"], r["first_block_idx"]
                ),
                r["reason"].as_str(),
            )
        })
        .collect();
    let want = [
        ("a.txt:1#2", "a.txt:1#0", "dedup.paragraph_in_document"),
        ("b.jsonl:1#1", "a.txt:1#4", "dedup.paragraph_corpus"),
        ("b.jsonl:3#1", "b.jsonl:1#2", "dedup.paragraph_corpus"),
    ]
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c));
    assert_eq!(got, want);

    // The span cuts exactly the repeated line out of the input text.
    for r in &rows {
        let text = input_text(input.path(), &r["source"], &r["record"]);
        let chars: Vec<char> = text.chars().collect();
        let (start, end) = (
            r["char_start"].parse().unwrap(),
            r["char_end"].parse().unwrap(),
        );
        let span: String = chars[start..end].iter().collect();
        assert!(
            [P1, P3].contains(&span.trim()) || span.contains("TICKETS"),
            "{span:?}"
        );
    }
}

#[test]
fn every_record_is_accounted_for() {
    let input = corpus();
    let out = dedup(input.path(), 2, scour::Config::default());
    let c = &out.manifest.counts;
    assert_eq!((c.records, c.documents, c.record_errors), (4, 3, 1));
    let records = out.table("records");
    assert_eq!(records.len(), 3);
    let lines: u64 = records
        .iter()
        .map(|r| r["lines"].parse::<u64>().unwrap())
        .sum();
    let repeated: u64 = records
        .iter()
        .map(|r| r["duplicate_lines"].parse::<u64>().unwrap())
        .sum();
    assert_eq!((lines, c.blocks), (10, 10));
    assert_eq!((repeated, c.blocks_removed), (3, 3));
    let errors = out.table("errors");
    assert_eq!(
        (errors[0]["source"].as_str(), errors[0]["record"].as_str()),
        ("b.jsonl", "2")
    );
}

#[test]
fn the_minimum_length_and_the_switches_are_honored() {
    let input = corpus();
    let mut config = scour::Config::default();
    config.dedup.min_paragraph_bytes = 1;
    let short = dedup(input.path(), 1, config.clone());
    let sources: Vec<_> = short
        .table("duplicates")
        .into_iter()
        .map(|r| r["block_idx"].clone())
        .collect();
    assert_eq!(sources.len(), 4, "{sources:?}: 'No' repeats too");

    config.dedup.min_paragraph_bytes = 60;
    config.dedup.across_corpus = false;
    let within = dedup(input.path(), 1, config.clone());
    let reasons: Vec<_> = within
        .table("duplicates")
        .into_iter()
        .map(|r| r["reason"].clone())
        .collect();
    assert_eq!(reasons, ["dedup.paragraph_in_document"]);

    config.dedup.across_corpus = true;
    config.dedup.within_document = false;
    let across = dedup(input.path(), 1, config);
    let reasons: Vec<_> = across
        .table("duplicates")
        .into_iter()
        .map(|r| r["reason"].clone())
        .collect();
    assert_eq!(reasons, ["dedup.paragraph_corpus"; 2]);
}

#[test]
fn keys_and_numbering_are_a_runs() {
    let site = fixtures("site");
    let marked = dedup(&site, 2, scour::Config::default());
    let ran = run(&site, 2);
    let paragraphs = ran.table("paragraphs");
    let rows = marked.table("duplicates");
    let mut compared = 0;
    for r in &rows {
        // The run keeps the first occurrence unless cleaning removed it.
        if let Some(p) = paragraphs
            .iter()
            .find(|p| p["doc_id"] == r["first_doc_id"] && p["block_idx"] == r["first_block_idx"])
        {
            assert_eq!(p["hash"], r["hash"], "{r:?}");
            compared += 1;
        }
    }
    assert!(
        compared > 0,
        "no first occurrence among the run's paragraphs"
    );
}

#[test]
fn the_output_does_not_depend_on_threads_or_the_memory_budget() {
    let input = corpus();
    // Each table file's hash, by name; `ext` picks the format.
    let files = |out: &Output, ext: &str| -> Vec<(String, u128)> {
        scour::write::schema::DEDUP_TABLES
            .iter()
            .map(|t| format!("{t}.{ext}"))
            .map(|f| {
                let bytes = std::fs::read(out.dir.path().join(&f)).unwrap();
                (f, xxhash_rust::xxh3::xxh3_128(&bytes))
            })
            .collect()
    };
    let one = dedup(input.path(), 1, scour::Config::default());
    let two = dedup(input.path(), 2, scour::Config::default());
    assert_eq!(files(&one, "parquet"), files(&two, "parquet"));
    assert_eq!(files(&one, "csv"), files(&two, "csv"));
    let mut config = scour::Config::default();
    // Room for one entry: every other one spills.
    config.dedup.memory_budget_bytes = 1;
    let spilled = dedup(input.path(), 2, config);
    assert!(spilled.manifest.stage_stats["dedup.files_spilled"] > 0);
    // Parquet footers record the config, so the rows are compared as CSV.
    assert_eq!(files(&one, "csv"), files(&spilled, "csv"));
    assert_eq!(read_csv(&one.dir.path().join("duplicates.csv")).len(), 3);
}

#[test]
fn a_folder_holds_one_commands_output() {
    let input = corpus();
    let out = tempfile::tempdir().unwrap();
    let options = options(input.path(), out.path(), 1, scour::Config::default());
    scour::run(&options).unwrap();
    assert!(out.path().join("documents.parquet").exists());
    scour::spans::dedup(&options).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let want = [
        "README.md",
        "duplicates.csv",
        "duplicates.parquet",
        "errors.csv",
        "errors.parquet",
        "manifest.json",
        "records.csv",
        "records.parquet",
    ];
    assert_eq!(names, want);
    // The card is dedup's: its tables, not the run's.
    let card = std::fs::read_to_string(out.path().join("README.md")).unwrap();
    assert!(card.contains("- config_name: duplicates"), "{card}");
    assert!(!card.contains("- config_name: documents"), "{card}");
    // And back: a run clears dedup's tables.
    scour::run(&options).unwrap();
    assert!(!out.path().join("duplicates.parquet").exists());
    assert!(out.path().join("report.html").exists());
}
