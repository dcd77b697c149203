import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import type {
  EvaluationForm,
  EvaluationSubmission,
  MyEvaluation,
  SatisfactionLevel,
} from '../../bff/api/contracts/evaluations.js';
import { BffError, getBffClient, getSessionStore, GovElement, localizeError } from '../runtime/index.js';
import {
  emptyDraft,
  indicatorsFor,
  needsDetail,
  newIdempotencyKey,
  textLength,
  validateDraft,
  type DraftErrors,
  type EvaluationDraft,
} from './draft.js';
import { evaluateStyles } from './gov-evaluate.styles.js';
import { evaluateStrings } from './gov-evaluate.strings.js';

/** What the widget shows. `idle`: no case (a dialog-only element waiting for a case tracker). */
export type GovEvaluateStatus = 'idle' | 'loading' | 'form' | 'refused' | 'signed-out' | 'submitted' | 'error';

/** Detail of `gov-evaluate-changed`. */
export interface GovEvaluateChangedDetail {
  status: GovEvaluateStatus;
  projectNo: string | null;
  /** Shown in the modal dialog rather than in the page. */
  dialog: boolean;
}

/** Detail of `gov-evaluate-submitted`. */
export interface GovEvaluateSubmittedDetail {
  projectNo: string;
  id: string;
  level: SatisfactionLevel;
  assessNumber: 1 | 2;
}

/** What `<gov-case-tracker>` sends with `gov-case-tracker-evaluate`. */
interface EvaluateRequestDetail {
  projectNo?: unknown;
}

type Phase = 'idle' | 'loading' | 'ready' | 'signed-out' | 'error';

const REFUSALS = ['not_applicant', 'not_finished', 'already_evaluated', 'not_found'] as const;
type RefusalCode = (typeof REFUSALS)[number];
const isRefusal = (code: string): code is RefusalCode => (REFUSALS as readonly string[]).includes(code);

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/** Arrow keys of the level radio group: the next or previous level, wrapping (WAI-ARIA APG radio group). */
const STEPS: Readonly<Record<string, number>> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

/** The counter is announced once this few characters (or fewer) are left. */
const announceWithin = (max: number) => Math.max(10, Math.round(max / 10));

/**
 * Star `n` of a level's five: filled up to the level, outlined after (shape, not colour alone). The five paths
 * sit in the svg's own template: a nested html`` would create them outside the SVG namespace.
 */
const star = (level: number, n: number) => (n <= level ? 'on' : 'off');
const STAR = 'M12 2.6l2.8 6 6.6.8-4.9 4.5 1.3 6.5L12 17.2l-5.8 3.2 1.3-6.5-4.9-4.5 6.6-.8z';

