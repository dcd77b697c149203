/**
 * `/admin/v1/` — the operator API (运维接口, architecture §6): stream status, run history,
 * quarantine, starting runs and quarantine retries, and the docking report. Protected by the
 * operator token (admin-token.ts) on top of the app-wide `X-CSRF: 1` rule. Starting work answers
 * 202 with a job at once; the job (and the runs it made) are read back with GET.
 *
 *   GET  /streams                          streams: kind, last success, lag, cursor, status, quarantine, pending
 *   GET  /runs?stream=&before=&limit=      run history, newest first (keyset paging by id)
 *   GET  /runs/:id
 *   POST /runs { target?, full? }          → 202 { job, runIds }
 *   GET  /quarantine?stream=&reason=&state=&before=&limit=
 *   POST /quarantine/retry { stream? }     → 202 { job }
 *   GET  /jobs, /jobs/:id
 *   GET  /doctor[?format=markdown|html]    the docking acceptance report
 */
import { hostname } from 'node:os';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AppError, badRequest, notFound } from '../http/errors.js';
import type { AppEnv } from '../http/env.js';
import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/store.js';
import type { Layout, RunSummary, SyncService } from '../sync/contracts.js';
import { renderHtml } from '../sync/doctor/report-html.js';
import { renderMarkdown } from '../sync/doctor/report-markdown.js';
import type { DoctorReport } from '../sync/doctor/types.js';
import {
  getRuns,
  listQuarantine,
  listRuns,
  listStreamStatus,
  quarantineReasons,
  REASON_LABELS,
  runningRunIds,
  type StreamNames,
} from '../sync/status.js';
import { adminTokenFingerprint, requireAdminToken } from './admin-token.js';
import { recordOperatorAction } from './audit.js';
import { createJobRegistry, type Job } from './jobs.js';

export interface AdminServices {
  store: Store;
  /** The engine; without it (sync switched off) starting runs answers 503. */
  sync?: SyncService;
  /** The configured layout: stream names, kinds and source tables. */
  layout?: Layout;
  /** The configured source id (`config.sync.sourceId`): the engine's key prefix. */
  sourceId: string;
  /** Builds the docking report; absent: GET /doctor answers 503. */
  doctor?: () => Promise<DoctorReport>;
  /** How long POST /runs waits for the engine to record its runs before answering. Default 1500 ms. */
  runIdWaitMs?: number;
}

export interface AdminRouteOptions {
  token: string | undefined;
  logger: Logger;
  /** Absent: the app was built without the sync area; every endpoint answers 503. */
  services?: AdminServices;
}

const KINDS = ['items', 'cases', 'evaluations', 'organisations', 'replies', 'notices'] as const;

const pageLimit = z.coerce.number().int().min(1).max(200).default(50);
const before = z.coerce.number().int().positive().optional();
const name = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,120}$/)
  .optional();

const runsQuery = z.object({ stream: name, before, limit: pageLimit });
const quarantineQuery = z.object({
  stream: name,
  reason: z
    .string()
    .regex(/^[a-z_]{1,40}$/)
    .optional(),
  state: z.enum(['open', 'resolved', 'all']).default('open'),
  before,
  limit: pageLimit,
});
const runBody = z.object({ target: name, full: z.boolean().default(false) }).strict();
const retryBody = z.object({ stream: name }).strict();

function parsed<T>(schema: z.ZodType<T>, value: unknown, message: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw badRequest(message);
  return result.data;
}

async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('请求内容不是有效的 JSON');
  }
}

