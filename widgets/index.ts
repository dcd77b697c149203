/**
 * ESM entry for departmental builds: the widget classes and the runtime API, without side effects —
 * importing this defines no tag. Register with `widgets/gov-<name>/define.ts`, or `defineElement(tag, Class)`
 * under a tag of your own. Script-tag pages use `loader.js` instead (see vite.config.ts).
 */
export { GovCaseTracker } from './gov-case-tracker/gov-case-tracker.js';
export type {
  GovCaseTrackerChangedDetail,
  GovCaseTrackerEvaluateDetail,
  GovCaseTrackerStatus,
} from './gov-case-tracker/gov-case-tracker.js';
export { GovConsult } from './gov-consult/gov-consult.js';
export type {
  GovConsultChangedDetail,
  GovConsultStatus,
  GovConsultSubmittedDetail,
  GovConsultView,
} from './gov-consult/gov-consult.js';
export { GovEvaluate } from './gov-evaluate/gov-evaluate.js';
export type {
  GovEvaluateChangedDetail,
  GovEvaluateStatus,
  GovEvaluateSubmittedDetail,
} from './gov-evaluate/gov-evaluate.js';
export { GovEvaluationStats } from './gov-evaluation-stats/gov-evaluation-stats.js';
export type {
  EvaluationStatsGroup,
  GovEvaluationStatsChangedDetail,
  GovEvaluationStatsStatus,
} from './gov-evaluation-stats/gov-evaluation-stats.js';
export { GovItemNav } from './gov-item-nav/gov-item-nav.js';
export type { GovItemNavChangedDetail, GovItemNavStatus } from './gov-item-nav/gov-item-nav.js';
export { GovLogin } from './gov-login/gov-login.js';
export type { GovLoginChangedDetail, GovLoginNavigateDetail } from './gov-login/gov-login.js';
export { GovNotices } from './gov-notices/gov-notices.js';
export type { GovNoticesChangedDetail, GovNoticesNavigateDetail, GovNoticesStatus } from './gov-notices/gov-notices.js';
export { recordActivity } from './gov-recommend/activity.js';
export { GovRecommend } from './gov-recommend/gov-recommend.js';
export type { GovRecommendChangedDetail, GovRecommendStatus } from './gov-recommend/gov-recommend.js';
export { GovSearch } from './gov-search/gov-search.js';
export type { GovSearchChangedDetail, GovSearchNavigateDetail, GovSearchStatus } from './gov-search/gov-search.js';
export { GovUserSpace } from './gov-user-space/gov-user-space.js';
export type {
  GovUserSpaceChangedDetail,
  GovUserSpaceStatus,
  UserSpaceSection,
} from './gov-user-space/gov-user-space.js';
export * from './runtime/index.js';
