/**
 * Seeded deterministic generator of 黑龙江 government-service data in the national front-table layout.
 * Public entry point; see the modules for the details of each part.
 */
export { Random, seedToInt, keyGuid } from './prng.js';
export { idCheckDigit, isValidIdNumber, usccCheckChar, isValidUscc, buildUscc } from './check-codes.js';
export { DIVISIONS, PROVINCE, PREFECTURES, COUNTIES, divisionByCode, type Division } from './divisions.js';
export { allDepartments, departmentFor, type Department, type DeptKey } from './departments.js';
export { CATALOG, TASK_TYPE_NAMES, type CatalogItem } from './catalog.js';
export {
  implementationEntry,
  implementationRows,
  NATURAL_ENTRY_COUNT,
  MAX_ENTRY_COUNT,
  type ImplementationEntry,
} from './implementation.js';
export { planCase, demoCaseId, DEMO_CASE_BASE, type CasePlan, type PlanMode } from './case-plan.js';
export { caseEventRecords, RESULT_CODES } from './case-rows.js';
export {
  directoryRecords,
  organizationRecords,
  implementationRecords,
  caseRecords,
  historicApplyTime,
  DEFAULT_ANCHOR,
  type StreamOptions,
  type CaseStreamOptions,
  type CaseProgress,
} from './streams.js';
export {
  FRONT_TABLES,
  FRONT_TABLE_NAMES,
  SYNC_COLUMNS,
  tableSpec,
  type FrontRecord,
  type FrontRow,
  type FrontValue,
  type FrontTableName,
  type TableSpec,
} from './front-tables.js';
export { batchId, HEILONGJIANG_DATA_SOURCE, type SyncStamp } from './sync-stamp.js';
export { DEMO_APPLICANTS, demoApplicantByKey, type DemoApplicant } from './demo-applicants.js';
export { formatBeijing, parseBeijing } from './time.js';
