/**
 * The 好差评 rules without a database: who may rate when (首次, 追评, service nodes), the checks on a
 * submission, the channel from request headers, the 整改 state shown for each stored state, the
 * indicator file's validation, and the statistics' period parameters.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { channelOf } from '../../../../bff/api/evaluations/channel.js';
import { decideEligibility, type CaseStanding } from '../../../../bff/api/evaluations/eligibility.js';
import { loadIndicatorList, parseIndicatorList } from '../../../../bff/api/evaluations/indicators.js';
import { rectificationStatusOf } from '../../../../bff/api/evaluations/present.js';
import { evaluationIdFor } from '../../../../bff/api/evaluations/service.js';
import { parseStatsQuery } from '../../../../bff/api/evaluations/stats-params.js';
import { checkSubmission } from '../../../../bff/api/evaluations/submission.js';
import { ConfigError, loadConfig } from '../../../../bff/config.js';
import { AppError } from '../../../../bff/http/errors.js';

const NOW = new Date('2026-11-29T12:00:00+08:00');
const DAY = 86_400_000;
const rules = { atServiceNodes: false, followUpWindowDays: 15 };
const finished: CaseStanding = { isApplicant: true, finished: true, nodeHandled: true };
const never = { highest: 0 as const, firstAt: null };
const indicators = loadIndicatorList('config/evaluation-indicators.json');

describe('who may rate a case, and which rating it is', () => {
  test('the applicant of a finished case, never rated: 首次评价', () => {
    assert.deepEqual(decideEligibility(finished, never, rules, NOW), { refusal: null, assessNumber: 1 });
  });

  test('someone else’s case is not found; an agent is not the applicant', () => {
    assert.equal(decideEligibility(undefined, never, rules, NOW).refusal?.code, 'not_found');
    assert.equal(
      decideEligibility({ ...finished, isApplicant: false }, never, rules, NOW).refusal?.code,
      'not_applicant',
    );
  });

  test('before 办结: refused, unless service-node rating is configured and a node was handled', () => {
    const open = { isApplicant: true, finished: false, nodeHandled: true };
    assert.equal(decideEligibility(open, never, rules, NOW).refusal?.code, 'not_finished');
    const nodes = { ...rules, atServiceNodes: true };
    assert.equal(decideEligibility(open, never, nodes, NOW).refusal, null);
    const untouched = { ...open, nodeHandled: false };
    const refusal = decideEligibility(untouched, never, nodes, NOW).refusal;
    assert.equal(refusal?.code, 'not_finished');
    assert.match(refusal?.message ?? '', /开始办理/);
  });

  test('one 追评 within the window (inclusive), none after it, none after a 追评', () => {
    const rated = (daysAgo: number) => ({ highest: 1 as const, firstAt: new Date(NOW.getTime() - daysAgo * DAY) });
    assert.deepEqual(decideEligibility(finished, rated(3), rules, NOW), { refusal: null, assessNumber: 2 });
    assert.equal(decideEligibility(finished, rated(15), rules, NOW).refusal, null);
    const late = decideEligibility(finished, rated(15.01), rules, NOW);
    assert.equal(late.refusal?.code, 'already_evaluated');
    assert.match(late.refusal?.message ?? '', /追评期限已过/);
    const twice = decideEligibility(finished, { highest: 2, firstAt: rated(1).firstAt }, rules, NOW);
    assert.deepEqual([twice.refusal?.code, twice.assessNumber], ['already_evaluated', 2]);
  });
});

describe('checking a submission', () => {
  const base = { projectNo: 'ZS-1', idempotencyKey: 'k-0123456789' };

  test('差评 needs an indicator or text; either is enough', () => {
    for (const level of [1, 2]) {
      const refused = checkSubmission({ ...base, level }, indicators, 500);
      assert.equal(refused.ok, false);
      if (!refused.ok) assert.match(refused.fields.indicatorCodes ?? '', /勾选一项评价内容/);
      assert.equal(checkSubmission({ ...base, level, text: '太慢' }, indicators, 500).ok, true);
      assert.equal(checkSubmission({ ...base, level, indicatorCodes: [`${level}02`] }, indicators, 500).ok, true);
    }
    assert.equal(checkSubmission({ ...base, level: 3 }, indicators, 500).ok, true, '基本满意 needs no reason');
  });

  test('text is trimmed, control characters dropped, and counted in characters, not UTF-16 units', () => {
    const emoji = '👍'.repeat(10);
    const ok = checkSubmission({ ...base, level: 5, text: `  ${emoji}\u0007 ` }, indicators, 10);
    assert.ok(ok.ok);
    if (ok.ok) assert.equal(ok.value.text, emoji);
    const long = checkSubmission({ ...base, level: 5, text: '好'.repeat(11) }, indicators, 10);
    assert.ok(!long.ok && /不能超过 10 个字/.test(long.fields.text ?? ''));
  });

  test('duplicate indicator codes collapse; a code of another level is refused; several fields at once', () => {
    const ok = checkSubmission({ ...base, level: 4, indicatorCodes: ['401', '401', '402'] }, indicators, 500);
    assert.ok(ok.ok);
    if (ok.ok) assert.deepEqual(ok.value.indicatorCodes, ['401', '402']);
    const bad = checkSubmission({ projectNo: 'x y', level: 9, indicatorCodes: 'a', text: 3 }, indicators, 500);
    assert.ok(!bad.ok);
    if (!bad.ok)
      assert.deepEqual(Object.keys(bad.fields).sort(), [
        'idempotencyKey',
        'indicatorCodes',
        'level',
        'projectNo',
        'text',
      ]);
  });

  test('the same person and key always give the same rating id; another person or key another', () => {
    const id = evaluationIdFor('iss', 'sub', 'key-1');
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(evaluationIdFor('iss', 'sub', 'key-1'), id);
    assert.notEqual(evaluationIdFor('iss', 'other', 'key-1'), id);
    assert.notEqual(evaluationIdFor('iss', 'sub', 'key-2'), id);
  });
});

describe('the channel (pf) from the request', () => {
  const headers = (values: Record<string, string>) => new Headers(values);
  test('phones, tablets and in-app browsers are 移动端; desktops PC端; client hints win', () => {
    for (const ua of [
      'Mozilla/5.0 (Linux; Android 14; HUAWEI P60) AppleWebKit/537.36 Mobile Safari/537.36',
      'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)',
      'Mozilla/5.0 (Phone; OpenHarmony 4.0) ArkWeb/4.1.6.1 Mobile',
      'Mozilla/5.0 (Linux) MicroMessenger/8.0.47',
    ]) {
      assert.equal(channelOf(headers({ 'User-Agent': ua })), 'mobile', ua);
    }
    assert.equal(channelOf(headers({ 'User-Agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)' })), 'pc');
    assert.equal(channelOf(headers({})), 'pc');
    assert.equal(channelOf(headers({ 'User-Agent': 'iPhone', 'Sec-CH-UA-Mobile': '?0' })), 'pc');
  });
});

describe('the 整改 state shown for a 差评', () => {
  test('each stored state, and a reviewed 差评 without a result reads as 整改中', () => {
    const cases: [string | null, string | null, string][] = [
      [null, null, 'pending'],
      ['pending', null, 'pending'],
      ['pending', 'pending', 'pending'],
      ['pending', 'approved', 'in_progress'],
      [null, 'approved', 'in_progress'],
      ['in_progress', null, 'in_progress'],
      ['rectified', 'approved', 'rectified'],
      ['revisited', null, 'revisited'],
    ];
    for (const [stored, review, shown] of cases) {
      assert.equal(
        rectificationStatusOf({ rectification_status: stored, review_status: review }),
        shown,
        `${stored}/${review}`,
      );
    }
  });
});

describe('the indicator list file', () => {
  test('the default file: the five national online indicators on every level, codes level-prefixed', () => {
    for (const level of [1, 2, 3, 4, 5] as const) {
      assert.deepEqual(
        indicators[level].map((i) => i.label),
        ['整体满意度', '办事效率', '办事指南精确度', '办事便捷度', '平台操作性'],
      );
      assert.ok(indicators[level].every((i) => i.code.startsWith(String(level))));
    }
  });

  test('a bad file stops start-up with a configuration error naming the problem', () => {
    const level = [{ code: '1', label: '好' }];
    const levels = { '1': level, '2': level, '3': level, '4': level, '5': level };
    assert.throws(() => parseIndicatorList({ levels: { ...levels, '5': undefined } }, 'x.json'), ConfigError);
    assert.throws(
      () => parseIndicatorList({ levels: { ...levels, '2': [...level, ...level] } }, 'x.json'),
      (error: unknown) => error instanceof ConfigError && /重复/.test(error.message),
    );
    assert.throws(
      () => parseIndicatorList({ levels: { ...levels, '3': [{ code: '1,2', label: '好' }] } }, 'x.json'),
      ConfigError,
    );
    assert.throws(() => loadIndicatorList('/nonexistent/indicators.json'), /无法读取评价指标文件/);
  });

  test('the config section has working defaults and environment keys', () => {
    const config = loadConfig({ EVALUATION_AT_SERVICE_NODES: 'true', EVALUATION_FOLLOW_UP_DAYS: '30' });
    assert.equal(config.evaluations.atServiceNodes, true);
    assert.equal(config.evaluations.followUpWindowDays, 30);
    assert.equal(config.evaluations.maxTextLength, 500);
    assert.equal(config.evaluations.invitationLink, '#evaluate={projectNo}');
    assert.throws(() => loadConfig({}, { 'evaluations.invitationLink': 'https://evil.example/' }), ConfigError);
  });
});

describe('statistics parameters', () => {
  const now = NOW.getTime();
  test('months expand to whole months; the default is twelve months to today (Beijing)', () => {
    assert.deepEqual(parseStatsQuery({ from: '2026-02', to: '2026-02' }, now), {
      from: '2026-02-01',
      to: '2026-02-28',
      group: 'month',
      limit: 200,
    });
    const lateEvening = Date.parse('2026-12-31T20:00:00Z'); // already 1 January 2027 in Beijing
    const query = parseStatsQuery({}, lateEvening);
    assert.deepEqual([query.from, query.to], ['2026-02-01', '2027-01-01']);
    assert.deepEqual([parseStatsQuery({ to: '2026-12' }, now).from], ['2026-01-01']);
  });

  test('a 6-digit region is padded to 12; a credit code is upper-cased; a reversed period is a 400', () => {
    const query = parseStatsQuery({ region: '230100', dept: '11230100mb0000001x' }, now);
    assert.equal(query.region, '230100000000');
    assert.equal(query.dept, '11230100MB0000001X');
    assert.throws(
      () => parseStatsQuery({ from: '2026-05-02', to: '2026-05-01' }, now),
      (error: unknown) => error instanceof AppError && error.status === 400,
    );
  });
});
