/**
 * Consent and the activity kept for 猜你想办 (views, searches). Everything here is keyed by the
 * platform user (issuer, subject); nothing is written without consent, the query text is masked
 * (bff/privacy/pii.ts) and capped before it is stored, and opting out deletes what was kept in the
 * same transaction that records the opt-out.
 */
import { maskPiiInText } from '../privacy/pii.js';
import type { Sql } from '../store/types.js';

export interface Owner {
  issuer: string;
  subject: string;
}

/** Stored query text is at most this long (contract: ActivityInput.query). */
export const QUERY_MAX_STORED = 50;

export async function readConsent(sql: Sql, owner: Owner): Promise<{ consent: boolean; updatedAt: Date | null }> {
  const { rows } = await sql.query<{ consent_recommendations: boolean; consent_updated_at: Date | null }>(
    'SELECT consent_recommendations, consent_updated_at FROM user_profiles WHERE issuer = $1 AND subject = $2',
    [owner.issuer, owner.subject],
  );
  const row = rows[0];
  return { consent: row?.consent_recommendations ?? false, updatedAt: row?.consent_updated_at ?? null };
}

/**
 * Records the choice (creating the profile row if the user has none yet); an opt-out deletes the
 * activity in the same transaction. Returns what is now stored.
 */
export async function writeConsent(
  sql: Sql,
  owner: Owner & { userType: 'natural' | 'legal' },
  consent: boolean,
): Promise<{ consent: boolean; updatedAt: Date | null; deleted: number }> {
  return sql.transaction(async (tx) => {
    const { rows } = await tx.query<{ consent_recommendations: boolean; consent_updated_at: Date | null }>(
      `INSERT INTO user_profiles (issuer, subject, user_type, consent_recommendations, consent_updated_at)
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (issuer, subject) DO UPDATE
         SET consent_recommendations = EXCLUDED.consent_recommendations, consent_updated_at = now(), updated_at = now()
       RETURNING consent_recommendations, consent_updated_at`,
      [owner.issuer, owner.subject, owner.userType, consent],
    );
    const deleted = consent ? 0 : await deleteActivity(tx, owner);
    const row = rows[0];
    return { consent: row?.consent_recommendations ?? consent, updatedAt: row?.consent_updated_at ?? null, deleted };
  });
}

/** Masked, whitespace-collapsed and capped: what may be stored of a search. */
export function storableQuery(query: string): string {
  const masked = maskPiiInText(query.replace(/\s+/g, ' ').trim());
  return [...masked].slice(0, QUERY_MAX_STORED).join('');
}

/**
 * Stores one record when (and only when) the user consents, checked in the same statement so a
 * concurrent opt-out cannot be overtaken; a view of an item the library does not have is not stored.
 * Keeps at most `maxPerUser` records. Returns whether something was stored.
 */
export async function recordActivity(
  sql: Sql,
  owner: Owner,
  input: { kind: 'view'; itemCode: string } | { kind: 'search'; query: string },
  maxPerUser: number,
): Promise<boolean> {
  return sql.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO recommendation_activity (issuer, subject, kind, item_code, query)
       SELECT $1, $2, $3, $4, $5
        WHERE EXISTS (SELECT 1 FROM user_profiles u
                       WHERE u.issuer = $1 AND u.subject = $2 AND u.consent_recommendations)
          AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM items i WHERE i.code = $4))
       RETURNING id`,
      [
        owner.issuer,
        owner.subject,
        input.kind,
        input.kind === 'view' ? input.itemCode : null,
        input.kind === 'search' ? storableQuery(input.query) : null,
      ],
    );
    if (rows.length === 0) return false;
    await tx.query(
      `DELETE FROM recommendation_activity
        WHERE issuer = $1 AND subject = $2
          AND id NOT IN (SELECT id FROM recommendation_activity WHERE issuer = $1 AND subject = $2
                          ORDER BY at DESC, id DESC LIMIT $3)`,
      [owner.issuer, owner.subject, maxPerUser],
    );
    return true;
  });
}

export interface ActivityRow {
  id: string;
  kind: 'view' | 'search';
  item_code: string | null;
  item_name: string | null;
  query: string | null;
  at: Date;
}

/** Everything kept about the user, newest first. */
export async function listActivity(sql: Sql, owner: Owner, limit = 5000): Promise<ActivityRow[]> {
  const { rows } = await sql.query<ActivityRow>(
    `SELECT a.id::text AS id, a.kind, a.item_code, i.name AS item_name, a.query, a.at
       FROM recommendation_activity a LEFT JOIN items i ON i.code = a.item_code
      WHERE a.issuer = $1 AND a.subject = $2
      ORDER BY a.at DESC, a.id DESC
      LIMIT $3`,
    [owner.issuer, owner.subject, limit],
  );
  return rows;
}

export async function deleteActivity(sql: Sql, owner: Owner): Promise<number> {
  const result = await sql.query('DELETE FROM recommendation_activity WHERE issuer = $1 AND subject = $2', [
    owner.issuer,
    owner.subject,
  ]);
  return result.affectedRows ?? 0;
}
