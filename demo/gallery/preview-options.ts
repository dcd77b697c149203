/**
 * The gallery's switches, carried in URLs: the gallery page's own address (so a designer can share
 * "elder mode, English, live") and each preview frame's address.
 */
export type DataMode = 'msw' | 'live';

export interface PreviewOptions {
  mode: DataMode;
  elder: boolean;
  lang: 'zh-CN' | 'en';
  theme: 'default' | 'high-contrast';
  widget: string;
  state: string;
  /** Which frame of the gallery this is, for messages back to it. */
  frame: string;
}

export function readPreviewOptions(params: URLSearchParams): PreviewOptions {
  return {
    mode: params.get('mode') === 'live' ? 'live' : 'msw',
    elder: params.get('elder') === '1',
    lang: params.get('lang') === 'en' ? 'en' : 'zh-CN',
    theme: params.get('theme') === 'high-contrast' ? 'high-contrast' : 'default',
    widget: params.get('widget') ?? '',
    state: params.get('state') ?? '',
    frame: params.get('frame') ?? '',
  };
}

/** Only non-default switches go into a URL, so the plain gallery address stays plain. */
export function writePreviewOptions(options: Partial<PreviewOptions>): URLSearchParams {
  const params = new URLSearchParams();
  if (options.widget) params.set('widget', options.widget);
  if (options.state) params.set('state', options.state);
  if (options.mode === 'live') params.set('mode', 'live');
  if (options.elder) params.set('elder', '1');
  if (options.lang === 'en') params.set('lang', 'en');
  if (options.theme === 'high-contrast') params.set('theme', 'high-contrast');
  if (options.frame) params.set('frame', options.frame);
  return params;
}

export type GalleryMessage =
  | { source: 'govdock-gallery'; type: 'size'; frame: string; height: number }
  | { source: 'govdock-gallery'; type: 'ready'; frame: string };

/** Omit applied to each member of the union, so `type` still narrows the rest. */
type WithoutSource<M> = M extends unknown ? Omit<M, 'source'> : never;
type Payload = WithoutSource<GalleryMessage>;

export function messageToGallery(payload: Payload): void {
  if (window.parent === window) return;
  // Same origin only: the gallery and its frames are one site; nothing else should hear or send these.
  window.parent.postMessage({ source: 'govdock-gallery', ...payload }, location.origin);
}

export function isGalleryMessage(event: MessageEvent): event is MessageEvent<GalleryMessage> {
  const data = event.data as { source?: unknown } | null;
  return event.origin === location.origin && data?.source === 'govdock-gallery';
}
