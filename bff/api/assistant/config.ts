/**
 * The `assistant` section of the config: the hotline the assistant offers when it cannot answer, how
 * often one client address may ask, and how often the index checks the item library for changes.
 * Mounted by bff/config.ts. The client address is read behind the gateways listed in
 * `caseLookup.trustedProxies` (one list of gateways for the whole BFF).
 */
import { z } from 'zod';

const count = z.coerce.number().int().min(1);

export const assistantConfigSchema = z
  .object({
    /** Shown as the fallback on every answer (§6.5: 12345 answers what the assistant cannot). */
    hotline: z.string().min(3).default('12345'),
    hotlineLabel: z.string().min(1).default('12345政务服务便民热线'),
    /** Questions per client address per window; the index is cheap, jieba and the DB reads are not free. */
    perAddressMax: count.default(30),
    perAddressWindowSeconds: count.default(60),
    /**
     * At most this often a question checks whether the item library changed (count and last indexing
     * time of item_search) and rebuilds the in-memory index if so. 0: on every question (tests).
     */
    refreshSeconds: z.coerce.number().int().min(0).default(60),
  })
  .prefault({});

export type AssistantConfig = z.infer<typeof assistantConfigSchema>;

export const ASSISTANT_ENVIRONMENT_KEYS: Record<string, string> = {
  ASSISTANT_HOTLINE: 'assistant.hotline',
  ASSISTANT_PER_ADDRESS_MAX: 'assistant.perAddressMax',
  ASSISTANT_REFRESH_SECONDS: 'assistant.refreshSeconds',
};
