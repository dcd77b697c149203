/**
 * Page-wide singletons. Two copies of the runtime can end up on one page (a site bundles a widget
 * and also loads the script tag); keeping state under a registered symbol on globalThis makes them
 * share one BFF client, one session store and one event stream instead of fighting.
 */
const KEY = Symbol.for('govdock.runtime');

type Registry = Record<string, unknown>;

export function shared<T>(name: string, make: () => T): T {
  const g = globalThis as typeof globalThis & { [KEY]?: Registry };
  const registry = (g[KEY] ??= {});
  return (registry[name] ??= make()) as T;
}
