/**
 * The layout a sync runs: the configured one plus its companions (GovDock's own inbound tables on the
 * same front), chosen by `sync.companions` (SYNC_COMPANIONS).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../../../bff/config.js';
import { syncSettings } from '../../../../bff/sync/doctor/run-doctor.js';
import { companionsOf, loadSyncLayout } from '../../../../bff/sync/layouts/index.js';

const tablesOf = (settings: { layout: string; companions: string }) =>
  loadSyncLayout(settings).streams.map((stream) => stream.sourceTable);

test('the national layout runs with the ticket replies and site announcements by default', () => {
  const settings = syncSettings(loadConfig({}));
  assert.equal(settings.companions, 'default');
  const tables = tablesOf(settings);
  assert.ok(tables.includes('up_pro_accept'));
  assert.ok(tables.includes('up_consult_reply'));
  assert.ok(tables.includes('up_site_announcement'));
});

test('SYNC_COMPANIONS=none docks a front processor that lacks GovDock’s own tables', () => {
  const tables = tablesOf(syncSettings(loadConfig({ SYNC_COMPANIONS: 'none' })));
  assert.ok(tables.includes('up_pro_accept'));
  assert.ok(!tables.includes('up_consult_reply'));
  assert.ok(!tables.includes('up_site_announcement'));
});

test('a list names the companions; other layouts have none by default', () => {
  assert.deepEqual(companionsOf('national', ' national-replies , '), ['national-replies']);
  assert.deepEqual(companionsOf('guangdong', 'default'), []);
  const tables = tablesOf({ layout: 'national', companions: 'national-replies' });
  assert.ok(tables.includes('up_consult_reply'));
  assert.ok(!tables.includes('up_site_announcement'));
});

test('an unknown companion is refused at load, naming it', () => {
  assert.throws(() => loadSyncLayout({ layout: 'national', companions: 'no-such-layout' }), /no-such-layout/);
});
