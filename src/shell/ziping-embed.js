// The portal bridge (loaded on use by ziping-shell.js when the page is in a frame or opened
// with ?embed=1): the postMessage API of README "Embedding in a portal", built on
// window.ziping. Payloads are plain structured objects in the exchange format (the app makes
// them with serde-wasm-bindgen), never JSON strings.
//
// Only the origins listed in config.json (next to index.html, set by whoever deploys
// ziping) are listened to; a message from any other origin is ignored and logged once. A
// message from a listed origin that is not a well-formed request gets an error reply and
// never changes the draft.

const TYPES = new Set(['ziping:load', 'ziping:get']);
let allowed = [];
const warned = new Set();
// The form as last reported to the host (JSON text): a change is a form that differs from it.
let last = '';

/** Posts `message` to the host, for each allowed origin (the browser drops the others; a
 * host with an opaque origin, listed as "null", can only be reached with "*"). */
function post(message, origin) {
  if (window.parent === window) return;
  for (const o of origin ? [origin] : allowed) window.parent.postMessage(message, o === 'null' ? '*' : o);
}

const current = () => ({ form: window.ziping.currentForm(), result: window.ziping.currentResult() });

function reply(origin, id, body) {
  post({ type: 'ziping:reply', id: id ?? null, ...body }, origin);
}

function onMessage(event) {
  if (event.source !== window.parent) return;
  if (!allowed.includes(event.origin) && !allowed.includes('*')) {
    if (!warned.has(event.origin)) {
      warned.add(event.origin);
      console.warn(`ziping：忽略来自 ${event.origin} 的消息（不在 config.json 的 allowedOrigins 中）。`);
    }
    return;
  }
  const origin = event.origin;
  const m = event.data;
  if (m === null || typeof m !== 'object' || Array.isArray(m) || !TYPES.has(m.type)) {
    reply(origin, m?.id, { ok: false, error: '消息格式不对：应为 { type: "ziping:load", form } 或 { type: "ziping:get" } 这样的对象。' });
    return;
  }
  if (!window.ziping?.loadForm) {
    reply(origin, m.id, { ok: false, error: '计算器尚未就绪，请稍后重试。' });
    return;
  }
  try {
    if (m.type === 'ziping:load') {
      if (m.form === null || typeof m.form !== 'object') throw new Error('消息缺少 form（交换格式的自评表对象）。');
      // A form that cannot be read throws here, and nothing changes.
      window.ziping.loadForm(m.form);
    }
    const now = current();
    // The host's own load is answered here, not reported again as a change.
    last = JSON.stringify(now.form);
    reply(origin, m.id, { ok: true, ...now });
  } catch (e) {
    reply(origin, m.id, { ok: false, error: String(e?.message ?? e) });
  }
}

/** `change` and `saved` events: the form is compared after each thing a person does. */
function watch() {
  let timer;
  const check = () => {
    timer = undefined;
    if (!window.ziping) return;
    const now = current();
    const key = JSON.stringify(now.form);
    if (key !== last) {
      const first = last === '';
      last = key;
      if (!first) post({ type: 'ziping:change', ...now });
    }
  };
  const soon = () => {
    timer ??= setTimeout(check, 150);
  };
  for (const type of ['input', 'change', 'click', 'keyup', 'drop', 'paste']) document.addEventListener(type, soon, true);
  // The save status (data-state="saved") says when the draft has been stored.
  const status = () => document.querySelector('[data-testid="save-status"]');
  new MutationObserver(() => {
    if (status()?.dataset.state === 'saved') post({ type: 'ziping:saved', ...current() });
  }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
  check();
}

export async function start() {
  if (new URLSearchParams(location.search).get('embed') === '1') document.documentElement.classList.add('embed');
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = 'ziping-embed.css';
  document.head.append(link);
  try {
    const response = await fetch('config.json', { cache: 'no-cache' });
    const config = response.ok ? await response.json() : {};
    allowed = Array.isArray(config.allowedOrigins) ? config.allowedOrigins.filter((o) => typeof o === 'string') : [];
  } catch {
    allowed = [];
  }
  if (allowed.length === 0 && window.parent !== window) {
    console.warn('ziping：config.json 未列出 allowedOrigins，嵌入页面的 postMessage 接口未开启。');
  }
  addEventListener('message', onMessage);
  // Ready when the app is: window.ziping appears when it has started.
  const ready = () => {
    if (!window.ziping?.loadForm) return setTimeout(ready, 50);
    post({ type: 'ziping:ready', ...current() });
    watch();
  };
  ready();
}
