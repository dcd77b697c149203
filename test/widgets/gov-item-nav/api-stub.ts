/**
 * A fetch stub for the widget tests: requests to a fresh BFF base are answered by the same fake API the gallery's
 * msw handlers use (demo/fixtures/items-api.ts); everything else goes to the real fetch. It records what the
 * widget asked (URL and headers) and honours the caller's AbortSignal like a real fetch.
 */
import { answerItemsApi, type ItemsApiAnswer, type ItemsApiMode } from '../../../demo/fixtures/items-api.js';
import { SESSION_USER } from '../../../demo/fixtures/notices-api.js';
import { setBffBase } from '../../../widgets/runtime/index.js';

export interface StubCall {
  url: URL;
  method: string;
  headers: Headers;
  /** The JSON body, parsed (POST). */
  body: unknown;
  signal: AbortSignal | undefined;
}

export interface ItemsApiStub {
  mode: ItemsApiMode;
  /** Milliseconds before each answer (0: next task). */
  delayMs: number;
  calls: StubCall[];
  /** Answers instead of the fake API when it returns something (for shapes the fixtures do not produce). */
  override: ((url: URL) => ItemsApiAnswer | undefined) | undefined;
  /** Calls to one route, e.g. `items`, `facets`, `search`. */
  callsTo(route: string): StubCall[];
  restore(): void;
}

const abortError = () => new DOMException('The operation was aborted.', 'AbortError');

export function stubItemsApi(mode: ItemsApiMode = 'normal'): ItemsApiStub {
  const base = `/stub-bff/${Math.random().toString(36).slice(2)}`;
  setBffBase(base);
  const realFetch = window.fetch;
  const stub: ItemsApiStub = {
    mode,
    delayMs: 0,
    calls: [],
    override: undefined,
    callsTo: (route) => stub.calls.filter((call) => call.url.pathname.startsWith(`${base}/api/v1/${route}`)),
    restore: () => {
      window.fetch = realFetch;
    },
  };
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (!url.pathname.startsWith(base + '/')) return realFetch(input, init);
    const signal = init?.signal ?? undefined;
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    stub.calls.push({ url, method: init?.method ?? 'GET', headers: new Headers(init?.headers), body, signal });
    const answer: ItemsApiAnswer | undefined = stub.override?.(url) ?? answerItemsApi(stub.mode, url);
    const wait = answer?.pending ? Infinity : stub.delayMs;
    await new Promise<void>((resolve, reject) => {
      const timer = wait === Infinity ? undefined : setTimeout(resolve, wait);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(abortError());
      });
    });
    if (!answer)
      return new Response(JSON.stringify({ error: { code: 'not_found', message: '未找到' } }), { status: 404 });
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'Content-Type': 'application/json' },
    });
  };
  return stub;
}

/**
 * Answers `auth/session` as signed in (or anonymous) and `api/v1/recommendations/activity` with `activityStatus`
 * (issue 9's view and search records), on top of the fake navigation API.
 */
export function answerActivity(stub: ItemsApiStub, signedIn: boolean, activityStatus = 204): void {
  const base = stub.override;
  stub.override = (url) => {
    if (url.pathname.endsWith('/auth/session'))
      return {
        status: 200,
        body: signedIn ? { authenticated: true, user: SESSION_USER } : { authenticated: false, silentCheckDue: false },
      };
    if (url.pathname.endsWith('/api/v1/recommendations/activity'))
      return activityStatus < 300
        ? { status: 200, body: null }
        : { status: activityStatus, body: { error: { code: 'service_unavailable', message: '服务暂时不可用' } } };
    return base?.(url);
  };
}
