/**
 * GET /api/v1/meta — lets a widget bundle check that the BFF it talks to speaks its API version
 * before it makes real calls (a site may upgrade widgets and BFF at different times).
 */
import { Hono } from 'hono';
import type { Config } from '../../config.js';
import { PRODUCT_VERSION } from './version.js';

export const API_VERSION = 'v1';

export function metaRoutes(config: Pick<Config, 'deploymentMode'>): Hono {
  const app = new Hono();
  app.get('/', (c) =>
    c.json({
      name: 'GovDock',
      version: PRODUCT_VERSION,
      deploymentMode: config.deploymentMode,
      apiVersion: API_VERSION,
    }),
  );
  return app;
}
