import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { MyConsultationSummary } from '../../bff/api/contracts/cases.js';
import type {
  AssistantAnswer,
  AssistantQuestion,
  TicketDetail,
  TicketFormOptions,
} from '../../bff/api/contracts/consultations.js';
import {
  BffError,
  getBffClient,
  getEventStream,
  getSessionStore,
  GovElement,
  localizeError,
  type SessionState,
} from '../runtime/index.js';
import { consultStyles } from './gov-consult.styles.js';
import { consultStrings } from './gov-consult.strings.js';
import {
  checkFile,
  CODE_KEYS,
  emptyDraft,
  formatSize,
  newClientToken,
  submission,
  textLength,
  upload,
  validateDraft,
  type DraftErrors,
  type LinkKind,
  type PickedFile,
  type Problem,
  type TicketDraft,
} from './ticket-draft.js';

export type GovConsultView = 'assistant' | 'ticket' | 'mine';

/**
 * What is shown. Assistant: `assistant` (nothing asked yet, or waiting), `answered`, `uncertain`, `unknown` (the
 * last answer's status). Ticket form: `form`, `invalid` (problems listed), `submitted`. My tickets: `tickets`,
 * `empty`, `detail`. Any part: `loading`, `logged-out`, `error`.
 */
export type GovConsultStatus =
  | 'assistant'
  | 'answered'
  | 'uncertain'
  | 'unknown'
  | 'form'
  | 'invalid'
  | 'submitted'
  | 'tickets'
  | 'empty'
  | 'detail'
  | 'loading'
  | 'logged-out'
  | 'error';

/** Detail of `gov-consult-changed`. */
export interface GovConsultChangedDetail {
  status: GovConsultStatus;
  view: GovConsultView;
  trackingNo?: string;
}

/** Detail of `gov-consult-submitted`. */
export interface GovConsultSubmittedDetail {
  trackingNo: string;
  kind: string;
}

interface MyConsultationsPage {
  consultations: MyConsultationSummary[];
}

interface Exchange {
  question: string;
  answer?: AssistantAnswer;
  error?: string;
}

interface Loaded<T> {
  status: 'idle' | 'loading' | 'ready' | 'error';
  value?: T;
  error?: unknown;
  key?: string;
}

const VIEWS: readonly GovConsultView[] = ['assistant', 'ticket', 'mine'];
/** Where focus goes for a problem with each field, in the form's order. */
const FIELD_IDS = { kind: 'f-kind', title: 'f-title', content: 'f-content', linkCode: 'f-linkCode', files: 'f-files' };
const FIELDS = Object.keys(FIELD_IDS) as (keyof DraftErrors)[];
const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';
/** A question handed to 转人工 while signed out waits here for the login round trip. */
const HANDOFF_KEY = 'govdock-consult-handoff';

/**
 * 咨询投诉 (互动服务): the intelligent assistant in chat form (open to everyone), the ticket form for 咨询/投诉/建议, and
 * my tickets with the reply history. The assistant shows every answer's sources (linked to item guides), its
 * confidence and related items; when it is unsure or does not know, it offers the hotline and 转人工, which opens
 * the form with the question filled in. Tickets need a login (the session store; the login is `<gov-login>`'s
 * redirect). Replies arrive live (`consultation-reply`) and are announced politely.
 *
 * Keyboard and screen readers: the three parts are a WAI-ARIA tablist (←/→, Home, End; Enter or Space opens);
 * answers land in a polite log; form problems are listed, tied to their fields with aria-describedby, and focus
 * goes to the first; opening a ticket moves focus to its heading and 返回 puts it back on the ticket.
 * Everything the BFF sends is rendered as text.
 *
 * @tag gov-consult
 * @summary Ask the assistant, leave a 咨询/投诉/建议, follow my tickets.
 *
 * @attr view - the part shown first: `assistant` (default), `ticket` or `mine`
 * @attr dept - 统一社会信用代码 of a departmental page: the assistant answers for it, the form links it
 * @attr evaluation - id of one of my 差评 (MyEvaluation.id): the form opens as a 投诉 linked to it (关联评价, removable);
 *   without the attribute, the page URL's `consult-evaluation` parameter (`<gov-user-space complaint-href>`'s link)
 * @attr region - 12-digit area code of a regional site, passed to the assistant
 * @attr item-href - link of an item guide; `{code}` becomes its 实施编码 (default `?item-code={code}`)
 * @attr heading-level - level of the widget's heading (default 2)
 * @attr lang - `zh-CN` (default) or `en`
 * @attr elder - 适老化 mode (also on when `<html data-gov-elder>`)
 *
 * @fires gov-consult-changed - `{ status, view, trackingNo? }` whenever what is shown changes
 * @fires gov-consult-submitted - `{ trackingNo, kind }` once a ticket is recorded
 * @fires gov-ready - once, after the first render
 * @fires gov-error - `{ code, message }` when the BFF cannot answer
 *
 * @csspart tabs - the tab list
 * @csspart tab - one tab
 * @csspart log - the assistant's conversation
 * @csspart answer - one answer
 * @csspart form - the question box and the ticket form
 * @csspart button - buttons and button-like links
 * @csspart notice - the live "您的留言有新答复" line
 * @csspart list - my tickets
 * @csspart detail - one ticket
 */
