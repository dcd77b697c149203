/**
 * The simulator's own bookkeeping inside the front DB: one JSON state row and the open cases (a pointer
 * into each case's deterministic plan). Kept beside the front tables so a second start resumes exactly
 * where the first stopped, whatever process runs it.
 */
import type { FrontTarget } from '../front-processor/front-target.js';

export interface SimulatorState {
  version: 1;
  seed: string;
  entryCount: number;
  cases: number;
  anchor: number;
  nextCaseId: number;
  tick: number;
  /** Next demo case number per demo applicant index. */
  demoNext: number[];
}

export interface OpenCase {
  caseId: number;
  applyMs: number;
  /** 'h' history plan, or 'l:<stepMs>' live plan. */
  mode: string;
  nextEvent: number;
  dueMs: number;
}

const STATE_KEY = 'simulator';

export async function ensureStateTables(front: FrontTarget): Promise<void> {
  await front.exec(
    'CREATE TABLE IF NOT EXISTS govdock_sim_state (k varchar(40) NOT NULL PRIMARY KEY, v text NOT NULL)',
  );
  await front.exec(
    'CREATE TABLE IF NOT EXISTS govdock_sim_open (case_id bigint NOT NULL PRIMARY KEY, apply_ms bigint NOT NULL, ' +
      'mode varchar(20) NOT NULL, next_event integer NOT NULL, due_ms bigint NOT NULL)',
  );
}

export async function loadState(front: FrontTarget): Promise<SimulatorState | null> {
  const rows = await front.query<{ v: string }>(`SELECT v FROM govdock_sim_state WHERE k = ${front.param(1)}`, [
    STATE_KEY,
  ]);
  const text = rows[0]?.v;
  return text ? (JSON.parse(text) as SimulatorState) : null;
}

export async function saveState(front: FrontTarget, state: SimulatorState): Promise<void> {
  const value = JSON.stringify(state);
  const sql =
    front.dialect === 'mysql'
      ? 'INSERT INTO govdock_sim_state (k, v) VALUES (?, ?) ON DUPLICATE KEY UPDATE v = VALUES(v)'
      : 'INSERT INTO govdock_sim_state (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v';
  await front.query(sql, [STATE_KEY, value]);
}

export async function upsertOpenCases(front: FrontTarget, cases: readonly OpenCase[]): Promise<void> {
  for (let start = 0; start < cases.length; start += 500) {
    const chunk = cases.slice(start, start + 500);
    const params: unknown[] = [];
    const tuples = chunk.map((c, i) => {
      params.push(c.caseId, c.applyMs, c.mode, c.nextEvent, c.dueMs);
      const p = (k: number) => front.param(i * 5 + k);
      return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)})`;
    });
    const head = `INSERT INTO govdock_sim_open (case_id, apply_ms, mode, next_event, due_ms) VALUES ${tuples.join(', ')}`;
    const tail =
      front.dialect === 'mysql'
        ? ' ON DUPLICATE KEY UPDATE next_event = VALUES(next_event), due_ms = VALUES(due_ms)'
        : ' ON CONFLICT (case_id) DO UPDATE SET next_event = EXCLUDED.next_event, due_ms = EXCLUDED.due_ms';
    await front.query(head + tail, params);
  }
}

export async function deleteOpenCases(front: FrontTarget, ids: readonly number[]): Promise<void> {
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    await front.query(
      `DELETE FROM govdock_sim_open WHERE case_id IN (${chunk.map((_, i) => front.param(i + 1)).join(', ')})`,
      chunk,
    );
  }
}

export async function dueOpenCases(front: FrontTarget, nowMs: number, limit: number): Promise<OpenCase[]> {
  const rows = await front.query<Record<string, unknown>>(
    `SELECT case_id, apply_ms, mode, next_event, due_ms FROM govdock_sim_open WHERE due_ms <= ${front.param(1)} ` +
      `ORDER BY due_ms LIMIT ${Math.floor(limit)}`,
    [nowMs],
  );
  return rows.map((r) => ({
    caseId: Number(r.case_id),
    applyMs: Number(r.apply_ms),
    mode: String(r.mode),
    nextEvent: Number(r.next_event),
    dueMs: Number(r.due_ms),
  }));
}

export async function countOpenCases(front: FrontTarget): Promise<number> {
  const rows = await front.query<{ n: unknown }>('SELECT COUNT(*) AS n FROM govdock_sim_open');
  return Number(rows[0]?.n ?? 0);
}
