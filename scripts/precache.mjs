// Trunk's post_build hook (Trunk.toml): in a release build, minifies the JavaScript first
// (scripts/minify-js.mjs); then writes the service worker into the staging directory with this
// build's id and file list (src/shell/sw.js is the template), and prints the SHA-256 of
// index.html's inline loader, for a strict Content-Security-Policy (README).
//
// The build id is a hash of every file of the build, so a build that changes anything is a
// new service worker; one that changes nothing is not.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { inlineScriptHashes } from './inline-script-hashes.mjs';
import { minifyScripts } from './minify-js.mjs';

const staging = process.env.TRUNK_STAGING_DIR;
const source = process.env.TRUNK_SOURCE_DIR ?? process.cwd();
if (!staging) {
  console.error('precache.mjs runs as Trunk post_build hook (TRUNK_STAGING_DIR is not set)');
  process.exit(1);
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

// config.json belongs to whoever deploys ziping: fetched from the network, never precached.
const SKIP = new Set(['sw.js', 'config.json']);
const files = walk(staging)
  .map((p) => relative(staging, p).split(sep).join('/'))
  .filter((f) => !SKIP.has(f))
  .sort();
if (process.env.TRUNK_PROFILE === 'release') minifyScripts(staging, files.filter((f) => f.endsWith('.js')));
const hash = createHash('sha256');
for (const f of files) hash.update(f).update('\0').update(readFileSync(join(staging, f)));
const build = hash.digest('hex').slice(0, 16);

// index.html is fetched as `./` (the page's URL) as well as by its name.
const list = ['./', ...files];
const template = readFileSync(join(source, 'src/shell/sw.js'), 'utf8');
writeFileSync(
  join(staging, 'sw.js'),
  template.replace("'__ZIPING_BUILD__'", JSON.stringify(build)).replace('__ZIPING_FILES__', JSON.stringify(list)),
);

for (const hash of inlineScriptHashes(readFileSync(join(staging, 'index.html'), 'utf8'))) {
  console.log(`precache.mjs: inline script ${hash}`);
}
console.log(`precache.mjs: build ${build}, ${list.length} files precached`);
