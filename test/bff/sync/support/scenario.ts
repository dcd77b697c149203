/**
 * Builds rows for the test layout and compares the library with what the source holds: the
 * per-key version hash of the issue ("afterwards the library equals the source").
 */
import type { Store } from '../../../../bff/store/types.js';
import type { SyncConfig } from '../../../../bff/sync/config.js';
import type { FrontSource, Layout } from '../../../../bff/sync/contracts.js';
import { createSyncService, type SyncServiceDeps } from '../../../../bff/sync/index.js';
import { keyHash, silentLogger, testConfig } from './basics.js';
import type { FrontRowValues } from './front-sql.js';

export { keyHash, librarySnapshot, silentLogger, TEST_KEY, testConfig } from './basics.js';

/** A valid-looking (fictitious) 身份证号 for applicant n. */
export function idNumberOf(n: number): string {
  return `2301021990${String(101 + (n % 800)).padStart(4, '0')}${String(n % 1000).padStart(3, '0')}X`.slice(0, 18);
}

/** `2026-03-02 10:00:00.000000` plus seconds (fractional allowed). */
export function timeAt(seconds: number, fractional = true): string {
  const base = Date.UTC(2026, 2, 2, 10, 0, 0);
  const micros = Math.round(seconds * 1e6);
  const date = new Date(base + Math.floor(micros / 1000));
  const text = date.toISOString().slice(0, 19).replace('T', ' ');
  return fractional ? `${text}.${String(((micros % 1e6) + 1e6) % 1e6).padStart(6, '0')}` : text;
}

export function acceptRow(n: number, time: string, overrides: FrontRowValues = {}): FrontRowValues {
  return {
    row_guid: `A${String(n).padStart(6, '0')}`,
    cd_batch: 'B1',
    cd_operation: 'I',
    cd_time: time,
    project_no: `P${String(n).padStart(6, '0')}`,
    task_code: `T${n % 7}`,
    task_name: `事项${n}`,
    applyer_name: `申请人${n}`,
    applyer_page_code: idNumberOf(n),
    contact_mobile: `1380000${String(n % 10000).padStart(4, '0')}`,
    ...overrides,
  };
}

export function processRow(n: number, step: number, time: string, overrides: FrontRowValues = {}): FrontRowValues {
  return {
    row_guid: `S${String(n).padStart(6, '0')}-${step}`,
    cd_batch: 'B1',
    cd_operation: 'I',
    cd_time: time,
    project_no: `P${String(n).padStart(6, '0')}`,
    process_name: `环节${step}`,
    handle_explain: `意见${n}-${step}`,
    ...overrides,
  };
}

export function testService(
  deps: {
    store: Store;
    source: FrontSource;
    layout: Layout;
    databaseUrl?: string | undefined;
  } & Partial<SyncServiceDeps>,
  config: Partial<SyncConfig> = {},
) {
  const { databaseUrl, ...rest } = deps;
  return createSyncService({
    config: testConfig(config),
    logger: silentLogger,
    keyHash,
    ...(databaseUrl ? { databaseUrl } : {}),
    ...rest,
  });
}

/** The source's current truth, in the same form `librarySnapshot` reads the library. */
export function expectedSnapshot(
  accepts: Iterable<FrontRowValues>,
  steps: Iterable<FrontRowValues>,
  timeZone = '+08:00',
): { cases: string[]; steps: string[] } {
  const cases: string[] = [];
  const present = new Set<string>();
  for (const row of accepts) {
    if (row.cd_operation === 'D') continue;
    present.add(String(row.project_no));
    cases.push(`${row.project_no}|${row.row_guid}|${row.task_name}|${micros(String(row.cd_time), timeZone)}`);
  }
  const stepLines: string[] = [];
  for (const row of steps) {
    if (row.cd_operation === 'D' || !present.has(String(row.project_no))) continue;
    stepLines.push(`${row.row_guid}|${row.project_no}|${row.process_name}|${micros(String(row.cd_time), timeZone)}`);
  }
  return { cases: cases.sort(), steps: stepLines.sort() };
}

function micros(text: string, timeZone: string): string {
  const [date, time = ''] = text.split(' ');
  const [whole, fraction = ''] = time.split('.');
  const ms = Date.parse(`${date}T${whole}${timeZone}`);
  return `${ms / 1000}.${fraction.padEnd(6, '0')}`;
}

/** Removes everything the engine wrote for source 't' (between scenarios sharing one library). */
export async function resetLibrary(store: Store): Promise<void> {
  await store.exec(`
    DELETE FROM case_process_steps; DELETE FROM case_acceptances; DELETE FROM sync_pending; DELETE FROM sync_tombstones;
    DELETE FROM sync_quarantine; DELETE FROM sync_runs; DELETE FROM sync_state; DELETE FROM sync_stream_schemas;
    DELETE FROM notices; DELETE FROM user_profiles;`);
}
