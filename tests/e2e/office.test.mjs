// End-to-end: 导出 Excel, 导出 Word and the import of a spreadsheet (issue 14), against the
// RELEASE bundle in dist/ in Debian's chromium. The office modules (ziping-xlsx, ziping-docx,
// ziping-import) are each loaded on first use, so the tests also check that the page fetches
// none of them at start and each only when its button is used.
//
// The exported files are opened outside the app: the .xlsx and the .docx are zip packages, read
// with python3's zipfile (standard library). The imported workbooks are written by
// tests/office/make_sheets.py (openpyxl and xlwt, not ziping's own exporter); without those
// modules the test of those files fails, saying so, as tests/office_import.rs does.
//
//   node --test tests/e2e/office.test.mjs      # after `scripts/build-bundle`

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { keepOnLoopback } from './browser.mjs';
import { servedBundle } from './served.mjs';

const env = servedBundle();

const ROOT = new URL('../..', import.meta.url).pathname;
const SHEETS = mkdtempSync(join(tmpdir(), 'ziping-office-e2e-'));
after(() => rmSync(SHEETS, { recursive: true, force: true }));
// Exit status 3: openpyxl or xlwt is missing.
const made = spawnSync('python3', [join(ROOT, 'tests/office/make_sheets.py'), SHEETS], { encoding: 'utf8' });
const NO_SHEETS = made.status === 0 ? null
  : made.status === 3 ? 'these tests need Python 3 with openpyxl and xlwt (pip install openpyxl xlwt)'
  : `tests/office/make_sheets.py failed (exit ${made.status}): ${made.stderr.trim()}`;

const SEED_TOTAL = '93.9';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SEED_PROJECT = '社保工作专项经费';

/** The text of every XML part of the zip package at `path` whose name matches `pattern`. */
function zipText(path, pattern) {
  const py = 'import re, sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\n'
    + 'print("\\n".join(z.read(n).decode("utf-8") for n in z.namelist() if re.search(sys.argv[2], n)))';
  return execFileSync('python3', ['-c', py, path, pattern], { encoding: 'utf8' });
}

/** A fresh browser profile (its own localStorage), downloads accepted, loopback only. With
 * `noServiceWorker`, a browser without service workers (as a sandboxed frame is). */
