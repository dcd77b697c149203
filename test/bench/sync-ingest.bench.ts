/**
 * Sync ingest (issue 4 item 11): N cases with their process steps and results, generated into a
 * MariaDB front processor, synced by the engine into PostgreSQL — rows/s, peak RSS — against a raw
 * COPY of the same source rows into PostgreSQL in the same run (the ceiling: no mapping, no upsert,
 * no indexes), and the same sync into the embedded store (PGlite in a data directory).
 *
 * Every phase runs in its own child process, so each peak RSS is that phase's alone (the generator
 * that seeds the front would otherwise inflate it).
 *
 *   FRONT_MYSQL_URL=… DATABASE_URL=… node --import tsx test/bench/sync-ingest.bench.ts \
 *     [--cases 50000] [--embedded-cases 3000] [--page 2500] [--heap-mb 128]
 * The issue's figure is for --cases 1000000 (about 6.4 million rows); CI and `npm run bench` run less.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable, Transform } from 'node:stream';
import { numberFlag } from './support/stats.js';

// Phases import what they need themselves: a phase's peak RSS must not include another's modules.
const mysqlPromise = (await import('mysql2/promise')).default;
const pg = (await import('pg')).default;

const TABLES = ['up_pro_accept', 'up_pro_process', 'up_pro_result'] as const;
const PII_KEY = 'bench-pii-key-0123456789abcdef0123456789';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

function peakRssMb(): number {
  // maxRSS is in kilobytes.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

// ---------------------------------------------------------------- phases (child processes)

async function seedPhase(frontUrl: string, cases: number): Promise<object> {
  const { tableDdl } = await import('../../bff/dev/front-processor/ddl.js');
  const { openFrontTarget } = await import('../../bff/dev/front-processor/open.js');
  const { RecordWriter } = await import('../../bff/dev/front-processor/record-writer.js');
  const { caseRecords, tableSpec } = await import('../../bff/dev/generator/index.js');
  const front = await openFrontTarget(frontUrl);
  for (const table of TABLES) await front.exec(tableDdl(tableSpec(table), 'mysql'));
  const writer = new RecordWriter(front, 2000);
  const started = performance.now();
  for (const record of caseRecords({ seed: 'sync-bench', count: cases })) {
    if ((TABLES as readonly string[]).includes(record.table)) await writer.add(record);
  }
  await writer.flush();
  await front.close();
  return { rows: writer.written, seconds: (performance.now() - started) / 1000 };
}

async function syncPhase(frontUrl: string, library: { databaseUrl?: string; dataDir?: string }, pageSize: number) {
  const { applicantKeyHash } = await import('../../bff/privacy/pii.js');
  const { migrate } = await import('../../bff/store/migrate.js');
  const { openStore } = await import('../../bff/store/store.js');
  const { defaultSyncConfig } = await import('../../bff/sync/config.js');
  const { createSyncService } = await import('../../bff/sync/index.js');
  const { nationalLayout } = await import('../../bff/sync/layouts/index.js');
  const { openMysqlSource } = await import('../../bff/sync/sources/sql/mysql-source.js');
  const store = await openStore(library);
  await migrate(store);
  const source = await openMysqlSource({ url: frontUrl, timeZone: '+08:00' });
  const layout = {
    name: 'bench',
    streams: nationalLayout.streams.filter((s) => (TABLES as readonly string[]).includes(s.sourceTable)),
  };
  const service = createSyncService({
    store,
    source,
    layout,
    config: defaultSyncConfig({ sourceId: 'p23', pageSize, safetyLagSeconds: 0, lookbackSeconds: 0 }),
    logger: {
      debug: () => undefined,
      info: (data) => {
        if (process.env.SYNC_BENCH_VERBOSE) console.error(JSON.stringify(data));
      },
      warn: () => undefined,
      error: (data) => console.error(JSON.stringify(data)),
    },
    keyHash: (id) => applicantKeyHash(id, PII_KEY),
    ...(library.databaseUrl ? { databaseUrl: library.databaseUrl } : {}),
  });
  const rssBefore = Math.round(process.memoryUsage().rss / 1024 / 1024);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const summaries = await service.run();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  // How busy this process was (1.0 = one core all the time): well below 1 means it waited on the databases.
  const nodeBusy = Number(((cpu.user + cpu.system) / 1e6 / seconds).toFixed(2));
  const failed = summaries.filter((s) => s.status !== 'succeeded');
  if (failed.length > 0) throw new Error(`sync failed: ${JSON.stringify(failed)}`);
  const read = summaries.reduce((sum, s) => sum + s.counts.read, 0);
  const written = summaries.reduce((sum, s) => sum + s.counts.inserted + s.counts.updated, 0);
  await service.close();
  await source.close();
  await store.close();
  const heapMb = Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
  return {
    rows: read,
    written,
    seconds,
    rowsPerSecond: Math.round(read / seconds),
    peakRssMb: peakRssMb(),
    rssBefore,
    heapMb,
    nodeBusy,
  };
}

/** COPY text escaping: backslash, tab, newline, carriage return; NULL as \N. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  return String(value).replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

async function copyPhase(frontUrl: string, libraryUrl: string): Promise<object> {
  const mysql = (await import('mysql2')).default;
  const { from: copyFrom } = await import('pg-copy-streams');
  const { tableSpec } = await import('../../bff/dev/generator/index.js');
  const client = new pg.Client({ connectionString: libraryUrl });
  await client.connect();
  const connection = mysql.createConnection({ uri: frontUrl, dateStrings: true, charset: 'utf8mb4' });
  let rows = 0;
  const started = performance.now();
  for (const table of TABLES) {
    const columns = tableSpec(table).columns.map((c) => c.name);
    await client.query(
      `DROP TABLE IF EXISTS raw_${table}; CREATE TABLE raw_${table} (${columns.map((c) => `${c} text`).join(', ')})`,
    );
    const copy = client.query(copyFrom(`COPY raw_${table} (${columns.join(', ')}) FROM STDIN`));
    // Rows are batched into one string per 1000 before they reach the COPY stream (pg-copy-streams #127).
    let buffer = '';
    let inBuffer = 0;
    const toText = new Transform({
      writableObjectMode: true,
      transform(row: unknown[], _encoding, done) {
        buffer += row.map(copyField).join('\t') + '\n';
        inBuffer += 1;
        rows += 1;
        if (inBuffer >= 1000) {
          const chunk = buffer;
          buffer = '';
          inBuffer = 0;
          done(null, chunk);
        } else done();
      },
      flush(done) {
        done(null, buffer);
      },
    });
    const query = connection.query({ sql: `SELECT ${columns.join(', ')} FROM ${table}`, rowsAsArray: true });
    await pipeline(query.stream({ highWaterMark: 1000 }) as Readable, toText, copy);
  }
  const seconds = (performance.now() - started) / 1000;
  connection.end();
  await client.end();
  return { rows, seconds, rowsPerSecond: Math.round(rows / seconds), peakRssMb: peakRssMb() };
}

/**
 * The ceiling: the same library rows the engine writes (the layout's mapping of every source row,
 * version columns included), pre-built as COPY text outside the timing, then COPYed into tables shaped
 * like the targets (LIKE … INCLUDING ALL: same columns, defaults, constraints and indexes). Only the
 * COPY calls are timed, chunk by chunk, so memory stays bounded for any N.
 */
