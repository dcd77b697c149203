/**
 * Session store knobs (the backend is chosen by `redisUrl` in config.ts). Suggested place:
 * `auth.sessionStore` in config.ts.
 */
import { z } from 'zod';

export const sessionStoreConfigSchema = z
  .object({
    /**
     * Encrypts access/refresh/ID tokens at rest (AES-256-GCM). Must be the same on every BFF
     * instance (anchors §11.11); changing it logs everybody out (their tokens no longer decrypt).
     */
    tokenEncryptionKey: z.string().min(32, 'must be at least 32 characters').optional(),
    /** Prefix of every Redis key and channel, so deployments can share a Redis. */
    redisPrefix: z.string().min(1).default('govdock:'),
  })
  .default({ redisPrefix: 'govdock:' });

export type SessionStoreConfig = z.infer<typeof sessionStoreConfigSchema>;
