/**
 * Everything that is not API: the gallery and the sample host pages from `demoDir`. HTML is never
 * cached (it names the current widget version); other files briefly. Before the first build there
 * is nothing to serve, so `/` explains how to get there instead of answering a bare 404.
 *
 * It runs as the not-found handler, i.e. after every route had its chance: a catch-all GET route
 * would shadow routes that other areas mount later (GET /auth/session …).
 */
import { existsSync } from 'node:fs';
import type { Context, NotFoundHandler } from 'hono';
import { fileResponse, isFile, resolveInside } from './files.js';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>GovDock — 尚未构建 (not built yet)</title></head>
<body style="font: 16px/1.6 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
<h1>GovDock 服务已启动</h1>
<p>组件和演示页尚未构建。请在项目目录运行 <code>npm run build</code>，然后刷新本页。</p>
<p lang="en">The BFF is running, but the widgets and the gallery have not been built yet.
Run <code>npm run build</code> in the project folder, then reload this page.</p>
<p>接口状态 (API): <a href="healthz">healthz</a> · <a href="api/v1/meta">api/v1/meta</a>（需 X-CSRF 头）</p>
</body>
</html>
`;

const RESERVED = /^\/(api|auth|admin|events|widgets)(\/|$)/;

async function demoPage(c: Context, demoDir: string): Promise<Response | undefined> {
  if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || RESERVED.test(c.req.path)) return undefined;
  const relative = c.req.path.endsWith('/') ? c.req.path + 'index.html' : c.req.path;
  const direct = resolveInside(demoDir, relative);
  // `/gallery` → `/gallery/index.html`, as static hosts do.
  const asFolder = direct && !(await isFile(direct)) ? resolveInside(demoDir, relative + '/index.html') : undefined;
  const path = asFolder ?? direct;
  if (path) {
    const html = path.endsWith('.html');
    const response = await fileResponse(path, c.req.method, {
      'Cache-Control': html ? 'no-cache' : 'public, max-age=300',
    });
    if (response) return response;
  }
  if (c.req.path === '/' && !existsSync(demoDir)) {
    return c.html(NOT_BUILT_PAGE, 200, { 'Cache-Control': 'no-cache' });
  }
  return undefined;
}

/** Serves a demo page for an unrouted GET, or hands over to `otherwise` (the real 404). */
export function demoPagesOr(demoDir: string, otherwise: NotFoundHandler): NotFoundHandler {
  return async (c) => (await demoPage(c, demoDir)) ?? otherwise(c);
}
