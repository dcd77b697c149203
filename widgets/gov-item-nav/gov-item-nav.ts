import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { initialState, Task, TaskStatus } from '@lit/task';
import type {
  FacetsResponse,
  FacetValue,
  ItemFilters,
  ItemGuide,
  ItemListResponse,
  ItemSummary,
} from '../../bff/api/contracts/items.js';
import { BffError, getBffClient, GovElement, localizeError } from '../runtime/index.js';
import { itemTags, renderGuideBody } from './guide-view.js';
import { itemNavStyles } from './gov-item-nav.styles.js';
import { itemNavStrings } from './gov-item-nav.strings.js';
import { recordView } from './record-view.js';
import {
  cleanFilters,
  FILTER_KEYS,
  filtersQuery,
  navHref,
  parentRegion,
  readNavState,
  type FilterKey,
  type NavState,
} from './url-state.js';

/** What the widget shows: `guide` when a guide is open (then `code` is set), else the list's state. */
export type GovItemNavStatus = 'loading' | 'results' | 'empty' | 'error' | 'guide';

/** Detail of `gov-item-nav-changed`. `filters` are the ones in effect, pre-filter attributes included. */
export interface GovItemNavChangedDetail {
  status: GovItemNavStatus;
  filters: ItemFilters;
  code?: string;
}

type FacetKey = keyof FacetsResponse['facets'];

/** The facets in the order they are shown; `audience` is the 个人/法人 switch above them. */
const FACETS: readonly FacetKey[] = ['theme', 'dept', 'region', 'type', 'object', 'online', 'visits', 'projectType'];
/** Longer facets show this many values until 显示全部. */
const SHOWN = 8;
/** Pre-filter attributes; each fixes its filter and hides its facet. */
const FIXED = ['dept', 'region', 'object', 'audience'] as const;

