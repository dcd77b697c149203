/**
 * The operator token: compared in constant time, named in audit rows by a fingerprint that is not
 * the token, and generated once into the data directory by `npm start` — without touching the PII
 * key of a data directory created before the token existed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { adminTokenFingerprint, adminTokenMatches } from '../../../bff/admin/admin-token.js';
import { loadConfig } from '../../../bff/config.js';
import { loadOrCreateEmbeddedSecrets } from '../../../bff/embedded/secrets.js';

describe('operator token', () => {
  it('matches only the exact token', () => {
    const token = 'a'.repeat(40);
    assert.equal(adminTokenMatches(token, token), true);
    for (const other of ['', 'a', 'a'.repeat(39), 'a'.repeat(41), `${'a'.repeat(39)}b`]) {
      assert.equal(adminTokenMatches(token, other), false, other);
    }
  });

  it('has a short fingerprint that does not reveal it', () => {
    const fingerprint = adminTokenFingerprint('operator-token-0123456789abcdef0123456789');
    assert.match(fingerprint, /^[0-9a-f]{8}$/);
    assert.ok(!'operator-token-0123456789abcdef0123456789'.includes(fingerprint));
    assert.notEqual(fingerprint, adminTokenFingerprint('operator-token-0123456789abcdef012345678X'));
  });

  it('is read from ADMIN_TOKEN and must be long enough', () => {
    assert.equal(loadConfig({ ADMIN_TOKEN: 'x'.repeat(32) }).adminToken, 'x'.repeat(32));
    assert.throws(
      () => loadConfig({ ADMIN_TOKEN: 'short' }),
      /adminToken \(ADMIN_TOKEN\): must be at least 32 characters/,
    );
    assert.equal(loadConfig({}).adminToken, undefined);
  });

  it('is generated once into the data directory, keeping an existing PII key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'govdock-secrets-'));
    try {
      writeFileSync(join(dir, 'secrets.json'), JSON.stringify({ piiHashKey: 'k'.repeat(64) }), { mode: 0o600 });
      const first = loadOrCreateEmbeddedSecrets(dir);
      assert.equal(first.piiHashKey, 'k'.repeat(64));
      assert.match(first.adminToken, /^[A-Za-z0-9_-]{32}$/);
      assert.deepEqual(loadOrCreateEmbeddedSecrets(dir), first, 'stable across restarts');
      assert.deepEqual(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')), first);
      assert.equal(statSync(join(dir, 'secrets.json')).mode & 0o077, 0, 'readable by the service user only');
      const fresh = mkdtempSync(join(tmpdir(), 'govdock-secrets-'));
      try {
        const created = loadOrCreateEmbeddedSecrets(fresh);
        assert.match(created.piiHashKey, /^[0-9a-f]{64}$/);
        assert.notEqual(created.adminToken, first.adminToken);
      } finally {
        rmSync(fresh, { recursive: true, force: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
