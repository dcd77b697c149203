/**
 * What each `govdock` command does, over CliServices (the configured store, layout, engine and
 * doctor). Output: a table or a summary on stdout, problems on stderr; the exit code from the
 * outcome (1 when a run or a check failed).
 */
import { hostname, userInfo } from 'node:os';
import { recordOperatorAction } from '../admin/audit.js';
import type { RunSummary } from '../sync/contracts.js';
import { STATUS_LABEL } from '../sync/doctor/types.js';
import { writeReport } from '../sync/doctor/write-report.js';
import { describeDuration } from '../sync/doctor/source-time.js';
import { listStreamStatus, type StreamStatus } from '../sync/status.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from './errors.js';
import type { Command } from './main.js';
import { ProgressDisplay } from './progress.js';
import type { CliIo, CliServices, CliSession } from './services.js';
import { renderTable } from './text-table.js';

const KINDS = ['items', 'cases', 'evaluations', 'organisations', 'replies', 'notices'];
const RUN_STATUS: Record<string, string> = {
  succeeded: '成功',
  failed: '失败',
  running: '运行中',
  skipped: '已跳过',
  never_run: '尚未运行',
};
const number = new Intl.NumberFormat('zh-CN');

/** `cli:<os user>@<host>`: who ran it, for the audit log (an operator's login name, not a person's data). */
function cliActor(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the host still says where it ran.
  }
  return `cli:${user}@${hostname()}`;
}

