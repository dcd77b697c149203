/** Client registrations for the development platform: the GovDock BFF and a department SPA. */
import type { ClientMetadata } from 'oidc-provider';
import { GOVDOCK_SCOPE } from './claims.js';

/**
 * A client registration. `first_party: true` means the platform grants consent itself (our own
 * sites); other clients see the 授权 page. `return_origins`: where the client sends the browser
 * after its callback when that is not the callback's own origin (a cross-site BFF returns to the
 * site pages); the login page's CSP `form-action` must allow them, since Chromium applies it to
 * every redirect after the login form. Both are ours, removed before oidc-provider sees the client.
 */
export interface DevClient extends ClientMetadata {
  first_party?: boolean;
  return_origins?: string[];
}

/** One site of the BFF (config `sites`, bff/auth/sites.ts): what the platform registers for it. */
export interface DevBffSite {
  redirectUri: string;
  postLogoutRedirectUri: string;
}

export interface DefaultDevClientsOptions {
  /** The BFF's external base, e.g. `http://127.0.0.1:8787/govdock` (no trailing slash needed). */
  bffBaseUrl: string;
  /** Where the department SPA (oidc-client-ts) runs, e.g. `http://127.0.0.1:5173/dept-app`. */
  deptAppUrl: string;
  /** Defaults to a fixed development secret; `npm start` may pass one from its secrets file. */
  bffClientSecret?: string;
  /** Every site the BFF serves, registered besides `${bffBaseUrl}/auth/callback` and `${bffBaseUrl}/`. */
  bffSites?: readonly DevBffSite[];
  /** Origins the BFF returns the browser to besides its sites (cross-site mode: allowedOrigins). */
  bffReturnOrigins?: readonly string[];
}

export const BFF_CLIENT_ID = 'govdock-bff';
export const DEPT_APP_CLIENT_ID = 'govdock-dept-app';
/** Development only; the platform never runs outside loopback. */
export const DEFAULT_BFF_CLIENT_SECRET = 'govdock-dev-secret-not-for-production';

const SCOPE = `openid offline_access profile phone ${GOVDOCK_SCOPE}`;

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export function defaultDevClients(options: DefaultDevClientsOptions): DevClient[] {
  const bff = trimSlash(options.bffBaseUrl);
  const dept = trimSlash(options.deptAppUrl);
  const sites = options.bffSites ?? [];
  const unique = (values: string[]): string[] => [...new Set(values)];
  return [
    {
      client_id: BFF_CLIENT_ID,
      client_name: 'GovDock 政务服务',
      client_secret: options.bffClientSecret ?? DEFAULT_BFF_CLIENT_SECRET,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: unique([`${bff}/auth/callback`, ...sites.map((site) => site.redirectUri)]),
      post_logout_redirect_uris: unique([`${bff}/`, ...sites.map((site) => site.postLogoutRedirectUri)]),
      backchannel_logout_uri: `${bff}/auth/backchannel-logout`,
      backchannel_logout_session_required: true,
      scope: SCOPE,
      first_party: true,
      ...(options.bffReturnOrigins?.length ? { return_origins: [...options.bffReturnOrigins] } : {}),
    },
    {
      client_id: DEPT_APP_CLIENT_ID,
      client_name: '部门业务系统（演示）',
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [`${dept}/`, `${dept}/callback`, `${dept}/silent-callback`],
      post_logout_redirect_uris: [`${dept}/`],
      scope: SCOPE,
      first_party: true,
    },
  ];
}
