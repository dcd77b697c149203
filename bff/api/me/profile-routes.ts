/**
 * GET /api/v1/me — the profile as the user space shows it: what the session holds, masked as at
 * login (bff/auth/claims.ts), plus the platform page where it can be changed. Nothing is editable
 * here: the unified identity platform owns the data.
 */
import { Hono, type Context } from 'hono';
import { requireUser, type AuthEnv, type RequestAuth } from '../../auth/guard.js';
import type { MyProfile } from '../contracts/cases.js';
import { callerOf } from '../shared/caller.js';
import { privateJson } from '../shared/private-json.js';
import type { UserRecorder } from '../shared/remember-user.js';

export function profileRoutes(deps: {
  piiHashKey: string | undefined;
  profileUrl: string | undefined;
  users: UserRecorder;
}): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.get('/', requireUser(), async (c) => {
    const caller = callerOf(c, deps.piiHashKey);
    await deps.users.remember(caller);
    const { user } = caller;
    const auth = (c as Context<AuthEnv>).get('auth') as RequestAuth;
    const profile: MyProfile = {
      displayName: user.displayName,
      userType: user.userType,
      realNameLevelLabel: auth.levelOf(user) === 'realname' ? '已实名认证' : '未实名认证（注册用户）',
      maskedId: user.maskedId ?? null,
      maskedMobile: user.maskedMobile ?? null,
      orgName: user.orgName ?? null,
      creditCode: user.creditCode ?? null,
      agentName: user.agentName ?? null,
      profileUrl: deps.profileUrl ?? null,
    };
    return privateJson(c, profile);
  });
  return app;
}
