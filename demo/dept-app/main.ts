/**
 * 部门业务系统（演示）: a second application on the unified identity platform, so the gallery can
 * show roaming single sign-on and single logout across two different applications.
 *
 * On load, once per browser tab session, it makes one top-level `prompt=none` request at the
 * platform (no iframe): a visitor already logged in at a GovDock site comes back signed in without a
 * click; one who is not comes back with `login_required` and sees 登录. 退出 is RP-initiated logout
 * with `id_token_hint`; choosing 退出统一身份认证平台 there ends the platform session, and the platform
 * tells GovDock by back-channel, whose widgets then switch to logged out. A logout elsewhere (GovDock,
 * another site, the platform) reaches an open page within a second through the session watch.
 */
import { ErrorResponse, type User } from 'oidc-client-ts';
import { APP_PATH, createUserManager, resolveIssuer, tokenStillAccepted } from './auth.js';
import { watchSession } from './session-watch.js';

const SILENT_TRIED_KEY = 'govdock-dept-app:silent-tried';
/** Set just before 退出: the platform may come back without a `state` to recognise the return by. */
const SIGNING_OUT_KEY = 'govdock-dept-app:signing-out';
/** Set when the platform session was found ended, so a reload still says why the user is signed out. */
const ENDED_KEY = 'govdock-dept-app:ended';
const ENDED_MESSAGE = '您在统一身份认证平台的登录已结束，请重新登录。';
/**
 * Between two questions to the platform while the page is visible: with the question's own round trip
 * this keeps a logout elsewhere under 1 s (issue 3 point 9). A production app with many users would
 * ask less often, or learn by back-channel at its own server.
 */
const WATCH_INTERVAL_MS = 250;
/** What the platform answers a `prompt=none` request when it cannot sign the visitor in silently. */
const SILENT_REFUSALS = new Set([
  'login_required',
  'interaction_required',
  'consent_required',
  'account_selection_required',
]);

const issuer = resolveIssuer(location, sessionStorage);
const manager = createUserManager(issuer);

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} missing`);
  return found as T;
}

const statusText = element('status-text');
const account = element('account');
const loginButton = element<HTMLButtonElement>('login');
const logoutButton = element<HTMLButtonElement>('logout');
const logoutHint = element('logout-hint');

function userTypeText(type: unknown): string {
  if (type === 'legal') return '法人';
  if (type === 'natural') return '自然人';
  return '未知';
}

let stopWatch: (() => void) | undefined;

/** The session watch: polls while the page shows a signed-in user, until the platform says it ended. */
function watch(user: User): void {
  stopWatch?.();
  stopWatch = watchSession({
    intervalMs: WATCH_INTERVAL_MS,
    check: () => tokenStillAccepted(manager, user),
    onEnded: () => {
      stopWatch = undefined;
      void endedElsewhere();
    },
  });
}

async function endedElsewhere(): Promise<void> {
  sessionStorage.setItem(ENDED_KEY, '1');
  show(null, ENDED_MESSAGE);
  await manager.removeUser();
}

function show(user: User | null, message?: string): void {
  const signedIn = !!user;
  if (!signedIn) {
    stopWatch?.();
    stopWatch = undefined;
  }
  account.hidden = !signedIn;
  loginButton.hidden = signedIn;
  logoutButton.hidden = !signedIn;
  logoutHint.hidden = !signedIn;
  document.documentElement.dataset.signedIn = String(signedIn);
  if (user) {
    const profile = user.profile as Record<string, unknown>;
    const name = typeof profile.name === 'string' ? profile.name : String(profile.preferred_username ?? '');
    element('account-name').textContent = name;
    element('account-type').textContent = userTypeText(profile.user_type);
    const org = typeof profile.org_name === 'string' ? profile.org_name : '';
    element('account-org').textContent = org;
    element('account-org').hidden = !org;
    element('account-org-label').hidden = !org;
    statusText.textContent = message ?? `您已登录：${name}`;
    sessionStorage.removeItem(ENDED_KEY);
    watch(user);
  } else {
    statusText.textContent = message ?? '您尚未登录。';
  }
}

const CSP_BLOCKED = '本页的内容安全策略（connect-src）不允许连接统一身份认证平台，因此无法登录。请联系网站管理员。';
let blockedByCsp = false;

function showError(error: unknown): void {
  console.error(error);
  show(null, blockedByCsp ? CSP_BLOCKED : '登录出错了，请稍后再试或点击“登录”重新登录。');
}

// oidc-client-ts calls the platform from this page (discovery, token, userinfo): say so plainly
// when the serving site's CSP does not allow it, instead of a bare "failed to fetch".
document.addEventListener('securitypolicyviolation', (event) => {
  if (!event.violatedDirective.startsWith('connect-src')) return;
  blockedByCsp = true;
  show(null, CSP_BLOCKED);
});

/** Leaves the callback URL (code, state) behind, so a reload does not replay it. */
function cleanUrl(): void {
  history.replaceState(null, '', APP_PATH);
}

async function handleReturn(params: URLSearchParams): Promise<string | undefined> {
  if (params.has('state') && (params.has('code') || params.has('error'))) {
    try {
      await manager.signinRedirectCallback(location.href);
      return undefined;
    } catch (error) {
      if (error instanceof ErrorResponse && error.error && SILENT_REFUSALS.has(error.error)) return '您尚未登录。';
      throw error;
    } finally {
      cleanUrl();
    }
  }
  if (params.has('state')) {
    sessionStorage.removeItem(SIGNING_OUT_KEY);
    try {
      await manager.signoutRedirectCallback(location.href);
    } finally {
      cleanUrl();
    }
    return '您已退出登录。';
  }
  if (params.has('issuer')) cleanUrl();
  if (sessionStorage.getItem(SIGNING_OUT_KEY)) {
    sessionStorage.removeItem(SIGNING_OUT_KEY);
    return '您已退出登录。';
  }
  return undefined;
}

async function start(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const returned = params.has('state') || !!sessionStorage.getItem(SIGNING_OUT_KEY);
  const message = await handleReturn(params);

  let user = await manager.getUser();
  if (user && (user.expired || (!returned && (await tokenStillAccepted(manager, user)) === false))) {
    await manager.removeUser();
    user = null;
    sessionStorage.setItem(ENDED_KEY, '1');
    show(null, ENDED_MESSAGE);
    return;
  }
  if (!user && !returned && !sessionStorage.getItem(SILENT_TRIED_KEY)) {
    // Once per tab session: a top-level round trip to the platform, never an iframe.
    sessionStorage.setItem(SILENT_TRIED_KEY, '1');
    statusText.textContent = '正在通过统一身份认证平台确认登录状态…';
    await manager.signinRedirect({ prompt: 'none' });
    return;
  }
  // Ended while this tab showed it (the watch), and not signed in since: say so again after a reload.
  show(user, message ?? (!user && sessionStorage.getItem(ENDED_KEY) ? ENDED_MESSAGE : undefined));
}

loginButton.addEventListener('click', () => {
  statusText.textContent = '正在前往统一身份认证平台…';
  manager.signinRedirect().catch(showError);
});

logoutButton.addEventListener('click', () => {
  // Leaving to log out: the platform revokes the token on the way, which is no news to tell here.
  stopWatch?.();
  stopWatch = undefined;
  statusText.textContent = '正在前往统一身份认证平台退出…';
  sessionStorage.setItem(SIGNING_OUT_KEY, '1');
  manager
    .getUser()
    .then((user) => manager.signoutRedirect(user?.id_token ? { id_token_hint: user.id_token } : {}))
    .catch(showError);
});

start().catch(showError);
