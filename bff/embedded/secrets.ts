/**
 * Secrets for the embedded stack. An operator sets PII_HASH_KEY (and ADMIN_TOKEN) in production;
 * `npm start` on a laptop must work without any setup, so it creates random ones once and keeps
 * them in the data directory — the keyed hashes of applicant ID numbers stay matchable across
 * restarts, and the operator page's token stays the same.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface EmbeddedSecrets {
  piiHashKey: string;
  /** Bearer token of the operator API and page (`/admin/v1/`, `/operator/`). */
  adminToken: string;
}

export function loadOrCreateEmbeddedSecrets(dataDir: string): EmbeddedSecrets {
  const path = join(dataDir, 'secrets.json');
  const stored = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Partial<EmbeddedSecrets>) : undefined;
  if (stored?.piiHashKey && stored.adminToken) return stored as EmbeddedSecrets;
  mkdirSync(dataDir, { recursive: true });
  // A data directory from before the operator token keeps its PII key: changing it would orphan
  // every applicant's cases.
  const secrets: EmbeddedSecrets = {
    piiHashKey: stored?.piiHashKey ?? randomBytes(32).toString('hex'),
    adminToken: stored?.adminToken ?? randomBytes(24).toString('base64url'),
  };
  // 0600: the key protects the matching of ID numbers; only the service user may read it.
  writeFileSync(path, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  return secrets;
}
