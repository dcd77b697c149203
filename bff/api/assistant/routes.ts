/**
 * The intelligent assistant (issue 8; shapes in bff/api/contracts/consultations.ts):
 *
 *   POST /api/v1/assistant   { question, dept?, region? } → AssistantAnswer   [anyone, rate-limited per address]
 *
 * Open to everyone (§6.1: public information only — the answers come from public guides and the
 * curated FAQ base, never from anyone's cases). The CSRF header is checked by the app like every API call.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { addressList, senderAddress } from '../../auth/logout-notify/client-address.js';
import { jsonBody, parseInput } from '../shared/params.js';
import { checkRateLimits, type RateLimitStore } from '../shared/rate-limit.js';
import type { Assistant } from './service.js';

export interface AssistantRouteDeps {
  assistant: Assistant;
  rateLimits: RateLimitStore;
  perAddressMax: number;
  perAddressWindowSeconds: number;
  hotlineLabel: string;
  /** Gateways whose X-Forwarded-For is believed (caseLookup.trustedProxies). */
  trustedProxies: readonly string[];
  /** The TCP peer (tests without a socket inject one); defaults to the Node socket. */
  socketAddress?: (c: Context) => string | undefined;
}

export const QUESTION_MAX = 200;

const FIELD_NAMES: Readonly<Record<string, string>> = { question: '问题', dept: '部门', region: '地区' };

export const questionBody = z.object({
  question: z
    .string('请输入您的问题')
    .trim()
    .min(1, '请输入您的问题')
    .max(QUESTION_MAX, `问题不能超过${QUESTION_MAX}个字，请简要描述`),
  dept: z
    .string()
    .regex(/^[0-9A-Z]{18}$/, '应为18位统一社会信用代码')
    .optional(),
  region: z
    .string()
    .regex(/^\d{12}$/, '应为12位行政区划代码')
    .optional(),
});

function nodeSocketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // not on @hono/node-server (app.request in tests)
  }
}

export function assistantRoutes(deps: AssistantRouteDeps): Hono {
  const proxies = addressList(deps.trustedProxies);
  const socketAddress = deps.socketAddress ?? nodeSocketAddress;
  const app = new Hono();
  app.post('/', async (c) => {
    const address = senderAddress(socketAddress(c), c.req.header('X-Forwarded-For'), proxies) ?? 'unknown';
    const limited = await checkRateLimits(deps.rateLimits, [
      { key: `assistant:addr:${address}`, max: deps.perAddressMax, windowMs: deps.perAddressWindowSeconds * 1000 },
    ]);
    if (limited.limited) {
      return c.json(
        {
          error: {
            code: 'too_many_requests',
            message: `提问太频繁，请${limited.retryAfterSeconds}秒后再试；急需帮助可拨打${deps.hotlineLabel}。`,
          },
        },
        429,
        { 'Retry-After': String(limited.retryAfterSeconds), 'Cache-Control': 'no-store' },
      );
    }
    const input = parseInput(questionBody, await jsonBody(c.req), FIELD_NAMES);
    const { answer } = await deps.assistant.ask(input);
    // Answers follow the library and the page's filters; a shared cache would serve stale ones.
    return c.json(answer, 200, { 'Cache-Control': 'no-store' });
  });
  return app;
}
