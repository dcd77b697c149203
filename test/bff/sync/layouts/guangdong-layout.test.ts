import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  batchId,
  DEFAULT_ANCHOR,
  NATURAL_ENTRY_COUNT,
  seedToInt,
  type SyncStamp,
} from '../../../../bff/dev/generator/index.js';
import type { LibraryRecord, SourceRow } from '../../../../bff/sync/contracts.js';
import { loadLayout, nationalLayout } from '../../../../bff/sync/layouts/index.js';
import { openDropFolderSource } from '../../../../bff/sync/sources/file-drop/index.js';
import { guangdongEntries, type GuangdongEntry } from '../support/guangdong/audit-item.js';
import { writeGuangdongDrop } from '../support/guangdong/write-drop.js';
import { mapContext, mapOk, problemCodes, streamOf } from './support.js';

const guangdong = loadLayout('guangdong');
const auditItem = streamOf(guangdong, 'AUDIT_ITEM');
const national = (table: string) => streamOf(nationalLayout, table);
const seed = seedToInt('guangdong');
const stamp: SyncStamp = { batch: batchId(DEFAULT_ANCHOR, 1), operation: 'I', time: DEFAULT_ANCHOR, dataSource: 'p23' };
/** A spread of entries: the first ones, one with fees, a 跨省通办 业务办理项 variant (round 4). */
const INDEXES = [...Array.from({ length: 40 }, (_, i) => i), 4 * NATURAL_ENTRY_COUNT + 3, 4 * NATURAL_ENTRY_COUNT + 11];
const entries = guangdongEntries(INDEXES, seed, stamp);

/** The AUDIT_ITEM object as a drop source hands it over: nested lists as JSON text. */
function asSourceRow(item: Record<string, unknown>): SourceRow {
  const row: SourceRow = {};
  for (const [key, value] of Object.entries(item)) {
    row[key] = value === null || typeof value === 'string' || typeof value === 'number' ? value : JSON.stringify(value);
  }
  return row;
}

const ITEM_COLUMNS = [
  'code',
  'task_handle_item',
  'catalog_code',
  'name',
  'version',
  'task_type',
  'state',
  'use_levels',
  'dept_credit_code',
  'dept_name',
  'dept_type',
  'region_code',
  'service_objects',
  'project_type',
  'statutory_limit',
  'statutory_limit_unit',
  'statutory_limit_note',
  'promised_limit',
  'promised_limit_unit',
  'promised_limit_note',
  'accept_conditions',
  'handling_flow',
  'handle_forms',
  'place',
  'hours',
  'special_procedure',
  'is_fee',
  'limit_scene_num',
  'online_url',
  'mobile_url',
  'in_service_hall',
  'online_handling',
  'express_delivery',
  'online_payment',
  'appointment',
  'self_service_terminal',
  'online_depth',
  'handle_area',
  'result_type_raw',
  'result_name',
  'result_sample_url',
];
const CHILD_COLUMNS: Record<string, readonly string[]> = {
  item_materials: [
    'item_code',
    'name',
    'necessity',
    'material_type',
    'format',
    'paper_copies',
    'page_spec',
    'source_channel',
    'source_channel_note',
    'blank_form_url',
    'sample_url',
    'accept_standard',
    'legal_basis',
    'fill_notes',
    'sort_order',
  ],
  item_fees: ['item_code', 'name', 'standard', 'reducible', 'reduction_basis', 'legal_basis', 'sort_order'],
  item_faqs: ['item_code', 'question', 'answer', 'sort_order'],
};

function pick(values: Record<string, unknown>, columns: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((c) => [c, values[c] ?? null]));
}

/** What the national layout makes of one entry's rows, with the engine's parent.fill done by hand. */
function nationalShape(entry: GuangdongEntry) {
  const context = mapContext();
  const basic = mapOk(national('up_task_general_basic'), entry.national.basic, context);
  const extend = mapOk(national('up_task_general_extend'), entry.national.extend, context);
  const item = {
    ...(basic[0] as LibraryRecord).values,
    ...(extend.find((r) => r.target === 'items') as LibraryRecord).values,
  };
  const fill = (records: LibraryRecord[]): Record<string, unknown>[] =>
    records.filter((r) => r.operation === 'upsert').map((r) => ({ ...r.values, item_code: item.code }));
  const children = (table: string) =>
    fill(
      entry.national[table === 'm' ? 'materials' : table === 'f' ? 'fees' : 'questions'].flatMap((row) =>
        mapOk(
          national(
            table === 'm'
              ? 'up_task_general_material'
              : table === 'f'
                ? 'up_task_general_fee_project'
                : 'up_task_general_questions',
          ),
          row,
          context,
        ),
      ),
    );
  return {
    item,
    item_materials: children('m'),
    item_fees: children('f'),
    item_faqs: children('q'),
    themes: fill(extend.filter((r) => r.target === 'item_themes')).map(
      (v) => `${String(v.audience)}:${String(v.theme_code)}`,
    ),
  };
}

