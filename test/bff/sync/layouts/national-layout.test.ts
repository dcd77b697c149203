import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FRONT_TABLES, type FrontRow } from '../../../../bff/dev/generator/index.js';
import { applicantKeyHash, maskIdNumber, maskPhone } from '../../../../bff/privacy/pii.js';
import type { LibraryRecord } from '../../../../bff/sync/contracts.js';
import { nationalLayout } from '../../../../bff/sync/layouts/index.js';
import { generatedRows, mapContext, mapOk, streamOf, TEST_KEY } from './support.js';

const rows = generatedRows();
const stream = (table: string) => streamOf(nationalLayout, table);
const first = (table: string, pick: (row: FrontRow) => boolean = () => true): FrontRow => {
  const row = (rows.get(table) ?? []).find(pick);
  assert.ok(row, `no generated ${table} row`);
  return row;
};
const only = (records: LibraryRecord[], target: string): LibraryRecord => {
  const found = records.filter((r) => r.target === target);
  assert.equal(found.length, 1, `expected one ${target} record, got ${found.length}`);
  return found[0] as LibraryRecord;
};

/** Inbound tables mapped by layouts of their own: national-replies.json, national-announcements.json. */
const ELSEWHERE = new Set(['up_consult_reply', 'up_site_announcement']);
const TABLES = FRONT_TABLES.filter((table) => !ELSEWHERE.has(table.name));

test('the layout declares every column of every front table the generator writes, with its type and length', () => {
  for (const table of TABLES) {
    const definition = stream(table.name);
    const expected = new Map((definition.expectedColumns ?? []).map((c) => [c.name, c]));
    for (const column of table.columns) {
      const declared = expected.get(column.name);
      assert.ok(declared, `${table.name}.${column.name} is not declared in national.json`);
      assert.equal(declared.type, column.type, `${table.name}.${column.name} type`);
      assert.equal(declared.length, column.length, `${table.name}.${column.name} length`);
      // NOT NULL at the front table = required in the layout; data_source of up_evaluate_record is the one nullable sync column.
      assert.equal(!declared.nullable, column.notNull, `${table.name}.${column.name} required`);
    }
    assert.equal(expected.size, table.columns.length, `${table.name}: the layout declares columns the table lacks`);
    assert.deepEqual(definition.cursor, { timeColumn: 'cd_time', idColumn: 'row_guid' });
  }
});

test('every generated row of every national stream maps without problems', () => {
  for (const table of TABLES) {
    const list = rows.get(table.name) ?? [];
    assert.ok(list.length > 0, `the small world has no ${table.name} rows`);
    for (const row of list) mapOk(stream(table.name), row);
  }
});

test('up_task_directory → item_catalog with normalised codes and the raw ones beside them', () => {
  const row = first('up_task_directory', (r) => String(r.use_level).includes(','));
  const catalog = only(mapOk(stream('up_task_directory'), row), 'item_catalog');
  assert.deepEqual(catalog.conflictKey, ['catalog_code']);
  assert.equal(catalog.values.catalog_code, row.catalog_code);
  assert.equal(catalog.values.task_type_raw, row.task_type);
  assert.equal(catalog.values.state, 'active');
  assert.equal(catalog.values.plan_effective_at, '2019-01-01T00:00:00+08:00');
  const levels = { '2': 'province', '3': 'city', '4': 'county' } as Record<string, string>;
  assert.deepEqual(
    catalog.values.use_levels,
    String(row.use_level)
      .split(',')
      .map((l) => levels[l]),
  );
  assert.equal(catalog.version.sourceVersion, 1);
  assert.equal(catalog.values.source_row_guid, row.row_guid);
});

