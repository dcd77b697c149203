import { html, nothing, type TemplateResult } from 'lit';
import type { GuideMaterial, ItemGuide, ItemSummary } from '../../bff/api/contracts/items.js';
import type { MessageParams } from '../runtime/i18n.js';

/** What the guide needs from its element: strings, the heading level of the guide's sections, the locale. */
export interface GuideContext {
  t(key: string, params?: MessageParams): string;
  /** aria-level of the section headings (one below the guide's title). */
  level: number;
  locale: string;
}

/** 零跑动 / 最多跑一次 / 到现场 n 次. */
export function visitsLabel(t: GuideContext['t'], visits: number | null): string | null {
  if (visits === null) return null;
  return visits <= 1 ? t(`visits${visits}`) : t('visitsN', { count: visits });
}

/** The list entry's tags: type, time limit, visits, online. */
export function itemTags(t: GuideContext['t'], item: ItemSummary): string[] {
  const tags = [
    item.taskTypeLabel,
    item.projectType === 'immediate' ? t('immediate') : t('promised', { label: item.promisedLimit.label }),
    visitsLabel(t, item.visits),
    item.online ? t('onlineTag') : null,
  ];
  return tags.filter((tag): tag is string => !!tag);
}

/**
 * Guide texts arrive as one string with numbered clauses ("1.…；2.…；"); a list reads far better, for
 * screen readers too (they announce the count). Text that is not numbered stays a paragraph.
 */
function clauses(text: string): TemplateResult {
  const parts = text
    .split(/(?:^|[；;。]\s*)\d+[.、．]\s*/)
    .map((part) => part.replace(/[；;]\s*$/, '').trim())
    .filter(Boolean);
  return parts.length > 1
    ? html`<ol class="clauses">
        ${parts.map((part) => html`<li>${part}</li>`)}
      </ol>`
    : html`<p>${text}</p>`;
}

function section(ctx: GuideContext, id: string, body: unknown): TemplateResult {
  return html`<section class="section" aria-labelledby="g-${id}">
    <div role="heading" aria-level=${ctx.level} class="section-title" id="g-${id}">${ctx.t(id)}</div>
    ${body}
  </section>`;
}

function fact(label: string, value: unknown): TemplateResult | typeof nothing {
  return value === null || value === undefined || value === ''
    ? nothing
    : html`<div class="fact">
        <dt>${label}</dt>
        <dd>${value}</dd>
      </div>`;
}

function phone(number: string | null): TemplateResult | null {
  return number ? html`<a href="tel:${number.replace(/[^\d+-]/g, '')}">${number}</a>` : null;
}

function material(ctx: GuideContext, entry: GuideMaterial): TemplateResult {
  const { t } = ctx;
  const meta = [
    entry.formatLabel,
    entry.paperCopies ? t('copies', { count: entry.paperCopies }) : null,
    entry.sourceChannelLabel,
  ];
  const label = entry.necessityLabel ?? (entry.necessity ? t(entry.necessity) : null);
  return html`<li class="material">
    <span class="material-name">${entry.name}</span>
    ${label ? html`<span class="necessity ${entry.necessity ?? ''}">${label}</span>` : nothing}
    <p class="muted">${meta.filter(Boolean).join(' · ')}</p>
    ${entry.notes ? html`<p class="note">${entry.notes}</p>` : nothing}
    ${
      entry.blankFormUrl || entry.sampleUrl
        ? html`<p class="links">
            ${
              entry.blankFormUrl
                ? html`<a href=${entry.blankFormUrl}>${t('blankForm')}<span class="vh">：${entry.name}</span></a>`
                : nothing
            }
            ${
              entry.sampleUrl
                ? html`<a href=${entry.sampleUrl}>${t('sample')}<span class="vh">：${entry.name}</span></a>`
                : nothing
            }
          </p>`
        : nothing
    }
  </li>`;
}

