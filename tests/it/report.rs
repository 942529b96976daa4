//! `report.html`: written by every run, self-contained, with its plots.

use crate::common::{fixtures, run};

#[test]
fn the_report_has_every_plot_and_the_lines_each_rule_removed() {
    let out = run(&fixtures("site"), 2);
    let page = std::fs::read_to_string(out.dir.path().join("report.html")).unwrap();
    for id in scour::report::PLOT_IDS {
        assert!(page.contains(&format!("<svg id=\"{id}\"")), "{id} missing");
    }
    // Nothing to fetch and nothing to run: it opens offline.
    for forbidden in ["<script", "http://", "https://", "<link", "@import"] {
        assert!(!page.contains(forbidden), "{forbidden} in the report");
    }
    // The rule that removed a byline shows it among its examples, and the
    // fixtures' bad JSON lines are counted by kind.
    assert!(page.contains("en.byline"));
    assert!(page.contains("By Jane Okafor"));
    assert!(page.contains("bad_json"));
    let c = &out.manifest.counts;
    assert!(page.contains(&format!("<b>{}</b><span>documents kept", c.documents)));
    assert!(page.contains(&format!(
        "<b>{}</b><span>documents dropped",
        c.documents_dropped
    )));
}
