import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FrontRow } from '../../../../bff/dev/generator/index.js';
import { nationalLayout } from '../../../../bff/sync/layouts/index.js';
import {
  characterLength,
  compileRowChecks,
  ProblemList,
  RowReader,
  creditCodeRegion,
  isCreditCode,
  parseAreaCode,
  parseColumnSpec,
  parseSourceDateTime,
  sourceZone,
} from '../../../../bff/sync/validate/index.js';
import { generatedRows, mapContext, mapOk, problemCodes, streamOf } from '../layouts/support.js';

const rows = generatedRows('validate');
const stream = (table: string) => streamOf(nationalLayout, table);
const firstRow = (table: string, pick: (row: FrontRow) => boolean = () => true): FrontRow => {
  const row = (rows.get(table) ?? []).find(pick);
  assert.ok(row, `no ${table} row`);
  return row;
};
const accept = firstRow('up_pro_accept', (r) => r.applyer_type === '1');
const evaluation = firstRow('up_evaluate_record');
const basic = firstRow('up_task_general_basic');
const beijing = sourceZone('+08:00');

test('both date formats are accepted, fractional seconds kept, the source offset added', () => {
  assert.deepEqual(parseSourceDateTime('2026-11-29 10:15:00', beijing), { ok: true, iso: '2026-11-29T10:15:00+08:00' });
  assert.deepEqual(parseSourceDateTime('20261129101500', beijing), { ok: true, iso: '2026-11-29T10:15:00+08:00' });
  assert.deepEqual(parseSourceDateTime('2026-11-29 10:15:00.999999', beijing), {
    ok: true,
    iso: '2026-11-29T10:15:00.999999+08:00',
  });
  assert.deepEqual(parseSourceDateTime('20261129101500.5', beijing), { ok: true, iso: '2026-11-29T10:15:00.5+08:00' });
  assert.deepEqual(parseSourceDateTime('20261129T101500', beijing), { ok: true, iso: '2026-11-29T10:15:00+08:00' });
  assert.deepEqual(parseSourceDateTime('2026-11-29T02:15:00Z', beijing), {
    ok: true,
    iso: '2026-11-29T02:15:00+00:00',
  });
  assert.deepEqual(parseSourceDateTime('2026-11-29', beijing), { ok: true, iso: '2026-11-29T00:00:00+08:00' });
  assert.deepEqual(parseSourceDateTime('2024-02-29 00:00:00', beijing), { ok: true, iso: '2024-02-29T00:00:00+08:00' });
});

test('zero dates and impossible dates are refused', () => {
  assert.deepEqual(parseSourceDateTime('0000-00-00 00:00:00', beijing), { ok: false, zero: true });
  assert.deepEqual(parseSourceDateTime('00000000000000', beijing), { ok: false, zero: true });
  assert.deepEqual(parseSourceDateTime('2026-00-10 08:00:00', beijing), { ok: false, zero: true });
  for (const bad of [
    '2026-02-30 10:00:00',
    '2025-02-29 00:00:00',
    '2026-13-01',
    '2026-11-29 24:00:00',
    '0001-01-01 00:00:00',
    '29/11/2026',
    '2026-11-29 10:15',
    'yesterday',
  ]) {
    const parsed = parseSourceDateTime(bad, beijing);
    assert.equal(parsed.ok, bad === '2026-11-29 10:15', bad);
  }
});

test('12-digit area codes, and 18-character credit codes by their alphabet', () => {
  assert.equal(parseAreaCode('230102'), '230102000000');
  assert.equal(parseAreaCode('230102001'), '230102001000');
  assert.equal(parseAreaCode('230102001002'), '230102001002');
  for (const bad of ['2301', '2301020', '2301020010021', '23010A', '000000', '990100'])
    assert.equal(parseAreaCode(bad), null, bad);
  assert.ok(isCreditCode('11230102GDNRA7QD69'));
  assert.ok(isCreditCode('91440101MA5CXXXX1L'));
  for (const bad of [
    '11230102GDNRA7QD6',
    '11230102GDNRA7QD69X',
    '1123010IGDNRA7QD69',
    '11AB0102GDNRA7QD69',
    '11230102gdnra7qd69',
  ]) {
    assert.ok(!isCreditCode(bad), bad);
  }
  assert.equal(creditCodeRegion('11230102GDNRA7QD69'), '230102000000');
});

