/**
 * Human tickets through the real BFF with real sessions, on PGlite and on PostgreSQL (DATABASE_URL):
 * anonymous callers refused in Chinese; the form options; Chinese messages per field; a complaint
 * linked to my case, an item and my 差评, with an attachment, written with exactly one outbox message
 * in the same transaction; XSS attempts stored and answered as the same literal text, never as HTML;
 * attachments whose declared type lies refused, oversize refused, names cleaned, downloads as
 * attachments with nosniff; someone else's ticket, case, 差评 and file answered 404 exactly like
 * missing ones; a double submit and the same text again give the same ticket; the limit per user;
 * stale uploads purged; `?mine=1` still served; and no raw ID number or mobile in any response or log.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { AttachmentRef, TicketDetail, TicketFormOptions } from '../../../../bff/api/contracts/consultations.js';
import { addWorkingDays } from '../../../../bff/api/consultations/calendar.js';
import { DEMO_APPLICANTS, type DemoPerson } from '../../../../bff/dev/generator/demo-applicants.js';
import { outboundRowGuid } from '../../../../bff/sync/outbox/row-guid.js';
import { caseRows, writeFrontCase, type FixtureApplicant } from '../../../support/case-fixtures.js';
import { loadLibraryFixture } from '../../../support/library-fixtures.js';
import type { AuthTestBrowser } from '../../auth/support/browser.js';
import { logIn } from '../../auth/support/flows.js';
import { storeTargets, type TestDatabase } from '../../store/store-targets.js';
import { rawPiiIn } from '../cases/support/pii-scan.js';
import {
  FILES,
  form,
  PII_HASH_KEY,
  startTicketStack,
  type CallResult,
  type TicketStack,
} from './support/ticket-stack.js';

const zhangsan = DEMO_APPLICANTS.find((a) => a.key === 'zhangsan') as DemoPerson;
const lisi = DEMO_APPLICANTS.find((a) => a.key === 'lisi') as DemoPerson;
const person = (p: DemoPerson): FixtureApplicant => ({
  name: p.name,
  type: '1',
  idNumber: p.idNumber,
  mobile: p.mobile,
});
/** Typed into a ticket by its author: must be masked before it is stored, answered or logged. */
const TYPED_ID = '230102197001011236';
const TYPED_MOBILE = '13612345678';
const KNOWN_PII = [zhangsan.idNumber, zhangsan.mobile, lisi.idNumber, lisi.mobile, TYPED_ID, TYPED_MOBILE];

/** Enough for zhangsan's tickets in this file; the limit test goes over it with lisi. */
const SUBMIT_MAX = 25;
const MAX_BYTES = 64 * 1024;
const TRACKING = /^(ZX|TS|JY)\d{8}[2-9A-HJKMNP-Z]{6}$/;
const CHINESE = /[\u4e00-\u9fff]/;

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

