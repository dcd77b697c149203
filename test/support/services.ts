/**
 * Production-path services for tests. Outside CI a test that needs a service the developer has not
 * configured is skipped with a visible reason; in CI (CI=true) a missing variable is a failure, so a
 * production path can never pass by not running.
 */
export type ServiceName = 'DATABASE_URL' | 'REDIS_URL' | 'FRONT_MYSQL_URL';

export interface ServiceRequirement {
  /** The URL to use, or undefined when the test must be skipped (never in CI). */
  url: string | undefined;
  /** Pass as `{ skip }` to node:test; false when the service is configured. */
  skip: string | false;
}

export function requireService(name: ServiceName): ServiceRequirement {
  const url = process.env[name];
  if (url) return { url, skip: false };
  if (process.env.CI) {
    throw new Error(`${name} is not set: CI must run the production path against a real service (see .ci/run).`);
  }
  return { url: undefined, skip: `${name} not set (set it to run against a real service; CI always does)` };
}
