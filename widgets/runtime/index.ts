// The shared runtime chunk: one copy per page, whatever number of widgets load. cloak.ts is left
// out on purpose: the loader needs it before the runtime arrives, so it imports it directly.
export { BffError, getBffClient, localizeError, resolveBffBase, setBffBase } from './bff-client.js';
export type { BffClient, RequestOptions } from './bff-client.js';
export { defineElement } from './define.js';
export type { VersionedElement } from './define.js';
export { getEventStream } from './event-stream.js';
export type { EventStream, StreamListener } from './event-stream.js';
export { GovElement } from './gov-element.js';
export type { GovErrorDetail } from './gov-element.js';
export { govBaseStyles } from './gov-element.styles.js';
export { format, normalizeLocale, translate } from './i18n.js';
export type { Locale, MessageParams, Strings } from './i18n.js';
export { getSessionStore } from './session-store.js';
export type { LogoutReason, SessionListener, SessionState, SessionStore, SessionUser } from './session-store.js';
