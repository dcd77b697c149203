/**
 * Source reads retried with exponential backoff when the connection drops mid-page (sync-anchors
 * §4.4 "source flakiness"; DataX #775 restarts whole jobs instead). A page is only written after it
 * was read completely, so a retry never leaves a partial page behind.
 */

const TRANSIENT_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ER_CONNECTION_KILLED',
  'ER_QUERY_INTERRUPTED',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_LOCK_DEADLOCK',
]);

/** MySQL errnos: 1053 shutdown, 1205 lock wait, 1213 deadlock, 1317 interrupted, 1927 killed, 2006/2013 gone/lost. */
const TRANSIENT_ERRNOS = new Set([1053, 1205, 1213, 1317, 1927, 2006, 2013]);

export function isTransientSourceError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const details = error as Error & { code?: unknown; errno?: unknown; fatal?: unknown };
  const code = typeof details.code === 'string' ? details.code : '';
  if (TRANSIENT_CODES.has(code)) return true;
  if (typeof details.errno === 'number' && TRANSIENT_ERRNOS.has(details.errno)) return true;
  // PostgreSQL SQLSTATE classes 08 (connection exception) and 57P (operator intervention).
  if (/^(08|57P)/.test(code)) return true;
  if (details.fatal === true) return true;
  return /Connection terminated|connection is closed|Can't add new command when connection is in closed state|socket hang up/i.test(
    error.message,
  );
}

export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  signal?: AbortSignal;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (error) {
      if (attempt > options.attempts || !isTransientSourceError(error) || options.signal?.aborted) throw error;
      // Full jitter would make tests slower to reason about; a small jitter still spreads instances.
      const delay =
        Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
      options.onRetry?.(error, attempt, Math.round(delay));
      await sleep(delay, options.signal);
    }
  }
}
