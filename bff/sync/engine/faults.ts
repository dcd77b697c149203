/**
 * Fault injection for crash tests. `SYNC_FAULT_AT=merge:3` (read by the test's child process, never
 * by the product) kills the process with SIGKILL at the third time the engine reaches `merge`: no
 * cleanup, no ROLLBACK, exactly what a power cut or an OOM kill does to a running sync.
 */
import type { FaultHooks, FaultPhase } from './types.js';

const PHASES: readonly FaultPhase[] = ['read', 'stage', 'merge', 'commit', 'run-record'];

export interface FaultSpec {
  phase: FaultPhase;
  /** 1-based: the n-th time the phase is reached. */
  occurrence: number;
}

export function parseFaultSpec(spec: string): FaultSpec {
  const [phase, occurrence = '1'] = spec.split(':');
  if (!PHASES.includes(phase as FaultPhase) || !/^\d+$/.test(occurrence) || Number(occurrence) < 1) {
    throw new Error(`invalid fault spec ${spec}: expected <${PHASES.join('|')}>:<n ≥ 1>`);
  }
  return { phase: phase as FaultPhase, occurrence: Number(occurrence) };
}

/** Calls `action` the n-th time the phase is reached; counts every phase for tests that want them. */
export function faultAt(spec: FaultSpec, action: () => void): FaultHooks & { counts: Map<FaultPhase, number> } {
  const counts = new Map<FaultPhase, number>();
  return {
    counts,
    hit(phase) {
      const n = (counts.get(phase) ?? 0) + 1;
      counts.set(phase, n);
      if (phase === spec.phase && n === spec.occurrence) action();
    },
  };
}

/** SIGKILL ourselves: the signal cannot be caught, so nothing gets a chance to tidy up. */
export function killAtFault(spec: string): FaultHooks {
  return faultAt(parseFaultSpec(spec), () => process.kill(process.pid, 'SIGKILL'));
}

export const NO_FAULTS: FaultHooks = { hit: () => undefined };
