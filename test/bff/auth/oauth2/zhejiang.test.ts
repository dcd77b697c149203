import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createOAuth2Provider,
  loadAuthProfile,
  OAuth2CallbackError,
  OAuth2PlatformError,
  type OAuth2Provider,
} from '../../../../bff/auth/providers/oauth2/index.js';
import { RefreshRefusedError, type FlowSecrets } from '../../../../bff/auth/providers/types.js';
import { applicantKeyHash } from '../../../../bff/privacy/pii.js';
import { followToCallback } from './platforms/browser.js';
import { startZhejiangPlatform, ZHEJIANG_PERSON, type ZhejiangPlatform } from './platforms/zhejiang.js';

const REDIRECT_URI = 'https://bff.hangzhou.gov.cn/auth/callback';
const POST_LOGOUT = 'https://www.hangzhou.gov.cn/';
const PII_KEY = 'test-pii-key';
const AK = 'hzportal001';
const SK = 'zj-service-pwd';

const flow = (): FlowSecrets => ({ state: `st-${crypto.randomUUID()}`, codeVerifier: 'v'.repeat(43), nonce: 'n' });

describe('oauth2 provider with the shipped zhejiang profile', () => {
  let platform: ZhejiangPlatform;
  let provider: OAuth2Provider;
  const build = (secret = SK, now?: () => number) =>
    createOAuth2Provider(loadAuthProfile('zhejiang', { baseUrl: platform.baseUrl, clientId: AK }), {
      clientSecret: secret,
      redirectUri: REDIRECT_URI,
      postLogoutRedirectUri: POST_LOGOUT,
      piiHashKey: PII_KEY,
      now,
    });

  before(async () => {
    platform = await startZhejiangPlatform({ servicecode: AK, servicepwd: SK });
    provider = build();
  });
  after(() => platform.close());

  it('sends the browser to usp.do?action=ssoLogin&servicecode=…&goto=… without state', async () => {
    const url = await provider.buildAuthorizationUrl(flow());
    assert.equal(url.origin + url.pathname, `${platform.baseUrl}/usp.do`);
    assert.deepEqual([...url.searchParams.keys()], ['action', 'servicecode', 'goto']);
    assert.equal(url.searchParams.get('action'), 'ssoLogin');
    assert.equal(url.searchParams.get('servicecode'), AK);
    assert.equal(url.searchParams.get('goto'), REDIRECT_URI);
    assert.equal(provider.stateEchoed, false);
  });

  it('logs in: ticket → signed ticketValidation → signed getUserInfo, 高级实名, ID masked at once', async () => {
    const secrets = flow();
    const callback = await followToCallback(await provider.buildAuthorizationUrl(secrets), REDIRECT_URI);
    assert.ok(callback.searchParams.get('ticket'));
    assert.equal(callback.searchParams.get('state'), null);

    const exchange = await provider.exchangeCode(callback, secrets);
    assert.equal(exchange.subject, ZHEJIANG_PERSON.userid);
    assert.equal(exchange.tokens.refreshToken, undefined);

    const validation = platform.requests.find((request) => request.method === 'ticketValidation');
    assert.ok(validation);
    assert.equal(validation.st, callback.searchParams.get('ticket'));
    assert.match(validation.time!, /^\d{14}$/);
    assert.match(validation.sign!, /^[0-9a-f]{32}$/);
    assert.equal(validation.client_secret, undefined, 'the secret never goes on the wire');
    assert.equal(validation.servicepwd, undefined);

    const user = await provider.fetchUser(exchange.tokens, exchange.subject);
    assert.deepEqual(user, {
      displayName: '王小明',
      userType: 'natural',
      realNameLevel: 3,
      idType: '111',
      maskedId: '3301**********1234',
      idKeyHash: applicantKeyHash(ZHEJIANG_PERSON.idnum!, PII_KEY),
      maskedMobile: '137****1234',
    });
    assert.ok(!JSON.stringify(user).includes(ZHEJIANG_PERSON.idnum!));
    assert.ok(!JSON.stringify(user).includes(ZHEJIANG_PERSON.mobile!));
    const info = platform.requests.find((request) => request.method === 'getUserInfo');
    assert.equal(info?.token, exchange.tokens.accessToken);
  });

  it('can carry the state inside goto (stateInRedirectUri) and then checks it', async () => {
    const carried = createOAuth2Provider(
      loadAuthProfile('zhejiang', { baseUrl: platform.baseUrl, clientId: AK, stateInRedirectUri: true }),
      { clientSecret: SK, redirectUri: REDIRECT_URI, piiHashKey: PII_KEY },
    );
    assert.equal(carried.stateEchoed, true);
    const secrets = flow();
    const url = await carried.buildAuthorizationUrl(secrets);
    assert.equal(url.searchParams.get('state'), null);
    assert.equal(url.searchParams.get('goto'), `${REDIRECT_URI}?state=${secrets.state}`);
    const callback = await followToCallback(url, REDIRECT_URI);
    assert.equal(callback.searchParams.get('state'), secrets.state);
    assert.ok(callback.searchParams.get('ticket'));
    await assert.rejects(carried.exchangeCode(callback, { ...secrets, state: 'another-flow' }), /state/);
    const exchange = await carried.exchangeCode(callback, secrets);
    assert.equal(exchange.subject, ZHEJIANG_PERSON.userid);
  });

  it('has no refresh: the session ends at expiry', async () => {
    await assert.rejects(provider.refresh({ accessToken: 'tk' }), RefreshRefusedError);
  });

  it('sends the browser to usp.do?action=logout&servicecode=…&goto=…', async () => {
    const url = await provider.endSessionUrl({ state: 'x' });
    assert.ok(url);
    assert.equal(url.searchParams.get('action'), 'logout');
    assert.equal(url.searchParams.get('servicecode'), AK);
    assert.equal(url.searchParams.get('goto'), POST_LOGOUT);
    const response = await fetch(url, { redirect: 'manual' });
    assert.equal(response.headers.get('location'), POST_LOGOUT);
  });

  it('surfaces the platform refusing a wrong signature (wrong SK)', async () => {
    const wrong = build('not-the-pwd');
    const secrets = flow();
    const callback = await followToCallback(await wrong.buildAuthorizationUrl(secrets), REDIRECT_URI);
    await assert.rejects(wrong.exchangeCode(callback, secrets), (error: unknown) => {
      assert.ok(error instanceof OAuth2PlatformError);
      assert.equal(error.step, 'token');
      assert.match(error.message, /签名校验失败/);
      return true;
    });
  });

  it('surfaces the platform refusing a stale time', async () => {
    const stale = build(SK, () => Date.now() - 10 * 60_000);
    const secrets = flow();
    const callback = await followToCallback(await stale.buildAuthorizationUrl(secrets), REDIRECT_URI);
    await assert.rejects(stale.exchangeCode(callback, secrets), /时间戳无效或已过期/);
  });

  it('refuses a callback without ticket, a reused ticket, and a bad token at getUserInfo', async () => {
    await assert.rejects(provider.exchangeCode(new URL(REDIRECT_URI), flow()), (error: unknown) => {
      assert.ok(error instanceof OAuth2CallbackError);
      assert.match(error.message, /ticket/);
      return true;
    });
    const secrets = flow();
    const callback = await followToCallback(await provider.buildAuthorizationUrl(secrets), REDIRECT_URI);
    await provider.exchangeCode(callback, secrets);
    await assert.rejects(provider.exchangeCode(callback, secrets), /ticket 无效或已使用/);
    await assert.rejects(provider.fetchUser({ accessToken: 'tk-forged' }, 'x'), /token 无效或已过期/);
  });
});
