/**
 * SQL of the case-tracking API. Every query that answers a signed-in user carries the caller's key
 * hashes in its WHERE clause, so another person's case cannot be read by number alone (IDOR): it is
 * simply not found. Only selectLookupCandidate() reads by number, for the anonymous lookup, and the caller
 * of that function must check the second factor before using anything but the verdict.
 */
import type { Sql } from '../../store/types.js';
import { RECEPTION_NODE_PATTERN, type CaseStage } from './status.js';

export type CaseFilter = 'all' | 'in_progress' | 'completed' | 'needs_action';

export interface CaseFactsRow {
  project_no: string;
  item_code: string;
  item_name: string | null;
  dept_name: string | null;
  stage: CaseStage;
  result_type: string | null;
  applied_at: Date | null;
  accepted_at: Date | null;
  promised_at: Date | null;
  completed_at: Date | null;
  overdue: boolean;
  last_action: string | null;
  review_started: boolean;
  /** The keyset sort key as PostgreSQL text (exact to the microsecond, casts back losslessly). */
  sort_key: string;
}

export interface CaseDetailRow extends CaseFactsRow {
  summary: string | null;
  applicant_name_masked: string;
  applicant_type: string | null;
  accept_doc_no: string | null;
  result_description: string | null;
  certificate_name: string | null;
  certificate_no: string | null;
  delivery: boolean | null;
  /** A 查询码 the province supplied with the case (layout-mapped into extra.queryCode), if any. */
  supplied_query_code: string | null;
}

/** A detail row with its children, as selectMyCase / selectLookupCandidate return it. */
export interface CaseWithChildren {
  row: CaseDetailRow;
  steps: StepRow[];
  specials: SpecialProcedureRow[];
  materials: MaterialRow[];
}

export interface LookupCandidateRow extends CaseDetailRow {
  applicant_lookup_hash: string | null;
  applicant_id_masked: string | null;
}

export interface StepRow {
  node_name: string;
  action: string | null;
  handler_role: string | null;
  dept_name: string | null;
  opinion: string | null;
  started_at: Date | null;
  ended_at: Date | null;
}

export interface SpecialProcedureRow {
  type: string | null;
  name: string | null;
  reason: string | null;
  explanation: string | null;
  result: string | null;
  started_at: Date | null;
  ended_at: Date | null;
}

export interface MaterialRow {
  name: string;
  received_count: number | null;
}

/**
 * One row per case: the coarse stage by the rules of the case_overview view (migration 0003: result
 * → completed, a running 特别程序 → special_procedure, any step → in_progress, else accepted), the
 * latest step's 业务动作 and whether review has begun. Written out here rather than read from the
 * view: the view's per-row subplans, planned afresh for every request, cost as much as running
 * them; one pass over the steps gives all three step facts (test: case-service.test.ts checks the
 * stage against case_overview). Special procedures stop the clock (暂停计时): no overdue while one runs.
 */
function facts(where: string, extraColumns = ''): string {
  return `
  SELECT f.*,
         CASE WHEN f.completed_at IS NOT NULL THEN 'completed'
              WHEN f.special_active THEN 'special_procedure'
              WHEN f.step_count > 0 THEN 'in_progress'
              ELSE 'accepted' END AS stage,
         (f.completed_at IS NULL AND NOT f.special_active AND f.promised_at < now()) AS overdue
    FROM (
      SELECT a.project_no, a.item_code, a.item_name, a.dept_name, a.applied_at, a.accepted_at, a.promised_at,
             r.completed_at, r.result_type, st.last_action, coalesce(st.reviewed, false) AS review_started,
             st.step_count, running.special IS NOT NULL AS special_active,
             coalesce(a.accepted_at, a.applied_at, a.created_at) AS sort_at ${extraColumns}
        FROM case_acceptances a
        LEFT JOIN case_results r ON r.project_no = a.project_no
        -- A LATERAL probe, not EXISTS: for a user with many cases the planner would otherwise hash
        -- every running special procedure of the library, once per reference to the flag.
        LEFT JOIN LATERAL (
          SELECT true AS special FROM case_special_procedures sp
           WHERE sp.project_no = a.project_no AND (sp.ended_at IS NULL OR sp.ended_at > now())
           LIMIT 1) running ON true
        CROSS JOIN LATERAL (
          SELECT (array_agg(s.action ORDER BY coalesce(s.ended_at, s.started_at) DESC NULLS LAST,
                                               s.seq DESC NULLS LAST, s.id DESC))[1] AS last_action,
                 bool_or(s.node_name !~ '${RECEPTION_NODE_PATTERN}') AS reviewed,
                 count(*) AS step_count
            FROM case_process_steps s WHERE s.project_no = a.project_no) st
       WHERE ${where}
    ) f`;
}

