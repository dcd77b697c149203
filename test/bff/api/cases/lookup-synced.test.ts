/**
 * The anonymous lookup against cases that came the real way: the simulator fills a front processor
 * with generator data, the national layout syncs it (its `caseLookupHash` compute fills
 * case_acceptances.applicant_lookup_hash with the configured key), and POST /api/v1/case-lookup
 * finds a case by 申请人名称 + the last six characters of the 证件号码 typed as printed on paper —
 * for a person, a company and a demo applicant. A wrong name, a wrong tail and a missing number get
 * one identical answer; a different key finds nothing (the key is config, not the layout's).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { applicantLookupHash } from '../../../../bff/api/cases/second-factor.js';
import { createApp } from '../../../../bff/app.js';
import { loadConfig } from '../../../../bff/config.js';
import type { FrontTarget } from '../../../../bff/dev/front-processor/open.js';
import { DEMO_APPLICANTS } from '../../../../bff/dev/generator/demo-applicants.js';
import type { Simulator } from '../../../../bff/dev/simulator/simulator.js';
import { createEventHub } from '../../../../bff/events/hub.js';
import { createLogger } from '../../../../bff/observability/logger.js';
import { startServer, type RunningServer } from '../../../../bff/server.js';
import type { Store } from '../../../../bff/store/store.js';
import type { RunSummary } from '../../../../bff/sync/contracts.js';
import { syncedSimulator } from '../../sync/support/synced-simulator.js';

const KEY = 'lookup-synced-test-key-0123456789abcdef0123';
// Not the default 6: the sync must hash with the configured length, as the API checks it.
const TAIL = 8;

interface FrontAccept {
  project_no: string;
  applyer_name: string;
  applyer_type: string;
  applyer_page_code: string;
}

describe('anonymous lookup of synced generator cases (national layout)', () => {
  let store: Store;
  let front: FrontTarget;
  let simulator: Simulator;
  let server: RunningServer;
  let accepts: FrontAccept[] = [];

  async function lookup(body: unknown): Promise<{ status: number; text: string; headers: string }> {
    const response = await fetch(`${server.url}/api/v1/case-lookup`, {
      method: 'POST',
      headers: { 'X-CSRF': '1', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const headers = [...response.headers]
      .filter(([name]) => !['date', 'content-length', 'x-request-id'].includes(name))
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n');
    return { status: response.status, text: await response.text(), headers };
  }

  before(async () => {
    let runs: RunSummary[];
    ({ store, front, simulator, runs } = await syncedSimulator({
      seed: 'lookup-synced',
      cases: 40,
      piiKey: KEY,
      kinds: ['cases'],
      caseLookupIdTailLength: TAIL,
    }));
    assert.ok(
      runs.every((run) => run.status === 'succeeded'),
      JSON.stringify(runs),
    );
    accepts = await front.query<FrontAccept>(
      'SELECT project_no, applyer_name, applyer_type, applyer_page_code FROM up_pro_accept ORDER BY project_no',
    );
    const app = createApp({
      config: loadConfig({}, { piiHashKey: KEY, 'caseLookup.idTailLength': TAIL, 'caseLookup.perCaseMax': 50 }),
      store,
      logger: createLogger({ logLevel: 'silent' }),
      hub: createEventHub({ bufferSize: 10, firstId: 1 }),
      widgetsDir: '/nonexistent',
      demoDir: '/nonexistent',
    });
    server = await startServer(app, { host: '127.0.0.1', port: 0 });
  });
  after(async () => {
    await server?.close();
    await simulator?.close();
    await front?.close();
    await store?.close();
  });

  test('every synced acceptance carries the lookup hash, computed with the configured key', async () => {
    assert.ok(accepts.length >= 40, `front has ${accepts.length} acceptances`);
    const { rows } = await store.query<{ project_no: string; applicant_lookup_hash: string | null }>(
      'SELECT project_no, applicant_lookup_hash FROM case_acceptances',
    );
    assert.equal(rows.length, accepts.length);
    const byNo = new Map(rows.map((row) => [row.project_no, row.applicant_lookup_hash]));
    for (const accept of accepts) {
      assert.equal(
        byNo.get(accept.project_no),
        applicantLookupHash(accept.applyer_name, accept.applyer_page_code, TAIL, KEY),
        accept.project_no,
      );
    }
  });

  test('name + last six characters finds a person’s, a company’s and a demo applicant’s case', async () => {
    const person = accepts.find((accept) => accept.applyer_type === '1' && /X$/.test(accept.applyer_page_code));
    const anyPerson = person ?? accepts.find((accept) => accept.applyer_type === '1');
    const company = accepts.find((accept) => accept.applyer_type !== '1');
    const demo = DEMO_APPLICANTS[0];
    assert.ok(anyPerson && company && demo?.kind === 'person');
    const demoCase = accepts.find((accept) => accept.applyer_page_code === demo.idNumber);
    assert.ok(demoCase, 'the demo applicant 张三 has a case in the generator data');
    for (const accept of [anyPerson, company, demoCase]) {
      const answer = await lookup({
        projectNo: accept.project_no,
        // As a visitor types it: a space in the name, the tail in lower case.
        applicantName: `${accept.applyer_name.slice(0, 1)} ${accept.applyer_name.slice(1)}`,
        idTail: accept.applyer_page_code.slice(-TAIL).toLowerCase(),
      });
      assert.equal(answer.status, 200, `${accept.project_no}: ${answer.text}`);
      const body = JSON.parse(answer.text) as { projectNo: string };
      assert.equal(body.projectNo, accept.project_no);
      assert.ok(!answer.text.includes(accept.applyer_page_code), 'no raw ID number in the answer');
    }
  });

  test('wrong name, wrong tail, another case’s factor and a missing number get one identical answer', async () => {
    const [first, second] = accepts.filter((accept) => accept.applyer_type === '1');
    assert.ok(first && second && first.applyer_page_code.slice(-TAIL) !== second.applyer_page_code.slice(-TAIL));
    const tail = first.applyer_page_code.slice(-TAIL);
    const wrongTail = tail.replace(/.$/, (last) => (last === '0' ? '1' : '0'));
    // Differs only where the masked form shows nothing: refused only because the full hash is compared.
    const wrongHead = tail.replace(/^./, (head) => (head === '0' ? '1' : '0'));
    const attempts = {
      wrongHead: { projectNo: first.project_no, applicantName: first.applyer_name, idTail: wrongHead },
      wrongName: { projectNo: first.project_no, applicantName: `${first.applyer_name}甲`, idTail: tail },
      wrongTail: { projectNo: first.project_no, applicantName: first.applyer_name, idTail: wrongTail },
      otherCase: {
        projectNo: first.project_no,
        applicantName: second.applyer_name,
        idTail: second.applyer_page_code.slice(-TAIL),
      },
      missing: { projectNo: `${first.project_no}9`, applicantName: first.applyer_name, idTail: tail },
    };
    const answers = await Promise.all(Object.values(attempts).map((body) => lookup(body)));
    for (const [index, answer] of answers.entries()) {
      const name = Object.keys(attempts)[index];
      assert.equal(answer.status, 404, `${name}: ${answer.text}`);
      assert.equal(answer.text, answers[0]?.text, name);
      assert.equal(answer.headers, answers[0]?.headers, name);
    }
    assert.deepEqual(JSON.parse(answers[0]?.text ?? ''), {
      error: { code: 'case_lookup_failed', message: '没有查到符合条件的办件，请核对办件编号和查询信息后再试' },
    });
  });

  test('a BFF configured with another key finds nothing: the hash is keyed by config', async () => {
    const other = createApp({
      config: loadConfig({}, { piiHashKey: `${KEY}-other`, 'caseLookup.idTailLength': TAIL }),
      store,
      logger: createLogger({ logLevel: 'silent' }),
      hub: createEventHub({ bufferSize: 10, firstId: 1 }),
      widgetsDir: '/nonexistent',
      demoDir: '/nonexistent',
    });
    const otherServer = await startServer(other, { host: '127.0.0.1', port: 0 });
    try {
      const accept = accepts[0] as FrontAccept;
      const response = await fetch(`${otherServer.url}/api/v1/case-lookup`, {
        method: 'POST',
        headers: { 'X-CSRF': '1', 'content-type': 'application/json' },
        body: JSON.stringify({
          projectNo: accept.project_no,
          applicantName: accept.applyer_name,
          idTail: accept.applyer_page_code.slice(-TAIL),
        }),
      });
      assert.equal(response.status, 404);
    } finally {
      await otherServer.close();
    }
  });
});
