/**
 * 猜你想办: scores candidate services from four sources and returns concrete items of the library.
 *
 *   life_event  a recent case of mine triggered a bundle (config/recommendations/life-events.json)
 *   sequence    people who applied for X (mine, recent) often applied for Y within the window
 *               (recommendation_sequences, distinct-applicant counts ≥ minSupport)
 *   history     what I viewed or searched for — only with consent (recommendation_activity)
 *   popular     distinct applicants per item in this region and its ancestors, or this department
 *
 * Candidates are services (基本编码, see migration 0015) until the end, then each becomes the item of
 * that service nearest to the caller: the requested region (then its ancestors), else the region of
 * the caller's latest case. Services the caller already applied for are never recommended.
 * Anonymous callers get `popular` only and nothing about them is read or written.
 */
import type { Recommendation, RecommendationReason } from '../api/contracts/push.js';
import type { Sql } from '../store/types.js';
import type { Owner } from './activity.js';
import type { RecommendationsConfig } from './config.js';
import { followUpIndex, isTrigger, type LifeEventBundle } from './life-events.js';
import { SERVICE_KEY } from './refresh.js';

export type RecommenderSettings = Pick<RecommendationsConfig, 'retentionDays' | 'sequenceWindowDays' | 'historyDays'>;

export interface RecommendInput {
  /** 12-digit region code. */
  region?: string | undefined;
  /** 统一社会信用代码 of a department. */
  dept?: string | undefined;
  limit: number;
  /** Signed-in callers only. */
  user?: {
    /** Keyed hashes the caller's cases are filed under (applicant). */
    caseKeys: string[];
    owner: Owner;
    /** Views and searches are read only with consent. */
    consent: boolean;
  };
  /** "Now" for windows and recency (the offline evaluation asks as of a held-out application). */
  asOf?: Date;
  /** Which sources to use (the offline evaluation switches them one by one). Default: all. */
  sources?: Partial<Record<RecommendationReason, boolean>>;
}

interface Candidate {
  key: string;
  score: number;
  reason: RecommendationReason;
  /** The best single contribution (its reason and label win). */
  best: number;
  label: (itemName: string) => string;
  /** Set when the source already names an item (popular, viewed). */
  item?: { code: string; name: string; deptName: string | null };
}

const DAY_MS = 86_400_000;
/** Weight of a signal by its age: 1 today, ½ after a month, ⅓ after two. */
const recency = (at: Date, now: number): number => 1 / (1 + Math.max(0, now - at.getTime()) / (30 * DAY_MS));

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** The region and its ancestors, nearest first: through `regions`, else from the code's shape. */
export async function regionChain(sql: Sql, region: string): Promise<{ codes: string[]; name: string | null }> {
  const { rows } = await sql.query<{ code: string; name: string; depth: number }>(
    `WITH RECURSIVE up AS (
       SELECT code, name, parent_code, 0 AS depth FROM regions WHERE code = $1
       UNION ALL
       SELECT r.code, r.name, r.parent_code, up.depth + 1 FROM regions r JOIN up ON r.code = up.parent_code
        WHERE up.depth < 6)
     SELECT code, name, depth FROM up ORDER BY depth`,
    [region],
  );
  if (rows.length > 0) return { codes: rows.map((row) => row.code), name: rows[0]?.name ?? null };
  // Not in the library (yet): GB/T 2260 structure — 省 2 digits, 市 4, 县 6, 乡 9.
  const codes = [9, 6, 4, 2]
    .map((digits) => region.slice(0, digits).padEnd(12, '0'))
    .filter((code, index, all) => all.indexOf(code) === index && !/^0+$/.test(code));
  return { codes: [region, ...codes.filter((code) => code !== region)], name: null };
}

interface PopularRow {
  item_code: string;
  service_key: string;
  applicants: number;
  name: string;
  dept_name: string | null;
}

