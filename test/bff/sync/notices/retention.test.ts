/**
 * Inbox retention (issue 9 item 4) on PGlite and PostgreSQL: notices older than the configured days
 * are deleted by the purge `npm start` runs (bff/api/me/notices-retention.ts), read or not, anyone's;
 * announcements older than the limit are not copied into inboxes, so a purged copy never comes back;
 * the settings come from the config and refuse links off the site.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { takeInAnnouncements } from '../../../../bff/api/announcements/queries.js';
import { purgeOldNotices, startNoticeRetention } from '../../../../bff/api/me/notices-retention.js';
import { ConfigError, loadConfig } from '../../../../bff/config.js';
import { pgliteLibrary, postgresLibrary, type TestLibrary } from '../support/library-targets.js';

const OWNER = { issuer: 'https://idp.example.gov.cn', subject: 'retention-user' };
const quiet = { info() {}, warn() {} };

for (const target of [pgliteLibrary, postgresLibrary()]) {
  describe(`notice retention — ${target.name}`, { skip: target.skip }, () => {
    let library: TestLibrary;
    before(async () => {
      library = await target.setup();
    });
    after(async () => {
      await library?.teardown();
    });

    const addNotice = (subject: string, title: string, daysAgo: number, read = false) =>
      library.store.query(
        `INSERT INTO notices (issuer, subject, kind, title, created_at, read_at)
         VALUES ($1, $2, 'case_progress', $3, now() - make_interval(days => $4), CASE WHEN $5 THEN now() END)`,
        [OWNER.issuer, subject, title, daysAgo, read],
      );
    const titles = async (): Promise<string[]> =>
      (
        await library.store.query<{ title: string }>('SELECT title FROM notices ORDER BY created_at DESC, title')
      ).rows.map((row) => row.title);

    test('notices older than the limit go, read or unread, for every user; younger ones stay', async () => {
      await addNotice(OWNER.subject, '一年前', 365);
      await addNotice(OWNER.subject, '七个月前已读', 200, true);
      await addNotice('someone-else', '别人的旧消息', 181);
      await addNotice(OWNER.subject, '上个月', 30);
      await addNotice('someone-else', '昨天', 1);
      assert.equal(await purgeOldNotices(library.store, 180), 3);
      assert.deepEqual(await titles(), ['昨天', '上个月']);
      assert.equal(await purgeOldNotices(library.store, 180), 0, 'nothing left to purge');
    });

    test('the job purges at start and on demand, and stops cleanly', async () => {
      await addNotice(OWNER.subject, '两个月前', 60);
      const job = startNoticeRetention({ sql: library.store, retentionDays: 45, intervalMinutes: 60, logger: quiet });
      assert.equal(await job.purgeNow(), 0, 'the start-up run already purged it');
      assert.deepEqual(await titles(), ['昨天', '上个月']);
      await job.stop();
    });

    test('announcements older than the limit are not copied in, so a purged copy stays gone', async () => {
      await library.store.query(
        `INSERT INTO announcements (title, body, published_at, source, source_row_guid)
         VALUES ('半年前的长期公告', '正文', now() - interval '200 days', 'front', 'ret-1'),
                ('十天前的公告', '正文', now() - interval '10 days', 'front', 'ret-2')`,
      );
      const options = { region: null, limit: 20, retentionDays: 180 };
      assert.equal(await takeInAnnouncements(library.store, OWNER, options), 1);
      assert.equal(await takeInAnnouncements(library.store, OWNER, options), 0, 'once');
      const { rows } = await library.store.query<{ title: string; age: number }>(
        `SELECT title, round(extract(epoch FROM now() - created_at) / 86400)::int AS age
           FROM notices WHERE kind = 'announcement'`,
      );
      assert.deepEqual(rows, [{ title: '十天前的公告', age: 10 }], 'dated at publication');
      // A shorter limit: the copy is purged, and the announcement is too old to be copied again.
      await purgeOldNotices(library.store, 5);
      assert.equal(await takeInAnnouncements(library.store, OWNER, { ...options, retentionDays: 5 }), 0);
      assert.equal((await library.store.query(`SELECT 1 FROM notices WHERE kind = 'announcement'`)).rows.length, 0);
    });
  });
}

test('the notices config: defaults, environment, and links that must stay on the site', () => {
  const defaults = loadConfig({}).notices;
  assert.equal(defaults.retentionDays, 180);
  assert.equal(defaults.caseLink, '#case={projectNo}');
  const configured = loadConfig({ NOTICE_RETENTION_DAYS: '30', NOTICE_REPLY_LINK: '/zwfw/hudong?no={trackingNo}' });
  assert.equal(configured.notices.retentionDays, 30);
  assert.equal(configured.notices.replyLink, '/zwfw/hudong?no={trackingNo}');
  assert.throws(() => loadConfig({ NOTICE_CASE_LINK: 'https://evil.example/{projectNo}' }), ConfigError);
  assert.throws(() => loadConfig({ NOTICE_CASE_LINK: '//evil.example/x' }), ConfigError);
  assert.throws(() => loadConfig({ NOTICE_RETENTION_DAYS: '0' }), ConfigError);
});
