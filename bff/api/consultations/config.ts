/**
 * The `consultations` section of the config (human tickets, issue 8): attachment limits, how often one
 * user may submit and upload, how long an unattached upload is kept, and the promised reply time per
 * kind in working days. Mounted by bff/config.ts; the csv helper is repeated here because config.ts
 * imports this file (an import back would be a cycle).
 */
import { z } from 'zod';

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dates = z
  .union([z.array(z.string()), z.string()])
  .transform((value) => (Array.isArray(value) ? value : value.split(',')).map((part) => part.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(DATE, 'dates as YYYY-MM-DD')));

export const consultationsConfigSchema = z
  .object({
    /** Files per ticket (the form offers this many). */
    maxAttachments: count(0, 10).default(5),
    /** Bytes per file; the library stores them (bytea), so keep it modest. */
    maxAttachmentBytes: count(1024, 20 * 1024 * 1024).default(5 * 1024 * 1024),
    /** Tickets per user per window; a repeat of clientToken or of the same text is not counted. */
    submitMax: count(1, 1000).default(5),
    submitWindowSeconds: count(1, 86_400).default(600),
    /** The same title and content from the same user within this window is the same ticket. */
    duplicateWindowSeconds: count(0, 86_400).default(600),
    /** Uploads per user per window, and unattached uploads one user may hold at once. */
    uploadMax: count(1, 1000).default(20),
    uploadWindowSeconds: count(1, 86_400).default(600),
    maxPendingUploads: count(1, 1000).default(20),
    /** An upload not attached to a ticket within this many hours is removed. */
    unattachedTtlHours: count(1, 24 * 30).default(24),
    /** Working days until the promised reply (承诺答复), per kind. */
    replyDays: z
      .object({
        consult: count(1, 60).default(5),
        complaint: count(1, 60).default(10),
        suggestion: count(1, 60).default(15),
      })
      .prefault({}),
    /** Public holidays (法定节假日) and make-up working days (调休上班) for counting working days. */
    holidays: dates.default([]),
    extraWorkdays: dates.default([]),
  })
  .prefault({});

export type ConsultationsConfig = z.infer<typeof consultationsConfigSchema>;

export const CONSULTATIONS_ENVIRONMENT_KEYS: Record<string, string> = {
  CONSULTATION_MAX_ATTACHMENTS: 'consultations.maxAttachments',
  CONSULTATION_MAX_ATTACHMENT_BYTES: 'consultations.maxAttachmentBytes',
  CONSULTATION_SUBMIT_MAX: 'consultations.submitMax',
  CONSULTATION_SUBMIT_WINDOW_SECONDS: 'consultations.submitWindowSeconds',
  CONSULTATION_REPLY_DAYS_CONSULT: 'consultations.replyDays.consult',
  CONSULTATION_REPLY_DAYS_COMPLAINT: 'consultations.replyDays.complaint',
  CONSULTATION_REPLY_DAYS_SUGGESTION: 'consultations.replyDays.suggestion',
  CONSULTATION_HOLIDAYS: 'consultations.holidays',
  CONSULTATION_EXTRA_WORKDAYS: 'consultations.extraWorkdays',
};
