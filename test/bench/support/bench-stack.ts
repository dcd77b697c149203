/**
 * The BFF as test/bff/auth/support/stack.ts builds it (createApp + createAuth, PGlite in memory,
 * in-process hub, silent logger) on one loopback server, plus the benchmarks' baseline: a bare Hono
 * route answering 32 bytes of JSON on that same server, with none of the BFF's middleware. The
 * server hands `/__bench/baseline` to the bare app and everything else to the BFF, so both pay the
 * same Node HTTP server and @hono/node-server costs.
 */
import { Hono } from 'hono';
import type { createApp } from '../../../bff/app.js';
import type { Auth } from '../../../bff/auth/index.js';
import type { EventHub } from '../../../bff/events/hub.js';
import { composeBff } from '../../support/compose-bff.js';
import type { SessionStore } from '../../../bff/auth/session-store/types.js';
import { loadConfig, type Config } from '../../../bff/config.js';
import { startServer, type RunningServer } from '../../../bff/server.js';
import { migrate } from '../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../bff/store/store.js';

export const BASELINE_PATH = '/__bench/baseline';
/** Exactly 32 bytes: {"ok":true,"pad":"xxxxxxxxxxxx"} */
export const BASELINE_BODY = { ok: true, pad: 'xxxxxxxxxxxx' };
export const PII_HASH_KEY = 'bench-pii-hash-key-0123456789abcdef0123456789';

export interface BenchBff {
  bff: RunningServer;
  store: Store;
  sessions: SessionStore;
  hub: EventHub;
  auth: Auth;
  config: Config;
  close(): Promise<void>;
}

/**
 * `overrides` gets the BFF's URL (the platform must know it before the config can name the
 * platform), so the server starts first and the app is plugged in once the config exists.
 */
export async function startBenchBff(
  overrides: (bffUrl: string) => Promise<Record<string, unknown>> | Record<string, unknown>,
): Promise<BenchBff> {
  const store = await openStore({ dataDir: 'memory://' });
  await migrate(store);
  const baseline = new Hono().get(BASELINE_PATH, (c) => c.json(BASELINE_BODY));
  const late: { app?: ReturnType<typeof createApp> } = {};
  const bff = await startServer(
    {
      fetch: (request) => {
        // A cheap suffix test on the raw URL: the dispatch costs both sides the same.
        if (request.url.endsWith(BASELINE_PATH)) return baseline.fetch(request);
        return late.app ? late.app.fetch(request) : new Response('starting', { status: 503 });
      },
    },
    { host: '127.0.0.1', port: 0 },
  );
  const config = loadConfig({}, { publicBaseUrl: bff.url, ...(await overrides(bff.url)) });
  const composed = composeBff({ config, store, piiHashKey: PII_HASH_KEY, hubBufferSize: 1000 });
  late.app = composed.app;
  const { auth, hub, sessions } = composed;
  return {
    bff,
    store,
    sessions,
    hub,
    auth,
    config,
    async close() {
      await bff.close();
      await store.close();
    },
  };
}
