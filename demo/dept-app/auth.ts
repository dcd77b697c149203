/**
 * The department app's OIDC client: oidc-client-ts against the development unified-auth platform,
 * as the public client `govdock-dept-app` (code + PKCE, no secret). It lives only in this demo app;
 * the GovDock widgets never load it.
 *
 * The platform issuer: `?issuer=<origin>` (loopback origins only: the development platform listens
 * on loopback and nothing else may take a visitor's login), kept for the tab in sessionStorage so it
 * survives the round trips to the platform; otherwise `npm start`'s default, port 8788 on this host.
 */
import { UserManager, WebStorageStateStore, type StateStore, type User } from 'oidc-client-ts';

export const CLIENT_ID = 'govdock-dept-app';
/** Registered at the platform for this client (bff/dev/auth-platform/clients.ts: `${dept}/`). */
export const APP_PATH = '/dept-app/';
const DEFAULT_PLATFORM_PORT = 8788;
const ISSUER_KEY = 'govdock-dept-app:issuer';
const LOOPBACK_HOST = /^(127(?:\.\d{1,3}){3}|\[::1\]|localhost)$/;

/** A loopback http(s) origin, or undefined. */
export function loopbackOrigin(value: string | null): string | undefined {
  if (!value || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (!LOOPBACK_HOST.test(url.hostname) || url.pathname !== '/' || url.search || url.hash) return undefined;
  return url.origin;
}

export function resolveIssuer(location: Location, storage: Storage): string {
  const fromQuery = loopbackOrigin(new URLSearchParams(location.search).get('issuer'));
  if (fromQuery) storage.setItem(ISSUER_KEY, fromQuery);
  return (
    fromQuery ??
    loopbackOrigin(storage.getItem(ISSUER_KEY)) ??
    `${location.protocol}//${location.hostname}:${DEFAULT_PLATFORM_PORT}`
  );
}

/** Claims this app never shows, so it never keeps them either (the platform sends them with `govdock`). */
const DROPPED_CLAIMS = ['id_number', 'id_type', 'phone_number'];

/** oidc-client-ts keeps the signed-in user in sessionStorage; this drops the claims above first. */
class MinimalUserStore implements StateStore {
  private readonly inner = new WebStorageStateStore({ store: window.sessionStorage });

  async set(key: string, value: string): Promise<void> {
    const data = JSON.parse(value) as { profile?: Record<string, unknown> };
    for (const claim of DROPPED_CLAIMS) delete data.profile?.[claim];
    return this.inner.set(key, JSON.stringify(data));
  }
  get(key: string): Promise<string | null> {
    return this.inner.get(key);
  }
  remove(key: string): Promise<string | null> {
    return this.inner.remove(key);
  }
  getAllKeys(): Promise<string[]> {
    return this.inner.getAllKeys();
  }
}

export function createUserManager(issuer: string): UserManager {
  const appUrl = `${location.origin}${APP_PATH}`;
  return new UserManager({
    authority: issuer,
    client_id: CLIENT_ID,
    redirect_uri: appUrl,
    post_logout_redirect_uri: appUrl,
    response_type: 'code',
    scope: 'openid profile govdock',
    // The ID token carries no personal data; name and 自然人/法人 come from userinfo.
    loadUserInfo: true,
    // Both would use hidden iframes, which third-party cookie blocking breaks; see main.ts instead.
    automaticSilentRenew: false,
    monitorSession: false,
    userStore: new MinimalUserStore(),
  });
}

/**
 * Whether the platform still accepts the user's access token. A global logout at the platform
 * revokes the tokens of every application in that session, so this notices a logout that happened
 * elsewhere without an iframe. `undefined`: could not tell (network trouble) — keep the user.
 * The userinfo address comes from the manager's discovery document, fetched once per page.
 */
export async function tokenStillAccepted(manager: UserManager, user: User): Promise<boolean | undefined> {
  if (user.expired) return false;
  try {
    const endpoint = await manager.metadataService.getUserInfoEndpoint();
    const response = await fetch(endpoint, {
      headers: { Authorization: `Bearer ${user.access_token}` },
      // Always the platform's answer now, never a cached one.
      cache: 'no-store',
    });
    if (response.ok) return true;
    return response.status === 401 ? false : undefined;
  } catch {
    return undefined;
  }
}
