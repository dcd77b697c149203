/** What the navigation routes call: rules and shapes, no HTTP. */
import { maskPiiInText } from '../../privacy/pii.js';
import type {
  FacetsResponse,
  FacetValue,
  GuideStep,
  ItemGuide,
  ItemListResponse,
  ItemSummary,
} from '../contracts/items.js';
import { type FacetName, matchesFilters, type ResolvedFilters } from '../../search/item-filters.js';
import { rankNames } from '../../search/name-ranker.js';
import type { SearchContext } from '../../search/search-service.js';
import { type Cursor, encodeCursor, type ItemSort } from './cursor.js';
import {
  MATERIAL_FORMAT_LABELS,
  NECESSITY_LABELS,
  ONLINE_LABEL,
  PROJECT_TYPE_LABELS,
  SERVICE_OBJECT_LABELS,
  SOURCE_CHANNEL_LABELS,
  TASK_TYPE_LABELS,
  timeLimit,
  VISITS_LABELS,
} from './labels.js';
import {
  countItems,
  deptNames,
  facetItemRows,
  facetRows,
  guideRows,
  listItemRows,
  regionChildren,
  regionFacetParent,
  type SummaryRow,
} from './queries.js';

export function toSummary(row: Omit<SummaryRow, 'sort_value'>): ItemSummary {
  return {
    code: row.code,
    name: row.name,
    deptCode: row.dept_credit_code,
    deptName: row.dept_name,
    regionCode: row.region_code,
    regionName: row.region_name,
    taskType: row.task_type,
    taskTypeLabel: row.task_type ? (TASK_TYPE_LABELS[row.task_type] ?? null) : null,
    projectType: row.project_type,
    promisedLimit: timeLimit(row.promised_limit, row.promised_limit_unit, row.project_type === 'immediate'),
    visits: row.limit_scene_num,
    online: row.online_handling === true,
  };
}

/** With a query: the ranked names, and the query's region as a filter when none was given. */
async function narrowByQuery(context: SearchContext, q: string | undefined, filters: ResolvedFilters) {
  if (!q) return { filters: await context.resolveFilters(filters), rankedNames: undefined };
  const understood = await context.understand(q);
  const ranking = await rankNames(context.sql, understood);
  return { filters: await context.resolveFilters(filters, understood), rankedNames: ranking.names.map((r) => r.name) };
}

export async function listItems(
  context: SearchContext,
  input: {
    q?: string;
    filters: ResolvedFilters;
    sort?: ItemSort;
    cursor: (sort: ItemSort) => Cursor | null;
    limit: number;
  },
): Promise<ItemListResponse> {
  const { filters, rankedNames } = await narrowByQuery(context, input.q, input.filters);
  // Relevance needs a query; without one, name order is what a person browsing expects.
  const sort: ItemSort = input.sort ?? (rankedNames ? 'relevance' : 'name');
  const effectiveSort: ItemSort = sort === 'relevance' && !rankedNames ? 'name' : sort;
  const cursor = input.cursor(effectiveSort);
  const rows = await listItemRows(context.sql, {
    filters,
    sort: effectiveSort,
    cursor,
    limit: input.limit,
    rankedNames,
  });
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toSummary),
    // Counted on every page (the roll-up makes it cheap), so it stays true while paging.
    total: await countItems(context.sql, filters, rankedNames),
    nextCursor:
      rows.length > input.limit && last
        ? encodeCursor({ sort: effectiveSort, key: [last.sort_value, last.code] })
        : null,
  };
}

/**
 * 办理流程 as steps: the step table when the source sends one (AUDIT_ITEM_FLOWSHEET style), else the
 * numbered 办理流程 text split into its steps (1.申请：…；2.受理：…).
 */
export function stepsFromFlowText(flow: string | null): GuideStep[] {
  if (!flow) return [];
  return flow
    .split(/[；;]\s*(?=\d+[.．、])/)
    .map((part) =>
      part
        .replace(/^\s*\d+[.．、]\s*/, '')
        .replace(/[；;。]\s*$/, '')
        .trim(),
    )
    .filter(Boolean)
    .map((part) => {
      const colon = part.search(/[：:]/);
      return colon > 0 && colon <= 12
        ? {
            name: part.slice(0, colon),
            description: part.slice(colon + 1).trim() || null,
            handlerRole: null,
            timeLimit: null,
          }
        : { name: part, description: null, handlerRole: null, timeLimit: null };
    });
}

