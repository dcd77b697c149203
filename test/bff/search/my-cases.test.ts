/**
 * "My cases" in search through a real login (development unified-auth platform → BFF session): a
 * user sees only cases whose applicant or contact key hash is their own, anonymous callers get null,
 * and nothing personal is in the answer or cached publicly.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SearchResponse } from '../../../bff/api/contracts/items.js';
import { demoApplicantByKey, type DemoCompany, type DemoPerson } from '../../../bff/dev/generator/demo-applicants.js';
import { reindexItems } from '../../../bff/search/reindex.js';
import { writeCaseAcceptance } from '../../../bff/store/case-acceptances.js';
import { loadLibraryFixture } from '../../support/library-fixtures.js';
import { CSRF, logIn } from '../auth/support/flows.js';
import { HOST_PAGE, PII_HASH_KEY, startAuthStack, type AuthStack } from '../auth/support/stack.js';

const zhangsan = demoApplicantByKey('zhangsan') as DemoPerson;
const lisi = demoApplicantByKey('lisi') as DemoPerson;
const company = demoApplicantByKey('bingcheng') as DemoCompany;

describe('search: my cases', () => {
  let stack: AuthStack;
  let itemCode: string;
  const search = async (browser: ReturnType<AuthStack['newBrowser']>, q: string) => {
    const response = await browser.fetch(new URL(`/api/v1/search?q=${encodeURIComponent(q)}`, stack.bff.url), {
      headers: CSRF,
    });
    assert.equal(response.status, 200);
    return { response, body: (await response.json()) as SearchResponse };
  };

  before(async () => {
    stack = await startAuthStack();
    await loadLibraryFixture(stack.store, { entryCount: 120 });
    await reindexItems(stack.store);
    itemCode = (
      await stack.store.query<{ code: string }>("SELECT code FROM items WHERE name = '居民身份证申领' LIMIT 1")
    ).rows[0]?.code as string;
    const accept = (projectNo: string, idNumber: string, name: string, contact?: { idNumber: string }) =>
      writeCaseAcceptance(
        stack.store,
        {
          projectNo,
          itemCode,
          itemName: '居民身份证申领',
          applicant: { name, idNumber, idType: '111' },
          ...(contact ? { contact: { name: '代理人', idNumber: contact.idNumber, mobile: '13912345678' } } : {}),
          acceptedAt: new Date('2026-01-02T09:00:00+08:00'),
          source: 'test',
        },
        { piiHashKey: PII_HASH_KEY },
      );
    await accept('ZS-0001', zhangsan.idNumber, zhangsan.name);
    await accept('LS-0001', lisi.idNumber, lisi.name);
    // 张三 filed this one for 李四 as the contact (经办人): it is his to see too.
    await accept('LS-0002', lisi.idNumber, lisi.name, { idNumber: zhangsan.idNumber });
    await accept('BC-0001', company.creditCode, company.name);
  });
  after(() => stack.close());

  it('gives anonymous callers public results and no case group', async () => {
    const { body, response } = await search(stack.newBrowser(), '身份证');
    assert.equal(body.myCases, null);
    assert.ok(body.results.length > 0);
    assert.match(response.headers.get('Cache-Control') ?? '', /^public/);
  });

  it("shows a logged-in user their own cases (as applicant or contact) and never anyone else's", async () => {
    const browser = stack.newBrowser();
    await logIn(stack, browser, 'zhangsan', HOST_PAGE);
    const { body, response } = await search(browser, '身份证');
    assert.deepEqual(body.myCases?.map((c) => c.projectNo).sort(), ['LS-0002', 'ZS-0001']);
    assert.equal(body.myCases?.[0]?.statusLabel, '已受理');
    assert.equal(response.headers.get('Cache-Control'), 'private, no-store');
    const text = JSON.stringify(body);
    assert.ok(!text.includes(zhangsan.idNumber) && !text.includes(lisi.idNumber), 'no raw ID numbers');
    assert.doesNotMatch(text, /13912345678/);
    assert.doesNotMatch(text, /张三|李四/);
  });

  it('finds a case by its number, but only one of the caller’s own', async () => {
    const browser = stack.newBrowser();
    await logIn(stack, browser, 'lisi', HOST_PAGE);
    assert.deepEqual(
      (await search(browser, 'LS-0001')).body.myCases?.map((c) => c.projectNo),
      ['LS-0001'],
    );
    assert.deepEqual((await search(browser, 'ZS-0001')).body.myCases, []);
  });

  it('matches a company account on its 统一社会信用代码', async () => {
    const browser = stack.newBrowser();
    await logIn(stack, browser, 'bingcheng', HOST_PAGE);
    assert.deepEqual(
      (await search(browser, '身份证申领')).body.myCases?.map((c) => c.projectNo),
      ['BC-0001'],
    );
  });

  it('gives a registered user without real-name data an empty group, not someone else’s', async () => {
    const browser = stack.newBrowser();
    await logIn(stack, browser, 'weishiming', HOST_PAGE);
    assert.deepEqual((await search(browser, '身份证')).body.myCases, []);
  });
});
