import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEventHub, type HubEvent } from '../../../bff/events/hub.js';

describe('event hub', () => {
  it('gives events strictly increasing numeric ids', async () => {
    const hub = createEventHub();
    const first = await hub.publish({ type: 'notice', data: 1 });
    const second = await hub.publish({ type: 'notice', data: 2 });
    assert.equal(typeof first.id, 'number');
    assert.ok(second.id > first.id);
  });

  it('starts ids above those of an earlier process (time-based first id)', async () => {
    const earlier = createEventHub({ firstId: 1 });
    const old = await earlier.publish({ type: 'x', data: null });
    const fresh = await createEventHub().publish({ type: 'x', data: null });
    assert.ok(fresh.id > old.id);
  });

  it('delivers to subscribers until they unsubscribe', async () => {
    const hub = createEventHub();
    const seen: HubEvent[] = [];
    const unsubscribe = hub.subscribe((event) => seen.push(event));
    assert.equal(hub.listenerCount(), 1);
    await hub.publish({ type: 'case-progress', data: { caseNo: 'A1' }, userKey: 'u1' });
    unsubscribe();
    await hub.publish({ type: 'case-progress', data: { caseNo: 'A2' } });
    assert.equal(hub.listenerCount(), 0);
    assert.deepEqual(
      seen.map((event) => [event.type, event.data, event.userKey]),
      [['case-progress', { caseNo: 'A1' }, 'u1']],
    );
  });

  it('keeps delivering when one listener throws', async () => {
    const hub = createEventHub();
    let delivered = 0;
    hub.subscribe(() => {
      throw new Error('broken stream');
    });
    hub.subscribe(() => (delivered += 1));
    await hub.publish({ type: 'x', data: null });
    assert.equal(delivered, 1);
  });

  it('replays buffered events after an id, oldest first', async () => {
    const hub = createEventHub({ bufferSize: 10, firstId: 1 });
    for (let n = 1; n <= 5; n += 1) await hub.publish({ type: 'n', data: n });
    const replay = await hub.since(2);
    assert.deepEqual(
      replay.events.map((event) => event.id),
      [3, 4, 5],
    );
    assert.equal(replay.complete, true);
    assert.deepEqual(await hub.since(5), { events: [], complete: true });
  });

  it('says a replay is incomplete once the ring buffer has overwritten the gap', async () => {
    const hub = createEventHub({ bufferSize: 3, firstId: 1 });
    for (let n = 1; n <= 6; n += 1) await hub.publish({ type: 'n', data: n });
    const replay = await hub.since(1);
    assert.deepEqual(
      replay.events.map((event) => event.data),
      [4, 5, 6],
    );
    assert.equal(replay.complete, false);
    assert.equal((await hub.since(3)).complete, true);
  });

  it('says a replay is incomplete for an id this hub never issued', async () => {
    const hub = createEventHub({ firstId: 100 });
    await hub.publish({ type: 'n', data: 1 });
    assert.equal((await hub.since(5000)).complete, false);
    assert.equal((await hub.since(7)).complete, false);
  });
});