const maskedContact = (text: string | null): string | null => (text === null ? null : maskPiiInText(text));

/** ItemGuide plus what this API adds to the contract (reported to the widget side). */
export type ItemGuideOut = ItemGuide & {
  /** 结果名称 (营业执照, 居民身份证 …). */
  resultName: string | null;
  /** Codes of serviceObjects (which carries the Chinese labels), for filters. */
  serviceObjectCodes: string[];
};

export async function itemGuide(context: SearchContext, code: string): Promise<ItemGuideOut | null> {
  const found = await guideRows(context.sql, code);
  if (!found) return null;
  const { item } = found;
  return {
    ...toSummary(item),
    conditions: item.accept_conditions,
    materials: found.materials.map((m) => ({
      name: m.name,
      necessity: (m.necessity as 'required' | 'optional' | 'deferrable' | null) ?? null,
      necessityLabel: m.necessity ? (NECESSITY_LABELS[m.necessity] ?? null) : null,
      format: m.format,
      formatLabel: m.format ? (MATERIAL_FORMAT_LABELS[m.format] ?? null) : null,
      paperCopies: m.paper_copies,
      sourceChannelLabel:
        m.source_channel_note ?? (m.source_channel ? (SOURCE_CHANNEL_LABELS[m.source_channel] ?? null) : null),
      blankFormUrl: m.blank_form_url,
      sampleUrl: m.sample_url,
      notes: [m.accept_standard, m.fill_notes, m.remark].filter(Boolean).join('；') || null,
    })),
    fees: found.fees.map((f) => ({
      name: f.name,
      standard: f.standard,
      reducible: f.reducible,
      legalBasis: f.legal_basis,
    })),
    free: item.is_fee === null ? null : !item.is_fee,
    statutoryLimit: timeLimit(item.statutory_limit, item.statutory_limit_unit),
    place: item.place,
    hours: item.hours,
    // Office numbers are public; a mobile number in these fields is a person's and is masked (pii.ts).
    consultPhone: maskedContact(item.consult_phone ?? item.consult_way),
    complaintPhone: maskedContact(item.complaint_phone ?? item.complaint_way),
    legalBasis: item.legal_basis,
    faqs: found.faqs,
    steps:
      found.steps.length > 0
        ? found.steps.map((s) => ({
            name: s.name,
            description: s.description,
            handlerRole: s.handler_role,
            timeLimit: s.time_limit_text,
          }))
        : stepsFromFlowText(item.handling_flow),
    onlineUrl: item.online_url,
    onlineSso: item.online_sso === true,
    mobileUrl: item.mobile_url,
    serviceObjects: item.service_objects.map((o) => SERVICE_OBJECT_LABELS[o] ?? o),
    serviceObjectCodes: item.service_objects,
    themes: found.themes,
    updatedAt: item.updated_at ? item.updated_at.toISOString() : null,
    resultName: item.result_name,
  };
}

const FACETS: readonly FacetName[] = ['dept', 'region', 'theme', 'type', 'object', 'online', 'visits', 'projectType'];

function labelled(facet: FacetName, rows: FacetValue[]): FacetValue[] {
  const table: Readonly<Record<string, string>> | undefined =
    facet === 'type'
      ? TASK_TYPE_LABELS
      : facet === 'object'
        ? SERVICE_OBJECT_LABELS
        : facet === 'projectType'
          ? PROJECT_TYPE_LABELS
          : facet === 'visits'
            ? VISITS_LABELS
            : facet === 'online'
              ? { '1': ONLINE_LABEL }
              : undefined;
  return table ? rows.map((row) => ({ ...row, label: table[row.value] ?? row.value })) : rows;
}

