/**
 * Front-processor simulator: fills an empty front DB with a year of 黑龙江 history (catalogue,
 * implementation lists, departments, cases, 好差评), then on every tick creates new cases and moves
 * open ones along their plans with a fresh cd_batch/cd_time, so an incremental sync always has
 * something to pick up; a simulated agency (agency.ts) answers what GovDock sends out. Demo
 * applicants always have a case in progress. State lives in the front DB
 * (`state.ts`): a restart resumes without duplicating, and rows are upserted by a deterministic
 * row_guid, so even a replayed tick cannot create duplicates.
 */
import { caseEventRecords } from '../generator/case-rows.js';
import { demoCaseId, planCase, type CasePlan, type PlanMode } from '../generator/case-plan.js';
import { DEMO_APPLICANTS } from '../generator/demo-applicants.js';
import type { FrontTarget } from '../front-processor/front-target.js';
import { RecordWriter } from '../front-processor/record-writer.js';
import { hashInts, seedToInt } from '../generator/prng.js';
import { implementationEntry, implementationRows } from '../generator/implementation.js';
import { caseRecords, directoryRecords, implementationRecords, organizationRecords } from '../generator/streams.js';
import { batchId, HEILONGJIANG_DATA_SOURCE, type SyncStamp } from '../generator/sync-stamp.js';
import { DAY_MS } from '../generator/time.js';
import { agencyTick, ensureAgencyTable } from './agency.js';
import { announcementRecords } from './announcements.js';
import {
  countOpenCases,
  deleteOpenCases,
  dueOpenCases,
  ensureStateTables,
  loadState,
  type OpenCase,
  saveState,
  type SimulatorState,
  upsertOpenCases,
} from './state.js';

export interface SimulatorLogger {
  info(data: object, message?: string): void;
  error?(data: object, message?: string): void;
}

export interface SimulatorOptions {
  front: FrontTarget;
  seed: string | number;
  /** Implementation-list entries to fill (≥ 1). */
  items: number;
  /** Historic cases to fill. */
  cases: number;
  tickSeconds: number;
  logger?: SimulatorLogger;
  /** New cases per tick (default: cases / 5,000, between 1 and 20). */
  newCasesPerTick?: number;
  /** Open cases advanced per tick at most (default 500). */
  maxDuePerTick?: number;
  /** Clock, for tests. */
  now?: () => number;
  /** Set false to fill and tick only when `tick()` is called (tests). */
  autoTick?: boolean;
  /** The simulated agency answers outbound tickets and rectifies 差评 (agency.ts); default true. */
  agency?: boolean;
  /** Now and then a site announcement into up_site_announcement (announcements.ts); default true. */
  announcements?: boolean;
}

export interface SimulatorStats {
  filled: boolean;
  resumed: boolean;
  ticks: number;
  casesCreated: number;
  rowsWritten: number;
  openCases: number;
  lastTickAt: number | null;
  /** up_consult_reply rows the simulated agency wrote. */
  agencyReplies: number;
  /** up_evaluate_record 整改/回访 steps the simulated agency wrote. */
  agencyRectifications: number;
}

export interface Simulator {
  close(): Promise<void>;
  stats(): SimulatorStats;
  /** Runs one tick now (waits for a running one first). */
  tick(): Promise<void>;
}

