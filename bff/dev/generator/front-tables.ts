/**
 * Column lists of the national front tables (data-standards b.1–b.3, R-FRONT DDL) that the generator
 * fills. One definition drives both the generated rows and the DDL in `front-processor/ddl.ts`, so the
 * two cannot drift. Lengths are the R-FRONT ones; where a 办事指南 text is "ul" in GB/T 39046 and real
 * guides exceed R-FRONT's varchar(256), the column is `text` (noted per column).
 *
 * The 好差评 table is not part of R-FRONT: `up_evaluate_record` carries the national 好差评 interface
 * keys (b.3) in snake_case (projectNo → project_no …) because unquoted identifiers fold case in
 * PostgreSQL; `satisfaction` uses the interface scheme 1 = 非常不满意 … 5 = 非常满意.
 *
 * The exchange back to the platform (outbox, issue 4 item 6) adds tables of our own invention, listed in
 * the generator README: `up_consult_reply` (inbound, the generator never fills it — the simulated agency
 * does) and the outbound `out_evaluate_record` / `out_consult_ticket` (OUTBOUND_TABLES).
 */

export type ColumnType = 'varchar' | 'text' | 'int' | 'datetime';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  /** varchar length in characters. */
  length?: number;
  notNull: boolean;
}

export interface TableSpec {
  name: string;
  /** Short stable number used to derive row_guid values. */
  id: number;
  columns: readonly ColumnSpec[];
  /** Columns with a UNIQUE constraint of their own besides the row_guid primary key (outbound dedup_key). */
  unique?: readonly string[];
}

export type FrontValue = string | number | null;
export type FrontRow = Record<string, FrontValue>;

export interface FrontRecord {
  table: FrontTableName;
  row: FrontRow;
}

const v = (name: string, length: number, notNull = false): ColumnSpec => ({ name, type: 'varchar', length, notNull });
const t = (name: string, notNull = false): ColumnSpec => ({ name, type: 'text', notNull });
const i = (name: string, notNull = false): ColumnSpec => ({ name, type: 'int', notNull });
const d = (name: string, notNull = false): ColumnSpec => ({ name, type: 'datetime', notNull });

/** Sync columns every R-FRONT table carries (data-standards b, preamble). */
export const SYNC_COLUMNS: readonly ColumnSpec[] = [
  v('row_guid', 50, true),
  v('cd_batch', 32, true),
  v('cd_operation', 2, true),
  d('cd_time', true),
  v('data_source', 3, true),
];

