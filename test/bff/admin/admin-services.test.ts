/**
 * The operator API as `npm start` composes it (adminServices): the doctor runs inside the BFF on
 * the handles the BFF already holds — its store and the simulator's PGlite front — and leaves both
 * open for the BFF; the layout's streams are what the API lists.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { adminServices } from '../../../bff/admin/services.js';
import { createApp } from '../../../bff/app.js';
import { loadConfig } from '../../../bff/config.js';
import { openFrontTarget, type FrontTarget } from '../../../bff/dev/front-processor/open.js';
import { startSimulator } from '../../../bff/dev/simulator/index.js';
import { createEventHub } from '../../../bff/events/hub.js';
import { createLogger } from '../../../bff/observability/logger.js';
import { migrate } from '../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../bff/store/store.js';
import type { DoctorReport } from '../../../bff/sync/doctor/types.js';
import { nationalLayout } from '../../../bff/sync/layouts/index.js';
import { loadOrCreateEmbeddedSecrets } from '../../../bff/embedded/secrets.js';

const TOKEN = 'services-test-token-0123456789abcdef01234';
const headers = { Authorization: `Bearer ${TOKEN}`, 'X-CSRF': '1' };

describe('adminServices: the operator API of a running embedded BFF', () => {
  let store: Store;
  let front: FrontTarget;
  let app: ReturnType<typeof createApp>;
  const dataDir = mkdtempSync(join(tmpdir(), 'govdock-admin-services-'));

  before(async () => {
    front = await openFrontTarget({ pgliteDir: 'memory://' });
    const simulator = await startSimulator({
      front,
      seed: 'admin',
      items: 300,
      cases: 40,
      tickSeconds: 60,
      autoTick: false,
    });
    await simulator.close();
    store = await openStore({ dataDir: 'memory://' });
    await migrate(store);
    loadOrCreateEmbeddedSecrets(dataDir);
    const config = loadConfig({}, { adminToken: TOKEN });
    app = createApp({
      config,
      store,
      logger: createLogger({ logLevel: 'silent' }),
      hub: createEventHub({ bufferSize: 10, firstId: 1 }),
      widgetsDir: '/nonexistent/widgets',
      demoDir: '/nonexistent/demo',
      admin: adminServices({ config, store, layout: nationalLayout, embeddedFront: front, dataDir }),
    });
  });
  after(async () => {
    await store?.close();
    await front?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists every stream of the layout, never run yet', async () => {
    const body = (await (await app.request('/admin/v1/streams', { headers })).json()) as {
      streams: { stream: string; status: string }[];
      syncAvailable: boolean;
    };
    assert.deepEqual(
      body.streams.map((s) => s.stream),
      nationalLayout.streams.map((s) => s.name),
    );
    assert.ok(body.streams.every((s) => s.status === 'never_run'));
    assert.equal(body.syncAvailable, false, 'no engine was given');
  });

  it('runs the doctor on the simulator front it shares, and leaves the handles open', async () => {
    const response = await app.request('/admin/v1/doctor', { headers });
    assert.equal(response.status, 200);
    const { report } = (await response.json()) as { report: DoctorReport };
    const byId = new Map(report.checks.map((check) => [check.id, check]));
    assert.equal(byId.get('front.connect')?.status, 'pass');
    assert.equal(byId.get('front.table.up_pro_accept')?.status, 'pass', byId.get('front.table.up_pro_accept')?.summary);
    assert.equal(byId.get('dry-read.up_pro_accept')?.status, 'pass');
    assert.equal(byId.get('config.pii')?.status, 'warn', 'the generated key is recognised');
    assert.equal(byId.get('store.sync-history')?.status, 'warn', 'streams never run');
    assert.ok((await front.query('SELECT 1 AS ok')).length === 1, 'the simulator front is still open');
    assert.ok((await store.query('SELECT 1 AS ok')).rows.length === 1, 'the store is still open');
  });
});