function modeOf(open: OpenCase): PlanMode {
  return open.mode === 'h' ? { kind: 'history' } : { kind: 'live', stepMs: Number(open.mode.slice(2)) };
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const { front, logger } = options;
  const now = options.now ?? Date.now;
  const seedText = String(options.seed);
  const seed = seedToInt(options.seed);
  const tickMs = Math.max(1, options.tickSeconds) * 1000;
  const stats: SimulatorStats = {
    filled: false,
    resumed: false,
    ticks: 0,
    casesCreated: 0,
    rowsWritten: 0,
    openCases: 0,
    lastTickAt: null,
    agencyReplies: 0,
    agencyRectifications: 0,
  };
  await front.ensureSchema();
  await ensureStateTables(front);
  await ensureAgencyTable(front);
  let state = await loadState(front);
  if (state && state.seed !== seedText) {
    throw new Error(`front processor was filled with seed ${state.seed}, not ${seedText}`);
  }
  const planFor = (caseId: number, applyMs: number, mode: PlanMode): CasePlan =>
    planCase(caseId, { seed, entryCount: (state as SimulatorState).entryCount, applyAt: applyMs, mode });

  /**
   * A demo applicant's next live case, dated back so that its 受理 is due now: the acceptance row is
   * written with the 受理 step, and without the back-dating the demo user would have no open case
   * for a tick or two after the last one finished (a demo login could land in that gap).
   */
  const demoLivePlan = (caseId: number, at: number): CasePlan => {
    const mode: PlanMode = { kind: 'live', stepMs: tickMs };
    const plan = planFor(caseId, at, mode);
    const lead = plan.acceptAt - plan.applyAt;
    return lead > 0 ? planFor(caseId, at - lead, mode) : plan;
  };

  if (!state) {
    state = await fill();
    stats.filled = true;
  } else stats.resumed = true;
  stats.openCases = await countOpenCases(front);

  async function fill(): Promise<SimulatorState> {
    const anchor = now();
    const started = Date.now();
    const base = { seed: options.seed, anchor, entryCount: Math.max(1, options.items), batch: batchId(anchor, 0) };
    const fresh: SimulatorState = {
      version: 1,
      seed: seedText,
      entryCount: base.entryCount,
      cases: options.cases,
      anchor,
      nextCaseId: options.cases,
      tick: 0,
      demoNext: DEMO_APPLICANTS.map(() => 2),
    };
    state = fresh;
    const writer = new RecordWriter(front);
    for (const r of directoryRecords(base)) await writer.add(r);
    for (const r of organizationRecords(base)) await writer.add(r);
    for (const r of implementationRecords(base)) await writer.add(r);
    let open: OpenCase[] = [];
    const pending: OpenCase[] = [];
    for (const r of caseRecords({ ...base, count: options.cases }, ({ plan, emitted }) => {
      if (emitted < plan.events.length) {
        pending.push({
          caseId: plan.caseId,
          applyMs: plan.applyAt,
          mode: 'h',
          nextEvent: emitted,
          dueMs: (plan.events[emitted] as { at: number }).at,
        });
      }
    })) {
      await writer.add(r);
      if (pending.length >= 500) {
        open = pending.splice(0);
        await upsertOpenCases(front, open);
      }
    }
    // Demo applicants: one finished case from last week and one that moves every tick.
    const stamp: SyncStamp = { batch: base.batch, operation: 'I', time: anchor, dataSource: HEILONGJIANG_DATA_SOURCE };
    for (let a = 0; a < DEMO_APPLICANTS.length; a += 1) {
      const done = planCase(demoCaseId(a, 0), {
        seed,
        entryCount: fresh.entryCount,
        applyAt: anchor - 7 * DAY_MS,
        mode: { kind: 'live', stepMs: DAY_MS / 4 },
      });
      pending.push(...(await emitDue(writer, done, 0, anchor, stamp, `l:${DAY_MS / 4}`)));
      const live = demoLivePlan(demoCaseId(a, 1), anchor);
      pending.push(...(await emitDue(writer, live, 0, anchor, stamp, `l:${tickMs}`)));
    }
    await writer.flush();
    await upsertOpenCases(front, pending);
    await saveState(front, fresh);
    stats.rowsWritten += writer.written;
    logger?.info({ rows: writer.written, ms: Date.now() - started }, '前置机模拟数据已初始化');
    return fresh;
  }

  /** Emits the events of `plan` from `from` that are due by `nowMs`; returns the open-case row if unfinished. */
  async function emitDue(
    writer: RecordWriter,
    plan: CasePlan,
    from: number,
    nowMs: number,
    stamp: SyncStamp,
    mode: string,
  ): Promise<OpenCase[]> {
    let next = from;
    while (next < plan.events.length && (plan.events[next] as { at: number }).at <= nowMs) {
      for (const record of caseEventRecords(plan, next, { seed, stamp, historicTimes: false }))
        await writer.add(record);
      next += 1;
    }
    if (next >= plan.events.length) return [];
    return [
      {
        caseId: plan.caseId,
        applyMs: plan.applyAt,
        mode,
        nextEvent: next,
        dueMs: (plan.events[next] as { at: number }).at,
      },
    ];
  }

  async function runTick(): Promise<void> {
    const current = state as SimulatorState;
    const at = now();
    const tickNo = current.tick + 1;
    const stamp: SyncStamp = {
      batch: batchId(at, tickNo % 10000),
      operation: 'I',
      time: at,
      dataSource: HEILONGJIANG_DATA_SOURCE,
    };
    const writer = new RecordWriter(front);
    const upserts: OpenCase[] = [];
    const finished: number[] = [];
    const demoNext = [...current.demoNext];
    const perTick = options.newCasesPerTick ?? Math.min(20, Math.max(1, Math.round(current.cases / 5000)));
    let nextCaseId = current.nextCaseId;
    for (let i = 0; i < perTick && !stopping; i += 1) {
      const plan = planFor(nextCaseId, at, { kind: 'live', stepMs: tickMs });
      upserts.push(...(await emitDue(writer, plan, 0, at, stamp, `l:${tickMs}`)));
      nextCaseId += 1;
    }
    for (const open of await dueOpenCases(front, at, options.maxDuePerTick ?? 500)) {
      if (stopping) break;
      const plan = planFor(open.caseId, open.applyMs, modeOf(open));
      const still = await emitDue(writer, plan, open.nextEvent, at, stamp, open.mode);
      if (still.length > 0) upserts.push(...still);
      else {
        finished.push(open.caseId);
        const demo = DEMO_APPLICANTS.findIndex(
          (_, a) => open.caseId >= demoCaseId(a, 0) && open.caseId < demoCaseId(a + 1, 0),
        );
        if (demo >= 0 && open.mode === `l:${tickMs}`) {
          // Keep a demo case moving: the next one starts as soon as the last is done.
          const n = demoNext[demo] as number;
          demoNext[demo] = n + 1;
          const fresh = demoLivePlan(demoCaseId(demo, n), at);
          upserts.push(...(await emitDue(writer, fresh, 0, at, stamp, `l:${tickMs}`)));
        }
      }
    }
    if (tickNo % 10 === 0) {
      // Now and then a guide is revised: the platform re-pushes the 实施清单 record as an update.
      const entry = implementationEntry(hashInts(seed, tickNo) % current.entryCount);
      const basic = implementationRows(entry, { seed, stamp: { ...stamp, operation: 'U' } }).next().value;
      if (basic) await writer.add({ table: basic.table, row: { ...basic.row, task_version: 2 } });
    }
    if (options.announcements !== false) {
      for (const record of announcementRecords({ seed, tickNo, at, stamp })) await writer.add(record);
    }
    // Rows first, then the pointers: a crash in between replays the same row_guids (idempotent upserts).
    await writer.flush();
    if (options.agency !== false && !stopping) {
      const answered = await agencyTick({ front, writer, seed, at, tickMs, stamp });
      stats.agencyReplies += answered.replies;
      stats.agencyRectifications += answered.rectifications;
    }
    await upsertOpenCases(front, upserts);
    await deleteOpenCases(front, finished);
    state = { ...current, tick: tickNo, nextCaseId, demoNext };
    await saveState(front, state);
    stats.ticks += 1;
    stats.casesCreated += nextCaseId - current.nextCaseId;
    stats.rowsWritten += writer.written;
    stats.openCases = await countOpenCases(front);
    stats.lastTickAt = at;
    logger?.info({ tick: tickNo, rows: writer.written, finished: finished.length }, '前置机模拟：新增批次');
  }

  let stopping = false;
  let running: Promise<void> = Promise.resolve();
  const tick = (): Promise<void> => {
    running = running.catch(() => undefined).then(() => (stopping ? undefined : runTick()));
    return running;
  };
  const onTimer = (): void => {
    tick().catch((error: unknown) => {
      logger?.error?.({ err: error instanceof Error ? error.message : String(error) }, '前置机模拟出错');
    });
  };
  const timer = options.autoTick === false ? null : setInterval(onTimer, tickMs);
  timer?.unref?.();

  return {
    async close() {
      stopping = true;
      if (timer) clearInterval(timer);
      await running.catch(() => undefined);
    },
    stats: () => ({ ...stats }),
    tick,
  };
}
