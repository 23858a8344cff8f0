//! The form (项目支出绩效自评表) and its JSON exchange format (`format.md`).
//!
//! The model keeps every user-entered value **exactly as typed** (as text): the engine parses
//! and judges, the model never reformats. Reading is tolerant of content (a weight of "十" is
//! read, and the engine reports it) but strict about structure: a value of the wrong JSON type
//! is a [`ReadError`] naming the path, in Chinese.
//!
//! Empty amounts, weights and scores are written as `null`; empty texts as `""`. Fields this
//! version does not know are kept and written back (round trip).

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};
use std::fmt;

/// The current exchange-format schema.
pub const SCHEMA: &str = "ziping.self-eval/1";

/// A form that could not be read, with the path of the offending field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// Stable code: `invalid_form` (not JSON, or a field of the wrong type) or `unknown_schema`.
    pub code: &'static str,
    /// Path as in `format.md` (empty for the whole document).
    pub path: String,
    /// Chinese message.
    pub message: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}：{}", self.path, self.message)
        }
    }
}

impl std::error::Error for ReadError {}

/// One column triple of the funds block (万元), as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Amounts {
    /// 年初预算数
    pub initial: String,
    /// 全年预算数
    pub annual: String,
    /// 全年执行数
    pub executed: String,
    /// Unknown fields of this JSON object (for a source row: besides its label), kept on a round trip.
    pub extra: Map<String, Value>,
}

/// The three amount columns, in the order of the paper form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Initial,
    Annual,
    Executed,
}

impl Column {
    pub const ALL: [Column; 3] = [Column::Initial, Column::Annual, Column::Executed];
    pub fn key(self) -> &'static str {
        match self {
            Column::Initial => "initial",
            Column::Annual => "annual",
            Column::Executed => "executed",
        }
    }
    /// The official column name.
    pub fn label(self) -> &'static str {
        match self {
            Column::Initial => "年初预算数",
            Column::Annual => "全年预算数",
            Column::Executed => "全年执行数",
        }
    }
}

impl Amounts {
    pub fn get(&self, c: Column) -> &str {
        match c {
            Column::Initial => &self.initial,
            Column::Annual => &self.annual,
            Column::Executed => &self.executed,
        }
    }
    pub fn get_mut(&mut self, c: Column) -> &mut String {
        match c {
            Column::Initial => &mut self.initial,
            Column::Annual => &mut self.annual,
            Column::Executed => &mut self.executed,
        }
    }
}

/// A 其中 row of the funds block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    pub label: String,
    pub amounts: Amounts,
}

/// 项目资金 (万元).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Funds {
    /// The budget row's 分值; empty means 10.
    pub weight: String,
    /// 年度资金总额 as typed.
    pub total: Amounts,
    pub sources: Vec<Source>,
    /// The budget row's explanation (执行率 below 90% or above 100%).
    pub reason: String,
    pub extra: Map<String, Value>,
}

/// 年度总体目标.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Goals {
    /// 预期目标
    pub expected: String,
    /// 实际完成情况
    pub achieved: String,
    pub extra: Map<String, Value>,
}

/// One 三级 indicator row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    pub level1: String,
    pub level2: String,
    /// 三级指标
    pub name: String,
    /// 年度指标值
    pub target: String,
    /// 实际完成值
    pub actual: String,
    /// 分值
    pub weight: String,
    /// `auto` or a method name; kept as typed so that an invalid one can be reported.
    pub method: String,
    /// `achieved`, `partial`, `not_achieved`; empty = none.
    pub tier: String,
    /// A manual 得分; empty = computed.
    pub score: String,
    /// 偏差原因分析及改进措施
    pub reason: String,
    pub extra: Map<String, Value>,
}

impl Default for Indicator {
    fn default() -> Self {
        Indicator {
            level1: String::new(),
            level2: String::new(),
            name: String::new(),
            target: String::new(),
            actual: String::new(),
            weight: String::new(),
            method: "auto".into(),
            tier: String::new(),
            score: String::new(),
            reason: String::new(),
            extra: Map::new(),
        }
    }
}

impl Indicator {
    pub fn new(level1: &str, level2: &str) -> Self {
        Indicator { level1: level1.into(), level2: level2.into(), ..Default::default() }
    }

    /// A method cell as read: an empty one means `auto` (every reader applies this).
    #[inline]
    fn method_or_auto(method: String) -> String {
        if crate::value::trim(&method).is_empty() {
            "auto".into()
        } else {
            method
        }
    }

    /// A row whose target, actual, weight and manual score are all empty is a placeholder
    /// (the paper form's "指标 2:" rows) and is ignored everywhere.
    pub fn is_placeholder(&self) -> bool {
        [&self.target, &self.actual, &self.weight, &self.score].iter().all(|s| crate::value::trim(s).is_empty())
    }
}

/// The whole form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// Always [`SCHEMA`] once read (older schemas are migrated on reading).
    pub schema: String,
    /// 年度 as typed (a JSON number or string); the engine reads the year from it.
    pub year: String,
    /// 项目名称
    pub project: String,
    /// 主管部门
    pub department: String,
    /// 实施单位
    pub implementer: String,
    /// Profile name (`scoring.md` §7); empty means `mof`.
    pub profile: String,
    /// Only the settings this form overrides, as given.
    pub settings: Map<String, Value>,
    pub funds: Funds,
    pub goals: Goals,
    pub indicators: Vec<Indicator>,
    /// The edited 自评报告; `None` means "generate it from the form".
    pub report: Option<String>,
    pub extra: Map<String, Value>,
}

