/**
 * The platform-to-BFF logout receivers (built in backchannel/ and logout-notify/), wired to this
 * area's provider, session store and user key. Their sessions end through end-sessions.ts, which
 * publishes `logout` to every stream of the user.
 */
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import type { Hono } from 'hono';
import type { EventHub } from '../events/hub.js';
import type { Logger } from '../observability/logger.js';
import { createMemoryReplayCache, type ReplayCache } from './backchannel/replay-cache.js';
import { backchannelLogoutRoutes } from './backchannel/routes.js';
import type { AuthConfig } from './config.js';
import { logoutNotifyRoutes } from './logout-notify/routes.js';
import type { AuthProvider } from './providers/types.js';
import type { SessionStore } from './session-store/types.js';

export interface ReceiverDeps {
  auth: AuthConfig;
  provider: AuthProvider;
  sessions: SessionStore;
  hub: EventHub;
  logger: Logger;
  userKeyOf: (issuer: string, subject: string) => string;
  /** Shared by both receivers (keys are namespaced `bcl:` / `notify:`); Redis-backed when scaled out. */
  replayCache?: ReplayCache;
}

/**
 * The JWKS is known only after discovery, which is lazy (the platform may be down at start-up),
 * so the key resolver looks it up on first use and keeps jose's cached remote set afterwards.
 */
function lazyRemoteJwks(provider: AuthProvider): JWTVerifyGetKey {
  let remote: Promise<JWTVerifyGetKey> | undefined;
  const load = async (): Promise<JWTVerifyGetKey> => {
    const uri = await provider.jwksUri?.();
    if (!uri) throw new Error('the platform publishes no jwks_uri');
    return createRemoteJWKSet(new URL(uri));
  };
  return async (header, token) => {
    const keys = await (remote ??= load().catch((error: unknown) => {
      remote = undefined;
      throw error;
    }));
    return keys(header, token);
  };
}

export function logoutReceivers(deps: ReceiverDeps): Hono[] {
  const { auth, provider, sessions, hub, logger, userKeyOf } = deps;
  const revokeTokens = async (record: { tokens: Parameters<AuthProvider['revoke']>[0] }): Promise<void> =>
    provider.revoke(record.tokens);
  const replayStore = deps.replayCache ?? createMemoryReplayCache();
  const receivers: Hono[] = [];
  if (auth.dialect === 'oidc') {
    receivers.push(
      backchannelLogoutRoutes({
        sessions,
        hub,
        userKeyOf,
        revokeTokens,
        issuer: provider.issuer,
        clientId: auth.clientId,
        jwks: lazyRemoteJwks(provider),
        jwksCooldownMs: auth.backchannel.jwksCooldownSeconds * 1000,
        clockSkewSeconds: auth.backchannel.clockSkewSeconds,
        replayStore,
        logger,
      }),
    );
  }
  if (auth.logoutNotify) {
    receivers.push(
      logoutNotifyRoutes({
        config: auth.logoutNotify,
        sessions,
        hub,
        userKeyOf,
        revokeTokens,
        replayStore,
        logger,
      }),
    );
  }
  return receivers;
}
