// How every end-to-end test and benchmark starts Debian's chromium through playwright-core
// (no downloaded browsers) and keeps it on the loopback interface.

import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

// Without the background-networking flags chromium tries to reach Google's hosts, which this
// machine's closed network refuses; as root it needs --no-sandbox.
export const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

/** Blocks every request that would leave the machine (CDN, fonts, telemetry …), calling
 * `onForeign(url)` for each. */
export async function keepOnLoopback(context, onForeign = () => {}) {
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !LOOPBACK.has(url.hostname)) {
      onForeign(url.href);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
}

/** The p-th percentile of `xs`. */
export const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/** Replaces print() in every frame of `context` by a record in the top window's
 * `__printed`: `{ title, top, frame }` (the document's title, whether it is the top window,
 * the id of its frame element). Headless chromium has no print dialog to observe. */
export function recordPrints(context) {
  return context.addInitScript(() => {
    window.print = function print() {
      (window.top.__printed ??= []).push({
        title: document.title,
        top: window === window.top,
        frame: window.frameElement?.id ?? null,
      });
    };
  });
}