function when(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  const local = new Date(date.getTime() + 8 * 3_600_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 19)}`;
}

function lag(seconds: number | null): string {
  return seconds === null ? '—' : describeDuration(Math.round(seconds));
}

function checkTarget(session: CliSession, target: string | undefined): void {
  if (!target) return;
  const streams = session.layout.streams.map((stream) => stream.name);
  if (KINDS.includes(target) || streams.includes(target)) return;
  throw new UsageError(
    `没有名为 “${target}” 的数据流或类型（no such stream or kind）。\n` +
      `  类型 kinds: ${KINDS.join(' ')}\n  数据流 streams: ${streams.join(' ')}`,
  );
}

function summaryTable(summaries: readonly RunSummary[]): string {
  return renderTable(
    [
      { header: '数据流' },
      { header: '状态' },
      { header: '读取', align: 'right' },
      { header: '新增', align: 'right' },
      { header: '更新', align: 'right' },
      { header: '未变', align: 'right' },
      { header: '删除', align: 'right' },
      { header: '隔离', align: 'right' },
      { header: '待父', align: 'right' },
      { header: '用时', align: 'right' },
      { header: '延迟', align: 'right' },
    ],
    summaries.map((summary) => {
      const c = summary.counts;
      const ms = summary.finishedAt
        ? new Date(summary.finishedAt).getTime() - new Date(summary.startedAt).getTime()
        : null;
      return [
        summary.stream,
        RUN_STATUS[summary.status] ?? summary.status,
        ...[c.read, c.inserted, c.updated, c.unchanged, c.deleted, c.quarantined, c.pending].map((n) =>
          number.format(n),
        ),
        ms === null ? '—' : `${(ms / 1000).toFixed(1)} 秒`,
        lag(summary.lagSeconds),
      ];
    }),
  );
}

async function syncCommand(session: CliSession, io: CliIo, target: string | undefined, full: boolean): Promise<number> {
  checkTarget(session, target);
  const sync = await session.sync();
  const progress = new ProgressDisplay(io.stdout);
  io.stdout.write(`开始同步 ${target ?? '全部数据流'}${full ? '（全量）' : ''} — ${session.description}\n`);
  const chosen = session.layout.streams.filter((s) => !target || s.name === target || s.kind === target);
  const estimates = await session.estimateRows(chosen, full);
  const summaries = await sync.run(target, {
    full,
    onProgress: (update) => {
      const estimate = estimates.get(update.stream);
      // The engine's own figure when it has one; else the count taken before the run.
      const remaining =
        update.remaining ?? (estimate === undefined ? undefined : Math.max(0, estimate - update.counts.read));
      progress.update({ ...update, remaining });
    },
  });
  progress.finish();
  const runIds = summaries.map((summary) => summary.runId).filter((id) => id !== null);
  await recordOperatorAction(session.store, {
    actor: cliActor(),
    action: 'sync.run',
    target: target ?? null,
    detail: { full, runIds, front: session.description },
  });
  io.stdout.write(`\n${summaryTable(summaries)}\n`);
  const failed = summaries.filter((summary) => summary.status === 'failed');
  for (const summary of failed) io.stderr.write(`失败 ${summary.stream}：${summary.error ?? '未知原因'}\n`);
  for (const summary of summaries.filter((each) => each.status === 'skipped')) {
    io.stdout.write(`已跳过 ${summary.stream}：另一进程正在同步该数据流（skipped: another runner holds it）\n`);
  }
  io.stdout.write(
    failed.length > 0
      ? `\n${failed.length} 个数据流同步失败（运行编号 ${runIds.join('、')}）\n`
      : `\n同步完成（运行编号 ${runIds.join('、') || '无'}）\n`,
  );
  return failed.length > 0 ? EXIT_FAILED : EXIT_OK;
}

/** The cursor, or how far a first load in progress got (it has no cursor until it ends). */
function cursorText(s: StreamStatus): string {
  if (s.initialLoad)
    return `首次全量读取中：已读到 ${s.initialLoad.afterId ?? '（尚未开始）'}，范围截至 ${s.initialLoad.upTo}`;
  return s.cursor ? `${s.cursor.time} / ${s.cursor.id}` : '—';
}

function statusRows(streams: readonly StreamStatus[]): string[][] {
  return streams.map((s) => [
    s.stream,
    s.kind ?? '—',
    RUN_STATUS[s.status] ?? s.status,
    when(s.lastSuccessAt),
    lag(s.lagSeconds),
    cursorText(s),
    number.format(s.openQuarantine),
    number.format(s.pendingChildren),
  ]);
}

async function statusCommand(session: CliSession, io: CliIo): Promise<number> {
  const streams = await listStreamStatus(session.store, {
    sourceId: session.sourceId,
    streams: session.layout.streams.map((s) => ({ name: s.name, kind: s.kind, sourceTable: s.sourceTable })),
  });
  io.stdout.write(`${session.description}\n\n`);
  io.stdout.write(
    renderTable(
      [
        { header: '数据流' },
        { header: '类型' },
        { header: '状态' },
        { header: '上次成功（北京时间）' },
        { header: '延迟', align: 'right' },
        { header: '游标' },
        { header: '隔离', align: 'right' },
        { header: '待父记录', align: 'right' },
      ],
      statusRows(streams),
    ) + '\n',
  );
  for (const s of streams) {
    if (s.lastError) io.stdout.write(`\n${s.stream} 最近一次失败：${s.lastError}`);
    if (s.missingColumns.length > 0) io.stdout.write(`\n${s.stream} 缺少必需列：${s.missingColumns.join('、')}`);
    if (s.addedColumns.length > 0)
      io.stdout.write(`\n${s.stream} 新增列（保留在 extra）：${s.addedColumns.join('、')}`);
  }
  io.stdout.write('\n');
  return EXIT_OK;
}

async function retryCommand(session: CliSession, io: CliIo, stream: string | undefined): Promise<number> {
  if (stream && !session.layout.streams.some((s) => s.name === stream)) {
    throw new UsageError(
      `没有名为 “${stream}” 的数据流（no such stream）。\n  数据流 streams: ${session.layout.streams.map((s) => s.name).join(' ')}`,
    );
  }
  const sync = await session.sync();
  io.stdout.write(`重试隔离数据 ${stream ?? '（全部数据流）'}…\n`);
  const result = await sync.retryQuarantine(stream);
  await recordOperatorAction(session.store, {
    actor: cliActor(),
    action: 'sync.retry_quarantine',
    target: stream ?? null,
    detail: { ...result },
  });
  io.stdout.write(
    `重试 ${number.format(result.retried)} 行：已解决 ${number.format(result.resolved)} 行，` +
      `仍未通过 ${number.format(result.stillFailing)} 行` +
      `（retried ${result.retried}, resolved ${result.resolved}, still failing ${result.stillFailing}）\n`,
  );
  return EXIT_OK;
}

async function doctorCommand(
  services: CliServices,
  io: CliIo,
  command: Extract<Command, { name: 'doctor' }>,
): Promise<number> {
  io.stdout.write('正在进行对接检查（配置、统一身份认证平台、前置机、试读）…\n');
  const { report, store } = await services.doctor(io, { front: command.front });
  try {
    const written = await writeReport(report, command.out ?? io.cwd);
    if (store) {
      await recordOperatorAction(store, {
        actor: cliActor(),
        action: 'sync.doctor',
        target: null,
        detail: { ...report.summary, report: written.html },
      }).catch(() => undefined);
    }
    io.stdout.write(
      '\n' +
        renderTable(
          [{ header: '结果' }, { header: '检查项' }, { header: '说明' }],
          report.checks.map((check) => [STATUS_LABEL[check.status], check.title, check.summary]),
        ) +
        '\n\n',
    );
    const s = report.summary;
    io.stdout.write(`结论：${STATUS_LABEL[s.verdict]}（通过 ${s.pass}，警告 ${s.warn}，失败 ${s.fail}）\n`);
    io.stdout.write(`报告 report:\n  ${written.html}\n  ${written.markdown}\n  ${written.json}\n`);
    return s.fail > 0 ? EXIT_FAILED : EXIT_OK;
  } finally {
    await store?.close();
  }
}

export async function runCommand(command: Command, io: CliIo, services: CliServices): Promise<number> {
  if (command.name === 'doctor') return doctorCommand(services, io, command);
  if (command.name === 'help' || command.name === 'version') return EXIT_OK;
  const session = await services.open(io, { front: command.front });
  try {
    if (command.name === 'sync') return await syncCommand(session, io, command.target, command.full);
    if (command.name === 'status') return await statusCommand(session, io);
    return await retryCommand(session, io, command.stream);
  } finally {
    await session.close();
  }
}