/**
 * 好差评: rate one case (办件) in five levels with stars and text labels, tick what was good or needs improving,
 * and add comments. A 不满意/非常不满意 rating must name an indicator or say what went wrong; the user then hears
 * that the department will put it right and report back under 我的评价. Only the applicant may rate, once per
 * round (首次评价, then one 追评), and only once the case allows it: the BFF decides, the widget says why not in
 * plain words. Submitting twice (a double click, a retry after a lost answer) sends the same idempotency key, so
 * the BFF records one evaluation.
 *
 * With `case` the form shows in the page. It also answers `<gov-case-tracker>`'s 评价 button: on
 * `gov-case-tracker-evaluate` for its case — or for any case when `case` is unset — it opens as a modal dialog
 * (focus kept inside, Escape closes, focus returns to the button). An element without `case` shows nothing until
 * then.
 *
 * Keyboard and screen readers: the levels are one radio group (arrow keys move and choose, one tab stop);
 * errors are listed in a summary, written next to their fields (linked with aria-describedby), and focus moves
 * to the first one; the character counter is announced politely when few characters are left.
 *
 * @tag gov-evaluate
 * @summary Rate a completed case (好差评): five levels, indicators, comments, 差评 follow-up.
 *
 * @attr case - 办件编号 (projectNo) to rate in the page; unset: dialog only, opened by a case tracker
 * @attr evaluations-href - the 我的评价 page (e.g. `<gov-user-space>`'s); linked after submitting when set
 * @attr heading-level - level of the widget's heading (default 2); sections sit one below
 * @attr lang - `zh-CN` (default) or `en`; else the closest ancestor's `lang`
 * @attr elder - 适老化 mode (also on when `<html data-gov-elder>`)
 *
 * @slot - Fallback content (e.g. a link to the portal's 好差评 page), shown only until the element upgrades
 *
 * @fires gov-evaluate-changed - `{ status, projectNo, dialog }` whenever what is shown changes: `status` is `idle`,
 *   `loading`, `form`, `refused`, `signed-out`, `submitted` or `error`
 * @fires gov-evaluate-submitted - `{ projectNo, id, level, assessNumber }` once the BFF has recorded the evaluation
 * @fires gov-ready - once, after the first render
 * @fires gov-error - `{ code, message }` when the BFF cannot answer (e.g. `service_unavailable`)
 *
 * @csspart dialog - the modal dialog (when opened by a case tracker)
 * @csspart level - one level (a radio)
 * @csspart notice - refusal, login and success messages
 * @csspart error-summary - the list of problems shown after an attempt to submit
 * @csspart button - buttons and button-like links: 提交评价, 登录, 重试, 关闭
 *
 * @cssprop --gov-evaluate-star-color - colour of the stars (default a dark amber, 3:1 or more on white)
 * @cssprop --gov-evaluate-dialog-width - widest the dialog grows (default 40em)
 */
