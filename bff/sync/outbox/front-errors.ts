/**
 * Why a write to the front processor failed, as an operator reads it in `outbox.last_error`: plain
 * Chinese plus the driver's error code. Never the driver's message: MySQL and PostgreSQL quote row
 * values in it ("Data too long for column … at row 1", "Key (x)=(…)"), which may be personal data.
 *
 * `scope` says whether the whole batch failed (connection, lock, missing table: every row would fail
 * the same way) or the front refused something in one row (length, NULL, format): then the deliverer
 * retries the rows one by one so one bad row does not hold back the others.
 */

export interface FrontFailure {
  /** Stable short code for metrics and tests: connection, timeout, missing_table, … */
  reason: 'connection' | 'timeout' | 'missing_table' | 'schema_mismatch' | 'permission' | 'row_rejected' | 'other';
  /** The driver's code (ER_LOCK_WAIT_TIMEOUT, 55P03, ECONNREFUSED …), or 'unknown'. */
  code: string;
  scope: 'batch' | 'row';
  /** Plain Chinese, safe to store and show: no values from the rows. */
  message: string;
}

const CONNECTION = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  'ER_CONNECTION_KILLED',
  'ER_SERVER_SHUTDOWN',
  'ER_QUERY_INTERRUPTED',
  '57P01', // admin_shutdown (pg_terminate_backend)
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);
const TIMEOUT = new Set([
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_LOCK_DEADLOCK',
  'ER_STATEMENT_TIMEOUT',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  '55P03', // lock_not_available (lock_timeout)
  '57014', // query_canceled (statement_timeout)
  '40P01', // deadlock_detected
  'QUERY_TIMEOUT',
]);
const MISSING_TABLE = new Set(['ER_NO_SUCH_TABLE', '42P01']);
const SCHEMA_MISMATCH = new Set(['ER_BAD_FIELD_ERROR', '42703', 'ER_WRONG_VALUE_COUNT_ON_ROW']);
const PERMISSION = new Set([
  'EACCES', // a drop folder the BFF may not write
  'EPERM',
  'ER_TABLEACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_ACCESS_DENIED_ERROR',
  '42501',
]);
const ROW_REJECTED = new Set([
  'ER_DATA_TOO_LONG',
  'ER_BAD_NULL_ERROR',
  'ER_TRUNCATED_WRONG_VALUE',
  'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD',
  'ER_WARN_DATA_OUT_OF_RANGE',
  'ER_NO_DEFAULT_FOR_FIELD',
  '22001', // string_data_right_truncation
  '22003',
  '22007',
  '22008',
  '22P02',
  '23502', // not_null_violation
  '23514', // check_violation
]);

function codeOf(error: unknown): string {
  if (error && typeof error === 'object') {
    const { code, errno } = error as { code?: unknown; errno?: unknown };
    if (typeof code === 'string' && code) return code;
    if (typeof errno === 'number') return `errno_${errno}`;
    const message = (error as { message?: unknown }).message;
    // pg raises these without a code when the socket goes away under a query.
    if (
      typeof message === 'string' &&
      /Connection terminated|connection is closed|Client has encountered a connection error/i.test(message)
    ) {
      return 'CONNECTION_CLOSED';
    }
    if (typeof message === 'string' && /Query read timeout|timeout exceeded/i.test(message)) return 'QUERY_TIMEOUT';
  }
  return 'unknown';
}

export function describeFrontError(error: unknown, table: string): FrontFailure {
  const code = codeOf(error);
  if (CONNECTION.has(code) || code === 'CONNECTION_CLOSED') {
    return {
      reason: 'connection',
      code,
      scope: 'batch',
      message: `无法连接前置机，或连接在写入时中断（${code}），稍后自动重试`,
    };
  }
  if (TIMEOUT.has(code)) {
    return {
      reason: 'timeout',
      code,
      scope: 'batch',
      message: `前置机表 ${table} 被锁定或响应超时（${code}），稍后自动重试`,
    };
  }
  if (MISSING_TABLE.has(code)) {
    return {
      reason: 'missing_table',
      code,
      scope: 'batch',
      message: `前置机上没有发送表 ${table}，请前置机管理方按约定建表（${code}）`,
    };
  }
  if (SCHEMA_MISMATCH.has(code)) {
    return {
      reason: 'schema_mismatch',
      code,
      scope: 'batch',
      message: `前置机发送表 ${table} 的字段与约定不一致（${code}）`,
    };
  }
  if (PERMISSION.has(code)) {
    return { reason: 'permission', code, scope: 'batch', message: `前置机账号没有写入 ${table} 的权限（${code}）` };
  }
  if (ROW_REJECTED.has(code)) {
    return {
      reason: 'row_rejected',
      code,
      scope: 'row',
      message: `前置机拒绝了这条记录：字段长度或格式与前置机表 ${table} 不符（${code}）`,
    };
  }
  return { reason: 'other', code, scope: 'batch', message: `写入前置机表 ${table} 失败（${code}），稍后自动重试` };
}
