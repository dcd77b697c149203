/**
 * The outbound half of the exchange (issue 4 item 6): producers enqueue in their own transaction,
 * the deliverer writes to the front processor's outbound tables; replies and 整改/回访 come back through
 * the normal sync (config/sync-layouts/national-replies.json, up_evaluate_record in national.json).
 */
export { enqueue, type EnqueueResult, type OutboxMessage, type OutboxPayloads } from './enqueue.js';
export {
  buildConsultationPayload,
  buildEvaluationPayload,
  type AttachmentMeta,
  type ConsultationTicketPayload,
  type EvaluationForPlatform,
  type HcpEvaluationPayload,
  type TicketForPlatform,
} from './payloads.js';
export { OUTBOUND_TABLE_OF, OutboundPayloadError, type OutboxKind } from './outbound-row.js';
export { outboundRowGuid } from './row-guid.js';
export {
  startOutboxDeliverer,
  type DeliveryPhase,
  type DeliveryReport,
  type OutboxDeliverer,
  type OutboxDelivererOptions,
} from './deliverer.js';
export {
  openOutboundFront,
  outboundFrontOver,
  type OutboundFront,
  type SharedFrontConnection,
} from './front-writer.js';
export { openDropFolderOutbound } from './drop-folder-writer.js';
export { startOutbox, type StartOutboxOptions } from './start.js';
export { outboxConfigSchema, type OutboxConfig } from './config.js';
export { listOutbox, outboxCounts, requeueDeadLetters, type OutboxRowSummary, type OutboxStatus } from './operator.js';
