/**
 * Back-channel logout → every widget logged out (issue 3, points 5 and 10; goal p99 ≤ 1 s).
 * Opens U users × K SSE streams on GET /events (sessions written straight into the session
 * store; the stream's own resolveUserKey maps each cookie to its user), then for each sampled user
 * posts a signed OIDC Logout Token (sub = the user, ES256, our local JWKS configured as the
 * issuer's jwks endpoint) to POST /auth/backchannel-logout and times until EVERY stream of that
 * user has received `logout`. Baseline, interleaved with the samples on the same streams: an
 * event published straight into the hub for that user (no HTTP, no token check, no store).
 * Clients share the process (and event loop) with the BFF, so the figures include the readers'
 * own parsing: an upper bound for the BFF alone.
 *
 *   node --import tsx test/bench/logout-broadcast.bench.ts [--users 100] [--streams-per-user 10]
 *     [--sessions-per-user 2] [--samples 100]
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { SESSION_COOKIE } from '../../bff/auth/cookies.js';
import type { SessionRecord } from '../../bff/auth/session-store/types.js';
import { defaultClaims, signingKey, signLogoutToken, startJwksServer } from '../bff/auth/backchannel/support.js';
import { startBenchBff } from './support/bench-stack.js';
import { openSse, sseAgent, type SseStream } from './support/sse-client.js';
import { ms, numberFlag, summarize } from './support/stats.js';

const USERS = numberFlag('users', 100);
const STREAMS_PER_USER = numberFlag('streams-per-user', 10);
const SESSIONS_PER_USER = Math.min(numberFlag('sessions-per-user', 2), STREAMS_PER_USER);
const SAMPLES = Math.min(numberFlag('samples', USERS), USERS);
const GOAL_MS = 1000;
const WAIT_LIMIT_MS = 10_000;
const ISSUER = 'https://ids.bench.example.gov.cn/oidc';
const CLIENT_ID = 'govdock-bff';
const HOUR = 3_600_000;
const STREAMS = USERS * STREAMS_PER_USER;

// Each stream costs two descriptors here (client and server side of the loopback connection).
const limit = Number(spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim());
if (Number.isFinite(limit) && limit < STREAMS * 2 + 256) {
  throw new Error(
    `ulimit -n is ${limit}; ${STREAMS} streams need about ${STREAMS * 2 + 256} (raise it: ulimit -n 65536)`,
  );
}

const key = await signingKey('ES256');
const jwks = await startJwksServer([key]);
const stack = await startBenchBff(() => ({
  'auth.issuer': ISSUER,
  'auth.clientId': CLIENT_ID,
  'auth.clientSecret': 'bench-secret',
  'auth.discovery': false,
  'auth.endpoints.authorization': `${ISSUER}/authorize`,
  'auth.endpoints.token': `${ISSUER}/token`,
  'auth.endpoints.jwks': jwks.uri,
}));
const service = stack.auth.sessions;
if (!service) throw new Error('auth is not configured');
const agent = sseAgent();
const streams: SseStream[] = [];

interface Waiter {
  type: string;
  seq: number;
  remaining: number;
  last: number;
  done: () => void;
}
const waiters = new Map<number, Waiter>();
const logoutsSeen = new Array<number>(USERS).fill(0);

const subject = (user: number): string => `bench-user-${String(user).padStart(5, '0')}`;

function waitFor(user: number, type: string, seq: number): { promise: Promise<number> } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<number>((resolve, reject) => {
    const waiter: Waiter = {
      type,
      seq,
      remaining: STREAMS_PER_USER,
      last: 0,
      done: () => {
        clearTimeout(timer);
        waiters.delete(user);
        resolve(waiter.last);
      },
    };
    waiters.set(user, waiter);
    timer = setTimeout(() => {
      waiters.delete(user);
      reject(
        new Error(`${type} reached ${STREAMS_PER_USER - waiter.remaining}/${STREAMS_PER_USER} streams of user ${user}`),
      );
    }, WAIT_LIMIT_MS);
  });
  return { promise };
}

function onMessage(user: number, type: string, data: unknown, at: number): void {
  if (type === 'logout') logoutsSeen[user] = (logoutsSeen[user] ?? 0) + 1;
  const waiter = waiters.get(user);
  if (!waiter || waiter.type !== type) return;
  if (type === 'bench-ping' && (data as { seq?: number } | null)?.seq !== waiter.seq) return;
  waiter.remaining -= 1;
  waiter.last = Math.max(waiter.last, at);
  if (waiter.remaining === 0) waiter.done();
}

try {
  // Sessions straight into the store, as the callback would leave them (no token expiry: no refresh).
  const setupStarted = performance.now();
  const cookies: string[][] = [];
  const now = Date.now();
  for (let user = 0; user < USERS; user += 1) {
    const ids: string[] = [];
    for (let s = 0; s < SESSIONS_PER_USER; s += 1) {
      const record: SessionRecord = {
        id: randomBytes(32).toString('base64url'),
        issuer: ISSUER,
        subject: subject(user),
        user: { displayName: '张*', userType: 'natural', realNameLevel: 3 },
        tokens: { accessToken: `at-${user}-${s}` },
        createdAt: now,
        lastSeenAt: now,
        idleExpiresAt: now + HOUR,
        expiresAt: now + 8 * HOUR,
      };
      await stack.sessions.create(record);
      ids.push(record.id);
    }
    cookies.push(ids);
  }

  // Open the streams, a hundred connection attempts at a time.
  const eventsUrl = new URL('/events', stack.bff.url).href;
  const plan: { user: number; cookie: string }[] = [];
  for (let user = 0; user < USERS; user += 1) {
    for (let k = 0; k < STREAMS_PER_USER; k += 1) {
      plan.push({ user, cookie: cookies[user]![k % SESSIONS_PER_USER]! });
    }
  }
  for (let i = 0; i < plan.length; i += 100) {
    const batch = plan.slice(i, i + 100).map(({ user, cookie }) => {
      const stream = openSse(eventsUrl, { cookie: `${SESSION_COOKIE}=${cookie}` }, agent, (message, at) =>
        onMessage(user, message.type, message.data, at),
      );
      streams.push(stream);
      return stream.ready;
    });
    await Promise.all(batch);
  }
  if (stack.hub.listenerCount() !== STREAMS) {
    throw new Error(`${stack.hub.listenerCount()} hub subscriptions for ${STREAMS} streams`);
  }
  const setupS = (performance.now() - setupStarted) / 1000;

  const post = (token: string): Promise<Response> =>
    fetch(new URL('/auth/backchannel-logout', stack.bff.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: token }).toString(),
    });

  // Warm-up: the first token fetches the JWKS; nobody has sessions under these subjects.
  for (let i = 0; i < 10; i += 1) {
    const token = await signLogoutToken(key, { ...defaultClaims(ISSUER, CLIENT_ID), sub: `warm-up-${i}` });
    const response = await post(token);
    if (response.status !== 200)
      throw new Error(`warm-up logout answered ${response.status}: ${await response.text()}`);
  }
  if (logoutsSeen.some((count) => count > 0)) throw new Error('a warm-up logout reached a stream');

  const baseline: number[] = [];
  const broadcast: number[] = [];
  const postAnswered: number[] = [];
  let seq = 0;

  const runBaseline = async (user: number): Promise<void> => {
    seq += 1;
    const wait = waitFor(user, 'bench-ping', seq);
    const started = performance.now();
    await stack.hub.publish({
      type: 'bench-ping',
      data: { seq },
      userKey: service.userKey({ issuer: ISSUER, subject: subject(user) }),
    });
    baseline.push((await wait.promise) - started);
  };
  const runBackchannel = async (user: number): Promise<void> => {
    // Signing is the platform's work: done before the clock starts.
    const token = await signLogoutToken(key, { ...defaultClaims(ISSUER, CLIENT_ID), sub: subject(user) });
    const wait = waitFor(user, 'logout', 0);
    const started = performance.now();
    const response = await post(token);
    const answered = performance.now();
    if (response.status !== 200)
      throw new Error(`back-channel logout answered ${response.status}: ${await response.text()}`);
    await response.body?.cancel();
    broadcast.push((await wait.promise) - started);
    postAnswered.push(answered - started);
  };

  // Samples spread over the users; the order of the two measurements alternates.
  const step = USERS / SAMPLES;
  for (let i = 0; i < SAMPLES; i += 1) {
    const user = Math.floor(i * step);
    if (i % 2 === 0) {
      await runBaseline(user);
      await runBackchannel(user);
    } else {
      await runBackchannel(user);
      await runBaseline(user);
    }
  }

  // Correctness: the sampled users' sessions are gone, and nobody else was logged out.
  const sampled = new Set(Array.from({ length: SAMPLES }, (_, i) => Math.floor(i * step)));
  for (let user = 0; user < USERS; user += 1) {
    const expected = sampled.has(user) ? STREAMS_PER_USER : 0;
    if (logoutsSeen[user] !== expected) {
      throw new Error(`user ${user}: ${logoutsSeen[user]} logout messages, expected ${expected}`);
    }
  }
  for (const user of sampled) {
    for (const id of cookies[user]!) {
      if (await stack.sessions.get(id)) throw new Error(`user ${user}: session still alive after back-channel logout`);
    }
  }

  const b = summarize(broadcast);
  const a = summarize(postAnswered);
  const base = summarize(baseline);
  const result = {
    name: 'logout-broadcast',
    unit: 'ms',
    streams: STREAMS,
    users: USERS,
    streamsPerUser: STREAMS_PER_USER,
    sessionsPerUser: SESSIONS_PER_USER,
    samples: SAMPLES,
    p50Ms: ms(b.p50),
    p99Ms: ms(b.p99),
    maxMs: ms(b.max),
    postAnsweredP50Ms: ms(a.p50),
    postAnsweredP99Ms: ms(a.p99),
    baselineP50Ms: ms(base.p50),
    baselineP99Ms: ms(base.p99),
    ratioP50: +(b.p50 / base.p50).toFixed(1),
    ratioP99: +(b.p99 / base.p99).toFixed(1),
    goalMs: GOAL_MS,
    withinGoal: b.p99 <= GOAL_MS,
  };
  console.log(
    `${STREAMS} SSE streams open (${USERS} users × ${STREAMS_PER_USER}, ${SESSIONS_PER_USER} sessions each) in ${setupS.toFixed(1)} s; ${SAMPLES} samples; ms`,
  );
  const row = (label: string, s: typeof b): string =>
    `${label.padEnd(42)}${s.p50.toFixed(2).padStart(9)}${s.p99.toFixed(2).padStart(9)}${s.max.toFixed(2).padStart(9)}`;
  console.log(`${''.padEnd(42)}${'p50'.padStart(9)}${'p99'.padStart(9)}${'max'.padStart(9)}`);
  console.log(row(`back-channel POST → all ${STREAMS_PER_USER} streams got logout`, b));
  console.log(row('  (POST answered 200)', a));
  console.log(row(`hub.publish → all ${STREAMS_PER_USER} streams (baseline)`, base));
  console.log(
    `ratio p50 ${result.ratioP50}×, p99 ${result.ratioP99}× baseline; goal p99 ≤ ${GOAL_MS} ms: ${result.withinGoal ? 'met' : 'MISSED'}`,
  );
  console.log('BENCH ' + JSON.stringify(result));
} finally {
  for (const stream of streams) stream.close();
  agent.destroy();
  await stack.close();
  await jwks.close();
}
