/**
 * Stubs for the `<gov-consult>` tests: requests to the test BFF's base for `auth/session`, `api/v1/assistant` and
 * `api/v1/consultations…` are answered by the same fake API the gallery's msw handlers use
 * (demo/fixtures/consult-api.ts) — through fetch for the JSON calls and through XMLHttpRequest for the multipart
 * upload (the one call that needs upload progress). Everything else, the SSE stream above all, goes to the real
 * test BFF (test/widgets/support/test-bff.ts), so `bff.publish` reaches the widget through the runtime.
 */
import {
  answerConsultApi,
  createConsultWorld,
  type ConsultApiAnswer,
  type ConsultApiMode,
  type ConsultWorld,
  type UploadedFile,
} from '../../../demo/fixtures/consult-api.js';
import { setBffBase } from '../../../widgets/runtime/index.js';
import type { TestBff } from '../support/bff-fixture.js';

export interface StubCall {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

export interface ConsultApiStub {
  world: ConsultWorld;
  /** Milliseconds before each answer. */
  delayMs: number;
  calls: StubCall[];
  /** Answers instead of the fake when it returns something. */
  override: ((call: StubCall) => ConsultApiAnswer | undefined) | undefined;
  callsTo(route: string, method?: string): StubCall[];
  reset(mode: ConsultApiMode): void;
  restore(): void;
}

const abortError = () => new DOMException('The operation was aborted.', 'AbortError');
const ROUTES = /^(auth\/session$|api\/v1\/(assistant|consultations))/;

export function stubConsultApi(bff: TestBff): ConsultApiStub {
  setBffBase(bff.base);
  const realFetch = window.fetch;
  const RealXhr = window.XMLHttpRequest;
  const prefix = new URL(bff.base + '/', location.href).pathname;
  const stub: ConsultApiStub = {
    world: createConsultWorld('signed-in'),
    delayMs: 0,
    calls: [],
    override: undefined,
    callsTo: (route, method) =>
      stub.calls.filter((call) => call.url.pathname.startsWith(prefix + route) && (!method || call.method === method)),
    reset: (mode) => {
      stub.world = createConsultWorld(mode);
      stub.calls = [];
      stub.override = undefined;
      stub.delayMs = 0;
    },
    restore: () => {
      window.fetch = realFetch;
      window.XMLHttpRequest = RealXhr;
    },
  };
  const answerFor = (call: StubCall) =>
    stub.override?.(call) ?? answerConsultApi(stub.world, call.method, call.url, call.body);

  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    const route = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : '';
    if (!ROUTES.test(route)) return realFetch(input, init);
    const signal = init?.signal ?? undefined;
    const call: StubCall = {
      method: init?.method ?? 'GET',
      url,
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    stub.calls.push(call);
    const answer = answerFor(call);
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

  /** Just what the widget's upload uses of XMLHttpRequest; progress comes in two steps, like a small file's. */
  class FakeXhr {
    withCredentials = false;
    responseType = '';
    status = 0;
    response: unknown = null;
    upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    #method = 'GET';
    #url = '';
    #headers = new Headers();
    #aborted = false;
    open(method: string, url: string): void {
      this.#method = method;
      this.#url = url;
    }
    setRequestHeader(name: string, value: string): void {
      this.#headers.set(name, value);
    }
    abort(): void {
      this.#aborted = true;
      this.onabort?.();
    }
    send(body: FormData): void {
      void (async () => {
        const file = body.get('file') as File | null;
        const uploaded: UploadedFile | undefined = file
          ? { name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) }
          : undefined;
        const call: StubCall = {
          method: this.#method,
          url: new URL(this.#url, location.href),
          headers: this.#headers,
          body: uploaded,
        };
        stub.calls.push(call);
        const total = uploaded?.bytes.length ?? 0;
        for (const loaded of [Math.floor(total / 2), total]) {
          await new Promise((resolve) => setTimeout(resolve, stub.delayMs / 2));
          if (this.#aborted) return;
          this.upload.onprogress?.(new ProgressEvent('progress', { lengthComputable: true, loaded, total }));
        }
        const answer = answerFor(call);
        this.status = answer?.status ?? 404;
        this.response = answer?.body ?? { error: { code: 'not_found', message: '请求的资源不存在' } };
        this.onload?.();
      })();
    }
  }
  window.XMLHttpRequest = FakeXhr as unknown as typeof XMLHttpRequest;
  return stub;
}
