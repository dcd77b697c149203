import { LitElement, type CSSResultGroup, type PropertyDeclarations } from 'lit';
import { BffError, localizeError } from './bff-client.js';
import { shared } from './global.js';
import { normalizeLocale, translate, type Locale, type MessageParams, type Strings } from './i18n.js';
import { govBaseStyles } from './gov-element.styles.js';

export interface GovErrorDetail {
  code: string;
  message: string;
}

/** What the page-wide observer calls; a method, not a class check, so two runtime copies share it. */
interface SiteWatcher {
  govSiteChanged(): void;
}

function siteElder(): boolean {
  const value = document.documentElement.getAttribute('data-gov-elder');
  return value !== null && value !== 'false';
}

function closestLang(element: Element): string | null {
  const found = element.closest('[lang]');
  const host = (element.getRootNode() as ShadowRoot).host as Element | undefined;
  return found ? found.getAttribute('lang') : host ? closestLang(host) : null;
}

/** One MutationObserver per page for `<html lang>` and the site-wide 适老化 switch. */
function siteWatchers(): Set<SiteWatcher> {
  return shared('siteWatchers', () => {
    const watchers = new Set<SiteWatcher>();
    new MutationObserver(() => watchers.forEach((watcher) => watcher.govSiteChanged())).observe(
      document.documentElement,
      { attributeFilter: ['lang', 'data-gov-elder'] },
    );
    return watchers;
  });
}

/**
 * Base class of every `gov-*` widget.
 *
 * @attr lang - locale for this element and its subtree; else the closest ancestor's, else `<html lang>`
 * @attr elder - 适老化 mode: larger text and targets, high-contrast colours. `data-gov-elder` on
 *   `<html>` switches it on site-wide (mirrored onto the host as `data-gov-elder`).
 * @fires gov-ready - once, after the first render
 * @fires gov-error - `{ code, message }` when a widget reports a failure
 */
export abstract class GovElement extends LitElement {
  /** The release this class belongs to; `defineElement` compares it. Subclasses set it. */
  static version = '0.0.0';
  /** The widget's strings; subclasses set their own table. */
  static strings: Strings = { 'zh-CN': {}, en: {} };
  static override styles: CSSResultGroup = govBaseStyles;
  static override properties: PropertyDeclarations = {
    elder: { type: Boolean, reflect: true },
  };

  declare elder: boolean;
  #readySent = false;

  constructor() {
    super();
    this.elder = false;
  }

  // `lang` stays the native property; observing the attribute is enough to re-render on change.
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang') this.requestUpdate();
  }

  /** The locale in effect: own `lang`, else the closest ancestor's (across shadow roots), else zh-CN. */
  get locale(): Locale {
    return normalizeLocale(closestLang(this));
  }

  /** Whether 适老化 mode applies, by attribute or site-wide. */
  get isElder(): boolean {
    return this.elder || siteElder();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    siteWatchers().add(this);
    this.govSiteChanged();
    // Accessibility toolbars re-parent page content; a widget moved around must not announce itself again.
    if (!this.#readySent)
      void this.updateComplete.then(() => {
        if (!this.#readySent) this.emit('gov-ready', null);
        this.#readySent = true;
      });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    siteWatchers().delete(this);
  }

  /** @internal called by the page-wide observer */
  govSiteChanged(): void {
    this.toggleAttribute('data-gov-elder', siteElder());
    this.requestUpdate();
  }

  /** A string from the widget's table in the element's locale, `{name}` placeholders filled. */
  t(key: string, params?: MessageParams): string {
    return translate((this.constructor as typeof GovElement).strings, this.locale, key, params);
  }

  /** Dispatches a bubbling, composed CustomEvent; returns false when a listener cancelled it. */
  emit<T>(name: string, detail: T, cancelable = false): boolean {
    return this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
  }

  /** Emits `gov-error` for `error` and returns its detail, the message ready to render. */
  reportError(error: unknown): GovErrorDetail {
    const detail = {
      code: error instanceof BffError ? error.code : 'unknown',
      message: localizeError(error, this.locale),
    };
    this.emit('gov-error', detail);
    return detail;
  }
}
