import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import {
  LAYOUTS_DIR,
  LayoutError,
  loadLayout,
  loadLayoutFile,
  nationalLayout,
} from '../../../../bff/sync/layouts/index.js';
import { mapContext, mapOk, problemCodes } from './support.js';

const folder = mkdtempSync(join(tmpdir(), 'govdock-layouts-'));
after(() => rmSync(folder, { recursive: true, force: true }));

function writeLayout(name: string, layout: unknown): string {
  const file = join(folder, `${name}.json`);
  writeFileSync(file, typeof layout === 'string' ? layout : JSON.stringify(layout, null, 2));
  return file;
}

/** A province that sends 好差评 in its own flat table, GB/T 39046 satisfaction order, its own channel codes. */
const zhejiangEvaluations = {
  name: 'zhejiang-evaluations',
  imports: [join(LAYOUTS_DIR, 'codes/gbt39046.json')],
  dictionaries: {
    zjChannel: {
      description: '浙江评价渠道（6 短信、7 系统默认评价）',
      values: {
        '1': 'pc',
        '2': 'mobile',
        '3': 'qr_code',
        '4': 'hall_tablet',
        '5': 'hall_terminal',
        '6': 'sms',
        '7': 'system_default',
      },
    },
  },
  streams: [
    {
      name: 'zj_evaluation',
      kind: 'evaluations',
      sourceTable: 'ZJ_EVALUATION',
      cursor: { timeColumn: 'UPDATETIME', idColumn: 'ROWGUID' },
      operation: { column: 'FLAG', upsert: ['I', 'U'], delete: ['D'] },
      satisfactionScheme: 'gbt39046',
      columns: {
        ROWGUID: 'varchar(50) required 记录标识',
        FLAG: 'varchar(1) required 操作标志',
        UPDATETIME: 'datetime required 更新时间',
        PROJECTNO: 'varchar(50) required 办件编号',
        SATISFACTION: 'varchar(1) required 满意度代码',
        PF: 'varchar(2) required 评价渠道',
        AREACODE: 'varchar(12) areaCode 行政区划',
        ASSESSTIME: 'datetime required 评价时间',
        CERTNO: 'varchar(18) personal 证件号码',
      },
      records: [
        {
          target: 'evaluations',
          conflictKey: ['source', 'source_row_guid'],
          fields: {
            project_no: 'PROJECTNO',
            satisfaction_raw: 'SATISFACTION',
            satisfaction_scheme: { const: 'gbt39046' },
            satisfaction_level: { column: 'SATISFACTION', transform: 'satisfactionLevel' },
            channel_raw: 'PF',
            channel: { column: 'PF', dictionary: 'zjChannel' },
            region_code: { column: 'AREACODE', transform: 'areaCode' },
            evaluated_at: { column: 'ASSESSTIME', transform: 'date' },
            evaluator_key_hash: { column: 'CERTNO', transform: 'keyHash' },
          },
        },
      ],
    },
  ],
};

const zjRow = {
  ROWGUID: 'zj-0001',
  FLAG: 'I',
  UPDATETIME: '2026-01-05 10:00:00.123456',
  PROJECTNO: '330000-20260105-0001',
  SATISFACTION: '1',
  PF: '7',
  AREACODE: '330100',
  ASSESSTIME: '20260105093000',
  CERTNO: '330102199001011234',
};

test('a new province is docked with a layout file alone, and its satisfaction order is read the other way round', () => {
  const layout = loadLayout(writeLayout('zhejiang-evaluations', zhejiangEvaluations));
  const [stream] = layout.streams;
  assert.ok(stream);
  const [evaluation] = mapOk(stream, zjRow);
  assert.equal(evaluation?.target, 'evaluations');
  // GB/T 39046 A.8: 1 = 非常满意 → normalised level 5; the raw code and its scheme are kept.
  assert.equal(evaluation?.values.satisfaction_raw, '1');
  assert.equal(evaluation?.values.satisfaction_scheme, 'gbt39046');
  assert.equal(evaluation?.values.satisfaction_level, 5);
  assert.equal(evaluation?.values.channel, 'system_default');
  assert.equal(evaluation?.values.region_code, '330100000000');
  assert.equal(evaluation?.values.evaluated_at, '2026-01-05T09:30:00+08:00');
  assert.equal(evaluation?.version.changedAt, '2026-01-05T10:00:00.123456+08:00', 'fractional seconds kept');
  assert.equal(String(evaluation?.values.evaluator_key_hash).length, 64);
  // The same code 1 under the national interface scheme is 非常不满意.
  const national = nationalLayout.streams.find((s) => s.name === 'up_evaluate_record');
  assert.ok(national);
  const levels = ['1', '2', '3', '4', '5'].map((raw) => {
    const gb = mapOk(stream, { ...zjRow, SATISFACTION: raw })[0]?.values.satisfaction_level;
    return [raw, gb];
  });
  assert.deepEqual(levels, [
    ['1', 5],
    ['2', 4],
    ['3', 3],
    ['4', 2],
    ['5', 1],
  ]);
  assert.deepEqual(problemCodes(stream, { ...zjRow, SATISFACTION: '6' }), ['unknown_code:SATISFACTION']);
  assert.deepEqual(stream.requiredColumns.slice().sort(), [
    'ASSESSTIME',
    'FLAG',
    'PF',
    'PROJECTNO',
    'ROWGUID',
    'SATISFACTION',
    'UPDATETIME',
  ]);
  assert.equal(stream.redact?.(zjRow).CERTNO, '3301**********1234');
});

