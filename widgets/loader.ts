/**
 * `loader.js` — the one script a site template adds:
 *
 *   <script type="module" src="https://site/govdock/widgets/0.1.0/loader.js" data-bff="…optional…"></script>
 *
 * It imports `./gov-<name>.js` (next to itself) for each `gov-*` tag on the page, once, including tags
 * added later and tags inside `<template>`s added later (so a framework stamping them finds them defined).
 * Widget files share `runtime.js`; the loader itself imports nothing, so a page without widgets loads only
 * this file.
 *
 * It also installs `window.govWidgets`, a command queue a page can fill before the loader arrives:
 *
 *   window.govWidgets = window.govWidgets || [];
 *   govWidgets.push(['on', 'gov-login-changed', (detail) => …]);
 *   govWidgets.push(['setElderMode', true]);
 *   govWidgets.push((api) => …);              // same as ['ready', fn]
 *
 * and, once loaded, `govWidgets.on(type, fn) → unsubscribe`, `govWidgets.ready(fn)`,
 * `govWidgets.setElderMode(on)` (site-wide 适老化: `data-gov-elder` on <html>, remembered in localStorage),
 * `govWidgets.bffBase`, `govWidgets.version`.
 *
 * CSP: the cloak stylesheet is adopted through `document.adoptedStyleSheets`, which `style-src` does not
 * govern, so no `'unsafe-inline'` is needed. Only browsers without constructable stylesheets get a `<style>`
 * element, carrying `window.litNonce` — the same global Lit uses for its own fallback `<style>`s. When the
 * page has not set `window.litNonce` but the loader's script tag carries a `nonce`, the loader copies it
 * there so Lit's fallback works under a nonce-based CSP as well.
 */
import { cloakCss } from './runtime/cloak.js';

/** Injected by vite.config.ts: the widget files this release ships. Absent when run from source. */
declare const __GOV_WIDGETS__: readonly string[] | undefined;
declare const __GOV_VERSION__: string | undefined;

export type GovWidgetsCommand = ((api: GovWidgetsApi) => void) | [name: string, ...args: unknown[]];

export interface GovWidgetsApi {
  readonly version: string;
  /** The BFF base URL the widgets use, without a trailing slash. */
  readonly bffBase: string;
  readonly elderMode: boolean;
  /** Runs commands now (the queue form pages use before the loader arrives). */
  push(...commands: GovWidgetsCommand[]): number;
  /** Listens to a widget event anywhere on the page; `fn` gets the JSON detail. */
  on(type: string, fn: (detail: unknown, event: Event) => void): () => void;
  /** Calls `fn` once every widget present at start-up is defined (or failed to load). */
  ready(fn?: (api: GovWidgetsApi) => void): Promise<GovWidgetsApi>;
  setElderMode(on: boolean): void;
  /** Loads the widgets under `root` now (normally the MutationObserver does this). */
  scan(root?: ParentNode): Promise<void>;
}

type GovWindow = Window & { govWidgets?: GovWidgetsApi | GovWidgetsCommand[]; litNonce?: string };

const ELDER_ATTRIBUTE = 'data-gov-elder';
const ELDER_KEY = 'govdock:elder';
const here = import.meta.url;
const win = window as GovWindow;
const known = typeof __GOV_WIDGETS__ === 'undefined' ? undefined : __GOV_WIDGETS__;
const version = typeof __GOV_VERSION__ === 'undefined' ? 'source' : __GOV_VERSION__;

const existing = win.govWidgets;
if (existing && !Array.isArray(existing)) {
  // A second loader on the page (another release, or the same one twice): the first one keeps the page.
  if (existing.version !== version)
    console.warn(`GovDock: loader ${version} found loader ${existing.version} already running; using that one`);
} else {
  start(existing ?? []);
}

