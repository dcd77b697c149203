/**
 * The record shapes layouts need beyond a plain upsert (contracts.ts LibraryRecord), on the embedded
 * stack: children whose foreign key the parent fills in (`parent.fill`: an item's materials know only
 * the basic row's row_guid), update-only writes of another stream's row (`write: 'update'`: the
 * extend table → items), and set-valued children replaced as a whole (`replaceScope`: themes).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Layout, LibraryRecord, MapResult, SourceRow, StreamDefinition } from '../../../../bff/sync/contracts.js';
import { sourceTimeToIso } from '../../../../bff/sync/sources/sql/source-time.js';
import { pgliteFront, type TestFront } from '../support/front-targets.js';
import { pgliteLibrary, type TestLibrary } from '../support/library-targets.js';
import { testService, timeAt } from '../support/scenario.js';

const COMMON = ['row_guid', 'cd_time', 'cd_operation'];

function stream(
  name: string,
  columns: string[],
  map: (row: SourceRow, source: string) => LibraryRecord[],
): StreamDefinition {
  return {
    name,
    kind: 'items',
    sourceTable: name,
    cursor: { timeColumn: 'cd_time', idColumn: 'row_guid' },
    requiredColumns: COMMON,
    knownColumns: [...COMMON, ...columns],
    map(row, context): MapResult {
      return { ok: true, records: map(row, context.source) };
    },
  };
}

const versionOf = (row: SourceRow) => ({ changedAt: sourceTimeToIso(String(row.cd_time), '+08:00') as string });
const operationOf = (row: SourceRow): 'upsert' | 'delete' => (row.cd_operation === 'D' ? 'delete' : 'upsert');

const layout: Layout = {
  name: 'record-writes',
  streams: [
    stream('t_basic', ['task_code', 'task_name', 'themes'], (row, source) => {
      const parent = {
        target: 'items',
        key: { source, source_row_guid: String(row.row_guid) },
        fill: { item_code: 'code' },
      };
      const themes = String(row.themes ?? '')
        .split(',')
        .filter(Boolean);
      const item: LibraryRecord = {
        target: 'items',
        conflictKey: ['code'],
        operation: operationOf(row),
        version: versionOf(row),
        values: {
          code: row.task_code,
          name: row.task_name,
          dept_credit_code: '11230000MB0000000X',
          dept_name: '测试厅',
          source,
          source_row_guid: row.row_guid,
        },
      };
      const members: LibraryRecord[] = themes.map((theme) => ({
        target: 'item_themes',
        conflictKey: ['item_code', 'audience', 'theme_code'],
        operation: 'upsert',
        version: versionOf(row),
        values: { audience: 'natural', theme_code: theme },
        parent,
        replaceScope: ['item_code', 'audience'],
      }));
      // No themes any more: one marker says "this scope is now empty".
      const marker: LibraryRecord = {
        target: 'item_themes',
        conflictKey: ['item_code', 'audience', 'theme_code'],
        operation: 'delete',
        version: versionOf(row),
        values: { audience: 'natural' },
        parent,
        replaceScope: ['item_code', 'audience'],
      };
      return [item, ...(members.length > 0 ? members : [marker])];
    }),
    stream('t_material', ['task_guid', 'material_name'], (row, source) => [
      {
        target: 'item_materials',
        conflictKey: ['source', 'source_row_guid'],
        operation: operationOf(row),
        version: versionOf(row),
        values: { name: row.material_name, source, source_row_guid: row.row_guid },
        parent: {
          target: 'items',
          key: { source, source_row_guid: String(row.task_guid) },
          fill: { item_code: 'code' },
        },
      },
    ]),
    stream('t_extend', ['task_guid', 'online'], (row, source) => [
      {
        target: 'items',
        write: 'update',
        conflictKey: ['source', 'source_row_guid'],
        operation: 'upsert',
        version: versionOf(row),
        values: { source, source_row_guid: row.task_guid, online_handling: row.online === '1' },
        parent: { target: 'items', key: { source, source_row_guid: String(row.task_guid) } },
      },
    ]),
  ],
};

describe('fill, update-only and replace-scope records (embedded)', () => {
  let lib: TestLibrary;
  let front: TestFront;

  before(async () => {
    [lib, front] = await Promise.all([pgliteLibrary.setup(), pgliteFront.setup()]);
    await front.exec(`
      CREATE TABLE t_basic (row_guid text PRIMARY KEY, cd_time timestamp(6), cd_operation text, task_code text, task_name text, themes text);
      CREATE TABLE t_material (row_guid text PRIMARY KEY, cd_time timestamp(6), cd_operation text, task_guid text, material_name text);
      CREATE TABLE t_extend (row_guid text PRIMARY KEY, cd_time timestamp(6), cd_operation text, task_guid text, online text);`);
  });
  after(async () => {
    await Promise.allSettled([lib?.teardown(), front?.teardown()]);
  });

  test('children wait for their item, then get its code; an update-only row changes only its own columns', async () => {
    const source = await front.openSource();
    const service = testService({ store: lib.store, source, layout }, { lookbackSeconds: 3600 });
    await front.upsert('t_material', [
      { row_guid: 'M1', cd_time: timeAt(1), cd_operation: 'I', task_guid: 'B1', material_name: '身份证明' },
      { row_guid: 'M2', cd_time: timeAt(1), cd_operation: 'I', task_guid: 'B1', material_name: '申请表' },
    ]);
    await front.upsert('t_extend', [
      { row_guid: 'E1', cd_time: timeAt(1), cd_operation: 'I', task_guid: 'B1', online: '1' },
    ]);
    const early = await service.run();
    assert.deepEqual(
      early.map((s) => [s.stream, s.counts.pending]),
      [
        ['t_basic', 0],
        ['t_material', 2],
        ['t_extend', 1],
      ],
    );
    await front.upsert('t_basic', [
      {
        row_guid: 'B1',
        cd_time: timeAt(2),
        cd_operation: 'I',
        task_code: '230100-001',
        task_name: '事项一',
        themes: '005,010',
      },
    ]);
    await service.run('t_basic');
    const { rows: materials } = await lib.store.query<{ item_code: string; name: string }>(
      'SELECT item_code, name FROM item_materials ORDER BY name',
    );
    assert.deepEqual(materials, [
      { item_code: '230100-001', name: '申请表' },
      { item_code: '230100-001', name: '身份证明' },
    ]);
    const { rows: items } = await lib.store.query<{ online_handling: boolean; changed: string }>(
      `SELECT online_handling, to_char(source_changed_at AT TIME ZONE 'Asia/Shanghai', 'HH24:MI:SS') AS changed FROM items`,
    );
    assert.deepEqual(
      items,
      [{ online_handling: true, changed: '10:00:02' }],
      'the update leaves the trace columns alone',
    );
    assert.equal((await lib.store.query('SELECT 1 FROM sync_pending')).rows.length, 0);

    // The extend row changes again; the update is applied, and an identical one is "unchanged".
    await front.upsert('t_extend', [
      { row_guid: 'E1', cd_time: timeAt(5), cd_operation: 'U', task_guid: 'B1', online: '0' },
    ]);
    const [changed] = await service.run('t_extend');
    assert.equal(changed?.counts.updated, 1);
    const [same] = await service.run('t_extend');
    assert.equal(same?.counts.unchanged, 1);

    // A material deleted at the source is deleted in the library.
    await front.upsert('t_material', [
      { row_guid: 'M2', cd_time: timeAt(6), cd_operation: 'D', task_guid: 'B1', material_name: '申请表' },
    ]);
    const [deleted] = await service.run('t_material');
    assert.equal(deleted?.counts.deleted, 1);
    await service.close();
    await source.close();
  });

  test('a set of themes is replaced as a whole, down to the empty set', async () => {
    const source = await front.openSource();
    const service = testService({ store: lib.store, source, layout }, { lookbackSeconds: 3600 });
    const themes = async () =>
      (
        await lib.store.query<{ theme_code: string }>('SELECT theme_code FROM item_themes ORDER BY theme_code')
      ).rows.map((r) => r.theme_code);
    await front.upsert('t_basic', [
      {
        row_guid: 'B1',
        cd_time: timeAt(10),
        cd_operation: 'U',
        task_code: '230100-001',
        task_name: '事项一',
        themes: '010,020',
      },
    ]);
    await service.run('t_basic');
    assert.deepEqual(await themes(), ['010', '020']);
    await front.upsert('t_basic', [
      {
        row_guid: 'B1',
        cd_time: timeAt(11),
        cd_operation: 'U',
        task_code: '230100-001',
        task_name: '事项一',
        themes: '',
      },
    ]);
    await service.run('t_basic');
    assert.deepEqual(await themes(), []);
    await service.close();
    await source.close();
  });
});
