import { html, nothing, type TemplateResult } from 'lit';
import type {
  MyConsultationSummary,
  MyEvaluationSummary,
  MyProfile,
  NoticeItem,
} from '../../bff/api/contracts/cases.js';
import type { Locale, MessageParams } from '../runtime/i18n.js';

/** What the section views need from their element. */
export interface SectionContext {
  t(key: string, params?: MessageParams): string;
  /** aria-level of an entry's title. */
  level: number;
  locale: Locale;
  /** `complaint-href`: where a 差评 becomes a 投诉, `{evaluationId}` replaced. */
  complaintHref?: string | undefined;
}

/** Dates in Beijing time, as the departments record them (a resident abroad sees the dates on their papers). */
function date(ctx: SectionContext, iso: string | null, withTime = false): string {
  // A bare date (2026-11-26) is a calendar day in Beijing, not UTC midnight.
  const value = iso ? new Date(/^\d{4}-\d\d-\d\d$/.test(iso) ? `${iso}T12:00:00+08:00` : iso) : null;
  if (!value || Number.isNaN(value.getTime())) return '';
  return new Intl.DateTimeFormat(ctx.locale, {
    dateStyle: 'medium',
    ...(withTime ? { timeStyle: 'short' } : {}),
    timeZone: 'Asia/Shanghai',
  }).format(value);
}

function title(ctx: SectionContext, text: string, id?: string): TemplateResult {
  return html`<div
    role="heading"
    aria-level=${ctx.level}
    class="entry-title"
    id=${id ?? nothing}
    tabindex=${id ? '-1' : nothing}
  >
    ${text}
  </div>`;
}

const muted = (parts: (string | null | false)[]) => html`<p class="muted">${parts.filter(Boolean).join(' · ')}</p>`;

export function renderEvaluations(ctx: SectionContext, entries: readonly MyEvaluationSummary[]): TemplateResult {
  return html`<ul part="list" class="entries">
    ${entries.map(
      (entry) =>
        html`<li part="entry" class="entry">
          ${title(ctx, entry.itemName ?? ctx.t('caseNo', { no: entry.projectNo }))}
          <p class="line">
            <span class="badge ${entry.level <= 2 ? 'bad' : 'good'}"
              >${ctx.t('level', { label: entry.levelLabel })}</span
            >
            ${
              entry.rectificationLabel
                ? html`<span class="badge">${ctx.t('rectification', { label: entry.rectificationLabel })}</span>`
                : nothing
            }
          </p>
          ${entry.text ? html`<p>${entry.text}</p>` : nothing}
          ${muted([ctx.t('caseNo', { no: entry.projectNo }), ctx.t('evaluatedAt', { date: date(ctx, entry.evaluatedAt) })])}
          ${
            ctx.complaintHref && entry.level <= 2
              ? html`<p>
                  <a
                    part="button"
                    class="button"
                    href=${ctx.complaintHref.replaceAll('{evaluationId}', encodeURIComponent(entry.id))}
                    >${ctx.t('complain')}<span class="vh"
                      >${ctx.t('complainAbout', {
                        name: entry.itemName ?? entry.projectNo,
                      })}</span
                    ></a
                  >
                </p>`
              : nothing
          }
        </li>`,
    )}
  </ul>`;
}

export function renderConsultations(ctx: SectionContext, entries: readonly MyConsultationSummary[]): TemplateResult {
  return html`<ul part="list" class="entries">
    ${entries.map(
      (entry) =>
        html`<li part="entry" class="entry">
          ${title(ctx, entry.title)}
          <p class="line">
            <span class="badge">${entry.kindLabel}</span>
            <span class="badge ${entry.repliedAt ? 'good' : ''}">${entry.statusLabel}</span>
          </p>
          ${muted([
            ctx.t('trackingNo', { no: entry.trackingNo }),
            ctx.t('createdAt', { date: date(ctx, entry.createdAt) }),
            entry.repliedAt
              ? ctx.t('repliedAt', { date: date(ctx, entry.repliedAt) })
              : !!entry.promisedReplyDate && ctx.t('promisedReply', { date: date(ctx, entry.promisedReplyDate) }),
          ])}
        </li>`,
    )}
  </ul>`;
}

/** A notice's link when it stays on this site; the contract promises that, but data is checked, not trusted. */
export function sameSiteLink(link: string | null): string | null {
  if (!link) return null;
  try {
    const url = new URL(link, location.href);
    return url.origin === location.origin ? url.href : null;
  } catch {
    return null;
  }
}

export function renderNotices(
  ctx: SectionContext,
  notices: readonly NoticeItem[],
  markRead: (notice: NoticeItem) => void,
  busy: ReadonlySet<string>,
): TemplateResult {
  return html`<ul part="list" class="entries">
    ${notices.map((notice) => {
      const link = sameSiteLink(notice.link);
      return html`<li part="entry" class="entry ${notice.read ? '' : 'unread'}">
        <div class="line">
          ${notice.read ? nothing : html`<span class="badge bad">${ctx.t('unread')}</span>`}
          ${title(ctx, notice.title, `n-${notice.id}`)}
        </div>
        ${notice.body ? html`<p>${notice.body}</p>` : nothing} ${muted([date(ctx, notice.createdAt, true)])}
        <p class="actions">
          ${link ? html`<a part="button" class="button" href=${link}>${ctx.t('open')}</a>` : nothing}
          ${
            notice.read
              ? nothing
              : html`<button
                  type="button"
                  part="button"
                  class="button"
                  aria-disabled=${busy.has(notice.id) ? 'true' : 'false'}
                  aria-describedby="n-${notice.id}"
                  @click=${() => markRead(notice)}
                >
                  ${ctx.t('markRead')}
                </button>`
          }
        </p>
      </li>`;
    })}
  </ul>`;
}

function fact(label: string, value: string | null): TemplateResult | typeof nothing {
  return value
    ? html`<div class="fact">
        <dt>${label}</dt>
        <dd>${value}</dd>
      </div>`
    : nothing;
}

/** Only web addresses become the 修改资料 link (a configured URL, but `javascript:` must never be one). */
function webLink(url: string | null): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

export function renderProfile(ctx: SectionContext, profile: MyProfile): TemplateResult {
  const edit = webLink(profile.profileUrl);
  return html`<dl part="profile" class="facts">
      ${fact(ctx.t('name'), profile.displayName)} ${fact(ctx.t('userType'), ctx.t(profile.userType))}
      ${fact(ctx.t('realName'), profile.realNameLevelLabel)} ${fact(ctx.t('orgName'), profile.orgName)}
      ${fact(ctx.t('creditCode'), profile.creditCode)} ${fact(ctx.t('agent'), profile.agentName)}
      ${fact(ctx.t('idNumber'), profile.maskedId)} ${fact(ctx.t('mobile'), profile.maskedMobile)}
    </dl>
    <p class="muted">${ctx.t('profileNote')}</p>
    ${edit ? html`<p><a part="button" class="button" href=${edit}>${ctx.t('editProfile')}</a></p>` : nothing}`;
}
