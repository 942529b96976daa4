//! Same input, same bytes, whatever the threads; a second pass removes nothing.

use std::io::Write;

use crate::common::{fixtures, run};

/// A corpus of a few thousand pages (several batches), built from the
/// fixtures with variations, so that batches and threads really interleave.
fn big_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let site = fixtures("site");
    let pages: Vec<String> = ["ferry.txt", "market.txt", "library-zh.txt"]
        .iter()
        .map(|f| std::fs::read_to_string(site.join(f)).unwrap())
        .collect();
    let mut jsonl = std::fs::File::create(dir.path().join("pages.jsonl")).unwrap();
    for i in 0..2500 {
        let page = &pages[i % pages.len()];
        // Pairs of pages share a story of their own (so the second of a pair
        // is a near-duplicate of the first), and every page repeats the
        // paragraphs of a fixture page.
        // The page's own lines come first: after the fixture page's
        // comment form, text is the page's comments, not its article.
        let text = format!(
            "Page number {} has a line of its own that makes it unique: {}.\n{}\n{page}",
            i % 7,
            i / 3,
            story(i / 2)
        );
        let record = serde_json::json!({"id": i.to_string(), "text": text});
        writeln!(jsonl, "{record}").unwrap();
    }
    dir
}

/// Sentences of made-up words, different for each `seed`.
fn story(seed: usize) -> String {
    let mut state = seed as u64 * 2_654_435_761 + 1;
    let mut words = Vec::new();
    for n in 0..240 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let w = (state >> 33) % 4000;
        words.push(format!("{}{w}", ["ka", "lo", "mi", "su"][(w % 4) as usize]));
        if n % 30 == 29 {
            words.push(".\n".into());
        }
    }
    words.join(" ").replace(" .", ".")
}

#[test]
fn one_thread_and_four_give_identical_bytes() {
    let corpus = big_corpus();
    let one = run(corpus.path(), 1);
    let four = run(corpus.path(), 4);
    assert!(one.manifest.counts.documents > 1000);
    let near = &one.manifest.removed_by_reason["dedup.near_document"];
    assert!(near.rows > 1000, "{near:?}");
    for ((name, a), (_, b)) in one.table_bytes().iter().zip(four.table_bytes()) {
        assert!(*a == b, "{name} differs between 1 and 4 threads");
    }
    let again = run(&fixtures("site"), 3);
    let base = run(&fixtures("site"), 1);
    assert_eq!(again.table_bytes(), base.table_bytes());
}

#[test]
fn a_tiny_memory_budget_spills_to_disk_and_gives_the_same_rows() {
    let corpus = big_corpus();
    let base = run(corpus.path(), 2);
    let mut config = scour::Config::default();
    // 2,400 bytes: 1,200 for the seen hashes' tables (a few of the
    // smallest), 600 for the band tables and 600 for signatures (2 of
    // them): every corpus-wide structure spills to disk, and merges its
    // runs many times.
    config.dedup.memory_budget_bytes = 50 * 48;
    let small = crate::common::run_with(corpus.path(), 2, config);
    let stats = &small.manifest.stage_stats;
    for spilled in ["spill_files", "near_spilled_counting", "near_spilled_kept"] {
        let key = format!("dedup_across_corpus.{spilled}");
        assert!(stats[&key] > 20, "{stats:?}");
        assert_eq!(base.manifest.stage_stats[&key], 0);
    }
    assert_eq!(
        stats["dedup_across_corpus.seen_hashes"],
        base.manifest.stage_stats["dedup_across_corpus.seen_hashes"]
    );
    // The CSV files hold every row; the Parquet files differ only by the
    // config in their footers.
    for ((name, a), (_, b)) in base.table_bytes().iter().zip(small.table_bytes()) {
        if name.ends_with(".csv") {
            assert!(*a == b, "{name} differs with a small memory budget");
        }
    }
}

