/**
 * Inbox retention (issue 9 item 4): notices older than `notices.retentionDays` are deleted, read or
 * not. `npm start` runs the purge at start and then every `notices.purgeIntervalMinutes`; with several
 * BFF instances each may run it (a DELETE by age is harmless twice). Producers never create a notice
 * older than the limit (case-progress.ts, announcements/queries.ts), so a purged notice stays gone.
 */
import type { Sql } from '../../store/types.js';

/** Deletes notices created more than `retentionDays` ago; returns how many. */
export async function purgeOldNotices(sql: Sql, retentionDays: number): Promise<number> {
  const { rows } = await sql.query(
    `DELETE FROM notices WHERE created_at < now() - make_interval(days => $1::int) RETURNING id`,
    [retentionDays],
  );
  return rows.length;
}

export interface NoticeRetention {
  /** Runs one purge now (waits for a running one). */
  purgeNow(): Promise<number>;
  stop(): Promise<void>;
}

export function startNoticeRetention(deps: {
  sql: Sql;
  retentionDays: number;
  intervalMinutes: number;
  logger: { info(data: object, message?: string): void; warn(data: object, message?: string): void };
  /** Default true: purge once at start. */
  runOnStart?: boolean;
}): NoticeRetention {
  let running: Promise<number> = Promise.resolve(0);
  const purgeNow = (): Promise<number> => {
    running = running
      .catch(() => 0)
      .then(async () => {
        const deleted = await purgeOldNotices(deps.sql, deps.retentionDays);
        if (deleted > 0) deps.logger.info({ deleted, retentionDays: deps.retentionDays }, '过期消息已清理');
        return deleted;
      });
    return running;
  };
  const onTimer = (): void => {
    purgeNow().catch((error: unknown) => {
      deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, '过期消息清理失败');
    });
  };
  if (deps.runOnStart !== false) onTimer();
  const timer = setInterval(onTimer, deps.intervalMinutes * 60_000);
  timer.unref?.();
  return {
    purgeNow,
    async stop() {
      clearInterval(timer);
      await running.catch(() => undefined);
    },
  };
}
