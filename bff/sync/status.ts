/**
 * Read-only views of the sync bookkeeping (sync_state, sync_runs, sync_quarantine, sync_pending,
 * sync_stream_schemas) for operators: the operator API and `govdock sync status` show the same
 * facts from these queries. Nothing here writes.
 *
 * Stream keys: the engine keys its rows by `<sourceId>:<stream>` (contracts.ts); operators speak of
 * the stream's name. Rows of the configured source are shown by name; rows of another source id
 * (an earlier docking) keep their full key so they are not mistaken for the current ones.
 */
import { maskPiiInText } from '../privacy/pii.js';
import type { Sql } from '../store/store.js';
import type { RunStatus, StreamDefinition } from './contracts.js';

export interface StreamInfo {
  name: string;
  kind: StreamDefinition['kind'];
  sourceTable: string;
}

export interface StreamCursor {
  /** Source text, exactly as the engine resumes from it. */
  time: string;
  id: string;
}

export type StreamState = RunStatus | 'never_run';

export interface StreamStatus {
  stream: string;
  /** The engine's key for this stream. */
  key: string;
  kind: StreamDefinition['kind'] | null;
  sourceTable: string | null;
  /** The latest run's status, or never_run. */
  status: StreamState;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  /** Seconds between source-now and the newest change merged by the latest successful run. */
  lagSeconds: number | null;
  cursor: StreamCursor | null;
  /** A first load in progress (id order, below `upTo`): how far it got, and since when. */
  initialLoad: { upTo: string; afterId: string | null; startedAt: string | null } | null;
  openQuarantine: number;
  pendingChildren: number;
  /** The latest run's error when it failed (plain Chinese from the engine). */
  lastError: string | null;
  /** Schema drift seen by the latest run: source columns the mapping does not know, and required ones missing. */
  addedColumns: string[];
  missingColumns: string[];
}

export interface RunRecord {
  id: number;
  stream: string;
  status: RunStatus;
  full: boolean;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  counts: {
    read: number;
    inserted: number;
    updated: number;
    unchanged: number;
    deleted: number;
    quarantined: number;
    pending: number;
  };
  pages: number;
  retries: number;
  lagSeconds: number | null;
  error: string | null;
  warnings: unknown[];
}

export interface QuarantineRecord {
  id: number;
  stream: string;
  runId: number | null;
  reasonCode: string;
  /** The engine's own Chinese explanation of this row's problem. */
  reasonText: string;
  /** Plain-Chinese name of the reason code. */
  reasonLabel: string;
  sourceKey: string | null;
  sourcePosition: string | null;
  /** The row as received, personal data masked (pii.ts). */
  rawRow: unknown;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  resolution: string | null;
}

export interface Page<T> {
  items: T[];
  /** Pass as `before` for the next (older) page; null at the end. */
  nextBefore: number | null;
}

/** Plain-Chinese names of RowProblem codes (and the engine's own), for filters and tables. */
export const REASON_LABELS: Record<string, string> = {
  missing_required: '缺少必填项',
  too_long: '内容超过长度限制',
  unknown_code: '代码不在代码表中',
  bad_date: '日期格式错误',
  bad_number: '数字格式错误',
  bad_area_code: '行政区划代码错误',
  bad_credit_code: '统一社会信用代码错误',
  bad_json: 'JSON 格式错误',
  bad_encoding: '字符编码错误（不是 UTF-8）',
  duplicate_in_page: '同一批数据中主键重复',
  unknown_operation: '未知的操作标记',
  orphan_timeout: '长时间等不到所属的办件或事项',
  write_failed: '写入资源库失败',
};

export function reasonLabel(code: string): string {
  return REASON_LABELS[code] ?? code;
}

export interface StreamNames {
  sourceId: string;
  streams: readonly StreamInfo[];
}

export function streamKey(sourceId: string, name: string): string {
  return `${sourceId}:${name}`;
}

/** The engine key → the name an operator uses. */
function displayName(names: StreamNames, key: string): string {
  const prefix = `${names.sourceId}:`;
  return key.startsWith(prefix) ? key.slice(prefix.length) : key;
}

/** An operator's stream name → the keys its rows may carry (the full key, or the bare name). */
export function keysOf(names: StreamNames, stream: string): string[] {
  return stream.includes(':') ? [stream] : [streamKey(names.sourceId, stream), stream];
}

function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : String(value);
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}

function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function stringArray(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((item) => (typeof item === 'string' ? item : String((item as { name?: unknown })?.name ?? item)));
}

/** Every string in a quarantined row through the PII masker: belt and braces over the engine's redaction. */
export function maskRow(value: unknown): unknown {
  if (typeof value === 'string') return maskPiiInText(value);
  if (Array.isArray(value)) return value.map(maskRow);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, maskRow(inner)]));
  }
  return value;
}

