/**
 * What one stream run carries from page to page: counts for progress and the error budget, the
 * retries of source reads, warnings, and why it stopped early.
 */
import type { MapContext, RunCounts, RunOptions, StreamDefinition } from '../contracts.js';
import type { SyncConfig } from '../config.js';
import type { Store } from '../../store/types.js';
import type { EventHub } from '../../events/hub.js';
import type { StreamLease } from './stream-lock.js';
import type { NoticeSettings } from './case-progress.js';
import type { SyncMetrics } from './sync-metrics.js';
import type { FaultHooks, SyncLogger, WriteCounts } from './types.js';

export interface EngineContext {
  store: Store;
  config: SyncConfig;
  logger: SyncLogger;
  faults: FaultHooks;
  mapContext: MapContext;
  hub?: EventHub | undefined;
  userKeyOf?: ((issuer: string, subject: string) => string) | undefined;
  metrics?: SyncMetrics | undefined;
  notices?: NoticeSettings | undefined;
  now: () => Date;
}

export class RunState {
  readonly counts: RunCounts = {
    read: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    quarantined: 0,
    pending: 0,
  };
  pages = 0;
  retries = 0;
  warnings: string[] = [];
  /** Set when the run stopped before the end (error budget, abort, lost lock); the run is then failed. */
  stopReason: string | null = null;
  /** The newest change time merged (source text), for the lag. */
  newestTime: string | null = null;
  /**
   * Where the time went (DataX's WaitReader/WriterTime), in milliseconds: source reads, mapping and
   * library transactions; reads and mapping of the next page overlap the current write, and `waitMs`
   * is the part the write did not hide.
   */
  readonly timings = { readMs: 0, mapMs: 0, writeMs: 0, waitMs: 0 };

  constructor(
    readonly stream: StreamDefinition,
    readonly streamKey: string,
    readonly runId: number,
    readonly lease: StreamLease,
    readonly options: RunOptions,
  ) {}

  addPage(read: number, counts: WriteCounts, metrics: SyncMetrics | undefined, isPage = true): void {
    if (isPage) this.pages += 1;
    this.counts.read += read;
    this.counts.inserted += counts.inserted;
    this.counts.updated += counts.updated;
    this.counts.unchanged += counts.unchanged;
    this.counts.deleted += counts.deleted;
    this.counts.quarantined += counts.quarantined;
    this.counts.pending += counts.pending;
    if (metrics) {
      const stream = this.stream.name;
      metrics.rows.inc({ stream, outcome: 'read' }, read);
      for (const outcome of ['inserted', 'updated', 'unchanged', 'deleted', 'quarantined', 'pending'] as const) {
        if (counts[outcome] > 0) metrics.rows.inc({ stream, outcome }, counts[outcome]);
      }
    }
    this.options.onProgress?.({ stream: this.stream.name, pages: this.pages, counts: { ...this.counts } });
  }

  /** Checked between pages: budget by count (DataX errorLimit.record), abort, lost lock. */
  shouldStop(config: SyncConfig): boolean {
    if (this.stopReason) return true;
    if (this.counts.quarantined > config.errorBudget.maxCount) {
      this.stopReason =
        `本次同步被隔离的记录已有 ${this.counts.quarantined} 条，超过错误预算（最多 ${config.errorBudget.maxCount} 条），` +
        '同步提前停止；已写入的正确数据全部保留。请查看隔离区的原因。';
    } else if (this.options.signal?.aborted) {
      this.stopReason = '同步被中止（服务正在停止）；已提交的数据保留，下次运行从已保存的位置继续。';
    } else if (this.lease.lost) {
      this.stopReason = '数据流锁的数据库连接已断开，为避免重复写入本次同步提前停止；下次运行会继续。';
    }
    return this.stopReason !== null;
  }

  /** Budget by ratio (DataX errorLimit.percentage), checked at the end of the run. */
  ratioExceeded(config: SyncConfig): string | null {
    if (this.counts.read === 0) return null;
    const ratio = this.counts.quarantined / this.counts.read;
    if (ratio <= config.errorBudget.maxRatio) return null;
    return (
      `本次同步被隔离的记录占 ${(ratio * 100).toFixed(1)}%（${this.counts.quarantined}/${this.counts.read}），` +
      `超过错误预算（最多 ${(config.errorBudget.maxRatio * 100).toFixed(1)}%）；已写入的正确数据全部保留。`
    );
  }
}
