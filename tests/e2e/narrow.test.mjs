// Narrow widths (issue 13), against the RELEASE bundle in dist/, in chromium: at 390 px each
// indicator row is a card of labelled fields. The seed form is typed in by label; then the
// element boxes are measured: no horizontal page scroll, no two texts or controls of a card on
// top of each other, every input inside the viewport and big enough to read and touch, and each
// input under a visible label that is its column's name. At 1280 px the table is unchanged.
//
//   node --test tests/e2e/narrow.test.mjs      # after `scripts/build-bundle`

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { keepOnLoopback } from './browser.mjs';
import { servedBundle } from './served.mjs';

const env = servedBundle();

const fixture = (name) => readFile(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8').then(JSON.parse);
const SEED = await fixture('chengde-2021.json');
const EXPECTED = await fixture('chengde-2021.expected.json');

// The official columns: the funds table's amounts, the indicator table's names.
const COLUMNS = { initial: '年初预算数', annual: '全年预算数', executed: '全年执行数' };
const CARD_LABELS = ['三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'];

// Smallest input: wide enough for a name or an amount, tall enough for a finger.
const MIN_WIDTH = 120;
const MIN_HEIGHT = 40;

async function openApp(width) {
  const context = await env.browser.newContext({ viewport: { width, height: 844 }, locale: 'zh-CN' });
  await keepOnLoopback(context);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`); });
  await page.goto(env.server.url, { waitUntil: 'load' });
  await page.waitForSelector('[data-testid="total"]', { timeout: 15_000 });
  return { context, page, problems };
}

const field = (page, label) => page.getByLabel(label, { exact: true });
const text = async (page, id) => (await page.textContent(`[data-testid="${id}"]`))?.trim();

/** Types the seed form into a blank form, every field found by its label. */
async function typeSeed(page) {
  const f = SEED;
  await field(page, '年度').fill(String(f.year));
  await field(page, '项目名称').fill(f.project);
  await field(page, '主管部门').fill(f.department);
  await field(page, '实施单位').fill(f.implementer);
  for (const source of f.funds.sources) {
    for (const [key, column] of Object.entries(COLUMNS)) {
      if (source[key] != null) await field(page, `${column} ${source.label}`).fill(source[key]);
    }
  }
  for (const [key, column] of Object.entries(COLUMNS)) await field(page, `${column} 年度资金总额`).fill(f.funds.total[key]);
  await field(page, '分值 年度资金总额').fill(f.funds.weight);
  await field(page, '预算执行偏差原因').fill(f.funds.reason);
  await field(page, '预期目标').fill(f.goals.expected);
  await field(page, '实际完成情况').fill(f.goals.achieved);
  const seen = new Map();
  for (const x of f.indicators) {
    const k = (seen.get(x.level2) ?? 0) + 1;
    seen.set(x.level2, k);
    if (k > 1) await page.getByRole('button', { name: `添加三级指标 ${x.level2}`, exact: true }).click();
    await field(page, `三级指标 ${x.level2} 第${k}行`).fill(x.name);
    await field(page, `年度指标值 ${x.name}`).fill(x.target);
    await field(page, `实际完成值 ${x.name}`).fill(x.actual);
    await field(page, `分值 ${x.name}`).fill(x.weight);
  }
}

/**
 * Measures, in the page, the groups of elements that must not overlap: each indicator card (its
 * row and detail row), each funds row, each 一级 / 二级 heading, each other section of the form,
 * the summary bar. Each group is scrolled into view first (fields out of view are not laid out:
 * content-visibility). Returns the overlapping pairs and the inputs too small or outside the
 * viewport, as readable strings, and the visible labels of the card inputs.
 */
function measure(page) {
  return page.evaluate(async ({ minWidth, minHeight }) => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const CONTROLS = 'input, textarea, select, button';
    const visible = (r) => r.width > 1 && r.height > 1;
    const name = (el) => el.getAttribute('aria-label') ?? el.textContent.trim().slice(0, 20);
    /** The boxes a person reads in `els`: controls, lines of text, the cells' labels. */
    function boxes(els) {
      const out = [];
      for (const root of els) {
        for (const el of [root, ...root.querySelectorAll('*')]) {
          if (el.matches(CONTROLS)) {
            const r = el.getBoundingClientRect();
            if (visible(r)) out.push({ what: name(el), r, el });
          }
          if (el.matches('td[data-label]')) {
            // The label (::before, a block at the top of the cell's content box).
            const s = getComputedStyle(el, '::before');
            const cell = el.getBoundingClientRect();
            const cs = getComputedStyle(el);
            const x = cell.left + parseFloat(cs.borderLeftWidth) + parseFloat(cs.paddingLeft);
            const y = cell.top + parseFloat(cs.borderTopWidth) + parseFloat(cs.paddingTop);
            const [w, h] = [parseFloat(s.width), parseFloat(s.height)];
            if (s.content !== 'none' && w > 0 && h > 0) {
              out.push({ what: `label ${el.dataset.label}`, r: new DOMRect(x, y, w, h), el });
            }
          }
        }
        const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let t = walk.nextNode(); t; t = walk.nextNode()) {
          if (!t.data.trim() || t.parentElement.closest(`${CONTROLS}, option`)) continue;
          const range = document.createRange();
          range.selectNodeContents(t);
          for (const r of range.getClientRects()) {
            if (visible(r)) out.push({ what: `text "${t.data.trim().slice(0, 20)}"`, r, el: t.parentElement, node: t });
          }
        }
      }
      return out;
    }
    const SLACK = 1; // px: neighbouring boxes may touch
    const cross = (a, b) =>
      Math.min(a.right, b.right) - Math.max(a.left, b.left) > SLACK && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > SLACK;
    function overlaps(els) {
      const bs = boxes(els);
      const found = [];
      for (let i = 0; i < bs.length; i++) {
        for (let j = i + 1; j < bs.length; j++) {
          const [a, b] = [bs[i], bs[j]];
          // Lines of one text, and a cell's label and the cell's own text, are one flow.
          if (a.node && a.node === b.node) continue;
          if (cross(a.r, b.r)) found.push(`${a.what} × ${b.what}`);
        }
      }
      return found;
    }

    const groups = [
      [document.querySelector('.summary-inner')],
      ...[...document.querySelectorAll('main > section.card, #settings, .issues')].map((s) => [...s.children].filter((c) => !c.matches('.table-wrap'))),
      ...[...document.querySelectorAll('.funds tr, .indicators tr.l1, .indicators tr.l2, .indicators tr.add-row')].map((tr) => [tr]),
      ...[...document.querySelectorAll('tr.ind')].map((tr) => [tr, tr.nextElementSibling]),
    ];
    const overlapping = [];
    let measured = 0;
    for (const g of groups) {
      g[0].scrollIntoView({ block: 'center' });
      await frame();
      measured += boxes(g).length;
      overlapping.push(...overlaps(g));
    }

    // Every input of the form: inside the viewport, wide and tall enough.
    const small = [];
    for (const el of document.querySelectorAll('input, textarea, select')) {
      if (!el.checkVisibility() || ['checkbox', 'file'].includes(el.type)) continue;
      el.scrollIntoView({ block: 'center' });
      await frame();
      const r = el.getBoundingClientRect();
      const bad = [];
      if (r.left < 0 || r.right > innerWidth) bad.push(`outside the viewport (${r.left}–${r.right} of ${innerWidth})`);
      if (r.width < minWidth) bad.push(`${r.width} px wide`);
      if (r.height < minHeight) bad.push(`${r.height} px tall`);
      if (bad.length) small.push(`${name(el)}: ${bad.join(', ')}`);
    }

    // What each card input shows above it, next to its accessible name.
    const labels = [...document.querySelectorAll('tr.ind td[data-label], .funds td[data-label]')].map((td) => {
      const shown = getComputedStyle(td, '::before');
      return {
        label: td.dataset.label,
        shown: shown.display !== 'none' && shown.content === JSON.stringify(td.dataset.label),
        input: td.querySelector('input, textarea')?.getAttribute('aria-label') ?? null,
      };
    });
    const headings = [...document.querySelectorAll('.indicators tr.l1 th, .indicators tr.l2 th')].map(
      (th) => getComputedStyle(th, '::before').content,
    );
    return {
      scroll: document.documentElement.scrollWidth - innerWidth,
      overlapping,
      small,
      labels,
      headings: [...new Set(headings)],
      cards: document.querySelectorAll('tr.ind').length,
      measured,
    };
  }, { minWidth: MIN_WIDTH, minHeight: MIN_HEIGHT });
}

test('at 390 px the seed form is typed in by label, on cards that fit and do not overlap', async () => {
  const { context, page, problems } = await openApp(390);
  try {
    await typeSeed(page);
    assert.equal(EXPECTED.total, '93.9');
    assert.equal(await text(page, 'total'), EXPECTED.total);
    assert.equal(await text(page, 'grade'), EXPECTED.grade);
    assert.equal(await text(page, 'execution-rate'), `${EXPECTED.execution_rate}%`);
    // The settings are part of the page too.
    await page.locator('#settings > summary').click();

    const m = await measure(page);
    assert.ok(m.scroll <= 0, `no horizontal page scroll (scrollWidth is ${m.scroll} px wider than the viewport)`);
    assert.ok(m.measured > 300, `${m.measured} boxes measured`);
    assert.deepEqual(m.overlapping, [], 'no two texts or controls of a card overlap');
    assert.deepEqual(m.small, [], `every input inside the viewport, at least ${MIN_WIDTH} × ${MIN_HEIGHT} px`);

    // Each card field is under a visible label, the column's name, which its accessible name starts with.
    assert.ok(m.cards >= SEED.indicators.length, `${m.cards} indicator cards`);
    for (const { label, shown, input } of m.labels) {
      assert.ok(shown, `the label ${label} is shown`);
      if (input !== null) assert.ok(input.startsWith(`${label} `), `${input} sits under ${label}`);
    }
    const names = new Set(m.labels.map((l) => l.label));
    for (const l of [...CARD_LABELS, ...Object.values(COLUMNS), '执行率']) assert.ok(names.has(l), `a card field labelled ${l}`);
    assert.deepEqual(m.headings, ['"一级指标"', '"二级指标"']);

    await mkdir('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/narrow-390.png', fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('control: the measurements do report an overlap, a scroll and a small input', async () => {
  const { context, page, problems } = await openApp(390);
  try {
    await page.getByRole('button', { name: '载入示例' }).click();
    assert.equal(await text(page, 'total'), '93.9');
    const clean = await measure(page);
    assert.deepEqual([clean.scroll <= 0, clean.overlapping, clean.small], [true, [], []]);

    // 实际完成值 pulled over 年度指标值 in the first card; a page too wide; a narrow input.
    const style = await page.addStyleTag({
      content: 'tr.ind[data-row="0"] > td:nth-child(3) { margin-left: -120px; } #f-year { width: 60px; } .masthead { width: 520px; }',
    });
    const bad = await measure(page);
    assert.ok(bad.scroll > 0, 'the wide masthead scrolls the page');
    assert.ok(bad.overlapping.some((o) => /年度指标值 失业动态监测企业数/.test(o) && /实际完成值/.test(o)),
      `the overlap is reported: ${bad.overlapping}`);
    assert.ok(bad.small.some((s) => s.startsWith('年度: ') && /60 px wide/.test(s)), `the small input is reported: ${bad.small}`);
    await style.evaluate((el) => el.remove());
    assert.deepEqual((await measure(page)).overlapping, []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('at 1280 px the indicators and funds are still tables, with their column headers', async () => {
  const { context, page, problems } = await openApp(1280);
  try {
    await page.getByRole('button', { name: '载入示例' }).click();
    assert.equal(await text(page, 'total'), '93.9');
    const t = await page.evaluate(() => {
      const tops = (els) => [...new Set([...els].map((e) => Math.round(e.getBoundingClientRect().top)))];
      const table = (sel) => {
        const el = document.querySelector(sel);
        const heads = el.querySelectorAll('thead th');
        const row = el.querySelector('tbody tr.ind, tbody tr.total');
        return {
          display: getComputedStyle(el).display,
          heads: [...heads].map((th) => th.textContent.trim()),
          headTops: tops(heads).length,
          headsShown: [...heads].every((th) => th.getBoundingClientRect().height > 10),
          rowDisplay: getComputedStyle(row).display,
          cellTops: tops(row.children).length,
          labelsShown: [...el.querySelectorAll('[data-label]')].filter((c) => getComputedStyle(c, '::before').content !== 'none').length,
        };
      };
      return { indicators: table('.indicators'), funds: table('.funds') };
    });
    const row = { display: 'table', headTops: 1, headsShown: true, rowDisplay: 'table-row', cellTops: 1, labelsShown: 0 };
    const { heads: ih, ...indicators } = t.indicators;
    const { heads: fh, ...funds } = t.funds;
    assert.deepEqual(indicators, row);
    assert.deepEqual(funds, row);
    assert.deepEqual(ih, [...CARD_LABELS, '操作']);
    assert.deepEqual(fh, ['项目资金', ...Object.values(COLUMNS), '分值', '执行率', '得分']);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
