/**
 * SQL of the 好差评 API (write side and "my evaluations"). A case is read only together with the
 * caller's key hashes, as in bff/api/cases/queries.ts: another person's case number finds nothing.
 */
import type { Sql } from '../../store/types.js';

export interface CaseForRating {
  project_no: string;
  item_code: string;
  task_handle_item: string | null;
  /** 实施编码 from the items table, when the item is known there. */
  task_code: string | null;
  item_name: string | null;
  dept_name: string | null;
  dept_credit_code: string | null;
  region_code: string | null;
  applicant_name_masked: string;
  applicant_type: string | null;
  applicant_id_type: string | null;
  applicant_key_hash: string;
  accepted_at: Date | null;
  project_type: 'immediate' | 'promised' | 'other' | null;
  is_applicant: boolean;
  finished: boolean;
  node_handled: boolean;
}

/** The case when the caller is its applicant or its contact (经办人); undefined otherwise. */
export async function selectCaseForRating(
  sql: Sql,
  projectNo: string,
  keys: readonly string[],
): Promise<CaseForRating | undefined> {
  if (keys.length === 0) return undefined;
  const { rows } = await sql.query<CaseForRating>(
    `SELECT a.project_no, a.item_code, a.task_handle_item, i.code AS task_code, a.item_name, a.dept_name,
            a.dept_credit_code, a.region_code, a.applicant_name_masked, a.applicant_type, a.applicant_id_type, a.applicant_key_hash,
            a.accepted_at, a.project_type,
            a.applicant_key_hash = ANY($2::text[]) AS is_applicant,
            r.project_no IS NOT NULL AS finished,
            EXISTS (SELECT 1 FROM case_process_steps s
                     WHERE s.project_no = a.project_no AND (s.node_state = 'done' OR s.ended_at IS NOT NULL)) AS node_handled
       FROM case_acceptances a
       LEFT JOIN case_results r ON r.project_no = a.project_no
       LEFT JOIN LATERAL (
         SELECT it.code FROM items it WHERE it.code = a.item_code OR it.task_handle_item = a.item_code LIMIT 1
       ) i ON true
      WHERE a.project_no = $1
        AND (a.applicant_key_hash = ANY($2::text[]) OR a.contact_key_hash = ANY($2::text[]))`,
    [projectNo, keys],
  );
  return rows[0];
}

/** The columns MyEvaluation is made of (present.ts). */
export interface EvaluationRow {
  id: string;
  project_no: string;
  item_name: string | null;
  satisfaction_level: number;
  indicator_codes: string[];
  text: string | null;
  assess_number: number;
  evaluated_at: Date;
  is_negative: boolean;
  review_status: string | null;
  rectification_status: string | null;
  rectification_text: string | null;
  rectified_at: Date | null;
  revisit_result: string | null;
  revisited_at: Date | null;
}

const EVALUATION_COLUMNS = `e.id, e.project_no, coalesce(e.item_name, a.item_name) AS item_name, e.satisfaction_level,
  e.indicator_codes, e.text, e.assess_number, e.evaluated_at, e.is_negative, e.review_status,
  e.rectification_status, e.rectification_text, e.rectified_at, e.revisit_result, e.revisited_at`;

/** Every rating of the case, first first: whoever gave it, it uses up that assessNumber. */
export async function selectCaseRatings(sql: Sql, projectNo: string): Promise<EvaluationRow[]> {
  const { rows } = await sql.query<EvaluationRow>(
    `SELECT ${EVALUATION_COLUMNS}
       FROM evaluations e LEFT JOIN case_acceptances a ON a.project_no = e.project_no
      WHERE e.project_no = $1
      ORDER BY e.assess_number, e.evaluated_at, e.id`,
    [projectNo],
  );
  return rows;
}

export async function selectEvaluationById(sql: Sql, id: string): Promise<EvaluationRow | undefined> {
  const { rows } = await sql.query<EvaluationRow>(
    `SELECT ${EVALUATION_COLUMNS}
       FROM evaluations e LEFT JOIN case_acceptances a ON a.project_no = e.project_no
      WHERE e.id = $1`,
    [id],
  );
  return rows[0];
}

