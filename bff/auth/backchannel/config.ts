/**
 * Configuration of POST /auth/backchannel-logout (OIDC platforms). Issuer, client id and jwks_uri
 * come from the `auth` section / discovery; these are only the receiver's own knobs.
 * Suggested place: `auth.backchannel` in config.ts.
 */
import { z } from 'zod';

export const backchannelConfigSchema = z
  .object({
    /** Tolerance for iat/exp against our clock; BCL 1.0 §4 has OPs use exp about 2 minutes ahead. */
    clockSkewSeconds: z.coerce.number().int().min(0).max(600).default(60),
    /** Minimum time between JWKS refetches on an unknown kid (bounds refetch floods from forged kids). */
    jwksCooldownSeconds: z.coerce.number().min(0).default(30),
  })
  .default({ clockSkewSeconds: 60, jwksCooldownSeconds: 30 });

export type BackchannelConfig = z.infer<typeof backchannelConfigSchema>;
