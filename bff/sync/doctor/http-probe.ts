/**
 * One HTTP request to a platform endpoint, reported as evidence: the answer's status and time, or
 * why there was none (refused, unknown host, certificate, time-out) in words an operator can act
 * on. Redirects are not followed: a 302 from an authorize endpoint is an answer, not a failure.
 */

export interface HttpProbe {
  url: string;
  method: 'GET' | 'POST';
  /** An HTTP answer came back (whatever its status). */
  answered: boolean;
  status?: number;
  contentType?: string;
  ms: number;
  /** Chinese reason when there was no answer, with the low-level code in brackets. */
  error?: string;
  /** Parsed body when asked for and it was JSON. */
  json?: unknown;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: '连接被拒绝（端口未开放或服务未启动）',
  ENOTFOUND: '域名无法解析',
  EAI_AGAIN: '域名解析暂时失败',
  ECONNRESET: '连接被对方重置',
  ETIMEDOUT: '连接超时',
  EHOSTUNREACH: '主机不可达',
  ENETUNREACH: '网络不可达',
  CERT_HAS_EXPIRED: '服务器证书已过期',
  DEPTH_ZERO_SELF_SIGNED_CERT: '服务器使用自签名证书',
  SELF_SIGNED_CERT_IN_CHAIN: '证书链中有自签名证书（缺少受信任的根证书）',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: '无法验证服务器证书（缺少中间证书）',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: '无法验证服务器证书（本机缺少签发机构证书）',
  ERR_TLS_CERT_ALTNAME_INVALID: '证书域名与访问地址不符',
  UND_ERR_CONNECT_TIMEOUT: '连接超时',
  UND_ERR_SOCKET: '连接中断',
};

/** The innermost error code of a fetch failure (undici wraps the socket error in `cause`). */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code in NETWORK_REASONS) return code;
    current = (current as { cause?: unknown }).cause;
  }
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'TIMEOUT';
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

export function describeNetworkError(error: unknown, timeoutMs: number): string {
  const code = errorCode(error);
  if (code === 'TIMEOUT') return `${timeoutMs / 1000} 秒内无响应（超时）`;
  if (code && NETWORK_REASONS[code]) return `${NETWORK_REASONS[code]} [${code}]`;
  const message = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : '';
  return `无法连接${code ? ` [${code}]` : ''}${message ? `：${message}` : ''}`;
}

export async function probeHttp(
  url: string,
  options: { method?: 'GET' | 'POST'; timeoutMs?: number; readJson?: boolean; fetch?: FetchLike } = {},
): Promise<HttpProbe> {
  const method = options.method ?? 'GET';
  const timeoutMs = options.timeoutMs ?? 8000;
  const doFetch = options.fetch ?? fetch;
  const started = performance.now();
  try {
    const response = await doFetch(url, {
      method,
      redirect: 'manual',
      headers: { Accept: 'application/json, */*' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const contentType = response.headers.get('content-type') ?? undefined;
    let json: unknown;
    if (options.readJson && contentType?.includes('json')) {
      try {
        json = await response.json();
      } catch {
        json = undefined;
      }
    } else {
      // Release the connection; the body is not evidence.
      await response.body?.cancel();
    }
    return {
      url,
      method,
      answered: true,
      status: response.status,
      contentType,
      ms: Math.round(performance.now() - started),
      json,
    };
  } catch (error) {
    return {
      url,
      method,
      answered: false,
      ms: Math.round(performance.now() - started),
      error: describeNetworkError(error, timeoutMs),
    };
  }
}

/** `GET https://… → 200 application/json (35 ms)` or `GET https://… → 无法连接：…`. */
export function probeLine(probe: HttpProbe): string {
  if (!probe.answered) return `${probe.method} ${probe.url} → ${probe.error} (${probe.ms} ms)`;
  const type = probe.contentType ? ` ${probe.contentType.split(';')[0]}` : '';
  return `${probe.method} ${probe.url} → HTTP ${probe.status}${type} (${probe.ms} ms)`;
}
