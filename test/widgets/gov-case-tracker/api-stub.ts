/**
 * A fetch stub for the case-tracking widget tests: requests to the test BFF's base for `auth/session` and `api/v1/*`
 * are answered by the same fake API the gallery's msw handlers use (demo/fixtures/cases-api.ts); everything else
 * — the SSE stream above all — goes to the real test BFF (test/widgets/support/test-bff.ts), so `bff.publish`
 * reaches the widgets through the runtime's real event stream. It records what the widgets asked (URL, method,
 * headers, body) and honours the caller's AbortSignal like a real fetch.
 *
 * One test BFF per test file: the page's event stream is a singleton that keeps its connection (and its BFF
 * base) for the page's life, and a new base per test would leave a connection open per test.
 */
import {
  answerCasesApi,
  createCasesWorld,
  type CasesApiAnswer,
  type CasesWorld,
} from '../../../demo/fixtures/cases-api.js';
import { setBffBase } from '../../../widgets/runtime/index.js';
import type { TestBff } from '../support/bff-fixture.js';

export interface StubCall {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
  signal: AbortSignal | undefined;
}

export interface CasesApiStub {
  world: CasesWorld;
  /** Milliseconds before each answer (0: next task). */
  delayMs: number;
  calls: StubCall[];
  /** Answers instead of the fake when it returns something (for shapes the fixtures do not produce). */
  override: ((call: StubCall) => CasesApiAnswer | undefined) | undefined;
  /** Calls whose path (after the base) starts with `route`, e.g. `api/v1/cases`, `auth/session`. */
  callsTo(route: string): StubCall[];
  restore(): void;
}

const abortError = () => new DOMException('The operation was aborted.', 'AbortError');

export function stubCasesApi(bff: TestBff): CasesApiStub {
  setBffBase(bff.base);
  const realFetch = window.fetch;
  const prefix = new URL(bff.base + '/', location.href).pathname;
  const stub: CasesApiStub = {
    world: createCasesWorld('signed-in'),
    delayMs: 0,
    calls: [],
    override: undefined,
    callsTo: (route) => stub.calls.filter((call) => call.url.pathname.startsWith(prefix + route)),
    restore: () => {
      window.fetch = realFetch;
    },
  };
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    const route = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : '';
    if (!/^(auth\/session$|api\/v1\/)/.test(route)) return realFetch(input, init);
    const signal = init?.signal ?? undefined;
    const call: StubCall = {
      method: init?.method ?? 'GET',
      url,
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      signal,
    };
    stub.calls.push(call);
    const answer = stub.override?.(call) ?? answerCasesApi(stub.world, call.method, url, call.body);
    const wait = answer?.pending ? Infinity : stub.delayMs;
    await new Promise<void>((resolve, reject) => {
      const timer = wait === Infinity ? undefined : setTimeout(resolve, wait);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(abortError());
      });
    });
    if (!answer)
      return new Response(JSON.stringify({ error: { code: 'not_found', message: '请求的资源不存在' } }), {
        status: 404,
      });
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'Content-Type': 'application/json' },
    });
  };
  return stub;
}

/**
 * The session store is a page-wide singleton (a registry under a global symbol); each test starts with a fresh one
 * so it begins in `unknown`, as on a newly loaded page. The event stream stays: it is one per page.
 */
export function freshSessionStore(): void {
  const registry = (globalThis as unknown as Record<symbol, Record<string, unknown> | undefined>)[
    Symbol.for('govdock.runtime')
  ];
  if (registry) delete registry.session;
}

/** Waits until the page's event stream has its connection open at the test BFF. */
export async function streamOpen(bff: TestBff): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((await bff.stats()).open < 1) {
    if (Date.now() > deadline) throw new Error('the event stream never connected');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