/** Facets counted in JavaScript over rows already read: one query instead of eight (facets under a query). */
async function facetsOfRows(
  context: SearchContext,
  filters: ResolvedFilters,
  rankedNames: readonly string[],
  regionParent: string | null,
) {
  const [rows, regions] = [
    await facetItemRows(context.sql, rankedNames),
    await regionChildren(context.sql, regionParent),
  ];
  const childOf = new Map(regions.map((r) => [r.code, r]));
  const counters = new Map<FacetName, Map<string, { label: string; count: number }>>(FACETS.map((f) => [f, new Map()]));
  const bump = (facet: FacetName, value: string, label = ''): void => {
    const counter = counters.get(facet) as Map<string, { label: string; count: number }>;
    const known = counter.get(value);
    if (known) known.count += 1;
    else counter.set(value, { label, count: 1 });
  };
  const themeLabels = await themeNames(context);
  for (const row of rows) {
    if (matchesFilters(row, filters, 'dept')) bump('dept', row.dept_credit_code);
    const region = childOf.get(row.region_code ?? '');
    if (region && matchesFilters(row, filters, 'region')) bump('region', region.child, region.label);
    if (matchesFilters(row, filters, 'theme')) {
      for (const audience of ['natural', 'legal'] as const) {
        if (filters.audience && filters.audience !== audience) continue;
        for (const code of audience === 'natural' ? row.natural_themes : row.legal_themes) {
          const name = themeLabels.get(`${audience}:${code}`) ?? code;
          if (filters.audience) bump('theme', code, name);
          else bump('theme', `${audience}:${code}`, `${name}（${audience === 'natural' ? '个人' : '法人'}）`);
        }
      }
    }
    if (row.task_type && matchesFilters(row, filters, 'type')) bump('type', row.task_type);
    if (matchesFilters(row, filters, 'object')) row.service_objects.forEach((o) => bump('object', o));
    if (row.online && matchesFilters(row, filters, 'online')) bump('online', '1');
    if (row.visits !== null && matchesFilters(row, filters, 'visits')) {
      if (row.visits <= 0) bump('visits', '0');
      if (row.visits <= 1) bump('visits', '1');
    }
    if (
      (row.project_type === 'immediate' || row.project_type === 'promised') &&
      matchesFilters(row, filters, 'projectType')
    ) {
      bump('projectType', row.project_type);
    }
  }
  const depts = counters.get('dept') as Map<string, { label: string; count: number }>;
  const names = await deptNames(context.sql, [...depts.keys()]);
  for (const [code, value] of depts) value.label = names.get(code) ?? code;
  return FACETS.map((facet) => {
    const values = [...(counters.get(facet) as Map<string, { label: string; count: number }>)].map(([value, v]) => ({
      value,
      label: v.label,
      count: v.count,
    }));
    values.sort(
      (a, b) =>
        (facet === 'dept' || facet === 'type' || facet === 'object' ? b.count - a.count : 0) ||
        (a.value < b.value ? -1 : 1),
    );
    return labelled(facet, facet === 'dept' ? values.slice(0, 200) : values);
  });
}

/** Theme names per search context (one per app): the code lists change with a migration, not at run time. */
const themeCache = new WeakMap<SearchContext, Promise<Map<string, string>>>();
function themeNames(context: SearchContext): Promise<Map<string, string>> {
  let names = themeCache.get(context);
  if (!names) {
    names = context.sql
      .query<{ audience: string; code: string; name: string }>('SELECT audience, code, name FROM themes')
      .then(({ rows }) => new Map(rows.map((row) => [`${row.audience}:${row.code}`, row.name])));
    themeCache.set(context, names);
  }
  return names;
}

export async function facets(
  context: SearchContext,
  input: { q?: string; filters: ResolvedFilters },
): Promise<FacetsResponse> {
  const { filters, rankedNames } = await narrowByQuery(context, input.q, input.filters);
  const regionParent = await regionFacetParent(context.sql, filters.region);
  const lists = rankedNames
    ? await facetsOfRows(context, filters, rankedNames, regionParent)
    : // On PostgreSQL the eight counts run side by side on the pool; PGlite serialises them.
      await Promise.all(
        FACETS.map(async (facet) => labelled(facet, await facetRows(context.sql, facet, filters, { regionParent }))),
      );
  const [dept, region, theme, type, object, online, visits, projectType] = lists as [
    FacetValue[],
    FacetValue[],
    FacetValue[],
    FacetValue[],
    FacetValue[],
    FacetValue[],
    FacetValue[],
    FacetValue[],
  ];
  return { facets: { dept, region, theme, type, object, online, visits, projectType } };
}