const DETAIL_COLUMNS = `,
             a.summary, a.applicant_name_masked, a.applicant_type, a.accept_doc_no,
             r.description AS result_description, r.certificate_name, r.certificate_no, r.delivery,
             a.extra->>'queryCode' AS supplied_query_code`;

/**
 * The case's steps, special procedures and materials as JSON arrays in the same row: the detail is
 * one round trip. Timestamps arrive as ISO text and are turned back into Dates by childrenOf().
 */
const CHILDREN_COLUMNS = `,
             (SELECT coalesce(json_agg(json_build_object(
                        'node_name', s.node_name, 'action', s.action, 'handler_role', s.handler_role,
                        'dept_name', s.dept_name, 'opinion', s.opinion, 'started_at', s.started_at,
                        'ended_at', s.ended_at)
                      ORDER BY coalesce(s.started_at, s.ended_at) NULLS LAST, s.seq NULLS LAST, s.id), '[]')
                FROM case_process_steps s WHERE s.project_no = a.project_no) AS steps_json,
             (SELECT coalesce(json_agg(json_build_object(
                        'type', sp.type, 'name', sp.name, 'reason', sp.reason, 'explanation', sp.explanation,
                        'result', sp.result, 'started_at', sp.started_at, 'ended_at', sp.ended_at)
                      ORDER BY sp.started_at NULLS LAST, sp.id), '[]')
                FROM case_special_procedures sp WHERE sp.project_no = a.project_no) AS specials_json`;

const MATERIALS_COLUMN = `,
             (SELECT coalesce(json_agg(json_build_object('name', m.name, 'received_count', m.received_count)
                      ORDER BY m.id), '[]')
                FROM case_materials m WHERE m.project_no = a.project_no) AS materials_json`;

const MINE = '(a.applicant_key_hash = ANY($1::text[]) OR a.contact_key_hash = ANY($1::text[]))';

/** Fixed SQL per filter tab: no request text ever reaches the statement. */
const FILTER_SQL: Readonly<Record<CaseFilter, string>> = {
  all: 'true',
  in_progress: "stage <> 'completed'",
  completed: "stage = 'completed'",
  needs_action: "stage = 'in_progress' AND last_action = 'return'",
};

export interface CaseCounts {
  all: number;
  inProgress: number;
  completed: number;
  needsAction: number;
}

type PageRow = Omit<CaseFactsRow, 'project_no'> & {
  project_no: string | null;
  count_all: number;
  count_in_progress: number;
  count_completed: number;
  count_needs_action: number;
};

/**
 * One page of the caller's cases and the counts of every tab, in one statement: the caller's cases
 * are found once (MATERIALIZED) and both the page and the counts read them. The counts row is
 * joined to the page, so an empty page still brings the counts (with a NULL project_no).
 */
