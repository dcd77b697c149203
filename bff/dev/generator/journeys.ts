/**
 * Case histories per person (opt-in, `journeys` in PlanOptions / CaseStreamOptions): without it every
 * generated case has its own applicant, so nobody has a history. With it, a share of cases continue
 * an earlier case's applicant a few weeks later, and what they apply for next follows a life journey
 * (出生 → 出生登记 → 新生儿医保参保 …, 企业设立 → 印章 → 税务 …) most of the time, skips a step
 * sometimes, and is anything at all otherwise.
 *
 * Everything is re-derivable from (seed, case id): a case names its parent by offset, so a chain is
 * walked back to its first case (a fresh applicant, drawn exactly as without journeys) and forward
 * again, item by item. Nothing is kept between calls; streams stay flat in memory.
 *
 * The journeys here are deliberately not a copy of config/recommendations/life-events.json: some
 * (个体工商户开业, 公积金贷款, 证件出行, 工程建设) exist only here, so only a recommender that learns
 * from other people's cases can find them; some config bundles list follow-ups nobody here takes.
 */
import { CATALOG, type CatalogItem } from './catalog.js';
import type { Applicant } from './case-plan.js';
import { implementationEntry, type ImplementationEntry, NATURAL_ENTRY_COUNT } from './implementation.js';
import { Random } from './prng.js';

interface Journey {
  who: 'person' | 'company';
  items: number[];
}

const RAW_JOURNEYS: ReadonlyArray<readonly ['person' | 'company', readonly string[]]> = [
  ['person', ['生育登记', '出生医学证明首次签发', '出生登记', '新生儿医保参保登记', '社会保障卡申领']],
  ['person', ['内地居民结婚登记', '户口迁移（投靠亲属）', '生育登记']],
  ['person', ['职工退休申请（基本养老金申领）', '住房公积金提取（离休、退休）', '老年人免费乘车卡办理']],
  [
    'person',
    [
      '商品房买卖合同网签备案',
      '契税申报',
      '不动产首次登记（房屋所有权）',
      '户口迁移（购房落户）',
      '义务教育阶段入学登记',
    ],
  ],
  ['person', ['车辆购置税申报', '机动车注册登记', '机动车检验合格标志核发']],
  ['person', ['就业失业登记', '失业保险金申领', '灵活就业人员参保登记', '灵活就业人员医保参保登记']],
  ['person', ['死亡注销户口登记', '丧葬补助金、抚恤金申领', '不动产转移登记（继承、受遗赠）']],
  ['person', ['个体工商户设立登记', '食品经营许可', '灵活就业人员参保登记']],
  ['person', ['住房公积金个人住房贷款申请', '住房公积金提取（偿还购房贷款本息）', '不动产抵押权登记']],
  ['person', ['居民身份证换领', '普通护照签发', '往来港澳通行证签发']],
  [
    'company',
    [
      '企业设立登记',
      '印章刻制备案',
      '税务登记（一照一码户信息确认）',
      '发票领用',
      '企业职工基本养老保险参保登记',
      '住房公积金单位缴存登记',
      '招用人员就业登记',
    ],
  ],
  ['company', ['企业设立登记', '食品经营许可', '公共场所卫生许可']],
  ['company', ['建设工程规划许可证核发', '建筑工程施工许可证核发', '建设工程竣工验收备案']],
];

function itemIndexOf(name: string): number {
  const item = CATALOG.find((candidate) => candidate.name === name);
  if (!item) throw new Error(`journey item not in the catalogue: ${name}`);
  return item.index;
}

export const JOURNEYS: readonly Journey[] = RAW_JOURNEYS.map(([who, names]) => ({
  who,
  items: names.map(itemIndexOf),
}));

export interface JourneySettings {
  /** Total cases and window of the history, to turn a gap in days into an index offset. */
  total: number;
  windowDays: number;
  /** Share of cases that continue an earlier applicant (default 0.5). */
  followShare?: number;
}

/** Entry and applicant of a case as drawn without journeys (case-plan.ts passes its own drawing). */
export type BaseDraw = (caseId: number) => { entry: ImplementationEntry; applicant: Applicant };

const STREAM = 0x10e7;

/** The case this one continues, or null: depends only on (seed, caseId). */
function parentOf(seed: number, caseId: number, settings: JourneySettings): { parent: number | null; rng: Random } {
  const rng = new Random(seed, STREAM, caseId);
  if (!rng.chance(settings.followShare ?? 0.5)) return { parent: null, rng };
  const gapDays = rng.int(3, 80);
  const offset = Math.max(1, Math.round((gapDays * settings.total) / settings.windowDays));
  const parent = caseId - offset;
  return { parent: parent >= 0 ? parent : null, rng };
}