export class GovConsult extends GovElement {
  static override version = '0.1.0';
  static override strings = consultStrings;
  static override styles = [GovElement.styles, consultStyles];
  static override properties: PropertyDeclarations = {
    view: { type: String },
    dept: { type: String },
    evaluation: { type: String },
    region: { type: String },
    itemHref: { type: String, attribute: 'item-href' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    shown: { state: true },
    session: { state: true },
    chat: { state: true },
    question: { state: true },
    questionError: { state: true },
    options: { state: true },
    draft: { state: true },
    files: { state: true },
    errors: { state: true },
    sending: { state: true },
    sendError: { state: true },
    submitted: { state: true },
    mine: { state: true },
    detail: { state: true },
    notice: { state: true },
    counter: { state: true },
  };

  declare view: string;
  declare dept: string | undefined;
  declare evaluation: string | undefined;
  declare region: string | undefined;
  declare itemHref: string;
  declare headingLevel: number;
  /** @internal */
  declare protected shown: GovConsultView;
  /** @internal */
  declare protected session: SessionState;
  /** @internal */
  declare protected chat: Exchange[];
  /** @internal */
  declare protected question: string;
  /** @internal */
  declare protected questionError: string;
  /** @internal */
  declare protected options: Loaded<TicketFormOptions>;
  /** @internal */
  declare protected draft: TicketDraft;
  /** @internal */
  declare protected files: PickedFile[];
  /** @internal shown once the user has tried to submit */
  declare protected errors: DraftErrors | null;
  /** @internal */
  declare protected sending: boolean;
  /** @internal */
  declare protected sendError: string;
  /** @internal */
  declare protected submitted: TicketDetail | null;
  /** @internal */
  declare protected mine: Loaded<MyConsultationsPage>;
  /** @internal */
  declare protected detail: Loaded<TicketDetail>;
  /** @internal */
  declare protected notice: string;
  /** @internal the content counter's polite announcement */
  declare protected counter: string;

  #stopSession: (() => void) | undefined;
  #stopEvents: (() => void)[] = [];
  #requests = new Map<string, AbortController>();
  #token = newClientToken();
  #attempted = false;
  #fileKey = 0;
  #pendingFocus: string | undefined;
  #counterTimer: ReturnType<typeof setTimeout> | undefined;
  #lastChange = '';
  #asking = false;

  constructor() {
    super();
    this.view = 'assistant';
    this.itemHref = '?item-code={code}';
    this.headingLevel = 2;
    this.shown = 'assistant';
    this.session = { status: 'unknown' };
    this.chat = [];
    this.question = '';
    this.questionError = '';
    this.options = { status: 'idle' };
    this.draft = emptyDraft();
    this.files = [];
    this.errors = null;
    this.sending = false;
    this.sendError = '';
    this.submitted = null;
    this.mine = { status: 'idle' };
    this.detail = { status: 'idle' };
    this.notice = '';
    this.counter = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasUpdated) {
      this.shown = (VIEWS as readonly string[]).includes(this.view) ? (this.view as GovConsultView) : 'assistant';
      if (this.dept) this.draft = { ...this.draft, linkKind: 'dept', linkCode: this.dept };
      const handoff = sessionStorage.getItem(HANDOFF_KEY);
      if (handoff) {
        sessionStorage.removeItem(HANDOFF_KEY);
        this.#fill(handoff);
        this.shown = 'ticket';
      }
      // Read once, like the handoff: a link from 我的评价 opens the complaint; removing it later stays removed.
      const evaluation = this.evaluation ?? new URLSearchParams(location.search).get('consult-evaluation');
      if (evaluation && /^[\w-]{1,64}$/.test(evaluation)) {
        this.draft = { ...this.draft, kind: 'complaint', evaluationId: evaluation };
        this.shown = 'ticket';
      }
    }
    const store = getSessionStore();
    this.#stopSession = store.subscribe((state) => (this.session = state));
    if (store.state.status === 'unknown') void store.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopSession?.();
    this.#listen(false);
    this.#requests.forEach((request) => request.abort());
    this.#requests.clear();
    if (this.options.status === 'loading') this.options = { status: 'idle' };
    if (this.mine.status === 'loading') this.mine = { status: 'idle' };
    if (this.detail.status === 'loading') this.detail = { ...this.detail, status: 'idle' };
    clearTimeout(this.#counterTimer);
  }

  get #level(): number {
    return Math.min(Math.max(Math.round(this.headingLevel) || 2, 1), 5);
  }

