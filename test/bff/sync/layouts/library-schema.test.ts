/**
 * The layouts' records fit the real resource library: column names exist, normalised codes pass the
 * CHECK constraints, hashes and masks pass the key_hash / masked_text domains, children find their
 * items. Applied with a plain reference writer (reference-writer.ts) on an in-memory PGlite store.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  batchId,
  DEFAULT_ANCHOR,
  seedToInt,
  type FrontRow,
  type SyncStamp,
} from '../../../../bff/dev/generator/index.js';
import type { LibraryRecord, SourceRow } from '../../../../bff/sync/contracts.js';
import { loadLayout, nationalLayout } from '../../../../bff/sync/layouts/index.js';
import { migrate } from '../../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../../bff/store/store.js';
import { guangdongEntries } from '../support/guangdong/audit-item.js';
import { applyRowRecords } from './reference-writer.js';
import { generatedRows, mapContext, mapOk, streamOf } from './support.js';

let store: Store;
const rows = generatedRows('schema', { entries: 30, cases: 60 });

before(async () => {
  store = await openStore({ dataDir: 'memory://' });
  await migrate(store);
});
after(async () => {
  await store?.close();
});

const ORDER = [
  'up_task_directory',
  'up_zone_organization',
  'up_task_general_basic',
  'up_task_general_extend',
  'up_task_general_material',
  'up_task_general_fee_project',
  'up_task_general_questions',
  'up_pro_accept',
  'up_pro_process',
  'up_pro_special_procedure',
  'up_pro_result',
  'up_pro_material',
  'up_evaluate_record',
];

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows: result } = await store.query<{ n: number | string }>(sql, params);
  return Number(result[0]?.n ?? 0);
}

async function applyAll(records: readonly LibraryRecord[]): Promise<void> {
  const outcome = await applyRowRecords(store, records);
  assert.equal(outcome, 'written', `records waited for a parent: ${JSON.stringify(records[0]?.parent)}`);
}

test('every national record fits the library schema, and children find their items', async () => {
  for (const table of ORDER) {
    const stream = streamOf(nationalLayout, table);
    for (const row of rows.get(table) ?? []) {
      try {
        await applyAll(mapOk(stream, row));
      } catch (error) {
        assert.fail(`${table} row ${String(row.row_guid)}: ${(error as Error).message}`);
      }
    }
  }
  const distinct = (table: string, column: string) => new Set((rows.get(table) ?? []).map((r) => r[column])).size;
  assert.equal(await count('SELECT count(*) AS n FROM item_catalog'), distinct('up_task_directory', 'catalog_code'));
  assert.equal(await count('SELECT count(*) AS n FROM organisations'), distinct('up_zone_organization', 'credit_code'));
  assert.equal(await count('SELECT count(*) AS n FROM items'), (rows.get('up_task_general_basic') ?? []).length);
  assert.equal(
    await count('SELECT count(*) AS n FROM item_materials'),
    (rows.get('up_task_general_material') ?? []).length,
  );
  assert.equal(
    await count('SELECT count(*) AS n FROM item_faqs'),
    (rows.get('up_task_general_questions') ?? []).length,
  );
  assert.equal(
    await count('SELECT count(*) AS n FROM item_fees'),
    (rows.get('up_task_general_fee_project') ?? []).length,
  );
  const themes = (rows.get('up_task_general_extend') ?? []).reduce(
    (n, r) => n + (r.user_topic_type ? 1 : 0) + (r.corp_topic_type ? 1 : 0),
    0,
  );
  assert.equal(await count('SELECT count(*) AS n FROM item_themes'), themes);
  // Basic and extend both reached every item, neither wiped the other.
  assert.equal(
    await count(
      `SELECT count(*) AS n FROM items WHERE accept_conditions IS NOT NULL AND channels_raw <> '{}'::jsonb
          AND in_service_hall IS NOT NULL AND source_changed_at IS NOT NULL`,
    ),
    (rows.get('up_task_general_basic') ?? []).length,
  );
  assert.equal(await count('SELECT count(*) AS n FROM case_acceptances'), distinct('up_pro_accept', 'project_no'));
  assert.equal(await count('SELECT count(*) AS n FROM evaluations'), distinct('up_evaluate_record', 'row_guid'));
  assert.equal(
    await count('SELECT count(*) AS n FROM evaluations WHERE is_negative AND rectification_status IS NULL'),
    0,
  );
  assert.ok((await count(`SELECT count(*) AS n FROM case_overview WHERE status = 'completed'`)) > 0);
  // Cases link to library items by the same code rule.
  assert.equal(
    await count(
      'SELECT count(*) AS n FROM case_acceptances a LEFT JOIN items i ON i.code = a.item_code WHERE i.code IS NULL',
    ),
    await count(
      `SELECT count(*) AS n FROM case_acceptances a WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.code = a.item_code)`,
    ),
  );
});

test('a changed theme list replaces the item’s themes; an extend delete clears them and its columns', async () => {
  const extend = (rows.get('up_task_general_extend') ?? []).find((r) => r.user_topic_type) as FrontRow;
  const stream = streamOf(nationalLayout, 'up_task_general_extend');
  const codeOf = async () =>
    (
      await store.query<{ code: string }>('SELECT code FROM items WHERE source = $1 AND source_row_guid = $2', [
        'p23',
        extend.task_guid,
      ])
    ).rows[0]?.code;
  const code = await codeOf();
  assert.ok(code);
  const themesOf = async () =>
    (
      await store.query<{ t: string }>(
        `SELECT audience || ':' || theme_code AS t FROM item_themes WHERE item_code = $1 ORDER BY 1`,
        [code],
      )
    ).rows.map((r) => r.t);
  await applyAll(mapOk(stream, { ...extend, cd_operation: 'U', user_topic_type: '010,020', corp_topic_type: '005' }));
  assert.deepEqual(await themesOf(), ['legal:005', 'natural:010', 'natural:020']);
  await applyAll(mapOk(stream, { ...extend, cd_operation: 'U', user_topic_type: '020', corp_topic_type: null }));
  assert.deepEqual(await themesOf(), ['natural:020']);
  await applyAll(mapOk(stream, { ...extend, cd_operation: 'D' }));
  assert.deepEqual(await themesOf(), []);
  const { rows: item } = await store.query<Record<string, unknown>>(
    'SELECT name, natural_theme_raw, channels_raw, source_row_guid FROM items WHERE code = $1',
    [code],
  );
  assert.equal(item[0]?.natural_theme_raw, null);
  assert.deepEqual(item[0]?.channels_raw, {});
  assert.ok(item[0]?.name, 'the basic row’s columns stay');
});

test('Guangdong records fit the same schema and give the same children per item', async () => {
  const stamp: SyncStamp = {
    batch: batchId(DEFAULT_ANCHOR, 2),
    operation: 'I',
    time: DEFAULT_ANCHOR,
    dataSource: 'p23',
  };
  const entries = guangdongEntries(
    Array.from({ length: 20 }, (_, i) => i),
    seedToInt('schema'),
    stamp,
  );
  const codes = entries.map((e) => String(e.national.basic.task_handle_item ?? e.national.basic.task_code));
  const perItem = async (table: string) =>
    (
      await store.query<{ item_code: string; n: string }>(
        `SELECT item_code, count(*)::text AS n FROM ${table} WHERE item_code = ANY($1::text[]) GROUP BY 1 ORDER BY 1`,
        [`{${codes.join(',')}}`],
      )
    ).rows;
  // The national world above already holds these items (same seed, same entries).
  const nationalCounts = { materials: await perItem('item_materials'), faqs: await perItem('item_faqs') };
  await store.query(`DELETE FROM items WHERE code = ANY($1::text[])`, [`{${codes.join(',')}}`]);
  const auditItem = streamOf(loadLayout('guangdong'), 'AUDIT_ITEM');
  for (const entry of entries) {
    const row: SourceRow = {};
    for (const [key, value] of Object.entries(entry.item)) {
      row[key] =
        value === null || typeof value === 'string' || typeof value === 'number' ? value : JSON.stringify(value);
    }
    await applyAll(mapOk(auditItem, row, mapContext({ source: 'gd' })));
  }
  assert.equal(await count(`SELECT count(*) AS n FROM items WHERE source = 'gd'`), entries.length);
  assert.deepEqual(await perItem('item_materials'), nationalCounts.materials);
  assert.deepEqual(await perItem('item_faqs'), nationalCounts.faqs);
  assert.ok((await count(`SELECT count(*) AS n FROM item_process_steps WHERE source = 'gd'`)) >= entries.length * 4);
  // Dropping a material from the Guangdong list removes it from the library.
  const first = entries[0];
  assert.ok(first);
  const fewer = { ...first.item, OPERATE_TYPE: '2', AUDIT_MATERIAL: (first.item.AUDIT_MATERIAL as unknown[]).slice(1) };
  const row: SourceRow = {};
  for (const [key, value] of Object.entries(fewer)) {
    row[key] = value === null || typeof value === 'string' || typeof value === 'number' ? value : JSON.stringify(value);
  }
  await applyAll(mapOk(auditItem, row, mapContext({ source: 'gd' })));
  assert.equal(
    await count('SELECT count(*) AS n FROM item_materials WHERE item_code = $1', [codes[0]]),
    (first.item.AUDIT_MATERIAL as unknown[]).length - 1,
  );
});
