/**
 * Reaches every configured endpoint of the unified identity platform (统一身份认证平台): OIDC
 * discovery and what it names (JWKS above all: without keys no ID token verifies), or the
 * endpoints of an `oauth2` profile; and the TLS of every https host among them. "Reachable" means
 * the platform answered — a 400 from an authorize endpoint called without parameters is expected;
 * only no answer, or a 5xx, counts against it.
 */
import type { Config } from '../../config.js';
import { fillUrl } from '../../auth/providers/oauth2/templates.js';
import { probeHttp, probeLine, type FetchLike, type HttpProbe } from './http-probe.js';
import { probeTls, type TlsProbe } from './tls-probe.js';
import type { CheckResult, CheckStatus } from './types.js';

type AuthConfig = NonNullable<Config['auth']>;

export interface AuthCheckOptions {
  fetch?: FetchLike;
  timeoutMs?: number;
  /** For certificate expiry (tests). */
  now?: number;
  /** Certificates expiring within this many days are a warning. */
  certificateWarnDays?: number;
}

interface NamedEndpoint {
  /** Stable key, e.g. `token`. */
  key: string;
  /** Chinese name. */
  label: string;
  url: string;
}

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|\[::1\]|localhost)$/;

function check(id: string, title: string, status: CheckStatus, summary: string, evidence: string[]): CheckResult {
  return { group: 'auth', id, title, status, summary, evidence };
}

