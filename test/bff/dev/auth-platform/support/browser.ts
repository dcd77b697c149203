/**
 * A tiny browser for driving the platform with fetch: a cookie jar (name + path, expiry) and
 * manual redirects, stopping where a redirect leaves the platform's origin (the client's callback).
 */
interface Cookie {
  name: string;
  value: string;
  path: string;
}

export interface Navigation {
  /** The last response received from the platform. */
  response: Response;
  /** Its body, read once. */
  body: string;
  /** Set when a redirect left the platform: the URL the browser would now load. */
  external?: URL;
}

export class TestBrowser {
  private readonly cookies = new Map<string, Cookie>();

  constructor(private readonly origin: string) {}

  private cookieHeader(url: URL): string {
    return [...this.cookies.values()]
      .filter((cookie) => url.pathname === cookie.path || url.pathname.startsWith(cookie.path.replace(/\/?$/, '/')))
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }

  private store(url: URL, response: Response): void {
    for (const line of response.headers.getSetCookie()) {
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
      const key = `${name};${path}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { name, value, path });
    }
  }

  hasCookies(): boolean {
    return this.cookies.size > 0;
  }

  /** One request, cookies attached and stored, no redirect following. */
  async fetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
    const url = new URL(input, this.origin);
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(url);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.store(url, response);
    return response;
  }

  /** Follows redirects within the platform, as a browser would for a top-level navigation. */
  async navigate(input: string | URL, init: RequestInit = {}): Promise<Navigation> {
    let url = new URL(input, this.origin);
    let response = await this.fetch(url, init);
    for (let hops = 0; hops < 10; hops += 1) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        return { response, body: await response.text() };
      }
      await response.body?.cancel();
      url = new URL(location, url);
      if (url.origin !== this.origin) return { response, body: '', external: url };
      response = await this.fetch(url);
    }
    throw new Error('too many redirects');
  }

  /** Submits a form the way a browser does (urlencoded POST) and follows the redirects. */
  async submit(action: string, fields: Record<string, string>): Promise<Navigation> {
    return this.navigate(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }
}

/** The `action` of the first form whose action ends with `suffix`. */
export function formAction(html: string, suffix: string): string {
  for (const match of html.matchAll(/<form[^>]*\saction="([^"]+)"/g)) {
    const action = (match[1] ?? '').replaceAll('&amp;', '&');
    if (action.endsWith(suffix)) return action;
  }
  throw new Error(`no form ending with ${suffix}`);
}

/** The xsrf token of oidc-provider's logout form. */
export function hiddenValue(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match?.[1]) throw new Error(`no hidden input ${name}`);
  return match[1];
}
