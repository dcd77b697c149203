/**
 * The engine on a drop-folder front (architecture §7, sync-anchors G12), embedded library: complete
 * files only (`.ok` marker), each applied exactly once through the ledger (even when re-dropped under
 * another name), broken lines quarantined next to good rows, a crash in the middle of a file resumed
 * after the last committed line, and retry-quarantine re-reading the archived file.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DropFolderSource, StreamDefinition, SyncService } from '../../../../bff/sync/contracts.js';
import { faultAt } from '../../../../bff/sync/engine/faults.js';
import { openFrontSource } from '../../../../bff/sync/sources/open.js';
import { pgliteLibrary, type TestLibrary } from '../support/library-targets.js';
import { acceptRow, librarySnapshot, resetLibrary, testService, timeAt } from '../support/scenario.js';
import { acceptStream } from '../support/test-layout.js';
import type { FrontRowValues } from '../support/front-sql.js';

function jsonl(rows: readonly (FrontRowValues | string)[]): string {
  return rows.map((row) => (typeof row === 'string' ? row : JSON.stringify(row))).join('\n') + '\n';
}

describe('sync from a drop folder (embedded library)', () => {
  let lib: TestLibrary;
  let folder: string;
  let source: DropFolderSource;
  const services: SyncService[] = [];
  const layout = { name: 'drop-test', streams: [acceptStream('acc')] };

  function drop(name: string, content: string, complete = true): void {
    writeFileSync(join(folder, name), content);
    if (complete) writeFileSync(join(folder, `${name}.ok`), '');
  }

  function service(
    overrides: Parameters<typeof testService>[1] = {},
    deps: Partial<Parameters<typeof testService>[0]> = {},
  ) {
    const made = testService(
      { store: lib.store, source, layout, ...deps },
      { errorBudget: { maxCount: 100, maxRatio: 1 }, ...overrides },
    );
    services.push(made);
    return made;
  }

  before(async () => {
    lib = await pgliteLibrary.setup();
  });
  after(async () => {
    for (const each of services) await each.close().catch(() => undefined);
    await lib?.teardown();
  });
  beforeEach(async () => {
    await resetLibrary(lib.store);
    await lib.store.exec('DELETE FROM applied_files');
    folder = mkdtempSync(join(tmpdir(), 'govdock-drop-'));
    source = (await openFrontSource(`file://${folder}`, { sourceTimeZone: '+08:00' })) as DropFolderSource;
  });

  test('applies complete files once, quarantines broken lines, and archives after the ledger commit', async () => {
    const content = jsonl([
      acceptRow(1, timeAt(1)),
      '{"row_guid": "broken',
      acceptRow(2, timeAt(2)),
      acceptRow(3, timeAt(3)),
    ]);
    drop('acc.B0001.jsonl', content);
    drop('acc.B0002.jsonl', jsonl([acceptRow(9, timeAt(9))]), false);
    const [run] = await service().run('acc');
    assert.equal(run?.status, 'succeeded');
    assert.equal(run?.counts.read, 4);
    assert.equal(run?.counts.inserted, 3);
    assert.equal(run?.counts.quarantined, 1);
    const { rows: quarantined } = await lib.store.query<{ reason_code: string; source_position: string }>(
      'SELECT reason_code, source_position FROM sync_quarantine',
    );
    assert.equal(quarantined[0]?.reason_code, 'bad_json');
    assert.deepEqual(JSON.parse(quarantined[0]?.source_position ?? '{}').line, 2);
    const { rows: ledger } = await lib.store.query<{ name: string; row_count: number }>(
      'SELECT name, row_count FROM applied_files',
    );
    assert.deepEqual(ledger, [{ name: 'acc.B0001.jsonl', row_count: 4 }]);
    assert.ok(existsSync(join(folder, 'done', 'acc.B0001.jsonl')), 'archived');
    assert.ok(existsSync(join(folder, 'acc.B0002.jsonl')), 'a file without its marker is not taken');

    // The same content dropped again under another name is not applied a second time.
    drop('acc.B0003.jsonl', content);
    const [again] = await service().run('acc');
    assert.equal(again?.counts.read, 0);
    assert.equal((await librarySnapshot(lib.store)).cases.length, 3);
  });

  test('a crash in the middle of a file resumes after the last committed line', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => acceptRow(i, timeAt(i)));
    drop('acc.B0001.jsonl', jsonl(rows));
    const crashing = service(
      { pageSize: 2 },
      {
        faults: faultAt({ phase: 'merge', occurrence: 3 }, () => {
          throw new Error('injected crash');
        }),
      },
    );
    const [crashed] = await crashing.run('acc');
    assert.equal(crashed?.status, 'failed');
    assert.equal(crashed?.counts.inserted, 4, 'two pages committed');
    assert.equal((await lib.store.query('SELECT 1 FROM applied_files')).rows.length, 0, 'not in the ledger yet');
    const [resumed] = await service({ pageSize: 2 }).run('acc');
    assert.equal(resumed?.status, 'succeeded');
    assert.equal(resumed?.counts.read, 3, 'only the lines after the committed ones');
    assert.equal(resumed?.counts.inserted, 3);
    assert.equal((await librarySnapshot(lib.store)).cases.length, 7);
    assert.deepEqual(readdirSync(join(folder, 'done')).sort(), ['acc.B0001.jsonl', 'acc.B0001.jsonl.ok']);
    const { rows: progress } = await lib.store.query("SELECT 1 FROM sync_state WHERE stream LIKE '%#file:%'");
    assert.equal(progress.length, 0, 'the file progress is gone once the file is in the ledger');
  });

  test('a row id twice in one page: the last one is applied, the earlier one is quarantined', async () => {
    drop(
      'acc.B0001.jsonl',
      jsonl([acceptRow(1, timeAt(1), { task_name: '第一次' }), acceptRow(1, timeAt(1), { task_name: '第二次' })]),
    );
    const [run] = await service().run('acc');
    assert.equal(run?.counts.inserted, 1);
    const { rows } = await lib.store.query<{ item_name: string }>('SELECT item_name FROM case_acceptances');
    assert.deepEqual(rows, [{ item_name: '第二次' }]);
    const { rows: quarantined } = await lib.store.query<{ reason_code: string }>(
      'SELECT reason_code FROM sync_quarantine',
    );
    assert.deepEqual(quarantined, [{ reason_code: 'duplicate_in_page' }]);
  });

  test('retry-quarantine re-reads the archived file after a mapping fix', async () => {
    drop('acc.B0001.jsonl', jsonl([acceptRow(1, timeAt(1), { task_name: '长'.repeat(120) }), acceptRow(2, timeAt(2))]));
    const [run] = await service().run('acc');
    assert.equal(run?.counts.quarantined, 1);
    const original = layout.streams[0] as StreamDefinition;
    const fixed: StreamDefinition = {
      ...original,
      map: (row, context) => original.map({ ...row, task_name: String(row.task_name).slice(0, 100) }, context),
    };
    const outcome = await service({}, { layout: { name: 'fixed', streams: [fixed] } }).retryQuarantine('acc');
    assert.deepEqual(outcome, { retried: 1, resolved: 1, stillFailing: 0 });
    assert.equal((await librarySnapshot(lib.store)).cases.length, 2);
    rmSync(folder, { recursive: true, force: true });
  });
});
