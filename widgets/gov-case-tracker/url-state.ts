/**
 * What the list mode of `<gov-case-tracker>` keeps in the page URL: the chosen tab and the open case, under a
 * prefix (`case-filter`, `case-no`) so another widget's or the host page's parameters never collide.
 */

/** The list's tabs; `all` is the default and is left out of the URL. */
export const FILTERS = ['all', 'in_progress', 'completed', 'needs_action'] as const;
export type CaseFilter = (typeof FILTERS)[number];

/** The key of `CaseListResponse.counts` each tab shows. */
export const COUNT_KEYS = {
  all: 'all',
  in_progress: 'inProgress',
  completed: 'completed',
  needs_action: 'needsAction',
} as const;

export interface TrackerUrlState {
  filter: CaseFilter;
  /** 办件编号 of the case open over the list, null for the list. */
  no: string | null;
}

/** 办件编号 from a link is untrusted: a code-like token only. */
export const CASE_NO = /^[\w.-]{1,64}$/;

export function readTrackerState(search: string, prefix: string): TrackerUrlState {
  const params = new URLSearchParams(search);
  const filter = params.get(prefix + 'filter') as CaseFilter | null;
  const no = params.get(prefix + 'no');
  return {
    filter: filter && FILTERS.includes(filter) ? filter : 'all',
    no: no && CASE_NO.test(no) ? no : null,
  };
}

/** `href` with this widget's parameters set to `state`; everything else in it is kept. */
export function trackerHref(href: string, prefix: string, state: TrackerUrlState): string {
  const url = new URL(href);
  url.searchParams.delete(prefix + 'filter');
  url.searchParams.delete(prefix + 'no');
  if (state.filter !== 'all') url.searchParams.set(prefix + 'filter', state.filter);
  if (state.no) url.searchParams.set(prefix + 'no', state.no);
  return url.href;
}
