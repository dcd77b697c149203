/**
 * The ItemFilters of the navigation contract as SQL over item_search (`s`, lists and search) and the
 * facet roll-up (`f`, totals and facets), which carry the same filter columns, and as a JavaScript
 * predicate for rows already read. One module, so they can only disagree when a test says so
 * (test/bff/api/items: totals and facets equal hand-written counts over `items`).
 */
import type { ItemFilters } from '../api/contracts/items.js';

export type FacetName = 'dept' | 'region' | 'theme' | 'type' | 'object' | 'online' | 'visits' | 'projectType';

export interface ResolvedFilters extends ItemFilters {
  /** `region` and every region below it (regions.ts regionWithDescendants). */
  regionCodes?: string[];
}

/** 服务对象 of the 法人 family (audience=legal). */
export const LEGAL_OBJECTS = [
  'enterprise',
  'institution',
  'social_org',
  'unincorporated',
  'government',
  'other_org',
] as const;

/** Positional parameters collected while a statement is assembled. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** `theme=005` (with or without audience) or `theme=natural:005` (as the facet lists it without one). */
export function parseTheme(filters: ItemFilters): { audience?: 'natural' | 'legal'; code: string } | undefined {
  if (!filters.theme) return undefined;
  const qualified = /^(natural|legal):(.+)$/.exec(filters.theme);
  if (qualified) return { audience: qualified[1] as 'natural' | 'legal', code: qualified[2] as string };
  return filters.audience ? { audience: filters.audience, code: filters.theme } : { code: filters.theme };
}

/**
 * Predicates over a row source with the filter columns of item_search and item_facet_counts (the
 * same names in both): `s` for item_search (lists, search), `f` for the roll-up (totals, facets).
 */
export function filterPredicates(
  filters: ResolvedFilters,
  params: SqlParams,
  alias: 's' | 'f',
  omit?: FacetName,
): string[] {
  const c = (column: string): string => `${alias}.${column}`;
  const where: string[] = [];
  if (filters.dept && omit !== 'dept') where.push(`${c('dept_credit_code')} = ${params.add(filters.dept)}`);
  if (filters.region && omit !== 'region') {
    where.push(`${c('region_code')} = ANY(${params.add(filters.regionCodes ?? [filters.region])}::text[])`);
  }
  const theme = parseTheme(filters);
  if (theme && omit !== 'theme') {
    const code = params.add(theme.code);
    const inList = (list: string): string => `${c(list)} @> ARRAY[${code}::text]`;
    where.push(
      theme.audience === 'natural'
        ? inList('natural_themes')
        : theme.audience === 'legal'
          ? inList('legal_themes')
          : `(${inList('natural_themes')} OR ${inList('legal_themes')})`,
    );
  }
  if (filters.audience && omit !== 'theme') {
    const family = filters.audience === 'natural' ? ['natural'] : [...LEGAL_OBJECTS];
    where.push(`${c('service_objects')} && ${params.add(family)}::text[]`);
  }
  if (filters.type && omit !== 'type') where.push(`${c('task_type')} = ${params.add(filters.type)}`);
  if (filters.object && omit !== 'object')
    where.push(`${c('service_objects')} @> ARRAY[${params.add(filters.object)}::text]`);
  if (filters.online === '1' && omit !== 'online') where.push(`${c('online')} IS TRUE`);
  // 最多跑一次 includes 零跑动: visits=1 means at most one visit.
  if (filters.visits && omit !== 'visits') where.push(`${c('visits')} <= ${params.add(Number(filters.visits))}`);
  if (filters.projectType && omit !== 'projectType')
    where.push(`${c('project_type')} = ${params.add(filters.projectType)}`);
  return where;
}

/** A roll-up-shaped row (item_facet_counts without the count). */
export interface FacetValues {
  dept_credit_code: string;
  region_code: string | null;
  task_type: string | null;
  service_objects: string[];
  online: boolean | null;
  visits: number | null;
  project_type: string | null;
  natural_themes: string[];
  legal_themes: string[];
}

/** The same rules in JavaScript, for rows already read (facets under a query). */
export function matchesFilters(row: FacetValues, filters: ResolvedFilters, omit?: FacetName): boolean {
  if (filters.dept && omit !== 'dept' && row.dept_credit_code !== filters.dept) return false;
  if (filters.region && omit !== 'region' && !(filters.regionCodes ?? [filters.region]).includes(row.region_code ?? ''))
    return false;
  const theme = parseTheme(filters);
  if (theme && omit !== 'theme') {
    const inNatural = theme.audience !== 'legal' && row.natural_themes.includes(theme.code);
    const inLegal = theme.audience !== 'natural' && row.legal_themes.includes(theme.code);
    if (!inNatural && !inLegal) return false;
  }
  if (filters.audience && omit !== 'theme') {
    const family: readonly string[] = filters.audience === 'natural' ? ['natural'] : LEGAL_OBJECTS;
    if (!row.service_objects.some((o) => family.includes(o))) return false;
  }
  if (filters.type && omit !== 'type' && row.task_type !== filters.type) return false;
  if (filters.object && omit !== 'object' && !row.service_objects.includes(filters.object)) return false;
  if (filters.online === '1' && omit !== 'online' && row.online !== true) return false;
  if (filters.visits && omit !== 'visits' && !(row.visits !== null && row.visits <= Number(filters.visits)))
    return false;
  if (filters.projectType && omit !== 'projectType' && row.project_type !== filters.projectType) return false;
  return true;
}

export const whereClause = (conditions: readonly string[]): string =>
  conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;

export const andClause = (conditions: readonly string[]): string =>
  conditions.length === 0 ? '' : `AND ${conditions.join(' AND ')}`;

export function hasFilters(filters: ResolvedFilters): boolean {
  return Boolean(
    filters.dept ||
    filters.region ||
    filters.theme ||
    filters.audience ||
    filters.type ||
    filters.object ||
    filters.online ||
    filters.visits ||
    filters.projectType,
  );
}