const unavailable = (what: string) => new AppError(503, 'admin_unavailable', `${what}暂不可用：本服务未启用同步`);

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export function adminRoutes(options: AdminRouteOptions): Hono<AppEnv> {
  const { logger, services } = options;
  const app = new Hono<AppEnv>();
  const actor = options.token ? `admin:${adminTokenFingerprint(options.token)}` : 'admin:unset';
  const jobs = createJobRegistry((error, job) =>
    logger.error({ err: error, job: job.id, kind: job.kind, target: job.target }, 'operator job failed'),
  );

  app.use('*', requireAdminToken(options.token));
  app.use('*', async (c, next) => {
    if (!services) throw unavailable('运维接口');
    c.header('Cache-Control', 'no-store');
    await next();
  });

  const svc = (): AdminServices => services as AdminServices;
  const names = (): StreamNames => ({
    sourceId: svc().sourceId,
    streams: (svc().layout?.streams ?? []).map((stream) => ({
      name: stream.name,
      kind: stream.kind,
      sourceTable: stream.sourceTable,
    })),
  });

  /** A stream name, a kind, or nothing (all): the streams a run would touch; undefined when unknown. */
  function resolveTarget(target: string | undefined): string[] | undefined {
    const streams = svc().layout?.streams ?? [];
    const all = svc().sync?.streams ?? streams.map((stream) => stream.name);
    if (!target) return [...all];
    if ((KINDS as readonly string[]).includes(target)) {
      return streams.filter((stream) => stream.kind === target).map((stream) => stream.name);
    }
    return all.includes(target) ? [target] : undefined;
  }

  async function audit(
    c: Context<AppEnv>,
    action: Parameters<typeof recordOperatorAction>[1]['action'],
    target: string | null,
    detail: Record<string, unknown>,
  ) {
    try {
      await recordOperatorAction(svc().store, {
        actor,
        action,
        target,
        detail: { ...detail, requestId: c.var.requestId, host: hostname() },
      });
    } catch (error) {
      // The action already happened; a lost audit row is logged loudly rather than hidden.
      logger.error({ err: error, action, target }, 'audit log write failed');
    }
  }

  app.get('/streams', async (c) => {
    const streams = await listStreamStatus(svc().store, names());
    return c.json({ streams, syncAvailable: svc().sync !== undefined });
  });

  app.get('/runs', async (c) => {
    const query = parsed(runsQuery, c.req.query(), '查询参数有误：stream、before、limit（1–200）');
    const page = await listRuns(svc().store, names(), query);
    return c.json({ runs: page.items, nextBefore: page.nextBefore });
  });

  app.get('/runs/:id', async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id <= 0) throw badRequest('运行编号有误');
    const [run] = await getRuns(svc().store, names(), [id]);
    if (!run) throw notFound();
    return c.json({ run });
  });

  app.post('/runs', async (c) => {
    const body = parsed(runBody, await jsonBody(c), '请求内容有误：{ "target": 数据流或类型, "full": true|false }');
    const sync = svc().sync;
    if (!sync) throw unavailable('同步');
    const streams = resolveTarget(body.target);
    if (!streams || streams.length === 0) {
      throw new AppError(404, 'unknown_stream', `没有名为“${body.target}”的数据流或数据类型`);
    }
    const since = new Date(Date.now() - 1000);
    const { job, done } = jobs.start<RunSummary[]>(
      'run',
      body.target ?? null,
      () => sync.run(body.target, { full: body.full }),
      (summaries) => summaries.every((summary) => summary.status !== 'failed'),
    );
    // Short runs finish within the wait and answer with their final run ids; long ones answer with
    // the runs the engine has recorded so far, and the job to follow.
    const finished = await Promise.race([done.then(() => true), delay(svc().runIdWaitMs ?? 1500).then(() => false)]);
    const runIds = finished
      ? (job.result ?? []).map((summary) => summary.runId).filter((id): id is number => id !== null)
      : await runningRunIds(svc().store, names(), streams, since);
    await audit(c, 'sync.run', body.target ?? null, { full: body.full, jobId: job.id, runIds, streams });
    return c.json({ job: publicJob(job), runIds, streams }, 202, { Location: `jobs/${job.id}` });
  });

  app.get('/quarantine', async (c) => {
    const query = parsed(quarantineQuery, c.req.query(), '查询参数有误：stream、reason、state、before、limit');
    const page = await listQuarantine(svc().store, names(), query);
    const reasons = await quarantineReasons(svc().store, names());
    return c.json({ rows: page.items, nextBefore: page.nextBefore, reasons, reasonLabels: REASON_LABELS });
  });

  app.post('/quarantine/retry', async (c) => {
    const body = parsed(retryBody, await jsonBody(c), '请求内容有误：{ "stream": 数据流（可省略） }');
    const sync = svc().sync;
    if (!sync) throw unavailable('同步');
    if (body.stream && !resolveTarget(body.stream)) {
      throw new AppError(404, 'unknown_stream', `没有名为“${body.stream}”的数据流`);
    }
    const { job } = jobs.start(
      'retry_quarantine',
      body.stream ?? null,
      () => sync.retryQuarantine(body.stream),
      (result) => result.stillFailing === 0,
    );
    await audit(c, 'sync.retry_quarantine', body.stream ?? null, { jobId: job.id });
    return c.json({ job: publicJob(job) }, 202, { Location: `../jobs/${job.id}` });
  });

  app.get('/jobs', (c) => c.json({ jobs: jobs.list().map(publicJob) }));

  app.get('/jobs/:id', async (c) => {
    const job = jobs.get(c.req.param('id'));
    if (!job) throw notFound();
    return c.json({ job: publicJob(job) });
  });

  let doctorRun: Promise<DoctorReport> | undefined;
  app.get('/doctor', async (c) => {
    const doctor = svc().doctor;
    if (!doctor) throw unavailable('对接检查');
    const format = c.req.query('format') ?? 'json';
    if (!['json', 'markdown', 'html'].includes(format)) throw badRequest('format 须为 json、markdown 或 html');
    // One at a time: the checks reach remote systems; a second caller shares the run in progress.
    const first = !doctorRun;
    doctorRun ??= doctor().finally(() => {
      doctorRun = undefined;
    });
    const report = await doctorRun;
    if (first) await audit(c, 'sync.doctor', null, { ...report.summary });
    if (format === 'markdown')
      return c.body(renderMarkdown(report), 200, { 'Content-Type': 'text/markdown; charset=utf-8' });
    if (format === 'html') return c.html(renderHtml(report));
    return c.json({ report });
  });

  return app;
}

/** A job as the API shows it: run summaries and retry counts are safe (counts, ids, Chinese errors). */
function publicJob(job: Job<unknown>) {
  return {
    id: job.id,
    kind: job.kind,
    target: job.target,
    state: job.state,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    result: job.result,
    error: job.error,
  };
}
