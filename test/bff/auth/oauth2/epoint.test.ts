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
import { EPOINT_COMPANY, EPOINT_PERSON, startEpointPlatform, type EpointPlatform } from './platforms/epoint.js';

const REDIRECT_URI = 'https://bff.harbin.gov.cn/auth/callback';
const POST_LOGOUT = 'https://www.harbin.gov.cn/';
const PII_KEY = 'test-pii-key';
const CLIENT = { id: 'hrb-portal', secret: 's3cret:with%odd&chars' };

const flow = (): FlowSecrets => ({
  state: `st-${crypto.randomUUID()}`,
  codeVerifier: `cv-${crypto.randomUUID()}-${crypto.randomUUID()}`,
  nonce: 'ignored',
});

describe('oauth2 provider with the shipped epoint profile', () => {
  let platform: EpointPlatform;
  let provider: OAuth2Provider;
  const build = (secret = CLIENT.secret) =>
    createOAuth2Provider(loadAuthProfile('epoint', { baseUrl: platform.baseUrl, clientId: CLIENT.id }), {
      clientSecret: secret,
      redirectUri: REDIRECT_URI,
      postLogoutRedirectUri: POST_LOGOUT,
      piiHashKey: PII_KEY,
    });

  before(async () => {
    platform = await startEpointPlatform({
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      redirectUris: [REDIRECT_URI],
      postLogoutRedirectUris: [POST_LOGOUT],
    });
    provider = build();
  });
  after(() => platform.close());

  async function login(secrets = flow()) {
    const url = await provider.buildAuthorizationUrl(secrets);
    const callback = await followToCallback(url, REDIRECT_URI);
    return { secrets, callback, exchange: await provider.exchangeCode(callback, secrets) };
  }

  it('builds the authorize URL in Epoint parameter names', async () => {
    const secrets = flow();
    const url = await provider.buildAuthorizationUrl(secrets);
    assert.equal(url.origin + url.pathname, `${platform.baseUrl}/rest/oauth2/authorize`);
    const q = url.searchParams;
    assert.equal(q.get('client_id'), CLIENT.id);
    assert.equal(q.get('redirect_uri'), REDIRECT_URI);
    assert.equal(q.get('response_type'), 'code');
    assert.equal(q.get('scope'), 'user');
    assert.equal(q.get('state'), secrets.state);
    assert.equal(q.get('code_challenge_method'), 'S256');
    assert.ok(q.get('code_challenge'));
  });

  it('logs in a 自然人: code → token → getUserData, ID and mobile masked at once', async () => {
    platform.loginAs(EPOINT_PERSON);
    const before = Date.now();
    const { exchange } = await login();
    assert.equal(exchange.subject, EPOINT_PERSON.custom.accountguid);
    assert.ok(exchange.tokens.refreshToken);
    assert.ok(exchange.tokens.expiresAt! >= before + 1_799_000 && exchange.tokens.expiresAt! <= Date.now() + 1_800_000);

    const user = await provider.fetchUser(exchange.tokens, exchange.subject);
    assert.deepEqual(user, {
      displayName: '张三',
      userType: 'natural',
      realNameLevel: 3,
      idType: '111',
      maskedId: '2301**********1234',
      idKeyHash: applicantKeyHash('230102199003071234', PII_KEY),
      maskedMobile: '138****1234',
    });
    const json = JSON.stringify(user);
    assert.ok(!json.includes('230102199003071234'), 'no raw ID number');
    assert.ok(!json.includes('13800451234'), 'no raw mobile');
  });

  it('logs in a 法人 with the second call (getCompanyData) keyed on the user type', async () => {
    platform.loginAs(EPOINT_COMPANY);
    const { exchange } = await login();
    const user = await provider.fetchUser(exchange.tokens, exchange.subject);
    assert.equal(user.userType, 'legal');
    assert.equal(user.displayName, '哈尔滨示例科技有限公司');
    assert.equal(user.orgName, '哈尔滨示例科技有限公司');
    assert.equal(user.creditCode, '91230102MA1B2C3D4E');
    assert.equal(user.agentName, '李四');
    assert.equal(user.maskedId, '2301**********2345');
    assert.ok(!JSON.stringify(user).includes('230103198805052345'));
    assert.ok(platform.requests.includes('POST /epoint-web/rest/extranetNeedLoginInterface/getCompanyData'));
    platform.loginAs(EPOINT_PERSON);
  });

  it('asks the platform again when fetchUser comes later (no cached user), and checks the subject', async () => {
    const { exchange } = await login();
    await provider.fetchUser(exchange.tokens, exchange.subject);
    const again = await provider.fetchUser(exchange.tokens, exchange.subject);
    assert.equal(again.displayName, '张三');
    await assert.rejects(provider.fetchUser(exchange.tokens, 'someone-else'), OAuth2PlatformError);
  });

  it('refreshes with the refresh token; a refused refresh is RefreshRefusedError', async () => {
    const { exchange } = await login();
    const next = await provider.refresh(exchange.tokens);
    assert.notEqual(next.accessToken, exchange.tokens.accessToken);
    assert.notEqual(next.refreshToken, exchange.tokens.refreshToken);
    // The old refresh token was rotated away.
    await assert.rejects(provider.refresh(exchange.tokens), (error: unknown) => {
      assert.ok(error instanceof RefreshRefusedError);
      assert.match(error.message, /refresh_token 无效/);
      return true;
    });
  });

  it('sends the browser to /rest/oauth2/logout with the registered redirect', async () => {
    const url = await provider.endSessionUrl({ state: 'x' });
    assert.ok(url);
    assert.equal(url.origin + url.pathname, `${platform.baseUrl}/rest/oauth2/logout`);
    assert.equal(url.searchParams.get('redirect_uri'), POST_LOGOUT);
    const response = await fetch(url, { redirect: 'manual' });
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), POST_LOGOUT);
    await provider.revoke({ accessToken: 'a' }); // no revocation endpoint: resolves
  });

  it('refuses an envelope failure with the platform message (status.code != 1)', async () => {
    const { exchange } = await login();
    platform.revokeAllTokens();
    await assert.rejects(provider.fetchUser({ accessToken: 'nope' }, exchange.subject), (error: unknown) => {
      assert.ok(error instanceof OAuth2PlatformError);
      assert.equal(error.step, 'userinfo');
      assert.match(error.message, /access_token无效或已过期/);
      return true;
    });
  });

  it('refuses a replayed code, a wrong client secret, a missing code and a state mismatch', async () => {
    const { secrets, callback } = await login();
    await assert.rejects(provider.exchangeCode(callback, secrets), /授权码无效或已使用/);

    const wrong = build('not-the-secret');
    const second = flow();
    const url = await wrong.buildAuthorizationUrl(second);
    const back = await followToCallback(url, REDIRECT_URI);
    await assert.rejects(wrong.exchangeCode(back, second), (error: unknown) => {
      assert.ok(error instanceof OAuth2PlatformError);
      assert.equal(error.status, 401);
      assert.match(error.message, /应用标识或密钥错误/);
      return true;
    });

    const third = flow();
    const noCode = new URL(`${REDIRECT_URI}?state=${third.state}`);
    await assert.rejects(provider.exchangeCode(noCode, third), (error: unknown) => {
      assert.ok(error instanceof OAuth2CallbackError);
      assert.match(error.message, /code/);
      return true;
    });

    const fourth = flow();
    const forged = await followToCallback(await provider.buildAuthorizationUrl(fourth), REDIRECT_URI);
    await assert.rejects(provider.exchangeCode(forged, { ...fourth, state: 'another-flow' }), /state/);
    const stateless = new URL(forged);
    stateless.searchParams.delete('state');
    await assert.rejects(provider.exchangeCode(stateless, fourth), /state/);
  });

  it('surfaces a platform error on the callback', async () => {
    const url = new URL(`${REDIRECT_URI}?error=access_denied&error_description=用户取消`);
    await assert.rejects(provider.exchangeCode(url, flow()), /access_denied/);
  });
});
