import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  CATALOG,
  COUNTIES,
  DEMO_APPLICANTS,
  DIVISIONS,
  PREFECTURES,
  allDepartments,
  caseRecords,
  directoryRecords,
  divisionByCode,
  implementationEntry,
  implementationRecords,
  isValidIdNumber,
  NATURAL_ENTRY_COUNT,
  planCase,
  seedToInt,
  isValidUscc,
  tableSpec,
  type FrontRecord,
} from '../../../../bff/dev/generator/index.js';

function hashPrefix(records: Iterable<FrontRecord>, limit: number): string {
  const hash = createHash('sha256');
  let n = 0;
  for (const r of records) {
    hash.update(r.table + JSON.stringify(r.row));
    if (++n >= limit) break;
  }
  return hash.digest('hex');
}

test('the same seed gives byte-identical rows, another seed different ones', () => {
  const a = hashPrefix(caseRecords({ seed: 'demo', count: 2000 }), 10000);
  const b = hashPrefix(caseRecords({ seed: 'demo', count: 2000 }), 10000);
  const c = hashPrefix(caseRecords({ seed: 'other', count: 2000 }), 10000);
  assert.equal(a, b);
  assert.notEqual(a, c);
  assert.equal(
    hashPrefix(implementationRecords({ seed: 7, count: 300 }), 3000),
    hashPrefix(implementationRecords({ seed: 7, count: 300 }), 3000),
  );
});

test('the catalogue has ≥300 distinct items covering every task_type and both theme audiences', () => {
  const names = new Set(CATALOG.map((i) => i.name));
  assert.ok(names.size >= 300, `only ${names.size} items`);
  assert.equal(names.size, CATALOG.length, 'item names repeat');
  for (const type of ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '20']) {
    assert.ok(
      CATALOG.some((i) => i.taskType === type),
      `no item of type ${type}`,
    );
  }
  assert.ok(CATALOG.filter((i) => i.userTheme).length > 100);
  assert.ok(CATALOG.filter((i) => i.corpTheme).length > 100);
  const codes = new Set(CATALOG.map((i) => i.catalogCode));
  assert.equal(codes.size, CATALOG.length, '基本编码 repeat');
  for (const item of CATALOG) assert.match(item.catalogCode, /^\d{12}$/);
  const names2 = [...directoryRecords({ seed: 1 })].map((r) => r.row.task_name);
  assert.equal(names2.length, CATALOG.length);
  // A small world (npm start fills 600 entries) still covers the whole catalogue.
  const firstEntries = new Set(Array.from({ length: 600 }, (_, i) => implementationEntry(i).item.name));
  assert.equal(firstEntries.size, CATALOG.length);
  const taskCodes = new Set(Array.from({ length: NATURAL_ENTRY_COUNT }, (_, i) => implementationEntry(i).taskCode));
  assert.equal(taskCodes.size, NATURAL_ENTRY_COUNT, '实施编码 repeat');
});

test('areas are 12 digits with existing parents; the 13 prefectures are the real ones', () => {
  assert.equal(PREFECTURES.length, 13);
  assert.ok(COUNTIES.length >= 120);
  assert.equal(divisionByCode('230184')?.name, '五常市');
  assert.equal(divisionByCode('232701')?.name, '漠河市');
  for (const d of DIVISIONS) {
    assert.match(d.code, /^\d{12}$/);
    if (d.parentCode) assert.ok(divisionByCode(d.parentCode), `${d.code} has no parent`);
  }
});

test('every USCC and 身份证号 carries a valid check character; 实施编码 is 31 chars', () => {
  for (const dept of allDepartments()) assert.ok(isValidUscc(dept.creditCode), dept.creditCode);
  for (const a of DEMO_APPLICANTS) {
    if (a.kind === 'person') assert.ok(isValidIdNumber(a.idNumber));
    else assert.ok(isValidUscc(a.creditCode) && isValidIdNumber(a.agent.idNumber));
  }
  for (const r of caseRecords({ seed: 3, count: 3000 })) {
    if (r.table !== 'up_pro_accept') continue;
    const code = String(r.row.applyer_page_code);
    if (r.row.applyer_type === '1') {
      assert.ok(isValidIdNumber(code), code);
      assert.ok(code.startsWith('23'), code);
    } else assert.ok(isValidUscc(code), code);
    assert.ok(isValidIdNumber(String(r.row.contact_code)));
    assert.equal(String(r.row.task_code).length, 31);
    assert.ok(String(r.row.project_no).length <= 50);
  }
  assert.equal(implementationEntry(500_000).taskHandleItem?.length, 33);
});

