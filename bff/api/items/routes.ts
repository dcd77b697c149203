/**
 * The navigation and search API (architecture §6), one small Hono app per mount point:
 *
 *   GET /api/v1/items?dept&region&theme&audience&type&object&online&visits&projectType&q&sort&cursor&limit
 *   GET /api/v1/items/:code          full 办事指南, 404 when unknown
 *   GET /api/v1/facets?…filters&q    counts per facet under the other filters
 *   GET /api/v1/search?q&…filters    ranked public results + the caller's own cases
 *   GET /api/v1/suggest?q&…filters   suggestions as you type
 *
 * Shapes: bff/api/contracts/items.ts. Public answers are cacheable (http-cache.ts).
 */
import { Hono } from 'hono';
import { AppError } from '../../http/errors.js';
import { callerIdentity } from '../../search/my-cases.js';
import { type SearchContext, searchItems } from '../../search/search-service.js';
import { suggest } from '../../search/suggest.js';
import { decodeCursor } from './cursor.js';
import { privateJson, publicJson } from './http-cache.js';
import { facetParams, itemCodeParam, listParams, parseParams, searchParams, suggestParams } from './params.js';
import { facets, itemGuide, listItems } from './service.js';

export interface NavigationApi {
  items: Hono;
  facets: Hono;
  search: Hono;
  suggest: Hono;
}

const itemNotFound = (): AppError =>
  new AppError(404, 'item_not_found', '没有找到这个事项，可能已调整或停止办理，请返回重新查找');

export function navigationApi(context: SearchContext): NavigationApi {
  const items = new Hono();
  items.get('/', async (c) => {
    const { q, sort, cursor, limit, ...filters } = parseParams(listParams, c.req.query());
    const page = await listItems(context, {
      q: q || undefined,
      filters,
      sort,
      cursor: (effectiveSort) => (cursor ? decodeCursor(cursor, effectiveSort) : null),
      limit,
    });
    return publicJson(c, page);
  });
  items.get('/:code', async (c) => {
    const code = parseParams(itemCodeParam, c.req.param('code'));
    const guide = await itemGuide(context, code);
    if (!guide) throw itemNotFound();
    return publicJson(c, guide);
  });

  const facetApp = new Hono();
  facetApp.get('/', async (c) => {
    const { q, ...filters } = parseParams(facetParams, c.req.query());
    return publicJson(c, await facets(context, { q: q || undefined, filters }));
  });

  const search = new Hono();
  search.get('/', async (c) => {
    const { q, limit, ...filters } = parseParams(searchParams, c.req.query());
    const caller = await callerIdentity(c);
    const response = await searchItems(context, {
      q,
      filters,
      limit,
      ...(caller.kind === 'user' ? { userKeyHash: caller.keyHash } : {}),
    });
    return caller.kind === 'user' ? privateJson(c, response) : publicJson(c, response);
  });

  const suggestApp = new Hono();
  suggestApp.get('/', async (c) => {
    const { q, limit, ...filters } = parseParams(suggestParams, c.req.query());
    return publicJson(c, await suggest(context, { q, filters, limit }));
  });

  return { items, facets: facetApp, search, suggest: suggestApp };
}

/**
 * The resource library behind createApp's `store`, when it is one (a full Store has `transaction`);
 * tests of other areas pass a bare readiness probe, and then the navigation API is not mounted.
 */
export function librarySqlOf(store: object): SearchContext['sql'] | undefined {
  const candidate = store as Partial<SearchContext['sql']>;
  return typeof candidate.query === 'function' && typeof candidate.transaction === 'function'
    ? (candidate as SearchContext['sql'])
    : undefined;
}
