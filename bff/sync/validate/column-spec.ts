/**
 * Column specifications as a layout writes them, one short line per column, e.g.
 *
 *   "dept_code": "varchar(50) required creditCode 实施主体编码"
 *   "AUDIT_MATERIAL[].MATERIAL_NAME": "varchar(200) required 材料名称"
 *
 * = type, then flags, then the Chinese label used in messages. Types follow the front-table DDL
 * (R-FRONT): varchar(n) counts characters like MySQL; `json` is JSON text (nested lists in a drop).
 * Flags: `required` (NOT NULL, and not empty), `creditCode` (18-char 统一社会信用代码), `areaCode`
 * (12-digit 行政区划代码; 6 or 9 digits are padded), `personal` (ID number or mobile: never quoted in a
 * message and masked in quarantine copies).
 */

export type ColumnType = 'varchar' | 'text' | 'int' | 'number' | 'datetime' | 'json';
export type ColumnFormat = 'creditCode' | 'areaCode';

export interface ColumnSpec {
  /** Column name, or `COLUMN[].KEY` / `COLUMN.KEY` inside a JSON column. */
  path: string;
  type: ColumnType;
  length?: number;
  required: boolean;
  format?: ColumnFormat;
  personal: boolean;
  label?: string;
}

const TYPE = /^(varchar|text|int|number|datetime|json)(?:\((\d{1,6})\))?$/;
const FLAGS = new Set(['required', 'creditCode', 'areaCode', 'personal']);

export type ColumnSpecParse = { ok: true; spec: ColumnSpec } | { ok: false; message: string };

export function parseColumnSpec(path: string, text: string): ColumnSpecParse {
  const tokens = text.trim().split(/\s+/);
  const type = TYPE.exec(tokens[0] ?? '');
  if (!type) {
    return {
      ok: false,
      message: `列类型“${tokens[0] ?? ''}”无法识别，应为 varchar(长度)、text、int、number、datetime 或 json 开头`,
    };
  }
  if (type[1] === 'varchar' && !type[2]) return { ok: false, message: 'varchar 须写明长度，如 varchar(50)' };
  if (type[1] !== 'varchar' && type[2]) return { ok: false, message: `只有 varchar 可以写长度，${type[1]} 不可以` };
  const spec: ColumnSpec = { path, type: type[1] as ColumnType, required: false, personal: false };
  if (type[2]) spec.length = Number(type[2]);
  let i = 1;
  for (; i < tokens.length && FLAGS.has(tokens[i] as string); i += 1) {
    const flag = tokens[i];
    if (flag === 'required') spec.required = true;
    else if (flag === 'personal') spec.personal = true;
    else {
      if (spec.format) return { ok: false, message: 'creditCode 和 areaCode 只能选一个' };
      spec.format = flag as ColumnFormat;
    }
  }
  const rest = tokens.slice(i).join(' ');
  // Labels are Chinese; a leftover ASCII word is a misspelt flag, not a label.
  if (/^[A-Za-z]+$/.test(tokens[i] ?? '')) {
    return {
      ok: false,
      message: `无法识别的标记“${tokens[i]}”，可用的标记为 required、creditCode、areaCode、personal（说明文字请用中文）`,
    };
  }
  if (rest) spec.label = rest;
  return { ok: true, spec };
}

/** One step into a JSON value: a key, or every element of an array. */
export type PathStep = { key: string } | { each: true };

export interface ColumnPath {
  column: string;
  steps: readonly PathStep[];
}

const PATH = /^[A-Za-z_][\w$]*(?:(?:\[\])|(?:\.[A-Za-z_$][\w$]*))*$/;

/** `AUDIT_MATERIAL[].MATERIAL_NAME` → column AUDIT_MATERIAL, steps [each, key MATERIAL_NAME]. */
export function parseColumnPath(path: string): ColumnPath | null {
  if (!PATH.test(path)) return null;
  const match = /^[A-Za-z_][\w$]*/.exec(path) as RegExpExecArray;
  const column = match[0];
  const steps: PathStep[] = [];
  const rest = path.slice(column.length);
  for (const part of rest.matchAll(/\[\]|\.([A-Za-z_$][\w$]*)/g)) {
    steps.push(part[0] === '[]' ? { each: true } : { key: part[1] as string });
  }
  return { column, steps };
}
