/**
 * 咨询 / 投诉 / 建议 for registered users (issue 8; shapes: bff/api/contracts/consultations.ts):
 *
 *   GET  /api/v1/consultations/options                          what the form offers (public)
 *   POST /api/v1/consultations/attachments                      multipart `file` → 201 AttachmentRef
 *   POST /api/v1/consultations                                  TicketSubmission → 201 TicketDetail (200 on a repeat)
 *   GET  /api/v1/consultations/:trackingNo                      TicketDetail, owner only
 *   GET  /api/v1/consultations/:trackingNo/attachments/:id      the file, as a download, owner only
 *   GET  /api/v1/consultations?mine=1                           my tickets (bff/api/me/my-consultations.ts)
 *
 * Every answer is JSON (text fields are plain text; the widget renders them with text bindings) or,
 * for an attachment, the checked type with `Content-Disposition: attachment` and nosniff — never
 * anything a browser would render as a page. Refusals: 401 unauthenticated, 400 invalid_ticket with
 * `error.fields` (one Chinese message per field), 404 not_found (someone else's ticket, case, 差评
 * or file: the same answer as one that does not exist), 413 file_too_large, 415
 * unsupported_file_type, 429 too_many_requests.
 */
import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requireUser, type AuthEnv } from '../../auth/guard.js';
import { userKeyOf } from '../../auth/user-key.js';
import { AppError, errorBody } from '../../http/errors.js';
import { channelOf } from '../evaluations/channel.js';
import { callerOf, type Caller } from '../shared/caller.js';
import { jsonBody } from '../shared/params.js';
import { privateJson } from '../shared/private-json.js';
import { checkRateLimits, type RateLimitStore } from '../shared/rate-limit.js';
import type { ConsultationsConfig } from './config.js';
import { attachmentDisposition } from './file-type.js';
import { TicketFieldError, tooLarge, type ConsultationService } from './service.js';
import { checkTicket, firstMessage, isClientToken, type TicketField } from './submission.js';

export interface ConsultationRouteDeps {
  service: ConsultationService;
  settings: ConsultationsConfig;
  piiHashKey: string | undefined;
  rateLimits: RateLimitStore;
  /** The personal space's `?mine=1` reader for this path, mounted behind ours. */
  personalList?: Hono<AuthEnv>;
}

/** A ticket body is a few kB of text; anything far larger is not a ticket. */
const TICKET_BODY_BYTES = 64 * 1024;
/** Room for the multipart boundary and headers around one file. */
const MULTIPART_OVERHEAD_BYTES = 16 * 1024;

/** Counter key per person: keyed like the event hub's user key, never the platform's raw subject. */
function rateKeyOf(caller: Caller, piiHashKey: string | undefined, action: string): string {
  const who = piiHashKey
    ? userKeyOf(caller.issuer, caller.subject, piiHashKey)
    : createHash('sha256').update(`${caller.issuer}\n${caller.subject}`).digest('hex');
  return `consultations:${action}:${who}`;
}

function invalid(c: Context, fields: Partial<Record<TicketField, string>>): Response {
  const answer = errorBody('invalid_ticket', firstMessage(fields));
  return c.json({ error: { ...answer.error, fields } }, 400, { 'Cache-Control': 'private, no-store' });
}