export async function listStreamStatus(sql: Sql, names: StreamNames): Promise<StreamStatus[]> {
  const known = await sql.query<{ stream: string }>(
    `SELECT stream FROM sync_state UNION SELECT stream FROM sync_stream_schemas
      UNION SELECT DISTINCT stream FROM sync_quarantine WHERE resolved_at IS NULL
      UNION SELECT DISTINCT stream FROM sync_pending`,
  );
  const keys = new Set(names.streams.map((stream) => streamKey(names.sourceId, stream.name)));
  for (const row of known.rows) keys.add(row.stream);
  // A bare name that is also a configured stream's key is the same stream (older rows).
  const configured = new Set(names.streams.map((stream) => stream.name));
  const keyList = [...keys].filter((key) => !(configured.has(key) && keys.has(streamKey(names.sourceId, key))));

  const { rows } = await sql.query<Record<string, unknown>>(
    `SELECT k.key,
            latest.status AS status, latest.started_at AS last_run_at, latest.error AS last_error,
            success.finished_at AS last_success_at, success.lag_seconds AS lag_seconds,
            s.cursor_text, s.cursor_time::text AS cursor_time, s.cursor_id,
            s.snapshot_hi, s.snapshot_after_id, s.snapshot_started_at,
            (SELECT count(*) FROM sync_quarantine q
              WHERE q.stream IN (k.key, k.bare) AND q.resolved_at IS NULL) AS open_quarantine,
            (SELECT count(*) FROM sync_pending p WHERE p.stream IN (k.key, k.bare)) AS pending_children,
            sch.added_columns, sch.missing_columns
       FROM (SELECT key, split_part(key, ':', 2) AS bare FROM unnest($1::text[]) AS u(key)) AS k
       LEFT JOIN LATERAL (
         SELECT status, started_at, error FROM sync_runs r
          WHERE r.stream IN (k.key, k.bare) ORDER BY r.started_at DESC, r.id DESC LIMIT 1
       ) AS latest ON true
       LEFT JOIN LATERAL (
         SELECT finished_at, lag_seconds FROM sync_runs r
          WHERE r.stream IN (k.key, k.bare) AND r.status = 'succeeded' ORDER BY r.started_at DESC, r.id DESC LIMIT 1
       ) AS success ON true
       LEFT JOIN LATERAL (
         SELECT cursor_text, cursor_time, cursor_id, snapshot_hi, snapshot_after_id, snapshot_started_at FROM sync_state
          WHERE stream IN (k.key, k.bare) ORDER BY (stream = k.key) DESC LIMIT 1
       ) AS s ON true
       LEFT JOIN LATERAL (
         SELECT added_columns, missing_columns FROM sync_stream_schemas
          WHERE stream IN (k.key, k.bare) ORDER BY (stream = k.key) DESC LIMIT 1
       ) AS sch ON true`,
    [keyList],
  );
  const byName = new Map(names.streams.map((stream) => [stream.name, stream]));
  const order = new Map(names.streams.map((stream, index) => [stream.name, index]));
  return rows
    .map((row): StreamStatus => {
      const key = String(row.key);
      const stream = displayName(names, key);
      const info = byName.get(stream);
      const cursorTime = (row.cursor_text ?? row.cursor_time) as string | null;
      return {
        stream,
        key,
        kind: info?.kind ?? null,
        sourceTable: info?.sourceTable ?? null,
        status: (row.status as RunStatus | null) ?? 'never_run',
        lastRunAt: iso(row.last_run_at),
        lastSuccessAt: iso(row.last_success_at),
        lagSeconds: numOrNull(row.lag_seconds),
        cursor:
          cursorTime && row.cursor_id !== null && row.cursor_id !== undefined
            ? { time: cursorTime, id: String(row.cursor_id) }
            : null,
        initialLoad: row.snapshot_hi
          ? {
              upTo: String(row.snapshot_hi),
              afterId: (row.snapshot_after_id as string | null) ?? null,
              startedAt: iso(row.snapshot_started_at),
            }
          : null,
        openQuarantine: num(row.open_quarantine),
        pendingChildren: num(row.pending_children),
        lastError: row.status === 'failed' ? ((row.last_error as string | null) ?? null) : null,
        addedColumns: stringArray(row.added_columns),
        missingColumns: stringArray(row.missing_columns),
      };
    })
    .sort(
      (a, b) =>
        (order.get(a.stream) ?? Number.MAX_SAFE_INTEGER) - (order.get(b.stream) ?? Number.MAX_SAFE_INTEGER) ||
        a.stream.localeCompare(b.stream),
    );
}

function toRun(names: StreamNames, row: Record<string, unknown>): RunRecord {
  const startedAt = iso(row.started_at) as string;
  const finishedAt = iso(row.finished_at);
  return {
    id: num(row.id),
    stream: displayName(names, String(row.stream)),
    status: row.status as RunStatus,
    full: row.full_run === true,
    startedAt,
    finishedAt,
    durationMs: finishedAt ? new Date(finishedAt).getTime() - new Date(startedAt).getTime() : null,
    counts: {
      read: num(row.rows_read),
      inserted: num(row.rows_inserted),
      updated: num(row.rows_updated),
      unchanged: num(row.rows_unchanged),
      deleted: num(row.rows_deleted),
      quarantined: num(row.rows_quarantined),
      pending: num(row.rows_pending),
    },
    pages: num(row.pages),
    retries: num(row.retries),
    lagSeconds: numOrNull(row.lag_seconds),
    error: (row.error as string | null) ?? null,
    warnings: Array.isArray(row.warnings) ? row.warnings : [],
  };
}

