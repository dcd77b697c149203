/**
 * The operator page (运维页面) at `/operator/`: three static files, no build step, so it is there
 * on every BFF including production ones that never build the demo. It is not under `/admin/`
 * because the app-wide CSRF rule asks every `/admin/*` request for `X-CSRF: 1`, which a browser
 * navigation cannot send; the page's own API calls carry it.
 */
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { fileResponse, resolveInside } from '../../http/static/files.js';

const PAGE_DIR = fileURLToPath(new URL('./files/', import.meta.url));
const FILES = new Set(['index.html', 'operator.js', 'operator.css']);

export function operatorPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Relative, so it lands right behind a gateway prefix too (`/govdock/operator` → `/govdock/operator/`).
  app.get('/', (c) => c.redirect('operator/', 308));
  app.get('/:file{[a-z.]*}', async (c) => {
    const file = c.req.param('file') || 'index.html';
    const path = FILES.has(file) ? resolveInside(PAGE_DIR, file) : undefined;
    const response = path
      ? await fileResponse(path, c.req.method, {
          // The token is typed into this page: never cache it anywhere shared, and keep it out of frames.
          'Cache-Control': 'no-store',
          'X-Frame-Options': 'DENY',
          'Referrer-Policy': 'no-referrer',
        })
      : undefined;
    return response ?? c.text('404 页面不存在 (page not found)', 404);
  });
  return app;
}
