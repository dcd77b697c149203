import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { CaseDetail, CaseListResponse, CaseLookupResponse, CaseSummary } from '../../bff/api/contracts/cases.js';
import {
  BffError,
  getBffClient,
  getEventStream,
  getSessionStore,
  GovElement,
  localizeError,
  type SessionState,
} from '../runtime/index.js';
import { renderCaseBody, renderCaseItem, type CaseViewContext } from './case-view.js';
import { caseTrackerStyles } from './gov-case-tracker.styles.js';
import { caseTrackerStrings } from './gov-case-tracker.strings.js';
import {
  lookupFields,
  lookupRequest,
  validateLookup,
  waitSeconds,
  type LookupErrors,
  type LookupFactor,
  type LookupField,
  type LookupValues,
} from './lookup.js';
import { renderLookupField } from './lookup-field.js';
import { moveTabFocus } from './tab-keys.js';
import {
  CASE_NO,
  COUNT_KEYS,
  FILTERS,
  readTrackerState,
  trackerHref,
  type CaseFilter,
  type TrackerUrlState,
} from './url-state.js';

/**
 * What the tracker shows: `results`/`empty` (the list), `detail`, `lookup` (the form), `found`, `refused` and
 * `rate-limited` (the lookup's outcomes), `logged-out` (list and detail need a login), `loading`, `error`.
 */
export type GovCaseTrackerStatus =
  'loading' | 'results' | 'empty' | 'detail' | 'lookup' | 'found' | 'refused' | 'rate-limited' | 'error' | 'logged-out';

/** Detail of `gov-case-tracker-changed`; `filter` in list mode, `projectNo` while a case is shown. */
export interface GovCaseTrackerChangedDetail {
  status: GovCaseTrackerStatus;
  mode: 'list' | 'detail' | 'lookup';
  filter?: CaseFilter;
  projectNo?: string;
}

/** Detail of `gov-case-tracker-evaluate`. */
export interface GovCaseTrackerEvaluateDetail {
  projectNo: string;
}

type Load = 'idle' | 'loading' | 'ready' | 'error';

interface ListState {
  status: Load;
  filter: CaseFilter;
  cases: CaseSummary[];
  counts: CaseListResponse['counts'] | null;
  nextCursor: string | null;
  /** Length of the first page: what a silent refresh replaces (later pages are older and stay). */
  firstPage: number;
  error?: unknown;
  more: Load;
  moreError?: unknown;
}

interface DetailState {
  status: Load;
  no: string | null;
  value?: CaseDetail;
  error?: unknown;
}

