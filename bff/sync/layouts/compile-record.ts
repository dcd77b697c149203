/**
 * One record template of a stream (`records[]` in a layout file) compiled into an emitter: given a
 * validated row and its operation, it appends the LibraryRecords the template produces.
 *
 * Ownership rule (two streams writing one library row must not wipe each other's columns): a record's
 * `values` hold only the columns its template names, plus the trace columns when `trace` is on. The
 * engine sets exactly those columns, so up_task_general_basic and up_task_general_extend both fill
 * `items` without touching each other's columns; the extend record is update-only and trace-less.
 */
import type { LibraryRecord } from '../contracts.js';
import type { FieldSpecConfig, RecordTemplateConfig } from './config-schema.js';
import { type CompiledField, compileField, type FieldEnv, type Getter, isEmptyValue } from './compile-field.js';
import type { Run, Scope } from './run-types.js';
import { problems } from '../validate/index.js';

export type Operation = 'upsert' | 'delete';

/** Values every record of one row shares: computed once per row by the stream. */
export interface RowFacts {
  operation: Operation;
  version: LibraryRecord['version'];
  /** Trace column → value (source, source_row_guid, source_changed_at, source_batch, source_version). */
  trace: Readonly<Record<string, unknown>>;
}

export type RecordEmitter = (scope: Scope, run: Run, facts: RowFacts, out: LibraryRecord[]) => void;

export const TRACE_COLUMNS = [
  'source',
  'source_row_guid',
  'source_changed_at',
  'source_batch',
  'source_version',
] as const;

interface Field {
  column: string;
  compiled: CompiledField;
  cleared: unknown;
  /** Source columns this field reads. */
  reads: ReadonlySet<string>;
}

export interface RecordCompileResult {
  emit: RecordEmitter;
  /** Source columns a delete needs (conflict key, scope and parent key): validated for delete rows. */
  deleteColumns: ReadonlySet<string>;
}

function compileFields(specs: Readonly<Record<string, FieldSpecConfig>>, env: FieldEnv, at: string): Field[] {
  const outer = env.referenced;
  const fields: Field[] = [];
  for (const [column, spec] of Object.entries(specs)) {
    const reads = new Set<string>();
    env.referenced = reads;
    fields.push({
      column,
      compiled: compileField(spec, env, `${at}.${column}`, column),
      cleared: spec.cleared ?? null,
      reads,
    });
    for (const c of reads) outer.add(c);
  }
  env.referenced = outer;
  return fields;
}

