/**
 * Row problems with stable codes and plain Chinese messages that name the field, for operators who
 * read the quarantine list. A message may quote the offending value so it can be found at the source —
 * but never a personal one: values of columns marked personal are not quoted, and every quoted value
 * still passes through maskPiiInText in case an ID number sits in some other column.
 */
import { maskPiiInText } from '../../privacy/pii.js';
import type { RowProblem } from '../contracts.js';

export type ProblemCode = RowProblem['code'];

/** Who a message is about: the source column (or JSON path) and its Chinese label when known. */
export interface FieldRef {
  field: string;
  label?: string | undefined;
  /** Personal data: the value is never quoted. */
  personal?: boolean | undefined;
}

function name(ref: FieldRef): string {
  return ref.label ? `“${ref.label}”（${ref.field}）` : `“${ref.field}”`;
}

function quote(ref: FieldRef, value: unknown): string {
  if (ref.personal || value === null || value === undefined) return '';
  const text = maskPiiInText(typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));
  return `：“${text.length > 40 ? `${text.slice(0, 40)}…` : text}”`;
}

export const problems = {
  missingRequired: (ref: FieldRef): RowProblem => ({
    code: 'missing_required',
    field: ref.field,
    message: `缺少必填项${name(ref)}`,
  }),
  tooLong: (ref: FieldRef, length: number, max: number): RowProblem => ({
    code: 'too_long',
    field: ref.field,
    message: `${name(ref)}超长：有 ${length} 个字符，最多 ${max} 个`,
  }),
  unknownCode: (ref: FieldRef, value: unknown, list: string): RowProblem => ({
    code: 'unknown_code',
    field: ref.field,
    message: `${name(ref)}的代码不在代码表“${list}”中${quote(ref, value)}`,
  }),
  badDate: (ref: FieldRef, value: unknown, zero: boolean): RowProblem => ({
    code: 'bad_date',
    field: ref.field,
    message: zero
      ? `${name(ref)}是空日期（如 0000-00-00 00:00:00），不是真实的时间`
      : `${name(ref)}不是有效的日期时间${quote(ref, value)}（应为 yyyy-MM-dd HH:mm:ss 或 yyyyMMddHHmmss）`,
  }),
  badNumber: (ref: FieldRef, value: unknown, integer: boolean): RowProblem => ({
    code: 'bad_number',
    field: ref.field,
    message: `${name(ref)}不是${integer ? '整数' : '数字'}${quote(ref, value)}`,
  }),
  badAreaCode: (ref: FieldRef, value: unknown): RowProblem => ({
    code: 'bad_area_code',
    field: ref.field,
    message: `${name(ref)}不是 12 位行政区划代码${quote(ref, value)}`,
  }),
  badCreditCode: (ref: FieldRef, value: unknown): RowProblem => ({
    code: 'bad_credit_code',
    field: ref.field,
    message: `${name(ref)}不是 18 位统一社会信用代码${quote(ref, value)}`,
  }),
  badJson: (ref: FieldRef, reason: string): RowProblem => ({
    code: 'bad_json',
    field: ref.field,
    message: `${name(ref)}不是完整有效的 JSON（${reason}）`,
  }),
  notAList: (ref: FieldRef): RowProblem => ({
    code: 'bad_json',
    field: ref.field,
    message: `${name(ref)}应为 JSON 数组`,
  }),
  badEncoding: (ref: FieldRef): RowProblem => ({
    code: 'bad_encoding',
    field: ref.field,
    message: `${name(ref)}含有无法识别的字符（不是有效的 UTF-8 编码）`,
  }),
  unknownOperation: (ref: FieldRef, value: unknown, allowed: readonly string[]): RowProblem => ({
    code: 'unknown_operation',
    field: ref.field,
    message: `同步类型${name(ref)}无法识别${quote(ref, value)}（应为 ${allowed.join('、')} 之一）`,
  }),
};

/** Collects a row's problems, each (code, field) once: the column check and a transform may both see it. */
export class ProblemList {
  readonly items: RowProblem[] = [];

  add(problem: RowProblem): void {
    for (const existing of this.items) {
      if (existing.code === problem.code && existing.field === problem.field) return;
    }
    this.items.push(problem);
  }

  get empty(): boolean {
    return this.items.length === 0;
  }
}