function start(queue: GovWidgetsCommand[]): void {
  const script = ownScript();
  const bffBase = (
    script?.dataset.bff ? new URL(script.dataset.bff, document.baseURI).href : here.replace(/\/widgets\/.*$/, '')
  ).replace(/\/+$/, '');
  if (win.litNonce === undefined && script?.nonce) win.litNonce = script.nonce;

  const requests = new Map<string, Promise<unknown>>();
  const warned = new Set<string>();
  const warnOnce = (tag: string, message: string, error?: unknown) => {
    if (warned.has(tag)) return;
    warned.add(tag);
    console.warn(`GovDock: <${tag}> ${message}`, ...(error === undefined ? [] : [error]));
  };

  const load = (tag: string): Promise<unknown> | undefined => {
    if (customElements.get(tag)) return undefined;
    if (known && !known.includes(tag)) return void warnOnce(tag, `is not a GovDock ${version} widget`);
    let request = requests.get(tag);
    if (!request) {
      // Concatenation, not a template literal, keeps the bundler from rewriting this into a glob import.
      request = import(new URL('./' + tag + '.js', here).href).then(
        () => customElements.whenDefined(tag),
        (error: unknown) => warnOnce(tag, 'could not be loaded', error),
      );
      requests.set(tag, request);
    }
    return request;
  };

  const collect = (root: ParentNode, found: Set<string>): void => {
    if (root instanceof HTMLTemplateElement) return collect(root.content, found);
    if (root instanceof Element && root.localName.startsWith('gov-')) found.add(root.localName);
    for (const element of root.querySelectorAll('*')) {
      if (element.localName.startsWith('gov-')) found.add(element.localName);
      // Template content is a separate fragment that querySelectorAll does not enter.
      else if (element instanceof HTMLTemplateElement) collect(element.content, found);
    }
  };

  const scan = async (root: ParentNode = document): Promise<void> => {
    const found = new Set<string>();
    collect(root, found);
    await Promise.all([...found].map(load));
  };

  const adoptCloak = (): void => {
    const text = cloakCss(known ?? ['gov-login']);
    if ('adoptedStyleSheets' in Document.prototype && 'replaceSync' in CSSStyleSheet.prototype) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(text);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    } else {
      const style = document.createElement('style');
      if (win.litNonce) style.nonce = win.litNonce;
      style.textContent = text;
      document.head.append(style);
    }
  };

  const setElderMode = (on: boolean): void => {
    document.documentElement.toggleAttribute(ELDER_ATTRIBUTE, on);
    try {
      if (on) localStorage.setItem(ELDER_KEY, '1');
      else localStorage.removeItem(ELDER_KEY);
    } catch {
      // Storage can be blocked (privacy settings, sandboxed frames): the switch still works for this page.
    }
  };

  adoptCloak();
  try {
    if (localStorage.getItem(ELDER_KEY) === '1') document.documentElement.setAttribute(ELDER_ATTRIBUTE, '');
  } catch {
    // see setElderMode
  }
  const initial = scan();

  const api: GovWidgetsApi = {
    version,
    bffBase,
    get elderMode() {
      return document.documentElement.hasAttribute(ELDER_ATTRIBUTE);
    },
    push(...commands) {
      for (const command of commands) run(command);
      return 0;
    },
    on(type, fn) {
      const listener = (event: Event) => fn((event as CustomEvent).detail, event);
      document.addEventListener(type, listener);
      return () => document.removeEventListener(type, listener);
    },
    async ready(fn) {
      await initial;
      fn?.(api);
      return api;
    },
    setElderMode,
    scan,
  };

  function run(command: GovWidgetsCommand): void {
    try {
      if (typeof command === 'function') return void api.ready(command);
      const [name, ...args] = command;
      const method = (api as unknown as Record<string, unknown>)[name as string];
      if (name === 'push' || typeof method !== 'function') return void console.warn(`GovDock: unknown command ${name}`);
      (method as (...values: unknown[]) => unknown).apply(api, args);
    } catch (error) {
      // One page script's bad command must not stop the others in the queue.
      console.warn('GovDock: command failed', command, error);
    }
  }

  win.govWidgets = api;
  queue.forEach(run);

  new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) if (node instanceof Element) void scan(node);
  }).observe(document.documentElement, { childList: true, subtree: true });
}

/** `document.currentScript` is null for module scripts, so find our tag by its URL. */
function ownScript(): HTMLScriptElement | undefined {
  const scripts = [...document.querySelectorAll<HTMLScriptElement>('script[src]')];
  return scripts.find((script) => script.src === here) ?? scripts.find((script) => script.dataset.bff);
}
