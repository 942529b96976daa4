//! The accumulators: bins, most frequent lines, number formats.

use super::{Collector, DocRows, kept, line, manifest, svg};
use crate::report::collect::{TopLines, cluster_bin, length_bin, share_bin};
use crate::report::html::{compact, fmt_int};

#[test]
fn top_lines_of_a_rule_come_by_count() {
    let mut c = Collector::new();
    let mut rows = DocRows::default();
    for text in [
        "two", "three", "one", "three", "two", "three", "b", "a", "c", "d",
    ] {
        rows.removed.push(line("en.nav", text));
    }
    c.add_document(&rows);
    let top = c.reasons["en.nav"].lines.top(5);
    let got: Vec<(&str, u64)> = top.iter().map(|l| (l.line.as_str(), l.count)).collect();
    // Ties (the lines seen once) by text.
    assert_eq!(
        got,
        [("three", 3), ("two", 2), ("a", 1), ("b", 1), ("c", 1)]
    );
    let page = c.render(&manifest());
    let at = |s: &str| page.find(&format!("<q>{s}</q>")).unwrap_or(usize::MAX);
    assert!(at("three") < at("two") && at("two") < at("a") && at("c") < usize::MAX);
    assert!(!page.contains("<q>d</q>"), "only the top 5");
    assert!(page.contains("<span class=\"c\">3×</span><q>three</q>"));
}

#[test]
fn space_saving_keeps_the_heavy_hitter_in_bounded_counters() {
    let mut top = TopLines::new(4);
    for i in 0..1000 {
        top.add(&format!("noise {i}"));
        if i % 2 == 0 {
            top.add("heavy");
        }
    }
    assert_eq!(top.top(usize::MAX).len(), 4, "bounded");
    let best = &top.top(1)[0];
    assert_eq!(best.line, "heavy");
    // An overestimate by at most the counter it took over, never an underestimate.
    assert!(
        best.count >= 500 && best.count <= 500 + best.count / 2,
        "{}",
        best.count
    );
    // Lines are keyed by their first 200 characters.
    let mut long = TopLines::new(4);
    long.add(&format!("{}x", "a".repeat(200)));
    long.add(&format!("{}y", "a".repeat(200)));
    let only = &long.top(5)[0];
    assert_eq!((only.count, only.approximate), (2, false));
    assert_eq!(
        only.line.chars().count(),
        201,
        "200 characters and an ellipsis"
    );
}

#[test]
fn histogram_bins_hold_known_counts() {
    assert_eq!(share_bin(0, 100), 0);
    assert_eq!(share_bin(15, 100), 3, "exactly 15% is in the 15–20% bin");
    assert_eq!(share_bin(3, 20), 3);
    assert_eq!(share_bin(99, 100), 19);
    assert_eq!(share_bin(100, 100), 19);
    assert_eq!(share_bin(150, 100), 19);
    let lengths = [0, 1, 2, 4, 5, 9, 10, 499, 500, 999, 1000, u64::MAX];
    let bins: Vec<usize> = lengths.iter().map(|&n| length_bin(n)).collect();
    assert_eq!(bins, [0, 1, 1, 2, 3, 3, 4, 9, 9, 9, 10, 27]);
    let sizes: Vec<usize> = [2, 3, 4, 5, 9, 10, 99, 100, 5000].map(cluster_bin).to_vec();
    assert_eq!(sizes, [0, 1, 2, 3, 3, 4, 4, 5, 5]);

    let mut c = Collector::new();
    // Kept shares 10/100, 15/100, 19/100, 100/100; lengths 10, 15, 19, 100.
    for (i, (n, cluster)) in [(10, 1), (15, 2), (19, 2), (100, 12)]
        .into_iter()
        .enumerate()
    {
        let text = "x".repeat(n);
        c.add_document(&kept(&format!("d{i}"), Some("en"), 100, &[&text], cluster));
    }
    let mut share = [0u64; 20];
    share[2] = 1;
    share[3] = 2;
    share[19] = 1;
    assert_eq!(c.kept_share.counts(), share);
    let mut length = [0u64; 28];
    length[4] = 3; // 10–21
    length[7] = 1; // 100–219
    assert_eq!(c.doc_length.counts(), length);
    assert_eq!(c.paragraph_length.counts(), length);
    assert_eq!(c.clusters.counts(), [2, 0, 0, 0, 1, 0]);
    let page = c.render(&manifest());
    let plot = svg(&page, "plot-doc-length");
    assert!(plot.contains("<title>10–21 chars: 3 documents</title>"));
    assert_eq!(
        plot.matches("<rect").count(),
        4,
        "trimmed to 10..220: four bins"
    );
}

#[test]
fn numbers_read_well() {
    assert_eq!(fmt_int(0), "0");
    assert_eq!(fmt_int(100), "100");
    assert_eq!(fmt_int(1_234_567), "1,234,567");
    let got: Vec<String> = [
        999, 1000, 1040, 1234, 9_960, 12_345, 999_600, 2_000_000, 4_700_000,
    ]
    .map(compact)
    .to_vec();
    assert_eq!(
        got,
        ["999", "1k", "1k", "1.2k", "10k", "12k", "1M", "2M", "4.7M"]
    );
}