const TABLE_LIST = [
  {
    name: 'up_task_directory',
    id: 1,
    columns: [
      v('task_name', 1000, true),
      v('catalog_code', 12, true),
      v('local_catalog_code', 50),
      v('task_type', 2, true),
      v('task_state', 2, true),
      i('task_version', true),
      v('use_level', 11, true),
      v('by_law', 256, true),
      d('plan_effective_date'),
      d('plan_cancel_date'),
    ],
  },
  {
    name: 'up_task_general_basic',
    id: 2,
    columns: [
      v('task_code', 36, true),
      v('task_handle_item', 50),
      v('local_task_code', 50),
      v('catalog_code', 12, true),
      v('local_catalog_code', 50),
      v('task_name', 1000, true),
      v('task_type', 2, true),
      v('task_state', 2, true),
      i('task_version', true),
      v('use_level', 11, true),
      v('dept_name', 200, true),
      v('dept_code', 50, true),
      v('dept_type', 2, true),
      v('entrust_name', 100),
      v('power_source', 2, true),
      v('server_type', 32, true),
      v('project_type', 2, true),
      i('anticipate_day', true),
      v('anticipate_type', 2, true),
      v('anticipate_explain', 500),
      i('promise_day', true),
      i('promise_type', true),
      v('promise_explain', 500),
      t('accept_condition', true), // R-FRONT varchar(256); real conditions run longer
      t('handle_flow', true), // R-FRONT varchar(256); real flows run longer
      v('handle_type', 5),
      v('is_fee', 2, true),
      v('fee_basis', 256),
      i('limit_scene_num', true),
      v('special_procedure', 500, true),
      v('link_way', 256, true),
      v('supervise_way', 256, true),
      v('transact_addr', 500, true),
      v('transact_time', 500, true),
      v('link_addr', 256),
      v('is_single_login', 2, true),
      v('mobile_terminal_url', 500),
      v('app_is_single_login', 2, true),
    ],
  },
  {
    name: 'up_task_general_extend',
    id: 3,
    columns: [
      v('task_guid', 50, true),
      v('user_topic_type', 40),
      v('user_character_topic_type', 100),
      v('corp_topic_type', 40),
      v('corp_character_topic_type', 100),
      v('handle_area', 2),
      v('is_entry_center', 2, true),
      v('is_online', 2, true),
      v('is_express', 2, true),
      v('is_pay_online', 2, true),
      v('is_schedule', 2),
      v('is_service_terminals', 2),
      v('online_handle_depth', 20),
      v('online_handle_url', 256),
      v('other_dept', 200),
      v('service_type', 500),
      v('limit_explain', 256),
      v('limit_scene_explain', 1000),
      v('result_type', 30, true),
      v('result_name', 200),
      v('result_guid', 256),
      v('town_code', 18),
      v('town_name', 200),
      v('village_code', 18),
      v('village_name', 200),
      v('extend_field', 2000),
    ],
  },
  {
    name: 'up_task_general_material',
    id: 4,
    columns: [
      v('task_guid', 50, true),
      v('material_name', 200, true),
      v('is_need', 2, true),
      v('material_type', 2),
      v('material_format', 2),
      i('page_num'),
      v('page_format', 200),
      v('source_type', 2),
      v('source_explain', 500),
      v('form_guid', 256),
      v('example_guid', 256),
      v('accept_stand', 1000),
      v('by_law', 1000),
      v('fill_explain', 1000),
      i('order_num', true),
      v('remark', 500),
    ],
  },
  {
    name: 'up_task_general_fee_project',
    id: 5,
    columns: [
      v('task_guid', 50, true),
      v('fee_name', 200, true),
      v('fee_stand', 256, true),
      v('is_desc', 2),
      v('desc_explain', 500),
      v('by_law', 500),
      i('order_num', true),
      v('remark', 500),
    ],
  },
  {
    name: 'up_task_general_questions',
    id: 6,
    columns: [v('task_guid', 50, true), v('question', 1000, true), v('answer', 256, true), i('order_num', true)],
  },
  {
    name: 'up_zone_organization',
    id: 7,
    columns: [
      v('credit_code', 18, true),
      v('org_code', 9),
      v('org_name', 100, true),
      v('org_short_name', 50, true),
      v('exist_task', 2, true),
      i('order_num', true),
    ],
  },
  {
    name: 'up_pro_accept',
    id: 8,
    columns: [
      v('project_no', 50, true),
      v('task_code', 36, true),
      v('task_handle_item', 50),
      v('catalog_code', 12, true),
      v('local_catalog_code', 50),
      v('local_task_code', 50),
      v('task_name', 1000, true),
      i('task_version', true),
      v('project_name', 1000),
      v('applyer_name', 100, true),
      v('applyer_type', 2, true),
      v('applyer_page_type', 70, true),
      v('applyer_page_code', 500, true),
      v('legal', 100),
      v('contact_name', 100),
      v('contact_type', 6),
      v('contact_code', 50),
      v('contact_mobile', 11),
      v('address', 1000),
      v('zip_code', 6),
      d('apply_date', true),
      v('apply_type', 2, true),
      v('project_type', 2, true),
      v('org_name', 100, true),
      v('org_code', 64, true),
      v('handle_user_name', 100),
      d('accept_date', true),
      v('accept_doc_no', 50),
      d('promise_date'),
    ],
  },
  {
    name: 'up_pro_process',
    id: 9,
    columns: [
      v('project_no', 50, true),
      v('process_name', 1000, true),
      v('event_name', 2, true),
      v('handle_user_name', 100, true),
      v('handle_explain', 2000, true),
      d('event_start_time', true),
      d('event_end_time', true),
      v('remark', 256),
    ],
  },
  {
    name: 'up_pro_special_procedure',
    id: 10,
    columns: [
      v('project_no', 50, true),
      v('special_type', 2, true),
      v('special_name', 200, true),
      v('special_reason', 1000, true),
      d('special_time', true),
      d('end_time', true),
      v('special_explain', 1000),
      v('result', 1000),
      v('handle_user', 100),
      v('applyer_user_name', 100),
    ],
  },
  {
    name: 'up_pro_result',
    id: 11,
    columns: [
      v('project_no', 50, true),
      d('result_date', true),
      v('result_type', 2, true),
      v('result_explain', 2000),
      v('result_cetr_name', 256),
      v('result_cetr_no', 2000),
      v('is_delivery_results', 2, true),
      v('satisfaction', 2),
      v('handle_user_name', 100),
    ],
  },
  {
    name: 'up_pro_material',
    id: 12,
    columns: [
      v('project_no', 50, true),
      v('material_name', 200, true),
      v('get_type', 2, true),
      i('get_num'),
      v('material_attach_name', 500),
      v('remark', 256),
    ],
  },
  {
    name: 'up_evaluate_record',
    id: 13,
    columns: [
      v('project_no', 50, true),
      v('pf', 2, true),
      v('dept_code', 18),
      v('area_code', 12),
      v('task_code', 36),
      v('task_handle_item', 50),
      v('task_name', 1000),
      v('sub_matter', 40),
      v('pro_status', 2),
      v('pro_depart', 100),
      v('pro_depart_code', 18),
      v('pro_manager', 100),
      v('cert_key', 128),
      v('cert_key_gov', 64),
      v('user_name', 100, true),
      v('user_prop', 2, true),
      v('user_page_type', 6, true),
      v('handle_user_name', 100),
      v('handle_user_page_type', 6),
      v('handle_user_page_code', 64),
      v('satisfaction', 2, true),
      v('eval_detail', 200),
      v('writing_evaluation', 2000),
      d('assess_time', true),
      i('assess_number', true),
      v('service_number', 50),
      v('app_status', 2),
      v('promise_time', 2),
      d('accept_date'),
      v('data_source', 3),
      // 差评整改 (Epoint EvaInstance / deyatech names; no national field list exists): feedback and reply.
      v('rectification', 2000),
      d('rectification_date'),
      v('answer', 2000),
      v('answer_status', 2),
    ],
  },
  {
    // Inbound replies and status of the consultation/complaint tickets GovDock sends out (办事互动). Not
    // part of R-FRONT (no national table exists): written by the service management platform, read by
    // the sync like every up_* table. One row per step (受理, 答复, 办结); row_guid per (ticket, seq).
    // Each row carries the step's own text and time AND the ticket's state after the step (status,
    // promised date, replied and closed times carried forward), so any single row says where the ticket
    // stands and a mapping needs no conditions.
    name: 'up_consult_reply',
    id: 14,
    columns: [
      v('tracking_no', 32, true), // 查询码 of the ticket (out_consult_ticket.tracking_no)
      v('ticket_row_guid', 50, true), // out_consult_ticket.row_guid
      i('reply_seq', true), // 1, 2, … per ticket, in order
      v('status', 2, true), // after this step: 1 已受理, 2 已答复, 3 已办结, 4 不予受理 (invented, README)
      v('reply_content', 2000, true), // this step's text
      v('reply_dept_name', 200),
      v('reply_dept_code', 18), // 统一社会信用代码 of the answering department
      v('reply_user_name', 100),
      d('reply_time', true), // this step's time
      v('is_final', 2, true), // 1: this step's text is the 正式答复 (or the refusal), 0 otherwise
      d('promise_reply_date'), // 承诺答复日期 (the platform may move it)
      d('replied_time'), // when the 正式答复 was given; null until then, then carried forward
      d('closed_time'), // when the ticket was closed or refused; null until then
    ],
  },
  {
    // Site announcements (站点公告, issue 9), invented like up_consult_reply: written by the service
    // management platform (here: the simulator), read by the sync (config/sync-layouts/national-announcements.json).
    // One row per announcement; withdrawn = cd_operation 'D'.
    name: 'up_site_announcement',
    id: 17,
    columns: [
      v('title', 200, true),
      t('content', true), // plain text
      v('publisher', 200), // 发布单位
      v('category', 2, true), // 1 系统维护, 2 政策发布, 3 办事提醒, 9 其他 (invented, README)
      v('area_code', 12), // 12-digit area the announcement is for; empty = the whole province
      v('link_url', 500), // 详情链接 as the platform sends it; GovDock shows only same-site paths
      d('publish_time', true),
      d('expire_time'), // null = no end
    ],
  },
] as const;

