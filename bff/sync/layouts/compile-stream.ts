/**
 * A validated layout file compiled into StreamDefinitions. All configuration errors are collected and
 * thrown together (LayoutError), each with the path in the file, so an operator fixes a new province's
 * file in one pass. `map()` is pure: the same row and context always give the same result.
 */
import type { LibraryRecord, MapContext, MapResult, SourceColumn, SourceRow, StreamDefinition } from '../contracts.js';
import type { DictionaryConfig, LayoutConfig, StreamConfig } from './config-schema.js';
import type { CompiledDictionary, FieldEnv } from './compile-field.js';
import { compileRecord, type RecordEmitter, type RowFacts } from './compile-record.js';
import type { Run, Scope } from './run-types.js';
import { maskIdNumber, maskPiiInText } from '../../privacy/pii.js';
import {
  type ColumnSpec,
  compileRowChecks,
  parseColumnPath,
  parseColumnSpec,
  parseInteger,
  parseSourceDateTime,
  ProblemList,
  problems,
  RowReader,
  sourceZone,
} from '../validate/index.js';

export class LayoutError extends Error {
  readonly code = 'layout_invalid';
  constructor(
    readonly file: string,
    readonly issues: readonly string[],
  ) {
    super(`同步映射配置有误（${file}）：\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'LayoutError';
  }
}

export interface CompiledStream extends StreamDefinition {
  /** Column specifications by path, as declared (shared columns included). */
  readonly columnSpecs: readonly ColumnSpec[];
  readonly satisfactionScheme: StreamConfig['satisfactionScheme'];
}

export interface CompiledLayout {
  name: string;
  description?: string | undefined;
  /** The file it came from (for messages and `govdock doctor`). */
  file: string;
  streams: readonly CompiledStream[];
}

export function compileDictionaries(configs: ReadonlyMap<string, DictionaryConfig>): Map<string, CompiledDictionary> {
  const out = new Map<string, CompiledDictionary>();
  for (const [name, config] of configs) {
    const lookup = new Map<string, unknown>();
    if (config.values) for (const [code, value] of Object.entries(config.values)) lookup.set(code, value);
    if (config.codes) for (const code of config.codes) lookup.set(code, code);
    out.set(name, { name, label: config.description ?? name, lookup, unknown: config.unknown });
  }
  return out;
}

const SOURCE_TYPE: Readonly<Record<ColumnSpec['type'], string>> = {
  varchar: 'varchar',
  text: 'text',
  int: 'int',
  number: 'decimal',
  datetime: 'datetime',
  json: 'json',
};

function compileStream(
  config: StreamConfig,
  shared: Readonly<Record<string, string>>,
  dictionaries: ReadonlyMap<string, CompiledDictionary>,
  at: string,
  errors: string[],
): CompiledStream {
  const specs: ColumnSpec[] = [];
  const declared = { ...(config.sharedColumns ? shared : {}), ...config.columns };
  for (const [path, text] of Object.entries(declared)) {
    if (!parseColumnPath(path)) {
      errors.push(`${at}.columns.${path}: 列名或路径格式错误（应为“列名”或“列名[].键”）`);
      continue;
    }
    const parsed = parseColumnSpec(path, text);
    if (parsed.ok) specs.push(parsed.spec);
    else errors.push(`${at}.columns.${path}: ${parsed.message}`);
  }
  const topLevel = new Map(specs.filter((s) => !s.path.includes('[') && !s.path.includes('.')).map((s) => [s.path, s]));
  for (const spec of specs) {
    const column = parseColumnPath(spec.path)?.column ?? spec.path;
    if (column !== spec.path && topLevel.get(column)?.type !== 'json') {
      errors.push(`${at}.columns.${spec.path}: 须先把列“${column}”声明为 json`);
    }
  }
  const { timeColumn, idColumn } = config.cursor;
  const time = topLevel.get(timeColumn);
  if (!time) errors.push(`${at}.cursor.timeColumn: 列“${timeColumn}”未在 columns 中声明`);
  else if (time.type !== 'datetime' || !time.required) {
    errors.push(`${at}.cursor.timeColumn: 列“${timeColumn}”须声明为 datetime required`);
  }
  if (!topLevel.get(idColumn)?.required) errors.push(`${at}.cursor.idColumn: 列“${idColumn}”须声明且为 required`);
  const operation = config.operation;
  if (operation && !topLevel.get(operation.column)?.required) {
    errors.push(`${at}.operation.column: 列“${operation.column}”须声明且为 required`);
  }
  for (const column of [config.batchColumn, config.versionColumn]) {
    if (column && !topLevel.has(column)) errors.push(`${at}: 列“${column}”未在 columns 中声明`);
  }

  const env: FieldEnv = {
    dictionaries,
    columns: topLevel,
    referenced: new Set(),
    inForEach: false,
    errors,
    satisfactionScheme: config.satisfactionScheme,
  };
  const availableTrace = new Set<string>(['source', 'source_row_guid', 'source_changed_at']);
  if (config.batchColumn) availableTrace.add('source_batch');
  if (config.versionColumn) availableTrace.add('source_version');
  const emitters: RecordEmitter[] = [];
  const deleteColumns = new Set<string>([timeColumn, idColumn]);
  if (operation) deleteColumns.add(operation.column);
  config.records.forEach((template, i) => {
    const compiled = compileRecord(template, env, `${at}.records[${i}](${template.target})`, availableTrace);
    emitters.push(compiled.emit);
    for (const column of compiled.deleteColumns) deleteColumns.add(column);
  });

  const fullCheck = compileRowChecks(specs);
  const deleteCheck = compileRowChecks(
    specs.filter((s) => deleteColumns.has(parseColumnPath(s.path)?.column ?? s.path)),
  );
  const upsertFlags = new Set(operation?.upsert ?? []);
  const deleteFlags = new Set(operation?.delete ?? []);
  const allowedFlags = [...upsertFlags, ...deleteFlags];
  const timeRef = { field: timeColumn, label: time?.label };
  const opRef = operation ? { field: operation.column, label: topLevel.get(operation.column)?.label } : null;
  const { batchColumn, versionColumn } = config;

  const map = (row: SourceRow, ctx: MapContext): MapResult => {
    const reader = new RowReader(row);
    const out = new ProblemList();
    const run: Run = { ctx, zone: sourceZone(ctx.sourceTimeZone), out };
    let op: RowFacts['operation'] | null = 'upsert';
    if (operation && opRef) {
      const raw = row[operation.column];
      const flag = typeof raw === 'string' ? raw.trim() : raw === null || raw === undefined ? '' : String(raw);
      if (upsertFlags.has(flag)) op = 'upsert';
      else if (deleteFlags.has(flag)) op = 'delete';
      else {
        op = null;
        if (flag !== '') out.add(problems.unknownOperation(opRef, raw, allowedFlags));
      }
    }
    (op === 'delete' ? deleteCheck : fullCheck)(reader, out);
    if (op === null) return { ok: false, problems: out.items };
    const timeText = row[timeColumn];
    const changed =
      typeof timeText === 'string' || typeof timeText === 'number'
        ? parseSourceDateTime(String(timeText), run.zone)
        : null;
    if (!changed?.ok) {
      if (changed) out.add(problems.badDate(timeRef, timeText, changed.zero));
      return { ok: false, problems: out.items.length > 0 ? out.items : [problems.missingRequired(timeRef)] };
    }
    const versionRaw = versionColumn ? row[versionColumn] : null;
    const sourceVersion =
      versionRaw === null || versionRaw === undefined || versionRaw === '' ? null : parseInteger(versionRaw);
    const id = row[idColumn];
    const trace: Record<string, unknown> = {
      source: ctx.source,
      source_row_guid: id === null || id === undefined ? null : String(id),
      source_changed_at: changed.iso,
    };
    if (batchColumn) trace.source_batch = row[batchColumn] ?? null;
    if (versionColumn) trace.source_version = sourceVersion;
    const facts: RowFacts = { operation: op, version: { changedAt: changed.iso, sourceVersion }, trace };
    const scope: Scope = { reader, element: undefined, index: 0, listField: '' };
    const records: LibraryRecord[] = [];
    for (const emit of emitters) emit(scope, run, facts, records);
    return out.empty ? { ok: true, records } : { ok: false, problems: out.items };
  };

  const personal = specs.filter((s) => s.personal && !s.path.includes('[') && !s.path.includes('.')).map((s) => s.path);
  const redact = (row: SourceRow): SourceRow => {
    const copy: SourceRow = {};
    for (const [column, value] of Object.entries(row)) {
      if (typeof value !== 'string') copy[column] = value;
      else if (personal.includes(column)) {
        const masked = maskPiiInText(value);
        copy[column] = masked === value ? maskIdNumber(value) : masked;
      } else copy[column] = maskPiiInText(value);
    }
    return copy;
  };

  const requiredColumns = [...topLevel.values()].filter((s) => s.required).map((s) => s.path);
  const expectedColumns: SourceColumn[] = [...topLevel.values()].map((s) => {
    const column: SourceColumn = { name: s.path, type: SOURCE_TYPE[s.type], nullable: !s.required };
    if (s.length !== undefined) column.length = s.length;
    return column;
  });
  for (const column of env.referenced) if (!topLevel.has(column)) errors.push(`${at}: 引用了未声明的列“${column}”`);
  return {
    name: config.name,
    kind: config.kind,
    sourceTable: config.sourceTable,
    cursor: { timeColumn, idColumn },
    requiredColumns,
    knownColumns: [...topLevel.keys()],
    expectedColumns,
    map,
    redact,
    columnSpecs: specs,
    satisfactionScheme: config.satisfactionScheme,
  };
}

export function compileLayout(
  config: LayoutConfig,
  dictionaries: ReadonlyMap<string, DictionaryConfig>,
  file: string,
): CompiledLayout {
  const errors: string[] = [];
  const compiledDictionaries = compileDictionaries(dictionaries);
  const names = new Set<string>();
  const streams = config.streams.map((stream, i) => {
    const at = `streams[${i}](${stream.name})`;
    if (names.has(stream.name)) errors.push(`${at}.name: 数据流名称“${stream.name}”重复`);
    names.add(stream.name);
    return compileStream(stream, config.sharedColumns, compiledDictionaries, at, errors);
  });
  if (errors.length > 0) throw new LayoutError(file, errors);
  return { name: config.name, description: config.description, file, streams };
}
