//! JSON text to and from [`serde_json::Value`], without serde: the reader and the writers of
//! forms and drafts (serde_json's deserializer and serializer, with serde's generic machinery,
//! were about 10 KB of the compressed browser bundle; these are a fraction of that).
//!
//! They do exactly what serde_json does with the crate's features (`arbitrary_precision`,
//! `preserve_order`): [`parse`] accepts and refuses the same documents, keeps a number as the
//! literal serde_json keeps (`1E5` → `1e+5`), stops at the same nesting depth (128) and reports
//! an error at the same line and column; [`to_string`] and [`to_string_pretty`] write
//! byte for byte what `serde_json::to_string` / `to_string_pretty` write. `tests/json.rs` holds
//! them to that. The one difference: an object whose first key is serde_json's private number
//! token (`$serde_json::private::Number`) is a number in serde_json whatever follows; here it
//! is one only when the rest is exactly `: "<a JSON number>"}`, and an error otherwise.

use serde_json::{Map, Number, Value};

/// Where a document stops being JSON (1-based line, 0-based byte column, as serde_json counts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub line: usize,
    pub column: usize,
    /// Nested deeper than serde_json's recursion limit (128).
    pub too_deep: bool,
}

/// serde_json's key for a number kept as text (`arbitrary_precision`).
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Reads one JSON value (with white space around it) from `text`.
pub fn parse(text: &str) -> Result<Value, Error> {
    let mut p = Parser { b: text.as_bytes(), i: 0, depth: 128 };
    let v = p.value()?;
    match p.ws() {
        Some(_) => Err(p.peek_err()),
        None => Ok(v),
    }
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
    /// Levels of nesting still allowed.
    depth: u32,
}