function discoveryUrl(issuer: string): string {
  // OIDC Discovery 1.0 §4: the issuer without a trailing slash, then the well-known path.
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

const OIDC_METADATA: readonly [string, string, string][] = [
  ['authorization_endpoint', 'authorization', '授权（登录）地址'],
  ['token_endpoint', 'token', '令牌地址'],
  ['userinfo_endpoint', 'userinfo', '用户信息地址'],
  ['jwks_uri', 'jwks', '签名公钥（JWKS）'],
  ['end_session_endpoint', 'end_session', '退出登录地址'],
  ['revocation_endpoint', 'revocation', '令牌吊销地址'],
];

function endpointsFromMetadata(metadata: Record<string, unknown>): NamedEndpoint[] {
  const endpoints: NamedEndpoint[] = [];
  for (const [field, key, label] of OIDC_METADATA) {
    const value = metadata[field];
    if (typeof value === 'string' && URL.canParse(value)) endpoints.push({ key, label, url: value });
  }
  return endpoints;
}

function staticOidcEndpoints(auth: AuthConfig): NamedEndpoint[] {
  const endpoints = auth.endpoints;
  if (!endpoints) return [];
  return endpointsFromMetadata({
    authorization_endpoint: endpoints.authorization,
    token_endpoint: endpoints.token,
    userinfo_endpoint: endpoints.userinfo,
    jwks_uri: endpoints.jwks,
    end_session_endpoint: endpoints.endSession,
    revocation_endpoint: endpoints.revocation,
  });
}

/** The profile's URL templates with `{baseUrl}` and `{clientId}` filled and other placeholders empty. */
function oauth2Endpoints(auth: AuthConfig): NamedEndpoint[] {
  const profile = auth.oauth2Profile;
  if (!profile) return [];
  const lookup = (name: string) => (name === 'baseUrl' ? profile.baseUrl : name === 'clientId' ? profile.clientId : '');
  const templates: [string, string, string | undefined][] = [
    ['authorize', '授权（登录）地址', profile.endpoints.authorize],
    ['token', '令牌地址', profile.endpoints.token],
    ['userinfo', '用户信息地址', profile.endpoints.userinfo],
    ['legal_person', '法人信息地址', profile.userinfo.legalPerson?.endpoint],
    ['logout_redirect', '退出登录页面', profile.endpoints.logoutRedirect],
    ['logout_api', '单点退出接口', profile.endpoints.logoutApi],
    ['revoke', '令牌吊销地址', profile.endpoints.revoke],
  ];
  const endpoints: NamedEndpoint[] = [];
  for (const [key, label, template] of templates) {
    if (!template) continue;
    try {
      const url = fillUrl(template, lookup);
      // Placeholders filled with nothing leave `param=` behind; the query is not what we test.
      endpoints.push({ key, label, url: `${url.origin}${url.pathname}` });
    } catch {
      // A template the profile validation accepted always fills; nothing to report otherwise.
    }
  }
  return endpoints;
}

function endpointCheck(endpoint: NamedEndpoint, probe: HttpProbe): CheckResult {
  const id = `auth.endpoint.${endpoint.key}`;
  const title = `${endpoint.label}可达`;
  const evidence = [probeLine(probe)];
  if (!probe.answered) return check(id, title, 'fail', `无法访问${endpoint.label}`, evidence);
  if ((probe.status ?? 0) >= 500) {
    return check(id, title, 'warn', `${endpoint.label}返回服务器错误 HTTP ${probe.status}`, evidence);
  }
  if (endpoint.key === 'jwks') {
    const keys = (probe.json as { keys?: unknown } | undefined)?.keys;
    if (probe.status !== 200 || !Array.isArray(keys) || keys.length === 0) {
      return check(id, title, 'fail', '签名公钥不可用：无法校验 ID 令牌', evidence);
    }
    evidence.push(`公钥数量 ${keys.length}`);
    return check(id, title, 'pass', `签名公钥可用（${keys.length} 个）`, evidence);
  }
  evidence.push('未带参数访问，平台有应答（4xx 属正常）');
  return check(id, title, 'pass', `平台应答 HTTP ${probe.status}`, evidence);
}

function tlsCheck(origin: URL, probe: TlsProbe | undefined, warnDays: number): CheckResult {
  const id = `auth.tls.${origin.host}`;
  const title = `传输加密（TLS）${origin.host}`;
  if (origin.protocol === 'http:') {
    if (LOOPBACK.test(origin.hostname)) {
      return check(id, title, 'warn', '本机开发平台使用 http，正式对接须使用 https', [`${origin.origin} 未加密`]);
    }
    return check(id, title, 'fail', '统一身份认证平台必须使用 https', [`${origin.origin} 未加密，令牌会明文传输`]);
  }
  if (!probe || !probe.connected) {
    return check(id, title, 'fail', 'TLS 握手失败', [`${origin.host}: ${probe?.error ?? '未知错误'}`]);
  }
  const evidence = [
    `协议 ${probe.protocol ?? '未知'}`,
    `证书主体 ${probe.subject ?? '未知'}，签发者 ${probe.issuer ?? '未知'}`,
    probe.validTo ? `有效期至 ${probe.validTo.toISOString().slice(0, 10)}（剩余 ${probe.daysLeft} 天）` : '有效期未知',
  ];
  if (!probe.authorized) {
    evidence.push(`证书校验失败：${probe.authorizationError ?? '未知原因'}`);
    return check(id, title, 'fail', '服务器证书不受信任', evidence);
  }
  if (probe.protocol && /^(SSLv|TLSv1(\.1)?$)/.test(probe.protocol)) {
    return check(id, title, 'warn', `协议版本过旧（${probe.protocol}）`, evidence);
  }
  if (probe.daysLeft !== undefined && probe.daysLeft < warnDays) {
    return check(id, title, 'warn', `证书将在 ${probe.daysLeft} 天后过期`, evidence);
  }
  return check(id, title, 'pass', '证书受信任且在有效期内', evidence);
}

async function tlsChecks(urls: readonly string[], options: AuthCheckOptions): Promise<CheckResult[]> {
  const origins = new Map<string, URL>();
  for (const url of urls) {
    const parsed = new URL(url);
    origins.set(parsed.origin, parsed);
  }
  return Promise.all(
    [...origins.values()].map(async (origin) => {
      const probe =
        origin.protocol === 'https:'
          ? await probeTls(
              origin.hostname.replace(/^\[|\]$/g, ''),
              Number(origin.port || 443),
              options.timeoutMs,
              options.now,
            )
          : undefined;
      return tlsCheck(origin, probe, options.certificateWarnDays ?? 30);
    }),
  );
}

async function oidcDiscovery(
  auth: AuthConfig,
  options: AuthCheckOptions,
): Promise<{ check: CheckResult; endpoints: NamedEndpoint[]; backchannel?: CheckResult }> {
  const url = discoveryUrl(auth.issuer);
  const probe = await probeHttp(url, { readJson: true, fetch: options.fetch, timeoutMs: options.timeoutMs });
  const id = 'auth.discovery';
  const title = 'OIDC 发现文档（openid-configuration）';
  const evidence = [probeLine(probe)];
  const metadata = probe.json as Record<string, unknown> | undefined;
  if (!probe.answered || probe.status !== 200 || !metadata || typeof metadata !== 'object') {
    return { check: check(id, title, 'fail', '无法取得发现文档', evidence), endpoints: [] };
  }
  const endpoints = endpointsFromMetadata(metadata);
  evidence.push(`issuer ${String(metadata.issuer)}`, ...endpoints.map((e) => `${e.label}: ${e.url}`));
  let backchannel: CheckResult | undefined;
  if (metadata.backchannel_logout_supported !== true) {
    backchannel = check(
      'auth.backchannel',
      '后台退出通知（Back-Channel Logout）',
      'warn',
      '平台未声明支持后台退出通知：在其他应用退出后，本站会话要到过期才结束',
      ['backchannel_logout_supported 未设为 true'],
    );
  } else {
    backchannel = check('auth.backchannel', '后台退出通知（Back-Channel Logout）', 'pass', '平台支持后台退出通知', [
      'backchannel_logout_supported: true',
    ]);
  }
  if (metadata.issuer !== auth.issuer) {
    return {
      check: check(id, title, 'fail', '发现文档中的 issuer 与配置不一致：ID 令牌校验将失败', [
        ...evidence,
        `配置的 issuer ${auth.issuer}`,
      ]),
      endpoints,
      backchannel,
    };
  }
  if (!endpoints.some((endpoint) => endpoint.key === 'jwks')) {
    return {
      check: check(id, title, 'fail', '发现文档缺少 jwks_uri', evidence),
      endpoints,
      backchannel,
    };
  }
  return { check: check(id, title, 'pass', '发现文档可用，issuer 一致', evidence), endpoints, backchannel };
}

export async function authChecks(config: Pick<Config, 'auth'>, options: AuthCheckOptions = {}): Promise<CheckResult[]> {
  const auth = config.auth;
  if (!auth) {
    return [
      check('auth.config', '统一身份认证配置', 'warn', '未配置统一身份认证：网站只能匿名使用，登录不可用', [
        '未设置 AUTH_ISSUER / auth 配置节',
      ]),
    ];
  }
  const results: CheckResult[] = [
    check('auth.config', '统一身份认证配置', 'pass', `已配置（${auth.dialect}）`, [
      `方式 ${auth.dialect}${auth.dialect === 'oauth2' ? `，平台配置 ${auth.oauth2Profile?.name ?? auth.profile}` : ''}`,
      `issuer ${auth.issuer}`,
      `应用标识 client_id ${auth.clientId}`,
      '客户端密钥是否正确需在登录联调中验证（此处不发送密钥）',
    ]),
  ];
  let endpoints: NamedEndpoint[];
  if (auth.dialect === 'oidc' && auth.discovery) {
    const discovered = await oidcDiscovery(auth, options);
    results.push(discovered.check);
    if (discovered.backchannel) results.push(discovered.backchannel);
    endpoints = discovered.endpoints;
  } else {
    endpoints = auth.dialect === 'oidc' ? staticOidcEndpoints(auth) : oauth2Endpoints(auth);
  }
  const probes = await Promise.all(
    endpoints.map((endpoint) =>
      probeHttp(endpoint.url, {
        readJson: endpoint.key === 'jwks',
        fetch: options.fetch,
        timeoutMs: options.timeoutMs,
      }),
    ),
  );
  endpoints.forEach((endpoint, index) => results.push(endpointCheck(endpoint, probes[index] as HttpProbe)));
  const urls = [auth.dialect === 'oidc' && auth.discovery ? discoveryUrl(auth.issuer) : undefined]
    .concat(endpoints.map((endpoint) => endpoint.url))
    .filter((url): url is string => url !== undefined);
  results.push(...(await tlsChecks(urls, options)));
  return results;
}
