/**
 * A per-session lock around token refresh (issue 3 point 3, anchors §11.2): with one-time refresh
 * tokens, two parallel refreshes of one session spend the same token and the loser ends a healthy
 * session. SessionService coalesces the requests of one process itself; this lock extends that to
 * every BFF instance sharing the session store. Redis (refresh-lock-redis.ts) when sessions live in
 * Redis; the in-process lock below for the embedded store (one process).
 */

export interface RefreshLease {
  /** Frees the lock if this lease still holds it (never someone else's after a TTL lapse). */
  release(): Promise<void>;
}

export interface RefreshLock {
  /** One attempt: a lease when acquired, undefined when another holder has the key. */
  tryAcquire(key: string): Promise<RefreshLease | undefined>;
  /** Resolves true once the key is free (released, or lapsed after a crash), false at the timeout. */
  waitForRelease(key: string, timeoutMs: number): Promise<boolean>;
}

/** One process: a set of held keys; waiters are woken by the release. */
export function createLocalRefreshLock(): RefreshLock {
  const held = new Map<string, { token: symbol; released: Promise<void>; wake: () => void }>();
  return {
    async tryAcquire(key) {
      if (held.has(key)) return undefined;
      const token = Symbol(key);
      let wake = (): void => undefined;
      const released = new Promise<void>((resolve) => (wake = resolve));
      held.set(key, { token, released, wake });
      return {
        async release() {
          const entry = held.get(key);
          if (entry?.token !== token) return;
          held.delete(key);
          entry.wake();
        },
      };
    },
    async waitForRelease(key, timeoutMs) {
      const entry = held.get(key);
      if (!entry) return true;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      try {
        return await Promise.race([entry.released.then(() => true as const), timedOut]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
