// The portal API (issue 13), against the RELEASE bundle: examples/portal.html, served from
// another origin, embeds ziping and drives it over postMessage.
//
// - ziping at http://127.0.0.1:A/ with a config.json that allows http://127.0.0.1:H only;
// - the host page at http://127.0.0.1:H/ (allowed: another origin, the same site, so the
//   frame keeps its localStorage) and at http://localhost:H/ (the same page from an origin the
//   allow-list does not name: foreign; a cross-site frame, which chromium gives no storage).
//
//   node --test tests/e2e/portal.test.mjs      # after `scripts/build-bundle`

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './browser.mjs';
import { startServer } from './server.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SEED = JSON.parse(await readFile(join(ROOT, 'fixtures/chengde-2021.json'), 'utf8'));
const ROW = '实际完成值 失业动态监测企业数';

const env = {};
before(async () => {
  env.dir = await mkdtemp(join(tmpdir(), 'ziping-portal-'));
  const host = join(env.dir, 'host');
  const app = join(env.dir, 'app');
  await cp(join(ROOT, 'examples/portal.html'), join(host, 'index.html'), { recursive: true });
  env.host = await startServer({ root: host });
  // The deployed ziping: dist/ plus the deployer's config.json next to index.html.
  await cp(join(ROOT, 'dist'), app, { recursive: true });
  await writeFile(join(app, 'config.json'), JSON.stringify({ allowedOrigins: [`http://127.0.0.1:${env.host.port}`] }));
  env.app = await startServer({ root: app });
  env.browser = await launchBrowser();
});
after(async () => {
  await env.browser?.close();
  await env.app?.close();
  await env.host?.close();
  if (env.dir) await rm(env.dir, { recursive: true, force: true });
});

/** Opens the host page at `hostname` with ziping in its iframe; resolves when the iframe's
 * app is up. `console` collects the messages of every frame. */
async function openPortal({ hostname = '127.0.0.1', sandbox } = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const console = [];
  page.on('console', (m) => console.push(m.text()));
  page.on('pageerror', (e) => console.push(`pageerror: ${e.message}`));
  const query = new URLSearchParams({ app: `http://127.0.0.1:${env.app.port}/` });
  if (sandbox) query.set('sandbox', sandbox);
  await page.goto(`http://${hostname}:${env.host.port}/?${query}`);
  const frame = page.frameLocator('#ziping');
  await frame.getByTestId('save-status').waitFor();
  const app = page.frames().find((f) => f.url().startsWith(`http://127.0.0.1:${env.app.port}/`));
  await app.waitForFunction(() => window.ziping?.loadForm);
  return { context, page, frame, app, console };
}

/** Posts `message` from the host page; the reply, or 'no reply' after `wait` ms. */
function ask(page, message, wait = 5000) {
  return page.evaluate(
    ([message, wait]) =>
      Promise.race([window.portal.request(message), new Promise((ok) => setTimeout(() => ok('no reply'), wait))]),
    [message, wait],
  );
}

/** The host page's portal.load(form): its reply, or 'no reply' after 10 s. */
function load(page, form) {
  return page.evaluate(
    (form) => Promise.race([window.portal.load(form), new Promise((ok) => setTimeout(() => ok('no reply'), 10000))]),
    form,
  );
}

test('the portal loads a form, reads back its total, and gets change and saved events', async () => {
  const { context, page, frame, app, console } = await openPortal();
  try {
    await page.getByRole('status').filter({ hasText: '计算器已就绪' }).waitFor();
    const reply = await load(page, SEED);
    assert.equal(reply.ok, true, JSON.stringify(reply));
    assert.equal(reply.result.total, '93.9');
    assert.equal(reply.result.grade, '优');
    assert.equal(reply.result.execution_rate, '39.25');
    // Plain objects in the exchange format, not JSON text.
    assert.equal(typeof reply.form, 'object');
    assert.equal(reply.form.project, SEED.project);
    assert.equal(reply.form.indicators.length, SEED.indicators.length);
    assert.equal(await page.locator('#total').textContent(), '93.9');
    // The app shows the loaded form, as a stored draft.
    assert.equal(await frame.getByLabel(ROW).inputValue(), '40家');
    assert.equal(await app.evaluate(() => window.ziping.currentResult().total), '93.9');

    const got = await ask(page, { type: 'ziping:get' });
    assert.equal(got.ok, true);
    assert.equal(got.result.total, '93.9');

    // A person edits in the frame: the host hears the change, with the new total, then saved.
    await frame.getByLabel(ROW).fill('20家');
    await page.locator('#log li', { hasText: /^change：总分 (?!93\.9)/ }).first().waitFor();
    await page.locator('#log li', { hasText: /^saved$/ }).first().waitFor({ timeout: 10000 });
    const total = await page.locator('#total').textContent();
    assert.notEqual(total, '93.9');
    assert.equal(total, await app.evaluate(() => window.ziping.currentResult().total));
    // The host's own load was answered, not echoed as a change.
    const log = await page.locator('#log li').allTextContents();
    assert.equal(log.filter((l) => l === 'change：总分 93.9').length, 0, log.join(' | '));

    // ?embed=1: no title bar (the portal has its own), and the form fits the frame's width.
    assert.equal(await frame.locator('.masthead').count(), 1);
    assert.equal(await frame.locator('.masthead').isVisible(), false);
    const fit = await app.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(fit[0] <= fit[1], `the app is ${fit[0]} px wide in a ${fit[1]} px frame`);
    assert.deepEqual(console.filter((m) => m.startsWith('pageerror')), []);
  } finally {
    await context.close();
  }
});

