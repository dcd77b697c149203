/**
 * `npm run bench`: runs every test/bench/*.bench.ts in turn (one at a time — the machine has two
 * cores), shows their output, and collects their `BENCH {json}` lines into
 * test/bench/results/latest.json for the README.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const benchDir = new URL('.', import.meta.url).pathname;
const only = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.some((wanted) => name.includes(wanted)))
  .sort();

interface BenchResult {
  name: string;
  measuredAt?: string;
}
const latestPath = join(benchDir, 'results', 'latest.json');
// A partial run (`npm run bench -- generator`) replaces only its own entries in latest.json.
const previous: BenchResult[] = existsSync(latestPath)
  ? (JSON.parse(readFileSync(latestPath, 'utf8')) as { results: BenchResult[] }).results
  : [];
const results: BenchResult[] = [];
let failures = 0;
for (const file of files) {
  console.log(`\n### ${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, file)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(run.stdout);
  if (run.status !== 0) failures += 1;
  for (const line of run.stdout.split('\n')) {
    if (line.startsWith('BENCH ')) {
      results.push({ ...(JSON.parse(line.slice(6)) as BenchResult), measuredAt: new Date().toISOString() });
    }
  }
}
mkdirSync(join(benchDir, 'results'), { recursive: true });
const kept = previous.filter((old) => !results.some((fresh) => fresh.name === old.name));
const report = { measuredAt: new Date().toISOString(), node: process.version, results: [...kept, ...results] };
writeFileSync(latestPath, JSON.stringify(report, null, 2) + '\n');
console.log(`\nwrote test/bench/results/latest.json (${results.length} results, ${failures} failed)`);
process.exit(failures === 0 ? 0 : 1);
