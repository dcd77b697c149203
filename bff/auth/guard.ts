/**
 * The one guard every API uses for the user levels of §6.1: anonymous, registered (注册用户),
 * real-name authenticated (实名用户). The session is looked up once per request by the
 * `sessionContext` middleware mounted in app.ts; the guard only reads it, so an API cannot
 * forget how sessions work, only whether it needs one.
 *
 *   app.get('/api/v1/cases', requireUser(), handler)                     // any logged-in user
 *   app.post('/api/v1/evaluations', requireUser({ level: 'realname' }), handler)
 */
import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../http/errors.js';
import type { SessionRecord, SessionUser } from './session-store/types.js';

export type UserLevel = 'registered' | 'realname';

/** Per-request access to the caller's session (lazy: only requests that ask pay for the lookup). */
export interface RequestAuth {
  session(): Promise<SessionRecord | undefined>;
  levelOf(user: SessionUser): UserLevel;
}

export type AuthVariables = {
  auth: RequestAuth;
  /** Set by requireUser. */
  user: SessionUser;
  session: SessionRecord;
};
export type AuthEnv = { Variables: AuthVariables };

export const unauthenticatedError = (): AppError => new AppError(401, 'unauthenticated', '请先登录');
export const insufficientLevelError = (): AppError => new AppError(403, 'insufficient_level', '该服务需要实名认证');

export function requireUser(options: { level?: UserLevel } = {}): MiddlewareHandler<AuthEnv> {
  return async function requireUserMiddleware(c, next) {
    // Missing when the app was built without the identity area: nobody is logged in then.
    const auth = (c as Context<AuthEnv>).get('auth') as RequestAuth | undefined;
    const session = await auth?.session();
    if (!auth || !session) throw unauthenticatedError();
    if (options.level === 'realname' && auth.levelOf(session.user) !== 'realname') throw insufficientLevelError();
    c.set('session', session);
    c.set('user', session.user);
    await next();
  };
}
