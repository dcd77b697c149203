/**
 * The time the BFF adds per login step, platform time excluded (issue 3, point 10), over N full
 * logins against the development platform (node-oidc-provider) running in this process:
 *   GET  /auth/login     flow creation (PGlite), PKCE, authorization URL, redirect
 *   GET  /auth/callback  flow check + take, code exchange, userinfo, session creation
 *   GET  /auth/session   session lookup, masked user
 *   POST /auth/logout    session end, logout event, end-session URL
 * Each step is timed at the client (a fetch-based browser, round trip incl. body); the platform's
 * share is the time the BFF spends waiting on its calls to the platform (support/platform-timer.ts)
 * and is subtracted; the token revocation the BFF fires at logout without waiting is held until
 * the logout step is measured (the in-process platform would otherwise answer it inside the step).
 * Baseline in the same run, interleaved with the steps: a bare Hono route
 * answering 32 bytes of JSON on the same server through the same client.
 *
 *   node --import tsx test/bench/login-steps.bench.ts [--logins 200] [--warmup 20]
 */
import { SESSION_COOKIE } from '../../bff/auth/cookies.js';
import {
  BFF_CLIENT_ID,
  DEFAULT_BFF_CLIENT_SECRET,
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  defaultDevClients,
  startDevAuthPlatform,
} from '../../bff/dev/auth-platform/index.js';
import { AuthTestBrowser, loginFormAction } from '../bff/auth/support/browser.js';
import { BASELINE_PATH, startBenchBff } from './support/bench-stack.js';
import { timePlatformCalls } from './support/platform-timer.js';
import { ms, numberFlag, summarize } from './support/stats.js';

const LOGINS = numberFlag('logins', 200);
const WARMUP = numberFlag('warmup', 20);
const HOST_SITE = 'https://harbin.gov.cn';
const HOST_PAGE = `${HOST_SITE}/zwfw/banshi.html?item=230100-0001&tab=2#top`;
const CSRF = { 'X-CSRF': '1' };
const STEPS = ['login', 'callback', 'session', 'logout'] as const;
type Step = (typeof STEPS)[number];

let platformIssuer = '';
let closePlatform: () => Promise<void> = async () => undefined;
const stack = await startBenchBff(async (bffUrl) => {
  const platform = await startDevAuthPlatform({
    port: 0,
    host: '127.0.0.1',
    clients: defaultDevClients({ bffBaseUrl: bffUrl, deptAppUrl: 'http://127.0.0.1:9/dept-app' }),
  });
  platformIssuer = platform.issuer;
  closePlatform = () => platform.close();
  return {
    'auth.issuer': platform.issuer,
    'auth.clientId': BFF_CLIENT_ID,
    'auth.clientSecret': DEFAULT_BFF_CLIENT_SECRET,
    'auth.returnTo.allowed': `${HOST_SITE}/zwfw/`,
    'auth.returnTo.home': 'https://www.hlj.gov.cn/',
  };
});
const bff = stack.bff.url;
const platformOrigin = new URL(platformIssuer).origin;
const metadata = (await (await fetch(`${platformIssuer}/.well-known/openid-configuration`)).json()) as {
  revocation_endpoint?: string;
};
// routes.ts revokes at logout without waiting: that call is reported, not subtracted.
const background = metadata.revocation_endpoint ? [new URL(metadata.revocation_endpoint).pathname] : [];
const timer = timePlatformCalls(platformOrigin, background);

interface Sample {
  totalMs: number;
  platformMs: number;
  platformCalls: number;
  backgroundCalls: number;
}
const samples = new Map<Step | 'baseline', Sample[]>([...STEPS, 'baseline'].map((step) => [step as Step, []]));

async function timed(
  step: Step | 'baseline',
  record: boolean,
  run: () => Promise<Response>,
  check: (response: Response, body: string) => void,
): Promise<Response> {
  const started = performance.now();
  const response = await run();
  const body = await response.text();
  const ended = performance.now();
  check(response, body);
  const platform = timer.within(started, ended);
  if (record) {
    samples.get(step)!.push({
      totalMs: ended - started,
      platformMs: platform.ms,
      platformCalls: platform.calls,
      backgroundCalls: platform.backgroundCalls,
    });
  }
  return response;
}

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

const isCallback = (url: URL): boolean => url.origin === bff && url.pathname === '/auth/callback';

async function baseline(browser: AuthTestBrowser, record: boolean): Promise<void> {
  await timed(
    'baseline',
    record,
    () => browser.fetch(new URL(BASELINE_PATH, bff)),
    (response, body) => expect(response.status === 200 && body.length === 32, `baseline answered ${response.status}`),
  );
}

