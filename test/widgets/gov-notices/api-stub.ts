/**
 * A fetch stub for the 信息推送 widget tests (gov-notices, gov-recommend): requests to the test BFF's base for
 * `auth/session` and `api/v1/*` are answered by the same fake the gallery's msw handlers use (demo/fixtures/
 * notices-api.ts, recommend-api.ts); everything else — the SSE stream above all — goes to the real test BFF
 * (test/widgets/support/test-bff.ts), so `bff.publish` reaches the widgets through the runtime's real event stream.
 * It records what the widgets asked and honours the caller's AbortSignal like a real fetch.
 */
import { setBffBase } from '../../../widgets/runtime/index.js';
import type { TestBff } from '../support/bff-fixture.js';

export interface Answer {
  status: number;
  body: unknown;
  pending?: boolean;
}

export interface StubCall {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

export interface ApiStub {
  calls: StubCall[];
  /** Calls whose path (after the base) starts with `route`, e.g. `api/v1/notices`. */
  callsTo(route: string, method?: string): StubCall[];
  restore(): void;
}

const abortError = () => new DOMException('The operation was aborted.', 'AbortError');

export function stubApi(
  bff: TestBff,
  answer: (method: string, url: URL, body: unknown) => Answer | undefined,
): ApiStub {
  setBffBase(bff.base);
  const realFetch = window.fetch;
  const prefix = new URL(bff.base + '/', location.href).pathname;
  const stub: ApiStub = {
    calls: [],
    callsTo: (route, method) =>
      stub.calls.filter((call) => call.url.pathname.startsWith(prefix + route) && (!method || call.method === method)),
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
    };
    stub.calls.push(call);
    const reply = answer(call.method, url, call.body);
    await new Promise<void>((resolve, reject) => {
      const timer = reply?.pending ? undefined : setTimeout(resolve, 0);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(abortError());
      });
    });
    if (!reply)
      return new Response(JSON.stringify({ error: { code: 'not_found', message: '请求的资源不存在' } }), {
        status: 404,
      });
    return new Response(reply.status === 204 ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'Content-Type': 'application/json' },
    });
  };
  return stub;
}
