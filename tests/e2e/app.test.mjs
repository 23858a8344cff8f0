// End-to-end: the RELEASE bundle in dist/ (scripts/build-bundle, wasm-opt 132), served from
// 127.0.0.1 and run in Debian's chromium through playwright-core (no downloaded browsers).
// A person finds every field by its label (page.getByLabel), as a screen reader would.
//
//   node --test tests/e2e/        # after `scripts/build-bundle`; scripts/test does both

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { keepOnLoopback } from './browser.mjs';
import { servedBundle } from './served.mjs';

const env = servedBundle();

/** Opens the app in a fresh page and records errors and every request made. */
async function openApp({ viewport = { width: 1280, height: 800 }, query = '' } = {}) {
  const context = await env.browser.newContext({ viewport, locale: 'zh-CN' });
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
  await keepOnLoopback(context, (url) => foreign.push(url));
  await page.goto(env.server.url + query, { waitUntil: 'load' });
  await page.waitForSelector('[data-testid="total"]', { timeout: 15_000 });
  return { context, page, problems, foreign, responses };
}

const text = async (page, id) => (await page.textContent(`[data-testid="${id}"]`))?.trim();
const field = (page, label) => page.getByLabel(label, { exact: true });

// The seed form (../shared/seed/, 附件1) as a person reads it off the paper.
const ROWS = [
  ['数量指标', '失业动态监测企业数', '40家', '40家', '10'],
  ['数量指标', '退休人员数量', '10148人', '10148人', '8'],
  ['质量指标', '资金使用合理率', '≥95%', '100%', '8'],
  ['质量指标', '发放差错率', '≤1%', '0%', '8'],
  ['时效指标', '问题整改率', '≥95%', '100%', '8'],
  ['时效指标', '业务处理及时性', '≥95%', '100%', '8'],
  ['经济效益指标', '完善就业失业监测统计', '完善', '完善', '10'],
  ['社会效益指标', '维护社会稳定', '得到提升', '得到提升', '10'],
  ['可持续影响指标', '工作连续的持久度', '得到提升', '得到提升', '10'],
  ['服务对象满意度指标', '企业退休人员满意率', '≥95%', '100%', '10'],
];