export class GovEvaluate extends GovElement {
  /** Keep in step with package.json. */
  static override version = '0.1.0';
  static override strings = evaluateStrings;
  static override styles = [GovElement.styles, evaluateStyles];
  static override properties: PropertyDeclarations = {
    case: { type: String },
    evaluationsHref: { type: String, attribute: 'evaluations-href' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    phase: { state: true },
    form: { state: true },
    draft: { state: true },
    errors: { state: true },
    sending: { state: true },
    sendError: { state: true },
    submitted: { state: true },
    dialogOpen: { state: true },
    announcement: { state: true },
  };

  declare case: string | undefined;
  declare evaluationsHref: string | undefined;
  declare headingLevel: number;
  /** @internal */
  declare protected phase: Phase;
  /** @internal */
  declare protected form: EvaluationForm | undefined;
  /** @internal */
  declare protected draft: EvaluationDraft;
  /** @internal shown once the user has tried to submit */
  declare protected errors: DraftErrors | null;
  /** @internal a POST is in flight */
  declare protected sending: boolean;
  /** @internal */
  declare protected sendError: string;
  /** @internal what the BFF recorded */
  declare protected submitted: MyEvaluation | null;
  /** @internal */
  declare protected dialogOpen: boolean;
  /** @internal the counter's polite announcement */
  declare protected announcement: string;

  #failure: unknown;
  /** The case the loaded (or loading) form belongs to. */
  #loadedFor: string | undefined;
  #loading: AbortController | undefined;
  /** Generated once per loaded form; every attempt to submit that form sends it. */
  #key = '';
  #attempted = false;
  #dialogCase: string | undefined;
  /** Where focus was when the dialog opened (inside another widget's shadow root, usually). */
  #invoker: HTMLElement | null = null;
  #pendingFocus: string | undefined;
  #announceTimer: ReturnType<typeof setTimeout> | undefined;
  #unsubscribe: (() => void) | undefined;
  #lastChange = '';

  constructor() {
    super();
    this.headingLevel = 2;
    this.phase = 'idle';
    this.form = undefined;
    this.draft = emptyDraft();
    this.errors = null;
    this.sending = false;
    this.sendError = '';
    this.submitted = null;
    this.dialogOpen = false;
    this.announcement = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Capture for "my case" so the element naming the case wins over a case-less one, which listens later.
    document.addEventListener('gov-case-tracker-evaluate', this.#onOwnCase, true);
    document.addEventListener('gov-case-tracker-evaluate', this.#onAnyCase);
    this.#unsubscribe = getSessionStore().subscribe((state) => {
      // Logged in elsewhere on the page (or in another tab): the login prompt gives way to the form.
      if (state.status === 'authenticated' && this.phase === 'signed-out' && this.#loadedFor)
        this.#load(this.#loadedFor);
      else if (state.status === 'anonymous' && state.loggedOutElsewhere && this.phase === 'ready' && !this.submitted)
        this.phase = 'signed-out';
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('gov-case-tracker-evaluate', this.#onOwnCase, true);
    document.removeEventListener('gov-case-tracker-evaluate', this.#onAnyCase);
    this.#unsubscribe?.();
    clearTimeout(this.#announceTimer);
  }

  /** What the widget shows now (also sent with `gov-evaluate-changed`). */
  get status(): GovEvaluateStatus {
    if (!this.#projectNo) return 'idle';
    if (this.phase !== 'ready') return this.phase;
    return this.submitted ? 'submitted' : this.form?.refusal ? 'refused' : 'form';
  }

  get #projectNo(): string | undefined {
    return this.dialogOpen ? this.#dialogCase : this.case || undefined;
  }

  get #level(): number {
    return Math.min(Math.max(Math.round(this.headingLevel) || 2, 1), 5);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('case') && this.case && !this.dialogOpen && this.case !== this.#loadedFor) this.#load(this.case);
  }

  // No <slot>: the light-DOM fallback stops rendering the moment the shadow root exists.
  override render(): TemplateResult {
    // .root carries layout and text resets that page rules cannot reach (they reach only the host element).
    if (this.dialogOpen)
      return html`<div class="root">
        <dialog
          part="dialog"
          class="dialog"
          aria-labelledby="title"
          @close=${this.#onDialogClose}
          @keydown=${this.#trapFocus}
        >
          <div class="dialog-bar">
            <button type="button" part="button" class="button close" @click=${this.#closeDialog}>
              <span aria-hidden="true">×</span> ${this.t('close')}
            </button>
          </div>
          ${this.#renderBody()}
        </dialog>
      </div>`;
    return html`<div class="root">${this.case ? this.#renderBody() : nothing}</div>`;
  }

  override updated(): void {
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && !dialog.open) {
      dialog.showModal();
      this.#pendingFocus ??= '#title';
    }
    if (this.#pendingFocus) {
      this.renderRoot.querySelector<HTMLElement>(this.#pendingFocus)?.focus();
      this.#pendingFocus = undefined;
    }
    const detail: GovEvaluateChangedDetail = {
      status: this.status,
      projectNo: this.#projectNo ?? null,
      dialog: this.dialogOpen,
    };
    const key = JSON.stringify(detail);
    if (key !== this.#lastChange) {
      this.#lastChange = key;
      this.emit('gov-evaluate-changed', detail);
    }
  }

  /** Opens the dialog for `projectNo`, as the case tracker's 评价 button does. */
  open(projectNo: string): void {
    let invoker = document.activeElement as HTMLElement | null;
    while (invoker?.shadowRoot?.activeElement) invoker = invoker.shadowRoot.activeElement as HTMLElement;
    this.#invoker = invoker;
    this.#dialogCase = projectNo;
    // The same case again keeps what was typed (closed by mistake) or what was sent.
    if (projectNo !== this.#loadedFor || this.phase === 'error' || this.phase === 'signed-out') this.#load(projectNo);
    this.dialogOpen = true;
  }

  // ---- views ----

  #heading(text: string): TemplateResult {
    return html`<div role="heading" aria-level=${this.#level} id="title" class="title" tabindex="-1">${text}</div>`;
  }

  #renderBody(): TemplateResult {
    const form = this.form;
    const status = this.status;
    const title = form?.assessNumber === 2 && status === 'form' ? this.t('followUpTitle') : this.t('title');
    let body: unknown;
    if (status === 'loading' || status === 'idle')
      body = html`<p class="vh" role="status">${this.t('loading')}</p>
        <div class="skeleton" aria-hidden="true"></div>`;
    else if (status === 'error')
      body = html`<div part="notice" class="notice problem">
        <p>${localizeError(this.#failure, this.locale)}</p>
        <button type="button" part="button" class="button" @click=${() => this.#load(this.#projectNo ?? '')}>
          ${this.t('retry')}
        </button>
      </div>`;
    else if (status === 'signed-out') body = this.#renderSignedOut();
    else if (form && status === 'refused') body = this.#renderRefused(form);
    else if (form && this.submitted) body = this.#renderSubmitted(this.submitted);
    else if (form) body = this.#renderForm(form);
    return html`<section class="body" aria-labelledby="title">
      ${this.#heading(title)} ${form ? this.#renderCase(form) : nothing} ${body}
    </section>`;
  }

  #renderCase(form: EvaluationForm): TemplateResult {
    const what = [form.itemName, form.deptName].filter(Boolean).join(' · ');
    return html`${what ? html`<p class="case">${what}</p>` : nothing}
      <p class="muted">${this.t('caseNo', { no: form.projectNo })}</p>`;
  }

  #renderSignedOut(): TemplateResult {
    const login = `${getBffClient().base}/auth/login?return_to=${encodeURIComponent(location.href)}`;
    return html`<div part="notice" class="notice">
      <p class="notice-title">${this.t('signedOutTitle')}</p>
      <p>${this.t('signedOut')}</p>
      <a part="button" class="button primary" href=${login}>${this.t('login')}</a>
    </div>`;
  }

  #renderRefused(form: EvaluationForm): TemplateResult {
    const refusal = form.refusal as NonNullable<EvaluationForm['refusal']>;
    return html`<div part="notice" class="notice problem">
        <p class="notice-title">${this.t('refusedTitle')}</p>
        <p>${this.#refusalText(refusal)}</p>
      </div>
      ${refusal.code === 'already_evaluated' && form.previous ? this.#renderPrevious(form.previous) : nothing}
      ${this.#renderEvaluationsLink()}`;
  }

  /** The BFF's Chinese wording says most (追评期限已过, 代办人…); our own text stands in for English or a blank. */
  #refusalText(refusal: NonNullable<EvaluationForm['refusal']>): string {
    if (this.locale === 'zh-CN' && refusal.message) return refusal.message;
    return isRefusal(refusal.code) ? this.t(refusal.code) : refusal.message;
  }

  #renderEvaluationsLink(): TemplateResult | typeof nothing {
    return this.evaluationsHref
      ? html`<p>
          <a class="link" href=${new URL(this.evaluationsHref, location.href).href}>${this.t('myEvaluations')}</a>
        </p>`
      : nothing;
  }