interface LookupState {
  status: 'idle' | 'sending' | 'found' | 'refused' | 'rate-limited' | 'error';
  value?: CaseLookupResponse;
  message?: string;
  /** Epoch ms when a 429's wait ends. */
  until?: number;
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';
const EMPTY_VALUES: LookupValues = { projectNo: '', queryCode: '', applicantName: '', idTail: '' };

/**
 * 办件查询: a signed-in user's cases (`mode="list"`: tabs 全部/办理中/已办结/需要我处理 with counts, 加载更多, and a
 * case's detail opened over the list), one case (`mode="detail" case="…"`: derived status, the process as an ordered
 * timeline, the promised date with an overdue warning, the result and the materials), or the anonymous lookup
 * (`mode="lookup"`: case number plus the second factor the BFF is configured for). List and detail follow the
 * sync live: a `case-progress` event naming a shown case refreshes it and says "办件有新进展" politely. Signed out,
 * list and detail offer the login (the runtime's session store, the BFF's login URL) while the lookup works.
 *
 * Keyboard and screen readers: the tabs are a WAI-ARIA tablist (←/→, Home, End; Enter or Space opens a tab);
 * opening a case moves focus to its heading and going back returns it to the case; counts and progress are
 * polite live regions; lookup errors name the field and take focus, refusals are alerts.
 *
 * @tag gov-case-tracker
 * @summary My cases, one case's progress, and the anonymous case lookup.
 *
 * @attr mode - `list` (default), `detail` or `lookup`
 * @attr case - 办件编号 of the case `mode="detail"` shows
 * @attr factor - the lookup's second factor, as the BFF is configured (`caseLookup.secondFactor`): `name-id`
 *   (default: applicant name and the last characters of the ID number) or `query-code` (查询码)
 * @attr id-tail-length - how many last ID-number characters `name-id` asks for (default 6, as the BFF's
 *   `caseLookup.idTailLength`)
 * @attr lookup-href - a page with `mode="lookup"`, offered to signed-out visitors of the list
 * @attr param-prefix - prefix of the list's URL parameters (default `case-`: `case-filter`, `case-no`)
 * @attr heading-level - level of the widget's top heading (default 2); sections sit one below
 * @attr lang - `zh-CN` (default) or `en`; else the closest ancestor's `lang`
 * @attr elder - 适老化 mode (also on when `<html data-gov-elder>`)
 *
 * @slot - Fallback content (e.g. a link to the portal's 我的办件 page), shown only until the element upgrades
 *
 * @fires gov-case-tracker-changed - `{ status, mode, filter?, projectNo? }` whenever what is shown changes
 * @fires gov-case-tracker-evaluate - cancelable, `{ projectNo }` when the user asks to rate a case (评价); a
 *   `<gov-evaluate>` on the page answers it (opens, and cancels the event); its `gov-evaluate-submitted` makes the
 *   tracker fetch the case again
 * @fires gov-ready - once, after the first render
 * @fires gov-error - `{ code, message }` when the BFF cannot answer (lookup refusals and 429 are not errors)
 *
 * @csspart tabs - the tab list of the list mode
 * @csspart tab - one tab
 * @csspart status - the count line, a polite live region
 * @csspart list - the case list
 * @csspart case - one case in the list
 * @csspart badge - a status label
 * @csspart detail - a case's detail (also the lookup's result)
 * @csspart timeline - the ordered list of process steps
 * @csspart form - the lookup form
 * @csspart input - a lookup field
 * @csspart button - buttons and button-like links: 加载更多, 重试, 返回, 登录, 查询, 评价
 * @csspart notice - the live "办件有新进展" notice
 * @csspart prompt - the signed-out prompt
 *
 * @cssprop --gov-case-tracker-item-border - line between cases (default 1px solid the border colour)
 * @cssprop --gov-case-tracker-max-width - widest the lookup form grows (default 36em)
 */
export class GovCaseTracker extends GovElement {
  /** Keep in step with package.json. */
  static override version = '0.1.0';
  static override strings = caseTrackerStrings;
  static override styles = [GovElement.styles, caseTrackerStyles];
  static override properties: PropertyDeclarations = {
    mode: { type: String },
    caseNo: { type: String, attribute: 'case' },
    factor: { type: String },
    idTailLength: { type: Number, attribute: 'id-tail-length' },
    lookupHref: { type: String, attribute: 'lookup-href' },
    paramPrefix: { type: String, attribute: 'param-prefix' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    session: { state: true },
    view: { state: true },
    list: { state: true },
    detail: { state: true },
    lookup: { state: true },
    values: { state: true },
    fieldErrors: { state: true },
    notice: { state: true },
  };

  declare mode: string;
  declare caseNo: string | undefined;
  declare factor: string;
  declare idTailLength: number;
  declare lookupHref: string | undefined;
  declare paramPrefix: string;
  declare headingLevel: number;
  /** @internal */
  declare protected session: SessionState;
  /** @internal what the URL says (list mode) */
  declare protected view: TrackerUrlState;
  /** @internal */
  declare protected list: ListState;
  /** @internal */
  declare protected detail: DetailState;
  /** @internal */
  declare protected lookup: LookupState;
  /** @internal */
  declare protected values: LookupValues;
  /** @internal */
  declare protected fieldErrors: LookupErrors;
  /** @internal the live "办件有新进展" text */
  declare protected notice: string;

  #stopSession: (() => void) | undefined;
  #stopEvents: (() => void)[] = [];
  #requests = new Map<string, AbortController>();
  /** What is loaded (or loading) for the current view: `list:<filter>`, `detail:<no>` or '' (nothing). */
  #loaded = '';
  /** A selector to focus once it is rendered (kept while the data it waits for is loading). */
  #pendingFocus: string | undefined;
  /** The open case's history entry was pushed from the list, so 返回 can be the browser's back. */
  #pushedDetail = false;
  #lastChange = '';
  #tick: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.addEventListener('click', this.#onClick);
    this.mode = 'list';
    this.factor = 'name-id';
    this.idTailLength = 6;
    this.paramPrefix = 'case-';
    this.headingLevel = 2;
    this.session = { status: 'unknown' };
    this.view = { filter: 'all', no: null };
    this.list = {
      status: 'idle',
      filter: 'all',
      cases: [],
      counts: null,
      nextCursor: null,
      firstPage: 0,
      more: 'idle',
    };
    this.detail = { status: 'idle', no: null };
    this.lookup = { status: 'idle' };
    this.values = EMPTY_VALUES;
    this.fieldErrors = {};
    this.notice = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.view = readTrackerState(location.search, this.paramPrefix);
    window.addEventListener('popstate', this.#onPopState);
    document.addEventListener('gov-evaluate-submitted', this.#onEvaluated);
    // The lookup is for anyone: it never asks who is signed in (and so opens no event stream).
    if (this.#mode === 'lookup') return;
    const store = getSessionStore();
    this.#stopSession = store.subscribe((state) => (this.session = state));
    if (store.state.status === 'unknown') void store.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.#onPopState);
    document.removeEventListener('gov-evaluate-submitted', this.#onEvaluated);
    this.#stopSession?.();
    this.#stopSession = undefined;
    this.#listen(false);
    this.#requests.forEach((request) => request.abort());
    this.#loaded = '';
    clearInterval(this.#tick);
  }

  get #mode(): GovCaseTrackerChangedDetail['mode'] {
    return this.mode === 'detail' || this.mode === 'lookup' ? this.mode : 'list';
  }

  /** The BFF's spelling (`query_code`) works too, so an operator can copy the config value. */
  get #factor(): LookupFactor {
    return /^query[-_]code$/.test(this.factor) ? 'query-code' : 'name-id';
  }

  get #tail(): number {
    return Math.min(Math.max(Math.round(this.idTailLength) || 6, 1), 18);
  }

  get #level(): number {
    return Math.min(Math.max(Math.round(this.headingLevel) || 2, 1), 5);
  }

  /** The case shown: the `case` attribute in detail mode, the URL's open case in list mode. */
  get #shownNo(): string | null {
    if (this.#mode === 'detail') return this.caseNo && CASE_NO.test(this.caseNo) ? this.caseNo : null;
    return this.#mode === 'list' ? this.view.no : null;
  }

  #ctx(level = this.#level + 1): CaseViewContext {
    return { t: (key, params) => this.t(key, params), level, locale: this.locale };
  }