export async function selectMyCasesPage(
  sql: Sql,
  keys: readonly string[],
  options: { filter: CaseFilter; after: { sortKey: string; projectNo: string } | null; limit: number },
): Promise<{ rows: CaseFactsRow[]; counts: CaseCounts }> {
  const { rows } = await sql.query<PageRow>(
    `WITH mine AS MATERIALIZED (${facts(MINE)}),
     page AS (
       SELECT * FROM mine
        WHERE ${FILTER_SQL[options.filter]}
          AND ($2::timestamptz IS NULL OR (sort_at, project_no) < ($2::timestamptz, $3::text))
        ORDER BY sort_at DESC, project_no DESC
        LIMIT $4)
     SELECT page.*, page.sort_at::text AS sort_key, c.*
       FROM (SELECT count(*)::int AS count_all,
                    count(*) FILTER (WHERE ${FILTER_SQL.in_progress})::int AS count_in_progress,
                    count(*) FILTER (WHERE ${FILTER_SQL.completed})::int AS count_completed,
                    count(*) FILTER (WHERE ${FILTER_SQL.needs_action})::int AS count_needs_action
               FROM mine) c
       LEFT JOIN page ON true
      ORDER BY page.sort_at DESC, page.project_no DESC`,
    [keys, options.after?.sortKey ?? null, options.after?.projectNo ?? null, options.limit],
  );
  const first = rows[0];
  return {
    rows: rows.filter((row): row is PageRow & { project_no: string } => row.project_no !== null),
    counts: {
      all: first?.count_all ?? 0,
      inProgress: first?.count_in_progress ?? 0,
      completed: first?.count_completed ?? 0,
      needsAction: first?.count_needs_action ?? 0,
    },
  };
}

type Dated<T> = { [K in keyof T]: T[K] extends Date | null ? string | null : T[K] };
type ChildrenJson = {
  steps_json: Dated<StepRow>[];
  specials_json: Dated<SpecialProcedureRow>[];
  materials_json?: MaterialRow[];
};

const date = (text: string | null): Date | null => (text === null ? null : new Date(text));

function withChildren<T extends CaseDetailRow>(raw: T & ChildrenJson): { row: T } & Omit<CaseWithChildren, 'row'> {
  const { steps_json, specials_json, materials_json, ...row } = raw;
  return {
    row: row as unknown as T,
    steps: steps_json.map((step) => ({ ...step, started_at: date(step.started_at), ended_at: date(step.ended_at) })),
    specials: specials_json.map((sp) => ({ ...sp, started_at: date(sp.started_at), ended_at: date(sp.ended_at) })),
    materials: materials_json ?? [],
  };
}

/** The caller's case by number with its children, or undefined — also when it is someone else's. */
export async function selectMyCase(
  sql: Sql,
  keys: readonly string[],
  projectNo: string,
): Promise<CaseWithChildren | undefined> {
  const { rows } = await sql.query<CaseDetailRow & ChildrenJson>(
    `SELECT *, ''::text AS sort_key
       FROM (${facts(`a.project_no = $2 AND ${MINE}`, DETAIL_COLUMNS + CHILDREN_COLUMNS + MATERIALS_COLUMN)}) x`,
    [keys, projectNo],
  );
  return rows[0] ? withChildren(rows[0]) : undefined;
}

/**
 * By number alone, for the anonymous lookup: what the second factor is checked against, and the
 * answer (no materials) — the caller must check the factor before using anything else.
 */
export async function selectLookupCandidate(
  sql: Sql,
  projectNo: string,
): Promise<{ row: LookupCandidateRow; steps: StepRow[]; specials: SpecialProcedureRow[] } | undefined> {
  const { rows } = await sql.query<LookupCandidateRow & ChildrenJson>(
    `SELECT *, ''::text AS sort_key FROM (${facts(
      'a.project_no = $1',
      `${DETAIL_COLUMNS}, a.applicant_id_masked, a.applicant_lookup_hash ${CHILDREN_COLUMNS}`,
    )}) x`,
    [projectNo],
  );
  return rows[0] ? withChildren(rows[0]) : undefined;
}