impl Default for Form {
    fn default() -> Self {
        Form {
            schema: SCHEMA.into(),
            year: String::new(),
            project: String::new(),
            department: String::new(),
            implementer: String::new(),
            profile: "mof".into(),
            settings: Map::new(),
            funds: Funds::default(),
            goals: Goals::default(),
            indicators: Vec::new(),
            report: None,
            extra: Map::new(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

/// Older schemas and how to bring them forward. Each entry migrates a document of `from` to the
/// next schema in place; reading applies them in a chain until [`SCHEMA`] is reached.
/// There is only one schema so far; a `ziping.self-eval/2` adds `("ziping.self-eval/1", f)`.
type Migration = fn(&mut Map<String, Value>) -> Result<(), ReadError>;
const MIGRATIONS: &[(&str, &str, Migration)] = &[];

/// Brings a document to the current schema. A missing `schema` is read as the current version.
pub fn migrate(doc: &mut Map<String, Value>) -> Result<(), ReadError> {
    let mut schema = match doc.get("schema") {
        None | Some(Value::Null) => SCHEMA.to_string(),
        Some(Value::String(s)) if s.trim().is_empty() => SCHEMA.to_string(),
        Some(Value::String(s)) => s.trim().to_string(),
        Some(other) => {
            return Err(ReadError {
                code: crate::result::IssueCode::UnknownSchema.as_str(),
                path: "schema".into(),
                message: format!("格式版本应为文字，实际是{}", json_type(other)),
            })
        }
    };
    let mut steps = 0;
    while schema != SCHEMA {
        let Some((_, to, f)) = MIGRATIONS.iter().find(|(from, _, _)| *from == schema) else {
            return Err(ReadError {
                code: crate::result::IssueCode::UnknownSchema.as_str(),
                path: "schema".into(),
                message: format!("不认识的格式版本“{}”（本程序读取 {}）", schema, SCHEMA),
            });
        };
        f(doc)?;
        schema = to.to_string();
        steps += 1;
        if steps > 64 {
            break;
        }
    }
    doc.insert("schema".into(), Value::String(SCHEMA.into()));
    Ok(())
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "空值",
        Value::Bool(_) => "真假值",
        Value::Number(_) => "数字",
        Value::String(_) => "文字",
        Value::Array(_) => "列表",
        Value::Object(_) => "对象",
    }
}

fn invalid(path: &str, message: String) -> ReadError {
    ReadError { code: crate::result::IssueCode::InvalidForm.as_str(), path: path.into(), message }
}

/// Turns a JSON number into the decimal text it stands for, without going through `f64`.
/// Plain literals are kept exactly; an exponent is expanded exactly when it fits a decimal,
/// and otherwise kept as written (the engine then reports it as not a valid number).
fn number_text(n: &serde_json::Number) -> String {
    literal_text(&n.to_string())
}

/// A JSON number's literal as a cell's text: as written, except that an exponent is written
/// out (`1.25e3` → `1250`).
fn literal_text(lit: &str) -> String {
    if lit.contains(['e', 'E']) {
        if let Ok(d) = rust_decimal::Decimal::from_scientific(lit) {
            return d.normalize().to_string();
        }
    }
    lit.to_string()
}

struct Reader<'a> {
    obj: &'a Map<String, Value>,
    path: String,
}

impl<'a> Reader<'a> {
    fn at(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{}", self.path, key)
        }
    }

    /// A free text: string, or null/absent for empty. Numbers are accepted as their text.
    fn text(&self, key: &str) -> Result<String, ReadError> {
        match self.obj.get(key) {
            None | Some(Value::Null) => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(Value::Number(n)) => Ok(number_text(n)),
            Some(other) => Err(invalid(&self.at(key), format!("应为文字，实际是{}", json_type(other)))),
        }
    }

    /// An amount, weight or score: a decimal string or a JSON number; null or "" for empty.
    fn decimal_text(&self, key: &str) -> Result<String, ReadError> {
        match self.obj.get(key) {
            None | Some(Value::Null) => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(Value::Number(n)) => Ok(number_text(n)),
            Some(other) => Err(invalid(&self.at(key), format!("应为数字或数字文字，实际是{}", json_type(other)))),
        }
    }

    fn object(&self, key: &str) -> Result<Option<Reader<'a>>, ReadError> {
        match self.obj.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(o)) => Ok(Some(Reader { obj: o, path: self.at(key) })),
            Some(other) => Err(invalid(&self.at(key), format!("应为对象，实际是{}", json_type(other)))),
        }
    }

    fn array(&self, key: &str) -> Result<&'a [Value], ReadError> {
        match self.obj.get(key) {
            None | Some(Value::Null) => Ok(&[]),
            Some(Value::Array(a)) => Ok(a),
            Some(other) => Err(invalid(&self.at(key), format!("应为列表，实际是{}", json_type(other)))),
        }
    }

    fn extra(&self, known: &[&str]) -> Map<String, Value> {
        self.obj.iter().filter(|(k, _)| !known.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect()
    }
}

fn element<'a>(v: &'a Value, path: String) -> Result<Reader<'a>, ReadError> {
    match v {
        Value::Object(o) => Ok(Reader { obj: o, path }),
        other => Err(invalid(&path, format!("应为对象，实际是{}", json_type(other)))),
    }
}

