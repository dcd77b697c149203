/**
 * Starts the product exactly as `npm start` does (a child process running bff/start.ts) on free
 * ports and a given data directory, and resolves once it prints its ready line. Used by the
 * end-to-end smoke and the cold-start benchmark.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';

export interface RunningProduct {
  process: ChildProcess;
  baseUrl: string;
  authUrl: string;
  output: () => string;
  /** Sends SIGINT (Ctrl-C) and resolves with the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface StartOptions {
  dataDir: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

const READY_LINE = /GovDock is running/;

export async function startProduct(options: StartOptions): Promise<RunningProduct> {
  const port = await freePort();
  const authPort = await freePort();
  const root = new URL('../..', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', 'bff/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DEV_AUTH_PORT: String(authPort),
      DATA_DIR: options.dataDir,
      SIMULATOR_ITEMS: '300',
      SIMULATOR_CASES: '200',
      SIMULATOR_TICK_SECONDS: '2',
      LOG_LEVEL: 'warn',
      // The product must start without the production services; tests set them explicitly.
      DATABASE_URL: '',
      REDIS_URL: '',
      FRONT_URL: '',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`product did not start in time:\n${output}`)),
      options.timeoutMs ?? 120_000,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (READY_LINE.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`product exited with ${String(code)} before it was ready:\n${output}`));
    });
  });
  return {
    process: child,
    baseUrl: `http://127.0.0.1:${port}`,
    authUrl: `http://127.0.0.1:${authPort}`,
    output: () => output,
    stop: async (signal = 'SIGINT') => {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}

/**
 * The end of a test file that started the product: Ctrl-C, then remove its data directory, then
 * assert the clean exit (after removing, so a failing exit code does not leave data behind).
 */
export async function stopProductAndAssertCleanExit(
  product: RunningProduct,
  dataDir: string,
  assertExitZero: (code: number | null, output: string) => void,
): Promise<void> {
  const code = await product.stop('SIGINT');
  const output = product.output();
  rmSync(dataDir, { recursive: true, force: true });
  assertExitZero(code, output);
}