test('up_task_general_basic → items keyed by 业务办理项编码 or else 实施编码, region from the credit code', () => {
  const row = first('up_task_general_basic');
  const item = only(mapOk(stream('up_task_general_basic'), row), 'items');
  assert.deepEqual(item.conflictKey, ['code']);
  assert.equal(item.values.code, row.task_handle_item ?? row.task_code);
  assert.equal(item.values.dept_credit_code, row.dept_code);
  assert.equal(item.values.region_code, `${String(row.dept_code).slice(2, 8)}000000`);
  assert.equal(item.values.project_type, row.project_type === '1' ? 'immediate' : 'promised');
  assert.equal(item.values.promised_limit_unit, 'working_day');
  assert.equal(item.values.promised_limit_unit_raw, '1');
  assert.equal(item.values.is_fee, row.is_fee === '1');
  assert.equal(item.values.limit_scene_num, row.limit_scene_num);
  assert.equal(item.values.source, 'p23');
  assert.equal(item.write, undefined);
  const variant = { ...row, task_handle_item: `${String(row.task_code)}07` };
  assert.equal(
    only(mapOk(stream('up_task_general_basic'), variant), 'items').values.code,
    `${String(row.task_code)}07`,
  );
});

test('up_task_general_extend only updates the columns it owns on the item its basic row created', () => {
  const row = first('up_task_general_extend', (r) => r.user_topic_type !== null);
  const records = mapOk(stream('up_task_general_extend'), row);
  const basicRecord = only(mapOk(stream('up_task_general_basic'), first('up_task_general_basic')), 'items');
  const extend = only(records, 'items');
  assert.equal(extend.write, 'update');
  assert.deepEqual(extend.conflictKey, ['source', 'source_row_guid']);
  assert.deepEqual(extend.values.source_row_guid, row.task_guid);
  assert.deepEqual(extend.parent, { target: 'items', key: { source: 'p23', source_row_guid: row.task_guid } });
  // Neither record touches the other's columns; the extend sets no trace columns of the basic row.
  const extendOwn = Object.keys(extend.values).filter((c) => c !== 'source' && c !== 'source_row_guid');
  for (const column of extendOwn) assert.ok(!(column in basicRecord.values), `${column} is set by both streams`);
  for (const column of ['source_changed_at', 'source_batch', 'source_version', 'code', 'name']) {
    assert.ok(!(column in extend.values), `extend must not set ${column}`);
  }
  assert.equal(extend.values.natural_theme_raw, row.user_topic_type);
  assert.deepEqual(extend.values.channels_raw, {
    is_entry_center: row.is_entry_center,
    is_online: row.is_online,
    is_express: row.is_express,
    is_pay_online: row.is_pay_online,
    is_schedule: row.is_schedule,
    is_service_terminals: row.is_service_terminals,
  });
  assert.equal(extend.values.online_depth, String(row.online_handle_depth).startsWith('四') ? 4 : 3);
});

test('item themes come from the theme lists as complete sets per audience, the item code filled from the parent', () => {
  const row = first('up_task_general_extend', (r) => r.user_topic_type !== null && r.corp_topic_type === null);
  const themes = mapOk(stream('up_task_general_extend'), { ...row, user_topic_type: '010,020' }).filter(
    (r) => r.target === 'item_themes',
  );
  const natural = themes.filter((r) => r.values.audience === 'natural');
  assert.deepEqual(
    natural.map((r) => [r.operation, r.values.theme_code]),
    [
      ['upsert', '010'],
      ['upsert', '020'],
    ],
  );
  for (const record of natural) {
    assert.deepEqual(record.replaceScope, ['item_code', 'audience']);
    assert.deepEqual(record.parent?.fill, { item_code: 'code' });
    assert.deepEqual(record.parent?.key, { source: 'p23', source_row_guid: row.task_guid });
    assert.ok(!('source' in record.values), 'item_themes has no trace columns');
  }
  // No 法人 themes: the scope is sent empty so stale rows go.
  const legal = themes.filter((r) => r.values.audience === 'legal');
  assert.deepEqual(
    legal.map((r) => [r.operation, r.values]),
    [['delete', { audience: 'legal' }]],
  );
  assert.deepEqual(legal[0]?.parent?.fill, { item_code: 'code' });
});