  get #signedIn(): boolean {
    return this.session.status === 'authenticated';
  }

  // ---- what the current part needs ----

  override willUpdate(): void {
    if (!this.isConnected) return;
    this.#listen(this.#signedIn);
    if (!this.#signedIn) return;
    if (this.shown === 'ticket' && this.options.status === 'idle') void this.#loadOptions();
    if (this.shown === 'mine') {
      const no = this.detail.key;
      if (no && this.detail.status === 'idle') void this.#loadDetail(no);
      else if (!no && this.mine.status === 'idle') void this.#loadMine();
    }
  }

  #begin(key: string): AbortSignal {
    this.#requests.get(key)?.abort();
    const controller = new AbortController();
    this.#requests.set(key, controller);
    return controller.signal;
  }

  #failed(error: unknown): void {
    // The session ended at the BFF: the store turns the ticket parts into the login prompt.
    if (error instanceof BffError && error.status === 401) void getSessionStore().refresh();
    else this.reportError(error);
  }

  async #load<T>(key: 'options' | 'mine' | 'detail', path: string, silent: boolean, id?: string): Promise<boolean> {
    const signal = this.#begin(key);
    if (!silent) this[key] = { status: 'loading', key: id };
    try {
      const value = await getBffClient().get<T>(path, { signal });
      this[key] = { status: 'ready', value, key: id } as never;
      return true;
    } catch (error) {
      if (!isAbort(error) && !silent) {
        this[key] = { status: 'error', error, key: id };
        this.#failed(error);
      }
      return false;
    }
  }

  #loadOptions(): Promise<boolean> {
    return this.#load<TicketFormOptions>('options', '/api/v1/consultations/options', false);
  }

  #loadMine(silent = false): Promise<boolean> {
    return this.#load<MyConsultationsPage>('mine', '/api/v1/consultations?mine=1', silent);
  }

  #loadDetail(no: string, silent = false): Promise<boolean> {
    return this.#load<TicketDetail>('detail', `/api/v1/consultations/${encodeURIComponent(no)}`, silent, no);
  }

  // ---- live replies ----

  #listen(on: boolean): void {
    if (on === this.#stopEvents.length > 0) return;
    this.#stopEvents.forEach((stop) => stop());
    const events = getEventStream();
    this.#stopEvents = on
      ? [
          events.subscribe<{ trackingNo?: unknown } | null>('consultation-reply', (data) => {
            if (typeof data?.trackingNo === 'string') void this.#onReply(data.trackingNo);
          }),
          // Events may have been missed: fetch again what is on screen, quietly.
          events.subscribe('resync', () => void this.#onReply(null)),
        ]
      : [];
  }

  async #onReply(no: string | null): Promise<void> {
    const shown = this.detail.key;
    if (shown && (no === null || no === shown) && this.detail.status === 'ready') await this.#loadDetail(shown, true);
    if (this.mine.status === 'ready') {
      const focused = (this.renderRoot as ShadowRoot).activeElement as HTMLElement | null;
      await this.#loadMine(true);
      // Lit reuses list rows by position: keep focus on the same ticket.
      if (focused?.dataset.no) this.#pendingFocus = `[data-no="${CSS.escape(focused.dataset.no)}"]`;
    }
    if (!no) return;
    const title = [...(this.mine.value?.consultations ?? []), this.detail.value].find(
      (entry) => entry?.trackingNo === no,
    )?.title;
    // Cleared first, so a second reply with the same text is announced again.
    this.notice = '';
    await this.updateComplete;
    this.notice = title ? this.t('newReplyNamed', { title }) : this.t('newReply');
  }

  // ---- render ----

  override render(): TemplateResult {
    return html`<div class="root">
      <div role="heading" aria-level=${this.#level} class="title">${this.t('title')}</div>
      <p part="notice" class="notice ${this.notice ? 'shown' : ''}" role="status">${this.notice}</p>
      <div part="tabs" class="tabs" role="tablist" aria-label=${this.t('parts')} @keydown=${this.#onTabKey}>
        ${VIEWS.map(
          (view) =>
            html`<button
              type="button"
              part="tab"
              class="tab"
              role="tab"
              id="tab-${view}"
              aria-selected=${view === this.shown ? 'true' : 'false'}
              aria-controls="panel"
              tabindex=${view === this.shown ? '0' : '-1'}
              @click=${() => this.#show(view)}
            >
              ${this.t(view)}
            </button>`,
        )}
      </div>
      <div id="panel" class="panel" role="tabpanel" aria-labelledby="tab-${this.shown}">
        ${this.shown === 'assistant' ? this.#renderAssistant() : this.#renderSignedIn()}
      </div>
    </div>`;
  }

  override updated(): void {
    if (this.#pendingFocus) {
      const target = this.renderRoot.querySelector<HTMLElement>(this.#pendingFocus);
      const waiting = [this.options, this.mine, this.detail].some((entry) => entry.status === 'loading');
      if (target || !waiting) this.#pendingFocus = undefined;
      target?.focus();
    }
    const no =
      this.shown === 'mine' ? this.detail.key : this.shown === 'ticket' ? this.submitted?.trackingNo : undefined;
    const detail: GovConsultChangedDetail = {
      status: this.status,
      view: this.shown,
      ...(no ? { trackingNo: no } : {}),
    };
    const key = JSON.stringify(detail);
    if (key !== this.#lastChange) {
      this.#lastChange = key;
      this.emit('gov-consult-changed', detail);
    }
  }

  /** What the widget shows now (also sent with `gov-consult-changed`). */
  get status(): GovConsultStatus {
    if (this.shown === 'assistant') {
      const last = this.chat.at(-1);
      return last?.error ? 'error' : (last?.answer?.status ?? 'assistant');
    }
    const session = this.session.status;
    if (session === 'anonymous') return 'logged-out';
    if (session === 'error') return 'error';
    if (session === 'unknown') return 'loading';
    if (this.shown === 'ticket') {
      if (this.submitted) return 'submitted';
      const { status } = this.options;
      return status === 'ready' ? (this.errors ? 'invalid' : 'form') : status === 'error' ? 'error' : 'loading';
    }
    const { status } = this.detail.key ? this.detail : this.mine;
    if (status === 'error') return 'error';
    if (status !== 'ready') return 'loading';
    return this.detail.key ? 'detail' : this.mine.value?.consultations.length ? 'tickets' : 'empty';
  }

  #heading(id: string, text: string): TemplateResult {
    return html`<div role="heading" aria-level=${Math.min(this.#level + 1, 6)} id=${id} class="subtitle" tabindex="-1">
      ${text}
    </div>`;
  }

  #loading(): TemplateResult {
    return html`<p class="vh" role="status">${this.t('loading')}</p>
      <div class="skeleton" aria-hidden="true"></div>`;
  }

  #problem(error: unknown, retry: () => void): TemplateResult {
    return html`<div class="problem">
      <p>${localizeError(error, this.locale)}</p>
      <button type="button" part="button" class="button" @click=${retry}>${this.t('retry')}</button>
    </div>`;
  }

  #date(value: string | null, withTime = false): string {
    if (!value) return '';
    // A bare date is a calendar day, not UTC midnight.
    const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00` : value);
    return new Intl.DateTimeFormat(this.locale, {
      dateStyle: 'long',
      ...(withTime ? { timeStyle: 'short' } : {}),
    }).format(date);
  }

  #itemLink(code: string): string {
    return new URL(this.itemHref.replace('{code}', encodeURIComponent(code)), location.href).href;
  }

  // ---- assistant ----

  #renderAssistant(): TemplateResult {
    const busy = this.#asking;
    return html`<div class="assistant">
      <div class="intro">
        <p>${this.t('intro')}</p>
        <p class="muted">${this.t('introHint')}</p>
      </div>
      <div part="log" role="log" aria-label=${this.t('chatLog')}>
        <ol class="log">
          ${this.chat.map(
            (entry) =>
              html`<li class="exchange">
                <p class="q"><span class="who">${this.t('you')}</span>${entry.question}</p>
                ${
                  entry.answer
                    ? this.#renderAnswer(entry.answer)
                    : entry.error
                      ? html`<p class="error-text">${this.t('askFailed', { message: entry.error })}</p>`
                      : html`<p class="muted">${this.t('asking')}</p>`
                }
              </li>`,
          )}
        </ol>
      </div>
      <form part="form" class="ask" novalidate @submit=${this.#onAsk}>
        <label class="label" for="question">${this.t('questionLabel')}</label>
        <p id="question-hint" class="muted">${this.t('questionHint')}</p>
        ${this.questionError ? this.#errorText('question-error', this.questionError) : nothing}
        <div class="ask-row">
          <input
            id="question"
            class="input"
            type="text"
            autocomplete="off"
            enterkeyhint="send"
            aria-describedby="question-hint${this.questionError ? ' question-error' : ''}"
            aria-invalid=${this.questionError ? 'true' : 'false'}
            .value=${this.question}
            @input=${(event: Event) => {
              this.question = (event.target as HTMLInputElement).value;
              this.questionError = '';
            }}
          />
          <button type="submit" part="button" class="button primary" aria-disabled=${busy ? 'true' : 'false'}>
            ${this.t('ask')}
          </button>
        </div>
      </form>
    </div>`;
  }

  #renderAnswer(answer: AssistantAnswer): TemplateResult {
    const { status, fallback } = answer;
    return html`<article part="answer" class="answer ${status}">
      <p class="who">${this.t('bot')}</p>
      ${status === 'unknown' ? html`<p><strong>${this.t('unknownHint')}</strong></p>` : nothing}
      ${status === 'uncertain' ? html`<p class="warning"><strong>${this.t('uncertainHint')}</strong></p>` : nothing}
      ${answer.answer ? html`<p class="text">${answer.answer}</p>` : nothing}
      ${status === 'unknown' ? nothing : html`<p class="muted">${this.t('confidence', { label: answer.confidenceLabel })}</p>`}
      ${
        answer.sources.length
          ? html`<p class="label">${this.t('sources')}</p>
              <ul class="sources">
                ${answer.sources.map(
                  (source) =>
                    html`<li>
                      ${source.itemCode ? html`<a href=${this.#itemLink(source.itemCode)}>${source.title}</a>` : source.title}
                      <span class="muted">${source.excerpt}</span>
                    </li>`,
                )}
              </ul>`
          : nothing
      }
      ${
        answer.relatedItems.length
          ? html`<p class="label">${this.t('related')}</p>
              <ul class="sources">
                ${answer.relatedItems.map(
                  (item) =>
                    html`<li>
                      <a href=${this.#itemLink(item.code)}>${item.name}</a>
                      ${item.deptName ? html`<span class="muted">${item.deptName}</span>` : nothing}
                    </li>`,
                )}
              </ul>`
          : nothing
      }
      ${
        status === 'answered'
          ? html`<button type="button" class="link" @click=${() => this.#handoff(answer.question)}>
              ${this.t('notSolved')}
            </button>`
          : html`<div class="offer">
              <p>${this.t('offer', { hotline: fallback.hotlineLabel })}</p>
              <p class="actions">
                <a part="button" class="button" href="tel:${fallback.hotline}"
                  >${this.t('call', { hotline: fallback.hotline })}</a
                >
                <button
                  type="button"
                  part="button"
                  class="button primary"
                  @click=${() => this.#handoff(answer.question)}
                >
                  ${this.t('handoff')}
                </button>
              </p>
            </div>`
      }
    </article>`;
  }

  #onAsk = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (this.#asking) return;
    const question = this.question.trim();
    const length = textLength(question);
    this.questionError = !length ? this.t('questionEmpty') : length > 200 ? this.t('questionLong') : '';
    if (this.questionError) return;
    const body: AssistantQuestion = {
      question,
      ...(this.dept ? { dept: this.dept } : {}),
      ...(this.region ? { region: this.region } : {}),
    };
    const entry: Exchange = { question };
    this.chat = [...this.chat, entry];
    this.question = '';
    this.#asking = true;
    let done: Exchange;
    try {
      done = { question, answer: await getBffClient().post<AssistantAnswer>('/api/v1/assistant', body) };
    } catch (error) {
      done = { question, error: this.reportError(error).message.replace(/[。.]$/, '') };
    }
    this.#asking = false;
    this.chat = this.chat.map((item) => (item === entry ? done : item));
  };

  /** 转人工: the ticket form with the question in it; signed out, the question waits for the login round trip. */
  #handoff(question: string): void {
    this.#fill(question);
    if (this.session.status === 'anonymous') sessionStorage.setItem(HANDOFF_KEY, question);
    this.#show('ticket', this.#signedIn ? '#f-title' : '#login-title');
  }

  #fill(question: string): void {
    this.submitted = null;
    this.draft = { ...this.draft, kind: 'consult', title: [...question].slice(0, 50).join(''), content: question };
  }

  // ---- signed-in parts ----

  #renderSignedIn(): TemplateResult {
    const { status } = this.session;
    if (status === 'unknown') return this.#loading();
    if (status === 'error')
      return html`<div class="problem">
        <p>${this.t('sessionError')}</p>
        <button type="button" part="button" class="button" @click=${() => void getSessionStore().refresh()}>
          ${this.t('retry')}
        </button>
      </div>`;
    if (status === 'anonymous') return this.#renderLogin();
    return this.shown === 'ticket' ? this.#renderTicket() : this.#renderMine();
  }

  #loginHref(): string {
    return `${getBffClient().base}/auth/login?return_to=${encodeURIComponent(location.href)}`;
  }

  #renderLogin(): TemplateResult {
    // Single-page hosts change the URL without re-rendering us: the return address is taken again on the way out.
    const refresh = (event: Event) => ((event.currentTarget as HTMLAnchorElement).href = this.#loginHref());
    return html`<section class="prompt" aria-labelledby="login-title">
      ${this.#heading('login-title', this.t('loginTitle'))}
      <p>${this.t('loginHint')}</p>
      <p class="actions">
        <a part="button" class="button primary" href=${this.#loginHref()} @click=${refresh} @focus=${refresh}
          >${this.t('login')}</a
        >
        <button type="button" part="button" class="button" @click=${() => this.#show('assistant', '#question')}>
          ${this.t('toAssistant')}
        </button>
      </p>
    </section>`;
  }

  // ---- ticket form ----

  #renderTicket(): TemplateResult {
    const { status, value, error } = this.options;
    if (status === 'error') return this.#problem(error, () => void this.#loadOptions());
    if (!value) return this.#loading();
    if (this.submitted) return this.#renderDone(this.submitted);
    return this.#renderForm(value);
  }

  /** An inline message; the hidden 错误： tells screen-reader users what it is (GOV.UK error message). */
  #errorText(id: string, message: string): TemplateResult {
    return html`<p id=${id} class="error-text"><span class="vh">${this.t('errorPrefix')}</span>${message}</p>`;
  }

  #message(problem: Problem): string {
    const params = { ...problem.params };
    if (typeof params.what === 'string') params.what = this.t(params.what);
    return this.t(problem.key, params);
  }

  /** Hint and error ids for aria-describedby; the error text, when any. */
  #described(field: keyof DraftErrors, hint = true): { ids: string; error: TemplateResult | typeof nothing } {
    const problem = this.errors?.[field];
    return {
      ids: [hint ? `${field}-hint` : '', problem ? `${field}-error` : ''].filter(Boolean).join(' '),
      error: problem ? this.#errorText(`${field}-error`, this.#message(problem)) : nothing,
    };
  }

  #renderForm(options: TicketFormOptions): TemplateResult {
    const draft = this.draft;
    const errors = this.errors ?? {};
    const title = this.#described('title');
    const content = this.#described('content');
    const link = this.#described('linkCode', false);
    const files = this.#described('files');
    const left = options.contentMaxLength - textLength(draft.content);
    const kind = draft.kind || 'consult';
    const fieldClass = (field: keyof DraftErrors) => `field ${errors[field] ? 'invalid' : ''}`;
    return html`<form part="form" class="form" novalidate @submit=${this.#onSubmit}>
      <p class="muted">${this.t('formHint')}</p>
      ${this.errors ? this.#renderSummary(this.errors) : nothing}
      ${
        draft.evaluationId
          ? html`<dl class="facts">
                <div class="fact">
                  <dt>${this.t('evaluation')}</dt>
                  <dd>${this.t('evaluationNo', { id: draft.evaluationId })}</dd>
                </div>
              </dl>
              <button
                type="button"
                part="button"
                class="button"
                @click=${() => {
                  this.#change({ evaluationId: '' });
                  this.#pendingFocus = '#f-kind';
                }}
              >
                ${this.t('unlink')}
              </button>`
          : nothing
      }
      <fieldset class=${fieldClass('kind')} aria-describedby=${errors.kind ? 'kind-error' : nothing}>
        <legend class="label">${this.t('kind')}<span aria-hidden="true"> ${this.t('required')}</span></legend>
        ${this.#described('kind', false).error}
        <div class="choices">
          ${options.kinds.map(
            (entry, index) =>
              html`<label class="check">
                <input
                  type="radio"
                  name="kind"
                  id=${index ? `kind-${entry.value}` : 'f-kind'}
                  value=${entry.value}
                  .checked=${draft.kind === entry.value}
                  @change=${() => this.#change({ kind: entry.value })}
                />
                <span>${entry.label}</span>
              </label>`,
          )}
        </div>
      </fieldset>
      <div class=${fieldClass('title')}>
        <label class="label" for="f-title"
          >${this.t('titleLabel')}<span aria-hidden="true"> ${this.t('required')}</span></label
        >
        <p id="title-hint" class="muted">${this.t('titleHint', { max: options.titleMaxLength })}</p>
        ${title.error}
        <input
          id="f-title"
          class="input"
          type="text"
          required
          aria-describedby=${title.ids}
          aria-invalid=${errors.title ? 'true' : 'false'}
          .value=${draft.title}
          @input=${(event: Event) => this.#change({ title: (event.target as HTMLInputElement).value })}
        />
      </div>
      <div class=${fieldClass('content')}>
        <label class="label" for="f-content"
          >${this.t('contentLabel')}<span aria-hidden="true"> ${this.t('required')}</span></label
        >
        <p id="content-hint" class="muted">${this.t('contentHint', { max: options.contentMaxLength })}</p>
        ${content.error}
        <textarea
          id="f-content"
          class="input text"
          rows="6"
          required
          aria-describedby=${content.ids}
          aria-invalid=${errors.content ? 'true' : 'false'}
          .value=${draft.content}
          @input=${this.#onContent}
        ></textarea>
        <p class="counter ${left < 0 ? 'over' : ''}" aria-hidden="true">
          ${left < 0 ? this.t('over', { count: -left }) : this.t('remaining', { count: left })}
        </p>
        <p class="vh" role="status">${this.counter}</p>
      </div>
      <div class=${fieldClass('linkCode')}>
        <label class="label" for="f-link">${this.t('linkLabel')}</label>
        <select
          id="f-link"
          class="input"
          @change=${(event: Event) => this.#change({ linkKind: (event.target as HTMLSelectElement).value as LinkKind })}
        >
          ${(['', 'item', 'dept', 'case'] as const).map(
            (value) =>
              html`<option value=${value} ?selected=${draft.linkKind === value}>
                ${this.t(value ? { item: 'linkItem', dept: 'linkDept', case: 'linkCase' }[value] : 'linkNone')}
              </option>`,
          )}
        </select>
        ${
          draft.linkKind
            ? html`<label class="label" for="f-linkCode">${this.t(CODE_KEYS[draft.linkKind])}</label>
                ${link.error}
                <input
                  id="f-linkCode"
                  class="input"
                  type="text"
                  autocomplete="off"
                  spellcheck="false"
                  aria-describedby=${link.ids || nothing}
                  aria-invalid=${errors.linkCode ? 'true' : 'false'}
                  .value=${draft.linkCode}
                  @input=${(event: Event) => this.#change({ linkCode: (event.target as HTMLInputElement).value })}
                />`
            : nothing
        }
      </div>
      <div class=${fieldClass('files')}>
        <label class="label" for="f-files">${this.t('files')}</label>
        <p id="files-hint" class="muted">
          ${this.t('filesHint', { count: options.maxAttachments, size: formatSize(options.maxAttachmentBytes) })}
        </p>
        ${files.error}
        <input
          id="f-files"
          class="file"
          type="file"
          multiple
          accept=${options.acceptedTypes.join(',')}
          aria-describedby=${files.ids}
          @change=${this.#onFiles}
        />
        ${this.files.length ? this.#renderFiles() : nothing}
      </div>
      <fieldset class="field">
        <legend class="label">${this.t('contact')}</legend>
        <div class="choices">
          ${options.contactPreferences.map(
            (entry) =>
              html`<label class="check">
                <input
                  type="radio"
                  name="contact"
                  value=${entry.value}
                  .checked=${draft.contact === entry.value}
                  @change=${() => this.#change({ contact: entry.value })}
                />
                <span>${entry.label}</span>
              </label>`,
          )}
        </div>
      </fieldset>
      <label class="check">
        <input
          type="checkbox"
          .checked=${draft.isPublic}
          @change=${(event: Event) => this.#change({ isPublic: (event.target as HTMLInputElement).checked })}
        />
        <span>${this.t('isPublic')}</span>
      </label>
      <p>${this.t('replyDays', { days: options.replyDays[kind] })}</p>
      ${this.sendError ? html`<p class="error-text" role="alert">${this.sendError}</p>` : nothing}
      <button
        type="submit"
        part="button"
        class="button primary submit"
        aria-disabled=${this.sending ? 'true' : 'false'}
      >
        ${this.sending ? this.t('submitting') : this.t('submit')}
      </button>
    </form>`;
  }

  #renderFiles(): TemplateResult {
    // Polite: a finished or refused upload is announced; the progress bar itself is not text.
    return html`<ul class="files" aria-live="polite">
      ${this.files.map(
        (file) =>
          html`<li class="picked ${file.state}">
            <span class="name">${file.name}（${formatSize(file.size)}）</span>
            <span class=${file.state === 'refused' ? 'error-text' : 'muted'}>
              ${
                file.state === 'refused'
                  ? this.t('refused', { message: file.message ?? '' })
                  : file.state === 'uploading'
                    ? this.t('uploading', { percent: file.percent })
                    : this.t(file.state === 'done' ? 'uploaded' : 'checking')
              }
            </span>
            ${
              file.state === 'uploading'
                ? html`<progress max="100" .value=${file.percent} aria-label=${file.name}></progress>`
                : nothing
            }
            <button type="button" part="button" class="button" @click=${() => this.#removeFile(file)}>
              ${this.t('remove', { name: file.name })}
            </button>
          </li>`,
      )}
    </ul>`;
  }

  #renderSummary(errors: DraftErrors): TemplateResult {
    const entries = FIELDS.filter((field) => errors[field]);
    return html`<div class="summary" aria-labelledby="summary-title">
      <p id="summary-title" class="label">${this.t('summaryTitle')}</p>
      <ul>
        ${entries.map(
          (field) =>
            html`<li>
              <a
                href="#${FIELD_IDS[field]}"
                @click=${(event: Event) => {
                  // In-page links cannot reach into a shadow root: move focus ourselves.
                  event.preventDefault();
                  this.renderRoot.querySelector<HTMLElement>(`#${FIELD_IDS[field]}`)?.focus();
                }}
                >${this.#message(errors[field] as Problem)}</a
              >
            </li>`,
        )}
      </ul>
    </div>`;
  }

  #renderDone(ticket: TicketDetail): TemplateResult {
    return html`<section class="done" aria-labelledby="done-title">
      ${this.#heading('done-title', this.t('doneTitle'))}
      <p>${this.t('trackingNo')}：<strong class="tracking">${ticket.trackingNo}</strong></p>
      ${
        ticket.promisedReplyDate
          ? html`<p>
              ${this.t('promised', { date: this.#date(ticket.promisedReplyDate), contact: ticket.contactPreferenceLabel })}
            </p>`
          : nothing
      }
      <p class="muted">${this.t('keepNo')}</p>
      <p class="actions">
        <button type="button" part="button" class="button primary" @click=${() => this.#open(ticket.trackingNo)}>
          ${this.t('viewTicket')}
        </button>
        <button type="button" part="button" class="button" @click=${this.#another}>${this.t('another')}</button>
      </p>
    </section>`;
  }

  #change(patch: Partial<TicketDraft>): void {
    this.draft = { ...this.draft, ...patch };
    if (this.#attempted) this.#revalidate();
  }

  #revalidate(): void {
    // Once the user has tried to submit, messages go away as soon as their problem is fixed.
    if (this.options.value) this.errors = validateDraft(this.options.value, this.draft, this.files);
  }

  #onContent = (event: Event): void => {
    this.#change({ content: (event.target as HTMLTextAreaElement).value });
    // GOV.UK's character count: announce after typing pauses, and only near (or past) the limit.
    clearTimeout(this.#counterTimer);
    this.#counterTimer = setTimeout(() => {
      const max = this.options.value?.contentMaxLength ?? 0;
      const left = max - textLength(this.draft.content);
      this.counter =
        left < 0
          ? this.t('over', { count: -left })
          : left <= Math.max(10, Math.round(max / 10))
            ? this.t('remaining', { count: left })
            : '';
    }, 700);
  };

  #onFiles = async (event: Event): Promise<void> => {
    const input = event.target as HTMLInputElement;
    const options = this.options.value;
    const picked = [...(input.files ?? [])];
    // The same file can be picked again after a refusal.
    input.value = '';
    if (!options) return;
    for (const file of picked) {
      const entry: PickedFile = {
        key: ++this.#fileKey,
        name: file.name,
        size: file.size,
        state: 'checking',
        percent: 0,
      };
      const kept = this.files.filter((item) => item.state !== 'refused').length;
      const problem =
        kept >= options.maxAttachments
          ? { key: 'tooMany', params: { count: options.maxAttachments } }
          : await checkFile(file, options);
      if (problem) {
        this.files = [...this.files, { ...entry, state: 'refused', message: this.#message(problem) }];
        continue;
      }
      const sending = upload(file, (percent) => this.#patchFile(entry.key, { percent }));
      this.files = [...this.files, { ...entry, state: 'uploading', abort: sending.abort }];
      sending.done.then(
        (ref) => this.#patchFile(entry.key, { state: 'done', ref, percent: 100 }),
        (error: unknown) => {
          if (isAbort(error)) return;
          // The BFF's own words (e.g. content that is not what the name says): they are what the user must fix.
          this.#patchFile(entry.key, { state: 'refused', message: localizeError(error, this.locale) });
          if (error instanceof BffError && error.status === 401) void getSessionStore().refresh();
        },
      );
    }
    if (this.#attempted) this.#revalidate();
  };

  #patchFile(key: number, patch: Partial<PickedFile>): void {
    this.files = this.files.map((file) => (file.key === key ? { ...file, ...patch } : file));
    if (this.#attempted && patch.state) this.#revalidate();
  }

  #removeFile(file: PickedFile): void {
    file.abort?.();
    this.files = this.files.filter((item) => item.key !== file.key);
    this.#pendingFocus = '#f-files';
    if (this.#attempted) this.#revalidate();
  }

  #onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const options = this.options.value;
    // A second click while the first request is out sends nothing: the first answer settles both.
    if (this.sending || !options) return;
    this.#attempted = true;
    this.errors = validateDraft(options, this.draft, this.files);
    if (this.errors) {
      // WCAG 3.3.1: focus the first field in error; its message is read with it (aria-describedby).
      this.#pendingFocus = `#${FIELD_IDS[FIELDS.find((field) => this.errors?.[field]) ?? 'title']}`;
      this.requestUpdate();
      return;
    }
    this.sending = true;
    this.sendError = '';
    try {
      const ticket = await getBffClient().post<TicketDetail>(
        '/api/v1/consultations',
        submission(this.draft, this.files, this.#token),
      );
      this.submitted = ticket;
      // The list, when loaded before, no longer tells the whole story.
      this.mine = { status: 'idle' };
      this.#pendingFocus = '#done-title';
      const detail: GovConsultSubmittedDetail = { trackingNo: ticket.trackingNo, kind: ticket.kind };
      this.emit('gov-consult-submitted', detail);
    } catch (error) {
      if (error instanceof BffError && error.status === 401) void getSessionStore().refresh();
      else {
        // Rate limits, a rule the form did not know, the network: the BFF's words, and the same token next time.
        this.sendError = this.t('sendFailed', { message: localizeError(error, this.locale).replace(/[。.]$/, '') });
        this.reportError(error);
      }
    } finally {
      this.sending = false;
    }
  };

  #another = (): void => {
    this.submitted = null;
    this.draft = { ...emptyDraft(), ...(this.dept ? { linkKind: 'dept' as const, linkCode: this.dept } : {}) };
    this.files = [];
    this.errors = null;
    this.#attempted = false;
    this.#token = newClientToken();
    this.#pendingFocus = '#f-kind';
  };

  // ---- my tickets ----

  #renderMine(): TemplateResult {
    if (this.detail.key) return this.#renderDetail(this.detail.key);
    const { status, error } = this.mine;
    if (status === 'error') return this.#problem(error, () => void this.#loadMine());
    const value = this.mine.value?.consultations;
    if (!value) return this.#loading();
    const today = new Date().toISOString().slice(0, 10);
    return html`<p class="status" role="status">
        ${value.length ? this.t('mineTotal', { count: value.length }) : this.t('mineEmpty')}
      </p>
      ${
        value.length
          ? html`<ul part="list" class="list">
              ${value.map((entry) => {
                const late = !entry.repliedAt && !!entry.promisedReplyDate && entry.promisedReplyDate < today;
                return html`<li class="ticket">
                  <button
                    type="button"
                    class="link ticket-link"
                    data-no=${entry.trackingNo}
                    @click=${() => this.#open(entry.trackingNo)}
                  >
                    ${entry.title}
                  </button>
                  <p class="meta">
                    <span class="badge">${entry.kindLabel}</span>
                    <span class="badge">${entry.statusLabel}</span>
                    ${late ? html`<strong class="late">${this.t('overdue')}</strong>` : nothing}
                  </p>
                  <p class="muted">
                    ${this.t('trackingNo')} ${entry.trackingNo} ·
                    ${this.t('submittedAt', { date: this.#date(entry.createdAt) })}
                    ${
                      entry.promisedReplyDate && !entry.repliedAt
                        ? html` · ${this.t('promisedAt', { date: this.#date(entry.promisedReplyDate) })}`
                        : nothing
                    }
                  </p>
                </li>`;
              })}
            </ul>`
          : html`<p>
              <button
                type="button"
                part="button"
                class="button primary"
                @click=${() => this.#show('ticket', '#f-kind')}
              >
                ${this.t('ticket')}
              </button>
            </p>`
      }`;
  }

  #renderDetail(no: string): TemplateResult {
    const { status, value, error } = this.detail;
    const notFound = error instanceof BffError && error.status === 404;
    let body: unknown;
    if (status === 'error')
      body = notFound
        ? html`<p class="problem">${this.t('notFound')}</p>`
        : this.#problem(error, () => void this.#loadDetail(no));
    else if (value?.trackingNo === no) body = this.#renderTicketBody(value);
    else body = this.#loading();
    return html`<article part="detail" class="detail" aria-labelledby="detail-title">
      <button type="button" part="button" class="button back" @click=${this.#back}>‹ ${this.t('back')}</button>
      ${this.#heading('detail-title', value?.trackingNo === no ? value.title : `${this.t('trackingNo')} ${no}`)} ${body}
    </article>`;
  }

  #renderTicketBody(ticket: TicketDetail): TemplateResult {
    const fact = (label: string, text: string | null) =>
      text
        ? html`<div class="fact">
            <dt>${this.t(label)}</dt>
            <dd>${text}</dd>
          </div>`
        : nothing;
    const base = `${getBffClient().base}/api/v1/consultations/${encodeURIComponent(ticket.trackingNo)}/attachments/`;
    return html`${
        ticket.overdue
          ? html`<p class="warning">
              <strong>${this.t('overdueHint', { date: this.#date(ticket.promisedReplyDate) })}</strong>
            </p>`
          : nothing
      }
      <dl class="facts">
        ${fact('trackingNo', ticket.trackingNo)} ${fact('kindShort', ticket.kindLabel)}
        ${fact('status', ticket.statusLabel)} ${fact('createdAt', this.#date(ticket.createdAt, true))}
        ${fact('promisedDate', this.#date(ticket.promisedReplyDate))} ${fact('item', ticket.itemName)}
        ${fact('dept', ticket.deptName)} ${fact('caseNo', ticket.projectNo)}
        ${fact('contactShort', ticket.contactPreferenceLabel)}
      </dl>
      <p class="label">${this.t('content')}</p>
      <p class="text">${ticket.content}</p>
      ${
        ticket.attachments.length
          ? html`<p class="label">${this.t('attachments')}</p>
              <ul class="sources">
                ${ticket.attachments.map(
                  (file) =>
                    html`<li>
                      <a href=${base + encodeURIComponent(file.id)} download=${file.name}
                        >${this.t('download', { name: file.name, size: formatSize(file.size) })}</a
                      >
                    </li>`,
                )}
              </ul>`
          : nothing
      }
      <p class="label">${this.t('replies')}</p>
      ${
        ticket.replies.length
          ? html`<ol class="replies">
              ${ticket.replies.map(
                (reply) =>
                  html`<li class="reply">
                    <p class="muted">
                      ${this.t('replyFrom', { dept: reply.deptName ?? '12345', date: this.#date(reply.repliedAt, true) })}
                      ${reply.isFinal ? html`<span class="badge">${this.t('final')}</span>` : nothing}
                    </p>
                    <p class="text">${reply.body}</p>
                  </li>`,
              )}
            </ol>`
          : html`<p class="muted">${this.t('noReplies')}</p>`
      }`;
  }

  // ---- navigation ----

  #show(view: GovConsultView, focus?: string): void {
    this.shown = view;
    this.notice = '';
    if (focus) this.#pendingFocus = focus;
  }

  #open(no: string): void {
    this.detail = { status: 'idle', key: no };
    this.#show('mine', '#detail-title');
  }

  /** WCAG 2.4.3: back on the ticket that was opened. */
  #back = (): void => {
    const no = this.detail.key;
    this.#requests.get('detail')?.abort();
    this.detail = { status: 'idle' };
    this.#pendingFocus = no ? `[data-no="${CSS.escape(no)}"]` : '#tab-mine';
  };

  /**
   * Arrow keys in the tablist with manual activation (APG "Tabs"): ←/→ move focus round the tabs, Home and End to
   * the ends; Enter or Space (the button's own click) opens. (A copy of the case tracker's: a module shared by two
   * widget entries would become a shared chunk, which the build refuses.)
   */
  #onTabKey = (event: KeyboardEvent): void => {
    const tabs = [...(event.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('[role="tab"]')];
    const at = tabs.indexOf(event.target as HTMLElement);
    const last = tabs.length - 1;
    const next =
      at < 0
        ? undefined
        : { ArrowRight: at < last ? at + 1 : 0, ArrowLeft: at ? at - 1 : last, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    tabs[next]?.focus();
  };
}