test('varchar lengths count characters like MySQL, not UTF-16 units', () => {
  assert.equal(characterLength('办件编号'), 4);
  assert.equal(characterLength('𠀀𠀁'), 2);
});

test('column specifications parse, and mistakes in them say what is wrong', () => {
  assert.deepEqual(parseColumnSpec('dept_code', 'varchar(50) required creditCode 实施主体编码'), {
    ok: true,
    spec: {
      path: 'dept_code',
      type: 'varchar',
      length: 50,
      required: true,
      personal: false,
      format: 'creditCode',
      label: '实施主体编码',
    },
  });
  assert.deepEqual(parseColumnSpec('x', 'datetime'), {
    ok: true,
    spec: { path: 'x', type: 'datetime', required: false, personal: false },
  });
  for (const [text, message] of [
    ['varchar 名称', /须写明长度/],
    ['string(10)', /列类型“string\(10\)”无法识别/],
    ['int(11)', /只有 varchar 可以写长度/],
    ['varchar(10) requird 名称', /无法识别的标记“requird”/],
  ] as const) {
    const parsed = parseColumnSpec('x', text);
    assert.ok(!parsed.ok, text);
    assert.match(parsed.message, message);
  }
});

test('each malformed kind gives its own problem code, naming the field', () => {
  const cases: Array<[string, FrontRow, string, string[]]> = [
    ['zero date', accept, 'up_pro_accept', ['bad_date:accept_date']],
    ['over-length text', accept, 'up_pro_accept', ['too_long:applyer_name']],
    ['unknown code', accept, 'up_pro_accept', ['unknown_code:apply_type']],
    ['missing required', accept, 'up_pro_accept', ['missing_required:task_code']],
    ['invalid UTF-8 (decoded as U+FFFD)', accept, 'up_pro_accept', ['bad_encoding:org_name']],
    ['bad area code', evaluation, 'up_evaluate_record', ['bad_area_code:area_code']],
    ['bad credit code', basic, 'up_task_general_basic', ['bad_credit_code:dept_code']],
    ['not an integer', basic, 'up_task_general_basic', ['bad_number:promise_day']],
    ['unknown operation flag', accept, 'up_pro_accept', ['unknown_operation:cd_operation']],
  ];
  const broken: Record<string, FrontRow> = {
    'zero date': { accept_date: '0000-00-00 00:00:00' },
    'over-length text': { applyer_name: '张'.repeat(101) },
    'unknown code': { apply_type: '8' },
    'missing required': { task_code: '' },
    'invalid UTF-8 (decoded as U+FFFD)': { org_name: '哈尔滨\uFFFD\uFFFD局' },
    'bad area code': { area_code: '23010' },
    'bad credit code': { dept_code: '11230102-GDNRA7QD69' },
    'not an integer': { promise_day: '二十' },
    'unknown operation flag': { cd_operation: 'X' },
  };
  for (const [kind, row, table, expected] of cases) {
    assert.deepEqual(problemCodes(stream(table), { ...row, ...broken[kind] }), expected, kind);
  }
});

