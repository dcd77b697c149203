/**
 * Evaluation invitations on their own: a hub, a store and the listener. A case's `case-progress`
 * result event creates one invitation notice per account of its applicant and announces it to that
 * user only — once per case however often the event comes; nothing for other kinds of progress, an
 * unfinished or already rated case, an applicant without an account, or after stop().
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startEvaluationInvitations, type InvitationListener } from '../../../../bff/api/evaluations/invitations.js';
import { safeNoticeLink } from '../../../../bff/api/me/notices-routes.js';
import { userKeyOf } from '../../../../bff/auth/user-key.js';
import { createEventHub, type EventHub, type HubEvent } from '../../../../bff/events/hub.js';
import { applicantKeyHash } from '../../../../bff/privacy/pii.js';
import { migrate } from '../../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../../bff/store/store.js';
import { caseRows, writeFrontCase, type FixtureApplicant } from '../../../support/case-fixtures.js';

const KEY = 'invitation-test-key-0123456789abcdef0123';
const ISSUER = 'https://idp.example.gov.cn';
const OTHER_ISSUER = 'https://other-idp.example.gov.cn';
const zhang: FixtureApplicant = { name: '张三', type: '1', idNumber: '230102199001011234', mobile: '13800451001' };
const wang: FixtureApplicant = { name: '王五', type: '1', idNumber: '230102198502023456', mobile: '13800451002' };

describe('evaluation invitations', () => {
  let store: Store;
  let hub: EventHub;
  let listener: InvitationListener;
  const seen: HubEvent[] = [];
  const warnings: string[] = [];

  const progress = (projectNo: string, kind = 'result') =>
    hub.publish({ type: 'case-progress', data: { projectNo, kind }, userKey: userKeyOf(ISSUER, 'zs', KEY) });
  const invitations = async (projectNo: string) =>
    (
      await store.query<{
        issuer: string;
        subject: string;
        kind: string;
        title: string;
        body: string;
        link: string;
        dedup_key: string;
      }>(
        `SELECT issuer, subject, kind, title, body, link, dedup_key FROM notices WHERE dedup_key = $1 ORDER BY issuer`,
        [`evaluation-invitation:${projectNo}`],
      )
    ).rows;
  const noticeEvents = () => seen.filter((event) => event.type === 'notice');

  before(async () => {
    store = await openStore({ dataDir: 'memory://' });
    await migrate(store);
    const write = (no: string, applicant: FixtureApplicant, situation: 'approved' | 'in_review') =>
      writeFrontCase(store, caseRows({ projectNo: no, applicant, situation }), { piiHashKey: KEY, idTailLength: 6 });
    await write('INV-DONE', zhang, 'approved');
    await write('INV-RATED', zhang, 'approved');
    await write('INV-OPEN', zhang, 'in_review');
    await write('INV-NOBODY', wang, 'approved');
    // The same person signed in through two platforms: two accounts, one invitation each.
    for (const [issuer, subject] of [
      [ISSUER, 'zs'],
      [OTHER_ISSUER, 'zs-2'],
    ]) {
      await store.query(
        `INSERT INTO user_profiles (issuer, subject, user_type, id_key_hash) VALUES ($1, $2, 'natural', $3)`,
        [issuer, subject, applicantKeyHash(zhang.idNumber, KEY)],
      );
    }
    await store.query(
      `INSERT INTO evaluations (project_no, satisfaction_raw, satisfaction_scheme, satisfaction_level, evaluated_at, source)
       VALUES ('INV-RATED', '5', 'hcp-national', 5, now(), 'front')`,
    );
    hub = createEventHub({ bufferSize: 100, firstId: 1 });
    hub.subscribe((event) => seen.push(event));
    listener = startEvaluationInvitations({
      sql: store,
      hub,
      logger: { warn: (_data: unknown, message?: string) => void warnings.push(String(message)) },
      piiHashKey: KEY,
      linkTemplate: '#evaluate={projectNo}',
    });
  });
  after(async () => {
    listener?.stop();
    await store?.close();
  });

  test('a result creates one invitation per account of the applicant and tells only that user', async () => {
    await progress('INV-DONE');
    await listener.idle();
    const rows = await invitations('INV-DONE');
    assert.deepEqual(
      rows.map((row) => [row.issuer, row.subject, row.kind]),
      [
        [ISSUER, 'zs', 'evaluation_invitation'],
        [OTHER_ISSUER, 'zs-2', 'evaluation_invitation'],
      ],
    );
    assert.equal(rows[0]?.link, '#evaluate=INV-DONE');
    assert.equal(safeNoticeLink(rows[0]?.link ?? null), '#evaluate=INV-DONE', 'the inbox keeps the link');
    assert.match(rows[0]?.title ?? '', /评价/);
    assert.match(rows[0]?.body ?? '', /INV-DONE.*食品经营许可证核发/);
    const events = noticeEvents();
    assert.deepEqual(
      events.map((event) => event.userKey).sort(),
      [userKeyOf(ISSUER, 'zs', KEY), userKeyOf(OTHER_ISSUER, 'zs-2', KEY)].sort(),
    );
    const data = events[0]?.data as { kind: string; projectNo: string; link: string; read: boolean; id: string };
    assert.equal(data.kind, 'evaluation_invitation');
    assert.equal(data.projectNo, 'INV-DONE');
    assert.equal(data.read, false);
    assert.match(data.id, /^\d+$/);
  });

  test('the same result again (a replayed page, another instance) changes nothing', async () => {
    const before = noticeEvents().length;
    await Promise.all([progress('INV-DONE'), progress('INV-DONE'), progress('INV-DONE')]);
    await listener.idle();
    assert.equal((await invitations('INV-DONE')).length, 2);
    assert.equal(noticeEvents().length, before);
  });

  test('no invitation for a step, an unfinished case, a rated case or an applicant without an account', async () => {
    const before = noticeEvents().length;
    await progress('INV-OPEN', 'step');
    await progress('INV-OPEN', 'result');
    await progress('INV-DONE', 'special_procedure');
    await progress('INV-RATED');
    await progress('INV-NOBODY');
    await hub.publish({ type: 'case-progress', data: { projectNo: 'x'.repeat(80), kind: 'result' } });
    await hub.publish({ type: 'case-progress', data: null });
    await listener.idle();
    for (const no of ['INV-OPEN', 'INV-RATED', 'INV-NOBODY']) assert.deepEqual(await invitations(no), [], no);
    assert.equal(noticeEvents().length, before);
    assert.deepEqual(warnings, []);
  });

  test('after stop() events are ignored', async () => {
    listener.stop();
    await store.query("DELETE FROM evaluations WHERE project_no = 'INV-RATED'");
    await progress('INV-RATED');
    await listener.idle();
    assert.deepEqual(await invitations('INV-RATED'), []);
  });

  test('invite() on its own, for a case that is now open to rating', async () => {
    const created = await listener.invite('INV-RATED');
    assert.equal(created.length, 2);
    assert.equal(created[0]?.kind, 'evaluation_invitation');
    assert.deepEqual(await listener.invite('INV-RATED'), []);
  });
});
