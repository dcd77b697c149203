import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type {
  MyConsultationSummary,
  MyEvaluationSummary,
  MyProfile,
  NoticeItem,
  NoticeListResponse,
} from '../../bff/api/contracts/cases.js';
// Types only: a value import would bundle the tracker into this file (it is loaded on demand instead).
import type { GovCaseTrackerChangedDetail } from '../gov-case-tracker/gov-case-tracker.js';
import {
  BffError,
  getBffClient,
  getEventStream,
  getSessionStore,
  GovElement,
  localizeError,
  type SessionState,
} from '../runtime/index.js';
import { userSpaceStyles } from './gov-user-space.styles.js';
import { userSpaceStrings } from './gov-user-space.strings.js';
import {
  renderConsultations,
  renderEvaluations,
  renderNotices,
  renderProfile,
  type SectionContext,
} from './sections-view.js';
import { moveTabFocus } from './tab-keys.js';

export const SECTIONS = ['cases', 'evaluations', 'consultations', 'notices', 'profile'] as const;
export type UserSpaceSection = (typeof SECTIONS)[number];

export type GovUserSpaceStatus = 'loading' | 'ready' | 'empty' | 'error' | 'logged-out';

/** Detail of `gov-user-space-changed`. */
export interface GovUserSpaceChangedDetail {
  status: GovUserSpaceStatus;
  section: UserSpaceSection;
}

/** What each section other than 我的办件 loads, and from where. */
interface SectionData {
  evaluations: { evaluations: MyEvaluationSummary[] };
  consultations: { consultations: MyConsultationSummary[] };
  notices: NoticeListResponse;
  profile: MyProfile;
}
type DataSection = keyof SectionData;

const SOURCES: Record<DataSection, string> = {
  evaluations: '/api/v1/evaluations?mine=1',
  consultations: '/api/v1/consultations?mine=1',
  notices: '/api/v1/notices',
  profile: '/api/v1/me',
};

interface Loaded<T> {
  status: 'loading' | 'ready' | 'error';
  value?: T;
  error?: unknown;
}
type SectionStates = { [K in DataSection]?: Loaded<SectionData[K]> };

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/** How many entries a loaded section holds (profile: always one). */
function entryCount(section: DataSection, value: SectionData[DataSection]): number {
  if (section === 'profile') return 1;
  const record = value as unknown as Record<string, unknown[]>;
  return record[section]?.length ?? 0;
}

/**
 * 个人空间: a signed-in user's own corner of the site, in five tabs — 我的办件 (the case list of
 * `<gov-case-tracker>`, loaded on demand), 我的评价, 我的咨询, 消息 (read and unread, 标为已读; the tab shows the unread
 * count) and 我的资料 (the profile, masked, with a link to the unified platform's profile page). The open tab lives
 * in the page URL (`space-section`), so back/forward and shared links work. Signed out it offers the login.
 * Opening 我的办件 imports and registers `<gov-case-tracker>` (guarded: a copy already defined is used as is).
 *
 * Keyboard and screen readers: the tabs are a WAI-ARIA tablist (←/→, Home, End; Enter or Space opens a tab, and
 * back/forward return focus to the tab); marking a message read moves focus to its title and says so politely.
 *
 * @tag gov-user-space
 * @summary The personal space: my cases, evaluations, consultations, messages and profile.
 *
 * @attr param-prefix - prefix of the URL parameter of the open tab (default `space-`: `space-section`)
 * @attr heading-level - level of the widget's heading (default 2); entries sit below it
 * @attr complaint-href - where a 差评 (不满意, 非常不满意) becomes a 投诉: 我的评价 links it as "对处理结果不满意？我要投诉",
 *   `{evaluationId}` replaced (e.g. `/hudong/?consult-evaluation={evaluationId}`, read by `<gov-consult>`); no link without it
 * @attr lang - `zh-CN` (default) or `en`; else the closest ancestor's `lang`
 * @attr elder - 适老化 mode (also on when `<html data-gov-elder>`); passed on to the embedded case list
 *
 * @slot - Fallback content (e.g. a link to the portal's 个人中心), shown only until the element upgrades
 *
 * @fires gov-user-space-changed - `{ status, section }` whenever what is shown changes: `status` is `loading`,
 *   `ready`, `empty`, `error` or `logged-out`
 * @fires gov-ready - once, after the first render
 * @fires gov-error - `{ code, message }` when the BFF cannot answer
 *
 * @csspart tabs - the tab list
 * @csspart tab - one tab
 * @csspart panel - the open tab's panel
 * @csspart list - a list of evaluations, consultations or messages
 * @csspart entry - one of them
 * @csspart profile - the profile's fact list
 * @csspart button - buttons and button-like links: 标为已读, 查看, 我要投诉, 重试, 登录, 修改资料
 * @csspart status - the count line, a polite live region
 * @csspart prompt - the signed-out prompt
 * @csspart case-tracker - the embedded `<gov-case-tracker mode="list">` (its own parts stay inside it: theme it
 *   with `--gov-*` tokens on this element)
 *
 * @cssprop --gov-user-space-entry-border - line between entries (default 1px solid the border colour)
 */
