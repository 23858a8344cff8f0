// Offline after the first load, and static hosting anywhere (issue 13), against the RELEASE
// bundle: the service worker precaches the build, a reload without the network works (drafts,
// export, print, Excel and Word), a new build is offered and never swapped under the person, and the same
// dist/ works under a sub-path with no request leaving the origin.
//
//   node --test tests/e2e/offline.test.mjs      # after `scripts/build-bundle`

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, recordPrints } from './browser.mjs';
import { startServer } from './server.mjs';

const DIST = resolve(fileURLToPath(new URL('../../dist', import.meta.url)));
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const field = (page, label) => page.getByLabel(label, { exact: true });
const total = async (page) => (await page.textContent('[data-testid="total"]'))?.trim();

/** A context whose every request is recorded; `origin` is the only one allowed. */
async function newContext(origin) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  const requests = [];
  const foreign = [];
  context.on('request', (r) => {
    requests.push(r.url());
    const u = new URL(r.url());
    if ((u.protocol === 'http:' || u.protocol === 'https:') && u.origin !== origin) foreign.push(r.url());
  });
  await recordPrints(context);
  return { context, requests, foreign };
}

async function open(context, url) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('[data-testid="total"]', { timeout: 15_000 });
  return { page, problems };
}

/** Waits until a service worker controls the page (the first load installs it and claims). */
const controlled = (page) =>
  page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, { timeout: 15_000 });

/** A copy of dist/ in a temporary directory, to publish a new build into. */
async function copyOfDist() {
  const dir = await mkdtemp(join(tmpdir(), 'ziping-dist-'));
  await cp(DIST, dir, { recursive: true });
  return dir;
}

test('offline after the first load: reload, drafts, export, print, Excel and Word work without the network', async () => {
  const server = await startServer();
  const { context, foreign } = await newContext(new URL(server.url).origin);
  try {
    const { page, problems } = await open(context, server.url);
    await controlled(page);
    await page.getByRole('button', { name: '载入示例' }).click();
    await field(page, '实际完成值 失业动态监测企业数').fill('39家');
    await page.waitForSelector('[data-testid="save-status"][data-state="saved"]');
    const edited = await total(page);
    assert.notEqual(edited, '93.9');

    await context.setOffline(true);
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('[data-testid="total"]', { timeout: 15_000 });
    assert.equal(await total(page), edited, 'the draft reopens offline');
    assert.equal(await field(page, '实际完成值 失业动态监测企业数').inputValue(), '39家');
    await page.waitForSelector('#shell-offline');
    assert.match(await page.textContent('#shell-offline'), /离线.*不会丢失/);

    // Drafts, export and print, all offline.
    await page.getByRole('button', { name: '草稿', exact: true }).click();
    await page.getByRole('button', { name: '载入示例' }).click();
    assert.equal(await total(page), '93.9');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 JSON' }).click()]);
    assert.match(await readFile(await download.path(), 'utf8'), /"ziping.self-eval\/1"/);
    await page.getByRole('button', { name: '打印', exact: true }).click();
    await page.waitForFunction(() => window.__printed?.length === 1, null, { timeout: 15_000 });
    const frame = page.frames().find((f) => f.url() === 'about:srcdoc');
    assert.match(await frame.textContent('body'), /93\.9/);

    // 导出 Excel, 导出 Word and 导入 of the exported .xlsx: their modules come from the precache.
    const saved = async (name) => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name, exact: true }).click()]);
      return readFile(await d.path());
    };
    const xlsx = await saved('导出 Excel');
    assert.equal(xlsx.subarray(0, 2).toString(), 'PK', 'an .xlsx (zip) package');
    assert.equal((await saved('导出 Word')).subarray(0, 2).toString(), 'PK', 'a .docx (zip) package');
    await page.getByTestId('open-import').click();
    await page.getByTestId('import-file').setInputFiles({ name: '离线.xlsx', mimeType: 'application/octet-stream', buffer: xlsx });
    await page.waitForSelector('[data-testid="import-preview"]', { timeout: 15_000 });
    assert.equal((await page.textContent('[data-testid="import-total"]'))?.trim(), '93.9');
    await page.getByRole('button', { name: '取消' }).click();

    // Back online: the banner goes.
    await context.setOffline(false);
    await page.waitForSelector('#shell-offline', { state: 'detached' });
    assert.deepEqual(problems, []);
    assert.deepEqual(foreign, []);
  } finally {
    await context.close();
    await server.close();
  }
});

