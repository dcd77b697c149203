/**
 * The `caseLookup` section of the config: how an anonymous visitor proves a case is theirs
 * (POST /api/v1/case-lookup, bff/api/cases/README.md) and how often anyone may try. Mounted by
 * bff/config.ts; the helpers are repeated here because config.ts imports this file.
 */
import { z } from 'zod';

const list = z.union([z.array(z.string()), z.string()]).transform((value) =>
  Array.isArray(value)
    ? value
    : value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
);
const count = z.coerce.number().int().min(1);

export const caseLookupConfigSchema = z
  .object({
    /**
     * `name_id_tail`: 申请人姓名 + the last `idTailLength` characters of the ID number.
     * `query_code`: the 查询码 the owner sees in their case detail (or a province's own code, README).
     */
    secondFactor: z.enum(['name_id_tail', 'query_code']).default('name_id_tail'),
    /** How many trailing characters of the 证件号码 are asked for. The sync hashes with the same count. */
    idTailLength: z.coerce.number().int().min(4).max(8).default(6),
    /** Attempts per client address per window (every attempt counts, right or wrong). */
    perAddressMax: count.default(20),
    perAddressWindowSeconds: count.default(600),
    /** Attempts per 办件编号 per window, from anywhere: what stops a distributed guesser. */
    perCaseMax: count.default(10),
    perCaseWindowSeconds: count.default(3600),
    /**
     * Gateways in front of the BFF (addresses or CIDR ranges). Their X-Forwarded-For is believed;
     * without this, same-origin deployments would count every visitor as the gateway.
     */
    trustedProxies: list.default([]),
  })
  .prefault({});

export type CaseLookupConfig = z.infer<typeof caseLookupConfigSchema>;

export const CASE_LOOKUP_ENVIRONMENT_KEYS: Record<string, string> = {
  CASE_LOOKUP_SECOND_FACTOR: 'caseLookup.secondFactor',
  CASE_LOOKUP_ID_TAIL_LENGTH: 'caseLookup.idTailLength',
  CASE_LOOKUP_TRUSTED_PROXIES: 'caseLookup.trustedProxies',
};
