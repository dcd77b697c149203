/**
 * The doctor's unified-auth checks against real servers: the development OIDC platform
 * (node-oidc-provider) for discovery, JWKS and endpoints; a closed port for an oauth2 profile; and
 * an https server with a self-signed certificate for the TLS verdict.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../../../bff/config.js';
import { defaultDevClients, startDevAuthPlatform } from '../../../../bff/dev/auth-platform/index.js';
import { authChecks } from '../../../../bff/sync/doctor/auth-checks.js';
import { probeTls } from '../../../../bff/sync/doctor/tls-probe.js';
import { freePort } from '../../../support/start-product.js';

const byId = (checks: { id: string }[], id: string) => {
  const found = checks.find((check) => check.id === id);
  assert.ok(found, `check ${id} in ${checks.map((check) => check.id).join(', ')}`);
  return found as (typeof checks)[number] & { status: string; summary: string; evidence: string[] };
};

describe('doctor: unified-auth platform checks', () => {
  let platform: Awaited<ReturnType<typeof startDevAuthPlatform>>;
  let tlsServer: Server;
  let tlsPort: number;
  const tlsDir = mkdtempSync(join(tmpdir(), 'govdock-doctor-tls-'));

  before(async () => {
    platform = await startDevAuthPlatform({
      port: 0,
      clients: defaultDevClients({ bffBaseUrl: 'http://127.0.0.1:9', deptAppUrl: 'http://127.0.0.1:9/dept-app' }),
    });
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-keyout',
        join(tlsDir, 'key.pem'),
        '-out',
        join(tlsDir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    tlsServer = createHttpsServer(
      { key: readFileSync(join(tlsDir, 'key.pem')), cert: readFileSync(join(tlsDir, 'cert.pem')) },
      (_request, response) => response.end('{}'),
    );
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    tlsPort = (tlsServer.address() as AddressInfo).port;
  });
  after(async () => {
    await platform?.close();
    await new Promise((resolve) => tlsServer?.close(resolve));
    rmSync(tlsDir, { recursive: true, force: true });
  });

  it('says so when no platform is configured (a warning: anonymous only)', async () => {
    const checks = await authChecks(loadConfig({}, {}));
    assert.equal(checks.length, 1);
    assert.equal(checks[0]?.status, 'warn');
    assert.match(checks[0]?.summary ?? '', /未配置统一身份认证/);
  });

  it('reaches discovery, JWKS and every endpoint of an OIDC platform', async () => {
    const config = loadConfig(
      {},
      {
        publicBaseUrl: 'http://127.0.0.1:9',
        'auth.issuer': platform.issuer,
        'auth.clientId': 'govdock-bff',
        'auth.clientSecret': 'secret-not-sent',
      },
    );
    const checks = await authChecks(config);
    assert.equal(byId(checks, 'auth.discovery').status, 'pass');
    const jwks = byId(checks, 'auth.endpoint.jwks');
    assert.equal(jwks.status, 'pass');
    assert.match(jwks.summary, /签名公钥可用/);
    for (const key of ['authorization', 'token', 'userinfo', 'end_session']) {
      const check = byId(checks, `auth.endpoint.${key}`);
      assert.equal(check.status, 'pass', `${key}: ${check.summary}`);
      assert.match(check.evidence[0] ?? '', /HTTP \d{3}/);
    }
    // http on loopback is the development platform: fine to use, not fit for acceptance.
    const tls = byId(checks, `auth.tls.${new URL(platform.issuer).host}`);
    assert.equal(tls.status, 'warn');
    assert.ok(!JSON.stringify(checks).includes('secret-not-sent'), 'the client secret is never reported');
  });

  it('fails when the issuer in the discovery document is not the configured one', async () => {
    const issuer = platform.issuer.replace('127.0.0.1', 'localhost');
    const config = loadConfig(
      {},
      { publicBaseUrl: 'http://127.0.0.1:9', 'auth.issuer': issuer, 'auth.clientId': 'c', 'auth.clientSecret': 's' },
    );
    const discovery = byId(await authChecks(config), 'auth.discovery');
    assert.equal(discovery.status, 'fail');
    assert.match(discovery.summary, /issuer 与配置不一致/);
  });

  it('fails every endpoint of an oauth2 profile whose platform does not answer', async () => {
    const port = await freePort();
    const config = loadConfig(
      {},
      {
        publicBaseUrl: 'http://127.0.0.1:9',
        'auth.dialect': 'oauth2',
        'auth.profile': 'epoint',
        'auth.profileOverrides.baseUrl': `http://127.0.0.1:${port}`,
        'auth.clientId': 'app',
        'auth.clientSecret': 's',
      },
    );
    const checks = await authChecks(config, { timeoutMs: 3000 });
    const token = byId(checks, 'auth.endpoint.token');
    assert.equal(token.status, 'fail');
    assert.match(token.evidence[0] ?? '', /连接被拒绝.*\[ECONNREFUSED\]/);
    assert.match(token.evidence[0] ?? '', new RegExp(`^GET http://127\\.0\\.0\\.1:${port}/`));
    assert.ok(checks.some((check) => check.id === 'auth.endpoint.authorize'));
  });

  it('fails TLS and the endpoint on a certificate Node does not trust, with the reason', async () => {
    const base = `https://127.0.0.1:${tlsPort}`;
    const config = loadConfig(
      {},
      {
        publicBaseUrl: 'http://127.0.0.1:9',
        'auth.issuer': base,
        'auth.discovery': false,
        'auth.endpoints': { authorization: `${base}/authorize`, token: `${base}/token`, jwks: `${base}/jwks` },
        'auth.clientId': 'c',
        'auth.clientSecret': 's',
      },
    );
    const checks = await authChecks(config);
    const tls = byId(checks, `auth.tls.127.0.0.1:${tlsPort}`);
    assert.equal(tls.status, 'fail');
    assert.match(tls.summary, /证书不受信任/);
    assert.ok(tls.evidence.some((line) => /DEPTH_ZERO_SELF_SIGNED_CERT/.test(line)));
    assert.ok(
      tls.evidence.some((line) => /剩余 [12] 天/.test(line)),
      tls.evidence.join(' | '),
    );
    const token = byId(checks, 'auth.endpoint.token');
    assert.equal(token.status, 'fail');
    assert.match(token.evidence[0] ?? '', /自签名/);
  });

  it('describes a certificate: subject, protocol, days left', async () => {
    const probe = await probeTls('127.0.0.1', tlsPort);
    assert.equal(probe.connected, true);
    assert.equal(probe.authorized, false);
    assert.equal(probe.subject, 'localhost');
    assert.match(probe.protocol ?? '', /^TLSv1\.[23]$/);
    assert.ok(probe.daysLeft !== undefined && probe.daysLeft >= 1 && probe.daysLeft <= 2);
  });
});