export class GovUserSpace extends GovElement {
  /** Keep in step with package.json. */
  static override version = '0.1.0';
  static override strings = userSpaceStrings;
  static override styles = [GovElement.styles, userSpaceStyles];
  static override properties: PropertyDeclarations = {
    paramPrefix: { type: String, attribute: 'param-prefix' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    complaintHref: { type: String, attribute: 'complaint-href' },
    session: { state: true },
    section: { state: true },
    data: { state: true },
    trackerStatus: { state: true },
    busy: { state: true },
    announcement: { state: true },
  };

  declare paramPrefix: string;
  declare headingLevel: number;
  declare complaintHref: string | undefined;
  /** @internal */
  declare protected session: SessionState;
  /** @internal the open tab, from the URL */
  declare protected section: UserSpaceSection;
  /** @internal */
  declare protected data: SectionStates;
  /** @internal what the embedded case list last reported */
  declare protected trackerStatus: GovCaseTrackerChangedDetail['status'] | undefined;
  /** @internal notices being marked read */
  declare protected busy: ReadonlySet<string>;
  /** @internal the polite announcement */
  declare protected announcement: string;

  #stopSession: (() => void) | undefined;
  #stopEvents: (() => void)[] = [];
  #requests = new Map<string, AbortController>();
  #pendingFocus: string | undefined;
  #lastChange = '';
  #trackerRequested = false;

  constructor() {
    super();
    this.paramPrefix = 'space-';
    this.headingLevel = 2;
    this.session = { status: 'unknown' };
    this.section = 'cases';
    this.data = {};
    this.busy = new Set();
    this.announcement = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.section = this.#fromUrl();
    window.addEventListener('popstate', this.#onPopState);
    const store = getSessionStore();
    this.#stopSession = store.subscribe((state) => (this.session = state));
    if (store.state.status === 'unknown') void store.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.#onPopState);
    this.#stopSession?.();
    this.#stopSession = undefined;
    this.#listen(false);
    this.#requests.forEach((request, section) => {
      request.abort();
      // An answer cut off by the removal is asked again on reconnection.
      if (this.data[section as DataSection]?.status === 'loading') this.data = { ...this.data, [section]: undefined };
    });
  }

