// Benchmark of the release bundle in chromium (NOT part of scripts/test):
//   scripts/build-bundle && node tests/e2e/bench.mjs [KEYSTROKES]
// Prints:
// - navigation → interactive form (the first 实际完成值 input is in the page), for a blank form
//   and for ?demo=300, median of 5 loads, timed in the page from the navigation's start;
// - the same for a reload served by the service worker (issue 13: ≤ 300 ms), online and
//   offline;
// - keystrokes on the 300-row form (?demo=300): each changes the 实际完成值 of another row to
//   another value, timed from the input event until the work it queued has run (setTimeout(0))
//   and layout is done (document.body.offsetHeight) — keystroke.mjs;
// - the same keystrokes on a plain-DOM page: the app's own rendered DOM saved as static HTML
//   (the same CSS, no framework) with a tiny input handler that updates the row's 得分,
//   explanation and class and the 总分 (saved to test-results/plain-dom-300.html), and the
//   ratio app / plain DOM. Budget: app p95 ≤ 16 ms and ≤ 1.5 × the plain-DOM page's.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { launchBrowser, pct } from './browser.mjs';
import { keystrokesInPage, plainDomOfPage, summary } from './keystroke.mjs';
import { startServer } from './server.mjs';

const KEYSTROKES = Number(process.argv[2] ?? 200);
const server = await startServer();
const browser = await launchBrowser();
const viewport = { width: 1280, height: 800 };

// Records when the first 实际完成值 input appears (ms since the navigation started).
const WATCH = `
new MutationObserver((_, obs) => {
  if (document.getElementById('f-indicators-0-actual')) { window.__interactive = performance.now(); obs.disconnect(); }
}).observe(document, { childList: true, subtree: true });`;

async function open(query) {
  const page = await browser.newPage({ viewport });
  await page.addInitScript(WATCH);
  await page.goto(server.url + query);
  await page.waitForFunction(() => window.__interactive !== undefined);
  return { page, ms: await page.evaluate(() => window.__interactive) };
}

for (const q of ['', '?demo=300']) {
  const runs = [];
  for (let i = 0; i < 5; i++) {
    const { page, ms } = await open(q);
    runs.push(ms);
    await page.close();
  }
  console.log(
    `navigation → interactive form ${q || '(blank form)'}: median ${pct(runs, 50).toFixed(0)} ms over 5 loads [${runs.map((x) => x.toFixed(0)).join(', ')}]`,
  );
}

// A reload served by the service worker: one profile, the first load installs it.
{
  const context = await browser.newContext({ viewport });
  await context.addInitScript(WATCH);
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated');
  for (const offline of [false, true]) {
    await context.setOffline(offline);
    const runs = [];
    for (let i = 0; i < 5; i++) {
      await page.reload();
      await page.waitForFunction(() => window.__interactive !== undefined);
      runs.push(await page.evaluate(() => window.__interactive));
    }
    console.log(
      `reload with the service worker${offline ? ', offline' : ''} → interactive form: median ${pct(runs, 50).toFixed(0)} ms over 5 reloads [${runs.map((x) => x.toFixed(0)).join(', ')}] (budget 300 ms)`,
    );
  }
  await context.close();
}

// The app's page, and the plain-DOM page made from its DOM (served from the same origin).
const { page } = await open('?demo=300');
const rows = await page.locator('tr.ind').count();
const html = await page.evaluate(plainDomOfPage);
await mkdir('test-results', { recursive: true });
await writeFile('test-results/plain-dom-300.html', html);
const plainPage = await browser.newPage({ viewport });
await plainPage.route(server.url + 'plain-dom-300.html', (route) => route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }));
await plainPage.goto(server.url + 'plain-dom-300.html');
await plainPage.waitForSelector('#f-indicators-0-actual');
const plainRows = await plainPage.locator('tr.ind').count();

// Warm up (the first keystrokes compile and allocate), then alternate rounds on the two pages
// so that both see the same load on the machine (it is shared: the load average is printed).
await page.evaluate(keystrokesInPage, 20);
await plainPage.evaluate(keystrokesInPage, 20);
const app = [];
const plain = [];
const ROUNDS = 10;
const load0 = loadavg()[0];
for (let r = 0; r < ROUNDS; r++) {
  await page.bringToFront();
  app.push(...(await page.evaluate(keystrokesInPage, Math.ceil(KEYSTROKES / ROUNDS))));
  await plainPage.bringToFront();
  plain.push(...(await plainPage.evaluate(keystrokesInPage, Math.ceil(KEYSTROKES / ROUNDS))));
}
const load = `load average ${load0.toFixed(2)} → ${loadavg()[0].toFixed(2)} on ${cpus().length} cores`;
console.log(`app, ${rows}-row form: keystroke → queued work run + layout: ${summary(app, pct)} (${app.length} keystrokes)`);
console.log(`plain DOM, ${plainRows}-row page: keystroke → handler + layout: ${summary(plain, pct)} (${plain.length} keystrokes)`);
console.log(
  `app / plain DOM: p50 ${(pct(app, 50) / pct(plain, 50)).toFixed(2)}×, p95 ${(pct(app, 95) / pct(plain, 95)).toFixed(2)}× (budget: app p95 ≤ 16 ms and ≤ 1.5× plain DOM); ${load}`,
);
await browser.close();
await server.close();