test('materials, fees and questions wait for their item and get its code filled in', () => {
  for (const [table, target] of [
    ['up_task_general_material', 'item_materials'],
    ['up_task_general_fee_project', 'item_fees'],
    ['up_task_general_questions', 'item_faqs'],
  ] as const) {
    const row = first(table);
    const record = only(mapOk(stream(table), row), target);
    assert.deepEqual(record.parent, {
      target: 'items',
      key: { source: 'p23', source_row_guid: row.task_guid },
      fill: { item_code: 'code' },
    });
    assert.deepEqual(record.conflictKey, ['source', 'source_row_guid']);
    assert.equal(record.values.source_row_guid, row.row_guid);
    assert.equal(record.values.sort_order, row.order_num);
  }
  const material = only(mapOk(stream('up_task_general_material'), first('up_task_general_material')), 'item_materials');
  assert.ok(['required', 'optional', 'deferrable'].includes(String(material.values.necessity)));
});

test('up_zone_organization → organisations keyed by credit code', () => {
  const row = first('up_zone_organization');
  const org = only(mapOk(stream('up_zone_organization'), row), 'organisations');
  assert.deepEqual(org.conflictKey, ['credit_code']);
  assert.equal(org.values.name, row.org_name);
  assert.equal(org.values.exist_task, true);
  assert.equal(org.values.region_code, `${String(row.credit_code).slice(2, 8)}000000`);
});

test('up_pro_accept → case_acceptances: ID numbers become keyed hashes and masks, persons’ names masked', () => {
  const person = first('up_pro_accept', (r) => r.applyer_type === '1');
  const record = only(mapOk(stream('up_pro_accept'), person), 'case_acceptances');
  assert.deepEqual(record.conflictKey, ['project_no']);
  assert.equal(record.parent, undefined, 'cases have no parent to wait for');
  assert.equal(record.values.applicant_key_hash, applicantKeyHash(String(person.applyer_page_code), TEST_KEY));
  assert.equal(record.values.applicant_id_masked, maskIdNumber(String(person.applyer_page_code)));
  assert.equal(record.values.contact_mobile_masked, maskPhone(String(person.contact_mobile)));
  assert.equal(record.values.applicant_type, 'natural');
  assert.equal(record.values.applicant_id_type, '111');
  const name = String(person.applyer_name);
  assert.equal(record.values.applicant_name_masked, name[0] + '*'.repeat([...name].length - 1));
  assert.ok(!String(record.values.summary).includes(name), 'the summary keeps no plain name');
  assert.equal(record.values.accepted_at, `${String(person.accept_date).replace(' ', 'T')}+08:00`);
  const company = first('up_pro_accept', (r) => r.applyer_type === '2');
  const companyRecord = only(mapOk(stream('up_pro_accept'), company), 'case_acceptances');
  assert.equal(companyRecord.values.applicant_name_masked, company.applyer_name, 'a legal person’s name is public');
  assert.equal(companyRecord.values.applicant_id_type, '001');
  assert.equal(companyRecord.values.contact_key_hash, applicantKeyHash(String(company.contact_code), TEST_KEY));
});

test('case steps, special procedures, results and materials map without waiting for the case', () => {
  const step = only(mapOk(stream('up_pro_process'), first('up_pro_process')), 'case_process_steps');
  assert.equal(step.parent, undefined);
  assert.ok(['pass', 'return', 'other'].includes(String(step.values.action)));
  const special = only(
    mapOk(stream('up_pro_special_procedure'), first('up_pro_special_procedure')),
    'case_special_procedures',
  );
  assert.equal(special.values.type, 'extension');
  const resultRow = first('up_pro_result');
  const result = only(mapOk(stream('up_pro_result'), resultRow), 'case_results');
  assert.deepEqual(result.conflictKey, ['project_no']);
  const expected = { '0': 'approved', '1': 'denied', '2': 'voided', '6': 'not_accepted' } as Record<string, string>;
  assert.equal(result.values.result_type, expected[String(resultRow.result_type)]);
  assert.equal(typeof result.values.delivery, 'boolean');
  const material = only(mapOk(stream('up_pro_material'), first('up_pro_material')), 'case_materials');
  assert.equal(material.values.receive_method_raw, first('up_pro_material').get_type);
});

