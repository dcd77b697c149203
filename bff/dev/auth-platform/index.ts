/** Public API of the development unified-auth platform (统一身份认证平台, 开发环境). */
export { startDevAuthPlatform, type DevAuthPlatform, type DevAuthPlatformOptions } from './start.js';
export {
  defaultDevClients,
  BFF_CLIENT_ID,
  DEPT_APP_CLIENT_ID,
  DEFAULT_BFF_CLIENT_SECRET,
  type DevBffSite,
  type DevClient,
  type DefaultDevClientsOptions,
} from './clients.js';
export { loadOrCreateJwks, generateJwks, type PrivateJwks } from './jwks.js';
export {
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  type DemoAccount,
  type PlatformUserClaims,
  type RealNameLevel,
  type UserType,
} from './accounts.js';
export { GOVDOCK_SCOPE, PLATFORM_SCOPES } from './claims.js';
export { DEFAULT_TTL, type PlatformTtl } from './provider-config.js';
export type { PlatformLogger } from './logger.js';
