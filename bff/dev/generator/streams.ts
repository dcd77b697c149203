/**
 * Streaming row sources in the national front-table layout. Every function is a sync generator: rows
 * are produced one at a time and nothing accumulates, so 10,000,000 cases stream in flat memory.
 * Same options (seed, anchor, counts) → byte-identical rows.
 */
import { CATALOG, useLevelsOf } from './catalog.js';
import { allDepartments } from './departments.js';
import { caseEventRecords } from './case-rows.js';
import { type CasePlan, planCase } from './case-plan.js';
import type { FrontRecord } from './front-tables.js';
import { TABLE_ID } from './front-tables.js';
import { implementationEntry, implementationRows, NATURAL_ENTRY_COUNT } from './implementation.js';
import type { JourneySettings } from './journeys.js';
import { keyGuid, seedToInt } from './prng.js';
import { batchId, HEILONGJIANG_DATA_SOURCE, type SyncStamp, syncColumns } from './sync-stamp.js';
import { DAY_MS } from './time.js';

/** Fixed default anchor (2026-01-05 10:00 Beijing) so runs without an explicit time are reproducible. */
export const DEFAULT_ANCHOR = Date.parse('2026-01-05T10:00:00+08:00');

export interface StreamOptions {
  seed: string | number;
  /** "Now" of the generated world (epoch ms); history lies before it. */
  anchor?: number;
  /** Number of implementation-list entries; defaults to the natural list (~30,000). */
  entryCount?: number;
  batch?: string;
}

interface Resolved {
  seed: number;
  anchor: number;
  entryCount: number;
  stamp: SyncStamp;
}

function resolve(options: StreamOptions): Resolved {
  const anchor = options.anchor ?? DEFAULT_ANCHOR;
  return {
    seed: seedToInt(options.seed),
    anchor,
    entryCount: options.entryCount ?? NATURAL_ENTRY_COUNT,
    stamp: {
      batch: options.batch ?? batchId(anchor, 0),
      operation: 'I',
      time: anchor,
      dataSource: HEILONGJIANG_DATA_SOURCE,
    },
  };
}

/** 基本目录: one up_task_directory row per catalogue item. */
export function* directoryRecords(options: StreamOptions): Generator<FrontRecord> {
  const r = resolve(options);
  for (const item of CATALOG) {
    yield {
      table: 'up_task_directory',
      row: {
        task_name: item.name,
        catalog_code: item.catalogCode,
        local_catalog_code: null,
        task_type: item.taskType,
        task_state: '1',
        task_version: 1,
        use_level: useLevelsOf(item),
        by_law: item.law,
        plan_effective_date: '2019-01-01 00:00:00',
        plan_cancel_date: null,
        ...syncColumns(r.stamp, keyGuid(r.seed, TABLE_ID.up_task_directory, item.index)),
      },
    };
  }
}

/** 实施主体: one up_zone_organization row per department. */
export function* organizationRecords(options: StreamOptions): Generator<FrontRecord> {
  const r = resolve(options);
  let order = 0;
  for (const dept of allDepartments()) {
    order += 1;
    yield {
      table: 'up_zone_organization',
      row: {
        credit_code: dept.creditCode,
        org_code: dept.orgCode,
        org_name: dept.name,
        org_short_name: dept.shortName,
        exist_task: '1',
        order_num: order,
        ...syncColumns(r.stamp, keyGuid(r.seed, TABLE_ID.up_zone_organization, order)),
      },
    };
  }
}

/** 实施清单 rows for entries [from, from + count) (default: all `entryCount`). */
export function* implementationRecords(
  options: StreamOptions & { from?: number; count?: number },
): Generator<FrontRecord> {
  const r = resolve(options);
  const from = options.from ?? 0;
  const end = Math.min(r.entryCount, from + (options.count ?? r.entryCount));
  for (let index = from; index < end; index += 1) {
    yield* implementationRows(implementationEntry(index), { seed: r.seed, stamp: r.stamp });
  }
}

export interface CaseStreamOptions extends StreamOptions {
  /** Cases [from, from + count). */
  from?: number;
  count: number;
  /** Total cases of the history the indices are spread over (default: from + count). */
  total?: number;
  /** Days of history before the anchor (default 365). */
  windowDays?: number;
  /** Case histories per person (journeys.ts): true, or the share of cases that continue an earlier applicant. */
  journeys?: boolean | { followShare: number };
}

/** When case `index` of `total` was applied for: evenly spread over the window, oldest first. */
export function historicApplyTime(index: number, total: number, anchor: number, windowDays: number): number {
  const window = windowDays * DAY_MS;
  return Math.floor(anchor - window + ((index + 0.5) / Math.max(1, total)) * window);
}

export interface CaseProgress {
  plan: CasePlan;
  /** Events already happened by the anchor (emitted). */
  emitted: number;
}

/**
 * Historic cases: for each, the rows of every event that happened by the anchor. `onCase` learns how
 * far each case got (the simulator records open cases from it).
 */
export function* caseRecords(
  options: CaseStreamOptions,
  onCase?: (progress: CaseProgress) => void,
): Generator<FrontRecord> {
  const r = resolve(options);
  const from = options.from ?? 0;
  const total = options.total ?? from + options.count;
  const windowDays = options.windowDays ?? 365;
  const rowOptions = { seed: r.seed, stamp: r.stamp, historicTimes: true };
  const journeys: JourneySettings | undefined = options.journeys
    ? {
        total,
        windowDays,
        ...(typeof options.journeys === 'object' ? { followShare: options.journeys.followShare } : {}),
      }
    : undefined;
  for (let index = from; index < from + options.count; index += 1) {
    const plan = planCase(index, {
      seed: r.seed,
      entryCount: r.entryCount,
      applyAt: historicApplyTime(index, total, r.anchor, windowDays),
      mode: { kind: 'history' },
      ...(journeys ? { journeys } : {}),
    });
    let emitted = 0;
    while (emitted < plan.events.length && (plan.events[emitted]?.at ?? Infinity) <= r.anchor) {
      yield* caseEventRecords(plan, emitted, rowOptions);
      emitted += 1;
    }
    onCase?.({ plan, emitted });
  }
}
