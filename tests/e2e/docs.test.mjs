// End-to-end: 打印, 导出 HTML and the 自评报告 in the app (issue 12), against the RELEASE bundle
// in dist/ in Debian's chromium: what the print frame holds, what the exported files hold, the
// report dialog (edit, save, stale numbers, 重新生成, undo), and script-injection payloads in
// every text of a form and of a report, in the app, the print frame and the exported files.
//
// Printing is observed, not performed: every frame's window.print is replaced (an init script,
// which runs in the script-less print frame too) by a function that records who was printed.
//
//   node --test tests/e2e/docs.test.mjs      # after `scripts/build-bundle`

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { keepOnLoopback, recordPrints } from './browser.mjs';
import { servedBundle } from './served.mjs';
import {
  CONTEXTS, PAYLOADS, STRINGS, census, censusIn, inspect, inspectIn, normalize, payloadCensus, rawDetections,
  rawIntoDetections,
} from './xss.mjs';

/** Asserts that the detector, as configured by `opts`, finds every markup payload written raw
 * into the document it inspects (see rawIntoDetections). */
async function assertDetectorSees(page, opts, frame, where) {
  const seen = await rawIntoDetections(page, opts, frame);
  for (const [k, { p, inert }] of PAYLOADS.entries()) {
    if (!inert) assert.ok(seen[k], `${where}: ${JSON.stringify(p)} written raw would be found`);
  }
}

const env = servedBundle();

const FRAME = 'ziping-print-frame';
const APP_TITLE = '项目支出绩效自评表 · ziping';
const SEED_FORM_TITLE = '社保工作专项经费项目支出绩效自评表';
const SEED_REPORT_TITLE = '社保工作专项经费项目 2021 年度绩效自评报告';
const SEED_FORM_FILE = '社保工作专项经费-2021-绩效自评表.html';
const SEED_REPORT_FILE = '社保工作专项经费-2021-绩效自评报告.html';
const SECTIONS = ['一、基本情况', '二、绩效目标完成情况', '三、自评结论', '四、绩效指标完成情况', '五、存在问题及原因', '六、改进措施'];

/**
 * Opens the app in a fresh context (its own localStorage, downloads accepted, loopback only,
 * print recorded) and records errors, foreign requests and every JS dialog (dismissed).
 */
async function openApp({ query = '' } = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  await recordPrints(context);
  const problems = [];
  const foreign = [];
  const dialogs = [];
  await keepOnLoopback(context, (url) => foreign.push(url));
  const page = await context.newPage();
  watch(page, problems, dialogs);
  await page.goto(env.server.url + query, { waitUntil: 'load' });
  await page.waitForSelector('[data-testid="total"]', { timeout: 15_000 });
  return { context, page, problems, foreign, dialogs };
}

/** Records a page's errors and its dialogs (alert, confirm, prompt, beforeunload), dismissed. */
function watch(page, problems, dialogs) {
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
}

const text = async (page, id) => (await page.textContent(`[data-testid="${id}"]`))?.trim();
const field = (page, label) => page.getByLabel(label, { exact: true });
const button = (page, name) => page.getByRole('button', { name, exact: true });
const section = (page, name) => page.getByRole('textbox', { name, exact: true });

async function loadSeed(page) {
  await button(page, '载入示例').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="total"]')?.textContent.trim() === '93.9');
}

/** Clicks a toolbar button and waits for the `n`-th print call. */
async function print(page, name, n = 1) {
  await button(page, name).click();
  await page.waitForFunction((n) => (window.__printed?.length ?? 0) >= n, n, { timeout: 15_000 });
}

const printedLog = (page) => page.evaluate(() => window.__printed ?? []);

/** What the print frame holds: its attributes, its document's title, text, cells and scripts. */
const frameInfo = (page) => page.evaluate((id) => {
  const frames = document.querySelectorAll('iframe');
  const f = document.getElementById(id);
  const doc = f.contentDocument;
  return {
    frames: frames.length,
    sandbox: f.getAttribute('sandbox'),
    srcdoc: f.getAttribute('srcdoc'),
    title: doc.title,
    text: doc.documentElement.textContent,
    cells: [...doc.querySelectorAll('td, th')].map((c) => c.textContent.trim()),
    scripts: doc.querySelectorAll('script').length,
    xss: f.contentWindow.__xss,
  };
}, FRAME);

/** Clicks a button that downloads a file: its suggested name and its text. */
async function download(page, name) {
  const [dl] = await Promise.all([page.waitForEvent('download'), button(page, name).click()]);
  return { name: dl.suggestedFilename(), html: await readFile(await dl.path(), 'utf8') };
}

