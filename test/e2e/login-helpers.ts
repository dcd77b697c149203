/**
 * What the login end-to-end test reads from a page: the state `<gov-login>` shows (from its shadow
 * root, as a visitor sees it), the session as the page's own script would ask for it, and everything
 * a page script could read that must never hold a raw ID number, a token or the session id.
 */
import type { Page } from 'playwright-core';

/** What `<gov-login>` shows right now. */
export interface LoginView {
  /** `anonymous`: the 登录 link; `authenticated`: the account button; else still loading / error. */
  shown: 'anonymous' | 'authenticated' | 'loading' | 'error' | 'missing';
  loginHref?: string;
  name?: string;
  badges?: string[];
  notice?: string;
}

export async function loginView(page: Page): Promise<LoginView> {
  // No named helpers inside evaluate: tsx's keep-names wraps them in a `__name` call the page lacks.
  return page.evaluate((): LoginView => {
    const root = document.querySelector('gov-login')?.shadowRoot;
    if (!root) return { shown: 'missing' };
    const notice = (root.querySelector('[part="notice"]')?.textContent ?? '').trim() || undefined;
    const toggle = root.querySelector('button.toggle');
    if (toggle)
      return {
        shown: 'authenticated',
        name: (toggle.querySelector('.name')?.textContent ?? '').trim(),
        badges: [...toggle.querySelectorAll('[part="badge"]')].map((badge) => (badge.textContent ?? '').trim()),
        notice,
      };
    const login = root.querySelector<HTMLAnchorElement>('a[part="button"][href*="/auth/login"]');
    if (login) return { shown: 'anonymous', loginHref: login.href, notice };
    if (root.querySelector('.error')) return { shown: 'error', notice };
    return { shown: 'loading', notice };
  });
}

/** Waits (bounded) until `<gov-login>` shows `shown`; on timeout, says what it shows instead. */
export async function waitForLoginView(
  page: Page,
  shown: LoginView['shown'],
  where: string,
  timeout = 15_000,
): Promise<LoginView> {
  try {
    await page.waitForFunction(
      (wanted) => {
        const root = document.querySelector('gov-login')?.shadowRoot;
        if (!root) return false;
        if (wanted === 'authenticated') return !!root.querySelector('button.toggle .name');
        return !!root.querySelector('a[part="button"][href*="/auth/login"]');
      },
      shown,
      { timeout },
    );
  } catch (error) {
    const seen = await loginView(page).catch((reason: unknown) => String(reason));
    throw new Error(`${where}: <gov-login> did not show ${shown} within ${timeout} ms; shows ${JSON.stringify(seen)}`, {
      cause: error,
    });
  }
  return loginView(page);
}

export interface SessionAnswer {
  status: number;
  text: string;
  body: {
    authenticated?: boolean;
    user?: { displayName?: string; userType?: string; level?: string; maskedId?: string };
    logoutUrl?: string;
    /** Anonymous answers: whether this browser session's roaming check is still due. */
    silentCheckDue?: boolean;
  };
}

/**
 * `GET <bff>/auth/session` from the page, the way the widgets ask (X-CSRF, credentials); `bffBase`
 * is the BFF's mount on the page's site (`/govdock` behind a gateway), '' where the BFF serves the page.
 */
export async function sessionFromPage(page: Page, bffBase = ''): Promise<SessionAnswer> {
  return page.evaluate(async (base) => {
    const response = await fetch(`${base}/auth/session`, { headers: { 'X-CSRF': '1' }, credentials: 'include' });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) as SessionAnswer['body'] };
  }, bffBase);
}

/** Top-level navigations (and their redirects) of a tab into `origin`: a password form there would mean no SSO. */
export function navigationsTo(page: Page, origin: string): string[] {
  const seen: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && frame.url().startsWith(origin)) seen.push(frame.url());
  });
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.url().startsWith(origin)) seen.push(request.url());
  });
  return seen;
}

/** What the 部门业务系统（演示） (demo/dept-app) shows. */
export interface DeptView {
  signedIn: string | undefined;
  name: string;
  type: string;
  status: string;
}

export function deptView(page: Page): Promise<DeptView> {
  return page.evaluate(() => ({
    signedIn: document.documentElement?.dataset.signedIn,
    name: (document.getElementById('account-name')?.textContent ?? '').trim(),
    type: (document.getElementById('account-type')?.textContent ?? '').trim(),
    status: (document.getElementById('status-text')?.textContent ?? '').trim(),
  }));
}

/** Waits until the department app has settled on signed in (`true`) or not (`false`). */
export async function waitForDept(page: Page, signedIn: boolean, where: string, timeout = 15_000): Promise<DeptView> {
  try {
    // `?.`: polled while a navigation swaps the document, when there may be no root element for a moment.
    await page.waitForFunction((wanted) => document.documentElement?.dataset.signedIn === String(wanted), signedIn, {
      timeout,
    });
  } catch (error) {
    const seen = await deptView(page).catch((reason: unknown) => String(reason));
    throw new Error(
      `${where}: the department app is not signed ${signedIn ? 'in' : 'out'}; ${page.url()} shows ${JSON.stringify(seen)}`,
      { cause: error },
    );
  }
  return deptView(page);
}

/**
 * Everything a script on the page can read: the document with every (open) shadow root spelled
 * out, document.cookie and web storage. `page.content()` alone would miss the widgets' shadow DOM.
 */
export async function readableByPage(page: Page): Promise<{ html: string; cookie: string; storage: string }> {
  return page.evaluate(() => {
    const parts: string[] = [document.documentElement.outerHTML];
    const roots: (Document | ShadowRoot)[] = [document];
    for (let root = roots.pop(); root; root = roots.pop())
      for (const element of root.querySelectorAll('*'))
        if (element.shadowRoot) {
          parts.push(element.shadowRoot.innerHTML);
          roots.push(element.shadowRoot);
        }
    const storage = [localStorage, sessionStorage]
      .flatMap((area) => Object.keys(area).map((key) => `${key}=${area.getItem(key) ?? ''}`))
      .join('\n');
    return { html: parts.join('\n'), cookie: document.cookie, storage };
  });
}

/** A JWT (ID / access token) anywhere in the text. */
export const JWT_PATTERN = /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*/;
/** An 18-character 身份证号 standing alone. */
export const ID_NUMBER_PATTERN = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/;
/** OAuth token field names: none belongs in anything the browser sees. */
export const TOKEN_FIELD_PATTERN = /access_token|refresh_token|id_token|accessToken|refreshToken|idToken/;

/**
 * Fills the platform's Chinese login form (账号 / 密码, found by their labels) and submits it with
 * the form's own 登录 button, not the one-click demo buttons.
 */
export async function submitPlatformLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('账号', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.locator('form.stack').getByRole('button', { name: '登录', exact: true }).click();
}
