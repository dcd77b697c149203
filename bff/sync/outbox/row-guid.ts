/**
 * The outbound row's row_guid, derived from the outbox dedup key: the same fact always lands on the
 * same row_guid, so a row re-sent after a crash hits the primary key and is applied once. The simulated
 * agency answers under this guid too (up_evaluate_record), which is how an inbound 整改 finds the
 * evaluation it belongs to.
 */
import { createHash } from 'node:crypto';

/** UUID-shaped (version nibble 5, RFC 4122 variant) SHA-256 of the key: stable across processes and releases. */
export function outboundRowGuid(dedupKey: string): string {
  const hex = createHash('sha256').update(`govdock-outbox:${dedupKey}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
