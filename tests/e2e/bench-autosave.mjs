// Benchmark of autosave on a 300-indicator form (NOT part of scripts/test):
//   scripts/build-bundle && node tests/e2e/bench-autosave.mjs
// Opens ?demo=300 (a new draft), then makes 50 edits, each followed by its autosave (after the
// pause in typing). The app times each save itself (Session::save: read the stored value back,
// check its revision, serialise the envelope, write it to localStorage) with performance.now()
// and exposes the last figure as data-save-ms on the save status; this script collects them.
import { launchBrowser, pct } from './browser.mjs';
import { startServer } from './server.mjs';

const server = await startServer();
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.goto(server.url + '?demo=300');
await page.waitForSelector('#f-indicators-150-actual');
const rows = await page.locator('tr.ind').count();
const times = [];
for (let i = 0; i < 50; i++) {
  await page.fill('#f-indicators-150-actual', `${i}家`);
  await page.waitForFunction((v) => {
    const s = document.querySelector('[data-testid="save-status"]');
    return s.dataset.state === 'saved' && Object.keys(localStorage).some((k) => k.startsWith('ziping:draft:') && localStorage.getItem(k).includes(v));
  }, `"${i}家"`);
  times.push(Number(await page.getAttribute('[data-testid="save-status"]', 'data-save-ms')));
}
const bytes = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ziping:draft:')).map((k) => localStorage.getItem(k).length)[0]);
console.log(`autosave of a ${rows}-row form (${(bytes / 1024).toFixed(0)} K chars stored): p50 ${pct(times, 50).toFixed(2)} ms, p95 ${pct(times, 95).toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms (50 saves)`);
await browser.close();
await server.close();
