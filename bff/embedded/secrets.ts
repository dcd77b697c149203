/**
 * Secrets for the embedded stack. An operator sets PII_HASH_KEY in production; `npm start` on a
 * laptop must work without any setup, so it creates a random key once and keeps it in the data
 * directory — the keyed hashes of applicant ID numbers stay matchable across restarts.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface EmbeddedSecrets {
  piiHashKey: string;
}

export function loadOrCreateEmbeddedSecrets(dataDir: string): EmbeddedSecrets {
  const path = join(dataDir, 'secrets.json');
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as EmbeddedSecrets;
  mkdirSync(dataDir, { recursive: true });
  const secrets: EmbeddedSecrets = { piiHashKey: randomBytes(32).toString('hex') };
  // 0600: the key protects the matching of ID numbers; only the service user may read it.
  writeFileSync(path, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  return secrets;
}
