/**
 * Checks a source row against its column specifications before any mapping: required fields,
 * varchar lengths, integers and numbers, both date formats, JSON text, 12-digit area codes, 18-char
 * credit codes and invalid UTF-8. Every problem of the row is reported, not just the first (G5).
 * Compiled once per stream; the per-row work is a loop over plain objects.
 */
import type { ColumnSpec, PathStep } from './column-spec.js';
import { parseColumnPath } from './column-spec.js';
import { type FieldRef, type ProblemList, problems } from './problems.js';
import type { RowReader } from './row-reader.js';
import {
  characterLength,
  hasReplacementCharacter,
  isCreditCode,
  isLongerThan,
  parseAreaCode,
  parseDecimal,
  parseInteger,
  type JsonParse,
  parseJsonText,
  parseSourceDateTime,
  sourceZone,
} from './values.js';

export type RowCheck = (reader: RowReader, out: ProblemList) => void;

/** Validity of a date does not depend on the zone; only the output offset does. */
const ANY_ZONE = sourceZone('+00:00');

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** Checks one present value against its spec; `ref` names the concrete field (with list index). */
export function checkValue(
  spec: ColumnSpec,
  ref: FieldRef,
  value: unknown,
  out: ProblemList,
  parseJson: (text: string) => JsonParse | null = parseJsonText,
): void {
  if (isEmpty(value)) {
    if (spec.required) out.add(problems.missingRequired(ref));
    return;
  }
  let text: string;
  if (typeof value === 'string') {
    if (hasReplacementCharacter(value)) out.add(problems.badEncoding(ref));
    text = value;
  } else if (typeof value === 'number' || typeof value === 'boolean') {
    text = String(value);
  } else {
    // A nested object or list where text was expected: measured as its JSON text.
    text = JSON.stringify(value);
  }
  if (spec.length !== undefined && isLongerThan(text, spec.length)) {
    out.add(problems.tooLong(ref, characterLength(text), spec.length));
  }
  switch (spec.type) {
    case 'int':
      if (typeof value === 'object' || parseInteger(text) === null) out.add(problems.badNumber(ref, value, true));
      break;
    case 'number':
      if (typeof value === 'object' || parseDecimal(text) === null) out.add(problems.badNumber(ref, value, false));
      break;
    case 'datetime': {
      const parsed = parseSourceDateTime(text, ANY_ZONE);
      if (!parsed.ok) out.add(problems.badDate(ref, value, parsed.zero));
      break;
    }
    case 'json':
      if (typeof value === 'string') {
        const parsed = parseJson(value);
        if (parsed && !parsed.ok) out.add(problems.badJson(ref, parsed.reason));
      }
      break;
    default:
      break;
  }
  if (spec.format === 'creditCode' && !isCreditCode(text.trim())) out.add(problems.badCreditCode(ref, value));
  if (spec.format === 'areaCode' && parseAreaCode(text) === null) out.add(problems.badAreaCode(ref, value));
}

/** Walks `steps` from a JSON value, calling `visit` with each reached value and its concrete path. */
function walk(
  value: unknown,
  steps: readonly PathStep[],
  index: number,
  path: string,
  visit: (value: unknown, path: string) => void,
): void {
  if (index === steps.length) {
    visit(value, path);
    return;
  }
  const step = steps[index] as PathStep;
  if ('each' in step) {
    if (!Array.isArray(value)) return; // a missing or non-list value is the list column's own problem
    for (let i = 0; i < value.length; i += 1) walk(value[i], steps, index + 1, `${path}[${i}]`, visit);
    return;
  }
  const next = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[step.key] : undefined;
  walk(next, steps, index + 1, `${path}.${step.key}`, visit);
}

export function compileRowChecks(specs: readonly ColumnSpec[]): RowCheck {
  const checks: RowCheck[] = specs.map((spec) => {
    const parsed = parseColumnPath(spec.path);
    if (!parsed) throw new Error(`bad column path ${spec.path}`);
    const { column, steps } = parsed;
    if (steps.length === 0) {
      const ref: FieldRef = { field: column, label: spec.label, personal: spec.personal };
      if (spec.type === 'json') {
        // Through the reader, so the mapping reuses this parse.
        return (reader, out) => checkValue(spec, ref, reader.value(column), out, () => reader.json(column));
      }
      return (reader, out) => checkValue(spec, ref, reader.value(column), out);
    }
    return (reader, out) => {
      const json = reader.json(column);
      if (!json || !json.ok) return; // empty or broken: reported by the column's own spec
      walk(json.value, steps, 0, column, (value, path) =>
        checkValue(spec, { field: path, label: spec.label, personal: spec.personal }, value, out),
      );
    };
  });
  return (reader, out) => {
    for (const check of checks) check(reader, out);
  };
}
