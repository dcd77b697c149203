import { expect, waitUntil } from '@open-wc/testing';
import { newTestBff, type TestBff } from '../support/bff-fixture.js';
import { openTab, type Tab } from '../support/tabs.js';

interface Received {
  type: string;
  data: unknown;
  id: string;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('event stream', () => {
  let bff: TestBff;
  const tabs: Tab[] = [];
  const open = async () => {
    const tab = await openTab(bff.base);
    tabs.push(tab);
    return tab;
  };
  const record = (tab: Tab, ...types: string[]): Received[] => {
    const received: Received[] = [];
    for (const type of types)
      tab.runtime.getEventStream().subscribe(type, (data, id) => received.push({ type, data, id }));
    return received;
  };
  beforeEach(() => {
    bff = newTestBff();
  });
  afterEach(() => tabs.splice(0).forEach((tab) => tab.close()));

  it('connects only when someone subscribes', async () => {
    const tab = await open();
    expect(tab.runtime.getEventStream().role).to.equal('idle');
    await pause(200);
    expect((await bff.stats()).opened).to.equal(0);
    record(tab, 'notice');
    await waitUntil(async () => (await bff.stats()).open === 1, 'no connection after subscribe', { timeout: 5000 });
  });

  it('delivers parsed data with the SSE id, and stops after unsubscribe', async () => {
    const tab = await open();
    const received: unknown[] = [];
    const unsubscribe = tab.runtime.getEventStream().subscribe('notice', (data) => received.push(data));
    await waitUntil(() => tab.runtime.getEventStream().role === 'leader', 'never became leader', { timeout: 5000 });
    await waitUntil(async () => (await bff.stats()).open === 1, 'not connected', { timeout: 5000 });
    await bff.publish('notice', { title: '系统维护通知' });
    await waitUntil(() => received.length === 1, 'event not delivered', { timeout: 3000 });
    expect(received).to.deep.equal([{ title: '系统维护通知' }]);
    unsubscribe();
    await bff.publish('notice', { title: '第二条' });
    await pause(300);
    expect(received).to.have.length(1);
  });

  it('keeps one connection for two tabs and hands it over without losing events', async () => {
    const a = await open();
    const fromA = record(a, 'case');
    await waitUntil(() => a.runtime.getEventStream().role === 'leader', 'tab A did not lead', { timeout: 5000 });
    await waitUntil(async () => (await bff.stats()).open === 1, 'tab A did not connect', { timeout: 5000 });

    const b = await open();
    // B wants a type the leader itself never subscribed to: the leader relays it all the same.
    const fromB = record(b, 'case', 'notice');
    await pause(300);
    expect(b.runtime.getEventStream().role).to.equal('follower');
    expect((await bff.stats()).opened).to.equal(1);

    const first = await bff.publish('case', { caseNo: 'A001', state: '受理' });
    await bff.publish('notice', { title: '通知' });
    await waitUntil(() => fromB.length === 2 && fromA.length === 1, 'events not relayed', { timeout: 3000 });

    a.close(); // the leader's page goes away: its lock and its EventSource with it
    // Published while nobody is connected: B must fetch it by resuming after the last id it saw.
    await bff.publish('case', { caseNo: 'A001', state: '办结' });
    await waitUntil(() => b.runtime.getEventStream().role === 'leader', 'tab B did not take over', { timeout: 5000 });
    await waitUntil(async () => (await bff.stats()).opened === 2, 'tab B did not connect', { timeout: 5000 });
    await bff.publish('notice', { title: '之后的通知' });
    await waitUntil(() => fromB.length === 4, 'tab B missed events after the hand-over', { timeout: 3000 });

    const stats = await bff.stats();
    expect(stats.open).to.equal(1);
    expect(stats.resumedFrom).to.deep.equal(['', String(first + 1)]);
    expect(fromB.map((event) => [event.type, event.id])).to.deep.equal([
      ['case', '1'],
      ['notice', '2'],
      ['case', '3'],
      ['notice', '4'],
    ]);
    expect(fromB[2]?.data).to.deep.equal({ caseNo: 'A001', state: '办结' });
  });

  it('falls back to one connection per tab without Web Locks', async () => {
    const tabsWithoutLocks = [await open(), await open()];
    const received = tabsWithoutLocks.map((tab) => {
      Object.defineProperty(tab.frame.contentWindow?.navigator, 'locks', { value: undefined });
      return record(tab, 'notice');
    });
    await waitUntil(async () => (await bff.stats()).open === 2, 'each tab should connect', { timeout: 5000 });
    await bff.publish('notice', { title: '通知' });
    await waitUntil(() => received.every((list) => list.length === 1), 'a tab missed the event', { timeout: 3000 });
    expect(tabsWithoutLocks.map((tab) => tab.runtime.getEventStream().role)).to.deep.equal(['leader', 'leader']);
  });
});
