/**
 * The widget build and the loader, tested on what ships: `vite build` into a temporary folder laid out as a
 * BFF serves it (`/govdock/widgets/<version>/`), the post-build step over it, then the real loader.js in
 * Debian's Chromium behind a strict CSP (no 'unsafe-inline', no 'unsafe-eval').
 *
 * Why a node test and not @web/test-runner: the loader's whole job is to fetch sibling files by URL
 * (`./gov-login.js` next to `loader.js`), which only exists after a build; `npm test` runs node tests before
 * the build stage, so this test builds for itself and never touches dist/.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { squeezeCss, widgetTags } from '../../vite.config.js';
import { postBuild, type PostBuildResult } from '../../widgets/build/post-build.js';
import { launchChromium, newWatchedContext, watchPage } from '../e2e/browser.js';

const root = new URL('../..', import.meta.url).pathname;
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'";

const work = mkdtempSync(join(tmpdir(), 'govdock-widgets-'));
const out = join(work, 'govdock', 'widgets', version);
let result: PostBuildResult;

/** Serves `work` plus test pages and two stand-in BFF session endpoints, with the strict CSP on pages. */
function serve(pages: Record<string, string>): Promise<{ origin: string; server: Server }> {
  const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const json = (body: unknown) => {
      res.writeHead(req.headers['x-csrf'] === '1' ? 200 : 403, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    if (path === '/govdock/auth/session') return json({ authenticated: false, user: null });
    if (path === '/other-bff/auth/session')
      return json({ authenticated: true, user: { displayName: '王*', userType: 'natural', level: 'realname' } });
    if (path === '/govdock/events' || path === '/other-bff/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      return void res.write(': open\n\n');
    }
    if (pages[path] !== undefined) {
      const isScript = path.endsWith('.js');
      res.writeHead(200, {
        'Content-Type': isScript ? 'text/javascript' : 'text/html; charset=utf-8',
        'Content-Security-Policy': CSP,
      });
      return void res.end(pages[path]);
    }
    try {
      const body = readFileSync(join(work, path));
      res.writeHead(200, { 'Content-Type': types[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }),
    ),
  );
}

before(() => {
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', out], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(build.status, 0, build.stderr + build.stdout);
  result = postBuild(out);
});
after(() => rmSync(work, { recursive: true, force: true }));

describe('widget build', () => {
  it('emits loader.js, one shared runtime.js and one file per widget, with fixed names', () => {
    const scripts = readdirSync(out).filter((name) => name.endsWith('.js'));
    const expected = [...widgetTags().map((tag) => `${tag}.js`), 'loader.js', 'runtime.js'];
    assert.deepEqual(scripts.sort(), expected.sort());
    assert.ok(expected.includes('gov-login.js'), 'widgetTags() found the widget folders');
    for (const file of ['sri.json', 'custom-elements.json', 'THIRD-PARTY-NOTICES.txt', 'default.css'])
      assert.ok(readdirSync(out).includes(file), `${file} missing`);
  });

  it('passes the shape and CSP checks: standalone loader, widgets importing runtime.js, no eval', () => {
    const shape = result.problems.filter((problem) => !problem.includes('budget'));
    assert.deepEqual(shape, []);
    const widget = readFileSync(join(out, 'gov-login.js'), 'utf8');
    assert.match(widget, /from"\.\/runtime\.js"/);
    assert.ok(!/\bfrom\s*["']/.test(readFileSync(join(out, 'loader.js'), 'utf8')), 'loader has a static import');
  });

  it('keeps every script within its gzip budget (loader 2 kB, runtime 9 kB, widget 12 kB)', () => {
    const over = result.sizes.filter((size) => size.budget !== undefined && size.gzip > size.budget);
    assert.deepEqual(
      over.map(({ file, gzip, budget }) => `${file}: ${gzip} B > ${budget} B`),
      [],
    );
  });

  it('publishes a sha384 integrity for every file', () => {
    const sri = JSON.parse(readFileSync(join(out, 'sri.json'), 'utf8')) as Record<string, string>;
    const files = readdirSync(out).filter((name) => name !== 'sri.json');
    assert.deepEqual(Object.keys(sri).sort(), files.sort());
    for (const file of files) {
      const digest = createHash('sha384')
        .update(readFileSync(join(out, file)))
        .digest('base64');
      assert.equal(sri[file], `sha384-${digest}`, file);
    }
  });

  it('documents <gov-login> in custom-elements.json: attributes, events, parts, CSS properties', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'custom-elements.json'), 'utf8')) as {
      modules: { declarations?: Record<string, unknown>[] }[];
    };
    const login = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'gov-login');
    assert.ok(login, 'no gov-login declaration');
    const names = (key: string) => ((login[key] ?? []) as { name: string }[]).map((item) => item.name).sort();
    assert.deepEqual(names('attributes'), ['elder', 'lang', 'return-to', 'silent-check', 'space-href']);
    assert.deepEqual(names('events'), ['gov-error', 'gov-login-before-navigate', 'gov-login-changed', 'gov-ready']);
    for (const part of ['badge', 'button', 'menu']) assert.ok(names('cssParts').includes(part), part);
    assert.ok(names('cssProperties').length > 0);
  });

  it('squeezes css`` text without changing what it means', () => {
    const css = `
      /* comment */
      .a :hover, .b > .c {
        content: '  two  spaces ; { } ';
        width: calc(1em + 2px);
      }
    `;
    assert.equal(squeezeCss(css), ` .a :hover,.b>.c{content:'  two  spaces ; { } ';width:calc(1em + 2px)}`);
  });

  it('gives GovLogin.version the package version', () => {
    const source = readFileSync(join(root, 'widgets/gov-login/gov-login.ts'), 'utf8');
    assert.match(source, new RegExp(`static override version = '${version.replace(/\./g, '\\.')}'`));
  });
});