interface MorePages {
  /** The API query the pages belong to. */
  query: string;
  items: ItemSummary[];
  nextCursor: string | null;
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/**
 * 办事服务导航: browse service items by 个人/法人, theme, department, region and more, with counts; a result list
 * with 加载更多; and the 办事指南 of one item. Filters and the open guide live in the page URL (prefixed
 * parameters, `history.pushState`), so back/forward and shared links work. A departmental or regional site fixes
 * its own filter with an attribute and that facet disappears. A guide that opens for a signed-in user is recorded
 * as a view for the recommender (`POST /api/v1/recommendations/activity`, kept only with the user's consent; quiet
 * on failure); anonymous visitors are never recorded.
 *
 * Keyboard and screen readers: facets and results are lists of links under headings; result counts are announced
 * politely; opening a guide moves focus to its heading, and going back returns it to the item that opened it.
 * Narrow containers (under 48em, e.g. a 320px phone) fold the facets behind a 筛选条件 button.
 *
 * @tag gov-item-nav
 * @summary Service navigation: facets with counts, result list and item guides.
 *
 * @attr dept - fix the implementing department (统一社会信用代码); hides the department facet
 * @attr region - fix the region (12-digit area code, its descendants included); hides the region facet
 * @attr object - fix the service object (e.g. `enterprise`); hides that facet
 * @attr audience - fix 个人 (`natural`) or 法人 (`legal`); hides the switch. Otherwise the user chooses, 个人 first
 * @attr param-prefix - prefix of this widget's URL parameters (default `item-`: `item-theme`, `item-code`, …);
 *   give two widgets on one page different prefixes
 * @attr heading-level - level of the widget's top headings (default 2); item names and sections sit one below
 * @attr lang - `zh-CN` (default) or `en`; else the closest ancestor's `lang`
 * @attr elder - 适老化 mode (also on when `<html data-gov-elder>`)
 *
 * @slot - Fallback content (e.g. a link to the portal's service list), shown only until the element upgrades
 *
 * @fires gov-item-nav-changed - `{ status, filters, code? }` whenever what is shown changes: `status` is
 *   `loading`, `results`, `empty`, `error` or `guide`; `code` (实施编码) while a guide is open
 * @fires gov-ready - once, after the first render
 * @fires gov-error - `{ code, message }` when the BFF cannot answer (e.g. `service_unavailable`, `not_found`)
 *
 * @csspart facets - the facet panel (a disclosure under 48em)
 * @csspart facet - one facet group
 * @csspart chip - a chosen filter (a link that removes it)
 * @csspart status - the result count, a polite live region
 * @csspart list - the result list
 * @csspart item - one result
 * @csspart button - buttons and button-like links: 加载更多, 重试, 返回, 筛选条件
 * @csspart guide - the item guide
 * @csspart online-link - the guide's 在线办理 link (marked when it uses unified login)
 *
 * @cssprop --gov-item-nav-facets-width - width of the facet column on wide containers (default 16em)
 * @cssprop --gov-item-nav-gap - space between the columns and the results (default 1.5em)
 * @cssprop --gov-item-nav-item-border - line between results (default 1px solid the border colour)
 */
export class GovItemNav extends GovElement {
  /** Keep in step with package.json. */
  static override version = '0.1.0';
  static override strings = itemNavStrings;
  static override styles = [GovElement.styles, itemNavStyles];
  static override properties: PropertyDeclarations = {
    dept: { type: String },
    region: { type: String },
    object: { type: String },
    audience: { type: String },
    paramPrefix: { type: String, attribute: 'param-prefix' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    view: { state: true },
    facetsOpen: { state: true },
    expanded: { state: true },
  };

  declare dept: string | undefined;
  declare region: string | undefined;
  declare object: string | undefined;
  declare audience: string | undefined;
  declare paramPrefix: string;
  declare headingLevel: number;
  /** @internal what the URL says */
  declare protected view: NavState;
  /** @internal the facet disclosure on narrow containers */
  declare protected facetsOpen: boolean;
  /** @internal facets showing all their values */
  declare protected expanded: ReadonlySet<string>;

  /** Names of regions seen in answers: a chosen region is not among its own facet's values (its children are). */
  #regionNames = new Map<string, string>();
  #more: MorePages = { query: '', items: [], nextCursor: null };
  /**
   * Where focus goes once `after` (a fetch whose answer re-renders the target) has settled: `selector`, else
   * `fallback`. Waiting matters: Lit reuses list elements by position, so before the answer the element at
   * the target's place may be about to show something else.
   */
  #pendingFocus: { selector: string; fallback?: string; after?: Task } | undefined;
  /** The guide's history entry was pushed by us from the list, so 返回 can be the browser's back. */
  #pushedGuide = false;
  #lastChange = '';

  #facets = new Task(this, {
    task: async ([query], { signal }) => {
      const region = this.filters.region;
      const [answer] = await Promise.all([
        getBffClient().get<FacetsResponse>(`/api/v1/facets?${query}`, { signal }),
        region && !this.#regionNames.has(region) ? this.#learnRegionName(region, signal) : undefined,
      ]);
      this.#learnRegionNames(answer.facets.region);
      return answer;
    },
    args: () => [this.#query] as const,
  });

