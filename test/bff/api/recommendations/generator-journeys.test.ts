/**
 * The generator's case histories (bff/dev/generator/journeys.ts), which the offline evaluation
 * relies on: opt-in (without it every case keeps its own applicant, as before), deterministic, a
 * continued case has its parent's applicant and comes later, and next steps mostly follow a journey.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { caseRecords, historicApplyTime, planCase, seedToInt } from '../../../../bff/dev/generator/index.js';
import { JOURNEYS } from '../../../../bff/dev/generator/journeys.js';

const ANCHOR = Date.parse('2026-06-01T10:00:00+08:00');
const TOTAL = 3000;
const seed = seedToInt('journeys');
const plans = (journeys: boolean) =>
  Array.from({ length: TOTAL }, (_, i) =>
    planCase(i, {
      seed,
      entryCount: 600,
      applyAt: historicApplyTime(i, TOTAL, ANCHOR, 365),
      mode: { kind: 'history' },
      ...(journeys ? { journeys: { total: TOTAL, windowDays: 365 } } : {}),
    }),
  );

function hash(journeys: boolean): string {
  const h = createHash('sha256');
  let n = 0;
  for (const record of caseRecords({ seed: 'journeys', count: 500, anchor: ANCHOR, journeys })) {
    h.update(record.table + JSON.stringify(record.row));
    if (++n >= 3000) break;
  }
  return h.digest('hex');
}

test('journeys are opt-in and deterministic', () => {
  assert.equal(hash(true), hash(true));
  assert.notEqual(hash(true), hash(false));
  const without = plans(false);
  const people = new Set(without.map((plan) => plan.applicant.pageCode));
  // Without journeys (the default) practically every case has its own applicant, as before.
  assert.ok(people.size > TOTAL * 0.99, `${people.size} applicants for ${TOTAL} cases`);
});

test('with journeys, people have histories and a good share of next applications follow a journey', () => {
  const withJourneys = plans(true);
  const byPerson = new Map<string, typeof withJourneys>();
  for (const plan of withJourneys) {
    const list = byPerson.get(plan.applicant.pageCode) ?? [];
    list.push(plan);
    byPerson.set(plan.applicant.pageCode, list);
  }
  const multi = [...byPerson.values()].filter((list) => list.length >= 2);
  assert.ok(multi.length >= TOTAL * 0.15, `only ${multi.length} people with two or more cases`);
  const steps = new Set(
    JOURNEYS.flatMap((journey) =>
      journey.items.flatMap((item, i) => journey.items.slice(i + 1, i + 3).map((next) => `${item}>${next}`)),
    ),
  );
  let pairs = 0;
  let onJourney = 0;
  for (const list of multi) {
    list.sort((a, b) => a.applyAt - b.applyAt);
    for (let i = 1; i < list.length; i += 1) {
      const previous = list[i - 1]!;
      const next = list[i]!;
      assert.ok(next.applyAt > previous.applyAt);
      // A person's cases are the same applicant throughout (the same name and contact too).
      assert.equal(next.applicant.name, previous.applicant.name);
      pairs += 1;
      if (steps.has(`${previous.entry.item.index}>${next.entry.item.index}`)) onJourney += 1;
    }
  }
  assert.ok(onJourney / pairs > 0.2, `${onJourney} of ${pairs} next applications follow a journey`);
  assert.ok(onJourney / pairs < 0.95, 'no noise at all: the evaluation would be trivial');
});
