// Part of Trunk's post_build hook (scripts/precache.mjs): minifies the release bundle's
// JavaScript with esbuild. Trunk's own minifier (`minify = "on_release"`) cannot parse the
// wasm-bindgen glue and ships it as written ("Failed to minify JS"); esbuild can. Trunk has
// already written each file's Subresource Integrity hash into index.html, so a minified file's
// hash there is replaced by the new one.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

const sri = (data) => 'sha384-' + createHash('sha384').update(data).digest('base64');

/** Minifies `files` (paths relative to `dir`, ES modules) in place and fixes index.html. */
export function minifyScripts(dir, files) {
  const indexPath = join(dir, 'index.html');
  let index = readFileSync(indexPath, 'utf8');
  for (const f of files) {
    const path = join(dir, f);
    const source = readFileSync(path);
    const { code } = transformSync(source.toString('utf8'), { minify: true, format: 'esm', loader: 'js' });
    writeFileSync(path, code);
    index = index.replaceAll(sri(source), sri(code));
  }
  writeFileSync(indexPath, index);
}
