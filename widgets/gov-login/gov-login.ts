import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { getBffClient, getSessionStore, GovElement, type SessionState, type SessionUser } from '../runtime/index.js';
import { loginStyles } from './gov-login.styles.js';
import { loginStrings } from './gov-login.strings.js';

/** Detail of `gov-login-changed`. */
export interface GovLoginChangedDetail {
  status: SessionState['status'];
  userType: SessionUser['userType'] | null;
  loggedOutElsewhere: boolean;
}

/**
 * Detail of `gov-login-before-navigate`; `url` null means a reload. `reason`: after `logout`, or the
 * roaming `silent-check` at the platform (`silent-check` attribute).
 */
export interface GovLoginNavigateDetail {
  url: string | null;
  reason: 'logout' | 'silent-check';
}

/** In sessionStorage: this tab's browser session has had its silent check (or was signed in here). */
export const SILENT_CHECK_MARKER = 'govdock-silent-checked';
/** How long before the session's end 登录即将过期 appears (WCAG 2.2.1 asks for at least 20 s). */
const WARN_MS = 5 * 60_000;
/**
 * Asked again only this long after the end: a client clock running ahead would otherwise ask while the
 * session still lives, and the BFF's touch would extend it, so an unattended page never idled out.
 */
const GRACE_MS = 60_000;
/** setTimeout's ceiling (2^31 − 1 ms); later moments are reached by re-arming. */
const MAX_DELAY = 0x7fffffff;

/** `GET /auth/session` sends `user.expiresAt` (epoch ms); the runtime's store passes `user` through as is. */
type ExpiringUser = SessionUser & { expiresAt?: number };

/** The part of `GET /auth/session` the silent check reads (bff/auth/routes.ts); the runtime's store drops it. */
interface RoamingAnswer {
  authenticated?: boolean;
  /** Anonymous answers only: false once this browser session has been to the platform (any tab). */
  silentCheckDue?: boolean;
}

/**
 * Whether the BFF still wants this browser session's one check. A BFF that predates `silentCheckDue`
 * leaves it out: then the tab marker alone decides, as before. A failed question means no check.
 */
async function silentCheckDue(): Promise<boolean> {
  try {
    const answer = await getBffClient().get<RoamingAnswer | undefined>('/auth/session');
    return !answer?.authenticated && answer?.silentCheckDue !== false;
  } catch {
    return false;
  }
}

/**
 * Sets the marker; false when it was set already or storage is unusable (blocked cookies, sandbox): no
 * check at all is better than a check that could loop.
 */
function claimSilentCheck(): boolean {
  try {
    if (sessionStorage.getItem(SILENT_CHECK_MARKER) !== null) return false;
    sessionStorage.setItem(SILENT_CHECK_MARKER, '1');
    return true;
  } catch {
    return false;
  }
}

/**
 * 登录状态: the signed-in user (masked name, 个人/法人, 实名 level) with an account menu, or 登录/注册 links.
 * Login is a top-level redirect to the BFF (`<bff>/auth/login?return_to=<this page>`), so no credential is
 * ever typed inside this element; the session itself comes from the runtime's shared session store.
 *
 * @tag gov-login
 * @summary Login status, login/register links and the account menu.
 *
 * @attr space-href - URL of 个人空间 (the user's space); the menu item is left out when unset
 * @attr return-to - where login returns to; defaults to the current page URL at the moment of the click
 * @attr silent-check - roaming (off by default): when the page is anonymous, go once per browser session
 *   to `<bff>/auth/login?prompt=none&return_to=<this page>`, so a user already logged in at the unified
 *   platform comes back signed in without a click, and one who is not comes back anonymous. The BFF
 *   remembers the browser session in a session cookie and says in `GET /auth/session` (`silentCheckDue`)
 *   whether a check is still due, so a second tab makes no round trip; a tab that has asked keeps the
 *   marker `govdock-silent-checked` in sessionStorage (shared by every element) and does not ask again.
 *   Top-level pages only (never inside a frame); not after a logout or once this tab has been signed in
 * @attr lang - `zh-CN` (default) or `en`; else the closest ancestor's `lang`
 * @attr elder - 适老化 mode (also on when `<html data-gov-elder>`)
 *
 * @slot - Fallback content (e.g. `<a href="/govdock/auth/login">登录</a>`), shown only until the element upgrades
 *
 * @fires gov-login-changed - `{ status, userType, loggedOutElsewhere }` whenever the login state changes
 * @fires gov-login-before-navigate - cancelable, `{ url, reason }` before leaving: `reason` `logout` (`url` null:
 *   reload) or `silent-check`; cancel it to route yourself (the silent check still counts as done)
 * @fires gov-ready - once, after the first render
 * @fires gov-error - `{ code, message }`: `session_unavailable`, or the BFF's code when logout fails
 *
 * @csspart button - the login and register links and the account menu button
 * @csspart menu - the account menu list
 * @csspart badge - the 个人/法人 and 实名 badges
 * @csspart notice - the status notice: logged out elsewhere, 登录即将过期 (with 继续使用, which asks the BFF and so
 *   extends the idle time), 登录已过期
 *
 * @cssprop --gov-login-gap - space between the links and inside the button (default 0.5em)
 * @cssprop --gov-login-menu-min-width - minimum width of the account menu (default 12em)
 * @cssprop --gov-login-menu-z-index - stacking of the open menu over page content (default 1000)
 * @cssprop --gov-login-badge-background - badge background (default the surface colour)
 * @cssprop --gov-login-badge-color - badge text colour (default the primary colour)
 */
