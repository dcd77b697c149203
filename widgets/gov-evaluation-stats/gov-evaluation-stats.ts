import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import type { EvaluationStatsResponse } from '../../bff/api/contracts/evaluations.js';
import { getBffClient, GovElement, localizeError } from '../runtime/index.js';
import { evaluationStatsStyles } from './gov-evaluation-stats.styles.js';
import { evaluationStatsStrings } from './gov-evaluation-stats.strings.js';
import { periodRange } from './period.js';

export type GovEvaluationStatsStatus = 'loading' | 'results' | 'empty' | 'error';
export type EvaluationStatsGroup = 'dept' | 'region' | 'item' | 'month';

/** Detail of `gov-evaluation-stats-changed`. */
export interface GovEvaluationStatsChangedDetail {
  status: GovEvaluationStatsStatus;
  group: EvaluationStatsGroup;
  total: number;
}

const GROUPS: readonly EvaluationStatsGroup[] = ['dept', 'region', 'item', 'month'];
const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/**
 * 好差评公示: the public statistics of service ratings as government sites publish them — the number of ratings,
 * 满意率 and 差评整改率 for a department, a region or an item over a period, the count of each of the five levels
 * as a bar chart, and a ranking by department, region or item, or a trend by month (the visitor picks which).
 *
 * The level chart is a data table whose share column also draws a bar: screen readers read the table (level,
 * number, share), the bars are hidden from them, and nothing is told by colour alone. Changing the grouping keeps
 * the old figures on screen until the new ones arrive and announces the result politely.
 *
 * @tag gov-evaluation-stats
 * @summary Public 好差评 statistics: satisfaction rate, counts per level, groups.
 *
 * @attr dept - only this department (统一社会信用代码); its own grouping is then not offered
 * @attr region - only this region and below (6- or 12-digit area code)
 * @attr item - only this item (实施编码)
 * @attr period - `2026`, `2026-Q3`, `2026-10`, a day, or a range such as `2026-01/2026-06`; default the last
 *   twelve months
 * @attr group - the grouping shown first: `dept`, `region`, `item` or `month` (default `dept`, or `item` when
 *   `dept` is set); the visitor can change it
 * @attr heading-level - level of the widget's heading (default 2)
 * @attr lang - `zh-CN` (default) or `en`; else the closest ancestor's `lang`
 * @attr elder - 适老化 mode (also on when `<html data-gov-elder>`)
 *
 * @slot - Fallback content (e.g. a link to the site's 好差评公示 page), shown only until the element upgrades
 *
 * @fires gov-evaluation-stats-changed - `{ status, group, total }` whenever what is shown changes: `status` is
 *   `loading`, `results`, `empty` or `error`
 * @fires gov-ready - once, after the first render
 * @fires gov-error - `{ code, message }` when the BFF cannot answer (e.g. `service_unavailable`)
 *
 * @csspart figures - the headline figures (total, 满意率, 差评整改率)
 * @csspart table - the tables (per level, per group)
 * @csspart bar - one bar of the level chart
 * @csspart status - the polite live region saying what was loaded
 * @csspart button - 重试
 *
 * @cssprop --gov-evaluation-stats-bar-color - colour of the bars (default the primary colour)
 */
export class GovEvaluationStats extends GovElement {
  /** Keep in step with package.json. */
  static override version = '0.1.0';
  static override strings = evaluationStatsStrings;
  static override styles = [GovElement.styles, evaluationStatsStyles];
  static override properties: PropertyDeclarations = {
    dept: { type: String },
    region: { type: String },
    item: { type: String },
    period: { type: String },
    group: { type: String },
    headingLevel: { type: Number, attribute: 'heading-level' },
    chosen: { state: true },
    status: { state: true },
    answer: { state: true },
  };

  declare dept: string | undefined;
  declare region: string | undefined;
  declare item: string | undefined;
  declare period: string | undefined;
  declare group: string | undefined;
  declare headingLevel: number;
  /** @internal the grouping the visitor picked */
  declare protected chosen: EvaluationStatsGroup | undefined;
  /** @internal */
  declare status: GovEvaluationStatsStatus;
  /** @internal the last answer (kept on screen, dimmed, while the next loads) */
  declare protected answer: EvaluationStatsResponse | undefined;

