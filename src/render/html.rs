//! Escaping user text for HTML, and the document frame both printed documents share.
//!
//! Escaping is a small function of our own rather than a crate (`html-escape`, a template
//! engine): the documents are a few fixed fragments around user text, so a template engine
//! would add a build step and bundle weight for nothing, and escaping for the only two
//! contexts used here (element text and double-quoted attribute values) is five characters.
//! Every user text goes through [`text`] (or [`Out::text`]); nothing from the form is ever
//! written into a tag, an attribute name, a URL or the `<style>` element.

use std::fmt::Write;

/// Appends `s` to `out`, escaped for element text and for a double-quoted attribute value:
/// `&` `<` `>` `"` `'` become entities. Control characters other than tab, line feed and
/// carriage return (which an HTML parser rejects or replaces) become U+FFFD.
pub fn escape_into(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, c) in s.char_indices() {
        let rep = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            '\t' | '\n' | '\r' => continue,
            c if c.is_control() => "\u{fffd}",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + c.len_utf8();
    }
    out.push_str(&s[last..]);
}

/// `s` escaped (see [`escape_into`]).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

/// An HTML document being written. Markup is pushed as is ([`Out::raw`]: only literals of
/// this module tree), user text always escaped ([`Out::text`]).
pub(crate) struct Out {
    pub(crate) s: String,
}

impl Out {
    pub(crate) fn with_capacity(n: usize) -> Out {
        Out { s: String::with_capacity(n) }
    }
    /// Markup written by this module (never user text).
    pub(crate) fn raw(&mut self, markup: &str) -> &mut Out {
        self.s.push_str(markup);
        self
    }
    /// User text, escaped.
    pub(crate) fn text(&mut self, t: &str) -> &mut Out {
        escape_into(&mut self.s, t);
        self
    }
    /// A number (an attribute value such as a rowspan).
    pub(crate) fn num(&mut self, n: usize) -> &mut Out {
        let _ = write!(self.s, "{n}");
        self
    }
    /// `<tag class="class">text</tag>` with the text escaped; no class attribute when empty.
    pub(crate) fn el(&mut self, tag: &str, class: &str, t: &str) -> &mut Out {
        self.s.push('<');
        self.s.push_str(tag);
        if !class.is_empty() {
            self.s.push_str(" class=\"");
            self.s.push_str(class);
            self.s.push('"');
        }
        self.s.push('>');
        escape_into(&mut self.s, t);
        self.s.push_str("</");
        self.s.push_str(tag);
        self.s.push('>');
        self
    }
}

/// The system fonts of a printed Chinese form, named only (nothing is loaded).
pub(crate) const FONTS: &str =
    "\"SimSun\", \"宋体\", \"Songti SC\", \"STSong\", \"Noto Serif CJK SC\", \"Source Han Serif SC\", serif";

/// Opens a standalone document: doctype, head with the escaped title and the inline styles
/// (the page size for portrait or landscape, then `css`), and the body.
pub(crate) fn open_document(out: &mut Out, title: &str, landscape: bool, css: &str) {
    // The document may load nothing and run nothing, whatever it holds: a second guard behind
    // the escaping, in the exported file as in the print frame.
    out.raw(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<title>",
    );
    out.text(title);
    out.raw("</title>\n<style>\n");
    // The page: A4, portrait or landscape; the body is the printable width on screen too.
    let (size, width) = if landscape { ("A4 landscape", "273mm") } else { ("A4 portrait", "186mm") };
    let _ = write!(
        out.s,
        "@page {{ size: {size}; margin: 12mm; }}\n\
         html {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}\n\
         body {{ font-family: {FONTS}; font-size: 10.5pt; line-height: 1.45; color: #000; background: #fff; \
         margin: 12mm auto; max-width: {width}; }}\n\
         @media print {{ body {{ margin: 0; max-width: none; }} }}\n"
    );
    out.raw(BASE_CSS);
    out.raw(css);
    out.raw("</style>\n</head>\n<body>\n");
}

pub(crate) fn close_document(out: &mut Out) {
    out.raw("</body>\n</html>\n");
}

/// Styles both documents use: the missing-items box, text that wraps.
const BASE_CSS: &str = "\
h1 { font-size: 16pt; text-align: center; margin: 0 0 2pt; font-weight: bold; }\n\
.year { text-align: center; margin: 0 0 8pt; }\n\
.missing { border: 2pt solid #000; padding: 4pt 8pt; margin: 0 0 8pt; break-inside: avoid; page-break-inside: avoid; }\n\
.missing p { margin: 0; font-weight: bold; }\n\
.missing ul { margin: 2pt 0 0; padding-left: 1.5em; }\n\
.missing li { overflow-wrap: anywhere; }\n\
.provisional { font-weight: bold; }\n\
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_and_controls() {
        assert_eq!(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
        assert_eq!(escape("</style>"), "&lt;/style&gt;");
        assert_eq!(escape("中文，无需转义"), "中文，无需转义");
        assert_eq!(escape("a\u{0}b\u{7}c\td\ne"), "a\u{fffd}b\u{fffd}c\td\ne");
        assert_eq!(escape(""), "");
        assert_eq!(escape("&amp;"), "&amp;amp;");
    }
}
