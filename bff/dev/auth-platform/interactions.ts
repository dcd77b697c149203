/**
 * The login and consent steps (oidc-provider "interactions"), replacing its English dev pages.
 * Routes: GET /interaction/:uid, POST /interaction/:uid/login | /confirm | /abort.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import { verifyDemoCredentials } from './credentials.js';
import { FormTooLargeError, readForm, sendHtml } from './http-util.js';
import type { PlatformLogger } from './logger.js';
import { consentPage, errorPage, loginPage } from './pages.js';

export interface InteractionDeps {
  provider: Provider;
  firstPartyClientIds: ReadonlySet<string>;
  pageHeaders: Record<string, string>;
  logger: PlatformLogger;
}

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

const ROUTE = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|confirm|abort))?$/;

/** True when the request was an interaction route and has been answered. */
export async function handleInteraction(
  deps: InteractionDeps,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<boolean> {
  const match = ROUTE.exec(pathname);
  if (!match) return false;
  const [, uid = '', action] = match;
  const method = req.method ?? 'GET';
  const expected = action ? 'POST' : 'GET';
  if (method !== expected) {
    res.writeHead(405, { Allow: expected }).end();
    return true;
  }
  try {
    // interactionDetails checks the interaction cookie, so a uid alone cannot drive someone's login.
    const details = await deps.provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new errors.SessionNotFound('interaction uid mismatch');
    if (!action) await show(deps, req, res, details);
    else if (action === 'login') await login(deps, req, res, details);
    else if (action === 'confirm') await confirm(deps, req, res, details);
    else await abort(deps, req, res);
  } catch (error) {
    if (res.headersSent) throw error;
    sendInteractionError(deps, res, error, pathname);
  }
  return true;
}

async function clientName(deps: InteractionDeps, details: Details): Promise<string> {
  const clientId = String(details.params.client_id ?? '');
  const client = await deps.provider.Client.find(clientId);
  return client?.clientName ?? clientId;
}

async function show(deps: InteractionDeps, req: IncomingMessage, res: ServerResponse, details: Details) {
  const { uid, prompt, params } = details;
  if (prompt.name === 'login') {
    const username = typeof params.login_hint === 'string' ? params.login_hint : undefined;
    sendHtml(res, 200, loginPage({ uid, clientName: await clientName(deps, details), username }), deps.pageHeaders);
    return;
  }
  if (prompt.name === 'consent') {
    if (deps.firstPartyClientIds.has(String(params.client_id))) {
      await grantConsent(deps, req, res, details);
      return;
    }
    const scopes = String(params.scope ?? '')
      .split(' ')
      .filter((scope) => scope && scope !== 'openid');
    sendHtml(res, 200, consentPage({ uid, clientName: await clientName(deps, details), scopes }), deps.pageHeaders);
    return;
  }
  throw new Error(`unsupported prompt ${prompt.name}`);
}

async function login(deps: InteractionDeps, req: IncomingMessage, res: ServerResponse, details: Details) {
  if (details.prompt.name !== 'login') throw new errors.InvalidRequest('login is not the pending step');
  const form = await readForm(req);
  const username = form.get('username') ?? '';
  const account = verifyDemoCredentials(username, form.get('password') ?? '');
  if (!account) {
    const page = loginPage({ uid: details.uid, clientName: await clientName(deps, details), username, failed: true });
    sendHtml(res, 400, page, deps.pageHeaders);
    return;
  }
  await deps.provider.interactionFinished(
    req,
    res,
    { login: { accountId: account.accountId, amr: ['pwd'], remember: true } },
    { mergeWithLastSubmission: false },
  );
}

async function confirm(deps: InteractionDeps, req: IncomingMessage, res: ServerResponse, details: Details) {
  if (details.prompt.name !== 'consent') throw new errors.InvalidRequest('consent is not the pending step');
  await readForm(req);
  await grantConsent(deps, req, res, details);
}

/** Grants exactly what the pending request is missing, the pattern oidc-provider documents. */
async function grantConsent(deps: InteractionDeps, req: IncomingMessage, res: ServerResponse, details: Details) {
  const { provider } = deps;
  const accountId = details.session?.accountId;
  if (!accountId) throw new errors.SessionNotFound('no logged-in account for consent');
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
  if (!grant) throw new errors.SessionNotFound('grant not found');
  const missing = details.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

async function abort(deps: InteractionDeps, req: IncomingMessage, res: ServerResponse) {
  await readForm(req);
  await deps.provider.interactionFinished(
    req,
    res,
    { error: 'access_denied', error_description: 'End-User aborted interaction' },
    { mergeWithLastSubmission: false },
  );
}

function sendInteractionError(deps: InteractionDeps, res: ServerResponse, error: unknown, pathname: string): void {
  if (error instanceof FormTooLargeError) {
    sendHtml(res, 413, errorPage({ title: '请求过大', message: '提交的内容过多，请返回重试。' }), deps.pageHeaders);
    return;
  }
  if (error instanceof errors.SessionNotFound || error instanceof errors.InvalidRequest) {
    const page = errorPage({
      title: '登录请求已失效',
      message: '本次登录请求已过期或已完成。请返回原网站，重新点击“登录”。',
      code: error.error,
    });
    sendHtml(res, 400, page, deps.pageHeaders);
    return;
  }
  deps.logger.error({ err: String(error), pathname }, 'auth platform interaction failed');
  sendHtml(
    res,
    500,
    errorPage({ title: '系统错误', message: '平台暂时无法处理您的请求，请稍后再试。' }),
    deps.pageHeaders,
  );
}