fn read_amounts(r: &Reader, known: &[&str]) -> Result<Amounts, ReadError> {
    Ok(Amounts {
        initial: r.decimal_text("initial")?,
        annual: r.decimal_text("annual")?,
        executed: r.decimal_text("executed")?,
        extra: r.extra(known),
    })
}

const FORM_KEYS: &[&str] = &[
    "schema",
    "year",
    "project",
    "department",
    "implementer",
    "profile",
    "settings",
    "funds",
    "goals",
    "indicators",
    "report",
];
const FUNDS_KEYS: &[&str] = &["weight", "total", "sources", "reason"];
const AMOUNT_KEYS: &[&str] = &["initial", "annual", "executed"];
const SOURCE_KEYS: &[&str] = &["label", "initial", "annual", "executed"];
const GOALS_KEYS: &[&str] = &["expected", "achieved"];
const INDICATOR_KEYS: &[&str] =
    &["level1", "level2", "name", "target", "actual", "weight", "method", "tier", "score", "reason"];

impl Form {
    /// Reads a form from JSON text. See the module docs for what is tolerated.
    ///
    /// A typed reader handles the common case without building a JSON tree; whenever it
    /// declines (an older or unknown schema, a field of the wrong type, broken JSON), the
    /// tree reader [`Form::from_json_value`] decides, so errors always name the path.
    pub fn from_json_str(text: &str) -> Result<Form, ReadError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(ReadError {
                code: crate::result::IssueCode::InvalidForm.as_str(),
                path: String::new(),
                message: "文件是空的，不是自评表 JSON".into(),
            });
        }
        // Natively (the CLI reads thousands of files) a typed reader takes the common case; the
        // browser reads a form rarely and keeps its bundle smaller with the tree reader alone
        // (the two agree on every document: tests/properties.rs).
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(form) = fast::read(text) {
            return Ok(form);
        }
        let value = crate::json::parse(text).map_err(|e| ReadError {
            code: crate::result::IssueCode::InvalidForm.as_str(),
            path: String::new(),
            message: if e.too_deep {
                "JSON 嵌套层数过多，不是自评表".into()
            } else {
                format!("不是有效的 JSON（第 {} 行第 {} 列）", e.line, e.column)
            },
        })?;
        Form::from_json_value(value)
    }

    /// Reads a form from a parsed JSON value.
    pub fn from_json_value(value: Value) -> Result<Form, ReadError> {
        let Value::Object(mut doc) = value else {
            return Err(ReadError {
                code: crate::result::IssueCode::InvalidForm.as_str(),
                path: String::new(),
                message: format!("自评表应为 JSON 对象，实际是{}", json_type(&value)),
            });
        };
        migrate(&mut doc)?;
        let r = Reader { obj: &doc, path: String::new() };

        let year = match doc.get("year") {
            None | Some(Value::Null) => String::new(),
            Some(Value::Number(n)) => number_text(n),
            Some(Value::String(s)) => s.clone(),
            Some(other) => return Err(invalid("year", format!("年度应为数字，实际是{}", json_type(other)))),
        };

        let settings = match doc.get("settings") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(o)) => o.clone(),
            Some(other) => return Err(invalid("settings", format!("应为对象，实际是{}", json_type(other)))),
        };

        let funds = match r.object("funds")? {
            None => Funds::default(),
            Some(f) => {
                let total = match f.object("total")? {
                    None => Amounts::default(),
                    Some(t) => read_amounts(&t, AMOUNT_KEYS)?,
                };
                let mut sources = Vec::new();
                for (i, v) in f.array("sources")?.iter().enumerate() {
                    let s = element(v, format!("funds.sources[{}]", i))?;
                    sources.push(Source { label: s.text("label")?, amounts: read_amounts(&s, SOURCE_KEYS)? });
                }
                Funds {
                    weight: f.decimal_text("weight")?,
                    total,
                    sources,
                    reason: f.text("reason")?,
                    extra: f.extra(FUNDS_KEYS),
                }
            }
        };

        let goals = match r.object("goals")? {
            None => Goals::default(),
            Some(g) => {
                Goals { expected: g.text("expected")?, achieved: g.text("achieved")?, extra: g.extra(GOALS_KEYS) }
            }
        };

        let mut indicators = Vec::new();
        for (i, v) in r.array("indicators")?.iter().enumerate() {
            let x = element(v, format!("indicators[{}]", i))?;
            let method = x.text("method")?;
            indicators.push(Indicator {
                level1: x.text("level1")?,
                level2: x.text("level2")?,
                name: x.text("name")?,
                target: x.text("target")?,
                actual: x.text("actual")?,
                weight: x.decimal_text("weight")?,
                method: Indicator::method_or_auto(method),
                tier: x.text("tier")?,
                score: x.decimal_text("score")?,
                reason: x.text("reason")?,
                extra: x.extra(INDICATOR_KEYS),
            });
        }

        let report = match doc.get("report") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => return Err(invalid("report", format!("应为文字，实际是{}", json_type(other)))),
        };

        Ok(Form {
            schema: SCHEMA.into(),
            year,
            project: r.text("project")?,
            department: r.text("department")?,
            implementer: r.text("implementer")?,
            // Absent means the default profile (as a new form); null or "" stays empty (also mof).
            profile: if doc.contains_key("profile") { r.text("profile")? } else { "mof".into() },
            settings,
            funds,
            goals,
            indicators,
            report,
            extra: r.extra(FORM_KEYS),
        })
    }

    /// The form as pretty JSON in the exchange format.
    pub fn to_json_pretty(&self) -> String {
        crate::json::to_string_pretty(&self.to_json_value())
    }

    /// The year as a number, when 年度 reads as one (e.g. "2021", "2021年").
    pub fn year_number(&self) -> Option<i32> {
        let t = self.year.trim().trim_end_matches('年').trim();
        t.parse::<i32>().ok().filter(|y| (1900..=9999).contains(y))
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

/// An amount, weight, score or tier: `null` when empty, otherwise exactly as typed.
fn opt(s: &str) -> Value {
    if s.is_empty() {
        Value::Null
    } else {
        Value::String(s.to_string())
    }
}

fn amounts_value(a: &Amounts) -> Map<String, Value> {
    let mut m = Map::new();
    for c in Column::ALL {
        m.insert(c.key().into(), opt(a.get(c)));
    }
    m.extend(a.extra.iter().map(|(k, v)| (k.clone(), v.clone())));
    m
}

impl Form {
    /// The form as a JSON value in the exchange format.
    pub fn to_json_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("schema".into(), Value::String(SCHEMA.into()));
        m.insert(
            "year".into(),
            match self.year.parse::<i64>() {
                Ok(y) if y.to_string() == self.year => Value::Number(y.into()),
                _ => opt(&self.year),
            },
        );
        m.insert("project".into(), self.project.clone().into());
        m.insert("department".into(), self.department.clone().into());
        m.insert("implementer".into(), self.implementer.clone().into());
        m.insert("profile".into(), self.profile.clone().into());
        m.insert("settings".into(), Value::Object(self.settings.clone()));

        let mut funds = Map::new();
        funds.insert("weight".into(), opt(&self.funds.weight));
        funds.insert("total".into(), Value::Object(amounts_value(&self.funds.total)));
        let sources = self
            .funds
            .sources
            .iter()
            .map(|s| {
                let mut o = Map::new();
                o.insert("label".into(), s.label.clone().into());
                o.extend(amounts_value(&s.amounts));
                Value::Object(o)
            })
            .collect();
        funds.insert("sources".into(), Value::Array(sources));
        funds.insert("reason".into(), self.funds.reason.clone().into());
        funds.extend(self.funds.extra.iter().map(|(k, v)| (k.clone(), v.clone())));
        m.insert("funds".into(), Value::Object(funds));

        let mut goals = Map::new();
        goals.insert("expected".into(), self.goals.expected.clone().into());
        goals.insert("achieved".into(), self.goals.achieved.clone().into());
        goals.extend(self.goals.extra.iter().map(|(k, v)| (k.clone(), v.clone())));
        m.insert("goals".into(), Value::Object(goals));

        let indicators = self
            .indicators
            .iter()
            .map(|x| {
                let mut o = Map::new();
                o.insert("level1".into(), x.level1.clone().into());
                o.insert("level2".into(), x.level2.clone().into());
                o.insert("name".into(), x.name.clone().into());
                o.insert("target".into(), x.target.clone().into());
                o.insert("actual".into(), x.actual.clone().into());
                o.insert("weight".into(), opt(&x.weight));
                o.insert("method".into(), Indicator::method_or_auto(x.method.clone()).into());
                o.insert("tier".into(), opt(&x.tier));
                o.insert("score".into(), opt(&x.score));
                o.insert("reason".into(), x.reason.clone().into());
                o.extend(x.extra.iter().map(|(k, v)| (k.clone(), v.clone())));
                Value::Object(o)
            })
            .collect();
        m.insert("indicators".into(), Value::Array(indicators));
        if let Some(r) = &self.report {
            m.insert("report".into(), r.clone().into());
        }
        m.extend(self.extra.iter().map(|(k, v)| (k.clone(), v.clone())));
        Value::Object(m)
    }
}