test('evaluations carry the national 好差评 scheme, its level, 整改 and 回访', () => {
  const rowsOf = rows.get('up_evaluate_record') ?? [];
  for (const row of rowsOf) {
    const record = only(mapOk(stream('up_evaluate_record'), row), 'evaluations');
    assert.equal(record.values.satisfaction_scheme, 'hcp-national');
    assert.equal(record.values.satisfaction_raw, row.satisfaction);
    // The national interface counts from 非常不满意: raw 5 = level 5 (非常满意).
    assert.equal(record.values.satisfaction_level, Number(row.satisfaction));
  }
  const bad = first('up_evaluate_record', (r) => Number(r.satisfaction) <= 2);
  const pending = only(mapOk(stream('up_evaluate_record'), bad), 'evaluations');
  assert.equal(pending.values.rectification_status, 'pending');
  assert.ok((pending.values.indicator_codes as string[]).length > 0);
  const rectified = {
    ...bad,
    cd_operation: 'U',
    rectification: '已约谈窗口负责人，增设引导岗',
    rectification_date: '2026-01-06 09:30:00',
    answer: '您反映的问题已整改',
    answer_status: '1',
  };
  const revisited = only(mapOk(stream('up_evaluate_record'), rectified), 'evaluations');
  assert.equal(revisited.values.rectification_status, 'revisited');
  assert.equal(revisited.values.rectified_at, '2026-01-06T09:30:00+08:00');
  assert.equal(revisited.values.revisit_result, '您反映的问题已整改');
  const good = only(
    mapOk(
      stream('up_evaluate_record'),
      first('up_evaluate_record', (r) => r.satisfaction === '5'),
    ),
    'evaluations',
  );
  assert.equal(good.values.rectification_status, null);
  assert.equal(good.values.channel !== null, true);
});

test('a delete at the source deletes by key; an extend delete clears only the extend’s columns', () => {
  const material = first('up_task_general_material');
  const deleted = only(mapOk(stream('up_task_general_material'), { ...material, cd_operation: 'D' }), 'item_materials');
  assert.equal(deleted.operation, 'delete');
  assert.deepEqual(deleted.values, { source: 'p23', source_row_guid: material.row_guid });
  assert.equal(deleted.parent, undefined, 'deleting by its own key needs no parent');

  const accept = first('up_pro_accept');
  const gone = only(mapOk(stream('up_pro_accept'), { ...accept, cd_operation: 'D' }), 'case_acceptances');
  assert.deepEqual(gone.values, { project_no: accept.project_no });

  const extend = first('up_task_general_extend');
  const cleared = mapOk(stream('up_task_general_extend'), { ...extend, cd_operation: 'D' });
  const item = only(cleared, 'items');
  assert.equal(item.operation, 'upsert');
  assert.equal(item.write, 'update');
  assert.equal(item.values.natural_theme_raw, null);
  assert.deepEqual(item.values.channels_raw, {});
  assert.deepEqual(item.values.extra, {});
  assert.equal(item.values.source_row_guid, extend.task_guid);
  const themes = cleared.filter((r) => r.target === 'item_themes');
  assert.deepEqual(
    themes.map((r) => [r.operation, r.values]),
    [
      ['delete', { audience: 'natural' }],
      ['delete', { audience: 'legal' }],
    ],
  );
  assert.ok(themes.every((r) => r.parent?.fill?.item_code === 'code'));
});

test('a delete row is not refused for problems outside its key', () => {
  const accept = first('up_pro_accept');
  const records = mapOk(stream('up_pro_accept'), {
    ...accept,
    cd_operation: 'D',
    apply_date: '0000-00-00 00:00:00',
    applyer_type: 'X',
  });
  assert.equal(records[0]?.operation, 'delete');
});