impl Parser<'_> {
    /// The error at byte `i`, as serde_json's `position_of_index`.
    fn err_at(&self, i: usize) -> Error {
        let head = &self.b[..i];
        let start = head.iter().rposition(|&c| c == b'\n').map_or(0, |k| k + 1);
        let line = 1 + head[..start].iter().filter(|&&c| c == b'\n').count();
        Error { line, column: i - start, too_deep: false }
    }

    /// An error caused by the byte just read.
    fn err(&self) -> Error {
        self.err_at(self.i)
    }

    /// An error caused by the byte just peeked at.
    fn peek_err(&self) -> Error {
        self.err_at(self.b.len().min(self.i + 1))
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.i += 1;
        Some(c)
    }

    /// Skips white space; the next byte.
    fn ws(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.i += 1;
        }
        self.peek()
    }

    fn value(&mut self) -> Result<Value, Error> {
        let Some(c) = self.ws() else { return Err(self.peek_err()) };
        Ok(match c {
            b'n' => self.ident(b"null", Value::Null)?,
            b't' => self.ident(b"true", Value::Bool(true))?,
            b'f' => self.ident(b"false", Value::Bool(false))?,
            b'-' | b'0'..=b'9' => Value::Number(self.number()?),
            b'"' => {
                self.i += 1;
                Value::String(self.string()?)
            }
            b'[' | b'{' => {
                self.depth -= 1;
                if self.depth == 0 {
                    return Err(Error { too_deep: true, ..self.peek_err() });
                }
                self.i += 1;
                let v = if c == b'[' { self.array() } else { self.object() };
                self.depth += 1;
                v?
            }
            _ => return Err(self.peek_err()),
        })
    }

    /// `null`, `true` or `false`, whose first byte was peeked.
    fn ident(&mut self, word: &[u8], v: Value) -> Result<Value, Error> {
        self.i += 1;
        for &w in &word[1..] {
            if self.next() != Some(w) {
                return Err(self.err());
            }
        }
        Ok(v)
    }

    /// A number literal, kept as text the way serde_json keeps it: an exponent is written `e`
    /// with its sign (`1E5` → `1e+5`).
    fn number(&mut self) -> Result<Number, Error> {
        let mut buf = String::new();
        if self.peek() == Some(b'-') {
            self.i += 1;
            buf.push('-');
        }
        let digits = |p: &mut Self, buf: &mut String| {
            while let Some(c @ b'0'..=b'9') = p.peek() {
                p.i += 1;
                buf.push(c as char);
            }
        };
        match self.next() {
            Some(b'0') => {
                buf.push('0');
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.peek_err());
                }
            }
            Some(c @ b'1'..=b'9') => {
                buf.push(c as char);
                digits(self, &mut buf);
            }
            _ => return Err(self.err()),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            buf.push('.');
            let len = buf.len();
            digits(self, &mut buf);
            if buf.len() == len {
                return Err(self.peek_err());
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            buf.push('e');
            match self.peek() {
                Some(c @ (b'+' | b'-')) => {
                    self.i += 1;
                    buf.push(c as char);
                }
                _ => buf.push('+'),
            }
            match self.next() {
                Some(c @ b'0'..=b'9') => buf.push(c as char),
                _ => return Err(self.err()),
            }
            digits(self, &mut buf);
        }
        // serde_json (with `arbitrary_precision`) keeps a number as exactly this text; its
        // public way there, `Number::from_str`, would bring its deserializer back into the
        // bundle. (A hidden but public function; a serde_json without it fails to compile.)
        Ok(Number::from_string_unchecked(buf))
    }

    /// A string's contents, after its opening quote.
    fn string(&mut self) -> Result<String, Error> {
        let b = self.b;
        let mut out = Vec::new();
        let mut start = self.i;
        loop {
            while let Some(&c) = b.get(self.i) {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.i += 1;
            }
            let Some(c) = self.next() else { return Err(self.err()) };
            out.extend_from_slice(&b[start..self.i - 1]);
            match c {
                b'"' => break,
                b'\\' => self.escape(&mut out)?,
                // A control character.
                _ => return Err(self.err()),
            }
            start = self.i;
        }
        // The input is UTF-8 and escapes add whole characters.
        Ok(String::from_utf8(out).unwrap_or_default())
    }

    /// One escape, after its backslash.
    fn escape(&mut self, out: &mut Vec<u8>) -> Result<(), Error> {
        let c = match self.next() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\x08',
            Some(b'f') => '\x0c',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let n = self.hex()?;
                let n = match n {
                    0xDC00..=0xDFFF => return Err(self.err()),
                    0xD800..=0xDBFF => {
                        // A leading surrogate: `\uXXXX` with the trailing one must follow.
                        for want in [b'\\', b'u'] {
                            match self.next() {
                                Some(c) if c == want => {}
                                Some(_) => return Err(self.err()),
                                None => return Err(self.err()),
                            }
                        }
                        let n2 = self.hex()?;
                        if !(0xDC00..=0xDFFF).contains(&n2) {
                            return Err(self.err());
                        }
                        0x10000 + ((n - 0xD800) << 10 | (n2 - 0xDC00))
                    }
                    n => n,
                };
                char::from_u32(n).unwrap_or_default()
            }
            _ => return Err(self.err()),
        };
        let mut buf = [0; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        Ok(())
    }

    /// Four hex digits.
    fn hex(&mut self) -> Result<u32, Error> {
        let Some(digits) = self.b.get(self.i..self.i + 4) else {
            self.i = self.b.len();
            return Err(self.err());
        };
        self.i += 4;
        let mut n = 0;
        for &d in digits {
            n = n * 16 + (d as char).to_digit(16).ok_or_else(|| self.err())?;
        }
        Ok(n)
    }

    /// An array's elements, after `[`.
    fn array(&mut self) -> Result<Value, Error> {
        let mut items = Vec::new();
        loop {
            match self.ws() {
                None => return Err(self.peek_err()),
                Some(b']') => break,
                Some(_) if items.is_empty() => {}
                Some(b',') => {
                    self.i += 1;
                    match self.ws() {
                        Some(b']') | None => return Err(self.peek_err()),
                        Some(_) => {}
                    }
                }
                Some(_) => return Err(self.peek_err()),
            }
            items.push(self.value()?);
        }
        self.i += 1;
        Ok(Value::Array(items))
    }

    /// An object's members, after `{`.
    fn object(&mut self) -> Result<Value, Error> {
        let mut map = Map::new();
        let mut first = true;
        loop {
            match self.ws() {
                None => return Err(self.peek_err()),
                Some(b'}') => break,
                Some(b'"') if first => {}
                Some(b',') if !first => {
                    self.i += 1;
                    if self.ws() != Some(b'"') {
                        return Err(self.peek_err());
                    }
                }
                Some(_) => return Err(self.peek_err()),
            }
            self.i += 1;
            let key = self.string()?;
            match self.ws() {
                Some(b':') => self.i += 1,
                _ => return Err(self.peek_err()),
            }
            if first && key == NUMBER_TOKEN {
                return self.number_object();
            }
            first = false;
            let v = self.value()?;
            map.insert(key, v);
        }
        self.i += 1;
        Ok(Value::Object(map))
    }

    /// `{"$serde_json::private::Number": "<number>"}` after the colon: serde_json's
    /// representation of a number kept as text, which it reads back as that number.
    fn number_object(&mut self) -> Result<Value, Error> {
        if self.ws() != Some(b'"') {
            return Err(self.peek_err());
        }
        self.i += 1;
        let text = self.string()?;
        let n = Parser { b: text.as_bytes(), i: 0, depth: 1 }.whole_number().ok_or_else(|| self.err())?;
        if self.ws() != Some(b'}') {
            return Err(self.peek_err());
        }
        self.i += 1;
        Ok(Value::Number(n))
    }

    /// The whole input as one number literal.
    fn whole_number(&mut self) -> Option<Number> {
        let n = match self.peek()? {
            b'-' | b'0'..=b'9' => self.number().ok()?,
            _ => return None,
        };
        (self.i == self.b.len()).then_some(n)
    }
}