  #items = new Task(this, {
    task: async ([query], { signal }) => {
      const page = await getBffClient().get<ItemListResponse>(`/api/v1/items?${query}`, { signal });
      this.#more = { query, items: [], nextCursor: page.nextCursor };
      this.#learnRegionNames(
        page.items.map((item) => ({ value: item.regionCode ?? '', label: item.regionName ?? '' })),
      );
      return page;
    },
    args: () => [this.#query] as const,
    onError: (error) => this.reportError(error),
  });

  #guide = new Task(this, {
    task: ([code], { signal }) =>
      code
        ? getBffClient()
            .get<ItemGuide>(`/api/v1/items/${encodeURIComponent(code)}`, { signal })
            // A guide that opened is a view (issue 9); a code that answers 404 is not.
            .then((guide) => (void recordView(code), guide))
        : initialState,
    args: () => [this.view.code] as const,
    onError: (error) => this.reportError(error),
  });

  /** 加载更多: run by hand with the cursor; a change of filters aborts it. */
  #loadMore = new Task(this, {
    task: async ([query, cursor]: readonly [string, string], { signal }) => {
      const page = await getBffClient().get<ItemListResponse>(
        `/api/v1/items?${query}${query ? '&' : ''}cursor=${encodeURIComponent(cursor)}`,
        { signal },
      );
      if (this.#more.query !== query) return;
      this.#more.items.push(...page.items);
      this.#more.nextCursor = page.nextCursor;
      // The new entries are what the user asked for: put them under the keyboard, not back at the button.
      if (page.items[0]) this.#pendingFocus = { selector: `a[data-code="${CSS.escape(page.items[0].code)}"]` };
    },
    autoRun: false,
    onError: (error) => void (isAbort(error) || this.reportError(error)),
  });

  constructor() {
    super();
    // One listener for every link the widget renders (facets, chips, items, 返回); Enter on a link clicks it too.
    this.addEventListener('click', this.#onClick);
    this.paramPrefix = 'item-';
    this.headingLevel = 2;
    this.view = { filters: {}, code: null };
    this.facetsOpen = false;
    this.expanded = new Set();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.view = readNavState(location.search, this.paramPrefix);
    window.addEventListener('popstate', this.#onPopState);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.#onPopState);
  }

  /** The filters in effect: the URL's, overridden by the pre-filter attributes; 个人 when no audience is set. */
  get filters(): ItemFilters {
    const fixed = cleanFilters((key) => this.#fixed(key));
    return { audience: 'natural', ...this.view.filters, ...fixed };
  }

  get #query(): string {
    return filtersQuery(this.filters);
  }

  #fixed(key: FilterKey): string | undefined {
    return (FIXED as readonly string[]).includes(key)
      ? (this as unknown as Record<string, string | undefined>)[key]
      : undefined;
  }

  get #level(): number {
    return Math.min(Math.max(Math.round(this.headingLevel) || 2, 1), 5);
  }

  // No <slot>: the light-DOM fallback stops rendering the moment the shadow root exists.
  override render(): TemplateResult {
    // .root carries layout and text resets that page rules cannot reach (they reach only the host element).
    return html`<div class="root">${this.view.code ? this.#renderGuide(this.view.code) : this.#renderBrowse()}</div>`;
  }

  override updated(): void {
    const focus = this.#pendingFocus;
    if (focus && (focus.after?.status ?? TaskStatus.COMPLETE) >= TaskStatus.COMPLETE) {
      const root = this.renderRoot;
      const target =
        root.querySelector<HTMLElement>(focus.selector) ??
        (focus.fallback ? root.querySelector<HTMLElement>(focus.fallback) : null);
      this.#pendingFocus = undefined;
      target?.focus();
    }
    const detail: GovItemNavChangedDetail = {
      status: this.#status(),
      filters: this.filters,
      ...(this.view.code ? { code: this.view.code } : {}),
    };
    const key = JSON.stringify(detail);
    if (key !== this.#lastChange) {
      this.#lastChange = key;
      this.emit('gov-item-nav-changed', detail);
    }
  }

  #status(): GovItemNavStatus {
    const task = this.view.code ? this.#guide : this.#items;
    if (task.status === TaskStatus.ERROR) return 'error';
    if (task.status !== TaskStatus.COMPLETE) return 'loading';
    return this.view.code ? 'guide' : this.#items.value?.total ? 'results' : 'empty';
  }

  #learnRegionNames(values: { value: string; label: string }[]): void {
    for (const { value, label } of values) if (value && label) this.#regionNames.set(value, label);
  }

  /**
   * A shared link names a region by code only, and a chosen region is not among its own facet's values (its
   * children are): its name comes from the level above, asked once.
   */
  async #learnRegionName(region: string, signal: AbortSignal): Promise<void> {
    const parent = parentRegion(region);
    try {
      const answer = await getBffClient().get<FacetsResponse>(`/api/v1/facets?${parent ? `region=${parent}` : ''}`, {
        signal,
      });
      this.#learnRegionNames(answer.facets.region);
    } catch {
      // Without the name the code shows: the filter itself still works.
    }
  }

  // ---- browse view ----

  #renderBrowse(): TemplateResult {
    const chosen = this.#chosen();
    return html`${this.audience ? nothing : this.#renderAudience()}
      <div class="layout">
        <div class="side">
          <button
            type="button"
            part="button"
            class="button facets-toggle"
            aria-expanded=${this.facetsOpen ? 'true' : 'false'}
            aria-controls="facets"
            @click=${() => (this.facetsOpen = !this.facetsOpen)}
          >
            ${this.t('filters')}${chosen.length ? this.t('chosenCount', { count: chosen.length }) : ''}
          </button>
          <section
            id="facets"
            part="facets"
            class="facets ${this.facetsOpen ? 'open' : ''}"
            aria-labelledby="facets-title"
          >
            <div role="heading" aria-level=${this.#level} id="facets-title" class="title" tabindex="-1">
              ${this.t('filters')}
            </div>
            ${this.#renderFacets()}
          </section>
        </div>
        <section class="results" aria-labelledby="results-title">
          <div role="heading" aria-level=${this.#level} id="results-title" class="title" tabindex="-1">
            ${this.t('results')}
          </div>
          ${chosen.length ? this.#renderChosen(chosen) : nothing}
          <p part="status" class="status" role="status">${this.#statusText()}</p>
          ${this.#renderResults()}
        </section>
      </div>`;
  }

  #renderAudience(): TemplateResult {
    const current = this.filters.audience;
    // Themes differ between 个人 and 法人, and so do service objects: those two filters do not carry over.
    const link = (audience: 'natural' | 'legal') =>
      html`<a
        class="tab"
        href=${this.#href({ ...this.view.filters, audience, theme: undefined, object: undefined })}
        data-nav
        data-focus="audience:${audience}"
        aria-current=${current === audience ? 'true' : nothing}
        >${this.t(audience)}</a
      >`;
    return html`<nav class="audience" aria-label=${this.t('audience')}>${link('natural')}${link('legal')}</nav>`;
  }

  #renderFacets(): TemplateResult | (TemplateResult | typeof nothing)[] {
    const { status, value, error } = this.#facets;
    // When the list failed too, its message and 重试 (which reloads both) say it once for the whole widget.
    if (status === TaskStatus.ERROR)
      return this.#items.status === TaskStatus.ERROR
        ? []
        : html`<div class="problem">
            <p>${this.t('facetsError')}：${localizeError(error, this.locale)}</p>
            <button type="button" part="button" class="button" @click=${this.#retry}>${this.t('retry')}</button>
          </div>`;
    if (!value) return html`<div class="skeleton" aria-hidden="true"></div>`;
    return FACETS.filter((key) => !this.#fixed(key)).map((key) => this.#renderFacet(key, value.facets[key] ?? []));
  }

  #renderFacet(key: FacetKey, values: FacetValue[]): TemplateResult | typeof nothing {
    const selected = this.filters[key];
    const isRegion = key === 'region';
    // A facet with nothing to choose says nothing (服务对象 under 个人 has the one value 自然人).
    if (!selected && values.length < (key === 'object' ? 2 : 1)) return nothing;
    const all = this.expanded.has(key);
    let shown = all ? values : values.slice(0, SHOWN);
    const chosenValue = values.find((entry) => entry.value === selected);
    if (chosenValue && !shown.includes(chosenValue)) shown = [...shown, chosenValue];
    const parent = isRegion && selected ? parentRegion(selected) : null;
    return html`<section part="facet" class="facet" aria-labelledby="facet-${key}">
      <div role="heading" aria-level=${this.#level + 1} id="facet-${key}" class="facet-title">${this.t(key)}</div>
      <ul class="options">
        ${this.#option(key, undefined, this.t('any'), undefined, !selected)}
        ${parent ? this.#option(key, parent, `‹ ${this.t('up')}`, undefined, false) : nothing}
        ${
          isRegion && selected
            ? this.#option(key, selected, this.#regionNames.get(selected) ?? selected, undefined, true)
            : nothing
        }
        ${shown.map((entry) => this.#option(key, entry.value, entry.label, entry.count, entry.value === selected, isRegion && !!selected))}
      </ul>
      ${
        values.length > SHOWN
          ? html`<button
              type="button"
              class="more"
              aria-expanded=${all ? 'true' : 'false'}
              @click=${() => this.#toggleExpanded(key)}
            >
              ${all ? this.t('less') : this.t('more', { count: values.length })}
            </button>`
          : nothing
      }
    </section>`;
  }

  #option(
    key: FacetKey,
    value: string | undefined,
    label: string,
    count: number | undefined,
    current: boolean,
    child = false,
  ): TemplateResult {
    return html`<li class=${child ? 'child' : ''}>
      <a
        class="option"
        href=${this.#href({ ...this.view.filters, [key]: value })}
        data-nav
        data-focus="${key}:${value ?? ''}"
        aria-current=${current ? 'true' : nothing}
        ><span>${label}</span>${
          count === undefined
            ? nothing
            : html`<span class="count">${count}<span class="vh">${this.t('unit')}</span></span>`
        }</a
      >
    </li>`;
  }

  #toggleExpanded(key: string): void {
    const next = new Set(this.expanded);
    if (!next.delete(key)) next.add(key);
    this.expanded = next;
  }

  /** Chosen filters the user can remove (pre-filters and the 个人/法人 switch are not among them). */
  #chosen(): { key: FilterKey; label: string }[] {
    const facets = this.#facets.value?.facets;
    return FILTER_KEYS.flatMap((key) => {
      const value = this.view.filters[key];
      if (!value || key === 'audience' || this.#fixed(key)) return [];
      const label =
        key === 'region'
          ? this.#regionNames.get(value)
          : facets?.[key as FacetKey]?.find((entry) => entry.value === value)?.label;
      return [{ key, label: `${this.t(key)}：${label ?? value}` }];
    });
  }

  #renderChosen(chosen: { key: FilterKey; label: string }[]): TemplateResult {
    const cleared = { audience: this.view.filters.audience };
    return html`<ul class="chips" aria-label=${this.t('chosen')}>
      ${chosen.map(
        ({ key, label }) =>
          html`<li>
            <a
              part="chip"
              class="chip"
              href=${this.#href({ ...this.view.filters, [key]: undefined })}
              data-nav
              aria-label=${this.t('remove', { label })}
              >${label}<span aria-hidden="true"> ×</span></a
            >
          </li>`,
      )}
      ${
        chosen.length > 1
          ? html`<li><a class="chip clear" href=${this.#href(cleared)} data-nav>${this.t('clearAll')}</a></li>`
          : nothing
      }
    </ul>`;
  }

  #statusText(): string {
    const status = this.#status();
    if (status === 'loading') return this.t('loading');
    if (status === 'error') return localizeError(this.#items.error, this.locale);
    return status === 'empty' ? this.t('empty') : this.t('total', { count: this.#items.value?.total ?? 0 });
  }

  #renderResults(): TemplateResult {
    const { status, value, error } = this.#items;
    if (status === TaskStatus.ERROR)
      return html`<div class="problem">
        <p>${localizeError(error, this.locale)}</p>
        <button type="button" part="button" class="button" @click=${this.#retry}>${this.t('retry')}</button>
      </div>`;
    if (!value)
      return html`<ul class="list skeleton-list" aria-hidden="true">
        ${[1, 2, 3].map(() => html`<li class="item"><div class="skeleton"></div></li>`)}
      </ul>`;
    if (status === TaskStatus.COMPLETE && value.total === 0)
      return html`<div class="problem">
        <p>${this.t('emptyHint')}</p>
        <a class="button" part="button" href=${this.#href({ audience: this.view.filters.audience })} data-nav
          >${this.t('clearAll')}</a
        >
      </div>`;
    // Pending with an earlier answer: keep it on screen, dimmed, so the page does not jump while the next loads.
    const stale = status !== TaskStatus.COMPLETE;
    const more = !stale && this.#more.query === this.#query ? this.#more : undefined;
    const items = [...value.items, ...(more?.items ?? [])];
    const nextCursor = more ? more.nextCursor : null;
    const loadingMore = this.#loadMore.status === TaskStatus.PENDING;
    const moreFailed = this.#loadMore.status === TaskStatus.ERROR && !isAbort(this.#loadMore.error);
    return html`<ul part="list" class="list ${stale ? 'stale' : ''}" aria-busy=${stale ? 'true' : 'false'}>
        ${items.map((item) => this.#renderItem(item))}
      </ul>
      ${
        nextCursor
          ? html`${
                moreFailed
                  ? html`<p class="error" role="alert">${localizeError(this.#loadMore.error, this.locale)}</p>`
                  : nothing
              }
              <button
                type="button"
                part="button"
                class="button more-results"
                aria-disabled=${loadingMore ? 'true' : 'false'}
                @click=${() => loadingMore || void this.#loadMore.run([this.#query, nextCursor])}
              >
                ${loadingMore ? this.t('loadingMore') : this.t('loadMore', { count: value.total - items.length })}
              </button>`
          : nothing
      }`;
  }

  #renderItem(item: ItemSummary): TemplateResult {
    return html`<li part="item" class="item">
      <div role="heading" aria-level=${this.#level + 1} class="item-title">
        <a href=${this.#href({ ...this.view.filters }, item.code)} data-nav data-code=${item.code}>${item.name}</a>
      </div>
      <p class="muted">${[item.deptName, item.regionName].filter(Boolean).join(' · ')}</p>
      <ul class="tags">
        ${itemTags((key, params) => this.t(key, params), item).map((tag) => html`<li>${tag}</li>`)}
      </ul>
    </li>`;
  }

  // ---- guide view ----

  #renderGuide(code: string): TemplateResult {
    const { status, value, error } = this.#guide;
    const known = [...(this.#items.value?.items ?? []), ...this.#more.items].find((item) => item.code === code);
    const title = value?.code === code ? value.name : (known?.name ?? this.t('guide'));
    const notFound = error instanceof BffError && error.status === 404;
    let body: unknown;
    if (status === TaskStatus.ERROR)
      body = html`<div class="problem">
        <p>${notFound ? this.t('notFound') : localizeError(error, this.locale)}</p>
        ${
          notFound
            ? nothing
            : html`<button type="button" part="button" class="button" @click=${() => void this.#guide.run()}>
                ${this.t('retry')}
              </button>`
        }
      </div>`;
    else if (status === TaskStatus.COMPLETE && value)
      body = renderGuideBody(
        { t: (key, params) => this.t(key, params), level: this.#level + 1, locale: this.locale },
        value,
      );
    else
      body = html`<p class="vh" role="status">${this.t('guideLoading')}</p>
        <div class="skeleton" aria-hidden="true"></div>`;
    return html`<article part="guide" class="guide" aria-labelledby="guide-title">
      <a part="button" class="button back" href=${this.#href(this.view.filters)} data-nav data-back
        >‹ ${this.t('back')}</a
      >
      <div role="heading" aria-level=${this.#level} id="guide-title" class="guide-title" tabindex="-1">${title}</div>
      ${body}
    </article>`;
  }

  // ---- navigation ----

  #href(filters: ItemFilters, code: string | null = null): string {
    return navHref(location.href, this.paramPrefix, { filters, code });
  }

  /**
   * Every link the widget renders is a real URL (open in a new tab, copy, share); a plain click stays in the
   * page: the link's own parameters become the new state and a history entry.
   */
  #onClick = (event: MouseEvent): void => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    const link = event
      .composedPath()
      .find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement && node.hasAttribute('data-nav'));
    if (!link) return;
    event.preventDefault();
    const next = readNavState(new URL(link.href).search, this.paramPrefix);
    const from = this.view.code;
    if (link.hasAttribute('data-back') && this.#pushedGuide) {
      // Back to the very list entry we came from (it holds the same state); popstate then returns focus.
      history.back();
      return;
    }
    const href = navHref(location.href, this.paramPrefix, next);
    if (href !== location.href) history.pushState(history.state, '', href);
    this.#pushedGuide = !from && !!next.code;
    this.#apply(next);
    this.#focusAfter(from, next.code, link.dataset.focus);
  };

  #onPopState = (): void => {
    const from = this.view.code;
    const next = readNavState(location.search, this.paramPrefix);
    // The host's own history (a hash link, another widget's parameters) is none of this widget's business.
    if (next.code === from && filtersQuery(next.filters) === filtersQuery(this.view.filters)) return;
    // Focus moves only when the user was working in the widget: a back button pressed elsewhere leaves it be.
    const hadFocus = this.matches(':focus-within');
    this.#pushedGuide = false;
    this.#apply(next);
    if (hadFocus) this.#focusAfter(from, next.code);
  };

  #apply(next: NavState): void {
    if (filtersQuery(next.filters) !== filtersQuery(this.view.filters)) this.#loadMore.abort();
    this.view = next;
  }

  /** WCAG 2.4.3: opening a guide puts focus on its heading; closing it, back on the item that opened it. */
  #focusAfter(from: string | null, to: string | null, focusKey?: string): void {
    if (to && to !== from) this.#pendingFocus = { selector: '#guide-title' };
    else if (from && !to)
      this.#pendingFocus = {
        selector: `a[data-code="${CSS.escape(from)}"]`,
        fallback: '#results-title',
        after: this.#items,
      };
    else if (focusKey)
      this.#pendingFocus = {
        selector: `[data-focus="${CSS.escape(focusKey)}"]`,
        fallback: '#facets-title',
        after: this.#facets,
      };
    // A removed chip or 清除全部 is gone after the render: the results heading is the next sensible place.
    else this.#pendingFocus = { selector: '#results-title' };
  }

  #retry(): void {
    void this.#items.run();
    void this.#facets.run();
  }
}
