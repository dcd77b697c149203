/**
 * The case-tracking service over real SQL, on PGlite and on PostgreSQL (DATABASE_URL): status for
 * every situation the fixtures know, counts per tab, keyset pages, ownership by key hash (applicant
 * or 经办人, never by name), and the anonymous lookup's two second factors.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { caseLookupConfigSchema } from '../../../../bff/api/cases/config.js';
import { selectLookupCandidate } from '../../../../bff/api/cases/queries.js';
import { queryCodeFor } from '../../../../bff/api/cases/second-factor.js';
import { listMyCases, lookupCase, myCaseDetail, type CaseServiceDeps } from '../../../../bff/api/cases/service.js';
import { CASE_STATUS_LABELS } from '../../../../bff/api/cases/status.js';
import type { CaseSummary } from '../../../../bff/api/contracts/cases.js';
import { applicantKeyHash } from '../../../../bff/privacy/pii.js';
import { migrate } from '../../../../bff/store/migrate.js';
import type { Store } from '../../../../bff/store/store.js';
import {
  CASE_SITUATIONS,
  caseRows,
  writeFrontCase,
  type CaseSituation,
  type FixtureApplicant,
} from '../../../support/case-fixtures.js';
import { storeTargets, type TestDatabase } from '../../store/store-targets.js';

const KEY = 'case-service-test-key-0123456789abcdef0123';
const ALICE: FixtureApplicant = { name: '张三', type: '1', idNumber: '230102198803151234', mobile: '13800451001' };
// Same name and same first character, different person: name must never be how cases are matched.
const NAMESAKE: FixtureApplicant = { name: '张三', type: '1', idNumber: '23010319920708234X', mobile: '13900451002' };
const AGENT_ID = '230109199001013456';
const COMPANY: FixtureApplicant = {
  name: '黑龙江冰城示范科技有限公司',
  type: '2',
  idNumber: '91230109MA1DEM01XY',
  mobile: '13700451003',
  contact: { name: '赵六', idNumber: AGENT_ID, mobile: '13700451003' },
};
const aliceKeys = [applicantKeyHash(ALICE.idNumber, KEY)];
const situations = Object.keys(CASE_SITUATIONS) as CaseSituation[];
const noOf = (situation: CaseSituation) => `HLJ2026A${String(situations.indexOf(situation)).padStart(4, '0')}`;

for (const target of storeTargets()) {
  describe(`case service on ${target.name}`, { skip: target.skip }, () => {
    let db: TestDatabase | undefined;
    let store: Store;
    let deps: CaseServiceDeps;

    before(async () => {
      db = await target.setup();
      store = db.store;
      await migrate(store);
      deps = { sql: store, piiHashKey: KEY, lookup: caseLookupConfigSchema.parse({}) };
      const day = 86_400_000;
      for (const [index, situation] of situations.entries()) {
        // Distinct application days, newest last: the list shows the newest first.
        const appliedAt = Date.now() - (40 - index) * day;
        await writeFrontCase(store, caseRows({ projectNo: noOf(situation), applicant: ALICE, situation, appliedAt }), {
          piiHashKey: KEY,
          idTailLength: 6,
        });
      }
      await writeFrontCase(
        store,
        caseRows({ projectNo: 'HLJ2026B0001', applicant: NAMESAKE, situation: 'in_review' }),
        {
          piiHashKey: KEY,
          idTailLength: 6,
        },
      );
      await writeFrontCase(store, caseRows({ projectNo: 'HLJ2026C0001', applicant: COMPANY, situation: 'approved' }), {
        piiHashKey: KEY,
        idTailLength: false,
      });
    });
    after(async () => {
      await db?.teardown();
    });

    test('derives the status of every situation, with its label and needsAction', async () => {
      for (const situation of situations) {
        const detail = await myCaseDetail(deps, aliceKeys, noOf(situation));
        assert.ok(detail, situation);
        const expected = CASE_SITUATIONS[situation];
        assert.equal(detail.status, expected.status, situation);
        assert.equal(detail.needsAction, expected.needsAction, situation);
        assert.ok(detail.statusLabel.length > 0, situation);
        if (!['correction', 'returned_result'].includes(situation)) {
          assert.equal(detail.statusLabel, CASE_STATUS_LABELS[expected.status], situation);
        }
      }
    });

    test('the coarse stage is the one the case_overview view derives', async () => {
      const { rows } = await store.query<{ project_no: string; status: string }>(
        'SELECT project_no, status FROM case_overview ORDER BY project_no',
      );
      assert.equal(rows.length, situations.length + 2);
      for (const row of rows) {
        assert.equal((await selectLookupCandidate(store, row.project_no))?.row.stage, row.status, row.project_no);
      }
    });

    test('overdue only when the promise passed without a result and no special procedure runs', async () => {
      const overdue = await myCaseDetail(deps, aliceKeys, noOf('overdue'));
      assert.equal(overdue?.overdue, true);
      for (const situation of ['in_review', 'extended', 'approved'] as const) {
        assert.equal((await myCaseDetail(deps, aliceKeys, noOf(situation)))?.overdue, false, situation);
      }
    });

    test('lists my cases newest first with counts per tab, and pages by keyset without gaps', async () => {
      const first = await listMyCases(deps, aliceKeys, { filter: 'all', cursor: undefined, limit: 4 });
      const completed = situations.filter((s) =>
        ['approved', 'denied', 'not_accepted', 'withdrawn', 'returned_result', 'forwarded', 'unmapped_result'].includes(
          s,
        ),
      );
      assert.deepEqual(first.counts, {
        all: situations.length,
        inProgress: situations.length - completed.length,
        completed: completed.length,
        needsAction: 1,
      });
      const seen: CaseSummary[] = [...first.cases];
      let cursor = first.nextCursor;
      while (cursor) {
        const page = await listMyCases(deps, aliceKeys, { filter: 'all', cursor, limit: 4 });
        seen.push(...page.cases);
        cursor = page.nextCursor;
      }
      assert.deepEqual(
        seen.map((c) => c.projectNo),
        [...situations].reverse().map(noOf),
      );
    });

    test('each filter tab returns exactly its cases', async () => {
      const needs = await listMyCases(deps, aliceKeys, { filter: 'needs_action', cursor: undefined, limit: 50 });
      assert.deepEqual(
        needs.cases.map((c) => c.projectNo),
        [noOf('correction')],
      );
      const done = await listMyCases(deps, aliceKeys, { filter: 'completed', cursor: undefined, limit: 50 });
      assert.ok(done.cases.every((c) => c.completedAt !== null));
      assert.equal(done.cases.length, done.counts.completed);
      const open = await listMyCases(deps, aliceKeys, { filter: 'in_progress', cursor: undefined, limit: 50 });
      assert.ok(open.cases.every((c) => c.completedAt === null));
      assert.equal(open.cases.length, open.counts.inProgress);
    });

    test('a cursor from another tab is refused', async () => {
      const page = await listMyCases(deps, aliceKeys, { filter: 'all', cursor: undefined, limit: 2 });
      await assert.rejects(
        listMyCases(deps, aliceKeys, { filter: 'completed', cursor: page.nextCursor ?? '', limit: 2 }),
        /翻页位置无效/,
      );
    });

    test('matches by key hash only: a namesake never sees my cases, I never see theirs', async () => {
      const namesakeKeys = [applicantKeyHash(NAMESAKE.idNumber, KEY)];
      const theirs = await listMyCases(deps, namesakeKeys, { filter: 'all', cursor: undefined, limit: 50 });
      assert.deepEqual(
        theirs.cases.map((c) => c.projectNo),
        ['HLJ2026B0001'],
      );
      assert.equal(await myCaseDetail(deps, namesakeKeys, noOf('approved')), undefined);
      assert.equal(await myCaseDetail(deps, aliceKeys, 'HLJ2026B0001'), undefined);
      assert.equal(await myCaseDetail(deps, [], noOf('approved')), undefined);
      const none = await listMyCases(deps, [], { filter: 'all', cursor: undefined, limit: 50 });
      assert.equal(none.counts.all, 0);
    });

    test('the 经办人 finds the cases filed for the company; the company finds them by credit code', async () => {
      const agent = await listMyCases(deps, [applicantKeyHash(AGENT_ID, KEY)], {
        filter: 'all',
        cursor: undefined,
        limit: 50,
      });
      assert.deepEqual(
        agent.cases.map((c) => c.projectNo),
        ['HLJ2026C0001'],
      );
      const company = await myCaseDetail(deps, [applicantKeyHash(COMPANY.idNumber, KEY)], 'HLJ2026C0001');
      assert.equal(company?.status, 'approved');
      assert.equal(company?.applicantNameMasked, COMPANY.name);
      assert.equal(company?.result?.certificateName, '食品经营许可证');
      assert.equal(company?.result?.delivery, true);
    });

    test('the detail has the timeline in time order, handler roles instead of staff names, materials', async () => {
      const detail = await myCaseDetail(deps, aliceKeys, noOf('approved'));
      assert.ok(detail);
      assert.deepEqual(
        detail.timeline.map((entry) => `${entry.kind}:${entry.title}`),
        ['step:收件', 'accepted:已受理', 'step:受理', 'step:审查', 'step:决定', 'result:办结'],
      );
      const json = JSON.stringify(detail);
      for (const staff of ['陈审查', '周决定', '刘受理']) assert.ok(!json.includes(staff), staff);
      assert.ok(detail.timeline.every((entry) => entry.handlerRole === '哈尔滨市市场监督管理局'));
      assert.equal(detail.timeline.find((e) => e.kind === 'result')?.actionLabel, '准予许可（出证办结）');
      assert.deepEqual(detail.materials, [
        { name: '食品经营许可申请书', receivedCount: 1 },
        { name: '营业执照副本复印件', receivedCount: 1 },
      ]);
      assert.equal(detail.applicantNameMasked, '张*');
      assert.equal(detail.summary, '张*申请食品经营许可证核发');
      const extended = await myCaseDetail(deps, aliceKeys, noOf('extended'));
      const special = extended?.timeline.find((e) => e.kind === 'special_procedure');
      assert.equal(special?.actionLabel, '延长审批');
      assert.match(special?.opinion ?? '', /案情复杂/);
    });

    test('lookup by name + ID tail: through the stored hash, and through the masked forms when it is missing', async () => {
      const right = await lookupCase(deps, { projectNo: noOf('approved'), applicantName: '张 三', idTail: '151234' });
      assert.equal(right?.status, 'approved');
      assert.equal('materials' in (right ?? {}), false);
      assert.equal('applicantNameMasked' in (right ?? {}), false);
      // The masked forms keep the name's first character and the last four ID digits only.
      assert.equal(
        await lookupCase(deps, { projectNo: noOf('approved'), applicantName: '张四', idTail: '151234' }),
        undefined,
      );
      assert.equal(
        await lookupCase(deps, { projectNo: noOf('approved'), applicantName: '张三', idTail: '991234' }),
        undefined,
      );
      assert.equal(
        await lookupCase(deps, { projectNo: 'HLJ0000NONE', applicantName: '张三', idTail: '151234' }),
        undefined,
      );
      // No lookup hash stored for the company case: the fallback compares the full (public) name and the last four.
      const company = await lookupCase(deps, {
        projectNo: 'HLJ2026C0001',
        applicantName: COMPANY.name,
        idTail: '0001XY',
      });
      assert.equal(company?.status, 'approved');
      assert.equal(
        await lookupCase(deps, { projectNo: 'HLJ2026C0001', applicantName: '别的公司', idTail: '0001XY' }),
        undefined,
      );
    });

    test('lookup by 查询码: the derived code, typed loosely; a province-supplied code wins', async () => {
      const codeDeps = { ...deps, lookup: caseLookupConfigSchema.parse({ secondFactor: 'query_code' }) };
      const code = queryCodeFor(noOf('in_review'), KEY);
      assert.match(code, /^[2-9A-HJKMNP-Z]{8}$/);
      assert.equal(
        (await lookupCase(codeDeps, { projectNo: noOf('in_review'), queryCode: code.toLowerCase() }))?.status,
        'in_review',
      );
      assert.equal(
        await lookupCase(codeDeps, { projectNo: noOf('in_review'), queryCode: queryCodeFor(noOf('approved'), KEY) }),
        undefined,
      );
      assert.equal(
        await lookupCase(codeDeps, { projectNo: 'HLJ0000NONE', queryCode: queryCodeFor('HLJ0000NONE', KEY) }),
        undefined,
      );
      const owner = await myCaseDetail(codeDeps, aliceKeys, noOf('in_review'));
      assert.equal(owner?.queryCode, code);
      assert.equal((await myCaseDetail(deps, aliceKeys, noOf('in_review')))?.queryCode, undefined);
      await store.query(`UPDATE case_acceptances SET extra = '{"queryCode":"AB12-CD34"}' WHERE project_no = $1`, [
        noOf('accepted'),
      ]);
      assert.equal(
        (await lookupCase(codeDeps, { projectNo: noOf('accepted'), queryCode: 'ab12cd34' }))?.status,
        'accepted',
      );
      assert.equal(
        await lookupCase(codeDeps, { projectNo: noOf('accepted'), queryCode: queryCodeFor(noOf('accepted'), KEY) }),
        undefined,
      );
      assert.equal((await myCaseDetail(codeDeps, aliceKeys, noOf('accepted')))?.queryCode, 'AB12-CD34');
    });
  });
}
