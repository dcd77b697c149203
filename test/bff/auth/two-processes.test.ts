/**
 * Two BFF *processes* sharing Redis and PostgreSQL (issue 3, point 9), as a cluster behind one
 * public address: a login started through instance B finishes at instance A (flows in PostgreSQL),
 * the session is used through B (sessions in Redis), and a logout through A — ours, and the
 * platform's back-channel — ends it for B, whose SSE stream delivers `logout` (Redis pub/sub).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { SESSION_COOKIE } from '../../../bff/auth/cookies.js';
import {
  BFF_CLIENT_ID,
  DEFAULT_BFF_CLIENT_SECRET,
  DEMO_PASSWORD,
  defaultDevClients,
  startDevAuthPlatform,
  type DevAuthPlatform,
} from '../../../bff/dev/auth-platform/index.js';
import { openStore } from '../../../bff/store/store.js';
import { requireService } from '../../support/services.js';
import { freePort } from '../../support/start-product.js';
import { AuthTestBrowser, formAction, hiddenValue, loginFormAction } from './support/browser.js';
import { PII_HASH_KEY } from './support/stack.js';

const redis = requireService('REDIS_URL');
const postgres = requireService('DATABASE_URL');
const CSRF = { 'X-CSRF': '1' } as const;
const root = new URL('../../..', import.meta.url).pathname;

interface BffProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
}

/** Spawns test/bff/auth/support/bff-process.ts and waits for its `listening` line. */
async function spawnBff(env: Record<string, string>): Promise<BffProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bff/auth/support/bff-process.ts'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`BFF process did not start:\n${output}`)), 45_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`BFF process exited with ${String(code)}:\n${output}`));
    });
  });
  return { url, child, output: () => output };
}

async function stopBff(bff: BffProcess | undefined): Promise<void> {
  if (!bff || bff.child.exitCode !== null) return;
  const exited = new Promise((resolve) => bff.child.once('exit', resolve));
  bff.child.kill('SIGTERM');
  await exited;
}

/** Reads an SSE body until `pattern` shows up or `ms` pass; returns what was read. */
async function readUntil(reader: ReadableStreamDefaultReader<string>, pattern: RegExp, ms: number): Promise<string> {
  let text = '';
  const deadline = Date.now() + ms;
  while (!pattern.test(text)) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    const chunk = await Promise.race([
      reader.read(),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), left)),
    ]);
    if (!chunk || chunk.done) break;
    text += chunk.value;
  }
  return text;
}