test('messages from an origin not in config.json are ignored, and logged once', async () => {
  const { context, page, app, console } = await openPortal({ hostname: 'localhost' });
  try {
    const before = await app.evaluate(() => JSON.stringify(window.ziping.currentForm()));
    assert.equal(await ask(page, { type: 'ziping:load', form: SEED }, 1500), 'no reply');
    assert.equal(await ask(page, { type: 'ziping:get' }, 1500), 'no reply');
    assert.equal(await app.evaluate(() => JSON.stringify(window.ziping.currentForm())), before, 'the draft is unchanged');
    const warnings = console.filter((m) => m.includes(`忽略来自 http://localhost:${env.host.port} 的消息`));
    assert.equal(warnings.length, 1, console.join('\n'));
    // Nothing was announced to it either: the ready event went to the allowed origin only.
    assert.deepEqual(await page.locator('#log li').allTextContents(), []);
  } finally {
    await context.close();
  }
});

test('a malformed message gets an error reply and never changes the draft', async () => {
  const { context, page, app } = await openPortal();
  try {
    await load(page, SEED);
    const before = await app.evaluate(() => JSON.stringify(window.ziping.currentForm()));
    const bad = [
      [{ type: 'ziping:load' }, /缺少 form/],
      [{ type: 'ziping:load', form: 'not an object' }, /缺少 form/],
      [{ type: 'ziping:load', form: { ...SEED, indicators: 5 } }, /indicators/],
      [{ type: 'ziping:load', form: { ...SEED, schema: 'ziping.self-eval/99' } }, /schema|格式|版本/],
      [{ type: 'ziping:unknown' }, /消息格式不对/],
    ];
    for (const [message, error] of bad) {
      const reply = await ask(page, message);
      assert.equal(reply.ok, false, JSON.stringify(message));
      assert.match(reply.error, error);
      assert.match(reply.error, /[\u4e00-\u9fff]/, 'the error is Chinese');
      assert.equal(await app.evaluate(() => JSON.stringify(window.ziping.currentForm())), before);
    }
    // A message that is not an object at all.
    const reply = await page.evaluate(
      () =>
        new Promise((ok) => {
          addEventListener('message', (e) => e.data?.type === 'ziping:reply' && e.data.id === null && ok(e.data));
          document.getElementById('ziping').contentWindow.postMessage('hello', '*');
        }),
    );
    assert.equal(reply.ok, false);
    assert.match(reply.error, /消息格式不对/);
    assert.equal(await app.evaluate(() => JSON.stringify(window.ziping.currentForm())), before);
  } finally {
    await context.close();
  }
});

test('in an iframe sandboxed without allow-same-origin the app works in memory', async () => {
  const { context, page, frame, app } = await openPortal({ sandbox: 'allow-scripts' });
  try {
    assert.equal(await app.evaluate(() => origin), 'null');
    // Every stylesheet applies (one with an integrity hash needs a CORS fetch there).
    const sheets = await app.evaluate(() => [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => [l.href, l.sheet !== null]));
    assert.ok(sheets.length >= 2, JSON.stringify(sheets));
    assert.deepEqual(sheets.filter(([, ok]) => !ok), []);
    assert.equal(await frame.locator('.masthead').isVisible(), false);
    await frame.getByTestId('storage-banner').waitFor();
    const reply = await load(page, SEED);
    assert.equal(reply.ok, true, JSON.stringify(reply));
    assert.equal(reply.result.total, '93.9');
    await frame.getByLabel(ROW).fill('20家');
    await page.locator('#log li', { hasText: /^change：/ }).first().waitFor();
    const got = await ask(page, { type: 'ziping:get' });
    assert.equal(got.form.indicators.find((i) => i.name === '失业动态监测企业数').actual, '20家');
    assert.equal(got.result.total, await page.locator('#total').textContent());
  } finally {
    await context.close();
  }
});
