import { resolveBffBase } from './bff-client.js';
import { shared } from './global.js';
import { broadcast, hasTabGroup, onBroadcast } from './tab-group.js';

/** `data` is the event's payload; `id` its SSE id (the previous id for id-less events such as resync). */
export type StreamListener<T = unknown> = (data: T, id: string) => void;

export interface EventStream {
  /** Starts the stream on first use; returns the unsubscribe function. */
  subscribe<T = unknown>(type: string, listener: StreamListener<T>): () => void;
  /** `leader` holds the tab group's one EventSource; `follower` gets events relayed from it. */
  readonly role: 'idle' | 'follower' | 'leader';
}

/**
 * The BFF's SSE stream (`GET /events`), one connection per tab group: the page holding the Web Lock
 * opens the EventSource and relays every event over the tab-group channel. When that page goes, the
 * lock passes to a waiting page, which resumes after the last id it saw. Without Web Locks (plain
 * HTTP pages: it needs a secure context) or BroadcastChannel every page opens its own connection.
 *
 * Wire format (bff/events/routes.ts): unnamed messages whose data is `{ "type", "data" }`, so one
 * `onmessage` sees every type and the leader needs no list of what the other pages want.
 */
export function createEventStream(): EventStream {
  const listeners = new Map<string, Set<StreamListener>>();
  let role: EventStream['role'] = 'idle';
  let relay = false;
  let lastId = '';

  const deliver = (type: string, data: unknown, id: string): void => {
    // Ids only grow; a late relay or an overlapping replay must not hand a page an older event again.
    // (Equal is fine: an id-less event such as resync carries the previous id.)
    if (lastId && Number(id) < Number(lastId)) return;
    lastId = id || lastId;
    listeners.get(type)?.forEach((listener) => listener(data, id));
  };

  const open = (): void => {
    // A new EventSource cannot send Last-Event-ID, so the resume point goes in the query; the BFF
    // prefers the header the browser's own reconnects send.
    const query = lastId ? `?last_event_id=${encodeURIComponent(lastId)}` : '';
    const source = new EventSource(`${resolveBffBase()}/events${query}`, { withCredentials: true });
    source.onmessage = ({ data, lastEventId }: MessageEvent<string>) => {
      let event: { type?: unknown; data?: unknown };
      try {
        event = JSON.parse(data) as typeof event;
      } catch {
        return;
      }
      if (typeof event.type !== 'string') return;
      if (relay) broadcast('sse', { type: event.type, data: event.data, id: lastEventId });
      deliver(event.type, event.data, lastEventId);
    };
    // EventSource retries network failures itself; an HTTP error closes it for good, so retry later.
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) setTimeout(open, 30000);
    };
  };

  const lead = (): void => {
    role = 'leader';
    open();
  };

  const start = (): void => {
    if (role !== 'idle') return;
    role = 'follower';
    const locks = navigator.locks as LockManager | undefined;
    if (!locks || !hasTabGroup()) return lead();
    relay = true;
    onBroadcast('sse', (m) => deliver(m.type as string, m.data, m.id as string));
    // The callback's promise never settles: the lock is held while this page lives.
    void locks.request(`govdock-sse-leader ${resolveBffBase()}`, () => new Promise<never>(lead));
  };

  return {
    get role() {
      return role;
    },
    subscribe<T>(type: string, listener: StreamListener<T>) {
      start();
      const set = listeners.get(type) ?? new Set();
      listeners.set(type, set.add(listener as StreamListener));
      return () => void set.delete(listener as StreamListener);
    },
  };
}

export function getEventStream(): EventStream {
  return shared('events', createEventStream);
}
