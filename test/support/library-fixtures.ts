/**
 * Fills the resource library's reference and item tables (regions, organisations, items, item_themes,
 * item_materials, item_fees, item_faqs) from the front-processor generator's implementation entries,
 * by direct SQL, for the navigation/search tests and benchmarks.
 *
 * This is NOT the sync. The real path (front tables → per-source mapping → version-guarded upserts,
 * quarantine) is bff/sync, written separately; this loader maps only the columns the navigation API
 * reads, into the same normalised vocabularies (migration 0002), and stays small on purpose. When the
 * sync lands, tests that need the full path should feed it instead.
 */
import { DIVISIONS, implementationEntry, implementationRows, type FrontRow } from '../../bff/dev/generator/index.js';
import type { Sql } from '../../bff/store/types.js';

export interface LibraryFixtureOptions {
  /** Implementation entries 0…entryCount-1 (round-robin over the catalogue, province and 哈尔滨 first). */
  entryCount: number;
  seed?: number;
  /** updated_at of entry i is anchor minus (i mod 97) hours, so `sort=updated` has something to order. */
  anchor?: Date;
}

export interface LibraryFixture {
  codes: string[];
}

const TASK_TYPES: Readonly<Record<string, string>> = {
  '01': 'licensing',
  '02': 'penalty',
  '03': 'coercion',
  '04': 'levy',
  '05': 'payment',
  '06': 'inspection',
  '07': 'confirmation',
  '08': 'reward',
  '09': 'adjudication',
  '10': 'other_power',
  '20': 'public_service',
};
const USE_LEVELS: Readonly<Record<string, string>> = { '2': 'province', '3': 'city', '4': 'county' };
const OBJECTS: Readonly<Record<string, string>> = {
  '1': 'natural',
  '2': 'enterprise',
  '3': 'institution',
  '4': 'social_org',
};
const FORMS: Readonly<Record<string, string>> = {
  '1': 'window',
  '2': 'pc_online',
  '3': 'mobile_online',
  '4': 'express',
};
const NECESSITY: Readonly<Record<string, string>> = { '1': 'required', '2': 'optional', '3': 'deferrable' };
const MATERIAL_TYPES: Readonly<Record<string, string>> = { '1': 'certificate', '2': 'form', '3': 'other' };
const FORMATS: Readonly<Record<string, string>> = { '1': 'paper', '2': 'electronic', '3': 'paper_or_electronic' };
const CHANNELS: Readonly<Record<string, string>> = { '10': 'applicant', '20': 'government', '99': 'other' };
const AREAS: Readonly<Record<string, string>> = {
  '1': 'national',
  '2': 'cross_province',
  '3': 'cross_city',
  '4': 'cross_county',
};

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const list = (raw: unknown, map: Readonly<Record<string, string>>): string[] =>
  String(raw ?? '')
    .split(',')
    .map((code) => map[code.trim()])
    .filter((value): value is string => value !== undefined);
const phoneIn = (way: unknown): string | null => /(\d{3,4}-\d{7,8})/.exec(String(way ?? ''))?.[1] ?? null;

async function insertJson(sql: Sql, table: string, columns: readonly string[], rows: readonly object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const cols = columns.join(', ');
    await sql.query(
      `INSERT INTO ${table} (${cols}) SELECT ${cols} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) ON CONFLICT DO NOTHING`,
      [JSON.stringify(rows.slice(i, i + 500))],
    );
  }
}

async function loadRegions(sql: Sql): Promise<void> {
  const level = { province: 'province', prefecture: 'city', county: 'county' } as const;
  const rows = DIVISIONS.map((d) => ({
    code: d.code,
    name: d.name,
    level: level[d.level],
    parent_code: d.parentCode,
    source: 'fixture',
  }));
  await insertJson(sql, 'regions', ['code', 'name', 'level', 'parent_code', 'source'], rows);
}

