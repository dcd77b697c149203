/**
 * Second step of `npm run build`, after `vite build`: completes `dist/widgets/<version>/` and gates it.
 *
 *   node --import tsx widgets/build/post-build.ts [--dir <folder>]
 *
 * - checks the folder holds exactly loader.js, runtime.js and one gov-<name>.js per widget folder, that the
 *   loader imports nothing statically (a page without widgets must not load Lit), that every widget imports
 *   the shared runtime chunk and carries no Lit copy of its own, and that no file uses eval/new Function or
 *   inline `<script>`/`style=` markup (the embed must run under a strict CSP);
 * - copies widgets/themes/*.css, writes THIRD-PARTY-NOTICES.txt (the JS minifier drops licence comments),
 *   custom-elements.json (Custom Elements Manifest) and sri.json (sha384 of every other file);
 * - prints raw/gzip/brotli sizes and exits non-zero when the loader is over 2 kB gzip, the runtime over 9 kB
 *   or a widget over 12 kB.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { budgetFor, formatBytes, measure } from './sizes.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

export interface PostBuildResult {
  problems: string[];
  sizes: { file: string; raw: number; gzip: number; brotli: number; budget?: number }[];
}

function widgetTags(): string[] {
  const dir = join(root, 'widgets');
  return readdirSync(dir)
    .filter((name) => /^gov-[a-z0-9-]+$/.test(name) && existsSync(join(dir, name, 'define.ts')))
    .sort();
}

function checkScripts(dir: string, problems: string[]): void {
  const expected = ['loader.js', 'runtime.js', ...widgetTags().map((tag) => `${tag}.js`)].sort();
  const present = readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .sort();
  for (const file of expected) if (!present.includes(file)) problems.push(`${file} is missing`);
  for (const file of present)
    if (!expected.includes(file)) problems.push(`${file} is an unexpected chunk (widgets must share runtime.js)`);

  for (const file of present) {
    const code = readFileSync(join(dir, file), 'utf8');
    if (/\beval\s*\(|\bnew\s+Function\s*\(/.test(code)) problems.push(`${file} uses eval or new Function (CSP)`);
    if (/<script[\s>]/i.test(code)) problems.push(`${file} contains <script> markup (CSP)`);
    if (/<[a-z][\w-]*\s[^<>]*\bstyle=/i.test(code)) problems.push(`${file} contains an inline style= attribute (CSP)`);
    if (/\n\s{2,}\S/.test(code.replace(/`[^`]*`/g, '``'))) problems.push(`${file} is not fully minified (indentation)`);
    const staticImports = [...code.matchAll(/(?:^|[;}])\s*(?:import|export)\s*[^(;]*?from\s*["']([^"']+)["']/g)].map(
      (match) => match[1],
    );
    if (file === 'loader.js' && staticImports.length > 0)
      problems.push(`loader.js imports ${staticImports.join(', ')} statically; it must stand alone`);
    if (/^gov-/.test(file)) {
      if (!staticImports.includes('./runtime.js')) problems.push(`${file} does not import ./runtime.js`);
      if (code.includes('litHtmlVersions') || code.includes('reactiveElementVersions'))
        problems.push(`${file} carries its own copy of Lit`);
    }
  }
}

function copyThemes(dir: string): void {
  const themes = join(root, 'widgets', 'themes');
  if (!existsSync(themes)) return;
  for (const name of readdirSync(themes)) if (name.endsWith('.css')) copyFileSync(join(themes, name), join(dir, name));
}

function writeNotices(dir: string): void {
  const packages = ['lit', 'lit-html', 'lit-element', '@lit/reactive-element', '@lit/task'];
  const sections = packages.flatMap((name) => {
    const base = join(root, 'node_modules', name);
    const license = ['LICENSE', 'LICENSE.md', 'LICENSE.txt'].map((file) => join(base, file)).find(existsSync);
    if (!license) return [];
    const { version: packageVersion } = JSON.parse(readFileSync(join(base, 'package.json'), 'utf8')) as {
      version: string;
    };
    return [`${name} ${packageVersion}\n\n${readFileSync(license, 'utf8').trim()}\n`];
  });
  const header = `GovDock widgets ${version}: third-party software bundled in runtime.js (and @lit/task in the widgets that use it)\n`;
  writeFileSync(join(dir, 'THIRD-PARTY-NOTICES.txt'), [header, ...sections].join('\n' + '-'.repeat(72) + '\n\n'));
}

interface ManifestDeclaration {
  tagName?: string;
  customElement?: boolean;
}

function writeManifest(dir: string, problems: string[]): void {
  const run = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js'),
      'analyze',
      '--config',
      'widgets/build/cem.config.mjs',
      '--outdir',
      relative(root, dir),
      '--quiet',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  const manifestPath = join(dir, 'custom-elements.json');
  if (run.status !== 0 || !existsSync(manifestPath)) {
    problems.push(`custom elements manifest failed: ${run.stderr || run.stdout}`);
    return;
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    modules: { declarations?: ManifestDeclaration[] }[];
  };
  const documented = new Set(
    manifest.modules.flatMap((module) => (module.declarations ?? []).map((declaration) => declaration.tagName)),
  );
  for (const tag of widgetTags())
    if (!documented.has(tag)) problems.push(`custom-elements.json has no <${tag}> (is its class doc block tagged?)`);
}

function writeSri(dir: string): void {
  const files = readdirSync(dir)
    .filter((name) => name !== 'sri.json')
    .sort();
  const integrity = Object.fromEntries(
    files.map((name) => [
      name,
      'sha384-' +
        createHash('sha384')
          .update(readFileSync(join(dir, name)))
          .digest('base64'),
    ]),
  );
  writeFileSync(join(dir, 'sri.json'), JSON.stringify(integrity, null, 2) + '\n');
}

function measureScripts(dir: string, problems: string[]): PostBuildResult['sizes'] {
  const sizes = readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .sort((a, b) => (a === 'loader.js' ? -1 : b === 'loader.js' ? 1 : a.localeCompare(b)))
    .map((file) => ({ file, ...measure(readFileSync(join(dir, file))), budget: budgetFor(file) }));
  for (const { file, gzip, budget } of sizes)
    if (budget !== undefined && gzip > budget)
      problems.push(`${file} is ${formatBytes(gzip)} gzip, over its ${formatBytes(budget)} budget`);
  return sizes;
}

export function postBuild(dir: string): PostBuildResult {
  const problems: string[] = [];
  if (!existsSync(join(dir, 'loader.js')))
    return { problems: [`${dir} has no loader.js: run vite build first`], sizes: [] };
  checkScripts(dir, problems);
  copyThemes(dir);
  writeNotices(dir);
  writeManifest(dir, problems);
  const sizes = measureScripts(dir, problems);
  writeSri(dir);
  return { problems, sizes };
}

function printTable(sizes: PostBuildResult['sizes']): void {
  const rows = sizes.map(({ file, raw, gzip, brotli, budget }) => [
    file,
    formatBytes(raw),
    formatBytes(gzip),
    formatBytes(brotli),
    budget === undefined ? '' : `${formatBytes(budget)} ${gzip <= budget ? 'ok' : 'OVER'}`,
  ]);
  const table = [['file', 'raw', 'gzip', 'brotli', 'gzip budget'], ...rows];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  for (const row of table)
    console.log(
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join('  '),
    );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dirFlag = process.argv.indexOf('--dir');
  const dir =
    dirFlag > 0 && process.argv[dirFlag + 1] ? process.argv[dirFlag + 1]! : join(root, 'dist', 'widgets', version);
  const { problems, sizes } = postBuild(dir);
  console.log(`GovDock widgets ${version} → ${relative(process.cwd(), dir) || '.'}`);
  printTable(sizes);
  for (const problem of problems) console.error(`post-build: ${problem}`);
  process.exit(problems.length === 0 ? 0 : 1);
}