export class GovLogin extends GovElement {
  /** Keep in step with package.json; test/build/build.test.ts checks it. */
  static override version = '0.1.0';
  static override strings = loginStrings;
  static override styles = [GovElement.styles, loginStyles];
  static override properties: PropertyDeclarations = {
    spaceHref: { type: String, attribute: 'space-href' },
    returnTo: { type: String, attribute: 'return-to' },
    silentCheck: { type: Boolean, attribute: 'silent-check' },
    session: { state: true },
    expiring: { state: true },
    cannotExtend: { state: true },
    expired: { state: true },
    menuOpen: { state: true },
    busy: { state: true },
    logoutError: { state: true },
  };

  declare spaceHref: string | undefined;
  declare returnTo: string | undefined;
  declare silentCheck: boolean;
  /** @internal */
  declare protected session: SessionState;
  /** @internal */
  declare protected menuOpen: boolean;
  /** @internal */
  declare protected busy: boolean;
  /** @internal */
  declare protected logoutError: string;
  /** @internal the session ends within WARN_MS */
  declare protected expiring: boolean;
  /** @internal 继续使用 did not move the end: the absolute limit */
  declare protected cannotExtend: boolean;
  /** @internal the session lapsed while this page showed it */
  declare protected expired: boolean;

  #unsubscribe: (() => void) | undefined;
  #lastChange = '';
  #expiryTimer: ReturnType<typeof setTimeout> | undefined;
  /** The end already asked about, so a BFF answering the same past end cannot start a request loop. */
  #askedAt: number | undefined;

  constructor() {
    super();
    this.session = { status: 'unknown' };
    this.menuOpen = false;
    this.busy = false;
    this.logoutError = '';
    this.silentCheck = false;
    this.expiring = false;
    this.cannotExtend = false;
    this.expired = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const store = getSessionStore();
    this.#unsubscribe = store.subscribe((state) => this.#onSession(state));
    if (store.state.status === 'unknown') void store.refresh();
    document.addEventListener('pointerdown', this.#onDocumentPointerDown);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    clearTimeout(this.#expiryTimer);
    document.removeEventListener('pointerdown', this.#onDocumentPointerDown);
  }

  /** Where 登录 goes: the BFF starts the redirect flow and brings the user back here. */
  get loginHref(): string {
    const returnTo = new URL(this.returnTo || location.href, location.href).href;
    return `${getBffClient().base}/auth/login?return_to=${encodeURIComponent(returnTo)}`;
  }

  get registerHref(): string {
    return `${getBffClient().base}/auth/register`;
  }

  // No <slot>: the light-DOM fallback stops rendering the moment the shadow root exists.
  override render(): TemplateResult {
    // .root carries layout and text resets: page rules (even `* { all: revert !important }`) reach the host
    // element but never this div. The status region stays in the DOM across states, so screen readers
    // announce the notice when it appears.
    const notice = this.#renderNotice();
    return html`<div class="root">
      ${this.#renderState()}
      <p class="notice ${notice === nothing ? '' : 'shown'}" part="notice" role="status">${notice}</p>
    </div>`;
  }

  #renderNotice(): TemplateResult | string | typeof nothing {
    if (this.expired) return this.t('expired');
    if (this.session.loggedOutElsewhere) return this.t('loggedOutElsewhere');
    if (!this.expiring) return nothing;
    if (this.cannotExtend) return this.t('expiringFinal');
    return html`${this.t('expiring')}
      <button type="button" part="button" class="button extend" @click=${this.#extend}>${this.t('extend')}</button>`;
  }

  #renderState(): TemplateResult {
    const { status, user } = this.session;
    if (status === 'authenticated' && user) return this.#renderUser(user);
    if (status === 'anonymous') return this.#renderLinks();
    if (status === 'error')
      return html`<div class="row error">
        <span class="message" role="alert">${this.t('error')}</span>
        <button type="button" part="button" class="button" @click=${this.#retry}>${this.t('retry')}</button>
      </div>`;
    return html`<div class="skeleton" role="status" aria-busy="true">
      <span class="visually-hidden">${this.t('loading')}</span>
    </div>`;
  }

