import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type {
  FacetsResponse,
  FacetValue,
  HighlightedText,
  SearchHit,
  SearchResponse,
  SuggestResponse,
} from '../../bff/api/contracts/items.js';
import { getBffClient, GovElement, localizeError } from '../runtime/index.js';
import { searchStyles } from './gov-search.styles.js';
import { searchStrings } from './gov-search.strings.js';
import { recordSearch } from './record-search.js';

export type GovSearchStatus = 'loading' | 'results' | 'empty' | 'error';

/** Detail of `gov-search-changed`. `myCases`: how many of the user's own cases matched (null: not signed in). */
export interface GovSearchChangedDetail {
  status: GovSearchStatus;
  query: string;
  total: number;
  myCases: number | null;
}

/** Detail of `gov-search-before-navigate`: a search sent to the `action` page, or a suggested item opened. */
export interface GovSearchNavigateDetail {
  url: string;
  reason: 'submit' | 'suggestion';
}

type Suggestion = SuggestResponse['suggestions'][number];

/** Typing pauses this long before suggestions are asked for: one request per pause, not per keystroke. */
const DEBOUNCE_MS = 250;

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/** HighlightedText as text nodes and `<mark>`s: the BFF's text never becomes markup. */
const highlighted = (parts: HighlightedText) =>
  parts.map((part) => (part.match ? html`<mark>${part.text}</mark>` : part.text));

/**
 * 办事搜索: a search box with suggestions as you type (an ARIA 1.2 combobox: ↑/↓ choose, Enter confirms, Escape
 * closes, then clears), and results grouped into 我的办件 (signed-in users' own cases), 办事事项 and 常见问题, with
 * matched words marked and a line saying how the query was understood (已按“哈尔滨市”筛选). When nothing matches it
 * helps: other wording, related themes, the 12345 hotline and a link to browse. With `action` it is a site-header
 * box that sends the query to a results page; without, results show inline and the query lives in the URL.
 * A submitted query of a signed-in user is sent to the recommender (`POST /api/v1/recommendations/activity`, kept
 * only with the user's consent; quiet on failure); typing and suggestions are not. With `action` the record leaves
 * before the navigation and is lost if the page unloads first, unless the session is already known on the page.
 *
 * @tag gov-search
 * @summary Search box with suggestions and grouped, highlighted results.
 *
 * @attr action - URL of the results page; when set, searching goes there (`?q=`), no results show here
 * @attr target - browsing context for `action` and suggested items (e.g. `_blank`); default this page
 * @attr param - name of the query parameter, read from and written to the URL (default `q`)
 * @attr value - the query to start with when the URL has none (inline results search it at once)
 * @attr item-href - link of an item; `{code}` becomes its 实施编码 (default `?item-code={code}`, for a page that
 *   also holds `<gov-item-nav>`)
 * @attr case-href - link of one of the user's cases; `{projectNo}` becomes its number (no link when unset)
 * @attr browse-href - the page with `<gov-item-nav>` (default prefix `item-`): browse link and related themes
 * @attr hotline - the service hotline offered when nothing matches (default `12345`)
 * @attr dept - search only this department's items (统一社会信用代码)
 * @attr region - search only this region and below (12-digit area code)
 * @attr heading-level - level of the results heading (default 2); group headings sit one below
 * @attr lang - `zh-CN` (default) or `en`; else the closest ancestor's `lang`
 * @attr elder - 适老化 mode (also on when `<html data-gov-elder>`)
 *
 * @slot - Fallback content (e.g. a plain `<form action="/search/">`), shown only until the element upgrades
 *
 * @fires gov-search-changed - `{ status, query, total, myCases }` when inline results change: `status` is
 *   `loading`, `results`, `empty` or `error`
 * @fires gov-search-before-navigate - cancelable, `{ url, reason }` before leaving for the `action` page
 *   (`submit`) or a suggested item (`suggestion`); cancel it to route yourself
 * @fires gov-ready - once, after the first render
 * @fires gov-error - `{ code, message }` when the BFF cannot answer a search
 *
 * @csspart form - the search form (box and button)
 * @csspart input - the text box
 * @csspart button - buttons: 搜索, 重试
 * @csspart suggestions - the suggestion list box
 * @csspart status - the result count, a polite live region
 * @csspart group - one group of results
 * @csspart result - one result
 * @csspart help - the help shown when nothing matches
 *
 * @cssprop --gov-search-max-width - widest the search box grows (default 40em)
 * @cssprop --gov-search-mark-background - background of matched words (default the surface colour)
 * @cssprop --gov-search-suggestions-z-index - stacking of the suggestion list over page content (default 1000)
 */