test('case steps follow 收件→受理→…; results and evaluations are plausible', () => {
  const steps = new Map<string, string[]>();
  const results = new Map<string, number>();
  const satisfaction = new Map<string, number>();
  const accepted = new Map<string, { promise: unknown; type: unknown; at: string }>();
  let overdue = 0;
  let finished = 0;
  for (const r of caseRecords({ seed: 5, count: 5000 })) {
    const no = String(r.row.project_no);
    if (r.table === 'up_pro_accept') {
      accepted.set(no, { promise: r.row.promise_date, type: r.row.project_type, at: String(r.row.accept_date) });
    }
    if (r.table === 'up_pro_result') {
      const a = accepted.get(no);
      finished += 1;
      if (a?.promise && String(r.row.result_date) > String(a.promise)) overdue += 1;
      // 即办件 are finished on the day they are accepted.
      if (a?.type === '1') assert.equal(String(r.row.result_date).slice(0, 10), a.at.slice(0, 10), no);
    }
    if (r.table === 'up_pro_process') steps.set(no, [...(steps.get(no) ?? []), String(r.row.process_name)]);
    if (r.table === 'up_pro_result')
      results.set(String(r.row.result_type), (results.get(String(r.row.result_type)) ?? 0) + 1);
    if (r.table === 'up_evaluate_record' && r.row.cd_operation === 'I') {
      satisfaction.set(String(r.row.satisfaction), (satisfaction.get(String(r.row.satisfaction)) ?? 0) + 1);
    }
  }
  const order = ['收件', '受理', '审查', '决定', '制证', '送达'];
  for (const [no, list] of steps) {
    assert.equal(list[0], '收件', no);
    if (list.length > 1) assert.equal(list[1], '受理', no);
    const main = list.filter((s, i) => !(i > 1 && s === '收件'));
    const ranks = main.map((s) => order.indexOf(s));
    for (let i = 1; i < ranks.length; i += 1) {
      // 补正 returns from 审查 to 收件 and back to 审查; otherwise the order never goes back.
      assert.ok((ranks[i] as number) >= (ranks[i - 1] as number), `${no}: ${list.join('→')}`);
    }
  }
  assert.ok(overdue / finished > 0.01 && overdue / finished < 0.1, `overdue share ${overdue / finished}`);
  for (const code of ['0', '1', '2', '6']) assert.ok((results.get(code) ?? 0) > 0, `no result ${code}`);
  const total = [...satisfaction.values()].reduce((a, b) => a + b, 0);
  const top = (satisfaction.get('5') ?? 0) / total;
  const bad = ((satisfaction.get('1') ?? 0) + (satisfaction.get('2') ?? 0)) / total;
  assert.ok(top > 0.6 && bad > 0.01 && bad < 0.1, `非常满意 ${top}, 差评 ${bad}`);
});

test('generated values fit their front-table columns', () => {
  const check = (r: FrontRecord): void => {
    const spec = tableSpec(r.table);
    for (const c of spec.columns) {
      const value = r.row[c.name];
      assert.ok(c.name in r.row, `${r.table}.${c.name} missing`);
      if (c.notNull) assert.ok(value !== null && value !== undefined, `${r.table}.${c.name} null`);
      if (c.type === 'varchar' && typeof value === 'string') {
        assert.ok([...value].length <= (c.length ?? 0), `${r.table}.${c.name} too long: ${value}`);
      }
    }
    assert.equal(Object.keys(r.row).length, spec.columns.length, `${r.table} has extra keys`);
  };
  for (const r of implementationRecords({ seed: 1 })) check(r);
  for (const r of caseRecords({ seed: 1, count: 3000 })) check(r);
});

test('a case plan re-derived from its stored apply time is identical (what a resumed simulator relies on)', () => {
  const seed = seedToInt('replan');
  for (const id of [0, 17, 999, 123456]) {
    const first = planCase(id, {
      seed,
      entryCount: 50_000,
      applyAt: Date.parse('2025-06-01T08:00:00Z') + id * 60_000,
      mode: { kind: 'history' },
    });
    const again = planCase(id, { seed, entryCount: 50_000, applyAt: first.applyAt, mode: { kind: 'history' } });
    assert.deepEqual(again.events, first.events);
    assert.equal(again.projectNo, first.projectNo);
  }
});
