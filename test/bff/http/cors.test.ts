import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CSRF, makeTestApp } from './test-app.js';

const SITE = 'https://harbin.gov.cn';

describe('CORS allow-list', () => {
  const { app } = makeTestApp({ config: { allowedOrigins: [SITE], deploymentMode: 'cross-site' } });

  it('gives a listed origin Allow-Origin and credentials', async () => {
    const response = await app.request('/api/v1/meta', { headers: { ...CSRF, Origin: SITE } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), SITE);
    assert.equal(response.headers.get('Access-Control-Allow-Credentials'), 'true');
    assert.match(response.headers.get('Vary') ?? '', /Origin/);
  });

  it('gives an unlisted origin no CORS headers at all', async () => {
    const response = await app.request('/api/v1/meta', { headers: { ...CSRF, Origin: 'https://evil.example' } });
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), null);
    assert.equal(response.headers.get('Access-Control-Allow-Credentials'), null);
  });

  it('answers a listed preflight, allowing the CSRF header', async () => {
    const response = await app.request('/api/v1/meta', {
      method: 'OPTIONS',
      headers: { Origin: SITE, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-csrf' },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), SITE);
    assert.match(response.headers.get('Access-Control-Allow-Headers') ?? '', /X-CSRF/);
    assert.equal(response.headers.get('Access-Control-Allow-Credentials'), 'true');
  });

  it('answers an unlisted preflight without allowing anything', async () => {
    const response = await app.request('/api/v1/meta', {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), null);
    assert.equal(response.headers.get('Access-Control-Allow-Methods'), null);
  });

  it('lets any origin read widget files, without credentials', async () => {
    const response = await app.request('/widgets/0.1.0/missing.js', { headers: { Origin: 'https://evil.example' } });
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), '*');
    assert.equal(response.headers.get('Access-Control-Allow-Credentials'), null);
  });
});
