/**
 * The `oauth2` dialect through the BFF's real routes: the local Epoint and Zhejiang platforms on
 * loopback, the BFF configured only through loadConfig (AUTH_DIALECT=oauth2, AUTH_PROFILE, …),
 * and a fetch-driven browser from /auth/login to the host page and back out through /auth/logout.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { createApp } from '../../../bff/app.js';
import { composeBff } from '../../support/compose-bff.js';
import { FLOW_COOKIE_PREFIX, SESSION_COOKIE } from '../../../bff/auth/cookies.js';
import { shippedProfilePath } from '../../../bff/auth/providers/oauth2/load-profile.js';
import type { SessionStore } from '../../../bff/auth/session-store/types.js';
import { ConfigError, loadConfig } from '../../../bff/config.js';
import { startServer, type RunningServer } from '../../../bff/server.js';
import { migrate } from '../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../bff/store/store.js';
import { EPOINT_COMPANY, EPOINT_PERSON, startEpointPlatform, type EpointPlatform } from './oauth2/platforms/epoint.js';
import { startZhejiangPlatform, ZHEJIANG_PERSON, type ZhejiangPlatform } from './oauth2/platforms/zhejiang.js';
import { AuthTestBrowser, type Page } from './support/browser.js';
import { HOME, HOST_PAGE, HOST_SITE, PII_HASH_KEY } from './support/stack.js';

const CSRF = { 'X-CSRF': '1' } as const;
const EPOINT_CLIENT = { id: 'govdock-hlj', secret: 'epoint-secret-0001' };
const ZHEJIANG_CLIENT = { id: 'hzportal001', secret: 'zj-service-pwd' };

interface OAuth2Stack {
  bff: RunningServer;
  platformBaseUrl: string;
  sessions: SessionStore;
  newBrowser(): AuthTestBrowser;
  close(): Promise<void>;
}

/**
 * Like support/stack.ts, with a provincial platform instead of the OIDC one. The platform must
 * know the BFF's callback URL, so the BFF's server starts first and gets its app afterwards.
 */
async function startOAuth2Stack(
  startPlatform: (bffUrl: string) => Promise<{ baseUrl: string; close(): Promise<void> }>,
  environment: Record<string, string>,
): Promise<OAuth2Stack> {
  const store: Store = await openStore({ dataDir: 'memory://' });
  await migrate(store);
  const late: { app?: ReturnType<typeof createApp> } = {};
  const bff = await startServer(
    { fetch: (request) => (late.app ? late.app.fetch(request) : new Response('starting', { status: 503 })) },
    { host: '127.0.0.1', port: 0 },
  );
  const platform = await startPlatform(bff.url);
  // Configuration only: what an operator would put in the environment.
  const config = loadConfig({
    PUBLIC_BASE_URL: bff.url,
    AUTH_DIALECT: 'oauth2',
    AUTH_PROFILE_BASE_URL: platform.baseUrl,
    AUTH_RETURN_TO_ALLOWED: `${HOST_SITE}/zwfw/`,
    AUTH_HOME_URL: HOME,
    ...environment,
  });
  const { app, sessions } = composeBff({ config, store, piiHashKey: PII_HASH_KEY, heartbeatMs: 60_000 });
  late.app = app;
  return {
    bff,
    platformBaseUrl: platform.baseUrl,
    sessions,
    newBrowser: () => new AuthTestBrowser([bff.url, new URL(platform.baseUrl).origin]),
    async close() {
      await bff.close();
      await platform.close();
      await store.close();
    },
  };
}

const loginUrl = (stack: OAuth2Stack, returnTo = HOST_PAGE): URL => {
  const url = new URL('/auth/login', stack.bff.url);
  url.searchParams.set('return_to', returnTo);
  return url;
};

const isCallback = (stack: OAuth2Stack) => (url: URL) =>
  url.origin === stack.bff.url && url.pathname === '/auth/callback';

/** /auth/login → the platform's authorize → held just before /auth/callback. */
async function untilCallback(stack: OAuth2Stack, browser: AuthTestBrowser, returnTo = HOST_PAGE): Promise<URL> {
  const page = await browser.navigate(loginUrl(stack, returnTo), {}, isCallback(stack));
  assert.ok(page.next && isCallback(stack)(page.next), `no callback: ${page.response.status} ${page.body}`);
  return page.next;
}

