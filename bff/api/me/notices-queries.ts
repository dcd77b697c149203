/** SQL of the inbox. Every statement is scoped to the caller's (issuer, subject). */
import type { Sql } from '../../store/types.js';

export interface NoticeRow {
  id: number;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  read_at: Date | null;
  created_at: Date;
  /** Keyset sort key as PostgreSQL text (microsecond-exact). */
  sort_key: string;
}

export interface Owner {
  issuer: string;
  subject: string;
}

export async function selectNotices(
  sql: Sql,
  owner: Owner,
  options: { unreadOnly: boolean; after: { sortKey: string; id: number } | null; limit: number },
): Promise<NoticeRow[]> {
  const { rows } = await sql.query<NoticeRow>(
    `SELECT id, kind, title, body, link, read_at, created_at, created_at::text AS sort_key
       FROM notices
      WHERE issuer = $1 AND subject = $2
        AND (NOT $3::boolean OR read_at IS NULL)
        AND ($4::timestamptz IS NULL OR (created_at, id) < ($4::timestamptz, $5::bigint))
      ORDER BY created_at DESC, id DESC
      LIMIT $6`,
    [
      owner.issuer,
      owner.subject,
      options.unreadOnly,
      options.after?.sortKey ?? null,
      options.after?.id ?? null,
      options.limit,
    ],
  );
  return rows;
}

export async function countUnread(sql: Sql, owner: Owner): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM notices WHERE issuer = $1 AND subject = $2 AND read_at IS NULL',
    [owner.issuer, owner.subject],
  );
  return rows[0]?.n ?? 0;
}

/** True when the notice is the caller's (read now or before); false for unknown or someone else's. */
export async function markRead(sql: Sql, owner: Owner, id: number): Promise<boolean> {
  const { rows } = await sql.query(
    `UPDATE notices SET read_at = coalesce(read_at, now())
      WHERE id = $1 AND issuer = $2 AND subject = $3
      RETURNING id`,
    [id, owner.issuer, owner.subject],
  );
  return rows.length > 0;
}

export async function markAllRead(sql: Sql, owner: Owner): Promise<number> {
  const { rows } = await sql.query(
    `UPDATE notices SET read_at = now()
      WHERE issuer = $1 AND subject = $2 AND read_at IS NULL
      RETURNING id`,
    [owner.issuer, owner.subject],
  );
  return rows.length;
}
