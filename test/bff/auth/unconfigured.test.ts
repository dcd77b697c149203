import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CSRF, makeTestApp } from '../http/test-app.js';

describe('/auth without an identity platform configured', () => {
  const { app } = makeTestApp();

  it('answers /auth/session anonymous', async () => {
    const response = await app.request('/auth/session', { headers: CSRF });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await response.json(), { authenticated: false });
  });

  it('answers /auth/login with a clear Chinese 503', async () => {
    const response = await app.request('/auth/login?return_to=https://harbin.gov.cn/');
    assert.equal(response.status, 503);
    const body = (await response.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'auth_not_configured');
    assert.match(body.error.message, /统一身份认证/);
  });
});
