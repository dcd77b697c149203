/**
 * JSON shapes of 信息推送 (issue 9): the inbox's SSE events, site announcements and recommendations
 * (猜你想办). Produced by bff/api/me (notices), bff/api/announcements and bff/api/recommendations;
 * consumed by `<gov-notices>` and `<gov-recommend>` with `import type`. The inbox list itself is
 * `NoticeListResponse` in ./cases.ts.
 */
import type { NoticeItem } from './cases.js';

/**
 * Notice kinds (NoticeItem.kind): every producer writes one of these.
 *   case_progress          the sync brought a new step, special procedure or result (link: the case)
 *   evaluation_invitation  a finished case may be rated
 *   reply                  a consultation/complaint got a reply or changed status (link: the ticket)
 *   rectification          a 差评's 整改 or 回访 result arrived (link: my evaluations)
 *   announcement           a site announcement pushed by the service management platform
 */
export type NoticeKind = 'case_progress' | 'evaluation_invitation' | 'reply' | 'rectification' | 'announcement';

/**
 * SSE events on the user's stream:
 *   `notice`        data: NoticeEvent — a new notice for this user (any kind), to toast and count
 *   `notices-read`  data: { unread } — another tab marked notices read
 * and on every stream (no user):
 *   `announcement`  data: AnnouncementEvent — a new site announcement; signed-in inboxes re-fetch
 */
export type NoticeEvent = NoticeItem & { projectNo?: string; trackingNo?: string };

export interface Announcement {
  id: string;
  title: string;
  /** Plain text. */
  body: string;
  /** 发布单位. */
  publisher: string | null;
  /** 12-digit area code the announcement is for; null = the whole province. */
  regionCode: string | null;
  /** A same-site path or #fragment, else null (never an external URL from data). */
  link: string | null;
  publishedAt: string;
  /** null = no end. */
  expiresAt: string | null;
}

/** `GET /api/v1/announcements?region=&limit=` (public): the current ones, newest first. */
export interface AnnouncementListResponse {
  announcements: Announcement[];
}

export interface AnnouncementEvent {
  id: string;
  title: string;
  regionCode: string | null;
}

// ── Recommendations (猜你想办) ─────────────────────────────────────────────────────────────────────

export type RecommendationReason =
  | 'life_event' // 生活事件: 出生登记 → 新生儿医保参保 …
  | 'sequence' // 办过 X 的人，90 天内常接着办 Y
  | 'history' // from my own views and searches (consented)
  | 'popular'; // popular in this region or department

export interface Recommendation {
  itemCode: string;
  itemName: string;
  deptName: string | null;
  reason: RecommendationReason;
  /** Plain Chinese: “您办理了出生医学证明，通常接着办理：新生儿医保参保”. */
  reasonLabel: string;
}

/** `GET /api/v1/recommendations?region=&dept=&limit=` (anyone; personal only when signed in and consented). */
export interface RecommendationResponse {
  recommendations: Recommendation[];
  /** anonymous: popularity only; personal: signed in with consent; basic: signed in without consent. */
  mode: 'anonymous' | 'personal' | 'basic';
  /** Signed-in users only; null for anonymous. */
  consent: boolean | null;
}

/** `GET /api/v1/recommendations/consent` and `POST` (or `PUT`) the same body (signed in). */
export interface RecommendationConsent {
  consent: boolean;
  /** Days an activity record is kept. */
  retentionDays: number;
  updatedAt: string | null;
}

/** `POST /api/v1/recommendations/activity` (signed in; ignored with 204 without consent). */
export interface ActivityInput {
  kind: 'view' | 'search';
  /** For view: the item's 实施编码. */
  itemCode?: string;
  /** For search: the query text (≤ 50 characters; ID numbers and mobiles masked before storing). */
  query?: string;
}

/** `GET /api/v1/recommendations/activity` (signed in): everything kept about me; `DELETE` removes all of it. */
export interface ActivityRecord {
  id: string;
  kind: 'view' | 'search';
  itemCode: string | null;
  itemName: string | null;
  query: string | null;
  at: string;
}

export interface ActivityListResponse {
  activity: ActivityRecord[];
  retentionDays: number;
}
