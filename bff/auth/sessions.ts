/**
 * Session lifecycle on top of the SessionStore: a fresh opaque id at every login (fixation),
 * idle and absolute expiry, a throttled "last seen" touch, and single-flight token refresh
 * (anchors §11.2: parallel refreshes with one-time refresh tokens kill sessions): coalesced
 * in-process, and serialised across BFF instances by a RefreshLock (Redis when sessions are shared).
 */
import { randomBytes } from 'node:crypto';
import type { EventHub } from '../events/hub.js';
import type { Logger } from '../observability/logger.js';
import { endSessions } from './end-sessions.js';
import { RefreshRefusedError, type AuthProvider, type CodeExchange } from './providers/types.js';
import { createLocalRefreshLock, type RefreshLock } from './refresh-lock.js';
import type { SessionRecord, SessionStore, SessionUser } from './session-store/types.js';
import { userKeyOf } from './user-key.js';

export interface SessionServiceOptions {
  store: SessionStore;
  provider: AuthProvider;
  hub: EventHub;
  logger: Logger;
  piiHashKey: string;
  idleMs: number;
  absoluteMs: number;
  refreshLeewayMs: number;
  /** Writes of lastSeenAt are throttled to one per this interval (default 1 min). */
  touchIntervalMs?: number;
  /** Serialises refreshes of one session across instances; default in-process (one BFF process). */
  refreshLock?: RefreshLock;
  /**
   * How long a request waits for another instance's refresh before serving the session as it is
   * (default 10 s). Wall-clock, not `now`: the lock lives in real time.
   */
  refreshWaitMs?: number;
  now?: () => number;
}

export interface SessionService {
  create(exchange: CodeExchange, user: SessionUser): Promise<SessionRecord>;
  /** The live session for a cookie value, or undefined (unknown, expired, refresh refused). */
  resolve(id: string): Promise<SessionRecord | undefined>;
  /** Deletes the session; publishes `logout` to the user's streams when it was their last one, else `resync`. */
  end(id: string, reason: string): Promise<SessionRecord | undefined>;
  /**
   * Our logout (POST /auth/logout): the session and every other session of the same platform
   * session — the user's other sites in this browser, which logged in through the same platform
   * login (same issuer and `sid`) — end now, not only when the platform's back-channel comes
   * (it may never: "仅退出", a platform without back-channel). Other browsers keep theirs.
   */
  logout(id: string): Promise<{ ended: SessionRecord; siblings: SessionRecord[] } | undefined>;
  /** Deletes without telling anyone: a pre-login session replaced at login (fixation defence). */
  discard(id: string): Promise<void>;
  userKey(record: Pick<SessionRecord, 'issuer' | 'subject'>): string;
}

/** 256 random bits, base64url: the only thing the browser ever holds. */
const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function isSessionId(value: string | undefined): value is string {
  return value !== undefined && SESSION_ID_PATTERN.test(value);
}

