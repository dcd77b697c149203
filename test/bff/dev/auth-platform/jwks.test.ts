import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateJwks, loadOrCreateJwks } from '../../../../bff/dev/auth-platform/jwks.js';

describe('development auth platform: signing keys', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'govdock-jwks-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('generates private RS256 and ES256 keys with kids', async () => {
    const jwks = await generateJwks();
    assert.deepEqual(
      jwks.keys.map((key) => key.alg),
      ['RS256', 'ES256'],
    );
    for (const key of jwks.keys) {
      assert.equal(typeof key.d, 'string');
      assert.equal(typeof key.kid, 'string');
    }
  });

  it('creates the file once (mode 0600, nested dirs) and reads it back afterwards', async () => {
    const path = join(dir, 'nested', 'jwks.json');
    const first = await loadOrCreateJwks(path);
    const second = await loadOrCreateJwks(path);
    assert.deepEqual(second, first);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
  });

  it('agrees on one key set when two starts race', async () => {
    const path = join(dir, 'race.json');
    const [a, b] = await Promise.all([loadOrCreateJwks(path), loadOrCreateJwks(path)]);
    assert.deepEqual(a, b);
  });

  it('refuses a file without private keys', async () => {
    const path = join(dir, 'public.json');
    await writeFile(path, JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-256', x: 'a', y: 'b' }] }));
    await assert.rejects(loadOrCreateJwks(path), /not a private JWKS/);
  });
});
