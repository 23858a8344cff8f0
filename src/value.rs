//! Reading a 年度指标值 or 实际完成值 (`scoring.md` §6, §10).
//!
//! [`parse`] turns what a person typed into a structured [`Value`]: a number with an optional
//! operator and unit, a range, a deadline, or qualitative text. It never panics, whatever the
//! input (property-tested and fuzzed).
//!
//! Choices where the spec is silent (a finance officer's reading):
//! - `−` (U+2212) and `－` read as a minus sign; a leading `+` is accepted.
//! - A magnitude word may repeat (`万亿` = 10¹²); 千/百 are not magnitudes (they are rare in
//!   forms and ambiguous in units such as 千米).
//! - Actual dates may carry the words people write around them: `已于2021年11月完成`,
//!   `2021年12月底前完成`. A date without a year takes the form's year.

use rust_decimal::Decimal;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    Ge,
    Le,
    Eq,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Ge => "≥",
            Op::Le => "≤",
            Op::Eq => "=",
        }
    }
}

/// The unit of a quantity, after folding 万/亿 into the value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Unit {
    None,
    Percent,
    Text(String),
}

impl Unit {
    pub fn is_none(&self) -> bool {
        matches!(self, Unit::None)
    }
    /// The unit as written after the number (without magnitude).
    pub fn as_str(&self) -> &str {
        match self {
            Unit::None => "",
            Unit::Percent => "%",
            Unit::Text(t) => t,
        }
    }
}

/// A number with its unit. `value` has the magnitude (万, 亿) folded in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    pub value: Decimal,
    pub unit: Unit,
    /// The magnitude that was written (1, 10⁴, 10⁸ …); 1 when none.
    pub scale: Decimal,
    /// The quantity as written, normalised, without operator words: `40家`, `95%`, `1.5万元`.
    pub text: String,
}

impl Quantity {
    /// Whether the quantity carries a unit or a magnitude word of its own.
    pub fn has_unit(&self) -> bool {
        !self.unit.is_none()
    }

    /// This quantity's value read in `other`'s magnitude ("6" under "≥5万元" is 60000).
    /// A side that wrote its own magnitude keeps it. `None` on overflow.
    pub fn value_in_unit_of(&self, other: &Quantity) -> Option<Decimal> {
        if self.scale == Decimal::ONE {
            self.value.checked_mul(other.scale)
        } else {
            Some(self.value)
        }
    }

    /// This quantity read in `other`'s unit and magnitude ("6" under "≥5万元" is 6万元).
    /// A side that wrote its own magnitude keeps it ("10万" beside "20万元" is 10万元).
    /// `None` on overflow.
    pub fn adopt_unit_of(&self, other: &Quantity) -> Option<Quantity> {
        let (value, scale) = if self.scale == Decimal::ONE {
            (self.value.checked_mul(other.scale)?, other.scale)
        } else {
            (self.value, self.scale)
        };
        Some(Quantity { value, unit: other.unit.clone(), scale, text: self.text.clone() })
    }
}

/// A period named in a deadline or a date; read as the end of that period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

/// A calendar day (year, month, day), ordered.
pub type Day = (i32, u32, u32);

impl Period {
    /// The last day of the period, taking `form_year` where no year is written.
    /// `None` when no year is known or the date does not exist.
    pub fn end(&self, form_year: Option<i32>) -> Option<Day> {
        let year = self.year.or(form_year)?;
        let month = self.month.unwrap_or(12);
        if !(1..=12).contains(&month) {
            return None;
        }
        let last = days_in_month(year, month);
        let day = match self.day {
            Some(d) if (1..=last).contains(&d) => d,
            Some(_) => return None,
            None => last,
        };
        Some((year, month, day))
    }

    /// `2021年12月底`, `2021年`, `6月30日` …
    // `push_str("年")` copies three bytes; `push('年')` encodes the char at run time (a
    // deadline row describes two dates).
    #[allow(clippy::single_char_add_str)]
    pub fn describe(&self, form_year: Option<i32>) -> String {
        let mut s = String::with_capacity(24);
        if let Some(y) = self.year.or(form_year) {
            if y < 0 {
                s.push('-');
            }
            push_usize(&mut s, y.unsigned_abs() as usize);
            s.push_str("年");
        }
        match (self.month, self.day) {
            (Some(m), Some(d)) => {
                push_usize(&mut s, m as usize);
                s.push_str("月");
                push_usize(&mut s, d as usize);
                s.push_str("日");
            }
            (Some(m), None) => {
                push_usize(&mut s, m as usize);
                s.push_str("月底");
            }
            (None, _) => s.push_str("底"),
        }
        s
    }
}