impl Serialize for Form {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.to_json_value() {
            Value::Object(m) => {
                let mut map = s.serialize_map(Some(m.len()))?;
                for (k, v) in &m {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
            _ => unreachable!("a form is an object"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The typed reader

#[cfg(not(target_arch = "wasm32"))]
mod fast {
    //! A hand-written JSON reader for the common case: a valid document of the current schema
    //! whose cells are strings, numbers or null. It reads straight into the [`Form`] without a
    //! JSON tree, scanning strings eight bytes at a time, and gives up (`None`) on anything
    //! else — invalid JSON, a value of the wrong type, deep nesting, an escaped string it
    //! would have to decode by hand — so that the tree reader decides, with its path-naming
    //! errors. The two agree on every document (`tests/properties.rs`, `fuzz/`).
    //!
    //! Escaped strings, unknown fields and `settings` are handed to serde_json.
    use super::*;
    use crate::result::json::next_special;
    use crate::value::owned;
    use std::borrow::Cow;

    /// Nesting this reader follows; deeper documents go to the tree reader (serde_json's
    /// limit is 128).
    const MAX_DEPTH: u32 = 100;

    pub(super) fn read(text: &str) -> Option<Form> {
        let mut p = P { s: text, b: text.as_bytes(), i: 0 };
        let form = p.form()?;
        p.ws();
        (p.i == p.b.len()).then_some(form)
    }

    /// White space from `i` on, inline: the usual line break and indentation in one step.
    #[inline(always)]
    fn ws_at(s: &str, i: usize) -> usize {
        let b = s.as_bytes();
        match b.get(i) {
            // A line break and up to fifteen spaces of indentation (SSE2, part of x86-64).
            #[cfg(target_arch = "x86_64")]
            Some(b'\n') if i + 17 <= b.len() => {
                use std::arch::x86_64::*;
                // SAFETY: SSE2 is part of x86-64; the load reads b[i + 1..i + 17], in bounds.
                let other = unsafe {
                    let x = _mm_loadu_si128(b.as_ptr().add(i + 1).cast());
                    !(_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(b' ' as i8))) as u32) & 0xFFFF
                };
                let j = i + 1 + other.trailing_zeros() as usize;
                if other != 0 && b[j] > b' ' {
                    j
                } else {
                    let mut p = P { s, b, i };
                    p.skip_ws();
                    p.i
                }
            }
            Some(b' ' | b'\n' | b'\r' | b'\t') => {
                let mut p = P { s, b, i };
                p.skip_ws();
                p.i
            }
            _ => i,
        }
    }

    /// The closing quote of the string literal whose contents start at `start`, and whether
    /// the contents have escapes. None if the literal is not valid (a control character, no
    /// end).
    #[inline(always)]
    fn string_end(b: &[u8], start: usize) -> Option<(usize, bool)> {
        let mut j = next_special(b, start);
        let mut escaped = false;
        loop {
            match *b.get(j)? {
                b'"' => return Some((j, escaped)),
                b'\\' => {
                    escaped = true;
                    j = next_special(b, j + 2);
                }
                // A control character: not valid in a JSON string.
                _ => return None,
            }
        }
    }

    /// A text cell at `i` (just after its key's colon and at most one space): a string
    /// without escapes, or null. None for anything else.
    #[inline(always)]
    fn cell_at(s: &str, i: &mut usize) -> Option<String> {
        let b = s.as_bytes();
        *i += usize::from(b.get(*i) == Some(&b' '));
        match b.get(*i)? {
            b'"' => {
                let start = *i + 1;
                let (end, false) = string_end(b, start)? else { return None };
                *i = end + 1;
                // SAFETY: both ends are next to a `"`, an ASCII byte, so on char boundaries.
                Some(owned(unsafe { s.get_unchecked(start..end) }))
            }
            b'n' if b[*i..].starts_with(b"null") => {
                *i += 4;
                Some(String::new())
            }
            _ => None,
        }
    }

    /// `"key":` at `i`: the position after its colon.
    #[inline(always)]
    fn key_after(b: &[u8], i: usize, key: &[u8]) -> Option<usize> {
        let end = i + 1 + key.len();
        (b.get(i) == Some(&b'"') && b.get(i + 1..end) == Some(key) && b.get(end..end + 2) == Some(b"\":"))
            .then_some(end + 2)
    }

    /// The keys of an indicator in the order ziping writes them: the straight pass reads the
    /// fields in this order, and the learned layout's patterns are made from them.
    const INDICATOR_KEYS: [&[u8]; 10] =
        [b"level1", b"level2", b"name", b"target", b"actual", b"weight", b"method", b"tier", b"score", b"reason"];

    /// How the rows of a pretty-printed form are laid out, learned from the first row: each
    /// field after the first starts with `,`, a line break, the row's indentation and
    /// `"key": `. A field that starts so is recognised with one 32-byte comparison, which
    /// depends only on where the previous cell ended, instead of a scan of the white space
    /// followed by a comparison of the key (each waiting on the one before). Anything else
    /// is read the general way.
    struct Layout {
        /// The indentation the patterns were made for (`usize::MAX`: none yet).
        indent: usize,
        /// `,\n` + indentation + `"key": ` for the fields after the first, zero-padded.
        pattern: [[u8; 32]; 9],
        len: [usize; 9],
    }

    impl Layout {
        fn new() -> Layout {
            Layout { indent: usize::MAX, pattern: [[0; 32]; 9], len: [0; 9] }
        }

        /// Makes the patterns for rows indented by `indent` spaces (if they fit in 32 bytes).
        fn learn(&mut self, indent: usize) {
            if indent == self.indent {
                return;
            }
            self.indent = usize::MAX;
            for (k, key) in INDICATOR_KEYS[1..].iter().enumerate() {
                let mut p = Vec::with_capacity(48);
                p.extend_from_slice(b",\n");
                p.resize(2 + indent, b' ');
                p.push(b'"');
                p.extend_from_slice(key);
                p.extend_from_slice(b"\": ");
                if p.len() > 32 {
                    return;
                }
                self.pattern[k] = [0; 32];
                self.pattern[k][..p.len()].copy_from_slice(&p);
                self.len[k] = p.len();
            }
            self.indent = indent;
        }

        /// The position after field `k`'s (1..=9) start at `i`, if it is laid out as learned.
        #[inline(always)]
        fn field_at(&self, b: &[u8], i: usize, k: usize) -> Option<usize> {
            if self.indent == usize::MAX || i + 32 > b.len() {
                return None;
            }
            let (pattern, len) = (&self.pattern[k - 1], self.len[k - 1]);
            #[cfg(target_arch = "x86_64")]
            {
                use std::arch::x86_64::*;
                // SAFETY: SSE2 is part of x86-64; the loads read b[i..i + 32], in bounds, and
                // the 32 bytes of the pattern.
                let equal = unsafe {
                    let at = |x: *const u8, y: *const u8| {
                        _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(x.cast()), _mm_loadu_si128(y.cast()))) as u32
                    };
                    at(b.as_ptr().add(i), pattern.as_ptr()) | at(b.as_ptr().add(i + 16), pattern.as_ptr().add(16)) << 16
                };
                let need = if len == 32 { u32::MAX } else { (1u32 << len) - 1 };
                (equal & need == need).then_some(i + len)
            }
            #[cfg(not(target_arch = "x86_64"))]
            {
                (b[i..i + len] == pattern[..len]).then_some(i + len)
            }
        }
    }