async function oneLogin(index: number, record: boolean): Promise<void> {
  const account = DEMO_ACCOUNTS[index % DEMO_ACCOUNTS.length]!;
  // A fresh browser per login: no platform session, no leftover cookies.
  const browser = new AuthTestBrowser([bff, platformIssuer]);
  const loginUrl = new URL('/auth/login', bff);
  loginUrl.searchParams.set('return_to', HOST_PAGE);

  await baseline(browser, record);
  const login = await timed(
    'login',
    record,
    () => browser.fetch(loginUrl),
    (response) => expect(response.status === 302, `/auth/login answered ${response.status}`),
  );
  // At the platform (not timed): authorize, login form, back towards the callback.
  const authorize = new URL(login.headers.get('location')!);
  let page = await browser.navigate(authorize, {}, isCallback);
  if (!page.next) {
    page = await browser.submit(
      loginFormAction(page),
      { username: account.username, password: DEMO_PASSWORD },
      isCallback,
    );
  }
  expect(page.next !== undefined && isCallback(page.next), `no callback for ${account.username}`);

  await baseline(browser, record);
  await timed(
    'callback',
    record,
    () => browser.fetch(page.next!),
    (response) =>
      expect(
        response.status === 302 && response.headers.get('location') === HOST_PAGE,
        `/auth/callback answered ${response.status} → ${response.headers.get('location')}`,
      ),
  );
  expect(browser.cookie(bff, SESSION_COOKIE) !== undefined, 'no session cookie after the callback');

  await baseline(browser, record);
  await timed(
    'session',
    record,
    () => browser.fetch(new URL('/auth/session', bff), { headers: CSRF }),
    (response, body) =>
      expect(
        response.status === 200 && (JSON.parse(body) as { authenticated?: boolean }).authenticated === true,
        `/auth/session answered ${response.status}: ${body.slice(0, 200)}`,
      ),
  );

  await baseline(browser, record);
  await timed(
    'logout',
    record,
    () => browser.fetch(new URL('/auth/logout', bff), { method: 'POST', headers: CSRF }),
    (response, body) =>
      expect(
        response.status === 200 && typeof (JSON.parse(body) as { redirect?: unknown }).redirect === 'string',
        `/auth/logout answered ${response.status}: ${body.slice(0, 200)}`,
      ),
  );
  expect(browser.cookie(bff, SESSION_COOKIE) === undefined, 'session cookie kept after logout');
  // The revocation the BFF started in the background goes out now and ends before the next login.
  await timer.settle();
  timer.reset();
}

try {
  for (let i = 0; i < WARMUP; i += 1) await oneLogin(i, false);
  const started = performance.now();
  for (let i = 0; i < LOGINS; i += 1) await oneLogin(i, true);
  const elapsedS = (performance.now() - started) / 1000;

  const base = summarize(samples.get('baseline')!.map((sample) => sample.totalMs));
  const steps: Record<string, unknown> = {};
  const lines: string[] = [];
  const pad = (value: string | number, width: number): string => String(value).padStart(width);
  lines.push(
    `${'step'.padEnd(20)}${pad('total p50', 11)}${pad('p99', 9)}${pad('platform p50', 14)}${pad('p99', 9)}` +
      `${pad('BFF p50', 10)}${pad('p99', 9)}${pad('−baseline p50', 15)}${pad('×baseline', 11)}${pad('calls', 10)}`,
  );
  for (const step of STEPS) {
    const list = samples.get(step)!;
    const total = summarize(list.map((sample) => sample.totalMs));
    const platform = summarize(list.map((sample) => sample.platformMs));
    const own = summarize(list.map((sample) => sample.totalMs - sample.platformMs));
    const calls = list.reduce((sum, sample) => sum + sample.platformCalls, 0) / list.length;
    const backgroundCalls = list.reduce((sum, sample) => sum + sample.backgroundCalls, 0) / list.length;
    steps[step] = {
      totalP50Ms: ms(total.p50),
      totalP99Ms: ms(total.p99),
      platformP50Ms: ms(platform.p50),
      platformP99Ms: ms(platform.p99),
      bffP50Ms: ms(own.p50),
      bffP99Ms: ms(own.p99),
      overBaselineP50Ms: ms(own.p50 - base.p50),
      ratioP50: +(own.p50 / base.p50).toFixed(1),
      ratioP99: +(own.p99 / base.p99).toFixed(1),
      platformCallsPerStep: +calls.toFixed(2),
      backgroundCallsPerStep: +backgroundCalls.toFixed(2),
    };
    lines.push(
      `${`${step === 'logout' ? 'POST' : 'GET'} /auth/${step}`.padEnd(20)}${pad(total.p50.toFixed(2), 11)}${pad(total.p99.toFixed(2), 9)}` +
        `${pad(platform.p50.toFixed(2), 14)}${pad(platform.p99.toFixed(2), 9)}${pad(own.p50.toFixed(2), 10)}` +
        `${pad(own.p99.toFixed(2), 9)}${pad((own.p50 - base.p50).toFixed(2), 15)}${pad((own.p50 / base.p50).toFixed(1) + '×', 11)}` +
        `${pad(calls.toFixed(1) + (backgroundCalls ? `+${backgroundCalls.toFixed(1)}bg` : ''), 10)}`,
    );
  }
  lines.push(
    `${'bare route'.padEnd(20)}${pad(base.p50.toFixed(2), 11)}${pad(base.p99.toFixed(2), 9)}${pad('—', 14)}${pad('', 9)}` +
      `${pad(base.p50.toFixed(2), 10)}${pad(base.p99.toFixed(2), 9)}`,
  );
  console.log(`${LOGINS} logins (+${WARMUP} warm-up) in ${elapsedS.toFixed(1)} s; times in ms, client round trip`);
  for (const line of lines) console.log(line);
  console.log(
    'BFF = total − platform (time the BFF waited on its calls to the platform); calls = awaited platform calls,',
  );
  console.log(
    '+bg = calls the BFF starts without waiting (token revocation at logout): held until the step is measured,',
  );
  console.log('so the in-process platform does not answer them inside it.');
  const result = {
    name: 'login-steps',
    unit: 'ms',
    logins: LOGINS,
    warmup: WARMUP,
    baselineP50Ms: ms(base.p50),
    baselineP99Ms: ms(base.p99),
    steps,
  };
  console.log('BENCH ' + JSON.stringify(result));
} finally {
  timer.restore();
  await stack.close();
  await closePlatform();
}
