/**
 * Operator actions go into audit_log (who did what to which stream). The actor is a name for the
 * credential, never the credential: `admin:<token fingerprint>` for the operator API,
 * `cli:<os user>@<host>` for the command line. Detail holds options and ids, no row data.
 */
import type { Sql } from '../store/store.js';

export type OperatorAction = 'sync.run' | 'sync.retry_quarantine' | 'sync.doctor';

export async function recordOperatorAction(
  sql: Sql,
  entry: { actor: string; action: OperatorAction; target: string | null; detail?: Record<string, unknown> },
): Promise<void> {
  await sql.query('INSERT INTO audit_log (actor_key, action, target, detail) VALUES ($1, $2, $3, $4)', [
    entry.actor,
    entry.action,
    entry.target,
    JSON.stringify(entry.detail ?? {}),
  ]);
}