  #failure: unknown;
  #loading: AbortController | undefined;
  #lastChange = '';

  constructor() {
    super();
    this.headingLevel = 2;
    this.status = 'loading';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#loading?.abort();
    this.#loading = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-attached (accessibility toolbars move page content) after an aborted load: ask again.
    if (this.hasUpdated && this.status === 'loading' && !this.#loading) this.#load();
  }

  /** Groupings worth offering: not the one a filter already fixes (one department has one department). */
  get #groups(): EvaluationStatsGroup[] {
    return GROUPS.filter(
      (group) => !(group === 'dept' && (this.dept || this.item)) && !(group === 'item' && this.item),
    );
  }

  /** The grouping in effect. */
  get currentGroup(): EvaluationStatsGroup {
    const offered = this.#groups;
    const wanted = this.chosen ?? (this.group as EvaluationStatsGroup | undefined) ?? (this.dept ? 'item' : 'dept');
    return offered.includes(wanted) ? wanted : (offered[0] as EvaluationStatsGroup);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const inputs = ['dept', 'region', 'item', 'period', 'group', 'chosen'] as const;
    // The first update loads even with no attribute at all (the whole platform, the last twelve months).
    if (!this.hasUpdated || inputs.some((key) => (changed as Map<string, unknown>).has(key))) this.#load();
  }

  #load(): void {
    this.#loading?.abort();
    const controller = (this.#loading = new AbortController());
    const params = new URLSearchParams({ group: this.currentGroup });
    for (const key of ['dept', 'region', 'item'] as const) if (this[key]) params.set(key, this[key] as string);
    const range = periodRange(this.period);
    if (range) {
      params.set('from', range.from);
      params.set('to', range.to);
    }
    this.status = 'loading';
    getBffClient()
      .get<EvaluationStatsResponse>(`/api/v1/evaluation-stats?${params}`, { signal: controller.signal })
      .then(
        (answer) => {
          if (controller !== this.#loading) return;
          this.answer = answer;
          this.status = answer.total ? 'results' : 'empty';
          this.#loading = undefined;
        },
        (error: unknown) => {
          if (controller !== this.#loading || isAbort(error)) return;
          this.#failure = error;
          this.reportError(error);
          this.status = 'error';
          this.#loading = undefined;
        },
      );
  }

  override updated(): void {
    const detail: GovEvaluationStatsChangedDetail = {
      status: this.status,
      group: this.currentGroup,
      total: this.status === 'results' ? (this.answer?.total ?? 0) : 0,
    };
    const key = JSON.stringify(detail);
    if (key !== this.#lastChange) {
      this.#lastChange = key;
      this.emit('gov-evaluation-stats-changed', detail);
    }
  }

  // ---- formatting ----

  #percent(value: number | null): string {
    return value === null
      ? this.t('none')
      : new Intl.NumberFormat(this.locale, {
          style: 'percent',
          minimumFractionDigits: 1,
          maximumFractionDigits: 1,
        }).format(value);
  }

  #number(value: number): string {
    return new Intl.NumberFormat(this.locale).format(value);
  }

  #day(day: string): string {
    const date = new Date(`${day}T00:00:00Z`);
    return Number.isNaN(date.getTime())
      ? day
      : new Intl.DateTimeFormat(this.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
  }

  // ---- views ----

