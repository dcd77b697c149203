/**
 * A local Zhejiang 政务服务网 SSO (data-standards d.2, b.4): the browser goes to
 * `usp.do?action=ssoLogin&servicecode=…&goto=…` and comes back with `ticket`; the back channel is
 * form POSTs to `servlet/simpleauth` dispatched on `method`, each signed with
 * `servicecode`, `time` (yyyyMMddHHmmss, Beijing time) and `sign = md5(AK + SK + time)`.
 * It verifies the signature and the time window itself, independently of the provider's code.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { startServer } from '../../../../../bff/server.js';
import { allParams, randomToken } from './params.js';

export const ZHEJIANG_PERSON: Record<string, string> = {
  userid: 'zj-8a2b7c1d0001',
  loginname: 'wangxiaoming',
  username: '王小明',
  idtype: '1',
  idnum: '330106199208151234',
  authlevel: '3',
  sex: '1',
  nation: '01',
  mobile: '13757161234',
  email: 'wxm@example.cn',
  useable: '1',
};

export interface ZhejiangPlatformOptions {
  servicecode: string;
  servicepwd: string;
  /** Allowed clock difference of `time`, both ways. */
  windowMinutes?: number;
}

export interface ZhejiangPlatform {
  baseUrl: string;
  requests: Record<string, string>[];
  close(): Promise<void>;
}

/** yyyyMMddHHmmss in Beijing time → epoch ms; NaN when malformed. */
function beijingTime(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) - 8 * 3_600_000;
}

export async function startZhejiangPlatform(options: ZhejiangPlatformOptions): Promise<ZhejiangPlatform> {
  const windowMs = (options.windowMinutes ?? 5) * 60_000;
  const tickets = new Map<string, Record<string, string>>();
  const tokens = new Map<string, Record<string, string>>();
  const requests: Record<string, string>[] = [];
  const app = new Hono().basePath('/sso');

  app.get('/usp.do', (c) => {
    const q = c.req.query();
    if (q.servicecode !== options.servicecode) return c.text('servicecode 无效', 400);
    if (!q.goto) return c.text('缺少 goto', 400);
    const target = new URL(q.goto);
    if (q.action === 'ssoLogin') {
      const ticket = randomToken('ST');
      tickets.set(ticket, ZHEJIANG_PERSON);
      // The platform appends its ticket to goto and echoes nothing else (no state).
      target.searchParams.set('ticket', ticket);
      return c.redirect(target.href, 302);
    }
    if (q.action === 'logout') return c.redirect(target.href, 302);
    return c.text('action 无效', 400);
  });

  app.post('/servlet/simpleauth', async (c) => {
    if (!(c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
      return c.json({ result: 1, errmsg: '请求须为表单' });
    }
    const p = await allParams(c);
    requests.push(p);
    if (p.datatype !== 'json') return c.json({ result: 1, errmsg: 'datatype 须为 json' });
    if (p.servicecode !== options.servicecode) return c.json({ result: 2, errmsg: 'servicecode 无效' });
    const time = beijingTime(p.time ?? '');
    if (!Number.isFinite(time) || Math.abs(Date.now() - time) > windowMs) {
      return c.json({ result: 7, errmsg: '时间戳无效或已过期' });
    }
    const expected = createHash('md5')
      .update(options.servicecode + options.servicepwd + p.time)
      .digest('hex');
    if (p.sign !== expected) return c.json({ result: 6, errmsg: '签名校验失败' });

    if (p.method === 'ticketValidation') {
      const user = tickets.get(p.st ?? '');
      tickets.delete(p.st ?? '');
      if (!user) return c.json({ result: 3, errmsg: 'ticket 无效或已使用' });
      const token = randomToken('tk');
      tokens.set(token, user);
      return c.json({ result: 0, errmsg: '成功', token });
    }
    if (p.method === 'getUserInfo') {
      const user = tokens.get(p.token ?? '');
      if (!user) return c.json({ result: 4, errmsg: 'token 无效或已过期' });
      return c.json({ result: 0, errmsg: '成功', ...user });
    }
    return c.json({ result: 5, errmsg: 'method 无效' });
  });

  const server = await startServer(app, { host: '127.0.0.1', port: 0 });
  return { baseUrl: `${server.url}/sso`, requests, close: () => server.close() };
}
