/**
 * One run of one stream: take the stream's lock (or skip), open a run record, check the source schema
 * (G6), read and commit pages, sweep waiting children, and finish the run record with exact counts.
 * Errors end this stream's run as failed with a plain-Chinese reason; they never escape to other streams.
 */
import type { FrontSource, RunOptions, RunSummary, StreamDefinition } from '../contracts.js';
import { runFileStream } from './file-stream.js';
import { sweepPending } from './pending-sweep.js';
import { RunState, type EngineContext } from './run-state.js';
import { finishRun, startRun } from './run-record.js';
import { checkSchema } from './schema-drift.js';
import { runSqlStream } from './sql-stream.js';
import type { StreamLocks } from './stream-lock.js';

export function streamKeyOf(sourceId: string, stream: StreamDefinition): string {
  return `${sourceId}:${stream.name}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function runStream(
  context: EngineContext & { source: FrontSource; locks: StreamLocks },
  stream: StreamDefinition,
  options: RunOptions = {},
): Promise<RunSummary> {
  const streamKey = streamKeyOf(context.config.sourceId, stream);
  const startedAt = context.now().toISOString();
  const lease = await context.locks.tryAcquire(streamKey);
  if (!lease) {
    context.metrics?.runs.inc({ stream: stream.name, status: 'skipped' });
    context.logger.debug({ stream: stream.name }, '该数据流正由另一个同步进程处理，本次跳过');
    return {
      runId: null,
      stream: stream.name,
      status: 'skipped',
      counts: { read: 0, inserted: 0, updated: 0, unchanged: 0, deleted: 0, quarantined: 0, pending: 0 },
      startedAt,
      finishedAt: startedAt,
      lagSeconds: null,
      error: null,
    };
  }
  const timer = performance.now();
  try {
    const record = await startRun(context.store, streamKey, { full: options.full === true });
    const run = new RunState(stream, streamKey, record.id, lease, options);
    let status: 'succeeded' | 'failed' = 'succeeded';
    let error: string | null = null;
    let lagSeconds: number | null = null;
    try {
      if (context.source.kind === 'file') {
        await runFileStream(context, context.source, run);
      } else {
        const drift = await checkSchema(context.store, streamKey, stream, context.source);
        run.warnings.push(...drift.warnings);
        for (const warning of drift.warnings) context.logger.warn({ stream: stream.name }, warning);
        ({ lagSeconds } = await runSqlStream(context, context.source, run));
      }
      const swept = await sweepPending(context, {
        streamKey,
        runId: run.runId,
        batchSize: context.config.pageSize,
        orphanTimeoutSeconds: context.config.orphanTimeoutSeconds,
        now: context.now,
      });
      run.addPage(0, swept, context.metrics, false);
      error = run.stopReason ?? run.ratioExceeded(context.config);
      if (error) status = 'failed';
    } catch (failure) {
      status = 'failed';
      error = messageOf(failure);
      context.logger.error({ stream: stream.name, err: error }, '数据流同步失败');
    }
    await context.faults.hit('run-record');
    const finished = await finishRun(context.store, run.runId, {
      status,
      error,
      lagSeconds,
      retries: run.retries,
      warnings: run.warnings,
    });
    const seconds = (performance.now() - timer) / 1000;
    if (context.metrics) {
      context.metrics.runs.inc({ stream: stream.name, status });
      context.metrics.duration.observe({ stream: stream.name, status }, seconds);
      if (lagSeconds !== null) context.metrics.lag.set({ stream: stream.name }, lagSeconds);
      if (status === 'succeeded') context.metrics.lastSuccess.set({ stream: stream.name }, Date.now() / 1000);
    }
    const summary: RunSummary = {
      runId: run.runId,
      stream: stream.name,
      status,
      counts: finished.counts,
      startedAt: record.startedAt,
      finishedAt: finished.finishedAt,
      lagSeconds,
      error,
    };
    context.logger.info(
      {
        stream: stream.name,
        status,
        ...finished.counts,
        pages: run.pages,
        retries: run.retries,
        seconds: Math.round(seconds * 1000) / 1000,
        ms: Object.fromEntries(Object.entries(run.timings).map(([key, value]) => [key, Math.round(value)])),
      },
      '数据流同步完成',
    );
    return summary;
  } finally {
    await lease.release().catch((error: unknown) => {
      context.logger.warn({ stream: stream.name, err: messageOf(error) }, '释放数据流锁失败');
    });
  }
}
