/**
 * Signed requests (Zhejiang and other gateways): appKey + timestamp + a digest over the parts
 * named in the profile. The secret goes into the digest only, never onto the wire.
 */
import { createHash, createHmac } from 'node:crypto';
import type { SigningProfile } from './profile-schema.js';

const two = (value: number): string => String(value).padStart(2, '0');

export function formatTimestamp(
  now: number,
  format: SigningProfile['timestampFormat'],
  utcOffsetMinutes: number,
): string {
  if (format === 'epoch-ms') return String(now);
  if (format === 'epoch-s') return String(Math.floor(now / 1000));
  // The platform's wall clock, not ours: shift, then read the UTC fields.
  const local = new Date(now + utcOffsetMinutes * 60_000);
  return (
    String(local.getUTCFullYear()) +
    two(local.getUTCMonth() + 1) +
    two(local.getUTCDate()) +
    two(local.getUTCHours()) +
    two(local.getUTCMinutes()) +
    two(local.getUTCSeconds())
  );
}

export function computeSignature(signing: SigningProfile, appKey: string, secret: string, timestamp: string): string {
  const parts = { appKey, secret, timestamp };
  const message = signing.order.map((part) => parts[part]).join('');
  const digest =
    signing.algorithm === 'md5'
      ? createHash('md5').update(message, 'utf8').digest('hex')
      : createHmac('sha256', secret).update(message, 'utf8').digest('hex');
  return signing.hexCase === 'upper' ? digest.toUpperCase() : digest;
}

/** The three parameters every signed call adds. */
export function signedParams(
  signing: SigningProfile,
  appKey: string,
  secret: string,
  now: number,
): Record<string, string> {
  const timestamp = formatTimestamp(now, signing.timestampFormat, signing.utcOffsetMinutes);
  return {
    [signing.appKeyParam]: appKey,
    [signing.timestampParam]: timestamp,
    [signing.signParam]: computeSignature(signing, appKey, secret, timestamp),
  };
}