const entryCache = new Map<number, Map<number, number[]>>();

/** Natural entries (round 0) below `entryCount`, per catalogue item. */
function entriesByItem(entryCount: number): Map<number, number[]> {
  const limit = Math.min(entryCount, NATURAL_ENTRY_COUNT);
  let map = entryCache.get(limit);
  if (!map) {
    map = new Map();
    for (let i = 0; i < limit; i += 1) {
      const item = implementationEntry(i).item.index;
      const list = map.get(item) ?? [];
      list.push(i);
      map.set(item, list);
    }
    entryCache.set(limit, map);
  }
  return map;
}

/** The item's entry nearest to `home`: same division, then same prefecture, then the first one. */
function entryFor(itemIndex: number, home: ImplementationEntry, entryCount: number): ImplementationEntry | null {
  const list = entriesByItem(entryCount).get(itemIndex);
  if (!list || list.length === 0) return null;
  const entries = list.map((i) => implementationEntry(i));
  const prefecture = home.division.code6.slice(0, 4);
  return (
    entries.find((e) => e.division.code === home.division.code) ??
    entries.find((e) => e.division.code6.startsWith(prefecture) && e.division.level !== 'province') ??
    (entries[0] as ImplementationEntry)
  );
}

const ENFORCEMENT = new Set(['02', '03', '06']);

function suits(item: CatalogItem, applicant: Applicant): boolean {
  if (ENFORCEMENT.has(item.taskType)) return false;
  return applicant.type === '1' ? item.audience !== 'L' : item.audience !== 'P';
}

/** Anything at all the applicant may apply for (the noise around journeys). */
function anyItem(rng: Random, applicant: Applicant, entryCount: number): number {
  const limit = Math.min(entryCount, NATURAL_ENTRY_COUNT);
  for (let tries = 0; tries < 20; tries += 1) {
    const entry = implementationEntry(rng.int(0, limit - 1));
    if (suits(entry.item, applicant)) return entry.item.index;
  }
  return implementationEntry(rng.int(0, limit - 1)).item.index;
}

function journeysFor(applicant: Applicant): Journey[] {
  return JOURNEYS.filter((journey) => journey.who === (applicant.type === '1' ? 'person' : 'company'));
}

/** What comes after `previous`: the journey's next step (65 %), the one after (15 %), else anything. */
function nextItem(rng: Random, previous: number, applicant: Applicant, entryCount: number): number {
  const roll = rng.next();
  const onJourney = journeysFor(applicant).filter((journey) => journey.items.includes(previous));
  if (onJourney.length > 0) {
    const journey = rng.pick(onJourney);
    const at = journey.items.indexOf(previous);
    const step = roll < 0.65 ? 1 : roll < 0.8 ? 2 : 0;
    const next = step > 0 ? journey.items[at + step] : undefined;
    if (next !== undefined) return next;
  } else if (roll < 0.3) {
    // Someone off any journey starts one now and then.
    const journeys = journeysFor(applicant);
    if (journeys.length > 0) return (rng.pick(journeys).items[0] as number) ?? previous;
  }
  return anyItem(rng, applicant, entryCount);
}

/**
 * Entry and applicant of `caseId` with journeys: the chain back to its first case, then forward.
 * The first case keeps its own draw, but a third of them start a journey instead of a random item.
 */
export function journeyDraw(
  caseId: number,
  seed: number,
  entryCount: number,
  settings: JourneySettings,
  base: BaseDraw,
): { entry: ImplementationEntry; applicant: Applicant; parent: number | null } {
  const chain: Array<{ id: number; rng: Random }> = [];
  let id: number | null = caseId;
  while (id !== null) {
    const link = parentOf(seed, id, settings);
    chain.push({ id, rng: link.rng });
    id = link.parent;
  }
  const root = chain[chain.length - 1] as { id: number; rng: Random };
  const first = base(root.id);
  const { applicant } = first;
  let entry = first.entry;
  if (root.rng.chance(1 / 3)) {
    const journeys = journeysFor(applicant);
    const start = journeys.length > 0 ? entryFor(root.rng.pick(journeys).items[0] as number, entry, entryCount) : null;
    if (start) entry = start;
  }
  const home = first.entry;
  for (let i = chain.length - 2; i >= 0; i -= 1) {
    const link = chain[i] as { id: number; rng: Random };
    const next = entryFor(nextItem(link.rng, entry.item.index, applicant, entryCount), home, entryCount);
    if (next) entry = next;
  }
  return { entry, applicant, parent: chain[1]?.id ?? null };
}
