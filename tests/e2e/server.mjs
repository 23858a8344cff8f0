// A tiny static file server for the release bundle in dist/ (no npm dependencies).
//
//   node tests/e2e/server.mjs [PORT] [ROOT]     # defaults: 8080, dist/ next to this repo
//
// Binds 127.0.0.1 only. Port 0 picks a free port. Used by scripts/serve (foreground; Ctrl+C
// stops it) and, through startServer(), by the end-to-end tests.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HOST = '127.0.0.1';

const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Resolves a request path inside root; null when it would leave root. */
function fileFor(root, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  if (path.endsWith('/')) path += 'index.html';
  const file = resolve(join(root, path));
  return file === root || file.startsWith(root + sep) ? file : null;
}

/**
 * Serves the files under root on 127.0.0.1:port (0 = a free port), under the path `prefix`
 * (`/tools/ziping/`: the way a portal hosts ziping under a sub-path; anything else is 404),
 * with extra response `headers` (a Content-Security-Policy …).
 * Resolves to { server, port, url, close() }; url ends with the prefix.
 */
export async function startServer({ root = join(REPO_ROOT, 'dist'), port = 0, prefix = '/', headers = {} } = {}) {
  root = resolve(root);
  const info = await stat(join(root, 'index.html')).catch(() => null);
  if (!info) {
    throw new Error(`${root}/index.html is missing: build the bundle first (scripts/build-bundle)`);
  }

  const server = createServer(async (req, res) => {
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      // The bundle is public static content; allowing any origin lets a portal embed it in an
      // iframe sandboxed without allow-same-origin (an opaque origin loads module scripts and
      // the wasm with CORS).
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    const url = req.url || '/';
    if (!url.startsWith(prefix)) return send(404, 'not found\n');
    const file = fileFor(root, '/' + url.slice(prefix.length));
    if (!file) return send(403, 'forbidden\n');
    try {
      const body = await readFile(file);
      send(200, body, MIME[extname(file).toLowerCase()] || 'application/octet-stream');
    } catch {
      send(404, 'not found\n');
    }
  });

  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, HOST, () => {
      server.off('error', fail);
      ok();
    });
  });
  const actual = server.address().port;
  return {
    server,
    port: actual,
    url: `http://${HOST}:${actual}${prefix}`,
    close: () => new Promise((ok) => {
      server.closeAllConnections?.();
      server.close(() => ok());
    }),
  };
}

// Run directly: serve in the foreground until Ctrl+C.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`invalid port: ${process.argv[2]}`);
    process.exit(2);
  }
  const root = process.argv[3] ? resolve(process.argv[3]) : undefined;
  try {
    const { url, close } = await startServer({ root, port });
    console.log(`serving ${root ?? join(REPO_ROOT, 'dist')} on ${url} (Ctrl+C stops)`);
    const stop = async () => {
      await close();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (err) {
    console.error(String(err.message ?? err));
    process.exit(1);
  }
}
