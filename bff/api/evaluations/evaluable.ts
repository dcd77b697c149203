/**
 * Which of a page of cases the caller may rate now — for the case tracker's `canEvaluate`
 * (contracts/cases.ts CaseSummary), so that a list asks once instead of once per case. The same rules
 * as the form (eligibility.ts); `keys` are the caller's case key hashes (shared/caller.ts caseKeys).
 */
import type { Sql } from '../../store/types.js';
import type { EvaluationsConfig } from './config.js';
import { decideEligibility } from './eligibility.js';

interface CaseRatingFacts {
  project_no: string;
  is_applicant: boolean;
  finished: boolean;
  node_handled: boolean;
  highest: number;
  first_at: Date | null;
}

export async function evaluableCases(
  sql: Sql,
  projectNos: readonly string[],
  keys: readonly string[],
  rules: Pick<EvaluationsConfig, 'atServiceNodes' | 'followUpWindowDays'>,
  now: Date = new Date(),
): Promise<Set<string>> {
  if (projectNos.length === 0 || keys.length === 0) return new Set();
  const { rows } = await sql.query<CaseRatingFacts>(
    `SELECT a.project_no,
            a.applicant_key_hash = ANY($2::text[]) AS is_applicant,
            EXISTS (SELECT 1 FROM case_results r WHERE r.project_no = a.project_no) AS finished,
            EXISTS (SELECT 1 FROM case_process_steps s
                     WHERE s.project_no = a.project_no AND (s.node_state = 'done' OR s.ended_at IS NOT NULL)) AS node_handled,
            coalesce((SELECT max(e.assess_number) FROM evaluations e WHERE e.project_no = a.project_no), 0)::int AS highest,
            (SELECT min(e.evaluated_at) FROM evaluations e WHERE e.project_no = a.project_no) AS first_at
       FROM case_acceptances a
      WHERE a.project_no = ANY($1::text[]) AND a.applicant_key_hash = ANY($2::text[])`,
    [projectNos, keys],
  );
  const open = new Set<string>();
  for (const row of rows) {
    const highest = row.highest >= 2 ? 2 : row.highest === 1 ? 1 : 0;
    const { refusal } = decideEligibility(
      { isApplicant: row.is_applicant, finished: row.finished, nodeHandled: row.node_handled },
      { highest, firstAt: row.first_at },
      rules,
      now,
    );
    if (!refusal) open.add(row.project_no);
  }
  return open;
}
