/**
 * POST /auth/backchannel-logout — the OpenID Connect Back-Channel Logout 1.0 receiver (issue 3,
 * point 5 "theirs"; anchors §4.1, §10). The OP posts a signed Logout Token; we end the named
 * sessions and broadcast `logout` to the user's widgets everywhere (end-sessions.ts).
 *
 * Mount with `app.route('/auth', backchannelLogoutRoutes(…))`.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import type { EventHub } from '../../events/hub.js';
import type { Logger } from '../../observability/logger.js';
import { endSessions, type EndSessionsDeps } from '../end-sessions.js';
import type { SessionStore } from '../session-store/types.js';
import { createMemoryReplayCache, type ReplayCache } from './replay-cache.js';
import { createLogoutTokenVerifier, LogoutTokenError } from './verify-logout-token.js';

export interface BackchannelLogoutOptions {
  sessions: SessionStore;
  hub: EventHub;
  userKeyOf: (issuer: string, subject: string) => string;
  revokeTokens?: EndSessionsDeps['revokeTokens'];
  /** The OP's issuer identifier, compared exactly with `iss`. */
  issuer: string;
  /** Our client_id at the OP: must be in `aud`. */
  clientId: string;
  /**
   * The OP's jwks_uri (static config), or a function resolving it (lazy discovery: the platform may
   * be down at start-up; a failed lookup is retried on the next token). Cached, refetched on an
   * unknown kid no more often than jwksCooldownMs.
   */
  jwksUri?: string | (() => Promise<string | undefined>);
  /** Or a ready key resolver (tests, a JWKS shared with the login code). Wins over jwksUri. */
  jwks?: JWTVerifyGetKey;
  /** Minimum time between JWKS refetches on an unknown kid (jose's cooldown, default 30 s). */
  jwksCooldownMs?: number;
  clockSkewSeconds?: number;
  /** `jti` cache; pass a Redis-backed one when several BFF instances receive logouts. */
  replayStore?: ReplayCache;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  now?: () => number;
}

const FORM = 'application/x-www-form-urlencoded';

function remoteKeys(uri: BackchannelLogoutOptions['jwksUri'], cooldownMs: number | undefined): JWTVerifyGetKey {
  if (!uri) throw new Error('backchannelLogoutRoutes needs jwksUri or jwks');
  const build = (value: string): JWTVerifyGetKey =>
    createRemoteJWKSet(new URL(value), cooldownMs === undefined ? {} : { cooldownDuration: cooldownMs });
  if (typeof uri === 'string') return build(uri);
  let remote: Promise<JWTVerifyGetKey> | undefined;
  return async (header, token) => {
    remote ??= uri().then((value) => {
      if (!value) throw new Error('the platform publishes no jwks_uri');
      return build(value);
    });
    // Forget a failed lookup so the next token tries again.
    const keys = await remote.catch((error: unknown) => {
      remote = undefined;
      throw error;
    });
    return keys(header, token);
  };
}

export function backchannelLogoutRoutes(options: BackchannelLogoutOptions): Hono {
  const skew = options.clockSkewSeconds ?? 60;
  const now = options.now ?? Date.now;
  const replay = options.replayStore ?? createMemoryReplayCache({ now });
  const keys = options.jwks ?? remoteKeys(options.jwksUri, options.jwksCooldownMs);
  const verify = createLogoutTokenVerifier({
    issuer: options.issuer,
    clientId: options.clientId,
    keys,
    clockSkewSeconds: skew,
    now,
  });
  const endDeps: EndSessionsDeps = { sessions: options.sessions, hub: options.hub, userKeyOf: options.userKeyOf };
  if (options.revokeTokens) endDeps.revokeTokens = options.revokeTokens;

  const app = new Hono();
  // §2.8: Cache-Control: no-store on every answer, refusals and 405s included.
  app.use('/backchannel-logout', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  const refuse = (description: string) =>
    new Response(JSON.stringify({ error: 'invalid_request', error_description: description }), {
      status: 400,
      headers: { 'Content-Type': 'application/json; charset=UTF-8' },
    });

  app.post(
    '/backchannel-logout',
    bodyLimit({ maxSize: 64 * 1024, onError: () => refuse('request body too large') }),
    async (c) => {
      const started = now();
      // §2.5: a form POST; other parameters are ignored.
      if (!(c.req.header('Content-Type') ?? '').toLowerCase().startsWith(FORM)) {
        options.logger?.warn({ contentType: c.req.header('Content-Type') }, 'back-channel logout: not a form post');
        return refuse(`content type must be ${FORM}`);
      }
      const token = new URLSearchParams(await c.req.text()).get('logout_token');
      if (!token) return refuse('logout_token missing');

      try {
        const claims = await verify(token);
        const replayKey = `bcl:${claims.iss}:${claims.jti}`;
        if (await replay.seen(replayKey)) throw new LogoutTokenError('logout token already used (jti replay)');
        // §2.7: a sid names one session; a sub alone means every session of that user at this OP.
        const ended = claims.sid
          ? await options.sessions.deleteBySid(claims.iss, claims.sid)
          : await options.sessions.deleteBySubject(claims.iss, claims.sub as string);
        await endSessions(endDeps, ended, 'backchannel');
        // Written only after the revocation succeeded, so an OP retry after a failure still works
        // (anchors §10); kept until the token could no longer pass the exp check anyway.
        await replay.remember(replayKey, claims.exp * 1000 + skew * 1000 - now() + 1000);
        options.logger?.info(
          { sessions: ended.length, bySid: claims.sid !== undefined, ms: now() - started },
          'back-channel logout accepted',
        );
        // §2.8: 200 even when no session matched (the user was already logged out).
        return c.body(null, 200);
      } catch (error) {
        if (error instanceof LogoutTokenError) {
          options.logger?.warn({ reason: error.message }, 'back-channel logout refused');
          return refuse(error.message);
        }
        // §2.8: "or the logout failed" is a 400 too; the OP may retry (the jti was not recorded).
        options.logger?.error({ err: error }, 'back-channel logout failed');
        return refuse('logout failed');
      }
    },
  );
  // A misregistered URI shows up as a clear 405, not a silent 404 (anchors §11.13).
  app.all('/backchannel-logout', (c) => {
    options.logger?.warn({ method: c.req.method }, 'back-channel logout: wrong method');
    c.header('Allow', 'POST');
    return c.json({ error: 'invalid_request', error_description: 'use POST' }, 405);
  });
  return app;
}