  #renderPrevious(previous: MyEvaluation): TemplateResult {
    const date = new Date(previous.evaluatedAt);
    const rectification = previous.rectification;
    const row = (label: string, value: string | null | undefined) =>
      value
        ? html`<div class="fact">
            <dt>${label}</dt>
            <dd>${value}</dd>
          </div>`
        : nothing;
    return html`<section class="previous" aria-labelledby="previous-title">
      <div role="heading" aria-level=${this.#level + 1} id="previous-title" class="subtitle">${this.t('previous')}</div>
      <dl class="facts">
        ${row(this.t('evaluatedAt'), Number.isNaN(date.getTime()) ? null : new Intl.DateTimeFormat(this.locale, { dateStyle: 'long' }).format(date))}
        ${row(this.t('level'), `${previous.levelLabel}（${this.t('stars', { count: previous.level })}）`)}
        ${row(this.t('aspects'), previous.indicatorLabels.join('、'))} ${row(this.t('content'), previous.text)}
        ${row(this.t('rectification'), rectification?.statusLabel)} ${row(this.t('rectifyText'), rectification?.text)}
        ${row(this.t('revisit'), rectification?.revisitResult)}
      </dl>
    </section>`;
  }

  #renderSubmitted(result: MyEvaluation): TemplateResult {
    const negative = result.level <= 2 || !!result.rectification;
    return html`<div part="notice" class="notice success">
        <div role="heading" aria-level=${this.#level + 1} id="done-title" class="notice-title" tabindex="-1">
          <span aria-hidden="true">✓ </span>${this.t('thanks')}
        </div>
        <p>${this.t('yourLevel', { label: result.levelLabel })}</p>
        ${negative ? html`<p class="rectify">${this.t('rectifyNote')}</p>` : nothing}
      </div>
      ${this.#renderEvaluationsLink()}
      ${
        this.dialogOpen
          ? html`<p>
              <button type="button" part="button" class="button" @click=${this.#closeDialog}>${this.t('close')}</button>
            </p>`
          : nothing
      }`;
  }

  #renderForm(form: EvaluationForm): TemplateResult {
    const { draft } = this;
    const errors = this.errors ?? {};
    const levels = [...form.levels].sort((a, b) => b.level - a.level);
    const checked = levels.findIndex((entry) => entry.level === draft.level);
    const indicators = indicatorsFor(form, draft.level);
    const bad = needsDetail(form, draft.level);
    const detailError = errors.detail ? this.#errorText('detail-error', this.t(errors.detail)) : nothing;
    const used = textLength(draft.text.trim());
    const left = form.maxTextLength - used;
    const textDescribedBy = [
      'text-hint',
      errors.detail && !indicators.length ? 'detail-error' : '',
      errors.text ? 'text-error' : '',
    ]
      .filter(Boolean)
      .join(' ');
    return html`${form.assessNumber === 2 ? html`<p>${this.t('followUpIntro')}</p>` : nothing}
      ${form.assessNumber === 2 && form.previous ? this.#renderPrevious(form.previous) : nothing}
      <form class="form" novalidate @submit=${this.#onSubmit}>
        ${this.errors ? this.#renderSummary(errors, indicators.length > 0) : nothing}
        <div class="field ${errors.level ? 'invalid' : ''}">
          <div id="level-label" class="label">
            ${this.t('levelLabel')}<span class="muted">${this.t('required')}</span>
          </div>
          ${errors.level ? this.#errorText('level-error', this.t(errors.level)) : nothing}
          <div
            role="radiogroup"
            class="levels"
            aria-labelledby="level-label"
            aria-required="true"
            aria-invalid=${errors.level ? 'true' : 'false'}
            aria-describedby=${errors.level ? 'level-error' : nothing}
          >
            ${levels.map(
              (entry, index) =>
                html`<div
                  role="radio"
                  part="level"
                  class="level"
                  id="level-${entry.level}"
                  aria-checked=${index === checked ? 'true' : 'false'}
                  tabindex=${index === checked || (checked < 0 && index === 0) ? '0' : '-1'}
                  @click=${() => this.#choose(entry.level, true)}
                  @keydown=${(event: KeyboardEvent) => this.#onLevelKey(event, levels, index)}
                >
                  <svg class="stars" viewBox="0 0 120 24" aria-hidden="true" focusable="false">
                    <path class=${star(entry.level, 1)} d=${STAR} />
                    <path class=${star(entry.level, 2)} transform="translate(24 0)" d=${STAR} />
                    <path class=${star(entry.level, 3)} transform="translate(48 0)" d=${STAR} />
                    <path class=${star(entry.level, 4)} transform="translate(72 0)" d=${STAR} />
                    <path class=${star(entry.level, 5)} transform="translate(96 0)" d=${STAR} />
                  </svg>
                  <span class="level-label">${entry.label}</span>
                  <svg class="tick" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                    <path d="M2.5 8.5l3.5 3.5 7.5-8" />
                  </svg>
                </div>`,
            )}
          </div>
        </div>
        ${
          indicators.length
            ? html`<fieldset
                class="field aspects ${errors.detail ? 'invalid' : ''}"
                aria-describedby=${errors.detail ? 'detail-error' : nothing}
              >
                <legend class="label">${this.t(bad ? 'badAspects' : 'goodAspects')}</legend>
                ${bad ? html`<p class="muted">${this.t('badHint')}</p>` : nothing} ${detailError}
                <div class="checks">
                  ${indicators.map(
                    (indicator, index) =>
                      html`<label class="check">
                        <input
                          type="checkbox"
                          id="aspect-${index}"
                          value=${indicator.code}
                          .checked=${draft.indicatorCodes.has(indicator.code)}
                          @change=${this.#onIndicator}
                        />
                        <span>${indicator.label}</span>
                      </label>`,
                  )}
                </div>
              </fieldset>`
            : nothing
        }
        <div class="field ${errors.text || (errors.detail && !indicators.length) ? 'invalid' : ''}">
          <label class="label" for="text">
            ${this.t('textLabel')}<span class="muted">${bad ? '' : this.t('optional')}</span>
          </label>
          <p id="text-hint" class="muted">${this.t('textHint', { max: form.maxTextLength })}</p>
          ${indicators.length ? nothing : detailError}
          ${errors.text ? this.#errorText('text-error', this.t(errors.text.key, errors.text)) : nothing}
          <textarea
            id="text"
            class="text"
            rows="4"
            aria-describedby=${textDescribedBy}
            aria-invalid=${errors.text || (errors.detail && !indicators.length) ? 'true' : 'false'}
            .value=${draft.text}
            @input=${this.#onText}
          ></textarea>
          <p class="counter ${left < 0 ? 'over' : ''}" aria-hidden="true">
            ${left < 0 ? this.t('over', { count: -left }) : this.t('remaining', { count: left })}
          </p>
          <p class="vh" role="status">${this.announcement}</p>
        </div>
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

  /** An inline message; the hidden 错误： tells screen-reader users it is one (GOV.UK error message). */
  #errorText(id: string, message: string): TemplateResult {
    return html`<p id=${id} class="error-text"><span class="vh">${this.t('errorPrefix')}</span>${message}</p>`;
  }

  #renderSummary(errors: DraftErrors, hasIndicators: boolean): TemplateResult {
    const entries: [string, string][] = [];
    if (errors.level) entries.push([`level-${this.#firstLevel()}`, this.t(errors.level)]);
    if (errors.detail) entries.push([hasIndicators ? 'aspect-0' : 'text', this.t(errors.detail)]);
    if (errors.text) entries.push(['text', this.t(errors.text.key, errors.text)]);
    return html`<div part="error-summary" class="summary" aria-labelledby="summary-title">
      <p id="summary-title" class="summary-title">${this.t('summaryTitle')}</p>
      <ul>
        ${entries.map(
          ([target, message]) =>
            html`<li>
              <a
                href="#${target}"
                @click=${(event: Event) => {
                  // In-page links cannot reach into a shadow root: move focus ourselves.
                  event.preventDefault();
                  this.renderRoot.querySelector<HTMLElement>(`#${target}`)?.focus();
                }}
                >${message}</a
              >
            </li>`,
        )}
      </ul>
    </div>`;
  }

  /** The radio that takes focus when the group is entered: the checked one, else the first. */
  #firstLevel(): number {
    return this.draft.level ?? Math.max(...(this.form?.levels.map((entry) => entry.level) ?? [5]));
  }

  // ---- loading and submitting ----

  #load(projectNo: string): void {
    this.#loading?.abort();
    const controller = (this.#loading = new AbortController());
    this.#loadedFor = projectNo;
    this.phase = 'loading';
    this.form = undefined;
    this.submitted = null;
    this.errors = null;
    this.sendError = '';
    this.announcement = '';
    this.draft = emptyDraft();
    this.#attempted = false;
    getBffClient()
      .get<EvaluationForm>(`/api/v1/evaluations/form?case=${encodeURIComponent(projectNo)}`, {
        signal: controller.signal,
      })
      .then(
        (form) => {
          if (controller !== this.#loading) return;
          this.form = form;
          this.#key = newIdempotencyKey();
          this.phase = 'ready';
        },
        (error: unknown) => {
          if (controller !== this.#loading || isAbort(error)) return;
          if (error instanceof BffError && error.status === 401) this.phase = 'signed-out';
          else if (error instanceof BffError && error.status === 404) {
            // An unknown case number reads as a refusal ("not found, check the number"), not as a failure.
            this.form = {
              projectNo,
              itemName: null,
              deptName: null,
              refusal: { code: 'not_found', message: error.message },
              assessNumber: 1,
              levels: [],
              detailRequiredAtOrBelow: 2,
              maxTextLength: 0,
              previous: null,
            };
            this.phase = 'ready';
          } else {
            this.#failure = error;
            this.reportError(error);
            this.phase = 'error';
          }
        },
      );
  }

  #onSubmit = (event: Event): void => {
    event.preventDefault();
    const form = this.form;
    // A second click while the first request is out sends nothing: the first answer settles both.
    if (this.sending || !form || this.submitted) return;
    this.#attempted = true;
    this.errors = validateDraft(form, this.draft);
    if (this.errors) {
      this.#focusFirstError(this.errors);
      return;
    }
    void this.#send(form);
  };

  #focusFirstError(errors: DraftErrors): void {
    // WCAG 3.3.1: focus goes to the first field in error; its message is read with it (aria-describedby).
    const hasIndicators = !!this.renderRoot.querySelector('#aspect-0');
    this.#pendingFocus = errors.level
      ? `#level-${this.#firstLevel()}`
      : errors.detail && hasIndicators
        ? '#aspect-0'
        : '#text';
    this.requestUpdate();
  }

  async #send(form: EvaluationForm): Promise<void> {
    const { level, indicatorCodes, text } = this.draft;
    if (level === null) return;
    const offered = new Set(indicatorsFor(form, level).map((indicator) => indicator.code));
    const trimmed = text.trim();
    const body: EvaluationSubmission = {
      projectNo: form.projectNo,
      level,
      indicatorCodes: [...indicatorCodes].filter((code) => offered.has(code)),
      ...(trimmed ? { text: trimmed } : {}),
      idempotencyKey: this.#key,
    };
    this.sending = true;
    this.sendError = '';
    try {
      const result = await getBffClient().post<MyEvaluation>('/api/v1/evaluations', body);
      if (this.form !== form) return;
      this.submitted = result;
      this.#pendingFocus = '#done-title';
      const detail: GovEvaluateSubmittedDetail = {
        projectNo: form.projectNo,
        id: result.id,
        level: result.level,
        assessNumber: result.assessNumber,
      };
      this.emit('gov-evaluate-submitted', detail);
    } catch (error) {
      if (this.form !== form) return;
      const code = error instanceof BffError ? error.code : '';
      if (error instanceof BffError && error.status === 401) this.phase = 'signed-out';
      else if (isRefusal(code)) {
        this.form = { ...form, refusal: { code, message: (error as BffError).message } };
        this.#pendingFocus = '#title';
      } else {
        // Rate limits, a rule the form did not know (invalid_evaluation), the network: the BFF's words, and the
        // same key on the next attempt.
        this.sendError = this.t('sendFailed', { message: localizeError(error, this.locale).replace(/[。.]$/, '') });
        this.reportError(error);
      }
    } finally {
      this.sending = false;
    }
  }

  // ---- input ----

  #choose(level: SatisfactionLevel, focus: boolean): void {
    const form = this.form;
    if (!form) return;
    // Ticks carry over to the new level where it offers the same indicator.
    const offered = new Set(indicatorsFor(form, level).map((indicator) => indicator.code));
    const codes = new Set([...this.draft.indicatorCodes].filter((code) => offered.has(code)));
    this.#change({ ...this.draft, level, indicatorCodes: codes });
    if (focus) this.#pendingFocus = `#level-${level}`;
  }

  #onLevelKey(event: KeyboardEvent, levels: EvaluationForm['levels'], index: number): void {
    const step = STEPS[event.key];
    if (event.key === ' ') {
      event.preventDefault();
      this.#choose((levels[index] as EvaluationForm['levels'][number]).level, true);
    } else if (step) {
      event.preventDefault();
      const next = levels[(index + step + levels.length) % levels.length] as EvaluationForm['levels'][number];
      this.#choose(next.level, true);
    }
  }

  #onIndicator = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const codes = new Set(this.draft.indicatorCodes);
    if (input.checked) codes.add(input.value);
    else codes.delete(input.value);
    this.#change({ ...this.draft, indicatorCodes: codes });
  };

  #onText = (event: Event): void => {
    this.#change({ ...this.draft, text: (event.target as HTMLTextAreaElement).value });
    // GOV.UK's character count: announce after typing pauses, and only near (or past) the limit.
    clearTimeout(this.#announceTimer);
    this.#announceTimer = setTimeout(() => {
      const max = this.form?.maxTextLength ?? 0;
      const left = max - textLength(this.draft.text.trim());
      this.announcement =
        left < 0
          ? this.t('over', { count: -left })
          : left <= announceWithin(max)
            ? this.t('remaining', { count: left })
            : '';
    }, 700);
  };

  #change(draft: EvaluationDraft): void {
    this.draft = draft;
    // Once the user has tried to submit, messages go away as soon as their problem is fixed.
    if (this.#attempted && this.form) this.errors = validateDraft(this.form, draft);
  }

  // ---- dialog ----

  #onOwnCase = (event: Event): void => {
    const projectNo = (event as CustomEvent<EvaluateRequestDetail | null>).detail?.projectNo;
    if (this.dialogOpen || !this.case || projectNo !== this.case) return;
    event.preventDefault();
    this.open(this.case);
  };

  #onAnyCase = (event: Event): void => {
    const projectNo = (event as CustomEvent<EvaluateRequestDetail | null>).detail?.projectNo;
    if (this.dialogOpen || this.case || event.defaultPrevented || typeof projectNo !== 'string' || !projectNo) return;
    event.preventDefault();
    this.open(projectNo);
  };

  #closeDialog = (): void => {
    this.renderRoot.querySelector('dialog')?.close();
  };

  /** Escape (the dialog's cancel), 关闭, or close(): back to the page, focus back where it came from. */
  #onDialogClose = (): void => {
    this.dialogOpen = false;
    // The page's own case again, if the dialog showed another (its attribute changed meanwhile).
    if (this.case && this.case !== this.#loadedFor) this.#load(this.case);
    const invoker = this.#invoker;
    this.#invoker = null;
    if (invoker?.isConnected) invoker.focus();
  };

  /**
   * A modal dialog makes the page inert, but Tab can still leave it for the browser's own controls; keep it
   * cycling inside, as the APG dialog pattern asks.
   */
  #trapFocus = (event: KeyboardEvent): void => {
    if (event.key !== 'Tab') return;
    const dialog = event.currentTarget as HTMLDialogElement;
    const tabbable = [
      ...dialog.querySelectorAll<HTMLElement>('a[href], button, input, textarea, [tabindex="0"]'),
    ].filter((element) => element.getClientRects().length > 0);
    const first = tabbable[0];
    const last = tabbable[tabbable.length - 1];
    const active = (this.renderRoot as ShadowRoot).activeElement;
    if (!first || !last) return;
    if (event.shiftKey && (active === first || active === dialog)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  };
}
