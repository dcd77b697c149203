import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { basePathOf, ConfigError, loadConfig } from '../../bff/config.js';

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has working defaults with an empty environment', () => {
    const config = loadConfig({});
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 8787);
    assert.equal(config.deploymentMode, 'same-origin');
    assert.deepEqual(config.allowedOrigins, []);
    assert.equal(config.widgetsDir, 'dist/widgets');
    assert.equal(config.demoDir, 'dist/demo');
    assert.equal(config.widgetCaching, 'immutable');
  });

  it('names port (PORT) when PORT is not a port', () => {
    for (const bad of ['eighty', '70000', '0', '12.5']) {
      const error = configErrorOf(() => loadConfig({ PORT: bad }));
      assert.equal(error.issues[0]?.key, 'port (PORT)', bad);
      assert.match(error.message, /port \(PORT\)/);
    }
  });

  it('names databaseUrl (DATABASE_URL) and what is allowed when it is not a PostgreSQL URL', () => {
    const error = configErrorOf(() => loadConfig({ DATABASE_URL: 'mysql://db/govdock' }));
    assert.equal(error.issues[0]?.key, 'databaseUrl (DATABASE_URL)');
    assert.match(error.message, /postgres:\/\//);
  });

  it('lists the allowed values of an enum', () => {
    const error = configErrorOf(() => loadConfig({ DEPLOYMENT_MODE: 'central' }));
    assert.equal(error.issues[0]?.key, 'deploymentMode (DEPLOYMENT_MODE)');
    assert.match(error.message, /same-origin/);
    assert.match(error.message, /cross-site/);
  });

  it('reads a JSON file named by GOVDOCK_CONFIG, with the environment winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'govdock-config-'));
    try {
      const file = join(dir, 'govdock.json');
      writeFileSync(
        file,
        JSON.stringify({
          port: 9000,
          deploymentMode: 'cross-site',
          allowedOrigins: ['https://harbin.gov.cn', 'https://hlj.gov.cn'],
          simulator: { enabled: false },
        }),
      );
      const config = loadConfig({ GOVDOCK_CONFIG: file, PORT: '9100' });
      assert.equal(config.port, 9100);
      assert.equal(config.deploymentMode, 'cross-site');
      assert.deepEqual(config.allowedOrigins, ['https://harbin.gov.cn', 'https://hlj.gov.cn']);
      assert.equal(config.simulator.enabled, false);
      assert.equal(config.simulator.tickSeconds, 5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names GOVDOCK_CONFIG when the file cannot be read', () => {
    const error = configErrorOf(() => loadConfig({ GOVDOCK_CONFIG: '/nonexistent/govdock.json' }));
    assert.equal(error.issues[0]?.key, 'GOVDOCK_CONFIG');
  });

  it('reads SIMULATOR_ENABLED=false as false (not as a truthy string)', () => {
    assert.equal(loadConfig({ SIMULATOR_ENABLED: 'false' }).simulator.enabled, false);
    assert.equal(loadConfig({ SIMULATOR_ENABLED: '0' }).simulator.enabled, false);
    assert.equal(loadConfig({ SIMULATOR_ENABLED: 'true' }).simulator.enabled, true);
    const error = configErrorOf(() => loadConfig({ SIMULATOR_ENABLED: 'maybe' }));
    assert.equal(error.issues[0]?.key, 'simulator.enabled (SIMULATOR_ENABLED)');
  });

  it('splits ALLOWED_ORIGINS on commas', () => {
    assert.deepEqual(loadConfig({ ALLOWED_ORIGINS: 'https://a.gov.cn, https://b.gov.cn,' }).allowedOrigins, [
      'https://a.gov.cn',
      'https://b.gov.cn',
    ]);
  });

  it('treats an empty variable as unset', () => {
    assert.equal(loadConfig({ DATABASE_URL: '', PORT: '' }).databaseUrl, undefined);
  });

  it('derives the base path from publicBaseUrl', () => {
    assert.equal(basePathOf(loadConfig({})), '');
    assert.equal(basePathOf(loadConfig({ PUBLIC_BASE_URL: 'https://harbin.gov.cn/govdock/' })), '/govdock');
    assert.equal(basePathOf(loadConfig({ PUBLIC_BASE_URL: 'https://bff.hlj.gov.cn' })), '');
  });
});

