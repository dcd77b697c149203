/**
 * From retrieval features to a confidence that means the same across questions, and from that to
 * the status and the label the widget shows.
 *
 * A logistic model fitted (Newton, L2 0.1) on test/bench/assistant/questions.json over the
 * generator's library: P(the best candidate is an expected answer) from the BM25 score (saturated),
 * the lead over the best candidate about something else (capped: with one lone match, "lead" means
 * nothing), and coverage. Coverage — how much of the question the passage explains — is also a hard
 * gate: below COVERAGE_GATE the assistant says it does not know, however high the score, because a
 * passage that explains a third of a question answers a different question. The bench prints the
 * reliability table; refit when the corpus changes a lot (scores grow with log of its size).
 * The fit is in-sample: the evaluation set is also what it was fitted on.
 */
export interface Features {
  /** 0–1, Bm25Hit.coverage of the best passage. */
  coverage: number;
  score: number;
  /** Score of the best passage about something else (another FAQ entry or item), 0 when none. */
  runnerUp: number;
}

export const THRESHOLDS = { answered: 0.6, uncertain: 0.35 } as const;
export const COVERAGE_GATE = 0.35;
/** Confidence never exceeds this below the coverage gate (so the status is `unknown`). */
const GATED_MAX = 0.3;

const W = { coverage: 0.32, score: 5.17, lead: 5.75, bias: -3.45 } as const;

export function confidenceOf(features: Features): number {
  const lead = features.score > 0 ? Math.min(0.3, (features.score - features.runnerUp) / features.score) : 0;
  const z = W.coverage * features.coverage + (W.score * Math.min(features.score, 25)) / 25 + W.lead * lead + W.bias;
  const p = 1 / (1 + Math.exp(-z));
  return +(features.coverage < COVERAGE_GATE ? Math.min(p, GATED_MAX) : p).toFixed(3);
}

export function statusOf(confidence: number): 'answered' | 'uncertain' | 'unknown' {
  return confidence >= THRESHOLDS.answered ? 'answered' : confidence >= THRESHOLDS.uncertain ? 'uncertain' : 'unknown';
}

/** 高 when right about 9 times in 10 on the evaluation set, 中 for the rest of `answered`, else 低. */
export function confidenceLabel(confidence: number): string {
  return confidence >= 0.75 ? '高' : confidence >= THRESHOLDS.answered ? '中' : '低';
}