/// Whether `needle` occurs in `hay`.
pub(crate) fn has(hay: &str, needle: &str) -> bool {
    hay.contains(needle)
}

/// Whether any of `needles` occurs in `hay`.
pub(crate) fn has_any(hay: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| hay.contains(n))
}

/// `s` without white space at either end.
pub(crate) fn trim(s: &str) -> &str {
    s.trim()
}

/// Appends `n` in decimal digits.
pub(crate) fn push_usize(s: &mut String, n: usize) {
    use std::fmt::Write;
    let _ = write!(s, "{}", n);
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            if leap {
                29
            } else {
                28
            }
        }
    }
}

/// What a cell says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Empty,
    /// A number, with an operator when one was written.
    Number {
        op: Option<Op>,
        qty: Quantity,
    },
    /// `lo–hi` in one unit, lo ≤ hi.
    Range {
        lo: Quantity,
        hi: Quantity,
    },
    /// `YYYY年M月底前`, `年底前`, `年内` …: on or before the end of the period.
    Deadline(Period),
    /// Anything else, normalised (§6 step 1).
    Text(String),
}

// ---------------------------------------------------------------------------------------------
// Normalisation

/// §6 step 1: full-width to half-width, ≧ ≦ to ≥ ≤, no white space, no thousands separators
/// (a comma between a digit and exactly three digits), no final "。".
pub fn normalize(s: &str) -> String {
    normalized(s).into_owned()
}

/// Classes of bytes, as bits. SUSPICIOUS: may start a character that normalising changes:
/// every such character is ASCII white space or a comma, or starts with one of these lead bytes
/// (U+0085/U+00A0: C2; U+1680: E1; U+2000–U+206F: E2; U+3000–U+303F: E3; full-width forms:
/// EF). Chinese text is E4–E9. The other classes serve [`read_unit`] and `quick`.
const SUSPICIOUS: u8 = 1;
const ASCII_SEP: u8 = 2;
const DIGIT: u8 = 4;
/// The last byte of 至 (E8 87 B3) or 到 (E5 88 B0).
const SEP_END: u8 = 8;
const PERCENT: u8 = 16;
/// The first byte of 百 (E7 99 BE), among others.
const E7: u8 = 32;
const CLASS: [u8; 256] = {
    let mut t = [0; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b'\t'..=b'\r' | b' ' | b',' | 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF => SUSPICIOUS,
            b'-' | b'~' => ASCII_SEP,
            b'0'..=b'9' => DIGIT,
            0xB0 | 0xB3 => SEP_END,
            b'%' => PERCENT,
            0xE7 => E7,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// Whether [`normalize`] would change `s` (so the common case allocates nothing).
fn needs_normalizing(s: &str) -> bool {
    // A byte pass first (see SUSPICIOUS).
    let suspicious = s.bytes().any(|b| CLASS[b as usize] & SUSPICIOUS != 0);
    suspicious
        && (s.ends_with('。')
            || s.chars()
                .any(|c| matches!(c, '\u{FF01}'..='\u{FF5E}' | '≧' | '≦' | '\u{2212}' | ',') || c.is_whitespace()))
}

/// [`normalize`], borrowing when nothing changes.
pub fn normalized(s: &str) -> std::borrow::Cow<'_, str> {
    if needs_normalizing(s) {
        std::borrow::Cow::Owned(normalize_owned(s))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

fn normalize_owned(s: &str) -> String {
    let mut chars: Vec<char> = Vec::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '≧' => '≥',
            '≦' => '≤',
            '\u{2212}' => '-',
            _ => c,
        };
        if c.is_whitespace() {
            continue;
        }
        chars.push(c);
    }
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ','
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1..i + 4).is_some_and(|w| w.iter().all(char::is_ascii_digit))
            && !chars.get(i + 4).is_some_and(char::is_ascii_digit)
        {
            continue;
        }
        out.push(c);
    }
    if out.ends_with('。') {
        out.pop();
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Operators

/// Operator words that stand before the number, longest first.
const PREFIX_OPS: &[(&str, Op)] = &[
    ("不低于", Op::Ge),
    ("不少于", Op::Ge),
    ("不小于", Op::Ge),
    ("不高于", Op::Le),
    ("不超过", Op::Le),
    ("不大于", Op::Le),
    ("控制在", Op::Le),
    ("达到", Op::Ge),
    ("至少", Op::Ge),
    ("大于", Op::Ge),
    ("高于", Op::Ge),
    ("超过", Op::Ge),
    ("至多", Op::Le),
    ("小于", Op::Le),
    ("低于", Op::Le),
    ("少于", Op::Le),
    ("等于", Op::Eq),
    (">=", Op::Ge),
    ("<=", Op::Le),
    ("≥", Op::Ge),
    ("≤", Op::Le),
    (">", Op::Ge),
    ("<", Op::Le),
    ("=", Op::Eq),
    // Look-alikes that published forms use (§11): ‹= ›= ≯ ≮ ═ 〓.
    ("\u{2039}=", Op::Le),
    ("\u{203A}=", Op::Ge),
    ("≯", Op::Le),
    ("≮", Op::Ge),
    ("═", Op::Eq),
    ("〓", Op::Eq),
];

/// Operator words that stand after the unit, longest first.
const SUFFIX_OPS: &[(&str, Op)] = &[
    ("及以上", Op::Ge),
    ("及以下", Op::Le),
    ("以上", Op::Ge),
    ("以内", Op::Le),
    ("之内", Op::Le),
    ("以下", Op::Le),
    ("内", Op::Le),
];

fn strip_prefix_op(s: &str) -> (Option<Op>, &str) {
    if s.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.') {
        return (None, s);
    }
    for (w, op) in PREFIX_OPS {
        if let Some(rest) = s.strip_prefix(w) {
            return (Some(*op), rest);
        }
    }
    (None, s)
}

