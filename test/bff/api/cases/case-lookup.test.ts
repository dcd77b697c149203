/**
 * POST /api/v1/case-lookup over a real socket: both second factors, one identical refusal for "no
 * such case" and "wrong second factor" (status, body, headers, timing), 400 in Chinese for bad
 * input, and the rate limits per client address (X-Forwarded-For believed only from a configured
 * proxy) and per case number — in-process, and shared through Redis when REDIS_URL is set.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { queryCodeFor } from '../../../../bff/api/cases/second-factor.js';
import type { CaseLookupResponse } from '../../../../bff/api/contracts/cases.js';
import { openRateLimitStore, type RateLimitStore } from '../../../../bff/api/shared/rate-limit.js';
import { createApp } from '../../../../bff/app.js';
import { loadConfig } from '../../../../bff/config.js';
import { createEventHub } from '../../../../bff/events/hub.js';
import { createLogger } from '../../../../bff/observability/logger.js';
import { startServer, type RunningServer } from '../../../../bff/server.js';
import { migrate } from '../../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../../bff/store/store.js';
import { caseRows, writeFrontCase, type FixtureApplicant } from '../../../support/case-fixtures.js';
import { requireService } from '../../../support/services.js';

const KEY = 'case-lookup-test-key-0123456789abcdef012345';
const APPLICANT: FixtureApplicant = {
  name: '王小明',
  type: '1',
  idNumber: '23010219750101543X',
  mobile: '13600000001',
};
const CASE_NO = 'LK20260001';

interface Answer {
  status: number;
  text: string;
  headers: Record<string, string>;
  ms: number;
}

describe('anonymous case lookup', () => {
  let store: Store;
  const servers: RunningServer[] = [];

  /** A BFF on its own socket; `config` goes over the defaults. */
  async function serve(config: Record<string, unknown>, rateLimits?: RateLimitStore): Promise<RunningServer> {
    const app = createApp({
      config: loadConfig({}, { piiHashKey: KEY, ...config }),
      store,
      logger: createLogger({ logLevel: 'silent' }),
      hub: createEventHub({ bufferSize: 10, firstId: 1 }),
      widgetsDir: '/nonexistent',
      demoDir: '/nonexistent',
      ...(rateLimits ? { rateLimits } : {}),
    });
    const server = await startServer(app, { host: '127.0.0.1', port: 0 });
    servers.push(server);
    return server;
  }

  async function lookup(server: RunningServer, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const started = performance.now();
    const response = await fetch(`${server.url}/api/v1/case-lookup`, {
      method: 'POST',
      headers: { 'X-CSRF': '1', 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    const kept = Object.fromEntries(
      [...response.headers].filter(([name]) => !['date', 'content-length', 'x-request-id'].includes(name)),
    );
    return { status: response.status, text, headers: kept, ms: performance.now() - started };
  }

  before(async () => {
    store = await openStore({ dataDir: 'memory://' });
    await migrate(store);
    await writeFrontCase(store, caseRows({ projectNo: CASE_NO, applicant: APPLICANT, situation: 'extended' }), {
      piiHashKey: KEY,
      idTailLength: 6,
    });
  });
  after(async () => {
    for (const server of servers) await server.close();
    await store?.close();
  });

  test('name + last six characters of the ID number finds the case, without applicant or materials', async () => {
    const server = await serve({});
    const answer = await lookup(server, { projectNo: CASE_NO, applicantName: APPLICANT.name, idTail: '01543x' });
    assert.equal(answer.status, 200, answer.text);
    const body = JSON.parse(answer.text) as CaseLookupResponse & Record<string, unknown>;
    assert.equal(body.projectNo, CASE_NO);
    assert.equal(body.status, 'special_procedure');
    assert.equal(answer.headers['cache-control'], 'no-store');
    for (const hidden of ['applicantNameMasked', 'materials', 'canEvaluate', 'needsAction', 'queryCode']) {
      assert.equal(hidden in body, false, hidden);
    }
    assert.ok(body.timeline.some((entry) => entry.kind === 'special_procedure'));
  });

  test('"no such case" and "wrong second factor" get one identical answer, in about the same time', async () => {
    const server = await serve({});
    const attempts = {
      missing: { projectNo: 'LK20269999', applicantName: APPLICANT.name, idTail: '01543X' },
      wrongName: { projectNo: CASE_NO, applicantName: '王小红', idTail: '01543X' },
      wrongTail: { projectNo: CASE_NO, applicantName: APPLICANT.name, idTail: '999999' },
    };
    const times: Record<string, number[]> = { missing: [], wrongName: [], wrongTail: [] };
    let first: Answer | undefined;
    for (let round = 0; round < 3; round += 1) {
      for (const [name, body] of Object.entries(attempts)) {
        const answer = await lookup(server, body, {});
        times[name]?.push(answer.ms);
        first ??= answer;
        assert.equal(answer.status, 404, name);
        assert.equal(answer.text, first.text, name);
        assert.deepEqual(answer.headers, first.headers, name);
      }
    }
    assert.deepEqual(JSON.parse(first?.text ?? ''), {
      error: { code: 'case_lookup_failed', message: '没有查到符合条件的办件，请核对办件编号和查询信息后再试' },
    });
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
    const medians = Object.values(times).map(median);
    // Every refusal waits for the same floor (300 ms), so the work behind it does not show.
    for (const value of medians) assert.ok(value >= 295, `refusal answered after ${value.toFixed(0)} ms`);
    assert.ok(
      Math.max(...medians) - Math.min(...medians) < 100,
      `medians ${medians.map((m) => m.toFixed(0)).join('/')}`,
    );
  });

  test('bad input is a 400 in Chinese that names the field and never echoes the value', async () => {
    const server = await serve({});
    const cases: [unknown, RegExp][] = [
      ['not json', /不是有效的 JSON/],
      [[1, 2], /不是有效的 JSON/],
      [{ applicantName: '王小明', idTail: '01543X' }, /“办件编号”有误：请填写办件编号/],
      [{ projectNo: CASE_NO, idTail: '01543X' }, /“申请人姓名”有误/],
      [{ projectNo: CASE_NO, applicantName: '王小明' }, /“证件号码后几位”有误/],
      [{ projectNo: CASE_NO, applicantName: '王小明', idTail: APPLICANT.idNumber }, /请填写证件号码的最后6位/],
      [{ projectNo: '办件<script>', applicantName: '王小明', idTail: '01543X' }, /“办件编号”有误/],
    ];
    for (const [body, message] of cases) {
      const answer = await lookup(server, body);
      assert.equal(answer.status, 400, answer.text);
      const { error } = JSON.parse(answer.text) as { error: { code: string; message: string } };
      assert.equal(error.code, 'bad_request');
      assert.match(error.message, message);
      assert.ok(!answer.text.includes(APPLICANT.idNumber) && !answer.text.includes('script'));
    }
  });

  test('with the 查询码 configured, the code is the second factor and a name + tail is not enough', async () => {
    const server = await serve({ 'caseLookup.secondFactor': 'query_code' });
    const code = queryCodeFor(CASE_NO, KEY);
    const found = await lookup(server, {
      projectNo: CASE_NO,
      queryCode: `${code.slice(0, 4)} ${code.slice(4).toLowerCase()}`,
    });
    assert.equal(found.status, 200, found.text);
    const wrong = await lookup(server, { projectNo: CASE_NO, queryCode: 'ABCDEFGH' });
    const missing = await lookup(server, { projectNo: 'LK20269999', queryCode: queryCodeFor('LK20269999', KEY) });
    assert.equal(wrong.status, 404);
    assert.equal(wrong.text, missing.text);
    const nameOnly = await lookup(server, { projectNo: CASE_NO, applicantName: APPLICANT.name, idTail: '01543X' });
    assert.equal(nameOnly.status, 400);
    assert.match(nameOnly.text, /“查询码”有误：请填写查询码/);
  });

  test('per client address: the next attempt is a 429 with Retry-After; a gateway’s X-Forwarded-For counts per visitor', async () => {
    const server = await serve({ 'caseLookup.perAddressMax': 3, 'caseLookup.trustedProxies': '127.0.0.1' });
    const visitor = { 'X-Forwarded-For': '203.0.113.7' };
    const wrong = { projectNo: CASE_NO, applicantName: '王小红', idTail: '000000' };
    for (let i = 0; i < 3; i += 1) assert.equal((await lookup(server, wrong, visitor)).status, 404);
    const limited = await lookup(server, wrong, visitor);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers['retry-after']) > 0 && Number(limited.headers['retry-after']) <= 600);
    assert.match(JSON.parse(limited.text).error.message, /^查询次数过多，请\d+分钟后再试/);
    // Even the right answer is refused now: a guesser learns nothing past the limit.
    const right = await lookup(
      server,
      { projectNo: CASE_NO, applicantName: APPLICANT.name, idTail: '01543X' },
      visitor,
    );
    assert.equal(right.status, 429);
    // Another visitor behind the same gateway is not affected.
    assert.equal((await lookup(server, wrong, { 'X-Forwarded-For': '198.51.100.9' })).status, 404);
  });

  test('X-Forwarded-For from an untrusted peer is ignored: spoofed addresses share one counter', async () => {
    const server = await serve({ 'caseLookup.perAddressMax': 2 });
    const wrong = { projectNo: CASE_NO, applicantName: '王小红', idTail: '000000' };
    assert.equal((await lookup(server, wrong, { 'X-Forwarded-For': '203.0.113.1' })).status, 404);
    assert.equal((await lookup(server, wrong, { 'X-Forwarded-For': '203.0.113.2' })).status, 404);
    assert.equal((await lookup(server, wrong, { 'X-Forwarded-For': '203.0.113.3' })).status, 429);
  });

  test('per case number: attempts from many addresses together hit the limit', async () => {
    const server = await serve({ 'caseLookup.perCaseMax': 3, 'caseLookup.trustedProxies': '127.0.0.1' });
    const wrong = { projectNo: 'LK20260777', applicantName: '王小红', idTail: '000000' };
    for (let i = 0; i < 3; i += 1) {
      assert.equal((await lookup(server, wrong, { 'X-Forwarded-For': `192.0.2.${i + 1}` })).status, 404);
    }
    const limited = await lookup(server, wrong, { 'X-Forwarded-For': '192.0.2.99' });
    assert.equal(limited.status, 429);
    // Another case number is counted on its own.
    assert.equal(
      (await lookup(server, { ...wrong, projectNo: 'LK20260778' }, { 'X-Forwarded-For': '192.0.2.99' })).status,
      404,
    );
  });

  const redis = requireService('REDIS_URL');
  test('with Redis, two BFF instances count the same attempts', { skip: redis.skip }, async () => {
    const prefix = `govdock:test:${randomBytes(4).toString('hex')}:`;
    const first = await openRateLimitStore({ redisUrl: redis.url, prefix });
    const second = await openRateLimitStore({ redisUrl: redis.url, prefix });
    try {
      const a = await serve({ 'caseLookup.perCaseMax': 2, 'caseLookup.trustedProxies': '127.0.0.1' }, first);
      const b = await serve({ 'caseLookup.perCaseMax': 2, 'caseLookup.trustedProxies': '127.0.0.1' }, second);
      const wrong = { projectNo: 'LK20260888', applicantName: '王小红', idTail: '000000' };
      assert.equal((await lookup(a, wrong, { 'X-Forwarded-For': '192.0.2.1' })).status, 404);
      assert.equal((await lookup(b, wrong, { 'X-Forwarded-For': '192.0.2.2' })).status, 404);
      assert.equal((await lookup(a, wrong, { 'X-Forwarded-For': '192.0.2.3' })).status, 429);
      assert.equal((await lookup(b, wrong, { 'X-Forwarded-For': '192.0.2.4' })).status, 429);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
