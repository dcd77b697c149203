/**
 * The pure parts of site announcements: which areas a region sees (itself and every area above it,
 * so a 道里区 page shows 哈尔滨市's and the province's), and that a link from data survives only as a
 * same-site path or #fragment. The API itself runs through the real BFF in
 * test/bff/sync/notices/sync-notices.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { regionWithAncestors, sameSiteLink } from '../../../../bff/api/announcements/queries.js';

test('a region sees itself and the areas above it', () => {
  assert.deepEqual(regionWithAncestors('230102000000'), ['230000000000', '230100000000', '230102000000']);
  assert.deepEqual(regionWithAncestors('230102'), ['230000000000', '230100000000', '230102000000']);
  assert.deepEqual(regionWithAncestors('230102003000'), [
    '230000000000',
    '230100000000',
    '230102000000',
    '230102003000',
  ]);
  assert.deepEqual(regionWithAncestors('230000000000'), ['230000000000']);
  assert.deepEqual(regionWithAncestors(null), []);
});

test('only same-site links survive', () => {
  assert.equal(sameSiteLink('/zwfw/tzgg/1'), '/zwfw/tzgg/1');
  assert.equal(sameSiteLink('#notice=1'), '#notice=1');
  for (const bad of [
    'https://evil.example/x',
    '//evil.example/x',
    '/\\evil.example',
    'javascript:alert(1)',
    ' /x',
    '/a b',
  ]) {
    assert.equal(sameSiteLink(bad), null, bad);
  }
  assert.equal(sameSiteLink(null), null);
  assert.equal(sameSiteLink(''), null);
});
