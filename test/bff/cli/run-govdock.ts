/** Runs `node bin/govdock.js …` as an operator would, with only the environment a test gives it. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** Variables the CLI reads; cleared so the developer's own shell settings do not leak into a test. */
const CLEARED = [
  'DATABASE_URL',
  'REDIS_URL',
  'FRONT_URL',
  'GOVDOCK_CONFIG',
  'ADMIN_TOKEN',
  'PII_HASH_KEY',
  'PORT',
  'HOST',
  'DATA_DIR',
  'LOG_LEVEL',
];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Shell-quotes one argument for `script -c`. */
const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * `tty: true` runs it under a pseudo-terminal (util-linux `script`), as an operator at a terminal
 * would see it: stdout is then a TTY and gets the redrawn progress bars.
 */
export function runGovdock(
  args: string[],
  env: Record<string, string> = {},
  options: { timeoutMs?: number; tty?: boolean } = {},
): Promise<CliResult> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CLEARED) delete base[name];
  const command = options.tty
    ? (['script', ['-qec', [process.execPath, 'bin/govdock.js', ...args].map(quote).join(' '), '/dev/null']] as const)
    : ([process.execPath, ['bin/govdock.js', ...args]] as const);
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], [...command[1]], { cwd: root, env: { ...base, COLUMNS: '120', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`govdock ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
