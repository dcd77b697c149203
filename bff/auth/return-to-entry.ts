/**
 * One return_to allow-list entry as configured (auth.returnTo.allowed, sites[].returnTo): an origin
 * (`https://harbin.gov.cn`) or an origin plus a path prefix (`https://hlj.gov.cn/zwfw/`). Nothing
 * else: no wildcards, no query, no fragment. return-to.ts applies the list to requests.
 */
import { z } from 'zod';

export const returnToEntry = z
  .string()
  .url()
  .refine((value) => {
    // Refinements run even after `url` failed; that failure is already reported.
    if (!URL.canParse(value)) return true;
    const parsed = new URL(value);
    return /^https?:$/.test(parsed.protocol) && !parsed.search && !parsed.hash && !parsed.username && !parsed.password;
  }, 'must be an http(s) origin, optionally with a path prefix, without query or fragment');