export function consultationRoutes(deps: ConsultationRouteDeps): Hono<AuthEnv> {
  const { service, settings } = deps;
  const app = new Hono<AuthEnv>();

  async function limit(caller: Caller, action: string, max: number, windowSeconds: number, message: string) {
    const limited = await checkRateLimits(deps.rateLimits, [
      { key: rateKeyOf(caller, deps.piiHashKey, action), max, windowMs: windowSeconds * 1000 },
    ]);
    if (limited.limited) {
      const error = new AppError(429, 'too_many_requests', message);
      return { error, retryAfter: String(limited.retryAfterSeconds) };
    }
    return null;
  }

  app.get('/options', (c) => c.json(service.options(), 200, { 'Cache-Control': 'public, max-age=300' }));

  app.post(
    '/attachments',
    requireUser(),
    bodyLimit({
      maxSize: settings.maxAttachmentBytes + MULTIPART_OVERHEAD_BYTES,
      // Answered before the rest of the body is read: close the connection, or the client's next
      // request on it would land in the unread upload.
      onError: (c) => {
        const error = tooLarge(settings.maxAttachmentBytes);
        return c.json(errorBody(error.code, error.message), 413, {
          Connection: 'close',
          'Cache-Control': 'private, no-store',
        });
      },
    }),
    async (c) => {
      const caller = callerOf(c, deps.piiHashKey);
      const refused = await limit(
        caller,
        'upload',
        settings.uploadMax,
        settings.uploadWindowSeconds,
        '上传太频繁了，请稍等几分钟再试',
      );
      if (refused) {
        c.header('Retry-After', refused.retryAfter);
        throw refused.error;
      }
      if (!(c.req.header('Content-Type') ?? '').toLowerCase().startsWith('multipart/form-data')) {
        throw new AppError(400, 'bad_request', '请以表单文件的方式上传附件（字段名 file）');
      }
      let body: Record<string, unknown>;
      try {
        body = await c.req.parseBody({ all: true });
      } catch {
        throw new AppError(400, 'bad_request', '上传的内容无法识别，请重新选择文件');
      }
      const file = body.file;
      if (!(file instanceof File))
        throw new AppError(400, 'bad_request', '请选择一个文件上传（字段名 file，每次一个）');
      if (file.size > settings.maxAttachmentBytes) throw tooLarge(settings.maxAttachmentBytes);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const ref = await service.upload(caller, { name: file.name, bytes });
      return privateJson(c, ref, 201);
    },
  );

  app.post(
    '/',
    requireUser(),
    bodyLimit({
      maxSize: TICKET_BODY_BYTES,
      onError: (c) =>
        c.json(errorBody('payload_too_large', '提交的内容过长，请删减后再提交'), 413, {
          Connection: 'close',
          'Cache-Control': 'private, no-store',
        }),
    }),
    async (c) => {
      const caller = callerOf(c, deps.piiHashKey);
      const body = (await jsonBody(c.req)) as Record<string, unknown>;
      // A repeat of an earlier submission (double click, retried request) is answered, not counted.
      if (isClientToken(body.clientToken)) {
        const earlier = await service.repeatOf(caller, body.clientToken);
        if (earlier) {
          c.header('Idempotent-Replayed', 'true');
          return privateJson(c, earlier, 200);
        }
      }
      // Checked before counting: someone correcting the form is not submitting again.
      const checked = checkTicket(body, settings.maxAttachments);
      if (!checked.ok) return invalid(c, checked.fields);
      const refused = await limit(
        caller,
        'submit',
        settings.submitMax,
        settings.submitWindowSeconds,
        '提交太频繁了，请稍等几分钟再试',
      );
      if (refused) {
        c.header('Retry-After', refused.retryAfter);
        throw refused.error;
      }
      try {
        const { ticket, created } = await service.submit(caller, checked.value, channelOf(c.req.raw.headers));
        if (!created) c.header('Idempotent-Replayed', 'true');
        return privateJson(c, ticket, created ? 201 : 200);
      } catch (error) {
        if (error instanceof TicketFieldError) return invalid(c, error.fields);
        throw error;
      }
    },
  );

  app.get('/:trackingNo/attachments/:id', requireUser(), async (c) => {
    const caller = callerOf(c, deps.piiHashKey);
    const file = await service.attachment(caller, c.req.param('trackingNo'), c.req.param('id'));
    // A download, never a page: the checked type, no sniffing, no inline rendering, no script even
    // if a viewer tried (sandbox), and never kept by a shared cache.
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': file.type,
      'Content-Length': String(file.bytes.length),
      'Content-Disposition': attachmentDisposition(file.name),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
      Vary: 'Cookie',
    });
  });

  app.get('/:trackingNo', requireUser(), async (c) => {
    const caller = callerOf(c, deps.piiHashKey);
    return privateJson(c, await service.detail(caller, c.req.param('trackingNo')));
  });

  if (deps.personalList) app.route('/', deps.personalList);
  return app;
}
