//! The form (项目支出绩效自评表) and its JSON exchange format (`format.md`).
//!
//! The model keeps every user-entered value **exactly as typed** (as text): the engine parses
//! and judges, the model never reformats. Reading is tolerant of content (a weight of "十" is
//! read, and the engine reports it) but strict about structure: a value of the wrong JSON type
//! is a [`ReadError`] naming the path, in Chinese.
//!
//! Empty amounts, weights and scores are written as `null`; empty texts as `""`. Fields this
//! version does not know are kept and written back (round trip): each object keeps them in
//! its `extra` (`#[serde(flatten)]`).
//!
//! One definition per field: each struct below is the exchange format itself, derived with
//! serde; how each kind of cell is read and written is in [`cells`]. Reading goes text →
//! `serde_json::Value` → [`migrate`] → the structs (through `serde_path_to_error`, which names
//! the path of a bad field).

pub mod cells;

use crate::result::IssueCode;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;

/// The current exchange-format schema.
pub const SCHEMA: &str = "ziping.self-eval/1";

/// A form that could not be read, with the path of the offending field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// `invalid_form` (not JSON, or a field of the wrong type) or `unknown_schema`.
    pub code: IssueCode,
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

/// 年度资金总额: one column triple of the funds block (万元), as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Amounts {
    /// 年初预算数
    #[serde(with = "cells::decimal")]
    pub initial: String,
    /// 全年预算数
    #[serde(with = "cells::decimal")]
    pub annual: String,
    /// 全年执行数
    #[serde(with = "cells::decimal")]
    pub executed: String,
    /// Unknown fields of this JSON object, kept on a round trip.
    #[serde(flatten)]
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
        self.of("年初预算数", "全年预算数", "全年执行数")
    }

    /// Of three things in column order, the one of this column.
    pub fn of<T>(self, initial: T, annual: T, executed: T) -> T {
        match self {
            Column::Initial => initial,
            Column::Annual => annual,
            Column::Executed => executed,
        }
    }
}

impl Amounts {
    pub fn get(&self, c: Column) -> &str {
        c.of(&self.initial, &self.annual, &self.executed)
    }
    pub fn get_mut(&mut self, c: Column) -> &mut String {
        c.of(&mut self.initial, &mut self.annual, &mut self.executed)
    }
}