async function openApp({ noServiceWorker = false } = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  await keepOnLoopback(context);
  if (noServiceWorker) await context.addInitScript(() => Object.defineProperty(navigator, 'serviceWorker', { get: () => undefined }));
  const page = await context.newPage();
  const problems = [];
  const dialogs = [];
  const modules = [];
  page.on('request', (req) => {
    const m = /\/(ziping-(?:xlsx|docx|import))(?:_bg\.wasm|\.js)$/.exec(new URL(req.url()).pathname);
    if (m && !modules.includes(m[1])) modules.push(m[1]);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`); });
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on('dialog', (d) => { dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
  await page.goto(env.server.url, { waitUntil: 'load' });
  await page.waitForSelector('[data-testid="total"]', { timeout: 15_000 });
  return { context, page, problems, dialogs, modules };
}

const button = (page, name) => page.getByRole('button', { name, exact: true });
const text = async (page, id) => (await page.textContent(`[data-testid="${id}"]`))?.trim();
const draftKeys = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ziping:draft:')));

/** Clicks the button `name`, which downloads a file: its suggested name and where it is. */
async function download(page, name) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), button(page, name).click()]);
  return { name: dl.suggestedFilename(), path: await dl.path() };
}

/** Waits for the import dialog's preview (or its error) and returns what it shows. */
async function preview(page) {
  await page.waitForSelector('[data-testid="import-preview"], [data-testid="import-error"]', { timeout: 30_000 });
  if (await page.getByTestId('import-error').count()) return { error: await text(page, 'import-error') };
  return { project: await text(page, 'import-project'), year: await text(page, 'import-year'), total: await text(page, 'import-total') };
}

/** Drops a file holding `bytes` named `name` on the page, as a person drags one from a folder. */
function drop(page, name, bytes) {
  return page.evaluate(([name, b64]) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], name));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [name, Buffer.from(bytes).toString('base64')]);
}

test('导出 Excel and 导出 Word download the seed form and report with 93.9; the .xlsx imports back, by picker and by drop', async () => {
  const { context, page, problems, dialogs, modules } = await openApp();
  try {
    await button(page, '载入示例').click();
    assert.equal(await text(page, 'total'), SEED_TOTAL);
    assert.deepEqual(modules, [], 'no office module at start');

    const xlsx = await download(page, '导出 Excel');
    assert.deepEqual(modules, ['ziping-xlsx'], 'only the Excel export module, on its first use');
    assert.match(xlsx.name, /-2021-绩效自评表\.xlsx$/);
    const sheet = zipText(xlsx.path, '^xl/(sharedStrings|worksheets/sheet\\d+)\\.xml$');
    assert.ok(sheet.includes(SEED_PROJECT), 'the workbook names the project');
    assert.match(sheet, />93\.9</, 'the workbook has the total 93.9');

    const docx = await download(page, '导出 Word');
    assert.match(docx.name, /-2021-自评报告\.docx$/);
    const doc = zipText(docx.path, '^word/document\\.xml$');
    assert.ok(doc.includes('93.9'), 'the report has the total 93.9');
    assert.ok(doc.includes(SEED_PROJECT), 'the report names the project');
    assert.deepEqual(modules, ['ziping-xlsx', 'ziping-docx']);

    // The exported workbook back through the picker: previewed, then a new draft.
    await page.getByTestId('open-import').click();
    // (The download's own path has no name; the dialog tells a workbook by its name.)
    await page.getByTestId('import-file').setInputFiles({ name: xlsx.name, mimeType: XLSX, buffer: readFileSync(xlsx.path) });
    assert.deepEqual(await preview(page), { project: SEED_PROJECT, year: '2021', total: SEED_TOTAL });
    assert.deepEqual(modules, ['ziping-xlsx', 'ziping-docx', 'ziping-import']);
    await page.getByTestId('import-confirm').click();
    const drafts = (await draftKeys(page)).length;
    assert.ok(drafts >= 1, 'opened as a stored draft');
    assert.equal(await text(page, 'total'), SEED_TOTAL);
    assert.equal(await page.evaluate(() => window.ziping.currentForm().project), SEED_PROJECT);

    // And dropped anywhere on the page.
    await drop(page, 'dropped.xlsx', readFileSync(xlsx.path));
    assert.deepEqual(await preview(page), { project: SEED_PROJECT, year: '2021', total: SEED_TOTAL });
    await page.getByTestId('import-confirm').click();
    assert.equal((await draftKeys(page)).length, drafts + 1, 'a new draft; the others are untouched');

    assert.deepEqual(dialogs, []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a unit\'s .xlsx and .xls (MOF layout) import by picker and by drop; a file that is no workbook is refused', async () => {
  assert.equal(NO_SHEETS, null, NO_SHEETS);
  // Without a service worker: it would precache the import module at the first load and serve
  // it past page.route, and the request held below would not be held.
  const { context, page, problems, dialogs } = await openApp({ noServiceWorker: true });
  try {
    // A slow network: the import module arrives late, and the dialog says what it is reading.
    let release;
    const held = new Promise((r) => { release = r; });
    await page.route('**/ziping-import_bg.wasm', async (route) => { await held; await route.continue(); });
    await page.getByTestId('open-import').click();
    await page.getByTestId('import-file').setInputFiles(join(SHEETS, 'mof-seed.xlsx'));
    await page.getByTestId('import-reading').waitFor({ timeout: 10_000 });
    assert.equal(await text(page, 'import-reading'), '正在读取 mof-seed.xlsx…');
    assert.ok(await page.getByTestId('import-confirm').isDisabled());
    release();
    const got = await preview(page);
    assert.equal(got.total, SEED_TOTAL, JSON.stringify(got));
    assert.equal(got.year, '2021');
    await page.getByTestId('import-confirm').click();
    assert.equal(await text(page, 'total'), SEED_TOTAL);

    await drop(page, 'mof-seed.xls', readFileSync(join(SHEETS, 'mof-seed.xls')));
    assert.equal((await preview(page)).total, SEED_TOTAL);
    await page.getByRole('button', { name: '取消' }).click();

    // Refused with the module's Chinese message; nothing imported.
    const before = await draftKeys(page);
    await drop(page, 'corrupt.xlsx', readFileSync(join(SHEETS, 'corrupt.xlsx')));
    assert.match((await preview(page)).error, /^无法导入：文件已损坏/);
    assert.ok(await page.getByTestId('import-confirm').isDisabled());
    // A spreadsheet the import does not read is named as what it is, not taken for JSON.
    await drop(page, 'opendocument.ods', readFileSync(join(SHEETS, 'opendocument.ods')));
    assert.match((await preview(page)).error, /^无法导入：这是 OpenDocument 表格（\.ods），暂不支持/);
    assert.deepEqual(await draftKeys(page), before);

    assert.deepEqual(dialogs, []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