describe('loader.js in Chromium under a strict CSP', () => {
  let browser: Browser;
  let origin: string;
  let server: Server;
  let integrity: string;

  const loaderTag = (extra = '') =>
    `<script type="module" src="/govdock/widgets/${version}/loader.js" integrity="${integrity}" crossorigin="anonymous"${extra}></script>`;

  before(async () => {
    integrity = (JSON.parse(readFileSync(join(out, 'sri.json'), 'utf8')) as Record<string, string>)['loader.js']!;
    const page = (body: string, head = '') =>
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>t</title>${head}</head><body>${body}</body></html>`;
    ({ origin, server } = await serve({
      '/queue.js': `window.govWidgets = window.govWidgets || [];
        window.seen = [];
        govWidgets.push(['on', 'gov-login-changed', (detail) => window.seen.push(detail)]);
        govWidgets.push(['setElderMode', true]);
        govWidgets.push((api) => { window.readyWith = api.version; });`,
      '/with-login.html': page(
        '<gov-login><a href="/govdock/auth/login">登录</a></gov-login><gov-nope></gov-nope><gov-nope></gov-nope>',
        `<script src="/queue.js"></script>${loaderTag()}`,
      ),
      '/empty.html': page('<p>no widgets yet</p>', loaderTag()),
      '/data-bff.html': page('<gov-login></gov-login>', loaderTag(' data-bff="/other-bff"')),
    }));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });

  async function open(path: string) {
    const context = await newWatchedContext(browser);
    const watched = await watchPage(context);
    const requests: string[] = [];
    const warnings: string[] = [];
    watched.page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    watched.page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await watched.page.goto(origin + path, { waitUntil: 'domcontentloaded' });
    const scripts = () => requests.filter((p) => p.startsWith('/govdock/widgets/')).map((p) => p.split('/').pop());
    return { ...watched, context, requests, warnings, scripts };
  }

  const defined = (page: Page, tag: string) =>
    page.waitForFunction((name) => !!customElements.get(name), tag, { timeout: 10000 });

  it('defines the tags on the page, fetching only their modules, and warns once about an unknown tag', async () => {
    const { page, errors, warnings, scripts, record, context } = await open('/with-login.html');
    await defined(page, 'gov-login');
    await page.waitForFunction(() => (window as unknown as { readyWith?: string }).readyWith);
    await page.waitForFunction(() => document.querySelector('gov-login')?.shadowRoot?.querySelector('a'));
    assert.deepEqual(scripts().sort(), ['gov-login.js', 'loader.js', 'runtime.js']);
    assert.equal(warnings.filter((w) => w.includes('gov-nope')).length, 1, warnings.join('\n'));
    assert.deepEqual(errors, []);
    assert.deepEqual((await record()).csp, []);
    const state = await page.evaluate(() => ({
      seen: (window as unknown as { seen: unknown[] }).seen,
      elder: document.documentElement.hasAttribute('data-gov-elder'),
      bffBase: (window as unknown as { govWidgets: { bffBase: string } }).govWidgets.bffBase,
      fallbackVisible: (document.querySelector('gov-login > a') as HTMLElement).checkVisibility(),
      adopted: document.adoptedStyleSheets.length,
      styles: document.querySelectorAll('style').length,
    }));
    assert.deepEqual(state.seen, [{ status: 'anonymous', userType: null, loggedOutElsewhere: false }]);
    assert.equal(state.elder, true, 'queued setElderMode(true) did not run');
    assert.equal(state.bffBase, `${origin}/govdock`);
    assert.equal(state.fallbackVisible, false);
    assert.equal(state.adopted, 1, 'cloak stylesheet not adopted');
    assert.equal(state.styles, 0, 'an inline <style> was added');
    await context.close();
  });

  it('loads nothing but itself on a page without widgets, then loads a tag added later', async () => {
    const { page, errors, scripts, record, context } = await open('/empty.html');
    await page.waitForFunction(() => 'govWidgets' in window);
    assert.deepEqual(scripts(), ['loader.js']);
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<div><gov-login></gov-login></div>'));
    await defined(page, 'gov-login');
    assert.deepEqual(scripts().sort(), ['gov-login.js', 'loader.js', 'runtime.js']);
    assert.deepEqual(errors, []);
    assert.deepEqual((await record()).csp, []);
    await context.close();
  });

  it('loads a widget that sits inside a <template> added later, before it is stamped', async () => {
    const { page, scripts, context } = await open('/empty.html');
    await page.waitForFunction(() => 'govWidgets' in window);
    await page.evaluate(() =>
      document.body.insertAdjacentHTML(
        'beforeend',
        '<template id="t"><section><gov-login></gov-login></section></template>',
      ),
    );
    await defined(page, 'gov-login');
    assert.ok(scripts().includes('gov-login.js'));
    await context.close();
  });

  it('talks to the BFF named by data-bff', async () => {
    const { page, requests, context } = await open('/data-bff.html');
    await page.waitForFunction(() => document.querySelector('gov-login')?.shadowRoot?.textContent?.includes('王*'));
    assert.ok(requests.includes('/other-bff/auth/session'));
    assert.equal(
      await page.evaluate(() => (window as unknown as { govWidgets: { bffBase: string } }).govWidgets.bffBase),
      `${origin}/other-bff`,
    );
    await context.close();
  });
});
