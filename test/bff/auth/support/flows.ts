/** Login steps a test composes: start at the BFF, log in at the platform, come back. */
import { DEMO_PASSWORD } from '../../../../bff/dev/auth-platform/index.js';
import { loginFormAction, type AuthTestBrowser, type Page } from './browser.js';
import type { AuthStack } from './stack.js';

export const CSRF = { 'X-CSRF': '1' } as const;

export const isCallback = (stack: AuthStack) => (url: URL) =>
  url.origin === stack.bff.url && url.pathname === '/auth/callback';

export function loginUrl(stack: AuthStack, returnTo?: string, extra: Record<string, string> = {}): URL {
  const url = new URL('/auth/login', stack.bff.url);
  if (returnTo !== undefined) url.searchParams.set('return_to', returnTo);
  for (const [key, value] of Object.entries(extra)) url.searchParams.set(key, value);
  return url;
}

/** From /auth/login to the platform's redirect back to /auth/callback (not yet followed). */
export async function loginUntilCallback(
  stack: AuthStack,
  browser: AuthTestBrowser,
  username: string,
  returnTo?: string,
): Promise<URL> {
  const page = await browser.navigate(loginUrl(stack, returnTo), {}, isCallback(stack));
  // An alive platform session sends the code at once; otherwise the login page shows.
  if (page.next && isCallback(stack)(page.next)) return page.next;
  const done = await browser.submit(loginFormAction(page), { username, password: DEMO_PASSWORD }, isCallback(stack));
  if (!done.next)
    throw new Error(
      `the platform did not redirect to the callback (status ${done.response.status}): ${done.body.slice(0, 300)}`,
    );
  return done.next;
}

/** A full login; returns where the BFF finally sent the browser. */
export async function logIn(
  stack: AuthStack,
  browser: AuthTestBrowser,
  username: string,
  returnTo?: string,
): Promise<Page> {
  const callback = await loginUntilCallback(stack, browser, username, returnTo);
  return browser.navigate(callback);
}

export async function getSession(
  stack: AuthStack,
  browser: AuthTestBrowser,
): Promise<{ status: number; text: string; json: Record<string, unknown>; response: Response }> {
  const response = await browser.fetch(new URL('/auth/session', stack.bff.url), { headers: CSRF });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) as Record<string, unknown>, response };
}
