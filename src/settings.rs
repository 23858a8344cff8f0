//! Settings and profiles (`scoring.md` §7), kept as data.
//!
//! A setting is one row of [`SETTINGS`]: its key, its `mof` default, the values it takes
//! ([`Kind`]: choices with their Chinese names, a number range, a list), its Chinese title and
//! one-sentence help for the settings panel, and the field of [`Settings`] it sets. Everything
//! else reads that table: [`Settings::apply`] and its error messages, `Default for Settings`,
//! the settings panel's controls and texts (`crate::edit`, `crate::app::settings`), and the
//! serialized [`Settings`], whose keys are the table's keys.
//!
//! A profile is a named list of `(setting, value)` overrides of the defaults; a form names its
//! profile and carries only the settings it overrides. Both go through [`Settings::apply`], so a
//! profile is exactly what a form could have written itself.
//!
//! # Adding a setting
//!
//! 1. Add its field to [`Settings`], named as its key. A choice is an enum deriving
//!    `Serialize, Deserialize` with `#[serde(rename_all = "snake_case")]`: the names of its
//!    variants are the values its row offers.
//! 2. Add its row to [`SETTINGS`], where the settings panel should show it.
//!
//! For `score_rounding: half_up | down`, say: the enum `ScoreRounding { HalfUp, Down }`, the
//! field `pub score_rounding: ScoreRounding`, and a row with `key: "score_rounding"`,
//! `default: "half_up"`, `kind: Kind::Choice(&[("half_up", "四舍五入"), ("down", "直接舍去")])`,
//! a title, a help sentence and `field: |s| &mut s.score_rounding`.
//!
//! Nothing else: `tests/settings_table.rs` checks that rows and fields agree (every row's
//! default reads back, every value it offers applies, every field has a row). A new kind of
//! value is a variant of [`Kind`]: how a form writes it (`Kind::read`), its error message
//! (`Kind::expected`), its default (`DefaultOf`), its control (`crate::edit::setting_kind`),
//! and `Kind::owns_heap` when its field owns heap memory.

use crate::result::{Issue, IssueCode, Severity};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RateRounding {
    Truncate,
    HalfUp,
}

impl RateRounding {
    pub fn strategy(self) -> RoundingStrategy {
        match self {
            RateRounding::Truncate => RoundingStrategy::ToZero,
            RateRounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
        }
    }
}

/// How scores and the total are rounded to score_decimals (§3): half-up, or cut toward zero
/// (some provinces print 9.78 as 9 at 0 decimals).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreRounding {
    HalfUp,
    Down,
}

impl ScoreRounding {
    pub fn strategy(self) -> RoundingStrategy {
        match self {
            ScoreRounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            ScoreRounding::Down => RoundingStrategy::ToZero,
        }
    }
}

/// How a miss is scored on reverse rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReverseMode {
    Ratio,
    Linear,
    Manual,
}

/// How a miss below the target is scored on equal rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EqualMode {
    Ratio,
    Manual,
}

/// What the budget row scores when 全年预算数 and 全年执行数 are both 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ZeroBudget {
    /// Row excluded, total rescaled.
    Na,
    Full,
    Zero,
}

/// How a missing budget reason below 90% execution is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonPolicy {
    Warning,
    Required,
}

/// The resolved settings of a form. Each field is the setting of [`SETTINGS`] with its name;
/// serialized, the keys are the table's keys and the values what the table offers (decimals
/// as strings, `level1_weights_check` as a boolean).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub rate_rounding: RateRounding,
    pub rate_decimals: u32,
    pub score_decimals: u32,
    pub score_rounding: ScoreRounding,
    pub reverse_mode: ReverseMode,
    pub equal_mode: EqualMode,
    pub over_threshold: Decimal,
    pub zero_budget: ZeroBudget,
    pub reason_below_90: ReasonPolicy,
    /// Lower bounds of 优, 良, 中 (inclusive), strictly descending.
    pub grade_bands: [Decimal; 3],
    /// Labels of the 其中 rows for a new form.
    pub fund_sources: Vec<String>,
    pub level1_weights_check: bool,
}

/// One setting: a row of [`SETTINGS`].
pub struct Setting {
    /// Its key in a form's `settings` and in serialized [`Settings`]: its field's name.
    pub key: &'static str,
    /// The `mof` default, written as the settings panel shows it.
    pub default: &'static str,
    /// The values it takes.
    pub kind: Kind,
    /// Its name in the settings panel.
    pub title: &'static str,
    /// One sentence for the settings panel.
    pub help: &'static str,
    /// Its field of [`Settings`].
    field: fn(&mut Settings) -> &mut dyn Field,
}

