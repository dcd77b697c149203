import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeTestApp } from './test-app.js';

describe('static files', () => {
  let root: string;
  let app: ReturnType<typeof makeTestApp>['app'];

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'govdock-static-'));
    const widgets = join(root, 'widgets', '0.1.0');
    mkdirSync(join(widgets, 'runtime'), { recursive: true });
    writeFileSync(join(widgets, 'loader.js'), 'export const loaded = true;\n');
    writeFileSync(join(widgets, 'loader.js.map'), '{"version":3}');
    writeFileSync(join(widgets, 'runtime', 'theme.css'), ':root{}');
    writeFileSync(join(widgets, 'sri.json'), '{}');
    writeFileSync(join(root, 'secret.txt'), 'do not serve');
    const demo = join(root, 'demo');
    mkdirSync(join(demo, 'gallery'), { recursive: true });
    writeFileSync(join(demo, 'index.html'), '<!doctype html><title>gallery</title>');
    writeFileSync(join(demo, 'gallery', 'index.html'), '<!doctype html><title>all widgets</title>');
    writeFileSync(join(demo, 'app.js'), 'console.log(1)');
    app = makeTestApp({ widgetsDir: join(root, 'widgets'), demoDir: demo }).app;
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('serves widget files with immutable caching and the right content types', async () => {
    for (const [file, type] of [
      ['loader.js', 'text/javascript'],
      ['loader.js.map', 'application/json'],
      ['runtime/theme.css', 'text/css'],
      ['sri.json', 'application/json'],
    ]) {
      const response = await app.request(`/widgets/0.1.0/${file}`);
      assert.equal(response.status, 200, file);
      assert.match(response.headers.get('Content-Type') ?? '', new RegExp(`^${type}`), file);
      assert.equal(response.headers.get('Cache-Control'), 'public, max-age=31536000, immutable');
      assert.equal(response.headers.get('Access-Control-Allow-Origin'), '*');
      assert.equal(response.headers.get('Cross-Origin-Resource-Policy'), 'cross-origin');
    }
    assert.equal(await (await app.request('/widgets/0.1.0/loader.js')).text(), 'export const loaded = true;\n');
  });

  it('answers HEAD like GET, without a body', async () => {
    for (const path of ['/widgets/0.1.0/loader.js', '/']) {
      const response = await app.request(path, { method: 'HEAD' });
      assert.equal(response.status, 200, path);
      assert.equal(await response.text(), '', path);
    }
  });

  it('answers 404 for a missing widget file', async () => {
    assert.equal((await app.request('/widgets/0.1.0/nope.js')).status, 404);
    assert.equal((await app.request('/widgets/9.9.9/loader.js')).status, 404);
  });

  it('refuses path traversal, encoded or not', async () => {
    for (const path of [
      '/widgets/0.1.0/..%2f..%2fsecret.txt',
      '/widgets/0.1.0/..%2F..%2Fsecret.txt',
      '/widgets/0.1.0/%2e%2e/%2e%2e/secret.txt',
      '/widgets/0.1.0/..%5c..%5csecret.txt',
      '/widgets/..%2fsecret.txt',
      '/..%2fsecret.txt',
      '/gallery/..%2f..%2fsecret.txt',
    ]) {
      const response = await app.request(path);
      assert.equal(response.status, 404, path);
      assert.doesNotMatch(await response.text(), /do not serve/, path);
    }
  });

  it('serves the gallery with index.html fallback and no-cache HTML', async () => {
    const home = await app.request('/');
    assert.equal(home.status, 200);
    assert.match(home.headers.get('Content-Type') ?? '', /text\/html/);
    assert.equal(home.headers.get('Cache-Control'), 'no-cache');
    assert.match(await home.text(), /gallery/);
    assert.match(await (await app.request('/gallery')).text(), /all widgets/);
    assert.match(await (await app.request('/gallery/')).text(), /all widgets/);
    const script = await app.request('/app.js');
    assert.match(script.headers.get('Content-Type') ?? '', /text\/javascript/);
    assert.notEqual(script.headers.get('Cache-Control'), 'no-cache');
  });

  it('does not let the gallery shadow API routes added later', async () => {
    const withSession = makeTestApp({ demoDir: join(root, 'demo') }).app;
    withSession.get('/api/v1/later', (c) => c.json({ user: null }));
    const response = await withSession.request('/api/v1/later', { headers: { 'X-CSRF': '1' } });
    assert.deepEqual(await response.json(), { user: null });
  });

  it('explains how to build when there is nothing to serve yet', async () => {
    const bare = makeTestApp().app;
    const response = await bare.request('/');
    assert.equal(response.status, 200);
    const page = await response.text();
    assert.match(page, /npm run build/);
    assert.match(page, /尚未构建/);
    assert.doesNotMatch(page, /<script/);
  });

  it('can revalidate widget files while developing', async () => {
    const dev = makeTestApp({ widgetsDir: join(root, 'widgets'), config: { widgetCaching: 'revalidate' } }).app;
    const response = await dev.request('/widgets/0.1.0/loader.js');
    assert.equal(response.headers.get('Cache-Control'), 'no-cache');
  });
});
