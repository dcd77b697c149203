/**
 * The layout a sync runs: the configured one plus its companions — GovDock's own inbound tables on
 * the same front processor, which no national list defines: replies to tickets (`up_consult_reply`,
 * national-replies.json) and site announcements (`up_site_announcement`, national-announcements.json).
 * Their streams run with the main layout's, in one sync service, so `npm start`, `govdock sync` and
 * `govdock doctor` see the same streams.
 *
 * Companions come from configuration (`sync.companions`, SYNC_COMPANIONS): `default` (the shipped
 * companions of a shipped layout; none for a layout file of your own), `none`, or a comma list of
 * layout names or paths — a front processor without these tables docks with SYNC_COMPANIONS=none.
 */
import type { CompiledLayout } from './compile-stream.js';
import { loadLayout } from './load.js';

const DEFAULT_COMPANIONS: Readonly<Record<string, readonly string[]>> = {
  national: ['national-replies', 'national-announcements'],
};

export function companionsOf(layout: string, setting: string): string[] {
  const value = setting.trim();
  if (value === 'none' || value === '') return [];
  if (value === 'default') return [...(DEFAULT_COMPANIONS[layout] ?? [])];
  return value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}

export function loadSyncLayout(settings: { layout: string; companions: string }): CompiledLayout {
  const main = loadLayout(settings.layout);
  const companions = companionsOf(settings.layout, settings.companions).map((name) => loadLayout(name));
  if (companions.length === 0) return main;
  return { ...main, streams: [...main.streams, ...companions.flatMap((layout) => layout.streams)] };
}
