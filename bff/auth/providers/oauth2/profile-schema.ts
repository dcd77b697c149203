/**
 * The generic `oauth2` profile: every difference between provincial unified identity platforms
 * (统一身份认证平台) is a key here, so a new province is a new JSON file, never new code.
 * Objects are strict: a typo'd key is an error naming the key, not a silently ignored setting.
 * Messages are Chinese first, then English, because operators of both kinds read them.
 */
import { z } from 'zod';
import { isJsonPath } from './json-path.js';

/** Strict object whose unknown-key error names the key (the default message does not say which). */
function strict<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `未知配置项 ${issue.keys.map((key) => `"${key}"`).join('、')}（拼写错误？）/ unknown key(s): ${issue.keys.join(', ')}`
        : undefined,
  });
}

const oneOf = <const Values extends readonly [string, ...string[]]>(values: Values) =>
  z.enum(values, { error: () => `取值须为 ${values.join(' | ')} / must be one of ${values.join(' | ')}` });

const bool = z.boolean({ error: () => '须为 true 或 false / must be a boolean' });
const text = z.string({ error: () => '须为字符串 / must be a string' }).min(1, '不能为空 / must not be empty');

const jsonPath = z
  .string({ error: () => '须为 JSON 路径字符串 / must be a JSON path string' })
  .refine(isJsonPath, { error: (issue) => `JSON 路径格式错误 / malformed JSON path: ${String(issue.input)}` });
/** One path, or several tried in order (first present wins). */
const paths = z.union([jsonPath, z.array(jsonPath).min(1)], {
  error: () => '须为 JSON 路径或路径数组 / must be a JSON path or an array of paths',
});

/** `{baseUrl}/rest/oauth2/token`: `{baseUrl}` is replaced raw, other `{name}`s URL-encoded. */
const urlTemplate = text.refine(
  (value) => {
    try {
      const url = new URL(value.replace(/\{baseUrl\}/g, 'https://base.example').replace(/\{(\w+)\}/g, '$1'));
      return /^https?:$/.test(url.protocol);
    } catch {
      return false;
    }
  },
  {
    error: (issue) =>
      `须为 http(s) 地址或以 {baseUrl} 开头的模板 / must be an http(s) URL template: ${String(issue.input)}`,
  },
);

const scalar = z.union([z.string(), z.number(), z.boolean()]);
/** Fixed parameters; string values may hold `{name}` placeholders, objects are sent as JSON text. */
const params = z.record(z.string(), z.union([scalar, z.record(z.string(), scalar)]), {
  error: () => '须为 参数名→值 的对象 / must be an object of parameter name → value',
});

/** `status.code == 1`, `result == 0`, `code in ["0","200"]`: compared as text, so 0 and "0" match. */
const successPredicate = strict({
  path: jsonPath,
  equals: z.union([scalar, z.array(scalar).min(1)], {
    error: () => '须为期望值或期望值数组 / must be an expected value or an array of them',
  }),
});

const signingSchema = strict({
  algorithm: oneOf(['md5', 'hmac-sha256']),
  /** The string to sign is these parts concatenated, in this order (Zhejiang: AK + SK + time). */
  order: z
    .array(oneOf(['appKey', 'secret', 'timestamp']))
    .min(1)
    .default(['appKey', 'secret', 'timestamp']),
  timestampFormat: oneOf(['yyyyMMddHHmmss', 'epoch-s', 'epoch-ms']).default('yyyyMMddHHmmss'),
  /** For yyyyMMddHHmmss: the platform's wall clock; Beijing time (UTC+8) everywhere so far. */
  utcOffsetMinutes: z.number().int().min(-720).max(840).default(480),
  appKeyParam: text.default('appKey'),
  timestampParam: text.default('timestamp'),
  signParam: text.default('sign'),
  hexCase: oneOf(['lower', 'upper']).default('lower'),
});

const method = oneOf(['get', 'post-form', 'post-json']);

const tokenResponseSchema = strict({
  /** Absent: any 2xx JSON carrying an access token is a success. */
  success: successPredicate.optional(),
  accessToken: paths.default('access_token'),
  refreshToken: paths.optional(),
  expiresIn: strict({ path: paths, unit: oneOf(['s', 'ms']).default('s') }).optional(),
  /** Some platforms name the user in the token response; otherwise the subject comes from user info. */
  subject: paths.optional(),
  errorMessage: paths.default(['error_description', 'errmsg', 'message', 'msg', 'error']),
});

