//! The page: every plot there, data escaped, bars sorted, empty plots
//! explained, the same bytes every time.

use super::{Collector, DocRows, kept, line, manifest, sample, svg};
use crate::read::InputError;
use crate::report::PLOT_IDS;
use crate::report::collect::Tally;
use crate::write::ReasonCount;

#[test]
fn every_plot_is_an_svg_with_its_id() {
    let (c, m) = sample();
    let page = c.render(&m);
    for id in PLOT_IDS {
        assert_eq!(
            page.matches(&format!("<svg id=\"{id}\"")).count(),
            1,
            "{id}"
        );
    }
    let empty = Collector::new().render(&manifest());
    for id in PLOT_IDS {
        assert!(
            svg(&empty, id).contains("<text"),
            "{id} says something when empty"
        );
    }
    assert!(
        page.contains("<b>2</b><span>documents kept</span>"),
        "totals of the manifest"
    );
    assert!(page.contains("<b>1</b><span>errors</span>"));
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(!page.contains("<script"), "no script");
    assert!(!page.contains("://"), "nothing to fetch");
}

#[test]
fn text_from_the_data_is_escaped() {
    let mut c = Collector::new();
    let mut rows = kept("x", Some("<i>\"en\"</i>"), 10, &["ok"], 1);
    rows.removed
        .push(line("<rule>", "<script>alert(1)</script>"));
    c.add_document(&rows);
    c.add_error(&InputError::new("f", None, "kind&<>", "m"));
    let page = c.render(&manifest());
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!page.contains("<script>"));
    assert!(page.contains("&lt;rule&gt;"));
    assert!(page.contains("&lt;i&gt;&quot;en&quot;&lt;/i&gt;"));
    assert!(svg(&page, "plot-errors").contains("kind&amp;&lt;&gt;"));
    assert!(!page.contains("<rule>") && !page.contains("<i>"));
}

#[test]
fn empty_plots_say_so_in_words() {
    let (c, m) = sample();
    let mut no_errors = c.clone();
    no_errors.errors = Tally::new(8);
    let page = no_errors.render(&m);
    assert!(svg(&page, "plot-errors").contains("No errors: every input record was read."));
    assert!(!svg(&page, "plot-errors").contains("<g>"), "no bars");
    let mut single = Collector::new();
    single.add_document(&kept("a", Some("en"), 10, &["text"], 1));
    let page = single.render(&m);
    assert!(svg(&page, "plot-cluster-sizes").contains("No near-duplicate clusters"));
    assert!(svg(&page, "plot-removed-by-rule").contains("Nothing was removed"));
    // The ones with data draw bars instead.
    assert!(svg(&page, "plot-languages").contains("<rect"));
}

#[test]
fn manifest_numbers_win_and_bars_are_sorted() {
    let (c, mut m) = sample();
    m.removed_by_reason.insert(
        "en.byline".into(),
        ReasonCount {
            kind: "byline".into(),
            rows: 7,
            chars: 12_345,
        },
    );
    let page = c.render(&m);
    assert!(page.contains("<td class=\"n\">7</td><td class=\"n\">12,345</td>"));
    let plot = svg(&page, "plot-removed-by-rule");
    let byline = plot.find(">en.byline<").expect("bar of en.byline");
    let document = plot
        .find(">dedup.document<")
        .expect("bar of dedup.document");
    assert!(byline < document, "largest first");
    // 11 characters of the dropped document, from the rows alone.
    assert!(page.contains("<td class=\"n\">1</td><td class=\"n\">11</td>"));
}

#[test]
fn rules_beyond_thirty_are_summed_as_other() {
    let mut c = Collector::new();
    let mut rows = DocRows::default();
    for i in 0..35usize {
        // Rule r00 removes 35 lines, r01 34, ...: a strict order.
        for _ in 0..(35 - i) {
            rows.removed.push(line(&format!("r{i:02}"), "x"));
        }
    }
    c.add_document(&rows);
    let page = c.render(&manifest());
    let plot = svg(&page, "plot-removed-by-rule");
    assert_eq!(plot.matches("<g>").count(), 31);
    assert!(plot.contains(">r29<") && !plot.contains(">r30<"));
    // r30..r34 remove 5+4+3+2+1 = 15 of 630 characters.
    assert!(plot.contains(">other (5 rules)<"));
    assert!(plot.contains("<title>other (5 rules): 15 · 2.4%</title>"));
}

#[test]
fn null_language_is_unknown() {
    let (c, m) = sample();
    let page = c.render(&m);
    let plot = svg(&page, "plot-languages");
    assert!(plot.contains("<title>en: 1 · 50.0%</title>"));
    assert!(plot.contains("<title>unknown: 1 · 50.0%</title>"));
}

#[test]
fn render_is_deterministic() {
    let (c, m) = sample();
    let (again, _) = sample();
    assert_eq!(c.render(&m), c.render(&m));
    assert_eq!(c.render(&m), again.render(&m));
}