  get #level(): number {
    return Math.min(Math.max(Math.round(this.headingLevel) || 2, 1), 5);
  }

  #fromUrl(): UserSpaceSection {
    const value = new URLSearchParams(location.search).get(this.paramPrefix + 'section') as UserSpaceSection | null;
    return value && SECTIONS.includes(value) ? value : 'cases';
  }

  // ---- loading ----

  override willUpdate(): void {
    if (!this.isConnected) return;
    const signedIn = this.session.status === 'authenticated';
    this.#listen(signedIn);
    if (!signedIn) {
      if (Object.keys(this.data).length) {
        this.#requests.forEach((request) => request.abort());
        this.data = {};
        this.trackerStatus = undefined;
      }
      return;
    }
    // 消息 always: its tab shows the unread count.
    for (const section of new Set<DataSection>(['notices', ...(this.section === 'cases' ? [] : [this.section])]))
      if (!this.data[section]) void this.#load(section);
    // The tracker is its own file, fetched the first time 我的办件 opens (the build keeps it a separate entry).
    if (this.section === 'cases' && !this.#trackerRequested) {
      this.#trackerRequested = true;
      void import('../gov-case-tracker/define.js');
    }
  }

  async #load(section: DataSection, silent = false): Promise<void> {
    this.#requests.get(section)?.abort();
    const controller = new AbortController();
    this.#requests.set(section, controller);
    if (!silent) this.data = { ...this.data, [section]: { status: 'loading' } };
    try {
      const value = await getBffClient().get<SectionData[typeof section]>(SOURCES[section], {
        signal: controller.signal,
      });
      this.data = { ...this.data, [section]: { status: 'ready', value } };
    } catch (error) {
      if (isAbort(error) || silent) return;
      this.data = { ...this.data, [section]: { status: 'error', error } };
      // The session ended at the BFF: the store's answer turns the space into the login prompt.
      if (error instanceof BffError && error.status === 401) void getSessionStore().refresh();
      else this.reportError(error);
    }
  }

  #listen(on: boolean): void {
    if (on === this.#stopEvents.length > 0) return;
    this.#stopEvents.forEach((stop) => stop());
    const events = getEventStream();
    // A case's progress and a pushed notice each add a message, another tab may have read some (notices-read),
    // and resync means some may have been missed.
    const refresh = () => {
      void this.#load('notices', true);
      if (this.section !== 'cases' && this.section !== 'notices') void this.#load(this.section, true);
    };
    this.#stopEvents = on
      ? ['case-progress', 'notice', 'notices-read', 'resync'].map((type) => events.subscribe(type, refresh))
      : [];
  }

  async #markRead(notice: NoticeItem): Promise<void> {
    if (this.busy.has(notice.id)) return;
    this.busy = new Set([...this.busy, notice.id]);
    try {
      const answer = await getBffClient().post<{ unread?: number } | undefined>(
        `/api/v1/notices/${encodeURIComponent(notice.id)}/read`,
      );
      const current = this.data.notices?.value;
      if (current)
        this.data = {
          ...this.data,
          notices: {
            status: 'ready',
            value: {
              ...current,
              notices: current.notices.map((entry) => (entry.id === notice.id ? { ...entry, read: true } : entry)),
              unread: answer?.unread ?? Math.max(0, current.unread - 1),
            },
          },
        };
      this.announcement = this.t('markedRead', { title: notice.title });
      // The button is gone: focus goes to the message it belonged to, not to the page's start.
      this.#pendingFocus = `#n-${CSS.escape(notice.id)}`;
    } catch (error) {
      this.announcement = this.reportError(error).message;
    } finally {
      const next = new Set(this.busy);
      next.delete(notice.id);
      this.busy = next;
    }
  }

  // ---- render ----

  // No <slot>: the light-DOM fallback stops rendering the moment the shadow root exists.
  override render(): TemplateResult {
    return html`<div class="root">
      <p class="vh" role="status">${this.announcement}</p>
      ${this.#renderState()}
    </div>`;
  }

  override updated(): void {
    if (this.#pendingFocus) {
      this.renderRoot.querySelector<HTMLElement>(this.#pendingFocus)?.focus();
      this.#pendingFocus = undefined;
    }
    const detail: GovUserSpaceChangedDetail = { status: this.#status(), section: this.section };
    const key = JSON.stringify(detail);
    if (key !== this.#lastChange) {
      this.#lastChange = key;
      this.emit('gov-user-space-changed', detail);
    }
  }

  #status(): GovUserSpaceStatus {
    const session = this.session.status;
    if (session === 'anonymous') return 'logged-out';
    if (session === 'error') return 'error';
    if (session === 'unknown') return 'loading';
    if (this.section === 'cases') {
      const status = this.trackerStatus;
      if (!status || status === 'loading') return 'loading';
      return status === 'empty' || status === 'error' || status === 'logged-out' ? status : 'ready';
    }
    const loaded = this.data[this.section];
    if (!loaded || loaded.status === 'loading') return 'loading';
    if (loaded.status === 'error') return 'error';
    return loaded.value && entryCount(this.section, loaded.value) ? 'ready' : 'empty';
  }

  #renderState(): TemplateResult {
    const { status, user } = this.session;
    if (status === 'anonymous') return this.#renderLogin();
    if (status === 'error') return this.#problem(this.t('sessionError'), () => void getSessionStore().refresh());
    if (status === 'unknown')
      return html`<p class="vh" role="status">${this.t('loading')}</p>
        <div class="skeleton" aria-hidden="true"></div>`;
    const name = user?.userType === 'legal' && user.orgName ? user.orgName : user?.displayName;
    return html`<section class="space" aria-labelledby="space-title">
      <div role="heading" aria-level=${this.#level} id="space-title" class="title">${this.t('title')}</div>
      ${name ? html`<p class="muted">${this.t('hello', { name })}</p>` : nothing}
      <div part="tabs" class="tabs" role="tablist" aria-label=${this.t('sections')} @keydown=${moveTabFocus}>
        ${SECTIONS.map((section) => this.#renderTab(section))}
      </div>
      <div part="panel" class="panel" id="panel" role="tabpanel" aria-labelledby="tab-${this.section}" tabindex="0">
        ${this.#renderPanel()}
      </div>
    </section>`;
  }

  #renderTab(section: UserSpaceSection): TemplateResult {
    const selected = section === this.section;
    const unread = section === 'notices' ? (this.data.notices?.value?.unread ?? 0) : 0;
    return html`<button
      type="button"
      part="tab"
      class="tab"
      role="tab"
      id="tab-${section}"
      aria-selected=${selected ? 'true' : 'false'}
      aria-controls="panel"
      tabindex=${selected ? '0' : '-1'}
      @click=${() => this.#choose(section)}
    >
      ${unread ? this.t('unreadTab', { label: this.t(section), count: unread }) : this.t(section)}
    </button>`;
  }

  #renderPanel(): TemplateResult {
    const section = this.section;
    if (section === 'cases')
      return html`<gov-case-tracker
        part="case-tracker"
        mode="list"
        heading-level=${this.#level + 1}
        ?elder=${this.isElder}
        @gov-case-tracker-changed=${(event: CustomEvent<GovCaseTrackerChangedDetail>) =>
          (this.trackerStatus = event.detail.status)}
      ></gov-case-tracker>`;
    const loaded = this.data[section];
    if (!loaded || loaded.status === 'loading')
      return html`<p part="status" class="status" role="status">${this.t('loading')}</p>
        <div class="skeleton" aria-hidden="true"></div>`;
    if (loaded.status === 'error' || !loaded.value)
      return this.#problem(localizeError(loaded.error, this.locale), () => void this.#load(section));
    const ctx: SectionContext = {
      t: (key, params) => this.t(key, params),
      level: this.#level + 1,
      locale: this.locale,
      complaintHref: this.complaintHref,
    };
    const { value } = loaded;
    if (section === 'profile') return renderProfile(ctx, value as MyProfile);
    if (section === 'notices') {
      const { notices, unread } = value as NoticeListResponse;
      return html`<p part="status" class="status" role="status">
          ${notices.length ? (unread ? this.t('unreadCount', { count: unread }) : this.t('allRead')) : this.t('emptyNotices')}
        </p>
        ${notices.length ? renderNotices(ctx, notices, (notice) => void this.#markRead(notice), this.busy) : nothing}`;
    }
    const entries =
      section === 'evaluations'
        ? (value as SectionData['evaluations']).evaluations
        : (value as SectionData['consultations']).consultations;
    if (!entries.length)
      return html`<p part="status" class="status" role="status">
        ${this.t(section === 'evaluations' ? 'emptyEvaluations' : 'emptyConsultations')}
      </p>`;
    return section === 'evaluations'
      ? renderEvaluations(ctx, entries as MyEvaluationSummary[])
      : renderConsultations(ctx, entries as MyConsultationSummary[]);
  }

  #problem(message: string, retry: () => void): TemplateResult {
    return html`<div class="problem">
      <p>${message}</p>
      <button type="button" part="button" class="button" @click=${retry}>${this.t('retry')}</button>
    </div>`;
  }

  #renderLogin(): TemplateResult {
    const href = () => `${getBffClient().base}/auth/login?return_to=${encodeURIComponent(location.href)}`;
    // Single-page hosts change the URL without re-rendering us: the return address is taken again on the way out.
    const refresh = (event: Event) => ((event.currentTarget as HTMLAnchorElement).href = href());
    return html`<section part="prompt" class="prompt" aria-labelledby="login-title">
      <div role="heading" aria-level=${this.#level} id="login-title" class="title">${this.t('loginTitle')}</div>
      <p>${this.t('loginHint')}</p>
      <p>
        <a part="button" class="button primary" href=${href()} @click=${refresh} @focus=${refresh}
          >${this.t('login')}</a
        >
      </p>
    </section>`;
  }

  // ---- navigation ----

  #choose(section: UserSpaceSection): void {
    if (section === this.section) return;
    const url = new URL(location.href);
    url.searchParams.delete(this.paramPrefix + 'section');
    if (section !== 'cases') url.searchParams.set(this.paramPrefix + 'section', section);
    history.pushState(history.state, '', url.href);
    this.#open(section);
  }

  #open(section: UserSpaceSection): void {
    // A new case list reports afresh; an old status must not make the tab look loaded.
    if (section === 'cases') this.trackerStatus = undefined;
    this.section = section;
  }

  #onPopState = (): void => {
    const next = this.#fromUrl();
    // The host's own history, or the embedded case list's, leaves the open tab alone.
    if (next === this.section) return;
    const hadFocus = this.matches(':focus-within');
    this.#open(next);
    if (hadFocus) this.#pendingFocus = `#tab-${next}`;
  };
}