export function compileRecord(
  template: RecordTemplateConfig,
  env: FieldEnv,
  at: string,
  availableTrace: ReadonlySet<string>,
): RecordCompileResult {
  const update = template.write === 'update';
  const forEach = template.forEach;
  const traceSetting = template.trace ?? !update;
  // source_version is opt-in: few library tables have it, and the engine fills it from `version`.
  const traceWanted: readonly string[] =
    traceSetting === true
      ? TRACE_COLUMNS.filter((c) => c !== 'source_version' && availableTrace.has(c))
      : traceSetting === false
        ? []
        : traceSetting;
  for (const column of traceWanted) {
    if (!(TRACE_COLUMNS as readonly string[]).includes(column)) {
      env.errors.push(`${at}.trace: “${column}”不是追溯列（可用：${TRACE_COLUMNS.join('、')}）`);
    } else if (!availableTrace.has(column)) {
      env.errors.push(`${at}.trace: 数据流没有配置“${column}”的来源列（batchColumn / versionColumn）`);
    }
  }
  if (update && traceWanted.length > 0) {
    env.errors.push(`${at}.trace: 只更新的记录（write: update）不能写追溯列，追溯列属于创建该行的数据流`);
  }

  let list: Field | null = null;
  if (forEach) {
    env.inForEach = false;
    list = compileFields({ forEach }, env, at)[0] as Field;
  }
  const listGetter: Getter | null = list ? list.compiled.get : null;
  const listField = forEach?.column ?? forEach?.path ?? 'forEach';
  env.inForEach = forEach !== undefined;
  const fields = compileFields(template.fields, env, `${at}.fields`);
  const parentConfig = template.parent;
  const parentKey = parentConfig ? compileFields(parentConfig.key, env, `${at}.parent.key`) : [];
  env.inForEach = false;

  const named = new Set(fields.map((f) => f.column));
  const trace = traceWanted.filter((column) => !named.has(column));
  if (forEach && trace.includes('source_row_guid')) {
    env.errors.push(`${at}.fields: 带 forEach 的记录须自己给出 source_row_guid（每个元素一个），或设 trace: false`);
  }
  const fill = parentConfig?.fill;
  const filled = new Set(Object.keys(fill ?? {}));
  const present = (column: string): boolean => named.has(column) || trace.includes(column) || filled.has(column);
  for (const column of template.conflictKey) {
    if (!present(column))
      env.errors.push(`${at}.conflictKey: 列“${column}”既不在 fields 里，也不是追溯列或 parent.fill`);
  }
  const scope = template.replaceScope;
  if (scope) {
    if (!forEach) env.errors.push(`${at}.replaceScope: 只用于带 forEach 的列表记录`);
    for (const column of scope) {
      if (!named.has(column) && !filled.has(column)) {
        env.errors.push(`${at}.replaceScope: 列“${column}”须在 fields 里或由 parent.fill 填入`);
      } else if (fields.some((f) => f.column === column && 'each' in (template.fields[column] as object))) {
        env.errors.push(`${at}.replaceScope: 列“${column}”不能取自列表元素（each），范围须对整行相同`);
      }
    }
  }
  if (update && !parentConfig)
    env.errors.push(`${at}.parent: 只更新的记录（write: update）须给出 parent（被更新的那一行）`);
  const onDelete = template.onDelete ?? (update ? 'clear' : 'delete');
  if (onDelete === 'clear' && !update) env.errors.push(`${at}.onDelete: clear 只用于 write: update 的记录`);

  // Source columns a delete row must carry valid: conflict key, scope, parent key (and the list itself
  // when each element is deleted by its own key).
  const deleteColumns = new Set<string>();
  const keyish = (column: string): boolean =>
    template.conflictKey.includes(column) || (scope?.includes(column) ?? false);
  for (const f of fields) if (keyish(f.column)) for (const c of f.reads) deleteColumns.add(c);
  for (const f of parentKey) for (const c of f.reads) deleteColumns.add(c);
  if (list && !scope) for (const c of list.reads) deleteColumns.add(c);

  const target = template.target;
  const conflictKey = template.conflictKey;
  const needsParentOnDelete = [...conflictKey, ...(scope ?? [])].some((c) => filled.has(c));
  const write = update ? ('update' as const) : undefined;

  const parentOf = (s: Scope, run: Run): LibraryRecord['parent'] => {
    if (!parentConfig) return undefined;
    const key: Record<string, string> = {};
    for (const f of parentKey) {
      const value = f.compiled.get(s, run);
      key[f.column] = value === null || value === undefined ? '' : String(value);
    }
    return fill ? { target: parentConfig.target, key, fill } : { target: parentConfig.target, key };
  };

  const build = (
    s: Scope,
    run: Run,
    facts: RowFacts,
    operation: LibraryRecord['operation'],
    only: ((column: string) => boolean) | null,
    clearing: boolean,
  ): LibraryRecord => {
    const values: Record<string, unknown> = {};
    for (const f of fields) {
      if (only && !only(f.column)) continue;
      values[f.column] = clearing && !conflictKey.includes(f.column) ? f.cleared : f.compiled.get(s, run);
    }
    if (!clearing) {
      for (const column of trace) if (!only || only(column)) values[column] = facts.trace[column] ?? null;
    }
    const record: LibraryRecord = { target, conflictKey, values, version: facts.version, operation };
    if (write) record.write = write;
    if (scope) record.replaceScope = scope;
    if (parentConfig && (operation === 'upsert' || needsParentOnDelete)) record.parent = parentOf(s, run);
    return record;
  };

  const isKey = (column: string): boolean => conflictKey.includes(column);
  const isScope = (column: string): boolean => scope?.includes(column) ?? false;

  const emit: RecordEmitter = (rowScope, run, facts, out) => {
    const deleting = facts.operation === 'delete';
    if (deleting && onDelete === 'skip') return;
    if (!listGetter) {
      if (!deleting) out.push(build(rowScope, run, facts, 'upsert', null, false));
      else if (onDelete === 'clear') out.push(build(rowScope, run, facts, 'upsert', null, true));
      else out.push(build(rowScope, run, facts, 'delete', isKey, false));
      return;
    }
    if (deleting && scope) {
      out.push(build(rowScope, run, facts, 'delete', isScope, false));
      return;
    }
    const list = listGetter(rowScope, run);
    let items: readonly unknown[] = [];
    if (Array.isArray(list)) items = list;
    else if (!isEmptyValue(list)) run.out.add(problems.notAList({ field: listField }));
    if (items.length === 0) {
      if (scope && !deleting) out.push(build(rowScope, run, facts, 'delete', isScope, false));
      return;
    }
    for (let index = 0; index < items.length; index += 1) {
      const s: Scope = { reader: rowScope.reader, element: items[index], index, listField };
      out.push(build(s, run, facts, deleting ? 'delete' : 'upsert', deleting ? isKey : null, false));
    }
  };

  return { emit, deleteColumns };
}
