// The static server used by scripts/serve and the e2e tests: MIME types, loopback, no escape.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOST, startServer } from './server.mjs';

let dir;
let server;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ziping-server-'));
  await mkdir(join(dir, 'site'));
  await writeFile(join(dir, 'site', 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(join(dir, 'site', 'app.js'), 'export {}');
  await writeFile(join(dir, 'site', 'app.css'), 'body{}');
  await writeFile(join(dir, 'site', 'app_bg.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  await writeFile(join(dir, 'secret.txt'), 'outside the root');
  server = await startServer({ root: join(dir, 'site'), port: 0 });
});

after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

test('binds the loopback interface on a free port', () => {
  assert.equal(server.server.address().address, HOST);
  assert.ok(server.port > 0);
  assert.equal(server.url, `http://127.0.0.1:${server.port}/`);
});

test('serves each file type with its MIME type', async () => {
  const expected = {
    '': 'text/html; charset=utf-8',
    'index.html': 'text/html; charset=utf-8',
    'app.js': 'text/javascript; charset=utf-8',
    'app.css': 'text/css; charset=utf-8',
    'app_bg.wasm': 'application/wasm',
  };
  for (const [path, type] of Object.entries(expected)) {
    const res = await fetch(server.url + path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('content-type'), type, path);
  }
});

test('answers 404 for a missing file and never leaves the root', async () => {
  assert.equal((await fetch(server.url + 'nope.js')).status, 404);
  for (const path of ['../secret.txt', '%2e%2e/secret.txt', '..%2fsecret.txt', '%2e%2e%2fsecret.txt']) {
    const res = await fetch(server.url + path);
    assert.notEqual(res.status, 200, path);
    assert.ok(!(await res.text()).includes('outside the root'), path);
  }
});

test('refuses to start without an index.html', async () => {
  await assert.rejects(startServer({ root: dir + '/missing' }), /index\.html is missing/);
});
