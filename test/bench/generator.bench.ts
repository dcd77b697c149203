/**
 * Generator throughput: item rows and case rows per second, pure generation and written into PGlite,
 * against a baseline measured in the same run (a loop building objects of the same width), because the
 * machine is shared and noisy. `--cases N` for the 10,000,000-scale run (pure generation only).
 *   node --import tsx test/bench/generator.bench.ts [--cases 60000] [--pglite-cases 5000]
 */
import { caseRecords, implementationRecords, NATURAL_ENTRY_COUNT } from '../../bff/dev/generator/index.js';
import { openFrontTarget } from '../../bff/dev/front-processor/open.js';
import { RecordWriter } from '../../bff/dev/front-processor/record-writer.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const cases = arg('cases', 60_000);
const pgliteCases = arg('pglite-cases', 5_000);
const entries = arg('entries', NATURAL_ENTRY_COUNT);

function rate(rows: number, ms: number): number {
  return Math.round(rows / (ms / 1000));
}

function baseline(rows: number): number {
  // Objects of ~30 fields with a few strings and a date string each, like a front row.
  const started = performance.now();
  let sink = 0;
  for (let i = 0; i < rows; i += 1) {
    const row: Record<string, string | number | null> = {};
    for (let f = 0; f < 25; f += 1) row[`c${f}`] = f % 3 === 0 ? i + f : `v${i}-${f}`;
    row.cd_time = new Date(1_700_000_000_000 + i * 1000).toISOString().slice(0, 19).replace('T', ' ');
    sink += Object.keys(row).length;
  }
  if (sink === 0) throw new Error('unreachable');
  return rate(rows, performance.now() - started);
}

function timeRows(iterable: Iterable<unknown>): { rows: number; perSecond: number; ms: number } {
  const started = performance.now();
  let rows = 0;
  for (const _ of iterable) rows += 1;
  const ms = performance.now() - started;
  return { rows, perSecond: rate(rows, ms), ms };
}

const rssBefore = process.memoryUsage().rss;
const baselineRate = baseline(300_000);
const items = timeRows(implementationRecords({ seed: 'bench', entryCount: entries }));
const caseRun = timeRows(caseRecords({ seed: 'bench', count: cases, total: Math.max(cases, 10_000_000) }));
const rssGrowthMb = Math.round((process.memoryUsage().rss - rssBefore) / 1024 / 1024);

const openStarted = performance.now();
const front = await openFrontTarget({ pgliteDir: 'memory://' });
await front.ensureSchema();
const openMs = performance.now() - openStarted;
const writeStarted = performance.now();
const writer = new RecordWriter(front, 500);
for (const r of caseRecords({ seed: 'bench-pglite', count: pgliteCases })) await writer.add(r);
for (const r of implementationRecords({ seed: 'bench-pglite', count: 1000 })) await writer.add(r);
await writer.flush();
const pgliteRate = rate(writer.written, performance.now() - writeStarted);
await front.close();

const result = {
  name: 'generator',
  baseline_rows_per_s: baselineRate,
  item_rows_per_s: items.perSecond,
  item_rows: items.rows,
  case_rows_per_s: caseRun.perSecond,
  case_rows: caseRun.rows,
  cases,
  case_ratio_to_baseline: Number((caseRun.perSecond / baselineRate).toFixed(3)),
  item_ratio_to_baseline: Number((items.perSecond / baselineRate).toFixed(3)),
  pglite_rows_per_s: pgliteRate,
  pglite_rows: writer.written,
  pglite_open_ms: Math.round(openMs),
  rss_growth_mb: rssGrowthMb,
};
console.log(`baseline (object building)   ${baselineRate.toLocaleString()} rows/s`);
console.log(`implementation-list rows     ${items.perSecond.toLocaleString()} rows/s (${items.rows} rows)`);
console.log(
  `case rows                    ${caseRun.perSecond.toLocaleString()} rows/s (${caseRun.rows} rows, ${cases} cases)`,
);
console.log(
  `case rows into PGlite        ${pgliteRate.toLocaleString()} rows/s (${writer.written} rows; open ${Math.round(openMs)} ms)`,
);
console.log(`RSS growth while generating  ${rssGrowthMb} MB`);
console.log(`BENCH ${JSON.stringify(result)}`);
