/**
 * Runs the development unified-auth platform alone:
 *   node --import tsx bff/dev/auth-platform/main.ts --port 8788 [--bff http://127.0.0.1:8787]
 *     [--dept-app http://127.0.0.1:5173] [--jwks data/auth-platform/jwks.json] [--issuer http://localhost:8788]
 *     [--site https://harbin.gov.cn/govdock …]   (further sites of the BFF: redirect and post-logout URIs registered)
 */
import { parseArgs } from 'node:util';
import { defaultDevClients } from './clients.js';
import { loadOrCreateJwks } from './jwks.js';
import { consoleLogger } from './logger.js';
import { startDevAuthPlatform } from './start.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8788' },
    host: { type: 'string', default: '127.0.0.1' },
    issuer: { type: 'string' },
    bff: { type: 'string', default: 'http://127.0.0.1:8787' },
    'dept-app': { type: 'string', default: 'http://127.0.0.1:5173' },
    jwks: { type: 'string' },
    site: { type: 'string', multiple: true, default: [] },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${values.port}`);

const platform = await startDevAuthPlatform({
  host: values.host,
  port,
  issuer: values.issuer,
  clients: defaultDevClients({
    bffBaseUrl: values.bff,
    deptAppUrl: values['dept-app'],
    bffSites: values.site.map((site) => {
      const base = site.replace(/\/+$/, '');
      return { redirectUri: `${base}/auth/callback`, postLogoutRedirectUri: `${base}/` };
    }),
  }),
  jwks: values.jwks ? await loadOrCreateJwks(values.jwks) : undefined,
  logger: consoleLogger,
});
console.log(`统一身份认证平台（开发环境）: ${platform.issuer}`);
console.log(`discovery: ${platform.issuer}/.well-known/openid-configuration`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void platform.close().then(() => process.exit(0));
  });
}