for (const target of storeTargets()) {
  describe(`ticket API on ${target.name}`, { skip: target.skip }, () => {
    let db: TestDatabase | undefined;
    let stack: TicketStack;
    let zs: AuthTestBrowser;
    let ls: AuthTestBrowser;
    let anonymous: AuthTestBrowser;
    let itemCode: string;
    const responses: CallResult[] = [];

    const call = async (browser: AuthTestBrowser, path: string, init?: RequestInit) => {
      const result = await stack.call(browser, path, init);
      responses.push(result);
      return result;
    };
    const submit = (browser: AuthTestBrowser, body: Record<string, unknown>) =>
      call(browser, '/api/v1/consultations', {
        method: 'POST',
        body: JSON.stringify({ kind: 'consult', contactPreference: 'site', clientToken: randomUUID(), ...body }),
      });
    const upload = (browser: AuthTestBrowser, bytes: Uint8Array, name: string, type: string) =>
      call(browser, '/api/v1/consultations/attachments', { method: 'POST', body: form(bytes, name, type) });
    const count = async (from: string, params: unknown[] = []) =>
      (await stack.store.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${from}`, params)).rows[0]?.n;
    const rate = async (browser: AuthTestBrowser, projectNo: string, level: number) => {
      const result = await call(browser, '/api/v1/evaluations', {
        method: 'POST',
        body: JSON.stringify({
          projectNo,
          level,
          indicatorCodes: [],
          text: level <= 2 ? '窗口让我来回跑了三趟' : null,
          idempotencyKey: randomUUID(),
        }),
      });
      assert.equal(result.status, 201, result.text);
      return (result.json as { id: string }).id;
    };

    let zsBad: string;
    let zsGood: string;
    let lsBad: string;

    before(async () => {
      db = await target.setup();
      stack = await startTicketStack(db.store, {
        'consultations.submitMax': SUBMIT_MAX,
        'consultations.maxAttachmentBytes': MAX_BYTES,
        'consultations.maxAttachments': 3,
        'consultations.replyDays.complaint': 7,
      });
      itemCode = (await loadLibraryFixture(stack.store, { entryCount: 2 })).codes[0] as string;
      for (const [no, who] of [
        ['ZS-TK-1', zhangsan],
        ['ZS-TK-2', zhangsan],
        ['LS-TK-1', lisi],
      ] as const) {
        await writeFrontCase(stack.store, caseRows({ projectNo: no, applicant: person(who), situation: 'approved' }), {
          piiHashKey: PII_HASH_KEY,
          idTailLength: 6,
        });
      }
      zs = stack.newBrowser();
      ls = stack.newBrowser();
      anonymous = stack.newBrowser();
      await logIn(stack, zs, 'zhangsan');
      await logIn(stack, ls, 'lisi');
      zsBad = await rate(zs, 'ZS-TK-1', 1);
      zsGood = await rate(zs, 'ZS-TK-2', 5);
      lsBad = await rate(ls, 'LS-TK-1', 2);
    });
    after(async () => {
      await stack?.close();
      await db?.teardown();
    });

    test('anonymous callers get 401 in Chinese; the form options are public', async () => {
      for (const [path, init] of [
        ['/api/v1/consultations', { method: 'POST', body: '{}' }],
        ['/api/v1/consultations/attachments', { method: 'POST', body: form(FILES.png, 'a.png', 'image/png') }],
        ['/api/v1/consultations/ZX20260101ABCDEF', undefined],
        ['/api/v1/consultations/ZX20260101ABCDEF/attachments/00000000-0000-4000-8000-000000000000', undefined],
        ['/api/v1/consultations?mine=1', undefined],
      ] as const) {
        const result = await call(anonymous, path, init);
        assert.equal(result.status, 401, path);
        const body = result.json as ErrorBody;
        assert.equal(body.error.code, 'unauthenticated');
        assert.match(body.error.message, CHINESE);
      }
      const options = await call(anonymous, '/api/v1/consultations/options');
      assert.equal(options.status, 200);
      const value = options.json as TicketFormOptions;
      assert.deepEqual(
        value.kinds.map((k) => [k.value, k.label]),
        [
          ['consult', '咨询'],
          ['complaint', '投诉'],
          ['suggestion', '建议'],
        ],
      );
      assert.deepEqual(
        value.contactPreferences.map((k) => k.value),
        ['site', 'sms', 'phone'],
      );
      assert.equal(value.titleMaxLength, 50);
      assert.equal(value.contentMaxLength, 2000);
      assert.equal(value.maxAttachments, 3);
      assert.equal(value.maxAttachmentBytes, MAX_BYTES);
      assert.deepEqual(value.acceptedTypes, ['image/png', 'image/jpeg', 'application/pdf']);
      assert.deepEqual(value.replyDays, { consult: 5, complaint: 7, suggestion: 15 });
    });

    test('validation answers per field in Chinese and never echoes a value', async () => {
      const empty = await call(zs, '/api/v1/consultations', { method: 'POST', body: '{}' });
      assert.equal(empty.status, 400);
      const fields = (empty.json as ErrorBody).error.fields ?? {};
      assert.deepEqual(Object.keys(fields).sort(), ['clientToken', 'contactPreference', 'content', 'kind', 'title']);
      for (const message of Object.values(fields)) assert.match(message, CHINESE);
      assert.equal((empty.json as ErrorBody).error.code, 'invalid_ticket');

      const cases: [Record<string, unknown>, string, RegExp][] = [
        [{ title: '问', content: '内容足够长了吗' }, 'title', /标题至少 2 个字/],
        [{ title: '长'.repeat(51), content: '内容足够长了吗' }, 'title', /标题不能超过 50 个字/],
        [{ title: '标题', content: '太短' }, 'content', /内容至少 5 个字/],
        [{ title: '标题', content: '多'.repeat(2001) }, 'content', /内容不能超过 2000 个字/],
        [{ title: '标题', content: '内容足够长了吗', kind: 'praise' }, 'kind', /请选择类型/],
        [{ title: '标题', content: '内容足够长了吗', contactPreference: 'fax' }, 'contactPreference', /答复方式/],
        [{ title: '标题', content: '内容足够长了吗', deptCode: 'not-a-code' }, 'deptCode', /统一社会信用代码/],
        [{ title: '标题', content: '内容足够长了吗', evaluationId: zsBad }, 'evaluationId', /只有“投诉”/],
        [{ title: '标题', content: '内容足够长了吗', attachmentIds: ['x'] }, 'attachmentIds', /附件/],
        [{ title: '标题', content: '内容足够长了吗', clientToken: 'short' }, 'clientToken', /提交标识/],
        [{ title: '标题', content: '内容足够长了吗', itemCode: 'NO-SUCH-ITEM' }, 'itemCode', /未找到该事项/],
        [
          { title: '标题', content: '内容足够长了吗', kind: 'complaint', evaluationId: zsGood },
          'evaluationId',
          /只有差评/,
        ],
      ];
      for (const [body, field, message] of cases) {
        const result = await submit(zs, body);
        assert.equal(result.status, 400, `${field}: ${result.text}`);
        const error = (result.json as ErrorBody).error;
        assert.match(error.fields?.[field] ?? '', message, field);
        assert.match(error.message, CHINESE);
      }
      // 2 and 50 characters (counted as characters, not UTF-16 units) pass.
      const edge = await submit(zs, { title: '𠀀问', content: '五个字正好' });
      assert.equal(edge.status, 201, edge.text);
    });

    let complaint: TicketDetail;
    let pngRef: AttachmentRef;

    test('a complaint about my case and my 差评, with a file: one ticket, one outbox message', async () => {
      const uploaded = await upload(zs, FILES.png, '../../证件照片\u202Egnp.exe.png', 'image/png');
      assert.equal(uploaded.status, 201, uploaded.text);
      pngRef = uploaded.json as AttachmentRef;
      assert.equal(pngRef.type, 'image/png');
      assert.equal(pngRef.size, FILES.png.length);
      assert.equal(pngRef.name, '证件照片gnp.exe.png');

      const before = Date.now();
      const result = await submit(zs, {
        kind: 'complaint',
        title: '窗口办理态度问题',
        content: '窗口工作人员让我来回跑了三趟，材料要求前后说法不一。',
        projectNo: 'ZS-TK-1',
        itemCode,
        evaluationId: zsBad,
        attachmentIds: [pngRef.id],
        contactPreference: 'sms',
        isPublic: true,
      });
      assert.equal(result.status, 201, result.text);
      assert.match(result.headers.get('content-type') ?? '', /^application\/json/);
      assert.equal(result.headers.get('cache-control'), 'private, no-store');
      complaint = result.json as TicketDetail;
      assert.match(complaint.trackingNo, TRACKING);
      assert.ok(complaint.trackingNo.startsWith('TS'));
      assert.equal(complaint.kind, 'complaint');
      assert.equal(complaint.kindLabel, '投诉');
      assert.equal(complaint.status, 'submitted');
      assert.equal(complaint.statusLabel, '已提交，等待受理');
      assert.equal(complaint.projectNo, 'ZS-TK-1');
      assert.equal(complaint.itemCode, itemCode);
      assert.ok(complaint.itemName);
      assert.ok(complaint.deptName);
      assert.equal(complaint.contactPreference, 'sms');
      assert.equal(complaint.contactPreferenceLabel, '短信通知');
      assert.equal(complaint.isPublic, true);
      assert.deepEqual(complaint.attachments, [pngRef]);
      assert.deepEqual(complaint.replies, []);
      assert.equal(complaint.overdue, false);
      assert.equal(complaint.promisedReplyDate, addWorkingDays(before, 7, { holidays: [], extraWorkdays: [] }));

      const outbox = await stack.store.query<{ kind: string; dedup_key: string; payload: Record<string, unknown> }>(
        `SELECT kind, dedup_key, payload FROM outbox WHERE kind = 'consultation' AND dedup_key = $1`,
        [`consultation:${complaint.trackingNo}`],
      );
      assert.equal(outbox.rows.length, 1);
      const payload = outbox.rows[0]?.payload ?? {};
      assert.equal(payload.trackingNo, complaint.trackingNo);
      assert.equal(payload.ticketType, '2');
      assert.equal(payload.contactWay, '2');
      assert.equal(payload.isPublic, '1');
      assert.equal(payload.projectNo, 'ZS-TK-1');
      assert.equal(payload.taskCode, itemCode);
      assert.equal(payload.promiseReplyDate, complaint.promisedReplyDate);
      assert.equal(payload.evaluateRowGuid, outboundRowGuid(`evaluation:${zsBad}`));
      assert.match(String(payload.userName), /^张\*$/);
      assert.match(String(payload.contactMobile), /^\d{3}\*{4}\d{4}$/);
      const files = JSON.parse(String(payload.attachments)) as { name: string; sha256: string }[];
      assert.equal(files[0]?.name, pngRef.name);
      assert.match(files[0]?.sha256 ?? '', /^[0-9a-f]{64}$/);
      // Attached: no longer a pending upload, and it cannot be attached a second time.
      const again = await submit(zs, {
        title: '另一个问题',
        content: '再用一次同一个附件',
        attachmentIds: [pngRef.id],
      });
      assert.equal(again.status, 400);
      assert.match((again.json as ErrorBody).error.fields?.attachmentIds ?? '', /失效或不存在/);
    });

    test('XSS attempts come back as the same literal text, only ever as JSON', async () => {
      const title = '<script>alert(1)</script>标题';
      const content = `<img src=x onerror="alert('x')"> & <svg/onload=alert(2)> </textarea><a href="javascript:alert(3)">点我</a>`;
      const result = await submit(zs, { title, content });
      assert.equal(result.status, 201, result.text);
      const ticket = result.json as TicketDetail;
      assert.equal(ticket.title, title);
      assert.equal(ticket.content, content);
      const detail = await call(zs, `/api/v1/consultations/${ticket.trackingNo}`);
      assert.equal(detail.status, 200);
      assert.match(detail.headers.get('content-type') ?? '', /^application\/json/);
      assert.equal((detail.json as TicketDetail).title, title);
      assert.equal((detail.json as TicketDetail).content, content);
      const mine = await call(zs, '/api/v1/consultations?mine=1');
      const listed = (mine.json as { consultations: { trackingNo: string; title: string }[] }).consultations;
      assert.equal(listed.find((c) => c.trackingNo === ticket.trackingNo)?.title, title);
    });

    test('an ID number or mobile typed into the text is masked before it is stored', async () => {
      const result = await submit(zs, {
        title: `身份证${TYPED_ID}的问题`,
        content: `我的身份证号是${TYPED_ID}，电话${TYPED_MOBILE}，请联系我。`,
      });
      assert.equal(result.status, 201, result.text);
      const ticket = result.json as TicketDetail;
      assert.equal(ticket.title, '身份证2301**********1236的问题');
      assert.match(ticket.content, /2301\*{10}1236.*136\*{4}5678/);
      const stored = await stack.store.query<{ title: string; content: string }>(
        'SELECT title, content FROM consultations WHERE tracking_no = $1',
        [ticket.trackingNo],
      );
      assert.deepEqual(rawPiiIn(JSON.stringify(stored.rows), KNOWN_PII), []);
      const outbox = await stack.store.query<{ payload: unknown }>('SELECT payload FROM outbox WHERE dedup_key = $1', [
        `consultation:${ticket.trackingNo}`,
      ]);
      assert.deepEqual(rawPiiIn(JSON.stringify(outbox.rows), KNOWN_PII), []);
    });

    test('a double submit and the same text again give the same ticket', async () => {
      const clientToken = randomUUID();
      const body = { title: '营业执照办理时限', content: '请问营业执照办理需要多少个工作日？', clientToken };
      const first = await submit(zs, body);
      assert.equal(first.status, 201);
      const second = await submit(zs, body);
      assert.equal(second.status, 200);
      assert.equal(second.headers.get('idempotent-replayed'), 'true');
      const id = (first.json as TicketDetail).id;
      assert.equal((second.json as TicketDetail).id, id);
      // Same token with other text: still the first ticket (the token names the submission).
      const changed = await submit(zs, { ...body, content: '换了内容但提交标识相同' });
      assert.equal(changed.status, 200);
      assert.equal((changed.json as TicketDetail).id, id);
      // A new token but the same title and content within ten minutes: the same ticket.
      const retyped = await submit(zs, { ...body, clientToken: randomUUID() });
      assert.equal(retyped.status, 200);
      assert.equal((retyped.json as TicketDetail).trackingNo, (first.json as TicketDetail).trackingNo);
      assert.equal(await count('consultations WHERE title = $1', [body.title]), 1);
      assert.equal(
        await count('outbox WHERE dedup_key = $1', [`consultation:${(first.json as TicketDetail).trackingNo}`]),
        1,
      );
      // Another user's identical text is their own ticket.
      const other = await submit(ls, { ...body, clientToken: randomUUID() });
      assert.equal(other.status, 201);
      assert.notEqual((other.json as TicketDetail).id, id);
      // Many copies at once: one ticket.
      const token = randomUUID();
      const racing = await Promise.all(
        Array.from({ length: 4 }, () =>
          submit(zs, { title: '并发提交', content: '同时点了好几次提交按钮', clientToken: token }),
        ),
      );
      assert.deepEqual(racing.map((r) => r.status).sort(), [200, 200, 200, 201]);
      assert.equal(new Set(racing.map((r) => (r.json as TicketDetail).id)).size, 1);
    });

    test('links to a case or 差评 that is not mine are refused like missing ones', async () => {
      const foreignCase = await submit(zs, {
        title: '别人的办件',
        content: '关联别人的办件编号',
        projectNo: 'LS-TK-1',
      });
      const missingCase = await submit(zs, {
        title: '不存在的办件',
        content: '关联不存在的办件编号',
        projectNo: 'NO-SUCH-NO',
      });
      assert.equal(foreignCase.status, 404);
      assert.equal(foreignCase.text, missingCase.text);
      const foreignRating = await submit(zs, {
        kind: 'complaint',
        title: '别人的差评',
        content: '关联别人的差评记录',
        evaluationId: lsBad,
      });
      const missingRating = await submit(zs, {
        kind: 'complaint',
        title: '不存在的差评',
        content: '关联不存在的差评记录',
        evaluationId: randomUUID(),
      });
      assert.equal(foreignRating.status, 404);
      assert.equal(foreignRating.text, missingRating.text);
      assert.match((foreignRating.json as ErrorBody).error.message, CHINESE);
      assert.equal(await count("consultations WHERE title LIKE '别人的%'"), 0);
    });

    test('someone else’s ticket and file are 404, exactly like missing ones (IDOR)', async () => {
      const path = `/api/v1/consultations/${complaint.trackingNo}`;
      const mine = await call(zs, path);
      assert.equal(mine.status, 200);
      const theirs = await call(ls, path);
      const missing = await call(ls, '/api/v1/consultations/TS20260101ABCDEF');
      assert.equal(theirs.status, 404);
      assert.equal(theirs.text, missing.text);
      const file = `${path}/attachments/${pngRef.id}`;
      const download = await call(zs, file);
      assert.equal(download.status, 200);
      assert.equal(download.headers.get('content-type'), 'image/png');
      assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
      assert.match(
        download.headers.get('content-disposition') ?? '',
        /^attachment; filename="[^"]*"; filename\*=UTF-8''/,
      );
      assert.match(download.headers.get('content-security-policy') ?? '', /sandbox/);
      assert.equal(download.headers.get('cache-control'), 'private, no-store');
      assert.deepEqual(download.bytes, FILES.png);
      const stolen = await call(ls, file);
      const nothing = await call(ls, `${path}/attachments/${randomUUID()}`);
      assert.equal(stolen.status, 404);
      assert.equal(stolen.text, nothing.text);
      // My file under another of my tickets, or under a made-up number: not found either.
      const other = (await submit(zs, { title: '另一张工单', content: '用来试附件路径' })).json as TicketDetail;
      assert.equal((await call(zs, `/api/v1/consultations/${other.trackingNo}/attachments/${pngRef.id}`)).status, 404);
      assert.equal(
        (await call(zs, `/api/v1/consultations/${complaint.trackingNo}/attachments/not-a-uuid`)).status,
        404,
      );
    });

    test('files whose declared type lies are refused by their content', async () => {
      const before = await count('consultation_attachments');
      const liars: [Uint8Array, string, string, RegExp][] = [
        [FILES.html, 'photo.png', 'image/png', /网页/],
        [FILES.html, 'scan.pdf', 'application/pdf', /网页/],
        [FILES.svg, 'logo.png', 'image/png', /SVG/],
        [FILES.svg, 'logo.svg', 'image/svg+xml', /SVG/],
        [FILES.exe, 'report.pdf', 'application/pdf', /可执行程序/],
        [FILES.exe, 'photo.jpg', 'image/jpeg', /可执行程序/],
        [new TextEncoder().encode('just some text pretending'), 'a.jpg', 'image/jpeg', /不是 PNG、JPEG 图片或 PDF/],
        [Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x3c, 0x68]), 'half.png', 'image/png', /PNG/],
      ];
      for (const [bytes, name, type, message] of liars) {
        const result = await upload(zs, bytes, name, type);
        assert.equal(result.status, 415, `${name} as ${type}: ${result.text}`);
        const error = (result.json as ErrorBody).error;
        assert.equal(error.code, 'unsupported_file_type');
        assert.match(error.message, message);
        assert.match(result.headers.get('content-type') ?? '', /^application\/json/);
      }
      const big = new Uint8Array(MAX_BYTES + 1);
      big.set(FILES.png);
      const oversize = await upload(zs, big, 'big.png', 'image/png');
      assert.equal(oversize.status, 413);
      assert.match((oversize.json as ErrorBody).error.message, /每个附件不能超过 64 KB/);
      const huge = await upload(zs, new Uint8Array(MAX_BYTES * 3), 'huge.png', 'image/png');
      assert.equal(huge.status, 413);
      assert.match((huge.json as ErrorBody).error.message, /不能超过/);
      assert.equal(await count('consultation_attachments'), before);

      // Real files of the three types pass whatever they claim, with a name that matches the content.
      const jpeg = await upload(zs, FILES.jpeg, 'index.html', 'text/html');
      assert.equal(jpeg.status, 201);
      assert.deepEqual(
        [(jpeg.json as AttachmentRef).type, (jpeg.json as AttachmentRef).name],
        ['image/jpeg', 'index.html.jpg'],
      );
      const pdf = await upload(zs, FILES.pdf, `C:\\Users\\张三\\${TYPED_ID}.PDF`, 'application/octet-stream');
      assert.equal(pdf.status, 201);
      assert.deepEqual(
        [(pdf.json as AttachmentRef).type, (pdf.json as AttachmentRef).name],
        ['application/pdf', '2301**********1236.pdf'],
      );
      // Not a multipart body, or no `file` field: refused in Chinese.
      const wrong = await call(zs, '/api/v1/consultations/attachments', { method: 'POST', body: '{}' });
      assert.equal(wrong.status, 400);
      assert.match((wrong.json as ErrorBody).error.message, CHINESE);
      // Someone else's upload cannot be attached to my ticket; more than the limit neither.
      const theirs = (await upload(ls, FILES.pdf, 'a.pdf', 'application/pdf')).json as AttachmentRef;
      const borrowed = await submit(zs, { title: '借用附件', content: '用别人的附件提交', attachmentIds: [theirs.id] });
      assert.equal(borrowed.status, 400);
      const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      const tooMany = await submit(zs, { title: '附件太多', content: '超过附件数量上限', attachmentIds: ids });
      assert.match((tooMany.json as ErrorBody).error.fields?.attachmentIds ?? '', /最多 3 个/);
    });

    test('uploads never attached are removed after a day', async () => {
      const stale = (await upload(zs, FILES.pdf, 'old.pdf', 'application/pdf')).json as AttachmentRef;
      await stack.store.query(
        "UPDATE consultation_attachments SET created_at = now() - interval '25 hours' WHERE id = $1",
        [stale.id],
      );
      const late = await submit(zs, { title: '过期附件', content: '用一天前上传的附件', attachmentIds: [stale.id] });
      assert.equal(late.status, 400);
      await upload(zs, FILES.png, 'new.png', 'image/png');
      assert.equal(await count('consultation_attachments WHERE id = $1', [stale.id]), 0);
      assert.ok((await count('consultation_attachments WHERE consultation_id IS NOT NULL')) ?? 0 >= 1);
    });

    test('overdue once the promised date has passed without a reply', async () => {
      const ticket = (await submit(zs, { title: '超期了吗', content: '看看超期标记是否正确' })).json as TicketDetail;
      assert.equal(ticket.overdue, false);
      await stack.store.query('UPDATE consultations SET promised_reply_date = current_date - 3 WHERE id = $1', [
        ticket.id,
      ]);
      const late = (await call(zs, `/api/v1/consultations/${ticket.trackingNo}`)).json as TicketDetail;
      assert.equal(late.overdue, true);
      await stack.store.query("UPDATE consultations SET status = 'replied', replied_at = now() WHERE id = $1", [
        ticket.id,
      ]);
      assert.equal(
        ((await call(zs, `/api/v1/consultations/${ticket.trackingNo}`)).json as TicketDetail).overdue,
        false,
      );
    });

    test('my tickets (?mine=1) are still listed; the path without it is not a list', async () => {
      const mine = await call(zs, '/api/v1/consultations?mine=1&limit=50');
      assert.equal(mine.status, 200);
      const list = (mine.json as { consultations: { trackingNo: string }[] }).consultations;
      assert.ok(list.some((c) => c.trackingNo === complaint.trackingNo));
      const theirs = await call(ls, '/api/v1/consultations?mine=1&limit=50');
      const ids = (theirs.json as { consultations: { trackingNo: string }[] }).consultations.map((c) => c.trackingNo);
      assert.ok(!ids.includes(complaint.trackingNo));
      assert.equal((await call(zs, '/api/v1/consultations')).status, 404);
    });

    test('more than the limit per user in the window: 429 in Chinese; repeats still answered', async () => {
      const tokens: string[] = [];
      let last: CallResult | undefined;
      for (let n = 0; n < SUBMIT_MAX + 1; n += 1) {
        const clientToken = randomUUID();
        tokens.push(clientToken);
        last = await submit(ls, { title: `第${n}个问题`, content: `这是第${n}个咨询的内容`, clientToken });
        if (last.status === 429) break;
      }
      assert.equal(last?.status, 429);
      assert.equal((last?.json as ErrorBody).error.code, 'too_many_requests');
      assert.match((last?.json as ErrorBody).error.message, /提交太频繁/);
      assert.ok(Number(last?.headers.get('retry-after')) > 0);
      // lisi submitted earlier tests' tickets too, so the limit came at or before SUBMIT_MAX + 1.
      assert.ok(tokens.length <= SUBMIT_MAX + 1);
      const repeat = await submit(ls, { title: '第0个问题', content: '这是第0个咨询的内容', clientToken: tokens[0] });
      assert.equal(repeat.status, 200);
      // Someone else is not limited by lisi's submissions.
      assert.equal((await submit(zs, { title: '不受影响', content: '别人的限额与我无关' })).status, 201);
    });

    test('no answer is HTML, and no raw ID number or mobile in any answer or log line', () => {
      for (const result of responses) {
        assert.doesNotMatch(result.headers.get('content-type') ?? '', /html|svg|xml/i);
        assert.equal(result.headers.get('x-content-type-options'), 'nosniff');
      }
      const answers = responses.map((r) => r.text).join('\n');
      assert.deepEqual(rawPiiIn(answers, KNOWN_PII), []);
      assert.deepEqual(rawPiiIn(stack.logText(), KNOWN_PII), []);
      assert.ok(stack.logText().length > 1000, 'the BFF did log');
    });
  });
}