test('shipped layouts load by name, once', () => {
  assert.equal(loadLayout('national'), nationalLayout);
  assert.equal(loadLayout('guangdong').name, 'guangdong');
});

function layoutErrors(file: string): string[] {
  try {
    loadLayoutFile(file);
  } catch (error) {
    assert.ok(error instanceof LayoutError, `expected a LayoutError, got ${String(error)}`);
    assert.equal(error.code, 'layout_invalid');
    assert.match(error.message, /同步映射配置有误/);
    return [...error.issues];
  }
  assert.fail('the layout loaded');
}

test('configuration mistakes are all reported at once, in Chinese, with the path in the file', () => {
  const broken = structuredClone(zhejiangEvaluations) as typeof zhejiangEvaluations & Record<string, unknown>;
  const stream = broken.streams[0] as (typeof broken.streams)[number];
  const fields = stream.records[0]?.fields as Record<string, unknown>;
  fields.channel = { column: 'PF', dictionary: 'zjChanel' };
  fields.region_code = { column: 'AREACODE', transform: 'areacode' };
  fields.summary = 'REMARK';
  (stream.columns as Record<string, string>).PF = 'varchar 评价渠道';
  const issues = layoutErrors(writeLayout('broken-semantics', broken));
  const expect = (pattern: RegExp) =>
    assert.ok(
      issues.some((issue) => pattern.test(issue)),
      `no issue matches ${pattern}:\n${issues.join('\n')}`,
    );
  expect(
    /^streams\[0\]\(zj_evaluation\)\.records\[0\]\(evaluations\)\.fields\.channel\.dictionary: 代码表“zjChanel”未定义/,
  );
  expect(/fields\.region_code\.transform: 没有名为“areacode”的转换/);
  expect(/fields\.summary\.column: 列“REMARK”未在 columns 中声明/);
  expect(/columns\.PF: varchar 须写明长度/);
});

test('unknown keys and wrong shapes are refused by the schema with the key named', () => {
  const typo = structuredClone(zhejiangEvaluations) as Record<string, unknown>;
  const stream = (typo.streams as Record<string, unknown>[])[0] as Record<string, unknown>;
  stream.satisfactionSchema = 'gbt39046';
  stream.kind = 'evaluation';
  const issues = layoutErrors(writeLayout('typo', typo));
  assert.ok(
    issues.some((i) => /^streams\[0\]\(zj_evaluation\): 未知配置项 "satisfactionSchema"/.test(i)),
    issues.join('\n'),
  );
  assert.ok(
    issues.some((i) => /^streams\[0\]\(zj_evaluation\)\.kind: 取值须为 items \| cases/.test(i)),
    issues.join('\n'),
  );
});

test('semantic rules of records are checked when the layout loads', () => {
  const layout = structuredClone(zhejiangEvaluations) as typeof zhejiangEvaluations;
  const stream = layout.streams[0] as (typeof layout.streams)[number] & Record<string, unknown>;
  delete (stream as Record<string, unknown>).satisfactionScheme;
  (stream.records as unknown[]).push({
    target: 'evaluation_indicators',
    conflictKey: ['source', 'source_row_guid'],
    forEach: { column: 'PF', transform: 'splitList' },
    fields: { code: { each: '' } },
  });
  const issues = layoutErrors(writeLayout('semantics', layout));
  assert.ok(
    issues.some((i) => /satisfactionLevel 需要数据流写明 satisfactionScheme/.test(i)),
    issues.join('\n'),
  );
  assert.ok(
    issues.some((i) => /带 forEach 的记录须自己给出 source_row_guid/.test(i)),
    issues.join('\n'),
  );
});

test('a file that is not JSON, or not there, is a clear error', () => {
  assert.match(layoutErrors(writeLayout('not-json', '{ "name": "x", '))[0] ?? '', /不是有效的 JSON/);
  assert.match(layoutErrors(join(folder, 'missing.json'))[0] ?? '', /无法读取：文件不存在/);
});

test('a different source time zone changes the offset, not the wall-clock digits', () => {
  const layout = loadLayout(writeLayout('zhejiang-evaluations', zhejiangEvaluations));
  const stream = layout.streams[0];
  assert.ok(stream);
  const utc = mapOk(stream, zjRow, mapContext({ sourceTimeZone: 'UTC' }))[0];
  assert.equal(utc?.values.evaluated_at, '2026-01-05T09:30:00+00:00');
  const shanghai = mapOk(stream, zjRow, mapContext({ sourceTimeZone: 'Asia/Shanghai' }))[0];
  assert.equal(shanghai?.values.evaluated_at, '2026-01-05T09:30:00+08:00');
  // 1988 had daylight saving time in China: an IANA zone gets it right, a fixed offset would not.
  const summer = mapOk(
    stream,
    { ...zjRow, ASSESSTIME: '1988-07-01 12:00:00' },
    mapContext({ sourceTimeZone: 'Asia/Shanghai' }),
  )[0];
  assert.equal(summer?.values.evaluated_at, '1988-07-01T12:00:00+09:00');
});