export function createSessionService(options: SessionServiceOptions): SessionService {
  const { store, provider, hub, logger, piiHashKey } = options;
  const now = options.now ?? Date.now;
  const touchIntervalMs = options.touchIntervalMs ?? 60_000;
  const refreshing = new Map<string, Promise<SessionRecord | undefined>>();
  const lock = options.refreshLock ?? createLocalRefreshLock();
  const refreshWaitMs = options.refreshWaitMs ?? 10_000;
  const userKey = (record: Pick<SessionRecord, 'issuer' | 'subject'>): string =>
    userKeyOf(record.issuer, record.subject, piiHashKey);

  /** `logout` goes to the user's streams (all sites, all tabs) only when no session of theirs is left. */
  const announce = (records: SessionRecord[], reason: string) =>
    endSessions(
      { sessions: store, hub, userKeyOf: (issuer, subject) => userKey({ issuer, subject }) },
      records,
      reason,
    );

  async function end(id: string, reason: string): Promise<SessionRecord | undefined> {
    const removed = await store.delete(id);
    if (removed) await announce([removed], reason);
    return removed;
  }

  const nearExpiry = (record: SessionRecord): boolean =>
    record.tokens.expiresAt !== undefined && record.tokens.expiresAt - now() <= options.refreshLeewayMs;

  /** Only while holding the lock for `id`. */
  async function refreshHeld(id: string): Promise<SessionRecord | undefined> {
    // Re-read: a request that loaded the record just before another one's refresh finished
    // would otherwise spend the already-rotated refresh token and end a healthy session.
    const record = await store.get(id);
    if (!record || !nearExpiry(record)) return record;
    try {
      const tokens = await provider.refresh(record.tokens);
      const next: SessionRecord = { ...record, tokens };
      await store.update(next);
      return next;
    } catch (error) {
      if (error instanceof RefreshRefusedError) {
        logger.info({ reason: error.message }, 'token refresh refused; session ended');
        await end(record.id, 'expired');
        return undefined;
      }
      // The platform is unreachable: keep the session; the next request tries again.
      logger.warn({ err: error }, 'token refresh failed');
      return record;
    }
  }

  /**
   * One caller at a time calls the platform; the others wait for its release and re-read what it
   * wrote (refreshed, or gone after a refusal). When the session is still near expiry after a
   * release (the holder failed transiently or died and its lock lapsed), the next waiter tries.
   */
  async function refresh(id: string): Promise<SessionRecord | undefined> {
    const deadline = performance.now() + refreshWaitMs;
    for (;;) {
      const lease = await lock.tryAcquire(id);
      if (lease) {
        try {
          return await refreshHeld(id);
        } finally {
          // Best effort: a lock not released lapses after its TTL.
          await lease.release().catch((error: unknown) => logger.warn({ err: error }, 'refresh lock not released'));
        }
      }
      const left = deadline - performance.now();
      const released = left > 0 && (await lock.waitForRelease(id, left));
      const record = await store.get(id);
      // Still near expiry after waiting too long: serve it as it is and let a later request retry.
      if (!record || !nearExpiry(record) || !released) return record;
    }
  }

  function refreshOnce(record: SessionRecord): Promise<SessionRecord | undefined> {
    let pending = refreshing.get(record.id);
    if (!pending) {
      pending = refresh(record.id).finally(() => refreshing.delete(record.id));
      refreshing.set(record.id, pending);
    }
    return pending;
  }

  return {
    userKey,
    end,

    async logout(id) {
      if (!isSessionId(id)) return undefined;
      const ended = await store.delete(id);
      if (!ended) return undefined;
      const siblings = ended.sid === undefined ? [] : await store.deleteBySid(ended.issuer, ended.sid);
      await announce([ended, ...siblings], 'logout');
      return { ended, siblings };
    },

    async discard(id) {
      if (isSessionId(id)) await store.delete(id);
    },

    async create(exchange, user) {
      const at = now();
      const record: SessionRecord = {
        id: randomBytes(32).toString('base64url'),
        issuer: provider.issuer,
        subject: exchange.subject,
        user,
        tokens: exchange.tokens,
        createdAt: at,
        lastSeenAt: at,
        idleExpiresAt: Math.min(at + options.idleMs, at + options.absoluteMs),
        expiresAt: at + options.absoluteMs,
      };
      if (exchange.sid !== undefined) record.sid = exchange.sid;
      await store.create(record);
      return record;
    },

    async resolve(id) {
      if (!isSessionId(id)) return undefined;
      let record = await store.get(id);
      if (!record) return undefined;
      const at = now();
      if (at >= record.expiresAt || at >= record.idleExpiresAt) {
        await end(record.id, 'expired');
        return undefined;
      }
      if (nearExpiry(record)) {
        record = await refreshOnce(record);
        if (!record) return undefined;
      }
      if (at - record.lastSeenAt >= touchIntervalMs) {
        record = { ...record, lastSeenAt: at, idleExpiresAt: Math.min(at + options.idleMs, record.expiresAt) };
        await store.update(record);
      }
      return record;
    },
  };
}
