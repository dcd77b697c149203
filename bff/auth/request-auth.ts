/**
 * Per-request session lookup, memoised: the guard, /auth/session and the SSE stream all ask
 * "who is this?" and the store is read once per request at most.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { readSessionCookie } from './cookies.js';
import type { AuthEnv, RequestAuth, UserLevel } from './guard.js';
import type { SessionService } from './sessions.js';
import type { SessionUser } from './session-store/types.js';

export function levelOf(user: SessionUser, realNameMinLevel: number): UserLevel {
  return user.realNameLevel >= realNameMinLevel ? 'realname' : 'registered';
}

export function createRequestAuth(c: Context, sessions: SessionService, realNameMinLevel: number): RequestAuth {
  let pending: ReturnType<RequestAuth['session']> | undefined;
  return {
    session: () => {
      const id = readSessionCookie(c);
      return (pending ??= id === undefined ? Promise.resolve(undefined) : sessions.resolve(id));
    },
    levelOf: (user) => levelOf(user, realNameMinLevel),
  };
}

/** App-level middleware: makes `c.var.auth` available to every route (requireUser reads it). */
export function sessionContext(sessions: SessionService, realNameMinLevel: number): MiddlewareHandler {
  return async function sessionContextMiddleware(c, next) {
    (c as Context<AuthEnv>).set('auth', createRequestAuth(c, sessions, realNameMinLevel));
    await next();
  };
}

/** The request's RequestAuth, created on first use where the middleware did not run. */
export function requestAuthOf(c: Context, sessions: SessionService, realNameMinLevel: number): RequestAuth {
  const typed = c as Context<AuthEnv>;
  const existing = typed.get('auth') as RequestAuth | undefined;
  if (existing) return existing;
  const created = createRequestAuth(c, sessions, realNameMinLevel);
  typed.set('auth', created);
  return created;
}