describe('loadConfig: auth (统一身份认证)', () => {
  const AUTH_ENV = {
    PUBLIC_BASE_URL: 'https://harbin.gov.cn/govdock',
    AUTH_ISSUER: 'https://id.hlj.gov.cn',
    AUTH_CLIENT_ID: 'govdock-bff',
    AUTH_CLIENT_SECRET: 'secret',
  };

  it('leaves auth out when no AUTH_* variable is set (anonymous only)', () => {
    assert.equal(loadConfig({}).auth, undefined);
  });

  it('reads the auth section from the environment, with defaults', () => {
    const auth = loadConfig({
      ...AUTH_ENV,
      AUTH_RETURN_TO_ALLOWED: 'https://harbin.gov.cn, https://hlj.gov.cn/zwfw/',
      AUTH_HOME_URL: 'https://harbin.gov.cn/',
      AUTH_REGISTER_URL: 'https://id.hlj.gov.cn/register',
    }).auth;
    assert.ok(auth);
    assert.equal(auth.dialect, 'oidc');
    assert.equal(auth.discovery, true);
    assert.deepEqual(auth.scopes, ['openid', 'profile', 'phone', 'govdock']);
    assert.deepEqual(auth.returnTo.allowed, ['https://harbin.gov.cn', 'https://hlj.gov.cn/zwfw/']);
    assert.equal(auth.returnTo.home, 'https://harbin.gov.cn/');
    assert.equal(auth.registerUrl, 'https://id.hlj.gov.cn/register');
    assert.equal(auth.sessionIdleMinutes, 30);
    assert.equal(auth.sessionAbsoluteHours, 8);
    assert.equal(auth.tokenEndpointAuthMethod, 'client_secret_basic');
    assert.equal(auth.claims.idNumber, 'id_number');
  });

  it('names the missing key when auth is half configured', () => {
    const error = configErrorOf(() =>
      loadConfig({ AUTH_ISSUER: 'https://id.hlj.gov.cn', PUBLIC_BASE_URL: 'https://a.gov.cn' }),
    );
    assert.ok(error.issues.some((issue) => issue.key === 'auth.clientId (AUTH_CLIENT_ID)'));
    assert.ok(error.issues.some((issue) => issue.key === 'auth.clientSecret (AUTH_CLIENT_SECRET)'));
  });

  it('requires publicBaseUrl with auth (redirect_uri is never taken from Host)', () => {
    const { PUBLIC_BASE_URL: _unused, ...withoutBase } = AUTH_ENV;
    const error = configErrorOf(() => loadConfig(withoutBase));
    assert.equal(error.issues[0]?.key, 'publicBaseUrl (PUBLIC_BASE_URL)');
  });

  it('refuses return_to entries with a query, a fragment or a non-http scheme', () => {
    for (const bad of ['https://a.gov.cn/?x=1', 'https://a.gov.cn/#x', 'javascript:alert(1)', '*.gov.cn']) {
      const error = configErrorOf(() => loadConfig({ ...AUTH_ENV, AUTH_RETURN_TO_ALLOWED: bad }));
      assert.equal(error.issues[0]?.key, 'auth.returnTo.allowed (AUTH_RETURN_TO_ALLOWED)', bad);
    }
  });

  it('requires static endpoints when discovery is off', () => {
    const error = configErrorOf(() => loadConfig({ ...AUTH_ENV, AUTH_DISCOVERY: 'false' }));
    assert.equal(error.issues[0]?.key, 'auth.endpoints');
  });

  it('lists the allowed dialects', () => {
    const error = configErrorOf(() => loadConfig({ ...AUTH_ENV, AUTH_DIALECT: 'cas' }));
    assert.equal(error.issues[0]?.key, 'auth.dialect (AUTH_DIALECT)');
    assert.match(error.message, /oidc/);
  });
});
