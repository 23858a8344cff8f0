// Profiles keystrokes on the 300-row form with Chromium's sampling profiler and prints the
// functions with the most self time (NOT part of scripts/test):
//   node tests/e2e/profile-keystroke.mjs [DIST]   (a bundle built without wasm-opt keeps names)
import { launchBrowser } from './browser.mjs';
import { startServer } from './server.mjs';

const server = await startServer(process.argv[2] ? { root: process.argv[2] } : {});
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.goto(server.url + '?demo=300');
await page.waitForSelector('#f-indicators-150-actual');
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
await page.evaluate(async () => {
  const input = document.getElementById('f-indicators-150-actual');
  const original = input.value;
  for (let i = 0; i < 40; i++) {
    input.value = i % 2 ? original : '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  }
});
const { profile } = await cdp.send('Profiler.stop');
const self = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const n = byId.get(profile.samples[i]);
  const name = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}`;
  self.set(name, (self.get(name) ?? 0) + (dt[i] ?? 0) / 1000);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`total sampled ${total.toFixed(0)} ms over 40 keystrokes`);
for (const [name, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
  console.log(`${ms.toFixed(1).padStart(8)} ms  ${name}`);
}
await browser.close();
await server.close();
