//! `scour inspect`: a document rebuilt line by line from a run's tables.

use std::process::Command;

use crate::common::{fixtures, run};

fn inspect(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_scour"))
        .arg("inspect")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn every_line_of_a_page_is_shown_kept_or_marked_with_its_rule() {
    let out = run(&fixtures("site"), 1);
    let doc = out.document("market.txt");
    let dir = out.dir.path().to_str().unwrap();
    let (code, text, stderr) = inspect(&[&doc["doc_id"], "-o", dir]);
    assert_eq!(code, 0, "{stderr}");
    assert!(text.starts_with(&format!("document {}\n", doc["doc_id"])));
    assert!(text.contains(&format!("  title      {}\n", doc["title"])));
    assert!(
        text.contains("    2 - [en.byline byline] By Jane Okafor\n"),
        "{text}"
    );
    // One line per block: as many as the document's kept and removed rows.
    let lines = text
        .lines()
        .filter(|l| l.starts_with("  ") && l[..5].trim().parse::<u32>().is_ok());
    let removed = out.removed_of("market.txt").len();
    let kept = out
        .table("paragraphs")
        .iter()
        .filter(|p| p["doc_id"] == doc["doc_id"])
        .count();
    assert_eq!(lines.count(), removed + kept);
    for p in out
        .table("paragraphs")
        .iter()
        .filter(|p| p["doc_id"] == doc["doc_id"])
    {
        assert!(
            text.contains(&format!("{:>5}   {}\n", p["block_idx"], p["text"])),
            "{p:?}"
        );
    }
    // Not a terminal: no colours unless asked.
    assert!(!text.contains('\x1b'));
    let (_, coloured, _) = inspect(&[&doc["doc_id"], "-o", dir, "--color", "always"]);
    assert!(coloured.contains("\x1b[33m[en.byline byline]\x1b[0m"));
}

#[test]
fn a_dropped_copy_names_the_page_kept_instead() {
    let out = run(&fixtures("site"), 1);
    // "library-zh-copy.txt" sorts first, so it is the one kept.
    let kept = out.document("library-zh-copy.txt");
    let copy = out
        .removed_of("library-zh.txt")
        .into_iter()
        .find(|r| r["block_idx"].is_empty())
        .expect("the copy is dropped");
    let (code, text, _) = inspect(&[&copy["doc_id"], "-o", out.dir.path().to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        text.contains(&format!("  dropped    {} (", copy["reason"])),
        "{text}"
    );
    assert!(text.contains(&kept["doc_id"]), "{text}");
    assert!(text.contains("text when it was dropped:"));
}

#[test]
fn source_processes_one_file_and_an_unknown_id_is_an_error() {
    let feed = fixtures("site").join("feed.jsonl");
    let (code, text, stderr) = inspect(&["--source", feed.to_str().unwrap(), "--record", "3"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(text.matches("document ").count(), 1, "{text}");
    assert!(
        text.contains("  source     feed.jsonl (record 3)"),
        "{text}"
    );
    // The feed's bad records are reported, not hidden.
    assert!(stderr.contains("feed.jsonl record"), "{stderr}");

    let (code, _, stderr) = inspect(&["--source", feed.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");

    let out = run(&fixtures("site"), 1);
    let (code, _, stderr) = inspect(&["0000000000000000", "-o", out.dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no document 0000000000000000"), "{stderr}");
    let (code, _, stderr) = inspect(&["0000000000000000", "-o", "/nonexistent"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("manifest.json"), "{stderr}");
}

#[test]
fn a_scour_dedup_folder_is_refused_with_the_reason() {
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_scour"))
        .args(["dedup", "--quiet", "--input"])
        .arg(fixtures("site"))
        .arg("--output")
        .arg(out.path())
        .status()
        .unwrap();
    // The fixtures hold bad records on purpose: exit code 1.
    assert_eq!(status.code(), Some(1));
    let (code, _, stderr) = inspect(&["0000000000000000", "-o", out.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("output of `scour dedup`"), "{stderr}");
}
