/**
 * What a platform's refusal looks like to the rest of the BFF: which step, the HTTP status and
 * the platform's own message (masked, since platforms echo ID numbers and mobiles in errors).
 */
import { maskPiiInText } from '../../../privacy/pii.js';

export type PlatformStep = 'token' | 'refresh' | 'userinfo' | 'legal-person' | 'revoke' | 'logout';

const STEP_NAMES: Record<PlatformStep, string> = {
  token: '换取令牌',
  refresh: '刷新令牌',
  userinfo: '获取用户信息',
  'legal-person': '获取法人信息',
  revoke: '吊销令牌',
  logout: '单点退出',
};

export class OAuth2PlatformError extends Error {
  override name = 'OAuth2PlatformError';
  readonly platformMessage?: string;

  constructor(
    readonly step: PlatformStep,
    /** Undefined when the request never got an answer (network, timeout). */
    readonly status: number | undefined,
    platformMessage: string | undefined,
    options?: { cause?: unknown },
  ) {
    const masked = platformMessage === undefined ? undefined : maskPiiInText(platformMessage).slice(0, 300);
    const detail = masked ?? (status === undefined ? '无应答 / no answer' : `HTTP ${status}`);
    super(`统一身份认证平台${STEP_NAMES[step]}失败 / platform refused ${step}: ${detail}`, options);
    this.platformMessage = masked;
  }

  /** A definite answer from the platform (as opposed to a network failure or a 5xx). */
  get refused(): boolean {
    return this.status !== undefined && this.status < 500;
  }
}

/** The callback itself is unusable (no code, a platform error, a state mismatch). */
export class OAuth2CallbackError extends Error {
  override name = 'OAuth2CallbackError';
}
