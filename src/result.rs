//! The result of scoring a form (`format.md`, "A result").

use serde::{Deserialize, Serialize};

/// How serious an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// Declares [`IssueCode`] from one line per code, so that its variants, [`IssueCode::ALL`] and
/// [`IssueCode::as_str`] cannot disagree (a test holds `as_str` equal to serde's name).
macro_rules! issue_codes {
    ($($(#[$attr:meta])* $variant:ident = $code:literal,)*) => {
        /// The stable name of an issue (`scoring.md` §8). It serializes as its snake_case
        /// string, and [`IssueCode::as_str`] and `Display` give the same string.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum IssueCode {
            $($(#[$attr])* $variant,)*
        }

        impl IssueCode {
            /// Every code, in the order of `scoring.md` §8.
            pub const ALL: &'static [IssueCode] = &[$(IssueCode::$variant,)*];

            /// The code as `scoring.md` §8 and the JSON result write it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(IssueCode::$variant => $code,)*
                }
            }
        }
    };
}

issue_codes! {
    // Errors.
    UnknownSchema = "unknown_schema",
    InvalidForm = "invalid_form",
    UnknownProfile = "unknown_profile",
    InvalidSetting = "invalid_setting",
    InvalidAmount = "invalid_amount",
    NegativeAmount = "negative_amount",
    ExecutionWithoutBudget = "execution_without_budget",
    WeightsSum = "weights_sum",
    InvalidWeight = "invalid_weight",
    InvalidMethod = "invalid_method",
    InvalidTier = "invalid_tier",
    TargetEmpty = "target_empty",
    TargetNotNumeric = "target_not_numeric",
    TargetNotRange = "target_not_range",
    TargetNotDate = "target_not_date",
    ActualUnparseable = "actual_unparseable",
    UnitMismatch = "unit_mismatch",
    ManualScoreInvalid = "manual_score_invalid",
    ManualScoreOutOfRange = "manual_score_out_of_range",
    ManualScoreOutOfTier = "manual_score_out_of_tier",
    // Warnings, infos once a reason is given.
    /// serde's snake_case would write `execution_below90`.
    #[serde(rename = "execution_below_90")]
    ExecutionBelow90 = "execution_below_90",
    ExecutionAboveBudget = "execution_above_budget",
    OverAchievement = "over_achievement",
    Deviation = "deviation",
    ManualScoreDiffers = "manual_score_differs",
    // Warnings.
    FundTotalMismatch = "fund_total_mismatch",
    Level1Weights = "level1_weights",
    NegativeActual = "negative_actual",
    ActualUnitMissing = "actual_unit_missing",
    ReasonMissing = "reason_missing",
    // Infos.
    RowPending = "row_pending",
    ManualScoreRequired = "manual_score_required",
}

impl IssueCode {
    /// The code named `name` (`"invalid_form"` → [`IssueCode::InvalidForm`]).
    pub fn from_name(name: &str) -> Option<IssueCode> {
        IssueCode::ALL.iter().copied().find(|c| c.as_str() == name)
    }
}

impl std::fmt::Display for IssueCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// One finding of the engine about a field of the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub severity: Severity,
    /// Stable snake_case code from `scoring.md` §8.
    pub code: IssueCode,
    /// Path of the field (`format.md`), e.g. `indicators[3].actual`.
    pub path: String,
    /// Chinese message for a person.
    pub message: String,
}