fn strip_suffix_op(s: &str) -> (Option<Op>, &str) {
    for (w, op) in SUFFIX_OPS {
        if let Some(rest) = s.strip_suffix(w) {
            return (Some(*op), rest);
        }
    }
    (None, s)
}

// ---------------------------------------------------------------------------------------------
// Numbers and units

/// Splits a leading decimal number (`-12.5`) off `s`: (the number's text, the rest).
fn split_number(s: &str) -> Option<(&str, &str)> {
    let b = s.as_bytes();
    let sign = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let int = b[sign..].iter().take_while(|c| c.is_ascii_digit()).count();
    match unsigned_number_len(&b[sign..], int) {
        0 => None,
        len => Some(s.split_at(sign + len)),
    }
}

/// The length of the unsigned number at the start of `b`, given the `int` digits in front:
/// those digits, then a point and at least one digit (`12`, `12.5`, `.5`; the point of `5.` is
/// not part of it); 0 when there is no digit.
fn unsigned_number_len(b: &[u8], int: usize) -> usize {
    let mut end = int;
    if b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
        end += 2;
        while b.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
    }
    end
}

fn parse_decimal(num: &str) -> Option<Decimal> {
    let t = num.strip_prefix('+').unwrap_or(num);
    // Decimal::from_str rejects more than 28 significant digits; such a value is not a number here.
    t.parse::<Decimal>().ok()
}

/// Reads a unit text (what follows the number, operators removed): its magnitude and unit.
/// Text with a digit in it is not a unit.
fn read_unit(text: &str) -> Option<(Decimal, Unit)> {
    // The usual units first: none, and a bare percent sign.
    match text {
        "" => return Some((Decimal::ONE, Unit::None)),
        "%" => return Some((Decimal::ONE, Unit::Percent)),
        _ => {}
    }
    let class = text.bytes().fold(0, |k, c| k | CLASS[c as usize]);
    if class & DIGIT != 0 {
        return None;
    }
    // Magnitude words in front: 万 (E4 B8 87), 亿 (E4 BA BF).
    let mut scale = Decimal::ONE;
    let mut rest = text;
    loop {
        let m: u32 = match rest.as_bytes() {
            [0xE4, 0xB8, 0x87, ..] => 10_000,
            [0xE4, 0xBA, 0xBF, ..] => 100_000_000,
            _ => break,
        };
        scale = scale.checked_mul(Decimal::from(m))?;
        rest = &rest[3..];
    }
    let unit = if rest.is_empty() {
        Unit::None
    } else if class & PERCENT != 0 || (class & E7 != 0 && has(rest, "百分比")) {
        Unit::Percent
    } else {
        Unit::Text(rest.to_owned())
    };
    Some((scale, unit))
}

