/** Browser side of test-bff.ts: a fresh scope per test and helpers to drive it. */
export interface TestBffStats {
  open: number;
  opened: number;
  resumedFrom: string[];
  sessionRequests: number;
}

export interface TestBff {
  /** The BFF base to hand the runtime, e.g. `/test-bff/k3j9x` (origin-relative). */
  base: string;
  /** `withoutId`: an id-less notice like the BFF's resync, sent live only. */
  publish(type: string, data: unknown, withoutId?: boolean): Promise<number>;
  stats(): Promise<TestBffStats>;
  setSession(next: { status?: number; body?: unknown; delayMs?: number }): Promise<void>;
}

async function call<T>(url: string, method = 'GET', body?: unknown): Promise<T> {
  const response = await fetch(url, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status}`);
  return (await response.json()) as T;
}

export function newTestBff(): TestBff {
  const base = `/test-bff/${Math.random().toString(36).slice(2)}`;
  return {
    base,
    publish: async (type, data, withoutId) =>
      (await call<{ id: number }>(`${base}/publish`, 'POST', { type, data, withoutId })).id,
    stats: () => call<TestBffStats>(`${base}/stats`),
    setSession: async (next) => void (await call(`${base}/session`, 'PUT', next)),
  };
}

export const authenticatedBody = {
  authenticated: true,
  user: {
    displayName: '张*三',
    userType: 'natural',
    level: 'realname',
    realNameLevel: 3,
    maskedId: '2301**********1234',
  },
  logoutUrl: '/govdock/auth/logout?sid=abc',
};
