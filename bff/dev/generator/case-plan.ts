/**
 * The life of one 办件, planned up front from (seed, case id) so it can be re-derived at any time:
 * the simulator stores only a pointer into the plan. Step names follow the national flowsheet
 * (c.12: 收件 → 受理 → 审查 → 决定 → 制证 → 送达) with the common detours: 不予受理, 退回补正,
 * 延长审批 (特别程序), overdue decisions, 不予许可, 撤回; 即办件 finish the same day.
 */
import type { CatalogItem } from './catalog.js';
import { DEMO_APPLICANTS, type DemoApplicant } from './demo-applicants.js';
import { COUNTIES, divisionByCode, type Division } from './divisions.js';
import { defaultResultName, materialsFor, type MaterialSpec } from './guide.js';
import { implementationEntry, type ImplementationEntry, NATURAL_ENTRY_COUNT } from './implementation.js';
import { companyName, enterpriseUscc, idNumber, mobileNumber, personName, streetAddress, zipCodeOf } from './people.js';
import { Random } from './prng.js';
import { journeyDraw, type JourneySettings } from './journeys.js';
import {
  addWorkingDays,
  compactDateBeijing,
  DAY_MS,
  HOUR_MS,
  intoOfficeHours,
  MINUTE_MS,
  nextOfficeTime,
} from './time.js';

/** Case ids at or above this are demo cases: DEMO_CASE_BASE + applicant × 2^20 + n. */
export const DEMO_CASE_BASE = 2 ** 45;

export type Scenario = 'normal' | 'rejected' | 'correction' | 'extended' | 'overdue' | 'denied' | 'withdrawn';

export interface Applicant {
  name: string;
  /** 申请人类型 c.6: 1 自然人, 2 法人 */
  type: '1' | '2';
  /** 证件类型 c.8: 111 居民身份证, 001 统一社会信用代码 */
  pageType: '111' | '001';
  pageCode: string;
  legal: string | null;
  contactName: string;
  contactCode: string;
  contactMobile: string;
  address: string;
  zipCode: string;
  /** 统一身份认证 account id for online channels (cert_key). */
  accountId: string;
  demoKey: string | null;
}

export type StepKind = 'receive' | 'accept' | 'review' | 'correction' | 'resubmit' | 'decide' | 'certify' | 'deliver';

export interface PlanEvent {
  kind: 'step' | 'special' | 'result' | 'evaluation' | 'rectification';
  step?: StepKind;
  /** Planned time (epoch ms). */
  at: number;
  /** Duration of a step before `at` (for event_start_time). */
  durationMs: number;
}

export interface CasePlan {
  caseId: number;
  projectNo: string;
  entry: ImplementationEntry;
  applicant: Applicant;
  /** 申报来源 = 办理形式 c.7: 1 窗口, 2 电脑端, 3 移动端, 4 快递 */
  applyType: '1' | '2' | '3' | '4';
  scenario: Scenario;
  applyAt: number;
  /** Set when the 受理 step happens (planned). */
  acceptAt: number;
  promiseAt: number | null;
  /** Extended deadline after 延长审批. */
  extendedPromiseAt: number | null;
  events: PlanEvent[];
  /** 1..5 in the national 好差评 scheme (5 = 非常满意), null when not evaluated. */
  satisfaction: number | null;
  /** Handling officers (受理人员, 审查人, 决定人). */
  staff: [string, string, string];
  materials: MaterialSpec[];
  resultName: string;
}

export type PlanMode =
  | { kind: 'history' }
  /** Live: steps every `stepMs` (±1 step) so a running simulator shows progress within minutes. */
  | { kind: 'live'; stepMs: number };

const materialCache = new Map<number, MaterialSpec[]>();

function requiredMaterials(item: CatalogItem): MaterialSpec[] {
  let list = materialCache.get(item.index);
  if (!list) {
    list = materialsFor(item).filter((m) => m.isNeed === '1');
    materialCache.set(item.index, list);
  }
  return list;
}

const ENFORCEMENT = new Set(['02', '03', '06']);

function pickEntry(rng: Random, entryCount: number): ImplementationEntry {
  // Cases concentrate on 许可/确认/给付/公共服务; enforcement items and 征收 rarely appear as 办件.
  // Enforcement items (处罚/强制/检查) are not applied for, so they never become 办件 here.
  let index = rng.int(0, entryCount - 1);
  let entry = implementationEntry(index);
  for (let tries = 0; tries < 4 && entry.item.taskType === '04' && !rng.chance(0.15); tries += 1) {
    entry = implementationEntry(rng.int(0, entryCount - 1));
  }
  while (ENFORCEMENT.has(entry.item.taskType)) {
    index = (index + 1) % entryCount;
    entry = implementationEntry(index);
  }
  return entry;
}

