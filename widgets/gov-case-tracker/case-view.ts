import { html, nothing, type TemplateResult } from 'lit';
import type {
  CaseDetail,
  CaseLookupResponse,
  CaseStatus,
  CaseSummary,
  CaseTimelineEntry,
} from '../../bff/api/contracts/cases.js';
import type { Locale, MessageParams } from '../runtime/i18n.js';

/** What the case views need from their element: strings, the heading level of their sections, the locale. */
export interface CaseViewContext {
  t(key: string, params?: MessageParams): string;
  level: number;
  locale: Locale;
}

/**
 * A case as the owner sees it, or as the anonymous lookup does (no applicant, no materials). The BFF adds two
 * fields for owners beyond the contract: the applicant type's label and the 查询码 they may share with others.
 */
export type ShownCase = CaseLookupResponse &
  Partial<Pick<CaseDetail, 'applicantNameMasked' | 'materials'>> & {
    applicantTypeLabel?: string | null;
    queryCode?: string;
  };

/** The badge's tone; the label is always written out, so colour never carries the meaning alone. */
const TONES: Record<CaseStatus, string> = {
  applied: 'progress',
  accepted: 'progress',
  in_review: 'progress',
  special_procedure: 'progress',
  returned: 'action',
  approved: 'done',
  completed: 'done',
  denied: 'stop',
  not_accepted: 'stop',
  voided: 'stop',
};

/**
 * Dates in Beijing time whatever the visitor's clock says: promised dates and step times are the department's,
 * and a resident abroad (or a test machine in UTC) must see the date on the acceptance notice.
 */
export function formatDate(ctx: CaseViewContext, iso: string | null, withTime = false): string {
  const date = iso ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(ctx.locale, {
    dateStyle: 'medium',
    ...(withTime ? { timeStyle: 'short' } : {}),
    timeZone: 'Asia/Shanghai',
  }).format(date);
}

export function statusBadge(entry: Pick<CaseSummary, 'status' | 'statusLabel'>): TemplateResult {
  return html`<span part="badge" class="badge ${TONES[entry.status] ?? 'progress'}">${entry.statusLabel}</span>`;
}

/** The overdue warning, or the promised date while the case is open. */
function promise(ctx: CaseViewContext, entry: ShownCase | CaseSummary): TemplateResult | typeof nothing {
  if (entry.overdue)
    return html`<p class="warn"><strong>${ctx.t('overdue')}</strong>（${formatDate(ctx, entry.promisedAt)}）</p>`;
  return entry.promisedAt && !entry.completedAt
    ? html`<p class="muted">${ctx.t('promised', { date: formatDate(ctx, entry.promisedAt) })}</p>`
    : nothing;
}

/** One entry of the list; `href` opens its detail. */
export function renderCaseItem(ctx: CaseViewContext, entry: CaseSummary, href: string): TemplateResult {
  return html`<li part="case" class="case">
    <div role="heading" aria-level=${ctx.level} class="case-title">
      <a href=${href} data-nav data-no=${entry.projectNo}>${entry.itemName}</a>
    </div>
    <p class="line">
      ${statusBadge(entry)}
      ${entry.needsAction ? html`<span class="badge action">${ctx.t('needsAction')}</span>` : nothing}
      <span class="muted">${ctx.t('caseNo')} ${entry.projectNo}</span>
    </p>
    <p class="muted">
      ${[entry.deptName, `${ctx.t('appliedAt')} ${formatDate(ctx, entry.appliedAt)}`].filter(Boolean).join(' · ')}
    </p>
    ${promise(ctx, entry)}
  </li>`;
}

function fact(label: string, value: unknown): TemplateResult | typeof nothing {
  return value === null || value === undefined || value === ''
    ? nothing
    : html`<div class="fact">
        <dt>${label}</dt>
        <dd>${value}</dd>
      </div>`;
}

function section(ctx: CaseViewContext, id: string, body: unknown): TemplateResult {
  return html`<section class="section" aria-labelledby="s-${id}">
    <div role="heading" aria-level=${ctx.level} class="section-title" id="s-${id}">${ctx.t(id)}</div>
    ${body}
  </section>`;
}

function renderStep(ctx: CaseViewContext, step: CaseTimelineEntry): TemplateResult {
  // A step that has begun and not ended is where the case stands now.
  const current = step.kind !== 'result' && !!step.at && !step.endedAt;
  return html`<li class="step ${step.kind} ${current ? 'current' : ''}">
    <div class="step-title">
      ${step.title}${
        // 受理 · 受理 says nothing twice: the action shows when it adds to the step's name.
        step.actionLabel && step.actionLabel !== step.title
          ? html`<span class="action-label">· ${step.actionLabel}</span>`
          : nothing
      }
      ${current ? html`<span class="badge progress">${ctx.t('current')}</span>` : nothing}
    </div>
    <p class="muted">${[formatDate(ctx, step.at, true), step.handlerRole].filter(Boolean).join(' · ')}</p>
    ${step.opinion ? html`<p>${step.opinion}</p>` : nothing}
  </li>`;
}

/** Status, facts, the timeline as an ordered list, the result and the materials. */
export function renderCaseBody(ctx: CaseViewContext, entry: ShownCase): TemplateResult {
  const { result, materials } = entry;
  return html`<p class="line">${statusBadge(entry)}</p>
    ${promise(ctx, entry)}
    <dl class="facts">
      ${fact(ctx.t('caseNo'), entry.projectNo)} ${fact(ctx.t('dept'), entry.deptName)}
      ${fact(ctx.t('applicant'), entry.applicantNameMasked)} ${fact(ctx.t('applicantType'), entry.applicantTypeLabel)}
      ${fact(ctx.t('appliedAt'), formatDate(ctx, entry.appliedAt, true))}
      ${fact(ctx.t('acceptedAt'), formatDate(ctx, entry.acceptedAt, true))}
      ${fact(ctx.t('promisedAt'), formatDate(ctx, entry.promisedAt))}
      ${fact(ctx.t('completedAt'), formatDate(ctx, entry.completedAt, true))}
      ${fact(ctx.t('queryCode'), entry.queryCode)}
    </dl>
    ${entry.summary ? html`<p>${entry.summary}</p>` : nothing}
    ${section(
      ctx,
      'timeline',
      entry.timeline.length
        ? html`<ol part="timeline" class="timeline">
            ${entry.timeline.map((step) => renderStep(ctx, step))}
          </ol>`
        : html`<p class="muted">${ctx.t('noTimeline')}</p>`,
    )}
    ${
      result
        ? section(
            ctx,
            'result',
            html`<dl class="facts">
                ${fact(ctx.t('decision'), result.typeLabel)} ${fact(ctx.t('certificate'), result.certificateName)}
                ${fact(ctx.t('certificateNo'), result.certificateNo)}
                ${fact(
                  ctx.t('delivery'),
                  result.delivery === null ? null : ctx.t(result.delivery ? 'deliveryYes' : 'deliveryNo'),
                )}
              </dl>
              ${result.description ? html`<p>${result.description}</p>` : nothing}`,
          )
        : nothing
    }
    ${
      materials?.length
        ? section(
            ctx,
            'materials',
            html`<ul class="materials">
              ${materials.map(
                (material) =>
                  html`<li>
                    ${material.name}
                    <span class="muted">
                      ${
                        material.receivedCount === null
                          ? ''
                          : material.receivedCount > 0
                            ? ctx.t('received', { count: material.receivedCount })
                            : ctx.t('notReceived')
                      }
                    </span>
                  </li>`,
              )}
            </ul>`,
          )
        : nothing
    }`;
}