async function logIn(stack: OAuth2Stack, browser: AuthTestBrowser, returnTo = HOST_PAGE): Promise<Page> {
  return browser.navigate(await untilCallback(stack, browser, returnTo));
}

async function getSession(stack: OAuth2Stack, browser: AuthTestBrowser) {
  const response = await browser.fetch(new URL('/auth/session', stack.bff.url), { headers: CSRF });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) as Record<string, unknown> };
}

async function logOut(stack: OAuth2Stack, browser: AuthTestBrowser): Promise<string> {
  const response = await browser.fetch(new URL('/auth/logout', stack.bff.url), { method: 'POST', headers: CSRF });
  assert.equal(response.status, 200);
  return ((await response.json()) as { redirect: string }).redirect;
}

const flowCookies = (stack: OAuth2Stack, browser: AuthTestBrowser): string[] =>
  browser.cookieNames(stack.bff.url).filter((name) => name.startsWith(FLOW_COOKIE_PREFIX));

const maskedId = (id: string): string => `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
const maskedMobile = (mobile: string): string => `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;

function assertNoRawPii(text: string, ...raw: string[]): void {
  for (const value of raw) assert.ok(!text.includes(value), `raw ${value} in the body`);
  assert.doesNotMatch(text, /\d{17}[\dXx]/, 'nothing that looks like an 18-digit ID');
}

describe('oauth2 dialect through the BFF: Epoint (AUTH_PROFILE=epoint)', () => {
  let stack: OAuth2Stack;
  let platform: EpointPlatform;
  before(async () => {
    stack = await startOAuth2Stack(
      async (bffUrl) =>
        (platform = await startEpointPlatform({
          clientId: EPOINT_CLIENT.id,
          clientSecret: EPOINT_CLIENT.secret,
          redirectUris: [`${bffUrl}/auth/callback`],
          postLogoutRedirectUris: [`${bffUrl}/`],
        })),
      { AUTH_PROFILE: 'epoint', AUTH_CLIENT_ID: EPOINT_CLIENT.id, AUTH_CLIENT_SECRET: EPOINT_CLIENT.secret },
    );
  });
  after(() => stack.close());

  it('logs in through authorize → code → token → getUserData and returns to the exact host page', async () => {
    const browser = stack.newBrowser();
    const callback = await untilCallback(stack, browser);
    assert.ok(callback.searchParams.get('code'));
    assert.ok(callback.searchParams.get('state'), 'Epoint echoes state');
    const landed = await browser.navigate(callback);
    assert.equal(landed.response.status, 302);
    assert.equal(landed.next?.href, HOST_PAGE);
    assert.ok(browser.cookie(stack.bff.url, SESSION_COOKIE), 'session cookie set');
    assert.deepEqual(flowCookies(stack, browser), [], 'the flow cookie is spent');
    for (const step of ['/rest/oauth2/authorize', '/rest/oauth2/token', '/getUserData']) {
      assert.ok(
        platform.requests.some((line) => line.includes(step)),
        `${step} called: ${platform.requests.join(', ')}`,
      );
    }
  });

  it('shows the user masked in /auth/session with realNameLevel mapped, no raw ID number or token', async () => {
    const browser = stack.newBrowser();
    await logIn(stack, browser);
    const { status, text, json } = await getSession(stack, browser);
    assert.equal(status, 200);
    assert.equal(json.authenticated, true);
    const user = json.user as Record<string, unknown>;
    const custom = EPOINT_PERSON.custom;
    assert.equal(user.displayName, custom.clientname);
    assert.equal(user.userType, 'natural');
    assert.equal(user.realNameLevel, 3);
    assert.equal(user.level, 'realname');
    assert.equal(user.maskedId, maskedId(custom.idnumber!));
    assert.equal(user.maskedMobile, maskedMobile(custom.contactmobile!));
    assertNoRawPii(text, custom.idnumber!, custom.contactmobile!);
    assert.doesNotMatch(text, /access_token|\bat-|\brt-/, 'no token of any kind');
  });

  it('indexes the session by the profile issuer (baseUrl) and the platform subject, storing no raw ID', async () => {
    const browser = stack.newBrowser();
    await logIn(stack, browser);
    const record = await stack.sessions.get(browser.cookie(stack.bff.url, SESSION_COOKIE)!);
    assert.ok(record);
    assert.equal(record.issuer, stack.platformBaseUrl);
    assert.equal(record.subject, EPOINT_PERSON.custom.accountguid);
    assert.ok(!JSON.stringify(record.user).includes(EPOINT_PERSON.custom.idnumber!));
  });

  it('maps a 法人 account through the second call (getCompanyData)', async () => {
    platform.loginAs(EPOINT_COMPANY);
    try {
      const browser = stack.newBrowser();
      assert.equal((await logIn(stack, browser)).next?.href, HOST_PAGE);
      const { text, json } = await getSession(stack, browser);
      const user = json.user as Record<string, unknown>;
      assert.equal(user.userType, 'legal');
      assert.equal(user.orgName, EPOINT_COMPANY.company!.organname);
      assert.equal(user.creditCode, EPOINT_COMPANY.company!.creditcode);
      assert.equal(user.agentName, EPOINT_COMPANY.company!.agentname);
      assertNoRawPii(text, EPOINT_COMPANY.custom.idnumber!, EPOINT_COMPANY.company!.legalidnumber!);
    } finally {
      platform.loginAs(EPOINT_PERSON);
    }
  });

  it('still requires the echoed state: a callback stripped of it is refused, cookie or not', async () => {
    const browser = stack.newBrowser();
    const callback = await untilCallback(stack, browser);
    callback.searchParams.delete('state');
    const page = await browser.navigate(callback);
    assert.equal(page.response.status, 400);
    assert.equal((await getSession(stack, browser)).json.authenticated, false);
  });

  it('refuses a replayed callback (state and code are single-use)', async () => {
    const browser = stack.newBrowser();
    const callback = await untilCallback(stack, browser);
    assert.equal((await browser.navigate(callback)).next?.href, HOST_PAGE);
    const replay = stack.newBrowser();
    assert.equal((await replay.navigate(callback)).response.status, 400);
  });

  it('POST /auth/logout ends the session and answers the profile logout URL, which leads back', async () => {
    const browser = stack.newBrowser();
    await logIn(stack, browser);
    const redirect = await logOut(stack, browser);
    assert.equal(
      redirect,
      `${stack.platformBaseUrl}/rest/oauth2/logout?redirect_uri=${encodeURIComponent(`${stack.bff.url}/`)}`,
    );
    assert.equal((await getSession(stack, browser)).json.authenticated, false);
    const response = await fetch(redirect, { redirect: 'manual' });
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), `${stack.bff.url}/`);
  });

  it('does not mount the OIDC back-channel receiver', async () => {
    const response = await fetch(new URL('/auth/backchannel-logout', stack.bff.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'logout_token=x',
    });
    assert.equal(response.status, 404);
  });
});