  #renderLinks(): TemplateResult {
    return html`<div class="row">
      <a
        part="button"
        class="button primary"
        href=${this.loginHref}
        @focus=${this.#refreshHref}
        @pointerenter=${this.#refreshHref}
        @click=${this.#refreshHref}
        @contextmenu=${this.#refreshHref}
        >${this.t('login')}</a
      >
      <a part="button" class="button" href=${this.registerHref}>${this.t('register')}</a>
    </div>`;
  }

  #renderUser(user: SessionUser): TemplateResult {
    const name = user.userType === 'legal' && user.orgName ? user.orgName : user.displayName;
    return html`<div class="account" @keydown=${this.#onKeydown} @focusout=${this.#onFocusOut}>
      <button
        type="button"
        part="button"
        class="button toggle"
        aria-expanded=${this.menuOpen ? 'true' : 'false'}
        aria-controls="menu"
        @click=${this.#toggle}
      >
        <span class="name">${name}</span>
        <span part="badge" class="badge">${this.t(user.userType)}</span>
        <span part="badge" class="badge ${user.level}">${this.t(user.level)}</span>
        <svg class="chevron" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="M3.5 6 8 10.5 12.5 6" fill="none" stroke="currentColor" stroke-width="2" />
        </svg>
      </button>
      <ul id="menu" part="menu" class="menu" ?hidden=${!this.menuOpen}>
        ${
          user.userType === 'legal' && user.orgName
            ? html`<li class="who">${this.t('agent', { name: user.displayName })}</li>`
            : nothing
        }
        ${
          this.spaceHref
            ? html`<li><a class="item" href=${new URL(this.spaceHref, location.href).href}>${this.t('space')}</a></li>`
            : nothing
        }
        <li>
          <button type="button" class="item" ?disabled=${this.busy} @click=${this.#logout}>
            ${this.busy ? this.t('loggingOut') : this.t('logout')}
          </button>
        </li>
        ${this.logoutError ? html`<li class="message" role="alert">${this.logoutError}</li>` : nothing}
      </ul>
    </div>`;
  }

  #onSession(state: SessionState): void {
    const previous = this.session.status;
    const end = this.#end();
    this.session = state;
    if (state.status !== 'authenticated') this.menuOpen = false;
    // Signed out because the end passed (the BFF said anonymous, or another tab marked it expired).
    if (state.status !== 'anonymous') this.expired = false;
    else if (previous === 'authenticated' && end !== undefined && end <= Date.now()) this.expired = true;
    this.#watchExpiry();
    if (this.silentCheck) {
      // Once signed in here, a lapse or a logout must not sign the user back in by itself.
      if (state.status === 'authenticated') this.#markChecked();
      else if (state.status === 'anonymous' && !state.loggedOutElsewhere)
        void this.updateComplete.then(() => this.#silentCheckOnce());
    }
    const detail: GovLoginChangedDetail = {
      status: state.status,
      userType: state.user?.userType ?? null,
      loggedOutElsewhere: !!state.loggedOutElsewhere,
    };
    const key = JSON.stringify(detail);
    if (state.status !== 'unknown' && key !== this.#lastChange) {
      this.#lastChange = key;
      this.emit('gov-login-changed', detail);
    }
    if (state.status === 'error' && previous !== 'error')
      this.emit('gov-error', { code: 'session_unavailable', message: this.t('error') });
  }

  /** When the shown session ends unless used again (epoch ms), if the BFF said. */
  #end(): number | undefined {
    const end = (this.session.user as ExpiringUser | undefined)?.expiresAt;
    return this.session.status === 'authenticated' && typeof end === 'number' ? end : undefined;
  }

  #watchExpiry(): void {
    clearTimeout(this.#expiryTimer);
    const end = this.#end();
    const left = end === undefined || !this.isConnected ? Infinity : end - Date.now();
    this.expiring = left <= WARN_MS;
    if (!this.expiring) this.cannotExtend = false;
    if (end === undefined || left === Infinity) return;
    const wait = this.expiring ? left + GRACE_MS : left - WARN_MS;
    this.#expiryTimer = setTimeout(
      () => {
        if (wait > 0) this.#watchExpiry();
        // Past the end: ask the BFF (once per end), which ends the session (→ anonymous) unless other
        // requests kept it alive. In a timer, not at once: the store is still finishing its last request.
        else if (this.#askedAt !== end) {
          this.#askedAt = end;
          void getSessionStore().refresh();
        }
      },
      Math.min(Math.max(wait, 0), MAX_DELAY),
    );
  }

  async #extend(): Promise<void> {
    const root = this.renderRoot as ShadowRoot;
    const hadFocus = root.activeElement?.classList.contains('extend') ?? false;
    const before = this.#end() ?? 0;
    // GET /auth/session touches the session at the BFF, which moves its idle end.
    const state = await getSessionStore().refresh();
    if (state.status === 'anonymous') this.expired = true;
    // An end that did not move is the absolute limit: say so rather than offer the button again.
    else if ((this.#end() ?? Infinity) <= before) this.cannotExtend = true;
    await this.updateComplete;
    // The button is gone; focus goes to the first control left instead of the page's start.
    if (hadFocus && !root.activeElement) root.querySelector<HTMLElement>('a, button')?.focus();
  }

  #markChecked(): void {
    try {
      sessionStorage.setItem(SILENT_CHECK_MARKER, '1');
    } catch {
      // Storage unusable: no silent check can start here either (claimSilentCheck fails the same way).
    }
  }

  /**
   * The roaming check: a top-level round trip through the platform with `prompt=none`. A `login_required`
   * answer brings the browser back anonymous; the marker, set before leaving, keeps that from looping.
   */
  async #silentCheckOnce(): Promise<void> {
    const stillAnonymous = () => this.silentCheck && this.isConnected && getSessionStore().state.status === 'anonymous';
    // Re-checked after the render: the state may have moved on, or the element left the page.
    if (!stillAnonymous()) return;
    // Never from inside a frame (the standard rules out iframe session checks); the marker stays unclaimed
    // so the top-level page of this tab can still check.
    if (window.top !== window || !claimSilentCheck()) return;
    // Once per browser session, not per tab (issue 3 point 6): another tab may have been to the platform.
    if (!(await silentCheckDue()) || !stillAnonymous()) return;
    const url = `${getBffClient().base}/auth/login?prompt=none&return_to=${encodeURIComponent(location.href)}`;
    this.#navigate(url, 'silent-check');
  }

  /** Every navigation the widget starts; a single-page host (or a test) may cancel and route itself. */
  #navigate(url: string | null, reason: GovLoginNavigateDetail['reason']): void {
    const detail: GovLoginNavigateDetail = { url, reason };
    if (!this.emit('gov-login-before-navigate', detail, true)) return;
    // The silent check replaces this history entry: Back must not land on the page that starts it again.
    if (url === null) location.reload();
    else if (reason === 'silent-check') location.replace(url);
    else location.assign(url);
  }

  #refreshHref(event: Event): void {
    // Single-page sites change the URL without re-rendering us; the return address must be the page now.
    // Updated on every way in (focus, hover, click before its default action, context menu's "copy link").
    (event.currentTarget as HTMLAnchorElement).href = this.loginHref;
  }

  #retry(): void {
    void getSessionStore().refresh();
  }

  #toggle(): void {
    this.menuOpen = !this.menuOpen;
    this.logoutError = '';
  }

  #close(returnFocus: boolean): void {
    if (!this.menuOpen) return;
    this.menuOpen = false;
    // WAI-ARIA disclosure: Escape hands focus back to the button that opened the menu.
    if (returnFocus) this.renderRoot.querySelector<HTMLButtonElement>('.toggle')?.focus();
  }

  #onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.menuOpen) {
      event.preventDefault();
      this.#close(true);
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const items = [...this.renderRoot.querySelectorAll<HTMLElement>('.toggle, .menu .item')];
    if (!this.menuOpen || items.length < 2) return;
    event.preventDefault();
    const focused = this.renderRoot.querySelector<HTMLElement>(':focus');
    const at = focused ? items.indexOf(focused) : 0;
    const next = (at + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
    items[next]?.focus();
  }

  #onFocusOut(event: FocusEvent): void {
    // Tabbing out of the account area closes the menu, without pulling focus back.
    const to = event.relatedTarget as Node | null;
    if (to && !this.renderRoot.contains(to)) this.#close(false);
  }

  #onDocumentPointerDown = (event: PointerEvent): void => {
    if (this.menuOpen && !event.composedPath().includes(this)) this.#close(false);
  };

  async #logout(): Promise<void> {
    this.busy = true;
    this.logoutError = '';
    try {
      const answer = await getBffClient().post<{ redirect?: string } | undefined>('/auth/logout');
      // Logged out on purpose: no silent check may sign the user back in during this browser session.
      this.#markChecked();
      getSessionStore().markLoggedOut('user');
      this.#navigate(answer?.redirect ? new URL(answer.redirect, location.href).href : null, 'logout');
    } catch (error) {
      this.logoutError = this.reportError(error).message;
    } finally {
      this.busy = false;
    }
  }
}
