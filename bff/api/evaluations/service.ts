/**
 * What the 好差评 routes call: the form for a case, a submission, the caller's own ratings. No HTTP
 * here. A submission writes the evaluations row AND its outbox message in one transaction (issue 4
 * item 6), so a rating is never saved without being sent, nor sent without being saved.
 *
 * The row is keyed so that the platform's answer lands on it: its source is the sync's source id and
 * its source_row_guid the outbound row_guid (sync/outbox/row-guid.ts). The agency answers 整改 and
 * 回访 under that guid in up_evaluate_record, and the national layout's upsert on (source,
 * source_row_guid) updates this very row instead of adding a copy.
 */
import { createHash } from 'node:crypto';
import { maskName, maskPiiInText } from '../../privacy/pii.js';
import type { Sql } from '../../store/types.js';
import { enqueue } from '../../sync/outbox/enqueue.js';
import { buildEvaluationPayload, type EvaluationChannel, type EvaluatorType } from '../../sync/outbox/payloads.js';
import { outboundRowGuid } from '../../sync/outbox/row-guid.js';
import type { EvaluationForm } from '../contracts/evaluations.js';
import type { Caller } from '../shared/caller.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import { AppError, badRequest } from '../../http/errors.js';
import type { EvaluationsConfig } from './config.js';
import { decideEligibility, REFUSAL_MESSAGES, type EarlierRatings, type Refusal } from './eligibility.js';
import { LEVELS, type IndicatorList } from './indicators.js';
import { SATISFACTION_LABELS } from '../me/labels.js';
import { myEvaluation, type MyEvaluationItem } from './present.js';
import {
  insertEvaluation,
  lockCaseForRating,
  selectCaseForRating,
  selectCaseRatings,
  selectEvaluationById,
  selectMyEvaluations,
  type CaseForRating,
  type EvaluationRow,
} from './queries.js';
import { DETAIL_REQUIRED_AT_OR_BELOW, type ValidSubmission } from './submission.js';

export interface EvaluationServiceDeps {
  sql: Sql;
  indicators: IndicatorList;
  rules: Pick<EvaluationsConfig, 'atServiceNodes' | 'followUpWindowDays' | 'maxTextLength'>;
  /** config.sync.sourceId: the `source` the national layout writes evaluations under. */
  sourceId: string;
  now?: () => Date;
  /** Called after a rating's outbox row committed (e.g. deliverer.nudge()). */
  afterEnqueue?: () => void;
}

export interface MyEvaluationsPage {
  evaluations: MyEvaluationItem[];
  nextCursor: string | null;
}

