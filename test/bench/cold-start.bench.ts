/**
 * Cold start of `npm start`: time from spawning bff/start.ts to its ready line, on an empty data
 * directory (first start: migrations, simulator fill) and again on the same directory (second
 * start: data reused). Baseline in the same run: starting Node with the tsx loader and doing
 * nothing, so the ratio says what GovDock itself adds on this (noisy, 2-core) machine.
 * The build is done before timing (a fresh clone builds once on its first start).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProduct } from '../support/start-product.js';

function timeBaseline(): number {
  const started = performance.now();
  spawnSync(process.execPath, ['--import', 'tsx', '-e', ''], { stdio: 'ignore' });
  return performance.now() - started;
}

async function timeStart(dataDir: string): Promise<number> {
  const started = performance.now();
  const product = await startProduct({ dataDir });
  const elapsed = performance.now() - started;
  const code = await product.stop();
  if (code !== 0) throw new Error(`npm start exited with ${String(code)} on Ctrl-C`);
  return elapsed;
}

const root = new URL('../..', import.meta.url).pathname;
spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' });
const dataDir = mkdtempSync(join(tmpdir(), 'govdock-bench-'));
try {
  const baselineMs = timeBaseline();
  const firstMs = await timeStart(dataDir);
  const secondMs = await timeStart(dataDir);
  const result = {
    name: 'cold-start',
    baselineMs: Math.round(baselineMs),
    firstStartMs: Math.round(firstMs),
    secondStartMs: Math.round(secondMs),
    firstRatio: +(firstMs / baselineMs).toFixed(1),
    secondRatio: +(secondMs / baselineMs).toFixed(1),
  };
  console.log(`node+tsx baseline      ${result.baselineMs} ms`);
  console.log(`first start (empty)    ${result.firstStartMs} ms  (${result.firstRatio}× baseline)`);
  console.log(`second start (reuse)   ${result.secondStartMs} ms  (${result.secondRatio}× baseline)`);
  console.log('BENCH ' + JSON.stringify(result));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