/// A 其中 row of the funds block: its label and its three amounts, in one JSON object. (Not
/// an [`Amounts`] flattened in: serde reads a flattened struct from a buffer, where the path of
/// a bad amount would be lost.)
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Source {
    #[serde(deserialize_with = "cells::text")]
    pub label: String,
    #[serde(with = "cells::decimal")]
    pub initial: String,
    #[serde(with = "cells::decimal")]
    pub annual: String,
    #[serde(with = "cells::decimal")]
    pub executed: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Source {
    pub fn new(label: &str) -> Source {
        Source { label: label.into(), ..Default::default() }
    }
    pub fn get(&self, c: Column) -> &str {
        c.of(&self.initial, &self.annual, &self.executed)
    }
    pub fn get_mut(&mut self, c: Column) -> &mut String {
        c.of(&mut self.initial, &mut self.annual, &mut self.executed)
    }
}

/// 项目资金 (万元).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Funds {
    /// The budget row's 分值; empty means 10.
    #[serde(with = "cells::decimal")]
    pub weight: String,
    /// 年度资金总额 as typed.
    #[serde(deserialize_with = "cells::object")]
    pub total: Amounts,
    #[serde(deserialize_with = "cells::list")]
    pub sources: Vec<Source>,
    /// The budget row's explanation (执行率 below 90% or above 100%).
    #[serde(deserialize_with = "cells::text")]
    pub reason: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// 年度总体目标.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Goals {
    /// 预期目标
    #[serde(deserialize_with = "cells::text")]
    pub expected: String,
    /// 实际完成情况
    #[serde(deserialize_with = "cells::text")]
    pub achieved: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One 三级 indicator row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Indicator {
    #[serde(deserialize_with = "cells::text")]
    pub level1: String,
    #[serde(deserialize_with = "cells::text")]
    pub level2: String,
    /// 三级指标
    #[serde(deserialize_with = "cells::text")]
    pub name: String,
    /// 年度指标值
    #[serde(deserialize_with = "cells::text")]
    pub target: String,
    /// 实际完成值
    #[serde(deserialize_with = "cells::text")]
    pub actual: String,
    /// 分值
    #[serde(with = "cells::decimal")]
    pub weight: String,
    /// `auto` or a method name; kept as typed so that an invalid one can be reported.
    #[serde(with = "cells::method")]
    pub method: String,
    /// `achieved`, `partial`, `not_achieved`; empty = none.
    #[serde(with = "cells::opt_text")]
    pub tier: String,
    /// A manual 得分; empty = computed.
    #[serde(with = "cells::decimal")]
    pub score: String,
    /// 偏差原因分析及改进措施
    #[serde(deserialize_with = "cells::text")]
    pub reason: String,
    #[serde(flatten)]
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

    /// A method cell as read and written: an empty one means `auto`.
    pub(crate) fn method_or_auto(method: String) -> String {
        if crate::value::trim(&method).is_empty() {
            "auto".into()
        } else {
            method
        }
    }

    /// A row ignored everywhere: its target, actual, weight and manual score are all empty
    /// (the paper form's "指标 2:" rows), or its target says 不适用 (`/`, `—`, `无` …) and its
    /// 分值 is empty or `/` too (`scoring.md` §11).
    pub fn is_placeholder(&self) -> bool {
        let empty = |s: &str| crate::value::trim(s).is_empty();
        let slash = |s: &str| matches!(crate::value::normalized(s).as_ref(), "" | "/");
        ([&self.target, &self.actual, &self.weight, &self.score].iter().all(|s| empty(s)))
            || (crate::value::says_not_applicable(&self.target) && slash(&self.weight) && empty(&self.score))
    }

    /// A breakdown row (其中…, `scoring.md` §11): its name starts with 其中 and its 分值 is
    /// empty. It details the row above it: shown and printed, never scored.
    pub fn is_breakdown(&self) -> bool {
        crate::value::trim(&self.name).starts_with("其中") && crate::value::trim(&self.weight).is_empty()
    }
}

/// The whole form. A field absent from the JSON takes its value from [`Form::default`] (an
/// absent profile is `mof`; a `null` or `""` one stays empty, which also means mof).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Form {
    /// Always [`SCHEMA`] once read (older schemas are migrated on reading), and written so.
    #[serde(with = "cells::schema")]
    pub schema: String,
    /// 年度 as typed (a JSON number or string); the engine reads the year from it.
    #[serde(with = "cells::year")]
    pub year: String,
    /// 项目名称
    #[serde(deserialize_with = "cells::text")]
    pub project: String,
    /// 主管部门
    #[serde(deserialize_with = "cells::text")]
    pub department: String,
    /// 实施单位
    #[serde(deserialize_with = "cells::text")]
    pub implementer: String,
    /// Profile name (`scoring.md` §7); empty means `mof`.
    #[serde(deserialize_with = "cells::text")]
    pub profile: String,
    /// Only the settings this form overrides, as given.
    #[serde(deserialize_with = "cells::object")]
    pub settings: Map<String, Value>,
    #[serde(deserialize_with = "cells::object")]
    pub funds: Funds,
    #[serde(deserialize_with = "cells::object")]
    pub goals: Goals,
    #[serde(deserialize_with = "cells::list")]
    pub indicators: Vec<Indicator>,
    /// The edited 自评报告; `None` means "generate it from the form".
    #[serde(deserialize_with = "cells::report", skip_serializing_if = "Option::is_none")]
    pub report: Option<String>,
    #[serde(flatten)]
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
                code: IssueCode::UnknownSchema,
                path: "schema".into(),
                message: format!("格式版本应为文字，实际是{}", json_type(other)),
            })
        }
    };
    let mut steps = 0;
    while schema != SCHEMA {
        let Some((_, to, f)) = MIGRATIONS.iter().find(|(from, _, _)| *from == schema) else {
            return Err(ReadError {
                code: IssueCode::UnknownSchema,
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

use cells::json_type;

/// The order in which a form's known fields are checked, per object: when a form has more
/// than one bad field, its error names the first in this order, whatever the order of the
/// document's keys, so `ziping check` names the same field in every version (this is the
/// order of the reader the CLI had before serde). Unknown keys keep their own order.
const CHECK_ORDER: &[(&str, &[&str])] = &[
    (
        "",
        &[
            "year",
            "settings",
            "funds",
            "goals",
            "indicators",
            "report",
            "project",
            "department",
            "implementer",
            "profile",
        ],
    ),
    ("funds", &["total", "sources", "weight", "reason"]),
    ("total", &["initial", "annual", "executed"]),
    ("sources", &["label", "initial", "annual", "executed"]),
    ("goals", &["expected", "achieved"]),
    ("indicators", &["level1", "level2", "name", "target", "actual", "weight", "method", "tier", "score", "reason"]),
];

/// Moves the known keys of `doc` and of its objects to the front, in [`CHECK_ORDER`].
fn in_check_order(doc: &mut Map<String, Value>) {
    fn order(obj: &mut Map<String, Value>, name: &str) {
        let Some((_, keys)) = CHECK_ORDER.iter().find(|(n, _)| *n == name) else { return };
        let mut rest = std::mem::take(obj);
        for key in *keys {
            if let Some((k, mut v)) = rest.shift_remove_entry(*key) {
                // An object, or a list's objects, in the order of the key's own row (if any).
                match &mut v {
                    Value::Object(o) => order(o, key),
                    Value::Array(list) => list.iter_mut().filter_map(Value::as_object_mut).for_each(|o| order(o, key)),
                    _ => {}
                }
                obj.insert(k, v);
            }
        }
        obj.extend(rest);
    }
    order(doc, "");
}

fn invalid(path: &str, message: String) -> ReadError {
    ReadError { code: IssueCode::InvalidForm, path: path.into(), message }
}

impl Form {
    /// Reads a form from JSON text. See the module docs for what is tolerated.
    pub fn from_json_str(text: &str) -> Result<Form, ReadError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(invalid("", "文件是空的，不是自评表 JSON".into()));
        }
        // The CLI reads thousands of files: a form of the current schema is read straight from
        // the text. Anything else (another schema, a duplicate key, any error) is read again as
        // a whole document, which migrates older schemas and names the problem as the document
        // shows it: not JSON before a bad field. Both are the same derived `Deserialize`, so
        // they agree on every form (tests/properties.rs). The browser reads a form now and then
        // (an import, a draft) and takes the document path only: a second instance of the
        // form's reader would be some 12 KB (brotli) of its bundle (BENCHMARKS.md).
        #[cfg(not(target_arch = "wasm32"))]
        {
            let mut direct = serde_json::Deserializer::from_str(text);
            if let Ok(form) = Form::deserialize(&mut direct) {
                let schema = form.schema.trim();
                if direct.end().is_ok() && (schema.is_empty() || schema == SCHEMA) {
                    return Ok(Form { schema: SCHEMA.into(), ..form });
                }
            }
        }
        let value: Value = serde_json::from_str(text).map_err(|e| {
            // serde_json has no category of its own for its nesting limit (128).
            if e.to_string().starts_with("recursion limit exceeded") {
                invalid("", "JSON 嵌套层数过多，不是自评表".into())
            } else {
                invalid("", format!("不是有效的 JSON（第 {} 行第 {} 列）", e.line(), e.column()))
            }
        })?;
        Form::from_json_value(value)
    }

    /// Reads a form from a parsed JSON value: migrates it to the current schema, then reads
    /// every field; the first bad field in [`CHECK_ORDER`] is the error, with its path.
    pub fn from_json_value(value: Value) -> Result<Form, ReadError> {
        let Value::Object(mut doc) = value else {
            return Err(invalid("", format!("自评表应为 JSON 对象，实际是{}", json_type(&value))));
        };
        migrate(&mut doc)?;
        in_check_order(&mut doc);
        serde_path_to_error::deserialize(Value::Object(doc)).map_err(|e| {
            let path = e.path().to_string();
            invalid(if path == "." { "" } else { &path }, e.into_inner().to_string())
        })
    }

    /// The form as pretty JSON in the exchange format.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a form is plain data")
    }

    /// The form as a JSON value in the exchange format.
    pub fn to_json_value(&self) -> Value {
        serde_json::to_value(self).expect("a form is plain data")
    }

    /// The year as a number, when 年度 reads as one (e.g. "2021", "2021年").
    pub fn year_number(&self) -> Option<i32> {
        let t = self.year.trim().trim_end_matches('年').trim();
        t.parse::<i32>().ok().filter(|y| (1900..=9999).contains(y))
    }
}