test('no raw ID number or mobile appears in any library record', () => {
  const sensitive = [
    'applyer_page_code',
    'contact_code',
    'contact_mobile',
    'cert_key_gov',
    'handle_user_page_code',
    'cert_key',
    'address',
  ];
  const records: LibraryRecord[] = [];
  let secrets = 0;
  for (const table of TABLES) {
    for (const row of rows.get(table.name) ?? []) {
      const mapped = mapOk(stream(table.name), row);
      records.push(...mapped);
      // A row's records can only carry that row's values: scan each row's output for its own secrets.
      const text = JSON.stringify(mapped);
      for (const column of sensitive) {
        const value = row[column];
        // 18-char applicant 统一社会信用代码 are a legal person's public code, but still never stored plainly.
        if (typeof value !== 'string' || value.length < 11) continue;
        secrets += 1;
        assert.ok(!text.includes(value), `${table.name}.${column} leaked: ${maskIdNumber(value)}`);
      }
    }
  }
  assert.ok(secrets > 500, `too few secrets to make the scan meaningful (${secrets})`);
  const text = JSON.stringify(records);
  // Also any ID-number or mobile shape (not inside a hex hash or GUID).
  const idShape = /(?<![0-9A-Za-z-])\d{17}[\dXx](?![0-9A-Za-z-])/.exec(text);
  assert.equal(
    idShape,
    null,
    `an 18-digit ID number: …${idShape ? text.slice(idShape.index - 80, idShape.index + 20) : ''}`,
  );
  const mobileShape = /(?<![0-9A-Za-z-])1[3-9]\d{9}(?![0-9A-Za-z-])/.exec(text);
  assert.equal(
    mobileShape,
    null,
    `a mobile number: …${mobileShape ? text.slice(mobileShape.index - 80, mobileShape.index + 20) : ''}`,
  );
});

test('redact() masks personal columns and free text for the quarantine copy', () => {
  const row = first('up_pro_accept', (r) => r.applyer_type === '1');
  const copy = stream('up_pro_accept').redact?.(row);
  assert.ok(copy);
  assert.equal(copy.applyer_page_code, maskIdNumber(String(row.applyer_page_code)));
  assert.equal(copy.contact_mobile, maskPhone(String(row.contact_mobile)));
  assert.notEqual(copy.address, row.address);
  assert.equal(copy.project_no, row.project_no);
  assert.equal(copy.task_name, row.task_name);
});

test('map() is pure: the same row and context give equal records', () => {
  const row = first('up_evaluate_record');
  assert.deepEqual(
    stream('up_evaluate_record').map(row, mapContext()),
    stream('up_evaluate_record').map(row, mapContext()),
  );
});

test('micro-benchmark: map() rows per second (printed, floor 25,000/s)', () => {
  const context = mapContext();
  const sampleOf = (tables: readonly string[]) =>
    tables.flatMap((table) => (rows.get(table) ?? []).map((row) => ({ row, definition: stream(table) })));
  const figures: string[] = [];
  for (const [label, sample] of [
    ['up_pro_accept (2 keyed hashes, 5 masks)', sampleOf(['up_pro_accept'])],
    [
      'case mix (accept/process/result/material/evaluation)',
      sampleOf(['up_pro_accept', 'up_pro_process', 'up_pro_result', 'up_pro_material', 'up_evaluate_record']),
    ],
  ] as const) {
    // Rows per CPU second of this process, best of five rounds after a warm-up: the machine is shared
    // with other work, so wall-clock time would measure the neighbours, not this code.
    let rate = 0;
    for (let round = 0; round < 6; round += 1) {
      let n = 0;
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      while (Number(process.hrtime.bigint() - start) < 250e6) {
        for (const { row, definition } of sample) definition.map(row, context);
        n += sample.length;
      }
      const used = process.cpuUsage(cpu);
      const cpuSeconds = (used.user + used.system) / 1e6;
      if (round > 0) rate = Math.max(rate, Math.round(n / cpuSeconds));
    }
    figures.push(`${label}: ${rate.toLocaleString('en-US')} rows per CPU-second`);
    assert.ok(rate > 25_000, `${label}: ${rate} rows/s is below the engine's 25,000 rows/s`);
  }
  console.log(`map() throughput — ${figures.join('; ')}`);
});
