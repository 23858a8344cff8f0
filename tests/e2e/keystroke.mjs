// How the benchmarks time a keystroke, and the plain-DOM page they compare the app with.
// Used by bench.mjs (NOT part of scripts/test).

/**
 * Runs in the page: `n` keystrokes, each changing the 实际完成值 of a different row (rows are
 * visited in a scattered order) to a value other than the one it has, timed from the input event until the
 * work it queued has run (a setTimeout(0) after it) and layout is done (document.body
 * .offsetHeight). Returns the times in ms.
 *
 * Each keystroke starts from a message task, never from a timer: Chromium clamps a
 * setTimeout(0) nested five timers deep to 4 ms, which would be measured as app time.
 */
export async function keystrokesInPage(n) {
  const inputs = [...document.querySelectorAll('input[id^="f-indicators-"][id$="-actual"]')];
  if (inputs.length === 0) throw new Error('no 实际完成值 inputs');
  // A value unlike the one before: another number in the same text, or another wording.
  const vary = (old, i) => {
    if (/年|月/.test(old)) return i % 2 ? '2021年11月' : '2022年1月';
    if (/\d/.test(old)) return old.replace(/\d+(\.\d+)?/, String(1 + ((i * 37) % 120)));
    return old === '完善' ? '基本完善' : '完善';
  };
  const pause = (ms) => new Promise((r) => setTimeout(r, ms));
  const messageTask = () =>
    new Promise((r) => {
      const c = new MessageChannel();
      c.port1.onmessage = () => r();
      c.port2.postMessage(0);
    });
  const times = [];
  // Counted across calls, so that a later call does not repeat the same rows and values.
  const first = window.__keystrokes ?? 0;
  window.__keystrokes = first + n;
  for (let i = first; i < first + n; i++) {
    await pause(25);
    await messageTask();
    const input = inputs[(i * 97 + 13) % inputs.length];
    let value = vary(input.value, i);
    if (value === input.value) value += '0';
    const t0 = performance.now();
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 0));
    void document.body.offsetHeight;
    times.push(performance.now() - t0);
  }
  return times;
}

/**
 * Runs in the app's page: its rendered DOM as a static HTML page without the app's scripts,
 * every input's value written into the markup, and a tiny input handler that does what a
 * keystroke visibly changes on one row — the row's 得分, its explanation, its class — and the
 * 总分. The same CSS (the bundle's, by its URL), the same DOM, no framework.
 */
export function plainDomOfPage() {
  const doc = document.documentElement.cloneNode(true);
  const live = document.querySelectorAll('input, textarea, select');
  const copies = doc.querySelectorAll('input, textarea, select');
  live.forEach((el, k) => {
    const copy = copies[k];
    if (el.tagName === 'TEXTAREA') copy.textContent = el.value;
    else if (el.tagName === 'SELECT') {
      [...copy.options].forEach((o, j) => o.toggleAttribute('selected', j === el.selectedIndex));
    } else copy.setAttribute('value', el.value);
  });
  doc.querySelectorAll('script, link[rel="modulepreload"], link[rel="preload"]').forEach((el) => el.remove());
  const handler = doc.ownerDocument.createElement('script');
  handler.textContent = `
document.addEventListener('input', (ev) => {
  const m = /^f-indicators-(\\d+)-actual$/.exec(ev.target.id);
  if (!m) return;
  const i = m[1];
  const v = ev.target.value;
  const score = document.querySelector('[data-testid="score-' + i + '"]');
  const explain = document.querySelector('[data-testid="explain-' + i + '"]');
  const row = document.querySelector('tr[data-row="' + i + '"]');
  const n = (v.match(/\\d+(\\.\\d+)?/) || ['0'])[0];
  score.textContent = String(Math.min(9.99, Number(n) / 10));
  explain.textContent = v + ' → ' + score.textContent;
  row.classList.toggle('row-warning', Number(n) < 50);
  document.querySelector('[data-testid="total"]').textContent = String(80 + (Number(n) % 20));
});`;
  doc.querySelector('body').appendChild(handler);
  return '<!doctype html>\n' + doc.outerHTML;
}

/** The p-th percentile, p50 and p95 of `xs` as text. */
export function summary(xs, pct) {
  return `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;
}