export class GovSearch extends GovElement {
  /** Keep in step with package.json. */
  static override version = '0.1.0';
  static override strings = searchStrings;
  static override styles = [GovElement.styles, searchStyles];
  static override properties: PropertyDeclarations = {
    action: { type: String },
    target: { type: String },
    param: { type: String },
    value: { type: String },
    itemHref: { type: String, attribute: 'item-href' },
    caseHref: { type: String, attribute: 'case-href' },
    browseHref: { type: String, attribute: 'browse-href' },
    hotline: { type: String },
    dept: { type: String },
    region: { type: String },
    headingLevel: { type: Number, attribute: 'heading-level' },
    query: { state: true },
    suggestions: { state: true },
    active: { state: true },
    open: { state: true },
    searched: { state: true },
    status: { state: true },
    answer: { state: true },
    failure: { state: true },
    themes: { state: true },
  };

  declare action: string | undefined;
  declare target: string | undefined;
  declare param: string;
  declare value: string | undefined;
  declare itemHref: string;
  declare caseHref: string | undefined;
  declare browseHref: string | undefined;
  declare hotline: string;
  declare dept: string | undefined;
  declare region: string | undefined;
  declare headingLevel: number;
  /** @internal the text in the box */
  declare protected query: string;
  /** @internal */
  declare protected suggestions: Suggestion[];
  /** @internal index of the highlighted suggestion, -1 for none */
  declare protected active: number;
  /** @internal the list box is shown */
  declare protected open: boolean;
  /** @internal the query the results belong to ('' before any search) */
  declare protected searched: string;
  /** @internal */
  declare protected status: GovSearchStatus | 'idle';
  /** @internal */
  declare protected answer: SearchResponse | undefined;
  /** @internal */
  declare protected failure: unknown;
  /** @internal related themes offered when nothing matched */
  declare protected themes: FacetValue[];

  #timer: ReturnType<typeof setTimeout> | undefined;
  #suggesting: AbortController | undefined;
  #searching: AbortController | undefined;

  constructor() {
    super();
    this.param = 'q';
    this.itemHref = '?item-code={code}';
    this.hotline = '12345';
    this.headingLevel = 2;
    this.query = '';
    this.suggestions = [];
    this.active = -1;
    this.open = false;
    this.searched = '';
    this.status = 'idle';
    this.failure = undefined;
    this.themes = [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this.#fromUrl);
    this.#fromUrl();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.#fromUrl);
    clearTimeout(this.#timer);
    this.#suggesting?.abort();
    this.#searching?.abort();
  }

  get #inline(): boolean {
    return !this.action;
  }

  get #level(): number {
    return Math.min(Math.max(Math.round(this.headingLevel) || 2, 1), 5);
  }

