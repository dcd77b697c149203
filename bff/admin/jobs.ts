/**
 * Runs started from the operator API go on in the background: a run of every stream may take
 * minutes, far longer than a request should be held open (and a gateway will cut it). Each start
 * gets a job that the page polls; finished jobs are kept for a while so the answer can be read.
 */
import { randomUUID } from 'node:crypto';

export type JobState = 'running' | 'succeeded' | 'failed';

export interface Job<Result> {
  id: string;
  kind: 'run' | 'retry_quarantine';
  target: string | null;
  startedAt: string;
  finishedAt: string | null;
  state: JobState;
  result: Result | null;
  /** Plain Chinese, no internals. */
  error: string | null;
}

export interface JobRegistry {
  start<Result>(
    kind: Job<Result>['kind'],
    target: string | null,
    work: () => Promise<Result>,
    succeeded?: (result: Result) => boolean,
  ): { job: Job<Result>; done: Promise<Job<Result>> };
  get(id: string): Job<unknown> | undefined;
  list(): Job<unknown>[];
}

const KEEP_FINISHED = 50;

export function createJobRegistry(onError: (error: unknown, job: Job<unknown>) => void): JobRegistry {
  const jobs = new Map<string, Job<unknown>>();

  function prune(): void {
    const finished = [...jobs.values()].filter((job) => job.state !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) jobs.delete(job.id);
  }

  return {
    start<Result>(
      kind: Job<Result>['kind'],
      target: string | null,
      work: () => Promise<Result>,
      succeeded: (result: Result) => boolean = () => true,
    ) {
      const job: Job<Result> = {
        id: randomUUID(),
        kind,
        target,
        startedAt: new Date().toISOString(),
        finishedAt: null,
        state: 'running',
        result: null,
        error: null,
      };
      jobs.set(job.id, job as Job<unknown>);
      const done = work().then(
        (result) => {
          job.result = result;
          job.state = succeeded(result) ? 'succeeded' : 'failed';
          job.finishedAt = new Date().toISOString();
          prune();
          return job;
        },
        (error: unknown) => {
          job.state = 'failed';
          job.error = '运行出错，详情请查看服务日志';
          job.finishedAt = new Date().toISOString();
          onError(error, job as Job<unknown>);
          prune();
          return job;
        },
      );
      return { job, done };
    },
    get: (id) => jobs.get(id),
    list: () => [...jobs.values()].reverse(),
  };
}
