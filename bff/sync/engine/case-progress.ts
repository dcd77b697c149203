/**
 * Change events (issue 4 item 7): a case's new process step, special procedure or result becomes a
 * notice (消息提醒) for its applicant, written in the SAME transaction as the page (so a crash cannot
 * lose it and a re-delivery cannot duplicate it: notices.dedup_key), and an SSE event published only
 * after COMMIT. The applicant is found as everywhere else: user_profiles.id_key_hash equals
 * case_acceptances.applicant_key_hash (both keyed hashes of the ID number, pii.applicantKeyHash).
 *
 * Which library tables count as progress is a property of the library schema, not of a layout.
 */
import type { Sql } from '../../store/types.js';
import type { ProgressEvent } from './types.js';

export interface ProgressTarget {
  /** `kind` in the event data. */
  kind: string;
  /** The column holding the case's 办件编号. */
  projectColumn: string;
  title: string;
}

export const CASE_PROGRESS_TARGETS: Readonly<Record<string, ProgressTarget>> = {
  case_process_steps: { kind: 'step', projectColumn: 'project_no', title: '您的办件有新进展' },
  case_special_procedures: { kind: 'special_procedure', projectColumn: 'project_no', title: '您的办件进入特别程序' },
  case_results: { kind: 'result', projectColumn: 'project_no', title: '您的办件已办结' },
};

export interface ProgressCandidate {
  target: string;
  projectNo: string;
  /** Identifies the progress record, so its notice is created once. */
  recordKey: string;
}

/** Inserts notices for applicants who have an account; returns what to publish after COMMIT. */
export async function recordCaseProgress(tx: Sql, candidates: readonly ProgressCandidate[]): Promise<ProgressEvent[]> {
  if (candidates.length === 0) return [];
  const payload = candidates.flatMap((candidate) => {
    const target = CASE_PROGRESS_TARGETS[candidate.target];
    if (!target) return [];
    return [
      {
        project_no: candidate.projectNo,
        kind: target.kind,
        title: target.title,
        body: `办件编号：${candidate.projectNo}`,
        dedup_key: `case-progress:${candidate.target}:${candidate.recordKey}`,
      },
    ];
  });
  if (payload.length === 0) return [];
  // Nobody has signed in yet (a fresh library, a backfill): no applicant to tell.
  const { rows: anyUser } = await tx.query('SELECT 1 FROM user_profiles WHERE id_key_hash IS NOT NULL LIMIT 1');
  if (anyUser.length === 0) return [];
  const { rows } = await tx.query<{ issuer: string; subject: string; project_no: string; kind: string }>(
    `WITH p AS (
       SELECT * FROM json_to_recordset($1::json) AS p(project_no text, kind text, title text, body text, dedup_key text)
     ), added AS (
       INSERT INTO notices (issuer, subject, kind, title, body, dedup_key)
       SELECT u.issuer, u.subject, 'case-progress', p.title, p.body, p.dedup_key
         FROM p
         JOIN case_acceptances a ON a.project_no = p.project_no
         JOIN user_profiles u ON u.id_key_hash = a.applicant_key_hash
       ON CONFLICT (issuer, subject, dedup_key) DO NOTHING
       RETURNING issuer, subject, dedup_key
     )
     SELECT added.issuer, added.subject, p.project_no, p.kind FROM added JOIN p USING (dedup_key)`,
    [JSON.stringify(payload)],
  );
  return rows.map((row) => ({ issuer: row.issuer, subject: row.subject, projectNo: row.project_no, kind: row.kind }));
}