/// The values a setting takes (and so the control the settings panel gives it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One of these `(value, Chinese name)`. Each value is the serialized name of a variant of
    /// the field's enum.
    Choice(&'static [(&'static str, &'static str)]),
    /// A `bool`: `on` or `off` (also the JSON booleans and the strings `"true"` / `"false"`),
    /// with the Chinese names of on and off.
    Switch { on: &'static str, off: &'static str },
    /// A number of decimal places (`u32`): a whole number from 0 to `max`.
    Places { max: u32 },
    /// A number (`Decimal`) greater than this.
    Above(Decimal),
    /// Three numbers (`[Decimal; 3]`), strictly descending, in (0, 100]: `90/80/60`.
    Bands,
    /// A non-empty list of names (`Vec<String>`), shown joined by 、; `what` names them in the
    /// error message.
    Labels { what: &'static str },
}

/// Every setting, in the order of the settings panel.
pub static SETTINGS: &[Setting] = &[
    Setting {
        key: "rate_rounding",
        default: "truncate",
        kind: Kind::Choice(&[("truncate", "直接截断"), ("half_up", "四舍五入")]),
        title: "执行率取舍方式",
        help: "执行率的取舍方式：truncate 直接截断（默认，与多数已公开的表一致），half_up 四舍五入。",
        field: |s| &mut s.rate_rounding,
    },
    Setting {
        key: "rate_decimals",
        default: "2",
        kind: Kind::Places { max: 4 },
        title: "执行率小数位数",
        help: "执行率保留的小数位数（0–4，默认 2）。",
        field: |s| &mut s.rate_decimals,
    },
    Setting {
        key: "score_decimals",
        default: "1",
        kind: Kind::Places { max: 2 },
        title: "得分小数位数",
        help: "各项得分与总分保留的小数位数（0–2，默认 1），按“得分取舍方式”取舍。",
        field: |s| &mut s.score_decimals,
    },
    Setting {
        key: "score_rounding",
        default: "half_up",
        kind: Kind::Choice(&[("half_up", "四舍五入"), ("down", "直接舍去")]),
        title: "得分取舍方式",
        help: "各项得分与总分的取舍方式：half_up 四舍五入（默认），down 直接舍去。",
        field: |s| &mut s.score_rounding,
    },
    Setting {
        key: "reverse_mode",
        default: "ratio",
        kind: Kind::Choice(&[("ratio", "按比例"), ("linear", "线性扣分"), ("manual", "人工评分")]),
        title: "反向指标计分",
        help: "反向指标超出目标时的计分：ratio 按 目标÷实际 比例（默认），linear 按超出比例线性扣分，manual 人工评分。",
        field: |s| &mut s.reverse_mode,
    },
    Setting {
        key: "equal_mode",
        default: "ratio",
        kind: Kind::Choice(&[("ratio", "按比例"), ("manual", "人工评分")]),
        title: "等于型指标计分",
        help: "等于型指标未达到时的计分：ratio 按比例（默认），manual 人工评分。",
        field: |s| &mut s.equal_mode,
    },
    Setting {
        key: "over_threshold",
        default: "1.2",
        kind: Kind::Above(Decimal::ONE),
        title: "超额完成倍数",
        help: "完成值达到指标值的多少倍视为超额完成、需说明原因（大于 1，默认 1.2）。",
        field: |s| &mut s.over_threshold,
    },
    Setting {
        key: "zero_budget",
        default: "na",
        kind: Kind::Choice(&[("na", "不计分并折算"), ("full", "得满分"), ("zero", "得 0 分")]),
        title: "预算为零时",
        help: "全年预算数与执行数都为 0 时预算执行率一行如何计分：na 不计分并按其余分值折算（默认），full 得满分，zero 得 0 分。",
        field: |s| &mut s.zero_budget,
    },
    Setting {
        key: "reason_below_90",
        default: "warning",
        kind: Kind::Choice(&[("warning", "提示"), ("required", "视为错误")]),
        title: "执行率低于90%未说明原因",
        help: "执行率低于 90% 时未填写原因：warning 提示（默认），required 视为错误。",
        field: |s| &mut s.reason_below_90,
    },
    Setting {
        key: "grade_bands",
        default: "90/80/60",
        kind: Kind::Bands,
        title: "等级分数线",
        help: "优、良、中三个等级的最低分（含），从高到低，默认 90 / 80 / 60。",
        field: |s| &mut s.grade_bands,
    },
    Setting {
        key: "fund_sources",
        default: "当年财政拨款、上年结转资金、其他资金",
        kind: Kind::Labels { what: "资金来源名称" },
        title: "资金来源名称",
        help: "新建表格时“其中”资金来源的名称。",
        field: |s| &mut s.fund_sources,
    },
    Setting {
        key: "level1_weights_check",
        default: "on",
        kind: Kind::Switch { on: "检查", off: "不检查" },
        title: "一级指标分值检查",
        help: "是否检查一级指标分值为 产出 50 / 效益 30 / 满意度 10（on / off，默认 on）。",
        field: |s| &mut s.level1_weights_check,
    },
];

/// The setting with this key.
pub fn setting(key: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|d| d.key == key)
}