const tokenSchema = strict({
  method: method.default('post-form'),
  /**
   * basic: `Authorization: Basic base64(id:secret)` WITHOUT percent-encoding (anchors §11.12);
   * post: id and secret as body parameters (query for `get`); query: in the URL query even on POST
   * (Epoint); signed: appKey + timestamp + signature from `signing`, the secret never sent.
   */
  clientAuth: oneOf(['basic', 'post', 'query', 'signed']).default('basic'),
  clientIdParam: text.default('client_id'),
  clientSecretParam: text.default('client_secret'),
  /** Name of the code/ticket parameter in the exchange (Zhejiang: `st`). */
  codeParam: text.default('code'),
  /** null: no grant_type sent (ticket validation). */
  grantType: z.union([text, z.null()]).default('authorization_code'),
  sendRedirectUri: bool.default(true),
  redirectUriParam: text.default('redirect_uri'),
  extraParams: params.default({}),
  response: tokenResponseSchema.default({
    accessToken: 'access_token',
    errorMessage: ['error_description', 'errmsg', 'message', 'msg', 'error'],
  }),
});

const refreshSchema = strict({
  grantType: text.default('refresh_token'),
  refreshTokenParam: text.default('refresh_token'),
  extraParams: params.default({}),
});

/** How a call carries the user's access token. */
const tokenPlacement = oneOf(['bearer', 'query', 'form']);

const userRequestFields = {
  method: method.default('get'),
  tokenPlacement: tokenPlacement.default('bearer'),
  /** For `query` / `form` placement (Zhejiang: `token`). */
  tokenParam: text.default('access_token'),
  /** Adds appKey / timestamp / sign from `signing` (Zhejiang signs every call). */
  signed: bool.default(false),
  extraParams: params.default({}),
  success: successPredicate.optional(),
  errorMessage: paths.default(['errmsg', 'status.text', 'message', 'msg', 'error_description', 'error']),
};

/** JSON paths in the user-info response → SessionUser fields. */
const fieldMapFields = {
  displayName: paths.optional(),
  /** Fallback name for an account without 姓名. */
  username: paths.optional(),
  userType: paths.optional(),
  realNameLevel: paths.optional(),
  idType: paths.optional(),
  /** Masked at once; only `maskedId` and the keyed `idKeyHash` leave the mapping. */
  idNumber: paths.optional(),
  mobile: paths.optional(),
  /** 单位名称 */
  orgName: paths.optional(),
  /** 统一社会信用代码 */
  creditCode: paths.optional(),
  /** 经办人 */
  agentName: paths.optional(),
};

const legalPersonSchema = strict({
  endpoint: urlTemplate,
  ...userRequestFields,
  /** Fields read from this second response; they override those of the first call. */
  fields: strict(fieldMapFields),
});

const userinfoSchema = strict({
  ...userRequestFields,
  fields: strict({ subject: paths, ...fieldMapFields }),
  /** Raw user-type values meaning 法人; anything else is 自然人. */
  legalUserTypes: z.array(scalar).default([]),
  /** Raw level → number (Zhejiang 1 非实名, 2 初级, 3 高级); unlisted values → 0; absent: the raw value as a number. */
  realNameLevels: z.record(z.string(), z.number()).optional(),
  /** Raw ID type → the value kept (e.g. GA/T 517 codes); absent or unlisted: the raw value. */
  idTypes: z.record(z.string(), z.string()).optional(),
  /** A second call for 法人 accounts (Epoint getCompanyData); params may use `{path}` from the first. */
  legalPerson: legalPersonSchema.optional(),
});

const endpointsSchema = strict({
  authorize: urlTemplate,
  token: urlTemplate,
  userinfo: urlTemplate.optional(),
  /** Browser logout page; placeholders `{postLogoutRedirectUri}`, `{clientId}`, `{state}`, `{idToken}`. */
  logoutRedirect: urlTemplate.optional(),
  /** Server-to-server logout (单点退出), called at our logout; params from `logoutApi`. */
  logoutApi: urlTemplate.optional(),
  /** RFC 7009-style revocation. */
  revoke: urlTemplate.optional(),
});

const authorizeSchema = strict({
  clientIdParam: text.default('client_id'),
  redirectUriParam: text.default('redirect_uri'),
  /** null: not sent (Zhejiang). */
  responseType: z.union([text, z.null()]).default('code'),
  stateParam: text.default('state'),
  /** Sends a PKCE S256 challenge (and the verifier at the token exchange). */
  pkce: bool.default(true),
  /** The redirect URL encoded once more before it becomes a parameter (platforms that decode twice). */
  doubleEncodeRedirect: bool.default(false),
  extraParams: params.default({}),
  /** Parameters for a silent check (prompt=none); absent: the platform has none and prompt is ignored. */
  silentParams: params.optional(),
});

