//! Settings and profiles (`scoring.md` §7), kept as data.
//!
//! A profile is a named list of `(setting, value)` overrides of the `mof` defaults; a form names
//! its profile and carries only the settings it overrides. Both go through the same
//! [`Settings::apply`], so a profile is exactly what a form could have written itself.

use crate::result::{Issue, IssueCode, Severity};
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// How a miss is scored on reverse rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReverseMode {
    Ratio,
    Linear,
    Manual,
}

/// How a miss below the target is scored on equal rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EqualMode {
    Ratio,
    Manual,
}

/// What the budget row scores when 全年预算数 and 全年执行数 are both 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZeroBudget {
    /// Row excluded, total rescaled.
    Na,
    Full,
    Zero,
}

/// How a missing budget reason below 90% execution is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReasonPolicy {
    Warning,
    Required,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub rate_rounding: RateRounding,
    pub rate_decimals: u32,
    pub score_decimals: u32,
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

impl Default for Settings {
    /// The `mof` (财政部) defaults.
    fn default() -> Self {
        Settings {
            rate_rounding: RateRounding::Truncate,
            rate_decimals: 2,
            score_decimals: 1,
            reverse_mode: ReverseMode::Ratio,
            equal_mode: EqualMode::Ratio,
            over_threshold: Decimal::new(12, 1),
            zero_budget: ZeroBudget::Na,
            reason_below_90: ReasonPolicy::Warning,
            grade_bands: [Decimal::from(90), Decimal::from(80), Decimal::from(60)],
            fund_sources: vec!["当年财政拨款".into(), "上年结转资金".into(), "其他资金".into()],
            level1_weights_check: true,
        }
    }
}

/// A named profile: its key, its Chinese name, and its overrides of the `mof` defaults.
pub struct Profile {
    pub key: &'static str,
    pub name: &'static str,
    pub overrides: fn() -> Vec<(&'static str, Value)>,
}

/// The profiles, as data.
pub const PROFILES: &[Profile] = &[
    Profile { key: "mof", name: "财政部默认", overrides: Vec::new },
    Profile {
        key: "hebei",
        name: "河北",
        overrides: || vec![("reverse_mode", "manual".into()), ("equal_mode", "manual".into())],
    },
    Profile {
        key: "sichuan",
        name: "四川",
        overrides: || {
            vec![
                (
                    "fund_sources",
                    ["财政资金", "财政专户管理资金", "单位资金", "其他"].into_iter().map(Value::from).collect(),
                ),
                ("reason_below_90", "required".into()),
                ("rate_rounding", "half_up".into()),
                ("level1_weights_check", "off".into()),
            ]
        },
    },
    Profile { key: "guangxi", name: "广西", overrides: || vec![("over_threshold", "1.3".into())] },
];

/// Every setting key with a one-sentence Chinese explanation (for the settings panel and
/// `ziping --help`).
pub const SETTING_DOCS: &[(&str, &str)] = &[
    ("rate_rounding", "执行率的取舍方式：truncate 直接截断（默认，与多数已公开的表一致），half_up 四舍五入。"),
    ("rate_decimals", "执行率保留的小数位数（0–4，默认 2）。"),
    ("score_decimals", "各项得分与总分保留的小数位数（0–2，默认 1），一律四舍五入。"),
    ("reverse_mode", "反向指标超出目标时的计分：ratio 按 目标÷实际 比例（默认），linear 按超出比例线性扣分，manual 人工评分。"),
    ("equal_mode", "等于型指标未达到时的计分：ratio 按比例（默认），manual 人工评分。"),
    ("over_threshold", "完成值达到指标值的多少倍视为超额完成、需说明原因（大于 1，默认 1.2）。"),
    ("zero_budget", "全年预算数与执行数都为 0 时预算执行率一行如何计分：na 不计分并按其余分值折算（默认），full 得满分，zero 得 0 分。"),
    ("reason_below_90", "执行率低于 90% 时未填写原因：warning 提示（默认），required 视为错误。"),
    ("grade_bands", "优、良、中三个等级的最低分（含），从高到低，默认 90 / 80 / 60。"),
    ("fund_sources", "新建表格时“其中”资金来源的名称。"),
    ("level1_weights_check", "是否检查一级指标分值为 产出 50 / 效益 30 / 满意度 10（on / off，默认 on）。"),
];

pub fn profile(key: &str) -> Option<&'static Profile> {
    PROFILES.iter().find(|p| p.key == key)
}