describe('oauth2 dialect through the BFF: Zhejiang (AUTH_PROFILE=zhejiang, no state echoed)', () => {
  let stack: OAuth2Stack;
  let platform: ZhejiangPlatform;
  before(async () => {
    stack = await startOAuth2Stack(
      async () =>
        (platform = await startZhejiangPlatform({
          servicecode: ZHEJIANG_CLIENT.id,
          servicepwd: ZHEJIANG_CLIENT.secret,
        })),
      { AUTH_PROFILE: 'zhejiang', AUTH_CLIENT_ID: ZHEJIANG_CLIENT.id, AUTH_CLIENT_SECRET: ZHEJIANG_CLIENT.secret },
    );
  });
  after(() => stack.close());

  it('logs in through usp.do → ticket → signed ticketValidation and getUserInfo, back to the exact page', async () => {
    const browser = stack.newBrowser();
    const start = await browser.fetch(loginUrl(stack));
    assert.equal(start.status, 302);
    const authorize = new URL(start.headers.get('location')!);
    assert.equal(`${authorize.origin}${authorize.pathname}`, `${stack.platformBaseUrl}/usp.do`);
    assert.equal(authorize.searchParams.get('goto'), `${stack.bff.url}/auth/callback`);
    assert.equal(authorize.searchParams.get('state'), null, 'no state sent to a platform that drops it');
    const page = await browser.navigate(authorize, {}, isCallback(stack));
    const callback = page.next!;
    assert.ok(callback.searchParams.get('ticket'));
    assert.equal(callback.searchParams.get('state'), null);
    const landed = await browser.navigate(callback);
    assert.equal(landed.response.status, 302);
    assert.equal(landed.next?.href, HOST_PAGE);
    assert.deepEqual(flowCookies(stack, browser), [], 'the flow cookie is spent');
    const methods = platform.requests.map((request) => request.method);
    assert.ok(methods.includes('ticketValidation') && methods.includes('getUserInfo'), methods.join(', '));
  });

  it('shows the user masked in /auth/session with realNameLevel mapped (authlevel 3 → 3)', async () => {
    const browser = stack.newBrowser();
    await logIn(stack, browser);
    const { text, json } = await getSession(stack, browser);
    assert.equal(json.authenticated, true);
    const user = json.user as Record<string, unknown>;
    assert.equal(user.displayName, ZHEJIANG_PERSON.username);
    assert.equal(user.userType, 'natural');
    assert.equal(user.realNameLevel, 3);
    assert.equal(user.level, 'realname');
    assert.equal(user.maskedId, maskedId(ZHEJIANG_PERSON.idnum!));
    assert.equal(user.maskedMobile, maskedMobile(ZHEJIANG_PERSON.mobile!));
    assertNoRawPii(text, ZHEJIANG_PERSON.idnum!, ZHEJIANG_PERSON.mobile!);
    assert.doesNotMatch(text, /\btk-/, 'no platform token');
  });

  it('refuses a callback without the flow cookie (the ticket alone proves nothing)', async () => {
    const browser = stack.newBrowser();
    const callback = await untilCallback(stack, browser);
    for (const name of flowCookies(stack, browser)) browser.deleteCookie(stack.bff.url, name);
    const page = await browser.navigate(callback);
    assert.equal(page.response.status, 400);
    assert.equal((await getSession(stack, browser)).json.authenticated, false);
    // Another browser (the login-CSRF victim without a login in progress) is refused the same way.
    const other = stack.newBrowser();
    assert.equal((await other.navigate(callback)).response.status, 400);
    assert.equal(browser.cookie(stack.bff.url, SESSION_COOKIE), undefined);
  });

  it('refuses a replayed ticket, even when the browser has a new login in progress', async () => {
    const browser = stack.newBrowser();
    const callback = await untilCallback(stack, browser);
    assert.equal((await browser.navigate(callback)).next?.href, HOST_PAGE);
    const sessionId = browser.cookie(stack.bff.url, SESSION_COOKIE);
    // No flow cookie left: refused before the platform is asked.
    assert.equal((await browser.navigate(callback)).response.status, 400);
    // A new flow cookie (a second login started): the flow is taken, the platform refuses the used ticket.
    await browser.fetch(loginUrl(stack));
    assert.equal(flowCookies(stack, browser).length, 1);
    assert.equal((await browser.navigate(callback)).response.status, 400);
    assert.deepEqual(flowCookies(stack, browser), [], 'that flow is spent too');
    // The session of the genuine login is untouched.
    assert.equal(browser.cookie(stack.bff.url, SESSION_COOKIE), sessionId);
    assert.equal((await getSession(stack, browser)).json.authenticated, true);
  });

  it('binds the callback to the newest flow of the browser, each flow used once', async () => {
    const browser = stack.newBrowser();
    const first = await untilCallback(stack, browser, HOST_PAGE);
    const otherPage = `${HOST_SITE}/zwfw/other.html?x=1`;
    const second = await untilCallback(stack, browser, otherPage);
    assert.equal(flowCookies(stack, browser).length, 2);
    // Without state the callbacks cannot be told apart: the first to arrive takes the newest flow.
    assert.equal((await browser.navigate(first)).next?.href, otherPage);
    assert.equal((await browser.navigate(second)).next?.href, HOST_PAGE);
    assert.deepEqual(flowCookies(stack, browser), []);
  });

  it('POST /auth/logout answers the profile logout URL (usp.do?action=logout), which leads back', async () => {
    const browser = stack.newBrowser();
    await logIn(stack, browser);
    const redirect = await logOut(stack, browser);
    assert.equal(
      redirect,
      `${stack.platformBaseUrl}/usp.do?action=logout&servicecode=${ZHEJIANG_CLIENT.id}` +
        `&goto=${encodeURIComponent(`${stack.bff.url}/`)}`,
    );
    assert.equal((await getSession(stack, browser)).json.authenticated, false);
    const response = await fetch(redirect, { redirect: 'manual' });
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), `${stack.bff.url}/`);
  });
});