/// A whole quantity: number then unit, nothing else.
fn read_quantity(s: &str) -> Option<Quantity> {
    let (num, unit_text) = split_number(s)?;
    let raw = parse_decimal(num)?;
    let (scale, unit) = read_unit(unit_text)?;
    Some(Quantity { value: raw.checked_mul(scale)?, unit, scale, text: s.to_owned() })
}

const RANGE_SEPS: &[char] = &['-', '–', '—', '~', '至', '到'];

/// `lo SEP hi` in one unit with lo ≤ hi; a side without a unit takes the other side's.
fn read_range(s: &str) -> Option<(Quantity, Quantity)> {
    let (lo_num, after) = split_number(s)?;
    if lo_num.starts_with('+') {
        return None;
    }
    let sep_at = after.find(RANGE_SEPS)?;
    let lo_text = &s[..lo_num.len() + sep_at];
    let sep_len = after[sep_at..].chars().next()?.len_utf8();
    let hi_text = &after[sep_at + sep_len..];
    if hi_text.starts_with(['-', '+']) {
        return None;
    }
    let lo = read_quantity(lo_text)?;
    let hi = read_quantity(hi_text)?;
    // §6.5: a side without a unit takes the other side's unit, and its magnitude unless it
    // wrote its own (`10万-20万元` is 10万元–20万元; `1-2万元` and `1-2万` are 1万–2万).
    let bare = |q: &Quantity| q.scale == Decimal::ONE;
    let (lo, hi) = match (lo.has_unit(), hi.has_unit()) {
        (false, true) => (lo.adopt_unit_of(&hi)?, hi),
        (true, false) => {
            let hi = hi.adopt_unit_of(&lo)?;
            (lo, hi)
        }
        (false, false) if bare(&lo) && !bare(&hi) => (lo.adopt_unit_of(&hi)?, hi),
        (false, false) if !bare(&lo) && bare(&hi) => {
            let hi = hi.adopt_unit_of(&lo)?;
            (lo, hi)
        }
        _ => (lo, hi),
    };
    if lo.unit != hi.unit || lo.value > hi.value {
        return None;
    }
    Some((lo, hi))
}

// ---------------------------------------------------------------------------------------------
// Dates and deadlines

/// Reads `digits` then `marker` at the start of `s`, e.g. `2021年`.
fn take_num_marker<'a>(s: &'a str, marker: &str, max_digits: usize) -> Option<(u32, &'a str)> {
    let b = s.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > max_digits {
        return None;
    }
    let rest = s[digits..].strip_prefix(marker)?;
    // At most four digits (`max_digits`): no overflow.
    Some((b[..digits].iter().fold(0, |n, &c| n * 10 + u32::from(c - b'0')), rest))
}

/// `YYYY年M月D日` with each part optional (a day needs a month), read from the start.
fn take_cjk_date(s: &str) -> (Period, &str) {
    let mut p = Period { year: None, month: None, day: None };
    let mut rest = s;
    if let Some((y, r)) = take_num_marker(rest, "年", 4) {
        if (1000..=9999).contains(&y) {
            p.year = Some(y as i32);
            rest = r;
        }
    }
    if let Some((m, r)) = take_num_marker(rest, "月", 2) {
        p.month = Some(m);
        rest = r;
        if let Some((d, r)) = take_num_marker(rest, "日", 2) {
            p.day = Some(d);
            rest = r;
        } else if let Some((d, r)) = take_num_marker(rest, "号", 2) {
            p.day = Some(d);
            rest = r;
        }
    }
    (p, rest)
}

/// `YYYY-MM(-DD)`, `YYYY.MM(.DD)`, `YYYY/MM(/DD)`; the whole of `s`.
fn numeric_date(s: &str) -> Option<Period> {
    let sep = ['-', '.', '/'].into_iter().find(|c| s.contains(*c))?;
    let parts: Vec<&str> = s.split(sep).collect();
    if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    if parts[0].len() != 4 || parts[1].len() > 2 || parts.get(2).is_some_and(|d| d.len() > 2) {
        return None;
    }
    Some(Period {
        year: Some(parts[0].parse().ok()?),
        month: Some(parts[1].parse().ok()?),
        day: match parts.get(2) {
            Some(d) => Some(d.parse().ok()?),
            None => None,
        },
    })
}

