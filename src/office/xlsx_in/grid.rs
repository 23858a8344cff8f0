//! One worksheet as the reader sees it: the cells calamine read, the merged regions and the
//! number formats, and each cell as text.
//!
//! A cell of a merged region reads as the region's value (its top-left cell): a 一级 label
//! merged down five rows labels each of them, a header merged across three columns heads each
//! of them.
//!
//! Numbers never go through `f64` arithmetic: calamine's `f64` is turned into a decimal once,
//! from its shortest text (`0.95`, not `0.9499999999999999556`), rounded to the 15 significant
//! digits Excel keeps and shows (a formula's `0.30000000000000004` is `0.3`). Each numeric cell
//! then has two texts:
//! - its **value** (`0.95`, `8.89`, `10`): what an amount, a 分值 or a 得分 is read as;
//! - its **shown text**, what Excel shows: a percent format multiplies by 100 and adds `%`
//!   (0.95 in `0%` is `95%`), a fixed number of places is kept (0.9525 in `0.0%` is `95.3%`,
//!   rounded half away from zero as Excel does), and literal text of the format is kept
//!   (40 in `0"家"` is `40家`). Targets, actuals, names and header texts are read as shown.
//!
//! A date cell reads as `2021年12月31日` (with ` 10:30` when it has a time of day), the way a
//! deadline is written on the form. An error value (`#DIV/0!`) reads as its text.

use std::collections::HashMap;

use calamine::{Data, Dimensions, Range, StyleRange};
use rust_decimal::{Decimal, RoundingStrategy};

/// The significant digits Excel keeps of a number.
const EXCEL_DIGITS: u32 = 15;

/// The most entries of the row index of merged regions (a region is listed once per row it
/// covers); a sheet with more looks its regions up one by one.
const MAX_INDEX: usize = 1 << 20;

/// The number formats of a sheet's cells.
pub(crate) enum Formats {
    /// calamine's styles (`.xlsx`).
    Styles(StyleRange),
    /// The format code of each number cell that has one ([`super::xls_formats`], `.xls`).
    Cells(HashMap<(u32, u32), String>),
}

pub(crate) struct Grid {
    range: Range<Data>,
    merges: Vec<Dimensions>,
    /// For each row of the range (from `range.start()`), the merged regions covering it.
    by_row: Option<Vec<Vec<u32>>>,
    formats: Formats,
}

impl Grid {
    pub(crate) fn new(range: Range<Data>, mut merges: Vec<Dimensions>, formats: Formats) -> Grid {
        // Malformed regions (end before start) and one-cell regions merge nothing.
        merges.retain(|m| m.start.0 <= m.end.0 && m.start.1 <= m.end.1 && m.len() > 1);
        let mut grid = Grid { range, merges, by_row: None, formats };
        let rows = grid.rows();
        let entries: usize = grid
            .merges
            .iter()
            .map(|m| (m.end.0.min(rows.end.saturating_sub(1)) + 1).saturating_sub(m.start.0.max(rows.start)) as usize)
            .sum();
        if entries <= MAX_INDEX {
            let mut index = vec![Vec::new(); rows.len()];
            for (k, m) in grid.merges.iter().enumerate() {
                for r in m.start.0.max(rows.start)..=m.end.0.min(rows.end.saturating_sub(1)) {
                    if let Some(list) = index.get_mut((r - rows.start) as usize) {
                        list.push(k as u32);
                    }
                }
            }
            grid.by_row = Some(index);
        }
        grid
    }

    /// The rows holding cells (absolute numbers; empty when the sheet is empty).
    pub(crate) fn rows(&self) -> std::ops::Range<u32> {
        match (self.range.start(), self.range.end()) {
            (Some(s), Some(e)) => s.0..e.0 + 1,
            _ => 0..0,
        }
    }

    /// The columns holding cells (absolute numbers).
    pub(crate) fn cols(&self) -> std::ops::Range<u32> {
        match (self.range.start(), self.range.end()) {
            (Some(s), Some(e)) => s.1..e.1 + 1,
            _ => 0..0,
        }
    }

    /// The merged region holding `(r, c)`, if any.
    pub(crate) fn merge_at(&self, r: u32, c: u32) -> Option<&Dimensions> {
        let rows = self.rows();
        match &self.by_row {
            Some(index) if rows.contains(&r) => {
                index[(r - rows.start) as usize].iter().map(|&k| &self.merges[k as usize]).find(|m| m.contains(r, c))
            }
            _ => self.merges.iter().find(|m| m.contains(r, c)),
        }
    }

    /// The cell whose value `(r, c)` shows: the top-left cell of its merged region, or itself.
    pub(crate) fn origin(&self, r: u32, c: u32) -> (u32, u32) {
        self.merge_at(r, c).map_or((r, c), |m| m.start)
    }

    /// Whether `(r, c)` is a cell of its own or the top-left cell of a merged region.
    pub(crate) fn is_origin(&self, r: u32, c: u32) -> bool {
        self.origin(r, c) == (r, c)
    }

