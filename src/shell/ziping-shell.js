// See src/shell/README.md. Minified by esbuild in a release build (scripts/minify-js.mjs).
const ui = (f, a) => import('./ziping-offline.js').then((m) => m[f](a));
addEventListener('offline', () => ui('offline'));
if (parent !== window || /[?&]embed=1/.test(location.search)) import('./ziping-embed.js').then((m) => m.start());
if (!navigator.onLine) ui('offline');
let sw; // reading it throws in an iframe sandboxed without allow-same-origin
try { sw = navigator.serviceWorker; } catch {}
sw?.register('sw.js').then((reg) => {
  const offer = (w) => w && sw.controller && ui('offer', w);
  offer(reg.waiting);
  reg.onupdatefound = () => {
    const w = reg.installing;
    w.onstatechange = () => w.state === 'installed' && offer(w);
  };
  setInterval(() => navigator.onLine && reg.update().catch(() => {}), 18e5);
}, () => {});

// The modules loaded on use: printing and the report (ziping-docs), and one each for 导出 Excel,
// 导出 Word and 导入 Excel (ziping-xlsx, ziping-docx, ziping-import).
const modules = {};
const OFFICE = { xlsx: 'ziping-xlsx', docx: 'ziping-docx', import: 'ziping-import' };
window.zipingDocs = (action, ...args) => {
  const name = OFFICE[action] ?? 'ziping-docs';
  const root = document.documentElement;
  root.classList.add('docs-loading');
  modules[name] ??= import(`./${name}.js`).then(async (m) => (await m.default(), m));
  modules[name].then((m) => (action === 'import' ? m.importSheet(...args) : m.open(action)), (e) => {
    delete modules[name];
    console.error(e);
    alert(OFFICE[action] ? 'Excel 与 Word 功能未能加载，请检查网络连接后重试。' : '打印与报告功能未能加载，请检查网络连接后重试。');
  }).finally(() => root.classList.remove('docs-loading'));
};
