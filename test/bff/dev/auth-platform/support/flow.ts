/** Starts a platform on a random port and drives the BFF's code + PKCE flow against it with openid-client. */
import * as oidc from 'openid-client';
import { DEMO_PASSWORD } from '../../../../../bff/dev/auth-platform/accounts.js';
import {
  BFF_CLIENT_ID,
  DEFAULT_BFF_CLIENT_SECRET,
  defaultDevClients,
} from '../../../../../bff/dev/auth-platform/clients.js';
import { startDevAuthPlatform, type DevAuthPlatform } from '../../../../../bff/dev/auth-platform/start.js';
import { consoleLogger } from '../../../../../bff/dev/auth-platform/logger.js';
import { AuthTestBrowser, formAction, type Page } from '../../../auth/support/browser.js';

/** Nothing listens here in most tests: the flow stops at the redirect to the callback. */
export const FAKE_BFF = 'http://127.0.0.1:9/govdock';
export const DEPT_APP = 'http://127.0.0.1:9/dept-app';

export async function startTestPlatform(bffBaseUrl = FAKE_BFF): Promise<DevAuthPlatform> {
  return startDevAuthPlatform({
    logger: process.env.AUTH_PLATFORM_DEBUG ? consoleLogger : undefined,
    port: 0,
    clients: defaultDevClients({ bffBaseUrl, deptAppUrl: DEPT_APP }),
  });
}

/** The BFF's view of the platform: discovery over plain http (loopback dev only). */
export async function bffClient(issuer: string): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(issuer), BFF_CLIENT_ID, DEFAULT_BFF_CLIENT_SECRET, undefined, {
    execute: [oidc.allowInsecureRequests],
  });
}

export interface PendingLogin {
  url: URL;
  verifier: string;
  state: string;
  nonce: string;
}

export async function authorizationRequest(
  config: oidc.Configuration,
  redirectUri: string,
  extra: Record<string, string> = {},
): Promise<PendingLogin> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile govdock',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  return { url, verifier, state, nonce };
}

/** Opens the login page, submits the credentials, and returns where the platform sent the browser. */
export async function submitLogin(
  browser: AuthTestBrowser,
  pending: PendingLogin,
  username: string,
  password = DEMO_PASSWORD,
): Promise<Page> {
  const page = await browser.navigate(pending.url);
  if (page.response.status !== 200) throw new Error(`login page answered ${page.response.status}`);
  return browser.submit(formAction(page.body, '/login'), { username, password });
}

export async function exchangeCode(config: oidc.Configuration, callback: URL, pending: PendingLogin) {
  return oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: pending.verifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
  });
}

/** A full BFF login for `username`: returns the token response and the browser holding the platform session. */
export async function logInThroughBff(issuer: string, username: string, bffBaseUrl = FAKE_BFF) {
  const config = await bffClient(issuer);
  const browser = new AuthTestBrowser(issuer);
  const pending = await authorizationRequest(config, `${bffBaseUrl}/auth/callback`);
  const result = await submitLogin(browser, pending, username);
  if (!result.next) throw new Error(`login did not redirect to the client: ${result.response.status}`);
  const tokens = await exchangeCode(config, result.next, pending);
  return { config, browser, tokens };
}
