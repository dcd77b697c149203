import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_ACCOUNTS } from '../../../bff/dev/auth-platform/index.js';
import { SESSION_COOKIE, SILENT_CHECK_COOKIE } from '../../../bff/auth/cookies.js';
import { getSession, logIn, loginUntilCallback, CSRF } from './support/flows.js';
import { HOST_PAGE, startAuthStack, type AuthStack } from './support/stack.js';

const zhangsan = DEMO_ACCOUNTS.find((account) => account.username === 'zhangsan')!;

describe('login against the development platform (oidc)', () => {
  let stack: AuthStack;
  before(async () => {
    stack = await startAuthStack();
  });
  after(() => stack.close());

  it('returns to the exact host page, query string included, with a session cookie', async () => {
    const browser = stack.newBrowser();
    const landed = await logIn(stack, browser, 'zhangsan', HOST_PAGE);
    assert.equal(landed.response.status, 302);
    assert.equal(landed.next?.href, HOST_PAGE);
    const line = browser.setCookieLines.find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
    assert.ok(line, 'session cookie set');
    assert.match(line, /; Path=\/(;|$)/);
    assert.match(line, /; HttpOnly/);
    assert.match(line, /; Secure/);
    assert.match(line, /; SameSite=Lax/);
    assert.doesNotMatch(line, /Domain=/i);
  });

  it('shows the user masked in /auth/session, without tokens or the raw ID number', async () => {
    const browser = stack.newBrowser();
    await logIn(stack, browser, 'zhangsan', HOST_PAGE);
    const asked = Date.now();
    const { status, text, json, response } = await getSession(stack, browser);
    assert.equal(status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(json.authenticated, true);
    const user = json.user as Record<string, unknown>;
    assert.equal(user.displayName, zhangsan.claims.name);
    assert.equal(user.userType, 'natural');
    assert.equal(user.level, 'realname');
    assert.equal(user.realNameLevel, 3);
    const idNumber = zhangsan.claims.id_number!;
    const mobile = zhangsan.claims.phone_number!;
    assert.equal(user.maskedId, `${idNumber.slice(0, 4)}${'*'.repeat(idNumber.length - 8)}${idNumber.slice(-4)}`);
    assert.equal(user.maskedMobile, `${mobile.slice(0, 3)}****${mobile.slice(-4)}`);
    assert.ok(!text.includes(idNumber), 'raw 身份证号 never in the body');
    assert.ok(!text.includes(mobile), 'raw mobile never in the body');
    assert.doesNotMatch(text, /\d{17}[\dXx]/, 'nothing that looks like an 18-digit ID');
    assert.doesNotMatch(text, /token|eyJ/i, 'no token of any kind');
    assert.match(String(json.logoutUrl), new RegExp(`^${stack.bff.url}/auth/logout\\?sid=[\\w-]{32}$`));
    // When the session lapses unless used again: the sooner of idle (30 min) and absolute (8 h) from now.
    const record = (await stack.sessions.get(browser.cookie(stack.bff.url, SESSION_COOKIE)!))!;
    assert.equal(user.expiresAt, Math.min(record.idleExpiresAt, record.expiresAt));
    assert.ok(Number(user.expiresAt) > asked, 'in the future');
    assert.ok(Number(user.expiresAt) <= Date.now() + 30 * 60_000, 'the idle end comes first');
  });

  it('keeps the raw ID number out of the stored session too (masked at once, hash for matching)', async () => {
    const browser = stack.newBrowser();
    await logIn(stack, browser, 'zhangsan', HOST_PAGE);
    const id = browser.cookie(stack.bff.url, SESSION_COOKIE)!;
    const record = await stack.sessions.get(id);
    assert.ok(record);
    assert.ok(!JSON.stringify(record.user).includes(zhangsan.claims.id_number!));
    assert.match(record.user.idKeyHash ?? '', /^[0-9a-f]{64}$/);
    assert.equal(record.subject, zhangsan.accountId);
    assert.ok(record.sid, 'the platform session id is kept for back-channel logout');
    assert.ok(record.tokens.idToken, 'the ID token is kept for id_token_hint');
  });

  it('maps a legal person (法人) with its 经办人 and organisation', async () => {
    const browser = stack.newBrowser();
    await logIn(stack, browser, 'bingcheng', HOST_PAGE);
    const user = (await getSession(stack, browser)).json.user as Record<string, unknown>;
    assert.equal(user.userType, 'legal');
    assert.ok(user.orgName);
    assert.match(String(user.creditCode), /^[0-9A-Z]{18}$/);
    assert.ok(user.agentName);
  });

  it('answers anonymous without a cookie, with the roaming check still due', async () => {
    const browser = stack.newBrowser();
    const { json } = await getSession(stack, browser);
    assert.deepEqual(json, { authenticated: false, silentCheckDue: true });
  });

  it('logs in the second time through SSO without a password (platform session alive)', async () => {
    const browser = stack.newBrowser();
    await logIn(stack, browser, 'lisi', HOST_PAGE);
    // A new site session in the same browser (another site of the group): drop the BFF cookie only.
    browser.deleteCookie(stack.bff.url, SESSION_COOKIE);
    assert.equal((await getSession(stack, browser)).json.authenticated, false);
    const page = await browser.navigate(
      new URL(`/auth/login?return_to=${encodeURIComponent(HOST_PAGE)}`, stack.bff.url),
    );
    assert.equal(page.next?.href, HOST_PAGE, 'straight back to the page, no login form');
    assert.equal((await getSession(stack, browser)).json.authenticated, true);
  });

  it('starts a silent check with prompt=none and comes back anonymous when the platform has no session', async () => {
    const browser = stack.newBrowser();
    const page = await browser.navigate(
      new URL(`/auth/login?prompt=none&return_to=${encodeURIComponent(HOST_PAGE)}`, stack.bff.url),
    );
    assert.equal(page.next?.href, HOST_PAGE);
    assert.equal((await getSession(stack, browser)).json.authenticated, false);
  });

  it('makes the silent check once per browser session: the flag flips when a check starts', async () => {
    const browser = stack.newBrowser();
    assert.equal((await getSession(stack, browser)).json.silentCheckDue, true, 'a new browser session');
    const start = await browser.fetch(
      new URL(`/auth/login?prompt=none&return_to=${encodeURIComponent(HOST_PAGE)}`, stack.bff.url),
    );
    assert.equal(start.status, 302);
    // A browser-session cookie: no Expires / Max-Age, so it ends when the browser does.
    const line = browser.setCookieLines.find((cookie) => cookie.startsWith(`${SILENT_CHECK_COOKIE}=`));
    assert.ok(line, 'the marker is set when the check starts');
    assert.match(line, /; Path=\/(;|$)/);
    assert.match(line, /; HttpOnly/);
    assert.match(line, /; Secure/);
    assert.doesNotMatch(line, /Expires=|Max-Age=/i);
    // Every tab of the browser asks the same BFF with the same cookies: no second round trip is due.
    assert.deepEqual((await getSession(stack, browser)).json, { authenticated: false, silentCheckDue: false });
    // Another browser session (or another browser) still gets its one check.
    assert.equal((await getSession(stack, stack.newBrowser())).json.silentCheckDue, true);
  });

  it('counts a login with the password and a logout as the browser session having been to the platform', async () => {
    const browser = stack.newBrowser();
    await logIn(stack, browser, 'weishiming', HOST_PAGE);
    const session = (await getSession(stack, browser)).json;
    assert.equal(session.authenticated, true);
    assert.equal(session.silentCheckDue, undefined, 'only anonymous answers carry the flag');
    browser.deleteCookie(stack.bff.url, SILENT_CHECK_COOKIE);
    const logout = await browser.fetch(new URL(String(session.logoutUrl)), { method: 'POST', headers: CSRF });
    assert.equal(logout.status, 200);
    // Logged out on purpose: no silent check may sign this browser back in.
    assert.deepEqual((await getSession(stack, browser)).json, { authenticated: false, silentCheckDue: false });
  });

  it('keeps flows of parallel logins apart (one cookie per flow)', async () => {
    const browser = stack.newBrowser();
    const first = await loginUntilCallback(stack, browser, 'zhangsan', HOST_PAGE);
    // A second tab starts its own login before the first finishes.
    const second = await loginUntilCallback(stack, browser, 'zhangsan', `${HOST_PAGE.split('?')[0]}?tab=other`);
    const flowCookies = browser.cookieNames(stack.bff.url).filter((name) => name.startsWith('__Host-govdock_login_'));
    assert.equal(flowCookies.length, 2);
    assert.equal((await browser.navigate(first)).next?.href, HOST_PAGE);
    assert.equal((await browser.navigate(second)).next?.href, 'https://harbin.gov.cn/zwfw/banshi.html?tab=other');
  });

  it('bounds the number of flow cookies', async () => {
    const browser = stack.newBrowser();
    for (let i = 0; i < 8; i += 1) await browser.fetch(new URL('/auth/login', stack.bff.url));
    const flowCookies = browser.cookieNames(stack.bff.url).filter((name) => name.startsWith('__Host-govdock_login_'));
    assert.ok(flowCookies.length <= 4, `${flowCookies.length} flow cookies`);
  });

  it('redirects /auth/register to the unified registration page', async () => {
    const browser = stack.newBrowser();
    const response = await browser.fetch(
      new URL(`/auth/register?return_to=${encodeURIComponent(HOST_PAGE)}`, stack.bff.url),
    );
    assert.equal(response.status, 302);
    const location = new URL(response.headers.get('location')!);
    assert.equal(`${location.origin}${location.pathname}`, `${stack.platform.issuer}/register`);
    assert.equal(location.searchParams.get('return_to'), HOST_PAGE);
  });

  it('needs X-CSRF on /auth/session', async () => {
    const browser = stack.newBrowser();
    const response = await browser.fetch(new URL('/auth/session', stack.bff.url));
    assert.equal(response.status, 403);
  });
});
