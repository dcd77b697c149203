/** SQL front processors: MySQL/MariaDB, PostgreSQL, and the embedded PGlite simulator. */
export { openMysqlSource, type MysqlSourceOptions } from './mysql-source.js';
export { openPgliteSource, openPostgresSource, createPostgresDialectSource } from './postgres-source.js';
export { keysetQuery, maskUrl, assertIdentifier, SourceIdentifierError } from './keyset-sql.js';
export {
  compareSourceTimes,
  parseSourceTime,
  secondsBetween,
  shiftSourceTime,
  sourceTimeToIso,
} from './source-time.js';