const RUN_COLUMNS = `id, stream, status, full_run, started_at, finished_at, rows_read, rows_inserted, rows_updated,
  rows_unchanged, rows_deleted, rows_quarantined, rows_pending, pages, retries, lag_seconds, error, warnings`;

export async function listRuns(
  sql: Sql,
  names: StreamNames,
  filter: { stream?: string; before?: number; limit: number },
): Promise<Page<RunRecord>> {
  const { rows } = await sql.query<Record<string, unknown>>(
    `SELECT ${RUN_COLUMNS} FROM sync_runs
      WHERE ($1::text[] IS NULL OR stream = ANY($1)) AND ($2::bigint IS NULL OR id < $2)
      ORDER BY id DESC LIMIT $3`,
    [filter.stream ? keysOf(names, filter.stream) : null, filter.before ?? null, filter.limit + 1],
  );
  const items = rows.slice(0, filter.limit).map((row) => toRun(names, row));
  return { items, nextBefore: rows.length > filter.limit ? (items.at(-1)?.id ?? null) : null };
}

export async function getRuns(sql: Sql, names: StreamNames, ids: readonly number[]): Promise<RunRecord[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql.query<Record<string, unknown>>(
    `SELECT ${RUN_COLUMNS} FROM sync_runs WHERE id = ANY($1::bigint[]) ORDER BY id`,
    [ids],
  );
  return rows.map((row) => toRun(names, row));
}

/** Runs of these streams still marked running that started at or after `since` (a job's runs). */
export async function runningRunIds(
  sql: Sql,
  names: StreamNames,
  streams: readonly string[],
  since: Date,
): Promise<number[]> {
  const { rows } = await sql.query<{ id: unknown }>(
    `SELECT id FROM sync_runs WHERE stream = ANY($1) AND started_at >= $2 ORDER BY id`,
    [streams.flatMap((stream) => keysOf(names, stream)), since],
  );
  return rows.map((row) => num(row.id));
}

export async function listQuarantine(
  sql: Sql,
  names: StreamNames,
  filter: { stream?: string; reason?: string; before?: number; limit: number; state?: 'open' | 'resolved' | 'all' },
): Promise<Page<QuarantineRecord>> {
  const state = filter.state ?? 'open';
  const { rows } = await sql.query<Record<string, unknown>>(
    `SELECT id, stream, run_id, reason_code, reason_text, raw_row, source_key, source_position, attempts,
            created_at, updated_at, resolved_at, resolution
       FROM sync_quarantine
      WHERE ($1::text[] IS NULL OR stream = ANY($1)) AND ($2::text IS NULL OR reason_code = $2)
        AND ($3::bigint IS NULL OR id < $3)
        AND ($4 = 'all' OR ($4 = 'open') = (resolved_at IS NULL))
      ORDER BY id DESC LIMIT $5`,
    [
      filter.stream ? keysOf(names, filter.stream) : null,
      filter.reason ?? null,
      filter.before ?? null,
      state,
      filter.limit + 1,
    ],
  );
  const items = rows.slice(0, filter.limit).map((row): QuarantineRecord => ({
    id: num(row.id),
    stream: displayName(names, String(row.stream)),
    runId: numOrNull(row.run_id),
    reasonCode: String(row.reason_code),
    reasonText: maskPiiInText(String(row.reason_text)),
    reasonLabel: reasonLabel(String(row.reason_code)),
    sourceKey: (row.source_key as string | null) ?? null,
    sourcePosition: row.source_position ? maskPiiInText(String(row.source_position)) : null,
    rawRow: maskRow(row.raw_row),
    attempts: num(row.attempts),
    createdAt: iso(row.created_at) as string,
    updatedAt: iso(row.updated_at) as string,
    resolvedAt: iso(row.resolved_at),
    resolution: (row.resolution as string | null) ?? null,
  }));
  return { items, nextBefore: rows.length > filter.limit ? (items.at(-1)?.id ?? null) : null };
}

/** Open quarantine counts by stream and reason: the filter choices and the overview. */
export async function quarantineReasons(
  sql: Sql,
  names: StreamNames,
): Promise<{ stream: string; reasonCode: string; reasonLabel: string; count: number }[]> {
  const { rows } = await sql.query<{ stream: string; reason_code: string; count: unknown }>(
    `SELECT stream, reason_code, count(*) AS count FROM sync_quarantine WHERE resolved_at IS NULL
      GROUP BY stream, reason_code ORDER BY stream, count(*) DESC`,
  );
  return rows.map((row) => ({
    stream: displayName(names, row.stream),
    reasonCode: row.reason_code,
    reasonLabel: reasonLabel(row.reason_code),
    count: num(row.count),
  }));
}
