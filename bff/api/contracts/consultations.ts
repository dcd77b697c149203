/**
 * JSON shapes of 互动服务 (issue 8): the intelligent assistant (`/api/v1/assistant`, open to everyone)
 * and human tickets — 咨询, 投诉, 建议 (`/api/v1/consultations`, registered users). Produced by
 * bff/api/assistant and bff/api/consultations, consumed by `<gov-consult>` with `import type`.
 *
 * Every text field here is plain text: the BFF never sends HTML, and widgets render with Lit text
 * bindings, so ticket content that contains `<script>` stays visible characters.
 */
import type { MyConsultationSummary } from './cases.js';

// ── Assistant ──────────────────────────────────────────────────────────────────────────────────────

/** `POST /api/v1/assistant` body. */
export interface AssistantQuestion {
  /** 1–200 characters after trimming. */
  question: string;
  /** Pre-filter of a departmental page: 统一社会信用代码 of the department (optional). */
  dept?: string;
  /** 12-digit area code of a regional site (optional). */
  region?: string;
}

/** Where an answer came from; `itemCode` set for item FAQs and guides (the widget builds the link). */
export interface AssistantSource {
  kind: 'faq' | 'item_faq' | 'guide';
  /** The FAQ question or the item's name. */
  title: string;
  itemCode: string | null;
  /** A short plain-text excerpt of the matched passage. */
  excerpt: string;
}

export interface AssistantRelatedItem {
  code: string;
  name: string;
  deptName: string | null;
}

export interface AssistantAnswer {
  question: string;
  /**
   * answered: confident; uncertain: a best guess shown with a warning and the fallbacks;
   * unknown: nothing good enough found — no answer text, only the fallbacks.
   */
  status: 'answered' | 'uncertain' | 'unknown';
  /** Plain text; null when status is unknown. */
  answer: string | null;
  /** 0–1, comparable across questions (calibrated on the evaluation set). */
  confidence: number;
  /** 高 / 中 / 低 — what the widget shows next to the answer. */
  confidenceLabel: string;
  sources: AssistantSource[];
  relatedItems: AssistantRelatedItem[];
  /** Always present; the widget shows it prominently when status is not answered. */
  fallback: { hotline: string; hotlineLabel: string; ticketSuggested: boolean };
}

// ── Tickets ────────────────────────────────────────────────────────────────────────────────────────

export type TicketKind = 'consult' | 'complaint' | 'suggestion';
export type ContactPreference = 'site' | 'sms' | 'phone';

/** `GET /api/v1/consultations/options`: what the form offers (public). */
export interface TicketFormOptions {
  kinds: { value: TicketKind; label: string }[];
  contactPreferences: { value: ContactPreference; label: string }[];
  titleMaxLength: number;
  contentMaxLength: number;
  maxAttachments: number;
  /** Per file. */
  maxAttachmentBytes: number;
  /** Media types accepted (checked by content, not by the declared type): image/png, image/jpeg, application/pdf. */
  acceptedTypes: string[];
  /** Working days until the promised reply, per kind (shown before submitting). */
  replyDays: Record<TicketKind, number>;
}

/**
 * `POST /api/v1/consultations/attachments` (multipart/form-data, field `file`) → 201 AttachmentRef.
 * The upload belongs to the caller and must be attached to a ticket within a day, or it is removed.
 */
export interface AttachmentRef {
  id: string;
  /** The file name as uploaded, cleaned (no path, no control characters). */
  name: string;
  /** The media type found by reading the content. */
  type: string;
  size: number;
}

/** `POST /api/v1/consultations` body → 201 TicketDetail (200 with the same ticket on a repeat of clientToken). */
export interface TicketSubmission {
  kind: TicketKind;
  /** 2–50 characters. */
  title: string;
  /** 5–2000 characters. */
  content: string;
  /** Link to an item (实施编码), a department (统一社会信用代码) or one of my cases (办件编号). */
  itemCode?: string;
  deptCode?: string;
  projectNo?: string;
  /** A 差评 of mine that this complaint follows up (MyEvaluation.id). */
  evaluationId?: string;
  attachmentIds?: string[];
  contactPreference: ContactPreference;
  /** The asker agrees that the question and answer may be published (anonymised). */
  isPublic?: boolean;
  /** Client-generated; a double submit with the same token returns the first ticket. */
  clientToken: string;
}

export interface TicketReply {
  id: string;
  /** The answering department, or 12345 when the platform answered. */
  deptName: string | null;
  body: string;
  /** 正式答复. */
  isFinal: boolean;
  repliedAt: string;
}

/** `GET /api/v1/consultations/:trackingNo` (owner only; anyone else gets 404). */
export interface TicketDetail extends MyConsultationSummary {
  content: string;
  itemCode: string | null;
  itemName: string | null;
  deptName: string | null;
  projectNo: string | null;
  contactPreference: ContactPreference;
  contactPreferenceLabel: string;
  isPublic: boolean;
  attachments: AttachmentRef[];
  /** Oldest first. */
  replies: TicketReply[];
  /** Past promisedReplyDate and not yet replied. */
  overdue: boolean;
}

/**
 * SSE events (data shapes), delivered only to the asker's streams:
 *   `consultation-reply` — a reply or status change arrived through the sync.
 * A notice of kind `reply` is written to the inbox at the same time.
 */
export interface ConsultationReplyEvent {
  trackingNo: string;
  status: string;
  statusLabel: string;
}
