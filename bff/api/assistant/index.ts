/**
 * The assistant area as createApp mounts it: the service over the library and the search context,
 * behind the rate-limited route. See routes.ts (HTTP) and service.ts (retrieval).
 */
import type { Hono } from 'hono';
import type { Config } from '../../config.js';
import type { SearchContext } from '../../search/search-service.js';
import { createMemoryRateLimitStore, type RateLimitStore } from '../shared/rate-limit.js';
import { assistantRoutes } from './routes.js';
import { createAssistant } from './service.js';

export interface AssistantApiDeps {
  search: SearchContext;
  config: Pick<Config, 'assistant' | 'caseLookup'>;
  /** Shared by instances (Redis); in-process when absent. */
  rateLimits?: RateLimitStore;
}

export function assistantApi(deps: AssistantApiDeps): Hono {
  const { assistant: config } = deps.config;
  return assistantRoutes({
    assistant: createAssistant({ sql: deps.search.sql, search: deps.search, config }),
    rateLimits: deps.rateLimits ?? createMemoryRateLimitStore(),
    perAddressMax: config.perAddressMax,
    perAddressWindowSeconds: config.perAddressWindowSeconds,
    hotlineLabel: config.hotlineLabel,
    trustedProxies: deps.config.caseLookup.trustedProxies,
  });
}

export { createAssistant, type Assistant, type AssistantResult, type RankedCandidate } from './service.js';