/// How an indicator row ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    Scored,
    Pending,
    Manual,
    NotApplicable,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorResult {
    /// Position in the form's `indicators` list.
    pub index: usize,
    /// The method used (detected or chosen); null when it cannot be told (empty target).
    pub method: Option<&'static str>,
    pub status: RowStatus,
    pub score: Option<String>,
    /// One line a person can check by hand.
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subtotal {
    pub level1: String,
    pub weight: String,
    pub score: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Level2Subtotal {
    pub level1: String,
    pub level2: String,
    pub weight: String,
    pub score: String,
}

/// What the engine computes from a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreResult {
    /// 执行率 in percent as printed, with exactly `rate_decimals` places; null when n/a or pending.
    pub execution_rate: Option<String>,
    /// The budget row's score; null when not applicable or pending.
    pub budget_score: Option<String>,
    /// How the budget row was scored, in one line a person can check.
    pub budget_explanation: String,
    pub indicators: Vec<IndicatorResult>,
    /// Per 一级, in order of first appearance; never rescaled.
    pub subtotals: Vec<Subtotal>,
    /// Per 二级 (for display), in order of first appearance.
    pub level2_subtotals: Vec<Level2Subtotal>,
    pub total: Option<String>,
    pub grade: Option<String>,
    /// No pending row and no error. An incomplete form's total and grade are provisional.
    pub complete: bool,
    /// How many rows (the budget row included) still wait for input.
    pub pending: usize,
    pub issues: Vec<Issue>,
}

impl ScoreResult {
    /// The result of the form's indicator `index` (its position in `indicators` of the form).
    /// Placeholder rows have none; results are kept in increasing `index` order.
    pub fn indicator(&self, index: usize) -> Option<&IndicatorResult> {
        self.indicators.binary_search_by_key(&index, |r| r.index).ok().map(|k| &self.indicators[k])
    }

    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.severity == Severity::Error)
    }
    pub fn warnings(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.severity == Severity::Warning)
    }
    /// The result as one line of JSON (`format.md`, "A result"): the same bytes as
    /// `serde_json::to_string(self)` (a test holds them equal), written by hand because the
    /// CLI writes one per form and serde_json escapes strings a byte at a time.
    pub fn to_json_line(&self) -> String {
        let mut out = Vec::with_capacity(256 + 160 * self.indicators.len() + 160 * self.issues.len());
        self.write_json(&mut out);
        // Only valid UTF-8 went in: `&str` fields and ASCII punctuation.
        String::from_utf8(out).expect("JSON of UTF-8 strings is UTF-8")
    }

    /// Appends the result's JSON object (no newline) to `out`.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'{');
        self.write_json_fields(out);
        out.push(b'}');
    }

    /// Appends the result's fields, `"execution_rate":…,"issues":[…]`, without the braces (the
    /// CLI puts `"file"` before them).
    pub fn write_json_fields(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"\"execution_rate\":");
        json::opt_str(out, self.execution_rate.as_deref());
        out.extend_from_slice(b",\"budget_score\":");
        json::opt_str(out, self.budget_score.as_deref());
        out.extend_from_slice(b",\"budget_explanation\":");
        json::str(out, &self.budget_explanation);
        out.extend_from_slice(b",\"indicators\":");
        json::list(out, &self.indicators, |out, r| {
            out.extend_from_slice(b"{\"index\":");
            json::usize(out, r.index);
            // The method and status are keys from the tables and the score is a decimal:
            // none of them has anything to escape.
            match r.method {
                Some(m) => {
                    out.extend_from_slice(b",\"method\":\"");
                    json::plain(out, m);
                    out.extend_from_slice(b"\",\"status\":\"");
                }
                None => out.extend_from_slice(b",\"method\":null,\"status\":\""),
            }
            json::plain(out, r.status.key());
            match &r.score {
                Some(x) => {
                    out.extend_from_slice(b"\",\"score\":\"");
                    json::plain(out, x);
                    out.extend_from_slice(b"\",\"explanation\":");
                }
                None => out.extend_from_slice(b"\",\"score\":null,\"explanation\":"),
            }
            json::str(out, &r.explanation);
            out.push(b'}');
        });
        out.extend_from_slice(b",\"subtotals\":");
        json::list(out, &self.subtotals, |out, s| {
            json::str_object(out, &[("level1", &s.level1), ("weight", &s.weight), ("score", &s.score)]);
        });
        out.extend_from_slice(b",\"level2_subtotals\":");
        json::list(out, &self.level2_subtotals, |out, s| {
            json::str_object(
                out,
                &[("level1", &s.level1), ("level2", &s.level2), ("weight", &s.weight), ("score", &s.score)],
            );
        });
        out.extend_from_slice(b",\"total\":");
        json::opt_str(out, self.total.as_deref());
        out.extend_from_slice(b",\"grade\":");
        json::opt_str(out, self.grade.as_deref());
        out.extend_from_slice(if self.complete { b",\"complete\":true" } else { b",\"complete\":false" });
        out.extend_from_slice(b",\"pending\":");
        json::usize(out, self.pending);
        out.extend_from_slice(b",\"issues\":");
        json::list(out, &self.issues, |out, i| {
            out.extend_from_slice(b"{\"severity\":\"");
            out.extend_from_slice(i.severity.key().as_bytes());
            out.extend_from_slice(b"\",\"code\":");
            json::str(out, i.code.as_str());
            out.extend_from_slice(b",\"path\":");
            json::str(out, &i.path);
            out.extend_from_slice(b",\"message\":");
            json::str(out, &i.message);
            out.push(b'}');
        });
    }
}

