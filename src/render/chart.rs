//! A small inline-SVG bar chart of score against weight: the budget row and each 一级.
//!
//! No script, no external reference; labels are escaped text. Bar lengths are computed in
//! decimals from the result's strings (never f64) and written with one decimal place.

use super::budget_weight;
use super::html::Out;
use crate::model::Form;
use crate::result::ScoreResult;
use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt::Write;

const LABEL_W: u32 = 120;
const BAR_W: u32 = 300;
const ROW_H: u32 = 26;
const WIDTH: u32 = 520;

/// One bar: a label, the score (none when not scored) and the weight, as the result holds them.
pub(crate) struct Bar<'a> {
    pub(crate) label: String,
    pub(crate) score: Option<&'a str>,
    pub(crate) weight: String,
}

/// What the chart shows, with the full labels: the budget row (预算执行率), then each 一级 with
/// its subtotal. (The `.docx` report, which holds no image, gives them as a table.)
pub(crate) fn bars<'a>(form: &Form, result: &'a ScoreResult) -> Vec<Bar<'a>> {
    let mut bars =
        vec![Bar {
            label: "预算执行率".into(), score: result.budget_score.as_deref(), weight: budget_weight(form)
        }];
    for st in &result.subtotals {
        bars.push(Bar { label: st.level1.trim().to_string(), score: Some(&st.score), weight: st.weight.clone() });
    }
    bars
}

/// The chart as an `<svg>` element (no `xmlns`: it lives inside an HTML document).
pub fn chart_svg(form: &Form, result: &ScoreResult) -> String {
    let mut out = Out::with_capacity(2048);
    write_chart(&mut out, form, result);
    out.s
}

pub(crate) fn write_chart(out: &mut Out, form: &Form, result: &ScoreResult) {
    let bars = bars(form, result);
    let dec = |s: &str| s.parse::<Decimal>().ok().filter(|d| *d >= Decimal::ZERO);
    let max = bars.iter().filter_map(|b| dec(&b.weight)).max().unwrap_or(Decimal::ZERO);
    let len = |v: Option<Decimal>| -> String {
        match v {
            Some(v) if max > Decimal::ZERO => {
                let x = (v.min(max) * Decimal::from(BAR_W) / max)
                    .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
                crate::engine::fmt(x)
            }
            _ => "0".into(),
        }
    };
    let height = ROW_H * bars.len() as u32 + 28;
    let _ = writeln!(
        out.s,
        "<svg class=\"chart\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"各项得分与分值\">"
    );
    for (k, b) in bars.iter().enumerate() {
        let y = 4 + ROW_H * k as u32;
        let _ = write!(out.s, "<text x=\"0\" y=\"{}\" font-size=\"12\">", y + 13);
        out.text(&short(&b.label)).raw("</text>");
        let _ = write!(
            out.s,
            "<rect x=\"{LABEL_W}\" y=\"{y}\" width=\"{}\" height=\"16\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"0.75\"/>",
            len(dec(&b.weight))
        );
        let _ = write!(
            out.s,
            "<rect x=\"{LABEL_W}\" y=\"{y}\" width=\"{}\" height=\"16\" fill=\"#666\"/>",
            len(b.score.and_then(dec))
        );
        let _ = write!(out.s, "<text x=\"{}\" y=\"{}\" font-size=\"12\">", LABEL_W + BAR_W + 8, y + 13);
        out.text(b.score.unwrap_or("—")).raw(" / ").text(&b.weight).raw("</text>\n");
    }
    let y = 4 + ROW_H * bars.len() as u32 + 8;
    let _ = write!(
        out.s,
        "<rect x=\"{LABEL_W}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"#666\"/><text x=\"{}\" y=\"{y}\" font-size=\"11\">得分</text>\
         <rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"0.75\"/><text x=\"{}\" y=\"{y}\" font-size=\"11\">分值</text>\n</svg>\n",
        y - 10,
        LABEL_W + 16,
        LABEL_W + 60,
        y - 10,
        LABEL_W + 76
    );
}

/// A label of at most 8 characters (a long 一级 name ends in …).
fn short(label: &str) -> String {
    let label = label.trim();
    if label.chars().count() > 8 {
        label.chars().take(7).chain(std::iter::once('…')).collect()
    } else {
        label.to_string()
    }
}
