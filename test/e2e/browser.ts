/**
 * Chromium for the end-to-end tests (Debian's, never a downloaded one) and what every page is
 * watched for: console errors, uncaught exceptions, CSP violations, `gov-*` events; plus axe.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** What the init script below collects in every frame. */
export interface PageRecord {
  csp: string[];
  events: { type: string; tag: string; detail: unknown }[];
}

/**
 * Runs before any page script in every frame: records CSP violations (the event fires even when the
 * console message is suppressed) and the widget events a host page would listen to.
 */
function recordInPage(): void {
  const record = { csp: [] as string[], events: [] as { type: string; tag: string; detail: unknown }[] };
  (window as unknown as { __govdockE2e: typeof record }).__govdockE2e = record;
  document.addEventListener('securitypolicyviolation', (event) => {
    record.csp.push(
      `${event.violatedDirective} blocked ${event.blockedURI || '(inline)'} at ${event.sourceFile}:${event.lineNumber}`,
    );
  });
  for (const type of ['gov-ready', 'gov-error', 'gov-login-changed'])
    document.addEventListener(
      type,
      (event) => {
        const target = event.composedPath()[0] as Element | undefined;
        record.events.push({ type, tag: target?.localName ?? '', detail: (event as CustomEvent).detail ?? null });
      },
      true,
    );
}

export async function newWatchedContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'zh-CN' });
  await context.addInitScript(recordInPage);
  return context;
}

export interface WatchedPage {
  page: Page;
  /** Console errors and uncaught exceptions, in order. */
  errors: string[];
  record(frame?: Frame | Page): Promise<PageRecord>;
}

export async function watchPage(context: BrowserContext): Promise<WatchedPage> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`exception: ${error.message}`));
  return {
    page,
    errors,
    record: (frame = page) => frame.evaluate(() => (window as unknown as { __govdockE2e: PageRecord }).__govdockE2e),
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * axe-core on `selector` (or the whole document) of a page or frame. Evaluated through DevTools, so a
 * strict page CSP neither blocks axe nor records a violation for it. Frames are checked one by one.
 */
export async function runAxe(target: Page | Frame, selector?: string): Promise<AxeViolation[]> {
  const hasAxe = await target.evaluate(() => 'axe' in window);
  if (!hasAxe) await target.evaluate(axeSource);
  return target.evaluate(async (scope) => {
    interface AxeResult {
      violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
    }
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResult> } }).axe;
    const context = scope ? document.querySelector(scope) : document;
    if (!context) throw new Error(`axe: nothing matches ${scope}`);
    const result = await axe.run(context, { iframes: false, resultTypes: ['violations'] });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => JSON.stringify(node.target)),
    }));
  }, selector ?? null);
}

export function describeViolations(where: string, violations: AxeViolation[]): string {
  return `${where}: ${violations.length} axe violation(s)\n${violations
    .map(
      (violation) =>
        `  ${violation.id} (${violation.impact ?? '?'}): ${violation.help} → ${violation.targets.join(', ')}`,
    )
    .join('\n')}`;
}
