import type { EvaluationForm, SatisfactionLevel } from '../../bff/api/contracts/evaluations.js';

/** What the user has entered so far. */
export interface EvaluationDraft {
  level: SatisfactionLevel | null;
  indicatorCodes: ReadonlySet<string>;
  text: string;
}

/** Which fields are wrong; each value is a strings key, with its parameters. */
export interface DraftErrors {
  level?: 'errorLevel';
  detail?: 'errorDetail';
  text?: { key: 'errorLength'; max: number; count: number };
}

export const emptyDraft = (): EvaluationDraft => ({ level: null, indicatorCodes: new Set(), text: '' });

/** Characters as people count them: an emoji is one, not two UTF-16 units. */
export const textLength = (text: string): number => [...text].length;

/** The indicators the chosen level offers. */
export function indicatorsFor(form: EvaluationForm, level: SatisfactionLevel | null) {
  return form.levels.find((entry) => entry.level === level)?.indicators ?? [];
}

/** A 差评 (at or below the form's threshold) must say what was wrong: an indicator or some text. */
export const needsDetail = (form: EvaluationForm, level: SatisfactionLevel | null): boolean =>
  level !== null && level <= form.detailRequiredAtOrBelow;

/** The same rules the BFF applies, checked first so the user hears about them in place. Null when valid. */
export function validateDraft(form: EvaluationForm, draft: EvaluationDraft): DraftErrors | null {
  const errors: DraftErrors = {};
  if (draft.level === null) errors.level = 'errorLevel';
  else if (needsDetail(form, draft.level) && draft.indicatorCodes.size === 0 && !draft.text.trim())
    errors.detail = 'errorDetail';
  const over = textLength(draft.text.trim()) - form.maxTextLength;
  if (over > 0) errors.text = { key: 'errorLength', max: form.maxTextLength, count: over };
  return Object.keys(errors).length ? errors : null;
}

/**
 * One key per form, sent with every attempt to submit it: a double click or a retry after a lost answer
 * reaches the BFF with the same key and gets the first result. getRandomValues, not randomUUID: the latter
 * exists only on https pages, and some government sites still serve plain http.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
