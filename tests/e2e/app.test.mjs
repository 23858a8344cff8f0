// End-to-end: the RELEASE bundle in dist/ (trunk build --release, wasm-opt 132), served from
// 127.0.0.1 and run in Debian's chromium through playwright-core (no downloaded browsers).
//
//   node --test tests/e2e/        # after `trunk build --release`; scripts/test does both

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens the app in a fresh page and records errors and every request made. */
async function openApp(viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = [];
  const foreign = [];
  const responses = new Map();
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on('response', (res) => responses.set(new URL(res.url()).pathname, res));
  // Record and block anything that would leave the machine (CDN, fonts, telemetry, ...).
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !LOOPBACK.has(url.hostname)) {
      foreign.push(url.href);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  await page.goto(server.url, { waitUntil: 'load' });
  await page.waitForSelector('[data-testid="total"]', { timeout: 15_000 });
  return { context, page, problems, foreign, responses };
}

test('the release bundle renders the 承德县 2021 example with its score', async () => {
  const { context, page, problems, foreign, responses } = await openApp();
  try {
    const text = async (id) => (await page.textContent(`[data-testid="${id}"]`))?.trim();

    assert.equal(await page.title(), '项目支出绩效自评表 · ziping');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.equal(await text('project'), '社保工作专项经费');
    assert.equal(await text('execution-rate'), '39.25%');
    assert.equal(await text('budget-score'), '3.9');
    assert.equal(await text('total'), '93.9');
    assert.equal(await text('grade'), '优');

    // The labels a person reads next to the numbers.
    const body = await page.textContent('body');
    for (const label of ['执行率', '预算执行得分', '总分', '等级']) {
      assert.ok(body.includes(label), `label ${label} is shown`);
    }

    // The bundle really is the optimised release build: one .wasm served as application/wasm.
    const wasm = [...responses.entries()].filter(([path]) => path.endsWith('.wasm'));
    assert.equal(wasm.length, 1, `exactly one wasm file is loaded: ${[...responses.keys()]}`);
    assert.equal(wasm[0][1].headers()['content-type'], 'application/wasm');
    assert.equal(wasm[0][1].status(), 200);

    await mkdir('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/seed.png', fullPage: true });

    assert.deepEqual(foreign, [], 'no request leaves the loopback interface');
    assert.deepEqual(problems, [], 'no console errors, page errors or failed requests');
  } finally {
    await context.close();
  }
});

test('the page fits a phone-sized screen without horizontal scrolling', async () => {
  const { context, page, problems, foreign } = await openApp({ width: 360, height: 740 });
  try {
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 0, `no horizontal overflow (got ${overflow}px)`);
    assert.equal((await page.textContent('[data-testid="total"]'))?.trim(), '93.9');
    assert.deepEqual(foreign, []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
