/**
 * JSON shapes of the 好差评 API (`/api/v1/evaluations`, `/api/v1/evaluation-stats`). Produced by
 * bff/api/evaluations and consumed by `<gov-evaluate>` / `<gov-evaluation-stats>` with `import type`.
 * Levels are normalised: 1 = 非常不满意 … 5 = 非常满意 (the national 好差评 interface order).
 */

export type SatisfactionLevel = 1 | 2 | 3 | 4 | 5;

/** One indicator a user may tick for a level (整体满意度, 办事效率 …), from the configured list. */
export interface EvaluationIndicator {
  code: string;
  label: string;
}

/** `GET /api/v1/evaluations/form?case=<projectNo>`: what the form may offer for this case, for this user. */
export interface EvaluationForm {
  projectNo: string;
  itemName: string | null;
  deptName: string | null;
  /** Why the user may not evaluate now, or null when they may. */
  refusal: { code: 'not_applicant' | 'not_finished' | 'already_evaluated' | 'not_found'; message: string } | null;
  /** 1 = 首次评价, 2 = 追评. */
  assessNumber: 1 | 2;
  levels: { level: SatisfactionLevel; label: string; indicators: EvaluationIndicator[] }[];
  /** Levels at or below this need an indicator or text (不满意, 非常不满意). */
  detailRequiredAtOrBelow: SatisfactionLevel;
  maxTextLength: number;
  /** The previous evaluation when this is a 追评. */
  previous: MyEvaluation | null;
}

/** `POST /api/v1/evaluations` body. The channel (`pf`) is derived by the BFF from the request. */
export interface EvaluationSubmission {
  projectNo: string;
  level: SatisfactionLevel;
  indicatorCodes: string[];
  text?: string;
  /** Client-generated key: a double submit with the same key returns the first result (idempotent). */
  idempotencyKey: string;
}

export type RectificationStatus = 'pending' | 'in_progress' | 'rectified' | 'revisited';

export interface MyEvaluation {
  id: string;
  projectNo: string;
  itemName: string | null;
  level: SatisfactionLevel;
  levelLabel: string;
  indicatorLabels: string[];
  text: string | null;
  assessNumber: 1 | 2;
  evaluatedAt: string;
  /** Only for 差评 (level ≤ 2). */
  rectification: {
    status: RectificationStatus;
    /** 待整改 / 整改中 / 已整改 / 已回访. */
    statusLabel: string;
    text: string | null;
    rectifiedAt: string | null;
    revisitResult: string | null;
    revisitedAt: string | null;
  } | null;
}

/** `GET /api/v1/evaluation-stats?dept=&region=&item=&from=&to=&group=dept|region|item|month`. */
export interface EvaluationStatsResponse {
  period: { from: string; to: string };
  filters: { dept?: string; region?: string; item?: string };
  total: number;
  /** (非常满意 + 满意 + 基本满意) / total, 0..1; null when total is 0. */
  satisfactionRate: number | null;
  byLevel: { level: SatisfactionLevel; label: string; count: number }[];
  /** 差评整改率: rectified or revisited / all 差评. */
  rectificationRate: number | null;
  groups: {
    key: string;
    label: string;
    total: number;
    satisfactionRate: number | null;
    negative: number;
  }[];
}