    /// The last column of the merged region starting at or holding `(r, c)` (`c` itself when
    /// the cell is not merged).
    pub(crate) fn last_col(&self, r: u32, c: u32) -> u32 {
        self.merge_at(r, c).map_or(c, |m| m.end.1)
    }

    fn data(&self, r: u32, c: u32) -> &Data {
        static EMPTY: Data = Data::Empty;
        self.range.get_value(self.origin(r, c)).unwrap_or(&EMPTY)
    }

    /// The cell as Excel shows it (see the module docs), untrimmed.
    pub(crate) fn shown(&self, r: u32, c: u32) -> String {
        let (or, oc) = self.origin(r, c);
        match self.data(r, c) {
            Data::Float(x) => match decimal_of_f64(*x) {
                Some(d) => shown_number(d, self.format(or, oc)),
                None => x.to_string(),
            },
            Data::Int(i) => shown_number(Decimal::from(*i), self.format(or, oc)),
            other => text_of(other),
        }
    }

    /// The cell's value: a number's decimal text (`0.95`, `10`), any other cell as shown.
    pub(crate) fn value(&self, r: u32, c: u32) -> String {
        match self.data(r, c) {
            Data::Float(x) => decimal_of_f64(*x).map_or_else(|| x.to_string(), plain),
            Data::Int(i) => i.to_string(),
            _ => self.shown(r, c),
        }
    }

    /// Whether the cell shows nothing (blank, or only white space).
    pub(crate) fn is_empty_at(&self, r: u32, c: u32) -> bool {
        match self.data(r, c) {
            Data::String(s) => s.trim().is_empty(),
            d => is_empty(d),
        }
    }

    /// The number format of a cell, when the file records one.
    fn format(&self, r: u32, c: u32) -> Option<&str> {
        let code = match &self.formats {
            Formats::Styles(s) => s.get((r, c))?.number_format.as_ref()?.format_code.as_str(),
            Formats::Cells(m) => m.get(&(r, c))?.as_str(),
        };
        Some(code).filter(|c| !c.eq_ignore_ascii_case("general"))
    }
}

fn is_empty(d: &Data) -> bool {
    match d {
        Data::Empty => true,
        Data::String(s) => s.is_empty(),
        _ => false,
    }
}

/// A non-numeric cell as text.
fn text_of(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            date_text(y.into(), mo.into(), d.into(), (h, mi, s))
        }
        Data::DateTime(dt) => decimal_of_f64(dt.as_f64()).map_or_else(|| dt.as_f64().to_string(), plain),
        Data::DateTimeIso(s) => iso_date_text(s).unwrap_or_else(|| s.clone()),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(x) => decimal_of_f64(*x).map_or_else(|| x.to_string(), plain),
    }
}

/// `2021年12月31日`, with ` 10:30` (or ` 10:30:15`) when there is a time of day.
fn date_text(y: u32, m: u32, d: u32, (h, mi, s): (u8, u8, u8)) -> String {
    let mut t = format!("{}年{}月{}日", y, m, d);
    if (h, mi, s) != (0, 0, 0) {
        t.push_str(&format!(" {:02}:{:02}", h, mi));
        if s != 0 {
            t.push_str(&format!(":{:02}", s));
        }
    }
    t
}

/// An ISO date (`2021-12-31`, `2021-12-31T10:30:00`) as [`date_text`].
fn iso_date_text(s: &str) -> Option<String> {
    let (date, time) = s.split_once('T').unwrap_or((s, ""));
    let mut p = date.split('-');
    let (y, m, d) = (p.next()?.parse().ok()?, p.next()?.parse().ok()?, p.next()?.parse().ok()?);
    if p.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut t = time.split(':').map(|x| x.get(..2).and_then(|x| x.parse::<u8>().ok()).unwrap_or(0));
    let hms = (t.next().unwrap_or(0), t.next().unwrap_or(0), t.next().unwrap_or(0));
    Some(date_text(y, m, d, hms))
}

/// The decimal an `f64` cell stands for: from its shortest text, at Excel's 15 significant
/// digits. `None` for infinities, NaN and numbers beyond a decimal's range.
pub(crate) fn decimal_of_f64(x: f64) -> Option<Decimal> {
    if !x.is_finite() {
        return None;
    }
    // `Display` of an f64 is its shortest round-trip text, without an exponent.
    let text = x.to_string();
    let d = text.parse::<Decimal>().ok().or_else(|| Decimal::from_scientific(&format!("{:e}", x)).ok())?;
    Some(d.round_sf_with_strategy(EXCEL_DIGITS, RoundingStrategy::MidpointAwayFromZero).unwrap_or(d))
}

/// A decimal without trailing zeros (`10`, `0.95`).
fn plain(d: Decimal) -> String {
    crate::engine::fmt(d)
}