describe('oauth2 dialect configuration (loadConfig)', () => {
  const ENV = {
    PUBLIC_BASE_URL: 'https://bff.hlj.gov.cn',
    AUTH_DIALECT: 'oauth2',
    AUTH_CLIENT_ID: 'govdock-hlj',
    AUTH_CLIENT_SECRET: 'secret',
  };

  function configErrorOf(run: () => unknown): ConfigError {
    try {
      run();
    } catch (error) {
      assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
      return error;
    }
    assert.fail('expected a ConfigError');
  }

  it('needs no OIDC key: the issuer comes from the profile (its baseUrl unless overridden)', () => {
    const auth = loadConfig({
      ...ENV,
      AUTH_PROFILE: 'epoint',
      AUTH_PROFILE_BASE_URL: 'https://zwfw.xinjiang.gov.cn/ep',
    }).auth!;
    assert.equal(auth.dialect, 'oauth2');
    assert.equal(auth.issuer, 'https://zwfw.xinjiang.gov.cn/ep');
    assert.equal(auth.oauth2Profile?.clientId, 'govdock-hlj');
    assert.equal(auth.oauth2Profile?.baseUrl, 'https://zwfw.xinjiang.gov.cn/ep');
    const named = loadConfig({ ...ENV, AUTH_PROFILE: 'zhejiang', AUTH_ISSUER: 'https://puser.zjzwfw.gov.cn' }).auth!;
    assert.equal(named.issuer, 'https://puser.zjzwfw.gov.cn');
    assert.equal(named.oauth2Profile?.issuer, 'https://puser.zjzwfw.gov.cn');
  });

  it('requires the profile for dialect oauth2', () => {
    const error = configErrorOf(() => loadConfig(ENV));
    assert.equal(error.issues[0]?.key, 'auth.profile (AUTH_PROFILE)');
  });

  it('names an unknown profile', () => {
    const error = configErrorOf(() => loadConfig({ ...ENV, AUTH_PROFILE: 'epiont' }));
    assert.equal(error.issues[0]?.key, 'auth.profile (AUTH_PROFILE)');
    assert.match(error.message, /epiont/);
  });

  it('fails start-up on a typo in a profile file, naming the key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'govdock-profile-'));
    try {
      const file = join(dir, 'province.json');
      const profile = JSON.parse(readFileSync(shippedProfilePath('epoint'), 'utf8')) as {
        token: Record<string, unknown>;
      };
      profile.token.clinetAuth = profile.token.clientAuth;
      delete profile.token.clientAuth;
      writeFileSync(file, JSON.stringify(profile));
      const error = configErrorOf(() =>
        loadConfig({ ...ENV, AUTH_PROFILE: file, AUTH_PROFILE_BASE_URL: 'https://id.example.gov.cn' }),
      );
      assert.equal(error.issues[0]?.key, 'auth.profile (AUTH_PROFILE)');
      assert.match(error.message, /token: .*clinetAuth/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails start-up on a typo in the overrides, naming the key', () => {
    const error = configErrorOf(() =>
      loadConfig(
        { ...ENV, AUTH_PROFILE: 'zhejiang' },
        { 'auth.profileOverrides.endpoints': { userInfo: 'https://irs.zj.gov.cn/userinfo' } },
      ),
    );
    assert.equal(error.issues[0]?.key, 'auth.profile (AUTH_PROFILE)');
    assert.match(error.message, /endpoints: .*userInfo/);
  });

  it('keeps the OIDC requirements for dialect oidc and refuses oauth2-only keys there', () => {
    const { AUTH_DIALECT: _oauth2, ...oidc } = ENV;
    assert.equal(configErrorOf(() => loadConfig(oidc)).issues[0]?.key, 'auth.issuer (AUTH_ISSUER)');
    const error = configErrorOf(() =>
      loadConfig({ ...oidc, AUTH_ISSUER: 'https://id.hlj.gov.cn', AUTH_PROFILE: 'epoint' }),
    );
    assert.equal(error.issues[0]?.key, 'auth.profile (AUTH_PROFILE)');
  });
});