/** Everything below the guide's title: online link, facts, then one section per part of the guide. */
export function renderGuideBody(ctx: GuideContext, guide: ItemGuide): TemplateResult {
  const { t } = ctx;
  const date = guide.updatedAt ? new Date(guide.updatedAt) : null;
  return html`
    <p class="muted">${[guide.deptName, guide.regionName].filter(Boolean).join(' · ')}</p>
    ${
      guide.onlineUrl || guide.mobileUrl
        ? html`<p class="actions">
            ${
              guide.onlineUrl
                ? html`<a class="button primary" part="online-link" href=${guide.onlineUrl}
                    >${t('onlineLink')}${guide.onlineSso ? html`<span class="sso">${t('sso')}</span>` : nothing}</a
                  >`
                : nothing
            }
            ${guide.mobileUrl ? html`<a class="button" part="button" href=${guide.mobileUrl}>${t('mobileLink')}</a>` : nothing}
          </p>`
        : nothing
    }
    ${section(
      ctx,
      'basics',
      html`<dl class="facts">
        ${fact(t('deptName'), guide.deptName)} ${fact(t('type'), guide.taskTypeLabel)}
        ${fact(
          t('projectTypeLabel'),
          guide.projectType === 'immediate'
            ? t('immediate')
            : guide.projectType === 'promised'
              ? t('promisedType')
              : null,
        )}
        ${fact(t('statutoryLimit'), guide.statutoryLimit.label)} ${fact(t('promisedLimit'), guide.promisedLimit.label)}
        ${fact(t('visitsLabel'), visitsLabel(t, guide.visits))}
        ${fact(t('serviceObjects'), guide.serviceObjects.join('、'))}
      </dl>`,
    )}
    ${guide.conditions ? section(ctx, 'conditions', clauses(guide.conditions)) : nothing}
    ${
      guide.materials.length
        ? section(
            ctx,
            'materials',
            html`<ol class="materials">
              ${guide.materials.map((entry) => material(ctx, entry))}
            </ol>`,
          )
        : nothing
    }
    ${section(
      ctx,
      'fees',
      guide.free || guide.fees.length === 0
        ? html`<p>${t('free')}</p>`
        : html`<ul class="plain">
            ${guide.fees.map(
              (fee) =>
                html`<li>
                  ${fee.name}${fee.standard ? `：${fee.standard}` : ''}${fee.reducible ? `（${t('reducible')}）` : ''}
                  ${fee.legalBasis ? html`<p class="muted">${fee.legalBasis}</p>` : nothing}
                </li>`,
            )}
          </ul>`,
    )}
    ${
      guide.steps.length
        ? section(
            ctx,
            'steps',
            html`<ol class="steps">
              ${guide.steps.map(
                (step) =>
                  html`<li>
                    <strong>${step.name}</strong>${step.description ? html`<p>${step.description}</p>` : nothing}
                    <p class="muted">
                      ${[step.handlerRole, step.timeLimit ? t('stepLimit', { label: step.timeLimit }) : null]
                        .filter(Boolean)
                        .join(' · ')}
                    </p>
                  </li>`,
              )}
            </ol>`,
          )
        : nothing
    }
    ${section(
      ctx,
      'where',
      html`<dl class="facts">
        ${fact(t('place'), guide.place)} ${fact(t('hours'), guide.hours)}
        ${fact(t('consultPhone'), phone(guide.consultPhone))} ${fact(t('complaintPhone'), phone(guide.complaintPhone))}
      </dl>`,
    )}
    ${guide.legalBasis ? section(ctx, 'legalBasis', html`<p>${guide.legalBasis}</p>`) : nothing}
    ${
      guide.faqs.length
        ? section(
            ctx,
            'faqs',
            guide.faqs.map(
              (faq) =>
                html`<details class="faq">
                  <summary>${faq.question}</summary>
                  <p>${faq.answer}</p>
                </details>`,
            ),
          )
        : nothing
    }
    ${
      date && !Number.isNaN(date.getTime())
        ? html`<p class="muted">
            ${t('updated', { date: new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'long' }).format(date) })}
          </p>`
        : nothing
    }
  `;
}