    struct P<'a> {
        s: &'a str,
        b: &'a [u8],
        i: usize,
    }

    impl<'a> P<'a> {
        /// Skips white space; inline for the common case of none.
        #[inline(always)]
        fn ws(&mut self) {
            if let Some(b' ' | b'\n' | b'\r' | b'\t') = self.b.get(self.i) {
                self.skip_ws();
            }
        }

        #[inline(never)]
        fn skip_ws(&mut self) {
            let (b, mut i) = (self.b, self.i);
            while let Some(b' ' | b'\n' | b'\r' | b'\t') = b.get(i) {
                // A run of white space (a line break and its indentation), sixteen bytes at
                // a time with SSE2 (part of x86-64).
                #[cfg(target_arch = "x86_64")]
                if i + 16 <= b.len() {
                    use std::arch::x86_64::*;
                    // SAFETY: SSE2 is part of x86-64; the load reads b[i..i + 16], in bounds.
                    let other = unsafe {
                        let x = _mm_loadu_si128(b.as_ptr().add(i).cast());
                        let ws = _mm_or_si128(
                            _mm_or_si128(
                                _mm_cmpeq_epi8(x, _mm_set1_epi8(b' ' as i8)),
                                _mm_cmpeq_epi8(x, _mm_set1_epi8(b'\n' as i8)),
                            ),
                            _mm_or_si128(
                                _mm_cmpeq_epi8(x, _mm_set1_epi8(b'\r' as i8)),
                                _mm_cmpeq_epi8(x, _mm_set1_epi8(b'\t' as i8)),
                            ),
                        );
                        !(_mm_movemask_epi8(ws) as u32) & 0xFFFF
                    };
                    if other != 0 {
                        i += other.trailing_zeros() as usize;
                        break;
                    }
                    i += 16;
                    continue;
                }
                i += 1;
            }
            self.i = i;
        }

