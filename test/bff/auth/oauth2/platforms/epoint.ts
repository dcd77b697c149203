/**
 * A local Epoint-framework OAuth2 platform (data-standards d.1, b.4): `/rest/oauth2/authorize|
 * token|logout`, client credentials in the token request's query, `getUserData` /
 * `getCompanyData` answering the `{controls, custom, status{code, text}}` envelope. It checks
 * every parameter name, so a profile that speaks another dialect fails here.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { startServer, type RunningServer } from '../../../../../bff/server.js';
import { allParams, randomToken } from './params.js';

export interface EpointAccount {
  custom: Record<string, string>;
  company?: Record<string, string>;
}

export const EPOINT_PERSON: EpointAccount = {
  custom: {
    accountguid: 'a7f3c2e0-0001-4e8a-9d11-person000001',
    rowguid: 'r-0001',
    loginid: 'zhangsan',
    clientname: '张三',
    idnumber: '230102199003071234',
    certtype: '111',
    usertype: '1',
    sex: '1',
    certificationgrade: '3',
    contactmobile: '13800451234',
    contactemail: 'zhangsan@example.cn',
    lastlogindate: '2026-11-29 09:00:00',
    is_del: '0',
  },
};

export const EPOINT_COMPANY: EpointAccount = {
  custom: {
    accountguid: 'c9b1d4f2-0002-4c7e-8f22-company00001',
    loginid: 'hrbkeji',
    clientname: '李四',
    idnumber: '230103198805052345',
    certtype: '111',
    usertype: '2',
    certificationgrade: '3',
    contactmobile: '13900452345',
    is_del: '0',
  },
  company: {
    companyguid: 'c9b1d4f2-0002-4c7e-8f22-company00001',
    organname: '哈尔滨示例科技有限公司',
    creditcode: '91230102MA1B2C3D4E',
    legalname: '王五',
    legalidnumber: '230104197001013456',
    legaltype: 'c01',
    agentname: '李四',
    agentidnumber: '230103198805052345',
    agentmobile: '13900452345',
  },
};

export interface EpointPlatformOptions {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
}

interface CodeGrant {
  account: EpointAccount;
  redirectUri: string;
  codeChallenge?: string;
}

export interface EpointPlatform {
  baseUrl: string;
  /** The account the next authorize request logs in (the login page itself is not simulated). */
  loginAs(account: EpointAccount): void;
  revokeAllTokens(): void;
  requests: string[];
  close(): Promise<void>;
}

const ok = (custom: Record<string, unknown>) => ({
  controls: [],
  custom,
  status: { code: 1, state: 'success', text: '成功', top: false, url: '' },
});
const fail = (text: string) => ({
  controls: [],
  custom: {},
  status: { code: 0, state: 'error', text, top: false, url: '' },
});

