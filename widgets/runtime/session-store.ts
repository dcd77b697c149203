import { BffError, getBffClient } from './bff-client.js';
import { getEventStream } from './event-stream.js';
import { shared } from './global.js';
import { broadcast, onBroadcast } from './tab-group.js';

export interface SessionUser {
  /** Masked by the BFF, e.g. 张*三 */
  displayName: string;
  /** 自然人 / 法人 */
  userType: 'natural' | 'legal';
  /** 注册 / 实名 */
  level: 'registered' | 'realname';
  /** The platform's 实名等级 number */
  realNameLevel?: number;
  maskedId?: string;
  maskedMobile?: string;
  /** 法人: organisation name, 统一社会信用代码 (masked), 经办人 */
  orgName?: string;
  creditCode?: string;
  agentName?: string;
}

export interface SessionState {
  status: 'unknown' | 'anonymous' | 'authenticated' | 'error';
  user?: SessionUser;
  /** Where `POST` logs this session out (`/auth/logout?sid=…`), as the BFF gave it. */
  logoutUrl?: string;
  /** True when the session ended outside this page's own logout (SSE notice, another site). */
  loggedOutElsewhere?: boolean;
}

/** `user`: this tab group logged out; `elsewhere`: the BFF said so (single logout); `expired`. */
export type LogoutReason = 'user' | 'elsewhere' | 'expired';

export type SessionListener = (state: SessionState) => void;

export interface SessionStore {
  readonly state: SessionState;
  /** Calls `listener` at once with the current state, then on every change. */
  subscribe(listener: SessionListener): () => void;
  /** Asks the BFF (`GET /auth/session`); concurrent calls share one request. */
  refresh(): Promise<SessionState>;
  markLoggedOut(reason: LogoutReason): void;
}

/** What `GET /auth/session` answers (bff/auth/routes.ts). */
interface SessionResponse {
  authenticated?: boolean;
  user?: SessionUser;
  logoutUrl?: string;
}

export function createSessionStore(): SessionStore {
  const listeners = new Set<SessionListener>();
  let state: SessionState = { status: 'unknown' };
  let pending: Promise<SessionState> | undefined;
  let stopEvents: (() => void)[] = [];

  const set = (next: SessionState, fromPeer = false): SessionState => {
    if (JSON.stringify(next) === JSON.stringify(state)) return state;
    state = next;
    if (!fromPeer) broadcast('session', { state });
    // Only a signed-in page needs the stream; anonymous visitors open no connection at all.
    // `resync` means events may have been missed, so ask again.
    if (next.status === 'authenticated' && !stopEvents[0]) {
      const events = getEventStream();
      stopEvents = [
        events.subscribe('logout', () => store.markLoggedOut('elsewhere')),
        events.subscribe('resync', () => void store.refresh()),
      ];
    } else if (next.status === 'anonymous') {
      stopEvents.forEach((stop) => stop());
      stopEvents = [];
    }
    listeners.forEach((listener) => listener(state));
    return state;
  };

  const store: SessionStore = {
    get state() {
      return state;
    },
    subscribe(listener) {
      listeners.add(listener);
      listener(state);
      return () => void listeners.delete(listener);
    },
    refresh() {
      return (pending ??= getBffClient()
        .get<SessionResponse>('/auth/session')
        .then(
          (body) =>
            set(
              body?.authenticated && body.user
                ? { status: 'authenticated', user: body.user, logoutUrl: body.logoutUrl }
                : { status: 'anonymous' },
            ),
          (error: unknown) =>
            set(
              error instanceof BffError && error.status === 401
                ? { status: 'anonymous' }
                : { ...state, status: 'error' },
            ),
        )
        .finally(() => (pending = undefined)));
    },
    markLoggedOut(reason) {
      set({ status: 'anonymous', loggedOutElsewhere: reason !== 'user' });
    },
  };
  onBroadcast('session', (m) => set(m.state as SessionState, true));
  return store;
}

export function getSessionStore(): SessionStore {
  return shared('session', createSessionStore);
}
