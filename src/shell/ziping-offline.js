// The page's offline status and update offer (loaded on use by ziping-shell.js).
//
// - Offline, the page says so, and that nothing is lost: everything the app needs is local.
// - A new version is offered, never forced: "有新版本，保存后刷新". Only when the person agrees
//   is the draft saved (window.ziping.flush) and the new service worker activated; the page
//   reloads once it has taken over. Until then the running version stays.
//
// The banners use the app's banner styles (style/main.css) and are built with DOM calls only,
// so a strict CSP (no inline scripts or styles) allows them.

let box;

function banner(id, kind, text, actions = []) {
  if (!box) {
    box = document.createElement('div');
    box.className = 'banners shell-banners';
    box.setAttribute('role', 'status');
    box.setAttribute('aria-live', 'polite');
    document.body.prepend(box);
  }
  document.getElementById(id)?.remove();
  const el = document.createElement('div');
  el.id = id;
  el.className = `banner banner-${kind}`;
  const span = document.createElement('span');
  span.textContent = text;
  el.append(span);
  for (const [label, run, primary] of actions) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = primary ? 'btn btn-primary' : 'btn';
    b.textContent = label;
    b.addEventListener('click', run);
    el.append(b);
  }
  box.append(el);
  return el;
}

const OFFLINE = 'shell-offline';

function status() {
  if (navigator.onLine) {
    document.getElementById(OFFLINE)?.remove();
    // Back online: a new version may have been published meanwhile.
    try {
      navigator.serviceWorker?.getRegistration().then((reg) => reg?.update()).catch(() => {});
    } catch {
      // no service worker here (an iframe sandboxed without allow-same-origin)
    }
  }
  else banner(OFFLINE, 'info', '当前处于离线状态。计算、草稿和导入导出都在本机完成，修改照常保存在本浏览器中，不会丢失。');
}

let watching = false;
/** The network is gone (or was never there): say so, until it is back. */
export function offline() {
  if (!watching) {
    watching = true;
    addEventListener('online', status);
    addEventListener('offline', status);
  }
  status();
}

let agreed = false;
/** A new version (the installed, waiting service worker `worker`) is ready. */
export function offer(worker) {
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (agreed) location.reload();
  });
  banner('shell-update', 'info', '有新版本，保存后刷新。', [
    [
      '保存并刷新',
      () => {
        agreed = true;
        window.ziping?.flush?.();
        worker.postMessage('ziping:activate');
      },
      true,
    ],
    ['稍后', () => document.getElementById('shell-update')?.remove()],
  ]);
}
