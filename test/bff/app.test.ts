import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import type { AppDeps } from '../../bff/app.js';
import { createLogger } from '../../bff/observability/logger.js';
import type { Store } from '../../bff/store/store.js';
import { CSRF, makeTestApp } from './http/test-app.js';

// Compile-time: the real Store is an acceptable `store` dependency (only `query` is used here).
type StoreFits = Store extends AppDeps['store'] ? true : never;
const storeFits: StoreFits = true;
void storeFits;

const packageVersion = (await import('../../package.json', { with: { type: 'json' } })).default.version;

describe('createApp: middleware order', () => {
  const SITE = 'https://harbin.gov.cn';
  const testApp = makeTestApp({ config: { allowedOrigins: [SITE] } });
  const { app } = testApp;

  it('puts request id, secure headers and CORS even on a CSRF refusal (they run before it)', async () => {
    const response = await app.request('/api/v1/meta', { headers: { Origin: SITE, 'X-Request-Id': 'req-123' } });
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('X-Request-Id'), 'req-123');
    assert.ok(response.headers.get('Content-Security-Policy'));
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), SITE);
    const logged = testApp.logs().find((line) => line.reqId === 'req-123');
    assert.equal(logged?.status, 403, 'the access log wraps the CSRF check');
  });

  it('answers a CORS preflight before the CSRF check (a preflight never carries X-CSRF)', async () => {
    const response = await app.request('/api/v1/meta', {
      method: 'OPTIONS',
      headers: { Origin: SITE, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-csrf' },
    });
    assert.equal(response.status, 204);
  });

  it('generates a request id when none is given', async () => {
    const response = await app.request('/healthz');
    assert.match(response.headers.get('X-Request-Id') ?? '', /^[0-9a-f-]{36}$/);
  });
});

describe('createApp: secure headers', () => {
  const { app } = makeTestApp();

  it('sends a CSP without inline scripts, and the usual hardening headers', async () => {
    const response = await app.request('/');
    const csp = response.headers.get('Content-Security-Policy') ?? '';
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /script-src[^;]*unsafe-(inline|eval)/);
    assert.match(csp, /object-src 'none'/);
    assert.equal(response.headers.get('X-Content-Type-Options'), 'nosniff');
    assert.equal(response.headers.get('Referrer-Policy'), 'no-referrer');
    assert.ok(response.headers.get('Strict-Transport-Security'));
    assert.equal(response.headers.get('X-Powered-By'), null);
    assert.match(csp, /connect-src 'self'(;|$)/);
  });

  it('lets our pages call the embedded development platform, and only that platform', async () => {
    const docked = {
      publicBaseUrl: 'http://127.0.0.1:8787',
      'auth.issuer': 'http://127.0.0.1:8788',
      'auth.clientId': 'govdock-bff',
      'auth.clientSecret': 'secret',
    };
    const dev = makeTestApp({ config: docked }).app;
    const devCsp = (await dev.request('/')).headers.get('Content-Security-Policy') ?? '';
    assert.match(devCsp, /connect-src 'self' http:\/\/127\.0\.0\.1:8788(;|$)/);

    const province = makeTestApp({ config: { ...docked, 'auth.issuer': 'https://ids.example.gov.cn' } }).app;
    const provinceCsp = (await province.request('/')).headers.get('Content-Security-Policy') ?? '';
    assert.match(provinceCsp, /connect-src 'self'(;|$)/);
  });
});

describe('GET /api/v1/meta', () => {
  it('tells widgets who and which API version answers', async () => {
    const { app } = makeTestApp({ config: { deploymentMode: 'cross-site' } });
    const response = await app.request('/api/v1/meta', { headers: CSRF });
    assert.deepEqual(await response.json(), {
      name: 'GovDock',
      version: packageVersion,
      deploymentMode: 'cross-site',
      apiVersion: 'v1',
    });
  });

  it('answers under the BFF base path and without it (gateways may strip the prefix)', async () => {
    const { app } = makeTestApp({ config: { publicBaseUrl: 'https://harbin.gov.cn/govdock' } });
    assert.equal((await app.request('/govdock/api/v1/meta', { headers: CSRF })).status, 200);
    assert.equal((await app.request('/api/v1/meta', { headers: CSRF })).status, 200);
    assert.equal((await app.request('/govdock/healthz')).status, 200);
  });
});