/// A number as a format shows it (see the module docs).
fn shown_number(d: Decimal, format: Option<&str>) -> String {
    let Some(f) = format.map(NumberFormat::read) else { return plain(d) };
    let mut x = d;
    if f.percent {
        x = x.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(x);
    }
    let number = match f.places {
        Some(p) => {
            let mut r = x.round_dp_with_strategy(p, RoundingStrategy::MidpointAwayFromZero);
            r.rescale(p);
            if r.is_zero() {
                // No `-0.00`.
                r = Decimal::ZERO;
                r.rescale(p);
            }
            r.to_string()
        }
        None => plain(x),
    };
    format!("{}{}{}{}", f.prefix, number, if f.percent { "%" } else { "" }, f.suffix)
}

/// What [`shown_number`] takes from a number format: its first section's decimal places, a
/// percent sign, and the literal text before and after the number.
#[derive(Debug, Default, PartialEq)]
struct NumberFormat {
    percent: bool,
    /// Fixed decimal places (`0.00` → 2); `None` for a format without digits.
    places: Option<u32>,
    prefix: String,
    suffix: String,
}

impl NumberFormat {
    fn read(code: &str) -> NumberFormat {
        let mut f = NumberFormat::default();
        let mut chars = code.chars();
        let mut seen_digit = false;
        let mut after_point: Option<u32> = None;
        let literal = |f: &mut NumberFormat, s: &str, seen_digit: bool| {
            if seen_digit {
                f.suffix.push_str(s);
            } else {
                f.prefix.push_str(s);
            }
        };
        while let Some(ch) = chars.next() {
            match ch {
                // Only the first section (for positive numbers) is read.
                ';' => break,
                '"' => {
                    let s: String = chars.by_ref().take_while(|&c| c != '"').collect();
                    literal(&mut f, &s, seen_digit);
                }
                '\\' => {
                    if let Some(c) = chars.next() {
                        literal(&mut f, &c.to_string(), seen_digit);
                    }
                }
                // `_x` leaves the width of x, `*x` fills with x: nothing shown here.
                '_' | '*' => {
                    chars.next();
                }
                // A colour, a condition or a locale (`[Red]`, `[$-804]`).
                '[' => {
                    for c in chars.by_ref() {
                        if c == ']' {
                            break;
                        }
                    }
                }
                '%' => f.percent = true,
                '0' | '#' | '?' => {
                    seen_digit = true;
                    if let Some(p) = after_point.as_mut() {
                        *p += 1;
                    }
                }
                '.' if seen_digit || after_point.is_none() => after_point = Some(0),
                ',' | ' ' => {}
                // Scientific, fraction and text formats: shown as the plain value.
                'E' | 'e' | '/' | '@' => return NumberFormat::default(),
                c if c.is_ascii_alphanumeric() => return NumberFormat::default(),
                c => literal(&mut f, &c.to_string(), seen_digit),
            }
        }
        if seen_digit {
            f.places = Some(after_point.unwrap_or(0));
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn floats_become_exact_decimals() {
        assert_eq!(decimal_of_f64(0.95), Some(d("0.95")));
        assert_eq!(decimal_of_f64(8.89), Some(d("8.89")));
        assert_eq!(decimal_of_f64(0.1 + 0.2).map(plain).as_deref(), Some("0.3"));
        assert_eq!(decimal_of_f64(3.49).map(plain).as_deref(), Some("3.49"));
        assert_eq!(decimal_of_f64(10.0).map(plain).as_deref(), Some("10"));
        assert_eq!(decimal_of_f64(1e-7).map(plain).as_deref(), Some("0.0000001"));
        assert_eq!(decimal_of_f64(f64::NAN), None);
        assert_eq!(decimal_of_f64(1e300), None);
    }

    #[test]
    fn numbers_as_shown() {
        let show = |x: &str, f: &str| shown_number(d(x), Some(f));
        assert_eq!(show("0.95", "0%"), "95%");
        assert_eq!(show("1", "0%"), "100%");
        assert_eq!(show("0.9525", "0.0%"), "95.3%");
        assert_eq!(show("0.3925", "0.00%"), "39.25%");
        assert_eq!(show("0.95", "General"), "0.95");
        assert_eq!(show("40", "0\"家\""), "40家");
        assert_eq!(show("40", "#,##0\\人"), "40人");
        assert_eq!(show("5.4", "0.00"), "5.40");
        assert_eq!(show("5.4", "[Red]0.0;[Blue]-0.0"), "5.4");
        assert_eq!(show("-0.001", "0.00"), "0.00");
        assert_eq!(show("1234", "0.00E+00"), "1234");
        assert_eq!(show("8.89", "@"), "8.89");
        assert_eq!(shown_number(d("0.95"), None), "0.95");
    }

    #[test]
    fn dates_as_written_on_the_form() {
        assert_eq!(date_text(2021, 12, 31, (0, 0, 0)), "2021年12月31日");
        assert_eq!(date_text(2021, 6, 1, (10, 30, 0)), "2021年6月1日 10:30");
        assert_eq!(iso_date_text("2021-12-31").as_deref(), Some("2021年12月31日"));
        assert_eq!(iso_date_text("2021-12-31T00:00:00").as_deref(), Some("2021年12月31日"));
        assert_eq!(iso_date_text("2021-13-31"), None);
        assert_eq!(iso_date_text("PT1H"), None);
    }
}
