import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as oidc from 'openid-client';
import {
  demoApplicantByKey,
  type DemoCompany,
  type DemoPerson,
} from '../../../../bff/dev/generator/demo-applicants.js';
import { DEPT_APP_CLIENT_ID } from '../../../../bff/dev/auth-platform/clients.js';
import type { DevAuthPlatform } from '../../../../bff/dev/auth-platform/start.js';
import { AuthTestBrowser } from '../../auth/support/browser.js';
import {
  authorizationRequest,
  bffClient,
  DEPT_APP,
  exchangeCode,
  FAKE_BFF,
  logInThroughBff,
  startTestPlatform,
  submitLogin,
} from './support/flow.js';

const zhangsan = demoApplicantByKey('zhangsan') as DemoPerson;
const bingcheng = demoApplicantByKey('bingcheng') as DemoCompany;

describe('development auth platform: authorization code + PKCE', () => {
  let platform: DevAuthPlatform;
  before(async () => {
    platform = await startTestPlatform();
  });
  after(() => platform.close());

  it('shows an accessible Chinese login page', async () => {
    const config = await bffClient(platform.issuer);
    const pending = await authorizationRequest(config, `${FAKE_BFF}/auth/callback`);
    const page = await new AuthTestBrowser(platform.issuer).navigate(pending.url);
    assert.equal(page.response.status, 200);
    assert.match(page.body, /<html lang="zh-CN">/);
    assert.match(page.body, /<label for="username">账号<\/label>/);
    assert.match(page.body, /<label for="password">密码<\/label>/);
    assert.match(page.body, /<button type="submit" class="primary">登录<\/button>/);
    assert.match(page.body, /GovDock 政务服务/);
    assert.match(page.body, /zhangsan/);
    assert.ok(!page.body.includes('<script'));
  });

  it('logs the 自然人 in and returns a code that openid-client exchanges', async () => {
    const { config, tokens } = await logInThroughBff(platform.issuer, 'zhangsan');
    const idToken = tokens.claims();
    assert.ok(idToken);
    assert.equal(idToken.iss, platform.issuer);
    assert.equal(idToken.sub, 'demo-natural-0001');
    assert.equal(typeof idToken.sid, 'string');
    // Personal data stays out of the ID token, which the BFF keeps for id_token_hint.
    assert.equal(idToken.id_number, undefined);
    assert.equal(tokens.token_type.toLowerCase(), 'bearer');
    assert.equal(typeof tokens.refresh_token, 'string');

    const info = await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub);
    assert.equal(info.name, '张三');
    assert.equal(info.user_type, 'natural');
    assert.equal(info.real_name_level, 3);
    assert.equal(info.id_type, '111');
    assert.equal(info.id_number, zhangsan.idNumber);
    assert.equal(info.phone_number, zhangsan.mobile);
    assert.equal(info.credit_code, undefined);
  });

  it('carries the company and its 经办人 for the 法人 account', async () => {
    const { config, tokens } = await logInThroughBff(platform.issuer, 'bingcheng');
    const info = await oidc.fetchUserInfo(config, tokens.access_token, oidc.skipSubjectCheck);
    assert.equal(info.user_type, 'legal');
    assert.equal(info.org_name, bingcheng.name);
    assert.equal(info.credit_code, bingcheng.creditCode);
    assert.equal(info.agent_name, bingcheng.agent.name);
    assert.equal(info.id_type, '001');
    assert.equal(info.id_number, bingcheng.creditCode);
  });

  it('gives the unverified account real-name level 1 and no identity data', async () => {
    const { config, tokens } = await logInThroughBff(platform.issuer, 'weishiming');
    const info = await oidc.fetchUserInfo(config, tokens.access_token, oidc.skipSubjectCheck);
    assert.equal(info.real_name_level, 1);
    assert.equal(info.id_number, undefined);
    assert.equal(info.name, undefined);
  });

  it('answers a wrong password with 账号或密码错误 and no code', async () => {
    const config = await bffClient(platform.issuer);
    const browser = new AuthTestBrowser(platform.issuer);
    const pending = await authorizationRequest(config, `${FAKE_BFF}/auth/callback`);
    const result = await submitLogin(browser, pending, 'zhangsan', 'wrong-password');
    assert.equal(result.next, undefined);
    assert.equal(result.response.status, 400);
    assert.match(result.body, /role="alert"[^>]*>账号或密码错误/);
    assert.match(result.body, /value="zhangsan"/);
    assert.ok(!result.body.includes('wrong-password'));
  });

  it('answers prompt=none with login_required without a session, and with a code once logged in', async () => {
    const { config, browser } = await logInThroughBff(platform.issuer, 'zhangsan');

    const stranger = new AuthTestBrowser(platform.issuer);
    const silentA = await authorizationRequest(config, `${FAKE_BFF}/auth/callback`, { prompt: 'none' });
    const denied = await stranger.navigate(silentA.url);
    assert.equal(denied.next?.searchParams.get('error'), 'login_required');
    assert.equal(denied.next?.searchParams.get('code'), null);

    const silentB = await authorizationRequest(config, `${FAKE_BFF}/auth/callback`, { prompt: 'none' });
    const granted = await browser.navigate(silentB.url);
    const callback = granted.next;
    assert.ok(callback);
    assert.ok(callback.searchParams.get('code'));
    const tokens = await exchangeCode(config, callback, silentB);
    assert.equal(tokens.claims()?.sub, 'demo-natural-0001');
  });

  it('gives the department SPA (public client) single sign-on through prompt=none', async () => {
    const { browser } = await logInThroughBff(platform.issuer, 'zhangsan');
    const spa = await oidc.discovery(new URL(platform.issuer), DEPT_APP_CLIENT_ID, undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
    const pending = await authorizationRequest(spa, `${DEPT_APP}/callback`, { prompt: 'none' });
    const result = await browser.navigate(pending.url);
    assert.ok(result.next, `expected a redirect, got ${result.response.status}`);
    const tokens = await exchangeCode(spa, result.next, pending);
    assert.equal(tokens.claims()?.sub, 'demo-natural-0001');
  });

  it('requires PKCE even from the confidential BFF client', async () => {
    const config = await bffClient(platform.issuer);
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${FAKE_BFF}/auth/callback`,
      scope: 'openid',
      state: 'no-pkce',
    });
    const result = await new AuthTestBrowser(platform.issuer).navigate(url);
    assert.equal(result.next?.searchParams.get('error'), 'invalid_request');
  });

  it('refreshes and revokes tokens', async () => {
    const { config, tokens } = await logInThroughBff(platform.issuer, 'zhangsan');
    assert.ok(tokens.refresh_token);
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token);
    assert.equal(typeof refreshed.access_token, 'string');
    const current = refreshed.refresh_token ?? tokens.refresh_token;
    await oidc.tokenRevocation(config, current, { token_type_hint: 'refresh_token' });
    await assert.rejects(oidc.refreshTokenGrant(config, current), (error: Error & { error?: string }) => {
      assert.equal(error.error, 'invalid_grant');
      return true;
    });
  });

  it('explains errors in Chinese: unknown client, stale interaction', async () => {
    const browser = new AuthTestBrowser(platform.issuer);
    const unknown = await browser.navigate('/auth?client_id=nobody&response_type=code&scope=openid');
    assert.equal(unknown.response.status, 400);
    assert.match(unknown.body, /未在平台登记/);
    assert.match(unknown.body, /invalid_client/);
    const stale = await browser.navigate('/interaction/not-a-real-uid');
    assert.equal(stale.response.status, 400);
    assert.match(stale.body, /登录请求已失效/);
  });

  it('sends the user back with access_denied when they cancel', async () => {
    const config = await bffClient(platform.issuer);
    const browser = new AuthTestBrowser(platform.issuer);
    const pending = await authorizationRequest(config, `${FAKE_BFF}/auth/callback`);
    const page = await browser.navigate(pending.url);
    const abort = /action="([^"]+\/abort)"/.exec(page.body)?.[1];
    assert.ok(abort);
    const result = await browser.submit(abort, {});
    assert.equal(result.next?.searchParams.get('error'), 'access_denied');
    assert.equal(result.next?.searchParams.get('state'), pending.state);
  });
});
