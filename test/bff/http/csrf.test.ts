import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CSRF, makeTestApp } from './test-app.js';

const refusal = { error: { code: 'csrf_header_missing', message: '请求缺少安全校验头，已拒绝' } };

describe('CSRF header check', () => {
  const { app } = makeTestApp();

  it('refuses a POST to the API without X-CSRF', async () => {
    const response = await app.request('/api/v1/meta', { method: 'POST' });
    assert.equal(response.status, 403);
    assert.deepEqual(await response.json(), refusal);
  });

  it('refuses a GET to the API without X-CSRF (reads are protected too)', async () => {
    const response = await app.request('/api/v1/meta');
    assert.equal(response.status, 403);
    assert.deepEqual(await response.json(), refusal);
  });

  it('refuses an unknown API path without X-CSRF before routing', async () => {
    const response = await app.request('/api/v9/does-not-exist');
    assert.equal(response.status, 403);
  });

  it('refuses the operator API without X-CSRF', async () => {
    assert.equal((await app.request('/admin/v1/sync')).status, 403);
  });

  it('refuses a wrong header value', async () => {
    assert.equal((await app.request('/api/v1/meta', { headers: { 'X-CSRF': 'yes' } })).status, 403);
  });

  it('answers the API with X-CSRF: 1', async () => {
    const response = await app.request('/api/v1/meta', { headers: CSRF });
    assert.equal(response.status, 200);
  });

  it('refuses a POST under /auth without X-CSRF', async () => {
    for (const path of ['/auth/logout', '/auth/anything']) {
      const response = await app.request(path, { method: 'POST' });
      assert.equal(response.status, 403, path);
      assert.deepEqual(await response.json(), refusal);
    }
  });

  it('refuses GET /auth/session without X-CSRF (widget code reads it with fetch)', async () => {
    const response = await app.request('/auth/session');
    assert.equal(response.status, 403);
    assert.deepEqual(await response.json(), refusal);
  });

  it('lets top-level navigations under /auth through (GET login, callback)', async () => {
    // Without an auth section the route answers 503 auth_not_configured; the point is: not a 403.
    assert.notEqual((await app.request('/auth/login?return_to=/')).status, 403);
    assert.notEqual((await app.request('/auth/callback?code=x&state=y')).status, 403);
  });

  it('does not block the platform receivers, which are verified otherwise', async () => {
    for (const path of ['/auth/backchannel-logout', '/auth/logout-notify']) {
      const response = await app.request(path, { method: 'POST', body: 'logout_token=x' });
      assert.notEqual(response.status, 403, path);
    }
  });

  it('still refuses other methods on the platform receivers without the header', async () => {
    assert.equal((await app.request('/auth/backchannel-logout', { method: 'DELETE' })).status, 403);
  });

  it('applies under the BFF base path too', async () => {
    const mounted = makeTestApp({ config: { publicBaseUrl: 'https://harbin.gov.cn/govdock' } }).app;
    assert.equal((await mounted.request('/govdock/api/v1/meta')).status, 403);
    assert.equal((await mounted.request('/govdock/api/v1/meta', { headers: CSRF })).status, 200);
    assert.notEqual((await mounted.request('/govdock/auth/backchannel-logout', { method: 'POST' })).status, 403);
  });
});
