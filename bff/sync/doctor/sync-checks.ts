/**
 * How the sync has been doing, from its own bookkeeping: for an acceptance, "the tables look
 * right" is not enough — the runs so far must have succeeded and the quarantine be understood.
 */
import type { Sql } from '../../store/store.js';
import type { Layout } from '../contracts.js';
import { listStreamStatus } from '../status.js';
import { beijingTime } from './report-text.js';
import { describeDuration } from './source-time.js';
import type { CheckResult } from './types.js';

const STATUS_TEXT: Record<string, string> = {
  succeeded: '成功',
  failed: '失败',
  running: '运行中',
  skipped: '已跳过',
  never_run: '尚未运行',
};

export async function syncHistoryChecks(sql: Sql, layout: Layout, sourceId: string): Promise<CheckResult[]> {
  const id = 'store.sync-history';
  const title = '同步运行情况';
  let streams;
  try {
    streams = await listStreamStatus(sql, {
      sourceId,
      streams: layout.streams.map((s) => ({ name: s.name, kind: s.kind, sourceTable: s.sourceTable })),
    });
  } catch (error) {
    return [
      { group: 'store', id, title, status: 'fail', summary: '无法读取同步记录', evidence: [(error as Error).message] },
    ];
  }
  const configured = new Set(layout.streams.map((s) => s.name));
  const mine = streams.filter((s) => configured.has(s.stream));
  const failed = mine.filter((s) => s.status === 'failed');
  const neverRun = mine.filter((s) => s.status === 'never_run');
  const quarantined = mine.reduce((sum, s) => sum + s.openQuarantine, 0);
  const evidence = mine.map(
    (s) =>
      `${s.stream}：${STATUS_TEXT[s.status] ?? s.status}` +
      (s.lastSuccessAt ? `，上次成功 ${beijingTime(s.lastSuccessAt)}` : '') +
      (s.lagSeconds !== null ? `，延迟 ${describeDuration(Math.round(s.lagSeconds))}` : '') +
      `，隔离 ${s.openQuarantine} 行，待父记录 ${s.pendingChildren} 行` +
      (s.lastError ? `，错误：${s.lastError}` : ''),
  );
  if (failed.length > 0) {
    return [
      {
        group: 'store',
        id,
        title,
        status: 'fail',
        summary: `${failed.length} 个数据流最近一次同步失败：${failed.map((s) => s.stream).join('、')}`,
        evidence,
      },
    ];
  }
  const notes: string[] = [];
  if (neverRun.length > 0) notes.push(`${neverRun.length} 个数据流尚未同步过`);
  if (quarantined > 0) notes.push(`隔离区有 ${quarantined} 行待处理`);
  return [
    {
      group: 'store',
      id,
      title,
      status: notes.length > 0 ? 'warn' : 'pass',
      summary: notes.length > 0 ? notes.join('；') : '各数据流最近一次同步均成功，隔离区为空',
      evidence,
    },
  ];
}
