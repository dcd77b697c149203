/**
 * The `sync` section of the config (bff/sync/config.ts through bff/config.ts): defaults, environment
 * keys, and refusals that name the key — operators dock by configuration only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../../../bff/config.js';
import { DEFAULT_SCHEDULES } from '../../../../bff/sync/config.js';

test('defaults: items hourly, cases every minute, evaluations every five minutes, a 10 s lag', () => {
  const { sync } = loadConfig({});
  assert.equal(sync.enabled, true);
  assert.equal(sync.sourceTimeZone, '+08:00');
  assert.equal(sync.pageSize, 2500);
  assert.equal(sync.initialLoad, 'snapshot');
  assert.equal(sync.safetyLagSeconds, 10);
  assert.equal(sync.lookbackSeconds, 300);
  assert.deepEqual(sync.schedules, DEFAULT_SCHEDULES);
  assert.deepEqual(sync.errorBudget, { maxCount: 1000, maxRatio: 0.05 });
});

test('environment keys set the sync section', () => {
  const { sync } = loadConfig({
    SYNC_SAFETY_LAG_SECONDS: '30',
    SYNC_LOOKBACK_SECONDS: '900',
    SYNC_PAGE_SIZE: '2000',
    SYNC_SOURCE_TIME_ZONE: '+09:00',
    SYNC_SCHEDULE_CASES: '*/10 * * * * *',
    SYNC_ERROR_MAX_RATIO: '0.1',
    SYNC_ENABLED: 'false',
    SYNC_INITIAL_LOAD: 'keyset',
  });
  assert.equal(sync.initialLoad, 'keyset');
  assert.equal(sync.safetyLagSeconds, 30);
  assert.equal(sync.lookbackSeconds, 900);
  assert.equal(sync.pageSize, 2000);
  assert.equal(sync.sourceTimeZone, '+09:00');
  assert.equal(sync.schedules.cases, '*/10 * * * * *');
  assert.equal(sync.schedules.items, DEFAULT_SCHEDULES.items);
  assert.equal(sync.errorBudget.maxRatio, 0.1);
  assert.equal(sync.errorBudget.maxCount, 1000);
  assert.equal(sync.enabled, false);
});

test('a bad value is refused with its key and environment variable', () => {
  assert.throws(
    () => loadConfig({ SYNC_SOURCE_TIME_ZONE: 'Asia/Shanghai' }),
    (error: unknown) =>
      error instanceof ConfigError && /sync\.sourceTimeZone \(SYNC_SOURCE_TIME_ZONE\)/.test(error.message),
  );
  assert.throws(
    () => loadConfig({ SYNC_SCHEDULE_CASES: 'every minute' }),
    (error: unknown) => error instanceof ConfigError && /SYNC_SCHEDULE_CASES/.test(error.message),
  );
  assert.throws(() => loadConfig({ SYNC_PAGE_SIZE: '0' }), ConfigError);
  assert.throws(
    () => loadConfig({ SYNC_INITIAL_LOAD: 'bulk' }),
    (error: unknown) => error instanceof ConfigError && /SYNC_INITIAL_LOAD/.test(error.message),
  );
});
