/**
 * One back-channel call to the platform: parameters placed per method, the answer parsed as JSON
 * and judged by the profile's envelope (HTTP status first, then the success predicate), the
 * platform's own message carried into the error.
 */
import { OAuth2PlatformError, type PlatformStep } from './errors.js';
import { getPath, textAt } from './json-path.js';
import type { RequestMethod, SuccessPredicate } from './profile-schema.js';

export type FetchLike = (input: URL, init: RequestInit) => Promise<Response>;

export interface PlatformRequest {
  step: PlatformStep;
  url: URL;
  method: RequestMethod;
  /** Body parameters for post-form / post-json, query parameters for get. */
  params: Record<string, string>;
  /** Always in the URL query, whatever the method (Epoint puts client credentials there). */
  query?: Record<string, string>;
  headers?: Record<string, string>;
  success?: SuccessPredicate;
  errorMessage: string | string[];
}

export interface CallContext {
  fetch: FetchLike;
  timeoutMs: number;
}

export function matchesPredicate(body: unknown, predicate: SuccessPredicate): boolean {
  const actual = getPath(body, predicate.path);
  if (actual === undefined || actual === null || typeof actual === 'object') return false;
  const expected = Array.isArray(predicate.equals) ? predicate.equals : [predicate.equals];
  // Platforms mix "0" and 0 between versions; the text form is what the profile author means.
  return expected.some((value) => String(value) === String(actual));
}

export async function callPlatform(request: PlatformRequest, context: CallContext): Promise<unknown> {
  const url = new URL(request.url);
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  let body: string | undefined;
  if (request.method === 'get') {
    for (const [name, value] of Object.entries(request.params)) url.searchParams.set(name, value);
  } else if (request.method === 'post-json') {
    headers['content-type'] = 'application/json;charset=UTF-8';
    body = JSON.stringify(request.params);
  } else {
    headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
    body = new URLSearchParams(request.params).toString();
  }

  let response: Response;
  let text: string;
  try {
    response = await context.fetch(url, {
      method: request.method === 'get' ? 'GET' : 'POST',
      headers,
      body,
      // A back-channel answer that redirects is a misconfigured endpoint, never something to follow.
      redirect: 'manual',
      signal: AbortSignal.timeout(context.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    throw new OAuth2PlatformError(request.step, undefined, undefined, { cause: error });
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    throw new OAuth2PlatformError(request.step, response.status, textAt(json, request.errorMessage));
  }
  if (json === undefined || typeof json !== 'object' || json === null) {
    throw new OAuth2PlatformError(request.step, response.status, '应答不是 JSON 对象 / answer is not a JSON object');
  }
  if (request.success && !matchesPredicate(json, request.success)) {
    const message = textAt(json, request.errorMessage);
    throw new OAuth2PlatformError(
      request.step,
      response.status,
      message ?? `应答不满足成功条件 ${request.success.path} / envelope predicate failed`,
    );
  }
  return json;
}