export async function startEpointPlatform(options: EpointPlatformOptions): Promise<EpointPlatform> {
  let current: EpointAccount = EPOINT_PERSON;
  const codes = new Map<string, CodeGrant>();
  const accessTokens = new Map<string, EpointAccount>();
  const refreshTokens = new Map<string, EpointAccount>();
  const requests: string[] = [];
  const app = new Hono().basePath('/epoint-web');

  app.use(async (c, next) => {
    requests.push(`${c.req.method} ${new URL(c.req.url).pathname}`);
    await next();
  });

  app.get('/rest/oauth2/authorize', (c) => {
    const q = c.req.query();
    if (q.client_id !== options.clientId) return c.text('client_id 无效', 400);
    if (q.response_type !== 'code') return c.text('response_type 须为 code', 400);
    if (!q.redirect_uri || !options.redirectUris.includes(q.redirect_uri)) return c.text('redirect_uri 未登记', 400);
    if (q.scope !== 'user') return c.text('scope 无效', 400);
    const code = randomToken('code');
    codes.set(code, {
      account: current,
      redirectUri: q.redirect_uri,
      codeChallenge: q.code_challenge_method === 'S256' ? q.code_challenge : undefined,
    });
    const target = new URL(q.redirect_uri);
    target.searchParams.set('code', code);
    if (q.state !== undefined) target.searchParams.set('state', q.state);
    return c.redirect(target.href, 302);
  });

  app.post('/rest/oauth2/token', async (c) => {
    // Epoint reads the client credentials from the URL query of the POST.
    const query = c.req.query();
    if (query.client_id !== options.clientId || query.client_secret !== options.clientSecret) {
      return c.json({ error: 'invalid_client', error_description: '应用标识或密钥错误' }, 401);
    }
    const p = await allParams(c);
    if (p.grant_type === 'authorization_code') {
      const grant = p.code === undefined ? undefined : codes.get(p.code);
      if (p.code !== undefined) codes.delete(p.code);
      if (!grant) return c.json({ error: 'invalid_grant', error_description: '授权码无效或已使用' }, 400);
      if (p.redirect_uri !== grant.redirectUri) {
        return c.json({ error: 'invalid_grant', error_description: 'redirect_uri 不一致' }, 400);
      }
      if (grant.codeChallenge !== undefined) {
        const expected = createHash('sha256')
          .update(p.code_verifier ?? '')
          .digest('base64url');
        if (expected !== grant.codeChallenge)
          return c.json({ error: 'invalid_grant', error_description: 'PKCE 校验失败' }, 400);
      }
      return c.json(issue(grant.account));
    }
    if (p.grant_type === 'refresh_token') {
      const account = p.refresh_token === undefined ? undefined : refreshTokens.get(p.refresh_token);
      if (p.refresh_token !== undefined) refreshTokens.delete(p.refresh_token);
      if (!account) return c.json({ error: 'invalid_grant', error_description: 'refresh_token 无效' }, 400);
      return c.json(issue(account));
    }
    return c.json({ error: 'unsupported_grant_type', error_description: 'grant_type 不支持' }, 400);
  });

  function issue(account: EpointAccount) {
    const accessToken = randomToken('at');
    const refreshToken = randomToken('rt');
    accessTokens.set(accessToken, account);
    refreshTokens.set(refreshToken, account);
    return { access_token: accessToken, refresh_token: refreshToken, expires_in: 1800, token_type: 'bearer' };
  }

  app.post('/rest/extranetNeedLoginInterface/getUserData', (c) => {
    const account = accessTokens.get(c.req.query('access_token') ?? '');
    // The envelope, not the HTTP status, carries the refusal.
    if (!account) return c.json(fail('access_token无效或已过期'));
    return c.json(ok(account.custom));
  });

  app.post('/rest/extranetNeedLoginInterface/getCompanyData', async (c) => {
    const account = accessTokens.get(c.req.query('access_token') ?? '');
    if (!account) return c.json(fail('access_token无效或已过期'));
    const p = await allParams(c);
    let companyguid: unknown;
    try {
      companyguid = (JSON.parse(p.params ?? '{}') as Record<string, unknown>).companyguid;
    } catch {
      return c.json(fail('params 不是 JSON'));
    }
    if (!account.company || companyguid !== account.company.companyguid) return c.json(fail('无此法人'));
    return c.json(ok({ ...account.company, accountguid: account.custom.accountguid }));
  });

  app.get('/rest/oauth2/logout', (c) => {
    const target = c.req.query('redirect_uri');
    if (!target || !options.postLogoutRedirectUris.includes(target)) return c.text('redirect_uri 未登记', 400);
    return c.redirect(target, 302);
  });

  const server: RunningServer = await startServer(app, { host: '127.0.0.1', port: 0 });
  return {
    baseUrl: `${server.url}/epoint-web`,
    loginAs(account) {
      current = account;
    },
    revokeAllTokens() {
      accessTokens.clear();
      refreshTokens.clear();
    },
    requests,
    close: () => server.close(),
  };
}