async function popularItems(
  sql: Sql,
  filter: { regions?: string[]; dept?: string },
  limit: number,
): Promise<PopularRow[]> {
  const { rows } = await sql.query<PopularRow>(
    `SELECT p.item_code, p.service_key, p.applicants, i.name, i.dept_name
       FROM recommendation_popularity p JOIN items i ON i.code = p.item_code
      WHERE ($1::text[] IS NULL OR p.region_code = ANY($1::text[]))
        AND ($2::text IS NULL OR p.dept_credit_code = $2)
      ORDER BY p.applicants DESC, p.item_code
      LIMIT $3`,
    [filter.regions ?? null, filter.dept ?? null, limit],
  );
  return rows;
}

interface CaseRow {
  service_key: string;
  name: string | null;
  catalog_code: string | null;
  region_code: string | null;
  at: Date;
}

async function myCases(sql: Sql, caseKeys: string[], days: number, asOf: Date): Promise<CaseRow[]> {
  if (caseKeys.length === 0) return [];
  const { rows } = await sql.query<CaseRow>(
    `SELECT ${SERVICE_KEY('ca', 'item_code')} AS service_key, COALESCE(i.name, ca.item_name) AS name,
            COALESCE(NULLIF(ca.catalog_code, ''), i.catalog_code) AS catalog_code, ca.region_code,
            COALESCE(ca.applied_at, ca.accepted_at, ca.created_at) AS at
       FROM case_acceptances ca LEFT JOIN items i ON i.code = ca.item_code
      WHERE ca.applicant_key_hash = ANY($1::text[])
        AND COALESCE(ca.applied_at, ca.accepted_at, ca.created_at) >= $3::timestamptz - make_interval(days => $2::int)
        AND COALESCE(ca.applied_at, ca.accepted_at, ca.created_at) <= $3::timestamptz
      ORDER BY at DESC
      LIMIT 100`,
    [caseKeys, days, asOf.toISOString()],
  );
  return rows;
}

interface ActivitySignal {
  kind: 'view' | 'search';
  item_code: string | null;
  item_name: string | null;
  dept_name: string | null;
  service_key: string | null;
  query: string | null;
  at: Date;
}

async function myActivity(sql: Sql, owner: Owner, retentionDays: number): Promise<ActivitySignal[]> {
  const { rows } = await sql.query<ActivitySignal>(
    `SELECT a.kind, a.item_code, i.name AS item_name, i.dept_name,
            CASE WHEN i.code IS NULL THEN NULL ELSE ${SERVICE_KEY('i', 'code')} END AS service_key, a.query, a.at
       FROM recommendation_activity a LEFT JOIN items i ON i.code = a.item_code
      WHERE a.issuer = $1 AND a.subject = $2 AND a.at >= now() - make_interval(days => $3::int)
      ORDER BY a.at DESC
      LIMIT 30`,
    [owner.issuer, owner.subject, retentionDays],
  );
  return rows;
}

interface KeyName {
  key: string;
  name: string;
}

/** Services whose items match any of the patterns (substring) or codes, with one item name each. */
async function servicesMatching(sql: Sql, patterns: string[], codes: string[]): Promise<KeyName[]> {
  if (patterns.length === 0 && codes.length === 0) return [];
  const { rows } = await sql.query<KeyName>(
    `SELECT DISTINCT ON (k) k AS key, name FROM (
       SELECT ${SERVICE_KEY('i', 'code')} AS k, i.name, i.task_handle_item
         FROM items i
        WHERE (i.state IS NULL OR i.state = 'active')
          AND (i.name LIKE ANY($1::text[]) OR i.catalog_code = ANY($2::text[]))) x
     ORDER BY k, (task_handle_item IS NOT NULL), name`,
    [patterns.map((p) => `%${escapeLike(p)}%`), codes],
  );
  return rows;
}

interface ItemRow {
  key: string;
  code: string;
  name: string;
  dept_name: string | null;
}