test('all problems of a row are reported, not just the first, each with a plain Chinese message', () => {
  const result = stream('up_pro_accept').map(
    {
      ...accept,
      accept_date: '0000-00-00 00:00:00',
      apply_date: '2026-02-30 09:00:00',
      applyer_name: '张'.repeat(101),
      apply_type: '8',
      applyer_page_type: '7',
      task_code: null,
      org_code: 'ABC',
    },
    mapContext(),
  );
  assert.ok(!result.ok);
  const byField = new Map(result.problems.map((p) => [p.field, p]));
  assert.deepEqual([...byField.keys()].sort(), [
    'accept_date',
    'apply_date',
    'apply_type',
    'applyer_name',
    'applyer_page_type',
    'org_code',
    'task_code',
  ]);
  assert.equal(
    byField.get('accept_date')?.message,
    '“受理时间”（accept_date）是空日期（如 0000-00-00 00:00:00），不是真实的时间',
  );
  assert.equal(byField.get('task_code')?.message, '缺少必填项“实施编码”（task_code）');
  assert.equal(byField.get('applyer_name')?.message, '“申请人名称”（applyer_name）超长：有 101 个字符，最多 100 个');
  assert.match(
    byField.get('apply_type')?.message ?? '',
    /^“申请类型”（apply_type）的代码不在代码表“办理形式 \/ 申报来源（GB\/T 39046 A\.5）”中：“8”$/,
  );
  assert.match(
    byField.get('apply_date')?.message ?? '',
    /不是有效的日期时间：“2026-02-30 09:00:00”（应为 yyyy-MM-dd HH:mm:ss 或 yyyyMMddHHmmss）/,
  );
});

test('messages never quote a personal value', () => {
  const id = String(accept.applyer_page_code);
  const result = stream('up_pro_accept').map(
    {
      ...accept,
      applyer_page_code: `${id}${id}${'9'.repeat(480)}`,
      contact_mobile: `${String(accept.contact_mobile)}9`,
    },
    mapContext(),
  );
  assert.ok(!result.ok);
  const text = JSON.stringify(result.problems);
  assert.ok(!text.includes(id), text);
  assert.ok(!text.includes(String(accept.contact_mobile)), text);
  assert.deepEqual(result.problems.map((p) => p.code).sort(), ['too_long', 'too_long']);
  // A quoted value in another column still has ID numbers masked.
  const other = stream('up_pro_accept').map({ ...accept, apply_type: id }, mapContext());
  assert.ok(!other.ok);
  assert.ok(!JSON.stringify(other.problems).includes(id));
});

test('broken JSON in a JSON column, and problems inside its list elements, are reported by path', () => {
  const specs = [
    parseColumnSpec('AUDIT_MATERIAL', 'json 申请材料'),
    parseColumnSpec('AUDIT_MATERIAL[].MATERIAL_NAME', 'varchar(10) required 材料名称'),
    parseColumnSpec('AUDIT_MATERIAL[].PAGE_NUM', 'int 份数'),
  ].map((parsed) => {
    assert.ok(parsed.ok);
    return parsed.spec;
  });
  const check = compileRowChecks(specs);
  const run = (value: string | null) => {
    const out = new ProblemList();
    check(new RowReader({ AUDIT_MATERIAL: value }), out);
    return out.items.map((p) => `${p.code}:${p.field}`).sort();
  };
  assert.deepEqual(run('[{"MATERIAL_NAME": "身份证", "PAGE_NUM": 1}]'), []);
  assert.deepEqual(run(null), []);
  assert.deepEqual(run('[{"MATERIAL_NAME": "身份证"'), ['bad_json:AUDIT_MATERIAL']);
  assert.deepEqual(run('[{"PAGE_NUM": "一"}, {"MATERIAL_NAME": "户口簿户口簿户口簿户口簿"}]'), [
    'bad_number:AUDIT_MATERIAL[0].PAGE_NUM',
    'missing_required:AUDIT_MATERIAL[0].MATERIAL_NAME',
    'too_long:AUDIT_MATERIAL[1].MATERIAL_NAME',
  ]);
});

test('an optional column may be empty; a required one may not be blank', () => {
  mapOk(stream('up_pro_accept'), { ...accept, legal: '', contact_mobile: null, promise_date: '' });
  assert.deepEqual(problemCodes(stream('up_pro_accept'), { ...accept, project_no: '   ' }), [
    'missing_required:project_no',
  ]);
});
