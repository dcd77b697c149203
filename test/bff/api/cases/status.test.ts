/** deriveStatus as a table: every branch, including the orders in which the rules apply. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deriveStatus, type CaseFacts } from '../../../../bff/api/cases/status.js';

const base: CaseFacts = {
  stage: 'in_progress',
  resultType: null,
  acceptedAt: new Date('2026-01-05T02:00:00Z'),
  lastAction: 'pass',
  reviewStarted: true,
};

test('derives status, label and needsAction for every path', () => {
  const cases: [Partial<CaseFacts>, string, string, boolean][] = [
    [{ stage: 'accepted', lastAction: null, reviewStarted: false, acceptedAt: null }, 'applied', '已申请', false],
    [{ stage: 'accepted', lastAction: null, reviewStarted: false }, 'accepted', '已受理', false],
    [{ reviewStarted: false }, 'accepted', '已受理', false],
    [{}, 'in_review', '审查中', false],
    [{ lastAction: 'return' }, 'returned', '退回补正（请按告知补齐材料）', true],
    [{ lastAction: 'other' }, 'in_review', '审查中', false],
    // A running 特别程序 wins over a 退回 step; a result wins over both.
    [{ stage: 'special_procedure', lastAction: 'return' }, 'special_procedure', '特别程序（延期）', false],
    [{ stage: 'completed', resultType: 'approved', lastAction: 'return' }, 'approved', '已办结（准予）', false],
    [{ stage: 'completed', resultType: 'denied' }, 'denied', '已办结（不予许可）', false],
    [{ stage: 'completed', resultType: 'not_accepted' }, 'not_accepted', '不予受理', false],
    [{ stage: 'completed', resultType: 'returned' }, 'returned', '已退件', false],
    [{ stage: 'completed', resultType: 'correction_timeout' }, 'returned', '已退回（补正超时）', false],
    [{ stage: 'completed', resultType: 'voided' }, 'voided', '已作废（撤回）', false],
    [{ stage: 'completed', resultType: 'deleted' }, 'voided', '已作废（撤回）', false],
    [{ stage: 'completed', resultType: 'forwarded' }, 'completed', '已办结', false],
    [{ stage: 'completed', resultType: null }, 'completed', '已办结', false],
  ];
  for (const [facts, status, label, needsAction] of cases) {
    assert.deepEqual(
      deriveStatus({ ...base, ...facts }),
      { status, statusLabel: label, needsAction },
      JSON.stringify(facts),
    );
  }
});
