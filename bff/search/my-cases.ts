/**
 * "My cases" in search results: only the logged-in user's own cases, matched by the keyed hash of the
 * ID number the session holds (SessionUser.idKeyHash = pii.applicantKeyHash of 身份证号 or, for a
 * 法人 account, of the 统一社会信用代码). A case matches as applicant or as contact/agent (经办人).
 * No other key is accepted, so nobody's cases but the caller's can appear.
 */
import type { Context } from 'hono';
import type { MyCaseHit } from '../api/contracts/items.js';
import type { AuthEnv, RequestAuth } from '../auth/guard.js';
import type { Sql } from '../store/types.js';

export const CASE_STATUS_LABELS: Readonly<Record<string, string>> = {
  accepted: '已受理',
  in_progress: '办理中',
  special_procedure: '特别程序中（暂停计时）',
  completed: '已办结',
};

export type CallerIdentity = { kind: 'anonymous' } | { kind: 'user'; keyHash: string | null };

/**
 * Who is calling, from the session the app-level middleware attached (bff/auth/request-auth.ts).
 * Reads the session only when a cookie exists, so anonymous searches cost no store lookup.
 */
export async function callerIdentity(c: Context): Promise<CallerIdentity> {
  const auth = (c as Context<AuthEnv>).get('auth') as RequestAuth | undefined;
  const session = await auth?.session();
  if (!session) return { kind: 'anonymous' };
  const hash = session.user.idKeyHash;
  // A registered user without real-name data has no key: logged in, but no cases to find.
  return { kind: 'user', keyHash: typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash) ? hash : null };
}

const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** 办件编号 look like codes (letters, digits, dashes with a run of digits), not words. */
const looksLikeCaseNumber = (query: string): boolean =>
  /^[A-Za-z0-9_-]{6,64}$/.test(query.trim()) && /\d{3,}/.test(query);

export async function findMyCases(
  sql: Sql,
  keyHash: string | null,
  needles: readonly string[],
  query: string,
  limit = 5,
): Promise<MyCaseHit[]> {
  if (!keyHash) return [];
  // A case number is looked up as such; its letters are not pinyin of an item name.
  const patterns = looksLikeCaseNumber(query)
    ? []
    : needles.filter((needle) => [...needle].length >= 2).map(likePattern);
  const { rows } = await sql.query<{
    project_no: string;
    item_name: string | null;
    status: string;
    accepted_at: Date | null;
  }>(
    `SELECT project_no, item_name, status, accepted_at
       FROM case_overview
      WHERE (applicant_key_hash = $1 OR contact_key_hash = $1)
        AND (project_no = $2 OR item_name ILIKE ANY($3::text[]))
      ORDER BY accepted_at DESC NULLS LAST, project_no
      LIMIT $4`,
    [keyHash, query.trim(), patterns, limit],
  );
  return rows.map((row) => ({
    projectNo: row.project_no,
    itemName: row.item_name ?? '',
    status: row.status,
    statusLabel: CASE_STATUS_LABELS[row.status] ?? row.status,
    acceptedAt: row.accepted_at ? row.accepted_at.toISOString() : null,
  }));
}