test('a new build is offered ("有新版本，保存后刷新"), never swapped under the person, and keeps the work', async () => {
  const root = await copyOfDist();
  const server = await startServer({ root });
  const { context } = await newContext(new URL(server.url).origin);
  try {
    const { page, problems } = await open(context, server.url);
    await controlled(page);
    const build = () => page.evaluate(() => caches.keys().then((ks) => ks.filter((k) => k.startsWith('ziping:'))));
    const [first] = await build();
    await page.getByRole('button', { name: '载入示例' }).click();
    await field(page, '项目名称').fill('社保工作专项经费（改）');

    // Publish a new build: a changed service worker (its build id) is what the browser sees.
    const sw = await readFile(join(root, 'sw.js'), 'utf8');
    await writeFile(join(root, 'sw.js'), sw.replace(/const BUILD = "[0-9a-f]+"/, 'const BUILD = "feedfacefeedface"'));
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    await page.waitForSelector('#shell-update', { timeout: 15_000 });
    assert.match(await page.textContent('#shell-update'), /有新版本，保存后刷新/);

    // Not swapped while the person works: still the old version, still typing.
    await field(page, '实际完成值 失业动态监测企业数').fill('41家');
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller.scriptURL.endsWith('sw.js')), true);
    assert.equal(await field(page, '项目名称').inputValue(), '社保工作专项经费（改）');

    // 稍后 hides the offer; another check brings it back. 保存并刷新 saves and reloads.
    // Listening before the click: the reload can be over before the click's promise settles.
    const reloaded = page.waitForEvent('load', { timeout: 15_000 });
    await page.getByRole('button', { name: '保存并刷新' }).click();
    await reloaded;
    await page.waitForSelector('[data-testid="total"]', { timeout: 15_000 });
    assert.equal(await field(page, '项目名称').inputValue(), '社保工作专项经费（改）', 'the work survives the update');
    assert.equal(await field(page, '实际完成值 失业动态监测企业数').inputValue(), '41家');
    await page.waitForFunction(
      () => caches.keys().then((ks) => ks.some((k) => k.endsWith(':feedfacefeedface'))),
      null,
      { timeout: 15_000 },
    );
    const keys = await build();
    assert.ok(!keys.includes(first), `the old build's cache is deleted: ${keys}`);
    assert.equal(await page.$('#shell-update'), null);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
});

test('the same dist/ works under /tools/ziping/, every request staying on the origin', async () => {
  const server = await startServer({ prefix: '/tools/ziping/' });
  const origin = new URL(server.url).origin;
  const { context, requests, foreign } = await newContext(origin);
  try {
    const { page, problems } = await open(context, server.url);
    await controlled(page);
    await page.getByRole('button', { name: '载入示例' }).click();
    assert.equal(await total(page), '93.9');
    // The print and report module and its stylesheet load from the sub-path too.
    await page.getByRole('button', { name: '自评报告' }).click();
    await page.waitForSelector('dialog.report-dialog[open]');
    await page.keyboard.press('Escape');
    for (const url of requests.filter((u) => u.startsWith('http'))) {
      assert.ok(url.startsWith(server.url), `${url} is under ${server.url}`);
    }
    assert.ok(requests.some((u) => u.endsWith('/tools/ziping/ziping-docs_bg.wasm')));
    const scope = await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.scope));
    assert.equal(scope, server.url);
    assert.deepEqual(foreign, []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});

test('installable: a web app manifest with icons, and chromium finds no installability error', async () => {
  const server = await startServer();
  const { context } = await newContext(new URL(server.url).origin);
  try {
    const { page } = await open(context, server.url);
    await controlled(page);
    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send('Page.getAppManifest');
    assert.deepEqual(manifest.errors, [], JSON.stringify(manifest.errors));
    const parsed = JSON.parse(manifest.data);
    assert.equal(parsed.start_url, './');
    assert.ok(parsed.icons.some((i) => i.sizes === '512x512'));
    // A Playwright context is an incognito profile, where nothing installs: that one error is
    // about the browser, not the app.
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    const errors = installabilityErrors.filter((e) => e.errorId !== 'in-incognito');
    assert.deepEqual(errors, [], JSON.stringify(errors));
  } finally {
    await context.close();
    await server.close();
  }
});