describe('operations endpoints', () => {
  it('/healthz is ok while the process runs, even when the store is down', async () => {
    const { app } = makeTestApp({ store: { query: () => Promise.reject(new Error('down')) } });
    const response = await app.request('/healthz');
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
  });

  it('/readyz is 200 when the store answers select 1', async () => {
    const asked: string[] = [];
    const { app } = makeTestApp({
      store: {
        query: async (text: string) => {
          asked.push(text);
          return { rows: [{ '?column?': 1 }] };
        },
      },
    });
    const response = await app.request('/readyz');
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ready', checks: { store: 'ok' } });
    assert.deepEqual(asked, ['select 1']);
  });

  it('/readyz is 503 JSON when the store ping throws, and does not leak the reason', async () => {
    const testApp = makeTestApp({
      store: { query: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432')) },
    });
    const response = await testApp.app.request('/readyz');
    assert.equal(response.status, 503);
    const text = await response.text();
    assert.deepEqual(JSON.parse(text), { status: 'unavailable', checks: { store: 'unavailable' } });
    assert.doesNotMatch(text, /ECONNREFUSED/);
    assert.match(testApp.rawLogs(), /ECONNREFUSED/);
  });

  it('/metrics exposes the request counter by route pattern, and process metrics', async () => {
    const { app } = makeTestApp();
    await app.request('/api/v1/meta', { headers: CSRF });
    await app.request('/api/v1/meta');
    const response = await app.request('/metrics');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('Content-Type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    assert.match(text, /http_requests_total\{method="GET",route="\/api\/v1\/meta",status="200"\} 1/);
    assert.match(text, /http_requests_total\{method="GET",route="other",status="403"\} 1/);
    assert.match(text, /http_request_duration_seconds_bucket\{/);
    assert.match(text, /process_cpu_user_seconds_total/);
    assert.match(text, /govdock_event_subscribers 0/);
  });

  it('keeps a registry per app, so apps do not share counters', async () => {
    const first = makeTestApp().app;
    const second = makeTestApp().app;
    await first.request('/healthz');
    const text = await (await second.request('/metrics')).text();
    assert.doesNotMatch(text, /route="\/healthz"/);
  });
});

describe('logging', () => {
  it('masks a 身份证号 and a mobile number in messages, fields and errors', () => {
    let raw = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        raw += chunk.toString();
        done();
      },
    });
    const logger = createLogger({ logLevel: 'info' }, sink);
    logger.info(
      { applyer_page_code: '23010219900307123X', contact: { mobile: '13912345678' }, applyerName: '张三丰' },
      '查询办件 申请人 230102199003071234 电话 13812345678',
    );
    logger.child({ phone: '13700001111' }).error(new Error('lookup failed for 230102199003071234'));
    assert.doesNotMatch(raw, /23010219900307123X|230102199003071234|13912345678|13812345678|13700001111|张三丰/);
    assert.match(raw, /2301\*{10}1234/);
    assert.match(raw, /2301\*{10}123X/);
    assert.match(raw, /138\*{4}5678/);
    assert.match(raw, /139\*{4}5678/);
    assert.match(raw, /137\*{4}1111/);
    assert.match(raw, /张\*\*/);
  });

  it('masks personal data in the query string of the access log', async () => {
    const testApp = makeTestApp();
    await testApp.app.request('/api/v1/case-lookup?idNumber=230102199003071234&mobile=13812345678', {
      headers: CSRF,
    });
    const raw = testApp.rawLogs();
    assert.match(raw, /case-lookup\?idNumber=2301\*{10}1234&mobile=138\*{4}5678/);
    assert.doesNotMatch(raw, /230102199003071234|13812345678/);
  });
});
