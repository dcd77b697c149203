/** Builds the real app with in-memory parts, and captures the log lines it writes. */
import { Writable } from 'node:stream';
import { createApp, type AppDeps } from '../../../bff/app.js';
import { loadConfig } from '../../../bff/config.js';
import { createEventHub, type EventHub } from '../../../bff/events/hub.js';
import type { ReadinessProbe } from '../../../bff/observability/health.js';
import { createLogger } from '../../../bff/observability/logger.js';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  hub: EventHub;
  /** Parsed JSON log lines written so far. */
  logs: () => Record<string, unknown>[];
  rawLogs: () => string;
}

export function makeTestApp(
  options: {
    config?: Record<string, unknown>;
    store?: ReadinessProbe;
    widgetsDir?: string;
    demoDir?: string;
    events?: AppDeps['events'];
  } = {},
): TestApp {
  let raw = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw += chunk.toString();
      done();
    },
  });
  const config = loadConfig({}, options.config ?? {});
  const hub = createEventHub({ bufferSize: 50, firstId: 1 });
  const app = createApp({
    config,
    store: options.store ?? { query: async () => ({ rows: [{ '?column?': 1 }] }) },
    logger: createLogger({ logLevel: 'debug' }, sink),
    hub,
    widgetsDir: options.widgetsDir ?? '/nonexistent/widgets',
    demoDir: options.demoDir ?? '/nonexistent/demo',
    events: options.events,
  });
  return {
    app,
    hub,
    rawLogs: () => raw,
    logs: () =>
      raw
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

export const CSRF = { 'X-CSRF': '1' } as const;
