// End-to-end tests of drafts that are never lost (issue 4), against the RELEASE bundle in
// dist/, in chromium: autosave and reopen, a soak of random edits with reloads and closed
// tabs, corrupt stored values, a full quota, two tabs on one draft, export and import.
//
//   node --test tests/e2e/drafts.test.mjs      # after `scripts/build-bundle`

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { keepOnLoopback } from './browser.mjs';
import { servedBundle } from './served.mjs';

const env = servedBundle();

/** A fresh browser profile (its own localStorage), loopback only. */
async function newContext() {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  await keepOnLoopback(context);
  return context;
}

async function openPage(context, query = '') {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`); });
  await page.goto(env.server.url + query, { waitUntil: 'load' });
  await page.waitForSelector('[data-testid="total"]', { timeout: 15_000 });
  return { page, problems };
}

const field = (page, label) => page.getByLabel(label, { exact: true });
const text = async (page, id) => (await page.textContent(`[data-testid="${id}"]`))?.trim();
const HEADER = ['项目名称', '年度', '主管部门', '实施单位'];

/** Waits until some stored draft contains `needle`. */
const storedHas = (page, needle) => page.waitForFunction((n) => Object.keys(localStorage)
  .some((k) => k.startsWith('ziping:draft:') && localStorage.getItem(k).includes(n)), needle, { timeout: 10_000 });

const draftKeys = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ziping:draft:')));

async function downloadText(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}

test('autosave: edit → reload → identical; every key is under ziping:; status is honest', async () => {
  const context = await newContext();
  try {
    const { page, problems } = await openPage(context);
    assert.equal(await page.getAttribute('[data-testid="save-status"]', 'data-state'), 'new');
    assert.deepEqual(await draftKeys(page), [], 'an untouched blank form is not stored');
    await page.getByRole('button', { name: '载入示例' }).click();
    await field(page, '实际完成值 失业动态监测企业数').fill('39.5家');
    await field(page, '项目名称').fill('社保工作专项经费（草稿）');
    assert.match(await text(page, 'save-status'), /保存中|已保存/);
    await page.waitForSelector('[data-testid="save-status"][data-state="saved"]');
    assert.match(await text(page, 'save-status'), /^已保存 \d\d:\d\d:\d\d$/);
    const total = await text(page, 'total');
    await page.reload();
    await page.waitForSelector('[data-testid="total"]');
    assert.equal(await field(page, '项目名称').inputValue(), '社保工作专项经费（草稿）');
    assert.equal(await field(page, '实际完成值 失业动态监测企业数').inputValue(), '39.5家');
    assert.equal(await text(page, 'total'), total);
    assert.equal(await page.getAttribute('[data-testid="save-status"]', 'data-state'), 'saved');
    const keys = await page.evaluate(() => Object.keys(localStorage));
    assert.ok(keys.length >= 2 && keys.every((k) => k.startsWith('ziping:')), keys.join());
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('soak: 200 random edits with reloads and closed tabs end with the last edit stored', async () => {
  const context = await newContext();
  let seed = 20211128;
  const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  try {
    let { page, problems } = await openPage(context);
    const expected = Object.fromEntries(HEADER.map((l) => [l, '']));
    const started = Date.now();
    for (let i = 1; i <= 200; i++) {
      const label = HEADER[rand(HEADER.length)];
      const value = `${label.slice(0, 2)}-${i}-${rand(1000)}`;
      await field(page, label).fill(value);
      expected[label] = value;
      if (i % 20 === 0) {
        const how = rand(3);
        if (how === 0) {
          await page.reload();
        } else {
          // Close the tab right after typing (pagehide saves at once), then reopen.
          assert.deepEqual(problems, []);
          await page.close({ runBeforeUnload: how === 1 });
          ({ page, problems } = await openPage(context));
        }
        await page.waitForSelector('[data-testid="total"]');
        for (const l of HEADER) assert.equal(await field(page, l).inputValue(), expected[l], `${l} after edit ${i}`);
      } else if (rand(5) === 0) {
        await page.waitForTimeout(rand(200));
      }
    }
    await page.close({ runBeforeUnload: true });
    ({ page, problems } = await openPage(context));
    for (const l of HEADER) assert.equal(await field(page, l).inputValue(), expected[l], `${l} at the end`);
    assert.equal((await draftKeys(page)).length, 1, 'one draft, no duplicates');
    assert.ok(Date.now() - started < 60_000, `soak took ${Date.now() - started} ms`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('corrupt stored values are quarantined, offered for download, and the rest loads', async () => {
  const context = await newContext();
  try {
    const { page, problems } = await openPage(context);
    await field(page, '项目名称').fill('好草稿');
    await storedHas(page, '好草稿');
    const good = (await draftKeys(page))[0];
    const envelope = await page.evaluate((k) => localStorage.getItem(k), good);
    const corruptions = {
      truncated: envelope.slice(0, 300),
      empty: '',
      html: '<html>oops</html>',
      array: '[1,2,3]',
      'unknown-schema': envelope.replace('ziping.draft/1', 'ziping.draft/99'),
      'bad-form': envelope.replace('"indicators":[', '"indicators":{"x":['),
      'wrong-id': envelope,
    };
    for (const [name, raw] of Object.entries(corruptions)) {
      await page.evaluate(([k, v]) => { localStorage.setItem(k, v); localStorage.setItem('ziping:last', 'bad'); },
        [`ziping:draft:${name}`, raw]);
      await page.reload();
      await page.waitForSelector('[data-testid="quarantine"]');
      const item = page.locator('[data-testid="quarantine-item"]', { hasText: `ziping:draft:${name}` });
      assert.equal(await item.count(), 1, name);
      const { text: got } = await downloadText(page, () => item.getByRole('button', { name: '下载原始数据' }).click());
      assert.equal(got, raw, `the raw ${name} value is downloaded exactly`);
      // The good draft still opens (the last-opened id pointed elsewhere).
      assert.equal(await field(page, '项目名称').inputValue(), '好草稿', name);
      await item.getByRole('button', { name: '忽略并删除此隔离数据' }).click();
      assert.equal(await item.count(), 0);
    }
    assert.equal(await page.locator('[data-testid="quarantine"]').count(), 0);
    assert.deepEqual(await draftKeys(page), [good]);
    // Corrupting the draft being edited: the next save quarantines it rather than overwrite.
    await page.evaluate((k) => localStorage.setItem(k, '{broken'), good);
    await field(page, '项目名称').fill('好草稿 2');
    await storedHas(page, '好草稿 2');
    assert.ok(await page.evaluate(() => Object.keys(localStorage).some((k) => k.startsWith('ziping:quarantine:')
      && localStorage.getItem(k) === '{broken')));
    assert.equal(await page.locator('[data-testid="quarantine-item"]').count(), 1);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a full quota: banner, work kept in the page, export still works, saving resumes', async () => {
  const context = await newContext();
  try {
    const { page, problems } = await openPage(context);
    await page.getByRole('button', { name: '载入示例' }).click();
    await field(page, '项目名称').fill('满了');
    await storedHas(page, '满了');
    // Another app on the same origin fills the storage to the brim.
    await page.evaluate(() => {
      let size = 1 << 20;
      let i = 0;
      while (size >= 4) {
        try { localStorage.setItem(`portal:fill:${i++}`, 'x'.repeat(size)); } catch { size >>= 1; }
      }
    });
    await field(page, '项目名称').fill('满了但没丢');
    await page.waitForSelector('[data-testid="storage-banner"]');
    assert.match(await text(page, 'storage-banner'), /存储空间已满/);
    assert.equal(await page.getAttribute('[data-testid="save-status"]', 'data-state'), 'unsaved');
    assert.match(await text(page, 'save-status'), /^未保存：浏览器存储空间已满/);
    assert.equal(await field(page, '项目名称').inputValue(), '满了但没丢');
    const { name, text: json } = await downloadText(page, () =>
      page.locator('[data-testid="storage-banner"]').getByRole('button', { name: '导出 JSON' }).click());
    assert.equal(name, '满了但没丢-2021-绩效自评表.json');
    assert.equal(JSON.parse(json).project, '满了但没丢');
    // Space comes back: the retry saves without any further edit (no latching).
    await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('portal:')).forEach((k) => localStorage.removeItem(k)));
    await storedHas(page, '满了但没丢');
    await page.waitForSelector('[data-testid="save-status"][data-state="saved"]');
    assert.equal(await page.locator('[data-testid="storage-banner"]').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('two tabs on one draft: no silent loss either way', async () => {
  const context = await newContext();
  try {
    const a = await openPage(context);
    await field(a.page, '项目名称').fill('A1');
    await storedHas(a.page, 'A1');
    const b = await openPage(context);
    assert.equal(await field(b.page, '项目名称').inputValue(), 'A1', 'B reopens the same draft');
    // B has no unsaved edits: A's newer save is loaded there, and B says so.
    await field(a.page, '项目名称').fill('A2');
    await b.page.waitForSelector('[data-testid="persist-message"]');
    assert.equal(await field(b.page, '项目名称').inputValue(), 'A2');
    // Both edit: the later one is not saved over the other, the user chooses.
    await field(b.page, '主管部门').fill('B 的修改');
    await field(a.page, '实施单位').fill('A 的修改');
    const loser = await Promise.race([
      a.page.waitForSelector('[data-testid="conflict-banner"]').then(() => a),
      b.page.waitForSelector('[data-testid="conflict-banner"]').then(() => b),
    ]);
    const [mine, theirs] = loser === a ? ['A 的修改', 'B 的修改'] : ['B 的修改', 'A 的修改'];
    assert.equal(await loser.page.getAttribute('[data-testid="save-status"]', 'data-state'), 'unsaved');
    await storedHas(loser.page, theirs);
    await loser.page.getByTestId('keep-both').click();
    await storedHas(loser.page, mine);
    const stored = await loser.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ziping:draft:'))
      .map((k) => localStorage.getItem(k)));
    assert.equal(stored.length, 2);
    assert.ok(stored.some((s) => s.includes(mine)) && stored.some((s) => s.includes(theirs)), 'both versions kept');
    // Keep mine: this tab's version is stored over the other one.
    await field(loser.page, '项目名称').fill('X');
    const other = loser === a ? b : a;
    await storedHas(other.page, '"project":"X"');
    await field(other.page, '项目名称').fill('Y-other');
    await field(loser.page, '项目名称').fill('Y-mine');
    const again = await Promise.race([
      loser.page.waitForSelector('[data-testid="conflict-banner"]').then(() => loser),
      other.page.waitForSelector('[data-testid="conflict-banner"]').then(() => other),
    ]);
    const kept = await field(again.page, '项目名称').inputValue();
    await again.page.getByTestId('keep-mine').click();
    await storedHas(again.page, `"project":"${kept}"`);
    assert.deepEqual([...a.problems, ...b.problems], []);
  } finally {
    await context.close();
  }
});

test('drafts list: new, open, duplicate, rename, delete with undo', async () => {
  const context = await newContext();
  try {
    const { page, problems } = await openPage(context);
    await page.getByRole('button', { name: '载入示例' }).click();
    await field(page, '项目名称').fill('第一份');
    await storedHas(page, '第一份');
    await page.getByTestId('open-drafts').click();
    await page.getByTestId('new-draft').click();
    await field(page, '项目名称').fill('第二份');
    await storedHas(page, '第二份');
    await page.getByTestId('open-drafts').click();
    const rows = page.getByTestId('draft-row');
    assert.equal(await rows.count(), 2);
    assert.match(await rows.filter({ hasText: '第一份' }).innerText(), /93\.9 \/ 优/);
    await page.getByRole('button', { name: '复制草稿 第一份' }).click();
    assert.equal(await rows.count(), 3);
    await page.getByRole('button', { name: '重命名草稿 第一份（副本）' }).click();
    await page.getByTestId('rename-input').fill('副本改名');
    await page.getByTestId('rename-input').press('Enter');
    assert.equal(await rows.filter({ hasText: '副本改名' }).count(), 1);
    await page.getByRole('button', { name: '删除草稿 副本改名' }).click();
    assert.equal(await rows.count(), 2);
    await page.getByRole('button', { name: '撤销删除' }).click();
    assert.equal(await rows.count(), 3);
    await page.getByRole('button', { name: '打开草稿 第一份' }).click();
    assert.equal(await field(page, '项目名称').inputValue(), '第一份');
    await page.reload();
    await page.waitForSelector('[data-testid="total"]');
    assert.equal(await field(page, '项目名称').inputValue(), '第一份', 'the last draft opened is reopened');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('export then import (file, paste, drop) is identical; a bad file changes nothing', async () => {
  const context = await newContext();
  try {
    const { page, problems } = await openPage(context);
    await page.getByRole('button', { name: '载入示例' }).click();
    await field(page, '全年执行数 上年结转资金').fill('3.490000');
    await field(page, '实际完成值 失业动态监测企业数').fill('39.999999家');
    const exported = await downloadText(page, () => page.getByTestId('export-json').click());
    assert.match(exported.name, /-2021-绩效自评表\.json$/);
    const before = await page.evaluate(() => JSON.stringify(localStorage));

    // A broken paste: a clear message with the path, nothing stored changes.
    await page.getByTestId('open-import').click();
    await page.getByTestId('import-paste').fill(JSON.stringify({ ...JSON.parse(exported.text), indicators: 5 }));
    assert.match(await text(page, 'import-error'), /无法导入：.*indicators/);
    assert.ok(await page.getByTestId('import-confirm').isDisabled());
    await page.getByTestId('import-paste').fill('{"schema": "ziping.self-eval/1", ');
    assert.match(await text(page, 'import-error'), /不是有效的 JSON/);
    assert.equal(await page.evaluate(() => JSON.stringify(localStorage)), before);

    // The exported file through the picker: previewed, then opened as a new draft.
    await page.getByTestId('import-paste').fill('');
    await page.getByTestId('import-file').setInputFiles({ name: exported.name, mimeType: 'application/json', buffer: Buffer.from(exported.text) });
    await page.waitForSelector('[data-testid="import-preview"]');
    assert.equal(await text(page, 'import-project'), '社保工作专项经费');
    assert.equal(await text(page, 'import-year'), '2021');
    assert.equal(await text(page, 'import-total'), await text(page, 'total'));
    await page.getByTestId('import-confirm').click();
    assert.equal((await draftKeys(page)).length, 2, 'a new draft; the old one is untouched');
    const again = await downloadText(page, () => page.getByTestId('export-json').click());
    assert.equal(again.text, exported.text, 'round trip is identical, decimals exact');

    // Paste and drop work too.
    await page.getByTestId('open-import').click();
    await page.getByTestId('import-paste').fill(exported.text);
    assert.equal(await text(page, 'import-project'), '社保工作专项经费');
    await page.getByRole('button', { name: '取消' }).click();
    await page.evaluate((t) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], 'dropped.json', { type: 'application/json' }));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, exported.text);
    await page.waitForSelector('[data-testid="import-preview"]');
    await page.getByTestId('import-confirm').click();
    assert.equal((await draftKeys(page)).length, 3);
    assert.equal(await field(page, '全年执行数 上年结转资金').inputValue(), '3.490000');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('embedded in a sandboxed iframe without storage: the app works in memory and says so', async () => {
  const context = await newContext();
  try {
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    // A portal page that embeds ziping in an iframe sandboxed without allow-same-origin:
    // localStorage throws a SecurityError there.
    await page.goto(env.server.url, { waitUntil: 'load' });
    await page.setContent(`<!doctype html><title>门户</title>
      <iframe sandbox="allow-scripts allow-downloads" src="${env.server.url}" style="width:1280px;height:860px"></iframe>`);
    const app = page.frameLocator('iframe');
    await app.locator('[data-testid="total"]').waitFor({ timeout: 15_000 });
    await app.getByRole('button', { name: '载入示例' }).click();
    await app.getByLabel('实际完成值 失业动态监测企业数', { exact: true }).fill('30家');
    await app.locator('[data-testid="total"]').filter({ hasText: '91.4' }).waitFor();
    const banner = app.locator('[data-testid="storage-banner"]');
    await banner.waitFor({ timeout: 10_000 });
    assert.match(await banner.innerText(), /导出 JSON/);
    assert.match(await app.locator('[data-testid="save-status"]').innerText(), /未保存/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