const EVALUATOR_TYPES = new Set<string>([
  'natural',
  'enterprise',
  'institution',
  'social_org',
  'unincorporated',
  'government',
  'other_org',
]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CURSOR_SCOPE = 'evaluations:mine';

/** HTTP status of each refusal when a submission is refused (the form reports them with 200). */
const REFUSAL_STATUS = { not_found: 404, not_applicant: 403, not_finished: 409, already_evaluated: 409 } as const;

export const refusalError = (refusal: Refusal): AppError =>
  new AppError(REFUSAL_STATUS[refusal.code], refusal.code, refusal.message);

/**
 * The rating's id follows from who submits and their idempotency key, so a repeated submission
 * (double click, retried request) finds the first row instead of making a second one.
 * UUID-shaped (version nibble 5) SHA-256, as outboundRowGuid.
 */
export function evaluationIdFor(issuer: string, subject: string, idempotencyKey: string): string {
  const hex = createHash('sha256').update(`govdock-evaluation\n${issuer}\n${subject}\n${idempotencyKey}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function earlierOf(ratings: readonly EvaluationRow[]): EarlierRatings {
  let highest: 0 | 1 | 2 = 0;
  for (const row of ratings) highest = row.assess_number === 2 ? 2 : highest === 2 ? 2 : 1;
  return { highest, firstAt: ratings[0]?.evaluated_at ?? null };
}

function standingOf(row: CaseForRating | undefined) {
  return row ? { isApplicant: row.is_applicant, finished: row.finished, nodeHandled: row.node_handled } : undefined;
}

export interface EvaluationService {
  form(caller: Caller, projectNo: string): Promise<EvaluationForm>;
  submit(
    caller: Caller,
    submission: ValidSubmission,
    channel: Extract<EvaluationChannel, 'pc' | 'mobile'>,
  ): Promise<{ evaluation: MyEvaluationItem; created: boolean }>;
  mine(caller: Caller, options: { cursor: string | undefined; limit: number }): Promise<MyEvaluationsPage>;
}

export function createEvaluationService(deps: EvaluationServiceDeps): EvaluationService {
  const { sql, indicators, rules } = deps;
  const now = deps.now ?? (() => new Date());
  const present = (row: EvaluationRow) => myEvaluation(row, indicators);

  return {
    async form(caller, projectNo) {
      const [found, ratings] = await Promise.all([
        selectCaseForRating(sql, projectNo, caller.caseKeys),
        selectCaseRatings(sql, projectNo),
      ]);
      const { refusal, assessNumber } = decideEligibility(
        standingOf(found),
        earlierOf(found ? ratings : []),
        rules,
        now(),
      );
      // Only the applicant learns the item, the department and earlier ratings of the case.
      const applicant = found?.is_applicant === true;
      const latest = applicant ? ratings.at(-1) : undefined;
      return {
        projectNo,
        itemName: applicant ? (found?.item_name ?? null) : null,
        deptName: applicant ? (found?.dept_name ?? null) : null,
        refusal,
        assessNumber,
        levels: LEVELS.map((level) => ({
          level,
          label: SATISFACTION_LABELS[level] ?? String(level),
          indicators: indicators[level].map((item) => ({ code: item.code, label: item.label })),
        })),
        detailRequiredAtOrBelow: DETAIL_REQUIRED_AT_OR_BELOW,
        maxTextLength: rules.maxTextLength,
        previous: latest ? present(latest) : null,
      };
    },

    async submit(caller, submission, channel) {
      const id = evaluationIdFor(caller.issuer, caller.subject, submission.idempotencyKey);
      const result = await sql.transaction(async (tx) => {
        await lockCaseForRating(tx, submission.projectNo);
        const repeated = await selectEvaluationById(tx, id);
        if (repeated) return { evaluation: present(repeated), created: false };

        const found = await selectCaseForRating(tx, submission.projectNo, caller.caseKeys);
        const ratings = found ? await selectCaseRatings(tx, submission.projectNo) : [];
        const { refusal, assessNumber } = decideEligibility(standingOf(found), earlierOf(ratings), rules, now());
        if (refusal || !found)
          throw refusalError(refusal ?? { code: 'not_found', message: REFUSAL_MESSAGES.not_found });

        // Seconds only: the front processor's datetime has no fractions, and the platform's echo of
        // this rating must not look like a change.
        const evaluatedAt = new Date(Math.floor(now().getTime() / 1000) * 1000);
        const dedupKey = `evaluation:${id}`;
        const evaluatorType: EvaluatorType = EVALUATOR_TYPES.has(found.applicant_type ?? '')
          ? (found.applicant_type as EvaluatorType)
          : caller.user.userType === 'natural'
            ? 'natural'
            : 'enterprise';
        const person = evaluatorType === 'natural';
        const platformName = (person ? caller.user.displayName : caller.user.orgName)?.trim();
        const payload = buildEvaluationPayload({
          projectNo: found.project_no,
          level: submission.level,
          channel,
          assessNumber,
          indicatorCodes: submission.indicatorCodes,
          text: submission.text,
          evaluatedAt,
          evaluator: {
            name: platformName || found.applicant_name_masked,
            keyHash: found.applicant_key_hash,
            type: evaluatorType,
            idType: found.applicant_id_type ?? caller.user.idType ?? null,
            agentName: person ? null : (caller.user.agentName ?? null),
          },
          item: {
            taskCode: found.task_code ?? (found.task_handle_item ? null : found.item_code),
            taskHandleItem: found.task_handle_item,
            taskName: found.item_name,
            deptCreditCode: found.dept_credit_code,
            deptName: found.dept_name,
            regionCode: found.region_code,
          },
          caseStatus: found.finished ? 'done' : 'in_progress',
          acceptedAt: found.accepted_at,
          projectType: found.project_type,
        });
        const inserted = await insertEvaluation(tx, {
          id,
          projectNo: found.project_no,
          itemCode: found.item_code,
          itemName: found.item_name,
          deptCreditCode: found.dept_credit_code,
          deptName: found.dept_name,
          regionCode: found.region_code,
          assessNumber,
          level: submission.level,
          indicatorCodes: submission.indicatorCodes,
          text: submission.text ? maskPiiInText(submission.text) : null,
          channelRaw: payload.pf,
          channel,
          evaluatorNameMasked: person ? maskName(payload.userName) : payload.userName,
          evaluatorKeyHash: found.applicant_key_hash,
          evaluatorTypeRaw: payload.userProp,
          evaluatorType,
          userIssuer: caller.issuer,
          userSubject: caller.subject,
          evaluatedAt,
          source: deps.sourceId,
          sourceRowGuid: outboundRowGuid(dedupKey),
        });
        if (!inserted) throw new Error('evaluation id taken inside the case lock');
        await enqueue(tx, { kind: 'evaluation', dedupKey, payload });
        const row = await selectEvaluationById(tx, id);
        if (!row) throw new Error('evaluation vanished inside its own transaction');
        return { evaluation: present(row), created: true };
      });
      if (result.created) deps.afterEnqueue?.();
      return result;
    },

    async mine(caller, options) {
      const after = options.cursor ? decodeCursor(options.cursor, CURSOR_SCOPE, 2) : null;
      if (after && !UUID.test(String(after[1]))) throw badRequest('翻页位置无效，请回到第一页重新查看');
      const rows = await selectMyEvaluations(
        sql,
        { issuer: caller.issuer, subject: caller.subject, keys: caller.caseKeys },
        { after: after ? { sortKey: String(after[0]), id: String(after[1]) } : null, limit: options.limit + 1 },
      );
      const page = rows.slice(0, options.limit);
      const last = page.at(-1);
      return {
        evaluations: page.map(present),
        nextCursor: rows.length > options.limit && last ? encodeCursor(CURSOR_SCOPE, [last.sort_key, last.id]) : null,
      };
    },
  };
}
