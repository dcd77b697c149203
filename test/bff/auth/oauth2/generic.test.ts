/**
 * The axes the shipped profiles do not use (GET and POST-JSON exchanges, basic auth without
 * percent-encoding, HMAC-SHA256 upper-hex over epoch-ms, `code in [...]` envelopes, ms expiry,
 * double-encoded redirects, bearer user info, revoke and a logout API), against a stub fetch.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { createOAuth2Provider, parseAuthProfile } from '../../../../bff/auth/providers/oauth2/index.js';
import { formatTimestamp } from '../../../../bff/auth/providers/oauth2/signing.js';
import { getPath } from '../../../../bff/auth/providers/oauth2/json-path.js';

interface Seen {
  url: URL;
  init: RequestInit;
}

function stub(answers: Record<string, unknown>) {
  const seen: Seen[] = [];
  const fetch = async (url: URL, init: RequestInit): Promise<Response> => {
    seen.push({ url, init });
    const answer = answers[url.pathname];
    if (answer === undefined) return new Response('not found', { status: 404 });
    return Response.json(answer);
  };
  return { seen, fetch };
}

const NOW = Date.UTC(2026, 10, 29, 2, 3, 4); // 10:03:04 in Beijing
const profileInput = {
  dialect: 'oauth2',
  name: 'generic',
  baseUrl: 'https://sso.example.gov.cn/api/',
  clientId: 'app id',
  endpoints: {
    authorize: '{baseUrl}/authorize',
    token: '{baseUrl}/token',
    userinfo: '{baseUrl}/user',
    revoke: '{baseUrl}/revoke',
    logoutApi: '{baseUrl}/logout',
  },
  authorize: {
    clientIdParam: 'appId',
    redirectUriParam: 'backUrl',
    responseType: null,
    doubleEncodeRedirect: true,
    extraParams: { scope: 'all' },
    silentParams: { prompt: 'none' },
  },
  callback: { codeParam: 'ticketId' },
  signing: {
    algorithm: 'hmac-sha256',
    order: ['timestamp', 'appKey'],
    timestampFormat: 'epoch-ms',
    appKeyParam: 'appKey',
    timestampParam: 'ts',
    signParam: 'signature',
    hexCase: 'upper',
  },
  token: {
    method: 'get',
    clientAuth: 'basic',
    response: {
      success: { path: 'code', equals: ['0', '200'] },
      accessToken: 'data.accessToken',
      refreshToken: 'data.refreshToken',
      expiresIn: { path: 'data.ttl', unit: 'ms' },
      subject: 'data.userNo',
      errorMessage: 'message',
    },
  },
  refresh: {},
  userinfo: {
    method: 'post-json',
    tokenPlacement: 'bearer',
    signed: true,
    success: { path: 'code', equals: 200 },
    errorMessage: 'message',
    fields: {
      subject: 'data.userNo',
      displayName: ['data.realName', 'data.nick'],
      userType: 'data.type',
      realNameLevel: 'data.level',
      idNumber: 'data.certs[0].no',
      orgName: 'data.org.name',
      creditCode: 'data.org.uscc',
      agentName: 'data.name',
    },
    legalUserTypes: ['CORP'],
    realNameLevels: { L1: 1, L3: 3 },
  },
  logoutApi: {
    method: 'post-json',
    tokenPlacement: 'none',
    extraParams: { appId: '{clientId}', token: '{accessToken}' },
  },
};

describe('oauth2 generic axes', () => {
  const { seen, fetch } = stub({
    '/api/token': { code: 200, data: { accessToken: 'AT', refreshToken: 'RT', ttl: 7_200_000, userNo: 'U1' } },
    '/api/user': {
      code: '200',
      data: {
        userNo: 'U1',
        nick: 'corp1',
        type: 'CORP',
        level: 'L3',
        certs: [{ no: '11010519491231002X' }],
        org: { name: '某某有限公司', uscc: '91110000100000000X' },
        name: '赵经办',
      },
    },
    '/api/revoke': {},
    '/api/logout': { code: 0 },
  });
  const provider = createOAuth2Provider(parseAuthProfile(profileInput), {
    clientSecret: 'p@ss:wörd%',
    redirectUri: 'https://bff.example.gov.cn/auth/callback?site=a',
    piiHashKey: 'k',
    fetch,
    now: () => NOW,
  });

  it('renames and double-encodes the authorize parameters; silent check parameters on prompt=none', async () => {
    const url = await provider.buildAuthorizationUrl({ state: 'S', codeVerifier: 'V', nonce: 'N', prompt: 'none' });
    assert.equal(url.origin + url.pathname, 'https://sso.example.gov.cn/api/authorize');
    assert.equal(url.searchParams.get('appId'), 'app id');
    assert.equal(
      url.searchParams.get('backUrl'),
      encodeURIComponent('https://bff.example.gov.cn/auth/callback?site=a'),
    );
    assert.match(url.search, /backUrl=https%253A%252F%252F/);
    assert.equal(url.searchParams.get('response_type'), null);
    assert.equal(url.searchParams.get('state'), 'S');
    assert.equal(url.searchParams.get('prompt'), 'none');
    assert.equal(url.searchParams.get('scope'), 'all');
  });

  it('exchanges by GET with raw basic auth, reads the envelope, subject from the token answer', async () => {
    const callback = new URL('https://bff.example.gov.cn/auth/callback?site=a&ticketId=T1&state=S');
    const exchange = await provider.exchangeCode(callback, { state: 'S', codeVerifier: 'V', nonce: 'N' });
    assert.equal(exchange.subject, 'U1');
    assert.deepEqual(exchange.tokens, { accessToken: 'AT', refreshToken: 'RT', expiresAt: NOW + 7_200_000 });
    const call = seen.at(-1)!;
    assert.equal(call.init.method, 'GET');
    assert.equal(call.url.searchParams.get('code'), 'T1');
    assert.equal(call.url.searchParams.get('code_verifier'), 'V');
    const auth = (call.init.headers as Record<string, string>).authorization!;
    assert.equal(Buffer.from(auth.replace('Basic ', ''), 'base64').toString('utf8'), 'app id:p@ss:wörd%');
  });

  it('fetches user info by POST JSON with a bearer token and an HMAC-SHA256 signature', async () => {
    const user = await provider.fetchUser({ accessToken: 'AT' }, 'U1');
    assert.deepEqual(user, {
      displayName: 'corp1',
      userType: 'legal',
      realNameLevel: 3,
      maskedId: '1101**********002X',
      idKeyHash: user.idKeyHash,
      orgName: '某某有限公司',
      creditCode: '91110000100000000X',
      agentName: '赵经办',
    });
    const call = seen.at(-1)!;
    assert.equal((call.init.headers as Record<string, string>).authorization, 'Bearer AT');
    const body = JSON.parse(String(call.init.body)) as Record<string, string>;
    const expected = createHmac('sha256', 'p@ss:wörd%')
      .update(String(NOW) + 'app id')
      .digest('hex')
      .toUpperCase();
    assert.deepEqual(body, { appKey: 'app id', ts: String(NOW), signature: expected });
  });

  it('refuses an envelope outside the accepted codes with the platform message', async () => {
    const failing = stub({ '/api/token': { code: '500', message: '票据已过期' } });
    const other = createOAuth2Provider(parseAuthProfile(profileInput), {
      clientSecret: 's',
      redirectUri: 'https://bff.example.gov.cn/auth/callback',
      piiHashKey: 'k',
      fetch: failing.fetch,
    });
    const callback = new URL('https://bff.example.gov.cn/auth/callback?ticketId=T&state=S');
    await assert.rejects(other.exchangeCode(callback, { state: 'S', codeVerifier: 'V', nonce: 'N' }), /票据已过期/);
  });

  it('revokes both tokens and calls the logout API with templated parameters', async () => {
    seen.length = 0;
    await provider.revoke({ accessToken: 'AT', refreshToken: 'RT' });
    const revokes = seen.filter((call) => call.url.pathname === '/api/revoke');
    assert.deepEqual(
      revokes.map((call) => new URLSearchParams(String(call.init.body)).get('token_type_hint')),
      ['refresh_token', 'access_token'],
    );
    const logout = seen.find((call) => call.url.pathname === '/api/logout')!;
    assert.deepEqual(JSON.parse(String(logout.init.body)), { appId: 'app id', token: 'AT' });
  });

  it("sends the logging-in site's redirect URI and post-logout address when the login names them", async () => {
    const sites = stub({ '/api/token': { code: 200, data: { accessToken: 'AT', ttl: 1000, userNo: 'U1' } } });
    const siteProvider = createOAuth2Provider(
      parseAuthProfile({
        ...profileInput,
        endpoints: { ...profileInput.endpoints, logoutRedirect: '{baseUrl}/out?goto={postLogoutRedirectUri}' },
        authorize: { ...profileInput.authorize, doubleEncodeRedirect: false },
      }),
      {
        clientSecret: 's',
        redirectUri: 'https://harbin.gov.cn/govdock/auth/callback',
        postLogoutRedirectUri: 'https://harbin.gov.cn/',
        piiHashKey: 'k',
        fetch: sites.fetch,
        now: () => NOW,
      },
    );
    const siteB = 'https://www.hlj.gov.cn/govdock/auth/callback';
    const flow = { state: 'S', codeVerifier: 'V', nonce: 'N' };
    const url = await siteProvider.buildAuthorizationUrl({ ...flow, redirectUri: siteB });
    assert.equal(url.searchParams.get('backUrl'), siteB);
    await siteProvider.exchangeCode(new URL(`${siteB}?ticketId=T&state=S`), { ...flow, redirectUri: siteB });
    assert.equal(sites.seen.at(-1)?.url.searchParams.get('redirect_uri'), siteB, 'the same URI at the exchange');
    const out = await siteProvider.endSessionUrl({ state: 'X', postLogoutRedirectUri: 'https://www.hlj.gov.cn/' });
    assert.equal(out?.searchParams.get('goto'), 'https://www.hlj.gov.cn/');
    // Without a site: the provider's own (the publicBaseUrl site).
    assert.equal(
      (await siteProvider.endSessionUrl({ state: 'X' }))?.searchParams.get('goto'),
      'https://harbin.gov.cn/',
    );
  });

  it('formats timestamps in the platform’s wall clock and reads array paths', () => {
    assert.equal(formatTimestamp(NOW, 'yyyyMMddHHmmss', 480), '20261129100304');
    assert.equal(formatTimestamp(NOW, 'epoch-s', 480), String(Math.floor(NOW / 1000)));
    assert.equal(getPath({ a: { b: [{ c: 1 }, { c: 2 }] } }, 'a.b[1].c'), 2);
    assert.equal(getPath({ a: 'x' }, 'a.b'), undefined);
  });
});
