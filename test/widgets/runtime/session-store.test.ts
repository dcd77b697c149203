import { expect, waitUntil } from '@open-wc/testing';
import type { SessionState } from '../../../widgets/runtime/session-store.js';
import { authenticatedBody, newTestBff, type TestBff } from '../support/bff-fixture.js';
import { openTab, type Tab } from '../support/tabs.js';

describe('session store', () => {
  let bff: TestBff;
  const tabs: Tab[] = [];
  const open = async () => {
    const tab = await openTab(bff.base);
    tabs.push(tab);
    return tab;
  };
  beforeEach(() => {
    bff = newTestBff();
  });
  afterEach(() => tabs.splice(0).forEach((tab) => tab.close()));

  it('starts unknown and tells a new subscriber the current state at once', async () => {
    const store = (await open()).runtime.getSessionStore();
    const seen: SessionState[] = [];
    const unsubscribe = store.subscribe((state) => seen.push(state));
    expect(seen).to.deep.equal([{ status: 'unknown' }]);
    await store.refresh();
    unsubscribe();
    store.markLoggedOut('user');
    expect(seen.map((state) => state.status)).to.deep.equal(['unknown', 'anonymous']);
  });

  it('makes one request when many widgets refresh at once', async () => {
    await bff.setSession({ body: authenticatedBody, delayMs: 200 });
    const store = (await open()).runtime.getSessionStore();
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => store.refresh()));
    expect((await bff.stats()).sessionRequests).to.equal(1);
    for (const state of results)
      expect(state).to.deep.equal({
        status: 'authenticated',
        user: authenticatedBody.user,
        logoutUrl: authenticatedBody.logoutUrl,
      });
    await store.refresh(); // de-duplication is for concurrent calls only, not a cache
    expect((await bff.stats()).sessionRequests).to.equal(2);
  });

  it('treats 401 as anonymous and other failures as error', async () => {
    const store = (await open()).runtime.getSessionStore();
    await bff.setSession({ status: 401, body: { error: { code: 'unauthenticated', message: '请先登录' } } });
    expect((await store.refresh()).status).to.equal('anonymous');
    await bff.setSession({ status: 503, body: '' });
    expect((await store.refresh()).status).to.equal('error');
  });

  it('logging out in one tab logs out the other', async () => {
    await bff.setSession({ body: authenticatedBody });
    const [a, b] = [await open(), await open()];
    await Promise.all([a.runtime.getSessionStore().refresh(), b.runtime.getSessionStore().refresh()]);
    expect(b.runtime.getSessionStore().state.status).to.equal('authenticated');
    a.runtime.getSessionStore().markLoggedOut('user');
    await waitUntil(() => b.runtime.getSessionStore().state.status === 'anonymous', 'tab B still signed in', {
      timeout: 3000,
    });
    expect(b.runtime.getSessionStore().state).to.deep.equal({ status: 'anonymous', loggedOutElsewhere: false });
  });

  it('a login seen by one tab reaches the other without a second request', async () => {
    const [a, b] = [await open(), await open()];
    await Promise.all([a.runtime.getSessionStore().refresh(), b.runtime.getSessionStore().refresh()]);
    expect(b.runtime.getSessionStore().state.status).to.equal('anonymous');
    await bff.setSession({ body: authenticatedBody });
    await a.runtime.getSessionStore().refresh();
    await waitUntil(() => b.runtime.getSessionStore().state.status === 'authenticated', 'tab B missed the login', {
      timeout: 3000,
    });
    expect(b.runtime.getSessionStore().state.user?.displayName).to.equal('张*三');
    expect((await bff.stats()).sessionRequests).to.equal(3);
  });

  it('an SSE logout event (single logout) signs out every tab over one connection', async () => {
    await bff.setSession({ body: authenticatedBody });
    const [a, b] = [await open(), await open()];
    await Promise.all([a.runtime.getSessionStore().refresh(), b.runtime.getSessionStore().refresh()]);
    await waitUntil(async () => (await bff.stats()).open === 1, 'no event stream opened', { timeout: 5000 });
    await bff.publish('logout', { reason: 'backchannel' });
    for (const tab of [a, b])
      await waitUntil(() => tab.runtime.getSessionStore().state.status === 'anonymous', 'a tab is still signed in', {
        timeout: 3000,
      });
    expect(a.runtime.getSessionStore().state.loggedOutElsewhere).to.equal(true);
    expect(b.runtime.getSessionStore().state.loggedOutElsewhere).to.equal(true);
    expect((await bff.stats()).opened).to.equal(1);
  });

  it('asks the BFF again on an SSE resync notice (events may have been missed)', async () => {
    await bff.setSession({ body: authenticatedBody });
    const store = (await open()).runtime.getSessionStore();
    await store.refresh();
    await waitUntil(async () => (await bff.stats()).open === 1, 'no event stream opened', { timeout: 5000 });
    await bff.setSession({ body: { authenticated: false } }); // the session ended while events were lost
    await bff.publish('resync', null, true);
    await waitUntil(() => store.state.status === 'anonymous', 'resync did not refresh the session', { timeout: 3000 });
    expect((await bff.stats()).sessionRequests).to.equal(2);
  });

  it('opens no event stream for an anonymous visitor', async () => {
    await (await open()).runtime.getSessionStore().refresh();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await bff.stats()).opened).to.equal(0);
  });

  it('is one store per page', async () => {
    const { runtime } = await open();
    expect(runtime.getSessionStore()).to.equal(runtime.getSessionStore());
  });
});