fn strip_any<'a>(s: &'a str, words: &[&str]) -> &'a str {
    for w in words {
        if let Some(r) = s.strip_suffix(w) {
            return r;
        }
    }
    s
}

/// A deadline target (§10): optional `YYYY年`, optional `M月`, optional `D日`, optional 底/末,
/// then 前/以前/之前 (a trailing 完成 is allowed); also 年底前, 年末前, 年内, `YYYY年内`.
/// At least a year or a month must be named, or the 年底/年内 forms used.
pub fn parse_deadline(norm: &str) -> Option<Period> {
    let s = norm.strip_suffix("完成").unwrap_or(norm);
    let none = Period { year: None, month: None, day: None };
    if matches!(s, "年底前" | "年末前" | "年底以前" | "年底之前" | "年内" | "本年内" | "当年内" | "年底")
    {
        return Some(none);
    }
    let (p, rest) = take_cjk_date(s);
    if p.year.is_none() && p.month.is_none() {
        return None;
    }
    // `2021年内`
    if p.year.is_some() && p.month.is_none() && rest == "内" {
        return Some(p);
    }
    let rest = rest.strip_prefix('底').or_else(|| rest.strip_prefix('末')).unwrap_or(rest);
    if matches!(rest, "前" | "以前" | "之前") {
        Some(p)
    } else {
        None
    }
}

/// An actual date (§10): `YYYY年M月D日`, `YYYY年M月`, `YYYY年`, `M月(D日)` (the form's year),
/// `YYYY-MM-DD`, `YYYY.MM(.DD)`, `YYYY/MM(/DD)`; read as the end of its period. Words people
/// write around a date are allowed: 已于/于 before it, 底/末, 前/以前/之前 and 完成 after it.
pub fn parse_date(text: &str) -> Option<Period> {
    let norm = normalized(text);
    let mut s: &str = &norm;
    for p in ["已于", "于", "已"] {
        if let Some(r) = s.strip_prefix(p) {
            s = r;
            break;
        }
    }
    let s = strip_any(s, &["已完成", "完成"]);
    let s = strip_any(s, &["以前", "之前", "前"]);
    let s = strip_any(s, &["底", "末"]);
    if let Some(p) = numeric_date(s) {
        return Some(p);
    }
    let (p, rest) = take_cjk_date(s);
    if !rest.is_empty() || (p.year.is_none() && p.month.is_none()) {
        return None;
    }
    Some(p)
}

/// An actual that says the work was done on time (按时, 按期, 如期, 准时, 提前 …), unless it
/// also says 未, 没有 or 不 (§11).
pub fn says_on_time(text: &str) -> bool {
    let n = normalized(text);
    has_any(&n, &["按时", "按期", "如期", "提前", "准时"]) && !has_any(&n, &["未", "没有", "不"])
}

/// A target that says the row does not apply: only `/`, `—`, `-`, `无` or `不适用` (§11).
pub fn says_not_applicable(text: &str) -> bool {
    matches!(normalized(text).as_ref(), "/" | "—" | "-" | "无" | "不适用")
}

/// An actual that writes a zero as words (§11): 无, 零, 没有, 未发生, or 无 followed by text
/// without a digit (无上访, 无安全事故). `无法…` (无法统计) says nothing was counted: not a zero.
pub fn says_zero(text: &str) -> bool {
    let n = normalized(text);
    match n.as_ref() {
        "无" | "零" | "没有" | "未发生" => true,
        s => s.strip_prefix('无').is_some_and(|rest| {
            !rest.is_empty() && !rest.starts_with('法') && !rest.chars().any(|c| c.is_ascii_digit())
        }),
    }
}

