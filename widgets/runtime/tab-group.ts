import { resolveBffBase } from './bff-client.js';
import { shared } from './global.js';

/** A message between the pages of one tab group; `b` (the BFF base) is added on send. */
export type GroupMessage = Record<string, unknown>;
type Handler = (message: GroupMessage) => void;

/**
 * One BroadcastChannel('govdock') per page, shared by the session store and the event stream.
 * Messages carry the BFF base and are dropped by pages that talk to another BFF on the same origin
 * (and by parallel test pages, each with its own base).
 */
function group(): { channel: BroadcastChannel | undefined; handlers: Map<string, Set<Handler>> } {
  return shared('group', () => {
    const handlers = new Map<string, Set<Handler>>();
    const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('govdock') : undefined;
    if (channel)
      channel.onmessage = ({ data }: MessageEvent<GroupMessage | null>) => {
        if (data?.b === resolveBffBase()) handlers.get(data.t as string)?.forEach((handler) => handler(data));
      };
    return { channel, handlers };
  });
}

export function hasTabGroup(): boolean {
  return !!group().channel;
}

export function broadcast(type: string, message: GroupMessage = {}): void {
  group().channel?.postMessage({ ...message, t: type, b: resolveBffBase() });
}

export function onBroadcast(type: string, handler: Handler): void {
  const { handlers } = group();
  if (!handlers.get(type)?.add(handler)) handlers.set(type, new Set([handler]));
}
