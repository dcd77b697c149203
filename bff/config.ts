/**
 * The one validated configuration object (architecture §6; style: no `process.env` reads outside
 * this file). Sources, later wins: built-in defaults → the JSON file named by GOVDOCK_CONFIG →
 * environment variables. A bad value stops start-up with a message naming the key and what is
 * allowed (ConfigError), in Chinese and English, because operators dock by configuration only.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { AUTH_ENVIRONMENT_KEYS, authConfigSchema } from './auth/config.js';
import { siteConfigIssues, SITES_ENVIRONMENT_KEYS, sitesConfigSchema } from './auth/sites-config.js';
import { CASE_LOOKUP_ENVIRONMENT_KEYS, caseLookupConfigSchema } from './api/cases/config.js';
import { USER_SPACE_ENVIRONMENT_KEYS, userSpaceConfigSchema } from './api/me/config.js';
import { NOTICES_ENVIRONMENT_KEYS, noticesConfigSchema } from './api/me/notices-config.js';
import { OUTBOX_ENVIRONMENT_KEYS, outboxConfigSchema } from './sync/outbox/config.js';
import { EVALUATIONS_ENVIRONMENT_KEYS, evaluationsConfigSchema } from './api/evaluations/config.js';
import { CONSULTATIONS_ENVIRONMENT_KEYS, consultationsConfigSchema } from './api/consultations/config.js';
import { SYNC_ENVIRONMENT_KEYS, syncConfigSchema } from './sync/config.js';
import { RECOMMENDATIONS_ENVIRONMENT_KEYS, recommendationsConfigSchema } from './recommend/config.js';
import { ASSISTANT_ENVIRONMENT_KEYS, assistantConfigSchema } from './api/assistant/config.js';

const port = z.coerce.number().int().min(1).max(65535);
const url = z.string().url();
/** z.coerce.boolean() would read "false" as true; environment flags need their own parser. */
const flag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
  .transform((value) => value === true || value === 'true' || value === '1' || value === 'yes');
const csv = z.union([z.array(z.string()), z.string()]).transform((value) =>
  Array.isArray(value)
    ? value
    : value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
);