/** A county-level residence: mostly the entry's own county, else a county of the same prefecture. */
function residenceOf(rng: Random, entry: ImplementationEntry): Division {
  if (entry.division.level === 'county' && rng.chance(0.85)) return entry.division;
  const prefCode = entry.division.level === 'county' ? entry.division.parentCode : entry.division.code;
  const siblings = entry.division.level === 'province' ? COUNTIES : COUNTIES.filter((c) => c.parentCode === prefCode);
  return rng.pick(siblings.length > 0 ? siblings : COUNTIES);
}

function randomApplicant(rng: Random, entry: ImplementationEntry): Applicant {
  const audience = entry.item.audience;
  const corporate = audience === 'L' || (audience === 'PL' && rng.chance(0.25));
  const home = residenceOf(rng, entry);
  const area6 = home.code6;
  const accountId = `hlj-${rng.nextUint32().toString(36)}${rng.nextUint32().toString(36)}`;
  if (!corporate) {
    const name = personName(rng);
    const id = idNumber(rng, area6);
    const mobile = mobileNumber(rng);
    return {
      name,
      type: '1',
      pageType: '111',
      pageCode: id,
      legal: null,
      contactName: name,
      contactCode: id,
      contactMobile: mobile,
      address: streetAddress(rng, home),
      zipCode: zipCodeOf(home),
      accountId,
      demoKey: null,
    };
  }
  const agent = personName(rng);
  return {
    name: companyName(rng, home),
    type: '2',
    pageType: '001',
    pageCode: enterpriseUscc(rng, home.code6),
    legal: personName(rng),
    contactName: agent,
    contactCode: idNumber(rng, area6, 1965, 2000),
    contactMobile: mobileNumber(rng),
    address: streetAddress(rng, home).replace(/\d+单元.*$/, ''),
    zipCode: zipCodeOf(home),
    accountId,
    demoKey: null,
  };
}

function demoApplicant(demo: DemoApplicant): Applicant {
  const division = divisionByCode(demo.areaCode);
  const zip = division ? zipCodeOf(division) : '150000';
  if (demo.kind === 'person') {
    return {
      name: demo.name,
      type: '1',
      pageType: '111',
      pageCode: demo.idNumber,
      legal: null,
      contactName: demo.name,
      contactCode: demo.idNumber,
      contactMobile: demo.mobile,
      address: demo.address,
      zipCode: zip,
      accountId: `hlj-demo-${demo.key}`,
      demoKey: demo.key,
    };
  }
  return {
    name: demo.name,
    type: '2',
    pageType: '001',
    pageCode: demo.creditCode,
    legal: demo.legalRepresentative,
    contactName: demo.agent.name,
    contactCode: demo.agent.idNumber,
    contactMobile: demo.agent.mobile,
    address: demo.address,
    zipCode: zip,
    accountId: `hlj-demo-${demo.key}`,
    demoKey: demo.key,
  };
}

const demoEntryCache = new Map<number, { person: number[]; company: number[] }>();

/** Entries in 哈尔滨 (city, 道里/南岗/松北) or the province that suit each demo applicant kind. */
function demoEntries(entryCount: number): { person: number[]; company: number[] } {
  const limit = Math.min(entryCount, NATURAL_ENTRY_COUNT);
  const cached = demoEntryCache.get(limit);
  if (cached) return cached;
  const person: number[] = [];
  const company: number[] = [];
  const fallback = { person: [] as number[], company: [] as number[] };
  const places = new Set(['230000', '230100', '230102', '230103', '230109']);
  for (let i = 0; i < limit; i += 1) {
    const entry = implementationEntry(i);
    const type = entry.item.taskType;
    if (ENFORCEMENT.has(type) || type === '04') continue;
    // Entries outside the demo places are kept as a fallback for tiny worlds.
    const target = places.has(entry.division.code6) ? { person, company } : fallback;
    if (entry.item.audience !== 'L') target.person.push(i);
    if (entry.item.audience !== 'P') target.company.push(i);
  }
  const result = {
    person: person.length > 0 ? person : fallback.person,
    company: company.length > 0 ? company : fallback.company,
  };
  demoEntryCache.set(limit, result);
  return result;
}

