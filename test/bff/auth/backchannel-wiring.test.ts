/**
 * The receivers built in backchannel/ are mounted by this area: a logout at the platform reaches
 * the BFF by back-channel, ends the session and tells the user's streams.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SESSION_COOKIE } from '../../../bff/auth/cookies.js';
import type { HubEvent } from '../../../bff/events/hub.js';
import { getSession, logIn } from './support/flows.js';
import { HOST_PAGE, startAuthStack, type AuthStack } from './support/stack.js';

function formAction(html: string, suffix: string): string {
  for (const match of html.matchAll(/<form[^>]*\saction="([^"]+)"/g)) {
    const action = (match[1] ?? '').replaceAll('&amp;', '&');
    if (action.endsWith(suffix)) return action;
  }
  throw new Error(`no form ending with ${suffix}`);
}

describe('logout at the platform (back-channel) ends the BFF session', () => {
  let stack: AuthStack;
  before(async () => {
    stack = await startAuthStack();
  });
  after(() => stack.close());

  it('deletes the session and publishes logout', async () => {
    const browser = stack.newBrowser();
    await logIn(stack, browser, 'zhangsan', HOST_PAGE);
    const id = browser.cookie(stack.bff.url, SESSION_COOKIE)!;
    assert.ok(await stack.sessions.get(id));
    const seen: HubEvent[] = [];
    const unsubscribe = stack.hub.subscribe((event) => seen.push(event));
    try {
      const page = await browser.navigate(new URL('/session/end', stack.platform.issuer));
      assert.equal(page.response.status, 200);
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.body)?.[1];
      assert.ok(xsrf);
      const done = await browser.submit(new URL(formAction(page.body, '/session/end/confirm'), page.url), {
        xsrf,
        logout: 'yes',
      });
      assert.equal(done.response.status, 200);
      // oidc-provider sends back-channel logouts before answering; allow a moment anyway.
      for (let i = 0; i < 20 && (await stack.sessions.get(id)); i += 1) await new Promise((r) => setTimeout(r, 50));
    } finally {
      unsubscribe();
    }
    assert.equal(await stack.sessions.get(id), undefined);
    assert.equal((await getSession(stack, browser)).json.authenticated, false);
    assert.ok(seen.some((event) => event.type === 'logout' && event.userKey));
  });
});