/// Feeds the documents of `first` back as JSON Lines (id, title, text) and
/// checks that nothing more is removed and nothing changes.
fn assert_idempotent(first: &crate::common::Output) {
    let dir = tempfile::tempdir().unwrap();
    let mut jsonl = std::fs::File::create(dir.path().join("cleaned.jsonl")).unwrap();
    for doc in first.table("documents") {
        let title = (!doc["title"].is_empty()).then(|| doc["title"].clone());
        let record = serde_json::json!({"id": doc["doc_id"], "title": title, "text": doc["text"]});
        writeln!(jsonl, "{record}").unwrap();
    }
    drop(jsonl);
    let second = run(dir.path(), 2);
    let removed = second.table("removed");
    assert!(
        removed.is_empty(),
        "second pass removed {} rows, first: {:#?}",
        removed.len(),
        removed.first()
    );
    let texts = |rows: Vec<crate::common::Row>| {
        rows.into_iter()
            .map(|d| (d["title"].clone(), d["text"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        texts(second.table("documents")),
        texts(first.table("documents"))
    );
    let sections = |rows: Vec<crate::common::Row>| {
        rows.into_iter()
            .map(|s| (s["heading"].clone(), s["level"].clone(), s["text"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        sections(second.table("sections")),
        sections(first.table("sections"))
    );
}

#[test]
fn a_second_run_on_the_cleaned_text_removes_nothing() {
    assert_idempotent(&run(&fixtures("site"), 2));
    let corpus = big_corpus();
    assert_idempotent(&run(corpus.path(), 2));
}

#[test]
fn the_body_span_is_measured_after_duplicates_go() {
    let p1 = "The harbour authority extended the evening ferry timetable for the whole summer season, officials said on Monday after a long debate in the council chamber.";
    let p2 = "The council expects around forty traders per week at the night market and asked them to close by ten o'clock so that the houses on the quay stay quiet.";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), format!("Page A\n\n{p1}")).unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        format!("Page B\n\nMenu\n\n{p1}\n\nA short line\n\n{p2}\n\nFooter"),
    )
    .unwrap();
    let first = run(dir.path(), 1);
    let reasons: Vec<String> = first
        .removed_of("b.txt")
        .into_iter()
        .map(|r| format!("{} {}", r["reason"], r["text"]))
        .collect();
    assert_eq!(
        reasons,
        [
            "title.line Page B".to_string(),
            "en.nav_edge Menu".into(),
            format!("dedup.paragraph_corpus {p1}"),
            "context.before_body A short line".into(),
            "context.after_body Footer".into(),
        ]
    );
    assert_idempotent(&first);
}

#[test]
fn spooling_the_counting_pass_or_reading_again_gives_the_same_output() {
    let corpus = big_corpus();
    // The site fixtures hold bad records and skipped files: their errors
    // and input records must come out of the spool as reading gives them.
    for input in [fixtures("site"), corpus.path().to_path_buf()] {
        for threads in [1, 2] {
            let spooled = run(&input, threads);
            let dir = tempfile::tempdir().unwrap();
            let mut options =
                crate::common::options(&input, dir.path(), threads, scour::Config::default());
            options.spool = false;
            let manifest = scour::run(&options).unwrap();
            let read_again = crate::common::Output { dir, manifest };
            assert!(spooled.table_bytes() == read_again.table_bytes());
            let json = |m: &scour::write::Manifest| {
                let m = serde_json::to_value(m).unwrap();
                (
                    m["counts"].clone(),
                    m["inputs"].clone(),
                    m["outputs"].clone(),
                )
            };
            assert_eq!(json(&spooled.manifest), json(&read_again.manifest));
            assert!(spooled.manifest.timings_ms.contains_key("spool_write"));
            assert!(!read_again.manifest.timings_ms.contains_key("spool_write"));
            // Nothing is left of the spool.
            let names: Vec<String> = std::fs::read_dir(spooled.dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
        }
    }
}
