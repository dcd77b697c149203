/**
 * The event hub: what the BFF tells open widgets (logout, case progress, replies, notices).
 * In-process here; a Redis-backed hub (scale-out, architecture §3) implements the same small
 * interface — hence async `publish` and `since`: with Redis the id comes from INCR and the
 * replay buffer lives there.
 */

export interface EventInput {
  type: string;
  data: unknown;
  /**
   * Whose event this is (a session/user index key). Set: only streams of that user receive it.
   * Unset: a broadcast every stream receives.
   */
  userKey?: string;
}

export interface HubEvent extends EventInput {
  /** Strictly increasing across the hub's life: the SSE `id`, and what `Last-Event-ID` names. */
  id: number;
}

export interface Replay {
  events: HubEvent[];
  /**
   * False when events after `lastId` may be missing: they fell out of the buffer, or `lastId`
   * came from an earlier process. The client should then re-fetch state (session, case list).
   */
  complete: boolean;
}

export type EventListener = (event: HubEvent) => void;

export interface EventHub {
  publish(event: EventInput): Promise<HubEvent>;
  /** Live events from now on; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
  /** Buffered events with an id greater than `lastId`, oldest first. */
  since(lastId: number): Promise<Replay>;
  /** Open subscriptions (tests, metrics). */
  listenerCount(): number;
}

export interface EventHubOptions {
  /** How many recent events a reconnecting stream can catch up on. */
  bufferSize?: number;
  /**
   * The first id. Defaults to the current time in microseconds so that ids keep growing across
   * restarts: a browser reconnecting after a restart never holds an id "from the future".
   */
  firstId?: number;
}

export function createEventHub(options: EventHubOptions = {}): EventHub {
  const bufferSize = Math.max(1, options.bufferSize ?? 1000);
  const startId = options.firstId ?? Date.now() * 1000;
  let nextId = startId;
  // Ring buffer: `buffer[(id - startId) % size]`; the oldest kept id is nextId - count.
  const buffer: (HubEvent | undefined)[] = new Array<HubEvent | undefined>(bufferSize);
  let count = 0;
  const listeners = new Set<EventListener>();

  return {
    async publish(input) {
      const event: HubEvent = { id: nextId, type: input.type, data: input.data };
      if (input.userKey !== undefined) event.userKey = input.userKey;
      buffer[(nextId - startId) % bufferSize] = event;
      nextId += 1;
      count = Math.min(count + 1, bufferSize);
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch {
          // One broken stream must not stop delivery to the others.
        }
      }
      return event;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async since(lastId) {
      const latest = nextId - 1;
      const oldest = nextId - count;
      // An id above ours comes from another process (a restart, or another instance without Redis).
      if (lastId >= latest) return { events: [], complete: lastId === latest };
      const from = Math.max(lastId + 1, oldest);
      const events: HubEvent[] = [];
      for (let id = from; id <= latest; id += 1) {
        const event = buffer[(id - startId) % bufferSize];
        if (event) events.push(event);
      }
      // Complete only if nothing between lastId and the oldest kept event was dropped.
      return { events, complete: lastId + 1 >= oldest };
    },
    listenerCount: () => listeners.size,
  };
}