/// The tier an actual names (§11): 未达成… → not achieved, 部分达成… → partial, and
/// 达成预期指标, 达成年度指标, 已达成, 全部达成, 达成目标 → achieved; the longest match wins, at
/// the start of the actual (`基本达成…` names none). `Some((tier key, the words as read))`.
pub fn named_tier(text: &str) -> Option<(&'static str, String)> {
    let n = normalized(text);
    let key = if n.starts_with("未达成") {
        "not_achieved"
    } else if n.starts_with("部分达成") {
        "partial"
    } else if ["达成预期指标", "达成年度指标", "已达成", "全部达成", "达成目标"].iter().any(|w| n.starts_with(w))
    {
        "achieved"
    } else {
        return None;
    };
    let words = n.split(['，', '。', '；', ',', ';']).next().unwrap_or(&n).to_string();
    Some((key, words))
}

// ---------------------------------------------------------------------------------------------
// The parser

/// Reads a value (§6). Never panics.
pub fn parse(text: &str) -> Value {
    let norm = normalized(text);
    if norm.is_empty() {
        return Value::Empty;
    }
    // Cheap tests first (one pass): a deadline names 前 or 内 (or is 年底), a range has a
    // separator.
    let (mut deadline_word, mut range_sep) = (false, false);
    for c in norm.chars() {
        deadline_word |= matches!(c, '前' | '内' | '底');
        range_sep |= RANGE_SEPS.contains(&c);
    }
    if deadline_word {
        if let Some(p) = parse_deadline(&norm) {
            return Value::Deadline(p);
        }
    }
    if range_sep {
        if let Some((lo, hi)) = read_range(&norm) {
            return Value::Range { lo, hi };
        }
    }
    if let Some(v) = read_number(&norm) {
        return v;
    }
    Value::Text(norm.into_owned())
}

