/**
 * GET /widgets/<version>/… — the loader, runtime, widgets, SRI manifest and custom-elements.json.
 * A version's files never change once published (architecture §5), so browsers and the site-group
 * CDN may keep them for a year without asking again.
 */
import { Hono } from 'hono';
import { fileResponse, resolveInside } from './files.js';

export type WidgetCaching = 'immutable' | 'revalidate';

const CACHE_CONTROL: Record<WidgetCaching, string> = {
  immutable: 'public, max-age=31536000, immutable',
  // For `npm start`, which rebuilds into the same version folder while a developer edits widgets.
  revalidate: 'no-cache',
};

export function widgetRoutes(widgetsDir: string, caching: WidgetCaching = 'immutable'): Hono {
  const app = new Hono();
  app.get('/:version{[0-9A-Za-z][0-9A-Za-z.+_-]*}/*', async (c) => {
    const relative = c.req.path.replace(/^.*?\/widgets\//, '');
    const path = resolveInside(widgetsDir, relative);
    const response =
      path &&
      (await fileResponse(path, c.req.method, {
        'Cache-Control': CACHE_CONTROL[caching],
        // Script files are meant to be embedded by other sites (secure headers keep this value).
        'Cross-Origin-Resource-Policy': 'cross-origin',
      }));
    return response || c.notFound();
  });
  return app;
}
