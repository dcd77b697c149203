/**
 * The case-tracking API (issue 6; shapes in bff/api/contracts/cases.ts):
 *
 *   GET  /api/v1/cases?status&cursor&limit   my cases + counts per tab           [registered user]
 *   GET  /api/v1/cases/:no                   one of my cases; anyone else's → 404 [registered user]
 *   POST /api/v1/case-lookup                 one case by number + second factor   [anyone, rate-limited]
 *
 * Read-only: progress arrives through the sync, and reaches open trackers as `case-progress` events
 * on the caller's own SSE stream (bff/events, keyed by user).
 */
import { createHash } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { requireUser, type AuthEnv } from '../../auth/guard.js';
import { addressList, senderAddress } from '../../auth/logout-notify/client-address.js';
import { AppError } from '../../http/errors.js';
import { callerOf } from '../shared/caller.js';
import { jsonBody, parseInput } from '../shared/params.js';
import { privateJson } from '../shared/private-json.js';
import { checkRateLimits, type RateLimitStore } from '../shared/rate-limit.js';
import type { UserRecorder } from '../shared/remember-user.js';
import { caseListParams, FIELD_NAMES, lookupBody, projectNoParam } from './params.js';
import { listMyCases, lookupCase, myCaseDetail, type CaseServiceDeps, type LookupInput } from './service.js';

export interface CaseRoutesDeps extends CaseServiceDeps {
  rateLimits: RateLimitStore;
  users: UserRecorder;
  /** A refused lookup answers no sooner than this, so "no such case" and "wrong factor" take as long. */
  refusalFloorMs?: number;
  /** The TCP peer (tests without a socket inject one); defaults to the Node socket. */
  socketAddress?: (c: Context) => string | undefined;
}

/** Same status, code, message and headers for every refused lookup: nothing tells the two apart. */
const lookupRefused = (): AppError =>
  new AppError(404, 'case_lookup_failed', '没有查到符合条件的办件，请核对办件编号和查询信息后再试');

const caseNotFound = (): AppError =>
  new AppError(404, 'case_not_found', '没有找到这个办件，请核对办件编号；只能查看本人申请或经办的办件');

function tooManyLookups(c: Context, retryAfterSeconds: number): Response {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return c.json(
    {
      error: {
        code: 'too_many_requests',
        message: `查询次数过多，请${minutes}分钟后再试。登录后可在“我的办件”中随时查看办理进度。`,
      },
    },
    429,
    { 'Retry-After': String(retryAfterSeconds), 'Cache-Control': 'no-store' },
  );
}

function nodeSocketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // not on @hono/node-server (app.request in tests)
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function caseRoutes(deps: CaseRoutesDeps): { cases: Hono<AuthEnv>; caseLookup: Hono } {
  const { lookup: config } = deps;
  const refusalFloorMs = deps.refusalFloorMs ?? 300;
  const proxies = addressList(config.trustedProxies);
  const socketAddress = deps.socketAddress ?? nodeSocketAddress;

  const cases = new Hono<AuthEnv>();
  cases.get('/', requireUser(), async (c) => {
    const query = parseInput(caseListParams, c.req.query(), FIELD_NAMES);
    const caller = callerOf(c, deps.piiHashKey);
    await deps.users.remember(caller);
    const page = await listMyCases(deps, caller.caseKeys, {
      filter: query.status,
      cursor: query.cursor,
      limit: query.limit,
    });
    return privateJson(c, page);
  });
  cases.get('/:no', requireUser(), async (c) => {
    const projectNo = parseInput(projectNoParam, c.req.param('no'), { '': '办件编号' });
    const caller = callerOf(c, deps.piiHashKey);
    // A page may show one case only (mode="detail"): its live progress needs the user known too.
    await deps.users.remember(caller);
    const detail = await myCaseDetail(deps, caller.caseKeys, projectNo);
    if (!detail) throw caseNotFound();
    return privateJson(c, detail);
  });

  const caseLookup = new Hono();
  const bodySchema = lookupBody(config.secondFactor, config.idTailLength);
  caseLookup.post('/', async (c) => {
    const address = senderAddress(socketAddress(c), c.req.header('X-Forwarded-For'), proxies) ?? 'unknown';
    const byAddress = await checkRateLimits(deps.rateLimits, [
      {
        key: `case-lookup:addr:${address}`,
        max: config.perAddressMax,
        windowMs: config.perAddressWindowSeconds * 1000,
      },
    ]);
    if (byAddress.limited) return tooManyLookups(c, byAddress.retryAfterSeconds);

    const input: LookupInput = parseInput(bodySchema, await jsonBody(c.req), FIELD_NAMES);
    const started = performance.now();
    // Hashed: the counter key must not keep what was typed, and any text maps to a bounded key.
    const caseKey = createHash('sha256').update(input.projectNo).digest('base64url');
    const byCase = await checkRateLimits(deps.rateLimits, [
      { key: `case-lookup:case:${caseKey}`, max: config.perCaseMax, windowMs: config.perCaseWindowSeconds * 1000 },
    ]);
    if (byCase.limited) return tooManyLookups(c, byCase.retryAfterSeconds);

    const found = await lookupCase(deps, input);
    if (!found) {
      await sleep(refusalFloorMs - (performance.now() - started));
      throw lookupRefused();
    }
    return c.json(found, 200, { 'Cache-Control': 'no-store' });
  });

  return { cases, caseLookup };
}