export async function loadLibraryFixture(sql: Sql, options: LibraryFixtureOptions): Promise<LibraryFixture> {
  const seed = options.seed ?? 7;
  const anchor = options.anchor ?? new Date('2026-01-05T10:00:00+08:00');
  const stamp = { batch: 'fixture', operation: 'I' as const, time: anchor.getTime(), dataSource: 'p23' };
  await loadRegions(sql);
  const items: object[] = [];
  const themes: object[] = [];
  const materials: object[] = [];
  const fees: object[] = [];
  const faqs: object[] = [];
  const orgs = new Map<string, object>();
  const codes: string[] = [];
  for (let index = 0; index < options.entryCount; index += 1) {
    const entry = implementationEntry(index);
    let basic: FrontRow = {};
    let extend: FrontRow = {};
    const code = entry.taskHandleItem ?? entry.taskCode;
    for (const { table, row } of implementationRows(entry, { seed, stamp })) {
      if (table === 'up_task_general_basic') basic = row;
      else if (table === 'up_task_general_extend') extend = row;
      else if (table === 'up_task_general_material') {
        materials.push({
          item_code: code,
          name: row.material_name,
          necessity_raw: row.is_need,
          necessity: NECESSITY[String(row.is_need)] ?? null,
          material_type_raw: row.material_type,
          material_type: MATERIAL_TYPES[String(row.material_type)] ?? null,
          format_raw: row.material_format,
          format: FORMATS[String(row.material_format)] ?? null,
          paper_copies: row.page_num,
          page_spec: row.page_format,
          source_channel_raw: row.source_type,
          source_channel: CHANNELS[String(row.source_type)] ?? null,
          source_channel_note: row.source_explain,
          blank_form_url: row.form_guid,
          sample_url: row.example_guid,
          accept_standard: row.accept_stand,
          legal_basis: row.by_law,
          fill_notes: row.fill_explain,
          sort_order: row.order_num,
          source: 'fixture',
          source_row_guid: row.row_guid,
        });
      } else if (table === 'up_task_general_fee_project') {
        fees.push({
          item_code: code,
          name: row.fee_name,
          standard: row.fee_stand,
          reducible_raw: row.is_desc,
          reducible: row.is_desc === '1',
          reduction_basis: row.desc_explain,
          legal_basis: row.by_law,
          sort_order: row.order_num,
          source: 'fixture',
          source_row_guid: row.row_guid,
        });
      } else if (table === 'up_task_general_questions') {
        faqs.push({
          item_code: code,
          question: row.question,
          answer: row.answer,
          sort_order: row.order_num,
          source: 'fixture',
          source_row_guid: row.row_guid,
        });
      }
    }
    const { dept } = entry;
    orgs.set(dept.creditCode, {
      credit_code: dept.creditCode,
      org_code: dept.orgCode,
      name: dept.name,
      short_name: dept.shortName,
      region_code: dept.division.code,
      level: USE_LEVELS[dept.useLevel],
      exist_task: true,
      source: 'fixture',
    });
    const updatedAt = new Date(anchor.getTime() - (index % 97) * 3_600_000).toISOString();
    items.push({
      code,
      task_handle_item: entry.taskHandleItem,
      local_code: basic.local_task_code,
      catalog_code: basic.catalog_code,
      name: basic.task_name,
      version: 1,
      task_type_raw: basic.task_type,
      task_type: TASK_TYPES[String(basic.task_type)] ?? null,
      state_raw: '1',
      state: 'active',
      use_level_raw: basic.use_level,
      use_levels: list(basic.use_level, USE_LEVELS),
      dept_credit_code: dept.creditCode,
      dept_name: dept.name,
      dept_type_raw: basic.dept_type,
      dept_type: basic.dept_type === '2' ? 'authorised' : 'statutory',
      region_code: dept.division.code,
      service_objects_raw: basic.server_type,
      service_objects: list(basic.server_type, OBJECTS),
      project_type_raw: basic.project_type,
      project_type: basic.project_type === '1' ? 'immediate' : 'promised',
      statutory_limit: basic.anticipate_day,
      statutory_limit_unit_raw: '1',
      statutory_limit_unit: 'working_day',
      statutory_limit_note: basic.anticipate_explain,
      promised_limit: basic.promise_day,
      promised_limit_unit_raw: '1',
      promised_limit_unit: 'working_day',
      promised_limit_note: basic.promise_explain,
      accept_conditions: basic.accept_condition,
      handling_flow: basic.handle_flow,
      handle_forms_raw: basic.handle_type,
      handle_forms: list(basic.handle_type, FORMS),
      place: basic.transact_addr,
      hours: basic.transact_time,
      consult_phone: phoneIn(basic.link_way),
      consult_way: basic.link_way,
      complaint_phone: phoneIn(basic.supervise_way),
      complaint_way: basic.supervise_way,
      legal_basis: entry.item.law,
      special_procedure: basic.special_procedure,
      is_fee_raw: basic.is_fee,
      is_fee: basic.is_fee === '1',
      fee_basis: basic.fee_basis,
      limit_scene_num: basic.limit_scene_num,
      online_url: basic.link_addr,
      online_sso_raw: basic.is_single_login,
      online_sso: basic.is_single_login === '1',
      mobile_url: basic.mobile_terminal_url,
      mobile_sso_raw: basic.app_is_single_login,
      mobile_sso: basic.app_is_single_login === '1',
      channels_raw: {},
      in_service_hall: extend.is_entry_center === '1',
      online_handling: extend.is_online === '1',
      express_delivery: extend.is_express === '1',
      online_payment: extend.is_pay_online === '1',
      appointment: extend.is_schedule === '1',
      self_service_terminal: extend.is_service_terminals === '1',
      online_depth_raw: extend.online_handle_depth,
      online_depth: /四级/.test(String(extend.online_handle_depth))
        ? 4
        : /三级/.test(String(extend.online_handle_depth))
          ? 3
          : null,
      handle_area_raw: extend.handle_area,
      handle_area: AREAS[String(extend.handle_area)] ?? null,
      result_type_raw: extend.result_type,
      result_name: extend.result_name,
      result_sample_url: extend.result_guid,
      natural_theme_raw: extend.user_topic_type,
      legal_theme_raw: extend.corp_topic_type,
      extra: {},
      source: 'fixture',
      source_row_guid: basic.row_guid,
      source_version: 1,
      synced_at: updatedAt,
      created_at: updatedAt,
      updated_at: updatedAt,
    });
    if (text(extend.user_topic_type))
      themes.push({ item_code: code, audience: 'natural', theme_code: extend.user_topic_type });
    if (text(extend.corp_topic_type))
      themes.push({ item_code: code, audience: 'legal', theme_code: extend.corp_topic_type });
    codes.push(code);
  }
  await insertJson(
    sql,
    'organisations',
    ['credit_code', 'org_code', 'name', 'short_name', 'region_code', 'level', 'exist_task', 'source'],
    [...orgs.values()],
  );
  const itemColumns = Object.keys(items[0] ?? {});
  await insertJson(sql, 'items', itemColumns, items);
  await insertJson(sql, 'item_themes', ['item_code', 'audience', 'theme_code'], themes);
  await insertJson(sql, 'item_materials', Object.keys(materials[0] ?? { item_code: 0 }), materials);
  await insertJson(sql, 'item_fees', Object.keys(fees[0] ?? { item_code: 0 }), fees);
  await insertJson(sql, 'item_faqs', Object.keys(faqs[0] ?? { item_code: 0 }), faqs);
  return { codes };
}