export function demoCaseId(applicantIndex: number, n: number): number {
  return DEMO_CASE_BASE + applicantIndex * 2 ** 20 + n;
}

function scenarioFor(rng: Random, entry: ImplementationEntry): Scenario {
  const item = entry.item;
  const roll = rng.next();
  if (item.projectType === '1') return roll < 0.01 ? 'rejected' : 'normal';
  if (roll < 0.03) return 'rejected';
  if (roll < 0.11) return 'correction';
  if (roll < 0.14) return 'extended';
  if (roll < 0.18) return 'overdue';
  if (roll < 0.21 && (item.taskType === '01' || item.taskType === '05')) return 'denied';
  if (roll < 0.22) return 'withdrawn';
  return 'normal';
}

function satisfactionFor(rng: Random, scenario: Scenario): number | null {
  if (!rng.chance(0.7)) return null;
  // Most 好差评 are 非常满意; detours (overdue, 补正, 不予受理) raise the share of 差评.
  const unhappy = scenario === 'overdue' || scenario === 'rejected' || scenario === 'correction' ? 4 : 1;
  return rng.weighted([5, 4, 3, 2, 1], [80, 13, 4, 2 * unhappy, 1 * unhappy]);
}

export interface PlanOptions {
  seed: number;
  /** Implementation entries cases refer to: [0, entryCount). */
  entryCount: number;
  applyAt: number;
  mode: PlanMode;
  /** Case histories per person (journeys.ts); off by default, which keeps every existing stream as it was. */
  journeys?: JourneySettings;
}

