/**
 * The `evaluations` section of the config (好差评, issue 7): which indicator list the form offers,
 * when a case may be rated, how long a 追评 stays open, how much text, and how often one user may
 * submit. Mounted by bff/config.ts; the flag helper is repeated here because config.ts imports this
 * file (an import back would be a cycle).
 */
import { z } from 'zod';

const flag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
  .transform((value) => value === true || value === 'true' || value === '1' || value === 'yes');
const count = z.coerce.number().int().min(1);

/** A same-site path or an in-page #fragment: what the inbox will turn into a link (notices-routes.ts). */
const SAME_SITE_LINK = /^(\/(?![/\\])|#)[^\s\\]*$/;

export const evaluationsConfigSchema = z
  .object({
    /**
     * The indicator list (测评内容, c.13: distributed by the national system and configured, never
     * hard-coded): a JSON file relative to the project, or absolute.
     */
    indicatorsFile: z.string().min(1).default('config/evaluation-indicators.json'),
    /**
     * Also at service nodes (办件服务节点): a case may be rated once a step of it has been handled,
     * not only after 办结. Off by default: most provinces invite the rating at 办结.
     */
    atServiceNodes: flag.default(false),
    /** Days after the first rating during which the one 追评 (assessNumber 2) is accepted. */
    followUpWindowDays: z.coerce.number().int().min(0).max(365).default(15),
    /** Characters of free text; the outbound column writing_evaluation holds 2000. */
    maxTextLength: z.coerce.number().int().min(10).max(2000).default(500),
    /** Submissions per user per window (a double click is idempotent anyway; this stops scripts). */
    submitMax: count.default(10),
    submitWindowSeconds: count.default(600),
    /**
     * Where the invitation notice points; `{projectNo}` is replaced (URL-encoded). Must stay on the
     * site: the inbox drops any other link.
     */
    invitationLink: z
      .string()
      .regex(SAME_SITE_LINK, 'must be a same-site path (/…) or a #fragment')
      .default('#evaluate={projectNo}'),
  })
  .prefault({});

export type EvaluationsConfig = z.infer<typeof evaluationsConfigSchema>;

export const EVALUATIONS_ENVIRONMENT_KEYS: Record<string, string> = {
  EVALUATION_INDICATORS_FILE: 'evaluations.indicatorsFile',
  EVALUATION_AT_SERVICE_NODES: 'evaluations.atServiceNodes',
  EVALUATION_FOLLOW_UP_DAYS: 'evaluations.followUpWindowDays',
  EVALUATION_MAX_TEXT_LENGTH: 'evaluations.maxTextLength',
};
