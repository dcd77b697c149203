/**
 * Shipped profiles live in `config/auth-profiles/<name>.json`; an operator names one (`epoint`)
 * or points at their own file, and overrides what differs per deployment (baseUrl, clientId, an
 * endpoint on another gateway) from config. Validation happens after the merge, so an error
 * names the key whichever side it came from.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeProfileIssues, oauth2ProfileSchema, type OAuth2Profile } from './profile-schema.js';

const SHIPPED_DIR = fileURLToPath(new URL('../../../../config/auth-profiles/', import.meta.url));
const SHIPPED_NAME = /^[a-z0-9][a-z0-9-]*$/;

export class AuthProfileError extends Error {
  override name = 'AuthProfileError';
}

/** Plain JSON objects merge key by key; arrays and scalars from `override` replace. */
export type ProfileOverrides = { [key: string]: unknown };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function mergeProfile(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = mergeProfile(base[key], value);
  return merged;
}

export function shippedProfilePath(name: string): string {
  return `${SHIPPED_DIR}${name}.json`;
}

/** Validates an already-read profile object; throws AuthProfileError naming every bad key. */
export function parseAuthProfile(raw: unknown, label = 'profile', overrides?: ProfileOverrides): OAuth2Profile {
  const result = oauth2ProfileSchema.safeParse(mergeProfile(raw, overrides));
  if (!result.success) {
    throw new AuthProfileError(
      `统一身份认证平台配置 ${label} 无效 / invalid auth profile ${label}:\n${describeProfileIssues(result.error)}`,
    );
  }
  return result.data;
}

/**
 * `nameOrPath`: a shipped profile name (`epoint`, `zhejiang`) or a path to a JSON file.
 * Synchronous on purpose: it runs once at start-up, inside synchronous config loading, so a bad
 * profile stops the BFF before it listens.
 */
export function loadAuthProfile(nameOrPath: string, overrides?: ProfileOverrides): OAuth2Profile {
  const file = SHIPPED_NAME.test(nameOrPath) ? shippedProfilePath(nameOrPath) : nameOrPath;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AuthProfileError(`找不到统一身份认证平台配置 / auth profile not found: ${nameOrPath} (${file})`, {
      cause: error,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new AuthProfileError(`配置文件不是有效的 JSON / not valid JSON: ${file}`, { cause: error });
  }
  return parseAuthProfile(raw, nameOrPath, overrides);
}
