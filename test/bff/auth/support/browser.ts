/**
 * A fetch-driven browser for the login protocol, shared by the BFF auth tests, the development
 * platform's tests and the login benchmark: one cookie jar over several origins (the BFF, the
 * platform, sites), manual redirects, and a stop rule so a test can hold the callback URL in hand
 * (to replay it, forge it, or drop the flow cookie) before anyone sees it.
 *
 * Cookies are kept per origin (scheme, host and port) and path, with expiry — simpler than a real
 * browser, which keys them by host alone; the Chromium tests cover that difference.
 */
interface Cookie {
  origin: string;
  name: string;
  value: string;
  path: string;
}

export interface Page {
  response: Response;
  /** Read once; empty when navigation stopped at a redirect. */
  body: string;
  /** The URL of `response`. */
  url: URL;
  /** Set when navigation stopped at a redirect instead of following it: where the browser would go. */
  next?: URL;
}

export class AuthTestBrowser {
  private readonly jar = new Map<string, Cookie>();
  private readonly origins: readonly string[];
  /** Every Set-Cookie line seen, for attribute assertions. */
  readonly setCookieLines: string[] = [];

  /**
   * `origins`: where this browser follows redirects to; a redirect anywhere else (a host page, a
   * client of the platform) is a stop. The first one is the base of relative URLs.
   */
  constructor(origins: string | readonly string[]) {
    this.origins = (typeof origins === 'string' ? [origins] : origins).map((origin) => new URL(origin).origin);
  }

  cookie(origin: string, name: string): string | undefined {
    return [...this.jar.values()].find((cookie) => cookie.origin === origin && cookie.name === name)?.value;
  }

  cookieNames(origin: string): string[] {
    return [...this.jar.values()].filter((cookie) => cookie.origin === origin).map((cookie) => cookie.name);
  }

  hasCookies(origin?: string): boolean {
    return [...this.jar.values()].some((cookie) => origin === undefined || cookie.origin === origin);
  }

  setCookie(origin: string, name: string, value: string): void {
    this.jar.set(`${origin}|${name}|/`, { origin, name, value, path: '/' });
  }

  deleteCookie(origin: string, name: string): void {
    for (const [key, cookie] of this.jar) if (cookie.origin === origin && cookie.name === name) this.jar.delete(key);
  }

  private resolve(input: string | URL): URL {
    return new URL(input, this.origins[0]);
  }

  private header(url: URL): string {
    return [...this.jar.values()]
      .filter(
        (cookie) =>
          cookie.origin === url.origin &&
          (url.pathname === cookie.path || url.pathname.startsWith(cookie.path.replace(/\/?$/, '/'))),
      )
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }

  private store(url: URL, response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      this.setCookieLines.push(line);
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = url.pathname.replace(/\/[^/]*$/, '') || '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [key = '', attrValue = ''] = attribute.split('=');
        if (key.toLowerCase() === 'path') path = attrValue;
        if (key.toLowerCase() === 'expires' && Date.parse(attrValue) <= Date.now()) expired = true;
        if (key.toLowerCase() === 'max-age' && Number(attrValue) <= 0) expired = true;
      }
      const key = `${url.origin}|${name}|${path}`;
      if (expired) this.jar.delete(key);
      else this.jar.set(key, { origin: url.origin, name, value, path });
    }
  }

  /** One request, cookies attached and stored, no redirect following. */
  async fetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
    const url = this.resolve(input);
    const headers = new Headers(init.headers);
    const cookie = this.header(url);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.store(url, response);
    return response;
  }

  /**
   * Follows redirects like a top-level navigation, stopping before a URL outside `origins` or one
   * for which `stopBefore` is true.
   */
  async navigate(input: string | URL, init: RequestInit = {}, stopBefore?: (url: URL) => boolean): Promise<Page> {
    let url = this.resolve(input);
    let response = await this.fetch(url, init);
    for (let hops = 0; hops < 15; hops += 1) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        return { response, url, body: await response.text() };
      }
      await response.body?.cancel();
      const next = new URL(location, url);
      if (!this.origins.includes(next.origin) || stopBefore?.(next)) return { response, url, body: '', next };
      url = next;
      response = await this.fetch(url);
    }
    throw new Error('too many redirects');
  }

  /** Submits a form the way a browser does (urlencoded POST) and follows the redirects. */
  async submit(
    action: string | URL,
    fields: Record<string, string>,
    stopBefore?: (url: URL) => boolean,
  ): Promise<Page> {
    return this.navigate(
      action,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      },
      stopBefore,
    );
  }
}

/** The `action` of the first form whose action ends with `suffix`, as written in the page. */
export function formAction(html: string, suffix: string): string {
  for (const match of html.matchAll(/<form[^>]*\saction="([^"]+)"/g)) {
    const action = (match[1] ?? '').replaceAll('&amp;', '&');
    if (action.endsWith(suffix)) return action;
  }
  throw new Error(`no form ending with ${suffix}`);
}

/** The platform login form's action (the first form posting to `…/login`), resolved against the page. */
export function loginFormAction(page: Page): URL {
  try {
    return new URL(formAction(page.body, '/login'), page.url);
  } catch {
    throw new Error(`no login form at ${page.url.href} (status ${page.response.status})`);
  }
}

/** A hidden input's value (the xsrf token of oidc-provider's logout form). */
export function hiddenValue(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match?.[1]) throw new Error(`no hidden input ${name}`);
  return match[1];
}
