/**
 * Errors are values with a stable `code` (widgets branch on it) and a plain-Chinese `message`
 * (shown to residents as is). One handler turns them into `{ "error": { "code", "message" } }`;
 * nothing else in the BFF writes an error body, so the shape cannot drift between areas.
 */
import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from '../observability/logger.js';
import type { AppEnv } from './env.js';

export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    /** Plain Chinese, safe to show to a resident; never carries PII or internals. */
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** XHR callers get 401 JSON, never a redirect to the platform (architecture §6, anchors §10). */
export const unauthenticated = (): AppError => new AppError(401, 'unauthenticated', '登录已失效，请重新登录');
export const forbidden = (): AppError => new AppError(403, 'forbidden', '没有权限执行此操作');
export const notFound = (): AppError => new AppError(404, 'not_found', '请求的资源不存在');
export const badRequest = (message = '请求参数有误'): AppError => new AppError(400, 'bad_request', message);

const INTERNAL = { code: 'internal_error', message: '服务暂时不可用，请稍后再试' } as const;

/** Messages for framework errors (body limit, malformed requests) that never pass through AppError. */
const HTTP_EXCEPTION_MESSAGES: Partial<Record<number, { code: string; message: string }>> = {
  400: { code: 'bad_request', message: '请求参数有误' },
  401: { code: 'unauthenticated', message: '登录已失效，请重新登录' },
  403: { code: 'forbidden', message: '没有权限执行此操作' },
  404: { code: 'not_found', message: '请求的资源不存在' },
  405: { code: 'method_not_allowed', message: '不支持该请求方法' },
  413: { code: 'payload_too_large', message: '提交的内容过大' },
  415: { code: 'unsupported_media_type', message: '不支持的内容类型' },
  429: { code: 'too_many_requests', message: '请求过于频繁，请稍后再试' },
};

export function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

export function createErrorHandler(logger: Logger): ErrorHandler<AppEnv> {
  return (error, c) => {
    if (error instanceof AppError) {
      // Expected outcomes (bad input, not logged in) are not incidents: debug, not error.
      logger.debug({ reqId: c.var.requestId, code: error.code, status: error.status }, 'request refused');
      return c.json(errorBody(error.code, error.message), error.status);
    }
    if (error instanceof HTTPException && error.status < 500) {
      const known = HTTP_EXCEPTION_MESSAGES[error.status] ?? HTTP_EXCEPTION_MESSAGES[400]!;
      logger.debug({ reqId: c.var.requestId, status: error.status, err: error }, 'request refused');
      return c.json(errorBody(known.code, known.message), error.status as ContentfulStatusCode);
    }
    // Unknown: log everything we know (PII masked by the logger), answer nothing about it.
    logger.error({ reqId: c.var.requestId, method: c.req.method, path: c.req.path, err: error }, 'unhandled error');
    return c.json(errorBody(INTERNAL.code, INTERNAL.message), 500);
  };
}

/** JSON 404 under the machine-facing prefixes; a short bilingual text elsewhere (a person typed it). */
export const notFoundHandler: NotFoundHandler = (c) => {
  if (/^\/(api|auth|admin|events)(\/|$)/.test(c.req.path)) {
    return c.json(errorBody('not_found', '请求的资源不存在'), 404);
  }
  return c.text('404 页面不存在 (page not found)', 404);
};
