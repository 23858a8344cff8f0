// The release bundle served on 127.0.0.1 and a chromium to open it, started before the tests
// of a file and closed after them: `const env = servedBundle();` then `env.server.url`,
// `env.browser.newContext(…)`.

import { after, before } from 'node:test';
import { launchBrowser } from './browser.mjs';
import { startServer } from './server.mjs';

export function servedBundle() {
  const env = { server: undefined, browser: undefined };
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