  // ---- loading: one place decides what the current view needs ----

  override willUpdate(): void {
    // A request settling after removal must not subscribe or fetch again; reconnecting picks up from here.
    if (!this.isConnected) return;
    const signedIn = this.#mode !== 'lookup' && this.session.status === 'authenticated';
    // Only a signed-in page hears case progress (events are per user).
    this.#listen(signedIn);
    const no = this.#shownNo;
    const want = !signedIn ? '' : no ? `detail:${no}` : this.#mode === 'list' ? `list:${this.view.filter}` : 'none';
    if (want === this.#loaded) return;
    this.#loaded = want;
    if (!signedIn) {
      this.#requests.forEach((request) => request.abort());
      this.list = { ...this.list, status: 'idle', cases: [], counts: null, nextCursor: null };
      this.detail = { status: 'idle', no: null };
    } else if (no) {
      // A case seen before shows at once (back and forward); live events keep it current.
      if (this.detail.no !== no || this.detail.status !== 'ready') void this.#loadDetail(no);
    } else if (this.#mode === 'list' && (this.list.filter !== this.view.filter || this.list.status !== 'ready'))
      void this.#loadList(this.view.filter);
  }

  /** A fresh AbortController for `key`, aborting the previous request under it. */
  #begin(key: string): AbortSignal {
    this.#requests.get(key)?.abort();
    const controller = new AbortController();
    this.#requests.set(key, controller);
    return controller.signal;
  }

  #failed(error: unknown): void {
    // The session ended at the BFF (idle, logout elsewhere): ask the store, which turns the view into the login prompt.
    if (error instanceof BffError && error.status === 401) void getSessionStore().refresh();
    else this.reportError(error);
  }

