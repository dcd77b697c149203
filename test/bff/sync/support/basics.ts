/**
 * Test helpers without heavy imports (no schema library, no drivers): shared by the tests and by the
 * crash child, which must start in a fraction of a second.
 */
import { applicantKeyHash } from '../../../../bff/privacy/pii.js';
import type { Store } from '../../../../bff/store/types.js';
import type { SyncConfig } from '../../../../bff/sync/config.js';
import type { SyncLogger } from '../../../../bff/sync/engine/types.js';

export const TEST_KEY = 'sync-test-key-0123456789abcdef0123456789';
export const keyHash = (idNumber: string): string => applicantKeyHash(idNumber, TEST_KEY);

export const silentLogger: SyncLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** The sync settings of the engine tests: small pages, no lag, no look-back, quick retries. */
export function testConfig(overrides: Partial<SyncConfig> = {}): SyncConfig {
  return {
    enabled: true,
    sourceId: 't',
    sourceTimeZone: '+08:00',
    layout: 'engine-test',
    companions: 'none',
    initialLoad: 'snapshot',
    pageSize: 4,
    safetyLagSeconds: 0,
    lookbackSeconds: 0,
    orphanTimeoutSeconds: 24 * 3600,
    errorBudget: { maxCount: 1000, maxRatio: 0.05 },
    retry: { attempts: 4, baseDelayMs: 20, maxDelayMs: 200 },
    schedules: {
      items: '0 7 * * * *',
      organisations: '0 7 * * * *',
      cases: '0 * * * * *',
      evaluations: '30 */5 * * * *',
      replies: '15 * * * * *',
      notices: '45 * * * * *',
    },
    ...overrides,
  };
}

export async function librarySnapshot(store: Store, source = 't'): Promise<{ cases: string[]; steps: string[] }> {
  const { rows: cases } = await store.query<{ line: string }>(
    `SELECT project_no || '|' || source_row_guid || '|' || item_name || '|' ||
            extract(epoch FROM date_trunc('second', source_changed_at))::bigint || '.' ||
            lpad(extract(microseconds FROM source_changed_at)::bigint % 1000000 || '', 6, '0') AS line
       FROM case_acceptances WHERE source = $1`,
    [source],
  );
  const { rows: steps } = await store.query<{ line: string }>(
    `SELECT source_row_guid || '|' || project_no || '|' || node_name || '|' ||
            extract(epoch FROM date_trunc('second', source_changed_at))::bigint || '.' ||
            lpad(extract(microseconds FROM source_changed_at)::bigint % 1000000 || '', 6, '0') AS line
       FROM case_process_steps WHERE source = $1`,
    [source],
  );
  return { cases: cases.map((r) => r.line).sort(), steps: steps.map((r) => r.line).sort() };
}
