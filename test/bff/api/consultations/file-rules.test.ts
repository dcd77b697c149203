/**
 * The pure rules behind tickets: what a file is by its first bytes (never by its name or declared
 * type), how an uploaded name is cleaned, the download header, working days for the promised reply
 * date, the tracking number's shape and the per-field validation.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addWorkingDays, beijingDate } from '../../../../bff/api/consultations/calendar.js';
import {
  attachmentDisposition,
  cleanFileName,
  refusalFor,
  sniffType,
} from '../../../../bff/api/consultations/file-type.js';
import { checkTicket } from '../../../../bff/api/consultations/submission.js';
import { newTrackingNo } from '../../../../bff/api/consultations/tracking-no.js';
import { FILES } from './support/ticket-stack.js';

const ascii = (text: string) => new TextEncoder().encode(text);

describe('file type by content', () => {
  test('PNG, JPEG and PDF are recognised whatever they are called', () => {
    assert.equal(sniffType(FILES.png), 'image/png');
    assert.equal(sniffType(FILES.jpeg), 'image/jpeg');
    assert.equal(sniffType(FILES.pdf), 'application/pdf');
  });

  test('HTML, SVG, executables, truncated signatures and text are not', () => {
    for (const bytes of [
      FILES.html,
      FILES.svg,
      FILES.exe,
      ascii('\u007fELF....'),
      ascii('PK\u0003\u0004zip'),
      ascii('GIF89a......'),
      FILES.png.subarray(0, 8),
      Uint8Array.from([0xff, 0xd8, 0xff]),
      ascii('%PDF-x'),
      ascii(' %PDF-1.4 leading space'),
      new Uint8Array(0),
    ]) {
      assert.equal(sniffType(bytes), null, Buffer.from(bytes.subarray(0, 12)).toString('latin1'));
    }
    assert.match(refusalFor(FILES.html), /网页/);
    assert.match(refusalFor(ascii('  <div onclick=x>')), /网页/);
    assert.match(refusalFor(FILES.svg), /SVG/);
    assert.match(refusalFor(ascii('<svg onload=alert(1)>')), /SVG/);
    assert.match(refusalFor(FILES.exe), /可执行程序/);
    assert.match(refusalFor(ascii('hello')), /与扩展名无关/);
  });

  test('names lose paths, control and bidi characters, PII, and get the extension of their content', () => {
    assert.equal(cleanFileName('C:\\fakepath\\照片.PNG', 'image/png'), '照片.png');
    assert.equal(cleanFileName('../../etc/passwd', 'application/pdf'), 'passwd.pdf');
    assert.equal(cleanFileName('invoice\u202Efdp.exe', 'application/pdf'), 'invoicefdp.exe.pdf');
    assert.equal(cleanFileName('a\u0000b\r\nc.jpeg', 'image/jpeg'), 'abc.jpg');
    assert.equal(cleanFileName('page.html', 'image/jpeg'), 'page.html.jpg');
    assert.equal(cleanFileName('<img src=x>.png', 'image/png'), '_img src=x_.png');
    assert.equal(cleanFileName('身份证230102197001011236.jpg', 'image/jpeg'), '身份证2301**********1236.jpg');
    assert.equal(cleanFileName('...', 'image/png'), '附件.png');
    assert.equal(cleanFileName('', 'application/pdf'), '附件.pdf');
    assert.equal([...cleanFileName('长'.repeat(300), 'image/png')].length, 104);
  });

  test('the download header is an attachment with an ASCII fallback and the UTF-8 name', () => {
    assert.equal(
      attachmentDisposition('材料 "1".pdf'),
      `attachment; filename="__ _1_.pdf"; filename*=UTF-8''%E6%9D%90%E6%96%99%20%221%22.pdf`,
    );
  });
});

describe('working days and tracking numbers', () => {
  // 2026-11-27 is a Friday (Beijing).
  const friday = Date.parse('2026-11-27T10:00:00+08:00');

  test('weekends skipped; holidays and make-up working days from the config', () => {
    const none = { holidays: [], extraWorkdays: [] };
    assert.equal(addWorkingDays(friday, 1, none), '2026-11-30');
    assert.equal(addWorkingDays(friday, 5, none), '2026-12-04');
    assert.equal(
      addWorkingDays(friday, 5, { holidays: ['2026-12-01', '2026-12-02'], extraWorkdays: [] }),
      '2026-12-08',
    );
    assert.equal(addWorkingDays(friday, 1, { holidays: [], extraWorkdays: ['2026-11-28'] }), '2026-11-28');
    // Late evening in Beijing is already the next day in UTC terms — the Beijing day counts.
    assert.equal(beijingDate(Date.parse('2026-11-27T23:30:00+08:00')), '2026-11-27');
    assert.equal(beijingDate(Date.parse('2026-11-27T16:30:00Z')), '2026-11-28');
  });

  test('tracking numbers: kind prefix, Beijing date, six unambiguous characters', () => {
    const numbers = new Set<string>();
    for (let n = 0; n < 200; n += 1) numbers.add(newTrackingNo('complaint', friday));
    assert.equal(numbers.size, 200);
    for (const no of numbers) assert.match(no, /^TS20261127[2-9A-HJKMNP-Z]{6}$/);
    assert.match(newTrackingNo('consult', friday), /^ZX/);
    assert.match(newTrackingNo('suggestion', friday), /^JY/);
  });
});

describe('submission checks', () => {
  const valid = {
    kind: 'consult',
    title: '标题',
    content: '五个字内容',
    contactPreference: 'site',
    clientToken: 'token-0001',
  };

  test('text is kept as typed, minus control characters; lengths count characters', () => {
    const checked = checkTicket(
      { ...valid, title: '  <b>粗体</b>\t标题\u202E ', content: '第一行\r\n<script>x</script>\u0007' },
      5,
    );
    assert.ok(checked.ok);
    assert.equal(checked.value.title, '<b>粗体</b> 标题');
    assert.equal(checked.value.content, '第一行\n<script>x</script>');
    assert.ok(checkTicket({ ...valid, title: '𠀀'.repeat(50) }, 5).ok);
    assert.ok(!checkTicket({ ...valid, title: '𠀀'.repeat(51) }, 5).ok);
  });

  test('optional links are normalised or refused by shape', () => {
    const checked = checkTicket({ ...valid, deptCode: ' 11230100mb0000001x ', itemCode: '', projectNo: null }, 5);
    assert.ok(checked.ok);
    assert.equal(checked.value.deptCode, '11230100MB0000001X');
    assert.equal(checked.value.itemCode, null);
    const bad = checkTicket({ ...valid, projectNo: 'a b', isPublic: 'yes', attachmentIds: 'x' }, 5);
    assert.ok(!bad.ok);
    assert.deepEqual(Object.keys(bad.fields).sort(), ['attachmentIds', 'isPublic', 'projectNo']);
  });
});
