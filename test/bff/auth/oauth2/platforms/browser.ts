/** The browser's part of a login: follow the platform's authorize redirect back to our callback. */
export async function followToCallback(authorizationUrl: URL, redirectUri: string): Promise<URL> {
  const response = await fetch(authorizationUrl, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) {
    throw new Error(`platform did not redirect (${response.status}): ${await response.text()}`);
  }
  const callback = new URL(location);
  if (!callback.href.startsWith(redirectUri)) throw new Error(`redirected elsewhere: ${callback.href}`);
  return callback;
}