  // No <slot>: the light-DOM fallback stops rendering the moment the shadow root exists.
  override render(): TemplateResult {
    const { status, answer } = this;
    const level = Math.min(Math.max(Math.round(this.headingLevel) || 2, 1), 5);
    const statusText =
      status === 'loading'
        ? this.t('loading')
        : status === 'error'
          ? localizeError(this.#failure, this.locale)
          : status === 'empty'
            ? this.t('empty')
            : this.t('loaded', {
                total: this.#number(answer?.total ?? 0),
                rate: this.#percent(answer?.satisfactionRate ?? null),
              });
    // While a new grouping loads, the previous figures stay (dimmed): the page does not jump under the reader.
    const shown = status === 'error' ? undefined : answer;
    return html`<section class="root" aria-labelledby="title" aria-busy=${status === 'loading' ? 'true' : 'false'}>
      <div role="heading" aria-level=${level} id="title" class="title">${this.t('title')}</div>
      ${shown ? html`<p class="muted">${this.t('period', { from: this.#day(shown.period.from), to: this.#day(shown.period.to) })}</p>` : nothing}
      <p part="status" class="vh" role="status">${statusText}</p>
      ${
        status === 'error'
          ? html`<div class="problem">
              <p>${statusText}</p>
              <button type="button" part="button" class="button" @click=${() => this.#load()}>
                ${this.t('retry')}
              </button>
            </div>`
          : !shown
            ? html`<div class="skeleton" aria-hidden="true"></div>`
            : status === 'empty'
              ? html`<p class="problem">${this.t('empty')}</p>`
              : html`<div class="content ${status === 'loading' ? 'stale' : ''}">
                  ${this.#renderFigures(shown)} ${this.#renderLevels(shown)} ${this.#renderGroups(shown)}
                </div>`
      }
    </section>`;
  }

  #renderFigures(answer: EvaluationStatsResponse): TemplateResult {
    return html`<dl part="figures" class="figures">
        <div class="figure">
          <dt>${this.t('total')}</dt>
          <dd>${this.t('unit', { count: this.#number(answer.total) })}</dd>
        </div>
        <div class="figure">
          <dt>${this.t('rate')}</dt>
          <dd>${this.#percent(answer.satisfactionRate)}</dd>
        </div>
        <div class="figure">
          <dt>${this.t('rectificationRate')}</dt>
          <dd>${this.#percent(answer.rectificationRate)}</dd>
        </div>
      </dl>
      <p class="muted">${this.t('rateNote')}</p>`;
  }

  #renderLevels(answer: EvaluationStatsResponse): TemplateResult {
    const levels = [...answer.byLevel].sort((a, b) => b.level - a.level);
    return html`<table part="table" class="table levels">
      <caption>
        ${this.t('byLevel')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${this.t('level')}</th>
          <th scope="col" class="num">${this.t('count')}</th>
          <th scope="col" class="share">${this.t('share')}</th>
        </tr>
      </thead>
      <tbody>
        ${levels.map((entry) => {
          const share = answer.total ? entry.count / answer.total : 0;
          return html`<tr data-level=${entry.level}>
            <th scope="row">${entry.label}</th>
            <td class="num">${this.#number(entry.count)}</td>
            <td class="share">
              <span class="pct">${this.#percent(share)}</span>
              <svg
                part="bar"
                class="bar"
                viewBox="0 0 100 10"
                preserveAspectRatio="none"
                aria-hidden="true"
                focusable="false"
              >
                <rect class="track" width="100" height="10" />
                <rect class="fill" width=${(share * 100).toFixed(2)} height="10" />
              </svg>
            </td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }

  #renderGroups(answer: EvaluationStatsResponse): TemplateResult {
    const group = this.currentGroup;
    const offered = this.#groups;
    return html`<div class="groups">
      ${
        offered.length > 1
          ? html`<div class="group-by">
              <label for="group">${this.t('groupBy')}</label>
              <select id="group" class="select" @change=${this.#onGroup}>
                ${offered.map(
                  (entry) =>
                    html`<option value=${entry} ?selected=${entry === group}>${this.t(`by-${entry}`)}</option>`,
                )}
              </select>
            </div>`
          : nothing
      }
      <table part="table" class="table">
        <caption>
          ${this.t(`caption-${group}`)}
        </caption>
        <thead>
          <tr>
            <th scope="col">${this.t(group)}</th>
            <th scope="col" class="num">${this.t('groupTotal')}</th>
            <th scope="col" class="num">${this.t('rate')}</th>
            <th scope="col" class="num">${this.t('negative')}</th>
          </tr>
        </thead>
        <tbody>
          ${answer.groups.map(
            (entry) =>
              html`<tr>
                <th scope="row">${entry.label}</th>
                <td class="num">${this.#number(entry.total)}</td>
                <td class="num">${this.#percent(entry.satisfactionRate)}</td>
                <td class="num">${this.#number(entry.negative)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  #onGroup = (event: Event): void => {
    this.chosen = (event.target as HTMLSelectElement).value as EvaluationStatsGroup;
  };
}
