//! Nothing is lost: every record and every non-blank line is accounted for.

use std::collections::HashMap;

use crate::common::{fixtures, run};

/// Char ranges of the non-blank lines of a text, split as scour splits it.
fn nonblank_lines(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i <= chars.len() {
        let end_of_line = i == chars.len() || chars[i] == '\n' || chars[i] == '\r';
        if end_of_line {
            let line: String = chars[start..i].iter().collect();
            if !scour::normalize::normalize_line(&line).is_empty() {
                out.push((start, i));
            }
            if i + 1 < chars.len() && chars[i] == '\r' && chars[i + 1] == '\n' {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    out
}

#[test]
fn every_record_and_every_line_is_accounted_for() {
    let input = fixtures("site");
    let out = run(&input, 2);
    let docs = out.table("documents");
    let removed = out.table("removed");
    let paragraphs = out.table("paragraphs");
    let errors = out.table("errors");
    let c = &out.manifest.counts;

    // Records: kept + dropped + record errors.
    let dropped = removed.iter().filter(|r| r["block_idx"].is_empty()).count() as u64;
    assert_eq!(c.documents, docs.len() as u64);
    assert_eq!(c.documents_dropped, dropped);
    assert_eq!(c.errors, errors.len() as u64);
    assert_eq!(
        c.records,
        c.documents + c.documents_dropped + c.record_errors
    );
    // 4 text files + 5 JSONL lines.
    assert_eq!(c.records, 9);
    assert_eq!(c.blocks_kept, paragraphs.len() as u64);
    assert_eq!(c.blocks_removed, removed.len() as u64 - dropped);
    let reason_rows: u64 = out
        .manifest
        .removed_by_reason
        .values()
        .map(|r| r.rows)
        .sum();
    assert_eq!(reason_rows, removed.len() as u64);

    // Lines: for each kept text document, the kept lines and the removed
    // lines are exactly its non-blank raw lines.
    for doc in docs.iter().filter(|d| d["source"].ends_with(".txt")) {
        let raw = std::fs::read_to_string(input.join(&doc["source"])).unwrap();
        let expected = nonblank_lines(&raw);
        let mut seen: HashMap<(usize, usize), &str> = HashMap::new();
        for p in paragraphs.iter().filter(|p| p["doc_id"] == doc["doc_id"]) {
            let span = (
                p["raw_start"].parse().unwrap(),
                p["raw_end"].parse().unwrap(),
            );
            assert!(seen.insert(span, "kept").is_none(), "line {span:?} twice");
        }
        for r in removed
            .iter()
            .filter(|r| r["doc_id"] == doc["doc_id"] && !r["block_idx"].is_empty())
        {
            let span = (
                r["char_start"].parse().unwrap(),
                r["char_end"].parse().unwrap(),
            );
            assert!(
                seen.insert(span, "removed").is_none(),
                "line {span:?} twice"
            );
        }
        let mut got: Vec<_> = seen.keys().copied().collect();
        got.sort();
        assert_eq!(got, expected, "{}", doc["source"]);
        let removed_chars: usize = removed
            .iter()
            .filter(|r| r["doc_id"] == doc["doc_id"] && !r["block_idx"].is_empty())
            .map(|r| {
                r["char_end"].parse::<usize>().unwrap() - r["char_start"].parse::<usize>().unwrap()
            })
            .sum();
        assert_eq!(doc["removed_chars"], removed_chars.to_string());
        assert_eq!(doc["raw_chars"], raw.chars().count().to_string());
    }
}

#[test]
fn crlf_nbsp_and_bom_keep_offsets_right() {
    let dir = tempfile::tempdir().unwrap();
    let raw = "\u{feff}Title line\r\n\r\n\u{a0}\r\nFirst paragraph of the page, long enough.\r\nby admin\rSecond paragraph here.";
    std::fs::write(dir.path().join("p.txt"), raw).unwrap();
    let out = run(dir.path(), 1);
    let stripped = raw.trim_start_matches('\u{feff}');
    let chars: Vec<char> = stripped.chars().collect();
    let slice = |a: &str, b: &str| -> String {
        chars[a.parse::<usize>().unwrap()..b.parse::<usize>().unwrap()]
            .iter()
            .collect()
    };
    for p in out.table("paragraphs") {
        assert_eq!(slice(&p["raw_start"], &p["raw_end"]), p["text"]);
    }
    let removed = out.table("removed");
    assert_eq!(removed.len(), 2);
    for r in removed {
        assert_eq!(
            slice(&r["char_start"], &r["char_end"]).trim_start_matches('\u{feff}'),
            r["text"]
        );
    }
}
