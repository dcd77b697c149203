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

/** Detail of `gov-login-before-navigate`; `url` null means a reload. */
export interface GovLoginNavigateDetail {
  url: string | null;
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
 * @attr lang - `zh-CN` (default) or `en`; else the closest ancestor's `lang`
 * @attr elder - 适老化 mode (also on when `<html data-gov-elder>`)
 *
 * @slot - Fallback content (e.g. `<a href="/govdock/auth/login">登录</a>`), shown only until the element upgrades
 *
 * @fires gov-login-changed - `{ status, userType, loggedOutElsewhere }` whenever the login state changes
 * @fires gov-login-before-navigate - cancelable, `{ url }` before leaving after logout (`url` null: reload)
 * @fires gov-ready - once, after the first render
 * @fires gov-error - `{ code, message }`: `session_unavailable`, or the BFF's code when logout fails
 *
 * @csspart button - the login and register links and the account menu button
 * @csspart menu - the account menu list
 * @csspart badge - the 个人/法人 and 实名 badges
 * @csspart notice - the "logged out elsewhere" notice
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
    session: { state: true },
    menuOpen: { state: true },
    busy: { state: true },
    logoutError: { state: true },
  };

  declare spaceHref: string | undefined;
  declare returnTo: string | undefined;
  /** @internal */
  declare protected session: SessionState;
  /** @internal */
  declare protected menuOpen: boolean;
  /** @internal */
  declare protected busy: boolean;
  /** @internal */
  declare protected logoutError: string;

  #unsubscribe: (() => void) | undefined;
  #lastChange = '';

  constructor() {
    super();
    this.session = { status: 'unknown' };
    this.menuOpen = false;
    this.busy = false;
    this.logoutError = '';
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
    return html`<div class="root">
      ${this.#renderState()}
      <p class="notice ${this.session.loggedOutElsewhere ? 'shown' : ''}" part="notice" role="status">
        ${this.session.loggedOutElsewhere ? this.t('loggedOutElsewhere') : nothing}
      </p>
    </div>`;
  }

  #renderState(): TemplateResult {
    const { status, user } = this.session;
    if (status === 'authenticated' && user) return this.#renderUser(user);
    if (status === 'anonymous') return this.#renderLinks();
    if (status === 'error')
      return html`<div class="row error">
        <span class="message">${this.t('error')}</span>
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
    this.session = state;
    if (state.status !== 'authenticated') this.menuOpen = false;
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
      getSessionStore().markLoggedOut('user');
      const url = answer?.redirect ? new URL(answer.redirect, location.href).href : null;
      const detail: GovLoginNavigateDetail = { url };
      // A single-page host may cancel and route itself; otherwise leave (or reload) as the BFF says.
      if (this.emit('gov-login-before-navigate', detail, true)) {
        if (url) location.assign(url);
        else location.reload();
      }
    } catch (error) {
      this.logoutError = this.reportError(error).message;
    } finally {
      this.busy = false;
    }
  }
}
