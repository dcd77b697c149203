/**
 * config/recommendations/life-events.json: valid, and every pattern names exactly one item of the
 * generator's catalogue (so the demo and the evaluation can find each follow-up, and a pattern like
 * 税务登记 cannot quietly also match 注销税务登记); a broken file stops start-up with a clear message.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CATALOG } from '../../../../bff/dev/generator/index.js';
import { recommendationsConfigSchema } from '../../../../bff/recommend/config.js';
import { followUpIndex, isTrigger, LifeEventsError, loadLifeEvents } from '../../../../bff/recommend/life-events.js';

test('the shipped bundles are valid and each pattern matches exactly one catalogue item', () => {
  const bundles = loadLifeEvents(recommendationsConfigSchema.parse({}).lifeEvents);
  assert.ok(bundles.length >= 6);
  for (const bundle of bundles) {
    for (const pattern of [...bundle.triggers, ...bundle.followUps]) {
      const hits = CATALOG.filter((item) => item.name.includes(pattern)).map((item) => item.name);
      assert.equal(hits.length, 1, `${bundle.id}: “${pattern}” matches ${hits.join('、') || 'nothing'}`);
    }
  }
  const birth = bundles.find((bundle) => bundle.id === 'birth');
  assert.ok(birth && isTrigger(birth, '出生医学证明首次签发', null));
  assert.equal(followUpIndex(birth, '新生儿医保参保登记', null), 1);
  assert.equal(followUpIndex(birth, '居民身份证换领', null), undefined);
});

test('a broken file is refused with the file and the problem named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'life-events-'));
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ bundles: [{ id: 'x', name: '空', triggers: [], followUps: ['出生登记'] }] }));
  assert.throws(
    () => loadLifeEvents(bad),
    (error: unknown) => {
      assert.ok(error instanceof LifeEventsError);
      assert.match(error.message, /生活事件配置有误.*bad\.json.*triggers/);
      return true;
    },
  );
  const dup = join(dir, 'dup.json');
  const bundle = { id: 'a', name: '甲', triggers: ['出生登记'], followUps: ['户口簿补领'] };
  writeFileSync(dup, JSON.stringify({ bundles: [bundle, bundle] }));
  assert.throws(() => loadLifeEvents(dup), /生活事件编号重复/);
  assert.throws(() => loadLifeEvents(join(dir, 'missing.json')), /生活事件配置无法读取/);
});
