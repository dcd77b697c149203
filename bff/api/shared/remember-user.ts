/**
 * Keeps user_profiles in step with the sessions that use the personal space. The sync engine finds
 * whom to notify about case progress through user_profiles.id_key_hash (bff/sync/engine/
 * case-progress.ts); nothing else writes that table yet, so a user who opens their space is
 * recorded here — masked and hashed like everywhere else, never a raw number.
 *
 * Written at most once per session per interval per process; a failure is logged, never shown.
 */
import type { Logger } from '../../observability/logger.js';
import { maskName } from '../../privacy/pii.js';
import type { Sql } from '../../store/types.js';
import type { Caller } from './caller.js';

export interface UserRecorder {
  remember(caller: Caller): Promise<void>;
}

const ID_TYPE = /^[0-9]{3}$/;
const CREDIT_CODE = /^[0-9A-Z]{18}$/;
/** The masked_text domain: '' or something with a '*' in it. */
const masked = (value: string | undefined): string | null => (value && value.includes('*') ? value : null);

export function createUserRecorder(
  sql: Sql,
  logger: Logger,
  options: { intervalMs?: number; maxTracked?: number; now?: () => number } = {},
): UserRecorder {
  const intervalMs = options.intervalMs ?? 10 * 60_000;
  const maxTracked = options.maxTracked ?? 50_000;
  const now = options.now ?? Date.now;
  const written = new Map<string, number>();

  return {
    async remember(caller) {
      const at = now();
      const last = written.get(caller.sessionId);
      if (last !== undefined && at - last < intervalMs) return;
      if (written.size >= maxTracked) written.clear();
      written.set(caller.sessionId, at);
      const { user } = caller;
      const idKeyHash = /^[0-9a-f]{64}$/.test(user.idKeyHash ?? '') ? (user.idKeyHash as string) : null;
      const creditCode = user.creditCode?.trim().toUpperCase();
      try {
        await sql.query(
          `INSERT INTO user_profiles (issuer, subject, display_name, user_type, real_name_level_raw, id_type_raw, id_type,
                                      id_masked, id_key_hash, mobile_masked, org_name, org_credit_code, agent_name_masked)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
           ON CONFLICT (issuer, subject) DO UPDATE SET
             display_name = EXCLUDED.display_name, user_type = EXCLUDED.user_type,
             real_name_level_raw = EXCLUDED.real_name_level_raw, id_type_raw = EXCLUDED.id_type_raw,
             id_type = EXCLUDED.id_type, id_masked = EXCLUDED.id_masked, id_key_hash = EXCLUDED.id_key_hash,
             mobile_masked = EXCLUDED.mobile_masked, org_name = EXCLUDED.org_name,
             org_credit_code = EXCLUDED.org_credit_code, agent_name_masked = EXCLUDED.agent_name_masked,
             last_login_at = now(), updated_at = now()`,
          [
            caller.issuer,
            caller.subject,
            maskName(user.displayName),
            user.userType,
            String(user.realNameLevel),
            user.idType ?? null,
            user.idType && ID_TYPE.test(user.idType) ? user.idType : null,
            masked(user.maskedId),
            idKeyHash,
            masked(user.maskedMobile),
            user.orgName ?? null,
            creditCode && CREDIT_CODE.test(creditCode) ? creditCode : null,
            user.agentName ? maskName(user.agentName) : null,
          ],
        );
      } catch (error) {
        written.delete(caller.sessionId);
        logger.warn({ err: error }, 'user profile not recorded');
      }
    },
  };
}