test('a person types the seed form from scratch and sees 39.25%, 3.9, 93.9, 优', async () => {
  const { context, page, problems, foreign, responses } = await openApp();
  try {
    assert.equal(await page.title(), '项目支出绩效自评表 · ziping');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.match(await text(page, 'status'), /待填/);

    await field(page, '年度').fill('2021');
    await field(page, '项目名称').fill('社保工作专项经费');
    await field(page, '主管部门').fill('承德县人力资源和社会保障局');
    await field(page, '实施单位').fill('承德县社会保险事业管理局');

    await field(page, '年初预算数 当年财政拨款').fill('5.4');
    await field(page, '全年预算数 当年财政拨款').fill('5.4');
    await field(page, '全年执行数 当年财政拨款').fill('0');
    await field(page, '年初预算数 上年结转资金').fill('3.49');
    await field(page, '全年预算数 上年结转资金').fill('3.49');
    await field(page, '全年执行数 上年结转资金').fill('3.49');
    // The totals are derived from the sources, visibly.
    assert.equal(await text(page, 'derived-initial'), '＝ 其中合计 8.89');
    await field(page, '年初预算数 年度资金总额').fill('8.89');
    await field(page, '全年预算数 年度资金总额').fill('8.89');
    await field(page, '全年执行数 年度资金总额').fill('3.49');
    assert.equal(await text(page, 'execution-rate'), '39.25%');
    assert.equal(await text(page, 'budget-score'), '3.9');
    // Below 90% the budget reason is asked for.
    await field(page, '预算执行偏差原因').fill('失业动态监测经费等大部分为年终一次性支付，因财政资金问题当年无法支付。');

    await field(page, '预期目标').fill('按照上级要求及时发放失业动态监测联络员的工作补贴，按时完成退休人员的社会化管理工作。');
    await field(page, '实际完成情况').fill('按时完成退休人员的社会化管理工作，失业动态监测联络员的工作正在进行中。');

    const seen = new Map();
    for (const [level2, name, target, actual, weight] of ROWS) {
      const k = (seen.get(level2) ?? 0) + 1;
      seen.set(level2, k);
      if (k > 1) await page.getByRole('button', { name: `添加三级指标 ${level2}`, exact: true }).click();
      await field(page, `三级指标 ${level2} 第${k}行`).fill(name);
      await field(page, `年度指标值 ${name}`).fill(target);
      await field(page, `实际完成值 ${name}`).fill(actual);
      await field(page, `分值 ${name}`).fill(weight);
    }

    assert.equal(await text(page, 'execution-rate'), '39.25%');
    assert.equal(await text(page, 'budget-score'), '3.9');
    assert.equal(await text(page, 'subtotal-产出指标'), '50');
    assert.equal(await text(page, 'subtotal-效益指标'), '30');
    assert.equal(await text(page, 'subtotal-满意度指标'), '10');
    assert.equal(await text(page, 'total'), '93.9');
    assert.equal(await text(page, 'grade'), '优');
    assert.equal(await text(page, 'status'), '已填写完整');
    assert.equal(await text(page, 'count-errors'), '0');
    // Each row shows its own score (full marks here) and explanation, whatever rows are
    // left empty around it.
    for (const [, name, target, , weight] of ROWS) {
      const row = page.locator('tr').filter({ has: page.getByLabel(`实际完成值 ${name}`, { exact: true }) });
      assert.equal((await row.locator('[data-testid^="score-"]').innerText()).trim(), weight, `得分 of ${name}`);
    }
    const emptyScores = await page.locator('[data-testid^="score-"]').evaluateAll((cells) =>
      cells.map((c) => c.textContent.trim()).filter((t) => t !== ''));
    assert.equal(emptyScores.length, ROWS.length, `only the ${ROWS.length} filled rows show a score: ${emptyScores}`);
    // What was typed stays as typed.
    assert.equal(await field(page, '年度指标值 资金使用合理率').inputValue(), '≥95%');

    // The bundle really is the optimised release build: one .wasm served as application/wasm.
    const wasm = [...responses.entries()].filter(([path]) => path.endsWith('.wasm'));
    assert.equal(wasm.length, 1, `exactly one wasm file is loaded: ${[...responses.keys()]}`);
    assert.equal(wasm[0][1].headers()['content-type'], 'application/wasm');

    await mkdir('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/seed.png', fullPage: true });

    assert.deepEqual(foreign, [], 'no request leaves the loopback interface');
    assert.deepEqual(problems, [], 'no console errors, page errors or failed requests');
  } finally {
    await context.close();
  }
});

