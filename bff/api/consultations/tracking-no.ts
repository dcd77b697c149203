/**
 * Tracking numbers (查询码) people read out on the phone: a kind prefix (ZX 咨询, TS 投诉, JY 建议), the
 * Beijing date and six characters from an alphabet without look-alikes (no 0/O, 1/I/L). Random, not
 * sequential, so one number says nothing about how many others exist; uniqueness is the table's
 * (tracking_no UNIQUE), and the submitter draws again on a collision.
 */
import { randomInt } from 'node:crypto';
import type { TicketKind } from '../contracts/consultations.js';
import { beijingDate } from './calendar.js';

const PREFIX: Record<TicketKind, string> = { consult: 'ZX', complaint: 'TS', suggestion: 'JY' };
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function newTrackingNo(kind: TicketKind, atMs: number): string {
  let tail = '';
  for (let i = 0; i < 6; i += 1) tail += ALPHABET[randomInt(ALPHABET.length)];
  return `${PREFIX[kind]}${beijingDate(atMs).replace(/-/g, '')}${tail}`;
}

/**
 * What a path segment must look like to be looked up at all (anything else is simply not found).
 * Looser than ours: tickets filed on the platform's own site carry its numbers.
 */
export const TRACKING_NO = /^[0-9A-Za-z_-]{4,32}$/;
