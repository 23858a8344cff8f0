// End-to-end: the documents `ziping render` writes (the printed form 附件1 and the 自评报告),
// opened from file:// in Debian's chromium through playwright-core and printed with
// page.pdf({ format: 'A4', preferCSSPageSize: true }); the PDFs are read back with pdfjs-dist.
// Nothing may be fetched: every request the documents make is recorded and blocked.
//
//   node --test tests/e2e/print.test.mjs      # builds the CLI with cargo first if needed

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { keepOnLoopback, launchBrowser } from './browser.mjs';
import { isA4, readPdf } from './pdf.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SEED = join(ROOT, 'fixtures/chengde-2021.json');
const TITLE = '社保工作专项经费项目支出绩效自评表';
// The column heads of the indicator table, as they read in the PDF (white space removed).
const HEADER = '一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施';
const ROWS = 300;

const run = promisify(execFile);
/** `cargo run -q …` in the repository (builds what is out of date first). */
const cargo = (args) => run('cargo', ['run', '-q', ...args], { cwd: ROOT, maxBuffer: 64 << 20 });

const env = { dir: undefined, browser: undefined };

before(async () => {
  env.dir = await mkdtemp(join(tmpdir(), 'ziping-print-'));
  // Build both binaries in one cargo call, so the runs below only start them.
  await run('cargo', ['build', '-q', '--bin', 'ziping', '--example', 'gen_form'], { cwd: ROOT });
  env.browser = await launchBrowser();
});

after(async () => {
  await env.browser?.close();
  if (env.dir) if (!process.env.KEEP) await rm(env.dir, { recursive: true, force: true });
});

/** `ziping render INPUT --form|--report OUT …`: the file the CLI wrote. */
async function render(input, kind, name, extra = []) {
  const out = join(env.dir, name);
  await cargo(['--bin', 'ziping', '--', 'render', input, `--${kind}`, out, '--date', '2022年3月7日', ...extra]);
  return out;
}

/**
 * Opens the document at `path` from file:// and prints it to PDF. `css` is extra CSS injected
 * first (only for the control run). Returns the read pages, the page (open until `close`) and
 * every request other than the document itself (all blocked) and every page error.
 */
