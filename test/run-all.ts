/**
 * `npm test`: every check the project has, in order of cost, with one closing line.
 * typecheck → lint/format → node tests (BFF, store, generator) → browser tests (widgets) → build →
 * end-to-end smoke. Stops at the first failing stage so CI output ends at the real failure.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function findFiles(dir: string, suffix: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...findFiles(path, suffix));
    else if (name.endsWith(suffix)) found.push(relative(root, path));
  }
  return found.sort();
}

interface Stage {
  name: string;
  command: string[];
}

const nodeTests = findFiles(join(root, 'test'), '.test.ts').filter((file) => !file.startsWith('test/widgets/'));
const e2eTests = findFiles(join(root, 'test'), '.e2e.ts');

const stages: Stage[] = [
  { name: 'typecheck', command: ['npx', 'tsc', '-p', 'tsconfig.json', '--noEmit'] },
  { name: 'lint', command: ['npx', 'eslint', '.'] },
  { name: 'format', command: ['npx', 'prettier', '--check', '.'] },
  {
    name: 'node tests',
    command: ['node', '--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...nodeTests],
  },
  // @web/test-runner 1.0 loads only .js configs by itself; tsx lets it read the TypeScript one.
  {
    name: 'browser tests',
    command: [
      'node',
      '--import',
      'tsx',
      'node_modules/@web/test-runner/dist/bin.js',
      '--config',
      'web-test-runner.config.ts',
    ],
  },
  { name: 'build', command: ['npm', 'run', 'build'] },
  {
    name: 'end-to-end',
    command: ['node', '--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...e2eTests],
  },
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
for (const stage of stages) {
  if (only.length > 0 && !only.includes(stage.name)) continue;
  const started = Date.now();
  process.stdout.write(`\n=== ${stage.name} ===\n`);
  const result = spawnSync(stage.command[0] as string, stage.command.slice(1), { stdio: 'inherit', cwd: root });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status === 0) {
    passed += 1;
    process.stdout.write(`=== ${stage.name}: ok (${seconds} s) ===\n`);
  } else {
    failed += 1;
    process.stdout.write(`=== ${stage.name}: FAILED (${seconds} s) ===\n`);
    break;
  }
}
process.stdout.write(`\nstages: ${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
