/**
 * Seeded crash trials: a source model (what the front holds), the SQL that puts it there, changes
 * made between the crash and the recovery, and a pre-spawned, bundled child process to kill.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Random } from '../../../../bff/dev/generator/prng.js';
import type { FrontRowValues } from './front-sql.js';
import { acceptRow, expectedSnapshot, processRow, timeAt } from './scenario.js';

export const PHASES = ['read', 'stage', 'merge', 'commit', 'run-record'] as const;

/** The front's rows by row_guid, per table: the truth the library must equal after recovery. */
export class SourceModel {
  readonly accepts = new Map<string, FrontRowValues>();
  readonly steps = new Map<string, FrontRowValues>();
  private nextCase = 0;
  private clock = 0;

  constructor(readonly random: Random) {}

  /** A time among few distinct values, so that many rows share one (page boundaries inside groups). */
  private time(): string {
    this.clock += this.random.pick([0, 0, 0.5, 1]);
    return timeAt(100 + this.clock);
  }

  /**
   * New cases (some malformed, some with steps, some steps before their case) → rows to upsert.
   * With `late`, a step may carry a time below rows already read: a late commit only a look-back finds.
   */
  addCases(count: number, late = true): { accepts: FrontRowValues[]; steps: FrontRowValues[] } {
    const accepts: FrontRowValues[] = [];
    const steps: FrontRowValues[] = [];
    for (let k = 0; k < count; k += 1) {
      const n = this.nextCase;
      this.nextCase += 1;
      const malformed = n % 2 === 1 && this.random.chance(0.15);
      const row = acceptRow(n, this.time(), malformed ? { project_no: null } : {});
      accepts.push(row);
      this.accepts.set(String(row.row_guid), row);
      // Only even cases get steps, so a deleted (odd) case never leaves steps behind.
      if (n % 2 === 0) {
        for (let s = 1; s <= this.random.int(1, 3); s += 1) {
          const step = processRow(n, s, late && this.random.chance(0.3) ? timeAt(100 + this.clock - 1) : this.time());
          steps.push(step);
          this.steps.set(String(step.row_guid), step);
        }
      }
    }
    // An orphan now and then: a step whose case never arrives.
    if (this.random.chance(0.3)) {
      const orphan = processRow(900 + this.nextCase, 1, this.time());
      steps.push(orphan);
      this.steps.set(String(orphan.row_guid), orphan);
    }
    return { accepts, steps };
  }

  /**
   * Updates, deletes and new cases, all stamped after everything before (a row changed at the time of
   * the stored cursor with a smaller id would be a late commit too); with `late`, also rows whose time
   * lies below what was already read, which only the look-back window catches.
   */
  change(late = true): { accepts: FrontRowValues[]; steps: FrontRowValues[] } {
    const accepts: FrontRowValues[] = [];
    const steps: FrontRowValues[] = [];
    this.clock = Math.floor(this.clock) + 1;
    const existing = [...this.accepts.values()];
    for (let k = 0; k < this.random.int(0, 3) && existing.length > 0; k += 1) {
      const row = this.random.pick(existing);
      const n = Number(String(row.row_guid).slice(1));
      const deleting = n % 2 === 1 && this.random.chance(0.5);
      const changed: FrontRowValues = {
        ...row,
        cd_time: this.time(),
        cd_operation: deleting ? 'D' : 'U',
        task_name: `改${k}${row.task_name}`,
      };
      if (!deleting && this.random.chance(0.3)) changed.project_no = `P${String(n).padStart(6, '0')}`;
      accepts.push(changed);
      this.accepts.set(String(row.row_guid), changed);
    }
    const existingSteps = [...this.steps.values()];
    for (let k = 0; k < this.random.int(0, 2) && existingSteps.length > 0; k += 1) {
      const step = this.random.pick(existingSteps);
      const changed = { ...step, cd_time: this.time(), cd_operation: this.random.chance(0.5) ? 'D' : 'U' };
      steps.push(changed);
      this.steps.set(String(step.row_guid), changed);
    }
    const fresh = this.addCases(this.random.int(0, 3), late);
    // A late commit: a new case whose time lies below everything read so far (the look-back catches it).
    if (late && this.random.chance(0.5)) {
      const n = 5000 + this.nextCase;
      const late = acceptRow(n, timeAt(100 + this.random.int(0, Math.max(0, Math.floor(this.clock)))));
      accepts.push(late);
      this.accepts.set(String(late.row_guid), late);
    }
    return { accepts: [...accepts, ...fresh.accepts], steps: [...steps, ...fresh.steps] };
  }

  expected(): { cases: string[]; steps: string[] } {
    const wellFormed = [...this.accepts.values()].filter((row) => row.project_no !== null);
    return expectedSnapshot(wellFormed, this.steps.values());
  }

  /** Row ids that must sit in quarantine (open), each exactly once. */
  malformed(): string[] {
    return [...this.accepts.values()]
      .filter((row) => row.project_no === null)
      .map((row) => String(row.row_guid))
      .sort();
  }
}

const bundleDir = fileURLToPath(new URL('../../../../node_modules/.cache/govdock/sync-crash-child/', import.meta.url));

/**
 * Bundles the child once per test run: under tsx every child would spend seconds compiling
 * TypeScript before the trial starts; bundled (and split, so that PGlite loads only for embedded
 * trials) it starts in a fraction of a second. Written under node_modules/.cache so that the bundle
 * resolves the project's packages and git ignores it.
 */
export async function bundleCrashChild(): Promise<string> {
  mkdirSync(bundleDir, { recursive: true });
  await build({
    entryPoints: { 'crash-child': fileURLToPath(new URL('./crash-child.ts', import.meta.url)) },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: bundleDir,
    outExtension: { '.js': '.mjs' },
    packages: 'external',
    logLevel: 'error',
  });
  return join(bundleDir, 'crash-child.mjs');
}

export interface ChildOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A started child waiting for its trial. */
export class CrashChild {
  private readonly process: ChildProcess;
  private readonly exited: Promise<ChildOutcome>;

  constructor(bundle: string, lane: object) {
    this.process = spawn(process.execPath, [bundle, JSON.stringify(lane)], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    this.process.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    this.process.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    this.exited = new Promise((resolve) => {
      this.process.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
    });
  }

  /** Starts the trial; `killAfterMs` adds a SIGKILL from outside at a random moment. */
  run(input: object, killAfterMs?: number): Promise<ChildOutcome> {
    this.process.stdin?.end(JSON.stringify(input) + '\n');
    if (killAfterMs !== undefined) {
      const timer = setTimeout(() => this.process.kill('SIGKILL'), killAfterMs);
      void this.exited.then(() => clearTimeout(timer));
    }
    return this.exited;
  }

  kill(): void {
    this.process.kill('SIGKILL');
  }
}