/** Plans case `caseId` (a normal index, or a `demoCaseId`). */
export function planCase(caseId: number, options: PlanOptions): CasePlan {
  const rng = new Random(options.seed, 0xca5e, caseId);
  let entry: ImplementationEntry;
  let applicant: Applicant;
  let seq: string;
  if (caseId >= DEMO_CASE_BASE) {
    const local = caseId - DEMO_CASE_BASE;
    const applicantIndex = Math.floor(local / 2 ** 20);
    const n = local % 2 ** 20;
    const demo = DEMO_APPLICANTS[applicantIndex];
    if (!demo) throw new RangeError(`no demo applicant ${applicantIndex}`);
    const pools = demoEntries(options.entryCount);
    const pool = demo.kind === 'person' ? pools.person : pools.company;
    entry = implementationEntry(rng.pick(pool));
    applicant = demoApplicant(demo);
    seq = `9${String(applicantIndex).padStart(2, '0')}${String(n % 1000000).padStart(6, '0')}`;
  } else {
    entry = pickEntry(rng, Math.min(options.entryCount, 100 * NATURAL_ENTRY_COUNT));
    applicant = randomApplicant(rng, entry);
    if (options.journeys) {
      // The same draws as above for a case that starts a chain, so journeys only ever add histories.
      const base = (id: number) => {
        const own = new Random(options.seed, 0xca5e, id);
        const first = pickEntry(own, Math.min(options.entryCount, 100 * NATURAL_ENTRY_COUNT));
        return { entry: first, applicant: randomApplicant(own, first) };
      };
      ({ entry, applicant } = journeyDraw(caseId, options.seed, options.entryCount, options.journeys, base));
    }
    seq = String(caseId % 900000000).padStart(9, '0');
  }
  const item = entry.item;
  const applyType = rng.weighted(['1', '2', '3', '4'] as const, [45, 30, 20, 5]);
  const scenario = caseId >= DEMO_CASE_BASE ? (caseId % 4 === 2 ? 'correction' : 'normal') : scenarioFor(rng, entry);
  const live = options.mode.kind === 'live' ? options.mode.stepMs : 0;
  let applyAt = options.applyAt;
  if (!live) {
    applyAt =
      applyType === '1'
        ? intoOfficeHours(applyAt, rng.int(0, 449))
        : applyAt - (applyAt % DAY_MS) + rng.int(0, 1439) * MINUTE_MS;
  }
  const projectNo = entry.taskCode + compactDateBeijing(applyAt) + seq;
  const staff: [string, string, string] = [personName(rng), personName(rng), personName(rng)];
  const events: PlanEvent[] = [];
  let now = applyAt;
  // Live plans compress the calendar to one step per tick (±1) so progress is visible during a session.
  const gap = (historyMs: number): number => (live && historyMs > 0 ? live * rng.int(1, 2) : historyMs);
  const step = (kind: StepKind, afterMs: number, durationMs = 10 * MINUTE_MS): void => {
    now += gap(afterMs);
    // Officers work office hours; only the applicant's own 收件 (online) may happen at night.
    // Officers work office hours; the applicant's own 收件 (online) may happen at night, and a 即办件
    // is finished on the spot even if that runs past closing time.
    const instantTail = item.projectType === '1' && kind !== 'accept';
    if (!live && kind !== 'receive' && !instantTail) {
      const jitter = rng.int(0, 120) * MINUTE_MS;
      const office = nextOfficeTime(now);
      // Work that waited for the office to open is spread over the morning, not stacked at 09:00.
      now = office === now ? now : office + jitter;
    }
    events.push({ kind: 'step', step: kind, at: now, durationMs: live ? Math.min(durationMs, live) : durationMs });
  };
  step('receive', 0, 5 * MINUTE_MS);
  const onlineDelay = applyType === '1' ? rng.int(5, 40) * MINUTE_MS : rng.int(1, 20) * HOUR_MS;
  step('accept', onlineDelay);
  const acceptAt = now;
  const days = item.promiseDays;
  const promiseAt = item.projectType === '2' ? addWorkingDays(intoOfficeHours(acceptAt, 450 - 1), days) : null;
  let extendedPromiseAt: number | null = null;
  const finish = (): void => {
    events.push({ kind: 'result', at: now, durationMs: 0 });
  };
  if (scenario === 'rejected') {
    finish();
  } else if (item.projectType === '1') {
    step('decide', rng.int(5, 30) * MINUTE_MS);
    if (item.resultName && rng.chance(0.5)) step('certify', rng.int(5, 30) * MINUTE_MS);
    finish();
  } else {
    const span = Math.max(1, days) * DAY_MS * 1.3;
    if (scenario === 'correction') {
      step('correction', span * 0.15, 2 * HOUR_MS);
      step('resubmit', rng.int(1, 6) * DAY_MS);
    }
    if (scenario === 'withdrawn') {
      step('review', span * 0.2, 4 * HOUR_MS);
      finish();
    } else {
      step('review', span * 0.25, 4 * HOUR_MS);
      if (scenario === 'extended') {
        now += gap(HOUR_MS);
        events.push({ kind: 'special', at: now, durationMs: 0 });
        extendedPromiseAt = addWorkingDays(promiseAt ?? now, 10);
      }
      const late = scenario === 'overdue' ? span + rng.int(2, 15) * DAY_MS : span * 0.2;
      step('decide', scenario === 'extended' ? span * 0.5 + 7 * DAY_MS : late, 2 * HOUR_MS);
      const deadline = extendedPromiseAt ?? promiseAt;
      if (!live && scenario !== 'overdue' && deadline !== null && now > deadline) {
        // Only the overdue scenario misses its deadline: a timely decision lands before it.
        const last = events[events.length - 1] as PlanEvent;
        last.at = Math.max(
          (events[events.length - 2] as PlanEvent).at + 30 * MINUTE_MS,
          deadline - rng.int(1, 5) * HOUR_MS,
        );
        now = last.at;
      }
      // 办结 is the decision; making and delivering the certificate follow it.
      finish();
      if (scenario !== 'denied') {
        if (item.resultName) step('certify', rng.int(2, 24) * HOUR_MS, HOUR_MS);
        if (item.resultName || applyType === '4' || rng.chance(0.4)) step('deliver', rng.int(4, 48) * HOUR_MS, HOUR_MS);
      }
    }
  }
  const satisfaction = satisfactionFor(rng, scenario);
  if (satisfaction !== null) {
    now += gap(rng.int(10, 4000) * MINUTE_MS);
    events.push({ kind: 'evaluation', at: now, durationMs: 0 });
    if (satisfaction <= 2 && rng.chance(0.6)) {
      now += gap(rng.int(1, 7) * DAY_MS);
      events.push({ kind: 'rectification', at: now, durationMs: 0 });
    }
  }
  return {
    caseId,
    projectNo,
    entry,
    applicant,
    applyType,
    scenario,
    applyAt,
    acceptAt,
    promiseAt,
    extendedPromiseAt,
    events,
    satisfaction,
    staff,
    materials: requiredMaterials(item),
    resultName: defaultResultName(item),
  };
}