const callbackSchema = strict({
  /** `code`, `ticket`, `st`, `ticketId`… */
  codeParam: text.default('code'),
  errorParam: text.default('error'),
  errorDescriptionParam: text.default('error_description'),
});

const logoutApiSchema = strict({
  method: method.default('post-form'),
  tokenPlacement: oneOf(['bearer', 'query', 'form', 'none']).default('form'),
  tokenParam: text.default('access_token'),
  signed: bool.default(false),
  /** Placeholders `{clientId}`, `{accessToken}`. */
  extraParams: params.default({}),
});

export const oauth2ProfileSchema = strict({
  dialect: z.literal('oauth2', { error: () => 'dialect 须为 "oauth2" / must be "oauth2"' }),
  /** Short name shown in logs (epoint, zhejiang…). */
  name: text,
  description: z.string().optional(),
  /** Replaces `{baseUrl}` in endpoints; usually set by the operator's config, not the shipped file. */
  baseUrl: z
    .string({ error: () => '缺少 baseUrl（平台地址）/ baseUrl is required' })
    .url('baseUrl 须为 http(s) 地址 / baseUrl must be a URL'),
  /** Sessions are indexed by issuer + subject; defaults to baseUrl. */
  issuer: text.optional(),
  /** The app id at the platform (client_id / servicecode / appMark / AK). */
  clientId: z.string({ error: () => '缺少 clientId（应用标识）/ clientId is required' }).min(1),
  endpoints: endpointsSchema,
  authorize: authorizeSchema.default({
    clientIdParam: 'client_id',
    redirectUriParam: 'redirect_uri',
    responseType: 'code',
    stateParam: 'state',
    pkce: true,
    doubleEncodeRedirect: false,
    extraParams: {},
  }),
  /**
   * false: the platform does not send `state` back, so none is sent or checked and the flow is
   * bound by the flow cookie alone. Residual risk: login CSRF is then only as strong as that
   * cookie (a login forced into another browser still needs a flow cookie there), and two flows
   * in one browser cannot be told apart by the callback.
   */
  stateEchoed: bool.default(true),
  /**
   * For platforms that do not echo `state` but keep the query of the redirect URL (appending
   * their ticket to it): the state travels inside the redirect URL and is checked again. Off by
   * default because a platform that matches the registered URL exactly will refuse it.
   */
  stateInRedirectUri: bool.default(false),
  callback: callbackSchema.default({
    codeParam: 'code',
    errorParam: 'error',
    errorDescriptionParam: 'error_description',
  }),
  signing: signingSchema.optional(),
  token: tokenSchema,
  /** Absent: the platform issues no refresh tokens and the session ends at token expiry. */
  refresh: refreshSchema.optional(),
  userinfo: userinfoSchema,
  logoutApi: logoutApiSchema.optional(),
  /** Per back-channel request. */
  timeoutMs: z.number().int().positive().default(10_000),
}).superRefine((profile, ctx) => {
  const needsSigning =
    profile.token.clientAuth === 'signed' ||
    profile.userinfo.signed ||
    profile.userinfo.legalPerson?.signed === true ||
    profile.logoutApi?.signed === true;
  if (needsSigning && !profile.signing) {
    ctx.addIssue({
      code: 'custom',
      path: ['signing'],
      message: '使用签名请求时须配置 signing / signing is required when a request is signed',
    });
  }
  if (!profile.endpoints.userinfo && !profile.token.response.subject) {
    ctx.addIssue({
      code: 'custom',
      path: ['endpoints', 'userinfo'],
      message:
        '须配置 userinfo 地址或 token.response.subject / userinfo endpoint or token.response.subject is required',
    });
  }
  if (profile.logoutApi && !profile.endpoints.logoutApi) {
    ctx.addIssue({
      code: 'custom',
      path: ['endpoints', 'logoutApi'],
      message: '配置了 logoutApi 时须给出其地址 / endpoints.logoutApi is required with logoutApi',
    });
  }
});

export type OAuth2Profile = z.infer<typeof oauth2ProfileSchema>;
export type OAuth2ProfileInput = z.input<typeof oauth2ProfileSchema>;
export type SigningProfile = NonNullable<OAuth2Profile['signing']>;
export type SuccessPredicate = z.infer<typeof successPredicate>;
export type ParamValues = z.infer<typeof params>;
export type RequestMethod = z.infer<typeof method>;

/** One line per issue, each naming the full key path (`token.clientAuth: …`). */
export function describeProfileIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(profile)'}: ${issue.message}`)
    .join('\n');
}