async function print(path, { css } = {}) {
  const context = await env.browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const url = pathToFileURL(path).href;
  const requests = [];
  const problems = [];
  page.on('request', (req) => {
    if (req.url() !== url) requests.push(req.url());
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  // Anything leaving the machine is aborted (and recorded above); file:// and data: URLs
  // other than the document itself are recorded too, so the documents stand alone.
  await keepOnLoopback(context);
  await page.goto(url, { waitUntil: 'load' });
  if (css) await page.addStyleTag({ content: css });
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  const pages = await readPdf(pdf);
  return { pages, page, requests, problems, close: () => context.close() };
}

/** Asserts the document was self-contained and every page is A4 in the orientation. */
function assertClean({ pages, requests, problems }, { landscape = false } = {}) {
  assert.deepEqual(requests, [], 'the document requests nothing');
  assert.deepEqual(problems, [], 'no page errors');
  assert.ok(pages.length >= 1, 'at least one page');
  for (const [n, p] of pages.entries()) {
    assert.ok(landscape ? p.width > p.height : p.width < p.height, `page ${n + 1} is ${landscape ? 'landscape' : 'portrait'}: ${p.width}×${p.height}`);
    assert.ok(isA4(p, landscape), `page ${n + 1} is A4: ${p.width}×${p.height} pt`);
  }
}

const allText = (pages) => pages.map((p) => p.text).join('');
const hasItem = (pages, s) => pages.some((p) => p.items.some((i) => i.trim() === s));

test('the seed form prints on one A4 portrait page with 39.25%, 3.9, 93.9 and 优', async () => {
  const doc = await print(await render(SEED, 'form', 'seed.form.html'));
  try {
    assertClean(doc);
    assert.equal(doc.pages.length, 1, 'exactly one page');
    const text = allText(doc.pages);
    assert.ok(text.startsWith(TITLE), `the title comes first: ${text.slice(0, 40)}`);
    // Each figure is its own cell; 3.9 must be the budget score cell, not a part of 93.9.
    for (const cell of ['39.25%', '3.9', '93.9', '等级：优']) assert.ok(hasItem(doc.pages, cell), `a cell reads ${cell}`);
    assert.match(text, /执行率得分年度资金总额8\.898\.893\.491039\.25%3\.9/u, 'the funds row in order');
    assert.match(text, /总分10093\.9等级：优$/u, 'the 总分 row ends the form');
    assert.ok(text.includes(HEADER), 'the indicator table has its column heads');
  } finally {
    await doc.close();
  }
});

test('--landscape prints the seed form on A4 landscape pages', async () => {
  const doc = await print(await render(SEED, 'form', 'seed.landscape.html', ['--landscape']));
  try {
    assertClean(doc, { landscape: true });
    const text = allText(doc.pages);
    assert.ok(text.startsWith(TITLE));
    assert.ok(hasItem(doc.pages, '93.9') && hasItem(doc.pages, '等级：优'), '93.9 and 优');
  } finally {
    await doc.close();
  }
});

/** A 300-row generated form (the real generator) whose rows each wrap to several lines. */
async function longForm() {
  const { stdout } = await cargo(['--example', 'gen_form', '--', String(ROWS), '1']);
  const form = JSON.parse(stdout);
  assert.equal(form.indicators.length, ROWS);
  form.indicators.forEach((ind, i) => {
    const id = String(i + 1).padStart(3, '0');
    // The first own cell of the row starts with 〔A…〕 and the last one ends with 〔Z…〕; the
    // reason runs to several lines of the narrow last column (more on some rows than others,
    // so rows end at many different heights of a page).
    ind.name = `〔A${id}〕${ind.name}`;
    const filler = '受疫情影响部分工作延后已制定整改计划并将按季度跟踪落实情况'.repeat(2 + (i % 3));
    ind.reason = `${filler}〔Z${id}〕`;
  });
  const path = join(env.dir, 'long.json');
  await writeFile(path, JSON.stringify(form));
  return render(path, 'form', 'long.form.html');
}

/** Each row's number, and the pages on which its first and its last marker are printed. */
function rowPlaces(pages) {
  const places = [];
  for (let i = 1; i <= ROWS; i++) {
    const id = String(i).padStart(3, '0');
    const on = (m) => pages.flatMap((p, n) => (p.text.includes(m) ? [n + 1] : []));
    places.push({ row: i, first: on(`〔A${id}〕`), last: on(`〔Z${id}〕`) });
  }
  return places;
}
const split = (places) => places.filter((p) => p.first.length !== 1 || p.last.length !== 1 || p.first[0] !== p.last[0]);

test('a 300-row form paginates without splitting a row, with the column heads on every page', async () => {
  const path = await longForm();
  const html = await readFile(path, 'utf8');
  assert.equal((html.match(/<tr class="r/g) ?? []).length, ROWS, 'every row is in the document');

  const doc = await print(path);
  try {
    assertClean(doc);
    const { pages } = doc;
    assert.ok(pages.length >= 5, `several pages: ${pages.length}`);

    // The check is meaningful only if the rows are tall: every reason wraps to 3 lines or more.
    await doc.page.emulateMedia({ media: 'print' });
    const lines = await doc.page.$$eval('tr.r > td:last-child', (cells) =>
      cells.map((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      }));
    assert.equal(lines.length, ROWS);
    assert.ok(Math.min(...lines) >= 3, `each reason wraps to 3+ lines (least ${Math.min(...lines)})`);

    const places = rowPlaces(pages);
    const bad = split(places);
    assert.deepEqual(bad.slice(0, 5), [], `${bad.length} rows are not whole on one page`);
    // Rows come in order, and the table runs from the first page to the last.
    const firstPages = places.map((p) => p.first[0]);
    assert.deepEqual(firstPages, [...firstPages].sort((a, b) => a - b), 'rows in order');
    assert.equal(firstPages[0], 1);
    assert.equal(firstPages.at(-1), pages.length);

    // The column heads repeat above the rows of every page; 总分 ends the last page only.
    for (const [n, p] of pages.entries()) {
      const at = p.text.indexOf(HEADER);
      assert.ok(at >= 0, `page ${n + 1} has the column heads`);
      assert.equal(p.text.indexOf(HEADER, at + 1), -1, `page ${n + 1} has them once`);
      const row = p.text.search(/〔[AZ]\d{3}〕/u);
      assert.ok(row > at, `page ${n + 1}: the heads are above its rows`);
      assert.equal(p.text.includes('总分'), n === pages.length - 1, `page ${n + 1}: 总分 only at the end`);
    }
    assert.ok(pages[0].text.startsWith('生成的测试项目1项目支出绩效自评表'), 'the title on the first page');
  } finally {
    await doc.close();
  }

  // Control: with rows allowed to break, the same check does find split rows, so it can fail.
  const control = await print(path, { css: 'tr, td, th { break-inside: auto !important; page-break-inside: auto !important; }' });
  try {
    const bad = split(rowPlaces(control.pages));
    assert.ok(bad.length > 0, 'the split check finds split rows when rows may break');
  } finally {
    await control.close();
  }
});

test('the seed report prints on A4 portrait with 93.9, 优 and its chart', async () => {
  const path = await render(SEED, 'report', 'seed.report.html');
  const html = await readFile(path, 'utf8');
  assert.match(html, /<svg\b[^>]*>/u, 'the report has an <svg> chart');
  const doc = await print(path);
  try {
    assertClean(doc);
    const box = await doc.page.locator('svg').first().boundingBox();
    assert.ok(box && box.width > 100 && box.height > 50, `the chart is drawn: ${JSON.stringify(box)}`);
    const text = allText(doc.pages);
    assert.ok(text.startsWith('社保工作专项经费项目2021年度绩效自评报告'), `the title comes first: ${text.slice(0, 40)}`);
    assert.ok(text.includes('本项目总分93.9分，自评等级为“优”'), 'the conclusion: 93.9, 优');
    assert.ok(text.includes('2022年3月7日'), 'the date given');
  } finally {
    await doc.close();
  }
});
