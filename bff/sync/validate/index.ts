/** Validation of front-processor rows against the data standard, before mapping (G5). */
export { parseColumnSpec, parseColumnPath, type ColumnSpec, type ColumnType, type ColumnPath } from './column-spec.js';
export { problems, ProblemList, type FieldRef, type ProblemCode } from './problems.js';
export { RowReader } from './row-reader.js';
export { compileRowChecks, checkValue, type RowCheck } from './row-validator.js';
export {
  parseSourceDateTime,
  sourceZone,
  parseAreaCode,
  isCreditCode,
  creditCodeRegion,
  parseInteger,
  parseDecimal,
  hasReplacementCharacter,
  characterLength,
  parseJsonText,
  type SourceZone,
} from './values.js';
