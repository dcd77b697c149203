/**
 * Platform time as the BFF sees it: wraps globalThis.fetch (openid-client calls it at request
 * time) and records the interval of every call to the platform's origin, from the call to the
 * response headers. A step's platform time is the union of those intervals inside the step's
 * window, so concurrent calls are not counted twice.
 *
 * Calls the BFF does not wait for (token revocation at logout is fire-and-forget in routes.ts)
 * are named by path as `background`: they are held at the wrapper until settle(), so the
 * platform — in this process, sharing the event loop — does not answer them inside the step
 * (a remote platform would not cost the BFF that CPU). The BFF's own work to start them counts.
 */
interface Call {
  path: string;
  background: boolean;
  /** When the BFF asked (before any hold). */
  requested: number;
  /** When the request really went out. */
  start?: number;
  end?: number;
}

export interface StepPlatformTime {
  /** Union of awaited platform calls inside the window. */
  ms: number;
  calls: number;
  /** Background calls the BFF started inside the window (held, not subtracted). */
  backgroundCalls: number;
}

export interface PlatformTimer {
  within(from: number, to: number): StepPlatformTime;
  /**
   * Lets held background calls go and resolves once no platform call has been in flight for
   * `quietMs` (they may start late and come in several calls), so nothing bleeds into the next step.
   */
  settle(quietMs?: number): Promise<void>;
  /** Forgets finished calls (keeps memory flat over long runs). */
  reset(): void;
  restore(): void;
}

export function timePlatformCalls(origin: string, background: readonly string[]): PlatformTimer {
  const original = globalThis.fetch;
  let calls: Call[] = [];
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];
  let held: (() => void)[] = [];
  let holding = true;

  globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.origin !== origin) return original(input, init);
    const call: Call = {
      path: url.pathname,
      background: background.includes(url.pathname),
      requested: performance.now(),
    };
    calls.push(call);
    inFlight += 1;
    try {
      if (call.background && holding) await new Promise<void>((resolve) => held.push(resolve));
      call.start = performance.now();
      return await original(input, init);
    } finally {
      call.end = performance.now();
      inFlight -= 1;
      if (inFlight === 0) {
        const done = idleWaiters;
        idleWaiters = [];
        for (const resolve of done) resolve();
      }
    }
  };

  const release = (): void => {
    const go = held;
    held = [];
    for (const resolve of go) resolve();
  };

  return {
    within(from, to) {
      const awaited: [number, number][] = [];
      let backgroundCalls = 0;
      for (const call of calls) {
        if (call.background) {
          if (call.requested >= from && call.requested <= to) backgroundCalls += 1;
          continue;
        }
        const start = Math.max(from, call.start ?? call.requested);
        const end = Math.min(to, call.end ?? to);
        if (end > start) awaited.push([start, end]);
      }
      return { ms: unionLength(awaited), calls: awaited.length, backgroundCalls };
    },
    async settle(quietMs = 20) {
      holding = false;
      try {
        for (;;) {
          release();
          if (inFlight > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve));
          await new Promise((resolve) => setTimeout(resolve, quietMs));
          if (inFlight === 0) return;
        }
      } finally {
        holding = true;
      }
    },
    reset() {
      calls = calls.filter((call) => call.end === undefined);
    },
    restore() {
      holding = false;
      release();
      globalThis.fetch = original;
    },
  };
}

/** Total length covered by possibly overlapping intervals. */
function unionLength(intervals: [number, number][]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let cursor = -Infinity;
  for (const [start, end] of sorted) {
    const from = Math.max(start, cursor);
    if (end > from) total += end - from;
    cursor = Math.max(cursor, end);
  }
  return total;
}