/// Compact JSON, as `serde_json::to_string` (and `Value`'s `Display`) writes it.
pub fn to_string(v: &Value) -> String {
    let mut out = Vec::new();
    write(&mut out, v, None);
    String::from_utf8(out).unwrap_or_default()
}

/// Pretty JSON (two-space indent), as `serde_json::to_string_pretty` writes it.
pub fn to_string_pretty(v: &Value) -> String {
    let mut out = Vec::new();
    write(&mut out, v, Some(0));
    String::from_utf8(out).unwrap_or_default()
}

/// Writes `v`; `indent` is the current depth when pretty, `None` when compact.
fn write(out: &mut Vec<u8>, v: &Value, indent: Option<usize>) {
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Number(n) => out.extend_from_slice(n.as_str().as_bytes()),
        Value::String(s) => crate::result::json::str(out, s),
        Value::Array(a) => {
            container(out, b'[', b']', a.len(), indent, a.iter().map(|x| (None, x)));
        }
        Value::Object(m) => {
            container(out, b'{', b'}', m.len(), indent, m.iter().map(|(k, x)| (Some(k.as_str()), x)));
        }
    }
}

fn container<'a>(
    out: &mut Vec<u8>,
    open: u8,
    close: u8,
    len: usize,
    indent: Option<usize>,
    items: impl Iterator<Item = (Option<&'a str>, &'a Value)>,
) {
    out.push(open);
    let inner = indent.map(|d| d + 1);
    for (k, (key, x)) in items.enumerate() {
        if k > 0 {
            out.push(b',');
        }
        newline(out, inner);
        if let Some(key) = key {
            crate::result::json::str(out, key);
            out.push(b':');
            if inner.is_some() {
                out.push(b' ');
            }
        }
        write(out, x, inner);
    }
    if len > 0 {
        newline(out, indent);
    }
    out.push(close);
}

fn newline(out: &mut Vec<u8>, indent: Option<usize>) {
    if let Some(d) = indent {
        out.push(b'\n');
        out.resize(out.len() + 2 * d, b' ');
    }
}