/// A field of [`Settings`] as its row reaches it: set from its serialized form.
trait Field {
    /// Sets the field from `v`, written as [`Settings`] serializes it; false (and the field
    /// unchanged) when `v` is not of that form.
    fn set(&mut self, v: Value) -> bool;
    /// Sets the field to its row's default.
    fn set_default(&mut self, row: &'static Setting);
}

impl<T: serde::de::DeserializeOwned> Field for T {
    fn set(&mut self, v: Value) -> bool {
        serde_json::from_value(v).map(|x| *self = x).is_ok()
    }
    fn set_default(&mut self, row: &'static Setting) {
        match T::deserialize(DefaultOf { row, empty: false }) {
            Ok(x) => *self = x,
            Err(e) => panic!("the default of setting {} does not fit its field: {}", row.key, e),
        }
    }
}

impl Setting {
    /// Applies a value of this setting (as a form writes it) to `s`; `Err` with the Chinese
    /// reason when the value is invalid (`s` is left unchanged).
    pub fn apply(&self, s: &mut Settings, v: &Value) -> Result<(), String> {
        match self.kind.read(v) {
            Some(x) => {
                let set = (self.field)(s).set(x);
                assert!(set, "the values of setting {} do not fit its field of Settings", self.key);
                Ok(())
            }
            None => Err(format!("设置 {} 的值“{}”无效：{}", self.key, show(v), self.kind.expected())),
        }
    }

    /// The value of this setting in `s`, as the settings panel shows it (numbers without
    /// trailing zeros, lists joined).
    pub fn text(&self, s: &Settings) -> String {
        let v = serde_json::to_value(s).expect("Settings serialize");
        self.text_of(&v[self.key], true)
    }

    /// A form's own value of this setting, as the settings panel shows it: as typed (lists
    /// joined as the panel writes them).
    pub fn override_text(&self, v: &Value) -> String {
        self.text_of(v, false)
    }

    fn text_of(&self, v: &Value, tidy: bool) -> String {
        let numbers = tidy && matches!(self.kind, Kind::Above(_) | Kind::Bands);
        let text = |t: &str| match t.parse::<Decimal>() {
            Ok(d) if numbers => d.normalize().to_string(),
            _ => t.to_string(),
        };
        match v {
            Value::String(t) => text(t),
            Value::Array(a) => {
                let sep = if self.kind == Kind::Bands { "/" } else { "、" };
                a.iter().map(|x| x.as_str().map_or_else(|| x.to_string(), text)).collect::<Vec<_>>().join(sep)
            }
            Value::Bool(b) => if *b { "on" } else { "off" }.into(),
            other => other.to_string(),
        }
    }

