/**
 * Schema drift per stream (G6), checked before a run reads anything: the source's columns are
 * fingerprinted every run. An added column is reported (the mapping keeps its value in `extra`);
 * a missing required column stops THIS stream with a plain-Chinese error naming the column, while
 * the other streams go on (DataX fails the whole job on a column mismatch; we isolate per stream).
 */
import { createHash } from 'node:crypto';
import type { SourceColumn, SqlSource, StreamDefinition } from '../contracts.js';
import type { Sql } from '../../store/types.js';

export class StreamStoppedError extends Error {
  override name = 'StreamStoppedError';
}

export interface DriftReport {
  added: string[];
  /** Plain-Chinese warnings for the run record and the log. */
  warnings: string[];
}

function fingerprint(columns: readonly SourceColumn[]): string {
  const canonical = [...columns]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((column) => [column.name, column.type, column.nullable, column.length ?? null]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

export async function checkSchema(
  sql: Sql,
  streamKey: string,
  stream: StreamDefinition,
  source: SqlSource,
): Promise<DriftReport> {
  const columns = await source.columns(stream.sourceTable);
  if (!columns) {
    throw new StreamStoppedError(
      `前置机中找不到表 ${stream.sourceTable}，数据流 ${stream.name} 已停止同步（其他数据流不受影响）。请核对前置机或映射配置中的表名。`,
    );
  }
  const present = new Set(columns.map((column) => column.name.toLowerCase()));
  const known = new Set(stream.knownColumns.map((name) => name.toLowerCase()));
  const missing = stream.requiredColumns.filter((name) => !present.has(name.toLowerCase()));
  const added = columns.map((column) => column.name).filter((name) => !known.has(name.toLowerCase()));
  const print = fingerprint(columns);
  // The previous fingerprint comes from the statement's own snapshot, taken before the upsert.
  const { rows } = await sql.query<{ previous: string | null }>(
    `WITH old AS (SELECT fingerprint FROM sync_stream_schemas WHERE stream = $1)
     INSERT INTO sync_stream_schemas (stream, fingerprint, columns, added_columns, missing_columns)
     VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb)
     ON CONFLICT (stream) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, columns = EXCLUDED.columns,
        added_columns = EXCLUDED.added_columns, missing_columns = EXCLUDED.missing_columns, checked_at = now(),
        changed_at = CASE WHEN sync_stream_schemas.fingerprint = EXCLUDED.fingerprint
                          THEN sync_stream_schemas.changed_at ELSE now() END
     RETURNING (SELECT fingerprint FROM old) AS previous`,
    [streamKey, print, JSON.stringify(columns), JSON.stringify(added), JSON.stringify(missing)],
  );
  const previous = rows[0]?.previous ?? undefined;
  if (missing.length > 0) {
    throw new StreamStoppedError(
      `前置机表 ${stream.sourceTable} 缺少必需的列 ${missing.join('、')}，数据流 ${stream.name} 已停止同步` +
        `（其他数据流照常进行）。请前置机厂商补回该列，或修改映射配置后重新同步。`,
    );
  }
  const warnings: string[] = [];
  if (added.length > 0) {
    warnings.push(
      `前置机表 ${stream.sourceTable} 有映射未知的列 ${added.join('、')}，其值保存在 extra 字段中` +
        `${previous && previous !== print ? '（表结构自上次同步以来有变化）' : ''}。`,
    );
  } else if (previous && previous !== print) {
    warnings.push(`前置机表 ${stream.sourceTable} 的表结构自上次同步以来有变化（列类型或长度），请核对。`);
  }
  return { added, warnings };
}