        /// The next byte after white space.
        #[inline(always)]
        fn peek(&mut self) -> Option<u8> {
            self.ws();
            self.b.get(self.i).copied()
        }

        fn eat(&mut self, c: u8) -> bool {
            let hit = self.peek() == Some(c);
            self.i += usize::from(hit);
            hit
        }

        fn word(&mut self, w: &[u8]) -> Option<()> {
            self.ws();
            self.b[self.i..].starts_with(w).then(|| self.i += w.len())
        }

        fn null(&mut self) -> bool {
            self.peek() == Some(b'n') && self.word(b"null").is_some()
        }

        /// The string literal at the cursor (after white space): the byte range of its
        /// contents and whether it has escapes. None if there is none or it is not valid.
        #[inline(always)]
        fn raw_string(&mut self) -> Option<(usize, usize, bool)> {
            if self.peek()? != b'"' {
                return None;
            }
            let start = self.i + 1;
            let (end, escaped) = string_end(self.b, start)?;
            self.i = end + 1;
            Some((start, end, escaped))
        }

        /// A string literal, borrowed unless it has escapes.
        fn string(&mut self) -> Option<Cow<'a, str>> {
            let (start, end, escaped) = self.raw_string()?;
            if escaped {
                serde_json::from_str::<String>(self.s.get(start - 1..end + 1)?).ok().map(Cow::Owned)
            } else {
                // SAFETY: both ends are next to a `"`, an ASCII byte, so on char boundaries.
                Some(Cow::Borrowed(unsafe { self.s.get_unchecked(start..end) }))
            }
        }

