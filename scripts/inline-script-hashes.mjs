// The CSP sources ('sha256-…') of the inline scripts of an HTML page: the one thing a strict
// Content-Security-Policy must allow by hash (Trunk's loader in index.html). Used by
// scripts/precache.mjs (which prints them at build time) and tests/e2e/csp.test.mjs.
import { createHash } from 'node:crypto';

export function inlineScriptHashes(html) {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`,
  );
}
