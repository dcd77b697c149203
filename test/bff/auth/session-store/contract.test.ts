import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { SessionRecord, SessionStore } from '../../../../bff/auth/session-store/types.js';
import { sessionTargets, type OpenedSessions } from './targets.js';

const ISSUER = 'https://ids.example.gov.cn/oidc';
const OTHER_ISSUER = 'https://ids.other.gov.cn';
const HOUR = 3_600_000;

function record(overrides: Partial<SessionRecord> = {}, at = Date.now()): SessionRecord {
  return {
    id: randomUUID(),
    issuer: ISSUER,
    subject: 'demo-natural-0001',
    sid: randomUUID(),
    user: { displayName: '张*', userType: 'natural', realNameLevel: 3, maskedId: '2301**********1234' },
    tokens: {
      accessToken: `at-${randomUUID()}`,
      refreshToken: `rt-${randomUUID()}`,
      idToken: 'h.p.s',
      expiresAt: at + HOUR,
    },
    createdAt: at,
    lastSeenAt: at,
    idleExpiresAt: at + HOUR,
    expiresAt: at + 8 * HOUR,
    ...overrides,
  };
}

const ids = (records: SessionRecord[]): string[] => records.map((each) => each.id).sort();

for (const target of sessionTargets()) {
  describe(`session store contract: ${target.name}`, { skip: target.skip }, () => {
    let opened: OpenedSessions;
    let clock: number;
    let sessions: SessionStore;
    before(async () => {
      opened = await target.setup();
    });
    after(async () => {
      await opened?.teardown();
    });
    beforeEach(() => {
      clock = Date.now();
      sessions = opened.open({ now: () => clock });
    });

    it('creates and reads a session back exactly, with and without sid', async () => {
      const withSid = record();
      const withoutSid = record({
        sid: undefined,
        user: { displayName: '冰城科技', userType: 'legal', realNameLevel: 2 },
      });
      delete withoutSid.sid;
      await sessions.create(withSid);
      await sessions.create(withoutSid);
      assert.deepEqual(await sessions.get(withSid.id), withSid);
      assert.deepEqual(await sessions.get(withoutSid.id), withoutSid);
      assert.equal(await sessions.get(randomUUID()), undefined);
    });

    it('refuses a duplicate id on create', async () => {
      const first = record();
      await sessions.create(first);
      await assert.rejects(sessions.create({ ...first, subject: 'someone-else' }));
      assert.equal((await sessions.get(first.id))?.subject, first.subject);
    });

    it('ignores sessions past their idle or absolute expiry', async () => {
      const idle = record({ idleExpiresAt: clock + 1_000 });
      const absolute = record({ expiresAt: clock + 2_000, idleExpiresAt: clock + HOUR });
      await sessions.create(idle);
      await sessions.create(absolute);
      clock += 1_500;
      assert.equal(await sessions.get(idle.id), undefined);
      assert.ok(await sessions.get(absolute.id));
      clock += 1_000;
      assert.equal(await sessions.get(absolute.id), undefined);
    });

    it('updates a session, and never brings a deleted one back', async () => {
      const session = record();
      await sessions.create(session);
      const touched = { ...session, lastSeenAt: clock + 10, idleExpiresAt: clock + 2 * HOUR };
      touched.tokens = { ...session.tokens, accessToken: 'rotated' };
      await sessions.update(touched);
      assert.deepEqual(await sessions.get(session.id), touched);

      assert.deepEqual(await sessions.delete(session.id), touched);
      assert.equal(await sessions.delete(session.id), undefined);
      await sessions.update(touched);
      assert.equal(await sessions.get(session.id), undefined);
    });

    it('deletes by (issuer, sid): only that session, only at that issuer', async () => {
      const sid = randomUUID();
      const target = record({ sid });
      const sibling = record({ subject: target.subject });
      const otherIssuer = record({ sid, issuer: OTHER_ISSUER });
      for (const each of [target, sibling, otherIssuer]) await sessions.create(each);

      assert.deepEqual(await sessions.deleteBySid(ISSUER, sid), [target]);
      assert.equal(await sessions.get(target.id), undefined);
      assert.ok(await sessions.get(sibling.id));
      assert.ok(await sessions.get(otherIssuer.id));
      assert.deepEqual(await sessions.deleteBySid(ISSUER, sid), []);
    });

    it('deletes by (issuer, subject): every session of the user, nobody else', async () => {
      const subject = `user-${randomUUID()}`;
      const mine = [record({ subject }), record({ subject }), record({ subject, sid: undefined })];
      const others = [record(), record({ subject, issuer: OTHER_ISSUER })];
      for (const each of [...mine, ...others]) await sessions.create(each);

      assert.deepEqual(ids(await sessions.deleteBySubject(ISSUER, subject)), ids(mine));
      for (const each of mine) assert.equal(await sessions.get(each.id), undefined);
      for (const each of others) assert.ok(await sessions.get(each.id));
      // The sid index of a subject-deleted session is gone too.
      assert.deepEqual(await sessions.deleteBySid(ISSUER, mine[0]?.sid as string), []);
    });

    it('moves the sid index when an update changes the sid', async () => {
      const session = record();
      await sessions.create(session);
      const renewed = { ...session, sid: randomUUID() };
      await sessions.update(renewed);
      assert.deepEqual(await sessions.deleteBySid(ISSUER, session.sid as string), []);
      assert.deepEqual(ids(await sessions.deleteBySid(ISSUER, renewed.sid)), [session.id]);
    });

    it('hands each session to exactly one of two concurrent logouts', async () => {
      const subject = `user-${randomUUID()}`;
      const mine = Array.from({ length: 10 }, () => record({ subject }));
      for (const each of mine) await sessions.create(each);
      const other = opened.open({ now: () => clock });
      const [a, b] = await Promise.all([
        sessions.deleteBySubject(ISSUER, subject),
        other.deleteBySubject(ISSUER, subject),
      ]);
      assert.deepEqual(ids([...a, ...b]), ids(mine));
    });

    it('counts the live sessions of a user, at that issuer only', async () => {
      const subject = `user-${randomUUID()}`;
      assert.equal(await sessions.countBySubject(ISSUER, subject), 0);
      const long = record({ subject });
      const idle = record({ subject, idleExpiresAt: clock + 1_000 });
      const absolute = record({ subject, expiresAt: clock + 2_000, idleExpiresAt: clock + 2_000 });
      const others = [record(), record({ subject, issuer: OTHER_ISSUER })];
      for (const each of [long, idle, absolute, ...others]) await sessions.create(each);
      assert.equal(await sessions.countBySubject(ISSUER, subject), 3);
      // Another instance sees the same count.
      assert.equal(await opened.open({ now: () => clock }).countBySubject(ISSUER, subject), 3);
      clock += 1_500;
      assert.equal(await sessions.countBySubject(ISSUER, subject), 2, 'idle-expired not counted');
      clock += 1_000;
      assert.equal(await sessions.countBySubject(ISSUER, subject), 1, 'absolute-expired not counted');
      await sessions.delete(long.id);
      assert.equal(await sessions.countBySubject(ISSUER, subject), 0);
      assert.equal(await sessions.countBySubject(OTHER_ISSUER, subject), 1);
    });

    it('encrypts tokens at rest when a key is configured', async () => {
      const key = 'k'.repeat(40);
      const encrypted = opened.open({ now: () => clock, tokenEncryptionKey: key });
      const session = record();
      await encrypted.create(session);
      assert.deepEqual(await encrypted.get(session.id), session);
      assert.equal(await opened.rawContains(session.tokens.accessToken), false);
      assert.equal(await opened.rawContains(session.tokens.refreshToken as string), false);
      // Another key (rotated without care): the session is unusable, yet a logout still finds it.
      const rekeyed = opened.open({ now: () => clock, tokenEncryptionKey: 'x'.repeat(40) });
      assert.equal(await rekeyed.get(session.id), undefined);
      assert.deepEqual(
        (await rekeyed.deleteBySid(session.issuer, session.sid as string)).map((each) => [each.id, each.tokens]),
        [[session.id, { accessToken: '' }]],
      );

      const plain = record();
      await sessions.create(plain);
      assert.equal(await opened.rawContains(plain.tokens.accessToken), true);
    });
  });
}
