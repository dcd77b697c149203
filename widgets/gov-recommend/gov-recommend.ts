import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type {
  ActivityListResponse,
  ActivityRecord,
  RecommendationConsent,
  RecommendationResponse,
} from '../../bff/api/contracts/push.js';
import { getBffClient, getSessionStore, GovElement, localizeError, type SessionState } from '../runtime/index.js';
import { recommendStyles } from './gov-recommend.styles.js';
import { recommendStrings } from './gov-recommend.strings.js';

export type GovRecommendStatus = 'loading' | 'anonymous' | 'personal' | 'basic' | 'empty' | 'error';

/** Detail of `gov-recommend-changed`. */
export interface GovRecommendChangedDetail {
  status: GovRecommendStatus;
  /** Signed-in users' 个性化推荐 consent; null when anonymous or not yet known. */
  consent: boolean | null;
}

interface Loaded<T> {
  status: 'loading' | 'ready' | 'error';
  value?: T;
  error?: unknown;
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

const RECOMMENDATIONS = '/api/v1/recommendations';

/**
 * 猜你想办: items the user is likely to need next, each a link with the reason in plain words (生活事件, 办过 X 的人常接着
 * 办 Y, your own views and searches, popular here). Anonymous visitors see popular items of the region or
 * department only — nothing about them is recorded. Signed-in users also get a small privacy control: the
 * 个性化推荐 switch (consent to record views and searches), and 查看/删除我的记录 with a confirmation step.
 *
 * Keyboard and screen readers: the switch is a `role="switch"` button; each link is described by its reason;
 * 删除我的记录 asks first and puts focus on 取消 (the safe choice), and every change is announced politely.
 *
 * @tag gov-recommend
 * @summary 猜你想办: recommended items with reasons, and the user's control over what is recorded.
 *
 * @attr region - 12-digit area code whose popular items to prefer (e.g. a city site's)
 * @attr dept - department code, for a department's own site
 * @attr limit - how many items (default 6, at most 20)
 * @attr item-href - link of an item; `{code}` becomes its 实施编码 (default `?item-code={code}`, like `<gov-search>`)
 * @attr heading-level - level of the widget's heading (default 2)
 * @attr lang - `zh-CN` (default) or `en`; else the closest ancestor's `lang`
 * @attr elder - 适老化 mode (also on when `<html data-gov-elder>`)
 *
 * @slot - Fallback content (e.g. a link to the portal's 热门事项), shown only until the element upgrades
 *
 * @fires gov-recommend-changed - `{ status, consent }` whenever what is shown changes: `status` is `loading`,
 *   `anonymous`, `personal`, `basic`, `empty` or `error`
 * @fires gov-ready - once, after the first render
 * @fires gov-error - `{ code, message }` when the BFF cannot answer
 *
 * @csspart list - the list of recommended items
 * @csspart item - one item
 * @csspart privacy - the 个性化推荐 settings
 * @csspart switch - the consent switch
 * @csspart button - 重试, 查看/删除我的记录, 确定删除, 取消, the settings toggle
 *
 * @cssprop --gov-recommend-columns - minimum width of an item's column (default 14em; one column below that)
 */
export class GovRecommend extends GovElement {
  /** Keep in step with package.json. */
  static override version = '0.1.0';
  static override strings = recommendStrings;
  static override styles = [GovElement.styles, recommendStyles];
  static override properties: PropertyDeclarations = {
    region: { type: String },
    dept: { type: String },
    limit: { type: Number },
    itemHref: { type: String, attribute: 'item-href' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    session: { state: true },
    recommendations: { state: true },
    settingsOpen: { state: true },
    consent: { state: true },
    activity: { state: true },
    confirming: { state: true },
    busy: { state: true },
    announcement: { state: true },
  };

  declare region: string | undefined;
  declare dept: string | undefined;
  declare limit: number;
  declare itemHref: string;
  declare headingLevel: number;
  /** @internal */
  declare protected session: SessionState;
  /** @internal */
  declare protected recommendations: Loaded<RecommendationResponse> | undefined;
  /** @internal the privacy settings are shown */
  declare protected settingsOpen: boolean;
  /** @internal */
  declare protected consent: Loaded<RecommendationConsent> | undefined;
  /** @internal shown when 查看我的记录 is on */
  declare protected activity: Loaded<ActivityListResponse> | undefined;
  /** @internal the deletion asks first */
  declare protected confirming: boolean;
  /** @internal a write in flight: 'consent' or 'delete' */
  declare protected busy: string;
  /** @internal the polite announcement */
  declare protected announcement: string;

  #request: AbortController | undefined;
  #loadedFor = '';
  #stopSession: (() => void) | undefined;
  #pendingFocus: string | undefined;
  #lastChange = '';

  constructor() {
    super();
    this.limit = 6;
    this.itemHref = '?item-code={code}';
    this.headingLevel = 2;
    this.session = { status: 'unknown' };
    this.settingsOpen = false;
    this.confirming = false;
    this.busy = '';
    this.announcement = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const store = getSessionStore();
    this.#stopSession = store.subscribe((state) => (this.session = state));
    if (store.state.status === 'unknown') void store.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopSession?.();
    this.#stopSession = undefined;
    this.#request?.abort();
    // Asked again on reconnection.
    this.#loadedFor = '';
  }

  get #signedIn(): boolean {
    return this.session.status === 'authenticated';
  }