        /// An object key without escapes, as bytes (a key with escapes is left to the tree reader).
        #[inline(always)]
        fn key(&mut self) -> Option<&'a [u8]> {
            match self.raw_string()? {
                (start, end, false) => Some(&self.b[start..end]),
                _ => None,
            }
        }

        /// A number literal, as written.
        fn number(&mut self) -> Option<&'a str> {
            self.ws();
            let (b, start) = (self.b, self.i);
            let digits = |mut j: usize| {
                while b.get(j).is_some_and(u8::is_ascii_digit) {
                    j += 1;
                }
                j
            };
            let mut j = start + usize::from(b.get(start) == Some(&b'-'));
            j = match b.get(j)? {
                b'0' => j + 1,
                b'1'..=b'9' => digits(j),
                _ => return None,
            };
            if b.get(j) == Some(&b'.') {
                let k = digits(j + 1);
                if k == j + 1 {
                    return None;
                }
                j = k;
            }
            if let Some(b'e' | b'E') = b.get(j) {
                j += 1 + usize::from(matches!(b.get(j + 1), Some(b'+' | b'-')));
                let k = digits(j);
                if k == j {
                    return None;
                }
                j = k;
            }
            self.i = j;
            self.s.get(start..j)
        }

        /// A text, amount, weight or score cell: a string, a number's literal, or null (empty).
        fn cell(&mut self) -> Option<String> {
            match self.peek()? {
                b'"' => match self.raw_string()? {
                    // SAFETY: both ends are next to a `"`, an ASCII byte, so on char boundaries.
                    (start, end, false) => Some(owned(unsafe { self.s.get_unchecked(start..end) })),
                    (start, end, true) => serde_json::from_str::<String>(self.s.get(start - 1..end + 1)?).ok(),
                },
                b'n' => self.null().then(String::new),
                b'-' | b'0'..=b'9' => self.number().map(literal_text),
                _ => None,
            }
        }

        /// Skips any JSON value at nesting `depth`.
        fn skip(&mut self, depth: u32) -> Option<()> {
            match self.peek()? {
                b'"' => self.string().map(drop),
                b'-' | b'0'..=b'9' => self.number().map(drop),
                b't' => self.word(b"true"),
                b'f' => self.word(b"false"),
                b'n' => self.word(b"null"),
                b'{' if depth < MAX_DEPTH => self.object(|p, _| p.skip(depth + 1).map(|()| true)),
                b'[' if depth < MAX_DEPTH => self.list(0, |p| p.skip(depth + 1)).map(drop),
                _ => None,
            }
        }

        /// Any JSON value, as serde_json reads it (unknown fields, settings).
        fn value(&mut self, depth: u32) -> Option<Value> {
            self.ws();
            let start = self.i;
            self.skip(depth)?;
            serde_json::from_str(self.s.get(start..self.i)?).ok()
        }

        /// An object: `field` reads the value of each key and says whether it took it.
        fn object(&mut self, mut field: impl FnMut(&mut Self, &'a [u8]) -> Option<bool>) -> Option<()> {
            if !self.eat(b'{') {
                return None;
            }
            if self.eat(b'}') {
                return Some(());
            }
            loop {
                let key = self.key()?;
                if !self.eat(b':') {
                    return None;
                }
                // The one space after the colon of pretty-printed JSON, without a call.
                if self.b.get(self.i) == Some(&b' ') && self.b.get(self.i + 1).is_some_and(|&c| c > b' ') {
                    self.i += 1;
                }
                if !field(self, key)? {
                    return None;
                }
                if !self.eat(b',') {
                    return self.eat(b'}').then_some(());
                }
            }
        }

        /// An object whose unknown keys go to `extra`.
        fn record(
            &mut self,
            depth: u32,
            extra: &mut Map<String, Value>,
            mut field: impl FnMut(&mut Self, &'a [u8]) -> Option<bool>,
        ) -> Option<()> {
            self.object(|p, k| {
                if !field(p, k)? {
                    let v = p.value(depth)?;
                    // SAFETY: a key is the contents of a string literal of the (UTF-8) text.
                    extra.insert(unsafe { std::str::from_utf8_unchecked(k) }.to_owned(), v);
                }
                Some(true)
            })
        }

        /// A list of items, or null for none.
        /// `guess` is the capacity to start with.
        fn list<T>(&mut self, guess: usize, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
            self.list_with(guess, |p, v| {
                v.push(item(p)?);
                Some(())
            })
        }

        /// [`Self::list`] with `push` reading one item and pushing it itself: a large item
        /// (an indicator is 312 bytes) is then built where it stays, not moved twice.
        fn list_with<T>(
            &mut self,
            guess: usize,
            mut push: impl FnMut(&mut Self, &mut Vec<T>) -> Option<()>,
        ) -> Option<Vec<T>> {
            if self.null() {
                return Some(Vec::new());
            }
            if !self.eat(b'[') {
                return None;
            }
            if self.eat(b']') {
                return Some(Vec::new());
            }
            let mut v = Vec::with_capacity(guess);
            loop {
                push(self, &mut v)?;
                if !self.eat(b',') {
                    return self.eat(b']').then_some(v);
                }
            }
        }

        /// `T` read by `read`, or its default for null.
        fn nullable<T: Default>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
            if self.null() {
                Some(T::default())
            } else {
                read(self)
            }
        }

        fn amounts(&mut self, depth: u32) -> Option<Amounts> {
            let mut x = Amounts::default();
            let mut extra = Map::new();
            self.record(depth, &mut extra, |p, k| {
                match k {
                    b"initial" => x.initial = p.cell()?,
                    b"annual" => x.annual = p.cell()?,
                    b"executed" => x.executed = p.cell()?,
                    _ => return Some(false),
                }
                Some(true)
            })?;
            x.extra = extra;
            Some(x)
        }

        fn source(&mut self, depth: u32) -> Option<Source> {
            let mut x = Source::default();
            let mut extra = Map::new();
            self.record(depth, &mut extra, |p, k| {
                match k {
                    b"label" => x.label = p.cell()?,
                    b"initial" => x.amounts.initial = p.cell()?,
                    b"annual" => x.amounts.annual = p.cell()?,
                    b"executed" => x.amounts.executed = p.cell()?,
                    _ => return Some(false),
                }
                Some(true)
            })?;
            x.amounts.extra = extra;
            Some(x)
        }

        fn funds(&mut self, depth: u32) -> Option<Funds> {
            let mut x = Funds::default();
            let mut extra = Map::new();
            self.record(depth, &mut extra, |p, k| {
                match k {
                    b"weight" => x.weight = p.cell()?,
                    b"total" => x.total = p.nullable(|p| p.amounts(depth + 1))?,
                    b"sources" => x.sources = p.list(4, |p| p.source(depth + 2))?,
                    b"reason" => x.reason = p.cell()?,
                    _ => return Some(false),
                }
                Some(true)
            })?;
            x.extra = extra;
            Some(x)
        }

        fn goals(&mut self, depth: u32) -> Option<Goals> {
            let mut x = Goals::default();
            let mut extra = Map::new();
            self.record(depth, &mut extra, |p, k| {
                match k {
                    b"expected" => x.expected = p.cell()?,
                    b"achieved" => x.achieved = p.cell()?,
                    _ => return Some(false),
                }
                Some(true)
            })?;
            x.extra = extra;
            Some(x)
        }

        /// Reads an indicator onto the end of `v`.
        fn indicator(&mut self, depth: u32, v: &mut Vec<Indicator>, layout: &mut Layout) -> Option<()> {
            let start = self.i;
            if self.canonical_indicator(v, layout).is_some() {
                return Some(());
            }
            self.i = start;
            v.push(self.any_indicator(depth)?);
            Some(())
        }

        /// An indicator as ziping writes it — its ten fields in the order of `format.md`, each
        /// a string without escapes or null, nothing else — read in one straight pass: each
        /// key is compared with the one expected instead of being scanned and looked up, and
        /// white space is skipped inline. None (and the caller starts over with
        /// [`Self::any_indicator`]) on anything else.
        fn canonical_indicator(&mut self, v: &mut Vec<Indicator>, layout: &mut Layout) -> Option<()> {
            let (b, mut i) = (self.b, self.i);
            let ws = |i: usize| ws_at(self.s, i);
            let cell = |i: &mut usize| cell_at(self.s, i);
            i = ws(i);
            if b.get(i) != Some(&b'{') {
                return None;
            }
            i += 1;
            // The first field, and the indentation it shows.
            let key_at = ws(i);
            if b.get(i) == Some(&b'\n') && b[i + 1..key_at].iter().all(|&c| c == b' ') {
                layout.learn(key_at - i - 1);
            }
            i = key_after(b, key_at, INDICATOR_KEYS[0])?;
            let level1 = cell(&mut i)?;
            // Each further field: its comma, white space and key, then its cell.
            macro_rules! field {
                ($k:literal) => {{
                    match layout.field_at(b, i, $k) {
                        Some(j) => i = j,
                        None => {
                            i = ws(i);
                            if b.get(i) != Some(&b',') {
                                return None;
                            }
                            i = key_after(b, ws(i + 1), INDICATOR_KEYS[$k])?;
                        }
                    }
                    cell(&mut i)?
                }};
            }
            let level2 = field!(1);
            let name = field!(2);
            let target = field!(3);
            let actual = field!(4);
            let weight = field!(5);
            let method = field!(6);
            let tier = field!(7);
            let score = field!(8);
            let reason = field!(9);
            i = ws(i);
            if b.get(i) != Some(&b'}') {
                return None;
            }
            i += 1;
            self.i = i;
            v.push(Indicator {
                level1,
                level2,
                name,
                target,
                actual,
                weight,
                method: Indicator::method_or_auto(method),
                tier,
                score,
                reason,
                extra: Map::new(),
            });
            Some(())
        }

        /// An indicator with its fields in any order, numbers and unknown fields.
        fn any_indicator(&mut self, depth: u32) -> Option<Indicator> {
            let mut x = Indicator::default();
            let mut extra = Map::new();
            self.record(depth, &mut extra, |p, k| {
                match k {
                    b"level1" => x.level1 = p.cell()?,
                    b"level2" => x.level2 = p.cell()?,
                    b"name" => x.name = p.cell()?,
                    b"target" => x.target = p.cell()?,
                    b"actual" => x.actual = p.cell()?,
                    b"weight" => x.weight = p.cell()?,
                    b"method" => x.method = p.cell()?,
                    b"tier" => x.tier = p.cell()?,
                    b"score" => x.score = p.cell()?,
                    b"reason" => x.reason = p.cell()?,
                    _ => return Some(false),
                }
                Some(true)
            })?;
            x.extra = extra;
            x.method = Indicator::method_or_auto(x.method);
            Some(x)
        }

        fn form(&mut self) -> Option<Form> {
            let mut x = Form::default();
            let mut extra = Map::new();
            self.record(1, &mut extra, |p, k| {
                match k {
                    b"schema" => {
                        if !p.null() {
                            let s = p.string()?;
                            if !(s.trim().is_empty() || s.trim() == SCHEMA) {
                                return None;
                            }
                        }
                    }
                    b"year" => x.year = p.cell()?,
                    b"project" => x.project = p.cell()?,
                    b"department" => x.department = p.cell()?,
                    b"implementer" => x.implementer = p.cell()?,
                    b"profile" => x.profile = p.cell()?,
                    b"settings" => {
                        x.settings = match p.nullable(|p| p.value(1).map(Some))? {
                            None => Map::new(),
                            Some(Value::Object(m)) => m,
                            Some(_) => return None,
                        }
                    }
                    b"funds" => x.funds = p.nullable(|p| p.funds(2))?,
                    b"goals" => x.goals = p.nullable(|p| p.goals(2))?,
                    b"indicators" => {
                        // About 250 bytes an indicator as pretty-printed: one allocation for
                        // the usual form instead of growing and moving the rows seven times.
                        let mut layout = Layout::new();
                        x.indicators = p.list_with((p.b.len() - p.i) / 256, |p, v| p.indicator(3, v, &mut layout))?
                    }
                    b"report" => x.report = if p.null() { None } else { Some(p.string()?.into_owned()) },
                    _ => return Some(false),
                }
                Some(true)
            })?;
            x.extra = extra;
            x.schema = SCHEMA.into();
            Some(x)
        }
    }
}