fn setting_error(key: &str, message: String) -> Issue {
    Issue { severity: Severity::Error, code: IssueCode::InvalidSetting, path: format!("settings.{}", key), message }
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

fn choice<T: Copy>(v: &Value, options: &[(&str, T)]) -> Option<T> {
    let t = as_text(v)?;
    options.iter().find(|(k, _)| *k == t).map(|(_, x)| *x)
}

impl Settings {
    /// Applies one setting. `Ok(false)` for a key this version does not know (ignored);
    /// `Err` with the Chinese reason when the value is invalid (the setting is left unchanged).
    pub fn apply(&mut self, key: &str, v: &Value) -> Result<bool, String> {
        let bad = |what: &str| Err(format!("设置 {} 的值“{}”无效：{}", key, show(v), what));
        match key {
            "rate_rounding" => {
                match choice(v, &[("truncate", RateRounding::Truncate), ("half_up", RateRounding::HalfUp)]) {
                    Some(x) => self.rate_rounding = x,
                    None => return bad("应为 truncate 或 half_up"),
                }
            }
            "rate_decimals" => match as_small_int(v, 4) {
                Some(x) => self.rate_decimals = x,
                None => return bad("应为 0 到 4 的整数"),
            },
            "score_decimals" => match as_small_int(v, 2) {
                Some(x) => self.score_decimals = x,
                None => return bad("应为 0 到 2 的整数"),
            },
            "reverse_mode" => {
                match choice(
                    v,
                    &[("ratio", ReverseMode::Ratio), ("linear", ReverseMode::Linear), ("manual", ReverseMode::Manual)],
                ) {
                    Some(x) => self.reverse_mode = x,
                    None => return bad("应为 ratio、linear 或 manual"),
                }
            }
            "equal_mode" => match choice(v, &[("ratio", EqualMode::Ratio), ("manual", EqualMode::Manual)]) {
                Some(x) => self.equal_mode = x,
                None => return bad("应为 ratio 或 manual"),
            },
            "over_threshold" => match as_decimal(v) {
                Some(x) if x > Decimal::ONE => self.over_threshold = x,
                _ => return bad("应为大于 1 的数"),
            },
            "zero_budget" => {
                match choice(v, &[("na", ZeroBudget::Na), ("full", ZeroBudget::Full), ("zero", ZeroBudget::Zero)]) {
                    Some(x) => self.zero_budget = x,
                    None => return bad("应为 na、full 或 zero"),
                }
            }
            "reason_below_90" => {
                match choice(v, &[("warning", ReasonPolicy::Warning), ("required", ReasonPolicy::Required)]) {
                    Some(x) => self.reason_below_90 = x,
                    None => return bad("应为 warning 或 required"),
                }
            }
            "grade_bands" => {
                let items: Option<Vec<Decimal>> = match v {
                    Value::Array(a) => a.iter().map(as_decimal).collect(),
                    Value::String(s) => {
                        s.split(['/', ',', '，', ' ']).filter(|p| !p.is_empty()).map(|p| p.parse().ok()).collect()
                    }
                    _ => None,
                };
                match items.as_deref() {
                    Some(&[a, b, c]) if a > b && b > c && c > Decimal::ZERO && a <= Decimal::ONE_HUNDRED => {
                        self.grade_bands = [a, b, c]
                    }
                    _ => return bad("应为三个从高到低、在 0 到 100 之间的数，如 [90, 80, 60]"),
                }
            }
            "fund_sources" => match v {
                Value::Array(a) if a.iter().all(Value::is_string) && !a.is_empty() => {
                    self.fund_sources = a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()
                }
                _ => return bad("应为资金来源名称的列表"),
            },
            "level1_weights_check" => {
                match choice(v, &[("on", true), ("off", false), ("true", true), ("false", false)]) {
                    Some(x) => self.level1_weights_check = x,
                    None => return bad("应为 on 或 off"),
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
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
                for (k, v) in (p.overrides)() {
                    s.apply(k, &v).expect("built-in profiles are valid");
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
