/**
 * Bundle sizes of the widget build: loader, shared runtime, each widget, and what a page with one widget
 * downloads, raw / gzip / brotli. Baseline in the same run: Lit alone as a fully minified chunk, built by
 * the same Vite with the same minify settings, so the ratios say what GovDock adds on top of Lit.
 * Sizes are deterministic; the baseline guards against a toolchain change moving every number at once.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Plugin } from 'vite';
import { GZIP_BUDGETS, measure, type Sizes } from '../../widgets/build/sizes.js';

const root = new URL('../..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'govdock-bundle-size-'));

/** Two entries that re-export Lit, so Lit lands in a shared chunk exactly as our runtime chunk does. */
function litOnly(): Plugin {
  return {
    name: 'bench:lit-only',
    enforce: 'pre',
    // Vite resolves lib entries against the root first, so the id may arrive as an absolute path.
    resolveId: (id) => (id.includes('virtual:lit-entry-') ? '\0' + id.slice(id.indexOf('virtual:')) : null),
    load: (id) => (id.startsWith('\0virtual:lit-entry-') ? "export * from 'lit';" : null),
  };
}

async function buildBaseline(outDir: string): Promise<Sizes> {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    publicDir: false,
    plugins: [litOnly()],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      lib: {
        entry: { a: 'virtual:lit-entry-a', b: 'virtual:lit-entry-b' },
        formats: ['es'],
        fileName: (_format, name) => `${name}.js`,
      },
      rolldownOptions: {
        output: {
          minify: { compress: true, mangle: true, codegen: { removeWhitespace: true } },
          comments: false,
          chunkFileNames: '[name].js',
          codeSplitting: { groups: [{ name: 'lit', test: /node_modules/ }] },
        },
      },
    },
  });
  return measure(readFileSync(join(outDir, 'lit.js')));
}

try {
  const widgetsOut = join(work, 'widgets');
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir: widgetsOut } });
  const baseline = await buildBaseline(join(work, 'lit'));

  const files = readdirSync(widgetsOut)
    .filter((name) => name.endsWith('.js'))
    .sort((a, b) => (a === 'loader.js' ? -1 : b === 'loader.js' ? 1 : a.localeCompare(b)));
  const sizes = Object.fromEntries(files.map((file) => [file, measure(readFileSync(join(widgetsOut, file)))]));
  const pick = (file: string) => sizes[file] as Sizes;
  const sum = (...parts: Sizes[]): Sizes => ({
    raw: parts.reduce((total, part) => total + part.raw, 0),
    gzip: parts.reduce((total, part) => total + part.gzip, 0),
    brotli: parts.reduce((total, part) => total + part.brotli, 0),
  });
  const widgets = files.filter((file) => file.startsWith('gov-'));
  // A page with one widget downloads loader + runtime + that widget (each compressed on its own).
  const pageWithLogin = sum(pick('loader.js'), pick('runtime.js'), pick('gov-login.js'));

  const ratio = (value: number) => +(value / baseline.gzip).toFixed(2);
  const rows: [string, Sizes][] = [
    ['Lit alone (baseline)', baseline],
    ...files.map((file): [string, Sizes] => [file, pick(file)]),
    ['page: loader+runtime+gov-login', pageWithLogin],
  ];
  console.log(`${'artifact'.padEnd(32)}${'raw'.padStart(9)}${'gzip'.padStart(9)}${'brotli'.padStart(9)}  gzip÷Lit`);
  for (const [name, size] of rows)
    console.log(
      `${name.padEnd(32)}${String(size.raw).padStart(9)}${String(size.gzip).padStart(9)}${String(size.brotli).padStart(9)}  ${ratio(size.gzip).toFixed(2)}`,
    );

  const result = {
    name: 'bundle-size',
    unit: 'bytes',
    baselineLitGzip: baseline.gzip,
    baselineLit: baseline,
    loader: pick('loader.js'),
    runtime: pick('runtime.js'),
    widgets: Object.fromEntries(widgets.map((file) => [file.replace(/\.js$/, ''), pick(file)])),
    pageWithLogin,
    runtimeRatio: ratio(pick('runtime.js').gzip),
    runtimeOverLitGzip: pick('runtime.js').gzip - baseline.gzip,
    pageWithLoginRatio: ratio(pageWithLogin.gzip),
    budgetsGzip: GZIP_BUDGETS,
    withinBudgets:
      pick('loader.js').gzip <= GZIP_BUDGETS.loader &&
      pick('runtime.js').gzip <= GZIP_BUDGETS.runtime &&
      widgets.every((file) => pick(file).gzip <= GZIP_BUDGETS.widget),
  };
  console.log('BENCH ' + JSON.stringify(result));
} finally {
  rmSync(work, { recursive: true, force: true });
}