impl Severity {
    /// The key in JSON (`error`, `warning`, `info`).
    pub fn key(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl IndicatorResult {
    /// Row `index` before it is scored: pending, nothing explained.
    pub fn pending(index: usize) -> IndicatorResult {
        IndicatorResult { index, method: None, status: RowStatus::Pending, score: None, explanation: String::new() }
    }
}

impl RowStatus {
    /// The key in JSON (`scored`, `pending`, `manual`, `not_applicable`).
    pub fn key(self) -> &'static str {
        match self {
            RowStatus::Scored => "scored",
            RowStatus::Pending => "pending",
            RowStatus::Manual => "manual",
            RowStatus::NotApplicable => "not_applicable",
        }
    }
}

/// JSON text pieces, written as serde_json writes them.
pub mod json {
    /// A JSON string literal for `s`, escaped as serde_json does: `"` `\\` and control
    /// characters (`\n` `\r` `\t` `\b` `\f`, else `\u00XX`); everything else as is.
    pub fn str(out: &mut Vec<u8>, s: &str) {
        out.reserve(s.len() + 2);
        out.push(b'"');
        let b = s.as_bytes();
        let mut start = 0;
        loop {
            let k = next_special(b, start);
            crate::value::push_bytes(out, &b[start..k]);
            let Some(&c) = b.get(k) else { break };
            push_escape(out, c, escape(c).expect("a special byte has an escape"));
            start = k + 1;
        }
        out.push(b'"');
    }

    /// The bytes of `s`, which has nothing to escape (a key from a table, a decimal), for
    /// the inside of a string literal.
    pub(crate) fn plain(out: &mut Vec<u8>, s: &str) {
        debug_assert_eq!(next_special(s.as_bytes(), 0), s.len(), "{s:?} has something to escape");
        crate::value::push_bytes(out, s.as_bytes());
    }

    /// A JSON array of `items`, each written by `item`.
    pub fn list<T>(out: &mut Vec<u8>, items: &[T], mut item: impl FnMut(&mut Vec<u8>, &T)) {
        out.push(b'[');
        for (k, x) in items.iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            item(out, x);
        }
        out.push(b']');
    }

    /// An object of string fields, in the order given (keys need no escaping).
    pub fn str_object(out: &mut Vec<u8>, fields: &[(&str, &str)]) {
        out.push(b'{');
        for (k, (key, value)) in fields.iter().enumerate() {
            out.extend_from_slice(if k == 0 { b"\"" } else { b",\"" });
            out.extend_from_slice(key.as_bytes());
            out.extend_from_slice(b"\":");
            str(out, value);
        }
        out.push(b'}');
    }

    /// A string, or `null`.
    pub fn opt_str(out: &mut Vec<u8>, s: Option<&str>) {
        match s {
            Some(s) => str(out, s),
            None => out.extend_from_slice(b"null"),
        }
    }

    /// A non-negative integer.
    pub fn usize(out: &mut Vec<u8>, n: usize) {
        let mut buf = [0u8; 20];
        crate::value::push_bytes(out, crate::value::usize_digits(n, &mut buf));
    }

    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;