fn read_number(norm: &str) -> Option<Value> {
    let (pre, body) = strip_prefix_op(norm);
    let (num, after) = split_number(body)?;
    let (post, unit_text) = strip_suffix_op(after);
    let op = match (pre, post) {
        (Some(a), Some(b)) if a != b => return None,
        (a, b) => a.or(b),
    };
    let raw = parse_decimal(num)?;
    let (scale, unit) = read_unit(unit_text)?;
    // The number and its unit stand together in `body`.
    let text = body[..num.len() + unit_text.len()].to_owned();
    Some(Value::Number { op, qty: Quantity { value: raw.checked_mul(scale)?, unit, scale, text } })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn num(s: &str) -> (Option<Op>, Decimal, Unit) {
        match parse(s) {
            Value::Number { op, qty } => (op, qty.value, qty.unit),
            other => panic!("{s:?} read as {other:?}"),
        }
    }

    #[test]
    fn operators_and_units() {
        assert_eq!(num("≥95%"), (Some(Op::Ge), d("95"), Unit::Percent));
        assert_eq!(num("＞＝９５％"), (Some(Op::Ge), d("95"), Unit::Percent));
        assert_eq!(num("≧95%"), (Some(Op::Ge), d("95"), Unit::Percent));
        assert_eq!(num("40 家"), (None, d("40"), Unit::Text("家".into())));
        assert_eq!(num("3个工作日内"), (Some(Op::Le), d("3"), Unit::Text("个工作日".into())));
        assert_eq!(num("95%以上"), (Some(Op::Ge), d("95"), Unit::Percent));
        assert_eq!(num("不低于95%及以上"), (Some(Op::Ge), d("95"), Unit::Percent));
        assert_eq!(num("控制在5%以内"), (Some(Op::Le), d("5"), Unit::Percent));
        assert_eq!(num("95%(含)"), (None, d("95"), Unit::Percent));
        assert_eq!(num("95百分比"), (None, d("95"), Unit::Percent));
        assert_eq!(num("5万元"), (None, d("50000"), Unit::Text("元".into())));
        assert_eq!(num("1.2亿元"), (None, d("120000000"), Unit::Text("元".into())));
        assert_eq!(num("等于100%"), (Some(Op::Eq), d("100"), Unit::Percent));
        assert_eq!(num("1,000人"), (None, d("1000"), Unit::Text("人".into())));
        assert_eq!(num("-5"), (None, d("-5"), Unit::None));
        assert_eq!(num("100%。"), (None, d("100"), Unit::Percent));
        assert_eq!(num("0起"), (None, d("0"), Unit::Text("起".into())));
    }

    #[test]
    fn disagreeing_operators_and_digit_units_are_text() {
        assert!(matches!(parse("不低于95%以下"), Value::Text(_)));
        assert!(matches!(parse("40家企业3个"), Value::Text(_)));
        assert!(matches!(parse("1,00人"), Value::Text(_)));
        assert!(matches!(parse("完善"), Value::Text(_)));
        assert!(matches!(parse("达到预期"), Value::Text(_)));
        assert_eq!(parse("  "), Value::Empty);
    }

    #[test]
    fn ranges() {
        let Value::Range { lo, hi } = parse("1-2万元") else { panic!() };
        assert_eq!((lo.value, hi.value), (d("10000"), d("20000")));
        assert_eq!(lo.unit, Unit::Text("元".into()));
        let Value::Range { lo, hi } = parse("90%～100%") else { panic!() };
        assert_eq!((lo.value, hi.value, lo.unit), (d("90"), d("100"), Unit::Percent));
        let Value::Range { lo, .. } = parse("80至90分") else { panic!() };
        assert_eq!(lo.unit, Unit::Text("分".into()));
        assert!(!matches!(parse("5-3个"), Value::Range { .. }));
        assert!(!matches!(parse("1个-2天"), Value::Range { .. }));
        assert!(!matches!(parse("2021-12-31"), Value::Range { .. }));
    }

    #[test]
    fn deadlines_and_dates() {
        let dl = |s: &str| match parse(s) {
            Value::Deadline(p) => p,
            other => panic!("{s:?} read as {other:?}"),
        };
        assert_eq!(dl("2021年12月底前").end(None), Some((2021, 12, 31)));
        assert_eq!(dl("12月底前").end(Some(2021)), Some((2021, 12, 31)));
        assert_eq!(dl("12月底前").end(None), None);
        assert_eq!(dl("2021年6月30日前").end(None), Some((2021, 6, 30)));
        assert_eq!(dl("2022年前").end(None), Some((2022, 12, 31)));
        assert_eq!(dl("年底前").end(Some(2021)), Some((2021, 12, 31)));
        assert_eq!(dl("年内").end(Some(2020)), Some((2020, 12, 31)));
        assert_eq!(dl("2024年2月以前").end(None), Some((2024, 2, 29)));
        assert_eq!(parse_date("2021年12月").unwrap().end(None), Some((2021, 12, 31)));
        assert_eq!(parse_date("2021-11-05").unwrap().end(None), Some((2021, 11, 5)));
        assert_eq!(parse_date("2021.11").unwrap().end(None), Some((2021, 11, 30)));
        assert_eq!(parse_date("2021/2/3").unwrap().end(None), Some((2021, 2, 3)));
        assert_eq!(parse_date("已于2021年11月完成").unwrap().end(None), Some((2021, 11, 30)));
        assert_eq!(parse_date("2021年").unwrap().end(None), Some((2021, 12, 31)));
        assert_eq!(parse_date("2021年13月").unwrap().end(None), None);
        assert!(parse_date("完成").is_none());
        assert!(says_on_time("按时完成"));
        assert!(!says_on_time("未按时完成"));
    }

    #[test]
    fn the_normalising_prefilter_misses_nothing() {
        let spaces =
            [" ", "\t", "\n", "\u{3000}", "\u{a0}", "\u{2003}", "\u{2028}", "\u{202f}", "\u{205f}", "\u{85}", ""];
        let cores = [
            "",
            "x",
            "≥95%",
            "≤5",
            "–",
            "完善",
            "中 文",
            "（注）",
            "a\u{3000}b",
            "数量指标",
            "。",
            "…",
            "\u{2260}1",
            "已制定整改计划。",
            "完成，",
            "ａ",
            "、",
            "「x」",
            "〇",
            "\u{3001}\u{3000}",
        ];
        for a in spaces {
            for core in cores {
                for z in spaces {
                    let t = format!("{a}{core}{z}");
                    assert_eq!(needs_normalizing(&t), normalize_owned(&t) != t, "{t:?}");
                }
            }
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "",
            "-",
            "+",
            ".",
            "-.",
            "万",
            "1万亿亿亿亿亿亿亿亿",
            "99999999999999999999999999999999",
            "≥",
            "1-",
            "-1-2",
            "年",
            "0月前",
            "99月底前",
            "\u{FF5E}",
            "，，，1,000,000",
        ] {
            let _ = parse(s);
            let _ = parse_date(s);
        }
    }
}
