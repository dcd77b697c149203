/**
 * POST /auth/logout-notify — logout notices from unified identity platforms that do not speak
 * OIDC (issue 3, point 5; anchors §9 item 7). Order: sender address, payload, authenticity and
 * timestamp window, replay, then the sessions of that user end and every widget is told
 * (end-sessions.ts). The one-time value is remembered only after the sessions are gone, so a
 * platform retrying after our failure is not refused as a replay.
 *
 * Mount with `app.route('/auth', logoutNotifyRoutes(…))`.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { EventHub } from '../../events/hub.js';
import { errorBody } from '../../http/errors.js';
import type { Logger } from '../../observability/logger.js';
import { createMemoryReplayCache, type ReplayCache } from '../backchannel/replay-cache.js';
import { endSessions, type EndSessionsDeps } from '../end-sessions.js';
import type { SessionStore } from '../session-store/types.js';
import { addressList, senderAddress } from './client-address.js';
import type { LogoutNotifyConfig } from './config.js';
import { createNoticeVerifier, NoticeError } from './verify-notice.js';

export interface LogoutNotifyOptions {
  /** Parsed with logoutNotifyConfigSchema. */
  config: LogoutNotifyConfig;
  sessions: SessionStore;
  hub: EventHub;
  userKeyOf: (issuer: string, subject: string) => string;
  revokeTokens?: EndSessionsDeps['revokeTokens'];
  /** Nonce / signature cache; Redis-backed when several BFF instances receive notices. */
  replayStore?: ReplayCache;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  now?: () => number;
  /** The TCP peer address; defaults to the Node socket (tests without a socket inject one). */
  socketAddress?: (c: Context) => string | undefined;
}

function nodeSocketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // not running on @hono/node-server
  }
}

async function readParams(c: Context, format: LogoutNotifyConfig['format']): Promise<Record<string, unknown>> {
  if (format === 'query') return c.req.query();
  const text = await c.req.text();
  if (format === 'form') return Object.fromEntries(new URLSearchParams(text));
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // falls through to the refusal
  }
  throw new NoticeError(400, 'bad_request', '请求内容不是 JSON 对象');
}

export function logoutNotifyRoutes(options: LogoutNotifyOptions): Hono {
  const { config } = options;
  const now = options.now ?? Date.now;
  const replay = options.replayStore ?? createMemoryReplayCache({ now });
  const allowed = addressList(config.allowedIps);
  const proxies = addressList(config.trustedProxies);
  const verify = createNoticeVerifier(config, now);
  const socketAddress = options.socketAddress ?? nodeSocketAddress;
  const endDeps: EndSessionsDeps = { sessions: options.sessions, hub: options.hub, userKeyOf: options.userKeyOf };
  if (options.revokeTokens) endDeps.revokeTokens = options.revokeTokens;

  const handle = async (c: Context): Promise<Response> => {
    c.header('Cache-Control', 'no-store');
    const sender = senderAddress(socketAddress(c), c.req.header('X-Forwarded-For'), proxies);
    if (allowed.size > 0 && (sender === undefined || !allowed.has(sender))) {
      options.logger?.warn({ sender }, 'logout notice from an address not allowed');
      return c.json(errorBody('forbidden', '来源地址不在允许列表中'), 403);
    }
    try {
      const notice = verify(await readParams(c, config.format));
      const replayKey = `notify:${config.issuer}:${notice.replayKey}`;
      if (await replay.seen(replayKey)) throw new NoticeError(400, 'replayed', '重复的通知');
      const ended = await options.sessions.deleteBySubject(config.issuer, notice.userId);
      await endSessions(endDeps, ended, 'logout-notify');
      // Past the window the timestamp check refuses the notice anyway; remember it until then.
      await replay.remember(replayKey, notice.timestampMs + config.maxSkewSeconds * 1000 - now() + 1000);
      options.logger?.info({ sessions: ended.length }, 'logout notice accepted');
      return c.body(config.successBody, 200, { 'Content-Type': config.successContentType });
    } catch (error) {
      if (error instanceof NoticeError) {
        options.logger?.warn({ code: error.code, sender }, 'logout notice refused');
        return c.json(errorBody(error.code, error.message), error.status);
      }
      options.logger?.error({ err: error }, 'logout notice failed');
      return c.json(errorBody('logout_failed', '退出处理失败，请稍后重试'), 500);
    }
  };

  const app = new Hono();
  const limit = bodyLimit({
    maxSize: 64 * 1024,
    onError: (c) => c.json(errorBody('payload_too_large', '提交的内容过大'), 413),
  });
  app.post('/logout-notify', limit, handle);
  // A query-string notice may come as a GET (server to server, authenticated like any other).
  if (config.format === 'query') app.get('/logout-notify', handle);
  return app;
}