  /** Filters the attributes fix, as a query string suffix. */
  get #scope(): string {
    let scope = '';
    if (this.dept) scope += `&dept=${encodeURIComponent(this.dept)}`;
    if (this.region) scope += `&region=${encodeURIComponent(this.region)}`;
    return scope;
  }

  // No <slot>: the light-DOM fallback stops rendering the moment the shadow root exists.
  override render(): TemplateResult {
    const open = this.open && this.suggestions.length > 0;
    return html`<div class="root">
      <form part="form" class="form" role="search" novalidate @submit=${this.#onSubmit}>
        <label class="vh" id="q-label" for="q">${this.t('label')}</label>
        <div class="box">
          <input
            id="q"
            part="input"
            class="input"
            type="text"
            role="combobox"
            aria-labelledby="q-label"
            autocomplete="off"
            enterkeyhint="search"
            aria-autocomplete="list"
            aria-expanded=${open ? 'true' : 'false'}
            aria-controls="suggestions"
            aria-activedescendant=${open && this.active >= 0 ? `s-${this.active}` : nothing}
            placeholder=${this.t('placeholder')}
            .value=${this.query}
            @input=${this.#onInput}
            @keydown=${this.#onKeydown}
            @blur=${() => (this.open = false)}
          />
          <ul
            id="suggestions"
            part="suggestions"
            class="suggestions"
            role="listbox"
            aria-label=${this.t('suggestions')}
            ?hidden=${!open}
          >
            ${this.suggestions.map(
              (suggestion, index) =>
                // Options are never focused (focus stays in the box, aria-activedescendant points here): the keys
                // work in the box (#onKeydown), and a pointer press must not take focus from it before the click.
                // eslint-disable-next-line lit-a11y/click-events-have-key-events
                html`<li
                  id="s-${index}"
                  class="option"
                  role="option"
                  aria-selected=${index === this.active ? 'true' : 'false'}
                  @pointerdown=${(event: Event) => event.preventDefault()}
                  @click=${() => this.#choose(index)}
                >
                  ${highlighted(suggestion.parts)}
                </li>`,
            )}
          </ul>
          <button type="submit" part="button" class="button primary">${this.t('search')}</button>
        </div>
        <p class="vh" role="status">${open ? this.t('suggestCount', { count: this.suggestions.length }) : ''}</p>
      </form>
      ${this.#inline ? this.#renderResults() : nothing}
    </div>`;
  }

  // ---- results ----

  #renderResults(): TemplateResult | typeof nothing {
    if (this.status === 'idle') return nothing;
    const answer = this.answer;
    const query = this.searched;
    const statusText =
      this.status === 'loading'
        ? this.t('searching')
        : this.status === 'error'
          ? localizeError(this.failure, this.locale)
          : this.status === 'empty'
            ? this.t('none', { query })
            : this.t('found', { query, count: answer?.total ?? 0 });
    return html`<section
      class="results"
      aria-labelledby="results-title"
      aria-busy=${this.status === 'loading' ? 'true' : 'false'}
    >
      <div role="heading" aria-level=${this.#level} id="results-title" class="title">${this.t('results')}</div>
      <p part="status" class="status" role="status">${statusText}</p>
      ${
        this.status === 'loading'
          ? html`<div class="skeleton" aria-hidden="true"></div>`
          : this.status === 'error'
            ? html`<p>
                <button type="button" part="button" class="button" @click=${() => this.#search(query)}>
                  ${this.t('retry')}
                </button>
              </p>`
            : answer
              ? html`${this.#renderUnderstood(answer)} ${this.#renderMyCases(answer)}
                ${this.#renderGroup(
                  'items',
                  answer.results.filter((hit) => hit.kind === 'item'),
                )}
                ${this.#renderGroup(
                  'faqs',
                  answer.results.filter((hit) => hit.kind === 'faq'),
                )}
                ${this.status === 'empty' ? this.#renderHelp() : nothing}`
              : nothing
      }
    </section>`;
  }

  #renderUnderstood({ understood }: SearchResponse): TemplateResult | typeof nothing {
    const lines = [
      understood.region ? this.t('region', { name: understood.region.name }) : '',
      understood.expandedTo.length ? this.t('expanded', { words: understood.expandedTo.join('、') }) : '',
    ].filter(Boolean);
    return lines.length ? html`<p class="understood">${lines.join('；')}</p>` : nothing;
  }

  #group(key: string, body: TemplateResult): TemplateResult {
    return html`<section part="group" class="group" aria-labelledby="g-${key}">
      <div role="heading" aria-level=${this.#level + 1} id="g-${key}" class="group-title">${this.t(key)}</div>
      ${body}
    </section>`;
  }

  #renderMyCases({ myCases }: SearchResponse): TemplateResult | typeof nothing {
    if (!myCases?.length) return nothing;
    const date = new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium' });
    return this.#group(
      'myCases',
      html`<ul class="hits">
        ${myCases.map((entry) => {
          const href = this.caseHref ? this.caseHref.replace('{projectNo}', encodeURIComponent(entry.projectNo)) : '';
          const accepted = entry.acceptedAt ? new Date(entry.acceptedAt) : null;
          return html`<li part="result" class="hit">
            ${href ? html`<a class="hit-title" href=${href}>${entry.itemName}</a>` : html`<span class="hit-title">${entry.itemName}</span>`}
            <span class="badge">${entry.statusLabel}</span>
            <p class="muted">
              ${this.t('caseMeta', { no: entry.projectNo })}${
                accepted && !Number.isNaN(accepted.getTime())
                  ? ` · ${this.t('accepted', { date: date.format(accepted) })}`
                  : ''
              }
            </p>
          </li>`;
        })}
      </ul>`,
    );
  }

  #renderGroup(key: 'items' | 'faqs', hits: SearchHit[]): TemplateResult | typeof nothing {
    if (!hits.length) return nothing;
    return this.#group(
      key,
      html`<ul class="hits">
        ${hits.map(
          (hit) =>
            html`<li part="result" class="hit">
              <a class="hit-title" href=${this.#itemUrl(hit.code)}
                >${highlighted(hit.kind === 'faq' ? hit.snippet : hit.nameParts)}</a
              >
              ${hit.kind === 'item' ? html`<p>${highlighted(hit.snippet)}</p>` : nothing}
              <p class="muted">
                ${
                  hit.kind === 'faq'
                    ? this.t('from', { name: hit.name })
                    : [hit.deptName, hit.regionName].filter(Boolean).join(' · ')
                }
              </p>
            </li>`,
        )}
      </ul>`,
    );
  }

  #renderHelp(): TemplateResult {
    const [before, after] = this.t('hotline', { hotline: '\u0000' }).split('\u0000');
    return html`<div part="help" class="help">
      <p>${this.t('tryTitle')}</p>
      <ul class="tips">
        <li>${this.t('tip1')}</li>
        <li>${this.t('tip2')}</li>
      </ul>
      ${
        this.browseHref && this.themes.length
          ? html`<div role="heading" aria-level=${this.#level + 1} class="group-title">${this.t('themes')}</div>
              <ul class="themes">
                ${this.themes.map((theme) => html`<li><a class="chip" href=${this.#themeUrl(theme.value)}>${theme.label}</a></li>`)}
              </ul>`
          : nothing
      }
      <p>${before}<a class="phone" href="tel:${this.hotline}">${this.hotline}</a>${after}</p>
      ${this.browseHref ? html`<p><a class="chip" href=${new URL(this.browseHref, location.href).href}>${this.t('browse')}</a></p>` : nothing}
    </div>`;
  }

  #itemUrl(code: string): string {
    return new URL(this.itemHref.replace('{code}', encodeURIComponent(code)), location.href).href;
  }

  #themeUrl(theme: string): string {
    const url = new URL(this.browseHref ?? '', location.href);
    url.searchParams.set('item-audience', 'natural');
    url.searchParams.set('item-theme', theme);
    const region = this.answer?.understood.region;
    if (region) url.searchParams.set('item-region', region.code);
    return url.href;
  }

  // ---- searching ----

  /** Reads the query from the URL (on load, and back/forward), else the `value` attribute on load. */
  #fromUrl = (event?: Event): void => {
    const fromUrl = new URLSearchParams(location.search).get(this.param)?.trim() ?? '';
    const query = fromUrl || (event ? '' : (this.value?.trim() ?? ''));
    this.query = query;
    this.open = false;
    if (!this.#inline) return;
    // Re-attached (toolbars re-parent page content) or a popstate that left the query alone: the results stand.
    if (query) {
      if (query !== this.searched) void this.#search(query);
    } else {
      this.#searching?.abort();
      this.status = 'idle';
      this.searched = '';
    }
  };

  async #search(query: string): Promise<void> {
    this.#searching?.abort();
    const controller = (this.#searching = new AbortController());
    this.searched = query;
    this.#settle('loading');
    try {
      const answer = await getBffClient().get<SearchResponse>(
        `/api/v1/search?q=${encodeURIComponent(query)}${this.#scope}`,
        { signal: controller.signal },
      );
      this.answer = answer;
      this.themes = [];
      const found = answer.total > 0 || !!answer.myCases?.length;
      this.#settle(found ? 'results' : 'empty');
      if (!found && this.browseHref) void this.#loadThemes(answer, controller.signal);
    } catch (error) {
      if (isAbort(error)) return;
      this.failure = error;
      this.reportError(error);
      this.#settle('error');
    }
  }

  /** Related themes for the 无结果 help: the largest ones (within the region the query named). */
  async #loadThemes(answer: SearchResponse, signal: AbortSignal): Promise<void> {
    const region = answer.understood.region?.code ?? this.region;
    try {
      const { facets } = await getBffClient().get<FacetsResponse>(
        `/api/v1/facets?audience=natural${region ? `&region=${region}` : ''}${this.dept ? `&dept=${encodeURIComponent(this.dept)}` : ''}`,
        { signal },
      );
      this.themes = facets.theme.filter((theme) => theme.count > 0).slice(0, 6);
    } catch {
      // The help stands without themes: the hotline and the browse link remain.
    }
  }

  #settle(status: GovSearchStatus): void {
    this.status = status;
    const detail: GovSearchChangedDetail = {
      status,
      query: this.searched,
      total: status === 'loading' || status === 'error' ? 0 : (this.answer?.total ?? 0),
      myCases: status === 'loading' || status === 'error' ? null : (this.answer?.myCases?.length ?? null),
    };
    this.emit('gov-search-changed', detail);
  }

  #suggest(): void {
    clearTimeout(this.#timer);
    this.#suggesting?.abort();
    const query = this.query.trim();
    if (!query) {
      this.suggestions = [];
      this.open = false;
      return;
    }
    this.#timer = setTimeout(async () => {
      const controller = (this.#suggesting = new AbortController());
      try {
        const answer = await getBffClient().get<SuggestResponse>(
          `/api/v1/suggest?q=${encodeURIComponent(query)}${this.#scope}`,
          { signal: controller.signal },
        );
        // An answer for text no longer in the box, or after focus left, would pop up out of place.
        if (
          this.query.trim() !== query ||
          this.renderRoot.querySelector('#q') !== (this.renderRoot as ShadowRoot).activeElement
        )
          return;
        this.suggestions = answer.suggestions;
        this.active = -1;
        this.open = answer.suggestions.length > 0;
      } catch {
        // Suggestions are a convenience: a failure leaves the box working as a plain search.
      }
    }, DEBOUNCE_MS);
  }

  // ---- events ----

  #onInput(event: Event): void {
    this.query = (event.target as HTMLInputElement).value;
    this.#suggest();
  }

  #onKeydown(event: KeyboardEvent): void {
    const count = this.suggestions.length;
    const open = this.open && count > 0;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!count) return;
      event.preventDefault();
      const down = event.key === 'ArrowDown';
      if (!open) {
        this.open = true;
        this.active = down ? 0 : count - 1;
      } else this.active = down ? (this.active + 1) % count : this.active <= 0 ? count - 1 : this.active - 1;
    } else if (event.key === 'Enter' && open && this.active >= 0) {
      event.preventDefault();
      this.#choose(this.active);
    } else if (event.key === 'Escape') {
      // APG combobox: Escape closes the list; pressed again, it clears the box.
      if (open) this.open = false;
      else if (this.query) {
        this.query = '';
        this.suggestions = [];
      } else return;
      event.preventDefault();
    }
  }

  #choose(index: number): void {
    const suggestion = this.suggestions[index];
    if (!suggestion) return;
    this.open = false;
    this.active = -1;
    if (suggestion.code) this.#navigate(this.#itemUrl(suggestion.code), 'suggestion');
    else {
      this.query = suggestion.text;
      this.#submit();
    }
  }

  #onSubmit(event: Event): void {
    event.preventDefault();
    this.#submit();
  }

  #submit(): void {
    const query = this.query.trim();
    clearTimeout(this.#timer);
    this.#suggesting?.abort();
    this.open = false;
    if (!query) {
      this.renderRoot.querySelector<HTMLInputElement>('#q')?.focus();
      return;
    }
    // A submitted query is a search (issue 9); suggestions while typing are not. Sent before a navigation starts.
    void recordSearch(query);
    const url = new URL(this.action || location.href, location.href);
    url.searchParams.set(this.param, query);
    if (!this.#inline) return this.#navigate(url.href, 'submit');
    // Inline: the query becomes a history entry, so back returns to the previous results and a link can be shared.
    if (url.href !== location.href) history.pushState(history.state, '', url.href);
    void this.#search(query);
  }

  /** Every navigation the widget starts; a single-page host (or a test) may cancel and route itself. */
  #navigate(url: string, reason: GovSearchNavigateDetail['reason']): void {
    const detail: GovSearchNavigateDetail = { url, reason };
    if (!this.emit('gov-search-before-navigate', detail, true)) return;
    if (this.target && this.target !== '_self') window.open(url, this.target, 'noopener');
    else location.assign(url);
  }
}