  // ---- loading ----

  /** What the list depends on: the query, and who is asking (a login or logout changes the answer). */
  get #query(): string {
    const params = new URLSearchParams();
    if (this.region) params.set('region', this.region);
    if (this.dept) params.set('dept', this.dept);
    params.set('limit', String(Math.min(Math.max(Math.round(this.limit) || 6, 1), 20)));
    return `${RECOMMENDATIONS}?${params}`;
  }

  override willUpdate(): void {
    if (!this.isConnected || this.session.status === 'unknown') return;
    const key = `${this.#signedIn} ${this.#query}`;
    if (key === this.#loadedFor) return;
    this.#loadedFor = key;
    if (!this.#signedIn) Object.assign(this, { settingsOpen: false, consent: undefined, activity: undefined });
    void this.#load();
  }

  async #load(silent = false): Promise<void> {
    this.#request?.abort();
    const controller = new AbortController();
    this.#request = controller;
    if (!silent) this.recommendations = { status: 'loading' };
    try {
      const value = await getBffClient().get<RecommendationResponse>(this.#query, { signal: controller.signal });
      this.recommendations = { status: 'ready', value };
    } catch (error) {
      if (isAbort(error) || (silent && this.recommendations?.status === 'ready')) return;
      this.recommendations = { status: 'error', error };
      this.reportError(error);
    }
  }

  async #toggleSettings(): Promise<void> {
    this.settingsOpen = !this.settingsOpen;
    if (this.settingsOpen && this.consent?.status !== 'ready') await this.#loadConsent();
  }

  async #loadConsent(): Promise<void> {
    this.consent = { status: 'loading' };
    try {
      this.consent = {
        status: 'ready',
        value: await getBffClient().get<RecommendationConsent>(`${RECOMMENDATIONS}/consent`),
      };
    } catch (error) {
      this.consent = { status: 'error', error };
      this.reportError(error);
    }
  }