    /// The JSON a form stores for a text typed or chosen in the settings panel: the text, or
    /// for a list of names the names (separated by 、 , ， or /).
    pub fn value_of(&self, text: &str) -> Value {
        match self.kind {
            Kind::Labels { .. } => Value::Array(labels(text).map(Value::from).collect()),
            _ => Value::String(text.to_string()),
        }
    }
}

impl Kind {
    /// A value as a form may write it (a string, a number, a boolean, a list), when it is one
    /// of these values: written as [`Settings`] serializes it.
    fn read(&self, v: &Value) -> Option<Value> {
        match *self {
            Kind::Choice(options) => {
                let t = as_text(v)?;
                options.iter().find(|(k, _)| *k == t).map(|(k, _)| Value::from(*k))
            }
            Kind::Switch { .. } => match as_text(v)?.as_str() {
                "on" | "true" => Some(Value::Bool(true)),
                "off" | "false" => Some(Value::Bool(false)),
                _ => None,
            },
            Kind::Places { max } => as_small_int(v, max).map(Value::from),
            Kind::Above(min) => as_decimal(v).filter(|d| *d > min).map(|d| Value::String(d.to_string())),
            Kind::Bands => {
                let items: Option<Vec<Decimal>> = match v {
                    Value::Array(a) => a.iter().map(as_decimal).collect(),
                    Value::String(s) => band_parts(s).map(|p| p.parse().ok()).collect(),
                    _ => None,
                };
                match items.as_deref() {
                    Some(&[a, b, c]) if a > b && b > c && c > Decimal::ZERO && a <= Decimal::ONE_HUNDRED => {
                        Some(Value::Array(vec![a.to_string().into(), b.to_string().into(), c.to_string().into()]))
                    }
                    _ => None,
                }
            }
            Kind::Labels { .. } => match v {
                Value::Array(a) if a.iter().all(Value::is_string) && !a.is_empty() => Some(v.clone()),
                _ => None,
            },
        }
    }

    /// Whether the field of this kind owns heap memory (see `Default for Settings`).
    fn owns_heap(&self) -> bool {
        matches!(self, Kind::Labels { .. })
    }

    /// What an invalid value should have been, in Chinese.
    fn expected(&self) -> String {
        match *self {
            Kind::Choice(options) => {
                let names: Vec<&str> = options.iter().map(|(k, _)| *k).collect();
                match names.split_last() {
                    Some((last, rest)) if !rest.is_empty() => format!("应为 {} 或 {}", rest.join("、"), last),
                    _ => format!("应为 {}", names.concat()),
                }
            }
            Kind::Switch { .. } => "应为 on 或 off".into(),
            Kind::Places { max } => format!("应为 0 到 {} 的整数", max),
            Kind::Above(min) => format!("应为大于 {} 的数", min),
            Kind::Bands => "应为三个从高到低、在 0 到 100 之间的数，如 [90, 80, 60]".into(),
            Kind::Labels { what } => format!("应为{}的列表", what),
        }
    }
}

impl Default for Settings {
    /// The `mof` (财政部) defaults: every row's `default`.
    fn default() -> Self {
        // The rows are read into `Settings` once and that copy is cloned. The copy must own no
        // heap memory, since the command line's per-file arena frees all heap memory between
        // files (tests/cli.rs scores several files and sees the garbage if it does): the lists
        // stay empty there and are read again on each call.
        static MOF: OnceLock<Settings> = OnceLock::new();
        let mut s = MOF
            .get_or_init(|| {
                let rows = SETTINGS.iter().map(|d| (d.key, DefaultOf { row: d, empty: d.kind.owns_heap() }));
                Settings::deserialize(serde::de::value::MapDeserializer::new(rows)).unwrap_or_else(
                    |e: serde::de::value::Error| panic!("the rows of SETTINGS do not fit Settings: {}", e),
                )
            })
            .clone();
        for d in SETTINGS.iter().filter(|d| d.kind.owns_heap()) {
            (d.field)(&mut s).set_default(d);
        }
        s
    }
}

/// A row's default as serde reads it into the row's field: a choice's name, a number, a switch,
/// a list of numbers or names, or with `empty` an empty list.
struct DefaultOf {
    row: &'static Setting,
    empty: bool,
}

impl DefaultOf {
    fn text(&self) -> &'static str {
        if self.empty {
            ""
        } else {
            self.row.default
        }
    }
}

impl<'de> serde::de::IntoDeserializer<'de> for DefaultOf {
    type Deserializer = DefaultOf;
    fn into_deserializer(self) -> DefaultOf {
        self
    }
}

