/**
 * The broadcast half of single logout (issue 3, point 5): after sessions were deleted (a logout
 * receiver's SessionStore.deleteBy…, our own logout, an expiry), tell every open widget of each
 * affected user — on every site, in every tab, through any BFF instance (the hub is Redis-backed
 * when scaled out) — to switch to logged out. One event per user, not per session: one SSE stream
 * serves all of a user's widgets.
 */
import type { EventHub } from '../events/hub.js';
import type { SessionRecord, SessionStore } from './session-store/types.js';

export type LogoutReason = 'backchannel' | 'logout-notify' | 'logout' | 'expired' | (string & {});

export interface EndSessionsDeps {
  /**
   * When given, a user who still has another live session (a sid-only back-channel logout of one
   * browser) gets `resync` instead of `logout`: `logout` reaches all of a user's streams and would
   * sign out widgets whose session is still valid, while `resync` makes each of them ask
   * /auth/session again, so the ones whose session just ended switch and the others stay.
   */
  sessions?: SessionStore;
  hub: EventHub;
  /** The per-user SSE key (bff/auth/user-key.ts, bound to the configured PII hash key). */
  userKeyOf: (issuer: string, subject: string) => string;
  /**
   * Revokes a session's refresh token at the platform. BCL 1.0 §2.7: refresh tokens issued without
   * offline_access SHOULD be revoked. Best effort: the session is already gone either way.
   */
  revokeTokens?: (record: SessionRecord) => Promise<void>;
}

export interface EndSessionsResult {
  /** The user keys a `logout` event was published for. */
  userKeys: string[];
  /** The user keys a `resync` event was published for (they still have another session). */
  resyncKeys: string[];
}

export async function endSessions(
  deps: EndSessionsDeps,
  records: readonly SessionRecord[],
  reason: LogoutReason,
): Promise<EndSessionsResult> {
  const users = new Map<string, SessionRecord>();
  for (const record of records) users.set(deps.userKeyOf(record.issuer, record.subject), record);
  const userKeys: string[] = [];
  const resyncKeys: string[] = [];
  for (const [userKey, record] of users) {
    const remaining = deps.sessions ? await deps.sessions.countBySubject(record.issuer, record.subject) : 0;
    (remaining === 0 ? userKeys : resyncKeys).push(userKey);
  }
  await Promise.all([
    ...userKeys.map((userKey) => deps.hub.publish({ type: 'logout', data: { reason }, userKey })),
    ...resyncKeys.map((userKey) => deps.hub.publish({ type: 'resync', data: null, userKey })),
  ]);
  if (deps.revokeTokens) {
    const revoke = deps.revokeTokens;
    await Promise.allSettled(records.map((record) => revoke(record)));
  }
  return { userKeys, resyncKeys };
}
