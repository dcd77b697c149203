/**
 * A fetch stub for the 好差评 widget tests: requests to a fresh BFF base are answered by the same fake API the
 * gallery's msw handlers use (demo/fixtures/evaluations-api.ts); everything else goes to the real fetch. It records
 * what the widget asked (method, URL, headers, body) and honours the caller's AbortSignal like a real fetch.
 */
import {
  answerEvaluationsApi,
  createEvaluationsWorld,
  type EvaluationsApiAnswer,
  type EvaluationsApiMode,
  type EvaluationsWorld,
} from '../../../demo/fixtures/evaluations-api.js';
import { setBffBase } from '../../../widgets/runtime/index.js';

export interface StubCall {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

export interface EvaluationsApiStub {
  world: EvaluationsWorld;
  base: string;
  /** Milliseconds before each answer (0: next task). */
  delayMs: number;
  calls: StubCall[];
  /** Answers instead of the fake when it returns something (failures the fixtures do not produce). */
  override: ((call: StubCall) => EvaluationsApiAnswer | undefined) | undefined;
  /** Calls whose path after `/api/v1/` starts with `route`, e.g. `evaluations/form`, `evaluation-stats`. */
  callsTo(route: string, method?: string): StubCall[];
  reset(mode: EvaluationsApiMode): void;
  restore(): void;
}

const abortError = () => new DOMException('The operation was aborted.', 'AbortError');

export function stubEvaluationsApi(mode: EvaluationsApiMode = 'signed-in'): EvaluationsApiStub {
  const base = `/stub-bff/${Math.random().toString(36).slice(2)}`;
  setBffBase(base);
  const realFetch = window.fetch;
  const stub: EvaluationsApiStub = {
    world: createEvaluationsWorld(mode),
    base,
    delayMs: 0,
    calls: [],
    override: undefined,
    callsTo: (route, method) =>
      stub.calls.filter(
        (call) => call.url.pathname.startsWith(`${base}/api/v1/${route}`) && (!method || call.method === method),
      ),
    reset: (next) => {
      stub.world = createEvaluationsWorld(next);
      stub.calls = [];
      stub.override = undefined;
      stub.delayMs = 0;
    },
    restore: () => {
      window.fetch = realFetch;
    },
  };
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (!url.pathname.startsWith(base + '/')) return realFetch(input, init);
    const signal = init?.signal ?? undefined;
    const call: StubCall = {
      method: init?.method ?? 'GET',
      url,
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    stub.calls.push(call);
    const answer = stub.override?.(call) ?? answerEvaluationsApi(stub.world, call.method, url, call.body);
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
