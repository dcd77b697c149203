/**
 * Chooses the event hub (architecture §3): Redis pub/sub when `redisUrl` is configured, so logout
 * and other events reach SSE streams on every BFF instance; the in-process hub otherwise.
 */
import { Redis } from 'ioredis';
import { createEventHub, type EventHub } from './hub.js';
import { createRedisEventHub } from './redis-hub.js';

export interface OpenEventHubOptions {
  redisUrl?: string;
  /** Redis key and channel prefix (default `govdock:`). */
  redisPrefix?: string;
  bufferSize?: number;
}

export interface ClosableEventHub extends EventHub {
  close(): Promise<void>;
}

export async function openEventHub(options: OpenEventHubOptions = {}): Promise<ClosableEventHub> {
  if (!options.redisUrl) {
    const hub = createEventHub(options.bufferSize === undefined ? {} : { bufferSize: options.bufferSize });
    return { ...hub, close: async () => undefined };
  }
  // Fail at start-up when Redis is unreachable rather than losing the first logout broadcast.
  const redis = new Redis(options.redisUrl, { lazyConnect: true });
  const subscriber = new Redis(options.redisUrl, { lazyConnect: true });
  await Promise.all([redis.connect(), subscriber.connect()]);
  const hub = await createRedisEventHub({
    redis,
    subscriber,
    prefix: options.redisPrefix ?? 'govdock:',
    ...(options.bufferSize === undefined ? {} : { bufferSize: options.bufferSize }),
  });
  return {
    ...hub,
    async close() {
      await hub.close();
      await Promise.all([redis.quit(), subscriber.quit()]);
    },
  };
}
