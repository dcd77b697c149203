import { shared } from './global.js';
import { normalizeLocale, translate } from './i18n.js';
import { runtimeStrings } from './strings.js';

const zh = runtimeStrings['zh-CN'];

/**
 * A failed BFF call. `code` is the server's stable code when it sent one, else ours (a key of
 * `runtimeStrings`); `message` is plain Chinese, ready to show; `status` is 0 when no response came.
 */
export class BffError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'BffError';
  }
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Milliseconds before the call fails with code `timeout`; default 15000. */
  timeout?: number;
}

export interface BffClient {
  /** Where the BFF lives, without a trailing slash, e.g. `https://site/govdock`. */
  readonly base: string;
  get<T>(path: string, options?: RequestOptions): Promise<T>;
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  del<T>(path: string, options?: RequestOptions): Promise<T>;
}

const statusCodes: Record<number, string> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  429: 'rate_limited',
};

function statusCode(status: number): string {
  return statusCodes[status] ?? (status >= 500 ? 'service_unavailable' : 'http_error');
}

/**
 * The message for `error` in `lang`. Server messages are Chinese only, so English falls back to
 * our own text for the status class; anything that is not a BffError gets the generic message.
 */
export function localizeError(error: unknown, lang?: string | null): string {
  const locale = normalizeLocale(lang);
  if (!(error instanceof BffError)) return translate(runtimeStrings, locale, 'unknown');
  if (locale === 'zh-CN') return error.message;
  return translate(runtimeStrings, locale, error.status ? statusCode(error.status) : error.code);
}

/**
 * Where the BFF is: an explicit `setBffBase`, else `data-bff` on the loader's script tag, else
 * derived from the script URL — widgets are served from `<bff>/widgets/<version>/…`.
 */
export function resolveBffBase(scriptUrl: string = import.meta.url): string {
  const state = shared('bff', () => ({ base: '' }));
  const fromTag = document.querySelector<HTMLScriptElement>('script[data-bff]')?.dataset.bff;
  const base =
    state.base || (fromTag ? new URL(fromTag, document.baseURI).href : scriptUrl.replace(/\/widgets\/.*$/, ''));
  return base.replace(/\/+$/, '');
}

/** Points every widget on the page at this BFF (relative URLs resolve against the page). */
export function setBffBase(url: string): void {
  shared('bff', () => ({ base: '' })).base = new URL(url, document.baseURI).href;
}

async function request<T>(method: string, path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
  // Not AbortSignal.any/timeout: domestic browsers on Chromium kernels older than 116 lack them.
  const controller = new AbortController();
  const abort = () => controller.abort();
  const caller = options.signal;
  if (caller?.aborted) abort();
  caller?.addEventListener('abort', abort);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort();
  }, options.timeout ?? 15000);
  let response: Response;
  try {
    response = await fetch(resolveBffBase() + path, {
      method,
      credentials: 'include',
      // X-CSRF: the BFF refuses any non-navigation request without it (a cross-site form cannot set it).
      // Content-Type on every call costs nothing: X-CSRF already makes cross-site calls preflighted.
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF': '1' },
      body: JSON.stringify(body), // undefined stays undefined
      signal: controller.signal,
    });
  } catch (error) {
    // The caller's own abort is not a failure to report: let Task/AbortController see it as is.
    if (caller?.aborted) throw error;
    const code = timedOut ? 'timeout' : 'network_error';
    throw new BffError(code, 0, zh[code] as string);
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener('abort', abort);
  }
  const data: unknown = await response.json().catch(() => undefined);
  if (response.ok) return data as T;
  const fallback = statusCode(response.status);
  const sent = (data as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  throw new BffError(
    typeof sent?.code === 'string' ? sent.code : fallback,
    response.status,
    typeof sent?.message === 'string' && sent.message ? sent.message : (zh[fallback] as string),
  );
}

/** The page-wide client: every widget talks to the BFF through it, never through its own fetch. */
export function getBffClient(): BffClient {
  return shared<BffClient>('client', () => ({
    get base() {
      return resolveBffBase();
    },
    get: (path, options) => request('GET', path, undefined, options),
    post: (path, body, options) => request('POST', path, body, options),
    del: (path, options) => request('DELETE', path, undefined, options),
  }));
}
