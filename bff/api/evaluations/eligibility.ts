/**
 * Whether the caller may rate a case now, and which rating it would be (首次 / 追评). Pure: the
 * facts come from queries.ts, the rules from configuration, the clock from the caller, so every
 * branch is tested without a database.
 *
 *   - only the applicant (申请人): an agent (经办人) sees the case but may not rate it — the national
 *     record names the applicant as the evaluator (b.3 userName / certKey);
 *   - only after 办结 (a case_results row), or, when configured, once a service node was handled;
 *   - once per assessNumber: 首次 (1), then one 追评 (2) within the configured days of the first.
 */
import type { EvaluationForm } from '../contracts/evaluations.js';

export type Refusal = NonNullable<EvaluationForm['refusal']>;
export type RefusalCode = Refusal['code'];

export interface CaseStanding {
  /** The caller's key hash is the case's applicant_key_hash (not only its contact's). */
  isApplicant: boolean;
  /** 已办结: a result exists. */
  finished: boolean;
  /** A process step has been handled (办件服务节点). */
  nodeHandled: boolean;
}

export interface EarlierRatings {
  /** Highest assess_number so far (0: never rated). */
  highest: 0 | 1 | 2;
  /** When the first rating was given, to time the 追评 window. */
  firstAt: Date | null;
}

export interface RatingRules {
  atServiceNodes: boolean;
  followUpWindowDays: number;
}

export interface Eligibility {
  refusal: Refusal | null;
  assessNumber: 1 | 2;
}

const DAY_MS = 86_400_000;

export const REFUSAL_MESSAGES = {
  not_found: '没有找到这个办件。请核对办件编号，或确认办件是用您本人的证件申请的。',
  not_applicant: '只有办件的申请人本人可以评价，代办人不能代为评价。',
  not_finished: '这个办件还没有办结，办结后才能评价。',
  not_started: '这个办件还没有开始办理，办理后才能评价。',
  already_evaluated: '您已经评价过这个办件，也已追评过，不能再次评价。',
  follow_up_closed: '您已经评价过这个办件，追评期限已过。',
} as const;

const refusal = (code: RefusalCode, message: string): Refusal => ({ code, message });

export function decideEligibility(
  standing: CaseStanding | undefined,
  earlier: EarlierRatings,
  rules: RatingRules,
  now: Date,
): Eligibility {
  const nextNumber: 1 | 2 = earlier.highest === 0 ? 1 : 2;
  if (!standing) return { refusal: refusal('not_found', REFUSAL_MESSAGES.not_found), assessNumber: 1 };
  if (!standing.isApplicant) {
    return { refusal: refusal('not_applicant', REFUSAL_MESSAGES.not_applicant), assessNumber: nextNumber };
  }
  const open = standing.finished || (rules.atServiceNodes && standing.nodeHandled);
  if (!open) {
    const message = rules.atServiceNodes ? REFUSAL_MESSAGES.not_started : REFUSAL_MESSAGES.not_finished;
    return { refusal: refusal('not_finished', message), assessNumber: nextNumber };
  }
  if (earlier.highest >= 2) {
    return { refusal: refusal('already_evaluated', REFUSAL_MESSAGES.already_evaluated), assessNumber: 2 };
  }
  if (earlier.highest === 1) {
    const firstAt = earlier.firstAt?.getTime() ?? now.getTime();
    if (now.getTime() - firstAt > rules.followUpWindowDays * DAY_MS) {
      return { refusal: refusal('already_evaluated', REFUSAL_MESSAGES.follow_up_closed), assessNumber: 2 };
    }
    return { refusal: null, assessNumber: 2 };
  }
  return { refusal: null, assessNumber: 1 };
}
