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
