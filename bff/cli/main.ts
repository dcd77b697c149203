/**
 * `govdock` — the operator command line (issue 4 §8–9): sync, sync status, sync retry-quarantine,
 * doctor. It loads the same configuration as the BFF (bff/config.ts, GOVDOCK_CONFIG + environment)
 * and opens the same resource library, so what it does is exactly what the scheduler would do.
 *
 * Exit codes: 0 ok; 1 a run failed or a doctor check failed; 2 bad usage or configuration (with the
 * ConfigError message, which names the key).
 */
import { parseArgs } from 'node:util';
import { PRODUCT_VERSION } from '../api/meta/version.js';
import { ConfigError } from '../config.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './errors.js';
import type { CliIo, CliServices } from './services.js';
import { USAGE } from './usage.js';

export type Command =
  | { name: 'help' }
  | { name: 'version' }
  | { name: 'sync'; target?: string; full: boolean; front?: string }
  | { name: 'status'; front?: string }
  | { name: 'retry'; stream?: string; front?: string }
  | { name: 'doctor'; out?: string; front?: string };

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  full: { type: 'boolean' },
  front: { type: 'string' },
  out: { type: 'string' },
} as const;

function parseFailure(error: unknown): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  // Node names the option as '--front <value>'; the operator typed `--front`.
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  const code = (error as { code?: string }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(`未知选项 ${option ?? ''}（unknown option）`);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
    return new UsageError(`选项 ${option ?? ''} 缺少取值（missing value）`);
  return new UsageError(message);
}

/** Turns argv into a command; throws UsageError for anything it does not understand. */
export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw parseFailure(error);
  }
  const { values, positionals } = parsed;
  if (values.help) return { name: 'help' };
  if (values.version) return { name: 'version' };
  const [command, ...rest] = positionals;
  const front = values.front;
  if (front !== undefined && front.trim() === '') throw new UsageError('--front 不能为空（must not be empty）');
  const refuse = (option: string, where: string) => {
    throw new UsageError(`选项 --${option} 只能用于 ${where}（only for ${where}）`);
  };
  switch (command) {
    case undefined:
      throw new UsageError('缺少命令（missing command）');
    case 'sync': {
      const [sub, ...more] = rest;
      if (values.out !== undefined) refuse('out', 'govdock doctor');
      if (sub === 'status') {
        if (more.length > 0) throw new UsageError(`多余的参数：${more.join(' ')}（unexpected arguments）`);
        if (values.full) refuse('full', 'govdock sync [类型|数据流]');
        return { name: 'status', front };
      }
      if (sub === 'retry-quarantine') {
        if (more.length > 1) throw new UsageError(`多余的参数：${more.slice(1).join(' ')}（unexpected arguments）`);
        if (values.full) refuse('full', 'govdock sync [类型|数据流]');
        return { name: 'retry', stream: more[0], front };
      }
      if (more.length > 0) throw new UsageError(`多余的参数：${more.join(' ')}（unexpected arguments）`);
      return { name: 'sync', target: sub, full: values.full ?? false, front };
    }
    case 'doctor':
      if (rest.length > 0) throw new UsageError(`多余的参数：${rest.join(' ')}（unexpected arguments）`);
      if (values.full) refuse('full', 'govdock sync');
      if (values.out !== undefined && values.out.trim() === '')
        throw new UsageError('--out 不能为空（must not be empty）');
      return { name: 'doctor', out: values.out, front };
    default:
      throw new UsageError(`未知命令 “${command}”（unknown command）`);
  }
}

function defaultIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** Runs one command and returns the exit code; never throws. */
export async function runCli(
  argv: readonly string[],
  io: CliIo = defaultIo(),
  services?: CliServices,
): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n运行 govdock --help 查看用法（run govdock --help for usage）\n`);
    return EXIT_USAGE;
  }
  if (command.name === 'help') {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (command.name === 'version') {
    io.stdout.write(`govdock ${PRODUCT_VERSION}\n`);
    return EXIT_OK;
  }
  try {
    // Loaded only now: --help and usage errors answer without opening databases or loading drivers.
    const { defaultCliServices } = await import('./services.js');
    const { runCommand } = await import('./commands.js');
    return await runCommand(command, io, services ?? defaultCliServices());
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError) {
      io.stderr.write(`${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof Error && error.name === 'LayoutError') {
      io.stderr.write(`数据映射布局有误（layout error）：\n${error.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`govdock 出错（failed）：${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILED;
  }
}
