//! The two kinds of plot, drawn as inline SVG: horizontal bars for
//! categories, columns for histograms. Sizes are in pixels of a fixed
//! canvas; the page scales it down on narrow screens.

use std::fmt::Write;

use super::html::{compact, escape};

/// Width of every plot.
const WIDTH: f64 = 960.0;
const BAR: &str = "#4a78a8";
const MUTED: &str = "#a3abb5";
const AXIS: &str = "#8a939e";
const INK: &str = "#1d2430";
const FAINT: &str = "#5b6472";

/// One bar of [`hbars`].
pub struct Bar {
    /// Category name, left of the bar.
    pub label: String,
    /// Length of the bar.
    pub value: u64,
    /// What is written after the bar.
    pub text: String,
    /// Drawn grey: a catch-all like "other", not a category of its own.
    pub muted: bool,
}

/// One column of [`columns`].
pub struct Column {
    /// Height of the column.
    pub count: u64,
    /// Tooltip: the bin and its exact count.
    pub tip: String,
}

/// How the x axis of [`columns`] is labelled.
pub enum Axis {
    /// One label per bin boundary (`columns + 1` labels): for numeric bins.
    Edges(Vec<String>),
    /// One label under each column: for buckets.
    Centers(Vec<String>),
}

fn open(id: &str, label: &str, height: f64) -> String {
    format!(
        "<svg id=\"{id}\" class=\"plot\" width=\"{WIDTH}\" height=\"{height:.0}\" viewBox=\"0 0 {WIDTH} {height:.0}\" \
         role=\"img\" aria-label=\"{}\" font-family=\"system-ui, -apple-system, 'Segoe UI', \
         Roboto, sans-serif\" font-size=\"12\" fill=\"{INK}\">",
        escape(label)
    )
}

/// A plot with nothing to draw: the reason, in words, where it would be.
pub fn empty(id: &str, message: &str) -> String {
    let mut s = open(id, message, 44.0);
    let _ = write!(
        s,
        "<rect x=\"0.5\" y=\"0.5\" width=\"{}\" height=\"43\" rx=\"4\" fill=\"#f3f5f7\" \
         stroke=\"#dde1e6\"/><text x=\"16\" y=\"27\" fill=\"{FAINT}\">{}</text></svg>",
        WIDTH - 1.0,
        escape(message)
    );
    s
}

/// Horizontal bars, one row per item, in the order given, scaled to the
/// largest value.
pub fn hbars(id: &str, label: &str, bars: &[Bar]) -> String {
    const LABEL_W: f64 = 250.0;
    const TEXT_W: f64 = 150.0;
    const ROW: f64 = 24.0;
    let height = bars.len() as f64 * ROW + 8.0;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let area = WIDTH - LABEL_W - TEXT_W;
    let mut s = open(id, label, height);
    let _ = write!(
        s,
        "<line x1=\"{LABEL_W}\" y1=\"2\" x2=\"{LABEL_W}\" y2=\"{:.1}\" stroke=\"{AXIS}\"/>",
        height - 2.0
    );
    for (i, b) in bars.iter().enumerate() {
        let y = 4.0 + i as f64 * ROW;
        // A bar of 1 px at least, so a small non-zero value still shows.
        let w = match b.value {
            0 => 0.0,
            v => (v as f64 / max * area).max(1.0),
        };
        let fill = if b.muted { MUTED } else { BAR };
        let name = escape(&short_label(&b.label));
        let _ = write!(
            s,
            "<g><title>{}: {}</title>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{name}</text>\
             <rect x=\"{LABEL_W}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{fill}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" fill=\"{FAINT}\">{}</text></g>",
            escape(&b.label),
            escape(&b.text),
            LABEL_W - 8.0,
            y + ROW / 2.0 + 4.0,
            y + 3.0,
            ROW - 6.0,
            LABEL_W + w + 6.0,
            y + ROW / 2.0 + 4.0,
            escape(&b.text),
        );
    }
    s.push_str("</svg>");
    s
}

/// Labels longer than the label column are cut; the tooltip has them whole.
fn short_label(label: &str) -> String {
    super::collect::truncate(label, 36)
}

/// Columns of equal width, one per bin, scaled to the tallest, with the
/// count above each non-empty one and `x_title` under the axis.
pub fn columns(id: &str, label: &str, cols: &[Column], axis: &Axis, x_title: &str) -> String {
    const LEFT: f64 = 24.0;
    const RIGHT: f64 = 24.0;
    const TOP: f64 = 22.0;
    const PLOT_H: f64 = 180.0;
    const HEIGHT: f64 = TOP + PLOT_H + 48.0;
    let n = cols.len().max(1) as f64;
    let slot = (WIDTH - LEFT - RIGHT) / n;
    let gap = (slot * 0.12).clamp(1.0, 6.0);
    let max = cols.iter().map(|c| c.count).max().unwrap_or(0).max(1) as f64;
    let base = TOP + PLOT_H;
    let mut s = open(id, label, HEIGHT);
    for (i, c) in cols.iter().enumerate() {
        let x = LEFT + i as f64 * slot;
        let h = match c.count {
            0 => 0.0,
            v => (v as f64 / max * PLOT_H).max(1.0),
        };
        let _ = write!(
            s,
            "<g><title>{}</title><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" \
             fill=\"{BAR}\"/>",
            escape(&c.tip),
            x + gap / 2.0,
            base - h,
            slot - gap,
        );
        if c.count > 0 {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"11\" \
                 fill=\"{FAINT}\">{}</text>",
                x + slot / 2.0,
                base - h - 5.0,
                compact(c.count)
            );
        }
        s.push_str("</g>");
    }
    let _ = write!(
        s,
        "<line x1=\"{LEFT}\" y1=\"{base}\" x2=\"{:.1}\" y2=\"{base}\" stroke=\"{AXIS}\"/>",
        WIDTH - RIGHT
    );
    let label_y = base + 16.0;
    match axis {
        Axis::Edges(labels) => {
            // Every k-th boundary, so that labels stay ~40 px apart.
            let step = (40.0 / slot).ceil().max(1.0) as usize;
            for (i, text) in labels.iter().enumerate().step_by(step) {
                let x = LEFT + i as f64 * slot;
                let _ = write!(
                    s,
                    "<line x1=\"{x:.1}\" y1=\"{base}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"{AXIS}\"/>\
                     <text x=\"{x:.1}\" y=\"{label_y:.1}\" text-anchor=\"middle\">{}</text>",
                    base + 4.0,
                    escape(text)
                );
            }
        }
        Axis::Centers(labels) => {
            for (i, text) in labels.iter().enumerate() {
                let x = LEFT + (i as f64 + 0.5) * slot;
                let _ = write!(
                    s,
                    "<text x=\"{x:.1}\" y=\"{label_y:.1}\" text-anchor=\"middle\">{}</text>",
                    escape(text)
                );
            }
        }
    }
    let _ = write!(
        s,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{FAINT}\">{}</text></svg>",
        LEFT + (WIDTH - LEFT - RIGHT) / 2.0,
        HEIGHT - 8.0,
        escape(x_title)
    );
    s
}
