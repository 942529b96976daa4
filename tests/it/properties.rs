//! Properties over arbitrary input: no panic, nothing lost, and a second
//! pass over scour's own output removes nothing more.

use std::io::Write;

use proptest::prelude::*;

use crate::common::run;

/// Lines in the shape of scraped pages: prose, boilerplate, headings,
/// numbers, CJK, odd whitespace and control characters.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z][a-z]{2,9}( [a-z]{1,9}){3,25}[.!?]",
        "[\u{4e00}-\u{4e80}]{5,60}[。,]",
        Just("by admin".to_string()),
        Just("See also  Another headline of the site".to_string()),
        Just("You may also like".to_string()),
        Just("© 2024 Example Site. All rights reserved.".to_string()),
        Just("内容来源:江城市人民政府".to_string()),
        Just("01".to_string()),
        "[A-Z][a-z]{3,12}( [A-Z][a-z]{3,12}){0,3}",
        "[ \t\u{a0}\u{3000}\u{200b}\u{feff}]{0,4}",
        "\\PC{0,80}",
    ]
}

fn page() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(line(), 0..25),
        prop_oneof![Just("\n"), Just("\n\n"), Just("\r\n")],
    )
        .prop_map(|(lines, sep)| lines.join(sep))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_and_are_accounted_for(
        files in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..2000), 1..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        for (i, bytes) in files.iter().enumerate() {
            std::fs::write(dir.path().join(format!("f{i}.txt")), bytes).unwrap();
            std::fs::write(dir.path().join(format!("f{i}.jsonl")), bytes).unwrap();
        }
        let out = run(dir.path(), 2);
        let c = &out.manifest.counts;
        prop_assert_eq!(c.records, c.documents + c.documents_dropped + c.record_errors);
        prop_assert_eq!(c.documents as usize, out.table("documents").len());
        prop_assert_eq!(c.blocks_kept as usize, out.table("paragraphs").len());
    }

    #[test]
    fn a_second_pass_removes_nothing(pages in prop::collection::vec(page(), 1..6)) {
        let dir = tempfile::tempdir().unwrap();
        for (i, p) in pages.iter().enumerate() {
            std::fs::write(dir.path().join(format!("p{i}.txt")), p).unwrap();
        }
        let first = run(dir.path(), 2);
        let again = tempfile::tempdir().unwrap();
        let mut jsonl = std::fs::File::create(again.path().join("cleaned.jsonl")).unwrap();
        for doc in first.table("documents") {
            let title = (!doc["title"].is_empty()).then(|| doc["title"].clone());
            writeln!(jsonl, "{}", serde_json::json!({"title": title, "text": doc["text"]})).unwrap();
        }
        drop(jsonl);
        let second = run(again.path(), 2);
        let removed = second.table("removed");
        prop_assert!(removed.is_empty(), "second pass removed {:?}", removed.first());
        let texts = |o: &crate::common::Output| o.table("documents").into_iter().map(|d| d["text"].clone()).collect::<Vec<_>>();
        prop_assert_eq!(texts(&second), texts(&first));
    }
}
