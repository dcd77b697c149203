/**
 * Sessions in the store's `sessions` table (migration 0006): the embedded default (architecture §3).
 * Index columns (issuer, sid) and (issuer, subject) serve back-channel logout; user and tokens go in
 * `data` (jsonb). A row past its idle or absolute expiry is treated as absent and purged now and then.
 */
import type { Sql } from '../../store/store.js';
import { createSessionCodec, type SessionCodecOptions, type SessionPayload } from './codec.js';
import type { SessionRecord, SessionStore } from './types.js';

export interface StoreSessionStoreOptions extends SessionCodecOptions {
  now?: () => number;
  /** Minimum time between purges of expired rows, piggy-backed on create(). */
  purgeIntervalMs?: number;
}

interface SessionRow {
  id: string;
  issuer: string;
  subject: string;
  sid: string | null;
  data: SessionPayload;
  created_at: Date;
  last_seen_at: Date;
  idle_expires_at: Date;
  expires_at: Date;
}

function withoutFlag(record: SessionRecord & { unreadable?: true }): SessionRecord {
  const { unreadable: _unreadable, ...rest } = record;
  return rest;
}

const COLUMNS = 'id, issuer, subject, sid, data, created_at, last_seen_at, idle_expires_at, expires_at';

export function createStoreSessionStore(sql: Sql, options: StoreSessionStoreOptions = {}): SessionStore {
  const codec = createSessionCodec(options);
  const now = options.now ?? Date.now;
  const purgeIntervalMs = options.purgeIntervalMs ?? 60_000;
  let lastPurge = 0;

  /**
   * Tokens that no longer decrypt (the key was changed) make the session unusable: get() reports
   * it absent, and deletes still return it (with empty tokens) so that logout is broadcast.
   */
  const toRecord = (row: SessionRow): SessionRecord & { unreadable?: true } => {
    const tokens = codec.decodeTokens(row.data.tokens, row.id);
    const record: SessionRecord & { unreadable?: true } = {
      id: row.id,
      issuer: row.issuer,
      subject: row.subject,
      user: row.data.user,
      tokens: tokens ?? { accessToken: '' },
      createdAt: row.created_at.getTime(),
      lastSeenAt: row.last_seen_at.getTime(),
      idleExpiresAt: row.idle_expires_at.getTime(),
      expiresAt: row.expires_at.getTime(),
    };
    if (row.sid !== null) record.sid = row.sid;
    if (!tokens) record.unreadable = true;
    return record;
  };
  const live = (record: SessionRecord): boolean => Math.min(record.idleExpiresAt, record.expiresAt) > now();
  const params = (record: SessionRecord): unknown[] => [
    record.id,
    record.issuer,
    record.subject,
    record.sid ?? null,
    JSON.stringify(codec.encode(record)),
    new Date(record.createdAt),
    new Date(record.lastSeenAt),
    new Date(record.idleExpiresAt),
    new Date(record.expiresAt),
  ];

  async function purgeMaybe(): Promise<void> {
    const at = now();
    if (at - lastPurge < purgeIntervalMs) return;
    lastPurge = at;
    await sql.query('DELETE FROM sessions WHERE expires_at <= $1 OR idle_expires_at <= $1', [new Date(at)]);
  }

  async function deleteWhere(where: string, values: unknown[]): Promise<SessionRecord[]> {
    const { rows } = await sql.query<SessionRow>(`DELETE FROM sessions WHERE ${where} RETURNING ${COLUMNS}`, values);
    // Expired rows are removed too but not reported: nobody is logged in through them any more.
    return rows.map(toRecord).filter(live).map(withoutFlag);
  }

  return {
    async create(record) {
      await purgeMaybe();
      await sql.query(
        `INSERT INTO sessions (${COLUMNS}) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9)`,
        params(record),
      );
    },
    async get(id) {
      const { rows } = await sql.query<SessionRow>(
        `SELECT ${COLUMNS} FROM sessions WHERE id = $1 AND expires_at > $2 AND idle_expires_at > $2`,
        [id, new Date(now())],
      );
      const record = rows[0] ? toRecord(rows[0]) : undefined;
      return record && !record.unreadable ? record : undefined;
    },
    async update(record) {
      // UPDATE, never upsert: a session deleted by a logout meanwhile must not come back.
      await sql.query(
        `UPDATE sessions SET issuer = $2, subject = $3, sid = $4, data = $5::jsonb, created_at = $6,
           last_seen_at = $7, idle_expires_at = $8, expires_at = $9 WHERE id = $1`,
        params(record),
      );
    },
    async delete(id) {
      return (await deleteWhere('id = $1', [id]))[0];
    },
    deleteBySid: (issuer, sid) => deleteWhere('issuer = $1 AND sid = $2', [issuer, sid]),
    deleteBySubject: (issuer, subject) => deleteWhere('issuer = $1 AND subject = $2', [issuer, subject]),
    async countBySubject(issuer, subject) {
      const { rows } = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM sessions
          WHERE issuer = $1 AND subject = $2 AND expires_at > $3 AND idle_expires_at > $3`,
        [issuer, subject, new Date(now())],
      );
      return rows[0]?.n ?? 0;
    },
  };
}
