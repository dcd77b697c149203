/**
 * The `notices` section of the config (信息推送, issue 9; mounted by bff/config.ts): where the notices
 * the sync produces point, how long the inbox keeps them, and how many site announcements a signed-in
 * inbox takes in. Links are templates of same-site paths or #fragments only: a notice's link is shown on
 * government pages, and the inbox drops any other link anyway (notices-routes.ts safeNoticeLink).
 */
import { z } from 'zod';

/** A same-site path or an in-page #fragment (the same rule as notices-routes.ts safeNoticeLink). */
export const SAME_SITE_LINK = /^(\/(?![/\\])|#)[^\s\\]*$/;

const sameSite = (placeholder: string) =>
  z
    .string()
    .regex(SAME_SITE_LINK, 'must be a same-site path (/…) or a #fragment')
    .refine((value) => !value.includes('{') || value.includes(placeholder), `may only use ${placeholder}`);

export const noticesConfigSchema = z
  .object({
    /** A case-progress notice's link; `{projectNo}` is replaced (URL-encoded). */
    caseLink: sameSite('{projectNo}').default('#case={projectNo}'),
    /** A reply notice's link to the ticket; `{trackingNo}` (查询码) is replaced. */
    replyLink: sameSite('{trackingNo}').default('#consultation={trackingNo}'),
    /** A rectification notice's link (my evaluations); `{projectNo}` is replaced. */
    rectificationLink: sameSite('{projectNo}').default('#my-evaluations={projectNo}'),
    /**
     * Days a notice stays in the inbox; older ones are deleted (retention limit, issue 9 item 4). The
     * sync and the announcements produce nothing older than this, so a purged notice is not re-created.
     */
    retentionDays: z.coerce.number().int().min(1).max(3650).default(180),
    /** How often the purge runs. */
    purgeIntervalMinutes: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(60),
    /** Current announcements a signed-in inbox takes in at most (newest first). */
    announcementsInInbox: z.coerce.number().int().min(0).max(100).default(20),
  })
  .prefault({});

export type NoticesConfig = z.infer<typeof noticesConfigSchema>;

export const NOTICES_ENVIRONMENT_KEYS: Record<string, string> = {
  NOTICE_CASE_LINK: 'notices.caseLink',
  NOTICE_REPLY_LINK: 'notices.replyLink',
  NOTICE_RECTIFICATION_LINK: 'notices.rectificationLink',
  NOTICE_RETENTION_DAYS: 'notices.retentionDays',
  NOTICE_PURGE_INTERVAL_MINUTES: 'notices.purgeIntervalMinutes',
};

/** A link template filled with URL-encoded values. */
export function fillLink(template: string, values: Record<string, string>): string {
  let link = template;
  for (const [key, value] of Object.entries(values)) link = link.replaceAll(`{${key}}`, encodeURIComponent(value));
  return link;
}