/** What every exported document must be: one standalone HTML page without scripts. */
function assertStandalone(html, what) {
  assert.match(html, /^<!DOCTYPE html>\n<html lang="zh-CN">/, `${what}: one HTML document`);
  assert.equal(html.match(/<html[\s>]/gi).length, 1, `${what}: one <html>`);
  assert.equal(html.match(/<\/html>/gi).length, 1, `${what}: one </html>`);
  assert.ok(/<\/html>\s*$/.test(html), `${what}: nothing after </html>`);
  assert.ok(!/<script/i.test(html), `${what}: no <script`);
  assert.ok(!/\b(?:src|href|srcset|action|data|poster)\s*=/i.test(html), `${what}: no src= / href= / action= …`);
  assert.ok(!/https?:|\/\//i.test(html), `${what}: no http:, https: or // anywhere`);
  assert.ok(!/@import|url\s*\(|<link|<iframe|<object|<embed|<img/i.test(html), `${what}: nothing loaded`);
  assert.match(html, /@page\s*\{/, `${what}: has @page`);
}

/**
 * Opens an exported document on its own from file://, scripts enabled (as a person opens the
 * downloaded file), in the context of `app` (whose dialogs are recorded). Returns the page, its
 * requests other than itself and a close().
 */
async function openFile(app, html) {
  const dir = await mkdtemp(join(tmpdir(), 'ziping-docs-'));
  const path = join(dir, 'document.html');
  await writeFile(path, html);
  const page = await app.context.newPage();
  const url = pathToFileURL(path).href;
  const requests = [];
  page.on('request', (req) => {
    if (req.url() !== url) requests.push(req.url());
  });
  watch(page, app.problems, app.dialogs);
  await page.goto(url, { waitUntil: 'load' });
  // Give anything that would run or load (autofocus, meta refresh, onload) its chance.
  await page.waitForTimeout(150);
  return {
    page,
    requests,
    close: async () => {
      await page.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

test('打印 prints the seed form in a script-less frame: 39.25%, 3.9, 93.9 and 优; the editor is not printed', async () => {
  const { context, page, problems, foreign, dialogs } = await openApp();
  try {
    await loadSeed(page);
    await print(page, '打印');
    await page.waitForTimeout(300); // a second print would have come by now
    const log = await printedLog(page);
    assert.equal(log.length, 1, `print was called once: ${JSON.stringify(log)}`);
    assert.deepEqual(log[0], { title: SEED_FORM_TITLE, top: false, frame: FRAME }, 'the print frame printed, not the editor');
    assert.equal(await page.title(), APP_TITLE);

    const f = await frameInfo(page);
    assert.equal(f.frames, 1, 'one iframe');
    assert.deepEqual(f.sandbox.split(/\s+/).sort(), ['allow-modals', 'allow-same-origin'], 'no allow-scripts');
    assert.equal(f.title, SEED_FORM_TITLE);
    for (const cell of ['39.25%', '3.9', '93.9', '等级：优']) assert.ok(f.cells.includes(cell), `a cell reads ${cell}`);
    assert.equal(f.scripts, 0, 'no <script> in the printed document');
    assert.ok(!/<script/i.test(f.srcdoc), 'no <script in its source');
    assert.ok(!f.text.includes('载入示例') && !f.text.includes('自评报告'), 'none of the editor is in the printed document');

    // Printing again replaces the frame.
    await print(page, '打印', 2);
    assert.equal((await frameInfo(page)).frames, 1, 'still one iframe');
    assert.equal((await printedLog(page)).length, 2);

    assert.deepEqual(dialogs, []);
    assert.deepEqual(foreign, []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('导出 HTML downloads one standalone document: 93.9, 优, @page; 横向 makes it A4 landscape', async () => {
  const app = await openApp();
  const { context, page, problems, foreign, dialogs } = app;
  try {
    await loadSeed(page);
    const portrait = await download(page, '导出 HTML');
    assert.equal(portrait.name, SEED_FORM_FILE);
    assertStandalone(portrait.html, 'the exported form');
    for (const s of ['93.9', '等级：优', '39.25%', '<title>社保工作专项经费项目支出绩效自评表</title>']) {
      assert.ok(portrait.html.includes(s), `the file has ${s}`);
    }
    assert.match(portrait.html, /@page \{ size: A4 portrait;/);
    assert.ok(!portrait.html.includes('A4 landscape'));

    // Opened on its own, it loads nothing and reads the same numbers.
    const file = await openFile(app, portrait.html);
    try {
      assert.deepEqual(file.requests, [], 'the file requests nothing');
      assert.equal(await file.page.title(), SEED_FORM_TITLE);
      const cells = await file.page.$$eval('td', (tds) => tds.map((td) => td.textContent.trim()));
      for (const cell of ['39.25%', '3.9', '93.9', '等级：优']) assert.ok(cells.includes(cell), `a cell reads ${cell}`);
    } finally {
      await file.close();
    }

    await page.locator('#print-landscape').check();
    const landscape = await download(page, '导出 HTML');
    assert.equal(landscape.name, SEED_FORM_FILE);
    assertStandalone(landscape.html, 'the landscape form');
    assert.match(landscape.html, /@page \{ size: A4 landscape;/);
    assert.ok(!landscape.html.includes('A4 portrait'));
    // What prints is exactly the exported file.
    await print(page, '打印');
    assert.equal((await frameInfo(page)).srcdoc, landscape.html, 'the print frame holds the exported document');

    assert.deepEqual(dialogs, []);
    assert.deepEqual(foreign, []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

/** The report dialog, open (clicking 自评报告 when it is closed). */
async function openReport(page) {
  if (!(await isOpen(page))) await button(page, '自评报告').click();
  await page.waitForSelector('dialog.report-dialog[open]', { timeout: 15_000 });
}

/** Whether the report dialog is open (it is mounted the first time it opens). */
const isOpen = (page) => page.evaluate(() => document.querySelector('dialog.report-dialog')?.open ?? false);

/** The sections marked 引用了旧数字, by heading. */
const badged = (page) => page.locator('dialog.report-dialog section.report-section').evaluateAll((all) =>
  all.filter((s) => s.querySelector('.badge')?.textContent.includes('引用了旧数字'))
    .map((s) => s.querySelector('label').textContent.trim()));

test('自评报告: edit, Esc, saved with the draft across a reload; stale numbers named; 重新生成; export and print', async () => {
  const { context, page, problems, foreign, dialogs } = await openApp();
  const EDIT = '本节经测试编辑：项目由县社保局组织实施。';
  try {
    await loadSeed(page);
    await openReport(page);
    const conclusion = await section(page, '三、自评结论').inputValue();
    assert.match(conclusion, /总分 93\.9 分/);
    assert.match(conclusion, /“优”/);
    assert.match(conclusion, /39\.25%/);
    for (const name of SECTIONS) assert.equal(await section(page, name).count(), 1, `a text box labelled ${name}`);
    assert.equal(await page.getByTestId('report-stale').count(), 0, 'nothing is stale in a fresh draft');

    // A person adds a sentence at the end of 一、基本情况.
    const basics = section(page, '一、基本情况');
    const before = await basics.inputValue();
    await basics.click();
    await basics.press('Control+End');
    await page.keyboard.type(`\n${EDIT}`);
    assert.equal(await basics.inputValue(), `${before}\n${EDIT}`);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('dialog.report-dialog')?.open);
    const report = (await page.evaluate(() => window.ziping.currentForm())).report;
    assert.ok(typeof report === 'string' && report.includes(EDIT), `currentForm().report has the edit: ${report}`);
    assert.ok(report.includes('三、自评结论'), 'the report text has its headings');
    assert.equal(await text(page, 'total'), '93.9', 'the report is not the numbers');
    // …and travels with 导出 JSON.
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    assert.equal(JSON.parse(await readFile(await json.path(), 'utf8')).report, report, 'the exported JSON has the report');

    // Saved with the draft: a reload brings it back.
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('[data-testid="total"]')?.textContent.trim() === '93.9', null, { timeout: 15_000 });
    await openReport(page);
    assert.equal(await section(page, '一、基本情况').inputValue(), `${before}\n${EDIT}`, 'the edit survived the reload');
    assert.equal(await page.getByTestId('report-stale').count(), 0);
    await button(page, '关闭').click();
    assert.equal(await isOpen(page), false, '关闭 closes it');

    // A number changes: 30家 instead of 40家 gives 7.5 of 10 and a total of 91.4.
    await field(page, '实际完成值 失业动态监测企业数').fill('30家');
    assert.equal(await text(page, 'total'), '91.4');
    await openReport(page);
    const note = page.getByTestId('report-stale');
    assert.equal(await note.count(), 1, 'the stale note is shown');
    const noteText = await note.innerText();
    assert.ok(noteText.includes('三、自评结论'), `the note names 三、自评结论: ${noteText}`);
    assert.ok(!noteText.includes('一、基本情况'), `一、基本情况 quotes no changed number: ${noteText}`);
    const stale = await badged(page);
    assert.ok(stale.includes('三、自评结论'), `三 has the badge: ${stale}`);
    assert.ok(!stale.includes('一、基本情况'), `一 has none: ${stale}`);
    for (const name of stale) assert.ok(noteText.includes(name), `the note and the badges agree: ${name}`);
    for (const name of SECTIONS) if (!stale.includes(name)) assert.ok(!noteText.includes(name), `${name} is not named`);
    const oldConclusion = await section(page, '三、自评结论').inputValue();
    assert.match(oldConclusion, /93\.9/, 'the edited report still says 93.9');

    // 重新生成 asks first; 取消 keeps the text.
    await button(page, '重新生成 三、自评结论').click();
    const confirmBox = page.locator('dialog.report-dialog .report-confirm');
    assert.equal(await confirmBox.count(), 1, 'an in-place confirmation');
    assert.match(await confirmBox.innerText(), /重新生成本节/);
    await button(page, '取消').click();
    assert.equal(await confirmBox.count(), 0);
    assert.equal(await section(page, '三、自评结论').inputValue(), oldConclusion, '取消 leaves the text');
    assert.ok((await badged(page)).includes('三、自评结论'));

    // 确定重新生成 writes the current numbers, and only in that section.
    await button(page, '重新生成 三、自评结论').click();
    await button(page, '确定重新生成').click();
    assert.equal(await confirmBox.count(), 0);
    const fresh = await section(page, '三、自评结论').inputValue();
    assert.match(fresh, /总分 91\.4 分/);
    assert.ok(!fresh.includes('93.9'), `no old total left: ${fresh}`);
    const nowStale = await badged(page);
    assert.ok(!nowStale.includes('三、自评结论'), `三 is no longer marked: ${nowStale}`);
    // The note is gone, or (were other sections stale) no longer names 三.
    assert.ok((await note.count()) === 0 || !(await note.innerText()).includes('三、自评结论'), 'the note no longer names 三');
    assert.equal(await section(page, '一、基本情况').inputValue(), `${before}\n${EDIT}`, 'the other edit is kept');
    const saved = (await page.evaluate(() => window.ziping.currentForm())).report;
    assert.ok(saved.includes('总分 91.4 分') && saved.includes(EDIT), 'the form keeps the regenerated section and the edit');

    // 导出报告 HTML: one standalone document with the edit.
    const exported = await download(page, '导出报告 HTML');
    assert.equal(exported.name, SEED_REPORT_FILE);
    assertStandalone(exported.html, 'the exported report');
    assert.ok(exported.html.includes(EDIT), 'the file has the edit');
    assert.ok(exported.html.includes('总分 91.4 分'), 'and the regenerated 三');
    assert.ok(exported.html.includes(`<title>${SEED_REPORT_TITLE}</title>`));

    // 打印报告 prints that same document in the frame.
    await print(page, '打印报告');
    const log = await printedLog(page);
    assert.deepEqual(log, [{ title: SEED_REPORT_TITLE, top: false, frame: FRAME }]);
    const f = await frameInfo(page);
    assert.equal(f.scripts, 0);
    assert.ok(f.text.includes(EDIT));
    assert.equal(f.srcdoc, exported.html, 'what prints is what is exported');
    assert.equal(await isOpen(page), true, 'printing keeps the dialog open');

    assert.deepEqual(dialogs, []);
    assert.deepEqual(foreign, []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

// A replaced number that also occurs elsewhere in the section still makes it stale: after
// 40家 → 30家, 四 still says 实际完成值 40家、得分 10 分 and 产出指标 得分 50 分, while 40, 10 and
// 50 all occur in the fresh 四 too (年度指标值 40家, 分值 10 分, 分值 50 分). The check counts
// how often each number is quoted (Report::stale_against).
test('自评报告: 四 still quoting 实际完成值 40家 and 得分 50 分 after 40家 → 30家 is named stale', async () => {
  const { context, page } = await openApp();
  try {
    await loadSeed(page);
    await openReport(page);
    const basics = section(page, '一、基本情况');
    await basics.click();
    await basics.press('Control+End');
    await page.keyboard.insertText('（已核对）');
    await page.keyboard.press('Escape');
    await field(page, '实际完成值 失业动态监测企业数').fill('30家');
    assert.equal(await text(page, 'total'), '91.4');
    await openReport(page);
    const four = await section(page, '四、绩效指标完成情况').inputValue();
    assert.match(four, /实际完成值 40家，得分 10 分/, 'the edited report still quotes the old row');
    assert.match(four, /产出指标：分值 50 分，得分 50 分/, 'and the old subtotal');
    assert.ok((await page.getByTestId('report-stale').innerText()).includes('四、绩效指标完成情况'), 'the note names 四');
    assert.ok((await badged(page)).includes('四、绩效指标完成情况'), '四 has the badge');
  } finally {
    await context.close();
  }
});

/** A report text with the draft's six sections renamed, and `extra` sections after them. */
const renamedReport = (extra = '') => '社保工作专项经费项目 2021 年度绩效自评报告\n\n一、项目概况\n甲\n\n二、目标\n乙\n\n'
  + `三、结论\n丙\n\n四、指标\n丁\n\n五、问题\n戊\n\n六、措施\n己\n\n${extra}承德县社会保险事业管理局\n2022年3月7日\n`;

const labels = (page) => page.$$eval('dialog.report-dialog section.report-section label', (ls) => ls.map((l) => l.textContent.trim()));

// A report with more sections than the draft: 全部重新生成 gives the draft's six, and the
// dialog's text boxes follow (they once kept a seventh that read past the end and panicked).
test('自评报告: 全部重新生成 on a report with a 七、 of the person\'s own works without a panic', async () => {
  const { context, page, problems } = await openApp();
  try {
    await loadSeed(page);
    await page.evaluate((t) => window.ziping.setReport(t), renamedReport('七、其他说明\n庚\n\n'));
    await openReport(page);
    assert.equal((await labels(page)).length, 7);
    await button(page, '全部重新生成').click();
    await button(page, '确定重新生成').click();
    await page.waitForTimeout(200);
    assert.deepEqual(problems, [], 'no panic');
    assert.deepEqual(await labels(page), SECTIONS, 'the draft\'s six sections');
    // Still usable in place: an edit is saved, 打印报告 prints.
    await section(page, '一、基本情况').click();
    await page.keyboard.insertText('（补）');
    assert.match((await page.evaluate(() => window.ziping.currentForm())).report ?? '', /（补）/);
    await print(page, '打印报告');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

// The section labels (and the 重新生成 buttons' names) follow the headings the report holds
// after 重新生成 replaces renamed ones with the draft's.
test('自评报告: after 重新生成 the text boxes are labelled with the headings they now hold', async () => {
  const { context, page, problems } = await openApp();
  try {
    await loadSeed(page);
    await page.evaluate((t) => window.ziping.setReport(t), renamedReport());
    await openReport(page);
    assert.equal((await labels(page))[0], '一、项目概况');
    await button(page, '重新生成 一、项目概况').click();
    await button(page, '确定重新生成').click();
    const stored = (await page.evaluate(() => window.ziping.currentForm())).report;
    assert.match(stored, /^一、基本情况$/m, 'the report now has the draft\'s heading');
    assert.equal((await labels(page))[0], '一、基本情况', 'and the text box says so');
    await button(page, '全部重新生成').click();
    await button(page, '确定重新生成').click();
    assert.deepEqual(await labels(page), SECTIONS);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('自评报告: Ctrl+Z in a report text box is that box\'s undo, never the form\'s', async () => {
  const { context, page, problems, dialogs } = await openApp();
  try {
    await loadSeed(page);
    const actual = field(page, '实际完成值 失业动态监测企业数');
    await actual.fill('30家');
    assert.equal(await text(page, 'total'), '91.4');
    const formActual = () => page.evaluate(() => window.ziping.currentForm().indicators[0].actual);

    await openReport(page);
    const goals = section(page, '二、绩效目标完成情况');
    const original = await goals.inputValue();
    await goals.click();
    // Nothing typed yet: Ctrl+Z must not reach the form's undo.
    await page.keyboard.press('Control+Z');
    assert.equal(await text(page, 'total'), '91.4', 'the total stays');
    assert.equal(await formActual(), '30家');
    assert.equal(await goals.inputValue(), original);

    // Typed text is undone in the box; the form keeps its numbers.
    await goals.press('Control+End');
    await page.keyboard.insertText('补充'); // as an input method commits it
    assert.equal(await goals.inputValue(), `${original}补充`);
    await page.keyboard.press('Control+Z');
    assert.equal(await goals.inputValue(), original, 'the text box undid the typing');
    assert.equal(await text(page, 'total'), '91.4', 'the total stays');
    assert.equal(await formActual(), '30家');
    // Ctrl+Y / Ctrl+Shift+Z are the box's too.
    await page.keyboard.press('Control+Shift+Z');
    assert.equal(await goals.inputValue(), `${original}补充`, 'the text box redid the typing');
    assert.equal(await text(page, 'total'), '91.4');
    assert.equal(await isOpen(page), true);

    // Control: outside the dialog Ctrl+Z is the form's undo.
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('dialog.report-dialog')?.open);
    const undoUntil = async (want) => {
      for (let k = 0; k < 5 && (await text(page, 'total')) !== want; k++) {
        await page.locator('body').press('Control+Z');
      }
    };
    await undoUntil('93.9');
    assert.equal(await text(page, 'total'), '93.9', 'the form\'s undo is the window\'s Ctrl+Z');
    assert.equal(await formActual(), '40家');
    assert.deepEqual(dialogs, []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

// ---------------------------------------------------------------------------------------------
// Script injection

test('the injection detector finds every markup payload written raw, and nothing in clean text', async () => {
  const context = await env.browser.newContext({ javaScriptEnabled: true });
  try {
    await keepOnLoopback(context);
    const page = await context.newPage();
    await page.setContent('<!DOCTYPE html><p>detector</p>');
    const { detected } = await page.evaluate(rawDetections, {
      strings: STRINGS,
      contexts: CONTEXTS,
      inspectSrc: inspect.toString(),
      censusSrc: census.toString(),
    });
    assert.ok(PAYLOADS.length >= 30, `${PAYLOADS.length} payloads`);
    for (const [k, { p, inert }] of PAYLOADS.entries()) {
      if (inert) {
        assert.ok(!detected[k].includes('text'), `inert ${JSON.stringify(p)} is text, not markup`);
      } else {
        // The contexts other than <style> (where any text is suspect): element text, quoted
        // attributes, <title>, <textarea>, SVG <text>.
        const real = detected[k].filter((c) => c !== 'style');
        assert.ok(real.length > 0, `${JSON.stringify(p)} written raw is detected (${detected[k]})`);
      }
    }
    // Clean text in every context: no finding.
    const clean = await page.evaluate(({ contexts, inspectSrc, censusSrc }) => {
      const inspectFn = new Function(`return (${inspectSrc})`)();
      const censusFn = new Function(`return (${censusSrc})`)();
      return Object.values(contexts).flatMap((tpl) => {
        const doc = new DOMParser().parseFromString(tpl.replaceAll('%', '社保工作专项经费 <3 & "引号" \'单引号\''.replace(/[<&"']/g, (c) => `&#${c.charCodeAt(0)};`)), 'text/html');
        return inspectFn(doc, { clean: censusFn(doc), payload: { tags: [], attrs: [] } });
      });
    }, { contexts: CONTEXTS, inspectSrc: inspect.toString(), censusSrc: census.toString() });
    assert.deepEqual(clean, []);
  } finally {
    await context.close();
  }
});

/**
 * The seed form with a payload in every text: 年度, 项目名称, 主管部门, 实施单位, 偏差原因, the
 * goals, the fund source labels, an amount, and each row's 一级/二级/三级, 年度指标值, 实际完成值
 * and 偏差原因 (the payloads in turn, so each one is in at least one field). Rows get a 定性评价
 * 档次 so they are scored (partial ones lose points, so their reasons reach the report).
 */
function payloadForm(seed, report = null) {
  const f = structuredClone(seed);
  let k = 0;
  const next = () => STRINGS[k++ % STRINGS.length];
  f.year = next();
  f.project = next();
  f.department = next();
  f.implementer = next();
  f.funds.reason = next();
  f.goals.expected = next();
  f.goals.achieved = next();
  for (const s of f.funds.sources) s.label = next();
  f.funds.sources[2].initial = next();
  for (const [i, ind] of f.indicators.entries()) {
    for (const name of ['level1', 'level2', 'name', 'target', 'actual', 'reason']) ind[name] = next();
    ind.tier = i % 2 ? 'partial' : 'achieved';
  }
  assert.ok(k >= STRINGS.length, 'every payload is used');
  f.report = report;
  return f;
}

/** Every text field of a form, as [path, value]. */
function texts(f) {
  const out = [['year', f.year], ['project', f.project], ['department', f.department], ['implementer', f.implementer],
    ['funds.reason', f.funds.reason], ['goals.expected', f.goals.expected], ['goals.achieved', f.goals.achieved]];
  f.funds.sources.forEach((s, i) => out.push([`funds.sources[${i}].label`, s.label]));
  out.push(['funds.sources[2].initial', f.funds.sources[2].initial]);
  f.indicators.forEach((ind, i) => {
    for (const name of ['level1', 'level2', 'name', 'target', 'actual', 'reason']) out.push([`indicators[${i}].${name}`, ind[name]]);
  });
  return out;
}

/** Imports a form through the app's 导入 dialog (a picked file), as a new draft. */
async function importForm(page, form, check = async () => {}) {
  await page.getByTestId('open-import').click();
  await page.getByTestId('import-file').setInputFiles({
    name: 'payloads.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(form, null, 2)),
  });
  await page.waitForSelector('[data-testid="import-preview"], [data-testid="import-error"]');
  assert.equal(await page.getByTestId('import-error').count(), 0, 'the payload form imports');
  await check(); // the preview is open
  await page.getByTestId('import-confirm').click();
  await page.waitForFunction((p) => window.ziping.currentForm().project === p, form.project);
}

/** Asserts nothing a payload could set or open happened, in the app and its print frame. */
async function assertNoXss(page, dialogs, where) {
  assert.deepEqual(dialogs, [], `${where}: no dialog opened`);
  const xss = await page.evaluate((id) => ({
    page: window.__xss,
    frames: [...document.querySelectorAll('iframe')].map((f) => {
      try { return f.contentWindow.__xss; } catch { return 'cross-origin'; }
    }),
    printFrame: document.getElementById(id)?.contentWindow?.__xss,
  }), FRAME);
  assert.equal(xss.page, undefined, `${where}: window.__xss stays undefined`);
  assert.ok(xss.frames.every((v) => v === undefined), `${where}: no frame's __xss set: ${xss.frames}`);
  assert.equal(xss.printFrame, undefined);
}

/** Each payload, as read, is somewhere in `haystack` (normalized text). */
function assertShown(haystack, strings, where) {
  const h = normalize(haystack);
  for (const s of strings) assert.ok(h.includes(normalize(s)), `${where} shows ${JSON.stringify(s)} as text`);
}

/** The `<body>` text and the title of a document in the print frame or a page. */
const docText = (page, frame = null) => page.evaluate((frame) => {
  const doc = frame ? document.getElementById(frame).contentDocument : document;
  return { title: doc.title, text: doc.body.textContent, heads: [...doc.head.children].map((e) => e.localName) };
}, frame);

/** The clean census of a document kind, with the tags of the box of what is missing. */
const withMissingBox = (c) => ({ tags: [...new Set([...c.tags, 'div', 'ul', 'li', 'p'])], attrs: c.attrs });

/** The values of the form's inputs and text areas, and the app's text, in one string. */
const appText = (page) => page.evaluate(() => [
  document.body.innerText,
  ...[...document.querySelectorAll('main input, main textarea, dialog textarea, dialog input')].map((e) => e.value),
].join('\n'));

test('payloads in every text of a form stay text: in the app, the print frame and the exported HTML', async () => {
  const app = await openApp();
  const { context, page, problems, foreign, dialogs } = app;
  try {
    const payload = await payloadCensus(page);
    await loadSeed(page);
    const scripts = await page.evaluate(() => document.scripts.length);
    // The clean app, with everything the test opens: the print frame, the report dialog.
    await print(page, '打印');
    const cleanFormDoc = withMissingBox(await censusIn(page, FRAME));
    await openReport(page);
    await button(page, '关闭').click();
    await page.getByTestId('open-drafts').click();
    const cleanApp = await censusIn(page);
    await page.getByTestId('open-drafts').click();
    const appOpts = { clean: cleanApp, payload, frameId: FRAME, scripts };
    assert.deepEqual(await inspectIn(page, appOpts), [], 'the clean app has no finding');
    assert.deepEqual(await inspectIn(page, { clean: cleanFormDoc, payload }, FRAME), [], 'the clean print has no finding');
    await assertDetectorSees(page, appOpts, null, 'the app');
    await assertDetectorSees(page, { clean: cleanFormDoc, payload }, FRAME, 'the printed form');

    const seed = await page.evaluate(() => window.ziping.currentForm());
    const form = payloadForm(seed);
    await importForm(page, form, async () => {
      assert.deepEqual(await inspectIn(page, appOpts), [], 'the import preview: nothing injected');
      assertShown(await text(page, 'import-project'), [form.project], 'the import preview');
    });
    await assertNoXss(page, dialogs, 'after the import');
    // The form is the imported one, character for character.
    const back = await page.evaluate(() => window.ziping.currentForm());
    for (const [path, value] of texts(form)) {
      const got = path.split(/[.[\]]+/).filter(Boolean).reduce((o, k) => o[k], back);
      assert.equal(got, value, `currentForm().${path}`);
    }
    // A moment for autofocus, onload, ontoggle … to fire if anything was injected.
    await page.waitForTimeout(200);
    assert.deepEqual(await inspectIn(page, appOpts), [], 'the app: nothing injected');
    const shown = await appText(page);
    assertShown(shown, texts(form).map(([, v]) => v), 'the app');
    assert.equal(await page.title(), APP_TITLE, 'the page title is the app\'s');
    await page.getByTestId('open-drafts').click();
    await page.waitForSelector('[data-testid="drafts-panel"]');
    assert.deepEqual(await inspectIn(page, appOpts), [], 'the drafts list: nothing injected');
    assertShown(await page.getByTestId('drafts-panel').innerText(), [form.project], 'the drafts list');
    await page.getByTestId('open-drafts').click();

    // 打印: the frame's document.
    await print(page, '打印', 2);
    assert.deepEqual((await printedLog(page))[1].frame, FRAME);
    const f = await frameInfo(page);
    assert.equal(f.scripts, 0);
    assert.ok(!/<script/i.test(f.srcdoc));
    assert.deepEqual(await inspectIn(page, { clean: cleanFormDoc, payload }, FRAME), [], 'the print frame: nothing injected');
    const framed = await docText(page, FRAME);
    assert.deepEqual(framed.heads, ['meta', 'meta', 'title', 'style'], 'the head is the charset, the policy, title and style only');
    assertShown(framed.title, [form.project], 'the printed title');
    assertShown(framed.text, texts(form).map(([, v]) => v), 'the printed form');
    assert.equal((await printedLog(page))[1].title, framed.title);
    await assertNoXss(page, dialogs, 'after 打印');

    // 导出 HTML: the file, read and then opened on its own with scripts on.
    const exported = await download(page, '导出 HTML');
    assert.ok(!/[<>:"/\\|?*\u0000-\u001f]/.test(exported.name), `a clean file name: ${exported.name}`);
    assert.match(exported.name, /-绩效自评表\.html$/);
    assert.ok(!/<script/i.test(exported.html), 'no <script in the file');
    // The document's own policy <meta> is the one http-equiv it may hold.
    const ownPolicy = '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">';
    assert.equal(exported.html.split(ownPolicy).length, 2, 'the document\'s own policy, once');
    assert.ok(!/<(?:img|svg|iframe|object|embed|base|link|meta http|form|input|details|math|a )/i.test(exported.html.replace(ownPolicy, '')), 'no payload tag in the file');
    assert.equal(exported.html, f.srcdoc, 'the file is what was printed');
    const file = await openFile(app, exported.html);
    try {
      assert.deepEqual(file.requests, [], 'the file requests nothing');
      assert.deepEqual(await inspectIn(file.page, { clean: cleanFormDoc, payload }), [], 'the opened file: nothing injected');
      assert.equal(await file.page.evaluate(() => window.__xss), undefined, 'the opened file sets no __xss');
      const opened = await docText(file.page);
      assertShown(opened.text, texts(form).map(([, v]) => v), 'the opened file');
      assert.equal(opened.title, framed.title);
    } finally {
      await file.close();
    }
    await assertNoXss(page, dialogs, 'at the end');
    assert.deepEqual(foreign, [], 'no request left the machine');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

/**
 * A report text with payloads in its title, preamble, headings, paragraphs and signature. The
 * headings are payloads without sentence punctuation (so they stay headings).
 */
function payloadReport() {
  const heads = STRINGS.filter((s) => !/[。，；：,;:！？!?\n]/.test(s) && [...s].length <= 30 && s.trim() === s && !/[\u0000-\u001f\u2028\u2029]/.test(s));
  // Six sections, as the draft has.
  const numerals = ['一', '二', '三', '四', '五', '六'];
  const lines = [STRINGS[1], '', STRINGS[0], ''];
  let k = 0;
  numerals.forEach((n, i) => {
    lines.push(`${n}、${heads[i]}`);
    for (let j = 0; j < 7; j++) lines.push(STRINGS[k++ % STRINGS.length]);
    lines.push('');
  });
  lines.push('<svg onload=alert(1)>', '2022年3月7日');
  return { text: lines.join('\n'), heads: heads.slice(0, numerals.length) };
}

test('payloads in a report stay text: in the dialog, the printed report and the exported report', async () => {
  const app = await openApp();
  const { context, page, problems, foreign, dialogs } = app;
  try {
    const payload = await payloadCensus(page);
    await loadSeed(page);
    const scripts = await page.evaluate(() => document.scripts.length);
    await openReport(page);
    await print(page, '打印报告');
    const cleanReportDoc = withMissingBox(await censusIn(page, FRAME));
    const cleanApp = await censusIn(page);
    await button(page, '关闭').click();
    const appOpts = { clean: cleanApp, payload, frameId: FRAME, scripts };
    assert.deepEqual(await inspectIn(page, appOpts), []);
    assert.deepEqual(await inspectIn(page, { clean: cleanReportDoc, payload }, FRAME), []);
    await assertDetectorSees(page, { clean: cleanReportDoc, payload }, FRAME, 'the printed report');

    const seed = await page.evaluate(() => window.ziping.currentForm());
    const { text: reportText, heads } = payloadReport();
    const form = payloadForm(seed, reportText);
    await importForm(page, form);
    assert.equal((await page.evaluate(() => window.ziping.currentForm())).report, reportText, 'the report is imported as is');

    // The dialog: headings and texts as text.
    await openReport(page);
    await page.waitForTimeout(200);
    for (const [i, h] of heads.entries()) {
      const name = `${['一', '二', '三', '四', '五', '六'][i]}、${h}`;
      assert.equal(await section(page, name).count(), 1, `a text box labelled ${JSON.stringify(name)}`);
    }
    assert.equal(await page.getByRole('textbox', { name: '报告标题', exact: true }).inputValue(), STRINGS[1]);
    // A person pastes every payload into 二 and into the signature too.
    const second = section(page, `二、${heads[1]}`);
    await second.fill(STRINGS.join('\n'));
    await page.getByRole('textbox', { name: '落款', exact: true }).fill(`${STRINGS[4]}\n2022年3月7日`);
    const saved = (await page.evaluate(() => window.ziping.currentForm())).report;
    for (const s of STRINGS) assert.ok(saved.includes(s.trim()), `the report keeps ${JSON.stringify(s)}`);
    await page.waitForTimeout(200);
    assert.deepEqual(await inspectIn(page, appOpts), [], 'the dialog: nothing injected');
    assertShown(await appText(page), STRINGS, 'the dialog');
    await assertNoXss(page, dialogs, 'the dialog');

    // 打印报告.
    await print(page, '打印报告', 2);
    assert.equal((await printedLog(page))[1].frame, FRAME);
    const f = await frameInfo(page);
    assert.equal(f.scripts, 0);
    assert.deepEqual(await inspectIn(page, { clean: cleanReportDoc, payload }, FRAME), [], 'the printed report: nothing injected');
    const framed = await docText(page, FRAME);
    assert.deepEqual(framed.heads, ['meta', 'meta', 'title', 'style']);
    assert.equal(normalize(framed.title), normalize(STRINGS[1]), 'the <title> is the payload title, as text');
    assertShown(framed.text, [...STRINGS, ...heads], 'the printed report');
    const svgs = await page.evaluate((id) => [...document.getElementById(id).contentDocument.querySelectorAll('svg')].map((s) => s.getAttribute('class')), FRAME);
    assert.deepEqual(svgs, ['chart'], 'one svg: the chart');
    await assertNoXss(page, dialogs, 'after 打印报告');

    // 导出报告 HTML, read and opened on its own.
    const exported = await download(page, '导出报告 HTML');
    assert.ok(!/[<>:"/\\|?*\u0000-\u001f]/.test(exported.name), `a clean file name: ${exported.name}`);
    assert.ok(!/<script/i.test(exported.html), 'no <script in the file');
    assert.equal(exported.html, f.srcdoc, 'the file is what was printed');
    const file = await openFile(app, exported.html);
    try {
      assert.deepEqual(file.requests, []);
      assert.deepEqual(await inspectIn(file.page, { clean: cleanReportDoc, payload }), [], 'the opened report: nothing injected');
      assert.equal(await file.page.evaluate(() => window.__xss), undefined);
      const opened = await docText(file.page);
      assertShown(opened.text, [...STRINGS, ...heads], 'the opened report');
    } finally {
      await file.close();
    }

    // The draft written from the payload form (全部重新生成) quotes the fields: still text.
    await button(page, '全部重新生成').click();
    await button(page, '确定重新生成').click();
    // A form without an edited report has no `report` (or a null one).
    assert.equal((await page.evaluate(() => window.ziping.currentForm())).report ?? null, null, 'regenerated: the draft again');
    await button(page, '关闭').click();
    await openReport(page);
    const basics = await section(page, '一、基本情况').inputValue();
    assertShown(basics, [form.project, form.department, form.implementer], 'the drafted 一、基本情况');
    await print(page, '打印报告', 3);
    assert.deepEqual(await inspectIn(page, { clean: cleanReportDoc, payload }, FRAME), [], 'the printed draft: nothing injected');
    const draft = await docText(page, FRAME);
    assertShown(draft.text, [form.project, form.department, form.implementer, form.goals.expected, form.goals.achieved,
      ...form.indicators.map((i) => i.name)], 'the printed draft');
    await page.waitForTimeout(200);
    assert.deepEqual(await inspectIn(page, appOpts), [], 'the dialog with the draft: nothing injected');
    await assertNoXss(page, dialogs, 'at the end');
    assert.deepEqual(foreign, []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
