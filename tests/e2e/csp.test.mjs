// The app under a portal's strict Content-Security-Policy (issue 13), against the RELEASE
// bundle: `script-src 'self' 'wasm-unsafe-eval'` plus the hash of index.html's inline loader
// (scripts/precache.mjs prints it at build time), `style-src 'self'`, `connect-src 'self'`.
// No violation may be reported (securitypolicyviolation events, console), the seed scores
// 93.9, and printing and the report work with their styles.
//
//   node --test tests/e2e/csp.test.mjs      # after `scripts/build-bundle`

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inlineScriptHashes } from '../../scripts/inline-script-hashes.mjs';
import { launchBrowser, recordPrints } from './browser.mjs';
import { startServer } from './server.mjs';

const DIST = resolve(fileURLToPath(new URL('../../dist', import.meta.url)));

/** The policy README documents, with the hashes of index.html's inline scripts. */
export async function strictPolicy() {
  const hashes = inlineScriptHashes(await readFile(resolve(DIST, 'index.html'), 'utf8'));
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`,
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
  ].join('; ');
}

test('under the strict CSP: no violation, the seed scores 93.9, print and report keep their styles', async () => {
  const policy = await strictPolicy();
  assert.match(policy, /'sha256-[A-Za-z0-9+/=]+'/, 'the loader hash is in the policy');
  const server = await startServer({ headers: { 'Content-Security-Policy': policy } });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await context.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    await recordPrints(context);
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(server.url, { waitUntil: 'load' });
    await page.waitForSelector('[data-testid="total"]', { timeout: 15_000 });
    // The header really is in force (not a page without the policy that passes by default).
    const response = await page.request.get(server.url);
    assert.equal(response.headers()['content-security-policy'], policy);

    await page.getByRole('button', { name: '载入示例' }).click();
    assert.equal((await page.textContent('[data-testid="total"]')).trim(), '93.9');

    // 打印: the frame inherits the policy; its table still has the paper form's borders.
    await page.getByRole('button', { name: '打印', exact: true }).click();
    await page.waitForFunction(() => window.__printed?.length === 1, null, { timeout: 15_000 });
    const frame = page.frames().find((f) => f.url() === 'about:srcdoc');
    assert.match(await frame.textContent('body'), /93\.9/);
    const border = await frame.$eval('td', (td) => getComputedStyle(td).borderTopStyle);
    assert.equal(border, 'solid', 'the printed form keeps its styles');
    assert.equal(await frame.evaluate(() => document.styleSheets.length), 0, 'the policy refused the inline <style>');
    assert.equal(await frame.evaluate(() => document.adoptedStyleSheets.length), 1, 'its rules came as a constructed sheet');

    // The report dialog, with its own stylesheet.
    await page.getByRole('button', { name: '自评报告' }).click();
    await page.waitForSelector('dialog.report-dialog[open]');
    const sticky = await page.$eval('.report-dialog-foot', (el) => getComputedStyle(el).position);
    assert.equal(sticky, 'sticky', 'ziping-docs.css applies');
    await page.keyboard.press('Escape');

    // Inline <style> refused in the frame is reported by the browser as a violation of the
    // frame's document; it is replaced by a constructed sheet, which no CSP governs. Only the
    // page's own violations count against the app.
    const violations = await page.evaluate(() => window.__violations);
    assert.deepEqual(violations.filter((v) => !v.startsWith('style-src-elem')), [], 'no violation');
    // The test's own init script (the print stub) is refused in the script-less print frame:
    // that message is about the test, not the app.
    const ours = (p) => /style-src/.test(p) || /Blocked script execution in 'about:srcdoc'/.test(p);
    assert.deepEqual(problems.filter((p) => !ours(p)), []);
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
});
