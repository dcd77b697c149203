/**
 * Shared test helpers for layouts: a MapContext, generated front rows by table (from the generator's
 * own row builders, so the layout and the generator cannot drift apart), and a mapper that fails loudly.
 */
import assert from 'node:assert/strict';
import {
  caseRecords,
  directoryRecords,
  implementationRecords,
  organizationRecords,
  type FrontRecord,
  type FrontRow,
} from '../../../../bff/dev/generator/index.js';
import { applicantKeyHash } from '../../../../bff/privacy/pii.js';
import type { LibraryRecord, MapContext, SourceRow, StreamDefinition } from '../../../../bff/sync/contracts.js';
import type { CompiledLayout } from '../../../../bff/sync/layouts/index.js';

export const TEST_KEY = 'layout-test-key';

export function mapContext(overrides: Partial<MapContext> = {}): MapContext {
  return {
    source: 'p23',
    keyHash: (idNumber) => applicantKeyHash(idNumber, TEST_KEY),
    sourceTimeZone: '+08:00',
    ...overrides,
  };
}

export function streamOf(layout: CompiledLayout, table: string): StreamDefinition {
  const stream = layout.streams.find((s) => s.sourceTable === table);
  assert.ok(stream, `layout ${layout.name} has no stream for ${table}`);
  return stream;
}

/** Generated rows of a small world: catalogue, departments, 120 implementation entries, 400 cases. */
export function generatedRows(
  seed = 'layouts',
  size: { entries?: number; cases?: number } = {},
): Map<string, FrontRow[]> {
  const byTable = new Map<string, FrontRow[]>();
  const add = (records: Iterable<FrontRecord>, limit: number): void => {
    let n = 0;
    for (const { table, row } of records) {
      const list = byTable.get(table) ?? [];
      list.push(row);
      byTable.set(table, list);
      if (++n >= limit) break;
    }
  };
  add(directoryRecords({ seed }), 60);
  add(organizationRecords({ seed }), 60);
  add(implementationRecords({ seed, count: size.entries ?? 120 }), Infinity);
  add(caseRecords({ seed, count: size.cases ?? 400 }), Infinity);
  return byTable;
}

/** Maps and asserts success, with the problems in the failure message. */
export function mapOk(stream: StreamDefinition, row: SourceRow, context = mapContext()): LibraryRecord[] {
  const result = stream.map(row, context);
  assert.ok(result.ok, `${stream.name} refused a row: ${result.ok ? '' : JSON.stringify(result.problems)}`);
  return result.records;
}

export function problemCodes(stream: StreamDefinition, row: SourceRow, context = mapContext()): string[] {
  const result = stream.map(row, context);
  assert.ok(!result.ok, `${stream.name} accepted a row it should refuse`);
  return result.problems.map((p) => `${p.code}:${p.field ?? ''}`).sort();
}