  async #setConsent(): Promise<void> {
    const current = this.consent?.value;
    if (!current || this.busy) return;
    this.busy = 'consent';
    try {
      const value = await getBffClient().post<RecommendationConsent>(`${RECOMMENDATIONS}/consent`, {
        consent: !current.consent,
      });
      this.consent = { status: 'ready', value };
      this.announcement = this.t(value.consent ? 'consentOn' : 'consentOff');
      // The list changes with the consent (personal ↔ basic), and opting out deletes the records at the BFF.
      void this.#load(true);
      if (this.activity) {
        this.activity = undefined;
        void this.#toggleActivity();
      }
    } catch (error) {
      this.announcement = this.reportError(error).message;
    } finally {
      this.busy = '';
    }
  }

  async #toggleActivity(): Promise<void> {
    if (this.activity) {
      this.activity = undefined;
      return;
    }
    this.activity = { status: 'loading' };
    try {
      this.activity = {
        status: 'ready',
        value: await getBffClient().get<ActivityListResponse>(`${RECOMMENDATIONS}/activity`),
      };
    } catch (error) {
      this.activity = { status: 'error', error };
      this.reportError(error);
    }
  }

  /** Asks first: deleting the records cannot be undone. Focus goes to 取消, the safe choice. */
  #askDelete(): void {
    this.confirming = true;
    this.#pendingFocus = 'cancel-delete';
  }

  #cancelDelete(): void {
    this.confirming = false;
    this.#pendingFocus = 'delete';
  }

  async #delete(): Promise<void> {
    if (this.busy) return;
    this.busy = 'delete';
    try {
      await getBffClient().del(`${RECOMMENDATIONS}/activity`);
      this.confirming = false;
      if (this.activity?.value) this.activity = { status: 'ready', value: { ...this.activity.value, activity: [] } };
      this.announcement = this.t('deleted');
      this.#pendingFocus = 'delete';
      void this.#load(true);
    } catch (error) {
      this.announcement = this.reportError(error).message;
    } finally {
      this.busy = '';
    }
  }

  // ---- render ----

  // No <slot>: the light-DOM fallback stops rendering the moment the shadow root exists.
  override render(): TemplateResult {
    return html`<section class="root" aria-labelledby="title">
      <div
        role="heading"
        aria-level=${Math.min(Math.max(Math.round(this.headingLevel) || 2, 1), 6)}
        id="title"
        class="title"
      >
        ${this.t('title')}
      </div>
      <p class="vh" role="status">${this.announcement}</p>
      ${this.#renderList()}
      ${this.#signedIn && this.recommendations?.status === 'ready' ? this.#renderPrivacy() : nothing}
    </section>`;
  }

  #renderList(): TemplateResult {
    const loaded = this.recommendations;
    if (!loaded || loaded.status === 'loading')
      return html`<p class="muted" role="status">${this.t('loading')}</p>
        <div class="skeleton" aria-hidden="true"></div>`;
    if (loaded.status === 'error' || !loaded.value) return this.#problem(loaded.error, () => void this.#load());
    const { recommendations, mode } = loaded.value;
    if (!recommendations.length) return html`<p class="muted">${this.t('empty')}</p>`;
    return html`<p class="muted">${this.t(mode)}</p>
      <ul part="list" class="items">
        ${recommendations.map(
          (item, index) =>
            html`<li part="item" class="item">
              <a href=${this.#itemUrl(item.itemCode)} aria-describedby="reason-${index}">${item.itemName}</a>
              <span class="reason" id="reason-${index}">${item.reasonLabel}</span>
              ${item.deptName ? html`<span class="muted">${item.deptName}</span>` : nothing}
            </li>`,
        )}
      </ul>`;
  }

  #itemUrl(code: string): string {
    return new URL(this.itemHref.replace('{code}', encodeURIComponent(code)), location.href).href;
  }

  #problem(error: unknown, retry: () => void): TemplateResult {
    return html`<div class="problem">
      <p>${localizeError(error, this.locale)}</p>
      <button type="button" part="button" class="button" @click=${retry}>${this.t('retry')}</button>
    </div>`;
  }

  #renderPrivacy(): TemplateResult {
    return html`<div part="privacy" class="privacy">
      <button
        type="button"
        part="button"
        class="button quiet"
        aria-expanded=${this.settingsOpen ? 'true' : 'false'}
        aria-controls="settings"
        @click=${() => void this.#toggleSettings()}
      >
        ${this.t('settings')}
      </button>
      <div id="settings" class="settings" ?hidden=${!this.settingsOpen}>
        ${this.settingsOpen ? this.#renderSettings() : nothing}
      </div>
    </div>`;
  }

  #renderSettings(): TemplateResult {
    const consent = this.consent;
    if (!consent || consent.status === 'loading') return html`<p class="muted" role="status">${this.t('loading')}</p>`;
    if (consent.status === 'error' || !consent.value)
      return this.#problem(consent.error, () => void this.#loadConsent());
    const on = consent.value.consent;
    return html`<p class="line">
        <button
          type="button"
          part="switch"
          class="switch"
          role="switch"
          aria-checked=${on ? 'true' : 'false'}
          aria-describedby="consent-hint"
          aria-disabled=${this.busy === 'consent' ? 'true' : 'false'}
          @click=${() => void this.#setConsent()}
        >
          <span class="track" aria-hidden="true"><span class="thumb"></span></span>${this.t('consent')}
        </button>
      </p>
      <p class="muted" id="consent-hint">${this.t('consentHint', { days: consent.value.retentionDays })}</p>
      <p class="line">
        <button
          type="button"
          part="button"
          class="button"
          aria-expanded=${this.activity ? 'true' : 'false'}
          aria-controls="activity"
          @click=${() => void this.#toggleActivity()}
        >
          ${this.t('showActivity')}
        </button>
        <button type="button" part="button" class="button" id="delete" @click=${() => this.#askDelete()}>
          ${this.t('deleteActivity')}
        </button>
      </p>
      ${this.confirming ? this.#renderConfirm() : nothing}
      <div id="activity">${this.#renderActivity()}</div>`;
  }

  #renderConfirm(): TemplateResult {
    return html`<div class="confirm" role="group" aria-labelledby="confirm-text">
      <p id="confirm-text">${this.t('confirmDelete')}</p>
      <p class="line">
        <button
          type="button"
          part="button"
          class="button danger"
          aria-disabled=${this.busy === 'delete' ? 'true' : 'false'}
          @click=${() => void this.#delete()}
        >
          ${this.t('confirm')}
        </button>
        <button type="button" part="button" class="button" id="cancel-delete" @click=${() => this.#cancelDelete()}>
          ${this.t('cancel')}
        </button>
      </p>
    </div>`;
  }

  #renderActivity(): TemplateResult | typeof nothing {
    const loaded = this.activity;
    if (!loaded) return nothing;
    if (loaded.status === 'loading') return html`<p class="muted" role="status">${this.t('loading')}</p>`;
    if (loaded.status === 'error' || !loaded.value)
      return this.#problem(loaded.error, () => {
        this.activity = undefined;
        void this.#toggleActivity();
      });
    const records = loaded.value.activity;
    if (!records.length) return html`<p class="muted">${this.t('noActivity')}</p>`;
    return html`<p class="muted">${this.t('activityCount', { count: records.length })}</p>
      <ul class="records">
        ${records.map((record) => this.#renderRecord(record))}
      </ul>`;
  }

  #renderRecord(record: ActivityRecord): TemplateResult {
    const when = new Date(record.at);
    const what = record.kind === 'search' ? (record.query ?? '') : (record.itemName ?? record.itemCode ?? '');
    return html`<li class="record">
      <span class="badge">${this.t(record.kind)}</span> ${what}
      ${
        Number.isNaN(when.getTime())
          ? nothing
          : html`<time class="muted" datetime=${record.at}
              >${new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeZone: 'Asia/Shanghai' }).format(
                when,
              )}</time
            >`
      }
    </li>`;
  }

  override updated(): void {
    if (this.#pendingFocus) {
      this.renderRoot.querySelector<HTMLElement>(`#${this.#pendingFocus}`)?.focus();
      this.#pendingFocus = undefined;
    }
    const detail: GovRecommendChangedDetail = {
      status: this.#status(),
      consent: this.#signedIn ? (this.consent?.value?.consent ?? this.recommendations?.value?.consent ?? null) : null,
    };
    const key = JSON.stringify(detail);
    if (key !== this.#lastChange) {
      this.#lastChange = key;
      this.emit('gov-recommend-changed', detail);
    }
  }

  #status(): GovRecommendStatus {
    const loaded = this.recommendations;
    if (!loaded || loaded.status === 'loading') return 'loading';
    if (loaded.status === 'error' || !loaded.value) return 'error';
    return loaded.value.recommendations.length ? loaded.value.mode : 'empty';
  }
}