describe(
  'two BFF processes sharing Redis and PostgreSQL',
  { skip: redis.skip || postgres.skip, timeout: 120_000 },
  () => {
    const database = `govdock_test_${randomBytes(6).toString('hex')}`;
    const prefix = `govdock-test:${randomBytes(6).toString('hex')}:`;
    let platform: DevAuthPlatform;
    let a: BffProcess | undefined;
    let b: BffProcess | undefined;
    let publicBase = '';

    before(async () => {
      const admin = await openStore({ databaseUrl: postgres.url as string, maxConnections: 1 });
      await admin.exec(`CREATE DATABASE ${database}`);
      await admin.close();
      const databaseUrl = new URL(postgres.url as string);
      databaseUrl.pathname = `/${database}`;

      const [portA, portB] = [await freePort(), await freePort()];
      // The cluster's one public address; a load balancer would send each request to either.
      publicBase = `http://127.0.0.1:${portA}`;
      platform = await startDevAuthPlatform({
        port: 0,
        clients: defaultDevClients({ bffBaseUrl: publicBase, deptAppUrl: 'http://127.0.0.1:9/dept-app' }),
      });
      const env = {
        HOST: '127.0.0.1',
        PUBLIC_BASE_URL: publicBase,
        DATABASE_URL: databaseUrl.toString(),
        REDIS_URL: redis.url as string,
        TEST_REDIS_PREFIX: prefix,
        PII_HASH_KEY,
        AUTH_ISSUER: platform.issuer,
        AUTH_CLIENT_ID: BFF_CLIENT_ID,
        AUTH_CLIENT_SECRET: DEFAULT_BFF_CLIENT_SECRET,
        GOVDOCK_CONFIG: '',
      };
      // One after the other: both would migrate the fresh database (advisory-locked, but slower).
      a = await spawnBff({ ...env, PORT: String(portA) });
      b = await spawnBff({ ...env, PORT: String(portB) });
    });

    after(async () => {
      await stopBff(a);
      await stopBff(b);
      await platform?.close();
      const cleanup = new Redis(redis.url as string);
      const keys = await cleanup.keys(`${prefix}*`);
      if (keys.length > 0) await cleanup.del(...keys);
      await cleanup.quit();
      const admin = await openStore({ databaseUrl: postgres.url as string, maxConnections: 1 });
      await admin.exec(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.close();
    });

    /** Login started at B; the platform returns to the public address (A), which finishes it. */
    async function logInThroughB(username: string): Promise<AuthTestBrowser> {
      assert.ok(a && b);
      const browser = new AuthTestBrowser([b.url, publicBase, platform.issuer]);
      const returnTo = `${publicBase}/hosts/plain.html`;
      const stop = (url: URL) => url.href === returnTo;
      const form = await browser.navigate(`${b.url}/auth/login?return_to=${encodeURIComponent(returnTo)}`, {}, stop);
      // B's flow cookie is on B's address; behind one address it would be on the same origin.
      for (const name of browser.cookieNames(b.url)) browser.setCookie(publicBase, name, browser.cookie(b.url, name)!);
      const landed = await browser.submit(loginFormAction(form), { username, password: DEMO_PASSWORD }, stop);
      assert.equal(landed.next?.href, returnTo, `login ended at ${landed.url.href} (${landed.response.status})`);
      const id = browser.cookie(publicBase, SESSION_COOKIE);
      assert.ok(id, 'session cookie set by A');
      browser.setCookie(b.url, SESSION_COOKIE, id);
      return browser;
    }

    async function sessionAt(browser: AuthTestBrowser, base: string): Promise<Record<string, unknown>> {
      const response = await browser.fetch(`${base}/auth/session`, { headers: CSRF });
      assert.equal(response.status, 200);
      return (await response.json()) as Record<string, unknown>;
    }

    async function openStream(browser: AuthTestBrowser, base: string): Promise<ReadableStreamDefaultReader<string>> {
      const response = await browser.fetch(`${base}/events`);
      assert.equal(response.status, 200);
      assert.ok(response.body);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      await reader.read(); // the `retry:` line: the stream is subscribed from here on
      return reader;
    }

    it("our logout through A ends the session used through B, and B's SSE stream delivers it", async (t) => {
      assert.ok(a && b);
      const browser = await logInThroughB('zhangsan');
      const atB = await sessionAt(browser, b.url);
      assert.equal(atB.authenticated, true, 'B sees the session A created');
      assert.equal(String(atB.logoutUrl).split('?')[0], `${publicBase}/auth/logout`, 'URLs from configuration');
      const stream = await openStream(browser, b.url);

      const started = Date.now();
      const response = await browser.fetch(String(atB.logoutUrl), { method: 'POST', headers: CSRF });
      assert.equal(response.status, 200);
      const text = await readUntil(stream, /"type":"logout"/, 2_000);
      const tookMs = Date.now() - started;
      await stream.cancel();
      assert.match(text, /data: \{"type":"logout","data":\{"reason":"logout"\}\}/);
      assert.ok(tookMs < 1_000, `B's stream delivered the logout after ${tookMs} ms`);
      t.diagnostic(`POST /auth/logout at A → logout on B's stream: ${tookMs} ms`);
      assert.equal((await sessionAt(browser, b.url)).authenticated, false);
    });

    it("the platform's back-channel logout reaching A ends the session at B and reaches B's stream", async (t) => {
      assert.ok(a && b);
      const browser = await logInThroughB('lisi');
      assert.equal((await sessionAt(browser, b.url)).authenticated, true);
      const stream = await openStream(browser, b.url);

      // Logged out at the platform (e.g. from another application): 退出统一身份认证平台.
      const page = await browser.navigate(`${platform.issuer}/session/end`);
      const started = Date.now();
      const done = await browser.submit(formAction(page.body, '/session/end/confirm'), {
        xsrf: hiddenValue(page.body, 'xsrf'),
        logout: 'yes',
      });
      assert.match(done.body, /您已安全退出/);
      const text = await readUntil(stream, /"type":"logout"/, 2_000);
      const tookMs = Date.now() - started;
      await stream.cancel();
      assert.match(text, /"type":"logout","data":\{"reason":"backchannel"\}/);
      assert.ok(tookMs < 1_000, `B's stream delivered the logout after ${tookMs} ms`);
      t.diagnostic(`platform logout (back-channel to A) → logout on B's stream: ${tookMs} ms`);
      assert.equal((await sessionAt(browser, b.url)).authenticated, false);
    });
  },
);