export const configSchema = z.object({
  /** Where the BFF listens. 127.0.0.1 by default: the embedded stack is never exposed by accident. */
  host: z.string().min(1).default('127.0.0.1'),
  port: port.default(8787),
  /** The URL browsers use to reach the BFF (never derived from Host / X-Forwarded-*). */
  publicBaseUrl: url.optional(),
  /**
   * Further sites served by this BFF in same-origin mode, each chosen by its Host (bff/auth/sites-config.ts;
   * env GOVDOCK_SITES as JSON). Empty: publicBaseUrl is the one site.
   */
  sites: sitesConfigSchema,
  /** `same-origin` (gateway mounts /govdock on every site) or `cross-site` (own origin, CORS). */
  deploymentMode: z.enum(['same-origin', 'cross-site']).default('same-origin'),
  /** Site origins allowed for CORS with credentials (cross-site mode) and as return_to targets. */
  allowedOrigins: csv.default([]),
  /** Built widget bundles, served at /widgets/<version>/… (one sub-folder per version). */
  widgetsDir: z.string().min(1).default('dist/widgets'),
  /**
   * `immutable` in production (a published version never changes); `revalidate` while a developer
   * rebuilds into the same version folder (`npm start`).
   */
  widgetCaching: z.enum(['immutable', 'revalidate']).default('immutable'),
  /** Built gallery and sample host pages, served at / . */
  demoDir: z.string().min(1).default('dist/demo'),
  /** Embedded store directory (PGlite) and other local state. */
  dataDir: z.string().min(1).default('./data'),
  /** Production resource library; when set, PGlite is not used. */
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** Production sessions and broadcast across BFF instances. */
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  /** The front processor (前置机): mysql://, postgres:// or file:///folder. Unset = simulator. */
  frontUrl: z
    .string()
    .regex(/^(mysql|mariadb|postgres|postgresql|file):\/\//, 'must start with mysql://, postgres:// or file://')
    .optional(),
  /** Secret for the keyed hash of applicant ID numbers; generated and kept in dataDir when embedded. */
  piiHashKey: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Bearer token of the operator API `/admin/v1/` (运维接口); unset: it answers 503. `npm start` makes one. */
  adminToken: z.string().min(32, 'must be at least 32 characters').optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Development unified-auth platform (node-oidc-provider) started by `npm start`. */
  devAuthPlatform: z
    .object({
      enabled: flag.default(true),
      port: port.default(8788),
    })
    .default({ enabled: true, port: 8788 }),
  /** Front-processor simulator started by `npm start` when frontUrl is unset. */
  simulator: z
    .object({
      enabled: flag.default(true),
      seed: z.coerce.number().int().default(20261129),
      /** Implementation-list entries generated on first start. */
      items: z.coerce.number().int().min(300).default(600),
      /** Cases generated on first start. */
      cases: z.coerce.number().int().min(0).default(2000),
      /** How often the simulator advances the world (new cases, steps, results, evaluations). */
      tickSeconds: z.coerce.number().positive().default(5),
    })
    .default({ enabled: true, seed: 20261129, items: 600, cases: 2000, tickSeconds: 5 }),
  /** Unified identity platform (统一身份认证). Absent: anonymous only, /auth/login answers 503. */
  auth: authConfigSchema.optional(),
  /** Anonymous case lookup: second factor and rate limits (bff/api/cases/config.ts). */
  caseLookup: caseLookupConfigSchema,
  /** The personal space: the platform's profile page (bff/api/me/config.ts). */
  userSpace: userSpaceConfigSchema,
  /** 信息推送: notice links, inbox retention, announcements in the inbox (bff/api/me/notices-config.ts). */
  notices: noticesConfigSchema,
  /** Delivery of evaluations and tickets to the front processor (bff/sync/outbox/config.ts). */
  outbox: outboxConfigSchema,
  /** 好差评: indicator list, when a case may be rated, 追评 window, limits (bff/api/evaluations/config.ts). */
  evaluations: evaluationsConfigSchema,
  /** 咨询/投诉/建议 tickets: attachment limits, submit limits, reply days (bff/api/consultations/config.ts). */
  consultations: consultationsConfigSchema,
  /** Incremental sync from the front processor: cursor, lag, look-back, pages, schedules (bff/sync/config.ts). */
  sync: syncConfigSchema,
  /** 猜你想办: retention, sequence window, minimum support, refresh interval (bff/recommend/config.ts). */
  recommendations: recommendationsConfigSchema,
  /** The intelligent assistant: hotline, rate limit, index refresh (bff/api/assistant/config.ts). */
  assistant: assistantConfigSchema,
});

export type Config = z.infer<typeof configSchema>;

/**
 * The path part of publicBaseUrl (`https://harbin.gov.cn/govdock` → `/govdock`), '' at the root.
 * Same-origin gateways mount the BFF under a prefix and may or may not strip it (architecture §4).
 */
export function basePathOf(config: Pick<Config, 'publicBaseUrl'>): string {
  if (!config.publicBaseUrl) return '';
  return new URL(config.publicBaseUrl).pathname.replace(/\/+$/, '');
}

/** Environment variable → config path. Only these are read; anything else is ignored. */
const ENVIRONMENT_KEYS: Record<string, string> = {
  HOST: 'host',
  PORT: 'port',
  PUBLIC_BASE_URL: 'publicBaseUrl',
  DEPLOYMENT_MODE: 'deploymentMode',
  ALLOWED_ORIGINS: 'allowedOrigins',
  DATA_DIR: 'dataDir',
  WIDGETS_DIR: 'widgetsDir',
  DEMO_DIR: 'demoDir',
  WIDGET_CACHING: 'widgetCaching',
  DATABASE_URL: 'databaseUrl',
  REDIS_URL: 'redisUrl',
  FRONT_URL: 'frontUrl',
  PII_HASH_KEY: 'piiHashKey',
  ADMIN_TOKEN: 'adminToken',
  LOG_LEVEL: 'logLevel',
  DEV_AUTH_ENABLED: 'devAuthPlatform.enabled',
  DEV_AUTH_PORT: 'devAuthPlatform.port',
  SIMULATOR_ENABLED: 'simulator.enabled',
  SIMULATOR_SEED: 'simulator.seed',
  SIMULATOR_ITEMS: 'simulator.items',
  SIMULATOR_CASES: 'simulator.cases',
  SIMULATOR_TICK_SECONDS: 'simulator.tickSeconds',
  ...AUTH_ENVIRONMENT_KEYS,
  ...SITES_ENVIRONMENT_KEYS,
  ...CASE_LOOKUP_ENVIRONMENT_KEYS,
  ...USER_SPACE_ENVIRONMENT_KEYS,
  ...NOTICES_ENVIRONMENT_KEYS,
  ...OUTBOX_ENVIRONMENT_KEYS,
  ...EVALUATIONS_ENVIRONMENT_KEYS,
  ...CONSULTATIONS_ENVIRONMENT_KEYS,
  ...SYNC_ENVIRONMENT_KEYS,
  ...RECOMMENDATIONS_ENVIRONMENT_KEYS,
  ...ASSISTANT_ENVIRONMENT_KEYS,
};

export class ConfigError extends Error {
  constructor(readonly issues: { key: string; problem: string }[]) {
    super('配置错误 (configuration error):\n' + issues.map((issue) => `  - ${issue.key}: ${issue.problem}`).join('\n'));
    this.name = 'ConfigError';
  }
}

type Plain = Record<string, unknown>;

function setPath(target: Plain, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    node = (next && typeof next === 'object' ? next : (node[part] = {})) as Plain;
  }
  node[parts.at(-1) as string] = value;
}

function envKeyFor(path: string): string | undefined {
  return Object.entries(ENVIRONMENT_KEYS).find(([, configPath]) => configPath === path)?.[0];
}

/** Builds the config from a file (GOVDOCK_CONFIG) and the environment; throws ConfigError. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env, overrides: Plain = {}): Config {
  const raw: Plain = {};
  const file = environment.GOVDOCK_CONFIG;
  if (file) {
    try {
      Object.assign(raw, JSON.parse(readFileSync(resolve(file), 'utf8')) as Plain);
    } catch (error) {
      throw new ConfigError([
        { key: 'GOVDOCK_CONFIG', problem: `无法读取配置文件 ${file}: ${(error as Error).message}` },
      ]);
    }
  }
  for (const [name, path] of Object.entries(ENVIRONMENT_KEYS)) {
    const value = environment[name];
    if (value !== undefined && value !== '') setPath(raw, path, value);
  }
  for (const [path, value] of Object.entries(overrides)) setPath(raw, path, value);
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const path = issue.path.join('.');
        const env = envKeyFor(path);
        return { key: env ? `${path} (${env})` : path, problem: issue.message };
      }),
    );
  }
  // Redirect URIs and cookies come from publicBaseUrl and sites, never from Host / X-Forwarded-*.
  const siteIssues = siteConfigIssues(parsed.data);
  if (siteIssues.length > 0) throw new ConfigError(siteIssues);
  return parsed.data;
}
