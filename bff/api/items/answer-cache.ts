/**
 * Public navigation answers (item lists, facet counts, guides) kept in memory by their normalised
 * request. Hundreds of sites show the same department and theme lists, and each answer costs two or
 * more library queries; the answers change only when the search index does, so each entry carries
 * the index generation it was computed at (search_state.generation, bumped by every reindex) and is
 * used only while that is still the generation. Reading the generation is one primary-key lookup,
 * shared by the requests that arrive while it runs.
 *
 * Bounded by entries and bytes (least recently used goes first) and by age, so a change the index
 * has not yet seen is served at most `ttlMs` late — the same window the answers' `max-age` already
 * allows browsers. Concurrent misses of one key compute it once. Personal answers never come here.
 */
import { createHash } from 'node:crypto';

export interface CachedAnswer {
  body: string;
  etag: string;
}

export interface AnswerCacheOptions {
  /** The current index generation (search_state). */
  generation(): Promise<number>;
  maxEntries?: number;
  maxBytes?: number;
  ttlMs?: number;
  now?: () => number;
}

export interface AnswerCache {
  /** The JSON answer for `key`, from memory when still valid, else from `compute` (then kept). */
  get(key: string, compute: () => Promise<unknown>): Promise<CachedAnswer>;
  readonly stats: { hits: number; misses: number; entries: number; bytes: number };
}

interface Entry extends CachedAnswer {
  generation: number;
  at: number;
}

export function etagOf(body: string): string {
  return `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
}

export function createAnswerCache(options: AnswerCacheOptions): AnswerCache {
  const maxEntries = options.maxEntries ?? 1000;
  const maxBytes = options.maxBytes ?? 8 * 1024 * 1024;
  const ttlMs = options.ttlMs ?? 60_000;
  const now = options.now ?? Date.now;
  /** Map order is use order: the first key is the least recently used. */
  const entries = new Map<string, Entry>();
  const computing = new Map<string, Promise<CachedAnswer>>();
  const stats = { hits: 0, misses: 0, entries: 0, bytes: 0 };
  let generationRead: Promise<number> | null = null;

  /** One generation read for all requests that arrive while it runs. */
  function currentGeneration(): Promise<number> {
    generationRead ??= options.generation().finally(() => {
      generationRead = null;
    });
    return generationRead;
  }

  function remove(key: string): void {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    stats.bytes -= entry.body.length;
  }

  function keep(key: string, entry: Entry): void {
    remove(key);
    // An answer larger than the whole budget is served but not kept.
    if (entry.body.length > maxBytes) return;
    entries.set(key, entry);
    stats.bytes += entry.body.length;
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries && stats.bytes <= maxBytes) break;
      remove(oldest);
    }
    stats.entries = entries.size;
  }

  async function compute(key: string, generation: number, produce: () => Promise<unknown>): Promise<CachedAnswer> {
    const body = JSON.stringify(await produce());
    const entry: Entry = { body, etag: etagOf(body), generation, at: now() };
    keep(key, entry);
    return entry;
  }

  return {
    stats,
    async get(key, produce) {
      const generation = await currentGeneration();
      const entry = entries.get(key);
      if (entry && entry.generation === generation && now() - entry.at < ttlMs) {
        stats.hits += 1;
        // Most recently used goes to the end.
        entries.delete(key);
        entries.set(key, entry);
        return entry;
      }
      stats.misses += 1;
      const flightKey = `${generation}\u0000${key}`;
      let pending = computing.get(flightKey);
      if (!pending) {
        pending = compute(key, generation, produce).finally(() => computing.delete(flightKey));
        computing.set(flightKey, pending);
      }
      return pending;
    },
  };
}
