import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseRecords } from '../../../../bff/dev/generator/index.js';

test('streaming 1,000,000 case rows keeps memory flat', () => {
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  let rows = 0;
  let peak = before;
  for (const _ of caseRecords({ seed: 'memory', count: 200_000, total: 10_000_000 })) {
    rows += 1;
    if (rows % 100_000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    if (rows >= 1_000_000) break;
  }
  const growthMb = (peak - before) / 1024 / 1024;
  assert.ok(rows >= 1_000_000, `only ${rows} rows`);
  assert.ok(growthMb < 150, `RSS grew ${growthMb.toFixed(0)} MB`);
});
