import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  defaultDevClients,
  startDevAuthPlatform,
  type DevAuthPlatform,
} from '../../../../bff/dev/auth-platform/index.js';
import { startTestPlatform } from './support/flow.js';

describe('development auth platform: discovery and static pages', () => {
  let platform: DevAuthPlatform;
  before(async () => {
    platform = await startTestPlatform();
  });
  after(() => platform.close());

  it('uses the real port in the issuer when started on port 0', () => {
    const url = new URL(platform.issuer);
    assert.equal(url.hostname, '127.0.0.1');
    assert.notEqual(url.port, '0');
    assert.notEqual(url.port, '');
  });

  it('publishes code flow, S256, end_session and back-channel logout', async () => {
    const response = await fetch(`${platform.issuer}/.well-known/openid-configuration`);
    assert.equal(response.status, 200);
    const doc = (await response.json()) as Record<string, unknown>;
    assert.equal(doc.issuer, platform.issuer);
    assert.deepEqual(doc.response_types_supported, ['code']);
    assert.deepEqual(doc.code_challenge_methods_supported, ['S256']);
    assert.equal(doc.end_session_endpoint, `${platform.issuer}/session/end`);
    assert.equal(doc.backchannel_logout_supported, true);
    assert.equal(doc.backchannel_logout_session_supported, true);
    assert.ok(String(doc.revocation_endpoint).startsWith(platform.issuer));
    assert.ok(String(doc.userinfo_endpoint).startsWith(platform.issuer));
    const scopes = doc.scopes_supported as string[];
    for (const scope of ['openid', 'profile', 'govdock', 'offline_access']) assert.ok(scopes.includes(scope), scope);
    const claims = doc.claims_supported as string[];
    for (const claim of ['user_type', 'real_name_level', 'id_number', 'credit_code', 'agent_name']) {
      assert.ok(claims.includes(claim), claim);
    }
    assert.ok((doc.grant_types_supported as string[]).includes('refresh_token'));
  });

  it('serves RS256 and ES256 public keys only', async () => {
    const jwks = (await (await fetch(`${platform.issuer}/jwks`)).json()) as { keys: Record<string, unknown>[] };
    assert.deepEqual(jwks.keys.map((key) => key.alg).sort(), ['ES256', 'RS256']);
    for (const key of jwks.keys) assert.equal(key.d, undefined);
  });

  it('serves a Chinese registration page whose back link only goes to registered clients', async () => {
    const back = 'http://127.0.0.1:9/govdock/';
    const ok = await fetch(`${platform.issuer}/register?return_to=${encodeURIComponent(back)}`);
    assert.equal(ok.status, 200);
    const html = await ok.text();
    assert.match(html, /<html lang="zh-CN">/);
    assert.match(html, /注册/);
    assert.ok(html.includes(`href="${back}"`));
    const evil = await (await fetch(`${platform.issuer}/register?return_to=https%3A%2F%2Fevil.example%2F`)).text();
    assert.ok(!evil.includes('evil.example'));
    assert.ok(evil.includes('href="/"'));
  });

  it('serves its stylesheet and a strict CSP without inline script', async () => {
    const css = await fetch(`${platform.issuer}/assets/platform.css`);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
    const home = await fetch(`${platform.issuer}/`);
    const csp = home.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /style-src 'self'/);
    assert.match(csp, /form-action 'self' http:\/\/127\.0\.0\.1:9/);
    assert.ok(!(await home.text()).includes('<script'));
  });

  it('serves an icon, so no page of the platform logs a 404 for it', async () => {
    for (const path of ['/favicon.svg', '/favicon.ico']) {
      const icon = await fetch(`${platform.issuer}${path}`);
      assert.equal(icon.status, 200, path);
      assert.equal(icon.headers.get('content-type'), 'image/svg+xml');
      assert.match(await icon.text(), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    }
    assert.match(await (await fetch(`${platform.issuer}/`)).text(), /<link rel="icon" href="\/favicon\.svg"/);
  });

  it('registers every site of the BFF and allows each site origin as a form action', async () => {
    const sites = [
      { redirectUri: 'http://127.0.0.2:8081/govdock/auth/callback', postLogoutRedirectUri: 'http://127.0.0.2:8081/' },
      {
        redirectUri: 'http://localhost:8082/zwfw/govdock/auth/callback',
        postLogoutRedirectUri: 'http://localhost:8082/',
      },
    ];
    const clients = defaultDevClients({
      bffBaseUrl: 'http://127.0.0.1:9/govdock',
      deptAppUrl: 'http://127.0.0.1:10/dept-app',
      bffSites: sites,
      bffReturnOrigins: ['https://harbin.gov.cn'],
    });
    const bff = clients[0];
    assert.deepEqual(bff?.redirect_uris, [
      'http://127.0.0.1:9/govdock/auth/callback',
      ...sites.map((s) => s.redirectUri),
    ]);
    assert.deepEqual(bff?.post_logout_redirect_uris, [
      'http://127.0.0.1:9/govdock/',
      ...sites.map((s) => s.postLogoutRedirectUri),
    ]);
    const withSites = await startDevAuthPlatform({ port: 0, clients });
    try {
      const csp = (await fetch(`${withSites.issuer}/`)).headers.get('content-security-policy') ?? '';
      const formAction = /form-action ([^;]+)/.exec(csp)?.[1]?.split(' ') ?? [];
      assert.deepEqual(formAction.sort(), [
        "'self'",
        'http://127.0.0.1:10',
        'http://127.0.0.1:9',
        'http://127.0.0.2:8081',
        'http://localhost:8082',
        'https://harbin.gov.cn',
      ]);
      // Our own client fields never reach oidc-provider (it refuses unknown metadata): discovery works.
      assert.equal((await fetch(`${withSites.issuer}/.well-known/openid-configuration`)).status, 200);
    } finally {
      await withSites.close();
    }
  });

  it('refuses to listen beyond loopback', async () => {
    await assert.rejects(
      startDevAuthPlatform({
        host: '0.0.0.0',
        port: 0,
        clients: defaultDevClients({ bffBaseUrl: 'http://127.0.0.1:9', deptAppUrl: 'http://127.0.0.1:9' }),
      }),
      /loopback/,
    );
  });
});
