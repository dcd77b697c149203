import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { requireUser, type AuthEnv } from '../../../bff/auth/guard.js';
import type { Context } from 'hono';
import { CSRF, logIn } from './support/flows.js';
import { HOST_PAGE, startAuthStack, type AuthStack } from './support/stack.js';

describe('requireUser', () => {
  let stack: AuthStack;
  before(async () => {
    stack = await startAuthStack();
    const whoami = (c: Context<AuthEnv>) => c.json({ name: c.var.user.displayName, subject: c.var.session.subject });
    stack.app.get('/api/v1/probe/registered', requireUser(), whoami);
    stack.app.get('/api/v1/probe/realname', requireUser({ level: 'realname' }), whoami);
  });
  after(() => stack.close());

  const probe = (browser: ReturnType<AuthStack['newBrowser']>, level: string) =>
    browser.fetch(new URL(`/api/v1/probe/${level}`, stack.bff.url), { headers: CSRF });

  it('answers 401 unauthenticated (JSON, never a redirect) without a session', async () => {
    const response = await probe(stack.newBrowser(), 'registered');
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), { error: { code: 'unauthenticated', message: '请先登录' } });
  });

  it('answers 401 for an unknown session id', async () => {
    const browser = stack.newBrowser();
    browser.setCookie(stack.bff.url, '__Host-govdock_session', 'x'.repeat(43));
    assert.equal((await probe(browser, 'realname')).status, 401);
  });

  it('lets a registered user (未实名) in where registration is enough, and answers 403 where 实名 is needed', async () => {
    const browser = stack.newBrowser();
    await logIn(stack, browser, 'weishiming', HOST_PAGE);
    const registered = await probe(browser, 'registered');
    assert.equal(registered.status, 200);
    assert.equal(((await registered.json()) as { subject: string }).subject, 'demo-natural-0003');
    const realname = await probe(browser, 'realname');
    assert.equal(realname.status, 403);
    assert.deepEqual(await realname.json(), { error: { code: 'insufficient_level', message: '该服务需要实名认证' } });
  });

  it('lets a real-name user (实名) through both', async () => {
    const browser = stack.newBrowser();
    await logIn(stack, browser, 'lisi', HOST_PAGE);
    assert.equal((await probe(browser, 'registered')).status, 200);
    assert.equal((await probe(browser, 'realname')).status, 200);
  });
});
