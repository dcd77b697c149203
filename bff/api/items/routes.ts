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
import { etagOf, type AnswerCache, type CachedAnswer } from './answer-cache.js';
import { decodeCursor } from './cursor.js';
import { privateJson, publicAnswer, publicJson } from './http-cache.js';
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

/** The same request always gives the same key, whatever the order of its query parameters. */
function answerKey(route: string, params: object): string {
  const entries = Object.entries(params)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${route}?${JSON.stringify(entries)}`;
}

/**
 * `answers` keeps public answers in memory by request (answer-cache.ts); without it every request
 * goes to the library.
 */
export function navigationApi(context: SearchContext, answers?: AnswerCache): NavigationApi {
  const answerOf = async (key: string, produce: () => Promise<unknown>): Promise<CachedAnswer> => {
    if (answers) return answers.get(key, produce);
    const body = JSON.stringify(await produce());
    return { body, etag: etagOf(body) };
  };

  const items = new Hono();
  items.get('/', async (c) => {
    const params = parseParams(listParams, c.req.query());
    const { q, sort, cursor, limit, ...filters } = params;
    // A bad cursor throws its 400 inside `produce`: failures are never kept.
    const page = await answerOf(answerKey('items', params), () =>
      listItems(context, {
        q: q || undefined,
        filters,
        sort,
        cursor: (effectiveSort) => (cursor ? decodeCursor(cursor, effectiveSort) : null),
        limit,
      }),
    );
    return publicAnswer(c, page);
  });
  items.get('/:code', async (c) => {
    const code = parseParams(itemCodeParam, c.req.param('code'));
    // "Not found" is kept too; the reindex that brings the item changes the generation.
    const guide = await answerOf(`guide:${code}`, async () => (await itemGuide(context, code)) ?? null);
    if (guide.body === 'null') throw itemNotFound();
    return publicAnswer(c, guide);
  });

  const facetApp = new Hono();
  facetApp.get('/', async (c) => {
    const params = parseParams(facetParams, c.req.query());
    const { q, ...filters } = params;
    return publicAnswer(
      c,
      await answerOf(answerKey('facets', params), () => facets(context, { q: q || undefined, filters })),
    );
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