impl<'de> serde::Deserializer<'de> for DefaultOf {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        use serde::de::value::SeqDeserializer;
        use serde::de::Error;
        let text = self.text();
        match self.row.kind {
            Kind::Choice(_) | Kind::Above(_) => visitor.visit_borrowed_str(text),
            Kind::Switch { .. } => visitor.visit_bool(text == "on"),
            Kind::Places { .. } => visitor.visit_u32(text.parse().map_err(Self::Error::custom)?),
            Kind::Bands => visitor.visit_seq(SeqDeserializer::new(band_parts(text))),
            // Split only at 、, as the panel joins them: a default is written as the panel shows it
            // (the table test holds it so), and this runs for every form.
            Kind::Labels { .. } => visitor.visit_seq(SeqDeserializer::new(text.split('、').filter(|s| !s.is_empty()))),
        }
    }

    fn deserialize_enum<V: serde::de::Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        serde::de::value::BorrowedStrDeserializer::new(self.text()).deserialize_enum(name, variants, visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// A named profile: its key, its Chinese name, and its overrides of the `mof` defaults, each
/// written as the settings panel shows it.
pub struct Profile {
    pub key: &'static str,
    pub name: &'static str,
    pub overrides: &'static [(&'static str, &'static str)],
}

/// The profiles, as data.
pub const PROFILES: &[Profile] = &[
    Profile { key: "mof", name: "财政部默认", overrides: &[] },
    Profile { key: "hebei", name: "河北", overrides: &[("reverse_mode", "manual"), ("equal_mode", "manual")] },
    Profile {
        key: "sichuan",
        name: "四川",
        overrides: &[
            ("fund_sources", "财政资金、财政专户管理资金、单位资金、其他"),
            ("reason_below_90", "required"),
            ("rate_rounding", "half_up"),
            ("level1_weights_check", "off"),
        ],
    },
    Profile { key: "guangxi", name: "广西", overrides: &[("over_threshold", "1.3")] },
];

pub fn profile(key: &str) -> Option<&'static Profile> {
    PROFILES.iter().find(|p| p.key == key)
}

fn setting_error(key: &str, message: String) -> Issue {
    Issue { severity: Severity::Error, code: IssueCode::InvalidSetting, path: format!("settings.{}", key), message }
}

/// The names in a list typed as text: `当年财政拨款、上年结转资金` (also , ， or / between them).
fn labels(text: &str) -> impl Iterator<Item = &str> {
    text.split(['、', ',', '，', '/']).map(str::trim).filter(|s| !s.is_empty())
}

/// The numbers in grade bands typed as text: `90/80/60` (also , ， or spaces between them).
fn band_parts(text: &str) -> impl Iterator<Item = &str> {
    text.split(['/', ',', '，', ' ']).filter(|p| !p.is_empty())
}

/// A setting's value as text: a string, or a number's literal.
fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(if *b { "on".into() } else { "off".into() }),
        _ => None,
    }
}

fn as_decimal(v: &Value) -> Option<Decimal> {
    let t = as_text(v)?;
    t.parse::<Decimal>().ok().or_else(|| Decimal::from_scientific(&t).ok())
}

fn as_small_int(v: &Value, max: u32) -> Option<u32> {
    let d = as_decimal(v)?;
    if d.fract().is_zero() && d >= Decimal::ZERO && d <= Decimal::from(max) {
        d.normalize().to_string().parse().ok()
    } else {
        None
    }
}

impl Settings {
    /// Applies one setting. `Ok(false)` for a key this version does not know (ignored);
    /// `Err` with the Chinese reason when the value is invalid (the setting is left unchanged).
    pub fn apply(&mut self, key: &str, v: &Value) -> Result<bool, String> {
        match setting(key) {
            Some(d) => d.apply(self, v).map(|()| true),
            None => Ok(false),
        }
    }

    /// The settings of a form: its profile, then its own overrides. Issues: `unknown_profile`
    /// (mof is used) and `invalid_setting` (the profile's value is used).
    pub fn resolve(profile_key: &str, overrides: &Map<String, Value>) -> (Settings, Vec<Issue>) {
        let mut s = Settings::default();
        let mut issues = Vec::new();
        let key = profile_key.trim();
        let key = if key.is_empty() { "mof" } else { key };
        match profile(key) {
            Some(p) => {
                for (k, text) in p.overrides {
                    let d = setting(k).expect("built-in profiles name settings");
                    d.apply(&mut s, &d.value_of(text)).expect("built-in profiles are valid");
                }
            }
            None => issues.push(Issue {
                severity: Severity::Error,
                code: IssueCode::UnknownProfile,
                path: "profile".into(),
                message: format!(
                    "不认识的评分方案“{}”，已按财政部默认方案（mof）计分；可选：{}",
                    key,
                    PROFILES.iter().map(|p| p.key).collect::<Vec<_>>().join("、")
                ),
            }),
        }
        for (k, v) in overrides {
            if let Err(msg) = s.apply(k, v) {
                issues.push(setting_error(k, msg));
            }
        }
        (s, issues)
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