export interface MineCaller {
  issuer: string;
  subject: string;
  keys: readonly string[];
}

/**
 * Mine = given through our widget while signed in (user_issuer/subject), or received from the
 * platform for one of the caller's ID key hashes — the same rule as bff/api/me/my-evaluations.ts.
 */
export async function selectMyEvaluations(
  sql: Sql,
  caller: MineCaller,
  options: { after: { sortKey: string; id: string } | null; limit: number },
): Promise<(EvaluationRow & { sort_key: string })[]> {
  const { rows } = await sql.query<EvaluationRow & { sort_key: string }>(
    `SELECT ${EVALUATION_COLUMNS}, e.evaluated_at::text AS sort_key
       FROM evaluations e
       LEFT JOIN case_acceptances a ON a.project_no = e.project_no
      WHERE ((e.user_issuer = $1 AND e.user_subject = $2) OR e.evaluator_key_hash = ANY($3::text[]))
        AND ($4::timestamptz IS NULL OR (e.evaluated_at, e.id) < ($4::timestamptz, $5::uuid))
      ORDER BY e.evaluated_at DESC, e.id DESC
      LIMIT $6`,
    [
      caller.issuer,
      caller.subject,
      caller.keys,
      options.after?.sortKey ?? null,
      options.after?.id ?? null,
      options.limit,
    ],
  );
  return rows;
}

export interface NewEvaluation {
  id: string;
  projectNo: string;
  itemCode: string;
  itemName: string | null;
  deptCreditCode: string | null;
  deptName: string | null;
  regionCode: string | null;
  assessNumber: 1 | 2;
  /** satisfaction_raw in the 'hcp-national' scheme (= the normalised level). */
  level: number;
  indicatorCodes: readonly string[];
  text: string | null;
  channelRaw: string;
  channel: 'pc' | 'mobile';
  evaluatorNameMasked: string;
  evaluatorKeyHash: string;
  evaluatorTypeRaw: string;
  evaluatorType: string | null;
  userIssuer: string;
  userSubject: string;
  evaluatedAt: Date;
  source: string;
  sourceRowGuid: string;
}

/** Inserts the rating; false when its id exists already (the same idempotency key, raced). */
export async function insertEvaluation(tx: Sql, e: NewEvaluation): Promise<boolean> {
  const { rows } = await tx.query(
    `INSERT INTO evaluations (
       id, project_no, item_code, item_name, dept_credit_code, dept_name, region_code, assess_number,
       satisfaction_raw, satisfaction_scheme, satisfaction_level, indicator_codes, text, channel_raw, channel,
       evaluator_name_masked, evaluator_key_hash, evaluator_type_raw, evaluator_type, user_issuer, user_subject,
       rectification_status, evaluated_at, source, source_row_guid)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text, 'hcp-national', $9::smallint, $10::text[], $11, $12, $13,
             $14, $15, $16, $17, $18, $19, CASE WHEN $9::smallint <= 2 THEN 'pending' END, $20, $21, $22)
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
    [
      e.id,
      e.projectNo,
      e.itemCode,
      e.itemName,
      e.deptCreditCode,
      e.deptName,
      e.regionCode,
      e.assessNumber,
      e.level,
      e.indicatorCodes,
      e.text,
      e.channelRaw,
      e.channel,
      e.evaluatorNameMasked,
      e.evaluatorKeyHash,
      e.evaluatorTypeRaw,
      e.evaluatorType,
      e.userIssuer,
      e.userSubject,
      e.evaluatedAt,
      e.source,
      e.sourceRowGuid,
    ],
  );
  return rows.length > 0;
}

/**
 * Serialises ratings of one case across BFF instances for the rest of the transaction, so two
 * submissions with different idempotency keys cannot both become the 首次评价.
 */
export async function lockCaseForRating(tx: Sql, projectNo: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('govdock:evaluations'), hashtext($1))", [projectNo]);
}