/** One item per service: nearest region in `chain` first, then the most applied-for, base items before 办理项. */
async function itemsFor(sql: Sql, keys: string[], chain: string[]): Promise<Map<string, ItemRow>> {
  if (keys.length === 0) return new Map();
  const { rows } = await sql.query<ItemRow>(
    `SELECT DISTINCT ON (k) k AS key, code, name, dept_name FROM (
       SELECT ${SERVICE_KEY('i', 'code')} AS k, i.code, i.name, i.dept_name, i.task_handle_item,
              COALESCE(array_position($2::text[], i.region_code), 1000) AS near,
              COALESCE(p.applicants, 0) AS pop
         FROM items i LEFT JOIN recommendation_popularity p ON p.item_code = i.code
        WHERE ${SERVICE_KEY('i', 'code')} = ANY($1::text[]) AND (i.state IS NULL OR i.state = 'active')) x
     ORDER BY k, near, (task_handle_item IS NOT NULL), pop DESC, code`,
    [keys, chain],
  );
  return new Map(rows.map((row) => [row.key, row]));
}

export async function recommend(
  sql: Sql,
  bundles: readonly LifeEventBundle[],
  settings: RecommenderSettings,
  input: RecommendInput,
): Promise<Recommendation[]> {
  const use = (reason: RecommendationReason): boolean => input.sources?.[reason] ?? true;
  const now = input.asOf?.getTime() ?? Date.now();
  const candidates = new Map<string, Candidate>();
  const offer = (candidate: Omit<Candidate, 'best'>): void => {
    const known = candidates.get(candidate.key);
    if (!known) {
      candidates.set(candidate.key, { ...candidate, best: candidate.score });
      return;
    }
    // Several signals for one service add up; the strongest one explains it.
    known.score += candidate.score;
    if (candidate.score > known.best) {
      known.best = candidate.score;
      known.reason = candidate.reason;
      known.label = candidate.label;
      if (candidate.item) known.item = candidate.item;
    }
  };

  const chain = input.region ? await regionChain(sql, input.region) : null;
  const done = new Set<string>();
  let homeChain: string[] = [];

  if (input.user) {
    const cases = await myCases(sql, input.user.caseKeys, settings.historyDays, new Date(now));
    for (const row of cases) done.add(row.service_key);
    const latestRegion = cases.find((row) => row.region_code)?.region_code;
    if (latestRegion) homeChain = (await regionChain(sql, latestRegion)).codes;

    // Life events: the latest trigger case of each bundle within its window.
    if (use('life_event')) {
      const triggered: Array<{ bundle: LifeEventBundle; trigger: CaseRow }> = [];
      for (const bundle of bundles) {
        const trigger = cases.find(
          (row) =>
            now - row.at.getTime() <= bundle.withinDays * DAY_MS && isTrigger(bundle, row.name, row.catalog_code),
        );
        if (trigger) triggered.push({ bundle, trigger });
      }
      const services = await servicesMatching(
        sql,
        triggered.flatMap(({ bundle }) => bundle.followUps),
        triggered.flatMap(({ bundle }) => bundle.followUpCatalogCodes),
      );
      for (const { bundle, trigger } of triggered) {
        const weight = recency(trigger.at, now);
        const total = bundle.followUps.length + bundle.followUpCatalogCodes.length;
        for (const service of services) {
          const index = followUpIndex(bundle, service.name, service.key.length === 12 ? service.key : null);
          if (index === undefined) continue;
          const triggerName = trigger.name ?? '相关事项';
          offer({
            key: service.key,
            // The bundle's order is the usual order: earlier follow-ups first.
            score: (3 + 0.5 * (1 - index / total)) * weight,
            reason: 'life_event',
            label: (itemName) => `您办理了${triggerName}，通常接着办理：${itemName}`,
          });
        }
      }
    }

    // Sequences from my recent cases (and, with consent, the items I viewed, at half weight).
    const activity =
      input.user.consent && use('history') ? await myActivity(sql, input.user.owner, settings.retentionDays) : [];
    if (use('sequence')) {
      const sources = new Map<string, { name: string; weight: number }>();
      for (const row of cases) {
        if (now - row.at.getTime() > settings.sequenceWindowDays * DAY_MS) continue;
        const weight = recency(row.at, now);
        if (!sources.has(row.service_key)) sources.set(row.service_key, { name: row.name ?? '相关事项', weight });
      }
      for (const row of activity) {
        if (row.kind !== 'view' || !row.service_key || sources.has(row.service_key)) continue;
        sources.set(row.service_key, { name: row.item_name ?? '相关事项', weight: 0.5 * recency(row.at, now) });
      }
      if (sources.size > 0) {
        const { rows } = await sql.query<{ from_key: string; to_key: string; support: number; from_support: number }>(
          `SELECT from_key, to_key, support, from_support FROM recommendation_sequences
            WHERE from_key = ANY($1::text[]) ORDER BY support DESC LIMIT 300`,
          [[...sources.keys()]],
        );
        const days = settings.sequenceWindowDays;
        for (const row of rows) {
          const source = sources.get(row.from_key);
          if (!source) continue;
          offer({
            key: row.to_key,
            score: 3 * (row.support / row.from_support) * source.weight,
            reason: 'sequence',
            label: (itemName) => `办理过${source.name}的人，${days}天内常接着办理${itemName}`,
          });
        }
      }
    }

    // What I looked at and searched for (consented only).
    const searched = new Set<string>();
    for (const row of activity) {
      const weight = recency(row.at, now);
      if (row.kind === 'view' && row.service_key && row.item_code && row.item_name) {
        const name = row.item_name;
        offer({
          key: row.service_key,
          score: 1.5 * weight,
          reason: 'history',
          label: () => `您最近浏览过${name}`,
          item: { code: row.item_code, name, deptName: row.dept_name },
        });
      } else if (row.kind === 'search' && row.query && !searched.has(row.query) && searched.size < 5) {
        const query = row.query;
        searched.add(query);
        // Only the query's own words: a masked ID number (1234********5678) matches nothing.
        const words = query.split(/[\s*，。、,.;；:：!！?？“”"']+/).filter((word) => [...word].length >= 2);
        if (words.length === 0) continue;
        for (const service of (await servicesMatching(sql, words, [])).slice(0, 3)) {
          offer({
            key: service.key,
            score: 1.2 * weight,
            reason: 'history',
            label: () => `与您搜索的“${query}”相关`,
          });
        }
      }
    }
  }

  // Popular: fills the rest, and is all an anonymous caller gets.
  if (use('popular')) {
    const popular = await popularItems(
      sql,
      { ...(chain ? { regions: chain.codes } : {}), ...(input.dept ? { dept: input.dept } : {}) },
      Math.max(20, input.limit * 4),
    );
    const top = popular[0]?.applicants ?? 1;
    const where = input.dept ? '本部门' : chain?.name ? chain.name : '';
    for (const row of popular) {
      if (done.has(row.service_key)) continue;
      offer({
        key: row.service_key,
        score: (0.5 * row.applicants) / top,
        reason: 'popular',
        label: () => `${where}近期办理较多`,
        item: { code: row.item_code, name: row.name, deptName: row.dept_name },
      });
    }
  }

  const ranked = [...candidates.values()]
    .filter((candidate) => !done.has(candidate.key))
    .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
  const wanted = ranked.slice(0, input.limit * 2);
  const items = await itemsFor(
    sql,
    wanted.filter((candidate) => !candidate.item).map((candidate) => candidate.key),
    [...(chain?.codes ?? []), ...homeChain],
  );
  const out: Recommendation[] = [];
  for (const candidate of wanted) {
    const item =
      candidate.item ??
      (() => {
        const row = items.get(candidate.key);
        return row ? { code: row.code, name: row.name, deptName: row.dept_name } : undefined;
      })();
    if (!item) continue;
    out.push({
      itemCode: item.code,
      itemName: item.name,
      deptName: item.deptName,
      reason: candidate.reason,
      reasonLabel: candidate.label(item.name),
    });
    if (out.length >= input.limit) break;
  }
  return out;
}
