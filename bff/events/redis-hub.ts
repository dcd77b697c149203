/**
 * The EventHub across BFF instances (architecture §3): an event published on instance A reaches
 * SSE streams on instance B. Ids come from one Redis counter, recent events sit in a capped sorted
 * set (by id) for `since()` replay, and delivery is Redis pub/sub. One Lua script allocates the id,
 * buffers and publishes, so every instance sees events in id order.
 *
 * Event data must be JSON-serialisable (it crosses the wire).
 */
import type { Redis } from 'ioredis';
import type { EventHub, EventListener, HubEvent, Replay } from './hub.js';

export interface RedisEventHubOptions {
  /** Commands (publish, since). */
  redis: Redis;
  /** A second connection: a subscribed Redis connection can run nothing but (un)subscribe commands. */
  subscriber: Redis;
  /** Key and channel prefix, default `govdock:`. */
  prefix?: string;
  /** How many recent events a reconnecting stream can catch up on. */
  bufferSize?: number;
}

export interface RedisEventHub extends EventHub {
  close(): Promise<void>;
}

/**
 * KEYS: id counter, buffer. ARGV: event JSON without id, channel, buffer size, seed id.
 * The counter is seeded from the clock (µs) when missing, like the in-process hub, so ids keep
 * growing even if Redis lost its data: a browser never holds an id "from the future".
 */
const PUBLISH_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[1], ARGV[4]) end
redis.call('INCR', KEYS[1])
-- Read back as text: Lua numbers are doubles and print ids above 1e14 in exponent form.
local id = redis.call('GET', KEYS[1])
local entry = '{"id":' .. id .. ',' .. string.sub(ARGV[1], 2)
redis.call('ZADD', KEYS[2], id, entry)
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(tonumber(ARGV[3]) + 1))
redis.call('PUBLISH', ARGV[2], entry)
return id
`;

/** KEYS: id counter, buffer. ARGV: last id. Returns { latest or false, oldest kept id or false, entries… }. */
const SINCE_SCRIPT = `
local latest = redis.call('GET', KEYS[1])
local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
local out = { latest or false, oldest[2] or false }
for _, entry in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[1], '+inf')) do
  table.insert(out, entry)
end
return out
`;

function parseEvent(json: string): HubEvent | undefined {
  try {
    const event = JSON.parse(json) as HubEvent;
    return Number.isSafeInteger(event.id) && typeof event.type === 'string' ? event : undefined;
  } catch {
    return undefined;
  }
}

export async function createRedisEventHub(options: RedisEventHubOptions): Promise<RedisEventHub> {
  const { redis, subscriber } = options;
  const prefix = options.prefix ?? 'govdock:';
  const bufferSize = Math.max(1, options.bufferSize ?? 1000);
  const idKey = `${prefix}events:id`;
  const bufferKey = `${prefix}events:buffer`;
  const channel = `${prefix}events`;
  const listeners = new Set<EventListener>();
  // Pub/sub delivers in id order; this drops duplicates after a reconnect catch-up.
  let lastDelivered = 0;

  const deliver = (event: HubEvent): void => {
    if (event.id <= lastDelivered) return;
    lastDelivered = event.id;
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch {
        // One broken stream must not stop delivery to the others.
      }
    }
  };

  async function since(lastId: number): Promise<Replay> {
    const [latestRaw, oldestRaw, ...entries] = (await redis.eval(
      SINCE_SCRIPT,
      2,
      idKey,
      bufferKey,
      String(lastId),
    )) as (string | null)[];
    const latest = latestRaw == null ? 0 : Number(latestRaw);
    const events = entries.flatMap((entry) => (entry === null ? [] : (parseEvent(entry) ?? [])));
    if (lastId >= latest) return { events: [], complete: lastId === latest };
    const oldest = oldestRaw == null ? latest + 1 : Number(oldestRaw);
    // Complete only if nothing between lastId and the oldest kept event was trimmed.
    return { events, complete: lastId + 1 >= oldest };
  }

  const onMessage = (from: string, message: string): void => {
    if (from !== channel) return;
    const event = parseEvent(message);
    if (event) deliver(event);
  };
  subscriber.on('message', onMessage);
  // ioredis re-subscribes after a reconnect; events published meanwhile come from the buffer.
  const onReady = (): void => {
    if (lastDelivered === 0) return;
    void since(lastDelivered)
      .then((replay) => replay.events.forEach(deliver))
      .catch(() => undefined);
  };
  subscriber.on('ready', onReady);
  await subscriber.subscribe(channel);

  return {
    async publish(input) {
      const body: Omit<HubEvent, 'id'> = { type: input.type, data: input.data };
      if (input.userKey !== undefined) body.userKey = input.userKey;
      const id = Number(
        await redis.eval(
          PUBLISH_SCRIPT,
          2,
          idKey,
          bufferKey,
          JSON.stringify(body),
          channel,
          String(bufferSize),
          String(Date.now() * 1000),
        ),
      );
      return { id, ...body };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    since,
    listenerCount: () => listeners.size,
    async close() {
      subscriber.off('message', onMessage);
      subscriber.off('ready', onReady);
      listeners.clear();
      await subscriber.unsubscribe(channel).catch(() => undefined);
    },
  };
}