function guangdongShape(records: LibraryRecord[]) {
  const of = (target: string) =>
    records.filter((r) => r.target === target && r.operation === 'upsert').map((r) => r.values);
  return {
    item: of('items')[0] as Record<string, unknown>,
    item_materials: of('item_materials'),
    item_fees: of('item_fees'),
    item_faqs: of('item_faqs'),
    themes: of('item_themes').map((v) => `${String(v.audience)}:${String(v.theme_code)}`),
  };
}

test('a Guangdong AUDIT_ITEM drop maps to the same library shape as the national tables for the same items', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'govdock-gd-'));
  try {
    await writeGuangdongDrop(
      folder,
      'GD20260105T100000-0001',
      entries.map((e) => e.item),
    );
    const source = await openDropFolderSource(folder, { sourceTimeZone: '+08:00' });
    const [file] = await source.listReady(async () => false);
    assert.ok(file, 'the drop file is ready');
    assert.equal(file.table, 'AUDIT_ITEM');
    let index = 0;
    let compared = 0;
    for await (const line of source.readLines(file)) {
      assert.ok('row' in line, `line ${line.line} is a row`);
      const entry = entries[index] as GuangdongEntry;
      index += 1;
      const expected = nationalShape(entry);
      const actual = guangdongShape(mapOk(auditItem, line.row, mapContext({ source: 'gd' })));
      assert.deepEqual(
        pick(actual.item, ITEM_COLUMNS),
        pick(expected.item, ITEM_COLUMNS),
        `item ${String(expected.item.code)}`,
      );
      for (const [target, columns] of Object.entries(CHILD_COLUMNS)) {
        const mine = (actual as unknown as Record<string, Record<string, unknown>[]>)[target] ?? [];
        const theirs = (expected as unknown as Record<string, Record<string, unknown>[]>)[target] ?? [];
        assert.deepEqual(
          mine.map((v) => pick(v, columns)),
          theirs.map((v) => pick(v, columns)),
          `${target} of ${String(expected.item.code)}`,
        );
        compared += mine.length;
      }
      assert.deepEqual(actual.themes.sort(), expected.themes.sort(), `themes of ${String(expected.item.code)}`);
    }
    assert.equal(index, entries.length);
    assert.ok(compared > 200, `only ${compared} child records compared`);
    assert.ok(
      entries.some((e) => e.item.TASKHANDLEITEM !== null),
      'a 业务办理项 variant is among them',
    );
    assert.ok(
      entries.some((e) => (e.item.AUDIT_CHARGE as unknown[]).length > 0),
      'an item with fees is among them',
    );
    assert.ok(
      entries.some((e) => (e.item.SCOPES as unknown[]).length > 0),
      'an item with 通办范围 is among them',
    );
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

test('Guangdong codes go through Guangdong dictionaries, not the national ones', () => {
  const publicService = entries.find((e) => e.national.basic.task_type === '20') as GuangdongEntry;
  assert.equal(publicService.item.TASK_TYPE, '21');
  const item = mapOk(auditItem, asSourceRow(publicService.item))[0] as LibraryRecord;
  assert.equal(item.values.task_type, 'public_service');
  assert.equal(item.values.task_type_raw, '21');
  const immediate = entries.find((e) => e.national.basic.project_type === '1') as GuangdongEntry;
  assert.equal(immediate.item.PROJECT_TYPE, '0');
  assert.equal((mapOk(auditItem, asSourceRow(immediate.item))[0] as LibraryRecord).values.project_type, 'immediate');
  // '2' is 承诺件 nationally but not a Guangdong 办件类型 code at all.
  assert.deepEqual(problemCodes(auditItem, asSourceRow({ ...immediate.item, PROJECT_TYPE: '2' })), [
    'unknown_code:PROJECT_TYPE',
  ]);
  assert.deepEqual(problemCodes(auditItem, asSourceRow({ ...immediate.item, TASK_TYPE: 'XK' })), [
    'unknown_code:TASK_TYPE',
  ]);
});

test('the compact change time yyyyMMddHHmmss becomes the version with the source offset', () => {
  const [item] = mapOk(
    auditItem,
    asSourceRow({ ...(entries[0] as GuangdongEntry).item, UPDATE_TIME: '20260105101502' }),
  );
  assert.equal(item?.version.changedAt, '2026-01-05T10:15:02+08:00');
  assert.equal(item?.version.sourceVersion, 1);
  assert.equal(item?.values.source_changed_at, '2026-01-05T10:15:02+08:00');
});

test('nested lists are complete sets per item, children wait for their item, and problems name the element', () => {
  const entry = entries[0] as GuangdongEntry;
  const records = mapOk(auditItem, asSourceRow(entry.item));
  const materials = records.filter((r) => r.target === 'item_materials');
  assert.ok(materials.length > 1);
  for (const material of materials) {
    assert.deepEqual(material.replaceScope, ['item_code']);
    assert.deepEqual(material.parent, {
      target: 'items',
      key: { code: entry.national.basic.task_handle_item ?? entry.national.basic.task_code },
    });
    assert.ok(!('source_version' in material.values), 'item_materials has no source_version column');
  }
  // All materials removed: the scope is sent empty so the stored ones go.
  const none = mapOk(auditItem, asSourceRow({ ...entry.item, AUDIT_MATERIAL: [] })).filter(
    (r) => r.target === 'item_materials',
  );
  assert.deepEqual(
    none.map((r) => [r.operation, r.values]),
    [['delete', { item_code: entry.national.basic.task_handle_item ?? entry.national.basic.task_code }]],
  );
  const list = entry.item.AUDIT_MATERIAL as Record<string, unknown>[];
  const broken = list.map((m, i) => (i === 1 ? { ...m, MATERIAL_NAME: '' } : i === 2 ? { ...m, PAGE_NUM: '两份' } : m));
  assert.deepEqual(problemCodes(auditItem, asSourceRow({ ...entry.item, AUDIT_MATERIAL: broken })), [
    'bad_number:AUDIT_MATERIAL[2].PAGE_NUM',
    'missing_required:AUDIT_MATERIAL[1].MATERIAL_NAME',
  ]);
  const row = asSourceRow(entry.item);
  assert.deepEqual(problemCodes(auditItem, { ...row, AUDIT_MATERIAL: '[{"MATERIAL_NAME": "身份证' }), [
    'bad_json:AUDIT_MATERIAL',
  ]);
  assert.deepEqual(problemCodes(auditItem, { ...row, AUDIT_MATERIAL: '{"MATERIAL_NAME": "身份证"}' }), [
    'bad_json:AUDIT_MATERIAL',
  ]);
});

test('a Guangdong delete (OPERATE_TYPE 3) deletes the item only; its children go with it by cascade', () => {
  const entry = entries[1] as GuangdongEntry;
  const records = mapOk(auditItem, asSourceRow({ ...entry.item, OPERATE_TYPE: '3' }));
  assert.deepEqual(
    records.map((r) => [r.target, r.operation, r.values]),
    [['items', 'delete', { code: entry.national.basic.task_handle_item ?? entry.national.basic.task_code }]],
  );
  assert.deepEqual(problemCodes(auditItem, asSourceRow({ ...entry.item, OPERATE_TYPE: 'D' })), [
    'unknown_operation:OPERATE_TYPE',
  ]);
});

test('the Guangdong layout reads its themes with its own separator and the shared national theme list', () => {
  const entry = entries.find((e) => e.item.ZRR_THEME !== null) as GuangdongEntry;
  const themes = mapOk(auditItem, asSourceRow({ ...entry.item, ZRR_THEME: '010;020' }))
    .filter((r) => r.target === 'item_themes' && r.values.audience === 'natural')
    .map((r) => r.values.theme_code);
  assert.deepEqual(themes, ['010', '020']);
  assert.deepEqual(problemCodes(auditItem, asSourceRow({ ...entry.item, ZRR_THEME: '010;080' })), [
    'unknown_code:ZRR_THEME[1]',
  ]);
});
