/**
 * Shared fixtures of the outbox tests: payloads built the way producers build them, and front
 * processors to deliver into — embedded PGlite always, a throw-away MariaDB database and a throw-away
 * PostgreSQL database when FRONT_MYSQL_URL / DATABASE_URL are set (always in CI).
 */
import { randomBytes } from 'node:crypto';
import { openFrontTarget, type FrontTarget } from '../../../../bff/dev/front-processor/open.js';
import {
  buildConsultationPayload,
  buildEvaluationPayload,
  type ConsultationTicketPayload,
  type HcpEvaluationPayload,
} from '../../../../bff/sync/outbox/index.js';
import { applicantKeyHash } from '../../../../bff/privacy/pii.js';

export const PII_KEY = 'test-only-pii-hash-key-0123456789abcdef';
export const ID_NUMBER = '23010219900307123X';

export function evaluationPayload(n: number, level: 1 | 2 | 3 | 4 | 5 = 5): HcpEvaluationPayload {
  return buildEvaluationPayload({
    projectNo: `11230000000000001A2230111001000202603020000${String(n).padStart(5, '0')}`,
    level,
    channel: n % 2 === 0 ? 'pc' : 'mobile',
    assessNumber: 1,
    indicatorCodes: level <= 2 ? ['501', '503'] : [],
    text: level <= 2 ? `窗口让我跑了三趟，电话13812345678一直打不通（第${n}条）` : null,
    evaluatedAt: '2026-03-02T02:15:00Z',
    evaluator: { name: '张三丰', keyHash: applicantKeyHash(ID_NUMBER, PII_KEY), type: 'natural' },
    item: {
      taskCode: '11230000000000001A2230111001000',
      taskName: '个体工商户营业执照变更登记',
      deptCreditCode: '11230000000000001A',
      deptName: '哈尔滨市市场监督管理局',
      regionCode: '230100000000',
      theme: '035',
    },
    caseStatus: 'done',
    projectType: 'promised',
    acceptedAt: '2026-02-20T09:00:00+08:00',
  });
}

export function ticketPayload(
  n: number,
  kind: 'consult' | 'complaint' | 'suggestion' = 'consult',
): ConsultationTicketPayload {
  return buildConsultationPayload({
    trackingNo: `ZX2026030200${String(n).padStart(4, '0')}`,
    kind,
    title: kind === 'complaint' ? '窗口办事效率太低' : '营业执照变更需要带什么材料',
    content: '我想把个体工商户的经营场所变更到新地址，请问需要准备哪些材料？身份证号23010219900307123X',
    item: {
      taskCode: '11230000000000001A2230111001000',
      deptCreditCode: '11230000000000001A',
      deptName: '哈尔滨市市场监督管理局',
    },
    asker: { name: '李四', keyHash: applicantKeyHash(ID_NUMBER, PII_KEY), type: 'natural' },
    contactPreference: 'site',
    contactMobileMasked: '138****5678',
    isPublic: false,
    submittedAt: new Date(Date.parse('2026-03-02T10:00:00+08:00') + n * 1000),
    promisedReplyDate: '2026-03-09',
  });
}

export interface TestFront {
  name: 'pglite' | 'mysql' | 'postgres';
  target: FrontTarget;
  /** URL for openOutboundFront (not for PGlite). */
  url?: string;
  teardown(): Promise<void>;
}

export async function embeddedFront(): Promise<TestFront> {
  const target = await openFrontTarget({ pgliteDir: 'memory://' });
  await target.ensureSchema();
  return { name: 'pglite', target, teardown: () => target.close() };
}

export async function mysqlFront(baseUrl: string): Promise<TestFront> {
  const name = `govdock_outbox_${randomBytes(5).toString('hex')}`;
  const admin = await openFrontTarget(baseUrl);
  await admin.exec(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const target = await openFrontTarget(url.toString());
  await target.ensureSchema();
  return {
    name: 'mysql',
    target,
    url: url.toString(),
    async teardown() {
      await target.close();
      await admin.exec(`DROP DATABASE IF EXISTS ${name}`);
      await admin.close();
    },
  };
}

export async function postgresFront(baseUrl: string): Promise<TestFront> {
  const name = `govdock_outbox_${randomBytes(5).toString('hex')}`;
  const admin = await openFrontTarget(baseUrl);
  await admin.exec(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const target = await openFrontTarget(url.toString());
  await target.ensureSchema();
  return {
    name: 'postgres',
    target,
    url: url.toString(),
    async teardown() {
      await target.close();
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

export async function countRows(front: FrontTarget, table: string): Promise<number> {
  const rows = await front.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(rows[0]?.n);
}
