//! How each kind of cell of the exchange format is read and written: the serde `with` and
//! `deserialize_with` functions named by the fields of [`super::Form`].
//!
//! Reading is tolerant of content and strict about structure, with Chinese messages that
//! `serde_path_to_error` puts behind the field's path (`indicators[3].weight：应为数字或数字文字，
//! 实际是对象`):
//! - a text cell takes a string, a JSON number (as the decimal text it stands for) or null
//!   (empty);
//! - an amount, weight or score cell likewise, and is written back as a string, or `null`
//!   when empty;
//! - an object field takes an object or null (its default), a list field a list or null;
//!   each list element must be an object.

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serializer};
use serde_json::{Number, Value};
use std::fmt;
use std::marker::PhantomData;

/// The Chinese name of a JSON value's type, for messages.
pub(crate) fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "空值",
        Value::Bool(_) => "真假值",
        Value::Number(_) => "数字",
        Value::String(_) => "文字",
        Value::Array(_) => "列表",
        Value::Object(_) => "对象",
    }
}

/// A JSON number as the decimal text it stands for, without going through `f64`: the
/// literal as written (serde_json's `arbitrary_precision` keeps it), except that an exponent
/// is written out when it fits a decimal (`1.25e3` → `1250`); otherwise it is kept as written
/// and the engine reports it as not a valid number.
pub(crate) fn number_text(n: &Number) -> String {
    let lit = n.to_string();
    if lit.contains(['e', 'E']) {
        if let Ok(d) = rust_decimal::Decimal::from_scientific(&lit) {
            return d.normalize().to_string();
        }
    }
    lit
}

/// A cell: a string, a number's text, or empty for null; anything else is an error
/// "`expected`，实际是…".
fn cell<'de, D: Deserializer<'de>>(d: D, expected: &str) -> Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(String::new()),
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(number_text(&n)),
        other => Err(de::Error::custom(format!("{}，实际是{}", expected, json_type(&other)))),
    }
}

/// A free text (names, targets, actual values, reasons).
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    cell(d, "应为文字")
}

/// The 自评报告: a string, or null for "generate it"; a number is not a report.
pub fn report<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        other => Err(de::Error::custom(format!("应为文字，实际是{}", json_type(&other)))),
    }
}

fn opt<S: Serializer>(s: &str, ser: S) -> Result<S::Ok, S::Error> {
    if s.is_empty() {
        ser.serialize_none()
    } else {
        ser.serialize_str(s)
    }
}

/// An amount, weight or score: a decimal string or a JSON number; `null` when empty.
pub mod decimal {
    use super::*;
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        cell(d, "应为数字或数字文字")
    }
    #[allow(clippy::ptr_arg)]
    pub fn serialize<S: Serializer>(s: &String, ser: S) -> Result<S::Ok, S::Error> {
        opt(s, ser)
    }
}

/// A text that is written as `null` when empty (the tier).
pub mod opt_text {
    use super::*;
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        text(d)
    }
    #[allow(clippy::ptr_arg)]
    pub fn serialize<S: Serializer>(s: &String, ser: S) -> Result<S::Ok, S::Error> {
        opt(s, ser)
    }
}

/// 年度: a number or a string as typed; written as a number when it is a plain integer.
pub mod year {
    use super::*;
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        cell(d, "年度应为数字")
    }
    #[allow(clippy::ptr_arg)]
    pub fn serialize<S: Serializer>(y: &String, ser: S) -> Result<S::Ok, S::Error> {
        match y.parse::<i64>() {
            Ok(n) if n.to_string() == *y => ser.serialize_i64(n),
            _ => opt(y, ser),
        }
    }
}

/// The method cell: `auto` when empty, on reading and on writing.
pub mod method {
    use super::*;
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        text(d).map(crate::model::Indicator::method_or_auto)
    }
    #[allow(clippy::ptr_arg)]
    pub fn serialize<S: Serializer>(m: &String, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(&crate::model::Indicator::method_or_auto(m.clone()))
    }
}

/// The schema: whatever was read, a form is written in the current one (reading migrates).
pub mod schema {
    use super::*;
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        text(d)
    }
    #[allow(clippy::ptr_arg)]
    pub fn serialize<S: Serializer>(_: &String, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(crate::model::SCHEMA)
    }
}

/// An object field: an object, or null for its default.
pub fn object<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    d.deserialize_any(ObjectVisitor { null: Some(T::default()) })
}

/// A list field: a list of objects, or null for none.
pub fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    d.deserialize_any(ListVisitor(PhantomData))
}

/// serde_json's key for a number kept as text (`arbitrary_precision`): a number reaches
/// `visit_map` as a one-entry map under this key (serde_json's own `Value` visitor checks for
/// it in the same way). `tests/model.rs` holds a number where an object belongs to
/// "实际是数字", so a change of this key in serde_json shows there.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

fn not<E: de::Error>(what: &str, got: &str) -> E {
    E::custom(format!("应为{}，实际是{}", what, got))
}

/// Visits one value that must be an object: a map goes to `T`'s own derived `Deserialize`,
/// through the same `MapAccess` (so the paths of errors inside it are tracked); null gives
/// `null` (or is an error when there is no default, as for a list element).
struct ObjectVisitor<T> {
    null: Option<T>,
}

macro_rules! refuse {
    ($what:literal) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Err(not($what, "真假值"))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Err(not($what, "数字"))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Err(not($what, "数字"))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Err(not($what, "数字"))
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Err(not($what, "文字"))
        }
    };
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("对象")
    }

    refuse!("对象");

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        self.null.ok_or_else(|| not("对象", "空值"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<T, A::Error> {
        Err(not("对象", "列表"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let first = map.next_key::<String>()?;
        if first.as_deref() == Some(NUMBER_TOKEN) {
            return Err(not("对象", "数字"));
        }
        T::deserialize(MapAccessDeserializer::new(Replay { first, map }))
    }
}

/// A map whose first key was already read: it is given again, then the rest follow.
struct Replay<A> {
    first: Option<String>,
    map: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        let key = match self.first.take() {
            Some(k) => k,
            None => match self.map.next_key::<String>()? {
                Some(k) => k,
                None => return Ok(None),
            },
        };
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

struct ListVisitor<T>(PhantomData<T>);

/// One element of a list: an object.
struct Element<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Element<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_any(ObjectVisitor { null: None })
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("列表")
    }

    refuse!("列表");

    fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(x) = seq.next_element_seed(Element(PhantomData))? {
            items.push(x);
        }
        Ok(items)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<T>, A::Error> {
        let number = map.next_key::<String>()?.as_deref() == Some(NUMBER_TOKEN);
        Err(not("列表", if number { "数字" } else { "对象" }))
    }
}
