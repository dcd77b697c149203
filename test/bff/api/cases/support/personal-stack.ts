/**
 * The personal-space API tests' stack: the shared API stack (../../support/api-stack.ts) over PGlite
 * in memory — the development unified-auth platform and the whole BFF, every log line readable, so the
 * tests can prove no raw ID number or mobile ever reaches a response or a log.
 */
import type { RateLimitStore } from '../../../../../bff/api/shared/rate-limit.js';
import { openStore } from '../../../../../bff/store/store.js';
import { PII_HASH_KEY, startApiStack, type ApiStack } from '../../support/api-stack.js';

export { PII_HASH_KEY };

export type PersonalStack = ApiStack;

export async function startPersonalStack(
  overrides: Record<string, unknown> = {},
  options: { rateLimits?: RateLimitStore } = {},
): Promise<PersonalStack> {
  const store = await openStore({ dataDir: 'memory://' });
  return startApiStack({
    store,
    overrides,
    releaseStore: () => store.close(),
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
  });
}