test('a lower actual lowers the score and asks for a reason; undo restores it; settings re-score', async () => {
  const { context, page, problems } = await openApp();
  try {
    await page.getByRole('button', { name: '载入示例' }).click();
    assert.equal(await text(page, 'total'), '93.9');
    const actual = field(page, '实际完成值 失业动态监测企业数');
    await actual.fill('30家');
    assert.equal(await text(page, 'score-0'), '7.5');
    assert.equal(await text(page, 'total'), '91.4');
    const reason = field(page, '偏差原因分析及改进措施 失业动态监测企业数');
    assert.match(await reason.getAttribute('class'), /has-warning/);
    assert.ok(await page.locator('.warnings button.issue', { hasText: '失业动态监测企业数' }).count() > 0);

    // A letter in an amount: a message next to the field, the rest keeps scoring.
    await field(page, '全年执行数 上年结转资金').fill('3.4x');
    assert.match(await page.textContent('#f-funds-sources-1-executed-msg'), /不是有效数字/);
    assert.equal(await text(page, 'subtotal-产出指标'), '47.5');
    await page.keyboard.press('Control+Z');
    assert.equal(await field(page, '全年执行数 上年结转资金').inputValue(), '3.49');

    // Undo (Ctrl+Z) restores the previous value; the button does too.
    await actual.focus();
    await page.keyboard.press('Control+Z');
    assert.equal(await actual.inputValue(), '40家');
    assert.equal(await text(page, 'total'), '93.9');
    await page.keyboard.press('Control+Shift+Z');
    assert.equal(await actual.inputValue(), '30家');
    await page.getByRole('button', { name: '撤销' }).first().click();
    assert.equal(await actual.inputValue(), '40家');

    // Settings: rounding half-up gives 39.26%.
    await page.locator('#settings > summary').click();
    await field(page, '执行率取舍方式').selectOption('half_up');
    assert.equal(await text(page, 'execution-rate'), '39.26%');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('window.ziping: score(form) and currentResult() follow what is typed, as plain objects', async () => {
  const { context, page, problems } = await openApp();
  try {
    await page.getByRole('button', { name: '载入示例' }).click();
    const current = () => page.evaluate(() => window.ziping.currentResult());
    assert.equal((await current()).total, '93.9');
    await field(page, '实际完成值 失业动态监测企业数').fill('30家');
    assert.equal(await text(page, 'total'), '91.4');
    const r = await current();
    assert.equal(r.total, '91.4');
    assert.equal(r.indicators[0].score, '7.5');
    assert.equal((await page.evaluate(() => window.ziping.currentForm())).indicators[0].actual, '30家');
    await field(page, '实际完成值 失业动态监测企业数').fill('40家');
    assert.equal((await current()).total, '93.9');
    // score() of a form object; a bad one throws an Error naming the field.
    const scored = await page.evaluate(() => window.ziping.score(window.ziping.currentForm()));
    assert.deepEqual(scored, await current());
    const thrown = await page.evaluate(() => {
      try { window.ziping.score({ indicators: [5] }); return null; } catch (e) { return `${e instanceof Error} ${e.message}`; }
    });
    assert.match(thrown, /^true indicators\[0\]/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a 300-row form (?demo=300) stays usable', async () => {
  const { context, page, problems } = await openApp({ query: '?demo=300' });
  try {
    assert.equal(await page.locator('tr.ind').count(), 300);
    const before = await text(page, 'total');
    const actual = field(page, '实际完成值 指标150');
    const started = Date.now();
    await actual.fill('0家');
    await page.waitForFunction((b) => document.querySelector('[data-testid="total"]').textContent.trim() !== b, before);
    const took = Date.now() - started;
    assert.ok(took < 1000, `re-scored in ${took} ms`);
    assert.ok(await page.locator('.errors .issue, .warnings .issue').count() > 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the page fits a tablet and a phone without horizontal page scrolling', async () => {
  for (const viewport of [{ width: 768, height: 1024 }, { width: 360, height: 740 }]) {
    const { context, page, problems, foreign } = await openApp({ viewport });
    try {
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `no horizontal overflow at ${viewport.width}px (got ${overflow}px)`);
      assert.deepEqual(foreign, []);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});

test('Tab follows the paper table and the focused field is visibly outlined', async () => {
  const { context, page, problems } = await openApp();
  try {
    await page.getByRole('button', { name: '载入示例' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="total"]')?.textContent.trim() === '93.9');
    const focusedLabel = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    await field(page, '年度指标值 失业动态监测企业数').focus();
    const order = [];
    for (let k = 0; k < 3; k++) {
      await page.keyboard.press('Tab');
      order.push(await focusedLabel());
    }
    assert.deepEqual(order, ['实际完成值 失业动态监测企业数', '分值 失业动态监测企业数', '偏差原因分析及改进措施 失业动态监测企业数']);
    // Across the funds block: 年初预算数 → 全年预算数 → 全年执行数 on one row.
    await field(page, '年初预算数 上年结转资金').focus();
    await page.keyboard.press('Tab');
    assert.equal(await focusedLabel(), '全年预算数 上年结转资金');
    await page.keyboard.press('Tab');
    assert.equal(await focusedLabel(), '全年执行数 上年结转资金');
    // Keyboard focus is visible: an outline or a box shadow on the focused input.
    const ring = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
    });
    assert.ok(ring, 'the focused field shows a focus ring');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
