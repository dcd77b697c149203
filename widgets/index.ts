/**
 * ESM entry for departmental builds: the widget classes and the runtime API, without side effects —
 * importing this defines no tag. Register with `widgets/gov-<name>/define.ts`, or `defineElement(tag, Class)`
 * under a tag of your own. Script-tag pages use `loader.js` instead (see vite.config.ts).
 */
export { GovLogin } from './gov-login/gov-login.js';
export type { GovLoginChangedDetail, GovLoginNavigateDetail } from './gov-login/gov-login.js';
export * from './runtime/index.js';