    /// The bytes of `w` (eight bytes of a string, little-endian) that a JSON string escapes —
    /// control characters, `"` and `\\` — as a mask whose lowest set bit (bit 7 of its byte)
    /// marks the first of them exactly; 0 when there is none. The typed reader scans strings
    /// with it too.
    pub(crate) fn escape_mask(w: u64) -> u64 {
        let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
        // Bytes below 0x20 (exact for a bound ≤ 0x80).
        let control = w.wrapping_sub(ONES * 0x20) & !w & HIGHS;
        control | zero_byte(w ^ (ONES * b'"' as u64)) | zero_byte(w ^ (ONES * b'\\' as u64))
    }

    /// The position of the first byte at or after `i` that a JSON string escapes (or `b.len()`).
    pub(crate) fn next_special(b: &[u8], mut i: usize) -> usize {
        // Sixteen bytes at a time with SSE2, which every x86-64 processor has.
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::*;
            // SAFETY: SSE2 is part of x86-64; each load reads b[i..i + 16], which is in bounds.
            unsafe {
                // The special bytes of b[at..at + 16], as bits.
                let mask = |at: usize| {
                    let x = _mm_loadu_si128(b.as_ptr().add(at).cast());
                    // A byte is a control character when min(byte, 0x1F) is the byte itself.
                    let special = _mm_or_si128(
                        _mm_or_si128(
                            _mm_cmpeq_epi8(x, _mm_set1_epi8(b'"' as i8)),
                            _mm_cmpeq_epi8(x, _mm_set1_epi8(b'\\' as i8)),
                        ),
                        _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1F)), x),
                    );
                    _mm_movemask_epi8(special) as u32
                };
                while i + 16 <= b.len() {
                    let m = mask(i);
                    if m != 0 {
                        return i + m.trailing_zeros() as usize;
                    }
                    i += 16;
                }
                // The last few bytes: the last sixteen, without those before `i`.
                if i < b.len() && b.len() >= 16 {
                    let at = b.len() - 16;
                    let m = mask(at) >> (i - at);
                    return if m != 0 { i + m.trailing_zeros() as usize } else { b.len() };
                }
            }
        }
        while let Some(chunk) = b.get(i..i + 8) {
            let m = escape_mask(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
            if m != 0 {
                return i + (m.trailing_zeros() / 8) as usize;
            }
            i += 8;
        }
        while i < b.len() && escape(b[i]).is_none() {
            i += 1;
        }
        i
    }

    /// The escape for a byte, if it needs one: the letter after `\\`, or `u` for `\\u00XX`.
    fn escape(c: u8) -> Option<u8> {
        match c {
            b'"' => Some(b'"'),
            b'\\' => Some(b'\\'),
            b'\n' => Some(b'n'),
            b'\r' => Some(b'r'),
            b'\t' => Some(b't'),
            0x08 => Some(b'b'),
            0x0C => Some(b'f'),
            0..=0x1F => Some(b'u'),
            _ => None,
        }
    }

    fn push_escape(out: &mut Vec<u8>, c: u8, e: u8) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        out.push(b'\\');
        out.push(e);
        if e == b'u' {
            out.extend_from_slice(&[b'0', b'0', HEX[(c >> 4) as usize], HEX[(c & 0xF) as usize]]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_writer_escapes_as_serde_json_does() {
        let mut samples: Vec<String> = vec![
            String::new(),
            "plain".into(),
            "“失业”\"引号\"\\反斜杠/".into(),
            "制表\t换行\n回车\r退格\u{8}换页\u{c}响铃\u{7}\u{0}\u{1f}\u{7f}".into(),
            "12345678\"12345678\\1234567\n".into(),
        ];
        for c in 0u8..=0x7f {
            samples.push(format!("abcdefg{}hijklmnopq", c as char));
            samples.push((c as char).to_string());
        }
        for s in samples {
            let mut out = Vec::new();
            json::str(&mut out, &s);
            assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn the_line_is_serde_jsons_line() {
        for form in [crate::example::chengde_2021(), crate::example::generated(50, 3), crate::model::Form::default()] {
            let r = crate::engine::score(&form);
            assert_eq!(r.to_json_line(), serde_json::to_string(&r).unwrap());
        }
        let err = crate::model::Form::from_json_str("{\"schema\":\"x\"}").unwrap_err();
        let r = crate::engine::unreadable(&err);
        assert_eq!(r.to_json_line(), serde_json::to_string(&r).unwrap());
    }
}