  async #loadList(filter: CaseFilter, silent = false): Promise<boolean> {
    const signal = this.#begin('list');
    const before = this.list;
    // Counts stay while the next tab loads: they hardly change, and the tabs keep their labels.
    if (!silent) this.list = { ...before, status: 'loading', filter, cases: [], nextCursor: null, more: 'idle' };
    try {
      const page = await getBffClient().get<CaseListResponse>(
        `/api/v1/cases${filter === 'all' ? '' : `?status=${filter}`}`,
        { signal },
      );
      let { cases, nextCursor } = page;
      if (silent && before.filter === filter && before.cases.length > before.firstPage) {
        const fresh = new Set(cases.map((entry) => entry.projectNo));
        cases = [...cases, ...before.cases.slice(before.firstPage).filter((entry) => !fresh.has(entry.projectNo))];
        nextCursor = before.nextCursor;
      }
      this.list = {
        status: 'ready',
        filter,
        cases,
        counts: page.counts,
        nextCursor,
        firstPage: page.cases.length,
        more: 'idle',
      };
      return true;
    } catch (error) {
      if (!isAbort(error) && !silent) {
        this.list = { ...this.list, status: 'error', error };
        this.#failed(error);
      }
      return false;
    }
  }

  async #loadMore(): Promise<void> {
    const { filter, nextCursor, more } = this.list;
    if (!nextCursor || more === 'loading') return;
    const signal = this.#begin('list');
    this.list = { ...this.list, more: 'loading' };
    try {
      const page = await getBffClient().get<CaseListResponse>(
        `/api/v1/cases?${filter === 'all' ? '' : `status=${filter}&`}cursor=${encodeURIComponent(nextCursor)}`,
        { signal },
      );
      this.list = {
        ...this.list,
        cases: [...this.list.cases, ...page.cases],
        nextCursor: page.nextCursor,
        counts: page.counts,
        more: 'idle',
      };
      // The new entries are what the user asked for: put them under the keyboard, not back at the button.
      if (page.cases[0]) this.#pendingFocus = `a[data-no="${CSS.escape(page.cases[0].projectNo)}"]`;
    } catch (error) {
      if (isAbort(error)) return;
      this.list = { ...this.list, more: 'error', moreError: error };
      this.#failed(error);
    }
  }

  async #loadDetail(no: string, silent = false): Promise<boolean> {
    const signal = this.#begin('detail');
    if (!silent) this.detail = { status: 'loading', no };
    try {
      const value = await getBffClient().get<CaseDetail>(`/api/v1/cases/${encodeURIComponent(no)}`, { signal });
      this.detail = { status: 'ready', no, value };
      return true;
    } catch (error) {
      if (!isAbort(error) && !silent) {
        this.detail = { status: 'error', no, error };
        this.#failed(error);
      }
      return false;
    }
  }

  #retry(): void {
    this.#loaded = '';
    this.requestUpdate();
  }

  // ---- live progress ----

  #listen(on: boolean): void {
    if (on === this.#stopEvents.length > 0) return;
    this.#stopEvents.forEach((stop) => stop());
    const events = getEventStream();
    this.#stopEvents = on
      ? [
          events.subscribe<{ projectNo?: unknown } | null>('case-progress', (data) => {
            if (typeof data?.projectNo === 'string') void this.#onProgress(data.projectNo);
          }),
          // Events may have been missed: fetch again what is on screen, without announcing anything.
          events.subscribe('resync', () => void this.#onProgress(null)),
        ]
      : [];
  }

  /**
   * Refreshes the shown case and the list when `no` is among them (everything for a resync), then announces the
   * progress unless the change was the user's own (`announce` false).
   */
  async #onProgress(no: string | null, announce = true): Promise<void> {
    let name: string | undefined;
    const shown = this.#shownNo;
    if (shown && (no === null || no === shown) && (await this.#loadDetail(shown, true)))
      name = this.detail.value?.itemName;
    const { status, cases, filter } = this.list;
    const entry = cases.find((item) => item.projectNo === no);
    if (this.#mode === 'list' && status === 'ready' && (no === null || entry)) {
      const focused = (this.renderRoot as ShadowRoot).activeElement as HTMLElement | null;
      if (await this.#loadList(filter, true)) {
        name ??= entry?.itemName;
        // Later pages stay as they were: a case there is fetched on its own.
        if (entry && !this.list.cases.slice(0, this.list.firstPage).some((item) => item.projectNo === no))
          await this.#patchCase(entry.projectNo);
        // Lit reuses list elements by position: keep focus on the same case, not on whatever took its place.
        if (focused?.dataset.no) this.#pendingFocus = `a[data-no="${CSS.escape(focused.dataset.no)}"]`;
      }
    }
    if (name && no && announce) await this.#announce(this.t('progress', { name }));
  }

  async #patchCase(no: string): Promise<void> {
    try {
      const fresh = await getBffClient().get<CaseDetail>(`/api/v1/cases/${encodeURIComponent(no)}`);
      this.list = { ...this.list, cases: this.list.cases.map((item) => (item.projectNo === no ? fresh : item)) };
    } catch {
      // The entry stays as it was; the next visit to the list shows the news.
    }
  }

  async #announce(text: string): Promise<void> {
    // Cleared first, so the same text for a second event is announced again.
    this.notice = '';
    await this.updateComplete;
    this.notice = text;
  }

  // ---- render ----

  // No <slot>: the light-DOM fallback stops rendering the moment the shadow root exists.
  override render(): TemplateResult {
    // .root carries layout and text resets that page rules cannot reach (they reach only the host element).
    return html`<div class="root">
      <p part="notice" class="notice ${this.notice ? 'shown' : ''}" role="status">${this.notice}</p>
      ${this.#mode === 'lookup' ? this.#renderLookup() : this.#renderSignedIn()}
    </div>`;
  }

  override updated(): void {
    const selector = this.#pendingFocus;
    if (selector) {
      const target = this.renderRoot.querySelector<HTMLElement>(selector);
      const waiting = this.list.status === 'loading' || this.detail.status === 'loading';
      if (target || !waiting) this.#pendingFocus = undefined;
      target?.focus();
    }
    const no = this.#mode === 'lookup' ? this.lookup.value?.projectNo : this.#shownNo;
    const detail: GovCaseTrackerChangedDetail = {
      status: this.#status(),
      mode: this.#mode,
      ...(this.#mode === 'list' ? { filter: this.view.filter } : {}),
      ...(no ? { projectNo: no } : {}),
    };
    const key = JSON.stringify(detail);
    if (key !== this.#lastChange) {
      this.#lastChange = key;
      this.emit('gov-case-tracker-changed', detail);
    }
  }

  #status(): GovCaseTrackerStatus {
    if (this.#mode === 'lookup') {
      const { status } = this.lookup;
      return status === 'idle' || status === 'sending' ? 'lookup' : status;
    }
    const session = this.session.status;
    if (session === 'anonymous') return 'logged-out';
    if (session === 'error') return 'error';
    const { status } = this.#shownNo ? this.detail : this.#mode === 'list' ? this.list : { status: 'error' };
    if (status === 'error') return 'error';
    if (status !== 'ready') return 'loading';
    return this.#shownNo ? 'detail' : this.list.cases.length ? 'results' : 'empty';
  }

  #heading(id: string, text: string, level = this.#level): TemplateResult {
    return html`<div role="heading" aria-level=${level} id=${id} class="title" tabindex="-1">${text}</div>`;
  }

  #problem(error: unknown, retry = true): TemplateResult {
    return html`<div class="problem">
      <p>${localizeError(error, this.locale)}</p>
      ${retry ? html`<button type="button" part="button" class="button" @click=${this.#retry}>${this.t('retry')}</button>` : nothing}
    </div>`;
  }

  #renderSignedIn(): TemplateResult {
    const { status } = this.session;
    if (status === 'anonymous') return this.#renderLogin();
    if (status === 'error')
      return html`<div class="problem">
        <p>${this.t('sessionError')}</p>
        <button type="button" part="button" class="button" @click=${() => void getSessionStore().refresh()}>
          ${this.t('retry')}
        </button>
      </div>`;
    if (status === 'unknown')
      return html`<p class="vh" role="status">${this.t('loading')}</p>
        <div class="skeleton" aria-hidden="true"></div>`;
    const no = this.#shownNo;
    return no ? this.#renderDetail(no) : this.#mode === 'list' ? this.#renderList() : this.#problem(null, false);
  }

  #loginHref(): string {
    return `${getBffClient().base}/auth/login?return_to=${encodeURIComponent(location.href)}`;
  }

  #renderLogin(): TemplateResult {
    // Single-page hosts change the URL without re-rendering us: the return address is taken again on the way out.
    const refresh = (event: Event) => ((event.currentTarget as HTMLAnchorElement).href = this.#loginHref());
    return html`<section part="prompt" class="prompt" aria-labelledby="login-title">
      ${this.#heading('login-title', this.t('loginTitle'))}
      <p>${this.t('loginHint')}</p>
      <p class="actions">
        <a part="button" class="button primary" href=${this.#loginHref()} @click=${refresh} @focus=${refresh}
          >${this.t('login')}</a
        >
        ${
          this.lookupHref
            ? html`<a part="button" class="button" href=${new URL(this.lookupHref, location.href).href}
                >${this.t('lookupLink')}</a
              >`
            : nothing
        }
      </p>
    </section>`;
  }

  // ---- list ----

  #renderList(): TemplateResult {
    const { filter } = this.view;
    const counts = this.list.counts;
    return html`<section class="cases" aria-labelledby="list-title">
      ${this.#heading('list-title', this.t('myCases'))}
      <div part="tabs" class="tabs" role="tablist" aria-label=${this.t('filters')} @keydown=${moveTabFocus}>
        ${FILTERS.map((key) => {
          const selected = key === filter;
          const count = counts?.[COUNT_KEYS[key]];
          return html`<button
            type="button"
            part="tab"
            class="tab"
            role="tab"
            id="tab-${key}"
            aria-selected=${selected ? 'true' : 'false'}
            aria-controls="panel"
            tabindex=${selected ? '0' : '-1'}
            @click=${() => this.#choose(key)}
          >
            ${count === undefined ? this.t(key) : this.t('tabCount', { label: this.t(key), count })}
          </button>`;
        })}
      </div>
      <div id="panel" role="tabpanel" aria-labelledby="tab-${filter}" tabindex="0">${this.#renderPanel()}</div>
    </section>`;
  }

  #renderPanel(): TemplateResult {
    const { status, cases, counts, filter, error, nextCursor, more } = this.list;
    const statusText =
      status === 'error'
        ? localizeError(error, this.locale)
        : status !== 'ready'
          ? this.t('loading')
          : cases.length
            ? this.t('total', { count: counts?.[COUNT_KEYS[filter]] ?? cases.length })
            : this.t(filter === 'all' ? 'empty' : 'emptyFilter');
    let body: unknown = nothing;
    if (status === 'error') body = this.#problem(error);
    else if (status !== 'ready') body = html`<div class="skeleton" aria-hidden="true"></div>`;
    else if (!cases.length) body = filter === 'all' ? html`<p class="muted">${this.t('emptyHint')}</p>` : nothing;
    else
      body = html`<ul part="list" class="list">
          ${cases.map((entry) => renderCaseItem(this.#ctx(), entry, this.#href({ filter, no: entry.projectNo })))}
        </ul>
        ${more === 'error' ? html`<p class="error" role="alert">${localizeError(this.list.moreError, this.locale)}</p>` : nothing}
        ${
          nextCursor
            ? html`<button
                type="button"
                part="button"
                class="button more"
                aria-disabled=${more === 'loading' ? 'true' : 'false'}
                @click=${() => void this.#loadMore()}
              >
                ${more === 'loading' ? this.t('loadingMore') : this.t('loadMore')}
              </button>`
            : nothing
        }`;
    return html`<p part="status" class="status" role="status">${statusText}</p>
      ${body}`;
  }

  // ---- detail ----

  #renderDetail(no: string): TemplateResult {
    const { status, value, error } = this.detail;
    const known = this.list.cases.find((entry) => entry.projectNo === no);
    const shown = value?.projectNo === no ? value : undefined;
    const notFound = error instanceof BffError && error.status === 404;
    let body: unknown;
    if (status === 'error')
      body = notFound ? html`<div class="problem"><p>${this.t('notFound')}</p></div>` : this.#problem(error);
    else if (shown)
      body = html`${
        shown.needsAction
          ? html`<p class="action-needed"><strong>${this.t('needsAction')}</strong>：${this.t('needsActionHint')}</p>`
          : nothing
      }
      ${renderCaseBody(this.#ctx(), shown)}
      ${
        shown.canEvaluate
          ? html`<p>
              <button type="button" part="button" class="button primary" @click=${() => this.#evaluate(no)}>
                ${this.t('evaluate')}
              </button>
            </p>`
          : nothing
      }`;
    else
      body = html`<p class="vh" role="status">${this.t('loading')}</p>
        <div class="skeleton" aria-hidden="true"></div>`;
    return html`<article part="detail" class="detail" aria-labelledby="detail-title">
      ${
        this.#mode === 'list'
          ? html`<a
              part="button"
              class="button back"
              href=${this.#href({ filter: this.view.filter, no: null })}
              data-nav
              >‹ ${this.t('back')}</a
            >`
          : nothing
      }
      ${this.#heading('detail-title', shown?.itemName ?? known?.itemName ?? this.t('caseNo') + ' ' + no)} ${body}
    </article>`;
  }

  #evaluate(projectNo: string): void {
    const detail: GovCaseTrackerEvaluateDetail = { projectNo };
    this.emit('gov-case-tracker-evaluate', detail, true);
  }

  /** `<gov-evaluate>` recorded a rating: the case can no longer be rated (or now only 追评), so ask again. */
  #onEvaluated = (event: Event): void => {
    const no = (event as CustomEvent<{ projectNo?: unknown } | null>).detail?.projectNo;
    if (typeof no === 'string' && this.session.status === 'authenticated') void this.#onProgress(no, false);
  };

  // ---- lookup ----

  #label(field: LookupField): string {
    return this.t(field, { n: this.#tail });
  }

  #renderLookup(): TemplateResult {
    const { status, value, message } = this.lookup;
    const waiting = this.#waitLeft();
    const busy = status === 'sending' || waiting > 0;
    const hint = this.#factor === 'name-id' ? this.t('lookupHintName', { n: this.#tail }) : this.t('lookupHintCode');
    return html`<section class="lookup" aria-labelledby="lookup-title">
      ${this.#heading('lookup-title', this.t('lookupTitle'))}
      <p class="muted">${hint}</p>
      <form part="form" class="form" novalidate @submit=${this.#onSubmit}>
        ${lookupFields(this.#factor).map((field) =>
          renderLookupField({
            field,
            label: this.#label(field),
            hint: field === 'idTail' ? this.t('idTailHint') : '',
            error: this.fieldErrors[field] ?? '',
            value: this.values[field],
            maxLength: field === 'idTail' ? this.#tail : 64,
            onInput: (value) => (this.values = { ...this.values, [field]: value }),
          }),
        )}
        <button type="submit" part="button" class="button primary" aria-disabled=${busy ? 'true' : 'false'}>
          ${waiting > 0 ? this.t('wait', { wait: this.#duration(waiting) }) : status === 'sending' ? this.t('searching') : this.t('search')}
        </button>
      </form>
      <div class="outcome" role="alert">${message ? html`<p class="problem">${message}</p>` : nothing}</div>
      ${
        status === 'found' && value
          ? html`<section part="detail" class="detail" aria-labelledby="result-title">
              ${this.#heading('result-title', `${this.t('lookupResult')}：${value.itemName}`, this.#level + 1)}
              ${renderCaseBody(this.#ctx(this.#level + 2), value)}
            </section>`
          : nothing
      }
    </section>`;
  }

  /** 45 秒, or whole minutes (rounded up) from a minute on: "请 598 秒后再试" reads badly. */
  #duration(seconds: number): string {
    return seconds < 60 ? this.t('seconds', { n: seconds }) : this.t('minutes', { n: Math.ceil(seconds / 60) });
  }

  /** Seconds left of a 429's wait, 0 when none. */
  #waitLeft(): number {
    return this.lookup.until ? Math.max(0, Math.ceil((this.lookup.until - Date.now()) / 1000)) : 0;
  }

  async #onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.lookup.status === 'sending' || this.#waitLeft() > 0) return;
    const errors = validateLookup(
      this.values,
      this.#factor,
      this.#tail,
      (key, params) => this.t(key, params),
      (field) => this.#label(field),
    );
    this.fieldErrors = errors;
    const first = lookupFields(this.#factor).find((field) => errors[field]);
    if (first) {
      // GOV.UK pattern: focus the first field in error; its message is in the field's description.
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>(`#f-${first}`)?.focus();
      return;
    }
    this.lookup = { status: 'sending' };
    try {
      const value = await getBffClient().post<CaseLookupResponse>(
        '/api/v1/case-lookup',
        lookupRequest(this.values, this.#factor),
        { signal: this.#begin('lookup') },
      );
      this.lookup = { status: 'found', value };
      this.#pendingFocus = '#result-title';
    } catch (error) {
      if (isAbort(error)) return;
      const status = error instanceof BffError ? error.status : 0;
      if (status === 429) {
        const seconds = waitSeconds(error instanceof BffError ? error.message : '');
        this.lookup = {
          status: 'rate-limited',
          message: this.t('rateLimited', { wait: this.#duration(seconds) }),
          until: Date.now() + seconds * 1000,
        };
        clearInterval(this.#tick);
        this.#tick = setInterval(() => {
          if (this.#waitLeft() > 0) return this.requestUpdate();
          clearInterval(this.#tick);
          this.lookup = { status: 'idle' };
        }, 1000);
      } else if (status === 400)
        // The BFF checks the form before it looks anything up, so its word on a field tells nothing about cases.
        this.lookup = { status: 'refused', message: localizeError(error, this.locale) };
      else if (status >= 400 && status < 500)
        // One text for every refusal (no such case, wrong second factor): the lookup must never tell a guesser
        // which case numbers exist — whatever words the BFF used.
        this.lookup = {
          status: 'refused',
          message: this.t(this.#factor === 'name-id' ? 'refusedName' : 'refusedCode', { n: this.#tail }),
        };
      else this.lookup = { status: 'error', message: this.reportError(error).message };
    }
  }

  // ---- navigation (list mode) ----

  #href(state: TrackerUrlState): string {
    return trackerHref(location.href, this.paramPrefix, state);
  }

  #choose(filter: CaseFilter): void {
    if (filter === this.view.filter && !this.view.no) return;
    const href = this.#href({ filter, no: null });
    if (href !== location.href) history.pushState(history.state, '', href);
    this.#pushedDetail = false;
    this.view = { filter, no: null };
  }

  /**
   * Case links and 返回 are real URLs (open in a new tab, copy, share); a plain click stays in the page: the link's
   * parameters become the new state and a history entry.
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
    // Links of a tracker nested in this one's light DOM are that tracker's business.
    if (!link || link.getRootNode() !== this.renderRoot) return;
    event.preventDefault();
    const next = readTrackerState(new URL(link.href).search, this.paramPrefix);
    const from = this.view.no;
    if (!next.no && this.#pushedDetail) {
      // Back to the very list entry we came from; popstate then returns focus.
      history.back();
      return;
    }
    history.pushState(history.state, '', link.href);
    this.#pushedDetail = !from && !!next.no;
    this.#show(next, from);
  };

  #onPopState = (): void => {
    if (this.#mode !== 'list') return;
    const next = readTrackerState(location.search, this.paramPrefix);
    const from = this.view.no;
    // The host's own history (a hash link, another widget's parameters) is none of this widget's business.
    if (next.no === from && next.filter === this.view.filter) return;
    const hadFocus = this.matches(':focus-within');
    this.#pushedDetail = false;
    this.#show(next, from, hadFocus);
  };

  /** WCAG 2.4.3: opening a case puts focus on its heading; closing it, back on the case that opened it. */
  #show(next: TrackerUrlState, from: string | null, moveFocus = true): void {
    this.view = next;
    if (!moveFocus) return;
    if (next.no) this.#pendingFocus = '#detail-title';
    else if (from) this.#pendingFocus = `a[data-no="${CSS.escape(from)}"]`;
    else this.#pendingFocus = `#tab-${next.filter}`;
  }
}