async function copyLibraryPhase(frontUrl: string, libraryUrl: string): Promise<object> {
  const mysql = (await import('mysql2/promise')).default;
  const { from: copyFrom } = await import('pg-copy-streams');
  const { applicantKeyHash } = await import('../../bff/privacy/pii.js');
  const { nationalLayout } = await import('../../bff/sync/layouts/index.js');
  const { migrate } = await import('../../bff/store/migrate.js');
  const { openStore } = await import('../../bff/store/store.js');
  const store = await openStore({ databaseUrl: libraryUrl });
  await migrate(store);
  await store.close();
  const client = new pg.Client({ connectionString: libraryUrl });
  await client.connect();
  const front = await mysql.createConnection({
    uri: frontUrl,
    dateStrings: true,
    charset: 'utf8mb4',
    timezone: '+08:00',
  });
  const context = { source: 'p23', keyHash: (id: string) => applicantKeyHash(id, PII_KEY), sourceTimeZone: '+08:00' };
  const created = new Set<string>();
  let rows = 0;
  let copyMs = 0;
  for (const table of TABLES) {
    const stream = nationalLayout.streams.find((s) => s.sourceTable === table);
    if (!stream) throw new Error(`no stream for ${table}`);
    let after = '';
    for (;;) {
      const [page] = (await front.query(`SELECT * FROM ${table} WHERE row_guid > ? ORDER BY row_guid LIMIT 20000`, [
        after,
      ])) as [Record<string, string | number | null>[], unknown];
      if (page.length === 0) break;
      after = String(page[page.length - 1]?.row_guid);
      const byTarget = new Map<string, { columns: string[]; lines: string[] }>();
      for (const row of page) {
        const mapped = stream.map(row, context);
        if (!mapped.ok) continue;
        for (const record of mapped.records) {
          const values = { ...record.values, source_changed_at: record.version.changedAt };
          let target = byTarget.get(record.target);
          if (!target) {
            target = { columns: Object.keys(values), lines: [] };
            byTarget.set(record.target, target);
          }
          target.lines.push(
            target.columns
              .map((c) => {
                const v = (values as Record<string, unknown>)[c];
                return copyField(v !== null && typeof v === 'object' ? JSON.stringify(v) : v);
              })
              .join('\t'),
          );
        }
      }
      for (const [target, { columns, lines }] of byTarget) {
        const copyTable = `copy_${target}`;
        if (!created.has(copyTable)) {
          await client.query(
            `DROP TABLE IF EXISTS ${copyTable}; CREATE TABLE ${copyTable} (LIKE ${target} INCLUDING ALL)`,
          );
          created.add(copyTable);
        }
        const text = lines.join('\n') + '\n';
        const started = performance.now();
        await pipeline(
          Readable.from([text]),
          client.query(copyFrom(`COPY ${copyTable} (${columns.join(', ')}) FROM STDIN`)),
        );
        copyMs += performance.now() - started;
        rows += lines.length;
      }
    }
  }
  await front.end();
  await client.end();
  const seconds = copyMs / 1000;
  return { rows, seconds, rowsPerSecond: Math.round(rows / seconds) };
}

