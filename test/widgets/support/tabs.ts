import { waitUntil } from '@open-wc/testing';
import type { TabRuntime } from './tab.js';

export interface Tab {
  frame: HTMLIFrameElement;
  runtime: TabRuntime;
  /** Closing the iframe ends its page: its Web Lock is released and its EventSource closed. */
  close(): void;
}

/** Opens a same-origin iframe running its own copy of the runtime against `bffBase`. */
export async function openTab(bffBase: string): Promise<Tab> {
  const frame = document.createElement('iframe');
  frame.src = new URL(`./tab.html?bff=${encodeURIComponent(bffBase)}`, import.meta.url).href;
  frame.title = 'runtime test tab';
  document.body.append(frame);
  const window = () => frame.contentWindow as (Window & { govdockRuntime?: TabRuntime }) | null;
  await waitUntil(() => window()?.govdockRuntime, 'the tab did not load the runtime', { timeout: 10000 });
  return { frame, runtime: window()?.govdockRuntime as TabRuntime, close: () => frame.remove() };
}