/**
 * Outbound tables: GovDock writes them (through the outbox, bff/sync/outbox), the service management
 * platform reads them. The standard defines none (data-standards a.4 knows only up_* / dn_*), so the
 * names are ours: `out_` says "written by GovDock", never mistaken for R-FRONT's `dn_*` (national →
 * province). Columns follow the national 好差评 interface keys (b.3) in snake_case, like
 * up_evaluate_record. `dedup_key` is the outbox key and UNIQUE; row_guid is derived from it, so a row
 * re-sent after a crash is applied once.
 */
const OUTBOUND_TABLE_LIST = [
  {
    name: 'out_evaluate_record',
    id: 15,
    unique: ['dedup_key'],
    columns: [
      v('dedup_key', 200, true),
      v('project_no', 50, true),
      v('pf', 2, true), // 评价渠道 c.13
      v('dept_code', 18),
      v('area_code', 12),
      v('task_code', 36),
      v('task_handle_item', 50),
      v('task_name', 1000),
      v('sub_matter', 40),
      v('pro_status', 2),
      v('pro_depart', 100),
      v('pro_depart_code', 18),
      v('cert_key', 128), // GovDock's keyed hash of the evaluator's ID number, never the number
      v('user_name', 100, true), // masked (pii.maskName)
      v('user_prop', 2, true), // c.6 userProp
      v('user_page_type', 6, true), // c.8
      v('handle_user_name', 100), // 代理人, masked
      v('satisfaction', 2, true), // 1 非常不满意 … 5 非常满意 (national interface scheme)
      v('satisfaction_scheme', 20, true), // always 'hcp-national': c.13 says label every value with its scheme
      v('eval_detail', 200), // indicator codes, comma-separated
      v('writing_evaluation', 2000),
      d('assess_time', true),
      i('assess_number', true), // 1 首次, 2 追评
      v('service_number', 50),
      v('promise_time', 2),
      d('accept_date'),
    ],
  },
  {
    name: 'out_consult_ticket',
    id: 16,
    unique: ['dedup_key'],
    columns: [
      v('dedup_key', 200, true),
      v('tracking_no', 32, true), // 查询码 shown to the asker
      v('ticket_type', 2, true), // 1 咨询, 2 投诉, 3 建议 (invented, README)
      v('title', 200, true),
      t('content', true),
      v('task_code', 36),
      v('task_name', 1000),
      v('dept_code', 18),
      v('dept_name', 200),
      v('area_code', 12),
      v('project_no', 50), // the case a question or complaint is about
      v('evaluate_row_guid', 50), // the 差评 a complaint grew from (out_evaluate_record.row_guid)
      v('cert_key', 128), // keyed hash of the asker's ID number
      v('user_name', 100, true), // masked
      v('user_prop', 2),
      v('contact_way', 2, true), // 1 网站答复, 2 短信通知, 3 电话联系 (invented, README)
      v('contact_mobile', 20), // masked (pii.maskPhone)
      v('is_public', 2, true), // 1 公开, 2 不公开 (deyatech publicFlag)
      t('attachments'), // JSON list of {name, type, size, sha256}: metadata only, files stay in GovDock
      v('pf', 2), // channel, c.13 codes
      d('submit_time', true),
      d('promise_reply_date'), // 承诺答复日期
    ],
  },
] as const;

