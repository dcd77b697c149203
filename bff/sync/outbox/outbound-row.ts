/**
 * From an outbox payload to a row of the front processor's outbound table, checked against the one
 * table definition (dev/generator/front-tables.ts, which also generates the DDL the vendor is given):
 * unknown keys, missing required values, over-long text, wrong types and raw personal data are refused
 * here — at enqueue time, so a producer's bug fails its own request, and again at delivery, so a row
 * the front can never accept is dead-lettered at once instead of being retried for a day.
 *
 * Payload keys are the national 好差评 interface's camelCase JSON keys (b.3: projectNo, assessNumber,
 * writingEvaluation …); the table column is the snake_case form (project_no …), as in up_evaluate_record.
 * Times are ISO-8601 with an offset in the payload and become the front's wall-clock text
 * (`yyyy-MM-dd HH:mm:ss` in its zone) only when written.
 */
import { tableSpec, type ColumnSpec, type TableSpec } from '../../dev/generator/front-tables.js';
import { maskPiiInText } from '../../privacy/pii.js';

/** What each kind of outbox row is written to. */
export const OUTBOUND_TABLE_OF = {
  evaluation: 'out_evaluate_record',
  consultation: 'out_consult_ticket',
} as const;

export type OutboxKind = keyof typeof OUTBOUND_TABLE_OF;

export function isOutboxKind(kind: string): kind is OutboxKind {
  return Object.hasOwn(OUTBOUND_TABLE_OF, kind);
}

/** Columns the deliverer fills itself; a payload may not set them. */
const DELIVERY_COLUMNS = new Set(['dedup_key', 'row_guid', 'cd_batch', 'cd_operation', 'cd_time', 'data_source']);

/** Names and free text: must never carry a raw ID number or mobile (pii.ts masks them before they get here). */
const PERSONAL_TEXT_COLUMNS = new Set([
  'user_name',
  'handle_user_name',
  'writing_evaluation',
  'title',
  'content',
  'contact_mobile',
  'attachments',
]);

export class OutboundPayloadError extends Error {
  override name = 'OutboundPayloadError';
  constructor(
    readonly code:
      'unknown_kind' | 'unknown_field' | 'missing_required' | 'too_long' | 'bad_type' | 'bad_time' | 'raw_pii',
    readonly field: string | null,
    message: string,
  ) {
    super(message);
  }
}

export function columnOfKey(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

const OFFSET_PATTERN = /^([+-])(\d{2}):(\d{2})$/;

function offsetMinutes(zone: string): number {
  const match = OFFSET_PATTERN.exec(zone);
  if (!match) throw new Error(`front time zone must be an offset like +08:00, got ${zone}`);
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Epoch ms → `yyyy-MM-dd HH:mm:ss` at a fixed offset (China has no daylight saving). */
export function wallClock(ms: number, zone: string): string {
  const d = new Date(ms + offsetMinutes(zone) * 60_000);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function frontTime(value: unknown, column: string, zone: string): string {
  if (typeof value === 'string' && DATE_ONLY.test(value)) return `${value} 00:00:00`;
  if (typeof value === 'string' && ISO_WITH_ZONE.test(value)) {
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return wallClock(ms, zone);
  }
  throw new OutboundPayloadError(
    'bad_time',
    column,
    `字段 ${column} 的时间格式不对：需要带时区的 ISO-8601 时间（如 2026-03-02T10:00:00+08:00）或日期`,
  );
}

function checkValue(column: ColumnSpec, value: unknown, zone: string): string | number {
  switch (column.type) {
    case 'int':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'string' && /^-?\d{1,9}$/.test(value)) return Number(value);
      throw new OutboundPayloadError('bad_type', column.name, `字段 ${column.name} 应为整数`);
    case 'datetime':
      return frontTime(value, column.name, zone);
    case 'varchar':
    case 'text': {
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new OutboundPayloadError('bad_type', column.name, `字段 ${column.name} 应为文本`);
      }
      const text = String(value);
      // Characters, not UTF-16 units: varchar(n) counts characters on both MySQL (utf8mb4) and PostgreSQL.
      if (column.type === 'varchar' && [...text].length > (column.length ?? Infinity)) {
        throw new OutboundPayloadError('too_long', column.name, `字段 ${column.name} 超过 ${column.length} 个字`);
      }
      if (PERSONAL_TEXT_COLUMNS.has(column.name) && maskPiiInText(text) !== text) {
        throw new OutboundPayloadError(
          'raw_pii',
          column.name,
          `字段 ${column.name} 含有未脱敏的身份证号或手机号，不能发送（请先经 privacy/pii.ts 处理）`,
        );
      }
      return text;
    }
  }
}

export interface OutboundRow {
  table: string;
  /** Column → value, without the delivery columns. */
  values: Record<string, string | number | null>;
}

/** Checks and converts a payload; throws OutboundPayloadError with a Chinese message naming the field. */
export function outboundRow(kind: string, payload: unknown, frontTimeZone: string): OutboundRow {
  if (!isOutboxKind(kind)) {
    throw new OutboundPayloadError('unknown_kind', null, `未知的发送类型 ${kind}`);
  }
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new OutboundPayloadError('bad_type', null, '发送内容必须是一个对象');
  }
  const spec: TableSpec = tableSpec(OUTBOUND_TABLE_OF[kind]);
  const columns = new Map(spec.columns.map((column) => [column.name, column]));
  const values: Record<string, string | number | null> = {};
  for (const [key, value] of Object.entries(payload as Record<string, unknown>)) {
    const name = columnOfKey(key);
    const column = columns.get(name);
    if (!column || DELIVERY_COLUMNS.has(name)) {
      throw new OutboundPayloadError('unknown_field', key, `发送表 ${spec.name} 没有字段 ${key}`);
    }
    values[name] =
      value === null || value === undefined || value === '' ? null : checkValue(column, value, frontTimeZone);
  }
  for (const column of spec.columns) {
    if (column.notNull && !DELIVERY_COLUMNS.has(column.name) && (values[column.name] ?? null) === null) {
      throw new OutboundPayloadError('missing_required', column.name, `缺少必填字段 ${column.name}`);
    }
  }
  return { table: spec.name, values };
}
