/**
 * The platform names the user only in user info (no ID token), so exchangeCode must already call
 * it for the subject; fetchUser, called right after in the same callback, takes the mapped user
 * from here instead of asking the platform twice. Only masked SessionUsers are held, briefly.
 */
import type { SessionUser } from '../../session-store/types.js';

const TTL_MS = 120_000;
const MAX_ENTRIES = 1_000;

interface Entry {
  subject: string;
  user: SessionUser;
  at: number;
}

export function createUserCache(now: () => number) {
  const entries = new Map<string, Entry>();
  return {
    put(accessToken: string, subject: string, user: SessionUser): void {
      // Oldest first in a Map: a burst of logins evicts the stalest, never grows without bound.
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      entries.set(accessToken, { subject, user, at: now() });
    },
    /** One use: a second fetchUser (a refresh later) asks the platform again. */
    take(accessToken: string, subject: string): SessionUser | undefined {
      const entry = entries.get(accessToken);
      entries.delete(accessToken);
      if (!entry || entry.subject !== subject || now() - entry.at > TTL_MS) return undefined;
      return entry.user;
    },
  };
}