export type FrontTableName = (typeof TABLE_LIST)[number]['name'];
export type OutboundTableName = (typeof OUTBOUND_TABLE_LIST)[number]['name'];

function withSyncColumns(table: {
  name: string;
  id: number;
  columns: readonly ColumnSpec[];
  unique?: readonly string[];
}): TableSpec {
  const own = new Set(table.columns.map((c) => c.name));
  return {
    name: table.name,
    id: table.id,
    columns: [...table.columns, ...SYNC_COLUMNS.filter((c) => !own.has(c.name))],
    ...(table.unique ? { unique: table.unique } : {}),
  };
}

/** Table definitions with the sync columns appended. `up_evaluate_record` keeps its own data_source. */
export const FRONT_TABLES: readonly TableSpec[] = TABLE_LIST.map(withSyncColumns);

export const FRONT_TABLE_NAMES: readonly FrontTableName[] = TABLE_LIST.map((table) => table.name);

/** Tables GovDock writes (outbox deliverer) and the platform reads; sync columns appended as well. */
export const OUTBOUND_TABLES: readonly TableSpec[] = OUTBOUND_TABLE_LIST.map(withSyncColumns);

const BY_NAME = new Map([...FRONT_TABLES, ...OUTBOUND_TABLES].map((table) => [table.name, table]));

export function tableSpec(name: string): TableSpec {
  const spec = BY_NAME.get(name);
  if (!spec) throw new Error(`unknown front table ${name}`);
  return spec;
}

export const TABLE_ID: Readonly<Record<FrontTableName | OutboundTableName, number>> = Object.fromEntries(
  [...TABLE_LIST, ...OUTBOUND_TABLE_LIST].map((table) => [table.name, table.id]),
) as Record<FrontTableName | OutboundTableName, number>;
