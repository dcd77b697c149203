/**
 * Sessions in Redis (production, architecture §3): one hash per session expiring at the absolute
 * expiry, plus sets indexing session ids by (iss, sid) and (iss, sub) for back-channel logout
 * (BCL 1.0 §2.7). Every change to a session and its index entries is one Lua script (atomic).
 */
import type { Redis } from 'ioredis';
import { createSessionCodec, type SessionCodecOptions } from './codec.js';
import { COUNT_INDEXED_SCRIPT, DELETE_INDEXED_SCRIPT, DELETE_ONE_SCRIPT, SAVE_SCRIPT } from './redis-scripts.js';
import type { SessionRecord, SessionStore, SessionTokens } from './types.js';

export interface RedisSessionStoreOptions extends SessionCodecOptions {
  /** Key prefix, e.g. `govdock:` — lets several deployments share one Redis. */
  prefix?: string;
  now?: () => number;
}

type StoredRecord = Omit<SessionRecord, 'tokens'> & { tokens: SessionTokens | string };

export function createRedisSessionStore(redis: Redis, options: RedisSessionStoreOptions = {}): SessionStore {
  const codec = createSessionCodec(options);
  const prefix = options.prefix ?? 'govdock:';
  const now = options.now ?? Date.now;
  const sessionPrefix = `${prefix}session:`;
  // Issuers are URLs and sids/subjects are opaque: encode so that ':' inside them cannot collide.
  const sidKey = (issuer: string, sid: string): string =>
    `${prefix}session-by-sid:${encodeURIComponent(issuer)}:${encodeURIComponent(sid)}`;
  const subKey = (issuer: string, subject: string): string =>
    `${prefix}session-by-sub:${encodeURIComponent(issuer)}:${encodeURIComponent(subject)}`;

  const serialize = (record: SessionRecord): string => {
    const stored: StoredRecord = { ...record, tokens: codec.encode(record).tokens };
    return JSON.stringify(stored);
  };
  /** Undecryptable tokens (key changed): absent for get(), empty tokens for deletes (logout still broadcast). */
  const parse = (json: string): { record: SessionRecord; readable: boolean } => {
    const stored = JSON.parse(json) as StoredRecord;
    const tokens = codec.decodeTokens(stored.tokens, stored.id);
    return { record: { ...stored, tokens: tokens ?? { accessToken: '' } }, readable: tokens !== undefined };
  };
  // The hash TTL covers the absolute expiry; the idle expiry slides, so it is checked on read.
  const live = (record: SessionRecord): boolean => Math.min(record.idleExpiresAt, record.expiresAt) > now();

  async function save(record: SessionRecord, mode: 'create' | 'update'): Promise<void> {
    await redis.eval(
      SAVE_SCRIPT,
      3,
      sessionPrefix + record.id,
      record.sid === undefined ? '' : sidKey(record.issuer, record.sid),
      subKey(record.issuer, record.subject),
      serialize(record),
      String(record.expiresAt),
      mode,
      String(now()),
      record.id,
    );
  }

  async function deleteIndexed(indexKey: string): Promise<SessionRecord[]> {
    const json = (await redis.eval(DELETE_INDEXED_SCRIPT, 1, indexKey, sessionPrefix)) as string[];
    return json.map((each) => parse(each).record).filter(live);
  }

  return {
    create: (record) => save(record, 'create'),
    update: (record) => save(record, 'update'),
    async get(id) {
      const json = await redis.hget(sessionPrefix + id, 'record');
      if (json === null) return undefined;
      const { record, readable } = parse(json);
      return readable && live(record) ? record : undefined;
    },
    async delete(id) {
      const json = (await redis.eval(DELETE_ONE_SCRIPT, 1, sessionPrefix + id, id)) as string | null;
      if (json === null) return undefined;
      const { record } = parse(json);
      return live(record) ? record : undefined;
    },
    deleteBySid: (issuer, sid) => deleteIndexed(sidKey(issuer, sid)),
    deleteBySubject: (issuer, subject) => deleteIndexed(subKey(issuer, subject)),
    async countBySubject(issuer, subject) {
      return Number(await redis.eval(COUNT_INDEXED_SCRIPT, 1, subKey(issuer, subject), sessionPrefix, String(now())));
    },
  };
}
