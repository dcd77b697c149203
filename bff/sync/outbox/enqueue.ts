/**
 * enqueue — how a producer hands a fact to the platform (issue 4 item 6; used by issue 7 evaluations
 * and issue 8 consultations).
 *
 * Call it INSIDE the producer's own transaction, with the transaction's handle:
 *
 *   await store.transaction(async (tx) => {
 *     const evaluation = await insertEvaluation(tx, …);
 *     await enqueue(tx, {
 *       kind: 'evaluation',
 *       dedupKey: `evaluation:${evaluation.id}`,
 *       payload: buildEvaluationPayload({ … }),
 *     });
 *   });
 *   deliverer.nudge();   // optional: deliver now instead of at the next poll
 *
 * The outbox row commits or rolls back with the producer's row (no "saved but never sent", no "sent
 * but not saved"). The deliverer then writes it to the front processor's outbound table at least
 * once; the table applies it exactly once by `dedupKey`.
 *
 * `dedupKey` names the fact, not the attempt: the same evaluation or ticket always gets the same key
 * (e.g. `evaluation:<evaluations.id>`, `consultation:<tracking_no>`), ≤ 200 characters, never personal
 * data (it is written to the front processor as it is). Enqueueing a key
 * twice (a double submit, a retried request) is a no-op: `created` is false and the first payload
 * stays; `samePayload` tells a producer whether the second call carried the same content.
 *
 * The payload is checked against the outbound table here (unknown field, missing required value,
 * over-long text, raw ID number or mobile in names and text) and an OutboundPayloadError is thrown in
 * the producer's transaction: a bug surfaces in the request that caused it, not a day later.
 */
import type { Sql } from '../../store/types.js';
import { OutboundPayloadError, outboundRow, type OutboxKind } from './outbound-row.js';
import type { ConsultationTicketPayload, HcpEvaluationPayload } from './payloads.js';

export interface OutboxPayloads {
  evaluation: HcpEvaluationPayload;
  consultation: ConsultationTicketPayload;
}

export interface OutboxMessage<K extends OutboxKind = OutboxKind> {
  kind: K;
  dedupKey: string;
  payload: OutboxPayloads[K];
}

export interface EnqueueResult {
  id: number;
  /** false when the key was already in the outbox (idempotent repeat). */
  created: boolean;
  /** On a repeat: whether the stored payload equals this one. Always true when created. */
  samePayload: boolean;
}

const DEDUP_KEY_PATTERN = /^[^\p{Cc}]{1,200}$/u;

/** Payload times are checked in any fixed zone here; the deliverer converts them to the front's zone. */
const CHECK_ZONE = '+08:00';

export async function enqueue<K extends OutboxKind>(tx: Sql, message: OutboxMessage<K>): Promise<EnqueueResult> {
  if (!DEDUP_KEY_PATTERN.test(message.dedupKey)) {
    throw new OutboundPayloadError('bad_type', 'dedupKey', '去重键必须是 1–200 个字符、不含控制字符');
  }
  outboundRow(message.kind, message.payload, CHECK_ZONE);
  const payload = JSON.stringify(message.payload);
  const inserted = await tx.query<{ id: string | number }>(
    `INSERT INTO outbox (kind, dedup_key, payload) VALUES ($1, $2, $3::jsonb)
     ON CONFLICT (dedup_key) DO NOTHING RETURNING id`,
    [message.kind, message.dedupKey, payload],
  );
  const row = inserted.rows[0];
  if (row) return { id: Number(row.id), created: true, samePayload: true };
  const existing = await tx.query<{ id: string | number; kind: string; same: boolean }>(
    'SELECT id, kind, payload = $2::jsonb AS same FROM outbox WHERE dedup_key = $1',
    [message.dedupKey, payload],
  );
  const found = existing.rows[0];
  if (!found) throw new Error('outbox row vanished between insert and select');
  if (found.kind !== message.kind) {
    throw new OutboundPayloadError(
      'bad_type',
      'dedupKey',
      `去重键 ${message.dedupKey} 已用于另一类发送（${found.kind}）`,
    );
  }
  return { id: Number(found.id), created: false, samePayload: found.same === true };
}
