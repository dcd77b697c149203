/**
 * A small layout of our own for engine tests, so the engine is tested without depending on any real
 * layout: a case table (→ case_acceptances) and a process table (→ case_process_steps, whose parent
 * is the case). Table names are parameters so each test can use its own source tables.
 */
import type {
  Layout,
  LibraryRecord,
  MapResult,
  RowProblem,
  SourceRow,
  StreamDefinition,
} from '../../../../bff/sync/contracts.js';
import { maskIdNumber, maskName, maskPhone } from '../../../../bff/privacy/pii.js';
import { sourceTimeToIso } from '../../../../bff/sync/sources/sql/source-time.js';

export const ACCEPT_COLUMNS = [
  'row_guid',
  'cd_batch',
  'cd_operation',
  'cd_time',
  'project_no',
  'task_code',
  'task_name',
  'applyer_name',
  'applyer_page_code',
  'contact_mobile',
] as const;

export const PROCESS_COLUMNS = [
  'row_guid',
  'cd_batch',
  'cd_operation',
  'cd_time',
  'project_no',
  'process_name',
  'handle_explain',
] as const;

function text(row: SourceRow, column: string): string | null {
  const value = row[column];
  return value === null || value === undefined || value === '' ? null : String(value);
}

function common(
  row: SourceRow,
  timeZone: string,
): { problems: RowProblem[]; changedAt: string; operation: 'upsert' | 'delete' } {
  const problems: RowProblem[] = [];
  const time = text(row, 'cd_time');
  const changedAt = time ? sourceTimeToIso(time, timeZone) : null;
  if (!changedAt) problems.push({ code: 'bad_date', field: 'cd_time', message: '同步时间不是有效的日期时间' });
  const op = text(row, 'cd_operation');
  if (op !== 'I' && op !== 'U' && op !== 'D') {
    problems.push({ code: 'unknown_operation', field: 'cd_operation', message: `未知的操作标志 ${op ?? '（空）'}` });
  }
  return { problems, changedAt: changedAt ?? '', operation: op === 'D' ? 'delete' : 'upsert' };
}

function extraOf(row: SourceRow, known: readonly string[]): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (!known.includes(key)) extra[key] = value;
  return extra;
}

export function acceptStream(table: string, kind: StreamDefinition['kind'] = 'cases'): StreamDefinition {
  return {
    name: `${table}`,
    kind,
    sourceTable: table,
    cursor: { timeColumn: 'cd_time', idColumn: 'row_guid' },
    requiredColumns: ['row_guid', 'cd_time', 'cd_operation', 'project_no', 'applyer_page_code'],
    knownColumns: ACCEPT_COLUMNS,
    map(row, context): MapResult {
      const { problems, changedAt, operation } = common(row, context.sourceTimeZone);
      const projectNo = text(row, 'project_no');
      const idNumber = text(row, 'applyer_page_code');
      if (!projectNo) problems.push({ code: 'missing_required', field: 'project_no', message: '缺少办件编号' });
      if (!idNumber && operation === 'upsert') {
        problems.push({ code: 'missing_required', field: 'applyer_page_code', message: '缺少申请人证件号码' });
      }
      const name = text(row, 'task_name');
      if (name && [...name].length > 100)
        problems.push({ code: 'too_long', field: 'task_name', message: '事项名称超过 100 字' });
      if (problems.length > 0) return { ok: false, problems };
      const mobile = text(row, 'contact_mobile');
      const record: LibraryRecord = {
        target: 'case_acceptances',
        conflictKey: ['project_no'],
        operation,
        version: { changedAt },
        values: {
          project_no: projectNo,
          item_code: text(row, 'task_code') ?? 'unknown',
          item_name: name,
          applicant_name_masked: maskName(text(row, 'applyer_name') ?? '匿名'),
          applicant_key_hash: idNumber ? context.keyHash(idNumber) : null,
          applicant_id_masked: idNumber ? maskIdNumber(idNumber) : null,
          contact_mobile_masked: mobile ? maskPhone(mobile) : null,
          source: context.source,
          source_row_guid: text(row, 'row_guid'),
          source_batch: text(row, 'cd_batch'),
          extra: extraOf(row, ACCEPT_COLUMNS),
        },
      };
      return { ok: true, records: [record] };
    },
  };
}

export function processStream(table: string, kind: StreamDefinition['kind'] = 'cases'): StreamDefinition {
  return {
    name: `${table}`,
    kind,
    sourceTable: table,
    cursor: { timeColumn: 'cd_time', idColumn: 'row_guid' },
    requiredColumns: ['row_guid', 'cd_time', 'cd_operation', 'project_no', 'process_name'],
    knownColumns: PROCESS_COLUMNS,
    map(row, context): MapResult {
      const { problems, changedAt, operation } = common(row, context.sourceTimeZone);
      const projectNo = text(row, 'project_no');
      if (!projectNo) problems.push({ code: 'missing_required', field: 'project_no', message: '缺少办件编号' });
      if (problems.length > 0) return { ok: false, problems };
      const record: LibraryRecord = {
        target: 'case_process_steps',
        conflictKey: ['source', 'source_row_guid'],
        operation,
        version: { changedAt },
        values: {
          project_no: projectNo,
          node_name: text(row, 'process_name') ?? '办理',
          opinion: text(row, 'handle_explain'),
          source: context.source,
          source_row_guid: text(row, 'row_guid'),
          source_batch: text(row, 'cd_batch'),
        },
        parent: { target: 'case_acceptances', key: { project_no: projectNo as string } },
      };
      return { ok: true, records: [record] };
    },
  };
}

export function testLayout(tables: { accept: string; process: string }): Layout {
  return { name: 'engine-test', streams: [acceptStream(tables.accept), processStream(tables.process)] };
}