async function runPhase(): Promise<void> {
  const phase = flag('phase') as string;
  const front = flag('front') as string;
  let result: object;
  if (phase === 'seed') result = await seedPhase(front, Number(flag('cases')));
  else if (phase === 'sync') {
    const library = flag('library') as string;
    result = await syncPhase(
      front,
      library.startsWith('postgres') ? { databaseUrl: library } : { dataDir: library },
      Number(flag('page')),
    );
  } else if (phase === 'copy') result = await copyPhase(front, flag('library') as string);
  else if (phase === 'copy-library') result = await copyLibraryPhase(front, flag('library') as string);
  else throw new Error(`unknown phase ${phase}`);
  console.log(`PHASE ${JSON.stringify(result)}`);
}

/**
 * Node's heap limit for the sync phases. V8 grows its heap lazily up to a limit derived from the
 * machine's memory (gigabytes here), so an uncapped process reports garbage as RSS; a deployment caps
 * the heap as it caps any service. The engine's live data is a page or two (see heap_mb).
 */
const HEAP_MB = numberFlag('heap-mb', 128);

function child(args: string[], nodeFlags: string[] = []): Record<string, number> {
  const run = spawnSync(
    process.execPath,
    [...nodeFlags, '--import', 'tsx', new URL(import.meta.url).pathname, ...args],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const line = run.stdout.split('\n').find((l) => l.startsWith('PHASE '));
  if (run.status !== 0 || !line) throw new Error(`phase ${args.join(' ')} failed (${run.status}): ${run.stdout}`);
  return JSON.parse(line.slice(6)) as Record<string, number>;
}

// ---------------------------------------------------------------- orchestration

async function main(): Promise<void> {
  const frontAdmin = process.env.FRONT_MYSQL_URL;
  const libraryAdmin = process.env.DATABASE_URL;
  if (!frontAdmin || !libraryAdmin) {
    throw new Error('sync-ingest needs FRONT_MYSQL_URL (MariaDB front) and DATABASE_URL (PostgreSQL library)');
  }
  const cases = numberFlag('cases', 50_000);
  const embeddedCases = numberFlag('embedded-cases', 3000);
  const pageSize = numberFlag('page', 2500);
  const suffix = randomBytes(4).toString('hex');
  const frontDb = `govdock_bench_front_${suffix}`;
  const embeddedFrontDb = `govdock_bench_front_e_${suffix}`;
  const libraryDb = `govdock_bench_lib_${suffix}`;
  const copyDb = `govdock_bench_copy_${suffix}`;
  const copyLibraryDb = `govdock_bench_copylib_${suffix}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'govdock-bench-pglite-'));
  const maria = await mysqlPromise.createConnection({ uri: frontAdmin });
  const admin = new pg.Client({ connectionString: libraryAdmin });
  await admin.connect();
  try {
    for (const db of [frontDb, embeddedFrontDb]) await maria.query(`CREATE DATABASE ${db} CHARACTER SET utf8mb4`);
    for (const db of [libraryDb, copyDb, copyLibraryDb]) await admin.query(`CREATE DATABASE ${db}`);
    const frontUrl = withDatabase(frontAdmin, frontDb);
    const seed = child(['--phase', 'seed', '--front', frontUrl, '--cases', String(cases)]);
    console.log(`seeded ${seed.rows} front rows (${cases} cases) in ${seed.seconds?.toFixed(1)} s`);
    // The two ceilings first, then the sync: the same rows, the same server, the same run.
    const copy = child(['--phase', 'copy', '--front', frontUrl, '--library', withDatabase(libraryAdmin, copyDb)]);
    console.log(
      `raw COPY of the source rows      ${copy.rowsPerSecond?.toLocaleString()} rows/s (${copy.rows} rows, read + COPY)`,
    );
    const copyLibrary = child([
      '--phase',
      'copy-library',
      '--front',
      frontUrl,
      '--library',
      withDatabase(libraryAdmin, copyLibraryDb),
    ]);
    console.log(
      `raw COPY of the library rows     ${copyLibrary.rowsPerSecond?.toLocaleString()} rows/s (${copyLibrary.rows} rows, ` +
        'pre-built, into tables shaped like the targets)',
    );
    const sync = child(
      [
        '--phase',
        'sync',
        '--front',
        frontUrl,
        '--library',
        withDatabase(libraryAdmin, libraryDb),
        '--page',
        String(pageSize),
      ],
      [`--max-old-space-size=${HEAP_MB}`],
    );
    const ratio = Number(((sync.rowsPerSecond ?? 0) / (copyLibrary.rowsPerSecond ?? 1)).toFixed(3));
    const ratioToSource = Number(((sync.rowsPerSecond ?? 0) / (copy.rowsPerSecond ?? 1)).toFixed(3));
    console.log(
      `sync MariaDB → PostgreSQL        ${sync.rowsPerSecond?.toLocaleString()} rows/s (${sync.rows} rows, ` +
        `${sync.seconds?.toFixed(1)} s, peak RSS ${sync.peakRssMb} MB, ${sync.rssBefore} MB before the first page, ` +
        `heap ${sync.heapMb} MB at the end, node busy ${sync.nodeBusy} of a core): ${ratio}× the library-row COPY, ` +
        `${ratioToSource}× the source-row COPY`,
    );
    const embeddedFrontUrl = withDatabase(frontAdmin, embeddedFrontDb);
    child(['--phase', 'seed', '--front', embeddedFrontUrl, '--cases', String(embeddedCases)]);
    const embedded = child([
      '--phase',
      'sync',
      '--front',
      embeddedFrontUrl,
      '--library',
      join(dataDir, 'library'),
      '--page',
      String(pageSize),
    ]);
    console.log(
      `sync MariaDB → embedded PGlite  ${embedded.rowsPerSecond?.toLocaleString()} rows/s (${embedded.rows} rows, ` +
        `peak RSS ${embedded.peakRssMb} MB)`,
    );
    const result = {
      name: 'sync-ingest',
      cases,
      rows: sync.rows,
      rows_per_s: sync.rowsPerSecond,
      copy_rows_per_s: copyLibrary.rowsPerSecond,
      ratio_to_copy: ratio,
      source_copy_rows_per_s: copy.rowsPerSecond,
      ratio_to_source_copy: ratioToSource,
      peak_rss_mb: sync.peakRssMb,
      heap_limit_mb: HEAP_MB,
      page_size: pageSize,
      embedded_cases: embeddedCases,
      embedded_rows: embedded.rows,
      embedded_rows_per_s: embedded.rowsPerSecond,
      embedded_peak_rss_mb: embedded.peakRssMb,
    };
    console.log(`BENCH ${JSON.stringify(result)}`);
  } finally {
    for (const db of [frontDb, embeddedFrontDb])
      await maria.query(`DROP DATABASE IF EXISTS ${db}`).catch(() => undefined);
    for (const db of [libraryDb, copyDb, copyLibraryDb]) {
      await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
    }
    await maria.end();
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (flag('phase')) await runPhase();
else await main();
