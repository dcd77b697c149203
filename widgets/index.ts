/**
 * ESM entry for departmental builds: the widget classes and the runtime API, without side effects —
 * importing this defines no tag. Register with `widgets/gov-<name>/define.ts`, or `defineElement(tag, Class)`
 * under a tag of your own. Script-tag pages use `loader.js` instead (see vite.config.ts).
 */
export { GovItemNav } from './gov-item-nav/gov-item-nav.js';
export type { GovItemNavChangedDetail, GovItemNavStatus } from './gov-item-nav/gov-item-nav.js';
export { GovLogin } from './gov-login/gov-login.js';
export type { GovLoginChangedDetail, GovLoginNavigateDetail } from './gov-login/gov-login.js';
export { GovSearch } from './gov-search/gov-search.js';
export type { GovSearchChangedDetail, GovSearchNavigateDetail, GovSearchStatus } from './gov-search/gov-search.js';
export * from './runtime/index.js';
