import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import type { NoticeItem, NoticeListResponse } from '../../bff/api/contracts/cases.js';
import type { NoticeEvent } from '../../bff/api/contracts/push.js';
import {
  BffError,
  getBffClient,
  getEventStream,
  getSessionStore,
  GovElement,
  localizeError,
  type SessionState,
} from '../runtime/index.js';
import { noticesStyles } from './gov-notices.styles.js';
import { noticesStrings } from './gov-notices.strings.js';

export type GovNoticesStatus = 'loading' | 'list' | 'empty' | 'error' | 'logged-out';

/** Detail of `gov-notices-changed`. */
export interface GovNoticesChangedDetail {
  status: GovNoticesStatus;
  /** null until the count is known. */
  unread: number | null;
  open: boolean;
}

/** Detail of `gov-notices-navigate` (cancelable: a single-page host routes itself and calls preventDefault). */
export interface GovNoticesNavigateDetail {
  id: string;
  href: string;
}

type Phase = 'idle' | 'loading' | 'ready' | 'error';

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/**
 * A notice's link when it stays on this site. The BFF only passes same-site paths and #fragments
 * (safeNoticeLink), but data is checked again here, not trusted: an external or javascript: URL never becomes a link.
 */
export function sameSiteLink(link: string | null | undefined): string | null {
  if (!link || !/^(\/(?![/\\])|#)[^\s\\]*$/.test(link)) return null;
  try {
    const url = new URL(link, location.href);
    return url.origin === location.origin ? url.href : null;
  } catch {
    return null;
  }
}

/** Only the contract's fields: an event carries more (projectNo…), and text is never trusted as markup anyway. */
const toItem = (event: NoticeEvent): NoticeItem => ({
  id: String(event.id),
  kind: String(event.kind),
  title: String(event.title),
  body: typeof event.body === 'string' ? event.body : null,
  link: typeof event.link === 'string' ? event.link : null,
  read: false,
  createdAt: String(event.createdAt),
});

/**
 * 消息提醒: a bell with the unread count that opens the signed-in user's inbox — newest first, unread marked in
 * words and weight, 标为已读 one by one or 全部已读, 加载更多. Following a notice's link marks it read first. Live
 * over the runtime's event stream: a new `notice` adds one to the count and shows a toast; `notices-read` (another
 * tab) sets the count; `announcement` and `resync` fetch the list again.
 *
 * Signed out (or anonymous) the element shows nothing (`anonymous="hide"`, the default: a page header keeps its
 * layout and no empty bell promises messages), or with `anonymous="login"` a quiet 登录后查看消息 link.
 *
 * Keyboard and screen readers: the bell is a disclosure button (Enter or Space; its name says the count, e.g.
 * "消息提醒，3条未读"). Opening moves focus to the list's heading; Escape (or 关闭) closes and returns focus to the
 * bell; it is not a modal — Tab leaves it, and focus or a click elsewhere closes it. The toast is a polite status
 * that sits right after the bell in the tab order; it hides itself after a while, but not while it is hovered
 * or focused, and what it said is in the list anyway. Marking read moves focus to the notice and says so.
 *
 * @tag gov-notices
 * @summary 消息提醒: the unread count, the inbox, mark read, live toasts.
 *
 * @attr anonymous - what signed-out visitors see: `hide` (default, nothing) or `login` (a link to log in)
 * @attr open - the list is open (reflects; set it to open the list from the page)
 * @attr limit - notices per page (default 10, at most 50)
 * @attr region - 12-digit area code of this site: its announcements (and those above it) join the inbox; without it
 *   only province-wide announcements do
 * @attr toast-seconds - how long a new-notice toast shows unless hovered or focused (default 8; doubled in 适老化)
 * @attr heading-level - level of the list's heading (default 2)
 * @attr lang - `zh-CN` (default) or `en`; else the closest ancestor's `lang`
 * @attr elder - 适老化 mode (also on when `<html data-gov-elder>`): a text label beside the bell, a toast that
 *   stays twice as long
 *
 * @slot - Fallback content (e.g. a link to the portal's 消息 page), shown only until the element upgrades
 *
 * @fires gov-notices-changed - `{ status, unread, open }` whenever one of them changes: `status` is `loading`,
 *   `list`, `empty`, `error` or `logged-out`
 * @fires gov-notices-navigate - `{ id, href }`, cancelable, before following a notice's link (after marking it read)
 * @fires gov-ready - once, after the first render
 * @fires gov-error - `{ code, message }` when the BFF cannot answer
 *
 * @csspart bell - the bell button
 * @csspart count - the unread badge on the bell
 * @csspart panel - the open list's popover
 * @csspart list - the list of notices
 * @csspart entry - one notice
 * @csspart button - 标为已读, 全部已读, 加载更多, 重试, 关闭, 查看
 * @csspart toast - the new-notice toast
 * @csspart login - the signed-out link (`anonymous="login"`)
 *
 * @cssprop --gov-notices-width - widest the popover and toast grow (default 24em; never wider than the viewport)
 * @cssprop --gov-notices-count-color - background of the unread badge (default the danger colour)
 */
export class GovNotices extends GovElement {
  /** Keep in step with package.json. */
  static override version = '0.1.0';
  static override strings = noticesStrings;
  static override styles = [GovElement.styles, noticesStyles];
  static override properties: PropertyDeclarations = {
    anonymous: { type: String },
    open: { type: Boolean, reflect: true },
    limit: { type: Number },
    region: { type: String },
    toastSeconds: { type: Number, attribute: 'toast-seconds' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    session: { state: true },
    phase: { state: true },
    notices: { state: true },
    unread: { state: true },
    nextCursor: { state: true },
    loadingMore: { state: true },
    moreError: { state: true },
    busy: { state: true },
    announcement: { state: true },
    toast: { state: true },
  };

  declare anonymous: 'hide' | 'login';
  declare open: boolean;
  declare limit: number;
  declare region: string | undefined;
  declare toastSeconds: number;
  declare headingLevel: number;
  /** @internal */
  declare protected session: SessionState;
  /** @internal the first page's load */
  declare protected phase: Phase;
  /** @internal newest first, pages appended */
  declare protected notices: NoticeItem[];
  /** @internal */
  declare protected unread: number | null;
  /** @internal */
  declare protected nextCursor: string | null;
  /** @internal */
  declare protected loadingMore: boolean;
  /** @internal */
  declare protected moreError: string;
  /** @internal notices being marked read ('*': all) */
  declare protected busy: ReadonlySet<string>;
  /** @internal the polite announcement of what the user just did */
  declare protected announcement: string;
  /** @internal the notice the toast shows */
  declare protected toast: NoticeItem | null;

  #failure: unknown;
  #request: AbortController | undefined;
  #stopSession: (() => void) | undefined;
  #stopEvents: (() => void)[] = [];
  #pendingFocus: string | undefined;
  #toastTimer: ReturnType<typeof setTimeout> | undefined;
  /** Hovered or focused: the toast must not vanish under the pointer or the keyboard. */
  #toastHeld = new Set<string>();
  #lastChange = '';

  constructor() {
    super();
    this.anonymous = 'hide';
    this.open = false;
    this.limit = 10;
    this.toastSeconds = 8;
    this.headingLevel = 2;
    this.session = { status: 'unknown' };
    this.phase = 'idle';
    this.notices = [];
    this.unread = null;
    this.nextCursor = null;
    this.loadingMore = false;
    this.moreError = '';
    this.busy = new Set();
    this.announcement = '';
    this.toast = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const store = getSessionStore();
    this.#stopSession = store.subscribe((state) => (this.session = state));
    if (store.state.status === 'unknown') void store.refresh();
    document.addEventListener('pointerdown', this.#onOutside, true);
    window.addEventListener('resize', this.#place);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopSession?.();
    this.#stopSession = undefined;
    this.#listen(false);
    document.removeEventListener('pointerdown', this.#onOutside, true);
    window.removeEventListener('resize', this.#place);
    clearTimeout(this.#toastTimer);
    this.#request?.abort();
    // A load cut off by the removal starts again on reconnection.
    if (this.phase === 'loading') this.phase = 'idle';
  }

  get #signedIn(): boolean {
    return this.session.status === 'authenticated';
  }

  get #pageSize(): number {
    return Math.min(Math.max(Math.round(this.limit) || 10, 1), 50);
  }

  // ---- loading ----

  override willUpdate(): void {
    if (!this.isConnected) return;
    this.#listen(this.#signedIn);
    if (this.#signedIn) {
      if (this.phase === 'idle') void this.#load();
    } else if (this.phase !== 'idle' || this.toast) {
      // Signed out (here or in another tab): nothing of the last user's inbox stays on screen.
      this.#request?.abort();
      Object.assign(this, { phase: 'idle', notices: [], unread: null, nextCursor: null, toast: null, open: false });
    }
  }

  /** The site's region for the first page, where the BFF copies current announcements into the inbox. */
  get #regionParam(): string {
    return this.region && /^\d{12}$/.test(this.region) ? `&region=${this.region}` : '';
  }

  async #load(silent = false): Promise<void> {
    this.#request?.abort();
    const controller = new AbortController();
    this.#request = controller;
    if (!silent) this.phase = 'loading';
    try {
      const answer = await getBffClient().get<NoticeListResponse>(
        `/api/v1/notices?limit=${this.#pageSize}${this.#regionParam}`,
        {
          signal: controller.signal,
        },
      );
      // A refresh keeps what 加载更多 brought beyond the first page (and the cursor that continues after it).
      const fresh = new Set(answer.notices.map((notice) => notice.id));
      const rest = silent && this.phase === 'ready' ? this.notices.filter((notice) => !fresh.has(notice.id)) : [];
      this.#keepFocus();
      this.notices = [...answer.notices, ...rest];
      this.unread = answer.unread;
      if (!rest.length) this.nextCursor = answer.nextCursor;
      this.moreError = '';
      this.phase = 'ready';
    } catch (error) {
      if (isAbort(error) || (silent && this.phase === 'ready')) return;
      this.#failure = error;
      this.phase = 'error';
      // The session ended at the BFF: the store's answer hides the bell.
      if (error instanceof BffError && error.status === 401) void getSessionStore().refresh();
      else this.reportError(error);
    }
  }

  async #loadMore(): Promise<void> {
    if (!this.nextCursor || this.loadingMore) return;
    this.loadingMore = true;
    this.moreError = '';
    try {
      const answer = await getBffClient().get<NoticeListResponse>(
        `/api/v1/notices?limit=${this.#pageSize}&cursor=${encodeURIComponent(this.nextCursor)}`,
      );
      const known = new Set(this.notices.map((notice) => notice.id));
      const added = answer.notices.filter((notice) => !known.has(notice.id));
      this.notices = [...this.notices, ...added];
      this.unread = answer.unread;
      this.nextCursor = answer.nextCursor;
      this.announcement = this.t('loadedMore', { count: added.length });
      // The button may be gone: focus goes to the first new notice, where reading continues.
      if (added[0]) this.#pendingFocus = `n-${added[0].id}`;
    } catch (error) {
      this.moreError = this.reportError(error).message;
    } finally {
      this.loadingMore = false;
    }
  }

  #listen(on: boolean): void {
    if (on === this.#stopEvents.length > 0) return;
    this.#stopEvents.forEach((stop) => stop());
    const events = getEventStream();
    const refetch = () => void this.#load(true);
    this.#stopEvents = on
      ? [
          events.subscribe<NoticeEvent>('notice', (data) => this.#onNotice(data)),
          events.subscribe<{ unread?: unknown }>('notices-read', (data) => this.#onRead(data)),
          events.subscribe('announcement', refetch),
          events.subscribe('resync', refetch),
        ]
      : [];
  }

  #onNotice(data: NoticeEvent | null): void {
    if (!data || data.id === undefined || typeof data.title !== 'string') return void this.#load(true);
    const notice = toItem(data);
    if (this.notices.some((entry) => entry.id === notice.id)) return;
    this.unread = (this.unread ?? 0) + 1;
    this.#keepFocus();
    if (this.phase === 'ready') this.notices = [notice, ...this.notices];
    // With the list open the notice appears in it; the toast is for a closed bell.
    if (this.open) this.announcement = this.t('newNotice', { title: notice.title });
    else this.#showToast(notice);
  }

  #onRead(data: { unread?: unknown } | null): void {
    const unread = Number(data?.unread);
    if (!Number.isInteger(unread) || unread < 0) return void this.#load(true);
    this.unread = unread;
    if (unread === 0) this.notices = this.notices.map((notice) => ({ ...notice, read: true }));
    // Which ones another tab read is not in the event: the list asks again — unless the event is the echo of a
    // write of ours still under way (the BFF tells every tab of the user, this one included).
    else if (this.phase === 'ready' && !this.busy.size) void this.#load(true);
  }

  async #markRead(notice: NoticeItem, focus = true): Promise<void> {
    if (notice.read || this.busy.has(notice.id)) return;
    this.#busy(notice.id, true);
    try {
      const answer = await getBffClient().post<{ unread?: number } | undefined>(
        `/api/v1/notices/${encodeURIComponent(notice.id)}/read`,
      );
      this.notices = this.notices.map((entry) => (entry.id === notice.id ? { ...entry, read: true } : entry));
      this.unread = answer?.unread ?? Math.max(0, (this.unread ?? 1) - 1);
      this.announcement = this.t('markedRead', { title: notice.title });
      // The button is gone: focus goes to the notice it belonged to, not to the page's start.
      if (focus) this.#pendingFocus = `n-${notice.id}`;
    } catch (error) {
      this.announcement = this.reportError(error).message;
    } finally {
      this.#busy(notice.id, false);
    }
  }

  async #markAll(): Promise<void> {
    if (this.busy.has('*')) return;
    this.#busy('*', true);
    try {
      await getBffClient().post('/api/v1/notices/read-all');
      this.notices = this.notices.map((notice) => ({ ...notice, read: true }));
      this.unread = 0;
      this.announcement = this.t('markedAll');
      this.#pendingFocus = 'heading';
    } catch (error) {
      this.announcement = this.reportError(error).message;
    } finally {
      this.#busy('*', false);
    }
  }

  /**
   * Lit reuses list rows by position: when notices arrive above, focus must follow its notice, not stay on a row
   * that now shows another one (Enter would open the wrong notice).
   */
  #keepFocus(): void {
    const id = (this.renderRoot as ShadowRoot).activeElement?.id;
    if (id && /^[nr]-/.test(id)) this.#pendingFocus ??= id;
  }

  #busy(id: string, on: boolean): void {
    const next = new Set(this.busy);
    if (on) next.add(id);
    else next.delete(id);
    this.busy = next;
  }

  // ---- opening, closing, the toast ----

  /** Opens or closes the list; `focus` moves focus to its heading, or back to the bell. */
  #setOpen(open: boolean, focus: boolean): void {
    if (open) this.#hideToast();
    this.open = open;
    if (focus) this.#pendingFocus = open ? 'heading' : 'bell';
  }

  #onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    if (this.open) this.#setOpen(false, true);
    else if (this.toast && event.composedPath().includes(this.renderRoot.querySelector('.toast') as Element)) {
      this.#hideToast();
      this.#pendingFocus = 'bell';
    } else return;
    event.stopPropagation();
  };

  /** Not a modal: focus or a click going elsewhere on the page closes the list. */
  #onFocusOut = (event: FocusEvent): void => {
    const next = event.relatedTarget as Node | null;
    if (this.open && next && !this.renderRoot.contains(next) && !this.contains(next)) this.open = false;
  };

  #onOutside = (event: Event): void => {
    if (this.open && !event.composedPath().includes(this)) this.open = false;
  };

  #showToast(notice: NoticeItem): void {
    this.toast = notice;
    this.#toastHeld.clear();
    this.#armToast();
  }

  #armToast(): void {
    clearTimeout(this.#toastTimer);
    // 适老化: twice the time to read before it goes (it stays in the list either way).
    if (this.toast && !this.#toastHeld.size)
      this.#toastTimer = setTimeout(() => this.#hideToast(), (this.toastSeconds || 8) * (this.isElder ? 2000 : 1000));
  }

  #holdToast(reason: string, held: boolean): void {
    if (held) this.#toastHeld.add(reason);
    else this.#toastHeld.delete(reason);
    this.#armToast();
  }

  #hideToast(): void {
    clearTimeout(this.#toastTimer);
    this.toast = null;
  }

  /**
   * Keeps the popover and the toast inside the viewport: right-aligned under the bell, shifted left or right on a
   * narrow screen (a 320px phone) — CSS alone cannot know where the host page put the bell.
   */
  #place = (): void => {
    const root = this.renderRoot.querySelector<HTMLElement>('.root');
    if (!root) return;
    const box = root.getBoundingClientRect();
    const viewport = document.documentElement.clientWidth;
    for (const pop of this.renderRoot.querySelectorAll<HTMLElement>('.pop')) {
      const width = pop.offsetWidth;
      const left = Math.max(8, Math.min(box.right - width, viewport - 8 - width));
      pop.style.left = `${Math.round(left - box.left)}px`;
    }
  };

  // ---- render ----

  // No <slot>: the light-DOM fallback stops rendering the moment the shadow root exists.
  override render(): TemplateResult | typeof nothing {
    const { status } = this.session;
    // Until the session is known nothing shows: a bell that appears and then vanishes is worse than a late one.
    if (status === 'unknown') return nothing;
    if (status !== 'authenticated') return this.#renderSignedOut();
    const unread = this.unread;
    const label =
      unread === null
        ? this.phase === 'error'
          ? this.t('title')
          : this.t('bellLoading')
        : unread
          ? this.t('bellUnread', { count: unread })
          : this.t('bellNone');
    return html`<div class="root" @keydown=${this.#onKeydown} @focusout=${this.#onFocusOut}>
      <button
        type="button"
        part="bell"
        class="bell"
        id="bell"
        aria-label=${label}
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="panel"
        @click=${() => this.#setOpen(!this.open, true)}
      >
        ${bellIcon}<span class="label">${this.t('title')}</span>
        ${unread ? html`<span part="count" class="count" aria-hidden="true">${unread > 99 ? '99+' : unread}</span>` : nothing}
      </button>
      <p class="vh" role="status">${this.announcement}</p>
      ${this.#renderToast()}
      <section part="panel" class="pop panel" id="panel" aria-labelledby="heading" ?hidden=${!this.open}>
        <div class="head">
          <div
            role="heading"
            aria-level=${Math.min(Math.max(Math.round(this.headingLevel) || 2, 1), 6)}
            id="heading"
            class="title"
            tabindex="-1"
          >
            ${this.t('title')}
          </div>
          <button type="button" part="button" class="button" @click=${() => this.#setOpen(false, true)}>
            ${this.t('close')}
          </button>
        </div>
        ${this.open ? this.#renderBody() : nothing}
      </section>
    </div>`;
  }

  #renderSignedOut(): TemplateResult | typeof nothing {
    if (this.anonymous !== 'login') return nothing;
    const href = () => `${getBffClient().base}/auth/login?return_to=${encodeURIComponent(location.href)}`;
    // Single-page hosts change the URL without re-rendering us: the return address is taken again on the way out.
    const refresh = (event: Event) => ((event.currentTarget as HTMLAnchorElement).href = href());
    return html`<div class="root">
      <a part="login" class="bell login" href=${href()} @click=${refresh} @focus=${refresh}
        >${bellIcon}<span>${this.t('login')}</span></a
      >
    </div>`;
  }

  #renderToast(): TemplateResult {
    const toast = this.toast;
    const hold = (reason: string, held: boolean) => () => this.#holdToast(reason, held);
    return html`<div
      part="toast"
      class="pop toast ${toast ? '' : 'vh'}"
      @mouseenter=${hold('hover', true)}
      @mouseleave=${hold('hover', false)}
      @focusin=${hold('focus', true)}
      @focusout=${hold('focus', false)}
    >
      <p role="status">${toast ? this.t('newNotice', { title: toast.title }) : ''}</p>
      ${
        toast
          ? html`<p class="actions">
              <button type="button" part="button" class="button primary" @click=${() => this.#setOpen(true, true)}>
                ${this.t('show')}
              </button>
              <button
                type="button"
                part="button"
                class="button"
                @click=${() => {
                  this.#hideToast();
                  this.#pendingFocus = 'bell';
                }}
              >
                ${this.t('close')}
              </button>
            </p>`
          : nothing
      }
    </div>`;
  }

  #renderBody(): TemplateResult {
    if (this.phase === 'error')
      return html`<div class="problem">
        <p>${localizeError(this.#failure, this.locale)}</p>
        <button type="button" part="button" class="button" @click=${() => void this.#load()}>${this.t('retry')}</button>
      </div>`;
    if (this.phase !== 'ready') return html`<p class="status" role="status">${this.t('loading')}</p>`;
    if (!this.notices.length) return html`<p class="status">${this.t('empty')}</p>`;
    const unread = this.unread ?? 0;
    return html`<div class="line status">
        <span>${unread ? this.t('unreadCount', { count: unread }) : this.t('allRead')}</span>
        ${
          unread
            ? html`<button
                type="button"
                part="button"
                class="button"
                aria-disabled=${this.busy.has('*') ? 'true' : 'false'}
                @click=${() => void this.#markAll()}
              >
                ${this.t('markAll')}
              </button>`
            : nothing
        }
      </div>
      <ul part="list" class="entries">
        ${this.notices.map((notice) => this.#renderNotice(notice))}
      </ul>
      ${this.moreError ? html`<p class="error">${this.moreError}</p>` : nothing}
      ${
        this.nextCursor
          ? html`<p>
              <button
                type="button"
                part="button"
                class="button more"
                aria-disabled=${this.loadingMore ? 'true' : 'false'}
                @click=${() => void this.#loadMore()}
              >
                ${this.loadingMore ? this.t('loading') : this.t('more')}
              </button>
            </p>`
          : nothing
      }`;
  }

  #renderNotice(notice: NoticeItem): TemplateResult {
    const href = sameSiteLink(notice.link);
    const id = `n-${notice.id}`;
    const when = new Date(notice.createdAt);
    return html`<li part="entry" class="entry ${notice.read ? '' : 'unread'}">
      <p class="line">
        ${notice.read ? nothing : html`<span class="badge">${this.t('unread')}</span>`}
        ${
          href
            ? html`<a
                id=${id}
                class="entry-title"
                href=${href}
                @click=${(event: MouseEvent) => this.#follow(event, notice, href)}
                >${notice.title}</a
              >`
            : html`<span id=${id} class="entry-title" tabindex="-1">${notice.title}</span>`
        }
      </p>
      ${notice.body ? html`<p>${notice.body}</p>` : nothing}
      ${
        Number.isNaN(when.getTime())
          ? nothing
          : html`<p class="muted">
              <time datetime=${notice.createdAt}
                >${new Intl.DateTimeFormat(this.locale, {
                  dateStyle: 'medium',
                  timeStyle: 'short',
                  timeZone: 'Asia/Shanghai',
                }).format(when)}</time
              >
            </p>`
      }
      ${
        notice.read
          ? nothing
          : html`<p>
              <button
                type="button"
                part="button"
                class="button"
                id="r-${notice.id}"
                aria-describedby=${id}
                aria-disabled=${this.busy.has(notice.id) ? 'true' : 'false'}
                @click=${() => void this.#markRead(notice)}
              >
                ${this.t('markRead')}
              </button>
            </p>`
      }
    </li>`;
  }

  /**
   * Opening an unread notice marks it read. A plain click waits (briefly) for the BFF before leaving the page:
   * the navigation would otherwise cancel the request. Clicks that open a new tab leave this page alone.
   */
  async #follow(event: MouseEvent, notice: NoticeItem, href: string): Promise<void> {
    const plain = event.button === 0 && !event.ctrlKey && !event.metaKey && !event.shiftKey && !event.altKey;
    if (!plain) return void this.#markRead(notice, false);
    event.preventDefault();
    await Promise.race([this.#markRead(notice, false), new Promise((resolve) => setTimeout(resolve, 1500))]);
    if (this.emit<GovNoticesNavigateDetail>('gov-notices-navigate', { id: notice.id, href }, true))
      location.assign(href);
  }

  override updated(changed: PropertyValues): void {
    if (this.#pendingFocus) {
      this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(this.#pendingFocus)}`)?.focus();
      this.#pendingFocus = undefined;
    }
    if (changed.has('open') || changed.has('toast') || changed.has('phase') || changed.has('notices')) this.#place();
    const detail: GovNoticesChangedDetail = { status: this.#status(), unread: this.unread, open: this.open };
    const key = JSON.stringify(detail);
    if (key !== this.#lastChange) {
      this.#lastChange = key;
      this.emit('gov-notices-changed', detail);
    }
  }

  #status(): GovNoticesStatus {
    const session = this.session.status;
    if (session === 'anonymous') return 'logged-out';
    if (session === 'error' || this.phase === 'error') return 'error';
    if (session === 'unknown' || this.phase !== 'ready') return 'loading';
    return this.notices.length ? 'list' : 'empty';
  }
}

/** Inline SVG, not an icon font: fonts do not reach into a shadow root. */
const bellIcon = html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
  <path
    d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1z"
  />
</svg>`;
