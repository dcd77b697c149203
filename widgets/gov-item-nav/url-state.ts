import type { ItemFilters } from '../../bff/api/contracts/items.js';

/**
 * What `<gov-item-nav>` keeps in the page URL: the chosen filters and the open guide. Parameters carry a
 * prefix (`item-theme`, `item-code` …) so two widgets, or the host page's own parameters, never collide.
 */
export interface NavState {
  filters: ItemFilters;
  /** 实施编码 of the open guide, null for the list. */
  code: string | null;
}

export type FilterKey = keyof ItemFilters;

/** Also the order of the API's query string, so equal filters give equal request URLs. */
export const FILTER_KEYS: readonly FilterKey[] = [
  'audience',
  'theme',
  'dept',
  'region',
  'type',
  'object',
  'online',
  'visits',
  'projectType',
];

// Values from a shared link are untrusted: enumerations where the contract has them, else a code-like token.
const ENUMS: Partial<Record<FilterKey, readonly string[]>> = {
  audience: ['natural', 'legal'],
  online: ['1'],
  visits: ['0', '1'],
  projectType: ['immediate', 'promised'],
};
const TOKEN = /^[\w.-]{1,64}$/;

const valid = (key: FilterKey, value: string | null | undefined): value is string =>
  !!value && (ENUMS[key]?.includes(value) ?? TOKEN.test(value));

/** `projectType` → `item-project-type`. */
const paramName = (prefix: string, key: string): string =>
  prefix + key.replace(/[A-Z]/g, (letter) => '-' + letter.toLowerCase());

/** Valid filters from `source` (attribute values or URL parameters), unknown or malformed ones dropped. */
export function cleanFilters(source: (key: FilterKey) => string | null | undefined): ItemFilters {
  const filters: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = source(key);
    if (valid(key, value)) filters[key] = value;
  }
  return filters as ItemFilters;
}

export function readNavState(search: string, prefix: string): NavState {
  const params = new URLSearchParams(search);
  const code = params.get(prefix + 'code');
  return {
    filters: cleanFilters((key) => params.get(paramName(prefix, key))),
    code: code && TOKEN.test(code) ? code : null,
  };
}

/** `href` with this widget's parameters replaced by `state`; everything else in it is kept. */
export function navHref(href: string, prefix: string, state: NavState): string {
  const url = new URL(href);
  for (const key of [...FILTER_KEYS, 'code']) url.searchParams.delete(paramName(prefix, key));
  for (const key of FILTER_KEYS) {
    const value = state.filters[key];
    if (value) url.searchParams.set(paramName(prefix, key), value);
  }
  if (state.code) url.searchParams.set(prefix + 'code', state.code);
  return url.href;
}

/** The API query string for `filters`, in a fixed order. */
export function filtersQuery(filters: ItemFilters): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params.toString();
}

/**
 * The region one level up from `code` (12-digit area code: 省 2, 市 4, 县 6, 乡 9, 村 12 significant
 * digits), or null when that is the province, whose children are the region facet's top level.
 */
export function parentRegion(code: string): string | null {
  const length = [2, 4, 6, 9].find((digits) => /^0*$/.test(code.slice(digits))) ?? 12;
  const parent = { 6: 4, 9: 6, 12: 9 }[length];
  return parent ? code.slice(0, parent).padEnd(12, '0') : null;
}
