/**
 * The sync scheduler (croner): one schedule per stream kind from config, a first run of every kind at
 * start when asked, no overlapping runs of a kind within the process, and a clean stop that waits
 * for the run in progress.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunSummary, StreamDefinition, SyncService } from '../../../../bff/sync/contracts.js';
import { DEFAULT_SCHEDULES } from '../../../../bff/sync/config.js';
import { startSyncScheduler } from '../../../../bff/sync/scheduler.js';
import { silentLogger } from '../support/scenario.js';

function fakeService(runMs: number) {
  const calls: { kind: string; at: number }[] = [];
  let active = 0;
  let maxActive = 0;
  let finished = 0;
  const service: SyncService & { kinds: StreamDefinition['kind'][] } = {
    streams: ['up_pro_accept', 'up_task_general_basic'],
    kinds: ['cases', 'items'],
    async run(kind) {
      calls.push({ kind: kind ?? 'all', at: Date.now() });
      active += 1;
      maxActive = Math.max(maxActive, active);
      await new Promise((resolve) => setTimeout(resolve, runMs));
      active -= 1;
      finished += 1;
      return [] as RunSummary[];
    },
    async retryQuarantine() {
      return { retried: 0, resolved: 0, stillFailing: 0 };
    },
    async close() {},
  };
  return { service, calls, stats: () => ({ active, maxActive, finished }) };
}

test('runs every kind at start, then each kind on its own schedule, never overlapping itself', async () => {
  const { service, calls, stats } = fakeService(1500);
  const scheduler = startSyncScheduler({
    service,
    // Cases every second, items hourly: within the test only the first run of items happens.
    schedules: { ...DEFAULT_SCHEDULES, cases: '* * * * * *' },
    logger: silentLogger,
    runOnStart: true,
  });
  await new Promise((resolve) => setTimeout(resolve, 3500));
  const kinds = calls.map((call) => call.kind);
  assert.equal(kinds.filter((kind) => kind === 'items').length, 1, 'items: only the start run');
  const caseRuns = kinds.filter((kind) => kind === 'cases').length;
  assert.ok(caseRuns >= 2 && caseRuns <= 3, `cases ran ${caseRuns} times in 3.5 s with 1.5 s runs`);
  const nextRuns = scheduler.nextRuns();
  assert.match(nextRuns.items ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:07:00/);
  await scheduler.stop();
  assert.equal(stats().active, 0, 'stop waits for the run in progress');
  const after = calls.length;
  await new Promise((resolve) => setTimeout(resolve, 1200));
  assert.equal(calls.length, after, 'no run after stop');
});

test('a kind whose previous run is still going is skipped, not queued', async () => {
  const { service, calls, stats } = fakeService(2500);
  const scheduler = startSyncScheduler({
    service: { ...service, kinds: ['cases'] },
    schedules: { ...DEFAULT_SCHEDULES, cases: '* * * * * *' },
    logger: silentLogger,
  });
  await new Promise((resolve) => setTimeout(resolve, 3200));
  await scheduler.stop();
  assert.ok(calls.length <= 2, `${calls.length} runs in 3.2 s of 2.5 s runs: overlapping ticks were skipped`);
  assert.equal(stats().maxActive, 1);
});
