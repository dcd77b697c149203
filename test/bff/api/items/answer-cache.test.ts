/**
 * The in-memory cache of public navigation answers (bff/api/items/answer-cache.ts): an answer is
 * reused only while the index generation is the one it was computed at and it is younger than its
 * TTL; memory is bounded by entries and bytes; concurrent misses compute once; failures are not kept.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAnswerCache } from '../../../../bff/api/items/answer-cache.js';

function harness(options: { maxEntries?: number; maxBytes?: number; ttlMs?: number } = {}) {
  let generation = 1;
  let clock = 0;
  let generationReads = 0;
  const cache = createAnswerCache({
    generation: async () => {
      generationReads += 1;
      return generation;
    },
    now: () => clock,
    ...options,
  });
  let computed = 0;
  const produce = (value: unknown) => async () => {
    computed += 1;
    return value;
  };
  return {
    cache,
    produce,
    computed: () => computed,
    reads: () => generationReads,
    bump: () => (generation += 1),
    advance: (ms: number) => (clock += ms),
  };
}

test('reuses an answer while the index generation is unchanged, recomputes after a reindex', async () => {
  const h = harness();
  const first = await h.cache.get('items?a', h.produce({ items: [1] }));
  const again = await h.cache.get('items?a', h.produce({ items: [2] }));
  assert.equal(first.body, '{"items":[1]}');
  assert.deepEqual(again, first, 'same body and ETag');
  assert.equal(h.computed(), 1);
  h.bump();
  const fresh = await h.cache.get('items?a', h.produce({ items: [2] }));
  assert.equal(fresh.body, '{"items":[2]}');
  assert.notEqual(fresh.etag, first.etag);
  assert.deepEqual({ hits: h.cache.stats.hits, misses: h.cache.stats.misses }, { hits: 1, misses: 2 });
});

test('an answer older than its TTL is computed again even without a reindex', async () => {
  const h = harness({ ttlMs: 1000 });
  await h.cache.get('k', h.produce(1));
  h.advance(999);
  await h.cache.get('k', h.produce(2));
  assert.equal(h.computed(), 1);
  h.advance(1);
  assert.equal((await h.cache.get('k', h.produce(3))).body, '3');
});

test('memory is bounded by entries and by bytes, least recently used first', async () => {
  const h = harness({ maxEntries: 2 });
  await h.cache.get('a', h.produce('a'));
  await h.cache.get('b', h.produce('b'));
  await h.cache.get('a', h.produce('a'));
  await h.cache.get('c', h.produce('c'));
  assert.equal(h.cache.stats.entries, 2);
  await h.cache.get('a', h.produce('a'));
  assert.equal(h.computed(), 3, "'a' was used last, so 'b' went");
  await h.cache.get('b', h.produce('b'));
  assert.equal(h.computed(), 4);

  const small = harness({ maxBytes: 20 });
  await small.cache.get('x', small.produce('x'.repeat(10)));
  await small.cache.get('y', small.produce('y'.repeat(10)));
  assert.ok(small.cache.stats.bytes <= 20, `${small.cache.stats.bytes} bytes kept`);
  assert.equal(small.cache.stats.entries, 1);
  // Larger than the whole budget: served, never kept.
  const huge = await small.cache.get('z', small.produce('z'.repeat(100)));
  assert.equal(huge.body.length, 102);
  assert.ok(small.cache.stats.bytes <= 25);
});

test('concurrent misses of one key compute once and share one generation read', async () => {
  const h = harness();
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let computed = 0;
  const slow = async () => {
    computed += 1;
    await gate;
    return { n: 1 };
  };
  const answers = Promise.all([h.cache.get('k', slow), h.cache.get('k', slow), h.cache.get('k', slow)]);
  await new Promise((resolve) => setTimeout(resolve, 5));
  release();
  const [a, b, c] = await answers;
  assert.equal(computed, 1);
  assert.deepEqual(a, b);
  assert.deepEqual(b, c);
  assert.equal(h.reads(), 1, 'one generation read for three requests arriving together');
});

test('a failure is passed on and not kept', async () => {
  const h = harness();
  await assert.rejects(
    h.cache.get('k', async () => {
      throw new Error('bad cursor');
    }),
    /bad cursor/,
  );
  assert.equal((await h.cache.get('k', h.produce('ok'))).body, '"ok"');
  assert.equal(h.cache.stats.entries, 1);
});
