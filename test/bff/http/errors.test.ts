import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HTTPException } from 'hono/http-exception';
import { AppError, unauthenticated } from '../../../bff/http/errors.js';
import { CSRF, makeTestApp } from './test-app.js';

describe('errors', () => {
  const testApp = makeTestApp();
  const { app } = testApp;
  app.get('/api/v1/test/app-error', () => {
    throw new AppError(409, 'case_already_evaluated', '该办件已评价');
  });
  app.get('/api/v1/test/unauthenticated', () => {
    throw unauthenticated();
  });
  app.get('/api/v1/test/crash', () => {
    throw new Error('db exploded while reading 110101199003071234 / 13812345678');
  });
  app.get('/api/v1/test/http-exception', () => {
    throw new HTTPException(413, { message: 'too large' });
  });

  it('turns an AppError into { error: { code, message } } with its status', async () => {
    const response = await app.request('/api/v1/test/app-error', { headers: CSRF });
    assert.equal(response.status, 409);
    assert.deepEqual(await response.json(), { error: { code: 'case_already_evaluated', message: '该办件已评价' } });
  });

  it('answers 401 JSON to XHR, never a redirect', async () => {
    const response = await app.request('/api/v1/test/unauthenticated', { headers: CSRF });
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('Location'), null);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'unauthenticated');
  });

  it('hides unknown errors behind internal_error, without a stack', async () => {
    const response = await app.request('/api/v1/test/crash', { headers: CSRF });
    assert.equal(response.status, 500);
    const text = await response.text();
    assert.deepEqual(JSON.parse(text), { error: { code: 'internal_error', message: '服务暂时不可用，请稍后再试' } });
    assert.doesNotMatch(text, /exploded|at .*\.ts/);
  });

  it('logs the unknown error with PII masked', () => {
    const logged = testApp.rawLogs();
    assert.match(logged, /db exploded/);
    assert.match(logged, /1101\*{10}1234/);
    assert.match(logged, /138\*{4}5678/);
    assert.doesNotMatch(logged, /110101199003071234|13812345678/);
  });

  it('gives framework errors a Chinese message and keeps their status', async () => {
    const response = await app.request('/api/v1/test/http-exception', { headers: CSRF });
    assert.equal(response.status, 413);
    assert.deepEqual(await response.json(), { error: { code: 'payload_too_large', message: '提交的内容过大' } });
  });

  it('answers JSON 404 not_found under /api and /auth', async () => {
    for (const [path, init] of [
      ['/api/v1/nothing', { headers: CSRF }],
      ['/auth/nothing', {}],
    ] as const) {
      const response = await app.request(path, init);
      assert.equal(response.status, 404, path);
      assert.match(response.headers.get('Content-Type') ?? '', /application\/json/);
      assert.deepEqual(await response.json(), { error: { code: 'not_found', message: '请求的资源不存在' } });
    }
  });

  it('answers JSON under /admin too: 503 admin_not_configured while no operator token is set', async () => {
    const response = await app.request('/admin/v1/nothing', { headers: CSRF });
    assert.equal(response.status, 503);
    assert.match(response.headers.get('Content-Type') ?? '', /application\/json/);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'admin_not_configured');
  });
});
