// Benchmark of the release bundle in chromium (NOT part of scripts/test):
//   scripts/build-bundle && node tests/e2e/bench.mjs
// Prints: navigation → interactive form (blank form and ?demo=300), and keystroke → re-score →
// DOM updated + layout on a 300-indicator form (?demo=300), p50/p95 over 100 keystrokes, plus
// the same up to the next animation frame.
import { launchBrowser, pct } from './browser.mjs';
import { startServer } from './server.mjs';

const server = await startServer();
const browser = await launchBrowser();

async function interactive(query) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const t0 = Date.now();
  await page.goto(server.url + query);
  await page.waitForSelector('#f-indicators-0-actual');
  const ms = Date.now() - t0;
  return { page, ms };
}

for (const q of ['', '?demo=300']) {
  const runs = [];
  for (let i = 0; i < 5; i++) {
    const { page, ms } = await interactive(q);
    runs.push(ms);
    await page.close();
  }
  console.log(`navigation → interactive form ${q || '(blank form)'}: median ${pct(runs, 50)} ms over 5 loads [${runs.join(', ')}]`);
}

const { page } = await interactive('?demo=300');
const rows = await page.locator('tr.ind').count();
const times = await page.evaluate(async (n) => {
  const input = document.getElementById('f-indicators-150-actual');
  const score = document.querySelector('[data-testid="score-150"]');
  const original = input.value;
  const dom = [];
  const frame = [];
  for (let i = 0; i < n; i++) {
    const before = score.textContent;
    const t0 = performance.now();
    input.value = i % 2 ? original : '';  // pending ⇄ scored: the row's 得分 changes every time
    input.dispatchEvent(new Event('input', { bubbles: true }));
    // Effects run in microtasks: wait until the row's score changed, then force style + layout.
    await new Promise((resolve) => {
      const check = () => (score.textContent !== before ? resolve() : queueMicrotask(check));
      const obs = new MutationObserver(() => { obs.disconnect(); resolve(); });
      obs.observe(score, { childList: true, characterData: true, subtree: true });
      setTimeout(resolve, 1000);
    });
    document.body.getBoundingClientRect();
    dom.push(performance.now() - t0);
    await new Promise((r) => requestAnimationFrame(() => r()));
    frame.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { dom, frame };
}, 100);
console.log(`300-row form (${rows} rows): keystroke → re-score → DOM updated + layout: p50 ${pct(times.dom, 50).toFixed(1)} ms, p95 ${pct(times.dom, 95).toFixed(1)} ms, max ${Math.max(...times.dom).toFixed(1)} ms (100 keystrokes)`);
console.log(`300-row form: keystroke → next animation frame: p50 ${pct(times.frame, 50).toFixed(1)} ms, p95 ${pct(times.frame, 95).toFixed(1)} ms`);
await browser.close();
await server.close();
